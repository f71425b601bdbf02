//! The one keymap table: every binding, by context, with the words shown in hints and help.
//! The status bar, `?` help and the `:` palette are all generated from it.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where the keyboard is. Each value is one place with one set of handlers, so a key shown
/// for it is a key that does something there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ctx {
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
    /// The Reports screen.
    Reports,
    /// A student's workspace showing another year's plan (read-only).
    StudentPast,
    /// The year-end review, deciding on each goal.
    YearEndGoals,
    /// The year-end review, typing the annual review.
    YearEndText,
}

impl Ctx {
    /// Every context.
    pub const ALL: [Ctx; 21] = [
        Caseload,
        CaseloadFiltered,
        Filter,
        Palette,
        Student,
        ComposerText,
        ComposerRate,
        ComposerNext,
        ComposerNote,
        Form,
        FieldForm,
        Confirm,
        Help,
        Lines,
        CheckinShown,
        AddMenu,
        Conflict,
        Reports,
        StudentPast,
        YearEndGoals,
        YearEndText,
    ];
}

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
}

/// One binding.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    /// Where it applies.
    pub ctx: &'static [Ctx],
    /// The key.
    pub code: KeyCode,
    /// Modifiers that must be held (Shift is ignored for characters).
    pub mods: KeyModifiers,
    /// What it does.
    pub cmd: Cmd,
    /// The key as shown to people.
    pub keys: &'static str,
    /// What it does, in a few words.
    pub label: &'static str,
    /// Shown in the status bar.
    pub hint: bool,
}

