//! The stuck rules, each with a student who matches and one who just misses, and the
//! narrowing every report shares, computed over a real store.

use chrono::NaiveDate;
use plp::domain::*;
use plp::report::filter::ReportFilter;
use plp::report::stuck::{self, Reason};
use plp::report::{completeness, due, trends};
use plp::store::Store;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn today() -> NaiveDate {
    d("2026-11-24")
}

/// One check-in: (date, kind, attended, rating of the goal, verdict of the strategy).
type Met = (
    &'static str,
    CheckInKind,
    Vec<&'static str>,
    Option<i64>,
    Option<Verdict>,
);

/// What one student's year held, in the fewest words.
#[derive(Default)]
struct Year {
    grade: i64,
    advisor: &'static str,
    iep: bool,
    /// (date, kind, attended, rating of the goal, verdict of the strategy)
    checkins: Vec<Met>,
    strategy_status: Status,
    parent: Option<&'static str>,
    intervention: Option<(&'static str, &'static str)>,
}

fn add(store: &mut Store, sis: &str, name: &str, y: Year) {
    store
        .write(|w| {
            let id = w.add_student(&Student {
                sis_id: sis.into(),
                given_name: name.into(),
                family_name: "Test".into(),
                grade: Some(y.grade),
                advisor: Some(y.advisor.into()),
                iep: y.iep,
                ..Default::default()
            })?;
            let plan = w.ensure_plan(&id, "2026-27")?;
            let (goal, _) = w.add_goal(&Goal {
                plan_id: plan.clone(),
                student_id: id.clone(),
                title: format!("Goal of {name}"),
                ..Default::default()
            })?;
            let strategy = w.add_strategy(&Strategy {
                goal_id: goal.clone(),
                student_id: id.clone(),
                what: format!("Strategy of {name}"),
                status: y.strategy_status,
                ..Default::default()
            })?;
            if let Some(p) = y.parent {
                w.add_team_member(&TeamMember {
                    student_id: id.clone(),
                    name: p.into(),
                    role: "parent".into(),
                    ..Default::default()
                })?;
            }
            if let Some((date, kind)) = y.intervention {
                w.add_intervention(&Intervention {
                    student_id: id.clone(),
                    date: Some(d(date)),
                    kind: kind.into(),
                    description: "Met about the plan".into(),
                    ..Default::default()
                })?;
            }
            for (date, kind, attended, rating, verdict) in &y.checkins {
                w.add_checkin(&CheckIn {
                    student_id: id.clone(),
                    plan_id: Some(plan.clone()),
                    date: Some(d(date)),
                    kind: *kind,
                    attended: attended.iter().map(|a| a.to_string()).collect(),
                    student_words: "Fine.".into(),
                    progress: rating
                        .map(|r| GoalProgress {
                            goal: goal.clone(),
                            rating: r,
                        })
                        .into_iter()
                        .collect(),
                    verdicts: verdict
                        .map(|v| StrategyVerdict {
                            strategy: strategy.clone(),
                            verdict: v,
                            note: String::new(),
                        })
                        .into_iter()
                        .collect(),
                    next_date: Some(d(date) + chrono::Duration::days(35)),
                    ..Default::default()
                })?;
            }
            Ok(())
        })
        .unwrap();
}

const CHECK: CheckInKind = CheckInKind::CheckIn;

fn met(
    date: &'static str,
) -> (
    &'static str,
    CheckInKind,
    Vec<&'static str>,
    Option<i64>,
    Option<Verdict>,
) {
    (
        date,
        CHECK,
        vec!["student", "advisor"],
        Some(3),
        Some(Verdict::Working),
    )
}

