//! Saving what was typed, and moving between a form's fields.

use super::prelude::*;

/// Save in the composer and the forms; Tab between fields.
#[rustfmt::skip]
pub(super) const FORM_KEYS: &[Binding] = &[
    b!(&[ComposerText, ComposerRate, ComposerNext, ComposerNote, Form, FieldForm], K::Char('s'), CTRL, Cmd::Save, "C-s/F2", "save", true),
    b!(&[ComposerText, ComposerRate, ComposerNext, ComposerNote, Form, FieldForm], K::F(2), NONE, Cmd::Save, "C-s/F2", "save", false),
    b!(&[Form], K::Tab, NONE, Cmd::NextPane, "Tab", "next field", true),
    b!(&[Form], K::BackTab, NONE, Cmd::PrevPane, "S-Tab", "previous field", false),
];