use Ctx::*;
use KeyCode as K;

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;
const LISTS: &[Ctx] = &[
    Caseload,
    CaseloadFiltered,
    Student,
    StudentPast,
    Lines,
    CheckinShown,
];
const CASELOAD: &[Ctx] = &[Caseload, CaseloadFiltered];
const BROWSE: &[Ctx] = &[Caseload, CaseloadFiltered, Student, StudentPast];
const STUDENT: &[Ctx] = &[Student, StudentPast];
const YEAR_END: &[Ctx] = &[YearEndGoals, YearEndText];
const COMPOSER: &[Ctx] = &[ComposerText, ComposerRate, ComposerNext];
const READING: &[Ctx] = &[Help, Lines, CheckinShown];
const REPORTS: &[Ctx] = &[Reports];
const EVERYWHERE_BACK: &[Ctx] = &[
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

macro_rules! b {
    ($ctx:expr, $code:expr, $mods:expr, $cmd:expr, $keys:literal, $label:literal, $hint:literal) => {
        Binding {
            ctx: $ctx,
            code: $code,
            mods: $mods,
            cmd: $cmd,
            keys: $keys,
            label: $label,
            hint: $hint,
        }
    };
}

/// Every binding. Order matters only for display.
pub const BINDINGS: &[Binding] = &[
    b!(
        CASELOAD,
        K::Enter,
        NONE,
        Cmd::Open,
        "Enter",
        "open student",
        true
    ),
    b!(
        BROWSE,
        K::Char('n'),
        NONE,
        Cmd::NewCheckin,
        "n",
        "new check-in",
        true
    ),
    b!(
        CASELOAD,
        K::Char('/'),
        NONE,
        Cmd::Filter,
        "/",
        "filter",
        true
    ),
    b!(
        CASELOAD,
        K::Char('r'),
        NONE,
        Cmd::Reports,
        "r",
        "team reports",
        false
    ),
    b!(LISTS, K::Up, NONE, Cmd::Up, "↑/k", "up", false),
    b!(LISTS, K::Char('k'), NONE, Cmd::Up, "↑/k", "up", false),
    b!(LISTS, K::Down, NONE, Cmd::Down, "↓/j", "down", false),
    b!(LISTS, K::Char('j'), NONE, Cmd::Down, "↓/j", "down", false),
    b!(LISTS, K::Char('g'), NONE, Cmd::Top, "g", "top", false),
    b!(LISTS, K::Home, NONE, Cmd::Top, "g", "top", false),
    b!(LISTS, K::Char('G'), NONE, Cmd::Bottom, "G", "bottom", false),
    b!(LISTS, K::End, NONE, Cmd::Bottom, "G", "bottom", false),
    b!(
        LISTS,
        K::PageUp,
        NONE,
        Cmd::PageUp,
        "PgUp",
        "page up",
        false
    ),
    b!(
        LISTS,
        K::PageDown,
        NONE,
        Cmd::PageDown,
        "PgDn",
        "page down",
        false
    ),
    b!(&[Filter, Palette], K::Up, NONE, Cmd::Up, "↑", "up", false),
    b!(
        &[Filter, Palette],
        K::Down,
        NONE,
        Cmd::Down,
        "↓",
        "down",
        false
    ),
    b!(
        &[Palette],
        K::Enter,
        NONE,
        Cmd::Open,
        "Enter",
        "run the command",
        true
    ),
    b!(
        &[Filter],
        K::Enter,
        NONE,
        Cmd::Open,
        "Enter",
        "open student",
        true
    ),
    b!(
        &[Student],
        K::Enter,
        NONE,
        Cmd::Edit,
        "Enter/e",
        "edit",
        true
    ),
    b!(
        &[Student],
        K::Char('e'),
        NONE,
        Cmd::Edit,
        "Enter/e",
        "edit",
        false
    ),
    b!(&[Student], K::Char('a'), NONE, Cmd::Add, "a", "add", true),
    b!(
        &[Student],
        K::Char('x'),
        NONE,
        Cmd::Retire,
        "x",
        "retire",
        true
    ),
    b!(
        STUDENT,
        K::Char('h'),
        NONE,
        Cmd::History,
        "h",
        "history",
        false
    ),
    b!(
        STUDENT,
        K::Tab,
        NONE,
        Cmd::NextPane,
        "Tab",
        "next pane",
        true
    ),
    b!(
        STUDENT,
        K::BackTab,
        NONE,
        Cmd::PrevPane,
        "S-Tab",
        "previous pane",
        false
    ),
    b!(
        STUDENT,
        K::Char('1'),
        NONE,
        Cmd::Pane1,
        "1",
        "profile",
        false
    ),
    b!(STUDENT, K::Char('2'), NONE, Cmd::Pane2, "2", "goals", false),
    b!(
        STUDENT,
        K::Char('3'),
        NONE,
        Cmd::Pane3,
        "3",
        "check-ins",
        false
    ),
    b!(
        &[ComposerText, ComposerRate],
        K::Tab,
        NONE,
        Cmd::NextStep,
        "Tab",
        "next step",
        true
    ),
    b!(
        COMPOSER,
        K::BackTab,
        NONE,
        Cmd::PrevStep,
        "S-Tab",
        "previous step",
        true
    ),
    b!(
        &[ComposerRate],
        K::Char('1'),
        NONE,
        Cmd::Rate(1),
        "1-4",
        "progress",
        true
    ),
    b!(
        &[ComposerRate],
        K::Char('2'),
        NONE,
        Cmd::Rate(2),
        "1-4",
        "progress",
        false
    ),
    b!(
        &[ComposerRate],
        K::Char('3'),
        NONE,
        Cmd::Rate(3),
        "1-4",
        "progress",
        false
    ),
    b!(
        &[ComposerRate],
        K::Char('4'),
        NONE,
        Cmd::Rate(4),
        "1-4",
        "progress",
        false
    ),
    b!(
        &[ComposerRate],
        K::Char('w'),
        NONE,
        Cmd::Working,
        "w",
        "working",
        false
    ),
    b!(
        &[ComposerRate],
        K::Char('p'),
        NONE,
        Cmd::Partly,
        "p",
        "partly",
        false
    ),
    b!(
        &[ComposerRate],
        K::Char('n'),
        NONE,
        Cmd::NotWorking,
        "n",
        "not working",
        false
    ),
    b!(
        &[ComposerRate],
        K::Char('t'),
        NONE,
        Cmd::NotTried,
        "t",
        "not tried",
        false
    ),
    b!(
        &[ComposerRate],
        K::Up,
        NONE,
        Cmd::Up,
        "↑/k",
        "previous item",
        false
    ),
    b!(
        &[ComposerRate],
        K::Char('k'),
        NONE,
        Cmd::Up,
        "↑/k",
        "previous item",
        false
    ),
    b!(
        &[ComposerRate],
        K::Down,
        NONE,
        Cmd::Down,
        "↓/j",
        "next item",
        false
    ),
    b!(
        &[ComposerRate],
        K::Char('j'),
        NONE,
        Cmd::Down,
        "↓/j",
        "next item",
        false
    ),
    b!(
        &[ComposerNext],
        K::Char('1'),
        NONE,
        Cmd::Weeks(1),
        "1-9",
        "weeks to next",
        false
    ),
    b!(
        &[ComposerNext],
        K::Char('2'),
        NONE,
        Cmd::Weeks(2),
        "1-9",
        "weeks to next",
        false
    ),
    b!(
        &[ComposerNext],
        K::Char('3'),
        NONE,
        Cmd::Weeks(3),
        "1-9",
        "weeks to next",
        false
    ),
    b!(
        &[ComposerNext],
        K::Char('4'),
        NONE,
        Cmd::Weeks(4),
        "1-9",
        "weeks to next",
        false
    ),
    b!(
        &[ComposerNext],
        K::Char('5'),
        NONE,
        Cmd::Weeks(5),
        "1-9",
        "weeks to next",
        false
    ),
    b!(
        &[ComposerNext],
        K::Char('6'),
        NONE,
        Cmd::Weeks(6),
        "1-9",
        "weeks to next",
        false
    ),
    b!(
        &[ComposerNext],
        K::Char('7'),
        NONE,
        Cmd::Weeks(7),
        "1-9",
        "weeks to next",
        false
    ),
    b!(
        &[ComposerNext],
        K::Char('8'),
        NONE,
        Cmd::Weeks(8),
        "1-9",
        "weeks to next",
        false
    ),
    b!(
        &[ComposerNext],
        K::Char('9'),
        NONE,
        Cmd::Weeks(9),
        "1-9",
        "weeks to next",
        false
    ),
    b!(
        &[ComposerNext],
        K::Char('a'),
        NONE,
        Cmd::Attend(0),
        "a-i",
        "team member there",
        false
    ),
    b!(
        &[ComposerNext],
        K::Char('b'),
        NONE,
        Cmd::Attend(1),
        "a-i",
        "team member there",
        false
    ),
    b!(
        &[ComposerNext],
        K::Char('c'),
        NONE,
        Cmd::Attend(2),
        "a-i",
        "team member there",
        false
    ),
    b!(
        &[ComposerNext],
        K::Char('e'),
        NONE,
        Cmd::Attend(3),
        "a-i",
        "team member there",
        false
    ),
    b!(
        &[ComposerNext],
        K::Char('f'),
        NONE,
        Cmd::Attend(4),
        "a-i",
        "team member there",
        false
    ),
    b!(
        &[ComposerNext],
        K::Char('g'),
        NONE,
        Cmd::Attend(5),
        "a-i",
        "team member there",
        false
    ),
    b!(
        &[ComposerNext],
        K::Char('h'),
        NONE,
        Cmd::Attend(6),
        "a-i",
        "team member there",
        false
    ),
    b!(
        &[ComposerNext],
        K::Char('i'),
        NONE,
        Cmd::Attend(7),
        "a-i",
        "team member there",
        false
    ),
    b!(
        &[ComposerNext],
        K::Char('o'),
        NONE,
        Cmd::Other,
        "o",
        "someone else there",
        false
    ),
    b!(
        &[ComposerNext],
        K::Char('d'),
        NONE,
        Cmd::TypeDate,
        "d",
        "date held",
        false
    ),
    b!(
        &[ComposerNext],
        K::Char('n'),
        NONE,
        Cmd::TypeNext,
        "n",
        "type the next date",
        false
    ),
    b!(
        &[ComposerRate],
        K::Char('r'),
        NONE,
        Cmd::Replace,
        "r",
        "not working: replace",
        false
    ),
    b!(
        &[ComposerRate],
        K::Char('x'),
        NONE,
        Cmd::RetireStrategy,
        "x",
        "not working: retire",
        false
    ),
    b!(
        &[ComposerRate],
        K::Char('d'),
        NONE,
        Cmd::StepDone,
        "d",
        "done",
        false
    ),
    b!(
        &[ComposerRate],
        K::Char('c'),
        NONE,
        Cmd::StepNotDone,
        "c",
        "not done (carried over)",
        false
    ),
    b!(
        &[ComposerNext],
        K::Enter,
        NONE,
        Cmd::Save,
        "Enter",
        "save check-in",
        true
    ),
    b!(
        &[ComposerNext],
        K::Char('k'),
        NONE,
        Cmd::NextKind,
        "k",
        "kind of meeting",
        false
    ),
    b!(
        &[ComposerRate],
        K::Enter,
        NONE,
        Cmd::VerdictNote,
        "Enter",
        "note on a strategy",
        false
    ),
    b!(
        &[ComposerNote],
        K::Enter,
        NONE,
        Cmd::CloseNote,
        "Enter/Esc",
        "done",
        true
    ),
    b!(
        &[ComposerNote],
        K::Esc,
        NONE,
        Cmd::CloseNote,
        "Enter/Esc",
        "done",
        false
    ),
    b!(
        &[ComposerNote],
        K::Char('['),
        CTRL,
        Cmd::CloseNote,
        "Enter/Esc",
        "done",
        false
    ),
    b!(
        &[ComposerNote],
        K::Tab,
        NONE,
        Cmd::CloseNote,
        "Enter/Esc",
        "done",
        false
    ),
    b!(
        COMPOSER,
        K::Char('r'),
        CTRL,
        Cmd::Restricted,
        "C-r",
        "restrict: notes / whole / none",
        false
    ),
    b!(
        &[
            ComposerText,
            ComposerRate,
            ComposerNext,
            ComposerNote,
            Form,
            FieldForm
        ],
        K::Char('s'),
        CTRL,
        Cmd::Save,
        "C-s/F2",
        "save",
        true
    ),
    b!(
        &[
            ComposerText,
            ComposerRate,
            ComposerNext,
            ComposerNote,
            Form,
            FieldForm
        ],
        K::F(2),
        NONE,
        Cmd::Save,
        "C-s/F2",
        "save",
        false
    ),
    b!(
        &[Form],
        K::Tab,
        NONE,
        Cmd::NextPane,
        "Tab",
        "next field",
        true
    ),
    b!(
        &[Form],
        K::BackTab,
        NONE,
        Cmd::PrevPane,
        "S-Tab",
        "previous field",
        false
    ),
    b!(&[Confirm], K::Char('y'), NONE, Cmd::Yes, "y", "yes", true),
    b!(&[Confirm], K::Char('n'), NONE, Cmd::No, "n", "no", true),
    b!(
        &[Conflict],
        K::Char('1'),
        NONE,
        Cmd::KeepShown,
        "1",
        "keep the shown text",
        true
    ),
    b!(
        &[Conflict],
        K::Char('2'),
        NONE,
        Cmd::KeepOther,
        "2",
        "keep the other text",
        true
    ),
    b!(
        &[Conflict],
        K::Char('m'),
        NONE,
        Cmd::Merge,
        "m",
        "merge both",
        true
    ),
    b!(BROWSE, K::Char('?'), NONE, Cmd::Help, "?", "help", true),
    b!(
        BROWSE,
        K::Char(':'),
        NONE,
        Cmd::Palette,
        ":",
        "commands",
        true
    ),
    b!(
        EVERYWHERE_BACK,
        K::Esc,
        NONE,
        Cmd::Back,
        "Esc",
        "back",
        true
    ),
    b!(
        EVERYWHERE_BACK,
        K::Char('['),
        CTRL,
        Cmd::Back,
        "Esc",
        "back",
        false
    ),
    b!(BROWSE, K::Char('q'), NONE, Cmd::Quit, "q", "quit", true),
    // The Reports screen.
    b!(
        REPORTS,
        K::Enter,
        NONE,
        Cmd::Open,
        "Enter",
        "open student",
        true
    ),
    b!(
        REPORTS,
        K::Tab,
        NONE,
        Cmd::NextPane,
        "Tab",
        "next section",
        true
    ),
    b!(
        REPORTS,
        K::BackTab,
        NONE,
        Cmd::PrevPane,
        "S-Tab",
        "previous section",
        false
    ),
    b!(
        REPORTS,
        K::Char('1'),
        NONE,
        Cmd::Section(1),
        "1-4",
        "section",
        false
    ),
    b!(
        REPORTS,
        K::Char('2'),
        NONE,
        Cmd::Section(2),
        "1-4",
        "section",
        false
    ),
    b!(
        REPORTS,
        K::Char('3'),
        NONE,
        Cmd::Section(3),
        "1-4",
        "section",
        false
    ),
    b!(
        REPORTS,
        K::Char('4'),
        NONE,
        Cmd::Section(4),
        "1-4",
        "section",
        false
    ),
    b!(
        REPORTS,
        K::Char('p'),
        NONE,
        Cmd::NextPeriod,
        "p",
        "period",
        true
    ),
    b!(
        REPORTS,
        K::Char('a'),
        NONE,
        Cmd::NextAdvisor,
        "a",
        "advisor",
        true
    ),
    b!(
        REPORTS,
        K::Char('+'),
        NONE,
        Cmd::NextGrade,
        "+/-",
        "grade",
        true
    ),
    b!(
        REPORTS,
        K::Char('-'),
        NONE,
        Cmd::PrevGrade,
        "+/-",
        "grade",
        false
    ),
    b!(
        REPORTS,
        K::Char('i'),
        NONE,
        Cmd::NextFlags,
        "i",
        "IEP/504",
        true
    ),
    b!(
        REPORTS,
        K::Char('x'),
        NONE,
        Cmd::ClearFilter,
        "x",
        "everyone",
        false
    ),
    b!(REPORTS, K::Up, NONE, Cmd::Up, "↑/k", "up", false),
    b!(REPORTS, K::Char('k'), NONE, Cmd::Up, "↑/k", "up", false),
    b!(REPORTS, K::Down, NONE, Cmd::Down, "↓/j", "down", false),
    b!(REPORTS, K::Char('j'), NONE, Cmd::Down, "↓/j", "down", false),
    b!(REPORTS, K::Char('g'), NONE, Cmd::Top, "g", "top", false),
    b!(REPORTS, K::Home, NONE, Cmd::Top, "g", "top", false),
    b!(
        REPORTS,
        K::Char('G'),
        NONE,
        Cmd::Bottom,
        "G",
        "bottom",
        false
    ),
    b!(REPORTS, K::End, NONE, Cmd::Bottom, "G", "bottom", false),
    b!(
        REPORTS,
        K::PageUp,
        NONE,
        Cmd::PageUp,
        "PgUp",
        "page up",
        false
    ),
    b!(
        REPORTS,
        K::PageDown,
        NONE,
        Cmd::PageDown,
        "PgDn",
        "page down",
        false
    ),
    b!(REPORTS, K::Char('?'), NONE, Cmd::Help, "?", "help", false),
    b!(
        REPORTS,
        K::Char(':'),
        NONE,
        Cmd::Palette,
        ":",
        "commands",
        false
    ),
    b!(REPORTS, K::Esc, NONE, Cmd::Back, "Esc", "back", true),
    b!(REPORTS, K::Char('['), CTRL, Cmd::Back, "Esc", "back", false),
    b!(REPORTS, K::Char('q'), NONE, Cmd::Quit, "q", "quit", false),
    b!(&Ctx::ALL, K::F(1), NONE, Cmd::Help, "F1", "help", true),
    b!(
        &[CheckinShown],
        K::Char('e'),
        NONE,
        Cmd::Edit,
        "e",
        "edit the check-in",
        true
    ),
    b!(
        &[CheckinShown],
        K::Char('h'),
        NONE,
        Cmd::History,
        "h",
        "earlier words (history)",
        true
    ),
    b!(READING, K::Char('q'), NONE, Cmd::Back, "q", "close", false),
    b!(
        &Ctx::ALL,
        K::Char('c'),
        CTRL,
        Cmd::Quit,
        "C-c",
        "quit",
        false
    ),
    b!(
        &Ctx::ALL,
        K::Char('z'),
        CTRL,
        Cmd::Suspend,
        "C-z",
        "suspend (fg resumes)",
        false
    ),
];

/// Narrowing the caseload: who it shows, by advisor, grade, IEP/504 and due state.
const VIEW_KEYS: &[Binding] = &[
    b!(
        CASELOAD,
        K::Char('m'),
        NONE,
        Cmd::Mine,
        "m",
        "my advisees / everyone",
        false
    ),
    b!(
        CASELOAD,
        K::Char('a'),
        NONE,
        Cmd::NextAdvisor,
        "a",
        "narrow: next advisor",
        false
    ),
    b!(
        CASELOAD,
        K::Char('y'),
        NONE,
        Cmd::NextGrade,
        "y",
        "narrow: next grade",
        false
    ),
    b!(
        CASELOAD,
        K::Char('i'),
        NONE,
        Cmd::NextFlags,
        "i",
        "narrow: IEP/504",
        false
    ),
    b!(
        CASELOAD,
        K::Char('d'),
        NONE,
        Cmd::NextDue,
        "d",
        "narrow: due state",
        false
    ),
];

/// Taking changes back: undo, retired records, drafts.
const UNDO_KEYS: &[Binding] = &[
    b!(
        BROWSE,
        K::Char('u'),
        NONE,
        Cmd::Undo,
        "u",
        "undo the last change",
        true
    ),
    b!(
        &[Student],
        K::Char('.'),
        NONE,
        Cmd::ShowRetired,
        ".",
        "show/hide retired",
        false
    ),
    b!(
        &[Student],
        K::Char('r'),
        NONE,
        Cmd::Restore,
        "r",
        "restore a retired item",
        false
    ),
    b!(
        &[Form, FieldForm],
        K::F(8),
        NONE,
        Cmd::DiscardDraft,
        "F8",
        "discard what was typed",
        false
    ),
];

/// Help where the first table leaves it out: `?` wherever keys are not text (no name or
/// command has a `?`), and moving through help.
const HELP_KEYS: &[Binding] = &[
    b!(
        &[
            ComposerRate,
            ComposerNext,
            Lines,
            CheckinShown,
            Conflict,
            AddMenu,
            Confirm,
            Filter,
            Palette
        ],
        K::Char('?'),
        NONE,
        Cmd::Help,
        "?",
        "help",
        false
    ),
    b!(
        &[Help],
        K::Char('?'),
        NONE,
        Cmd::Help,
        "?/F1",
        "close help",
        false
    ),
    b!(&[Help], K::Up, NONE, Cmd::Up, "↑/k", "up", false),
    b!(&[Help], K::Char('k'), NONE, Cmd::Up, "↑/k", "up", false),
    b!(&[Help], K::Down, NONE, Cmd::Down, "↓/j", "down", false),
    b!(&[Help], K::Char('j'), NONE, Cmd::Down, "↓/j", "down", false),
    b!(
        &[Help],
        K::PageUp,
        NONE,
        Cmd::PageUp,
        "PgUp",
        "page up",
        false
    ),
    b!(
        &[Help],
        K::PageDown,
        NONE,
        Cmd::PageDown,
        "PgDn",
        "page down",
        false
    ),
];

/// The year: the year-end review, other years' plans, and throwing a draft away.
const YEAR_KEYS: &[Binding] = &[
    b!(
        &[Student],
        K::Char('Y'),
        NONE,
        Cmd::YearEndReview,
        "Y",
        "year-end review",
        false
    ),
    b!(
        &[Student],
        K::Char('y'),
        NONE,
        Cmd::OtherYear,
        "y",
        "plans of other years",
        false
    ),
    b!(
        &[StudentPast],
        K::Char('y'),
        NONE,
        Cmd::OtherYear,
        "y",
        "another year",
        true
    ),
    b!(
        &[YearEndGoals],
        K::Char('m'),
        NONE,
        Cmd::GoalMet,
        "m",
        "met",
        true
    ),
    b!(
        &[YearEndGoals],
        K::Char('c'),
        NONE,
        Cmd::GoalCarry,
        "c",
        "carry forward",
        true
    ),
    b!(
        &[YearEndGoals],
        K::Char('d'),
        NONE,
        Cmd::GoalDrop,
        "d",
        "drop",
        true
    ),
    b!(
        &[YearEndGoals],
        K::Up,
        NONE,
        Cmd::Up,
        "↑/k",
        "previous goal",
        false
    ),
    b!(
        &[YearEndGoals],
        K::Char('k'),
        NONE,
        Cmd::Up,
        "↑/k",
        "previous goal",
        false
    ),
    b!(
        &[YearEndGoals],
        K::Down,
        NONE,
        Cmd::Down,
        "↓/j",
        "next goal",
        false
    ),
    b!(
        &[YearEndGoals],
        K::Char('j'),
        NONE,
        Cmd::Down,
        "↓/j",
        "next goal",
        false
    ),
    b!(
        &[YearEndGoals],
        K::Tab,
        NONE,
        Cmd::NextStep,
        "Tab",
        "to the annual review",
        true
    ),
    b!(
        &[YearEndText],
        K::Tab,
        NONE,
        Cmd::NextStep,
        "Tab",
        "next field",
        true
    ),
    b!(
        &[YearEndText],
        K::BackTab,
        NONE,
        Cmd::PrevStep,
        "S-Tab",
        "previous field",
        false
    ),
    b!(
        YEAR_END,
        K::F(2),
        NONE,
        Cmd::Save,
        "F2/C-s",
        "make next year's plan",
        true
    ),
    b!(
        YEAR_END,
        K::Char('s'),
        CTRL,
        Cmd::Save,
        "F2/C-s",
        "make next year's plan",
        false
    ),
    b!(
        &[
            YearEndGoals,
            YearEndText,
            ComposerText,
            ComposerRate,
            ComposerNext
        ],
        K::F(8),
        NONE,
        Cmd::DiscardDraft,
        "F8",
        "discard what was typed",
        false
    ),
];

/// Every table of bindings, in display order (the year's keys first: on the year-end
/// review's screens they are the ones to show before Esc and F1).
const TABLES: &[&[Binding]] = &[YEAR_KEYS, BINDINGS, VIEW_KEYS, UNDO_KEYS, HELP_KEYS];

/// What the `:` palette offers besides the keys of the place it was opened from: where, what,
/// in words. The palette shows an entry's key when the place has one (from the tables above).
pub const PALETTE_ONLY: &[(&[Ctx], Cmd, &str)] = &[
    (
        &[Student],
        Cmd::ExportPrintout,
        "export this student's family printout",
    ),
    (
        &[Caseload, CaseloadFiltered, Student],
        Cmd::Conflicts,
        "resolve conflicts (edits made at once)",
    ),
    (&[Student], Cmd::Reports, "team reports"),
];

/// One entry of the `:` palette.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaletteEntry {
    /// What it does.
    pub cmd: Cmd,
    /// Its key here ("" when it has none here).
    pub keys: &'static str,
    /// What it does, in a few words.
    pub label: &'static str,
}

