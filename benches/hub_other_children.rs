//! What keeping two schools' children apart under one SIS id costs a first sync: a school whose
//! roster gives `N` children ids another school's children hold at the hub (each with `K`
//! check-ins), and `N` children of its own, syncs for the first time. Each of its changes about
//! those children is refused (hub schema 25); the refusal names its change, so the push finds
//! it at once, and the student's later changes are kept here with it. Measured side by side
//! with the same refusals found by halving each batch (`PLP_HUB_HALVE=on`), as a refusal by
//! row-level security is, and, with `PLP_BENCH_BEFORE=PATH` (another plp), with that plp.
//!
//! Needs PostgreSQL 15 (a throw-away server is started as for the tests). `PLP_BENCH_N` sets N
//! (default 100), `PLP_BENCH_CHECKINS` sets K (default 3).
//!
//! Run: `cargo bench --bench hub_other_children`.

#[path = "../tests/common/pg.rs"]
mod pg;

use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// Runs plp on `db` with `args` (and `env`), which must succeed unless `may_fail`.
fn plp(bin: &Path, db: &Path, args: &[&str], env: &[(&str, &str)], may_fail: bool) {
    let out = Command::new(bin)
        .arg("--db")
        .arg(db)
        .args(args)
        .envs(env.iter().copied())
        .output()
        .expect("run plp");
    assert!(
        may_fail || out.status.success(),
        "plp {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A school's file at `dir/NAME.db` naming `school`, with `rows` of `id,first,last,grade`.
fn school(bin: &Path, dir: &Path, name: &str, school: &str, rows: &[String]) -> std::path::PathBuf {
    let db = dir.join(format!("{name}.db"));
    let csv = dir.join(format!("{name}.csv"));
    std::fs::write(&csv, format!("id,first,last,grade\n{}\n", rows.join("\n"))).expect("roster");
    plp(bin, &db, &["config", "school", school], &[], false);
    plp(
        bin,
        &db,
        &["import", "roster", csv.to_str().unwrap()],
        &[],
        false,
    );
    db
}

/// The first sync of a South High file with `n` colliding children into a fresh hub holding
/// North High's: seconds of wall time.
fn first_sync(bin: &Path, c: &pg::Cluster, name: &str, (n, k): (usize, usize), halve: bool) -> f64 {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = c.new_database(name);
    plp(
        bin,
        &dir.path().join("none.db"),
        &["hub", "init", &url],
        &[],
        false,
    );
    let north: Vec<String> = (1..=n)
        .map(|i| format!("{},Nora{i},North{i},9", 10_000 + i))
        .collect();
    let south: Vec<String> = (1..=2 * n)
        .map(|i| format!("{},Sami{i},South{i},10", 10_000 + i))
        .collect();
    let north = school(bin, dir.path(), "north", "North High", &north);
    let south = school(bin, dir.path(), "south", "South High", &south);
    for i in 1..=2 * n {
        let id = (10_000 + i).to_string();
        for day in 1..=k {
            let date = format!("2026-10-{:02}", day.min(28));
            let said = format!("fine, week {day}");
            let args = ["checkin", &id, "--said", &said, "--date", &date];
            plp(bin, &south, &args, &[], false);
        }
    }
    plp(bin, &north, &["sync", &url], &[], false);
    let env: &[(&str, &str)] = if halve {
        &[("PLP_HUB_HALVE", "on")]
    } else {
        &[]
    };
    let started = Instant::now();
    // It exits 1: the children it keeps are said.
    plp(bin, &south, &["sync", &url], env, true);
    started.elapsed().as_secs_f64()
}

fn main() {
    let bin = Path::new(env!("CARGO_BIN_EXE_plp"));
    let Some(c) = pg::cluster() else {
        println!("hub_other_children: no PostgreSQL server; nothing measured");
        return;
    };
    let number = |name: &str, default: usize| -> usize {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let sizes = (number("PLP_BENCH_N", 100), number("PLP_BENCH_CHECKINS", 3));
    let before = std::env::var_os("PLP_BENCH_BEFORE").map(std::path::PathBuf::from);
    println!(
        "first sync of a school with {n} children whose SIS ids another school's children hold \
         (each with {k} check-ins), and {n} of its own",
        n = sizes.0,
        k = sizes.1
    );
    for round in 1..=2 {
        let named = first_sync(bin, c, &format!("oc_named_{round}"), sizes, false);
        let halved = first_sync(bin, c, &format!("oc_halved_{round}"), sizes, true);
        let mut line = format!(
            "  round {round}: each refusal found by the change it names {named:.2} s; by \
             halving the batch {halved:.2} s"
        );
        if let Some(before) = &before {
            let was = first_sync(before, c, &format!("oc_before_{round}"), sizes, false);
            line.push_str(&format!("; the plp before {was:.2} s"));
        }
        println!("{line}");
    }
}
