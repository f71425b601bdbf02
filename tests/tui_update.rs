//! The app's logic without a terminal: keys in, state and saved data out.

mod common;

use common::tui::{app, goal_moved_twice, keys, press, saved_elsewhere, today, trimmed_screen};
use plp::tui::action::Action;
use plp::tui::state::{App, Overlay, Screen};
use plp::tui::{dispatch, effects, update};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[test]
fn the_caseload_is_sorted_by_due_and_filters_fuzzily() {
    let mut store = common::fixture_store();
    let mut app = app(&mut store);
    let names: Vec<&str> = app.caseload.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, vec!["Liam Nguyễn", "Amara Okafor", "Zoë Hartmann"]);
    press(&mut app, &mut store, KeyCode::Char('/'));
    keys(&mut app, &mut store, "zoe");
    assert_eq!(app.visible.len(), 1);
    assert_eq!(app.selected_row().unwrap().name, "Zoë Hartmann");
    press(&mut app, &mut store, KeyCode::Esc);
    assert_eq!(app.visible.len(), 3, "Esc clears the filter");
}

#[test]
fn esc_keeps_what_was_typed_as_a_draft() {
    let mut store = common::fixture_store();
    let mut app = app(&mut store);
    press(&mut app, &mut store, KeyCode::Down);
    press(&mut app, &mut store, KeyCode::Char('n'));
    keys(&mut app, &mut store, "Half a sentence");
    press(&mut app, &mut store, KeyCode::Esc);
    assert_eq!(app.screen, Screen::Student);
    assert!(app.status.as_deref().unwrap_or("").contains("draft"));
    let drafts = store.drafts().unwrap();
    assert_eq!(drafts.len(), 1);
    assert!(drafts[0].body.contains("Half a sentence"));
    // Opening the composer again brings it back.
    press(&mut app, &mut store, KeyCode::Char('n'));
    let c = app.composer.as_ref().unwrap();
    assert_eq!(c.words.lines().join(""), "Half a sentence");
}

#[test]
fn a_new_start_offers_to_resume_unsaved_checkins() {
    let mut store = common::fixture_store();
    {
        let mut app = app(&mut store);
        press(&mut app, &mut store, KeyCode::Down);
        press(&mut app, &mut store, KeyCode::Char('n'));
        keys(&mut app, &mut store, "Typed before the connection dropped");
        dispatch(&mut app, &mut store, Action::SaveDraftNow);
    }
    let mut app = app(&mut store);
    for a in effects::run(&mut store, effects::Effect::FindDrafts, today()) {
        update::update(&mut app, a);
    }
    assert!(
        matches!(app.overlays.last(), Some(Overlay::Confirm { question, .. }) if question.contains("Amara Okafor"))
    );
    press(&mut app, &mut store, KeyCode::Char('y'));
    assert_eq!(app.screen, Screen::Composer);
    assert_eq!(
        app.composer.as_ref().unwrap().words.lines().join(""),
        "Typed before the connection dropped"
    );
}

#[test]
fn editing_a_profile_field_keeps_the_earlier_revision() {
    let mut store = common::fixture_store();
    let mut app = app(&mut store);
    press(&mut app, &mut store, KeyCode::Down);
    press(&mut app, &mut store, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Student);
    press(&mut app, &mut store, KeyCode::Char('e'));
    assert!(matches!(app.overlays.last(), Some(Overlay::Form(_))));
    keys(&mut app, &mut store, " Loves chemistry.");
    press(&mut app, &mut store, KeyCode::F(2));
    assert!(app.overlays.is_empty(), "{:?}", app.status);
    let id = store.find_student("Amara").unwrap();
    let h = store.history(&id, "strengths").unwrap();
    assert_eq!(h.len(), 2);
    assert!(h[1].value.as_str().unwrap().ends_with("Loves chemistry."));
    press(&mut app, &mut store, KeyCode::Char('h'));
    assert!(matches!(app.overlays.last(), Some(Overlay::Lines { lines, .. }) if lines.len() == 2));
}

