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
    // As of New Year's Eve, from December: next dates from 1 December to a week after.
    let december = json(
        &db,
        &["due", "--since", "2026-12-01", "--until", "2026-12-31"],
    );
    for r in december.as_array().unwrap() {
        let next = r["next_due"].as_str();
        assert!(
            next.is_none_or(|n| ("2026-12-01"..="2027-01-06").contains(&n)),
            "{r}"
        );
    }
}

/// `--until` is the day the due report is as of, nothing more: `--until` today is the plain
/// report, and `--until` another day is the report that day would print, its week ahead
/// included.
#[test]
fn due_until_a_day_is_the_report_as_of_that_day() {
    let (_d, db) = demo_db();
    let plain = json(&db, &["due"]);
    assert!(
        plain
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["due"] == "this week" && r["next_due"].as_str() > Some("2026-11-24")),
        "someone is due in the days ahead: {plain}"
    );
    assert_eq!(json(&db, &["due", "--until", "2026-11-24"]), plain);
    for day in ["2026-11-27", "2026-12-04", "2027-01-15"] {
        let as_of = json(&db, &["due", "--until", day]);
        let on_the_day = {
            let mut c = plp(&db);
            c.env("PLP_TODAY", day)
                .args(["report", "due", "--format", "json"]);
            let (code, out, err) = run(c);
            assert_eq!(code, 0, "{err}");
            serde_json::from_str::<Value>(&out).unwrap()
        };
        assert_eq!(as_of, on_the_day, "{day}");
        if day > "2026-12-31" {
            continue; // by then everyone is overdue or not yet met
        }
        assert!(
            as_of
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["due"] == "this week" && r["next_due"].as_str() > Some(day)),
            "{day}: {as_of}"
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
    assert_eq!(
        &header,
        vec!["Name", "Gr", "SIS id", "Rule", "Why", "Advisor"]
    );
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let reasons: usize = rows
        .iter()
        .map(|r| r["reasons"].as_array().unwrap().len())
        .sum();
    assert_eq!(records.len(), reasons);
    assert!(records.iter().all(|r| r.len() == 6));
    // Each line names its student's advisor, as the JSON does.
    for r in &records {
        let student = rows.iter().find(|s| s["sis_id"] == r[2]).unwrap();
        assert_eq!(student["advisor"].as_str().unwrap_or(""), &r[5], "{r:?}");
    }
    assert!(records.iter().any(|r| !r[5].is_empty()));
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
    let nb = |d: &str| format!("<span class=\"nb\">{d}</span>");
    assert!(html.contains(&format!(
        "this period <b>{} to {}</b> (24 days)",
        nb("1 Nov"),
        nb("24 Nov 2026")
    )));
    assert!(html.contains(&format!(
        "compared with the previous period <b>{} to {}</b> (92 days)",
        nb("1 Aug"),
        nb("31 Oct 2026")
    )));
    // A quarter part way through is not compared with a whole one in silence.
    assert!(html.contains("<b>The periods differ in length</b> (24 days against 92 days)"));
    assert!(!html.contains("2026-11-24"), "dates as people read them");
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
    assert!(page.contains(&format!(
        "compared with the previous period <b>{} to {}</b> (31 days)",
        nb("31 Aug"),
        nb("30 Sep 2026")
    )));
    assert!(!page.contains("differ in length"), "{page}");
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
    // The CSV keeps the stored words; the table for people says them as an advisor would.
    assert!(rows
        .iter()
        .any(|r| &r[0] == "all verdicts" && &r[1] == "not-working"));
    assert!(rows
        .iter()
        .any(|r| &r[0] == "check-ins" && &r[1] == "student-led"));
    let (code, table, _) = run({
        let mut c = plp(&db);
        c.args(["report", "trends"]);
        c
    });
    assert_eq!(code, 0);
    for words in ["not working", "partly working", "annual review"] {
        assert!(table.contains(words), "{words}: {table}");
    }
    // The measures are not cut to make room.
    assert!(table.contains("students with a goal in "), "{table}");
    for code in ["not-working", "not-tried", "annual-review"] {
        assert!(!table.contains(code), "{code}: {table}");
    }
    let t = json(&db, &["trends"]);
    assert_eq!(t["previous"]["since"], "2026-08-01");
    assert!(t["checkins_by_month"].is_array());
    // The months of the period before have rows of their own, their counts under "Before",
    // ahead of this period's, each as the JSON counts it.
    let months: Vec<&csv::StringRecord> = rows
        .iter()
        .filter(|r| &r[0] == "check-ins by month")
        .collect();
    let keys: Vec<&str> = months.iter().map(|r| &r[1]).collect();
    assert_eq!(
        keys,
        ["2026-08", "2026-09", "2026-10", "2026-11"],
        "{months:?}"
    );
    for (r, m) in months[..3]
        .iter()
        .zip(t["previous"]["checkins_by_month"].as_array().unwrap())
    {
        assert_eq!(
            (&r[2], &r[4]),
            ("", m["count"].to_string().as_str()),
            "{r:?}"
        );
    }
    assert_eq!(
        &months[3][2],
        t["checkins_by_month"][0]["count"].to_string().as_str()
    );
    assert_eq!(&months[3][4], "");
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
            &["trends", "--since", "1900-01-01"],
            "--since: 1 Jan 1900 is not a plausible date for a school record",
        ),
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
/// and the Reports screen do: 20 of 23 is 87%, not 86%.
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
    // Sofía's goal replaced by another (revised), with one strategy left, no longer counts.
    assert!(summary.contains("2+ strategies each 100%"), "{summary}");
    assert!(
        summary.contains("checked in <6 weeks 87%"),
        "20 of 23 rounds up: {summary}"
    );
}

