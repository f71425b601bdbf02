//! Bringing the same plan document in again changes nothing: records are matched by the ids the
//! document carries, or, in a document without ids, by what they say once cleaned.

mod common;
use common::*;

use std::path::Path;

fn ops(db: &Path) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row("SELECT count(*) FROM ops", [], |r| r.get(0))
        .unwrap()
}

fn import(db: &Path, file: &Path) -> String {
    let (code, out, err) = run({
        let mut c = plp(db);
        c.args(["import", "plan"]).arg(file);
        c
    });
    assert_eq!(code, 0, "{err}");
    out
}

fn write(dir: &Path, name: &str, doc: &serde_json::Value) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, serde_json::to_string_pretty(doc).unwrap()).unwrap();
    p
}

/// A student without ids: a goal title with trailing spaces, two interventions on one day,
/// and optional fields given as null.
fn hand_written() -> serde_json::Value {
    serde_json::json!({
        "format": "plp", "version": 1, "exported": null,
        "students": [{
            "sis_id": "900001", "given_name": "Ada", "family_name": "Moss",
            "preferred_name": null, "pronouns": null, "grade": 9, "grad_year": null,
            "advisor": null, "email": null, "status": "active", "iep": false, "plan_504": false,
            "team": [{ "name": "Ruth Moss", "role": "parent", "contact": null }],
            "plans": [{ "school_year": "2026-27", "goals": [{
                "key": "g1", "title": "Read one book a month   ", "domain": "academic",
                "why": null, "target_date": null, "status": "active",
                "strategies": [{ "key": "s1", "what": "Library on Fridays  ", "owner": "student",
                                 "frequency": null, "status": "active" }]
            }]}],
            "checkins": [{ "date": "2026-10-01", "kind": "check-in", "student_words": "ok ",
                           "progress": [{ "goal": "g1", "rating": 2 }],
                           "verdicts": [{ "strategy": "s1", "verdict": "working", "note": null }],
                           "notes": null, "next_date": null }],
            "interventions": [
                { "date": "2026-10-02", "kind": "tutoring", "description": "math, period 3",
                  "who": "Mr. Hale", "outcome": null },
                { "date": "2026-10-02", "kind": "counseling", "description": "check on sleep",
                  "who": "Ms. Ito", "outcome": "better" }
            ],
            "evidence": [{ "date": "2026-10-10", "goal": "g1", "kind": "assessment",
                           "title": "Reading level", "result": null }]
        }]
    })
}

#[test]
fn a_document_without_ids_is_brought_in_once_nulls_and_all() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    let file = write(dir.path(), "ada.json", &hand_written());
    let out = import(&db, &file);
    assert!(
        out.contains("1 student added, 0 updated, 1 goal, 1 strategy, 1 check-in, 4 other records"),
        "{out}"
    );
    let after_first = ops(&db);
    let out = import(&db, &file);
    assert!(
        out.contains(
            "0 students added, 0 updated, 0 goals, 0 strategies, 0 check-ins, 0 other records"
        ),
        "{out}"
    );
    assert_eq!(ops(&db), after_first, "the second import changed nothing");
    let (_, json, _) = run({
        let mut c = plp(&db);
        c.args(["show", "900001", "--format", "json"]);
        c
    });
    let record: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(record["interventions"].as_array().unwrap().len(), 2);
    assert_eq!(record["plans"][0]["goals"].as_array().unwrap().len(), 1);
}

#[test]
fn an_exported_document_carries_ids_and_comes_back_once() {
    let (dir, db) = demo_db();
    let file = dir.path().join("all.json");
    plp(&db)
        .args(["export", "--all", "--format", "json", "--out"])
        .arg(&file)
        .assert()
        .success();
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let first = &doc["students"][0];
    for list in ["team", "checkins", "interventions", "evidence"] {
        for r in first[list].as_array().unwrap() {
            assert!(r["id"].is_string(), "{list} carries ids");
        }
    }
    assert!(first["plans"][0]["goals"][0]["id"].is_string());
    assert!(first["plans"][0]["goals"][0]["strategies"][0]["id"].is_string());
    // Into the database it came from, and twice into a new one: nothing added twice.
    let before = ops(&db);
    assert!(import(&db, &file).contains("0 students added, 0 updated, 0 goals"));
    assert_eq!(ops(&db), before);
    let other = dir.path().join("other.db");
    import(&other, &file);
    let once = ops(&other);
    assert!(import(&other, &file).contains("0 students added, 0 updated, 0 goals"));
    assert_eq!(ops(&other), once);
    // A goal retitled with trailing spaces is still the same goal.
    let mut edited = doc.clone();
    let title = edited["students"][0]["plans"][0]["goals"][0]["title"]
        .as_str()
        .unwrap()
        .to_string();
    edited["students"][0]["plans"][0]["goals"][0]["title"] = format!("{title}   ").into();
    let edited = write(dir.path(), "edited.json", &edited);
    assert!(import(&other, &edited).contains("0 goals"));
    assert_eq!(ops(&other), once);
}

