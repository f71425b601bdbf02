//! What the team reports are computed from, read in a few bulk queries (one per table) rather
//! than student by student, so that every report over 5,000 students is one short read.
//!
//! Only what a team may see is read: names, grades, flags, the plan's goals and strategies, and
//! each check-in's date, kind, who attended, ratings and verdicts. Never the student's words,
//! advisor notes, adjustments or next steps, so no report can show them.

use chrono::NaiveDate;
use rusqlite::params;
use std::collections::HashMap;

use super::caseload::{parse_stored_date, CaseloadRow};
use super::{Result, Store};
use crate::domain::{CheckInKind, GoalDomain, GoalProgress, Status, Verdict};

/// A strategy as the reports see it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportStrategy {
    /// Id.
    pub id: String,
    /// What the student will do.
    pub what: String,
    /// Active, met, revised or dropped.
    pub status: Status,
}

/// A goal of the year's plan, with its strategies in order.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportGoal {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Domain.
    pub domain: GoalDomain,
    /// Status now.
    pub status: Status,
    /// The day it was marked met (when its status is met): the day of the change that set it,
    /// or of its making for a goal made met (brought in from elsewhere).
    pub met_on: Option<NaiveDate>,
    /// Its strategies.
    pub strategies: Vec<ReportStrategy>,
}

/// One dated check-in, without any of its text.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportCheckin {
    /// When.
    pub date: NaiveDate,
    /// What sort of meeting.
    pub kind: CheckInKind,
    /// Who was there.
    pub attended: Vec<String>,
    /// Ratings per goal.
    pub progress: Vec<GoalProgress>,
    /// Verdict per strategy (id, verdict).
    pub verdicts: Vec<(String, Verdict)>,
    /// Only that it was held reached this reader: a check-in restricted whole as a teacher
    /// reads it (its date and the next date it set, stored with no kind at all, nobody
    /// attending, no ratings or verdicts). See [`held_only`].
    pub held_only: bool,
}

/// Whether a check-in stored with this kind is one of which its reader holds only that it was
/// held: a check-in always has a kind, and only the form a teacher is given of one restricted
/// whole comes without one. The trends count no such meeting (not what kind it was, so not at
/// all), so that a teacher's shares add up to the whole.
pub fn held_only(stored_kind: &str) -> bool {
    stored_kind.is_empty()
}

/// One active student and what the reports need of them.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportStudent {
    /// The caseload line (names, grade, advisor, flags, last and next check-in).
    pub row: CaseloadRow,
    /// How many of the seven profile fields are written; whether strengths are.
    pub profile_fields: usize,
    /// Strengths are written.
    pub strengths: bool,
    /// The year's plan exists.
    pub has_plan: bool,
    /// The year's annual review is done.
    pub reviewed: bool,
    /// The year's goals, in order (retired ones left out).
    pub goals: Vec<ReportGoal>,
    /// Check-ins with a date in the window read, oldest first.
    pub checkins: Vec<ReportCheckin>,
    /// Team members: (name, role).
    pub team: Vec<(String, String)>,
    /// Interventions in the window read: (date, kind).
    pub interventions: Vec<(NaiveDate, String)>,
    /// Of a student with no check-in in the window read but one after it: whether any came
    /// before the window (`None` for anyone else, or when the source does not say).
    pub met_before: Option<bool>,
}

/// Where the reports read their students from: a file, or the district hub.
pub trait ReportSource {
    /// The caseload's active students, most urgent first (as [`Store::caseload`]).
    fn caseload_rows(&self, today: NaiveDate) -> Result<Vec<CaseloadRow>>;
    /// Each student's last check-in dated on or before `day`, with the next date it set:
    /// what the caseload's line said on that day (a report as of a day gone by must not read
    /// check-ins held after it).
    fn checkins_until(&self, day: NaiveDate) -> Result<LastCheckins>;
    /// What the reports need of each active student (as [`Store::report_data`]).
    fn report_students(
        &self,
        school_year: &str,
        from: NaiveDate,
        to: NaiveDate,
        today: NaiveDate,
    ) -> Result<Vec<ReportStudent>>;
    /// The trends report's counts over the active students with the plans of `school_year` and
    /// the check-ins dated `from..=to`, when this source sums them itself (the hub, by SQL);
    /// `None` has the report count them from [`ReportSource::report_students`].
    fn trend_counts(
        &self,
        _school_year: &str,
        _from: NaiveDate,
        _to: NaiveDate,
    ) -> Result<Option<Vec<super::TrendGroup>>> {
        Ok(None)
    }
}

