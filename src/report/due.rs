//! Who is due or overdue for a check-in.

use chrono::NaiveDate;
use serde::Serialize;

use super::filter::ReportFilter;
use crate::domain::{days_overdue, due_state_of, DueState};
use crate::store::{CaseloadRow, ReportSource, Result};

/// One student who needs a check-in soon.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DueRow {
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
    /// Last check-in.
    pub last_checkin: Option<NaiveDate>,
    /// When the next is due this school year (none when not yet met this year).
    pub next_due: Option<NaiveDate>,
    /// "overdue", "not yet met", "no date set" (met this school year, no next date since) or
    /// "this week" (as of the report's day).
    pub due: String,
    /// Days past the due date (0 when not overdue).
    pub days_overdue: i64,
}

/// Who is due, from the store.
pub fn due(
    store: &dyn ReportSource,
    filter: &ReportFilter,
    today: NaiveDate,
) -> Result<Vec<DueRow>> {
    // The caseload as of the report's day, so that its next dates are read with that day's
    // school year (a date from before that year began is no date for it).
    Ok(due_rows(
        &store.caseload_rows(filter.end(today))?,
        filter,
        today,
    ))
}

/// Who is due among caseload lines, most urgent first, as of the report's day (`--until`, else
/// today): overdue, not yet met this school year (no check-in, or a next date from an earlier
/// year: the line has none), met this year with no date set since, and due within the week
/// from that day. `--until` is only the day
/// the report is as of, so `--until` today is the report of today. With `--since`, a next date
/// before it is left out (not yet met always shows).
pub fn due_rows(rows: &[CaseloadRow], filter: &ReportFilter, today: NaiveDate) -> Vec<DueRow> {
    let asof = filter.end(today);
    let mut out: Vec<DueRow> = rows
        .iter()
        .filter(|r| filter.keeps(r))
        .filter(|r| due_state_of(r.last_checkin, r.next_due, asof) != DueState::Later)
        .filter(|r| match (r.next_due, filter.since) {
            (Some(d), Some(s)) => d >= s,
            _ => true,
        })
        .map(|r| {
            let state = due_state_of(r.last_checkin, r.next_due, asof);
            DueRow {
                id: r.id.clone(),
                days_overdue: days_overdue(r.next_due, asof),
                sis_id: r.sis_id.clone(),
                name: r.name.clone(),
                grade: r.grade,
                advisor: r.advisor.clone(),
                last_checkin: r.last_checkin,
                next_due: r.next_due,
                due: state.word().to_string(),
            }
        })
        .collect();
    let now = [DueState::Overdue, DueState::NeverMet, DueState::NoDate].map(DueState::word);
    out.sort_by_key(|r| (!now.contains(&r.due.as_str()), r.next_due));
    out
}
