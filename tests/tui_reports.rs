//! The Reports screen: opened from the caseload and the palette, each section drawn at 80×24
//! and 120×40 without colour, narrowing by grade and IEP/504, and Enter opening a student whose
//! Esc comes back to the reports.

mod common;

use common::tui::{press_all, start, trimmed_screen};
use plp::tui::keymap::Ctx;
use plp::tui::state::{App, Screen};
use plp::tui::{effects, update};
use ratatui::crossterm::event::KeyCode;

fn snap(name: &str, app: &App) {
    for (w, h) in [(80, 24), (120, 40)] {
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), trimmed_screen(app, w, h));
    }
}

#[test]
fn every_section_at_both_sizes_without_colour() {
    let (mut app, mut s) = start();
    press_all(&mut app, &mut s, &[KeyCode::Char('r')]);
    assert_eq!(app.ctx(), Ctx::Reports);
    snap("reports_due", &app);
    press_all(&mut app, &mut s, &[KeyCode::Tab]);
    snap("reports_trends", &app);
    press_all(&mut app, &mut s, &[KeyCode::Tab]);
    snap("reports_completeness", &app);
    press_all(&mut app, &mut s, &[KeyCode::Tab]);
    snap("reports_stuck", &app);
}

#[test]
fn every_section_writes_dates_as_the_rest_of_the_app_does() {
    let (mut app, mut s) = start();
    press_all(&mut app, &mut s, &[KeyCode::Char('r')]);
    let mut seen = String::new();
    for _ in 0..4 {
        for (w, h) in [(80, 24), (120, 40)] {
            let shown = trimmed_screen(&app, w, h);
            assert!(!has_iso_date(&shown), "{shown}");
            seen.push_str(&shown);
        }
        press_all(&mut app, &mut s, &[KeyCode::Tab]);
    }
    assert!(seen.contains("school year so far (1 Aug 2026 to 24 Nov 2026)"));
    assert!(seen.contains("no family contact at all since 1 Aug 2026"));
    assert!(seen.contains("Check-ins per week from 1 Aug 2026"));
}

/// Whether a text holds a date written YYYY-MM-DD.
fn has_iso_date(s: &str) -> bool {
    s.as_bytes().windows(10).any(|w| {
        w.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        })
    })
}

#[test]
fn completeness_and_trends_round_a_share_the_same_way() {
    let (mut app, mut s) = start();
    press_all(&mut app, &mut s, &[KeyCode::Char('r'), KeyCode::Char('3')]);
    // Two of the three students have strengths written: 66.7% is 67%, as trends round it.
    let shown = trimmed_screen(&app, 120, 40);
    assert!(shown.contains("strengths 67%"), "{shown}");
    use plp::report::trends::whole_percent;
    assert_eq!(whole_percent(2, 3), 67);
    assert_eq!(whole_percent(1, 6), 17);
    assert_eq!(whole_percent(1, 8), 13, "a half rounds up");
    assert_eq!(whole_percent(22, 23), 96);
    assert_eq!(whole_percent(0, 0), 0);
}

#[test]
fn the_palette_opens_reports_too() {
    let (mut app, mut s) = start();
    press_all(&mut app, &mut s, &[KeyCode::Char(':')]);
    let at = plp::tui::filter::palette_entries(Ctx::Caseload, "", false)
        .iter()
        .position(|b| b.cmd == plp::tui::keymap::Cmd::Reports)
        .expect("the palette lists the reports");
    for _ in 0..at {
        press_all(&mut app, &mut s, &[KeyCode::Down]);
    }
    press_all(&mut app, &mut s, &[KeyCode::Enter]);
    assert_eq!(app.screen, Screen::Reports);
    assert!(trimmed_screen(&app, 80, 24).contains("[1 Due (2)]"));
}

