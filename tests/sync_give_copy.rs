//! A new, empty far side reached over ssh starts as a compressed copy of this database (as one
//! on this machine does), not change by change; a far side holding a draft takes the changes
//! one by one and keeps it; a far plp that speaks only the older protocol is greeted again in
//! it.

mod common;

use std::path::{Path, PathBuf};

use common::{demo_db, dump, fake_ssh, plp, run};

/// An executable shell script `name` in `dir`.
fn script(dir: &Path, name: &str, body: String) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, body).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// A stand-in for ssh that also keeps what the client sent to the far side in `log`.
fn logging_ssh(dir: &Path, log: &Path) -> PathBuf {
    let tee = format!("tee -a '{}'", log.display());
    script(
        dir,
        "logging-ssh",
        format!("#!/bin/sh\nshift\n{tee} | sh -c \"$*\"\n"),
    )
}

/// A far plp that speaks no protocol newer than 3, as the plp before it did.
fn older_far_plp(dir: &Path) -> PathBuf {
    let plp = assert_cmd::cargo::cargo_bin("plp");
    script(
        dir,
        "older-plp",
        format!(
            "#!/bin/sh\nPLP_SYNC_PROTOCOL=3 exec '{}' \"$@\"\n",
            plp.display()
        ),
    )
}

/// What the client sent, as text (a copy's compressed bytes read as they come).
fn sent_text(log: &Path) -> String {
    String::from_utf8_lossy(&std::fs::read(log).unwrap_or_default()).into_owned()
}

/// `plp sync school:FAR --create` from `laptop` (the far side made if there is none).
fn sync_over(laptop: &Path, far: &Path, ssh: &Path, far_plp: &Path) -> (i32, String, String) {
    let mut c = plp(laptop);
    c.args(["sync", "--create"])
        .arg(format!("school:{}", far.display()))
        .env("PLP_SSH", ssh)
        .env("PLP_REMOTE_PLP", far_plp);
    run(c)
}

fn replica(db: &Path) -> String {
    std::fs::read_to_string(db.with_extension("db.replica")).unwrap_or_else(|_| {
        rusqlite::Connection::open(db)
            .unwrap()
            .query_row("SELECT value FROM meta WHERE key = 'replica'", [], |r| {
                r.get(0)
            })
            .unwrap()
    })
}

fn change_count(db: &Path) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row("SELECT count(*) FROM ops", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn an_empty_far_side_starts_as_a_copy_and_then_syncs_as_any_replica() {
    let (dir, laptop) = demo_db();
    let far = dir.path().join("school.db");
    let log = dir.path().join("sent.log");
    let ssh = logging_ssh(dir.path(), &log);
    let bin = assert_cmd::cargo::cargo_bin("plp");
    // A draft typed on the laptop never leaves it.
    let conn = rusqlite::Connection::open(&laptop).unwrap();
    conn.execute(
        "INSERT INTO drafts (key, body, updated) VALUES ('checkin:x', '{\"words\":\"Private typing\"}', '2026-11-20T10:00:00Z')",
        [],
    )
    .unwrap();
    drop(conn);
    let (code, out, err) = sync_over(&laptop, &far, &ssh, &bin);
    assert_eq!(code, 0, "{err}");
    let n = change_count(&laptop);
    assert_eq!(out, format!("sent {n} changes, received 0\n"));
    let sent = sent_text(&log);
    assert!(
        sent.contains("\"offer_copy\""),
        "a copy was offered: {}",
        &sent[..300.min(sent.len())]
    );
    assert!(!sent.contains("{\"ops\":"), "no change was sent one by one");
    assert_eq!(dump(&laptop), dump(&far));
    assert_eq!(change_count(&far), n);
    assert_ne!(
        replica(&laptop),
        replica(&far),
        "the copy has its own identity"
    );
    let far_bytes = std::fs::read(&far).unwrap();
    assert!(
        !far_bytes
            .windows("Private typing".len())
            .any(|w| w == b"Private typing"),
        "no draft went with the copy"
    );
    // Then both go their own way and meet again.
    plp(&far)
        .args(["checkin", "Hana", "--said", "Said at school"])
        .assert()
        .success();
    plp(&laptop)
        .args(["checkin", "Kit", "--said", "Said on the laptop"])
        .assert()
        .success();
    let (code, out, err) = sync_over(&laptop, &far, &fake_ssh(dir.path()), &bin);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "sent 1 change, received 1\n");
    assert_eq!(dump(&laptop), dump(&far));
}

