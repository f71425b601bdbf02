//! Groups of places that share keys, named for the table's rows.

use super::super::Ctx::{self, *};

/// Lists moved through with the arrows, `j`/`k`, `g`/`G` and the page keys.
pub(in crate::tui::keymap) const LISTS: &[Ctx] = &[
    Caseload,
    CaseloadFiltered,
    Student,
    StudentPast,
    Lines,
    CheckinShown,
];
/// The caseload, narrowed or not.
pub(in crate::tui::keymap) const CASELOAD: &[Ctx] = &[Caseload, CaseloadFiltered];
/// Where keys are commands, not text: the caseload and a student's workspace.
pub(in crate::tui::keymap) const BROWSE: &[Ctx] =
    &[Caseload, CaseloadFiltered, Student, StudentPast];
/// A student's workspace, this year's plan or another's.
pub(in crate::tui::keymap) const STUDENT: &[Ctx] = &[Student, StudentPast];
/// Both steps of the year-end review.
pub(in crate::tui::keymap) const YEAR_END: &[Ctx] = &[YearEndGoals, YearEndText];
/// Both steps of the final year-end review (a student who graduates).
pub(in crate::tui::keymap) const FINAL_REVIEW: &[Ctx] = &[FinalReviewGoals, FinalReviewText];
/// The goals' step of either review.
pub(in crate::tui::keymap) const REVIEW_GOALS: &[Ctx] = &[YearEndGoals, FinalReviewGoals];
/// The typing step of either review.
pub(in crate::tui::keymap) const REVIEW_TEXT: &[Ctx] = &[YearEndText, FinalReviewText];
/// The composer's steps but the verdict note.
pub(in crate::tui::keymap) const COMPOSER: &[Ctx] = &[ComposerText, ComposerRate, ComposerNext];
/// What is only read.
pub(in crate::tui::keymap) const READING: &[Ctx] = &[Help, Lines, CheckinShown];
/// The Reports screen.
pub(in crate::tui::keymap) const REPORTS: &[Ctx] = &[Reports];
/// Where Esc goes back: every place but the caseload itself (nowhere to go back to), the
/// verdict note (Esc closes the note there) and the Reports screen (which has its own row).
pub(in crate::tui::keymap) const EVERYWHERE_BACK: &[Ctx] =
    &every_place_but::<21>(&[Caseload, ComposerNote, Reports]);

/// Every place in [`Ctx::ALL`] order, less `except`; `N` is how many that leaves (checked
/// when the table is compiled).
const fn every_place_but<const N: usize>(except: &[Ctx]) -> [Ctx; N] {
    let mut out = [Caseload; N];
    let (mut i, mut n) = (0, 0);
    while i < Ctx::ALL.len() {
        let place = Ctx::ALL[i];
        let mut kept = true;
        let mut j = 0;
        while j < except.len() {
            kept &= except[j] as u8 != place as u8;
            j += 1;
        }
        if kept {
            assert!(n < N, "fewer places are left out than N says");
            out[n] = place;
            n += 1;
        }
        i += 1;
    }
    assert!(n == N, "more places are left out than N says");
    out
}
