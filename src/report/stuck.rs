//! Who is stuck, and why: a strategy not working at two check-ins in a row, a goal rated "no
//! progress" twice in a row, no check-in in eight weeks, no family contact this year.

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use super::filter::{self, ReportFilter};
use crate::domain::{Status, Verdict, RATING_MIN};
use crate::store::{ReportSource, ReportStudent, Result};

/// Longer than this without a check-in is stuck.
pub const QUIET_DAYS: i64 = 56;

/// The first day whose check-ins the stuck report reads: the range's first, or earlier when
/// the eight weeks before `end` reach further back (their last check-in still counts).
pub fn first_day_read(since: NaiveDate, end: NaiveDate) -> NaiveDate {
    since.min(end - Duration::days(QUIET_DAYS + 1))
}

/// Why a student is stuck.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "rule", rename_all = "kebab-case")]
pub enum Reason {
    /// An active strategy's last two verdicts were "not working".
    StrategyNotWorking {
        /// The strategy.
        strategy: String,
        /// The dates of the two check-ins.
        dates: [NaiveDate; 2],
    },
    /// An active goal's last two ratings were "no progress yet".
    NoProgress {
        /// The goal.
        goal: String,
        /// The dates of the two check-ins.
        dates: [NaiveDate; 2],
    },
    /// No check-in in the eight weeks before the report's day.
    NoCheckin {
        /// The last check-in on or before the report's day, if there was one.
        last: Option<NaiveDate>,
        /// When `last` is not known but the student has check-ins (after the report's day)
        /// and may have had some before the first day read: that day, since which there was
        /// none ("yet" would not be true). A student whose check-ins all come after the
        /// report's day has neither: not met yet, as of that day.
        #[serde(skip)]
        none_since: Option<NaiveDate>,
    },
    /// No family contact from the start of the range (the school year) to the report's day.
    NoFamilyContact {
        /// The start of the range.
        since: NaiveDate,
    },
}

impl Reason {
    /// The rule's short name ("strategy not working").
    pub fn rule(&self) -> &'static str {
        match self {
            Reason::StrategyNotWorking { .. } => "strategy not working",
            Reason::NoProgress { .. } => "no progress",
            Reason::NoCheckin {
                last: None,
                none_since: None,
            } => "no check-in yet",
            Reason::NoCheckin { .. } => "no check-in in 8 weeks",
            Reason::NoFamilyContact { .. } => "no family contact",
        }
    }

    /// The reason in words, with what it is about.
    pub fn words(&self) -> String {
        self.words_dated(|d| d.to_string())
    }

    /// The reason in words, its dates written by `date` (the app's screens write them as
    /// people read them; the command line keeps YYYY-MM-DD).
    pub fn words_dated(&self, date: impl Fn(NaiveDate) -> String) -> String {
        match self {
            Reason::StrategyNotWorking { strategy, dates } => format!(
                "not working twice ({}, {}): {}",
                date(dates[0]),
                date(dates[1]),
                crate::domain::clean_line(strategy)
            ),
            Reason::NoProgress { goal, dates } => format!(
                "no progress twice ({}, {}): {}",
                date(dates[0]),
                date(dates[1]),
                crate::domain::clean_line(goal)
            ),
            Reason::NoCheckin { last: Some(d), .. }
            | Reason::NoCheckin {
                none_since: Some(d),
                ..
            } => format!("no check-in since {}", date(*d)),
            Reason::NoCheckin {
                last: None,
                none_since: None,
            } => "no check-in yet".into(),
            Reason::NoFamilyContact { since } => {
                format!("no family contact at all since {}", date(*since))
            }
        }
    }
}

/// A stuck student and every reason why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stuck {
    /// Student id (not in the JSON: the SIS id names the student).
    #[serde(skip)]
    pub id: String,
    /// SIS id.
    pub sis_id: String,
    /// Name.
    pub name: String,
    /// Grade.
    pub grade: Option<i64>,
    /// Advisor.
    pub advisor: Option<String>,
    /// Why, in rule order.
    pub reasons: Vec<Reason>,
}