#[test]
fn a_stale_edit_keeps_both_texts_and_the_conflict_view_settles_it() {
    let mut store = common::fixture_store();
    let mut app = app(&mut store);
    press(&mut app, &mut store, KeyCode::Down);
    press(&mut app, &mut store, KeyCode::Enter);
    press(&mut app, &mut store, KeyCode::Char('e'));
    keys(&mut app, &mut store, " (mine)");
    // Meanwhile another advisor saves the same field.
    saved_elsewhere(&mut store, "Amara", "strengths", "Theirs");
    press(&mut app, &mut store, KeyCode::F(2));
    let conflicts = store.conflicts().unwrap();
    assert_eq!(conflicts.len(), 1, "both texts kept");
    let view = app.student.as_ref().unwrap();
    assert_eq!(view.conflicts.len(), 1, "shown where the field is");
    press(&mut app, &mut store, KeyCode::Char('e'));
    assert!(matches!(app.overlays.last(), Some(Overlay::Conflict(_))));
    let shown = common::tui::screen(&app, 80, 24);
    assert!(
        shown.contains("Two versions of Strengths"),
        "as the pane names it\n{shown}"
    );
    press(&mut app, &mut store, KeyCode::Char('m'));
    assert_eq!(
        app.status.as_deref(),
        Some("Merged: both versions are kept, one after the other.")
    );
    assert!(store.conflicts().unwrap().is_empty());
    let id = store.find_student("Amara").unwrap();
    let s = store.student(&id).unwrap().student;
    assert!(s.profile.strengths.contains("Theirs") && s.profile.strengths.contains("(mine)"));
}

/// A version that arrives while the conflict view is open (a sync beside the app) is not
/// settled by the choice made there: the choice names the two versions the view showed, and
/// the new one is left to choose about.
#[test]
fn a_version_arriving_while_the_conflict_view_is_open_is_asked_about() {
    let mut store = common::fixture_store();
    let mut app = app(&mut store);
    press(&mut app, &mut store, KeyCode::Down);
    press(&mut app, &mut store, KeyCode::Enter);
    press(&mut app, &mut store, KeyCode::Char('e'));
    keys(&mut app, &mut store, " (mine)");
    saved_elsewhere(&mut store, "Amara", "strengths", "Theirs");
    press(&mut app, &mut store, KeyCode::F(2));
    press(&mut app, &mut store, KeyCode::Char('e'));
    let Some(Overlay::Conflict(shown)) = app.overlays.last() else {
        panic!("the conflict view is open: {:?}", app.status)
    };
    let shown = shown.clone();
    assert_eq!(app.student.as_ref().unwrap().conflicts.len(), 1);
    // Meanwhile a third version arrives.
    saved_elsewhere(&mut store, "Amara", "strengths", "A third text");
    // The choice names what the view showed.
    let key = KeyEvent::new(KeyCode::Char('1'), KeyModifiers::NONE);
    let mut queue: std::collections::VecDeque<_> =
        update::update(&mut app, Action::Key(key)).into();
    assert!(
        matches!(
            queue.make_contiguous(),
            [effects::Effect::Resolve { chosen, .. }] if *chosen == shown.chosen_base()
        ),
        "{queue:?}"
    );
    while let Some(e) = queue.pop_front() {
        for a in effects::run(&mut store, e, today()) {
            queue.extend(update::update(&mut app, a));
        }
    }
    let left = store.conflicts().unwrap();
    assert_eq!(
        left.len(),
        1,
        "the third is still to choose about: {left:?}"
    );
    let texts = [&left[0].shown.value, &left[0].other.value];
    assert!(texts.contains(&&"A third text".into()), "{left:?}");
    assert!(texts.contains(&&shown.shown.value), "{left:?}");
    assert_eq!(app.student.as_ref().unwrap().conflicts, left, "shown again");
}

