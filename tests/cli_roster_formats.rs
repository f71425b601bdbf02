//! Roster exports as SIS programs write them: PowerSchool, Infinite Campus, Skyward, Aeries and
//! OneRoster, with byte order marks, CRLF, quoted names with commas and columns plp ignores.

mod common;
use common::*;
use serde_json::Value;
use std::path::Path;

fn import(db: &Path, home: &Path, file: &Path, extra: &[&str]) -> (i32, String, String) {
    let mut c = plp(db);
    c.env("XDG_CONFIG_HOME", home)
        .args(["import", "roster"])
        .arg(file)
        .args(extra);
    run(c)
}

fn students(db: &Path) -> Vec<Value> {
    let mut c = plp(db);
    c.args(["students", "--all", "--format", "json"]);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

fn by_sis<'a>(rows: &'a [Value], sis: &str) -> &'a Value {
    rows.iter()
        .find(|r| r["sis_id"] == sis)
        .unwrap_or_else(|| panic!("no {sis} in {rows:?}"))
}

/// A file as Windows tools write it: a UTF-8 byte order mark and CRLF line ends.
fn write_export(dir: &Path, name: &str, lines: &[&str]) -> std::path::PathBuf {
    let p = dir.join(name);
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(lines.join("\r\n").as_bytes());
    bytes.extend(b"\r\n");
    std::fs::write(&p, bytes).unwrap();
    p
}

fn setup() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    let home = dir.path().join("home");
    (dir, db, home)
}

#[test]
fn powerschool_export() {
    let (dir, db, home) = setup();
    let f = write_export(
        dir.path(),
        "powerschool.csv",
        &[
            "Student_Number,Last_Name,First_Name,Middle_Name,Grade_Level,Advisor_Name,Sched_YearOfGraduation,SPED_IEP,Section_504,Home_Room,DCID",
            "300101,\"Rivera, Jr.\",Tomás,A,09,\"Rivera, Ana\",2030,Y,N,B12,88812",
            "300102,Nguyen,Linh,,10,Ms. Chen,2029,,Yes,B14,88813",
            "300103,O'Brien,Sean,,K,Ms. Chen,,TRUE,0,B14,88814",
        ],
    );
    let (code, out, err) = import(&db, &home, &f, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("added 3"), "{out}");
    assert!(out.contains("ignored column: Middle_Name"), "{out}");
    assert!(out.contains("ignored column: DCID"), "{out}");
    let rows = students(&db);
    let t = by_sis(&rows, "300101");
    assert_eq!(t["family_name"], "Rivera, Jr.");
    assert_eq!(t["given_name"], "Tomás");
    assert_eq!(t["grade"], 9);
    assert_eq!(t["advisor"], "Rivera, Ana");
    assert_eq!(t["iep"], true);
    assert_eq!(t["plan_504"], false);
    let l = by_sis(&rows, "300102");
    assert_eq!(
        (l["iep"].clone(), l["plan_504"].clone()),
        (false.into(), true.into())
    );
    assert_eq!(by_sis(&rows, "300103")["grade"], 0);
}

#[test]
fn infinite_campus_export() {
    let (dir, db, home) = setup();
    let f = write_export(
        dir.path(),
        "ic.csv",
        &[
            "studentNumber,stateID,lastName,firstName,grade,gradYear,advisor,email,iep,section504",
            "410001,CA99881,Okafor,Amara,09,2030,Mr. Baptiste,aokafor@example.org,N,Y",
            "410002,CA99882,\"Lee, Min-ji\",\"Min-ji\",PK,,Mr. Baptiste,,N,N",
        ],
    );
    let (code, out, err) = import(&db, &home, &f, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("ignored column: stateID"), "{out}");
    let rows = students(&db);
    assert_eq!(by_sis(&rows, "410001")["plan_504"], true);
    assert_eq!(by_sis(&rows, "410002")["grade"], -1);
    assert_eq!(by_sis(&rows, "410002")["family_name"], "Lee, Min-ji");
}

#[test]
fn skyward_export() {
    let (dir, db, home) = setup();
    let f = write_export(
        dir.path(),
        "skyward.csv",
        &[
            "Other ID,Last Name,First Name,Grd,Grad Yr,Advisor Name,Student Email,Ethnicity",
            "520001,García,José,11,2028,Coach Hill,jgarcia@example.org,Hispanic",
            "520002,\"Smith, III\",Ann,12,2027,Coach Hill,,White",
        ],
    );
    let (code, _, err) = import(&db, &home, &f, &[]);
    assert_eq!(code, 0, "{err}");
    let rows = students(&db);
    let j = by_sis(&rows, "520001");
    assert_eq!(j["grade"], 11);
    assert_eq!(j["advisor"], "Coach Hill");
    assert_eq!(by_sis(&rows, "520002")["family_name"], "Smith, III");
}

