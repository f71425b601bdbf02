//! What sync says when something goes wrong: one clean sentence each, never an OS error code,
//! never a megabyte of the other side's words, and never a hang.

mod common;
use common::*;
use plp::store::{Hlc, Op, Store};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn script(dir: &Path, name: &str, body: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

#[test]
fn a_stalled_link_stops_the_sync_after_the_timeout() {
    let (dir, db) = demo_db();
    let stalls = script(dir.path(), "stalls", "exec sleep 60");
    let started = Instant::now();
    let mut c = plp(&db);
    c.args(["sync", "school:/srv/plp.db"])
        .env("PLP_SSH", &stalls)
        .env("PLP_SYNC_TIMEOUT", "1");
    fails_with(
        c,
        1,
        "sync with school failed: the other side sent nothing for 1 second, so the sync was \
         stopped (a stalled link?); nothing had been received here; set PLP_SYNC_TIMEOUT to wait \
         longer",
    );
    assert!(started.elapsed() < Duration::from_secs(30), "no hang");
}

/// A wait written as something other than seconds (`10m`, as the sentence above invites) is
/// said, not passed over for the usual five minutes; nothing is run or synced.
#[test]
fn a_wait_that_is_not_seconds_is_said_before_anything_is_run() {
    let (dir, db) = demo_db();
    let ran = dir.path().join("ran");
    let ssh = script(
        dir.path(),
        "ssh",
        &format!("touch {}; exec sleep 60", ran.display()),
    );
    let before = dump(&db);
    let mut c = plp(&db);
    c.args(["sync", "school:/srv/plp.db"])
        .env("PLP_SSH", &ssh)
        .env("PLP_SYNC_TIMEOUT", "10m");
    fails_with(
        c,
        1,
        "PLP_SYNC_TIMEOUT is \"10m\", which is not a number of seconds (such as 600 for ten \
         minutes); nothing was synced",
    );
    assert!(!ran.exists(), "ssh was not run");
    assert_eq!(dump(&db), before);
}

#[test]
fn a_stalled_client_does_not_keep_the_server_for_ever() {
    let (_dir, db) = demo_db();
    let started = Instant::now();
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("plp"))
        .arg("--db")
        .arg(&db)
        .args(["serve", "--stdio"])
        .env("PLP_SYNC_TIMEOUT", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let _stdin_kept_open = child.stdin.take();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(started.elapsed() < Duration::from_secs(30));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("the other side sent nothing for 1 second"),
        "{err}"
    );
}

#[test]
fn a_message_cut_mid_line_is_called_that() {
    let (_dir, db) = demo_db();
    let mut c = plp(&db);
    c.args(["serve", "--stdio"])
        .write_stdin("{\"hello\":{\"protocol\":3,\"plp\":\"0.1.0\"}}\n{\"vv\":{\"ab");
    let (code, _, err) = run(c);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "plp: the connection closed in the middle of a message\n"
    );
}

#[test]
fn the_other_sides_words_are_cleaned_and_cut_to_a_sentence() {
    let (dir, db) = demo_db();
    let loud = script(
        dir.path(),
        "loud",
        "printf '{\"error\":\"\\\\u001b[2J%s\"}\\n' \"$(head -c 5000000 /dev/zero | tr '\\000' a)\"; cat >/dev/null",
    );
    let mut c = plp(&db);
    c.args(["sync", "school:/srv/plp.db"]).env("PLP_SSH", &loud);
    let err = fails_with(c, 1, "sync with school failed: the other side refused: ");
    assert!(err.len() < 600, "{} bytes", err.len());
    assert!(!err.contains('\u{1b}'));
    assert!(err.trim_end().ends_with("aaa…"), "{err}");
}

