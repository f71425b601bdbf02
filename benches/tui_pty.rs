//! The terminal app over a pseudo-terminal on a 5,000-student database, side by side with the
//! floor program (the least a caseload TUI does) and `vim -u NONE`, in one run: first complete
//! frame, echo of a typed key, bytes written per typed key, filter keystrokes, peak memory.
//!
//! The filter keys are reported per round (the median of the name's keys in each session) as the
//! median and the worst of the rounds, and per key, with the slowest key at 50,000 beside its
//! 5,000 figure; a 50,000 session follows each 5,000 one, so both see the same load.
//!
//! Run: `cargo bench --bench tui_pty`. The floor is measured when built
//! (`cargo build --release --manifest-path benches/floor/Cargo.toml`, or set `PLP_FLOOR` to its
//! binary). `PLP_BENCH_50K=1` adds plp's first frame, filter keys and peak memory at 50,000
//! students in the same run (the demo takes some minutes to make); `PLP_BENCH_50K=FILE` and
//! `PLP_BENCH_5K=FILE` measure a copy of an existing demo file of that size instead.

use portable_pty::{native_pty_system, CommandBuilder, PtySize};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const STUDENTS: usize = 5_000;
const RUNS: usize = 5;
const TEXT: &str = "the student says writing is going better";
/// The name typed in the filter, a key at a time.
const QUERY: &str = "okafor";

