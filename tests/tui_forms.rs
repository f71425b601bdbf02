//! Forms that fit the work (the whole profile in one form, a strategy form that names its goal,
//! a field that needs a value saying so, today's date for an intervention, dates typed as US
//! schools type them and shown as people read them), help that teaches, and the `:` palette,
//! all through `update` with a real store.

mod common;

use common::tui::{app, keys, press, saved_elsewhere, screen, today};
use plp::domain::{Goal, Intervention, Student};
use plp::store::{DraftField, Entity, Store};
use plp::tui::form::Form;
use plp::tui::keymap::Ctx;
use plp::tui::state::{App, Overlay, Screen};
use plp::tui::text;
use ratatui::crossterm::event::KeyCode;

fn form(app: &App) -> &Form {
    match app.overlays.last() {
        Some(Overlay::Form(f)) => f,
        _ => panic!("no form open; status {:?}", app.status),
    }
}

fn field(f: &Form, name: &str) -> String {
    let at = f.fields.iter().position(|x| x.name == name).unwrap();
    text::text(&f.fields[at].area)
}

/// Amara's workspace (the second line of the caseload), pane `pane`.
fn amara(store: &mut Store, pane: char) -> App {
    let mut app = app(store);
    press(&mut app, store, KeyCode::Down);
    press(&mut app, store, KeyCode::Enter);
    keys(&mut app, store, &pane.to_string());
    assert_eq!(app.screen, Screen::Student);
    app
}

fn student(store: &Store) -> Student {
    let id = store.find_student("Amara").unwrap();
    store.get(Entity::Student, &id).unwrap().unwrap()
}

