//! The check-in composer through `update`, with a real store: who was there, the date, last
//! time's steps, replacing a strategy that is not working, the next date, restriction, and
//! editing a saved check-in.

mod common;

use common::tui::{app, ctrl, keys, press, press_with, screen, today};
use plp::domain::Restriction;
use plp::store::Store;
use plp::tui::action::Action;
use plp::tui::dispatch;
use plp::tui::state::{App, Screen};
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

/// The app on Amara's new check-in.
fn composing() -> (App, Store) {
    let mut store = common::fixture_store();
    let mut app = app(&mut store);
    press(&mut app, &mut store, KeyCode::Down);
    press(&mut app, &mut store, KeyCode::Char('n'));
    assert_eq!(app.screen, Screen::Composer);
    (app, store)
}

/// A teacher's reading copy of the hub opens nothing that would make a change: the key says why
/// instead of opening a check-in that could never be saved.
#[test]
fn a_reading_copy_opens_no_check_in() {
    let mut store = common::fixture_store();
    store.set_reading_copy(Some("tj")).unwrap();
    let mut app = app(&mut store);
    press(&mut app, &mut store, KeyCode::Down);
    press(&mut app, &mut store, KeyCode::Char('n'));
    assert_ne!(app.screen, Screen::Composer);
    assert_eq!(
        app.status.as_deref(),
        Some("Read-only: login tj only reads the hub: nothing can be written here")
    );
}

/// A file that a sync in another process makes a reading copy while a check-in is being typed
/// here: the save is refused in one sentence, the typing stays open and in its draft, and from
/// then on nothing that would make a change opens.
#[test]
fn a_check_in_typed_as_another_process_makes_the_file_a_reading_copy_stays() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plp.db");
    let mut store = common::fixture_store_at(&path);
    let mut app = app(&mut store);
    press(&mut app, &mut store, KeyCode::Down);
    press(&mut app, &mut store, KeyCode::Char('n'));
    assert_eq!(app.screen, Screen::Composer);
    keys(&mut app, &mut store, "Finished the lab report");
    // The other process's sync marks the file.
    Store::open(&path)
        .unwrap()
        .set_reading_copy(Some("tj"))
        .unwrap();
    assert!(!app.reading_copy);
    press(&mut app, &mut store, KeyCode::F(2));
    assert_eq!(app.screen, Screen::Composer, "{:?}", app.status);
    assert_eq!(
        app.status.as_deref(),
        Some("login tj only reads the hub: nothing can be written here, so nothing was changed")
    );
    assert_eq!(
        app.composer.as_ref().unwrap().words.lines().join(""),
        "Finished the lab report"
    );
    assert!(app.reading_copy);
    press(&mut app, &mut store, KeyCode::Esc);
    assert_ne!(app.screen, Screen::Composer);
    let amara = store.find_student("Amara").unwrap();
    assert!(store
        .draft(&plp::store::DraftKey::checkin(&amara))
        .unwrap()
        .is_some());
    press(&mut app, &mut store, KeyCode::Char('n'));
    assert_ne!(app.screen, Screen::Composer);
    assert_eq!(
        app.status.as_deref(),
        Some("Read-only: login tj only reads the hub: nothing can be written here")
    );
}

fn saved(store: &Store) -> plp::domain::CheckIn {
    let id = store.find_student("Amara").unwrap();
    store.student(&id).unwrap().checkins[0].clone()
}

#[test]
fn ctrl_r_cycles_notes_whole_and_nothing_and_the_header_says_which() {
    let (mut app, mut store) = composing();
    keys(&mut app, &mut store, "Rough week at home.");
    let ctrl_r = |app: &mut App, store: &mut Store| ctrl(app, store, 'r');
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
    let screen = screen(&app, 80, 24);
    assert!(screen.contains("RESTRICTED: whole check-in"), "{screen}");
    // Kept in the draft.
    press(&mut app, &mut store, KeyCode::Esc);
    press(&mut app, &mut store, KeyCode::Char('n'));
    assert_eq!(
        app.composer.as_ref().unwrap().restriction,
        Restriction::Whole
    );
    press(&mut app, &mut store, KeyCode::F(2));
    assert_eq!(app.screen, Screen::Student, "{:?}", app.status);
    let c = saved(&store);
    assert_eq!(c.restriction(), Restriction::Whole);
    assert!(c.restricted, "an older plp still keeps the notes out");
}

/// Amara with her mother on the team and a check-in three weeks ago that agreed two steps.
fn with_family_and_two_steps(store: &mut Store) {
    use plp::domain::{CheckIn, NextStep, TeamMember};
    let amara = store.find_student("Amara").unwrap();
    store
        .write(|w| {
            w.add_team_member(&TeamMember {
                student_id: amara.clone(),
                name: "Grace Okafor".into(),
                role: "parent".into(),
                ..Default::default()
            })?;
            w.add_team_member(&TeamMember {
                student_id: amara.clone(),
                name: "Mr. Diaz".into(),
                role: "history teacher".into(),
                ..Default::default()
            })?;
            w.add_checkin(&CheckIn {
                student_id: amara.clone(),
                date: chrono::NaiveDate::from_ymd_opt(2026, 11, 3),
                student_words: "Busy.".into(),
                next_steps: vec![
                    NextStep {
                        text: "Bring the planner".into(),
                        owner: "student".into(),
                    },
                    NextStep {
                        text: "Ask Mr. Diaz about the essay".into(),
                        owner: "student".into(),
                    },
                ],
                next_date: chrono::NaiveDate::from_ymd_opt(2026, 11, 24),
                ..Default::default()
            })
        })
        .unwrap();
}

fn composing_with_family() -> (App, Store) {
    let mut store = common::fixture_store();
    with_family_and_two_steps(&mut store);
    let mut app = app(&mut store);
    press(&mut app, &mut store, KeyCode::Down);
    assert_eq!(app.selected_row().unwrap().name, "Amara Okafor");
    press(&mut app, &mut store, KeyCode::Char('n'));
    assert_eq!(app.screen, Screen::Composer);
    (app, store)
}

fn strategies(store: &Store) -> Vec<plp::domain::Strategy> {
    let id = store.find_student("Amara").unwrap();
    let rec = store.student(&id).unwrap();
    rec.plans[0]
        .goals
        .iter()
        .flat_map(|g| g.strategies.clone())
        .collect()
}

#[test]
fn a_whole_conference_takes_twenty_keys_beyond_the_words() {
    let mut store = common::fixture_store();
    with_family_and_two_steps(&mut store);
    let mut app = app(&mut store);
    press(&mut app, &mut store, KeyCode::Down); // to Amara (the caseload starts on Liam)
    let mut pressed = 0;
    let mut counted = |app: &mut App, store: &mut Store, code: KeyCode| {
        pressed += 1;
        press(app, store, code);
    };
    counted(&mut app, &mut store, KeyCode::Char('n'));
    keys(
        &mut app,
        &mut store,
        "The planner works; the portal does not.",
    );
    counted(&mut app, &mut store, KeyCode::Tab);
    // Goal 1 and its two strategies; the second is not working and is replaced on the spot.
    for k in ['3', 'w', 'r'] {
        counted(&mut app, &mut store, KeyCode::Char(k));
    }
    keys(
        &mut app,
        &mut store,
        "Planner check with Mr. Diaz on Fridays",
    );
    counted(&mut app, &mut store, KeyCode::Enter);
    for k in ['2', 'p', 't', '4', 'w', 'w'] {
        counted(&mut app, &mut store, KeyCode::Char(k));
    }
    // Last time's two steps, both done: the composer moves on to adjustments by itself.
    counted(&mut app, &mut store, KeyCode::Char('d'));
    counted(&mut app, &mut store, KeyCode::Char('d'));
    assert_eq!(
        app.composer.as_ref().unwrap().step,
        plp::tui::composer::Step::Adjustments
    );
    // Said, so that the next Tab is not taken for the one that leaves the ratings; nothing to
    // adjust, so Tab twice moves on.
    assert_eq!(
        app.status.as_deref(),
        Some("All rated. Now Adjustments: type here, or Tab twice to move on; S-Tab goes back.")
    );
    counted(&mut app, &mut store, KeyCode::Tab);
    counted(&mut app, &mut store, KeyCode::Tab);
    keys(&mut app, &mut store, "Mum says mornings are calmer.");
    counted(&mut app, &mut store, KeyCode::Tab);
    keys(
        &mut app,
        &mut store,
        "Show the planner to Mr. Diaz @student",
    );
    counted(&mut app, &mut store, KeyCode::Tab);
    counted(&mut app, &mut store, KeyCode::Char('a')); // her mother was there
    counted(&mut app, &mut store, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Student, "saved: {:?}", app.status);
    assert_eq!(
        pressed, 20,
        "n, Tab, 9 ratings, Enter after the replacement, 2 ticks, 4 Tabs, a, Enter"
    );

    let c = saved(&store);
    assert_eq!(c.notes, "Mum says mornings are calmer.");
    assert_eq!(c.student_words, "The planner works; the portal does not.");
    assert_eq!(c.attended, ["student", "advisor", "Grace Okafor"]);
    assert_eq!(
        c.progress.iter().map(|p| p.rating).collect::<Vec<_>>(),
        vec![3, 2, 4]
    );
    assert_eq!(c.verdicts.len(), 6);
    assert_eq!(c.verdicts[1].verdict, plp::domain::Verdict::NotWorking);
    assert!(c.last_steps.iter().all(|s| s.done == Some(true)) && c.last_steps.len() == 2);
    assert_eq!(c.next_steps.len(), 1, "{:?}", c.next_steps);
    assert_eq!(c.next_steps[0].text, "Show the planner to Mr. Diaz");
    assert!(
        c.adjustments.contains(
            "Replaced \"Planner before leaving class (1)\" (not working) with \"Planner check with Mr. Diaz on Fridays\"."
        ),
        "{}",
        c.adjustments
    );
    assert_eq!(c.next_date, chrono::NaiveDate::from_ymd_opt(2026, 12, 29));
    let all = strategies(&store);
    let old = all
        .iter()
        .find(|s| s.what == "Planner before leaving class (1)")
        .unwrap();
    assert_eq!(old.status, plp::domain::Status::Revised);
    let new = all
        .iter()
        .find(|s| s.what == "Planner check with Mr. Diaz on Fridays")
        .unwrap();
    assert_eq!(new.status, plp::domain::Status::Active);
    assert_eq!(new.goal_id, old.goal_id, "under the same goal");
    assert!(store.drafts().unwrap().is_empty());
}

