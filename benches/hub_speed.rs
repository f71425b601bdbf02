//! The district hub beside path sync, in one run, on the 5,000-student demo: the first push into
//! an empty hub, the first pull into an empty replica, a sync with nothing to do, and the bytes
//! one new check-in takes from one laptop to another (both directions of each sync, counted on
//! the wire by a relay in front of the server). The district reports are measured by
//! `cargo bench --bench hub_district_report`.
//!
//! Needs PostgreSQL 15 (a throw-away server is started as for the tests, or
//! `$PLP_TEST_PG_URL`). Uses /tmp/sc/m/new5k/d.db when it exists (copied, never written), else
//! makes the demo.
//!
//! Run: `cargo bench --bench hub_speed`.

#[path = "../tests/common/pg.rs"]
mod pg;

#[path = "common/measure.rs"]
mod measure;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

/// A relay on 127.0.0.1 in front of the server that counts the bytes each way.
struct Relay {
    port: u16,
    up: Arc<AtomicU64>,
    down: Arc<AtomicU64>,
}

impl Relay {
    fn start(to_port: u16) -> Relay {
        let listener = TcpListener::bind("127.0.0.1:0").expect("relay");
        let port = listener.local_addr().expect("addr").port();
        let up = Arc::new(AtomicU64::new(0));
        let down = Arc::new(AtomicU64::new(0));
        let (u, d) = (up.clone(), down.clone());
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let Ok(server) = TcpStream::connect(("127.0.0.1", to_port)) else {
                    continue;
                };
                // As the client and server do themselves: a relay that held small packets back
                // (Nagle's algorithm against delayed acknowledgements) would add its own waits.
                let _ = client.set_nodelay(true);
                let _ = server.set_nodelay(true);
                pipe(
                    client.try_clone().expect("clone"),
                    server.try_clone().expect("clone"),
                    u.clone(),
                );
                pipe(server, client, d.clone());
            }
        });
        Relay { port, up, down }
    }

    fn reset(&self) {
        self.up.store(0, Ordering::SeqCst);
        self.down.store(0, Ordering::SeqCst);
    }

    fn bytes(&self) -> (u64, u64) {
        (
            self.up.load(Ordering::SeqCst),
            self.down.load(Ordering::SeqCst),
        )
    }
}

fn pipe(mut from: TcpStream, mut to: TcpStream, count: Arc<AtomicU64>) {
    std::thread::spawn(move || {
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            match from.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    count.fetch_add(n as u64, Ordering::SeqCst);
                    if to.write_all(&buf[..n]).is_err() {
                        break;
                    }
                }
            }
        }
        let _ = to.shutdown(std::net::Shutdown::Both);
    });
}

/// Runs plp to the end and returns its wall time in seconds (and stdout).
fn timed(plp: &Path, db: &Path, args: &[&str]) -> (f64, String) {
    timed_with(plp, db, args, &[])
}

/// Runs plp to the end: wall time and processor time in seconds, peak memory in kB.
fn measured(plp: &Path, db: &Path, args: &[&str]) -> (f64, f64, i64) {
    measure::measure(
        Command::new(plp)
            .arg("--db")
            .arg(db)
            .args(args)
            .env("PLP_AUTHOR", "bench")
            .env_remove("PGPASSWORD"),
    )
}

/// As [`timed`], with some environment variables set.
fn timed_with(plp: &Path, db: &Path, args: &[&str], vars: &[(&str, &str)]) -> (f64, String) {
    let start = Instant::now();
    let out = Command::new(plp)
        .arg("--db")
        .arg(db)
        .args(args)
        .envs(vars.iter().copied())
        .env("PLP_AUTHOR", "bench")
        .env_remove("PGPASSWORD")
        .output()
        .expect("run plp");
    let t = start.elapsed().as_secs_f64();
    assert!(
        out.status.success(),
        "plp {} failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    (t, String::from_utf8_lossy(&out.stdout).into_owned())
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).expect("numbers"));
    v[v.len() / 2]
}

/// A copy of a demo file, or a new demo of `n` students.
fn demo(plp: &Path, dir: &Path, name: &str, made: &str, n: usize) -> PathBuf {
    let db = dir.join(name);
    if Path::new(made).exists() {
        std::fs::copy(made, &db).expect("copy the demo");
    } else {
        let n = n.to_string();
        timed(plp, &db, &["demo", "--no-open", "--students", &n]);
    }
    db
}

/// A new hub database: its URL by TCP, the URL of a relay in front of it that counts bytes, and
/// the relay. Times are taken without the relay: copying every byte through the relay's threads on
/// a two-core machine adds seconds of its own to a first push or pull.
fn new_hub(c: &pg::Cluster, plp: &Path, name: &str) -> (String, String, Relay) {
    let url = c.new_database(name);
    let db = pg::Cluster::db_of(&url);
    timed(
        plp,
        Path::new("/nonexistent/unused.db"),
        &["hub", "init", &url],
    );
    c.client(&db)
        .batch_execute(
            "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'bench') THEN
                CREATE ROLE bench LOGIN SUPERUSER PASSWORD 'bench'; END IF; END $$;",
        )
        .expect("bench login");
    let relay = Relay::start(c.port());
    let relayed = format!(
        "postgresql://bench:bench@127.0.0.1:{}/{db}?sslmode=disable",
        relay.port
    );
    (c.url_for(&db, "bench", "bench"), relayed, relay)
}

