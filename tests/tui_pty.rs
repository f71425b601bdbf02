//! The real binary in a pseudo-terminal, typed into as an advisor would.

mod common;

use common::pty::{poll_until, Session, PATIENCE};
use portable_pty::CommandBuilder;
use std::path::Path;
use std::time::{Duration, Instant};

/// The drafts in a database once one of them holds `text` (typing is saved within a second).
fn draft_holding(db: &Path, text: &str) -> Vec<plp::store::Draft> {
    let mut found = Vec::new();
    poll_until(&format!("a draft holding {text:?}"), || {
        found = plp::store::Store::open_existing(db)
            .and_then(|s| s.drafts())
            .unwrap_or_default();
        found.iter().any(|d| d.body.contains(text))
    });
    found
}

fn open_kit(s: &mut Session) {
    s.wait_for("need a check-in now");
    s.send("/");
    s.type_slowly("kit");
    s.wait_for("Kit Morrow");
    s.send("\r");
    s.wait_for("1 Profile");
}

#[test]
fn an_advisor_types_a_whole_checkin_and_it_is_saved() {
    let (_dir, db) = common::demo_db();
    let mut s = Session::start(&db);
    open_kit(&mut s);
    s.send("n");
    s.wait_for("In the student's words");
    s.type_slowly("I wrote 30000 words, Zoë helped!");
    s.send("\t");
    s.wait_for("Progress, strategies");
    // Ten ratings, then last time's two steps: done.
    for k in ["3", "w", "p", "w", "2", "w", "t", "4", "w", "w", "d", "d"] {
        s.send(k);
    }
    // The last rating moves on to the adjustments by itself: Tab twice past them, then the
    // notes and the next steps.
    s.send("\t\t\t\t");
    s.wait_for("Who was there:");
    s.send("\r");
    s.wait_for("Check-in saved.");
    s.send("q");
    s.wait_exit();
    assert!(s.restored(), "the terminal was given back");
    let out = common::plp(&db)
        .args(["show", "Kit", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["checkins"][0]["student_words"],
        "I wrote 30000 words, Zoë helped!"
    );
    assert_eq!(v["checkins"][0]["progress"][0]["rating"], 3);
    assert_eq!(v["checkins"][0]["next_date"], "2026-12-29");
}

#[test]
fn kill_9_mid_sentence_loses_nothing_but_the_last_second() {
    let (_dir, db) = common::demo_db();
    let mut s = Session::start(&db);
    open_kit(&mut s);
    s.send("n");
    s.wait_for("In the student's words");
    s.type_slowly("The novel is at 30000 words and");
    // Saved within a second of typing, with nothing pressed after.
    draft_holding(&db, "The novel is at 30000 words and");
    s.signal(libc::SIGKILL);
    s.wait_exit();
    let mut again = Session::start(&db);
    again.wait_for("Resume the unsaved check-in for Kit Morrow");
    again.send("y");
    again.wait_for("The novel is at 30000 words and");
    again.send("\x1b");
    again.wait_for("kept as a draft");
    again.send("q");
    again.wait_exit();
    assert!(again.restored());
}

fn signal_ends_cleanly(sig: i32) {
    let (_dir, db) = common::demo_db();
    let mut s = Session::start(&db);
    open_kit(&mut s);
    s.send("n");
    s.wait_for("In the student's words");
    s.type_slowly("Typed just before the line dropped");
    s.wait_for("the line dropped");
    s.signal(sig);
    s.wait_exit();
    assert!(s.restored(), "the terminal was given back");
    let drafts = draft_holding(&db, "Typed just before the line dropped");
    assert_eq!(drafts.len(), 1);
    assert!(drafts[0]
        .body
        .contains("Typed just before the line dropped"));
}

/// The terminal goes away under plp, as when an SSH connection drops: its pseudo-terminal is
/// closed with plp still reading it.
#[test]
fn a_dropped_connection_saves_the_draft_and_ends() {
    use std::os::fd::{FromRawFd, OwnedFd};
    use std::os::unix::process::CommandExt;
    let (_dir, db) = common::demo_db();
    let (mut master, mut slave) = (0, 0);
    let size = libc::winsize {
        ws_row: 24,
        ws_col: 80,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: out-parameters for a new pseudo-terminal pair.
    let rc = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            &size,
        )
    };
    assert_eq!(rc, 0);
    // Only the test holds the terminal's far end, as only sshd does.
    unsafe { libc::fcntl(master, libc::F_SETFD, libc::FD_CLOEXEC) };
    let io = |fd: i32| unsafe { std::process::Stdio::from(OwnedFd::from_raw_fd(libc::dup(fd))) };
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("plp"));
    cmd.arg("--db")
        .arg(&db)
        .env("PLP_TODAY", "2026-11-24")
        .env("TERM", "xterm-256color")
        .stdin(io(slave))
        .stdout(io(slave))
        .stderr(io(slave));
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            libc::setsid();
            libc::ioctl(0, libc::TIOCSCTTY, 0);
            Ok(())
        });
    }
    let mut child = cmd.spawn().unwrap();
    unsafe { libc::close(slave) };
    let mut parser = vt100::Parser::new(24, 80, 0);
    let pump_until = |parser: &mut vt100::Parser, needle: &str| {
        let end = Instant::now() + PATIENCE;
        while !parser.screen().contents().contains(needle) {
            assert!(Instant::now() < end, "never saw {needle:?}");
            let mut p = libc::pollfd {
                fd: master,
                events: libc::POLLIN,
                revents: 0,
            };
            if unsafe { libc::poll(&mut p, 1, 50) } > 0 {
                let mut buf = [0u8; 8192];
                let n = unsafe { libc::read(master, buf.as_mut_ptr().cast(), buf.len()) };
                if n > 0 {
                    parser.process(&buf[..n as usize]);
                }
            }
        }
    };
    let send = |s: &str| {
        for b in s.bytes() {
            unsafe { libc::write(master, [b].as_ptr().cast(), 1) };
            std::thread::sleep(Duration::from_millis(15));
        }
    };
    pump_until(&mut parser, "need a check-in now");
    send("/kit");
    pump_until(&mut parser, "Kit Morrow");
    send("\r");
    pump_until(&mut parser, "1 Profile");
    send("n");
    pump_until(&mut parser, "In the student's words");
    send("Typed as the wifi went");
    pump_until(&mut parser, "wifi went");
    unsafe { libc::close(master) };
    let end = Instant::now() + PATIENCE;
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        assert!(
            Instant::now() < end,
            "plp kept running after its terminal went away"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let store = plp::store::Store::open_existing(&db).unwrap();
    let drafts = store.drafts().unwrap();
    assert!(
        drafts
            .iter()
            .any(|d| d.body.contains("Typed as the wifi went")),
        "{drafts:?}"
    );
}