#[test]
fn a_server_whose_client_went_away_says_so_without_an_os_error() {
    let (_dir, db) = demo_db();
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("plp"))
        .arg("--db")
        .arg(&db)
        .args(["serve", "--stdio"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut stdin = child.stdin.take().unwrap();
    let _ = stdin.write_all(b"{\"hello\":{\"protocol\":3,\"plp\":\"0.1.0\"}}\n");
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(err, "plp: the other side closed the connection\n");
}

fn stamped(template: &Op, replica: &str, ahead_ms: i64, text: &str) -> Op {
    Op {
        id: uuid::Uuid::now_v7().to_string(),
        replica: replica.into(),
        seq: 1,
        hlc: Hlc {
            millis: plp::store::wall_millis() + ahead_ms,
            counter: 0,
        }
        .to_string(),
        field: "strengths".into(),
        value: text.into(),
        base: Vec::new(),
        ..template.clone()
    }
}

#[test]
fn a_stamp_far_ahead_is_refused_and_none_carries_the_clock_far_forward() {
    let (dir, db) = demo_db();
    let template = Store::open_existing(&db)
        .unwrap()
        .ops()
        .unwrap()
        .into_iter()
        .find(|o| o.entity == "student" && o.field == "*")
        .unwrap();
    let folder = dir.path().join("stick");
    std::fs::create_dir(&folder).unwrap();
    let year = 360 * 24 * 3600 * 1000;
    let far = stamped(&template, "far", year, "From a year ahead");
    let near = stamped(&template, "near", 90 * 60 * 1000, "From 90 minutes ahead");
    for op in [&far, &near] {
        std::fs::write(
            folder.join(format!("{}.1-1.plpchanges", op.replica)),
            serde_json::to_string(op).unwrap() + "\n",
        )
        .unwrap();
    }
    let mut c = plp(&db);
    c.args(["sync", "--bundle"]).arg(&folder);
    let (code, _, err) = run(c);
    assert_eq!(code, 1);
    assert!(
        err.contains(&format!(
            "change {} was refused: it is stamped more than two hours ahead of this \
             machine's clock (is one of the clocks wrong?)",
            far.id
        )),
        "{err}"
    );
    // The one a little ahead was taken; a change made here now is stamped no further ahead
    // than the limit, even after a stamp a year ahead got into the log some other way.
    let mut s = Store::open(&db).unwrap();
    assert_eq!(s.version_vector().unwrap().get("near"), Some(&1));
    s.conn()
        .execute(
            "UPDATE ops SET ms = ?1, ctr = ?2
             WHERE seq = ?3 AND replica = (SELECT n FROM replicas WHERE id = ?4)",
            rusqlite::params![
                Hlc::parse(&far.hlc).unwrap().millis,
                Hlc::parse(&far.hlc).unwrap().counter,
                near.seq,
                near.replica
            ],
        )
        .unwrap();
    let id = s
        .write(|w| {
            w.set(
                plp::store::Entity::Student,
                &template.entity_id,
                "needs",
                "Made here".into(),
                plp::store::Base::Current,
            )
        })
        .unwrap();
    let mine = s.op_by_id(&id).unwrap().unwrap();
    let ahead = Hlc::parse(&mine.hlc).unwrap().millis - plp::store::wall_millis();
    assert!(ahead <= plp::store::MAX_AHEAD_MS, "{ahead} ms ahead");
}

#[test]
fn a_disk_that_fills_part_way_through_says_what_was_kept() {
    let (_dir, db) = demo_db();
    let mut s = Store::open(&db).unwrap();
    let template = s
        .ops()
        .unwrap()
        .into_iter()
        .find(|o| o.entity == "student" && o.field == "*")
        .unwrap();
    let now = plp::store::wall_millis() - 60_000;
    let ops: Vec<Op> = (1..=12_000)
        .map(|i| Op {
            id: uuid::Uuid::now_v7().to_string(),
            replica: "big".into(),
            seq: i,
            hlc: Hlc {
                millis: now,
                counter: i as u32,
            }
            .to_string(),
            entity_id: uuid::Uuid::now_v7().simple().to_string(),
            field: "strengths".into(),
            // Words that do not compress away (the log packs long values).
            value: format!(
                "words {i} {}",
                (0..36)
                    .map(|_| uuid::Uuid::now_v7().simple().to_string())
                    .collect::<String>()
            )
            .into(),
            base: Vec::new(),
            ..template.clone()
        })
        .collect();
    let pages: i64 = s
        .conn()
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    // The disk has room for a little more than one batch.
    s.conn()
        .pragma_update(None, "max_page_count", pages + 1200)
        .unwrap();
    let err = s.apply_ops(ops).unwrap_err().to_string();
    assert_eq!(
        err,
        "the disk filled up: 5000 received changes were kept, the rest were not; make room and \
         sync again to take them"
    );
    assert_eq!(s.version_vector().unwrap().get("big"), Some(&5000));
}

/// The far side that goes away before the sync is over is named as such, not as a refusal,
/// and nothing is said to have arrived when nothing did.
const CLOSED_EARLY: &str = "sync with school failed: the other side closed the connection \
     before the sync finished; nothing had been received here, and syncing again finishes it";

/// The far side that goes away before it answers (ssh found no such host).
const NO_ANSWER: &str = "sync with school failed: the other side closed the connection without \
     answering; nothing was received here";

#[test]
fn a_far_side_that_just_closes_is_said_in_one_plain_sentence() {
    let (dir, db) = demo_db();
    let gone = script(dir.path(), "gone", "exec true");
    let before = snapshot_dir(dir.path());
    let mut c = plp(&db);
    c.args(["sync", "school:/srv/plp.db"]).env("PLP_SSH", &gone);
    let err = fails_with(c, 1, NO_ANSWER);
    assert!(!err.contains("arrived") && !err.contains("kept"), "{err}");
    assert!(!err.contains("refused"), "{err}");
    assert_eq!(snapshot_dir(dir.path()), before);
}

#[test]
fn a_server_whose_input_was_cut_is_not_reported_as_refusing() {
    let (dir, db) = demo_db();
    let (_far_dir, far) = demo_db();
    // The far plp hears only the greeting: the link to it is cut after the first line.
    let cut = script(
        dir.path(),
        "cut",
        &format!(
            "head -n 1 | '{}' --db '{}' serve --stdio 2>/dev/null",
            assert_cmd::cargo::cargo_bin("plp").display(),
            far.display()
        ),
    );
    let mut c = plp(&db);
    c.args(["sync", "school:/srv/plp.db"]).env("PLP_SSH", &cut);
    let err = fails_with(c, 1, CLOSED_EARLY);
    assert!(!err.contains("refused"), "{err}");
}

/// The far plp killed part way through sending (its server going down in the middle of a
/// sync): the sentence says the far side went before the sync finished and what was kept, not
/// that a message was cut, and syncing again finishes it.
#[test]
fn a_far_side_killed_part_way_through_a_message_says_what_was_kept() {
    let (dir, db) = demo_db();
    // A school's file of its own, with thousands of changes the laptop lacks.
    let far = dir.path().join("school.db");
    succeeds(plp_args(&far, &["demo", "--students", "60", "--no-open"]));
    let fifo = dir.path().join("far-out");
    // The far side's first 100,000 bytes are passed on as they come (dd, as head -c holds
    // them until it has all), then it is killed.
    let cut = script(
        dir.path(),
        "cut",
        &format!(
            "exec 3<&0\nmkfifo '{fifo}'\n'{plp}' --db '{far}' serve --stdio <&3 >'{fifo}' \
             2>/dev/null &\nfar=$!\ndd bs=4096 count=100000 iflag=count_bytes 2>/dev/null <'{fifo}'\nkill -9 $far \
             2>/dev/null",
            fifo = fifo.display(),
            plp = assert_cmd::cargo::cargo_bin("plp").display(),
            far = far.display()
        ),
    );
    let mut c = plp(&db);
    // A guard: were the far side's answer short of the cut, the test ends in 20 s, not 300.
    c.args(["sync", "school:/srv/plp.db"])
        .env("PLP_SSH", &cut)
        .env("PLP_SYNC_TIMEOUT", "20");
    let err = fails_with(c, 1, CLOSED_EARLY);
    assert!(!err.contains("middle of a message"), "{err}");
    let mut c = plp(&db);
    c.arg("sync").arg(&far);
    succeeds(c);
    check_agrees(&db);
}

#[test]
fn a_target_that_looks_like_a_url_but_is_no_hubs_is_refused_and_nothing_is_made() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    // Were ssh run, this would say so.
    let ran = dir.path().join("ssh-ran");
    let ssh = script(
        dir.path(),
        "ssh",
        &format!("touch '{}'; exec true", ran.display()),
    );
    for (typed, shown) in [
        (
            "postgres//boss:pw@127.0.0.1:55801/district",
            "postgres//boss@127.0.0.1:55801/district",
        ),
        (
            "postgress://boss:pw@127.0.0.1:55801/district",
            "postgress://boss@127.0.0.1:55801/district",
        ),
        (
            "pg://boss:pw@127.0.0.1/district",
            "pg://boss@127.0.0.1/district",
        ),
        (
            "postgresql:/boss:pw@127.0.0.1/district",
            "postgresql:/boss@127.0.0.1/district",
        ),
    ] {
        let mut c = plp(&db);
        c.current_dir(dir.path())
            .args(["sync", typed, "--create"])
            .env("PLP_SSH", &ssh);
        let err = fails_with(
            c,
            1,
            &format!(
                "plp: \"{shown}\" is not a place to sync with: a hub's URL starts postgres:// or \
                 postgresql://"
            ),
        );
        assert!(!err.contains("pw"), "{err}");
    }
    assert!(!ran.exists(), "ssh was run");
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "ssh")
        .collect();
    assert!(left.is_empty(), "made: {left:?}");
}