#[test]
fn the_kind_of_meeting_sets_who_is_expected_and_others_can_be_typed() {
    let (mut app, mut store) = composing_with_family();
    keys(&mut app, &mut store, "Conference night.");
    for _ in 0..5 {
        press(&mut app, &mut store, KeyCode::Tab);
    }
    press(&mut app, &mut store, KeyCode::Char('k')); // student-led conference
    assert!(app
        .composer
        .as_ref()
        .unwrap()
        .attended
        .contains(&"Grace Okafor".to_string()));
    assert!(!app
        .composer
        .as_ref()
        .unwrap()
        .attended
        .contains(&"Mr. Diaz".to_string()));
    press(&mut app, &mut store, KeyCode::Char('b')); // the teacher came too
    press(&mut app, &mut store, KeyCode::Char('o'));
    keys(&mut app, &mut store, "Aunt Ada");
    press(&mut app, &mut store, KeyCode::Enter);
    // Several at once, with commas between; a name typed again is taken off.
    press(&mut app, &mut store, KeyCode::Char('o'));
    keys(&mut app, &mut store, "Coach Dana, Mr. Lee,");
    press(&mut app, &mut store, KeyCode::Enter);
    assert_eq!(
        app.status.as_deref(),
        Some("Coach Dana and Mr. Lee were there.")
    );
    press(&mut app, &mut store, KeyCode::Char('o'));
    keys(&mut app, &mut store, "Mr. Lee");
    press(&mut app, &mut store, KeyCode::Enter);
    assert_eq!(
        app.status.as_deref(),
        Some("Mr. Lee is no longer listed as there.")
    );
    // A key with no team member behind it says so.
    press(&mut app, &mut store, KeyCode::Char('i'));
    assert!(app.status.as_deref().unwrap().contains("No team member"));
    press(&mut app, &mut store, KeyCode::Enter);
    let c = saved(&store);
    assert_eq!(c.kind, plp::domain::CheckInKind::StudentLed);
    assert_eq!(
        c.attended,
        [
            "student",
            "advisor",
            "Grace Okafor",
            "Mr. Diaz",
            "Aunt Ada",
            "Coach Dana"
        ]
    );
}

#[test]
fn a_quick_touchpoint_does_not_expect_family() {
    let (mut app, mut store) = composing_with_family();
    for _ in 0..5 {
        press(&mut app, &mut store, KeyCode::Tab);
    }
    for _ in 0..3 {
        press(&mut app, &mut store, KeyCode::Char('k'));
    }
    let c = app.composer.as_ref().unwrap();
    assert_eq!(c.kind, plp::domain::CheckInKind::Touchpoint);
    assert_eq!(c.attended, ["student", "advisor"]);
}

#[test]
fn another_kind_of_meeting_never_unticks_someone_ticked_by_hand() {
    let (mut app, mut store) = composing_with_family();
    for _ in 0..5 {
        press(&mut app, &mut store, KeyCode::Tab);
    }
    let attended = |app: &App| app.composer.as_ref().unwrap().attended.clone();
    // The parent ticked by hand at a plain check-in stays through every kind of meeting.
    press(&mut app, &mut store, KeyCode::Char('a'));
    assert_eq!(attended(&app), ["student", "advisor", "Grace Okafor"]);
    for _ in 0..4 {
        press(&mut app, &mut store, KeyCode::Char('k'));
        assert!(
            attended(&app).contains(&"Grace Okafor".to_string()),
            "{:?}: {:?}",
            app.composer.as_ref().unwrap().kind,
            attended(&app)
        );
    }
    // Ticked by the kind only, the parent goes again when the kind no longer expects family.
    press(&mut app, &mut store, KeyCode::Char('a'));
    assert_eq!(attended(&app), ["student", "advisor"]);
    press(&mut app, &mut store, KeyCode::Char('k')); // student-led
    assert_eq!(attended(&app), ["student", "advisor", "Grace Okafor"]);
    press(&mut app, &mut store, KeyCode::Char('k')); // parent conference
    press(&mut app, &mut store, KeyCode::Char('k')); // touchpoint
    assert_eq!(attended(&app), ["student", "advisor"]);
    // The teacher ticked by hand at a parent conference stays as well.
    press(&mut app, &mut store, KeyCode::Char('k')); // check-in
    press(&mut app, &mut store, KeyCode::Char('k')); // student-led
    press(&mut app, &mut store, KeyCode::Char('a')); // the parent, unticked by hand…
    press(&mut app, &mut store, KeyCode::Char('a')); // …and ticked again: the advisor's now
    press(&mut app, &mut store, KeyCode::Char('b'));
    press(&mut app, &mut store, KeyCode::Char('k')); // parent conference
    press(&mut app, &mut store, KeyCode::Char('k')); // touchpoint
    assert_eq!(
        attended(&app),
        ["student", "advisor", "Grace Okafor", "Mr. Diaz"]
    );
}

#[test]
fn the_date_held_can_be_typed_and_a_bad_one_changes_nothing() {
    let (mut app, mut store) = composing();
    keys(&mut app, &mut store, "Written up the day after.");
    for _ in 0..5 {
        press(&mut app, &mut store, KeyCode::Tab);
    }
    press(&mut app, &mut store, KeyCode::Char('d'));
    keys(&mut app, &mut store, "2026-02-30");
    press(&mut app, &mut store, KeyCode::Enter);
    assert_eq!(
        app.status.as_deref(),
        Some("\"2026-02-30\" is not a real date (C-u clears the line).")
    );
    let c = app.composer.as_ref().unwrap();
    assert!(c.input.is_some(), "the typing stays to be corrected");
    assert_eq!(c.date, today());
    for _ in 0..10 {
        press(&mut app, &mut store, KeyCode::Backspace);
    }
    keys(&mut app, &mut store, "2026-12-01");
    press(&mut app, &mut store, KeyCode::Enter);
    assert!(app.status.as_deref().unwrap().contains("after today"));
    for _ in 0..10 {
        press(&mut app, &mut store, KeyCode::Backspace);
    }
    keys(&mut app, &mut store, "2026-11-23");
    press(&mut app, &mut store, KeyCode::Enter);
    assert!(app.composer.as_ref().unwrap().input.is_none());
    press(&mut app, &mut store, KeyCode::Enter);
    let c = saved(&store);
    assert_eq!(c.date, chrono::NaiveDate::from_ymd_opt(2026, 11, 23));
    assert_eq!(
        c.next_date,
        chrono::NaiveDate::from_ymd_opt(2026, 12, 28),
        "five weeks from the day it was held"
    );
}

#[test]
fn any_number_of_weeks_from_one_to_nine_or_a_typed_date() {
    let (mut app, mut store) = composing();
    keys(&mut app, &mut store, "Fine.");
    for _ in 0..5 {
        press(&mut app, &mut store, KeyCode::Tab);
    }
    let d = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
    press(&mut app, &mut store, KeyCode::Char('9'));
    assert_eq!(app.composer.as_ref().unwrap().next_date(), d(2027, 1, 26));
    press(&mut app, &mut store, KeyCode::Char('1'));
    assert_eq!(app.composer.as_ref().unwrap().next_date(), d(2026, 12, 1));
    press(&mut app, &mut store, KeyCode::Char('n'));
    keys(&mut app, &mut store, "soon");
    press(&mut app, &mut store, KeyCode::Enter);
    assert!(
        app.status.as_deref().unwrap().contains("\"soon\" is not"),
        "{:?}",
        app.status
    );
    assert_eq!(app.composer.as_ref().unwrap().next_date(), d(2026, 12, 1));
    for _ in 0..4 {
        press(&mut app, &mut store, KeyCode::Backspace);
    }
    keys(&mut app, &mut store, "2027-01-12");
    press(&mut app, &mut store, KeyCode::Enter);
    press(&mut app, &mut store, KeyCode::Enter);
    assert_eq!(saved(&store).next_date, Some(d(2027, 1, 12)));
}

#[test]
fn last_times_steps_not_done_are_offered_again_and_done_ones_are_not() {
    let (mut app, mut store) = composing_with_family();
    {
        let c = app.composer.as_ref().unwrap();
        assert_eq!(
            c.steps.lines().join("\n"),
            "Bring the planner @student\nAsk Mr. Diaz about the essay @student\n",
            "offered before anything is said"
        );
        assert!(c.is_empty(), "an offer is not typing");
    }
    keys(&mut app, &mut store, "Ok.");
    press(&mut app, &mut store, KeyCode::Tab);
    for _ in 0..9 {
        press(&mut app, &mut store, KeyCode::Char('j'));
    }
    press(&mut app, &mut store, KeyCode::Char('d')); // planner brought
    press(&mut app, &mut store, KeyCode::Char('c')); // essay question not asked
    {
        let c = app.composer.as_ref().unwrap();
        assert_eq!(c.step, plp::tui::composer::Step::Adjustments);
        assert_eq!(
            c.steps.lines().join("\n"),
            "Ask Mr. Diaz about the essay @student\n"
        );
    }
    // A step key on a goal says which keys fit.
    press(&mut app, &mut store, KeyCode::BackTab);
    press(&mut app, &mut store, KeyCode::Char('g'));
    press(&mut app, &mut store, KeyCode::Up);
    for _ in 0..12 {
        press(&mut app, &mut store, KeyCode::Up);
    }
    press(&mut app, &mut store, KeyCode::Char('d'));
    assert!(app
        .status
        .as_deref()
        .unwrap()
        .contains("last time's step d or c"));
    press(&mut app, &mut store, KeyCode::F(2));
    let c = saved(&store);
    assert_eq!(
        c.last_steps.iter().map(|s| s.done).collect::<Vec<_>>(),
        vec![Some(true), Some(false)]
    );
    assert_eq!(c.next_steps.len(), 1);
    assert_eq!(c.next_steps[0].text, "Ask Mr. Diaz about the essay");
}

