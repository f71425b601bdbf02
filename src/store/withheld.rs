//! What a teacher's copy may no longer hold: a check-in restricted after this file took it in.
//!
//! The hub shows a login that reads in part (a teacher) no restricted check-in's notes, and of
//! a check-in restricted whole only that it was held (its student, plan, date, whether it is
//! retired) and the next date it set, from the moment it was restricted on: a restriction
//! lifted later still keeps them from that login. A file that took a check-in in whole before it
//! was restricted is brought to what the hub would hand a new copy now: the check-in's first
//! record redacted as the hub redacts it, the changes of what is hidden (and of a restriction
//! lifted) taken out of the log, and the tables rebuilt from that log, all in one transaction.

use rusqlite::params;
use serde_json::{Map, Value};

use super::oplog::{op_from_row, OP_SELECT};
use super::packed;
use super::{Result, Store};

/// What the first record of a check-in restricted whole keeps (beside that it is restricted).
const KEPT_OF_WHOLE: [&str; 6] = [
    "id",
    "student_id",
    "plan_id",
    "date",
    "next_date",
    "retired",
];

/// The fields of a check-in restricted whole whose later changes a teacher is shown.
const SHOWN_OF_WHOLE: [&str; 5] = [
    "retired",
    "restricted",
    "restricted_whole",
    "date",
    "next_date",
];

/// A check-in's first record as a login that reads without restricted material is handed it
/// (the hub's `plp.redact`): all of it but the notes, or for a check-in restricted whole only
/// [`KEPT_OF_WHOLE`]; either way marked restricted.
pub(crate) fn redacted(first: &Map<String, Value>, whole: bool) -> Map<String, Value> {
    let mut out = if whole {
        KEPT_OF_WHOLE
            .iter()
            .filter_map(|k| {
                let v = first.get(*k).filter(|v| !v.is_null())?;
                Some((k.to_string(), v.clone()))
            })
            .collect::<Map<String, Value>>()
    } else {
        let mut all = first.clone();
        all.remove("notes");
        all
    };
    out.insert("restricted".into(), Value::Bool(true));
    if whole {
        out.insert("restricted_whole".into(), Value::Bool(true));
    }
    out
}

/// Whether `held` is the redacted form of the check-in's first record `whole` ([`redacted`],
/// for notes or whole): what a login reading without restricted material was handed in its
/// place, and may have back whole once it reads restricted material again.
pub(crate) fn is_redaction_of(held: &Value, whole: &Value) -> bool {
    match (held, whole) {
        (Value::Object(held), Value::Object(first)) if held != first => {
            [false, true].iter().any(|w| redacted(first, *w) == *held)
        }
        _ => false,
    }
}

/// Whether a change of `field` of a check-in so restricted is one a teacher is never shown.
fn hidden_field(field: &str, whole: bool) -> bool {
    field == "notes" || (whole && field != "*" && !SHOWN_OF_WHOLE.contains(&field))
}

/// Whether `op` lifts a restriction the check-in has had: the hub keeps what was restricted from
/// a teacher for good, so the teacher's file keeps it restricted too (and so shows it as a
/// restricted meeting, not as one of no kind).
fn lifts(op: &super::oplog::Op, notes: bool, whole: bool) -> bool {
    op.value == Value::Bool(false)
        && match op.field.as_str() {
            "restricted" => notes || whole,
            "restricted_whole" => whole,
            _ => false,
        }
}

/// How a check-in has been restricted by the changes the log holds of it: (notes, whole).
/// As the hub counts it, once restricted is restricted for good.
fn restricted_ever(ops: &[super::oplog::Op]) -> (bool, bool) {
    let is_true = |v: Option<&Value>| v == Some(&Value::Bool(true));
    ops.iter().fold((false, false), |(notes, whole), op| {
        match op.field.as_str() {
            "*" => (
                notes || is_true(op.value.get("restricted")),
                whole || is_true(op.value.get("restricted_whole")),
            ),
            "restricted" => (notes || is_true(Some(&op.value)), whole),
            "restricted_whole" => (notes, whole || is_true(Some(&op.value))),
            _ => (notes, whole),
        }
    })
}

