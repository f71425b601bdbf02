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
