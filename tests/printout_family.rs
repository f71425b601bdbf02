//! The family printout through the real binary: what it leaves out unless asked for by name,
//! what it never shows as current, its languages, and its PDF.

mod common;
use common::{fails_with, plp, run};
use std::path::{Path, PathBuf};

/// One student whose record holds every case a printout must get right. Each piece of text
/// that must stay out carries a distinctive word HTML does not escape.
const PLAN: &str = r#"{
  "format": "plp", "version": 1, "exported": "2026-11-20",
  "students": [{
    "sis_id": "500001", "given_name": "Lucía", "family_name": "Fernández",
    "grade": 9, "advisor": "Ms. Rivera", "status": "active",
    "profile": {"strengths": "Patient with younger kids"},
    "team": [{"name": "Rosa Fernández", "role": "mother", "contact": "555-0101"}],
    "plans": [{"school_year": "2026-27", "goals": [
      {"key": "g1", "title": "Read one chapter book each month", "domain": "academic",
       "why": "Reading opens every other subject", "measure": "Chapter books finished", "baseline": "One last year", "target": "Eight books", "target_date": "2027-05-28",
       "status": "active", "strategies": [
        {"key": "s1", "what": "Reading log with Grandma on Sundays", "owner": "student", "frequency": "weekly", "status": "active"},
        {"key": "s2", "what": "Audiobooks on the bus ZQXDROPPED", "owner": "student", "status": "dropped"},
        {"key": "s3", "what": "Library visit ZQXREVISED", "owner": "librarian", "status": "revised"}
      ]},
      {"key": "g2", "title": "Hand in every science lab on time", "domain": "academic", "status": "met",
       "strategies": [{"key": "s4", "what": "Planner check at lunch", "owner": "advisor", "status": "active"}]},
      {"key": "g3", "title": "Join the chess club ZQXGOALDROPPED", "domain": "personal", "status": "dropped",
       "strategies": []}
    ]}],
    "checkins": [
      {"date": "2026-09-14", "kind": "check-in", "student_words": "I want to read more BLUEKITE",
       "progress": [{"goal": "g1", "rating": 2}, {"goal": "g2", "rating": 3}],
       "verdicts": [{"strategy": "s1", "verdict": "working"}, {"strategy": "s2", "verdict": "not-working"}],
       "notes": "Grandma works until 6 ZQXNOTE", "restricted": false,
       "next_steps": [{"text": "Old step ZQXOLDSTEP", "owner": "student"}], "next_date": "2026-10-19"},
      {"date": "2026-10-19", "kind": "check-in", "student_words": "Chapter books are okay now",
       "progress": [{"goal": "g1", "rating": 3}, {"goal": "g2", "rating": 4}],
       "verdicts": [{"strategy": "s1", "verdict": "partly", "note": "only on weekends ZQXVNOTE"}],
       "notes": "Family matter ZQXRESTRICTED", "restricted": true,
       "next_steps": [{"text": "Pick the next book", "owner": "Lucía"}, {"text": "Send the reading list home", "owner": "Ms. Rivera"}],
       "next_date": "2026-12-07"}
    ]
  }]
}"#;

fn fixture() -> (tempfile::TempDir, PathBuf) {
    file_of(PLAN)
}

/// A new file holding the plan document `text`, brought in by `plp import plan`.
fn file_of(text: &str) -> (tempfile::TempDir, PathBuf) {
    file_of_on(text, "2026-11-24")
}

/// [`file_of`], imported on `today` (after every check-in the document holds).
fn file_of_on(text: &str, today: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    let plan = dir.path().join("plan.json");
    std::fs::write(&plan, text).unwrap();
    plp(&db)
        .env("PLP_TODAY", today)
        .args(["import", "plan"])
        .arg(&plan)
        .assert()
        .success();
    (dir, db)
}

fn export(db: &Path, extra: &[&str]) -> String {
    let mut c = plp(db);
    c.args(["export", "500001"]).args(extra);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    out
}

#[test]
fn notes_and_restricted_material_stay_out_unless_asked_for_by_name() {
    let (_d, db) = fixture();
    for format in ["md", "html"] {
        let f = ["--format", format];
        let plain = export(&db, &f);
        for secret in ["ZQXNOTE", "ZQXRESTRICTED", "ZQXVNOTE"] {
            assert!(
                !plain.contains(secret),
                "{format} without flags holds {secret}"
            );
        }
        let restricted_only = export(&db, &[&f[..], &["--include-restricted"]].concat());
        for secret in ["ZQXNOTE", "ZQXRESTRICTED", "ZQXVNOTE"] {
            assert!(
                !restricted_only.contains(secret),
                "{format} with --include-restricted alone holds the note {secret}"
            );
        }
        let notes = export(&db, &[&f[..], &["--include-notes"]].concat());
        assert!(notes.contains("ZQXNOTE"), "{format}: notes when asked");
        assert!(
            !notes.contains("ZQXRESTRICTED"),
            "{format}: restricted stays out"
        );
        assert!(
            !notes.contains("ZQXVNOTE"),
            "{format}: a restricted check-in's verdict note"
        );
        let all = export(
            &db,
            &[&f[..], &["--include-notes", "--include-restricted"]].concat(),
        );
        assert!(all.contains("ZQXNOTE") && all.contains("ZQXRESTRICTED"));
        assert!(all.contains("ZQXVNOTE"));
    }
}

/// The part of a printout before the list of what was changed.
fn before_changes(text: &str, heading: &str) -> String {
    let at = text
        .find(heading)
        .expect("the printout lists what was changed");
    text[..at].to_string()
}

