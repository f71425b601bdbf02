//! What the check of a database copy received from another replica reads: SQLite's own check of
//! every page, the schema's objects, where the change log's rows divide in two, and how many
//! changes each replica has in the log.

use std::collections::BTreeMap;
use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use super::{Result, Store};

impl Store {
    /// Whether this file's tables, indexes and triggers are exactly the ones this plp keeps
    /// (SQLite's own statistics left out).
    pub fn has_this_plps_schema(&self) -> Result<bool> {
        let reference = Store::in_memory()?;
        Ok(schema_objects(&self.conn)? == schema_objects(&reference.conn)?)
    }

    /// The row number that divides the change log in two halves (the first of the upper half).
    pub fn log_midpoint(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT coalesce(max(rowid), 0) / 2 + 1 FROM ops", [], |r| {
                r.get(0)
            })?)
    }

    /// For each replica in the change log, how many different sequence numbers it has there.
    pub fn distinct_seqs_by_replica(&self) -> Result<BTreeMap<String, i64>> {
        Ok(self
            .conn
            .prepare(
                "SELECT r.id, count(DISTINCT o.seq) FROM ops o JOIN replicas r ON r.n = o.replica
                 GROUP BY o.replica",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// SQLite's check of every page of the file at `path`, on a read-only connection of its own
    /// (so it can run beside other reads of the same file): whether it found it sound.
    pub fn file_passes_quick_check(path: &Path) -> Result<bool> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        let ok: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        Ok(ok == "ok")
    }
}

/// The schema's objects, leaving out SQLite's own (statistics from ANALYZE).
fn schema_objects(conn: &Connection) -> Result<Vec<(String, String, String)>> {
    Ok(conn
        .prepare(
            "SELECT type, name, coalesce(sql, '') FROM sqlite_schema
             WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type, name",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?)
}