#[test]
fn narrowing_by_grade_and_iep_reads_the_reports_again() {
    let (mut app, mut s) = start();
    press_all(&mut app, &mut s, &[KeyCode::Char('r'), KeyCode::Char('4')]);
    let everyone = trimmed_screen(&app, 120, 40);
    assert!(everyone.contains("Amara Okafor") && everyone.contains("Liam Nguyễn"));
    // Grades are 7, 9, 10: `+` twice is grade 9, where only Amara is.
    press_all(&mut app, &mut s, &[KeyCode::Char('+'), KeyCode::Char('+')]);
    let nine = trimmed_screen(&app, 120, 40);
    assert!(nine.contains("Grade: 9"), "{nine}");
    assert!(
        nine.contains("Amara Okafor") && !nine.contains("Liam"),
        "{nine}"
    );
    press_all(&mut app, &mut s, &[KeyCode::Char('x'), KeyCode::Char('i')]);
    let iep = trimmed_screen(&app, 120, 40);
    assert!(iep.contains("IEP/504: IEP"), "{iep}");
    assert!(
        iep.contains("Amara Okafor") && !iep.contains("Liam"),
        "{iep}"
    );
    press_all(&mut app, &mut s, &[KeyCode::Char('i')]);
    let plan_504 = trimmed_screen(&app, 120, 40);
    assert!(
        plan_504.contains("Zoë Hartmann") && !plan_504.contains("Amara"),
        "{plan_504}"
    );
}

#[test]
fn each_stuck_line_says_why_and_enter_opens_the_student_whose_esc_comes_back() {
    let (mut app, mut s) = start();
    press_all(&mut app, &mut s, &[KeyCode::Char('r'), KeyCode::Char('4')]);
    let text = trimmed_screen(&app, 80, 24);
    // Liam has never had a check-in: the rule on his line and the reason say so alike.
    let liam = text.lines().find(|l| l.contains("Liam Nguyễn")).unwrap();
    assert!(liam.contains("no check-in yet"), "{liam}");
    assert!(!liam.contains("in 8 weeks"), "{liam}");
    assert!(text.contains("• no check-in yet"), "{text}");
    let first = app
        .reports
        .as_ref()
        .unwrap()
        .selected_student()
        .unwrap()
        .to_string();
    press_all(&mut app, &mut s, &[KeyCode::Enter]);
    assert_eq!(app.screen, Screen::Student);
    assert_eq!(app.student.as_ref().unwrap().record.student.id, first);
    press_all(&mut app, &mut s, &[KeyCode::Esc]);
    assert_eq!(app.screen, Screen::Reports);
    assert!(trimmed_screen(&app, 80, 24).contains("[4 Stuck"));
    press_all(&mut app, &mut s, &[KeyCode::Esc]);
    assert_eq!(app.screen, Screen::Caseload);
    assert!(app.reports.is_none());
}

#[test]
fn the_due_section_is_about_today_whatever_the_period() {
    let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 10).unwrap();
    let mut store = common::fixture_store();
    let mut app = App::new(day);
    for a in effects::run(&mut store, effects::Effect::LoadCaseload, day) {
        update::update(&mut app, a);
    }
    press_all(&mut app, &mut store, &[KeyCode::Char('r')]);
    let text = trimmed_screen(&app, 80, 24);
    // Zoë is due on 15 December: this week, as the caseload says.
    assert!(
        text.contains("this week") && text.contains("Zoë Hartmann"),
        "{text}"
    );
    press_all(
        &mut app,
        &mut store,
        &[KeyCode::Char('p'), KeyCode::Char('p')],
    );
    assert!(
        trimmed_screen(&app, 80, 24).contains("Zoë Hartmann"),
        "last quarter too"
    );
}

#[test]
fn the_trends_lines_end_whole_or_with_an_ellipsis_at_80_columns() {
    let (mut app, mut s) = start();
    press_all(&mut app, &mut s, &[KeyCode::Char('r'), KeyCode::Tab]);
    let share = |key: &str, count: i64| plp::report::trends::Share {
        key: key.into(),
        count,
        percent: 0.0,
    };
    let set = |app: &mut App, kinds: Vec<plp::report::trends::Share>| {
        let o = app.reports.as_mut().unwrap().overview.as_mut().unwrap();
        o.trends.checkins = kinds;
    };
    set(
        &mut app,
        vec![
            share("check-in", 49),
            share("student-led", 2),
            share("parent", 1),
            share("touchpoint", 6),
        ],
    );
    for w in [80, 120] {
        let screen = trimmed_screen(&app, w, 24);
        assert!(
            screen.contains("\nBy kind: check-in 49, student-led 2, parent 1, touchpoint 6\n"),
            "{screen}"
        );
        assert!(screen.contains("\nCheck-ins: 58 (before: 0)\n"), "{screen}");
        for line in screen.lines() {
            assert!(!line.ends_with(','), "a line cut after a comma: {line}");
        }
    }
    // Too many words for the line: it says it is cut.
    set(
        &mut app,
        (0..9)
            .map(|i| share(&format!("meeting-kind-{i}"), 10))
            .collect(),
    );
    let screen = trimmed_screen(&app, 80, 24);
    let line = screen.lines().find(|l| l.starts_with("By kind:")).unwrap();
    assert!(line.ends_with('…'), "{line}");
    assert!(screen.contains("Check-ins per week"), "{screen}");
}

