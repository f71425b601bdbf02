//! `plp demo`: a database holding the demo caseload (or N generated students), then the app.

use chrono::NaiveDate;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use super::args::DemoArgs;
use super::{CliError, CliResult};
use crate::portable::import_document;
use crate::store::Store;

/// Marks a database as made by `plp demo`, so running the demo again may replace it.
const DEMO_MARK: &str = "demo";

/// Where the demo goes when no `--db` is given: beside, never over, the real database.
pub fn default_demo_path() -> CliResult<PathBuf> {
    let real = super::db_path(None)?;
    Ok(real.with_file_name("demo.db"))
}

pub fn run(db: Option<PathBuf>, args: DemoArgs, today: NaiveDate) -> CliResult {
    let path = match db {
        Some(p) => p,
        None => default_demo_path()?,
    };
    if path.exists() {
        let replaceable = args.force || is_demo(&path);
        if !replaceable {
            return Err(CliError::Failure(format!(
                "{} already exists and is not a demo database; use --force to replace it or --db to choose another file",
                path.display()
            )));
        }
        remove_database(&path)?;
    }
    let doc = match args.students {
        Some(0) => return Err(CliError::Usage("--students must be at least 1".into())),
        Some(n) => crate::demo::generate(n, today),
        None => crate::demo::caseload(today),
    };
    let mut store = Store::open(&path)?;
    store.set_author("demo");
    store.set_cache_mb(64)?;
    let started = std::time::Instant::now();
    let sum = store.write(|w| import_document(w, &doc))?;
    store.set_meta(DEMO_MARK, "1")?;
    store.compact_indexes()?;
    eprintln!(
        "plp: created the demo caseload in {} ({} students, {} check-ins) in {:.1} s",
        path.display(),
        sum.students_added,
        sum.checkins,
        started.elapsed().as_secs_f64()
    );
    drop(store);
    if !args.no_open && std::io::stdout().is_terminal() && std::io::stdin().is_terminal() {
        crate::tui::run(&path, today)?;
    }
    Ok(())
}

fn is_demo(path: &Path) -> bool {
    Store::open_existing(path)
        .ok()
        .and_then(|s| s.meta(DEMO_MARK).ok().flatten())
        .is_some()
}

fn remove_database(path: &Path) -> CliResult {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let p = PathBuf::from(p);
        if p.exists() {
            std::fs::remove_file(&p).map_err(|e| {
                CliError::Failure(format!("cannot replace {}: {e}", path.display()))
            })?;
        }
    }
    Ok(())
}
