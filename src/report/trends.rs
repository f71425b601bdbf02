//! Trends across the caseload for this school year: goal domains, strategy verdicts, goals met.

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::{school_year_of, CheckInKind, GoalDomain, Status, Verdict};
use crate::store::{Result, Store};

/// A count and its share of a whole.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Share {
    /// What is counted.
    pub key: String,
    /// How many.
    pub count: i64,
    /// Percent of the whole, rounded to one decimal.
    pub percent: f64,
}

/// Goal domains chosen in one grade.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GradeDomains {
    /// Grade (None when not recorded).
    pub grade: Option<i64>,
    /// Active students in the grade.
    pub students: i64,
    /// Share of those students with at least one goal in each domain.
    pub domains: Vec<Share>,
}

/// The trends report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trends {
    /// "2026-27".
    pub school_year: String,
    /// Active students.
    pub students: i64,
    /// Share of students with at least one goal in each domain.
    pub goal_domains: Vec<Share>,
    /// The same, per grade.
    pub by_grade: Vec<GradeDomains>,
    /// Goals by status (share of all goals this year).
    pub goal_status: Vec<Share>,
    /// Every strategy verdict given at this year's check-ins.
    pub verdicts: Vec<Share>,
    /// Each strategy's most recent verdict this year.
    pub latest_verdicts: Vec<Share>,
    /// Check-ins held this year, by kind.
    pub checkins: Vec<Share>,
}

fn pct(n: i64, of: i64) -> f64 {
    if of == 0 {
        0.0
    } else {
        (n as f64 * 1000.0 / of as f64).round() / 10.0
    }
}

fn shares(keys: &[&str], counts: &[(String, i64)], whole: i64) -> Vec<Share> {
    keys.iter()
        .map(|k| {
            let count = counts
                .iter()
                .find(|(c, _)| c == k)
                .map(|(_, n)| *n)
                .unwrap_or(0);
            Share {
                key: k.to_string(),
                count,
                percent: pct(count, whole),
            }
        })
        .collect()
}

/// Computes the trends for the school year `today` falls in.
pub fn trends(store: &Store, today: NaiveDate) -> Result<Trends> {
    trends_among(store, today, None)
}

/// [`trends`] over only the students with these ids (`None`: everyone).
pub fn trends_among(
    store: &Store,
    today: NaiveDate,
    students: Option<&[String]>,
) -> Result<Trends> {
    let year = school_year_of(today);
    let start = crate::domain::school_year_first_day(&year, crate::domain::school_year_start())
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| format!("{}-08-01", &year[..4]));
    let counts = store.trend_counts_among(&year, &start, students)?;
    let domains: Vec<&str> = GoalDomain::ALL.iter().map(|d| d.as_str()).collect();
    let statuses: Vec<&str> = Status::ALL.iter().map(|d| d.as_str()).collect();
    let verdict_keys: Vec<&str> = Verdict::ALL.iter().map(|d| d.as_str()).collect();
    let kind_keys: Vec<&str> = CheckInKind::ALL.iter().map(|k| k.as_str()).collect();
    let total = |c: &[(String, i64)]| c.iter().map(|(_, n)| n).sum::<i64>();
    let by_grade = counts
        .grades
        .iter()
        .map(|(grade, students, by_domain)| GradeDomains {
            grade: *grade,
            students: *students,
            domains: shares(&domains, by_domain, *students),
        })
        .collect();
    Ok(Trends {
        school_year: year.clone(),
        students: counts.students,
        goal_domains: shares(&domains, &counts.students_by_domain, counts.students),
        by_grade,
        goal_status: shares(
            &statuses,
            &counts.goals_by_status,
            total(&counts.goals_by_status),
        ),
        verdicts: shares(&verdict_keys, &counts.verdicts, total(&counts.verdicts)),
        latest_verdicts: shares(
            &verdict_keys,
            &counts.latest_verdicts,
            total(&counts.latest_verdicts),
        ),
        checkins: shares(
            &kind_keys,
            &counts.checkins_by_kind,
            total(&counts.checkins_by_kind),
        ),
    })
}