#[test]
fn in_a_new_school_year_last_years_dates_are_not_yet_met_everywhere_on_screen() {
    // The fixture's next dates (20 November and 15 December 2026) were set in 2026-27.
    let day = chrono::NaiveDate::from_ymd_opt(2027, 9, 10).unwrap();
    let mut store = common::fixture_store();
    let mut app = App::new(day);
    for a in effects::run(&mut store, effects::Effect::LoadCaseload, day) {
        update::update(&mut app, a);
    }
    let caseload = trimmed_screen(&app, 120, 40);
    assert!(!caseload.contains("overdue"), "{caseload}");
    for name in ["Amara Okafor", "Liam Nguyễn", "Zoë Hartmann"] {
        let line = caseload.lines().find(|l| l.contains(name)).unwrap();
        assert!(
            line.starts_with('*') && line.contains("not yet met"),
            "{line}"
        );
    }
    assert!(caseload.contains("3 need a check-in now"), "{caseload}");
    // The due filter's "due now" keeps them all.
    press_all(&mut app, &mut store, &[KeyCode::Char('d')]);
    let now = trimmed_screen(&app, 120, 40);
    assert!(
        ["Amara Okafor", "Liam Nguyễn", "Zoë Hartmann"]
            .iter()
            .all(|n| now.contains(n)),
        "{now}"
    );
    press_all(&mut app, &mut store, &[KeyCode::Esc, KeyCode::Char('r')]);
    let due = trimmed_screen(&app, 80, 24);
    assert!(
        !due.contains("overdue") && !due.contains("days over"),
        "{due}"
    );
    let amara = due.lines().find(|l| l.contains("Amara Okafor")).unwrap();
    assert!(amara.contains("* not yet met"), "{amara}");
    // Stuck: the rule on the line and the reason under the list say the same thing.
    press_all(&mut app, &mut store, &[KeyCode::Char('4')]);
    let mut seen = 0;
    for _ in 0..3 {
        let text = trimmed_screen(&app, 120, 40);
        let why = text
            .lines()
            .find(|l| l.starts_with("• no check-in"))
            .unwrap();
        let chosen = app.reports.as_ref().unwrap().selected_student().unwrap();
        let name = app
            .caseload
            .iter()
            .find(|r| r.id == chosen)
            .unwrap()
            .name
            .clone();
        let line = text.lines().find(|l| l.starts_with(&name)).unwrap();
        if name == "Liam Nguyễn" {
            assert!(line.contains("no check-in yet,"), "{line}");
            assert_eq!(why, "• no check-in yet");
        } else {
            assert!(line.contains("no check-in in 8 weeks"), "{line}");
            assert!(!line.contains("no check-in yet"), "{line}");
            // The screen writes dates as the app does everywhere.
            let last = if name == "Amara Okafor" {
                "20 Oct 2026"
            } else {
                "10 Nov 2026"
            };
            assert_eq!(why, format!("• no check-in since {last}"));
        }
        seen += 1;
        press_all(&mut app, &mut store, &[KeyCode::Down]);
    }
    assert_eq!(seen, 3);
    // A student's own header says so too (Zoë checked in last school year).
    press_all(&mut app, &mut store, &[KeyCode::Esc]);
    assert_eq!(app.screen, Screen::Caseload);
    let first = app.caseload[0].name.clone();
    assert_eq!(first, "Zoë Hartmann");
    press_all(&mut app, &mut store, &[KeyCode::Enter]);
    assert_eq!(app.screen, Screen::Student);
    let header = trimmed_screen(&app, 120, 40);
    let header = header.lines().next().unwrap();
    assert!(
        header.contains("no check-in yet this school year"),
        "{header}"
    );
}

