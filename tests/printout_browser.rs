//! The family printout's HTML as a family prints it from a browser (headless Chromium): every
//! word on the page, however long, and nothing that must stay out.

mod common;
use common::{browser, plp, run};

/// A link and a word longer than a printed line, in the places an advisor pastes them.
const LINK: &str = "https://docs.example.org/district/plp/students/500001/portfolio/2026-27/reading-plan-and-accommodations-summary-final-v2?usp=sharing";
/// (Longer than Chromium shrinks a page to fit: a word that long was cut off where the paper
/// ends.)
const WORD: &str = "ReadingwithgrandmaeverysundayafternoonReadingwithgrandmaeverysundayafternoonReadingwithgrandmaeverysundayafternoonReadingwithgrandmaeverysundayafternoonReadingwithgrandmaeverysundayafternoonReadingwithgrandmaeverysundayafternoonReadingwithgrandmaeverysundayafternoon";

fn plan() -> String {
    format!(
        r#"{{
  "format": "plp", "version": 1, "exported": "2026-11-20",
  "students": [{{
    "sis_id": "500001", "given_name": "Lucía", "family_name": "Fernández",
    "grade": 9, "advisor": "Ms. Rivera", "status": "active",
    "profile": {{"strengths": "Patient with younger kids; {WORD}"}},
    "team": [{{"name": "Rosa Fernández", "role": "mother", "contact": "555-0101"}}],
    "plans": [{{"school_year": "2026-27", "goals": [
      {{"key": "g1", "title": "Read one chapter book each month", "domain": "academic",
       "measure": "Chapter books finished", "target": "Eight books", "target_date": "2027-05-28",
       "status": "active", "strategies": [
        {{"key": "s1", "what": "Reading log kept at {LINK}", "owner": "student", "frequency": "weekly", "status": "active"}}
      ]}}
    ]}}],
    "checkins": [
      {{"date": "2026-10-19", "kind": "check-in", "student_words": "Chapter books are okay now",
       "progress": [{{"goal": "g1", "rating": 3}}],
       "verdicts": [{{"strategy": "s1", "verdict": "working"}}],
       "notes": "Family matter ZQXRESTRICTED", "restricted": true,
       "next_steps": [{{"text": "Pick the next book", "owner": "Lucía"}}],
       "next_date": "2026-12-07"}}
    ]
  }}]
}}"#
    )
}

/// The printed text with every space and line break taken out, so that a word broken across
/// printed lines reads whole.
fn joined(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn a_family_printing_the_page_gets_every_word_and_nothing_restricted() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    let doc = dir.path().join("plan.json");
    std::fs::write(&doc, plan()).unwrap();
    plp(&db)
        .args(["import", "plan"])
        .arg(&doc)
        .assert()
        .success();
    for lang in ["en", "es"] {
        let mut c = plp(&db);
        c.args(["export", "500001", "--format", "html", "--lang", lang]);
        let (code, html, err) = run(c);
        assert_eq!(code, 0, "{err}");
        let page = dir.path().join(format!("family-{lang}.html"));
        std::fs::write(&page, html).unwrap();
        let Some(text) = browser::printed_text(&page) else {
            return;
        };
        let all = joined(&text);
        for whole in [
            LINK,
            WORD,
            "LucíaFernández",
            "Readonechapterbookeachmonth",
            "Pickthenextbook",
            "Chapterbooksareokaynow",
        ] {
            assert!(
                all.contains(whole),
                "{lang}: {whole:?} is not whole on the printed page:\n{text}"
            );
        }
        assert!(
            !text.contains("ZQXRESTRICTED"),
            "{lang}: a restricted note was printed:\n{text}"
        );
    }
}