/// Each student's last check-in by a day: (its date, the next date it set), by student id.
pub type LastCheckins = HashMap<String, (NaiveDate, Option<NaiveDate>)>;

impl ReportSource for Store {
    fn caseload_rows(&self, today: NaiveDate) -> Result<Vec<CaseloadRow>> {
        self.caseload(today, false)
    }

    fn checkins_until(&self, day: NaiveDate) -> Result<LastCheckins> {
        // The caseload line's own choice of the last one (by date, then id), made among the
        // check-ins held by `day`.
        let mut stmt = self.conn.prepare_cached(
            "SELECT student_id, date, next_date FROM (
                 SELECT student_id, date, next_date,
                        row_number() OVER (PARTITION BY student_id
                                           ORDER BY date DESC, id DESC) AS nth
                 FROM checkins WHERE retired = 0 AND date <= ?1)
             WHERE nth = 1",
        )?;
        let mut out = HashMap::new();
        let mut rows = stmt.query([day.format("%Y-%m-%d").to_string()])?;
        while let Some(r) = rows.next()? {
            let date: Option<String> = r.get(1)?;
            let next: Option<String> = r.get(2)?;
            if let Some(date) = date.as_deref().and_then(parse_stored_date) {
                out.insert(
                    r.get(0)?,
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
        self.report_data(school_year, from, to, today)
    }
}

impl Store {
    /// Every active student with the plan of `school_year` and the check-ins and interventions
    /// dated `from..=to`, in caseload order (most urgent first), due states as of `today`.
    pub fn report_data(
        &self,
        school_year: &str,
        from: NaiveDate,
        to: NaiveDate,
        today: NaiveDate,
    ) -> Result<Vec<ReportStudent>> {
        let rows = self.caseload(today, false)?;
        let (mut out, index) = empty_entries(rows);
        let from = from.format("%Y-%m-%d").to_string();
        let to = to.format("%Y-%m-%d").to_string();

        let mut stmt = self.conn.prepare_cached(
            "SELECT id, length(trim(strengths)) > 0,
                    (length(trim(strengths)) > 0) + (length(trim(needs)) > 0)
                  + (length(trim(learning)) > 0) + (length(trim(interests)) > 0)
                  + (length(trim(career)) > 0) + (length(trim(supports)) > 0)
                  + (length(trim(personal_goals)) > 0)
             FROM students WHERE retired = 0 AND status = 'active'",
        )?;
        let mut q = stmt.query([])?;
        while let Some(r) = q.next()? {
            if let Some(&i) = index.get(text(r, 0)?) {
                out[i].strengths = r.get(1)?;
                out[i].profile_fields = r.get::<_, i64>(2)? as usize;
            }
        }

        // Each table is read once, straight through, without joins or sorting in SQL (which
        // cost more than the reading): rows are matched to students by id here, and each
        // student's few goals, strategies and check-ins are put in order here.
        let mut plans: HashMap<String, usize> = HashMap::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, student_id, reviewed FROM plans WHERE school_year = ?1 AND retired = 0",
        )?;
        let mut q = stmt.query([school_year])?;
        while let Some(r) = q.next()? {
            if let Some(&i) = index.get(text(r, 1)?) {
                out[i].has_plan = true;
                out[i].reviewed |= r.get::<_, bool>(2)?;
                plans.insert(r.get(0)?, i);
            }
        }

        let mut goals: Vec<(usize, i64, ReportGoal)> = Vec::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT plan_id, id, title, domain, status, position FROM goals WHERE retired = 0",
        )?;
        let mut q = stmt.query([])?;
        while let Some(r) = q.next()? {
            if let Some(&i) = plans.get(text(r, 0)?) {
                goals.push((
                    i,
                    r.get(5)?,
                    ReportGoal {
                        id: r.get(1)?,
                        title: r.get(2)?,
                        domain: word(r.get::<_, String>(3)?),
                        status: word(r.get::<_, String>(4)?),
                        met_on: None,
                        strategies: Vec::new(),
                    },
                ));
            }
        }
        goals.sort_by(|a, b| (a.0, a.1, &a.2.id).cmp(&(b.0, b.1, &b.2.id)));
        let mut goal_at: HashMap<String, (usize, usize)> = HashMap::with_capacity(goals.len());
        for (i, _, g) in goals {
            goal_at.insert(g.id.clone(), (i, out[i].goals.len()));
            out[i].goals.push(g);
        }

        // When each goal marked met was marked so: the latest change of its status (or its
        // making), found through the log's index by record.
        let mut stmt = self.conn.prepare_cached(
            "SELECT max(ms) FROM ops WHERE entity_id = ?1 AND field IN ('status', '*')",
        )?;
        for (id, &(i, g)) in &goal_at {
            if out[i].goals[g].status != Status::Met {
                continue;
            }
            let ms: Option<i64> = stmt.query_row([super::packed::id(id)], |r| r.get(0))?;
            out[i].goals[g].met_on = ms.and_then(day_of_millis);
        }

        let mut strategies: Vec<((usize, usize), i64, ReportStrategy)> = Vec::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT goal_id, id, what, status, position FROM strategies WHERE retired = 0",
        )?;
        let mut q = stmt.query([])?;
        while let Some(r) = q.next()? {
            if let Some(&at) = goal_at.get(text(r, 0)?) {
                strategies.push((
                    at,
                    r.get(4)?,
                    ReportStrategy {
                        id: r.get(1)?,
                        what: r.get(2)?,
                        status: word(r.get::<_, String>(3)?),
                    },
                ));
            }
        }
        strategies.sort_by(|a, b| (a.0, a.1, &a.2.id).cmp(&(b.0, b.1, &b.2.id)));
        for ((i, g), _, st) in strategies {
            out[i].goals[g].strategies.push(st);
        }

