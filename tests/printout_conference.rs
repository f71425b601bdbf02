//! Conference night through the real binary: a printout per active student in a folder with an
//! index, or all of them in one file.

mod common;
use common::{demo_db, fails_with, plp, run, snapshot_dir};

/// The demo's active students as (family name, sis id), sorted by family name.
fn active(db: &std::path::Path, grade: Option<&str>) -> Vec<(String, String, i64)> {
    let mut c = plp(db);
    c.args(["students", "--format", "json"]);
    let (_, out, _) = run(c);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let mut rows: Vec<(String, String, i64)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["family_name"].as_str().unwrap().to_string(),
                s["sis_id"].as_str().unwrap().to_string(),
                s["grade"].as_i64().unwrap(),
            )
        })
        .filter(|r| grade.is_none_or(|g| r.2.to_string() == g))
        .collect();
    rows.sort();
    rows
}

#[test]
fn a_folder_holds_one_printout_per_active_student_and_an_index() {
    let (dir, db) = demo_db();
    let out = dir.path().join("night");
    let mut c = plp(&db);
    c.args(["export", "--all", "--format", "html", "--out"])
        .arg(&out);
    let (code, stdout, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.is_empty(),
        "no progress bar when stderr is not a terminal: {err}"
    );
    let students = active(&db, None);
    assert_eq!(students.len(), 23);
    assert!(
        stdout.contains("wrote 23 printouts and index.html"),
        "{stdout}"
    );
    let mut files: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|f| f != "index.html")
        .collect();
    files.sort();
    assert_eq!(files.len(), 23);
    // Sorted by file name is sorted by family name, and each file names its student's id.
    for (file, (_, sis, _)) in files.iter().zip(&students) {
        assert!(file.ends_with(&format!("_{sis}.html")), "{file} vs {sis}");
    }
    assert!(
        !files.iter().any(|f| f.starts_with("doherty")),
        "inactive left out"
    );
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    let mut last = 0;
    for f in &files {
        let at = index.find(&format!("href=\"{f}\"")).expect("indexed");
        assert!(at > last, "index in family-name order");
        last = at;
    }
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(out.join(&files[0]))
            .unwrap()
            .permissions()
            .mode()
            & 0o777,
        0o600
    );
}

#[test]
fn grade_and_advisor_choose_the_students() {
    let (dir, db) = demo_db();
    let nines = active(&db, Some("9"));
    assert!(!nines.is_empty());
    let out = dir.path().join("g9");
    let mut c = plp(&db);
    c.args(["export", "--grade", "9", "--format", "html", "--out"])
        .arg(&out);
    let (code, _, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), nines.len() + 1);
    // An advisor no student has: refused, nothing written.
    let none = dir.path().join("none");
    let mut c = plp(&db);
    c.args([
        "export",
        "--advisor",
        "Nobody Atall",
        "--format",
        "pdf",
        "--out",
    ])
    .arg(&none);
    fails_with(c, 1, "no active students match: Nobody Atall");
    assert!(!none.exists());
    // One advisor's students are a part of the whole.
    let mut c = plp(&db);
    c.args(["students", "--format", "json"]);
    let (_, list, _) = run(c);
    let v: serde_json::Value = serde_json::from_str(&list).unwrap();
    let advisor = v[0]["advisor"].as_str().unwrap().to_string();
    let theirs = v
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["advisor"] == advisor.as_str())
        .count();
    let out = dir.path().join("adv");
    let mut c = plp(&db);
    c.args(["export", "--advisor", &advisor, "--format", "html", "--out"])
        .arg(&out);
    let (code, _, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), theirs + 1);
}

#[test]
fn one_file_holds_every_student_with_a_page_break_between() {
    let (dir, db) = demo_db();
    let students = active(&db, Some("10"));
    let html = dir.path().join("grade10.html");
    let mut c = plp(&db);
    c.args([
        "export",
        "--grade",
        "10",
        "--format",
        "html",
        "--one-file",
        "--out",
    ])
    .arg(&html);
    let (code, _, err) = run(c);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&html).unwrap();
    assert_eq!(text.matches("<article").count(), students.len());
    assert!(text.contains("article+article{break-before:page"));
    let pdf = dir.path().join("grade10.pdf");
    let mut c = plp(&db);
    c.args([
        "export",
        "--grade",
        "10",
        "--format",
        "pdf",
        "--one-file",
        "--out",
    ])
    .arg(&pdf);
    let (code, _, err) = run(c);
    assert_eq!(code, 0, "{err}");
    let Some(text) = pdftotext(&pdf) else { return };
    // Each student starts a page: their name follows a form feed (or opens the file).
    let pages: Vec<&str> = text.split('\u{c}').collect();
    for (family, _, _) in &students {
        assert!(
            pages.iter().any(|p| p
                .trim_start()
                .lines()
                .take(4)
                .any(|l| l.contains(family.as_str()))),
            "{family} starts a page"
        );
    }
}