#[test]
fn dropped_and_revised_strategies_and_goals_never_appear_as_current() {
    let (_d, db) = fixture();
    let md = export(&db, &["--format", "md"]);
    let current = before_changes(&md, "## What we changed this year");
    for gone in ["ZQXDROPPED", "ZQXREVISED", "ZQXGOALDROPPED"] {
        assert!(
            !current.contains(gone),
            "{gone} shown as current:\n{current}"
        );
    }
    assert!(current.contains("Reading log with Grandma on Sundays"));
    let changed = &md[current.len()..];
    assert!(
        // The reading log was in use beside them all along: it replaced neither.
        changed.contains("We tried \"Audiobooks on the bus ZQXDROPPED\" and \"Library visit ZQXREVISED\"; we have stopped them."),
        "{changed}"
    );
    assert!(changed.contains("We set aside the goal \"Join the chess club ZQXGOALDROPPED\"."));
    let html = export(&db, &["--format", "html"]);
    let current = before_changes(&html, "<h2>What we changed this year</h2>");
    for gone in ["ZQXDROPPED", "ZQXREVISED", "ZQXGOALDROPPED"] {
        assert!(!current.contains(gone), "html shows {gone} as current");
    }
}

#[test]
fn the_printout_reads_as_a_family_reads() {
    let (_d, db) = fixture();
    let md = export(&db, &["--format", "md"]);
    // The student's own words come before the goals.
    let words = md.find("I want to read more BLUEKITE").unwrap();
    assert!(words < md.find("Read one chapter book each month").unwrap());
    assert!(
        md.find("Chapter books are okay now").unwrap() < words,
        "newest first"
    );
    for expected in [
        "Printed 24 November 2026",
        "Advisor: Ms. Rivera",
        // The aim is read against its measure and where the student started.
        "**How we will know:** Chapter books finished",
        "**Where we started:** One last year",
        "**Where we are aiming:** Eight books (by 28 May 2027)",
        "Who: Lucía · How often: weekly",
        "Goal met. Well done!",
        "At the check-in on 19 October 2026: partly working",
        "Pick the next book",
        "Who: Ms. Rivera",
        "7 December 2026",
        "14 Sep ▄ 2 · 19 Oct ▆ 3",
        "are not translated",
    ] {
        assert!(md.contains(expected), "missing {expected:?}:\n{md}");
    }
    for iso in [
        "2026-09-14",
        "2026-10-19",
        "2026-12-07",
        "2027-05-28",
        "2026-11-24",
    ] {
        assert!(!md.contains(iso), "no ISO dates:\n{md}");
    }
    assert!(!md.contains("ZQXOLDSTEP"), "only the latest next steps");
    let html = export(&db, &["--format", "html"]);
    assert!(html.contains("<svg class=\"chart\""), "a chart per goal");
    assert!(html.contains("Lucía Fernández"));
}

#[test]
fn spanish_printouts_translate_the_fixed_words_only() {
    let (_d, db) = fixture();
    let md = export(&db, &["--format", "md", "--lang", "es"]);
    for expected in [
        "Próximos pasos",
        "Impreso el 24 de noviembre de 2026",
        "7 de diciembre de 2026",
        "Meta cumplida. ¡Enhorabuena!",
        "Cómo lo sabremos",
        "Dónde empezamos",
        "Quién: Lucía · Con qué frecuencia: weekly",
        "no se traducen",
        // The student's and advisor's text stays as written.
        "Chapter books are okay now",
        "Pick the next book",
    ] {
        assert!(md.contains(expected), "missing {expected:?}:\n{md}");
    }
    assert!(!md.contains("Next steps"));
    let html = export(&db, &["--format", "html", "--lang", "es"]);
    assert!(html.contains("<html lang=\"es\">"));
    let mut c = plp(&db);
    c.args(["export", "500001", "--lang", "tlh"]);
    fails_with(
        c,
        1,
        "there is no printout in Klingon (\"tlh\") (available: en, es)",
    );
}

/// A strategy's verdict is told with the day of the check-in that gave it: a later check-in
/// that did not rate the strategy does not make it "the last check-in's".
#[test]
fn a_verdict_says_the_check_in_that_gave_it() {
    let (_d, db) = fixture();
    let mut c = plp(&db);
    c.args([
        "checkin",
        "500001",
        "--date",
        "2026-11-02",
        "--said",
        "Busy month",
    ]);
    let (code, _, err) = run(c);
    assert_eq!(code, 0, "{err}");
    for (lang, said) in [
        ("en", "At the check-in on 19 October 2026: partly working"),
        (
            "es",
            "En la reunión del 19 de octubre de 2026: funciona en parte",
        ),
    ] {
        let md = export(&db, &["--format", "md", "--lang", lang]);
        let log = md
            .split("Reading log with Grandma on Sundays")
            .nth(1)
            .and_then(|after| after.split("\n\n").next())
            .unwrap_or_else(|| panic!("{md}"));
        assert!(log.contains(said), "{lang}: {log}");
        assert!(
            !log.contains("2 November") && !log.contains("2 de noviembre"),
            "{log}"
        );
        let html = export(&db, &["--format", "html", "--lang", lang]);
        assert!(html.contains(said), "{lang}: {html}");
    }
}

