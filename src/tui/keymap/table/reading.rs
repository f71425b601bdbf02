//! Reading a check-in shown whole, or lines such as history.

use super::prelude::*;

/// Editing or tracing the check-in shown, and closing what is read.
#[rustfmt::skip]
pub(super) const READING_KEYS: &[Binding] = &[
    b!(&[CheckinShown], K::Char('e'), NONE, Cmd::Edit, "e", "edit the check-in", true),
    b!(&[CheckinShown], K::Char('h'), NONE, Cmd::History, "h", "earlier words (history)", true),
    b!(READING, K::Char('q'), NONE, Cmd::Back, "q", "close", false),
];
