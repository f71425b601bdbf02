//! What the Reports screen counts for a period and the one before it: goals met are goals marked
//! met in that period, and a period of an earlier school year is read with that year's plans.

use chrono::NaiveDate;
use plp::domain::*;
use plp::report::filter::ReportFilter;
use plp::report::overview::overview;
use plp::report::trends::Trends;
use plp::store::{Base, Entity, Store};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn count(shares: &[plp::report::trends::Share], key: &str) -> i64 {
    shares.iter().find(|s| s.key == key).map_or(0, |s| s.count)
}

fn domains(t: &Trends) -> (i64, i64) {
    (
        count(&t.goal_domains, "academic"),
        count(&t.goal_domains, "career"),
    )
}

fn student(store: &mut Store, sis: &str) -> String {
    store
        .write(|w| {
            w.add_student(&Student {
                sis_id: sis.into(),
                given_name: "Ana".into(),
                family_name: format!("Test{sis}"),
                grade: Some(9),
                ..Default::default()
            })
        })
        .unwrap()
}

fn goal(store: &mut Store, student: &str, year: &str, title: &str, domain: GoalDomain) -> String {
    store
        .write(|w| {
            let plan = w.ensure_plan(student, year)?;
            let (goal, _) = w.add_goal(&Goal {
                plan_id: plan,
                student_id: student.into(),
                title: title.into(),
                domain,
                ..Default::default()
            })?;
            Ok(goal)
        })
        .unwrap()
}

#[test]
fn goals_met_are_the_goals_marked_met_in_the_period() {
    // Marking a goal met is a change made today (by the clock), so the period runs to today.
    let today = chrono::Local::now().date_naive();
    let year = school_year_of(today);
    let mut store = Store::in_memory().unwrap();
    let id = student(&mut store, "1");
    let rated = goal(
        &mut store,
        &id,
        &year,
        "Rated 4, still worked on",
        GoalDomain::Academic,
    );
    let marked = goal(&mut store, &id, &year, "Marked met", GoalDomain::Academic);
    let also = goal(
        &mut store,
        &id,
        &year,
        "Also marked met",
        GoalDomain::Career,
    );
    store
        .write(|w| {
            w.add_checkin(&CheckIn {
                student_id: id.clone(),
                date: Some(today),
                progress: vec![GoalProgress {
                    goal: rated.clone(),
                    rating: RATING_MAX,
                }],
                ..Default::default()
            })?;
            for g in [&marked, &also] {
                w.set_text(Entity::Goal, g, "status", "met", Base::Current)?;
            }
            Ok(())
        })
        .unwrap();
    let f = ReportFilter {
        since: Some(today - chrono::Duration::days(6)),
        until: Some(today),
        ..Default::default()
    };
    let o = overview(&store, &f, today).unwrap();
    assert_eq!(o.trends.goals_met.count, 2, "{:?}", o.trends.goals_met);
    assert_eq!(o.trends.goals_met.key, "marked met");
    assert_eq!(o.before.goals_met.count, 0, "not met in the week before");
}

#[test]
fn the_period_before_is_read_with_the_plans_of_its_own_school_year() {
    let mut store = Store::in_memory().unwrap();
    let id = student(&mut store, "2");
    goal(
        &mut store,
        &id,
        "2025-26",
        "Last year's",
        GoalDomain::Career,
    );
    goal(
        &mut store,
        &id,
        "2026-27",
        "This year's",
        GoalDomain::Academic,
    );
    // August 2026 (school year 2026-27) compared with July 2026 (school year 2025-26).
    let f = ReportFilter {
        since: Some(d("2026-08-01")),
        until: Some(d("2026-08-31")),
        ..Default::default()
    };
    let o = overview(&store, &f, d("2026-11-24")).unwrap();
    assert_eq!(o.trends.school_year, "2026-27");
    assert_eq!(domains(&o.trends), (1, 0));
    assert_eq!(o.before.school_year, "2025-26");
    assert_eq!(domains(&o.before), (0, 1), "last year's plan");
    // Within one school year both periods read the same plans.
    let f = ReportFilter {
        since: Some(d("2026-10-01")),
        until: Some(d("2026-10-31")),
        ..Default::default()
    };
    let o = overview(&store, &f, d("2026-11-24")).unwrap();
    assert_eq!(domains(&o.before), (1, 0));
}

#[test]
fn each_students_goals_keep_the_plans_order_and_check_ins_run_oldest_first() {
    let mut store = Store::in_memory().unwrap();
    let id = student(&mut store, "3");
    for t in ["Zebra goal", "Apple goal", "Mango goal"] {
        goal(&mut store, &id, "2026-27", t, GoalDomain::Academic);
    }
    store
        .write(|w| {
            for day in ["2026-10-20", "2026-09-01", "2026-11-02"] {
                w.add_checkin(&CheckIn {
                    student_id: id.clone(),
                    date: Some(d(day)),
                    ..Default::default()
                })?;
            }
            Ok(())
        })
        .unwrap();
    let all = store
        .report_data("2026-27", d("2026-08-01"), d("2026-11-24"), d("2026-11-24"))
        .unwrap();
    let s = all.iter().find(|s| s.row.id == id).unwrap();
    let titles: Vec<&str> = s.goals.iter().map(|g| g.title.as_str()).collect();
    assert_eq!(titles, ["Zebra goal", "Apple goal", "Mango goal"]);
    let dates: Vec<String> = s.checkins.iter().map(|c| c.date.to_string()).collect();
    assert_eq!(dates, ["2026-09-01", "2026-10-20", "2026-11-02"]);
}
