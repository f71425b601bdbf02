//! A change the hub will not take from a login (about a student who has left its scope since it
//! was typed, or anything from a login that only reads) stays in the file that made it, is said
//! once in one sentence, and does not stop the rest of the sync, then or later; and an
//! advisor's laptop sends only its own changes, never its school server's. Skipped, with the
//! reason, where no server can start (fails instead under CI=true).

mod common;

use common::pg::{self, Cluster};
use common::{hub_cmd, plp, run};
use plp::store::{Base, Entity, Store};
use serde_json::json;

/// A fresh hub with an advisor login for Rivera and a teacher of Amara: the superuser's URL,
/// the database, and each login's URL.
fn hub(c: &Cluster, name: &str) -> (String, String, String) {
    let url = c.new_database(name);
    assert_eq!(run(hub_cmd(&["init", &url])).0, 0);
    let db = Cluster::db_of(&url);
    let list = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(list.path(), "S-AMARA\n").unwrap();
    let rivera = format!("{name}_rivera");
    let teacher = format!("{name}_teacher");
    let path = list.path().to_str().unwrap();
    for (login, extra) in [
        (&rivera, ["--advisor", "Rivera"]),
        (&teacher, ["--students", path]),
    ] {
        let role = if login == &rivera {
            "advisor"
        } else {
            "teacher"
        };
        let mut cmd = hub_cmd(&["user", &url, login, "--role", role, "--password-stdin"]);
        cmd.args(extra).write_stdin(format!("pw-{login}\n"));
        assert_eq!(run(cmd).0, 0);
    }
    let rivera = c.url_for(&db, &rivera, &format!("pw-{rivera}"));
    let teacher = c.url_for(&db, &teacher, &format!("pw-{teacher}"));
    (url, rivera, teacher)
}

/// Makes `login` at the hub `url` with `args` (its role and scope) and the password
/// `pw-LOGIN`; the login's URL.
fn login(c: &Cluster, url: &str, login: &str, args: &[&str]) -> String {
    let mut cmd = hub_cmd(&["user", url, login, "--password-stdin"]);
    cmd.args(args).write_stdin(format!("pw-{login}\n"));
    assert_eq!(run(cmd).0, 0);
    c.url_for(&Cluster::db_of(url), login, &format!("pw-{login}"))
}

/// Syncs the file at `from` with the one at `to` by path (made if missing).
fn by_path(from: &std::path::Path, to: &std::path::Path, home: &std::path::Path) {
    let mut cmd = plp(from);
    cmd.args(["sync", to.to_str().unwrap(), "--create"]);
    cmd.env("XDG_CONFIG_HOME", home);
    let (code, out, err) = run(cmd);
    assert_eq!(code, 0, "{out}{err}");
}

/// A school's file: Amara and Dara (Rivera's), Ben (Chen's). Returns Amara's and Dara's ids.
fn school(path: &std::path::Path) -> (String, String) {
    let mut s = Store::open(path).unwrap();
    s.set_author("school");
    s.write(|w| {
        let mut ids = Vec::new();
        for (sis, given, advisor) in [
            ("S-AMARA", "Amara", "Ms. Rivera"),
            ("S-DARA", "Dara", "Ms. Rivera"),
            ("S-BEN", "Ben", "Mr. Chen"),
        ] {
            ids.push(w.add_student(&plp::domain::Student {
                sis_id: sis.into(),
                given_name: given.into(),
                family_name: "Okafor".into(),
                grade: Some(9),
                advisor: Some(advisor.into()),
                ..Default::default()
            })?);
        }
        Ok((ids[0].clone(), ids[1].clone()))
    })
    .unwrap()
}

/// Sets one field of a student in the file at `path`, as `author`.
fn edit(path: &std::path::Path, author: &str, student: &str, field: &str, value: &str) {
    let mut s = Store::open(path).unwrap();
    s.set_author(author);
    s.write(|w| {
        w.set(Entity::Student, student, field, json!(value), Base::Current)
            .map(|_| ())
    })
    .unwrap();
}

/// `plp sync URL` for the file at `db`: exit code, stdout, stderr.
fn sync(db: &std::path::Path, url: &str, home: &std::path::Path) -> (i32, String, String) {
    let mut cmd = plp(db);
    cmd.args(["sync", url]).env("XDG_CONFIG_HOME", home);
    run(cmd)
}

