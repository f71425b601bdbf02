//! The family printout of a student whose final review is done: it tells of that review and how
//! the goals ended, never of a next meeting or next steps that will not come.

mod common;

use common::tui::{app, keys, press};
use common::{fixture_store_at, plp, run};
use plp::store::{Base, Entity};
use plp::tui::state::Screen;
use ratatui::crossterm::event::KeyCode;
use std::path::Path;

/// Amara's file, her class graduating in 2027, with her final review held in the app as an
/// advisor holds it: two goals met, one dropped.
fn after_the_final_review(db: &Path) {
    let mut s = fixture_store_at(db);
    let id = s.find_student("Amara").unwrap();
    s.write(|w| {
        w.set(
            Entity::Student,
            &id,
            "grad_year",
            serde_json::json!(2027),
            Base::Current,
        )
    })
    .unwrap();
    let mut app = app(&mut s);
    press(&mut app, &mut s, KeyCode::Down);
    press(&mut app, &mut s, KeyCode::Enter);
    keys(&mut app, &mut s, "YYmdm");
    press(&mut app, &mut s, KeyCode::Tab);
    press(&mut app, &mut s, KeyCode::Tab);
    keys(&mut app, &mut s, "Graduating. Nursing school next.");
    press(&mut app, &mut s, KeyCode::F(2));
    assert_eq!(app.screen, Screen::Student, "{:?}", app.status);
    assert!(
        app.status
            .as_deref()
            .is_some_and(|t| t.contains("Saved the final review")),
        "{:?}",
        app.status
    );
}

/// Amara's printout in `format` and `lang`, as a parent reads it (a PDF as its text).
fn printout(db: &Path, format: &str, lang: &str) -> String {
    let out = db.with_file_name(format!("amara-{lang}.{format}"));
    let mut c = plp(db);
    c.args([
        "export", "100234", "--format", format, "--lang", lang, "--out",
    ])
    .arg(&out);
    let (code, _, err) = run(c);
    assert_eq!(code, 0, "{err}");
    if format != "pdf" {
        return std::fs::read_to_string(&out).unwrap();
    }
    let text = std::process::Command::new("pdftotext")
        .arg(&out)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    String::from_utf8(text.stdout).unwrap()
}

/// HTML as a browser shows it: no tags, one space between words.
fn as_read(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for ch in html.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(ch),
            _ => {}
        }
    }
    text.replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_graduates_printout_tells_of_the_final_review_and_of_no_next_meeting() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    after_the_final_review(&db);
    for format in ["html", "pdf"] {
        let raw = printout(&db, format, "en");
        let text = if format == "html" {
            as_read(&raw)
        } else {
            raw.split_whitespace().collect::<Vec<_>>().join(" ")
        };
        assert!(
            text.contains(
                "Final review This was the final review of Amara's Personal Learning Plan, \
                 held on 24 November 2026."
            ),
            "{format}: {text}"
        );
        assert!(
            text.contains("This year, 2 goals were met and one goal was set aside."),
            "{format}: {text}"
        );
        // How the goals ended is what the printout already shows of them.
        assert!(text.contains("Goals met this year"), "{format}: {text}");
        assert!(
            text.contains("We set aside the goal \"Speak up in class\""),
            "{format}: {text}"
        );
        assert!(
            text.contains("Graduating. Nursing school next."),
            "{format}: {text}"
        );
        for gone in [
            "Next meeting",
            "No date is set yet",
            "Next steps",
            "No next steps are written down yet",
            "Bring the planner",
        ] {
            assert!(!text.contains(gone), "{format} says {gone:?}: {text}");
        }
    }
    let es = as_read(&printout(&db, "html", "es"));
    assert!(
        es.contains("Revisión final Esta fue la revisión final del Plan de Aprendizaje Personal de Amara, el 24 de noviembre de 2026."),
        "{es}"
    );
    assert!(
        es.contains("Este curso, se cumplieron 2 metas y se dejó de lado una meta."),
        "{es}"
    );
    assert!(!es.contains("Próxima reunión"), "{es}");
}

#[test]
fn a_student_whose_class_goes_on_still_has_a_next_meeting_after_the_annual_review() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    after_the_final_review(&db);
    // Had the class been of 2028, the same review would have been no final one.
    let mut s = plp::store::Store::open_existing(&db).unwrap();
    let id = s.find_student("Amara").unwrap();
    s.write(|w| {
        w.set(
            Entity::Student,
            &id,
            "grad_year",
            serde_json::json!(2028),
            Base::Current,
        )
    })
    .unwrap();
    drop(s);
    let text = as_read(&printout(&db, "html", "en"));
    assert!(text.contains("Next meeting"), "{text}");
    assert!(!text.contains("Final review"), "{text}");
}
