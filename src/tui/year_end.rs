//! The year-end review of one student: each of this year's active goals met, carried forward
//! or dropped (one key each, with its progress beside it), then the annual review (when it was
//! held, who was there, a summary in the student's own words). Saving makes next year's plan;
//! for a student whose class graduates before next year, it is the final review: each goal is
//! met or dropped, and no plan is made. Pure state; everything typed is kept as a draft.

use chrono::NaiveDate;
use ratatui_textarea::TextArea;
use serde::{Deserialize, Serialize};

use super::keymap::Ctx;
use super::text;
use crate::domain::{
    clean_line, following_year, graduated_before, next_date_keeping_agreed, parse_date_near,
    school_year_first_day, school_year_in, school_year_start, show_date, CheckIn, CheckInKind,
    GoalChoice, NextDate, Status, YearEndChoices,
};
use crate::store::{DraftKey, StudentRecord};

/// The two steps of the review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    /// Each goal: met, carry forward or drop.
    Goals,
    /// The annual review's date, who was there and the summary.
    Review,
}

/// The fields of the review step, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// When it was held.
    Date,
    /// Who was there.
    Who,
    /// A summary in the student's own words.
    Summary,
}

impl Field {
    /// In Tab order.
    pub const ALL: [Field; 3] = [Field::Date, Field::Who, Field::Summary];

    /// Its label.
    pub fn label(self) -> &'static str {
        match self {
            Field::Date => "Date held (today, or type another)",
            Field::Who => "Who was there (commas between names)",
            Field::Summary => "The year, in the student's own words",
        }
    }
}

/// One of this year's active goals, as the review shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewGoal {
    /// The goal's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its domain.
    pub domain: String,
    /// Its ratings at this year's check-ins, as marks ("[1 2 3]"; empty when never rated).
    pub marks: String,
    /// The same in words ("rated 3 times this year, latest: good progress").
    pub progress: String,
    /// How many active strategies it has (carried with it).
    pub strategies: usize,
}

/// What a review holds, as saved in a draft.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct YearEndDraft {
    /// The student.
    pub student_id: String,
    /// The year the new plan is for.
    pub to_year: String,
    /// The choice made for each goal, by goal id.
    pub choices: Vec<(String, GoalChoice)>,
    /// The date as typed.
    pub date: String,
    /// Who was there, as typed.
    pub who: String,
    /// The summary.
    pub summary: String,
    /// Whether the review step was reached.
    #[serde(default)]
    pub reviewing: bool,
}

/// The year-end review on screen.
pub struct YearEnd {
    /// The student.
    pub student_id: String,
    /// Their name.
    pub name: String,
    /// This year's plan (the one reviewed).
    pub plan_id: String,
    /// Its school year.
    pub from_year: String,
    /// The year of the plan to make.
    pub to_year: String,
    /// The student's class, when it graduates before `to_year` ends: the final review, which
    /// carries nothing and makes no plan.
    pub graduates: Option<i64>,
    /// The active goals to decide on.
    pub goals: Vec<ReviewGoal>,
    /// The choice for each goal (same order), once made.
    pub choices: Vec<Option<GoalChoice>>,
    /// Goals already met, dropped or revised (they stay in this year's plan).
    pub settled: usize,
    /// The selected goal.
    pub selected: usize,
    /// Where the review is.
    pub step: Step,
    /// The focused field of the review step.
    pub field: Field,
    /// When it was held.
    pub date: TextArea<'static>,
    /// Who was there.
    pub who: TextArea<'static>,
    /// The summary.
    pub summary: TextArea<'static>,
    /// The next check-in date the latest check-in agreed, if any: a later one than the new
    /// year's first day is kept ([`next_date_keeping_agreed`]).
    pub agreed: Option<NaiveDate>,
    /// Today.
    pub today: NaiveDate,
}

/// A goal's progress over the year, short enough to read beside the choice: "rated 4 times,
/// latest: good progress".
fn progress_words(record: &StudentRecord, goal: &str) -> String {
    let ratings = super::view::progress::goal_ratings(record, goal);
    match ratings.last() {
        None => "not rated at a check-in this year".into(),
        Some(last) => format!(
            "rated {} time{} this year, latest: {}",
            ratings.len(),
            if ratings.len() == 1 { "" } else { "s" },
            crate::domain::rating_label(*last)
        ),
    }
}

/// The school year a review held `today` makes a plan for: the one after today's (its draft is
/// kept under it).
pub fn year_it_makes(today: NaiveDate) -> Option<String> {
    let first_month = school_year_start();
    following_year(&school_year_in(today, first_month), first_month)
}

