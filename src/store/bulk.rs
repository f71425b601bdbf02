//! Taking in a large log in bulk: received changes go into the log batch after batch
//! ([`Store::write_log_only`]), and the tables are built once from the whole log at the end
//! instead of change by change.
//!
//! Each such batch marks the tables as behind the log in its own transaction (a note in `meta`
//! holding the log's last row number then). The note is taken away only once a rebuild has
//! made the tables agree with the log up to at least that row, so a file whose intake was cut
//! short (a crash, a kill) is rebuilt when it is next opened, before anything reads it.

use rusqlite::OptionalExtension;

use super::{Result, Store};

/// The `meta` key of the note: the tables do not yet hold the log's changes up to this row.
const PENDING: &str = "tables behind the log up to row";

/// Notes, in the write's own transaction, that the tables are behind the log.
pub(super) fn mark_pending(tx: &rusqlite::Connection) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO meta (key, value) VALUES (?1, (SELECT coalesce(max(rowid), 0) FROM ops))
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute([PENDING])?;
    Ok(())
}

impl Store {
    /// Whether changes were taken into the log without being built into the tables yet.
    pub fn tables_pending(&self) -> Result<bool> {
        Ok(self.pending_row()?.is_some())
    }

    fn pending_row(&self) -> Result<Option<i64>> {
        Ok(self
            .conn
            .prepare_cached("SELECT CAST(value AS INTEGER) FROM meta WHERE key = ?1")?
            .query_row([PENDING], |r| r.get(0))
            .optional()?)
    }

    /// Builds the tables from the whole log if changes were taken into it in bulk (or such an
    /// intake was cut short); does nothing otherwise, or on a file that cannot be written (its
    /// tables stay as they were, behind its log, until it can). Returns whether it built them.
    pub fn build_pending_tables(&mut self) -> Result<bool> {
        if self.read_only_reason().is_some() {
            return Ok(false);
        }
        let Some(upto) = self.pending_row()? else {
            return Ok(false);
        };
        // A new replica's tables hold nothing: built straight from the log, with nothing to
        // compare them with.
        if !self.build_into_empty()? {
            self.rebuild()?;
        }
        // The rebuild read the log as it was when it began, which holds row `upto`; a batch
        // that another process added since has noted a later row, and its note stays.
        self.conn
            .prepare_cached("DELETE FROM meta WHERE key = ?1 AND CAST(value AS INTEGER) <= ?2")?
            .execute(rusqlite::params![PENDING, upto])?;
        Ok(true)
    }

    /// About how many changes the log holds, read without counting: its last row number (at
    /// least the count).
    pub fn log_rows(&self) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached("SELECT coalesce(max(rowid), 0) FROM ops")?
            .query_row([], |r| r.get(0))?)
    }
}
