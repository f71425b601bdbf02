//! The per-student rollover the year-end review calls: met, carry and drop, one goal each.

use plp::domain::*;
use plp::store::{Entity, Store};

fn setup() -> (Store, String, [String; 3]) {
    let mut s = Store::in_memory().unwrap();
    let ids = s
        .write(|w| {
            let student = w.add_student(&Student {
                sis_id: "1".into(),
                given_name: "Ana".into(),
                family_name: "Diaz".into(),
                ..Default::default()
            })?;
            let plan = w.ensure_plan(&student, "2026-27")?;
            let mut goal = |title: &str| {
                w.add_goal(&Goal {
                    plan_id: plan.clone(),
                    student_id: student.clone(),
                    title: title.into(),
                    ..Default::default()
                })
                .map(|(id, _)| id)
            };
            let goals = [goal("Read")?, goal("Run")?, goal("Draw")?];
            w.add_strategy(&Strategy {
                goal_id: goals[0].clone(),
                student_id: student.clone(),
                what: "Library".into(),
                ..Default::default()
            })?;
            Ok((student, goals))
        })
        .unwrap();
    (s, ids.0, ids.1)
}

#[test]
fn each_goal_is_met_carried_or_dropped_as_chosen() {
    let (mut s, student, [read, run, draw]) = setup();
    let choices = YearEndChoices::default()
        .with(&run, GoalChoice::Met)
        .with(&draw, GoalChoice::Drop);
    let r = s.rollover_student(&student, "2027-28", &choices).unwrap();
    assert_eq!(r.carried, ["Read"]);
    assert_eq!(r.met, ["Run"]);
    assert_eq!(r.dropped, ["Draw"]);
    assert_eq!(r.strategies_carried, 1);
    assert_eq!(r.from_year.as_deref(), Some("2026-27"));

    let rec = s.student(&student).unwrap();
    let new = rec.plan_for("2027-28").unwrap();
    assert_eq!(new.goals.len(), 1);
    assert_eq!(
        new.goals[0].goal.carried_from.as_deref(),
        Some(read.as_str())
    );
    let old = rec.plan_for("2026-27").unwrap();
    let status = |id: &str| {
        old.goals
            .iter()
            .find(|g| g.goal.id == id)
            .unwrap()
            .goal
            .status
    };
    assert_eq!(status(&run), Status::Met);
    assert_eq!(status(&draw), Status::Dropped);
    assert_eq!(status(&read), Status::Active);

    // The same choices again change nothing.
    let again = s.rollover_student(&student, "2027-28", &choices).unwrap();
    assert!(!again.changed(), "{again:?}");

    // Deciding later that the carried goal was met retires its copy from the new plan.
    let r = s
        .rollover_student(
            &student,
            "2027-28",
            &YearEndChoices::default().with(&read, GoalChoice::Met),
        )
        .unwrap();
    assert_eq!(r.met, ["Read"]);
    let rec = s.student(&student).unwrap();
    assert!(rec.plan_for("2027-28").unwrap().goals.is_empty());
    let earlier = s.earlier_plans(&student, "2027-28").unwrap();
    assert_eq!(earlier.len(), 1);
    assert_eq!(earlier[0].plan.school_year, "2026-27");
    let copy: Option<Goal> = s.get(Entity::Goal, &read).unwrap();
    assert_eq!(copy.unwrap().status, Status::Met);
}

#[test]
fn a_student_without_an_earlier_plan_gets_an_empty_new_one() {
    let mut s = Store::in_memory().unwrap();
    let student = s
        .write(|w| {
            w.add_student(&Student {
                sis_id: "2".into(),
                given_name: "Bo".into(),
                family_name: "Li".into(),
                ..Default::default()
            })
        })
        .unwrap();
    let r = s
        .rollover_student(&student, "2027-28", &YearEndChoices::carry_all())
        .unwrap();
    assert!(r.plan_created && r.from_year.is_none() && r.carried.is_empty());
    assert!(!s
        .rollover_student(&student, "2027-28", &YearEndChoices::carry_all())
        .unwrap()
        .changed());
}
