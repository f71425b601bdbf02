//! The hub's read-only views and district reports against a real PostgreSQL server: the views
//! hold what a replica's tables hold after a sync with conflicts, `plp hub check-views` finds a
//! tampered view and rebuilds it, and the reports computed in the hub equal the file's. Skipped,
//! with the reason, where no server can start (fails instead under CI=true).

mod common;

use common::pg::{self, Cluster};
use common::{fails_with, plp_args, succeeds};
use plp::store::{Entity, Kind, Store};
use serde_json::Value;
use std::path::Path;

/// Hubs are made one at a time: the hub's roles belong to the whole server.
static ONE: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// A fresh hub; its superuser URL.
fn hub(c: &Cluster, name: &str) -> String {
    let _one = ONE.lock().unwrap_or_else(|e| e.into_inner());
    let url = c.new_database(name);
    succeeds(plp_args(
        Path::new("/nonexistent/unused.db"),
        &["hub", "init", &url],
    ));
    url
}

/// A value as a column of this kind shows it, the same way for both sides.
fn canon(v: Value, kind: Kind) -> Value {
    match (v, kind) {
        (Value::String(s), Kind::Json) => serde_json::from_str(&s).unwrap_or(Value::Null),
        (Value::Number(n), Kind::Bool) => Value::Bool(n.as_i64() != Some(0)),
        (v, _) => v,
    }
}

/// Every record of the file's tables: (id, field, value), sorted.
fn file_records(db: &Path) -> Vec<(String, String, Value)> {
    let store = Store::open_existing(db).unwrap();
    let mut out = Vec::new();
    for e in Entity::ALL {
        let cols: Vec<&str> = e.fields().iter().map(|f| f.name).collect();
        let sql = format!("SELECT id, {} FROM {}", cols.join(", "), e.table());
        let mut stmt = store.conn().prepare(&sql).unwrap();
        let mut rows = stmt.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            let id: String = r.get(0).unwrap();
            for (i, f) in e.fields().iter().enumerate() {
                let v = match r.get_ref(i + 1).unwrap() {
                    rusqlite::types::ValueRef::Null => Value::Null,
                    rusqlite::types::ValueRef::Integer(n) => Value::from(n),
                    rusqlite::types::ValueRef::Real(x) => Value::from(x),
                    rusqlite::types::ValueRef::Text(t) => {
                        Value::String(String::from_utf8_lossy(t).into_owned())
                    }
                    rusqlite::types::ValueRef::Blob(_) => Value::Null,
                };
                out.push((id.clone(), f.name.to_string(), canon(v, f.kind)));
            }
        }
    }
    out.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    out
}

/// The view of each kind of record.
fn view_of(e: Entity) -> &'static str {
    match e {
        Entity::Student => "v_students",
        Entity::TeamMember => "v_team_members",
        Entity::Plan => "v_plans",
        Entity::Goal => "v_goals",
        Entity::Strategy => "v_strategies",
        Entity::CheckIn => "v_checkins",
        Entity::Intervention => "v_interventions",
        Entity::Evidence => "v_evidence",
    }
}

/// Every record of the hub's views, as [`file_records`] reads a file.
fn view_records(client: &mut postgres::Client) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    for e in Entity::ALL {
        let rows = client
            .query(
                &format!("SELECT to_jsonb(v)::text FROM plp.{} v", view_of(*e)),
                &[],
            )
            .unwrap();
        for r in rows {
            let obj: Value = serde_json::from_str(r.get::<_, &str>(0)).unwrap();
            let id = obj["id"].as_str().unwrap().to_string();
            for f in e.fields() {
                let v = obj.get(f.name).cloned().unwrap_or(Value::Null);
                out.push((id.clone(), f.name.to_string(), canon(v, f.kind)));
            }
        }
    }
    out.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    out
}

fn file_conflicts(db: &Path) -> Vec<(String, String, String)> {
    let store = Store::open_existing(db).unwrap();
    let mut stmt = store
        .conn()
        .prepare("SELECT entity_id, field, op_id FROM conflicts ORDER BY 1, 2, 3")
        .unwrap();
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap();
    rows.map(|r| r.unwrap()).collect()
}

