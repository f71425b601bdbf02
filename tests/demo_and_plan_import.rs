//! `plp demo` and `plp import plan` through the real binary.

mod common;

use common::plp;
use plp::store::Store;

fn one_line_error(out: &std::process::Output) -> String {
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(err.trim_end().lines().count(), 1, "one line, got: {err}");
    assert!(
        !err.contains("panicked") && !err.contains("Error {"),
        "{err}"
    );
    err
}

#[test]
fn demo_creates_the_caseload_and_can_be_run_again() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    plp(&db).args(["demo", "--no-open"]).assert().success();
    let store = Store::open_existing(&db).unwrap();
    assert_eq!(store.student_count().unwrap(), 24);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let rows = store.caseload(today, false).unwrap();
    use plp::domain::DueState::*;
    let count = |d| rows.iter().filter(|r| r.due == d).count();
    assert!(count(Overdue) >= 3, "some students are overdue");
    assert!(count(ThisWeek) >= 3, "some are due this week");
    assert!(count(Later) >= 5, "most are later");
    drop(store);
    // A demo database may be replaced by running the demo again.
    plp(&db).args(["demo", "--no-open"]).assert().success();
    assert_eq!(
        Store::open_existing(&db).unwrap().student_count().unwrap(),
        24
    );
}

#[test]
fn a_demo_of_one_student_says_1_student() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("one.db");
    let out = plp(&db)
        .args(["demo", "--no-open", "--students", "1"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("(1 student, "), "{said}");
}

#[test]
fn demo_never_replaces_a_real_database_without_force() {
    let dir = tempfile::tempdir().unwrap();
    // A real database, made by other means than the demo.
    let real = dir.path().join("plp.db");
    let mut store = Store::open(&real).unwrap();
    store
        .write(|w| {
            w.add_student(&plp::domain::Student {
                sis_id: "1".into(),
                given_name: "Real".into(),
                family_name: "Student".into(),
                ..Default::default()
            })
        })
        .unwrap();
    drop(store);
    let before = std::fs::read(&real).unwrap();
    let out = plp(&real).args(["demo", "--no-open"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(one_line_error(&out).contains("--force"));
    assert_eq!(std::fs::read(&real).unwrap(), before);
    plp(&real)
        .args(["demo", "--no-open", "--force", "--students", "5"])
        .assert()
        .success();
    assert_eq!(
        Store::open_existing(&real)
            .unwrap()
            .student_count()
            .unwrap(),
        5
    );
}

#[test]
fn generated_demo_has_a_year_of_checkins() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("load.db");
    plp(&db)
        .args(["demo", "--no-open", "--students", "40"])
        .assert()
        .success();
    let store = Store::open_existing(&db).unwrap();
    assert_eq!(store.student_count().unwrap(), 40);
    let id = store.find_student("200007").unwrap();
    let rec = store.student(&id).unwrap();
    assert!(rec.checkins.len() >= 6, "about a year of check-ins");
    assert_eq!(rec.plans.len(), 2, "last year's plan and this year's");
    let out = plp(&db)
        .args(["demo", "--no-open", "--students", "0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn import_plan_brings_a_student_in_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("school.db");
    let doc = dir.path().join("moved.json");
    std::fs::write(
        &doc,
        r#"{"format":"plp","version":1,"students":[{"sis_id":"900001","given_name":"Ana",
        "family_name":"Peña","grade":9,"profile":{"strengths":"Draws well\u001b[2J"},
        "plans":[{"school_year":"2026-27","goals":[{"key":"g1","title":"Read more","domain":"academic",
        "strategies":[{"key":"s1","what":"Read 20 minutes a night"}]}]}],
        "checkins":[{"date":"2026-10-01","student_words":"It's going ok",
        "progress":[{"goal":"g1","rating":2}],"verdicts":[{"strategy":"s1","verdict":"partly"}],
        "next_date":"2026-11-05"}]}]}"#,
    )
    .unwrap();
    plp(&db)
        .args(["import", "plan"])
        .arg(&doc)
        .assert()
        .success()
        .stdout(predicates::str::contains("1 student added"));
    plp(&db)
        .args(["import", "plan"])
        .arg(&doc)
        .assert()
        .success()
        .stdout(predicates::str::contains("0 students added"))
        .stdout(predicates::str::contains("0 check-ins"));
    let store = Store::open_existing(&db).unwrap();
    let rec = store.student(&store.find_student("Peña").unwrap()).unwrap();
    assert_eq!(rec.student.profile.strengths, "Draws well");
    assert_eq!(rec.checkins.len(), 1);
    assert_eq!(rec.plans[0].goals[0].strategies.len(), 1);
    assert_eq!(
        rec.checkins[0].verdicts[0].strategy,
        rec.plans[0].goals[0].strategies[0].id
    );
}

#[test]
fn import_plan_refuses_bad_documents_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("school.db");
    plp(&db)
        .args(["demo", "--no-open", "--students", "2"])
        .assert()
        .success();
    let before = Store::open_existing(&db).unwrap().dump_tables().unwrap();
    let cases = [
        ("not json", "not a JSON document"),
        (
            r#"{"format":"other","version":1}"#,
            "not a plp plan document",
        ),
        (r#"{"format":"plp","version":7,"students":[]}"#, "version 7"),
        (
            r#"{"format":"plp","version":1,"students":[{"sis_id":"5","given_name":"A","family_name":"B",
            "checkins":[{"date":"2026-10-01","progress":[{"goal":"g9","rating":2}]}]}]}"#,
            "unknown goal \"g9\"",
        ),
        (
            r#"{"format":"plp","version":1,"students":[{"sis_id":"5","given_name":"A","family_name":"B",
            "checkins":[{"date":"2026-02-30"}]}]}"#,
            "not valid",
        ),
        (
            r#"{"format":"plp","version":1,"students":[{"sis_id":"","given_name":"A","family_name":"B"}]}"#,
            "students[0]: the sis_id is empty or missing",
        ),
    ];
    for (i, (text, expected)) in cases.iter().enumerate() {
        let doc = dir.path().join(format!("bad{i}.json"));
        std::fs::write(&doc, text).unwrap();
        let out = plp(&db)
            .args(["import", "plan"])
            .arg(&doc)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "case {i}");
        let err = one_line_error(&out);
        assert!(err.contains(expected), "case {i}: {err}");
    }
    let out = plp(&db)
        .args(["import", "plan", "/nonexistent/plan.json"])
        .output()
        .unwrap();
    assert!(one_line_error(&out).contains("no such file"));
    assert_eq!(
        Store::open_existing(&db).unwrap().dump_tables().unwrap(),
        before
    );
}
