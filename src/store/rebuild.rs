//! Checking the file, and rebuilding every table from the change log.

use super::oplog::{apply, apply_create, op_from_row, OP_SELECT};
use super::packed;
use super::schema::Entity;
use super::statements::Statements;
use super::values::columns;
use super::values::create_row;
use super::{Result, Store, StoreError};

impl Store {
    /// Every built table, dumped as text in a fixed order: equal dumps mean equal tables.
    pub fn dump_tables(&self) -> Result<String> {
        let mut out = String::new();
        dump(&self.conn, &mut out)?;
        Ok(out)
    }

    /// Rebuilds every table from the change log. Returns whether the tables had disagreed.
    pub fn rebuild(&mut self) -> Result<bool> {
        let tx = self.rebuild_transaction()?;
        let out = rebuild_in(tx);
        // Whichever way it ended, no statement prepared on the scratch tables is kept.
        self.conn.flush_prepared_statement_cache();
        out
    }

    /// Builds the tables from the whole log straight into the file's own tables when they hold
    /// nothing yet (a new replica's first pull, taken into the log in bulk): no scratch tables,
    /// no comparison and no copy; the secondary indexes are made once the rows are in, each
    /// from its whole table. Returns whether it built them: nothing is done (`false`) when any
    /// table holds a row, and [`Store::rebuild`] is then the way.
    pub fn build_into_empty(&mut self) -> Result<bool> {
        let tx = self.rebuild_transaction()?;
        if !super::scratch::file_tables_empty(&tx)? {
            return Ok(false);
        }
        let indexes = super::scratch::drop_indexes(&tx)?;
        replay_log(&tx)?;
        // The caseload's counts follow the lines by the file's triggers.
        super::summary_rebuild::all_lines(&tx, "main")?;
        super::scratch::make_indexes(&tx, &indexes)?;
        tx.commit()?;
        self.conn.flush_prepared_statement_cache();
        Ok(true)
    }

    /// The transaction a rebuild or build writes the tables in (taking the write lock at once),
    /// on a file that may be written.
    pub(super) fn rebuild_transaction(&mut self) -> Result<rusqlite::Transaction<'_>> {
        if let Some(why) = &self.read_only {
            return Err(StoreError::ReadOnly(why.clone()));
        }
        Ok(self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?)
    }

    /// Replicas whose version-vector entry claims changes the log does not hold without a gap:
    /// (replica, claimed, held), where `held` is the last of an unbroken run from 1. A partial
    /// replica (one that holds what its hub login may read) holds the other replicas' changes
    /// with gaps by design, and its entries for them are the hub's cursors: only its own
    /// replica's is judged.
    pub fn unbacked_versions(&self) -> Result<Vec<(String, i64, i64)>> {
        let partial = self.partial_of()?.is_some();
        let claims: Vec<(String, i64)> = self
            .conn
            .prepare("SELECT replica, seq FROM versions ORDER BY replica")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .filter(|c| !partial || c.as_ref().is_ok_and(|(r, _)| *r == self.replica))
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::new();
        let mut stmt = self.conn.prepare(
            "SELECT DISTINCT seq FROM ops
             WHERE replica = (SELECT n FROM replicas WHERE id = ?1) AND seq <= ?2 ORDER BY seq",
        )?;
        for (replica, claimed) in claims {
            let mut held = 0;
            let mut rows = stmt.query(rusqlite::params![replica, claimed])?;
            while let Some(r) = rows.next()? {
                if r.get::<_, i64>(0)? != held + 1 {
                    break;
                }
                held += 1;
            }
            if held != claimed {
                out.push((replica, claimed, held));
            }
        }
        Ok(out)
    }

    /// Sets each version-vector entry the log does not back to what the log holds without a
    /// gap, so that the missing changes are asked for again. Returns what was wrong.
    pub fn repair_versions(&mut self) -> Result<Vec<(String, i64, i64)>> {
        if let Some(why) = &self.read_only {
            return Err(StoreError::ReadOnly(why.clone()));
        }
        let wrong = self.unbacked_versions()?;
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        for (replica, _, held) in &wrong {
            tx.execute(
                "UPDATE versions SET seq = ?2 WHERE replica = ?1",
                rusqlite::params![replica, held],
            )?;
        }
        tx.commit()?;
        Ok(wrong)
    }

    /// Runs SQLite's own integrity check; `None` when the file is sound.
    pub fn integrity_problem(&self) -> Result<Option<String>> {
        integrity_problem(&self.conn)
    }

    /// `plp check`: SQLite's integrity check, the version vector against the log, and the
    /// tables against the log, rebuilt if they disagree. The integrity check runs on a second,
    /// read-only connection on its own thread while the log is replayed here; nothing is
    /// written (neither the tables nor the version vector) until it has found the file sound,
    /// and a damaged file is left as it was.
    pub fn check(&mut self) -> Result<Checked> {
        if let Some(why) = &self.read_only {
            return Err(StoreError::ReadOnly(why.clone()));
        }
        let integrity = Integrity::start(&self.conn);
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate);
        let agree = match &tx {
            Ok(tx) => replay_and_compare(tx, Some(CHECK_SCRATCH_CACHE_KIB)),
            Err(_) => Ok(true),
        };
        // Whatever the replay met (a damaged file may stop it early), the integrity check's
        // finding comes first.
        let problem = integrity.finish();
        // Ok(Err(problem)): damaged, and the transaction ends without a change (dropped).
        let out: Result<std::result::Result<bool, String>> = match (problem, tx) {
            (Err(e), _) => Err(e),
            (Ok(Some(problem)), _) => Ok(Err(problem)),
            (Ok(None), Err(e)) => Err(e.into()),
            (Ok(None), Ok(tx)) => agree.and_then(|agree| finish_rebuild(tx, agree)).map(Ok),
        };
        // Whichever way it ended, no statement prepared on the scratch tables is kept.
        self.conn.flush_prepared_statement_cache();
        match out? {
            Err(problem) => Ok(Checked::Damaged(problem)),
            Ok(rebuilt) => Ok(Checked::Sound {
                wrong_versions: self.repair_versions()?,
                rebuilt,
            }),
        }
    }
}

