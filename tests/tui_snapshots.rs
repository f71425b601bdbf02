//! Every screen drawn into a test terminal at 80×24 and 120×40 with a fixed day, compared with
//! the snapshots kept in `tests/snapshots/`. Meaning must survive without colour.

mod common;

use common::tui::{press_all, render, start, today, trimmed_text};
use plp::store::Store;
use plp::tui::action::Action;
use plp::tui::state::{App, Screen};
use plp::tui::{dispatch, update};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Modifier;

fn snap(name: &str, app: &App) {
    for (w, h) in [(80, 24), (120, 40)] {
        let buf = render(app, w, h, true);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), trimmed_text(&buf));
    }
}

#[test]
fn caseload() {
    let (app, _s) = start();
    snap("caseload", &app);
}

#[test]
fn caseload_filtered() {
    let (mut app, mut s) = start();
    press_all(
        &mut app,
        &mut s,
        &[KeyCode::Char('/'), KeyCode::Char('o'), KeyCode::Char('k')],
    );
    snap("caseload_filtered", &app);
}

#[test]
fn caseload_with_a_draft() {
    let (mut app, mut s) = start();
    // A check-in for Amara, left with Esc: kept as a draft.
    press_all(
        &mut app,
        &mut s,
        &[KeyCode::Down, KeyCode::Enter, KeyCode::Char('n')],
    );
    for c in "Half a sentence".chars() {
        press_all(&mut app, &mut s, &[KeyCode::Char(c)]);
    }
    press_all(&mut app, &mut s, &[KeyCode::Esc, KeyCode::Esc]);
    snap("caseload_draft", &app);
}

#[test]
fn student_workspace() {
    let (mut app, mut s) = start();
    press_all(&mut app, &mut s, &[KeyCode::Down, KeyCode::Enter]);
    snap("student", &app);
    press_all(
        &mut app,
        &mut s,
        &[KeyCode::Char('2'), KeyCode::Down, KeyCode::Down],
    );
    snap("student_goals", &app);
}

#[test]
fn composer_steps() {
    let (mut app, mut s) = start();
    press_all(&mut app, &mut s, &[KeyCode::Down, KeyCode::Char('n')]);
    for c in "It's going better.".chars() {
        press_all(&mut app, &mut s, &[KeyCode::Char(c)]);
    }
    snap("composer_words", &app);
    press_all(
        &mut app,
        &mut s,
        &[KeyCode::Tab, KeyCode::Char('3'), KeyCode::Char('w')],
    );
    snap("composer_rate", &app);
    press_all(&mut app, &mut s, &[KeyCode::Up, KeyCode::Enter]);
    for c in "only on Mondays".chars() {
        press_all(&mut app, &mut s, &[KeyCode::Char(c)]);
    }
    snap("composer_note", &app);
    press_all(&mut app, &mut s, &[KeyCode::Enter]);
    snap("composer_noted", &app);
}

/// Drawn without colour (`NO_COLOR`), at 80×24 and 120×40.
fn snap_plain(name: &str, app: &App) {
    for (w, h) in [(80, 24), (120, 40)] {
        let buf = render(app, w, h, false);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), trimmed_text(&buf));
    }
}

fn typed(app: &mut App, s: &mut Store, text: &str) {
    for c in text.chars() {
        press_all(app, s, &[KeyCode::Char(c)]);
    }
}

