//! Conference night for 500 students through the binary: one printout each in a folder, as PDF
//! and as HTML, and all of them in one PDF.
//!
//! Run: `cargo bench --bench printouts`.

use std::process::Command;
use std::time::{Duration, Instant};

const STUDENTS: usize = 500;
const RUNS: usize = 3;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// CPU time used by the finished child processes so far (user and system): on a shared machine
/// the wall clock says how loaded it is, this says how much work was done.
fn children_cpu() -> Duration {
    // SAFETY: an all-zero rusage is a valid value for the call to fill in.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `u` is a valid rusage for the call to fill in.
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut u) };
    let t = |v: libc::timeval| Duration::new(v.tv_sec as u64, v.tv_usec as u32 * 1000);
    t(u.ru_utime) + t(u.ru_stime)
}

fn main() {
    let plp = env!("CARGO_BIN_EXE_plp");
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("caseload.db");
    let ok = Command::new(plp)
        .args([
            "demo",
            "--no-open",
            "--students",
            &STUDENTS.to_string(),
            "--db",
        ])
        .arg(&db)
        .status()
        .expect("plp demo")
        .success();
    assert!(ok);
    for (what, format, extra) in [
        (
            "500 printouts as PDF, one file each, and an index",
            "pdf",
            None,
        ),
        (
            "500 printouts as HTML, one file each, and an index",
            "html",
            None,
        ),
        ("500 printouts in one PDF", "pdf", Some("--one-file")),
        ("500 printouts in one HTML file", "html", Some("--one-file")),
    ] {
        let mut times = Vec::new();
        let mut cpus = Vec::new();
        let mut bytes = 0u64;
        for run in 0..RUNS {
            let out = dir
                .path()
                .join(format!("{format}-{run}-{}", extra.is_some()));
            let t = Instant::now();
            let cpu = children_cpu();
            let mut c = Command::new(plp);
            c.args([
                "export", "--all", "--format", format, "--paper", "a4", "--out",
            ])
            .arg(&out)
            .arg("--db")
            .arg(&db);
            if let Some(e) = extra {
                c.arg(e);
            }
            let ok = c.status().expect("plp export").success();
            times.push(t.elapsed());
            cpus.push(children_cpu() - cpu);
            assert!(ok, "{what}");
            bytes = if out.is_dir() {
                std::fs::read_dir(&out)
                    .unwrap()
                    .map(|e| e.unwrap().metadata().unwrap().len())
                    .sum()
            } else {
                std::fs::metadata(&out).unwrap().len()
            };
        }
        println!(
            "{what}: {:.2} s, {:.2} s of CPU (medians of {RUNS}), {:.1} MB written",
            median(times).as_secs_f64(),
            median(cpus).as_secs_f64(),
            bytes as f64 / 1e6
        );
    }
}