/// A goal moved to two plans at once shows each version as the plan it names, never its id,
/// in the conflict view at 80×24; the two are never merged, and either one can be kept.
#[test]
fn a_goal_moved_twice_at_once_names_each_plan_in_the_conflict_view() {
    let mut store = common::fixture_store();
    let (goal, next) = goal_moved_twice(&mut store, "Amara");
    let mut app = app(&mut store);
    press(&mut app, &mut store, KeyCode::Down);
    press(&mut app, &mut store, KeyCode::Enter);
    press(&mut app, &mut store, KeyCode::Char('2'));
    press(&mut app, &mut store, KeyCode::Down); // past the plan's line, to the first goal
    press(&mut app, &mut store, KeyCode::Char('e'));
    assert!(matches!(app.overlays.last(), Some(Overlay::Conflict(_))));
    let shown = trimmed_screen(&app, 80, 24);
    let amara = store.find_student("Amara").unwrap();
    let record = store.student(&amara).unwrap();
    let this_year = record.plan_for("2026-27").unwrap().plan.id.clone();
    assert!(shown.contains("plan 2026-27"), "{shown}");
    assert!(shown.contains("plan 2027-28"), "{shown}");
    assert!(!shown.contains("merge"), "{shown}");
    for id in [&next, &this_year] {
        assert!(!shown.contains(&id[..8]), "{shown}");
    }
    // m does nothing here; 2 keeps the version kept aside, next year's plan.
    press(&mut app, &mut store, KeyCode::Char('m'));
    assert_eq!(store.conflicts().unwrap().len(), 1);
    press(&mut app, &mut store, KeyCode::Char('2'));
    assert!(store.conflicts().unwrap().is_empty());
    let moved: plp::domain::Goal = store.get(plp::store::Entity::Goal, &goal).unwrap().unwrap();
    assert_eq!(moved.plan_id, next);
}

/// A field that holds one value (a grade) changed twice at once: its conflict view offers one
/// version or the other, never a merge that could not be saved.
#[test]
fn a_grade_changed_twice_at_once_is_settled_by_one_version_never_merged() {
    let mut store = common::fixture_store();
    let amara = store.find_student("Amara").unwrap();
    let seen = store.field_version(&amara, "grade").unwrap();
    store
        .write(|w| {
            for grade in [9, 10] {
                let base = plp::store::Base::Seen(seen.clone().into_iter().collect());
                w.set(
                    plp::store::Entity::Student,
                    &amara,
                    "grade",
                    grade.into(),
                    base,
                )?;
            }
            Ok(())
        })
        .unwrap();
    assert_eq!(store.conflicts().unwrap().len(), 1);
    let mut app = app(&mut store);
    for a in plp::tui::effects::run(&mut store, plp::tui::effects::Effect::FindConflict, today()) {
        plp::tui::update::update(&mut app, a);
    }
    assert!(matches!(app.overlays.last(), Some(Overlay::Conflict(_))));
    let shown = trimmed_screen(&app, 80, 24);
    assert!(!shown.contains("merge"), "{shown}");
    assert!(shown.contains("keep one version or the other"), "{shown}");
    press(&mut app, &mut store, KeyCode::Char('m'));
    assert_eq!(store.conflicts().unwrap().len(), 1, "m does nothing here");
    press(&mut app, &mut store, KeyCode::Char('1'));
    assert!(store.conflicts().unwrap().is_empty(), "{:?}", app.status);
}

#[test]
fn retiring_asks_first_and_adds_through_the_focused_pane() {
    let mut store = common::fixture_store();
    let mut app = app(&mut store);
    press(&mut app, &mut store, KeyCode::Down);
    press(&mut app, &mut store, KeyCode::Enter);
    press(&mut app, &mut store, KeyCode::Char('2'));
    press(&mut app, &mut store, KeyCode::Down); // past the plan's line, to the first goal
    press(&mut app, &mut store, KeyCode::Char('x'));
    assert!(matches!(app.overlays.last(), Some(Overlay::Confirm { .. })));
    press(&mut app, &mut store, KeyCode::Char('n'));
    let id = store.find_student("Amara").unwrap();
    assert_eq!(store.student(&id).unwrap().plans[0].goals.len(), 3);
    press(&mut app, &mut store, KeyCode::Char('x'));
    press(&mut app, &mut store, KeyCode::Char('y'));
    assert_eq!(store.student(&id).unwrap().plans[0].goals.len(), 2);
    // a → g adds a goal through a form.
    press(&mut app, &mut store, KeyCode::Char('a'));
    press(&mut app, &mut store, KeyCode::Char('g'));
    keys(&mut app, &mut store, "Join a club");
    press(&mut app, &mut store, KeyCode::Tab);
    keys(&mut app, &mut store, "social-emotional");
    press(&mut app, &mut store, KeyCode::F(2));
    let goals: Vec<String> = store.student(&id).unwrap().plans[0]
        .goals
        .iter()
        .map(|g| g.goal.title.clone())
        .collect();
    assert!(
        goals.contains(&"Join a club".to_string()),
        "{goals:?} {:?}",
        app.status
    );
}

