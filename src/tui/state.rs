//! Everything the app shows, as plain data. `update` changes it; `view` draws it.

use chrono::NaiveDate;

use super::caseload_view::CaseloadView;
use super::composer::Composer;
use super::effects::Effect;
use super::form::Form;
use super::keymap::Ctx;
use crate::domain::{CheckIn, Evidence, Intervention, Plan, Strategy, TeamMember};
use crate::store::{CaseloadCounts, CaseloadRow, Conflict, Entity, GoalRecord, StudentRecord};

/// The three panes of the student workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    /// Who the learner is.
    Profile,
    /// Goals and strategies.
    Goals,
    /// Check-ins, newest first.
    Log,
}

impl Pane {
    /// In Tab order.
    pub const ALL: [Pane; 3] = [Pane::Profile, Pane::Goals, Pane::Log];

    /// Title.
    pub fn title(self) -> &'static str {
        match self {
            Pane::Profile => "1 Profile",
            Pane::Goals => "2 Goals & strategies",
            Pane::Log => "3 Check-in log",
        }
    }
}

/// One selectable line in a pane.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A profile field: (stored name, heading).
    Profile(&'static str, &'static str),
    /// The student's details (names, grade, flags).
    Details,
    /// A team member.
    Team(TeamMember),
    /// The year's plan (its annual review).
    Plan(Plan),
    /// A goal.
    Goal(Box<GoalRecord>),
    /// A strategy.
    Strategy(Strategy),
    /// A piece of evidence.
    Evidence(Evidence),
    /// A check-in.
    CheckIn(Box<CheckIn>),
    /// An intervention.
    Intervention(Intervention),
}

/// A student open in the workspace.
pub struct StudentView {
    /// Everything about them.
    pub record: StudentRecord,
    /// Fields with two versions kept.
    pub conflicts: Vec<Conflict>,
    /// The focused pane.
    pub focus: Pane,
    /// The selected line in each pane.
    pub selected: [usize; 3],
    /// Scroll offset of the selected pane's items is derived when drawing.
    pub items: [Vec<Item>; 3],
    /// Their retired records (shown on request).
    pub retired: crate::store::Retired,
    /// The school year whose plan the goals pane shows, when not this year's (read-only).
    pub year: Option<String>,
}

/// Something drawn over the screen that takes keys first.
pub enum Overlay {
    /// Every key of the screen under it, and the words plp uses.
    Help {
        /// The place whose keys it lists.
        ctx: Ctx,
        /// Lines scrolled past.
        scroll: usize,
    },
    /// The command palette.
    Palette {
        /// What was typed.
        query: String,
        /// The selected entry.
        selected: usize,
        /// The context it was opened from.
        ctx: Ctx,
    },
    /// A yes/no question.
    Confirm {
        /// The question.
        question: String,
        /// Done on yes.
        yes: Vec<Effect>,
        /// Done on no.
        no: Vec<Effect>,
        /// An offer of a draft found at start: taking it puts the other offers away (their
        /// drafts stay kept, offered again at the next start).
        offer: bool,
    },
    /// An edit form.
    Form(Box<Form>),
    /// A list of lines to read (history, a report).
    Lines {
        /// Title.
        title: String,
        /// The lines.
        lines: Vec<String>,
        /// Scroll offset.
        scroll: usize,
        /// What `e` opens, for a record shown whole (a check-in).
        edit: Option<Box<Effect>>,
        /// What `h` shows, for a record shown whole (its earlier revisions).
        history: Option<Box<Effect>>,
    },
    /// Two versions of a field.
    Conflict(Box<Conflict>),
    /// What to add in a pane.
    Choose(Vec<AddOption>),
}

impl Overlay {
    /// Lines to read, from the top, with nothing to edit or look back at.
    pub fn lines(title: String, lines: Vec<String>) -> Overlay {
        Overlay::Lines {
            title,
            lines,
            scroll: 0,
            edit: None,
            history: None,
        }
    }
}

/// One choice of what to add, with its own key.
#[derive(Debug, Clone, PartialEq)]
pub struct AddOption {
    /// The key that chooses it.
    pub key: char,
    /// What it is called.
    pub label: &'static str,
    /// What it adds.
    pub what: AddWhat,
}

