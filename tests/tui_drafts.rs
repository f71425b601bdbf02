//! Drafts belong to one record of one student, and typing that cannot be kept stays on screen.

mod common;

use common::tui::{app, ctrl, keys, press, screen, today};
use plp::store::{DraftKey, Store};
use plp::tui::action::Action;
use plp::tui::state::{App, Overlay, Screen};
use plp::tui::{dispatch, effects, update};
use ratatui::crossterm::event::KeyCode;

fn form_texts(app: &App) -> Vec<String> {
    let Some(Overlay::Form(f)) = app.overlays.last() else {
        panic!("a form is open: {:?}", app.status);
    };
    f.fields.iter().map(|x| x.area.lines().join("\n")).collect()
}

fn goal_titles(store: &Store, name: &str) -> Vec<String> {
    let id = store.find_student(name).unwrap();
    store
        .student(&id)
        .unwrap()
        .plans
        .iter()
        .flat_map(|p| p.goals.iter().map(|g| g.goal.title.clone()))
        .collect()
}

/// Opens a new goal's form for the student on caseload line `line`.
fn new_goal_for(app: &mut App, store: &mut Store, line: usize) {
    while app.screen != Screen::Caseload {
        press(app, store, KeyCode::Esc);
    }
    press(app, store, KeyCode::Char('g'));
    for _ in 0..line {
        press(app, store, KeyCode::Down);
    }
    press(app, store, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Student);
    press(app, store, KeyCode::Char('2'));
    press(app, store, KeyCode::Char('a'));
    press(app, store, KeyCode::Char('g'));
}

#[test]
fn a_goal_typed_for_one_student_never_reaches_another() {
    let mut store = common::fixture_store();
    let mut app = app(&mut store);
    let amara_before = goal_titles(&store, "Amara");
    // Caseload: Liam, Amara, Zoë. A new goal for Amara, left with Esc.
    new_goal_for(&mut app, &mut store, 1);
    keys(&mut app, &mut store, "Words typed for Amara");
    press(&mut app, &mut store, KeyCode::Esc);
    assert!(app.overlays.is_empty(), "{:?}", app.status);
    assert_eq!(store.drafts().unwrap().len(), 1, "kept as a draft");
    // Another student, a new goal, saved.
    new_goal_for(&mut app, &mut store, 0);
    assert!(
        form_texts(&app)
            .iter()
            .all(|t| t.is_empty() || t == "active"),
        "another student's form starts empty (but for the status a new goal starts with): {:?}",
        form_texts(&app)
    );
    press(&mut app, &mut store, KeyCode::F(2));
    assert!(
        !goal_titles(&store, "Liam").contains(&"Words typed for Amara".to_string()),
        "Liam's plan holds Amara's words"
    );
    new_goal_for(&mut app, &mut store, 0);
    keys(&mut app, &mut store, "Liam's own goal");
    press(&mut app, &mut store, KeyCode::Tab);
    keys(&mut app, &mut store, "academic");
    press(&mut app, &mut store, KeyCode::F(2));
    assert!(app.overlays.is_empty(), "{:?}", app.status);
    let liam = goal_titles(&store, "Liam");
    assert!(liam.contains(&"Liam's own goal".to_string()), "{liam:?}");
    assert!(
        !liam.contains(&"Words typed for Amara".to_string()),
        "{liam:?}"
    );
    assert_eq!(goal_titles(&store, "Amara"), amara_before);
    // Amara's words wait for her.
    new_goal_for(&mut app, &mut store, 1);
    assert_eq!(form_texts(&app)[0], "Words typed for Amara");
}

#[test]
fn an_older_plps_drafts_are_placed_or_kept_aside_never_shown_for_a_student() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    let amara = {
        let mut store = Store::open(&db).unwrap();
        let fixture = common::fixture_store();
        let id = fixture.find_student("Amara").unwrap();
        let rec = fixture.student(&id).unwrap();
        store.write(|w| w.add_student(&rec.student)).unwrap()
    };
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        let ins = |k: &str, body: &str| {
            conn.execute(
                "INSERT INTO drafts (key, body, updated) VALUES (?1, ?2, '2026-11-20T10:00:00Z')",
                [k, body],
            )
            .unwrap();
        };
        ins(
            &format!("checkin:{amara}"),
            &serde_json::json!({"student_id": amara, "words": "Said last week", "ratings": [],
                "verdicts": [], "adjustments": "", "notes": "", "restricted": false,
                "steps": "", "weeks": 5})
            .to_string(),
        );
        ins(
            "form:goal:new:2026-27",
            r#"{"title":"A goal typed for someone"}"#,
        );
        ins(
            &format!("form:student:{amara}"),
            r#"{"strengths":"Draws well"}"#,
        );
    }
    let mut store = Store::open(&db).unwrap();
    let mut app = app(&mut store);
    for a in effects::run(&mut store, effects::Effect::FindDrafts, today()) {
        update::update(&mut app, a);
    }
    let keys: Vec<DraftKey> = store.drafts().unwrap().into_iter().map(|d| d.key).collect();
    assert_eq!(keys.len(), 2, "{keys:?}");
    assert!(keys.contains(&DraftKey::checkin(&amara)));
    assert!(keys.iter().all(|k| k.student == amara));
    let unplaced = store.unplaced_drafts().unwrap();
    assert_eq!(unplaced.len(), 1);
    assert_eq!(unplaced[0].old_key, "form:goal:new:2026-27");
    // Offered to resume: Amara's check-in. Shown for copying: the goal nobody can be sure of.
    let shown = app.overlays.iter().any(|o| {
        matches!(o, Overlay::Lines { lines, .. } if lines.iter().any(|l| l.contains("A goal typed for someone")))
    });
    assert!(shown, "the unplaced typing is shown to be copied");
    assert!(matches!(app.overlays.last(), Some(Overlay::Lines { .. })));
    press(&mut app, &mut store, KeyCode::Esc);
    assert!(
        matches!(app.overlays.last(), Some(Overlay::Confirm { question, .. }) if question.contains("Amara"))
    );
    press(&mut app, &mut store, KeyCode::Char('y'));
    assert_eq!(app.screen, Screen::Composer);
    assert_eq!(
        app.composer.as_ref().unwrap().words.lines().join(""),
        "Said last week"
    );
    // Her profile field's draft is back in the profile form; a new goal's form starts empty.
    press(&mut app, &mut store, KeyCode::Esc);
    assert_eq!(app.screen, Screen::Student);
    press(&mut app, &mut store, KeyCode::Char('e'));
    let texts = form_texts(&app);
    assert_eq!(texts.len(), 7, "the whole profile");
    assert_eq!(texts[0], "Draws well");
    press(&mut app, &mut store, KeyCode::Esc);
    press(&mut app, &mut store, KeyCode::Char('2'));
    press(&mut app, &mut store, KeyCode::Char('a'));
    press(&mut app, &mut store, KeyCode::Char('g'));
    assert!(form_texts(&app)
        .iter()
        .all(|t| t.is_empty() || t == "active"));
}

