//! A reader that gives up when the other side sends nothing for too long (a stalled link), so a
//! sync never hangs for ever. The limit is `$PLP_SYNC_TIMEOUT` seconds (300 unless set).

use std::io::Read;
use std::os::fd::{AsRawFd, RawFd};
use std::time::Duration;

/// The longest wait for the other side: `$PLP_SYNC_TIMEOUT` seconds, else five minutes.
pub fn limit() -> Duration {
    std::env::var("PLP_SYNC_TIMEOUT")
        .ok()
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s > 0.0)
        .map(Duration::from_secs_f64)
        .unwrap_or(Duration::from_secs(300))
}

/// Reads from a pipe, failing with `TimedOut` when nothing arrives within the limit.
pub struct TimedReader<R> {
    inner: R,
    fd: RawFd,
    limit: Duration,
}

impl<R: Read + AsRawFd> TimedReader<R> {
    /// Wraps a pipe.
    pub fn new(inner: R, limit: Duration) -> Self {
        let fd = inner.as_raw_fd();
        TimedReader { inner, fd, limit }
    }
}

impl<R: Read> Read for TimedReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let mut fds = libc::pollfd {
            fd: self.fd,
            events: libc::POLLIN,
            revents: 0,
        };
        let ms = self.limit.as_millis().min(i32::MAX as u128) as i32;
        loop {
            // SAFETY: one valid pollfd, for a descriptor `inner` keeps open.
            let n = unsafe { libc::poll(&mut fds, 1, ms) };
            if n > 0 {
                return self.inner.read(buf);
            }
            if n == 0 {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::TimedOut,
                    "timed out",
                ));
            }
            let e = std::io::Error::last_os_error();
            if e.kind() != std::io::ErrorKind::Interrupted {
                return Err(e);
            }
        }
    }
}

/// The sentence for a wait that ran out, saying what had been kept when the client knows.
pub fn stalled(progress: Option<&super::Progress>) -> String {
    let kept = progress.map_or_else(|| "what had arrived was kept".to_string(), |p| p.kept());
    format!(
        "the other side sent nothing for {} seconds, so the sync was stopped (a stalled link?); \
         {kept}; set PLP_SYNC_TIMEOUT to wait longer",
        limit().as_secs_f64().round()
    )
}
