//! The district hub against a real PostgreSQL server: set-up, connection failures, and sync
//! between SQLite replicas through it. Skipped, with the reason, where no server can start
//! (fails instead under CI=true).

mod common;

use common::pg::{self, Cluster};
use common::{fails_with, hub_cmd, plp, run};

/// `plp hub …` with some environment variables set.
fn hub_env(args: &[&str], vars: &[(&str, &std::path::Path)]) -> assert_cmd::Command {
    let mut c = hub_cmd(args);
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
        .query_one(
            "SELECT value FROM plp.meta WHERE key = 'schema_version'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(v, "99");
}

/// A hub older than this plp is upgraded by its owner: the owner is told to run plp hub init,
/// and any other login that its owner (named) does it, by sync and by init alike, which change
/// nothing.
#[test]
fn an_older_hub_is_the_owners_to_upgrade_and_others_are_told_who_that_is() {
    let Some(c) = pg::cluster() else { return };
    let url = c.new_database("older");
    let db = Cluster::db_of(&url);
    c.client(&db)
        .batch_execute(&format!(
            "CREATE ROLE older_dba LOGIN CREATEROLE PASSWORD 'pw-older_dba';
             ALTER DATABASE {db} OWNER TO older_dba;"
        ))
        .unwrap();
    let as_dba = c.url_for(&db, "older_dba", "pw-older_dba");
    assert_eq!(run(hub_cmd(&["init", &as_dba])).0, 0);
    let mut made = hub_cmd(&[
        "user",
        &as_dba,
        "older_tj",
        "--role",
        "teacher",
        "--password-stdin",
    ]);
    made.write_stdin("pw-older_tj\n");
    let (code, out, err) = run(made);
    assert_eq!(code, 0, "{out}{err}");
    let known = plp::store::hub::KNOWN_VERSION;
    let older = known - 1;
    c.client(&db)
        .batch_execute(&format!(
            "UPDATE plp.meta SET value = '{older}' WHERE key = 'schema_version'"
        ))
        .unwrap();
    let as_tj = c.url_for(&db, "older_tj", "pw-older_tj");
    let dir = tempfile::tempdir().unwrap();
    let laptop = dir.path().join("laptop.db");
    let told = format!(
        "has schema {older} and this plp needs {known}: the hub's owner, older_dba, upgrades it \
         with plp hub init; nothing was changed"
    );
    for cmd in [sync_cmd(&laptop, &as_tj), hub_cmd(&["init", &as_tj])] {
        let (code, out, err) = run(cmd);
        assert_eq!(code, 1, "{out}{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(&told), "{err}");
    }
    let version: String = c
        .client(&db)
        .query_one(
            "SELECT value FROM plp.meta WHERE key = 'schema_version'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(version, older.to_string());
    // The owner is told to upgrade it.
    let (code, _, err) = run(sync_cmd(&laptop, &as_dba));
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(&format!("needs {known}: run plp hub init")),
        "{err}"
    );
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
    // With a `meta` table of its own, without plp's columns, or with a key that is no number.
    for meta in [
        "CREATE TABLE plp.meta (k text, v text)",
        "CREATE TABLE plp.meta (key text, value int); \
         INSERT INTO plp.meta VALUES ('schema_version', 3)",
    ] {
        c.client(&db)
            .batch_execute(&format!("DROP TABLE IF EXISTS plp.meta; {meta}"))
            .unwrap();
        let err = fails_with(hub_cmd(&["init", &url]), 1, "");
        assert!(
            err.contains("is not a plp hub (it has a plp schema that plp did not make)"),
            "{meta}: {err}"
        );
        let dir = tempfile::tempdir().unwrap();
        let mut sync = plp(&dir.path().join("f.db"));
        sync.args(["sync", &url]);
        let (code, _, err) = run(sync);
        assert_eq!(code, 1, "{err}");
        assert!(err.contains("is not a plp hub"), "{meta}: {err}");
    }
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
    assert!(err.contains("check the database name in the URL"), "{err}");
    // A login without the right to create the hub's schema: told who makes the hub, or what
    // lets it, and nothing is made.
    let right = c.url_for(&db, "ana", "Right-Pass-42");
    let err = fails_with(
        hub_cmd(&["init", &right]),
        1,
        &format!(
            "login ana may not make a hub in the database {db}: a hub is made by the \
             database's owner, "
        ),
    );
    assert!(
        err.contains(&format!(
            "with plp hub init, or {owner} lets ana make one (GRANT CREATE ON DATABASE {db} TO \
             ana); nothing was changed",
            owner = c.super_user()
        )) && err.lines().count() == 1,
        "{err}"
    );
    assert!(
        !err.contains("Right-Pass-42") && !err.contains("permission denied"),
        "{err}"
    );
    let made: bool = c
        .client(&db)
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'plp')",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(!made);
    // A database with no hub, reached by a login that could not make one there: most likely
    // the wrong database, not a hub still to make; its owner is told to make it.
    let err = fails_with(
        hub_cmd(&["user", &right, "t1", "--role", "teacher"]),
        1,
        "is not a plp hub: this database holds no hub; check the database name in the URL (a \
         hub is made by the database's owner with plp hub init)",
    );
    assert!(!err.contains("Right-Pass-42"), "{err}");
    fails_with(
        hub_cmd(&["user", &url, "t1", "--role", "teacher"]),
        1,
        "is not a plp hub yet: run plp hub init with its URL first",
    );
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
        "asks a password for login ana; give it in /nonexistent (which PGPASSFILE names, and \
         which is not there), in PGPASSWORD, or in the URL",
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
        "login ana may not make a hub",
    );
    let home = tempfile::tempdir().unwrap();
    let pgpass = home.path().join(".pgpass");
    std::fs::write(&pgpass, format!("127.0.0.1:*:{db}:ana:Right-Pass-42\n")).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o600)).unwrap();
    fails_with(
        hub_env(&["init", &plain], &[("HOME", home.path())]),
        1,
        "login ana may not make a hub",
    );
    // A password file others can read is passed over, as libpq does, and the sentence says so.
    std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o644)).unwrap();
    let err = fails_with(
        hub_env(&["init", &plain], &[("HOME", home.path())]),
        1,
        "asks a password",
    );
    assert!(
        err.contains(&format!(
            "({} was passed over, as others can read it: chmod 600 {})",
            pgpass.display(),
            pgpass.display()
        )),
        "{err}"
    );
    assert!(!err.contains("Right-Pass-42"), "{err}");
}

