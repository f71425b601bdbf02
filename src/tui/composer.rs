//! The check-in composer: the student's words, each goal's progress and each strategy's verdict,
//! adjustments, notes, next steps and the next date. Pure state; saved as a draft continuously.

use chrono::{Duration, NaiveDate};
use ratatui_textarea::TextArea;
use serde::{Deserialize, Serialize};

use super::text;
use crate::domain::{
    clean_line, CheckIn, CheckInKind, GoalProgress, NextStep, Restriction, StrategyVerdict, Verdict,
};
use crate::store::StudentRecord;

/// Weeks to the next check-in unless chosen otherwise.
pub const DEFAULT_WEEKS: u8 = 5;

/// The composer's steps, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    /// The student's own words, first.
    Words,
    /// Progress per goal and verdict per strategy.
    Rate,
    /// Strategies added, changed, retired.
    Adjustments,
    /// The advisor's notes.
    Notes,
    /// Next steps, one per line.
    Steps,
    /// The next check-in date.
    Next,
}

impl Step {
    /// Every step.
    pub const ALL: [Step; 6] = [
        Step::Words,
        Step::Rate,
        Step::Adjustments,
        Step::Notes,
        Step::Steps,
        Step::Next,
    ];

    /// Its title.
    pub fn title(self) -> &'static str {
        match self {
            Step::Words => "In the student's words",
            Step::Rate => "Progress and strategies",
            Step::Adjustments => "Adjustments",
            Step::Notes => "Advisor notes",
            Step::Steps => "Next steps (one per line, @who at the end)",
            Step::Next => "Next check-in",
        }
    }
}

/// One line of the rating step: a goal or one of its strategies.
#[derive(Debug, Clone, PartialEq)]
pub struct RateItem {
    /// Goal or strategy id.
    pub id: String,
    /// Its text.
    pub label: String,
    /// True for a goal (rated 1–4), false for a strategy (given a verdict).
    pub is_goal: bool,
}

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
}

/// The composer on screen.
pub struct Composer {
    /// The student.
    pub student_id: String,
    /// Their name.
    pub name: String,
    /// The plan the check-in reviews.
    pub plan_id: Option<String>,
    /// Where the composer is.
    pub step: Step,
    /// Goals and strategies to rate.
    pub items: Vec<RateItem>,
    /// The selected rating item.
    pub item: usize,
    /// Ratings by goal id.
    pub ratings: Vec<(String, i64)>,
    /// Verdicts by strategy id.
    pub verdicts: Vec<(String, Verdict)>,
    /// A note on a strategy's verdict, by strategy id.
    pub verdict_notes: Vec<(String, String)>,
    /// The note being written on the selected strategy, if one is open.
    pub note: Option<TextArea<'static>>,
    /// The four text fields.
    pub words: TextArea<'static>,
    /// Adjustments.
    pub adjustments: TextArea<'static>,
    /// Notes.
    pub notes: TextArea<'static>,
    /// Next steps.
    pub steps: TextArea<'static>,
    /// How much of the check-in is restricted.
    pub restriction: Restriction,
    /// Weeks to the next check-in.
    pub weeks: u8,
    /// What sort of meeting.
    pub kind: CheckInKind,
    /// Last check-in's next steps, shown beside.
    pub last_steps: Vec<String>,
    /// Current strategies, shown beside.
    pub strategies: Vec<String>,
    /// Today.
    pub today: NaiveDate,
}

