//! `plp backup`.

use std::path::Path;

use super::{CliError, CliResult};

pub fn run(path: &Path, args: super::args::BackupArgs, out: &mut super::Out) -> CliResult {
    let _ = (path, args, out);
    Err(CliError::Failure("plp backup is not available yet".into()))
}
