//! Bundle folders: files readable by their owner only; a damaged file is named and passed over
//! while every intact file is taken in, and its writer writes it again.

mod common;
use common::*;
use plp::store::Store;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    v.sort();
    v
}

#[test]
fn bundle_files_are_private_and_a_damaged_one_does_not_block_the_others() {
    let (dir, school) = demo_db();
    let folder = dir.path().join("stick");
    let laptop = dir.path().join("laptop.db");
    let desk = dir.path().join("desk.db");
    for db in [&laptop, &desk] {
        plp(db).arg("sync").arg(&school).assert().success();
    }
    plp(&laptop)
        .args(["checkin", "Hana", "--said", "From the laptop"])
        .assert()
        .success();
    plp(&desk)
        .args(["checkin", "Kit", "--said", "From the desk"])
        .assert()
        .success();
    std::fs::create_dir(&folder).unwrap();
    for db in [&laptop, &desk] {
        plp(db)
            .args(["sync", "--bundle"])
            .arg(&folder)
            .assert()
            .success();
    }
    for f in files(&folder) {
        let mode = std::fs::metadata(&f).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", f.display());
    }
    // The stick was pulled out while the laptop's file was being copied onto it.
    let laptop_id = Store::open_existing(&laptop).unwrap().replica().to_string();
    let cut = files(&folder)
        .into_iter()
        .find(|f| {
            f.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(&laptop_id)
        })
        .unwrap();
    let bytes = std::fs::read(&cut).unwrap();
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();

    let mut c = plp(&school);
    c.args(["sync", "--bundle"]).arg(&folder);
    let (code, out, err) = run(c);
    assert_eq!(code, 1);
    assert!(out.ends_with(", received 1\n"), "{out}");
    assert_eq!(
        err,
        format!(
            "plp: {} is damaged (cut short or changed) and was not taken in; the other files \
             were: run plp sync --bundle on the replica that wrote it ({laptop_id}) to write it \
             again, or delete it and sync that replica another way\n\
             plp: some received changes were refused (above); everything else was synced\n",
            cut.display()
        )
    );
    assert!(dump_has(&school, "From the desk"));
    assert!(!dump_has(&school, "From the laptop"));

    // Its writer writes it again, and then it is taken in.
    plp(&laptop)
        .args(["sync", "--bundle"])
        .arg(&folder)
        .assert()
        .success();
    plp(&school)
        .args(["sync", "--bundle"])
        .arg(&folder)
        .assert()
        .success()
        .stdout(predicates::str::ends_with(", received 1\n"));
    assert!(dump_has(&school, "From the laptop"));
}

fn dump_has(db: &Path, words: &str) -> bool {
    Store::open_existing(db)
        .unwrap()
        .dump_tables()
        .unwrap()
        .contains(&format!("{words:?}"))
}

/// A change made on a file that never meets the folder reaches every file that does, through
/// the file that took it in by another way of syncing; so does the history of a file that a
/// copy was made from.
#[test]
fn a_folder_carries_the_changes_a_file_took_in_from_elsewhere() {
    let (dir, school) = demo_db();
    let folder = dir.path().join("stick");
    std::fs::create_dir(&folder).unwrap();
    let office = dir.path().join("office.db");
    let laptop = dir.path().join("laptop.db");
    // The office is a copy of the school's file and meets only the school, by path.
    plp(&school)
        .args(["sync", "--create"])
        .arg(&office)
        .assert()
        .success();
    plp(&office)
        .args(["set", "Hana", "strengths", "Typed in the office"])
        .assert()
        .success();
    plp(&school).arg("sync").arg(&office).assert().success();
    // Only the school meets the stick, then the laptop.
    for db in [&school, &laptop] {
        plp(db)
            .args(["sync", "--bundle"])
            .arg(&folder)
            .assert()
            .success();
    }
    assert!(dump_has(&laptop, "Typed in the office"));
    assert_eq!(
        Store::open_existing(&laptop)
            .unwrap()
            .dump_tables()
            .unwrap(),
        Store::open_existing(&school)
            .unwrap()
            .dump_tables()
            .unwrap()
    );
    // Once each file has met the folder, nothing more is written.
    let before = files(&folder);
    for db in [&school, &laptop] {
        plp(db)
            .args(["sync", "--bundle"])
            .arg(&folder)
            .assert()
            .success()
            .stdout("sent 0 changes, received 0\n");
    }
    assert_eq!(files(&folder), before);

    // The office's file, written by the school, is cut short: the laptop, which holds those
    // changes too, writes it again, and a newcomer then takes in everything.
    let office_id = Store::open_existing(&office).unwrap().replica().to_string();
    let cut = before
        .iter()
        .find(|f| {
            f.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(&office_id)
        })
        .unwrap();
    let bytes = std::fs::read(cut).unwrap();
    std::fs::write(cut, &bytes[..bytes.len() - 10]).unwrap();
    plp(&laptop)
        .args(["sync", "--bundle"])
        .arg(&folder)
        .assert()
        .success();
    let joiner = dir.path().join("joiner.db");
    plp(&joiner)
        .args(["sync", "--bundle"])
        .arg(&folder)
        .assert()
        .success();
    assert!(dump_has(&joiner, "Typed in the office"));

    // A file that starts from the office's copy and meets only the stick gets everything.
    let copy = dir.path().join("copy.db");
    plp(&office)
        .args(["sync", "--create"])
        .arg(&copy)
        .assert()
        .success();
    let fresh_folder = dir.path().join("stick2");
    plp(&copy)
        .args(["sync", "--create", "--bundle"])
        .arg(&fresh_folder)
        .assert()
        .success();
    let newcomer = dir.path().join("newcomer.db");
    plp(&newcomer)
        .args(["sync", "--bundle"])
        .arg(&fresh_folder)
        .assert()
        .success();
    assert_eq!(
        Store::open_existing(&newcomer)
            .unwrap()
            .dump_tables()
            .unwrap(),
        Store::open_existing(&copy).unwrap().dump_tables().unwrap()
    );
}
