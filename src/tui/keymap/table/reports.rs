//! The Reports screen: its sections, narrowing, the period, and moving through its lines.

use super::prelude::*;

/// Every key of the Reports screen.
#[rustfmt::skip]
pub(super) const REPORT_KEYS: &[Binding] = &[
    b!(REPORTS, K::Enter, NONE, Cmd::Open, "Enter", "open student", true, When::ReportStudent),
    b!(REPORTS, K::Tab, NONE, Cmd::NextPane, "Tab", "next section", true),
    b!(REPORTS, K::BackTab, NONE, Cmd::PrevPane, "S-Tab", "previous section", false),
    b!(REPORTS, K::Char('1'), NONE, Cmd::Section(1), "1-4", "section", false),
    b!(REPORTS, K::Char('2'), NONE, Cmd::Section(2), "1-4", "section", false),
    b!(REPORTS, K::Char('3'), NONE, Cmd::Section(3), "1-4", "section", false),
    b!(REPORTS, K::Char('4'), NONE, Cmd::Section(4), "1-4", "section", false),
    b!(REPORTS, K::Char('p'), NONE, Cmd::NextPeriod, "p", "period", true),
    b!(REPORTS, K::Char('a'), NONE, Cmd::NextAdvisor, "a", "advisor", false),
    b!(REPORTS, K::Char('+'), NONE, Cmd::NextGrade, "+/-", "grade", false),
    b!(REPORTS, K::Char('-'), NONE, Cmd::PrevGrade, "+/-", "grade", false),
    b!(REPORTS, K::Char('i'), NONE, Cmd::NextFlags, "i", "IEP/504", false),
    b!(REPORTS, K::Char('x'), NONE, Cmd::ClearFilter, "x", "everyone", false),
    b!(REPORTS, K::Up, NONE, Cmd::Up, "↑/k", "up", false),
    b!(REPORTS, K::Char('k'), NONE, Cmd::Up, "↑/k", "up", false),
    b!(REPORTS, K::Down, NONE, Cmd::Down, "↓/j", "down", false),
    b!(REPORTS, K::Char('j'), NONE, Cmd::Down, "↓/j", "down", false),
    b!(REPORTS, K::Char('g'), NONE, Cmd::Top, "g", "top", false),
    b!(REPORTS, K::Home, NONE, Cmd::Top, "g", "top", false),
    b!(REPORTS, K::Char('G'), NONE, Cmd::Bottom, "G", "bottom", false),
    b!(REPORTS, K::End, NONE, Cmd::Bottom, "G", "bottom", false),
    b!(REPORTS, K::PageUp, NONE, Cmd::PageUp, "PgUp", "page up", false),
    b!(REPORTS, K::PageDown, NONE, Cmd::PageDown, "PgDn", "page down", false),
    b!(REPORTS, K::Char('?'), NONE, Cmd::Help, "?", "help", true),
    b!(REPORTS, K::Char(':'), NONE, Cmd::Palette, ":", "commands", false),
    b!(REPORTS, K::Esc, NONE, Cmd::Back, "Esc", "back", true),
    b!(REPORTS, K::Char('['), CTRL, Cmd::Back, "Esc", "back", false),
    b!(REPORTS, K::Char('q'), NONE, Cmd::Quit, "q", "quit", true),
];
