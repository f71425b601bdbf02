//! The check-in composer: the student's words, each goal's progress and each strategy's verdict,
//! adjustments, notes, next steps and the next date. Pure state; saved as a draft continuously.

use chrono::{Duration, NaiveDate};
use ratatui_textarea::TextArea;
use serde::{Deserialize, Serialize};

mod burst;
mod checkin;
mod draft;

pub use burst::{Burst, Letter};
pub use draft::ComposerDraft;

use super::text;
use crate::domain::{
    clean_line, count_in_words, next_date_keeping_agreed, next_school_day, open_steps, parse_next,
    CheckIn, CheckInKind, NextDate, NextStep, Restriction, Status, Strategy, TeamMember, Verdict,
};
use crate::store::{DraftField, DraftKey, DraftRecord, StudentRecord};

/// What the next steps' field shows when empty.
const STEPS_HINT: &str = "Email the history teacher @student";

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
            Step::Rate => "Progress, strategies, last time's steps",
            Step::Adjustments => "Adjustments",
            Step::Notes => "Advisor notes",
            Step::Steps => "Next steps (one per line, @who at the end)",
            Step::Next => "Who was there, and the next check-in",
        }
    }
}

/// What a line of the rating step is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    /// A goal, rated 1–4.
    Goal,
    /// A strategy, given a verdict.
    Strategy,
    /// One of last time's next steps (by its place in that list), ticked done or not.
    Step(usize),
}

/// One line of the rating step: a goal, one of its strategies, or one of last time's steps.
#[derive(Debug, Clone, PartialEq)]
pub struct RateItem {
    /// Goal or strategy id (empty for a step).
    pub id: String,
    /// Its text.
    pub label: String,
    /// What it is.
    pub kind: ItemKind,
}

impl RateItem {
    /// Whether it is a goal.
    pub fn is_goal(&self) -> bool {
        self.kind == ItemKind::Goal
    }
}

/// A change to the plan decided on a strategy that is not working, made when the check-in is
/// saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlanChange {
    /// The strategy is dropped.
    Retire,
    /// The strategy is dropped and this new one takes its place under the same goal.
    Replace(String),
}

/// What a one-line input opened inside the composer is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputFor {
    /// A note on a strategy's verdict.
    VerdictNote(String),
    /// The strategy that replaces this one.
    Replace(String),
    /// Someone else who was there.
    Other,
    /// The date the check-in was held.
    Date,
    /// The next check-in's date.
    Next,
}

impl InputFor {
    /// The title of its box.
    pub fn title(&self) -> &'static str {
        match self {
            InputFor::VerdictNote(_) => "Note on",
            InputFor::Replace(_) => "Replace with",
            InputFor::Other => "Who else was there (commas between names)",
            InputFor::Date => "Date of this check-in",
            InputFor::Next => "Next check-in (a date, or 3w)",
        }
    }
}

/// A one-line input opened inside the composer.
pub struct Input {
    /// What it is for.
    pub what: InputFor,
    /// The text.
    pub area: TextArea<'static>,
}

/// What a one-line input of the last step is for, as a draft names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LineFor {
    /// Someone else who was there.
    Other,
    /// The date the check-in was held.
    Date,
    /// The next check-in's date.
    Next,
}

impl LineFor {
    fn input(self) -> InputFor {
        match self {
            LineFor::Other => InputFor::Other,
            LineFor::Date => InputFor::Date,
            LineFor::Next => InputFor::Next,
        }
    }
}

/// A one-line input of the last step left open, with what was typed in it (a date that is not
/// one yet is kept as typed, to be mended).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpenLine {
    /// What it is for.
    pub what: LineFor,
    /// What was typed.
    pub text: String,
}

