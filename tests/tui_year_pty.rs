//! The year-end review and throwing a draft away, typed into the real binary in a
//! pseudo-terminal at 80×24.

mod common;

use common::pty::Session;

fn open(s: &mut Session, who: &str, name: &str) {
    s.wait_for("need a check-in now");
    s.key("/", "/");
    for c in who.chars() {
        s.write(&c.to_string());
    }
    s.wait_for(name);
    s.key("\r", "1 Profile");
}

#[test]
fn a_year_end_review_typed_into_the_binary_makes_next_years_plan() {
    let (_dir, db) = common::demo_db();
    let mut s = Session::start_plain(&db);
    open(&mut s, "dmitri", "Dmitri Volkov");
    // Long before the year ends, Y asks first; Y again starts it.
    s.key("Y", "Y again starts it.");
    s.key(
        "Y",
        "Year-end review · Dmitri Volkov · 2026-27 ends, 2027-28 plan begins",
    );
    s.key("m", "[met]");
    s.key("c", "[carry forward] Pass English 11");
    s.key("d", "[drop]");
    s.key("\t", "student, advisor");
    s.write(", Mrs. Volkova");
    s.wait_for("student, advisor, Mrs. Volkova");
    s.key("\r", "The year, in the student's own words");
    s.write("English is done and I start the apprenticeship forms.");
    s.wait_for("apprenticeship forms.");
    s.key("\x1bOQ", "Made the 2027-28 plan: 1 goal carried");
    s.key("2", "[academic · carried to 2027-28]");
    s.wait_for("annual review: done");
    // The plans of other years, read-only: next year's is among them now.
    s.key("y", "read-only");
    s.quit();
    let out = common::plp(&db)
        .args(["show", "Dmitri", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = v.to_string();
    assert!(text.contains("2027-28"), "{text}");
    assert!(text.contains("annual-review"), "{text}");
    assert!(text.contains("English is done and I start the apprenticeship forms."));
    assert!(text.contains("Mrs. Volkova"));
}

#[test]
fn f8_in_the_composer_throws_the_check_in_away_after_a_question() {
    let (_dir, db) = common::demo_db();
    let mut s = Session::start_plain(&db);
    open(&mut s, "dmitri", "Dmitri Volkov");
    s.key("n", "In the student's words");
    s.write("Words to throw away");
    s.wait_for("Words to throw away");
    s.key("\x1b[19~", "Discard this check-in for Dmitri Volkov?");
    s.key("y", "Discarded what was typed.");
    s.quit();
    let drafts = plp::store::Store::open_existing(&db)
        .unwrap()
        .drafts()
        .unwrap();
    assert!(drafts.is_empty(), "{drafts:?}");
    let out = common::plp(&db)
        .args(["show", "Dmitri", "--format", "json"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains("Words to throw away"));
}
