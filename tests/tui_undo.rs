//! Undo, retired records and restore, and throwing a draft away, through `update` with a real
//! store; and an undo that reaches another replica by sync.

mod common;

use common::tui::{app, keys, press};
use plp::domain::{Goal, Student};
use plp::store::{Entity, Store};
use plp::tui::action::Action;
use plp::tui::dispatch;
use plp::tui::state::{App, Overlay};
use ratatui::crossterm::event::KeyCode;

fn goal(store: &Store, title: &str) -> Goal {
    let id = store.find_student("Amara").unwrap();
    let goals: Vec<Goal> = store
        .conn()
        .prepare("SELECT id FROM goals WHERE student_id = ?1 AND title = ?2")
        .unwrap()
        .query_map([&id, title], |r| r.get::<_, String>(0))
        .unwrap()
        .map(|g| store.get(Entity::Goal, &g.unwrap()).unwrap().unwrap())
        .collect();
    goals.into_iter().next().unwrap()
}

/// Amara's workspace, on her first goal.
fn on_first_goal(store: &mut Store) -> App {
    let mut app = app(store);
    press(&mut app, store, KeyCode::Down);
    press(&mut app, store, KeyCode::Enter);
    keys(&mut app, store, "2");
    press(&mut app, store, KeyCode::Down);
    app
}

#[test]
fn retire_show_restore_and_undo_each_as_a_new_change() {
    let mut s = common::fixture_store();
    let mut app = on_first_goal(&mut s);
    let ops = |s: &Store| s.ops().unwrap().len();
    let start = ops(&s);
    keys(&mut app, &mut s, "xy");
    assert!(goal(&s, "Turn in all work on time").retired);
    let shown = |app: &App| {
        app.student.as_ref().unwrap().items[1]
            .iter()
            .filter(|i| i.retired())
            .count()
    };
    assert_eq!(shown(&app), 0, "retired items are hidden");
    keys(&mut app, &mut s, ".");
    assert_eq!(shown(&app), 1, ". shows them");
    // Select the retired goal (the last line of the pane) and restore it.
    press(&mut app, &mut s, KeyCode::End);
    keys(&mut app, &mut s, "r");
    assert!(!goal(&s, "Turn in all work on time").retired, "restored");
    assert_eq!(shown(&app), 0);
    keys(&mut app, &mut s, "u");
    assert!(
        goal(&s, "Turn in all work on time").retired,
        "undo of the restore: retired again ({:?})",
        app.status
    );
    keys(&mut app, &mut s, "u");
    assert!(
        !goal(&s, "Turn in all work on time").retired,
        "undo of the retire"
    );
    assert_eq!(ops(&s), start + 4, "each change and each undo is a change");
    keys(&mut app, &mut s, "u");
    assert!(app.status.as_deref().unwrap().contains("Nothing to undo"));
    assert_eq!(ops(&s), start + 4);
}

#[test]
fn undo_puts_an_edited_field_back_and_keeps_every_version_in_its_history() {
    let mut s = common::fixture_store();
    let mut app = app(&mut s);
    press(&mut app, &mut s, KeyCode::Down);
    press(&mut app, &mut s, KeyCode::Enter);
    press(&mut app, &mut s, KeyCode::Enter); // the strengths field
    keys(&mut app, &mut s, " Also great at chess.");
    press(&mut app, &mut s, KeyCode::F(2));
    let id = s.find_student("Amara").unwrap();
    let strengths = |s: &Store| {
        s.get::<Student>(Entity::Student, &id)
            .unwrap()
            .unwrap()
            .profile
            .strengths
    };
    assert!(strengths(&s).ends_with("chess."));
    keys(&mut app, &mut s, "u");
    assert_eq!(
        strengths(&s),
        "Explains math steps out loud; kind to younger students."
    );
    // Named by its field, not as "the student".
    assert_eq!(
        app.status.as_deref(),
        Some("Undone: Strengths (as a new change).")
    );
    assert_eq!(s.history(&id, "strengths").unwrap().len(), 3);
    assert!(s.conflicts().unwrap().is_empty());
}

#[test]
fn an_added_goal_is_selected_and_undo_retires_it() {
    let mut s = common::fixture_store();
    let mut app = on_first_goal(&mut s);
    keys(&mut app, &mut s, "ag");
    keys(&mut app, &mut s, "Join the debate club");
    press(&mut app, &mut s, KeyCode::Tab);
    keys(&mut app, &mut s, "social-emotional");
    press(&mut app, &mut s, KeyCode::F(2));
    let v = app.student.as_ref().unwrap();
    match v.selected_item() {
        Some(plp::tui::state::Item::Goal(g)) => assert_eq!(g.goal.title, "Join the debate club"),
        other => panic!("the new goal is selected: {other:?} ({:?})", app.status),
    }
    keys(&mut app, &mut s, "u");
    assert!(goal(&s, "Join the debate club").retired);
    assert_eq!(
        app.status.as_deref(),
        Some("Undone: the goal (as a new change).")
    );
}

