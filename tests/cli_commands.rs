//! Every command's usual path, through the real binary on the demo caseload.

mod common;
use common::*;
use serde_json::Value;

#[test]
fn students_lists_the_caseload_in_every_format() {
    let (_d, db) = demo_db();
    let (code, table, _) = run({
        let mut c = plp(&db);
        c.arg("students");
        c
    });
    assert_eq!(code, 0);
    assert!(
        table.lines().all(|l| l.chars().count() <= 80),
        "fits 80 columns"
    );
    assert!(table.contains("! overdue") && table.contains("~ this week"));
    assert!(table.contains("23 students"), "inactive left out: {table}");

    let (_, json, _) = run({
        let mut c = plp(&db);
        c.args(["students", "--format", "json", "--all"]);
        c
    });
    let rows: Vec<Value> = serde_json::from_str(&json).unwrap();
    assert_eq!(rows.len(), 24);
    for key in [
        "id",
        "sis_id",
        "name",
        "grade",
        "advisor",
        "status",
        "last_checkin",
        "next_due",
        "due",
        "active_goals",
        "iep",
        "plan_504",
    ] {
        assert!(rows[0].get(key).is_some(), "json has {key}");
    }
    // Sorted by due: never-met and overdue first, later last.
    assert_ne!(rows[0]["due"], "later");
    assert_eq!(rows[rows.len() - 1]["due"], "later");

    let (_, due, _) = run({
        let mut c = plp(&db);
        c.args(["students", "--due", "--format", "csv"]);
        c
    });
    let mut lines = due.lines();
    assert!(lines.next().unwrap().starts_with("sis_id,name,grade"));
    assert!(lines.all(|l| !l.contains(",later,")));
}

#[test]
fn show_finds_by_id_or_name_and_says_when_it_cannot() {
    let (_d, db) = demo_db();
    let (code, text, _) = run({
        let mut c = plp(&db);
        c.args(["show", "kit morrow"]);
        c
    });
    assert_eq!(code, 0);
    assert!(text.contains("Kit Morrow (211577)") && text.contains("GOALS 2026-27"));
    // Who was there, under each check-in.
    assert!(
        text.contains(" check-in\n    with: student, advisor\n    said: "),
        "{text}"
    );
    // Each strategy's verdict at a check-in, with its note.
    assert!(
        text.contains("- 5-minute timer: just start: partly working (works about half the time)"),
        "{text}"
    );
    let v = shown_json(&db, "211577");
    assert_eq!(v["student"]["preferred_name"], "Kit");
    assert!(v["plans"][0]["goals"][0]["strategies"].is_array());
    assert!(v["checkins"].as_array().unwrap().len() >= 2);

    let mut c = plp(&db);
    c.args(["show", "zzzz"]);
    fails_with(c, 1, "no student matches \"zzzz\"");
    // What was typed is said back without its escapes: the terminal is never told to act.
    let mut c = plp(&db);
    c.args(["show", "zz\u{1b}[31mzz\u{7}"]);
    let err = fails_with(c, 1, "no student matches \"zz");
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
    let mut c = plp(&db);
    c.args(["show", "an"]);
    let err = fails_with(c, 1, "\"an\" matches");
    assert!(err.contains("Kahale"), "lists the matches: {err}");
}

#[test]
fn set_changes_one_field_and_refuses_bad_values() {
    let (_d, db) = demo_db();
    plp(&db)
        .args(["set", "Kit", "strengths", "Writes\x1b[31m well"])
        .assert()
        .success();
    plp(&db)
        .args(["set", "Kit", "504", "yes"])
        .assert()
        .success();
    let v = shown_json(&db, "Kit");
    assert_eq!(v["student"]["strengths"], "Writes well");
    assert_eq!(v["student"]["plan_504"], true);
    let before = std::fs::read(&db).unwrap();
    for (args, msg) in [
        (
            ["set", "Kit", "grade", "eleventh"],
            "grade \"eleventh\" is not a grade (PK, K, or 1 to 13)",
        ),
        (["set", "Kit", "shoe", "9"], "\"shoe\" is not a field"),
        (["set", "Kit", "sis_id", "9"], "is not a field"),
        (["set", "Kit", "status", "gone"], "unknown student status"),
        (["set", "nobody", "grade", "9"], "no student matches"),
    ] {
        let mut c = plp(&db);
        c.args(args);
        fails_with(c, 1, msg);
    }
    assert!(
        std::fs::read(&db).unwrap() == before,
        "the file was not changed"
    );
}

