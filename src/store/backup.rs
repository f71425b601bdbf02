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

    /// Writes a copy of this database into `dest` (an empty file) that carries no draft, not
    /// even as bytes in free pages: `VACUUM INTO` writes only live rows, read under one read
    /// transaction, and the drafts are then deleted with `secure_delete`, which overwrites them.
    pub fn copy_without_drafts(&self, dest: &Path) -> Result<()> {
        let name = dest
            .to_str()
            .ok_or_else(|| StoreError::Sql("the scratch file's name is not UTF-8".into()))?;
        self.conn.execute("VACUUM INTO ?1", [name])?;
        scrub(dest, None)
    }

    /// Copies the backup at `backup` (never changing it) into `dest` (an empty scratch file),
    /// checks that it is a sound plp database, and gives it a new replica id: a restored backup
    /// is a new replica, so that the changes made after it was taken come back at its next sync
    /// as another replica's. Returns how many changes its log holds.
    pub fn restore_into(backup: &Path, dest: &Path) -> Result<i64> {
        let refuse = || StoreError::NotADatabase(backup.to_path_buf());
        // Reading a backup in WAL mode read-only leaves its -wal and -shm files beside it (a
        // reader may not remove them): those this reading made are taken away after it.
        let _tidy = Sidecars::note(backup);
        {
            let source = rusqlite::Connection::open_with_flags(
                backup,
                rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
                    | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .map_err(|_| refuse())?;
            let mut out = rusqlite::Connection::open(dest)?;
            rusqlite::backup::Backup::new(&source, &mut out)
                .and_then(|b| b.step(-1).map(|_| ()))
                .map_err(|_| refuse())?;
            // A backup a newer plp wrote is said to be that, by its own name.
            let found: i64 = out
                .pragma_query_value(None, "user_version", |r| r.get(0))
                .map_err(|_| refuse())?;
            if found > super::schema::SCHEMA_VERSION {
                return Err(StoreError::Newer {
                    path: backup.to_path_buf(),
                    found,
                    known: super::schema::SCHEMA_VERSION,
                });
            }
        }
        let changes = {
            let copy = Store::open_existing(dest).map_err(|e| match e {
                StoreError::Foreign(_) => StoreError::Foreign(backup.to_path_buf()),
                StoreError::NotADatabase(_) => refuse(),
                e => e,
            })?;
            if let Some(why) = copy.read_only_reason() {
                return Err(StoreError::ReadOnly(why.to_string()));
            }
            if copy.integrity_problem()?.is_some() {
                return Err(refuse());
            }
            copy.op_count()?
        };
        Self::make_new_replica(dest)?;
        Ok(changes)
    }

    /// Makes the copy at `path` (a scratch file nobody else uses) a replica of its own: a new
    /// replica id, no drafts, and not the demo. Returns the new id.
    pub fn make_new_replica(path: &Path) -> Result<String> {
        let replica = uuid::Uuid::now_v7().simple().to_string();
        scrub(path, Some(&replica))?;
        Ok(replica)
    }

    /// Makes this empty replica the database in `copy` (a scratch file already given its own
    /// replica id) in one step: SQLite's online backup copies every page in one transaction of
    /// this file, so its log, tables and replica id arrive together or not at all. The copy
    /// brings its school, unless this file had one of its own.
    pub fn adopt(&mut self, copy: &Path) -> Result<()> {
        if self.op_count()? != 0 {
            return Err(StoreError::Sql(
                "only an empty database can be made a copy".into(),
            ));
        }
        if let Some(why) = &self.read_only {
            return Err(StoreError::ReadOnly(why.clone()));
        }
        // The school is the file's own: one set here before the copy came is kept, written
        // into the copy so that it arrives with the rest in the same step.
        if let Some(own) = self.meta(super::school::KEY)? {
            rusqlite::Connection::open_with_flags(
                copy,
                rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE
                    | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?
            .execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [super::school::KEY, own.as_str()],
            )?;
        }
        let source = rusqlite::Connection::open_with_flags(
            copy,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
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
        let copied = rusqlite::backup::Backup::new(&source, &mut self.conn)
            .and_then(|b| b.step(-1).map(|_| ()));
        drop(source);
        if switched {
            self.conn
                .query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0))?;
        }
        copied?;
        self.replica =
            self.conn
                .query_row("SELECT value FROM meta WHERE key = 'replica'", [], |r| {
                    r.get(0)
                })?;
        // The note beside this path is the copy's from now on (see `copied_back`).
        self.note_own_seq(self.own_seq()?);
        Ok(())
    }

    /// How many operations the change log holds.
    pub fn op_count(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM ops", [], |r| r.get(0))?)
    }
}

/// Deletes the drafts (and the demo mark) of the scratch copy at `path`, overwriting their bytes,
/// and gives it `replica` as its id if one is given, in one transaction.
fn scrub(path: &Path, replica: Option<&str>) -> Result<()> {
    let mut conn = rusqlite::Connection::open_with_flags(
        path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.pragma_update(None, "secure_delete", "ON")?;
    let tx = conn.transaction()?;
    tx.execute_batch("DELETE FROM drafts; DELETE FROM meta WHERE key = 'demo';")?;
    if let Some(replica) = replica {
        tx.execute(
            "UPDATE meta SET value = ?1 WHERE key = 'replica'",
            [replica],
        )?;
    }
    tx.commit()?;
    Ok(())
}

/// The `-wal` and `-shm` files beside a database that a read-only reading is about to make:
/// when dropped, those that were not there before are removed, unless the log holds pages (it
/// never does from a reading alone).
struct Sidecars {
    made: Vec<std::path::PathBuf>,
}

impl Sidecars {
    fn note(db: &Path) -> Sidecars {
        let made = ["-wal", "-shm"]
            .iter()
            .map(|suffix| {
                let mut p = db.as_os_str().to_owned();
                p.push(suffix);
                std::path::PathBuf::from(p)
            })
            .filter(|p| !p.exists())
            .collect();
        Sidecars { made }
    }
}

impl Drop for Sidecars {
    fn drop(&mut self) {
        let wal_empty = self
            .made
            .iter()
            .filter(|p| p.to_string_lossy().ends_with("-wal"))
            .all(|p| std::fs::metadata(p).map_or(true, |m| m.len() == 0));
        if wal_empty {
            for p in &self.made {
                let _ = std::fs::remove_file(p);
            }
        }
    }
}