#[test]
fn a_step_of_last_time_not_gone_over_is_saved_as_not_gone_over_not_as_not_done() {
    let (mut app, mut store) = composing_with_family();
    keys(&mut app, &mut store, "Ok.");
    press(&mut app, &mut store, KeyCode::Tab);
    for _ in 0..9 {
        press(&mut app, &mut store, KeyCode::Char('j'));
    }
    press(&mut app, &mut store, KeyCode::Char('d')); // planner brought; the essay not gone over
    press(&mut app, &mut store, KeyCode::F(2));
    let c = saved(&store);
    assert_eq!(
        c.last_steps.iter().map(|s| s.done).collect::<Vec<_>>(),
        vec![Some(true), None]
    );
    let json = serde_json::to_value(&c.last_steps).unwrap();
    assert_eq!(json[1].get("done"), None, "{json}");
    // The log says so, where it had said "not done".
    press(&mut app, &mut store, KeyCode::Char('3'));
    press(&mut app, &mut store, KeyCode::Enter);
    let screen = screen(&app, 120, 40);
    assert!(screen.contains("[not gone over] Ask Mr. Diaz"), "{screen}");
    assert!(!screen.contains("[not done]"), "{screen}");
}

#[test]
fn x_retires_a_strategy_that_is_not_working_when_saved() {
    let (mut app, mut store) = composing();
    keys(&mut app, &mut store, "The portal is pointless.");
    press(&mut app, &mut store, KeyCode::Tab);
    press(&mut app, &mut store, KeyCode::Char('3'));
    press(&mut app, &mut store, KeyCode::Char('x'));
    assert!(
        strategies(&store)
            .iter()
            .all(|s| s.status == plp::domain::Status::Active),
        "nothing changes before saving"
    );
    let screen = screen(&app, 80, 24);
    assert!(screen.contains("not working, retire"), "{screen}");
    press(&mut app, &mut store, KeyCode::F(2));
    assert_eq!(app.screen, Screen::Student, "{:?}", app.status);
    let s = strategies(&store);
    let portal = s
        .iter()
        .find(|s| s.what == "Check the portal on Mondays (1)")
        .unwrap();
    assert_eq!(portal.status, plp::domain::Status::Dropped);
    assert_eq!(
        s.iter()
            .filter(|s| s.status == plp::domain::Status::Active)
            .count(),
        5
    );
    let c = saved(&store);
    assert_eq!(
        c.adjustments,
        "Retired \"Check the portal on Mondays (1)\" (not working)."
    );
    assert_eq!(c.verdicts[0].verdict, plp::domain::Verdict::NotWorking);
    // Taking it back is asked first, naming the plan change made in it.
    keys(&mut app, &mut store, "u");
    assert_eq!(
        app.status.as_deref(),
        Some(
            "u again takes back the check-in saved for Amara Okafor, whole, with the plan \
             changes made in it."
        )
    );
    keys(&mut app, &mut store, "u");
    assert!(
        strategies(&store)
            .iter()
            .all(|s| s.status == plp::domain::Status::Active),
        "the plan change is taken back with it"
    );
    // Brought back, the check-in says the plan is left as it now is.
    keys(&mut app, &mut store, "3.");
    press(&mut app, &mut store, KeyCode::End);
    keys(&mut app, &mut store, "r");
    assert_eq!(
        app.status.as_deref(),
        Some("Restored the check-in. The plan stays as it is now: its adjustments are not made again.")
    );
}

/// Amara's check-in with her second strategy replaced by "Reading log with Grandma on Sundays",
/// not yet saved.
fn replacing_a_strategy() -> (App, Store) {
    let (mut app, mut store) = composing();
    keys(&mut app, &mut store, "Homework club is noisy.");
    press(&mut app, &mut store, KeyCode::Tab);
    for k in ['3', 'w', 'r'] {
        press(&mut app, &mut store, KeyCode::Char(k));
    }
    keys(&mut app, &mut store, "Reading log with Grandma on Sundays");
    press(&mut app, &mut store, KeyCode::Enter);
    (app, store)
}

/// A saved check-in that replaced a strategy, opened again to be edited, rates what it rated:
/// the strategy put in place of the one not working is not offered for a verdict in it.
#[test]
fn editing_a_check_in_does_not_rate_the_strategy_it_put_in_place() {
    let (mut app, mut store) = replacing_a_strategy();
    let rated_when_held = app.composer.as_ref().unwrap().items.len();
    press(&mut app, &mut store, KeyCode::F(2));
    assert_eq!(app.screen, Screen::Student, "{:?}", app.status);
    assert!(strategies(&store)
        .iter()
        .any(|s| s.what == "Reading log with Grandma on Sundays"));
    keys(&mut app, &mut store, "3");
    press(&mut app, &mut store, KeyCode::Enter);
    keys(&mut app, &mut store, "e");
    let c = app
        .composer
        .as_ref()
        .expect("the check-in opens to be edited");
    assert!(c.editing.is_some());
    let labels: Vec<&str> = c.items.iter().map(|i| i.label.as_str()).collect();
    assert!(
        !labels.contains(&"Reading log with Grandma on Sundays"),
        "{labels:?}"
    );
    assert_eq!(c.items.len(), rated_when_held, "{labels:?}");
    // Saved again, the plan holds the replacement once.
    press(&mut app, &mut store, KeyCode::F(2));
    assert_eq!(
        strategies(&store)
            .iter()
            .filter(|s| s.what == "Reading log with Grandma on Sundays")
            .count(),
        1
    );
}

/// The line of the rating list that names `what`, as drawn at 200 columns (read whole).
fn rating_line(app: &App, what: &str) -> String {
    let shown = screen(app, 200, 40);
    shown
        .lines()
        .find(|l| l.contains(what) && l.contains('–'))
        .unwrap_or_else(|| panic!("{what} is listed: {shown}"))
        .trim_end()
        .to_string()
}

/// A check-in that replaced a strategy shows the replaced one with what took its place, both
/// when it is held and when it is opened again to be edited (the plan is not changed again).
#[test]
fn an_edited_check_in_shows_what_replaced_a_strategy() {
    let (mut app, mut store) = replacing_a_strategy();
    let held = rating_line(&app, "Planner before leaving class (1)");
    assert!(
        held.contains("Planner before leaving class (1) → Reading log with Grandma on Sundays"),
        "{held}"
    );
    assert!(held.contains("not working, replace"), "{held}");
    press(&mut app, &mut store, KeyCode::F(2));
    assert_eq!(app.screen, Screen::Student, "{:?}", app.status);
    keys(&mut app, &mut store, "3");
    press(&mut app, &mut store, KeyCode::Enter);
    keys(&mut app, &mut store, "e");
    assert!(app.composer.as_ref().unwrap().editing.is_some());
    press(&mut app, &mut store, KeyCode::Tab);
    let edited = rating_line(&app, "Planner before leaving class (1)");
    assert!(
        edited.contains("Planner before leaving class (1) → Reading log with Grandma on Sundays"),
        "{edited}"
    );
    assert!(edited.contains("not working, replaced"), "{edited}");
    // Another strategy the check-in rated is marked with nothing.
    let other = app
        .composer
        .as_ref()
        .unwrap()
        .items
        .iter()
        .filter(|i| matches!(i.kind, plp::tui::composer::ItemKind::Strategy))
        .map(|i| i.label.clone())
        .find(|l| l != "Planner before leaving class (1)")
        .expect("another strategy");
    assert!(!rating_line(&app, &other).contains('→'));
    // Replacing or retiring it again is not done by editing the check-in: it says so.
    let at = app
        .composer
        .as_ref()
        .unwrap()
        .items
        .iter()
        .position(|i| i.label == "Planner before leaving class (1)")
        .unwrap();
    while app.composer.as_ref().unwrap().item < at {
        press(&mut app, &mut store, KeyCode::Down);
    }
    for key in ['r', 'x'] {
        press(&mut app, &mut store, KeyCode::Char(key));
        let c = app.composer.as_ref().unwrap();
        assert!(c.input.is_none() && c.changes.is_empty(), "{key}");
        assert_eq!(
            app.status.as_deref(),
            Some(
                "Replaced by \"Reading log with Grandma on Sundays\" when this check-in was held; \
                 change the plan itself in Goals & strategies."
            )
        );
    }
    // Saved again, nothing more is replaced.
    press(&mut app, &mut store, KeyCode::F(2));
    assert_eq!(
        strategies(&store)
            .iter()
            .filter(|s| s.what == "Reading log with Grandma on Sundays")
            .count(),
        1
    );
}

/// A strategy that replaces one not working is new: it does not take over who helped with the
/// old one or how often, and the family printout says neither of it.
#[test]
fn a_replacement_takes_neither_who_helps_nor_how_often_from_the_strategy_it_replaces() {
    let (mut app, mut store) = replacing_a_strategy();
    press(&mut app, &mut store, KeyCode::F(2));
    assert_eq!(app.screen, Screen::Student, "{:?}", app.status);
    let all = strategies(&store);
    let old = all
        .iter()
        .find(|s| s.what == "Planner before leaving class (1)")
        .unwrap();
    assert_eq!(
        (old.owner.as_str(), old.frequency.as_str()),
        ("student", "weekly")
    );
    let new = all
        .iter()
        .find(|s| s.what == "Reading log with Grandma on Sundays")
        .unwrap();
    assert_eq!((new.owner.as_str(), new.frequency.as_str()), ("", ""));
    let id = store.find_student("Amara").unwrap();
    let printout = plp::printout::build(
        &store.student(&id).unwrap(),
        today(),
        &Default::default(),
        Default::default(),
    );
    let shown = printout
        .goals
        .iter()
        .flat_map(|g| &g.strategies)
        .find(|s| s.what == "Reading log with Grandma on Sundays")
        .unwrap();
    assert!(shown.who.is_empty() && shown.often.is_empty(), "{shown:?}");
}

#[test]
fn a_long_replacement_is_read_whole_in_the_adjustments_box_at_80_columns() {
    let (mut app, mut store) = composing();
    press(&mut app, &mut store, KeyCode::Tab);
    for k in ['3', 'w', 'r'] {
        press(&mut app, &mut store, KeyCode::Char(k));
    }
    let new = "Ask Ms. Rivera the day before for one question to bring to each English class, \
               written on a card kept in the planner";
    keys(&mut app, &mut store, new);
    press(&mut app, &mut store, KeyCode::Enter);
    while app.composer.as_ref().unwrap().step != plp::tui::composer::Step::Adjustments {
        press(&mut app, &mut store, KeyCode::Tab);
    }
    let shown = screen(&app, 80, 24);
    let rows: Vec<&str> = shown
        .lines()
        .skip_while(|l| !l.contains("Made to the plan when saved:"))
        .skip(1)
        .take_while(|l| l.starts_with("│  "))
        .collect();
    assert!(rows.len() > 1, "the change wraps onto more rows: {shown}");
    let read = rows
        .iter()
        .map(|l| l.trim_matches(['│', ' ']))
        .collect::<Vec<_>>()
        .join(" ");
    assert!(read.contains(&format!("with \"{new}\".")), "{shown}");
    // The field to type adjustments in keeps its row below.
    assert!(shown.lines().all(|l| plp::domain::display_width(l) == 80));
}

