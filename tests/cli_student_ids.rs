//! A student id typed without its leading zeros (`125` for `000125`, as a spreadsheet saves it)
//! finds that student in every command naming one; one that could be two is refused, naming both.

mod common;
use common::*;

#[test]
fn an_id_without_its_leading_zeros_finds_the_one_student_it_can_be() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    let roster = dir.path().join("roster.csv");
    std::fs::write(
        &roster,
        "id,first,last,grade\n000125,Ada,Abbott,9\n0042,Bo,Cruz,9\n",
    )
    .unwrap();
    let mut c = plp(&db);
    c.args(["import", "roster"]).arg(&roster);
    succeeds(c);
    // Another student whose id differs from Bo's only in leading zeros (one roster takes such
    // ids as one student's, so she comes in as another school's plp may have stored her).
    let cy = plp::domain::Student {
        sis_id: "042".into(),
        given_name: "Cy".into(),
        family_name: "Diaz".into(),
        grade: Some(9),
        ..Default::default()
    };
    let mut store = plp::store::Store::open(&db).unwrap();
    store
        .write(|w| w.upsert_student(&cy, &[]).map(|_| ()))
        .unwrap();
    drop(store);
    let mut c = plp(&db);
    c.args(["show", "125"]);
    assert!(succeeds(c).starts_with("Ada Abbott (000125)"));
    let mut c = plp(&db);
    c.args(["set", "125", "strengths", "Draws"]);
    assert_eq!(succeeds(c), "Ada Abbott: Strengths set\n");
    let mut c = plp(&db);
    c.args(["checkin", "0125", "--said", "Fine"]);
    succeeds(c);
    let mut c = plp(&db);
    c.args(["export", "125", "--format", "json"]);
    assert!(succeeds(c).contains("\"000125\""));
    // Written in full, each is found; without the zeros, which one is not guessed.
    let mut c = plp(&db);
    c.args(["show", "042"]);
    assert!(succeeds(c).starts_with("Cy Diaz (042)"));
    let before = dump(&db);
    let mut c = plp(&db);
    c.args(["set", "42", "grade", "10"]);
    let err = fails_with(c, 1, "\"42\" matches 2 students");
    assert!(
        err.contains("Bo Cruz (0042)") && err.contains("Cy Diaz (042)"),
        "{err}"
    );
    assert_eq!(dump(&db), before);
    let mut c = plp(&db);
    c.args(["show", "7"]);
    fails_with(c, 1, "no student matches \"7\"");
}

/// A name is found typed without its apostrophe, or with a word processor's curly one.
#[test]
fn a_name_is_found_without_its_apostrophe() {
    let (_dir, db) = demo_db();
    for typed in ["oneill", "Declan ONeill", "o’neill", "O'Neill"] {
        let mut c = plp(&db);
        c.args(["show", typed, "--format", "json"]);
        let out = succeeds(c);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["student"]["family_name"], "O'Neill", "{typed}");
    }
}

/// A family name alone is no one's whole name: when two students share it (one of them known
/// by a preferred name), a command naming it is refused and names both as the caseload does.
#[test]
fn a_family_name_two_students_share_is_refused_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    let roster = dir.path().join("roster.csv");
    std::fs::write(
        &roster,
        "id,first,last,grade,preferred_name\n6001,Amara,Okafor,9,\n6002,Amara,Okafor,10,Mara\n\
         6003,Kim,Park,9,\n6004,Kimberly,Park,9,Kim\n",
    )
    .unwrap();
    let mut c = plp(&db);
    c.args(["import", "roster"]).arg(&roster);
    succeeds(c);
    let before = dump(&db);
    let mut c = plp(&db);
    c.args(["checkin", "Park", "--said", "I like chemistry"]);
    let err = fails_with(c, 1, "\"Park\" matches 2 students");
    assert!(
        err.contains("Kim Park (6003)") && err.contains("Kim Park (6004)"),
        "{err}"
    );
    let mut c = plp(&db);
    c.args(["set", "Okafor", "strengths", "Draws"]);
    let err = fails_with(c, 1, "\"Okafor\" matches 2 students");
    assert!(
        err.contains("Amara Okafor (6001)") && err.contains("Mara Okafor (6002)"),
        "{err}"
    );
    // Two students both called Kim Park by the caseload: the whole name is no choice either.
    let mut c = plp(&db);
    c.args(["show", "Kim Park"]);
    fails_with(c, 1, "\"Kim Park\" matches 2 students");
    assert_eq!(dump(&db), before);
    // A whole name only one student has still finds them.
    let mut c = plp(&db);
    c.args(["show", "Mara Okafor"]);
    assert!(succeeds(c).starts_with("Mara Okafor (6002)"));
    let mut c = plp(&db);
    c.args(["show", "Kimberly Park"]);
    assert!(succeeds(c).starts_with("Kim Park (6004)"));
}
