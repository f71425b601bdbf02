//! Two schools whose SIS ids come from separate systems, each with a child under SIS id 1001:
//! the hub keeps them apart. The second school's child is refused at the hub (by a trigger, so
//! the hub's owner too), said in one sentence that never names the other school's child, and
//! nothing either school writes about its own child reaches the other; one child who moves
//! school, imported again under the same id and name, still meets as one. Skipped, with the
//! reason, where no server can start (fails instead under CI=true).

mod common;

use common::pg::{self, Cluster};
use common::{hub_cmd, plp, run};

/// A school's server file at `dir/NAME.db`, naming `school`, with the students of `roster`
/// (CSV lines after the header `id,first,last,grade,advisor`) and a check-in for each student
/// in `notes` (SIS id, notes kept restricted).
fn school_file(
    dir: &std::path::Path,
    name: &str,
    school: &str,
    roster: &str,
    notes: &[(&str, &str)],
) -> std::path::PathBuf {
    let db = dir.join(format!("{name}.db"));
    let csv = dir.join(format!("{name}.csv"));
    std::fs::write(&csv, format!("id,first,last,grade,advisor\n{roster}")).unwrap();
    cli(&db, dir, &["config", "school", school]);
    cli(&db, dir, &["import", "roster", csv.to_str().unwrap()]);
    for (sis, text) in notes {
        cli(
            &db,
            dir,
            &[
                "checkin",
                sis,
                "--said",
                "fine",
                "--notes",
                text,
                "--restricted",
            ],
        );
    }
    db
}

/// `plp --db DB ARGS` that must succeed; what it said.
fn cli(db: &std::path::Path, dir: &std::path::Path, args: &[&str]) -> String {
    let (code, out, err) = plp_in(db, dir, args);
    assert_eq!(code, 0, "{args:?}: {out}{err}");
    format!("{out}{err}")
}

/// `plp --db DB ARGS`: exit code, stdout, stderr.
fn plp_in(db: &std::path::Path, dir: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let mut cmd = plp(db);
    cmd.args(args).env("XDG_CONFIG_HOME", dir.join("config"));
    run(cmd)
}

/// A fresh hub in database `name`; its superuser URL.
fn new_hub(c: &Cluster, name: &str) -> String {
    let url = c.new_database(name);
    assert_eq!(run(hub_cmd(&["init", &url])).0, 0);
    url
}

