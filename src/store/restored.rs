//! What a copy gets back when its login comes to read restricted material again (a teacher's
//! login made a counselor's, or an advisor's that was a teacher's for a while): the changes the
//! file once took in their redacted form, or took out of its log ([`super::withheld`]), as the
//! hub holds them whole.

use rusqlite::params;
use serde_json::Value;

use super::oplog::Op;
use super::packed;
use super::{Result, Store};

/// Marks a file whose login reads restricted material again until what it lacks of it is back.
const PENDING: &str = "hub-restore-pending";

impl Store {
    /// Notes that this file's login reads restricted material again (it was a reading copy),
    /// so the next pull brings back what the file holds without it, however often a sync is
    /// cut short before that is done.
    pub fn mark_restore_pending(&self) -> Result<()> {
        self.set_meta(PENDING, "1")
    }

    /// Whether what this file holds without restricted material is still to be brought back.
    pub fn restore_pending(&self) -> Result<bool> {
        Ok(self.meta(PENDING)?.is_some())
    }

    /// Notes that it is back.
    pub fn restore_done(&self) -> Result<()> {
        self.conn
            .prepare_cached("DELETE FROM meta WHERE key = ?1")?
            .execute([PENDING])?;
        Ok(())
    }

    /// The value the log holds for the change `id`, if it holds that change (`None` too for a
    /// value that cannot be read back, which a restore then writes again).
    pub fn held_value(&self, id: &str) -> Result<Option<Value>> {
        use rusqlite::OptionalExtension;
        let value = self
            .conn
            .prepare_cached("SELECT value FROM ops WHERE id = ?1")?
            .query_row([packed::id(id)], |r| {
                Ok(packed::unpack_value(r.get_ref(0)?).ok())
            })
            .optional()?;
        Ok(value.flatten())
    }

    /// Writes each of `ops` (changes the log holds under the same ids, in the redacted form a
    /// login reading without restricted material was handed) back as the hub holds it, and
    /// rebuilds the tables from the log, all in one transaction. Returns how many were written.
    pub fn restore_values(&mut self, ops: &[Op]) -> Result<usize> {
        if ops.is_empty() {
            return Ok(0);
        }
        let tx = self.rebuild_transaction()?;
        {
            let mut rewrite = tx.prepare("UPDATE ops SET value = ?2 WHERE id = ?1")?;
            for op in ops {
                rewrite.execute(params![packed::id(&op.id), packed::value(&op.value)?])?;
            }
        }
        super::rebuild::rebuild_and_commit(tx)?;
        self.conn.flush_prepared_statement_cache();
        Ok(ops.len())
    }
}