#[test]
fn composer_conference_steps() {
    let (mut app, mut s) = start();
    let amara = s.find_student("Amara").unwrap();
    s.write(|w| {
        w.add_team_member(&plp::domain::TeamMember {
            student_id: amara.clone(),
            name: "Grace Okafor".into(),
            role: "parent".into(),
            ..Default::default()
        })
    })
    .unwrap();
    press_all(&mut app, &mut s, &[KeyCode::Down, KeyCode::Char('n')]);
    typed(&mut app, &mut s, "Better.");
    press_all(
        &mut app,
        &mut s,
        &[
            KeyCode::Tab,
            KeyCode::Char('3'),
            KeyCode::Char('w'),
            KeyCode::Char('r'),
        ],
    );
    typed(&mut app, &mut s, "Planner check on Fridays");
    snap_plain("composer_replace", &app);
    press_all(&mut app, &mut s, &[KeyCode::Enter]);
    for k in ['2', 'p', 'x', '4', 'w', 'w'] {
        press_all(&mut app, &mut s, &[KeyCode::Char(k)]);
    }
    snap_plain("composer_last_steps", &app);
    press_all(&mut app, &mut s, &[KeyCode::Char('d')]);
    snap_plain("composer_adjustments", &app);
    // Nothing to adjust: Tab twice past the adjustments the last rating moved to by itself.
    press_all(
        &mut app,
        &mut s,
        &[KeyCode::Tab, KeyCode::Tab, KeyCode::Tab, KeyCode::Tab],
    );
    press_all(&mut app, &mut s, &[KeyCode::Char('a'), KeyCode::Char('6')]);
    dispatch(
        &mut app,
        &mut s,
        Action::Key(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL)),
    );
    dispatch(
        &mut app,
        &mut s,
        Action::Key(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL)),
    );
    app.status = None;
    snap_plain("composer_next", &app);
    press_all(&mut app, &mut s, &[KeyCode::Char('o')]);
    typed(&mut app, &mut s, "Aunt Ada");
    snap_plain("composer_other", &app);
}

#[test]
fn overlays() {
    let (mut app, mut s) = start();
    press_all(&mut app, &mut s, &[KeyCode::Char('?')]);
    snap("help", &app);
    press_all(&mut app, &mut s, &[KeyCode::Esc, KeyCode::Char(':')]);
    snap("palette", &app);
}

#[test]
fn too_small_says_so() {
    let (mut app, mut s) = start();
    let buf = render(&app, 60, 20, true);
    assert!(trimmed_text(&buf).contains("Terminal too small"));
    assert!(
        !trimmed_text(&buf).contains("unseen"),
        "nothing is being typed"
    );
    // With a check-in being typed, it says that keys still go into it.
    press_all(
        &mut app,
        &mut s,
        &[KeyCode::Down, KeyCode::Enter, KeyCode::Char('n')],
    );
    press_all(&mut app, &mut s, &[KeyCode::Char('h'), KeyCode::Char('i')]);
    assert!(app.has_typing(), "a check-in is being typed");
    let shown = trimmed_text(&render(&app, 60, 20, true))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        shown.contains("What is typed now still goes into the open form, unseen."),
        "{shown}"
    );
}

/// On a list, in a terminal too small to draw in, a key would act unseen (open a student,
/// retire, undo): other keys do nothing, and the screen says so; quitting still works.
#[test]
fn too_small_a_list_takes_no_key_but_quit() {
    let (mut app, mut s) = start();
    update::update(&mut app, Action::Resized(30, 8));
    let shown = trimmed_text(&render(&app, 30, 8, true))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        shown.contains("Other keys do nothing until it is larger again; q or C-c quits."),
        "{shown}"
    );
    press_all(&mut app, &mut s, &[KeyCode::Down, KeyCode::Enter]);
    assert_eq!(app.screen, Screen::Caseload, "no student opened unseen");
    // What it says quits does.
    press_all(&mut app, &mut s, &[KeyCode::Char('q')]);
    assert!(app.quit, "q quits as said");
    app.quit = false;
    update::update(&mut app, Action::Resized(80, 24));
    press_all(&mut app, &mut s, &[KeyCode::Down, KeyCode::Enter]);
    assert_eq!(app.screen, Screen::Student);
    update::update(&mut app, Action::Resized(30, 8));
    press_all(&mut app, &mut s, &[KeyCode::Char('x')]);
    assert!(app.overlays.is_empty(), "no retire asked unseen");
    press_all(&mut app, &mut s, &[KeyCode::Char('q')]);
    assert!(app.quit, "q still quits");
}

