//! The year in the app: the year-end review of one student, other years' plans read-only in
//! pane 2, and throwing away a check-in's or a review's typing.

mod common;

use common::tui::{app, keys, press, today, trimmed_screen};
use plp::domain::{CheckInKind, Goal, GoalDomain, Status};
use plp::store::{Entity, Store};
use plp::tui::action::Action;
use plp::tui::dispatch;
use plp::tui::keymap::Ctx;
use plp::tui::state::{App, Item, Overlay, Screen};
use ratatui::crossterm::event::KeyCode;

/// Amara's workspace open (3 goals of 2026-27, 2 strategies each).
fn on_amara(store: &mut Store) -> App {
    let mut app = app(store);
    press(&mut app, store, KeyCode::Down);
    press(&mut app, store, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Student);
    app
}

fn amara(store: &Store) -> plp::store::StudentRecord {
    store
        .student(&store.find_student("Amara").unwrap())
        .unwrap()
}

fn goal(r: &plp::store::StudentRecord, year: &str, title: &str) -> Goal {
    r.plan_for(year)
        .unwrap()
        .goals
        .iter()
        .find(|g| g.goal.title == title)
        .unwrap_or_else(|| panic!("{title} in {year}"))
        .goal
        .clone()
}

/// How many changes the log holds (nothing written means none added).
fn ops(store: &Store) -> usize {
    store.op_count().unwrap() as usize
}

#[test]
fn a_year_end_review_decides_each_goal_records_the_review_and_makes_next_years_plan() {
    let mut s = common::fixture_store();
    let mut app = on_amara(&mut s);
    keys(&mut app, &mut s, "YY");
    assert_eq!(app.screen, Screen::YearEnd, "{:?}", app.status);
    assert_eq!(app.ctx(), Ctx::YearEndGoals);
    let y = app.year_end.as_ref().unwrap();
    assert_eq!(
        (y.from_year.as_str(), y.to_year.as_str()),
        ("2026-27", "2027-28")
    );
    assert_eq!(y.goals.len(), 3);
    // One key each, moving on by itself; after the last goal, the annual review.
    keys(&mut app, &mut s, "mcd");
    assert_eq!(app.ctx(), Ctx::YearEndText);
    press(&mut app, &mut s, KeyCode::Tab);
    keys(&mut app, &mut s, ", Mrs. Okafor");
    press(&mut app, &mut s, KeyCode::Tab);
    keys(
        &mut app,
        &mut s,
        "I turn things in now. Nursing is not for me.",
    );
    press(&mut app, &mut s, KeyCode::F(2));
    assert_eq!(app.screen, Screen::Student, "{:?}", app.status);
    let status = app.status.clone().unwrap_or_default();
    assert!(
        status.contains("Made the 2027-28 plan: 1 goal carried (2 strategies), 1 met, 1 dropped"),
        "{status}"
    );
    let r = amara(&s);
    assert_eq!(
        goal(&r, "2026-27", "Turn in all work on time").status,
        Status::Met
    );
    assert_eq!(
        goal(&r, "2026-27", "Explore nursing").status,
        Status::Dropped
    );
    let spoke = goal(&r, "2026-27", "Speak up in class");
    assert_eq!(
        spoke.status,
        Status::Active,
        "last year's plan is otherwise untouched"
    );
    let next = r.plan_for("2027-28").expect("next year's plan");
    assert_eq!(next.goals.len(), 1);
    assert_eq!(
        next.goals[0].goal.carried_from.as_deref(),
        Some(spoke.id.as_str())
    );
    assert_eq!(next.goals[0].strategies.len(), 2);
    let review = r
        .checkins
        .iter()
        .find(|c| c.kind == CheckInKind::AnnualReview)
        .expect("the annual review is recorded");
    assert_eq!(review.date, Some(today()));
    assert_eq!(review.attended, vec!["student", "advisor", "Mrs. Okafor"]);
    assert_eq!(
        review.student_words,
        "I turn things in now. Nursing is not for me."
    );
    assert!(review
        .adjustments
        .contains("Carried to 2027-28: Speak up in class"));
    assert!(r.plan_for("2026-27").unwrap().plan.reviewed);
    assert!(s.drafts().unwrap().is_empty(), "its draft is gone");
    // The student screen says how each goal ended.
    let view = app.student.as_ref().unwrap();
    assert!(view.items[1]
        .iter()
        .any(|i| matches!(i, Item::Goal(g) if g.goal.title == "Speak up in class")));
    // A second review says in one sentence that next year's plan exists.
    let before = ops(&s);
    keys(&mut app, &mut s, "YY");
    assert_eq!(app.screen, Screen::Student);
    assert_eq!(
        app.status.as_deref(),
        Some("Amara Okafor already has a 2027-28 plan: y shows the plans of other years.")
    );
    assert_eq!(ops(&s), before, "nothing changed");
    // And u takes the whole review back, as new changes, once asked twice.
    keys(&mut app, &mut s, "u");
    assert_eq!(
        app.status.as_deref(),
        Some(
            "u again takes back the year-end review saved for Amara Okafor, whole, with the plan \
             changes made in it."
        )
    );
    assert!(
        amara(&s).plan_for("2027-28").is_some(),
        "asking changes nothing"
    );
    keys(&mut app, &mut s, "u");
    let r = amara(&s);
    assert_eq!(
        goal(&r, "2026-27", "Turn in all work on time").status,
        Status::Active
    );
}