/// In the tables and the stuck report's text a grade reads as the school says it (K, PK,
/// "kindergarten"); CSV and JSON keep the number a spreadsheet sorts by.
#[test]
fn a_kindergartener_reads_as_k_for_people_and_0_for_spreadsheets() {
    let (_d, db) = demo_db();
    // A grade must fit the graduation year: the demo's (the class of 2032) is emptied first.
    for (field, value) in [("grad_year", ""), ("grade", "K")] {
        plp(&db)
            .args(["set", "Elijah", field, value])
            .assert()
            .success();
    }
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
    let html = report(&["trends", "--format", "html"]);
    assert!(
        html.contains("<h2>Goal domains in kindergarten</h2>"),
        "{html}"
    );
    assert!(!html.contains("grade 0"), "{html}");
}

/// A typed advisor name is said as the students' records write it; `me` as the settings have it.
#[test]
fn the_narrowing_names_the_advisor_as_the_records_write_it() {
    let (dir, db) = demo_db();
    let advisor = students(&db)[0]["advisor"].as_str().unwrap().to_string();
    let typed = advisor.split_whitespace().last().unwrap().to_lowercase();
    assert_ne!(typed, advisor);
    let heading = format!("Narrowed to: {advisor}'s advisees");
    for kind in ["due", "completeness", "stuck", "trends"] {
        let mut c = plp(&db);
        c.args(["report", kind, "--advisor", &typed]);
        let (code, out, err) = run(c);
        assert_eq!(code, 0, "{err}");
        assert!(out.starts_with(&heading), "{kind}: {out}");
    }
    let out = dir.path().join("team.html");
    let mut c = plp(&db);
    c.args([
        "report",
        "trends",
        "--format",
        "html",
        "--advisor",
        &typed,
        "--out",
    ])
    .arg(&out);
    assert_eq!(run(c).0, 0);
    let page = std::fs::read_to_string(&out).unwrap();
    assert!(
        page.contains(&format!("narrowed to {advisor}'s advisees")),
        "{page}"
    );
    // The caseload's list says it the same way.
    let mut c = plp(&db);
    c.args(["students", "--advisor", &typed]);
    let (_, list, _) = run(c);
    assert!(list.contains(&format!("{advisor}'s advisees · ")), "{list}");
    // `me` is the name as set.
    let mut c = plp(&db);
    c.env("PLP_ADVISOR", &typed)
        .args(["report", "due", "--advisor", "me"]);
    let (_, mine, _) = run(c);
    assert!(
        mine.starts_with(&format!("Narrowed to: {typed}'s advisees")),
        "{mine}"
    );
}

