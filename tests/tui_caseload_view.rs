//! The caseload's views: my advisees or everyone, narrowed by advisor, grade, IEP/504 and due
//! state, through `update` with a real store, and drawn at 80×24 without colour.

mod common;

use plp::store::{Base, Entity, Store};
use plp::tui::action::Action;
use plp::tui::state::App;
use plp::tui::view::{self, Theme};
use plp::tui::{dispatch, effects, update};
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

/// The fixture caseload with advisors as a roster writes them: Amara and Zoë are Ms. Rivera's
/// (spelt two ways), Liam is Mr. Ortiz's.
fn store() -> Store {
    let mut s = common::fixture_store();
    for (who, advisor) in [
        ("Amara", "Rivera, Ana"),
        ("Zoë", "Ms. Rivera"),
        ("Liam", "Mr. Ortiz"),
    ] {
        let id = s.find_student(who).unwrap();
        s.write(|w| w.set_text(Entity::Student, &id, "advisor", advisor, Base::Current))
            .unwrap();
    }
    s
}

fn open(store: &mut Store, me: Option<&str>) -> App {
    let mut app = App::new(today());
    app.set_me(me.map(str::to_string));
    for a in effects::run(store, effects::Effect::LoadCaseload, today()) {
        update::update(&mut app, a);
    }
    app
}

fn key(app: &mut App, store: &mut Store, c: char) {
    dispatch(
        app,
        store,
        Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
    );
}

fn shown(app: &App) -> Vec<String> {
    app.visible
        .iter()
        .map(|i| app.caseload[*i].name.clone())
        .collect()
}

