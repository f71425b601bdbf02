//! The school belongs to the database file, not to the person: `plp config school` with or
//! without `--db`, what `plp config` shows, the family printout's letterhead, and what sync and
//! a new copy do with it.

mod common;
use common::*;
use std::path::Path;

/// `plp` on `db` with its settings in `home` (never the tester's own).
fn plp_in(db: &Path, home: &Path, args: &[&str]) -> assert_cmd::Command {
    let mut c = plp(db);
    c.env("XDG_CONFIG_HOME", home).args(args);
    c
}

fn ok(c: assert_cmd::Command) -> String {
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    out
}

/// The `school:` line of `plp config` for `db`.
fn school_line(db: &Path, home: &Path) -> String {
    ok(plp_in(db, home, &["config"]))
        .lines()
        .find(|l| l.starts_with("school:"))
        .expect("a school line")
        .to_string()
}

fn roster(dir: &Path, db: &Path, home: &Path, id: &str, last: &str) {
    let csv = dir.join(format!("{last}.csv"));
    std::fs::write(&csv, format!("id,first,last,grade\n{id},Ann,{last},9\n")).unwrap();
    ok(plp_in(
        db,
        home,
        &["import", "roster", csv.to_str().unwrap()],
    ));
}

#[test]
fn each_file_keeps_its_own_school_and_its_printouts_name_it() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("config");
    let (west, east) = (dir.path().join("west.db"), dir.path().join("east.db"));
    roster(dir.path(), &west, &home, "1", "West");
    let said = ok(plp_in(&west, &home, &["config", "school", "West High"]));
    assert_eq!(
        said.trim(),
        format!(
            "school: West High (saved in the database {}, for its students only)",
            west.display()
        )
    );
    ok(plp_in(&east, &home, &["config", "school", "North High"]));
    assert_eq!(
        school_line(&west, &home),
        format!("school: West High (this file: {})", west.display())
    );
    assert_eq!(
        school_line(&east, &home),
        format!("school: North High (this file: {})", east.display())
    );
    assert_eq!(
        ok(plp_in(&west, &home, &["config", "school"])).trim(),
        "West High"
    );
    let page = ok(plp_in(&west, &home, &["export", "1", "--format", "html"]));
    assert!(
        page.contains("<div class=\"school\">West High</div>"),
        "{page}"
    );
    assert!(!page.contains("North High"), "{page}");
    // Nothing of it went into the person's settings file.
    let settings = std::fs::read_to_string(home.join("plp/config.json")).unwrap_or_default();
    assert!(!settings.contains("High"), "{settings}");
    // Cleared, the file names none.
    ok(plp_in(&west, &home, &["config", "school", ""]));
    assert_eq!(
        school_line(&west, &home),
        format!("school: (not set) (this file: {})", west.display())
    );
}

#[test]
fn a_school_set_in_the_persons_settings_before_stands_in_for_a_file_without_one() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("config");
    std::fs::create_dir_all(home.join("plp")).unwrap();
    std::fs::write(
        home.join("plp/config.json"),
        r#"{"school": "Riverside Middle School"}"#,
    )
    .unwrap();
    let db = dir.path().join("plp.db");
    roster(dir.path(), &db, &home, "1", "Old");
    assert_eq!(
        school_line(&db, &home),
        format!(
            "school: Riverside Middle School (from your settings, as {} names no school of its \
             own yet)",
            db.display()
        )
    );
    let page = ok(plp_in(&db, &home, &["export", "1", "--format", "md"]));
    assert!(page.contains("Riverside Middle School"), "{page}");
    ok(plp_in(&db, &home, &["config", "school", "Lakeside"]));
    let page = ok(plp_in(&db, &home, &["export", "1", "--format", "md"]));
    assert!(
        page.contains("Lakeside") && !page.contains("Riverside"),
        "{page}"
    );
}

#[test]
fn sync_never_carries_a_school_and_a_new_copy_starts_with_its_sources() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("config");
    let server = dir.path().join("server.db");
    roster(dir.path(), &server, &home, "1", "West");
    ok(plp_in(&server, &home, &["config", "school", "West High"]));
    // A laptop made from the server's copy belongs to the same school.
    let laptop = dir.path().join("laptop.db");
    ok(plp_in(
        &server,
        &home,
        &["sync", laptop.to_str().unwrap(), "--create"],
    ));
    assert_eq!(
        school_line(&laptop, &home),
        format!("school: West High (this file: {})", laptop.display())
    );
    // One set for the laptop stays the laptop's, and the server's stays the server's.
    ok(plp_in(
        &laptop,
        &home,
        &["config", "school", "Night School"],
    ));
    roster(dir.path(), &laptop, &home, "2", "Evening");
    ok(plp_in(&laptop, &home, &["sync", server.to_str().unwrap()]));
    assert_eq!(
        school_line(&server, &home),
        format!("school: West High (this file: {})", server.display())
    );
    assert_eq!(
        school_line(&laptop, &home),
        format!("school: Night School (this file: {})", laptop.display())
    );
    // An empty file with a school of its own keeps it when its first sync makes it a copy.
    let fresh = dir.path().join("fresh.db");
    ok(plp_in(&fresh, &home, &["config", "school", "East High"]));
    ok(plp_in(&fresh, &home, &["sync", server.to_str().unwrap()]));
    assert_eq!(
        ok(plp_in(&fresh, &home, &["students"]))
            .matches("West")
            .count(),
        1,
        "the copy arrived"
    );
    assert_eq!(
        school_line(&fresh, &home),
        format!("school: East High (this file: {})", fresh.display())
    );
}

/// A file that does not exist is made when its school is set (a new school's first step), and
/// the line says it is new, so that a mistyped path is seen at once.
#[test]
fn a_school_set_on_a_file_not_there_says_the_file_is_new() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let typo = dir.path().join("yaer.db");
    let out = ok(plp_in(&typo, &home, &["config", "school", "North High"]));
    assert!(
        out.contains("saved in a new database, made now: ") && out.contains("yaer.db"),
        "{out}"
    );
    let out = ok(plp_in(&typo, &home, &["config", "school", "North High"]));
    assert!(out.contains("saved in the database "), "{out}");
    assert!(!out.contains("new database"), "{out}");
}

/// A page pasted as the advisor's contact (printed on every family printout), or as the school or
/// the advisor's name, is refused in one sentence, and the settings stay as they were.
#[test]
fn a_setting_longer_than_a_line_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("config");
    let db = dir.path().join("plp.db");
    ok(plp_in(
        &db,
        &home,
        &["config", "contact", "room 114, ext. 2231"],
    ));
    let before = snapshot_dir(&home);
    let page = "x".repeat(500);
    for name in ["contact", "advisor"] {
        let c = plp_in(&db, &home, &["config", name, &page]);
        fails_with(
            c,
            1,
            &format!("the {name} is too long (500 characters; at most 200 fit)"),
        );
    }
    assert!(snapshot_dir(&home) == before, "nothing changed");
    assert!(ok(plp_in(&db, &home, &["config"])).contains("room 114, ext. 2231"));
}
