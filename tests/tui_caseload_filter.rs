//! The caseload filter through `update` and drawn at 80×24, as the app runs it: a key ranks only
//! what the screen needs, the rest when something looks past it, always in the order scoring
//! everyone gives; and the filter line counts within the view it narrows.

mod common;

use plp::domain::{DueState, StudentStatus};
use plp::store::CaseloadRow;
use plp::tui::action::Action;
use plp::tui::filter::filter_among;
use plp::tui::state::App;
use plp::tui::update::update;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

fn row(i: usize, name: &str, grade: i64) -> CaseloadRow {
    CaseloadRow {
        id: format!("id{i:04}"),
        sis_id: format!("{}", 500_000 + i),
        name: name.into(),
        given_name: name.split(' ').next().unwrap_or("").into(),
        preferred_name: None,
        family_name: name.split(' ').nth(1).unwrap_or("").into(),
        grade: Some(grade),
        advisor: Some(
            if i.is_multiple_of(2) {
                "Ms. Rivera"
            } else {
                "Mr. Lind"
            }
            .into(),
        ),
        status: StudentStatus::Active,
        last_checkin: None,
        next_due: None,
        due: DueState::NeverMet,
        active_goals: 0,
        iep: false,
        plan_504: false,
    }
}

/// 600 students in grades 9 to 12: every fifth an Okafor (a word starting "ok"), the others
/// with an o and a k apart ("Brooks Kim", "Noor Kowalski", …) or neither.
fn caseload() -> Vec<CaseloadRow> {
    let others = [
        "Brooks Kim",
        "Noor Kowalski",
        "Ana Lindqvist",
        "Joko Hart",
        "Zoë Kaur",
        "Lou Baker",
    ];
    (0..600usize)
        .map(|i| {
            let name = if i.is_multiple_of(5) {
                format!("Ada{i} Okafor")
            } else {
                others[i % others.len()].to_string()
            };
            row(i, &name, 9 + (i % 4) as i64)
        })
        .collect()
}

fn open() -> App {
    let mut app = App::new(today());
    update(&mut app, Action::CaseloadLoaded(caseload()));
    app
}