#[test]
fn pastes_are_cleaned_and_kept() {
    let mut store = common::fixture_store();
    let mut app = app(&mut store);
    press(&mut app, &mut store, KeyCode::Char('n'));
    let long = "word \x1b[31m".repeat(9_000);
    dispatch(&mut app, &mut store, Action::Paste(long));
    let text = app.composer.as_ref().unwrap().words.lines().join("");
    assert!(!text.contains('\x1b') && !text.contains("[31m"));
    assert_eq!(text.chars().count(), 45_000);
    // A megabyte pasted by mistake is refused whole, in one sentence, before it goes in.
    let big = "word \x1b[31m".repeat(200_000);
    dispatch(&mut app, &mut store, Action::Paste(big));
    assert_eq!(
        app.composer.as_ref().unwrap().words.lines().join(""),
        text,
        "the field is as it was"
    );
    assert_eq!(
        app.status.as_deref(),
        Some(
            "Not pasted: this field would hold 1045000 characters with it, and it takes at most \
             50000; it is as it was."
        )
    );
    // Typing on, the refusal is not left over it as if this were refused too; nor over a paste
    // that goes in.
    keys(&mut app, &mut store, "Z");
    assert_eq!(app.status, None);
    dispatch(&mut app, &mut store, Action::Paste("word ".repeat(200_000)));
    assert!(app.status.is_some());
    dispatch(&mut app, &mut store, Action::Paste(" and more".into()));
    assert_eq!(app.status, None);
}

#[test]
fn a_checkin_is_shown_whole_and_an_edit_is_a_new_revision() {
    use plp::store::Entity;
    let mut store = common::fixture_store();
    let mut app = app(&mut store);
    press(&mut app, &mut store, KeyCode::Down);
    press(&mut app, &mut store, KeyCode::Enter);
    press(&mut app, &mut store, KeyCode::Char('3'));
    press(&mut app, &mut store, KeyCode::Enter);
    assert!(matches!(
        app.overlays.last(),
        Some(Overlay::Lines { edit: Some(_), .. })
    ));
    press(&mut app, &mut store, KeyCode::Char('e'));
    assert_eq!(
        app.screen,
        Screen::Composer,
        "e opens the check-in in the composer"
    );
    assert!(app.composer.as_ref().unwrap().editing.is_some());
    for _ in 0..3 {
        press(&mut app, &mut store, KeyCode::Tab); // to the advisor notes
    }
    keys(&mut app, &mut store, " Called home after.");
    dispatch(
        &mut app,
        &mut store,
        Action::Key(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL)),
    );
    press(&mut app, &mut store, KeyCode::Tab);
    press(&mut app, &mut store, KeyCode::Tab);
    press(&mut app, &mut store, KeyCode::Char('o'));
    keys(&mut app, &mut store, "grandmother");
    press(&mut app, &mut store, KeyCode::Enter);
    press(&mut app, &mut store, KeyCode::F(2));
    assert_eq!(app.screen, Screen::Student, "{:?}", app.status);

    let id = store.find_student("Amara").unwrap();
    let record = store.student(&id).unwrap();
    let checkin = &record.checkins[0];
    assert!(
        checkin.notes.ends_with("Called home after."),
        "{}",
        checkin.notes
    );
    assert_eq!(checkin.attended, ["student", "advisor", "grandmother"]);
    assert!(checkin.restricted, "the notes are now restricted");
    let h = store.history(&checkin.id, "notes").unwrap();
    assert_eq!(h.len(), 2, "the words as first written stay in history");
    assert!(!h[0].value.as_str().unwrap().contains("Called home"));

    press(&mut app, &mut store, KeyCode::Enter);
    press(&mut app, &mut store, KeyCode::Char('h'));
    let Some(Overlay::Lines { lines, .. }) = app.overlays.last() else {
        panic!("h shows the check-in's history");
    };
    assert!(lines.iter().any(|l| l == "Advisor notes:"), "{lines:?}");
    assert!(lines.iter().any(|l| l.ends_with("Called home after.")));

    let err = plp::store::field_value_from_text(Entity::CheckIn, "date", " ").unwrap_err();
    assert_eq!(err.to_string(), "a check-in needs the date it was held");
}

