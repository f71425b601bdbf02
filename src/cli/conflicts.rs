//! `plp conflicts`.

use std::path::Path;

use super::{CliError, CliResult};

pub fn run(path: &Path, args: super::args::ConflictsArgs, out: &mut super::Out) -> CliResult {
    let _ = (path, args, out);
    Err(CliError::Failure(
        "plp conflicts is not available yet".into(),
    ))
}
