//! The hub's logins as an IT admin manages them: `plp hub users` lists them, and
//! `plp hub user URL LOGIN --remove` takes one's access away (a teacher who moved on): from then
//! on PostgreSQL itself refuses it, even were it let in again by hand, and what it added stays.
//! Skipped, with the reason, where no server can start (fails instead under CI=true).

mod common;

use common::pg::{self, Cluster};
use common::{plp_args, run};

use common::{hub_cmd, hub_run as hub};

/// Makes `login` with `args` (its role and scope) and the password `pw-LOGIN`; its URL.
fn login(c: &Cluster, url: &str, login: &str, args: &[&str]) -> String {
    let mut all = vec!["user", url, login, "--password-stdin"];
    all.extend_from_slice(args);
    let mut cmd = hub_cmd(&all);
    cmd.write_stdin(format!("pw-{login}\n"));
    let (code, out, err) = run(cmd);
    assert_eq!(code, 0, "{out}{err}");
    c.url_for(&Cluster::db_of(url), login, &format!("pw-{login}"))
}

fn sync(db: &std::path::Path, url: &str) -> (i32, String, String) {
    run(plp_args(db, &["sync", url]))
}

#[test]
fn logins_are_listed_and_one_taken_away_reads_and_adds_nothing_from_then_on() {
    let Some(c) = pg::cluster() else { return };
    let url = c.new_database("logins");
    let db = Cluster::db_of(&url);
    assert_eq!(hub(&["init", &url]).0, 0);
    let dir = tempfile::tempdir().unwrap();
    let school = dir.path().join("school.db");
    assert_eq!(run(plp_args(&school, &["demo", "--no-open"])).0, 0);
    assert_eq!(
        run(plp_args(&school, &["config", "school", "North High"])).0,
        0
    );
    assert_eq!(sync(&school, &url).0, 0);
    let listed: serde_json::Value =
        serde_json::from_str(&run(plp_args(&school, &["students", "--format", "json"])).1).unwrap();
    let sis = listed[0]["sis_id"].as_str().unwrap().to_string();
    let list = dir.path().join("class.txt");
    std::fs::write(&list, format!("{sis}\n")).unwrap();

    // Before any login, who reads everything all the same.
    let (code, out, err) = hub(&["users", &url]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("has no logins yet"), "{err}");
    assert!(
        out.starts_with(&format!(
            "{} (the hub's owner) reads and manages everything",
            c.super_user()
        )),
        "{out}"
    );
    let as_admin = login(c, &url, "logins_boss", &["--role", "admin"]);
    let as_teacher = login(
        c,
        &url,
        "logins_tj",
        &["--role", "teacher", "--students", list.to_str().unwrap()],
    );
    let as_counselor = login(
        c,
        &url,
        "logins_north",
        &["--role", "counselor", "--school", "North High"],
    );

    // Listed, in each format, to an admin.
    let (code, out, err) = hub(&["users", &as_admin]);
    assert_eq!(code, 0, "{err}");
    for line in [
        "logins_boss   admin      everything",
        "logins_north  counselor  the students at North High  yes",
        "logins_tj     teacher    1 listed student",
        "3 logins",
    ] {
        assert!(out.contains(line), "{line}: {out}");
    }
    // And those beside the logins that row-level security does not bind: here the database's
    // owner, who made the hub, is the server's superuser.
    let owner = c.super_user();
    for line in [
        &format!("Beside them, {owner} (the hub's owner) reads and manages everything"),
        "unbound by row-level security.",
    ] {
        assert!(out.contains(line), "{line}: {out}");
    }
    let (_, csv, _) = hub(&["users", &as_admin, "--format", "csv"]);
    assert!(
        csv.starts_with("login,role,advisor,school,listed_students,can_log_in,replicas,")
            && csv.contains("logins_tj,teacher,,,1,yes,0,set,no,,no\n"),
        "{csv}"
    );
    let (_, json, _) = hub(&["users", &as_admin, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 3);
    // The JSON's keys are the CSV's columns.
    let keys: std::collections::BTreeSet<&str> = json[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let columns: std::collections::BTreeSet<&str> =
        csv.lines().next().unwrap().split(',').collect();
    assert_eq!(keys, columns);
    // Not to a counselor.
    let (code, _, err) = hub(&["users", &as_counselor]);
    assert_eq!(code, 1);
    assert!(
        err.contains("only the hub's admins and the database's owner manage logins")
            && err.lines().count() == 1,
        "{err}"
    );

    // The teacher reads the listed student; the counselor writes one change.
    let teacher_db = dir.path().join("teacher.db");
    let (code, out, err) = sync(&teacher_db, &as_teacher);
    assert_eq!(code, 0, "{out}{err}");
    let counselor_db = dir.path().join("north.db");
    assert_eq!(sync(&counselor_db, &as_counselor).0, 0);
    let cmd = plp_args(&counselor_db, &["checkin", &sis, "--said", "NORTH-WORDS"]);
    assert_eq!(run(cmd).0, 0);
    assert_eq!(sync(&counselor_db, &as_counselor).0, 0);
    let held = |sql: &str| -> i64 { c.client(&db).query_one(sql, &[]).unwrap().get(0) };
    let changes = held("SELECT count(*) FROM plp.changes");

    // Neither a counselor nor an admin itself may take access away.
    let (code, _, err) = hub(&["user", &as_counselor, "logins_tj", "--remove"]);
    assert_eq!(code, 1);
    assert!(err.contains("manage logins"), "{err}");
    let (code, _, err) = hub(&["user", &as_admin, "logins_boss", "--remove"]);
    assert_eq!(code, 1);
    assert!(err.contains("cannot take its own access away"), "{err}");
    let (code, _, err) = hub(&["user", &as_admin, "nobody_here", "--remove"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("is not a login of this hub; nothing was changed"),
        "{err}"
    );

    // A login of another hub on the same server is that hub's to take away.
    let other = c.new_database("logins_other");
    assert_eq!(hub(&["init", &other]).0, 0);
    login(c, &other, "logins_elsewhere", &["--role", "teacher"]);
    let (code, _, err) = hub(&["user", &as_admin, "logins_elsewhere", "--remove"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("role logins_elsewhere is a login of another plp hub on this server")
            && err.contains("nothing was changed"),
        "{err}"
    );
    let can: bool = c
        .client(&db)
        .query_one(
            "SELECT rolcanlogin FROM pg_roles WHERE rolname = 'logins_elsewhere'",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(can);

    // Taken away by an admin: said once, and again changes nothing.
    for who in ["logins_tj", "logins_north"] {
        let (code, out, err) = hub(&["user", &as_admin, who, "--remove"]);
        assert_eq!(code, 0, "{err}");
        assert!(
            out.contains(&format!("took login {who}'s access away")),
            "{out}"
        );
    }
    let (code, out, _) = hub(&["user", &as_admin, "logins_tj", "--remove"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("has no access to this hub already; nothing was changed"),
        "{out}"
    );
    // Still listed, as removed, in each format.
    let (_, out, _) = hub(&["users", &as_admin]);
    for line in [
        "logins_boss   admin      everything",
        "logins_north  counselor  nothing: removed on ",
        "logins_tj     teacher    nothing: removed on ",
        "1 login, and 2 removed (their access was taken away: they read and add nothing)",
    ] {
        assert!(out.contains(line), "{line}: {out}");
    }
    assert!(
        out.find("logins_boss").unwrap() < out.find("logins_north").unwrap(),
        "those with access first: {out}"
    );
    let (_, csv, _) = hub(&["users", &as_admin, "--format", "csv"]);
    assert!(
        csv.contains("logins_tj,teacher,,,0,no,0,set,yes,20"),
        "{csv}"
    );
    let (_, json, _) = hub(&["users", &as_admin, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let removed: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["removed"] == true && l["removed_on"].is_string())
        .map(|l| l["login"].as_str().unwrap())
        .collect();
    assert_eq!(removed, ["logins_north", "logins_tj"]);

    // Their next sync is refused in one sentence, and changes nothing.
    for (file, url) in [(&teacher_db, &as_teacher), (&counselor_db, &as_counselor)] {
        let (code, out, err) = sync(file, url);
        assert_eq!(code, 1, "{out}{err}");
        assert!(
            err.contains("is not permitted to log in") && err.lines().count() == 1,
            "{err}"
        );
    }
    // What the counselor added stays.
    assert_eq!(held("SELECT count(*) FROM plp.changes"), changes);
    assert!(held("SELECT count(*) FROM plp.changes WHERE strpos(value, 'NORTH-WORDS') > 0") > 0);

    // Let in again by hand, the login still reads nothing: PostgreSQL refuses it.
    let mut su = c.client(&db);
    su.batch_execute("ALTER ROLE logins_tj LOGIN").unwrap();
    let mut tj = postgres::Client::connect(
        &format!(
            "host=127.0.0.1 port={} dbname={db} user=logins_tj password=pw-logins_tj",
            c.port()
        ),
        postgres::NoTls,
    )
    .unwrap();
    for sql in [
        "SELECT count(*) FROM plp.changes",
        "SELECT count(*) FROM plp.seen_changes('', 0, NULL, 10)",
        "SELECT count(*) FROM plp.seen_student_ids()",
        "SELECT count(*) FROM plp.students",
    ] {
        let e = tj.query_one(sql, &[]).unwrap_err();
        assert_eq!(
            e.as_db_error().map(|d| d.code().clone()),
            Some(postgres::error::SqlState::INSUFFICIENT_PRIVILEGE),
            "{sql}: {e}"
        );
    }
    drop(tj);
    su.batch_execute("ALTER ROLE logins_tj NOLOGIN").unwrap();

    // Given access again by the hub's owner, the teacher syncs again.
    let (code, out, err) = hub(&[
        "user",
        &url,
        "logins_tj",
        "--role",
        "teacher",
        "--students",
        list.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, err) = sync(&teacher_db, &as_teacher);
    assert_eq!(code, 0, "{out}{err}");
    let (_, out, _) = hub(&["users", &as_admin]);
    assert!(
        out.contains("logins_tj     teacher    1 listed student")
            && out.contains("2 logins, and 1 removed"),
        "{out}"
    );
}

/// The password column is the server's: a login made without a password reads `none`, never as
/// having one, whoever owns the hub: read from the catalog where the owner is a superuser,
/// from what plp did where it is not (only a superuser reads whether a role has a password).
#[test]
fn a_login_without_a_password_is_listed_as_having_none() {
    let Some(c) = pg::cluster() else { return };
    for (name, owned_by_superuser) in [("pw_super", true), ("pw_plain", false)] {
        let url = c.new_database(name);
        let db = Cluster::db_of(&url);
        let owner = if owned_by_superuser {
            url.clone()
        } else {
            c.client(&db)
                .batch_execute(&format!(
                    "CREATE ROLE {name}_dba LOGIN CREATEROLE PASSWORD 'pw-{name}_dba';
                     ALTER DATABASE {db} OWNER TO {name}_dba;"
                ))
                .unwrap();
            c.url_for(&db, &format!("{name}_dba"), &format!("pw-{name}_dba"))
        };
        assert_eq!(hub(&["init", &owner]).0, 0);
        let bare = format!("{name}_bare");
        let (code, out, err) = hub(&["user", &owner, &bare, "--role", "teacher"]);
        assert_eq!(code, 0, "{out}{err}");
        login(c, &owner, &format!("{name}_pw"), &["--role", "teacher"]);
        let (_, csv, _) = hub(&["users", &owner, "--format", "csv"]);
        assert!(
            csv.contains(&format!("{name}_bare,teacher,,,0,yes,0,none,no,"))
                && csv.contains(&format!("{name}_pw,teacher,,,0,yes,0,set,no,")),
            "{csv}"
        );
        let (_, out, _) = hub(&["users", &owner]);
        let row = out.lines().find(|l| l.starts_with(&bare)).unwrap();
        assert!(row.contains("yes         none"), "{out}");
        // A password set by hand is the server's word where the owner reads the catalog.
        if owned_by_superuser {
            c.client(&db)
                .batch_execute(&format!("ALTER ROLE {bare} PASSWORD 'by-hand'"))
                .unwrap();
            let (_, csv, _) = hub(&["users", &owner, "--format", "csv"]);
            assert!(
                csv.contains(&format!("{bare},teacher,,,0,yes,0,set,no,")),
                "{csv}"
            );
        }
    }
}

/// A login removed before hub schema 22, which kept no record of removals, is listed as
/// removed once the hub is brought to 22 when it brought a replica, its role and day unknown.
#[test]
fn a_login_removed_before_schema_22_is_listed_when_it_brought_a_replica() {
    let Some(c) = pg::cluster() else { return };
    let url = c.hub_at("removed21", 21);
    let db = Cluster::db_of(&url);
    c.client(&db)
        .batch_execute(
            "SELECT plp.set_login('removed21_n', 'counselor', NULL, NULL, '{}', NULL);
             INSERT INTO plp.replicas (replica, login) VALUES ('r-removed21', 'removed21_n');
             SELECT plp.remove_login('removed21_n');",
        )
        .unwrap();
    assert_eq!(hub(&["init", &url]).0, 0);
    let (code, out, err) = hub(&["users", &url]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("removed21_n  unknown  nothing: removed  no          none      1")
            && out.contains("0 logins, and 1 removed"),
        "{out}"
    );
}

/// A role the server holds already is taken in as a login only if it is a plain login: one that
/// owns a database (another hub's owner, another application's) or anything in one is refused,
/// changing nothing, and neither given a role nor locked out by `--remove`; a plain one is said
/// to be taken in, not changed.
#[test]
fn a_role_that_owns_a_database_or_anything_is_not_taken_in() {
    let Some(c) = pg::cluster() else { return };
    let url = c.new_database("owning");
    let db = Cluster::db_of(&url);
    assert_eq!(hub(&["init", &url]).0, 0);
    let mut su = c.client(&db);
    su.batch_execute(
        "CREATE ROLE owning_dbo LOGIN PASSWORD 'pw-owning_dbo';
         CREATE ROLE owning_tab LOGIN;
         CREATE ROLE owning_plain LOGIN;
         CREATE TABLE public.owning_things (x int);
         ALTER TABLE public.owning_things OWNER TO owning_tab;",
    )
    .unwrap();
    let theirs = c.new_database("owning_theirs");
    su.batch_execute(&format!(
        "ALTER DATABASE {} OWNER TO owning_dbo",
        Cluster::db_of(&theirs)
    ))
    .unwrap();
    let grouped = |who: &str| -> i64 {
        c.client(&db)
            .query_one(
                "SELECT (SELECT count(*) FROM pg_auth_members m JOIN pg_roles u
                         ON u.oid = m.member WHERE u.rolname = $1)
                      + (SELECT count(*) FROM plp.logins WHERE login = $1)
                      + (SELECT count(*) FROM pg_roles WHERE rolname = $1 AND NOT rolcanlogin)",
                &[&who],
            )
            .unwrap()
            .get(0)
    };
    for (who, words) in [
        (
            "owning_dbo",
            "role owning_dbo owns the database owning_theirs_",
        ),
        (
            "owning_tab",
            "role owning_tab owns tables or other objects on the server",
        ),
    ] {
        for args in [
            vec!["user", &url, who, "--role", "teacher", "--school", "North"],
            vec!["user", &url, who, "--remove"],
        ] {
            let (code, out, err) = hub(&args);
            assert_eq!(code, 1, "{args:?}: {out}{err}");
            assert_eq!(err.lines().count(), 1, "{err}");
            assert!(
                err.contains(words) && err.contains("nothing was changed"),
                "{args:?}: {err}"
            );
            assert_eq!(grouped(who), 0, "{who} is as it was");
        }
    }
    // A plain role is taken in, and said so.
    let (code, out, err) = hub(&["user", &url, "owning_plain", "--role", "teacher"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("took in the server's login owning_plain as a teacher"),
        "{out}"
    );
    let (code, out, _) = hub(&["user", &url, "owning_plain", "--role", "teacher"]);
    assert_eq!(code, 0);
    assert!(out.contains("is already a teacher"), "{out}");
    // Both functions say the refusal through one helper (hub schema 22), so its sentences are
    // written once.
    let holders: Vec<String> = c
        .client(&db)
        .query(
            "SELECT p.proname::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE n.nspname = 'plp' AND strpos(p.prosrc, 'owns the database') > 0
             ORDER BY 1",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(holders, ["refuse_owning_role"]);
}

/// A password is the server's, not one hub's: set on a role that was there already (a login of
/// another hub on the same server, taken in here; or this hub's own), the admin is told that it
/// holds for every database there; a login made afresh is told nothing of it.
#[test]
fn a_password_is_said_to_hold_server_wide_and_another_hubs_login_is_not_taken_in() {
    let Some(c) = pg::cluster() else { return };
    let first = c.new_database("pw_first");
    let second = c.new_database("pw_second");
    for url in [&first, &second] {
        assert_eq!(hub(&["init", url]).0, 0);
    }
    let said = "a password is the server's, not one database's: the new one holds for pw_shared \
                in every database on that server";
    let set = |url: &str, password: &str| {
        let mut cmd = hub_cmd(&[
            "user",
            url,
            "pw_shared",
            "--role",
            "teacher",
            "--password-stdin",
        ]);
        cmd.write_stdin(format!("{password}\n"));
        let (code, out, err) = run(cmd);
        assert_eq!(code, 0, "{out}{err}");
        (out, err)
    };
    let (out, err) = set(&first, "pw-one");
    assert!(
        out.contains("made login pw_shared") && !err.contains(said),
        "{out}{err}"
    );
    // The second hub's owner may not take in the first hub's login: the hubs of one server
    // share their groups and each role's password, so it would take it over there too.
    let mut cmd = hub_cmd(&[
        "user",
        &second,
        "pw_shared",
        "--role",
        "teacher",
        "--password-stdin",
    ]);
    cmd.write_stdin("pw-two\n");
    let (code, out, err) = run(cmd);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains(
            "role pw_shared is a login of another plp hub on this server, and a login belongs \
             to one hub"
        ) && err.lines().count() == 1,
        "{err}"
    );
    let (code, _, err) = hub(&["user", &second, "pw_shared", "--remove"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("is a login of another plp hub"), "{err}");
    // Nothing changed: the first hub's login still logs in with its own password, as a teacher.
    let old = c.url_for(&Cluster::db_of(&first), "pw_shared", "pw-one");
    let new = c.url_for(&Cluster::db_of(&first), "pw_shared", "pw-two");
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(sync(&dir.path().join("a.db"), &old).0, 0);
    assert_eq!(sync(&dir.path().join("b.db"), &new).0, 1);
    // A new password for this hub's own login is said to hold server-wide; a change without
    // one is not.
    let (_, err) = set(&first, "pw-three");
    assert!(err.contains(said), "{err}");
    let (code, _, err) = hub(&[
        "user",
        &first,
        "pw_shared",
        "--role",
        "teacher",
        "--school",
        "North",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains(said), "{err}");
}
