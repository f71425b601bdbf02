//! Where the keyboard is: the places that each have their own keys.

/// Declares [`Ctx`] and [`Ctx::ALL`] from one list, so that no place can be left out of `ALL`.
macro_rules! places {
    ($($(#[doc = $doc:literal])* $place:ident,)*) => {
        /// Where the keyboard is. Each value is one place with one set of handlers, so a key
        /// shown for it is a key that does something there.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Ctx {
            $($(#[doc = $doc])* $place,)*
        }

        impl Ctx {
            /// Every context.
            pub const ALL: [Ctx; [$(Ctx::$place),*].len()] = [$(Ctx::$place,)*];
        }
    };
}

places! {
    /// The caseload list.
    Caseload,
    /// The caseload list narrowed by a filter (Esc clears it).
    CaseloadFiltered,
    /// Typing a filter on the caseload.
    Filter,
    /// The command palette.
    Palette,
    /// A student's workspace.
    Student,
    /// The check-in composer, in a text step.
    ComposerText,
    /// The check-in composer, rating goals and strategies.
    ComposerRate,
    /// The check-in composer, choosing the next date.
    ComposerNext,
    /// The check-in composer, writing a note on one strategy's verdict.
    ComposerNote,
    /// An edit form of several fields.
    Form,
    /// An edit form of one field (a profile field).
    FieldForm,
    /// A yes/no question.
    Confirm,
    /// The list of keys.
    Help,
    /// Lines to read (history, a report).
    Lines,
    /// A check-in shown whole (it can be edited, and its history shown).
    CheckinShown,
    /// What `a` can add (each choice has its own letter, shown in the menu).
    AddMenu,
    /// The conflict view.
    Conflict,
    /// The conflict view of a field that holds one value (a link, a name, a grade, a date): one
    /// version or the other is kept, never both.
    OneValueConflict,
    /// The Reports screen.
    Reports,
    /// A student's workspace showing another year's plan (read-only).
    StudentPast,
    /// The year-end review, deciding on each goal.
    YearEndGoals,
    /// The year-end review, typing the annual review.
    YearEndText,
    /// The final year-end review of a student who graduates, deciding on each goal (met or
    /// dropped: nothing is carried).
    FinalReviewGoals,
    /// The final year-end review, typing the annual review.
    FinalReviewText,
}
