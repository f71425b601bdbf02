//! `plp import roster` refusing files it must not import: a workbook, a roster listing no
//! students, a remembered map that clashes with the file's own column, and a roster that would
//! mark most of the caseload inactive. Each says one sentence and changes nothing.

mod common;
use common::*;
use std::path::Path;

fn import(db: &Path, home: &Path, file: &Path, extra: &[&str]) -> assert_cmd::Command {
    let mut c = plp(db);
    c.env("XDG_CONFIG_HOME", home)
        .args(["import", "roster"])
        .arg(file)
        .args(extra);
    c
}

fn setup() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    let home = dir.path().join("home");
    (dir, db, home)
}

/// A database holding `n` active students, 1 to n.
fn caseload(dir: &Path, db: &Path, home: &Path, n: usize) {
    let mut text = String::from("Student ID,Last Name,First Name,Grade\n");
    for i in 1..=n {
        text.push_str(&format!("{i},Family{i},Given{i},9\n"));
    }
    let f = dir.join("all.csv");
    std::fs::write(&f, text).unwrap();
    let (code, _, err) = run(import(db, home, &f, &[]));
    assert_eq!(code, 0, "{err}");
}

#[test]
fn an_excel_workbook_is_named_as_one() {
    let (dir, db, home) = setup();
    caseload(dir.path(), &db, &home, 2);
    let before = dump(&db);
    for (name, start) in [
        ("roster.xlsx", &b"PK\x03\x04\x14\x00\x06\x00"[..]),
        (
            "roster.xls",
            &b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00"[..],
        ),
    ] {
        let f = dir.path().join(name);
        let mut bytes = start.to_vec();
        bytes.extend(b"[Content_Types].xml xl/workbook.xml student_id\n\x00\xff");
        std::fs::write(&f, bytes).unwrap();
        fails_with(
            import(&db, &home, &f, &[]),
            1,
            "is an Excel workbook; save it as CSV UTF-8 (File › Save As) and import that",
        );
    }
    assert_eq!(dump(&db), before);
}

/// A OneRoster export as the SIS gives it, a zip of CSV files, is named as that (not as an
/// Excel workbook, which is a zip too), with what to do; so is any other zip.
#[test]
fn a_zip_archive_is_named_as_one() {
    let (dir, db, home) = setup();
    caseload(dir.path(), &db, &home, 2);
    let before = dump(&db);
    let zip = |names: &[&str]| {
        let mut bytes = b"PK\x03\x04\x14\x00\x00\x00\x08\x00".to_vec();
        for n in names {
            bytes.extend(n.as_bytes());
            bytes.extend(b"\x00\x9c\xff\x01PK\x01\x02");
        }
        bytes
    };
    for (name, names, said) in [
        (
            "oneroster.zip",
            &["manifest.csv", "orgs.csv", "users.csv", "roles.csv"][..],
            "is a zip archive of a OneRoster export, not one roster; unzip it and import the \
             users.csv in it (its roles.csv beside it); nothing was imported",
        ),
        (
            "photos.zip",
            &["a.jpg"][..],
            "is a zip archive, not a roster; unzip it and import the roster's CSV file",
        ),
    ] {
        let f = dir.path().join(name);
        std::fs::write(&f, zip(names)).unwrap();
        fails_with(import(&db, &home, &f, &[]), 1, said);
    }
    assert_eq!(dump(&db), before);
}

#[test]
fn a_roster_listing_no_students_is_refused() {
    let (dir, db, home) = setup();
    caseload(dir.path(), &db, &home, 3);
    let before = dump(&db);
    let onerow = "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,\
                  userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\n\
                  t-1,active,,true,org-1,teacher,rivera,,Ana,Rivera,,,,,,,,\n";
    for (name, text) in [
        ("header.csv", "Student ID,Last Name,First Name,Grade\n"),
        (
            "blank.csv",
            "Student ID,Last Name,First Name,Grade\r\n\r\n,,,\r\n",
        ),
        ("users.csv", onerow),
    ] {
        let f = dir.path().join(name);
        std::fs::write(&f, text).unwrap();
        for extra in [&[][..], &["--mark-missing-inactive"][..]] {
            fails_with(
                import(&db, &home, &f, extra),
                1,
                &format!("{name} lists no students; nothing was imported"),
            );
        }
    }
    assert_eq!(dump(&db), before);
}

