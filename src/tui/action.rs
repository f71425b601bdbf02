//! What can happen to the app: keys, pastes, and the results of effects.

use ratatui::crossterm::event::KeyEvent;

use super::composer::Composer;
use super::effects::AfterKept;
use super::form::Form;
use crate::store::{CaseloadCounts, CaseloadRow, Conflict, StudentRecord};

/// An unsaved check-in or form found at start, to offer to resume.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftOffer {
    /// Whose it is.
    pub student: String,
    /// Their name, as shown.
    pub name: String,
    /// What it is and how to open it again.
    pub reopen: super::draft_offer::Reopen,
    /// The day it was last typed in, on this machine's clock (when that can be read).
    pub typed: Option<chrono::NaiveDate>,
}

/// Changes made together since the app was opened, that `u` can take back.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The change log's ids of what was written.
    pub ops: Vec<String>,
    /// What it was, in a few words ("the goal", "retiring the strategy").
    pub what: String,
    /// Whose record it changed.
    pub student: String,
    /// A whole meeting written at once (a check-in, a year-end review): undone only when asked
    /// twice, since one key would take back a whole conversation.
    pub whole: bool,
    /// The plan changes made with a whole meeting (a strategy replaced or retired at a check-in,
    /// next year's plan at a review), named when taking it back is asked.
    pub plan_changes: bool,
}

/// One thing that happened.
pub enum Action {
    /// A key was pressed.
    Key(KeyEvent),
    /// Text was pasted.
    Paste(String),
    /// Letters that came in one burst, all read at once: a paste from a terminal that sends it
    /// as keys, or typing faster than the screen is drawn. In a text field they go in as one
    /// insertion (each key alone re-wraps the whole field); anywhere else, key by key.
    Letters(Vec<KeyEvent>),
    /// The terminal is this many columns and rows.
    Resized(u16, u16),
    /// The caseload was read.
    CaseloadLoaded(Vec<CaseloadRow>),
    /// Another process (a sync in another terminal) changed the file: what is shown is read
    /// again.
    ChangedElsewhere,
    /// The caseload's first lines were read (to draw the first screen), with its counts.
    CaseloadHeadLoaded {
        /// The first lines.
        rows: Vec<CaseloadRow>,
        /// The whole caseload's counts.
        counts: CaseloadCounts,
    },
    /// A student was read.
    StudentLoaded {
        /// Everything about them.
        record: Box<StudentRecord>,
        /// Their fields with two versions.
        conflicts: Vec<Conflict>,
    },
    /// The composer is ready.
    ComposerOpened {
        /// The composer.
        composer: Box<Composer>,
        /// A draft was resumed into it.
        resumed: bool,
        /// When the draft resumed was last saved by another opening of the file, which took
        /// it over (that plp may still be open, typing the same conversation).
        elsewhere: Option<String>,
    },
    /// The year-end review is ready.
    YearEndOpened {
        /// The review.
        review: Box<super::year_end::YearEnd>,
        /// A draft was resumed into it.
        resumed: bool,
    },
    /// The year-end review was saved: next year's plan is made (what was done, in words).
    YearEndSaved(String),
    /// A form is ready.
    FormOpened(Box<Form>),
    /// A form was saved (with what to add when it stays in this file: see
    /// [`crate::store::Store::left_hub_scope`]).
    FormSaved(Option<String>),
    /// The check-in was saved (with the same).
    CheckinSaved(Option<String>),
    /// Something was saved.
    Saved(String),
    /// Read a student and the caseload again after a change.
    Reload(String),
    /// Lines to show (history).
    ShowLines {
        /// The overlay's title.
        title: String,
        /// The lines.
        lines: Vec<String>,
    },
    /// Unsaved check-ins and forms found at start.
    DraftsFound(Vec<DraftOffer>),
    /// What the drafts kept in the file are for, read again after drafts may have changed.
    DraftsHeld(Vec<crate::store::DraftKey>),
    /// Typing kept for something that can no longer be opened, found at start: shown to be
    /// copied, then asked whether to throw it away.
    KeptTypingFound {
        /// The overlay's title.
        title: String,
        /// The lines shown.
        lines: Vec<String>,
        /// The drafts they come from.
        keys: Vec<crate::store::DraftKey>,
    },
    /// The team reports were computed.
    ReportsLoaded(Box<crate::report::overview::Overview>),
    /// Filter queries were worked out ahead, beside the screen.
    RankedAhead(super::filter_keys::RankedAhead),
    /// Something failed: one sentence.
    Failed(String),
    /// Time to save typing as a draft.
    SaveDraftNow,
    /// Typing was kept as drafts.
    DraftsKept {
        /// What was to follow.
        then: AfterKept,
    },
    /// Typing could not be kept as a draft: it is only on screen.
    DraftNotKept {
        /// Why, in one sentence.
        reason: String,
        /// What was to follow (and does not happen).
        then: AfterKept,
    },
    /// Something was written that can be undone.
    Changed(Change),
    /// A form added this record (selected once the student is read again).
    Added(Option<String>),
    /// The open student's retired records were read.
    RetiredLoaded(Box<crate::store::Retired>),
    /// A draft was thrown away.
    DraftDiscarded,
    /// An edit two people made at once, to settle (its student was read just before).
    ConflictFound {
        /// The edit.
        conflict: Box<Conflict>,
        /// How many are waiting, this one included.
        waiting: usize,
    },
}
