//! `plp import roster` over students already held: what a newer roster changes, what it leaves
//! (a blank cell is "not recorded"), and how it says what changed.

mod common;
use common::*;
use std::path::Path;

fn import(db: &Path, file: &Path) -> (i32, String, String) {
    let home = file.parent().unwrap().join("home");
    let mut c = plp(db);
    c.env("XDG_CONFIG_HOME", home)
        .args(["import", "roster"])
        .arg(file);
    run(c)
}

fn student(db: &Path, sis: &str) -> plp::domain::Student {
    let store = plp::store::Store::open_existing(db).unwrap();
    let id = store.find_student(sis).unwrap();
    store.student(&id).unwrap().student
}

const HEADER: &str = "Student ID,Last Name,First Name,Grade,Preferred_Name,Pronouns,Advisor,Email";

#[test]
fn blank_cells_keep_what_is_stored_and_the_import_says_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    let fall = dir.path().join("fall.csv");
    std::fs::write(
        &fall,
        format!(
            "{HEADER}\n1,Okafor,Amara,9,Mara,she/her,Rivera,amara@school.org\n\
             2,Lee,Ann,9,,,Rivera,\n3,Ng,Bo,9,,,Chen,\n"
        ),
    )
    .unwrap();
    let (code, _, err) = import(&db, &fall);
    assert_eq!(code, 0, "{err}");
    // What an advisor typed into plp for a student the SIS has nothing on.
    plp(&db)
        .args(["set", "2", "pronouns", "they/them"])
        .assert()
        .success();

    // The spring export: the optional cells are blank, two grades and one advisor change.
    let spring = dir.path().join("spring.csv");
    std::fs::write(
        &spring,
        format!("{HEADER}\n1,Okafor,Amara,10,,,,\n2,Lee,Ann,10,,,Rivera,\n3,Ng,Bo,9,,,Rivera,\n"),
    )
    .unwrap();
    let (code, out, err) = import(&db, &spring);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("added 0, updated 3 (grade 2, advisor 1), unchanged 0"),
        "{out}"
    );
    let amara = student(&db, "1");
    assert_eq!(amara.grade, Some(10));
    assert_eq!(amara.preferred_name.as_deref(), Some("Mara"));
    assert_eq!(amara.pronouns.as_deref(), Some("she/her"));
    assert_eq!(amara.advisor.as_deref(), Some("Rivera"));
    assert_eq!(amara.email.as_deref(), Some("amara@school.org"));
    assert_eq!(student(&db, "2").pronouns.as_deref(), Some("they/them"));
    assert_eq!(student(&db, "3").advisor.as_deref(), Some("Rivera"));

    // A value in the cell still replaces what is stored.
    let summer = dir.path().join("summer.csv");
    std::fs::write(
        &summer,
        format!("{HEADER}\n1,Okafor,Amara,10,Ama,,,\n2,Lee,Ann,10,,he/him,Rivera,\n3,Ng,Bo,9,,,Rivera,\n"),
    )
    .unwrap();
    let (code, out, err) = import(&db, &summer);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("updated 2 (preferred name 1, pronouns 1), unchanged 1"),
        "{out}"
    );
    assert_eq!(student(&db, "1").preferred_name.as_deref(), Some("Ama"));
    assert_eq!(student(&db, "2").pronouns.as_deref(), Some("he/him"));
    check_agrees(&db);
}

/// A roster run with a given day and its options; (exit code, stdout, stderr).
fn import_on(db: &Path, file: &Path, today: &str, more: &[&str]) -> (i32, String, String) {
    let home = file.parent().unwrap().join("home");
    let mut c = plp(db);
    c.env("XDG_CONFIG_HOME", home)
        .env("PLP_TODAY", today)
        .args(["import", "roster"])
        .arg(file)
        .args(more);
    run(c)
}