fn store() -> Store {
    let mut s = Store::in_memory().unwrap();
    s.set_author("tester");
    let nw = Some(Verdict::NotWorking);
    // A strategy not working at two check-ins in a row.
    add(
        &mut s,
        "1",
        "Stuckstrat",
        Year {
            grade: 9,
            advisor: "Ms. Rivera",
            checkins: vec![
                ("2026-10-01", CHECK, vec![], Some(2), nw),
                ("2026-11-01", CHECK, vec![], Some(2), nw),
            ],
            ..Default::default()
        },
    );
    // Not working, then partly: just misses.
    add(
        &mut s,
        "2",
        "Partlystrat",
        Year {
            grade: 9,
            advisor: "Ms. Rivera",
            checkins: vec![
                ("2026-09-01", CHECK, vec![], Some(2), nw),
                ("2026-10-01", CHECK, vec![], Some(2), nw),
                ("2026-11-01", CHECK, vec![], Some(2), Some(Verdict::Partly)),
            ],
            ..Default::default()
        },
    );
    // Twice not working, but the strategy was dropped since: just misses.
    add(
        &mut s,
        "3",
        "Droppedstrat",
        Year {
            grade: 10,
            advisor: "Mr. Okafor",
            strategy_status: Status::Dropped,
            checkins: vec![
                ("2026-10-01", CHECK, vec![], Some(2), nw),
                ("2026-11-01", CHECK, vec![], Some(2), nw),
            ],
            ..Default::default()
        },
    );
    // No progress twice in a row.
    add(
        &mut s,
        "4",
        "Noprogress",
        Year {
            grade: 10,
            advisor: "Mr. Okafor",
            iep: true,
            checkins: vec![
                ("2026-10-01", CHECK, vec![], Some(1), None),
                ("2026-11-01", CHECK, vec![], Some(1), None),
            ],
            ..Default::default()
        },
    );
    // No progress, then some: just misses.
    add(
        &mut s,
        "5",
        "Someprogress",
        Year {
            grade: 10,
            advisor: "Mr. Okafor",
            checkins: vec![
                ("2026-10-01", CHECK, vec![], Some(1), None),
                ("2026-11-01", CHECK, vec![], Some(2), None),
            ],
            ..Default::default()
        },
    );
    // Last check-in 57 days ago: no check-in in 8 weeks.
    add(
        &mut s,
        "6",
        "Quiet",
        Year {
            grade: 11,
            advisor: "Ms. Rivera",
            checkins: vec![met("2026-09-28")],
            ..Default::default()
        },
    );
    // Last check-in 56 days ago: just misses.
    add(
        &mut s,
        "7",
        "Eightweeks",
        Year {
            grade: 11,
            advisor: "Ms. Rivera",
            checkins: vec![met("2026-09-29")],
            ..Default::default()
        },
    );
    // A parent on the team, but only at last year's conference: no family contact this year.
    add(
        &mut s,
        "8",
        "Nofamily",
        Year {
            grade: 12,
            advisor: "Ms. Rivera",
            parent: Some("Grace Test"),
            checkins: vec![
                (
                    "2026-06-01",
                    CheckInKind::Parent,
                    vec!["Grace Test"],
                    None,
                    None,
                ),
                met("2026-11-10"),
            ],
            ..Default::default()
        },
    );
    // The parent (named on the team, not by role) came to a check-in: just misses.
    add(
        &mut s,
        "9",
        "Family",
        Year {
            grade: 12,
            advisor: "Ms. Rivera",
            parent: Some("Grace Test"),
            checkins: vec![(
                "2026-11-10",
                CHECK,
                vec!["student", "advisor", "Grace Test"],
                Some(3),
                None,
            )],
            ..Default::default()
        },
    );
    // A home visit counts as family contact: just misses.
    add(
        &mut s,
        "10",
        "Homevisit",
        Year {
            grade: 12,
            advisor: "Ms. Rivera",
            intervention: Some(("2026-09-15", "home visit")),
            checkins: vec![met("2026-11-10")],
            ..Default::default()
        },
    );
    // A parent conference counts: just misses.
    add(
        &mut s,
        "11",
        "Conference",
        Year {
            grade: 12,
            advisor: "Ms. Rivera",
            checkins: vec![(
                "2026-11-10",
                CheckInKind::Parent,
                vec!["student"],
                None,
                None,
            )],
            ..Default::default()
        },
    );
    s
}

fn rules_of(rows: &[stuck::Stuck], sis: &str) -> Vec<&'static str> {
    rows.iter()
        .find(|r| r.sis_id == sis)
        .map(|r| r.reasons.iter().map(Reason::rule).collect())
        .unwrap_or_default()
}