/// Everything the palette offers in a place: its actions first, then the place's keys (not
/// moving, not the palette itself), in table order.
pub fn palette(ctx: Ctx) -> Vec<PaletteEntry> {
    let mut out: Vec<PaletteEntry> = PALETTE_ONLY
        .iter()
        .filter(|(places, _, _)| places.contains(&ctx))
        .map(|(_, cmd, label)| PaletteEntry {
            cmd: *cmd,
            keys: key_of(ctx, *cmd),
            label,
        })
        .collect();
    let keys = bindings(ctx)
        .into_iter()
        .filter(|b| {
            !matches!(
                b.cmd,
                Cmd::Up
                    | Cmd::Down
                    | Cmd::Top
                    | Cmd::Bottom
                    | Cmd::PageUp
                    | Cmd::PageDown
                    | Cmd::Palette
            )
        })
        .filter(|b| !out.iter().any(|e| e.cmd == b.cmd))
        .map(|b| PaletteEntry {
            cmd: b.cmd,
            keys: b.keys,
            label: b.label,
        })
        .collect::<Vec<_>>();
    out.extend(keys);
    out
}

/// Every binding, in display order.
pub fn all() -> impl Iterator<Item = &'static Binding> {
    TABLES.iter().flat_map(|t| t.iter())
}

