//! The year: the year-end review, other years' plans, and throwing a draft away.

use super::prelude::*;

/// The year: the year-end review, other years' plans, and throwing a draft away.
#[rustfmt::skip]
pub(super) const YEAR_KEYS: &[Binding] = &[
    b!(&[Student], K::Char('Y'), NONE, Cmd::YearEndReview, "Y", "year-end review", false),
    b!(&[Student], K::Char('y'), NONE, Cmd::OtherYear, "y", "plans of other years", false),
    b!(&[StudentPast], K::Char('y'), NONE, Cmd::OtherYear, "y", "another year", true),
    b!(REVIEW_GOALS, K::Char('m'), NONE, Cmd::GoalMet, "m", "met", true),
    // A student who graduates carries nothing into a year they will not be here for.
    b!(&[YearEndGoals], K::Char('c'), NONE, Cmd::GoalCarry, "c", "carry forward", true),
    b!(REVIEW_GOALS, K::Char('d'), NONE, Cmd::GoalDrop, "d", "drop", true),
    b!(REVIEW_GOALS, K::Up, NONE, Cmd::Up, "↑/k", "previous goal", false),
    b!(REVIEW_GOALS, K::Char('k'), NONE, Cmd::Up, "↑/k", "previous goal", false),
    b!(REVIEW_GOALS, K::Down, NONE, Cmd::Down, "↓/j", "next goal", false),
    b!(REVIEW_GOALS, K::Char('j'), NONE, Cmd::Down, "↓/j", "next goal", false),
    b!(REVIEW_GOALS, K::Tab, NONE, Cmd::NextStep, "Tab", "to the annual review", true),
    b!(REVIEW_TEXT, K::Tab, NONE, Cmd::NextStep, "Tab", "next field", true),
    b!(REVIEW_TEXT, K::BackTab, NONE, Cmd::PrevStep, "S-Tab", "previous field", false),
    b!(YEAR_END, K::F(2), NONE, Cmd::Save, "F2/C-s", "make next year's plan", true),
    b!(YEAR_END, K::Char('s'), CTRL, Cmd::Save, "F2/C-s", "make next year's plan", false),
    b!(FINAL_REVIEW, K::F(2), NONE, Cmd::Save, "F2/C-s", "save the final review", true),
    b!(FINAL_REVIEW, K::Char('s'), CTRL, Cmd::Save, "F2/C-s", "save the final review", false),
    b!(&[YearEndGoals, YearEndText, FinalReviewGoals, FinalReviewText, ComposerText, ComposerRate, ComposerNext, ComposerNote], K::F(8), NONE, Cmd::DiscardDraft, "F8", "discard what was typed", false),
];