/// The people who do a next step or help with a strategy, typed as the part they play, are
/// named in the family's words; the student and the advisor by name; a name as typed.
#[test]
fn owners_typed_as_their_part_are_put_into_the_familys_language() {
    let plan = r#"{
  "format": "plp", "version": 1, "exported": "2026-11-20",
  "students": [{
    "sis_id": "500001", "given_name": "Lucía", "family_name": "Fernández",
    "grade": 9, "advisor": "Ms. Rivera", "status": "active",
    "plans": [{"school_year": "2026-27", "goals": [
      {"key": "g1", "title": "Read one chapter book each month", "domain": "academic",
       "status": "active", "strategies": [
        {"key": "s1", "what": "Reading log", "owner": "the counselor", "status": "active"},
        {"key": "s2", "what": "Quiet room for tests", "owner": "Case Manager", "status": "active"},
        {"key": "s3", "what": "Library visit", "owner": "Coach Perez", "status": "active"}
      ]}
    ]}],
    "checkins": [
      {"date": "2026-10-19", "kind": "check-in", "student_words": "Okay",
       "next_steps": [
         {"text": "Sign reading log", "owner": "parent"},
         {"text": "Pick the next book", "owner": "student and mom"},
         {"text": "Send the list home", "owner": "advisor"},
         {"text": "Bring the form", "owner": "parent/guardian"},
         {"text": "Call the library", "owner": "Rosa Fernández"}
       ],
       "next_date": "2026-12-07"}
    ]
  }]
}"#;
    let (_d, db) = file_of(plan);
    for (lang, who) in [
        (
            "es",
            [
                "- Reading log  \n  Quién: consejero o consejera escolar",
                "- Quiet room for tests  \n  Quién: coordinador o coordinadora del caso",
                "- Library visit  \n  Quién: Coach Perez",
                "- Sign reading log  \n  Quién: madre o padre",
                "- Pick the next book  \n  Quién: Lucía y mamá",
                "- Send the list home  \n  Quién: Ms. Rivera",
                "- Bring the form  \n  Quién: madre, padre o tutor legal",
                "- Call the library  \n  Quién: Rosa Fernández",
            ],
        ),
        (
            "en",
            [
                "- Reading log  \n  Who: counselor",
                "- Quiet room for tests  \n  Who: case manager",
                "- Library visit  \n  Who: Coach Perez",
                "- Sign reading log  \n  Who: parent",
                "- Pick the next book  \n  Who: Lucía and mom",
                "- Send the list home  \n  Who: Ms. Rivera",
                "- Bring the form  \n  Who: parent or guardian",
                "- Call the library  \n  Who: Rosa Fernández",
            ],
        ),
    ] {
        let md = export(&db, &["--format", "md", "--lang", lang]);
        for line in who {
            assert!(md.contains(line), "{lang}: missing {line:?}:\n{md}");
        }
    }
    let html = export(&db, &["--format", "html", "--lang", "es"]);
    assert!(
        html.contains("<span class=\"detail\">Quién: madre o padre</span>"),
        "{html}"
    );
}

/// `pdftotext`, or None (with the reason printed) when it is not installed outside CI.
pub fn pdftotext(pdf: &Path) -> Option<String> {
    let out = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(pdf)
        .arg("-")
        .output();
    match out {
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

#[test]
fn pdf_text_can_be_extracted_with_the_name_goals_and_accents() {
    let (d, db) = fixture();
    for (lang, paper, heading) in [
        ("en", "letter", "Next steps"),
        ("es", "a4", "Próximos pasos"),
    ] {
        let file = d.path().join(format!("lucia-{lang}.pdf"));
        let mut c = plp(&db);
        c.args([
            "export", "500001", "--format", "pdf", "--lang", lang, "--paper", paper, "--out",
        ])
        .arg(&file);
        let (code, _, err) = run(c);
        assert_eq!(code, 0, "{err}");
        let bytes = std::fs::read(&file).unwrap();
        assert!(bytes.starts_with(b"%PDF-"));
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
            0o600
        );
        let Some(text) = pdftotext(&file) else { return };
        for expected in [
            "Lucía Fernández",
            "Read one chapter book each month",
            "Hand in every science lab on time",
            heading,
        ] {
            assert!(
                text.contains(expected),
                "{lang}: missing {expected:?}:\n{text}"
            );
        }
        for secret in ["ZQXNOTE", "ZQXRESTRICTED", "ZQXOLDSTEP"] {
            assert!(!text.contains(secret), "{lang}: {secret} in the PDF");
        }
        // The page size asked for.
        let info = std::process::Command::new("pdfinfo")
            .arg(&file)
            .output()
            .unwrap();
        let info = String::from_utf8_lossy(&info.stdout);
        let size = if paper == "a4" {
            "595.28 x 841.89"
        } else {
            "612 x 792"
        };
        assert!(info.contains(size), "{paper}: {info}");
    }
}

#[test]
fn a_pdf_is_not_sent_to_a_terminal_but_goes_down_a_pipe() {
    let (_d, db) = fixture();
    let mut c = plp(&db);
    c.args(["export", "500001", "--format", "pdf"]);
    let out = c.output().unwrap();
    assert!(out.status.success());
    assert!(out.stdout.starts_with(b"%PDF-"), "a pipe gets the PDF");
}

#[test]
fn a_check_in_restricted_whole_stays_out_unless_asked_for() {
    let (d, db) = fixture();
    let plan = d.path().join("whole.json");
    let whole = r#"{"format": "plp", "version": 1, "students": [{"sis_id": "500001",
        "given_name": "Lucía", "family_name": "Fernández", "grade": 9, "status": "active",
        "checkins": [{"date": "2026-11-02", "kind": "parent", "student_words": "Words ZQXWHOLEWORDS",
        "notes": "Notes ZQXWHOLENOTES", "restricted": true, "restricted_whole": true,
        "next_steps": [{"text": "Step ZQXWHOLESTEP", "owner": "advisor"}], "next_date": "2026-12-01"}]}]}"#;
    std::fs::write(&plan, whole).unwrap();
    let mut c = plp(&db);
    c.args(["import", "plan"]).arg(&plan);
    let (code, _, err) = run(c);
    assert_eq!(code, 0, "{err}");
    let mut c = plp(&db);
    c.args(["show", "500001", "--format", "json"]);
    let (_, shown, _) = run(c);
    assert!(shown.contains("ZQXWHOLESTEP"), "the check-in is stored");
    let plain = export(&db, &["--format", "md", "--include-notes"]);
    for secret in ["ZQXWHOLEWORDS", "ZQXWHOLESTEP", "ZQXWHOLENOTES"] {
        assert!(!plain.contains(secret), "{secret} in:\n{plain}");
    }
    // The latest check-in the family may see still gives the next steps; the next meeting is
    // the one the latest check-in of all set (its day is no secret), as the caseload has it.
    assert!(plain.contains("Pick the next book"), "{plain}");
    // Said to be from that meeting: a later one, not shown, may have settled some of them.
    assert!(
        plain.contains("*Agreed at the meeting of 19 October 2026; a later meeting may have settled some of them.*"),
        "{plain}"
    );
    assert!(plain.contains("1 December 2026"), "{plain}");
    assert!(!plain.contains("7 December 2026"), "{plain}");
    let asked = export(&db, &["--format", "md", "--include-restricted"]);
    assert!(asked.contains("ZQXWHOLEWORDS") && asked.contains("ZQXWHOLESTEP"));
    assert!(
        !asked.contains("Agreed at the meeting"),
        "the latest meeting's own steps"
    );
    assert!(
        !asked.contains("ZQXWHOLENOTES"),
        "notes still need --include-notes"
    );
    // Moved on without --include-restricted, it is a meeting on its day, with nothing of what
    // was said or rated.
    let moved = d.path().join("moved.json");
    let mut c = plp(&db);
    c.args(["export", "--all", "--format", "json", "--out"])
        .arg(&moved);
    let (code, _, err) = run(c);
    assert_eq!(code, 0, "{err}");
    let elsewhere = d.path().join("elsewhere.db");
    let mut c = plp(&elsewhere);
    c.args(["import", "plan"]).arg(&moved);
    let (code, _, err) = run(c);
    assert_eq!(code, 0, "{err}");
    let mut c = plp(&elsewhere);
    c.args(["show", "500001"]);
    let (_, shown, _) = run(c);
    assert!(
        shown.contains("2026-11-02 parent conference [whole check-in restricted]"),
        "{shown}"
    );
    assert!(!shown.contains("unknown kind"), "{shown}");
}

