//! Letters pressed one after another on a step of one-key choices (rating, and the last step),
//! told apart from typing: an advisor who starts writing a note there ("went to nurse") would
//! otherwise give verdicts, or tick who was there and change the kind of meeting, with its
//! letters.

use chrono::NaiveDate;

use super::{text, Composer, PlanChange, Step, STEPS_HINT};
use crate::domain::{CheckInKind, Verdict};

/// How many keys back a run taken for typing is undone: the letters of a word typed before its
/// first one that is no key here ("tw" of "two"), not a whole list rated one key after another.
const REACH: usize = 3;

/// What the rating keys change, as it was before a key.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Rated {
    ratings: Vec<(String, i64)>,
    verdicts: Vec<(String, Verdict)>,
    changes: Vec<(String, PlanChange)>,
    ticks: Vec<Option<bool>>,
    steps: String,
    item: usize,
    step: Step,
    kind: CheckInKind,
    attended: Vec<String>,
    by_kind: Vec<String>,
    weeks: u8,
    weeks_chosen: bool,
    next_typed: Option<NaiveDate>,
    date: NaiveDate,
}

/// The letters pressed on a step of one-key choices since its last other key.
#[derive(Debug, Clone, Default)]
pub struct Burst {
    /// What the rating keys had set before each of the run's last keys, oldest first.
    before: Vec<Rated>,
    /// How many letters the run holds.
    len: usize,
    /// One of them is no key here.
    stray: bool,
    /// The run was taken for typing: the rest of its letters change nothing.
    pub typing: bool,
}

/// What a letter on the rating step comes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Letter {
    /// A key of the rating step, to be done as one.
    Key,
    /// A letter that is no key here, alone so far: said, and nothing else.
    Stray,
    /// Part of a run that is typing: nothing done; `undone` when the run's keys before it were
    /// taken back.
    Typing {
        /// Whether anything the run had changed was put back.
        undone: bool,
    },
}

impl Composer {
    fn rated(&self) -> Rated {
        Rated {
            ratings: self.ratings.clone(),
            verdicts: self.verdicts.clone(),
            changes: self.changes.clone(),
            ticks: self.ticks.clone(),
            steps: text::text(&self.steps),
            item: self.item,
            step: self.step,
            kind: self.kind,
            attended: self.attended.clone(),
            by_kind: self.by_kind.clone(),
            weeks: self.weeks,
            weeks_chosen: self.weeks_chosen,
            next_typed: self.next_typed,
            date: self.date,
        }
    }

    fn put_back(&mut self, r: Rated) {
        if text::text(&self.steps) != r.steps {
            self.steps = text::field(&r.steps, STEPS_HINT);
        }
        self.ratings = r.ratings;
        self.verdicts = r.verdicts;
        self.changes = r.changes;
        self.ticks = r.ticks;
        self.item = r.item;
        self.step = r.step;
        self.kind = r.kind;
        self.attended = r.attended;
        self.by_kind = r.by_kind;
        self.weeks = r.weeks;
        self.weeks_chosen = r.weeks_chosen;
        self.next_typed = r.next_typed;
        self.date = r.date;
    }

    /// A letter pressed on a step of one-key choices (`key`: whether it is one of the step's
    /// keys). Several
    /// letters in a row that are not all keys are typing: what the run's last few keys did is
    /// put back, and the rest of the run does nothing.
    pub fn letter(&mut self, key: bool) -> Letter {
        if self.burst.typing {
            return Letter::Typing { undone: false };
        }
        let now = self.rated();
        self.burst.before.push(now.clone());
        if self.burst.before.len() > REACH {
            self.burst.before.remove(0);
        }
        self.burst.len += 1;
        self.burst.stray |= !key;
        if !self.burst.stray {
            return Letter::Key;
        }
        if self.burst.len < 2 {
            self.just_rated = None;
            return Letter::Stray;
        }
        self.burst.typing = true;
        self.just_rated = None;
        let was = self.burst.before[0].clone();
        let undone = was != now;
        if undone {
            self.put_back(was);
        }
        Letter::Typing { undone }
    }

    /// A key other than a letter ends the run of letters.
    pub fn end_burst(&mut self) {
        if self.burst.len > 0 {
            self.burst = Burst::default();
        }
    }
}