#[test]
fn without_colour_selection_and_focus_are_reversed_and_due_states_are_words() {
    let (mut app, mut s) = start();
    let buf = render(&app, 80, 24, false);
    let t = trimmed_text(&buf);
    assert!(t.contains("not yet met") && t.contains("overdue"));
    // The selected line (row 3, the first student) is reversed, not coloured.
    let cell = &buf[(4, 3)];
    assert!(cell.modifier.contains(Modifier::REVERSED));
    assert_eq!(cell.fg, ratatui::style::Color::Reset);
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            assert_eq!(
                buf[(x, y)].fg,
                ratatui::style::Color::Reset,
                "no colour at {x},{y}"
            );
        }
    }
    press_all(&mut app, &mut s, &[KeyCode::Down, KeyCode::Enter]);
    let buf = render(&app, 80, 24, false);
    // The focused pane's title is reversed.
    let title_row = (0..buf.area.height)
        .find(|y| {
            trimmed_text(&buf)
                .lines()
                .nth(*y as usize)
                .unwrap_or("")
                .contains("1 Profile")
        })
        .unwrap();
    let x = trimmed_text(&buf)
        .lines()
        .nth(title_row as usize)
        .unwrap()
        .find("1 Profile")
        .unwrap();
    assert!(buf[(x as u16, title_row)]
        .modifier
        .contains(Modifier::REVERSED));
}

#[test]
fn escape_sequences_in_stored_text_never_reach_the_screen() {
    let (mut app, mut s) = start();
    press_all(&mut app, &mut s, &[KeyCode::Enter]); // Liam, whose strengths hold ESC[2J
    let buf = render(&app, 120, 40, true);
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            assert!(
                !buf[(x, y)].symbol().chars().any(|c| c.is_control()),
                "control character at {x},{y}"
            );
        }
    }
    assert!(trimmed_text(&buf).contains("Builds things from scrap"));
}

/// Names that look alike, or show nothing, or hold sequences terminals draw differently.
fn tricky_caseload() -> App {
    use plp::domain::{DueState, StudentStatus};
    let row = |id: &str, sis: &str, name: &str| plp::store::CaseloadRow {
        id: id.into(),
        sis_id: sis.into(),
        name: name.into(),
        given_name: name.into(),
        preferred_name: None,
        family_name: name.into(),
        grade: Some(9),
        advisor: None,
        status: StudentStatus::default(),
        last_checkin: chrono::NaiveDate::from_ymd_opt(2026, 10, 1),
        next_due: chrono::NaiveDate::from_ymd_opt(2026, 12, 1),
        due: DueState::Later,
        active_goals: 2,
        iep: false,
        plan_504: false,
    };
    let rows = vec![
        row("a", "100234", "Amara Okafor"),
        row("b", "100777", "Ama\u{200B}ra Okafor"),
        row("c", "100999", "Am\u{0430}ra Okafor"),
        row("d", "555", "\u{200D}\u{200D}\u{200D}"),
        row(
            "e",
            "600",
            "Nia \u{1F469}\u{200D}\u{1F469}\u{200D}\u{1F467} Bell",
        ),
        row("f", "601", "Ren\u{200F} Ito \u{1F44B}\u{1F3FD}"),
        row("g", "602", "Zoe\u{301}\u{302}\u{303}\u{304} Lang"),
    ];
    let mut app = App::new(today());
    update::update(&mut app, Action::CaseloadLoaded(rows));
    app
}

#[test]
fn look_alike_names_show_their_sis_id_and_no_row_is_blank_or_shifted() {
    let app = tricky_caseload();
    snap("caseload_tricky_names", &app);
    for (w, h) in [(80, 24), (120, 40)] {
        let buf = render(&app, w, h, false);
        let screen = trimmed_text(&buf);
        for id in ["#100234", "#100777", "#100999"] {
            assert!(screen.contains(id), "{id} shown at {w}: {screen}");
        }
        assert!(screen.contains("(no name) SIS 555"), "{screen}");
        assert!(
            !screen.contains("#600") && !screen.contains("#601"),
            "{screen}"
        );
        // Every row's "Last" date starts in the same terminal column.
        let mut starts = Vec::new();
        for y in 3..10 {
            let cells: Vec<&str> = (0..w).map(|x| buf[(x, y)].symbol()).collect();
            let at = (0..cells.len().saturating_sub(10))
                .find(|&x| cells[x..x + 10].concat() == "1 Oct 2026")
                .unwrap_or_else(|| panic!("row {y} has its date: {screen}"));
            starts.push(at);
        }
        assert!(
            starts.windows(2).all(|p| p[0] == p[1]),
            "{starts:?}\n{screen}"
        );
    }
}