#[test]
fn a_forms_typing_is_discarded_only_after_yes() {
    let mut s = common::fixture_store();
    let mut app = app(&mut s);
    press(&mut app, &mut s, KeyCode::Down);
    press(&mut app, &mut s, KeyCode::Enter);
    press(&mut app, &mut s, KeyCode::Enter);
    keys(&mut app, &mut s, " half a thought");
    dispatch(&mut app, &mut s, Action::SaveDraftNow);
    assert_eq!(s.drafts().unwrap().len(), 1);
    press(&mut app, &mut s, KeyCode::F(8));
    keys(&mut app, &mut s, "n");
    assert!(
        matches!(app.overlays.last(), Some(Overlay::Form(_))),
        "no keeps it"
    );
    assert_eq!(s.drafts().unwrap().len(), 1);
    press(&mut app, &mut s, KeyCode::F(8));
    keys(&mut app, &mut s, "y");
    assert!(app.overlays.is_empty(), "the form closed");
    assert!(s.drafts().unwrap().is_empty(), "and its draft is gone");
}

#[test]
fn an_undo_reaches_another_replica_by_sync() {
    let (dir, db) = common::demo_db();
    let other = dir.path().join("other.db");
    common::plp(&db)
        .arg("sync")
        .arg(&other)
        .arg("--create")
        .assert()
        .success();
    let mut s = Store::open(&db).unwrap();
    let mut app = app(&mut s);
    // Retire the first goal of the first student with one, then undo it.
    press(&mut app, &mut s, KeyCode::Enter);
    keys(&mut app, &mut s, "2");
    press(&mut app, &mut s, KeyCode::Down);
    let Some(plp::tui::state::Item::Goal(g)) = app.student.as_ref().unwrap().selected_item() else {
        panic!("a goal is selected")
    };
    let id = g.goal.id.clone();
    keys(&mut app, &mut s, "xy");
    common::plp(&db).arg("sync").arg(&other).assert().success();
    let retired = |path: &std::path::Path| {
        Store::open(path)
            .unwrap()
            .get::<Goal>(Entity::Goal, &id)
            .unwrap()
            .unwrap()
            .retired
    };
    assert!(retired(&other), "the retire arrived");
    keys(&mut app, &mut s, "u");
    common::plp(&db).arg("sync").arg(&other).assert().success();
    assert!(!retired(&other), "and so did its undo");
}

#[test]
fn a_retired_goal_shown_at_80_columns_without_colour() {
    use ratatui::backend::TestBackend;
    let mut s = common::fixture_store();
    let mut app = on_first_goal(&mut s);
    keys(&mut app, &mut s, "xy.");
    press(&mut app, &mut s, KeyCode::End);
    app.status = None;
    let mut t = ratatui::Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| plp::tui::view::draw(f, &app, &plp::tui::view::Theme::new(false)))
        .unwrap();
    let buf = t.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..buf.area.height {
        let line: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        out.push_str(line.trim_end());
        out.push('\n');
    }
    insta::assert_snapshot!("student_retired_shown_80x24", out);
}

/// A retired strategy shown with the retired says so where its status goes, once, at its own
/// indent: not "[retired]" before the indent and its old "[active]" after it.
#[test]
fn a_retired_strategy_shown_reads_retired_once_at_its_indent() {
    let mut s = common::fixture_store();
    let mut app = on_first_goal(&mut s);
    press(&mut app, &mut s, KeyCode::Down);
    keys(&mut app, &mut s, "xy.");
    // Retired lines follow the others in their pane.
    press(&mut app, &mut s, KeyCode::End);
    app.status = None;
    let shown = common::tui::screen(&app, 80, 24);
    let line = shown
        .lines()
        .find(|l| l.contains("Check the portal on Mondays (1)"))
        .unwrap_or_else(|| panic!("{shown}"));
    assert!(
        line.contains("│    – Check the portal on Mondays (1) (student, weekly) [retired]"),
        "{line}"
    );
    assert!(
        !line.contains("[active]") && line.matches("retired").count() == 1,
        "{line}"
    );
}