#[test]
fn marking_most_of_the_caseload_inactive_needs_yes() {
    let (dir, db, home) = setup();
    caseload(dir.path(), &db, &home, 10);
    let before = dump(&db);
    // One grade's roster: 6 of the 10 active students are not in it.
    let part = dir.path().join("part.csv");
    let mut text = String::from("Student ID,Last Name,First Name,Grade\n");
    for i in 1..=4 {
        text.push_str(&format!("{i},Family{i},Given{i},10\n"));
    }
    std::fs::write(&part, &text).unwrap();
    fails_with(
        import(&db, &home, &part, &["--mark-missing-inactive"]),
        1,
        "part.csv would mark 6 of the 10 active students inactive; nothing was imported \
         (if it is the whole roster, add --yes to go on)",
    );
    assert_eq!(dump(&db), before);
    // A dry run says so, and shows the rest.
    let (code, out, _) = run(import(
        &db,
        &home,
        &part,
        &["--mark-missing-inactive", "--dry-run"],
    ));
    assert_eq!(code, 0);
    assert!(out.contains("this would be refused"), "{out}");
    assert!(out.contains("would mark 6 inactive"), "{out}");
    assert_eq!(dump(&db), before);
    // Without --mark-missing-inactive nothing is marked, so nothing is asked.
    let (code, _, err) = run(import(&db, &home, &part, &[]));
    assert_eq!(code, 0, "{err}");
    // --yes goes on.
    let (code, out, err) = run(import(
        &db,
        &home,
        &part,
        &["--mark-missing-inactive", "--yes"],
    ));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("marked 6 inactive"), "{out}");
}

