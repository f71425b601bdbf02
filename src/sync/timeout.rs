//! A reader that gives up when the other side sends nothing for too long (a stalled link), so a
//! sync never hangs for ever. The limit is `$PLP_SYNC_TIMEOUT` seconds (300 unless set).

use std::io::Read;
use std::os::fd::{AsRawFd, RawFd};
use std::time::Duration;

/// The longest wait for the other side: `$PLP_SYNC_TIMEOUT` seconds, else five minutes. A value
/// that is not a positive number of seconds is refused in one sentence, not passed over: the
/// person who set it expects the wait they asked for.
pub fn limit() -> Result<Duration, String> {
    match std::env::var("PLP_SYNC_TIMEOUT") {
        Ok(v) if !v.trim().is_empty() => read_limit(&v),
        _ => Ok(USUAL),
    }
}

/// The wait when `PLP_SYNC_TIMEOUT` names none.
pub const USUAL: Duration = Duration::from_secs(300);

/// A wait as `PLP_SYNC_TIMEOUT` gives it: seconds, optionally followed by `s`.
fn read_limit(v: &str) -> Result<Duration, String> {
    let t = v.trim();
    t.strip_suffix('s')
        .unwrap_or(t)
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s > 0.0 && *s < 1e9)
        .map(Duration::from_secs_f64)
        .ok_or_else(|| {
            format!(
                "PLP_SYNC_TIMEOUT is \"{}\", which is not a number of seconds (such as 600 for \
                 ten minutes); nothing was synced",
                crate::domain::clean_line(t)
            )
        })
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
        "the other side sent nothing for {}, so the sync was stopped (a stalled link?); \
         {kept}; set PLP_SYNC_TIMEOUT to wait longer",
        wait_words(limit().unwrap_or(USUAL))
    )
}

/// A wait as a person says it: "1 second", "90 seconds", "5 minutes", "0.5 seconds".
fn wait_words(wait: Duration) -> String {
    let secs = wait.as_secs_f64();
    if secs < 1.0 {
        return format!("{} seconds", (secs * 10.0).round().max(1.0) / 10.0);
    }
    let whole = secs.round() as u64;
    match whole {
        1 => "1 second".into(),
        60 => "1 minute".into(),
        m if m >= 120 && m % 60 == 0 => format!("{} minutes", m / 60),
        s => format!("{s} seconds"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wait_is_said_as_a_person_says_it() {
        let said = |s: f64| wait_words(Duration::from_secs_f64(s));
        assert_eq!(said(1.0), "1 second");
        assert_eq!(said(20.0), "20 seconds");
        assert_eq!(said(60.0), "1 minute");
        assert_eq!(said(90.0), "90 seconds");
        assert_eq!(said(300.0), "5 minutes");
        assert_eq!(said(0.5), "0.5 seconds");
        assert_eq!(said(0.01), "0.1 seconds");
    }

    #[test]
    fn a_wait_is_read_in_seconds_and_anything_else_is_said() {
        assert_eq!(read_limit("600"), Ok(Duration::from_secs(600)));
        assert_eq!(read_limit(" 90s "), Ok(Duration::from_secs(90)));
        assert_eq!(read_limit("0.5"), Ok(Duration::from_millis(500)));
        for bad in ["abc", "10m", "0", "-5", "inf", "NaN"] {
            let said = read_limit(bad).unwrap_err();
            assert!(
                said.starts_with(&format!("PLP_SYNC_TIMEOUT is \"{bad}\", which is not")),
                "{said}"
            );
        }
    }
}