#[test]
fn ids_that_are_malformed_repeated_or_someone_elses_are_refused() {
    let (dir, db) = demo_db();
    let file = dir.path().join("all.json");
    plp(&db)
        .args(["export", "--all", "--format", "json", "--out"])
        .arg(&file)
        .assert()
        .success();
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let before = snapshot_dir(dir.path());
    let other_goal = doc["students"][1]["plans"][0]["goals"][0]["id"].clone();
    let mut theirs = hand_written();
    theirs["students"][0]["plans"][0]["goals"][0]["id"] = other_goal.clone();
    let mut twice = hand_written();
    twice["students"][0]["interventions"][0]["id"] = other_goal.clone();
    twice["students"][0]["interventions"][1]["id"] = other_goal;
    let mut malformed = hand_written();
    malformed["students"][0]["evidence"][0]["id"] = "g1; DROP TABLE".into();
    let mut doubled = hand_written();
    let mut again = doubled["students"][0].clone();
    again["sis_id"] = " 900001 ".into();
    again["given_name"] = "Adah".into();
    doubled["students"].as_array_mut().unwrap().push(again);
    let cases = [
        (doubled, "student 900001 is in the document twice"),
        (theirs, "belongs to another student here"),
        (twice, "two records carry the id"),
        (malformed, "is not a record id"),
    ];
    let scratch = tempfile::tempdir().unwrap();
    for (i, (bad, says)) in cases.into_iter().enumerate() {
        let f = write(scratch.path(), &format!("bad{i}.json"), &bad);
        let mut c = plp(&db);
        c.args(["import", "plan"]).arg(&f);
        fails_with(c, 1, says);
    }
    assert!(snapshot_dir(dir.path()) == before, "nothing changed");
}

/// The student record as `plp show --format json` gives it.
fn student_record(db: &Path, sis_id: &str) -> serde_json::Value {
    let (code, json, err) = run({
        let mut c = plp(db);
        c.args(["show", sis_id, "--format", "json"]);
        c
    });
    assert_eq!(code, 0, "{err}");
    serde_json::from_str::<serde_json::Value>(&json).unwrap()["student"].clone()
}

/// A document that says less about a student the file holds (a plan written by hand, another
/// program's export) changes only what it says: every field it leaves out or gives as null
/// keeps what the file has, even inside the profile.
#[test]
fn a_document_that_leaves_fields_out_leaves_them_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    let roster = dir.path().join("roster.csv");
    std::fs::write(
        &roster,
        "student_id,first_name,last_name,preferred_name,pronouns,grade,grad_year,advisor,email,iep,504\n\
         900001,Ada,Abbott,Addie,she/her,9,2030,Ms. Rivera,ada@school.org,Y,Y\n",
    )
    .unwrap();
    succeeds({
        let mut c = plp(&db);
        c.args(["import", "roster"]).arg(&roster);
        c
    });
    for (field, value) in [
        ("status", "inactive"),
        ("strengths", "Patient"),
        ("needs", "Quiet room"),
    ] {
        succeeds(plp_args(&db, &["set", "900001", field, value]));
    }
    let before = student_record(&db, "900001");

    let doc = serde_json::json!({
        "format": "plp", "version": 1,
        "students": [{
            "sis_id": "900001", "given_name": "Ada", "email": null,
            "pronouns": "they/them",
            "profile": { "career": "Nursing", "needs": null }
        }]
    });
    let file = write(dir.path(), "partial.json", &doc);
    let before_ops = ops(&db);
    let out = import(&db, &file);
    assert!(out.contains("0 students added, 1 updated"), "{out}");

    let after = student_record(&db, "900001");
    let mut expected = before.clone();
    expected["pronouns"] = "they/them".into();
    expected["career"] = "Nursing".into();
    // A field that may be empty, given as null, is emptied (as an export writes it).
    expected["email"] = serde_json::Value::Null;
    assert_eq!(after, expected, "only what the document gives changed");
    assert_eq!(after["status"], "inactive");
    assert_eq!(after["strengths"], "Patient");
    assert_eq!(after["needs"], "Quiet room");
    assert_eq!(after["grade"], 9);
    assert_eq!(after["advisor"], "Ms. Rivera");
    assert_eq!(after["iep"], true);
    assert_eq!(after["plan_504"], true);
    assert_eq!(after["family_name"], "Abbott");

    // Only the two fields changed are in the change log, and bringing it in again adds nothing.
    let once = ops(&db);
    assert_eq!(once, before_ops + 3, "one change for each field changed");
    let out = import(&db, &file);
    assert!(out.contains("0 students added, 0 updated"), "{out}");
    assert_eq!(ops(&db), once);
    check_agrees(&db);

    // A student the file does not hold takes the defaults for what is left out.
    let doc = serde_json::json!({
        "format": "plp", "version": 1,
        "students": [{ "sis_id": "900002", "given_name": "Ben" }]
    });
    let out = import(&db, &write(dir.path(), "new.json", &doc));
    assert!(out.contains("1 student added, 0 updated"), "{out}");
    let ben = student_record(&db, "900002");
    assert_eq!(ben["status"], "active");
    assert_eq!(ben["grade"], serde_json::Value::Null);
    assert_eq!(ben["iep"], false);
}

