//! A file syncs with a hub only as a login of that hub, and a partial copy only as the login
//! whose part it holds: a login of another hub on the same server (let in by the server's
//! shared groups when the URL names the wrong database) is refused before anything is read or
//! written, and a laptop holding one advisor's part is not filled with a counselor's (or
//! emptied of what the hub refused from its own login) by syncing it as someone else. Skipped,
//! with the reason, where no server can start (fails instead under CI=true).

mod common;

use common::pg::{self, Cluster};
use common::{plp_args, run, snapshot_dir};

fn succeeds(db: &std::path::Path, args: &[&str]) -> String {
    let (code, out, err) = run(plp_args(db, args));
    assert_eq!(code, 0, "{args:?}: {out}{err}");
    out
}

/// Makes `login` on the hub at `url` with `args` and the password `pw-LOGIN`.
fn login(url: &str, login: &str, args: &[&str]) {
    let unused = std::env::temp_dir().join("plp-hub-unused.db");
    let mut all = vec!["hub", "user", url, login];
    all.extend_from_slice(args);
    all.push("--password-stdin");
    let mut cmd = plp_args(&unused, &all);
    cmd.write_stdin(format!("pw-{login}\n"));
    let (code, out, err) = run(cmd);
    assert_eq!(code, 0, "{out}{err}");
}

/// A school's file of `n` demo students pushed to a new hub `name` by its owner: the folder,
/// the file, the owner's URL, the database, and the students as `plp students` lists them.
fn school_on_hub(
    c: &Cluster,
    name: &str,
    n: &str,
) -> (
    tempfile::TempDir,
    std::path::PathBuf,
    String,
    String,
    serde_json::Value,
) {
    let url = c.new_database(name);
    let db = Cluster::db_of(&url);
    let dir = tempfile::tempdir().unwrap();
    let server = dir.path().join("server.db");
    succeeds(&server, &["demo", "--no-open", "--students", n]);
    succeeds(&server, &["hub", "init", &url]);
    succeeds(&server, &["sync", &url]);
    let listed =
        serde_json::from_str(&succeeds(&server, &["students", "--format", "json"])).unwrap();
    (dir, server, url, db, listed)
}

fn count(c: &Cluster, db: &str, sql: &str) -> i64 {
    c.client(db).query_one(sql, &[]).unwrap().get(0)
}

#[test]
fn a_login_of_another_hub_on_the_server_is_refused_and_nothing_changes() {
    let Some(c) = pg::cluster() else { return };
    let district = c.new_database("whose_district");
    let other = c.new_database("whose_other");
    let unused = std::env::temp_dir().join("plp-hub-unused.db");
    succeeds(&unused, &["hub", "init", &district]);
    succeeds(&unused, &["hub", "init", &other]);
    login(&district, "whose_admin", &["--role", "admin"]);
    login(
        &district,
        "whose_rivera",
        &["--role", "advisor", "--advisor", "Rivera"],
    );
    let other_db = Cluster::db_of(&other);

    let dir = tempfile::tempdir().unwrap();
    let laptop = dir.path().join("laptop.db");
    succeeds(&laptop, &["demo", "--no-open", "--students", "3"]);
    let before = snapshot_dir(dir.path());
    for (who, role) in [("whose_admin", "an admin"), ("whose_rivera", "an advisor")] {
        let url = c.url_for(&other_db, who, &format!("pw-{who}"));
        let (code, out, err) = run(plp_args(&laptop, &["sync", &url]));
        assert_eq!(code, 1, "{role}: {out}{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        for words in [
            format!("login {who} is not a login of the hub"),
            "check the database name in the URL".to_string(),
            "nothing was changed".to_string(),
        ] {
            assert!(err.contains(&words), "{words}: {err}");
        }
        // Its reports from that hub are refused alike, rather than telling of nobody.
        let (code, out, err) = run(plp_args(&laptop, &["report", "due", "--hub", &url]));
        assert_eq!(code, 1, "{out}{err}");
        assert!(err.contains("is not a login of the hub"), "{err}");
    }
    assert_eq!(snapshot_dir(dir.path()), before, "the file is as it was");
    assert_eq!(count(c, &other_db, "SELECT count(*) FROM plp.changes"), 0);
    assert_eq!(count(c, &other_db, "SELECT count(*) FROM plp.replicas"), 0);
    // The hub's owner is one of its logins without being named among them.
    let (code, out, err) = run(plp_args(&laptop, &["sync", &other]));
    assert_eq!(code, 0, "{out}{err}");
}

