//! The store through its library API: every entity round-trips, migrations, history.

use chrono::NaiveDate;
use plp::domain::DueState;
use plp::domain::*;
use plp::store::{Entity, Store, SCHEMA_VERSION};

fn d(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

#[test]
fn every_entity_round_trips() {
    let mut s = Store::in_memory().unwrap();
    let student = Student {
        sis_id: "100234".into(),
        given_name: "Amara".into(),
        family_name: "Okafor".into(),
        preferred_name: Some("Mara".into()),
        pronouns: Some("she/her".into()),
        grade: Some(9),
        grad_year: Some(2030),
        advisor: Some("Ms. Lindqvist".into()),
        email: Some("a@example.org".into()),
        status: StudentStatus::Active,
        iep: true,
        plan_504: false,
        profile: Profile {
            strengths: "Draws".into(),
            needs: "Time".into(),
            learning: "Examples".into(),
            interests: "Soccer".into(),
            career: "Nursing".into(),
            supports: "Sister".into(),
            personal_goals: "Drive".into(),
        },
        ..Default::default()
    };
    let (sid, plan_id) = s
        .write(|w| {
            let sid = w.add_student(&student)?;
            let plan_id = w.ensure_plan(&sid, "2026-27")?;
            Ok((sid, plan_id))
        })
        .unwrap();
    let goal = Goal {
        plan_id: plan_id.clone(),
        student_id: sid.clone(),
        title: "Turn work in".into(),
        domain: GoalDomain::SocialEmotional,
        why: "Grades".into(),
        measure: "Missing".into(),
        baseline: "6".into(),
        target: "0".into(),
        target_date: d("2027-05-28"),
        status: Status::Active,
        ..Default::default()
    };
    let (gid, count) = s.write(|w| w.add_goal(&goal)).unwrap();
    assert_eq!(count, 1);
    let strategy = Strategy {
        goal_id: gid.clone(),
        student_id: sid.clone(),
        what: "Planner".into(),
        owner: "student".into(),
        frequency: "daily".into(),
        ..Default::default()
    };
    let stid = s.write(|w| w.add_strategy(&strategy)).unwrap();
    let checkin = CheckIn {
        student_id: sid.clone(),
        plan_id: Some(plan_id.clone()),
        date: d("2026-10-01"),
        kind: CheckInKind::StudentLed,
        attended: vec!["student".into(), "mom".into()],
        student_words: "Going better".into(),
        progress: vec![GoalProgress {
            goal: gid.clone(),
            rating: 3,
        }],
        verdicts: vec![StrategyVerdict {
            strategy: stid.clone(),
            verdict: Verdict::Partly,
            note: "forgets".into(),
        }],
        adjustments: "phone reminders".into(),
        notes: "private".into(),
        restricted: true,
        next_steps: vec![NextStep {
            text: "Email".into(),
            owner: "student".into(),
        }],
        next_date: d("2026-11-05"),
        ..Default::default()
    };
    let member = TeamMember {
        student_id: sid.clone(),
        name: "Grace Okafor".into(),
        role: "parent".into(),
        contact: "555".into(),
        ..Default::default()
    };
    let intervention = Intervention {
        student_id: sid.clone(),
        date: d("2026-10-02"),
        kind: "tutoring".into(),
        description: "Math".into(),
        who: "Mr. Hale".into(),
        outcome: "Helps".into(),
        ..Default::default()
    };
    let evidence = Evidence {
        student_id: sid.clone(),
        goal_id: Some(gid.clone()),
        date: d("2026-10-10"),
        kind: "assessment".into(),
        title: "MAP".into(),
        result: "214".into(),
        ..Default::default()
    };
    let (cid, mid, iid, eid) = s
        .write(|w| {
            Ok((
                w.add_checkin(&checkin)?,
                w.add_team_member(&member)?,
                w.add_intervention(&intervention)?,
                w.add_evidence(&evidence)?,
            ))
        })
        .unwrap();
    let rec = s.student(&sid).unwrap();
    let with_id = |mut x: Student| {
        x.id = sid.clone();
        x
    };
    assert_eq!(rec.student, with_id(student));
    assert_eq!(
        rec.plans[0].goals[0].goal,
        Goal {
            id: gid.clone(),
            position: 1,
            ..goal
        }
    );
    assert_eq!(
        rec.plans[0].goals[0].strategies[0],
        Strategy {
            id: stid,
            position: 1,
            ..strategy
        }
    );
    assert_eq!(rec.checkins[0], CheckIn { id: cid, ..checkin });
    assert_eq!(rec.team[0], TeamMember { id: mid, ..member });
    assert_eq!(
        rec.interventions[0],
        Intervention {
            id: iid,
            ..intervention
        }
    );
    assert_eq!(
        rec.evidence[0],
        Evidence {
            id: eid,
            ..evidence
        }
    );
    // Retiring hides a record but keeps it in the log.
    s.write(|w| w.retire(Entity::Goal, &gid)).unwrap();
    assert!(s.student(&sid).unwrap().plans[0].goals.is_empty());
    assert!(s.history(&gid, "title").unwrap().len() == 1);
}

#[test]
fn migrations_build_every_table_from_an_empty_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.db");
    std::fs::write(&path, b"").unwrap();
    let store = Store::open(&path).unwrap();
    let conn = store.conn();
    let v: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, SCHEMA_VERSION);
    for e in Entity::ALL {
        let mut stmt = conn
            .prepare(&format!("PRAGMA table_info({})", e.table()))
            .unwrap();
        let cols: Vec<String> = stmt
            .query_map([], |r| r.get::<_, String>(1))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let mut expected = vec!["id".to_string()];
        expected.extend(e.fields().iter().map(|f| f.name.to_string()));
        assert_eq!(cols, expected, "table {} matches its entity", e.table());
    }
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    drop(store);
    // Opening again migrates nothing and keeps the replica id.
    let a = Store::open(&path).unwrap().replica().to_string();
    let b = Store::open(&path).unwrap().replica().to_string();
    assert_eq!(a, b);
    assert!(!a.is_empty());
}

