//! Hints never lie: on every screen, every key that help or the status bar shows does something.

mod common;

use common::tui::{app, render, screen};
use plp::store::Store;
use plp::tui::action::Action;
use plp::tui::keymap::{self, Ctx};
use plp::tui::state::App;
use plp::tui::{dispatch, update};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn parse(token: &str) -> KeyEvent {
    let code = match token {
        "Down" => KeyCode::Down,
        "Up" => KeyCode::Up,
        "Enter" => KeyCode::Enter,
        "Esc" => KeyCode::Esc,
        "Tab" => KeyCode::Tab,
        "F2" => KeyCode::F(2),
        t if t.chars().count() == 1 => KeyCode::Char(t.chars().next().unwrap()),
        t => panic!("unknown key {t}"),
    };
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// A fresh app and store, taken along a path of keys (and, for the conflict view, another
/// advisor's edit made meanwhile).
fn reach(path: &str) -> (App, Store) {
    let mut store = common::fixture_store();
    let mut app = app(&mut store);
    for token in path.split_whitespace() {
        if token == "LASTYEAR" {
            let id = store.find_student("Amara").unwrap();
            store
                .write(|w| {
                    let plan = w.ensure_plan(&id, "2025-26")?;
                    w.add_goal(&plp::domain::Goal {
                        plan_id: plan,
                        student_id: id.clone(),
                        title: "Read 10 books".into(),
                        ..Default::default()
                    })?;
                    Ok(())
                })
                .unwrap();
            continue;
        }
        if token == "THEIRS" {
            let id = store.find_student("Amara").unwrap();
            store
                .write(|w| {
                    w.set_text(
                        plp::store::Entity::Student,
                        &id,
                        "strengths",
                        "Theirs",
                        plp::store::Base::Current,
                    )
                })
                .unwrap();
            continue;
        }
        dispatch(&mut app, &mut store, Action::Key(parse(token)));
    }
    (app, store)
}

/// What a person can see of the app (text and styles), and whether it asked to end or stop.
fn seen(app: &App) -> (Buffer, bool, bool) {
    (render(app, 120, 40, false), app.quit, app.suspend)
}

/// Places to stand in each context (a key can do nothing in one place and something in another:
/// "up" on the first line, "1" in the first pane).
const PLACES: &[(Ctx, &[&str])] = &[
    (Ctx::Caseload, &["Down"]),
    (
        Ctx::CaseloadFiltered,
        &["/ a Enter Esc", "/ a Enter Esc Down"],
    ),
    (Ctx::Filter, &["/", "/ Down"]),
    (Ctx::Palette, &[":", ": Down"]),
    (
        Ctx::Student,
        &["Down Enter Down", "Down Enter 2 Down", "Down Enter 3"],
    ),
    (Ctx::ComposerText, &["Down n", "Down n Tab Tab"]),
    (Ctx::ComposerRate, &["Down n Tab", "Down n Tab Down"]),
    (Ctx::ComposerNext, &["Down n Tab Tab Tab Tab Tab"]),
    (Ctx::ComposerNote, &["Down n Tab Down Enter"]),
    (Ctx::Form, &["Down Enter 2 Down e", "Down Enter 2 Down e x"]),
    (Ctx::FieldForm, &["Down Enter 2 e", "Down Enter 2 e x"]),
    (Ctx::Confirm, &["Down Enter 2 Down x"]),
    (Ctx::Help, &["?", "? Down"]),
    (
        Ctx::Lines,
        &["Down Enter 3 Enter h", "Down Enter 3 Enter h Down"],
    ),
    (
        Ctx::CheckinShown,
        &["Down Enter 3 Enter", "Down Enter 3 Enter Down"],
    ),
    (Ctx::AddMenu, &["Down Enter 2 a"]),
    (Ctx::Conflict, &["Down Enter e x THEIRS F2 e"]),
    (Ctx::Reports, &["r", "r Down", "r Tab"]),
    (
        Ctx::StudentPast,
        &[
            "LASTYEAR Down Enter y",
            "LASTYEAR Down Enter y Down",
            "LASTYEAR Down Enter y 1",
        ],
    ),
    (Ctx::YearEndGoals, &["Down Enter Y", "Down Enter Y Down"]),
    (
        Ctx::YearEndText,
        &["Down Enter Y Tab", "Down Enter Y Tab Tab"],
    ),
];

#[test]
fn every_key_shown_anywhere_does_something_there() {
    let covered: Vec<Ctx> = PLACES.iter().map(|(c, _)| *c).collect();
    for ctx in Ctx::ALL {
        assert!(covered.contains(&ctx), "no place stands in {ctx:?}");
    }
    let mut checked = 0;
    for (ctx, paths) in PLACES {
        for path in *paths {
            let (app, _) = reach(path);
            assert_eq!(
                app.ctx(),
                *ctx,
                "{path:?} reaches {ctx:?}: {:?}",
                app.status
            );
        }
        let hints = keymap::hints(*ctx);
        for b in keymap::bindings(*ctx) {
            assert!(
                !b.hint
                    || hints.contains(&(b.keys, b.label))
                    || hints.iter().any(|h| h.0 == b.keys),
                "hint {} {} is in the table",
                b.keys,
                b.label
            );
            let key = KeyEvent::new(b.code, b.mods);
            let honoured = paths.iter().any(|path| {
                let (mut app, _) = reach(path);
                let before = seen(&app);
                let effects = update::update(&mut app, Action::Key(key));
                !effects.is_empty() || seen(&app) != before
            });
            assert!(
                honoured,
                "{ctx:?} shows \"{} {}\" but the key changes nothing",
                b.keys, b.label
            );
            checked += 1;
        }
    }
    assert!(checked > 80, "only {checked} keys checked");
}

#[test]
fn f1_opens_help_everywhere_and_help_lists_only_this_places_keys() {
    for (ctx, paths) in PLACES {
        let (mut app, _) = reach(paths[0]);
        update::update(
            &mut app,
            Action::Key(KeyEvent::new(KeyCode::F(1), KeyModifiers::NONE)),
        );
        if *ctx == Ctx::Help {
            assert!(app.overlays.is_empty(), "F1 closes help");
            continue;
        }
        assert_eq!(app.ctx(), Ctx::Help, "F1 in {ctx:?}");
        let screen = screen(&app, 120, 40);
        assert!(!screen.contains("choose"), "{ctx:?}: {screen}");
    }
}

#[test]
fn the_palettes_status_bar_names_what_enter_does_there() {
    let (app, _) = reach(":");
    let screen = screen(&app, 120, 40);
    let status = screen.lines().nth(39).unwrap();
    assert!(status.contains("Enter run the command"), "{status}");
    assert!(!status.contains("open student"), "{status}");
}
