//! Who may make a hub: `plp hub init` by a login that lacks a right it needs is refused in one
//! sentence saying who can do it or what lets it, and leaves the database and the server as
//! they were. This binary's server starts without plp's group roles (the first hub on a
//! server makes them), so no test here makes a hub before it has checked what it needs to.
//! Skipped, with the reason, where no server can start (fails instead under CI=true).

mod common;

use common::pg::{self, Cluster};

use common::hub_run as hub;

fn groups(c: &Cluster) -> i64 {
    c.client("postgres")
        .query_one(
            "SELECT count(*) FROM pg_roles WHERE rolname LIKE 'plp\\_%'",
            &[],
        )
        .unwrap()
        .get(0)
}

fn has_schema(c: &Cluster, db: &str) -> bool {
    c.client(db)
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'plp')",
            &[],
        )
        .unwrap()
        .get(0)
}

/// The first hub on a server makes plp's group roles: its owner needs to make roles, and one
/// who may not is refused before anything is made (not left with half a hub), then let.
#[test]
fn the_first_hub_on_a_server_by_an_owner_who_may_not_make_roles_is_not_half_made() {
    let Some(c) = pg::cluster() else { return };
    if groups(c) > 0 {
        eprintln!("skipped: the server holds plp's group roles already");
        return;
    }
    let url = c.new_database("rights_nocr");
    let db = Cluster::db_of(&url);
    c.client(&db)
        .batch_execute(&format!(
            "CREATE ROLE rights_nocr LOGIN PASSWORD 'pw-rights_nocr';
             ALTER DATABASE {db} OWNER TO rights_nocr;
             ALTER SCHEMA public OWNER TO rights_nocr;"
        ))
        .unwrap();
    let as_nocr = c.url_for(&db, "rights_nocr", "pw-rights_nocr");
    for _ in 0..2 {
        let (code, out, err) = hub(&["init", &as_nocr]);
        assert_eq!(code, 1, "{out}{err}");
        assert!(!has_schema(c, &db), "nothing of the hub is made: {err}");
        assert_eq!(
            err.trim_end(),
            "plp: login rights_nocr may not make roles on this server, so it cannot add the \
             hub's logins with plp hub user; a superuser can let it: ALTER ROLE rights_nocr \
             CREATEROLE; nothing was changed"
        );
        assert_eq!(groups(c), 0);
    }
    // Let, it makes the hub whole.
    c.client(&db)
        .batch_execute("ALTER ROLE rights_nocr CREATEROLE")
        .unwrap();
    let (code, out, err) = hub(&["init", &as_nocr]);
    assert_eq!(code, 0, "{out}{err}");
    let made = format!("(schema {})", plp::store::hub::KNOWN_VERSION);
    assert!(out.contains("made the hub") && out.contains(&made), "{out}");
    assert_eq!(groups(c), 4);
}
