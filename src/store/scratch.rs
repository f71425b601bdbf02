//! Scratch copies of the built tables, for the rebuild: empty tables of the same names and
//! shapes in SQLite's `temp` schema, where unqualified names find them first, so that applying
//! the log fills them instead of the tables in the file.
//!
//! The file itself is then only read while the log is replayed: its write-ahead log stays as
//! small as it was. (Rebuilding in place wrote every page of every table into the write-ahead
//! log; each page read then searched an index of that log that grew with it, which made the
//! rebuild grow faster than the data, and the work was thrown away when the tables agreed.)

use rusqlite::Connection;

use super::schema::Entity;
use super::{Result, StoreError};

/// Tables derived from the log besides the entities' own.
const DERIVED: [&str; 3] = ["conflicts", "student_summary", "summary_counts"];

/// Memory the scratch tables may keep (KiB); beyond it their pages go to a temporary file.
const SCRATCH_CACHE_KIB: i64 = 32 * 1024;

/// The scratch tables' page size (bytes): SQLite's largest, sixteen times the file's own. At
/// 50,000 students the scratch tables outgrow their cache and go to a temporary file, and larger
/// pages read and write it in a sixteenth of the system calls; at 5,000 the work is the same.
const SCRATCH_PAGE_SIZE: i64 = 64 * 1024;

/// Every table the rebuild fills, entities first.
pub(super) fn tables() -> Vec<&'static str> {
    let mut all: Vec<&str> = Entity::ALL.iter().map(|e| e.table()).collect();
    all.extend(DERIVED);
    all
}