#[test]
fn a_partial_copy_syncs_only_as_the_login_whose_part_it_holds() {
    let Some(c) = pg::cluster() else { return };
    let (dir, _server, url, db, listed) = school_on_hub(c, "whose_partial", "12");
    let advisor = listed[0]["advisor"].as_str().unwrap().to_string();
    login(
        &url,
        "whose_adv",
        &["--role", "advisor", "--advisor", &advisor],
    );
    login(&url, "whose_all", &["--role", "counselor"]);
    let as_adv = c.url_for(&db, "whose_adv", "pw-whose_adv");
    let as_all = c.url_for(&db, "whose_all", "pw-whose_all");

    let laptop = dir.path().join("laptop.db");
    let out = succeeds(&laptop, &["sync", &as_adv]);
    assert!(out.contains("received"), "{out}");
    let held = |p: &std::path::Path| -> usize {
        let v: serde_json::Value =
            serde_json::from_str(&succeeds(p, &["students", "--format", "json"])).unwrap();
        v.as_array().unwrap().len()
    };
    let hers = held(&laptop);
    assert!(hers > 0 && hers < 12, "{hers}");

    // As a counselor who reads every student: refused, the file as it was.
    let before = snapshot_dir(dir.path());
    let (code, out, err) = run(plp_args(&laptop, &["sync", &as_all]));
    assert_eq!(code, 1, "{out}{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    for words in [
        "holds only what login whose_adv may read of the hub",
        "syncs only as whose_adv, not as whose_all",
        "nothing was changed",
    ] {
        assert!(err.contains(words), "{words}: {err}");
    }
    assert_eq!(snapshot_dir(dir.path()), before);
    assert_eq!(held(&laptop), hers);
    // As the hub's owner, the same.
    let (code, _, err) = run(plp_args(&laptop, &["sync", &url]));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("syncs only as whose_adv"), "{err}");
    // Checking the views is the admins' (said so, not as the server's "permission denied").
    let (code, _, err) = run(plp_args(&laptop, &["hub", "check-views", &as_adv]));
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(
            "login whose_adv may not do this on the hub (only the hub's admins and the \
                      database's owner check the views)"
        ),
        "{err}"
    );
    // As its own login, it syncs on.
    succeeds(&laptop, &["sync", &as_adv]);
    assert_eq!(held(&laptop), hers);
}

/// A teacher's copy whose list is shortened holds the history of the students who left it,
/// all of which came from the hub: its next sync does not call them changes taken from other
/// copies and left unsent.
#[test]
fn a_teachers_shortened_list_is_not_taken_for_changes_from_other_copies() {
    let Some(c) = pg::cluster() else { return };
    let (dir, server, url, db, listed) = school_on_hub(c, "whose_list", "6");
    let sis: Vec<String> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["sis_id"].as_str().unwrap().to_string())
        .collect();
    // Another copy of the school's file writes about the second student alone, and reaches the
    // hub: once that student leaves the list, the teacher reads nothing of that copy's replica.
    let other = dir.path().join("other.db");
    succeeds(&server, &["sync", other.to_str().unwrap(), "--create"]);
    succeeds(&other, &["checkin", &sis[1], "--said", "OTHER-COPY"]);
    succeeds(&other, &["sync", &url]);
    let list = dir.path().join("class.txt");
    std::fs::write(&list, format!("{}\n{}\n{}\n", sis[0], sis[1], sis[2])).unwrap();
    let list_arg = list.to_str().unwrap();
    login(
        &url,
        "whose_t",
        &["--role", "teacher", "--students", list_arg],
    );
    let as_t = c.url_for(&db, "whose_t", "pw-whose_t");
    let laptop = dir.path().join("teacher.db");
    let (code, out, err) = run(plp_args(&laptop, &["sync", &as_t]));
    assert_eq!(code, 0, "{out}{err}");
    assert!(!err.contains("other cop"), "{err}");

    // The one left is the first in the log: what the others had is beyond the last row of
    // the replica the teacher now reads.
    std::fs::write(&list, format!("{}\n", sis[0])).unwrap();
    login(
        &url,
        "whose_t",
        &["--role", "teacher", "--students", list_arg],
    );
    let (code, out, err) = run(plp_args(&laptop, &["sync", &as_t]));
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        !err.contains("other cop") && !out.contains("other cop"),
        "{out}{err}"
    );
}

