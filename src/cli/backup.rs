//! `plp backup FILE`: a consistent copy of a live database, through SQLite's backup API.

use std::path::Path;

use super::args::BackupArgs;
use super::{open_existing, CliError, CliResult, Out};

pub fn run(path: &Path, args: BackupArgs, out: &mut Out) -> CliResult {
    let store = open_existing(path)?;
    let n = store.backup_to(&args.file)?;
    if n == 0 && !args.file.exists() {
        return Err(CliError::Failure("the backup was not written".into()));
    }
    out.line(&format!(
        "backed up {} to {} ({n} operations in the change log)",
        path.display(),
        args.file.display()
    ));
    Ok(())
}
