//! Bad input met in an advisor's year through the binary: one sentence, exit 1, nothing changed.

mod common;
use common::*;

#[test]
fn a_checkin_after_today_or_with_nothing_said_is_refused() {
    let (dir, db) = demo_db();
    let before = snapshot_dir(dir.path());
    let checkin = |args: &[&str]| {
        let mut c = plp(&db);
        c.args(["checkin", "214387"]).args(args);
        c
    };
    fails_with(
        checkin(&["--said", "fine", "--date", "2030-01-01"]),
        1,
        "--date 2030-01-01 is after today (2026-11-24): a check-in is written up once held",
    );
    for said in ["", "  ", "\u{200b}\u{7}\n"] {
        fails_with(
            checkin(&["--said", said]),
            1,
            "there is nothing to save: give --said (what the student said) or --notes",
        );
    }
    fails_with(
        checkin(&[]),
        1,
        "there is nothing to save: give --said (what the student said) or --notes",
    );
    assert!(before == snapshot_dir(dir.path()), "nothing changed");
    // Notes alone (a call home, with or without --said), or today's words, are a check-in.
    let (code, _, err) = run(checkin(&["--said", "", "--notes", "Called home."]));
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(checkin(&["--notes", "Called home again."]));
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(checkin(&["--said", "fine", "--date", "2026-11-24"]));
    assert_eq!(code, 0, "{err}");
}

#[test]
fn an_annual_review_is_not_logged_as_a_quick_checkin() {
    let (dir, db) = demo_db();
    let before = snapshot_dir(dir.path());
    for kind in ["annual-review", "annual", "year-end-review"] {
        let mut c = plp(&db);
        c.args([
            "checkin",
            "214387",
            "--said",
            "A good year.",
            "--kind",
            kind,
        ]);
        fails_with(
            c,
            1,
            &format!("--kind {kind} is not a check-in: the annual review is held as the year-end review (Y on the student in plp)"),
        );
    }
    assert!(before == snapshot_dir(dir.path()), "nothing changed");
    let mut c = plp(&db);
    c.args(["checkin", "214387", "--said", "Fine.", "--kind", "parent"]);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("parent conference on"), "{out}");
}

/// The kinds a refusal lists are exactly the kinds `--kind` takes: never the annual review,
/// which it refuses.
#[test]
fn an_unknown_kind_lists_only_the_kinds_taken() {
    let (dir, db) = demo_db();
    let before = snapshot_dir(dir.path());
    let mut c = plp(&db);
    c.args(["checkin", "214387", "--said", "hi", "--kind", "party"]);
    let err = fails_with(
        c,
        1,
        "unknown check-in kind \"party\" (expected one of: check-in, student-led, parent, touchpoint)",
    );
    assert!(!err.contains("annual"), "{err}");
    assert!(before == snapshot_dir(dir.path()), "nothing changed");
    let listed = err
        .split("expected one of: ")
        .nth(1)
        .unwrap()
        .trim_end()
        .trim_end_matches(')');
    for kind in listed.split(", ") {
        let mut c = plp(&db);
        c.args(["checkin", "214387", "--said", "Fine.", "--kind", kind]);
        let (code, _, err) = run(c);
        assert_eq!(code, 0, "--kind {kind} is listed, so taken: {err}");
    }
}

#[test]
fn a_rollover_is_to_this_school_year_or_the_next() {
    let (dir, db) = demo_db();
    let before = snapshot_dir(dir.path());
    let mut c = plp(&db);
    c.args(["rollover", "--to", "2030-31"]);
    fails_with(
        c,
        1,
        "--to: 2030-31 is neither this school year (2026-27) nor the next (2027-28)",
    );
    let mut c = plp(&db);
    c.args(["rollover", "--to", "2025/26"]);
    fails_with(c, 1, "--to: 2025-26 is over (this school year is 2026-27)");
    let mut c = plp(&db);
    c.args(["rollover", "--to", "2030-31", "--dry-run"]);
    fails_with(c, 1, "is neither this school year");
    assert!(before == snapshot_dir(dir.path()), "nothing changed");
    for year in ["2026-27", "2027-28"] {
        let mut c = plp(&db);
        c.args(["rollover", "--to", year]);
        let (code, _, err) = run(c);
        assert_eq!(code, 0, "{year}: {err}");
    }
}

