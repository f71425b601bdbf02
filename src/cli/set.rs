//! `plp set`.

use std::path::Path;

use super::{CliError, CliResult};

pub fn run(path: &Path, args: super::args::SetArgs, out: &mut super::Out) -> CliResult {
    let _ = (path, args, out);
    Err(CliError::Failure("plp set is not available yet".into()))
}