#[test]
fn profile_edits_keep_dated_revisions() {
    let mut s = Store::in_memory().unwrap();
    s.set_author("ms.lindqvist");
    let id = s
        .write(|w| {
            w.add_student(&Student {
                sis_id: "5".into(),
                given_name: "Jo".into(),
                family_name: "Kim".into(),
                ..Default::default()
            })
        })
        .unwrap();
    for text in ["Curious", "Curious; great questions"] {
        s.write(|w| {
            w.set_text(
                Entity::Student,
                &id,
                "strengths",
                text,
                plp::store::Base::Current,
            )
        })
        .unwrap();
    }
    let h = s.history(&id, "strengths").unwrap();
    let values: Vec<&str> = h.iter().map(|r| r.value.as_str().unwrap()).collect();
    assert_eq!(values, vec!["", "Curious", "Curious; great questions"]);
    assert!(h
        .iter()
        .all(|r| r.author == "ms.lindqvist" && r.when.len() == 16));
    // Every operation is recorded with its author and a per-replica sequence.
    let ops = s.ops().unwrap();
    let seqs: Vec<i64> = ops.iter().map(|o| o.seq).collect();
    assert_eq!(seqs, vec![1, 2, 3]);
    assert!(ops.windows(2).all(|w| w[0].hlc < w[1].hlc));
}

