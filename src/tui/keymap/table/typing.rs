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
    Filter,
    Palette,
];

/// Keys that edit the text being typed (the rest are the text field's own: arrows, Home, End,
/// Backspace, Delete).
#[rustfmt::skip]
pub(super) const TYPING_KEYS: &[Binding] = &[
    b!(TYPING, K::Char('u'), CTRL, Cmd::DeleteToLineStart, "C-u", "delete to the start of the line", false),
];
