//! `plp export --all` writes its document a student at a time: the text must be exactly the
//! pretty-printed document held whole, for none, one and many students.

use chrono::NaiveDate;
use plp::portable::{export_document, write_document};
use plp::store::{Store, StoreError};

fn streamed(store: &Store, ids: &[String], today: NaiveDate) -> String {
    let mut out = String::new();
    write_document(store, ids, false, today, &mut |piece| {
        out.push_str(piece);
        Ok::<_, StoreError>(())
    })
    .unwrap();
    out
}

#[test]
fn the_streamed_export_is_the_whole_document() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    assert!(std::process::Command::new(env!("CARGO_BIN_EXE_plp"))
        .args(["demo", "--no-open", "--students", "12", "--db"])
        .arg(&db)
        .env("PLP_TODAY", "2026-11-24")
        .status()
        .unwrap()
        .success());
    let store = Store::open(&db).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let ids: Vec<String> = store
        .caseload(today, true)
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(ids.len(), 12);
    for some in [&ids[..0], &ids[..1], &ids[..]] {
        let whole = export_document(&store, some, false, today).unwrap();
        let text = streamed(&store, some, today);
        assert_eq!(text, serde_json::to_string_pretty(&whole).unwrap());
    }
}