#[test]
fn a_field_that_shrinks_is_filled_from_its_top_with_the_cursor_in_sight() {
    let (mut app, mut store) = composing();
    let para: String = (0..100).map(|i| format!("word{i} ")).collect();
    let long: Vec<String> = (0..8).map(|i| format!("Para {i}: {para}")).collect();
    screen(&app, 80, 24);
    dispatch(&mut app, &mut store, Action::Paste(long.join("\n")));
    screen(&app, 80, 24);
    // The last paragraph deleted: the text is eight rows shorter, its start far above.
    ctrl(&mut app, &mut store, 'u');
    for _ in 0..2 {
        let shown = screen(&app, 80, 24);
        let rows: Vec<&str> = shown
            .lines()
            .skip_while(|l| !l.contains("In the student's words"))
            .skip(1)
            .take_while(|l| l.starts_with('│'))
            .collect();
        assert!(rows.len() > 5, "{shown}");
        // Only the emptied last line, where the cursor is, may be blank.
        let blank = rows
            .iter()
            .filter(|l| l.trim_matches(['│', ' ']).is_empty())
            .count();
        assert_eq!(blank, 1, "{shown}");
        assert!(rows[0].contains("Para 6:"), "{shown}");
    }
}

#[test]
fn who_was_there_ticks_the_date_and_a_replacement_are_kept_in_the_draft() {
    let (mut app, mut store) = composing_with_family();
    keys(&mut app, &mut store, "Half way.");
    press(&mut app, &mut store, KeyCode::Tab);
    press(&mut app, &mut store, KeyCode::Char('3'));
    press(&mut app, &mut store, KeyCode::Char('r'));
    keys(&mut app, &mut store, "Text a reminder");
    // The session drops here: everything so far is kept.
    dispatch(&mut app, &mut store, Action::SaveDraftNow);
    press(&mut app, &mut store, KeyCode::Esc);
    press(&mut app, &mut store, KeyCode::Char('j'));
    for _ in 0..7 {
        press(&mut app, &mut store, KeyCode::Char('j'));
    }
    press(&mut app, &mut store, KeyCode::Char('c'));
    for _ in 0..4 {
        press(&mut app, &mut store, KeyCode::Tab);
    }
    press(&mut app, &mut store, KeyCode::Char('a'));
    press(&mut app, &mut store, KeyCode::Char('7'));
    press(&mut app, &mut store, KeyCode::Char('d'));
    keys(&mut app, &mut store, "2026-11-20");
    press(&mut app, &mut store, KeyCode::Enter);
    press(&mut app, &mut store, KeyCode::Esc);
    assert_eq!(app.screen, Screen::Student);
    press(&mut app, &mut store, KeyCode::Char('n'));
    let c = app.composer.as_ref().unwrap();
    assert!(c.attended.contains(&"Grace Okafor".to_string()));
    assert_eq!(c.weeks, 7);
    assert_eq!(
        c.date,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()
    );
    assert_eq!(c.ticks, vec![None, Some(false)]);
    let replaced = c
        .changes
        .iter()
        .any(|(_, ch)| *ch == plp::tui::composer::PlanChange::Replace("Text a reminder".into()));
    assert!(replaced, "{:?}", c.changes);
}

#[test]
fn a_saved_checkins_ratings_verdicts_steps_and_attendees_are_edited_as_a_new_revision() {
    let (mut app, mut store) = composing_with_family();
    keys(&mut app, &mut store, "First version.");
    press(&mut app, &mut store, KeyCode::Tab);
    for k in ['3', 'w'] {
        press(&mut app, &mut store, KeyCode::Char(k));
    }
    press(&mut app, &mut store, KeyCode::F(2));
    assert_eq!(app.screen, Screen::Student);
    let first = saved(&store);
    // Open it from the log and change it.
    press(&mut app, &mut store, KeyCode::Char('3'));
    press(&mut app, &mut store, KeyCode::Enter);
    press(&mut app, &mut store, KeyCode::Char('e'));
    assert_eq!(app.screen, Screen::Composer);
    let screen = screen(&app, 80, 24);
    assert!(screen.contains("Editing check-in"), "{screen}");
    press(&mut app, &mut store, KeyCode::Tab);
    press(&mut app, &mut store, KeyCode::Char('2')); // the goal: 2, not 3
    press(&mut app, &mut store, KeyCode::Char('n')); // the strategy: not working
    for _ in 0..4 {
        press(&mut app, &mut store, KeyCode::Tab);
    }
    press(&mut app, &mut store, KeyCode::Char('a'));
    press(&mut app, &mut store, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Student, "{:?}", app.status);
    let id = store.find_student("Amara").unwrap();
    let rec = store.student(&id).unwrap();
    assert_eq!(rec.checkins.len(), 3, "an edit adds no check-in");
    let c = rec.checkins.iter().find(|c| c.id == first.id).unwrap();
    assert_eq!(c.progress[0].rating, 2);
    assert_eq!(c.verdicts[0].verdict, plp::domain::Verdict::NotWorking);
    assert!(c.attended.contains(&"Grace Okafor".to_string()));
    assert_eq!(c.student_words, "First version.");
    let h = store.history(&c.id, "progress").unwrap();
    assert_eq!(h.len(), 2, "the first version stays in its history");
    assert_eq!(h[0].value[0]["rating"], 3);
    assert!(store.drafts().unwrap().is_empty());
    // An edit is taken back by one u, as any edit is: the check-in stays, as it was before.
    keys(&mut app, &mut store, "u");
    let said = app.status.clone().unwrap_or_default();
    assert!(
        said.starts_with("Undone: the edit of the check-in"),
        "{said}"
    );
    let back = saved(&store);
    assert_eq!(back.id, c.id, "the check-in is still there");
    assert_eq!(back.progress[0].rating, 3, "as first saved");
}

#[test]
fn at_80_columns_every_composer_step_keeps_f1_help_in_the_status_bar() {
    let (mut app, mut store) = composing_with_family();
    keys(&mut app, &mut store, "Fine.");
    let mut seen = Vec::new();
    for _ in 0..6 {
        app.status = None;
        let screen = screen(&app, 80, 24);
        let bar = screen.lines().last().unwrap().to_string();
        assert!(bar.contains("F1 help"), "{:?}: {bar}", app.ctx());
        seen.push(app.ctx());
        press(&mut app, &mut store, KeyCode::Tab);
    }
    press(&mut app, &mut store, KeyCode::Char('n'));
    app.status = None;
    let screen = screen(&app, 80, 24);
    assert!(screen.lines().last().unwrap().contains("F1 help"));
    assert!(seen.contains(&plp::tui::keymap::Ctx::ComposerNext));
    assert!(seen.contains(&plp::tui::keymap::Ctx::ComposerRate));
}

/// The readline keys help names for text fields each do what it says, and the keys screen and
/// tmux keep for themselves (Ctrl-A, Ctrl-B) are left to them.
#[test]
fn the_readline_keys_help_names_move_and_delete_as_it_says() {
    let (mut app, mut store) = composing();
    let words = |app: &App| plp::tui::text::text(&app.composer.as_ref().unwrap().words);
    let alt = |app: &mut App, store: &mut Store, c: char| {
        press_with(app, store, KeyCode::Char(c), KeyModifiers::ALT)
    };
    keys(&mut app, &mut store, "Reading every night helps");
    alt(&mut app, &mut store, 'b');
    alt(&mut app, &mut store, 'b');
    keys(&mut app, &mut store, "really ");
    assert_eq!(words(&app), "Reading every really night helps");
    alt(&mut app, &mut store, 'f');
    ctrl(&mut app, &mut store, 'k');
    assert_eq!(words(&app), "Reading every really night ");
    ctrl(&mut app, &mut store, 'w');
    assert_eq!(words(&app), "Reading every really ");
    press(&mut app, &mut store, KeyCode::Home);
    ctrl(&mut app, &mut store, 'e');
    keys(&mut app, &mut store, "often");
    assert_eq!(words(&app), "Reading every really often");
    press(&mut app, &mut store, KeyCode::F(1));
    let help = screen(&app, 120, 60);
    for (key, what) in [
        ("C-e", "to the end of the line"),
        ("M-b", "back a word"),
        ("M-f", "on to the next word"),
        ("C-w", "delete the word before"),
        ("C-k", "delete to the end of the line"),
    ] {
        assert!(help.contains(key) && help.contains(what), "{key}: {help}");
    }
}

#[test]
fn ctrl_u_deletes_back_to_the_start_of_the_line_as_in_a_shell() {
    let (mut app, mut store) = composing();
    let words = |app: &App| plp::tui::text::text(&app.composer.as_ref().unwrap().words);
    keys(&mut app, &mut store, "Fine at home.");
    press(&mut app, &mut store, KeyCode::Enter);
    keys(&mut app, &mut store, "Math is hard");
    ctrl(&mut app, &mut store, 'u');
    assert_eq!(
        words(&app),
        "Fine at home.\n",
        "the line, not the last key typed"
    );
    // At the start of a line nothing more goes: the line above is kept whole.
    ctrl(&mut app, &mut store, 'u');
    assert_eq!(words(&app), "Fine at home.\n");
    // Ctrl-Y puts back what Ctrl-U took, as in a shell.
    ctrl(&mut app, &mut store, 'y');
    assert_eq!(words(&app), "Fine at home.\nMath is hard");
    // Help says so, from the table.
    press(&mut app, &mut store, KeyCode::F(1));
    let help = screen(&app, 120, 40);
    assert!(
        help.contains("C-u") && help.contains("delete to the start of the line"),
        "{help}"
    );
    press(&mut app, &mut store, KeyCode::F(1));

    // Ctrl-_ (which most terminals send as Ctrl-7) takes typing back, as readline's does.
    keys(&mut app, &mut store, " Very");
    ctrl(&mut app, &mut store, '7');
    assert_ne!(words(&app), "Fine at home.\nMath is hard Very");
    assert!(
        words(&app).starts_with("Fine at home.\nMath is hard"),
        "{}",
        words(&app)
    );
    while words(&app) != "Fine at home.\nMath is hard" {
        let before = words(&app);
        ctrl(&mut app, &mut store, '_');
        assert_ne!(words(&app), before, "each Ctrl-_ takes something back");
    }
    press(&mut app, &mut store, KeyCode::F(1));
    let help = screen(&app, 120, 40);
    assert!(
        help.contains("C-_") && help.contains("undo the last typing"),
        "{help}"
    );
    press(&mut app, &mut store, KeyCode::F(1));

    // The caseload filter is one line: Ctrl-U empties it.
    let mut store = common::fixture_store();
    let mut app = common::tui::app(&mut store);
    keys(&mut app, &mut store, "/ama");
    assert_eq!(app.filter, "ama");
    ctrl(&mut app, &mut store, 'u');
    assert_eq!(app.filter, "");
    assert!(app.filtering, "still typing the filter");
}

