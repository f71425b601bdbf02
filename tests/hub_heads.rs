//! What the hub keeps so that a sync starts quickly: the highest sequence number it holds of each
//! replica (and per student), kept as changes are added, agreeing with the log whatever order
//! and however many at once pushes arrive; what each login is told of them; the owner of each
//! record checked once per statement; and a sync with nothing to do that sends nothing.
//! Skipped, with the reason, where no server can start (fails instead under CI=true).

mod common;

use std::collections::BTreeMap;

use common::pg::{self, views_agree, Cluster};
use common::{plp, run};
use plp::store::hub::Hub;
use plp::store::Op;

/// A fresh hub: its superuser URL and database name.
fn new_hub(c: &Cluster, name: &str) -> (String, String) {
    let url = c.new_database(name);
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = plp(&dir.path().join("unused.db"));
    cmd.args(["hub", "init", &url]).env_remove("PGPASSWORD");
    let (code, _, err) = run(cmd);
    assert_eq!(code, 0, "{err}");
    (url.clone(), Cluster::db_of(&url))
}

/// A goal of `student` made as change `seq` of `replica` (or, with `field`, an edit of it).
fn goal(replica: &str, seq: i64, goal: &str, student: &str, field: Option<&str>) -> Op {
    let value = match field {
        None => serde_json::json!({"id": goal, "student_id": student, "title": "Reads"}),
        Some(_) => serde_json::json!("Reads every night"),
    };
    Op {
        id: format!("{replica}-{seq}"),
        replica: replica.to_string(),
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

/// Each replica's highest sequence number, and each (student, replica)'s, as the log says and
/// as the heads say.
type Tops = (BTreeMap<String, i64>, BTreeMap<(String, String), i64>);

fn tops(su: &mut postgres::Client, log: bool) -> Tops {
    let (a, b) = if log {
        (
            "SELECT replica, max(seq) FROM plp.changes GROUP BY 1",
            "SELECT student_id, replica, max(seq) FROM plp.changes GROUP BY 1, 2",
        )
    } else {
        (
            "SELECT replica, seq FROM plp.heads",
            "SELECT student_id, replica, seq FROM plp.student_heads",
        )
    };
    let per_replica = su
        .query(a, &[])
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    let per_student = su
        .query(b, &[])
        .unwrap()
        .iter()
        .map(|r| ((r.get(0), r.get(1)), r.get(2)))
        .collect();
    (per_replica, per_student)
}

#[test]
fn heads_agree_with_the_log_after_concurrent_pushes_in_any_order() {
    let Some(c) = pg::cluster() else { return };
    let (url, db) = new_hub(c, "heads_concurrent");
    // Four pushers at once; each sends its own replica's changes and a share of a replica they
    // all hold, later batches first. The edits name no student (their pushers did not know):
    // the hub takes the one their record's creation named.
    let threads: Vec<_> = (0..4)
        .map(|t| {
            let url = url.clone();
            std::thread::spawn(move || {
                let mut hub = Hub::open(&url).expect("hub");
                let own = format!("own-{t}");
                for batch in (0..5).rev() {
                    let mut ops = Vec::new();
                    let mut students = Vec::new();
                    for k in 0..20 {
                        let seq = batch * 40 + k * 2 + 1;
                        let g = format!("g-{t}-{batch}-{k}");
                        let s = format!("s{}", (t + k as usize) % 7);
                        ops.push(goal(&own, seq, &g, &s, None));
                        students.push(s);
                        ops.push(goal(&own, seq + 1, &g, "", Some("title")));
                        students.push(String::new());
                    }
                    hub.push_batch(&ops, &students).expect("push");
                    let shared: Vec<Op> = (0..10)
                        .map(|k| {
                            let seq = (batch * 4 + t as i64) * 10 + k + 1;
                            goal("shared", seq, &format!("h-{seq}"), &format!("s{k}"), None)
                        })
                        .collect();
                    let students: Vec<String> = shared
                        .iter()
                        .map(|o| o.value["student_id"].as_str().unwrap().to_string())
                        .collect();
                    hub.push_batch(&shared, &students).expect("push");
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let mut su = c.client(&db);
    let from_log = tops(&mut su, true);
    assert_eq!(from_log.0.len(), 5);
    assert_eq!(from_log.0["shared"], 200);
    assert_eq!(tops(&mut su, false), from_log);
    let unnamed: i64 = su
        .query_one(
            "SELECT count(*) FROM plp.changes WHERE student_id = ''",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(unnamed, 0, "every edit took its record's student");
    // The views kept as the rows went in agree with a recomputation from the whole log.
    let row = su
        .query_one("SELECT * FROM plp.check_views(false)", &[])
        .unwrap();
    let records: i64 = row.get(0);
    let off: Vec<i64> = (1..6).map(|i| row.get(i)).collect();
    assert_eq!((records, off), (400 + 200, vec![0; 5]));
    // What sync is told is the same.
    let mut hub = Hub::open(&url).unwrap();
    let heads = hub.heads().unwrap();
    assert!(heads.everything);
    for h in &heads.replicas {
        assert!(h.writes, "a superuser may add to every replica");
        assert_eq!(h.held, from_log.0.get(&h.replica).copied());
        assert_eq!(h.readable, h.held);
        assert_eq!(h.cursor(), h.held);
    }
    assert_eq!(heads.replicas.len(), from_log.0.len());
}

#[test]
fn a_statement_naming_two_students_for_one_record_is_refused_whole() {
    let Some(c) = pg::cluster() else { return };
    let (url, db) = new_hub(c, "heads_owner");
    let mut hub = Hub::open(&url).unwrap();
    hub.push_batch(&[goal("a", 1, "g1", "s1", None)], &["s1".into()])
        .unwrap();
    // Against the owner the hub knows, and within one statement.
    let tries = [
        (
            vec![
                goal("a", 2, "g2", "s2", None),
                goal("a", 3, "g1", "s2", None),
            ],
            "a-3",
        ),
        (
            vec![
                goal("a", 2, "g3", "s2", None),
                goal("a", 3, "g3", "s3", None),
            ],
            "a-3",
        ),
    ];
    for (ops, culprit) in tries {
        let students: Vec<String> = ops
            .iter()
            .map(|o| o.value["student_id"].as_str().unwrap().to_string())
            .collect();
        let e = hub.push_batch(&ops, &students).unwrap_err().to_string();
        assert!(
            e.contains(&format!("change {culprit} names student")),
            "{e}"
        );
    }
    let mut su = c.client(&db);
    let n: i64 = su
        .query_one("SELECT count(*) FROM plp.changes", &[])
        .unwrap()
        .get(0);
    assert_eq!(n, 1, "nothing of a refused statement stays");
    assert_eq!(tops(&mut su, false), tops(&mut su, true));
}

/// `plp hub user URL LOGIN --role ROLE EXTRA… --password-stdin`, which must succeed.
fn user(url: &str, login: &str, role: &str, extra: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = plp(&dir.path().join("unused.db"));
    cmd.args([
        "hub",
        "user",
        url,
        login,
        "--role",
        role,
        "--password-stdin",
    ])
    .args(extra)
    .env_remove("PGPASSWORD")
    .write_stdin(format!("pw-{login}\n"));
    let (code, _, err) = run(cmd);
    assert_eq!(code, 0, "{err}");
}

/// Adds one change as the connected login (the replica registered first if new).
fn add(conn: &mut postgres::Client, replica: &str, seq: i64, entity_id: &str, value: &str) {
    conn.execute(
        "INSERT INTO plp.replicas (replica) VALUES ($1) ON CONFLICT DO NOTHING",
        &[&replica],
    )
    .unwrap();
    let student = if entity_id.starts_with("c-") {
        "amara"
    } else {
        entity_id
    };
    let entity = if entity_id.starts_with("c-") {
        "checkin"
    } else {
        "student"
    };
    let id = format!("{replica}-{seq}");
    let hlc = format!("{:015}.{:010}", 1_700_000_000_000i64 + seq, 0);
    conn.execute(
        "INSERT INTO plp.changes
         (replica, seq, id, hlc, author, entity, entity_id, field, value, base, student_id)
         VALUES ($1, $2, $3, $4, 'someone', $5, $6, '*', $7, '[]', $8)",
        &[
            &replica, &seq, &id, &hlc, &entity, &entity_id, &value, &student,
        ],
    )
    .unwrap();
}

#[test]
fn each_login_is_told_the_heads_of_what_it_may_read_and_writes_only_its_own() {
    let Some(c) = pg::cluster() else { return };
    let (url, db) = new_hub(c, "heads_scoped");
    user(&url, "hh_rivera", "advisor", &["--advisor", "Ms. Rivera"]);
    user(&url, "hh_chen", "advisor", &["--advisor", "Mr. Chen"]);
    let list = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(list.path(), "S-AMARA\n").unwrap();
    user(
        &url,
        "hh_teacher",
        "teacher",
        &["--students", list.path().to_str().unwrap()],
    );
    user(&url, "hh_nobody", "teacher", &[]);
    let connect = |login: &str| {
        let url = c.url_for(&db, login, &format!("pw-{login}"));
        plp::store::hub::Target::parse(&url, &|_| None)
            .unwrap()
            .connect()
            .unwrap()
    };
    let mut rivera = connect("hh_rivera");
    let mut chen = connect("hh_chen");
    add(
        &mut rivera,
        "rep-rivera",
        1,
        "amara",
        r#"{"id":"amara","sis_id":"S-AMARA","advisor":"Rivera, Ana"}"#,
    );
    add(
        &mut chen,
        "rep-chen",
        1,
        "ben",
        r#"{"id":"ben","sis_id":"S-BEN","advisor":"Mr. Chen"}"#,
    );
    add(
        &mut rivera,
        "rep-rivera",
        2,
        "c-open",
        r#"{"id":"c-open","student_id":"amara","notes":"open"}"#,
    );
    add(
        &mut rivera,
        "rep-rivera",
        3,
        "c-shut",
        r#"{"id":"c-shut","student_id":"amara","notes":"SECRET","restricted":true}"#,
    );
    add(
        &mut chen,
        "rep-chen",
        2,
        "cleo",
        r#"{"id":"cleo","sis_id":"S-CLEO","advisor":"Chen"}"#,
    );
    // Each login's heads, and the highest of each replica it reads in the log.
    let heads =
        |conn: &mut postgres::Client| -> BTreeMap<String, (bool, Option<i64>, Option<i64>)> {
            conn.query(
                "SELECT replica, writes, held, readable FROM plp.sync_heads()",
                &[],
            )
            .unwrap()
            .iter()
            .map(|r| (r.get(0), (r.get(1), r.get(2), r.get(3))))
            .collect()
        };
    // Every replica of the hub (a scoped login is told only its own and those it reads).
    let read = |conn: &mut postgres::Client| -> BTreeMap<String, i64> {
        conn.query(
            "SELECT c.replica, max(c.seq) FROM unnest(ARRAY['rep-rivera', 'rep-chen']) r,
                 plp.seen_changes(r, 0, NULL, 100000000) c GROUP BY 1",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect()
    };
    let r = heads(&mut rivera);
    assert_eq!(r["rep-rivera"], (true, Some(3), Some(3)));
    assert!(
        !r.contains_key("rep-chen"),
        "Rivera reads none of Chen's, and is not told of it"
    );
    let ch = heads(&mut chen);
    assert_eq!(ch["rep-chen"], (true, Some(2), Some(2)));
    assert!(!ch.contains_key("rep-rivera"));
    for conn in [&mut rivera, &mut chen] {
        let told: BTreeMap<String, i64> = heads(conn)
            .into_iter()
            .filter_map(|(k, (_, _, readable))| Some((k, readable?)))
            .collect();
        assert_eq!(told, read(conn));
    }
    // A teacher writes nothing and is told no more than the students it reads: its head of
    // Rivera's replica is a restricted check-in it is shown redacted.
    let mut teacher = connect("hh_teacher");
    let t = heads(&mut teacher);
    assert_eq!(t["rep-rivera"], (false, None, Some(3)));
    assert!(!t.contains_key("rep-chen"));
    assert_eq!(read(&mut teacher)["rep-rivera"], 3);
    let mut nobody = connect("hh_nobody");
    assert!(heads(&mut nobody).is_empty());
    // Nobody reads the heads' tables themselves.
    for conn in [&mut rivera, &mut teacher] {
        assert!(conn.query("SELECT * FROM plp.student_heads", &[]).is_err());
    }
}

#[test]
fn a_sync_with_nothing_to_do_sends_nothing() {
    let Some(c) = pg::cluster() else { return };
    let (url, db) = new_hub(c, "heads_noop");
    let dir = tempfile::tempdir().unwrap();
    let school = dir.path().join("school.db");
    let (code, _, err) = run({
        let mut cmd = plp(&school);
        cmd.args(["demo", "--no-open", "--students", "30"]);
        cmd
    });
    assert_eq!(code, 0, "{err}");
    let laptop = dir.path().join("laptop.db");
    let sync = |db: &std::path::Path| {
        let mut cmd = plp(db);
        cmd.args(["sync", &url])
            .env("XDG_CONFIG_HOME", dir.path())
            .env_remove("PGPASSWORD");
        let (code, out, err) = run(cmd);
        assert_eq!(code, 0, "{err}");
        out
    };
    sync(&school);
    sync(&laptop);
    // Every statement that adds to the log from now on is counted.
    let mut su = c.client(&db);
    su.batch_execute(
        "CREATE TABLE public.adds (n int);
         CREATE FUNCTION public.count_adds() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN INSERT INTO public.adds VALUES (1); RETURN NULL; END $$;
         CREATE TRIGGER zz_count_adds AFTER INSERT ON plp.changes
             FOR EACH STATEMENT EXECUTE FUNCTION public.count_adds();",
    )
    .unwrap();
    for db in [&school, &laptop, &school] {
        let out = sync(db);
        assert!(out.contains("sent 0 changes, received 0"), "{out}");
    }
    let adds: i64 = su
        .query_one("SELECT count(*) FROM public.adds", &[])
        .unwrap()
        .get(0);
    assert_eq!(adds, 0, "a sync with nothing to do sent changes");
    // One new check-in goes up in one statement, and comes down.
    let mut cmd = plp(&school);
    cmd.args(["checkin", "200000", "--said", "Met in the library"]);
    let (code, _, err) = run(cmd);
    assert_eq!(code, 0, "{err}");
    sync(&school);
    let out = sync(&laptop);
    assert!(
        out.contains("received 1") || out.contains("received 2"),
        "{out}"
    );
    let adds: i64 = su
        .query_one("SELECT count(*) FROM public.adds", &[])
        .unwrap()
        .get(0);
    assert_eq!(adds, 1);
}

#[test]
fn a_push_of_more_than_one_batch_has_the_server_count_the_log() {
    let Some(c) = pg::cluster() else { return };
    let (url, db) = new_hub(c, "heads_counted");
    let dir = tempfile::tempdir().unwrap();
    let school = dir.path().join("school.db");
    let (code, _, err) = run({
        let mut cmd = plp(&school);
        cmd.args(["demo", "--no-open", "--students", "150"]);
        cmd
    });
    assert_eq!(code, 0, "{err}");
    let ops = plp::store::Store::open(&school)
        .unwrap()
        .op_count()
        .unwrap();
    assert!(
        ops > plp::sync::BATCH as i64,
        "{ops} changes: more than a batch"
    );
    let counted = |su: &mut postgres::Client| -> bool {
        su.query_one(
            "SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables
             WHERE schemaname = 'plp' AND relname = 'changes'",
            &[],
        )
        .unwrap()
        .get(0)
    };
    let mut su = c.client(&db);
    assert!(!counted(&mut su), "nothing counted the empty hub by hand");
    let mut cmd = plp(&school);
    cmd.args(["sync", &url]).env_remove("PGPASSWORD");
    let (code, out, err) = run(cmd);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(&format!("sent {ops} changes")), "{out}");
    assert!(counted(&mut su), "the push had the server count the log");
}

/// How many times each of these hub functions ran in this transaction (`track_functions` on).
fn calls_in_transaction(conn: &mut postgres::Client, name: &str) -> i64 {
    conn.query_one(
        "SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_xact_user_functions
         WHERE schemaname = 'plp' AND funcname = $1",
        &[&name],
    )
    .unwrap()
    .get(0)
}

#[test]
fn an_advisors_students_are_found_by_matching_each_advisor_name_once() {
    let Some(c) = pg::cluster() else { return };
    let (url, db) = new_hub(c, "heads_names");
    user(&url, "hn_rivera", "advisor", &["--advisor", "Ms. Rivera"]);
    let mut su = c.client(&db);
    let names = ["Rivera, Ana", "Mr. Chen", "Ms. Rivera", "Dr. Okafor"];
    for i in 0..60i64 {
        let s = format!("s{i:02}");
        let advisor = names[i as usize % names.len()];
        let value = format!(r#"{{"id":"{s}","advisor":"{advisor}"}}"#);
        add(&mut su, "rep-school", i + 1, &s, &value);
    }
    // As the advisor, in one transaction whose function calls are counted.
    su.batch_execute("SET track_functions = 'all'; SET SESSION AUTHORIZATION hn_rivera; BEGIN")
        .unwrap();
    let mine: Vec<String> = su
        .query("SELECT s FROM plp.full_students() s ORDER BY 1", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    let expected: Vec<String> = (0..60)
        .filter(|i| i % 4 == 0 || i % 4 == 2)
        .map(|i| format!("s{i:02}"))
        .collect();
    assert_eq!(mine, expected);
    // Each distinct name on the students is matched once (matching every student's name
    // against every other's did not finish at 5,000 students).
    let matched = calls_in_transaction(&mut su, "advisor_matches");
    assert!(
        matched <= names.len() as i64,
        "{matched} name matches for {} names",
        names.len()
    );
    let read: i64 = su
        .query_one(
            "SELECT count(*) FROM plp.seen_changes('rep-school', 0, NULL, 100000000) c",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(read, expected.len() as i64);
    su.batch_execute("COMMIT").unwrap();
}

/// A row to add: (seq, entity, entity_id, student, value).
type Row<'a> = (i64, &'a str, &'a str, &'a str, &'a str);

/// Adds `rows` of `replica` in one statement.
fn add_all(
    conn: &mut postgres::Client,
    replica: &str,
    rows: &[Row],
) -> Result<u64, postgres::Error> {
    let col = |f: &dyn Fn(&Row) -> String| rows.iter().map(f).collect::<Vec<String>>();
    let seqs: Vec<i64> = rows.iter().map(|r| r.0).collect();
    conn.execute(
        "INSERT INTO plp.changes
         (replica, seq, id, hlc, author, entity, entity_id, field, value, base, student_id)
         SELECT $1, s, $1 || '-' || s, lpad((1700000000000 + s)::text, 15, '0') || '.0000000000',
                'someone', e, i, '*', v, '[]', st
         FROM unnest($2::int8[], $3::text[], $4::text[], $5::text[], $6::text[])
              AS x(s, e, i, st, v)",
        &[
            &replica,
            &seqs,
            &col(&|r| r.1.to_string()),
            &col(&|r| r.2.to_string()),
            &col(&|r| r.3.to_string()),
            &col(&|r| r.4.to_string()),
        ],
    )
}

#[test]
fn a_scoped_login_adds_changes_for_students_the_hub_knows_without_a_check_per_row() {
    let Some(c) = pg::cluster() else { return };
    let (url, db) = new_hub(c, "heads_scoped_push");
    user(&url, "hp_rivera", "advisor", &["--advisor", "Ms. Rivera"]);
    let mut su = c.client(&db);
    for i in 0..20i64 {
        let s = format!("s{i:02}");
        let advisor = if i % 2 == 0 {
            "Rivera, Ana"
        } else {
            "Mr. Chen"
        };
        let value = format!(r#"{{"id":"{s}","advisor":"{advisor}"}}"#);
        add(&mut su, "rep-school", i + 1, &s, &value);
    }
    su.batch_execute(
        "SET track_functions = 'all'; SET SESSION AUTHORIZATION hp_rivera;
         INSERT INTO plp.replicas (replica) VALUES ('rep-laptop')",
    )
    .unwrap();
    // Ten goals of her students the hub knows, in one statement: no check row by row.
    let goals: Vec<(String, String, String)> = (0..10)
        .map(|i| {
            let s = format!("s{:02}", i * 2);
            let g = format!("g{i}");
            let v = format!(r#"{{"id":"{g}","student_id":"{s}","title":"Reads"}}"#);
            (g, s, v)
        })
        .collect();
    let rows: Vec<Row> = goals
        .iter()
        .enumerate()
        .map(|(n, (g, s, v))| (n as i64 + 1, "goal", g.as_str(), s.as_str(), v.as_str()))
        .collect();
    su.batch_execute("BEGIN").unwrap();
    assert_eq!(add_all(&mut su, "rep-laptop", &rows).unwrap(), 10);
    assert_eq!(calls_in_transaction(&mut su, "may_write"), 0);
    su.batch_execute("COMMIT").unwrap();
    // A student new to the hub, with a goal, in one statement: checked row by row, accepted.
    let new_student = r#"{"id":"s90","advisor":"Ms. Rivera"}"#;
    let new_goal = r#"{"id":"g90","student_id":"s90","title":"Reads"}"#;
    let rows = [
        (11, "student", "s90", "s90", new_student),
        (12, "goal", "g90", "s90", new_goal),
    ];
    assert_eq!(add_all(&mut su, "rep-laptop", &rows).unwrap(), 2);
    // Row-level security still refuses a goal of another advisor's student, and a new student
    // of another advisor, whatever else the statement holds.
    let theirs = r#"{"id":"g91","student_id":"s01","title":"Reads"}"#;
    let new_theirs = r#"{"id":"s92","advisor":"Mr. Chen"}"#;
    let mine = r#"{"id":"g93","student_id":"s00","title":"Reads"}"#;
    for rows in [
        vec![
            (13, "goal", "g93", "s00", mine),
            (14, "goal", "g91", "s01", theirs),
        ],
        vec![(13, "student", "s92", "s92", new_theirs)],
    ] {
        let e = add_all(&mut su, "rep-laptop", &rows).unwrap_err();
        assert_eq!(
            e.code(),
            Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE),
            "{e}"
        );
    }
    su.batch_execute("RESET SESSION AUTHORIZATION").unwrap();
    let held: i64 = su
        .query_one(
            "SELECT max(seq) FROM plp.changes WHERE replica = 'rep-laptop'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(held, 12);
}

#[test]
fn a_sync_with_nothing_to_do_asks_for_the_heads_once() {
    let Some(c) = pg::cluster() else { return };
    let (url, db) = new_hub(c, "heads_once");
    let dir = tempfile::tempdir().unwrap();
    let school = dir.path().join("school.db");
    let (code, _, err) = run({
        let mut cmd = plp(&school);
        cmd.args(["demo", "--no-open", "--students", "20"]);
        cmd
    });
    assert_eq!(code, 0, "{err}");
    let sync = || {
        let mut cmd = plp(&school);
        cmd.args(["sync", &url]).env_remove("PGPASSWORD");
        let (code, out, err) = run(cmd);
        assert_eq!(code, 0, "{err}");
        out
    };
    sync();
    let mut su = c.client(&db);
    su.batch_execute(&format!("ALTER DATABASE {db} SET track_functions = 'all'"))
        .unwrap();
    // What each function has run, once every other connection to the hub has ended (a
    // connection hands in its counts as it ends).
    let mut calls = |name: &str| -> i64 {
        let start = std::time::Instant::now();
        loop {
            let others: i64 = su
                .query_one(
                    "SELECT count(*) FROM pg_stat_activity
                     WHERE datname = current_database() AND pid <> pg_backend_pid()",
                    &[],
                )
                .unwrap()
                .get(0);
            if others == 0 {
                break;
            }
            assert!(start.elapsed().as_secs() < 30, "a connection stays open");
            std::thread::yield_now();
        }
        su.query_one(
            "SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_user_functions
             WHERE schemaname = 'plp' AND funcname = $1",
            &[&name],
        )
        .unwrap()
        .get(0)
    };
    let heads = calls("sync_heads");
    let scope = calls("reads_everything");
    let out = sync();
    assert!(out.contains("sent 0 changes, received 0"), "{out}");
    assert_eq!(calls("sync_heads") - heads, 1, "heads asked once");
    assert_eq!(calls("reads_everything") - scope, 1, "scope asked once");
}

/// Whether the hub still has this function (`name(argument types)`).
fn has_function(su: &mut postgres::Client, signature: &str) -> bool {
    su.query_one("SELECT to_regprocedure($1) IS NOT NULL", &[&signature])
        .unwrap()
        .get(0)
}

#[test]
fn a_hub_at_schema_8_is_upgraded_and_keeps_syncing() {
    let Some(c) = pg::cluster() else { return };
    let url = c.hub_at("bulk_upgrade", 8);
    let db = Cluster::db_of(&url);
    let mut su = c.client(&db);
    // A school's changes, pushed while the hub was at schema 8.
    let (_d, school) = common::demo_db();
    common::push_whole_log(&url, &school);
    assert!(has_function(&mut su, "plp.replica_heads(text[])"));

    let dir = tempfile::tempdir().unwrap();
    let mut cmd = plp(&dir.path().join("unused.db"));
    cmd.args(["hub", "init", &url]).env_remove("PGPASSWORD");
    let (code, out, err) = run(cmd);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(&format!(
            "from schema 8 to {}",
            plp::store::hub::KNOWN_VERSION
        )),
        "{out}"
    );
    // What 0009 takes away is gone, what it brings is there.
    assert!(!has_function(&mut su, "plp.replica_heads(text[])"));
    assert!(!has_function(
        &mut su,
        "plp.may_write(text, text, text, text, text)"
    ));
    assert!(has_function(
        &mut su,
        "plp.may_write(text, text, text, text, text, text[])"
    ));
    let fk: i64 = su
        .query_one(
            "SELECT count(*) FROM pg_constraint WHERE conname = 'changes_replica_fkey'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(fk, 0);
    views_agree(&mut su);

    // The school syncs on (nothing to send), a new check-in goes up, and an empty replica
    // takes the whole school back.
    let sync = |db: &std::path::Path| {
        let mut cmd = plp(db);
        cmd.args(["sync", &url]).env_remove("PGPASSWORD");
        let (code, out, err) = run(cmd);
        assert_eq!(code, 0, "{err}");
        out
    };
    let out = sync(&school);
    assert!(out.contains("sent 0 changes"), "{out}");
    let mut cmd = plp(&school);
    cmd.args(["checkin", "Hana", "--said", "Met after the upgrade"]);
    let (code, _, err) = run(cmd);
    assert_eq!(code, 0, "{err}");
    let out = sync(&school);
    assert!(!out.contains("sent 0 "), "{out}");
    let laptop = dir.path().join("laptop.db");
    sync(&laptop);
    let count = |db: &std::path::Path| {
        plp::store::Store::open_existing(db)
            .unwrap()
            .op_count()
            .unwrap()
    };
    assert_eq!(count(&laptop), count(&school));
    views_agree(&mut su);
}

#[test]
fn a_change_under_a_replica_the_hub_does_not_know_is_refused_and_a_replica_with_changes_stays() {
    let Some(c) = pg::cluster() else { return };
    let (_url, db) = new_hub(c, "replica_known");
    let mut su = c.client(&db);
    add(
        &mut su,
        "known",
        1,
        "amara",
        r#"{"id": "amara", "given_name": "Amara"}"#,
    );
    let err = su
        .execute(
            "INSERT INTO plp.changes
             (replica, seq, id, hlc, author, entity, entity_id, field, value, base, student_id)
             SELECT 'known', 2, 'k-2', '001700000000002.0000000000', 'someone', 'student',
                    'ben', '*', '{}', '[]', 'ben'
             UNION ALL
             SELECT 'ghost', 1, 'g-1', '001700000000001.0000000000', 'someone', 'student',
                    'cleo', '*', '{}', '[]', 'cleo'",
            &[],
        )
        .unwrap_err();
    assert_eq!(
        err.code(),
        Some(&postgres::error::SqlState::FOREIGN_KEY_VIOLATION),
        "{err}"
    );
    assert!(err.to_string().contains("ghost") || format!("{err:?}").contains("ghost"));
    let rows: i64 = su
        .query_one("SELECT count(*) FROM plp.changes", &[])
        .unwrap()
        .get(0);
    assert_eq!(rows, 1, "nothing of the statement landed");
    // A replica the log names stays, under its name.
    for sql in [
        "DELETE FROM plp.replicas WHERE replica = 'known'",
        "UPDATE plp.replicas SET replica = 'renamed' WHERE replica = 'known'",
    ] {
        let err = su.execute(sql, &[]).unwrap_err();
        assert_eq!(
            err.code(),
            Some(&postgres::error::SqlState::FOREIGN_KEY_VIOLATION),
            "{sql}: {err}"
        );
    }
    // One it does not name may go, and its school may change.
    su.execute("INSERT INTO plp.replicas (replica) VALUES ('empty')", &[])
        .unwrap();
    su.execute(
        "UPDATE plp.replicas SET school = 'North' WHERE replica = 'known'",
        &[],
    )
    .unwrap();
    assert_eq!(
        su.execute("DELETE FROM plp.replicas WHERE replica = 'empty'", &[])
            .unwrap(),
        1
    );
}

#[test]
fn a_check_in_restricted_in_its_first_change_is_noted_however_its_json_is_spaced() {
    let Some(c) = pg::cluster() else { return };
    let (_url, db) = new_hub(c, "restricted_spaced");
    let mut su = c.client(&db);
    add(
        &mut su,
        "r",
        1,
        "amara",
        r#"{"id": "amara", "given_name": "Amara"}"#,
    );
    add(
        &mut su,
        "r",
        2,
        "c-compact",
        r#"{"notes":"x","restricted":true}"#,
    );
    add(
        &mut su,
        "r",
        3,
        "c-spaced",
        r#"{"notes": "x", "restricted_whole" :  true}"#,
    );
    add(
        &mut su,
        "r",
        4,
        "c-open",
        r#"{"notes": "true story", "restricted": false, "student_words": "true"}"#,
    );
    let rows = su
        .query(
            "SELECT checkin, whole FROM plp.restricted_checkins ORDER BY checkin",
            &[],
        )
        .unwrap();
    let got: Vec<(String, bool)> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
    assert_eq!(
        got,
        vec![
            ("c-compact".to_string(), false),
            ("c-spaced".to_string(), true)
        ]
    );
    views_agree(&mut su);
}
