//! `plp import roster|plan`.

use std::path::Path;

use super::args::ImportCommand;
use super::{CliError, CliResult, Out};
use crate::roster::{self, RosterError};
use crate::store::Upsert;

pub fn run(path: &Path, args: ImportCommand, out: &mut Out) -> CliResult {
    match args {
        ImportCommand::Plan { file } => super::import_plan::run(path, &file, out),
        ImportCommand::Roster { file, dry_run } => roster_run(path, &file, dry_run, out),
    }
}

fn roster_run(path: &Path, file: &Path, dry_run: bool, out: &mut Out) -> CliResult {
    let bytes = std::fs::read(file).map_err(|e| {
        CliError::Failure(format!(
            "cannot read {}: {}",
            file.display(),
            crate::store::io_reason(&e)
        ))
    })?;
    let roster = match roster::parse(&bytes) {
        Ok(r) => r,
        Err(RosterError::Header(h)) => {
            return Err(CliError::Failure(format!(
                "{}: {h}; nothing was imported",
                file.display()
            )))
        }
        Err(RosterError::Lines(bad)) => {
            for (line, reason) in &bad {
                crate::error::tell(format_args!("{}: line {line}: {reason}", file.display()));
            }
            return Err(CliError::Failure(format!(
                "{} has {} bad line{}; nothing was imported",
                file.display(),
                bad.len(),
                if bad.len() == 1 { "" } else { "s" }
            )));
        }
    };
    // A dry run against a file that does not exist yet imagines an empty one.
    let mut store = if dry_run && !path.exists() {
        crate::store::Store::in_memory()?
    } else if dry_run {
        super::open_existing(path)?
    } else {
        super::open_store(path)?
    };
    for col in &roster.ignored {
        out.line(&format!("ignored column: {col}"));
    }
    let import = |w: &mut crate::store::Writer<'_>| {
        let mut outcomes = Vec::new();
        for s in &roster.students {
            let (_, outcome) = w.upsert_student(s, &roster.fields)?;
            outcomes.push((s, outcome));
        }
        Ok(outcomes)
    };
    let outcomes = if dry_run {
        store.rehearse(import)?
    } else {
        store.write(import)?
    };
    let count = |f: fn(&Upsert) -> bool| outcomes.iter().filter(|(_, o)| f(o)).count();
    let added = count(|o| matches!(o, Upsert::Added));
    let updated = count(|o| matches!(o, Upsert::Updated(_)));
    let unchanged = count(|o| matches!(o, Upsert::Unchanged));
    if dry_run {
        for (s, o) in &outcomes {
            match o {
                Upsert::Added => {
                    out.line(&format!("would add {} ({})", s.display_name(), s.sis_id))
                }
                Upsert::Updated(f) => out.line(&format!(
                    "would update {} ({}): {}",
                    s.display_name(),
                    s.sis_id,
                    f.join(", ")
                )),
                Upsert::Unchanged => {}
            }
        }
        out.line(&format!(
            "dry run: would add {added}, update {updated}, leave {unchanged} unchanged; nothing was changed"
        ));
    } else {
        out.line(&format!(
            "imported {}: added {added}, updated {updated}, unchanged {unchanged}",
            file.display()
        ));
    }
    Ok(())
}