/// A demo database that opens read-only (written by a newer plp): every draft save fails.
fn unwritable() -> (tempfile::TempDir, Store) {
    let (dir, db) = common::demo_db();
    rusqlite::Connection::open(&db)
        .unwrap()
        .pragma_update(None, "user_version", 9999)
        .unwrap();
    let store = Store::open(&db).unwrap();
    assert!(store.read_only_reason().is_some());
    (dir, store)
}

#[test]
fn typing_that_cannot_be_saved_stays_on_screen_and_esc_says_why() {
    let (_dir, mut store) = unwritable();
    let mut app = app(&mut store);
    // As when the file stops taking writes after the app has opened, or a full disk at its
    // opening (a file that cannot be written for good opens nothing to type into: see
    // `a_file_that_cannot_be_written_opens_nothing_to_type_in`).
    app.typing_refused = false;
    press(&mut app, &mut store, KeyCode::Char('n'));
    assert_eq!(app.screen, Screen::Composer, "{:?}", app.status);
    keys(&mut app, &mut store, "Words that matter");
    dispatch(&mut app, &mut store, Action::SaveDraftNow);
    let status = app.status.clone().unwrap_or_default();
    assert!(
        status.starts_with("Not saved (F2 retries; Ctrl-C twice quits")
            && status.contains("read-only"),
        "{status}"
    );
    assert!(status.contains("loses it"), "{status}");
    assert!(
        app.unsaved.is_some() && app.draft_dirty,
        "tried again while typing"
    );
    // Esc does not close it.
    press(&mut app, &mut store, KeyCode::Esc);
    assert_eq!(app.screen, Screen::Composer);
    let words = app.composer.as_ref().unwrap().words.lines().join("");
    assert_eq!(words, "Words that matter");
    assert!(app.status.as_deref().unwrap_or("").contains("Still open"));
    // Neither does q-as-quit: Ctrl-C once warns, twice quits.
    ctrl(&mut app, &mut store, 'c');
    assert!(!app.quit);
    assert!(app.status.as_deref().unwrap_or("").contains("Ctrl-C again"));
    ctrl(&mut app, &mut store, 'c');
    assert!(app.quit);
}

#[test]
fn a_form_whose_typing_cannot_be_saved_stays_open() {
    let (_dir, mut store) = unwritable();
    let mut app = app(&mut store);
    // As when the file stops taking writes after the app has opened (at its opening, nothing
    // that would write is opened: see `a_file_that_cannot_be_written_opens_nothing_to_type_in`).
    press(&mut app, &mut store, KeyCode::Enter);
    app.typing_refused = false;
    press(&mut app, &mut store, KeyCode::Char('e'));
    keys(&mut app, &mut store, " and more");
    press(&mut app, &mut store, KeyCode::Esc);
    assert!(
        matches!(app.overlays.last(), Some(Overlay::Form(f)) if f.error.as_deref().unwrap_or("").contains("Not saved")),
        "{:?}",
        app.status
    );
    assert!(form_texts(&app)[0].ends_with(" and more"));
    // Ctrl-C with another key between starts again.
    ctrl(&mut app, &mut store, 'c');
    press(&mut app, &mut store, KeyCode::Char('!'));
    ctrl(&mut app, &mut store, 'c');
    assert!(!app.quit, "two Ctrl-C in a row, not apart");
}

#[test]
fn with_nothing_unsaved_ctrl_c_quits_at_once_and_keeps_drafts() {
    let mut store = common::fixture_store();
    let mut app = app(&mut store);
    press(&mut app, &mut store, KeyCode::Char('n'));
    keys(&mut app, &mut store, "Half");
    ctrl(&mut app, &mut store, 'c');
    assert!(app.quit);
    assert_eq!(store.drafts().unwrap().len(), 1);
}

#[test]
fn a_draft_save_while_another_program_writes_says_so_at_once_and_succeeds_later() {
    let (_dir, db) = common::demo_db();
    let mut store = Store::open(&db).unwrap();
    let mut app = app(&mut store);
    press(&mut app, &mut store, KeyCode::Char('n'));
    keys(&mut app, &mut store, "Typed during a sync");
    let other = rusqlite::Connection::open(&db).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let started = std::time::Instant::now();
    dispatch(&mut app, &mut store, Action::SaveDraftNow);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(3),
        "typing froze for {:?}",
        started.elapsed()
    );
    let status = app.status.clone().unwrap_or_default();
    assert!(
        status.starts_with("Not saved (") && status.contains("busy"),
        "{status}"
    );
    press(&mut app, &mut store, KeyCode::Esc);
    assert_eq!(app.screen, Screen::Composer, "not closed while unsaved");
    other.execute_batch("COMMIT").unwrap();
    // The next save (a second later, or Esc) keeps it and the warning goes.
    press(&mut app, &mut store, KeyCode::Esc);
    assert_ne!(app.screen, Screen::Composer, "{:?}", app.status);
    assert!(app.unsaved.is_none());
    assert!(store.drafts().unwrap()[0]
        .body
        .contains("Typed during a sync"));
}

