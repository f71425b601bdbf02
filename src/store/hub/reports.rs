//! District reports from the hub: what the reports read of each student from a file (see
//! `store::report_data`), read by SQL from the hub's views instead. The views are
//! security_invoker, so the students are those of every school the login may read, and no more.

use chrono::NaiveDate;
use postgres::types::ToSql;
use std::cell::RefCell;
use std::collections::HashMap;

use super::{Hub, HubError};
use crate::domain::Status;
use crate::domain::{due_state, school_year_of, StudentStatus};
use crate::store::caseload::{parse_stored_date, sort, CaseloadRow};
use crate::store::report_data::{day_of_millis, empty_entries, json_list, verdicts, word};
use crate::store::{
    ReportCheckin, ReportGoal, ReportSource, ReportStrategy, ReportStudent, Result, StoreError,
};

/// The hub as the reports' source of students.
pub struct HubReports {
    hub: RefCell<Hub>,
}

impl HubReports {
    /// Reads the reports' students from this hub.
    pub fn new(hub: Hub) -> HubReports {
        HubReports {
            hub: RefCell::new(hub),
        }
    }

    /// Runs one query, its failure as the hub's one sentence.
    fn query(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<postgres::Row>> {
        let mut hub = self.hub.borrow_mut();
        let rows = hub.client().query(sql, params);
        rows.map_err(|e| StoreError::Hub(hub.fail(e).to_string()))
    }
}

impl From<HubError> for StoreError {
    fn from(e: HubError) -> Self {
        StoreError::Hub(e.to_string())
    }
}

/// The caseload's columns, as `student_summary` holds them in a file: the student's last
/// check-in (by date, then id) and active goals in their newest plan when that is this year's.
const CASELOAD: &str = r#"
WITH st AS (
    SELECT id, sis_id, given_name, family_name, preferred_name, grade, advisor, status, iep,
           plan_504
    FROM plp.v_students WHERE NOT retired AND status = 'active'
), latest AS (
    SELECT DISTINCT ON (student_id) student_id, date, next_date
    FROM plp.v_checkins WHERE NOT retired
    ORDER BY student_id, date COLLATE "C" DESC NULLS LAST, id COLLATE "C" DESC
), newest AS (
    SELECT student_id, max(school_year COLLATE "C") AS year
    FROM plp.v_plans WHERE NOT retired GROUP BY student_id
), active AS (
    SELECT g.student_id, p.school_year, count(*) AS n
    FROM plp.v_goals g JOIN plp.v_plans p ON p.id = g.plan_id
    WHERE NOT g.retired AND g.status = 'active' AND NOT p.retired
    GROUP BY g.student_id, p.school_year
)
SELECT st.id, st.sis_id, st.given_name, st.family_name, st.preferred_name, st.grade,
       st.advisor, st.status, st.iep, st.plan_504, latest.date, latest.next_date,
       CASE WHEN newest.year = $1 THEN coalesce(active.n, 0) ELSE 0 END
FROM st
LEFT JOIN latest ON latest.student_id = st.id
LEFT JOIN newest ON newest.student_id = st.id
LEFT JOIN active ON active.student_id = st.id AND active.school_year = newest.year
"#;

impl ReportSource for HubReports {
    fn caseload_rows(&self, today: NaiveDate) -> Result<Vec<CaseloadRow>> {
        let year = school_year_of(today);
        let mut out = Vec::new();
        for r in self.query(CASELOAD, &[&year])? {
            let given: String = r.get(2);
            let family: String = r.get(3);
            let preferred: Option<String> = r.get::<_, Option<String>>(4);
            let preferred = preferred.filter(|p| !p.trim().is_empty());
            let first = preferred.as_deref().unwrap_or(&given);
            let name = format!("{first} {family}").trim().to_string();
            let status: String = r.get(7);
            let last: Option<String> = r.get(10);
            let next: Option<String> = r.get(11);
            let next_due = next.as_deref().and_then(parse_stored_date);
            out.push(CaseloadRow {
                id: r.get(0),
                sis_id: r.get(1),
                name,
                given_name: given,
                preferred_name: preferred,
                family_name: family,
                grade: r.get(5),
                advisor: r.get(6),
                status: status.parse().unwrap_or(StudentStatus::Unknown),
                iep: r.get(8),
                plan_504: r.get(9),
                last_checkin: last.as_deref().and_then(parse_stored_date),
                next_due,
                due: due_state(next_due, today),
                active_goals: r.get(12),
            });
        }
        sort(&mut out);
        Ok(out)
    }