fn goals(store: &Store) -> Vec<Goal> {
    let id = store.find_student("Amara").unwrap();
    let mut stmt = store
        .conn()
        .prepare("SELECT id FROM goals WHERE student_id = ?1")
        .unwrap();
    let ids: Vec<String> = stmt
        .query_map([&id], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    ids.iter()
        .map(|g| store.get(Entity::Goal, g).unwrap().unwrap())
        .collect()
}

#[test]
fn the_profile_is_one_form_of_seven_fields_saved_at_once() {
    let mut store = common::fixture_store();
    let mut app = amara(&mut store, '1');
    // The third line is "How I learn best": the form opens whole, the cursor there.
    press(&mut app, &mut store, KeyCode::Down);
    press(&mut app, &mut store, KeyCode::Down);
    press(&mut app, &mut store, KeyCode::Enter);
    let f = form(&app);
    assert_eq!(f.fields.len(), 7, "all seven profile fields");
    assert_eq!(f.fields[f.focus].name, "learning");
    assert_eq!(app.ctx(), Ctx::Form);
    assert_eq!(f.title, "Profile");
    // Shift-Tab back to needs, Tab twice on to interests.
    press(&mut app, &mut store, KeyCode::BackTab);
    assert_eq!(form(&app).fields[form(&app).focus].name, "needs");
    press(&mut app, &mut store, KeyCode::End);
    keys(&mut app, &mut store, " Reminders help.");
    press(&mut app, &mut store, KeyCode::Tab);
    press(&mut app, &mut store, KeyCode::Tab);
    assert_eq!(form(&app).fields[form(&app).focus].name, "interests");
    keys(&mut app, &mut store, "Drawing, basketball");
    press(&mut app, &mut store, KeyCode::F(2));
    assert!(app.overlays.is_empty(), "{:?}", app.status);
    let s = student(&store);
    assert_eq!(
        s.profile.needs,
        "Loses track of assignments across classes. Reminders help."
    );
    assert_eq!(s.profile.interests, "Drawing, basketball");
    assert_eq!(
        s.profile.strengths,
        "Explains math steps out loud; kind to younger students."
    );
    // One save: both fields changed in one change that one undo takes back.
    assert_eq!(app.changes.len(), 1);
}

#[test]
fn typing_kept_for_one_profile_field_by_an_older_plp_comes_into_the_profile_form() {
    let mut store = common::fixture_store();
    let id = store.find_student("Amara").unwrap();
    let old = plp::store::DraftKey {
        student: id.clone(),
        kind: Entity::Student,
        record: plp::store::DraftRecord::Existing(id.clone()),
        field: DraftField::One("career".into()),
    };
    store
        .save_draft(&old, r#"{"career":"Nursing, maybe"}"#)
        .unwrap();
    let mut app = amara(&mut store, '1');
    press(&mut app, &mut store, KeyCode::Enter);
    assert_eq!(field(form(&app), "career"), "Nursing, maybe");
    assert!(
        store.draft(&old).unwrap().is_none(),
        "moved to the form's draft"
    );
    assert_eq!(store.drafts().unwrap().len(), 1);
    press(&mut app, &mut store, KeyCode::F(2));
    assert_eq!(student(&store).profile.career, "Nursing, maybe");
    assert!(store.drafts().unwrap().is_empty());
}

#[test]
fn the_strategy_form_names_its_goal() {
    let mut store = common::fixture_store();
    let mut app = amara(&mut store, '2');
    press(&mut app, &mut store, KeyCode::Down); // the first goal
    keys(&mut app, &mut store, "as");
    assert_eq!(form(&app).title, "Strategy for: Turn in all work on time");
    assert!(screen(&app, 80, 24).contains("Strategy for: Turn in all work on time"));
    keys(&mut app, &mut store, "Ask for a reminder");
    press(&mut app, &mut store, KeyCode::F(2));
    assert!(app.overlays.is_empty(), "{:?}", app.status);
    // Editing one of its strategies (the new one, selected) names it too.
    press(&mut app, &mut store, KeyCode::Char('e'));
    assert_eq!(form(&app).title, "Strategy for: Turn in all work on time");
}

#[test]
fn a_new_goal_without_a_domain_says_so_and_nothing_is_saved() {
    let mut store = common::fixture_store();
    let mut app = amara(&mut store, '2');
    let before = goals(&store).len();
    keys(&mut app, &mut store, "ag");
    assert_eq!(
        field(form(&app), "status"),
        "active",
        "shown, not filled in behind"
    );
    keys(&mut app, &mut store, "Write a full essay with a plan");
    press(&mut app, &mut store, KeyCode::F(2));
    let f = form(&app);
    assert_eq!(
        f.error.as_deref(),
        Some(
            "Domain is empty: type one of academic, social-emotional, career, civic, \
             personal."
        )
    );
    assert_eq!(f.fields[f.focus].name, "domain", "the cursor goes to it");
    assert_eq!(goals(&store).len(), before, "nothing saved");
    assert!(screen(&app, 80, 24).contains("Domain is empty"));
    keys(&mut app, &mut store, "career");
    press(&mut app, &mut store, KeyCode::F(2));
    assert!(app.overlays.is_empty(), "{:?}", app.status);
    let g = goals(&store)
        .into_iter()
        .find(|g| g.title == "Write a full essay with a plan")
        .unwrap();
    assert_eq!(g.domain.as_str(), "career");
}

/// A refusal names the field once, and the start of two words names both.
#[test]
fn a_refused_field_is_named_once_and_a_start_of_two_words_names_both() {
    let mut store = common::fixture_store();
    let mut app = amara(&mut store, '2');
    keys(&mut app, &mut store, "ag");
    keys(&mut app, &mut store, "Join one club");
    press(&mut app, &mut store, KeyCode::F(2));
    keys(&mut app, &mut store, "c");
    press(&mut app, &mut store, KeyCode::F(2));
    assert_eq!(
        form(&app).error.as_deref(),
        Some("Domain: \"c\" starts more than one word: career or civic.")
    );
    keys(&mut app, &mut store, "a");
    while form(&app).fields[form(&app).focus].name != "target_date" {
        press(&mut app, &mut store, KeyCode::Tab);
    }
    keys(&mut app, &mut store, "31/02");
    press(&mut app, &mut store, KeyCode::F(2));
    assert_eq!(
        form(&app).error.as_deref(),
        Some("Target date: \"31/02\" is not a real date.")
    );
    // A team member's contact: the sentence names the field itself, once.
    press(&mut app, &mut store, KeyCode::Esc);
    while !app.overlays.is_empty() {
        keys(&mut app, &mut store, "y");
        press(&mut app, &mut store, KeyCode::Esc);
    }
    keys(&mut app, &mut store, "1at");
    keys(&mut app, &mut store, "Lan Tran");
    while form(&app).fields[form(&app).focus].name != "contact" {
        press(&mut app, &mut store, KeyCode::Tab);
    }
    keys(&mut app, &mut store, "lan@");
    press(&mut app, &mut store, KeyCode::F(2));
    let error = form(&app).error.clone().unwrap_or_default();
    assert!(
        error.contains("\"lan@\" is not an e-mail address"),
        "{error}"
    );
    assert_eq!(
        error.to_lowercase().matches("contact").count(),
        1,
        "{error}"
    );
}

#[test]
fn a_new_goal_without_a_title_says_so_by_its_label_with_the_cursor_there() {
    let mut store = common::fixture_store();
    let mut app = amara(&mut store, '2');
    let before = goals(&store).len();
    keys(&mut app, &mut store, "ag");
    press(&mut app, &mut store, KeyCode::F(2));
    let f = form(&app);
    assert_eq!(
        f.error.as_deref(),
        Some("Goal is empty: type it before saving."),
        "the title first, named as the form shows it"
    );
    assert_eq!(f.fields[f.focus].name, "title");
    // The domain typed, the title still blank: the cursor leaves the domain for the title.
    press(&mut app, &mut store, KeyCode::Tab);
    keys(&mut app, &mut store, "academic");
    press(&mut app, &mut store, KeyCode::F(2));
    let f = form(&app);
    assert_eq!(
        f.error.as_deref(),
        Some("Goal is empty: type it before saving.")
    );
    assert_eq!(f.fields[f.focus].name, "title", "the cursor goes to it");
    keys(&mut app, &mut store, "Z");
    assert_eq!(field(form(&app), "title"), "Z");
    assert_eq!(field(form(&app), "domain"), "academic");
    assert_eq!(goals(&store).len(), before, "nothing saved");
}

#[test]
fn an_edited_goal_cannot_lose_its_title() {
    let mut store = common::fixture_store();
    let mut app = amara(&mut store, '2');
    press(&mut app, &mut store, KeyCode::Down);
    press(&mut app, &mut store, KeyCode::Enter);
    assert_eq!(field(form(&app), "title"), "Turn in all work on time");
    press(&mut app, &mut store, KeyCode::End);
    common::tui::ctrl(&mut app, &mut store, 'u');
    assert_eq!(field(form(&app), "title"), "");
    press(&mut app, &mut store, KeyCode::Tab);
    press(&mut app, &mut store, KeyCode::F(2));
    let f = form(&app);
    assert_eq!(
        f.error.as_deref(),
        Some("Goal is empty: type it before saving.")
    );
    assert_eq!(f.fields[f.focus].name, "title");
    assert!(goals(&store)
        .iter()
        .any(|g| g.title == "Turn in all work on time"));
    assert!(!goals(&store).iter().any(|g| g.title.is_empty()));
    assert_ne!(app.status.as_deref(), Some("Saved."));
}

#[test]
fn every_field_that_must_be_filled_in_is_refused_blank_on_edit_too() {
    // An intervention's "What was done": blank in a new one, emptied in an edited one.
    let mut store = common::fixture_store();
    let mut app = amara(&mut store, '3');
    keys(&mut app, &mut store, "ai");
    press(&mut app, &mut store, KeyCode::Tab);
    keys(&mut app, &mut store, "tutoring");
    press(&mut app, &mut store, KeyCode::F(2));
    let f = form(&app);
    assert_eq!(
        f.error.as_deref(),
        Some("What was done is empty: type it before saving.")
    );
    assert_eq!(f.fields[f.focus].name, "description");
    keys(&mut app, &mut store, "Math lab twice a week");
    press(&mut app, &mut store, KeyCode::F(2));
    assert!(app.overlays.is_empty(), "{:?}", app.status);
    let saved = |store: &Store| {
        let id = store.find_student("Amara").unwrap();
        store.student(&id).unwrap().interventions[0].clone()
    };
    assert_eq!(saved(&store).description, "Math lab twice a week");
    press(&mut app, &mut store, KeyCode::Enter);
    while form(&app).fields[form(&app).focus].name != "description" {
        press(&mut app, &mut store, KeyCode::Tab);
    }
    common::tui::ctrl(&mut app, &mut store, 'u');
    press(&mut app, &mut store, KeyCode::F(2));
    let f = form(&app);
    assert_eq!(
        f.error.as_deref(),
        Some("What was done is empty: type it before saving.")
    );
    assert_eq!(saved(&store).description, "Math lab twice a week");
    // Its date too.
    press(&mut app, &mut store, KeyCode::BackTab);
    press(&mut app, &mut store, KeyCode::BackTab);
    assert_eq!(form(&app).fields[form(&app).focus].name, "date");
    common::tui::ctrl(&mut app, &mut store, 'u');
    press(&mut app, &mut store, KeyCode::F(2));
    let f = form(&app);
    assert!(
        f.error
            .as_deref()
            .unwrap()
            .starts_with("Date is empty: type a date ("),
        "{:?}",
        f.error
    );
    assert_eq!(saved(&store).date, Some(today()));
    // Every kind of record a form adds says in its field table what must be filled in.
    for entity in [
        Entity::Goal,
        Entity::Strategy,
        Entity::TeamMember,
        Entity::Intervention,
        Entity::Evidence,
    ] {
        assert!(
            entity.fields().iter().any(|f| f.form && f.needed.is_some()),
            "{entity:?} names what its form needs"
        );
    }
}

/// A date field's example is a day of the school year the app is in: after the year rolls
/// over, typing the example as it is gives a date in the new year.
#[test]
fn a_date_fields_example_follows_the_school_year() {
    let mut store = common::fixture_store();
    let mut app = amara(&mut store, '3');
    app.today = chrono::NaiveDate::from_ymd_opt(2027, 9, 20).unwrap();
    keys(&mut app, &mut store, "ai");
    let f = form(&app);
    assert!(
        f.fields[0]
            .label
            .contains("28 May 2028, 5/28/2028 or 2028-05-28"),
        "{}",
        f.fields[0].label
    );
}

/// A field left with a value too long to sit beside its whole label (the words it takes, in
/// brackets) shows its name and the value at 80 columns, not a value cut short.
#[test]
fn a_chosen_word_is_read_whole_beside_its_fields_name_at_80_columns() {
    let mut store = common::fixture_store();
    let mut app = amara(&mut store, '2');
    keys(&mut app, &mut store, "ag");
    keys(&mut app, &mut store, "Read more");
    press(&mut app, &mut store, KeyCode::Tab);
    keys(&mut app, &mut store, "social-emotional");
    press(&mut app, &mut store, KeyCode::Tab);
    let shown = common::tui::screen(&app, 80, 24);
    assert!(shown.contains("  Domain: social-emotional "), "{shown}");
    assert!(!shown.contains("social-emoti…"), "{shown}");
    // A short value keeps the words the field takes beside it.
    assert!(
        shown.contains("Status (active, met, revised, dropped): active"),
        "{shown}"
    );
}

#[test]
fn an_intervention_is_dated_today_unless_another_day_is_typed() {
    let mut store = common::fixture_store();
    let mut app = amara(&mut store, '3');
    keys(&mut app, &mut store, "ai");
    let f = form(&app);
    assert_eq!(field(f, "date"), "24 Nov 2026");
    assert!(
        f.fields[0].label.contains("5/28/2027"),
        "{}",
        f.fields[0].label
    );
    press(&mut app, &mut store, KeyCode::Tab);
    keys(&mut app, &mut store, "tutoring");
    press(&mut app, &mut store, KeyCode::Tab);
    keys(&mut app, &mut store, "Math lab twice a week");
    press(&mut app, &mut store, KeyCode::F(2));
    assert!(app.overlays.is_empty(), "{:?}", app.status);
    let id = store.find_student("Amara").unwrap();
    let r = store.student(&id).unwrap();
    let i: &Intervention = &r.interventions[0];
    assert_eq!(i.date, Some(today()));
    assert!(screen(&app, 80, 24).contains("24 Nov 2026 intervention"));
    // Yesterday's, typed over today's date without clearing it first.
    keys(&mut app, &mut store, "ai");
    keys(&mut app, &mut store, "11/23/2026");
    assert_eq!(field(form(&app), "date"), "11/23/2026");
    press(&mut app, &mut store, KeyCode::Tab);
    press(&mut app, &mut store, KeyCode::Tab);
    keys(&mut app, &mut store, "Called home");
    press(&mut app, &mut store, KeyCode::F(2));
    assert!(app.overlays.is_empty(), "{:?}", app.status);
    assert!(screen(&app, 80, 24).contains("23 Nov 2026 intervention"));
    // Moving into the date first keeps it to edit.
    keys(&mut app, &mut store, "ai");
    press(&mut app, &mut store, KeyCode::Backspace);
    keys(&mut app, &mut store, "7");
    assert_eq!(field(form(&app), "date"), "24 Nov 2027");
}

/// A day typed without its year ("11/20", "May 28") is taken as the composer takes one: a day
/// something was done is the last such day on or before today, a target the next such day on
/// or after it.
#[test]
fn a_day_typed_without_its_year_falls_where_the_field_says() {
    let mut store = common::fixture_store();
    let mut app = amara(&mut store, '3');
    let dated = |store: &Store| {
        let id = store.find_student("Amara").unwrap();
        let r = store.student(&id).unwrap();
        let mut days: Vec<String> = r
            .interventions
            .iter()
            .filter_map(|i| i.date)
            .map(|d| d.to_string())
            .collect();
        days.sort();
        days
    };
    for typed in ["11/20", "Dec 1"] {
        // Typed over today's date.
        keys(&mut app, &mut store, "ai");
        keys(&mut app, &mut store, typed);
        assert_eq!(field(form(&app), "date"), typed);
        press(&mut app, &mut store, KeyCode::Tab);
        keys(&mut app, &mut store, "tutoring");
        press(&mut app, &mut store, KeyCode::Tab);
        keys(&mut app, &mut store, "Math lab");
        press(&mut app, &mut store, KeyCode::F(2));
        assert!(app.overlays.is_empty(), "{typed}: {:?}", app.status);
    }
    assert_eq!(dated(&store), ["2025-12-01", "2026-11-20"]);
    // A goal's target date is a day to come.
    keys(&mut app, &mut store, "2");
    press(&mut app, &mut store, KeyCode::Down);
    press(&mut app, &mut store, KeyCode::Enter);
    while form(&app).fields[form(&app).focus].name != "target_date" {
        press(&mut app, &mut store, KeyCode::Tab);
    }
    keys(&mut app, &mut store, "May 28");
    press(&mut app, &mut store, KeyCode::F(2));
    assert!(app.overlays.is_empty(), "{:?}", app.status);
    let g = goals(&store)
        .into_iter()
        .find(|g| g.title == "Turn in all work on time")
        .unwrap();
    assert_eq!(g.target_date.unwrap().to_string(), "2027-05-28");
    // A day that is no day is refused as the composer refuses it, and nothing changes.
    press(&mut app, &mut store, KeyCode::Enter);
    while form(&app).fields[form(&app).focus].name != "target_date" {
        press(&mut app, &mut store, KeyCode::Tab);
    }
    while !field(form(&app), "target_date").is_empty() {
        press(&mut app, &mut store, KeyCode::Backspace);
    }
    keys(&mut app, &mut store, "2/30");
    press(&mut app, &mut store, KeyCode::F(2));
    assert_eq!(
        form(&app).error.as_deref(),
        Some("Target date: \"2/30\" is not a real date.")
    );
    assert_eq!(
        goals(&store)
            .into_iter()
            .find(|g| g.title == "Turn in all work on time")
            .unwrap()
            .target_date
            .unwrap()
            .to_string(),
        "2027-05-28"
    );
}

/// A graduation year typed in the student's details must fit the grade beside it this school
/// year, give or take two years; the grade and the year changed together are read together.
#[test]
fn a_graduation_year_that_cannot_fit_the_grade_is_refused_in_the_form() {
    let mut store = common::fixture_store();
    let mut app = amara(&mut store, '1');
    let opened = |app: &App| matches!(app.overlays.last(), Some(Overlay::Form(f)) if f.title == "Student details");
    for _ in 0..20 {
        if matches!(
            app.student.as_ref().unwrap().selected_item(),
            Some(plp::tui::state::Item::Details)
        ) {
            break;
        }
        press(&mut app, &mut store, KeyCode::Down);
    }
    press(&mut app, &mut store, KeyCode::Enter);
    assert!(opened(&app), "{:?}", app.status);
    assert_eq!(field(form(&app), "grade"), "9");
    let to = |app: &mut App, store: &mut Store, name: &str, text: &str| {
        while form(app).fields[form(app).focus].name != name {
            press(app, store, KeyCode::Tab);
        }
        while !field(form(app), name).is_empty() {
            press(app, store, KeyCode::Backspace);
        }
        keys(app, store, text);
    };
    to(&mut app, &mut store, "grad_year", "1999");
    press(&mut app, &mut store, KeyCode::F(2));
    assert_eq!(
        form(&app).error.as_deref(),
        Some("Graduation year 1999 does not fit grade 9 this year (expected about 2030).")
    );
    assert_eq!(student(&store).grad_year, None, "nothing saved");
    // Grade 12 and the class of 2027, typed together, fit.
    to(&mut app, &mut store, "grad_year", "2027");
    press(&mut app, &mut store, KeyCode::F(2));
    assert_eq!(
        form(&app).error.as_deref(),
        Some("Graduation year 2027 does not fit grade 9 this year (expected about 2030).")
    );
    to(&mut app, &mut store, "grade", "12");
    press(&mut app, &mut store, KeyCode::F(2));
    assert!(app.overlays.is_empty(), "{:?}", app.status);
    let s = student(&store);
    assert_eq!((s.grade, s.grad_year), (Some(12), Some(2027)));
}

#[test]
fn dates_are_typed_as_us_schools_type_them_and_shown_as_people_read_them() {
    let mut store = common::fixture_store();
    let mut app = amara(&mut store, '2');
    press(&mut app, &mut store, KeyCode::Down);
    press(&mut app, &mut store, KeyCode::Enter);
    let at = form(&app)
        .fields
        .iter()
        .position(|f| f.name == "target_date")
        .unwrap();
    while form(&app).focus != at {
        press(&mut app, &mut store, KeyCode::Tab);
    }
    // An impossible date: one sentence, the form stays, nothing changes.
    keys(&mut app, &mut store, "2/30/2027");
    press(&mut app, &mut store, KeyCode::F(2));
    assert_eq!(
        form(&app).error.as_deref(),
        Some("Target date: \"2/30/2027\" is not a real date.")
    );
    assert_eq!(goals(&store)[0].target_date, None);
    for _ in 0..9 {
        press(&mut app, &mut store, KeyCode::Backspace);
    }
    keys(&mut app, &mut store, "5/28/2027");
    press(&mut app, &mut store, KeyCode::F(2));
    assert!(app.overlays.is_empty(), "{:?}", app.status);
    let g = goals(&store)
        .into_iter()
        .find(|g| g.title == "Turn in all work on time")
        .unwrap();
    assert_eq!(g.target_date.unwrap().to_string(), "2027-05-28");
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("by 28 May 2027"), "{shown}");
    // Opened again, the form shows it the same way, and saving unchanged changes nothing.
    press(&mut app, &mut store, KeyCode::Enter);
    assert_eq!(field(form(&app), "target_date"), "28 May 2027");
    press(&mut app, &mut store, KeyCode::F(2));
    assert_eq!(app.status.as_deref(), Some("Nothing changed."));
}

#[test]
fn no_screen_prints_a_date_as_iso() {
    let mut store = common::fixture_store();
    let mut app = app(&mut store);
    let iso = regex_free_iso;
    let caseload = screen(&app, 80, 24);
    assert!(caseload.contains("20 Nov 2026"), "{caseload}");
    assert!(!iso(&caseload), "{caseload}");
    press(&mut app, &mut store, KeyCode::Down);
    press(&mut app, &mut store, KeyCode::Enter);
    for pane in ['1', '2', '3'] {
        keys(&mut app, &mut store, &pane.to_string());
        let s = screen(&app, 80, 24);
        assert!(!iso(&s), "{s}");
    }
    press(&mut app, &mut store, KeyCode::Enter); // the check-in, shown whole
    let s = screen(&app, 80, 24);
    assert!(s.contains("20 Oct 2026") && !iso(&s), "{s}");
}

/// Whether a text holds a date written YYYY-MM-DD.
fn regex_free_iso(s: &str) -> bool {
    let b = s.as_bytes();
    b.windows(10).any(|w| {
        w.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
    })
}

#[test]
fn help_opens_everywhere_and_explains_the_words() {
    // (path to the place, the key that opens help there)
    let places: &[(&str, KeyCode)] = &[
        ("", KeyCode::Char('?')),
        ("/", KeyCode::Char('?')),
        (":", KeyCode::Char('?')),
        ("r", KeyCode::Char('?')),
        ("\n1", KeyCode::Char('?')),
        ("\n2", KeyCode::Char('?')),
        ("\n3", KeyCode::Char('?')),
        ("\n3\n", KeyCode::Char('?')),
        ("n", KeyCode::F(1)),
        ("n\t", KeyCode::Char('?')),
        ("n\t\t\t\t\t", KeyCode::Char('?')),
        ("\n1\n", KeyCode::F(1)),
        ("\n2a", KeyCode::Char('?')),
    ];
    for (path, help) in places {
        let mut store = common::fixture_store();
        let mut app = app(&mut store);
        press(&mut app, &mut store, KeyCode::Down);
        for c in path.chars() {
            let code = match c {
                '\n' => KeyCode::Enter,
                '\t' => KeyCode::Tab,
                c => KeyCode::Char(c),
            };
            press(&mut app, &mut store, code);
        }
        let under = app.ctx();
        press(&mut app, &mut store, *help);
        assert_eq!(app.ctx(), Ctx::Help, "{help:?} in {under:?} ({path:?})");
        let lines = plp::tui::help::lines(under, false);
        assert!(lines.len() > 12, "{under:?}");
        // Its words are reached by scrolling, at 80×24 too.
        let mut seen = String::new();
        for _ in 0..lines.len() {
            seen.push_str(&screen(&app, 80, 24));
            press(&mut app, &mut store, KeyCode::Down);
        }
        for term in [
            "retire:",
            "restore:",
            "progress:",
            "verdicts:",
            "restricted:",
            "due:",
        ] {
            assert!(seen.contains(term), "{term} in help over {under:?}");
        }
        assert!(seen.contains("carried forward:"), "over {under:?}");
        let words: String = lines
            .iter()
            .filter_map(|l| match l {
                plp::tui::help::HelpLine::Word(_, text) => Some(text.as_str()),
                _ => None,
            })
            .collect();
        for said in [
            "1 no progress yet",
            "4 goal met",
            "p partly working",
            "n not working",
            "whole check-in restricted",
            "! overdue",
            "x on a selected line",
        ] {
            assert!(words.contains(said), "{said} in help over {under:?}");
        }
        press(&mut app, &mut store, KeyCode::Esc);
        assert_eq!(app.ctx(), under, "Esc closes help over {under:?}");
    }
}

#[test]
fn help_at_80x24() {
    let mut store = common::fixture_store();
    let mut app = amara(&mut store, '2');
    press(&mut app, &mut store, KeyCode::Char('?'));
    insta::assert_snapshot!("help_student_80x24", screen(&app, 80, 24));
    for _ in 0..22 {
        press(&mut app, &mut store, KeyCode::Down);
    }
    insta::assert_snapshot!("help_student_words_80x24", screen(&app, 80, 24));
}

#[test]
fn typing_narrows_the_palette_wherever_it_opens() {
    // On the caseload: the reports.
    let mut store = common::fixture_store();
    let mut app = app(&mut store);
    keys(&mut app, &mut store, ":");
    keys(&mut app, &mut store, "reports");
    match app.overlays.last() {
        Some(Overlay::Palette { query, .. }) => assert_eq!(query, "reports"),
        _ => panic!("the palette is open"),
    }
    let shown = screen(&app, 80, 24);
    assert!(shown.contains(": reports"), "{shown}");
    assert!(!shown.contains("new check-in"), "{shown}");
    press(&mut app, &mut store, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Reports);
    // On a student: undo is offered with its key, and so is what has no key there.
    let mut app = amara(&mut store, '2');
    keys(&mut app, &mut store, ":");
    let shown = screen(&app, 80, 24);
    assert!(
        shown.contains("export this student's family printout"),
        "{shown}"
    );
    let entries = plp::tui::filter::palette_entries(Ctx::Student, "", false);
    let undo = entries
        .iter()
        .find(|e| e.cmd == plp::tui::keymap::Cmd::Undo)
        .unwrap();
    assert_eq!((undo.keys, undo.label), ("u", "undo the last change"));
    let retired = entries
        .iter()
        .find(|e| e.cmd == plp::tui::keymap::Cmd::ShowRetired)
        .unwrap();
    assert_eq!(retired.keys, ".");
    keys(&mut app, &mut store, "retired");
    press(&mut app, &mut store, KeyCode::Enter);
    assert!(app.show_retired, "{:?}", app.status);
    // Backspace widens; a query that matches nothing says so.
    keys(&mut app, &mut store, ":zzzz");
    assert!(screen(&app, 80, 24).contains("Nothing matches"));
    press(&mut app, &mut store, KeyCode::Enter);
    assert!(app
        .status
        .as_deref()
        .unwrap_or("")
        .contains("No command matches"));
}

#[test]
fn the_palette_writes_this_students_family_printout_and_says_where() {
    let mut store = common::fixture_store();
    let dir = tempfile::tempdir().unwrap();
    let mut app = amara(&mut store, '1');
    app.printout_dir = dir.path().to_path_buf();
    keys(&mut app, &mut store, ":print");
    press(&mut app, &mut store, KeyCode::Enter);
    let file = dir.path().join("okafor_amara_100234.html");
    let status = app.status.clone().unwrap_or_default();
    assert_eq!(
        status,
        format!("Wrote the family printout to {}.", file.display())
    );
    let html = std::fs::read_to_string(&file).unwrap();
    assert!(html.contains("Amara"), "{html}");
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&file).unwrap().permissions().mode();
    assert_eq!(mode & 0o077, 0, "readable by its owner only");
    // Printed again, the page sent home before stays as it was; the new one is beside it.
    std::fs::write(&file, "the page sent home in October").unwrap();
    keys(&mut app, &mut store, ":print");
    press(&mut app, &mut store, KeyCode::Enter);
    let second = dir.path().join("okafor_amara_100234_2.html");
    assert_eq!(
        app.status.clone().unwrap_or_default(),
        format!(
            "Wrote the family printout to {} (the ones printed before stay as they were).",
            second.display()
        )
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "the page sent home in October"
    );
    assert!(std::fs::read_to_string(&second).unwrap().contains("Amara"));
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names.len(), 2, "no temporary file is left: {names:?}");
    // From the caseload there is no student to print: it is not offered there.
    let entries = plp::tui::filter::palette_entries(Ctx::Caseload, "print", false);
    assert!(entries
        .iter()
        .all(|e| e.cmd != plp::tui::keymap::Cmd::ExportPrintout));
}