/// The composer on screen.
pub struct Composer {
    /// The student.
    pub student_id: String,
    /// Their name.
    pub name: String,
    /// The plan the check-in reviews.
    pub plan_id: Option<String>,
    /// The saved check-in being edited (a new revision of it), if this is not a new one.
    pub editing: Option<Box<CheckIn>>,
    /// The saved check-in being edited as the composer reads it before anything is typed (the
    /// attendees it ticks, the steps it offers): what holding it unchanged means.
    pub opened_as: Option<Box<CheckIn>>,
    /// Where the composer is.
    pub step: Step,
    /// Goals, strategies and last time's steps to rate.
    pub items: Vec<RateItem>,
    /// The selected rating item.
    pub item: usize,
    /// Ratings by goal id.
    pub ratings: Vec<(String, i64)>,
    /// Verdicts by strategy id.
    pub verdicts: Vec<(String, Verdict)>,
    /// A note on a strategy's verdict, by strategy id.
    pub verdict_notes: Vec<(String, String)>,
    /// Plan changes by strategy id.
    pub changes: Vec<(String, PlanChange)>,
    /// For a check-in being edited: each strategy it replaced when it was held, by id, with the
    /// words of the one put in its place (shown beside it; the plan is not changed again).
    pub replaced: Vec<(String, String)>,
    /// The one-line input open, if any.
    pub input: Option<Input>,
    /// The student's words.
    pub words: TextArea<'static>,
    /// Adjustments.
    pub adjustments: TextArea<'static>,
    /// Notes.
    pub notes: TextArea<'static>,
    /// Next steps.
    pub steps: TextArea<'static>,
    /// How much is restricted.
    pub restriction: Restriction,
    /// Weeks to the next check-in.
    pub weeks: u8,
    /// Whether the weeks were chosen (a number key), not left at the default.
    pub weeks_chosen: bool,
    /// A next date typed instead of a number of weeks.
    pub next_typed: Option<NaiveDate>,
    /// The latest check-in's day and the next date it agreed (a new check-in only): a meeting
    /// of another kind than the regular check-in, held on or after that day, keeps the date
    /// while it is still to come, unless weeks are chosen or a date typed
    /// ([`next_date_keeping_agreed`]).
    pub agreed: Option<(NaiveDate, NaiveDate)>,
    /// What sort of meeting.
    pub kind: CheckInKind,
    /// When it was held.
    pub date: NaiveDate,
    /// A date line's text that Esc was refused for once: a second Esc on it lets it go.
    left_refused: Option<String>,
    /// Who was there.
    pub attended: Vec<String>,
    /// Those of them the kind of meeting ticked (a parent at a parent conference), not the
    /// advisor by hand: another kind may untick these, never the others.
    pub by_kind: Vec<String>,
    /// The student's team (each can be ticked as there).
    pub team: Vec<TeamMember>,
    /// Last check-in's next steps.
    pub last: Vec<NextStep>,
    /// Each of last time's steps: done, not done, or not yet said.
    pub ticks: Vec<Option<bool>>,
    /// How many next steps the last check-in agreed that stay in it, as it is restricted whole:
    /// carried into this one, they would reach what the family and the exports read.
    pub withheld: usize,
    /// The student's active strategies (for plan changes).
    pub strategy_records: Vec<Strategy>,
    /// Current strategies, shown beside.
    pub strategies: Vec<String>,
    /// The next steps offered when the composer opened (typing nothing over them is no change).
    offered: String,
    /// Today.
    pub today: NaiveDate,
    /// A letter that is no key here was typed on a step of one-key choices: the advisor may
    /// think they are typing, so Enter asks again before it saves.
    pub stray: bool,
    /// The strategy the last key gave a verdict, which Enter notes (the cursor has moved on).
    pub just_rated: Option<String>,
    /// The letters pressed on the rating step since its last other key.
    pub burst: Burst,
    /// The last rating moved the composer on to the next step by itself, and no other key has
    /// been pressed since: a Tab now is most likely the one the rating step's hint taught.
    pub moved_on_by_itself: bool,
}

/// Whether a team member's role is family (expected at a student-led or parent conference).
pub fn is_family(role: &str) -> bool {
    let r = role.to_lowercase();
    [
        "parent", "guardian", "mother", "father", "mom", "dad", "grand", "family", "aunt", "uncle",
        "step",
    ]
    .iter()
    .any(|w| r.contains(w))
}

/// Lines as a field's text, ending on a fresh line so typing starts below them.
fn lines_text(lines: &[String]) -> String {
    if lines.is_empty() {
        String::new()
    } else {
        format!("{}\n", lines.join("\n"))
    }
}

/// The line a step is offered as in this time's next steps.
fn step_line(s: &NextStep) -> String {
    if s.owner.trim().is_empty() {
        clean_line(&s.text)
    } else {
        clean_line(&format!("{} @{}", s.text, s.owner))
    }
}

/// Whether `s` is the strategy `c` put in place of one not working: made at its save in the
/// place of the one it replaced (revised, and rated not working by `c`), and rated by none of
/// `c`'s verdicts itself.
fn put_in_place_by(c: &CheckIn, s: &Strategy, siblings: &[Strategy]) -> bool {
    let rated = |id: &str| c.verdicts.iter().any(|v| v.strategy == id);
    let replaced = |o: &Strategy| {
        o.id != s.id
            && o.position == s.position
            && o.status == Status::Revised
            && c.verdicts
                .iter()
                .any(|v| v.strategy == o.id && v.verdict == Verdict::NotWorking)
    };
    !rated(&s.id) && siblings.iter().any(replaced)
}

