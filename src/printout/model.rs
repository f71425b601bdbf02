//! What a family sees, gathered from a student's record: pure, no I/O, no language.
//!
//! Every rule about what may reach a family lives here, so that each output format prints the
//! same things: advisor notes only when asked for, restricted material only when asked for,
//! dropped and revised goals and strategies never as current.

use chrono::NaiveDate;

use crate::domain::{
    clean_text, last_year_before_graduating, open_steps, school_year_start, CheckIn, CheckInKind,
    GoalDomain, OpenStep, Pronoun, Restriction, Status, Strategy, Verdict, PROFILE_FIELDS,
};
use crate::store::{GoalRecord, StudentRecord};

pub use super::who::Who;

/// How many of the student's own sayings the printout quotes, newest first.
pub const WORDS_SHOWN: usize = 3;

/// What the person printing asked to include beyond what a family always sees.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Include {
    /// The advisor's notes (and the notes on verdicts).
    pub notes: bool,
    /// Restricted material: restricted notes (with `notes`) and check-ins restricted whole.
    pub restricted: bool,
}

/// Who prints it: the school, and who is printing with how to reach them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Letterhead {
    /// The school's name.
    pub school: Option<String>,
    /// The advisor printing, as the settings name them: the contact is theirs.
    pub advisor: Option<String>,
    /// How to reach the advisor printing (phone, e-mail).
    pub contact: Option<String>,
}

impl Letterhead {
    /// How to reach the advisor of a student whose advisor field is `advisor`: the contact
    /// set in the settings, and only for the advisor who set it (matched as plp matches
    /// advisor names everywhere), so that a counselor printing every advisor's students never
    /// gives their own phone as each child's advisor's.
    pub fn contact_for(&self, advisor: Option<&str>) -> Option<&str> {
        let printing = self.advisor.as_deref()?;
        let theirs = crate::domain::advisor::matches(printing, advisor?);
        self.contact.as_deref().filter(|_| theirs)
    }
}

/// The student's own words at one check-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    /// When.
    pub date: NaiveDate,
    /// As written.
    pub text: String,
}

/// A goal's rating at one check-in (1–4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rating {
    /// When.
    pub date: NaiveDate,
    /// 1 no progress yet … 4 goal met.
    pub rating: i64,
}

/// A strategy in use now, with how it went last time it was talked about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StrategyView {
    /// What the student does.
    pub what: String,
    /// Who helps.
    pub who: Who,
    /// How often.
    pub often: String,
    /// The latest verdict given at a check-in the family may see, and that check-in's day
    /// (later check-ins may not have rated the strategy).
    pub latest: Option<(Verdict, NaiveDate)>,
    /// The note on that verdict (only with notes included).
    pub note: Option<String>,
}

/// A goal of this year that is current or met.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalView {
    /// The goal in the student's words.
    pub title: String,
    /// Its area.
    pub domain: GoalDomain,
    /// Why it matters.
    pub why: String,
    /// How progress is told (the measure).
    pub measure: String,
    /// Where the student started on that measure.
    pub baseline: String,
    /// Where it should get to.
    pub target: String,
    /// By when.
    pub target_date: Option<NaiveDate>,
    /// Marked met in the plan. A top rating at a check-in is how that meeting saw the goal,
    /// not the decision that it is met.
    pub met: bool,
    /// The ratings at each check-in this year, oldest first.
    pub ratings: Vec<Rating>,
    /// The active strategies of a goal still worked on, in order (none for a goal met).
    pub strategies: Vec<StrategyView>,
}

/// Something changed this year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A strategy set aside and what took its place.
    Replaced {
        /// What was tried.
        tried: String,
        /// What is done now instead.
        now: Vec<String>,
    },
    /// Strategies set aside under a goal with nothing known to have taken their place.
    Stopped {
        /// What was tried.
        tried: Vec<String>,
    },
    /// A strategy kept under the same words, with how it is done changed.
    Adjusted {
        /// What the student does.
        what: String,
        /// How often, before and now, when that changed.
        often: Option<(String, String)>,
        /// Who helps, before and now, when that changed.
        who: Option<(Who, Who)>,
    },
    /// A goal set aside (dropped), or rewritten (revised: a new goal took its place).
    Goal {
        /// Its title.
        title: String,
        /// Revised rather than dropped.
        revised: bool,
    },
}

