//! Shared helpers for tests that run the real binary.
#![allow(dead_code)]

pub mod browser;
pub mod pg;
pub mod pty;
pub mod tui;

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// The `plp` binary on a given database, with a fixed day and author, and settings of its own
/// (a folder of this test process's, empty at first: never the settings of whoever runs the
/// tests; a test that needs others sets `XDG_CONFIG_HOME` itself).
pub fn plp(db: &Path) -> Command {
    let mut c = Command::cargo_bin("plp").expect("binary");
    c.arg("--db")
        .arg(db)
        .env("PLP_TODAY", "2026-11-24")
        .env("PLP_AUTHOR", "tester")
        .env("XDG_CONFIG_HOME", settings_of_the_tests())
        .env_remove("PLP_DB");
    c
}

/// The settings folder of this test process's runs of plp.
fn settings_of_the_tests() -> &'static Path {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("settings dir"))
        .path()
}

/// A new database holding the demo caseload, in its own temp dir.
pub fn demo_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("plp.db");
    plp(&db).args(["demo", "--no-open"]).assert().success();
    (dir, db)
}

/// Runs and returns (exit code, stdout, stderr).
pub fn run(mut cmd: Command) -> (i32, String, String) {
    let out = cmd.output().expect("runs");
    let code = out.status.code().unwrap_or(-1);
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    for text in [&stdout, &stderr] {
        assert!(
            !text.contains("panicked"),
            "a panic reached the user: {text}"
        );
        assert!(
            !text.contains("Error {") && !text.contains("Some("),
            "debug print: {text}"
        );
    }
    (code, stdout, stderr)
}

/// Asserts that `plp check` finds the file's tables agree with its change log.
pub fn check_agrees(db: &Path) {
    let (code, out, err) = run({
        let mut c = plp(db);
        c.arg("check");
        c
    });
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("the tables agree with the change log"),
        "{out}"
    );
}

