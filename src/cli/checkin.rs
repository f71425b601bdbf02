//! `plp checkin`.

use std::path::Path;

use super::{CliError, CliResult};

pub fn run(
    path: &Path,
    args: super::args::CheckinArgs,
    today: chrono::NaiveDate,
    out: &mut super::Out,
) -> CliResult {
    let _ = (path, args, today, out);
    Err(CliError::Failure("plp checkin is not available yet".into()))
}