#[test]
fn a_strategy_verdict_can_carry_a_note() {
    let mut store = common::fixture_store();
    let mut app = app(&mut store);
    press(&mut app, &mut store, KeyCode::Down); // Amara
    press(&mut app, &mut store, KeyCode::Char('n'));
    keys(&mut app, &mut store, "Going fine");
    press(&mut app, &mut store, KeyCode::Tab);
    press(&mut app, &mut store, KeyCode::Enter); // on a goal: no note
    assert!(app.composer.as_ref().unwrap().note().is_none());
    press(&mut app, &mut store, KeyCode::Char('3'));
    press(&mut app, &mut store, KeyCode::Enter); // on the first strategy
    assert_eq!(app.ctx(), plp::tui::keymap::Ctx::ComposerNote);
    keys(&mut app, &mut store, "works about half the time");
    // Keys that mean something elsewhere are text here.
    keys(&mut app, &mut store, " wpnt");
    // A draft taken while the note is open holds it.
    let draft = app.composer.as_ref().unwrap().draft();
    assert_eq!(draft.verdict_notes.len(), 1);
    press(&mut app, &mut store, KeyCode::Esc); // closes the note, not the composer
    assert_eq!(app.screen, Screen::Composer);
    press(&mut app, &mut store, KeyCode::Char('p'));
    // The kind of meeting is one key on the last step.
    while app.composer.as_ref().unwrap().step != plp::tui::composer::Step::Next {
        press(&mut app, &mut store, KeyCode::Tab);
    }
    press(&mut app, &mut store, KeyCode::Char('k'));
    assert_eq!(
        app.composer.as_ref().unwrap().kind,
        plp::domain::CheckInKind::StudentLed
    );
    press(&mut app, &mut store, KeyCode::F(2));
    assert_eq!(app.screen, Screen::Student, "{:?}", app.status);
    let id = store.find_student("Amara").unwrap();
    let record = store.student(&id).unwrap();
    let saved = record
        .checkins
        .iter()
        .find(|c| c.student_words == "Going fine")
        .expect("saved");
    assert_eq!(saved.verdicts.len(), 1);
    assert_eq!(saved.verdicts[0].verdict, plp::domain::Verdict::Partly);
    assert_eq!(saved.verdicts[0].note, "works about half the time wpnt");
    assert_eq!(saved.kind, plp::domain::CheckInKind::StudentLed);
}

#[test]
fn the_years_plan_records_its_annual_review() {
    let mut store = common::fixture_store();
    let mut app = app(&mut store);
    press(&mut app, &mut store, KeyCode::Down); // Amara
    press(&mut app, &mut store, KeyCode::Enter);
    press(&mut app, &mut store, KeyCode::Char('2'));
    let view = app.student.as_ref().unwrap();
    assert!(matches!(
        view.selected_item(),
        Some(plp::tui::state::Item::Plan(p)) if !p.reviewed
    ));
    press(&mut app, &mut store, KeyCode::Char('x'));
    assert!(app.overlays.is_empty(), "a plan is not retired");
    press(&mut app, &mut store, KeyCode::Char('e'));
    let Some(Overlay::Form(form)) = app.overlays.last() else {
        panic!("e opens the plan's form");
    };
    assert_eq!(form.fields.len(), 1);
    assert_eq!(form.fields[0].original, "no");
    press(&mut app, &mut store, KeyCode::Backspace);
    press(&mut app, &mut store, KeyCode::Backspace);
    keys(&mut app, &mut store, "yes");
    press(&mut app, &mut store, KeyCode::F(2));
    assert!(app.overlays.is_empty(), "{:?}", app.status);
    let id = store.find_student("Amara").unwrap();
    let record = store.student(&id).unwrap();
    assert!(record.current_plan(today()).unwrap().plan.reviewed);
    let view = app.student.as_ref().unwrap();
    assert!(matches!(
        view.selected_item(),
        Some(plp::tui::state::Item::Plan(p)) if p.reviewed
    ));
}