#[test]
fn the_palette_opens_edits_made_twice_at_once() {
    let mut store = common::fixture_store();
    let mut app = app(&mut store);
    keys(&mut app, &mut store, ":conflicts");
    press(&mut app, &mut store, KeyCode::Enter);
    assert!(
        app.status
            .as_deref()
            .unwrap_or("")
            .contains("Nothing waiting"),
        "{:?}",
        app.status
    );
    // Amara's strengths are changed by another advisor while this one types them.
    let mut app = amara(&mut store, '1');
    press(&mut app, &mut store, KeyCode::Char('e'));
    keys(&mut app, &mut store, "Mine: ");
    saved_elsewhere(&mut store, "Amara", "strengths", "Theirs");
    press(&mut app, &mut store, KeyCode::F(2));
    assert_eq!(store.conflicts().unwrap().len(), 1);
    press(&mut app, &mut store, KeyCode::Esc);
    assert_eq!(app.screen, Screen::Caseload);
    keys(&mut app, &mut store, ":conflicts");
    press(&mut app, &mut store, KeyCode::Enter);
    assert_eq!(app.ctx(), Ctx::Conflict, "{:?}", app.status);
    assert_eq!(app.screen, Screen::Student);
    keys(&mut app, &mut store, "1");
    assert!(store.conflicts().unwrap().is_empty());
}