/// The first sync through a login that reads only part of the hub, of a file other copies
/// sync with: refused, changing nothing, until `--partial` asks for it; then it is made.
fn sync_partial(db: &std::path::Path, url: &str, home: &std::path::Path) -> (i32, String, String) {
    let (code, out, err) = sync(db, url, home);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("add --partial to make this one partial anyway") && err.lines().count() == 1,
        "{err}"
    );
    let mut cmd = plp(db);
    cmd.args(["sync", url, "--partial"])
        .env("XDG_CONFIG_HOME", home);
    let (code, out, err) = run(cmd);
    assert!(
        out.contains("this file now holds only what login"),
        "{out}{err}"
    );
    (code, out, err)
}

/// [`sync_partial`], for its exit code alone.
fn sync_partial_done(db: &std::path::Path, url: &str, home: &std::path::Path) -> i32 {
    sync_partial(db, url, home).0
}

/// How many of the hub's changes hold `text` in their value.
fn in_hub(c: &Cluster, url: &str, text: &str) -> i64 {
    c.client(&Cluster::db_of(url))
        .query_one(
            "SELECT count(*) FROM plp.changes WHERE strpos(value, $1) > 0",
            &[&text],
        )
        .unwrap()
        .get(0)
}

/// Whether the file at `path` holds `text` in its change log.
fn in_file(path: &std::path::Path, text: &str) -> bool {
    Store::open(path)
        .unwrap()
        .ops()
        .unwrap()
        .iter()
        .any(|o| o.value.to_string().contains(text))
}