#[test]
fn a_fifth_goal_is_allowed_and_counted() {
    let mut s = Store::in_memory().unwrap();
    let (sid, pid) = s
        .write(|w| {
            let sid = w.add_student(&Student {
                sis_id: "9".into(),
                given_name: "A".into(),
                family_name: "B".into(),
                ..Default::default()
            })?;
            Ok((sid.clone(), w.ensure_plan(&sid, "2026-27")?))
        })
        .unwrap();
    let mut last = 0;
    for i in 0..5 {
        let g = Goal {
            plan_id: pid.clone(),
            student_id: sid.clone(),
            title: format!("Goal {i}"),
            ..Default::default()
        };
        last = s.write(|w| w.add_goal(&g)).unwrap().1;
    }
    assert_eq!(last, 5);
    assert!(last > GOALS_WARN_ABOVE);
}

#[test]
fn the_caseload_summary_follows_every_change_and_survives_a_rebuild() {
    let mut s = Store::in_memory().unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let sid = s
        .write(|w| {
            w.add_student(&Student {
                sis_id: "1".into(),
                given_name: "Ana".into(),
                family_name: "Peña".into(),
                ..Default::default()
            })
        })
        .unwrap();
    assert_eq!(s.caseload(today, false).unwrap()[0].due, DueState::NeverMet);
    let (pid, cid) = s
        .write(|w| {
            let pid = w.ensure_plan(&sid, "2026-27")?;
            w.add_goal(&Goal {
                plan_id: pid.clone(),
                student_id: sid.clone(),
                title: "Read more".into(),
                ..Default::default()
            })?;
            let cid = w.add_checkin(&CheckIn {
                student_id: sid.clone(),
                date: d("2026-11-01"),
                next_date: d("2026-12-06"),
                ..Default::default()
            })?;
            Ok((pid, cid))
        })
        .unwrap();
    let row = s.caseload(today, false).unwrap().remove(0);
    assert_eq!(
        (row.last_checkin, row.next_due, row.active_goals),
        (d("2026-11-01"), d("2026-12-06"), 1)
    );
    s.write(|w| w.retire(Entity::CheckIn, &cid)).unwrap();
    s.write(|w| {
        w.set_text(
            Entity::Student,
            &sid,
            "grade",
            "10",
            plp::store::Base::Current,
        )
    })
    .unwrap();
    let row = s.caseload(today, false).unwrap().remove(0);
    assert_eq!((row.last_checkin, row.grade), (None, Some(10)));
    s.write(|w| w.retire(Entity::Plan, &pid)).unwrap();
    let before = s.caseload(today, true).unwrap();
    assert_eq!(before[0].active_goals, 0);
    s.conn().execute("DELETE FROM student_summary", []).unwrap();
    s.rebuild().unwrap();
    assert_eq!(s.caseload(today, true).unwrap(), before);
}

/// The first lines read alone are exactly how the whole caseload starts, whatever the day (so
/// whatever mix of overdue, this week, later and never met, with ties on due dates), and the
/// counts agree with the whole list.
#[test]
fn the_caseload_head_is_the_start_of_the_whole_caseload() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    assert!(std::process::Command::new(env!("CARGO_BIN_EXE_plp"))
        .args(["demo", "--no-open", "--db"])
        .arg(&db)
        .env("PLP_TODAY", "2026-11-24")
        .status()
        .unwrap()
        .success());
    let s = Store::open(&db).unwrap();
    let start = NaiveDate::from_ymd_opt(2026, 8, 1).unwrap();
    for day in (0..200).step_by(3) {
        let today = start + chrono::Duration::days(day);
        let whole = s.caseload(today, false).unwrap();
        for n in [0, 1, 2, 5, 7, 12, 20, whole.len(), whole.len() + 3] {
            let head = s.caseload_head(today, n).unwrap();
            assert_eq!(head, whole[..n.min(whole.len())], "{today}, {n} lines");
        }
        let counts = s.caseload_counts(today).unwrap();
        assert_eq!(counts.students, whole.len());
        assert_eq!(
            counts.need_now,
            whole
                .iter()
                .filter(|r| matches!(r.due, DueState::Overdue | DueState::NeverMet))
                .count(),
            "{today}"
        );
    }
}