#[test]
fn aeries_export_prefers_the_permanent_id() {
    let (dir, db, home) = setup();
    let f = write_export(
        dir.path(),
        "aeries.csv",
        &[
            "Student ID,Perm ID,Last Name,First Name,Nick Name,Grade,Counselor,Sex",
            "17,630001,Hughes,Robert,Bobby,10,Mrs. Park,M",
            "18,630002,\"Ito, Jr.\",Ken,,10,Mrs. Park,M",
        ],
    );
    let (code, out, err) = import(&db, &home, &f, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("ignored column: Counselor"), "{out}");
    let rows = students(&db);
    assert_eq!(rows.len(), 2);
    assert_eq!(by_sis(&rows, "630001")["preferred_name"], "Bobby");
    assert!(rows.iter().all(|r| r["sis_id"] != "17"));
}

#[test]
fn one_roster_users_keeps_students_and_counts_the_rest() {
    let (dir, db, home) = setup();
    let f = write_export(
        dir.path(),
        "users.csv",
        &[
            "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password",
            "u-1,active,2027-08-01T00:00:00Z,true,org-1,student,amara,,Amara,Okafor,,700001,,,,u-9,09,",
            "u-2,active,2027-08-01T00:00:00Z,true,org-1,student,liam,,Liam,\"Walsh, Jr.\",,,,,,u-9,KG,",
            "u-3,active,2027-08-01T00:00:00Z,true,org-1,teacher,rivera,,Ana,Rivera,,T100,,,,,,",
            "u-4,active,2027-08-01T00:00:00Z,true,org-1,teacher,chen,,Wei,Chen,,T101,,,,,,",
            "u-9,active,2027-08-01T00:00:00Z,true,org-1,guardian,gokafor,,Grace,Okafor,,,,,,u-1,,",
            "u-5,tobedeleted,2027-08-01T00:00:00Z,true,org-1,student,gone,,Gone,Away,,700009,,,,,10,",
            "u-6,active,2027-08-01T00:00:00Z,true,org-1,,nobody,,No,Role,,,,,,,,",
        ],
    );
    let (code, out, err) = import(&db, &home, &f, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("read as a OneRoster users.csv"), "{out}");
    assert!(out.contains("passed over: 2 teacher rows"), "{out}");
    assert!(out.contains("passed over: 1 guardian row"), "{out}");
    // Said as English, not as "1 student to be deleted row" or "1 no role row".
    assert!(
        out.contains("passed over: 1 student marked to be deleted\n"),
        "{out}"
    );
    assert!(out.contains("passed over: 1 row with no role\n"), "{out}");
    assert!(out.contains("added 2"), "{out}");
    let rows = students(&db);
    assert_eq!(rows.len(), 2);
    assert_eq!(by_sis(&rows, "700001")["grade"], 9);
    // No identifier: the sourcedId is the student's id.
    assert_eq!(by_sis(&rows, "u-2")["grade"], 0);
    assert_eq!(by_sis(&rows, "u-2")["family_name"], "Walsh, Jr.");
}