impl Composer {
    /// A composer for a student, from a draft if there is one.
    pub fn new(record: &StudentRecord, today: NaiveDate, draft: Option<ComposerDraft>) -> Composer {
        let plan = record.current_plan(today);
        let mut items = Vec::new();
        let mut strategies = Vec::new();
        if let Some(p) = plan {
            for g in p
                .goals
                .iter()
                .filter(|g| g.goal.status == crate::domain::Status::Active)
            {
                items.push(RateItem {
                    id: g.goal.id.clone(),
                    label: clean_line(&g.goal.title),
                    is_goal: true,
                });
                for s in g
                    .strategies
                    .iter()
                    .filter(|s| s.status == crate::domain::Status::Active)
                {
                    items.push(RateItem {
                        id: s.id.clone(),
                        label: clean_line(&s.what),
                        is_goal: false,
                    });
                    strategies.push(clean_line(&s.what));
                }
            }
        }
        let last_steps = record
            .last_checkin()
            .map(|c| {
                c.next_steps
                    .iter()
                    .map(|s| clean_line(&format!("{} ({})", s.text, s.owner)))
                    .collect()
            })
            .unwrap_or_default();
        let d = draft.unwrap_or_default();
        Composer {
            student_id: record.student.id.clone(),
            name: clean_line(&record.student.display_name()),
            plan_id: plan.map(|p| p.plan.id.clone()),
            step: Step::Words,
            items,
            item: 0,
            ratings: d.ratings,
            verdicts: d.verdicts,
            verdict_notes: d.verdict_notes,
            note: None,
            words: text::field(&d.words, "What does the student say? How are things going?"),
            adjustments: text::field(&d.adjustments, "Strategies added, changed or retired"),
            notes: text::field(&d.notes, "Your notes"),
            steps: text::field(&d.steps, "Email the history teacher @student"),
            restriction: CheckIn {
                restricted: d.restricted,
                restricted_whole: d.restricted_whole,
                ..Default::default()
            }
            .restriction(),
            weeks: if d.weeks == 0 { DEFAULT_WEEKS } else { d.weeks },
            kind: d.kind,
            last_steps,
            strategies,
            today,
        }
    }

