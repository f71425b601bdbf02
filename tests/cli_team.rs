//! `plp team`: a member added twice is refused, naming the one already there.

mod common;
use common::*;

#[test]
fn adding_a_member_already_on_the_team_is_refused_and_changes_nothing() {
    let (_d, db) = demo_db();
    let mut c = plp(&db);
    c.args(["team", "Kit", "add", "Ana Ruiz", "--role", "parent"]);
    succeeds(c);
    let before = dump(&db);
    let mut c = plp(&db);
    c.args(["team", "Kit", "add", "  ana   RUIZ ", "--role", "Parent"]);
    let err = fails_with(c, 1, "already has Ana Ruiz (parent) on the team");
    assert!(
        err.contains("change them with plp team ") && err.contains(" set \"Ana Ruiz\" FIELD VALUE"),
        "{err}"
    );
    assert_eq!(dump(&db), before);
    let mut c = plp(&db);
    c.args(["team", "Kit"]);
    let listed = succeeds(c);
    assert_eq!(listed.matches("Ana Ruiz").count(), 1, "{listed}");
    // Another role is another place on the team; another student has a team of their own.
    let mut c = plp(&db);
    c.args(["team", "Kit", "add", "Ana Ruiz", "--role", "mentor"]);
    succeeds(c);
    let mut c = plp(&db);
    c.args(["students", "--format", "csv"]);
    let listed = succeeds(c);
    let other = listed
        .lines()
        .skip(1)
        .find(|l| !l.contains("Kit"))
        .and_then(|l| l.split(',').next())
        .unwrap();
    let mut c = plp(&db);
    c.args(["team", other, "add", "Ana Ruiz", "--role", "parent"]);
    succeeds(c);
}

/// Setting a member's field to what it holds writes nothing and says so, as `plp set` does.
#[test]
fn setting_a_members_field_to_what_it_holds_writes_nothing() {
    let (_d, db) = demo_db();
    let mut c = plp(&db);
    c.args(["team", "Kit", "add", "Ana Ruiz", "--role", "parent"]);
    succeeds(c);
    let mut c = plp(&db);
    c.args(["team", "Kit", "set", "Ana Ruiz", "language", "es"]);
    assert!(succeeds(c).contains("Ana Ruiz's language set"));
    let ops = || {
        plp::store::Store::open_existing(&db)
            .unwrap()
            .op_count()
            .unwrap()
    };
    let before = ops();
    let mut c = plp(&db);
    c.args(["team", "Kit", "set", "Ana Ruiz", "language", "Spanish"]);
    assert!(succeeds(c).contains("Ana Ruiz's language unchanged"));
    assert_eq!(ops(), before, "no change written");
}
