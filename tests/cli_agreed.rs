//! What was agreed before and still holds, through the binary: a next date agreed is kept by a
//! meeting of another kind, a default next date lands on a school day, and the steps still open
//! are shown and printed.

mod common;
use common::*;

/// The demo, in which Kit's check-in today agreed to meet again `next` ("8w") on.
fn kit_agreed_to_meet_in(next: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let (d, db) = demo_db();
    succeeds(plp_args(
        &db,
        &["checkin", "Kit", "--said", "Going well", "--next", next],
    ));
    (d, db)
}

#[test]
fn a_touchpoint_with_no_next_keeps_the_later_date_the_last_check_in_agreed() {
    let (_d, db) = kit_agreed_to_meet_in("8w");
    let out = succeeds(plp_args(
        &db,
        &[
            "checkin",
            "Kit",
            "--kind",
            "touchpoint",
            "--said",
            "Quick hello",
        ],
    ));
    assert!(
        out.contains(
            "next check-in 2027-01-19 (as agreed on 2026-11-24, kept; --next sets another)"
        ),
        "{out}"
    );
    let out = succeeds(plp_args(
        &db,
        &[
            "checkin",
            "Kit",
            "--kind",
            "parent",
            "--said",
            "Mum came in",
            "--with",
            "Ms. Morrow",
        ],
    ));
    assert!(out.contains("next check-in 2027-01-19 (as agreed"), "{out}");
    // The regular check-in is the meeting that was agreed: it sets its own default.
    let out = succeeds(plp_args(&db, &["checkin", "Kit", "--said", "Held early"]));
    assert!(
        out.contains("next check-in 2026-12-29;") || out.ends_with("next check-in 2026-12-29\n"),
        "{out}"
    );
    assert!(!out.contains("kept"), "{out}");
}

#[test]
fn a_touchpoint_in_between_keeps_a_sooner_date_the_last_check_in_agreed() {
    let (_d, db) = kit_agreed_to_meet_in("2w");
    // Its own default (five weeks on, 29 December) would put the agreed check-in off.
    let out = succeeds(plp_args(
        &db,
        &["checkin", "Kit", "--kind", "touchpoint", "--said", "Hello"],
    ));
    assert!(
        out.contains(
            "next check-in 2026-12-08 (as agreed on 2026-11-24, kept; --next sets another)"
        ),
        "{out}"
    );
    let json: serde_json::Value = serde_json::from_str(&succeeds(plp_args(
        &db,
        &["show", "Kit", "--format", "json"],
    )))
    .unwrap();
    assert_eq!(json["checkins"][0]["student_words"], "Hello");
    assert_eq!(json["checkins"][0]["next_date"], "2026-12-08");
}

#[test]
fn a_touchpoint_written_up_for_a_day_before_the_latest_check_in_keeps_nothing_it_agreed() {
    let (_d, db) = kit_agreed_to_meet_in("2w");
    let out = succeeds(plp_args(
        &db,
        &[
            "checkin",
            "Kit",
            "--kind",
            "touchpoint",
            "--said",
            "Earlier",
            "--date",
            "2026-11-20",
        ],
    ));
    assert!(!out.contains("as agreed"), "{out}");
    assert!(out.contains("next check-in 2026-12-28"), "{out}");
}

#[test]
fn a_default_next_date_on_christmas_moves_to_the_next_school_day() {
    let (_d, db) = demo_db();
    let mut c = plp_args(&db, &["checkin", "Kit", "--said", "Before the break"]);
    c.env("PLP_TODAY", "2026-11-20");
    let out = succeeds(c);
    assert!(
        out.contains("next check-in 2026-12-28 (5 weeks on is 2026-12-25, a day with no school)"),
        "{out}"
    );
    // Weeks or days typed count as the default does, and land on a school day too.
    for (typed, said) in [("5w", "5 weeks"), ("35d", "35 days")] {
        let mut c = plp_args(&db, &["checkin", "Kit", "--said", "Again", "--next", typed]);
        c.env("PLP_TODAY", "2026-11-20");
        let out = succeeds(c);
        assert!(
            out.contains(&format!(
                "next check-in 2026-12-28 ({said} on is 2026-12-25, a day with no school)"
            )),
            "{out}"
        );
    }
    // A date typed is as typed.
    let mut c = plp_args(
        &db,
        &["checkin", "Kit", "--said", "Again", "--next", "2026-12-25"],
    );
    c.env("PLP_TODAY", "2026-11-20");
    assert!(succeeds(c).contains("next check-in 2026-12-25"));
}

#[test]
fn steps_agreed_before_a_quick_note_stay_open_in_show_and_the_printout() {
    let (_d, db) = demo_db();
    succeeds(plp_args(
        &db,
        &[
            "checkin",
            "Kit",
            "--kind",
            "touchpoint",
            "--said",
            "Quick hello",
        ],
    ));
    let shown = succeeds(plp_args(&db, &["show", "Kit"]));
    assert!(
        shown.contains(
            "OPEN STEPS (agreed, not yet gone over)\n  - Math lab before the Nov 10 test (student) — agreed 2026-10-28\n"
        ),
        "{shown}"
    );
    // The same in the JSON form, beside the record.
    let json: serde_json::Value = serde_json::from_str(&succeeds(plp_args(
        &db,
        &["show", "Kit", "--format", "json"],
    )))
    .unwrap();
    let open = json["open_steps"].as_array().expect("open_steps");
    assert!(
        open.iter()
            .any(|o| o["step"]["text"] == "Math lab before the Nov 10 test"
                && o["agreed"] == "2026-10-28"
                && o["restricted"] == false),
        "{open:?}"
    );
    assert!(
        json["checkins"].is_array() && json["student"].is_object(),
        "{json}"
    );
    let printed = succeeds(plp_args(&db, &["export", "Kit", "--format", "md"]));
    let steps = printed
        .split("## Next steps")
        .nth(1)
        .expect("a next steps section");
    assert!(
        steps.contains("- Math lab before the Nov 10 test"),
        "{printed}"
    );
}
