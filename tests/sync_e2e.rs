//! Sync through the real binary: by path, through a bundle folder, over a stand-in ssh, and
//! `plp serve` refusing anything but the protocol.

mod common;
use assert_cmd::Command;
use common::*;
use std::ffi::OsStr;
use std::path::Path;

#[test]
fn path_sync_is_two_way_keeps_both_texts_and_repeats_as_a_no_op() {
    let (dir, a) = demo_db();
    let b = dir.path().join("laptop.db");
    plp(&b)
        .arg("sync")
        .arg(&a)
        .assert()
        .success()
        .stdout(predicates::str::contains("received 4"));
    plp(&a)
        .args(["set", "Kit", "strengths", "Writes every day"])
        .assert()
        .success();
    plp(&b)
        .args(["set", "Kit", "strengths", "Runs the light board"])
        .assert()
        .success();
    plp(&b)
        .args(["checkin", "Hana", "--said", "Met on the laptop"])
        .assert()
        .success();
    plp(&a)
        .arg("sync")
        .arg(&b)
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "sent 1 change, received 2, 1 new conflict",
        ));
    assert_eq!(dump(&a), dump(&b), "both replicas hold the same tables");
    plp(&b)
        .arg("sync")
        .arg(&a)
        .assert()
        .success()
        // A conflict made before this sync (by another, or by one cut off part way) is not
        // passed over while it waits.
        .stdout("sent 0 changes, received 0; 1 conflict waits for a choice (see plp conflicts)\n");
    let (_, json, _) = run({
        let mut c = plp(&b);
        c.args(["conflicts", "--format", "json"]);
        c
    });
    let list: serde_json::Value = serde_json::from_str(&json).unwrap();
    // As the CSV does, each names its number for --resolve and whose record it is.
    assert_eq!(list[0]["n"], 1, "{json}");
    assert_eq!(list[0]["sis_id"], "211577", "{json}");
    assert_eq!(list[0]["student"], "Kit Morrow", "{json}");
    let texts = [
        list[0]["shown"]["value"].clone(),
        list[0]["other"]["value"].clone(),
    ];
    assert!(
        texts.contains(&"Writes every day".into())
            && texts.contains(&"Runs the light board".into())
    );
    // Settling is a change of its own, and it syncs.
    plp(&b)
        .args(["conflicts", "--resolve", "1", "--keep", "both"])
        .assert()
        .success();
    plp(&a)
        .arg("sync")
        .arg(&b)
        .assert()
        .success()
        .stdout("sent 0 changes, received 1\n");
    plp(&a)
        .arg("conflicts")
        .assert()
        .success()
        .stdout("no conflicts\n");
    assert_eq!(dump(&a), dump(&b));
    let (_, show, _) = run({
        let mut c = plp(&a);
        c.args(["show", "Kit", "--format", "json"]);
        c
    });
    let v: serde_json::Value = serde_json::from_str(&show).unwrap();
    let s = v["student"]["strengths"].as_str().unwrap();
    assert!(s.contains("Writes every day") && s.contains("Runs the light board"));
}

/// Three machines write one field at once: the list shows the third version as a second
/// conflict, and choosing between the first two leaves it to be chosen about, never settled
/// unseen.
#[test]
fn a_choice_between_two_of_three_versions_leaves_the_third_to_choose() {
    let (dir, a) = demo_db();
    let (b, c) = (dir.path().join("laptop.db"), dir.path().join("office.db"));
    for other in [&b, &c] {
        plp(other).arg("sync").arg(&a).assert().success();
    }
    for (db, text) in [
        (&a, "Writes every day"),
        (&b, "Runs the light board"),
        (&c, "Draws in the margins"),
    ] {
        plp(db)
            .args(["set", "Kit", "strengths", text])
            .assert()
            .success();
    }
    for other in [&b, &c] {
        plp(&a).arg("sync").arg(other).assert().success();
    }
    let listed = |db: &Path| -> serde_json::Value {
        let (_, json, _) = run({
            let mut c = plp(db);
            c.args(["conflicts", "--format", "json"]);
            c
        });
        serde_json::from_str(&json).unwrap()
    };
    let list = listed(&a);
    assert_eq!(list.as_array().unwrap().len(), 2, "{list}");
    let other = |l: &serde_json::Value, n: usize| l[n]["other"]["value"].clone();
    let (chosen, third) = (other(&list, 0), other(&list, 1));
    plp(&a)
        .args(["conflicts", "--resolve", "1", "--keep", "other"])
        .assert()
        .success()
        .stdout(predicates::str::contains("1 is left"));
    // The choice against the third version, as the person was told.
    let left = listed(&a);
    assert_eq!(left.as_array().unwrap().len(), 1, "{left}");
    let mut versions = [left[0]["shown"]["value"].clone(), other(&left, 0)];
    versions.sort_by_key(|v| v.to_string());
    let mut expected = [chosen, third];
    expected.sort_by_key(|v| v.to_string());
    assert_eq!(versions, expected, "{left}");
    // It syncs as it is, and the third is settled by a choice of its own.
    plp(&b).arg("sync").arg(&a).assert().success();
    assert_eq!(dump(&a), dump(&b));
    plp(&b)
        .args(["conflicts", "--resolve", "1", "--keep", "both"])
        .assert()
        .success();
    plp(&b)
        .arg("conflicts")
        .assert()
        .success()
        .stdout("no conflicts\n");
}

