//! A plan works best with 2–4 goals: adding a fifth is allowed, with a word of warning.

mod common;

use common::tui::{app, press};
use plp::store::Store;
use plp::tui::state::App;
use ratatui::crossterm::event::KeyCode;

/// Adds a goal through the form, returning what the status line said when the form opened.
fn add_goal(app: &mut App, store: &mut Store, title: &str) -> Option<String> {
    app.status = None;
    press(app, store, KeyCode::Char('a'));
    press(app, store, KeyCode::Char('g'));
    let said = app.status.clone();
    for c in title.chars() {
        press(app, store, KeyCode::Char(c));
    }
    // A goal needs its domain.
    press(app, store, KeyCode::Tab);
    for c in "academic".chars() {
        press(app, store, KeyCode::Char(c));
    }
    press(app, store, KeyCode::F(2));
    said
}

#[test]
fn a_fifth_goal_is_added_with_a_warning() {
    let mut store = common::fixture_store();
    let mut app = app(&mut store);
    press(&mut app, &mut store, KeyCode::Down); // Amara, 3 goals this year
    press(&mut app, &mut store, KeyCode::Enter);
    press(&mut app, &mut store, KeyCode::Char('2'));
    let id = store.find_student("Amara").unwrap();
    let goals = |store: &Store| store.student(&id).unwrap().plans[0].goals.len();
    assert_eq!(goals(&store), 3);
    let said = add_goal(&mut app, &mut store, "Join a club");
    assert!(
        !said.as_deref().unwrap_or("").contains("goals"),
        "no warning at the fourth goal: {said:?}"
    );
    assert_eq!(goals(&store), 4);
    assert_eq!(app.status.as_deref(), Some("Saved."));
    let said = add_goal(&mut app, &mut store, "Run a 5k");
    assert_eq!(
        said.as_deref(),
        Some("This plan already has 4 goals; a plan works best with 2–4."),
    );
    assert_eq!(goals(&store), 5, "the fifth goal is still added");
    // Said again as it is saved, where the word given as the form opened is gone.
    assert_eq!(
        app.status.as_deref(),
        Some("Saved. This plan now has 5 goals; a plan works best with 2–4."),
    );
}
