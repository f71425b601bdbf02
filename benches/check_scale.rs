//! `plp check` at 5,000 students and, with `PLP_BENCH_50K`, at 50,000 beside it in the same run,
//! and how many times the 5,000-student time the 50,000-student one is (the aim: at most 10×).
//! SQLite's own integrity check, which `plp check` runs first, is timed apart as well.
//!
//! Run: `cargo build --release && cargo bench --bench check_scale`. `PLP_BENCH_50K=1` adds
//! 50,000 students (the demo takes many minutes to make and about 2 GB of disk);
//! `PLP_BENCH_50K=FILE` and `PLP_BENCH_5K=FILE` check a copy of an existing demo file instead
//! of making one (the file itself is never written; `PLP_BENCH_DIR` names where the copies go,
//! e.g. a folder in memory). `PLP_BENCH_ROUNDS` (default 3) is how many
//! times each size is checked, the sizes taking turns; the best of each is compared. Figures
//! are wall time, the processor time the command used (user and system: less bent by other
//! work on the machine) and peak resident memory. `PLP_BENCH_BEFORE=PATH` names a second plp
//! binary (an earlier build) that is timed beside this one, taking turns with it in each round,
//! so that before and after are measured in the same sitting.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

#[path = "common/measure.rs"]
mod measure;
use measure::measure;

/// SQLite's integrity check alone, with the page cache `plp check` gives it: wall and
/// processor time of this thread.
fn integrity(db: &Path) -> (f64, f64) {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("open the file");
    conn.execute_batch("PRAGMA cache_size = -24576")
        .expect("cache size");
    let cpu = || {
        let mut t: libc::timespec = unsafe { std::mem::zeroed() };
        // SAFETY: writes the calling thread's processor time into a local.
        unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
        t.tv_sec as f64 + t.tv_nsec as f64 / 1e9
    };
    let (start, c0) = (Instant::now(), cpu());
    let s: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity check");
    assert_eq!(s, "ok");
    (start.elapsed().as_secs_f64(), cpu() - c0)
}

/// The file to check at `n` students: a copy of the one named by `var`, or a new demo.
fn file(n: usize, var: &str, dir: &Path, plp: &Path) -> PathBuf {
    let db = dir.join(format!("d{n}.db"));
    match std::env::var(var) {
        Ok(from) if from != "1" => {
            std::fs::copy(&from, &db).expect("copy the demo file");
        }
        _ => {
            let ok = Command::new(plp)
                .args(["demo", "--no-open", "--students", &n.to_string(), "--db"])
                .arg(&db)
                .stdout(std::process::Stdio::null())
                .status()
                .expect("plp demo");
            assert!(ok.success(), "plp demo");
        }
    }
    // The first check folds a write-ahead log left behind into the file.
    measure(Command::new(plp).arg("--db").arg(&db).arg("check"));
    db
}

#[derive(Default)]
struct Best {
    wall: f64,
    cpu: f64,
    kb: i64,
    sqlite_wall: f64,
    sqlite_cpu: f64,
}

fn main() {
    let plp = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/plp");
    assert!(
        plp.exists(),
        "build the release binary first: cargo build --release"
    );
    let mut builds = vec![("this build", plp.clone())];
    if let Some(before) = std::env::var_os("PLP_BENCH_BEFORE") {
        builds.insert(0, ("before", PathBuf::from(before)));
    }
    let rounds: usize = std::env::var("PLP_BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let dir = tempfile::tempdir_in(
        std::env::var("PLP_BENCH_DIR").unwrap_or_else(|_| env!("CARGO_TARGET_TMPDIR").into()),
    )
    .expect("temp dir");
    let mut sizes = vec![(5_000, file(5_000, "PLP_BENCH_5K", dir.path(), &plp))];
    if std::env::var_os("PLP_BENCH_50K").is_some() {
        sizes.push((50_000, file(50_000, "PLP_BENCH_50K", dir.path(), &plp)));
    }
    let min = |a: f64, b: f64| if a == 0.0 { b } else { a.min(b) };
    let mut best: Vec<Vec<Best>> = builds
        .iter()
        .map(|_| sizes.iter().map(|_| Best::default()).collect())
        .collect();
    for round in 0..rounds {
        for (si, (n, db)) in sizes.iter().enumerate() {
            for ((name, bin), bests) in builds.iter().zip(&mut best) {
                let b = &mut bests[si];
                let (wall, cpu, kb) = measure(Command::new(bin).arg("--db").arg(db).arg("check"));
                let (sw, sc) = integrity(db);
                eprintln!(
                    "round {}: {n} students, {name}: plp check {wall:.2} s ({cpu:.2} s cpu), \
                     {:.0} MB; integrity check {sw:.2} s ({sc:.2} s cpu)",
                    round + 1,
                    kb as f64 / 1024.0
                );
                b.wall = min(b.wall, wall);
                b.cpu = min(b.cpu, cpu);
                b.kb = b.kb.max(kb);
                b.sqlite_wall = min(b.sqlite_wall, sw);
                b.sqlite_cpu = min(b.sqlite_cpu, sc);
            }
        }
    }
    for ((name, _), best) in builds.iter().zip(&best) {
        println!("| `plp check` ({name}), best of {rounds} | wall | processor | peak memory | SQLite's integrity check (wall, processor) |");
        println!("|---|---|---|---|---|");
        for ((n, _), b) in sizes.iter().zip(best) {
            println!(
                "| {n} students | {:.2} s | {:.2} s | {:.0} MB | {:.2} s, {:.2} s |",
                b.wall,
                b.cpu,
                b.kb as f64 / 1024.0,
                b.sqlite_wall,
                b.sqlite_cpu
            );
        }
        if let [small, large] = &best[..] {
            println!(
                "| 50,000 / 5,000 | {:.1}× | {:.1}× | | {:.1}×, {:.1}× |",
                large.wall / small.wall,
                large.cpu / small.cpu,
                large.sqlite_wall / small.sqlite_wall,
                large.sqlite_cpu / small.sqlite_cpu
            );
        }
    }
}
