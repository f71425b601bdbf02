//! What was agreed before and still holds, in the app: the steps still open beside a new
//! check-in, and the next date a year-end review keeps.

mod common;

use chrono::NaiveDate;
use common::tui::{app, keys, press, today};
use plp::domain::{CheckIn, CheckInKind, NextStep};
use plp::store::Store;
use plp::tui::state::{App, Screen};
use ratatui::crossterm::event::KeyCode;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Adds a check-in for Amara on `date`, of `kind`, agreeing `steps` (done by the student).
fn held(s: &mut Store, date: &str, kind: CheckInKind, steps: &[&str], next: &str) {
    let id = s.find_student("Amara").unwrap();
    let c = CheckIn {
        student_id: id,
        date: Some(day(date)),
        kind,
        attended: vec!["student".into(), "advisor".into()],
        student_words: "Fine.".into(),
        next_steps: steps
            .iter()
            .map(|t| NextStep {
                text: t.to_string(),
                owner: "student".into(),
            })
            .collect(),
        next_date: Some(day(next)),
        ..Default::default()
    };
    s.write(|w| w.add_checkin(&c)).unwrap();
}

/// Opens Amara's year-end review; gives the status it opened with.
fn open_review_of_amara(app: &mut App, s: &mut Store) -> String {
    select_amara(app, s);
    press(app, s, KeyCode::Enter);
    keys(app, s, "YY");
    assert_eq!(app.screen, Screen::YearEnd, "{:?}", app.status);
    app.status.clone().unwrap_or_default()
}

/// Carries every goal, writes the summary and makes next year's plan; gives the status and
/// the review saved.
fn finish_review_of_amara(app: &mut App, s: &mut Store) -> (String, CheckIn) {
    keys(app, s, "ccc");
    press(app, s, KeyCode::Tab);
    press(app, s, KeyCode::Tab);
    keys(app, s, "A good year.");
    press(app, s, KeyCode::F(2));
    assert_eq!(app.screen, Screen::Student, "{:?}", app.status);
    let r = s.student(&s.find_student("Amara").unwrap()).unwrap();
    let review = r
        .checkins
        .iter()
        .find(|c| c.kind == CheckInKind::AnnualReview)
        .unwrap()
        .clone();
    (app.status.clone().unwrap_or_default(), review)
}

#[test]
fn a_quick_note_in_between_leaves_the_steps_agreed_before_it_open_beside_a_new_check_in() {
    let mut s = common::fixture_store();
    // The caseload is opened first: a check-in added moves Amara in its order by due date.
    let mut app = app(&mut s);
    held(
        &mut s,
        "2026-11-10",
        CheckInKind::CheckIn,
        &["Ask Ms. Lee for the rubric", "Bring the planner"],
        "2026-12-15",
    );
    // A touchpoint written from the shell: no step agreed, none gone over.
    held(
        &mut s,
        "2026-11-20",
        CheckInKind::Touchpoint,
        &[],
        "2026-12-15",
    );
    press(&mut app, &mut s, KeyCode::Down);
    press(&mut app, &mut s, KeyCode::Char('n'));
    assert_eq!(app.screen, Screen::Composer);
    let c = app.composer.as_ref().unwrap();
    let last: Vec<&str> = c.last.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(last, ["Ask Ms. Lee for the rubric", "Bring the planner"]);
    let shown = common::tui::screen(&app, 120, 40);
    assert!(shown.contains("Agreed last time:"), "{shown}");
    assert!(shown.contains("• Bring the planner (student)"), "{shown}");
    // Offered again as this time's steps, to keep or take out.
    assert!(plp::tui::text::text(&c.steps).contains("Bring the planner @student"));
}

#[test]
fn a_year_end_review_keeps_a_later_next_date_agreed_before_it() {
    let mut s = common::fixture_store();
    // The latest check-in agreed to meet on 15 September, after the 2027-28 year begins.
    held(
        &mut s,
        "2026-11-20",
        CheckInKind::CheckIn,
        &[],
        "2027-09-15",
    );
    let mut app = app(&mut s);
    let status = open_review_of_amara(&mut app, &mut s);
    assert!(
        status.contains("The next check-in agreed for 15 Sep 2027 stays."),
        "{status}"
    );
    let (status, review) = finish_review_of_amara(&mut app, &mut s);
    assert!(
        status.contains("The next check-in stays on 15 Sep 2027, as agreed."),
        "{status}"
    );
    assert_eq!(review.next_date, Some(day("2027-09-15")));
    let r = s.student(&s.find_student("Amara").unwrap()).unwrap();
    assert_eq!(r.next_due(today()), Some(day("2027-09-15")));
}