#[test]
fn reports_open_on_the_advisees_the_caseload_shows() {
    let (_, mut s) = start();
    let amara = s.find_student("Amara").unwrap();
    s.write(|w| {
        w.set(
            plp::store::Entity::Student,
            &amara,
            "advisor",
            "Ms. Rivera".into(),
            plp::store::Base::Current,
        )
    })
    .unwrap();
    // Read again, and opened as Ms. Rivera's app opens: on her advisees.
    let mut app = common::tui::app(&mut s);
    app.set_me(Some("Rivera".into()));
    press_all(&mut app, &mut s, &[KeyCode::Char('r')]);
    let shown = trimmed_screen(&app, 120, 40);
    assert!(shown.contains("Advisor: Rivera"), "{shown}");
    assert!(
        shown.contains("Amara Okafor") && !shown.contains("Liam"),
        "{shown}"
    );
}

/// Two students of one name are told apart in the reports' lists as on the caseload: each with
/// its SIS id.
#[test]
fn students_of_one_name_are_shown_with_their_sis_id_in_every_list() {
    let mut s = common::fixture_store();
    s.write(|w| {
        w.add_student(&plp::domain::Student {
            sis_id: "100299".into(),
            given_name: "Zoë".into(),
            family_name: "Hartmann".into(),
            grade: Some(7),
            ..Default::default()
        })?;
        Ok(())
    })
    .unwrap();
    let mut app = common::tui::app(&mut s);
    press_all(&mut app, &mut s, &[KeyCode::Char('r')]);
    let due = trimmed_screen(&app, 120, 40);
    press_all(&mut app, &mut s, &[KeyCode::Tab, KeyCode::Tab]);
    let completeness = trimmed_screen(&app, 120, 40);
    // The one due is named with her id, as the caseload names her; both in completeness.
    assert!(due.contains("Zoë Hartmann #100299 · gr 7"), "{due}");
    for id in ["Zoë Hartmann #100236", "Zoë Hartmann #100299"] {
        assert!(completeness.contains(id), "{id}: {completeness}");
    }
    for shown in [due, completeness] {
        assert!(shown.contains("Amara Okafor "), "{shown}");
        assert!(!shown.contains("Amara Okafor #"), "{shown}");
    }
}

/// A wider window gives the Stuck tab's names more room: a long name is cut at 80 columns and
/// read whole at 120.
#[test]
fn the_stuck_tab_gives_names_the_room_a_wide_window_has() {
    use plp::store::{Base, Entity};
    let (_, mut s) = start();
    let id = s.find_student("Liam").unwrap();
    s.write(|w| {
        w.set(
            Entity::Student,
            &id,
            "family_name",
            "Nguyễn-Castellanos Whitfield".into(),
            Base::Current,
        )
    })
    .unwrap();
    let mut app = common::tui::app(&mut s);
    press_all(&mut app, &mut s, &[KeyCode::Char('r'), KeyCode::Char('4')]);
    let whole = "Liam Nguyễn-Castellanos Whitfield";
    let wide = trimmed_screen(&app, 120, 40);
    assert!(wide.contains(whole), "{wide}");
    let line = wide.lines().find(|l| l.contains(whole)).unwrap();
    assert!(line.contains("no check-in yet"), "{line}");
    let narrow = trimmed_screen(&app, 80, 24);
    assert!(!narrow.contains(whole), "{narrow}");
    let line = narrow
        .lines()
        .find(|l| l.contains("Liam Nguyễn-Castellanos"))
        .unwrap();
    assert!(line.contains("…"), "a cut name shows it is cut: {line}");
}

/// The bar after a share's figures, in eighths of a cell (a full block is 8).
fn bar_eighths(line: &str) -> usize {
    let eighths = |c: char| match c {
        '█' => Some(8),
        '▏' => Some(1),
        '▎' => Some(2),
        '▍' => Some(3),
        '▌' => Some(4),
        '▋' => Some(5),
        '▊' => Some(6),
        '▉' => Some(7),
        _ => None,
    };
    line.chars().rev().map_while(eighths).sum()
}

