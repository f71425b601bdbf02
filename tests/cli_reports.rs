//! `plp report` through the binary: filters on every report, the stuck report in every format,
//! the team report's HTML with its charts and comparison, CSV that parses, and bad options.

mod common;

use common::{demo_db, fails_with, plp, run, snapshot_dir};
use serde_json::Value;

fn json(db: &std::path::Path, args: &[&str]) -> Value {
    let mut c = plp(db);
    c.args(["report"]).args(args).args(["--format", "json"]);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{args:?}: {err}");
    serde_json::from_str(&out).expect("json")
}

fn students(db: &std::path::Path) -> Vec<Value> {
    let mut c = plp(db);
    c.args(["students", "--format", "json"]);
    serde_json::from_str(&run(c).1).unwrap()
}

fn sis_of(v: &Value) -> Vec<String> {
    let mut out: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["sis_id"].as_str().unwrap().to_string())
        .collect();
    out.sort();
    out.dedup();
    out
}

#[test]
fn every_report_narrows_by_advisor_grade_iep_and_504() {
    let (_d, db) = demo_db();
    let all = students(&db);
    let expect = |keep: &dyn Fn(&Value) -> bool| -> Vec<String> {
        let mut v: Vec<String> = all
            .iter()
            .filter(|s| keep(s))
            .map(|s| s["sis_id"].as_str().unwrap().to_string())
            .collect();
        v.sort();
        v
    };
    let advisor = all[0]["advisor"].as_str().unwrap().to_string();
    let last_word = advisor.split_whitespace().last().unwrap().to_lowercase();
    let cases: Vec<(Vec<&str>, Vec<String>)> = vec![
        (
            vec!["--advisor", &last_word],
            expect(&|s| s["advisor"] == advisor.as_str()),
        ),
        (vec!["--grade", "9"], expect(&|s| s["grade"] == 9)),
        (vec!["--iep"], expect(&|s| s["iep"] == true)),
        (vec!["--504"], expect(&|s| s["plan_504"] == true)),
        (
            vec!["--iep", "--504"],
            expect(&|s| s["iep"] == true || s["plan_504"] == true),
        ),
    ];
    for (args, want) in cases {
        assert!(!want.is_empty() && want.len() < all.len(), "{args:?}");
        let mut a = vec!["completeness"];
        a.extend(&args);
        assert_eq!(sis_of(&json(&db, &a)), want, "completeness {args:?}");
        for kind in ["due", "stuck"] {
            let mut a = vec![kind];
            a.extend(&args);
            let got = sis_of(&json(&db, &a));
            assert!(got.iter().all(|s| want.contains(s)), "{kind} {args:?}");
        }
        let mut a = vec!["trends"];
        a.extend(&args);
        assert_eq!(json(&db, &a)["students"], want.len(), "trends {args:?}");
    }
}

#[test]
fn due_narrows_by_dates() {
    let (_d, db) = demo_db();
    let plain = json(&db, &["due"]);
    let by_new_year = json(&db, &["due", "--until", "2026-12-31"]);
    assert!(by_new_year.as_array().unwrap().len() > plain.as_array().unwrap().len());
    let december = json(
        &db,
        &["due", "--since", "2026-12-01", "--until", "2026-12-31"],
    );
    for r in december.as_array().unwrap() {
        let next = r["next_due"].as_str();
        assert!(
            next.is_none_or(|n| ("2026-12-01"..="2026-12-31").contains(&n)),
            "{r}"
        );
    }
}

#[test]
fn stuck_in_table_csv_and_json() {
    let (_d, db) = demo_db();
    let rows = json(&db, &["stuck"]);
    let rows = rows.as_array().unwrap();
    assert!(!rows.is_empty());
    let declan = rows
        .iter()
        .find(|r| r["name"] == "Declan O'Neill")
        .expect("Declan is stuck");
    assert!(declan["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["rule"] == "no-progress"));
    let (code, table, _) = run({
        let mut c = plp(&db);
        c.args(["report", "stuck"]);
        c
    });
    assert_eq!(code, 0);
    assert!(table.contains("Declan O'Neill · grade 8 · SIS"), "{table}");
    assert!(table.contains("  no progress twice ("), "{table}");
    let (code, csv_text, _) = run({
        let mut c = plp(&db);
        c.args(["report", "stuck", "--format", "csv"]);
        c
    });
    assert_eq!(code, 0);
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header, vec!["Name", "Gr", "SIS id", "Rule", "Why"]);
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let reasons: usize = rows
        .iter()
        .map(|r| r["reasons"].as_array().unwrap().len())
        .sum();
    assert_eq!(records.len(), reasons);
    assert!(records.iter().all(|r| r.len() == 5));
}

#[test]
fn the_team_report_is_html_with_svg_charts_compared_with_the_quarter_before() {
    let (dir, db) = demo_db();
    let out = dir.path().join("team.html");
    let (code, said, err) = run({
        let mut c = plp(&db);
        c.args(["report", "trends", "--format", "html", "--out"])
            .arg(&out);
        c
    });
    assert_eq!(code, 0, "{err}");
    assert!(said.contains("team.html"));
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.matches("<svg").count() >= 6, "charts inline");
    assert!(!html.contains("<img"), "nothing outside the page");
    assert!(html.contains("this period <b>2026-11-01 to 2026-11-24</b>"));
    assert!(html.contains("compared with the previous period <b>2026-08-01 to 2026-10-31</b>"));
    for title in [
        "Goal domains",
        "Goal domains in grade 9",
        "Goals and goals met",
        "Which strategies are working",
        "Check-ins per month",
    ] {
        assert!(html.contains(&format!("<h2>{title}</h2>")), "{title}");
    }
    // A chosen range is compared with the same number of days just before it.
    let (_, page, _) = run({
        let mut c = plp(&db);
        c.args([
            "report",
            "trends",
            "--format",
            "html",
            "--since",
            "2026-10-01",
            "--until",
            "2026-10-31",
            "--grade",
            "9",
        ]);
        c
    });
    assert!(page.contains("compared with the previous period <b>2026-08-31 to 2026-09-30</b>"));
    assert!(page.contains("narrowed to students in grade 9"));
    assert!(page.contains("<svg"));
}