/// Two machines move the same goal to different plans and the same strategy to different
/// goals. `plp conflicts` names each version's record as plp names it (a plan by its school
/// year, a goal by its title), says so of a plan the file does not hold, and never says another
/// student's goal in its words; CSV and JSON keep each id with the words beside it; a link is
/// settled by keeping one version, never both.
#[test]
fn a_conflict_on_a_link_names_each_version_in_words_and_keeps_one() {
    use plp::store::{plan_id_for, Base, Entity, Store};
    let (dir, a) = demo_db();
    let b = dir.path().join("laptop.db");
    plp(&b)
        .arg("sync")
        .arg(&a)
        .arg("--create")
        .assert()
        .success();
    let record = |name: &str| {
        let s = Store::open(&a).unwrap();
        s.student(&s.find_student(name).unwrap()).unwrap()
    };
    let (kit, hana) = (record("Kit"), record("Hana"));
    let goals = &kit.plan_for("2026-27").unwrap().goals;
    let (goal, other_goal) = (goals[0].goal.id.clone(), goals[1].goal.clone());
    let strategy = goals[0].strategies[0].id.clone();
    let hanas_goal = hana.plan_for("2026-27").unwrap().goals[0].goal.clone();
    let kit_id = kit.student.id.clone();
    let nowhere = plan_id_for(&kit_id, "2031-32");
    let moved = |db: &Path, plan: Option<&str>, to_goal: &str| {
        let mut s = Store::open(db).unwrap();
        s.set_author("tester");
        s.write(|w| {
            let plan = match plan {
                Some(year) => w.ensure_plan(&kit_id, year)?,
                None => nowhere.clone(),
            };
            w.set(Entity::Goal, &goal, "plan_id", plan.into(), Base::Current)?;
            let to: serde_json::Value = to_goal.into();
            w.set(Entity::Strategy, &strategy, "goal_id", to, Base::Current)
        })
        .unwrap();
    };
    // Here: to next year's plan, and to Kit's second goal. On the laptop, meanwhile: to a plan
    // that no file holds, and to another student's goal.
    moved(&a, Some("2027-28"), &other_goal.id);
    moved(&b, None, &hanas_goal.id);
    let next_year = plan_id_for(&kit_id, "2027-28");
    plp(&a)
        .arg("sync")
        .arg(&b)
        .assert()
        .success()
        .stdout(predicates::str::contains("2 new conflicts"));
    let conflicts = |db: &Path, args: &[&str]| {
        let mut c = plp(db);
        c.arg("conflicts").args(args);
        succeeds(c)
    };

    let table = conflicts(&a, &[]);
    let row = |field: &str| {
        table
            .lines()
            .find(|l| l.contains(field))
            .unwrap_or_else(|| panic!("{field} is listed\n{table}"))
    };
    let plan_row = row("plan_id");
    assert!(plan_row.contains("plan 2027-28 (tester, here)"), "{table}");
    // The record each conflict is on is named too: the goal and the strategy by their words.
    let title: String = goals[0].goal.title.chars().take(12).collect();
    assert!(plan_row.contains(&format!("goal “{title}")), "{table}");
    let what: String = goals[0].strategies[0].what.chars().take(12).collect();
    assert!(
        row("goal_id").contains(&format!("strategy “{what}")),
        "{table}"
    );
    assert!(
        plan_row.contains("a plan this file does not hold (tester, in another copy)"),
        "{table}"
    );
    let goal_row = row("goal_id");
    assert!(
        goal_row.contains(&format!("{} (tester, here)", other_goal.title)),
        "{table}"
    );
    assert!(
        goal_row.contains("a goal of another student (tester, in another copy)"),
        "{table}"
    );
    for id in [&next_year, &nowhere, &other_goal.id, &hanas_goal.id] {
        assert!(!table.contains(id.as_str()), "no id is shown: {table}");
    }
    assert!(!table.contains(&hanas_goal.title), "{table}");

    let csv = conflicts(&a, &["--format", "csv"]);
    assert!(
        csv.starts_with("n,entity,entity_id,field,shown,shown_by,other,other_by,sis_id,student,shown_words,other_words\n"),
        "{csv}"
    );
    let plan_line = csv.lines().find(|l| l.contains(",plan_id,")).unwrap();
    for said in [
        next_year.as_str(),
        &nowhere,
        "plan 2027-28",
        "a plan this file does not hold",
    ] {
        assert!(plan_line.contains(said), "{csv}");
    }
    assert!(!csv.contains(&hanas_goal.title), "{csv}");

    let json = conflicts(&a, &["--format", "json"]);
    assert_eq!(
        json,
        conflicts(&b, &["--format", "json"]),
        "both files say the same"
    );
    let list: serde_json::Value = serde_json::from_str(&json).unwrap();
    let list = list.as_array().unwrap();
    let said_of = |value: &str| -> (usize, &str, String) {
        list.iter()
            .enumerate()
            .find_map(|(i, c)| {
                ["shown", "other"].into_iter().find_map(|v| {
                    (c[v]["value"] == value).then(|| (i + 1, v, c[v]["words"].to_string()))
                })
            })
            .unwrap_or_else(|| panic!("{value} is a version\n{json}"))
    };
    assert_eq!(said_of(&next_year).2, "\"plan 2027-28\"");
    assert_eq!(said_of(&nowhere).2, "\"a plan this file does not hold\"");
    assert_eq!(said_of(&other_goal.id).2, format!("{:?}", other_goal.title));
    assert_eq!(said_of(&hanas_goal.id).2, "\"a goal of another student\"");
    assert!(!json.contains(&hanas_goal.title), "{json}");

    // Both plans cannot be kept; next year's can.
    let (n, version, _) = said_of(&next_year);
    let mut c = plp(&a);
    c.args(["conflicts", "--resolve", &n.to_string(), "--keep", "both"]);
    let err = fails_with(c, 1, "names one plan or the other, never both");
    assert!(!err.contains(&next_year), "{err}");
    assert_eq!(
        conflicts(&a, &["--format", "json"]),
        json,
        "nothing changed"
    );
    let mut c = plp(&a);
    c.args(["conflicts", "--resolve", &n.to_string(), "--keep", version]);
    succeeds(c);
    let table = conflicts(&a, &[]);
    assert!(!table.contains("plan_id"), "{table}");
    assert!(table.contains("goal_id"), "{table}");
    let s = Store::open(&a).unwrap();
    let kept: plp::domain::Goal = s.get(Entity::Goal, &goal).unwrap().unwrap();
    assert_eq!(kept.plan_id, next_year);
}