/// Typing saved in a file that has since become a reading copy of the hub (a teacher's login)
/// is shown at start to be copied, with whose it is, and not offered to resume (it could never
/// be saved there); it stays in the file.
#[test]
fn a_reading_copys_drafts_are_shown_to_be_copied_not_offered() {
    let mut store = common::fixture_store();
    let amara = store.find_student("Amara").unwrap();
    let body = serde_json::json!({"student_id": amara, "words": "Finished the lab report",
        "ratings": [], "verdicts": [], "adjustments": "", "notes": "", "restricted": false,
        "steps": "", "weeks": 5})
    .to_string();
    store.save_draft(&DraftKey::checkin(&amara), &body).unwrap();
    store.set_reading_copy(Some("tj")).unwrap();
    let mut app = app(&mut store);
    for a in effects::run(&mut store, effects::Effect::FindDrafts, today()) {
        update::update(&mut app, a);
    }
    let Some(Overlay::Lines { lines, .. }) = app.overlays.last() else {
        panic!("the typing is shown: {:?}", app.overlays.len());
    };
    let text = lines.join("\n");
    assert!(text.contains("login tj only reads the hub"), "{text}");
    assert!(text.contains("Amara"), "{text}");
    assert!(text.contains("check-in"), "{text}");
    assert!(text.contains("Finished the lab report"), "{text}");
    // For a person: no ids, and when it was saved as a date and time.
    assert!(
        !text.contains("student_id") && !text.contains(&amara),
        "{text}"
    );
    let stamp = store.drafts().unwrap()[0].updated.clone();
    assert!(!text.contains(&stamp), "{text}");
    let saved = chrono::DateTime::parse_from_rfc3339(&stamp)
        .unwrap()
        .with_timezone(&chrono::Local)
        .format("%-d %b %Y %H:%M")
        .to_string();
    assert!(text.contains(&saved), "{text}");
    press(&mut app, &mut store, KeyCode::Esc);
    assert!(
        !app.overlays
            .iter()
            .any(|o| matches!(o, Overlay::Confirm { .. })),
        "nothing is offered to resume"
    );
    assert_eq!(store.drafts().unwrap().len(), 1, "kept in the file");
}

/// Runs what the app runs at start: the drafts from last time are offered.
fn offers_at_start(app: &mut App, store: &mut Store) {
    for a in effects::run(store, effects::Effect::FindDrafts, today()) {
        update::update(app, a);
    }
}

fn question(app: &App) -> String {
    match app.overlays.last() {
        Some(Overlay::Confirm { question, .. }) => question.clone(),
        _ => panic!("an offer is open: {:?}", app.status),
    }
}

/// A form left half-typed is offered at the next start as a check-in is: whose and what it is,
/// opened again with its typing when taken, kept for later when not.
#[test]
fn a_half_typed_form_is_offered_at_the_next_start() {
    let mut store = common::fixture_store();
    let mut app = app(&mut store);
    new_goal_for(&mut app, &mut store, 1);
    keys(&mut app, &mut store, "Test goal");
    press(&mut app, &mut store, KeyCode::Esc);
    assert!(app.overlays.is_empty(), "{:?}", app.status);
    assert_eq!(
        app.status.as_deref(),
        Some("Kept as a draft: open it again, or resume it at the next start.")
    );
    // Next start: set aside.
    let mut app = common::tui::app(&mut store);
    offers_at_start(&mut app, &mut store);
    let q = question(&app);
    assert!(q.contains("new goal for Amara"), "{q}");
    press(&mut app, &mut store, KeyCode::Char('n'));
    assert!(app.overlays.is_empty());
    assert_eq!(app.screen, Screen::Caseload);
    assert_eq!(store.drafts().unwrap().len(), 1, "kept for later");
    // The start after: taken, the form opens on her with the typing back.
    let mut app = common::tui::app(&mut store);
    offers_at_start(&mut app, &mut store);
    press(&mut app, &mut store, KeyCode::Char('y'));
    assert_eq!(app.screen, Screen::Student);
    let view = app.student.as_ref().unwrap();
    assert_eq!(view.record.student.id, store.find_student("Amara").unwrap());
    assert_eq!(form_texts(&app)[0], "Test goal");
    // Another's profile typing is offered by the form it was typed in.
    // (A form left in a later field goes on there: see the test below.)
    press(&mut app, &mut store, KeyCode::Esc);
    press(&mut app, &mut store, KeyCode::Esc);
    press(&mut app, &mut store, KeyCode::Enter);
    press(&mut app, &mut store, KeyCode::Char('e'));
    keys(&mut app, &mut store, " and more");
    press(&mut app, &mut store, KeyCode::Esc);
    let mut app = common::tui::app(&mut store);
    offers_at_start(&mut app, &mut store);
    let mut questions = Vec::new();
    while matches!(app.overlays.last(), Some(Overlay::Confirm { .. })) {
        questions.push(question(&app));
        press(&mut app, &mut store, KeyCode::Char('n'));
    }
    assert_eq!(questions.len(), 2, "{questions:?}");
    assert!(
        questions
            .iter()
            .any(|q| q.contains("changes to the profile for Liam")),
        "{questions:?}"
    );
    assert_eq!(store.drafts().unwrap().len(), 2);
    assert!(questions[0].contains("keeps the other draft for the next start"));
    // Taking one keeps the other for the next start, not asked over the open form.
    let mut app = common::tui::app(&mut store);
    offers_at_start(&mut app, &mut store);
    press(&mut app, &mut store, KeyCode::Char('y'));
    assert!(matches!(app.overlays.last(), Some(Overlay::Form(_))));
    assert!(!app
        .overlays
        .iter()
        .any(|o| matches!(o, Overlay::Confirm { .. })));
    assert_eq!(store.drafts().unwrap().len(), 2);
}

