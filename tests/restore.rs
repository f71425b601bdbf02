//! `plp restore BACKUP`: the backup takes the database's place as a new replica, the changes
//! made after it come back at the next sync, and a crash-left write-ahead log is never replayed
//! onto it.

mod common;
use common::*;
use plp::store::Store;
use std::path::{Path, PathBuf};

fn kept_aside(dir: &Path) -> std::path::PathBuf {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            let n = p.file_name().unwrap().to_string_lossy().into_owned();
            n.starts_with("laptop.db.replaced-") && !n.ends_with("-wal")
        })
        .expect("the replaced file is kept")
}

/// A school, a laptop synced with it, and a backup of the laptop: the folder, the school's
/// file, the laptop's, the backup.
fn laptop_and_its_backup() -> (tempfile::TempDir, PathBuf, PathBuf, PathBuf) {
    let (dir, school) = demo_db();
    let laptop = dir.path().join("laptop.db");
    plp(&laptop).arg("sync").arg(&school).assert().success();
    let backup = dir.path().join("backup.db");
    plp(&laptop).arg("backup").arg(&backup).assert().success();
    (dir, school, laptop, backup)
}

#[test]
fn a_restored_backup_is_a_new_replica_and_gets_back_what_came_after_it() {
    let (dir, school, laptop, backup) = laptop_and_its_backup();
    let backup_bytes = std::fs::read(&backup).unwrap();
    plp(&laptop)
        .args(["checkin", "Hana", "--said", "After the backup"])
        .assert()
        .success();
    plp(&laptop).arg("sync").arg(&school).assert().success();
    let old_id = Store::open_existing(&laptop).unwrap().replica().to_string();
    let changes = Store::open_existing(&backup).unwrap().op_count().unwrap();

    let mut c = plp(&laptop);
    c.arg("restore").arg(&backup);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    let aside = kept_aside(dir.path());
    // Reading the backup leaves nothing beside it.
    for suffix in ["-wal", "-shm"] {
        let mut side = backup.as_os_str().to_owned();
        side.push(suffix);
        assert!(
            !std::path::Path::new(&side).exists(),
            "{} left beside the backup",
            suffix
        );
    }
    assert_eq!(
        out,
        format!(
            "restored {} from {} ({changes} changes); it syncs as a new replica, so the changes \
             made after the backup come back at its next sync; the file it replaced is kept as {}\n",
            laptop.display(),
            backup.display(),
            aside.display()
        )
    );
    assert_eq!(
        std::fs::read(&backup).unwrap(),
        backup_bytes,
        "backup untouched"
    );
    assert_eq!(dump(&laptop), dump(&backup));
    assert_ne!(Store::open_existing(&laptop).unwrap().replica(), old_id);
    assert_eq!(Store::open_existing(&aside).unwrap().replica(), old_id);

    plp(&laptop)
        .args(["checkin", "Kit", "--said", "After the restore"])
        .assert()
        .success();
    plp(&laptop)
        .arg("sync")
        .arg(&school)
        .assert()
        .success()
        .stdout("sent 1 change, received 1\n");
    let (a, b) = (dump(&laptop), dump(&school));
    assert_eq!(a, b);
    assert!(a.contains("\"After the backup\"") && a.contains("\"After the restore\""));
}

/// A check-in made after the backup and never synced would not come back at any sync: the
/// restore says it is only in the replaced file, and how to bring it back; that brings it.
#[test]
fn a_restore_names_what_never_left_the_file_it_replaces() {
    let (dir, school, laptop, backup) = laptop_and_its_backup();
    for (who, said) in [("Hana", "Synced after the backup"), ("Kit", "Never synced")] {
        plp(&laptop)
            .args(["checkin", who, "--said", said])
            .assert()
            .success();
        if who == "Hana" {
            plp(&laptop).arg("sync").arg(&school).assert().success();
        }
    }
    let mut c = plp(&laptop);
    c.arg("restore").arg(&backup);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    let aside = kept_aside(dir.path());
    assert!(
        out.ends_with(&format!(
            "the file it replaced is kept as {0}, and 1 change made there was never synced: it \
             is only in that file, and plp sync {0} brings it back\n",
            aside.display()
        )),
        "{out}"
    );
    assert_eq!(out.lines().count(), 1, "{out}");
    plp(&laptop).arg("sync").arg(&school).assert().success();
    assert!(!dump(&laptop).contains("Never synced"));
    plp(&laptop).arg("sync").arg(&aside).assert().success();
    let back = dump(&laptop);
    assert!(back.contains("Never synced") && back.contains("Synced after the backup"));
}

