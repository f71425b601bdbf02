//! A backup copied back by hand over the database (same path, no `plp restore`) notices by
//! itself, before it writes anything, that it went back in time: it writes as a new replica, so
//! no new change ever takes a number already used, and every replica ends up with every change.

mod common;
use common::*;
use plp::store::{Store, COPIED_BACK};
use std::collections::BTreeSet;
use std::path::Path;

fn op_ids(db: &Path) -> BTreeSet<String> {
    let store = Store::open_existing(db).unwrap();
    store.ops().unwrap().into_iter().map(|o| o.id).collect()
}

fn checkin(db: &Path, said: &str) -> String {
    let mut c = plp(db);
    c.args(["checkin", "Hana", "--said", said]);
    let (code, _, err) = run(c);
    assert_eq!(code, 0, "{err}");
    err
}

fn sync(db: &Path, other: &Path) -> String {
    let mut c = plp(db);
    c.arg("sync").arg(other);
    let (code, _, err) = run(c);
    assert_eq!(code, 0, "{err}");
    err
}

#[test]
fn a_backup_copied_back_by_hand_writes_as_a_new_replica_and_nothing_diverges() {
    let (dir, school) = demo_db();
    let a = dir.path().join("a.db");
    let b = dir.path().join("b.db");
    let c = dir.path().join("c.db");
    sync(&a, &school);
    sync(&b, &school);
    let backup = dir.path().join("backup.db");
    plp(&a).arg("backup").arg(&backup).assert().success();

    let lost = checkin(&a, "Lost when the backup came back");
    assert!(!lost.contains(COPIED_BACK), "{lost}");
    sync(&a, &b);
    let note = std::fs::metadata(dir.path().join("a.db.replica")).expect("a note beside a.db");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(note.permissions().mode() & 0o777, 0o600);
    assert!(
        !dir.path().join("backup.db.replica").exists(),
        "a backup gets no note of its own"
    );
    let old_id = Store::open_existing(&a).unwrap().replica().to_string();

    // A person copies the backup back, removing what a crash left beside the file.
    for side in ["a.db-wal", "a.db-shm"] {
        let _ = std::fs::remove_file(dir.path().join(side));
    }
    std::fs::copy(&backup, &a).unwrap();

    let err = checkin(&a, "Typed after the copy back");
    assert!(err.contains(COPIED_BACK), "the copy back is told: {err:?}");
    let new_id = Store::open_existing(&a).unwrap().replica().to_string();
    assert_ne!(new_id, old_id, "it writes as a new replica");
    let quiet = checkin(&a, "And once more");
    assert!(!quiet.contains(COPIED_BACK), "told once: {quiet:?}");

    let mut fresh = plp(&a);
    fresh.arg("sync").arg(&c).arg("--create");
    let (code, _, err) = run(fresh);
    assert_eq!(code, 0, "{err}");
    sync(&b, &c);
    sync(&a, &b);

    let all = op_ids(&b);
    assert_eq!(op_ids(&a), all);
    assert_eq!(op_ids(&c), all);
    let tables = dump(&b);
    assert_eq!(dump(&a), tables);
    assert_eq!(dump(&c), tables);
    for said in [
        "Lost when the backup came back",
        "Typed after the copy back",
        "And once more",
    ] {
        assert!(tables.contains(said), "{said} is held everywhere");
    }
    // No two changes share a (replica, seq) number.
    let store = Store::open_existing(&b).unwrap();
    let ops = store.ops().unwrap();
    let numbers: BTreeSet<_> = ops.iter().map(|o| (o.replica.clone(), o.seq)).collect();
    assert_eq!(numbers.len(), ops.len());

    // The backup file itself, opened where it lies, is no copy back.
    let mut c = plp(&backup);
    c.args(["checkin", "Hana", "--said", "In the backup file"]);
    let (code, _, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains(COPIED_BACK), "{err}");
}

#[test]
fn a_restored_backup_is_not_told_it_was_copied_back() {
    let (dir, school) = demo_db();
    let a = dir.path().join("a.db");
    sync(&a, &school);
    let backup = dir.path().join("backup.db");
    plp(&a).arg("backup").arg(&backup).assert().success();
    checkin(&a, "After the backup");
    sync(&a, &school);
    plp(&a).arg("restore").arg(&backup).assert().success();
    let err = checkin(&a, "After the restore");
    assert!(!err.contains(COPIED_BACK), "{err}");
    let err = sync(&a, &school);
    assert!(!err.contains(COPIED_BACK), "{err}");
    assert!(dump(&a).contains("After the backup"));
}

/// A laptop's file copied by hand (`cp`, without the note beside it) to a second laptop: both
/// copies go on writing, and they meet only through others (a bundle folder, the school's file)
/// in an order where each side already holds "that number" of the other. Every change reaches
/// every file: the copy took a new replica id on its first opening, so the two never wrote
/// different changes under one number.
#[test]
fn a_file_copied_by_hand_to_another_laptop_never_loses_a_change() {
    copied_by_hand(false);
}

/// As above, with the whole folder copied (`cp -a`): the note beside the file comes along, but
/// it was written for the original file, so the copy still takes its own replica id.
#[test]
fn a_folder_copied_whole_with_its_note_never_loses_a_change() {
    copied_by_hand(true);
}

fn copied_by_hand(with_note: bool) {
    let (dir, school) = demo_db();
    let a = dir.path().join("a.db");
    let b = dir.path().join("b.db");
    let usb = dir.path().join("usb");
    sync(&a, &school);
    checkin(&a, "Before the copy");
    sync(&a, &school);
    std::fs::copy(&a, &b).unwrap();
    if with_note {
        let note = |p: &std::path::Path| p.with_extension("db.replica");
        std::fs::copy(note(&a), note(&b)).expect("the original has its note");
    }
    let a_id = Store::open_existing(&a).unwrap().replica().to_string();

    checkin(&a, "A conference after the copy");
    let said = checkin(&b, "B conference after the copy");
    assert!(!said.contains(COPIED_BACK), "nothing to tell: {said}");
    let mut c = plp(&a);
    c.arg("sync").arg("--bundle").arg(&usb).arg("--create");
    let (code, _, err) = run(c);
    assert_eq!(code, 0, "{err}");
    sync(&b, &school);
    let mut c = plp(&school);
    c.arg("sync").arg("--bundle").arg(&usb);
    let (code, _, err) = run(c);
    assert_eq!(code, 0, "{err}");
    sync(&b, &school);
    sync(&a, &school);

    let all = op_ids(&school);
    for (name, db) in [("a", &a), ("b", &b)] {
        let held = op_ids(db);
        let lacking = all.symmetric_difference(&held).count();
        assert_eq!(
            lacking, 0,
            "{name} and the school differ by {lacking} changes"
        );
    }
    let tables = dump(&school);
    for said in ["A conference after the copy", "B conference after the copy"] {
        assert!(tables.contains(said), "{said} reached the school");
    }
    assert_eq!(dump(&a), tables);
    assert_eq!(dump(&b), tables);
    // The original keeps its id and its note: it was not the copy, which writes under its own.
    assert_eq!(Store::open_existing(&a).unwrap().replica(), a_id);
    assert_ne!(Store::open_existing(&b).unwrap().replica(), a_id);
}
