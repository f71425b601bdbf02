//! Help: F1 everywhere, `?` wherever keys are not text, and moving through help (by the line,
//! the page, or to its top or end).

use super::prelude::*;

/// F1 opens help wherever the keyboard is.
pub(super) const F1_KEYS: &[Binding] =
    &[b!(&Ctx::ALL, K::F(1), NONE, Cmd::Help, "F1", "help", true)];

/// Help where the first table leaves it out: `?` wherever keys are not text (no name or
/// command has a `?`), and moving through help.
#[rustfmt::skip]
pub(super) const HELP_KEYS: &[Binding] = &[
    b!(&[ComposerRate, ComposerNext, Lines, CheckinShown, Conflict, OneValueConflict, AddMenu, Confirm, Filter, Palette], K::Char('?'), NONE, Cmd::Help, "?", "help", false),
    b!(&[Help], K::Char('?'), NONE, Cmd::Help, "?/F1", "close help", false),
    b!(&[Help], K::Up, NONE, Cmd::Up, "↑/k", "up", false),
    b!(&[Help], K::Char('k'), NONE, Cmd::Up, "↑/k", "up", false),
    b!(&[Help], K::Down, NONE, Cmd::Down, "↓/j", "down", false),
    b!(&[Help], K::Char('j'), NONE, Cmd::Down, "↓/j", "down", false),
    b!(&[Help], K::PageUp, NONE, Cmd::PageUp, "PgUp", "page up", false),
    b!(&[Help], K::PageDown, NONE, Cmd::PageDown, "PgDn", "page down", false),
    b!(&[Help], K::Char('g'), NONE, Cmd::Top, "g", "top", false),
    b!(&[Help], K::Home, NONE, Cmd::Top, "g", "top", false),
    b!(&[Help], K::Char('G'), NONE, Cmd::Bottom, "G", "bottom", false),
    b!(&[Help], K::End, NONE, Cmd::Bottom, "G", "bottom", false),
];
