//! `plp import plan FILE.json`: a plan exported elsewhere (a student who moved schools).

use std::path::Path;

use super::{CliError, CliResult, Out};
use crate::portable::{import_document, Document};

pub fn run(path: &Path, file: &Path, out: &mut Out) -> CliResult {
    let text = std::fs::read_to_string(file).map_err(|e| {
        CliError::Failure(format!(
            "cannot read {}: {}",
            file.display(),
            crate::store::io_reason(&e)
        ))
    })?;
    let doc = Document::from_json(&text)
        .map_err(|e| CliError::Failure(format!("{}: {e}", file.display())))?;
    let mut store = super::open_store(path)?;
    let sum = store.write(|w| import_document(w, &doc))?;
    out.line(&format!(
        "imported {}: {} students added, {} updated, {} goals, {} strategies, {} check-ins, {} other records",
        file.display(),
        sum.students_added,
        sum.students_updated,
        sum.goals,
        sum.strategies,
        sum.checkins,
        sum.other
    ));
    Ok(())
}
