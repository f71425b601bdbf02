//! Timing a plp command as a whole process: wall time, the processor time it used and its peak
//! memory, for the benchmarks that run the release binary.

use std::process::Command;
use std::time::Instant;

/// Runs one command to the end; its wall time, processor time (s) and peak resident memory (kB).
pub fn measure(cmd: &mut Command) -> (f64, f64, i64) {
    let start = Instant::now();
    let mut child = cmd
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("start plp");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child, writing its status and usage into locals.
    let rc = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(rc, pid, "wait for plp");
    let _ = child.try_wait();
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "a plp command failed"
    );
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    (
        start.elapsed().as_secs_f64(),
        secs(usage.ru_utime) + secs(usage.ru_stime),
        usage.ru_maxrss,
    )
}