/// The strategy `c` put in place of `o` when it was held, if `c` replaced `o` (rated it not
/// working, and `o` is revised): one made at its place that `c` rates not, the first made of
/// them if a later check-in replaced that one in turn (ids are made in time order).
fn replacement_of<'a>(c: &CheckIn, o: &Strategy, siblings: &'a [Strategy]) -> Option<&'a Strategy> {
    let replaced = o.status == Status::Revised
        && c.verdicts
            .iter()
            .any(|v| v.strategy == o.id && v.verdict == Verdict::NotWorking);
    if !replaced {
        return None;
    }
    siblings
        .iter()
        .filter(|s| s.id != o.id && s.position == o.position && put_in_place_by(c, s, siblings))
        .min_by(|a, b| a.id.cmp(&b.id))
}

/// A date line that is not a date, in one sentence that also says how to leave it: Esc drops
/// nothing typed, so the line is mended or cleared.
fn clear_to_leave(e: &str) -> String {
    let key = crate::tui::keymap::key_of(
        crate::tui::keymap::Ctx::ComposerNote,
        crate::tui::keymap::Cmd::DeleteToLineStart,
    );
    match e.strip_suffix(')') {
        Some(head) => format!("{head}; {key} clears the line)."),
        None => format!("{e} ({key} clears the line)."),
    }
}

/// The check-ins held before `checkin`, newest first (the student's check-ins are).
fn checkins_before<'a>(record: &'a StudentRecord, checkin: &CheckIn) -> &'a [CheckIn] {
    match record.checkins.iter().position(|c| c.id == checkin.id) {
        Some(at) => &record.checkins[at + 1..],
        None => &[],
    }
}

/// The steps still open after `checkins` (newest first), as the composer goes over them, and
/// how many more stay in a check-in restricted whole.
fn still_open(checkins: &[CheckIn]) -> (Vec<NextStep>, usize) {
    let (kept, shown): (Vec<_>, Vec<_>) =
        open_steps(checkins).into_iter().partition(|o| o.restricted);
    (shown.into_iter().map(|o| o.step).collect(), kept.len())
}

impl Composer {
    /// A composer for a new check-in, from a draft if there is one.
    /// Last time's steps are the steps still open ([`open_steps`]): the latest check-in's, and
    /// those agreed before it that no check-in has gone over since. Those of a check-in
    /// restricted whole stay in it, neither offered again nor reviewed in this one.
    pub fn new(record: &StudentRecord, today: NaiveDate, draft: Option<ComposerDraft>) -> Composer {
        let (last, withheld) = still_open(&record.checkins);
        let mut c = Composer::build(record, today, None, last, draft);
        c.withheld = withheld;
        c
    }

    /// What to say of last time's steps left in a check-in restricted whole, if any were.
    pub fn withheld_said(&self) -> Option<String> {
        let n = match self.withheld {
            0 => return None,
            1 => "its next step stays".to_string(),
            n => format!("its {n} next steps stay"),
        };
        Some(format!(
            "The last check-in is restricted whole: {n} there, not carried into this one."
        ))
    }

    /// A composer on a saved check-in: saving makes a new revision of it.
    pub fn edit(
        record: &StudentRecord,
        today: NaiveDate,
        checkin: &CheckIn,
        draft: Option<ComposerDraft>,
    ) -> Composer {
        let mut last: Vec<NextStep> = checkin
            .last_steps
            .iter()
            .map(|s| NextStep {
                text: s.text.clone(),
                owner: s.owner.clone(),
            })
            .collect();
        // A check-in that went over none of last time's steps (one written from the command
        // line) shows those agreed at the check-in before it, as a new one would.
        let mut withheld = 0;
        if last.is_empty() {
            (last, withheld) = still_open(checkins_before(record, checkin));
        }
        let stored = ComposerDraft::of(checkin);
        let opened = Composer::build(record, today, Some(checkin), last.clone(), Some(stored));
        let opened_as = Some(Box::new(opened.checkin()));
        let mut composer = match draft {
            Some(draft) => Composer::build(record, today, Some(checkin), last, Some(draft)),
            None => opened,
        };
        composer.opened_as = opened_as;
        composer.withheld = withheld;
        composer
    }