/// What `a` can add.
#[derive(Debug, Clone, PartialEq)]
pub enum AddWhat {
    /// A goal to this year's plan.
    Goal,
    /// A strategy to a goal.
    Strategy(String),
    /// Evidence, for a goal when one was selected.
    Evidence(Option<String>),
    /// A team member.
    Team,
    /// An intervention.
    Intervention,
    /// A check-in (opens the composer).
    CheckIn,
}

/// The screen under any overlay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// The caseload.
    Caseload,
    /// A student's workspace.
    Student,
    /// The check-in composer.
    Composer,
    /// The team reports.
    Reports,
    /// The year-end review of one student.
    YearEnd,
}

/// The whole app state.
pub struct App {
    /// Today.
    pub today: NaiveDate,
    /// The screen shown.
    pub screen: Screen,
    /// Every student on the caseload (only its first lines until the whole of it is read).
    pub caseload: Vec<CaseloadRow>,
    /// The whole caseload's counts while only its first lines are held.
    pub caseload_counts: Option<CaseloadCounts>,
    /// Students whose names look like another's on the caseload (shown with their SIS id).
    pub look_alikes: std::collections::HashSet<String>,
    /// Indices into `caseload` that pass the filter, in order.
    pub visible: super::filter_found::Found,
    /// The filter typed after `/`.
    pub filter: String,
    /// What filtering found for the keys typed so far (the next key narrows it).
    pub filter_memo: super::filter_memo::FilterMemo,
    /// Whether keys go to the filter.
    pub filtering: bool,
    /// The selected line among `visible`.
    pub selected: usize,
    /// The open student.
    pub student: Option<StudentView>,
    /// The open composer.
    pub composer: Option<Box<Composer>>,
    /// The open year-end review.
    pub year_end: Option<Box<super::year_end::YearEnd>>,
    /// The Reports screen, while it is open (a student opened from it goes back to it).
    pub reports: Option<Box<super::reports::ReportsView>>,
    /// Overlays, topmost last.
    pub overlays: Vec<Overlay>,
    /// A message for the status bar.
    pub status: Option<String>,
    /// Unsaved typing waits to be saved as a draft.
    pub draft_dirty: bool,
    /// The app should end.
    pub quit: bool,
    /// The database is read-only (why).
    pub read_only: Option<String>,
    /// The file is a reading copy of the district hub (a teacher's): it makes no change of its
    /// own, so nothing that would make one is opened.
    pub reading_copy: bool,
    /// Nothing that would be typed to save opens (see `Store::typing_refused`): the key says
    /// `read_only` instead.
    pub typing_refused: bool,
    /// Typing on screen could not be kept as a draft (why): it exists only on screen.
    pub unsaved: Option<String>,
    /// A command that asked first and said so (Ctrl-C with typing that cannot be kept, a
    /// year-end review long before the year ends, undoing a whole check-in): the same command
    /// again, at the next key, does it.
    pub armed: Option<crate::tui::keymap::Cmd>,
    /// The app should stop for now and give the shell back (Ctrl-Z).
    pub suspend: bool,
    /// How long after the key before it this key came, as the terminal's loop saw it (`None`
    /// where not known: the first key).
    pub key_gap: Option<std::time::Duration>,
    /// Typing closed a question (see `update::not_an_answer`): the rest of that typing, keys
    /// that follow each other closely, is not taken as commands.
    pub stray_run: bool,
    /// Retired records are shown in the student's panes.
    pub show_retired: bool,
    /// Changes made since the app was opened, newest last (what `u` takes back).
    pub changes: Vec<super::action::Change>,
    /// Whether any change was made since the app was opened (undone or not).
    pub changed_since_open: bool,
    /// The record to select once the student is read again (one just added).
    pub select: Option<String>,
    /// The advisor using plp (from the settings), whose advisees the caseload opens on.
    pub me: Option<String>,
    /// Who the caseload shows.
    pub view: CaseloadView,
    /// The caseload view's advisor as the students' advisor fields write them, once the
    /// caseload is read (see [`App::spell_advisor`]).
    pub advisor_written: Option<String>,
    /// Where a printout asked for from the app is written (the folder plp was started in).
    pub printout_dir: std::path::PathBuf,
    /// What the drafts kept in the file are for (read again whenever drafts may have changed),
    /// so that a student's panes can say that typing waits there.
    pub drafts_held: Vec<crate::store::DraftKey>,
    /// The terminal's size, columns and rows, as last drawn: how far a text read in a box can
    /// scroll before its last row is at the box's foot.
    pub viewport: (u16, u16),
}