#[test]
fn the_student_header_names_the_sis_id() {
    let (mut app, mut store) = start();
    press_all(&mut app, &mut store, &[KeyCode::Down, KeyCode::Enter]);
    let screen = trimmed_text(&render(&app, 80, 24, false));
    assert!(
        screen.lines().next().unwrap().contains("SIS 100234"),
        "{screen}"
    );
}

#[test]
fn a_very_long_name_gives_way_to_the_sis_id_in_the_student_header() {
    let (_, mut store) = start();
    // As long as a name may be (200 characters), far wider than any window.
    let long = "Amara".to_string() + &"x".repeat(195);
    common::tui::saved_elsewhere(&mut store, "Amara", "given_name", &long);
    let mut app = common::tui::app(&mut store);
    press_all(&mut app, &mut store, &[KeyCode::Down, KeyCode::Enter]);
    for (w, h) in [(80, 24), (120, 40)] {
        let screen = trimmed_text(&render(&app, w, h, false));
        let header = screen.lines().next().unwrap();
        assert!(header.starts_with("Amaraxxx"), "{header}");
        assert!(header.contains("x… · SIS 100234"), "{header}");
        assert!(plp::domain::display_width(header) <= w as usize, "{header}");
    }
}

#[test]
fn a_strategy_without_a_helper_or_a_rhythm_shows_no_empty_brackets_or_dashes() {
    use common::tui::{ctrl, keys};
    let (mut app, mut store) = start();
    press_all(
        &mut app,
        &mut store,
        &[
            KeyCode::Down,
            KeyCode::Enter,
            KeyCode::Char('2'),
            KeyCode::Down,
        ],
    );
    press_all(
        &mut app,
        &mut store,
        &[KeyCode::Char('a'), KeyCode::Char('s')],
    );
    keys(&mut app, &mut store, "Read aloud at home");
    ctrl(&mut app, &mut store, 's');
    let screen = trimmed_text(&render(&app, 120, 40, false));
    let line = screen
        .lines()
        .find(|l| l.contains("– Read aloud at home"))
        .unwrap_or_else(|| panic!("the new strategy is listed\n{screen}"));
    assert!(line.contains("– Read aloud at home [active]"), "{line}");
    let shown = screen
        .lines()
        .find(|l| l.contains("Read aloud at home") && !l.contains('–'))
        .unwrap_or_else(|| panic!("the new strategy is selected and shown in full\n{screen}"));
    assert!(!shown.contains("— —") && !shown.contains("()"), "{shown}");
}

/// Empty parts of a line are left out with their separators and labels: no `Pronouns:  ·`,
/// no `—  —`, no `outcome:` with nothing after it, no `()`.
#[test]
fn empty_fields_leave_no_stray_separators_or_labels() {
    let (mut app, mut store) = start();
    let liam = store.find_student("Liam").unwrap();
    store
        .write(|w| {
            w.add_intervention(&plp::domain::Intervention {
                student_id: liam.clone(),
                date: chrono::NaiveDate::from_ymd_opt(2026, 11, 23),
                description: "Called mom about missing labs".into(),
                ..Default::default()
            })
        })
        .unwrap();
    // Liam has no pronouns and no email: his details, the last line of pane 1.
    press_all(&mut app, &mut store, &[KeyCode::Enter]);
    press_all(&mut app, &mut store, &[KeyCode::Down; 7]);
    let screen = trimmed_text(&render(&app, 120, 40, false));
    let details = screen
        .lines()
        .find(|l| l.contains("IEP no"))
        .unwrap_or_else(|| panic!("the details are shown\n{screen}"));
    assert!(details.contains("│IEP no · 504 no"), "{details}");
    assert!(
        !details.contains("Pronouns") && !details.contains("email"),
        "{details}"
    );
    // The intervention, with no kind, no one named and no outcome.
    press_all(&mut app, &mut store, &[KeyCode::Char('3')]);
    let screen = trimmed_text(&render(&app, 120, 40, false));
    let listed = screen
        .lines()
        .find(|l| l.contains("intervention") && l.contains("Called mom"))
        .unwrap_or_else(|| panic!("the intervention is listed\n{screen}"));
    assert!(
        listed.contains("23 Nov 2026 intervention: Called mom"),
        "{listed}"
    );
    let shown = screen
        .lines()
        .find(|l| l.contains("Called mom about missing labs") && !l.contains("intervention"))
        .unwrap_or_else(|| panic!("the intervention is shown in full\n{screen}"));
    assert!(shown.contains("│Called mom about missing labs"), "{shown}");
    assert!(
        !shown.contains('—') && !shown.contains("outcome"),
        "{shown}"
    );
}

