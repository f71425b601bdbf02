//! One row of the keymap table.

use ratatui::crossterm::event::{KeyCode, KeyModifiers};

use super::{Cmd, Ctx};

/// One binding.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    /// Where it applies.
    pub ctx: &'static [Ctx],
    /// The key.
    pub code: KeyCode,
    /// Modifiers that must be held (Shift is ignored for characters).
    pub mods: KeyModifiers,
    /// What it does.
    pub cmd: Cmd,
    /// The key as shown to people.
    pub keys: &'static str,
    /// What it does, in a few words.
    pub label: &'static str,
    /// Shown in the status bar.
    pub hint: bool,
}