        let mut stmt = self.conn.prepare_cached(
            "SELECT student_id, date, kind, attended, progress, verdicts, id FROM checkins
             WHERE retired = 0 AND date >= ?1 AND date <= ?2",
        )?;
        let mut q = stmt.query(params![from, to])?;
        let mut ids: Vec<Vec<String>> = vec![Vec::new(); out.len()];
        while let Some(r) = q.next()? {
            let Some(&i) = index.get(text(r, 0)?) else {
                continue;
            };
            let Some(date) = parse_stored_date(text(r, 1)?) else {
                continue;
            };
            let kind = text(r, 2)?;
            out[i].checkins.push(ReportCheckin {
                date,
                kind: word(kind.to_string()),
                attended: json_list(text(r, 3)?),
                progress: json_list(text(r, 4)?),
                verdicts: verdicts(text(r, 5)?),
                held_only: held_only(kind),
            });
            ids[i].push(r.get(6)?);
        }
        // Oldest first (ties by id, as the log orders them).
        for (s, ids) in out.iter_mut().zip(ids) {
            if s.checkins.len() > 1 {
                let mut both: Vec<(ReportCheckin, String)> = std::mem::take(&mut s.checkins)
                    .into_iter()
                    .zip(ids)
                    .collect();
                both.sort_by(|a, b| (a.0.date, &a.1).cmp(&(b.0.date, &b.1)));
                s.checkins = both.into_iter().map(|(c, _)| c).collect();
            }
        }
        // A student first met after the window was never met as of its end; one met before it
        // as well was. Only those met after it alone are asked (a look-up by the index each).
        let to_day = parse_stored_date(&to);
        let mut stmt = self.conn.prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM checkins
                            WHERE student_id = ?1 AND retired = 0 AND date < ?2)",
        )?;
        for s in out.iter_mut() {
            let after = s
                .row
                .last_checkin
                .is_some_and(|d| to_day.is_some_and(|t| d > t));
            if s.checkins.is_empty() && after {
                s.met_before = Some(stmt.query_row(params![s.row.id, from], |r| r.get(0))?);
            }
        }

        let mut stmt = self.conn.prepare_cached(
            "SELECT student_id, name, role FROM team_members WHERE retired = 0 ORDER BY id",
        )?;
        let mut q = stmt.query([])?;
        while let Some(r) = q.next()? {
            if let Some(&i) = index.get(text(r, 0)?) {
                out[i].team.push((r.get(1)?, r.get(2)?));
            }
        }

        let mut stmt = self.conn.prepare_cached(
            "SELECT student_id, date, kind FROM interventions
             WHERE retired = 0 AND date >= ?1 AND date <= ?2 ORDER BY date, id",
        )?;
        let mut q = stmt.query(params![from, to])?;
        while let Some(r) = q.next()? {
            if let Some(&i) = index.get(text(r, 0)?) {
                if let Some(date) = r
                    .get::<_, Option<String>>(1)?
                    .as_deref()
                    .and_then(parse_stored_date)
                {
                    out[i].interventions.push((date, r.get(2)?));
                }
            }
        }
        Ok(out)
    }
}

