//! What SQLite's query planner knows of the tables' sizes (`sqlite_stat1`, written by
//! `ANALYZE`). Counts taken while a file was small make the planner scan tables it should look
//! rows up in: a file counted when it held one student, that then took in 5,000 through sync,
//! scanned every student (and every plan) for each caseload line it updated, so that taking in
//! a caseload grew with its square. Each write counts them again, before it refreshes the
//! caseload lines it touched, once the log has grown well past what the counts say.

use rusqlite::Connection;

use super::{open, Result};

/// The log must hold at least this many more changes than the counts say before they are taken
/// again (with fewer, a scan costs little whatever the planner thinks).
const RECOUNT_AFTER: i64 = 1_000;

/// How many entries of each index `ANALYZE` reads when counting again: enough for the planner
/// to tell a table of thousands from one of a few rows, at a cost that does not grow with it.
const SAMPLE: i64 = 1_000;

/// Counts the tables again (a bounded sample of each index) when the log holds more than
/// twice the changes the planner's counts say, and at least [`RECOUNT_AFTER`] more. A file
/// never counted is left so: SQLite then takes every table for a large one and looks rows up by
/// their indexes. Run inside a write, before its caseload lines are refreshed, the new counts
/// already include what the write added. Returns whether it counted.
pub(super) fn recount_if_grown(conn: &Connection) -> Result<bool> {
    let Some(counted) = ops_counted(conn)? else {
        return Ok(false);
    };
    let held: i64 = conn
        .prepare_cached("SELECT coalesce(max(rowid), 0) FROM ops")?
        .query_row([], |r| r.get(0))?;
    if held <= 2 * counted || held - counted < RECOUNT_AFTER {
        return Ok(false);
    }
    conn.pragma_update(None, "analysis_limit", SAMPLE)?;
    let counted = conn.execute_batch("ANALYZE");
    conn.pragma_update(None, "analysis_limit", 0)?;
    counted?;
    open::drop_value_samples(conn)?;
    Ok(true)
}

/// How many changes the planner's counts say the log holds; `None` if it was never counted.
fn ops_counted(conn: &Connection) -> Result<Option<i64>> {
    use rusqlite::OptionalExtension;
    let kept: bool = conn
        .prepare_cached("SELECT count(*) FROM sqlite_schema WHERE name = 'sqlite_stat1'")?
        .query_row([], |r| r.get(0))?;
    if !kept {
        return Ok(None);
    }
    let stat: Option<String> = conn
        .prepare_cached("SELECT stat FROM sqlite_stat1 WHERE tbl = 'ops' LIMIT 1")?
        .query_row([], |r| r.get(0))
        .optional()?;
    Ok(stat.and_then(|s| s.split_whitespace().next()?.parse().ok()))
}

#[cfg(test)]
mod tests {
    use crate::domain::Student;
    use crate::store::Store;

    fn student(sis: usize) -> Student {
        Student {
            sis_id: sis.to_string(),
            given_name: "Amara".into(),
            family_name: "Okafor".into(),
            ..Default::default()
        }
    }

    /// How SQLite would read one student's caseload line now.
    fn summary_plan(s: &Store) -> String {
        let mut stmt = s
            .conn
            .prepare(&format!(
                "EXPLAIN QUERY PLAN {}",
                crate::store::summary::REFRESH_SQL
            ))
            .unwrap();
        let rows = stmt
            .query_map(["x"], |r| r.get::<_, String>(3))
            .unwrap()
            .collect::<rusqlite::Result<Vec<_>>>()
            .unwrap();
        rows.join("\n")
    }

    /// A file counted when it held one student.
    fn small_counted_file() -> Store {
        let mut small = Store::in_memory().unwrap();
        small.write(|w| w.add_student(&student(0))).unwrap();
        small.compact_indexes().unwrap();
        assert!(
            !summary_plan(&small).contains("SEARCH s "),
            "the stale plan scans"
        );
        small
    }

    fn many_students(w: &mut crate::store::Writer<'_>) -> crate::store::Result<()> {
        (1..=1_500).try_for_each(|i| w.add_student(&student(i)).map(|_| ()))
    }

    #[test]
    fn a_small_file_that_takes_in_many_changes_is_counted_again() {
        let mut big = Store::in_memory().unwrap();
        big.write(many_students).unwrap();
        let mut small = small_counted_file();
        let applied = small.apply_ops(big.ops().unwrap()).unwrap();
        assert_eq!(applied.new, 1_500);
        let counted = super::ops_counted(&small.conn).unwrap().unwrap();
        assert!(counted > 1_000, "counted {counted}");
        let plan = summary_plan(&small);
        assert!(plan.contains("SEARCH s USING"), "{plan}");
        // Counting again only once the log has grown well past the counts.
        assert!(!super::recount_if_grown(&small.conn).unwrap());
        // A file never counted is left so.
        let mut fresh = Store::in_memory().unwrap();
        fresh.apply_ops(big.ops().unwrap()).unwrap();
        assert_eq!(super::ops_counted(&fresh.conn).unwrap(), None);
    }

    #[test]
    fn one_large_write_is_counted_before_it_refreshes_the_caseload() {
        let mut small = small_counted_file();
        small.write(many_students).unwrap();
        let counted = super::ops_counted(&small.conn).unwrap().unwrap();
        assert!(counted > 1_000, "counted {counted}");
        assert!(summary_plan(&small).contains("SEARCH s USING"));
        // The caseload lines are all there, whatever the plan.
        let lines: i64 = small
            .conn
            .query_row("SELECT count(*) FROM student_summary", [], |r| r.get(0))
            .unwrap();
        assert_eq!(lines, 1_501);
    }
}
