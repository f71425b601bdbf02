//! What commands print: a write that fails is a failure (a closed pipe alone is quiet), every
//! success message ends its line, and JSON carries what scripts need.

mod common;
use common::*;

#[test]
fn output_to_a_full_disk_fails_in_one_sentence() {
    let (_d, db) = demo_db();
    for args in [
        &["students"][..],
        &["students", "--format", "json"],
        &["show", "Kit"],
        &["export", "--all", "--format", "json"],
        &["report", "trends", "--format", "csv"],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("plp"));
        c.arg("--db")
            .arg(&db)
            .args(args)
            .env("PLP_TODAY", "2026-11-24")
            .stdout(full);
        let out = c.output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert_eq!(
            err, "plp: cannot write the output: the disk is full\n",
            "{args:?}"
        );
    }
    // `--out` on a device writes into it in place (never renames over it) and says why it failed.
    let mut c = plp(&db);
    c.args(["export", "Kit", "--out", "/dev/full"]);
    fails_with(c, 1, "cannot write /dev/full: the disk is full");
    let meta = std::fs::metadata("/dev/full").unwrap();
    use std::os::unix::fs::FileTypeExt;
    assert!(meta.file_type().is_char_device());
    assert!(!std::path::Path::new("/dev/full.plp-tmp").exists());
}

#[test]
fn every_success_message_ends_its_line() {
    let (dir, db) = demo_db();
    let plan = dir.path().join("kit.json");
    let backup = dir.path().join("copy.db");
    let out = dir.path().join("kit.md");
    let other = dir.path().join("other.db");
    plp(&db)
        .args(["export", "Kit", "--format", "json", "--out"])
        .arg(&plan)
        .assert()
        .success();
    let runs: Vec<Vec<std::ffi::OsString>> = vec![
        vec!["import".into(), "plan".into(), plan.clone().into()],
        vec![
            "import".into(),
            "roster".into(),
            "data/roster-sample.csv".into(),
        ],
        vec!["set".into(), "Kit".into(), "grade".into(), "11".into()],
        vec![
            "checkin".into(),
            "Kit".into(),
            "--said".into(),
            "fine".into(),
        ],
        vec!["export".into(), "Kit".into(), "--out".into(), out.into()],
        vec!["backup".into(), backup.into()],
        vec!["check".into()],
        vec!["sync".into(), other.into(), "--create".into()],
    ];
    for args in runs {
        let (code, out, err) = run({
            let mut c = plp(&db);
            c.args(&args);
            c
        });
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(!out.is_empty(), "{args:?} says what it did");
        assert!(out.ends_with('\n'), "{args:?} ends its line: {out:?}");
    }
}

#[test]
fn students_as_json_carry_each_part_of_the_name() {
    let (_d, db) = demo_db();
    let (code, out, _) = run({
        let mut c = plp(&db);
        c.args(["students", "--format", "json"]);
        c
    });
    assert_eq!(code, 0);
    let rows: serde_json::Value = serde_json::from_str(&out).unwrap();
    let kit = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["sis_id"] == "211577")
        .expect("Kit is listed");
    assert_eq!(kit["given_name"], "Katherine");
    assert_eq!(kit["preferred_name"], "Kit");
    assert_eq!(kit["family_name"], "Morrow");
    assert_eq!(kit["name"], "Kit Morrow");
    let plain = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["sis_id"] == "215033")
        .expect("Elijah is listed");
    assert_eq!(plain["given_name"], "Elijah");
    assert!(plain["preferred_name"].is_null());
}

#[test]
fn a_standard_error_that_cannot_be_written_still_exits_with_the_failure() {
    let (_d, db) = demo_db();
    let full = || {
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap()
    };
    // A failure whose sentence cannot be printed, and a failed output whose sentence cannot be.
    for (args, stdout_full) in [
        (&["show", "nobody-by-this-name"][..], false),
        (&["students"][..], true),
    ] {
        let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("plp"));
        c.arg("--db").arg(&db).args(args).stderr(full());
        if stdout_full {
            c.stdout(full());
        }
        let out = c.output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}: no panic, exit 1");
    }
}

#[test]
fn the_students_table_shows_each_sis_id() {
    let (_d, db) = demo_db();
    let (code, table, _) = run({
        let mut c = plp(&db);
        c.arg("students");
        c
    });
    assert_eq!(code, 0);
    assert!(table.lines().next().unwrap().contains("SIS id"), "{table}");
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("Elijah Brooks") && l.contains("215033")),
        "Elijah's SIS id is on his line: {table}"
    );
    // Every next date has its marker and word, "later" too, never colour or nothing alone.
    let dated: Vec<&str> = table
        .lines()
        .filter(|l| l.contains(" 2026-") || l.contains(" 2027-"))
        .collect();
    assert!(dated.iter().any(|l| l.contains("· later")), "{table}");
    for l in &dated {
        assert!(
            [
                "! overdue",
                "~ this week",
                "· later",
                "? no date set",
                "* not yet met"
            ]
            .iter()
            .any(|w| l.contains(w)),
            "a date without its word: {l}"
        );
    }
}

/// A text of several lines goes on under its first line, indented, in `plp show`.
#[test]
fn show_indents_the_later_lines_of_a_text() {
    let (_d, db) = demo_db();
    let mut c = plp(&db);
    c.args([
        "set",
        "Elijah Brooks",
        "strengths",
        "Draws maps\n\nTells stories",
    ]);
    assert_eq!(run(c).0, 0);
    let (code, shown, err) = run({
        let mut c = plp(&db);
        c.args(["show", "Elijah Brooks"]);
        c
    });
    assert_eq!(code, 0, "{err}");
    assert!(
        shown.contains("\n  Strengths: Draws maps\n\n      Tells stories\n"),
        "{shown}"
    );
    assert!(
        shown.lines().all(|l| l == l.trim_end()),
        "no line ends in spaces: {shown:?}"
    );
}