/// What [`Store::check`] found.
#[derive(Debug, PartialEq, Eq)]
pub enum Checked {
    /// SQLite's integrity check found the file damaged (its first finding); nothing was written.
    Damaged(String),
    /// The file is sound.
    Sound {
        /// Version-vector entries the log did not back, set back as [`Store::repair_versions`]
        /// does: (replica, claimed, held).
        wrong_versions: Vec<(String, i64, i64)>,
        /// Whether the tables disagreed with the log and were rebuilt from it.
        rebuilt: bool,
    },
}

fn integrity_problem(conn: &rusqlite::Connection) -> Result<Option<String>> {
    let s: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    Ok((s != "ok").then_some(s))
}

/// The scratch tables' page cache (KiB) in `plp check`, where the file's own cache is kept
/// small (see `cli::check`): the replay reads the file's log in order, once, while the
/// scratch tables are written and read again. At 50,000 students 8 MB for the file and 48 MB
/// for the scratch tables peaked at 86 MB against 102 MB for 24 MB and 32 MB, in as much
/// processor time (at 5,000 too).
const CHECK_SCRATCH_CACHE_KIB: i64 = 48 * 1024;

/// The second connection's page cache (KiB). The integrity check reads each table and index
/// in order, and took as long with 4 MB as with 24 MB or more at 5,000 and 50,000 students;
/// the memory is better left to the replay.
const INTEGRITY_CACHE_KIB: i64 = 4 * 1024;

/// SQLite's integrity check, running on a read-only connection of its own on another thread,
/// or already done (a database in memory has no second connection, and one that cannot be
/// opened is checked on the first before anything else).
enum Integrity {
    Running(std::thread::JoinHandle<Result<Option<String>>>),
    Done(Result<Option<String>>),
}

impl Integrity {
    fn start(conn: &rusqlite::Connection) -> Integrity {
        use rusqlite::OpenFlags as F;
        let second = conn.path().filter(|p| !p.is_empty()).and_then(|path| {
            let c = rusqlite::Connection::open_with_flags(
                path,
                F::SQLITE_OPEN_READ_ONLY | F::SQLITE_OPEN_NO_MUTEX,
            )
            .ok()?;
            c.busy_timeout(super::open::BUSY_TIMEOUT).ok()?;
            c.pragma_update(None, "cache_size", -INTEGRITY_CACHE_KIB)
                .ok()?;
            Some(c)
        });
        let Some(second) = second else {
            return Integrity::Done(integrity_problem(conn));
        };
        let run = std::thread::Builder::new()
            .name("integrity check".into())
            .spawn(move || integrity_problem(&second));
        match run {
            Ok(handle) => Integrity::Running(handle),
            Err(_) => Integrity::Done(integrity_problem(conn)),
        }
    }

