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

/// Opens the database for a command that may write; a newer file is refused for writing.
pub fn open_store(path: &Path) -> Result<Store> {
    let store = Store::open(path)?;
    if let Some(why) = store.read_only_reason() {
        eprintln!("plp: {why}");
    }
    Ok(store)
}

/// Opens an existing database for reading.
pub fn open_existing(path: &Path) -> Result<Store> {
    let store = Store::open_existing(path)?;
    if let Some(why) = store.read_only_reason() {
        if why.contains("newer") {
            eprintln!("plp: {why}");
        }
    }
    Ok(store)
}
