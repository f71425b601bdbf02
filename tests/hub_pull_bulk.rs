//! A new replica's first pull from the hub takes the changes into its log in bulk and builds the
//! tables once from the log: the same tables, log and conflicts as taking them change by change,
//! the same refusals, and a pull killed midway leaves a file that is built before anything reads
//! it and that the next sync finishes. Skipped where no PostgreSQL server can start (fails
//! instead under CI=true).

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::pg::{self, Cluster};
use common::{check_agrees, plp, run};

/// `plp sync URL` on the database at `db`.
fn sync_cmd(db: &Path, url: &str) -> assert_cmd::Command {
    let mut c = plp(db);
    c.args(["sync", url]).env_remove("PGPASSWORD");
    c
}

/// The same, taking the changes in change by change.
fn sync_by_changes(db: &Path, url: &str) -> assert_cmd::Command {
    let mut c = sync_cmd(db, url);
    c.env("PLP_HUB_BULK", "off");
    c
}

fn hub_with(c: &Cluster, name: &str) -> String {
    let url = c.new_database(name);
    let mut init = plp(&std::env::temp_dir().join("plp-hub-unused.db"));
    init.args(["hub", "init", &url]).env_remove("PGPASSWORD");
    assert_eq!(run(init).0, 0);
    url
}

fn tables(db: &Path) -> String {
    plp::store::Store::open(db).unwrap().dump_tables().unwrap()
}

/// Every change of the log, in clock order.
fn log(db: &Path) -> Vec<plp::store::Op> {
    plp::store::Store::open(db).unwrap().ops().unwrap()
}

/// `plp export --all --format json`: every student as the user gets them out.
fn export_all(db: &Path) -> String {
    let mut c = plp(db);
    c.args(["export", "--all", "--format", "json"]);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    out
}

/// A demo caseload of `students` in `dir`.
fn demo(dir: &Path, name: &str, students: usize) -> std::path::PathBuf {
    let db = dir.join(name);
    let mut c = plp(&db);
    c.args(["demo", "--no-open", "--students", &students.to_string()]);
    assert_eq!(run(c).0, 0);
    db
}

#[test]
fn a_first_pull_in_bulk_builds_the_tables_log_and_conflicts_change_by_change_does() {
    let Some(c) = pg::cluster() else { return };
    let url = hub_with(c, "bulk_same");
    let (_d, a) = common::demo_db();
    let dir = tempfile::tempdir().unwrap();
    let b = dir.path().join("b.db");
    assert_eq!(run(sync_cmd(&a, &url)).0, 0);
    assert_eq!(run(sync_cmd(&b, &url)).0, 0);
    // A conflict, and an edit of a record made on the other replica, in the hub.
    for (db, text) in [(&a, "likes maps"), (&b, "likes music")] {
        let mut cmd = plp(db);
        cmd.args(["set", "Kit", "strengths", text]);
        assert_eq!(run(cmd).0, 0);
    }
    let mut cmd = plp(&b);
    cmd.args(["set", "Kit", "needs", "quiet room"]);
    assert_eq!(run(cmd).0, 0);
    for db in [&a, &b, &a] {
        assert_eq!(run(sync_cmd(db, &url)).0, 0);
    }
    let held = log(&a).len();

    let bulk = dir.path().join("bulk.db");
    let one_by_one = dir.path().join("one-by-one.db");
    let (code, out, err) = run(sync_cmd(&bulk, &url));
    assert_eq!(code, 0, "{err}");
    let (code2, out2, err2) = run(sync_by_changes(&one_by_one, &url));
    assert_eq!(code2, 0, "{err2}");
    assert_eq!(out, out2);
    assert!(
        out.contains(&format!("received {held}, 1 new conflict")),
        "{out}"
    );
    assert_eq!(tables(&bulk), tables(&one_by_one));
    assert_eq!(tables(&bulk), tables(&a));
    assert_eq!(export_all(&bulk), export_all(&one_by_one));
    assert_eq!(log(&bulk), log(&one_by_one));
    let vv = |db: &Path| {
        plp::store::Store::open(db)
            .unwrap()
            .version_vector()
            .unwrap()
    };
    assert_eq!(vv(&bulk), vv(&one_by_one));
    check_agrees(&bulk);
    // The replica goes on as any other: its own change reaches the others.
    let mut cmd = plp(&bulk);
    cmd.args(["set", "Kit", "strengths", "likes maps and music"]);
    assert_eq!(run(cmd).0, 0);
    assert_eq!(run(sync_cmd(&bulk, &url)).0, 0);
    let (code, out, err) = run(sync_cmd(&a, &url));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("received 1"), "{out}");
    assert_eq!(tables(&a), tables(&bulk));
}

/// Rows put into the hub by SQL, as a hostile login could: a new replica whose first change is
/// a student with a status that does not exist, and whose second is sound.
fn add_hostile_rows(c: &Cluster, url: &str) {
    let db = Cluster::db_of(url);
    let mut client = c.client(&db);
    let r = client
        .query_one(
            "SELECT entity_id, student_id FROM plp.changes WHERE entity = 'student' LIMIT 1",
            &[],
        )
        .unwrap();
    let (student, owner): (String, String) = (r.get(0), r.get(1));
    let replica = "0190b6a2-0000-7000-8000-0000000000aa";
    client
        .execute(
            "INSERT INTO plp.replicas (replica) VALUES ($1)",
            &[&replica],
        )
        .unwrap();
    for (seq, id, field, value) in [
        (
            1i64,
            "0190b6a2-0000-7000-8000-0000000001a1",
            "status",
            "\"banana\"",
        ),
        (
            2,
            "0190b6a2-0000-7000-8000-0000000001a2",
            "needs",
            "\"a quiet room\"",
        ),
    ] {
        client
            .execute(
                "INSERT INTO plp.changes
                 SELECT $1, $2, $3, hlc, 'mallory', 'student', $4, $5, $6::text::jsonb, '[]', $7
                 FROM plp.changes ORDER BY hlc DESC LIMIT 1",
                &[&replica, &seq, &id, &student, &field, &value, &owner],
            )
            .unwrap();
    }
}

