//! The subcommands: each reads its arguments, calls the store, and prints.

pub mod args;
mod backup;
mod check;
mod checkin;
mod conflicts;
mod demo;
mod export;
mod import;
mod import_plan;
mod output;
mod report;
mod serve;
mod set;
mod show;
mod students;
mod sync;
mod table;

pub use args::Cli;
pub use output::Out;

use chrono::NaiveDate;
use std::path::PathBuf;

use crate::store::{Store, StoreError};
use args::Command;

/// A failed command: the sentence to print and the exit code.
#[derive(Debug)]
pub enum CliError {
    /// Exit 1: the command could not be done.
    Failure(String),
    /// Exit 2: the command was not given correctly.
    Usage(String),
}

impl CliError {
    /// The process exit code.
    pub fn code(&self) -> i32 {
        match self {
            CliError::Failure(_) => 1,
            CliError::Usage(_) => 2,
        }
    }
}

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CliError::Failure(s) | CliError::Usage(s) => f.write_str(s),
        }
    }
}

impl From<StoreError> for CliError {
    fn from(e: StoreError) -> Self {
        CliError::Failure(e.to_string())
    }
}

impl From<crate::domain::ValidationError> for CliError {
    fn from(e: crate::domain::ValidationError) -> Self {
        CliError::Failure(e.to_string())
    }
}

/// Command results.
pub type CliResult<T = ()> = Result<T, CliError>;

/// "Today", which tests may fix with `$PLP_TODAY` (YYYY-MM-DD).
pub fn today() -> NaiveDate {
    std::env::var("PLP_TODAY")
        .ok()
        .and_then(|s| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok())
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// The database path: `--db`, else `$PLP_DB`, else the platform data directory.
pub fn db_path(flag: Option<PathBuf>) -> CliResult<PathBuf> {
    if let Some(p) = flag {
        return Ok(p);
    }
    if let Some(p) = std::env::var_os("PLP_DB").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    let data = std::env::var_os("XDG_DATA_HOME")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .ok_or_else(|| {
            CliError::Failure("no database given and no home directory: use --db PATH".into())
        })?;
    Ok(data.join("plp").join("plp.db"))
}

/// Opens the database for a command that may write; a newer file is refused for writing.
pub fn open_store(path: &std::path::Path) -> CliResult<Store> {
    let store = Store::open(path)?;
    if let Some(why) = store.read_only_reason() {
        eprintln!("plp: {why}");
    }
    Ok(store)
}

/// Opens an existing database for reading.
pub fn open_existing(path: &std::path::Path) -> CliResult<Store> {
    let store = Store::open_existing(path)?;
    if let Some(why) = store.read_only_reason() {
        if why.contains("newer") {
            eprintln!("plp: {why}");
        }
    }
    Ok(store)
}

/// Runs the command line.
pub fn run(cli: Cli) -> CliResult {
    let command = match cli.command {
        // The demo picks its own file when none is given: never the real database.
        Some(Command::Demo(a)) => return demo::run(cli.db, a, today()),
        other => other,
    };
    let path = db_path(cli.db)?;
    let mut out = Out::stdout();
    match command {
        None | Some(Command::Demo(_)) => crate::tui::run(&path, today()),
        Some(Command::Import(a)) => import::run(&path, a, &mut out),
        Some(Command::Students(a)) => students::run(&path, a, today(), &mut out),
        Some(Command::Show(a)) => show::run(&path, a, today(), &mut out),
        Some(Command::Set(a)) => set::run(&path, a, &mut out),
        Some(Command::Checkin(a)) => checkin::run(&path, a, today(), &mut out),
        Some(Command::Export(a)) => export::run(&path, a, today(), &mut out),
        Some(Command::Report(a)) => report::run(&path, a, today(), &mut out),
        Some(Command::Backup(a)) => backup::run(&path, a, &mut out),
        Some(Command::Check) => check::run(&path, &mut out),
        Some(Command::Sync(a)) => sync::run(&path, a, &mut out),
        Some(Command::Conflicts(a)) => conflicts::run(&path, a, &mut out),
        Some(Command::Serve(a)) => serve::run(&path, a),
    }
}
