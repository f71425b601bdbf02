//! A file written in an earlier format (schema 1: the change log as text and JSON) is brought
//! to the packed one on open: same exports, same change log, a copy taken first, and a failed
//! upgrade leaves the file as it was.

mod common;

use std::path::Path;

use common::{plp, run};
use plp::store::{Op, Store, SCHEMA_VERSION};

/// `tests/fixtures/v_prev.db` was written by a plp before the packed log (schema 1): the demo caseload,
/// synced with a second replica, a conflict, a check-in with tabs and accents, and a change whose
/// id is not a UUID from a third replica. `v_prev.export.json` is that plp's `export --all`;
/// a later plp's export adds fields, and says the same about the rest.
fn fixture(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("school.db");
    std::fs::copy("tests/fixtures/v_prev.db", &db).unwrap();
    db
}

/// The change log as schema 1 holds it, read straight from its table.
fn old_log(db: &Path) -> Vec<Op> {
    common::schema1_log(&rusqlite::Connection::open(db).unwrap())
}

fn user_version(db: &Path) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

fn without_date(json: &str) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_str(json).unwrap();
    v.as_object_mut().unwrap().remove("exported");
    v
}

/// Everything `old` says, `new` says the same (fields added since may appear beside it).
fn holds(new: &serde_json::Value, old: &serde_json::Value, at: &str) {
    use serde_json::Value;
    match (new, old) {
        (Value::Object(n), Value::Object(o)) => {
            for (k, v) in o {
                let here = n.get(k).unwrap_or_else(|| panic!("{at}.{k} is missing"));
                holds(here, v, &format!("{at}.{k}"));
            }
        }
        (Value::Array(n), Value::Array(o)) => {
            assert_eq!(n.len(), o.len(), "{at} has another length");
            for (i, (a, b)) in n.iter().zip(o).enumerate() {
                holds(a, b, &format!("{at}[{i}]"));
            }
        }
        _ => assert_eq!(new, old, "{at} differs"),
    }
}

#[test]
fn a_file_of_the_previous_format_migrates_with_the_same_log_and_exports() {
    let dir = tempfile::tempdir().unwrap();
    let db = fixture(dir.path());
    assert_eq!(user_version(&db), 1);
    let before = old_log(&db);
    assert!(before.iter().any(|o| o.id == "Legacy-Op-1"));
    assert!(before.iter().any(|o| !o.base.is_empty()));

    let store = Store::open(&db).unwrap();
    assert_eq!(user_version(&db), SCHEMA_VERSION);
    // The log as sync sends it: every change, each exactly as it was.
    let mut sent = store.ops_missing_from(&Default::default()).unwrap();
    sent.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(sent.len(), before.len());
    for (was, is) in before.iter().zip(&sent) {
        assert_eq!(was, is);
    }
    let mut all = store.ops().unwrap();
    all.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(all, before);
    assert_eq!(store.conflicts().unwrap().len(), 1);
    drop(store);

    // A copy of the file as it was is kept beside it.
    let backup = dir
        .path()
        .join(format!("school.db.before-v{SCHEMA_VERSION}"));
    assert_eq!(user_version(&backup), 1);
    assert_eq!(old_log(&backup), before);

    let (code, out, err) = run({
        let mut c = plp(&db);
        c.args(["export", "--all", "--format", "json"]);
        c
    });
    assert_eq!(code, 0, "{err}");
    let expected = std::fs::read_to_string("tests/fixtures/v_prev.export.json").unwrap();
    holds(&without_date(&out), &without_date(&expected), "export");

    // The tables the old plp built agree with the packed log.
    common::check_agrees(&db);
}

#[test]
fn the_packed_file_is_smaller() {
    let dir = tempfile::tempdir().unwrap();
    let db = fixture(dir.path());
    let size = |p: &Path| std::fs::metadata(p).unwrap().len();
    let was = size(&db);
    drop(Store::open(&db).unwrap());
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
    drop(conn);
    assert!(size(&db) * 10 < was * 8, "{} of {was} bytes", size(&db));
}

#[test]
fn an_upgrade_that_fails_leaves_the_file_as_it_was_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = fixture(dir.path());
    {
        // A stamp in a form the packed log cannot write back as it was.
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute(
            "UPDATE ops SET hlc = '+' || substr(hlc, 2) WHERE rowid = 5",
            [],
        )
        .unwrap();
    }
    let before = old_log(&db);
    let err = match Store::open(&db) {
        Err(e) => e.to_string(),
        Ok(_) => panic!("the upgrade should fail"),
    };
    assert!(
        err.contains("could not be brought to this plp's file format")
            && err.contains("it was left as it was")
            && err.contains(&format!("school.db.before-v{SCHEMA_VERSION}")),
        "{err}"
    );
    assert!(!err.contains('\n'));
    assert_eq!(user_version(&db), 1);
    assert_eq!(old_log(&db), before);
    // Through the binary: one sentence, exit 1.
    let (code, _, err) = run({
        let mut c = plp(&db);
        c.arg("students");
        c
    });
    assert_eq!(code, 1);
    assert!(err.contains("it was left as it was"), "{err}");
    assert_eq!(user_version(&db), 1);
}
