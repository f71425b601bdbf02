//! The real binary in a pseudo-terminal, its screen read through `vt100`: start it, type into
//! it, wait for what the screen should show, and see how it ended.

use portable_pty::{native_pty_system, Child, CommandBuilder, MasterPty, PtySize};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a test waits for something before it fails.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// Polls until `done` says so, or fails with `what` after a while.
pub fn poll_until(what: &str, mut done: impl FnMut() -> bool) {
    let end = Instant::now() + PATIENCE;
    while !done() {
        assert!(Instant::now() < end, "waited for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A program running in an 80×24 pseudo-terminal, with the screen it drew and every byte it
/// wrote.
pub struct Session {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    master: Box<dyn MasterPty + Send>,
    screen: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    drained: Arc<AtomicBool>,
}

impl Session {
    /// `plp` on a database.
    pub fn start(db: &Path) -> Session {
        Session::spawn(plp_command(db))
    }

    /// `plp` on a database with neither colour nor settings of its own (`NO_COLOR`, and a
    /// settings folder beside the database that holds none).
    pub fn start_plain(db: &Path) -> Session {
        let mut cmd = plp_command(db);
        cmd.env("NO_COLOR", "1");
        cmd.env("XDG_CONFIG_HOME", db.with_extension("config"));
        Session::spawn(cmd)
    }

    /// Any command, on the day and author the tests use.
    pub fn spawn(mut cmd: CommandBuilder) -> Session {
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
            // The far end of the terminal stays open while the program runs.
            master: pty.master,
            screen,
            raw,
            drained,
        }
    }

    /// The window changes size, as when a person drags its corner: the screen takes its new
    /// size first and then the program is told, as a terminal emulator does it, so that what
    /// the program draws for the new size is never read at the old one.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        let mut screen = self.screen.lock().unwrap();
        screen.screen_mut().set_size(rows, cols);
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
    }

    /// How many times the raw output holds `needle`.
    pub fn count(&self, needle: &str) -> usize {
        String::from_utf8_lossy(&self.raw.lock().unwrap())
            .matches(needle)
            .count()
    }

    /// The screen's text.
    pub fn text(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Polls the screen until it shows `needle`.
    pub fn wait_for(&self, needle: &str) {
        let end = Instant::now() + PATIENCE;
        while Instant::now() < end {
            if self.text().contains(needle) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("waited for {needle:?}; the screen shows:\n{}", self.text());
    }

    /// Writes `s` at once, as a paste or a fast typist's burst arrives.
    pub fn write(&mut self, s: &str) {
        self.writer.write_all(s.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Sends keys at a person's pace (each key is its own read, as typing is).
    pub fn send(&mut self, s: &str) {
        self.write(s);
        std::thread::sleep(Duration::from_millis(30));
    }

    /// Sends one character at a time at a person's pace.
    pub fn type_slowly(&mut self, s: &str) {
        for c in s.chars() {
            self.send(&c.to_string());
        }
    }

    /// Writes one key, then waits for the screen to show what it should lead to.
    pub fn key(&mut self, s: &str, then: &str) {
        self.write(s);
        self.wait_for(then);
    }

    /// Sends a signal to the program.
    pub fn signal(&mut self, sig: i32) {
        let pid = self.child.process_id().expect("pid") as i32;
        unsafe {
            libc::kill(pid, sig);
        }
    }

    /// Waits for the program to end.
    pub fn wait_exited(&mut self) {
        let child = &mut self.child;
        poll_until("plp to exit", || matches!(child.try_wait(), Ok(Some(_))));
    }

    /// Waits for the program to end and for everything it wrote last to be read.
    pub fn wait_exit(&mut self) {
        self.wait_exited();
        // Everything it wrote last is read once the terminal's far end sees end-of-file.
        let drained = &self.drained;
        poll_until("the last output", || drained.load(Ordering::SeqCst));
    }

    /// Presses q and waits for the program to end.
    pub fn quit(&mut self) {
        self.write("q");
        self.wait_exited();
    }

    /// Whether the terminal was given back: the alternate screen and bracketed paste left.
    pub fn restored(&self) -> bool {
        let raw = self.raw.lock().unwrap();
        let s = String::from_utf8_lossy(&raw);
        s.contains("\x1b[?1049l") && s.contains("\x1b[?2004l")
    }
}

/// `plp --db DB`.
fn plp_command(db: &Path) -> CommandBuilder {
    let mut cmd = CommandBuilder::new(assert_cmd::cargo::cargo_bin("plp"));
    cmd.arg("--db");
    cmd.arg(db);
    cmd
}