/// OneRoster 1.2 moved each person's role out of users.csv into roles.csv beside it: the two
/// are read together, so teachers and guardians are never imported as students; a 1.2 file
/// without its roles.csv is refused, and nothing is made or changed.
#[test]
fn one_roster_1_2_users_are_read_with_their_roles_file() {
    let (dir, db, home) = setup();
    let f = write_export(
        dir.path(),
        "users.csv",
        &[
            "sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,userMasterIdentifier,resourceSourcedIds,preferredGivenName,preferredMiddleName,preferredFamilyName,primaryOrgSourcedId,pronouns",
            "u-1,,,true,amara,,Amara,Okafor,,700001,,,,u-9,09,,,,,,,org-1,she/her",
            "u-2,,,true,liam,,Liam,Walsh,,700002,,,,,10,,,,Lee,,,org-1,",
            "u-3,,,true,rivera,,Ana,Rivera,,T100,,,,,,,,,,,,org-1,",
            "u-9,,,true,gokafor,,Grace,Okafor,,,,,,u-1,,,,,,,,org-1,",
            "u-7,,,true,nobody,,No,Role,,,,,,,,,,,,,,org-1,",
        ],
    );
    let before = std::fs::read_dir(dir.path()).unwrap().count();
    let (code, _, err) = import(&db, &home, &f, &[]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("is a OneRoster 1.2 users.csv, which keeps who is a student in roles.csv")
            && err.contains(&dir.path().join("roles.csv").display().to_string())
            && err.trim_end().ends_with("nothing was imported"),
        "{err}"
    );
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        before,
        "no file made"
    );

    write_export(
        dir.path(),
        "roles.csv",
        &[
            "sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,orgSourcedId,userProfileSourcedId",
            "r-1,,,u-1,primary,student,,,org-1,",
            "r-2,,,u-2,primary,student,,,org-1,",
            "r-3,,,u-3,primary,teacher,,,org-1,",
            "r-4,,,u-3,secondary,administrator,,,org-2,",
            "r-9,,,u-9,primary,guardian,,,org-1,",
        ],
    );
    let (code, out, err) = import(&db, &home, &f, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("read as a OneRoster 1.2 users.csv, with the roles in"),
        "{out}"
    );
    // A person with several roles is counted under their primary one.
    assert!(out.contains("passed over: 1 teacher row\n"), "{out}");
    assert!(out.contains("passed over: 1 guardian row\n"), "{out}");
    assert!(out.contains("passed over: 1 row with no role\n"), "{out}");
    assert!(out.contains("added 2"), "{out}");
    let rows = students(&db);
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(by_sis(&rows, "700001")["grade"], 9);
    assert_eq!(by_sis(&rows, "700002")["preferred_name"], "Lee");
    assert!(rows.iter().all(|r| r["sis_id"] != "T100"));
}