/// The keys shown for a command here ("m"), for bars that name their own keys.
pub fn key_of(ctx: Ctx, cmd: Cmd) -> &'static str {
    all()
        .find(|b| b.ctx.contains(&ctx) && b.cmd == cmd)
        .map_or("", |b| b.keys)
}

/// The command a key means here, if any.
pub fn resolve(ctx: Ctx, key: &KeyEvent) -> Option<Cmd> {
    let mods = key.modifiers - KeyModifiers::SHIFT;
    all()
        .find(|b| b.ctx.contains(&ctx) && b.code == key.code && b.mods == mods)
        .map(|b| b.cmd)
}

/// The bindings of a context, one per command, in table order (for help and the palette).
pub fn bindings(ctx: Ctx) -> Vec<&'static Binding> {
    let mut seen: Vec<Cmd> = Vec::new();
    let mut out = Vec::new();
    for b in all().filter(|b| b.ctx.contains(&ctx)) {
        let key = match b.cmd {
            Cmd::Rate(_) => Cmd::Rate(0),
            Cmd::Weeks(_) => Cmd::Weeks(0),
            Cmd::Section(_) => Cmd::Section(0),
            Cmd::Attend(_) => Cmd::Attend(0),
            c => c,
        };
        if !seen.contains(&key) {
            seen.push(key);
            out.push(b);
        }
    }
    out
}

