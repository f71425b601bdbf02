//! The keymap table, in parts named for the places they serve. It is one table: [`TABLES`]
//! joins the parts in display order, and everything that shows a key reads it from there.

/// One row: `b!(places, key, modifiers, command, "keys as shown", "what it does", in the
/// status bar[, when the selection is this])`.
macro_rules! b {
    ($ctx:expr, $code:expr, $mods:expr, $cmd:expr, $keys:literal, $label:literal, $hint:literal) => {
        b!($ctx, $code, $mods, $cmd, $keys, $label, $hint, When::Always)
    };
    ($ctx:expr, $code:expr, $mods:expr, $cmd:expr, $keys:literal, $label:literal, $hint:literal, $when:expr) => {
        Binding {
            ctx: $ctx,
            code: $code,
            mods: $mods,
            cmd: $cmd,
            keys: $keys,
            label: $label,
            hint: $hint,
            when: $when,
        }
    };
}

mod answers;
mod browsing;
mod caseload;
mod composer;
mod forms;
mod help;
mod lists;
pub(super) mod places;
mod reading;
mod reports;
mod student;
mod typing;
mod undo;
mod year;

use super::Binding;

/// What every part of the table is written with.
mod prelude {
    pub(super) use super::super::{Binding, Cmd, Ctx, Ctx::*, When};
    pub(super) use super::places::*;
    pub(super) use ratatui::crossterm::event::KeyCode as K;
    use ratatui::crossterm::event::KeyModifiers;

    pub(super) const NONE: KeyModifiers = KeyModifiers::NONE;
    pub(super) const CTRL: KeyModifiers = KeyModifiers::CONTROL;
    pub(super) const ALT: KeyModifiers = KeyModifiers::ALT;
}

/// Every part of the table, in display order: the year's keys first (on the year-end review's
/// screens they are the ones to show before Esc and F1). Where a place has two keys for one
/// command, the first one's words are shown.
pub(super) const TABLES: &[&[Binding]] = &[
    year::YEAR_KEYS,
    caseload::CASELOAD_KEYS,
    lists::LIST_KEYS,
    student::STUDENT_KEYS,
    composer::COMPOSER_KEYS,
    forms::FORM_KEYS,
    typing::TYPING_KEYS,
    answers::ANSWER_KEYS,
    browsing::BROWSING_KEYS,
    reports::REPORT_KEYS,
    help::F1_KEYS,
    reading::READING_KEYS,
    browsing::ANYWHERE_KEYS,
    caseload::VIEW_KEYS,
    undo::UNDO_KEYS,
    help::HELP_KEYS,
];
