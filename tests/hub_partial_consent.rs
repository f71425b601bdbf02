//! A whole file becomes a partial copy of the hub (syncing with nothing but the hub from then
//! on) only when asked: a school's server that its laptops sync with, synced through a login
//! that reads one school, is refused until `--partial`, changing nothing; a laptop with no other
//! copy becomes partial at its first sync, and is told so once. Skipped, with the reason, where
//! no server can start (fails instead under CI=true).

mod common;

use common::pg::{self, Cluster};
use common::{plp_args, run};
use plp::store::Store;

fn succeeds(db: &std::path::Path, args: &[&str]) -> String {
    let (code, out, err) = run(plp_args(db, args));
    assert_eq!(code, 0, "{args:?}: {out}{err}");
    out
}

fn hub_count(c: &Cluster, db: &str, sql: &str) -> i64 {
    c.client(db).query_one(sql, &[]).unwrap().get(0)
}

#[test]
fn a_file_its_laptops_sync_with_is_made_partial_only_when_asked() {
    let Some(c) = pg::cluster() else { return };
    let url = c.new_database("consent");
    let db = Cluster::db_of(&url);
    let unused = std::env::temp_dir().join("plp-hub-unused.db");
    succeeds(&unused, &["hub", "init", &url]);
    let mut cmd = plp_args(
        &unused,
        &[
            "hub",
            "user",
            &url,
            "consent_north",
            "--role",
            "counselor",
            "--school",
            "North High",
            "--password-stdin",
        ],
    );
    cmd.write_stdin("pw-consent_north\n");
    assert_eq!(run(cmd).0, 0);
    let as_north = c.url_for(&db, "consent_north", "pw-consent_north");

    // The school's server, and a laptop that syncs with it by path.
    let dir = tempfile::tempdir().unwrap();
    let server = dir.path().join("server.db");
    let laptop = dir.path().join("laptop.db");
    succeeds(&server, &["demo", "--no-open"]);
    succeeds(&server, &["config", "school", "North High"]);
    succeeds(&server, &["sync", laptop.to_str().unwrap(), "--create"]);
    let listed: serde_json::Value =
        serde_json::from_str(&succeeds(&laptop, &["students", "--format", "json"])).unwrap();
    let sis = listed[0]["sis_id"].as_str().unwrap().to_string();
    succeeds(&laptop, &["checkin", &sis, "--said", "LAPTOP-WORDS"]);
    succeeds(&laptop, &["sync", server.to_str().unwrap()]);
    let tables = Store::open(&server).unwrap().dump_tables().unwrap();

    // Through the one-school login: refused in one sentence, nothing changed anywhere.
    let (code, out, err) = run(plp_args(&server, &["sync", &as_north]));
    assert_eq!(code, 1, "{out}{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    for words in [
        "holds changes made by 1 other copy",
        "login consent_north reads only part of the hub",
        "nothing was changed",
        "add --partial",
    ] {
        assert!(err.contains(words), "{words}: {err}");
    }
    assert_eq!(hub_count(c, &db, "SELECT count(*) FROM plp.changes"), 0);
    assert_eq!(hub_count(c, &db, "SELECT count(*) FROM plp.replicas"), 0);
    let s = Store::open(&server).unwrap();
    assert_eq!(s.partial_of().unwrap(), None);
    assert_eq!(s.dump_tables().unwrap(), tables);
    drop(s);
    // The laptop still syncs with it.
    succeeds(&laptop, &["sync", server.to_str().unwrap()]);

    // Asked for: made partial, said once; from then on the laptop's sync with it is refused.
    let out = succeeds(&server, &["sync", &as_north, "--partial"]);
    assert!(
        out.contains("this file now holds only what login consent_north may read of the hub"),
        "{out}"
    );
    let ops = Store::open(&server).unwrap().op_count().unwrap() as i64;
    assert_eq!(hub_count(c, &db, "SELECT count(*) FROM plp.changes"), ops);
    let out = succeeds(&server, &["sync", &as_north]);
    assert!(!out.contains("now holds only"), "{out}");
    let (code, _, err) = run(plp_args(&laptop, &["sync", server.to_str().unwrap()]));
    assert_eq!(code, 1);
    assert!(err.contains("it syncs only with that hub"), "{err}");

    // A new laptop with nothing but its own is made partial at its first sync, and told.
    let fresh = dir.path().join("fresh.db");
    let out = succeeds(&fresh, &["sync", &as_north]);
    assert!(out.contains("this file now holds only what login"), "{out}");
    assert!(Store::open(&fresh).unwrap().partial_of().unwrap().is_some());
}