/// A roster saved again through a spreadsheet has lost its ids' leading zeros: `000125` is
/// `125`. Each such id is the stored student, whose id is kept, and the import says so once,
/// in a dry run too; nobody is added twice or named as missing.
#[test]
fn ids_that_lost_their_leading_zeros_are_the_students_stored() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    let aug = dir.path().join("roster-aug.csv");
    std::fs::write(
        &aug,
        "\"Student ID\",\"Name\",\"Grade\"\n\"000123\",\"Abbott, Ada\",9\n\
         \"000124\",\"Cruz, Cal\",9\n\"000125\",\"Nguyễn, Linh\",10\n\"A-7\",\"Ng, Bo\",9\n",
    )
    .unwrap();
    let (code, _, err) = import_on(&db, &aug, "2026-08-20", &[]);
    assert_eq!(code, 0, "{err}");

    let sep = dir.path().join("roster-sep.csv");
    std::fs::write(
        &sep,
        "\"Student ID\",\"Name\",\"Grade\"\n\"123\",\"Abbott, Ada\",9\n\
         \"000124\",\"Cruz, Cal\",9\n\"125\",\"Nguyễn, Linh\",11\n\"A-7\",\"Ng, Bo\",9\n",
    )
    .unwrap();
    let said = "2 ids matched without their leading zeros (as a spreadsheet saves them): \
                123 is 000123, 125 is 000125";
    let before = dump(&db);
    let (code, out, err) = import_on(&db, &sep, "2026-09-20", &["--dry-run"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.matches(said).count(), 1, "{out}");
    assert!(!out.lines().any(|l| l.starts_with("would add")), "{out}");
    assert!(!out.contains("not in this roster"), "{out}");
    assert!(
        out.contains("would update Linh Nguyễn (000125): grade"),
        "{out}"
    );
    assert!(
        out.contains("dry run: would add 0, update 1 (grade 1), leave 3 unchanged"),
        "{out}"
    );
    assert_eq!(dump(&db), before);

    let (code, out, err) = import_on(&db, &sep, "2026-09-20", &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.matches(said).count(), 1, "{out}");
    assert!(!out.contains("not in this roster"), "{out}");
    assert!(
        out.contains("added 0, updated 1 (grade 1), unchanged 3"),
        "{out}"
    );
    let store = plp::store::Store::open_existing(&db).unwrap();
    assert_eq!(store.student_count().unwrap(), 4);
    let mut ids = store.sis_ids().unwrap();
    ids.sort();
    assert_eq!(ids, vec!["000123", "000124", "000125", "A-7"]);
    assert_eq!(student(&db, "000125").grade, Some(11));

    // One id alone says so in the singular; the same roster again matches it again.
    std::fs::write(
        &sep,
        "\"Student ID\",\"Name\",\"Grade\"\n\"000123\",\"Abbott, Ada\",9\n\
         \"000124\",\"Cruz, Cal\",9\n\"125\",\"Nguyễn, Linh\",11\n\"A-7\",\"Ng, Bo\",9\n",
    )
    .unwrap();
    let (code, out, err) = import_on(&db, &sep, "2026-09-21", &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(
            "1 id matched without its leading zeros (as a spreadsheet saves it): 125 is 000125"
        ),
        "{out}"
    );
    assert!(out.contains("added 0, updated 0, unchanged 4"), "{out}");
    check_agrees(&db);

    // The other way round: the stored id is the one without its zeros.
    let oct = dir.path().join("roster-oct.csv");
    std::fs::write(
        &oct,
        "\"Student ID\",\"Name\",\"Grade\"\n\"777\",\"Oh, Ida\",9\n",
    )
    .unwrap();
    let (code, _, err) = import_on(&db, &oct, "2026-10-20", &[]);
    assert_eq!(code, 0, "{err}");
    std::fs::write(
        &oct,
        "\"Student ID\",\"Name\",\"Grade\"\n\"000777\",\"Oh, Ida\",9\n",
    )
    .unwrap();
    let (code, out, err) = import_on(&db, &oct, "2026-10-21", &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(
            "1 id matched a stored id that lacks its leading zeros (a spreadsheet dropped them \
             when it was first imported): 000777 is 777"
        ),
        "{out}"
    );
}

/// Two stored students whose ids differ only in leading zeros (as another school's plp, or an
/// older one, may have stored them): an id that could be either is not guessed at; the line is
/// refused naming both, and nothing is imported. Each listed under its own id, as written, is
/// that student.
#[test]
fn an_id_that_could_be_two_stored_students_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    let mut store = plp::store::Store::open(&db).unwrap();
    for (sis_id, given_name) in [("0126", "Ann"), ("000126", "Bo")] {
        let s = plp::domain::Student {
            sis_id: sis_id.into(),
            given_name: given_name.into(),
            family_name: "Lee".into(),
            grade: Some(9),
            ..Default::default()
        };
        store
            .write(|w| w.upsert_student(&s, &[]).map(|_| ()))
            .unwrap();
    }
    drop(store);
    let both = dir.path().join("both.csv");
    std::fs::write(
        &both,
        "Student ID,Last Name,First Name,Grade\n0126,Lee,Ann,9\n000126,Lee,Bo,10\n",
    )
    .unwrap();
    let (code, out, err) = import_on(&db, &both, "2026-08-20", &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("added 0, updated 1 (grade 1), unchanged 1"),
        "{out}"
    );
    let next = dir.path().join("next.csv");
    std::fs::write(
        &next,
        "Student ID,Last Name,First Name,Grade\n126,Lee,Ann,10\n000126,Lee,Bo,10\n",
    )
    .unwrap();
    let before = dump(&db);
    for more in [&[][..], &["--dry-run"][..]] {
        let (code, out, err) = import_on(&db, &next, "2026-09-20", more);
        assert_eq!(code, 1, "{out}{err}");
        assert_eq!(
            err,
            format!(
                "{f}: line 2: student id 126 could be 000126 or 0126, stored students whose \
                 ids differ only in leading zeros, so which one is not guessed (write the id in \
                 full)\n{f}: line 3: student id 000126 is 126 on line 2 once leading zeros are \
                 ignored, with another given name (one line per student)\nplp: {f} has 2 bad \
                 lines; nothing was imported\n",
                f = next.display()
            )
        );
    }
    assert_eq!(dump(&db), before);
}