/// A goal's card flows on from one printed page to the next instead of leaving the rest of a
/// page empty: the page a browser prints takes no more than a page more than plp's own PDF of
/// the same plan (each of the demo's three-goal plans took five pages against three).
#[test]
fn a_printed_plan_leaves_no_page_half_empty_before_each_goal() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    plp(&db).args(["demo", "--no-open"]).assert().success();
    for sis in ["212790", "213871"] {
        let page = dir.path().join(format!("{sis}.html"));
        let pdf = dir.path().join(format!("{sis}-plp.pdf"));
        for (format, out) in [("html", &page), ("pdf", &pdf)] {
            plp(&db)
                .args(["export", sis, "--format", format, "--out"])
                .arg(out)
                .assert()
                .success();
        }
        let Some(printed) = browser::printed_text(&page) else {
            return;
        };
        let Some(own) = browser::pdf_text(&pdf) else {
            return;
        };
        let pages = |t: &str| t.matches('\u{c}').count();
        assert!(
            pages(&own) >= 2 && pages(&printed) <= pages(&own) + 1,
            "{sis}: printed from the browser on {} pages, plp's PDF on {}:\n{printed}",
            pages(&printed),
            pages(&own)
        );
    }
}

/// Every page a family prints from the browser says whose plan it is, when it was printed, and
/// which page of how many it is, as plp's own PDF does; a page of several students' printouts
/// names on each page the student whose page it is.
#[test]
fn every_printed_page_names_the_student_and_its_page() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    plp(&db).args(["demo", "--no-open"]).assert().success();
    let page = dir.path().join("one.html");
    plp(&db)
        .args(["export", "212790", "--format", "html", "--out"])
        .arg(&page)
        .assert()
        .success();
    let html = std::fs::read_to_string(&page).unwrap();
    let name = html
        .split("<h1>")
        .nth(1)
        .and_then(|h| h.split("</h1>").next())
        .unwrap()
        .to_string();
    let Some(printed) = browser::printed_text(&page) else {
        return;
    };
    let pages: Vec<&str> = printed
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert!(pages.len() >= 2, "{printed}");
    for (i, p) in pages.iter().enumerate() {
        let foot = format!("Page {} of {}", i + 1, pages.len());
        assert!(
            p.contains(&foot) && p.contains(&name) && p.contains("Printed"),
            "page {} lacks its footer ({name} · Printed … · {foot}):\n{p}",
            i + 1
        );
    }
    // Two students in one page: each page names its own student, and no page number counts
    // the whole run as if it were one plan.
    let two = dir.path().join("two.db");
    let doc = dir.path().join("two.json");
    std::fs::write(&doc, two_students()).unwrap();
    plp(&two)
        .args(["import", "plan"])
        .arg(&doc)
        .assert()
        .success();
    let both = dir.path().join("both.html");
    plp(&two)
        .args([
            "export",
            "--advisor",
            "Ms. Rivera",
            "--one-file",
            "--format",
            "html",
            "--out",
        ])
        .arg(&both)
        .assert()
        .success();
    let Some(printed) = browser::printed_text(&both) else {
        return;
    };
    let pages: Vec<&str> = printed
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert_eq!(pages.len(), 2, "{printed}");
    for whose in ["Ana Quispe", "Ben <b>Ortiz</b> \"Jr\""] {
        let p = pages
            .iter()
            .find(|p| p.contains(&format!("{whose}\n")))
            .unwrap_or_else(|| panic!("no page for {whose}:\n{printed}"));
        assert!(
            p.lines().any(|l| l.contains(&format!("{whose} · Printed"))),
            "{whose}:\n{p}"
        );
        assert!(!p.contains("Page "), "{whose}:\n{p}");
    }
}

fn two_students() -> String {
    let one = |sis: &str, given: &str, family: &str| {
        format!(
            r#"{{"sis_id": "{sis}", "given_name": "{given}", "family_name": "{family}",
    "grade": 9, "advisor": "Ms. Rivera", "status": "active",
    "plans": [{{"school_year": "2026-27", "goals": [
      {{"key": "g1", "title": "Finish every lab report", "domain": "academic",
       "status": "active", "strategies": []}}]}}],
    "checkins": []}}"#
        )
    };
    format!(
        r#"{{"format": "plp", "version": 1, "exported": "2026-11-20", "students": [{}, {}]}}"#,
        one("600001", "Ana", "Quispe"),
        one("600002", "Ben", r#"<b>Ortiz</b> \"Jr\""#)
    )
}

