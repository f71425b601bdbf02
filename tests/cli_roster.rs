//! `plp import roster`: column rules, good files, bad files.

mod common;
use common::*;
use serde_json::Value;

fn students(db: &std::path::Path) -> Vec<Value> {
    let (code, out, _) = run({
        let mut c = plp(db);
        c.args(["students", "--all", "--format", "json"]);
        c
    });
    assert_eq!(code, 0);
    serde_json::from_str(&out).unwrap()
}

#[test]
fn a_good_roster_adds_then_updates_by_student_id() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    let (code, out, _) = run({
        let mut c = plp(&db);
        c.args(["import", "roster", "data/roster-sample.csv"]);
        c
    });
    assert_eq!(code, 0);
    assert!(out.contains("ignored column: Homeroom"));
    assert!(out.contains("added 12, updated 0, unchanged 0"), "{out}");
    let rows = students(&db);
    let names: Vec<&str> = rows.iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"Arseny Кузнецов"), "{names:?}");
    assert!(names.iter().any(|n| n.contains("Smith, Jr.")));
    assert!(names.iter().any(|n| n.contains("Lefèvre")));

    // A new export of the roster: one grade changed, one student gone (kept, not deleted).
    let text = std::fs::read_to_string("data/roster-sample.csv").unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    lines.pop();
    let roster = dir.path().join("spring.csv");
    std::fs::write(&roster, lines.join("\n")).unwrap();
    let (_, out, _) = run({
        let mut c = plp(&db);
        c.args(["import", "roster"]).arg(&roster);
        c
    });
    assert!(out.contains("added 0, updated 0, unchanged 11"), "{out}");
    assert_eq!(students(&db).len(), 12);
}

#[test]
fn header_aliases_quotes_and_scripts() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    let roster = dir.path().join("sis.csv");
    std::fs::write(
        &roster,
        "\u{feff}\" Student Number \",LAST_NAME,first name,Grade Level,Preferred_Name,IEP,504,grad year\n\
         1001,\"O'Neill, Jr.\",Zoë,09,,Y,false,2030\n\
         1002,李,小龙,10,Bruce,no,1,\n\
         1003,Ωμέγα,Άλφα,K,,0,0,\n\
         1004,\"Multi\nLine\",Ana,12,,true,no,2027\n",
    )
    .unwrap();
    plp(&db)
        .args(["import", "roster"])
        .arg(&roster)
        .assert()
        .success();
    let store = plp::store::Store::open_existing(&db).unwrap();
    let get = |sis: &str| {
        let id = store.find_student(sis).unwrap();
        store.student(&id).unwrap().student
    };
    let a = get("1001");
    assert_eq!(
        (a.given_name.as_str(), a.family_name.as_str()),
        ("Zoë", "O'Neill, Jr.")
    );
    assert_eq!(a.grade, Some(9));
    assert!(a.iep && !a.plan_504);
    assert_eq!(a.grad_year, Some(2030));
    let b = get("1002");
    assert_eq!(b.display_name(), "Bruce 李");
    assert!(b.plan_504);
    assert_eq!(get("1003").grade, Some(0));
    assert_eq!(
        get("1004").family_name,
        "Multi Line",
        "no control characters stored"
    );
}

#[test]
fn a_roster_with_bad_lines_imports_nothing_and_names_each() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    plp(&db)
        .args(["import", "roster", "data/roster-sample.csv"])
        .assert()
        .success();
    let before = students(&db);
    let (code, _, err) = run({
        let mut c = plp(&db);
        c.args(["import", "roster", "data/roster-bad.csv"]);
        c
    });
    assert_eq!(code, 1);
    assert!(err.contains("line 3: the student id is empty"), "{err}");
    assert!(
        err.contains("line 5: grade \"eleventh\" is not a grade (PK, K, or 1 to 13)"),
        "{err}"
    );
    assert!(
        err.contains("line 6: IEP \"maybe\" is not yes or no"),
        "{err}"
    );
    assert!(err.contains("3 bad lines; nothing was imported"));
    assert_eq!(students(&db), before);

    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, b"id,first,last,grade\n1,A,B,9\n2,\xff\xfe,C,9\n3,D\n").unwrap();
    let (_, _, err) = run({
        let mut c = plp(&db);
        c.args(["import", "roster"]).arg(&bad);
        c
    });
    assert!(
        err.contains("line 3: the given (first) name is not valid UTF-8 text"),
        "{err}"
    );
    assert!(
        err.contains("line 4: has 2 fields; the header has 4"),
        "{err}"
    );
    assert_eq!(students(&db), before);

    // A quote never closed takes the lines after it into one field: said as such.
    let open_quote = dir.path().join("quote.csv");
    std::fs::write(
        &open_quote,
        "id,first,last,grade\n1,A,B,9\n2,\"Unclosed,C,9\n3,D,E,9\n4,F,G,9\n",
    )
    .unwrap();
    let (code, _, err) = run({
        let mut c = plp(&db);
        c.args(["import", "roster"]).arg(&open_quote);
        c
    });
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("line 3: opens a quote (\") that is not closed on that line"),
        "{err}"
    );
    assert!(!err.contains("fields; the header has"), "{err}");
    assert_eq!(students(&db), before);

    let headless = dir.path().join("h.csv");
    std::fs::write(&headless, "id,first\n1,A\n").unwrap();
    let mut c = plp(&db);
    c.args(["import", "roster"]).arg(&headless);
    fails_with(c, 1, "no family_name, no grade column");
    let mut c = plp(&db);
    c.args(["import", "roster", "/no/such.csv"]);
    fails_with(c, 1, "cannot read /no/such.csv: no such file");
}

