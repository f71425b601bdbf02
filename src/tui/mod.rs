//! The terminal app.

use chrono::NaiveDate;
use std::path::Path;

use crate::cli::{CliError, CliResult};

/// Opens the caseload in the terminal.
pub fn run(path: &Path, today: NaiveDate) -> CliResult {
    let _ = (path, today);
    Err(CliError::Failure(
        "the terminal app is not available yet".into(),
    ))
}