#[test]
fn trend_bars_are_proportional_on_one_scale_and_never_empty_above_zero() {
    let (mut app, mut s) = start();
    press_all(&mut app, &mut s, &[KeyCode::Char('r'), KeyCode::Tab]);
    let share = |key: &str, percent: f64| plp::report::trends::Share {
        key: key.into(),
        count: 1,
        percent,
    };
    {
        let o = app.reports.as_mut().unwrap().overview.as_mut().unwrap();
        o.trends.goal_domains = vec![
            share("academic", 89.0),
            share("social-emotional", 54.0),
            share("career", 0.0),
            share("personal", 35.0),
        ];
        o.trends.latest_verdicts = vec![
            share("working", 61.0),
            share("partly", 15.0),
            share("not-working", 2.0),
            share("not-tried", 12.0),
        ];
        o.before.latest_verdicts = vec![share("working", 50.0)];
    }
    for w in [80u16, 120, 200] {
        let screen = trimmed_screen(&app, w, 24);
        // Each chart's lines, cut where the columns meet: (percent, bar in eighths).
        let half = w as usize / 2;
        let mut bars: Vec<(f64, usize)> = Vec::new();
        for line in screen.lines().skip(4).take(6) {
            let chars: Vec<char> = line.chars().collect();
            let cut = chars.len().min(half);
            for part in [&chars[..cut], &chars[cut..]] {
                let text: String = part.iter().collect();
                let Some(pct) = text
                    .split('%')
                    .next()
                    .and_then(|t| t.split_whitespace().last())
                    .and_then(|n| n.parse::<f64>().ok())
                else {
                    continue;
                };
                bars.push((pct, bar_eighths(text.trim_end())));
            }
        }
        assert_eq!(bars.len(), 8, "every share has its line at {w}: {screen}");
        let scale = bars[0].1 as f64 / bars[0].0;
        for (pct, eighths) in &bars {
            if *pct > 0.0 {
                assert!(*eighths > 0, "{pct}% shows a bar at {w}: {screen}");
                let off = (*eighths as f64 - pct * scale).abs();
                assert!(off <= 1.0, "{pct}% is {eighths}/8 cells at {w}: {screen}");
            } else {
                assert_eq!(*eighths, 0, "0% shows no bar at {w}: {screen}");
            }
        }
        assert!(
            screen.contains("\"was\" and \"before\" are 7 Apr 2026 to 31 Jul 2026"),
            "the figures before say which period they are: {screen}"
        );
    }
}

#[test]
fn at_80_columns_the_bar_says_how_to_leave_and_the_completeness_key_is_whole() {
    let (mut app, mut s) = start();
    press_all(&mut app, &mut s, &[KeyCode::Char('r')]);
    let table = plp::tui::keymap::hints(Ctx::Reports);
    for section in 0..4 {
        let screen = trimmed_screen(&app, 80, 24);
        let bar = screen.lines().last().unwrap_or("");
        for (keys, label) in [("Esc", "back"), ("?", "help"), ("q", "quit")] {
            assert!(
                table.contains(&(keys, label)),
                "{keys} {label} is a hint in the keymap"
            );
            assert!(
                bar.contains(&format!("{keys} {label}")),
                "section {section}: {bar}"
            );
        }
        // The narrowing keys the bar leaves out are named where the narrowing is shown.
        let narrowing = screen.lines().nth(1).unwrap_or("");
        for cmd in [
            plp::tui::keymap::Cmd::NextAdvisor,
            plp::tui::keymap::Cmd::NextGrade,
            plp::tui::keymap::Cmd::NextFlags,
        ] {
            let key = plp::tui::keymap::key_of(Ctx::Reports, cmd);
            assert!(narrowing.contains(&format!("{key} ")), "{narrowing}");
        }
        if section == 2 {
            for word in [
                "strengths",
                "profile",
                "goals",
                "strategies",
                "family",
                "review",
                "recent",
            ] {
                let said = screen
                    .lines()
                    .take_while(|l| !l.starts_with("Student"))
                    .any(|l| l.contains(&format!("{word} ")) && !l.ends_with('…'));
                assert!(said, "the key says what {word} is: {screen}");
            }
            assert!(!screen.contains('…'), "{screen}");
        }
        press_all(&mut app, &mut s, &[KeyCode::Tab]);
    }
}

