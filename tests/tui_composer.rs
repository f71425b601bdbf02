//! The check-in composer through `update`, with a real store: who was there, the date, last
//! time's steps, replacing a strategy that is not working, the next date, restriction, and
//! editing a saved check-in.

mod common;

use plp::domain::Restriction;
use plp::store::Store;
use plp::tui::action::Action;
use plp::tui::state::{App, Screen};
use plp::tui::{dispatch, effects, update};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

fn app(store: &mut Store) -> App {
    let mut app = App::new(today());
    for a in effects::run(store, effects::Effect::LoadCaseload, today()) {
        update::update(&mut app, a);
    }
    app
}

fn press(app: &mut App, store: &mut Store, code: KeyCode, mods: KeyModifiers) {
    dispatch(app, store, Action::Key(KeyEvent::new(code, mods)));
}

fn key(app: &mut App, store: &mut Store, code: KeyCode) {
    press(app, store, code, KeyModifiers::NONE);
}

fn type_text(app: &mut App, store: &mut Store, text: &str) {
    for c in text.chars() {
        key(app, store, KeyCode::Char(c));
    }
}

/// The app on Amara's new check-in.
fn composing() -> (App, Store) {
    let mut store = common::fixture_store();
    let mut app = app(&mut store);
    key(&mut app, &mut store, KeyCode::Down);
    key(&mut app, &mut store, KeyCode::Char('n'));
    assert_eq!(app.screen, Screen::Composer);
    (app, store)
}

fn saved(store: &Store) -> plp::domain::CheckIn {
    let id = store.find_student("Amara").unwrap();
    store.student(&id).unwrap().checkins[0].clone()
}

#[test]
fn ctrl_r_cycles_notes_whole_and_nothing_and_the_header_says_which() {
    let (mut app, mut store) = composing();
    type_text(&mut app, &mut store, "Rough week at home.");
    let ctrl_r = |app: &mut App, store: &mut Store| {
        press(app, store, KeyCode::Char('r'), KeyModifiers::CONTROL)
    };
    ctrl_r(&mut app, &mut store);
    assert_eq!(
        app.composer.as_ref().unwrap().restriction,
        Restriction::Notes
    );
    ctrl_r(&mut app, &mut store);
    assert_eq!(
        app.composer.as_ref().unwrap().restriction,
        Restriction::Whole
    );
    let screen = common::screen(&app, 80, 24);
    assert!(screen.contains("RESTRICTED: whole check-in"), "{screen}");
    // Kept in the draft.
    key(&mut app, &mut store, KeyCode::Esc);
    key(&mut app, &mut store, KeyCode::Char('n'));
    assert_eq!(
        app.composer.as_ref().unwrap().restriction,
        Restriction::Whole
    );
    press(&mut app, &mut store, KeyCode::F(2), KeyModifiers::NONE);
    assert_eq!(app.screen, Screen::Student, "{:?}", app.status);
    let c = saved(&store);
    assert_eq!(c.restriction(), Restriction::Whole);
    assert!(c.restricted, "an older plp still keeps the notes out");
}
