//! The subcommands: each reads its arguments, calls the store, and prints.

pub mod args;
mod backup;
mod begin;
mod check;
mod checkin;
mod config;
mod conflicts;
mod demo;
mod export;
mod hub;
mod hub_logins;
mod hub_user;
mod import;
mod import_plan;
mod kept_here;
mod out_target;
mod output;
mod report;
mod restore;
mod rollover;
mod scope;
mod serve;
mod set;
mod show;
mod students;
mod sync;
mod table;
mod team;

pub use args::Cli;
pub use output::Out;

use chrono::NaiveDate;

pub use crate::database::{db_path, open_store};
pub use crate::error::{Error as CliError, Result as CliResult};
use args::Command;
pub use begin::open_existing;

/// "Today", which tests may fix with `$PLP_TODAY` (YYYY-MM-DD).
pub fn today() -> NaiveDate {
    std::env::var("PLP_TODAY")
        .ok()
        .and_then(|s| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok())
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// Runs the command line.
pub fn run(cli: Cli) -> CliResult {
    let command = match cli.command {
        // The demo picks its own file when none is given: never the real database.
        Some(Command::Demo(a)) => return demo::run(cli.db, a, today()),
        other => other,
    };
    if !matches!(command, Some(Command::Serve(_)) | Some(Command::Config(_))) {
        // A settings file this account cannot read (plp run as another user, with the
        // environment of the first) leaves the defaults; one that is not plp's is told.
        let settings = match crate::config::load() {
            Err(crate::config::ConfigError::Read { .. }) => crate::config::Config::default(),
            other => other.map_err(|e| CliError::Failure(e.to_string()))?,
        };
        if let Some(problem) = settings.problem() {
            let file = crate::config::path().map_or_else(
                |_| "the settings file".into(),
                |p| format!("the settings file {}", p.display()),
            );
            return Err(CliError::Failure(format!("{file}: {problem}")));
        }
        crate::domain::set_conventions(settings.first_month(), settings.order());
    }
    if let Some(Command::Hub(a)) = command {
        let mut out = Out::stdout();
        let result = hub::run(a, &mut out);
        return result.and(out.finish());
    }
    if let Some(Command::Config(a)) = command {
        let mut out = Out::stdout();
        let result = config::run(cli.db, a, &mut out);
        return result.and(out.finish());
    }
    let path = db_path(cli.db)?;
    let mut out = Out::stdout();
    let result = match command {
        None | Some(Command::Demo(_)) => crate::tui::run(&path, today()),
        Some(Command::Import(a)) => import::run(&path, a, today(), &mut out),
        Some(Command::Students(a)) => students::run(&path, a, today(), &mut out),
        Some(Command::Show(a)) => show::run(&path, a, today(), &mut out),
        Some(Command::Set(a)) => set::run(&path, a, today(), &mut out),
        Some(Command::Team(a)) => team::run(&path, a, &mut out),
        Some(Command::Checkin(a)) => checkin::run(&path, a, today(), &mut out),
        Some(Command::Export(a)) => export::run(&path, a, today(), &mut out),
        Some(Command::Report(a)) => report::run(&path, a, today(), &mut out),
        Some(Command::Backup(a)) => backup::run(&path, a, &mut out),
        Some(Command::Restore(a)) => restore::run(&path, a, &mut out),
        Some(Command::Check) => check::run(&path, &mut out),
        Some(Command::Sync(a)) => sync::run(&path, a, &mut out),
        Some(Command::Conflicts(a)) => conflicts::run(&path, a, &mut out),
        Some(Command::Serve(a)) => serve::run(&path, a),
        Some(Command::Config(_)) | Some(Command::Hub(_)) => Ok(()),
        Some(Command::Rollover(a)) => rollover::run(&path, a, today(), &mut out),
    };
    // The command's own failure is the one to tell; otherwise a failed write is.
    let written = out.finish();
    result.and(written)
}