    /// The text field of the current step, if it has one.
    pub fn field_mut(&mut self) -> Option<&mut TextArea<'static>> {
        if self.note.is_some() {
            return self.note.as_mut();
        }
        match self.step {
            Step::Words => Some(&mut self.words),
            Step::Adjustments => Some(&mut self.adjustments),
            Step::Notes => Some(&mut self.notes),
            Step::Steps => Some(&mut self.steps),
            Step::Rate | Step::Next => None,
        }
    }

    /// Moves to the next step (the rating step is skipped when there is nothing to rate).
    pub fn next_step(&mut self) {
        let i = Step::ALL.iter().position(|s| *s == self.step).unwrap_or(0);
        if let Some(s) = Step::ALL.get(i + 1) {
            self.step = *s;
            if self.step == Step::Rate && self.items.is_empty() {
                self.step = Step::Adjustments;
            }
        }
    }

    /// Moves to the previous step; false on the first.
    pub fn prev_step(&mut self) -> bool {
        let i = Step::ALL.iter().position(|s| *s == self.step).unwrap_or(0);
        if i == 0 {
            return false;
        }
        self.step = Step::ALL[i - 1];
        if self.step == Step::Rate && self.items.is_empty() {
            self.step = Step::Words;
        }
        true
    }

    /// Rates the selected goal, or gives the selected strategy a verdict, then moves on; after
    /// the last item the composer goes to the next step. False when the key does not fit the
    /// item (a verdict on a goal, a rating on a strategy).
    pub fn rate(&mut self, rating: Option<i64>, verdict: Option<Verdict>) -> bool {
        let Some(item) = self.items.get(self.item) else {
            return false;
        };
        match (item.is_goal, rating, verdict) {
            (true, Some(r), _) => set(&mut self.ratings, &item.id, r),
            (false, _, Some(v)) => set(&mut self.verdicts, &item.id, v),
            _ => return false,
        }
        if self.item + 1 < self.items.len() {
            self.item += 1;
        } else {
            self.next_step();
        }
        true
    }

    /// Opens a note on the selected strategy's verdict. Returns false on a goal.
    pub fn open_note(&mut self) -> bool {
        match self.items.get(self.item) {
            Some(item) if !item.is_goal => {
                let text = self.note_of(&item.id).to_string();
                self.note = Some(text::field(&text, "How it went, in a few words"));
                true
            }
            _ => false,
        }
    }

    /// Keeps the open note (if any) with its strategy and closes it.
    pub fn close_note(&mut self) {
        if let (Some(area), Some(item)) = (self.note.take(), self.items.get(self.item)) {
            let text = clean_line(&text::text(&area)).trim().to_string();
            if text.is_empty() {
                self.verdict_notes.retain(|(s, _)| *s != item.id);
            } else {
                set(&mut self.verdict_notes, &item.id, text);
            }
        }
    }

    /// The note on a strategy's verdict ("" when none).
    pub fn note_of(&self, id: &str) -> &str {
        self.verdict_notes
            .iter()
            .find(|(s, _)| s == id)
            .map_or("", |(_, n)| n.as_str())
    }

    /// The rating given to a goal.
    pub fn rating_of(&self, id: &str) -> Option<i64> {
        self.ratings.iter().find(|(g, _)| g == id).map(|(_, r)| *r)
    }

    /// The verdict given to a strategy.
    pub fn verdict_of(&self, id: &str) -> Option<Verdict> {
        self.verdicts.iter().find(|(s, _)| s == id).map(|(_, v)| *v)
    }

    /// Moves on to the next kind of meeting (check-in, student-led, parent, touchpoint).
    pub fn next_kind(&mut self) {
        let all = CheckInKind::ALL;
        let i = all.iter().position(|k| *k == self.kind).unwrap_or(0);
        self.kind = all[(i + 1) % all.len()];
    }

    /// The next check-in date.
    pub fn next_date(&self) -> NaiveDate {
        self.today + Duration::weeks(self.weeks as i64)
    }

    /// What to save as a draft.
    pub fn draft(&self) -> ComposerDraft {
        let mut verdict_notes = self.verdict_notes.clone();
        if let (Some(area), Some(item)) = (&self.note, self.items.get(self.item)) {
            set(&mut verdict_notes, &item.id, text::text(area));
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
            weeks: self.weeks,
            kind: self.kind,
        }
    }

    /// Whether anything has been typed or chosen.
    pub fn is_empty(&self) -> bool {
        let d = self.draft();
        d.words.trim().is_empty()
            && d.adjustments.trim().is_empty()
            && d.notes.trim().is_empty()
            && d.steps.trim().is_empty()
            && d.ratings.is_empty()
            && d.verdicts.is_empty()
            && d.verdict_notes.iter().all(|(_, n)| n.trim().is_empty())
    }

    /// The check-in to save.
    pub fn checkin(&self) -> CheckIn {
        let steps = text::text(&self.steps)
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| match l.rsplit_once(" @") {
                Some((t, who)) if !who.trim().is_empty() => NextStep {
                    text: t.trim().to_string(),
                    owner: who.trim().to_string(),
                },
                _ => NextStep {
                    text: l.trim().to_string(),
                    owner: "student".into(),
                },
            })
            .collect();
        let mut c = CheckIn {
            student_id: self.student_id.clone(),
            plan_id: self.plan_id.clone(),
            date: Some(self.today),
            kind: self.kind,
            attended: vec!["student".into(), "advisor".into()],
            student_words: text::text(&self.words).trim().to_string(),
            progress: self
                .items
                .iter()
                .filter_map(|i| {
                    self.rating_of(&i.id).map(|r| GoalProgress {
                        goal: i.id.clone(),
                        rating: r,
                    })
                })
                .collect(),
            verdicts: self
                .items
                .iter()
                .filter_map(|i| {
                    self.verdict_of(&i.id).map(|v| StrategyVerdict {
                        strategy: i.id.clone(),
                        verdict: v,
                        note: clean_line(self.note_of(&i.id)).trim().to_string(),
                    })
                })
                .collect(),
            adjustments: text::text(&self.adjustments).trim().to_string(),
            notes: text::text(&self.notes).trim().to_string(),
            next_steps: steps,
            next_date: Some(self.next_date()),
            ..Default::default()
        };
        c.set_restriction(self.restriction);
        c
    }
}

fn set<T>(list: &mut Vec<(String, T)>, id: &str, v: T) {
    match list.iter_mut().find(|(k, _)| k == id) {
        Some(e) => e.1 = v,
        None => list.push((id.to_string(), v)),
    }
}
