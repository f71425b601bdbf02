//! Moving through lists, and choosing from the filter's and the palette's lists.

use super::prelude::*;

/// Up, down, top, bottom and by the page; Enter on the filter or the palette.
#[rustfmt::skip]
pub(super) const LIST_KEYS: &[Binding] = &[
    b!(LISTS, K::Up, NONE, Cmd::Up, "↑/k", "up", false),
    b!(LISTS, K::Char('k'), NONE, Cmd::Up, "↑/k", "up", false),
    b!(LISTS, K::Down, NONE, Cmd::Down, "↓/j", "down", false),
    b!(LISTS, K::Char('j'), NONE, Cmd::Down, "↓/j", "down", false),
    b!(LISTS, K::Char('g'), NONE, Cmd::Top, "g", "top", false),
    b!(LISTS, K::Home, NONE, Cmd::Top, "g", "top", false),
    b!(LISTS, K::Char('G'), NONE, Cmd::Bottom, "G", "bottom", false),
    b!(LISTS, K::End, NONE, Cmd::Bottom, "G", "bottom", false),
    b!(LISTS, K::PageUp, NONE, Cmd::PageUp, "PgUp", "page up", false),
    b!(LISTS, K::PageDown, NONE, Cmd::PageDown, "PgDn", "page down", false),
    b!(&[Filter, Palette], K::Up, NONE, Cmd::Up, "↑", "up", false),
    b!(&[Filter, Palette], K::Down, NONE, Cmd::Down, "↓", "down", false),
    b!(&[Palette], K::Enter, NONE, Cmd::Open, "Enter", "run the command", true),
    b!(&[Filter], K::Enter, NONE, Cmd::Open, "Enter", "open student", true),
];
