//! `plp show`.

use std::path::Path;

use super::{CliError, CliResult};

pub fn run(
    path: &Path,
    args: super::args::ShowArgs,
    today: chrono::NaiveDate,
    out: &mut super::Out,
) -> CliResult {
    let _ = (path, args, today, out);
    Err(CliError::Failure("plp show is not available yet".into()))
}