impl App {
    /// A fresh app for a day.
    pub fn new(today: NaiveDate) -> App {
        App {
            today,
            screen: Screen::Caseload,
            caseload: Vec::new(),
            caseload_counts: None,
            look_alikes: Default::default(),
            visible: Default::default(),
            filter: String::new(),
            filter_memo: Default::default(),
            filtering: false,
            selected: 0,
            student: None,
            composer: None,
            year_end: None,
            reports: None,
            overlays: Vec::new(),
            status: None,
            draft_dirty: false,
            quit: false,
            read_only: None,
            reading_copy: false,
            typing_refused: false,
            unsaved: None,
            armed: None,
            suspend: false,
            key_gap: None,
            stray_run: false,
            show_retired: false,
            changes: Vec::new(),
            changed_since_open: false,
            select: None,
            me: None,
            view: CaseloadView::default(),
            advisor_written: None,
            printout_dir: std::path::PathBuf::from("."),
            drafts_held: Vec::new(),
            viewport: (80, 24),
        }
    }

    /// Sets the advisor using plp; the caseload then opens on their advisees.
    pub fn set_me(&mut self, me: Option<String>) {
        self.view = CaseloadView::opening(me.as_deref());
        self.me = me;
    }

    /// Works out how the students' advisor fields write the view's advisor ("rivera" in the
    /// settings, "Ms. Rivera" in the roster), for the header, from the caseload's advisors; a
    /// roster's "Rivera, Ana" is said "Ana Rivera".
    pub fn spell_advisor(&mut self) {
        self.advisor_written = match self.view.advisor.clone() {
            Some(a) => {
                let names = self.filter_memo.index(&self.caseload).advisors();
                // "Rivera, Ana" as a person reads it: "Ana Rivera's advisees".
                crate::domain::advisor::as_written(&a, names.iter().map(String::as_str))
                    .map(|w| crate::domain::advisor::as_read(&w))
            }
            None => None,
        };
    }

    /// Whether the caseload shows something other than what it opened on.
    pub fn narrowed(&self) -> bool {
        self.view != CaseloadView::opening(self.me.as_deref())
    }

    /// Whether the terminal, as last drawn, is too small to draw in (only a sentence saying so
    /// is shown).
    pub fn too_small(&self) -> bool {
        let (w, h) = self.viewport;
        w < crate::tui::view::MIN_WIDTH || h < crate::tui::view::MIN_HEIGHT
    }

    /// Whether anything typed is on screen (in the composer or a form).
    pub fn has_typing(&self) -> bool {
        self.composer.as_ref().is_some_and(|c| !c.is_empty())
            || self.year_end.as_ref().is_some_and(|y| !y.is_empty())
            || self
                .overlays
                .iter()
                .any(|o| matches!(o, Overlay::Form(f) if !f.changed().is_empty()))
    }

    /// The caseload line selected.
    pub fn selected_row(&self) -> Option<&CaseloadRow> {
        self.visible
            .get(self.selected)
            .and_then(|i| self.caseload.get(i))
    }

    /// Whether what is selected gives a key that needs `when` something to act on (the status
    /// bar shows its hint only then).
    pub fn offers(&self, when: super::keymap::When) -> bool {
        use super::keymap::When;
        let item = || self.student.as_ref().and_then(|v| v.selected_item());
        match when {
            When::Always => true,
            When::Retirable => item().is_some_and(|i| i.retirable()),
            When::Retired => item().is_some_and(Item::retired),
            When::Goal => self.composer.as_ref().is_some_and(|c| {
                c.items
                    .get(c.item)
                    .is_some_and(|i| i.kind == super::composer::ItemKind::Goal)
            }),
            When::CheckinToRead => matches!(item(), Some(Item::CheckIn(_))),
            When::ReportStudent => self
                .reports
                .as_ref()
                .is_some_and(|r| r.selected_student().is_some()),
        }
    }

