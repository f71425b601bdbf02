//! Dates typed as US schools type them (`11/20/2026`), in the order the settings give.

mod common;
use common::*;
use serde_json::Value;

fn last_checkin(db: &std::path::Path, home: &std::path::Path) -> (String, String) {
    let mut c = plp(db);
    c.env("XDG_CONFIG_HOME", home)
        .args(["show", "214387", "--format", "json"]);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let c = &v["checkins"][0];
    (
        c["date"].as_str().unwrap().to_string(),
        c["next_date"].as_str().unwrap().to_string(),
    )
}

#[test]
fn slashed_dates_follow_the_date_order_setting() {
    let (dir, db) = demo_db();
    let home = dir.path().join("home");
    let checkin = |date: &str, next: &str| {
        let mut c = plp(&db);
        c.env("XDG_CONFIG_HOME", &home).args([
            "checkin", "214387", "--said", "fine", "--date", date, "--next", next,
        ]);
        c
    };
    let (code, _, err) = run(checkin("11/20/2026", "1/8/27"));
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        last_checkin(&db, &home),
        ("2026-11-20".into(), "2027-01-08".into())
    );

    // Day first once the setting says so; the US order is then refused when impossible.
    let mut c = plp(&db);
    c.env("XDG_CONFIG_HOME", &home)
        .args(["config", "date-order", "dmy"]);
    assert_eq!(run(c).0, 0);
    let (code, _, err) = run(checkin("21/11/2026", "2027-01-09"));
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        last_checkin(&db, &home),
        ("2026-11-21".into(), "2027-01-09".into())
    );
    let before = snapshot_dir(dir.path());
    fails_with(
        checkin("11/22/2026", "5w"),
        1,
        "\"11/22/2026\" is not a real date read day first (the date-order setting is dmy): \
         22 November 2026 is typed 22/11/2026 here",
    );
    fails_with(checkin("Nov 31", "5w"), 1, "\"Nov 31\" is not a real date");
    fails_with(
        checkin("someday", "5w"),
        1,
        "(try 28 May 2027, 28/5/2027 or 2027-05-28)",
    );
    assert_eq!(before, snapshot_dir(dir.path()), "nothing changed");
    // A day typed without its year is the last such day on or before today, as the composer
    // takes it.
    let (code, _, err) = run(checkin("Nov 22", "2027-01-09"));
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        last_checkin(&db, &home),
        ("2026-11-22".into(), "2027-01-09".into())
    );
}

#[test]
fn a_next_check_in_comes_after_its_check_in_and_a_late_write_up_says_what_it_set() {
    let (dir, db) = demo_db();
    let home = dir.path().join("home");
    let checkin = |date: &str, next: Option<&str>| {
        let mut c = plp(&db);
        c.env("XDG_CONFIG_HOME", &home)
            .args(["checkin", "214387", "--said", "fine", "--date", date]);
        if let Some(n) = next {
            c.args(["--next", n]);
        }
        run(c)
    };
    let before = last_checkin(&db, &home);
    for (date, next) in [("2026-11-20", "2026-11-19"), ("2026-11-19", "2026-11-19")] {
        let (code, out, err) = checkin(date, Some(next));
        assert_eq!(code, 1, "{out}");
        assert!(
            err.contains(&format!("--next {next} ("))
                && err.contains(&format!("is not after the check-in ({date})")),
            "{err}"
        );
        assert_eq!(last_checkin(&db, &home), before, "nothing was saved");
    }
    // No weeks or days at all, on a school day or on a Sunday (whose next school day is after
    // it): refused alike.
    for (date, next) in [
        ("2026-11-20", "0w"),
        ("2026-11-22", "0w"),
        ("2026-11-22", "0d"),
    ] {
        let (code, out, err) = checkin(date, Some(next));
        assert_eq!(code, 1, "{out}");
        assert!(
            err.contains(&format!(
                "\"{next}\" is no time at all: the next check-in comes after this one"
            )),
            "{err}"
        );
        assert_eq!(last_checkin(&db, &home), before, "nothing was saved");
    }
    // Written up in a later year: the year had no plan, and five weeks on has gone by (and
    // falls on a Sunday, so the default is the Monday).
    let (code, out, err) = checkin("2025-06-01", None);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("next check-in 2025-07-07 (5 weeks on is 2025-07-06, a day with no school) (kept outside any plan: there is no 2024-25 plan); that day has passed: --next with a day still to come sets when to meet"),
        "{out}"
    );
}

