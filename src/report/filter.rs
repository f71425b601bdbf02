//! What every report narrows by (advisor, grade, IEP/504, a date range), school quarters, and
//! what counts as family contact.

use chrono::{Duration, NaiveDate};

use crate::domain::advisor::Scope;
use crate::domain::{school_year_of, CheckInKind};
use crate::store::{fold, CaseloadRow, ReportCheckin, ReportSource, ReportStudent, Result};

/// Which students, and which dates, a report is about. Empty means everyone, this school year.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportFilter {
    /// One advisor's students, one grade's, or both (the advisor matched loosely).
    pub scope: Scope,
    /// Students with an IEP (with `plan_504` too: either).
    pub iep: bool,
    /// Students with a 504 plan (with `iep` too: either).
    pub plan_504: bool,
    /// The first day looked at.
    pub since: Option<NaiveDate>,
    /// The last day looked at ("as of"; today when not given).
    pub until: Option<NaiveDate>,
    /// One school's students, as the district hub files them (only a report from the hub
    /// narrows by it: a file's students are its own school's).
    pub school: Option<String>,
}

impl ReportFilter {
    /// Whether a student is one the report is about.
    pub fn keeps(&self, row: &CaseloadRow) -> bool {
        self.keeps_one(row.advisor.as_deref(), row.grade, row.iep, row.plan_504)
    }

    /// Whether a student with this advisor, grade, IEP and 504 plan is one the report is about.
    pub fn keeps_one(
        &self,
        advisor: Option<&str>,
        grade: Option<i64>,
        iep: bool,
        plan_504: bool,
    ) -> bool {
        if !self.scope.includes(advisor, grade) {
            return false;
        }
        if (self.iep || self.plan_504) && !((self.iep && iep) || (self.plan_504 && plan_504)) {
            return false;
        }
        true
    }

    /// The day the report looks from: `until`, else today.
    pub fn end(&self, today: NaiveDate) -> NaiveDate {
        self.until.unwrap_or(today)
    }

    /// The first day of the range: `since`, else the start of the school year `end` is in.
    pub fn start(&self, today: NaiveDate) -> NaiveDate {
        self.since
            .unwrap_or_else(|| school_year_start(self.end(today)))
    }

    /// Whether anything narrows the report (said in its heading).
    pub fn is_empty(&self) -> bool {
        *self == ReportFilter::default()
    }

    /// The narrowing in words: "Ms. Rivera's advisees in grade 9 · IEP or 504 · 2026-11-01 to
    /// 2026-11-24".
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(school) = &self.school {
            parts.push(crate::domain::clean_line(school));
        }
        if !self.scope.is_everyone() {
            parts.push(crate::domain::clean_line(&self.scope.describe()));
        }
        match (self.iep, self.plan_504) {
            (true, true) => parts.push("IEP or 504".into()),
            (true, false) => parts.push("IEP".into()),
            (false, true) => parts.push("504".into()),
            (false, false) => {}
        }
        match (self.since, self.until) {
            (Some(s), Some(u)) => parts.push(format!("{s} to {u}")),
            (Some(s), None) => parts.push(format!("from {s}")),
            (None, Some(u)) => parts.push(format!("until {u}")),
            (None, None) => {}
        }
        parts.join(" · ")
    }

    /// Refuses a range that ends before it starts, in one sentence.
    pub fn check(&self) -> std::result::Result<(), String> {
        match (self.since, self.until) {
            (Some(s), Some(u)) if u < s => Err(format!(
                "the range ends ({u}) before it starts ({s}): --until must be on or after --since"
            )),
            _ => Ok(()),
        }
    }
}

/// The first day of the school year `date` is in (its first month is a setting: August unless
/// `plp config school-year-start` says otherwise).
pub fn school_year_start(date: NaiveDate) -> NaiveDate {
    crate::domain::school_year_began(date)
}

/// The school quarter `date` is in: three months at a time from the start of the school year
/// (with an August start: Aug–Oct, Nov–Jan, Feb–Apr, May–Jul), first and last day.
pub fn school_quarter(date: NaiveDate) -> (NaiveDate, NaiveDate) {
    let start = school_year_start(date);
    let mut q = start;
    loop {
        let next = add_months(q, 3);
        if date < next {
            return (q, next - Duration::days(1));
        }
        q = next;
    }
}

fn add_months(d: NaiveDate, months: u32) -> NaiveDate {
    d.checked_add_months(chrono::Months::new(months))
        .unwrap_or(d)
}

/// A period a report covers, and the one it is compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Period {
    /// First day.
    pub since: NaiveDate,
    /// Last day.
    pub until: NaiveDate,
}

