//! Every student's caseload line at once, for the rebuild: the line
//! [`super::summary::REFRESH_SQL`] makes for each student, worked out from one pass over each
//! scratch table in the order its rows lie, instead of one statement per student.
//!
//! One statement per student looks each student's check-ins, plans and own row up by id: at
//! 50,000 students those look-ups land on pages all over tables many times the page cache, and
//! they needed three indexes sorted for them first. Here check-ins, plans and students are each
//! read once from start to end, and goals once with their plan looked up by id. The values are
//! compared as SQLite compares them, so the lines are the ones the statement makes (a test holds
//! the two side by side on awkward data).

use std::cmp::Ordering;
use std::collections::HashMap;

use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::Connection;

use super::Result;

/// A stored value, owned.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Null,
    Int(i64),
    Real(f64),
    Text(Vec<u8>),
    Blob(Vec<u8>),
}

impl Cell {
    fn of(v: ValueRef<'_>) -> Cell {
        match v {
            ValueRef::Null => Cell::Null,
            ValueRef::Integer(i) => Cell::Int(i),
            ValueRef::Real(f) => Cell::Real(f),
            ValueRef::Text(t) => Cell::Text(t.to_vec()),
            ValueRef::Blob(b) => Cell::Blob(b.to_vec()),
        }
    }

    fn as_ref(&self) -> ValueRef<'_> {
        match self {
            Cell::Null => ValueRef::Null,
            Cell::Int(i) => ValueRef::Integer(*i),
            Cell::Real(f) => ValueRef::Real(*f),
            Cell::Text(t) => ValueRef::Text(t),
            Cell::Blob(b) => ValueRef::Blob(b),
        }
    }
}

/// SQLite's order of two stored values under the BINARY collation: NULL, then numbers by
/// value, then text and then blobs byte by byte.
fn order(a: ValueRef<'_>, b: ValueRef<'_>) -> Ordering {
    use ValueRef as V;
    let class = |v: &ValueRef<'_>| match v {
        V::Null => 0,
        V::Integer(_) | V::Real(_) => 1,
        V::Text(_) => 2,
        V::Blob(_) => 3,
    };
    match (a, b) {
        (V::Integer(x), V::Integer(y)) => x.cmp(&y),
        (V::Real(x), V::Real(y)) => x.total_cmp(&y),
        (V::Integer(x), V::Real(y)) => int_real(x, y),
        (V::Real(x), V::Integer(y)) => int_real(y, x).reverse(),
        (V::Text(x), V::Text(y)) | (V::Blob(x), V::Blob(y)) => x.cmp(y),
        (x, y) => class(&x).cmp(&class(&y)),
    }
}

/// An integer against a real number, exactly (a stored real is never NaN).
fn int_real(i: i64, r: f64) -> Ordering {
    if r < -9.223_372_036_854_776e18 {
        return Ordering::Greater;
    }
    if r >= 9.223_372_036_854_776e18 {
        return Ordering::Less;
    }
    let t = r.trunc() as i64;
    match i.cmp(&t) {
        Ordering::Equal if r > t as f64 => Ordering::Less,
        Ordering::Equal if r < t as f64 => Ordering::Greater,
        o => o,
    }
}

/// `a = b` in SQL between two values no affinity changes: false when either is NULL.
fn equal(a: ValueRef<'_>, b: ValueRef<'_>) -> bool {
    a != ValueRef::Null && b != ValueRef::Null && order(a, b) == Ordering::Equal
}

/// The newest check-in a student has, as the line's statement picks it
/// (`ORDER BY date DESC, id DESC LIMIT 1`).
struct Latest {
    date: Cell,
    id: Cell,
    next_date: Cell,
}