/// `--restricted` alone restricts the notes, and with no notes it would keep nothing out: it
/// is refused, saying that `--restricted whole` keeps the student's words out too. A check-in
/// restricted whole never reaches the family printout.
#[test]
fn a_check_in_restricted_from_the_shell_keeps_out_what_it_says() {
    let (dir, db) = demo_db();
    let home = dir.path().join("home");
    let checkin = |extra: &[&str]| {
        let mut c = plp(&db);
        c.env("XDG_CONFIG_HOME", &home)
            .args(["checkin", "214387", "--said", "Things at home are hard"])
            .args(extra);
        c
    };
    let printout = || {
        let mut c = plp(&db);
        c.env("XDG_CONFIG_HOME", &home)
            .args(["export", "214387", "--format", "md"]);
        let (code, out, err) = run(c);
        assert_eq!(code, 0, "{err}");
        out
    };
    let before = snapshot_dir(dir.path());
    fails_with(
        checkin(&["--restricted"]),
        1,
        "--restricted keeps the advisor notes out of printouts and exports, and there are no --notes: --restricted whole keeps the whole check-in out, the student's words too",
    );
    assert_eq!(before, snapshot_dir(dir.path()), "nothing saved");
    let (code, _, err) = run(checkin(&["--restricted", "whole"]));
    assert_eq!(code, 0, "{err}");
    let mut c = plp(&db);
    c.env("XDG_CONFIG_HOME", &home)
        .args(["show", "214387", "--format", "json"]);
    let (_, out, err) = run(c);
    let v: Value = serde_json::from_str(&out).unwrap_or_else(|_| panic!("{out}{err}"));
    assert_eq!(v["checkins"][0]["restricted_whole"], true, "{out}");
    assert!(!printout().contains("Things at home"));
    // Notes restricted, with notes: the notes stay out, the words are printed.
    let (code, _, err) = run(checkin(&["--notes", "Call home", "--restricted"]));
    assert_eq!(code, 0, "{err}");
    let shown = printout();
    assert!(shown.contains("Things at home") && !shown.contains("Call home"));
    let (code, _, err) = run(checkin(&["--restricted", "all"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("possible values: notes, whole"), "{err}");
}

/// A check-in for a student marked inactive (moved, graduated) is kept, and the command says
/// that the caseload does not show them.
#[test]
fn a_check_in_for_an_inactive_student_says_so() {
    let (dir, db) = demo_db();
    let home = dir.path().join("home");
    let mut c = plp(&db);
    c.env("XDG_CONFIG_HOME", &home)
        .args(["set", "214387", "status", "inactive"]);
    assert_eq!(run(c).0, 0);
    let mut c = plp(&db);
    c.env("XDG_CONFIG_HOME", &home)
        .args(["checkin", "214387", "--said", "Visiting"]);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("is marked inactive (moved or graduated), so the caseload does not show them"),
        "{out}"
    );
    let mut c = plp(&db);
    c.env("XDG_CONFIG_HOME", &home)
        .args(["checkin", "Kit", "--said", "Fine"]);
    let (_, out, _) = run(c);
    assert!(!out.contains("inactive"), "{out}");
}

/// A `--date` day typed without its year is the last such day on or before today; read as more
/// than six months ago (a day of this month still to come), it would file the check-in with
/// last year's plan, so it is refused saying how it was read. Nothing is saved. One in last
/// school year but within six months ("6/10" in November) is taken.
#[test]
fn a_date_held_without_its_year_long_ago_is_refused() {
    let (dir, db) = demo_db();
    let home = dir.path().join("home");
    let checkin = |date: &str| {
        let mut c = plp(&db);
        c.env("XDG_CONFIG_HOME", &home)
            .env("PLP_TODAY", "2026-11-25")
            .args(["checkin", "214387", "--said", "x", "--date", date]);
        c
    };
    let before = dump(&db);
    for typed in ["12/5", "Dec 5"] {
        fails_with(
            checkin(typed),
            1,
            &format!(
                "--date {typed} reads as 5 Dec 2025, 50 weeks ago, and would go with that school \
                 year's plan; write the year (2025-12-05) if that is meant"
            ),
        );
    }
    assert_eq!(dump(&db), before, "nothing was saved");
    for (date, held) in [("6/10", "2026-06-10"), ("2025-12-05", "2025-12-05")] {
        let (code, out, err) = run(checkin(date));
        assert_eq!(code, 0, "{date}: {err}");
        assert!(out.contains(&format!("on {held} saved")), "{date}: {out}");
    }
}

/// A `--next` day typed without its year is the first such day on or after the check-in; read
/// as more than six months after it, it is almost surely a slip (a day of this month that has
/// just gone by), refused saying how it was read and how to give the year. Nothing is saved.
#[test]
fn a_next_day_without_its_year_far_from_the_check_in_is_refused() {
    let (dir, db) = demo_db();
    let home = dir.path().join("home");
    let checkin = |next: &str| {
        let mut c = plp(&db);
        c.env("XDG_CONFIG_HOME", &home)
            .env("PLP_TODAY", "2026-10-26")
            .args([
                "checkin", "214387", "--said", "x", "--date", "10/20", "--next", next,
            ]);
        c
    };
    let before = dump(&db);
    fails_with(
        checkin("10/1"),
        1,
        "--next 10/1 reads as 1 Oct 2027, 49 weeks after the check-in; write the year \
         (2027-10-01) if that is meant",
    );
    fails_with(
        checkin("Oct 1"),
        1,
        "--next Oct 1 reads as 1 Oct 2027, 49 weeks after the check-in; write the year \
         (2027-10-01) if that is meant",
    );
    fails_with(
        checkin("4/21"),
        1,
        "--next 4/21 reads as 21 Apr 2027, 26 weeks after the check-in",
    );
    assert_eq!(dump(&db), before, "nothing was saved");
    // Within six months it is taken; with its year, or in weeks, it is taken as written.
    for (next, set) in [
        ("4/20", "2027-04-20"),
        ("Nov 24", "2026-11-24"),
        ("2027-10-01", "2027-10-01"),
        ("10/1/27", "2027-10-01"),
        ("30w", "2027-05-18"),
    ] {
        let (code, out, err) = run(checkin(next));
        assert_eq!(code, 0, "{next}: {err}");
        assert!(
            out.contains(&format!("on 2026-10-20 saved; next check-in {set}")),
            "{next}: {out}"
        );
    }
}
