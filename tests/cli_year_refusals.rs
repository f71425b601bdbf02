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
            "there is nothing to save: --said is empty",
        );
    }
    assert!(before == snapshot_dir(dir.path()), "nothing changed");
    // Notes alone, or today's words, are a check-in.
    let (code, _, err) = run(checkin(&["--said", "", "--notes", "Called home."]));
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(checkin(&["--said", "fine", "--date", "2026-11-24"]));
    assert_eq!(code, 0, "{err}");
}

#[test]
fn a_rollover_is_to_this_school_year_or_the_next() {
    let (dir, db) = demo_db();
    let before = snapshot_dir(dir.path());
    for (year, shown) in [("2030-31", "2030-31"), ("2025/26", "2025-26")] {
        let mut c = plp(&db);
        c.args(["rollover", "--to", year]);
        fails_with(
            c,
            1,
            &format!("--to: {shown} is neither this school year (2026-27) nor the next (2027-28)"),
        );
    }
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