#[test]
fn marking_a_few_or_a_minority_inactive_is_not_asked() {
    let (dir, db, home) = setup();
    caseload(dir.path(), &db, &home, 10);
    // 4 of 10 missing: fewer than half.
    let mut text = String::from("Student ID,Last Name,First Name,Grade\n");
    for i in 1..=6 {
        text.push_str(&format!("{i},Family{i},Given{i},9\n"));
    }
    let f = dir.path().join("most.csv");
    std::fs::write(&f, &text).unwrap();
    let (code, out, err) = run(import(&db, &home, &f, &["--mark-missing-inactive"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("marked 4 inactive"), "{out}");
    // 5 of 6 missing: most, but only a handful.
    let f = dir.path().join("one.csv");
    std::fs::write(
        &f,
        "Student ID,Last Name,First Name,Grade\n1,Family1,Given1,9\n",
    )
    .unwrap();
    let (code, out, err) = run(import(&db, &home, &f, &["--mark-missing-inactive"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("marked 5 inactive"), "{out}");
}

/// A remembered `--map` never silently outranks a column the file has for the same field.
#[test]
fn a_remembered_map_that_clashes_with_the_files_own_column_is_refused() {
    let (dir, db, home) = setup();
    let m1 = dir.path().join("m1.csv");
    std::fs::write(
        &m1,
        "Student ID,Last Name,First Name,Grade,Homeroom\n1,A,B,9,Mr X\n",
    )
    .unwrap();
    let (code, _, err) = run(import(&db, &home, &m1, &["--map", "Homeroom=advisor"]));
    assert_eq!(code, 0, "{err}");
    let m2 = dir.path().join("m2.csv");
    std::fs::write(
        &m2,
        "Student ID,Last Name,First Name,Grade,Advisor,Homeroom\n1,A,B,9,Ms Advisor,Room 12\n",
    )
    .unwrap();
    let before = dump(&db);
    fails_with(
        import(&db, &home, &m2, &[]),
        1,
        "m2.csv has its own Advisor column, and the remembered map reads Homeroom as the \
         advisor; nothing was imported (--map \"Homeroom=advisor\" keeps the map, \
         --map \"Homeroom=ignore\" reads Advisor)",
    );
    assert_eq!(dump(&db), before);
    // Chosen on the command line: the map given wins, as asked.
    let (code, _, err) = run(import(&db, &home, &m2, &["--map", "Homeroom=advisor"]));
    assert_eq!(code, 0, "{err}");
    let store = plp::store::Store::open_existing(&db).unwrap();
    let id = store.find_student("1").unwrap();
    assert_eq!(
        store.student(&id).unwrap().student.advisor.as_deref(),
        Some("Room 12")
    );
    drop(store);
    // Or the file's own column.
    let (code, _, err) = run(import(&db, &home, &m2, &["--map", "Homeroom=ignore"]));
    assert_eq!(code, 0, "{err}");
    let store = plp::store::Store::open_existing(&db).unwrap();
    let id = store.find_student("1").unwrap();
    assert_eq!(
        store.student(&id).unwrap().student.advisor.as_deref(),
        Some("Ms Advisor")
    );
}

/// A file that is not text at all (a program renamed `.csv`) is told so in one sentence, not
/// read for a header row it cannot have; nothing is imported.
#[test]
fn a_file_that_is_not_text_is_named_as_not_text() {
    let (dir, db, home) = setup();
    caseload(dir.path(), &db, &home, 2);
    let before = dump(&db);
    let f = dir.path().join("roster.csv");
    let mut bytes = b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00".to_vec();
    bytes.extend(b"\x03\x00\x3e\x00\x01\x00\x00\x00, student_id\n\xff\xfe");
    std::fs::write(&f, bytes).unwrap();
    fails_with(
        import(&db, &home, &f, &[]),
        1,
        "roster.csv is not a text (CSV) file; export the roster from the SIS as CSV and import \
         that",
    );
    assert_eq!(dump(&db), before);
}

/// A teacher's reading copy of the hub takes no roster: refused in one sentence, before
/// anything is said about the file's columns, and nothing changes.
#[test]
fn a_reading_copy_refuses_a_roster_before_saying_anything_of_it() {
    let (dir, db, home) = setup();
    caseload(dir.path(), &db, &home, 3);
    plp::store::Store::open(&db)
        .unwrap()
        .set_reading_copy(Some("tj"))
        .unwrap();
    let f = dir.path().join("more.csv");
    std::fs::write(
        &f,
        "Student ID,Last Name,First Name,Grade,LastFirst\n4,Family4,Given4,9,x\n",
    )
    .unwrap();
    let before = snapshot_dir(dir.path());
    let (code, out, err) = run(import(&db, &home, &f, &[]));
    assert_eq!(code, 1, "{out}{err}");
    assert_eq!(out, "", "nothing said of the roster first");
    assert_eq!(
        err.trim_end(),
        "plp: login tj only reads the hub: nothing can be written here, so nothing was changed"
    );
    assert_eq!(snapshot_dir(dir.path()), before);
}

/// A `--map` naming a column the file does not have (a typo) is refused in one sentence naming
/// the file's columns: nothing is imported and nothing remembered. Two maps reading one column
/// as two fields conflict, and are refused too.
#[test]
fn a_map_naming_no_column_of_the_file_is_refused() {
    let (dir, db, home) = setup();
    caseload(dir.path(), &db, &home, 2);
    let before = dump(&db);
    let hr = dir.path().join("hr.csv");
    std::fs::write(&hr, "id,first,last,grade,Homeroom\n8,A,X,9,Mr. Y\n").unwrap();
    for extra in [
        &["--map", "Homroom=advisor"][..],
        &["--dry-run", "--map", "Homroom=advisor"],
    ] {
        fails_with(
            import(&db, &home, &hr, extra),
            1,
            &format!(
                "--map: {} has no column \"Homroom\" (its columns: id, first, last, grade, \
                 Homeroom); nothing was imported",
                hr.display()
            ),
        );
    }
    fails_with(
        import(
            &db,
            &home,
            &hr,
            &["--map", "Homeroom=advisor", "--map", "homeroom=grade"],
        ),
        1,
        "--map \"Homeroom=advisor\" and --map \"homeroom=grade\" conflict: a column is read as \
         one field; nothing was imported",
    );
    assert_eq!(dump(&db), before);
    let mut c = plp(&db);
    c.env("XDG_CONFIG_HOME", &home).arg("config");
    let (_, out, _) = run(c);
    assert!(
        !out.contains("Homroom") && !out.contains("Homeroom"),
        "{out}"
    );
    // Given twice alike, a map is no conflict.
    let (code, _, err) = run(import(
        &db,
        &home,
        &hr,
        &["--map", "Homeroom=advisor", "--map", "Homeroom=advisor"],
    ));
    assert_eq!(code, 0, "{err}");
}

/// A remembered map was right for the file it was made for: a later file without its column
/// is imported, the map is said to be unused (so that a column the SIS renamed is seen) and
/// kept for the next file that has the column.
#[test]
fn a_remembered_map_for_a_column_a_file_lacks_is_kept_and_said() {
    let (dir, db, home) = setup();
    let hr = dir.path().join("hr.csv");
    std::fs::write(&hr, "id,first,last,grade,Homeroom\n8,A,X,9,Mr. Y\n").unwrap();
    let (code, _, err) = run(import(&db, &home, &hr, &["--map", "Homeroom=advisor"]));
    assert_eq!(code, 0, "{err}");
    let plain = dir.path().join("plain.csv");
    std::fs::write(&plain, "id,first,last,grade\n8,A,X,10\n").unwrap();
    let (code, out, err) = run(import(&db, &home, &plain, &[]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("updated 1 (grade 1)"), "{out}");
    assert_eq!(
        err.trim_end(),
        format!(
            "the remembered map Homeroom=advisor is not used: {} has no Homeroom column (it is \
             kept for the files that have one)",
            plain.display()
        )
    );
    let mut c = plp(&db);
    c.env("XDG_CONFIG_HOME", &home).arg("config");
    let (_, out, _) = run(c);
    assert!(out.contains("Homeroom=advisor"), "{out}");
}

/// A roster refused for its bad lines names its unknown columns too, as an import that is done
/// names them: they are not first seen on the next run.
#[test]
fn a_roster_refused_for_bad_lines_names_its_ignored_columns() {
    let (dir, db, home) = setup();
    caseload(dir.path(), &db, &home, 2);
    let before = dump(&db);
    let f = dir.path().join("ps.csv");
    std::fs::write(
        &f,
        "Student_Number,Last_Name,First_Name,Grade_Level,Home_Room,DCID\n\
         1,Ruiz,Ana,9,101,88\n2,Ito,Ken,eleventh,102,89\n",
    )
    .unwrap();
    let (code, out, err) = run(import(&db, &home, &f, &[]));
    assert_eq!(code, 1, "{out}");
    assert!(
        err.contains("line 3: grade \"eleventh\" is not a grade"),
        "{err}"
    );
    assert!(err.contains("ps.csv: ignored column: Home_Room\n"), "{err}");
    assert!(err.contains("ps.csv: ignored column: DCID\n"), "{err}");
    assert!(
        err.trim_end().ends_with("1 bad line; nothing was imported"),
        "{err}"
    );
    assert_eq!(dump(&db), before);
}
