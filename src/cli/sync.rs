//! `plp sync`.

use std::path::Path;

use super::{CliError, CliResult};

pub fn run(path: &Path, args: super::args::SyncArgs, out: &mut super::Out) -> CliResult {
    let _ = (path, args, out);
    Err(CliError::Failure("plp sync is not available yet".into()))
}