fn screen(app: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| view::draw(f, app, &Theme::new(false))).unwrap();
    let buf = t.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        for x in 0..buf.area.width {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The screen at 80×24 starts with `text` (its header).
fn starts_with(app: &App, text: &str) {
    let shown = screen(app);
    assert!(shown.starts_with(text), "{shown}");
}

#[test]
fn the_caseload_opens_on_my_advisees_and_one_key_shows_everyone_and_back() {
    let mut s = store();
    let mut app = open(&mut s, Some("Ms. Rivera"));
    assert_eq!(shown(&app), vec!["Amara Okafor", "Zoë Hartmann"]);
    starts_with(
        &app,
        "Ms. Rivera's advisees · 2 of 3 · 1 needs a check-in now",
    );
    key(&mut app, &mut s, 'm');
    assert_eq!(shown(&app).len(), 3, "everyone");
    assert!(screen(&app).starts_with("Everyone · 3 students"));
    key(&mut app, &mut s, 'm');
    assert_eq!(
        shown(&app),
        vec!["Amara Okafor", "Zoë Hartmann"],
        "and back"
    );
}

/// A name set as people type it ("rivera") is said in the header as the students' advisor
/// fields write it, after `m` twice as well.
#[test]
fn the_header_names_the_advisor_as_the_roster_writes_them() {
    let mut s = store();
    let mut app = open(&mut s, Some("rivera"));
    assert_eq!(shown(&app), vec!["Amara Okafor", "Zoë Hartmann"]);
    starts_with(&app, "Ms. Rivera's advisees · 2 of 3");
    key(&mut app, &mut s, 'm');
    key(&mut app, &mut s, 'm');
    starts_with(&app, "Ms. Rivera's advisees · 2 of 3");
    // The narrowing line and the Reports screen name them the same way.
    assert!(
        screen(&app)
            .lines()
            .nth(1)
            .unwrap()
            .contains("a Ms. Rivera"),
        "{}",
        screen(&app)
    );
    key(&mut app, &mut s, 'r');
    assert_eq!(
        app.reports.as_ref().unwrap().advisor.as_deref(),
        Some("Ms. Rivera")
    );
}

/// A roster that writes the advisor "Rivera, Ana" is said the way a person reads it, and the
/// Reports screen opened from there narrows to the same students.
#[test]
fn a_last_first_advisor_is_said_first_name_first() {
    let mut s = store();
    let zoe = s.find_student("Zoë").unwrap();
    s.write(|w| {
        w.set_text(
            Entity::Student,
            &zoe,
            "advisor",
            "Rivera, Ana",
            Base::Current,
        )
    })
    .unwrap();
    let mut app = open(&mut s, Some("Ms. Rivera"));
    starts_with(&app, "Ana Rivera's advisees · 2 of 3");
    key(&mut app, &mut s, 'r');
    let view = app.reports.as_ref().unwrap();
    assert_eq!(view.advisor.as_deref(), Some("Ana Rivera"));
    let f = view.filter(today());
    let rows = plp::report::completeness::completeness(&s, &f, today()).unwrap();
    assert_eq!(rows.len(), 2, "the same two students");
}

#[test]
fn without_a_name_set_the_caseload_shows_everyone_and_says_how_to_set_one() {
    let mut s = store();
    let mut app = open(&mut s, None);
    assert_eq!(shown(&app).len(), 3);
    key(&mut app, &mut s, 'm');
    assert_eq!(shown(&app).len(), 3, "nothing narrowed");
    assert!(
        app.status
            .as_deref()
            .unwrap_or("")
            .contains("plp config advisor"),
        "{:?}",
        app.status
    );
}

#[test]
fn it_narrows_by_advisor_grade_flags_and_due_and_esc_goes_back_to_the_opening_view() {
    let mut s = store();
    let mut app = open(&mut s, Some("Rivera"));
    key(&mut app, &mut s, 'm'); // everyone
    key(&mut app, &mut s, 'a'); // the first advisor, alphabetically
    assert_eq!(shown(&app), vec!["Liam Nguyễn"], "Mr. Ortiz's");
    key(&mut app, &mut s, 'a');
    assert_eq!(shown(&app).len(), 2, "Ms. Rivera's, however it is spelt");
    assert!(
        screen(&app).contains("a Ms. Rivera ·"),
        "\"Rivera, Ana\" is the same advisor, offered once"
    );
    key(&mut app, &mut s, 'a');
    assert_eq!(shown(&app).len(), 3, "after the last advisor, everyone");
    key(&mut app, &mut s, 'y');
    assert_eq!(shown(&app), vec!["Zoë Hartmann"], "grade 7");
    let header = screen(&app).lines().next().unwrap_or("").to_string();
    assert!(
        header.starts_with("Everyone · grade 7 · 1 of 3 · "),
        "the header names the view as a sentence starts: {header}"
    );
    key(&mut app, &mut s, 'y');
    assert_eq!(shown(&app), vec!["Amara Okafor"], "grade 9");
    key(&mut app, &mut s, 'i');
    assert_eq!(shown(&app), vec!["Amara Okafor"], "IEP");
    key(&mut app, &mut s, 'i');
    assert!(shown(&app).is_empty(), "504 in grade 9: nobody");
    let text = screen(&app)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        text.contains(
            "No student in this view matches grade 9 (y) · 504 (i). \
             Esc clears the narrowing and shows your advisees."
        ) && !text.contains("clears the filter"),
        "{text}"
    );
    dispatch(
        &mut app,
        &mut s,
        Action::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)),
    );
    assert_eq!(
        shown(&app),
        vec!["Amara Okafor", "Zoë Hartmann"],
        "Esc: the opening view"
    );
    key(&mut app, &mut s, 'd');
    assert_eq!(shown(&app), vec!["Amara Okafor"], "overdue or not met");
    let header = screen(&app).lines().next().unwrap_or("").to_string();
    assert!(
        header.contains(" · due: overdue or not yet met · "),
        "the due narrowing reads as English: {header}"
    );
    key(&mut app, &mut s, 'd');
    assert!(shown(&app).is_empty(), "this week");
    key(&mut app, &mut s, 'd');
    assert_eq!(shown(&app), vec!["Zoë Hartmann"], "later");
}

/// With no advisor name set the view is already everyone: the empty view names the narrowings
/// that are on and the key that clears them, never `m` (which would only say no name is set).
#[test]
fn an_empty_narrowed_view_names_only_keys_that_help() {
    let mut s = store();
    let mut app = open(&mut s, None);
    for c in ['y', 'i', 'd'] {
        key(&mut app, &mut s, c);
    }
    assert!(shown(&app).is_empty(), "grade 7, IEP, due now: nobody");
    let text = screen(&app)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        text.contains(
            "No student in this view matches grade 7 (y) · IEP (i) · due: overdue or not yet met (d). \
             Esc clears the narrowing and shows everyone."
        ),
        "{text}"
    );
    assert!(!text.contains("m shows"), "{text}");
    assert!(!text.contains("opening view"), "{text}");
    dispatch(
        &mut app,
        &mut s,
        Action::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)),
    );
    assert_eq!(shown(&app).len(), 3, "Esc shows everyone, as it said");
}