/// The completeness summary counts students, and says how many of them have this year's plan.
#[test]
fn the_completeness_summary_counts_students_and_plans() {
    let (dir, db) = demo_db();
    let n = json(&db, &["completeness"]).as_array().unwrap().len();
    let roster = dir.path().join("new.csv");
    std::fs::write(
        &roster,
        "student_id,given_name,family_name,grade,advisor\n990001,Noor,Haddad,9,Ms. Tran\n",
    )
    .unwrap();
    let mut c = plp(&db);
    c.args(["import", "roster"]).arg(&roster);
    assert_eq!(run(c).0, 0);
    let rows = json(&db, &["completeness"]);
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), n + 1);
    let noor = rows.iter().find(|r| r["sis_id"] == "990001").unwrap();
    assert_eq!(noor["has_plan"], false, "{noor}");
    let mut c = plp(&db);
    c.args(["report", "completeness"]);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    let summary = out.lines().next().unwrap();
    assert!(
        summary.starts_with(&format!(
            "{} students ({n} with a plan for 2026-27): ",
            n + 1
        )),
        "{summary}"
    );
}

/// The due and completeness CSVs end with the SIS id (as their JSON has it), every column
/// they had before it still in its place; each then names the student's advisor.
#[test]
fn due_and_completeness_csv_end_with_the_sis_id_and_advisor() {
    let (_d, db) = demo_db();
    let cases: [(&str, &[&str]); 2] = [
        (
            "due",
            &["Name", "Gr", "Last", "Next due", "Due", "Days over"],
        ),
        (
            "completeness",
            &[
                "Name", "Gr", "Str", "Prof", "Goals", "Strat", "Family", "Review", "Recent",
            ],
        ),
    ];
    for (kind, before) in cases {
        let mut c = plp(&db);
        c.args(["report", kind, "--format", "csv"]);
        let (code, text, err) = run(c);
        assert_eq!(code, 0, "{err}");
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let mut want: Vec<&str> = before.to_vec();
        want.push("SIS id");
        want.push("Advisor");
        assert_eq!(reader.headers().unwrap(), want, "{kind}");
        let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        let ids: Vec<String> = records
            .iter()
            .map(|r| r[before.len()].to_string())
            .collect();
        let from_json = json(&db, &[kind]);
        let from_json = from_json.as_array().unwrap();
        let json_ids: Vec<String> = from_json
            .iter()
            .map(|r| r["sis_id"].as_str().unwrap().to_string())
            .collect();
        assert!(!ids.is_empty(), "{kind}");
        assert_eq!(ids, json_ids, "{kind}");
        for (r, j) in records.iter().zip(from_json) {
            assert_eq!(
                &r[before.len() + 1],
                j["advisor"].as_str().unwrap_or(""),
                "{r:?}"
            );
        }
    }
}

