//! Schema 7: the change log's values are compressed with a dictionary kept in the program. A
//! file of schema 6 (values compressed each on its own) is brought to it on open without a
//! stored byte changing, reads exactly as before, and new values name the dictionary.

mod common;

use std::path::Path;

use plp::store::{Base, Entity, Op, Store, SCHEMA_VERSION};

/// `tests/fixtures/v6_plain_values.db` is `v_prev.db` (see `file_format.rs`) as the plp before
/// the dictionary upgraded it: schema 6, its values compressed without a dictionary.
fn fixture(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("school.db");
    std::fs::copy("tests/fixtures/v6_plain_values.db", &db).unwrap();
    db
}

fn user_version(db: &Path) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

/// Every stored value's bytes, in the log's order.
fn raw_values(db: &Path) -> Vec<(i64, Vec<u8>)> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare("SELECT rowid, CAST(value AS BLOB) FROM ops ORDER BY rowid")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// The log as the schema-1 file it came from holds it (the ground truth).
fn original_log() -> Vec<Op> {
    common::schema1_log(
        &rusqlite::Connection::open_with_flags(
            "tests/fixtures/v_prev.db",
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )
        .unwrap(),
    )
}

fn dictionary_of(blob: &[u8]) -> Option<u32> {
    zstd::zstd_safe::get_dict_id_from_frame(blob).map(|d| d.get())
}

#[test]
fn a_schema_6_file_reads_the_same_and_new_values_use_the_dictionary() {
    let dir = tempfile::tempdir().unwrap();
    let db = fixture(dir.path());
    assert_eq!(user_version(&db), 6);
    let before = raw_values(&db);
    let compressed: Vec<&Vec<u8>> = before
        .iter()
        .map(|(_, v)| v)
        .filter(|v| v.first() != Some(&b'"') && v.first() != Some(&b'{'))
        .collect();
    assert!(compressed.len() > 400, "most values are compressed");
    assert!(compressed.iter().all(|v| dictionary_of(v).is_none()));

    let mut store = Store::open(&db).unwrap();
    assert_eq!(user_version(&db), SCHEMA_VERSION);
    // Nothing stored was rewritten, so no copy was needed.
    assert!(!dir
        .path()
        .join(format!("school.db.before-v{SCHEMA_VERSION}"))
        .exists());
    assert_eq!(raw_values(&db), before);
    let mut all = store.ops().unwrap();
    all.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(all, original_log());
    // The tables the previous plp built agree with the values read back.
    assert!(!store.rebuild().unwrap());

    // A new value long enough to compress names the dictionary, and reads back.
    let student = all.iter().find(|o| o.entity == "student").unwrap();
    let text = "Keeps a planner and asks for help early; ".repeat(4);
    store
        .write(|w| {
            w.set_text(
                Entity::Student,
                &student.entity_id,
                "strengths",
                &text,
                Base::Current,
            )
        })
        .unwrap();
    let after = raw_values(&db);
    assert_eq!(&after[..before.len()], &before[..]);
    let (_, newest) = after.last().unwrap();
    assert!(dictionary_of(newest).is_some());
    assert_eq!(
        store
            .history(&student.entity_id, "strengths")
            .unwrap()
            .last()
            .unwrap()
            .value,
        serde_json::Value::from(text.trim_end())
    );
    drop(store);

    common::check_agrees(&db);
}
