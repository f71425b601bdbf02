//! Fuzzing the doors where files come in: roster CSV bytes and plan JSON documents.
//!
//! Properties: nothing panics; a bad file changes nothing in the database; a good file brought
//! in twice changes nothing the second time; every bad roster line is named by a line that
//! exists. Bounded for CI; for a long run set `PLP_FUZZ_CASES`, e.g.
//! `PLP_FUZZ_CASES=100000 cargo test --release --test fuzz_imports`.

use plp::portable::{import_document, Document};
use plp::roster::{self, RosterError};
use plp::store::{Store, Upsert};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

mod common;

fn cases() -> u32 {
    std::env::var("PLP_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(400)
}

fn runner() -> TestRunner {
    TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    })
}

/// A value an SIS might put in a cell, or one that has broken a CSV reader somewhere.
fn cell() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        12 => "[A-Za-z]{1,8}".prop_map(String::into_bytes),
        12 => "[0-9]{1,2}".prop_map(String::into_bytes),
        1 => Just(b"".to_vec()),
        1 => Just(b"K".to_vec()),
        1 => Just(b"eleventh".to_vec()),
        1 => Just(b"yes".to_vec()),
        1 => Just(b"maybe".to_vec()),
        1 => Just("\"Smith, Jr.\"".as_bytes().to_vec()),
        1 => Just(b"\"two\r\nlines\"".to_vec()),
        1 => Just(b"\"unclosed".to_vec()),
        1 => Just(b"a\"b".to_vec()),
        1 => Just("Zoë".as_bytes().to_vec()),
        1 => Just(b"Zo\xEB".to_vec()),
        1 => Just("\u{200b}\u{202e}".as_bytes().to_vec()),
        1 => Just(b"\x1b[31m".to_vec()),
        1 => Just(b"\xEF\xBB\xBF".to_vec()),
        1 => proptest::collection::vec(any::<u8>(), 0..6),
    ]
}

fn line_end() -> impl Strategy<Value = &'static [u8]> {
    prop_oneof![Just(&b"\n"[..]), Just(&b"\r\n"[..]), Just(&b"\r"[..])]
}

/// A roster: a header of known and unknown columns, then rows of cells, with any line endings,
/// sometimes with a byte order mark or as UTF-16, sometimes cut short.
fn roster_bytes() -> impl Strategy<Value = Vec<u8>> {
    // The four required columns (one sometimes missing) and any of the others, in any order.
    let header = (
        proptest::sample::subsequence(
            vec![
                "iep",
                "504",
                "advisor",
                "email",
                "grad_year",
                "preferred_name",
                "Homeroom",
                "pronouns",
                "student_id",
            ],
            0..6,
        ),
        0usize..12,
    )
        .prop_map(|(mut extra, drop)| {
            let mut required = vec!["Student Number", "first", "Last Name", "grade"];
            if drop < required.len() {
                required.remove(drop);
            }
            extra.extend(required);
            extra
        })
        .prop_shuffle();
    (
        header,
        proptest::collection::vec((proptest::collection::vec(cell(), 12), 0usize..16), 0..8),
        proptest::collection::vec(line_end(), 10),
        0u8..6,
        any::<prop::sample::Index>(),
    )
        .prop_map(|(header, rows, ends, form, cut)| {
            let mut text = header.join(",").into_bytes();
            for (i, (row, width)) in rows.iter().enumerate() {
                // Most rows are as wide as the header; some are not.
                let width = if *width < 12 {
                    header.len()
                } else {
                    width - 12
                };
                text.extend_from_slice(ends[i % ends.len()]);
                text.extend(row[..width.min(row.len())].join(&b","[..]));
            }
            match form {
                0 => [&b"\xEF\xBB\xBF"[..], &text].concat(),
                1 => match String::from_utf8(text.clone()) {
                    Ok(s) => {
                        let mut v = vec![0xFF, 0xFE];
                        s.encode_utf16().for_each(|u| v.extend(u.to_le_bytes()));
                        v
                    }
                    Err(_) => text,
                },
                2 => {
                    let at = cut.index(text.len() + 1);
                    text[..at].to_vec()
                }
                _ => text,
            }
        })
}

