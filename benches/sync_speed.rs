//! Sync on the 5,000-student demo: the first sync into an empty replica, a sync with nothing to
//! do, and the bytes that cross the link for one new check-in; locally and over ssh.
//!
//! Run: `cargo bench --bench sync_speed`

use plp::store::Store;
use plp::sync::protocol::Counting;
use plp::sync::stdio::{serve, sync_client};
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
        if run > 0 {
            remove_db(&fresh); // each run starts from the same disk state
        }
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
    // The first sync over ssh, through the real binary at both ends (a stand-in ssh that runs
    // the far side's command here, so the figure is plp's, not the network's): the new replica
    // receives a compressed copy. And the bytes that copy takes on the wire.
    let ssh = dir.path().join("ssh");
    std::fs::write(&ssh, "#!/bin/sh\nshift\nexec sh -c \"$*\"\n").expect("ssh");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&ssh, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let over_wire =
        median_first_sync_over_ssh(plp, dir.path(), &ssh, &format!("lab:{}", big.display()));
    // Through a real OpenSSH server on 127.0.0.1 when one is there (`eval "$(.ci/sshd-start)"`).
    let real = match (
        std::env::var("PLP_TEST_SSH"),
        std::env::var("PLP_TEST_SSH_USER"),
    ) {
        (Ok(ssh), Ok(user)) => format!(
            "median {:.2} s",
            median_first_sync_over_ssh(
                plp,
                dir.path(),
                std::path::Path::new(&ssh),
                &format!("{user}@127.0.0.1:{}", big.display())
            )
        ),
        _ => "not measured (no test sshd: eval \"$(.ci/sshd-start)\" first)".into(),
    };
    println!("sync_speed: first sync through OpenSSH on 127.0.0.1: {real}");
    let mut copy = Vec::new();
    let copy_bytes =
        plp::sync::snapshot::send(&Store::open(&big).expect("open"), &mut copy).expect("copy");
    let file_bytes = std::fs::metadata(&big).expect("size").len();

    println!(
        "sync_speed: first sync over ssh: median {over_wire:.2} s; the copy sent: {:.1} MB \
         for a {:.1} MB file",
        copy_bytes as f64 / 1e6,
        file_bytes as f64 / 1e6
    );
    println!(
        "sync_speed: first sync of 5000 students into an empty replica: median {:.2} s; \
         nothing to do: median {:.1} ms; one new check-in: {} bytes sent, {} bytes back",
        firsts[1], noops[1], w.bytes, back
    );
}

/// Removes a database and its journal files.
fn remove_db(path: &std::path::Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(std::path::PathBuf::from(p));
    }
}

/// The median of three first syncs of a new, empty database with `target` through `ssh`
/// (`$PLP_SSH`, which may carry options), each from the same disk state.
fn median_first_sync_over_ssh(
    plp: &str,
    dir: &std::path::Path,
    ssh: &std::path::Path,
    target: &str,
) -> f64 {
    let mut times = Vec::new();
    for run in 0..3 {
        let fresh = dir.join(format!("first-over-ssh-{run}.db"));
        let t = Instant::now();
        let out = Command::new(plp)
            .arg("--db")
            .arg(&fresh)
            .arg("sync")
            .arg(target)
            .env("PLP_SSH", ssh)
            .env("PLP_REMOTE_PLP", plp)
            .output()
            .expect("sync");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        times.push(t.elapsed().as_secs_f64());
        remove_db(&fresh);
    }
    times.sort_by(|a, b| a.total_cmp(b));
    times[1]
}