fn view_conflicts(client: &mut postgres::Client) -> Vec<(String, String, String)> {
    client
        .query(
            r#"SELECT entity_id, field, op_id FROM plp.v_conflicts
               ORDER BY entity_id COLLATE "C", field COLLATE "C", op_id COLLATE "C""#,
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect()
}

#[test]
fn the_hub_knows_every_field_plp_does() {
    let Some(c) = pg::cluster() else { return };
    let url = hub(c, "fields");
    let mut client = c.client(&Cluster::db_of(&url));
    let mut held: Vec<(String, String, String)> = client
        .query("SELECT entity, field, kind FROM plp.fields", &[])
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect();
    held.sort();
    let mut known: Vec<(String, String, String)> = Entity::ALL
        .iter()
        .flat_map(|e| {
            e.fields().iter().map(move |f| {
                let kind = match f.kind {
                    Kind::Text => "text",
                    Kind::OptText => "opt_text",
                    Kind::Int => "int",
                    Kind::Bool => "bool",
                    Kind::Json => "json",
                };
                (e.name().to_string(), f.name.to_string(), kind.to_string())
            })
        })
        .collect();
    known.sort();
    assert_eq!(held, known);
}

/// Puts a file's changes into the hub as a push would (each batch one statement, so the views
/// are brought up to date batch by batch); changes the hub holds already are skipped.
fn put(client: &mut postgres::Client, db: &Path) {
    let store = Store::open_existing(db).unwrap();
    let ops = store.ops().unwrap();
    let mut student: std::collections::HashMap<String, String> = Default::default();
    for op in &ops {
        if let Some(e) = Entity::from_name(&op.entity) {
            if let Some(s) = store.student_of(e, &op.entity_id).unwrap() {
                student.insert(op.entity_id.clone(), s);
            }
        }
    }
    for op in &ops {
        client
            .execute(
                "INSERT INTO plp.replicas (replica) VALUES ($1) ON CONFLICT DO NOTHING",
                &[&op.replica],
            )
            .unwrap();
    }
    for batch in ops.chunks(500) {
        let mut sql = String::from(
            "INSERT INTO plp.changes (replica, seq, id, hlc, author, entity, entity_id, field,
             value, base, student_id) VALUES ",
        );
        let mut params: Vec<Box<dyn postgres::types::ToSql + Sync>> = Vec::new();
        for (i, op) in batch.iter().enumerate() {
            let n = i * 11;
            if i > 0 {
                sql.push(',');
            }
            sql.push_str(&format!(
                "(${},${},${},${},${},${},${},${},${},${},${})",
                n + 1,
                n + 2,
                n + 3,
                n + 4,
                n + 5,
                n + 6,
                n + 7,
                n + 8,
                n + 9,
                n + 10,
                n + 11
            ));
            params.push(Box::new(op.replica.clone()));
            params.push(Box::new(op.seq));
            params.push(Box::new(op.id.clone()));
            params.push(Box::new(op.hlc.clone()));
            params.push(Box::new(op.author.clone()));
            params.push(Box::new(op.entity.clone()));
            params.push(Box::new(op.entity_id.clone()));
            params.push(Box::new(op.field.clone()));
            params.push(Box::new(op.value.to_string()));
            params.push(Box::new(serde_json::to_string(&op.base).unwrap()));
            params.push(Box::new(
                student.get(&op.entity_id).cloned().unwrap_or_default(),
            ));
        }
        sql.push_str(" ON CONFLICT DO NOTHING");
        let refs: Vec<&(dyn postgres::types::ToSql + Sync)> =
            params.iter().map(|p| p.as_ref()).collect();
        client.execute(&sql, &refs).unwrap();
    }
}