/// A host name that is not found, and an address where something takes the connection and
/// closes it before any PostgreSQL server answers, are each one plain sentence (not a name
/// lookup's own words, nor a connection "cut" that was never made). No server is needed.
#[test]
fn a_host_not_found_or_not_answering_is_one_plain_sentence() {
    let err = fails_with(
        hub_cmd(&[
            "init",
            "postgresql://ana:Sekrit-1@nonexistent.invalid/hub?sslmode=disable&connect_timeout=5",
        ]),
        1,
        "the hub's host nonexistent.invalid could not be found",
    );
    assert!(err.contains("check the host name in the URL"), "{err}");
    assert!(
        !err.contains("lookup") && !err.contains("Sekrit-1"),
        "{err}"
    );
    // Something listening that closes every connection at once.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            drop(conn);
        }
    });
    for sslmode in ["disable", "prefer"] {
        let err = fails_with(
            hub_cmd(&[
                "init",
                &format!("postgresql://ana@127.0.0.1:{port}/hub?sslmode={sslmode}"),
            ]),
            1,
            &format!(
                "the hub at 127.0.0.1:{port} could not be reached: the connection was closed \
                 before any PostgreSQL server answered; check the address and port in the URL"
            ),
        );
        assert!(!err.contains("cut"), "{sslmode}: {err}");
    }
}

/// `plp sync URL` on the database at `db`.
fn sync_cmd(db: &std::path::Path, url: &str) -> assert_cmd::Command {
    let mut c = plp(db);
    c.args(["sync", url]).env_remove("PGPASSWORD");
    c
}

fn tables(db: &std::path::Path) -> String {
    plp::store::Store::open(db).unwrap().dump_tables().unwrap()
}

fn hub_with(c: &Cluster, name: &str) -> String {
    let url = c.new_database(name);
    assert_eq!(run(hub_cmd(&["init", &url])).0, 0);
    url
}