/// Steps agreed at a meeting the family sees, then a quick note with none, then a meeting
/// restricted whole: the page names the day the steps were agreed, not the quick note's, and
/// nothing of the meeting restricted whole.
#[test]
fn steps_say_the_meeting_that_agreed_them_after_a_later_one_restricted_whole() {
    let (_d, db) = fixture();
    for args in [
        &["--date", "2026-11-02", "--said", "Quick hello ZQXQUICK"][..],
        &[
            "--date",
            "2026-11-10",
            "--said",
            "Words ZQXLATERWHOLE",
            "--notes",
            "Notes ZQXLATERWHOLE",
            "--restricted",
            "whole",
        ][..],
    ] {
        let mut c = plp(&db);
        c.args(["checkin", "500001"]).args(args);
        let (code, _, err) = run(c);
        assert_eq!(code, 0, "{err}");
    }
    let plain = export(&db, &["--format", "md", "--lang", "en"]);
    assert!(plain.contains("Pick the next book"), "{plain}");
    assert!(plain.contains("Quick hello ZQXQUICK"), "{plain}");
    assert!(
        plain.contains("*Agreed at the meeting of 19 October 2026; a later meeting may have settled some of them.*"),
        "{plain}"
    );
    assert!(!plain.contains("2 November 2026;"), "{plain}");
    assert!(!plain.contains("ZQXLATERWHOLE"), "{plain}");
    assert!(!plain.contains("10 November 2026"), "{plain}");
}

/// `plp` with its settings in `config` (and no advisor from the environment).
fn plp_set(db: &Path, config: &Path) -> assert_cmd::Command {
    let mut c = plp(db);
    c.env("XDG_CONFIG_HOME", config).env_remove("PLP_ADVISOR");
    c
}

/// A printout of `who` as `format` (md, html or pdf, the PDF's text by `pdftotext`), replacing
/// the one printed before.
fn printed(db: &Path, config: &Path, who: &str, format: &str) -> Option<String> {
    let file = config.with_file_name(format!("{who}.{format}"));
    let mut c = plp_set(db, config);
    c.args(["export", who, "--format", format, "--force", "--out"])
        .arg(&file);
    let (code, _, err) = run(c);
    assert_eq!(code, 0, "{err}");
    if format == "pdf" {
        pdftotext(&file)
    } else {
        Some(std::fs::read_to_string(&file).unwrap())
    }
}

#[test]
fn the_school_and_how_to_reach_the_advisor_come_from_the_settings() {
    let (d, db) = fixture();
    let config = d.path().join("config");
    for (name, value) in [
        ("school", "Riverside Middle School"),
        ("contact", "rivera@riverside.example, 555-0199"),
        ("advisor", "Rivera, Ana"),
    ] {
        let mut c = plp_set(&db, &config);
        c.args(["config", name, value]);
        let (code, _, err) = run(c);
        assert_eq!(code, 0, "{err}");
    }
    let mut c = plp_set(&db, &config);
    c.args(["export", "500001", "--format", "html"]);
    let (code, html, _) = run(c);
    assert_eq!(code, 0);
    assert!(html.contains("<div class=\"school\">Riverside Middle School</div>"));
    // Lucía's advisor ("Ms. Rivera") is the one printing ("Rivera, Ana").
    assert!(html.contains("How to reach the advisor: rivera@riverside.example, 555-0199"));
    for format in ["md", "pdf"] {
        let Some(text) = printed(&db, &config, "500001", format) else {
            continue;
        };
        assert!(
            text.contains("rivera@riverside.example, 555-0199"),
            "{format}:\n{text}"
        );
    }
}

