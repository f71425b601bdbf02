//! Groups of places that share keys, named for the table's rows.

use super::super::Ctx::{self, *};

pub(in crate::tui::keymap) const LISTS: &[Ctx] = &[
    Caseload,
    CaseloadFiltered,
    Student,
    StudentPast,
    Lines,
    CheckinShown,
];
pub(in crate::tui::keymap) const CASELOAD: &[Ctx] = &[Caseload, CaseloadFiltered];
pub(in crate::tui::keymap) const BROWSE: &[Ctx] =
    &[Caseload, CaseloadFiltered, Student, StudentPast];
pub(in crate::tui::keymap) const STUDENT: &[Ctx] = &[Student, StudentPast];
pub(in crate::tui::keymap) const YEAR_END: &[Ctx] = &[YearEndGoals, YearEndText];
pub(in crate::tui::keymap) const COMPOSER: &[Ctx] = &[ComposerText, ComposerRate, ComposerNext];
pub(in crate::tui::keymap) const READING: &[Ctx] = &[Help, Lines, CheckinShown];
pub(in crate::tui::keymap) const REPORTS: &[Ctx] = &[Reports];
pub(in crate::tui::keymap) const EVERYWHERE_BACK: &[Ctx] = &[
    CaseloadFiltered,
    Filter,
    Palette,
    Student,
    ComposerText,
    ComposerRate,
    ComposerNext,
    Form,
    FieldForm,
    Confirm,
    Help,
    Lines,
    CheckinShown,
    AddMenu,
    Conflict,
    StudentPast,
    YearEndGoals,
    YearEndText,
];