/// A year-end review this many days or more before the next school year begins is asked
/// about before it starts.
const EARLY_DAYS: i64 = 120;

/// When `today` is long before the school year ends, the sentence that asks again: a review
/// made now makes next year's plan and moves the student's next due day to the year's start.
pub fn early(today: NaiveDate) -> Option<String> {
    let first_month = school_year_start();
    let to_year = year_it_makes(today)?;
    let next = school_year_first_day(&to_year, first_month)?;
    let last = next.pred_opt()?;
    ((next - today).num_days() >= EARLY_DAYS).then(|| {
        format!(
            "The {} school year runs to {}: a year-end review now makes the {to_year} plan and \
             sets the next check-in to {}. Y again starts it.",
            school_year_in(today, first_month),
            crate::domain::show_date(last),
            crate::domain::show_date(next)
        )
    })
}

/// Why a review cannot start for a student, in one sentence.
pub fn cannot_start(record: &StudentRecord, today: NaiveDate) -> Option<String> {
    let name = clean_line(&record.student.display_name());
    let Some(to_year) = year_it_makes(today) else {
        return Some("The school year after this one cannot be named.".into());
    };
    if record.plan_for(&to_year).is_some() {
        return Some(format!(
            "{name} already has a {to_year} plan: y shows the plans of other years."
        ));
    }
    if reviewed_plan(record, &to_year).is_none() {
        return Some(format!(
            "{name} has no plan before {to_year} to review: a on the goals pane adds a goal."
        ));
    }
    None
}

/// The plan a review for `to_year` reviews: the newest one before it (as the rollover takes).
fn reviewed_plan<'a>(
    record: &'a StudentRecord,
    to_year: &str,
) -> Option<&'a crate::store::PlanRecord> {
    record
        .plans
        .iter()
        .filter(|p| !p.plan.retired && p.plan.school_year.as_str() < to_year)
        .max_by(|a, b| a.plan.school_year.cmp(&b.plan.school_year))
}

impl YearEnd {
    /// A review for a student, from a draft if there is one; `Err` says in one sentence why it
    /// cannot start (next year's plan exists already, or there is no plan to review).
    pub fn new(
        record: &StudentRecord,
        today: NaiveDate,
        draft: Option<YearEndDraft>,
    ) -> Result<YearEnd, String> {
        if let Some(why) = cannot_start(record, today) {
            return Err(why);
        }
        let to_year = year_it_makes(today).unwrap_or_default();
        let Some(plan) = reviewed_plan(record, &to_year) else {
            return Err("There is no plan to review.".into());
        };
        let mut goals = Vec::new();
        let mut settled = 0;
        for g in &plan.goals {
            if g.goal.status != Status::Active || g.goal.retired {
                settled += 1;
                continue;
            }
            goals.push(ReviewGoal {
                id: g.goal.id.clone(),
                title: clean_line(&g.goal.title),
                domain: g.goal.domain.to_string(),
                marks: super::view::progress::goal_marks(record, &g.goal.id),
                progress: progress_words(record, &g.goal.id),
                strategies: g
                    .strategies
                    .iter()
                    .filter(|s| s.status == Status::Active && !s.retired)
                    .count(),
            });
        }
        let d = draft
            .filter(|d| d.student_id == record.student.id && d.to_year == to_year)
            .unwrap_or_default();
        let choices = goals
            .iter()
            .map(|g| {
                d.choices
                    .iter()
                    .find(|(id, _)| *id == g.id)
                    .map(|(_, c)| *c)
            })
            .collect::<Vec<_>>();
        let grad_year = record.student.grad_year;
        let graduates =
            grad_year.filter(|_| graduated_before(grad_year, &to_year, school_year_start()));
        // A draft made before the class was known to graduate may hold a carry: it is asked
        // again.
        let choices = choices
            .into_iter()
            .map(|c| c.filter(|c| graduates.is_none() || *c != GoalChoice::Carry))
            .collect::<Vec<_>>();
        let selected = choices.iter().position(Option::is_none).unwrap_or(0);
        let date = if d.date.is_empty() {
            show_date(today)
        } else {
            d.date.clone()
        };
        let who = if d.who.is_empty() {
            "student, advisor".to_string()
        } else {
            d.who.clone()
        };
        let mut date = text::field(&date, "a date such as 2027-06-10");
        date.set_wrap_mode(ratatui_textarea::WrapMode::None);
        let mut review = YearEnd {
            student_id: record.student.id.clone(),
            name: clean_line(&record.student.display_name()),
            plan_id: plan.plan.id.clone(),
            from_year: plan.plan.school_year.clone(),
            to_year,
            graduates,
            goals,
            choices,
            settled,
            selected,
            step: if d.reviewing {
                Step::Review
            } else {
                Step::Goals
            },
            field: Field::Date,
            date,
            who: text::field(&who, "student, advisor, a parent's name"),
            summary: text::field(
                &d.summary,
                "What the student says about this year and what comes next",
            ),
            agreed: record.last_checkin().and_then(|c| c.next_date),
            today,
        };
        if review.step == Step::Review {
            review.focus(Field::Date);
        }
        Ok(review)
    }

