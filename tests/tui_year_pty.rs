//! The year-end review and throwing a draft away, typed into the real binary in a
//! pseudo-terminal at 80×24.

mod common;

use portable_pty::{native_pty_system, Child, CommandBuilder, PtySize};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const PATIENCE: Duration = Duration::from_secs(20);

struct Session {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    screen: Arc<Mutex<vt100::Parser>>,
}

impl Session {
    fn start(db: &Path) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("pty");
        let mut cmd = CommandBuilder::new(assert_cmd::cargo::cargo_bin("plp"));
        cmd.arg("--db");
        cmd.arg(db);
        cmd.env("PLP_TODAY", "2026-11-24");
        cmd.env("PLP_AUTHOR", "tester");
        cmd.env("NO_COLOR", "1");
        cmd.env("TERM", "xterm-256color");
        cmd.env("XDG_CONFIG_HOME", db.with_extension("config"));
        let child = pty.slave.spawn_command(cmd).expect("spawn");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("reader");
        let writer = pty.master.take_writer().expect("writer");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(24, 80, 0)));
        let s = Arc::clone(&screen);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                s.lock().unwrap().process(&buf[..n]);
            }
        });
        // The far end of the terminal must stay open while the app runs.
        std::mem::forget(pty.master);
        Session {
            child,
            writer,
            screen,
        }
    }

    fn text(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Polls the screen until it shows `needle`.
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

    fn send(&mut self, s: &str) {
        self.writer.write_all(s.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Sends one key, then waits for the screen to show what it should lead to.
    fn key(&mut self, s: &str, then: &str) {
        self.send(s);
        self.wait_for(then);
    }

    fn quit(&mut self) {
        self.send("q");
        let end = Instant::now() + PATIENCE;
        while !matches!(self.child.try_wait(), Ok(Some(_))) {
            assert!(Instant::now() < end, "plp did not quit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

fn demo(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("plp.db");
    common::plp(&db)
        .args(["demo", "--no-open"])
        .assert()
        .success();
    db
}

fn open(s: &mut Session, who: &str, name: &str) {
    s.wait_for("need a check-in now");
    s.key("/", "/");
    for c in who.chars() {
        s.send(&c.to_string());
    }
    s.wait_for(name);
    s.key("\r", "1 Profile");
}

#[test]
fn a_year_end_review_typed_into_the_binary_makes_next_years_plan() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let mut s = Session::start(&db);
    open(&mut s, "dmitri", "Dmitri Volkov");
    s.key(
        "Y",
        "Year-end review · Dmitri Volkov · 2026-27 ends, 2027-28 plan begins",
    );
    s.key("m", "[met]");
    s.key("c", "[carry forward] Pass English 11");
    s.key("d", "[drop]");
    s.key("\t", "student, advisor");
    s.send(", Mrs. Volkova");
    s.wait_for("student, advisor, Mrs. Volkova");
    s.key("\r", "The year, in the student's own words");
    s.send("English is done and I start the apprenticeship forms.");
    s.wait_for("apprenticeship forms.");
    s.key("\x1bOQ", "Made the 2027-28 plan: 1 goal carried");
    s.key("2", "[academic · carried to 2027-28]");
    s.wait_for("annual review: done");
    // The plans of other years, read-only: next year's is among them now.
    s.key("y", "read-only");
    s.quit();
    let out = common::plp(&db)
        .args(["show", "Dmitri", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = v.to_string();
    assert!(text.contains("2027-28"), "{text}");
    assert!(text.contains("annual-review"), "{text}");
    assert!(text.contains("English is done and I start the apprenticeship forms."));
    assert!(text.contains("Mrs. Volkova"));
}

#[test]
fn f8_in_the_composer_throws_the_check_in_away_after_a_question() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let mut s = Session::start(&db);
    open(&mut s, "dmitri", "Dmitri Volkov");
    s.key("n", "In the student's words");
    s.send("Words to throw away");
    s.wait_for("Words to throw away");
    s.key("\x1b[19~", "Discard this check-in for Dmitri Volkov?");
    s.key("y", "Discarded what was typed.");
    s.quit();
    let drafts = plp::store::Store::open_existing(&db)
        .unwrap()
        .drafts()
        .unwrap();
    assert!(drafts.is_empty(), "{drafts:?}");
    let out = common::plp(&db)
        .args(["show", "Dmitri", "--format", "json"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains("Words to throw away"));
}