#[test]
fn the_first_screen_reads_only_its_lines_and_the_rest_follows() {
    let mut store = common::fixture_store();
    let mut app = App::new(today());
    for a in effects::run(
        &mut store,
        effects::Effect::LoadCaseloadHead { lines: 2 },
        today(),
    ) {
        update::update(&mut app, a);
    }
    assert_eq!(app.caseload.len(), 2);
    let counts = app.caseload_counts.expect("the whole caseload's counts");
    assert_eq!((counts.students, counts.need_now), (3, 2));
    press(&mut app, &mut store, KeyCode::Down);
    let selected = app.selected_row().unwrap().id.clone();
    for a in effects::run(&mut store, effects::Effect::LoadCaseload, today()) {
        update::update(&mut app, a);
    }
    assert_eq!(app.caseload.len(), 3);
    assert!(app.caseload_counts.is_none());
    assert_eq!(
        app.selected_row().unwrap().id,
        selected,
        "the selection stays"
    );
}

#[test]
fn evidence_added_on_a_goal_is_linked_to_it() {
    let mut store = common::fixture_store();
    let mut app = app(&mut store);
    press(&mut app, &mut store, KeyCode::Down); // Amara
    press(&mut app, &mut store, KeyCode::Enter);
    press(&mut app, &mut store, KeyCode::Char('2'));
    press(&mut app, &mut store, KeyCode::Down); // the first goal
    let goal = match app.student.as_ref().unwrap().selected_item() {
        Some(plp::tui::state::Item::Goal(g)) => g.goal.id.clone(),
        other => panic!("a goal is selected: {}", other.is_some()),
    };
    press(&mut app, &mut store, KeyCode::Char('a'));
    assert!(matches!(
        app.overlays.last(),
        Some(Overlay::Choose(o)) if o.iter().any(|o| o.key == 'v' && o.label.contains("selected goal"))
    ));
    press(&mut app, &mut store, KeyCode::Char('v'));
    keys(&mut app, &mut store, "2026-11-20");
    press(&mut app, &mut store, KeyCode::Tab);
    press(&mut app, &mut store, KeyCode::Tab);
    keys(&mut app, &mut store, "Missing-work count");
    press(&mut app, &mut store, KeyCode::F(2));
    assert!(app.overlays.is_empty(), "{:?}", app.status);
    let id = store.find_student("Amara").unwrap();
    let evidence = store.student(&id).unwrap().evidence;
    assert_eq!(evidence.len(), 1);
    assert_eq!(evidence[0].goal_id.as_deref(), Some(goal.as_str()));
    assert_eq!(evidence[0].title, "Missing-work count");
}

/// A check-in's history shows each value as the rest of the app does: dates as people read
/// them, lists comma-joined, yes or no, a note's lines kept apart.
#[test]
fn a_checkins_history_shows_values_as_the_app_does() {
    use plp::store::{Base, Entity};
    let mut store = common::fixture_store();
    let id = store.find_student("Amara").unwrap();
    let checkin = store.student(&id).unwrap().checkins[0].id.clone();
    store
        .write(|w| {
            let mut set = |field: &str, v: serde_json::Value| {
                w.set(Entity::CheckIn, &checkin, field, v, Base::Current)
            };
            set("attended", serde_json::json!(["student", "advisor"]))?;
            set("notes", "Called home.\nMother will email.".into())?;
            set("adjustments", "".into())?;
            set("next_date", "2026-11-27".into())
        })
        .unwrap();
    let mut app = app(&mut store);
    press(&mut app, &mut store, KeyCode::Down);
    press(&mut app, &mut store, KeyCode::Enter);
    keys(&mut app, &mut store, "3");
    press(&mut app, &mut store, KeyCode::Enter);
    keys(&mut app, &mut store, "h");
    let Some(Overlay::Lines { lines, .. }) = app.overlays.last() else {
        panic!("the history is shown: {:?}", app.status)
    };
    let all = lines.join("\n");
    for raw in ["2026-11-27", "2026-10-20", "[\"student\"", "false"] {
        assert!(!all.contains(raw), "{raw} shown raw: {all}");
    }
    for shown in [
        "27 Nov 2026",
        "20 Oct 2026",
        "tester · student, advisor",
        "tester · no",
        "tester · (empty)",
    ] {
        assert!(all.contains(shown), "{shown}: {all}");
    }
    // When, who and what apart: "24 Nov 2026 09:30 · tester · 27 Nov 2026".
    let dated = lines
        .iter()
        .find(|l| l.ends_with(" · tester · 27 Nov 2026"))
        .unwrap_or_else(|| panic!("the next date's revision: {all}"));
    assert_eq!(dated.matches(" · ").count(), 2, "{dated}");
    let first = lines
        .iter()
        .position(|l| l.ends_with("Called home."))
        .unwrap();
    assert!(
        lines[first + 1].trim_start() == "Mother will email." && lines[first + 1].starts_with("  "),
        "{all}"
    );
}

