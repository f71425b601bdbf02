//! Which database file a command or the app uses, and opening it with a word on standard error
//! when it can only be read.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::store::Store;

/// The database path: `--db`, else `$PLP_DB`, else the platform data directory.
pub fn db_path(flag: Option<PathBuf>) -> Result<PathBuf> {
    if let Some(p) = flag {
        return Ok(p);
    }
    if let Some(p) = std::env::var_os("PLP_DB").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
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

/// Opens the database for a command that may write, creating it if needed.
pub fn open_store(path: &Path) -> Result<Store> {
    warn_if_newer(Store::open(path)?)
}

/// Opens an existing database.
pub fn open_existing(path: &Path) -> Result<Store> {
    warn_if_newer(Store::open_existing(path)?)
}

/// A file from a newer plp is read, with a word that it cannot be changed. Any other reason a
/// file is read-only is told by the write that it stops, in that write's one sentence.
/// A file found copied back from a backup is told so too.
fn warn_if_newer(store: Store) -> Result<Store> {
    if let Some(notice) = store.notice() {
        eprintln!("plp: {notice}");
    }
    if let Some(why) = store.read_only_reason() {
        if why.contains("newer") {
            crate::error::tell(format_args!("plp: {why}"));
        }
    }
    Ok(store)
}