/// A next step and who does it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// What will happen.
    pub text: String,
    /// Who does it.
    pub who: Who,
}

/// An advisor note (present only when asked for).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// When.
    pub date: NaiveDate,
    /// As written.
    pub text: String,
    /// Restricted (present only when restricted material was asked for too).
    pub restricted: bool,
}

/// One student's printout, before it is put into words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Printout {
    /// "Amara Okafor".
    pub name: String,
    /// The name the student goes by ("Amara").
    pub first_name: String,
    /// Family name, for sorting (empty for a student known by one name, the first name).
    pub family_name: String,
    /// SIS id, for file names and the index.
    pub sis_id: String,
    /// Grade.
    pub grade: Option<i64>,
    /// The pronoun the student's recorded pronouns ask for, if one the printout knows.
    pub pronoun: Option<Pronoun>,
    /// "2026-27".
    pub school_year: Option<String>,
    /// The school.
    pub school: Option<String>,
    /// The advisor.
    pub advisor: Option<String>,
    /// How to reach the advisor.
    pub contact: Option<String>,
    /// The date printed.
    pub printed: NaiveDate,
    /// The student's own words, newest first.
    pub words: Vec<Said>,
    /// Profile: (field's stored name, text), in the profile's order.
    pub about: Vec<(&'static str, String)>,
    /// This year's current and met goals, in plan order.
    pub goals: Vec<GoalView>,
    /// What was changed this year.
    pub changes: Vec<Change>,
    /// The next steps still open at the check-ins the family may see ([`open_steps`]): the
    /// latest one's, and those agreed before it that none has gone over since, with who does
    /// them.
    pub next_steps: Vec<Step>,
    /// The day those steps were agreed (the day of the meeting the family sees that agreed
    /// them), when a later meeting the family does not see was held (they may have been gone
    /// over there): the page says so.
    pub steps_agreed: Option<NaiveDate>,
    /// The next meeting: the next date the latest check-in set, as the caseload has it.
    pub next_meeting: NextMeeting,
    /// The final review of the student's plans, once held: then there is no next meeting and
    /// no next step to tell of.
    pub final_review: Option<FinalReview>,
    /// Advisor notes this year, newest first (empty unless asked for).
    pub notes: Vec<Note>,
}

/// The next meeting as a family is told of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextMeeting {
    /// Set for this day, today or later.
    On(NaiveDate),
    /// Set for a day that has gone by with no check-in since: a new date is to be set.
    Passed(NaiveDate),
    /// No date was set.
    NotSet,
    /// The year-end review's: the first day of a school year, which stands for "when the new
    /// year begins" and is no appointment.
    NewYear(NaiveDate),
}

/// Whether `next` is the first day of a school year set by a year-end review (the latest
/// check-in): the day stands for the new year's start, not for a meeting booked on it.
fn set_by_a_year_end_review(r: &StudentRecord, next: NaiveDate) -> bool {
    let starts_a_year = crate::domain::school_year_first_day(
        &crate::domain::school_year_of(next),
        school_year_start(),
    ) == Some(next);
    starts_a_year
        && r.last_checkin()
            .is_some_and(|c| c.kind == CheckInKind::AnnualReview && c.next_date == Some(next))
}

/// The final review of a student who graduates: the annual review of the plan of their last
/// school year, done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FinalReview {
    /// When it was held, when its annual review check-in is recorded.
    pub held: Option<NaiveDate>,
    /// Goals of the plan marked met.
    pub met: usize,
    /// Goals of the plan marked dropped.
    pub dropped: usize,
}