#[test]
fn a_change_about_a_student_who_left_the_advisor_stays_here_and_the_rest_still_syncs() {
    let Some(c) = pg::cluster() else { return };
    let (url, as_rivera, _) = hub(c, "kept_adv");
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("config");
    let school_db = dir.path().join("school.db");
    let (amara, dara) = school(&school_db);
    assert_eq!(sync(&school_db, &url, &home).0, 0);
    let laptop = dir.path().join("rivera.db");
    assert_eq!(sync(&laptop, &as_rivera, &home).0, 0);

    // Amara moves to Mr. Chen at the school while Rivera, offline, still writes about her.
    edit(&school_db, "school", &amara, "advisor", "Mr. Chen");
    assert_eq!(sync(&school_db, &url, &home).0, 0);
    edit(&laptop, "rivera", &amara, "strengths", "AMARA-LATE");
    edit(&laptop, "rivera", &dara, "strengths", "DARA-FIRST");

    let (code, out, err) = sync(&laptop, &as_rivera, &home);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("sent 1 change,"), "{out}");
    assert!(
        err.contains("did not take a change about Amara Okafor")
            && err.contains("kept in this file and not sent")
            && err.contains("some changes made here were not sent (above)"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 2, "{err}");
    assert_eq!(in_hub(c, &url, "DARA-FIRST"), 1);
    assert_eq!(in_hub(c, &url, "AMARA-LATE"), 0);
    assert!(in_file(&laptop, "AMARA-LATE"), "the refused change is kept");
    // The school's whole file takes in what the hub took, without a gap to stop it.
    let (code, _, err) = sync(&school_db, &url, &home);
    assert_eq!(code, 0, "{err}");
    assert!(in_file(&school_db, "DARA-FIRST"));
    common::check_agrees(&school_db);

    // Later syncs go on, past it: a reminder, not a failure, and new work still goes.
    edit(&laptop, "rivera", &dara, "interests", "DARA-SECOND");
    let (code, out, err) = sync(&laptop, &as_rivera, &home);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("sent 1 change,"), "{out}");
    assert!(
        out.contains("1 change made here is kept only in this file"),
        "{out}"
    );
    assert_eq!(in_hub(c, &url, "DARA-SECOND"), 1);
    assert_eq!(in_hub(c, &url, "AMARA-LATE"), 0);
    assert!(in_file(&laptop, "AMARA-LATE"));
    let (code, _, err) = sync(&school_db, &url, &home);
    assert_eq!(code, 0, "{err}");
    assert!(in_file(&school_db, "DARA-SECOND"));
    assert!(!in_file(&school_db, "AMARA-LATE"));

    // Two more about Amara, between changes about Dara: each is kept, everything else goes.
    edit(&laptop, "rivera", &amara, "needs", "AMARA-2");
    edit(&laptop, "rivera", &dara, "needs", "DARA-3");
    edit(&laptop, "rivera", &amara, "interests", "AMARA-3");
    edit(&laptop, "rivera", &dara, "strengths", "DARA-4");
    let (code, out, err) = sync(&laptop, &as_rivera, &home);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("sent 2 changes,"), "{out}");
    assert!(
        err.contains("did not take changes about Amara Okafor")
            && err.contains("2 changes made here were kept in this file"),
        "{err}"
    );
    for (text, there) in [("DARA-3", 1), ("DARA-4", 1), ("AMARA-2", 0), ("AMARA-3", 0)] {
        assert_eq!(in_hub(c, &url, text), there, "{text}");
        assert!(in_file(&laptop, text), "{text}");
    }
    common::check_agrees(&laptop);
    let (code, _, err) = sync(&school_db, &url, &home);
    assert_eq!(code, 0, "{err}");
    assert!(in_file(&school_db, "DARA-4"));
    common::check_agrees(&school_db);
    let (code, out, _) = sync(&laptop, &as_rivera, &home);
    assert_eq!(code, 0);
    assert!(
        out.contains("3 changes made here are kept only in this file"),
        "{out}"
    );

    // Made a teacher for a while, the login adds nothing: what this file kept under its
    // earlier ids stays kept, and is not said to have gone.
    let role = |args: &[&str]| {
        let mut all = vec!["user", &url, "kept_adv_rivera"];
        all.extend_from_slice(args);
        assert_eq!(run(hub_cmd(&all)).0, 0);
    };
    role(&["--role", "teacher", "--school", "North High"]);
    let (code, out, err) = sync(&laptop, &as_rivera, &home);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("3 changes made here are kept only in this file")
            && !out.contains("went to the hub"),
        "{out}"
    );
    role(&["--role", "advisor", "--advisor", "Rivera"]);

    // Amara is given back to Rivera: what was kept goes at the next sync, in order, and the
    // school takes it in.
    edit(&school_db, "school", &amara, "advisor", "Ms. Rivera");
    assert_eq!(sync(&school_db, &url, &home).0, 0);
    let (code, out, err) = sync(&laptop, &as_rivera, &home);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("3 changes kept in this file by earlier syncs went to the hub now"),
        "{out}"
    );
    assert!(!out.contains("kept only in this file"), "{out}");
    for text in ["AMARA-LATE", "AMARA-2", "AMARA-3"] {
        assert_eq!(in_hub(c, &url, text), 1, "{text}");
    }
    let (code, out, _) = sync(&laptop, &as_rivera, &home);
    assert_eq!(code, 0);
    assert!(!out.contains("kept"), "{out}");
    common::check_agrees(&laptop);
    let (code, _, err) = sync(&school_db, &url, &home);
    assert_eq!(code, 0, "{err}");
    for text in ["AMARA-LATE", "AMARA-2", "AMARA-3"] {
        assert!(in_file(&school_db, text), "{text}");
    }
    common::check_agrees(&school_db);
    let shown = |db: &std::path::Path| {
        let mut cmd = plp(db);
        cmd.args(["show", "S-AMARA"]);
        run(cmd).1
    };
    assert_eq!(shown(&school_db), shown(&laptop));
    assert!(shown(&school_db).contains("AMARA-3"));
}

