//! Where a strategy stands stays in sight on the student's screen: a long strategy is cut before
//! its status, so one taken out of use is never read as one still in place.

mod common;

use common::tui::{app, keys, press};
use plp::store::{Base, Entity};
use ratatui::crossterm::event::KeyCode;

#[test]
fn a_revised_strategy_with_a_long_line_says_revised_at_80_columns() {
    let mut s = common::fixture_store();
    let amara = s.find_student("Amara").unwrap();
    let record = s.student(&amara).unwrap();
    let strategy = record.plans[0].goals[0].strategies[0].id.clone();
    let long = "Write every assignment in the planner before leaving each class, \
                with a teacher's initials beside it";
    s.write(|w| {
        w.set(
            Entity::Strategy,
            &strategy,
            "what",
            long.into(),
            Base::Current,
        )?;
        w.set(
            Entity::Strategy,
            &strategy,
            "status",
            "revised".into(),
            Base::Current,
        )
    })
    .unwrap();
    let mut app = app(&mut s);
    press(&mut app, &mut s, KeyCode::Down);
    press(&mut app, &mut s, KeyCode::Enter);
    keys(&mut app, &mut s, "2");
    press(&mut app, &mut s, KeyCode::Down);
    press(&mut app, &mut s, KeyCode::Down);
    app.status = None;
    let shown = common::tui::screen(&app, 80, 24);
    let line = shown
        .lines()
        .find(|l| l.contains("– Write every assignment"))
        .unwrap_or_else(|| panic!("{shown}"));
    assert!(
        line.contains('…'),
        "the line is long enough to be cut: {line}"
    );
    assert!(
        line.trim_end()
            .trim_end_matches('│')
            .trim_end()
            .ends_with("[revised]"),
        "{line}"
    );
    // The detail under the list says it too, before who helps.
    assert!(shown.contains("Status: revised."), "{shown}");
}