#[test]
fn retiring_a_goal_with_a_long_title_asks_in_a_box_that_shows_its_keys() {
    let mut s = common::fixture_store();
    let amara = s.find_student("Amara").unwrap();
    let goal = s.student(&amara).unwrap().plans[0].goals[0].goal.id.clone();
    let long = "Improve reading stamina every single evening ".repeat(8);
    s.write(|w| {
        w.set(
            Entity::Goal,
            &goal,
            "title",
            long.trim().into(),
            plp::store::Base::Current,
        )
    })
    .unwrap();
    let mut app = on_first_goal(&mut s);
    keys(&mut app, &mut s, "x");
    assert!(matches!(app.overlays.last(), Some(Overlay::Confirm { .. })));
    let shown = common::tui::trimmed_screen(&app, 80, 24);
    assert!(shown.contains("(y/n)"), "{shown}");
    assert!(
        shown.contains('…'),
        "the title is cut where it is long: {shown}"
    );
}

/// Opens a student from the caseload by typing their name into the filter.
fn open_student(app: &mut App, s: &mut Store, name: &str) {
    keys(app, s, "/");
    common::tui::ctrl(app, s, 'u');
    keys(app, s, name);
    press(app, s, KeyCode::Enter);
    assert_eq!(
        app.student
            .as_ref()
            .map(|v| v.record.student.given_name.to_lowercase()),
        Some(name.to_string()),
        "{:?}",
        app.status
    );
}

/// Adds words to the open student's strengths and saves them.
fn add_to_strengths(app: &mut App, s: &mut Store, words: &str) {
    keys(app, s, "1");
    press(app, s, KeyCode::Enter);
    keys(app, s, words);
    press(app, s, KeyCode::F(2));
}

fn strengths(s: &Store, name: &str) -> String {
    let id = s.find_student(name).unwrap();
    s.get::<Student>(Entity::Student, &id)
        .unwrap()
        .unwrap()
        .profile
        .strengths
}

#[test]
fn u_on_a_students_screen_takes_back_only_that_students_changes() {
    let mut s = common::fixture_store();
    let mut app = app(&mut s);
    open_student(&mut app, &mut s, "liam");
    add_to_strengths(&mut app, &mut s, " Liam's words.");
    press(&mut app, &mut s, KeyCode::Esc);
    open_student(&mut app, &mut s, "amara");
    add_to_strengths(&mut app, &mut s, " Amara's words.");
    press(&mut app, &mut s, KeyCode::Esc);
    open_student(&mut app, &mut s, "liam");
    // Amara's change is the newest, but Liam is on screen: his is taken back.
    keys(&mut app, &mut s, "u");
    assert!(!strengths(&s, "Liam").ends_with("Liam's words."));
    assert!(strengths(&s, "Amara").ends_with("Amara's words."));
    let said = app.status.clone().unwrap();
    assert!(!said.contains("Amara"), "{said}");
    // Nothing of his is left: Amara's change stays, and she is not named.
    keys(&mut app, &mut s, "u");
    assert!(strengths(&s, "Amara").ends_with("Amara's words."));
    assert_eq!(
        app.status.as_deref(),
        Some(
            "Nothing of Liam Nguyễn to undo: the last change was to another student's plan \
             (u on the caseload undoes it)."
        )
    );
    // On the caseload, u takes it back and says whose it was.
    press(&mut app, &mut s, KeyCode::Esc);
    keys(&mut app, &mut s, "u");
    assert!(!strengths(&s, "Amara").ends_with("Amara's words."));
    let said = app.status.clone().unwrap();
    assert!(said.starts_with("Undone for Amara Okafor: "), "{said}");
    // Everything made is undone: said as it is, not as if nothing had been made.
    keys(&mut app, &mut s, "u");
    assert_eq!(
        app.status.as_deref(),
        Some("Nothing to undo: every change made since plp was opened is undone.")
    );
}

#[test]
fn nothing_to_undo_at_the_start_and_a_restore_names_the_record_as_people_say_it() {
    let mut s = common::fixture_store();
    let mut app = app(&mut s);
    keys(&mut app, &mut s, "u");
    assert_eq!(
        app.status.as_deref(),
        Some("Nothing to undo: no change was made since plp was opened.")
    );
    open_student(&mut app, &mut s, "amara");
    keys(&mut app, &mut s, "3");
    keys(&mut app, &mut s, "xy");
    assert_eq!(
        app.status.as_deref(),
        Some("Retired; it stays in the history (check-in).")
    );
    keys(&mut app, &mut s, ".");
    press(&mut app, &mut s, KeyCode::End);
    keys(&mut app, &mut s, "r");
    assert_eq!(app.status.as_deref(), Some("Restored the check-in."));
    keys(&mut app, &mut s, "u");
    assert_eq!(
        app.status.as_deref(),
        Some("Undone: restoring the check-in (as a new change).")
    );
}