#[test]
fn a_teachers_file_keeps_what_it_made_before_and_takes_no_new_change_but_still_receives() {
    let Some(c) = pg::cluster() else { return };
    let (url, _, as_teacher) = hub(c, "kept_tch");
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("config");
    let school_db = dir.path().join("school.db");
    let (amara, _) = school(&school_db);
    assert_eq!(sync(&school_db, &url, &home).0, 0);

    // The teacher used plp on her own before: one student of hers, in her file.
    let teacher_db = dir.path().join("teacher.db");
    Store::open(&teacher_db)
        .unwrap()
        .write(|w| {
            w.add_student(&plp::domain::Student {
                sis_id: "T-1".into(),
                given_name: "TEACHER-OWN".into(),
                family_name: "Pupil".into(),
                ..Default::default()
            })
        })
        .unwrap();
    let (code, out, err) = sync(&teacher_db, &as_teacher, &home);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("only reads the hub: 1 change made here was kept in this file and not sent"),
        "{err}"
    );
    assert!(in_file(&teacher_db, "Amara"), "the pull still ran");
    assert!(in_file(&teacher_db, "TEACHER-OWN"));
    assert_eq!(in_hub(c, &url, "TEACHER-OWN"), 0);

    // From now on her file makes nothing of its own: one sentence, nothing changed.
    let before = Store::open(&teacher_db).unwrap().op_count().unwrap();
    let mut cmd = plp(&teacher_db);
    cmd.args(["checkin", "S-AMARA", "--said", "TEACHER-CHECKIN"]);
    let (code, out, err) = run(cmd);
    assert_ne!(code, 0, "{out}");
    assert!(
        err.contains("only reads the hub: nothing can be written here, so nothing was changed")
            && err.lines().count() == 1,
        "{err}"
    );
    assert_eq!(
        Store::open(&teacher_db).unwrap().op_count().unwrap(),
        before
    );
    // Nor does it take a school of its own.
    let mut cmd = plp(&teacher_db);
    cmd.args(["config", "school", "West High"]);
    let (code, out, err) = run(cmd);
    assert_ne!(code, 0, "{out}");
    assert!(
        err.contains("only reads the hub: nothing can be written here, so nothing was changed")
            && err.lines().count() == 1,
        "{err}"
    );
    assert_eq!(
        Store::open(&teacher_db).unwrap().school().unwrap(),
        plp::store::FileSchool::Unset
    );

    edit(&school_db, "school", &amara, "needs", "SCHOOL-MORE");
    assert_eq!(sync(&school_db, &url, &home).0, 0);
    let (code, out, err) = sync(&teacher_db, &as_teacher, &home);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("1 change made here is kept only in this file"),
        "{out}"
    );
    assert!(in_file(&teacher_db, "SCHOOL-MORE"));
    assert_eq!(in_hub(c, &url, "TEACHER-CHECKIN"), 0);
}

#[test]
fn a_teachers_file_holding_a_colleagues_changes_counts_them_as_theirs_not_as_made_here() {
    let Some(c) = pg::cluster() else { return };
    let (url, as_rivera, as_teacher) = hub(c, "kept_carried");
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("config");
    let school_db = dir.path().join("school.db");
    let (amara, _) = school(&school_db);
    assert_eq!(sync(&school_db, &url, &home).0, 0);

    // Ms. Rivera's laptop, a copy of the school's file, writes about Amara and meets the
    // teacher's file by path before reaching the hub itself.
    let laptop = dir.path().join("rivera.db");
    let teacher_db = dir.path().join("teacher.db");
    for (from, to) in [(&school_db, &laptop), (&laptop, &teacher_db)] {
        if from == &laptop {
            edit(&laptop, "rivera", &amara, "needs", "RIVERA-ON-THE-LAPTOP");
        }
        let mut cmd = plp(from);
        cmd.args(["sync", to.to_str().unwrap(), "--create"])
            .env("XDG_CONFIG_HOME", &home);
        assert_eq!(run(cmd).0, 0);
    }
    let rivera_replica = Store::open(&laptop).unwrap().replica().to_string();

    // The teacher's sync sends nothing, keeps nothing as made here, and says whose it is.
    let (code, out, err) = sync_partial(&teacher_db, &as_teacher, &home);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains(
            "1 change this file took from another copy (by path, ssh or bundle folder) was not \
             sent, as login kept_carried_teacher only reads the hub: the hub takes it from the \
             copy that made it"
        ),
        "{out}"
    );
    assert!(
        !out.contains("made here") && !err.contains("made here"),
        "{out}{err}"
    );
    assert_eq!(in_hub(c, &url, "RIVERA-ON-THE-LAPTOP"), 0);
    // Said once, not at every sync.
    let (code, out, err) = sync(&teacher_db, &as_teacher, &home);
    assert_eq!(code, 0, "{out}{err}");
    assert!(!out.contains("took from another copy"), "{out}");
    assert_eq!(
        Store::open(&teacher_db).unwrap().kept_here_count().unwrap(),
        0
    );

    // A mark an older plp put on her change is taken off; once her laptop sent it, nothing is
    // said of it.
    Store::open(&teacher_db)
        .unwrap()
        .keep_here(&rivera_replica, 1)
        .unwrap();
    assert_eq!(sync_partial_done(&laptop, &as_rivera, &home), 0);
    assert_eq!(in_hub(c, &url, "RIVERA-ON-THE-LAPTOP"), 1);
    let (code, out, err) = sync(&teacher_db, &as_teacher, &home);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        !out.contains("made here") && !out.contains("took from"),
        "{out}"
    );
    assert_eq!(
        Store::open(&teacher_db).unwrap().kept_here_count().unwrap(),
        0
    );
}