#[test]
fn views_hold_what_a_replica_holds_after_a_sync_with_conflicts() {
    let Some(c) = pg::cluster() else { return };
    let url = hub(c, "views");
    let mut client = c.client(&Cluster::db_of(&url));
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.db");
    let b = dir.path().join("b.db");
    succeeds(plp_args(&a, &["demo", "--no-open"]));
    succeeds(plp_args(&b, &["sync", a.to_str().unwrap()]));
    // The same field changed on both sides without either knowing: a conflict.
    succeeds(plp_args(
        &a,
        &["set", "Kit", "strengths", "Writes every day"],
    ));
    succeeds(plp_args(
        &b,
        &["set", "Kit", "strengths", "Runs the light board"],
    ));
    succeeds(plp_args(&b, &["set", "Hana", "grade", "11"]));
    succeeds(plp_args(
        &b,
        &["checkin", "Hana", "--said", "Met on the laptop"],
    ));
    put(&mut client, &b);
    assert_eq!(view_records(&mut client), file_records(&b));
    succeeds(plp_args(&a, &["sync", b.to_str().unwrap()]));
    let conflicts = file_conflicts(&a);
    assert_eq!(conflicts.len(), 1, "the sync made a conflict");
    put(&mut client, &a);
    assert_eq!(view_records(&mut client), file_records(&a));
    assert_eq!(view_conflicts(&mut client), conflicts);
    // Resolving it on one side clears it in the hub too.
    succeeds(plp_args(
        &a,
        &["conflicts", "--resolve", "1", "--keep", "both"],
    ));
    put(&mut client, &a);
    assert!(file_conflicts(&a).is_empty());
    assert!(view_conflicts(&mut client).is_empty());
    assert_eq!(view_records(&mut client), file_records(&a));
    let none = Path::new("/nonexistent/unused.db");
    let out = succeeds(plp_args(none, &["hub", "check-views", &url]));
    assert!(out.contains("agree with the log"), "{out}");
}

#[test]
fn check_views_finds_a_tampered_view_and_rebuilds_it() {
    let Some(c) = pg::cluster() else { return };
    let url = hub(c, "check");
    let mut client = c.client(&Cluster::db_of(&url));
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.db");
    succeeds(plp_args(&a, &["demo", "--no-open"]));
    put(&mut client, &a);
    let none = Path::new("/nonexistent/unused.db");
    let out = succeeds(plp_args(none, &["hub", "check-views", &url]));
    assert!(out.contains("agree with the log"), "{out}");
    client
        .batch_execute(
            "UPDATE plp.records SET doc = doc || '{\"grade\": 99}'
             WHERE id = (SELECT min(id) FROM plp.records WHERE entity = 'student');
             DELETE FROM plp.record_notes WHERE id = (SELECT min(id) FROM plp.record_notes);",
        )
        .unwrap();
    assert_ne!(view_records(&mut client), file_records(&a));
    let out = succeeds(plp_args(none, &["hub", "check-views", &url]));
    assert!(
        out.contains("1 record differed") && out.contains("1 check-in's notes differed"),
        "{out}"
    );
    assert!(out.contains("rebuilt"), "{out}");
    assert_eq!(view_records(&mut client), file_records(&a));
    let out = succeeds(plp_args(none, &["hub", "check-views", &url]));
    assert!(out.contains("agree with the log"), "{out}");

    // The report tables and their tallies are checked and rebuilt too.
    let trends = ["report", "trends", "--format", "json"];
    let from_file = succeeds(plp_args(&a, &trends));
    let from_hub = || succeeds(plp_args(none, &[&trends[..], &["--hub", &url]].concat()));
    assert_eq!(from_hub(), from_file);
    client
        .batch_execute(
            "DELETE FROM plp.report_runs WHERE checkin = (SELECT max(checkin) FROM plp.report_runs);
             UPDATE plp.report_years SET domains = '{}' WHERE cardinality(domains) > 0;",
        )
        .unwrap();
    assert_ne!(from_hub(), from_file);
    let out = succeeds(plp_args(none, &["hub", "check-views", &url]));
    assert!(out.contains("report table rows differed"), "{out}");
    assert!(out.contains("rebuilt"), "{out}");
    assert_eq!(from_hub(), from_file);
    let out = succeeds(plp_args(none, &["hub", "check-views", &url]));
    assert!(out.contains("agree with the log"), "{out}");
}

