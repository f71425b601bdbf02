//! What a key asks for: the commands the keymap binds.

/// What a key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cmd {
    /// Move up.
    Up,
    /// Move down.
    Down,
    /// To the top.
    Top,
    /// To the bottom.
    Bottom,
    /// A page up.
    PageUp,
    /// A page down.
    PageDown,
    /// Open or edit the selection.
    Open,
    /// Go back (never loses text).
    Back,
    /// Quit.
    Quit,
    /// Start filtering.
    Filter,
    /// New check-in.
    NewCheckin,
    /// Add in the focused pane.
    Add,
    /// Edit the selection.
    Edit,
    /// Retire the selection.
    Retire,
    /// Show the selection's history.
    History,
    /// Show help.
    Help,
    /// Open the command palette.
    Palette,
    /// Next pane / next field.
    NextPane,
    /// Previous pane / previous field.
    PrevPane,
    /// Focus the profile pane.
    Pane1,
    /// Focus the goals pane.
    Pane2,
    /// Focus the check-in log.
    Pane3,
    /// Save the form or check-in.
    Save,
    /// Next step of the composer.
    NextStep,
    /// Previous step of the composer.
    PrevStep,
    /// Rate progress 1–4.
    Rate(u8),
    /// Strategy verdict: working.
    Working,
    /// Strategy verdict: partly.
    Partly,
    /// Strategy verdict: not working.
    NotWorking,
    /// Strategy verdict: not tried.
    NotTried,
    /// The next kind of meeting.
    NextKind,
    /// Write a note on the selected strategy's verdict.
    VerdictNote,
    /// Done with the verdict note.
    CloseNote,
    /// Done with the open line, a date that cannot be kept let go (Esc).
    LeaveNote,
    /// Next check-in in N weeks.
    Weeks(u8),
    /// Strategy verdict: not working, and replace it with one typed now.
    Replace,
    /// Strategy verdict: not working, and retire it.
    RetireStrategy,
    /// One of last time's steps was done.
    StepDone,
    /// One of last time's steps was not done (offered again).
    StepNotDone,
    /// Tick a team member (by place) as there.
    Attend(u8),
    /// Someone else was there: type a name.
    Other,
    /// Type the date the check-in was held.
    TypeDate,
    /// Type the next check-in's date.
    TypeNext,
    /// Cycle what is restricted: the notes, the whole check-in, nothing.
    Restricted,
    /// Answer yes.
    Yes,
    /// Answer no.
    No,
    /// Keep the shown version of a conflict.
    KeepShown,
    /// Keep the other version.
    KeepOther,
    /// Merge both versions.
    Merge,
    /// Reports overview.
    Reports,
    /// Stop for now and give the shell back (`fg` resumes).
    Suspend,
    /// The caseload: my advisees, or everyone.
    Mine,
    /// The caseload: the next advisor's advisees.
    NextAdvisor,
    /// The caseload: the next grade.
    NextGrade,
    /// The caseload: the next IEP/504 narrowing.
    NextFlags,
    /// The caseload: the next due-state narrowing.
    NextDue,
    /// Show report section N (1–4).
    Section(u8),
    /// Narrow the reports to the previous grade.
    PrevGrade,
    /// The next stretch of days for the reports.
    NextPeriod,
    /// Take the reports' narrowing away.
    ClearFilter,
    /// Take back the last change made since the app was opened.
    Undo,
    /// Show or hide retired records.
    ShowRetired,
    /// Bring back the selected retired record.
    Restore,
    /// Throw away what was typed in this form (after a question).
    DiscardDraft,
    /// Write this student's family printout to a file.
    ExportPrintout,
    /// Open the next edit that two people made at once.
    Conflicts,
    /// Start the year-end review of this student.
    YearEndReview,
    /// Show the plan of another year (read-only), back through the years.
    OtherYear,
    /// Year-end: the goal was met.
    GoalMet,
    /// Year-end: carry the goal forward into next year's plan.
    GoalCarry,
    /// Year-end: drop the goal.
    GoalDrop,
    /// In a line of text: delete from the cursor back to the start of the line (as a shell's
    /// Ctrl-U does).
    DeleteToLineStart,
    /// In text being typed: take back the last change to it (as readline's Ctrl-_ does).
    UndoTyping,
    /// In a text field: to the end of the line (readline's Ctrl-E).
    LineEnd,
    /// In a text field: to the start of the line (Home; Ctrl-A is screen's and tmux's).
    LineStart,
    /// In a text field: put back what Ctrl-U, Ctrl-W or Ctrl-K deleted last (readline's Ctrl-Y).
    PutBack,
    /// In a text field: back to the start of a word (readline's Alt-B).
    WordBack,
    /// In a text field: on to the start of the next word.
    WordForward,
    /// In a text field: delete the word before the cursor (readline's Ctrl-W).
    DeleteWordBefore,
    /// In a text field: delete from the cursor to the end of the line (readline's Ctrl-K).
    DeleteToLineEnd,
}

impl Cmd {
    /// Whether the command makes a change, or opens something typed to make one: in a file that
    /// takes no typing it says why instead (see `App::typing_refused`), and no hint, help line
    /// or palette entry offers it there.
    pub fn writes(self) -> bool {
        matches!(
            self,
            Cmd::NewCheckin
                | Cmd::Add
                | Cmd::Edit
                | Cmd::Retire
                | Cmd::Restore
                | Cmd::Undo
                | Cmd::YearEndReview
        )
    }
}