#[test]
fn rosters_never_panic_and_bad_ones_change_nothing() {
    let mut store = Store::in_memory().unwrap();
    store.set_author("fuzz");
    let store = std::cell::RefCell::new(store);
    let good = std::cell::Cell::new(0u32);
    runner()
        .run(&roster_bytes(), |bytes| {
            let mut store = store.borrow_mut();
            let store = &mut *store;
            let before = store.version_vector().unwrap();
            match roster::parse(&bytes, common::tui::today()) {
                Err(RosterError::Header(h)) => {
                    prop_assert!(!h.is_empty() && !h.contains('\n'));
                }
                Err(RosterError::Workbook | RosterError::Archive { .. } | RosterError::NotText) => {
                }
                Err(RosterError::Lines(bad)) => {
                    let lines = bytes.split(|b| *b == b'\n' || *b == b'\r').count() as u64;
                    for (line, reason) in &bad {
                        prop_assert!(*line >= 2 && *line <= lines, "line {line} of {lines}");
                        prop_assert!(!reason.is_empty());
                    }
                }
                Ok(r) => {
                    let import = |store: &mut Store| {
                        store.write(|w| {
                            let mut out = Vec::new();
                            for s in &r.students {
                                out.push(w.upsert_student(s, &r.fields_for(s))?.1);
                            }
                            Ok(out)
                        })
                    };
                    match import(store) {
                        Err(_) => prop_assert_eq!(store.version_vector().unwrap(), before),
                        Ok(_) => {
                            good.set(good.get() + 1);
                            let again = store.version_vector().unwrap();
                            let second = import(store).map_err(|e| {
                                TestCaseError::fail(format!("a good roster failed again: {e}"))
                            })?;
                            prop_assert!(second.iter().all(|o| *o == Upsert::Unchanged));
                            prop_assert_eq!(store.version_vector().unwrap(), again);
                        }
                    }
                }
            }
            Ok(())
        })
        .unwrap();
    eprintln!(
        "{} of {} rosters were good and imported twice",
        good.get(),
        cases()
    );
    assert!(good.get() > 0, "some rosters were good enough to import");
}

/// Text for a field of a plan: plain words, trailing spaces, controls, or nothing.
fn words() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[A-Za-z ]{1,12}",
        1 => "[A-Za-z]{1,6}   ",
        1 => Just(String::new()),
        1 => Just("\u{1b}[2J\u{200b}".to_string()),
        1 => any::<String>(),
    ]
}

fn maybe_null(v: serde_json::Value) -> impl Strategy<Value = serde_json::Value> {
    prop_oneof![4 => Just(v), 1 => Just(serde_json::Value::Null)]
}

/// A record id: a fresh one, one shared across records, none, or not an id at all.
fn record_id() -> impl Strategy<Value = serde_json::Value> {
    prop_oneof![
        3 => Just(serde_json::Value::Null),
        3 => Just(()).prop_map(|_| uuid::Uuid::now_v7().to_string().into()),
        1 => Just("01930000-0000-7000-8000-000000000001".into()),
        1 => Just("not-an-id".into()),
    ]
}

fn date() -> impl Strategy<Value = serde_json::Value> {
    prop_oneof![
        5 => (2025i32..2028, 1u32..13, 1u32..29)
            .prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}").into()),
        1 => Just("2026-02-30".into()),
        1 => Just(serde_json::Value::Null),
    ]
}