/// A student's own words longer than what is left of the first page begin on it, under their
/// heading, and flow on to the next: the first page is not left holding only the header.
#[test]
fn long_own_words_begin_on_the_first_page() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    let said = |n: usize| {
        format!(
            "Saying{n}Begins here. {}",
            "I read with my grandma on Sundays and we talk about the story after, which \
             helps me remember who everyone is and what happened in the chapter before. "
                .repeat(6)
        )
    };
    let checkins: Vec<String> = ["2026-09-14", "2026-10-19", "2026-11-20"]
        .iter()
        .enumerate()
        .map(|(n, date)| {
            format!(
                r#"{{"date": "{date}", "kind": "check-in", "student_words": "{}"}}"#,
                said(n + 1)
            )
        })
        .collect();
    let doc = dir.path().join("plan.json");
    std::fs::write(
        &doc,
        format!(
            r#"{{"format": "plp", "version": 1, "exported": "2026-11-20", "students": [{{
    "sis_id": "500001", "given_name": "Lucía", "family_name": "Fernández",
    "grade": 9, "advisor": "Ms. Rivera", "status": "active",
    "plans": [{{"school_year": "2026-27", "goals": [
      {{"key": "g1", "title": "Read one chapter book each month", "domain": "academic",
       "status": "active", "strategies": []}}]}}],
    "checkins": [{}]}}]}}"#,
            checkins.join(", ")
        ),
    )
    .unwrap();
    let page = imported_and_printed(&db, &doc, &dir.path().join("words.html"));
    let Some(printed) = browser::printed_text(&page) else {
        return;
    };
    let first = printed.split('\u{c}').next().unwrap_or_default();
    assert!(
        first.contains("In Lucía's own words") && first.contains("Saying3Begins here."),
        "the first page holds only:\n{first}\n\nall pages:\n{printed}"
    );
}

/// The team page printed from a browser: every table keeps its dates and its changes whole on
/// one line (before, a table squeezed to the page broke "2026-10-\n31" and "+0.0\npoints", and
/// the page's margin cut off its right-hand border).
#[test]
fn the_team_page_prints_its_tables_whole() {
    let (dir, db) = common::demo_db();
    let page = dir.path().join("team.html");
    let mut c = plp(&db);
    c.args(["report", "trends", "--format", "html", "--out"])
        .arg(&page);
    let (code, _, err) = run(c);
    assert_eq!(code, 0, "{err}");
    let Some(text) = browser::printed_text(&page) else {
        return;
    };
    let mut tables = 0;
    for line in text.lines() {
        let line = line.trim_end();
        assert!(
            !line.ends_with('-') || !line.contains("20"),
            "a date broken at its hyphen: {line:?}"
        );
        assert!(line.trim() != "points", "a change broken from its number");
        if line.trim_start().ends_with("change") {
            tables += 1;
            assert!(
                line.matches(" to ").count() == 2,
                "each period's heading on one line: {line:?}"
            );
        }
    }
    assert!(tables >= 3, "{text}");
    assert!(text.contains(" points"), "{text}");
}

