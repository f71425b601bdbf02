//! Text read in a box (the help, a check-in shown whole) scrolls as far as its last row at the
//! box's foot and no further, at the size the terminal is: no key scrolls into a blank page,
//! and the first key back moves the text.

mod common;

use common::tui::{press, screen, start};
use plp::tui::action::Action;
use plp::tui::dispatch;
use ratatui::crossterm::event::KeyCode;

/// The rows inside the box, without its border.
fn box_rows(shown: &str) -> Vec<String> {
    let lines: Vec<Vec<char>> = shown.lines().map(|l| l.chars().collect()).collect();
    let Some((top, x)) = lines
        .iter()
        .enumerate()
        .find_map(|(i, l)| l.iter().position(|c| *c == '┌').map(|x| (i, x)))
    else {
        return Vec::new();
    };
    lines[top + 1..]
        .iter()
        .take_while(|l| l.get(x) != Some(&'└'))
        .map(|l| {
            let end = l.iter().rposition(|c| *c == '│').unwrap_or(l.len());
            l[x + 1..end]
                .iter()
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect()
}

/// The help's last row, read in a terminal tall enough for all of it (its box is as wide at
/// any width from 80 columns).
fn whole_help_last_row() -> Option<String> {
    let (mut app, mut store) = start();
    dispatch(&mut app, &mut store, Action::Resized(80, 200));
    press(&mut app, &mut store, KeyCode::Char('?'));
    box_rows(&screen(&app, 80, 200))
        .into_iter()
        .rev()
        .find(|r| !r.trim().is_empty())
}

#[test]
fn the_help_ends_with_its_last_row_at_the_foot_of_the_box_at_any_size() {
    for (w, h) in [(80u16, 24u16), (120, 40), (80, 30)] {
        let (mut app, mut store) = start();
        dispatch(&mut app, &mut store, Action::Resized(w, h));
        press(&mut app, &mut store, KeyCode::Char('?'));
        press(&mut app, &mut store, KeyCode::Char('G'));
        let shown = screen(&app, w, h);
        let rows = box_rows(&shown);
        assert!(
            rows.last().is_some_and(|r| !r.trim().is_empty()),
            "{w}×{h}: the last row of the box is text\n{shown}"
        );
        let blank_at_foot = rows
            .iter()
            .rev()
            .take_while(|r| r.trim().is_empty())
            .count();
        assert_eq!(blank_at_foot, 0, "{w}×{h}\n{shown}");
        // The box's last row is the help's own last row: nothing is cut off below it.
        assert_eq!(
            rows.last(),
            whole_help_last_row().as_ref(),
            "{w}×{h}\n{shown}"
        );
        // One key back moves the text at once.
        press(&mut app, &mut store, KeyCode::Up);
        let up = screen(&app, w, h);
        assert_ne!(box_rows(&up), rows, "{w}×{h}: ↑ after End moves\n{up}");
        // PgDn and ↓ past the end change nothing.
        press(&mut app, &mut store, KeyCode::PageDown);
        press(&mut app, &mut store, KeyCode::PageDown);
        press(&mut app, &mut store, KeyCode::Down);
        assert_eq!(box_rows(&screen(&app, w, h)), rows, "{w}×{h}");
    }
}

#[test]
fn a_terminal_made_taller_keeps_the_end_of_the_help_at_its_foot() {
    let (mut app, mut store) = start();
    dispatch(&mut app, &mut store, Action::Resized(80, 24));
    press(&mut app, &mut store, KeyCode::Char('?'));
    press(&mut app, &mut store, KeyCode::Char('G'));
    dispatch(&mut app, &mut store, Action::Resized(100, 50));
    let shown = screen(&app, 100, 50);
    let rows = box_rows(&shown);
    assert!(rows.last().is_some_and(|r| !r.trim().is_empty()), "{shown}");
    press(&mut app, &mut store, KeyCode::Up);
    assert_ne!(box_rows(&screen(&app, 100, 50)), rows, "↑ moves at once");
}
