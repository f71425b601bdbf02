//! `plp check`: SQLite's integrity check, then the tables against the change log.

use std::path::Path;

use super::{open_existing, CliError, CliResult, Out};

pub fn run(path: &Path, out: &mut Out) -> CliResult {
    let mut store = open_existing(path)?;
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
    if store.rebuild()? {
        out.line(&format!(
            "rebuilt the tables from the change log ({ops} operations): they had disagreed"
        ));
    } else {
        out.line(&format!(
            "ok: {ops} operations, the tables agree with the change log"
        ));
    }
    Ok(())
}