#[test]
fn a_hub_made_before_the_report_tallies_is_upgraded_with_them_filled() {
    let Some(c) = pg::cluster() else { return };
    let url = {
        let _one = ONE.lock().unwrap_or_else(|e| e.into_inner());
        c.hub_at("upgrade", 7)
    };
    let mut client = c.client(&Cluster::db_of(&url));
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.db");
    succeeds(plp_args(&a, &["demo", "--students", "60", "--no-open"]));
    put(&mut client, &a);
    let tallies = "SELECT to_regclass('plp.report_runs') IS NOT NULL";
    assert!(!client.query_one(tallies, &[]).unwrap().get::<_, bool>(0));
    let none = Path::new("/nonexistent/unused.db");
    let out = succeeds(plp_args(none, &["hub", "init", &url]));
    assert!(out.contains("from schema 7 to"), "{out}");
    let runs: i64 = client
        .query_one("SELECT count(*) FROM plp.seen_report_runs()", &[])
        .unwrap()
        .get(0);
    assert!(runs > 0);
    let nowhere = dir.path().join("none.db");
    for kind in ["due", "trends", "completeness", "stuck"] {
        let args = ["report", kind, "--format", "json"];
        let from_file = succeeds(plp_args(&a, &args));
        let from_hub = succeeds(plp_args(&nowhere, &[&args[..], &["--hub", &url]].concat()));
        assert_eq!(from_hub, from_file, "plp report {kind} after the upgrade");
    }
    let out = succeeds(plp_args(none, &["hub", "check-views", &url]));
    assert!(out.contains("agree with the log"), "{out}");
}

#[test]
fn reports_in_the_hub_equal_the_files() {
    let Some(c) = pg::cluster() else { return };
    let url = hub(c, "reports");
    let mut client = c.client(&Cluster::db_of(&url));
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.db");
    succeeds(plp_args(&a, &["demo", "--students", "120", "--no-open"]));
    mark_met(&a, 3);
    put(&mut client, &a);
    let none = dir.path().join("none.db");
    // The goals were marked met today by the clock (not the tests' fixed day): a period that
    // ends today counts them, in the hub as in the file.
    let today = chrono::Local::now().date_naive().to_string();
    let args = ["report", "trends", "--format", "json", "--until", &today];
    let from_file = succeeds(plp_args(&a, &args));
    let from_hub = succeeds(plp_args(&none, &[&args[..], &["--hub", &url]].concat()));
    assert_eq!(from_hub, from_file);
    let trends: Value = serde_json::from_str(&from_hub).unwrap();
    assert_eq!(trends["goals_met"]["count"], 3, "{trends}");
    let mut compared = 0;
    for kind in ["due", "trends", "completeness", "stuck"] {
        for (format, extra) in [
            ("json", &[][..]),
            ("csv", &["--grade", "9"][..]),
            ("table", &["--iep", "--since", "2026-09-01"][..]),
        ] {
            let mut args = vec!["report", kind, "--format", format];
            args.extend_from_slice(extra);
            let from_file = succeeds(plp_args(&a, &args));
            args.extend_from_slice(&["--hub", &url]);
            let from_hub = succeeds(plp_args(&none, &args));
            assert_eq!(from_hub, from_file, "plp {}", args.join(" "));
            assert!(
                from_file.lines().count() > 2,
                "{kind} {format}: {from_file}"
            );
            compared += 1;
        }
    }
    assert_eq!(compared, 12);
    // As of a day gone by, the hub reads only the check-ins held by then, as a file does.
    let args = ["report", "due", "--format", "json", "--until", "2026-10-10"];
    let from_file = succeeds(plp_args(&a, &args));
    let from_hub = succeeds(plp_args(&none, &[&args[..], &["--hub", &url]].concat()));
    assert_eq!(from_hub, from_file, "due as of 10 October");
    assert!(
        from_file.contains("\"last_checkin\": \"2026-09") && !from_file.contains("\"2026-10-2"),
        "{from_file}"
    );
    assert!(!none.exists(), "a hub report makes no file");
    let html = dir.path().join("t.html");
    let html_hub = dir.path().join("h.html");
    let h = html.to_str().unwrap();
    let hh = html_hub.to_str().unwrap();
    succeeds(plp_args(
        &a,
        &["report", "trends", "--format", "html", "--out", h],
    ));
    succeeds(plp_args(
        &none,
        &[
            "report", "trends", "--format", "html", "--out", hh, "--hub", &url,
        ],
    ));
    assert_eq!(
        std::fs::read_to_string(&html).unwrap(),
        std::fs::read_to_string(&html_hub).unwrap()
    );
}

