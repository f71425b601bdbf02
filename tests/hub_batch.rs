//! A pushed batch taken in by one statement-level step (hub schema 10): the owners and the
//! records it makes are worked out together, and the views and report tables still agree with
//! the log after pushes, conflicts, restricted notes, a record whose edit came before its
//! creation, and an upgrade from schema 9.
//! Skipped, with the reason, where no server can start (fails instead under CI=true).

mod common;

use std::path::Path;

use common::pg::{self, views_agree, Cluster};
use common::{plp_args, push_whole_log, succeeds};
use plp::store::hub::{Hub, KNOWN_VERSION};
use plp::store::Op;

/// A goal of student `s1` made as change `seq` of replica `a` (or, with `field`, an edit of
/// that field).
fn goal(seq: i64, goal: &str, field: Option<&str>) -> Op {
    let value = match field {
        None => serde_json::json!({"id": goal, "student_id": "s1", "plan_id": "p1",
                                   "title": "Reads", "domain": "academic", "status": "active"}),
        Some(_) => serde_json::json!("Reads every night"),
    };
    Op {
        id: format!("a-{seq}"),
        replica: "a".to_string(),
        seq,
        hlc: format!("{:015}.{:010}", 1_700_000_000_000i64 + seq, 0),
        author: "someone".into(),
        entity: "goal".into(),
        entity_id: goal.to_string(),
        field: field.unwrap_or("*").to_string(),
        value,
        base: Vec::new(),
    }
}

fn title(su: &mut postgres::Client, goal: &str) -> Option<String> {
    su.query_opt("SELECT title FROM plp.v_goals WHERE id = $1", &[&goal])
        .unwrap()
        .map(|r| r.get(0))
}

#[test]
fn a_record_whose_edit_came_before_it_without_a_student_is_made_from_the_whole_log() {
    let Some(c) = pg::cluster() else { return };
    let url = c.new_database("batch_unowned");
    succeeds(plp_args(
        Path::new("/nonexistent/unused.db"),
        &["hub", "init", &url],
    ));
    let mut su = c.client(&Cluster::db_of(&url));
    let mut hub = Hub::open(&url).unwrap();
    // An edit of a goal the pusher did not know the student of: no owner row comes of it.
    hub.push_batch(&[goal(1, "g1", Some("title"))], &[String::new()])
        .unwrap();
    // Then the goal's creation, alone in its batch, beside another goal that only it names:
    // the first is made from both changes, the second straight from its row.
    hub.push_batch(
        &[goal(2, "g1", None), goal(3, "g2", None)],
        &["s1".into(), "s1".into()],
    )
    .unwrap();
    assert_eq!(title(&mut su, "g1").as_deref(), Some("Reads every night"));
    assert_eq!(title(&mut su, "g2").as_deref(), Some("Reads"));
    views_agree(&mut su);
    // A record named by two rows of one batch, a creation and an edit, is made from both.
    hub.push_batch(
        &[goal(4, "g3", None), goal(5, "g3", Some("title"))],
        &["s1".into(), "s1".into()],
    )
    .unwrap();
    assert_eq!(title(&mut su, "g3").as_deref(), Some("Reads every night"));
    views_agree(&mut su);
}

#[test]
fn a_hub_at_schema_9_is_upgraded_and_agrees_with_the_log_after_conflicts_and_restricted_notes() {
    let Some(c) = pg::cluster() else { return };
    let url = c.hub_at("batch_upgrade", 9);
    let mut su = c.client(&Cluster::db_of(&url));
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.db");
    let b = dir.path().join("b.db");
    succeeds(plp_args(&a, &["demo", "--no-open"]));
    // The school pushed while the hub was at schema 9.
    push_whole_log(&url, &a);
    let out = succeeds(plp_args(
        Path::new("/nonexistent/unused.db"),
        &["hub", "init", &url],
    ));
    assert!(
        out.contains(&format!("from schema 9 to {KNOWN_VERSION}")),
        "{out}"
    );
    let triggers: Vec<String> = su
        .query(
            "SELECT tgname::text FROM pg_trigger
             WHERE tgrelid = 'plp.changes'::regclass AND NOT tgisinternal ORDER BY 1",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert!(triggers.contains(&"changes_take_in".to_string()));
    assert!(!triggers.contains(&"changes_to_records".to_string()));
    assert!(!triggers.contains(&"changes_check_owners".to_string()));
    views_agree(&mut su);

    // A second replica, a conflict made through the hub, and restricted notes on both sides.
    succeeds(plp_args(&a, &["sync", &url]));
    succeeds(plp_args(&b, &["sync", &url]));
    succeeds(plp_args(
        &a,
        &["set", "Kit", "strengths", "Writes every day"],
    ));
    succeeds(plp_args(
        &b,
        &["set", "Kit", "strengths", "Runs the light board"],
    ));
    succeeds(plp_args(
        &a,
        &[
            "checkin",
            "Hana",
            "--said",
            "Met at school",
            "--notes",
            "BATCH-SECRET",
            "--restricted",
        ],
    ));
    succeeds(plp_args(
        &b,
        &["checkin", "Kit", "--said", "Met on the laptop"],
    ));
    succeeds(plp_args(&a, &["sync", &url]));
    succeeds(plp_args(&b, &["sync", &url]));
    succeeds(plp_args(&a, &["sync", &url]));
    let conflicts: i64 = su
        .query_one("SELECT count(*) FROM plp.conflicts", &[])
        .unwrap()
        .get(0);
    assert_eq!(conflicts, 1, "the two edits of Kit's strengths disagree");
    let restricted: bool = su
        .query_one(
            "SELECT restricted FROM plp.record_notes WHERE notes = 'BATCH-SECRET'",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(restricted);
    views_agree(&mut su);
    let out = succeeds(plp_args(
        Path::new("/nonexistent/unused.db"),
        &["hub", "check-views", &url],
    ));
    assert!(out.contains("agree with the log"), "{out}");
}