#[test]
fn each_stuck_rule_matches_one_student_and_just_misses_another() {
    let s = store();
    let rows = stuck::stuck(&s, &ReportFilter::default(), today()).unwrap();
    let has = |sis: &str, rule: &str| rules_of(&rows, sis).contains(&rule);
    assert!(has("1", "strategy not working"), "{rows:#?}");
    assert!(!has("2", "strategy not working"));
    assert!(!has("3", "strategy not working"));
    assert!(has("4", "no progress"));
    assert!(!has("5", "no progress"));
    assert!(has("6", "no check-in in 8 weeks"));
    assert!(!has("7", "no check-in in 8 weeks"));
    assert!(has("8", "no family contact"));
    for sis in ["9", "10", "11"] {
        assert!(!has(sis, "no family contact"), "{sis}: {rows:#?}");
    }
    // Each reason says what it is about.
    let one = rows.iter().find(|r| r.sis_id == "1").unwrap();
    assert_eq!(
        one.reasons[0].words(),
        "not working twice (2026-10-01, 2026-11-01): Strategy of Stuckstrat"
    );
    let six = rows.iter().find(|r| r.sis_id == "6").unwrap();
    assert!(six
        .reasons
        .iter()
        .any(|r| r.words() == "no check-in since 2026-09-28"));
}

#[test]
fn no_check_in_this_school_year_is_told_from_the_last_one_and_never_from_none() {
    let mut s = Store::in_memory().unwrap();
    s.set_author("tester");
    let year = |checkins| Year {
        grade: 9,
        advisor: "Ms. Rivera",
        checkins,
        ..Default::default()
    };
    // Met last school year only.
    add(&mut s, "1", "Lastyear", year(vec![met("2026-03-02")]));
    // Met last school year and after the report's day, not between.
    add(
        &mut s,
        "2",
        "Between",
        year(vec![met("2026-03-02"), met("2026-11-20")]),
    );
    // Never met.
    add(&mut s, "3", "Never", year(vec![]));
    // Met only after the report's day.
    add(&mut s, "4", "After", year(vec![met("2026-11-20")]));
    let told = |f: &ReportFilter, sis: &str| {
        let rows = stuck::stuck(&s, f, today()).unwrap();
        let r = rows.iter().find(|r| r.sis_id == sis).unwrap();
        let r = r
            .reasons
            .iter()
            .find(|r| matches!(r, Reason::NoCheckin { .. }))
            .unwrap()
            .clone();
        (r.rule(), r.words(), serde_json::to_value(&r).unwrap())
    };
    let now = ReportFilter::default();
    assert_eq!(
        told(&now, "1"),
        (
            "no check-in in 8 weeks",
            "no check-in since 2026-03-02".to_string(),
            serde_json::json!({"rule": "no-checkin", "last": "2026-03-02"})
        )
    );
    assert_eq!(
        told(&now, "3"),
        (
            "no check-in yet",
            "no check-in yet".to_string(),
            serde_json::json!({"rule": "no-checkin", "last": null})
        )
    );
    // As of 15 October, student 2's check-ins read (from the first of the school year) are all
    // after it: none since 1 August is what is known, not "yet".
    let october = ReportFilter {
        until: Some(d("2026-10-15")),
        ..Default::default()
    };
    assert_eq!(
        told(&october, "2"),
        (
            "no check-in in 8 weeks",
            "no check-in since 2026-08-01".to_string(),
            serde_json::json!({"rule": "no-checkin", "last": null})
        )
    );
    assert_eq!(told(&october, "1").1, "no check-in since 2026-03-02");
    assert_eq!(told(&october, "3").1, "no check-in yet");
    // First met after 15 October: as of that day, not met yet.
    assert_eq!(
        told(&october, "4"),
        (
            "no check-in yet",
            "no check-in yet".to_string(),
            serde_json::json!({"rule": "no-checkin", "last": null})
        )
    );
}

#[test]
fn the_range_decides_which_check_ins_count() {
    let s = store();
    // Up to 2026-10-15, student 1 had one not-working verdict only.
    let f = ReportFilter {
        until: Some(d("2026-10-15")),
        ..Default::default()
    };
    let rows = stuck::stuck(&s, &f, today()).unwrap();
    assert!(!rules_of(&rows, "1").contains(&"strategy not working"));
    // From 2026-06-01, last year's parent conference counts as family contact.
    let f = ReportFilter {
        since: Some(d("2026-06-01")),
        ..Default::default()
    };
    let rows = stuck::stuck(&s, &f, today()).unwrap();
    assert!(!rules_of(&rows, "8").contains(&"no family contact"));
}