    fn build(
        record: &StudentRecord,
        today: NaiveDate,
        editing: Option<&CheckIn>,
        last: Vec<NextStep>,
        draft: Option<ComposerDraft>,
    ) -> Composer {
        let plan = match editing.and_then(|c| c.plan_id.as_deref()) {
            Some(id) => record.plans.iter().find(|p| p.plan.id == id),
            None => record.current_plan(today),
        };
        let mut items = Vec::new();
        let mut strategies = Vec::new();
        let mut strategy_records = Vec::new();
        let mut replaced = Vec::new();
        let rated = |id: &str| {
            editing.is_some_and(|c| {
                c.progress.iter().any(|p| p.goal == id)
                    || c.verdicts.iter().any(|v| v.strategy == id)
            })
        };
        if let Some(p) = plan {
            for g in p
                .goals
                .iter()
                .filter(|g| g.goal.status == Status::Active || rated(&g.goal.id))
            {
                items.push(RateItem {
                    id: g.goal.id.clone(),
                    label: clean_line(&g.goal.title),
                    kind: ItemKind::Goal,
                });
                // Edited, a check-in rates what it rated when held.
                for s in g
                    .strategies
                    .iter()
                    .filter(|s| s.status == Status::Active || rated(&s.id))
                    .filter(|s| !editing.is_some_and(|c| put_in_place_by(c, s, &g.strategies)))
                {
                    items.push(RateItem {
                        id: s.id.clone(),
                        label: clean_line(&s.what),
                        kind: ItemKind::Strategy,
                    });
                    if let Some(new) = editing.and_then(|c| replacement_of(c, s, &g.strategies)) {
                        replaced.push((s.id.clone(), clean_line(&new.what)));
                    }
                    if s.status == Status::Active {
                        strategies.push(clean_line(&s.what));
                        strategy_records.push(s.clone());
                    }
                }
            }
        }
        for (i, s) in last.iter().enumerate() {
            items.push(RateItem {
                id: String::new(),
                label: clean_line(&s.words()),
                kind: ItemKind::Step(i),
            });
        }
        let offered: String = if editing.is_some() {
            String::new()
        } else {
            lines_text(&last.iter().map(step_line).collect::<Vec<_>>())
        };
        let fresh = draft.is_none();
        let mut d = draft.unwrap_or_default();
        let line = d.line.take();
        let (at, at_item) = (d.step, d.item);
        let steps = if fresh {
            offered.clone()
        } else {
            d.steps.clone()
        };
        let mut ticks = d.ticks.clone();
        ticks.resize(last.len(), None);
        let mut c = Composer {
            student_id: record.student.id.clone(),
            name: clean_line(&record.student.display_name()),
            plan_id: plan.map(|p| p.plan.id.clone()),
            editing: editing.map(|c| Box::new(c.clone())),
            opened_as: None,
            step: Step::Words,
            items,
            item: 0,
            ratings: d.ratings,
            verdicts: d.verdicts,
            verdict_notes: d.verdict_notes,
            changes: d.changes,
            replaced,
            input: None,
            words: text::field(&d.words, "What does the student say? How are things going?"),
            adjustments: text::field(&d.adjustments, "Strategies added, changed or retired"),
            notes: text::field(&d.notes, "Your notes"),
            steps: text::field(&steps, STEPS_HINT),
            restriction: CheckIn {
                restricted: d.restricted,
                restricted_whole: d.restricted_whole,
                ..Default::default()
            }
            .restriction(),
            weeks: if d.weeks == 0 { DEFAULT_WEEKS } else { d.weeks },
            weeks_chosen: d.weeks != 0,
            next_typed: d.next,
            agreed: if editing.is_some() {
                None
            } else {
                record.last_checkin().and_then(|c| c.date.zip(c.next_date))
            },
            kind: d.kind,
            date: d.date.unwrap_or(today),
            left_refused: None,
            attended: d
                .attended
                .unwrap_or_else(|| vec!["student".into(), "advisor".into()]),
            by_kind: d.by_kind,
            team: record.team.clone(),
            last,
            ticks,
            withheld: 0,
            strategy_records,
            strategies,
            offered,
            today,
            stray: false,
            just_rated: None,
            burst: Burst::default(),
            moved_on_by_itself: false,
        };
        // A draft opens on the step it was left on, whether it was kept by Esc or every second.
        if let Some(step) = at {
            c.step = step;
            if step == Step::Rate && c.items.is_empty() {
                c.step = Step::Adjustments;
            }
            c.item = at_item.min(c.items.len().saturating_sub(1));
        }
        // A line left open (a date being mended) opens again where it was, on the last step.
        if let Some(line) = line {
            c.step = Step::Next;
            c.open_input_with(line.what.input(), &line.text);
        }
        c
    }