/// A period before in which a chart counted nothing (no verdict given) shows no "was" beside
/// that chart's shares: 0% before would read as a change. A chart with counts before keeps it.
#[test]
fn a_chart_with_nothing_counted_before_says_no_was() {
    let (mut app, mut s) = start();
    press_all(&mut app, &mut s, &[KeyCode::Char('r'), KeyCode::Tab]);
    let share = |key: &str, count: i64, percent: f64| plp::report::trends::Share {
        key: key.into(),
        count,
        percent,
    };
    {
        let o = app.reports.as_mut().unwrap().overview.as_mut().unwrap();
        o.trends.goal_domains = vec![share("academic", 9, 90.0), share("career", 1, 10.0)];
        o.before.goal_domains = vec![share("academic", 1, 17.0), share("career", 0, 0.0)];
        o.trends.latest_verdicts = vec![share("working", 7, 76.0), share("partly", 2, 24.0)];
        o.before.latest_verdicts = vec![share("working", 0, 0.0), share("partly", 0, 0.0)];
    }
    let screen = trimmed_screen(&app, 120, 24);
    assert!(screen.contains("90% (was 17%)"), "{screen}");
    assert!(screen.contains("10% (was 0%)"), "{screen}");
    assert!(screen.contains("76%"), "{screen}");
    let working = screen
        .lines()
        .find(|l| l.contains("76%"))
        .unwrap_or_default()
        .to_string();
    assert!(!working.contains("76% (was"), "{screen}");
}

/// A list longer than its room says how many are above and below the rows in sight, so that
/// the first screenful is never read as the whole list; moving down to the last student turns
/// it round.
#[test]
fn a_list_cut_short_says_how_many_more_there_are() {
    let mut s = plp::store::Store::in_memory().unwrap();
    s.write(|w| plp::portable::import_document(w, &plp::demo::caseload(common::tui::today())))
        .unwrap();
    let mut app = common::tui::app(&mut s);
    press_all(
        &mut app,
        &mut s,
        &[KeyCode::Char('r'), KeyCode::Tab, KeyCode::Tab],
    );
    let total = app
        .reports
        .as_ref()
        .unwrap()
        .overview
        .as_ref()
        .unwrap()
        .completeness
        .len();
    let shown = trimmed_screen(&app, 80, 24);
    let rows = shown.lines().filter(|l| l.contains("/7")).count();
    assert!(rows < total, "{shown}");
    assert!(
        shown.contains(&format!("↓ {} more", total - rows)),
        "{total} students, {rows} in sight: {shown}"
    );
    press_all(&mut app, &mut s, &vec![KeyCode::Down; total]);
    let shown = trimmed_screen(&app, 80, 24);
    assert!(
        shown.contains(&format!("↑ {} more", total - rows)),
        "{shown}"
    );
    assert!(!shown.contains("↓"), "{shown}");
    // At 120×40 the whole list fits, and nothing is said.
    assert!(!trimmed_screen(&app, 120, 40).contains(" more"));
}

/// The bar offers Enter to open a student only where a student's line is selected: the trends
/// count students and list none.
#[test]
fn enter_is_offered_only_on_a_students_line() {
    let (mut app, mut s) = start();
    press_all(&mut app, &mut s, &[KeyCode::Char('r')]);
    let bar = |app: &App| {
        trimmed_screen(app, 120, 40)
            .lines()
            .last()
            .unwrap_or("")
            .to_string()
    };
    assert!(
        bar(&app).contains("Enter open student"),
        "due: {}",
        bar(&app)
    );
    press_all(&mut app, &mut s, &[KeyCode::Char('2')]);
    assert!(!bar(&app).contains("Enter"), "trends: {}", bar(&app));
    press_all(&mut app, &mut s, &[KeyCode::Char('3')]);
    assert!(bar(&app).contains("Enter open student"), "{}", bar(&app));
}