#[test]
fn esc_backs_out_changing_nothing_and_keeps_the_typing_and_f8_throws_it_away() {
    let mut s = common::fixture_store();
    let mut app = on_amara(&mut s);
    let before = ops(&s);
    keys(&mut app, &mut s, "YYm");
    keys(&mut app, &mut s, "c");
    press(&mut app, &mut s, KeyCode::Tab);
    press(&mut app, &mut s, KeyCode::Tab);
    press(&mut app, &mut s, KeyCode::Tab);
    keys(&mut app, &mut s, "Half a summ");
    press(&mut app, &mut s, KeyCode::Esc);
    assert_eq!(app.screen, Screen::Student);
    assert_eq!(
        app.status.as_deref(),
        Some("Year-end review kept as a draft: Y continues it.")
    );
    assert_eq!(ops(&s), before, "nothing in the plans changed");
    assert!(amara(&s).plan_for("2027-28").is_none());
    let drafts = s.drafts().unwrap();
    assert_eq!(drafts.len(), 1);
    assert!(drafts[0].body.contains("Half a summ"));
    // Y brings it all back, where it was left.
    keys(&mut app, &mut s, "Y");
    let y = app.year_end.as_ref().unwrap();
    assert_eq!(y.summary.lines().join(""), "Half a summ");
    assert_eq!(
        y.choices[..2],
        [
            Some(plp::domain::GoalChoice::Met),
            Some(plp::domain::GoalChoice::Carry)
        ]
    );
    assert_eq!(app.ctx(), Ctx::YearEndText);
    // F8 asks; n keeps it, y throws it away and closes.
    press(&mut app, &mut s, KeyCode::F(8));
    assert_eq!(app.ctx(), Ctx::Confirm);
    keys(&mut app, &mut s, "n");
    assert_eq!(app.screen, Screen::YearEnd);
    press(&mut app, &mut s, KeyCode::F(8));
    keys(&mut app, &mut s, "y");
    assert_eq!(app.screen, Screen::Student);
    assert!(s.drafts().unwrap().is_empty());
    assert_eq!(ops(&s), before);
}