/// An IEP or 504 column with no mark on any line was not filled in by the export: it changes
/// no flag, and the import says so. In a column with its marks, a blank is no.
#[test]
fn a_yes_no_column_blank_on_every_line_changes_no_flag() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    let fall = dir.path().join("fall.csv");
    std::fs::write(
        &fall,
        "id,first,last,grade,iep,504\n1004,Zhang,Wei,9,Y,Y\n1005,Ng,Bo,9,,\n",
    )
    .unwrap();
    let (code, _, err) = import(&db, &fall);
    assert_eq!(code, 0, "{err}");
    assert!(student(&db, "1004").iep && student(&db, "1004").plan_504);

    // An export by a login not allowed to read the flags: both columns there, and empty.
    let spring = dir.path().join("spring.csv");
    std::fs::write(
        &spring,
        "id,first,last,grade,iep,504\n1004,Zhang,Wei,10,,\n1005,Ng,Bo,10,,\n",
    )
    .unwrap();
    let (code, out, err) = import(&db, &spring);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("the IEP column is blank on every line, so no student's IEP flag was changed"),
        "{out}"
    );
    assert!(
        out.contains("the 504 column is blank on every line, so no student's 504 flag was changed"),
        "{out}"
    );
    assert!(out.contains("updated 2 (grade 2), unchanged 0"), "{out}");
    assert!(student(&db, "1004").iep && student(&db, "1004").plan_504);

    // With a mark on another line, the blank is no.
    let summer = dir.path().join("summer.csv");
    std::fs::write(
        &summer,
        "id,first,last,grade,iep,504\n1004,Zhang,Wei,10,,Y\n1005,Ng,Bo,10,Y,\n",
    )
    .unwrap();
    let (code, out, err) = import(&db, &summer);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("updated 2 (IEP 2), unchanged 0"), "{out}");
    assert!(!student(&db, "1004").iep && student(&db, "1004").plan_504);
    assert!(student(&db, "1005").iep && !student(&db, "1005").plan_504);
}

/// Students missing from a partial roster: an import names the first ten and counts the rest,
/// and a dry run, where they are read, names each.
#[test]
fn an_import_names_the_first_few_students_missing_and_a_dry_run_each() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    let all = dir.path().join("all.csv");
    let mut text = String::from("id,first,last,grade\n");
    for i in 1..=13 {
        text.push_str(&format!("{i},Kid{i},Family{i},9\n"));
    }
    std::fs::write(&all, text).unwrap();
    let (code, _, err) = import(&db, &all);
    assert_eq!(code, 0, "{err}");
    let one = dir.path().join("one.csv");
    std::fs::write(&one, "id,first,last,grade\n1,Kid1,Family1,9\n").unwrap();
    let mut c = plp(&db);
    c.env("XDG_CONFIG_HOME", dir.path().join("home"))
        .args(["import", "roster", "--dry-run"])
        .arg(&one);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Kid13 Family13 (13)"), "{out}");
    let (code, out, err) = import(&db, &one);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("12 students are not in this roster: Kid10 Family10 (10), "),
        "{out}"
    );
    assert!(out.contains(" and 2 more (--dry-run names each)"), "{out}");
}

