//! Drafts: whatever is being typed, saved continuously on this machine only.
//!
//! Drafts are not part of the change log: they are one person's unfinished typing on one machine.

use rusqlite::{params, OptionalExtension};

use super::{Result, Store};

/// Unfinished typing, keyed by what it is for (e.g. `checkin:<student id>`).
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    /// What the draft is for.
    pub key: String,
    /// The form's contents (JSON, owned by whoever wrote it).
    pub body: String,
    /// When it was last saved (RFC 3339).
    pub updated: String,
}

impl Store {
    /// Saves (replaces) a draft.
    pub fn save_draft(&self, key: &str, body: &str) -> Result<()> {
        if let Some(why) = &self.read_only {
            return Err(super::StoreError::ReadOnly(why.clone()));
        }
        self.conn
            .prepare_cached(
                "INSERT INTO drafts (key, body, updated) VALUES (?1, ?2, ?3)
                 ON CONFLICT (key) DO UPDATE SET body = excluded.body, updated = excluded.updated",
            )?
            .execute(params![key, body, chrono::Utc::now().to_rfc3339()])?;
        Ok(())
    }

    /// One draft.
    pub fn draft(&self, key: &str) -> Result<Option<Draft>> {
        Ok(self
            .conn
            .query_row(
                "SELECT key, body, updated FROM drafts WHERE key = ?1",
                [key],
                |r| {
                    Ok(Draft {
                        key: r.get(0)?,
                        body: r.get(1)?,
                        updated: r.get(2)?,
                    })
                },
            )
            .optional()?)
    }

    /// Every draft, newest first.
    pub fn drafts(&self) -> Result<Vec<Draft>> {
        let mut stmt = self
            .conn
            .prepare("SELECT key, body, updated FROM drafts ORDER BY updated DESC")?;
        let rows = stmt.query_map([], |r| {
            Ok(Draft {
                key: r.get(0)?,
                body: r.get(1)?,
                updated: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Removes a draft once its contents are saved for real (or discarded on purpose).
    pub fn delete_draft(&self, key: &str) -> Result<()> {
        if self.read_only.is_some() {
            return Ok(());
        }
        self.conn
            .execute("DELETE FROM drafts WHERE key = ?1", [key])?;
        Ok(())
    }
}
