//! Every team report at once, from one read of the database: what the app's Reports screen shows.

use chrono::NaiveDate;

use super::completeness::{self, Completeness};
use super::due::{self, DueRow};
use super::filter::{Period, ReportFilter};
use super::stuck::{self, Stuck};
use super::trends::{self, Trends};
use crate::domain::school_year_of;
use crate::store::{Result, Store};

/// The four reports for one narrowing, and what there is to narrow by.
#[derive(Debug, Clone, PartialEq)]
pub struct Overview {
    /// The narrowing they were computed for.
    pub filter: ReportFilter,
    /// Who is due or overdue.
    pub due: Vec<DueRow>,
    /// Trends over the period.
    pub trends: Trends,
    /// Trends over the period before (same number of days).
    pub before: Trends,
    /// Plan completeness.
    pub completeness: Vec<Completeness>,
    /// Who is stuck, and why.
    pub stuck: Vec<Stuck>,
    /// Every advisor named on the caseload, sorted (to narrow by).
    pub advisors: Vec<String>,
    /// Every grade on the caseload, ascending (to narrow by).
    pub grades: Vec<i64>,
}

/// All four reports. The period before is read with the plans of its own school year (the
/// quarter before the first of the year looks at last year's plans).
pub fn overview(store: &Store, filter: &ReportFilter, today: NaiveDate) -> Result<Overview> {
    let (now, before) = Period::with_previous(filter, today);
    let end = now.until;
    let since = filter.start(today);
    let year = school_year_of(end);
    let before_year = school_year_of(before.until);
    let from = stuck::first_day_read(since, end);
    let from = if before_year == year {
        from.min(before.since)
    } else {
        from
    };
    let mut students = store.report_data(&year, from, end, today)?;
    let mut advisors: Vec<String> = students
        .iter()
        .filter_map(|s| s.row.advisor.clone())
        .filter(|a| !a.trim().is_empty())
        .collect();
    advisors.sort_by_key(|a| a.to_lowercase());
    advisors.dedup();
    let mut grades: Vec<i64> = students.iter().filter_map(|s| s.row.grade).collect();
    grades.sort_unstable();
    grades.dedup();
    students.retain(|s| filter.keeps(&s.row));
    let before_trends = if before_year == year {
        trends::compute(&students, before)
    } else {
        let mut earlier = store.report_data(&before_year, before.since, before.until, today)?;
        earlier.retain(|s| filter.keeps(&s.row));
        trends::compute(&earlier, before)
    };
    let mut rows: Vec<_> = students.iter().map(|s| s.row.clone()).collect();
    due::as_of(store, &mut rows, end, today)?;
    Ok(Overview {
        filter: filter.clone(),
        due: due::due_rows(&rows, filter, today),
        trends: trends::compute(&students, now),
        before: before_trends,
        completeness: completeness::compute(&students, since, end),
        stuck: stuck::compute(&students, since, end),
        advisors,
        grades,
    })
}
