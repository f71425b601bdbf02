//! The caseload at 5,000 students and, with `PLP_BENCH_50K`, at 50,000 beside them in the same
//! run: what the app reads before its first frame (the first screen's lines and the counts) and
//! that frame drawn at 80×24; switching the view (my advisees ⇄ everyone, one grade, advisor,
//! IEP/504 or due key); and
//! filter keystrokes over everyone (the first key of a query, then each key of a name typed and
//! rubbed out), each through `update` and drawn, as the app does after a key. The one-key
//! rankings the app makes beside the screen once the caseload is read are made (and timed)
//! before the keys, as a person typing after that finds them; the next keys it works out beside
//! the screen after each key are worked out (and timed apart) after that key's frame.
//!
//! Run: `cargo bench --bench caseload_view`. `PLP_BENCH_50K=1` adds 50,000 students (the demo
//! takes some minutes to make); `PLP_BENCH_50K=FILE` and `PLP_BENCH_5K=FILE` measure a copy of
//! an existing demo file of that size instead of making one.

use plp::store::Store;
use plp::tui::action::Action;
use plp::tui::effects::Effect;
use plp::tui::state::App;
use plp::tui::view::{self, Theme};
use plp::tui::{effects, update};
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use std::collections::VecDeque;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const RUNS: usize = 41;
/// The name typed in the filter, a key at a time (as `tui_pty` types it).
const NAME: &str = "okafor";

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// The app on its database and an 80×24 screen, with the time of the work each key left to
/// be done beside the screen.
struct Session {
    app: App,
    store: Store,
    term: Terminal<TestBackend>,
    beside: Vec<Duration>,
}

impl Session {
    /// One key through `update` and the database work it asks for, then one frame drawn: the
    /// time until the frame is drawn. Work the app does beside the screen (the filter's next
    /// keys) is done after that, as it is there while the frame is read, and its time added
    /// to `beside`.
    fn press(&mut self, code: KeyCode) -> Duration {
        let Session {
            app,
            store,
            term,
            beside,
        } = self;
        let t = Instant::now();
        let mut effects: VecDeque<Effect> =
            update::update(app, Action::Key(KeyEvent::new(code, KeyModifiers::NONE))).into();
        let mut ahead = Vec::new();
        while let Some(e) = effects.pop_front() {
            match e {
                Effect::RankAhead(job) => ahead.push(job),
                e => {
                    for a in effects::run(store, e, app.today) {
                        effects.extend(update::update(app, a));
                    }
                }
            }
        }
        term.draw(|f| view::draw(f, app, &Theme::new(false)))
            .expect("draw");
        let took = t.elapsed();
        for job in ahead {
            // On a thread of its own, as the app does it.
            let (ranked, took) = std::thread::spawn(move || {
                let t = Instant::now();
                let ranked = effects::rank_ahead(job);
                (ranked, t.elapsed())
            })
            .join()
            .expect("ranked");
            beside.push(took);
            update::update(app, ranked);
        }
        took
    }
}

/// The demo file of `n` students: a copy of `$var`'s file when it names one, else made here.
fn demo_file(n: usize, var: &str, dir: &Path) -> std::path::PathBuf {
    let db = dir.join("caseload.db");
    match std::env::var_os(var).filter(|v| v != "1") {
        Some(from) => {
            std::fs::copy(&from, &db).expect("copy the demo file");
        }
        None => {
            let ok = Command::new(env!("CARGO_BIN_EXE_plp"))
                .args(["demo", "--no-open", "--students", &n.to_string(), "--db"])
                .arg(&db)
                .status()
                .expect("plp demo")
                .success();
            assert!(ok);
        }
    }
    // Opened once for writing first, so that an older file is upgraded outside the timings.
    drop(Store::open(&db).expect("open"));
    db
}