/// Printed on both sides, one file of many printouts never puts two students on one sheet:
/// each starts on the front of a sheet, the back of a printout of an odd number of pages says
/// only that it is left blank, and each student's pages are numbered as their own.
#[test]
fn one_pdf_starts_each_student_on_a_sheet_of_their_own() {
    let (dir, db) = demo_db();
    let students = active(&db, Some("9"));
    let pdf = dir.path().join("grade9.pdf");
    let mut c = plp(&db);
    c.args([
        "export",
        "--grade",
        "9",
        "--format",
        "pdf",
        "--lang",
        "en",
        "--one-file",
        "--out",
    ])
    .arg(&pdf);
    let (code, _, err) = run(c);
    assert_eq!(code, 0, "{err}");
    let Some(text) = pdftotext(&pdf) else { return };
    let mut pages: Vec<&str> = text.split('\u{c}').collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    // The footer of a page: (whose, page, of how many).
    let footer = |page: &str| -> Option<(String, usize, usize)> {
        let line = page.lines().find(|l| l.contains(" · Printed "))?;
        let (whose, rest) = line.split_once(" · Printed ")?;
        let (_, numbers) = rest.rsplit_once(" · Page ")?;
        let (n, of) = numbers.trim().split_once(" of ")?;
        Some((whose.to_string(), n.parse().ok()?, of.parse().ok()?))
    };
    let (mut at, mut printouts, mut blanks) = (0, 0, 0);
    while at < pages.len() {
        assert_eq!(
            at % 2,
            0,
            "page {} starts a printout on the back of a sheet",
            at + 1
        );
        let (whose, first, of) = footer(pages[at])
            .unwrap_or_else(|| panic!("page {} has no footer:\n{}", at + 1, pages[at]));
        assert_eq!(first, 1, "page {}: {}", at + 1, pages[at]);
        for n in 1..=of {
            let page = pages.get(at + n - 1).copied().unwrap_or_default();
            assert_eq!(
                footer(page),
                Some((whose.clone(), n, of)),
                "page {}:\n{page}",
                at + n
            );
        }
        at += of;
        printouts += 1;
        if of % 2 == 1 && at < pages.len() {
            assert_eq!(
                pages[at].trim(),
                "This page is left blank.",
                "page {} after {whose}'s {of} pages",
                at + 1
            );
            at += 1;
            blanks += 1;
        }
    }
    assert_eq!(printouts, students.len());
    assert!(
        blanks > 0,
        "grade 9 holds a printout of an odd number of pages"
    );
}

#[test]
fn conference_night_refuses_what_it_cannot_do_and_writes_nothing() {
    let (dir, db) = demo_db();
    let before = snapshot_dir(dir.path());
    let mut c = plp(&db);
    c.args(["export", "--all", "--format", "html"]);
    fails_with(c, 1, "--out DIR");
    let mut c = plp(&db);
    c.args(["export", "--all", "--format", "md", "--out"])
        .arg(dir.path().join("x"));
    fails_with(c, 1, "html or pdf");
    let mut c = plp(&db);
    c.args([
        "export", "--all", "--format", "html", "--lang", "xx", "--out",
    ])
    .arg(dir.path().join("x"));
    fails_with(c, 1, "no printout in the language");
    let mut c = plp(&db);
    c.args(["export", "--grade", "banana", "--format", "html", "--out"])
        .arg(dir.path().join("x"));
    fails_with(c, 1, "--grade");
    let mut c = plp(&db);
    c.args(["export", "--all", "--format", "html", "--out"])
        .arg(&db);
    fails_with(c, 1, "is not a folder");
    let mut c = plp(&db);
    c.args(["export", "Okafor", "--one-file", "--format", "html"]);
    fails_with(c, 1, "--one-file is for several students");
    assert_eq!(snapshot_dir(dir.path()), before, "nothing written");
}

fn pdftotext(pdf: &std::path::Path) -> Option<String> {
    match std::process::Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
    {
        Ok(o) if o.status.success() => Some(String::from_utf8_lossy(&o.stdout).to_string()),
        Ok(o) => panic!("pdftotext failed: {}", String::from_utf8_lossy(&o.stderr)),
        Err(e) => {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("pdftotext is needed under CI (apt-get install poppler-utils): {e}");
            }
            eprintln!("skipped: pdftotext is not installed (apt-get install poppler-utils)");
            None
        }
    }
}

/// A name as long as plp takes (200 letters, given and family each) makes a file name the file
/// system takes: every printout and the index are written.
#[test]
fn a_very_long_name_still_makes_its_printout_and_the_index() {
    let (dir, db) = demo_db();
    let roster = dir.path().join("long.csv");
    let long = "A".repeat(200);
    std::fs::write(
        &roster,
        format!(
            "Student Number,First Name,Last Name,Grade\n100301,{long},Longname{},9\n",
            &long[..192]
        ),
    )
    .unwrap();
    plp(&db)
        .args(["import", "roster"])
        .arg(&roster)
        .assert()
        .success();
    let out = dir.path().join("night");
    let mut c = plp(&db);
    c.args(["export", "--all", "--format", "html", "--out"])
        .arg(&out);
    let (code, stdout, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert!(
        stdout.contains("wrote 24 printouts and index.html"),
        "{stdout}"
    );
    let long_file = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .find(|f| f.starts_with("longnameaaa"))
        .expect("the long name's printout");
    assert!(
        long_file.len() < 200 && long_file.ends_with("_100301.html"),
        "{long_file}"
    );
}