/// `plp set` confirms with the field's name as the forms and `plp show` say it, not as it is
/// stored.
#[test]
fn set_confirms_with_the_fields_label() {
    let (_d, db) = demo_db();
    for (field, value, said) in [
        (
            "personal_goals",
            "Run a 5k",
            "Elijah Brooks: Personal goals set\n",
        ),
        ("504", "yes", "Elijah Brooks: 504 plan on file: yes\n"),
        ("status", "inactive", "Elijah Brooks: Status set\n"),
        ("given_name", "Eli", "Eli Brooks: Given name set\n"),
    ] {
        let mut c = plp(&db);
        c.args(["set", "215033", field, value]);
        let (code, out, err) = run(c);
        assert_eq!(code, 0, "{field}: {err}");
        assert_eq!(out, said, "{field}");
    }
}

/// A value that holds nothing once read (empty, tabs) clears the field, and the line says
/// "cleared", not "set".
#[test]
fn a_field_set_to_nothing_is_said_to_be_cleared() {
    let (_d, db) = demo_db();
    let set = |field: &str, value: &str| {
        let mut c = plp(&db);
        c.args(["set", "214387", field, value]);
        let (code, out, err) = run(c);
        assert_eq!(code, 0, "{field}: {err}");
        out
    };
    for (field, value, said) in [
        ("grade", "8", "Grade set"),
        ("grade", "", "Grade cleared"),
        ("preferred_name", "Kit", "Preferred name set"),
        ("preferred_name", "\t\t", "Preferred name cleared"),
        ("strengths", "  ", "Strengths cleared"),
        ("advisor", "", "Advisor cleared"),
    ] {
        let out = set(field, value);
        assert!(
            out.ends_with(&format!(": {said}\n")),
            "{field} {value:?}: {out}"
        );
    }
}

/// A flag reads as the answer it now holds ("IEP on file: no"), and a value said again is
/// "unchanged" and writes no change (the change log does not grow).
#[test]
fn a_flag_reads_as_its_answer_and_a_value_said_again_changes_nothing() {
    let (_d, db) = demo_db();
    let changes = || {
        let mut c = plp(&db);
        c.arg("check");
        // "ok: 734 operations, the tables agree with the change log"
        let out = succeeds(c);
        out.split_whitespace()
            .nth(1)
            .unwrap_or_default()
            .to_string()
    };
    let set = |field: &str, value: &str| {
        let mut c = plp(&db);
        c.args(["set", "214387", field, value]);
        let (code, out, err) = run(c);
        assert_eq!(code, 0, "{field}: {err}");
        out
    };
    for (field, value, said, writes) in [
        ("iep", "yes", "IEP on file: yes", true),
        ("iep", "Yes", "IEP on file: yes (unchanged)", false),
        ("iep", "", "IEP on file: no", true),
        ("iep", "", "IEP on file: no (unchanged)", false),
        ("504", "no", "504 plan on file: no", true),
        ("504", "true", "504 plan on file: yes", true),
        ("plan_504", "1", "504 plan on file: yes (unchanged)", false),
        ("504", "", "504 plan on file: no", true),
        ("grade", "8", "Grade set", true),
        ("grade", "8", "Grade unchanged", false),
        ("grade", "", "Grade cleared", true),
        ("grade", " ", "Grade unchanged (already empty)", false),
        ("strengths", "Draws", "Strengths set", true),
        ("strengths", "Draws", "Strengths unchanged", false),
        ("status", "inactive", "Status set", true),
        ("status", "inactive", "Status unchanged", false),
    ] {
        let before = changes();
        let out = set(field, value);
        assert!(
            out.ends_with(&format!(": {said}\n")),
            "{field} {value:?}: {out}"
        );
        assert_eq!(changes() != before, writes, "{field} {value:?}: {out}");
    }
}

/// A report narrowed by its last day alone says "until" that day, once: the text's first line
/// and the trends page alike. The trends page counts one student in the singular, keeps a
/// margin on paper, and breaks a word too long for its line.
#[test]
fn a_report_says_its_narrowing_and_counts_in_plain_words() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    let roster = dir.path().join("roster.csv");
    std::fs::write(
        &roster,
        "id,first,last,grade\n1,Ada,Abbott,11\n2,Bo,Cruz,9\n3,Cy,Diaz,9\n",
    )
    .unwrap();
    let mut c = plp(&db);
    c.args(["import", "roster"]).arg(&roster);
    assert_eq!(run(c).0, 0);
    let mut c = plp(&db);
    c.args(["report", "stuck", "--until", "2026-11-30"]);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("Narrowed to: until 2026-11-30\n"), "{out}");

    let page = dir.path().join("team.html");
    let mut c = plp(&db);
    c.args([
        "report",
        "trends",
        "--until",
        "2026-11-30",
        "--format",
        "html",
        "--out",
    ])
    .arg(&page);
    let (code, _, err) = run(c);
    assert_eq!(code, 0, "{err}");
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        html.contains(" · narrowed to until 2026-11-30 · "),
        "{html}"
    );
    assert!(!html.contains("to to "), "{html}");
    assert!(
        html.contains("Share of the 1 student in grade 11 with a goal in each domain."),
        "{html}"
    );
    assert!(
        html.contains("Share of the 2 students in grade 9 with a goal in each domain."),
        "{html}"
    );
    assert!(html.contains("3 active students"), "{html}");
    let style = &html[html.find("<style>").unwrap()..html.find("</style>").unwrap()];
    assert!(style.contains("overflow-wrap:anywhere"), "{style}");
    assert!(style.contains("@page{margin:16mm}"), "{style}");
}
