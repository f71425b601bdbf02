//! `--out` (export, conference night, reports) never replaces a file that is there unless
//! `--force` says so, and never the database in use or the files beside it, `--force` or not.

mod common;
use common::*;

#[test]
fn export_out_refuses_a_file_that_is_there_and_force_replaces_it() {
    let (dir, db) = demo_db();
    let out = dir.path().join("kit.md");
    std::fs::write(&out, "the family's own notes\n").unwrap();
    for format in ["md", "html", "pdf", "json"] {
        let mut c = plp(&db);
        c.args(["export", "Kit", "--format", format, "--out"])
            .arg(&out);
        let err = fails_with(c, 1, "already exists");
        assert_eq!(
            err,
            format!(
                "plp: {} already exists; name another file, or add --force to replace it\n",
                out.display()
            )
        );
        assert_eq!(
            std::fs::read_to_string(&out).unwrap(),
            "the family's own notes\n"
        );
    }
    let mut c = plp(&db);
    c.args(["export", "Kit", "--force", "--out"]).arg(&out);
    let (code, stdout, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert!(stdout.starts_with("wrote "), "{stdout}");
    assert!(std::fs::read_to_string(&out).unwrap().starts_with("# Kit"));
    // --force means nothing without --out.
    let mut c = plp(&db);
    c.args(["export", "Kit", "--force"]);
    let (code, _, err) = run(c);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn export_all_json_and_one_file_refuse_a_file_that_is_there() {
    let (dir, db) = demo_db();
    let out = dir.path().join("everything");
    std::fs::write(&out, "keep me").unwrap();
    for args in [
        &["export", "--all", "--format", "json", "--out"][..],
        &["export", "--all", "--format", "html", "--one-file", "--out"],
    ] {
        let mut c = plp(&db);
        c.args(args).arg(&out);
        fails_with(c, 1, "already exists; name another file, or add --force");
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");
    }
    let mut c = plp(&db);
    c.args(["export", "--all", "--format", "json", "--force", "--out"])
        .arg(&out);
    let (code, _, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::read_to_string(&out).unwrap().starts_with('{'));
}

#[test]
fn export_never_replaces_the_database_or_the_files_beside_it() {
    let (dir, db) = demo_db();
    let before = dump(&db);
    let link = dir.path().join("link.db");
    std::os::unix::fs::symlink(&db, &link).unwrap();
    let beside = |suffix: &str| {
        let mut p = db.as_os_str().to_owned();
        p.push(suffix);
        std::path::PathBuf::from(p)
    };
    for force in [false, true] {
        for (out, says) in [
            (db.clone(), "is the database plp is using"),
            (link.clone(), "is the database plp is using"),
            (beside("-wal"), "is one of the files of the database"),
            (beside("-shm"), "is one of the files of the database"),
        ] {
            for format in ["md", "json"] {
                let mut c = plp(&db);
                c.args(["export", "Kit", "--format", format, "--out"])
                    .arg(&out);
                if force {
                    c.arg("--force");
                }
                let err = fails_with(c, 1, says);
                assert!(
                    err.trim_end()
                        .ends_with("never replaced, not even with --force"),
                    "{err}"
                );
            }
            let mut c = plp(&db);
            c.args(["report", "due", "--out"]).arg(&out);
            if force {
                c.arg("--force");
            }
            fails_with(c, 1, says);
        }
        // The same file written relatively, from the database's folder.
        let mut c = plp(std::path::Path::new("plp.db"));
        c.current_dir(dir.path())
            .args(["export", "Kit", "--out", "./plp.db"]);
        if force {
            c.arg("--force");
        }
        fails_with(c, 1, "is the database plp is using");
        // A folder for printouts named as a file beside the database is not made.
        let mut c = plp(&db);
        c.args(["export", "--all", "--format", "html", "--out"])
            .arg(beside("-wal"));
        if force {
            c.arg("--force");
        }
        fails_with(c, 1, "is one of the files of the database");
        assert!(!beside("-wal").is_dir());
    }
    assert_eq!(dump(&db), before);
    check_agrees(&db);
}

#[test]
fn report_out_refuses_a_file_that_is_there_and_force_replaces_it() {
    let (dir, db) = demo_db();
    let out = dir.path().join("due.csv");
    std::fs::write(&out, "last week's list\n").unwrap();
    let mut c = plp(&db);
    c.args(["report", "due", "--format", "csv", "--out"])
        .arg(&out);
    fails_with(c, 1, "already exists; name another file, or add --force");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "last week's list\n");
    let mut c = plp(&db);
    c.args(["report", "due", "--format", "csv", "--force", "--out"])
        .arg(&out);
    let (code, _, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert_ne!(std::fs::read_to_string(&out).unwrap(), "last week's list\n");
}

#[test]
fn conference_night_refuses_a_folder_that_holds_files_and_force_writes_among_them() {
    let (dir, db) = demo_db();
    let night = dir.path().join("night");
    std::fs::create_dir(&night).unwrap();
    // An empty folder is the folder to fill.
    let mut c = plp(&db);
    c.args(["export", "--all", "--format", "html", "--out"])
        .arg(&night);
    let (code, _, err) = run(c);
    assert_eq!(code, 0, "{err}");
    std::fs::write(night.join("index.html"), "mine").unwrap();
    let held = snapshot_dir(&night);
    let mut c = plp(&db);
    c.args(["export", "--all", "--format", "html", "--out"])
        .arg(&night);
    fails_with(
        c,
        1,
        "already holds files; name a new or empty folder, or add --force",
    );
    assert_eq!(snapshot_dir(&night), held);
    let mut c = plp(&db);
    c.args(["export", "--all", "--format", "html", "--force", "--out"])
        .arg(&night);
    let (code, _, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert_ne!(
        std::fs::read_to_string(night.join("index.html")).unwrap(),
        "mine"
    );
}