/// Asserts a failure with exactly one line on stderr containing `needle`.
pub fn fails_with(cmd: Command, code: i32, needle: &str) -> String {
    let (c, _, err) = run(cmd);
    assert_eq!(c, code, "exit code; stderr: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert!(err.contains(needle), "expected {needle:?} in: {err}");
    err
}

/// Every table of a database as text (to compare two replicas, or a database before and after).
pub fn dump(db: &Path) -> String {
    plp::store::Store::open_existing(db)
        .unwrap()
        .dump_tables()
        .unwrap()
}

/// A stand-in for `ssh` in `dir`: like ssh, the first word is the host and the rest a command
/// for the far side's shell, run here.
pub fn fake_ssh(dir: &Path) -> PathBuf {
    let script = dir.join("fake-ssh");
    std::fs::write(&script, "#!/bin/sh\nshift\nexec sh -c \"$*\"\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    script
}

/// Every file in a directory with its bytes (to show nothing was changed or added).
pub fn snapshot_dir(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("read dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .map(|e| {
            (
                e.file_name().to_string_lossy().to_string(),
                std::fs::read(e.path()).unwrap_or_default(),
            )
        })
        .collect();
    v.sort();
    v
}

/// A small caseload in memory: Amara (3 goals × 2 strategies, one check-in), Liam (never met,
/// with a control sequence in his strengths), Zoë (due later).
pub fn fixture_store() -> plp::store::Store {
    fill_fixture(plp::store::Store::in_memory().expect("store"))
}

/// The same caseload in the file at `path`, which other handles (another process) may open.
#[allow(dead_code)]
pub fn fixture_store_at(path: &Path) -> plp::store::Store {
    fill_fixture(plp::store::Store::open(path).expect("store"))
}

fn fill_fixture(mut s: plp::store::Store) -> plp::store::Store {
    use plp::domain::*;
    s.set_author("tester");
    let d = |t: &str| chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d").ok();
    s.write(|w| {
        let amara = w.add_student(&Student {
            sis_id: "100234".into(),
            given_name: "Amara".into(),
            family_name: "Okafor".into(),
            pronouns: Some("she/her".into()),
            grade: Some(9),
            iep: true,
            profile: Profile {
                strengths: "Explains math steps out loud; kind to younger students.".into(),
                needs: "Loses track of assignments across classes.".into(),
                learning: "Worked examples and a checklist.".into(),
                ..Default::default()
            },
            ..Default::default()
        })?;
        let plan = w.ensure_plan(&amara, "2026-27")?;
        let mut goal_ids = Vec::new();
        let mut strategy_ids = Vec::new();
        for (i, title) in [
            "Turn in all work on time",
            "Speak up in class",
            "Explore nursing",
        ]
        .iter()
        .enumerate()
        {
            let (g, _) = w.add_goal(&Goal {
                plan_id: plan.clone(),
                student_id: amara.clone(),
                title: (*title).into(),
                domain: [
                    GoalDomain::Academic,
                    GoalDomain::SocialEmotional,
                    GoalDomain::Career,
                ][i],
                ..Default::default()
            })?;
            for what in [
                "Check the portal on Mondays",
                "Planner before leaving class",
            ] {
                strategy_ids.push(w.add_strategy(&Strategy {
                    goal_id: g.clone(),
                    student_id: amara.clone(),
                    what: format!("{what} ({})", i + 1),
                    owner: "student".into(),
                    frequency: "weekly".into(),
                    ..Default::default()
                })?);
            }
            goal_ids.push(g);
        }
        w.add_checkin(&CheckIn {
            student_id: amara.clone(),
            plan_id: Some(plan.clone()),
            date: d("2026-10-20"),
            student_words: "The planner is fine but I forget to look at it.".into(),
            next_steps: vec![NextStep {
                text: "Bring the planner".into(),
                owner: "student".into(),
            }],
            next_date: d("2026-11-20"),
            ..Default::default()
        })?;
        w.add_student(&Student {
            sis_id: "100235".into(),
            given_name: "Liam".into(),
            family_name: "Nguyễn".into(),
            grade: Some(10),
            profile: Profile {
                strengths: "Builds things\u{1b}[2J from scrap".into(),
                ..Default::default()
            },
            ..Default::default()
        })?;
        let zoe = w.add_student(&Student {
            sis_id: "100236".into(),
            given_name: "Zoë".into(),
            family_name: "Hartmann".into(),
            grade: Some(7),
            plan_504: true,
            ..Default::default()
        })?;
        w.add_checkin(&CheckIn {
            student_id: zoe,
            date: d("2026-11-10"),
            student_words: "Good week.".into(),
            next_date: d("2026-12-15"),
            ..Default::default()
        })?;
        Ok(())
    })
    .expect("fixture");
    s
}

/// The change log as schema 1 (and the files before the packed log) held it, read straight
/// from its `ops` table, in id order.
pub fn schema1_log(conn: &rusqlite::Connection) -> Vec<plp::store::Op> {
    let mut stmt = conn
        .prepare(
            "SELECT id, replica, seq, hlc, author, entity, entity_id, field, value, base FROM ops",
        )
        .unwrap();
    let mut ops: Vec<plp::store::Op> = stmt
        .query_map([], |r| {
            let value: String = r.get(8)?;
            let base: String = r.get(9)?;
            Ok(plp::store::Op {
                id: r.get(0)?,
                replica: r.get(1)?,
                seq: r.get(2)?,
                hlc: r.get(3)?,
                author: r.get(4)?,
                entity: r.get(5)?,
                entity_id: r.get(6)?,
                field: r.get(7)?,
                value: serde_json::from_str(&value).unwrap(),
                base: base.split_whitespace().map(str::to_string).collect(),
            })
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    ops.sort_by(|a, b| a.id.cmp(&b.id));
    ops
}

/// `plp` on database `db` with `args`, without a password from the environment (the hub tests
/// give theirs in the URL, or none).
pub fn plp_args(db: &Path, args: &[&str]) -> Command {
    let mut c = plp(db);
    c.args(args).env_remove("PGPASSWORD");
    c
}

/// Runs `c` and asserts that it succeeded; what it printed.
pub fn succeeds(c: Command) -> String {
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "stderr: {err}");
    out
}

/// Pushes every change of the file at `db` into the hub at `url` in one batch, each with the
/// student its record belongs to, as a plp of an earlier hub schema would have. How many the
/// hub took.
pub fn push_whole_log(url: &str, db: &Path) -> usize {
    let store = plp::store::Store::open_existing(db).unwrap();
    let ops = store.ops().unwrap();
    let students: Vec<String> = ops
        .iter()
        .map(|o| {
            let e = plp::store::Entity::from_name(&o.entity).unwrap();
            store
                .student_of(e, &o.entity_id)
                .unwrap()
                .unwrap_or_default()
        })
        .collect();
    drop(store);
    // The statements of a plp before hub schema 19 (which registered every replica alike),
    // so that a hub of any schema takes them.
    let mut client = plp::store::hub::Target::parse(url, &|_| None)
        .unwrap()
        .connect()
        .unwrap();
    let mut tx = client.transaction().unwrap();
    let mut replicas: Vec<&str> = ops.iter().map(|o| o.replica.as_str()).collect();
    replicas.sort_unstable();
    replicas.dedup();
    tx.execute(
        "INSERT INTO plp.replicas (replica) SELECT unnest($1::text[])
         ON CONFLICT (replica) DO NOTHING",
        &[&replicas],
    )
    .unwrap();
    let column = |f: &dyn Fn(&plp::store::Op) -> String| ops.iter().map(f).collect::<Vec<_>>();
    let seqs: Vec<i64> = ops.iter().map(|o| o.seq).collect();
    let n = tx
        .execute(
            "INSERT INTO plp.changes
                 (replica, seq, id, hlc, author, entity, entity_id, field, value, base, student_id)
             SELECT * FROM unnest($1::text[], $2::int8[], $3::text[], $4::text[], $5::text[],
                 $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
             ON CONFLICT DO NOTHING",
            &[
                &column(&|o| o.replica.clone()),
                &seqs,
                &column(&|o| o.id.clone()),
                &column(&|o| o.hlc.clone()),
                &column(&|o| o.author.clone()),
                &column(&|o| o.entity.clone()),
                &column(&|o| o.entity_id.clone()),
                &column(&|o| o.field.clone()),
                &column(&|o| o.value.to_string()),
                &column(&|o| serde_json::to_string(&o.base).unwrap()),
                &students,
            ],
        )
        .unwrap() as usize;
    tx.commit().unwrap();
    assert_eq!(n, ops.len());
    n
}

/// Alters the first compressed value in the change log of `db` into bytes that are no value
/// (as a damaged disk or a hand edit would), and folds the write-ahead log into the file.
pub fn damage_a_stored_value(db: &Path) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let n = conn
        .execute(
            "UPDATE ops SET value = X'01020304'
             WHERE rowid = (SELECT min(rowid) FROM ops WHERE typeof(value) = 'blob')",
            [],
        )
        .unwrap();
    assert_eq!(n, 1);
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
}

/// Makes `login` a teacher of the students listed in `list` (one SIS id a line) at the hub
/// `owner_url` on the server `c`, through `plp hub user`; the teacher's URL (password `pw-LOGIN`).
pub fn teacher_of(c: &pg::Cluster, owner_url: &str, login: &str, list: &std::path::Path) -> String {
    let mut add = plp_args(
        std::path::Path::new("/nonexistent/unused.db"),
        &[
            "hub",
            "user",
            owner_url,
            login,
            "--role",
            "teacher",
            "--students",
            list.to_str().unwrap(),
            "--password-stdin",
        ],
    );
    add.write_stdin(format!("pw-{login}\n"));
    succeeds(add);
    c.url_for(
        &pg::Cluster::db_of(owner_url),
        login,
        &format!("pw-{login}"),
    )
}

/// A database path no hub command opens (`plp hub …` needs none).
pub fn no_file() -> std::path::PathBuf {
    std::env::temp_dir().join("plp-hub-unused.db")
}

/// `plp hub ARGS…` with no database of its own and no password from the environment, to be
/// given more (standard input, variables) before it runs.
pub fn hub_cmd(args: &[&str]) -> Command {
    let mut all = vec!["hub"];
    all.extend_from_slice(args);
    plp_args(&no_file(), &all)
}

/// `plp hub ARGS…` with no database of its own: exit code, stdout, stderr.
pub fn hub_run(args: &[&str]) -> (i32, String, String) {
    run(hub_cmd(args))
}
