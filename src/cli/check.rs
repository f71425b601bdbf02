//! `plp check`.

use std::path::Path;

use super::{CliError, CliResult};

pub fn run(path: &Path, out: &mut super::Out) -> CliResult {
    let _ = (path, out);
    Err(CliError::Failure("plp check is not available yet".into()))
}
