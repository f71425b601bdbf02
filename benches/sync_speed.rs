//! Sync on the 5,000-student demo: the first sync into an empty replica, a sync with nothing to
//! do, and the bytes that cross the link for one new check-in.
//!
//! Run: `cargo bench --bench sync_speed`

use plp::store::Store;
use plp::sync::stdio::{serve, sync_client, Counting};
use std::io::BufReader;
use std::os::unix::net::UnixStream;
use std::process::Command;
use std::time::Instant;

fn main() {
    let plp = env!("CARGO_BIN_EXE_plp");
    let dir = tempfile::tempdir().expect("temp dir");
    let big = dir.path().join("school.db");
    assert!(Command::new(plp)
        .args(["demo", "--no-open", "--students", "5000", "--db"])
        .arg(&big)
        .status()
        .expect("demo")
        .success());

    let mut firsts = Vec::new();
    let mut noops = Vec::new();
    for run in 0..3 {
        let fresh = dir.path().join(format!("laptop-{run}.db"));
        let t = Instant::now();
        assert!(Command::new(plp)
            .arg("--db")
            .arg(&fresh)
            .arg("sync")
            .arg(&big)
            .output()
            .expect("sync")
            .status
            .success());
        firsts.push(t.elapsed().as_secs_f64());
        let t = Instant::now();
        assert!(Command::new(plp)
            .arg("--db")
            .arg(&fresh)
            .arg("sync")
            .arg(&big)
            .output()
            .expect("sync")
            .status
            .success());
        noops.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    firsts.sort_by(|a, b| a.total_cmp(b));
    noops.sort_by(|a, b| a.total_cmp(b));

    // One new check-in over the wire protocol (what ssh would carry), both directions counted.
    let laptop = dir.path().join("laptop-0.db");
    let mut here = Store::open(&laptop).expect("open");
    let id = here.find_student("200007").expect("student");
    here.write(|w| {
        w.add_checkin(&plp::domain::CheckIn {
            student_id: id.clone(),
            date: chrono::NaiveDate::from_ymd_opt(2026, 11, 24),
            student_words: "Chemistry is going better since I started asking questions.".into(),
            notes: "Good energy.".into(),
            next_date: chrono::NaiveDate::from_ymd_opt(2026, 12, 29),
            ..Default::default()
        })
    })
    .expect("check-in");
    let (a, b) = UnixStream::pair().expect("pair");
    let big2 = big.clone();
    let server = std::thread::spawn(move || {
        let mut there = Store::open(&big2).expect("open");
        let mut w = Counting::new(b.try_clone().expect("clone"));
        serve(&mut there, &mut BufReader::new(b), &mut w).expect("serve");
        w.bytes
    });
    let mut w = Counting::new(a.try_clone().expect("clone"));
    let summary = sync_client(&mut here, &mut BufReader::new(a), &mut w).expect("sync");
    let back = server.join().expect("server");
    assert_eq!(summary.sent, 1);
    // The first sync over the wire protocol (ssh), where every change is sent and applied.
    let fresh = dir.path().join("over-ssh.db");
    let mut empty = Store::open(&fresh).expect("open");
    empty.set_cache_mb(64).expect("cache");
    let (a, b) = UnixStream::pair().expect("pair");
    let big3 = big.clone();
    let t = Instant::now();
    let server = std::thread::spawn(move || {
        let mut there = Store::open(&big3).expect("open");
        let mut w = b.try_clone().expect("clone");
        serve(&mut there, &mut BufReader::new(b), &mut w).expect("serve");
    });
    let mut wa = a.try_clone().expect("clone");
    sync_client(&mut empty, &mut BufReader::new(a), &mut wa).expect("sync");
    server.join().expect("server");
    let over_wire = t.elapsed().as_secs_f64();

    println!("sync_speed: first sync over the wire protocol: {over_wire:.2} s");
    println!(
        "sync_speed: first sync of 5000 students into an empty replica: median {:.2} s; \
         nothing to do: median {:.1} ms; one new check-in: {} bytes sent, {} bytes back",
        firsts[1], noops[1], w.bytes, back
    );
}