fn plan_student() -> impl Strategy<Value = serde_json::Value> {
    let goal = (
        record_id(),
        words(),
        words(),
        prop::sample::select(vec!["academic", "career", "sideways"]),
        proptest::collection::vec((record_id(), words()), 0..3),
    );
    (
        prop::sample::select(vec!["900001", "900002", "900003", "", " 900001 "]),
        words(),
        words(),
        prop_oneof![
            4 => (-1i64..14).prop_map(serde_json::Value::from),
            1 => Just(serde_json::Value::Null),
            1 => Just(serde_json::Value::from(99)),
        ],
        proptest::collection::vec(goal, 0..6),
        proptest::collection::vec((record_id(), date(), words(), 0i64..6, prop::sample::select(vec!["g1", "g2", "g9"])), 0..4),
        proptest::collection::vec((record_id(), date(), words(), maybe_null("better".into())), 0..4),
    )
        .prop_map(|(sis, given, family, grade, goals, checkins, interventions)| {
            let goals: Vec<serde_json::Value> = goals
                .into_iter()
                .enumerate()
                .map(|(i, (id, title, why, domain, strategies))| {
                    serde_json::json!({
                        "id": id, "key": format!("g{}", i + 1), "title": title, "why": why,
                        "domain": domain, "status": "active",
                        "strategies": strategies.into_iter().enumerate().map(|(j, (id, what))| {
                            serde_json::json!({"id": id, "key": format!("s{}{}", i + 1, j), "what": what, "owner": null})
                        }).collect::<Vec<_>>(),
                    })
                })
                .collect();
            serde_json::json!({
                "sis_id": sis, "given_name": given, "family_name": family, "grade": grade,
                "preferred_name": null, "status": "active",
                "plans": [{"school_year": "2026-27", "goals": goals}],
                "checkins": checkins.into_iter().map(|(id, date, said, rating, goal)| serde_json::json!({
                    "id": id, "date": date, "kind": "check-in", "student_words": said,
                    "progress": [{"goal": goal, "rating": rating}], "notes": null,
                })).collect::<Vec<_>>(),
                "interventions": interventions.into_iter().map(|(id, date, what, outcome)| serde_json::json!({
                    "id": id, "date": date, "kind": "tutoring", "description": what, "outcome": outcome,
                })).collect::<Vec<_>>(),
            })
        })
}

/// A plan document's text: well formed, or broken by a cut, a stray byte or a wrong type.
fn plan_text() -> impl Strategy<Value = String> {
    (
        proptest::collection::vec(plan_student(), 0..3),
        0u8..8,
        any::<prop::sample::Index>(),
        any::<char>(),
    )
        .prop_map(|(students, damage, at, c)| {
            let doc = serde_json::json!({"format": "plp", "version": 1, "students": students});
            let text = serde_json::to_string_pretty(&doc).unwrap();
            let chars: Vec<char> = text.chars().collect();
            let i = at.index(chars.len() + 1);
            match damage {
                0 => chars[..i].iter().collect(),
                1 => {
                    let mut v = chars.clone();
                    v.insert(i, c);
                    v.into_iter().collect()
                }
                2 => text.replacen("\"active\"", "7", 1),
                3 => text.replacen("\"plp\"", "\"plq\"", 1),
                _ => text,
            }
        })
}

#[test]
fn plan_documents_never_panic_bad_ones_change_nothing_and_good_ones_import_once() {
    let store = std::cell::RefCell::new(common::fixture_store());
    let imported = std::cell::Cell::new(0u32);
    runner()
        .run(&plan_text(), |text| {
            let mut store = store.borrow_mut();
            let Ok(doc) = Document::from_json(&text) else {
                return Ok(());
            };
            let before = store.version_vector().unwrap();
            match store.write(|w| import_document(w, &doc)) {
                Err(e) => {
                    let said = e.to_string();
                    prop_assert!(!said.contains('\n') && !said.is_empty());
                    prop_assert_eq!(store.version_vector().unwrap(), before, "{}", said);
                }
                Ok(_) => {
                    imported.set(imported.get() + 1);
                    let once = store.version_vector().unwrap();
                    let again = store
                        .write(|w| import_document(w, &doc))
                        .map_err(|e| TestCaseError::fail(format!("second import failed: {e}")))?;
                    prop_assert_eq!(
                        (again.students_added, again.students_updated, again.goals),
                        (0, 0, 0)
                    );
                    prop_assert_eq!((again.strategies, again.checkins, again.other), (0, 0, 0));
                    prop_assert_eq!(store.version_vector().unwrap(), once);
                }
            }
            Ok(())
        })
        .unwrap();
    eprintln!(
        "{} of {} documents were good and imported twice",
        imported.get(),
        cases()
    );
    assert!(
        imported.get() > 0,
        "some documents were good enough to import"
    );
}
