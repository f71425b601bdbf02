//! `plp serve`.

use std::path::Path;

use super::{CliError, CliResult};

pub fn run(path: &Path, args: super::args::ServeArgs) -> CliResult {
    let _ = (path, args);
    Err(CliError::Failure("plp serve is not available yet".into()))
}
