//! `plp check`: SQLite's integrity check, then the tables against the change log.

use std::path::Path;

use super::{open_existing, CliError, CliResult, Out};

pub fn run(path: &Path, out: &mut Out) -> CliResult {
    let mut store = open_existing(path)?;
    // The integrity check and the rebuild read every page, many more than once.
    store.set_cache_mb(24)?;
    if let Some(problem) = store.integrity_problem()? {
        return Err(CliError::Failure(format!(
            "{} is damaged ({}); restore it from a backup",
            path.display(),
            crate::domain::clean_line(&problem)
        )));
    }
    let ops = store.op_count()?;
    if store.read_only_reason().is_some() {
        out.line(&format!(
            "ok: {ops} operations; the file is read-only, so the tables were not compared"
        ));
        return Ok(());
    }
    let wrong = store.repair_versions()?;
    for (replica, claimed, held) in &wrong {
        out.line(&format!(
            "the version vector claimed changes 1 to {claimed} of replica {replica}, but the \
             log holds them only to {held}: set back to {held}, so the next sync asks for the rest"
        ));
    }
    if store.rebuild()? {
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