/// Marks `n` of this school year's goals met in the file (each a change made today).
fn mark_met(db: &Path, n: usize) {
    let mut store = Store::open_existing(db).unwrap();
    let year = plp::domain::school_year_of(chrono::Local::now().date_naive());
    let ids: Vec<String> = {
        let mut stmt = store
            .conn()
            .prepare(
                "SELECT g.id FROM goals g JOIN plans p ON p.id = g.plan_id
                 WHERE p.school_year = ?1 AND g.status = 'active' ORDER BY g.id LIMIT ?2",
            )
            .unwrap();
        let rows = stmt
            .query_map(rusqlite::params![year, n as i64], |r| r.get(0))
            .unwrap();
        rows.map(|r| r.unwrap()).collect()
    };
    assert_eq!(ids.len(), n);
    store
        .write(|w| {
            for id in &ids {
                w.set(
                    Entity::Goal,
                    id,
                    "status",
                    Value::from("met"),
                    plp::store::Base::Current,
                )?;
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn a_scoped_login_reports_on_its_own_students_only() {
    let Some(c) = pg::cluster() else { return };
    let url = hub(c, "scoped");
    let db = Cluster::db_of(&url);
    let mut client = c.client(&db);
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.db");
    succeeds(plp_args(&a, &["demo", "--students", "60", "--no-open"]));
    mark_met(&a, 2);
    put(&mut client, &a);
    // The advisor with the most students: row-level security leaves her login those alone.
    let advisor = busiest_advisor(&mut client);
    let none = Path::new("/nonexistent/unused.db");
    let mut add = plp_args(
        none,
        &[
            "hub",
            "user",
            &url,
            "views_advisor",
            "--role",
            "advisor",
            "--advisor",
            &advisor,
            "--password-stdin",
        ],
    );
    add.write_stdin("pw-views-advisor\n");
    succeeds(add);
    let as_advisor = c.url_for(&db, "views_advisor", "pw-views-advisor");
    let nowhere = dir.path().join("none.db");
    for kind in ["due", "trends", "completeness", "stuck"] {
        let mine = succeeds(plp_args(
            &nowhere,
            &["report", kind, "--format", "json", "--hub", &as_advisor],
        ));
        let file = succeeds(plp_args(
            &a,
            &["report", kind, "--format", "json", "--advisor", &advisor],
        ));
        assert_eq!(mine, file, "plp report {kind} as {advisor}'s login");
        let everyone = succeeds(plp_args(&a, &["report", kind, "--format", "json"]));
        assert_ne!(
            mine, everyone,
            "plp report {kind}: the login sees more than its own"
        );
    }
}

#[test]
fn a_teachers_reports_count_only_what_the_teacher_reads() {
    let Some(c) = pg::cluster() else { return };
    let url = hub(c, "teacher");
    let db = Cluster::db_of(&url);
    let mut client = c.client(&db);
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.db");
    succeeds(plp_args(&a, &["demo", "--students", "60", "--no-open"]));
    put(&mut client, &a);
    // A teacher of one advisor's students (by their SIS ids): row-level security leaves the
    // login those students, without check-ins restricted whole, and no tallies across
    // check-ins; the reports are counted from what the login reads.
    let advisor = busiest_advisor(&mut client);
    let hidden: i64 = client
        .query_one(
            "SELECT count(*) FROM plp.records r JOIN plp.v_students s ON s.id = r.student_id
             WHERE r.hidden AND s.advisor = $1",
            &[&advisor],
        )
        .unwrap()
        .get(0);
    assert_eq!(
        hidden, 0,
        "the demo restricts none of these check-ins whole"
    );
    let sis: Vec<String> = client
        .query(
            "SELECT sis_id FROM plp.v_students WHERE advisor = $1",
            &[&advisor],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    let list = dir.path().join("class.txt");
    std::fs::write(&list, sis.join("\n") + "\n").unwrap();
    let none = Path::new("/nonexistent/unused.db");
    let mut add = plp_args(
        none,
        &[
            "hub",
            "user",
            &url,
            "views_teacher",
            "--role",
            "teacher",
            "--students",
            list.to_str().unwrap(),
            "--password-stdin",
        ],
    );
    add.write_stdin("pw-views-teacher\n");
    succeeds(add);
    let as_teacher = c.url_for(&db, "views_teacher", "pw-views-teacher");
    let mut teacher = plp::store::hub::Target::parse(&as_teacher, &|_| None)
        .unwrap()
        .connect()
        .unwrap();
    let runs: i64 = teacher
        .query_one("SELECT count(*) FROM plp.seen_report_runs()", &[])
        .unwrap()
        .get(0);
    assert_eq!(runs, 0, "a teacher reads no tallies across check-ins");
    let nowhere = dir.path().join("none.db");
    for kind in ["due", "trends", "completeness", "stuck"] {
        let theirs = succeeds(plp_args(
            &nowhere,
            &["report", kind, "--format", "json", "--hub", &as_teacher],
        ));
        let file = succeeds(plp_args(
            &a,
            &["report", kind, "--format", "json", "--advisor", &advisor],
        ));
        assert_eq!(
            theirs, file,
            "plp report {kind} as a teacher of {advisor}'s students"
        );
    }
}

#[test]
fn a_hub_report_that_cannot_reach_the_hub_is_one_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let none = dir.path().join("none.db");
    fails_with(
        plp_args(
            &none,
            &[
                "report",
                "due",
                "--hub",
                "postgresql://nobody@127.0.0.1:1/district?sslmode=disable",
            ],
        ),
        1,
        "cannot be reached",
    );
    assert!(!none.exists());
}

/// The advisor with the most students on the hub (the first by name among equals).
fn busiest_advisor(client: &mut postgres::Client) -> String {
    client
        .query_one(
            "SELECT advisor FROM plp.v_students GROUP BY advisor ORDER BY count(*) DESC, advisor
             LIMIT 1",
            &[],
        )
        .unwrap()
        .get(0)
}

#[test]
fn in_a_new_school_year_the_hubs_due_and_stuck_reports_equal_the_files() {
    let Some(c) = pg::cluster() else { return };
    let url = hub(c, "newyear");
    let mut client = c.client(&Cluster::db_of(&url));
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.db");
    succeeds(plp_args(&a, &["demo", "--no-open"]));
    succeeds(plp_args(&a, &["rollover", "--to", "2027-28"]));
    put(&mut client, &a);
    let none = dir.path().join("none.db");
    let on_day = |db: &Path, args: &[&str]| {
        let mut cmd = plp_args(db, args);
        cmd.env("PLP_TODAY", "2027-09-10");
        succeeds(cmd)
    };
    for kind in ["due", "stuck"] {
        for format in ["json", "csv", "table"] {
            let args = ["report", kind, "--format", format];
            let from_file = on_day(&a, &args);
            let from_hub = on_day(&none, &[&args[..], &["--hub", &url]].concat());
            assert_eq!(from_hub, from_file, "plp report {kind} --format {format}");
            if kind == "due" && format != "json" {
                let rows = from_hub.lines().skip(1);
                assert!(rows.clone().all(|l| !l.contains("overdue")), "{from_hub}");
                assert!(from_hub.contains("not yet met"), "{from_hub}");
            }
        }
    }
    let due: Vec<Value> = serde_json::from_str(&on_day(
        &none,
        &["report", "due", "--format", "json", "--hub", &url],
    ))
    .unwrap();
    assert!(due.len() > 20, "{due:?}");
    assert!(
        due.iter()
            .all(|r| r["days_overdue"] == 0 && r["due"] == "not yet met"),
        "{due:?}"
    );
}

/// As of a past `--until`, the hub's stuck report says "no check-in yet" of a student first met
/// after that day, as the file's does, and "no check-in since" the first day read of one met
/// before it too.
#[test]
fn stuck_as_of_a_past_day_from_the_hub_equals_the_files() {
    let Some(c) = pg::cluster() else { return };
    let url = hub(c, "stuck_until");
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    let none = dir.path().join("none.db");
    let roster = dir.path().join("roster.csv");
    std::fs::write(
        &roster,
        "id,first,last,grade\n1,Ada,Never,9\n2,Bo,Later,9\n3,Cy,Before,9\n",
    )
    .unwrap();
    let on = |db: &Path, today: &str, args: &[&str]| {
        let mut cmd = plp_args(db, args);
        cmd.env("PLP_TODAY", today);
        succeeds(cmd)
    };
    on(
        &db,
        "2026-03-01",
        &["import", "roster", roster.to_str().unwrap()],
    );
    on(
        &db,
        "2026-03-02",
        &["checkin", "3", "--said", "fine", "--date", "2026-03-02"],
    );
    for sis in ["2", "3"] {
        on(
            &db,
            "2026-10-23",
            &["checkin", sis, "--said", "fine", "--date", "2026-10-10"],
        );
    }
    succeeds(plp_args(&db, &["sync", &url]));
    for format in ["table", "csv", "json"] {
        let args = [
            "report",
            "stuck",
            "--until",
            "2026-09-30",
            "--format",
            format,
        ];
        let from_file = on(&db, "2026-10-23", &args);
        let from_hub = on(&none, "2026-10-23", &[&args[..], &["--hub", &url]].concat());
        assert_eq!(from_hub, from_file, "plp report stuck --format {format}");
        if format == "table" {
            let bo = &from_hub[from_hub.find("Bo Later").expect(&from_hub)..];
            assert!(
                bo.split("\n\n")
                    .next()
                    .unwrap()
                    .contains("  no check-in yet\n"),
                "{from_hub}"
            );
        }
    }
}

#[test]
fn a_district_report_of_one_school_equals_that_schools_students_alone() {
    let Some(c) = pg::cluster() else { return };
    let url = hub(c, "one_school");
    let db = Cluster::db_of(&url);
    let mut client = c.client(&db);
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.db");
    succeeds(plp_args(&a, &["demo", "--students", "60", "--no-open"]));
    mark_met(&a, 2);
    put(&mut client, &a);
    // The busiest advisor's students are North High's, the rest South High's: a report of
    // North High is the file's report of that advisor's students.
    let advisor = busiest_advisor(&mut client);
    client
        .execute(
            "UPDATE plp.students SET school = CASE WHEN advisor = $1 THEN 'North High'
                                                   ELSE 'South High' END",
            &[&advisor],
        )
        .unwrap();
    let none = Path::new("/nonexistent/unused.db");
    let mut add = plp_args(
        none,
        &[
            "hub",
            "user",
            &url,
            "one_school_counselor",
            "--role",
            "counselor",
            "--password-stdin",
        ],
    );
    add.write_stdin("pw-one-school\n");
    succeeds(add);
    let as_counselor = c.url_for(&db, "one_school_counselor", "pw-one-school");
    let nowhere = dir.path().join("none.db");
    for login in [&url, &as_counselor] {
        for kind in ["due", "trends", "completeness", "stuck"] {
            for format in ["json", "csv"] {
                let north = succeeds(plp_args(
                    &nowhere,
                    &[
                        "report",
                        kind,
                        "--format",
                        format,
                        "--hub",
                        login,
                        "--school",
                        " north  HIGH",
                    ],
                ));
                let file = succeeds(plp_args(
                    &a,
                    &["report", kind, "--format", format, "--advisor", &advisor],
                ));
                assert_eq!(north, file, "plp report {kind} --format {format} --school");
                let south = succeeds(plp_args(
                    &nowhere,
                    &[
                        "report",
                        kind,
                        "--format",
                        format,
                        "--hub",
                        login,
                        "--school",
                        "South High",
                    ],
                ));
                assert_ne!(
                    south, north,
                    "plp report {kind}: South High is not North High"
                );
            }
        }
    }
    let table = succeeds(plp_args(
        &nowhere,
        &["report", "due", "--hub", &url, "--school", "north high"],
    ));
    assert!(table.starts_with("Narrowed to: North High\n"), "{table}");
    fails_with(
        plp_args(
            &nowhere,
            &[
                "report",
                "due",
                "--hub",
                &as_counselor,
                "--school",
                "Nrth High",
            ],
        ),
        1,
        "no student login one_school_counselor reads at the hub is at a school named \
         \"Nrth High\": the schools it reads are North High (",
    );
    fails_with(
        plp_args(&a, &["report", "due", "--school", "North High"]),
        1,
        "--school is for district reports from the hub (--hub URL)",
    );
    assert!(!nowhere.exists());
}

/// The same students created in two files: in one brought in whole (the demo, profiles and
/// all), in the other from a roster of names alone. Their creations meet through the hub,
/// whose views show the words, not the roster's empty fields, as each file does; a hub made
/// before the rule is settled again by its upgrade.
#[test]
fn a_roster_creation_hides_no_words_in_the_views_and_an_older_hub_is_settled_again() {
    let Some(c) = pg::cluster() else { return };
    let dir = tempfile::tempdir().unwrap();
    let whole = dir.path().join("whole.db");
    let roster_db = dir.path().join("roster.db");
    succeeds(plp_args(&whole, &["demo", "--students", "30", "--no-open"]));
    let listed = succeeds(plp_args(&whole, &["students", "--format", "csv"]));
    let mut roster = String::from("student_id,first_name,last_name,grade\n");
    for line in listed.lines().skip(1).take(10) {
        let cells: Vec<&str> = line.split(',').collect();
        let (given, family) = cells[1].split_once(' ').unwrap();
        roster.push_str(&format!("{},{given},{family},{}\n", cells[0], cells[2]));
    }
    let csv = dir.path().join("roster.csv");
    std::fs::write(&csv, roster).unwrap();
    succeeds(plp_args(
        &roster_db,
        &["import", "roster", csv.to_str().unwrap()],
    ));
    succeeds(plp_args(&roster_db, &["sync", whole.to_str().unwrap()]));
    let shown = succeeds(plp_args(
        &whole,
        &[
            "show",
            listed.lines().nth(1).unwrap().split(',').next().unwrap(),
        ],
    ));
    assert!(!shown.contains("Strengths: —"), "{shown}");
    assert_eq!(file_records(&whole), file_records(&roster_db));

    let older = {
        let _one = ONE.lock().unwrap_or_else(|e| e.into_inner());
        c.hub_at("creations_before", 27)
    };
    let mut client = c.client(&Cluster::db_of(&older));
    put(&mut client, &whole);
    assert_ne!(
        view_records(&mut client),
        file_records(&whole),
        "the hub before the rule shows the roster's empty fields"
    );
    let none = Path::new("/nonexistent/unused.db");
    succeeds(plp_args(none, &["hub", "init", &older]));
    assert_eq!(view_records(&mut client), file_records(&whole));
    assert_eq!(view_conflicts(&mut client), file_conflicts(&whole));
    let out = succeeds(plp_args(none, &["hub", "check-views", &older]));
    assert!(out.contains("agree with the log"), "{out}");

    let url = hub(c, "creations");
    let mut client = c.client(&Cluster::db_of(&url));
    put(&mut client, &roster_db);
    assert_eq!(view_records(&mut client), file_records(&roster_db));
    assert_eq!(view_conflicts(&mut client), file_conflicts(&roster_db));
}
