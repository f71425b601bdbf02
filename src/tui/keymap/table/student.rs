//! A student's workspace: editing, adding, retiring, history and moving between panes.

use super::prelude::*;

/// The workspace's own keys.
#[rustfmt::skip]
pub(super) const STUDENT_KEYS: &[Binding] = &[
    b!(&[Student], K::Enter, NONE, Cmd::Edit, "Enter/e", "edit", true),
    b!(&[Student], K::Char('e'), NONE, Cmd::Edit, "Enter/e", "edit", false),
    // Where nothing can be typed, Enter reads a check-in whole instead.
    b!(&[Student], K::Enter, NONE, Cmd::Edit, "Enter", "read the check-in", true, When::CheckinToRead),
    b!(&[Student], K::Char('a'), NONE, Cmd::Add, "a", "add", true),
    b!(&[Student], K::Char('x'), NONE, Cmd::Retire, "x", "retire", true, When::Retirable),
    // Shown where x is not: on a retired line.
    b!(&[Student], K::Char('r'), NONE, Cmd::Restore, "r", "restore", true, When::Retired),
    b!(STUDENT, K::Char('h'), NONE, Cmd::History, "h", "history", false),
    b!(STUDENT, K::Tab, NONE, Cmd::NextPane, "Tab", "next pane", true),
    b!(STUDENT, K::BackTab, NONE, Cmd::PrevPane, "S-Tab", "previous pane", false),
    b!(STUDENT, K::Char('1'), NONE, Cmd::Pane1, "1", "profile", false),
    b!(STUDENT, K::Char('2'), NONE, Cmd::Pane2, "2", "goals", false),
    b!(STUDENT, K::Char('3'), NONE, Cmd::Pane3, "3", "check-ins", false),
];
