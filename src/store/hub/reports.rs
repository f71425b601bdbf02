//! District reports from the hub: what the reports read of each student from a file (see
//! `store::report_data`), read by SQL from the hub's narrow report tables and their tallies
//! instead (sql/0005_reports.sql, sql/0008_report_tallies.sql). Row-level security on them is
//! that of the log, so the students are those of every school the login may read, and no more.

use chrono::{Datelike, NaiveDate};
use postgres::types::ToSql;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use super::{Hub, HubError};
use crate::domain::Status;
use crate::domain::{due_state_of, next_due_this_year, school_year_of, StudentStatus};
use crate::store::caseload::{parse_stored_date, sort, CaseloadRow};
use crate::store::report_data::{day_of_millis, empty_entries, held_only, json_list, word};
use crate::store::{
    ReportCheckin, ReportGoal, ReportSource, ReportStrategy, ReportStudent, Result, StoreError,
    TrendGroup,
};

/// The hub as the reports' source of students.
pub struct HubReports {
    hub: RefCell<Hub>,
    /// Whether the login reads each of its students whole (not a teacher): then the tallies
    /// across check-ins (sql/0008_report_tallies.sql) are its to read. Asked once.
    whole: Cell<Option<bool>>,
    /// The trends' goal counts per school year, counted once for both periods of a report.
    goal_groups: RefCell<HashMap<String, Vec<GoalGroup>>>,
    /// Whether the report is of one school's students (see [`HubReports::at_school`]).
    at_school: Cell<bool>,
}

/// Students alike in what the filters look at, with the same goal domains and statuses.
#[derive(Clone)]
struct GoalGroup {
    key: GroupKey,
    domains: Vec<String>,
    statuses: Vec<(String, i64)>,
    students: i64,
}

/// Advisor, grade, IEP, 504.
type GroupKey = (Option<String>, Option<i64>, bool, bool);

impl HubReports {
    /// Reads the reports' students from this hub.
    pub fn new(hub: Hub) -> HubReports {
        HubReports {
            hub: RefCell::new(hub),
            whole: Cell::new(None),
            goal_groups: RefCell::new(HashMap::new()),
            at_school: Cell::new(false),
        }
    }

    /// Narrows every report to the students of `school` (as the hub files them, compared as
    /// `plp.same_school` compares: case and spacing aside) among those the login reads. A name
    /// that is no school of theirs is refused in one sentence naming those it reads. Returns the
    /// school's name as the hub writes it.
    pub fn at_school(&self, school: &str) -> Result<String> {
        let schools: Vec<(String, i64)> = self
            .query("SELECT school, students FROM plp.seen_schools()", &[])?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
        let key = super::school_key;
        let Some((as_hub_names_it, _)) = schools.iter().find(|(s, _)| key(s) == key(school)) else {
            let named: Vec<String> = schools
                .iter()
                .map(|(s, n)| {
                    format!(
                        "{} ({n} student{})",
                        crate::domain::clean_line(s),
                        if *n == 1 { "" } else { "s" }
                    )
                })
                .collect();
            let login = self.hub.borrow().login().to_string();
            let reads = if named.is_empty() {
                "it reads no student of a named school".to_string()
            } else {
                format!(
                    "the schools it reads are {}",
                    crate::domain::and_list(&named)
                )
            };
            return Err(StoreError::Hub(format!(
                "no student login {login} reads at the hub is at a school named \"{}\": {reads}",
                crate::domain::clean_line(school)
            )));
        };
        self.query(
            "SELECT set_config('plp.report_school', $1, false)",
            &[&school],
        )?;
        self.at_school.set(true);
        Ok(as_hub_names_it.clone())
    }

