//! Who is using plp: `plp config`, `--advisor NAME|me` and `--grade N` on lists and reports.

mod common;
use common::*;
use serde_json::Value;
use std::path::Path;

/// `plp` with its settings in `home` (never the tester's own).
fn plp_in(db: &Path, home: &Path, args: &[&str]) -> assert_cmd::Command {
    let mut c = plp(db);
    c.env("XDG_CONFIG_HOME", home)
        .env_remove("PLP_ADVISOR")
        .args(args);
    c
}

fn json(cmd: assert_cmd::Command) -> Vec<Value> {
    let (code, out, err) = run(cmd);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

fn advisors(rows: &[Value]) -> Vec<String> {
    rows.iter()
        .map(|r| r["advisor"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn config_advisor_is_saved_shown_and_used_as_me() {
    let (dir, db) = demo_db();
    let home = dir.path().join("home");

    let (code, out, _) = run(plp_in(&db, &home, &["config"]));
    assert_eq!(code, 0);
    assert!(out.contains("advisor: (not set)"), "{out}");
    // Every setting not set says so alike, the contact too (not a blank after its name).
    assert!(out.contains("\ncontact: (not set)\n"), "{out}");
    assert!(out.contains("school-year-start: August"), "{out}");
    assert!(out.contains("date-order: mdy (5/28/2027)"), "{out}");

    // `me` before a name is set: one sentence, exit 1.
    fails_with(
        plp_in(&db, &home, &["students", "--advisor", "me"]),
        1,
        "plp config advisor",
    );

    let (code, out, _) = run(plp_in(
        &db,
        &home,
        &["config", "advisor", "Lindqvist, Karin"],
    ));
    assert_eq!(code, 0);
    assert!(out.contains("advisor: Lindqvist, Karin (saved in"), "{out}");
    let file = home.join("plp/config.json");
    assert!(file.exists());
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o600
    );

    let rows = json(plp_in(
        &db,
        &home,
        &["students", "--advisor", "me", "--format", "json"],
    ));
    assert_eq!(
        rows.len(),
        17,
        "the demo's active advisees of Ms. Lindqvist"
    );
    assert!(advisors(&rows).iter().all(|a| a == "Ms. Lindqvist"));

    // $PLP_ADVISOR wins over the settings.
    let rows = json({
        let mut c = plp_in(
            &db,
            &home,
            &["students", "--advisor", "ME", "--format", "json"],
        );
        c.env("PLP_ADVISOR", "mr baptiste");
        c
    });
    assert_eq!(rows.len(), 6);
    assert!(advisors(&rows).iter().all(|a| a == "Mr. Baptiste"));

    // The table says whose list it is.
    let (_, out, _) = run(plp_in(&db, &home, &["students", "--advisor", "me"]));
    assert!(
        out.contains("Lindqvist, Karin's advisees · 17 of 23 students"),
        "{out}"
    );
}

#[test]
fn advisor_and_grade_narrow_students() {
    let (dir, db) = demo_db();
    let home = dir.path().join("home");
    let rows = json(plp_in(
        &db,
        &home,
        &["students", "--advisor", "BAPTISTE", "--format", "json"],
    ));
    assert_eq!(rows.len(), 6);
    let rows = json(plp_in(
        &db,
        &home,
        &["students", "--grade", "09", "--format", "json"],
    ));
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r["grade"] == 9));
    let rows = json(plp_in(
        &db,
        &home,
        &[
            "students",
            "--grade",
            "8",
            "--advisor",
            "Ms. Lindqvist",
            "--format",
            "json",
        ],
    ));
    assert!(rows
        .iter()
        .all(|r| r["grade"] == 8 && r["advisor"] == "Ms. Lindqvist"));
    // A name nobody's advisor field has is refused, naming the advisors known, as plp
    // report does: an empty list would not say whether the name was mistyped.
    fails_with(
        plp_in(
            &db,
            &home,
            &["students", "--advisor", "Ms. Nobody", "--format", "json"],
        ),
        1,
        "no active student has \"Ms. Nobody\" as advisor",
    );
    fails_with(
        plp_in(&db, &home, &["students", "--grade", "ninth"]),
        1,
        "--grade: grade \"ninth\" is not a grade (PK, K, or 1 to 13)",
    );
}

#[test]
fn reports_narrow_by_advisor_and_grade() {
    let (dir, db) = demo_db();
    let home = dir.path().join("home");
    let all = json(plp_in(&db, &home, &["report", "due", "--format", "json"]));
    let mine = json(plp_in(
        &db,
        &home,
        &["report", "due", "--advisor", "Baptiste", "--format", "json"],
    ));
    assert!(mine.len() < all.len(), "{} {}", mine.len(), all.len());
    assert!(advisors(&mine).iter().all(|a| a == "Mr. Baptiste"));

    let complete = json(plp_in(
        &db,
        &home,
        &[
            "report",
            "completeness",
            "--grade",
            "12",
            "--format",
            "json",
        ],
    ));
    assert!(!complete.is_empty());
    assert!(complete.iter().all(|r| r["grade"] == 12));

    let (code, out, _) = run(plp_in(
        &db,
        &home,
        &["report", "trends", "--format", "json"],
    ));
    assert_eq!(code, 0);
    let everyone: Value = serde_json::from_str(&out).unwrap();
    let (code, out, _) = run(plp_in(
        &db,
        &home,
        &[
            "report",
            "trends",
            "--advisor",
            "Baptiste",
            "--format",
            "json",
        ],
    ));
    assert_eq!(code, 0);
    let theirs: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(theirs["students"], 6);
    assert!(everyone["students"].as_i64() > theirs["students"].as_i64());
}

#[test]
fn bad_settings_are_refused_with_nothing_saved() {
    let (dir, db) = demo_db();
    let home = dir.path().join("home");
    fails_with(
        plp_in(&db, &home, &["config", "school-year-start", "Smarch"]),
        1,
        "\"Smarch\" is not a month",
    );
    fails_with(
        plp_in(&db, &home, &["config", "colour", "blue"]),
        1,
        "there is no setting \"colour\"",
    );
    assert!(!home.join("plp/config.json").exists());
    run(plp_in(&db, &home, &["config", "school-year-start", "feb"]));
    let (_, out, _) = run(plp_in(&db, &home, &["config", "school-year-start"]));
    assert_eq!(out.trim(), "February");

    // A settings file that is not plp's is named, with what to do.
    std::fs::write(home.join("plp/config.json"), "{oops").unwrap();
    fails_with(plp_in(&db, &home, &["students"]), 1, "fix it or delete it");

    // Values plp would never write, put in by hand, are said (not passed over for the
    // defaults), and `plp config` itself still shows and mends them.
    let file = home.join("plp/config.json");
    std::fs::write(&file, r#"{"school-year-start": 13, "date-order": "mdy"}"#).unwrap();
    let err = fails_with(
        plp_in(&db, &home, &["students"]),
        1,
        "school-year-start is 13",
    );
    assert!(err.contains(&file.display().to_string()), "{err}");
    let (code, out, err) = run(plp_in(&db, &home, &["config"]));
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("school-year-start is 13, which is not a month"),
        "{out}"
    );
    succeeds(plp_in(&db, &home, &["config", "school-year-start", "9"]));
    succeeds(plp_in(&db, &home, &["students"]));
    std::fs::write(&file, r#"{"date-order": "ymd"}"#).unwrap();
    fails_with(
        plp_in(&db, &home, &["report", "due"]),
        1,
        "date-order is \"ymd\"",
    );
    succeeds(plp_in(&db, &home, &["config", "date-order", "dmy"]));
    succeeds(plp_in(&db, &home, &["report", "due"]));
}

/// An advisor written for a student that no other student has is written, with a warning naming
/// the nearest spelling; an advisor others have, or a new one in an empty file, says nothing more.
#[test]
fn set_advisor_warns_of_a_name_no_other_student_has() {
    let (dir, db) = demo_db();
    let home = dir.path().join("home");
    let (code, out, err) = run(plp_in(
        &db,
        &home,
        &["set", "Kit", "advisor", "Mr. Baptist"],
    ));
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "Kit Morrow: Advisor set\n");
    assert!(
        err.starts_with("plp: no other student has \"Mr. Baptist\" as advisor (the nearest known")
            && err.contains("Mr. Baptiste"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    let rows = json(plp_in(&db, &home, &["students", "--format", "json"]));
    assert!(
        advisors(&rows).contains(&"Mr. Baptist".to_string()),
        "written all the same"
    );
    let (code, _, err) = run(plp_in(
        &db,
        &home,
        &["set", "Kit", "advisor", "Mr. Baptiste"],
    ));
    assert_eq!(code, 0, "{err}");
    assert_eq!(err, "", "a name others have says nothing more");
}

/// Plans are kept under their school year's name, so a first month that moves today into
/// another school year hides this year's plans: the change says so, and how to undo it.
#[test]
fn a_first_month_that_moves_today_into_another_school_year_says_so() {
    let (dir, db) = demo_db();
    let home = dir.path().join("home");
    // 24 November is in 2026-27 whether the year starts in August or September.
    let (code, out, err) = run(plp_in(
        &db,
        &home,
        &["config", "school-year-start", "September"],
    ));
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 1, "{out}");
    let (code, out, err) = run(plp_in(
        &db,
        &home,
        &["config", "school-year-start", "January"],
    ));
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(
            "today is now in school year 2026 (it was 2026-27): plans are kept under their \
             school year, so any 2026-27 plans are no longer shown as this year's; plp config \
             school-year-start September shows them again"
        ),
        "{out}"
    );
    succeeds(plp_in(
        &db,
        &home,
        &["config", "school-year-start", "September"],
    ));
    let (_, shown, _) = run(plp_in(&db, &home, &["show", "Kit"]));
    assert!(shown.contains("GOALS 2026-27"), "{shown}");
}
