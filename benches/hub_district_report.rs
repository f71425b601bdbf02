//! The district reports in the hub beside the same reports from a file, in one run: `plp report
//! due|trends|completeness|stuck` over the 5,000-student demo (one school) and over the
//! 50,000-student demo split into ten schools of 5,000, each read by the hub's admin and, at
//! 50,000, the trends report read by a counselor of one school (row-level security leaves them
//! 5,000 students). The hub holds exactly what the file holds, so each report from the hub must
//! equal the file's, byte for byte: the bench checks it.
//!
//! Needs PostgreSQL 15. `PLP_BENCH_HUB=postgresql://USER:PASSWORD@HOST:PORT/postgres` (a login
//! that may create databases, e.g. a superuser) keeps the prepared hubs in the databases
//! `plp_bench_school` and `plp_bench_district` on that server and reuses them on the next run;
//! without it a throw-away server is started (as for the tests) and the hubs are filled anew,
//! which takes many minutes at 50,000 students. Filling a hub is a `plp sync` of a copy of the
//! demo file (/tmp/sc/m/new5k/d.db and /tmp/sc/m/new50k/d.db when they exist, copied, never
//! written; else `plp demo --students N`); then, for the district, the students are given ten
//! schools ("School 1" … "School 10", 5,000 each, by id) in the hub's table of students.
//!
//! Run: `cargo bench --bench hub_district_report` (`PLP_BENCH_50K=0` leaves out the 50,000;
//! `PLP_BENCH_RUNS=N` runs each report N times, 3 unless told;
//! `PLP_BENCH_CHECK_VIEWS=1` adds `plp hub check-views` over the 50,000).

#[path = "../tests/common/pg.rs"]
mod pg;

use plp::store::hub::Target;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

const REPORTS: [&str; 4] = ["due", "trends", "completeness", "stuck"];

