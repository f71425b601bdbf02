//! Trends across the students a report is about, over a period: goal domains (overall and by
//! grade), goal statuses, goals met, strategy verdicts and check-ins (by kind and by month).
//! Only counts leave this module, so no one student's record can be read from it.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};

use super::filter::{self, Period, ReportFilter};
use crate::domain::{school_year_of, CheckInKind, GoalDomain, Status, Verdict};
use crate::store::{ReportSource, ReportStudent, Result};

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

/// The trends report for one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trends {
    /// "2026-27": the school year whose plans are counted (the one the period ends in).
    pub school_year: String,
    /// First day of the period.
    pub since: NaiveDate,
    /// Last day of the period.
    pub until: NaiveDate,
    /// Active students.
    pub students: i64,
    /// Share of students with at least one goal in each domain.
    pub goal_domains: Vec<Share>,
    /// The same, per grade.
    pub by_grade: Vec<GradeDomains>,
    /// Goals by status now (share of all the year's goals).
    pub goal_status: Vec<Share>,
    /// Goals marked met in the period (share of the year's goals).
    pub goals_met: Share,
    /// Every strategy verdict given at the period's check-ins.
    pub verdicts: Vec<Share>,
    /// Each strategy's most recent verdict in the period.
    pub latest_verdicts: Vec<Share>,
    /// Check-ins held in the period, by kind.
    pub checkins: Vec<Share>,
    /// Check-ins held in the period, by month ("2026-11").
    pub checkins_by_month: Vec<Share>,
    /// Check-ins held in each week of the period, from its first day (for a sparkline).
    #[serde(skip)]
    pub checkins_by_week: Vec<u64>,
}

fn pct(n: i64, of: i64) -> f64 {
    if of == 0 {
        0.0
    } else {
        (n as f64 * 1000.0 / of as f64).round() / 10.0
    }
}

fn shares<K: Ord + Copy>(
    keys: &[K],
    name: impl Fn(K) -> &'static str,
    counts: &BTreeMap<K, i64>,
    whole: i64,
) -> Vec<Share> {
    keys.iter()
        .map(|k| {
            let count = counts.get(k).copied().unwrap_or(0);
            Share {
                key: name(*k).to_string(),
                count,
                percent: pct(count, whole),
            }
        })
        .collect()
}

/// Trends for the filter's students over the school year so far (or `--since`..`--until`).
pub fn trends(store: &dyn ReportSource, f: &ReportFilter, today: NaiveDate) -> Result<Trends> {
    let period = Period {
        since: f.start(today),
        until: f.end(today),
    };
    let students = filter::students(store, f, period.since, today)?;
    Ok(compute(&students, period))
}

/// Trends for a period and for the one before it (see [`Period::with_previous`]).
pub fn trends_compared(
    store: &dyn ReportSource,
    f: &ReportFilter,
    today: NaiveDate,
) -> Result<(Trends, Trends)> {
    let (now, before) = Period::with_previous(f, today);
    let now_f = ReportFilter {
        until: Some(now.until),
        ..f.clone()
    };
    let before_f = ReportFilter {
        until: Some(before.until),
        ..f.clone()
    };
    let a = filter::students(store, &now_f, now.since, today)?;
    let b = filter::students(store, &before_f, before.since, today)?;
    Ok((compute(&a, now), compute(&b, before)))
}

/// The trends of some students over a period (their check-ins outside it are not counted).
pub fn compute(students: &[ReportStudent], period: Period) -> Trends {
    let inside = |d: NaiveDate| d >= period.since && d <= period.until;
    let mut domains: BTreeMap<GoalDomain, i64> = BTreeMap::new();
    let mut grades: BTreeMap<Option<i64>, (i64, BTreeMap<GoalDomain, i64>)> = BTreeMap::new();
    let mut status: BTreeMap<Status, i64> = BTreeMap::new();
    let mut verdicts: BTreeMap<Verdict, i64> = BTreeMap::new();
    let mut latest: BTreeMap<Verdict, i64> = BTreeMap::new();
    let mut kinds: BTreeMap<CheckInKind, i64> = BTreeMap::new();
    let mut months: BTreeMap<(i32, u32), i64> = BTreeMap::new();
    let weeks = ((period.until - period.since).num_days().max(0) / 7 + 1) as usize;
    let mut by_week = vec![0u64; weeks];
    let mut goals = 0;
    let mut met = 0;
    for s in students {
        let grade = grades.entry(s.row.grade).or_default();
        grade.0 += 1;
        let mine: HashSet<GoalDomain> = s.goals.iter().map(|g| g.domain).collect();
        for d in mine {
            *domains.entry(d).or_default() += 1;
            *grade.1.entry(d).or_default() += 1;
        }
        for g in &s.goals {
            goals += 1;
            *status.entry(g.status).or_default() += 1;
            // A goal is met when it is marked met (a rating of 4 says how one check-in saw
            // it; the status is the decision, and a goal rated 4 may still be worked on).
            if g.status == Status::Met && g.met_on.is_some_and(inside) {
                met += 1;
            }
        }
        let mut last: BTreeMap<&str, Verdict> = BTreeMap::new();
        for c in s.checkins.iter().filter(|c| inside(c.date)) {
            *kinds.entry(c.kind).or_default() += 1;
            *months.entry((c.date.year(), c.date.month())).or_default() += 1;
            if let Some(w) = by_week.get_mut(((c.date - period.since).num_days() / 7) as usize) {
                *w += 1;
            }
            for (strategy, v) in &c.verdicts {
                *verdicts.entry(*v).or_default() += 1;
                last.insert(strategy, *v);
            }
        }
        for v in last.values() {
            *latest.entry(*v).or_default() += 1;
        }
    }
    let n = students.len() as i64;
    let mut month_keys = Vec::new();
    let mut m = (period.since.year(), period.since.month());
    while m <= (period.until.year(), period.until.month()) {
        month_keys.push(m);
        m = if m.1 == 12 {
            (m.0 + 1, 1)
        } else {
            (m.0, m.1 + 1)
        };
    }
    let held = total_of(&months);
    Trends {
        school_year: school_year_of(period.until),
        since: period.since,
        until: period.until,
        students: n,
        goal_domains: shares(GoalDomain::ALL, GoalDomain::as_str, &domains, n),
        by_grade: grades
            .iter()
            .map(|(g, (count, by))| GradeDomains {
                grade: *g,
                students: *count,
                domains: shares(GoalDomain::ALL, GoalDomain::as_str, by, *count),
            })
            .collect(),
        goal_status: shares(Status::ALL, Status::as_str, &status, goals),
        goals_met: Share {
            key: "marked met".into(),
            count: met,
            percent: pct(met, goals),
        },
        verdicts: shares(
            Verdict::ALL,
            Verdict::as_str,
            &verdicts,
            total_of(&verdicts),
        ),
        latest_verdicts: shares(Verdict::ALL, Verdict::as_str, &latest, total_of(&latest)),
        checkins: shares(
            CheckInKind::ALL,
            CheckInKind::as_str,
            &kinds,
            total_of(&kinds),
        ),
        checkins_by_month: month_keys
            .iter()
            .map(|k| {
                let count = months.get(k).copied().unwrap_or(0);
                Share {
                    key: format!("{}-{:02}", k.0, k.1),
                    count,
                    percent: pct(count, held),
                }
            })
            .collect(),
        checkins_by_week: by_week,
    }
}

fn total_of<K>(m: &BTreeMap<K, i64>) -> i64 {
    m.values().sum()
}