impl Store {
    /// In a file that syncs through a login reading without restricted material: takes out
    /// what the hub no longer shows that login of check-ins restricted since they came in (see
    /// the module's note). Returns how many check-ins it took something out of; when none,
    /// nothing is written.
    pub fn withhold_restricted(&mut self) -> Result<usize> {
        let tx = self.rebuild_transaction()?;
        let mut candidates: Vec<String> = Vec::new();
        {
            let mut stmt = tx.prepare(
                "SELECT id FROM checkins WHERE restricted <> 0 OR restricted_whole <> 0",
            )?;
            for id in stmt.query_map([], |r| r.get::<_, String>(0))? {
                candidates.push(id?);
            }
            // A restriction lifted since: the check-in no longer says it is restricted, but
            // its log does.
            let mut stmt = tx.prepare(
                "SELECT DISTINCT entity_id FROM ops
                 WHERE entity = 'checkin' AND field IN ('restricted', 'restricted_whole')",
            )?;
            for id in stmt.query_map([], |r| packed::unpack_id(r.get_ref(0)?))? {
                candidates.push(id?);
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        let mut changed = 0;
        {
            let mut of_record = tx.prepare(&format!("{OP_SELECT} WHERE o.entity_id = ?1"))?;
            let mut rewrite = tx.prepare("UPDATE ops SET value = ?2 WHERE id = ?1")?;
            let mut remove = tx.prepare("DELETE FROM ops WHERE id = ?1")?;
            for id in &candidates {
                let ops = of_record
                    .query_map([packed::id(id)], op_from_row)?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                let (notes, whole) = restricted_ever(&ops);
                if !notes && !whole {
                    continue;
                }
                let mut touched = false;
                for op in &ops {
                    if op.entity != "checkin" {
                        continue;
                    }
                    if op.field == "*" {
                        let Value::Object(first) = &op.value else {
                            continue;
                        };
                        let shown = redacted(first, whole);
                        if &shown != first {
                            let value = packed::value(&Value::Object(shown))?;
                            rewrite.execute(params![packed::id(&op.id), value])?;
                            touched = true;
                        }
                    } else if hidden_field(&op.field, whole) || lifts(op, notes, whole) {
                        remove.execute([packed::id(&op.id)])?;
                        touched = true;
                    }
                }
                changed += usize::from(touched);
            }
        }
        if changed == 0 {
            tx.rollback()?;
            return Ok(0);
        }
        super::rebuild::rebuild_and_commit(tx)?;
        self.conn.flush_prepared_statement_cache();
        // What was taken out is gone from the file's bytes too, not left in freed pages (or
        // in its write-ahead log) for anyone reading the file with other tools: the file is
        // written afresh, and the log emptied.
        self.conn.execute_batch("VACUUM;")?;
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(changed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => unreachable!(),
        }
    }

    #[test]
    fn a_first_record_is_redacted_as_the_hub_redacts_it() {
        let first = obj(json!({
            "id": "c1", "student_id": "s1", "plan_id": "p1", "date": "2026-11-02",
            "next_date": null, "kind": "check-in", "student_words": "said", "notes": "private",
            "restricted": false, "restricted_whole": false, "retired": false
        }));
        let notes = redacted(&first, false);
        assert!(!notes.contains_key("notes"));
        assert_eq!(notes["student_words"], "said");
        assert_eq!(notes["restricted"], true);
        assert_eq!(notes["restricted_whole"], false);
        let whole = redacted(&first, true);
        assert_eq!(
            Value::Object(whole.clone()),
            json!({"id": "c1", "student_id": "s1", "plan_id": "p1", "date": "2026-11-02",
                   "retired": false, "restricted": true, "restricted_whole": true})
        );
        // Redacting again changes nothing.
        assert_eq!(redacted(&whole, true), whole);
        assert_eq!(redacted(&notes, false), notes);
    }

    #[test]
    fn of_a_check_in_restricted_whole_only_its_dates_and_marks_are_shown() {
        for f in [
            "date",
            "next_date",
            "retired",
            "restricted",
            "restricted_whole",
        ] {
            assert!(!hidden_field(f, true), "{f}");
        }
        for f in ["notes", "student_words", "kind", "attended", "verdicts"] {
            assert!(hidden_field(f, true), "{f}");
        }
        assert!(hidden_field("notes", false));
        assert!(!hidden_field("student_words", false));
    }
}