    /// Where the keyboard is.
    pub fn ctx(&self) -> Ctx {
        match self.overlays.last() {
            Some(Overlay::Confirm { .. }) => return Ctx::Confirm,
            Some(Overlay::Form(f)) if f.fields.len() > 1 => return Ctx::Form,
            Some(Overlay::Form(_)) => return Ctx::FieldForm,
            Some(Overlay::Conflict(c)) if !c.keeps_both() => return Ctx::OneValueConflict,
            Some(Overlay::Conflict(_)) => return Ctx::Conflict,
            Some(Overlay::Palette { .. }) => return Ctx::Palette,
            Some(Overlay::Help { .. }) => return Ctx::Help,
            Some(Overlay::Lines { edit: Some(_), .. }) => return Ctx::CheckinShown,
            Some(Overlay::Lines { .. }) => return Ctx::Lines,
            Some(Overlay::Choose(_)) => return Ctx::AddMenu,
            None => {}
        }
        match self.screen {
            Screen::Caseload if self.filtering => Ctx::Filter,
            Screen::Caseload if !self.filter.is_empty() || self.narrowed() => Ctx::CaseloadFiltered,
            Screen::Caseload => Ctx::Caseload,
            Screen::Student if self.student.as_ref().is_some_and(|v| v.year.is_some()) => {
                Ctx::StudentPast
            }
            Screen::Student => Ctx::Student,
            Screen::YearEnd => self
                .year_end
                .as_ref()
                .map_or(Ctx::YearEndGoals, |y| y.ctx()),
            Screen::Reports => Ctx::Reports,
            Screen::Composer if self.composer.as_ref().is_some_and(|c| c.input.is_some()) => {
                Ctx::ComposerNote
            }
            Screen::Composer => match self.composer.as_ref().map(|c| c.step) {
                Some(super::composer::Step::Rate) => Ctx::ComposerRate,
                Some(super::composer::Step::Next) => Ctx::ComposerNext,
                _ => Ctx::ComposerText,
            },
        }
    }
}

impl StudentView {
    /// How many goals the student's plan for `school_year` holds (none without a plan).
    pub fn goals_in(&self, school_year: &str) -> usize {
        self.record
            .plan_for(school_year)
            .map_or(0, |p| p.goals.len())
    }

    /// A workspace for a record, its lines built once.
    pub fn new(record: StudentRecord, conflicts: Vec<Conflict>, today: NaiveDate) -> StudentView {
        let items = build_items(&record, today, None, None);
        StudentView {
            record,
            conflicts,
            focus: Pane::Profile,
            selected: [0; 3],
            items,
            retired: Default::default(),
            year: None,
        }
    }

    /// Builds the panes' lines again, with or without the retired records, keeping each
    /// pane's selection on the same record where it can.
    pub fn rebuild(&mut self, today: NaiveDate, show_retired: bool) {
        let ids: Vec<Option<String>> = (0..3)
            .map(|i| self.items[i].get(self.selected[i]).and_then(Item::id))
            .collect();
        self.items = build_items(
            &self.record,
            today,
            show_retired.then_some(&self.retired),
            self.year.as_deref(),
        );
        for (i, id) in ids.into_iter().enumerate() {
            let found = id.and_then(|id| {
                self.items[i]
                    .iter()
                    .position(|x| x.id() == Some(id.clone()))
            });
            self.selected[i] = found
                .unwrap_or(self.selected[i])
                .min(self.items[i].len().saturating_sub(1));
        }
    }

    /// Selects the line of a record, in whichever pane holds it (focusing that pane).
    pub fn select_record(&mut self, id: &str) -> bool {
        for (i, items) in self.items.iter().enumerate() {
            if let Some(pos) = items.iter().position(|x| x.id().as_deref() == Some(id)) {
                self.selected[i] = pos;
                self.focus = Pane::ALL[i];
                return true;
            }
        }
        false
    }

    /// The school years of the student's plans other than the one shown as this year's, in
    /// the order `y` steps through them: back through the earlier years, newest first, then
    /// any later year (next year's plan, once a year-end review has made it).
    pub fn other_years(&self, today: NaiveDate) -> Vec<String> {
        let current = self
            .record
            .current_plan(today)
            .map(|p| p.plan.school_year.clone())
            .unwrap_or_default();
        let mut earlier: Vec<String> = Vec::new();
        let mut later: Vec<String> = Vec::new();
        for p in &self.record.plans {
            let y = &p.plan.school_year;
            if *y < current && !earlier.contains(y) {
                earlier.push(y.clone());
            } else if *y > current && !later.contains(y) {
                later.push(y.clone());
            }
        }
        earlier.sort_by(|a, b| b.cmp(a));
        later.sort();
        earlier.extend(later);
        earlier
    }