#[test]
fn checkin_from_the_shell_is_saved_with_its_next_date() {
    let (_d, db) = demo_db();
    plp(&db)
        .args([
            "checkin",
            "Hana",
            "--said",
            "Settling in, likes art",
            "--next",
            "4w",
        ])
        .assert()
        .success()
        .stdout(predicates::str::contains("next check-in 2026-12-22"));
    let v = shown_json(&db, "Hana");
    assert_eq!(v["checkins"][0]["student_words"], "Settling in, likes art");
    assert_eq!(v["checkins"][0]["next_date"], "2026-12-22");
    let mut c = plp(&db);
    c.args(["checkin", "Hana", "--said", "x", "--next", "2026-02-30"]);
    fails_with(c, 1, "\"2026-02-30\" is not a real date");
    let mut c = plp(&db);
    c.args([
        "checkin",
        "Hana",
        "--said",
        "x",
        "--date",
        "2026-11-20",
        "--next",
        "2026-11-01",
    ]);
    fails_with(c, 1, "is not after the check-in");
    let mut c = plp(&db);
    c.args(["checkin", "Hana"]);
    fails_with(
        c,
        1,
        "there is nothing to save: give --said (what the student said) or --notes",
    );
}

#[test]
fn exports_leave_restricted_notes_out_unless_asked() {
    let (dir, db) = demo_db();
    // Find a student with a restricted note.
    let (_, json, _) = run({
        let mut c = plp(&db);
        c.args([
            "export",
            "--all",
            "--format",
            "json",
            "--include-restricted",
        ]);
        c
    });
    let doc: Value = serde_json::from_str(&json).unwrap();
    let (sis, secret) = doc["students"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|s| {
            s["checkins"].as_array().unwrap().iter().find_map(|c| {
                (c["restricted"] == true).then(|| {
                    (
                        s["sis_id"].as_str().unwrap().to_string(),
                        c["notes"].as_str().unwrap().to_string(),
                    )
                })
            })
        })
        .expect("the demo has a restricted note");
    assert!(!secret.is_empty());
    for format in ["md", "html", "json"] {
        let (code, out, _) = run({
            let mut c = plp(&db);
            c.args(["export", &sis, "--format", format]);
            c
        });
        assert_eq!(code, 0);
        // The note as each format writes it (HTML escapes its apostrophes and quotes).
        let written = if format == "html" {
            super_escape(&secret)
        } else {
            secret.clone()
        };
        assert!(
            !out.contains(&written) && !out.contains(&secret),
            "{format} leaves restricted notes out"
        );
        let (_, with, _) = run({
            let mut c = plp(&db);
            c.args(["export", &sis, "--format", format, "--include-restricted"]);
            if format != "json" {
                // A family printout holds advisor notes only when they are asked for too.
                c.arg("--include-notes");
            }
            c
        });
        let written_json = serde_json::to_string(&secret).unwrap();
        let needle = if format == "json" {
            written_json.trim_matches('"')
        } else {
            &written
        };
        assert!(
            with.contains(needle),
            "{format} holds the note when asked, so the search above can fail"
        );
    }
    let (_, all, _) = run({
        let mut c = plp(&db);
        c.args(["export", "--all", "--format", "json"]);
        c
    });
    assert!(!all.contains(&secret));
    let out = dir.path().join("plan.html");
    plp(&db)
        .args([
            "export",
            &sis,
            "--format",
            "html",
            "--include-restricted",
            "--include-notes",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains(&super_escape(&secret)));
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let mut c = plp(&db);
    c.args(["export", "--all", "--format", "md"]);
    fails_with(c, 1, "html or pdf");
    let mut c = plp(&db);
    c.arg("export");
    fails_with(c, 2, "name a student");
}

fn super_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[test]
fn html_export_escapes_names() {
    let (dir, db) = demo_db();
    let roster = dir.path().join("r.csv");
    std::fs::write(
        &roster,
        "id,first,last,grade\n777,<script>alert(1)</script>,Doe,9\n",
    )
    .unwrap();
    plp(&db)
        .args(["import", "roster"])
        .arg(&roster)
        .assert()
        .success();
    let (_, html, _) = run({
        let mut c = plp(&db);
        c.args(["export", "777", "--format", "html"]);
        c
    });
    assert!(!html.contains("<script>"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; Doe"));
}

#[test]
fn json_exports_round_trip_into_another_database() {
    let (dir, db) = demo_db();
    let file = dir.path().join("all.json");
    plp(&db)
        .args([
            "export",
            "--all",
            "--format",
            "json",
            "--include-restricted",
            "--out",
        ])
        .arg(&file)
        .assert()
        .success();
    let other = dir.path().join("other.db");
    plp(&other)
        .args(["import", "plan"])
        .arg(&file)
        .assert()
        .success();
    let list = |db: &std::path::Path| {
        let (_, s, _) = run({
            let mut c = plp(db);
            c.args(["students", "--all", "--format", "json"]);
            c
        });
        let mut v: Vec<Value> = serde_json::from_str(&s).unwrap();
        for r in &mut v {
            r.as_object_mut().unwrap().remove("id");
        }
        v
    };
    assert_eq!(list(&db), list(&other));
}

#[test]
fn reports_in_every_format() {
    let (_d, db) = demo_db();
    for kind in ["due", "trends", "completeness"] {
        for format in ["table", "csv", "json"] {
            let (code, out, _) = run({
                let mut c = plp(&db);
                c.args(["report", kind, "--format", format]);
                c
            });
            assert_eq!(code, 0, "{kind} {format}");
            assert!(!out.trim().is_empty());
            if format == "json" {
                serde_json::from_str::<Value>(&out).expect("valid json");
            }
        }
    }
    let (_, due, _) = run({
        let mut c = plp(&db);
        c.args(["report", "due", "--format", "json"]);
        c
    });
    let rows: Vec<Value> = serde_json::from_str(&due).unwrap();
    assert_eq!(rows.iter().filter(|r| r["due"] == "overdue").count(), 5);
    assert_eq!(rows.iter().filter(|r| r["due"] == "not yet met").count(), 2);
    let marcus = rows.iter().find(|r| r["name"] == "Marcus Bell").unwrap();
    assert_eq!(marcus["days_overdue"], 12);
    let (_, trends, _) = run({
        let mut c = plp(&db);
        c.args(["report", "trends", "--format", "json"]);
        c
    });
    let t: Value = serde_json::from_str(&trends).unwrap();
    assert_eq!(t["school_year"], "2026-27");
    assert_eq!(t["students"], 23);
    let academic = &t["goal_domains"][0];
    assert_eq!(academic["key"], "academic");
    assert_eq!(academic["count"], 22);
}

#[test]
fn backup_is_a_private_consistent_copy() {
    let (dir, db) = demo_db();
    let copy = dir.path().join("copy.db");
    plp(&db).arg("backup").arg(&copy).assert().success();
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let a = plp::store::Store::open_existing(&db)
        .unwrap()
        .dump_tables()
        .unwrap();
    let b = plp::store::Store::open_existing(&copy)
        .unwrap()
        .dump_tables()
        .unwrap();
    assert_eq!(a, b);
    let mut c = plp(&db);
    c.arg("backup").arg(&copy);
    fails_with(c, 1, "already exists");
}

#[test]
fn check_rebuilds_tables_that_disagree_with_the_log() {
    let (_d, db) = demo_db();
    plp(&db)
        .arg("check")
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "tables agree with the change log",
        ));
    let before = plp::store::Store::open_existing(&db)
        .unwrap()
        .dump_tables()
        .unwrap();
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute("UPDATE students SET strengths = 'tampered'", [])
            .unwrap();
        conn.execute("DELETE FROM goals WHERE rowid % 2 = 0", [])
            .unwrap();
    }
    plp(&db)
        .arg("check")
        .assert()
        .success()
        .stdout(predicates::str::contains("rebuilt the tables"));
    let after = plp::store::Store::open_existing(&db)
        .unwrap()
        .dump_tables()
        .unwrap();
    assert_eq!(before, after, "rebuilt byte for byte");
}

