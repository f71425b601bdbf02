//! `plp report`.

use std::path::Path;

use super::{CliError, CliResult};

pub fn run(
    path: &Path,
    args: super::args::ReportArgs,
    today: chrono::NaiveDate,
    out: &mut super::Out,
) -> CliResult {
    let _ = (path, args, today, out);
    Err(CliError::Failure("plp report is not available yet".into()))
}