#[test]
fn the_filter_also_matches_the_advisor() {
    let mut s = store();
    let mut app = open(&mut s, None);
    key(&mut app, &mut s, '/');
    for c in "ortiz".chars() {
        key(&mut app, &mut s, c);
    }
    assert_eq!(shown(&app), vec!["Liam Nguyễn"]);
}

#[test]
fn the_header_and_the_narrow_bar_at_80_columns() {
    let mut s = store();
    let mut app = open(&mut s, Some("Ms. Rivera"));
    key(&mut app, &mut s, 'y');
    key(&mut app, &mut s, 'y');
    insta::assert_snapshot!("caseload_my_advisees_grade_80x24", screen(&app));
}

#[test]
fn an_advisor_with_no_advisees_is_told_so_and_how_to_see_everyone() {
    let mut s = store();
    let mut app = open(&mut s, Some("Mr. Nobody"));
    assert!(shown(&app).is_empty());
    let text = screen(&app);
    assert!(
        text.contains("No student has Mr. Nobody as advisor. m shows everyone"),
        "{text}"
    );
    assert!(
        !text.contains("clears the filter"),
        "no filter was typed:\n{text}"
    );
    key(&mut app, &mut s, 'm');
    assert!(!shown(&app).is_empty(), "m shows everyone");
}

#[test]
fn a_caseload_of_one_says_one_student() {
    let mut s = Store::in_memory().unwrap();
    s.write(|w| {
        w.add_student(&plp::domain::Student {
            sis_id: "1".into(),
            given_name: "Ada".into(),
            family_name: "Abbott".into(),
            ..Default::default()
        })
    })
    .unwrap();
    let app = open(&mut s, None);
    let top = common::tui::screen(&app, 80, 24);
    let first = top.lines().next().unwrap_or_default();
    assert!(first.starts_with("Everyone · 1 student · "), "{first}");
}

#[test]
fn pre_k_and_kindergarten_are_named_in_the_grade_column_the_filter_and_the_header() {
    let mut s = store();
    for (who, grade) in [("Zoë", -1), ("Liam", 0)] {
        let id = s.find_student(who).unwrap();
        s.write(|w| {
            w.set(
                Entity::Student,
                &id,
                "grade",
                serde_json::json!(grade),
                Base::Current,
            )
        })
        .unwrap();
    }
    let mut app = open(&mut s, None);
    let rows = screen(&app);
    let row = |name: &str| {
        rows.lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} in:\n{rows}"))
            .to_string()
    };
    assert!(row("Zoë Hartmann").contains(" PK "), "{rows}");
    assert!(row("Liam Nguyễn").contains("  K "), "{rows}");
    assert!(!rows.contains("-1"), "{rows}");
    key(&mut app, &mut s, 'y');
    assert_eq!(shown(&app), vec!["Zoë Hartmann"]);
    let shown_now = screen(&app);
    assert!(
        shown_now
            .lines()
            .next()
            .unwrap()
            .starts_with("Everyone · pre-K · "),
        "{shown_now}"
    );
    assert!(
        shown_now.contains("y pre-K"),
        "the grade key's hint:\n{shown_now}"
    );
    key(&mut app, &mut s, 'y');
    let shown_now = screen(&app);
    assert!(shown_now.contains("y kindergarten"), "{shown_now}");
}

/// At 120 columns the caseload beside a student's panes says on its first row when it is
/// narrowed by a filter, so that it is not read as the whole caseload.
#[test]
fn the_caseload_beside_the_panes_says_it_is_filtered() {
    use common::tui::{app, keys, press, screen};
    let mut store = common::fixture_store();
    let mut app = app(&mut store);
    keys(&mut app, &mut store, "/okaf");
    press(&mut app, &mut store, KeyCode::Enter);
    let shown = screen(&app, 120, 40);
    let second = shown.lines().nth(1).unwrap_or_default();
    assert!(second.starts_with("/okaf · 1 of 3"), "{shown}");
    // Unfiltered, the list starts with its first student.
    let mut app = common::tui::app(&mut store);
    press(&mut app, &mut store, KeyCode::Enter);
    let shown = screen(&app, 120, 40);
    assert!(!shown.contains(" of 3"), "{shown}");
}