/// A student without an SIS id is named by place, and a folder named as the document is refused
/// in words, as a file that cannot be read is.
#[test]
fn a_student_without_an_sis_id_and_a_folder_are_refused_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    let refused = |file: &Path, says: &str| {
        let mut c = plp(&db);
        c.args(["import", "plan"]).arg(file);
        fails_with(c, 1, says)
    };
    for (i, student) in [
        serde_json::json!({ "sis_id": "900001", "given_name": "Ada" }),
        serde_json::json!({ "sis_id": " ", "given_name": "Ben" }),
    ]
    .iter()
    .enumerate()
    {
        let mut doc = serde_json::json!({ "format": "plp", "version": 1, "students": [] });
        doc["students"] = serde_json::json!([
            { "sis_id": "900003", "given_name": "Cy" },
            student,
            { "given_name": "Dot" },
        ]);
        let err = refused(&write(dir.path(), &format!("no-id{i}.json"), &doc), "");
        let at = if i == 0 { 2 } else { 1 };
        assert!(
            err.trim_end().ends_with(&format!(
                "no-id{i}.json: students[{at}]: the sis_id is empty or missing"
            )),
            "{err}"
        );
    }
    let err = refused(dir.path(), "is a directory");
    assert_eq!(
        err.trim_end(),
        format!("plp: cannot read {}: is a directory", dir.path().display())
    );
    assert!(!db.exists(), "nothing was created");
}

/// A field emptied in one file comes back emptied through an export brought into another, where
/// it was still written: the export says it as `null`, which empties it.
#[test]
fn a_field_emptied_since_comes_back_empty_through_an_export() {
    let dir = tempfile::tempdir().unwrap();
    let roster = dir.path().join("roster.csv");
    std::fs::write(
        &roster,
        "student_id,first_name,last_name,preferred_name,advisor,grade\n900001,Ada,Abbott,Addie,Ms. Rivera,9\n",
    )
    .unwrap();
    let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
    for db in [&a, &b] {
        succeeds({
            let mut c = plp(db);
            c.args(["import", "roster"]).arg(&roster);
            c
        });
    }
    succeeds(plp_args(&a, &["set", "900001", "preferred_name", ""]));
    let exported = succeeds(plp_args(&a, &["export", "900001", "--format", "json"]));
    assert!(exported.contains("\"preferred_name\": null"), "{exported}");
    let file = dir.path().join("ada.json");
    std::fs::write(&file, exported).unwrap();
    let out = import(&b, &file);
    assert!(out.contains("1 updated"), "{out}");
    let ada = student_record(&b, "900001");
    assert_eq!(ada["preferred_name"], serde_json::Value::Null);
    assert_eq!(ada["advisor"], "Ms. Rivera", "what both files say is kept");
}

/// A plan document is typed input: a text longer than its field takes, a name left empty or a
/// language that is not one is refused as typing it would be, naming where, and nothing changes.
#[test]
fn a_document_is_held_to_what_typing_is_held_to() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    let doc = serde_json::json!({
        "format": "plp", "version": 1,
        "students": [{ "sis_id": "900001", "given_name": "Ada", "family_name": "Abbott" }]
    });
    import(&db, &write(dir.path(), "ada.json", &doc));
    let before = ops(&db);
    let long = "x".repeat(120_000);
    for (i, (student, says)) in [
        (
            serde_json::json!({ "sis_id": "900001", "given_name": long }),
            "student 900001, given_name: given name is too long (120000 characters; at most 200 fit)",
        ),
        (
            serde_json::json!({ "sis_id": "900001", "given_name": "" }),
            "student 900001, given_name: given name cannot be empty",
        ),
        (
            serde_json::json!({ "sis_id": "900001", "team": [{ "name": "Rosa", "role": "mother", "language": "zz" }] }),
            "student 900001, team[0].language: ",
        ),
        (
            serde_json::json!({ "sis_id": "900002", "given_name": "Ben", "plans": [{ "school_year": "2026-27", "goals": [{ "title": long, "domain": "academic", "status": "active" }] }] }),
            "student 900002, plans[0].goals[0].title: title is too long",
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let doc = serde_json::json!({ "format": "plp", "version": 1, "students": [student] });
        let mut c = plp(&db);
        c.args(["import", "plan"])
            .arg(write(dir.path(), &format!("bad{i}.json"), &doc));
        let err = fails_with(c, 1, says);
        assert!(err.len() < 400, "the value is not repeated: {err}");
        assert_eq!(ops(&db), before, "nothing changed");
    }
}

