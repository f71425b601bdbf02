//! What can go wrong with the store, each as one sentence a person can act on.

use std::path::PathBuf;

use crate::domain::ValidationError;

/// A store failure.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The input is not valid.
    #[error("{0}")]
    Invalid(#[from] ValidationError),
    /// The file is an SQLite database of some other program.
    #[error("{0} is not a plp database; it was left untouched")]
    Foreign(PathBuf),
    /// The file is not an SQLite database at all.
    #[error("{0} is not a plp database (not an SQLite file, or damaged); it was left untouched")]
    NotADatabase(PathBuf),
    /// The file was written by a newer plp: why it is read-only (the warning at its opening
    /// adds that it was opened so).
    #[error("{path} was written by a newer plp (schema {found}, this plp knows {known})")]
    Newer {
        /// The file.
        path: PathBuf,
        /// Its schema version.
        found: i64,
        /// Ours.
        known: i64,
    },
    /// A write was attempted on a read-only database.
    #[error("{0}, so it is read-only here; nothing was changed")]
    ReadOnly(String),
    /// A change was made in a reading copy of the hub (a login that only reads).
    #[error("{0}, so nothing was changed")]
    ReadingCopy(String),
    /// No student matches.
    #[error("no student matches \"{}\"", crate::domain::clean_line(.0))]
    NotFound(String),
    /// More than one student matches.
    #[error("\"{}\" matches {} students: {}; name one by its SIS id", crate::domain::clean_line(query), matches.len(), matches.join("; "))]
    Ambiguous {
        /// What was asked.
        query: String,
        /// "Name (SIS id)" of each match.
        matches: Vec<String>,
    },
    /// Some other process holds the write lock for too long.
    #[error(
        "the database is busy: another program is writing to it (another plp, a sync, or a tool \
         such as sqlite3); nothing was changed, try again"
    )]
    Busy,
    /// The disk is full.
    #[error("the disk is full; nothing was changed")]
    DiskFull,
    /// The disk filled up part way through taking in received changes.
    #[error(
        "the disk filled up: {kept} received changes were kept, the rest were not; make room and \
         sync again to take them"
    )]
    DiskFullAfter {
        /// How many were kept.
        kept: usize,
    },
    /// The file could not be opened or created.
    #[error("cannot open {path}: {reason}")]
    Open {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// A file in an older format could not be brought to this plp's; it was left as it was.
    #[error(
        "{path} could not be brought to this plp's file format ({reason}); it was left as it \
         was{}", backup.as_ref().map(|b| format!(", and a copy of it is at {}", b.display())).unwrap_or_default()
    )]
    Upgrade {
        /// The file.
        path: PathBuf,
        /// The copy taken before the upgrade, if one was.
        backup: Option<PathBuf>,
        /// Why.
        reason: String,
    },
    /// A value kept in the file cannot be read back (the file was damaged or altered by hand).
    #[error(
        "the database holds a damaged value that cannot be read ({0}); nothing was changed: \
         restore the file from a backup, or move it aside and sync from another replica"
    )]
    Damaged(String),
    /// As [`StoreError::Damaged`], in a file other than the one the command names (the far
    /// side of a sync).
    #[error(
        "{path} holds a damaged value that cannot be read ({why}); the sync stopped there: \
         restore that file from a backup, or move it aside and sync from another replica"
    )]
    DamagedIn {
        /// The damaged file.
        path: PathBuf,
        /// What could not be read.
        why: String,
    },
    /// Something else SQLite reported.
    #[error("database error: {0}")]
    Sql(String),
    /// The district hub failed (its own sentence).
    #[error("{0}")]
    Hub(String),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        if let rusqlite::Error::SqliteFailure(f, _) = &e {
            match f.code {
                C::DatabaseBusy | C::DatabaseLocked => return StoreError::Busy,
                C::ReadOnly => return StoreError::ReadOnly("the file cannot be written".into()),
                C::DiskFull => return StoreError::DiskFull,
                C::NotADatabase => return StoreError::Sql("the file is not a database".into()),
                _ => {}
            }
        }
        if let rusqlite::Error::FromSqlConversionFailure(_, _, why) = &e {
            return StoreError::Damaged(why.to_string());
        }
        StoreError::Sql(e.to_string())
    }
}

impl StoreError {
    /// Names the file a damaged value was read from.
    pub fn in_file(self, path: &std::path::Path) -> StoreError {
        match self {
            StoreError::Damaged(why) => StoreError::DamagedIn {
                path: path.to_path_buf(),
                why,
            },
            e => e,
        }
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        StoreError::Sql(format!("a stored value could not be read: {e}"))
    }
}

/// Store results.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;
