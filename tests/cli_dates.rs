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
        "\"11/22/2026\" is not a real date",
    );
    fails_with(
        checkin("Nov 22", "5w"),
        1,
        "(try 28 May 2027, 28/5/2027 or 2027-05-28)",
    );
    assert_eq!(before, snapshot_dir(dir.path()), "nothing changed");
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
    for (date, next) in [("2026-11-20", "0w"), ("2026-11-20", "2026-11-19")] {
        let (code, out, err) = checkin(date, Some(next));
        assert_eq!(code, 1, "{out}");
        assert!(
            err.contains(&format!("--next {next} ("))
                && err.contains("is not after the check-in (2026-11-20)"),
            "{err}"
        );
        assert_eq!(last_checkin(&db, &home), before, "nothing was saved");
    }
    // Written up in a later year: the year had no plan, and five weeks on has gone by.
    let (code, out, err) = checkin("2025-06-01", None);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("next check-in 2025-07-06 (kept outside any plan: there is no 2024-25 plan); that day has passed, so --next sets the real one"),
        "{out}"
    );
}
