//! A new replica over the wire starts as a checked copy of the far side's database.

mod common;
use common::*;
use plp::store::Store;
use plp::sync::snapshot;
use std::io::Cursor;
use std::path::Path;

/// The copy `send` writes for the database at `db`.
fn copy_of(db: &Path) -> Vec<u8> {
    let there = Store::open(db).unwrap();
    let mut wire = Vec::new();
    let sent = snapshot::send(&there, &mut wire).unwrap();
    assert_eq!(sent as usize, wire.len());
    wire
}

/// Names in `dir`, so a test can see no scratch file was left behind.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn a_new_replica_is_a_checked_copy_with_its_own_id() {
    let (dir, school) = demo_db();
    let wire = copy_of(&school);
    let size = std::fs::metadata(&school).unwrap().len() as usize;
    assert!(
        wire.len() < size / 2,
        "compressed: {} of {size}",
        wire.len()
    );

    let laptop_path = dir.path().join("laptop.db");
    let stale = dir.path().join(".laptop.db.incoming-0000");
    std::fs::write(&stale, b"left by a killed sync").unwrap();
    let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
    std::fs::File::options()
        .write(true)
        .open(&stale)
        .unwrap()
        .set_modified(two_hours_ago)
        .unwrap();

    let mut laptop = Store::open(&laptop_path).unwrap();
    let received = snapshot::receive(&mut laptop, &mut Cursor::new(wire)).unwrap();
    let school_store = Store::open(&school).unwrap();
    assert_eq!(received as i64, school_store.op_count().unwrap());
    assert_eq!(
        laptop.dump_tables().unwrap(),
        school_store.dump_tables().unwrap()
    );
    assert_ne!(laptop.replica(), school_store.replica());
    assert!(
        !names(dir.path()).iter().any(|n| n.contains(".incoming-")),
        "scratch files swept: {:?}",
        names(dir.path())
    );
    drop(laptop);
    drop(school_store);

    // The copy is a replica of its own: what is written there syncs back.
    plp(&laptop_path)
        .args(["checkin", "Hana", "--said", "Typed on the laptop"])
        .assert()
        .success();
    plp(&school)
        .arg("sync")
        .arg(&laptop_path)
        .assert()
        .success()
        .stdout("sent 0 changes, received 1\n");
}

#[test]
fn a_damaged_foreign_or_cut_copy_is_refused_and_changes_nothing() {
    let (dir, school) = demo_db();
    let good = copy_of(&school);

    let tampered = |sql: &str| {
        let path = dir.path().join(format!("bad-{}.db", sql.len()));
        std::fs::copy(&school, &path).unwrap();
        rusqlite::Connection::open(&path)
            .unwrap()
            .execute_batch(sql)
            .unwrap();
        copy_of(&path)
    };
    let mut not_zstd = 5u32.to_be_bytes().to_vec();
    not_zstd.extend(b"hello");
    not_zstd.extend(0u32.to_be_bytes());
    let mut too_long = good[..good.len() - 4].to_vec();
    too_long.extend(4u32.to_be_bytes());
    too_long.extend(b"more");
    too_long.extend(0u32.to_be_bytes());
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (good[..good.len() / 2].to_vec(), "closed in the middle of the copy"),
        (not_zstd, "could not be read"),
        (too_long, "could not be read"),
        (
            tampered("CREATE TABLE extra (x); CREATE TRIGGER t AFTER INSERT ON ops BEGIN DELETE FROM ops; END;"),
            "tables are not the ones this plp keeps",
        ),
        (
            tampered("DELETE FROM ops WHERE rowid = (SELECT max(rowid) FROM ops WHERE seq = 2);"),
            "gaps",
        ),
        (
            tampered("UPDATE ops SET entity = 'spaceship' WHERE rowid = 7;"),
            "spaceship",
        ),
        (
            tampered("UPDATE ops SET entity = 'submarine' WHERE rowid = (SELECT max(rowid) FROM ops);"),
            "submarine",
        ),
        (tampered("PRAGMA user_version = 99;"), "written by a newer plp"),
    ];
    for (i, (wire, want)) in cases.into_iter().enumerate() {
        let sub = dir.path().join(format!("case-{i}"));
        std::fs::create_dir(&sub).unwrap();
        let path = sub.join("laptop.db");
        let mut laptop = Store::open(&path).unwrap();
        let before = laptop.dump_tables().unwrap();
        let err = snapshot::receive(&mut laptop, &mut Cursor::new(wire))
            .expect_err(&format!("case {i} refused"))
            .to_string();
        assert!(err.contains(want), "case {i}: {err}");
        assert_eq!(laptop.op_count().unwrap(), 0, "case {i}");
        assert_eq!(laptop.dump_tables().unwrap(), before, "case {i}");
        drop(laptop);
        assert_eq!(names(&sub), ["laptop.db"], "case {i}: no scratch file left");
    }
}

