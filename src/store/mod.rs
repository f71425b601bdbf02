//! The SQLite store: one file, a change log of immutable operations, and tables built from it.
//!
//! Every change goes through [`Store::write`], which appends operations to the log and applies
//! them to the tables in one `IMMEDIATE` transaction. `plp check` rebuilds the tables from the log.

mod backup;
mod bulk;
mod caseload;
mod clock;
mod compact_log;
mod copied_back;
mod copy_check;
mod created_twice;
mod drafts;
mod error;
mod held;
mod held_open;
mod history;
pub mod hub;
mod identity;
mod linked;
mod op_text;
mod open;
mod oplog;
mod owners;
mod packed;
mod planner_stats;
mod read;
mod reader_copy;
mod rebuild;
mod received;
mod report_data;
mod restored;
mod retired;
mod rollover;
mod schema;
mod school;
mod scratch;
mod set_aside;
mod statements;
mod summary;
mod summary_rebuild;
#[cfg(test)]
pub(crate) mod test_support;
mod trend_counts;
mod undo;
mod values;
mod versions;
mod withheld;
mod write;

pub use caseload::{CaseloadCounts, CaseloadRow};
pub use clock::{wall_millis, Hlc, MAX_AHEAD_MS};
pub use copied_back::COPIED_BACK;
pub use drafts::{Draft, DraftField, DraftKey, DraftRecord, UnplacedDraft};
pub use error::{Result, StoreError};
pub use identity::Reclaimed;
pub use op_text::OpText;
pub use open::io_reason;
pub use oplog::{Base, Op, Writer};
pub use read::{fold, GoalRecord, PlanRecord, StudentRecord};
pub use rebuild::Checked;
pub use received::Received;
pub use report_data::{
    held_only, LastCheckins, ReportCheckin, ReportGoal, ReportSource, ReportStrategy, ReportStudent,
};
pub use retired::Retired;
pub use rollover::Rollover;
pub use schema::{Entity, Kind, SCHEMA_VERSION};
pub use school::FileSchool;
pub use trend_counts::TrendGroup;
pub use versions::{Conflict, Revision};
pub use write::{field_value_from_text, new_id, plan_id_for, student_id_for, Upsert};

use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// An open plp database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    replica: String,
    author: String,
    read_only: Option<String>,
    /// Why this file makes no change of its own, when it is a reading copy of the hub (as it
    /// was when opened, or as this process's sync last found it).
    reading_copy: Option<String>,
    clock_skew_ms: i64,
    /// What opening found that the user should be told (a file copied back from a backup).
    notice: Option<&'static str>,
    /// Opened with no note beside it (see `copied_back`): before its first write it takes a
    /// new replica id, in case it is a copy of a file still in use elsewhere.
    twin_unchecked: bool,
    /// This opening's own name for its drafts: two plp processes on one file keep their typing
    /// apart (see `drafts`).
    session: String,
}

impl Store {
    /// Opens (creating if needed) the database at `path`.
    pub fn open(path: &Path) -> Result<Store> {
        open::open(path, false)
    }

    /// Opens an existing database without ever writing to it.
    pub fn open_existing(path: &Path) -> Result<Store> {
        open::open(path, true)
    }

    /// A private database in memory, for tests.
    pub fn in_memory() -> Result<Store> {
        open::in_memory()
    }

    /// The file this store lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// This database's replica id (one per file).
    pub fn replica(&self) -> &str {
        &self.replica
    }

    /// Who changes are recorded as made by.
    pub fn author(&self) -> &str {
        &self.author
    }

    /// Records changes as made by someone else (tests, and `$PLP_AUTHOR`).
    pub fn set_author(&mut self, author: &str) {
        self.author = author.to_string();
    }

    /// Pretends this machine's wall clock is off by `ms` (tests of clock skew).
    pub fn set_clock_skew_ms(&mut self, ms: i64) {
        self.clock_skew_ms = ms;
    }

    /// A number that changes whenever another connection (a sync in another terminal, another
    /// plp) commits to the file, and never for this store's own writes: one look, nothing read.
    pub fn outside_writes(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// What opening this file found that the user should be told, in one sentence: that it
    /// was older than the last one used at its path, and now writes as a new replica.
    pub fn notice(&self) -> Option<&'static str> {
        self.notice
    }

    /// Why the database is read-only, if it is.
    pub fn read_only_reason(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// A local setting of this file (not synced).
    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    /// Sets a local setting of this file (not synced).
    pub fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        if let Some(why) = &self.read_only {
            return Err(StoreError::ReadOnly(why.clone()));
        }
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    }

    /// Lets SQLite keep more pages in memory, for bulk work such as imports.
    pub fn set_cache_mb(&self, mb: i64) -> Result<()> {
        self.conn.pragma_update(None, "cache_size", -mb * 1024)?;
        Ok(())
    }

    /// Rebuilds the indexes the caseload reads, so that after a bulk import they lie together
    /// on disk and the first screen reads them in a few sequential runs.
    pub fn compact_indexes(&self) -> Result<()> {
        if self.read_only.is_none() {
            self.conn
                .execute_batch("REINDEX student_summary; ANALYZE;")?;
            open::drop_value_samples(&self.conn)?;
        }
        Ok(())
    }

    /// The raw connection, for queries that reports and exports build themselves.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }
}

/// The author recorded on changes: `$PLP_AUTHOR`, else the OS user.
pub fn default_author() -> String {
    ["PLP_AUTHOR", "USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
        .or_else(os_user)
        .map(|v| crate::domain::clean_line(&v))
        .unwrap_or_else(|| "unknown".to_string())
}

/// The name of the account running plp, from the system's user database.
fn os_user() -> Option<String> {
    let mut buf = vec![0 as libc::c_char; 4096];
    let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
    let mut result: *mut libc::passwd = std::ptr::null_mut();
    // SAFETY: getpwuid_r writes into `pwd` and `buf`, which outlive the borrowed name.
    let rc = unsafe {
        libc::getpwuid_r(
            libc::getuid(),
            &mut pwd,
            buf.as_mut_ptr(),
            buf.len(),
            &mut result,
        )
    };
    if rc != 0 || result.is_null() || pwd.pw_name.is_null() {
        return None;
    }
    let name = unsafe { std::ffi::CStr::from_ptr(pwd.pw_name) };
    Some(name.to_string_lossy().into_owned())
}