#[test]
fn every_report_narrows_by_advisor_grade_and_iep() {
    let s = store();
    let rivera = ReportFilter {
        scope: plp::domain::advisor::Scope {
            advisor: Some("rivera".into()),
            grade: None,
        },
        ..Default::default()
    };
    let grade10 = ReportFilter {
        scope: plp::domain::advisor::Scope {
            advisor: None,
            grade: Some(10),
        },
        ..Default::default()
    };
    let iep = ReportFilter {
        iep: true,
        ..Default::default()
    };
    let sis = |f: &ReportFilter| -> Vec<String> {
        let mut v: Vec<String> = completeness::completeness(&s, f, today())
            .unwrap()
            .into_iter()
            .map(|r| r.sis_id)
            .collect();
        v.sort();
        v
    };
    assert_eq!(sis(&rivera), ["1", "10", "11", "2", "6", "7", "8", "9"]);
    assert_eq!(sis(&grade10), ["3", "4", "5"]);
    assert_eq!(sis(&iep), ["4"]);
    let stuck_sis: Vec<String> = stuck::stuck(&s, &grade10, today())
        .unwrap()
        .into_iter()
        .map(|r| r.sis_id)
        .collect();
    assert!(stuck_sis
        .iter()
        .all(|x| ["3", "4", "5"].contains(&x.as_str())));
    assert_eq!(trends::trends(&s, &iep, today()).unwrap().students, 1);
    assert_eq!(trends::trends(&s, &rivera, today()).unwrap().students, 8);
    let due_rows = due::due(&s, &grade10, d("2026-12-10")).unwrap();
    assert!(due_rows.iter().all(|r| r.grade == Some(10)) && !due_rows.is_empty());
}

#[test]
fn trends_count_only_the_period_and_compare_with_the_one_before() {
    let s = store();
    let f = ReportFilter {
        since: Some(d("2026-11-01")),
        until: Some(d("2026-11-24")),
        ..Default::default()
    };
    let (now, before) = trends::trends_compared(&s, &f, today()).unwrap();
    let count = |t: &trends::Trends| t.checkins.iter().map(|c| c.count).sum::<i64>();
    // November: students 1, 2, 3, 4, 5 on the 1st; 8, 9, 10, 11 on the 10th.
    assert_eq!(count(&now), 9);
    assert_eq!(
        (before.since, before.until),
        (d("2026-10-08"), d("2026-10-31"))
    );
    assert_eq!(count(&before), 0);
    let nw = now
        .verdicts
        .iter()
        .find(|v| v.key == "not-working")
        .unwrap();
    assert_eq!(nw.count, 2, "students 1 and 3 in November");
    assert_eq!(now.checkins_by_month.len(), 1);
    assert_eq!(now.checkins_by_month[0].key, "2026-11");
}

/// A strategy replaced (revised) or retired does not count toward "2+ strategies each": a goal
/// with one active strategy and the one it replaced has one.
#[test]
fn completeness_counts_only_strategies_still_in_use() {
    let mut s = Store::in_memory().unwrap();
    add(
        &mut s,
        "1",
        "Replaced",
        Year {
            grade: 9,
            advisor: "Ms. Rivera",
            strategy_status: Status::Revised,
            ..Default::default()
        },
    );
    let second = |s: &mut Store, status: Status| {
        let id = s.find_student("Replaced").unwrap();
        let goal = s.student(&id).unwrap().plans[0].goals[0].goal.id.clone();
        s.write(|w| {
            w.add_strategy(&Strategy {
                goal_id: goal.clone(),
                student_id: id.clone(),
                what: "The one that replaced it".into(),
                status,
                ..Default::default()
            })
        })
        .unwrap();
    };
    second(&mut s, Status::Active);
    let strategies = |s: &Store| {
        completeness::completeness(s, &ReportFilter::default(), today()).unwrap()[0].strategies
    };
    assert!(!strategies(&s), "one in use, one replaced: not two");
    second(&mut s, Status::Active);
    assert!(strategies(&s), "two in use");
}
