//! The check-in a composer saves.

use super::{text, Composer, ItemKind};
use crate::domain::{clean_line, CheckIn, GoalProgress, NextStep, StepReview, StrategyVerdict};

impl Composer {
    /// The check-in to save (with the id of the one edited).
    pub fn checkin(&self) -> CheckIn {
        let steps = text::text(&self.steps)
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| match l.rsplit_once(" @") {
                Some((t, who)) if !who.trim().is_empty() => NextStep {
                    text: t.trim().to_string(),
                    owner: who.trim().to_string(),
                },
                // No one named: no one is made up (the family printout would name them).
                _ => NextStep {
                    text: l.trim().to_string(),
                    owner: String::new(),
                },
            })
            .collect();
        let typed = text::text(&self.adjustments).trim().to_string();
        let mut adjustments = self.change_lines();
        if !typed.is_empty() {
            adjustments.push(typed);
        }
        let mut c = CheckIn {
            id: self
                .editing
                .as_ref()
                .map(|c| c.id.clone())
                .unwrap_or_default(),
            student_id: self.student_id.clone(),
            plan_id: self.plan_id.clone(),
            date: Some(self.date),
            kind: self.kind,
            attended: self.attended.clone(),
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
                .filter(|i| i.kind == ItemKind::Strategy)
                .filter_map(|i| {
                    self.verdict_of(&i.id).map(|v| StrategyVerdict {
                        strategy: i.id.clone(),
                        verdict: v,
                        note: clean_line(self.note_of(&i.id)).trim().to_string(),
                    })
                })
                .collect(),
            adjustments: adjustments.join("\n"),
            notes: text::text(&self.notes).trim().to_string(),
            next_steps: steps,
            last_steps: self
                .last
                .iter()
                .zip(&self.ticks)
                .map(|(s, t)| StepReview {
                    text: s.text.clone(),
                    owner: s.owner.clone(),
                    done: *t,
                })
                .collect(),
            next_date: Some(self.next_date()),
            ..Default::default()
        };
        c.set_restriction(self.restriction);
        c
    }
}