    /// The open note's text field (the verdict note, a replacement, a name or a date).
    pub fn note(&self) -> Option<&TextArea<'static>> {
        self.input.as_ref().map(|i| &i.area)
    }

    /// The key its draft is kept under.
    pub fn draft_key(&self) -> DraftKey {
        match &self.editing {
            None => DraftKey::checkin(&self.student_id),
            Some(c) => DraftKey {
                student: self.student_id.clone(),
                kind: crate::store::Entity::CheckIn,
                record: DraftRecord::Existing(c.id.clone()),
                field: DraftField::Whole,
            },
        }
    }

    /// The text field of the current step, if it has one.
    pub fn field_mut(&mut self) -> Option<&mut TextArea<'static>> {
        if self.input.is_some() {
            return self.input.as_mut().map(|i| &mut i.area);
        }
        match self.step {
            Step::Words => Some(&mut self.words),
            Step::Adjustments => Some(&mut self.adjustments),
            Step::Notes => Some(&mut self.notes),
            Step::Steps => Some(&mut self.steps),
            Step::Rate | Step::Next => None,
        }
    }

    /// Whether the current step's text field holds nothing but blanks (a step without one: no).
    pub fn field_is_blank(&mut self) -> bool {
        self.field_mut()
            .is_some_and(|f| f.lines().iter().all(|l| l.trim().is_empty()))
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

    /// Moves to the next item; after the last, to the next step.
    fn advance(&mut self) {
        if self.item + 1 < self.items.len() {
            self.item += 1;
        } else {
            self.next_step();
        }
    }

    /// Rates the selected goal, or gives the selected strategy a verdict, then moves on; after
    /// the last item the composer goes to the next step. False when the key does not fit the
    /// item (a verdict on a goal, a rating on a strategy).
    pub fn rate(&mut self, rating: Option<i64>, verdict: Option<Verdict>) -> bool {
        let Some(item) = self.items.get(self.item).cloned() else {
            return false;
        };
        match (item.kind, rating, verdict) {
            (ItemKind::Goal, Some(r), _) => set(&mut self.ratings, &item.id, r),
            (ItemKind::Strategy, _, Some(v)) => {
                set(&mut self.verdicts, &item.id, v);
                self.changes.retain(|(s, _)| *s != item.id);
                self.just_rated = Some(item.id.clone());
            }
            _ => return false,
        }
        self.advance();
        true
    }

    /// Marks one of last time's steps done or not, then moves on. Not done offers it again as
    /// one of this time's steps; done takes the offer back. False when the item is not a step.
    pub fn tick(&mut self, done: bool) -> bool {
        let Some(ItemKind::Step(i)) = self.items.get(self.item).map(|i| i.kind) else {
            return false;
        };
        self.ticks[i] = Some(done);
        let line = step_line(&self.last[i]);
        let mut lines: Vec<String> = text::text(&self.steps)
            .lines()
            .map(str::to_string)
            .filter(|l| !l.trim().is_empty())
            .collect();
        let present = lines.iter().any(|l| l.trim() == line);
        if done && present {
            lines.retain(|l| l.trim() != line);
        } else if !done && !present {
            lines.push(line);
        } else {
            self.advance();
            return true;
        }
        self.steps = text::field(&lines_text(&lines), STEPS_HINT);
        self.advance();
        true
    }

    /// Gives the selected strategy `not working` and retires it when saved (again: keeps it).
    /// False when the item is not a strategy.
    pub fn retire(&mut self) -> bool {
        let Some(item) = self.items.get(self.item).cloned() else {
            return false;
        };
        if item.kind != ItemKind::Strategy {
            return false;
        }
        set(&mut self.verdicts, &item.id, Verdict::NotWorking);
        if self.change_of(&item.id) == Some(&PlanChange::Retire) {
            self.changes.retain(|(s, _)| *s != item.id);
        } else {
            set(&mut self.changes, &item.id, PlanChange::Retire);
        }
        self.just_rated = Some(item.id.clone());
        self.advance();
        true
    }

    /// Gives the selected strategy `not working` and opens the line for the one that replaces
    /// it. False when the item is not a strategy.
    pub fn open_replace(&mut self) -> bool {
        let Some(item) = self.items.get(self.item).cloned() else {
            return false;
        };
        if item.kind != ItemKind::Strategy {
            return false;
        }
        set(&mut self.verdicts, &item.id, Verdict::NotWorking);
        let now = match self.change_of(&item.id) {
            Some(PlanChange::Replace(t)) => t.clone(),
            _ => String::new(),
        };
        self.input = Some(Input {
            what: InputFor::Replace(item.id),
            area: text::field(&now, "What the student will do instead"),
        });
        true
    }

    /// How many of the rating step's items are rated (a goal, a strategy's verdict, or last
    /// time's step ticked), of how many.
    pub fn rated_of(&self) -> (usize, usize) {
        (
            self.ratings.len() + self.verdicts.len() + self.ticks.iter().flatten().count(),
            self.items.len(),
        )
    }

    /// Opens a note on the verdict of the strategy a key has just rated (the cursor has moved on
    /// from it), or else of the selected strategy. Returns false on a goal.
    pub fn open_note(&mut self) -> bool {
        let id = match (self.just_rated.take(), self.items.get(self.item)) {
            (Some(id), _) => id,
            (None, Some(item)) if item.kind == ItemKind::Strategy => item.id.clone(),
            _ => return false,
        };
        let text = self.note_of(&id).to_string();
        self.input = Some(Input {
            what: InputFor::VerdictNote(id),
            area: text::field(&text, "How it went, in a few words"),
        });
        true
    }

    /// The line of the rating step a note or a replacement is for.
    pub fn label_of(&self, id: &str) -> &str {
        self.items
            .iter()
            .find(|i| i.id == id)
            .map_or("", |i| i.label.as_str())
    }

    /// Opens a one-line input for a name or a date.
    pub fn open_input(&mut self, what: InputFor) {
        self.open_input_with(what, "");
    }

    /// Opens a one-line input for a name or a date with text already in it.
    fn open_input_with(&mut self, what: InputFor, text: &str) {
        // What the field takes, in the forms it takes them (a word such as "yesterday" is
        // not one of them).
        let placeholder = match what {
            InputFor::Other => "Name (and role)".to_string(),
            InputFor::Date => format!(
                "the date held: {}",
                crate::domain::date_formats_near(self.today)
            ),
            _ => "5w, or a date".to_string(),
        };
        self.input = Some(Input {
            what,
            area: text::field(text, &placeholder),
        });
    }

    /// Closes the open input as [`Composer::close_input`] does (Esc), except that a date that
    /// cannot be kept (the date held, the next date), refused once and left as it was, is let
    /// go at the second Esc, leaving the date as it was, so that Esc never traps the line and
    /// one Esc loses nothing typed: `Ok` carries what to tell.
    pub fn leave_input(&mut self) -> Result<Option<String>, String> {
        let what = match self.input.as_ref().map(|i| &i.what) {
            Some(InputFor::Date) => "The date held",
            Some(InputFor::Next) => "The next date",
            _ => return self.close_input(),
        };
        let typed = self
            .input
            .as_ref()
            .map(|i| clean_line(&text::text(&i.area)).trim().to_string())
            .unwrap_or_default();
        match self.close_input() {
            Ok(said) => Ok(said),
            Err(why) if self.left_refused.as_deref() != Some(typed.as_str()) => {
                self.left_refused = Some(typed);
                Err(why)
            }
            Err(_) => {
                self.input = None;
                self.left_refused = None;
                Ok(Some(format!(
                    "{what} is left as it was: \"{}\" was not kept.",
                    crate::tui::view::width::fit(&typed, 40)
                )))
            }
        }
    }

    /// Keeps what the open input says and closes it. Says why when it cannot be kept (a date
    /// that is not one): the input stays open with its text. `Ok` carries what to tell.
    pub fn close_input(&mut self) -> Result<Option<String>, String> {
        let Some(input) = self.input.as_ref() else {
            return Ok(None);
        };
        let typed = clean_line(&text::text(&input.area)).trim().to_string();
        let said = match &input.what {
            InputFor::VerdictNote(id) => {
                let id = id.clone();
                if typed.is_empty() {
                    self.verdict_notes.retain(|(s, _)| *s != id);
                } else {
                    set(&mut self.verdict_notes, &id, typed);
                }
                None
            }
            InputFor::Replace(id) => {
                let id = id.clone();
                self.input = None;
                if typed.is_empty() {
                    self.changes.retain(|(s, _)| *s != id);
                    self.advance();
                    return Ok(Some("Not working; kept in the plan.".into()));
                }
                set(&mut self.changes, &id, PlanChange::Replace(typed));
                self.advance();
                return Ok(Some("Replaced when the check-in is saved.".into()));
            }
            InputFor::Other => {
                // Several names at once, with commas between, as the year-end review takes
                // them; a name listed already is taken off.
                let (mut came, mut went) = (Vec::new(), Vec::new());
                for name in typed.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                    let name = name.to_string();
                    if let Some(i) = self.attended.iter().position(|a| *a == name) {
                        self.by_kind.retain(|a| *a != name);
                        self.attended.remove(i);
                        went.push(name);
                    } else if !came.contains(&name) {
                        self.attended.push(name.clone());
                        came.push(name);
                    }
                }
                let said = |names: &[String], one: &str, many: &str| match names {
                    [] => None,
                    [n] => Some(format!("{n} {one}")),
                    [rest @ .., last] => Some(format!("{} and {last} {many}", rest.join(", "))),
                };
                match (
                    said(&came, "was there.", "were there."),
                    said(
                        &went,
                        "is no longer listed as there.",
                        "are no longer listed as there.",
                    ),
                ) {
                    (Some(a), Some(b)) => Some(format!("{a} {b}")),
                    (a, b) => a.or(b),
                }
            }
            InputFor::Date => {
                if typed.is_empty() {
                    None
                } else {
                    let d = crate::domain::parse_date_near(&typed, self.today, false)
                        .map_err(|e| clear_to_leave(&e.to_string()))?;
                    if d > self.today {
                        return Err(format!(
                            "{} is after today: a check-in is written up once held.",
                            crate::domain::show_date(d)
                        ));
                    }
                    // A day without its year read as most of a year ago is a slip that would
                    // file the check-in with last year's plan, refused as the command line
                    // refuses it ("12/5" typed on 25 Nov).
                    if crate::domain::long_ago_without_year(&typed, self.today, d) {
                        return Err(format!(
                            "\"{}\" reads as {}, {} weeks ago: type the year ({d}) if that is \
                             meant (C-u clears the line).",
                            clean_line(&typed),
                            crate::domain::show_day(d),
                            (self.today - d).num_days() / 7
                        ));
                    }
                    self.date = d;
                    let year = crate::domain::school_year_of(d);
                    if year == crate::domain::school_year_of(self.today) {
                        Some(format!("Held on {}.", crate::domain::show_day(d)))
                    } else {
                        // A day typed without its year is the last such day: one still to come
                        // this year is last year's ("12/5" in November).
                        Some(format!(
                            "Held on {}, in the {year} school year: it goes with that year's \
                             plan (d changes the date).",
                            crate::domain::show_day(d)
                        ))
                    }
                }
            }
            InputFor::Next => {
                if typed.is_empty() {
                    None
                } else {
                    let d = parse_next(&typed, self.date)
                        .map_err(|e| clear_to_leave(&e.to_string()))?;
                    if d < self.date {
                        return Err(format!(
                            "{} is before this check-in ({}).",
                            crate::domain::show_date(d),
                            crate::domain::show_date(self.date)
                        ));
                    }
                    // A day without its year far ahead is a slip, refused as the command
                    // line refuses it ("Nov 1" typed on 5 Nov).
                    if crate::domain::far_without_year(&typed, self.date, d) {
                        return Err(format!(
                            "\"{}\" reads as {}, {} weeks after this check-in: type the year \
                             ({d}) if that is meant (C-u clears the line).",
                            clean_line(&typed),
                            crate::domain::show_day(d),
                            (d - self.date).num_days() / 7
                        ));
                    }
                    // A count ("3w", "20d") lands on a school day, as the weeks keys do; a
                    // date typed is as typed, and said when it has no school.
                    let counted = count_in_words(&typed).is_some();
                    let moved = if counted { next_school_day(d) } else { d };
                    self.next_typed = Some(moved);
                    Some(format!(
                        "Next check-in on {}{}.",
                        crate::domain::show_day(moved),
                        if moved != d {
                            format!(" ({} has no school)", crate::domain::show_day(d))
                        } else if next_school_day(d) != d {
                            ", a day with no school: n types another".into()
                        } else {
                            String::new()
                        }
                    ))
                }
            }
        };
        self.input = None;
        Ok(said)
    }

    /// Ticks or unticks a team member as there. False when there is no such member.
    pub fn toggle_member(&mut self, i: usize) -> Option<bool> {
        let name = clean_line(&self.team.get(i)?.name);
        // Ticked or unticked by hand, it is the advisor's choice from now on.
        self.by_kind.retain(|a| *a != name);
        if let Some(p) = self.attended.iter().position(|a| *a == name) {
            self.attended.remove(p);
            Some(false)
        } else {
            self.attended.push(name);
            Some(true)
        }
    }

    /// The note on a strategy's verdict ("" when none).
    pub fn note_of(&self, id: &str) -> &str {
        self.verdict_notes
            .iter()
            .find(|(s, _)| s == id)
            .map_or("", |(_, n)| n.as_str())
    }

    /// The plan change decided on a strategy.
    pub fn change_of(&self, id: &str) -> Option<&PlanChange> {
        self.changes.iter().find(|(s, _)| s == id).map(|(_, c)| c)
    }

    /// The words typed for the strategy that replaces the one selected on the rating step, if
    /// any (`r`).
    pub fn selected_replacement(&self) -> Option<&str> {
        let item = self.items.get(self.item)?;
        match self.change_of(&item.id)? {
            PlanChange::Replace(t) if !t.trim().is_empty() => Some(t),
            _ => None,
        }
    }

    /// [`Composer::replaced_by`] for the line selected on the rating step.
    pub fn selected_replaced_by(&self) -> Option<&str> {
        self.items
            .get(self.item)
            .and_then(|i| self.replaced_by(&i.id))
    }

    /// What took the strategy's place when the check-in being edited was held, if it replaced
    /// it then.
    pub fn replaced_by(&self, id: &str) -> Option<&str> {
        self.replaced
            .iter()
            .find(|(s, _)| s == id)
            .map(|(_, w)| w.as_str())
    }

    /// The rating given to a goal.
    pub fn rating_of(&self, id: &str) -> Option<i64> {
        self.ratings.iter().find(|(g, _)| g == id).map(|(_, r)| *r)
    }

    /// The verdict given to a strategy.
    pub fn verdict_of(&self, id: &str) -> Option<Verdict> {
        self.verdicts.iter().find(|(s, _)| s == id).map(|(_, v)| *v)
    }

    /// Moves on to the next kind of meeting (check-in, student-led, parent, touchpoint); a
    /// conference with family ticks the family on the team as there, and another kind unticks
    /// only those it ticked: never someone the advisor ticked by hand.
    pub fn next_kind(&mut self) {
        let all = CheckInKind::MEETINGS;
        let i = all.iter().position(|k| *k == self.kind).unwrap_or(0);
        self.kind = all[(i + 1) % all.len()];
        let family_expected = matches!(self.kind, CheckInKind::StudentLed | CheckInKind::Parent);
        for m in self.team.iter().filter(|m| is_family(&m.role)) {
            let name = clean_line(&m.name);
            let there = self.attended.contains(&name);
            if family_expected && !there {
                self.attended.push(name.clone());
                self.by_kind.push(name);
            } else if !family_expected && there && self.by_kind.contains(&name) {
                self.attended.retain(|a| *a != name);
                self.by_kind.retain(|a| *a != name);
            }
        }
    }

    /// The next check-in date: the one typed, as typed, or the meeting's day so many weeks on,
    /// moved off a day with no school ([`next_school_day`]: four weeks from 27 November is
    /// Christmas Day 2026, a Friday, so the default is Monday 28 December).
    pub fn next_date(&self) -> NaiveDate {
        self.next().date()
    }

    /// The next check-in date, and whether it is the one agreed last time, kept: a touchpoint
    /// or family meeting with no weeks chosen and no date typed keeps the next date the latest
    /// check-in agreed while it is still to come, as `plp checkin` does.
    pub fn next(&self) -> NextDate {
        if let Some(typed) = self.next_typed {
            return NextDate::Default(typed);
        }
        let counted = next_school_day(self.weeks_on());
        if self.weeks_chosen {
            return NextDate::Default(counted);
        }
        // A meeting written up for a day before the latest check-in was not held after it.
        let agreed = self
            .agreed
            .filter(|(held, _)| *held <= self.date)
            .map(|(_, next)| next);
        let today = self.today.max(self.date);
        next_date_keeping_agreed(self.kind, counted, agreed, today)
    }

    /// The meeting's day so many weeks on, before it is moved off a day with no school.
    pub fn weeks_on(&self) -> NaiveDate {
        self.date + Duration::weeks(self.weeks as i64)
    }

    /// When the weeks chosen land on a day with no school, that day ("Sat 2 Jan 2027"): the
    /// next date is the school day after it, and the composer says why.
    pub fn moved_off(&self) -> Option<String> {
        let next = self.next();
        (self.next_typed.is_none() && !next.kept() && next.date() != self.weeks_on())
            .then(|| crate::domain::show_day(self.weeks_on()))
    }

    /// The plan changes, with the strategies they change.
    pub fn plan_changes(&self) -> Vec<(Strategy, PlanChange)> {
        self.changes
            .iter()
            .filter_map(|(id, c)| {
                self.strategy_records
                    .iter()
                    .find(|s| s.id == *id)
                    .map(|s| (s.clone(), c.clone()))
            })
            .collect()
    }

    /// The adjustments the plan changes make, one line each.
    pub fn change_lines(&self) -> Vec<String> {
        self.plan_changes()
            .iter()
            .map(|(s, c)| match c {
                PlanChange::Retire => format!("Retired \"{}\" (not working).", clean_line(&s.what)),
                PlanChange::Replace(new) => format!(
                    "Replaced \"{}\" (not working) with \"{new}\".",
                    clean_line(&s.what)
                ),
            })
            .collect()
    }
}

fn set<T>(list: &mut Vec<(String, T)>, id: &str, v: T) {
    match list.iter_mut().find(|(k, _)| k == id) {
        Some(e) => e.1 = v,
        None => list.push((id.to_string(), v)),
    }
}
