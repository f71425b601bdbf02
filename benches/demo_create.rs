//! Creating the 5,000-student demo database: generate the caseload and import it, change log
//! included, into a new file. Prints the median of a few runs.
//!
//! Run: `cargo bench --bench demo_create`

use chrono::NaiveDate;
use plp::portable::import_document;
use plp::store::Store;
use std::time::Instant;

fn main() {
    let n: usize = std::env::var("PLP_BENCH_STUDENTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5_000);
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).expect("valid date");
    let dir = tempfile::tempdir().expect("temp dir");
    let mut times = Vec::new();
    let mut ops = 0;
    for run in 0..3 {
        let path = dir.path().join(format!("demo-{run}.db"));
        let start = Instant::now();
        let doc = plp::demo::generate(n, today);
        let mut store = Store::open(&path).expect("open");
        store.set_cache_mb(64).expect("cache");
        store.write(|w| import_document(w, &doc)).expect("import");
        times.push(start.elapsed().as_secs_f64());
        ops = store.ops().map(|o| o.len()).unwrap_or(0);
    }
    times.sort_by(|a, b| a.total_cmp(b));
    println!(
        "demo_create: {n} students ({ops} operations): median {:.2} s (runs: {})",
        times[1],
        times
            .iter()
            .map(|t| format!("{t:.2}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
}
