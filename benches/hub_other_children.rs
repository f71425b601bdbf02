//! What keeping two schools' children apart under one SIS id costs a first sync: a school whose
//! roster gives `N` children ids another school's children hold at the hub (each with a
//! check-in), and `N` children of its own, syncs for the first time. Each of its changes about
//! those children is refused (hub schema 25); the refusal names its change, so the push finds
//! it at once. Measured side by side with the same refusals found by halving each batch
//! (`PLP_HUB_HALVE=on`), as a refusal by row-level security is.
//!
//! Needs PostgreSQL 15 (a throw-away server is started as for the tests). `PLP_BENCH_N` sets N
//! (default 100).
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
fn first_sync(bin: &Path, c: &pg::Cluster, name: &str, n: usize, halve: bool) -> f64 {
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
        plp(bin, &south, &["checkin", &id, "--said", "fine"], &[], false);
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
    let n: usize = std::env::var("PLP_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    println!(
        "first sync of a school with {n} children whose SIS ids another school's children hold \
         (each with a check-in), and {n} of its own"
    );
    for round in 1..=2 {
        let named = first_sync(bin, c, &format!("oc_named_{round}"), n, false);
        let halved = first_sync(bin, c, &format!("oc_halved_{round}"), n, true);
        println!(
            "  round {round}: each refusal found by the change it names {named:.2} s; by \
             halving the batch {halved:.2} s"
        );
    }
}
