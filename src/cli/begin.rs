//! How to begin: said when a command finds no database yet, or one that holds no students.

use std::path::Path;

use super::{db_path, CliError, CliResult};
use crate::store::{Store, StoreError};

/// "to begin, bring in your students with plp import roster FILE.csv (your SIS export), or try
/// plp first with plp demo", naming the file with `--db` when it is not the one plp uses
/// without it.
pub fn hint(path: &Path) -> String {
    let db = if db_path(None).is_ok_and(|default| default == path) {
        String::new()
    } else {
        format!(" --db {}", quoted(&path.display().to_string()))
    };
    format!(
        "to begin, bring in your students with plp{db} import roster FILE.csv (your SIS \
         export), or try plp first with plp demo"
    )
}

/// A path as a shell reads it back: in single quotes when it holds anything but plain
/// characters.
fn quoted(path: &str) -> String {
    let plain = |c: char| c.is_alphanumeric() || "/._-+,:@%".contains(c);
    if path.chars().all(plain) {
        path.to_string()
    } else {
        format!("'{}'", path.replace('\'', r"'\''"))
    }
}

/// Opens an existing database; a file that is not there is said with how to begin.
pub fn open_existing(path: &Path) -> CliResult<Store> {
    crate::database::open_existing(path).map_err(|e| {
        let missing = std::fs::symlink_metadata(path)
            .is_err_and(|m| m.kind() == std::io::ErrorKind::NotFound);
        if missing {
            CliError::Failure(format!("{e}; {}", hint(path)))
        } else {
            e
        }
    })
}

/// Says how to begin on standard error when the database holds no students at all (never on
/// standard output, which a script may be reading).
pub fn tell_if_empty(store: &Store) -> CliResult {
    if store.student_count()? == 0 {
        crate::error::tell(format_args!(
            "plp: {} holds no students yet; {}",
            store.path().display(),
            hint(store.path())
        ));
    }
    Ok(())
}

/// The student a command names ([`Store::find_student`]); in a database with no students, the
/// refusal says how to begin.
pub fn find_student(store: &Store, query: &str) -> CliResult<String> {
    match store.find_student(query) {
        Err(e @ StoreError::NotFound(_)) if store.student_count()? == 0 => {
            Err(CliError::Failure(format!(
                "{e}: {} holds no students yet; {}",
                store.path().display(),
                hint(store.path())
            )))
        }
        other => Ok(other?),
    }
}