/// The schema's statements for `kind` ("table" or "index") on the rebuilt tables: (name, sql).
fn schema_sql(conn: &Connection, kind: &str) -> Result<Vec<(String, String)>> {
    let list = tables()
        .iter()
        .map(|t| format!("'{t}'"))
        .collect::<Vec<_>>()
        .join(", ");
    Ok(conn
        .prepare(&format!(
            "SELECT name, sql FROM main.sqlite_schema WHERE type = ?1 AND sql IS NOT NULL
             AND tbl_name IN ({list}) ORDER BY name"
        ))?
        .query_map([kind], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

/// Makes the scratch tables, without their secondary indexes: the tables are compared in
/// order of their primary keys, and the caseload lines are made by reading each table whole.
/// Statements prepared before are forgotten, so that they find the scratch tables.
pub(super) fn create(conn: &Connection) -> Result<()> {
    // Set before the first scratch table makes the temporary database (afterwards it is kept).
    conn.execute_batch(&format!("PRAGMA temp.page_size = {SCRATCH_PAGE_SIZE}"))?;
    for (name, sql) in schema_sql(conn, "table")? {
        let Some(rest) = sql.strip_prefix("CREATE TABLE ") else {
            return Err(StoreError::Sql(format!(
                "the table {name} has an unexpected definition"
            )));
        };
        conn.execute_batch(&format!("CREATE TEMP TABLE {rest}"))?;
    }
    conn.execute_batch(&format!("PRAGMA temp.cache_size = -{SCRATCH_CACHE_KIB}"))?;
    conn.flush_prepared_statement_cache();
    Ok(())
}

/// An index's definition with its schema named (`CREATE INDEX temp.name ON …`): the table it
/// is on is then looked for in that schema only.
fn in_schema(name: &str, sql: &str, schema: &str) -> Result<String> {
    ["CREATE INDEX ", "CREATE UNIQUE INDEX "]
        .iter()
        .find_map(|p| {
            let rest = sql.strip_prefix(p)?;
            let rest = rest.strip_prefix("IF NOT EXISTS ").unwrap_or(rest);
            Some(format!("{p}{schema}.{rest}"))
        })
        .ok_or_else(|| StoreError::Sql(format!("the index {name} has an unexpected definition")))
}

/// The caseload's counts, added up from the scratch caseload lines (the file's own counts are
/// kept by triggers, which the scratch tables do not have; both count the same).
pub(super) fn count_summaries(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "INSERT INTO temp.summary_counts
         SELECT status, coalesce(next_date, ''), count(*) FROM temp.student_summary
         WHERE retired = 0 GROUP BY 1, 2",
    )?;
    Ok(())
}

/// Replaces the file's tables with the scratch ones. The file's secondary indexes are built
/// again once the rows are in; its caseload counts follow the caseload lines by their triggers.
pub(super) fn copy_back(conn: &Connection) -> Result<()> {
    let indexes = drop_indexes(conn)?;
    for t in tables() {
        conn.execute_batch(&format!("DELETE FROM main.{t}"))?;
    }
    // A record's rows go in the order the log made them, as a change-by-change write leaves
    // them: the next check then finds the two tables alike in the order their rows lie.
    for e in Entity::ALL {
        let t = e.table();
        conn.execute_batch(&format!(
            "INSERT INTO main.{t} SELECT * FROM temp.{t} ORDER BY rowid"
        ))?;
    }
    for t in DERIVED {
        if t != "summary_counts" {
            conn.execute_batch(&format!(
                "INSERT INTO main.{t} SELECT * FROM temp.{t} ORDER BY 1"
            ))?;
        }
    }
    make_indexes(conn, &indexes)
}

/// The file's secondary indexes on the rebuilt tables, dropped so that rows go in without
/// them: returned, to be made again by [`make_indexes`] once the rows are in.
pub(super) fn drop_indexes(conn: &Connection) -> Result<Vec<(String, String)>> {
    let indexes = schema_sql(conn, "index")?;
    for (name, _) in &indexes {
        conn.execute_batch(&format!("DROP INDEX main.\"{name}\""))?;
    }
    Ok(indexes)
}

/// The file's page cache (KiB) while [`make_indexes`] makes its indexes. SQLite's sorter
/// holds as many keys as the page cache holds pages before it writes them out to be merged:
/// with the usual 24 MB both, a new replica's first pull of 50,000 students peaked at
/// 100–111 MB while its indexes were made, against 66 MB while its changes came in.
const INDEX_CACHE_KIB: i64 = 8 * 1024;

/// Makes the indexes [`drop_indexes`] dropped, each from its whole table at once, with a
/// smaller page cache meanwhile (the file's own is given back after).
pub(super) fn make_indexes(conn: &Connection, indexes: &[(String, String)]) -> Result<()> {
    let usual: i64 = conn.query_row("PRAGMA main.cache_size", [], |r| r.get(0))?;
    conn.execute_batch(&format!("PRAGMA main.cache_size = -{INDEX_CACHE_KIB}"))?;
    let made = indexes
        .iter()
        .try_for_each(|(name, sql)| Ok(conn.execute_batch(&in_schema(name, sql, "main")?)?));
    conn.execute_batch(&format!("PRAGMA main.cache_size = {usual}"))?;
    made
}

/// Whether every table the rebuild fills is empty in the file (a new replica's, before its
/// first pull is built).
pub(super) fn file_tables_empty(conn: &Connection) -> Result<bool> {
    for t in tables() {
        let any: bool = conn.query_row(
            &format!("SELECT EXISTS (SELECT 1 FROM main.{t})"),
            [],
            |r| r.get(0),
        )?;
        if any {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Drops the scratch tables; statements prepared on them are forgotten.
pub(super) fn drop(conn: &Connection) -> Result<()> {
    for t in tables() {
        conn.execute_batch(&format!("DROP TABLE IF EXISTS temp.{t}"))?;
    }
    conn.flush_prepared_statement_cache();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scratch_tables_have_their_own_page_size() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.db");
        std::mem::drop(crate::store::test_support::store_with_student_at(&path));
        // As `plp check` finds it: opened, and the rebuild the first thing done.
        let s = crate::store::Store::open_existing(&path).unwrap();
        let conn = &s.conn;
        create(conn).unwrap();
        let temp: i64 = conn
            .query_row("PRAGMA temp.page_size", [], |r| r.get(0))
            .unwrap();
        let main: i64 = conn
            .query_row("PRAGMA main.page_size", [], |r| r.get(0))
            .unwrap();
        assert_eq!((temp, main), (SCRATCH_PAGE_SIZE, 4096));
        drop(conn).unwrap();
    }
}