/// A student known by one name, written by the SIS with the given name blank or the family
/// name blank (or as one word in a "Last, First" column), is imported and shown by that one
/// name everywhere: kept as the family name, with no stray space or comma. A line with no name
/// at all is still a bad line, and typing never empties a given name.
#[test]
fn a_student_known_by_one_name_is_imported_and_shown_by_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    let roster = dir.path().join("e.csv");
    std::fs::write(
        &roster,
        "student_id,first_name,last_name,grade\n5001,,Sukarno,10\n5002,Thida,\u{200b} ,10\n5003,Al,Dee,9\n5004,,,9\n",
    )
    .unwrap();
    let (code, out, err) = run({
        let mut c = plp(&db);
        c.args(["import", "roster"]).arg(&roster);
        c
    });
    assert_eq!(code, 1, "{out}");
    assert!(err.contains("line 5: the student's name is empty"), "{err}");
    assert!(err.contains("1 bad line; nothing was imported"), "{err}");
    assert!(!db.exists() || students(&db).is_empty());

    std::fs::write(
        &roster,
        "student_id,first_name,last_name,grade\n5001,,Sukarno,10\n5002,Thida,\u{200b} ,10\n5003,Al,Dee,9\n",
    )
    .unwrap();
    let (code, out, err) = run({
        let mut c = plp(&db);
        c.args(["import", "roster"]).arg(&roster);
        c
    });
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("added 3"), "{out}");
    let rows = students(&db);
    let names: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["sis_id"].as_str().unwrap(),
                r["given_name"].as_str().unwrap(),
                r["family_name"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(names.contains(&("5001", "", "Sukarno")), "{names:?}");
    assert!(names.contains(&("5002", "", "Thida")), "{names:?}");
    assert!(names.contains(&("5003", "Al", "Dee")), "{names:?}");

    // Shown by the one name: the caseload, `plp show`, a printout and its file name.
    let caseload = succeeds({
        let mut c = plp(&db);
        c.args(["students", "--all"]);
        c
    });
    let line = caseload.lines().find(|l| l.contains("Sukarno")).unwrap();
    assert!(
        !line.contains(" Sukarno ,") && !line.contains("  Sukarno"),
        "{caseload}"
    );
    let show = succeeds({
        let mut c = plp(&db);
        c.args(["show", "Sukarno"]);
        c
    });
    assert!(show.starts_with("Sukarno (5001)"), "{show}");
    let folder = dir.path().join("night");
    succeeds({
        let mut c = plp(&db);
        c.args(["export", "--all", "--format", "html", "--out"])
            .arg(&folder);
        c
    });
    let page = std::fs::read_to_string(folder.join("thida_5002.html")).unwrap();
    assert!(page.contains("Thida"), "{page}");
    assert!(
        !page.contains("Thida,") && !page.contains("Thida Thida"),
        "{page}"
    );
    let index = std::fs::read_to_string(folder.join("index.html")).unwrap();
    assert!(index.contains(">Sukarno · Grade 10 · "), "{index}");
    assert!(!index.contains("Sukarno,"), "{index}");

    // Typing never empties a given name, of a student with two names or with one.
    for id in ["5003", "5001"] {
        let mut c = plp(&db);
        c.args(["set", id, "given_name", ""]);
        fails_with(c, 1, "given name cannot be empty");
    }
    let mut c = plp(&db);
    c.args(["set", "5001", "family_name", ""]);
    fails_with(c, 1, "family name cannot be empty");
    // Every other field of a student known by one name is set as anyone's.
    let said = succeeds({
        let mut c = plp(&db);
        c.args(["set", "5001", "grade", "11"]);
        c
    });
    assert_eq!(said.trim(), "Sukarno: Grade set", "{said}");
    // A plan document carries the student to another school as one known by one name.
    let doc = dir.path().join("sukarno.json");
    succeeds({
        let mut c = plp(&db);
        c.args(["export", "5001", "--format", "json", "--out"])
            .arg(&doc);
        c
    });
    let other = dir.path().join("other.db");
    succeeds({
        let mut c = plp(&other);
        c.args(["import", "plan"]).arg(&doc);
        c
    });
    let moved = students(&other);
    assert_eq!(
        (
            moved[0]["given_name"].clone(),
            moved[0]["family_name"].clone()
        ),
        ("".into(), "Sukarno".into())
    );

    // One word in a "Last, First" column is a one name too; two words with no comma are not.
    let lf = dir.path().join("lf.csv");
    std::fs::write(
        &lf,
        "Student_Number,LastFirst,Grade_Level\n6001,Beyonc\u{e9},9\n6002,\"Lee,\",9\n",
    )
    .unwrap();
    succeeds({
        let mut c = plp(&db);
        c.args(["import", "roster"]).arg(&lf);
        c
    });
    let rows = students(&db);
    let one = |sis: &str| {
        let r = rows.iter().find(|r| r["sis_id"] == sis).unwrap();
        (r["given_name"].clone(), r["family_name"].clone())
    };
    assert_eq!(one("6001"), ("".into(), "Beyonc\u{e9}".into()));
    assert_eq!(one("6002"), ("".into(), "Lee".into()));
}