/// Typing that goes on before the offers at start are read answers none of them: the first key
/// that is not an answer puts every offer away (each draft kept), so a `y` further on in the
/// typing resumes nothing, and nothing typed lands in an old draft.
#[test]
fn typing_ahead_over_the_offers_at_start_resumes_no_draft() {
    let mut store = common::fixture_store();
    let mut app = app(&mut store);
    new_goal_for(&mut app, &mut store, 1);
    keys(&mut app, &mut store, "Old goal");
    press(&mut app, &mut store, KeyCode::Esc);
    new_goal_for(&mut app, &mut store, 2);
    keys(&mut app, &mut store, "Another old goal");
    press(&mut app, &mut store, KeyCode::Esc);
    assert_eq!(store.drafts().unwrap().len(), 2);
    let mut app = common::tui::app(&mut store);
    offers_at_start(&mut app, &mut store);
    let q = question(&app);
    assert!(q.contains("Resume the unsaved"), "{q}");
    // A draft typed on another day than the app's today says when it was typed.
    let typed_on = chrono::Local::now().date_naive();
    if typed_on != today() {
        let when = format!(", typed {}?", plp::domain::show_date(typed_on));
        assert!(q.contains(&when), "{q}");
    } else {
        assert!(!q.contains(", typed"), "{q}");
    }
    // Typed without reading the screen: Enter, then words with a y in them.
    press(&mut app, &mut store, KeyCode::Enter);
    assert!(
        !app.overlays
            .iter()
            .any(|o| matches!(o, Overlay::Confirm { .. })),
        "every offer is put away at once"
    );
    assert_eq!(
        app.status.as_deref(),
        Some(
            "Typing closed the question: the unsaved drafts for Zoë Hartmann and Amara Okafor are \
             kept for later, each marked on the caseload (✎) and in its student's pane."
        )
    );
    keys(&mut app, &mut store, "Apply");
    assert!(
        !app.overlays.iter().any(|o| matches!(o, Overlay::Form(_))),
        "no draft was resumed"
    );
    assert_eq!(store.drafts().unwrap().len(), 2, "both kept");
    // A question asked in the app is closed as a no by typing, too.
    press(&mut app, &mut store, KeyCode::Esc);
    while app.screen != Screen::Caseload {
        press(&mut app, &mut store, KeyCode::Esc);
    }
    press(&mut app, &mut store, KeyCode::Char('g'));
    press(&mut app, &mut store, KeyCode::Down);
    press(&mut app, &mut store, KeyCode::Enter);
    press(&mut app, &mut store, KeyCode::Char('2'));
    press(&mut app, &mut store, KeyCode::Down);
    let goals = goal_titles(&store, "Amara");
    press(&mut app, &mut store, KeyCode::Char('x'));
    assert!(
        matches!(app.overlays.last(), Some(Overlay::Confirm { .. })),
        "{}",
        screen(&app, 80, 24)
    );
    keys(&mut app, &mut store, "O");
    assert!(app.overlays.is_empty(), "{:?}", app.overlays.len());
    assert_eq!(
        app.status.as_deref(),
        Some("Typing closed the question, as a no: nothing was done.")
    );
    assert_eq!(goal_titles(&store, "Amara"), goals, "nothing retired");
}

/// One draft put away by typing over its offer is spoken of as one, with two or three drafts
/// for one student as drafts for that student.
#[test]
fn typing_over_one_offer_speaks_of_one_draft() {
    let mut store = common::fixture_store();
    let mut app = app(&mut store);
    new_goal_for(&mut app, &mut store, 1);
    keys(&mut app, &mut store, "Old goal");
    press(&mut app, &mut store, KeyCode::Esc);
    assert_eq!(store.drafts().unwrap().len(), 1);
    let mut app = common::tui::app(&mut store);
    offers_at_start(&mut app, &mut store);
    press(&mut app, &mut store, KeyCode::Enter);
    assert_eq!(
        app.status.as_deref(),
        Some(
            "Typing closed the question: the unsaved draft for Amara Okafor is kept for later, \
             marked on the caseload (✎) and in the student's pane."
        )
    );
    assert!(app.overlays.is_empty());
    // A second draft for her: two drafts, one name.
    press(&mut app, &mut store, KeyCode::Char('g'));
    press(&mut app, &mut store, KeyCode::Down);
    press(&mut app, &mut store, KeyCode::Enter);
    press(&mut app, &mut store, KeyCode::Char('e'));
    keys(&mut app, &mut store, " and more");
    press(&mut app, &mut store, KeyCode::Esc);
    assert_eq!(store.drafts().unwrap().len(), 2);
    let mut app = common::tui::app(&mut store);
    offers_at_start(&mut app, &mut store);
    press(&mut app, &mut store, KeyCode::Enter);
    assert_eq!(
        app.status.as_deref(),
        Some(
            "Typing closed the question: the unsaved drafts for Amara Okafor are kept for later, \
             each marked on the caseload (✎) and in its student's pane."
        )
    );
}

/// A year-end review left half done is offered at the next start too, and taken it opens the
/// review with its choices and typing back.
#[test]
fn a_half_done_year_end_review_is_offered_at_the_next_start() {
    let mut store = common::fixture_store();
    let mut app = app(&mut store);
    press(&mut app, &mut store, KeyCode::Down);
    press(&mut app, &mut store, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Student);
    keys(&mut app, &mut store, "YYm");
    for _ in 0..3 {
        press(&mut app, &mut store, KeyCode::Tab);
    }
    keys(&mut app, &mut store, "Half a summ");
    press(&mut app, &mut store, KeyCode::Esc);
    assert_eq!(store.drafts().unwrap().len(), 1);
    let mut app = common::tui::app(&mut store);
    offers_at_start(&mut app, &mut store);
    let q = question(&app);
    assert!(q.contains("year-end review for Amara"), "{q}");
    press(&mut app, &mut store, KeyCode::Char('y'));
    assert_eq!(app.screen, Screen::YearEnd, "{:?}", app.status);
    let y = app.year_end.as_ref().unwrap();
    assert_eq!(y.summary.lines().join(""), "Half a summ");
    assert_eq!(y.choices[0], Some(plp::domain::GoalChoice::Met));
}