#[test]
fn create_makes_the_file_or_folder_never_the_folders_it_would_sit_in() {
    let (dir, db) = demo_db();
    let missing = dir.path().join("no-such-folder");
    let mut c = plp(&db);
    c.args(["sync", "--create"]).arg(missing.join("copy.db"));
    fails_with(
        c,
        1,
        &format!(
            "the folder {} does not exist; --create makes only copy.db itself",
            missing.display()
        ),
    );
    let mut c = plp(&db);
    c.args(["sync", "--create", "--bundle"])
        .arg(missing.join("bundle"));
    fails_with(
        c,
        1,
        &format!(
            "the folder {} does not exist; --create makes only bundle itself",
            missing.display()
        ),
    );
    assert!(!missing.exists());
}

/// A sync into a `--db` where no file was there makes the database and says so on standard
/// error (a mistyped path shows at once); one that fails leaves no empty file behind.
#[test]
fn a_sync_into_a_new_file_says_it_made_it_and_a_failed_one_leaves_none() {
    let (dir, far) = common::demo_db();
    let not_plp = dir.path().join("notes.txt");
    std::fs::write(&not_plp, "not a database\n").unwrap();
    let typo = dir.path().join("typo.db");
    let mut c = common::plp(&typo);
    c.args(["sync", not_plp.to_str().unwrap()]);
    let (code, _, err) = common::run(c);
    assert_ne!(code, 0, "{err}");
    for suffix in ["", "-wal", "-shm"] {
        let p = format!("{}{suffix}", typo.display());
        assert!(!Path::new(&p).exists(), "{p} was left behind: {err}");
    }

    let fresh = dir.path().join("fresh.db");
    let mut c = common::plp(&fresh);
    c.args(["sync", far.to_str().unwrap()]);
    let (code, _, err) = common::run(c);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(&format!(
            "made a new database at {} (no file was there)",
            fresh.display()
        )),
        "{err}"
    );
    let mut c = common::plp(&fresh);
    c.args(["sync", far.to_str().unwrap()]);
    let (code, _, err) = common::run(c);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("made a new database"), "{err}");
}