#[test]
fn a_replica_pushed_to_the_hub_arrives_whole_in_an_empty_one() {
    let Some(c) = pg::cluster() else { return };
    let url = hub_with(c, "whole");
    let (_d, a) = common::demo_db();
    let dir = tempfile::tempdir().unwrap();
    let b = dir.path().join("b.db");
    let (code, out, err) = run(sync_cmd(&a, &url));
    assert_eq!(code, 0, "{err}");
    let ops = plp::store::Store::open(&a).unwrap().op_count().unwrap();
    assert!(
        out.contains(&format!("sent {ops} changes, received 0")),
        "{out}"
    );
    let (code, out, err) = run(sync_cmd(&b, &url));
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(&format!("sent 0 changes, received {ops}")),
        "{out}"
    );
    assert_eq!(tables(&a), tables(&b));
    // Nothing to do, both ways, and nothing changes.
    for db in [&a, &b] {
        let (code, out, _) = run(sync_cmd(db, &url));
        assert_eq!(code, 0);
        assert!(out.contains("sent 0 changes, received 0"), "{out}");
    }
    // Every change names its student, and the owners agree with the replica's tables.
    let db = Cluster::db_of(&url);
    let blank: i64 = c
        .client(&db)
        .query_one(
            "SELECT count(*) FROM plp.changes WHERE student_id = ''",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(blank, 0);
    // postgres:// works as postgresql:// does.
    let other = url.replacen("postgresql://", "postgres://", 1);
    assert!(run(sync_cmd(&b, &other))
        .1
        .contains("sent 0 changes, received 0"));
}

#[test]
fn edits_on_both_sides_converge_and_a_conflict_is_kept_as_by_path() {
    let Some(c) = pg::cluster() else { return };
    let url = hub_with(c, "converge");
    let (_d, a) = common::demo_db();
    let dir = tempfile::tempdir().unwrap();
    let b = dir.path().join("b.db");
    assert_eq!(run(sync_cmd(&a, &url)).0, 0);
    assert_eq!(run(sync_cmd(&b, &url)).0, 0);
    // The same field edited on both sides, another field on one.
    for (db, text) in [(&a, "likes maps"), (&b, "likes music")] {
        let mut cmd = plp(db);
        cmd.args(["set", "Kit", "strengths", text]);
        let (code, _, err) = run(cmd);
        assert_eq!(code, 0, "{err}");
    }
    let mut cmd = plp(&b);
    cmd.args(["set", "Kit", "needs", "quiet room"]);
    assert_eq!(run(cmd).0, 0);
    let (code, out, err) = run(sync_cmd(&a, &url));
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("sent 1 change, received 0"), "{out}");
    let (code, out, _) = run(sync_cmd(&b, &url));
    assert_eq!(code, 0);
    assert!(out.contains("1 new conflict"), "{out}");
    assert_eq!(run(sync_cmd(&a, &url)).0, 0);
    assert_eq!(tables(&a), tables(&b));
    for db in [&a, &b] {
        assert_eq!(
            plp::store::Store::open(db)
                .unwrap()
                .conflicts()
                .unwrap()
                .len(),
            1
        );
    }
}

#[test]
fn a_push_cut_short_keeps_its_whole_batches_and_the_next_sync_finishes_it() {
    let Some(c) = pg::cluster() else { return };
    let url = hub_with(c, "resume");
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.db");
    plp(&a)
        .args(["demo", "--no-open", "--students", "150"])
        .assert()
        .success();
    let ops = plp::store::Store::open(&a).unwrap().op_count().unwrap() as i64;
    assert!(ops > 5_000, "two batches at least: {ops}");
    // The hub fails the second batch part way through.
    let db = Cluster::db_of(&url);
    c.client(&db)
        .batch_execute(
            "CREATE FUNCTION pg_temp_fail() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN IF NEW.seq = 5003 THEN RAISE EXCEPTION 'disk trouble'; END IF; RETURN NEW; END $$;
             CREATE TRIGGER cut BEFORE INSERT ON plp.changes
                 FOR EACH ROW EXECUTE FUNCTION pg_temp_fail();",
        )
        .unwrap();
    let err = fails_with(sync_cmd(&a, &url), 1, "disk trouble");
    assert!(!err.contains("panicked"));
    let held: i64 = c
        .client(&db)
        .query_one("SELECT count(*) FROM plp.changes", &[])
        .unwrap()
        .get(0);
    assert_eq!(held, 5_000, "the first batch whole, nothing of the second");
    c.client(&db)
        .batch_execute("DROP TRIGGER cut ON plp.changes")
        .unwrap();
    let (code, out, err) = run(sync_cmd(&a, &url));
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(&format!("sent {} changes", ops - 5_000)),
        "{out}"
    );
    let b = dir.path().join("b.db");
    assert_eq!(run(sync_cmd(&b, &url)).0, 0);
    assert_eq!(tables(&a), tables(&b));
}

