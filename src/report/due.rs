//! Who is due or overdue for a check-in.

use chrono::NaiveDate;
use serde::Serialize;

use super::filter::ReportFilter;
use crate::domain::{days_overdue, due_state_of, next_due_this_year, DueState};
use crate::store::{CaseloadRow, LastCheckins, ReportSource, Result};

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
    let asof = filter.end(today);
    let mut rows = store.caseload_rows(asof)?;
    as_of(store, &mut rows, asof, today)?;
    Ok(due_rows(&rows, filter, today))
}

/// Caseload lines as they stood on `asof`, when that is a day gone by: each student's last
/// check-in and next date are those of the check-ins held by then, never of one held since,
/// which would hide who was overdue then. A student with none by then was not yet met.
pub fn as_of(
    store: &dyn ReportSource,
    rows: &mut [CaseloadRow],
    asof: NaiveDate,
    today: NaiveDate,
) -> Result<()> {
    if asof < today {
        held_by(rows, &store.checkins_until(asof)?, asof);
    }
    Ok(())
}

/// [`as_of`] with each student's last check-in by that day read (`latest`).
fn held_by(rows: &mut [CaseloadRow], latest: &LastCheckins, asof: NaiveDate) {
    for r in rows {
        let (last, next) = latest
            .get(&r.id)
            .map_or((None, None), |&(d, n)| (Some(d), n));
        r.last_checkin = last;
        r.next_due = next_due_this_year(next, asof);
        r.due = due_state_of(r.last_checkin, r.next_due, asof);
    }
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