#[test]
fn a_next_date_that_is_not_one_stays_typed_through_esc_and_a_dropped_session() {
    let (mut app, mut store) = composing();
    keys(&mut app, &mut store, "Fine.");
    for _ in 0..5 {
        press(&mut app, &mut store, KeyCode::Tab);
    }
    press(&mut app, &mut store, KeyCode::Char('n'));
    keys(&mut app, &mut store, "next tues day");
    press(&mut app, &mut store, KeyCode::Esc);
    let line = |app: &App| {
        app.composer
            .as_ref()
            .and_then(|c| c.note())
            .map(plp::tui::text::text)
    };
    assert_eq!(
        line(&app).as_deref(),
        Some("next tues day"),
        "Esc keeps it open, as typed"
    );
    let said = app.status.clone().unwrap_or_default();
    assert!(
        said == "\"next tues day\" is not weeks, days or a date (try 5w, 10d, 28 May 2027, 5/28/2027 or 2027-05-28; C-u clears the line).",
        "{said}"
    );
    assert_eq!(said.matches(". ").count(), 0, "one sentence: {said}");
    assert!(
        said.chars().count() <= 160,
        "whole on two rows of an 80-column status bar: {said}"
    );
    // The session drops here: the line is kept with the rest of the draft.
    dispatch(&mut app, &mut store, Action::SaveDraftNow);
    let mut app = common::tui::app(&mut store);
    press(&mut app, &mut store, KeyCode::Down);
    press(&mut app, &mut store, KeyCode::Char('n'));
    let c = app.composer.as_ref().unwrap();
    assert_eq!(c.step, plp::tui::composer::Step::Next);
    assert_eq!(plp::tui::text::text(&c.words), "Fine.");
    assert_eq!(
        line(&app).as_deref(),
        Some("next tues day"),
        "reopened to be mended"
    );
    // Mended, it is taken.
    ctrl(&mut app, &mut store, 'u');
    keys(&mut app, &mut store, "3w");
    press(&mut app, &mut store, KeyCode::Enter);
    let c = app.composer.as_ref().unwrap();
    assert!(c.input.is_none(), "{:?}", app.status);
    assert_eq!(c.next_date(), today() + chrono::Duration::weeks(3));
}

#[test]
fn letters_typed_where_each_key_chooses_are_named_and_enter_then_asks_again() {
    let (mut app, mut store) = composing();
    keys(&mut app, &mut store, "Fine.");
    press(&mut app, &mut store, KeyCode::Tab);
    // Rating: a letter that is no key here says so.
    keys(&mut app, &mut store, "z");
    let said = app.status.clone().unwrap_or_default();
    assert!(
        said.starts_with("Not a text field: one key each here"),
        "{said}"
    );
    for _ in 0..4 {
        press(&mut app, &mut store, KeyCode::Tab);
    }
    assert_eq!(app.ctx(), plp::tui::keymap::Ctx::ComposerNext);
    // Typing on, as if in the next steps: "sure" ('s' and 'u' are no keys here).
    keys(&mut app, &mut store, "su");
    let said = app.status.clone().unwrap_or_default();
    assert!(said.starts_with("Not a text field"), "{said}");
    press(&mut app, &mut store, KeyCode::Enter);
    assert_eq!(
        app.screen,
        Screen::Composer,
        "Enter after letters did not save"
    );
    let said = app.status.clone().unwrap_or_default();
    assert!(
        said.starts_with("Not saved yet: letters were typed here"),
        "{said}"
    );
    let id = store.find_student("Amara").unwrap();
    let before = store.student(&id).unwrap().checkins.len();
    press(&mut app, &mut store, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Student, "{:?}", app.status);
    assert_eq!(store.student(&id).unwrap().checkins.len(), before + 1);
    assert_eq!(saved(&store).student_words, "Fine.");
}

/// Steps agreed at a check-in restricted whole stay in it: the next check-in neither offers
/// them again nor reviews them, says so, and so nothing of them reaches an export of the plan.
#[test]
fn steps_of_a_check_in_restricted_whole_are_not_carried_into_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    let mut store = common::fixture_store_at(&db);
    let mut app = app(&mut store);
    press(&mut app, &mut store, KeyCode::Down);
    press(&mut app, &mut store, KeyCode::Char('n'));
    keys(&mut app, &mut store, "Things at home are hard.");
    ctrl(&mut app, &mut store, 'r');
    ctrl(&mut app, &mut store, 'r');
    for _ in 0..4 {
        press(&mut app, &mut store, KeyCode::Tab);
    }
    keys(&mut app, &mut store, "SECRET-STEP @Dad");
    press(&mut app, &mut store, KeyCode::F(2));
    assert_eq!(app.screen, Screen::Student, "{:?}", app.status);
    assert_eq!(saved(&store).restriction(), Restriction::Whole);

    press(&mut app, &mut store, KeyCode::Char('n'));
    assert_eq!(app.screen, Screen::Composer);
    {
        let c = app.composer.as_ref().unwrap();
        assert_eq!(c.steps.lines().join(""), "", "nothing offered");
        assert!(c.last.is_empty(), "nothing to review");
        assert_eq!(c.restriction, Restriction::None);
    }
    let said = app.status.clone().unwrap_or_default();
    assert!(
        said.contains("The last check-in is restricted whole: its 2 next steps stay there"),
        "{said}"
    );
    let shown = screen(&app, 80, 24);
    assert!(!shown.contains("SECRET"), "{shown}");
    assert!(
        shown.contains("(restricted: kept in that check-in)"),
        "{shown}"
    );
    keys(&mut app, &mut store, "Better now.");
    press(&mut app, &mut store, KeyCode::F(2));
    assert_eq!(app.screen, Screen::Student, "{:?}", app.status);
    let c = saved(&store);
    assert_eq!(c.student_words, "Better now.");
    assert_eq!(c.restriction(), Restriction::None);
    assert!(c.last_steps.is_empty() && c.next_steps.is_empty(), "{c:?}");
    drop(store);

    let md = common::succeeds(common::plp_args(
        &db,
        &["export", "Amara", "--format", "md"],
    ));
    assert!(md.contains("Better now."), "{md}");
    assert!(!md.contains("SECRET-STEP"), "{md}");
    let json = common::succeeds(common::plp_args(
        &db,
        &["export", "--all", "--format", "json"],
    ));
    assert!(!json.contains("SECRET-STEP"), "{json}");
    let asked = common::succeeds(common::plp_args(
        &db,
        &[
            "export",
            "--all",
            "--format",
            "json",
            "--include-restricted",
        ],
    ));
    assert!(asked.contains("SECRET-STEP"), "asked for by name");
}

/// The ids of Amara's first goal's two strategies, in the order the rating step lists them.
fn first_two_strategies(app: &App) -> (String, String) {
    let c = app.composer.as_ref().unwrap();
    let mut s = c
        .items
        .iter()
        .filter(|i| i.kind == plp::tui::composer::ItemKind::Strategy)
        .map(|i| i.id.clone());
    (s.next().unwrap(), s.next().unwrap())
}

/// After a verdict the cursor moves on, but Enter right then notes the strategy just rated,
/// even from the goal the cursor moved onto; the note's box names that strategy.
#[test]
fn enter_right_after_a_verdict_notes_the_strategy_just_rated() {
    let (mut app, mut store) = composing();
    keys(&mut app, &mut store, "Fine.");
    press(&mut app, &mut store, KeyCode::Tab);
    let (portal, planner) = first_two_strategies(&app);
    keys(&mut app, &mut store, "3w");
    press(&mut app, &mut store, KeyCode::Enter);
    let shown = screen(&app, 80, 24);
    assert!(
        shown.contains("Note on: Check the portal on Mondays (1)"),
        "{shown}"
    );
    keys(&mut app, &mut store, "Logs in every Monday");
    press(&mut app, &mut store, KeyCode::Enter);
    // The cursor is on the planner, as the verdict left it: p rates it and moves onto goal 2.
    keys(&mut app, &mut store, "p");
    press(&mut app, &mut store, KeyCode::Enter);
    assert!(
        app.composer.as_ref().unwrap().input.is_some(),
        "{:?}",
        app.status
    );
    keys(&mut app, &mut store, "Forgets on Fridays");
    press(&mut app, &mut store, KeyCode::Enter);
    // Enter with nothing just rated notes the strategy selected, and on a goal says so.
    press(&mut app, &mut store, KeyCode::Enter);
    assert_eq!(
        app.status.as_deref(),
        Some("Notes go with strategies; a goal gets 1–4.")
    );
    press(&mut app, &mut store, KeyCode::F(2));
    assert_eq!(app.screen, Screen::Student, "{:?}", app.status);
    let c = saved(&store);
    let note = |id: &str| {
        c.verdicts
            .iter()
            .find(|v| v.strategy == id)
            .map(|v| v.note.clone())
    };
    assert_eq!(note(&portal).as_deref(), Some("Logs in every Monday"));
    assert_eq!(note(&planner).as_deref(), Some("Forgets on Fridays"));
}