fn main() {
    let plp = PathBuf::from(env!("CARGO_BIN_EXE_plp"));
    let Some(c) = pg::cluster() else {
        println!("hub_speed: no PostgreSQL server; nothing measured");
        return;
    };
    let load_before = load_average();
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let school = demo(&plp, d, "school.db", "/tmp/sc/m/new5k/d.db", 5000);
    let (url, relayed, relay) = new_hub(c, &plp, "bench5k");

    // Through the hub.
    let (push, push_cpu, push_kb) = measured(&plp, &school, &["sync", &url]);
    let laptop = d.join("laptop.db");
    let (pull, pull_cpu, pull_kb) = measured(&plp, &laptop, &["sync", &url]);
    // The same pull taking the changes in one by one (as a replica that already holds more
    // than is coming does), for comparison.
    let (pull_by_changes, _) = timed_with(
        &plp,
        &d.join("laptop-by-changes.db"),
        &["sync", &url],
        &[("PLP_HUB_BULK", "off")],
    );
    let reading = read_everything(&url);
    let noop = median(
        (0..5)
            .map(|_| timed(&plp, &laptop, &["sync", &url]).0)
            .collect(),
    );
    let student = "200000";
    timed(
        &plp,
        &school,
        &["checkin", student, "--said", "Met in the library"],
    );
    relay.reset();
    timed(&plp, &school, &["sync", &relayed]);
    let (send_up, send_down) = relay.bytes();
    relay.reset();
    timed(&plp, &laptop, &["sync", &relayed]);
    let (take_up, take_down) = relay.bytes();

    // The same by path: a replica made from the school's file, a sync with nothing to do, and
    // one new check-in from one laptop to the other.
    let by_path = d.join("by-path.db");
    let (first_path, _) = timed(&plp, &by_path, &["sync", school.to_str().expect("path")]);
    let noop_path = median(
        (0..5)
            .map(|_| timed(&plp, &by_path, &["sync", school.to_str().expect("path")]).0)
            .collect(),
    );

    println!(
        "hub_speed: 5,000 students (PostgreSQL {})",
        server_version(c)
    );
    println!(
        "  first push into an empty hub:  {push:.2} s (plp's processor {push_cpu:.2} s), peak \
         memory {:.0} MB",
        push_kb as f64 / 1024.0
    );
    println!(
        "  first pull into an empty file: {pull:.2} s in bulk (plp's processor {pull_cpu:.2} s), \
         peak memory {:.0} MB",
        pull_kb as f64 / 1024.0
    );
    println!(
        "    of which reading every change from the hub (no intake): {reading:.2} s; the rest \
         is the intake"
    );
    println!("    the same pull taken in change by change: {pull_by_changes:.2} s");
    println!("  first sync by path into an empty file: {first_path:.2} s");
    println!(
        "  nothing to do: hub median {:.0} ms; by path median {:.0} ms",
        noop * 1e3,
        noop_path * 1e3
    );
    println!(
        "  one new check-in through the hub: push {send_up} bytes sent, {send_down} back; \
         pull {take_up} bytes sent, {take_down} back"
    );
    println!("  (by path and over ssh: see `cargo bench --bench sync_speed`)");
    println!(
        "  load average (1, 5, 15 min) before: {load_before}; after: {}",
        load_average()
    );
}

/// The machine's load averages, as /proc/loadavg gives them (empty where there is none).
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

/// Seconds to read every change of the hub as a pull does, a batch at a time, and turn each
/// row into a change, taking none of them in: the hub's share of a first pull.
fn read_everything(url: &str) -> f64 {
    let start = Instant::now();
    let mut hub = plp::store::hub::Hub::open(url).expect("hub");
    let mut n = 0;
    let heads = hub.heads().expect("heads").replicas;
    for (replica, top) in heads
        .iter()
        .filter_map(|h| Some((h.replica.clone(), h.cursor()?)))
    {
        let mut after = 0;
        while after < top {
            let (ops, bad) = hub
                .changes_after(&replica, after, plp::sync::BATCH)
                .expect("read");
            assert!(bad.is_none());
            let Some(last) = ops.last() else { break };
            after = last.seq;
            n += ops.len();
        }
    }
    assert!(n > 0);
    start.elapsed().as_secs_f64()
}

fn server_version(c: &pg::Cluster) -> String {
    c.client("postgres")
        .query_one("SHOW server_version", &[])
        .map(|r| r.get::<_, String>(0))
        .unwrap_or_default()
}
