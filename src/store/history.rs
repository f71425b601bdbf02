//! What a file's change log and drafts say about who has typed into it.

use super::{Result, Store};

impl Store {
    /// Whether anyone but `author` has changed this file, or left typing in it as a draft.
    pub fn holds_work_of_others(&self, author: &str) -> Result<bool> {
        let changed: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM ops WHERE author <> ?1)
                 OR EXISTS (SELECT 1 FROM drafts)",
            [author],
            |r| r.get(0),
        )?;
        Ok(changed)
    }
}
