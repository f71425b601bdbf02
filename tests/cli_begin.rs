//! A database that is not there yet, or holds no students: the commands say how to begin, on
//! standard error only.

mod common;
use common::*;

#[test]
fn a_missing_database_is_said_with_how_to_begin_and_is_not_made() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new school.db");
    let quoted = format!("plp --db '{}' import roster FILE.csv", db.display());
    for args in [
        &["students"][..],
        &["students", "--format", "json"],
        &["show", "125"],
        &["report", "due"],
    ] {
        let mut c = plp(&db);
        c.args(args);
        let err = fails_with(c, 1, "no such file; to begin, bring in your students with ");
        assert!(err.contains(&quoted), "{err}");
        assert!(err.contains("or try plp first with plp demo"), "{err}");
    }
    assert!(!db.exists());
}

#[test]
fn a_database_with_no_students_says_how_to_begin_on_standard_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    let mut c = plp(&db);
    c.args(["config", "school", "Riverside"]);
    succeeds(c);
    let begin = format!(
        "plp: {} holds no students yet; to begin, bring in your students with plp --db {} \
         import roster FILE.csv (your SIS export), or try plp first with plp demo\n",
        db.display(),
        db.display()
    );
    let mut c = plp(&db);
    c.args(["students", "--format", "json"]);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim(), "[]");
    assert_eq!(err, begin);
    let mut c = plp(&db);
    c.arg("students");
    let (code, _, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert_eq!(err, begin);
    let mut c = plp(&db);
    c.args(["show", "125"]);
    fails_with(c, 1, "no student matches \"125\": ");
    let mut c = plp(&db);
    c.args(["set", "125", "grade", "9"]);
    fails_with(c, 1, "holds no students yet; to begin");
    // With students, nothing more is said.
    let roster = dir.path().join("roster.csv");
    std::fs::write(&roster, "id,first,last,grade\n1,Ada,Abbott,11\n").unwrap();
    let mut c = plp(&db);
    c.args(["import", "roster"]).arg(&roster);
    succeeds(c);
    let mut c = plp(&db);
    c.arg("students");
    let (code, _, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert_eq!(err, "");
    let mut c = plp(&db);
    c.args(["show", "nobody"]);
    let err = fails_with(c, 1, "no student matches");
    assert!(!err.contains("to begin"), "{err}");
}
