//! Keys of the places that are read rather than typed into (help, the palette, back, quit), and
//! the few that work everywhere.

use super::prelude::*;

/// Help, the palette, back and quit where keys are not text.
#[rustfmt::skip]
pub(super) const BROWSING_KEYS: &[Binding] = &[
    b!(BROWSE, K::Char('?'), NONE, Cmd::Help, "?", "help", true),
    b!(BROWSE, K::Char(':'), NONE, Cmd::Palette, ":", "commands", true),
    b!(EVERYWHERE_BACK, K::Esc, NONE, Cmd::Back, "Esc", "back", true),
    b!(EVERYWHERE_BACK, K::Char('['), CTRL, Cmd::Back, "Esc", "back", false),
    b!(BROWSE, K::Char('q'), NONE, Cmd::Quit, "q", "quit", true),
];

/// Quitting and suspending, wherever the keyboard is.
#[rustfmt::skip]
pub(super) const ANYWHERE_KEYS: &[Binding] = &[
    b!(&Ctx::ALL, K::Char('c'), CTRL, Cmd::Quit, "C-c", "quit", false),
    b!(&Ctx::ALL, K::Char('z'), CTRL, Cmd::Suspend, "C-z", "suspend (fg resumes)", false),
];