/// The bytes of the copy `wire` carries, unpacked.
fn unpacked(wire: &[u8]) -> Vec<u8> {
    let mut packed = Vec::new();
    let mut at = 0;
    loop {
        let len = u32::from_be_bytes(wire[at..at + 4].try_into().unwrap()) as usize;
        at += 4;
        if len == 0 {
            break;
        }
        packed.extend_from_slice(&wire[at..at + len]);
        at += len;
    }
    zstd::decode_all(&packed[..]).unwrap()
}

fn holds(bytes: &[u8], needle: &str) -> bool {
    bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[test]
fn a_copy_carries_no_draft_not_even_in_free_pages() {
    use plp::store::DraftKey;
    let (dir, school) = demo_db();
    {
        let s = Store::open(&school).unwrap();
        let kept = DraftKey::checkin("kept-student");
        let gone = DraftKey::checkin("gone-student");
        s.save_draft(&kept, "UNSAVED-KEPT typed but not saved")
            .unwrap();
        // Long enough to need overflow pages of its own.
        s.save_draft(&gone, &"UNSAVED-GONE ".repeat(2000)).unwrap();
        s.delete_draft(&gone).unwrap();
    }
    let school_bytes = std::fs::read(&school).unwrap();
    let wal = std::fs::read(dir.path().join("plp.db-wal")).unwrap_or_default();
    assert!(
        holds(&school_bytes, "UNSAVED-") || holds(&wal, "UNSAVED-"),
        "the test's drafts are in the source's bytes"
    );

    // Over the wire: neither the bytes sent nor the file made from them hold a draft.
    let wire = copy_of(&school);
    let image = unpacked(&wire);
    assert!(!holds(&image, "UNSAVED-"), "a draft travelled in the copy");
    let laptop = dir.path().join("laptop.db");
    let mut store = Store::open(&laptop).unwrap();
    snapshot::receive(&mut store, &mut Cursor::new(wire)).unwrap();
    assert!(store.drafts().unwrap().is_empty());
    drop(store);

    // By path: the same.
    let desk = dir.path().join("desk.db");
    plp(&desk).arg("sync").arg(&school).assert().success();
    for db in [&laptop, &desk] {
        let mut bytes = std::fs::read(db).unwrap();
        bytes.extend(std::fs::read(format!("{}-wal", db.display())).unwrap_or_default());
        assert!(!holds(&bytes, "UNSAVED-"), "{}", db.display());
    }
    // The source keeps its own draft.
    assert_eq!(Store::open(&school).unwrap().drafts().unwrap().len(), 1);
}

#[test]
fn a_copy_whose_tables_disagree_with_its_log_shows_what_the_log_says() {
    let (dir, school) = demo_db();
    let forged = dir.path().join("forged.db");
    std::fs::copy(&school, &forged).unwrap();
    rusqlite::Connection::open(&forged)
        .unwrap()
        .execute_batch("UPDATE students SET given_name = 'Forged';")
        .unwrap();
    let wire = copy_of(&forged);
    let laptop = dir.path().join("laptop.db");
    let mut store = Store::open(&laptop).unwrap();
    snapshot::receive(&mut store, &mut Cursor::new(wire)).unwrap();
    let tables = store.dump_tables().unwrap();
    assert!(!tables.contains("\"Forged\""), "the forged name was kept");
    assert_eq!(
        tables,
        Store::open_existing(&school)
            .unwrap()
            .dump_tables()
            .unwrap()
    );
}

#[test]
fn a_copy_that_unpacks_to_far_more_than_was_sent_is_refused_early() {
    let dir = tempfile::tempdir().unwrap();
    // 1 GiB of zeros packs into a few tens of kilobytes.
    let mut packed = Vec::new();
    {
        let mut z = zstd::Encoder::new(&mut packed, 19).unwrap();
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..1024 {
            std::io::Write::write_all(&mut z, &zeros).unwrap();
        }
        z.finish().unwrap();
    }
    let mut wire = Vec::new();
    for part in packed.chunks(1 << 20) {
        wire.extend((part.len() as u32).to_be_bytes());
        wire.extend(part);
    }
    wire.extend(0u32.to_be_bytes());
    let path = dir.path().join("laptop.db");
    let mut laptop = Store::open(&path).unwrap();
    let err = snapshot::receive(&mut laptop, &mut Cursor::new(wire))
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "the copy sent was refused: it unpacks to far more than was sent"
    );
    drop(laptop);
    assert_eq!(names(dir.path()), ["laptop.db"]);
}

