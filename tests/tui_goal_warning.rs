//! A plan works best with 2–4 goals: adding a fifth is allowed, with a word of warning.

mod common;

use plp::store::Store;
use plp::tui::action::Action;
use plp::tui::state::App;
use plp::tui::{dispatch, effects, update};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

fn key(app: &mut App, store: &mut Store, code: KeyCode) {
    dispatch(
        app,
        store,
        Action::Key(KeyEvent::new(code, KeyModifiers::NONE)),
    );
}

/// Adds a goal through the form, returning what the status line said when the form opened.
fn add_goal(app: &mut App, store: &mut Store, title: &str) -> Option<String> {
    app.status = None;
    key(app, store, KeyCode::Char('a'));
    key(app, store, KeyCode::Char('g'));
    let said = app.status.clone();
    for c in title.chars() {
        key(app, store, KeyCode::Char(c));
    }
    // A goal needs its domain.
    key(app, store, KeyCode::Tab);
    for c in "academic".chars() {
        key(app, store, KeyCode::Char(c));
    }
    key(app, store, KeyCode::F(2));
    said
}

#[test]
fn a_fifth_goal_is_added_with_a_warning() {
    let mut store = common::fixture_store();
    let mut app = App::new(today());
    for a in effects::run(&mut store, effects::Effect::LoadCaseload, today()) {
        update::update(&mut app, a);
    }
    key(&mut app, &mut store, KeyCode::Down); // Amara, 3 goals this year
    key(&mut app, &mut store, KeyCode::Enter);
    key(&mut app, &mut store, KeyCode::Char('2'));
    let id = store.find_student("Amara").unwrap();
    let goals = |store: &Store| store.student(&id).unwrap().plans[0].goals.len();
    assert_eq!(goals(&store), 3);
    let said = add_goal(&mut app, &mut store, "Join a club");
    assert!(
        !said.as_deref().unwrap_or("").contains("goals"),
        "no warning at the fourth goal: {said:?}"
    );
    assert_eq!(goals(&store), 4);
    let said = add_goal(&mut app, &mut store, "Run a 5k");
    assert_eq!(
        said.as_deref(),
        Some("This plan already has 4 goals; a plan works best with 2–4."),
    );
    assert_eq!(goals(&store), 5, "the fifth goal is still added");
}
