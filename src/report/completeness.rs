//! How complete each plan is: strengths recorded, family took part, annual review done…

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use super::filter::{self, ReportFilter};
use crate::domain::{Status, PROFILE_FIELDS};
use crate::store::{ReportSource, ReportStudent, Result};

/// A check-in within this many days counts as recent.
const RECENT_DAYS: i64 = 42;

/// One student's plan completeness.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Completeness {
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
    /// This school year's plan exists (without one, no goal or strategy criterion is met).
    pub has_plan: bool,
    /// Strengths are written down.
    pub strengths: bool,
    /// How many of the seven profile fields are written.
    pub profile_fields: usize,
    /// This year's plan has 2–4 goals.
    pub goals_in_range: bool,
    /// Every goal has at least two strategies.
    pub strategies: bool,
    /// The family took part this year (see `filter::last_family_contact`).
    pub family_took_part: bool,
    /// The annual review is done.
    pub annual_review: bool,
    /// Checked in within the last six weeks.
    pub recent_checkin: bool,
}

impl Completeness {
    /// The yes/no criteria, named, in report order.
    pub fn criteria(&self) -> [(&'static str, bool); 7] {
        [
            ("strengths", self.strengths),
            (
                "profile complete",
                self.profile_fields == PROFILE_FIELDS.len(),
            ),
            ("2-4 goals", self.goals_in_range),
            ("2+ strategies each", self.strategies),
            ("family took part", self.family_took_part),
            ("annual review", self.annual_review),
            ("checked in <6 weeks", self.recent_checkin),
        ]
    }

    /// How many criteria are met.
    pub fn done(&self) -> usize {
        self.criteria().iter().filter(|(_, ok)| *ok).count()
    }
}

/// Completeness for every student the filter keeps, in caseload order.
pub fn completeness(
    store: &dyn ReportSource,
    f: &ReportFilter,
    today: NaiveDate,
) -> Result<Vec<Completeness>> {
    let since = f.start(today);
    let end = f.end(today);
    let from = since.min(end - Duration::days(RECENT_DAYS));
    let students = filter::students(store, f, from, today)?;
    Ok(compute(&students, since, end))
}

/// Completeness as of `end`; family contact counted from `since`.
pub fn compute(students: &[ReportStudent], since: NaiveDate, end: NaiveDate) -> Vec<Completeness> {
    students
        .iter()
        .map(|s| {
            // A goal or strategy replaced (revised) or retired is no longer part of the plan.
            let in_use = |status: Status| !matches!(status, Status::Dropped | Status::Revised);
            let goals: Vec<_> = s.goals.iter().filter(|g| in_use(g.status)).collect();
            Completeness {
                id: s.row.id.clone(),
                sis_id: s.row.sis_id.clone(),
                name: s.row.name.clone(),
                grade: s.row.grade,
                advisor: s.row.advisor.clone(),
                has_plan: s.has_plan,
                strengths: s.strengths,
                profile_fields: s.profile_fields,
                goals_in_range: (2..=4).contains(&goals.len()),
                strategies: !goals.is_empty()
                    && goals
                        .iter()
                        .all(|g| g.strategies.iter().filter(|st| in_use(st.status)).count() >= 2),
                family_took_part: filter::last_family_contact(s, since, end).is_some(),
                annual_review: s.reviewed,
                recent_checkin: s
                    .checkins
                    .iter()
                    .any(|c| c.date <= end && c.date >= end - Duration::days(RECENT_DAYS)),
            }
        })
        .collect()
}
