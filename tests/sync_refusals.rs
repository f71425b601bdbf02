//! A received change that cannot be taken is refused, in one sentence, with every later change
//! from the same replica; everything else is synced, and the log never has a gap.

mod common;
use common::*;
use plp::store::{Op, Store};
use std::path::Path;

/// An edit of a student's strengths, from replica `replica`, number `seq`.
fn edit(template: &Op, replica: &str, seq: i64, text: &str) -> Op {
    Op {
        id: uuid::Uuid::now_v7().to_string(),
        replica: replica.into(),
        seq,
        field: "strengths".into(),
        value: text.into(),
        base: Vec::new(),
        ..template.clone()
    }
}

fn write_bundle(dir: &Path, replica: &str, ops: &[Op]) {
    let body: String = ops
        .iter()
        .map(|o| serde_json::to_string(o).unwrap() + "\n")
        .collect();
    let name = format!(
        "{replica}.{}-{}.plpchanges",
        ops[0].seq,
        ops[ops.len() - 1].seq
    );
    std::fs::write(dir.join(name), body).unwrap();
}

fn student_edit(db: &Path) -> Op {
    Store::open_existing(db)
        .unwrap()
        .ops()
        .unwrap()
        .into_iter()
        .find(|o| o.entity == "student" && o.field == "*")
        .unwrap()
}

#[test]
fn a_change_reusing_an_id_is_refused_with_what_follows_and_the_rest_is_synced() {
    let (dir, school) = demo_db();
    let laptop = dir.path().join("laptop.db");
    plp(&laptop).arg("sync").arg(&school).assert().success();
    let template = student_edit(&school);
    let taken_id = Store::open_existing(&school).unwrap().ops().unwrap()[3]
        .id
        .clone();
    let folder = dir.path().join("stick");
    std::fs::create_dir(&folder).unwrap();
    let first = edit(&template, "c0ffee", 1, "First from c0ffee");
    let mut second = edit(&template, "c0ffee", 2, "Second from c0ffee");
    second.id = taken_id.clone();
    let third = edit(&template, "c0ffee", 3, "Third from c0ffee");
    write_bundle(&folder, "c0ffee", &[first, second, third]);
    write_bundle(
        &folder,
        "beef",
        &[edit(&template, "beef", 1, "Only from beef")],
    );

    let own = Store::open_existing(&school).unwrap().op_count().unwrap();
    let mut c = plp(&school);
    c.arg("sync").arg("--bundle").arg(&folder);
    let (code, out, err) = run(c);
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        out,
        format!("sent {own} changes, received 2, 1 new conflict (see plp conflicts)\n")
    );
    assert_eq!(
        err,
        format!(
            "plp: change {taken_id} was refused: it reuses the id of a different change; so was \
             the 1 later change from the same replica\n\
             plp: some received changes were refused (above); everything else was synced\n"
        )
    );
    let school_store = Store::open_existing(&school).unwrap();
    let vv = school_store.version_vector().unwrap();
    assert_eq!(vv.get("c0ffee"), Some(&1));
    assert_eq!(vv.get("beef"), Some(&1));
    assert!(school_store.unbacked_versions().unwrap().is_empty());
    drop(school_store);

    // Every later sync still works, both ways, and the replicas agree.
    plp(&laptop)
        .arg("sync")
        .arg(&school)
        .assert()
        .success()
        .stdout("sent 0 changes, received 2, 1 new conflict (see plp conflicts)\n");
    plp(&school)
        .arg("check")
        .assert()
        .success()
        .stdout(predicates::str::starts_with("ok: "));
    let fresh = dir.path().join("fresh.db");
    plp(&fresh).arg("sync").arg(&laptop).assert().success();
    plp(&school)
        .arg("sync")
        .arg(&fresh)
        .assert()
        .success()
        .stdout("sent 0 changes, received 0; 1 conflict waits for a choice (see plp conflicts)\n");
}

#[test]
fn check_sets_back_a_version_vector_the_log_does_not_back_and_the_change_comes_back() {
    let (dir, school) = demo_db();
    let laptop = dir.path().join("laptop.db");
    plp(&laptop).arg("sync").arg(&school).assert().success();
    plp(&school)
        .args(["checkin", "Hana", "--said", "Before the damage"])
        .assert()
        .success();
    plp(&school)
        .args(["checkin", "Hana", "--said", "Lost by the damage"])
        .assert()
        .success();
    plp(&laptop).arg("sync").arg(&school).assert().success();
    // What a colliding id used to leave behind: the vector claims a change the log lacks.
    let replica = Store::open_existing(&school).unwrap().replica().to_string();
    let claimed = {
        let s = Store::open_existing(&laptop).unwrap();
        let ops = s.ops_of_replica_after(&replica, 0).unwrap();
        ops.last().unwrap().seq
    };
    let conn = rusqlite::Connection::open(&laptop).unwrap();
    conn.execute(
        "DELETE FROM ops WHERE seq = ?1 AND replica = (SELECT n FROM replicas WHERE id = ?2)",
        rusqlite::params![claimed, replica],
    )
    .unwrap();
    drop(conn);

    let mut c = plp(&laptop);
    c.arg("check");
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        format!(
            "the version vector claimed changes 1 to {claimed} of replica {replica}, but the log \
             holds them only to {}: set back to {}, so the next sync asks for the rest\n\
             rebuilt the tables from the change log ({} operations): they had disagreed\n",
            claimed - 1,
            claimed - 1,
            Store::open_existing(&laptop).unwrap().op_count().unwrap()
        )
    );
    plp(&laptop)
        .arg("sync")
        .arg(&school)
        .assert()
        .success()
        .stdout("sent 0 changes, received 1\n");
    assert_eq!(
        Store::open_existing(&laptop)
            .unwrap()
            .dump_tables()
            .unwrap(),
        Store::open_existing(&school)
            .unwrap()
            .dump_tables()
            .unwrap()
    );
    plp(&laptop)
        .arg("check")
        .assert()
        .success()
        .stdout(predicates::str::starts_with("ok: "));
}

/// A far file whose log holds a value altered into bytes that are no value: the sync names
/// that file, takes nothing from it as a null in the value's place, and this file's students
/// stay as they were.
#[test]
fn a_damaged_value_in_the_far_file_stops_the_sync_and_names_that_file() {
    let (dir, far) = demo_db();
    damage_a_stored_value(&far);
    let here = dir.path().join("here.db");
    plp(&here)
        .args(["import", "roster", "data/roster-sample.csv"])
        .assert()
        .success();
    let students = |db: &Path| {
        let (_, out, _) = run({
            let mut c = plp(db);
            c.args(["export", "--all", "--format", "json"]);
            c
        });
        out
    };
    let before = students(&here);
    let mut c = plp(&here);
    c.arg("sync").arg(&far);
    let err = fails_with(c, 1, "holds a damaged value that cannot be read");
    assert!(err.contains(&far.display().to_string()), "{err}");
    assert_eq!(students(&here), before);
}

/// An empty target (a variable that was never set, `plp sync "$SERVER"`) is named as empty,
/// before any file is opened or made.
#[test]
fn an_empty_target_is_said_to_be_empty() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    for target in ["", "  "] {
        let mut c = plp(&db);
        c.args(["sync", target]);
        let err = fails_with(
            c,
            2,
            "the target is empty: name a database, host:path, or --bundle DIR",
        );
        assert!(!err.contains("does not exist"), "{err}");
    }
    assert!(!db.exists());
}