#[test]
fn a_server_whose_replica_an_older_hub_registered_under_a_laptops_login_says_so_and_goes_on_once_given_it_back(
) {
    let Some(c) = pg::cluster() else { return };
    let (url, as_rivera, _) = hub(c, "relay");
    let as_school = login(c, &url, "relay_school", &["--role", "counselor"]);
    let db = Cluster::db_of(&url);
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("config");

    // Rivera's laptop met the school's server before the district hub came, and holds the
    // server's changes: it reaches the hub first, carrying them.
    let school_db = dir.path().join("school.db");
    school(&school_db);
    let laptop = dir.path().join("rivera.db");
    let mut copy = plp(&school_db);
    copy.args(["sync", laptop.to_str().unwrap(), "--create"]);
    copy.env("XDG_CONFIG_HOME", &home);
    assert_eq!(run(copy).0, 0);
    sync_partial(&laptop, &as_rivera, &home);
    // As a hub before schema 19 registered it: not known to be carried.
    c.client(&db)
        .batch_execute("UPDATE plp.replicas SET carried = false")
        .unwrap();

    // The server's own changes cannot go under its login: it says so, and how to mend it.
    let (code, out, err) = sync(&school_db, &as_school, &home);
    assert_eq!(code, 1, "{out}{err}");
    let said = err.lines().next().unwrap_or_default();
    assert!(
        said.contains("the hub holds this file's replica under another login"),
        "{err}"
    );
    let mend = said.split("with ").last().unwrap();
    c.client(&db).batch_execute(mend).unwrap();
    let (code, out, err) = sync(&school_db, &as_school, &home);
    assert_eq!(code, 0, "{out}{err}");
    let sent = Store::open(&school_db).unwrap().op_count().unwrap();
    let held: i64 = c
        .client(&db)
        .query_one("SELECT count(*) FROM plp.changes", &[])
        .unwrap()
        .get(0);
    assert_eq!(held, sent, "every change of the server's is in the hub");
}

/// Every change of the file at `db` is in the hub once.
fn all_in_hub(c: &Cluster, url: &str, db: &std::path::Path) {
    let ids: Vec<String> = Store::open(db)
        .unwrap()
        .ops()
        .unwrap()
        .into_iter()
        .map(|o| o.id)
        .collect();
    let held: i64 = c
        .client(&Cluster::db_of(url))
        .query_one(
            "SELECT count(*) FROM plp.changes WHERE id = ANY($1)",
            &[&ids],
        )
        .unwrap()
        .get(0);
    assert_eq!(
        held as usize,
        ids.len(),
        "every change of {} is in the hub",
        db.display()
    );
}

#[test]
fn a_server_whose_replica_a_laptop_brought_first_claims_it_at_its_first_sync() {
    let Some(c) = pg::cluster() else { return };
    let (url, as_rivera, _) = hub(c, "claim_server");
    let as_school = login(c, &url, "claim_server_lab", &["--role", "counselor"]);
    let db = Cluster::db_of(&url);
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("config");
    let school_db = dir.path().join("school.db");
    let (_, dara) = school(&school_db);
    let laptop = dir.path().join("rivera.db");
    let mut copy = plp(&school_db);
    copy.args(["sync", laptop.to_str().unwrap(), "--create"]);
    copy.env("XDG_CONFIG_HOME", &home);
    assert_eq!(run(copy).0, 0);
    sync_partial(&laptop, &as_rivera, &home);

    // The server's first sync claims its replica, says so once, and sends the rest.
    edit(&school_db, "school", &dara, "needs", "SERVER-AFTER");
    let (code, out, err) = sync(&school_db, &as_school, &home);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("another file brought this file's changes to the hub first; they are login claim_server_lab's now"),
        "{out}"
    );
    all_in_hub(c, &url, &school_db);
    let (code, out, err) = sync(&school_db, &as_school, &home);
    assert_eq!(code, 0, "{out}{err}");
    assert!(!out.contains("brought this file's changes"), "{out}");
    // What her laptop kept of the server's changes (about Ben, whom her login may not write)
    // is at the hub now, from the server: her laptop says so once, and no more of it.
    let (code, out, err) = sync(&laptop, &as_rivera, &home);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("kept in this file by an earlier sync went to the hub now")
            && !out.contains("kept only in this file"),
        "{out}{err}"
    );
    let (code, out, err) = sync(&laptop, &as_rivera, &home);
    assert_eq!(code, 0, "{out}{err}");
    assert!(!out.contains("kept") && !err.contains("kept"), "{out}{err}");
    // Claimed once, it cannot be claimed again, even with the proof.
    let server = Store::open(&school_db).unwrap();
    let replica = server.replica().to_string();
    let upto = server.own_seq().unwrap();
    let proof = server.own_ids_digest(upto).unwrap().unwrap();
    drop(server);
    let mut rivera =
        postgres::Client::connect(&as_rivera.replace("?sslmode=disable", ""), postgres::NoTls)
            .unwrap();
    let took: bool = rivera
        .query_one(
            "SELECT plp.claim_replica($1, $2, $3)",
            &[&replica, &upto, &proof],
        )
        .unwrap()
        .get(0);
    assert!(!took);
    let whose: String = c
        .client(&db)
        .query_one(
            "SELECT login::text FROM plp.replicas WHERE replica = $1",
            &[&replica],
        )
        .unwrap()
        .get(0);
    assert_eq!(whose, "claim_server_lab");
}

