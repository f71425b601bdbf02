//! Two files synced by path meet as one under one SIS id, whatever their names: the schools of
//! files met by path are not known, and within one school two records under one id are one
//! child (a name the school's system corrected whole between two imports). Two schools' children
//! under one id are kept apart where schools are known: at the hub (`hub_other_children.rs`).

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
fn a_name_corrected_whole_between_two_imports_meets_as_one_child_by_path() {
    let dir = tempfile::tempdir().unwrap();
    let laptop = file(dir.path(), "laptop", "1001,Jmal,Dz,9\n");
    let server = file(dir.path(), "server", "1001,Jamal,Diaz,9\n");
    let (code, out, err) = plp_in(&laptop, &["sync", server.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(!err.contains("refused"), "{err}");
    let (_, students, _) = plp_in(&laptop, &["students"]);
    assert!(students.contains("1 student"), "{students}");
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