fn press(app: &mut App, code: KeyCode) {
    update(app, Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn type_in(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn filter_line(app: &App) -> String {
    let screen = common::tui::screen(app, 80, 24);
    screen
        .lines()
        .find(|l| l.starts_with('/'))
        .unwrap_or_default()
        .trim_end()
        .to_string()
}

#[test]
fn a_key_that_finds_many_who_rank_first_ranks_the_rest_only_when_looked_past() {
    let mut app = open();
    press(&mut app, KeyCode::Char('/'));
    type_in(&mut app, "ok");
    let everyone: Vec<usize> = (0..app.caseload.len()).collect();
    let expected = filter_among(&app.caseload, everyone, "ok");
    assert!(expected.len() > 200, "many match: {}", expected.len());
    // The first screen and the count, with nothing past the Okafors ranked.
    let screen = common::tui::screen(&app, 80, 24);
    assert!(
        screen.contains(&format!("/ok▏   {} of 600 match", expected.len())),
        "{screen}"
    );
    assert!(screen.contains("Ada0 Okafor"), "{screen}");
    assert!(!app.visible.is_ranked(), "only the first screen was ranked");
    assert_eq!(app.visible.window(0, 20), &expected[..20]);
    // Down past the 120 Okafors: the rest is ranked, in the order scoring everyone gives.
    for _ in 0..130 {
        press(&mut app, KeyCode::Down);
    }
    let screen = common::tui::screen(&app, 80, 24);
    assert!(app.visible.is_ranked());
    assert_eq!(app.visible, expected);
    // Names shared by many are shown with their SIS id.
    let selected = format!("#{}", app.caseload[expected[130]].sis_id);
    assert!(screen.contains(&selected), "{selected}: {screen}");
    // A key more, and one rubbed out, still give what scoring everyone gives.
    type_in(&mut app, "a");
    let everyone: Vec<usize> = (0..app.caseload.len()).collect();
    assert_eq!(
        app.visible,
        filter_among(&app.caseload, everyone.clone(), "oka")
    );
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Backspace);
    type_in(&mut app, "k o");
    assert_eq!(app.visible, filter_among(&app.caseload, everyone, "ok o"));
}

#[test]
fn the_filter_line_counts_within_the_narrowed_view() {
    let mut app = open();
    press(&mut app, KeyCode::Char('y')); // grade 9: every fourth student
    let in_grade = app.visible.len();
    assert_eq!(in_grade, 150);
    press(&mut app, KeyCode::Char('/'));
    type_in(&mut app, "okafor");
    let grade_9: Vec<usize> = (0..600).step_by(4).collect();
    let expected = filter_among(&app.caseload, grade_9, "okafor");
    assert_eq!(app.visible, expected);
    assert_eq!(
        filter_line(&app),
        format!(
            "/okafor▏   {} of {in_grade} match (name, SIS id or advisor)",
            expected.len()
        )
    );
    // Everyone again (Esc clears the filter, again goes back to the opening view).
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('/'));
    type_in(&mut app, "okafor");
    assert_eq!(app.visible.len(), 120);
    assert!(
        filter_line(&app).starts_with("/okafor▏   120 of 600 match"),
        "{}",
        filter_line(&app)
    );
}

#[test]
fn a_key_typed_once_the_next_keys_are_worked_out_beside_the_screen_is_a_lookup() {
    use plp::tui::effects::Effect;
    use plp::tui::filter_keys::{RankAhead, RankedAhead};
    let mut app = App::new(today());
    // What the app works out beside the screen, handed back as it would arrive.
    let beside = |app: &mut App, effects: Vec<Effect>| -> Vec<RankedAhead> {
        let mut got = Vec::new();
        for e in effects {
            let Effect::RankAhead(job) = e else {
                panic!("only work beside the screen is asked for: {e:?}");
            };
            let ranked = job.run();
            got.push(ranked.clone());
            update(app, Action::RankedAhead(ranked));
        }
        got
    };
    let effects = update(&mut app, Action::CaseloadLoaded(caseload()));
    assert!(matches!(
        effects.as_slice(),
        [Effect::RankAhead(RankAhead::FirstKeys(_))]
    ));
    beside(&mut app, effects);
    press(&mut app, KeyCode::Char('/'));
    let effects = update(
        &mut app,
        Action::Key(KeyEvent::new(KeyCode::Char('o'), KeyModifiers::NONE)),
    );
    let got = beside(&mut app, effects);
    let [RankedAhead::NextKeys {
        query,
        keys: Some(keys),
        ..
    }] = got.as_slice()
    else {
        panic!("the next keys of \"o\" are asked for: {got:?}");
    };
    assert_eq!(query, "o");
    // "ok" (and "oK") is what was worked out, not found again; the same as scoring everyone.
    for (typed, k) in [("ok", 'k'), ("oK", 'K')] {
        let effects = update(
            &mut app,
            Action::Key(KeyEvent::new(KeyCode::Char(k), KeyModifiers::NONE)),
        );
        assert!(
            app.visible.same(keys.get("o", typed).expect("ahead")),
            "{typed}"
        );
        let everyone: Vec<usize> = (0..app.caseload.len()).collect();
        assert_eq!(app.visible, filter_among(&app.caseload, everyone, typed));
        assert!(
            filter_line(&app).starts_with(&format!("/{typed}▏   {} of 600", app.visible.len())),
            "{}",
            filter_line(&app)
        );
        assert_eq!(effects.len(), 1, "the next keys of {typed:?} are asked for");
        press(&mut app, KeyCode::Backspace);
    }
}

/// The id of the student Enter opens now.
fn opened_by_enter(app: &mut App) -> Option<String> {
    let effects = update(
        app,
        Action::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    effects.into_iter().find_map(|e| match e {
        plp::tui::effects::Effect::LoadStudent { student } => Some(student),
        _ => None,
    })
}

#[test]
fn every_change_of_the_query_selects_its_best_match_so_enter_opens_the_one_typed() {
    let mut app = open();
    for _ in 0..5 {
        press(&mut app, KeyCode::Down);
    }
    assert_eq!(app.selected, 5);
    press(&mut app, KeyCode::Char('/'));
    type_in(&mut app, "ada10 okafor");
    assert_eq!(app.selected, 0, "the best match, at the top, is selected");
    assert_eq!(app.selected_row().unwrap().name, "Ada10 Okafor");
    // Moving down, then typing again: the new best match, not the line moved to.
    press(&mut app, KeyCode::Down);
    for _ in 0.." okafor".len() {
        press(&mut app, KeyCode::Backspace);
    }
    assert_eq!(app.selected, 0);
    press(&mut app, KeyCode::Down);
    type_in(&mut app, "0");
    assert_eq!(app.selected_row().unwrap().name, "Ada100 Okafor");
    // A paste and Ctrl-U change the query too.
    press(&mut app, KeyCode::Down);
    update(
        &mut app,
        Action::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
    );
    assert_eq!(app.selected, 0, "Ctrl-U emptied the query");
    press(&mut app, KeyCode::Down);
    update(&mut app, Action::Paste("ada10 okafor".into()));
    assert_eq!(app.selected_row().unwrap().name, "Ada10 Okafor");
    assert_eq!(opened_by_enter(&mut app).as_deref(), Some("id0010"));
}

#[test]
fn narrowing_and_clearing_the_filter_keep_the_selected_student_or_go_to_the_top() {
    let mut app = open();
    press(&mut app, KeyCode::Char('/'));
    type_in(&mut app, "okafor");
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    let chosen = app.selected_row().unwrap().id.clone();
    // Esc clears the query; the student chosen stays selected.
    press(&mut app, KeyCode::Esc);
    assert!(app.filter.is_empty());
    assert_eq!(app.selected_row().unwrap().id, chosen);
    // Each narrowing key: the same student when still shown, else the top line.
    for key in ['a', 'a', 'y', 'y', 'i', 'd', 'm'] {
        let before = app.selected_row().map(|r| r.id.clone());
        press(&mut app, KeyCode::Char(key));
        let still_shown = before.as_ref().is_some_and(|id| {
            app.visible
                .position(|i| &app.caseload[i].id == id)
                .is_some()
        });
        if still_shown {
            assert_eq!(app.selected_row().map(|r| r.id.clone()), before, "{key}");
        } else {
            assert_eq!(app.selected, 0, "{key}");
        }
    }
    assert_eq!(
        opened_by_enter(&mut app),
        app.selected_row().map(|r| r.id.clone())
    );
}

/// Letters whose accents the matcher has no table for (Vietnamese, Latin Extended Additional)
/// match their plain letters, as the command line finds the same students; typed with their
/// accents they still match, and other accented names as before.
#[test]
fn vietnamese_names_are_found_by_their_plain_letters() {
    let mut rows = caseload();
    rows.push(row(900, "Bảo Nguyễn", 9));
    rows.push(row(901, "José Hernández", 9));
    let mut app = App::new(today());
    update(&mut app, Action::CaseloadLoaded(rows));
    press(&mut app, KeyCode::Char('/'));
    for query in ["bao", "nguyen", "Nguyễn", "bảo ng", "jose", "José"] {
        type_in(&mut app, query);
        let shown: Vec<&str> = app
            .visible
            .iter()
            .map(|i| app.caseload[*i].name.as_str())
            .collect();
        assert!(
            shown
                .first()
                .is_some_and(|n| n.starts_with("Bảo") || n.starts_with("José")),
            "{query:?}: {shown:?}"
        );
        for _ in query.chars() {
            press(&mut app, KeyCode::Backspace);
        }
    }
    let among = (0..app.caseload.len()).collect();
    let found = filter_among(&app.caseload, among, "nguyen");
    assert_eq!(app.caseload[found[0]].name, "Bảo Nguyễn");
}