/// Makes `login` at the hub `url` with `args` and the password `pw-LOGIN`; the login's URL.
fn login(c: &Cluster, url: &str, login: &str, args: &[&str]) -> String {
    let mut cmd = hub_cmd(&["user", url, login, "--password-stdin"]);
    cmd.args(args).write_stdin(format!("pw-{login}\n"));
    assert_eq!(run(cmd).0, 0);
    c.url_for(&Cluster::db_of(url), login, &format!("pw-{login}"))
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

/// Whether the file at `db` holds `text` anywhere in its change log.
fn in_file(db: &std::path::Path, text: &str) -> bool {
    plp::store::Store::open(db)
        .unwrap()
        .ops()
        .unwrap()
        .iter()
        .any(|o| o.value.to_string().contains(text))
}

#[test]
fn two_schools_children_under_one_sis_id_are_kept_apart_at_the_hub_and_in_each_file() {
    let Some(c) = pg::cluster() else { return };
    let url = new_hub(c, "other_children");
    let dir = tempfile::tempdir().unwrap();
    let north = school_file(
        dir.path(),
        "north",
        "North High",
        "1001,Mara,Okafor,9,Ms. Rivera\n1002,Ben,Chen,9,Ms. Rivera\n",
        &[("1001", "NORTH-NOTE about Mara")],
    );
    let south = school_file(
        dir.path(),
        "south",
        "South High",
        "1001,Jamal,Diaz,10,Mr. Park\n2002,Lena,Brandt,10,Mr. Park\n",
        &[
            ("1001", "SOUTH-NOTE about Jamal"),
            ("2002", "SOUTH-NOTE about Lena"),
        ],
    );
    let as_north = login(c, &url, "oc_north", &["--role", "counselor"]);
    let out = cli(&north, dir.path(), &["sync", &as_north]);
    assert!(out.contains("sent"), "{out}");

    // The south server syncs as the hub's owner, whom row-level security would not bind.
    let (code, out, err) = plp_in(&south, dir.path(), &["sync", &url]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains(
            "the hub did not take Jamal Diaz (1001): it holds that SIS id for another child, \
             of North High, whose names share no word with theirs"
        ),
        "{err}"
    );
    assert!(
        !err.contains("Mara") && !err.contains("may not write"),
        "{err}"
    );
    // Nothing of South's Jamal reached the hub, and Lena did.
    assert_eq!(in_hub(c, &url, "SOUTH-NOTE about Jamal"), 0);
    assert_eq!(in_hub(c, &url, "Jamal"), 0);
    assert_eq!(in_hub(c, &url, "SOUTH-NOTE about Lena"), 1);
    // And North's Mara did not come into South's file as its Jamal.
    assert!(!in_file(&south, "NORTH-NOTE"), "{err}");
    assert!(
        err.contains("another child") && err.contains("(new student) was refused"),
        "{err}"
    );
    let shown = cli(&south, dir.path(), &["show", "1001"]);
    assert!(
        shown.contains("Jamal Diaz") && !shown.contains("Mara"),
        "{shown}"
    );
    let conflicts = cli(&south, dir.path(), &["conflicts"]);
    assert!(conflicts.trim() == "no conflicts", "{conflicts}");

    // The hub's admin hears of it when checking the hub.
    let checked = cli(&north, dir.path(), &["hub", "check-views", &url]);
    assert!(
        checked.contains(
            "1 SIS id is held here for a child of one school that another school's files hold \
             for another child, whose records stay in those files until the schools' systems \
             give the children ids that differ: 1001 (North High's; South High's kept in its \
             files)"
        ),
        "{checked}"
    );
    // North's next sync brings Lena, not South's Jamal.
    cli(&north, dir.path(), &["sync", &as_north]);
    assert!(cli(&north, dir.path(), &["students"]).contains("Lena Brandt"));
    assert!(!in_file(&north, "SOUTH-NOTE about Jamal"));
    let shown = cli(&north, dir.path(), &["show", "1001"]);
    assert!(
        shown.contains("Mara Okafor") && !shown.contains("Jamal"),
        "{shown}"
    );

    // A later check-in about South's Jamal stays in South's file too, and is said again.
    cli(
        &south,
        dir.path(),
        &[
            "checkin",
            "1001",
            "--said",
            "later",
            "--notes",
            "SOUTH-LATER",
        ],
    );
    let (code, out, err) = plp_in(&south, dir.path(), &["sync", &url]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("the hub did not take Jamal Diaz (1001)"),
        "{err}"
    );
    assert_eq!(in_hub(c, &url, "SOUTH-LATER"), 0);
    assert_eq!(
        c.client(&Cluster::db_of(&url))
            .query_one(
                "SELECT count(*) FROM plp.v_students WHERE sis_id = '1001'",
                &[]
            )
            .unwrap()
            .get::<_, i64>(0),
        1
    );
}

#[test]
fn one_child_who_moves_school_meets_as_one_under_the_same_id() {
    let Some(c) = pg::cluster() else { return };
    let url = new_hub(c, "moved_child");
    let dir = tempfile::tempdir().unwrap();
    let north = school_file(
        dir.path(),
        "north",
        "North High",
        "1001,Mara,Okafor,9,Ms. Rivera\n",
        &[],
    );
    // South's system spells her family name another way: still one child.
    let south = school_file(
        dir.path(),
        "south",
        "South High",
        "1001,Mara,Okafor-Reyes,9,Mr. Park\n",
        &[],
    );
    cli(&north, dir.path(), &["sync", &url]);
    let (code, out, err) = plp_in(&south, dir.path(), &["sync", &url]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(!err.contains("another child"), "{err}");
    assert_eq!(in_hub(c, &url, "Okafor-Reyes"), 1);
}

#[test]
fn within_one_school_a_name_corrected_whole_meets_as_one_child_through_the_hub() {
    let Some(c) = pg::cluster() else { return };
    let url = new_hub(c, "corrected_whole");
    let dir = tempfile::tempdir().unwrap();
    let north = school_file(
        dir.path(),
        "north",
        "North High",
        "1001,Mara,Okafor,9,Ms. Rivera\n",
        &[],
    );
    // A North laptop imported a roster with the name misspelt whole.
    let laptop = school_file(
        dir.path(),
        "laptop",
        "North High",
        "1001,Mra,Okfr,9,Ms. Rivera\n",
        &[],
    );
    cli(&north, dir.path(), &["sync", &url]);
    let (code, out, err) = plp_in(&laptop, dir.path(), &["sync", &url]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        !err.contains("refused") && !err.contains("another child"),
        "{err}"
    );
    cli(&north, dir.path(), &["sync", &url]);
    assert!(cli(&north, dir.path(), &["students"]).contains("1 student"));
    // Whichever name the hub shows now, South's record of the same child shares a word with one
    // the hub has held for her: one child moving school.
    let south = school_file(
        dir.path(),
        "south",
        "South High",
        "1001,Mara,Okafor-Reyes,9,Mr. Park\n",
        &[],
    );
    // (South's own file then refuses the laptop's misspelt record as it takes it in: a file
    // compares with the names it shows, not every name the hub has held.)
    let (_, out, err) = plp_in(&south, dir.path(), &["sync", &url]);
    assert!(!err.contains("the hub did not take"), "{out}{err}");
    assert_eq!(in_hub(c, &url, "Okafor-Reyes"), 1);
}

/// A student who comes into an advisor login's reach after its file's first sync arrives whole,
/// from behind the cursor: another school's child under one of the file's ids is refused there
/// too, notes and all.
#[test]
fn another_schools_child_who_comes_into_an_advisors_reach_later_is_refused_there_too() {
    let Some(c) = pg::cluster() else { return };
    let url = new_hub(c, "entered_child");
    let dir = tempfile::tempdir().unwrap();
    // North: Mara (Ms. Rivera's) first, then Ben (Ms. Lindqvist's).
    let north = school_file(
        dir.path(),
        "north",
        "North High",
        "1001,Mara,Okafor,9,Ms. Rivera\n",
        &[("1001", "NORTH-NOTE about Mara")],
    );
    let ben = dir.path().join("ben.csv");
    std::fs::write(
        &ben,
        "id,first,last,grade,advisor\n1001,Mara,Okafor,9,Ms. Rivera\n1003,Ben,Chen,9,Ms. Lindqvist\n",
    )
    .unwrap();
    cli(
        &north,
        dir.path(),
        &["import", "roster", ben.to_str().unwrap()],
    );
    cli(&north, dir.path(), &["sync", &url]);
    // A South advisor's laptop, its login kept to no school: Jamal under 1001.
    let as_erik = login(
        c,
        &url,
        "entered_erik",
        &["--role", "advisor", "--advisor", "Lindqvist"],
    );
    let laptop = school_file(
        dir.path(),
        "laptop",
        "South High",
        "1001,Jamal,Diaz,10,Mr. Erik Lindqvist\n",
        &[("1001", "SOUTH-NOTE about Jamal")],
    );
    let (_, out, err) = plp_in(&laptop, dir.path(), &["sync", &as_erik]);
    assert!(
        err.contains("the hub did not take Jamal Diaz (1001)"),
        "{out}{err}"
    );
    assert!(cli(&laptop, dir.path(), &["students", "--all"]).contains("Ben Chen"));
    // Mara becomes Ms. Lindqvist's at North: the login now reads her.
    cli(
        &north,
        dir.path(),
        &["set", "1001", "advisor", "Ms. Lindqvist"],
    );
    cli(&north, dir.path(), &["sync", &url]);
    let (_, out, err) = plp_in(&laptop, dir.path(), &["sync", &as_erik]);
    assert!(
        err.contains("(new student) was refused: it makes a student under the SIS id of Jamal Diaz (1001) here"),
        "{out}{err}"
    );
    assert!(!in_file(&laptop, "NORTH-NOTE"), "{out}{err}");
    let shown = cli(&laptop, dir.path(), &["show", "1001"]);
    assert!(
        shown.contains("Jamal Diaz") && !shown.contains("Mara"),
        "{shown}"
    );
}