#[test]
fn a_refused_value_is_read_whole_in_the_form_even_at_80_columns() {
    let mut store = common::fixture_store();
    let mut app = amara(&mut store, '2');
    keys(&mut app, &mut store, "ag");
    keys(&mut app, &mut store, "Write a full essay with a plan");
    press(&mut app, &mut store, KeyCode::Tab);
    keys(&mut app, &mut store, "acadmic");
    press(&mut app, &mut store, KeyCode::F(2));
    let said = form(&app).error.clone().expect("the domain is refused");
    assert!(said.ends_with("personal)."), "{said}");
    // Inside the form's frame the whole sentence is there, wrapped, its last words included
    // (each row's widest part between borders is the form's; the panes behind show at its sides).
    let shown: String = screen(&app, 80, 24)
        .lines()
        .filter_map(|l| l.split('│').max_by_key(|part| part.chars().count()))
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(shown.contains("civic, personal)."), "{shown}");
    // Mending it, the sentence goes (the next save says again whatever is still wrong).
    press(&mut app, &mut store, KeyCode::Backspace);
    assert_eq!(form(&app).error, None);
    press(&mut app, &mut store, KeyCode::F(2));
    assert!(form(&app).error.is_some(), "still no domain it knows");
}

/// A field that holds one value (yes or no, a title, a date) is one line, as the field table
/// says: Enter adds no line to it and the status bar says which keys go on. A field of text
/// (the profile's) still takes a new line.
#[test]
fn enter_adds_no_line_to_a_field_of_one_value() {
    let mut store = common::fixture_store();
    let mut app = amara(&mut store, '2');
    // The plan's line, at the top of the goals pane: its form is "Annual review done".
    press(&mut app, &mut store, KeyCode::Char('g'));
    press(&mut app, &mut store, KeyCode::Char('e'));
    let f = form(&app);
    assert_eq!(f.fields[f.focus].name, "reviewed");
    let before = field(f, "reviewed");
    press(&mut app, &mut store, KeyCode::Enter);
    assert_eq!(field(form(&app), "reviewed"), before, "no new line");
    assert_eq!(app.status.as_deref(), Some("One line here: C-s/F2 save."));
    press(&mut app, &mut store, KeyCode::Esc);
    // A new goal's title, in a form of several fields.
    let mut app = amara(&mut store, '2');
    keys(&mut app, &mut store, "ag");
    keys(&mut app, &mut store, "Read more");
    press(&mut app, &mut store, KeyCode::Enter);
    assert_eq!(field(form(&app), "title"), "Read more");
    assert_eq!(
        app.status.as_deref(),
        Some("One line here: C-s/F2 save · Tab next field.")
    );
    // The profile's fields are text: Enter starts a new line.
    let mut app = amara(&mut store, '1');
    press(&mut app, &mut store, KeyCode::Enter);
    keys(&mut app, &mut store, "x");
    press(&mut app, &mut store, KeyCode::Enter);
    keys(&mut app, &mut store, "y");
    let f = form(&app);
    let text = text::text(&f.fields[f.focus].area);
    assert!(text.ends_with("x\ny"), "{text:?}");
}

