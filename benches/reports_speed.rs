//! The team reports on the 5,000-student demo: opening the app's Reports screen (the key, the
//! reports read and computed, the first frame drawn at 80×24) and the team report through the
//! binary (`plp report trends --format html`, `plp report stuck --format csv`).
//!
//! Run: `cargo bench --bench reports_speed` (`PLP_BENCH_DB=FILE` reuses a 5,000-student demo).

use plp::store::Store;
use plp::tui::action::Action;
use plp::tui::state::{App, Screen};
use plp::tui::update;
use plp::tui::view::{self, Theme};
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use std::process::Command;
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// CPU time this thread has used: on a shared machine the wall clock says how loaded it is,
/// this says how much work was done.
fn cpu() -> Duration {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid timespec for the call to fill in.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

fn main() {
    let plp = env!("CARGO_BIN_EXE_plp");
    let dir = tempfile::tempdir().expect("temp dir");
    let db = match std::env::var_os("PLP_BENCH_DB") {
        Some(p) => std::path::PathBuf::from(p),
        None => {
            let db = dir.path().join("caseload.db");
            let ok = Command::new(plp)
                .args(["demo", "--no-open", "--students", "5000", "--db"])
                .arg(&db)
                .status()
                .expect("plp demo")
                .success();
            assert!(ok);
            db
        }
    };
    let today = plp::cli::today();
    let mut store = Store::open_existing(&db).expect("open");
    let rows = store.caseload(today, false).expect("caseload");
    let key = || Action::Key(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::NONE));
    let draw = |app: &App| {
        let mut term = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
        term.draw(|f| view::draw(f, app, &Theme::new(false)))
            .expect("draw");
    };
    // What the eye sees: the key, and the first frame (who is due, from the caseload in memory),
    // while the other reports are read beside the screen.
    let mut first = Vec::new();
    // Until every section is there: the same, with the reports read and computed.
    let mut whole = Vec::new();
    let mut whole_cpu = Vec::new();
    let mut students = 0;
    for _ in 0..11 {
        let mut app = App::new(today);
        update::update(&mut app, Action::CaseloadLoaded(rows.clone()));
        let t = Instant::now();
        let pending = update::update(&mut app, key());
        draw(&app);
        first.push(t.elapsed());
        assert_eq!(app.screen, Screen::Reports);
        assert_eq!(pending.len(), 1, "the reports are read beside the screen");

        let mut app = App::new(today);
        update::update(&mut app, Action::CaseloadLoaded(rows.clone()));
        let t = Instant::now();
        let c = cpu();
        plp::tui::dispatch(&mut app, &mut store, key());
        draw(&app);
        whole.push(t.elapsed());
        whole_cpu.push(cpu() - c);
        students = app
            .reports
            .as_ref()
            .and_then(|r| r.overview.as_ref())
            .map_or(0, |o| o.trends.students);
    }
    println!(
        "open the Reports screen ({students} students): first frame at 80x24 {}, every section read and drawn {} ({} of CPU) (medians of 11)",
        ms(median(first)),
        ms(median(whole)),
        ms(median(whole_cpu))
    );
    for (what, args) in [
        (
            "plp report trends --format html (the team report)",
            vec!["report", "trends", "--format", "html", "--out"],
        ),
        (
            "plp report stuck --format csv",
            vec!["report", "stuck", "--format", "csv", "--out"],
        ),
    ] {
        let mut times = Vec::new();
        for _ in 0..5 {
            let out = dir.path().join("report.out");
            let t = Instant::now();
            let ok = Command::new(plp)
                .args(&args)
                .arg(&out)
                .arg("--db")
                .arg(&db)
                .status()
                .expect("plp report")
                .success();
            times.push(t.elapsed());
            assert!(ok);
        }
        println!("{what}: {} (median of 5)", ms(median(times)));
    }
}