/// On a small caseload the count charts' axes climb by whole numbers, none written twice.
#[test]
fn count_charts_tick_whole_numbers_once_each() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    plp(&db)
        .args(["demo", "--no-open", "--students", "5"])
        .assert()
        .success();
    // Narrowed, the counts are a few at most: the axis must not step by halves.
    for narrowing in [
        &[][..],
        &["--grade", "9"],
        &["--iep"],
        &["--since", "2026-11-01"],
    ] {
        let mut c = plp(&db);
        c.args(["report", "trends", "--format", "html"])
            .args(narrowing);
        let (code, page, err) = run(c);
        assert_eq!(code, 0, "{err}");
        let mut counted = 0;
        for svg in page.split("<svg").skip(1) {
            let svg = svg.split("</svg>").next().unwrap();
            // The axis's labels end at the axis; a bar's value is centred on its bar.
            let ticks: Vec<String> = svg
                .split("<text")
                .skip(1)
                .filter_map(|t| {
                    let (attrs, rest) = t.split_once('>')?;
                    attrs
                        .contains("text-anchor=\"end\"")
                        .then(|| rest.split("</text>").next().unwrap().trim().to_string())
                })
                .collect();
            if ticks.iter().any(|t| t == "100") && svg.contains("% of") {
                continue;
            }
            counted += 1;
            let numbers: Vec<i64> = ticks
                .iter()
                .map(|t| t.parse().unwrap_or_else(|_| panic!("{t:?} in {ticks:?}")))
                .collect();
            assert!(numbers.len() >= 2, "{narrowing:?}: {ticks:?}");
            let step = numbers[1] - numbers[0];
            assert!(step >= 1, "{narrowing:?}: {ticks:?}");
            assert!(
                numbers.windows(2).all(|w| w[1] - w[0] == step),
                "{narrowing:?}: {ticks:?}"
            );
        }
        assert!(counted >= 3, "the count charts: {page}");
    }
}

/// The help says every report, every setting, and the ways a date may be written.
#[test]
fn help_names_every_report_setting_and_date_form() {
    let help = |args: &[&str]| {
        let mut c = plp(std::path::Path::new("/nonexistent/plp.db"));
        c.args(args);
        let (code, out, err) = run(c);
        assert_eq!(code, 0, "{err}");
        out
    };
    let top = help(&["--help"]);
    let report_line = top
        .lines()
        .find(|l| l.trim_start().starts_with("report"))
        .unwrap();
    for kind in ["due", "trends", "completeness", "stuck"] {
        assert!(report_line.contains(kind), "{report_line}");
    }
    let report = help(&["report", "--help"]);
    assert!(report.starts_with("Team reports: who is due, trends, plan completeness, who is stuck"));
    assert!(report.contains("date-order"), "{report}");
    assert!(report.contains("27 Nov 2026"), "{report}");
    let config = help(&["config", "--help"]);
    let name = config
        .lines()
        .find(|l| l.contains("[NAME]") && l.contains("setting"))
        .unwrap();
    for setting in [
        "advisor",
        "school-year-start",
        "date-order",
        "school",
        "contact",
    ] {
        assert!(name.contains(setting), "{name}");
    }
    // And each form the help names is read.
    let (_d, db) = demo_db();
    let plain = json(&db, &["due", "--until", "2026-11-24"]);
    for day in ["24 Nov 2026", "11/24/2026"] {
        assert_eq!(json(&db, &["due", "--until", day]), plain, "{day}");
    }
}