#[test]
fn sigterm_saves_the_draft_and_restores_the_terminal() {
    signal_ends_cleanly(libc::SIGTERM);
}

#[test]
fn sighup_saves_the_draft_and_restores_the_terminal() {
    signal_ends_cleanly(libc::SIGHUP);
}

#[test]
fn growing_back_from_too_small_redraws_without_a_key() {
    let (_dir, db) = common::demo_db();
    let mut s = Session::start(&db);
    s.wait_for("need a check-in now");
    s.resize(60, 20);
    s.wait_for("Terminal too small");
    s.resize(80, 24);
    s.wait_for("need a check-in now");
    s.resize(120, 40);
    s.wait_for("need a check-in now");
    assert!(!s.text().contains("too small"));
    s.send("q");
    s.wait_exit();
    assert!(s.restored());
}

#[test]
fn the_first_key_after_a_resize_shows_at_once() {
    let (_dir, db) = common::demo_db();
    let mut s = Session::start(&db);
    s.wait_for("need a check-in now");
    s.type_slowly("/ok");
    s.wait_for("/ok");
    for _ in 0..3 {
        s.resize(60, 20);
        s.wait_for("Terminal too small");
        s.resize(80, 24);
        s.wait_for("need a check-in now");
        // The key read together with the resize is on screen without another key behind it.
        s.write("a");
        s.wait_for("/oka");
        s.write("\x7f");
        poll_until("the key taken back", || !s.text().contains("/oka"));
    }
    s.send("\x1b");
    s.send("q");
    s.wait_exit();
}

