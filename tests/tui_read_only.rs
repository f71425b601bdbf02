//! A file that takes no change (a teacher's reading copy of the hub, a file that cannot be
//! written) is still read whole: Enter reads a check-in, the keys that would change the file say
//! why when pressed, and the status bar, help and the palette offer only what works there.

mod common;

use common::tui::{app, press, screen, trimmed_screen};
use plp::store::Store;
use plp::tui::keymap::Ctx;
use plp::tui::state::{App, Screen};
use ratatui::crossterm::event::KeyCode;

const WHY: &str = "Read-only: login tj only reads the hub: nothing can be written here";

/// A teacher's copy, open on Amara's check-in log.
fn on_the_log() -> (App, Store) {
    let mut store = common::fixture_store();
    store.set_reading_copy(Some("tj")).unwrap();
    let mut app = app(&mut store);
    press(&mut app, &mut store, KeyCode::Down);
    press(&mut app, &mut store, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Student);
    press(&mut app, &mut store, KeyCode::Char('3'));
    (app, store)
}

fn status_bar(app: &App) -> String {
    screen(app, 80, 24)
        .lines()
        .last()
        .unwrap()
        .trim_end()
        .to_string()
}

#[test]
fn enter_on_a_check_in_reads_it_whole_where_nothing_can_be_typed() {
    let (mut app, mut store) = on_the_log();
    let bar = status_bar(&app);
    assert!(bar.starts_with("[read-only]"), "{bar}");
    assert!(bar.contains("Enter read the check-in"), "{bar}");
    assert!(!bar.contains("edit") && !bar.contains("a add"), "{bar}");
    press(&mut app, &mut store, KeyCode::Enter);
    assert_eq!(app.ctx(), Ctx::CheckinShown, "{:?}", app.status);
    assert_eq!(app.status, None);
    insta::assert_snapshot!(
        "read_only_checkin_shown_80x24",
        trimmed_screen(&app, 80, 24)
    );
    // Its keys name nothing that edits; e says why it does nothing.
    let bar = status_bar(&app);
    assert!(!bar.contains("edit"), "{bar}");
    press(&mut app, &mut store, KeyCode::Char('e'));
    assert_eq!(app.ctx(), Ctx::CheckinShown);
    assert_eq!(app.status.as_deref(), Some(WHY));
    assert_eq!(status_bar(&app), WHY);
    // Said once: the next key gives the bar back to the keys.
    press(&mut app, &mut store, KeyCode::Down);
    assert!(status_bar(&app).starts_with("[read-only]"));
}

#[test]
fn keys_that_would_change_the_file_say_why_and_are_not_offered() {
    let (mut app, mut store) = on_the_log();
    for key in ['n', 'a', 'x', 'r', 'u', 'Y'] {
        press(&mut app, &mut store, KeyCode::Char(key));
        assert_eq!(app.screen, Screen::Student, "{key}");
        assert!(app.overlays.is_empty(), "{key} opened an overlay");
        assert_eq!(app.status.as_deref(), Some(WHY), "{key}");
        assert_eq!(status_bar(&app), WHY, "{key}");
    }
    // Enter (or e) on a goal edits it elsewhere: here it says why.
    press(&mut app, &mut store, KeyCode::Char('2'));
    for key in [KeyCode::Enter, KeyCode::Char('e')] {
        press(&mut app, &mut store, key);
        assert!(app.overlays.is_empty(), "{key:?}");
        assert_eq!(app.status.as_deref(), Some(WHY), "{key:?}");
    }
    press(&mut app, &mut store, KeyCode::Down);
    let bar = status_bar(&app);
    assert!(bar.starts_with("[read-only]  Tab next pane"), "{bar}");
    // Help and the palette list none of them.
    press(&mut app, &mut store, KeyCode::F(1));
    let screen_now = screen(&app, 120, 40);
    let keys_here = screen_now.split("Keys here").nth(1).unwrap();
    let help = keys_here.split("Words plp uses").next().unwrap();
    for said in [
        "  new check-in ",
        "  add ",
        "  retire ",
        "  restore ",
        "  undo ",
        "  year-end review ",
        "  edit ",
    ] {
        assert!(!help.contains(said), "help offers {said:?}: {help}");
    }
    assert!(help.contains("history"), "{help}");
    press(&mut app, &mut store, KeyCode::Esc);
    press(&mut app, &mut store, KeyCode::Char(':'));
    assert_eq!(app.ctx(), Ctx::Palette);
    let offered: Vec<&str> = plp::tui::filter::palette_entries(Ctx::Student, "", true)
        .iter()
        .map(|e| e.label)
        .collect();
    for said in [
        "new check-in",
        "add",
        "retire",
        "restore",
        "undo the last change",
        "edit",
    ] {
        assert!(
            !offered.contains(&said),
            "the palette offers {said:?}: {offered:?}"
        );
    }
    assert!(offered.contains(&"history"), "{offered:?}");
    let palette = screen(&app, 120, 40);
    assert!(!palette.contains("new check-in"), "{palette}");
}

/// The same file, writable: nothing above is taken away.
#[test]
fn a_file_that_takes_changes_offers_them() {
    let mut store = common::fixture_store();
    let mut app = app(&mut store);
    press(&mut app, &mut store, KeyCode::Down);
    press(&mut app, &mut store, KeyCode::Enter);
    press(&mut app, &mut store, KeyCode::Char('3'));
    let bar = status_bar(&app);
    assert!(
        bar.starts_with("n new check-in  Enter/e edit  a add"),
        "{bar}"
    );
    assert!(
        !bar.contains("read-only") && !bar.contains("read the"),
        "{bar}"
    );
    press(&mut app, &mut store, KeyCode::F(1));
    let help = screen(&app, 120, 40);
    assert!(help.contains("new check-in") && !help.contains("read the check-in"));
}
