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
    TrendGroup,
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

    /// Runs one query that sorts and groups much, with the memory to do it without spilling.
    fn query_counts(
        &self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<postgres::Row>> {
        let mut hub = self.hub.borrow_mut();
        let rows = (|| {
            let mut t = hub.client().transaction()?;
            t.batch_execute("SET LOCAL work_mem = '64MB'")?;
            let rows = t.query(sql, params)?;
            t.commit()?;
            Ok(rows)
        })();
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
/// Read from the narrow report tables (sql/0005_reports.sql), which hold only active students
/// and records not retired.
const CASELOAD: &str = r#"
WITH latest AS (
    SELECT DISTINCT ON (student_id) student_id, date, next_date
    FROM plp.report_checkins
    ORDER BY student_id, date DESC NULLS LAST, id DESC
), newest AS (
    SELECT student_id, max(school_year COLLATE "C") AS year
    FROM plp.report_plans GROUP BY student_id
), active AS (
    SELECT g.student_id, p.school_year, count(*) AS n
    FROM plp.report_goals g JOIN plp.report_plans p ON p.id = g.plan_id
    WHERE g.status = 'active'
    GROUP BY g.student_id, p.school_year
)
SELECT st.id, st.sis_id, st.given_name, st.family_name, st.preferred_name, st.grade,
       st.advisor, 'active'::text, st.iep, st.plan_504, latest.date, latest.next_date,
       CASE WHEN newest.year = $1 THEN coalesce(active.n, 0) ELSE 0 END
FROM plp.report_students st
LEFT JOIN latest ON latest.student_id = st.id
LEFT JOIN newest ON newest.student_id = st.id
LEFT JOIN active ON active.student_id = st.id AND active.school_year = newest.year
"#;

/// The trends report's counts, summed in the hub per group of students alike in what the
/// report's filters look at (advisor, grade, IEP, 504; `gk` numbers the groups): one row per
/// group, what is counted and the word counted. $1 the school year whose plans count, $2..$3
/// the period's first and last day, $4..$5 the instants (ms) its first day starts and the day
/// after it starts (a goal whose status was last changed between them was marked in the
/// period), $6 the verdicts plp knows (any other word is an unknown verdict). A strategy's last
/// verdict is the one with the greatest (check-in's place among the student's by day and id,
/// place in the check-in): that place and the verdict's number are packed in one integer.
const TREND_COUNTS: &str = r#"
WITH st AS MATERIALIZED (
    SELECT id, advisor, grade, iep, plan_504,
           dense_rank() OVER (ORDER BY advisor, grade, iep, plan_504) AS gk
    FROM plp.report_students
), goal AS MATERIALIZED (
    SELECT st.id AS student_id, st.gk, g.id, g.domain, g.status
    FROM plp.report_plans p JOIN plp.report_goals g ON g.plan_id = p.id
    JOIN st ON st.id = p.student_id
    WHERE p.school_year = $1
), checkin AS MATERIALIZED (
    SELECT st.gk, c.student_id, c.kind, c.day, c.strategies, c.verdicts,
           row_number() OVER (PARTITION BY c.student_id ORDER BY c.day, c.id COLLATE "C")
               AS place
    FROM plp.report_checkins c JOIN st ON st.id = c.student_id
    WHERE c.date >= $2 AND c.date <= $3 AND c.day IS NOT NULL
), verdict AS MATERIALIZED (
    SELECT c.gk, c.student_id, v.strategy,
           (c.place * 1000000 + v.ord) * 8 + coalesce(array_position($6::text[], v.verdict), 0)
               AS packed
    FROM checkin c CROSS JOIN LATERAL unnest(c.strategies, c.verdicts)
        WITH ORDINALITY AS v(strategy, verdict, ord)
), counted (gk, what, key, keys, n) AS (
    SELECT st.gk, 'domains', NULL, coalesce(d.domains, '{}'), count(*)
    FROM st LEFT JOIN (SELECT student_id, array_agg(DISTINCT domain ORDER BY domain) AS domains
                       FROM goal GROUP BY student_id) d ON d.student_id = st.id
    GROUP BY 1, 4
    UNION ALL
    SELECT gk, 'status', status, NULL, count(*) FROM goal GROUP BY 1, 3
    UNION ALL
    SELECT g.gk, 'changed', g.status, NULL, count(*)
    FROM goal g CROSS JOIN LATERAL (
        SELECT plp.hlc_millis(max(c.hlc COLLATE "C")) AS ms FROM plp.changes c
        WHERE c.entity_id = g.id AND c.field IN ('status', '*')) m
    WHERE g.status ILIKE '%met%' AND m.ms >= $4 AND m.ms < $5
    GROUP BY 1, 3
    UNION ALL
    SELECT gk, 'kind', kind, NULL, count(*) FROM checkin GROUP BY 1, 3
    UNION ALL
    SELECT gk, 'month', to_char(day, 'YYYY-MM'), NULL, count(*) FROM checkin GROUP BY 1, 3
    UNION ALL
    SELECT gk, 'week', ((day - $2::date) / 7)::text, NULL, count(*) FROM checkin GROUP BY 1, 3
    UNION ALL
    SELECT gk, 'verdict', coalesce(($6::text[])[packed % 8], 'unknown'), NULL, count(*)
    FROM verdict GROUP BY 1, packed % 8
    UNION ALL
    SELECT gk, 'latest', coalesce(($6::text[])[last % 8], 'unknown'), NULL, count(*) FROM (
        SELECT gk, max(packed) AS last FROM verdict GROUP BY gk, student_id, strategy) l
    GROUP BY 1, last % 8
)
SELECT g.advisor, g.grade, g.iep, g.plan_504, c.what, c.key, c.keys, c.n
FROM counted c
JOIN (SELECT DISTINCT gk, advisor, grade, iep, plan_504 FROM st) g ON g.gk = c.gk
"#;

/// The instant (ms since 1970) a local day begins.
fn day_starts(day: NaiveDate) -> i64 {
    use chrono::TimeZone;
    (0..24)
        .find_map(|h| {
            chrono::Local
                .from_local_datetime(&day.and_hms_opt(h, 0, 0)?)
                .earliest()
        })
        .map(|t| t.timestamp_millis())
        .unwrap_or_else(|| {
            day.and_hms_opt(0, 0, 0)
                .map_or(0, |t| t.and_utc().timestamp_millis())
        })
}

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
            "SELECT id, strengths, profile_fields FROM plp.report_students",
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

    fn trend_counts(
        &self,
        school_year: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Option<Vec<TrendGroup>>> {
        let (first, last) = (
            from.format("%Y-%m-%d").to_string(),
            to.format("%Y-%m-%d").to_string(),
        );
        let (starts, ends) = (day_starts(from), day_starts(to + chrono::Duration::days(1)));
        // The verdicts as a check-in stores them (any other word reads as an unknown verdict).
        let verdicts: Vec<String> = crate::domain::Verdict::ALL
            .iter()
            .filter_map(|v| serde_json::to_value(v).ok()?.as_str().map(str::to_string))
            .collect();
        let rows = self.query_counts(
            TREND_COUNTS,
            &[&school_year, &first, &last, &starts, &ends, &verdicts],
        )?;
        let mut groups: HashMap<(Option<String>, Option<i64>, bool, bool), TrendGroup> =
            HashMap::new();
        for r in rows {
            let key = (r.get(0), r.get(1), r.get(2), r.get(3));
            let g = groups.entry(key).or_insert_with_key(|k| TrendGroup {
                advisor: k.0.clone(),
                grade: k.1,
                iep: k.2,
                plan_504: k.3,
                ..TrendGroup::default()
            });
            let what: &str = r.get(4);
            let word: Option<String> = r.get(5);
            let word = word.unwrap_or_default();
            let n: i64 = r.get(7);
            match what {
                "domains" => g.domain_sets.push((r.get(6), n)),
                "status" => g.statuses.push((word, n)),
                "changed" => g.changed_in_period.push((word, n)),
                "kind" => g.kinds.push((word, n)),
                "month" => {
                    let (y, m) = word.split_once('-').unwrap_or_default();
                    if let (Ok(y), Ok(m)) = (y.parse(), m.parse()) {
                        g.months.push(((y, m), n));
                    }
                }
                "week" => {
                    if let Ok(w) = word.parse() {
                        g.weeks.push((w, n));
                    }
                }
                "verdict" => g.verdicts.push((word, n)),
                _ => g.latest_verdicts.push((word, n)),
            }
        }
        Ok(Some(groups.into_values().collect()))
    }
}