/// A database owner who may not make roles can make the hub but not its logins (each is a
/// PostgreSQL role): `plp hub init` says so at once, with the statement that mends it.
#[test]
fn an_owner_who_may_not_make_roles_is_told_at_init() {
    let Some(c) = pg::cluster() else { return };
    let url = c.new_database("whose_owned");
    let db = Cluster::db_of(&url);
    c.client(&db)
        .batch_execute(&format!(
            "CREATE ROLE whose_plain LOGIN PASSWORD 'pw-whose_plain';
             ALTER DATABASE {db} OWNER TO whose_plain;
             ALTER SCHEMA public OWNER TO whose_plain;"
        ))
        .unwrap();
    let unused = std::env::temp_dir().join("plp-hub-unused.db");
    // The server's group roles are there already (another hub's init made them).
    let first = c.new_database("whose_first");
    assert_eq!(run(plp_args(&unused, &["hub", "init", &first])).0, 0);
    let as_plain = c.url_for(&db, "whose_plain", "pw-whose_plain");
    let (code, out, err) = run(plp_args(&unused, &["hub", "init", &as_plain]));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("made the hub"), "{out}");
    assert_eq!(
        err.trim_end(),
        "plp: login whose_plain may not make roles on this server, so it cannot add the hub's \
         logins with plp hub user; a superuser can let it: ALTER ROLE whose_plain CREATEROLE"
    );
    // A superuser is told it of the owner: the hub's logins are made with the owner's rights.
    let (code, _, err) = run(plp_args(&unused, &["hub", "init", &url]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        err.trim_end(),
        "plp: the hub's owner whose_plain may not make roles on this server, so no login can \
         add the hub's logins with plp hub user; a superuser can let it: ALTER ROLE whose_plain \
         CREATEROLE"
    );
    // An admin login of a hub whose owner makes roles is told nothing: its logins are made with
    // the owner's rights, so CREATEROLE is no right it needs.
    login(&first, "whose_init_admin", &["--role", "admin"]);
    let as_admin = c.url_for(
        &Cluster::db_of(&first),
        "whose_init_admin",
        "pw-whose_init_admin",
    );
    let (code, out, err) = run(plp_args(&unused, &["hub", "init", &as_admin]));
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.is_empty(), "{err}");
    let (code, out, err) = run(plp_args(
        &unused,
        &["hub", "user", &as_admin, "whose_made", "--role", "teacher"],
    ));
    assert_eq!(code, 0, "{out}{err}");
}