/// The rows of a CSV output, parsed as a spreadsheet would read its cells.
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn csv_text_a_spreadsheet_would_run_is_neutralised_and_numbers_are_left_as_they_are() {
    let (_d, db) = demo_db();
    for (field, value) in [
        ("preferred_name", "=HYPERLINK(\"http://e.x\")"),
        ("family_name", "+cmd"),
        ("advisor", "@x"),
        ("grad_year", ""),
        ("grade", "PK"),
    ] {
        plp(&db)
            .args(["set", "215033", field, value])
            .assert()
            .success();
    }
    let output = |args: &[&str]| {
        let mut c = plp(&db);
        c.args(args).args(["--format", "csv"]);
        let (code, out, err) = run(c);
        assert_eq!(code, 0, "{args:?}: {err}");
        csv_rows(&out)
    };
    let name = "'=HYPERLINK(\"http://e.x\") +cmd";
    let row_of = |rows: &[Vec<String>], at: usize| -> Vec<String> {
        rows.iter()
            .find(|r| r.get(at).is_some_and(|c| c.contains("HYPERLINK")))
            .unwrap_or_else(|| panic!("{rows:?}"))
            .clone()
    };
    let students = row_of(&output(&["students"]), 1);
    assert_eq!(students[1], name, "{students:?}");
    assert_eq!(students[2], "-1", "a grade is a number: {students:?}");
    assert_eq!(students[3], "'@x", "{students:?}");
    for kind in ["due", "completeness", "stuck"] {
        let row = row_of(&output(&["report", kind]), 0);
        assert_eq!(row[0], name, "{kind}: {row:?}");
        assert_eq!(row[1], "-1", "{kind}: a grade is a number: {row:?}");
    }
    // No text cell of any report starts a formula.
    for kind in ["due", "completeness", "stuck", "trends"] {
        for row in output(&["report", kind]) {
            for cell in &row {
                let starts = cell.starts_with(['=', '+', '@']);
                assert!(!starts, "{kind}: {row:?}");
            }
        }
    }
}

#[test]
fn a_student_met_this_year_with_no_next_date_has_no_date_set_not_not_yet_met() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    let plan = dir.path().join("plan.json");
    std::fs::write(
        &plan,
        r#"{"format": "plp", "version": 1, "students": [
          {"sis_id": "700001", "given_name": "Tom", "family_name": "Okafor", "grade": 9,
           "status": "active", "checkins": [{"date": "2026-11-02", "kind": "check-in"}]},
          {"sis_id": "700002", "given_name": "Ines", "family_name": "Baptiste", "grade": 9,
           "status": "active"}]}"#,
    )
    .unwrap();
    plp(&db)
        .args(["import", "plan"])
        .arg(&plan)
        .assert()
        .success();
    let out = |args: &[&str]| {
        let mut c = plp(&db);
        c.args(args);
        let (code, out, err) = run(c);
        assert_eq!(code, 0, "{args:?}: {err}");
        out
    };
    let line_of = |text: &str, who: &str| -> String {
        text.lines()
            .find(|l| l.contains(who))
            .unwrap_or_else(|| panic!("{who}: {text}"))
            .to_string()
    };
    for args in [
        &["report", "due"][..],
        &["report", "due", "--format", "csv"],
        &["students"],
        &["students", "--format", "csv"],
    ] {
        let text = out(args);
        let tom = line_of(&text, "Tom");
        assert!(tom.contains("no date set"), "{args:?}: {tom}");
        assert!(!tom.contains("not yet met"), "{args:?}: {tom}");
        let ines = line_of(&text, "Ines");
        assert!(ines.contains("not yet met"), "{args:?}: {ines}");
    }
    for args in [&["report", "due"][..], &["students"]] {
        let rows: Value =
            serde_json::from_str(&out(&[args, &["--format", "json"]].concat())).unwrap();
        let due = |sis: &str| {
            rows.as_array()
                .unwrap()
                .iter()
                .find(|r| r["sis_id"] == sis)
                .map(|r| r["due"].clone())
        };
        assert_eq!(due("700001"), Some("no date set".into()), "{args:?}");
        assert_eq!(due("700002"), Some("not yet met".into()), "{args:?}");
    }
}

/// With nobody due, the due report's table says so in a line rather than printing a header
/// alone; its CSV is the header row and its JSON an empty array, as a script expects.
#[test]
fn a_due_report_with_nobody_due_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    let home = dir.path().join("home");
    let mut c = plp(&db);
    c.env("XDG_CONFIG_HOME", &home)
        .args(["config", "school", "North High"]);
    assert_eq!(run(c).0, 0);
    let report = |format: &str| {
        let mut c = plp(&db);
        c.args(["report", "due", "--format", format]);
        let (code, out, err) = run(c);
        assert_eq!(code, 0, "{format}: {err}");
        out
    };
    assert_eq!(report("table"), "nobody is due for a check-in\n");
    assert_eq!(
        report("csv").lines().collect::<Vec<_>>(),
        vec!["Name,Gr,Last,Next due,Due,Days over,SIS id,Advisor"]
    );
    assert_eq!(
        serde_json::from_str::<Value>(&report("json")).unwrap(),
        Value::Array(vec![])
    );
}