/// A line of the table: what, and its figure.
type Row = (&'static str, fn(&Figures) -> Duration);

struct Figures {
    students: usize,
    first: Duration,
    switch: Duration,
    grade: Duration,
    advisor: Duration,
    flags: Duration,
    due: Duration,
    first_key: Duration,
    keys: Duration,
    typed: Duration,
    /// Per key of the name typed (its first key over everyone, then each longer query).
    per_key: Vec<Duration>,
    rest: Duration,
    ranked: Duration,
    /// The next keys worked out beside the screen after the name's first key.
    next_keys: Duration,
}

fn measure(db: &Path) -> Figures {
    let today = chrono::Local::now().date_naive();
    let mut first = Vec::new();
    let mut term = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    for _ in 0..RUNS {
        // What the app does before its first frame: open, the first screen's lines and the
        // counts, one frame.
        let t = Instant::now();
        let mut store = Store::open(db).expect("open");
        let mut app = App::new(today);
        for a in effects::run(&mut store, Effect::LoadCaseloadHead { lines: 24 }, today) {
            update::update(&mut app, a);
        }
        term.draw(|f| view::draw(f, &app, &Theme::new(false)))
            .expect("draw");
        first.push(t.elapsed());
        assert!(!app.caseload.is_empty());
    }
    let mut store = Store::open(db).expect("open");
    let mut app = App::new(today);
    app.set_me(Some("Ms. Lindqvist".into()));
    let t = Instant::now();
    let mut beside = Vec::new();
    for a in effects::run(&mut store, Effect::LoadCaseload, today) {
        beside.extend(update::update(&mut app, a));
    }
    let rest = t.elapsed();
    // What the app then does beside the screen (one-key filter rankings), timed on its own.
    let t = Instant::now();
    for e in beside {
        for a in effects::run(&mut store, e, today) {
            update::update(&mut app, a);
        }
    }
    let ranked = t.elapsed();
    let mine = app.visible.len();
    let mut s = Session {
        app,
        store,
        term,
        beside: Vec::new(),
    };
    let (mut switch, mut grade, mut first_key, mut keys) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut advisor, mut flags, mut due) = (Vec::new(), Vec::new(), Vec::new());
    let mut per_key: Vec<Vec<Duration>> = vec![Vec::new(); NAME.len()];
    let mut next_keys = Vec::new();
    for _ in 0..RUNS {
        switch.push(s.press(KeyCode::Char('m')));
        assert_eq!(s.app.visible.len(), s.app.caseload.len(), "everyone");
        switch.push(s.press(KeyCode::Char('m')));
        assert_eq!(s.app.visible.len(), mine, "my advisees");
    }
    for _ in 0..RUNS {
        grade.push(s.press(KeyCode::Char('y')));
    }
    s.press(KeyCode::Esc);
    s.press(KeyCode::Char('m'));
    for _ in 0..RUNS {
        advisor.push(s.press(KeyCode::Char('a')));
        flags.push(s.press(KeyCode::Char('i')));
        due.push(s.press(KeyCode::Char('d')));
    }
    s.press(KeyCode::Esc);
    s.press(KeyCode::Char('m'));
    s.press(KeyCode::Char('/'));
    assert_eq!(s.app.visible.len(), s.app.caseload.len(), "everyone");
    for _ in 0..RUNS {
        first_key.push(s.press(KeyCode::Char('a')));
        s.press(KeyCode::Backspace);
        // A name typed a key at a time, then rubbed out.
        s.beside.clear();
        for (k, c) in NAME.chars().enumerate() {
            let t = s.press(KeyCode::Char(c));
            keys.push(t);
            per_key[k].push(t);
        }
        // After the first key: the most lines to look through.
        next_keys.extend(s.beside.first().copied());
        assert!(!s.app.visible.is_empty(), "someone is called Okafor");
        for _ in 0..6 {
            keys.push(s.press(KeyCode::Backspace));
        }
        assert_eq!(
            s.app.visible.len(),
            s.app.caseload.len(),
            "the filter is empty"
        );
    }
    Figures {
        students: s.app.caseload.len(),
        first: median(first),
        switch: median(switch),
        grade: median(grade),
        advisor: median(advisor),
        flags: median(flags),
        due: median(due),
        first_key: median(first_key),
        keys: median(keys),
        typed: median(per_key.iter().flatten().copied().collect()),
        per_key: per_key.into_iter().map(median).collect(),
        next_keys: median(next_keys),
        rest,
        ranked,
    }
}

fn main() {
    let mut sizes = vec![(5_000, "PLP_BENCH_5K")];
    if std::env::var_os("PLP_BENCH_50K").is_some() {
        sizes.push((50_000, "PLP_BENCH_50K"));
    }
    let mut columns = Vec::new();
    for (n, var) in sizes {
        let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("temp dir");
        let db = demo_file(n, var, dir.path());
        columns.push(measure(&db));
    }
    let rows: [Row; 12] = [
        (
            "before the first frame: open, first screen's lines and counts, 80×24 frame",
            |f| f.first,
        ),
        (
            "the rest of the caseload read (after the first frame)",
            |f| f.rest,
        ),
        (
            "one-key filter queries ranked beside the screen (after the rest)",
            |f| f.ranked,
        ),
        ("my advisees ⇄ everyone", |f| f.switch),
        ("one grade key", |f| f.grade),
        ("one advisor key (a)", |f| f.advisor),
        ("one IEP/504 key (i)", |f| f.flags),
        ("one due key (d)", |f| f.due),
        ("first filter key over everyone", |f| f.first_key),
        ("each key of a name typed and rubbed out", |f| f.keys),
        ("each key of a name typed (as tui_pty types it)", |f| {
            f.typed
        }),
        (
            "the next keys worked out beside the screen after the name's first key",
            |f| f.next_keys,
        ),
    ];
    print!("caseload_view, medians of {RUNS} |");
    for c in &columns {
        print!(" {} students |", c.students);
    }
    println!();
    for (what, get) in rows {
        print!("| {what} |");
        for c in &columns {
            print!(" {} |", ms(get(c)));
        }
        println!();
    }
    for (k, _) in NAME.char_indices() {
        print!("| filter /{} |", &NAME[..=k]);
        for c in &columns {
            print!(" {} |", ms(c.per_key[k]));
        }
        println!();
    }
}