/// Typing kept for something that can no longer be opened (a goal retired since, here or by a
/// sync; a year-end review for another year) is never dropped unseen: at the next start it is
/// shown to be copied, then kept unless the person says to throw it away.
#[test]
fn typing_for_something_no_longer_open_is_shown_and_kept_until_thrown_away() {
    let mut store = common::fixture_store();
    let amara = store.find_student("Amara").unwrap();
    let goal = store.student(&amara).unwrap().plans[0].goals[0]
        .goal
        .id
        .clone();
    store
        .save_draft(
            &DraftKey {
                student: amara.clone(),
                kind: plp::store::Entity::Goal,
                record: plp::store::DraftRecord::Existing(goal.clone()),
                field: plp::store::DraftField::Whole,
            },
            r#"{"title":"Read two chapters a week, with a log"}"#,
        )
        .unwrap();
    store
        .save_draft(
            &DraftKey::year_end(&amara, "2019-20"),
            r#"{"student_id":"x","to_year":"2019-20","choices":[],"date":"","who":"","summary":"A summary from long ago"}"#,
        )
        .unwrap();
    store
        .write(|w| w.retire(plp::store::Entity::Goal, &goal))
        .unwrap();
    let shown = |app: &App| -> Vec<String> {
        match app.overlays.last() {
            Some(Overlay::Lines { lines, .. }) => lines.clone(),
            _ => panic!("typing is shown: {:?}", app.overlays.len()),
        }
    };
    let mut app = app(&mut store);
    offers_at_start(&mut app, &mut store);
    let lines = shown(&app).join("\n");
    assert!(
        lines.contains("Amara") && lines.contains("changes to a goal no longer in the record"),
        "{lines}"
    );
    assert!(
        lines.contains("title: Read two chapters a week, with a log"),
        "{lines}"
    );
    assert!(
        lines.contains("year-end review making the 2019-20 plan"),
        "{lines}"
    );
    assert!(
        lines.contains("summary: A summary from long ago"),
        "{lines}"
    );
    // Read, then asked; n keeps both for the next start.
    press(&mut app, &mut store, KeyCode::Esc);
    let q = question(&app);
    assert!(
        q.contains("Throw away the typing just shown (2 drafts)"),
        "{q}"
    );
    press(&mut app, &mut store, KeyCode::Char('n'));
    assert!(app.overlays.is_empty());
    assert_eq!(store.drafts().unwrap().len(), 2, "kept");
    // The goal brought back: its typing is offered to resume again, as any draft is.
    let restore = |store: &mut Store, retired: bool| {
        store
            .write(|w| {
                w.set(
                    plp::store::Entity::Goal,
                    &goal,
                    "retired",
                    retired.into(),
                    plp::store::Base::Current,
                )
            })
            .unwrap();
    };
    restore(&mut store, false);
    let mut app = common::tui::app(&mut store);
    offers_at_start(&mut app, &mut store);
    press(&mut app, &mut store, KeyCode::Esc); // the review's typing, shown to be copied
    press(&mut app, &mut store, KeyCode::Char('n')); // kept
    let q = question(&app);
    assert!(q.contains("Resume the unsaved changes to the goal"), "{q}");
    restore(&mut store, true);
    // Shown again at the next start; y throws it away.
    let mut app = common::tui::app(&mut store);
    offers_at_start(&mut app, &mut store);
    assert!(shown(&app).join("\n").contains("A summary from long ago"));
    press(&mut app, &mut store, KeyCode::Esc);
    press(&mut app, &mut store, KeyCode::Char('y'));
    assert!(store.drafts().unwrap().is_empty(), "thrown away when asked");
    let mut app = common::tui::app(&mut store);
    offers_at_start(&mut app, &mut store);
    assert!(app.overlays.is_empty(), "nothing left to show");
}

/// A student's pane says when typing for it waits as a draft, with the key that takes it up
/// again, and stops saying so once it is saved or thrown away.
#[test]
fn a_students_pane_says_when_typing_waits_as_a_draft() {
    let mut store = common::fixture_store();
    let mut app = app(&mut store);
    press(&mut app, &mut store, KeyCode::Down);
    press(&mut app, &mut store, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Student);
    let waiting = "unsaved check-in: n resumes it";
    assert!(!screen(&app, 80, 24).contains(waiting));
    press(&mut app, &mut store, KeyCode::Char('n'));
    assert_eq!(app.screen, Screen::Composer);
    keys(&mut app, &mut store, "Half a sentence");
    press(&mut app, &mut store, KeyCode::Esc);
    assert_eq!(app.screen, Screen::Student, "{:?}", app.status);
    let shown = screen(&app, 80, 24);
    assert!(shown.contains(waiting), "{shown}");
    // A goal's form left half typed: the goals pane says so too, but not while it is open.
    press(&mut app, &mut store, KeyCode::Char('2'));
    press(&mut app, &mut store, KeyCode::Char('a'));
    press(&mut app, &mut store, KeyCode::Char('g'));
    keys(&mut app, &mut store, "Test goal");
    dispatch(&mut app, &mut store, Action::SaveDraftNow);
    assert!(!screen(&app, 80, 24).contains("unsaved typing"));
    press(&mut app, &mut store, KeyCode::Esc);
    assert!(app.overlays.is_empty(), "{:?}", app.status);
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("unsaved typing: open it again"), "{shown}");
    // Taken up again and thrown away: the pane says nothing more.
    press(&mut app, &mut store, KeyCode::Char('n'));
    assert_eq!(
        app.composer.as_ref().unwrap().words.lines().join(""),
        "Half a sentence"
    );
    press(&mut app, &mut store, KeyCode::F(8));
    if matches!(app.overlays.last(), Some(Overlay::Confirm { .. })) {
        press(&mut app, &mut store, KeyCode::Char('y'));
    }
    assert_eq!(app.screen, Screen::Student, "{:?}", app.status);
    assert!(!screen(&app, 80, 24).contains(waiting));
}

/// A student with no check-in saved and one unsaved: the log says the unsaved one waits, not
/// that there are none yet to start.
#[test]
fn an_empty_log_with_an_unsaved_check_in_says_it_waits() {
    let mut store = common::fixture_store();
    let mut app = app(&mut store);
    keys(&mut app, &mut store, "/Liam");
    press(&mut app, &mut store, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Student, "{:?}", app.status);
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("No check-ins yet: n starts one."), "{shown}");
    press(&mut app, &mut store, KeyCode::Char('n'));
    keys(&mut app, &mut store, "Half a sentence");
    press(&mut app, &mut store, KeyCode::Esc);
    assert_eq!(app.screen, Screen::Student, "{:?}", app.status);
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("unsaved check-in: n resumes it"), "{shown}");
    assert!(
        shown.contains("No check-ins saved yet: the unsaved one above waits."),
        "{shown}"
    );
    assert!(!shown.contains("n starts one"), "{shown}");
}

/// The line of `name` on a drawn screen.
fn line_of(shown: &str, name: &str) -> String {
    shown
        .lines()
        .find(|l| l.contains(name))
        .unwrap_or_else(|| panic!("{name} is on screen: {shown}"))
        .to_string()
}