/// Words typed on the rating step as if into a note change no verdict: the keys among the
/// first letters are taken back, the rest do nothing, and the status says where to type.
/// Keys pressed one after another that are all keys still rate as fast as ever.
#[test]
fn letters_typed_as_words_on_the_rating_step_change_no_verdict() {
    let (mut app, mut store) = composing();
    keys(&mut app, &mut store, "Fine.");
    press(&mut app, &mut store, KeyCode::Tab);
    let (portal, _) = first_two_strategies(&app);
    keys(&mut app, &mut store, "3");
    keys(&mut app, &mut store, "went to nurse");
    {
        let c = app.composer.as_ref().unwrap();
        assert!(c.verdicts.is_empty(), "{:?}", c.verdicts);
        assert_eq!(c.ratings.len(), 1, "the 3 before the words stays");
        assert_eq!(c.items[c.item].id, portal, "the cursor is back");
        assert_eq!(c.step, plp::tui::composer::Step::Rate);
    }
    let said = app.status.clone().unwrap_or_default();
    assert!(
        said.starts_with(
            "Not a text field: those letters looked like typing, so they changed no rating."
        ),
        "{said}"
    );
    assert!(said.contains("Enter types a note on a strategy"), "{said}");
    // As it says: Enter, the note, and then the verdict key rates again.
    press(&mut app, &mut store, KeyCode::Enter);
    keys(&mut app, &mut store, "went to nurse");
    press(&mut app, &mut store, KeyCode::Enter);
    keys(&mut app, &mut store, "wp");
    let c = app.composer.as_ref().unwrap();
    assert_eq!(c.note_of(&portal), "went to nurse");
    assert_eq!(c.verdicts.len(), 2, "{:?}", c.verdicts);
    assert_eq!(c.verdict_of(&portal), Some(plp::domain::Verdict::Working));
}

/// The date-held line says the forms a date takes, none it would refuse.
#[test]
fn the_date_held_line_names_the_forms_a_date_takes() {
    let (mut app, mut store) = composing();
    for _ in 0..12 {
        if app.ctx() == plp::tui::keymap::Ctx::ComposerNext {
            break;
        }
        press(&mut app, &mut store, KeyCode::Tab);
    }
    assert_eq!(app.ctx(), plp::tui::keymap::Ctx::ComposerNext);
    keys(&mut app, &mut store, "d");
    let screen = common::tui::screen(&app, 120, 40);
    assert!(
        screen.contains("the date held: 28 May 2027, 5/28/2027 or 2027-05-28"),
        "{screen}"
    );
    assert!(!screen.contains("yesterday's date"), "{screen}");
    // A day typed without its year is the last such day on or before today.
    keys(&mut app, &mut store, "11/20");
    press(&mut app, &mut store, KeyCode::Enter);
    assert_eq!(
        app.composer.as_ref().unwrap().date,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
        "{:?}",
        app.status
    );
}

/// One `u` does not take back a whole conversation: it says what a second would take back, any
/// other key between asks again, and `u` twice undoes the check-in.
#[test]
fn undoing_a_saved_check_in_is_asked_twice() {
    let (mut app, mut store) = composing();
    keys(&mut app, &mut store, "We talked about the bus.");
    press(&mut app, &mut store, KeyCode::F(2));
    assert_eq!(app.screen, Screen::Student, "{:?}", app.status);
    let id = store.find_student("Amara").unwrap();
    let held = |store: &Store| {
        store
            .student(&id)
            .unwrap()
            .checkins
            .iter()
            .any(|c| c.student_words == "We talked about the bus.")
    };
    assert!(held(&store));
    keys(&mut app, &mut store, "u");
    assert_eq!(
        app.status.as_deref(),
        Some("u again takes back the check-in saved for Amara Okafor, whole."),
        "no plan changes were made in it"
    );
    assert!(held(&store), "asking changes nothing");
    press(&mut app, &mut store, KeyCode::Down);
    keys(&mut app, &mut store, "u");
    assert!(held(&store), "another key between asks again");
    keys(&mut app, &mut store, "u");
    assert!(!held(&store), "{:?}", app.status);
}

/// Tabs through the composer to its next steps.
fn to_next_steps(app: &mut App, store: &mut Store) {
    for _ in 0..6 {
        if app.composer.as_ref().unwrap().step == plp::tui::composer::Step::Steps {
            break;
        }
        press(app, store, KeyCode::Tab);
    }
    assert_eq!(
        app.composer.as_ref().unwrap().step,
        plp::tui::composer::Step::Steps
    );
}

/// A next step typed without `@who` is saved with no one named, not given to the student: it
/// reads as typed, and the family printout names no one for it.
#[test]
fn a_next_step_without_who_names_no_one() {
    let (mut app, mut store) = composing();
    keys(&mut app, &mut store, "Fine.");
    to_next_steps(&mut app, &mut store);
    keys(&mut app, &mut store, "Call home about the bus");
    press(&mut app, &mut store, KeyCode::Enter);
    keys(&mut app, &mut store, "Bring the planner @Amara");
    press(&mut app, &mut store, KeyCode::F(2));
    assert_eq!(app.screen, Screen::Student, "{:?}", app.status);
    let steps: Vec<(String, String)> = saved(&store)
        .next_steps
        .iter()
        .map(|s| (s.text.clone(), s.owner.clone()))
        .collect();
    // After the step offered again from last time, as typed.
    assert_eq!(
        steps[steps.len() - 2..],
        [
            ("Call home about the bus".to_string(), String::new()),
            ("Bring the planner".to_string(), "Amara".to_string())
        ]
    );
    let next = saved(&store).next_steps;
    assert_eq!(next[next.len() - 2].words(), "Call home about the bus");
    assert_eq!(next[next.len() - 1].words(), "Bring the planner (Amara)");
}

/// `@who` typed on a line of its own (the cursor on the empty line below a step) is no step:
/// the save says so and keeps everything on screen, instead of a step of no words that would
/// come back at every check-in.
#[test]
fn a_step_line_of_only_who_is_refused_and_nothing_is_lost() {
    let (mut app, mut store) = composing();
    let id = store.find_student("Amara").unwrap();
    let held = store.student(&id).unwrap().checkins.len();
    keys(&mut app, &mut store, "Fine.");
    to_next_steps(&mut app, &mut store);
    keys(&mut app, &mut store, "Call home about the bus");
    press(&mut app, &mut store, KeyCode::Enter);
    keys(&mut app, &mut store, " @Grace Okafor");
    press(&mut app, &mut store, KeyCode::F(2));
    assert_eq!(app.screen, Screen::Composer);
    assert_eq!(
        app.status.as_deref(),
        Some(
            "Not saved: a next step names who does it (@Grace Okafor) but not what: write the \
             step before the @."
        )
    );
    assert_eq!(store.student(&id).unwrap().checkins.len(), held);
    // Written before the @, it saves.
    press(&mut app, &mut store, KeyCode::Home);
    keys(&mut app, &mut store, "Sign the reading log");
    press(&mut app, &mut store, KeyCode::F(2));
    assert_eq!(app.screen, Screen::Student, "{:?}", app.status);
    let last = saved(&store).next_steps.pop().unwrap();
    assert_eq!(
        (last.text.as_str(), last.owner.as_str()),
        ("Sign the reading log", "Grace Okafor")
    );
}

/// The weeks chosen for the next check-in are said with the day as every date is written: no
/// padding before a day of one digit, and one week in the singular.
#[test]
fn the_weeks_chosen_say_the_next_day_as_dates_are_written() {
    let (mut app, mut store) = composing();
    keys(&mut app, &mut store, "Fine.");
    for _ in 0..5 {
        press(&mut app, &mut store, KeyCode::Tab);
    }
    press(&mut app, &mut store, KeyCode::Char('1'));
    assert_eq!(
        app.status.as_deref(),
        Some("Next check-in in 1 week: Tue 1 Dec 2026.")
    );
    press(&mut app, &mut store, KeyCode::Char('9'));
    assert_eq!(
        app.status.as_deref(),
        Some("Next check-in in 9 weeks: Tue 26 Jan 2027.")
    );
}

/// A next date on a day its month never has names the month, however the day is typed.
#[test]
fn a_next_date_on_a_day_its_month_lacks_says_so() {
    for typed in ["Feb 30", "2/30"] {
        let (mut app, mut store) = composing();
        keys(&mut app, &mut store, "Fine.");
        for _ in 0..5 {
            press(&mut app, &mut store, KeyCode::Tab);
        }
        press(&mut app, &mut store, KeyCode::Char('n'));
        keys(&mut app, &mut store, typed);
        press(&mut app, &mut store, KeyCode::Enter);
        assert_eq!(
            app.status.as_deref(),
            Some("February has no 30th (C-u clears the line)."),
            "{typed}"
        );
    }
}

/// A check-in written without going over last time's steps (as `plp checkin` writes one),
/// edited here, shows the steps agreed at the check-in before it.
#[test]
fn editing_a_check_in_that_reviewed_no_steps_shows_the_steps_agreed_before_it() {
    let mut store = common::fixture_store();
    let amara = store.find_student("Amara").unwrap();
    store
        .write(|w| {
            w.add_checkin(&plp::domain::CheckIn {
                student_id: amara.clone(),
                date: chrono::NaiveDate::from_ymd_opt(2026, 11, 21),
                student_words: "Written from the command line.".into(),
                next_date: chrono::NaiveDate::from_ymd_opt(2026, 12, 19),
                ..Default::default()
            })
        })
        .unwrap();
    let mut app = app(&mut store);
    keys(&mut app, &mut store, "/Amara");
    press(&mut app, &mut store, KeyCode::Enter);
    if app.screen != Screen::Student {
        press(&mut app, &mut store, KeyCode::Enter);
    }
    assert_eq!(app.screen, Screen::Student, "{:?}", app.status);
    press(&mut app, &mut store, KeyCode::Char('3'));
    press(&mut app, &mut store, KeyCode::Enter);
    press(&mut app, &mut store, KeyCode::Char('e'));
    assert_eq!(app.screen, Screen::Composer, "{:?}", app.status);
    let shown = screen(&app, 120, 40);
    assert!(
        shown.contains("Amara") && shown.contains("21 Nov 2026"),
        "{shown}"
    );
    let side: String = shown
        .lines()
        .filter_map(|l| l.split('│').nth(3))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(side.contains("Bring the planner"), "{shown}");
    assert!(!shown.contains("(nothing recorded)"), "{shown}");
}