#[test]
fn trends_csv_parses_and_carries_the_period_before() {
    let (_d, db) = demo_db();
    let (code, text, _) = run({
        let mut c = plp(&db);
        c.args(["report", "trends", "--format", "csv"]);
        c
    });
    assert_eq!(code, 0);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        reader.headers().unwrap(),
        vec![
            "Measure",
            "What",
            "Count",
            "Share",
            "Before",
            "Share before"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert!(rows
        .iter()
        .any(|r| &r[0] == "latest verdicts" && &r[1] == "working"));
    assert!(rows.iter().all(|r| r.len() == 6));
    let t = json(&db, &["trends"]);
    assert_eq!(t["previous"]["since"], "2026-08-01");
    assert!(t["checkins_by_month"].is_array());
}

#[test]
fn bad_options_say_so_in_one_sentence_and_change_nothing() {
    let (dir, db) = demo_db();
    let before = snapshot_dir(dir.path());
    let cases: &[(&[&str], &str)] = &[
        (&["due", "--grade", "nine"], "--grade"),
        (&["stuck", "--since", "2026-13-01"], "--since"),
        (&["trends", "--until", "tomorrow"], "--until"),
        (
            &["stuck", "--since", "2026-11-10", "--until", "2026-11-01"],
            "before it starts",
        ),
        (&["due", "--format", "html"], "trends report"),
        (&["completeness", "--advisor", " "], "--advisor"),
    ];
    for (args, needle) in cases {
        let mut c = plp(&db);
        c.arg("report").args(*args);
        fails_with(c, 1, needle);
    }
    assert_eq!(snapshot_dir(dir.path()), before);
}

/// The completeness summary rounds a share to the nearest whole percent, as the trends report
/// and the Reports screen do: 22 of 23 is 96%, not 95%.
#[test]
fn completeness_shares_round_to_the_nearest_percent() {
    let (_d, db) = demo_db();
    let rows = json(&db, &["completeness"]);
    let rows = rows.as_array().unwrap();
    let n = rows.len() as i64;
    let mut c = plp(&db);
    c.args(["report", "completeness"]);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    let summary = out.lines().next().unwrap();
    for (field, name) in [
        ("strategies", "2+ strategies each"),
        ("family_took_part", "family took part"),
        ("recent_checkin", "checked in <6 weeks"),
    ] {
        let k = rows.iter().filter(|r| r[field] == true).count() as i64;
        let nearest = (200 * k + n) / (2 * n);
        assert!(
            summary.contains(&format!("{name} {nearest}%")),
            "{field}: {k} of {n} in {summary}"
        );
    }
    assert!(summary.contains("2+ strategies each 96%"), "{summary}");
}

/// In the tables and the stuck report's text a grade reads as the school says it (K, PK,
/// "kindergarten"); CSV and JSON keep the number a spreadsheet sorts by.
#[test]
fn a_kindergartener_reads_as_k_for_people_and_0_for_spreadsheets() {
    let (_d, db) = demo_db();
    plp(&db)
        .args(["set", "Elijah", "grade", "K"])
        .assert()
        .success();
    let report = |args: &[&str]| {
        let mut c = plp(&db);
        c.arg("report").args(args);
        let (code, out, err) = run(c);
        assert_eq!(code, 0, "{err}");
        out
    };
    let elijah = |text: &str| {
        text.lines()
            .find(|l| l.starts_with("Elijah Brooks"))
            .unwrap_or_else(|| panic!("{text}"))
            .to_string()
    };
    for kind in ["due", "completeness"] {
        let line = elijah(&report(&[kind]));
        assert!(
            line.starts_with("Elijah Brooks") && line.contains(" K "),
            "{line}"
        );
        let csv = elijah(&report(&[kind, "--format", "csv"]));
        assert!(csv.starts_with("Elijah Brooks,0,"), "{csv}");
    }
    let stuck = report(&["stuck"]);
    assert!(
        stuck.contains("Elijah Brooks · kindergarten · SIS 215033"),
        "{stuck}"
    );
    assert_eq!(json(&db, &["due"])[0]["grade"], 0);
}
