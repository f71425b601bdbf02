//! The year: the year-end review, other years' plans, and throwing a draft away.

use super::prelude::*;

/// The year: the year-end review, other years' plans, and throwing a draft away.
#[rustfmt::skip]
pub(super) const YEAR_KEYS: &[Binding] = &[
    b!(&[Student], K::Char('Y'), NONE, Cmd::YearEndReview, "Y", "year-end review", false),
    b!(&[Student], K::Char('y'), NONE, Cmd::OtherYear, "y", "plans of other years", false),
    b!(&[StudentPast], K::Char('y'), NONE, Cmd::OtherYear, "y", "another year", true),
    b!(&[YearEndGoals], K::Char('m'), NONE, Cmd::GoalMet, "m", "met", true),
    b!(&[YearEndGoals], K::Char('c'), NONE, Cmd::GoalCarry, "c", "carry forward", true),
    b!(&[YearEndGoals], K::Char('d'), NONE, Cmd::GoalDrop, "d", "drop", true),
    b!(&[YearEndGoals], K::Up, NONE, Cmd::Up, "↑/k", "previous goal", false),
    b!(&[YearEndGoals], K::Char('k'), NONE, Cmd::Up, "↑/k", "previous goal", false),
    b!(&[YearEndGoals], K::Down, NONE, Cmd::Down, "↓/j", "next goal", false),
    b!(&[YearEndGoals], K::Char('j'), NONE, Cmd::Down, "↓/j", "next goal", false),
    b!(&[YearEndGoals], K::Tab, NONE, Cmd::NextStep, "Tab", "to the annual review", true),
    b!(&[YearEndText], K::Tab, NONE, Cmd::NextStep, "Tab", "next field", true),
    b!(&[YearEndText], K::BackTab, NONE, Cmd::PrevStep, "S-Tab", "previous field", false),
    b!(YEAR_END, K::F(2), NONE, Cmd::Save, "F2/C-s", "make next year's plan", true),
    b!(YEAR_END, K::Char('s'), CTRL, Cmd::Save, "F2/C-s", "make next year's plan", false),
    b!(&[YearEndGoals, YearEndText, ComposerText, ComposerRate, ComposerNext], K::F(8), NONE, Cmd::DiscardDraft, "F8", "discard what was typed", false),
];