struct Pty {
    pid: u32,
    writer: Box<dyn Write + Send>,
    screen: Arc<Mutex<vt100::Parser>>,
    bytes: Arc<Mutex<usize>>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Pty {
    fn start(program: &Path, args: &[&str]) -> (Pty, Instant) {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("pty");
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env("PLP_TODAY", "2026-11-24");
        let started = Instant::now();
        let child = pty.slave.spawn_command(cmd).expect("spawn");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("reader");
        let writer = pty.master.take_writer().expect("writer");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(24, 80, 0)));
        let bytes = Arc::new(Mutex::new(0usize));
        let (s, b) = (Arc::clone(&screen), Arc::clone(&bytes));
        std::thread::spawn(move || {
            let _keep = pty.master;
            let mut buf = [0u8; 65536];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                s.lock().unwrap().process(&buf[..n]);
                *b.lock().unwrap() += n;
            }
        });
        let pid = child.process_id().unwrap_or(0);
        (
            Pty {
                pid,
                writer,
                screen,
                bytes,
                child,
            },
            started,
        )
    }

    fn contains(&self, needle: &str) -> bool {
        self.screen
            .lock()
            .unwrap()
            .screen()
            .contents()
            .contains(needle)
    }

    fn wait_for(&self, needle: &str) {
        let end = Instant::now() + Duration::from_secs(30);
        while !self.contains(needle) {
            assert!(
                Instant::now() < end,
                "never saw {needle:?}; screen:\n{}",
                self.screen.lock().unwrap().screen().contents()
            );
            std::thread::sleep(Duration::from_micros(200));
        }
    }

    fn send(&mut self, s: &[u8]) {
        self.writer.write_all(s).unwrap();
        self.writer.flush().unwrap();
    }

    fn total(&self) -> usize {
        *self.bytes.lock().unwrap()
    }

    /// Waits until nothing more arrives for `quiet`.
    fn settle(&self, quiet: Duration) {
        let mut last = self.total();
        let mut since = Instant::now();
        while since.elapsed() < quiet {
            std::thread::sleep(Duration::from_millis(1));
            let now = self.total();
            if now != last {
                last = now;
                since = Instant::now();
            }
        }
    }

    /// Types text a key at a time; for each key, the time until it shows and the bytes written.
    fn type_measured(
        &mut self,
        text: &str,
        shown: impl Fn(&str) -> String,
    ) -> (Vec<f64>, Vec<usize>) {
        let (mut times, mut sizes) = (Vec::new(), Vec::new());
        for (i, c) in text.char_indices() {
            let before = self.total();
            let expect = shown(&text[..i + c.len_utf8()]);
            let t = Instant::now();
            self.send(c.to_string().as_bytes());
            // The echo: the program's first output after the key (the same for every program).
            let end = Instant::now() + Duration::from_secs(10);
            while self.total() == before && Instant::now() < end {
                std::hint::spin_loop();
            }
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            // A frame can reach the terminal in parts when the machine is busy: wait for it.
            self.wait_for(&expect);
            self.settle(Duration::from_millis(15));
            sizes.push(self.total() - before);
        }
        (times, sizes)
    }

    fn peak_kib(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid)).ok()?;
        status
            .lines()
            .find(|l| l.starts_with("VmHWM:"))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
    }

    fn end(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The last words of [`paste_text`], shown once all of it is in.
const PASTE_END: &str = "ENDOFPASTE";

/// 100 KB of words on one line, as a long note pasted from elsewhere, ending in [`PASTE_END`].
fn paste_text() -> String {
    let words = [
        "the", "student", "said", "reading", "goes", "better", "every", "week",
    ];
    let mut text = String::new();
    let mut i = 0;
    while text.len() < 100_000 {
        text.push_str(words[i % words.len()]);
        text.push(' ');
        i += 7;
    }
    text.push_str(PASTE_END);
    text
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn median_usize(mut v: Vec<usize>) -> usize {
    v.sort();
    v[v.len() / 2]
}

#[derive(Default)]
struct Figures {
    first: Vec<f64>,
    echo: Vec<f64>,
    bytes: Vec<usize>,
    filter: Vec<f64>,
    /// The first key of each filter typed (a query of one key, over everyone).
    first_key: Vec<f64>,
    /// Each round's median filter key.
    rounds: Vec<f64>,
    /// Per key of the query typed, its time in each round.
    per_key: Vec<Vec<f64>>,
    peak: Vec<u64>,
}

impl Figures {
    /// A filter session: opens `db`, waits for the caseload to be read, types [`QUERY`] a key at
    /// a time (with its first frame when `first` is set).
    fn filter_session(&mut self, plp: &Path, db: &str, first: bool) {
        let (mut s, t0) = Pty::start(plp, &["--db", db]);
        s.wait_for("need a check-in now");
        if first {
            self.first.push(t0.elapsed().as_secs_f64() * 1000.0);
        }
        s.settle(Duration::from_millis(50));
        s.send(b"/");
        // The filter line shows once the key is taken (after the rest of the caseload is read).
        s.wait_for("match (name");
        s.settle(Duration::from_millis(50));
        let (times, _) = s.type_measured(QUERY, |typed| format!("/{typed}"));
        self.first_key.push(times[0]);
        self.rounds.push(median(times.clone()));
        self.per_key.resize(times.len(), Vec::new());
        for (k, t) in times.iter().enumerate() {
            self.per_key[k].push(*t);
        }
        self.filter.extend(times);
        self.peak.extend(s.peak_kib());
        s.end();
    }
}

/// The machine's load average over the last minute (Linux), to print beside the figures.
fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "unknown".into())
}