/// Over ssh as by path: a far path where there is no database is refused, in one sentence,
/// and nothing is made there (a mistyped server path makes no copy of the students); with
/// `--create` the file is made, never the folders it would sit in; a far file that is no plp
/// database is said once, by the client.
#[test]
fn over_ssh_a_missing_far_file_is_made_only_with_create_and_said_once() {
    let (dir, db) = demo_db();
    let ssh = fake_ssh(dir.path());
    let over = |target: &Path, create: bool| {
        let mut c = plp(&db);
        c.arg("sync")
            .arg(format!("lab:{}", target.display()))
            .env("PLP_SSH", &ssh)
            .env("PLP_REMOTE_PLP", assert_cmd::cargo::cargo_bin("plp"));
        if create {
            c.arg("--create");
        }
        run(c)
    };
    let typo = dir.path().join("typo.db");
    let (code, out, err) = over(&typo, false);
    assert_eq!(code, 1, "{out}{err}");
    assert_eq!(
        err,
        format!(
            "plp: sync with lab failed: the other side refused: {} does not exist there; check \
             the path, or add --create to make it a copy of this database\n",
            typo.display()
        )
    );
    assert!(!typo.exists());

    let missing = dir.path().join("no-such-folder");
    let (code, _, err) = over(&missing.join("copy.db"), true);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(&format!(
            "the folder {} does not exist there; --create makes only copy.db itself",
            missing.display()
        )),
        "{err}"
    );
    assert!(!missing.exists());

    let not_plp = dir.path().join("notes.db");
    std::fs::write(&not_plp, "not a database\n").unwrap();
    let (code, _, err) = over(&not_plp, false);
    assert_eq!(code, 1, "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("is not a plp database"), "{err}");

    let (code, out, err) = over(&typo, true);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(dump(&typo), dump(&db));
}

/// The database itself under another name (a symbolic or a hard link) is refused as itself:
/// SQLite would open a hard link as a second database with its own write-ahead log.
#[test]
fn the_database_under_another_name_is_refused_as_itself() {
    let (dir, db) = demo_db();
    let before = dump(&db);
    let soft = dir.path().join("soft.db");
    std::os::unix::fs::symlink(&db, &soft).unwrap();
    let hard = dir.path().join("hard.db");
    std::fs::hard_link(&db, &hard).unwrap();
    for other in [&db, &soft, &hard] {
        let mut c = plp(&db);
        c.arg("sync").arg(other);
        fails_with(c, 1, "that is this database; sync needs another one");
    }
    assert_eq!(dump(&db), before);
}

/// An ssh that is not there is said in words, without the system's error number.
#[test]
fn an_ssh_that_is_not_there_is_said_in_words() {
    let (_dir, db) = demo_db();
    let mut c = plp(&db);
    c.args(["sync", "lab:/srv/plp/school.db"])
        .env("PLP_SSH", "/nonexistent/ssh");
    let err = fails_with(
        c,
        1,
        "cannot run /nonexistent/ssh: there is no such program (PLP_SSH names the ssh to use)",
    );
    assert!(!err.contains("os error"), "{err}");
}
