//! Two files whose rosters give two children one SIS id, synced by path: each refuses the
//! other's child, in one sentence naming its own, and shows only its own under that id; two
//! files that import one child under one id still meet as one.

mod common;

use common::{plp, run};

/// A file at `dir/NAME.db` holding the students of `roster` (CSV lines after the header).
fn file(dir: &std::path::Path, name: &str, roster: &str) -> std::path::PathBuf {
    let db = dir.join(format!("{name}.db"));
    let csv = dir.join(format!("{name}.csv"));
    std::fs::write(&csv, format!("id,first,last,grade\n{roster}")).unwrap();
    let mut cmd = plp(&db);
    cmd.args(["import", "roster", csv.to_str().unwrap()]);
    assert_eq!(run(cmd).0, 0);
    db
}

/// `plp --db DB ARGS`: exit code, stdout, stderr.
fn plp_in(db: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let mut cmd = plp(db);
    cmd.args(args);
    run(cmd)
}

#[test]
fn another_child_under_one_sis_id_is_refused_on_both_sides_of_a_path_sync() {
    let dir = tempfile::tempdir().unwrap();
    let north = file(dir.path(), "north", "1001,Mara,Okafor,9\n1002,Ben,Chen,9\n");
    let south = file(
        dir.path(),
        "south",
        "1001,Jamal,Diaz,10\n2002,Lena,Brandt,10\n",
    );
    let (code, out, err) = plp_in(&south, &["sync", north.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    for here in ["Mara Okafor", "Jamal Diaz"] {
        assert!(
            err.contains(&format!(
                "(new student) was refused: it makes a student under the SIS id of {here} \
                 (1001) here, with names that share no word with that student's: two children \
                 cannot share one SIS id"
            )),
            "{err}"
        );
    }
    for (db, own, other) in [
        (&north, "Mara Okafor", "Jamal"),
        (&south, "Jamal Diaz", "Mara"),
    ] {
        let (code, shown, err) = plp_in(db, &["show", "1001"]);
        assert_eq!(code, 0, "{err}");
        assert!(shown.contains(own) && !shown.contains(other), "{shown}");
        let (_, conflicts, _) = plp_in(db, &["conflicts"]);
        assert_eq!(conflicts.trim(), "no conflicts");
    }
}

#[test]
fn one_child_imported_by_two_files_under_one_id_meets_as_one() {
    let dir = tempfile::tempdir().unwrap();
    let laptop = file(dir.path(), "laptop", "1001,Mara,Okafor,9\n");
    let server = file(dir.path(), "server", "1001,MARA,Okafor-Reyes,9\n");
    let (code, out, err) = plp_in(&laptop, &["sync", server.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    let (_, students, _) = plp_in(&laptop, &["students"]);
    assert!(students.contains("1 student"), "{students}");
}