/// A field that holds one value (a grade) cannot keep both versions: `--keep both` says so in
/// a sentence and changes nothing, the hint offers it only where it works, and one version kept
/// settles it.
#[test]
fn a_conflict_on_a_one_value_field_keeps_one_version_never_both() {
    let (dir, a) = demo_db();
    let b = dir.path().join("laptop.db");
    plp(&b).arg("sync").arg(&a).assert().success();
    // (Kit is in grade 10: each side writes another grade, so each is a change.)
    plp(&a)
        .args(["set", "Kit", "grade", "11"])
        .assert()
        .success();
    plp(&b)
        .args(["set", "Kit", "grade", "12"])
        .assert()
        .success();
    plp(&a).arg("sync").arg(&b).assert().success();
    let (code, out, _) = run({
        let mut c = plp(&a);
        c.arg("conflicts");
        c
    });
    assert_eq!(code, 0);
    assert!(
        out.ends_with("settle one with: plp conflicts --resolve N --keep shown|other\n"),
        "{out}"
    );
    let before = dump(&a);
    let mut c = plp(&a);
    c.args(["conflicts", "--resolve", "1", "--keep", "both"]);
    let (code, _, err) = run(c);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "plp: conflict 1 is on grade, which holds one value: keep shown or other\n"
    );
    assert_eq!(dump(&a), before, "nothing changed");
    plp(&a)
        .args(["conflicts", "--resolve", "1", "--keep", "other"])
        .assert()
        .success();
    plp(&a)
        .arg("conflicts")
        .assert()
        .success()
        .stdout("no conflicts\n");
}