    /// The index of a pane.
    pub fn pane_index(p: Pane) -> usize {
        Pane::ALL.iter().position(|x| *x == p).unwrap_or(0)
    }

    /// The selected line of the focused pane.
    pub fn selected_item(&self) -> Option<&Item> {
        let i = Self::pane_index(self.focus);
        self.items[i].get(self.selected[i])
    }

    /// Conflicts on one record.
    pub fn conflicts_on(&self, entity: Entity, id: &str) -> Vec<&Conflict> {
        self.conflicts
            .iter()
            .filter(|c| c.entity == entity.name() && c.entity_id == id)
            .collect()
    }
}

impl Item {
    /// The record's id (profile fields and details have none of their own).
    pub fn id(&self) -> Option<String> {
        Some(match self {
            Item::Profile(..) | Item::Details => return None,
            Item::Team(m) => m.id.clone(),
            Item::Plan(p) => p.id.clone(),
            Item::Goal(g) => g.goal.id.clone(),
            Item::Strategy(s) => s.id.clone(),
            Item::Evidence(e) => e.id.clone(),
            Item::CheckIn(c) => c.id.clone(),
            Item::Intervention(i) => i.id.clone(),
        })
    }

    /// Whether `x` retires it: a record of its own (not a profile field, the details or the
    /// year's plan) not retired yet.
    pub fn retirable(&self) -> bool {
        !matches!(self, Item::Profile(..) | Item::Details | Item::Plan(_)) && !self.retired()
    }

    /// Whether the record is retired (shown only on request).
    pub fn retired(&self) -> bool {
        match self {
            Item::Profile(..) | Item::Details | Item::Plan(_) => false,
            Item::Team(m) => m.retired,
            Item::Goal(g) => g.goal.retired,
            Item::Strategy(s) => s.retired,
            Item::Evidence(e) => e.retired,
            Item::CheckIn(c) => c.retired,
            Item::Intervention(i) => i.retired,
        }
    }
}

/// Each pane's lines; retired records (when given) follow the others in their pane.
fn build_items(
    r: &StudentRecord,
    today: NaiveDate,
    retired: Option<&crate::store::Retired>,
    year: Option<&str>,
) -> [Vec<Item>; 3] {
    let mut items = live_items(r, today, year);
    // Another year's plan is shown as it is kept, without this year's retired records.
    if let Some(x) = retired.filter(|_| year.is_none()) {
        items[0].extend(x.team.iter().cloned().map(Item::Team));
        for (_, g) in &x.goals {
            items[1].push(Item::Goal(Box::new(GoalRecord {
                goal: g.clone(),
                strategies: Vec::new(),
            })));
        }
        items[1].extend(x.strategies.iter().cloned().map(Item::Strategy));
        items[1].extend(x.evidence.iter().cloned().map(Item::Evidence));
        items[2].extend(
            x.checkins
                .iter()
                .cloned()
                .map(|c| Item::CheckIn(Box::new(c))),
        );
        items[2].extend(x.interventions.iter().cloned().map(Item::Intervention));
    }
    items
}

fn live_items(r: &StudentRecord, today: NaiveDate, year: Option<&str>) -> [Vec<Item>; 3] {
    let mut profile: Vec<Item> = crate::domain::PROFILE_FIELDS
        .iter()
        .map(|(f, l)| Item::Profile(f, l))
        .collect();
    profile.push(Item::Details);
    profile.extend(r.team.iter().cloned().map(Item::Team));
    let mut goals = Vec::new();
    let plan = match year {
        Some(y) => r.plan_for(y),
        None => r.current_plan(today),
    };
    if let Some(p) = plan {
        goals.push(Item::Plan(p.plan.clone()));
        for g in &p.goals {
            goals.push(Item::Goal(Box::new(g.clone())));
            goals.extend(g.strategies.iter().cloned().map(Item::Strategy));
        }
    }
    if year.is_none() {
        goals.extend(r.evidence.iter().cloned().map(Item::Evidence));
    }
    let mut log: Vec<(Option<NaiveDate>, Item)> = r
        .checkins
        .iter()
        .map(|c| (c.date, Item::CheckIn(Box::new(c.clone()))))
        .collect();
    log.extend(
        r.interventions
            .iter()
            .map(|i| (i.date, Item::Intervention(i.clone()))),
    );
    log.sort_by_key(|e| std::cmp::Reverse(e.0));
    [profile, goals, log.into_iter().map(|(_, i)| i).collect()]
}