fn main() {
    let plp = PathBuf::from(env!("CARGO_BIN_EXE_plp"));
    let load_before = load();
    let dir = tempfile::tempdir().expect("temp dir");
    let db = demo_file(
        &plp,
        STUDENTS,
        "PLP_BENCH_5K",
        &dir.path().join("caseload.db"),
    );
    let db_s = db.to_string_lossy().to_string();
    let floor = std::env::var_os("PLP_FLOOR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches/floor/target/release/floor")
        });
    let names = dir.path().join("names.txt");
    let list: Vec<String> = (0..STUDENTS)
        .map(|i| format!("Student {i:05}, grade {}", 7 + i % 6))
        .collect();
    std::fs::write(&names, list.join("\n")).expect("names");
    let vim = which("vim");

    let (mut p, mut f, mut v) = (Figures::default(), Figures::default(), Figures::default());
    let (mut paste_keys, mut paste_bracketed) = (Vec::new(), Vec::new());
    // plp alone at 50,000 students, in the same run.
    let mut big = Figures::default();
    let big_db = std::env::var_os("PLP_BENCH_50K").map(|_| {
        let db = demo_file(&plp, 50_000, "PLP_BENCH_50K", &dir.path().join("big.db"));
        db.to_string_lossy().to_string()
    });
    for _ in 0..RUNS {
        // plp: first frame, then typing in the composer.
        let (mut s, t0) = Pty::start(&plp, &["--db", &db_s]);
        s.wait_for("need a check-in now");
        p.first.push(t0.elapsed().as_secs_f64() * 1000.0);
        s.settle(Duration::from_millis(50));
        s.send(b"n");
        s.wait_for("In the student's words");
        s.settle(Duration::from_millis(50));
        let (times, sizes) = s.type_measured(TEXT, |typed| typed.to_string());
        p.echo.extend(times);
        p.bytes.extend(sizes);
        p.peak.extend(s.peak_kib());
        s.end();
        // The typing above was kept as a draft when the session ended; start the next clean.
        let store = plp::store::Store::open(&db).expect("open");
        for d in store.drafts().expect("drafts") {
            store.delete_draft(&d.key).expect("delete draft");
        }
        drop(store);

        // plp: 100 KB pasted into the composer, as keys (a terminal without bracketed paste)
        // and as one bracketed paste, side by side.
        let pasted = paste_text();
        for (as_keys, into) in [(true, &mut paste_keys), (false, &mut paste_bracketed)] {
            let (mut s, _) = Pty::start(&plp, &["--db", &db_s]);
            s.wait_for("need a check-in now");
            s.send(b"n");
            s.wait_for("In the student's words");
            s.settle(Duration::from_millis(50));
            let t0 = Instant::now();
            if as_keys {
                s.send(pasted.as_bytes());
            } else {
                s.send(format!("\x1b[200~{pasted}\x1b[201~").as_bytes());
            }
            s.wait_for(PASTE_END);
            into.push(t0.elapsed().as_secs_f64() * 1000.0);
            s.end();
            let store = plp::store::Store::open(&db).expect("open");
            for d in store.drafts().expect("drafts") {
                store.delete_draft(&d.key).expect("delete draft");
            }
        }

        // plp: filtering 5,000 students, then 50,000 in the same round (so that a change in
        // the machine's load reaches both).
        p.filter_session(&plp, &db_s, false);
        if let Some(big_db) = &big_db {
            big.filter_session(&plp, big_db, true);
        }

        if floor.exists() {
            let (mut s, t0) = Pty::start(&floor, &[&db_s]);
            s.wait_for("caseload");
            f.first.push(t0.elapsed().as_secs_f64() * 1000.0);
            s.settle(Duration::from_millis(50));
            let (times, sizes) = s.type_measured(TEXT, |typed| typed.to_string());
            f.echo.extend(times);
            f.bytes.extend(sizes);
            f.peak.extend(s.peak_kib());
            s.end();
        }
        if let Some(vim) = &vim {
            let names_s = names.to_string_lossy().to_string();
            let (mut s, t0) = Pty::start(vim, &["-u", "NONE", "-N", "-n", &names_s]);
            s.wait_for("Student 00000");
            v.first.push(t0.elapsed().as_secs_f64() * 1000.0);
            s.settle(Duration::from_millis(50));
            s.send(b"O");
            s.settle(Duration::from_millis(50));
            let (times, sizes) = s.type_measured(TEXT, |typed| typed.to_string());
            v.echo.extend(times);
            v.bytes.extend(sizes);
            s.end();
        }
    }

    println!(
        "tui_pty: {STUDENTS} students, 80x24, {RUNS} runs each, medians; load average {load_before} -> {}",
        load()
    );
    let row = |name: &str, x: &Figures| {
        if x.first.is_empty() {
            println!("  {name:<6} not measured");
            return;
        }
        println!(
            "  {name:<6} first frame {:>6.1} ms   key echo {:>5.2} ms   {:>3} bytes/key{}{}",
            median(x.first.clone()),
            median(x.echo.clone()),
            median_usize(x.bytes.clone()),
            if x.filter.is_empty() {
                String::new()
            } else {
                format!(
                    "   filter key {:.2} ms (first {:.2} ms)",
                    median(x.filter.clone()),
                    median(x.first_key.clone())
                )
            },
            x.peak
                .iter()
                .max()
                .map(|k| format!("   peak memory {:.1} MB", *k as f64 / 1024.0))
                .unwrap_or_default()
        );
    };
    row("plp", &p);
    if !big.first.is_empty() {
        println!(
            "  plp at 50000 students: first frame {:.1} ms ({:.2}x 5000's)   filter key {:.2} ms ({:.2}x; first {:.2} ms, {:.2}x){}",
            median(big.first.clone()),
            median(big.first.clone()) / median(p.first.clone()),
            median(big.filter.clone()),
            median(big.filter.clone()) / median(p.filter.clone()),
            median(big.first_key.clone()),
            median(big.first_key.clone()) / median(p.first_key.clone()),
            big.peak
                .iter()
                .max()
                .map(|k| format!("   peak memory {:.1} MB", *k as f64 / 1024.0))
                .unwrap_or_default()
        );
    }
    if !big.first.is_empty() {
        let worst = |v: &[f64]| v.iter().copied().fold(0.0, f64::max);
        let (small, large) = (median(p.rounds.clone()), median(big.rounds.clone()));
        let (small_worst, large_worst) = (worst(&p.rounds), worst(&big.rounds));
        println!(
            "  filter key, 5000 / 50000 students, each round's median: median of the {RUNS} rounds {small:.2} / {large:.2} ms ({:.2}x), worst round {small_worst:.2} / {large_worst:.2} ms ({:.2}x); 5000's rounds {:.2?}, 50000's {:.2?}",
            large / small,
            large_worst / small_worst,
            p.rounds,
            big.rounds,
        );
        let mut slowest = (0, 0.0);
        let mut keys = Vec::new();
        for (k, _) in QUERY.char_indices() {
            let (a, b) = (median(p.per_key[k].clone()), median(big.per_key[k].clone()));
            keys.push(format!("/{} {a:.2} / {b:.2} ({:.2}x)", &QUERY[..=k], b / a));
            if b > slowest.1 {
                slowest = (k, b);
            }
        }
        println!(
            "  each key, median of the rounds, 5000 / 50000 ms: {}",
            keys.join(", ")
        );
        let k = slowest.0;
        println!(
            "  slowest key at 50000: /{} median {:.2} ms ({:.2}x 5000's {:.2} ms), worst round {:.2} ms ({:.2}x 5000's worst {:.2} ms)",
            &QUERY[..=k],
            slowest.1,
            slowest.1 / median(p.per_key[k].clone()),
            median(p.per_key[k].clone()),
            worst(&big.per_key[k]),
            worst(&big.per_key[k]) / worst(&p.per_key[k]),
            worst(&p.per_key[k]),
        );
    }
    println!(
        "  paste of {} KB into the composer, until all of it shows: as keys {:.1} ms, bracketed {:.1} ms (medians of {RUNS})",
        paste_text().len() / 1000,
        median(paste_keys.clone()),
        median(paste_bracketed.clone()),
    );
    row("floor", &f);
    row("vim", &v);
    if !f.first.is_empty() {
        println!(
            "  ratios plp/floor: first frame {:.2}x, key echo {:.2}x",
            median(p.first.clone()) / median(f.first.clone()),
            median(p.echo.clone()) / median(f.echo.clone())
        );
    }
    if !v.bytes.is_empty() {
        println!(
            "  bytes per key plp/vim: {:.2}x",
            median_usize(p.bytes.clone()) as f64 / median_usize(v.bytes.clone()).max(1) as f64
        );
    }
}

/// The demo file of `n` students at `db`: a copy of `$var`'s file when it names one, else made.
/// Opened once for writing, so that an older file is upgraded before anything is timed.
fn demo_file(plp: &Path, n: usize, var: &str, db: &Path) -> PathBuf {
    match std::env::var_os(var).filter(|v| v != "1") {
        Some(from) => {
            std::fs::copy(&from, db).expect("copy the demo file");
        }
        None => {
            let ok = std::process::Command::new(plp)
                .args(["demo", "--no-open", "--students", &n.to_string(), "--db"])
                .arg(db)
                .status()
                .expect("demo")
                .success();
            assert!(ok);
        }
    }
    drop(plp::store::Store::open(db).expect("open"));
    db.to_path_buf()
}

fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|d| Path::new(d).join(name))
        .find(|p| p.is_file())
}