#[test]
fn a_crash_left_write_ahead_log_is_not_replayed_onto_the_restored_backup() {
    let (dir, laptop) = {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("laptop.db");
        plp(&db).args(["demo", "--no-open"]).assert().success();
        (dir, db)
    };
    let backup = dir.path().join("backup.db");
    plp(&laptop).arg("backup").arg(&backup).assert().success();
    // A process that wrote and then died: its write-ahead log is left beside the file.
    let wal = dir.path().join("laptop.db-wal");
    let left = {
        let mut s = Store::open(&laptop).unwrap();
        s.conn()
            .pragma_update(None, "wal_autocheckpoint", 0)
            .unwrap();
        let id = s.ops().unwrap()[0].entity_id.clone();
        s.write(|w| {
            w.set(
                plp::store::Entity::Student,
                &id,
                "strengths",
                "Written just before the crash".into(),
                plp::store::Base::Current,
            )
        })
        .unwrap();
        std::fs::read(&wal).unwrap()
    };
    assert!(!left.is_empty());
    std::fs::write(&wal, &left).unwrap();

    let mut c = plp(&laptop);
    c.arg("restore").arg(&backup);
    let (code, _, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert!(!wal.exists(), "the old log went with the old file");
    plp(&laptop)
        .arg("check")
        .assert()
        .success()
        .stdout(predicates::str::starts_with("ok: "));
    assert_eq!(dump(&laptop), dump(&backup));
    // The replaced file, with its own log, still holds what was written before the crash.
    let aside = kept_aside(dir.path());
    assert!(dump(&aside).contains("\"Written just before the crash\""));
}

#[test]
fn restore_refuses_what_is_not_a_backup_and_changes_nothing() {
    let (dir, laptop) = demo_db();
    let before = snapshot_dir(dir.path());
    let junk = dir.path().join("notes.txt");
    std::fs::write(&junk, "not a database at all, just some words").unwrap();
    let mut c = plp(&laptop);
    c.arg("restore").arg(&junk);
    fails_with(c, 1, "is not a plp database");
    let mut c = plp(&laptop);
    c.arg("restore").arg(dir.path().join("missing.db"));
    fails_with(
        c,
        1,
        "missing.db does not exist; name the backup to restore",
    );
    let mut c = plp(&laptop);
    c.arg("restore").arg(dir.path());
    fails_with(c, 1, "is not a file; name the backup to restore");
    let mut c = plp(&laptop);
    c.arg("restore").arg(&laptop);
    fails_with(c, 1, "that is the database itself; name a backup of it");
    std::fs::remove_file(&junk).unwrap();
    assert_eq!(snapshot_dir(dir.path()), before);

    // A backup a newer plp wrote is named by its own name (not the copy being made of it),
    // with what to do, and no copy is left beside the database.
    let (_backup_dir, newer) = demo_db();
    rusqlite::Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let before = snapshot_dir(dir.path());
    let mut c = plp(&laptop);
    c.arg("restore").arg(&newer);
    let err = fails_with(
        c,
        1,
        "was written by a newer plp (schema 99, this plp knows",
    );
    assert!(
        err.contains(&newer.display().to_string())
            && err
                .trim_end()
                .ends_with("upgrade plp here first; nothing was changed")
            && !err.contains("incoming"),
        "{err}"
    );
    assert_eq!(snapshot_dir(dir.path()), before);
}

#[test]
fn a_database_that_shares_no_change_with_this_one_is_not_restored_over_it() {
    let (dir, _school, laptop, backup) = laptop_and_its_backup();
    let other = dir.path().join("other.db");
    plp(&other).args(["demo", "--no-open"]).assert().success();
    let before = snapshot_dir(dir.path());
    let mut c = plp(&laptop);
    c.arg("restore").arg(&other);
    fails_with(c, 1, "is not a backup of");
    assert_eq!(snapshot_dir(dir.path()), before);

    // A backup of it is restored; so is anything over a file that holds no change yet.
    plp(&laptop).arg("restore").arg(&backup).assert().success();
    let empty = dir.path().join("empty.db");
    plp(&empty)
        .args(["config", "school", "North High"])
        .assert()
        .success();
    plp(&empty).arg("restore").arg(&other).assert().success();
}
