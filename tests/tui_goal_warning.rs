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

/// A goal's target date outside its plan's school year (a year typed wrong, most likely) is
/// named in one sentence and the form stays open at it; F2 again saves it as typed, and a date
/// in the year saves at once.
#[test]
fn a_target_date_outside_the_plans_school_year_is_saved_on_a_second_f2() {
    use plp::tui::state::Overlay;
    let mut store = common::fixture_store();
    let mut app = app(&mut store);
    press(&mut app, &mut store, KeyCode::Down); // Amara, a plan of 2026-27
    press(&mut app, &mut store, KeyCode::Enter);
    press(&mut app, &mut store, KeyCode::Char('2'));
    let id = store.find_student("Amara").unwrap();
    let goal = |store: &Store, title: &str| {
        store.student(&id).unwrap().plans[0]
            .goals
            .iter()
            .find(|g| g.goal.title == title)
            .map(|g| g.goal.target_date)
    };
    let type_in = |app: &mut App, store: &mut Store, text: &str| {
        for c in text.chars() {
            press(app, store, KeyCode::Char(c));
        }
    };
    let to_field = |app: &mut App, store: &mut Store, name: &str| {
        for _ in 0..20 {
            match app.overlays.last() {
                Some(Overlay::Form(f)) if f.fields[f.focus].name == name => return,
                _ => press(app, store, KeyCode::Tab),
            }
        }
        panic!("no field {name}");
    };
    for (title, date, warned) in [
        ("Read every night", "5 Jan 2025", true),
        ("Join a club", "15 May 2027", false),
    ] {
        press(&mut app, &mut store, KeyCode::Char('a'));
        press(&mut app, &mut store, KeyCode::Char('g'));
        type_in(&mut app, &mut store, title);
        press(&mut app, &mut store, KeyCode::Tab);
        type_in(&mut app, &mut store, "academic");
        to_field(&mut app, &mut store, "target_date");
        type_in(&mut app, &mut store, date);
        press(&mut app, &mut store, KeyCode::F(2));
        if warned {
            assert_eq!(
                app.status.as_deref(),
                Some("Target date: 5 Jan 2025 is outside this plan's school year (2026-27); F2 again saves it.")
            );
            assert!(goal(&store, title).is_none(), "not saved yet");
            match app.overlays.last() {
                Some(Overlay::Form(f)) => assert_eq!(f.fields[f.focus].name, "target_date"),
                _ => panic!("the form stays open"),
            }
            press(&mut app, &mut store, KeyCode::F(2));
        }
        let said = app.status.clone().unwrap_or_default();
        assert!(said.starts_with("Saved."), "{title}: {said}");
        let saved = goal(&store, title).flatten().map(|d| d.to_string());
        assert_eq!(
            saved.as_deref(),
            Some(if warned { "2025-01-05" } else { "2027-05-15" })
        );
    }
}