/// A roster opened and saved in a spreadsheet as Skyward writes it: the ids kept as text with
/// `="00123"` (or a leading apostrophe) are the SIS's ids, so `plp show 00123` finds the
/// student and a later clean roster updates her, adding nobody.
#[test]
fn ids_a_spreadsheet_kept_as_text_are_the_sis_ids() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    let sky = dir.path().join("sky.csv");
    std::fs::write(
        &sky,
        "Other ID;Student Name;Grd;Grad Yr;Advisor Name\r\n\
         =\"00123\";\"Perez, Maria\";K;2039;\"Rivera, Ana\"\r\n\
         '00124;\"Lee, Ann\";=\"9\";2030;\"Rivera, Ana\"\r\n",
    )
    .unwrap();
    let (code, out, err) = import(&db, &sky);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("added 2, updated 0"), "{out}");
    let mut c = plp(&db);
    c.args(["show", "00123"]);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Maria Perez"), "{out}");
    assert_eq!(student(&db, "00124").grade, Some(9));

    let clean = dir.path().join("clean.csv");
    std::fs::write(
        &clean,
        "Other ID,Student Name,Grd,Grad Yr,Advisor Name\n\
         00123,\"Perez, Maria\",K,2039,\"Rivera, Ana\"\n00124,\"Lee, Ann\",9,2030,\"Rivera, Ana\"\n",
    )
    .unwrap();
    let (code, out, err) = import(&db, &clean);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("added 0, updated 0, unchanged 2"), "{out}");
    let store = plp::store::Store::open_existing(&db).unwrap();
    let mut ids = store.sis_ids().unwrap();
    ids.sort();
    assert_eq!(ids, ["00123", "00124"]);
}

/// An id a spreadsheet turned into a number (and so lost its digits or gained a decimal
/// point) or into a formula is a bad line saying so; nothing is imported.
#[test]
fn ids_a_spreadsheet_turned_into_numbers_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    let first = dir.path().join("first.csv");
    std::fs::write(
        &first,
        "Student ID,Last Name,First Name,Grade\n7,Lee,Ann,9\n",
    )
    .unwrap();
    let (code, _, err) = import(&db, &first);
    assert_eq!(code, 0, "{err}");
    let before = dump(&db);
    let sheet = dir.path().join("sheet.csv");
    std::fs::write(
        &sheet,
        "Student ID,Last Name,First Name,Grade\n1.23457E+11,Perez,Maria,9\n\
         214387.0,Ng,Bo,9\n=1234,Oh,Ida,9\n8,Kim,Jo,9\n",
    )
    .unwrap();
    let (code, out, err) = import(&db, &sheet);
    assert_eq!(code, 1, "{out}{err}");
    let f = sheet.display();
    assert_eq!(
        err,
        format!(
            "{f}: line 2: the student id 1.23457E+11 was turned into a number by a spreadsheet \
             and lost its digits; export the roster again from the SIS, or format the column as \
             text\n\
             {f}: line 3: the student id 214387.0 was turned into a number by a spreadsheet, \
             which added a decimal point and drops leading zeros; export the roster again from \
             the SIS, or format the column as text\n\
             {f}: line 4: the student id =1234 is a spreadsheet formula, not the id itself; \
             export the roster again from the SIS, or format the column as text\n\
             plp: {f} has 3 bad lines; nothing was imported\n"
        )
    );
    assert_eq!(dump(&db), before);
}

/// One roster listing a student under `4` and `04` (as a spreadsheet leaves an id) lists one
/// student: taken once when the lines say the same, and said; a bad line when they do not.
#[test]
fn one_roster_listing_an_id_with_and_without_its_zeros_lists_one_student() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    let both = dir.path().join("both.csv");
    std::fs::write(
        &both,
        "Student ID,Last Name,First Name,Grade,Advisor\n4,Lee,Ann,9,\n7,Ng,Bo,9,Chen\n\
         04,Lee,Ann,9,Rivera\n",
    )
    .unwrap();
    let (code, out, err) = import(&db, &both);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(
            "taken as one student, ids equal once leading zeros are ignored (as a spreadsheet \
             drops them): 04 on line 4 is 4 on line 2"
        ),
        "{out}"
    );
    assert!(out.contains("added 2, updated 0"), "{out}");
    assert_eq!(student(&db, "4").advisor.as_deref(), Some("Rivera"));

    let before = dump(&db);
    let clash = dir.path().join("clash.csv");
    std::fs::write(
        &clash,
        "Student ID,Last Name,First Name,Grade,Advisor\n4,Lee,Ann,10,Rivera\n04,Lee,Ann,9,Rivera\n",
    )
    .unwrap();
    let (code, out, err) = import(&db, &clash);
    assert_eq!(code, 1, "{out}{err}");
    assert_eq!(
        err,
        format!(
            "{f}: line 3: student id 04 is 4 on line 2 once leading zeros are ignored, with \
             another grade (one line per student)\nplp: {f} has 1 bad line; nothing was \
             imported\n",
            f = clash.display()
        )
    );
    assert_eq!(dump(&db), before);
}