#[test]
fn the_composers_default_next_date_moves_off_a_day_with_no_school() {
    let mut s = common::fixture_store();
    let mut app = app(&mut s);
    press(&mut app, &mut s, KeyCode::Char('n'));
    assert_eq!(app.screen, Screen::Composer);
    let c = app.composer.as_mut().unwrap();
    // Five weeks from Friday 20 November 2026 is Christmas Day: the default is the Monday after.
    c.date = day("2026-11-20");
    c.weeks = 5;
    assert_eq!(c.next_date(), day("2026-12-28"));
    // On the last step the composer says why it is not the day the weeks land on.
    for _ in 0..5 {
        press(&mut app, &mut s, KeyCode::Tab);
    }
    let shown = common::tui::screen(&app, 120, 40);
    assert!(
        shown.contains("28 Dec 2026 (5 weeks on is Fri 25 Dec 2026, no school)"),
        "{shown}"
    );
    press(&mut app, &mut s, KeyCode::Char('5'));
    let status = app.status.clone().unwrap_or_default();
    assert!(
        status
            .contains("Next check-in in 5 weeks: Mon 28 Dec 2026 (Fri 25 Dec 2026 has no school)."),
        "{status}"
    );
    let c = app.composer.as_mut().unwrap();
    // Seven weeks from Friday 13 November is New Year's Day: the Monday after it.
    c.date = day("2026-11-13");
    c.weeks = 7;
    assert_eq!(c.next_date(), day("2027-01-04"));
    // A school day stays as it is.
    c.date = day("2026-11-24");
    c.weeks = 4;
    assert_eq!(c.next_date(), day("2026-12-22"));
    // A date typed is kept as typed, even on a weekend.
    c.next_typed = Some(day("2026-12-26"));
    assert_eq!(c.next_date(), day("2026-12-26"));
}

#[test]
fn a_year_end_review_with_nothing_agreed_later_sets_the_new_years_first_day_and_says_nothing_kept()
{
    let mut s = common::fixture_store();
    let mut app = app(&mut s);
    open_review_of_amara(&mut app, &mut s);
    let (status, review) = finish_review_of_amara(&mut app, &mut s);
    assert!(!status.contains("as agreed"), "{status}");
    let r = s.student(&s.find_student("Amara").unwrap()).unwrap();
    // The day stands for "when the 2027-28 year begins" (no appointment), so it is the year's
    // first day even on a Sunday: a student reviewed in June is not yet met in September, not
    // overdue since the first school day.
    assert_eq!(plp::domain::school_year_start(), 8);
    assert_eq!(review.next_date, Some(day("2027-08-01")));
    assert_eq!(r.next_due(day("2027-09-10")), None);
}

#[test]
fn a_touchpoint_in_the_composer_keeps_the_next_date_agreed_last_time_until_weeks_are_chosen() {
    let (mut app, mut s) = on_the_last_step_with_a_date_agreed();
    // A regular check-in sets its own: five weeks on.
    assert_eq!(
        app.composer.as_ref().unwrap().next_date(),
        day("2026-12-29")
    );
    // Student-led, parent conference, touchpoint: each keeps the day agreed.
    for kind in [
        CheckInKind::StudentLed,
        CheckInKind::Parent,
        CheckInKind::Touchpoint,
    ] {
        press(&mut app, &mut s, KeyCode::Char('k'));
        let c = app.composer.as_ref().unwrap();
        assert_eq!(c.kind, kind);
        assert_eq!(c.next_date(), day("2026-12-01"), "{kind:?}");
        let status = app.status.clone().unwrap_or_default();
        assert!(
            status.contains("The next check-in agreed for 1 Dec 2026 stays."),
            "{status}"
        );
    }
    let shown = common::tui::screen(&app, 120, 40);
    assert!(
        shown.contains("1 Dec 2026 (as agreed last time; 1-9 sets weeks)"),
        "{shown}"
    );
    // Kept in a draft as not chosen, and so offered again.
    let draft = app.composer.as_ref().unwrap().draft();
    assert_eq!(draft.weeks, 0);
    press_with_ctrl_s(&mut app, &mut s);
    let r = s.student(&s.find_student("Amara").unwrap()).unwrap();
    let latest = r.last_checkin().unwrap();
    assert_eq!(latest.kind, CheckInKind::Touchpoint);
    assert_eq!(latest.next_date, Some(day("2026-12-01")));
}