/// A text column, borrowed from the row (no copy to look it up).
fn text<'r>(r: &'r rusqlite::Row<'_>, i: usize) -> rusqlite::Result<&'r str> {
    Ok(r.get_ref(i)?.as_str_or_null()?.unwrap_or(""))
}

/// One empty report entry per caseload row, in order, and where each student's entry is.
pub(crate) fn empty_entries(
    rows: Vec<CaseloadRow>,
) -> (Vec<ReportStudent>, HashMap<String, usize>) {
    let index = rows
        .iter()
        .enumerate()
        .map(|(i, row)| (row.id.clone(), i))
        .collect();
    let out = rows
        .into_iter()
        .map(|row| ReportStudent {
            row,
            profile_fields: 0,
            strengths: false,
            has_plan: false,
            reviewed: false,
            goals: Vec::new(),
            checkins: Vec::new(),
            team: Vec::new(),
            interventions: Vec::new(),
            met_before: None,
        })
        .collect();
    (out, index)
}

/// The local day of a change made at `ms` milliseconds since 1970.
pub(super) fn day_of_millis(ms: i64) -> Option<NaiveDate> {
    use chrono::TimeZone;
    chrono::Local
        .timestamp_millis_opt(ms)
        .single()
        .map(|t| t.date_naive())
}

/// A check-in's verdicts as (strategy, verdict), read from their stored JSON.
pub(super) fn verdicts(text: &str) -> Vec<(String, Verdict)> {
    json_list::<VerdictOnly>(text)
        .into_iter()
        .map(|v| (v.strategy, v.verdict))
        .collect()
}

/// A verdict without its note (notes are text the reports never read).
#[derive(serde::Deserialize)]
struct VerdictOnly {
    strategy: String,
    verdict: Verdict,
}

/// A stored word, read as "unknown" when a newer plp wrote one this plp does not know.
pub(super) fn word<T: std::str::FromStr + From<Unknown>>(s: String) -> T {
    s.parse().unwrap_or_else(|_| T::from(Unknown))
}

/// Marks a word this plp does not know.
pub(super) struct Unknown;

macro_rules! unknown_is {
    ($($t:ty),*) => {$(impl From<Unknown> for $t { fn from(_: Unknown) -> Self { <$t>::Unknown } })*};
}
unknown_is!(CheckInKind, GoalDomain, Status);

/// A stored JSON list, each element read on its own: one that cannot be read is left out.
pub(super) fn json_list<T: serde::de::DeserializeOwned>(s: &str) -> Vec<T> {
    if let Ok(all) = serde_json::from_str::<Vec<T>>(s) {
        return all;
    }
    match serde_json::from_str::<Vec<serde_json::Value>>(s) {
        Ok(items) => items
            .into_iter()
            .filter_map(|v| serde_json::from_value(v).ok())
            .collect(),
        Err(_) => Vec::new(),
    }
}