/// The final review, when the plan printed is the last before the student's class graduates
/// and its annual review is marked done (as the year-end review marks it). Its day is that of
/// the plan's newest annual review check-in, restricted or not: the day is no secret.
fn final_review(r: &StudentRecord, plan: &crate::store::PlanRecord) -> Option<FinalReview> {
    let last = last_year_before_graduating(
        r.student.grad_year,
        &plan.plan.school_year,
        school_year_start(),
    );
    if !(plan.plan.reviewed && last) {
        return None;
    }
    let held = r
        .checkins
        .iter()
        .filter(|ch| ch.kind == CheckInKind::AnnualReview)
        .filter(|ch| ch.plan_id.as_deref() == Some(plan.plan.id.as_str()))
        .filter_map(|ch| ch.date)
        .max();
    let count = |status: Status| {
        plan.goals
            .iter()
            .filter(|g| g.goal.status == status)
            .count()
    };
    Some(FinalReview {
        held,
        met: count(Status::Met),
        dropped: count(Status::Dropped),
    })
}

/// Whether a check-in's restriction covers all of it (its words and next steps too), not only
/// its notes.
pub fn restricted_whole(ch: &CheckIn) -> bool {
    ch.restriction() == Restriction::Whole
}

/// Whether a check-in's notes are restricted.
pub fn restricted_notes(ch: &CheckIn) -> bool {
    ch.restricted || restricted_whole(ch)
}

/// The day the open steps were agreed, told when a meeting the family does not see was held
/// after the one that agreed them (it may have settled some): the day of the meeting the family
/// sees that set them, never anything of the one it does not. `of_year` and `seen` are newest
/// first, `seen` the part of `of_year` the family may see.
fn steps_agreed(of_year: &[&CheckIn], seen: &[&CheckIn], open: &[OpenStep]) -> Option<NaiveDate> {
    let agreed = open.iter().filter_map(|o| o.agreed).max()?;
    let is_seen = |ch: &CheckIn| seen.iter().any(|s| std::ptr::eq(*s, ch));
    // The meeting that agreed them: the newest the family sees, on that day, with steps.
    let agreed_there = |ch: &CheckIn| {
        is_seen(ch)
            && ch.date == Some(agreed)
            && ch.next_steps.iter().any(|s| !s.text.trim().is_empty())
    };
    let hidden_since = of_year
        .iter()
        .take_while(|ch| !agreed_there(ch))
        .any(|ch| !is_seen(ch));
    hidden_since.then_some(agreed)
}

