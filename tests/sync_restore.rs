//! A database brought back from a backup notices, at its next sync, that the other side holds
//! more of its own history than it does: it takes a new replica id, takes its lost changes back,
//! sends the ones made since, and says so. `plp restore` does it safely from the start.

mod common;
use common::*;
use plp::store::Store;
use std::path::Path;

fn said(db: &Path, words: &str) {
    plp(db)
        .args(["checkin", "Hana", "--said", words])
        .assert()
        .success();
}

/// `laptop` syncs with `school`, by path or through the stand-in ssh.
fn sync(dir: &Path, laptop: &Path, school: &Path, over_ssh: bool) -> assert_cmd::Command {
    let mut c = plp(laptop);
    c.arg("sync");
    if over_ssh {
        c.arg(format!("school:{}", school.display()))
            .env("PLP_SSH", fake_ssh(dir))
            .env("PLP_REMOTE_PLP", assert_cmd::cargo::cargo_bin("plp"));
    } else {
        c.arg(school);
    }
    c
}

/// Backup, changes that reach the school, the backup copied back over the file, new changes,
/// a sync: nothing is lost either way. `lost` changes are lost, `since` made after the copy.
fn copied_back(over_ssh: bool, lost: usize, since: usize, laptop_serves: bool) {
    let (dir, school) = demo_db();
    let laptop = dir.path().join("laptop.db");
    sync(dir.path(), &laptop, &school, over_ssh)
        .assert()
        .success();
    let backup = dir.path().join("laptop-backup.db");
    plp(&laptop).arg("backup").arg(&backup).assert().success();
    for i in 0..lost {
        said(&laptop, &format!("Lost with the disk {i}"));
    }
    sync(dir.path(), &laptop, &school, over_ssh)
        .assert()
        .success();
    let old_id = Store::open_existing(&laptop).unwrap().replica().to_string();

    // What anyone would do: copy the backup back over the file. Without the note plp keeps
    // beside the file (a new machine, or one wiped) the file cannot tell a copy back from a
    // copy to another machine: before its first change it takes a new replica id quietly (see
    // tests/copy_back.rs), and the sync takes the lost changes back as another replica's. With
    // no change made since, only the sync can notice, and says so.
    std::fs::copy(&backup, &laptop).unwrap();
    let _ = std::fs::remove_file(dir.path().join("laptop.db.replica"));
    for i in 0..since {
        said(&laptop, &format!("Typed after the copy {i}"));
    }
    let (code, out, err) = if laptop_serves {
        // The school starts the sync; the restored file is the far side.
        run(sync(dir.path(), &school, &laptop, over_ssh))
    } else {
        run(sync(dir.path(), &laptop, &school, over_ssh))
    };
    assert_eq!(code, 0, "{err}");
    let (which, holder) = match (laptop_serves, over_ssh) {
        (false, false) => ("this database", "the other file"),
        (false, true) => ("this database", "the other side"),
        (true, false) => ("the other file", "this database"),
        (true, true) => ("the other side", "this side"),
    };
    let moved = match since {
        0 => String::new(),
        1 => ", and the 1 change made here since goes out under it".into(),
        n => format!(", and the {n} changes made here since go out under it"),
    };
    let (lacked, back) = match lost {
        1 => ("a change of its own".to_string(), "it"),
        n => (format!("{n} of its own changes"), "them"),
    };
    let note = format!(
        "{which} lacked {lacked} that {holder} holds (was it restored from a backup?): it takes \
         {back} back and now syncs as a new replica{moved}"
    );
    let (sent, received) = if laptop_serves {
        (lost, since)
    } else {
        (since, lost)
    };
    let note = if since == 0 {
        format!("{note}\n")
    } else {
        String::new()
    };
    assert_eq!(
        out,
        format!(
            "sent {sent} change{}, received {received}\n{note}",
            if sent == 1 { "" } else { "s" }
        )
    );
    let new_id = Store::open_existing(&laptop).unwrap().replica().to_string();
    assert_ne!(new_id, old_id);
    // Everything is everywhere, and the next sync has nothing to do.
    sync(dir.path(), &laptop, &school, over_ssh)
        .assert()
        .success()
        .stdout("sent 0 changes, received 0\n");
    let (a, b) = (dump(&school), dump(&laptop));
    assert_eq!(a, b);
    for i in 0..lost {
        assert!(a.contains(&format!("\"Lost with the disk {i}\"")), "{i}");
    }
    for i in 0..since {
        assert!(a.contains(&format!("\"Typed after the copy {i}\"")), "{i}");
    }
    // A third replica made from either gets everything too, and agrees.
    let third = dir.path().join("third.db");
    plp(&third).arg("sync").arg(&laptop).assert().success();
    plp(&school)
        .arg("sync")
        .arg(&third)
        .assert()
        .success()
        .stdout("sent 0 changes, received 0\n");
    plp(&laptop)
        .arg("check")
        .assert()
        .success()
        .stdout(predicates::str::starts_with("ok: "));
}

#[test]
fn a_copied_back_backup_takes_back_its_lost_changes_by_path() {
    copied_back(false, 2, 0, false);
}

#[test]
fn changes_made_on_a_copied_back_backup_are_kept_apart_from_the_lost_ones() {
    copied_back(false, 2, 1, false);
    copied_back(false, 1, 3, false);
}

#[test]
fn a_copied_back_backup_takes_back_its_lost_changes_over_ssh() {
    copied_back(true, 2, 1, false);
    copied_back(true, 1, 2, false);
}

#[test]
fn a_copied_back_backup_on_the_far_side_takes_back_its_lost_changes() {
    copied_back(true, 2, 1, true);
    copied_back(false, 1, 2, true);
}