#[test]
fn laptops_a_server_brought_to_the_hub_first_claim_their_own_and_send_from_then_on() {
    let Some(c) = pg::cluster() else { return };
    let (url, as_rivera, as_teacher) = hub(c, "claim_laptop");
    let as_school = login(c, &url, "claim_laptop_lab", &["--role", "counselor"]);
    let db = Cluster::db_of(&url);
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("config");
    let by_path = |from: &std::path::Path, to: &std::path::Path| by_path(from, to, &home);

    // Before the hub: Ms. Rivera's laptop syncs with the school's server, as its laptops do.
    let school_db = dir.path().join("school.db");
    let (amara, dara) = school(&school_db);
    let laptop = dir.path().join("rivera.db");
    by_path(&school_db, &laptop);
    edit(&laptop, "rivera", &dara, "strengths", "DARA-BEFORE-HUB");
    by_path(&laptop, &school_db);

    // The server first, as the README says: it carries her changes to the hub.
    let (code, out, err) = sync(&school_db, &as_school, &home);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(in_hub(c, &url, "DARA-BEFORE-HUB"), 1);

    // A teacher may not claim it; an advisor who cannot read all of it cannot prove it holds
    // it, so the claim changes nothing.
    let mine = Store::open(&laptop).unwrap().replica().to_string();
    let connect = |url: &str| {
        postgres::Client::connect(&url.replace("?sslmode=disable", ""), postgres::NoTls).unwrap()
    };
    let e = connect(&as_teacher)
        .query_one("SELECT plp.claim_replica($1, 0, '')", &[&mine])
        .unwrap_err();
    assert_eq!(
        e.as_db_error().map(|d| d.code().clone()),
        Some(postgres::error::SqlState::INSUFFICIENT_PRIVILEGE),
        "{e}"
    );
    let as_chen = login(
        c,
        &url,
        "claim_laptop_chen",
        &["--role", "advisor", "--advisor", "Chen"],
    );
    let mut chen = connect(&as_chen);
    let upto: i64 = chen
        .query_one("SELECT held FROM plp.claimable($1)", &[&mine])
        .unwrap()
        .get(0);
    let guessed = format!("{:064x}", 0);
    for proof in [guessed.as_str(), ""] {
        let took: bool = chen
            .query_one(
                "SELECT plp.claim_replica($1, $2, $3)",
                &[&mine, &upto, &proof],
            )
            .unwrap()
            .get(0);
        assert!(!took);
    }
    let (whose, carried): (String, bool) = {
        let r = c
            .client(&db)
            .query_one(
                "SELECT login::text, carried FROM plp.replicas WHERE replica = $1",
                &[&mine],
            )
            .unwrap();
        (r.get(0), r.get(1))
    };
    assert_eq!((whose.as_str(), carried), ("claim_laptop_lab", true));

    // Her laptop's first sync claims its replica and sends what it made since.
    edit(&laptop, "rivera", &amara, "needs", "AMARA-AFTER-HUB");
    let (code, out, err) = sync_partial(&laptop, &as_rivera, &home);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains(
            "they are login claim_laptop_rivera's now, and this file's changes go from here"
        ),
        "{out}"
    );
    assert!(!err.contains("another login"), "{err}");
    assert_eq!(in_hub(c, &url, "AMARA-AFTER-HUB"), 1);
    assert_eq!(in_hub(c, &url, "DARA-BEFORE-HUB"), 1);
    let whose: String = c
        .client(&db)
        .query_one(
            "SELECT login::text FROM plp.replicas WHERE replica = $1",
            &[&mine],
        )
        .unwrap()
        .get(0);
    assert_eq!(whose, "claim_laptop_rivera");
    // Later changes go from her laptop as from any other; the server's next sync sends its own
    // and says nothing of hers.
    edit(&laptop, "rivera", &dara, "interests", "DARA-LATER");
    let (code, out, err) = sync(&laptop, &as_rivera, &home);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("sent 1 change,"), "{out}");
    edit(&school_db, "school", &amara, "interests", "SCHOOL-LATER");
    let (code, out, err) = sync(&school_db, &as_school, &home);
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.is_empty() && !out.contains("kept"), "{out}{err}");
    all_in_hub(c, &url, &school_db);
}

