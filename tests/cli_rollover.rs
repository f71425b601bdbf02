//! `plp rollover`: last year's active goals start the new plan, linked to where they came from.

mod common;
use common::*;
use serde_json::{json, Value};
use std::path::Path;

const G_ACTIVE: &str = "019a0000-0000-7000-8000-000000000001";
const G_MET: &str = "019a0000-0000-7000-8000-000000000002";
const G_DROPPED: &str = "019a0000-0000-7000-8000-000000000003";
const G_REVISED: &str = "019a0000-0000-7000-8000-000000000004";
const G_LATER: &str = "019a0000-0000-7000-8000-000000000005";
const S_ACTIVE: &str = "019a0000-0000-7000-8000-000000000011";
const S_DROPPED: &str = "019a0000-0000-7000-8000-000000000012";
const S_LATER: &str = "019a0000-0000-7000-8000-000000000013";

fn goal(id: &str, title: &str, status: &str, strategies: Value) -> Value {
    json!({"id": id, "title": title, "domain": "academic", "status": status,
           "target_date": "2027-05-28", "strategies": strategies})
}

fn strategy(id: &str, what: &str, status: &str) -> Value {
    json!({"id": id, "what": what, "owner": "student", "frequency": "weekly", "status": status})
}

/// A plan document for one student with this year's goals.
fn document(goals: Vec<Value>) -> String {
    json!({"format": "plp", "version": 1, "exported": "2026-11-24", "students": [{
        "sis_id": "500100", "given_name": "Maya", "family_name": "Ortiz, Jr.", "grade": 9,
        "advisor": "Ms. Rivera", "status": "active",
        "plans": [{"school_year": "2026-27", "goals": goals}]
    }, {
        "sis_id": "500200", "given_name": "Eli", "family_name": "Brandt", "grade": 10,
        "advisor": "Mr. Chen", "status": "active",
        "plans": [{"school_year": "2026-27", "goals": [
            goal("019a0000-0000-7000-8000-000000000021", "Eli's goal", "active", json!([]))
        ]}]
    }]})
    .to_string()
}

fn first_goals() -> Vec<Value> {
    vec![
        goal(
            G_ACTIVE,
            "Read 20 minutes a night",
            "active",
            json!([
                strategy(S_ACTIVE, "Library book in the backpack", "active"),
                strategy(S_DROPPED, "Audiobooks on the bus", "dropped"),
            ]),
        ),
        goal(G_MET, "Pass Algebra I", "met", json!([])),
        goal(G_DROPPED, "Join the robotics club", "dropped", json!([])),
        goal(G_REVISED, "Write more", "revised", json!([])),
    ]
}

fn setup() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    import(&db, dir.path(), &document(first_goals()));
    (dir, db)
}

fn import(db: &Path, dir: &Path, doc: &str) {
    let file = dir.join("plan.json");
    std::fs::write(&file, doc).unwrap();
    let mut c = plp(db);
    c.args(["import", "plan"]).arg(&file);
    let (code, _, err) = run(c);
    assert_eq!(code, 0, "{err}");
}

fn rollover(db: &Path, extra: &[&str]) -> String {
    let mut c = plp(db);
    c.args(["rollover", "--to", "2027-28"]).args(extra);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    out
}

fn plans(db: &Path, sis: &str) -> Vec<Value> {
    let mut c = plp(db);
    c.args(["show", sis, "--format", "json"]);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    v["plans"].as_array().unwrap().clone()
}

fn plan<'a>(plans: &'a [Value], year: &str) -> &'a Value {
    plans
        .iter()
        .find(|p| p["school_year"] == year)
        .unwrap_or_else(|| panic!("no {year} plan in {plans:?}"))
}

