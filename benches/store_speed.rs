//! The store's speed on a 5,000-student caseload, side by side with the `sqlite3` shell:
//! importing a 5,000-row roster, listing the caseload as JSON, saving one check-in.
//!
//! Run: `cargo bench --bench store_speed` (needs `sqlite3` on PATH for the comparison).

use chrono::NaiveDate;
use plp::domain::{CheckIn, GoalProgress, NextStep, StrategyVerdict, Verdict};
use plp::store::Store;
use std::process::Command;
use std::time::{Duration, Instant};

const STUDENTS: usize = 5_000;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let plp = env!("CARGO_BIN_EXE_plp");
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("caseload.db");
    let status = Command::new(plp)
        .args([
            "demo",
            "--no-open",
            "--students",
            &STUDENTS.to_string(),
            "--db",
        ])
        .arg(&db)
        .status()
        .expect("plp demo");
    assert!(status.success());

    // 1. A 5,000-row roster into an empty database, through the binary.
    let csv = dir.path().join("roster.csv");
    let mut text = String::from("Student Number,First Name,Last Name,Grade,Advisor,IEP,504\n");
    for i in 0..STUDENTS {
        text.push_str(&format!(
            "{},Given{i},\"Family, {i}\",{},Ms. Lindqvist,{},no\n",
            300_000 + i,
            7 + i % 6,
            if i % 9 == 0 { "yes" } else { "no" }
        ));
    }
    std::fs::write(&csv, text).expect("write roster");
    let mut times = Vec::new();
    for run in 0..5 {
        let target = dir.path().join(format!("roster-{run}.db"));
        let t = Instant::now();
        let ok = Command::new(plp)
            .args(["import", "roster"])
            .arg(&csv)
            .arg("--db")
            .arg(&target)
            .output()
            .expect("import")
            .status
            .success();
        assert!(ok);
        times.push(t.elapsed());
    }
    println!(
        "roster_import: {STUDENTS} rows into a new database: median {}",
        ms(median(times))
    );

    // 2. The caseload as JSON: plp vs the sqlite3 shell printing the same rows, interleaved.
    // The same rows plp prints: every active student's caseload line, from the same table.
    let sql = "SELECT student_id, sis_id, given_name, family_name, preferred_name, grade, advisor,
                      status, last_date, next_date, active_goals, iep, plan_504
               FROM student_summary WHERE retired = 0 AND status = 'active' ORDER BY next_date";
    let have_sqlite3 = Command::new("sqlite3").arg("-version").output().is_ok();
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for _ in 0..15 {
        let t = Instant::now();
        let out = Command::new(plp)
            .args(["students", "--format", "json", "--db"])
            .arg(&db)
            .output()
            .expect("plp students");
        assert!(out.status.success() && out.stdout.len() > 100_000);
        ours.push(t.elapsed());
        if have_sqlite3 {
            let t = Instant::now();
            let out = Command::new("sqlite3")
                .arg("-json")
                .arg(&db)
                .arg(sql)
                .output()
                .expect("sqlite3");
            assert!(out.status.success());
            theirs.push(t.elapsed());
        }
    }
    let ours = median(ours);
    if have_sqlite3 {
        let theirs = median(theirs);
        println!(
            "caseload_json: plp students --format json {} vs sqlite3 -json {} (ratio {:.2})",
            ms(ours),
            ms(theirs),
            ours.as_secs_f64() / theirs.as_secs_f64()
        );
    } else {
        println!(
            "caseload_json: plp students --format json {} (sqlite3 not found)",
            ms(ours)
        );
    }

    // 3. Saving one check-in (3 goals, 6 strategies, change log included) on the big file.
    let mut store = Store::open(&db).expect("open");
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).expect("date");
    let row = store.caseload(today, false).expect("caseload").remove(0);
    let rec = store.student(&row.id).expect("student");
    let plan = rec.current_plan(today).expect("plan");
    let goals: Vec<String> = plan
        .goals
        .iter()
        .map(|g| g.goal.id.clone())
        .take(3)
        .collect();
    let strategies: Vec<String> = plan
        .goals
        .iter()
        .flat_map(|g| g.strategies.iter().map(|s| s.id.clone()))
        .cycle()
        .take(6)
        .collect();
    let mut times = Vec::new();
    for i in 0..200 {
        let c = CheckIn {
            student_id: row.id.clone(),
            plan_id: Some(plan.plan.id.clone()),
            date: Some(today),
            student_words: format!("Things are going better in math, mostly ({i})."),
            progress: goals
                .iter()
                .map(|g| GoalProgress {
                    goal: g.clone(),
                    rating: 3,
                })
                .collect(),
            verdicts: strategies
                .iter()
                .map(|s| StrategyVerdict {
                    strategy: s.clone(),
                    verdict: Verdict::Working,
                    note: String::new(),
                })
                .collect(),
            notes: "Good energy today.".into(),
            next_steps: vec![NextStep {
                text: "Bring the planner".into(),
                owner: "student".into(),
            }],
            next_date: NaiveDate::from_ymd_opt(2026, 12, 29),
            ..Default::default()
        };
        let t = Instant::now();
        store.write(|w| w.add_checkin(&c)).expect("save");
        times.push(t.elapsed());
    }
    println!(
        "checkin_save: one check-in (3 goals, 6 strategies) on {STUDENTS} students: median {}",
        ms(median(times))
    );
}
