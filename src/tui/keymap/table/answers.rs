//! Answering a question: yes or no, and which version a conflict keeps.

use super::prelude::*;

/// A yes/no question and the conflict view.
#[rustfmt::skip]
pub(super) const ANSWER_KEYS: &[Binding] = &[
    b!(&[Confirm], K::Char('y'), NONE, Cmd::Yes, "y", "yes", true),
    b!(&[Confirm], K::Char('n'), NONE, Cmd::No, "n", "no", true),
    b!(&[Conflict], K::Char('1'), NONE, Cmd::KeepShown, "1", "keep shown", true),
    b!(&[Conflict], K::Char('2'), NONE, Cmd::KeepOther, "2", "keep other", true),
    b!(&[Conflict], K::Char('m'), NONE, Cmd::Merge, "m", "merge both", true),
    b!(&[OneValueConflict], K::Char('1'), NONE, Cmd::KeepShown, "1", "keep shown", true),
    b!(&[OneValueConflict], K::Char('2'), NONE, Cmd::KeepOther, "2", "keep other", true),
];