/// A student handed to another advisor at the hub leaves the first advisor's laptop's caseload,
/// its counts and its reports (as the hub's reports for her login leave them out), while the
/// file keeps what it holds of them: `plp students --all` and `plp show` still find them.
#[test]
fn a_student_handed_on_at_the_hub_leaves_the_old_advisors_caseload_and_reports() {
    let Some(c) = pg::cluster() else { return };
    let (dir, server, url, db, listed) = school_on_hub(c, "whose_handed", "12");
    let advisor = listed[0]["advisor"].as_str().unwrap().to_string();
    let hers: Vec<String> = listed
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["advisor"].as_str() == Some(advisor.as_str()))
        .map(|s| s["sis_id"].as_str().unwrap().to_string())
        .collect();
    login(
        &url,
        "whose_her",
        &["--role", "advisor", "--advisor", &advisor],
    );
    let as_her = c.url_for(&db, "whose_her", "pw-whose_her");
    let laptop = dir.path().join("laptop.db");
    succeeds(&laptop, &["sync", &as_her]);
    let sis_on = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["students", "--format", "json"];
        all.extend_from_slice(args);
        let v: serde_json::Value = serde_json::from_str(&succeeds(&laptop, &all)).unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s["sis_id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(sis_on(&[]).len(), hers.len());
    let due_before = succeeds(&laptop, &["report", "due", "--format", "csv"]);

    // The school hands the first of hers to someone else.
    let handed = hers[0].clone();
    succeeds(&server, &["set", &handed, "advisor", "Mx. Someone Else"]);
    succeeds(&server, &["sync", &url]);
    let (code, out, err) = run(plp_args(&laptop, &["sync", &as_her]));
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        format!("{out}{err}").contains("no longer this login's to read"),
        "{out}{err}"
    );

    let now = sis_on(&[]);
    assert_eq!(now.len(), hers.len() - 1, "{now:?}");
    assert!(!now.contains(&handed));
    assert!(
        sis_on(&["--all"]).contains(&handed),
        "--all lists every student held"
    );
    let shown = succeeds(&laptop, &["show", &handed]);
    assert!(shown.contains(&handed), "{shown}");
    // The reports leave them out too, as the hub's do for her login.
    let due_file = succeeds(&laptop, &["report", "due", "--format", "csv"]);
    let due_hub = succeeds(
        &laptop,
        &["report", "due", "--format", "csv", "--hub", &as_her],
    );
    assert_eq!(due_file, due_hub);
    assert_ne!(due_file, due_before);
}

/// A login in none of plp's groups (another application's, a removed login let in again by
/// hand) may read nothing of the hub, not even its version: each command that opens the hub
/// tells it, in the hub's own words, that it is no login of this hub.
#[test]
fn a_login_in_none_of_the_groups_is_told_it_is_no_login_of_the_hub() {
    let Some(c) = pg::cluster() else { return };
    let (dir, _server, url, db, _) = school_on_hub(c, "whose_stranger", "3");
    c.client(&db)
        .batch_execute("CREATE ROLE whose_stranger LOGIN PASSWORD 'pw-whose_stranger'")
        .unwrap();
    login(&url, "whose_gone", &["--role", "teacher"]);
    let unused = std::env::temp_dir().join("plp-hub-unused.db");
    succeeds(&unused, &["hub", "user", &url, "whose_gone", "--remove"]);
    c.client(&db)
        .batch_execute("ALTER ROLE whose_gone LOGIN")
        .unwrap();
    let changes = count(c, &db, "SELECT count(*) FROM plp.changes");
    let laptop = dir.path().join("laptop.db");
    for who in ["whose_stranger", "whose_gone"] {
        let as_who = c.url_for(&db, who, &format!("pw-{who}"));
        for args in [
            vec!["sync", as_who.as_str()],
            vec!["report", "due", "--hub", &as_who],
            vec!["hub", "users", &as_who],
            vec!["hub", "check-views", &as_who],
            vec!["hub", "init", &as_who],
        ] {
            let (code, out, err) = run(plp_args(&laptop, &args));
            assert_eq!(code, 1, "{args:?}: {out}{err}");
            assert_eq!(err.lines().count(), 1, "{err}");
            for words in [
                format!("login {who} is not a login of the hub"),
                "check the database name in the URL".to_string(),
                "nothing was changed".to_string(),
            ] {
                assert!(err.contains(&words), "{args:?}: {words}: {err}");
            }
            assert!(!err.contains("permission denied"), "{err}");
        }
    }
    assert_eq!(count(c, &db, "SELECT count(*) FROM plp.changes"), changes);
}