/// Amara's student screen, on her check-in log.
fn open_amaras_log(app: &mut plp::tui::state::App, store: &mut plp::store::Store) {
    press_all(
        app,
        store,
        &[KeyCode::Down, KeyCode::Enter, KeyCode::Char('3')],
    );
}

/// The line of the screen that lists the check-in of `date`.
fn listed(screen: &str, date: &str) -> String {
    screen
        .lines()
        .find(|l| l.contains(date))
        .unwrap_or_else(|| panic!("the check-in of {date} is listed\n{screen}"))
        .to_string()
}

/// A check-in whose advisor notes only are restricted is marked in the check-in list too, in
/// the words its detail uses, after the date, at 80×24 as at 120×40; a check-in restricted
/// whole keeps its own mark.
#[test]
fn a_checkin_with_its_notes_restricted_is_marked_in_the_list() {
    let (mut app, mut store) = start();
    let amara = store.find_student("Amara").unwrap();
    store
        .write(|w| {
            for (day, words, scope) in [
                (23, "Math is going better", plp::domain::Restriction::Notes),
                (
                    22,
                    "Things at home are hard",
                    plp::domain::Restriction::Whole,
                ),
            ] {
                let mut c = plp::domain::CheckIn {
                    student_id: amara.clone(),
                    date: chrono::NaiveDate::from_ymd_opt(2026, 11, day),
                    student_words: words.into(),
                    notes: "Talked with the counselor".into(),
                    ..Default::default()
                };
                c.set_restriction(scope);
                w.add_checkin(&c)?;
            }
            Ok(())
        })
        .unwrap();
    open_amaras_log(&mut app, &mut store);
    for (w, h) in [(80, 24), (120, 40)] {
        let screen = trimmed_text(&render(&app, w, h, false));
        let listed = |date: &str| listed(&screen, date);
        let notes = listed("23 Nov 2026");
        assert!(
            notes.contains("23 Nov 2026 check-in [restricted notes]: \"Math"),
            "{w}x{h}: {notes}"
        );
        let whole = listed("22 Nov 2026");
        assert!(whole.contains("[restricted]"), "{w}x{h}: {whole}");
        assert!(!whole.contains("notes"), "{w}x{h}: {whole}");
        let open = listed("20 Oct 2026");
        assert!(!open.contains("restricted"), "{w}x{h}: {open}");
    }
}

/// A check-in restricted whole is marked in the check-in list in words, read without colour
/// too, as its detail is; one that is not restricted is not.
#[test]
fn a_checkin_restricted_whole_is_marked_in_the_list() {
    let (mut app, mut store) = start();
    let amara = store.find_student("Amara").unwrap();
    store
        .write(|w| {
            let mut c = plp::domain::CheckIn {
                student_id: amara.clone(),
                date: chrono::NaiveDate::from_ymd_opt(2026, 11, 23),
                student_words: "Things at home are hard".into(),
                ..Default::default()
            };
            c.set_restriction(plp::domain::Restriction::Whole);
            w.add_checkin(&c)
        })
        .unwrap();
    open_amaras_log(&mut app, &mut store);
    for (w, h) in [(80, 24), (120, 40)] {
        let screen = trimmed_text(&render(&app, w, h, false));
        let whole = listed(&screen, "23 Nov 2026");
        assert!(whole.contains("[restricted]"), "{w}x{h}: {whole}");
        let other = listed(&screen, "20 Oct 2026");
        assert!(!other.contains("restricted"), "{other}");
    }
}