/// As of a past `--until`, a student first met after it had never been met: "no check-in yet",
/// as for one never met at all, in every format; one met last school year too has had none
/// since the first day read.
#[test]
fn stuck_as_of_a_past_day_says_not_met_yet_of_students_first_met_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    let roster = dir.path().join("roster.csv");
    std::fs::write(
        &roster,
        "id,first,last,grade\n1,Ada,Never,9\n2,Bo,Later,9\n3,Cy,Before,9\n",
    )
    .unwrap();
    let on = |today: &str, args: &[&str]| {
        let mut c = plp(&db);
        c.env("PLP_TODAY", today).args(args);
        let (code, out, err) = run(c);
        assert_eq!(code, 0, "{args:?}: {err}");
        out
    };
    on(
        "2026-03-01",
        &["import", "roster", roster.to_str().unwrap()],
    );
    on(
        "2026-03-02",
        &["checkin", "3", "--said", "fine", "--date", "2026-03-02"],
    );
    for sis in ["2", "3"] {
        on(
            "2026-10-23",
            &["checkin", sis, "--said", "fine", "--date", "2026-10-10"],
        );
    }
    let stuck = |format: &str| {
        on(
            "2026-10-23",
            &[
                "report",
                "stuck",
                "--until",
                "2026-09-30",
                "--format",
                format,
            ],
        )
    };

    let table = stuck("table");
    let block = |name: &str| {
        let at = table
            .find(name)
            .unwrap_or_else(|| panic!("{name}: {table}"));
        table[at..].split("\n\n").next().unwrap().to_string()
    };
    assert!(
        block("Ada Never").contains("  no check-in yet\n"),
        "{table}"
    );
    assert!(block("Bo Later").contains("  no check-in yet\n"), "{table}");
    assert!(
        block("Cy Before").contains("  no check-in since 2026-08-01\n"),
        "{table}"
    );

    let csv_text = stuck("csv");
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let rules: Vec<(String, String, String)> = reader
        .records()
        .map(|r| r.unwrap())
        .filter(|r| r[3].starts_with("no check-in"))
        .map(|r| (r[2].to_string(), r[3].to_string(), r[4].to_string()))
        .collect();
    let of = |sis: &str| rules.iter().find(|r| r.0 == sis).cloned().unwrap();
    for sis in ["1", "2"] {
        assert_eq!(
            of(sis),
            (
                sis.to_string(),
                "no check-in yet".to_string(),
                "no check-in yet".to_string()
            )
        );
    }
    assert_eq!(of("3").1, "no check-in in 8 weeks");

    let rows: Value = serde_json::from_str(&stuck("json")).unwrap();
    let reason = |sis: &str| {
        rows.as_array()
            .unwrap()
            .iter()
            .find(|r| r["sis_id"] == sis)
            .unwrap()["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["rule"] == "no-checkin")
            .unwrap()
            .clone()
    };
    for sis in ["1", "2", "3"] {
        assert_eq!(
            reason(sis),
            serde_json::json!({"rule": "no-checkin", "last": null}),
            "{sis}"
        );
    }
}

