//! A consistent copy of a live database, made with SQLite's online backup.

use std::path::Path;

use super::open::io_reason;
use super::{Result, Store, StoreError};

impl Store {
    /// Copies the whole database to a new file (created readable by the owner only).
    /// Returns the number of operations in the copy's change log.
    pub fn backup_to(&self, dest: &Path) -> Result<i64> {
        use std::os::unix::fs::OpenOptionsExt;
        let fail = |reason: String| StoreError::Open {
            path: dest.to_path_buf(),
            reason,
        };
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(dest)
            .map_err(|e| fail(io_reason(&e)))?;
        let copy = || -> Result<i64> {
            let mut out = rusqlite::Connection::open(dest)?;
            {
                let b = rusqlite::backup::Backup::new(&self.conn, &mut out)?;
                // One step copies every page under one read lock: a consistent snapshot.
                b.step(-1)?;
            }
            Ok(out.query_row("SELECT count(*) FROM ops", [], |r| r.get(0))?)
        };
        copy().inspect_err(|_| {
            let _ = std::fs::remove_file(dest);
        })
    }

    /// Makes this empty replica a copy of `source` through SQLite's online backup (never a copy
    /// of the live file), then gives it its own replica id. The tables are built from the log,
    /// so the result is exactly what receiving every operation would give, only much faster.
    pub fn clone_from(&mut self, source: &Store) -> Result<()> {
        if self.op_count()? != 0 {
            return Err(StoreError::Sql(
                "only an empty database can be made a copy".into(),
            ));
        }
        if let Some(why) = &self.read_only {
            return Err(StoreError::ReadOnly(why.clone()));
        }
        // Through a write-ahead log every page would be written twice; a rollback journal of
        // the (empty) file costs nothing. If another connection holds the file, WAL stays.
        let journal: String = self
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
        let switched = journal.eq_ignore_ascii_case("wal")
            && self
                .conn
                .query_row("PRAGMA journal_mode = DELETE", [], |r| {
                    r.get::<_, String>(0)
                })
                .is_ok_and(|m| m.eq_ignore_ascii_case("delete"));
        let copied = rusqlite::backup::Backup::new(&source.conn, &mut self.conn)
            .and_then(|b| b.step(-1).map(|_| ()));
        if switched {
            self.conn
                .query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0))?;
        }
        copied?;
        let replica = uuid::Uuid::now_v7().simple().to_string();
        self.conn
            .execute_batch("DELETE FROM drafts; DELETE FROM meta WHERE key = 'demo';")?;
        self.conn.execute(
            "UPDATE meta SET value = ?1 WHERE key = 'replica'",
            [&replica],
        )?;
        self.replica = replica;
        Ok(())
    }

    /// A consistent image of the whole database file, read under one read transaction.
    pub fn image(&self) -> Result<impl std::ops::Deref<Target = [u8]> + '_> {
        Ok(self.conn.serialize(rusqlite::MAIN_DB)?)
    }

    /// How many operations the change log holds.
    pub fn op_count(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM ops", [], |r| r.get(0))?)
    }
}