impl Period {
    /// The period a comparison report covers: `since..until` when `since` is given, else the
    /// school quarter `until` falls in, up to `until`; and the one before it to compare with:
    /// the same number of days just before `since`, or the whole previous school quarter.
    pub fn with_previous(filter: &ReportFilter, today: NaiveDate) -> (Period, Period) {
        let until = filter.end(today);
        match filter.since {
            Some(since) => {
                let days = (until - since).num_days();
                let prev_until = since - Duration::days(1);
                (
                    Period { since, until },
                    Period {
                        since: prev_until - Duration::days(days),
                        until: prev_until,
                    },
                )
            }
            None => {
                let (q_start, _) = school_quarter(until);
                let prev_end = q_start - Duration::days(1);
                let (p_start, _) = school_quarter(prev_end);
                (
                    Period {
                        since: q_start,
                        until,
                    },
                    Period {
                        since: p_start,
                        until: prev_end,
                    },
                )
            }
        }
    }

    /// "2026-11-01 to 2026-11-24".
    pub fn describe(&self) -> String {
        format!("{} to {}", self.since, self.until)
    }
}

/// The students a report is about, with their check-ins from `from` to the filter's end.
pub fn students(
    store: &dyn ReportSource,
    filter: &ReportFilter,
    from: NaiveDate,
    today: NaiveDate,
) -> Result<Vec<ReportStudent>> {
    let end = filter.end(today);
    let mut all = store.report_students(&school_year_of(end), from, end, today)?;
    all.retain(|s| filter.keeps(&s.row));
    Ok(all)
}

/// Words in a role, an attendee or an intervention's kind that mean the student's family.
const FAMILY_WORDS: &[&str] = &[
    "parent",
    "guardian",
    "mother",
    "father",
    "mom",
    "dad",
    "family",
    "grand",
    "aunt",
    "uncle",
    "foster",
    "caregiver",
    "home",
];

/// Whether text names a family member or the family ("parent", "Grandma", "home visit").
pub fn names_family(text: &str) -> bool {
    let t = fold(text);
    FAMILY_WORDS.iter().any(|w| t.contains(w))
}

/// The names of the student's team members whose role is family.
pub fn family_names(student: &ReportStudent) -> Vec<String> {
    student
        .team
        .iter()
        .filter(|(_, role)| names_family(role))
        .map(|(name, _)| fold(name))
        .filter(|n| !n.is_empty())
        .collect()
}

/// Family contact at a meeting: a parent conference, a student-led conference (held for the
/// family), or anyone there who is family (by word, or by a family team member's name).
pub fn family_at(c: &ReportCheckin, family: &[String]) -> bool {
    matches!(c.kind, CheckInKind::Parent | CheckInKind::StudentLed)
        || c.attended.iter().any(|a| {
            names_family(a) || {
                let a = fold(a);
                family.iter().any(|f| a.contains(f.as_str()))
            }
        })
}

/// The last family contact from `since` to `until`: a meeting with family (see [`family_at`])
/// or an intervention whose kind names the family ("parent meeting", "home visit").
pub fn last_family_contact(
    s: &ReportStudent,
    since: NaiveDate,
    until: NaiveDate,
) -> Option<NaiveDate> {
    let family = family_names(s);
    let inside = |d: NaiveDate| d >= since && d <= until;
    let meeting = s
        .checkins
        .iter()
        .filter(|c| inside(c.date) && family_at(c, &family))
        .map(|c| c.date)
        .max();
    let intervention = s
        .interventions
        .iter()
        .filter(|(d, kind)| inside(*d) && names_family(kind))
        .map(|(d, _)| *d)
        .max();
    meeting.max(intervention)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn quarters_and_the_one_before() {
        assert_eq!(
            school_quarter(d("2026-11-24")),
            (d("2026-11-01"), d("2027-01-31"))
        );
        assert_eq!(
            school_quarter(d("2026-08-01")),
            (d("2026-08-01"), d("2026-10-31"))
        );
        let (now, before) = Period::with_previous(&ReportFilter::default(), d("2026-11-24"));
        assert_eq!((now.since, now.until), (d("2026-11-01"), d("2026-11-24")));
        assert_eq!(
            (before.since, before.until),
            (d("2026-08-01"), d("2026-10-31"))
        );
        let f = ReportFilter {
            since: Some(d("2026-11-01")),
            until: Some(d("2026-11-10")),
            ..Default::default()
        };
        let (now, before) = Period::with_previous(&f, d("2026-11-24"));
        assert_eq!((now.since, now.until), (d("2026-11-01"), d("2026-11-10")));
        assert_eq!(
            (before.since, before.until),
            (d("2026-10-22"), d("2026-10-31"))
        );
    }

    #[test]
    fn a_range_that_ends_before_it_starts_is_refused() {
        let f = ReportFilter {
            since: Some(d("2026-11-10")),
            until: Some(d("2026-11-01")),
            ..Default::default()
        };
        assert!(f.check().unwrap_err().contains("--until"));
    }
}