/// Writes every student's caseload line into the (empty) `student_summary` of `schema` (`temp`
/// for the scratch tables, `main` for a file whose tables are being built from nothing), from
/// that schema's tables. A student's line is matched to their records as the statement's
/// `student_id = ?1` matches them: by the id's text.
pub(super) fn all_lines(conn: &Connection, schema: &str) -> Result<()> {
    // Each student by number, in the order their rows lie.
    let mut number: HashMap<Vec<u8>, usize> = HashMap::new();
    {
        let mut stmt = conn.prepare(&format!("SELECT id FROM {schema}.students"))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            // The statement is given each id as text (an id that is not text stops the rebuild).
            let id: String = r.get(0)?;
            let n = number.len();
            number.entry(id.into_bytes()).or_insert(n);
        }
    }
    let of = |v: ValueRef<'_>| match v {
        ValueRef::Text(t) => number.get(t).copied(),
        _ => None,
    };

    let mut latest: Vec<Option<Latest>> = (0..number.len()).map(|_| None).collect();
    {
        let mut stmt = conn.prepare(&format!(
            "SELECT student_id, date, id, next_date FROM {schema}.checkins WHERE retired = 0"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let Some(n) = of(r.get_ref(0)?) else { continue };
            let (date, id) = (r.get_ref(1)?, r.get_ref(2)?);
            let newer = match &latest[n] {
                None => true,
                Some(l) => order(date, l.date.as_ref())
                    .then_with(|| order(id, l.id.as_ref()))
                    .is_gt(),
            };
            if newer {
                latest[n] = Some(Latest {
                    date: Cell::of(date),
                    id: Cell::of(id),
                    next_date: Cell::of(r.get_ref(3)?),
                });
            }
        }
    }

    // `max(school_year)` of the student's plans that are not retired (NULL when none).
    let mut year: Vec<Cell> = vec![Cell::Null; number.len()];
    {
        let mut stmt = conn.prepare(&format!(
            "SELECT student_id, school_year FROM {schema}.plans WHERE retired = 0"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let Some(n) = of(r.get_ref(0)?) else { continue };
            let y = r.get_ref(1)?;
            if y != ValueRef::Null && order(y, year[n].as_ref()).is_gt() {
                year[n] = Cell::of(y);
            }
        }
    }

    // Active goals in a plan (not retired) of the student's newest year: the plan found by the
    // goal's plan id, as the statement joins them.
    let mut active: Vec<i64> = vec![0; number.len()];
    {
        let mut stmt = conn.prepare(&goals_in_plans(schema))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let Some(n) = of(r.get_ref(0)?) else { continue };
            if equal(r.get_ref(1)?, year[n].as_ref()) {
                active[n] += 1;
            }
        }
    }

    let mut insert = conn.prepare(&format!(
        "INSERT INTO {schema}.student_summary (student_id, sis_id, given_name, family_name,
             preferred_name, grade, advisor, status, iep, plan_504, retired,
             last_date, next_date, goals_year, active_goals)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"
    ))?;
    let mut stmt = conn.prepare(&format!(
        "SELECT id, sis_id, given_name, family_name, preferred_name, grade, advisor, status,
                iep, plan_504, retired
         FROM {schema}.students"
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let Some(n) = of(r.get_ref(0)?) else { continue };
        let mut values: Vec<ToSqlOutput<'_>> = Vec::with_capacity(15);
        for i in 0..11 {
            values.push(ToSqlOutput::Borrowed(r.get_ref(i)?));
        }
        let (last, next) = match &latest[n] {
            Some(l) => (l.date.as_ref(), l.next_date.as_ref()),
            None => (ValueRef::Null, ValueRef::Null),
        };
        values.push(ToSqlOutput::Borrowed(last));
        values.push(ToSqlOutput::Borrowed(next));
        values.push(ToSqlOutput::Borrowed(year[n].as_ref()));
        values.push(ToSqlOutput::Borrowed(ValueRef::Integer(active[n])));
        insert.execute(rusqlite::params_from_iter(values))?;
    }
    Ok(())
}