#[test]
fn show_names_a_strategys_helper_and_rhythm_only_when_they_are_given() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    let plan = dir.path().join("plan.json");
    std::fs::write(
        &plan,
        r#"{"format": "plp", "version": 1, "exported": "2026-11-20", "students": [{
          "sis_id": "500001", "given_name": "Lucía", "family_name": "Fernández", "grade": 9,
          "status": "active",
          "plans": [{"school_year": "2026-27", "goals": [
            {"key": "g1", "title": "Read more", "domain": "academic", "status": "active",
             "strategies": [
              {"key": "s1", "what": "Reading log", "owner": "student", "frequency": "weekly", "status": "active"},
              {"key": "s2", "what": "Library visit", "owner": "librarian", "status": "active"},
              {"key": "s3", "what": "Audiobooks", "status": "active"}]}]}],
          "checkins": []}]}"#,
    )
    .unwrap();
    let mut c = plp(&db);
    c.args(["import", "plan"]).arg(&plan);
    let (code, _, err) = run(c);
    assert_eq!(code, 0, "{err}");
    let mut c = plp(&db);
    c.args(["show", "500001"]);
    let (code, text, _) = run(c);
    assert_eq!(code, 0);
    for line in [
        "- Reading log — student (weekly) [active]",
        "- Library visit — librarian [active]",
        "- Audiobooks [active]",
    ] {
        assert!(text.contains(line), "{line}\n{text}");
    }
    assert!(!text.contains("()"), "{text}");
}

