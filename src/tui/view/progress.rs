//! Progress over the year on the student screen: each goal's rating at each of the plan's
//! check-ins, and each strategy's verdict at each, oldest first, as a row of marks that reads
//! without colour ("1 2 2 3", "w w p n").

use crate::domain::{rating_label, CheckIn, Verdict};
use crate::store::StudentRecord;

/// At most this many marks are shown on a line (the latest ones).
const SHOWN: usize = 8;

/// The plan's check-ins, oldest first: those that reviewed the plan the goal or strategy is in.
fn year_checkins<'a>(r: &'a StudentRecord, plan_id: &'a str) -> impl Iterator<Item = &'a CheckIn> {
    r.checkins
        .iter()
        .rev()
        .filter(move |c| c.plan_id.as_deref() == Some(plan_id))
}

/// The plan a goal or strategy belongs to.
fn plan_of<'a>(r: &'a StudentRecord, id: &str) -> Option<&'a str> {
    r.plans.iter().find_map(|p| {
        p.goals
            .iter()
            .any(|g| g.goal.id == id || g.strategies.iter().any(|s| s.id == id))
            .then_some(p.plan.id.as_str())
    })
}

/// A goal's ratings at the year's check-ins that rated it, oldest first.
pub fn goal_ratings(r: &StudentRecord, goal: &str) -> Vec<i64> {
    let Some(plan) = plan_of(r, goal) else {
        return Vec::new();
    };
    year_checkins(r, plan)
        .filter_map(|c| c.progress.iter().rev().find(|p| p.goal == goal))
        .map(|p| p.rating)
        .collect()
}

/// A strategy's verdicts at the year's check-ins that gave it one, oldest first.
pub fn strategy_verdicts(r: &StudentRecord, strategy: &str) -> Vec<Verdict> {
    let Some(plan) = plan_of(r, strategy) else {
        return Vec::new();
    };
    year_checkins(r, plan)
        .filter_map(|c| c.verdicts.iter().rev().find(|v| v.strategy == strategy))
        .map(|v| v.verdict)
        .collect()
}

/// One letter per verdict, as typed in the composer.
pub fn verdict_mark(v: Verdict) -> &'static str {
    match v {
        Verdict::Working => "w",
        Verdict::Partly => "p",
        Verdict::NotWorking => "n",
        Verdict::NotTried => "t",
        Verdict::Unknown => "?",
    }
}

fn row<T>(items: &[T], mark: impl Fn(&T) -> String) -> String {
    let skip = items.len().saturating_sub(SHOWN);
    let marks: Vec<String> = items[skip..].iter().map(mark).collect();
    let more = if skip > 0 { "… " } else { "" };
    format!("[{more}{}]", marks.join(" "))
}

/// "[1 2 2 3]" for a goal, "" when it was never rated.
pub fn goal_marks(r: &StudentRecord, goal: &str) -> String {
    let ratings = goal_ratings(r, goal);
    if ratings.is_empty() {
        return String::new();
    }
    row(&ratings, |n| n.to_string())
}

/// "[w w p n]" for a strategy, "" when it never had a verdict.
pub fn strategy_marks(r: &StudentRecord, strategy: &str) -> String {
    let verdicts = strategy_verdicts(r, strategy);
    if verdicts.is_empty() {
        return String::new();
    }
    row(&verdicts, |v| verdict_mark(*v).to_string())
}

/// The goal's progress in words, for the detail under the list.
pub fn goal_words(r: &StudentRecord, goal: &str) -> String {
    let ratings = goal_ratings(r, goal);
    match ratings.last() {
        None => "Progress: not rated at a check-in yet.".into(),
        Some(last) => format!(
            "Progress at each check-in, oldest first: {} (1 no progress yet, 2 some, 3 good, 4 goal met; now: {}).",
            ratings
                .iter()
                .map(|n| n.to_string())
                .collect::<Vec<_>>()
                .join(" "),
            rating_label(*last)
        ),
    }
}

/// The strategy's verdicts in words, for the detail under the list.
pub fn strategy_words(r: &StudentRecord, strategy: &str) -> String {
    let verdicts = strategy_verdicts(r, strategy);
    match verdicts.last() {
        None => "Verdicts: none given at a check-in yet.".into(),
        Some(last) => format!(
            "Verdicts at each check-in, oldest first: {} (w working, p partly, n not working, t not tried; now: {}).",
            verdicts
                .iter()
                .map(|v| verdict_mark(*v))
                .collect::<Vec<_>>()
                .join(" "),
            last.label()
        ),
    }
}
