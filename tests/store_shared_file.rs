//! One file used by several plp processes at once, while one of them opens it a second time
//! (the app's reports are read on a connection of their own): what each saves reaches the
//! others, and the file stays whole.

mod common;

use common::{plp_args, succeeds};
use plp::domain::Student;
use plp::store::Store;

fn student(sis: &str, given: &str) -> Student {
    Student {
        sis_id: sis.into(),
        given_name: given.into(),
        family_name: "Okafor".into(),
        ..Default::default()
    }
}

#[test]
fn a_second_opening_in_one_process_keeps_its_locks_so_another_process_cannot_remove_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    let wal = dir.path().join("plp.db-wal");
    let mut app = Store::open(&db).unwrap();
    app.write(|w| w.add_student(&student("1001", "Amara")))
        .unwrap();
    // The app opens the file again beside its own connection and closes it, as a report read
    // on its own connection does.
    let reports = Store::open_existing(&db).unwrap();
    drop(reports);
    // Another plp opens the file and closes it: while the app has it open, its write-ahead log
    // must stay where it is (a last connection would fold it in and remove it).
    assert!(wal.exists());
    succeeds(plp_args(&db, &["students"]));
    assert!(
        wal.exists(),
        "the other process took itself for the file's last user and removed the app's log"
    );
    // What the app saves after that reaches the others, and another process's change reaches
    // the app; the file passes its integrity check.
    app.write(|w| w.add_student(&student("1002", "Ben")))
        .unwrap();
    succeeds(plp_args(&db, &["set", "1001", "strengths", "Draws well"]));
    drop(app);
    let listed = succeeds(plp_args(&db, &["students"]));
    assert!(listed.contains("Ben Okafor"), "{listed}");
    let shown = succeeds(plp_args(&db, &["show", "1001"]));
    assert!(shown.contains("Draws well"), "{shown}");
    succeeds(plp_args(&db, &["check"]));
}

/// A file held by a program that is not plp (here a connection as the sqlite3 shell makes one,
/// in a write it has not finished): plp waits, then says the file is busy without blaming
/// another plp, and changes nothing.
#[test]
fn a_file_held_by_another_program_is_said_to_be_busy_and_nothing_is_changed() {
    let (_dir, db) = common::demo_db();
    let before = common::dump(&db);
    let shell = rusqlite::Connection::open(&db).unwrap();
    shell.execute_batch("BEGIN IMMEDIATE").unwrap();
    let err = common::fails_with(
        plp_args(
            &db,
            &["checkin", "Kit", "--said", "the shell holds the file"],
        ),
        1,
        "the database is busy: another program is writing to it",
    );
    assert!(!err.contains("another plp is"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    shell.execute_batch("ROLLBACK").unwrap();
    drop(shell);
    assert_eq!(common::dump(&db), before, "nothing was changed");
}