/// On the last step at 80 columns, each team member is whole on one line: the rows break
/// between members, never inside a name.
#[test]
fn the_last_step_keeps_each_team_member_whole_on_a_line() {
    let mut store = common::fixture_store();
    let amara = store.find_student("Amara").unwrap();
    store
        .write(|w| {
            for (name, role) in [
                ("Grace Okafor", "parent"),
                ("Ms. Rivera", "counselor"),
                ("Mr. Adeyemi", "history teacher"),
                ("Dr. Lindqvist-Moreau", "school psychologist"),
            ] {
                w.add_team_member(&plp::domain::TeamMember {
                    student_id: amara.clone(),
                    name: name.into(),
                    role: role.into(),
                    ..Default::default()
                })?;
            }
            Ok(())
        })
        .unwrap();
    let mut app = app(&mut store);
    press(&mut app, &mut store, KeyCode::Down);
    press(&mut app, &mut store, KeyCode::Char('n'));
    while app.composer.as_ref().unwrap().step != plp::tui::composer::Step::Next {
        press(&mut app, &mut store, KeyCode::Tab);
    }
    let shown = screen(&app, 80, 24);
    for entry in [
        "[ ] Grace Okafor (parent)",
        "[ ] Ms. Rivera (counselor)",
        "[ ] Mr. Adeyemi (history teacher)",
        "[ ] Dr. Lindqvist-Moreau (school psychologist)",
    ] {
        assert!(shown.contains(entry), "{entry} is cut: {shown}");
    }
}

