//! Trends across the caseload for this school year: goal domains, strategy verdicts, goals met.

use chrono::NaiveDate;
use rusqlite::params;
use serde::Serialize;

use crate::domain::{school_year_of, GoalDomain, Status, Verdict};
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

fn pairs(store: &Store, sql: &str, year: &str, start: &str) -> Result<Vec<(String, i64)>> {
    let mut stmt = store.conn().prepare(sql)?;
    let rows = stmt.query_map(params![year, start], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

const ACTIVE_GOALS: &str = "FROM goals g JOIN plans p ON p.id = g.plan_id
     JOIN students s ON s.id = g.student_id
     WHERE p.school_year = ?1 AND g.retired = 0 AND p.retired = 0
       AND s.retired = 0 AND s.status = 'active' AND ?2 = ?2";

const YEAR_CHECKINS: &str = "FROM checkins c JOIN students s ON s.id = c.student_id
     WHERE c.retired = 0 AND c.date >= ?2 AND s.retired = 0 AND s.status = 'active'
       AND ?1 = ?1";

/// Computes the trends for the school year `today` falls in.
pub fn trends(store: &Store, today: NaiveDate) -> Result<Trends> {
    let year = school_year_of(today);
    let start = format!("{}-08-01", &year[..4]);
    let students: i64 = store.conn().query_row(
        "SELECT count(*) FROM students WHERE retired = 0 AND status = 'active'",
        [],
        |r| r.get(0),
    )?;
    let domains: Vec<&str> = GoalDomain::ALL.iter().map(|d| d.as_str()).collect();
    let statuses: Vec<&str> = Status::ALL.iter().map(|d| d.as_str()).collect();
    let verdict_keys: Vec<&str> = Verdict::ALL.iter().map(|d| d.as_str()).collect();

    let by_domain = pairs(
        store,
        &format!("SELECT g.domain, count(DISTINCT g.student_id) {ACTIVE_GOALS} GROUP BY g.domain"),
        &year,
        &start,
    )?;
    let status = pairs(
        store,
        &format!("SELECT g.status, count(*) {ACTIVE_GOALS} GROUP BY g.status"),
        &year,
        &start,
    )?;
    let all_goals: i64 = status.iter().map(|(_, n)| n).sum();
    let verdicts = pairs(
        store,
        &format!(
            "SELECT json_extract(v.value, '$.verdict'), count(*)
             {} GROUP BY 1",
            YEAR_CHECKINS.replacen(
                "FROM checkins c",
                "FROM checkins c, json_each(c.verdicts) v",
                1
            )
        ),
        &year,
        &start,
    )?;
    let all_verdicts: i64 = verdicts.iter().map(|(_, n)| n).sum();
    let latest = pairs(
        store,
        &format!(
            "SELECT verdict, count(*) FROM (
               SELECT json_extract(v.value, '$.strategy') AS strategy,
                      json_extract(v.value, '$.verdict') AS verdict, max(c.date)
               {} GROUP BY 1) GROUP BY verdict",
            YEAR_CHECKINS.replacen(
                "FROM checkins c",
                "FROM checkins c, json_each(c.verdicts) v",
                1
            )
        ),
        &year,
        &start,
    )?;
    let all_latest: i64 = latest.iter().map(|(_, n)| n).sum();
    let kinds = pairs(
        store,
        &format!("SELECT c.kind, count(*) {YEAR_CHECKINS} GROUP BY c.kind"),
        &year,
        &start,
    )?;
    let all_checkins: i64 = kinds.iter().map(|(_, n)| n).sum();
    let kind_keys: Vec<&str> = crate::domain::CheckInKind::ALL
        .iter()
        .map(|k| k.as_str())
        .collect();

    let mut by_grade = Vec::new();
    let grades: Vec<(Option<i64>, i64)> = {
        let mut stmt = store.conn().prepare(
            "SELECT grade, count(*) FROM students WHERE retired = 0 AND status = 'active'
             GROUP BY grade ORDER BY grade",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (grade, count) in grades {
        let mut stmt = store.conn().prepare(&format!(
            "SELECT g.domain, count(DISTINCT g.student_id) {ACTIVE_GOALS} AND s.grade IS ?3
             GROUP BY g.domain"
        ))?;
        let rows = stmt.query_map(params![year, start, grade], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let counts: Vec<(String, i64)> = rows.collect::<rusqlite::Result<_>>()?;
        by_grade.push(GradeDomains {
            grade,
            students: count,
            domains: shares(&domains, &counts, count),
        });
    }

    Ok(Trends {
        school_year: year.clone(),
        students,
        goal_domains: shares(&domains, &by_domain, students),
        by_grade,
        goal_status: shares(&statuses, &status, all_goals),
        verdicts: shares(&verdict_keys, &verdicts, all_verdicts),
        latest_verdicts: shares(&verdict_keys, &latest, all_latest),
        checkins: shares(&kind_keys, &kinds, all_checkins),
    })
}
