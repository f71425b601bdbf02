//! The caseload: one maintained line per student (`student_summary`), most urgent first. The
//! whole list, its first lines alone (for a first screen drawn before the rest is read), and its
//! counts.

use chrono::{Duration, NaiveDate};
use rusqlite::ToSql;
use serde::Serialize;

use super::{Result, Store};
use crate::domain::{due_state_of, next_due_this_year, school_year_of, DueState, StudentStatus};

/// One line of the caseload.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseloadRow {
    /// Student id.
    pub id: String,
    /// SIS id.
    pub sis_id: String,
    /// Name to show (preferred, else given, then family).
    pub name: String,
    /// Given name.
    pub given_name: String,
    /// Preferred name, if one is recorded.
    pub preferred_name: Option<String>,
    /// Family name (for sorting and matching).
    pub family_name: String,
    /// Grade.
    pub grade: Option<i64>,
    /// Advisor.
    pub advisor: Option<String>,
    /// Active or inactive.
    pub status: StudentStatus,
    /// Date of the last check-in.
    pub last_checkin: Option<NaiveDate>,
    /// When the next check-in is due this school year (none when the last next date was set for
    /// a day before this school year began).
    pub next_due: Option<NaiveDate>,
    /// Overdue, this week, later, not yet met this school year, or met with no date set.
    #[serde(serialize_with = "ser_due")]
    pub due: DueState,
    /// Active goals in this school year's plan.
    pub active_goals: i64,
    /// An IEP exists.
    pub iep: bool,
    /// A 504 plan exists.
    pub plan_504: bool,
}

fn ser_due<S: serde::Serializer>(d: &DueState, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(d.word())
}

/// How many students a caseload holds, and how many of them need a check-in now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CaseloadCounts {
    /// Students listed.
    pub students: usize,
    /// Overdue or never met.
    pub need_now: usize,
}

/// The columns [`caseload_row`] reads (the next date is column 11). The active goals are this
/// school year's: kept for the newest plan, and counted here only for a student whose newest
/// plan is for a year ahead (made at a year-end review in June, before this year is over).
const COLUMNS: &str = "student_id, sis_id, given_name, family_name, preferred_name, grade,
    advisor, status, iep, plan_504, last_date, next_date,
    CASE WHEN goals_year = :year THEN active_goals
         WHEN goals_year > :year THEN
             (SELECT count(*) FROM goals g JOIN plans p ON p.id = g.plan_id
              WHERE g.student_id = student_summary.student_id AND g.retired = 0
                AND g.status = 'active' AND p.retired = 0 AND p.school_year = :year)
         ELSE 0 END";

/// Active students only unless `:all`.
const LISTED: &str = "retired = 0 AND (:all OR status = 'active')";

/// In a partial copy, added to [`LISTED`]: students who left its login's scope at the hub
/// (handed to another advisor, off a teacher's list) are not this login's caseload (see
/// [`Store::refresh_left_scope`]); all are listed with `:all`.
const STILL_IN_SCOPE: &str = " AND student_id NOT IN (SELECT id FROM temp.left_scope)";

/// [`STILL_IN_SCOPE`], unless `:all`.
const STILL_IN_SCOPE_UNLESS_ALL: &str =
    " AND (:all OR student_id NOT IN (SELECT id FROM temp.left_scope))";

impl Store {
    /// The caseload, sorted by due date (overdue and never-met first), then name.
    pub fn caseload(&self, today: NaiveDate, include_inactive: bool) -> Result<Vec<CaseloadRow>> {
        let left = self.refresh_left_scope()? > 0;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM student_summary WHERE {LISTED}{}",
            if left { STILL_IN_SCOPE_UNLESS_ALL } else { "" }
        ))?;
        Shared::new(today, include_inactive).bind(&mut stmt, &[])?;
        let mut out = Vec::new();
        let mut rows = stmt.raw_query();
        while let Some(r) = rows.next()? {
            out.push(caseload_row(r, today)?);
        }
        sort(&mut out);
        Ok(out)
    }

    /// The first `n` lines of [`Store::caseload`] (active students), exactly as the whole list
    /// would start, reading only the students that can be among them.
    pub fn caseload_head(&self, today: NaiveDate, n: usize) -> Result<Vec<CaseloadRow>> {
        if n == 0 {
            return Ok(Vec::new());
        }
        // The list is sorted by urgency, then next date: together, by next date alone (never
        // met first, then next dates from before this school year, which are not yet met as
        // well), which is the order of the index. Students are read in that order until n are
        // held and the next date as this year sees it moves past the n-th's; those are sorted
        // in full.
        let left = self.refresh_left_scope()? > 0;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM student_summary INDEXED BY summary_by_due
             WHERE retired = 0 AND status = 'active'{} ORDER BY next_date",
            if left { STILL_IN_SCOPE } else { "" }
        ))?;
        Shared::new(today, false).bind(&mut stmt, &[])?;
        let mut out: Vec<CaseloadRow> = Vec::new();
        let mut last: Option<Option<NaiveDate>> = None;
        let mut rows = stmt.raw_query();
        while let Some(r) = rows.next()? {
            let row = caseload_row(r, today)?;
            if let Some(nth) = &last {
                if *nth != row.next_due {
                    break;
                }
            }
            let next = row.next_due;
            out.push(row);
            if out.len() == n {
                last = Some(next);
            }
        }
        sort(&mut out);
        out.truncate(n);
        Ok(out)
    }

    /// How many active students the caseload lists, and how many need a check-in now, from the
    /// counts kept per next date (no student is read). Every next date before today needs one:
    /// passed this school year (overdue) or set in an earlier one (not yet met this year), as
    /// does none at all (kept as '').
    pub fn caseload_counts(&self, today: NaiveDate) -> Result<CaseloadCounts> {
        // A partial copy's students who left its login's scope are not counted (few, read
        // one by one); a whole copy reads the kept counts alone.
        let sql = if self.refresh_left_scope()? > 0 {
            "SELECT coalesce(sum(n), 0), coalesce(sum(CASE WHEN next_date < :today THEN n END), 0)
             FROM (SELECT n, next_date FROM summary_counts WHERE status = 'active'
                   UNION ALL
                   SELECT -1, coalesce(next_date, '') FROM student_summary
                   WHERE retired = 0 AND status = 'active'
                     AND student_id IN (SELECT id FROM temp.left_scope))"
        } else {
            "SELECT coalesce(sum(n), 0), coalesce(sum(CASE WHEN next_date < :today THEN n END), 0)
             FROM summary_counts WHERE status = 'active'"
        };
        let mut stmt = self.conn.prepare_cached(sql)?;
        Shared::new(today, false).bind(&mut stmt, &[])?;
        let mut rows = stmt.raw_query();
        let r = rows.next()?.ok_or(rusqlite::Error::QueryReturnedNoRows)?;
        Ok(CaseloadCounts {
            students: r.get::<_, i64>(0)? as usize,
            need_now: r.get::<_, i64>(1)? as usize,
        })
    }
}