/// Who is stuck among the filter's students.
pub fn stuck(store: &dyn ReportSource, f: &ReportFilter, today: NaiveDate) -> Result<Vec<Stuck>> {
    let since = f.start(today);
    let end = f.end(today);
    // The last check-in before the range still tells whether eight weeks have gone by.
    let from = first_day_read(since, end);
    let students = filter::students(store, f, from, today)?;
    Ok(compute(&students, since, end))
}

/// Who is stuck as of `end`, looking at check-ins from `since` (and, for the eight weeks, before).
pub fn compute(students: &[ReportStudent], since: NaiveDate, end: NaiveDate) -> Vec<Stuck> {
    students
        .iter()
        .filter_map(|s| {
            let reasons = reasons(s, since, end);
            (!reasons.is_empty()).then(|| Stuck {
                id: s.row.id.clone(),
                sis_id: s.row.sis_id.clone(),
                name: s.row.name.clone(),
                grade: s.row.grade,
                advisor: s.row.advisor.clone(),
                reasons,
            })
        })
        .collect()
}

/// The last two of a series, if both match.
fn twice<T>(series: &[(NaiveDate, T)], bad: impl Fn(&T) -> bool) -> Option<[NaiveDate; 2]> {
    match series {
        [.., (a, x), (b, y)] if bad(x) && bad(y) => Some([*a, *b]),
        _ => None,
    }
}

/// Every reason one student is stuck.
pub fn reasons(s: &ReportStudent, since: NaiveDate, end: NaiveDate) -> Vec<Reason> {
    let mut out = Vec::new();
    let range: Vec<_> = s
        .checkins
        .iter()
        .filter(|c| c.date >= since && c.date <= end)
        .collect();
    for g in s.goals.iter().filter(|g| g.status == Status::Active) {
        for st in g.strategies.iter().filter(|st| st.status == Status::Active) {
            let series: Vec<(NaiveDate, Verdict)> = range
                .iter()
                .filter_map(|c| {
                    c.verdicts
                        .iter()
                        .rev()
                        .find(|(id, _)| *id == st.id)
                        .map(|(_, v)| (c.date, *v))
                })
                .collect();
            if let Some(dates) = twice(&series, |v| *v == Verdict::NotWorking) {
                out.push(Reason::StrategyNotWorking {
                    strategy: st.what.clone(),
                    dates,
                });
            }
        }
    }
    for g in s.goals.iter().filter(|g| g.status == Status::Active) {
        let series: Vec<(NaiveDate, i64)> = range
            .iter()
            .filter_map(|c| {
                c.progress
                    .iter()
                    .rev()
                    .find(|p| p.goal == g.id)
                    .map(|p| (c.date, p.rating))
            })
            .collect();
        if let Some(dates) = twice(&series, |r| *r == RATING_MIN) {
            out.push(Reason::NoProgress {
                goal: g.title.clone(),
                dates,
            });
        }
    }
    // The check-ins read start at the school year (or eight weeks back); the caseload's last
    // check-in tells of one before them (last school year's, at the start of a new one).
    let last = s
        .checkins
        .iter()
        .map(|c| c.date)
        .filter(|d| *d <= end)
        .max()
        .or(s.row.last_checkin.filter(|d| *d <= end));
    if last.is_none_or(|d| (end - d).num_days() > QUIET_DAYS) {
        // None on or before the report's day among those read, but some after it: unless the
        // source says there was none before those either (then the student had not been met
        // yet as of the report's day), only the days read are spoken for.
        let none_since = match (last, s.row.last_checkin, s.met_before) {
            (None, Some(_), Some(false)) => None,
            (None, Some(_), _) => Some(first_day_read(since, end)),
            _ => None,
        };
        out.push(Reason::NoCheckin { last, none_since });
    }
    if filter::last_family_contact(s, since, end).is_none() {
        out.push(Reason::NoFamilyContact { since });
    }
    out
}
