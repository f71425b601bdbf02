//! Fuzzing the doors where typed and received text comes in: the date, `--next` and grade
//! parsers, every field parser of the field table, and the cleaning and measuring of text.
//!
//! Bounded for CI; for a long run set `PLP_FUZZ_CASES` (see the README), e.g.
//! `PLP_FUZZ_CASES=1000000 cargo test --release --test fuzz_text_and_parsers`.

use chrono::NaiveDate;
use plp::domain::{
    clean_line, clean_text, display_width, parse_date, parse_grade, parse_next, Entity,
};
use proptest::prelude::*;
use serde_json::{Map, Value};

fn cases() -> u32 {
    std::env::var("PLP_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3000)
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: cases(),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Characters that have broken text handling somewhere: controls, escapes, line ends, bidi
/// controls, joiners, zero-width and byte-order marks, combining marks, wide and emoji
/// characters with skin tones, letters from scripts that need joiners, digits from other scripts.
fn tricky_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => proptest::char::range('a', 'z'),
        2 => proptest::char::range('0', '9'),
        1 => Just('-'),
        1 => Just(' '),
        1 => Just('w'),
        1 => Just('d'),
        1 => Just('é'),
        1 => Just('\u{1b}'),
        1 => Just('\n'),
        1 => Just('\r'),
        1 => Just('\t'),
        1 => Just('\u{0}'),
        1 => Just('\u{7f}'),
        1 => Just('\u{9b}'),
        1 => Just('\u{200B}'),
        2 => Just('\u{200C}'),
        3 => Just('\u{200D}'),
        1 => Just('\u{200E}'),
        1 => Just('\u{200F}'),
        1 => proptest::char::range('\u{202A}', '\u{202E}'),
        1 => proptest::char::range('\u{2066}', '\u{2069}'),
        1 => Just('\u{FEFF}'),
        1 => Just('\u{FE0F}'),
        1 => Just('\u{00AD}'),
        2 => proptest::char::range('\u{0300}', '\u{036F}'),
        1 => proptest::char::range('\u{4E00}', '\u{4E20}'),
        2 => proptest::char::range('\u{1F466}', '\u{1F469}'),
        1 => proptest::char::range('\u{1F3FB}', '\u{1F3FF}'),
        1 => Just('💻'),
        1 => proptest::char::range('\u{0627}', '\u{064A}'),
        1 => proptest::char::range('\u{0915}', '\u{0939}'),
        1 => proptest::char::range('\u{0660}', '\u{0669}'),
        1 => proptest::char::range('\u{FF10}', '\u{FF19}'),
        1 => any::<char>(),
    ]
}

fn tricky() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::collection::vec(tricky_char(), 0..40)
            .prop_map(|v| v.into_iter().collect::<String>()),
        1 => any::<String>(),
    ]
}

/// Text shaped like what the parsers expect, with some of it broken.
fn date_like() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9]{4}-[0-9]{2}-[0-9]{2}",
        "[ +-]?[0-9]{1,6}-[0-9]{1,3}-[0-9]{1,3}[ ]?",
        "[0-9]{1,25}[wWdDé]?",
        "[-+]?[0-9]{0,4}[wd]",
        tricky(),
    ]
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{00AD}')
}

/// The columns the `vt100` terminal emulator moves on while drawing the text.
fn columns_drawn(text: &str) -> usize {
    let mut term = vt100::Parser::new(2, 500, 0);
    // A first cell, so that a leading combining mark has something to sit on, as it would.
    // The emulator leaves out U+FFFD (it takes it for a decoding error of its own); terminals
    // draw it in one column, as they draw '?'.
    term.process(format!("X{}", text.replace('\u{FFFD}', "?")).as_bytes());
    let (row, col) = term.screen().cursor_position();
    assert_eq!(row, 0, "one line");
    col as usize - 1
}

