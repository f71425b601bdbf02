//! The district hub against a real PostgreSQL server: set-up, connection failures, and sync
//! between SQLite replicas through it. Skipped, with the reason, where no server can start
//! (fails instead under CI=true).

mod common;

use common::pg::{self, Cluster};
use common::{fails_with, plp, run};

/// `plp hub …` with no database of its own.
fn hub_cmd(args: &[&str]) -> assert_cmd::Command {
    hub_env(args, &[])
}

/// `plp hub …` with some environment variables set.
fn hub_env(args: &[&str], vars: &[(&str, &std::path::Path)]) -> assert_cmd::Command {
    let dir = std::env::temp_dir();
    let mut c = plp(&dir.join("plp-hub-unused.db"));
    c.arg("hub").args(args).env_remove("PGPASSWORD");
    for (k, v) in vars {
        c.env(k, v);
    }
    c
}

#[test]
fn init_twice_changes_nothing_the_second_time() {
    let Some(c) = pg::cluster() else { return };
    let url = c.new_database("init");
    let (code, out, err) = run(hub_cmd(&["init", &url]));
    assert_eq!(code, 0, "{err}");
    let known = plp::store::hub::KNOWN_VERSION;
    assert!(
        out.contains("made the hub") && out.contains(&format!("(schema {known})")),
        "{out}"
    );
    let db = Cluster::db_of(&url);
    let tables = |c: &Cluster| -> Vec<String> {
        c.client(&db)
            .query(
                "SELECT table_name::text FROM information_schema.tables
                 WHERE table_schema = 'plp' ORDER BY 1",
                &[],
            )
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect()
    };
    let before = tables(c);
    for t in ["changes", "meta", "owners", "replicas"] {
        assert!(before.iter().any(|b| b == t), "{before:?}");
    }
    let (code, out, _) = run(hub_cmd(&["init", &url]));
    assert_eq!(code, 0);
    assert!(
        out.contains(&format!("already at schema {known}; nothing was changed")),
        "{out}"
    );
    assert_eq!(tables(c), before);
}

#[test]
fn a_hub_made_by_a_newer_plp_is_refused_in_one_sentence() {
    let Some(c) = pg::cluster() else { return };
    let url = c.new_database("newer");
    assert_eq!(run(hub_cmd(&["init", &url])).0, 0);
    let db = Cluster::db_of(&url);
    c.client(&db)
        .batch_execute("UPDATE plp.meta SET value = '99' WHERE key = 'schema_version'")
        .unwrap();
    let err = fails_with(
        hub_cmd(&["init", &url]),
        1,
        "made by a newer plp (hub schema 99",
    );
    assert!(err.contains("nothing was changed"), "{err}");
    let v: String = c
        .client(&db)
        .query_one("SELECT value FROM plp.meta", &[])
        .unwrap()
        .get(0);
    assert_eq!(v, "99");
}

#[test]
fn a_database_with_a_foreign_plp_schema_is_not_a_hub() {
    let Some(c) = pg::cluster() else { return };
    let url = c.new_database("foreign");
    let db = Cluster::db_of(&url);
    c.client(&db)
        .batch_execute("CREATE SCHEMA plp; CREATE TABLE plp.things (x int)")
        .unwrap();
    fails_with(hub_cmd(&["init", &url]), 1, "is not a plp hub");
}

#[test]
fn connection_failures_are_one_sentence_without_the_password() {
    let Some(c) = pg::cluster() else { return };
    let url = c.new_database("conn");
    let db = Cluster::db_of(&url);
    c.client(&db)
        .batch_execute("CREATE ROLE ana LOGIN PASSWORD 'Right-Pass-42'")
        .unwrap();
    // Nothing listening on the port.
    let nobody = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let down = format!("postgresql://ana:Sekrit-1@127.0.0.1:{nobody}/{db}?sslmode=disable");
    let err = fails_with(hub_cmd(&["init", &down]), 1, "cannot be reached");
    assert!(!err.contains("Sekrit-1"), "{err}");
    // A wrong password.
    let wrong = c.url_for(&db, "ana", "Wrong-Pass-7");
    let err = fails_with(
        hub_cmd(&["init", &wrong]),
        1,
        "refused the password for login ana",
    );
    assert!(!err.contains("Wrong-Pass-7"), "{err}");
    // A database that is not there.
    let missing = c.url_for("no_such_db", "ana", "Right-Pass-42");
    let err = fails_with(
        hub_cmd(&["init", &missing]),
        1,
        "there is no database no_such_db",
    );
    assert!(!err.contains("Right-Pass-42"), "{err}");
    // A login without the right to create the hub's schema.
    let right = c.url_for(&db, "ana", "Right-Pass-42");
    let err = fails_with(hub_cmd(&["init", &right]), 1, "login ana may not do this");
    assert!(!err.contains("Right-Pass-42"), "{err}");
    // No password at all.
    fails_with(
        hub_env(
            &[
                "init",
                &format!(
                    "postgresql://ana@127.0.0.1:{}/{db}?sslmode=disable",
                    c.port()
                ),
            ],
            &[("PGPASSFILE", std::path::Path::new("/nonexistent"))],
        ),
        1,
        "asks a password for login ana",
    );
    // The password from PGPASSWORD, or from a private ~/.pgpass, is used.
    let plain = format!(
        "postgresql://ana@127.0.0.1:{}/{db}?sslmode=disable",
        c.port()
    );
    fails_with(
        hub_env(
            &["init", &plain],
            &[("PGPASSWORD", std::path::Path::new("Right-Pass-42"))],
        ),
        1,
        "login ana may not do this",
    );
    let home = tempfile::tempdir().unwrap();
    let pgpass = home.path().join(".pgpass");
    std::fs::write(&pgpass, format!("127.0.0.1:*:{db}:ana:Right-Pass-42\n")).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o600)).unwrap();
    fails_with(
        hub_env(&["init", &plain], &[("HOME", home.path())]),
        1,
        "login ana may not do this",
    );
    // A password file others can read is passed over, as libpq does.
    std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o644)).unwrap();
    fails_with(
        hub_env(&["init", &plain], &[("HOME", home.path())]),
        1,
        "asks a password",
    );
}