#[test]
fn bundle_folders_carry_changes_without_copying_the_database() {
    let (dir, a) = demo_db();
    let b = dir.path().join("b.db");
    let usb = dir.path().join("usb");
    // A drive that is not connected: nothing is written to this disk in its place.
    let mut c = plp(&a);
    c.args(["sync", "--bundle"]).arg(&usb);
    let (code, out, err) = run(c);
    assert_eq!((code, out.as_str()), (1, ""));
    assert_eq!(
        err,
        format!(
            "plp: {} does not exist; check that the drive is connected, or add --create to \
             make the folder\n",
            usb.display()
        )
    );
    assert!(!usb.exists());
    plp(&a)
        .args(["sync", "--create", "--bundle"])
        .arg(&usb)
        .assert()
        .success();
    plp(&b)
        .args(["sync", "--bundle"])
        .arg(&usb)
        .assert()
        .success();
    assert_eq!(dump(&a), dump(&b));
    plp(&b)
        .args(["checkin", "Kit", "--said", "from b"])
        .assert()
        .success();
    plp(&b)
        .args(["sync", "--bundle"])
        .arg(&usb)
        .assert()
        .success();
    plp(&a)
        .args(["sync", "--bundle"])
        .arg(&usb)
        .assert()
        .success()
        .stdout(predicates::str::contains("received 1"));
    assert_eq!(dump(&a), dump(&b));
    // Only change files are in the folder, never a database; no half-written file is left.
    for e in std::fs::read_dir(&usb).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().to_string();
        assert!(name.ends_with(".plpchanges"), "{name}");
    }
    // Again: nothing to do.
    plp(&a)
        .args(["sync", "--bundle"])
        .arg(&usb)
        .assert()
        .success()
        .stdout("sent 0 changes, received 0\n");
}

/// `plp sync` from `laptop` to `target` (`user@host:path`) through `ssh`, with this plp on the
/// far side.
fn ssh_sync(laptop: &Path, target: &str, ssh: impl AsRef<OsStr>) -> Command {
    let mut c = plp(laptop);
    c.arg("sync")
        .arg(target)
        .env("PLP_SSH", ssh)
        .env("PLP_REMOTE_PLP", assert_cmd::cargo::cargo_bin("plp"));
    c
}

/// A new laptop's first sync over ssh takes the far side's caseload; a check-in saying `said`
/// typed on it goes over on the next; then both copies hold the same.
fn round_trip_over_ssh(
    laptop: &Path,
    server: &Path,
    target: &str,
    ssh: impl AsRef<OsStr> + Copy,
    said: &str,
) {
    ssh_sync(laptop, target, ssh)
        .assert()
        .success()
        .stdout(predicates::str::contains("received 4"));
    plp(laptop)
        .args(["checkin", "Kit", "--said", said])
        .assert()
        .success();
    ssh_sync(laptop, target, ssh)
        .assert()
        .success()
        .stdout("sent 1 change, received 0\n");
    assert_eq!(dump(laptop), dump(server));
}

#[test]
fn ssh_sync_runs_plp_on_the_far_side() {
    let (dir, server) = demo_db();
    let laptop = dir.path().join("laptop.db");
    let ssh = fake_ssh(dir.path());
    let target = format!("advisor@lab:{}", server.display());
    round_trip_over_ssh(&laptop, &server, &target, &ssh, "on the bus");
    ssh_sync(&laptop, &target, &ssh)
        .assert()
        .success()
        .stdout("sent 0 changes, received 0\n");
    // A far side that is not there: one sentence.
    let mut c = plp(&laptop);
    c.arg("sync")
        .arg(&target)
        .env("PLP_SSH", &ssh)
        .env("PLP_REMOTE_PLP", "/nonexistent/plp");
    let (code, _, err) = run(c);
    assert_eq!(code, 1);
    assert!(err.contains("sync with advisor@lab failed"), "{err}");
}

