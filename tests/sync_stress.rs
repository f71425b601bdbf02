//! Several advisors on one server file: four processes writing at once lose nothing and never
//! tell anyone the database is locked.

mod common;
use common::*;

#[test]
fn four_processes_writing_at_once_lose_nothing() {
    let (_d, db) = demo_db();
    let per = 45;
    let handles: Vec<_> = (0..4)
        .map(|p| {
            let db = db.clone();
            std::thread::spawn(move || {
                for i in 0..per {
                    let mut c = plp(&db);
                    if i % 3 == 2 {
                        c.args(["set", "Hana", "interests", &format!("p{p} i{i}")]);
                    } else {
                        c.args([
                            "checkin",
                            "Hana",
                            "--said",
                            &format!("process {p} note {i}"),
                        ]);
                    }
                    let out = c.output().unwrap();
                    let err = String::from_utf8_lossy(&out.stderr).to_string();
                    assert!(out.status.success(), "process {p} write {i}: {err}");
                    assert!(!err.contains("locked") && !err.contains("busy"), "{err}");
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let store = plp::store::Store::open_existing(&db).unwrap();
    let id = store.find_student("Hana").unwrap();
    let words: Vec<String> = store
        .student(&id)
        .unwrap()
        .checkins
        .into_iter()
        .map(|c| c.student_words)
        .collect();
    for p in 0..4 {
        for i in (0..per).filter(|i| i % 3 != 2) {
            assert!(
                words.contains(&format!("process {p} note {i}")),
                "lost p{p} i{i}"
            );
        }
    }
    // Every profile edit is in the history.
    let history: Vec<String> = store
        .history(&id, "interests")
        .unwrap()
        .into_iter()
        .map(|r| r.value.as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(history.len(), 1 + 4 * (per / 3));
    // The change log numbers each change of the shared replica once.
    let ops = store.ops().unwrap();
    let mut seqs: Vec<i64> = ops
        .iter()
        .filter(|o| o.replica == store.replica())
        .map(|o| o.seq)
        .collect();
    seqs.sort();
    seqs.dedup();
    assert_eq!(
        seqs.len(),
        ops.iter().filter(|o| o.replica == store.replica()).count()
    );
}