#[test]
fn saving_with_a_goal_undecided_or_a_bad_date_says_so_and_changes_nothing() {
    let mut s = common::fixture_store();
    let mut app = on_amara(&mut s);
    let before = ops(&s);
    keys(&mut app, &mut s, "YYm");
    press(&mut app, &mut s, KeyCode::F(2));
    assert_eq!(
        app.status.as_deref(),
        Some("2 goals are still to decide: m met, c carry forward or d drop on each.")
    );
    keys(&mut app, &mut s, "cc");
    // The date: typed over with one that does not exist.
    for _ in 0..10 {
        press(&mut app, &mut s, KeyCode::Backspace);
    }
    keys(&mut app, &mut s, "2/30/2027");
    press(&mut app, &mut s, KeyCode::Tab);
    press(&mut app, &mut s, KeyCode::Tab);
    keys(&mut app, &mut s, "Fine.");
    press(&mut app, &mut s, KeyCode::F(2));
    let status = app.status.clone().unwrap_or_default();
    assert!(status.starts_with("Date held: "), "{status}");
    assert_eq!(status.matches(". ").count(), 0, "one sentence: {status}");
    assert_eq!(app.screen, Screen::YearEnd);
    assert_eq!(ops(&s), before);
    assert!(amara(&s).plan_for("2027-28").is_none());
}

/// Amara with a plan of 2025-26 too: one goal met there, one carried into 2026-27.
fn with_last_year(s: &mut Store) {
    let id = s.find_student("Amara").unwrap();
    let this_year = amara(s).plan_for("2026-27").unwrap().goals[1]
        .goal
        .id
        .clone();
    s.write(|w| {
        let plan = w.ensure_plan(&id, "2025-26")?;
        w.add_goal(&Goal {
            plan_id: plan.clone(),
            student_id: id.clone(),
            title: "Read 10 books".into(),
            domain: GoalDomain::Academic,
            status: Status::Met,
            ..Default::default()
        })?;
        let (old, _) = w.add_goal(&Goal {
            plan_id: plan.clone(),
            student_id: id.clone(),
            title: "Speak up in class".into(),
            domain: GoalDomain::SocialEmotional,
            ..Default::default()
        })?;
        w.set(
            Entity::Goal,
            &this_year,
            "carried_from",
            serde_json::Value::String(old),
            plp::store::Base::Current,
        )?;
        w.ensure_plan(&id, "2024-25")?;
        Ok(())
    })
    .unwrap();
}