/// A flag typed into a text field reaches the terminal as its letters, in the columns the
/// screen's model gives it: no terminal then draws a flag's second half where the model has
/// nothing, to be left behind when the line changes.
#[test]
fn a_flag_is_drawn_as_its_letters_and_leaves_nothing_behind() {
    let mut store = common::fixture_store();
    let mut app = app(&mut store);
    press(&mut app, &mut store, KeyCode::Down);
    keys(&mut app, &mut store, "n");
    keys(&mut app, &mut store, "AB🇺🇸CD 🇫");
    let regional = |c: char| ('\u{1F1E6}'..='\u{1F1FF}').contains(&c);
    for (w, h) in [(80, 24), (120, 40)] {
        let (buf, cursor) = common::tui::render_with_cursor(&app, w, h, false);
        let shown = common::tui::text(&buf);
        assert!(!shown.chars().any(regional), "{shown}");
        let row = shown
            .lines()
            .find(|l| l.contains("ABUSCD F"))
            .expect(&shown);
        // The cursor stands right after the text, where the model put it.
        let y = shown.lines().position(|l| l == row).unwrap() as u16;
        let x = row.chars().collect::<Vec<_>>();
        let end = x.iter().collect::<String>().find("ABUSCD F").unwrap();
        let col = row[..end].chars().count() + "ABUSCD F".len();
        assert_eq!(cursor.map(|p| (p.x, p.y)), Some((col as u16, y)), "{shown}");
    }
    // Nothing typed is changed: the flag is kept as typed.
    let words = app.composer.as_ref().unwrap().words.lines().join("");
    assert_eq!(words, "AB🇺🇸CD 🇫");
    common::tui::ctrl(&mut app, &mut store, 'u');
    let shown = common::tui::screen(&app, 80, 24);
    assert!(!shown.contains("US"), "{shown}");
}

/// Letters read in one burst do what the same keys one by one do: typed into a text field as
/// one insertion, and on the rating step each a rating key (or a word told from them).
#[test]
fn letters_read_together_do_what_the_keys_one_by_one_do() {
    let burst = |text: &str| {
        Action::Letters(
            text.chars()
                .map(|c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
                .collect(),
        )
    };
    let mut screens = Vec::new();
    let mut drafts = Vec::new();
    for together in [false, true] {
        let mut store = common::fixture_store();
        let mut app = app(&mut store);
        press(&mut app, &mut store, KeyCode::Down);
        press(&mut app, &mut store, KeyCode::Char('n'));
        for part in ["Read two chapters", "3wp", "went to nurse"] {
            if together {
                dispatch(&mut app, &mut store, burst(part));
            } else {
                keys(&mut app, &mut store, part);
            }
            press(&mut app, &mut store, KeyCode::Tab);
        }
        screens.push(trimmed_screen(&app, 80, 24));
        press(&mut app, &mut store, KeyCode::Esc);
        // Each fixture has ids of its own.
        let body = store.drafts().unwrap()[0].body.clone();
        drafts.push(
            body.split('"')
                .map(|w| match uuid::Uuid::parse_str(w) {
                    Ok(_) => "id",
                    Err(_) => w,
                })
                .collect::<Vec<_>>()
                .join("\""),
        );
    }
    assert!(drafts[0].contains("Read two chapters"), "{}", drafts[0]);
    assert_eq!(screens[1], screens[0]);
    assert_eq!(drafts[1], drafts[0]);
}

#[test]
fn letters_read_together_narrow_the_caseload_as_typed() {
    let mut store = common::fixture_store();
    let mut app = app(&mut store);
    press(&mut app, &mut store, KeyCode::Char('/'));
    dispatch(
        &mut app,
        &mut store,
        Action::Letters(
            "zoe"
                .chars()
                .map(|c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
                .collect(),
        ),
    );
    assert_eq!(app.filter, "zoe");
    assert_eq!(app.visible.len(), 1);
}