    /// The key its draft is kept under.
    pub fn draft_key(&self) -> DraftKey {
        DraftKey::year_end(&self.student_id, &self.to_year)
    }

    /// Where the keyboard is: deciding on goals or typing the review, of a review that makes
    /// next year's plan or of the final one.
    pub fn ctx(&self) -> Ctx {
        match (self.step, self.graduates.is_some()) {
            (Step::Goals, _) => self.goals_ctx(),
            (Step::Review, false) => Ctx::YearEndText,
            (Step::Review, true) => Ctx::FinalReviewText,
        }
    }

    /// Where the keyboard is while deciding on goals: the keys each goal is given.
    pub fn goals_ctx(&self) -> Ctx {
        if self.graduates.is_some() {
            Ctx::FinalReviewGoals
        } else {
            Ctx::YearEndGoals
        }
    }

    /// Chooses for the selected goal and moves on to the next goal without a choice (after
    /// the last goal, to the review). False when there is no goal to choose for.
    pub fn choose(&mut self, choice: GoalChoice) -> bool {
        if self.goals.is_empty() || (self.graduates.is_some() && choice == GoalChoice::Carry) {
            return false;
        }
        self.choices[self.selected] = Some(choice);
        let next = (self.selected + 1..self.goals.len())
            .chain(0..self.selected)
            .find(|i| self.choices[*i].is_none());
        match next {
            Some(i) if i > self.selected => self.selected = i,
            _ if self.selected + 1 < self.goals.len() => self.selected += 1,
            _ => {
                self.step = Step::Review;
                self.focus(Field::Date);
            }
        }
        true
    }

    /// Puts the keyboard in a field of the review. The date is one value, there from the start:
    /// it is selected whole, so that what is typed takes its place rather than adding to it.
    fn focus(&mut self, f: Field) {
        self.field = f;
        if f != Field::Date {
            self.date.cancel_selection();
        } else if !self.date.is_selecting() {
            self.date.select_all();
        }
    }