/// A name longer than a name can be is a bad line too, said without echoing it.
#[test]
fn a_line_with_a_name_too_long_is_bad() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    let roster = dir.path().join("long.csv");
    let long = "a".repeat(5000);
    std::fs::write(
        &roster,
        format!("student_id,first_name,last_name,grade\n5001,{long},Cee,10\n"),
    )
    .unwrap();
    let (code, _, err) = run({
        let mut c = plp(&db);
        c.args(["import", "roster"]).arg(&roster);
        c
    });
    assert_eq!(code, 1);
    assert!(
        err.contains("line 2: given name is too long (5000 characters; at most 200 fit)"),
        "{err}"
    );
    assert!(err.len() < 400, "{err}");
}

#[test]
fn dry_run_shows_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    let (code, out, _) = run({
        let mut c = plp(&db);
        c.args(["import", "roster", "data/roster-sample.csv", "--dry-run"]);
        c
    });
    assert_eq!(code, 0);
    assert!(out.contains("would add 12"), "{out}");
    assert!(!db.exists(), "a dry run creates nothing");
    plp(&db)
        .args(["import", "roster", "data/roster-sample.csv"])
        .assert()
        .success();
    plp(&db)
        .args(["set", "Maëlle", "grade", "11"])
        .assert()
        .success();
    let before = std::fs::read(&db).unwrap();
    let (_, out, _) = run({
        let mut c = plp(&db);
        c.args(["import", "roster", "data/roster-sample.csv", "--dry-run"]);
        c
    });
    assert!(out.contains("would update Maëlle Lefèvre"), "{out}");
    assert!(
        out.contains("update 1 (grade 1), leave 11 unchanged"),
        "{out}"
    );
    assert!(
        std::fs::read(&db).unwrap() == before,
        "the file was not changed"
    );
}

#[test]
fn a_line_written_twice_is_taken_once_and_a_clash_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    let twice = dir.path().join("twice.csv");
    std::fs::write(
        &twice,
        "student_id,first_name,last_name,grade\nS1,Ann,Lee,9\nS2,Bo,Ng,10\nS1,Ann,Lee,9\n",
    )
    .unwrap();
    let (code, out, err) = run({
        let mut c = plp(&db);
        c.args(["import", "roster"]).arg(&twice);
        c
    });
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("taken once: line 4 gives the same details as line 2"),
        "{out}"
    );
    assert!(out.contains("added 2, updated 0, unchanged 0"), "{out}");
    assert_eq!(students(&db).len(), 2);

    let clash = dir.path().join("clash.csv");
    std::fs::write(
        &clash,
        "student_id,first_name,last_name,grade\nS1,Ann,Lee,9\nS2,Bo,Ng,10\nS1,Ann,Lea,9\n",
    )
    .unwrap();
    let before = students(&db);
    let (code, _, err) = run({
        let mut c = plp(&db);
        c.args(["import", "roster"]).arg(&clash);
        c
    });
    assert_eq!(code, 1);
    assert!(
        err.contains(
            "line 4: student id S1 is also on line 2, with another family name (one line per student)"
        ),
        "{err}"
    );
    assert!(err.contains("1 bad line; nothing was imported"), "{err}");
    assert_eq!(students(&db), before);
}