/// A student who is not active is due for nothing: `--all`'s CSV says their status where the
/// due word goes, with no next date, as the table does.
#[test]
fn an_inactive_student_is_not_due_in_the_csv() {
    let (_d, db) = demo_db();
    let (code, table, _) = run({
        let mut c = plp(&db);
        c.args(["students", "--all"]);
        c
    });
    assert_eq!(code, 0);
    let line = table.lines().find(|l| l.contains("Ryan Doherty")).unwrap();
    assert!(
        line.contains(" inactive ") && !line.contains("not yet met"),
        "{line}"
    );
    let (_, csv_text, _) = run({
        let mut c = plp(&db);
        c.args(["students", "--all", "--format", "csv"]);
        c
    });
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let ryan = records
        .iter()
        .find(|r| r[col("name")].contains("Ryan Doherty"))
        .unwrap();
    assert_eq!(&ryan[col("status")], "inactive");
    assert_eq!(&ryan[col("due")], "inactive", "{ryan:?}");
    assert_eq!(&ryan[col("next_due")], "", "{ryan:?}");
    // Every active student keeps a due word.
    assert!(records
        .iter()
        .filter(|r| &r[col("status")] == "active")
        .all(|r| &r[col("due")] != "inactive"));
}

/// Words that begin with a hyphen, as a student's often do ("-5 on the test"), are taken as
/// words, not refused as an option nobody typed.
#[test]
fn words_and_notes_may_begin_with_a_hyphen() {
    let (_d, db) = demo_db();
    plp(&db)
        .args([
            "checkin",
            "Hana",
            "--said",
            "-5 on the test, ugh",
            "--notes",
            "-- see the IEP",
        ])
        .assert()
        .success();
    let v = shown_json(&db, "Hana");
    assert_eq!(v["checkins"][0]["student_words"], "-5 on the test, ugh");
    assert_eq!(v["checkins"][0]["notes"], "-- see the IEP");
}

/// A goal's measure is shown with what of its start and aim is written, and no empty "from"
/// or "to" (a measure with neither read "Visit done (from  to )").
#[test]
fn show_gives_a_measure_only_what_is_written_of_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    let doc = dir.path().join("plan.json");
    let goal = |key: &str, measure: &str, baseline: &str, target: &str| {
        format!(
            r#"{{"key": "{key}", "title": "Goal {key}", "domain": "career", "measure": "{measure}",
              "baseline": "{baseline}", "target": "{target}", "status": "active", "strategies": []}}"#
        )
    };
    let goals = [
        goal("g1", "Visit done", "", ""),
        goal("g2", "Books read", "", "8"),
        goal("g3", "Tests missed", "3", ""),
        goal("g4", "Laps run", "2", "10"),
        goal("g5", "", "", ""),
    ];
    std::fs::write(
        &doc,
        format!(
            r#"{{"format": "plp", "version": 1, "exported": "2026-11-20", "students": [{{
    "sis_id": "500001", "given_name": "Lucía", "family_name": "Fernández", "grade": 9,
    "status": "active", "plans": [{{"school_year": "2026-27", "goals": [{}]}}],
    "checkins": []}}]}}"#,
            goals.join(", ")
        ),
    )
    .unwrap();
    let mut c = plp(&db);
    c.args(["import", "plan"]).arg(&doc);
    let (code, _, err) = run(c);
    assert_eq!(code, 0, "{err}");
    let mut c = plp(&db);
    c.args(["show", "500001"]);
    let (code, text, err) = run(c);
    assert_eq!(code, 0, "{err}");
    let measures: Vec<&str> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("measure: "))
        .collect();
    assert_eq!(
        measures,
        [
            "Visit done",
            "Books read (to 8)",
            "Tests missed (from 3)",
            "Laps run (from 2 to 10)"
        ],
        "{text}"
    );
}

