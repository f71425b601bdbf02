//! `plp import roster|plan`.

use std::path::Path;

use super::args::ImportCommand;
use super::{CliError, CliResult, Out};

pub fn run(path: &Path, args: ImportCommand, out: &mut Out) -> CliResult {
    match args {
        ImportCommand::Plan { file } => super::import_plan::run(path, &file, out),
        ImportCommand::Roster { .. } => Err(CliError::Failure(
            "plp import roster is not available yet".into(),
        )),
    }
}
