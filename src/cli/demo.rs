//! `plp demo`.

use std::path::Path;

use super::{CliError, CliResult};

pub fn run(path: &Path, args: super::args::DemoArgs, today: chrono::NaiveDate) -> CliResult {
    let _ = (path, args, today);
    Err(CliError::Failure("plp demo is not available yet".into()))
}