#[test]
fn a_laptop_holding_a_colleagues_changes_sends_its_own_and_leaves_theirs_to_their_login() {
    let Some(c) = pg::cluster() else { return };
    let (url, as_rivera, _) = hub(c, "others");
    let as_chen = login(
        c,
        &url,
        "others_chen",
        &["--role", "advisor", "--advisor", "Chen"],
    );
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("config");
    let by_path = |from: &std::path::Path, to: &std::path::Path| by_path(from, to, &home);

    // Before the district hub: Ms. Rivera and Mr. Chen carry copies of the school's file, he
    // writes about Ben, and their laptops meet (a sync by path): hers holds his change too.
    let school_db = dir.path().join("school.db");
    let (_, dara) = school(&school_db);
    let laptop = dir.path().join("rivera.db");
    let chen = dir.path().join("chen.db");
    by_path(&school_db, &laptop);
    by_path(&school_db, &chen);
    let ben = Store::open(&chen)
        .unwrap()
        .ops()
        .unwrap()
        .into_iter()
        .find(|o| o.entity == "student" && o.value["given_name"] == "Ben")
        .unwrap()
        .entity_id;
    edit(&chen, "chen", &ben, "strengths", "BEN-BY-CHEN");
    by_path(&laptop, &chen);
    assert!(in_file(&laptop, "BEN-BY-CHEN"));

    // The hub comes: the school's server, then his laptop, sync with it first.
    assert_eq!(sync(&school_db, &url, &home).0, 0);
    let (code, out, err) = sync_partial(&chen, &as_chen, &home);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(in_hub(c, &url, "BEN-BY-CHEN"), 1);

    // Her own changes still go; his are left to his login, said in one sentence, twice over.
    for (round, text) in [(1, "DARA-BY-RIVERA"), (2, "DARA-AGAIN")] {
        edit(&laptop, "rivera", &dara, "strengths", text);
        let (code, out, err) = if round == 1 {
            sync_partial(&laptop, &as_rivera, &home)
        } else {
            sync(&laptop, &as_rivera, &home)
        };
        assert_eq!(code, 0, "round {round}: {out}{err}");
        assert!(err.is_empty(), "round {round}: {err}");
        assert!(out.contains("sent 1 change,"), "round {round}: {out}");
        let said: Vec<&str> = out
            .lines()
            .filter(|l| l.contains("the hub holds under another login"))
            .collect();
        assert_eq!(said.len(), 1, "round {round}: {out}");
        assert!(
            said[0].contains("change") && said[0].contains("not sent from here"),
            "round {round}: {out}"
        );
        assert!(
            !out.contains("kept only in this file"),
            "round {round}: {out}"
        );
        assert_eq!(in_hub(c, &url, text), 1, "round {round}");
    }
    assert_eq!(in_hub(c, &url, "BEN-BY-CHEN"), 1);
    // His replica is still his: his next change goes from his laptop.
    edit(&chen, "chen", &ben, "interests", "BEN-LATER");
    let (code, out, err) = sync(&chen, &as_chen, &home);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(in_hub(c, &url, "BEN-LATER"), 1);
}

