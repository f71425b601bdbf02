//! Helpers for tests that drive the app through `update` with a real store, as its loop would:
//! a fixed day, the caseload loaded, keys pressed one at a time, the screen drawn into a test
//! terminal.

use plp::store::{Base, Entity, Store};
use plp::tui::action::Action;
use plp::tui::state::App;
use plp::tui::view::{self, Theme};
use plp::tui::{dispatch, effects, update};
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;

/// The day the app's tests run on (the binary's tests set the same one in `PLP_TODAY`).
pub fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

/// The app opened on `store`'s caseload, as `plp` opens it.
pub fn app(store: &mut Store) -> App {
    let mut app = App::new(today());
    app.printout_dir = printout_dir();
    app.read_only = store.writes_refused();
    app.reading_copy = store.reading_copy().is_some();
    app.typing_refused = store.typing_refused();
    for a in effects::run(store, effects::Effect::LoadCaseload, today()) {
        update::update(&mut app, a);
    }
    app
}

/// Where a printout a test asks for lands: outside the working tree (a test that reads the
/// printout sets its own folder).
pub fn printout_dir() -> std::path::PathBuf {
    // A new folder for each run of a test binary: printouts never replace one there, so one
    // folder shared by every run would fill up.
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().unwrap())
        .path()
        .to_path_buf()
}

/// The fixture caseload (see [`super::fixture_store`]) and the app opened on it.
pub fn start() -> (App, Store) {
    let mut store = super::fixture_store();
    let app = app(&mut store);
    (app, store)
}

/// Presses one key with modifiers.
pub fn press_with(app: &mut App, store: &mut Store, code: KeyCode, mods: KeyModifiers) {
    dispatch(app, store, Action::Key(KeyEvent::new(code, mods)));
}

/// Presses one key.
pub fn press(app: &mut App, store: &mut Store, code: KeyCode) {
    press_with(app, store, code, KeyModifiers::NONE);
}

/// Presses keys one after another.
pub fn press_all(app: &mut App, store: &mut Store, codes: &[KeyCode]) {
    for code in codes {
        press(app, store, *code);
    }
}

/// Presses Ctrl and a letter.
pub fn ctrl(app: &mut App, store: &mut Store, c: char) {
    press_with(app, store, KeyCode::Char(c), KeyModifiers::CONTROL);
}

/// Types `text` one character at a time (letters that are commands act as commands).
pub fn keys(app: &mut App, store: &mut Store, text: &str) {
    for c in text.chars() {
        press(app, store, KeyCode::Char(c));
    }
}

/// Another advisor saves a student's text field meanwhile (the field's latest version is the
/// base, as a sync would bring it).
pub fn saved_elsewhere(store: &mut Store, student: &str, field: &str, text: &str) {
    let id = store.find_student(student).unwrap();
    store
        .write(|w| w.set_text(Entity::Student, &id, field, text, Base::Current))
        .unwrap();
}

/// Two advisors move a student's first goal of this year at once: one to next year's plan
/// (2027-28), the other to the plan it is in, which is the version shown. Returns the goal's id
/// and next year's plan's.
pub fn goal_moved_twice(store: &mut Store, student: &str) -> (String, String) {
    let id = store.find_student(student).unwrap();
    let record = store.student(&id).unwrap();
    let plan = record.current_plan(today()).unwrap();
    let (plan_id, goal) = (plan.plan.id.clone(), plan.goals[0].goal.id.clone());
    let seen = store.field_version(&goal, "plan_id").unwrap().unwrap();
    let next = store
        .write(|w| {
            let next = w.ensure_plan(&id, "2027-28")?;
            for to in [&next, &plan_id] {
                let base = Base::Seen(vec![seen.clone()]);
                w.set(Entity::Goal, &goal, "plan_id", to.as_str().into(), base)?;
            }
            Ok(next)
        })
        .unwrap();
    (goal, next)
}

/// The app drawn at a size, with colour or without.
pub fn render(app: &App, w: u16, h: u16, colour: bool) -> Buffer {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| view::draw(f, app, &Theme::new(colour))).unwrap();
    t.backend().buffer().clone()
}

/// The app drawn at a size, with where the terminal's cursor was left (a one-line field shows
/// its cursor there rather than in a cell).
pub fn render_with_cursor(
    app: &App,
    w: u16,
    h: u16,
    colour: bool,
) -> (Buffer, Option<ratatui::layout::Position>) {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| view::draw(f, app, &Theme::new(colour))).unwrap();
    let cursor = t.get_cursor_position().ok();
    (t.backend().buffer().clone(), cursor)
}

/// Every cell's text, a line for each row, spaces at the end of a row kept.
pub fn text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

/// Every cell's text, a line for each row, spaces at the end of a row left off (as snapshots
/// keep them).
pub fn trimmed_text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let line: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The text of the app drawn at a size without colour.
pub fn screen(app: &App, w: u16, h: u16) -> String {
    text(&render(app, w, h, false))
}

/// The text of the app drawn at a size without colour, rows without their trailing spaces.
pub fn trimmed_screen(app: &App, w: u16, h: u16) -> String {
    trimmed_text(&render(app, w, h, false))
}

/// The keys a hint's key text names, as help and the status bar write them: "n", "Enter",
/// "S-Tab", "C-s", "M-b" (Alt), "F2", "↑", ranges such as "1-4", and alternatives joined by "/" ("↑/k").
/// Panics on a name it does not know, so a new way of writing keys is taught here first.
pub fn keys_named(shown: &str) -> Vec<KeyEvent> {
    let alternatives: Vec<&str> = if shown == "/" {
        vec!["/"]
    } else {
        shown.split('/').collect()
    };
    let mut out = Vec::new();
    for name in alternatives {
        let chars: Vec<char> = name.chars().collect();
        let (code, mods) = match (name, chars.as_slice()) {
            ("Enter", _) => (KeyCode::Enter, KeyModifiers::NONE),
            ("Esc", _) => (KeyCode::Esc, KeyModifiers::NONE),
            ("Tab", _) => (KeyCode::Tab, KeyModifiers::NONE),
            ("Home", _) => (KeyCode::Home, KeyModifiers::NONE),
            ("S-Tab", _) => (KeyCode::BackTab, KeyModifiers::NONE),
            ("PgUp", _) => (KeyCode::PageUp, KeyModifiers::NONE),
            ("PgDn", _) => (KeyCode::PageDown, KeyModifiers::NONE),
            ("↑", _) => (KeyCode::Up, KeyModifiers::NONE),
            ("↓", _) => (KeyCode::Down, KeyModifiers::NONE),
            (_, ['C', '-', c]) => (KeyCode::Char(*c), KeyModifiers::CONTROL),
            (_, ['M', '-', c]) => (KeyCode::Char(*c), KeyModifiers::ALT),
            (_, ['F', n @ ..]) if !n.is_empty() => {
                let n: String = n.iter().collect();
                (
                    KeyCode::F(n.parse().expect("a function key's number")),
                    KeyModifiers::NONE,
                )
            }
            (_, [first, '-', last]) => {
                for c in *first..=*last {
                    out.push(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
                }
                continue;
            }
            (_, [c]) => (KeyCode::Char(*c), KeyModifiers::NONE),
            _ => panic!("no key is written {name:?}"),
        };
        out.push(KeyEvent::new(code, mods));
    }
    out
}