/// The caseload marks the line of a student whose typing waits as a draft (a check-in, a form),
/// in words a terminal without colour shows, and the mark goes when nothing waits.
#[test]
fn the_caseload_marks_a_student_whose_typing_waits_as_a_draft() {
    let mark = plp::tui::view::DRAFT_MARK;
    let mut store = common::fixture_store();
    let mut app = app(&mut store);
    assert!(!screen(&app, 80, 24).contains(mark));
    // A check-in for Amara, left with Esc.
    press(&mut app, &mut store, KeyCode::Down);
    press(&mut app, &mut store, KeyCode::Enter);
    press(&mut app, &mut store, KeyCode::Char('n'));
    keys(&mut app, &mut store, "Half a sentence");
    press(&mut app, &mut store, KeyCode::Esc);
    assert_eq!(app.screen, Screen::Student, "{:?}", app.status);
    // The narrow caseload beside the student marks it, and so does the caseload.
    let wide = screen(&app, 120, 40);
    assert!(line_of(&wide, "! Amara").contains(mark), "{wide}");
    press(&mut app, &mut store, KeyCode::Esc);
    assert_eq!(app.screen, Screen::Caseload);
    let shown = common::tui::trimmed_text(&common::tui::render(&app, 80, 24, false));
    assert!(line_of(&shown, "Amara Okafor").contains(mark), "{shown}");
    assert!(!line_of(&shown, "Liam").contains(mark), "{shown}");
    assert!(!line_of(&shown, "Zoë").contains(mark), "{shown}");
    assert!(
        shown.lines().all(|l| unicode_width(l) <= 80),
        "every line fits 80 columns: {shown}"
    );
    // A form for Zoë left half typed marks her line too.
    new_goal_for(&mut app, &mut store, 2);
    keys(&mut app, &mut store, "A goal");
    press(&mut app, &mut store, KeyCode::Esc);
    while app.screen != Screen::Caseload {
        press(&mut app, &mut store, KeyCode::Esc);
    }
    let shown = screen(&app, 80, 24);
    assert!(line_of(&shown, "Zoë").contains(mark), "{shown}");
    // Amara's check-in taken up again and thrown away: her line is plain again.
    press(&mut app, &mut store, KeyCode::Char('g'));
    press(&mut app, &mut store, KeyCode::Down);
    press(&mut app, &mut store, KeyCode::Char('n'));
    assert_eq!(app.screen, Screen::Composer);
    press(&mut app, &mut store, KeyCode::F(8));
    if matches!(app.overlays.last(), Some(Overlay::Confirm { .. })) {
        press(&mut app, &mut store, KeyCode::Char('y'));
    }
    while app.screen != Screen::Caseload {
        press(&mut app, &mut store, KeyCode::Esc);
    }
    let shown = screen(&app, 80, 24);
    assert!(!line_of(&shown, "Amara").contains(mark), "{shown}");
    assert!(line_of(&shown, "Zoë").contains(mark), "{shown}");
    // Help says what the mark means.
    let help: String = plp::tui::help::WORDS
        .iter()
        .map(plp::tui::help::explain)
        .collect();
    assert!(
        help.contains(&format!("{mark} at the end of a name")),
        "{help}"
    );
}

fn unicode_width(s: &str) -> usize {
    plp::tui::view::width::width(s)
}

/// Where the composer is: its step and the line selected on the rating step.
fn composer_at(app: &App) -> (plp::tui::composer::Step, usize) {
    let c = app.composer.as_ref().expect("the composer is open");
    (c.step, c.item)
}

/// A check-in kept as a draft opens again on the step the typing was on, whether it was kept
/// by Esc or by the save every second before plp was killed.
#[test]
fn a_resumed_check_in_opens_where_the_typing_stopped_however_it_was_kept() {
    use plp::tui::composer::Step;
    let mut store = common::fixture_store();
    let mut app = app(&mut store);
    press(&mut app, &mut store, KeyCode::Down);
    keys(&mut app, &mut store, "n");
    keys(&mut app, &mut store, "Better week");
    press(&mut app, &mut store, KeyCode::Tab);
    keys(&mut app, &mut store, "3w");
    assert_eq!(composer_at(&app), (Step::Rate, 2));
    // Esc, then n: the same step and line.
    press(&mut app, &mut store, KeyCode::Esc);
    assert_eq!(app.screen, Screen::Student);
    keys(&mut app, &mut store, "n");
    assert_eq!(composer_at(&app), (Step::Rate, 2), "{:?}", app.status);
    press(&mut app, &mut store, KeyCode::Tab);
    keys(&mut app, &mut store, "Moved her seat");
    press(&mut app, &mut store, KeyCode::Esc);
    keys(&mut app, &mut store, "n");
    assert_eq!(composer_at(&app).0, Step::Adjustments);
    // Kept by the save every second, then plp killed: the next start opens it there too.
    keys(&mut app, &mut store, " and");
    dispatch(&mut app, &mut store, Action::SaveDraftNow);
    drop(app);
    let mut again = common::tui::app(&mut store);
    offers_at_start(&mut again, &mut store);
    keys(&mut again, &mut store, "y");
    assert_eq!(composer_at(&again).0, Step::Adjustments);
    let c = again.composer.as_ref().unwrap();
    assert_eq!(c.adjustments.lines().join(""), "Moved her seat and");
    assert_eq!(c.words.lines().join(""), "Better week");
}

/// A form's draft taken back puts the cursor in the field typed in last, so the next key goes
/// on where the typing stopped (not into the first field).
#[test]
fn a_form_taken_back_goes_on_in_the_field_left() {
    let mut store = common::fixture_store();
    let mut app = app(&mut store);
    new_goal_for(&mut app, &mut store, 1);
    keys(&mut app, &mut store, "Make the JV team");
    press(&mut app, &mut store, KeyCode::Tab);
    keys(&mut app, &mut store, "soc");
    let left = match app.overlays.last() {
        Some(Overlay::Form(f)) => f.focus,
        _ => panic!("a form is open"),
    };
    assert!(left > 0);
    press(&mut app, &mut store, KeyCode::Esc);
    let mut app = common::tui::app(&mut store);
    offers_at_start(&mut app, &mut store);
    press(&mut app, &mut store, KeyCode::Char('y'));
    match app.overlays.last() {
        Some(Overlay::Form(f)) => assert_eq!(f.focus, left, "{:?}", form_texts(&app)),
        _ => panic!("the form is open again: {:?}", app.status),
    }
    keys(&mut app, &mut store, "ial");
    assert_eq!(
        form_texts(&app)[0],
        "Make the JV team",
        "the title is as typed"
    );
}

