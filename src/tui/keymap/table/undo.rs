//! Taking changes back: undo, retired records, drafts (restoring one is with retiring, in the
//! student's keys).

use super::prelude::*;

/// Taking changes back: undo, retired records, drafts.
#[rustfmt::skip]
pub(super) const UNDO_KEYS: &[Binding] = &[
    b!(BROWSE, K::Char('u'), NONE, Cmd::Undo, "u", "undo the last change", true),
    b!(&[Student], K::Char('.'), NONE, Cmd::ShowRetired, ".", "show/hide retired", false),
    b!(&[Form, FieldForm], K::F(8), NONE, Cmd::DiscardDraft, "F8", "discard what was typed", false),
];
