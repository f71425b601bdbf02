//! `plp check`: SQLite's integrity check, and the tables against the change log (the two side
//! by side; nothing is written until the file is known to be sound).

use std::path::Path;

use super::{open_existing, CliError, CliResult, Out};
use crate::store::Checked;

pub fn run(path: &Path, out: &mut Out) -> CliResult {
    let mut store = open_existing(path)?;
    // The log is read in order, once; the rebuild's scratch tables get the larger cache.
    store.set_cache_mb(8)?;
    let damaged = |problem: &str| {
        CliError::Failure(format!(
            "{} is damaged ({}); restore it from a backup",
            path.display(),
            crate::domain::clean_line(problem)
        ))
    };
    if let Some(why) = store.read_only_reason().map(str::to_string) {
        if let Some(problem) = store.integrity_problem()? {
            return Err(damaged(&problem));
        }
        // Only half checked is not "ok": why it cannot be written (read-only, a full disk, a
        // newer plp's file) is said as it is, with what was checked and what was not.
        return Err(CliError::Failure(format!(
            "{why}, so only half of the check was done: the file is sound ({} operations), \
             but its tables were not compared with the change log",
            store.op_count()?
        )));
    }
    let (wrong, rebuilt) = match store.check()? {
        Checked::Damaged(problem) => return Err(damaged(&problem)),
        Checked::Sound {
            wrong_versions,
            rebuilt,
        } => (wrong_versions, rebuilt),
    };
    let ops = store.op_count()?;
    for (replica, claimed, held) in &wrong {
        out.line(&format!(
            "the version vector claimed changes 1 to {claimed} of replica {replica}, but the \
             log holds them only to {held}: set back to {held}, so the next sync asks for the rest"
        ));
    }
    if rebuilt {
        out.line(&format!(
            "rebuilt the tables from the change log ({ops} operations): they had disagreed"
        ));
    } else if wrong.is_empty() {
        out.line(&format!(
            "ok: {ops} operations, the tables agree with the change log"
        ));
    } else {
        out.line(&format!(
            "{ops} operations; the tables agree with the change log"
        ));
    }
    Ok(())
}
