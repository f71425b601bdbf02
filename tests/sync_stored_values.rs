//! A sync by path takes each value in as the far file stored it (not parsed, written out and
//! compressed again), yet checks every change as before: a hostile value is refused with the
//! same sentence. (Bytes that do not read as a value are never kept: `packed`'s unit tests.)

mod common;
use common::*;
use rusqlite::types::Value as Sql;
use rusqlite::Connection;
use std::path::Path;

static DICTIONARY: &[u8] = include_bytes!("../assets/values.zdict");

/// Every change's id and stored value.
fn stored(db: &Path) -> Vec<(Vec<u8>, Sql)> {
    let conn = Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare("SELECT id, value FROM ops ORDER BY id")
        .unwrap();
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<Vec<_>>>()
        .unwrap();
    rows
}

/// The JSON text of a value compressed with the dictionary.
fn inflate(blob: &[u8]) -> Vec<u8> {
    zstd::bulk::Decompressor::with_dictionary(DICTIONARY)
        .unwrap()
        .decompress(blob, 1 << 20)
        .unwrap()
}

/// A school (a generated caseload of 20, with edits as well as new records) and a laptop
/// holding one student of its own.
fn school_and_laptop() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let school = dir.path().join("school.db");
    plp(&school)
        .args(["demo", "--no-open", "--students", "20"])
        .assert()
        .success();
    let laptop = dir.path().join("laptop.db");
    plp(&laptop)
        .args(["demo", "--no-open", "--students", "1"])
        .assert()
        .success();
    (dir, school, laptop)
}

#[test]
fn a_path_sync_keeps_each_value_as_the_far_file_stored_it() {
    let (_dir, school, laptop) = school_and_laptop();
    {
        let conn = Connection::open(&school).unwrap();
        // A short value with room around it, and a long one compressed the way plp did before
        // its dictionary: both read as the same values, in bytes plp would not write today.
        conn.execute(
            "UPDATE ops SET value = ' ' || value || ' '
             WHERE rowid = (SELECT min(rowid) FROM ops WHERE typeof(value) = 'text')",
            [],
        )
        .unwrap();
        let (row, blob): (i64, Vec<u8>) = conn
            .query_row(
                "SELECT rowid, value FROM ops WHERE entity = 'checkin' AND typeof(value) = 'blob'
                 LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        let plain = zstd::bulk::compress(&inflate(&blob), 1).unwrap();
        assert_eq!(zstd::zstd_safe::get_dict_id_from_frame(&plain), None);
        conn.execute(
            "UPDATE ops SET value = ?1 WHERE rowid = ?2",
            rusqlite::params![plain, row],
        )
        .unwrap();
    }
    let before = stored(&school);
    plp(&laptop).arg("sync").arg(&school).assert().success();
    let on_laptop = stored(&laptop);
    for (id, value) in &before {
        let (_, there) = on_laptop
            .iter()
            .find(|(i, _)| i == id)
            .expect("every change is taken in");
        assert_eq!(there, value, "a value is stored as the far file stored it");
    }
    assert!(before
        .iter()
        .any(|(_, v)| matches!(v, Sql::Text(t) if t.starts_with(' '))));
    check_agrees(&laptop);
    assert_eq!(dump(&laptop), dump(&school));
}

/// Changes one stored change of the school (found by `pick`, a query for its rowid, id and
/// value) with `tamper`, syncs the laptop with it, and returns the laptop's stored values and
/// what plp said, after checking that it said what the checks say of that change read the long
/// way.
fn sync_with_tampered(
    pick: &str,
    tamper: impl Fn(Vec<u8>) -> Sql,
) -> (Vec<(Vec<u8>, Sql)>, String) {
    let (_dir, school, laptop) = school_and_laptop();
    let id = {
        let conn = Connection::open(&school).unwrap();
        let (row, id, value): (i64, Vec<u8>, Vec<u8>) = conn
            .query_row(pick, [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get_ref(2)?.as_bytes()?.to_vec()))
            })
            .unwrap();
        conn.execute(
            "UPDATE ops SET value = ?1 WHERE rowid = ?2",
            rusqlite::params![tamper(value), row],
        )
        .unwrap();
        uuid::Uuid::from_slice(&id).unwrap().to_string()
    };
    let op = plp::store::Store::open_existing(&school)
        .unwrap()
        .ops()
        .unwrap()
        .into_iter()
        .find(|o| o.id == id)
        .unwrap();
    let expected = plp::sync::validate::op(&op).err().map(|r| r.to_string());
    let (code, _, err) = run({
        let mut c = plp(&laptop);
        c.arg("sync").arg(&school);
        c
    });
    match &expected {
        Some(sentence) => {
            assert_eq!(code, 1, "{err}");
            assert!(err.contains(sentence.as_str()), "{sentence} in: {err}");
        }
        None => assert_eq!(code, 0, "{err}"),
    }
    check_agrees(&laptop);
    (stored(&laptop), expected.unwrap_or(err))
}

#[test]
fn a_hostile_value_stored_in_the_far_file_is_refused_as_before() {
    // A new student whose status no plp writes, stored as text.
    let (on_laptop, said) = sync_with_tampered(
        "SELECT rowid, id, value FROM ops WHERE entity = 'student' AND field = '*'
         ORDER BY rowid DESC LIMIT 1",
        |blob| {
            let mut value: serde_json::Value = serde_json::from_slice(&inflate(&blob)).unwrap();
            value["status"] = "banana".into();
            Sql::Text(value.to_string())
        },
    );
    assert!(
        said.contains("(new student) was refused: unknown student status \"banana\""),
        "{said}"
    );
    assert!(on_laptop
        .iter()
        .all(|(_, v)| !matches!(v, Sql::Text(t) if t.contains("banana"))));
}
