//! Which database file a command or the app uses, and opening it with a word on standard error
//! when it can only be read.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::store::Store;

/// The database path: `--db`, else `$PLP_DB`, else the platform data directory.
/// A hub's URL given there instead is refused (it names no file: read as one it would become
/// folders named `postgres:` and after a login and its password), unless a file by that name is
/// there.
pub fn db_path(flag: Option<PathBuf>) -> Result<PathBuf> {
    if let Some(p) = flag {
        return not_a_url(p, "--db");
    }
    if let Some(p) = std::env::var_os("PLP_DB").filter(|p| !p.is_empty()) {
        return not_a_url(PathBuf::from(p), "$PLP_DB");
    }
    let data = std::env::var_os("XDG_DATA_HOME")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .ok_or_else(|| {
            Error::Failure("no database given and no home directory: use --db PATH".into())
        })?;
    Ok(data.join("plp").join("plp.db"))
}

/// `path`, given by `given` (`--db`, `$PLP_DB`), unless it is a URL rather than a file's path.
fn not_a_url(path: PathBuf, given: &str) -> Result<PathBuf> {
    let url = path.to_str().is_some_and(crate::sync::target::names_a_url);
    if url && !path.exists() {
        return Err(Error::Failure(format!(
            "{given} names this computer's database file, not a hub: a hub's URL goes after \
             `plp sync` (plp sync URL), so nothing was opened or made"
        )));
    }
    Ok(path)
}

/// Opens the database for a command that may write, creating it if needed.
pub fn open_store(path: &Path) -> Result<Store> {
    warn_if_newer(Store::open(path)?)
}

/// Opens an existing database.
pub fn open_existing(path: &Path) -> Result<Store> {
    warn_if_newer(Store::open_existing(path)?)
}

/// A file from a newer plp is read, with a word that it cannot be changed, said once the
/// command has done its work (a write it stops says so in its own sentence instead). Any other
/// reason a file is read-only is told by the write that it stops, in that write's one sentence.
/// A file found copied back from a backup is told so at once.
fn warn_if_newer(store: Store) -> Result<Store> {
    if let Some(notice) = store.notice() {
        eprintln!("plp: {notice}");
    }
    if store.written_by_newer() {
        if let Some(why) = store.read_only_reason() {
            crate::error::tell_at_end(format!("plp: {why}; opened read-only"));
        }
    }
    Ok(store)
}
