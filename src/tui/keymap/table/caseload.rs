//! The caseload's keys: opening a student, a new check-in, the filter, the reports, and
//! narrowing the list.

use super::prelude::*;

/// The selected student's keys, and leaving the list for the filter or the reports.
#[rustfmt::skip]
pub(super) const CASELOAD_KEYS: &[Binding] = &[
    b!(CASELOAD, K::Enter, NONE, Cmd::Open, "Enter", "open student", true),
    b!(BROWSE, K::Char('n'), NONE, Cmd::NewCheckin, "n", "new check-in", true),
    b!(CASELOAD, K::Char('/'), NONE, Cmd::Filter, "/", "filter", true),
    b!(CASELOAD, K::Char('r'), NONE, Cmd::Reports, "r", "team reports", false),
];

/// Narrowing the caseload: who it shows, by advisor, grade, IEP/504 and due state.
#[rustfmt::skip]
pub(super) const VIEW_KEYS: &[Binding] = &[
    b!(CASELOAD, K::Char('m'), NONE, Cmd::Mine, "m", "my advisees / everyone", false),
    b!(CASELOAD, K::Char('a'), NONE, Cmd::NextAdvisor, "a", "narrow: next advisor", false),
    b!(CASELOAD, K::Char('y'), NONE, Cmd::NextGrade, "y", "narrow: next grade", false),
    b!(CASELOAD, K::Char('i'), NONE, Cmd::NextFlags, "i", "narrow: IEP/504", false),
    b!(CASELOAD, K::Char('d'), NONE, Cmd::NextDue, "d", "narrow: due state", false),
];