#[test]
fn a_student_who_left_is_listed_as_inactive_and_never_due() {
    let (_dir, db) = demo_db();
    let list = |args: &[&str]| {
        let mut c = plp(&db);
        c.arg("students").args(args);
        succeeds(c)
    };
    let all = list(&["--all"]);
    let ryan = all
        .lines()
        .find(|l| l.contains("Ryan Doherty"))
        .unwrap_or_else(|| panic!("{all}"));
    assert!(ryan.contains("inactive"), "{ryan}");
    assert!(
        !ryan.contains("overdue") && !ryan.contains("not yet met"),
        "{ryan}"
    );
    let due = list(&["--all", "--due"]);
    assert!(!due.contains("Ryan Doherty"), "{due}");
    assert!(list(&["--due"]).lines().count() > 2, "others are still due");
}

#[test]
fn a_grade_of_one_student_is_counted_as_one_student() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    let roster = dir.path().join("roster.csv");
    std::fs::write(
        &roster,
        "id,first,last,grade\n1,Ada,Abbott,9\n2,Ben,Birch,10\n3,Cy,Cole,10\n",
    )
    .unwrap();
    let mut c = plp(&db);
    c.args(["import", "roster"]).arg(&roster);
    succeeds(c);
    let mut c = plp(&db);
    c.args(["report", "trends"]);
    let out = succeeds(c);
    assert!(out.contains("(3 active students)"), "{out}");
    assert!(out.contains("grade 9 (1 student) "), "{out}");
    assert!(out.contains("grade 10 (2 students) "), "{out}");
}

#[test]
fn each_conflict_names_the_student_whose_record_it_is_on() {
    let (dir, a) = demo_db();
    let b = dir.path().join("laptop.db");
    let set = |db: &std::path::Path, args: &[&str]| {
        let mut c = plp(db);
        c.args(args);
        succeeds(c);
    };
    set(&b, &["sync", a.to_str().unwrap(), "--create"]);
    set(&a, &["set", "Kit", "strengths", "Writes every day"]);
    set(&b, &["set", "Kit", "strengths", "Runs the light board"]);
    set(&a, &["team", "Kit", "set", "Helen", "role", "mother"]);
    set(&b, &["team", "Kit", "set", "Helen", "role", "guardian"]);
    set(&a, &["sync", b.to_str().unwrap()]);
    let mut c = plp(&a);
    c.arg("conflicts");
    let table = succeeds(c);
    let lines: Vec<&str> = table.lines().filter(|l| l.contains("Kit")).collect();
    assert_eq!(lines.len(), 2, "{table}");
    // The team member is named, by name and role as the team list shows them.
    assert!(
        lines.iter().any(|l| l.contains("team member “Helen")),
        "{table}"
    );
    assert!(
        table.starts_with("N  Student"),
        "a narrow first column stays narrow: {table}"
    );
    let mut c = plp(&a);
    c.args(["conflicts", "--format", "csv"]);
    let csv = succeeds(c);
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .ends_with(",sis_id,student,shown_words,other_words"),
        "{csv}"
    );
    assert_eq!(
        csv.lines().filter(|l| l.contains("Kit")).count(),
        2,
        "{csv}"
    );
    // Settling one says which version the field now holds.
    let mut c = plp(&a);
    c.args(["conflicts", "--resolve", "1", "--keep", "other"]);
    let said = succeeds(c);
    assert!(said.starts_with("conflict 1 settled: "), "{said}");
    assert!(said.contains("(the version kept aside)"), "{said}");
    assert!(
        said.contains("; 1 is left, under the number it was listed with"),
        "{said}"
    );
    assert!(
        [
            "Writes every day",
            "Runs the light board",
            "mother",
            "guardian"
        ]
        .iter()
        .any(|v| said.contains(&format!("is now \"{v}\""))),
        "{said}"
    );
    // The one left keeps its number 2 until the conflicts are listed again; 1 is settled.
    let second = csv
        .lines()
        .filter(|l| l.starts_with("2,"))
        .collect::<Vec<_>>();
    let field = second[0].split(',').nth(3).unwrap().replace('_', " ");
    let before = snapshot_dir(dir.path());
    let mut c = plp(&a);
    c.args(["conflicts", "--resolve", "1", "--keep", "other"]);
    fails_with(c, 1, "conflict 1 (on ");
    assert!(before == snapshot_dir(dir.path()), "nothing changed");
    let mut c = plp(&a);
    c.args(["conflicts", "--resolve", "2", "--keep", "shown"]);
    let said = succeeds(c);
    assert!(
        said.starts_with(&format!("conflict 2 settled: {field} is now")),
        "{said}"
    );
    let mut c = plp(&a);
    c.arg("conflicts");
    assert_eq!(succeeds(c), "no conflicts\n");
}