/// A file that cannot be written when the app opens (a newer plp's, or one whose permissions
/// refuse it) opens no check-in, form or review to type into: the key says why, so that no one
/// types a conference that can never be saved. (On a full disk they open: what is typed stays on
/// screen and is saved once there is room; see `tests/cli_disk.rs`.)
#[test]
fn a_file_that_cannot_be_written_opens_nothing_to_type_in() {
    let (_dir, mut store) = unwritable();
    let mut app = app(&mut store);
    let why = format!("Read-only: {}", store.read_only_reason().unwrap());
    press(&mut app, &mut store, KeyCode::Char('n'));
    assert_eq!(app.screen, Screen::Caseload);
    assert_eq!(app.status.as_deref(), Some(why.as_str()));
    press(&mut app, &mut store, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Student);
    for key in ['n', 'e', 'a'] {
        app.status = None;
        press(&mut app, &mut store, KeyCode::Char(key));
        assert_eq!(app.screen, Screen::Student, "{key}");
        assert!(app.overlays.is_empty(), "{key} opened an overlay");
        assert_eq!(app.status.as_deref(), Some(why.as_str()), "{key}");
    }
}

/// Amara's workspace on the fixture, as the app opens it.
fn on_amara() -> (App, Store) {
    let mut store = common::fixture_store();
    let mut app = app(&mut store);
    press(&mut app, &mut store, KeyCode::Down);
    press(&mut app, &mut store, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Student);
    (app, store)
}

/// Typing taken back before it is closed leaves what is stored: no draft is kept (even one
/// kept while it differed), nothing says typing waits, the next start offers nothing, and
/// saving it writes nothing.
#[test]
fn a_form_typed_then_taken_back_is_no_draft_and_saves_nothing() {
    // Profile, a goal, a strategy (on the goals pane), the student's details (the last line
    // of the profile).
    for (pane, down) in [('1', 0), ('2', 1), ('2', 2)] {
        let (mut app, mut store) = on_amara();
        let revisions = store.op_count().unwrap();
        press(&mut app, &mut store, KeyCode::Char(pane));
        for _ in 0..down {
            press(&mut app, &mut store, KeyCode::Down);
        }
        press(&mut app, &mut store, KeyCode::Enter);
        assert!(
            matches!(app.overlays.last(), Some(Overlay::Form(_))),
            "{pane}/{down}: {:?}",
            app.status
        );
        press(&mut app, &mut store, KeyCode::End);
        press(&mut app, &mut store, KeyCode::Char('3'));
        dispatch(&mut app, &mut store, Action::SaveDraftNow);
        assert_eq!(
            store.drafts().unwrap().len(),
            1,
            "{pane}/{down}: kept while it differs"
        );
        press(&mut app, &mut store, KeyCode::Backspace);
        press(&mut app, &mut store, KeyCode::Esc);
        assert!(app.overlays.is_empty(), "{pane}/{down}: {:?}", app.status);
        assert!(
            store.drafts().unwrap().is_empty(),
            "{pane}/{down}: no draft"
        );
        let shown = screen(&app, 80, 24);
        assert!(!shown.contains("unsaved typing"), "{pane}/{down}: {shown}");
        press(&mut app, &mut store, KeyCode::Esc);
        assert!(!screen(&app, 80, 24).contains('✎'), "{pane}/{down}");
        // Opened again and saved as it is: nothing is written.
        press(&mut app, &mut store, KeyCode::Enter);
        press(&mut app, &mut store, KeyCode::Char(pane));
        for _ in 0..down {
            press(&mut app, &mut store, KeyCode::Down);
        }
        press(&mut app, &mut store, KeyCode::Enter);
        press(&mut app, &mut store, KeyCode::End);
        press(&mut app, &mut store, KeyCode::Char('3'));
        press(&mut app, &mut store, KeyCode::Backspace);
        press(&mut app, &mut store, KeyCode::F(2));
        assert_eq!(
            app.status.as_deref(),
            Some("Nothing changed."),
            "{pane}/{down}"
        );
        assert_eq!(store.op_count().unwrap(), revisions, "{pane}/{down}");
    }
}

/// A saved check-in opened in the editor, typed in and taken back, is no draft; saved as it
/// is, it makes no new revision.
#[test]
fn a_check_in_edited_then_taken_back_is_no_draft_and_saves_nothing() {
    let (mut app, mut store) = on_amara();
    let revisions = store.op_count().unwrap();
    press(&mut app, &mut store, KeyCode::Char('3'));
    press(&mut app, &mut store, KeyCode::Enter);
    press(&mut app, &mut store, KeyCode::Char('e'));
    assert_eq!(app.screen, Screen::Composer, "{:?}", app.status);
    press(&mut app, &mut store, KeyCode::End);
    press(&mut app, &mut store, KeyCode::Char('3'));
    dispatch(&mut app, &mut store, Action::SaveDraftNow);
    assert_eq!(store.drafts().unwrap().len(), 1, "kept while it differs");
    press(&mut app, &mut store, KeyCode::Backspace);
    press(&mut app, &mut store, KeyCode::Esc);
    assert_eq!(app.screen, Screen::Student, "{:?}", app.status);
    assert!(store.drafts().unwrap().is_empty(), "no draft");
    assert!(!screen(&app, 80, 24).contains("unsaved"));
    press(&mut app, &mut store, KeyCode::Enter);
    press(&mut app, &mut store, KeyCode::Char('e'));
    assert_eq!(app.screen, Screen::Composer);
    press(&mut app, &mut store, KeyCode::F(2));
    assert_eq!(app.screen, Screen::Student);
    assert_eq!(app.status.as_deref(), Some("Nothing changed."));
    assert_eq!(store.op_count().unwrap(), revisions);
}

/// The words of a check-in's composer, as its draft keeps them.
fn composer_words(app: &App) -> String {
    app.composer
        .as_ref()
        .expect("the composer is open")
        .draft()
        .words
}

