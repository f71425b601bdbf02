//! Which students the caseload shows: one advisor's advisees or everyone, narrowed by grade,
//! IEP/504 and due state. Plain data and pure functions; `update` changes it, `view` names it.

use super::caseload_index::CaseloadIndex;
use crate::domain::DueState;
use crate::store::CaseloadRow;

/// The IEP/504 narrowing, in the order `i` steps through it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FlagView {
    /// Every student.
    #[default]
    Any,
    /// Students with an IEP.
    Iep,
    /// Students with a 504 plan.
    Plan504,
    /// Students with either.
    Either,
    /// Students with neither.
    Neither,
}

impl FlagView {
    /// The next narrowing (back to `Any` after the last).
    pub fn next(self) -> FlagView {
        match self {
            FlagView::Any => FlagView::Iep,
            FlagView::Iep => FlagView::Plan504,
            FlagView::Plan504 => FlagView::Either,
            FlagView::Either => FlagView::Neither,
            FlagView::Neither => FlagView::Any,
        }
    }

    /// As the header and the bar say it.
    pub fn words(self) -> &'static str {
        match self {
            FlagView::Any => "any",
            FlagView::Iep => "IEP",
            FlagView::Plan504 => "504",
            FlagView::Either => "IEP or 504",
            FlagView::Neither => "no IEP/504",
        }
    }

    fn admits(self, iep: bool, plan_504: bool) -> bool {
        match self {
            FlagView::Any => true,
            FlagView::Iep => iep,
            FlagView::Plan504 => plan_504,
            FlagView::Either => iep || plan_504,
            FlagView::Neither => !iep && !plan_504,
        }
    }
}

/// The due-state narrowing, in the order `d` steps through it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DueView {
    /// Every student.
    #[default]
    Any,
    /// Overdue or never met: a check-in is needed now.
    Now,
    /// Due this week.
    ThisWeek,
    /// Due later.
    Later,
}

impl DueView {
    /// The next narrowing (back to `Any` after the last).
    pub fn next(self) -> DueView {
        match self {
            DueView::Any => DueView::Now,
            DueView::Now => DueView::ThisWeek,
            DueView::ThisWeek => DueView::Later,
            DueView::Later => DueView::Any,
        }
    }

    /// As the header and the bar say it.
    pub fn words(self) -> &'static str {
        match self {
            DueView::Any => "any",
            DueView::Now => "overdue or not yet met",
            DueView::ThisWeek => "this week",
            DueView::Later => "later",
        }
    }

    /// In a word or two, for the narrow bar.
    pub fn short(self) -> &'static str {
        match self {
            DueView::Now => "now",
            other => other.words(),
        }
    }

    /// Whether a student whose next check-in is `due` is in this view.
    pub fn admits(self, due: DueState) -> bool {
        match self {
            DueView::Any => true,
            DueView::Now => matches!(
                due,
                DueState::Overdue | DueState::NeverMet | DueState::NoDate
            ),
            DueView::ThisWeek => due == DueState::ThisWeek,
            DueView::Later => due == DueState::Later,
        }
    }
}

/// Who the caseload shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CaseloadView {
    /// Only this advisor's advisees (matched loosely); everyone when `None`.
    pub advisor: Option<String>,
    /// Only this grade.
    pub grade: Option<i64>,
    /// IEP/504.
    pub flags: FlagView,
    /// Due state.
    pub due: DueView,
}

impl CaseloadView {
    /// The view the app opens on: the advisor's own advisees when a name is set, else everyone.
    pub fn opening(me: Option<&str>) -> CaseloadView {
        CaseloadView {
            advisor: me.map(str::to_string),
            ..CaseloadView::default()
        }
    }

    /// Whether anything besides the advisor narrows it.
    pub fn narrowed(&self) -> bool {
        self.grade.is_some() || self.flags != FlagView::Any || self.due != DueView::Any
    }

    /// Indices of the rows in this view, in order. Each distinct advisor field is matched once.
    pub fn rows(&self, rows: &[CaseloadRow]) -> Vec<usize> {
        let mut advisors: std::collections::HashMap<&str, bool> = Default::default();
        rows.iter()
            .enumerate()
            .filter(|(_, r)| {
                if let Some(name) = &self.advisor {
                    let field = r.advisor.as_deref().unwrap_or("");
                    let hit = *advisors
                        .entry(field)
                        .or_insert_with(|| advisor_matches(name, field));
                    if !hit {
                        return false;
                    }
                }
                self.grade.is_none_or(|g| r.grade == Some(g))
                    && self.flags.admits(r.iep, r.plan_504)
                    && self.due.admits(r.due)
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// [`CaseloadView::rows`] from the caseload's index: each distinct advisor field is matched
    /// once, then only the compact per-student traits are walked.
    pub fn rows_in(&self, index: &CaseloadIndex) -> Vec<usize> {
        let advisor_ok: Option<Vec<bool>> = self.advisor.as_ref().map(|name| {
            index
                .fields
                .iter()
                .map(|field| advisor_matches(name, field))
                .collect()
        });
        index
            .traits
            .iter()
            .enumerate()
            .filter(|(_, t)| {
                advisor_ok.as_ref().is_none_or(|ok| ok[t.advisor as usize])
                    && self.grade.is_none_or(|g| t.grade == Some(g))
                    && self.flags.admits(t.iep, t.plan_504)
                    && self.due.admits(t.due)
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// Who is shown, for the header: "Ms. Rivera's advisees · grade 9 · IEP · due: this week".
    /// `written`: the advisor as the students' advisor fields write them ("rivera" set in the
    /// settings is "Ms. Rivera" there), when known.
    pub fn describe(&self, written: Option<&str>) -> String {
        let mut parts = vec![match (&self.advisor, written) {
            (Some(_), Some(w)) => format!("{}'s advisees", crate::domain::clean_line(w)),
            (Some(a), None) => format!("{}'s advisees", crate::domain::clean_line(a)),
            (None, _) => "Everyone".to_string(),
        }];
        if let Some(g) = self.grade {
            parts.push(crate::domain::grade_words(
                g,
                crate::domain::GradeForm::InSentence,
                "en",
            ));
        }
        if self.flags != FlagView::Any {
            parts.push(self.flags.words().to_string());
        }
        if self.due != DueView::Any {
            parts.push(format!("due: {}", self.due.words()));
        }
        parts.join(" · ")
    }
}

/// The value after `current` among `values` (sorted, distinct), or `None` after the last.
pub fn next_of<T: PartialEq + Clone>(values: &[T], current: Option<&T>) -> Option<T> {
    match current {
        None => values.first().cloned(),
        Some(c) => values
            .iter()
            .position(|v| v == c)
            .and_then(|i| values.get(i + 1))
            .cloned(),
    }
}

/// The grades on the caseload, lowest first.
pub fn grades(rows: &[CaseloadRow]) -> Vec<i64> {
    let mut g: Vec<i64> = rows.iter().filter_map(|r| r.grade).collect();
    g.sort_unstable();
    g.dedup();
    g
}

/// The advisors named on the caseload, each once however it is spelt ("Ms. Rivera" and
/// "Rivera, Ana" are one), in alphabetical order.
pub fn advisors(rows: &[CaseloadRow]) -> Vec<String> {
    super::caseload_index::advisors_of(rows.iter().filter_map(|r| r.advisor.as_deref()))
}

/// Whether the configured name names a student's advisor field.
pub fn advisor_matches(configured: &str, field: &str) -> bool {
    crate::domain::advisor::matches(configured, field)
}