    /// Waits for the finding; the second connection is closed by then.
    fn finish(self) -> Result<Option<String>> {
        match self {
            Integrity::Done(found) => found,
            Integrity::Running(handle) => handle.join().unwrap_or_else(|_| {
                Err(StoreError::Sql(
                    "the integrity check stopped unexpectedly".into(),
                ))
            }),
        }
    }
}

/// The rebuild inside its transaction: the log is replayed into scratch tables, and the file's
/// tables are written only if they disagree with what the log builds. The scratch tables are
/// made inside the transaction, so ending it without a change (the usual case) takes them
/// away as well, without freeing their pages one by one.
/// Rebuilds the tables from the log inside `tx`, in which the caller changed the log, and
/// commits it whether or not the tables had agreed.
pub(super) fn rebuild_and_commit(tx: rusqlite::Transaction<'_>) -> Result<()> {
    if !replay_and_compare(&tx, None)? {
        super::scratch::copy_back(&tx)?;
    }
    super::scratch::drop(&tx)?;
    Ok(tx.commit()?)
}

fn rebuild_in(tx: rusqlite::Transaction<'_>) -> Result<bool> {
    let agree = replay_and_compare(&tx, None)?;
    finish_rebuild(tx, agree)
}

/// Replays the log into new scratch tables and compares them with the file's; `scratch_kib`
/// is the scratch tables' page cache, if not the usual one.
fn replay_and_compare(tx: &rusqlite::Connection, scratch_kib: Option<i64>) -> Result<bool> {
    super::scratch::create(tx)?;
    if let Some(kib) = scratch_kib {
        tx.execute_batch(&format!("PRAGMA temp.cache_size = -{kib}"))?;
    }
    replay(tx)?;
    tables_agree(tx)
}

/// Ends the rebuild's transaction: the file's tables are replaced by the scratch ones if they
/// did not agree. Returns whether they were.
fn finish_rebuild(tx: rusqlite::Transaction<'_>, agree: bool) -> Result<bool> {
    let differed = !agree;
    if differed {
        super::scratch::copy_back(&tx)?;
        super::scratch::drop(&tx)?;
        tx.commit()?;
    } else {
        tx.rollback()?;
    }
    Ok(differed)
}

/// Applies every change in the log, in clock order, to the (empty) scratch tables (see
/// [`replay_log`]), then makes every student's caseload line from them, each table read once (`summary_rebuild`). (Each
/// student has one: a student's own record is a change that touches their line, and a line is
/// only ever made for a student that exists.)
fn replay(tx: &rusqlite::Connection) -> Result<()> {
    replay_log(tx)?;
    super::summary_rebuild::all_lines(tx, "temp")?;
    super::scratch::count_summaries(tx)
}

/// Applies every change in the log, in clock order, to the tables unqualified names find (the
/// scratch tables while they exist, else the file's). A new record's columns are read straight
/// from its value's text; only edits (and values that are not an object) are read whole.
fn replay_log(tx: &rusqlite::Connection) -> Result<()> {
    {
        let mut statements = Statements::new(tx);
        let mut stmt = tx.prepare(&format!("{OP_SELECT} ORDER BY o.ms, o.ctr, o.id"))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let text = |i: usize| -> rusqlite::Result<&str> {
                r.get_ref(i)?.as_str().map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(
                        i,
                        r.get_ref_unwrap(i).data_type(),
                        Box::new(e),
                    )
                })
            };
            let Some(entity) = Entity::from_name(text(6)?) else {
                continue; // an entity from a newer plp: kept in the log, not built here
            };
            if text(8)? == "*" {
                let row = packed::unpack_value_text(r.get_ref(9)?)
                    .and_then(|json| create_row(entity, &json));
                if let Some(row) = row {
                    let id = packed::unpack_id(r.get_ref(7)?)?;
                    apply_create(
                        &mut statements,
                        entity,
                        &id,
                        row.columns,
                        row.student.as_deref(),
                    )?;
                    continue;
                }
            }
            apply(&mut statements, &op_from_row(r)?)?;
        }
    }
    Ok(())
}

