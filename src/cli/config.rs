//! `plp config [NAME [VALUE]]`: show the settings, or set one. The school is the database
//! file's own setting (see `Store::school`); the others are the person's.

use std::path::{Path, PathBuf};

use super::args::ConfigArgs;
use super::{db_path, open_existing, open_store, CliError, CliResult, Out};
use crate::config::{self, Config, ConfigError, SETTINGS};
use crate::store::FileSchool;

fn fail(e: ConfigError) -> CliError {
    CliError::Failure(e.to_string())
}

pub fn run(db: Option<PathBuf>, args: ConfigArgs, out: &mut Out) -> CliResult {
    let mut settings = config::load().map_err(fail)?;
    let from_env = std::env::var("PLP_ADVISOR")
        .ok()
        .filter(|v| !v.trim().is_empty());
    let is_school = |name: &str| config::normalise(name) == "school";
    match (args.name, args.value) {
        (None, _) => {
            let path = db_path(db)?;
            for name in SETTINGS {
                let mut value = settings.show(name).map_err(fail)?;
                if *name == "advisor" {
                    value = match (&from_env, value.is_empty()) {
                        (Some(env), _) => format!(
                            "{} (from $PLP_ADVISOR)",
                            config::advisor(&settings).unwrap_or_else(|| env.clone())
                        ),
                        (None, true) => "(not set)".to_string(),
                        (None, false) => value,
                    };
                }
                if *name == "school" {
                    value = school_shown(&path, &settings)?;
                }
                if value.is_empty() {
                    value = "(not set)".to_string();
                }
                out.line(&format!("{name}: {value}"));
            }
            if !settings.roster_map.is_empty() {
                let maps: Vec<String> = settings
                    .roster_map
                    .iter()
                    .map(|(col, field)| format!("{col}={field}"))
                    .collect();
                out.line(&format!("roster columns mapped: {}", maps.join(", ")));
            }
            if let Ok(p) = config::path() {
                out.line(&format!("settings file: {}", p.display()));
            }
            if let Some(problem) = settings.problem() {
                out.line(&format!("the settings file needs mending: {problem}"));
            }
        }
        (Some(name), None) if is_school(&name) => {
            let path = db_path(db)?;
            out.line(
                &file_school(&path)?
                    .or_person(settings.school)
                    .unwrap_or_default(),
            );
        }
        (Some(name), None) => out.line(&settings.show(&name).map_err(fail)?),
        (Some(name), Some(value)) if is_school(&name) => {
            let path = db_path(db)?;
            let name = crate::domain::clean_line(&value);
            // A file that did not exist is made (a new school's first step), and said to be
            // new, so that a mistyped path is seen at once.
            let new = !path.exists();
            let store = open_store(&path)?;
            // A reading copy of the hub (a teacher's) takes no setting of its own either.
            if let Some(why) = store.reading_copy() {
                return Err(CliError::Failure(format!("{why}, so nothing was changed")));
            }
            store.set_school((!name.is_empty()).then_some(name.as_str()))?;
            let shown = if name.is_empty() { "(not set)" } else { &name };
            let which = if new {
                "a new database, made now:"
            } else {
                "the database"
            };
            out.line(&format!(
                "school: {shown} (saved in {which} {}, for its students only)",
                path.display()
            ));
        }
        (Some(name), Some(value)) => {
            let year_before = this_school_year(&settings);
            let month_before = crate::domain::month_name(settings.first_month());
            settings.set(&name, &value).map_err(fail)?;
            let path = config::save(&settings).map_err(fail)?;
            let shown = settings.show(&name).map_err(fail)?;
            let shown = if shown.is_empty() {
                "(not set)".to_string()
            } else {
                shown
            };
            out.line(&format!(
                "{}: {shown} (saved in {})",
                config::normalise(&name),
                path.display()
            ));
            if name.trim().eq_ignore_ascii_case("advisor") {
                if let Some(env) = from_env {
                    out.line(&format!(
                        "while $PLP_ADVISOR is set, plp uses it instead ({})",
                        crate::domain::clean_line(&env)
                    ));
                }
            }
            let year_now = this_school_year(&settings);
            if year_now != year_before {
                out.line(&year_moved(&year_before, &year_now, &month_before));
            }
            let contact_set = config::normalise(&name) == "contact" && settings.contact.is_some();
            if contact_set && config::advisor(&settings).is_none() {
                out.line(
                    "it is printed only for your own advisees, and plp does not know your name \
                     yet: plp config advisor \"YOUR NAME\"",
                );
            }
        }
    }
    Ok(())
}

/// Today's school year by the settings' first month ("2026-27").
fn this_school_year(settings: &Config) -> String {
    crate::domain::school_year_in(super::today(), settings.first_month())
}

/// What a new first month does to the plans already made: they are named by their school
/// year, so this year's are read as another year's, shown as this year's again only with the
/// month they were made under (`month_before`).
fn year_moved(before: &str, now: &str, month_before: &str) -> String {
    format!(
        "today is now in school year {now} (it was {before}): plans are kept under their school \
         year, so any {before} plans are no longer shown as this year's; plp config \
         school-year-start {month_before} shows them again"
    )
}

/// The school set for the database at `path` (a file not made yet names none).
fn file_school(path: &Path) -> CliResult<FileSchool> {
    if !path.exists() {
        return Ok(FileSchool::Unset);
    }
    Ok(open_existing(path)?.school()?)
}

/// The school line of `plp config`: the file's own, or the person's standing in for it.
fn school_shown(path: &Path, settings: &Config) -> CliResult<String> {
    let file = path.display();
    Ok(match file_school(path)? {
        FileSchool::Named(name) => format!("{name} (this file: {file})"),
        FileSchool::Cleared => format!("(not set) (this file: {file})"),
        FileSchool::Unset => match settings.school.as_deref().filter(|s| !s.is_empty()) {
            Some(name) => {
                format!("{name} (from your settings, as {file} names no school of its own yet)")
            }
            None => "(not set)".to_string(),
        },
    })
}