#[test]
fn a_bundle_folder_that_takes_no_file_is_named_in_one_sentence() {
    // /proc/1 is a folder no one may add a file to, whoever runs the test.
    let (dir, db) = demo_db();
    let before = snapshot_dir(dir.path());
    let mut c = plp(&db);
    c.args(["sync", "--bundle", "/proc/1"]);
    let err = fails_with(c, 1, "cannot write a change file into /proc/1: ");
    assert!(!err.contains(".part"), "{err}");
    assert!(before == snapshot_dir(dir.path()), "nothing changed");
}

#[test]
fn a_dry_run_says_which_new_students_the_roster_marks_as_left() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    let roster = dir.path().join("roster.csv");
    std::fs::write(
        &roster,
        "\u{feff}Student_Number,Last_Name,First_Name,Grade_Level,Enroll_Status\r\n\
         100001,Okafor,Amara,9,0\r\n100003,Smith,Zoë,11,2\r\n",
    )
    .unwrap();
    let mut c = plp(&db);
    c.args(["import", "roster", "--dry-run"]).arg(&roster);
    let out = succeeds(c);
    assert!(out.contains("would add Amara Okafor (100001)\n"), "{out}");
    assert!(
        out.contains("would add Zoë Smith (100003) as inactive\n"),
        "{out}"
    );
}

#[test]
fn a_date_no_school_record_has_and_an_address_that_is_not_one_are_refused() {
    let (dir, db) = demo_db();
    let before = snapshot_dir(dir.path());
    let cmd = |args: &[&str]| {
        let mut c = plp(&db);
        c.args(args);
        c
    };
    fails_with(
        cmd(&[
            "checkin",
            "214387",
            "--said",
            "fine",
            "--date",
            "1900-01-01",
        ]),
        1,
        "1 Jan 1900 is not a plausible date for a school record (years 1970 to 2199)",
    );
    fails_with(
        cmd(&[
            "checkin",
            "214387",
            "--said",
            "fine",
            "--date",
            "0001-01-01",
        ]),
        1,
        "1 Jan 0001 is not a plausible date for a school record",
    );
    fails_with(
        cmd(&[
            "checkin",
            "214387",
            "--said",
            "fine",
            "--next",
            "2999-01-01",
        ]),
        1,
        "1 Jan 2999 is not a plausible date for a school record",
    );
    fails_with(
        cmd(&["set", "214387", "email", "zoe.hartmann@"]),
        1,
        "email \"zoe.hartmann@\" is not an e-mail address (expected name@school.org)",
    );
    fails_with(
        cmd(&[
            "team",
            "214387",
            "add",
            "Ann Hartmann",
            "--contact",
            "555-0101, ann@home",
        ]),
        1,
        "contact \"ann@home\" is not an e-mail address",
    );
    assert!(before == snapshot_dir(dir.path()), "nothing changed");
    // Addresses that are addresses, and a phone number beside one, are taken.
    succeeds(cmd(&[
        "set",
        "214387",
        "email",
        "zoe.h@students.eastbrook.example",
    ]));
    succeeds(cmd(&[
        "team",
        "214387",
        "add",
        "Ann Hartmann",
        "--contact",
        "555-0101 / <ann@home.example>",
    ]));
    succeeds(cmd(&[
        "checkin",
        "214387",
        "--said",
        "fine",
        "--date",
        "2026-11-02",
    ]));
}

