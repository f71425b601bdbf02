//! The bulk paths at 5,000 students and, with `PLP_BENCH_50K=1`, at 50,000 beside them in the
//! same run: the file's size against its own pretty-printed JSON export, then the wall time and
//! peak memory of each command through the release binary (`cargo build --release` first).
//!
//! Run: `cargo bench --bench scale` (add `PLP_BENCH_50K=1` for the 50,000-student column; it
//! takes some minutes and a few GB of disk). Each figure is wall time, then the processor time
//! the command used (user and system: less bent by other work on the machine), then peak
//! memory. Processor time per change is given for the demo (every change made and applied),
//! `plp check` (every change replayed) and a sync by path of every change into a file of one
//! student (read from one file, checked, and applied to the other, in one process).

use std::path::Path;
use std::process::Command;

#[path = "common/measure.rs"]
mod measure;
use measure::measure;

fn row(n: usize, dir: &Path, plp: &Path) -> Vec<(String, String)> {
    let db = dir.join("d.db");
    let ssh = dir.join("ssh");
    std::fs::write(&ssh, "#!/bin/sh\nshift\nexec sh -c \"$*\"\n").expect("ssh");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&ssh, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let plp_at = |db: &Path| {
        let mut c = Command::new(plp);
        c.arg("--db").arg(db).env("PLP_REMOTE_PLP", plp);
        c
    };
    let fmt = |(t, cpu, kb): (f64, f64, i64)| {
        format!("{t:.2} s ({cpu:.2} s cpu), {:.0} MB", kb as f64 / 1024.0)
    };
    let mut out = Vec::new();
    let demo = measure(
        Command::new(plp)
            .args(["demo", "--no-open", "--students", &n.to_string(), "--db"])
            .arg(&db),
    );
    out.push(("plp demo --students N".into(), fmt(demo)));
    let changes = change_count(&db);
    let per_change = |(_, cpu, _): (f64, f64, i64)| format!("{:.1} µs", cpu * 1e6 / changes as f64);
    out.push((
        "changes in the log; processor time per change of the demo".into(),
        format!("{changes}; {}", per_change(demo)),
    ));
    let export = dir.join("export.json");
    let mut c = plp_at(&db);
    c.args(["export", "--all", "--format", "json", "--out"])
        .arg(&export);
    out.push((
        "plp export --all --format json (written a student at a time)".into(),
        fmt(measure(&mut c)),
    ));
    let mut c = plp_at(&db);
    c.arg("check");
    measure(&mut c); // the first run folds the write-ahead log into the file
    let size = std::fs::metadata(&db).expect("size").len() as f64;
    let json = std::fs::metadata(&export).expect("size").len() as f64;
    out.push((
        "file size (its pretty JSON export)".into(),
        format!(
            "{:.0} MB ({:.0} MB: {:.2}×)",
            size / 1e6,
            json / 1e6,
            size / json
        ),
    ));
    let mut c = plp_at(&db);
    c.arg("check");
    let check = measure(&mut c);
    out.push(("plp check (rebuild from the log)".into(), fmt(check)));
    out.push((
        "plp check: processor time per change replayed".into(),
        per_change(check),
    ));
    let mut c = plp_at(&db);
    c.args(["sync", "--create"]).arg(dir.join("far.db"));
    out.push((
        "sync into an empty far side, path (every change sent)".into(),
        fmt(measure(&mut c)),
    ));
    let mut c = plp_at(&db);
    c.env("PLP_SSH", &ssh)
        .args(["sync", "--create"])
        .arg(format!("lab:{}", dir.join("ssh-far.db").display()));
    out.push((
        "sync into an empty far side, ssh (every change sent)".into(),
        fmt(measure(&mut c)),
    ));
    let mut c = plp_at(&dir.join("copy.db"));
    c.env("PLP_SSH", &ssh)
        .args(["sync", "--create"])
        .arg(format!("lab:{}", db.display()));
    out.push((
        "first sync of a new replica over ssh (a copy, rebuilt from its log)".into(),
        fmt(measure(&mut c)),
    ));
    // Last, as it adds the small file's changes to the large one: every change of the large
    // file taken in by a file of one student (both ends of the sync in one process).
    let small = dir.join("one.db");
    let ok = Command::new(plp)
        .args(["demo", "--no-open", "--students", "1", "--db"])
        .arg(&small)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("plp demo");
    assert!(ok.success());
    let mut c = plp_at(&small);
    c.arg("sync").arg(&db);
    let receive = measure(&mut c);
    out.push((
        "sync by path of every change into a file of 1 student".into(),
        fmt(receive),
    ));
    out.push((
        "  the same: processor time per change taken in (both ends)".into(),
        per_change(receive),
    ));
    out
}

/// How many changes the log of the file at `db` holds.
fn change_count(db: &Path) -> i64 {
    let conn = rusqlite::Connection::open(db).expect("open the file");
    conn.query_row("SELECT count(*) FROM ops", [], |r| r.get(0))
        .expect("count the changes")
}

fn main() {
    let plp = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/plp");
    assert!(
        plp.exists(),
        "build the release binary first: cargo build --release"
    );
    let mut sizes = vec![5_000];
    if std::env::var_os("PLP_BENCH_50K").is_some() {
        sizes.push(50_000);
    }
    let mut columns = Vec::new();
    for n in &sizes {
        let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("temp dir");
        columns.push(row(*n, dir.path(), &plp));
    }
    print!("| what |");
    for n in &sizes {
        print!(" {n} students |");
    }
    println!();
    for (i, (what, _)) in columns[0].iter().enumerate() {
        print!("| {what} |");
        for c in &columns {
            print!(" {} |", c[i].1);
        }
        println!();
    }
}