/// How many times each report runs (the median is shown): `PLP_BENCH_RUNS`, else 3.
fn runs() -> usize {
    std::env::var("PLP_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(3)
}

/// One run of plp: wall seconds, CPU seconds of plp itself, and what it printed.
struct Ran {
    wall: f64,
    cpu: f64,
    out: Output,
}

fn children_cpu() -> f64 {
    // SAFETY: getrusage fills the struct it is given.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut u) };
    let t = |v: libc::timeval| v.tv_sec as f64 + v.tv_usec as f64 / 1e6;
    t(u.ru_utime) + t(u.ru_stime)
}

fn plp_run(plp: &Path, db: &Path, args: &[&str], stdin: Option<&str>) -> Ran {
    use std::io::Write;
    let cpu = children_cpu();
    let start = Instant::now();
    let mut child = Command::new(plp)
        .arg("--db")
        .arg(db)
        .args(args)
        .env("PLP_AUTHOR", "bench")
        .env_remove("PGPASSWORD")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run plp");
    if let Some(text) = stdin {
        let mut input = child.stdin.take().expect("stdin");
        input.write_all(text.as_bytes()).expect("write stdin");
    }
    drop(child.stdin.take());
    let out = child.wait_with_output().expect("plp ran");
    let wall = start.elapsed().as_secs_f64();
    assert!(
        out.status.success(),
        "plp {} failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    Ran {
        wall,
        cpu: children_cpu() - cpu,
        out,
    }
}

/// The median run (by wall time) of [`runs`].
fn median(plp: &Path, db: &Path, args: &[&str]) -> Ran {
    let n = runs();
    let mut all: Vec<Ran> = (0..n).map(|_| plp_run(plp, db, args, None)).collect();
    all.sort_by(|a, b| a.wall.partial_cmp(&b.wall).expect("numbers"));
    all.swap_remove(n / 2)
}

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

/// A copy of a demo file, or a new demo of `n` students.
fn demo(plp: &Path, dir: &Path, name: &str, made: &str, n: usize) -> PathBuf {
    let db = dir.join(name);
    if Path::new(made).exists() {
        std::fs::copy(made, &db).expect("copy the demo");
    } else {
        let n = n.to_string();
        plp_run(plp, &db, &["demo", "--no-open", "--students", &n], None);
    }
    db
}

/// Where the hubs live: a kept server (`$PLP_BENCH_HUB`) or a throw-away one.
enum Server {
    Kept(Target, String),
    Throwaway(&'static pg::Cluster),
}

impl Server {
    fn find() -> Option<Server> {
        match std::env::var("PLP_BENCH_HUB") {
            Ok(url) => {
                let t = Target::parse(&url, &|k| std::env::var(k).ok()).expect("PLP_BENCH_HUB");
                Some(Server::Kept(t, url))
            }
            Err(_) => pg::cluster().map(Server::Throwaway),
        }
    }

    /// The superuser URL of database `db` (made when missing), and whether it is new.
    fn database(&self, db: &str) -> (String, bool) {
        match self {
            Server::Throwaway(c) => (c.new_database(db), true),
            Server::Kept(t, url) => {
                let mut client = t.connect().expect("connect to PLP_BENCH_HUB");
                let known = client
                    .query_opt("SELECT 1 FROM pg_database WHERE datname = $1", &[&db])
                    .expect("list databases")
                    .is_some();
                if !known {
                    client
                        .batch_execute(&format!("CREATE DATABASE {db}"))
                        .expect("create the database");
                }
                (with_database(url, &t.dbname, db), !known)
            }
        }
    }

    /// A URL for `login` with `password` on the database `url` names.
    fn login_url(&self, url: &str, login: &str, password: &str) -> String {
        let t = Target::parse(url, &|_| None).expect("hub URL");
        match self {
            Server::Throwaway(c) => c.url_for(&t.dbname, login, password),
            Server::Kept(..) if t.host.starts_with('/') => format!(
                "postgresql://{login}:{password}@/{}?host={}&port={}&sslmode=disable",
                t.dbname, t.host, t.port
            ),
            Server::Kept(..) => format!(
                "postgresql://{login}:{password}@{}:{}/{}?sslmode=disable",
                t.host, t.port, t.dbname
            ),
        }
    }
}

/// `url` with its database `from` replaced by `to`.
fn with_database(url: &str, from: &str, to: &str) -> String {
    let (head, query) = url.split_once('?').unwrap_or((url, ""));
    let head = head
        .strip_suffix(&format!("/{from}"))
        .map(|h| format!("{h}/{to}"))
        .unwrap_or_else(|| format!("{}/{to}", head.trim_end_matches('/')));
    if query.is_empty() {
        head
    } else {
        format!("{head}?{query}")
    }
}

fn hub_client(url: &str) -> postgres::Client {
    let t = Target::parse(url, &|k| std::env::var(k).ok()).expect("hub URL");
    t.connect().expect("connect to the hub")
}

/// Students in the hub (0 for a database without the hub's schema).
fn students_in(url: &str) -> i64 {
    let mut client = hub_client(url);
    client
        .query_one(
            "SELECT CASE WHEN to_regclass('plp.students') IS NULL THEN 0
                    ELSE (SELECT count(*) FROM plp.students) END",
            &[],
        )
        .map(|r| r.get(0))
        .unwrap_or(0)
}

/// A hub holding `file` (pushed by `plp sync` unless it holds `n` students already); its URL.
fn hub_of(plp: &Path, server: &Server, db: &str, file: &Path, n: i64, schools: bool) -> String {
    let (url, new) = server.database(db);
    let none = Path::new("/nonexistent/unused.db");
    plp_run(plp, none, &["hub", "init", &url], None);
    if !new && students_in(&url) == n {
        println!("  (reusing the hub in database {db})");
        return url;
    }
    plp_run(plp, file, &["config", "school", "School 1"], None);
    let push = plp_run(plp, file, &["sync", &url], None);
    println!("  filled the hub in database {db}: {:.0} s", push.wall);
    if schools {
        hub_client(&url)
            .batch_execute(
                "UPDATE plp.students s SET school = 'School ' || (1 + (n.i - 1) / 5000)
                 FROM (SELECT student_id, row_number() OVER (ORDER BY student_id) AS i
                       FROM plp.students) n
                 WHERE n.student_id = s.student_id",
            )
            .expect("ten schools");
        // VACUUM runs outside the implicit transaction of a batch of several statements.
        hub_client(&url)
            .batch_execute("VACUUM ANALYZE plp.students")
            .expect("ten schools counted");
    }
    hub_client(&url)
        .batch_execute("VACUUM ANALYZE")
        .expect("analyze");
    url
}

/// Each report from the hub and from the file, side by side; the outputs must agree.
fn compare(plp: &Path, d: &Path, file: &Path, url: &str, label: &str) {
    let nowhere = d.join("nowhere.db");
    // Opened once before anything is timed: a file of an earlier plp is upgraded here.
    plp_run(plp, file, &["students", "--format", "csv"], None);
    println!("hub_district_report: {label} (load average {})", load());
    for kind in REPORTS {
        let hub = median(plp, &nowhere, &["report", kind, "--hub", url]);
        let from_file = median(plp, file, &["report", kind]);
        assert_eq!(
            String::from_utf8_lossy(&hub.out.stdout),
            String::from_utf8_lossy(&from_file.out.stdout),
            "plp report {kind}: the hub and the file disagree"
        );
        println!(
            "  plp report {kind:<13} hub {:>6.2} s (plp's CPU {:.2} s)   file {:>6.2} s (CPU {:.2} s)",
            hub.wall, hub.cpu, from_file.wall, from_file.cpu
        );
    }
}

fn main() {
    let plp = PathBuf::from(env!("CARGO_BIN_EXE_plp"));
    let Some(server) = Server::find() else {
        println!("hub_district_report: no PostgreSQL server; nothing measured");
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();

    let school = demo(&plp, d, "school.db", "/tmp/sc/m/new5k/d.db", 5000);
    let url = hub_of(&plp, &server, "plp_bench_school", &school, 5000, false);
    compare(&plp, d, &school, &url, "5,000 students, one school");

    if std::env::var("PLP_BENCH_50K").is_ok_and(|v| v == "0") {
        return;
    }
    let district = demo(&plp, d, "district.db", "/tmp/sc/m/new50k/d.db", 50_000);
    let url = hub_of(&plp, &server, "plp_bench_district", &district, 50_000, true);
    compare(&plp, d, &district, &url, "50,000 students, ten schools");

    // A counselor of one school: row-level security leaves them that school's 5,000.
    let none = Path::new("/nonexistent/unused.db");
    plp_run(
        &plp,
        none,
        &[
            "hub",
            "user",
            &url,
            "bench_counselor",
            "--role",
            "counselor",
            "--school",
            "School 3",
            "--password-stdin",
        ],
        Some("bench-pw\n"),
    );
    let counselor = server.login_url(&url, "bench_counselor", "bench-pw");
    let nowhere = d.join("nowhere.db");
    let ran = median(&plp, &nowhere, &["report", "trends", "--hub", &counselor]);
    let said = String::from_utf8_lossy(&ran.out.stdout).into_owned();
    let students = said
        .lines()
        .find(|l| l.contains("tudents"))
        .unwrap_or("")
        .trim()
        .to_string();
    println!(
        "  plp report trends as a counselor of one school: {:.2} s (plp's CPU {:.2} s; {students})",
        ran.wall, ran.cpu
    );

    if std::env::var("PLP_BENCH_CHECK_VIEWS").is_ok_and(|v| v == "1") {
        let check = plp_run(&plp, none, &["hub", "check-views", &url], None);
        let said = String::from_utf8_lossy(&check.out.stdout).into_owned();
        println!(
            "  plp hub check-views: {:.1} s ({})",
            check.wall,
            said.trim()
        );
    }
}
