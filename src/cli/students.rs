//! `plp students`: the caseload.

use chrono::NaiveDate;
use std::path::Path;

use super::args::StudentsArgs;
use super::{CliError, CliResult, Out};

pub fn run(path: &Path, args: StudentsArgs, today: NaiveDate, out: &mut Out) -> CliResult {
    let _ = (path, args, today, out);
    Err(CliError::Failure(
        "plp students is not available yet".into(),
    ))
}
