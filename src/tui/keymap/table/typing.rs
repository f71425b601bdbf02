//! Editing inside the text being typed, as shells and readline do.

use super::prelude::*;

/// Where text is typed: the composer's fields and notes, forms, the year-end review's fields,
/// the caseload filter and the palette.
const TYPING: &[Ctx] = &[
    ComposerText,
    ComposerNote,
    Form,
    FieldForm,
    YearEndText,
    FinalReviewText,
    Filter,
    Palette,
];

/// Where text is typed in a field of several lines (not the filter or the palette's line).
const TEXT_FIELDS: &[Ctx] = &[
    ComposerText,
    ComposerNote,
    Form,
    FieldForm,
    YearEndText,
    FinalReviewText,
];

/// Keys that edit the text being typed, as readline has them (the rest are the text field's own:
/// arrows, End, Backspace, Delete). Ctrl-A and Ctrl-B are left to screen and tmux, whose
/// prefixes they are: Home and the arrows do their work.
#[rustfmt::skip]
pub(super) const TYPING_KEYS: &[Binding] = &[
    b!(TYPING, K::Char('u'), CTRL, Cmd::DeleteToLineStart, "C-u", "delete to the start of the line", false),
    b!(TEXT_FIELDS, K::Char('_'), CTRL, Cmd::UndoTyping, "C-_", "undo the last typing", false),
    // Most terminals send Ctrl-_ as the byte that is read as Ctrl-7.
    b!(TEXT_FIELDS, K::Char('7'), CTRL, Cmd::UndoTyping, "C-_", "undo the last typing", false),
    b!(TEXT_FIELDS, K::Char('e'), CTRL, Cmd::LineEnd, "C-e", "to the end of the line", false),
    b!(TEXT_FIELDS, K::Home, NONE, Cmd::LineStart, "Home", "to the start of the line", false),
    b!(TEXT_FIELDS, K::Char('y'), CTRL, Cmd::PutBack, "C-y", "put back what was deleted last", false),
    b!(TEXT_FIELDS, K::Char('b'), ALT, Cmd::WordBack, "M-b", "back a word", false),
    b!(TEXT_FIELDS, K::Char('f'), ALT, Cmd::WordForward, "M-f", "on to the next word", false),
    b!(TEXT_FIELDS, K::Char('w'), CTRL, Cmd::DeleteWordBefore, "C-w", "delete the word before", false),
    b!(TEXT_FIELDS, K::Char('k'), CTRL, Cmd::DeleteToLineEnd, "C-k", "delete to the end of the line", false),
];
