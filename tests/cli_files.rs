//! Files that are not what they should be: corrupt, foreign, read-only, missing, newer.
//! Each gets one sentence and is never modified.

mod common;
use common::*;

fn every_command(db: &std::path::Path) -> Vec<assert_cmd::Command> {
    let cmds: Vec<Vec<&str>> = vec![
        vec!["students"],
        vec!["show", "x"],
        vec!["set", "x", "grade", "9"],
        vec!["checkin", "x", "--said", "hi"],
        vec!["export", "x"],
        vec!["report", "due"],
        vec!["check"],
        vec!["import", "roster", "data/roster-sample.csv"],
    ];
    cmds.into_iter()
        .map(|args| {
            let mut c = plp(db);
            c.args(args);
            c
        })
        .collect()
}

#[test]
fn a_corrupt_file_is_refused_and_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("notes.db");
    std::fs::write(&db, "these are my notes, not a database\n".repeat(200)).unwrap();
    let before = snapshot_dir(dir.path());
    for c in every_command(&db) {
        fails_with(c, 1, "is not a plp database");
    }
    assert!(
        snapshot_dir(dir.path()) == before,
        "no byte changed, no file added"
    );
}

#[test]
fn a_database_cut_short_is_called_damaged_and_a_backup_is_named() {
    let (dir, demo) = demo_db();
    let bytes = std::fs::read(&demo).unwrap();
    let db = dir.path().join("cut.db");
    std::fs::write(&db, &bytes[..8192.min(bytes.len())]).unwrap();
    let before = snapshot_dir(dir.path());
    let mut c = plp(&db);
    c.arg("students");
    let err = fails_with(c, 1, "it is damaged (cut short or overwritten in part)");
    assert!(err.contains("plp restore BACKUP"), "{err}");
    assert!(!err.contains("Error code"), "no SQLite code shown: {err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(snapshot_dir(dir.path()) == before, "nothing written");
}

#[test]
fn a_foreign_sqlite_file_is_refused_and_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("other.sqlite");
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute_batch("CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup');")
            .unwrap();
    }
    let before = snapshot_dir(dir.path());
    for c in every_command(&db) {
        fails_with(c, 1, "is not a plp database");
    }
    assert!(
        snapshot_dir(dir.path()) == before,
        "no byte changed, no file added"
    );
}

#[test]
fn a_missing_file_is_named_and_not_created_by_reads() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("nowhere.db");
    for args in [
        vec!["students"],
        vec!["show", "x"],
        vec!["report", "trends"],
        vec!["check"],
    ] {
        let mut c = plp(&db);
        c.args(args);
        fails_with(c, 1, "no such file");
    }
    assert!(!db.exists());
}

#[test]
fn a_read_only_file_can_be_read_but_not_changed() {
    let (dir, db) = demo_db();
    // Fold the WAL back into the file so that a read-only open sees everything.
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")
        .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o444)).unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o555)).unwrap();
    let before = std::fs::read(&db).unwrap();
    // root writes through file modes, so as root the check runs as `nobody`.
    let running_as_root = unsafe { libc::geteuid() } == 0;
    let as_user = |c: assert_cmd::Command| -> assert_cmd::Command {
        if !running_as_root {
            return c;
        }
        use std::os::unix::process::CommandExt;
        let mut std = std::process::Command::new(assert_cmd::cargo::cargo_bin("plp"));
        std.arg("--db")
            .arg(&db)
            .env("PLP_TODAY", "2026-11-24")
            .env("PLP_AUTHOR", "tester")
            .env_remove("PLP_DB")
            .uid(65534)
            .gid(65534);
        drop(c);
        assert_cmd::Command::from_std(std)
    };
    as_user(plp(&db)).arg("students").assert().success();
    let mut c = as_user(plp(&db));
    c.args(["set", "Kit", "grade", "11"]);
    fails_with(c, 1, "read-only");
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    assert!(
        std::fs::read(&db).unwrap() == before,
        "the file was not changed"
    );
}

#[test]
fn a_newer_file_is_read_only_and_never_written() {
    let (dir, db) = demo_db();
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE; PRAGMA user_version = 99;")
            .unwrap();
    }
    let before = snapshot_dir(dir.path());
    let (code, out, err) = run({
        let mut c = plp(&db);
        c.arg("students");
        c
    });
    assert_eq!(code, 0);
    assert!(out.contains("students"));
    assert!(
        err.contains("newer plp") && err.trim_end().lines().count() == 1,
        "{err}"
    );
    let (code, _, err) = run({
        let mut c = plp(&db);
        c.args(["set", "Kit", "grade", "11"]);
        c
    });
    assert_eq!(code, 1);
    // One sentence: why it cannot be changed, and that nothing was (the warning a reading
    // command ends with is not said again before it).
    assert_eq!(
        err.trim_end(),
        format!(
            "plp: {} was written by a newer plp (schema 99, this plp knows {}), so it is \
             read-only here; nothing was changed",
            db.display(),
            plp::store::SCHEMA_VERSION
        )
    );
    let (code, _, _) = run({
        let mut c = plp(&db);
        c.arg("check");
        c
    });
    assert_eq!(code, 1);
    assert!(
        snapshot_dir(dir.path()) == before,
        "no byte changed, no file added"
    );
}

#[test]
fn a_new_database_is_private_to_its_owner() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new/sub/plp.db");
    plp(&db)
        .args(["import", "roster", "data/roster-sample.csv"])
        .assert()
        .success();
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&db), 0o600);
    assert_eq!(mode(db.parent().unwrap()), 0o700);
    assert_eq!(mode(&dir.path().join("new")), 0o700);
}

#[test]
fn closed_pipes_end_quietly() {
    let (_d, db) = demo_db();
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "{} --db {} students --format json | head -c 10 > /dev/null; echo done",
            assert_cmd::cargo::cargo_bin("plp").display(),
            db.display()
        ))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !err.contains("panicked") && !err.contains("Broken pipe"),
        "{err}"
    );
}

/// A change's stored value altered by hand into bytes that are no value: `plp check` says the
/// file holds a damaged value and what to do, in one sentence, and changes nothing.
#[test]
fn a_damaged_value_in_the_log_is_named_as_damage_not_a_database_error() {
    let (dir, db) = demo_db();
    damage_a_stored_value(&db);
    let before = snapshot_dir(dir.path());
    let mut c = plp(&db);
    c.arg("check");
    let err = fails_with(c, 1, "holds a damaged value that cannot be read");
    assert!(!err.contains("Conversion error"), "{err}");
    assert!(err.contains("restore the file from a backup"), "{err}");
    assert_eq!(snapshot_dir(dir.path()), before, "the file was changed");
}
