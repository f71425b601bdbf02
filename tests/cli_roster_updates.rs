//! `plp import roster` over students already held: what a newer roster changes, what it leaves
//! (a blank cell is "not recorded"), and how it says what changed.

mod common;
use common::*;
use std::path::Path;

fn import(db: &Path, file: &Path) -> (i32, String, String) {
    let home = file.parent().unwrap().join("home");
    let mut c = plp(db);
    c.env("XDG_CONFIG_HOME", home)
        .args(["import", "roster"])
        .arg(file);
    run(c)
}

fn student(db: &Path, sis: &str) -> plp::domain::Student {
    let store = plp::store::Store::open_existing(db).unwrap();
    let id = store.find_student(sis).unwrap();
    store.student(&id).unwrap().student
}

const HEADER: &str = "Student ID,Last Name,First Name,Grade,Preferred_Name,Pronouns,Advisor,Email";

#[test]
fn blank_cells_keep_what_is_stored_and_the_import_says_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    let fall = dir.path().join("fall.csv");
    std::fs::write(
        &fall,
        format!(
            "{HEADER}\n1,Okafor,Amara,9,Mara,she/her,Rivera,amara@school.org\n\
             2,Lee,Ann,9,,,Rivera,\n3,Ng,Bo,9,,,Chen,\n"
        ),
    )
    .unwrap();
    let (code, _, err) = import(&db, &fall);
    assert_eq!(code, 0, "{err}");
    // What an advisor typed into plp for a student the SIS has nothing on.
    plp(&db)
        .args(["set", "2", "pronouns", "they/them"])
        .assert()
        .success();

    // The spring export: the optional cells are blank, two grades and one advisor change.
    let spring = dir.path().join("spring.csv");
    std::fs::write(
        &spring,
        format!("{HEADER}\n1,Okafor,Amara,10,,,,\n2,Lee,Ann,10,,,Rivera,\n3,Ng,Bo,9,,,Rivera,\n"),
    )
    .unwrap();
    let (code, out, err) = import(&db, &spring);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("added 0, updated 3 (grade 2, advisor 1), unchanged 0"),
        "{out}"
    );
    let amara = student(&db, "1");
    assert_eq!(amara.grade, Some(10));
    assert_eq!(amara.preferred_name.as_deref(), Some("Mara"));
    assert_eq!(amara.pronouns.as_deref(), Some("she/her"));
    assert_eq!(amara.advisor.as_deref(), Some("Rivera"));
    assert_eq!(amara.email.as_deref(), Some("amara@school.org"));
    assert_eq!(student(&db, "2").pronouns.as_deref(), Some("they/them"));
    assert_eq!(student(&db, "3").advisor.as_deref(), Some("Rivera"));

    // A value in the cell still replaces what is stored.
    let summer = dir.path().join("summer.csv");
    std::fs::write(
        &summer,
        format!("{HEADER}\n1,Okafor,Amara,10,Ama,,,\n2,Lee,Ann,10,,he/him,Rivera,\n3,Ng,Bo,9,,,Rivera,\n"),
    )
    .unwrap();
    let (code, out, err) = import(&db, &summer);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("updated 2 (preferred_name 1, pronouns 1), unchanged 1"),
        "{out}"
    );
    assert_eq!(student(&db, "1").preferred_name.as_deref(), Some("Ama"));
    assert_eq!(student(&db, "2").pronouns.as_deref(), Some("he/him"));
    check_agrees(&db);
}