#[test]
fn a_far_side_holding_a_draft_takes_the_changes_one_by_one_and_keeps_it() {
    let (dir, laptop) = demo_db();
    let far = dir.path().join("school.db");
    // An empty plp file, with typing kept in it.
    drop(plp::store::Store::open(&far).unwrap());
    rusqlite::Connection::open(&far)
        .unwrap()
        .execute(
            "INSERT INTO drafts (key, body, updated) VALUES ('checkin:x', '{\"words\":\"Kept at school\"}', '2026-11-20T10:00:00Z')",
            [],
        )
        .unwrap();
    assert_eq!(change_count(&far), 0);
    let log = dir.path().join("sent.log");
    let ssh = logging_ssh(dir.path(), &log);
    let (code, _, err) = sync_over(&laptop, &far, &ssh, &assert_cmd::cargo::cargo_bin("plp"));
    assert_eq!(code, 0, "{err}");
    let sent = sent_text(&log);
    assert!(sent.contains("\"offer_copy\"") && sent.contains("{\"ops\":"));
    assert_eq!(dump(&laptop), dump(&far));
    let kept: i64 = rusqlite::Connection::open(&far)
        .unwrap()
        .query_row(
            "SELECT count(*) FROM drafts WHERE body LIKE '%Kept at school%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kept, 1, "the far side's typing is kept");
}

#[test]
fn a_far_plp_speaking_only_the_older_protocol_is_greeted_again_in_it() {
    let (dir, laptop) = demo_db();
    let far = dir.path().join("school.db");
    let log = dir.path().join("sent.log");
    let ssh = logging_ssh(dir.path(), &log);
    let older = older_far_plp(dir.path());
    let (code, out, err) = sync_over(&laptop, &far, &ssh, &older);
    assert_eq!(code, 0, "{err}");
    let n = change_count(&laptop);
    assert_eq!(out, format!("sent {n} changes, received 0\n"));
    let sent = sent_text(&log);
    assert!(
        sent.contains("\"protocol\":4") && sent.contains("\"protocol\":3"),
        "{}",
        &sent[..200.min(sent.len())]
    );
    assert!(
        !sent.contains("\"offer_copy\""),
        "the older protocol has no copies"
    );
    assert_eq!(dump(&laptop), dump(&far));
    // A plp pinned to the older protocol, greeting a newer far side, is answered in it.
    plp(&laptop)
        .args(["checkin", "Kit", "--said", "Said on the laptop"])
        .assert()
        .success();
    let mut c = plp(&laptop);
    c.arg("sync")
        .arg(format!("school:{}", far.display()))
        .env("PLP_SSH", fake_ssh(dir.path()))
        .env("PLP_REMOTE_PLP", assert_cmd::cargo::cargo_bin("plp"))
        .env("PLP_SYNC_PROTOCOL", "3");
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "sent 1 change, received 0\n");
    assert_eq!(dump(&laptop), dump(&far));
}

#[test]
fn a_far_plp_that_refused_the_greeting_has_ended_before_it_is_greeted_again() {
    // The first far side, refusing, puts away the file it made for --create; a second started
    // before it has ended would open that file as it is taken away.
    let (dir, laptop) = demo_db();
    let far = dir.path().join("school.db");
    let overlap = dir.path().join("overlap.log");
    let ssh = script(
        dir.path(),
        "marking-ssh",
        format!(
            "#!/bin/sh\nshift\nd='{d}'\nif ls \"$d\"/running.* >/dev/null 2>&1; then echo overlap >> '{o}'; fi\n\
             touch \"$d/running.$$\"\nsh -c \"$*\"\nrm -f \"$d/running.$$\"\n",
            d = dir.path().display(),
            o = overlap.display()
        ),
    );
    let older = older_far_plp(dir.path());
    let (code, out, err) = sync_over(&laptop, &far, &ssh, &older);
    assert_eq!(code, 0, "{err}");
    let n = change_count(&laptop);
    assert_eq!(out, format!("sent {n} changes, received 0\n"));
    assert!(
        !overlap.exists(),
        "the far side greeted again was started while the first was still running"
    );
    assert_eq!(dump(&laptop), dump(&far));
}
