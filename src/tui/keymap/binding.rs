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
    /// What must be selected for the status bar to show it (the key works, and help lists it,
    /// everywhere in its places: elsewhere it says why it does nothing).
    pub when: When,
}

/// What a key needs selected to do what its words say: the status bar shows a hint only where
/// the selection gives it something to act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// Anything, or nothing.
    Always,
    /// A record that can be retired and is not yet (not a profile field, not the plan).
    Retirable,
    /// A retired record.
    Retired,
    /// A goal on the composer's rating step.
    Goal,
    /// A check-in, in a file that takes no typing: the key reads it instead of editing it (the
    /// row gives the key's other words there; elsewhere the row that edits is the one shown).
    CheckinToRead,
    /// A student's line on the Reports screen (the trends count students and list none).
    ReportStudent,
}

impl Binding {
    /// Whether the key does what its words say in a file that takes typing (`refused` false)
    /// or not: a key that would change the file is left out where nothing can be changed, and
    /// a row that says what a key does there instead is shown only there. Help, the palette and
    /// the status bar all ask this, and the key itself refuses on the same question.
    pub fn available(&self, refused: bool) -> bool {
        match self.when {
            When::CheckinToRead => refused,
            _ => !(refused && self.cmd.writes()),
        }
    }
}