#[test]
fn hostile_rows_put_into_the_hub_by_hand_are_refused_by_the_client() {
    let Some(c) = pg::cluster() else { return };
    let url = hub_with(c, "hostile");
    let (_d, a) = common::demo_db();
    assert_eq!(run(sync_cmd(&a, &url)).0, 0);
    let db = Cluster::db_of(&url);
    let record = |kind: &str| -> (String, String) {
        let r = c
            .client(&db)
            .query_one(
                "SELECT entity_id, student_id FROM plp.changes WHERE entity = $1 LIMIT 1",
                &[&kind],
            )
            .unwrap();
        (r.get(0), r.get(1))
    };
    let bad = [
        (
            "student",
            "student",
            "status",
            "\"banana\"",
            "unknown student status",
        ),
        (
            "student",
            "spaceship",
            "fuel",
            "1",
            "which this plp does not know",
        ),
        (
            "goal",
            "goal",
            "target_date",
            "\"2027-02-30\"",
            "(goal target_date) was refused",
        ),
    ];
    for (i, (kind, entity, field, value, words)) in bad.iter().enumerate() {
        let (entity_id, student) = record(kind);
        let replica = format!("0190b6a2-0000-7000-8000-00000000000{i}");
        c.client(&db)
            .execute(
                "INSERT INTO plp.replicas (replica) VALUES ($1);",
                &[&replica],
            )
            .unwrap();
        c.client(&db)
            .execute(
                "INSERT INTO plp.changes
                 SELECT $1, 1, $2, hlc, 'mallory', $3, $4, $5, $6, '[]', $7
                 FROM plp.changes ORDER BY hlc DESC LIMIT 1",
                &[
                    &replica,
                    &format!("0190b6a2-0000-7000-8000-00000000010{i}"),
                    entity,
                    &entity_id,
                    field,
                    value,
                    &student,
                ],
            )
            .unwrap();
        let before = tables(&a);
        let (code, _, err) = run(sync_cmd(&a, &url));
        assert_eq!(code, 1, "{err}");
        assert!(err.contains(words), "{err}");
        assert!(err.contains("was refused"), "{err}");
        assert_eq!(tables(&a), before, "nothing of it applied");
        assert!(!plp::store::Store::open(&a)
            .unwrap()
            .version_vector()
            .unwrap()
            .contains_key(&replica));
        // Refused again, the same way, by the next sync.
        let (code, _, err) = run(sync_cmd(&a, &url));
        assert_eq!(code, 1);
        assert!(err.contains(words), "{err}");
    }
}

#[test]
fn each_file_registers_with_the_hub_under_its_own_school() {
    let Some(c) = pg::cluster() else { return };
    let url = hub_with(c, "school");
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("config");
    let in_home = |db: &std::path::Path, args: &[&str]| {
        let mut cmd = plp(db);
        cmd.env("XDG_CONFIG_HOME", &home)
            .env_remove("PGPASSWORD")
            .args(args);
        let (code, _, err) = run(cmd);
        assert_eq!(code, 0, "{err}");
    };
    let (west, east) = (dir.path().join("west.db"), dir.path().join("east.db"));
    let csv = dir.path().join("w.csv");
    std::fs::write(&csv, "id,first,last,grade\nW1,Ann,West,9\n").unwrap();
    in_home(&west, &["import", "roster", csv.to_str().unwrap()]);
    in_home(&west, &["config", "school", "West High"]);
    // Set last, for another file: it must not become west.db's.
    in_home(&east, &["config", "school", "North High"]);
    in_home(&west, &["sync", &url]);
    let replica = plp::store::Store::open(&west)
        .unwrap()
        .replica()
        .to_string();
    let school: Option<String> = c
        .client(&Cluster::db_of(&url))
        .query_one(
            "SELECT school FROM plp.replicas WHERE replica = $1",
            &[&replica],
        )
        .unwrap()
        .get(0);
    assert_eq!(school.as_deref(), Some("West High"));
}