/// A plan of five goals, each with a title of two lines, a reason of its own length, a chart
/// and three strategies, so that goals begin at many heights of a page (with a goal's
/// heading, as the style was, the last thing on two of them).
fn long_goals() -> String {
    let why = [30, 60, 15, 45, 80];
    let strategy = |g: usize, s: usize| {
        format!(
            r#"{{"key": "s{g}{s}", "what": "Strategy {s} {}", "owner": "student", "frequency": "daily", "status": "active"}}"#,
            "with lots of words ".repeat(3)
        )
    };
    let goal = |g: usize| {
        let strategies: Vec<String> = (0..3).map(|s| strategy(g, s)).collect();
        format!(
            r#"{{"key": "g{g}", "title": "Goal number {g} with a fairly long title that goes on and on to test how wrapping works in the printout heading",
              "domain": "career", "why": "{}", "measure": "Pages read", "baseline": "0", "target": "10",
              "target_date": "2027-05-01", "status": "active", "strategies": [{}]}}"#,
            "Because ".repeat(why[g - 1]).trim(),
            strategies.join(", ")
        )
    };
    let dates = [
        "2026-09-01",
        "2026-09-08",
        "2026-09-15",
        "2026-09-22",
        "2026-09-29",
        "2026-10-06",
        "2026-10-13",
        "2026-10-20",
        "2026-10-27",
        "2026-11-03",
        "2026-11-10",
        "2026-11-17",
    ];
    let checkins: Vec<String> = dates
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let progress: Vec<String> = (1..=5)
                .map(|g| format!(r#"{{"goal": "g{g}", "rating": {}}}"#, (i + g) % 4 + 1))
                .collect();
            format!(
                r#"{{"date": "{d}", "kind": "check-in", "student_words": "Week {i} went fine",
                  "progress": [{}], "verdicts": [{{"strategy": "s10", "verdict": "working"}}]}}"#,
                progress.join(", ")
            )
        })
        .collect();
    let goals: Vec<String> = (1..=5).map(goal).collect();
    format!(
        r#"{{"format": "plp", "version": 1, "exported": "2026-11-20", "students": [{{
    "sis_id": "500001", "given_name": "Lucía", "family_name": "Fernández",
    "grade": 9, "advisor": "Ms. Rivera", "status": "active",
    "plans": [{{"school_year": "2026-27", "goals": [{}]}}],
    "checkins": [{}]}}]}}"#,
        goals.join(", "),
        checkins.join(", ")
    )
}

/// Printed from a browser, a goal breaks across pages as plp's PDF breaks it: its heading whole
/// and never the last thing on a page, each chart whole on one page, and no frame left empty
/// at a page's foot (a goal is not framed in print; before, a goal's frame held only its
/// heading at the foot of a page, or stood empty there where its chart had moved on).
#[test]
fn goals_break_across_printed_pages_with_headings_and_charts_whole() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    let doc = dir.path().join("plan.json");
    std::fs::write(&doc, long_goals()).unwrap();
    let page = imported_and_printed(&db, &doc, &dir.path().join("long.html"));
    let html = std::fs::read_to_string(&page).unwrap();
    let print = html
        .split("@media print{")
        .nth(1)
        .expect("a style for print");
    assert!(
        print.contains("section.goal{border:0"),
        "a goal is not framed in print"
    );
    for rule in [
        "h2{font-size:1.25em;margin:1.4em 0 .4em;border-bottom:1px solid #888;padding-bottom:.15em;break-inside:avoid;break-after:avoid}",
        "figure{margin:.5em 0;break-inside:avoid",
    ] {
        assert!(html.contains(rule), "{rule}");
    }
    let Some(printed) = browser::printed_text(&page) else {
        return;
    };
    let pages: Vec<&str> = printed
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    let titles: Vec<String> = (1..=5)
        .map(|g| format!("Goal number {g} with a fairly long title that goes on and on to test how wrapping works in the printout heading"))
        .collect();
    for title in &titles {
        assert!(
            pages.iter().any(|p| joined(p).contains(&joined(title))),
            "{title:?} is split across pages:\n{printed}"
        );
    }
    for (i, p) in pages.iter().enumerate().take(pages.len() - 1) {
        // The last line of the page above its footer.
        let last = p
            .lines()
            .map(str::trim)
            .rfind(|l| !l.is_empty() && !l.contains(" · Printed "))
            .unwrap_or_default();
        assert!(
            !last.starts_with("GOAL ") && !titles.iter().any(|t| t.contains(last)),
            "page {} ends with a goal's heading ({last:?}):\n{p}",
            i + 1
        );
        assert_eq!(
            p.matches("Progress at each check-in").count(),
            p.matches("1 no progress yet · 2 some progress").count(),
            "page {} holds part of a chart:\n{p}",
            i + 1
        );
    }
}

/// Brings the plan document `doc` into `db` and prints student 500001's English HTML printout
/// to `page`.
fn imported_and_printed(
    db: &std::path::Path,
    doc: &std::path::Path,
    page: &std::path::Path,
) -> std::path::PathBuf {
    plp(db).args(["import", "plan"]).arg(doc).assert().success();
    plp(db)
        .args([
            "export", "500001", "--format", "html", "--lang", "en", "--out",
        ])
        .arg(page)
        .assert()
        .success();
    page.to_path_buf()
}