fn ops(db: &Path) -> i64 {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row("SELECT count(*) FROM ops", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn active_goals_are_carried_with_their_active_strategies() {
    let (_dir, db) = setup();
    let before = plan(&plans(&db, "500100"), "2026-27").clone();
    let out = rollover(&db, &[]);
    assert!(
        out.contains(
            "2027-28 for 2 active students: made 2 new plans, carried 2 goals and 1 strategy"
        ),
        "{out}"
    );
    let all = plans(&db, "500100");
    assert_eq!(all[0]["school_year"], "2027-28", "newest first");
    let new = plan(&all, "2027-28");
    let goals = new["goals"].as_array().unwrap();
    assert_eq!(goals.len(), 1, "only the active goal: {goals:?}");
    let g = &goals[0];
    assert_eq!(g["title"], "Read 20 minutes a night");
    assert_eq!(g["carried_from"], G_ACTIVE);
    assert_eq!(g["status"], "active");
    assert_ne!(g["id"], G_ACTIVE);
    assert_eq!(
        g["target_date"],
        Value::Null,
        "last year's date is not carried"
    );
    let strategies = g["strategies"].as_array().unwrap();
    assert_eq!(strategies.len(), 1, "{strategies:?}");
    assert_eq!(strategies[0]["what"], "Library book in the backpack");
    assert_eq!(strategies[0]["carried_from"], S_ACTIVE);
    // Last year's plan is untouched: met, dropped and revised goals stay there.
    assert_eq!(plan(&all, "2026-27"), &before);
}

#[test]
fn running_twice_changes_nothing_and_later_additions_are_carried_once() {
    let (dir, db) = setup();
    rollover(&db, &[]);
    let after_first = ops(&db);
    let out = rollover(&db, &[]);
    assert!(
        out.contains("made 0 new plans, carried 0 goals and 0 strategies; 2 goals carried before"),
        "{out}"
    );
    assert_eq!(ops(&db), after_first, "a second run writes nothing");

    // Edits to last year's plan after the first rollover: a new goal, a new strategy.
    let mut goals = first_goals();
    goals[0]["strategies"]
        .as_array_mut()
        .unwrap()
        .push(strategy(S_LATER, "Reading log on Fridays", "active"));
    goals.push(goal(
        G_LATER,
        "Volunteer at the food bank",
        "active",
        json!([]),
    ));
    import(&db, dir.path(), &document(goals));
    let out = rollover(&db, &[]);
    assert!(
        out.contains("made 0 new plans, carried 1 goal and 1 strategy"),
        "{out}"
    );
    let new = plan(&plans(&db, "500100"), "2027-28").clone();
    let goals = new["goals"].as_array().unwrap();
    let titles: Vec<&str> = goals.iter().map(|g| g["title"].as_str().unwrap()).collect();
    assert_eq!(
        titles,
        ["Read 20 minutes a night", "Volunteer at the food bank"],
        "nothing carried twice"
    );
    let whats: Vec<&str> = goals[0]["strategies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["what"].as_str().unwrap())
        .collect();
    assert_eq!(
        whats,
        ["Library book in the backpack", "Reading log on Fridays"]
    );
    let again = ops(&db);
    rollover(&db, &[]);
    assert_eq!(ops(&db), again);
}

#[test]
fn a_dry_run_writes_nothing_and_says_what_it_would_do() {
    let (_dir, db) = setup();
    let before = ops(&db);
    let out = rollover(&db, &["--dry-run"]);
    assert!(
        out.contains("Maya Ortiz, Jr. (500100): would carry 1 goal and 1 strategy from 2026-27: Read 20 minutes a night"),
        "{out}"
    );
    assert!(out.contains("nothing was changed"), "{out}");
    assert_eq!(ops(&db), before);
    assert_eq!(plans(&db, "500100").len(), 1);
}

#[test]
fn rollover_narrows_by_advisor_and_refuses_a_bad_year() {
    let (dir, db) = setup();
    let out = rollover(&db, &["--advisor", "Rivera"]);
    assert!(
        out.contains("Rivera's advisees (1 active student)"),
        "{out}"
    );
    assert_eq!(plans(&db, "500100").len(), 2);
    assert_eq!(
        plans(&db, "500200").len(),
        1,
        "Mr. Chen's student is not rolled"
    );
    let before = ops(&db);
    for bad in ["2027-29", "next year", ""] {
        let mut c = plp(&db);
        c.args(["rollover", "--to", bad]);
        fails_with(c, 1, "is not a school year");
    }
    // A year starting in August that is named by one number could be either year it touches.
    let mut c = plp(&db);
    c.args(["rollover", "--to", "2027"]);
    fails_with(c, 1, "\"2027\" could be 2026-27 or 2027-28");
    let mut c = plp(&db);
    c.args(["rollover", "--to", "2027-28", "--advisor", "me"])
        .env("XDG_CONFIG_HOME", dir.path().join("home"))
        .env_remove("PLP_ADVISOR");
    fails_with(c, 1, "--advisor me needs your name");
    assert_eq!(ops(&db), before);
}

#[test]
fn a_rollover_syncs_to_another_replica() {
    let (dir, db) = setup();
    let other = dir.path().join("other.db");
    let mut c = plp(&db);
    c.args(["sync"]).arg(&other).arg("--create");
    assert_eq!(run(c).0, 0);
    rollover(&db, &[]);
    let mut c = plp(&db);
    c.args(["sync"]).arg(&other);
    let (code, _, err) = run(c);
    assert_eq!(code, 0, "{err}");
    let there = plans(&other, "500100");
    let g = &plan(&there, "2027-28")["goals"][0];
    assert_eq!(g["carried_from"], G_ACTIVE);
    assert_eq!(g["strategies"][0]["carried_from"], S_ACTIVE);
    // And rolling over there too carries nothing twice.
    let before = ops(&other);
    rollover(&other, &[]);
    assert_eq!(ops(&other), before);
}

/// `plp` on the demo file on a given day, with the settings in `home`.
fn on_day(db: &Path, home: &Path, day: &str, args: &[&str]) -> String {
    let mut c = plp(db);
    c.env("PLP_TODAY", day)
        .env("XDG_CONFIG_HOME", home)
        .env_remove("PLP_ADVISOR")
        .args(args);
    succeeds(c)
}

fn rows_of(text: &str) -> Vec<Value> {
    serde_json::from_str(text).unwrap()
}

fn by_sis<'a>(rows: &'a [Value], sis: &str) -> &'a Value {
    rows.iter()
        .find(|r| r["sis_id"] == sis)
        .unwrap_or_else(|| panic!("{sis} in {rows:?}"))
}

#[test]
fn last_years_next_dates_leave_no_one_overdue_in_the_new_year() {
    let (dir, db) = demo_db();
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    on_day(&db, &home, "2026-11-24", &["rollover", "--to", "2027-28"]);
    let day = "2027-09-10";
    let marcus = "212790";

    // Every student is not yet met this year: due now, with no days over.
    let due = rows_of(&on_day(
        &db,
        &home,
        day,
        &["report", "due", "--format", "json"],
    ));
    let students = rows_of(&on_day(&db, &home, day, &["students", "--format", "json"]));
    assert_eq!(due.len(), students.len(), "{due:?}");
    for r in &due {
        assert_eq!(r["due"], "not yet met", "{r}");
        assert_eq!(r["days_overdue"], 0, "{r}");
        assert_eq!(r["next_due"], Value::Null, "{r}");
    }
    for r in &students {
        assert_eq!(r["due"], "not yet met", "{r}");
    }
    // His last check-in was last school year's (the demo's dates follow its day).
    let last = by_sis(&due, marcus)["last_checkin"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(last.as_str() < "2027-08-01", "{last}");
    for format in ["table", "csv"] {
        let text = on_day(&db, &home, day, &["report", "due", "--format", format]);
        assert!(!text.contains("overdue"), "{format}: {text}");
        assert!(text.contains("not yet met"), "{format}: {text}");
    }
    // `--since` picks next dates in a range; not yet met always shows, as never met does.
    let since = rows_of(&on_day(
        &db,
        &home,
        day,
        &["report", "due", "--since", "2027-09-01", "--format", "json"],
    ));
    assert_eq!(since.len(), due.len());
    // As of a day of last school year (`--until`), last year's date was overdue then.
    let july = rows_of(&on_day(
        &db,
        &home,
        day,
        &["report", "due", "--until", "2027-07-31", "--format", "json"],
    ));
    let m = by_sis(&july, marcus);
    assert_eq!(m["due"], "overdue", "{m}");
    assert!(m["days_overdue"].as_i64().unwrap() > 200, "{m}");
    let table = on_day(&db, &home, day, &["students"]);
    let line = table.lines().find(|l| l.contains("Marcus Bell")).unwrap();
    assert!(line.contains("* not yet met"), "{line}");
    assert!(!table.contains("overdue"), "{table}");
    let needing = on_day(&db, &home, day, &["students", "--due", "--format", "json"]);
    assert_eq!(rows_of(&needing).len(), students.len());

    // The stuck report says when the last check-in was: last school year, not never.
    let stuck = rows_of(&on_day(
        &db,
        &home,
        day,
        &["report", "stuck", "--format", "json"],
    ));
    let reasons = by_sis(&stuck, marcus)["reasons"]
        .as_array()
        .unwrap()
        .clone();
    assert!(
        reasons.contains(&json!({"rule": "no-checkin", "last": last})),
        "{reasons:?}"
    );
    let text = on_day(&db, &home, day, &["report", "stuck"]);
    let after = &text[text.find("Marcus Bell").unwrap()..];
    let block = &after[..after.find("\n\n").unwrap_or(after.len())];
    assert!(
        block.contains(&format!("no check-in since {last}")),
        "{block}"
    );
    assert!(!block.contains("no check-in yet"), "{block}");
    let csv = on_day(&db, &home, day, &["report", "stuck", "--format", "csv"]);
    let row = csv
        .lines()
        .find(|l| l.contains(marcus) && l.contains("check-in"))
        .unwrap();
    assert!(
        row.contains("no check-in in 8 weeks")
            && row.contains(&format!("no check-in since {last}")),
        "{row}"
    );

    // A check-in this year sets a date of this year: passed, it is overdue by its own days.
    on_day(
        &db,
        &home,
        day,
        &[
            "checkin",
            marcus,
            "--said",
            "Back at it.",
            "--date",
            "2027-08-25",
            "--next",
            "2027-09-08",
        ],
    );
    let due = rows_of(&on_day(
        &db,
        &home,
        day,
        &["report", "due", "--format", "json"],
    ));
    let m = by_sis(&due, marcus);
    assert_eq!(m["due"], "overdue", "{m}");
    assert_eq!(m["days_overdue"], 2, "{m}");
    assert_eq!(m["next_due"], "2027-09-08", "{m}");
    // Set in June for September, a date stays as it is in the new year.
    on_day(
        &db,
        &home,
        "2027-06-10",
        &[
            "checkin",
            "Hana",
            "--said",
            "See you in the fall.",
            "--next",
            "2027-09-14",
        ],
    );
    let students = rows_of(&on_day(&db, &home, day, &["students", "--format", "json"]));
    let hana = students.iter().find(|r| r["name"] == "Hana Sato").unwrap();
    assert_eq!(hana["due"], "this week", "{hana}");
    assert_eq!(hana["next_due"], "2027-09-14", "{hana}");
    // Where the year starts in September, a next date set for late August belongs to the year
    // before: overdue with an August start, not yet met with a September one.
    on_day(
        &db,
        &home,
        day,
        &[
            "checkin",
            "Declan",
            "--said",
            "Summer school.",
            "--date",
            "2027-08-05",
            "--next",
            "2027-08-28",
        ],
    );
    let declan = "213871";
    let due = rows_of(&on_day(
        &db,
        &home,
        day,
        &["report", "due", "--format", "json"],
    ));
    assert_eq!(by_sis(&due, declan)["due"], "overdue");
    assert_eq!(by_sis(&due, declan)["days_overdue"], 13);
    on_day(
        &db,
        &home,
        day,
        &["config", "school-year-start", "September"],
    );
    let due = rows_of(&on_day(
        &db,
        &home,
        day,
        &["report", "due", "--format", "json"],
    ));
    let d = by_sis(&due, declan);
    assert_eq!(d["due"], "not yet met", "{d}");
    assert_eq!(d["days_overdue"], 0, "{d}");
    assert_eq!(
        by_sis(&due, marcus)["days_overdue"],
        2,
        "8 September is in either year"
    );
}

#[test]
fn the_class_graduating_before_the_new_year_gets_no_plan_for_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    let doc = document(first_goals())
        .replacen(r#""grade":9"#, r#""grade":12,"grad_year":2027"#, 1)
        .replacen(r#""grade":10"#, r#""grade":11,"grad_year":2028"#, 1);
    assert!(doc.contains("2028"), "{doc}");
    import(&db, dir.path(), &doc);
    let before = ops(&db);
    let dry = rollover(&db, &["--dry-run"]);
    assert!(
        dry.contains(
            "1 student graduates before 2027-28, so would get no plan for it: Maya Ortiz, Jr. (500100)"
        ),
        "{dry}"
    );
    assert!(dry.contains("would make 1 new plan"), "{dry}");
    assert_eq!(ops(&db), before);
    let out = rollover(&db, &[]);
    assert!(out.contains("so got no plan for it: Maya"), "{out}");
    // What takes them off the caseload, and moves grades up, is the new year's roster.
    assert!(
        out.contains(
            "they stay on the caseload, and every grade stays this year's, until the 2027-28 \
             roster is imported (--mark-missing-inactive marks those not in it inactive)"
        ),
        "{out}"
    );
    assert_eq!(
        plans(&db, "500100").len(),
        1,
        "the senior keeps this year only"
    );
    assert_eq!(plans(&db, "500200").len(), 2, "the junior gets 2027-28");
}

#[test]
fn a_year_gone_by_is_refused_as_over_and_a_missing_file_is_not_made() {
    let (dir, db) = setup();
    let before = ops(&db);
    let mut c = plp(&db);
    c.args(["rollover", "--to", "2025-26"]);
    fails_with(
        c,
        1,
        "--to: 2025-26 is over (this school year is 2026-27): plans are started for this year or the next (2027-28), never after the fact",
    );
    assert_eq!(ops(&db), before);
    let typo = dir.path().join("plp-typo.db");
    let mut c = plp(&typo);
    c.args(["rollover", "--to", "2027-28"]);
    fails_with(c, 1, "no such file");
    assert!(!typo.exists(), "a mistyped --db makes no file");
}

/// A dry run says of a student with no plan last year that a new, empty one would start, and
/// the run itself says what it did, not what it would do.
#[test]
fn a_dry_run_says_an_empty_plan_would_start_where_there_was_none() {
    let (dir, db) = setup();
    let roster = dir.path().join("roster.csv");
    std::fs::write(&roster, "id,first,last,grade\n900001,New,Comer,9\n").unwrap();
    let mut c = plp(&db);
    c.args(["import", "roster"]).arg(&roster);
    assert_eq!(run(c).0, 0);
    let dry = rollover(&db, &["--dry-run"]);
    assert!(
        dry.contains("New Comer (900001): would start an empty plan (no plan last year)"),
        "{dry}"
    );
    assert!(
        dry.contains("dry run, 2027-28 for 3 active students: would make 3 new plans, would carry"),
        "{dry}"
    );
    let out = rollover(&db, &[]);
    assert!(
        out.starts_with("2027-28 for 3 active students: made 3 new plans, carried"),
        "{out}"
    );
}

#[test]
fn a_plan_made_ahead_for_next_year_leaves_this_years_goals_on_the_caseload() {
    let (dir, db) = demo_db();
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let june = "2027-06-10";
    let goals = |day: &str| -> Vec<(String, i64)> {
        let rows = rows_of(&on_day(&db, &home, day, &["students", "--format", "json"]));
        let mut out: Vec<(String, i64)> = rows
            .iter()
            .map(|r| {
                let sis = r["sis_id"].as_str().unwrap().to_string();
                (sis, r["active_goals"].as_i64().unwrap())
            })
            .collect();
        out.sort();
        out
    };
    let before = goals(june);
    assert!(before.iter().any(|(_, n)| *n > 0), "{before:?}");

    // The year-end review in June makes next year's plans; this year is not over.
    on_day(&db, &home, june, &["rollover", "--to", "2027-28"]);
    assert_eq!(goals(june), before);

    // In the new year the caseload counts the new plans' goals (the active ones carried).
    let september = goals("2027-09-10");
    assert_eq!(september.len(), before.len());
    assert!(september.iter().any(|(_, n)| *n > 0), "{september:?}");
}

/// A rollover run ahead of the year's end makes next year's plans, but the plan worked on
/// until that year begins is this year's: `plp show` of a student with this year's plan shows
/// it, and one with no plan this year says so, naming the plan that waits for its year, not
/// next year's empty plan as if it were today's.
#[test]
fn a_plan_made_ahead_waits_for_its_year() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    let mut doc: Value = serde_json::from_str(&document(first_goals())).unwrap();
    doc["students"].as_array_mut().unwrap().push(json!({
        "sis_id": "500300", "given_name": "Yasmin", "family_name": "Haddad", "grade": 9,
        "advisor": "Ms. Rivera", "status": "active", "plans": []
    }));
    import(&db, dir.path(), &doc.to_string());
    rollover(&db, &[]);
    let show = |sis: &str| {
        let mut c = plp(&db);
        c.args(["show", sis]);
        let (code, out, err) = run(c);
        assert_eq!(code, 0, "{err}");
        out
    };
    let yasmin = show("500300");
    assert!(
        yasmin.contains("GOALS 2026-27: no plan yet (the 2027-28 plan waits for its year)"),
        "{yasmin}"
    );
    let maya = show("500100");
    assert!(maya.contains("GOALS 2026-27\n"), "{maya}");
    assert!(maya.contains("Pass Algebra I"), "this year's goals: {maya}");
}
