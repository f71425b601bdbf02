//! One line per student with everything the caseload shows (names, flags, last and next check-in,
//! active goals in the newest plan), derived from the other tables as operations are applied.
//! The caseload of 5,000 students is then one short scan rather than joins and aggregates.

use rusqlite::{Connection, OptionalExtension};
use serde_json::Value;

use super::schema::Entity;
use super::Result;

/// The student whose caseload line an operation on a record may change.
pub(super) fn owner(
    conn: &Connection,
    entity: Entity,
    id: &str,
    value: &Value,
) -> Result<Option<String>> {
    owner_of_new(
        conn,
        entity,
        id,
        value.get("student_id").and_then(Value::as_str),
    )
}

/// The student whose caseload line a new record may change; `student` is the record's
/// `student_id` when it is a string (as [`owner`] reads it from the record's value).
pub(super) fn owner_of_new(
    conn: &Connection,
    entity: Entity,
    id: &str,
    student: Option<&str>,
) -> Result<Option<String>> {
    Ok(match (entity, student) {
        (Entity::Student, _) => Some(id.to_string()),
        (Entity::CheckIn | Entity::Goal | Entity::Plan, Some(s)) => Some(s.to_string()),
        (Entity::CheckIn | Entity::Goal | Entity::Plan, None) => {
            let sql = format!("SELECT student_id FROM {} WHERE id = ?1", entity.table());
            conn.prepare_cached(&sql)?
                .query_row([id], |r| r.get::<_, String>(0))
                .optional()?
        }
        _ => None,
    })
}

/// The statement that recomputes one student's caseload line (`?1`: the student).
// An upsert, not a replace: the caseload's counts are kept by the update trigger.
pub(super) const REFRESH_SQL: &str = "INSERT INTO student_summary
         SELECT s.id, s.sis_id, s.given_name, s.family_name, s.preferred_name, s.grade,
                s.advisor, s.status, s.iep, s.plan_504, s.retired,
                c.date, c.next_date, y.year,
                (SELECT count(*) FROM goals g JOIN plans p ON p.id = g.plan_id
                  WHERE g.student_id = s.id AND g.retired = 0 AND g.status = 'active'
                    AND p.retired = 0 AND p.school_year = y.year)
         FROM students s
         LEFT JOIN (SELECT date, next_date FROM checkins
                    WHERE student_id = ?1 AND retired = 0
                    ORDER BY date DESC, id DESC LIMIT 1) c
         LEFT JOIN (SELECT max(school_year) AS year FROM plans
                    WHERE student_id = ?1 AND retired = 0) y
         WHERE s.id = ?1
         ON CONFLICT (student_id) DO UPDATE SET
            sis_id = excluded.sis_id, given_name = excluded.given_name,
            family_name = excluded.family_name, preferred_name = excluded.preferred_name,
            grade = excluded.grade, advisor = excluded.advisor, status = excluded.status,
            iep = excluded.iep, plan_504 = excluded.plan_504, retired = excluded.retired,
            last_date = excluded.last_date, next_date = excluded.next_date,
            goals_year = excluded.goals_year, active_goals = excluded.active_goals";

/// Recomputes one student's caseload line.
pub(super) fn refresh_student(conn: &Connection, student: &str) -> Result<()> {
    conn.prepare_cached(REFRESH_SQL)?.execute([student])?;
    Ok(())
}
