//! `plp check` on damaged files: SQLite's integrity check runs beside the replay of the log,
//! and whatever the replay finds, a damaged file is reported as such and left as it was (no
//! rebuilt tables, no repaired version vector).

mod common;
use common::*;

use std::path::Path;

/// Folds the write-ahead log into the file, so that its bytes alone are the database.
fn fold_wal(db: &Path) {
    rusqlite::Connection::open(db)
        .unwrap()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
}

/// Tables that disagree with the log, and a version vector that claims more than the log
/// holds: on a sound file `plp check` would rewrite both.
fn tamper_tables_and_versions(db: &Path) {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute("UPDATE students SET strengths = 'tampered'", [])
        .unwrap();
    let n = conn
        .execute("UPDATE versions SET seq = seq + 5", [])
        .unwrap();
    assert!(n > 0, "the demo has a version vector");
}

/// How many changes the file's log holds.
fn ops(db: &Path) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row("SELECT count(*) FROM ops", [], |r| r.get(0))
        .unwrap()
}

fn sqlite_finds_damage(db: &Path) -> bool {
    let conn = rusqlite::Connection::open(db).unwrap();
    let s: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap_or_else(|e| e.to_string());
    s != "ok"
}

/// An index whose entries no longer match its table (its definition names another column):
/// the replay does not read it, so only the integrity check can tell.
#[test]
fn a_damaged_index_is_reported_and_nothing_is_rebuilt_or_repaired() {
    let (dir, db) = demo_db();
    tamper_tables_and_versions(&db);
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch(
            "PRAGMA writable_schema = ON;
             UPDATE sqlite_schema SET sql = replace(sql, '(goal_id)', '(student_id)')
             WHERE name = 'strategies_by_goal';
             PRAGMA writable_schema = OFF;",
        )
        .unwrap();
    }
    fold_wal(&db);
    assert!(sqlite_finds_damage(&db));
    let before = snapshot_dir(dir.path());
    let mut c = plp(&db);
    c.arg("check");
    let err = fails_with(c, 1, "is damaged (");
    assert!(err.contains("restore it from a backup"), "{err}");
    assert!(
        snapshot_dir(dir.path()) == before,
        "no byte changed, no file added"
    );
}

/// Pages of the change log overwritten: the replay stops on them, and the integrity check's
/// finding is what is reported.
#[test]
fn a_damaged_change_log_is_reported_as_damage_and_left_as_it_was() {
    let (dir, db) = demo_db();
    tamper_tables_and_versions(&db);
    fold_wal(&db);
    let (pages, page_size): (Vec<i64>, usize) = {
        let conn = rusqlite::Connection::open(&db).unwrap();
        let pages = conn.prepare(
            "SELECT pageno FROM dbstat WHERE name = 'ops' AND pagetype = 'leaf' ORDER BY pageno",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
        let size: i64 = conn
            .query_row("PRAGMA page_size", [], |r| r.get(0))
            .unwrap();
        (pages, size as usize)
    };
    assert!(pages.len() > 4, "the demo's log spans pages: {pages:?}");
    let mut bytes = std::fs::read(&db).unwrap();
    for p in &pages[1..pages.len() - 1] {
        let at = (*p as usize - 1) * page_size;
        bytes[at..at + page_size].fill(0x5a);
    }
    std::fs::write(&db, &bytes).unwrap();
    assert!(sqlite_finds_damage(&db));
    let before = snapshot_dir(dir.path());
    let mut c = plp(&db);
    c.arg("check");
    fails_with(c, 1, "is damaged (");
    assert!(
        snapshot_dir(dir.path()) == before,
        "no byte changed, no file added"
    );
}

/// On a sound file the same tampering is found and mended, in the words `plp check` uses.
#[test]
fn a_sound_file_gets_its_tables_rebuilt_and_its_versions_set_back() {
    let (_dir, db) = demo_db();
    let built = dump(&db);
    tamper_tables_and_versions(&db);
    let (code, out, err) = run({
        let mut c = plp(&db);
        c.arg("check");
        c
    });
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("the version vector claimed changes 1 to"),
        "{out}"
    );
    assert!(
        out.lines()
            .last()
            .unwrap()
            .starts_with("rebuilt the tables from the change log ("),
        "{out}"
    );
    assert_eq!(dump(&db), built);
    let (code, out, _) = run({
        let mut c = plp(&db);
        c.arg("check");
        c
    });
    assert_eq!(code, 0);
    assert!(
        out.starts_with("ok: ") && out.contains("the tables agree with the change log"),
        "{out}"
    );
}

/// A file that cannot be written is checked as far as reading goes, and the sentence says why
/// it cannot be written (here: a newer plp wrote it), never only that it is "read-only"; only
/// half a check is not called "ok", and it fails (a script checking files is not told all is
/// well).
#[test]
fn a_file_that_cannot_be_written_is_checked_and_says_why() {
    let (_dir, db) = demo_db();
    fold_wal(&db);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    conn.pragma_update(None, "user_version", version + 1)
        .unwrap();
    drop(conn);
    let mut c = plp(&db);
    c.arg("check");
    let (code, out, err) = run(c);
    assert_eq!(code, 1, "{out}");
    assert_eq!(out, "");
    assert_eq!(
        err.trim_end(),
        format!(
            "plp: {} was written by a newer plp (schema {}, this plp knows {version}), so only \
             half of the check was done: the file is sound ({} operations), but its tables were \
             not compared with the change log",
            db.display(),
            version + 1,
            ops(&db)
        )
    );
}
