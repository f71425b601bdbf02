//! Switching the caseload's view on the 5,000-student demo: my advisees ⇄ everyone, one
//! narrowing key (grade), and one filter keystroke, each through `update` and drawn at 80×24,
//! as the app does after a key.
//!
//! Run: `cargo bench --bench caseload_view`.

use plp::store::Store;
use plp::tui::action::Action;
use plp::tui::state::App;
use plp::tui::view::{self, Theme};
use plp::tui::{dispatch, effects, update};
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use std::process::Command;
use std::time::{Duration, Instant};

const STUDENTS: usize = 5_000;
const RUNS: usize = 41;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// One key through `update` and the database work it asks for, then one frame drawn.
fn press(
    app: &mut App,
    store: &mut Store,
    term: &mut Terminal<TestBackend>,
    code: KeyCode,
) -> Duration {
    let t = Instant::now();
    dispatch(
        app,
        store,
        Action::Key(KeyEvent::new(code, KeyModifiers::NONE)),
    );
    term.draw(|f| view::draw(f, app, &Theme::new(false)))
        .expect("draw");
    t.elapsed()
}

fn main() {
    let plp = env!("CARGO_BIN_EXE_plp");
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("caseload.db");
    let ok = Command::new(plp)
        .args([
            "demo",
            "--no-open",
            "--students",
            &STUDENTS.to_string(),
            "--db",
        ])
        .arg(&db)
        .status()
        .expect("plp demo")
        .success();
    assert!(ok);
    let mut store = Store::open(&db).expect("open");
    let today = chrono::Local::now().date_naive();
    let mut app = App::new(today);
    app.set_me(Some("Ms. Lindqvist".into()));
    for a in effects::run(&mut store, effects::Effect::LoadCaseload, today) {
        update::update(&mut app, a);
    }
    let mine = app.visible.len();
    let mut term = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    let (mut view, mut grade, mut filter) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..RUNS {
        view.push(press(&mut app, &mut store, &mut term, KeyCode::Char('m')));
        assert_eq!(app.visible.len(), app.caseload.len(), "everyone");
        view.push(press(&mut app, &mut store, &mut term, KeyCode::Char('m')));
        assert_eq!(app.visible.len(), mine, "my advisees");
    }
    for _ in 0..RUNS {
        grade.push(press(&mut app, &mut store, &mut term, KeyCode::Char('y')));
    }
    press(&mut app, &mut store, &mut term, KeyCode::Esc);
    press(&mut app, &mut store, &mut term, KeyCode::Char('m'));
    press(&mut app, &mut store, &mut term, KeyCode::Char('/'));
    for _ in 0..RUNS {
        filter.push(press(&mut app, &mut store, &mut term, KeyCode::Char('a')));
        filter.push(press(&mut app, &mut store, &mut term, KeyCode::Backspace));
    }
    println!(
        "caseload_view: {} students, {mine} of them Ms. Lindqvist's: my advisees ⇄ everyone median {}; \
         one grade key median {}; one filter keystroke over everyone median {}",
        app.caseload.len(),
        ms(median(view)),
        ms(median(grade)),
        ms(median(filter))
    );
}