#[test]
fn the_contact_of_the_person_printing_is_never_given_as_another_advisors() {
    let (d, db) = fixture();
    let config = d.path().join("config");
    for (name, value) in [
        ("contact", "555-0199, rivera@school.example"),
        ("advisor", "Ms. Rivera"),
    ] {
        let mut c = plp_set(&db, &config);
        c.args(["config", name, value]);
        let (code, said, err) = run(c);
        assert_eq!(code, 0, "{err}");
        // Set before the name: plp says whose printouts it goes on.
        assert_eq!(
            said.contains("only for your own advisees"),
            name == "contact",
            "{said}"
        );
    }
    let mut c = plp_set(&db, &config);
    c.args(["set", "500001", "advisor", "Chen, Li"]);
    let (code, _, err) = run(c);
    assert_eq!(code, 0, "{err}");
    for format in ["md", "html", "pdf"] {
        let Some(text) = printed(&db, &config, "500001", format) else {
            continue;
        };
        assert!(text.contains("Li Chen"), "{format}:\n{text}");
        assert!(!text.contains("555-0199"), "{format}:\n{text}");
        assert!(!text.contains("How to reach"), "{format}:\n{text}");
    }
    // Conference night: the counselor's phone on no other advisor's printouts.
    let out = d.path().join("night");
    let mut c = plp_set(&db, &config);
    c.args(["export", "--all", "--format", "html", "--out"])
        .arg(&out);
    let (code, _, err) = run(c);
    assert_eq!(code, 0, "{err}");
    for entry in std::fs::read_dir(&out).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        assert!(!text.contains("555-0199"), "{text}");
    }
    // Whoever is printing, with no name set, gives no contact either: it is theirs.
    let mut c = plp_set(&db, &config);
    c.args(["set", "500001", "advisor", "Ms. Rivera"]);
    assert_eq!(run(c).0, 0);
    let mut c = plp_set(&db, &config);
    c.args(["config", "advisor", ""]);
    assert_eq!(run(c).0, 0);
    let html = printed(&db, &config, "500001", "html").unwrap();
    assert!(!html.contains("555-0199"), "{html}");
    let mut c = plp_set(&db, &config);
    c.env("PLP_ADVISOR", "Rivera");
    c.args(["export", "500001", "--format", "md"]);
    let (code, md, _) = run(c);
    assert_eq!(code, 0);
    assert!(md.contains("555-0199"), "{md}");
}

#[test]
fn an_advisor_written_family_name_first_is_printed_as_a_family_reads_it() {
    let (_d, db) = fixture();
    let mut c = plp(&db);
    c.args(["set", "500001", "advisor", "Rivera, Ana"]);
    let (code, _, err) = run(c);
    assert_eq!(code, 0, "{err}");
    for format in ["md", "html"] {
        let page = export(&db, &["--format", format]);
        assert!(page.contains("Ana Rivera"), "{format}:\n{page}");
        assert!(!page.contains("Rivera, Ana"), "{format}:\n{page}");
    }
}

/// The "what we changed" items of a Markdown printout, one line each.
fn changes_of(md: &str) -> Vec<String> {
    let at = md
        .find("## What we changed this year")
        .expect("a list of changes");
    md[at..]
        .lines()
        .skip(1)
        .take_while(|l| !l.starts_with("## "))
        .filter_map(|l| l.strip_prefix("- "))
        .map(str::to_string)
        .collect()
}