#[test]
fn keys_typed_while_the_window_changes_size_are_all_taken() {
    let (_dir, db) = common::demo_db();
    let mut s = Session::start(&db);
    s.wait_for("need a check-in now");
    s.type_slowly("/");
    s.wait_for("/");
    // Each key goes in right behind a resize, so the two are often read together.
    for _ in 0..4 {
        for i in 0..20u16 {
            s.resize(80 + i % 2 * 20, 24 + i % 2 * 6);
            s.write("x");
        }
        s.resize(80, 24);
        s.wait_for(&format!("/{}", "x".repeat(20)));
        s.write(&"\x7f".repeat(20));
        poll_until("the keys taken back", || !s.text().contains("/x"));
    }
    s.send("\x1b");
    s.send("q");
    s.wait_exit();
}

#[test]
fn ctrl_c_quits_as_q_does_and_keeps_the_draft() {
    let (_dir, db) = common::demo_db();
    let mut s = Session::start(&db);
    open_kit(&mut s);
    s.send("n");
    s.wait_for("In the student's words");
    s.type_slowly("Ctrl-C is not a way to lose this");
    s.wait_for("lose this");
    s.send("\x03");
    s.wait_exit();
    assert!(s.restored(), "the terminal was given back");
    draft_holding(&db, "Ctrl-C is not a way to lose this");
    // The shell is told, once the screen is given back.
    assert_eq!(
        s.count("what was being typed is kept as a draft: plp offers it again when it opens"),
        1
    );
}

/// In a shell with job control, as a person runs it: Ctrl-Z gives the shell back with the
/// terminal restored, and `fg` brings plp back drawn whole.
#[test]
fn ctrl_z_suspends_like_vim_and_fg_resumes() {
    let (_dir, db) = common::demo_db();
    let mut cmd = CommandBuilder::new("bash");
    cmd.args(["--norc", "--noprofile", "-i"]);
    cmd.env("PS1", "shell$ ");
    cmd.env("PLP_DB", &db);
    let mut s = Session::spawn(cmd);
    s.wait_for("shell$");
    let bin = assert_cmd::cargo::cargo_bin("plp");
    s.send(&format!("'{}'\r", bin.display()));
    s.wait_for("need a check-in now");
    s.send("n");
    s.wait_for("In the student's words");
    s.type_slowly("Before the break");
    s.wait_for("Before the break");
    let left = s.count("\x1b[?1049l");
    s.send("\x1a");
    s.wait_for("Stopped");
    assert!(
        s.count("\x1b[?1049l") > left,
        "the screen was given back before stopping"
    );
    assert!(
        !s.text().contains("Before the break"),
        "the shell's own screen shows"
    );
    // The draft was kept before stopping.
    draft_holding(&db, "Before the break");
    s.send("fg\r");
    s.wait_for("Before the break");
    s.wait_for("In the student's words");
    s.send("\x1b");
    s.wait_for("kept as a draft");
    s.send("q");
    s.wait_for("shell$");
    s.send("exit\r");
    s.wait_exit();
}

/// A sync in another terminal (here `plp set`, another process writing the file) shows on the
/// screen without a key: the caseload's line, and the open student's profile.
#[test]
fn what_another_process_writes_shows_without_a_key() {
    let (_dir, db) = common::demo_db();
    let mut s = Session::start(&db);
    s.wait_for("need a check-in now");
    s.send("/");
    s.type_slowly("kit");
    s.wait_for("Kit Morrow");
    let set = |field: &str, value: &str| {
        let out = common::plp(&db)
            .args(["set", "Kit Morrow", field, value])
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
    };
    set("family_name", "Morrow-Lane");
    s.wait_for("Kit Morrow-Lane");
    s.send("\r");
    s.wait_for("1 Profile");
    set("strengths", "Draws maps of every story");
    s.wait_for("Draws maps of every story");
    s.quit();
}