/// One line of a student leaving an optional cell blank ("not recorded") and another giving a
/// value are one student, with the value; two values that differ still clash.
#[test]
fn a_blank_optional_cell_takes_the_value_of_the_students_other_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    let roster = dir.path().join("rows.csv");
    std::fs::write(
        &roster,
        "student_id,first_name,last_name,grade,advisor,grad_year\n\
         S1,Ann,Lee,9,,2030\nS2,Bo,Ng,10,Mr. Chen,\nS1,Ann,Lee,9,Ms. Rivera,\n",
    )
    .unwrap();
    let (code, out, err) = run({
        let mut c = plp(&db);
        c.args(["import", "roster"]).arg(&roster);
        c
    });
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("taken as one: line 4 and line 2 are one student, a cell one leaves blank filled from the other"),
        "{out}"
    );
    assert!(out.contains("added 2, updated 0, unchanged 0"), "{out}");
    let ann = students(&db)
        .into_iter()
        .find(|s| s["sis_id"] == "S1")
        .unwrap();
    assert_eq!(ann["advisor"], "Ms. Rivera");
    let (_, shown, _) = run({
        let mut c = plp(&db);
        c.args(["show", "S1", "--format", "json"]);
        c
    });
    let shown: Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(shown["student"]["grad_year"], 2030);

    let clash = dir.path().join("clash.csv");
    std::fs::write(
        &clash,
        "student_id,first_name,last_name,grade,advisor,grad_year\n\
         S1,Ann,Lee,9,Mr. Chen,\nS1,Ann,Lee,9,Ms. Rivera,2031\n",
    )
    .unwrap();
    let before = students(&db);
    let (code, _, err) = run({
        let mut c = plp(&db);
        c.args(["import", "roster"]).arg(&clash);
        c
    });
    assert_eq!(code, 1);
    assert!(
        err.contains(
            "line 3: student id S1 is also on line 2, with another advisor (one line per student)"
        ),
        "{err}"
    );
    assert_eq!(students(&db), before);
}

/// A roster with five bad lines (and a quoted field across two lines), as lines of text.
const MIXED: &[&str] = &[
    "id,first,last,grade,iep",
    "1,Amara,Okafor,9,no",
    ",C,D,9,no",
    "3,\"Smith, Jr.\",李,eleventh,no",
    "",
    "4,\"two",
    "lines\",G,9,maybe",
    "5,I",
    "1,J,K,9,no",
    "6,Zoë,Lefèvre,9,no",
];

const MIXED_REPORT: &[&str] = &[
    "line 3: the student id is empty",
    "line 4: grade \"eleventh\" is not a grade (PK, K, or 1 to 13)",
    "line 6: IEP \"maybe\" is not yes or no",
    "line 8: has 2 fields; the header has 5",
    "line 9: student id 1 is also on line 2, with another given name and family name (one line per student)",
];

fn bad_lines(db: &std::path::Path, file: &std::path::Path) -> Vec<String> {
    let (code, _, err) = run({
        let mut c = plp(db);
        c.args(["import", "roster"]).arg(file);
        c
    });
    assert_eq!(code, 1, "{err}");
    let prefix = format!("{}: ", file.display());
    err.lines()
        .filter_map(|l| l.strip_prefix(&prefix))
        .map(str::to_string)
        .collect()
}

/// Text written out in one encoding.
type Encode = fn(&str) -> Vec<u8>;

