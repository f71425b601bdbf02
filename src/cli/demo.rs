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
    // Checked before anything is replaced: a refused count leaves the old demo as it was.
    match args.students {
        Some(0) => return Err(CliError::Usage("--students must be at least 1".into())),
        Some(n) if n > DEMO_MOST => {
            return Err(CliError::Usage(format!(
                "--students {n} is more than the demo makes: at most {DEMO_MOST} (four times a district of 50,000)"
            )))
        }
        _ => {}
    }
    let path = match db {
        Some(p) => p,
        None => default_demo_path()?,
    };
    if path.exists() {
        if !args.force {
            match demo_state(&path) {
                DemoState::NotDemo => {
                    return Err(CliError::Failure(format!(
                        "{} already exists and is not a demo database; use --force to replace it or --db to choose another file",
                        path.display()
                    )))
                }
                DemoState::Typed => {
                    return Err(CliError::Failure(format!(
                        "{} holds changes typed into the demo; use --force to replace it anyway, or open it with plp --db {}",
                        path.display(),
                        path.display()
                    )))
                }
                DemoState::Untouched => {}
            }
        }
        remove_database(&path)?;
    }
    let mut store = Store::open(&path)?;
    store.set_author(DEMO_AUTHOR);
    store.set_cache_mb(64)?;
    // Marked first, so that a demo cut short is still one that the next `plp demo` replaces.
    store.set_meta(DEMO_MARK, "1")?;
    let started = std::time::Instant::now();
    let sum = match args.students {
        // Generated students go in a batch at a time: memory stays flat however many.
        Some(n) => {
            let mut students = crate::demo::Generator::new(n, today);
            let mut sum = crate::portable::ImportSummary::default();
            loop {
                let batch = students.next_batch(DEMO_BATCH);
                if batch.students.is_empty() {
                    break sum;
                }
                let part = store.write(|w| import_document(w, &batch))?;
                sum.students_added += part.students_added;
                sum.checkins += part.checkins;
            }
        }
        None => store.write(|w| import_document(w, &crate::demo::caseload(today)))?,
    };
    store.compact_indexes()?;
    crate::error::tell(format_args!(
        "plp: created the demo caseload in {} ({}, {}) in {:.1} s",
        path.display(),
        crate::domain::count(sum.students_added as u64, "student"),
        crate::domain::count(sum.checkins as u64, "check-in"),
        started.elapsed().as_secs_f64()
    ));
    drop(store);
    if !args.no_open && std::io::stdout().is_terminal() && std::io::stdin().is_terminal() {
        crate::tui::run(&path, today)?;
    }
    Ok(())
}

/// The most students the demo generates: four times the district of 50,000 plp is measured at
/// (some 12 GB of database, at 5,000 students' 307 MB); a mistyped count would otherwise run
/// for hours and fill the disk.
const DEMO_MOST: usize = 200_000;

/// Generated students written per transaction.
const DEMO_BATCH: usize = 500;

/// Who the demo's own changes are recorded as made by.
const DEMO_AUTHOR: &str = "demo";

/// What an existing file at the demo's path is.
enum DemoState {
    /// Not made by `plp demo` (or not readable as a plp database).
    NotDemo,
    /// A demo someone has typed into (changes or drafts by anyone but the demo).
    Typed,
    /// A demo as `plp demo` left it.
    Untouched,
}

fn demo_state(path: &Path) -> DemoState {
    let Ok(store) = Store::open_existing(path) else {
        return DemoState::NotDemo;
    };
    if !matches!(store.meta(DEMO_MARK), Ok(Some(_))) {
        return DemoState::NotDemo;
    }
    match store.holds_work_of_others(DEMO_AUTHOR) {
        Ok(false) => DemoState::Untouched,
        _ => DemoState::Typed,
    }
}

fn remove_database(path: &Path) -> CliResult {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let p = PathBuf::from(p);
        if p.exists() {
            std::fs::remove_file(&p).map_err(|e| {
                CliError::Failure(format!(
                    "cannot replace {}: {}",
                    path.display(),
                    crate::store::io_reason(&e)
                ))
            })?;
        }
    }
    Ok(())
}