#[test]
fn a_mapped_column_is_remembered_for_the_next_import() {
    let (dir, db, home) = setup();
    let lines = [
        "Student_Number,Last_Name,First_Name,Grade_Level,Homeroom Teacher",
        "800001,Diaz,Ana,9,Ms. Rivera",
    ];
    let f = write_export(dir.path(), "ps.csv", &lines);
    let (code, out, _) = import(&db, &home, &f, &[]);
    assert_eq!(code, 0);
    assert!(out.contains("ignored column: Homeroom Teacher"), "{out}");
    assert_eq!(by_sis(&students(&db), "800001")["advisor"], Value::Null);

    let (code, out, err) = import(&db, &home, &f, &["--map", "Homeroom Teacher=advisor"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("remembered"), "{out}");
    assert_eq!(by_sis(&students(&db), "800001")["advisor"], "Ms. Rivera");

    // The next export, without --map: the column is still read as the advisor.
    let f = write_export(
        dir.path(),
        "ps2.csv",
        &[lines[0], "800001,Diaz,Ana,10,Mr. Chen"],
    );
    let (code, out, err) = import(&db, &home, &f, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("ignored column"), "{out}");
    // Said on stderr, with how to forget it.
    assert_eq!(
        err.trim_end(),
        "using the remembered map Homeroom Teacher=advisor \
         (--map \"Homeroom Teacher=ignore\" forgets it)"
    );
    let ana = by_sis(&students(&db), "800001").clone();
    assert_eq!(ana["advisor"], "Mr. Chen");
    assert_eq!(
        ana["grade"], 10,
        "the new year's grade comes from the new roster"
    );

    // A field plp does not have: one sentence, nothing changed, nothing remembered.
    let mut c = plp(&db);
    c.env("XDG_CONFIG_HOME", &home)
        .args(["import", "roster"])
        .arg(&f)
        .args(["--map", "Homeroom Teacher=shoe_size"]);
    fails_with(c, 1, "\"shoe_size\" is not a student field");
    let mut c = plp(&db);
    c.env("XDG_CONFIG_HOME", &home)
        .args(["import", "roster"])
        .arg(&f)
        .args(["--map", "Homeroom Teacher"]);
    fails_with(c, 1, "needs COLUMN=FIELD");
    let mut c = plp(&db);
    c.env("XDG_CONFIG_HOME", &home).arg("config");
    let (_, out, _) = run(c);
    assert!(out.contains("Homeroom Teacher=advisor"), "{out}");

    // Forgotten as the note says: the column is passed over again, and the map is no more.
    let (code, out, err) = import(&db, &home, &f, &["--map", "Homeroom Teacher=ignore"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.is_empty(), "{err}");
    assert!(
        out.contains("the remembered map for Homeroom Teacher is forgotten"),
        "{out}"
    );
    let (code, out, err) = import(&db, &home, &f, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(err.is_empty(), "{err}");
    assert!(out.contains("ignored column: Homeroom Teacher"), "{out}");
    let mut c = plp(&db);
    c.env("XDG_CONFIG_HOME", &home).arg("config");
    let (_, out, _) = run(c);
    assert!(!out.contains("roster columns mapped"), "{out}");
}

#[test]
fn students_missing_from_a_newer_roster_are_named_and_marked_when_asked() {
    let (dir, db, home) = setup();
    let header = "Student_Number,Last_Name,First_Name,Grade_Level";
    let f = write_export(
        dir.path(),
        "fall.csv",
        &[
            header,
            "900001,Abbott,Ada,9",
            "900002,Baker,Ben,9",
            "900003,Cruz,Cal,9",
        ],
    );
    assert_eq!(import(&db, &home, &f, &[]).0, 0);
    let spring = write_export(dir.path(), "spring.csv", &[header, "900002,Baker,Ben,10"]);
    let (code, out, _) = import(&db, &home, &spring, &[]);
    assert_eq!(code, 0);
    assert!(
        out.contains("2 students are not in this roster: Ada Abbott (900001), Cal Cruz (900003)"),
        "{out}"
    );
    assert!(students(&db).iter().all(|r| r["status"] == "active"));

    // A dry run says it would mark them and changes nothing.
    let (_, out, _) = import(
        &db,
        &home,
        &spring,
        &["--mark-missing-inactive", "--dry-run"],
    );
    assert!(out.contains("would mark 2 inactive"), "{out}");
    assert!(students(&db).iter().all(|r| r["status"] == "active"));

    let (_, out, _) = import(&db, &home, &spring, &["--mark-missing-inactive"]);
    assert!(out.contains("marked 2 inactive"), "{out}");
    let rows = students(&db);
    assert_eq!(by_sis(&rows, "900001")["status"], "inactive");
    assert_eq!(by_sis(&rows, "900003")["status"], "inactive");
    assert_eq!(by_sis(&rows, "900002")["status"], "active");
    assert_eq!(by_sis(&rows, "900002")["grade"], 10);

    // Inactive students are not "missing" again; one back in the roster is active again.
    let back = write_export(
        dir.path(),
        "back.csv",
        &[header, "900002,Baker,Ben,10", "900003,Cruz,Cal,10"],
    );
    let (_, out, _) = import(&db, &home, &back, &[]);
    assert!(!out.contains("not in this roster"), "{out}");
    assert_eq!(by_sis(&students(&db), "900003")["status"], "active");
}

#[test]
fn enrollment_columns_mark_students_active_or_inactive() {
    let (dir, db, home) = setup();
    // PowerSchool: Enroll_Status 0 active, -1 pre-registered, 2 transferred out, 3 graduated.
    let f = write_export(
        dir.path(),
        "ps.csv",
        &[
            "Student_Number,Last_Name,First_Name,Grade_Level,Enroll_Status",
            "910001,Abbott,Ada,9,0",
            "910002,Baker,Ben,9,-1",
            "910003,Cruz,Cal,12,3",
            "910004,Diaz,Dee,10,2",
        ],
    );
    let (code, out, err) = import(&db, &home, &f, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("ignored column: Enroll_Status"), "{out}");
    let rows = students(&db);
    assert_eq!(by_sis(&rows, "910001")["status"], "active");
    for sis in ["910002", "910003", "910004"] {
        assert_eq!(by_sis(&rows, sis)["status"], "inactive", "{sis}");
    }
    // The next export says Ben is enrolled now: active again; Ada has left.
    let f = write_export(
        dir.path(),
        "ps2.csv",
        &[
            "Student_Number,Last_Name,First_Name,Grade_Level,Enroll_Status",
            "910001,Abbott,Ada,9,2",
            "910002,Baker,Ben,9,0",
            "910003,Cruz,Cal,12,3",
        ],
    );
    assert_eq!(import(&db, &home, &f, &[]).0, 0);
    let rows = students(&db);
    assert_eq!(by_sis(&rows, "910001")["status"], "inactive");
    assert_eq!(by_sis(&rows, "910002")["status"], "active");
    assert_eq!(
        by_sis(&rows, "910003")["status"],
        "inactive",
        "still graduated"
    );

    // A value no export uses: one sentence naming the line, nothing changed.
    let bad = write_export(
        dir.path(),
        "bad.csv",
        &[
            "Student_Number,Last_Name,First_Name,Grade_Level,Enroll_Status",
            "910001,Abbott,Ada,9,0",
            "910002,Baker,Ben,9,maybe",
        ],
    );
    let before = snapshot_dir(dir.path());
    let (code, _, err) = import(&db, &home, &bad, &[]);
    assert_eq!(code, 1);
    assert!(err.contains("line 3"), "{err}");
    assert!(
        err.contains("enrollment status \"maybe\" is not known"),
        "{err}"
    );
    assert_eq!(snapshot_dir(dir.path()), before, "nothing changed");

    // OneRoster: enabledUser false is not enrolled.
    let f = write_export(
        dir.path(),
        "users.csv",
        &[
            "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password",
            "u-1,active,2027-08-01T00:00:00Z,true,org-1,student,eve,,Eve,Ennis,,920001,,,,,09,",
            "u-2,active,2027-08-01T00:00:00Z,false,org-1,student,fay,,Fay,Fox,,920002,,,,,10,",
        ],
    );
    let (code, _, err) = import(&db, &home, &f, &[]);
    assert_eq!(code, 0, "{err}");
    let rows = students(&db);
    assert_eq!(by_sis(&rows, "920001")["status"], "active");
    assert_eq!(by_sis(&rows, "920002")["status"], "inactive");
}

/// PowerSchool's `LastFirst` (and Skyward's or Infinite Campus's "Student Name") holds both
/// names as "Last, First"; a value with no comma is a bad line and nothing is imported.
#[test]
fn a_last_first_name_column_is_split() {
    let (dir, db, home) = setup();
    let f = write_export(
        dir.path(),
        "ps.csv",
        &[
            "Student_Number,LastFirst,Grade_Level",
            "800001,\"Diaz, Ana Maria\",TK",
            "800002,\"O'Neill, Zoë\",9",
        ],
    );
    let (code, out, err) = import(&db, &home, &f, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("added 2"), "{out}");
    let rows = students(&db);
    assert_eq!(by_sis(&rows, "800001")["given_name"], "Ana Maria");
    assert_eq!(by_sis(&rows, "800001")["family_name"], "Diaz");
    assert_eq!(by_sis(&rows, "800001")["grade"], -1);
    assert_eq!(by_sis(&rows, "800002")["name"], "Zoë O'Neill");

    let before = dump(&db);
    let f = write_export(
        dir.path(),
        "sky.csv",
        &["Other ID,Student Name,Grd", "800003,Ada Lovelace,9"],
    );
    let (code, _, err) = import(&db, &home, &f, &[]);
    assert_eq!(code, 1);
    assert!(
        err.contains("line 2: the name \"Ada Lovelace\" has no comma"),
        "{err}"
    );
    assert_eq!(dump(&db), before);
}

/// A file of thousands of columns plp does not know says so in one line, naming the first few
/// and how many more, not one line a column.
#[test]
fn thousands_of_unknown_columns_are_said_in_one_line() {
    let (dir, db, home) = setup();
    let extra: Vec<String> = (1..=3000).map(|i| format!("Q{i}")).collect();
    let header = format!("Student ID,First Name,Last Name,Grade,{}", extra.join(","));
    let line = format!("1,Amara,Okafor,9,{}", vec!["x"; 3000].join(","));
    let f = write_export(dir.path(), "survey.csv", &[&header, &line]);
    let (code, out, err) = import(&db, &home, &f, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("ignored 3000 columns: Q1, Q2, Q3, Q4, Q5 and 2995 more\n"),
        "{out}"
    );
    assert!(!out.contains("ignored column:"), "{out}");
    assert!(out.lines().count() < 5, "{out}");
    // A few are still named one a line.
    let f = write_export(
        dir.path(),
        "few.csv",
        &[
            "Student ID,First Name,Last Name,Grade,Homeroom,Locker",
            "1,Amara,Okafor,9,B12,7",
        ],
    );
    let (code, out, err) = import(&db, &home, &f, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("ignored column: Homeroom\nignored column: Locker\n"),
        "{out}"
    );
}

/// PowerSchool's grades as its exports (and Excel, saving one) write them: `9.0` is 9, the
/// pre-K years -2 (PK3) and -1 (PK4) are pre-K, and 99, a graduate, makes the student inactive
/// and leaves the grade as it was, even where the file has no enrollment column.
#[test]
fn powerschool_grades_of_pre_k_excel_and_graduates_are_read() {
    let (dir, db, home) = setup();
    let f = write_export(
        dir.path(),
        "ps.csv",
        &[
            "Student_Number,Last_Name,First_Name,Grade_Level",
            "700001,Ng,Bo,9.0",
            "700002,Park,Min-jun,-1",
            "700003,Al-Sayed,Layla,-2",
            "700004,Smith,John,12",
        ],
    );
    let (code, out, err) = import(&db, &home, &f, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("added 4"), "{out}");
    let rows = students(&db);
    let grade = |rows: &[Value], sis: &str| by_sis(rows, sis)["grade"].clone();
    assert_eq!(grade(&rows, "700001"), 9);
    assert_eq!(grade(&rows, "700002"), -1);
    assert_eq!(grade(&rows, "700003"), -1);

    let f = write_export(
        dir.path(),
        "ps-june.csv",
        &[
            "Student_Number,Last_Name,First_Name,Grade_Level",
            "700001,Ng,Bo,09",
            "700002,Park,Min-jun,0",
            "700003,Al-Sayed,Layla,-1",
            "700004,Smith,John,99",
            "700005,Lee,Ann,99.0",
        ],
    );
    let (code, out, err) = import(&db, &home, &f, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(
            "graduated (grade 99), so inactive, their grade left as it was: 2 students (lines 5, 6)"
        ),
        "{out}"
    );
    let rows = students(&db);
    let john = by_sis(&rows, "700004");
    assert_eq!(
        (john["status"].clone(), john["grade"].clone()),
        ("inactive".into(), 12.into())
    );
    let ann = by_sis(&rows, "700005");
    assert_eq!(
        (ann["status"].clone(), ann["grade"].clone()),
        ("inactive".into(), Value::Null)
    );
    assert_eq!(by_sis(&rows, "700002")["status"], "active");
    assert_eq!(grade(&rows, "700002"), 0);

    // Typed, 99 is no grade to give a student.
    let mut c = plp(&db);
    c.args(["set", "700001", "grade", "99"]);
    fails_with(
        c,
        1,
        "grade 99 is PowerSchool's mark for a graduated student",
    );
}

/// A Clever export has both `Student_id` (Clever's own key) and `Student_number` (the SIS's
/// number): the number is the student id, and the import says which column it read.
#[test]
fn clever_export_reads_the_student_number() {
    let (dir, db, home) = setup();
    let f = write_export(
        dir.path(),
        "clever.csv",
        &[
            "School_id,Student_id,Student_number,State_id,Last_name,First_name,Middle_name,Grade,Gender,Dob,Student_email",
            "S1,cl-1,500001,ST1,Kowalski,Paweł,,10,M,01/02/2011,pk@s.org",
            "S1,cl-2,500002,ST2,Achebe,Chinua,,11,M,03/04/2010,ca@s.org",
        ],
    );
    let (code, out, err) = import(&db, &home, &f, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(
            "the student id is read from Student_number (from Student_id where that is blank)"
        ),
        "{out}"
    );
    let rows = students(&db);
    assert!(rows
        .iter()
        .all(|r| !r["sis_id"].as_str().unwrap().starts_with("cl-")));
    let mut c = plp(&db);
    c.args(["show", "500001"]);
    let shown = succeeds(c);
    assert!(shown.starts_with("Paweł Kowalski (500001)"), "{shown}");
}

/// A header that ends in an empty cell (a trailing comma, as Excel leaves one) takes lines with
/// that comma and lines without it; a line short of a named column is still a bad line.
#[test]
fn a_header_with_an_empty_trailing_column_takes_lines_without_it() {
    let (dir, db, home) = setup();
    let f = write_export(
        dir.path(),
        "trail.csv",
        &[
            "Student_Number,Last_Name,First_Name,Grade_Level,",
            "800001,Ruiz,Ana,9",
            "800002,Okafor,Amara,10,",
        ],
    );
    let (code, out, err) = import(&db, &home, &f, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("added 2"), "{out}");
    assert_eq!(by_sis(&students(&db), "800001")["grade"], 9);

    let f = write_export(
        dir.path(),
        "short.csv",
        &[
            "Student_Number,Last_Name,First_Name,Grade_Level,,",
            "800001,Ruiz,Ana,9",
            "800003,Ito,Ken",
        ],
    );
    let (code, _, err) = import(&db, &home, &f, &[]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("line 3: has 3 fields; the header has 6"),
        "{err}"
    );
    assert!(!err.contains("line 2"), "{err}");
}