/// Builds the printout for `today` from the student's record.
pub fn build(r: &StudentRecord, today: NaiveDate, head: &Letterhead, inc: Include) -> Printout {
    let c = |t: &str| clean_text(t).trim().to_string();
    let s = &r.student;
    let plan = r.current_plan(today);
    // The plan's school year; a student with no plan yet is in this one all the same.
    let year = plan.map_or_else(
        || crate::domain::school_year_of(today),
        |p| p.plan.school_year.clone(),
    );
    // This plan's year's check-ins, newest first, and of them those the family may see.
    let of_year: Vec<&CheckIn> = r
        .checkins
        .iter()
        .filter(|ch| match (plan, ch.date) {
            (Some(p), Some(d)) => {
                ch.plan_id.as_deref() == Some(p.plan.id.as_str())
                    || crate::domain::school_year_of(d) == p.plan.school_year
            }
            (None, Some(_)) => true,
            (_, None) => false,
        })
        .collect();
    let seen: Vec<&CheckIn> = of_year
        .iter()
        .copied()
        .filter(|ch| inc.restricted || !restricted_whole(ch))
        .collect();
    let words = seen
        .iter()
        .filter_map(|ch| {
            let t = c(&ch.student_words);
            (!t.is_empty()).then(|| Said {
                date: ch.date.unwrap_or(today),
                text: t,
            })
        })
        .take(WORDS_SHOWN)
        .collect();
    let about = PROFILE_FIELDS
        .iter()
        .filter_map(|(f, _)| {
            let v = c(s.profile.get(f).unwrap_or(""));
            (!v.is_empty()).then_some((*f, v))
        })
        .collect();
    let mut goals = Vec::new();
    let mut changes = Vec::new();
    for g in plan.map(|p| p.goals.as_slice()).unwrap_or(&[]) {
        match g.goal.status {
            Status::Active | Status::Met => {
                goals.push(goal_view(g, &seen, inc, &c));
                changes.extend(strategy_changes(&g.strategies, &seen, &c));
            }
            Status::Revised | Status::Dropped => changes.push(Change::Goal {
                title: c(&g.goal.title),
                revised: g.goal.status == Status::Revised,
            }),
            Status::Unknown => {}
        }
    }
    // The steps still open at the meetings the family sees: the latest one's, and those agreed
    // before it that no meeting has gone over since.
    let open: Vec<_> = open_steps(seen.iter().copied())
        .into_iter()
        .filter(|o| !c(&o.step.text).is_empty())
        .collect();
    let steps_agreed = steps_agreed(&of_year, &seen, &open);
    let next_steps = open
        .into_iter()
        .map(|o| Step {
            text: c(&o.step.text),
            who: Who::Typed(c(&o.step.owner)),
        })
        .collect();
    // The next meeting is the caseload's next date: the latest check-in's, even one the family
    // does not see (only its day is told), and even one set last school year for a day in this.
    let next_meeting = match r.next_due(today) {
        Some(d) if set_by_a_year_end_review(r, d) => NextMeeting::NewYear(d),
        Some(d) if d >= today => NextMeeting::On(d),
        Some(d) => NextMeeting::Passed(d),
        None => NextMeeting::NotSet,
    };
    let final_review = plan.and_then(|p| final_review(r, p));
    let notes = if inc.notes {
        seen.iter()
            .filter(|ch| !c(&ch.notes).is_empty())
            .filter(|ch| inc.restricted || !restricted_notes(ch))
            .map(|ch| Note {
                date: ch.date.unwrap_or(today),
                text: c(&ch.notes),
                restricted: restricted_notes(ch),
            })
            .collect()
    } else {
        Vec::new()
    };
    let first = s
        .preferred_name
        .as_deref()
        .map(c)
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| c(&s.given_name));
    // A student known by one name (no given name) goes by it: it is their first name, and no
    // family name is written beside it.
    let one_name = first.is_empty();
    let mut p = Printout {
        name: c(&s.display_name()),
        first_name: if one_name { c(&s.family_name) } else { first },
        family_name: if one_name {
            String::new()
        } else {
            c(&s.family_name)
        },
        sis_id: c(&s.sis_id),
        grade: s.grade,
        pronoun: Pronoun::of(s.pronouns.as_deref()),
        school_year: Some(year),
        school: head.school.as_deref().map(c).filter(|t| !t.is_empty()),
        advisor: s
            .advisor
            .as_deref()
            .map(|a| crate::domain::advisor::as_read(&c(a)))
            .filter(|t| !t.is_empty()),
        contact: head
            .contact_for(s.advisor.as_deref())
            .map(c)
            .filter(|t| !t.is_empty()),
        printed: today,
        words,
        about,
        goals,
        changes,
        next_steps,
        steps_agreed,
        next_meeting,
        final_review,
        notes,
    };
    // Who does each thing, as a family reads it (see [`super::who::read`]).
    let (first, advisor) = (p.first_name.clone(), p.advisor.clone());
    let who = |o: &mut Who| {
        if let Who::Typed(t) = o {
            *o = super::who::read(t, &first, advisor.as_deref());
        }
    };
    for ch in &mut p.changes {
        if let Change::Adjusted {
            who: Some((was, now)),
            ..
        } = ch
        {
            who(was);
            who(now);
        }
    }
    p.next_steps.iter_mut().for_each(|s| who(&mut s.who));
    p.goals
        .iter_mut()
        .flat_map(|g| g.strategies.iter_mut())
        .for_each(|s| who(&mut s.who));
    p
}