#[test]
fn a_strategy_replaced_at_a_check_in_is_named_with_what_replaced_it_and_nothing_else() {
    use plp::domain::{CheckIn, Status, StrategyVerdict, Verdict};
    use plp::tui::composer::PlanChange;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    {
        // Amara's first goal: the portal on Mondays, and a planner before leaving class. At a
        // check-in the portal is not working and is replaced; the planner is left as it was.
        let mut store = common::fixture_store_at(&db);
        let id = store.find_student("Amara").unwrap();
        let rec = store.student(&id).unwrap();
        let plan = &rec.plans[0];
        let portal = plan.goals[0].strategies[0].clone();
        assert_eq!(portal.what, "Check the portal on Mondays (1)");
        let checkin = CheckIn {
            student_id: id.clone(),
            plan_id: Some(plan.plan.id.clone()),
            date: chrono::NaiveDate::from_ymd_opt(2026, 11, 23),
            student_words: "The portal is too much.".into(),
            verdicts: vec![StrategyVerdict {
                strategy: portal.id.clone(),
                verdict: Verdict::NotWorking,
                note: String::new(),
            }],
            ..Default::default()
        };
        // What the app's save writes.
        plp::tui::composer_save::save(
            &mut store,
            &checkin,
            &[(
                portal,
                PlanChange::Replace("Text a reminder on Sunday".into()),
            )],
            None,
        )
        .unwrap();
        let rec = store.student(&id).unwrap();
        assert!(rec.plans[0].goals[0]
            .strategies
            .iter()
            .any(|s| s.what.starts_with("Check the portal") && s.status == Status::Revised));
    }
    let mut c = plp(&db);
    c.args(["export", "Amara", "--format", "md"]);
    let (code, md, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        changes_of(&md),
        ["We tried \"Check the portal on Mondays (1)\"; now \"Text a reminder on Sunday\"."]
    );
    // The replacement has had no verdict: it is to be talked over, not said to have been left
    // out at the check-in that put it in place.
    let new = md
        .split("Text a reminder on Sunday")
        .nth(1)
        .and_then(|after| after.split("\n\n").next())
        .unwrap_or_else(|| panic!("{md}"));
    assert!(
        new.contains("To be talked over at the next check-in"),
        "{new}"
    );
    assert!(!new.contains("At the check-in on"), "{new}");
    let mut c = plp(&db);
    c.args(["export", "Amara", "--format", "md", "--lang", "es"]);
    let (code, es, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert!(
        es.contains("Se hablará de ella en la próxima reunión"),
        "{es}"
    );
}

#[test]
fn a_strategy_moved_to_other_days_reads_as_changed_not_as_replaced_by_itself() {
    let (_d, db) = common::demo_db();
    let mut c = plp(&db);
    c.args(["export", "Marcus", "--format", "md"]);
    let (code, md, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        changes_of(&md),
        ["We changed \"Homework Club\": now Tue/Thu (before: Mon/Wed)."],
        "Friday grade check was in use all along"
    );
    let mut c = plp(&db);
    c.args(["export", "Marcus", "--format", "md", "--lang", "es"]);
    let (_, md, _) = run(c);
    assert!(
        md.contains("- Cambiamos «Homework Club»: ahora Tue/Thu (antes: Mon/Wed)."),
        "{md}"
    );
    // A strategy set aside, and the one first talked about after it: what came in its place.
    let mut c = plp(&db);
    c.args(["export", "210452", "--format", "md"]);
    let (_, md, _) = run(c);
    assert_eq!(
        changes_of(&md),
        ["We tried \"Writing Center\"; now \"Essay draft check during 7th period\"."]
    );
}

/// A kindergartner who uses she/her, has said nothing at a check-in yet, and whose goal was
/// rated at the top of the scale without being marked met.
const KINDER: &str = r#"{
  "format": "plp", "version": 1, "exported": "2026-11-20",
  "students": [{
    "sis_id": "600001", "given_name": "Hana", "family_name": "Sato", "pronouns": "she/her",
    "grade": 0, "advisor": "Mr. Baptiste", "status": "active",
    "plans": [{"school_year": "2026-27", "goals": [
      {"key": "g1", "title": "Say good morning to the class", "domain": "social-emotional", "status": "active",
       "strategies": [{"key": "s1", "what": "Morning circle helper", "owner": "teacher", "status": "active"}]},
      {"key": "g2", "title": "Count to twenty", "domain": "academic", "status": "met", "strategies": []}
    ]}],
    "checkins": [
      {"date": "2026-10-19", "kind": "check-in",
       "progress": [{"goal": "g1", "rating": 4}, {"goal": "g2", "rating": 3}],
       "notes": "A good month.", "next_date": "2026-12-07"}
    ]
  }]
}"#;

fn kinder() -> (tempfile::TempDir, PathBuf) {
    file_of(KINDER)
}

fn export_of(db: &Path, who: &str, extra: &[&str]) -> String {
    let mut c = plp(db);
    c.args(["export", who]).args(extra);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    out
}

#[test]
fn only_a_goal_marked_met_is_called_met_whatever_its_rating() {
    let (_d, db) = kinder();
    for (lang, celebrate, met_heading) in [
        ("en", "Goal met. Well done!", "## Goals met this year"),
        (
            "es",
            "Meta cumplida. ¡Enhorabuena!",
            "## Metas cumplidas este curso",
        ),
    ] {
        let md = export_of(&db, "600001", &["--format", "md", "--lang", lang]);
        assert_eq!(
            md.matches(celebrate).count(),
            1,
            "only Count to twenty:\n{md}"
        );
        let met = &md[md.find(met_heading).expect("goals met")..];
        let met = &met[..met[3..].find("## ").unwrap() + 3];
        assert!(met.contains("Count to twenty"), "{met}");
        assert!(
            !met.contains("Say good morning"),
            "rated 4, not met:\n{met}"
        );
        let goal = &md[md.find("Say good morning to the class").unwrap()..];
        let goal = &goal[..goal.find("Morning circle helper").unwrap()];
        assert!(!goal.contains(celebrate), "{goal}");
    }
}

#[test]
fn the_printout_uses_the_pronoun_the_student_uses() {
    let (_d, db) = kinder();
    for (pronouns, said) in [
        ("she/her", "Hana has not added her own words yet this year."),
        ("he/him", "Hana has not added his own words yet this year."),
        (
            "they/them",
            "Hana has not added their own words yet this year.",
        ),
        (
            "xe/xem",
            "Hana has not added their own words yet this year.",
        ),
    ] {
        plp(&db)
            .args(["set", "600001", "pronouns", pronouns])
            .assert()
            .success();
        let md = export_of(&db, "600001", &["--format", "md"]);
        assert!(md.contains(said), "{pronouns}:\n{md}");
        // Spanish says "sus" whoever it is.
        let es = export_of(&db, "600001", &["--format", "md", "--lang", "es"]);
        assert!(
            es.contains("Hana todavía no ha añadido sus propias palabras este curso."),
            "{es}"
        );
    }
}

#[test]
fn pre_k_and_kindergarten_are_named_on_the_printout_and_the_command_line() {
    let (_d, db) = kinder();
    for (typed, en, es, short, show) in [
        ("K", "Kindergarten", "Kínder", "K", "kindergarten"),
        ("PK", "Pre-K", "Prekínder", "PK", "pre-K"),
        ("7", "Grade 7", "7.º grado", "7", "grade 7"),
    ] {
        plp(&db)
            .args(["set", "600001", "grade", typed])
            .assert()
            .success();
        let md = export_of(&db, "600001", &["--format", "md"]);
        assert!(md.contains(&format!("\n{en}  \n")), "{typed}:\n{md}");
        let md = export_of(&db, "600001", &["--format", "md", "--lang", "es"]);
        assert!(md.contains(&format!("\n{es}  \n")), "{typed}:\n{md}");
        assert!(!md.contains(".º grado") || typed == "7", "{md}");
        let mut c = plp(&db);
        c.arg("students");
        let (_, table, _) = run(c);
        let row = table.lines().find(|l| l.contains("Hana Sato")).unwrap();
        let cells: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(cells[3], short, "{table}");
        let mut c = plp(&db);
        c.args(["show", "600001"]);
        let (_, shown, _) = run(c);
        assert!(
            shown.lines().next().unwrap().contains(&format!(", {show}")),
            "{shown}"
        );
        assert!(!shown.contains("grade -1") && !shown.contains("grade 0"));
    }
}

