//! `plp import roster`: column rules, good files, bad files.

mod common;
use common::*;
use serde_json::Value;

fn students(db: &std::path::Path) -> Vec<Value> {
    let (code, out, _) = run({
        let mut c = plp(db);
        c.args(["students", "--all", "--format", "json"]);
        c
    });
    assert_eq!(code, 0);
    serde_json::from_str(&out).unwrap()
}

#[test]
fn a_good_roster_adds_then_updates_by_student_id() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    let (code, out, _) = run({
        let mut c = plp(&db);
        c.args(["import", "roster", "data/roster-sample.csv"]);
        c
    });
    assert_eq!(code, 0);
    assert!(out.contains("ignored column: Homeroom"));
    assert!(out.contains("added 12, updated 0, unchanged 0"), "{out}");
    let rows = students(&db);
    let names: Vec<&str> = rows.iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"Arseny Кузнецов"), "{names:?}");
    assert!(names.iter().any(|n| n.contains("Smith, Jr.")));
    assert!(names.iter().any(|n| n.contains("Lefèvre")));

    // A new export of the roster: one grade changed, one student gone (kept, not deleted).
    let text = std::fs::read_to_string("data/roster-sample.csv").unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    lines.pop();
    let roster = dir.path().join("spring.csv");
    std::fs::write(&roster, lines.join("\n")).unwrap();
    let (_, out, _) = run({
        let mut c = plp(&db);
        c.args(["import", "roster"]).arg(&roster);
        c
    });
    assert!(out.contains("added 0, updated 0, unchanged 11"), "{out}");
    assert_eq!(students(&db).len(), 12);
}

#[test]
fn header_aliases_quotes_and_scripts() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    let roster = dir.path().join("sis.csv");
    std::fs::write(
        &roster,
        "\u{feff}\" Student Number \",LAST_NAME,first name,Grade Level,Preferred_Name,IEP,504,grad year\n\
         1001,\"O'Neill, Jr.\",Zoë,09,,Y,false,2030\n\
         1002,李,小龙,10,Bruce,no,1,\n\
         1003,Ωμέγα,Άλφα,K,,0,0,\n\
         1004,\"Multi\nLine\",Ana,12,,true,no,2027\n",
    )
    .unwrap();
    plp(&db)
        .args(["import", "roster"])
        .arg(&roster)
        .assert()
        .success();
    let store = plp::store::Store::open_existing(&db).unwrap();
    let get = |sis: &str| {
        let id = store.find_student(sis).unwrap();
        store.student(&id).unwrap().student
    };
    let a = get("1001");
    assert_eq!(
        (a.given_name.as_str(), a.family_name.as_str()),
        ("Zoë", "O'Neill, Jr.")
    );
    assert_eq!(a.grade, Some(9));
    assert!(a.iep && !a.plan_504);
    assert_eq!(a.grad_year, Some(2030));
    let b = get("1002");
    assert_eq!(b.display_name(), "Bruce 李");
    assert!(b.plan_504);
    assert_eq!(get("1003").grade, Some(0));
    assert_eq!(
        get("1004").family_name,
        "Multi Line",
        "no control characters stored"
    );
}

#[test]
fn a_roster_with_bad_lines_imports_nothing_and_names_each() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    plp(&db)
        .args(["import", "roster", "data/roster-sample.csv"])
        .assert()
        .success();
    let before = students(&db);
    let (code, _, err) = run({
        let mut c = plp(&db);
        c.args(["import", "roster", "data/roster-bad.csv"]);
        c
    });
    assert_eq!(code, 1);
    assert!(err.contains("line 3: the student id is empty"), "{err}");
    assert!(
        err.contains("line 5: grade \"eleventh\" is not a number"),
        "{err}"
    );
    assert!(
        err.contains("line 6: IEP \"maybe\" is not yes or no"),
        "{err}"
    );
    assert!(err.contains("3 bad lines; nothing was imported"));
    assert_eq!(students(&db), before);

    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, b"id,first,last,grade\n1,A,B,9\n2,\xff\xfe,C,9\n3,D\n").unwrap();
    let (_, _, err) = run({
        let mut c = plp(&db);
        c.args(["import", "roster"]).arg(&bad);
        c
    });
    assert!(
        err.contains("line 3: the given_name is not valid UTF-8 text"),
        "{err}"
    );
    assert!(
        err.contains("line 4: has 2 fields; the header has 4"),
        "{err}"
    );
    assert_eq!(students(&db), before);

    let headless = dir.path().join("h.csv");
    std::fs::write(&headless, "id,first\n1,A\n").unwrap();
    let mut c = plp(&db);
    c.args(["import", "roster"]).arg(&headless);
    fails_with(c, 1, "no family_name, no grade column");
    let mut c = plp(&db);
    c.args(["import", "roster", "/no/such.csv"]);
    fails_with(c, 1, "cannot read /no/such.csv: no such file");
}

#[test]
fn dry_run_shows_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    let (code, out, _) = run({
        let mut c = plp(&db);
        c.args(["import", "roster", "data/roster-sample.csv", "--dry-run"]);
        c
    });
    assert_eq!(code, 0);
    assert!(out.contains("would add 12"), "{out}");
    assert!(!db.exists(), "a dry run creates nothing");
    plp(&db)
        .args(["import", "roster", "data/roster-sample.csv"])
        .assert()
        .success();
    plp(&db)
        .args(["set", "Maëlle", "grade", "12"])
        .assert()
        .success();
    let before = std::fs::read(&db).unwrap();
    let (_, out, _) = run({
        let mut c = plp(&db);
        c.args(["import", "roster", "data/roster-sample.csv", "--dry-run"]);
        c
    });
    assert!(out.contains("would update Maëlle Lefèvre"), "{out}");
    assert!(out.contains("update 1, leave 11 unchanged"), "{out}");
    assert!(
        std::fs::read(&db).unwrap() == before,
        "the file was not changed"
    );
}
