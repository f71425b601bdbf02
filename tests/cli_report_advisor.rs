//! `plp report --advisor NAME` for a name no student's advisor field matches: refused in one
//! sentence that names the nearest advisors known, never an empty report with no word why.

mod common;

use common::{demo_db, fails_with, plp, run};

fn report(db: &std::path::Path, args: &[&str]) -> assert_cmd::Command {
    let mut c = plp(db);
    c.arg("report").args(args);
    c
}

#[test]
fn an_advisor_no_student_has_is_refused_naming_the_nearest_advisors() {
    let (_d, db) = demo_db();
    for kind in ["due", "trends", "completeness", "stuck"] {
        for format in ["table", "csv", "json"] {
            let err = fails_with(
                report(&db, &[kind, "--advisor", "Nobody", "--format", format]),
                1,
                "no active student has \"Nobody\" as advisor; the nearest advisors known are ",
            );
            assert!(err.contains("Ms. Lindqvist"), "{err}");
            assert!(err.contains("Mr. Baptiste"), "{err}");
        }
    }
    // A slip of the keyboard puts the advisor meant first.
    let err = fails_with(
        report(&db, &["due", "--advisor", "Lindqvst"]),
        1,
        "the nearest advisors known are Ms. Lindqvist and Mr. Baptiste",
    );
    assert!(err.contains("\"Lindqvst\""), "{err}");
    // The HTML page is not written for nobody's advisees.
    let page = db.with_file_name("team.html");
    let mut c = report(
        &db,
        &["trends", "--format", "html", "--advisor", "Nobody", "--out"],
    );
    c.arg(&page);
    fails_with(c, 1, "no active student has \"Nobody\" as advisor");
    assert!(!page.exists());
    // A name matched whatever its case is said as the records write it.
    let (code, out, err) = run(report(&db, &["due", "--advisor", "MS. LINDQVIST"]));
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("Narrowed to: Ms. Lindqvist's advisees"),
        "{out}"
    );
}

#[test]
fn with_no_advisor_written_anywhere_the_refusal_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    let roster = dir.path().join("roster.csv");
    std::fs::write(
        &roster,
        "student_id,given_name,family_name,grade\n1,Ada,Abbott,9\n",
    )
    .unwrap();
    let mut c = plp(&db);
    c.args(["import", "roster"]).arg(&roster);
    assert_eq!(run(c).0, 0);
    fails_with(
        report(&db, &["due", "--advisor", "Rivera"]),
        1,
        "no active student has \"Rivera\" as advisor; no active student has an advisor written yet",
    );
}

/// `plp students` and `plp rollover` refuse such a name the same way, and roll nothing over.
#[test]
fn students_and_rollover_refuse_an_advisor_no_student_has() {
    let (_d, db) = demo_db();
    let mut c = plp(&db);
    c.args(["students", "--advisor", "Lindqvst"]);
    fails_with(
        c,
        1,
        "no active student has \"Lindqvst\" as advisor; the nearest advisors known are Ms. Lindqvist",
    );
    let before = common::dump(&db);
    let mut c = plp(&db);
    c.args(["rollover", "--to", "2027-28", "--advisor", "Nobody"]);
    fails_with(c, 1, "no active student has \"Nobody\" as advisor");
    assert_eq!(common::dump(&db), before, "nothing changed");
    // A name someone has still lists them.
    let mut c = plp(&db);
    c.args(["students", "--advisor", "lindqvist"]);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Ms. Lindqvist's advisees · "), "{out}");
}