/// Each active goal (not retired) with its plan's year, for the plans not retired; the goals
/// are read in the order they lie, each plan found by its id.
fn goals_in_plans(schema: &str) -> String {
    format!(
        "SELECT g.student_id, p.school_year
         FROM {schema}.goals g CROSS JOIN {schema}.plans p ON p.id = g.plan_id
         WHERE g.retired = 0 AND g.status = 'active' AND p.retired = 0"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;
    use rusqlite::types::Value;

    /// A small deterministic source of choices.
    struct Dice(u64);

    impl Dice {
        fn pick<'a, T>(&mut self, from: &'a [T]) -> &'a T {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            &from[(self.0 >> 33) as usize % from.len()]
        }
    }

    fn text(s: &str) -> Value {
        Value::Text(s.into())
    }

    /// Scratch tables filled with records that make the line's choices hard: check-ins on the
    /// same date (the id decides), without a date, retired ones newer than the rest, records of
    /// no student; plans of several years, retired ones in the newest year, a goal whose plan is
    /// another student's, missing or retired; values stored as numbers or as text.
    fn awkward_world(conn: &Connection, dice: &mut Dice) {
        let students = ["s1", "s2", "s3", "s4", "10", "s6"];
        let dates = [
            Value::Null,
            text("2026-09-01"),
            text("2026-10-01"),
            text("2026-10-01 "),
            text("2026"),
            Value::Integer(5),
        ];
        let years = [text("2025-26"), text("2026-27"), text(""), text("2026-27 ")];
        let retired = [
            Value::Integer(0),
            Value::Integer(0),
            Value::Integer(1),
            text("0"),
            Value::Real(0.0),
            Value::Integer(2),
        ];
        let owners: Vec<Value> = students
            .iter()
            .map(|s| text(s))
            .chain([text("nobody"), Value::Integer(10)])
            .collect();
        for (i, s) in students.iter().enumerate() {
            conn.execute(
                "INSERT INTO temp.students (id, sis_id, given_name, family_name, grade, retired)
                 VALUES (?1, ?2, 'A', 'B', ?3, ?4)",
                rusqlite::params![s, i.to_string(), i as i64 + 7, dice.pick(&retired)],
            )
            .unwrap();
        }
        for i in 0..30 {
            conn.execute(
                "INSERT INTO temp.checkins (id, student_id, date, next_date, retired)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                rusqlite::params![
                    format!("c{:02}", (i * 7) % 30),
                    dice.pick(&owners),
                    dice.pick(&dates),
                    dice.pick(&dates),
                    dice.pick(&retired)
                ],
            )
            .unwrap();
        }
        let mut plans = Vec::new();
        for i in 0..14 {
            let id = format!("p{i}");
            conn.execute(
                "INSERT INTO temp.plans (id, student_id, school_year, retired)
                 VALUES (?1, ?2, ?3, ?4)",
                rusqlite::params![
                    id,
                    dice.pick(&owners),
                    dice.pick(&years),
                    dice.pick(&retired)
                ],
            )
            .unwrap();
            plans.push(text(&id));
        }
        plans.extend([text("p-none"), text("")]);
        for i in 0..40 {
            conn.execute(
                "INSERT INTO temp.goals (id, plan_id, student_id, status, retired)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                rusqlite::params![
                    format!("g{i}"),
                    dice.pick(&plans),
                    dice.pick(&owners),
                    dice.pick(&[text("active"), text("active"), text("met")]),
                    dice.pick(&retired)
                ],
            )
            .unwrap();
        }
    }

    fn lines(conn: &Connection) -> Vec<Vec<Value>> {
        let mut stmt = conn
            .prepare("SELECT * FROM temp.student_summary ORDER BY student_id")
            .unwrap();
        let width = stmt.column_count();
        stmt.query_map([], |r| (0..width).map(|i| r.get::<_, Value>(i)).collect())
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    /// On many awkward sets of records, the lines made at once are the lines the caseload
    /// line's own statement makes student by student.
    #[test]
    fn every_line_at_once_is_the_line_the_statement_makes_for_each_student() {
        let mut s = Store::in_memory().unwrap();
        let mut dice = Dice(7);
        let mut some_goals = 0;
        for _ in 0..300 {
            let tx = s.conn.transaction().unwrap();
            super::super::scratch::create(&tx).unwrap();
            awkward_world(&tx, &mut dice);
            all_lines(&tx, "temp").unwrap();
            let at_once = lines(&tx);
            tx.execute("DELETE FROM temp.student_summary", []).unwrap();
            let ids: Vec<String> = tx
                .prepare("SELECT id FROM temp.students ORDER BY id")
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            for id in &ids {
                super::super::summary::refresh_student(&tx, id).unwrap();
            }
            let one_by_one = lines(&tx);
            assert_eq!(at_once, one_by_one);
            assert_eq!(at_once.len(), 6);
            some_goals += at_once
                .iter()
                .filter(|l| l[14] != Value::Integer(0))
                .count();
            drop(tx);
            s.conn.flush_prepared_statement_cache();
        }
        assert!(
            some_goals > 100,
            "the worlds count active goals: {some_goals}"
        );
    }

    /// The goals are read in the order they lie and each plan is found by its id: no table is
    /// read once per goal, and SQLite makes no index for the statement.
    #[test]
    fn the_goals_find_their_plans_by_id() {
        let mut s = Store::in_memory().unwrap();
        let tx = s.conn.transaction().unwrap();
        super::super::scratch::create(&tx).unwrap();
        let plan: Vec<String> = tx
            .prepare(&format!("EXPLAIN QUERY PLAN {}", goals_in_plans("temp")))
            .unwrap()
            .query_map([], |r| r.get(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(plan.len(), 2, "{plan:#?}");
        assert!(plan[0].starts_with("SCAN g"), "{plan:#?}");
        assert!(
            plan[1].starts_with("SEARCH p USING INDEX sqlite_autoindex_plans_1 (id=?)"),
            "{plan:#?}"
        );
    }
}
