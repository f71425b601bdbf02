//! Commands that would destroy or create a whole database by accident refuse unless asked.

mod common;
use common::*;

#[test]
fn the_demo_is_not_replaced_once_something_was_typed_into_it() {
    let (_d, db) = demo_db();
    // Untouched, the demo may be made again.
    plp(&db).args(["demo", "--no-open"]).assert().success();
    plp(&db)
        .args(["checkin", "Kit", "--said", "typed during the demo"])
        .assert()
        .success();
    let mut c = plp(&db);
    c.args(["demo", "--no-open"]);
    fails_with(c, 1, "holds changes typed into the demo; use --force");
    plp(&db)
        .args(["show", "Kit"])
        .assert()
        .success()
        .stdout(predicates::str::contains("typed during the demo"));
    plp(&db)
        .args(["demo", "--no-open", "--force"])
        .assert()
        .success();
    plp(&db)
        .args(["show", "Kit"])
        .assert()
        .success()
        .stdout(predicates::str::contains("typed during the demo").not());
}

/// A count the demo cannot sensibly make is refused in one sentence before anything is made
/// or replaced (a mistyped one ran on and left a 400 MB partial file).
#[test]
fn the_demo_count_is_bounded() {
    let (dir, db) = demo_db();
    let before = snapshot_dir(dir.path());
    for (n, says) in [
        (
            "99999999999",
            "--students 99999999999 is more than the demo makes: at most 200000",
        ),
        (
            "200001",
            "--students 200001 is more than the demo makes: at most 200000",
        ),
        ("0", "--students must be at least 1"),
    ] {
        let mut c = plp(&db);
        c.args(["demo", "--no-open", "--students", n]);
        let (code, _, err) = run(c);
        assert_eq!(code, 2, "{n}: {err}");
        assert!(err.contains(says), "{n}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert_eq!(
            snapshot_dir(dir.path()),
            before,
            "{n}: the demo is left as it was"
        );
    }
}

#[test]
fn the_demo_is_not_replaced_while_it_holds_a_draft() {
    let (_d, db) = demo_db();
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute(
        "INSERT INTO drafts (key, body, updated) VALUES ('k', '{}', '2026-11-24')",
        [],
    )
    .unwrap();
    drop(conn);
    let mut c = plp(&db);
    c.args(["demo", "--no-open"]);
    fails_with(c, 1, "use --force");
}

#[test]
fn sync_with_a_path_that_does_not_exist_needs_create() {
    let (dir, db) = demo_db();
    let typo = dir.path().join("labtop.db");
    let mut c = plp(&db);
    c.arg("sync").arg(&typo);
    fails_with(c, 1, "does not exist; check the path, or add --create");
    assert!(!typo.exists(), "nothing was created");
    plp(&db)
        .arg("sync")
        .arg(&typo)
        .arg("--create")
        .assert()
        .success();
    assert!(typo.exists());
    plp(&typo).args(["show", "Kit"]).assert().success();
}

use predicates::prelude::PredicateBooleanExt;

/// A teacher's `--students` file whose lines cannot be SIS ids (a class roster with no column
/// named as a student id) is refused in one sentence, before the hub is reached, rather than
/// its lines being taken for ids.
#[test]
fn a_student_list_that_holds_no_ids_is_refused_before_the_hub_is_reached() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("class.csv");
    std::fs::write(&list, "Number,LastFirst\n200001,\"Murphy, Owen\"\n").unwrap();
    let mut c = plp(&dir.path().join("unused.db"));
    c.args([
        "hub",
        "user",
        "postgres://nobody@127.0.0.1:1/nohub",
        "t_murphy",
        "--role",
        "teacher",
        "--students",
        list.to_str().unwrap(),
    ])
    .env_remove("PGPASSWORD");
    let err = fails_with(c, 1, "line 1: \"Number,LastFirst\" is not a SIS id");
    assert!(
        err.contains("a CSV whose header names the student id column"),
        "{err}"
    );
}

/// A password piped in on more than one line (a pasted secret, two files joined) is refused in
/// one sentence before the hub is reached, never cut to its first line unsaid.
#[test]
fn a_password_piped_on_two_lines_is_refused_before_the_hub_is_reached() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = plp(&dir.path().join("unused.db"));
    c.args([
        "hub",
        "user",
        "postgres://nobody@127.0.0.1:1/nohub",
        "t_murphy",
        "--role",
        "teacher",
        "--school",
        "North High",
        "--password-stdin",
    ])
    .env_remove("PGPASSWORD")
    .write_stdin("first\nsecond\n");
    let err = fails_with(c, 1, "");
    assert_eq!(
        err.trim(),
        "plp: the password read from standard input has more than one line; a password is one \
         line; nothing was changed"
    );
}

/// `--exact` given to a login that is no advisor's is said in plp's own sentence, before the
/// hub is reached.
#[test]
fn exact_for_a_login_that_is_no_advisors_is_one_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = plp(&dir.path().join("unused.db"));
    c.args([
        "hub",
        "user",
        "postgres://nobody@127.0.0.1:1/nohub",
        "c2",
        "--role",
        "counselor",
        "--exact",
    ])
    .env_remove("PGPASSWORD");
    let err = fails_with(c, 1, "");
    assert_eq!(
        err.trim(),
        "plp: --exact is only for advisor logins, not counselor"
    );
}

#[test]
fn a_hub_url_where_the_database_file_goes_is_refused_and_makes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let url = "postgres://ana:pw-secret@db.district.org/plp";
    let tried: Vec<(assert_cmd::Command, &str)> = vec![
        {
            let mut c = plp(std::path::Path::new(url));
            c.args(["students"]);
            (c, "--db")
        },
        {
            let mut c = plp(std::path::Path::new("postgresql:/db.district.org/plp"));
            c.args(["sync", "other.db", "--create"]);
            (c, "--db")
        },
        {
            let mut c = assert_cmd::Command::cargo_bin("plp").unwrap();
            c.args(["checkin", "Kit", "--said", "hello"])
                .env("PLP_DB", url)
                .env("PLP_TODAY", "2026-11-24")
                .env("XDG_CONFIG_HOME", dir.path().join("config"));
            (c, "$PLP_DB")
        },
    ];
    for (mut cmd, given) in tried {
        cmd.current_dir(dir.path());
        let (code, out, err) = run(cmd);
        assert_eq!(code, 1, "{out}{err}");
        assert!(
            err.contains(&format!(
                "{given} names this computer's database file, not a hub"
            )) && err.contains("plp sync")
                && err.lines().count() == 1,
            "{err}"
        );
        assert!(!err.contains("pw-secret"), "{err}");
        let made: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .filter(|n| n != "config")
            .collect();
        assert!(made.is_empty(), "{made:?}");
    }
    // A folder named like the start of one is still a folder.
    std::fs::create_dir(dir.path().join("pg")).unwrap();
    let mut c = plp(std::path::Path::new("pg/plp.db"));
    c.args(["students"]).current_dir(dir.path());
    let (_, _, err) = run(c);
    assert!(err.contains("cannot open pg/plp.db: no such file"), "{err}");
}