/// The status-bar hints for a context: "Enter open student · n new check-in · …".
pub fn hints(ctx: Ctx) -> Vec<(&'static str, &'static str)> {
    bindings(ctx)
        .into_iter()
        .filter(|b| b.hint)
        .map(|b| (b.keys, b.label))
        .collect()
}

/// The verdict keys and what they mean, for the rating step's own legend:
/// "w working · p partly · n not working · t not tried · Enter note on a strategy".
pub fn verdict_legend() -> String {
    legend(
        ComposerRate,
        &[
            Cmd::Working,
            Cmd::Partly,
            Cmd::NotWorking,
            Cmd::NotTried,
            Cmd::VerdictNote,
        ],
    )
}

/// Some keys of a context and what they mean, from the table: "r replace · x retire".
pub fn legend(ctx: Ctx, cmds: &[Cmd]) -> String {
    bindings(ctx)
        .into_iter()
        .filter(|b| cmds.contains(&b.cmd))
        .map(|b| format!("{} {}", b.keys, b.label))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The key that ticks the team member at a place as there, if one does.
pub fn attend_key(i: usize) -> Option<char> {
    all().find_map(|b| match (b.cmd, b.code) {
        (Cmd::Attend(n), KeyCode::Char(c)) if n as usize == i => Some(c),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn keys_resolve_by_context() {
        assert_eq!(
            resolve(Caseload, &key(K::Char('n'), NONE)),
            Some(Cmd::NewCheckin)
        );
        assert_eq!(
            resolve(ComposerRate, &key(K::Char('n'), NONE)),
            Some(Cmd::NotWorking)
        );
        assert_eq!(
            resolve(ComposerText, &key(K::Char('n'), NONE)),
            None,
            "text keys are text"
        );
        assert_eq!(resolve(Student, &key(K::Char('3'), NONE)), Some(Cmd::Pane3));
        assert_eq!(
            resolve(ComposerRate, &key(K::Char('3'), NONE)),
            Some(Cmd::Rate(3))
        );
        assert_eq!(
            resolve(Caseload, &key(K::Char('G'), KeyModifiers::SHIFT)),
            Some(Cmd::Bottom)
        );
    }

    #[test]
    fn ctrl_bracket_is_escape_everywhere() {
        for ctx in EVERYWHERE_BACK {
            assert_eq!(resolve(*ctx, &key(K::Char('['), CTRL)), Some(Cmd::Back));
            assert_eq!(resolve(*ctx, &key(K::Esc, NONE)), Some(Cmd::Back));
        }
    }

    #[test]
    fn multiplexer_keys_are_never_bound_and_save_has_a_second_way() {
        for b in all() {
            if b.mods == CTRL {
                assert!(
                    !matches!(b.code, K::Char('a') | K::Char('b')),
                    "{:?}",
                    b.cmd
                );
            }
        }
        for ctx in [ComposerText, Form] {
            let saves: Vec<_> = BINDINGS
                .iter()
                .filter(|b| b.ctx.contains(&ctx) && b.cmd == Cmd::Save)
                .collect();
            assert!(
                saves.iter().any(|b| b.mods != CTRL),
                "save without Ctrl-S in {ctx:?}"
            );
        }
    }

    #[test]
    fn one_binding_per_key_per_context() {
        let every: Vec<&Binding> = all().collect();
        for (i, a) in every.iter().enumerate() {
            for b in &every[i + 1..] {
                let shared = a.ctx.iter().any(|c| b.ctx.contains(c));
                assert!(
                    !(shared && a.code == b.code && a.mods == b.mods),
                    "{:?} and {:?} share a key",
                    a.cmd,
                    b.cmd
                );
            }
        }
    }

    #[test]
    fn the_verdict_legend_comes_from_the_table() {
        assert_eq!(
            verdict_legend(),
            "w working · p partly · n not working · t not tried · Enter note on a strategy"
        );
    }

    #[test]
    fn hints_come_from_the_table() {
        let h = hints(Caseload);
        assert!(h.contains(&("n", "new check-in")));
        assert!(h.contains(&("q", "quit")));
        assert!(!h.iter().any(|(_, l)| *l == "up"));
    }
}