/// A popup over wide characters (CJK names, each two cells) keeps its left border on every row,
/// whichever cell the popup's edge cuts a character at.
#[test]
fn a_popup_over_wide_characters_keeps_its_left_border() {
    use plp::domain::{DueState, StudentStatus};
    let row = |id: &str, name: &str| plp::store::CaseloadRow {
        id: id.into(),
        sis_id: id.into(),
        name: name.into(),
        given_name: name.into(),
        preferred_name: None,
        family_name: name.into(),
        grade: Some(9),
        advisor: None,
        status: StudentStatus::default(),
        last_checkin: None,
        next_due: None,
        due: DueState::NoDate,
        active_goals: 0,
        iep: false,
        plan_504: false,
    };
    let wide = "英本".repeat(12);
    // One name a cell to the right of the other: every column boundary cuts a character somewhere.
    let rows: Vec<_> = (0..16)
        .map(|i| {
            let name = if i % 2 == 0 {
                wide.clone()
            } else {
                format!("a{wide}")
            };
            row(&format!("{i}"), &name)
        })
        .collect();
    let mut app = App::new(today());
    update::update(&mut app, Action::CaseloadLoaded(rows));
    app.overlays.push(plp::tui::state::Overlay::Palette {
        query: String::new(),
        selected: 0,
        ctx: plp::tui::keymap::Ctx::Caseload,
    });
    for (w, h) in [(80, 24), (81, 24)] {
        let buf = render(&app, w, h, false);
        let screen = trimmed_text(&buf);
        let (top, left) = (0..h)
            .find_map(|y| {
                (0..w)
                    .find(|&x| buf[(x, y)].symbol() == "┌")
                    .map(|x| (y, x))
            })
            .unwrap_or_else(|| panic!("the popup is drawn: {screen}"));
        let bottom = (top..h)
            .find(|&y| buf[(left, y)].symbol() == "└")
            .unwrap_or_else(|| panic!("the popup's left border reaches its bottom: {screen}"));
        for y in top + 1..bottom {
            assert_eq!(
                buf[(left, y)].symbol(),
                "│",
                "row {y} at {w} columns: {screen}"
            );
        }
    }
}

/// A check-in read in its box, longer than the window: the box's foot says how much is below,
/// and once scrolled, how much is above.
#[test]
fn a_check_ins_box_says_what_is_below_its_foot() {
    let (_, mut s) = start();
    let amara = s.find_student("100234").unwrap();
    let said: Vec<String> = (1..=30)
        .map(|i| format!("Line {i} of what she said."))
        .collect();
    s.write(|w| {
        w.add_checkin(&plp::domain::CheckIn {
            student_id: amara.clone(),
            date: chrono::NaiveDate::from_ymd_opt(2026, 11, 10),
            student_words: said.join("\n"),
            ..Default::default()
        })
    })
    .unwrap();
    let mut app = common::tui::app(&mut s);
    press_all(
        &mut app,
        &mut s,
        &[
            KeyCode::Down,
            KeyCode::Enter,
            KeyCode::Char('3'),
            KeyCode::Enter,
        ],
    );
    assert!(
        matches!(
            app.overlays.last(),
            Some(plp::tui::state::Overlay::Lines { .. })
        ),
        "{:?}",
        app.status
    );
    let shown = trimmed_text(&render(&app, 80, 24, false));
    assert!(shown.contains(" ↓ 14 more ┘"), "{shown}");
    press_all(&mut app, &mut s, &[KeyCode::End]);
    let shown = trimmed_text(&render(&app, 80, 24, false));
    assert!(shown.contains("↑ ") && !shown.contains("↓ "), "{shown}");
}

/// A profile field with nothing written says how to write it, and a student with no team yet
/// says how to add a member, where a blank box said nothing; on one line at 80 columns.
#[test]
fn an_empty_profile_field_says_how_to_write_it_and_to_add_a_team() {
    let (_, mut s) = start();
    s.write(|w| {
        w.add_student(&plp::domain::Student {
            sis_id: "777001".into(),
            given_name: "Noor".into(),
            family_name: "Quill".into(),
            grade: Some(9),
            ..Default::default()
        })
    })
    .unwrap();
    let mut app = common::tui::app(&mut s);
    for c in "/Quill".chars() {
        press_all(&mut app, &mut s, &[KeyCode::Char(c)]);
    }
    press_all(&mut app, &mut s, &[KeyCode::Enter]);
    let shown = trimmed_text(&render(&app, 80, 24, false))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        shown.contains("Nothing written yet: Enter/e writes it; no team yet: a adds a member."),
        "{shown}"
    );
}
