//! An import that fails after it made a new database leaves no file behind (nor the folders
//! made for it), so that a retry with the right --db is not confused; a database that was
//! there, or that holds anything, is never removed.

mod common;
use common::*;

/// Kit's plan as exported, with a grade no school has: refused only once it is being written.
fn bad_plan(dir: &std::path::Path) -> std::path::PathBuf {
    let (_d, db) = demo_db();
    let mut c = plp(&db);
    c.args(["export", "Kit", "--format", "json"]);
    let mut doc: serde_json::Value = serde_json::from_str(&succeeds(c)).unwrap();
    doc["students"][0]["grade"] = 99.into();
    let file = dir.join("kit.json");
    std::fs::write(&file, doc.to_string()).unwrap();
    file
}

#[test]
fn a_failed_import_removes_the_database_it_made() {
    let dir = tempfile::tempdir().unwrap();
    let plan = bad_plan(dir.path());
    let db = dir.path().join("new/school/plp.db");
    let mut c = plp(&db);
    c.args(["import", "plan"]).arg(&plan);
    let (code, _, err) = run(c);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(&format!("made a new database at {}", db.display())),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "grade 99 is not a grade (PK, K, or 1 to 13); the new database at {} was removed",
            db.display()
        )),
        "{err}"
    );
    assert!(!dir.path().join("new").exists(), "no folder left behind");
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, vec!["kit.json".to_string()]);
}

#[test]
fn a_failed_import_never_removes_a_database_that_was_there() {
    let dir = tempfile::tempdir().unwrap();
    let plan = bad_plan(dir.path());
    // One that holds nothing, but was there before.
    let empty = dir.path().join("empty.db");
    let mut c = plp(&empty);
    c.args(["config", "school", "Riverside"]);
    succeeds(c);
    let mut c = plp(&empty);
    c.args(["import", "plan"]).arg(&plan);
    let err = fails_with(c, 1, "grade 99 is not a grade");
    assert!(!err.contains("removed"), "{err}");
    assert!(empty.exists());
    // One with students.
    let (_d, db) = demo_db();
    let before = dump(&db);
    let mut c = plp(&db);
    c.args(["import", "plan"]).arg(&plan);
    let err = fails_with(c, 1, "grade 99 is not a grade");
    assert!(!err.contains("removed"), "{err}");
    assert_eq!(dump(&db), before);
}