#[test]
fn y_shows_earlier_years_read_only_with_how_each_goal_ended() {
    let mut s = common::fixture_store();
    with_last_year(&mut s);
    let mut app = on_amara(&mut s);
    keys(&mut app, &mut s, "y");
    assert_eq!(app.ctx(), Ctx::StudentPast);
    let view = app.student.as_ref().unwrap();
    assert_eq!(view.year.as_deref(), Some("2025-26"));
    let titles: Vec<String> = view.items[1]
        .iter()
        .filter_map(|i| match i {
            Item::Goal(g) => Some(g.goal.title.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(titles, vec!["Read 10 books", "Speak up in class"]);
    let screen = trimmed_screen(&app, 80, 24);
    assert!(screen.contains("2 Plan 2025-26 · read-only"), "{screen}");
    assert!(screen.contains("[academic · met]"), "{screen}");
    assert!(
        screen.contains("[social-emotional · carried to 2026-27]"),
        "{screen}"
    );
    // Nothing there can be edited, added or retired.
    let before = ops(&s);
    for k in ["e", "a", "x", "r", "."] {
        keys(&mut app, &mut s, k);
        assert!(app.overlays.is_empty(), "{k} opened something");
    }
    press(&mut app, &mut s, KeyCode::Enter);
    assert!(app.overlays.is_empty());
    assert_eq!(ops(&s), before);
    // Further back, then round to this year.
    keys(&mut app, &mut s, "y");
    assert_eq!(
        app.student.as_ref().unwrap().year.as_deref(),
        Some("2024-25")
    );
    keys(&mut app, &mut s, "y");
    assert_eq!(app.student.as_ref().unwrap().year, None);
    assert_eq!(app.ctx(), Ctx::Student);
    assert_eq!(app.status.as_deref(), Some("Back to this year's plan."));
    // Esc comes back to this year, not out of the student.
    keys(&mut app, &mut s, "y");
    press(&mut app, &mut s, KeyCode::Esc);
    assert_eq!(app.screen, Screen::Student);
    assert_eq!(app.student.as_ref().unwrap().year, None);
}

#[test]
fn y_with_no_other_year_says_so() {
    let mut s = common::fixture_store();
    let mut app = on_amara(&mut s);
    keys(&mut app, &mut s, "y");
    assert_eq!(
        app.status.as_deref(),
        Some("Amara Okafor has no plan of another year.")
    );
    assert_eq!(app.ctx(), Ctx::Student);
}

#[test]
fn a_checkins_typing_is_discarded_after_a_question() {
    let mut s = common::fixture_store();
    let mut app = on_amara(&mut s);
    keys(&mut app, &mut s, "n");
    keys(&mut app, &mut s, "Not what I meant to say");
    dispatch(&mut app, &mut s, Action::SaveDraftNow);
    assert_eq!(s.drafts().unwrap().len(), 1);
    let checkins = amara(&s).checkins.len();
    press(&mut app, &mut s, KeyCode::F(8));
    let Some(Overlay::Confirm { question, .. }) = app.overlays.last() else {
        panic!("F8 asks first");
    };
    assert!(question.starts_with("Discard this check-in for Amara Okafor?"));
    keys(&mut app, &mut s, "n");
    assert_eq!(app.screen, Screen::Composer, "no keeps it");
    assert_eq!(s.drafts().unwrap().len(), 1);
    press(&mut app, &mut s, KeyCode::F(8));
    keys(&mut app, &mut s, "y");
    assert_eq!(app.screen, Screen::Student);
    assert!(app.composer.is_none());
    assert!(s.drafts().unwrap().is_empty(), "the draft is gone");
    assert_eq!(amara(&s).checkins.len(), checkins, "nothing was saved");
    // The next check-in starts empty.
    keys(&mut app, &mut s, "n");
    assert_eq!(app.composer.as_ref().unwrap().words.lines().join(""), "");
}

#[test]
fn the_review_and_an_earlier_year_at_80_columns_without_colour() {
    let mut s = common::fixture_store();
    with_last_year(&mut s);
    let mut app = on_amara(&mut s);
    keys(&mut app, &mut s, "y");
    app.status = None;
    insta::assert_snapshot!("student_earlier_year_80x24", trimmed_screen(&app, 80, 24));
    press(&mut app, &mut s, KeyCode::Esc);
    keys(&mut app, &mut s, "YYmc");
    app.status = None;
    insta::assert_snapshot!("year_end_goals_80x24", trimmed_screen(&app, 80, 24));
    keys(&mut app, &mut s, "d");
    press(&mut app, &mut s, KeyCode::Tab);
    app.status = None;
    insta::assert_snapshot!("year_end_review_80x24", trimmed_screen(&app, 80, 24));
}

#[test]
fn a_refused_review_goes_to_what_needs_fixing() {
    use plp::tui::year_end::{Field, Step};
    let mut s = common::fixture_store();
    let mut app = on_amara(&mut s);
    keys(&mut app, &mut s, "YYmcc");
    // The date typed wrong, then on to the summary and typing there.
    for _ in 0..12 {
        press(&mut app, &mut s, KeyCode::Backspace);
    }
    keys(&mut app, &mut s, "2/30/2027");
    press(&mut app, &mut s, KeyCode::Tab);
    press(&mut app, &mut s, KeyCode::Tab);
    keys(&mut app, &mut s, "Fine.");
    press(&mut app, &mut s, KeyCode::F(2));
    let y = app.year_end.as_ref().unwrap();
    assert_eq!(
        (y.step, y.field),
        (Step::Review, Field::Date),
        "{:?}",
        app.status
    );
    // What is typed now mends the date, not the summary.
    for _ in 0..12 {
        press(&mut app, &mut s, KeyCode::Backspace);
    }
    keys(&mut app, &mut s, "11/20/2026");
    let y = app.year_end.as_ref().unwrap();
    assert_eq!(y.draft().summary, "Fine.");
    assert_eq!(y.draft().date, "11/20/2026");
    // An empty summary: there.
    press(&mut app, &mut s, KeyCode::Tab);
    press(&mut app, &mut s, KeyCode::Tab);
    for _ in 0..6 {
        press(&mut app, &mut s, KeyCode::Backspace);
    }
    press(&mut app, &mut s, KeyCode::BackTab);
    press(&mut app, &mut s, KeyCode::F(2));
    let y = app.year_end.as_ref().unwrap();
    assert_eq!(y.field, Field::Summary, "{:?}", app.status);
    // A goal left undecided (as a draft from before may leave one): back to it.
    keys(&mut app, &mut s, "Fine.");
    app.year_end.as_mut().unwrap().choices[2] = None;
    press(&mut app, &mut s, KeyCode::F(2));
    let y = app.year_end.as_ref().unwrap();
    assert_eq!((y.step, y.selected), (Step::Goals, 2), "{:?}", app.status);
}

#[test]
fn a_letter_that_is_no_key_on_the_goals_step_says_so() {
    let mut store = common::fixture_store();
    let mut app = common::tui::app(&mut store);
    for k in [
        KeyCode::Down,
        KeyCode::Enter,
        KeyCode::Char('Y'),
        KeyCode::Char('Y'),
    ] {
        common::tui::press(&mut app, &mut store, k);
    }
    assert_eq!(
        app.ctx(),
        plp::tui::keymap::Ctx::YearEndGoals,
        "{:?}",
        app.status
    );
    common::tui::press(&mut app, &mut store, KeyCode::Char('z'));
    assert_eq!(
        app.status.as_deref(),
        Some("Not a text field: one key each here (F1 lists them).")
    );
}

#[test]
fn a_student_who_graduates_has_a_final_review_that_carries_nothing_and_makes_no_plan() {
    use plp::store::Base;
    let mut s = common::fixture_store();
    let id = s.find_student("Amara").unwrap();
    // The class of 2027 leaves as 2026-27 ends: there is no 2027-28 for it.
    s.write(|w| {
        w.set(
            Entity::Student,
            &id,
            "grad_year",
            serde_json::json!(2027),
            Base::Current,
        )
    })
    .unwrap();
    let mut app = on_amara(&mut s);
    keys(&mut app, &mut s, "YY");
    assert_eq!(app.screen, Screen::YearEnd, "{:?}", app.status);
    assert_eq!(app.ctx(), Ctx::FinalReviewGoals);
    let screen = trimmed_screen(&app, 80, 24);
    assert!(
        screen.contains("Final year-end review · Amara Okafor · 2026-27 · class of 2027"),
        "{screen}"
    );
    assert!(screen.contains("m met · d drop"), "{screen}");
    assert!(!screen.contains("carry"), "no key offers a carry: {screen}");
    // With the opening words gone, the keys' line says what F2 does.
    press(&mut app, &mut s, KeyCode::Down);
    press(&mut app, &mut s, KeyCode::Up);
    let screen = trimmed_screen(&app, 80, 24);
    assert!(screen.contains("save the final review"), "{screen}");
    assert!(!screen.contains("next year's plan"), "{screen}");
    // c carries nothing: it says why, and the goal is still to decide.
    keys(&mut app, &mut s, "c");
    let y = app.year_end.as_ref().unwrap();
    assert_eq!(y.choices[0], None);
    assert_eq!(y.selected, 0);
    keys(&mut app, &mut s, "mdm");
    assert_eq!(app.ctx(), Ctx::FinalReviewText);
    press(&mut app, &mut s, KeyCode::Tab);
    press(&mut app, &mut s, KeyCode::Tab);
    keys(&mut app, &mut s, "Graduating. Nursing school next.");
    press(&mut app, &mut s, KeyCode::F(2));
    assert_eq!(app.screen, Screen::Student, "{:?}", app.status);
    let status = app.status.clone().unwrap_or_default();
    assert!(
        status.contains("Saved the final review: 2 goals met, 1 dropped; no 2027-28 plan"),
        "{status}"
    );
    let r = amara(&s);
    assert!(
        r.plan_for("2027-28").is_none(),
        "no plan for a year after graduating"
    );
    assert_eq!(
        goal(&r, "2026-27", "Speak up in class").status,
        Status::Dropped
    );
    assert_eq!(goal(&r, "2026-27", "Explore nursing").status, Status::Met);
    let review = r
        .checkins
        .iter()
        .find(|c| c.kind == CheckInKind::AnnualReview)
        .expect("the final review is recorded");
    assert_eq!(review.next_date, None, "no meeting after graduating");
    assert!(review
        .adjustments
        .starts_with("Final year-end review of 2026-27 (class of 2027):"));
    assert!(r.plan_for("2026-27").unwrap().plan.reviewed);
    assert!(s.drafts().unwrap().is_empty(), "its draft is gone");
}

/// A review undone and done again makes next year's plan again, its goals carried again,
/// shown: nothing of it is left in a plan nobody is shown.
#[test]
fn a_review_undone_and_done_again_carries_its_goals_again() {
    let mut s = common::fixture_store();
    let mut app = on_amara(&mut s);
    let review = |app: &mut App, s: &mut Store| {
        keys(app, s, "YY");
        assert_eq!(app.screen, Screen::YearEnd, "{:?}", app.status);
        keys(app, s, "mcc");
        press(app, s, KeyCode::Tab);
        press(app, s, KeyCode::Tab);
        keys(app, s, "A good year.");
        press(app, s, KeyCode::F(2));
        assert_eq!(app.screen, Screen::Student, "{:?}", app.status);
        app.status.clone().unwrap_or_default()
    };
    let said = review(&mut app, &mut s);
    assert!(said.contains("2 goals carried (4 strategies)"), "{said}");
    keys(&mut app, &mut s, "uu");
    assert!(amara(&s).plan_for("2027-28").is_none(), "undone");
    let said = review(&mut app, &mut s);
    assert!(said.contains("2 goals carried (4 strategies)"), "{said}");
    let r = amara(&s);
    let next = r.plan_for("2027-28").expect("next year's plan, shown");
    let titles: Vec<&str> = next.goals.iter().map(|g| g.goal.title.as_str()).collect();
    assert_eq!(
        titles,
        ["Speak up in class", "Explore nursing"],
        "{titles:?}"
    );
    assert!(next.goals.iter().all(|g| g.strategies.len() == 2));
    // Undone, `plp rollover` (every goal carried) makes the plan again, its goals with it.
    keys(&mut app, &mut s, "uu");
    assert!(amara(&s).plan_for("2027-28").is_none(), "undone");
    let id = amara(&s).student.id.clone();
    let done = s
        .rollover(std::slice::from_ref(&id), "2027-28", false)
        .unwrap();
    assert_eq!(done[0].carried.len(), 3, "{:?}", done[0]);
    assert!(done[0].plan_created);
    assert_eq!(amara(&s).plan_for("2027-28").unwrap().goals.len(), 3);
    // Taken away once more, a goal added for that year goes into its plan, and is shown.
    let plan = plp::store::plan_id_for(&id, "2027-28");
    s.write(|w| w.retire(Entity::Plan, &plan)).unwrap();
    assert!(amara(&s).plan_for("2027-28").is_none(), "taken away");
    s.write(|w| {
        let plan_id = w.ensure_plan(&id, "2027-28")?;
        w.add_goal(&Goal {
            plan_id,
            title: "Join one club".into(),
            student_id: id.clone(),
            domain: GoalDomain::Career,
            ..Default::default()
        })
    })
    .unwrap();
    let r = amara(&s);
    let next = r.plan_for("2027-28").expect("the year's plan, shown again");
    assert!(next.goals.iter().any(|g| g.goal.title == "Join one club"));
}

/// The date held is there from the start, selected whole when the keyboard reaches it: what is
/// typed takes its place instead of being added to it. A long value that is no date is quoted
/// cut, and "…" says so.
#[test]
fn typing_on_the_date_held_replaces_the_date_there_and_a_long_one_is_quoted_cut() {
    let mut s = common::fixture_store();
    let mut app = on_amara(&mut s);
    keys(&mut app, &mut s, "YYmcd");
    assert_eq!(app.ctx(), Ctx::YearEndText);
    keys(&mut app, &mut s, "Reading is ok");
    press(&mut app, &mut s, KeyCode::F(2));
    let status = app.status.clone().unwrap_or_default();
    assert!(
        status.starts_with("Date held: \"Reading is ok\" is not a date"),
        "{status}"
    );
    // Back on the date after the refusal, selected again: a long value replaces it.
    keys(
        &mut app,
        &mut s,
        "The student says that reading is going well at home now",
    );
    press(&mut app, &mut s, KeyCode::F(2));
    let status = app.status.clone().unwrap_or_default();
    assert!(
        status
            .starts_with("Date held: \"The student says that reading is going w…\" is not a date"),
        "{status}"
    );
    keys(&mut app, &mut s, "20 Nov 2026");
    // Away and back by S-Tab and Tab: selected whole again.
    press(&mut app, &mut s, KeyCode::Tab);
    press(&mut app, &mut s, KeyCode::BackTab);
    keys(&mut app, &mut s, "19 Nov 2026");
    assert_eq!(app.year_end.as_ref().unwrap().draft().date, "19 Nov 2026");
    press(&mut app, &mut s, KeyCode::Tab);
    press(&mut app, &mut s, KeyCode::Tab);
    keys(&mut app, &mut s, "Reading is ok.");
    press(&mut app, &mut s, KeyCode::F(2));
    assert_eq!(app.screen, Screen::Student, "{:?}", app.status);
    let review = amara(&s)
        .checkins
        .into_iter()
        .find(|c| c.kind == CheckInKind::AnnualReview)
        .unwrap();
    assert_eq!(review.date, chrono::NaiveDate::from_ymd_opt(2026, 11, 19));
    assert_eq!(review.student_words, "Reading is ok.");
}

/// A date held typed without its year is the last such day on or before today, as in the
/// composer.
#[test]
fn a_date_held_without_its_year_is_the_last_such_day() {
    let mut s = common::fixture_store();
    let mut app = on_amara(&mut s);
    keys(&mut app, &mut s, "YYmcd");
    assert_eq!(app.ctx(), Ctx::YearEndText);
    keys(&mut app, &mut s, "11/19");
    press(&mut app, &mut s, KeyCode::Tab);
    press(&mut app, &mut s, KeyCode::Tab);
    keys(&mut app, &mut s, "Reading is ok.");
    press(&mut app, &mut s, KeyCode::F(2));
    assert_eq!(app.screen, Screen::Student, "{:?}", app.status);
    let review = amara(&s)
        .checkins
        .into_iter()
        .find(|c| c.kind == CheckInKind::AnnualReview)
        .unwrap();
    assert_eq!(review.date, chrono::NaiveDate::from_ymd_opt(2026, 11, 19));
}

/// Long before the school year ends, `Y` says what a review now would do and starts it only when
/// pressed again at once; any key between asks again. Near the year's end it starts at once.
#[test]
fn a_year_end_review_long_before_the_years_end_is_asked_about_first() {
    let mut s = common::fixture_store();
    let mut app = on_amara(&mut s);
    let before = ops(&s);
    keys(&mut app, &mut s, "Y");
    assert_eq!(app.screen, Screen::Student);
    let said = app.status.clone().unwrap_or_default();
    assert!(
        said.starts_with("The 2026-27 school year runs to 31 Jul 2027: a year-end review now")
            && said.ends_with("Y again starts it."),
        "{said}"
    );
    // Another key between: asked again.
    press(&mut app, &mut s, KeyCode::Down);
    keys(&mut app, &mut s, "Y");
    assert_eq!(app.screen, Screen::Student, "{:?}", app.status);
    keys(&mut app, &mut s, "Y");
    assert_eq!(app.screen, Screen::YearEnd, "{:?}", app.status);
    assert_eq!(ops(&s), before, "asking writes nothing");

    // In June it starts at once.
    let mut s = common::fixture_store();
    let mut app = on_amara(&mut s);
    app.today = chrono::NaiveDate::from_ymd_opt(2027, 6, 4).unwrap();
    keys(&mut app, &mut s, "Y");
    assert_eq!(app.screen, Screen::YearEnd, "{:?}", app.status);
}