#[test]
fn a_hostile_row_in_the_hub_is_refused_by_a_first_pull_in_bulk_as_change_by_change() {
    let Some(c) = pg::cluster() else { return };
    let url = hub_with(c, "bulk_hostile");
    let (_d, a) = common::demo_db();
    assert_eq!(run(sync_cmd(&a, &url)).0, 0);
    add_hostile_rows(c, &url);
    let dir = tempfile::tempdir().unwrap();
    let bulk = dir.path().join("bulk.db");
    let one_by_one = dir.path().join("one-by-one.db");
    let (code, out, err) = run(sync_cmd(&bulk, &url));
    let (code2, out2, err2) = run(sync_by_changes(&one_by_one, &url));
    assert_eq!((code, code2), (1, 1), "{err} / {err2}");
    assert!(err.contains("unknown student status"), "{err}");
    assert!(
        err.contains("so was the 1 later change from the same replica"),
        "{err}"
    );
    // (Each names its own new file first.)
    assert_eq!(
        (&out, &err.replace("bulk.db", "new.db")),
        (&out2, &err2.replace("one-by-one.db", "new.db"))
    );
    // Nothing of that replica was taken; everything else was, and built.
    assert_eq!(log(&bulk), log(&one_by_one));
    assert_eq!(log(&bulk), log(&a));
    assert_eq!(tables(&bulk), tables(&one_by_one));
    assert_eq!(tables(&bulk), tables(&a));
    check_agrees(&bulk);
    // Refused again, the same way, by the next sync.
    let (code, _, again) = run(sync_cmd(&bulk, &url));
    assert_eq!(code, 1);
    let made = format!(
        "made a new database at {} (no file was there)\n",
        bulk.display()
    );
    assert!(err.starts_with(&made), "{err}");
    assert_eq!(again, err[made.len()..]);
}

/// How many changes the file's log holds, read beside the process writing it (0 before the
/// file is set up).
fn changes_in(db: &Path) -> i64 {
    let Ok(conn) = rusqlite::Connection::open_with_flags(
        db,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    ) else {
        return 0;
    };
    let _ = conn.busy_timeout(Duration::from_secs(5));
    conn.query_row("SELECT count(*) FROM ops", [], |r| r.get(0))
        .unwrap_or(0)
}

/// Starts a first pull into `db`, a few changes per batch, and kills it (SIGKILL) once its log
/// holds some of the hub's changes but not all. The changes held then, or None when the pull
/// ended before it could be killed.
fn kill_a_pull_midway(db: &Path, url: &str, total: i64) -> Option<i64> {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("plp"));
    cmd.arg("--db")
        .arg(db)
        .args(["sync", url])
        .env("PLP_HUB_BATCH", "7")
        .env("PLP_AUTHOR", "tester")
        .env_remove("PGPASSWORD")
        .env_remove("PLP_DB")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    let mut child = cmd.spawn().unwrap();
    let start = Instant::now();
    loop {
        let held = changes_in(db);
        if held > total / 4 {
            break;
        }
        if child.try_wait().unwrap().is_some() {
            return None;
        }
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "the pull made no progress"
        );
        std::thread::yield_now();
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let held = changes_in(db);
    (held < total).then_some(held)
}

#[test]
fn a_first_pull_killed_midway_is_built_before_it_is_read_and_the_next_sync_finishes_it() {
    let Some(c) = pg::cluster() else { return };
    let url = hub_with(c, "bulk_killed");
    let dir = tempfile::tempdir().unwrap();
    let school = demo(dir.path(), "school.db", 40);
    assert_eq!(run(sync_cmd(&school, &url)).0, 0);
    let total = log(&school).len() as i64;
    let whole = dir.path().join("whole.db");
    assert_eq!(run(sync_cmd(&whole, &url)).0, 0);

    // Killed at whatever point it had reached (tried again if it ended first).
    let killed = dir.path().join("killed.db");
    let held = (0..5)
        .find_map(|_| {
            for f in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{f}", killed.display()));
            }
            kill_a_pull_midway(&killed, &url, total)
        })
        .expect("a pull that could be killed midway");
    assert!(held > 0 && held < total);
    // As the kill left it: changes in the log that the tables do not hold yet, and the note
    // that says so.
    {
        let conn = rusqlite::Connection::open(&killed).unwrap();
        let pending: i64 = conn
            .query_row(
                "SELECT count(*) FROM meta WHERE key = 'tables behind the log up to row'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(pending, 1, "the intake was in bulk");
    }
    // Anything that opens it finds the tables built from the log first.
    check_agrees(&killed);
    let part = export_all(&killed);
    assert!(part.contains("\"sis_id\""), "students already readable");
    assert_ne!(part, export_all(&whole));

    // The next sync takes in exactly what is missing.
    let (code, out, err) = run(sync_cmd(&killed, &url));
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(&format!("sent 0 changes, received {}", total - held)),
        "{out}"
    );
    assert_eq!(log(&killed), log(&whole));
    assert_eq!(tables(&killed), tables(&whole));
    assert_eq!(export_all(&killed), export_all(&whole));
    check_agrees(&killed);
}
