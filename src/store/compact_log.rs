//! Schema version 3: the change log packed (see `packed`). A file of an earlier version is brought to it
//! on open, in one transaction: the log is copied row by row into the packed table (same row
//! numbers), every copied change is read back and compared with the original, and only then is
//! the old table dropped and the indexes built (after the load, when building them is cheapest).

use rusqlite::{params, Connection};
use serde_json::Value;

use super::oplog::{op_from_row, Op, OP_SELECT};
use super::packed;
use super::{Result, StoreError};

/// The packed log's tables (the old `ops` table is still there while the rows are copied).
const TABLES: &str = "
-- Each replica id once; the log refers to it by number.
CREATE TABLE replicas (
    n  INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE
);
CREATE TABLE ops_packed (
    id        BLOB NOT NULL,
    replica   INTEGER NOT NULL,
    seq       INTEGER NOT NULL,
    ms        INTEGER NOT NULL,
    ctr       INTEGER NOT NULL,
    author    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id BLOB NOT NULL,
    field     TEXT NOT NULL,
    value     BLOB NOT NULL,
    base      BLOB NOT NULL
);
";

/// The old table gives way to the packed one, whose indexes are built once it is full.
const SWAP: &str = "
DROP TABLE ops;
ALTER TABLE ops_packed RENAME TO ops;
CREATE UNIQUE INDEX ops_by_id ON ops (id);
CREATE UNIQUE INDEX ops_by_replica ON ops (replica, seq);
CREATE INDEX ops_by_entity ON ops (entity_id, field);
CREATE INDEX ops_by_clock ON ops (ms, ctr, id);
";

/// Takes the log from version 2 to version 3 inside the caller's transaction.
pub(super) fn to_v3(conn: &Connection) -> Result<()> {
    // A log already packed (a file whose version number was set back by hand) stays as it is.
    let text_log: bool = conn.query_row(
        "SELECT count(*) FROM pragma_table_info('ops') WHERE name = 'hlc'",
        [],
        |r| r.get(0),
    )?;
    if !text_log {
        return Ok(());
    }
    conn.execute_batch(TABLES)?;
    conn.execute(
        "INSERT INTO replicas (id) SELECT replica FROM ops GROUP BY replica ORDER BY min(rowid)",
        [],
    )?;
    {
        let mut read = conn.prepare(
            "SELECT o.rowid, o.id, r.n, o.seq, o.hlc, o.author, o.entity, o.entity_id, o.field,
                    o.value, o.base
             FROM ops o JOIN replicas r ON r.id = o.replica ORDER BY o.rowid",
        )?;
        let mut write = conn.prepare(
            "INSERT INTO ops_packed
             (rowid, id, replica, seq, ms, ctr, author, entity, entity_id, field, value, base)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?;
        let mut rows = read.query([])?;
        while let Some(r) = rows.next()? {
            let op = old_op(r, 1)?;
            let (ms, ctr) = packed::hlc(&op.hlc)?;
            write.execute(params![
                r.get::<_, i64>(0)?,
                packed::id(&op.id),
                r.get::<_, i64>(2)?,
                op.seq,
                ms,
                ctr,
                op.author,
                op.entity,
                packed::id(&op.entity_id),
                op.field,
                packed::value(&op.value)?,
                packed::base(&op.base),
            ])?;
        }
    }
    verify(conn)?;
    conn.execute_batch(SWAP)?;
    Ok(())
}

/// Every change read back from the packed table is the one the old table held.
fn verify(conn: &Connection) -> Result<()> {
    let count = |table: &str| -> Result<i64> {
        Ok(conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
    };
    let (old, new) = (count("ops")?, count("ops_packed")?);
    if old != new {
        return Err(StoreError::Sql(format!(
            "{new} of the log's {old} changes were copied"
        )));
    }
    let mut old_rows = conn.prepare(
        "SELECT rowid, id, replica, seq, hlc, author, entity, entity_id, field, value, base
         FROM ops ORDER BY rowid",
    )?;
    let packed_select = OP_SELECT.replace("FROM ops o", "FROM ops_packed o");
    let mut new_rows = conn.prepare(&format!("{packed_select} ORDER BY o.rowid"))?;
    let mut a = old_rows.query([])?;
    let mut b = new_rows.query([])?;
    loop {
        match (a.next()?, b.next()?) {
            (None, None) => return Ok(()),
            (Some(x), Some(y)) => {
                let (was, is) = (old_op(x, 1)?, op_from_row(y)?);
                if was != is {
                    return Err(StoreError::Sql(format!(
                        "change {} did not read back as it was written",
                        was.id
                    )));
                }
            }
            _ => {
                return Err(StoreError::Sql(
                    "the copied log does not match the old one".into(),
                ))
            }
        }
    }
}

/// A change as version 1 stored it: columns from `at` on (id, replica, seq, hlc, author,
/// entity, entity id, field, JSON value, base ids separated by spaces). The replica column
/// may hold the replica's number instead of its id; the caller then reads it itself.
fn old_op(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<Op> {
    let value: String = r.get(at + 8)?;
    let base: String = r.get(at + 9)?;
    let replica = match r.get_ref(at + 1)? {
        rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
        _ => String::new(),
    };
    Ok(Op {
        id: r.get(at)?,
        replica,
        seq: r.get(at + 2)?,
        hlc: r.get(at + 3)?,
        author: r.get(at + 4)?,
        entity: r.get(at + 5)?,
        entity_id: r.get(at + 6)?,
        field: r.get(at + 7)?,
        value: serde_json::from_str(&value).unwrap_or(Value::Null),
        base: base.split_whitespace().map(str::to_string).collect(),
    })
}