    /// The text field focused, in the review step.
    pub fn field_mut(&mut self) -> Option<&mut TextArea<'static>> {
        if self.step != Step::Review {
            return None;
        }
        Some(match self.field {
            Field::Date => &mut self.date,
            Field::Who => &mut self.who,
            Field::Summary => &mut self.summary,
        })
    }

    /// A field's text area (for drawing).
    pub fn area(&self, f: Field) -> &TextArea<'static> {
        match f {
            Field::Date => &self.date,
            Field::Who => &self.who,
            Field::Summary => &self.summary,
        }
    }

    /// The next check-in the review sets, from the new year's `first` day: that day, or a
    /// later one the latest check-in agreed, kept.
    pub fn next_date(&self, first: NaiveDate) -> NextDate {
        next_date_keeping_agreed(CheckInKind::AnnualReview, first, self.agreed, self.today)
    }

    /// The later next check-in agreed before that the review keeps (in place of the new
    /// year's first day), if there is one and no class graduates.
    pub fn keeps(&self) -> Option<NaiveDate> {
        let first = school_year_first_day(&self.to_year, school_year_start())?;
        match self.next_date(first) {
            NextDate::Agreed(d) if self.graduates.is_none() => Some(d),
            _ => None,
        }
    }

    /// Tab: the next field (from the goals, the first field). False on the last field.
    pub fn next_field(&mut self) -> bool {
        match self.step {
            Step::Goals => {
                self.step = Step::Review;
                self.focus(Field::Date);
                true
            }
            Step::Review => {
                let i = Field::ALL
                    .iter()
                    .position(|f| *f == self.field)
                    .unwrap_or(0);
                match Field::ALL.get(i + 1) {
                    Some(f) => {
                        self.focus(*f);
                        true
                    }
                    None => false,
                }
            }
        }
    }

    /// Shift-Tab: the previous field (from the first, back to the goals). False on the goals.
    pub fn prev_field(&mut self) -> bool {
        match self.step {
            Step::Goals => false,
            Step::Review => {
                let i = Field::ALL
                    .iter()
                    .position(|f| *f == self.field)
                    .unwrap_or(0);
                if i == 0 {
                    self.step = Step::Goals;
                } else {
                    self.focus(Field::ALL[i - 1]);
                }
                true
            }
        }
    }

    /// What it holds, for its draft.
    pub fn draft(&self) -> YearEndDraft {
        YearEndDraft {
            student_id: self.student_id.clone(),
            to_year: self.to_year.clone(),
            choices: self
                .goals
                .iter()
                .zip(&self.choices)
                .filter_map(|(g, c)| c.map(|c| (g.id.clone(), c)))
                .collect(),
            date: text::text(&self.date),
            who: text::text(&self.who),
            summary: text::text(&self.summary),
            reviewing: self.step == Step::Review,
        }
    }

    /// Whether nothing has been chosen or typed (there is nothing to keep).
    pub fn is_empty(&self) -> bool {
        self.choices.iter().all(Option::is_none)
            && text::text(&self.date) == show_date(self.today)
            && text::text(&self.who) == "student, advisor"
            && text::text(&self.summary).trim().is_empty()
    }

    /// Goes to what [`YearEnd::finish`] refused: a field of the review, or (`None`) the first
    /// goal still undecided, so that what is typed next goes where it is needed.
    pub fn go_to(&mut self, at: Option<Field>) {
        match at {
            Some(f) => {
                self.step = Step::Review;
                self.focus(f);
            }
            None => {
                self.step = Step::Goals;
                if let Some(i) = self.choices.iter().position(Option::is_none) {
                    self.selected = i;
                }
            }
        }
    }

    /// How many goals have no choice yet.
    pub fn undecided(&self) -> usize {
        self.choices.iter().filter(|c| c.is_none()).count()
    }

    /// The choices and the annual review to save, or one sentence saying what is missing and
    /// where it is (`None`: a goal's choice).
    pub fn finish(&self) -> Result<(YearEndChoices, CheckIn), (String, Option<Field>)> {
        let undecided = self.undecided();
        if undecided > 0 {
            let keys = if self.graduates.is_some() {
                "m met or d drop"
            } else {
                "m met, c carry forward or d drop"
            };
            return Err((
                format!(
                    "{undecided} goal{} still to decide: {keys} on each.",
                    if undecided == 1 { " is" } else { "s are" }
                ),
                None,
            ));
        }
        let at_date = |why: String| (why, Some(Field::Date));
        let typed = text::text(&self.date);
        // As the composer's date held: a day without its year is the last such day.
        let date = parse_date_near(&typed, self.today, false)
            .map_err(|e| at_date(format!("Date held: {e}.")))?;
        if date > self.today {
            return Err(at_date(format!(
                "Date held: {} is after today; the review is recorded once it has happened.",
                show_date(date)
            )));
        }
        let attended: Vec<String> = text::text(&self.who)
            .split([',', '\n'])
            .map(clean_line)
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        if attended.is_empty() {
            return Err((
                "Who was there is empty: name at least the student.".into(),
                Some(Field::Who),
            ));
        }
        let summary = text::text(&self.summary).trim().to_string();
        if summary.is_empty() {
            return Err((
                "The summary is empty: type what the student says about the year.".into(),
                Some(Field::Summary),
            ));
        }
        let mut choices = YearEndChoices::default();
        let mut lines = Vec::new();
        for (g, c) in self.goals.iter().zip(&self.choices) {
            let c = c.unwrap_or_default();
            choices = choices.with(&g.id, c);
            lines.push(match c {
                GoalChoice::Met => format!("Met: {}", g.title),
                GoalChoice::Carry => format!("Carried to {}: {}", self.to_year, g.title),
                GoalChoice::Drop => format!("Dropped: {}", g.title),
            });
        }
        // A student who graduates has no next meeting to set.
        let next = school_year_first_day(&self.to_year, school_year_start())
            .filter(|d| *d >= date && self.graduates.is_none())
            .map(|first| self.next_date(first).date());
        let heading = match self.graduates {
            Some(class) => format!(
                "Final year-end review of {} (class of {class}):",
                self.from_year
            ),
            None => format!("Year-end review of {}:", self.from_year),
        };
        let review = CheckIn {
            student_id: self.student_id.clone(),
            plan_id: Some(self.plan_id.clone()),
            date: Some(date),
            kind: CheckInKind::AnnualReview,
            attended,
            student_words: summary,
            adjustments: format!("{heading}\n{}", lines.join("\n")),
            next_date: next,
            ..Default::default()
        };
        Ok((choices, review))
    }
}
