//! A check-in can be restricted whole, not only its notes: stored, synced, carried through the
//! portable document (and left out of it unless asked for), and read from older files as notes.

mod common;

use plp::domain::{CheckIn, NextStep, Restriction};
use plp::portable::{export_document, import_document};
use plp::store::Store;

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

fn whole_checkin(store: &mut Store) -> (String, String) {
    let amara = store.find_student("Amara").unwrap();
    let record = store.student(&amara).unwrap();
    let goal = &record.plans.last().unwrap().goals[0];
    let mut c = CheckIn {
        student_id: amara.clone(),
        date: Some(today()),
        kind: plp::domain::CheckInKind::Parent,
        attended: vec!["student".into(), "Aunt Grace".into()],
        progress: vec![plp::domain::GoalProgress {
            goal: goal.goal.id.clone(),
            rating: 1,
        }],
        verdicts: vec![plp::domain::StrategyVerdict {
            strategy: goal.strategies[0].id.clone(),
            verdict: plp::domain::Verdict::NotWorking,
            note: String::new(),
        }],
        next_date: Some(today() + chrono::Duration::days(14)),
        student_words: "Things at home are hard right now.".into(),
        notes: "Spoke to the counselor.".into(),
        next_steps: vec![NextStep {
            text: "See the counselor on Friday".into(),
            owner: "student".into(),
        }],
        ..Default::default()
    };
    c.set_restriction(Restriction::Whole);
    let id = store.write(|w| w.add_checkin(&c)).unwrap();
    (amara, id)
}

#[test]
fn a_whole_restriction_is_stored_synced_and_kept_out_of_exports() {
    let mut store = common::fixture_store();
    let (amara, id) = whole_checkin(&mut store);
    let read: CheckIn = store
        .get(plp::store::Entity::CheckIn, &id)
        .unwrap()
        .unwrap();
    assert_eq!(read.restriction(), Restriction::Whole);

    let mut other = Store::in_memory().unwrap();
    plp::sync::local::sync_stores(&mut other, &mut store).unwrap();
    let synced: CheckIn = other
        .get(plp::store::Entity::CheckIn, &id)
        .unwrap()
        .unwrap();
    assert_eq!(synced.restriction(), Restriction::Whole, "it syncs");

    let doc = export_document(&store, std::slice::from_ref(&amara), false, today()).unwrap();
    let text = serde_json::to_string(&doc).unwrap();
    for secret in [
        "Things at home",
        "Spoke to the counselor",
        "See the counselor on Friday",
    ] {
        assert!(!text.contains(secret), "{secret} is left out");
    }
    // Only that it was held, its kind, its day and the next date it set: not who was there or
    // what it rated.
    let held = doc.students[0]
        .checkins
        .iter()
        .find(|c| c.id.as_deref() == Some(id.as_str()))
        .unwrap();
    assert_eq!(held.kind, plp::domain::CheckInKind::Parent);
    assert!(held.attended.is_empty() && held.progress.is_empty() && held.verdicts.is_empty());
    assert_eq!(held.date, Some(today()));
    assert_eq!(held.next_date, Some(today() + chrono::Duration::days(14)));
    assert!(!text.contains("Aunt Grace"));
    let doc = export_document(&store, std::slice::from_ref(&amara), true, today()).unwrap();
    let text = serde_json::to_string(&doc).unwrap();
    assert!(text.contains("Things at home") && text.contains("See the counselor on Friday"));

    // Brought in elsewhere, it is still restricted whole.
    let mut fresh = Store::in_memory().unwrap();
    fresh
        .write(|w| import_document(w, &doc).map(|_| ()))
        .unwrap();
    let sid = fresh.find_student("Amara").unwrap();
    let rec = fresh.student(&sid).unwrap();
    let c = rec
        .checkins
        .iter()
        .find(|c| c.student_words.starts_with("Things at home"))
        .unwrap();
    assert_eq!(c.restriction(), Restriction::Whole);
    assert_eq!(
        c.kind,
        plp::domain::CheckInKind::Parent,
        "asked for, it leaves whole"
    );
    assert_eq!((c.progress.len(), c.verdicts.len()), (1, 1));
}

#[test]
fn a_record_from_before_whole_restriction_reads_restricted_notes_as_notes() {
    // What an older plp writes: a check-in whose change carries `restricted` and no
    // `restricted_whole`.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let mut store = Store::open(&path).unwrap();
    let amara = store
        .write(|w| {
            w.add_student(&plp::domain::Student {
                sis_id: "1".into(),
                given_name: "Ana".into(),
                ..Default::default()
            })
        })
        .unwrap();
    let id = plp::store::new_id();
    let old = serde_json::json!({
        "student_id": amara, "date": "2026-11-02", "kind": "check-in",
        "notes": "private", "restricted": true
    });
    store
        .write(|w| w.create(plp::store::Entity::CheckIn, &id, old.clone()))
        .unwrap();
    let read = |store: &Store| -> CheckIn {
        store
            .get(plp::store::Entity::CheckIn, &id)
            .unwrap()
            .unwrap()
    };
    assert_eq!(read(&store).restriction(), Restriction::Notes);
    store.rebuild().unwrap();
    assert_eq!(read(&store).restriction(), Restriction::Notes, "rebuilt");
    // An old portable document means the same.
    let doc = plp::portable::Document::from_json(
        r#"{"format":"plp","version":1,"students":[{"sis_id":"2","given_name":"Bo",
            "checkins":[{"date":"2026-11-02","notes":"private","restricted":true}]}]}"#,
    )
    .unwrap();
    store
        .write(|w| import_document(w, &doc).map(|_| ()))
        .unwrap();
    let bo = store.find_student("Bo").unwrap();
    let c = &store.student(&bo).unwrap().checkins[0];
    assert_eq!(c.restriction(), Restriction::Notes);
}