/// The statements that read every built table of `schema` ("main", or "temp" for the scratch
/// tables) row by row, each in an order both schemas share: (statement in the order the rows
/// lie, if the table has one; statement in primary-key order).
fn table_reads(schema: &str) -> Vec<(Option<String>, String)> {
    let mut queries: Vec<(Option<String>, String)> = Entity::ALL
        .iter()
        .map(|e| {
            let read = |order: &str| {
                format!(
                    "SELECT {} FROM {schema}.{} ORDER BY {order}",
                    columns(*e),
                    e.table()
                )
            };
            (Some(read("rowid")), read("id"))
        })
        .collect();
    queries.push((
        None,
        format!("SELECT * FROM {schema}.student_summary ORDER BY student_id"),
    ));
    queries.push((
        None,
        format!("SELECT * FROM {schema}.summary_counts ORDER BY status, next_date"),
    ));
    queries.push((
        None,
        format!("SELECT entity, entity_id, field, op_id FROM {schema}.conflicts ORDER BY 2, 3, 4"),
    ));
    queries
}

/// Whether the file's tables hold exactly what the scratch tables hold, value by value.
///
/// A record's table is first read on both sides in the order its rows lie: the scratch rows lie
/// in the order the log made them, and so do the file's when they were written change by change
/// (or copied back from a rebuild), and two tables that read alike in that order hold the same
/// rows. Read in order of id instead, a table whose ids are not in the order its rows lie (a
/// student's id comes from the student's SIS id) is read a row here and a row there, page by
/// page, on both sides. Only when the two differ in the order the rows lie (the file took some
/// changes in another order, or the tables disagree) are they read again in order of id, which
/// decides.
fn tables_agree(conn: &rusqlite::Connection) -> Result<bool> {
    for ((file_lying, file), (scratch_lying, scratch)) in
        table_reads("main").iter().zip(table_reads("temp"))
    {
        if let (Some(a), Some(b)) = (file_lying, scratch_lying) {
            if same_rows(conn, a, &b)? {
                continue;
            }
        }
        if !same_rows(conn, file, &scratch)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Whether two statements read the same rows, value by value, in the same order (read side by
/// side, without holding either, stopping at the first difference).
fn same_rows(conn: &rusqlite::Connection, file: &str, scratch: &str) -> Result<bool> {
    use rusqlite::types::ValueRef as R;
    let mut a = conn.prepare(file)?;
    let mut b = conn.prepare(scratch)?;
    let width = a.column_count();
    if width != b.column_count() {
        return Ok(false);
    }
    let mut ra = a.query([])?;
    let mut rb = b.query([])?;
    loop {
        match (ra.next()?, rb.next()?) {
            (None, None) => return Ok(true),
            (Some(x), Some(y)) => {
                for i in 0..width {
                    let same = match (x.get_ref(i)?, y.get_ref(i)?) {
                        // Bit for bit: 0.0 and -0.0 are two values.
                        (R::Real(p), R::Real(q)) => p.to_bits() == q.to_bits(),
                        (p, q) => p == q,
                    };
                    if !same {
                        return Ok(false);
                    }
                }
            }
            _ => return Ok(false),
        }
    }
}

fn dump(conn: &rusqlite::Connection, out: &mut impl std::fmt::Write) -> Result<()> {
    let fmt = |_| super::StoreError::Sql("the tables could not be read".into());
    for e in Entity::ALL {
        writeln!(out, "## {}", e.table()).map_err(fmt)?;
        let mut stmt = conn.prepare(&format!(
            "SELECT {} FROM {} ORDER BY id",
            columns(*e),
            e.table()
        ))?;
        let width = e.fields().len() + 1;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            for i in 0..width {
                use rusqlite::types::ValueRef as R;
                match r.get_ref(i)? {
                    R::Null => out.write_str("NULL"),
                    R::Integer(n) => write!(out, "i{n}"),
                    R::Real(f) => write!(out, "r{f:?}"),
                    R::Text(t) => write!(out, "{:?}", String::from_utf8_lossy(t)),
                    R::Blob(b) => write!(out, "b{b:?}"),
                }
                .map_err(fmt)?;
                out.write_char('\t').map_err(fmt)?;
            }
            out.write_char('\n').map_err(fmt)?;
        }
    }
    out.write_str("## student_summary\n").map_err(fmt)?;
    let mut stmt = conn.prepare("SELECT * FROM student_summary ORDER BY student_id")?;
    let width = stmt.column_count();
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        for i in 0..width {
            write!(out, "{:?}\t", r.get_ref(i)?).map_err(fmt)?;
        }
        out.write_char('\n').map_err(fmt)?;
    }
    out.write_str("## summary_counts\n").map_err(fmt)?;
    let mut stmt = conn.prepare("SELECT * FROM summary_counts ORDER BY status, next_date")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let t: (String, String, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
        writeln!(out, "{}\t{}\t{}", t.0, t.1, t.2).map_err(fmt)?;
    }
    out.write_str("## conflicts\n").map_err(fmt)?;
    let mut stmt =
        conn.prepare("SELECT entity, entity_id, field, op_id FROM conflicts ORDER BY 2, 3, 4")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let t: (String, String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
        writeln!(out, "{}\t{}\t{}\t{}", t.0, t.1, t.2, t.3).map_err(fmt)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Base, Entity};

    /// Every kind of record the demo holds (lists of next steps, progress, team members…),
    /// with edits and a conflict on top, rebuilt from the log into emptied tables.
    #[test]
    fn the_whole_demo_caseload_rebuilds_to_the_tables_its_changes_built() {
        let mut s = demo_store();
        add_a_conflict(&mut s);
        let built = s.dump_tables().unwrap();
        assert!(built.contains("next_steps") || built.contains("## checkins"));
        assert_eq!(s.conflicts().unwrap().len(), 1);
        assert!(!s.rebuild().unwrap(), "the tables agree with the log");
        for t in super::super::scratch::tables() {
            s.conn.execute(&format!("DELETE FROM {t}"), []).unwrap();
        }
        assert!(s.rebuild().unwrap());
        assert_eq!(s.dump_tables().unwrap(), built);
        assert_eq!(s.conflicts().unwrap().len(), 1);
    }

    /// Two edits of one student's needs, the second made without seeing the first: a conflict.
    fn add_a_conflict(s: &mut Store) {
        let id: String = s
            .conn
            .query_row("SELECT id FROM students ORDER BY id LIMIT 1", [], |r| {
                r.get(0)
            })
            .unwrap();
        let seen = s.field_version(&id, "needs").unwrap().unwrap();
        for (text, base) in [("A", Base::Current), ("B", Base::Seen(vec![seen]))] {
            s.write(|w| w.set(Entity::Student, &id, "needs", text.into(), base))
                .unwrap();
        }
    }

    fn demo_store() -> Store {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
        let mut s = Store::in_memory().unwrap();
        s.write(|w| crate::portable::import_document(w, &crate::demo::caseload(today)))
            .unwrap();
        s
    }

    fn scratch_tables(s: &Store) -> i64 {
        s.conn
            .query_row("SELECT count(*) FROM temp.sqlite_schema", [], |r| r.get(0))
            .unwrap()
    }

    /// The scratch tables leave with the transaction they were made in, whether the tables
    /// agreed (nothing written) or were rebuilt.
    #[test]
    fn no_scratch_table_is_left_after_a_rebuild_either_way() {
        let mut s = demo_store();
        let before = s.dump_tables().unwrap();
        assert!(!s.rebuild().unwrap());
        assert_eq!(scratch_tables(&s), 0);
        s.conn
            .execute("UPDATE students SET needs = 'tampered'", [])
            .unwrap();
        assert!(s.rebuild().unwrap());
        assert_eq!(scratch_tables(&s), 0);
        assert_eq!(s.dump_tables().unwrap(), before);
        // And the unqualified names find the file's tables again.
        assert!(!s.rebuild().unwrap());
    }

    /// Each record table's ids in the order its rows lie.
    fn row_orders(s: &Store) -> Vec<Vec<String>> {
        Entity::ALL
            .iter()
            .map(|e| {
                s.conn
                    .prepare(&format!("SELECT id FROM {} ORDER BY rowid", e.table()))
                    .unwrap()
                    .query_map([], |r| r.get(0))
                    .unwrap()
                    .collect::<rusqlite::Result<_>>()
                    .unwrap()
            })
            .collect()
    }

    /// A file whose rows lie in another order than the log made them (as when it took changes
    /// from elsewhere out of order) holds the same tables: the rebuild finds them agreeing, and
    /// still finds a value that differs.
    #[test]
    fn tables_whose_rows_lie_in_another_order_are_compared_by_id() {
        let mut s = demo_store();
        let built = s.dump_tables().unwrap();
        let before = row_orders(&s);
        for e in Entity::ALL {
            let t = e.table();
            s.conn
                .execute_batch(&format!(
                    "CREATE TEMP TABLE turned AS SELECT * FROM {t} ORDER BY rowid DESC;
                     DELETE FROM {t};
                     INSERT INTO {t} SELECT * FROM turned;
                     DROP TABLE turned;"
                ))
                .unwrap();
        }
        let turned = row_orders(&s);
        assert_ne!(turned, before);
        assert_eq!(s.dump_tables().unwrap(), built);
        assert!(
            !s.rebuild().unwrap(),
            "the same rows in another order agree"
        );
        assert_eq!(row_orders(&s), turned, "nothing was written");
        s.conn
            .execute(
                "UPDATE checkins SET notes = 'tampered' WHERE rowid = (SELECT max(rowid) FROM checkins)",
                [],
            )
            .unwrap();
        assert!(s.rebuild().unwrap());
        assert_eq!(s.dump_tables().unwrap(), built);
    }

    /// A rebuild that rewrites the tables leaves their rows in the order the log made them,
    /// the order a file written change by change has them in (so the next check finds them
    /// alike in that order).
    #[test]
    fn a_rebuild_writes_the_rows_in_the_order_the_log_made_them() {
        let mut s = demo_store();
        let before = row_orders(&s);
        s.conn
            .execute("UPDATE students SET needs = 'tampered'", [])
            .unwrap();
        assert!(s.rebuild().unwrap());
        assert_eq!(row_orders(&s), before);
    }

    /// The file's indexes, by name and definition.
    fn indexes(s: &Store) -> Vec<(String, String)> {
        s.conn
            .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    /// A file whose tables hold nothing (a new replica whose first pull went into its log) is
    /// built straight from its log to the tables, caseload counts, indexes and row order that
    /// taking the changes in one by one made; a file whose tables hold anything is left to the
    /// rebuild.
    #[test]
    fn empty_tables_are_built_straight_from_the_log_as_the_changes_built_them() {
        let mut s = demo_store();
        add_a_conflict(&mut s);
        let built = s.dump_tables().unwrap();
        let (order, made) = (row_orders(&s), indexes(&s));
        let counts = |s: &Store| -> Vec<(String, String, i64)> {
            s.conn
                .prepare("SELECT * FROM summary_counts ORDER BY 1, 2")
                .unwrap()
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap()
        };
        let counted = counts(&s);
        assert!(!counted.is_empty());

        assert!(!s.build_into_empty().unwrap(), "tables that hold rows");
        assert_eq!(s.dump_tables().unwrap(), built);

        for t in super::super::scratch::tables() {
            s.conn.execute(&format!("DELETE FROM {t}"), []).unwrap();
        }
        let cache = |s: &Store| -> i64 {
            s.conn
                .query_row("PRAGMA cache_size", [], |r| r.get(0))
                .unwrap()
        };
        let usual = cache(&s);
        assert!(s.build_into_empty().unwrap());
        assert_eq!(
            cache(&s),
            usual,
            "the page cache given back after the indexes"
        );
        assert_eq!(s.dump_tables().unwrap(), built);
        assert_eq!(counts(&s), counted);
        assert_eq!(row_orders(&s), order);
        assert_eq!(indexes(&s), made);
        assert_eq!(s.conflicts().unwrap().len(), 1);
        assert_eq!(scratch_tables(&s), 0);
        assert!(!s.rebuild().unwrap(), "the check finds them agreeing");
    }
}
