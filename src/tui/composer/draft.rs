//! What a composer holds, as saved in a draft, and a saved check-in read back into one.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{
    set, step_line, text, Composer, InputFor, LineFor, OpenLine, PlanChange, Step, DEFAULT_WEEKS,
};
use crate::domain::{next_school_day, CheckIn, CheckInKind, Restriction, Verdict};

/// What a composer holds, as saved in a draft.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ComposerDraft {
    /// The student.
    pub student_id: String,
    /// The student's words.
    pub words: String,
    /// Ratings by goal id.
    pub ratings: Vec<(String, i64)>,
    /// Verdicts by strategy id.
    pub verdicts: Vec<(String, Verdict)>,
    /// A note on a strategy's verdict, by strategy id.
    #[serde(default)]
    pub verdict_notes: Vec<(String, String)>,
    /// Adjustments.
    pub adjustments: String,
    /// Notes.
    pub notes: String,
    /// Notes restricted.
    pub restricted: bool,
    /// The whole check-in restricted (with `restricted` also set).
    #[serde(default)]
    pub restricted_whole: bool,
    /// Next steps text.
    pub steps: String,
    /// Weeks to the next check-in.
    pub weeks: u8,
    /// What sort of meeting.
    #[serde(default)]
    pub kind: CheckInKind,
    /// When it was held, when not today.
    #[serde(default)]
    pub date: Option<NaiveDate>,
    /// Who was there (student and advisor when not yet said).
    #[serde(default)]
    pub attended: Option<Vec<String>>,
    /// Those of them the kind of meeting ticked, not the advisor by hand.
    #[serde(default)]
    pub by_kind: Vec<String>,
    /// Last time's steps: done, not done, not yet said.
    #[serde(default)]
    pub ticks: Vec<Option<bool>>,
    /// Plan changes by strategy id.
    #[serde(default)]
    pub changes: Vec<(String, PlanChange)>,
    /// A next date typed instead of a number of weeks.
    #[serde(default)]
    pub next: Option<NaiveDate>,
    /// The last step's one-line input, open with text in it.
    #[serde(default)]
    pub line: Option<OpenLine>,
    /// The step the typing was on (the first when not said), so a draft opens again where it
    /// was left however it was kept.
    #[serde(default)]
    pub step: Option<Step>,
    /// The line selected on the rating step.
    #[serde(default)]
    pub item: usize,
}

impl Composer {
    /// What to save as a draft.
    pub fn draft(&self) -> ComposerDraft {
        let mut verdict_notes = self.verdict_notes.clone();
        let mut changes = self.changes.clone();
        let mut line = None;
        if let Some(input) = &self.input {
            let t = text::text(&input.area);
            let mut open = |what| {
                if !t.trim().is_empty() {
                    line = Some(OpenLine {
                        what,
                        text: t.clone(),
                    });
                }
            };
            match &input.what {
                InputFor::VerdictNote(id) => set(&mut verdict_notes, id, t),
                InputFor::Replace(id) => set(&mut changes, id, PlanChange::Replace(t)),
                InputFor::Other => open(LineFor::Other),
                InputFor::Date => open(LineFor::Date),
                InputFor::Next => open(LineFor::Next),
            }
        }
        ComposerDraft {
            verdict_notes,
            student_id: self.student_id.clone(),
            words: text::text(&self.words),
            ratings: self.ratings.clone(),
            verdicts: self.verdicts.clone(),
            adjustments: text::text(&self.adjustments),
            notes: text::text(&self.notes),
            restricted: self.restriction != Restriction::None,
            restricted_whole: self.restriction == Restriction::Whole,
            steps: text::text(&self.steps),
            // 0: not chosen (the default, or the date agreed last time, kept).
            weeks: if self.weeks_chosen { self.weeks } else { 0 },
            kind: self.kind,
            date: (self.date != self.today).then_some(self.date),
            attended: Some(self.attended.clone()),
            by_kind: self.by_kind.clone(),
            ticks: self.ticks.clone(),
            changes,
            next: self.next_typed,
            line,
            step: Some(self.step),
            item: self.item,
        }
    }

    /// Whether it holds what is stored: nothing typed or chosen in a new check-in, or a saved
    /// check-in as it was (nothing to keep as a draft, nothing to save).
    pub fn unchanged(&self) -> bool {
        match &self.opened_as {
            None => self.is_empty(),
            Some(was) => {
                self.draft().line.is_none()
                    && self.plan_changes().is_empty()
                    && self.checkin() == **was
            }
        }
    }

    /// Whether anything has been typed or chosen.
    pub fn is_empty(&self) -> bool {
        let d = self.draft();
        d.words.trim().is_empty()
            && d.adjustments.trim().is_empty()
            && d.notes.trim().is_empty()
            && (d.steps.trim().is_empty() || d.steps == self.offered)
            && d.ratings.is_empty()
            && d.verdicts.is_empty()
            && d.verdict_notes.iter().all(|(_, n)| n.trim().is_empty())
            && d.changes.is_empty()
            && d.ticks.iter().all(Option::is_none)
            && d.line.is_none()
    }
}

impl ComposerDraft {
    /// What a saved check-in holds, as a draft to edit.
    pub fn of(c: &CheckIn) -> ComposerDraft {
        let date = c.date.unwrap_or_default();
        // A next date that 1 to 9 weeks give, as the weeks keys give it (moved off a day with
        // no school), is those weeks; any other (a date typed, Christmas Day set by hand) is
        // kept as typed, so editing the check-in never moves it.
        let counted = (1..=9u8)
            .find(|w| c.next_date == Some(next_school_day(date + Duration::weeks(i64::from(*w)))));
        let weeks = counted.unwrap_or(DEFAULT_WEEKS);
        let next = match counted {
            Some(_) => None,
            None => c.next_date,
        };
        ComposerDraft {
            student_id: c.student_id.clone(),
            words: c.student_words.clone(),
            ratings: c
                .progress
                .iter()
                .map(|p| (p.goal.clone(), p.rating))
                .collect(),
            verdicts: c
                .verdicts
                .iter()
                .map(|v| (v.strategy.clone(), v.verdict))
                .collect(),
            verdict_notes: c
                .verdicts
                .iter()
                .filter(|v| !v.note.is_empty())
                .map(|v| (v.strategy.clone(), v.note.clone()))
                .collect(),
            adjustments: c.adjustments.clone(),
            notes: c.notes.clone(),
            restricted: c.restricted,
            restricted_whole: c.restricted_whole,
            steps: c
                .next_steps
                .iter()
                .map(step_line)
                .collect::<Vec<_>>()
                .join("\n"),
            weeks,
            kind: c.kind,
            date: c.date,
            // A record that named nobody offers the student and advisor, as a new one does.
            attended: (!c.attended.is_empty()).then(|| c.attended.clone()),
            by_kind: Vec::new(),
            ticks: c.last_steps.iter().map(|s| s.done).collect(),
            changes: Vec::new(),
            next,
            line: None,
            step: None,
            item: 0,
        }
    }
}