#[test]
fn every_line_ending_and_encoding_gives_the_same_report() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    let encodings: [(&str, Encode); 4] = [
        ("utf-8", |t| t.as_bytes().to_vec()),
        ("utf-8 with bom", |t| {
            [&b"\xEF\xBB\xBF"[..], t.as_bytes()].concat()
        }),
        ("utf-16le", |t| {
            let mut v = vec![0xFF, 0xFE];
            t.encode_utf16().for_each(|u| v.extend(u.to_le_bytes()));
            v
        }),
        ("utf-16be", |t| {
            let mut v = vec![0xFE, 0xFF];
            t.encode_utf16().for_each(|u| v.extend(u.to_be_bytes()));
            v
        }),
    ];
    for ending in ["\n", "\r\n", "\r"] {
        for last in [true, false] {
            let mut text = MIXED.join(ending);
            if last {
                text.push_str(ending);
            }
            for (name, encode) in &encodings {
                let file = dir.path().join("roster.csv");
                std::fs::write(&file, encode(&text)).unwrap();
                assert_eq!(
                    bad_lines(&db, &file),
                    MIXED_REPORT,
                    "{name}, lines ending {ending:?}, last line ended: {last}"
                );
            }
        }
    }
    assert!(!db.exists(), "nothing was imported");
    // The good lines alone import the same from every encoding.
    let good = [
        MIXED[0],
        MIXED[1],
        MIXED[3].replace("eleventh", "11").as_str(),
        MIXED[9],
    ]
    .join("\r\n");
    for (name, encode) in &encodings {
        let file = dir.path().join(format!("{}.csv", name.replace(' ', "-")));
        std::fs::write(&file, encode(&good)).unwrap();
        plp(&db)
            .args(["import", "roster"])
            .arg(&file)
            .assert()
            .success();
        let rows = students(&db);
        let names: Vec<&str> = rows.iter().map(|r| r["name"].as_str().unwrap()).collect();
        assert_eq!(names.len(), 3, "{name}: {names:?}");
        assert!(
            names.contains(&"Zoë Lefèvre") && names.contains(&"Smith, Jr. 李"),
            "{name}: {names:?}"
        );
    }
}

#[test]
fn windows_1252_text_is_reported_as_not_utf8_by_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plp.db");
    for ending in ["\r\n", "\n", "\r"] {
        // What a Windows SIS writes as "ANSI": é and ë as single bytes.
        let text = MIXED.join(ending) + ending;
        let bytes: Vec<u8> = text
            .chars()
            .flat_map(|c| match c {
                'ë' => vec![0xEB],
                'è' => vec![0xE8],
                c => c.to_string().into_bytes(),
            })
            .collect();
        let file = dir.path().join("ansi.csv");
        std::fs::write(&file, bytes).unwrap();
        let mut expected: Vec<String> = MIXED_REPORT.iter().map(|s| s.to_string()).collect();
        expected.push(
            "line 10: the given (first) name and family (last) name are not valid UTF-8 text (save the roster as CSV UTF-8)".into(),
        );
        assert_eq!(bad_lines(&db, &file), expected, "lines ending {ending:?}");
    }
    assert!(!db.exists());
}

/// A first import makes its database, and says so on standard error with the path, so that a
/// mistyped `--db` or `PLP_DB` is seen at once; a dry run says the file is not there yet and
/// makes nothing; an import into a file that is there says nothing of the kind.
#[test]
fn an_import_that_makes_a_new_database_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shcool").join("plp.db");
    let roster = |c: &mut assert_cmd::Command| {
        c.args(["import", "roster", "data/roster-sample.csv"]);
    };

    let (code, out, err) = run({
        let mut c = plp(&db);
        roster(&mut c);
        c.arg("--dry-run");
        c
    });
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("dry run: would add 12"), "{out}");
    assert_eq!(
        err,
        format!(
            "no database is at {} yet: the import would make a new one there\n",
            db.display()
        )
    );
    assert!(!db.parent().unwrap().exists());

    let (code, out, err) = run({
        let mut c = plp(&db);
        roster(&mut c);
        c
    });
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("added 12"), "{out}");
    assert_eq!(
        err,
        format!(
            "made a new database at {}, and its folder {} (no file was there)\n",
            db.display(),
            db.parent().unwrap().display()
        )
    );
    let (code, _, err) = run({
        let mut c = plp(&db);
        roster(&mut c);
        c
    });
    assert_eq!(code, 0, "{err}");
    assert_eq!(err, "");

    // A plan document, through PLP_DB, into a file not there yet in a folder that is.
    let doc = dir.path().join("moved.json");
    std::fs::write(
        &doc,
        r#"{"format":"plp","version":1,"students":[{"sis_id":"900001","given_name":"Ana",
        "family_name":"Peña","grade":9}]}"#,
    )
    .unwrap();
    let other = dir.path().join("shool.db");
    let (code, out, err) = run({
        // No --db: PLP_DB names the file.
        let mut c = assert_cmd::Command::cargo_bin("plp").unwrap();
        c.args(["import", "plan"])
            .arg(&doc)
            .env("PLP_DB", &other)
            .env("PLP_TODAY", "2026-11-24")
            .env("PLP_AUTHOR", "tester")
            .env("XDG_CONFIG_HOME", dir.path().join("home"));
        c
    });
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("1 student added"), "{out}");
    assert_eq!(
        err,
        format!(
            "made a new database at {} (no file was there)\n",
            other.display()
        )
    );
    let (code, _, err) = run({
        let mut c = plp(&other);
        c.args(["import", "plan"]).arg(&doc);
        c
    });
    assert_eq!(code, 0, "{err}");
    assert_eq!(err, "");
}