/// The caseload's order: overdue and never met first, then by next date, then name.
pub(super) fn sort(rows: &mut [CaseloadRow]) {
    rows.sort_by_cached_key(|r| {
        (
            rank(r.due),
            r.next_due,
            r.family_name.to_lowercase(),
            r.name.to_lowercase(),
            r.id.clone(),
        )
    });
}

/// The values every caseload query draws on, by name: the school year, today and a week from
/// today (as stored dates are written), and whether inactive students are listed.
struct Shared {
    year: String,
    today: String,
    week: String,
    all: bool,
}

impl Shared {
    fn new(today: NaiveDate, all: bool) -> Shared {
        let f = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
        Shared {
            year: school_year_of(today),
            today: f(today),
            week: f(today + Duration::days(7)),
            all,
        }
    }

    /// Binds these and `extra` to whichever names the statement uses (the SQL fragments above
    /// share names, and not every statement uses every one).
    fn bind(&self, stmt: &mut rusqlite::Statement<'_>, extra: &[(&str, &dyn ToSql)]) -> Result<()> {
        let shared: [(&str, &dyn ToSql); 4] = [
            (":year", &self.year),
            (":today", &self.today),
            (":week", &self.week),
            (":all", &self.all),
        ];
        for (name, value) in shared.iter().chain(extra) {
            if let Some(i) = stmt.parameter_index(name)? {
                stmt.raw_bind_parameter(i, value)?;
            }
        }
        Ok(())
    }
}

/// One caseload line from a `COLUMNS` row.
fn caseload_row(r: &rusqlite::Row<'_>, today: NaiveDate) -> rusqlite::Result<CaseloadRow> {
    let given: String = r.get(2)?;
    let family: String = r.get(3)?;
    let preferred: Option<String> = r.get(4)?;
    let preferred = preferred.filter(|p| !p.trim().is_empty());
    let first = preferred.as_deref().unwrap_or(&given);
    let status: String = r.get(7)?;
    let last: Option<String> = r.get(10)?;
    let next: Option<String> = r.get(11)?;
    // A next date set for a day before this school year began is no date for this one.
    let next_due = next_due_this_year(next.as_deref().and_then(parse_stored_date), today);
    let last_checkin = last.as_deref().and_then(parse_stored_date);
    Ok(CaseloadRow {
        id: r.get(0)?,
        sis_id: r.get(1)?,
        name: format!("{first} {family}").trim().to_string(),
        given_name: given,
        preferred_name: preferred,
        family_name: family,
        grade: r.get(5)?,
        advisor: r.get(6)?,
        // A status written by a newer plp is shown as unknown, not taken for active.
        status: status.parse().unwrap_or(StudentStatus::Unknown),
        iep: r.get(8)?,
        plan_504: r.get(9)?,
        last_checkin,
        next_due,
        due: due_state_of(last_checkin, next_due, today),
        active_goals: r.get(12)?,
    })
}

/// Overdue and never met first, then this week, then later.
fn rank(due: DueState) -> i64 {
    match due {
        DueState::Overdue | DueState::NeverMet | DueState::NoDate => 0,
        DueState::ThisWeek => 1,
        DueState::Later => 2,
    }
}

/// Dates are stored as `YYYY-MM-DD`; read without the general parser (the caseload reads
/// thousands at start-up).
pub(super) fn parse_stored_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b.get(r)?.iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    }
    NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
}