/// What was changed among one goal's strategies, from what the plan holds.
///
/// Each strategy set aside (revised or dropped) is matched only with what the record shows
/// came in its place, and never with a strategy that was in use beside it:
/// - an active strategy under the very same words is the same strategy, changed in how it is
///   done (how often, who helps);
/// - the active strategy at its place in the goal's order replaced it (a check-in's "not
///   working: replace" puts the new strategy there);
/// - otherwise, the active strategies first talked about at a check-in after it was last
///   talked about came in after it.
///
/// A strategy set aside with none of these was stopped.
fn strategy_changes(
    strategies: &[Strategy],
    seen: &[&CheckIn],
    c: &dyn Fn(&str) -> String,
) -> Vec<Change> {
    let words = |st: &Strategy| c(&st.what).to_lowercase();
    let judged = |st: &Strategy| -> Vec<NaiveDate> {
        seen.iter()
            .filter(|ch| ch.verdicts.iter().any(|v| v.strategy == st.id))
            .filter_map(|ch| ch.date)
            .collect()
    };
    let mut taken: Vec<&str> = Vec::new();
    let mut stopped = Vec::new();
    let mut changes = Vec::new();
    let set_aside = |st: &&Strategy| matches!(st.status, Status::Revised | Status::Dropped);
    for old in strategies.iter().filter(set_aside) {
        let free: Vec<&Strategy> = strategies
            .iter()
            .filter(|st| st.status == Status::Active && !taken.contains(&st.id.as_str()))
            .collect();
        if let Some(new) = free.iter().find(|st| words(st) == words(old)) {
            taken.push(&new.id);
            let pair = |a: &str, b: &str| (c(a) != c(b)).then(|| (c(a), c(b)));
            let often = pair(&old.frequency, &new.frequency);
            let who = pair(&old.owner, &new.owner).map(|(a, b)| (Who::Typed(a), Who::Typed(b)));
            // The same words done the same way: nothing a family would see as changed.
            if often.is_some() || who.is_some() {
                changes.push(Change::Adjusted {
                    what: c(&new.what),
                    often,
                    who,
                });
            }
            continue;
        }
        let after: Vec<&Strategy> = match free.iter().find(|st| st.position == old.position) {
            Some(new) => vec![*new],
            None => match judged(old).into_iter().max() {
                Some(last) => free
                    .iter()
                    .filter(|st| {
                        judged(st)
                            .into_iter()
                            .min()
                            .is_some_and(|first| first > last)
                    })
                    .copied()
                    .collect(),
                None => Vec::new(),
            },
        };
        if after.is_empty() {
            stopped.push(c(&old.what));
            continue;
        }
        taken.extend(after.iter().map(|st| st.id.as_str()));
        changes.push(Change::Replaced {
            tried: c(&old.what),
            now: after.iter().map(|st| c(&st.what)).collect(),
        });
    }
    if !stopped.is_empty() {
        changes.push(Change::Stopped { tried: stopped });
    }
    changes
}

fn goal_view(
    g: &GoalRecord,
    seen: &[&CheckIn],
    inc: Include,
    c: &dyn Fn(&str) -> String,
) -> GoalView {
    let mut ratings: Vec<Rating> = seen
        .iter()
        .filter_map(|ch| {
            let p = ch.progress.iter().find(|p| p.goal == g.goal.id)?;
            Some(Rating {
                date: ch.date?,
                rating: p.rating,
            })
        })
        .collect();
    ratings.reverse();
    // A met goal's strategies are no longer current work, whatever their own status says.
    let current = g.goal.status == Status::Active;
    let strategies = g
        .strategies
        .iter()
        .filter(|st| current && st.status == Status::Active)
        .map(|st| {
            // The newest verdict the family may see, and the day of its check-in.
            let verdict = seen.iter().find_map(|ch| {
                let v = ch.verdicts.iter().find(|v| v.strategy == st.id)?;
                Some((v, restricted_notes(ch), ch.date?))
            });
            StrategyView {
                what: c(&st.what),
                who: Who::Typed(c(&st.owner)),
                often: c(&st.frequency),
                latest: verdict.map(|(v, _, day)| (v.verdict, day)),
                note: verdict
                    .filter(|(_, restricted, _)| inc.notes && (inc.restricted || !restricted))
                    .map(|(v, _, _)| c(&v.note))
                    .filter(|n| !n.is_empty()),
            }
        })
        .collect();
    let met = g.goal.status == Status::Met;
    GoalView {
        title: c(&g.goal.title),
        domain: g.goal.domain,
        why: c(&g.goal.why),
        measure: c(&g.goal.measure),
        baseline: c(&g.goal.baseline),
        target: c(&g.goal.target),
        target_date: g.goal.target_date,
        met,
        ratings,
        strategies,
    }
}
