//! The Reports screen's state: which section is shown, the narrowing chosen, and the reports
//! computed for it.

use chrono::{Duration, NaiveDate};

use crate::domain::advisor::Scope;
use crate::report::due::DueRow;
use crate::report::filter::{school_quarter, school_year_start, ReportFilter};
use crate::report::overview::Overview;

/// The four sections, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// Who is due or overdue.
    Due,
    /// Trends, with charts.
    Trends,
    /// Plan completeness.
    Completeness,
    /// Who is stuck, and why.
    Stuck,
}

impl Section {
    /// In Tab order.
    pub const ALL: [Section; 4] = [
        Section::Due,
        Section::Trends,
        Section::Completeness,
        Section::Stuck,
    ];

    /// The tab's name.
    pub fn title(self) -> &'static str {
        match self {
            Section::Due => "Due",
            Section::Trends => "Trends",
            Section::Completeness => "Completeness",
            Section::Stuck => "Stuck",
        }
    }
}

/// The stretch of days the reports look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodChoice {
    /// From the first day of the school year to today.
    SchoolYear,
    /// The current school quarter so far.
    Quarter,
    /// The whole previous school quarter.
    LastQuarter,
    /// The last eight weeks.
    EightWeeks,
}

impl PeriodChoice {
    /// In the order `p` steps through them.
    pub const ALL: [PeriodChoice; 4] = [
        PeriodChoice::SchoolYear,
        PeriodChoice::Quarter,
        PeriodChoice::LastQuarter,
        PeriodChoice::EightWeeks,
    ];

    /// Its name.
    pub fn label(self) -> &'static str {
        match self {
            PeriodChoice::SchoolYear => "school year so far",
            PeriodChoice::Quarter => "this quarter so far",
            PeriodChoice::LastQuarter => "last quarter",
            PeriodChoice::EightWeeks => "last 8 weeks",
        }
    }

    /// First and last day, as of `today`.
    pub fn range(self, today: NaiveDate) -> (NaiveDate, NaiveDate) {
        match self {
            PeriodChoice::SchoolYear => (school_year_start(today), today),
            PeriodChoice::Quarter => (school_quarter(today).0, today),
            PeriodChoice::LastQuarter => {
                let end = school_quarter(today).0 - Duration::days(1);
                (school_quarter(end).0, end)
            }
            PeriodChoice::EightWeeks => (today - Duration::days(55), today),
        }
    }
}

/// Which students with a plan on file: everyone, IEP, 504, or either.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flags {
    /// Everyone.
    Any,
    /// An IEP.
    Iep,
    /// A 504 plan.
    Plan504,
    /// Either.
    Either,
}

impl Flags {
    /// The next in the cycle.
    pub fn next(self) -> Flags {
        match self {
            Flags::Any => Flags::Iep,
            Flags::Iep => Flags::Plan504,
            Flags::Plan504 => Flags::Either,
            Flags::Either => Flags::Any,
        }
    }
}

/// The Reports screen.
pub struct ReportsView {
    /// The section shown.
    pub section: Section,
    /// The selected line in each section's list.
    pub selected: [usize; 4],
    /// The advisor narrowed to.
    pub advisor: Option<String>,
    /// The grade narrowed to.
    pub grade: Option<i64>,
    /// IEP/504.
    pub flags: Flags,
    /// The days looked at.
    pub period: PeriodChoice,
    /// Who is due, worked out from the caseload in memory the moment the screen opens.
    pub due: Vec<DueRow>,
    /// The other reports for the narrowing (None while they are read, beside the screen).
    pub overview: Option<Box<Overview>>,
}

impl ReportsView {
    /// The screen as it opens: everyone, the school year so far, the due list.
    pub fn new() -> ReportsView {
        ReportsView {
            section: Section::Due,
            selected: [0; 4],
            advisor: None,
            grade: None,
            flags: Flags::Any,
            period: PeriodChoice::SchoolYear,
            due: Vec::new(),
            overview: None,
        }
    }

    /// The narrowing as the reports take it.
    pub fn filter(&self, today: NaiveDate) -> ReportFilter {
        let (since, until) = self.period.range(today);
        ReportFilter {
            scope: Scope {
                advisor: self.advisor.clone(),
                grade: self.grade,
            },
            iep: matches!(self.flags, Flags::Iep | Flags::Either),
            plan_504: matches!(self.flags, Flags::Plan504 | Flags::Either),
            since: Some(since),
            until: Some(until),
            school: None,
        }
    }

    /// The index of a section.
    pub fn index(s: Section) -> usize {
        Section::ALL.iter().position(|x| *x == s).unwrap_or(0)
    }

    /// How many lines the section's list has (trends has none to select).
    pub fn len(&self, s: Section) -> usize {
        if s == Section::Due {
            return self.due.len();
        }
        let Some(o) = &self.overview else { return 0 };
        match s {
            Section::Due => self.due.len(),
            Section::Trends => 0,
            Section::Completeness => o.completeness.len(),
            Section::Stuck => o.stuck.len(),
        }
    }

    /// The student on the selected line of the section shown.
    pub fn selected_student(&self) -> Option<&str> {
        let i = self.selected[Self::index(self.section)];
        if self.section == Section::Due {
            return self.due.get(i).map(|r| r.id.as_str());
        }
        let o = self.overview.as_ref()?;
        match self.section {
            Section::Due => None,
            Section::Trends => None,
            Section::Completeness => o.completeness.get(i).map(|r| r.id.as_str()),
            Section::Stuck => o.stuck.get(i).map(|r| r.id.as_str()),
        }
    }
}

impl Default for ReportsView {
    fn default() -> Self {
        ReportsView::new()
    }
}
