//! `plp checkin --with`: who else was at a meeting, from the shell as in the composer. A family
//! meeting written with no one else there says so; a name given by nobody's team is kept as
//! typed; a bad one changes nothing.

mod common;
use common::*;
use plp::store::Store;
use std::path::Path;

/// Who was at the student `sis`'s check-in with someone beyond the two, else at the first.
fn widest_attended(db: &Path, sis: &str) -> Vec<String> {
    let store = Store::open_existing(db).unwrap();
    let id = store.find_student(sis).unwrap();
    let record = store.student(&id).unwrap();
    let newest = record
        .checkins
        .iter()
        .find(|c| c.attended.len() > 2)
        .or(record.checkins.first())
        .unwrap();
    newest.attended.clone()
}

fn checkin(db: &Path, args: &[&str]) -> (i32, String, String) {
    let mut c = plp(db);
    c.args(["checkin", "S-WITH", "--said", "We met."])
        .args(args);
    run(c)
}

#[test]
fn with_names_who_else_was_there() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    std::fs::write(
        dir.path().join("r.csv"),
        "Student ID,First Name,Last Name,Grade\nS-WITH,Ana,Lima,10\n",
    )
    .unwrap();
    let mut c = plp(&db);
    c.args(["import", "roster"]).arg(dir.path().join("r.csv"));
    assert_eq!(run(c).0, 0);
    for (name, role) in [("Denise Lima", "mother"), ("Mr. Novak", "teacher")] {
        let mut c = plp(&db);
        c.args(["team", "S-WITH", "add", name, "--role", role]);
        let (code, _, err) = run(c);
        assert_eq!(code, 0, "{err}");
    }

    // A student-led conference with no one else named says so, and writes only the two.
    let (code, out, err) = checkin(&db, &["--kind", "student-led"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("only the student and advisor are written as there (--with NAME"),
        "{out}"
    );
    assert_eq!(widest_attended(&db, "S-WITH"), ["student", "advisor"]);

    // --with family brings the family members of the team; a member named in any case is
    // written as the team has them; anyone else as typed.
    let (code, out, err) = checkin(
        &db,
        &[
            "--kind",
            "student-led",
            "--with",
            "family",
            "--with",
            "mr.  NOVAK",
            "--with",
            "Aunt Rosa",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("only the student and advisor"), "{out}");
    assert_eq!(
        widest_attended(&db, "S-WITH"),
        [
            "student",
            "advisor",
            "Denise Lima",
            "Mr. Novak",
            "Aunt Rosa"
        ]
    );

    // A blank name changes nothing.
    let before = Store::open_existing(&db).unwrap().op_count().unwrap();
    let (code, _, err) = checkin(&db, &["--with", "  "]);
    assert_eq!(code, 1);
    assert!(err.contains("--with needs a name"), "{err}");
    assert_eq!(
        Store::open_existing(&db).unwrap().op_count().unwrap(),
        before
    );
}