/// A control character in what a sentence repeats (an escape sequence in a file's name) is
/// shown as `?`, never sent to the terminal to clear the screen or colour what follows.
#[test]
fn a_sentence_never_sends_an_escape_sequence_to_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("\u{1b}[2J\u{1b}[31mred.db");
    let (code, _, err) = run({
        let mut c = plp(&db);
        c.arg("students");
        c
    });
    assert_eq!(code, 1);
    assert!(!err.contains('\u{1b}'), "{err:?}");
    assert!(err.contains("?[2J?[31mred.db"), "{err}");
}

/// An empty file (a database cut short, or one made by hand) is not made a database by a command
/// that only reads, nor by a sync without --create: it is said, and left as it was.
#[test]
fn an_empty_file_is_said_and_left_empty_by_what_only_reads_it() {
    let (dir, db) = demo_db();
    let empty = dir.path().join("z.db");
    std::fs::write(&empty, b"").unwrap();
    for args in [&["students"][..], &["show", "Kit"], &["report", "due"]] {
        let (code, _, err) = run({
            let mut c = plp(&empty);
            c.args(args);
            c
        });
        assert_eq!(code, 1, "{args:?}");
        assert!(
            err.contains("it is empty (0 bytes), not a plp database"),
            "{err}"
        );
    }
    let (code, _, err) = run({
        let mut c = plp(&db);
        c.arg("sync").arg(&empty);
        c
    });
    assert_eq!(code, 1);
    assert!(
        err.contains("is empty (0 bytes), not a plp database; add --create"),
        "{err}"
    );
    assert_eq!(
        std::fs::metadata(&empty).unwrap().len(),
        0,
        "left as it was"
    );
    // With --create it becomes the copy asked for.
    let (code, _, err) = run({
        let mut c = plp(&db);
        c.args(["sync", "--create"]).arg(&empty);
        c
    });
    assert_eq!(code, 0, "{err}");
    assert_eq!(dump(&empty), dump(&db));
}

/// A count that is not one is said in words, never in the parser's ("invalid digit found in
/// string", "os error 21").
#[test]
fn counts_and_folders_are_said_in_words() {
    let (dir, db) = demo_db();
    for (args, said) in [
        (
            &["conflicts", "--resolve", "x", "--keep", "both"][..],
            "it is not a whole number (such as 3)",
        ),
        (
            &["conflicts", "--resolve=-1", "--keep", "both"],
            "it must be a whole number, 0 or more",
        ),
        (
            &["demo", "--students", "99999999999999999999999"],
            "far larger than any plp takes",
        ),
    ] {
        let (code, _, err) = run({
            let mut c = plp(&db);
            c.args(args);
            c
        });
        assert_eq!(code, 2, "{args:?}");
        assert!(err.contains(said), "{err}");
        assert!(
            !err.contains("digit") && !err.contains("target type"),
            "{err}"
        );
    }
    let folder = dir.path().join("folder");
    std::fs::create_dir(&folder).unwrap();
    let (code, _, err) = run({
        let mut c = plp(&folder);
        c.args(["demo", "--force"]).write_stdin("");
        c
    });
    assert_eq!(code, 1);
    assert!(
        err.contains("is a directory") && !err.contains("os error"),
        "{err}"
    );
}

/// `plp show STUDENT --format json`, read.
fn shown_json(db: &std::path::Path, student: &str) -> Value {
    let (code, json, err) = run({
        let mut c = plp(db);
        c.args(["show", student, "--format", "json"]);
        c
    });
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&json).unwrap()
}