#[test]
fn serve_refuses_anything_but_the_protocol_and_changes_nothing() {
    let (_d, db) = demo_db();
    let before = dump(&db);
    let hostile = [
        "GET / HTTP/1.1\n",
        "{\"hello\":{\"protocol\":9,\"plp\":\"9.9\"}}\n",
        "{\"hello\":{\"protocol\":3,\"plp\":\"x\"}}\n{\"vv\":{}}\n{\"ops\":[{\"id\":\"x;drop\",\"replica\":\"r\",\"seq\":1,\"hlc\":\"000000000000001.0000000000\",\"author\":\"a\",\"entity\":\"student\",\"entity_id\":\"e\",\"field\":\"*\",\"value\":{},\"base\":[]}]}\n\"done\"\n",
        "{\"hello\":{\"protocol\":3,\"plp\":\"x\"}}\n{\"vv\":{}}\n{\"ops\":[{\"id\":\"a\",\"replica\":\"r\",\"seq\":1,\"hlc\":\"000000000000001.0000000000\",\"author\":\"a\",\"entity\":\"student\",\"entity_id\":\"e\",\"field\":\"grade\",\"value\":\"nine\",\"base\":[]}]}\n\"done\"\n",
        "{\"hello\":{\"protocol\":3,\"plp\":\"x\"}}\n{\"vv\":{}}\n{\"ops\":[{\"id\":\"a\",\"replica\":\"r\",\"seq\":3,\"hlc\":\"000000000000001.0000000000\",\"author\":\"a\",\"entity\":\"student\",\"entity_id\":\"e\",\"field\":\"grade\",\"value\":9,\"base\":[]}]}\n\"done\"\n",
    ];
    let expect = [
        "not the plp sync protocol",
        "speaks 9: upgrade the older one",
        "change x;drop was refused: it has a malformed id",
        "(student grade) was refused: ",
        "the changes received from replica r were refused: they skip from number 0 to 3",
    ];
    for (i, (input, want)) in hostile.iter().zip(expect).enumerate() {
        let mut c = plp(&db);
        c.args(["serve", "--stdio"]).write_stdin(*input);
        let (code, out, err) = run(c);
        if i < 2 {
            // Not the protocol: refused outright.
            assert_eq!(code, 1, "{input}");
            assert!(
                out.contains("\"error\"") && err.contains(want),
                "{input}: {err}"
            );
        } else {
            // Changes that cannot be taken: each refused in a sentence sent back, the rest
            // of the sync goes on.
            assert_eq!(code, 0, "{input}: {err}");
            let refused = out
                .lines()
                .find_map(|l| {
                    serde_json::from_str::<serde_json::Value>(l)
                        .ok()?
                        .get("refused")
                        .cloned()
                })
                .unwrap_or_else(|| panic!("{input}: {out}"));
            assert!(refused[0].as_str().unwrap().contains(want), "{refused}");
            assert!(out.contains("{\"applied\":0}"), "{out}");
        }
    }
    assert_eq!(dump(&db), before, "nothing changed");
    let mut c = plp(&db);
    c.arg("serve");
    fails_with(c, 2, "--stdio");
}

/// Through a real OpenSSH server on 127.0.0.1, which `.ci/run` starts (`.ci/sshd-start`).
#[test]
fn ssh_sync_through_a_real_openssh_server() {
    let (Ok(ssh), Ok(user)) = (
        std::env::var("PLP_TEST_SSH"),
        std::env::var("PLP_TEST_SSH_USER"),
    ) else {
        assert!(
            std::env::var("CI").is_err(),
            "under CI the real-ssh sync test must run: .ci/sshd-start could not start sshd (PLP_TEST_SSH is unset)"
        );
        println!("skipped: no test sshd (PLP_TEST_SSH is set by .ci/run when .ci/sshd-start can start one)");
        return;
    };
    let (dir, server) = demo_db();
    let laptop = dir.path().join("laptop.db");
    let target = format!("{user}@127.0.0.1:{}", server.display());
    round_trip_over_ssh(&laptop, &server, &target, &ssh, "over real ssh");
    // A new, empty far side starts as a copy of the laptop, under its own identity.
    let new_server = dir.path().join("new-server.db");
    let mut c = ssh_sync(
        &laptop,
        &format!("{user}@127.0.0.1:{}", new_server.display()),
        &ssh,
    );
    c.arg("--create");
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("sent ") && out.ends_with(" changes, received 0\n"),
        "{out}"
    );
    assert_eq!(dump(&laptop), dump(&new_server));
    let replica = |db: &Path| -> String {
        rusqlite::Connection::open(db)
            .unwrap()
            .query_row("SELECT value FROM meta WHERE key = 'replica'", [], |r| {
                r.get(0)
            })
            .unwrap()
    };
    assert_ne!(replica(&laptop), replica(&new_server));
}