/// `plp sync --create FAR` makes the new far side a copy of this database, under its own id and
/// without this one's drafts, at the cost of a copy rather than of every change taken in one by
/// one; both then sync as any two replicas do.
#[test]
fn a_new_far_side_is_a_copy_with_its_own_id() {
    let (dir, school) = demo_db();
    {
        let s = Store::open(&school).unwrap();
        let hana = s.find_student("Hana").unwrap();
        s.save_draft(
            &plp::store::DraftKey::checkin(&hana),
            "{\"words\":\"typing\"}",
        )
        .unwrap();
    }
    let far = dir.path().join("far.db");
    let mut c = plp(&school);
    c.args(["sync", "--create"]).arg(&far);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    let (here, there) = (Store::open(&school).unwrap(), Store::open(&far).unwrap());
    assert_eq!(
        out,
        format!("sent {} changes, received 0\n", here.op_count().unwrap())
    );
    assert_eq!(here.dump_tables().unwrap(), there.dump_tables().unwrap());
    assert_ne!(here.replica(), there.replica());
    assert!(
        there.drafts().unwrap().is_empty(),
        "drafts stay where typed"
    );
    assert_eq!(here.drafts().unwrap().len(), 1);
    drop((here, there));
    check_agrees(&far);
    // Nothing to do, then a change each way.
    let mut c = plp(&school);
    c.arg("sync").arg(&far);
    assert_eq!(run(c).1, "sent 0 changes, received 0\n");
    plp(&far)
        .args(["checkin", "Kit", "--said", "Made on the far side"])
        .assert()
        .success();
    let mut c = plp(&school);
    c.arg("sync").arg(&far);
    assert_eq!(run(c).1, "sent 0 changes, received 1\n");
    assert_eq!(dump(&school), dump(&far));
}

/// A new far side that cannot be made whole (here: this file holds only part of a hub, which
/// no other file may take) is not left behind half made, for a later sync to take for a copy.
#[test]
fn a_far_side_that_could_not_be_made_is_not_left_behind() {
    let (dir, db) = demo_db();
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('hub-partial', 'postgresql://hub')",
        [],
    )
    .unwrap();
    drop(conn);
    let before = names(dir.path());
    let far = dir.path().join("far.db");
    let mut c = plp(&db);
    c.args(["sync", "--create"]).arg(&far);
    let (code, out, err) = run(c);
    assert_eq!((code, out.as_str()), (1, ""), "{err}");
    assert!(err.contains("hub"), "{err}");
    assert_eq!(names(dir.path()), before);
}
