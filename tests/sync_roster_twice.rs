//! A laptop that imports the school's roster before its first sync creates every student the
//! school's file already holds, under the same ids. Syncing the two hides none of the school's
//! words behind the roster's empty fields, in either file, and makes no conflict of them.

mod common;

use common::{check_agrees, demo_db, plp, run};

/// `plp --db DB ARGS`, which must succeed: what it printed.
fn ok(db: &std::path::Path, args: &[&str]) -> String {
    let mut cmd = plp(db);
    cmd.args(args);
    let (code, out, err) = run(cmd);
    assert_eq!(code, 0, "{args:?}: {out}{err}");
    out
}

#[test]
fn a_roster_imported_before_the_first_sync_hides_none_of_the_schools_words() {
    let (dir, school) = demo_db();
    let listed = ok(&school, &["students", "--format", "csv"]);
    let mut roster = String::from("student_id,first_name,last_name,grade,advisor\n");
    let mut ids = Vec::new();
    for line in listed.lines().skip(1) {
        let id = line.split(',').next().unwrap().to_string();
        let shown: serde_json::Value =
            serde_json::from_str(&ok(&school, &["show", &id, "--format", "json"])).unwrap();
        let st = &shown["student"];
        roster.push_str(&format!(
            "{id},{},{},{},{}\n",
            st["given_name"].as_str().unwrap(),
            st["family_name"].as_str().unwrap(),
            st["grade"],
            st["advisor"].as_str().unwrap()
        ));
        ids.push(id);
    }
    let csv = dir.path().join("sis.csv");
    std::fs::write(&csv, roster).unwrap();
    let laptop = dir.path().join("laptop.db");
    ok(&laptop, &["import", "roster", csv.to_str().unwrap()]);
    let before: Vec<String> = ids.iter().map(|id| ok(&school, &["show", id])).collect();
    let students = ok(&school, &["students", "--format", "json"]);

    let out = ok(&laptop, &["sync", school.to_str().unwrap()]);
    assert!(!out.contains("conflict"), "{out}");
    for db in [&school, &laptop] {
        assert_eq!(ok(db, &["conflicts"]).trim(), "no conflicts");
        for (id, shown) in ids.iter().zip(&before) {
            assert_eq!(&ok(db, &["show", id]), shown, "student {id}");
        }
        assert_eq!(ok(db, &["students", "--format", "json"]), students);
        check_agrees(db);
    }
}