/// A value already stored that typing would not take (a grade from a newer plp, received by
/// sync) never stops a document that does not give it.
#[test]
fn a_stored_value_the_document_does_not_give_never_stops_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    let doc = serde_json::json!({
        "format": "plp", "version": 1,
        "students": [{ "sis_id": "900001", "given_name": "Ada", "family_name": "Abbott" }]
    });
    import(&db, &write(dir.path(), "ada.json", &doc));
    // Typing refuses grade 20; a table that holds it stands for a value received so.
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute("UPDATE students SET grade = 20 WHERE sis_id = '900001'", [])
        .unwrap();
    let doc = serde_json::json!({
        "format": "plp", "version": 1,
        "students": [{ "sis_id": "900001", "pronouns": "she/her" }]
    });
    let out = import(&db, &write(dir.path(), "pronouns.json", &doc));
    assert!(out.contains("1 updated"), "{out}");
    let ada = student_record(&db, "900001");
    assert_eq!(ada["pronouns"], "she/her");
    assert_eq!(ada["grade"], 20, "left as it was");
}

/// A plan whose SIS id is held here by someone else (a plan from another school whose numbers
/// overlap this one's) is refused whole: its goals, check-ins and family would be mixed into
/// another student's record. A student whose family name changed is still the same student.
#[test]
fn a_plan_naming_someone_else_under_a_held_sis_id_is_refused_and_changes_nothing() {
    let (dir, db) = demo_db();
    let mut doc = hand_written();
    doc["students"][0]["sis_id"] = "215033".into(); // Elijah Brooks here
    let file = write(dir.path(), "other.json", &doc);
    let before = dump(&db);
    let (code, _, err) = run({
        let mut c = plp(&db);
        c.args(["import", "plan"]).arg(&file);
        c
    });
    assert_eq!(code, 1);
    assert_eq!(
        err.trim(),
        "plp: student 215033: the document names Ada Moss, but that SIS id here is Elijah \
         Brooks; a plan is brought in only for the same student (if the id is right and the name \
         changed, change it here first with plp set)"
    );
    assert_eq!(dump(&db), before, "nothing changed");
    // The same student under a new family name is brought in.
    doc["students"][0]["given_name"] = "Elijah".into();
    let file = write(dir.path(), "renamed.json", &doc);
    import(&db, &file);
    let (_, shown, _) = run({
        let mut c = plp(&db);
        c.args(["show", "215033"]);
        c
    });
    assert!(shown.starts_with("Elijah Moss (215033)"), "{shown}");
}

/// A document as people save them: with the byte order mark Windows Notepad begins a file
/// with (taken), empty (said so), or with a word where a number goes (said in a person's words,
/// not the parser's).
#[test]
fn documents_as_people_save_them_are_taken_or_said_plainly() {
    let (dir, db) = demo_db();
    let refused = |file: &Path| {
        let (code, _, err) = run({
            let mut c = plp(&db);
            c.args(["import", "plan"]).arg(file);
            c
        });
        assert_eq!(code, 1);
        err
    };
    let empty = dir.path().join("empty.json");
    std::fs::write(&empty, "").unwrap();
    assert!(
        refused(&empty).contains("empty.json: the file is empty, not a plan document"),
        "{}",
        refused(&empty)
    );
    let mut doc = hand_written();
    doc["students"][0]["grade"] = "nine".into();
    let words = refused(&write(dir.path(), "nine.json", &doc));
    assert!(
        words.contains("grade: \"nine\" where a whole number is expected"),
        "{words}"
    );
    doc["students"][0]["grade"] = 9.into();
    doc["students"][0]["iep"] = "yes".into();
    let words = refused(&write(dir.path(), "yes.json", &doc));
    assert!(
        words.contains("iep: \"yes\" where true or false is expected"),
        "{words}"
    );
    doc["students"][0]["iep"] = false.into();
    let bom = dir.path().join("notepad.json");
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend(serde_json::to_vec_pretty(&doc).unwrap());
    std::fs::write(&bom, bytes).unwrap();
    assert!(import(&db, &bom).contains("1 student added"));
}