/// The team page says verdicts and kinds of meeting in words ("not working", "parent
/// conference"), as the app does, never as the stored keys ("not-working").
#[test]
fn the_team_page_says_verdicts_and_meetings_in_words() {
    let (_dir, db) = demo_db();
    let mut c = plp(&db);
    c.args(["report", "trends", "--format", "html"]);
    let (code, page, err) = run(c);
    assert_eq!(code, 0, "{err}");
    for words in [
        "<td>partly working</td>",
        "<td>not working</td>",
        "<td>not tried</td>",
        "<td>parent conference</td>",
        "<td>student-led conference</td>",
        "<td>social-emotional</td>",
    ] {
        assert!(page.contains(words), "{words} in {page}");
    }
    for key in [
        ">not-working<",
        ">not-tried<",
        ">partly<",
        ">parent<",
        ">student-led<",
    ] {
        assert!(!page.contains(key), "{key} in {page}");
    }
}

/// As of a day gone by, the due report reads only the check-ins held by then: a check-in held
/// since does not hide who was overdue that day, and a student first met since was not yet
/// met then.
#[test]
fn due_as_of_a_day_gone_by_reads_only_the_check_ins_held_by_then() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    let roster = dir.path().join("roster.csv");
    std::fs::write(
        &roster,
        "Student ID,First Name,Last Name,Grade\n1001,Amara,Okafor,9\n1002,Liam,Walsh,9\n",
    )
    .unwrap();
    let ok = |args: &[&str]| {
        let mut c = plp(&db);
        c.args(args);
        let (code, _, err) = run(c);
        assert_eq!(code, 0, "{args:?}: {err}");
    };
    ok(&["import", "roster", roster.to_str().unwrap()]);
    for (sis, date, next) in [
        ("1001", "2026-09-01", "2026-09-29"),
        ("1001", "2026-10-20", "2026-12-01"),
        ("1002", "2026-10-20", "2026-12-01"),
    ] {
        ok(&[
            "checkin", sis, "--said", "fine", "--date", date, "--next", next,
        ]);
    }
    // Today (24 November) nobody is due.
    assert_eq!(json(&db, &["due"]), serde_json::json!([]));
    let then = json(&db, &["due", "--until", "2026-10-10"]);
    let rows = then.as_array().unwrap();
    assert_eq!(rows.len(), 2, "{then}");
    let amara = rows.iter().find(|r| r["sis_id"] == "1001").unwrap();
    assert_eq!(amara["due"], "overdue", "{then}");
    assert_eq!(amara["last_checkin"], "2026-09-01");
    assert_eq!(amara["next_due"], "2026-09-29");
    assert_eq!(amara["days_overdue"], 11);
    let liam = rows.iter().find(|r| r["sis_id"] == "1002").unwrap();
    assert_eq!(liam["due"], "not yet met", "{then}");
    assert_eq!(liam["last_checkin"], serde_json::Value::Null);
}

/// A CSV report written to a file begins with the UTF-8 byte order mark, so that Excel opening
/// it reads accented names as written ("José Hernández"); printed to standard output (for a
/// pipe) it has none, and the rest is the same text.
#[test]
fn a_csv_file_opens_in_a_spreadsheet_with_its_accents() {
    let (dir, db) = demo_db();
    let file = dir.path().join("due.csv");
    let mut c = plp(&db);
    c.args(["report", "completeness", "--format", "csv", "--out"])
        .arg(&file);
    let (code, _, err) = run(c);
    assert_eq!(code, 0, "{err}");
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "{:?}", &bytes[..8]);
    let mut c = plp(&db);
    c.args(["report", "completeness", "--format", "csv"]);
    let (code, printed, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert!(!printed.starts_with('\u{feff}'));
    assert_eq!(&bytes[3..], printed.as_bytes());
    assert!(printed.contains("José Hernández"), "{printed}");
    // JSON written to a file has no mark.
    let json_file = dir.path().join("due.json");
    let mut c = plp(&db);
    c.args(["report", "due", "--format", "json", "--out"])
        .arg(&json_file);
    assert_eq!(run(c).0, 0);
    assert!(std::fs::read(&json_file).unwrap().starts_with(b"["));
}
