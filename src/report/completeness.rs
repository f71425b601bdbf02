//! How complete each plan is: strengths recorded, family took part, annual review done…

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use crate::domain::{school_year_of, CheckInKind, PROFILE_FIELDS};
use crate::store::{Result, Store};

/// A check-in within this many days counts as recent.
const RECENT_DAYS: i64 = 42;

/// One student's plan completeness.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Completeness {
    /// SIS id.
    pub sis_id: String,
    /// Name.
    pub name: String,
    /// Grade.
    pub grade: Option<i64>,
    /// Strengths are written down.
    pub strengths: bool,
    /// How many of the seven profile fields are written.
    pub profile_fields: usize,
    /// This year's plan has 2–4 goals.
    pub goals_in_range: bool,
    /// Every goal has at least two strategies.
    pub strategies: bool,
    /// A parent or guardian took part in a conference this year.
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
}

/// Completeness for every active student, in caseload order.
pub fn completeness(store: &Store, today: NaiveDate) -> Result<Vec<Completeness>> {
    let year = school_year_of(today);
    let start =
        NaiveDate::parse_from_str(&format!("{}-08-01", &year[..4]), "%Y-%m-%d").unwrap_or(today);
    let mut out = Vec::new();
    for row in store.caseload(today, false)? {
        let r = store.student(&row.id)?;
        let s = &r.student;
        let plan = r.plan_for(&year);
        let goals: Vec<_> = plan
            .map(|p| {
                p.goals
                    .iter()
                    .filter(|g| g.goal.status != crate::domain::Status::Dropped)
                    .collect()
            })
            .unwrap_or_default();
        let family: Vec<String> = r
            .team
            .iter()
            .filter(|t| {
                let role = t.role.to_lowercase();
                [
                    "parent", "guardian", "mother", "father", "mom", "dad", "family", "grand",
                ]
                .iter()
                .any(|w| role.contains(w))
            })
            .map(|t| crate::store::fold(&t.name))
            .collect();
        let this_year = r
            .checkins
            .iter()
            .filter(|c| c.date.is_some_and(|d| d >= start));
        let family_took_part = this_year.clone().any(|c| {
            matches!(c.kind, CheckInKind::StudentLed | CheckInKind::Parent)
                || c.attended.iter().any(|a| {
                    let a = crate::store::fold(a);
                    a.contains("parent")
                        || a.contains("guardian")
                        || a.contains("mom")
                        || a.contains("dad")
                        || family
                            .iter()
                            .any(|f| !f.is_empty() && a.contains(f.as_str()))
                })
        });
        out.push(Completeness {
            sis_id: s.sis_id.clone(),
            name: s.display_name(),
            grade: s.grade,
            strengths: !s.profile.strengths.trim().is_empty(),
            profile_fields: PROFILE_FIELDS
                .iter()
                .filter(|(f, _)| !s.profile.get(f).unwrap_or("").trim().is_empty())
                .count(),
            goals_in_range: (2..=4).contains(&goals.len()),
            strategies: !goals.is_empty() && goals.iter().all(|g| g.strategies.len() >= 2),
            family_took_part,
            annual_review: plan.is_some_and(|p| p.plan.reviewed),
            recent_checkin: row
                .last_checkin
                .is_some_and(|d| d >= today - Duration::days(RECENT_DAYS)),
        });
    }
    Ok(out)
}
