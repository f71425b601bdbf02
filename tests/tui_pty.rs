//! The real binary in a pseudo-terminal, typed into as an advisor would.

mod common;

use portable_pty::{native_pty_system, Child, CommandBuilder, MasterPty, PtySize};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const PATIENCE: Duration = Duration::from_secs(20);

struct Session {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    master: Box<dyn MasterPty + Send>,
    screen: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    drained: Arc<AtomicBool>,
}

/// Polls until `done` says so, or fails with `what` after a while.
fn poll_until(what: &str, mut done: impl FnMut() -> bool) {
    let end = Instant::now() + PATIENCE;
    while !done() {
        assert!(Instant::now() < end, "waited for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

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

impl Session {
    fn start(db: &Path) -> Session {
        let mut cmd = CommandBuilder::new(assert_cmd::cargo::cargo_bin("plp"));
        cmd.arg("--db");
        cmd.arg(db);
        Session::spawn(cmd)
    }

    fn spawn(mut cmd: CommandBuilder) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("pty");
        cmd.env("PLP_TODAY", "2026-11-24");
        cmd.env("PLP_AUTHOR", "tester");
        cmd.env("TERM", "xterm-256color");
        let child = pty.slave.spawn_command(cmd).expect("spawn");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("reader");
        let writer = pty.master.take_writer().expect("writer");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(24, 80, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let drained = Arc::new(AtomicBool::new(false));
        let (s, r, d) = (Arc::clone(&screen), Arc::clone(&raw), Arc::clone(&drained));
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                s.lock().unwrap().process(&buf[..n]);
                r.lock().unwrap().extend_from_slice(&buf[..n]);
            }
            d.store(true, Ordering::SeqCst);
        });
        Session {
            child,
            writer,
            master: pty.master,
            screen,
            raw,
            drained,
        }
    }

    /// The window changes size, as when a person drags its corner.
    fn resize(&mut self, cols: u16, rows: u16) {
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        self.screen
            .lock()
            .unwrap()
            .screen_mut()
            .set_size(rows, cols);
    }

    /// How many times the raw output holds `needle`.
    fn count(&self, needle: &str) -> usize {
        String::from_utf8_lossy(&self.raw.lock().unwrap())
            .matches(needle)
            .count()
    }

    fn text(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    fn wait_for(&self, needle: &str) {
        let end = Instant::now() + PATIENCE;
        while Instant::now() < end {
            if self.text().contains(needle) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("waited for {needle:?}; the screen shows:\n{}", self.text());
    }

    /// Sends keys at a person's pace (each key is its own read, as typing is).
    fn send(&mut self, s: &str) {
        self.writer.write_all(s.as_bytes()).unwrap();
        self.writer.flush().unwrap();
        std::thread::sleep(Duration::from_millis(30));
    }

    fn type_slowly(&mut self, s: &str) {
        for c in s.chars() {
            self.send(&c.to_string());
        }
    }

    fn signal(&mut self, sig: i32) {
        let pid = self.child.process_id().expect("pid") as i32;
        unsafe {
            libc::kill(pid, sig);
        }
    }

    fn wait_exit(&mut self) {
        let child = &mut self.child;
        poll_until("plp to exit", || matches!(child.try_wait(), Ok(Some(_))));
        // Everything it wrote last is read once the terminal's far end sees end-of-file.
        let drained = &self.drained;
        poll_until("the last output", || drained.load(Ordering::SeqCst));
    }

    fn restored(&self) -> bool {
        let raw = self.raw.lock().unwrap();
        let s = String::from_utf8_lossy(&raw);
        s.contains("\x1b[?1049l") && s.contains("\x1b[?2004l")
    }
}

fn demo(dir: &Path) -> PathBuf {
    let db = dir.join("plp.db");
    common::plp(&db)
        .args(["demo", "--no-open"])
        .assert()
        .success();
    db
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
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
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
    s.send("\t\t\t");
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
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
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
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
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
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
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
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
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
fn ctrl_c_quits_as_q_does_and_keeps_the_draft() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
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
}

/// In a shell with job control, as a person runs it: Ctrl-Z gives the shell back with the
/// terminal restored, and `fg` brings plp back drawn whole.
#[test]
fn ctrl_z_suspends_like_vim_and_fg_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
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