/// The Reports screen follows what another process writes too: the stuck list read beside the
/// screen and who is due, without a key.
#[test]
fn the_reports_screen_follows_what_another_process_writes() {
    let (_dir, db) = common::demo_db();
    let mut s = Session::start(&db);
    s.wait_for("need a check-in now");
    s.send("r");
    s.send("4");
    s.wait_for("Elijah Brooks");
    let out = common::plp(&db)
        .args(["set", "Elijah Brooks", "family_name", "Brooks-Lee"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    s.wait_for("Elijah Brooks-Lee");
    s.send("1");
    s.wait_for("Elijah Brooks-Lee");
    s.quit();
}

/// `plp restore` puts another file at the path while the app is open: the app goes on with the
/// file at the path, says so, and shows what is written to it from then on.
#[test]
fn after_a_restore_the_open_app_shows_the_file_now_at_its_path() {
    let (dir, db) = common::demo_db();
    let backup = dir.path().join("backup.db");
    let run_ok = |args: &[&str]| {
        let out = common::plp(&db).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {out:?}");
    };
    run_ok(&["backup", backup.to_str().unwrap()]);
    let mut s = Session::start(&db);
    s.wait_for("need a check-in now");
    run_ok(&["restore", backup.to_str().unwrap()]);
    s.wait_for("The file was replaced (plp restore?)");
    s.send("/");
    s.type_slowly("kit");
    s.wait_for("Kit Morrow");
    run_ok(&["set", "Kit Morrow", "family_name", "Morrow-Lane"]);
    s.wait_for("Kit Morrow-Lane");
    s.send("\r");
    s.wait_for("1 Profile");
    s.quit();
}

#[test]
fn the_app_says_it_made_a_new_file_and_makes_none_without_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mistyped.db");
    // No terminal: one sentence, and no file left behind.
    let out = common::plp(&db).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "plp: the app needs a terminal, and this is not one; the commands work without one \
         (plp --help)\n"
    );
    assert!(!db.exists(), "no file is made");

    // In a terminal the file is made, and said so.
    let mut s = Session::start(&db);
    s.wait_for("Made a new database at");
    s.wait_for("(no file was there)");
    s.quit();
    assert!(db.exists());
    let mut s = Session::start(&db);
    s.wait_for("No students yet");
    assert_eq!(s.count("Made a new database"), 0, "said once");
    s.quit();
}

/// A terminal without bracketed paste sends a paste as keys: 200,000 letters arrive at once,
/// with a key that is not a letter in the middle. All of them go in, in order, and the draft
/// holds them well within the patience of a test (each key re-wrapping the whole field took
/// minutes for this much, saving nothing meanwhile).
#[test]
fn a_long_paste_sent_as_keys_goes_in_whole_and_is_kept() {
    let (_dir, db) = common::demo_db();
    let mut s = Session::start(&db);
    s.wait_for("need a check-in now");
    // Outside a text field letters read together are each the key they are: the filter.
    s.write("/kit");
    s.wait_for("/kit▏");
    s.wait_for("Kit Morrow");
    s.send("\r");
    s.wait_for("1 Profile");
    s.send("n");
    s.wait_for("In the student's words");
    let words: String = (0..20_000).map(|i| format!("word{:05} ", i)).collect();
    assert_eq!(words.len(), 200_000);
    // Backspace (DEL) between two runs of letters: read with them, handled in its place.
    s.write(&format!("{words}typoo\x7f end"));
    let drafts = draft_holding(&db, "word19999 typo end");
    assert!(drafts[0].body.contains(&format!("{words}typo end")));
    s.send("\x1b");
    s.wait_for("kept as a draft");
    s.send("q");
    s.wait_exit();
}
