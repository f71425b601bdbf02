//! Random key sequences, pastes and resizes into `update`, against a real (in-memory) store.
//!
//! Properties: nothing panics (in `update`, the effects or drawing at any size); every draft
//! belongs to its own student and round-trips to the record it was typed for; every hint the
//! status bar shows at the end does something there (changes what is seen, asks for work, or
//! answers in the status bar).
//!
//! Bounded for CI; `PLP_FUZZ_CASES=20000 cargo test --release --test tui_fuzz` runs longer.

mod common;

use common::tui::{render, today};
use plp::store::{DraftKey, DraftRecord, Store};
use plp::tui::action::Action;
use plp::tui::keymap;
use plp::tui::state::{App, Overlay};
use plp::tui::{dispatch, effects, update};
use proptest::prelude::*;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone)]
enum Ev {
    Key(KeyEvent),
    Paste(String),
    Resize(u16, u16),
    /// The second after typing, when drafts are saved.
    Tick,
}

fn keys() -> Vec<KeyEvent> {
    let mut v: Vec<KeyEvent> = keymap::all()
        .map(|b| KeyEvent::new(b.code, b.mods))
        .collect();
    for c in "abcdefghijklmnopqrstuvwxyz0123456789 @,.-'é".chars() {
        v.push(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
    for code in [
        KeyCode::Backspace,
        KeyCode::Enter,
        KeyCode::Esc,
        KeyCode::Tab,
        KeyCode::Left,
        KeyCode::Right,
        KeyCode::Delete,
        KeyCode::F(5),
    ] {
        v.push(KeyEvent::new(code, KeyModifiers::NONE));
    }
    v
}

fn event() -> impl Strategy<Value = Ev> {
    prop_oneof![
        30 => prop::sample::select(keys()).prop_map(Ev::Key),
        2 => "(\\PC|\\x1b\\[31m|\\n|\\r|\\t|\u{200D}|\u{202E}){0,24}".prop_map(Ev::Paste),
        2 => (1u16..200, 1u16..70).prop_map(|(w, h)| Ev::Resize(w, h)),
        3 => Just(Ev::Tick),
    ]
}

/// Runs events as the app loop would; returns the app, its store and the last size drawn.
fn play(events: &[Ev]) -> (App, Store, (u16, u16)) {
    let mut store = common::fixture_store();
    let mut app = App::new(today());
    app.printout_dir = common::tui::printout_dir();
    for e in [effects::Effect::LoadCaseload, effects::Effect::FindDrafts] {
        for a in effects::run(&mut store, e, today()) {
            update::update(&mut app, a);
        }
    }
    let mut size = (80, 24);
    for e in events {
        if app.quit {
            break;
        }
        match e {
            Ev::Key(k) => dispatch(&mut app, &mut store, Action::Key(*k)),
            Ev::Paste(s) => dispatch(&mut app, &mut store, Action::Paste(s.clone())),
            Ev::Resize(w, h) => size = (*w, *h),
            Ev::Tick => {
                if app.draft_dirty {
                    dispatch(&mut app, &mut store, Action::SaveDraftNow);
                }
            }
        }
        app.suspend = false;
        render(&app, size.0, size.1, true);
    }
    (app, store, size)
}

fn cases() -> u32 {
    std::env::var("PLP_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(32)
}

/// Every stored draft belongs to the student its key names.
fn drafts_are_their_own(store: &Store) -> Result<(), TestCaseError> {
    for d in store.drafts().unwrap() {
        let k = &d.key;
        prop_assert!(store.student_exists(&k.student).unwrap(), "{k:?}");
        match &k.record {
            DraftRecord::Existing(id) => {
                let owner = store.student_of(k.kind, id).unwrap();
                prop_assert_eq!(owner.as_deref(), Some(k.student.as_str()), "{:?}", k);
            }
            DraftRecord::New { under } => {
                if *k == DraftKey::checkin(&k.student) {
                    let body: serde_json::Value = serde_json::from_str(&d.body).unwrap();
                    prop_assert_eq!(body["student_id"].as_str(), Some(k.student.as_str()));
                }
                if let Some(goal) = under.as_ref().filter(|u| u.contains('-') && u.len() > 12) {
                    let owner = store.student_of(plp::store::Entity::Goal, goal).unwrap();
                    prop_assert_eq!(owner.as_deref(), Some(k.student.as_str()), "{:?}", k);
                }
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), max_shrink_iters: 2000, ..ProptestConfig::default() })]

    #[test]
    fn random_keys_pastes_and_resizes(events in prop::collection::vec(event(), 0..80)) {
        let (mut app, mut store, _) = play(&events);
        drafts_are_their_own(&store)?;
        if app.quit {
            return Ok(());
        }
        // What is on screen is kept, and comes back for the same record.
        // A composer holding only blanks is not worth a draft (by design): nothing to compare.
        let composer = app
            .composer
            .as_ref()
            .filter(|c| !c.is_empty())
            .map(|c| (c.student_id.clone(), c.editing.as_ref().map(|e| e.id.clone()), c.draft()));
        let forms: Vec<_> = app.overlays.iter().filter_map(|o| match o {
            Overlay::Form(f) if !f.changed().is_empty() => Some((f.draft_key(), f.target.student().to_string(), f.draft_body())),
            _ => None,
        }).collect();
        for e in update::draft_effects(&app) {
            for a in effects::run(&mut store, e, today()) {
                update::update(&mut app, a);
            }
        }
        drafts_are_their_own(&store)?;
        for (key, student, texts) in forms {
            prop_assert_eq!(&key.student, &student);
            let d = store.draft(&key).unwrap().expect("the form's draft is kept");
            let body: serde_json::Value = serde_json::from_str(&d.body).unwrap();
            prop_assert_eq!(body, serde_json::Value::Object(texts));
        }
        if let Some((student, editing, draft)) = composer {
            // A saved check-in being edited comes back when it is edited again.
            let open = match editing {
                Some(checkin) => effects::Effect::EditCheckin { student: student.clone(), checkin },
                None => effects::Effect::OpenComposer { student: student.clone() },
            };
            let reopened = effects::run(&mut store, open, today());
            if let Some(Action::ComposerOpened { composer: c, .. }) = reopened.into_iter().next() {
                prop_assert_eq!(&c.student_id, &student);
                let again = c.draft();
                prop_assert_eq!(again.words, draft.words);
                prop_assert_eq!(again.notes, draft.notes);
                prop_assert_eq!(again.steps, draft.steps);
                prop_assert_eq!(again.ratings, draft.ratings);
            } else {
                prop_assert!(false, "the composer reopens");
            }
        }
    }

    #[test]
    fn every_hint_shown_at_the_end_is_honoured(events in prop::collection::vec(event(), 0..60)) {
        let (app, _, size) = play(&events);
        if app.quit {
            return Ok(());
        }
        let ctx = app.ctx();
        for b in keymap::bindings(ctx).into_iter().filter(|b| b.hint) {
            let (mut app, _, _) = play(&events);
            let before = render(&app, 120, 40, true);
            app.status = None;
            let effects = update::update(&mut app, Action::Key(KeyEvent::new(b.code, b.mods)));
            let answered = app.status.is_some();
            let after = render(&app, 120, 40, true);
            prop_assert!(
                !effects.is_empty() || before != after || answered || app.quit || app.suspend,
                "{:?} shows \"{} {}\" but it did nothing (size {:?})",
                ctx, b.keys, b.label, size
            );
        }
    }
}
