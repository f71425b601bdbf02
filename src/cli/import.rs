//! `plp import`.

use std::path::Path;

use super::{CliError, CliResult};

pub fn run(path: &Path, args: super::args::ImportCommand, out: &mut super::Out) -> CliResult {
    let _ = (path, args, out);
    Err(CliError::Failure("plp import is not available yet".into()))
}