    /// Runs one query, its failure as the hub's one sentence.
    fn query(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<postgres::Row>> {
        let mut hub = self.hub.borrow_mut();
        let sql = guarded(&mut hub, sql, self.at_school.get())?;
        let rows = hub.client().query(sql.as_str(), params);
        rows.map_err(|e| StoreError::Hub(hub.fail(e).to_string()))
    }

    /// Whether the login reads each of its students whole (see [`HubReports::whole`]).
    fn reads_whole(&self) -> Result<bool> {
        if let Some(w) = self.whole.get() {
            return Ok(w);
        }
        let w = !self.query("SELECT plp.reads_in_part()", &[])?[0].get::<_, bool>(0);
        self.whole.set(Some(w));
        Ok(w)
    }

    /// Runs one query that sorts and groups much, with the memory to do it without spilling.
    fn query_counts(
        &self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<postgres::Row>> {
        let mut hub = self.hub.borrow_mut();
        let sql = guarded(&mut hub, sql, self.at_school.get())?;
        Ok(
            hub.in_transaction("SET LOCAL work_mem = '64MB'; SET LOCAL jit = off", |t| {
                t.query(sql.as_str(), params)
            })?,
        )
    }
}

/// The report tables a query may name.
const REPORT_TABLES: [&str; 10] = [
    "report_students",
    "report_plans",
    "report_goals",
    "report_checkins",
    "report_strategies",
    "report_team",
    "report_interventions",
    "report_years",
    "report_runs",
    "report_latest",
];

/// `sql` as this login may run it: an admin reads the report tables; a login bound by row-level
/// security reads each through the owner's function that hands back its rows
/// (`plp.seen_report_students()` for `plp.report_students`, sql/0013_guarded_reads.sql).
/// A report of one school (`at_school`) reads the report students through
/// `plp.report_students_at()` (sql/0026_school_reports.sql) instead, for either: every other
/// report table is joined to them.
fn guarded(hub: &mut Hub, sql: &str, at_school: bool) -> std::result::Result<String, HubError> {
    let mut out = sql.to_string();
    if !hub.reads_tables()? {
        for t in REPORT_TABLES {
            out = out.replace(&format!("plp.{t}"), &format!("plp.seen_{t}()"));
        }
    }
    if at_school {
        out = out
            .replace("plp.seen_report_students()", "plp.report_students")
            .replace(
                "plp.report_students",
                "plp.report_students_at(current_setting('plp.report_school'))",
            );
    }
    Ok(out)
}

impl From<HubError> for StoreError {
    fn from(e: HubError) -> Self {
        StoreError::Hub(e.to_string())
    }
}

/// The caseload's columns, as `student_summary` holds them in a file: the student's last
/// check-in (by date, then id) and active goals in their plan for this school year.
/// Read from the narrow report tables and their tallies (sql/0005_reports.sql,
/// sql/0008_report_tallies.sql), which hold only active students and records not retired.
const CASELOAD: &str = r#"
SELECT st.id, st.sis_id, st.given_name, st.family_name, st.preferred_name, st.grade,
       st.advisor, 'active'::text, st.iep, st.plan_504, latest.date, latest.next_date,
       coalesce(this_year.active, 0)::bigint
FROM plp.report_students st
LEFT JOIN plp.report_latest latest ON latest.student_id = st.id
LEFT JOIN plp.report_years this_year
    ON this_year.student_id = st.id AND this_year.school_year = $1
"#;

/// [`CASELOAD`] for a login that reads some students in part (a teacher), from the narrow
/// tables alone, which row-level security narrows to the check-ins the login may read.
const CASELOAD_IN_PART: &str = r#"
WITH latest AS (
    SELECT DISTINCT ON (student_id) student_id, date, next_date
    FROM plp.report_checkins
    ORDER BY student_id, date DESC NULLS LAST, id DESC
), active AS (
    SELECT g.student_id, count(*) AS n
    FROM plp.report_goals g JOIN plp.report_plans p ON p.id = g.plan_id
    WHERE g.status = 'active' AND p.school_year = $1
    GROUP BY g.student_id
)
SELECT st.id, st.sis_id, st.given_name, st.family_name, st.preferred_name, st.grade,
       st.advisor, 'active'::text, st.iep, st.plan_504, latest.date, latest.next_date,
       coalesce(active.n, 0)
FROM plp.report_students st
LEFT JOIN latest ON latest.student_id = st.id
LEFT JOIN active ON active.student_id = st.id
"#;

/// Each student's last check-in dated on or before $1 (as `YYYY-MM-DD`), as the caseload's
/// line chooses it, among the check-ins the login may read.
const LAST_CHECKINS_UNTIL: &str = r#"
SELECT DISTINCT ON (student_id) student_id, date, next_date
FROM plp.report_checkins
WHERE date <= $1
ORDER BY student_id, date DESC NULLS LAST, id DESC
"#;

/// The trends report's goal counts for school year $1, per group of students alike in what
/// the report's filters look at (advisor, grade, IEP, 504) and in their goals' domains and
/// statuses: how many students.
const TREND_GOALS: &str = r#"
SELECT st.advisor, st.grade, st.iep, st.plan_504, coalesce(y.domains, '{}'),
       coalesce(y.statuses, '{}'), coalesce(y.counts, '{}'), count(*)
FROM plp.report_students st
LEFT JOIN plp.report_years y ON y.student_id = st.id AND y.school_year = $1
GROUP BY 1, 2, 3, 4, 5, 6, 7
"#;

/// The year's ($1) goals marked met whose status was last changed (or that were made) from
/// instant $2 to before $3 (ms), by group and status word.
const TREND_MET: &str = r#"
WITH g AS MATERIALIZED (
    SELECT st.advisor, st.grade, st.iep, st.plan_504, g.status, g.id
    FROM plp.report_goals g JOIN plp.report_plans p ON p.id = g.plan_id
    JOIN plp.report_students st ON st.id = p.student_id
    WHERE p.school_year = $1 AND g.status ILIKE '%met%'
)
SELECT g.advisor, g.grade, g.iep, g.plan_504, g.status, count(*)
FROM g JOIN plp.status_stamps(ARRAY(SELECT id FROM g)) m ON m.entity_id = g.id
WHERE plp.hlc_millis(m.hlc) >= $2 AND plp.hlc_millis(m.hlc) < $3
GROUP BY 1, 2, 3, 4, 5
"#;

/// The period's ($1..=$2, days as text) check-ins and verdicts per group, kind and day (as days
/// after $1): how many check-ins, every verdict given by word, and each strategy's last verdict
/// in the period by word: a verdict is its strategy's last when the strategy is given none later
/// in the period (sql/0008_report_tallies.sql, plp.report_runs). A check-in of no kind, known
/// only to have been held, is not counted (as in a file: see `report_data::held_only`).
const TREND_CHECKINS: &str = r#"
SELECT st.advisor, st.grade, st.iep, st.plan_504, r.kind, r.day - p.since,
       count(*) FILTER (WHERE r.first),
       sum(r.working), sum(r.partly), sum(r.not_working), sum(r.not_tried), sum(r.unknown),
       coalesce(sum(r.working) FILTER (WHERE r.next_day IS NULL OR r.next_day > p.until), 0),
       coalesce(sum(r.partly) FILTER (WHERE r.next_day IS NULL OR r.next_day > p.until), 0),
       coalesce(sum(r.not_working) FILTER (WHERE r.next_day IS NULL OR r.next_day > p.until), 0),
       coalesce(sum(r.not_tried) FILTER (WHERE r.next_day IS NULL OR r.next_day > p.until), 0),
       coalesce(sum(r.unknown) FILTER (WHERE r.next_day IS NULL OR r.next_day > p.until), 0)
FROM (SELECT $1::text::date AS since, $2::text::date AS until) p
CROSS JOIN plp.report_runs r JOIN plp.report_students st ON st.id = r.student_id
WHERE r.day >= p.since AND r.day <= p.until AND r.kind <> ''
GROUP BY 1, 2, 3, 4, 5, 6
"#;

/// The words of the verdict counts in [`TREND_CHECKINS`], in its order (the last is any other).
const VERDICT_WORDS: [&str; 5] = ["working", "partly", "not-working", "not-tried", "unknown"];

/// For a login that reads some students in part (a teacher): the trends report's counts from
/// the narrow tables alone, which row-level security narrows row by row, summed in the hub per
/// group of students alike in what the report's filters look at (advisor, grade, IEP, 504; `gk` numbers the groups): one row per
/// group, what is counted and the word counted. $1 the school year whose plans count, $2..$3
/// the period's first and last day, $4..$5 the instants (ms) its first day starts and the day
/// after it starts (a goal whose status was last changed between them was marked in the
/// period), $6 the verdicts plp knows (any other word is an unknown verdict). A strategy's last
/// verdict is the one with the greatest (check-in's place among the student's by day and id,
/// place in the check-in): that place and the verdict's number are packed in one integer. A
/// check-in restricted whole reaches a teacher with no kind (sql/0016_next_date_told.sql) and is
/// not counted, as in the teacher's own file (see `report_data::held_only`).
const TREND_COUNTS_IN_PART: &str = r#"
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
    WHERE c.date >= $2 AND c.date <= $3 AND c.day IS NOT NULL AND c.kind <> ''
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
    FROM goal g
    JOIN plp.status_stamps(ARRAY(SELECT id FROM goal WHERE status ILIKE '%met%')) m
        ON m.entity_id = g.id
    WHERE g.status ILIKE '%met%' AND plp.hlc_millis(m.hlc) >= $4 AND plp.hlc_millis(m.hlc) < $5
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
        let caseload = if self.reads_whole()? {
            CASELOAD
        } else {
            CASELOAD_IN_PART
        };
        let mut out = Vec::new();
        for r in self.query(caseload, &[&year])? {
            let given: String = r.get(2);
            let family: String = r.get(3);
            let preferred: Option<String> = r.get::<_, Option<String>>(4);
            let preferred = preferred.filter(|p| !p.trim().is_empty());
            let first = preferred.as_deref().unwrap_or(&given);
            let name = format!("{first} {family}").trim().to_string();
            let status: String = r.get(7);
            let last: Option<String> = r.get(10);
            let next: Option<String> = r.get(11);
            // As in a file: a next date from before this school year is no date for this one.
            let next_due = next_due_this_year(next.as_deref().and_then(parse_stored_date), today);
            let last_checkin = last.as_deref().and_then(parse_stored_date);
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
                last_checkin,
                next_due,
                due: due_state_of(last_checkin, next_due, today),
                active_goals: r.get(12),
            });
        }
        sort(&mut out);
        Ok(out)
    }

    fn checkins_until(&self, day: NaiveDate) -> Result<crate::store::LastCheckins> {
        let day = day.format("%Y-%m-%d").to_string();
        let mut out = std::collections::HashMap::new();
        for r in self.query(LAST_CHECKINS_UNTIL, &[&day])? {
            let date: Option<String> = r.get(1);
            let next: Option<String> = r.get(2);
            if let Some(date) = date.as_deref().and_then(parse_stored_date) {
                out.insert(
                    r.get(0),
                    (date, next.as_deref().and_then(parse_stored_date)),
                );
            }
        }
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
            "SELECT student_id, reviewed FROM plp.report_plans WHERE school_year = $1",
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
               FROM plp.report_goals g JOIN plp.report_plans p ON p.id = g.plan_id
               WHERE p.school_year = $1
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
            for r in self.query("SELECT entity_id, hlc FROM plp.status_stamps($1)", &[&met])? {
                let hlc: &str = r.get(1);
                let ms = hlc.split('.').next().and_then(|m| m.parse::<i64>().ok());
                if let Some(&(i, g)) = goal_at.get(r.get::<_, &str>(0)) {
                    out[i].goals[g].met_on = ms.and_then(day_of_millis);
                }
            }
        }

        for r in self.query(
            r#"SELECT s.goal_id, s.id, s.what, s.status
               FROM plp.report_strategies s JOIN plp.report_goals g ON g.id = s.goal_id
               JOIN plp.report_plans p ON p.id = g.plan_id
               WHERE p.school_year = $1
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
            r#"SELECT student_id, date, kind, attended::text, progress::text, strategies,
                      verdicts
               FROM plp.report_checkins
               WHERE date >= $1 AND date <= $2
               ORDER BY date, id"#,
            &[&from, &to],
        )? {
            let Some(&i) = index.get(r.get::<_, &str>(0)) else {
                continue;
            };
            let Some(date) = r.get::<_, Option<&str>>(1).and_then(parse_stored_date) else {
                continue;
            };
            let kind: String = r.get(2);
            out[i].checkins.push(ReportCheckin {
                date,
                held_only: held_only(&kind),
                kind: word(kind),
                attended: json_list(r.get::<_, &str>(3)),
                progress: json_list(r.get::<_, &str>(4)),
                verdicts: r
                    .get::<_, Vec<String>>(5)
                    .into_iter()
                    .zip(r.get::<_, Vec<&str>>(6))
                    .map(|(s, v)| (s, verdict_word(v)))
                    .collect(),
            });
        }

        // A student first met after the window was never met as of its end; one met before it
        // as well was (as a file says).
        let to_day = parse_stored_date(&to);
        let asked: Vec<String> = out
            .iter()
            .filter(|s| {
                s.checkins.is_empty()
                    && s.row
                        .last_checkin
                        .is_some_and(|d| to_day.is_some_and(|t| d > t))
            })
            .map(|s| s.row.id.clone())
            .collect();
        if !asked.is_empty() {
            let met: std::collections::HashSet<String> = self
                .query(
                    "SELECT DISTINCT student_id FROM plp.report_checkins
                     WHERE student_id = ANY ($1) AND date < $2",
                    &[&asked, &from],
                )?
                .iter()
                .map(|r| r.get(0))
                .collect();
            for id in &asked {
                if let Some(&i) = index.get(id.as_str()) {
                    out[i].met_before = Some(met.contains(id));
                }
            }
        }

        for r in self.query(
            r#"SELECT student_id, name, role FROM plp.report_team ORDER BY id"#,
            &[],
        )? {
            if let Some(&i) = index.get(r.get::<_, &str>(0)) {
                out[i].team.push((r.get(1), r.get(2)));
            }
        }

        for r in self.query(
            r#"SELECT student_id, date, kind FROM plp.report_interventions
               WHERE date >= $1 AND date <= $2 ORDER BY date, id"#,
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
        if self.reads_whole()? {
            return self
                .tallied_trends(school_year, from, (&first, &last), starts, ends)
                .map(Some);
        }
        // The verdicts as a check-in stores them (any other word reads as an unknown verdict).
        let verdicts: Vec<String> = crate::domain::Verdict::ALL
            .iter()
            .filter_map(|v| serde_json::to_value(v).ok()?.as_str().map(str::to_string))
            .collect();
        let rows = self.query_counts(
            TREND_COUNTS_IN_PART,
            &[&school_year, &first, &last, &starts, &ends, &verdicts],
        )?;
        let mut groups: HashMap<GroupKey, TrendGroup> = HashMap::new();
        for r in rows {
            let g = group(&mut groups, (r.get(0), r.get(1), r.get(2), r.get(3)));
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

impl HubReports {
    /// The trends' counts from the tallies (a login that reads its students whole): the
    /// year's goals (counted once per year), the goals marked met in the period, and the
    /// period's check-ins and verdicts.
    fn tallied_trends(
        &self,
        school_year: &str,
        from: NaiveDate,
        (first, last): (&str, &str),
        starts: i64,
        ends: i64,
    ) -> Result<Vec<TrendGroup>> {
        let mut groups: HashMap<GroupKey, TrendGroup> = HashMap::new();
        let known = self.goal_groups.borrow().get(school_year).cloned();
        let goal_groups = match known {
            Some(g) => g,
            None => {
                let mut all = Vec::new();
                for r in self.query_counts(TREND_GOALS, &[&school_year])? {
                    let students: i64 = r.get(7);
                    let statuses: Vec<String> = r.get(5);
                    let counts: Vec<i32> = r.get(6);
                    all.push(GoalGroup {
                        key: (r.get(0), r.get(1), r.get(2), r.get(3)),
                        domains: r.get(4),
                        statuses: statuses
                            .into_iter()
                            .zip(counts)
                            .map(|(s, n)| (s, i64::from(n) * students))
                            .collect(),
                        students,
                    });
                }
                self.goal_groups
                    .borrow_mut()
                    .insert(school_year.to_string(), all.clone());
                all
            }
        };
        for gg in goal_groups {
            let g = group(&mut groups, gg.key);
            g.domain_sets.push((gg.domains, gg.students));
            g.statuses.extend(gg.statuses);
        }
        for r in self.query_counts(TREND_MET, &[&school_year, &starts, &ends])? {
            let g = group(&mut groups, (r.get(0), r.get(1), r.get(2), r.get(3)));
            g.changed_in_period.push((r.get(4), r.get(5)));
        }
        let mut months: HashMap<(GroupKey, (i32, u32)), i64> = HashMap::new();
        let mut weeks: HashMap<(GroupKey, usize), i64> = HashMap::new();
        for r in self.query_counts(TREND_CHECKINS, &[&first, &last])? {
            let key: GroupKey = (r.get(0), r.get(1), r.get(2), r.get(3));
            let after: i32 = r.get(5);
            let day = from + chrono::Duration::days(i64::from(after));
            let checkins: i64 = r.get(6);
            *months
                .entry((key.clone(), (day.year(), day.month())))
                .or_default() += checkins;
            *weeks
                .entry((key.clone(), (after / 7) as usize))
                .or_default() += checkins;
            let g = group(&mut groups, key);
            g.kinds.push((r.get(4), checkins));
            for (i, word) in VERDICT_WORDS.iter().enumerate() {
                g.verdicts.push((word.to_string(), r.get(7 + i)));
                g.latest_verdicts.push((word.to_string(), r.get(12 + i)));
            }
        }
        for ((key, month), n) in months {
            group(&mut groups, key).months.push((month, n));
        }
        for ((key, week), n) in weeks {
            group(&mut groups, key).weeks.push((week, n));
        }
        Ok(groups.into_values().collect())
    }
}

/// The group of students with this key (made empty when new).
fn group(groups: &mut HashMap<GroupKey, TrendGroup>, key: GroupKey) -> &mut TrendGroup {
    groups.entry(key).or_insert_with_key(|k| TrendGroup {
        advisor: k.0.clone(),
        grade: k.1,
        iep: k.2,
        plan_504: k.3,
        ..TrendGroup::default()
    })
}

/// A stored verdict word read as a check-in's verdicts are (the exact word, else unknown).
fn verdict_word(s: &str) -> crate::domain::Verdict {
    serde_json::from_value(serde_json::Value::String(s.to_string()))
        .unwrap_or(crate::domain::Verdict::Unknown)
}