/// A long paste, then the window made larger: every row of the words' box shows the student's
/// words as typed, in order, and nothing else (the box was drawn twice, the second view over the
/// first, and the first view's longer rows showed through at their ends).
#[test]
fn the_words_box_shows_only_the_words_typed_after_a_paste_and_a_resize() {
    let (mut app, mut store) = composing();
    let vocabulary = [
        "the",
        "student",
        "says",
        "portfolio",
        "writing",
        "is",
        "going",
        "better",
        "but",
        "math",
        "still",
        "hard",
        "some",
        "days",
        "questions",
        "takes",
        "a",
        "while",
    ];
    let mut seed = 7u32;
    let mut next = |n: usize| {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        (seed >> 16) as usize % n
    };
    let paragraphs: Vec<String> = (0..8)
        .map(|_| {
            (0..20 + next(70))
                .map(|_| vocabulary[next(vocabulary.len())])
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let text = paragraphs.join("\n\n");
    dispatch(&mut app, &mut store, Action::Paste(text.clone()));
    let words: Vec<&str> = text.split_whitespace().collect();
    for (w, h) in [(80, 24), (120, 40), (81, 24), (80, 24)] {
        dispatch(&mut app, &mut store, Action::Resized(w, h));
        let shown = screen(&app, w, h);
        let rows: Vec<&str> = shown.lines().collect();
        let top = rows
            .iter()
            .position(|r| r.contains("In the student's words"))
            .unwrap();
        let bottom = top + rows[top..].iter().position(|r| r.starts_with('└')).unwrap();
        let inside: Vec<&str> = rows[top + 1..bottom]
            .iter()
            .flat_map(|r| {
                let r = r.trim_start_matches('│');
                r[..r.find('│').unwrap_or(r.len())].split_whitespace()
            })
            .collect();
        assert!(inside.len() > 50, "{w}×{h}:\n{shown}");
        assert!(
            words
                .windows(inside.len())
                .any(|run| run == inside.as_slice()),
            "{w}×{h}: the box shows words not typed there:\n{shown}"
        );
    }
}

/// Words typed on the last step as if into the next steps change nothing there: no one is
/// ticked as there, the kind of meeting stays, no date line opens, and Enter right after asks
/// again before it saves. The keys among a word's first letters are taken back ("ke" of "kelp").
#[test]
fn letters_typed_as_words_on_the_last_step_change_nothing_there() {
    let (mut app, mut store) = composing();
    keys(&mut app, &mut store, "Fine.");
    for _ in 0..5 {
        if app.ctx() == plp::tui::keymap::Ctx::ComposerNext {
            break;
        }
        press(&mut app, &mut store, KeyCode::Tab);
    }
    assert_eq!(app.ctx(), plp::tui::keymap::Ctx::ComposerNext);
    let before = {
        let c = app.composer.as_ref().unwrap();
        (c.kind, c.attended.clone(), c.next_date())
    };
    let now = |app: &plp::tui::state::App| {
        let c = app.composer.as_ref().unwrap();
        assert!(c.input.is_none(), "no line opened: {:?}", app.status);
        (c.kind, c.attended.clone(), c.next_date())
    };
    for words in ["went home", "kelp"] {
        keys(&mut app, &mut store, words);
        assert_eq!(now(&app), before, "after {words:?}");
        let said = app.status.clone().unwrap_or_default();
        assert!(
            said.starts_with("Not a text field: those letters looked like typing"),
            "{said}"
        );
        assert!(said.contains("Next steps are typed a step back"), "{said}");
        press(&mut app, &mut store, KeyCode::Enter);
        assert_eq!(
            app.screen,
            Screen::Composer,
            "Enter right after words saved"
        );
        let said = app.status.clone().unwrap_or_default();
        assert!(said.starts_with("Not saved yet"), "{said}");
    }
    // A key pressed alone still chooses: 'k' changes the kind of meeting.
    keys(&mut app, &mut store, "k");
    assert_ne!(app.composer.as_ref().unwrap().kind, before.0);
}

/// The Tab the rating step's hint taught, pressed by reflex just as the last rating moves the
/// composer on by itself, does not skip the step it moved to: what is typed next lands where the
/// advisor thinks it does, and the advisor's notes never among the steps the family reads.
#[test]
fn a_reflex_tab_after_the_last_rating_does_not_push_the_typing_one_field_down() {
    let mut store = common::fixture_store();
    with_family_and_two_steps(&mut store);
    let mut app = app(&mut store);
    press(&mut app, &mut store, KeyCode::Down);
    press(&mut app, &mut store, KeyCode::Char('n'));
    keys(&mut app, &mut store, "Mornings are better.");
    press(&mut app, &mut store, KeyCode::Tab);
    let (_, of) = app.composer.as_ref().unwrap().rated_of();
    for _ in 0..of - 2 {
        press(&mut app, &mut store, KeyCode::Down);
    }
    press(&mut app, &mut store, KeyCode::Char('d'));
    press(&mut app, &mut store, KeyCode::Char('d'));
    let step = |app: &App| app.composer.as_ref().unwrap().step;
    assert_eq!(step(&app), plp::tui::composer::Step::Adjustments);
    press(&mut app, &mut store, KeyCode::Tab); // the reflex
    assert_eq!(step(&app), plp::tui::composer::Step::Adjustments);
    assert_eq!(
        app.status.as_deref(),
        Some(
            "Still on Adjustments: the last rating moved here by itself. Type here, or Tab \
             again to move on."
        )
    );
    keys(
        &mut app,
        &mut store,
        "Study group instead of the make-up test.",
    );
    press(&mut app, &mut store, KeyCode::Tab);
    assert_eq!(step(&app), plp::tui::composer::Step::Notes);
    keys(&mut app, &mut store, "Mum is anxious at night.");
    press(&mut app, &mut store, KeyCode::Tab);
    assert_eq!(step(&app), plp::tui::composer::Step::Steps);
    let c = app.composer.as_ref().unwrap();
    assert_eq!(
        c.adjustments.lines().join("\n"),
        "Study group instead of the make-up test."
    );
    assert_eq!(c.notes.lines().join("\n"), "Mum is anxious at night.");
    assert!(!c.steps.lines().join("\n").contains("anxious"));
}

/// Ticking last time's steps first, with the ratings above them left, moves on as ticking the
/// last item does, and says how many are rated, never "All rated".
#[test]
fn moving_on_with_items_left_unrated_says_how_many_are_rated() {
    let mut store = common::fixture_store();
    with_family_and_two_steps(&mut store);
    let mut app = app(&mut store);
    press(&mut app, &mut store, KeyCode::Down);
    press(&mut app, &mut store, KeyCode::Char('n'));
    press(&mut app, &mut store, KeyCode::Tab);
    let (_, of) = app.composer.as_ref().unwrap().rated_of();
    for _ in 0..of - 2 {
        press(&mut app, &mut store, KeyCode::Down);
    }
    press(&mut app, &mut store, KeyCode::Char('d'));
    press(&mut app, &mut store, KeyCode::Char('d'));
    assert_eq!(
        app.composer.as_ref().unwrap().step,
        plp::tui::composer::Step::Adjustments
    );
    assert_eq!(
        app.status.as_deref(),
        Some(
            format!(
                "2 of {of} rated (S-Tab goes back to the rest). Now Adjustments: type here, \
                 or Tab twice to move on; S-Tab goes back."
            )
            .as_str()
        )
    );
}

/// A day typed without its year is the last such day: one that falls in last school year is
/// said, with the school year it falls in ("6/10" typed in November). One still to come this
/// year ("12/5" in November) reads as most of a year ago: refused, as `plp checkin --date`
/// refuses it, with the line left open, so one Enter cannot file it with last year's plan.
#[test]
fn a_date_held_that_falls_in_last_school_year_says_so() {
    let (mut app, mut store) = composing();
    keys(&mut app, &mut store, "Written up late.");
    for _ in 0..5 {
        press(&mut app, &mut store, KeyCode::Tab);
    }
    press(&mut app, &mut store, KeyCode::Char('d'));
    keys(&mut app, &mut store, "12/5");
    press(&mut app, &mut store, KeyCode::Enter);
    let said = app.status.clone().unwrap_or_default();
    assert!(
        said.starts_with(
            "\"12/5\" reads as Fri 5 Dec 2025, 50 weeks ago: type the year (2025-12-05) if \
             that is meant"
        ),
        "{said}"
    );
    let composer = app.composer.as_ref().unwrap();
    assert!(composer.note().is_some(), "the line stays open");
    assert_ne!(composer.date.to_string(), "2025-12-05");
    ctrl(&mut app, &mut store, 'u');
    keys(&mut app, &mut store, "6/10");
    press(&mut app, &mut store, KeyCode::Enter);
    assert_eq!(
        app.status.as_deref(),
        Some(
            "Held on Wed 10 Jun 2026, in the 2025-26 school year: it goes with that year's plan \
             (d changes the date)."
        )
    );
    press(&mut app, &mut store, KeyCode::Char('d'));
    keys(&mut app, &mut store, "11/20");
    press(&mut app, &mut store, KeyCode::Enter);
    assert_eq!(app.status.as_deref(), Some("Held on Fri 20 Nov 2026."));
}

/// A next date typed without its year that reads as most of a year away is refused as
/// `plp checkin --next` refuses it, naming the date with its year; a date typed that has no
/// school is taken as typed, and said to have none.
#[test]
fn a_next_date_far_off_without_its_year_is_refused_and_a_holiday_is_said() {
    let (mut app, mut store) = composing();
    keys(&mut app, &mut store, "Fine.");
    for _ in 0..5 {
        press(&mut app, &mut store, KeyCode::Tab);
    }
    press(&mut app, &mut store, KeyCode::Char('n'));
    keys(&mut app, &mut store, "Nov 1");
    press(&mut app, &mut store, KeyCode::Enter);
    let said = app.status.clone().unwrap_or_default();
    assert!(
        said.starts_with(
            "\"Nov 1\" reads as Mon 1 Nov 2027, 48 weeks after this check-in: type \
                          the year (2027-11-01) if that is meant"
        ),
        "{said}"
    );
    assert!(
        app.composer.as_ref().unwrap().note().is_some(),
        "the line stays open"
    );
    ctrl(&mut app, &mut store, 'u');
    keys(&mut app, &mut store, "12/25");
    press(&mut app, &mut store, KeyCode::Enter);
    let said = app.status.clone().unwrap_or_default();
    assert_eq!(
        said,
        "Next check-in on Fri 25 Dec 2026, a day with no school: n types another."
    );
    // With its year it is taken.
    press(&mut app, &mut store, KeyCode::Char('n'));
    ctrl(&mut app, &mut store, 'u');
    keys(&mut app, &mut store, "2027-11-01");
    press(&mut app, &mut store, KeyCode::Enter);
    assert_eq!(
        app.status.as_deref(),
        Some("Next check-in on Mon 1 Nov 2027.")
    );
    // Weeks as people say them are weeks.
    press(&mut app, &mut store, KeyCode::Char('n'));
    ctrl(&mut app, &mut store, 'u');
    keys(&mut app, &mut store, "in 3 weeks");
    press(&mut app, &mut store, KeyCode::Enter);
    assert_eq!(
        app.status.as_deref(),
        Some("Next check-in on Tue 15 Dec 2026.")
    );
}

/// Esc never traps a date line: a date that cannot be kept is refused at the first Esc, as
/// typed, and let go at the second, leaving the date as it was and saying so; one that can is
/// kept, as Enter keeps it. F8 reaches the discard question with the line open.
#[test]
fn esc_leaves_a_date_line_that_cannot_be_kept() {
    let (mut app, mut store) = composing();
    keys(&mut app, &mut store, "Fine.");
    for _ in 0..5 {
        press(&mut app, &mut store, KeyCode::Tab);
    }
    press(&mut app, &mut store, KeyCode::Char('n'));
    keys(&mut app, &mut store, "someday");
    press(&mut app, &mut store, KeyCode::Enter);
    assert!(
        app.composer.as_ref().unwrap().note().is_some(),
        "Enter refuses it"
    );
    press(&mut app, &mut store, KeyCode::Esc);
    assert!(
        app.composer.as_ref().unwrap().note().is_some(),
        "so does one Esc"
    );
    press(&mut app, &mut store, KeyCode::Esc);
    assert_eq!(
        app.status.as_deref(),
        Some("The next date is left as it was: \"someday\" was not kept.")
    );
    let composer = app.composer.as_ref().unwrap();
    assert!(composer.note().is_none(), "the line is closed");
    assert_eq!(composer.next_typed, None);
    press(&mut app, &mut store, KeyCode::Char('n'));
    keys(&mut app, &mut store, "3w");
    press(&mut app, &mut store, KeyCode::Esc);
    assert_eq!(
        app.status.as_deref(),
        Some("Next check-in on Tue 15 Dec 2026.")
    );
    press(&mut app, &mut store, KeyCode::Char('d'));
    keys(&mut app, &mut store, "yesterday-ish");
    press(&mut app, &mut store, KeyCode::F(8));
    assert!(
        matches!(
            app.overlays.last(),
            Some(plp::tui::state::Overlay::Confirm { .. })
        ),
        "{:?}",
        app.status
    );
}

/// A step agreed with no one named for it reads as its words alone in the rating list, not
/// with empty brackets after it.
#[test]
fn a_step_with_no_one_named_has_no_empty_brackets() {
    use plp::domain::{CheckIn, NextStep};
    let mut store = common::fixture_store();
    let amara = store.find_student("Amara").unwrap();
    store
        .write(|w| {
            w.add_checkin(&CheckIn {
                student_id: amara.clone(),
                date: chrono::NaiveDate::from_ymd_opt(2026, 11, 3),
                student_words: "Busy.".into(),
                next_steps: vec![NextStep {
                    text: "Call the bus office".into(),
                    owner: String::new(),
                }],
                next_date: chrono::NaiveDate::from_ymd_opt(2026, 11, 24),
                ..Default::default()
            })
        })
        .unwrap();
    let mut app = app(&mut store);
    press(&mut app, &mut store, KeyCode::Down);
    press(&mut app, &mut store, KeyCode::Char('n'));
    press(&mut app, &mut store, KeyCode::Tab);
    let shown = screen(&app, 100, 40);
    let line = shown
        .lines()
        .find(|l| l.contains("last time: Call the bus office"))
        .unwrap_or_else(|| panic!("{shown}"));
    assert!(!line.contains("()"), "{line}");
}

/// A student with no goals yet and nothing agreed last time: the rating step says there is
/// nothing to rate, not "0 of 0 rated".
#[test]
fn a_student_with_nothing_to_rate_is_told_so() {
    let mut store = common::fixture_store();
    store
        .write(|w| {
            w.add_student(&plp::domain::Student {
                sis_id: "990001".into(),
                given_name: "Noor".into(),
                family_name: "Haddad".into(),
                grade: Some(9),
                ..Default::default()
            })
        })
        .unwrap();
    let mut app = app(&mut store);
    keys(&mut app, &mut store, "/");
    keys(&mut app, &mut store, "noor");
    press(&mut app, &mut store, KeyCode::Enter);
    press(&mut app, &mut store, KeyCode::Char('n'));
    assert_eq!(app.screen, Screen::Composer, "{:?}", app.status);
    keys(&mut app, &mut store, "Settling in.");
    for _ in 0..5 {
        press(&mut app, &mut store, KeyCode::Tab);
    }
    let shown = screen(&app, 80, 24);
    assert!(
        shown.contains("last time's steps: nothing to rate yet"),
        "{shown}"
    );
    assert!(!shown.contains("0 of 0 rated"), "{shown}");
}

/// Text pasted where the terminal does not mark pastes arrives as typing, each new line a line
/// feed (Ctrl-J): every line is kept, each on its own line, none thrown away by the next.
#[test]
fn lines_pasted_without_paste_marks_are_all_kept() {
    let (mut app, mut store) = composing();
    keys(&mut app, &mut store, "First line pasted");
    ctrl(&mut app, &mut store, 'j');
    keys(&mut app, &mut store, "second line");
    ctrl(&mut app, &mut store, 'j');
    keys(&mut app, &mut store, "third");
    assert_eq!(
        app.composer.as_ref().unwrap().words.lines(),
        ["First line pasted", "second line", "third"]
    );
}

/// A strategy typed to replace one that is not working is let go only when `x` is pressed
/// twice: once, it says what a second would do and keeps the words.
#[test]
fn a_typed_replacement_is_not_dropped_by_one_x() {
    let (mut app, mut store) = composing_with_family();
    keys(&mut app, &mut store, "Half way.");
    press(&mut app, &mut store, KeyCode::Tab);
    press(&mut app, &mut store, KeyCode::Char('3'));
    press(&mut app, &mut store, KeyCode::Char('r'));
    keys(&mut app, &mut store, "Study hall with Ms. Kaur");
    press(&mut app, &mut store, KeyCode::Enter);
    let replacing = |app: &App| {
        let c = app.composer.as_ref().unwrap();
        c.changes.iter().find_map(|(_, ch)| match ch {
            plp::tui::composer::PlanChange::Replace(t) => Some(t.clone()),
            _ => None,
        })
    };
    // Back on the strategy being replaced.
    for _ in 0..10 {
        if app
            .composer
            .as_ref()
            .unwrap()
            .selected_replacement()
            .is_some()
        {
            break;
        }
        press(&mut app, &mut store, KeyCode::Char('k'));
    }
    press(&mut app, &mut store, KeyCode::Char('x'));
    assert_eq!(replacing(&app).as_deref(), Some("Study hall with Ms. Kaur"));
    assert!(
        app.status
            .as_deref()
            .is_some_and(|s| s.starts_with("x again retires it")),
        "{:?}",
        app.status
    );
    press(&mut app, &mut store, KeyCode::Char('x'));
    assert_eq!(replacing(&app), None);
    let c = app.composer.as_ref().unwrap();
    assert!(
        c.changes
            .iter()
            .any(|(_, ch)| *ch == plp::tui::composer::PlanChange::Retire),
        "{:?}",
        c.changes
    );
}

/// Text pasted on the ratings, where there is no text field, is said to have gone nowhere, with
/// the keys that reach one: never a key that, pressed there, rates the selected strategy.
#[test]
fn a_paste_on_the_ratings_names_the_keys_that_reach_a_text_field_there() {
    let (mut app, mut store) = composing();
    press(&mut app, &mut store, KeyCode::Tab);
    assert_eq!(
        app.composer.as_ref().unwrap().step,
        plp::tui::composer::Step::Rate
    );
    let before = app.composer.as_ref().unwrap().rated_of();
    dispatch(
        &mut app,
        &mut store,
        Action::Paste("went to nurse twice".into()),
    );
    let said = app.status.clone().unwrap_or_default();
    assert_eq!(
        said,
        "Nothing was pasted: the ratings take one key each. S-Tab goes back to the student's \
         words, Tab on to the adjustments."
    );
    assert_eq!(app.composer.as_ref().unwrap().rated_of(), before);
    // The keys it names do what it says.
    press(&mut app, &mut store, KeyCode::BackTab);
    assert_eq!(
        app.composer.as_ref().unwrap().step,
        plp::tui::composer::Step::Words
    );
}