#[test]
fn a_student_a_laptop_added_reaches_the_hub_through_its_server_as_that_schools() {
    let Some(c) = pg::cluster() else { return };
    let (url, _, _) = hub(c, "carried_school");
    let db = Cluster::db_of(&url);
    let as_all = login(c, &url, "carried_school_lab", &["--role", "counselor"]);
    let as_north = login(
        c,
        &url,
        "carried_school_north",
        &["--role", "counselor", "--school", "North High"],
    );
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("config");
    let cli = |db: &std::path::Path, args: &[&str]| {
        let mut cmd = plp(db);
        cmd.args(args).env("XDG_CONFIG_HOME", &home);
        let (code, out, err) = run(cmd);
        assert_eq!(code, 0, "{args:?}: {out}{err}");
        out
    };

    // North High's server; a laptop copied from it adds a student from the SIS.
    let server = dir.path().join("north.db");
    school(&server);
    cli(&server, &["config", "school", "North High"]);
    let laptop = dir.path().join("laptop.db");
    cli(&server, &["sync", laptop.to_str().unwrap(), "--create"]);
    let roster = dir.path().join("new.csv");
    std::fs::write(
        &roster,
        "Student_Number,LastFirst,Grade_Level,Advisor\nS-NORA,\"Newkid, Nora\",9,Ms. Rivera\n",
    )
    .unwrap();
    cli(&laptop, &["import", "roster", roster.to_str().unwrap()]);
    cli(&laptop, &["sync", server.to_str().unwrap()]);

    // The server carries her to the hub: she is North High's there, and North High's
    // counselor reads her.
    cli(&server, &["sync", &as_all]);
    let school: Option<String> = c
        .client(&db)
        .query_one(
            "SELECT school FROM plp.students WHERE sis_id = 'S-NORA'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(school.as_deref(), Some("North High"));
    let north = dir.path().join("counselor.db");
    cli(&north, &["sync", &as_north]);
    assert!(cli(&north, &["students"]).contains("Nora Newkid"));

    // A file that names a school its login is not kept to still syncs: what it carries is
    // registered with no school rather than refused.
    cli(&north, &["config", "school", "South High"]);
    cli(&north, &["checkin", "S-NORA", "--said", "NORA-SAID"]);
    let out = cli(&north, &["sync", &as_north]);
    assert!(out.contains("sent 1 change"), "{out}");
    assert_eq!(in_hub(c, &url, "NORA-SAID"), 1);
}

/// A laptop first synced before its file named a school: once the file names one, its replica
/// takes it at the next sync, and a student it added (kept in the file while the replica named
/// no school, since its login is kept to one) goes to the hub as that school's.
#[test]
fn a_laptop_that_names_its_school_later_sends_what_was_kept_for_want_of_one() {
    let Some(c) = pg::cluster() else { return };
    let url = c.new_database("later_school");
    assert_eq!(run(hub_cmd(&["init", &url])).0, 0);
    let as_erik = login(
        c,
        &url,
        "later_school_erik",
        &[
            "--role",
            "advisor",
            "--advisor",
            "Lindqvist",
            "--school",
            "South High",
        ],
    );
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("config");
    let cli = |args: &[&str]| {
        let mut cmd = plp(&dir.path().join("laptop.db"));
        cmd.args(args).env("XDG_CONFIG_HOME", &home);
        let (code, out, err) = run(cmd);
        assert_eq!(code, 0, "{args:?}: {out}{err}");
        format!("{out}{err}")
    };
    let roster = dir.path().join("new.csv");
    std::fs::write(
        &roster,
        "id,first,last,grade,advisor\n900010,New,Kid,9,\"Lindqvist, Erik\"\n",
    )
    .unwrap();
    cli(&["import", "roster", roster.to_str().unwrap()]);
    let mut cmd = plp(&dir.path().join("laptop.db"));
    cmd.args(["sync", &as_erik]).env("XDG_CONFIG_HOME", &home);
    let (code, _, err) = run(cmd);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("1 change made here was kept in this file"),
        "{err}"
    );
    assert_eq!(in_hub(c, &url, "900010"), 0);
    cli(&["config", "school", "South High"]);
    let said = cli(&["sync", &as_erik]);
    assert!(said.contains("went to the hub now"), "{said}");
    let school: Option<String> = c
        .client(&Cluster::db_of(&url))
        .query_one(
            "SELECT school FROM plp.students WHERE sis_id = '900010'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(school.as_deref(), Some("South High"));
    assert!(cli(&["students"]).contains("New Kid"));
}
