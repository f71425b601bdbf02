//! The year turning over on the 5,000-student demo: `plp rollover` through the binary, the first
//! time (every student's new plan, last year's active goals and strategies carried) and again
//! (nothing to do), and a dry run.
//!
//! Run: `cargo bench --bench rollover_speed`.

use std::process::Command;
use std::time::{Duration, Instant};

const STUDENTS: usize = 5_000;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

fn main() {
    let plp = env!("CARGO_BIN_EXE_plp");
    let dir = tempfile::tempdir().expect("temp dir");
    let demo = dir.path().join("demo.db");
    let ok = Command::new(plp)
        .args([
            "demo",
            "--no-open",
            "--students",
            &STUDENTS.to_string(),
            "--db",
        ])
        .arg(&demo)
        .env("XDG_CONFIG_HOME", dir.path())
        .status()
        .expect("plp demo")
        .success();
    assert!(ok);
    let rollover = |db: &std::path::Path, extra: &[&str]| {
        let t = Instant::now();
        let out = Command::new(plp)
            .args(["rollover", "--to", "2027-28"])
            .args(extra)
            .arg("--db")
            .arg(db)
            .env("XDG_CONFIG_HOME", dir.path())
            .output()
            .expect("plp rollover");
        let took = t.elapsed();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        (
            took,
            String::from_utf8_lossy(&out.stdout).trim().to_string(),
        )
    };
    let (mut first, mut again, mut dry) = (Vec::new(), Vec::new(), Vec::new());
    let mut summary = String::new();
    for run in 0..3 {
        let db = dir.path().join(format!("run-{run}.db"));
        // A consistent copy to roll over, so each run starts from the same year.
        let ok = Command::new(plp)
            .arg("backup")
            .arg(&db)
            .arg("--db")
            .arg(&demo)
            .env("XDG_CONFIG_HOME", dir.path())
            .status()
            .expect("plp backup")
            .success();
        assert!(ok);
        dry.push(rollover(&db, &["--dry-run"]).0);
        let (t, out) = rollover(&db, &[]);
        first.push(t);
        summary = out.lines().last().unwrap_or_default().to_string();
        again.push(rollover(&db, &[]).0);
    }
    println!("rollover of {STUDENTS} students: {summary}");
    println!("  first rollover        median {}", secs(median(first)));
    println!("  again (nothing to do) median {}", secs(median(again)));
    println!("  dry run               median {}", secs(median(dry)));
}