/// A graduation year typed for a student (`plp set`, a roster line) must fit the student's grade
/// this school year, give or take two years (held back, finishing early): one sentence naming
/// the year expected, and nothing changed.
#[test]
fn a_graduation_year_that_cannot_fit_the_grade_is_refused() {
    let (dir, db) = demo_db();
    let before = snapshot_dir(dir.path());
    let cmd = |args: &[&str]| {
        let mut c = plp(&db);
        c.args(args);
        c
    };
    // Kit Morrow is in grade 10 in 2026-27: the class of 2029.
    let said = fails_with(cmd(&["set", "Kit", "grad_year", "1999"]), 1, "");
    assert_eq!(
        said.trim(),
        "plp: graduation year 1999 does not fit grade 10 this year (expected about 2029)"
    );
    fails_with(
        cmd(&["set", "Kit", "grad_year", "2032"]),
        1,
        "graduation year 2032 does not fit grade 10 this year (expected about 2029)",
    );
    let roster = dir.path().join("roster.csv");
    std::fs::write(
        &roster,
        "student_id,first_name,last_name,grade,grad_year\n\
         S1,Ann,Lee,9,2030\nS2,Bo,Ng,12,2030\n",
    )
    .unwrap();
    let (code, _, err) = run(cmd(&["import", "roster", roster.to_str().unwrap()]));
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(
            "line 3: graduation year 2030 does not fit grade 12 this year (expected about 2027)"
        ),
        "{err}"
    );
    assert!(err.contains("1 bad line; nothing was imported"), "{err}");
    std::fs::remove_file(&roster).unwrap();
    assert!(before == snapshot_dir(dir.path()), "nothing changed");
    // A year or two off is taken: held back, or finishing early.
    for year in ["2027", "2031", "2029"] {
        succeeds(cmd(&["set", "Kit", "grad_year", year]));
    }
    let (_, shown, _) = run(cmd(&["show", "Kit", "--format", "json"]));
    let shown: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(shown["student"]["grad_year"], 2029);
}

#[test]
fn a_plan_document_with_a_checkin_after_today_is_refused_whole() {
    let (dir, db) = demo_db();
    let doc = |date: &str| {
        serde_json::json!({"format": "plp", "version": 1, "exported": "2026-11-24", "students": [{
            "sis_id": "214387",
            "checkins": [{"id": "019a0000-0000-7000-8000-0000000000c1", "date": date,
                          "kind": "check-in", "student_words": "From the document"}]
        }]})
        .to_string()
    };
    let file = dir.path().join("plan.json");
    std::fs::write(&file, doc("2026-12-05")).unwrap();
    let before = snapshot_dir(dir.path());
    let mut c = plp(&db);
    c.args(["import", "plan"]).arg(&file);
    fails_with(
        c,
        1,
        "student 214387: the check-in on 2026-12-05 is after today (2026-11-24); a check-in is \
         written up once held",
    );
    assert!(before == snapshot_dir(dir.path()), "nothing changed");
    std::fs::write(&file, doc("2026-11-24")).unwrap();
    let mut c = plp(&db);
    c.args(["import", "plan"]).arg(&file);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("1 check-in,"), "{out}");
}

/// A grade typed for a student must fit the graduation year stored beside it, as the year must
/// fit the grade: one sentence with the way out, and nothing changed.
#[test]
fn a_grade_that_cannot_fit_the_graduation_year_is_refused() {
    let (dir, db) = demo_db();
    let cmd = |args: &[&str]| {
        let mut c = plp(&db);
        c.args(args);
        c
    };
    // Zoë Hartmann is in grade 7, the class of 2032.
    let before = snapshot_dir(dir.path());
    let said = fails_with(cmd(&["set", "214387", "grade", "12"]), 1, "");
    assert_eq!(
        said.trim(),
        "plp: grade 12 does not fit the graduation year 2032 (expected about grade 7 this year); \
         if the graduation year is wrong, empty it first"
    );
    assert!(before == snapshot_dir(dir.path()), "nothing changed");
    // Held back or a year ahead is taken; with the year emptied, any grade is.
    let mut c = cmd(&["set", "214387", "grade", "8"]);
    c.assert().success();
    cmd(&["set", "214387", "grad_year", ""]).assert().success();
    cmd(&["set", "214387", "grade", "12"]).assert().success();
}
