//! A laptop's file that holds only what its hub login may read keeps what is typed about a
//! student the login no longer writes for (handed to another advisor at the hub): the app says
//! so as it saves, as the command line does, instead of leaving it to the next sync.

mod common;

use common::tui::{app, keys, press};
use plp::store::Store;
use ratatui::crossterm::event::KeyCode;

const STAYS: &str = "is no longer this file's to write for at the hub (since its last sync), so \
                     this stays in this file and is not sent.";

/// The fixture as a partial replica of a hub, with the app open on it since before the sync
/// (run elsewhere) after which its login read only Liam: the caseload the app shows was read
/// while Amara was still the login's.
fn laptop() -> (Store, plp::tui::state::App) {
    let mut store = common::fixture_store();
    let app = app(&mut store);
    let liam = store.find_student("Liam").unwrap();
    store.set_meta("hub-partial", "hub.example/plp").unwrap();
    store.set_meta("hub-scope hub.example/plp", &liam).unwrap();
    // Everything here was at the hub by then.
    store.set_shared_seq(store.op_count().unwrap()).unwrap();
    (store, app)
}

/// Read again, the caseload leaves out the student who left the login's scope (as the hub's
/// reports for that login do).
#[test]
fn the_caseload_read_again_leaves_out_a_student_who_left_the_scope() {
    let (mut store, _) = laptop();
    let app = app(&mut store);
    let names: Vec<&str> = app.caseload.iter().map(|r| r.name.as_str()).collect();
    assert!(!names.contains(&"Amara Okafor"), "{names:?}");
    assert!(names.contains(&"Liam Nguyễn"), "{names:?}");
}

#[test]
fn a_check_in_saved_for_a_student_who_left_the_scope_says_it_stays_here() {
    let (mut store, mut app) = laptop();
    // Amara is no longer the login's; Liam still is.
    for (name, stays) in [("Amara Okafor", true), ("Liam Nguyễn", false)] {
        select(&mut app, &mut store, name);
        press(&mut app, &mut store, KeyCode::Char('n'));
        keys(&mut app, &mut store, "Finished the lab report");
        press(&mut app, &mut store, KeyCode::F(2));
        let said = app.status.clone().unwrap_or_default();
        assert!(said.starts_with("Check-in saved."), "{name}: {said}");
        assert_eq!(said.contains(STAYS), stays, "{name}: {said}");
        if stays {
            assert!(said.contains(&format!("{name} {STAYS}")), "{said}");
        }
    }
}

/// Moves the caseload's selection to `name`.
fn select(app: &mut plp::tui::state::App, store: &mut Store, name: &str) {
    while app.screen != plp::tui::state::Screen::Caseload {
        press(app, store, KeyCode::Esc);
    }
    press(app, store, KeyCode::Home);
    while app.selected_row().map(|r| r.name.as_str()) != Some(name) {
        let at = app.selected;
        press(app, store, KeyCode::Down);
        assert_ne!(app.selected, at, "{name} is not in the caseload");
    }
}

#[test]
fn a_form_saved_for_a_student_who_left_the_scope_says_it_stays_here() {
    let (mut store, mut app) = laptop();
    select(&mut app, &mut store, "Amara Okafor");
    press(&mut app, &mut store, KeyCode::Enter);
    press(&mut app, &mut store, KeyCode::Char('2'));
    press(&mut app, &mut store, KeyCode::Char('a'));
    press(&mut app, &mut store, KeyCode::Char('g'));
    keys(&mut app, &mut store, "Join a club");
    press(&mut app, &mut store, KeyCode::Tab);
    keys(&mut app, &mut store, "academic");
    press(&mut app, &mut store, KeyCode::F(2));
    assert_eq!(
        app.status.as_deref(),
        Some(format!("Saved. Amara Okafor {STAYS}").as_str())
    );
}