/// Any JSON value, biased towards the shapes fields hold.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-3i64..20).prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        tricky().prop_map(Value::from),
        date_like().prop_map(Value::from),
        prop_oneof![
            Just("active"),
            Just("working"),
            Just("check-in"),
            Just("academic"),
            Just("unknown"),
            Just("0199aaaa-0000-7000-8000-000000000001")
        ]
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::btree_map(
                prop_oneof![
                    Just("goal"),
                    Just("rating"),
                    Just("strategy"),
                    Just("verdict"),
                    Just("note"),
                    Just("text"),
                    Just("owner"),
                    Just("x")
                ]
                .prop_map(String::from),
                inner,
                0..4
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Reads an object as the record type of its entity.
fn reads_as_record(entity: Entity, obj: Map<String, Value>) -> Result<(), String> {
    use plp::domain::*;
    let v = Value::Object(obj);
    let r = match entity {
        Entity::Student => serde_json::from_value::<Student>(v).map(|_| ()),
        Entity::TeamMember => serde_json::from_value::<TeamMember>(v).map(|_| ()),
        Entity::Plan => serde_json::from_value::<Plan>(v).map(|_| ()),
        Entity::Goal => serde_json::from_value::<Goal>(v).map(|_| ()),
        Entity::Strategy => serde_json::from_value::<Strategy>(v).map(|_| ()),
        Entity::CheckIn => serde_json::from_value::<CheckIn>(v).map(|_| ()),
        Entity::Intervention => serde_json::from_value::<Intervention>(v).map(|_| ()),
        Entity::Evidence => serde_json::from_value::<Evidence>(v).map(|_| ()),
    };
    r.map_err(|e| e.to_string())
}

proptest! {
    #![proptest_config(config())]

    /// Whatever a newer plp (or a damaged file) left in a record's fields, this plp reads the
    /// record; and the checks of received values never panic on any shape.
    #[test]
    fn any_stored_value_reads_and_any_received_value_is_judged(
        entity in proptest::sample::select(Entity::ALL.to_vec()),
        values in proptest::collection::vec(json_value(), 20),
    ) {
        let mut obj = Map::new();
        for (f, v) in entity.fields().iter().zip(values) {
            let _ = entity.check_change(f.name, &v);
            obj.insert(f.name.to_string(), v);
        }
        let _ = entity.check_new(&obj);
        entity.tolerate(&mut obj);
        prop_assert!(reads_as_record(entity, obj.clone()).is_ok(), "{}: {:?}: {:?}",
            entity.name(), obj, reads_as_record(entity, obj.clone()));
    }

    #[test]
    fn dates_never_panic_and_round_trip(s in date_like()) {
        if let Ok(d) = parse_date(&s) {
            let text = d.format("%Y-%m-%d").to_string();
            prop_assert_eq!(parse_date(&text).unwrap(), d);
        }
    }

    #[test]
    fn next_never_panics_and_is_never_before_today(s in date_like()) {
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        if let Ok(d) = parse_next(&s, today) {
            let looks_relative = s.trim().ends_with(['w', 'W', 'd', 'D']);
            prop_assert!(!looks_relative || d >= today, "{s} gave {d}");
        }
    }

    #[test]
    fn grades_never_panic_and_round_trip(s in prop_oneof![
        "[-]?0{0,3}[0-9]{1,4}", "[pP]?[kK]", "pre-[kK]", date_like()
    ]) {
        if let Ok(g) = parse_grade(&s) {
            prop_assert!((-1..=13).contains(&g));
            prop_assert_eq!(parse_grade(&g.to_string()).unwrap(), g);
        }
    }

    #[test]
    fn cleaning_is_idempotent_and_leaves_nothing_invisible(s in tricky()) {
        let text = clean_text(&s);
        prop_assert_eq!(clean_text(&text), text.clone());
        let line = clean_line(&s);
        prop_assert_eq!(clean_line(&line), line.clone());
        for c in line.chars() {
            prop_assert!(!c.is_control() && !is_invisible(c), "{:?} kept in {:?}", c, line);
        }
        let ends = ['\u{200D}', '\u{200C}', ' '];
        prop_assert!(!line.starts_with(ends) && !line.ends_with(ends), "{:?}", line);
        for c in text.chars() {
            prop_assert!(c == '\n' || (!c.is_control() && !is_invisible(c)), "{:?}", c);
        }
    }

    #[test]
    fn width_of_clean_text_is_what_the_terminal_draws(s in tricky()) {
        let line = clean_line(&s);
        prop_assert_eq!(display_width(&line), columns_drawn(&line), "{}", line.escape_unicode());
    }

    #[test]
    fn every_field_parser_round_trips_what_it_accepts(s in prop_oneof![tricky(), date_like()]) {
        for entity in Entity::ALL {
            for f in entity.fields() {
                if let Ok(v) = f.from_text(&s) {
                    prop_assert!(f.check(&v).is_ok(), "{}.{}: {:?} -> {}", entity.name(), f.name, s, v);
                    prop_assert!(entity.check_change(f.name, &v).is_ok(), "{}.{}", entity.name(), f.name);
                    let again = f.from_text(&f.to_text(&v));
                    prop_assert_eq!(again.ok(), Some(v), "{}.{}: {:?}", entity.name(), f.name, s);
                }
            }
        }
    }
}