#[test]
fn weeks_chosen_in_the_composer_set_the_next_date_whatever_the_kind() {
    let (mut app, mut s) = on_the_last_step_with_a_date_agreed();
    for _ in 0..3 {
        press(&mut app, &mut s, KeyCode::Char('k'));
    }
    press(&mut app, &mut s, KeyCode::Char('4'));
    let c = app.composer.as_ref().unwrap();
    assert_eq!(c.kind, CheckInKind::Touchpoint);
    assert_eq!(c.next_date(), day("2026-12-22"));
    assert!(!c.next().kept());
    assert_eq!(c.draft().weeks, 4);
}

fn press_with_ctrl_s(app: &mut App, s: &mut Store) {
    common::tui::ctrl(app, s, 's');
    assert_eq!(app.screen, Screen::Student, "{:?}", app.status);
}

/// Amara's composer on its last step, her latest check-in having agreed to meet on Tuesday
/// 1 December, a week from today.
fn on_the_last_step_with_a_date_agreed() -> (App, Store) {
    let mut s = common::fixture_store();
    let mut app = app(&mut s);
    held(
        &mut s,
        "2026-11-10",
        CheckInKind::CheckIn,
        &[],
        "2026-12-01",
    );
    select_amara(&mut app, &mut s);
    press(&mut app, &mut s, KeyCode::Char('n'));
    assert_eq!(app.screen, Screen::Composer);
    keys(&mut app, &mut s, "Quick hello in the hall.");
    for _ in 0..5 {
        press(&mut app, &mut s, KeyCode::Tab);
    }
    (app, s)
}

/// Moves the caseload's selection down to Amara.
fn select_amara(app: &mut App, s: &mut Store) {
    while !app
        .selected_row()
        .is_some_and(|r| r.name.starts_with("Amara"))
    {
        press(app, s, KeyCode::Down);
    }
}

#[test]
fn editing_a_check_in_keeps_its_next_date_on_a_day_with_no_school_as_it_was_set() {
    let mut s = common::fixture_store();
    let mut app = app(&mut s);
    // Set by hand for Christmas Day, exactly five weeks on (as `plp checkin --next 2026-12-25`).
    held(
        &mut s,
        "2026-11-20",
        CheckInKind::CheckIn,
        &[],
        "2026-12-25",
    );
    select_amara(&mut app, &mut s);
    press(&mut app, &mut s, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Student, "{:?}", app.status);
    press(&mut app, &mut s, KeyCode::Char('3'));
    press(&mut app, &mut s, KeyCode::Enter);
    press(&mut app, &mut s, KeyCode::Char('e'));
    assert_eq!(app.screen, Screen::Composer, "{:?}", app.status);
    let c = app.composer.as_ref().unwrap();
    assert_eq!(c.next_date(), day("2026-12-25"));
    // A typo mended in the student's words, and saved: the next date is as it was.
    press(&mut app, &mut s, KeyCode::End);
    keys(&mut app, &mut s, " Really.");
    common::tui::ctrl(&mut app, &mut s, 's');
    let r = s.student(&s.find_student("Amara").unwrap()).unwrap();
    let c = r.last_checkin().unwrap();
    assert_eq!(c.student_words, "Fine. Really.");
    assert_eq!(c.next_date, Some(day("2026-12-25")));
}

#[test]
fn weeks_typed_in_the_composer_land_on_a_school_day_and_a_date_typed_stays() {
    let (mut app, mut s) = on_the_last_step_with_a_date_agreed();
    app.composer.as_mut().unwrap().date = day("2026-11-20");
    for (typed, next, said) in [
        (
            "5w",
            "2026-12-28",
            "Next check-in on Mon 28 Dec 2026 (Fri 25 Dec 2026 has no school).",
        ),
        (
            "2026-12-25",
            "2026-12-25",
            "Next check-in on Fri 25 Dec 2026, a day with no school: n types another.",
        ),
    ] {
        press(&mut app, &mut s, KeyCode::Char('n'));
        keys(&mut app, &mut s, typed);
        press(&mut app, &mut s, KeyCode::Enter);
        assert_eq!(app.composer.as_ref().unwrap().next_date(), day(next));
        assert_eq!(app.status.as_deref(), Some(said));
    }
}

#[test]
fn a_touchpoint_written_up_for_a_day_before_the_latest_check_in_keeps_nothing_it_agreed() {
    let (mut app, mut s) = on_the_last_step_with_a_date_agreed();
    for _ in 0..3 {
        press(&mut app, &mut s, KeyCode::Char('k'));
    }
    let c = app.composer.as_mut().unwrap();
    assert_eq!(c.next_date(), day("2026-12-01"));
    // Held on 5 November, before the check-in of the 10th that agreed 1 December.
    c.date = day("2026-11-05");
    assert!(!c.next().kept());
    assert_eq!(c.next_date(), day("2026-12-10"));
}
