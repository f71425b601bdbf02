//! Who is due or overdue for a check-in.

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::DueState;
use crate::store::{Result, Store};

/// One student who needs a check-in soon.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DueRow {
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
    /// When the next was due.
    pub next_due: Option<NaiveDate>,
    /// "overdue", "not yet met" or "this week".
    pub due: String,
    /// Days past the due date (0 when not overdue).
    pub days_overdue: i64,
}

/// Overdue, never met, and due within a week, most urgent first.
pub fn due(store: &Store, today: NaiveDate) -> Result<Vec<DueRow>> {
    Ok(store
        .caseload(today, false)?
        .into_iter()
        .filter(|r| r.due != DueState::Later)
        .map(|r| DueRow {
            days_overdue: r
                .next_due
                .map(|d| (today - d).num_days().max(0))
                .unwrap_or(0),
            sis_id: r.sis_id,
            name: r.name,
            grade: r.grade,
            advisor: r.advisor,
            last_checkin: r.last_checkin,
            next_due: r.next_due,
            due: r.due.word().to_string(),
        })
        .collect())
}