    fn report_students(
        &self,
        school_year: &str,
        from: NaiveDate,
        to: NaiveDate,
        today: NaiveDate,
    ) -> Result<Vec<ReportStudent>> {
        let rows = self.caseload_rows(today)?;
        let (mut out, index) = empty_entries(rows);
        let from = from.format("%Y-%m-%d").to_string();
        let to = to.format("%Y-%m-%d").to_string();
        let year = school_year.to_string();

        for r in self.query(
            "SELECT id, length(btrim(strengths)) > 0,
                    (length(btrim(strengths)) > 0)::int + (length(btrim(needs)) > 0)::int
                  + (length(btrim(learning)) > 0)::int + (length(btrim(interests)) > 0)::int
                  + (length(btrim(career)) > 0)::int + (length(btrim(supports)) > 0)::int
                  + (length(btrim(personal_goals)) > 0)::int
             FROM plp.v_students WHERE NOT retired AND status = 'active'",
            &[],
        )? {
            if let Some(&i) = index.get(r.get::<_, &str>(0)) {
                out[i].strengths = r.get(1);
                out[i].profile_fields = r.get::<_, i32>(2) as usize;
            }
        }

        for r in self.query(
            "SELECT student_id, reviewed FROM plp.v_plans
             WHERE school_year = $1 AND NOT retired",
            &[&year],
        )? {
            if let Some(&i) = index.get(r.get::<_, &str>(0)) {
                out[i].has_plan = true;
                out[i].reviewed |= r.get::<_, bool>(1);
            }
        }

        let mut goal_at: HashMap<String, (usize, usize)> = HashMap::new();
        for r in self.query(
            r#"SELECT g.student_id, g.id, g.title, g.domain, g.status
               FROM plp.v_goals g JOIN plp.v_plans p ON p.id = g.plan_id
               WHERE p.school_year = $1 AND NOT p.retired AND NOT g.retired
               ORDER BY g.position NULLS FIRST, g.id COLLATE "C""#,
            &[&year],
        )? {
            if let Some(&i) = index.get(r.get::<_, &str>(0)) {
                let id: String = r.get(1);
                goal_at.insert(id.clone(), (i, out[i].goals.len()));
                out[i].goals.push(ReportGoal {
                    id,
                    title: r.get(2),
                    domain: word(r.get::<_, String>(3)),
                    status: word(r.get::<_, String>(4)),
                    met_on: None,
                    strategies: Vec::new(),
                });
            }
        }

        // When each goal marked met was marked so: the latest change of its status (or its
        // making), as in a file.
        let met: Vec<String> = goal_at
            .iter()
            .filter(|(_, &(i, g))| out[i].goals[g].status == Status::Met)
            .map(|(id, _)| id.clone())
            .collect();
        if !met.is_empty() {
            for r in self.query(
                r#"SELECT entity_id, max(hlc COLLATE "C") FROM plp.changes
                   WHERE entity_id = ANY ($1) AND field IN ('status', '*') GROUP BY entity_id"#,
                &[&met],
            )? {
                let hlc: &str = r.get(1);
                let ms = hlc.split('.').next().and_then(|m| m.parse::<i64>().ok());
                if let Some(&(i, g)) = goal_at.get(r.get::<_, &str>(0)) {
                    out[i].goals[g].met_on = ms.and_then(day_of_millis);
                }
            }
        }

        for r in self.query(
            r#"SELECT s.goal_id, s.id, s.what, s.status
               FROM plp.v_strategies s JOIN plp.v_goals g ON g.id = s.goal_id
               JOIN plp.v_plans p ON p.id = g.plan_id
               WHERE p.school_year = $1 AND NOT p.retired AND NOT g.retired AND NOT s.retired
               ORDER BY s.position NULLS FIRST, s.id COLLATE "C""#,
            &[&year],
        )? {
            if let Some(&(i, g)) = goal_at.get(r.get::<_, &str>(0)) {
                out[i].goals[g].strategies.push(ReportStrategy {
                    id: r.get(1),
                    what: r.get(2),
                    status: word(r.get::<_, String>(3)),
                });
            }
        }

        for r in self.query(
            r#"SELECT student_id, date, kind, attended::text, progress::text, verdicts::text
               FROM plp.v_checkins
               WHERE NOT retired AND date COLLATE "C" >= $1 AND date COLLATE "C" <= $2
               ORDER BY date COLLATE "C", id COLLATE "C""#,
            &[&from, &to],
        )? {
            let Some(&i) = index.get(r.get::<_, &str>(0)) else {
                continue;
            };
            let Some(date) = r.get::<_, Option<&str>>(1).and_then(parse_stored_date) else {
                continue;
            };
            out[i].checkins.push(ReportCheckin {
                date,
                kind: word(r.get::<_, String>(2)),
                attended: json_list(r.get::<_, &str>(3)),
                progress: json_list(r.get::<_, &str>(4)),
                verdicts: verdicts(r.get::<_, &str>(5)),
            });
        }

        for r in self.query(
            r#"SELECT student_id, name, role FROM plp.v_team_members WHERE NOT retired
               ORDER BY id COLLATE "C""#,
            &[],
        )? {
            if let Some(&i) = index.get(r.get::<_, &str>(0)) {
                out[i].team.push((r.get(1), r.get(2)));
            }
        }

        for r in self.query(
            r#"SELECT student_id, date, kind FROM plp.v_interventions
               WHERE NOT retired AND date COLLATE "C" >= $1 AND date COLLATE "C" <= $2
               ORDER BY date COLLATE "C", id COLLATE "C""#,
            &[&from, &to],
        )? {
            if let Some(&i) = index.get(r.get::<_, &str>(0)) {
                if let Some(date) = r.get::<_, Option<&str>>(1).and_then(parse_stored_date) {
                    out[i].interventions.push((date, r.get(2)));
                }
            }
        }
        Ok(out)
    }
}
