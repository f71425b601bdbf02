//! Progress over the year on the student screen: each goal's ratings and each strategy's
//! verdicts at the plan's check-ins, oldest first, as marks that read without colour.

mod common;

use common::tui::{app, trimmed_screen};
use plp::domain::{CheckIn, GoalProgress, StrategyVerdict, Verdict};
use plp::store::Store;
use plp::tui::action::Action;
use plp::tui::dispatch;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn d(s: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// Amara with two more check-ins: her first goal rated 1 then 2 then 4, her first strategy
/// working, not working, partly; her second strategy rated only once.
fn store() -> Store {
    let mut s = common::fixture_store();
    let id = s.find_student("Amara").unwrap();
    let r = s.student(&id).unwrap();
    let plan = r.plans[0].plan.id.clone();
    let goal = r.plans[0].goals[0].goal.id.clone();
    let first = r.plans[0].goals[0].strategies[0].id.clone();
    let second = r.plans[0].goals[0].strategies[1].id.clone();
    let checkin = |date: &str, rating: i64, verdicts: Vec<(&String, Verdict)>| CheckIn {
        student_id: id.clone(),
        plan_id: Some(plan.clone()),
        date: d(date),
        student_words: "Okay.".into(),
        progress: vec![GoalProgress {
            goal: goal.clone(),
            rating,
        }],
        verdicts: verdicts
            .into_iter()
            .map(|(s, v)| StrategyVerdict {
                strategy: s.clone(),
                verdict: v,
                note: String::new(),
            })
            .collect(),
        next_date: d("2026-12-20"),
        ..Default::default()
    };
    s.write(|w| {
        w.add_checkin(&checkin("2026-09-15", 1, vec![(&first, Verdict::Working)]))?;
        w.add_checkin(&checkin(
            "2026-10-01",
            2,
            vec![(&first, Verdict::NotWorking)],
        ))?;
        w.add_checkin(&checkin(
            "2026-11-18",
            4,
            vec![(&first, Verdict::Partly), (&second, Verdict::NotTried)],
        ))?;
        Ok(())
    })
    .unwrap();
    s
}

#[test]
fn goals_and_strategies_show_their_year_as_marks() {
    let mut s = store();
    let mut app = app(&mut s);
    let id = s.find_student("Amara").unwrap();
    let pos = app
        .visible
        .iter()
        .position(|i| app.caseload[*i].id == id)
        .unwrap();
    let mut keys = vec![KeyCode::Down; pos];
    keys.extend([KeyCode::Enter, KeyCode::Char('2'), KeyCode::Down]);
    for k in keys {
        dispatch(
            &mut app,
            &mut s,
            Action::Key(KeyEvent::new(k, KeyModifiers::NONE)),
        );
    }
    for (w, h) in [(80, 24), (120, 40)] {
        let text = trimmed_screen(&app, w, h);
        let goal = text
            .lines()
            .find(|l| l.contains("Turn in all work"))
            .unwrap();
        assert!(goal.contains("active] [1 2 4]"), "{w}: {goal}");
        let strat = text
            .lines()
            .find(|l| l.contains("Check the portal on Mondays (1)"))
            .unwrap();
        assert!(strat.contains("[w n p]"), "{w}: {strat}");
        let other = text
            .lines()
            .find(|l| l.contains("Planner before leaving class (1)"))
            .unwrap();
        assert!(other.contains("[t]"), "{w}: {other}");
        // A goal never rated shows no marks.
        let never = text
            .lines()
            .find(|l| l.contains("Speak up in class"))
            .unwrap();
        assert!(!never.contains("] ["), "{w}: {never}");
        assert!(
            text.contains("Progress at each check-in, oldest first: 1 2 4"),
            "{text}"
        );
        insta::assert_snapshot!(format!("student_progress_{w}x{h}"), text);
    }
}