/// What each draft kept in the file holds.
fn bodies(store: &Store) -> Vec<String> {
    store
        .drafts()
        .unwrap()
        .into_iter()
        .map(|d| d.body)
        .collect()
}

/// Two openings of one demo file, each with its app; the first has begun a check-in for the
/// first student and kept `words` as its draft.
fn two_openings(
    words: &str,
) -> (
    tempfile::TempDir,
    std::path::PathBuf,
    (Store, App),
    (Store, App),
) {
    let (dir, db) = common::demo_db();
    let mut first = Store::open(&db).unwrap();
    let mut second = Store::open(&db).unwrap();
    let mut a = app(&mut first);
    let b = app(&mut second);
    press(&mut a, &mut first, KeyCode::Char('n'));
    keys(&mut a, &mut first, words);
    dispatch(&mut a, &mut first, Action::SaveDraftNow);
    (dir, db, (first, a), (second, b))
}

/// Two plp processes on one school file (a lab machine and an ssh session) composing for the
/// same student keep their typing apart: neither writes over the other's draft, saving in one
/// leaves the other's, and the one that ends without saving has its words offered at the next
/// start, whole. The second to open is told that another plp had that typing, and when.
#[test]
fn two_plps_on_one_file_composing_for_one_student_keep_both_peoples_words() {
    let (_dir, db, (mut first, mut a), (mut second, mut b)) = two_openings("A typed this");
    // The second opens the same student's composer: it takes what the first had kept.
    press(&mut b, &mut second, KeyCode::Char('n'));
    assert_eq!(composer_words(&b), "A typed this");
    let said = b.status.clone().unwrap_or_default();
    assert!(
        said.starts_with("Resumed the check-in typed until ")
            && said.contains("save only one of the two"),
        "{said}"
    );
    keys(&mut a, &mut first, " A more");
    keys(&mut b, &mut second, " B typed this");
    dispatch(&mut a, &mut first, Action::SaveDraftNow);
    dispatch(&mut b, &mut second, Action::SaveDraftNow);
    dispatch(&mut a, &mut first, Action::SaveDraftNow);
    let kept = bodies(&first);
    assert_eq!(kept.len(), 2, "{kept:?}");
    assert!(
        kept.iter().any(|b| b.contains("A typed this A more")),
        "{kept:?}"
    );
    assert!(
        kept.iter().any(|b| b.contains("A typed this B typed this")),
        "{kept:?}"
    );

    // The first saves its check-in: the second's draft stays.
    press(&mut a, &mut first, KeyCode::F(2));
    assert_ne!(a.screen, Screen::Composer, "{:?}", a.status);
    let kept = bodies(&first);
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(kept[0].contains("A typed this B typed this"), "{kept:?}");

    // The second ends without saving (as kill -9 would leave it): the next start offers its
    // words, whole, and resuming them is this start's own.
    drop(b);
    drop(second);
    let mut third = Store::open(&db).unwrap();
    let mut c = app(&mut third);
    offers_at_start(&mut c, &mut third);
    let q = question(&c);
    assert!(q.contains("Resume the unsaved check-in"), "{q}");
    press(&mut c, &mut third, KeyCode::Char('y'));
    assert_eq!(composer_words(&c), "A typed this B typed this");
    press(&mut c, &mut third, KeyCode::F(2));
    assert_ne!(c.screen, Screen::Composer, "{:?}", c.status);
    assert!(third.drafts().unwrap().is_empty());
}

/// Opening typing another plp kept does not wait on a sync that is writing the file: it opens at
/// once with those words, and is left where it was (both kept) when it cannot be taken over.
#[test]
fn typing_kept_by_another_plp_opens_at_once_while_the_file_is_being_written() {
    let (_dir, db, (_first, _a), (mut second, mut b)) = two_openings("Kept by the first");
    let writer = rusqlite::Connection::open(&db).unwrap();
    writer.execute_batch("BEGIN IMMEDIATE").unwrap();
    let started = std::time::Instant::now();
    press(&mut b, &mut second, KeyCode::Char('n'));
    assert!(
        started.elapsed() < std::time::Duration::from_secs(3),
        "opening waited {:?}",
        started.elapsed()
    );
    assert_eq!(composer_words(&b), "Kept by the first");
    writer.execute_batch("COMMIT").unwrap();
    keys(&mut b, &mut second, " and the second");
    dispatch(&mut b, &mut second, Action::SaveDraftNow);
    let kept = bodies(&second);
    assert_eq!(kept.len(), 2, "{kept:?}");
}

/// Typing that closes a draft's offer goes on for a few keys: none of them is a command (an
/// `n` that would open the selected student's check-in and take the rest as its words, an
/// Enter that would open a student). A key after a pause is a key again.
#[test]
fn the_rest_of_the_typing_that_closed_an_offer_is_no_command() {
    let mut store = common::fixture_store();
    let mut app = app(&mut store);
    new_goal_for(&mut app, &mut store, 1);
    keys(&mut app, &mut store, "Old goal");
    press(&mut app, &mut store, KeyCode::Esc);
    let mut app = common::tui::app(&mut store);
    offers_at_start(&mut app, &mut store);
    question(&app);
    // "/hana" and Enter, typed at once (a tenth of a second apart).
    app.key_gap = None;
    press(&mut app, &mut store, KeyCode::Char('/'));
    app.key_gap = Some(std::time::Duration::from_millis(100));
    keys(&mut app, &mut store, "hana");
    press(&mut app, &mut store, KeyCode::Enter);
    assert!(app.composer.is_none(), "{}", screen(&app, 80, 24));
    assert!(app.overlays.is_empty(), "{}", screen(&app, 80, 24));
    assert_eq!(app.screen, Screen::Caseload);
    assert!(app.filter.is_empty());
    assert!(
        app.status
            .as_deref()
            .is_some_and(|s| s.starts_with("Typing closed the question")),
        "{:?}",
        app.status
    );
    assert_eq!(store.drafts().unwrap().len(), 1, "the draft is kept");
    // After a pause, n starts a check-in as ever.
    app.key_gap = Some(std::time::Duration::from_secs(2));
    press(&mut app, &mut store, KeyCode::Char('n'));
    assert!(app.composer.is_some(), "{}", screen(&app, 80, 24));
}