/// A paste into a one-line field (a strategy's title) stays one line: its line breaks and tabs
/// become spaces. A field of many lines keeps them.
#[test]
fn a_paste_into_a_one_line_field_stays_one_line() {
    let mut store = common::fixture_store();
    let mut app = amara(&mut store, '2');
    press(&mut app, &mut store, KeyCode::Down);
    keys(&mut app, &mut store, "as");
    for _ in 0..form(&app).fields.len() {
        let f = form(&app);
        if f.fields[f.focus].one_line {
            break;
        }
        press(&mut app, &mut store, KeyCode::Tab);
    }
    let f = form(&app);
    assert!(f.fields[f.focus].one_line, "{}", f.fields[f.focus].name);
    let before = text::text(&f.fields[f.focus].area);
    plp::tui::dispatch(
        &mut app,
        &mut store,
        plp::tui::action::Action::Paste("Line one\nLine two\tTabbed\r\n".into()),
    );
    let f = form(&app);
    assert_eq!(
        text::text(&f.fields[f.focus].area),
        format!("{before}Line one Line two Tabbed ")
    );
}

/// Evidence and interventions record what has happened: a date after today is refused, with
/// the form kept as typed; today is taken.
#[test]
fn evidence_dated_after_today_is_refused() {
    let mut store = common::fixture_store();
    let mut app = amara(&mut store, '2');
    keys(&mut app, &mut store, "av");
    assert_eq!(form(&app).fields[form(&app).focus].name, "date");
    common::tui::ctrl(&mut app, &mut store, 'u');
    keys(&mut app, &mut store, "15 Jan 2027");
    while form(&app).fields[form(&app).focus].name != "title" {
        press(&mut app, &mut store, KeyCode::Tab);
    }
    keys(&mut app, &mut store, "RIT 215");
    press(&mut app, &mut store, KeyCode::F(2));
    let f = form(&app);
    assert_eq!(
        f.error.as_deref(),
        Some("Date: 15 Jan 2027 is after today: it is written down once it has happened."),
    );
    let id = store.find_student("Amara").unwrap();
    assert!(store.student(&id).unwrap().evidence.is_empty());
    while form(&app).fields[form(&app).focus].name != "date" {
        press(&mut app, &mut store, KeyCode::BackTab);
    }
    common::tui::ctrl(&mut app, &mut store, 'u');
    keys(
        &mut app,
        &mut store,
        &today().format("%Y-%m-%d").to_string(),
    );
    press(&mut app, &mut store, KeyCode::F(2));
    assert!(app.overlays.is_empty(), "{:?}", app.status);
    assert_eq!(store.student(&id).unwrap().evidence.len(), 1);
}