#[test]
fn a_next_meeting_whose_day_has_gone_by_is_not_called_never_set() {
    let (_d, db) = file_of(&PLAN.replace(
        r#""next_date": "2026-12-07""#,
        r#""next_date": "2026-11-02""#,
    ));
    let md = export(&db, &["--format", "md"]);
    assert!(
        md.contains("It was planned for 2 November 2026; a new date will be set"),
        "{md}"
    );
    assert!(!md.contains("No date is set yet"), "{md}");
    let es = export(&db, &["--format", "md", "--lang", "es"]);
    assert!(
        es.contains("Estaba prevista para el 2 de noviembre de 2026"),
        "{es}"
    );
}

/// The next date `plp students --format json` gives the student, on `today`.
fn caseload_next_due(db: &Path, today: &str) -> serde_json::Value {
    let mut c = plp(db);
    c.env("PLP_TODAY", today)
        .args(["students", "--format", "json"]);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    let rows: serde_json::Value = serde_json::from_str(&out).unwrap();
    rows[0]["next_due"].clone()
}

#[test]
fn the_next_meeting_set_in_june_for_september_is_printed_in_the_new_school_year() {
    // Reviewed in June with the first check-in set for 1 September, and a plan for the new year.
    let plan = PLAN
        .replace(
            r#""next_date": "2026-12-07"}"#,
            r#""next_date": "2026-12-07"},
      {"date": "2027-06-10", "kind": "check-in", "student_words": "Ready for next year",
       "next_date": "2027-09-01"}"#,
        )
        .replace(
            r#""plans": [{"school_year": "2026-27""#,
            r#""plans": [{"school_year": "2027-28", "goals": [
      {"key": "n1", "title": "Write a lab report a month", "domain": "academic", "status": "active"}]},
      {"school_year": "2026-27""#,
        );
    assert_ne!(plan, PLAN);
    let today = "2027-08-25";
    let (_d, db) = file_of_on(&plan, today);
    assert_eq!(caseload_next_due(&db, today), "2027-09-01");
    let mut c = plp(&db);
    c.env("PLP_TODAY", today)
        .args(["export", "500001", "--format", "md"]);
    let (code, md, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert!(md.contains("Write a lab report a month"), "{md}");
    assert!(md.contains("1 September 2027"), "{md}");
    assert!(!md.contains("No date is set yet"), "{md}");
    // A date from before the year began is no date for this one, on the printout as in the
    // caseload.
    let today = "2027-09-20";
    assert_eq!(caseload_next_due(&db, today), "2027-09-01");
    let (_e, old) = file_of_on(&plan.replace("2027-09-01", "2027-07-30"), today);
    assert_eq!(caseload_next_due(&old, today), serde_json::Value::Null);
    let mut c = plp(&old);
    c.env("PLP_TODAY", today)
        .args(["export", "500001", "--format", "md"]);
    let (code, md, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert!(md.contains("No date is set yet"), "{md}");
}

/// The year-end review sets the new school year's first day as its next date: it stands for
/// "when the new year begins", and a family must not read it as a meeting booked on 1 August.
#[test]
fn the_year_end_reviews_stand_in_date_is_printed_as_the_new_year_not_an_appointment() {
    let review = |kind: &str| {
        PLAN.replace(
            r#""next_date": "2026-12-07"}"#,
            &format!(
                r#""next_date": "2026-12-07"}},
      {{"date": "2027-06-10", "kind": "{kind}", "student_words": "Ready for next year",
       "next_date": "2027-08-01"}}"#
            ),
        )
    };
    let (_d, db) = file_of_on(&review("annual-review"), "2027-06-11");
    for (today, lang, said) in [
        (
            "2027-06-11",
            "en",
            "When the 2027-28 school year begins; the advisor will be in touch with a date.",
        ),
        (
            "2027-06-11",
            "es",
            "Al comenzar el curso 2027-28; el tutor o la tutora se pondrá en contacto con una fecha.",
        ),
    ] {
        let mut c = plp(&db);
        c.env("PLP_TODAY", today)
            .args(["export", "500001", "--format", "md", "--lang", lang]);
        let (code, md, err) = run(c);
        assert_eq!(code, 0, "{err}");
        assert!(md.contains(said), "{today} {lang}: {md}");
        assert!(!md.contains("1 August 2027") && !md.contains("1 de agosto"), "{md}");
    }
    // A check-in that books the first day of the year is a meeting on that day.
    let (_e, db) = file_of_on(&review("check-in"), "2027-06-11");
    let mut c = plp(&db);
    c.env("PLP_TODAY", "2027-06-11")
        .args(["export", "500001", "--format", "md"]);
    let (code, md, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert!(md.contains("1 August 2027"), "{md}");
}

#[test]
fn a_goal_met_with_no_steps_left_is_not_said_to_be_waiting_for_steps() {
    let plan = PLAN.replace(
        r#""strategies": [{"key": "s4", "what": "Planner check at lunch", "owner": "advisor", "status": "active"}]"#,
        r#""strategies": []"#,
    );
    assert_ne!(plan, PLAN);
    let (_d, db) = file_of(&plan);
    let md = export(&db, &["--format", "md"]);
    assert!(md.contains("Hand in every science lab on time"), "{md}");
    // Said once, of the goal with no steps that is still being worked on.
    let open = plan.replace(r#""status": "met""#, r#""status": "active""#);
    let (_e, open_db) = file_of(&open);
    let open_md = export(&open_db, &["--format", "md"]);
    assert!(
        open_md.contains("No steps are set for this goal yet"),
        "{open_md}"
    );
    assert!(!md.contains("No steps are set for this goal yet"), "{md}");
}

#[test]
fn characters_the_pdf_font_cannot_draw_are_named_before_a_family_sees_boxes() {
    let (d, db) = file_of(
        &PLAN
            .replace(r#""given_name": "Lucía""#, r#""given_name": "美玲""#)
            .replace(r#""family_name": "Fernández""#, r#""family_name": "王""#),
    );
    let pdf = |db: &Path, name: &str| {
        let file = d.path().join(name);
        let mut c = plp(db);
        c.args(["export", "500001", "--format", "pdf", "--out"])
            .arg(&file);
        let (code, _, err) = run(c);
        assert_eq!(code, 0, "{err}");
        assert!(std::fs::read(&file).unwrap().starts_with(b"%PDF-"));
        err
    };
    let err = pdf(&db, "wang.pdf");
    assert!(
        err.contains("plp: this PDF shows some characters as empty boxes (")
            && err.contains('美')
            && err.contains('王')
            && err.contains("--format html shows them"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    // Conference night names the printouts that hold any.
    let folder = d.path().join("night");
    let mut c = plp(&db);
    c.args(["export", "--all", "--format", "pdf", "--out"])
        .arg(&folder);
    let (code, _, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(".pdf shows some characters as empty boxes"),
        "{err}"
    );
    // So does one file of every printout, by the student's name.
    let one = d.path().join("all.pdf");
    let mut c = plp(&db);
    c.args(["export", "--all", "--format", "pdf", "--one-file", "--out"])
        .arg(&one);
    let (code, _, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("王's printout") || err.contains("美玲's printout"),
        "{err}"
    );
    assert!(
        err.contains("shows some characters as empty boxes"),
        "{err}"
    );
    // Latin, Greek and Cyrillic names draw whole, and nothing is said.
    let (_l, latin) = fixture();
    assert_eq!(pdf(&latin, "lucia.pdf").trim(), "");
}

#[test]
fn a_long_name_gives_way_in_the_pdf_footer_and_the_date_printed_stays_whole() {
    let (d, db) = file_of(&PLAN.replace(
        r#""given_name": "Lucía""#,
        r#""given_name": "Marielena Fernández-Castañeda y Rodríguez-Villaseñor de la Santísima Trinidad""#,
    ));
    let file = d.path().join("long.pdf");
    let mut c = plp(&db);
    c.args([
        "export", "500001", "--format", "pdf", "--lang", "es", "--out",
    ])
    .arg(&file);
    let (code, _, err) = run(c);
    assert_eq!(code, 0, "{err}");
    let Some(text) = pdftotext(&file) else { return };
    let footer = text
        .lines()
        .find(|l| l.contains("Página 1 de"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        footer.contains("… · Impreso el 24 de noviembre de 2026 · Página 1 de"),
        "{footer}"
    );
    assert!(footer.trim_start().starts_with("Marielena"), "{footer}");
}

#[test]
fn a_met_goals_strategies_are_not_presented_as_current_work() {
    let (_d, db) = fixture();
    for format in ["md", "html"] {
        let page = export(&db, &["--format", format]);
        assert!(page.contains("Hand in every science lab on time"), "{page}");
        // Goal 2 is met: its planner check is done with, not something Lucía is doing now.
        assert!(
            !page.contains("Planner check at lunch"),
            "{format}:\n{page}"
        );
        assert!(!page.contains("To be talked over"), "{format}:\n{page}");
        // The goal still worked on keeps its strategy.
        assert!(
            page.contains("Reading log with Grandma"),
            "{format}:\n{page}"
        );
    }
}

#[test]
fn a_student_with_no_plan_is_given_the_current_school_year() {
    let (_d, db) = file_of(
        r#"{"format": "plp", "version": 1, "students": [{"sis_id": "500001",
        "given_name": "Tom", "family_name": "Reyes", "grade": 9, "status": "active"}]}"#,
    );
    let md = export(&db, &["--format", "md"]);
    assert!(md.contains("2026-27 school year"), "{md}");
    let mut c = plp(&db);
    c.env("PLP_TODAY", "2027-08-25")
        .args(["export", "500001", "--format", "md"]);
    let (code, md, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert!(md.contains("2027-28 school year"), "{md}");
}

/// A goal rewritten (revised) is told to the family as rewritten, not as given up; a goal
/// dropped is set aside.
#[test]
fn a_revised_goal_is_told_as_rewritten_and_a_dropped_one_as_set_aside() {
    let (_d, demo) = common::demo_db();
    let en = export_of(&demo, "213955", &["--format", "md", "--lang", "en"]);
    assert!(
        en.contains(
            "We rewrote the goal \"Stop being nervous about math tests\"; the goals above are \
             the ones we work on now."
        ),
        "{en}"
    );
    assert!(
        !en.contains("We set aside the goal \"Stop being nervous"),
        "{en}"
    );
    let es = export_of(&demo, "213955", &["--format", "md", "--lang", "es"]);
    assert!(
        es.contains("Reescribimos la meta «Stop being nervous about math tests»"),
        "{es}"
    );
    let (_f, db) = fixture();
    let md = export(&db, &["--format", "md"]);
    assert!(md.contains("We set aside the goal \"Join the chess club ZQXGOALDROPPED\"."));
}
