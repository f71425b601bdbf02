//! The database's surroundings: a full disk, a folder that is not writable, and `--db` targets
//! that are not files. Reading keeps working, nothing is left beside the file, and every
//! message names the real cause.

mod common;
use common::*;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// Every command that only reads, with arguments that succeed on the demo caseload.
const READS: &[&[&str]] = &[
    &["students"],
    &["students", "--all", "--format", "json"],
    &["show", "Kit"],
    &["export", "Kit"],
    &["export", "Kit", "--format", "html"],
    &["export", "--all", "--format", "json"],
    &["report", "due"],
    &["report", "trends"],
    &["report", "completeness"],
];

fn running_as_root() -> bool {
    unsafe { libc::geteuid() == 0 }
}

/// The binary on `db`, run as `nobody` when the tests run as root (root writes through modes).
fn plp_as_user(db: &Path) -> assert_cmd::Command {
    if !running_as_root() {
        return plp(db);
    }
    use std::os::unix::process::CommandExt;
    let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("plp"));
    c.arg("--db")
        .arg(db)
        .env("PLP_TODAY", "2026-11-24")
        .env("PLP_AUTHOR", "tester")
        .env_remove("PLP_DB")
        .current_dir("/")
        .uid(65534)
        .gid(65534);
    assert_cmd::Command::from_std(c)
}

fn side_files(db: &Path) -> Vec<PathBuf> {
    ["-wal", "-shm", "-journal"]
        .iter()
        .map(|s| {
            let mut p = db.as_os_str().to_owned();
            p.push(s);
            PathBuf::from(p)
        })
        .filter(|p| p.exists())
        .collect()
}

#[test]
fn a_folder_that_is_not_writable_can_be_read_and_says_so_when_written() {
    let (dir, db) = demo_db();
    assert!(side_files(&db).is_empty(), "the demo leaves no side files");
    if running_as_root() {
        std::os::unix::fs::chown(&db, Some(65534), Some(65534)).unwrap();
    }
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o555)).unwrap();
    let before = snapshot_dir(dir.path());
    for args in READS {
        let (code, out, err) = run({
            let mut c = plp_as_user(&db);
            c.args(*args);
            c
        });
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(err.is_empty(), "{args:?} says nothing on stderr: {err}");
        assert!(out.contains("Kit") || out.contains("Trends") || out.contains("students"));
    }
    let roster = std::path::absolute("data/roster-sample.csv").unwrap();
    for args in [
        vec!["set".into(), "Kit".into(), "grade".into(), "11".into()],
        vec!["checkin".into(), "Kit".into(), "--said".into(), "hi".into()],
        vec!["import".into(), "roster".into(), roster.into_os_string()],
    ] {
        let mut c = plp_as_user(&db);
        c.args(&args);
        let err = fails_with(c, 1, "is not writable");
        assert!(err.contains(&dir.path().display().to_string()), "{err}");
        assert!(!err.contains("damaged"), "{err}");
    }
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    assert!(side_files(&db).is_empty(), "no -wal/-shm left behind");
    assert!(snapshot_dir(dir.path()) == before, "nothing changed");
}

/// A small tmpfs, unmounted when dropped.
struct SmallDisk(tempfile::TempDir);

impl SmallDisk {
    fn mount() -> Option<SmallDisk> {
        let dir = tempfile::tempdir().ok()?;
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=4m", "tmpfs"])
            .arg(dir.path())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then_some(SmallDisk(dir))
    }

    fn path(&self) -> &Path {
        self.0.path()
    }

    /// Fills the disk to its last byte.
    fn fill(&self) {
        use std::io::Write;
        let mut f = std::fs::File::create(self.path().join("filler")).unwrap();
        let block = vec![0u8; 4096];
        while f.write_all(&block).is_ok() {}
        let byte = [0u8; 1];
        while f.write_all(&byte).is_ok() {}
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg(self.0.path())
            .status();
    }
}

/// The demo caseload on a small disk filled to its last byte; `None` (with the reason printed)
/// where no small disk can be mounted.
fn full_disk_with_demo() -> Option<(SmallDisk, PathBuf)> {
    let Some(disk) = SmallDisk::mount() else {
        // Mounting a small filesystem needs root (or a user namespace); a full disk cannot be
        // made any other way without filling the real one.
        assert!(
            std::env::var("CI").is_err() || !running_as_root(),
            "as root in CI a small tmpfs must mount"
        );
        eprintln!("skipped: cannot mount a small tmpfs here (needs root)");
        return None;
    };
    let db = disk.path().join("plp.db");
    plp(&db).args(["demo", "--no-open"]).assert().success();
    disk.fill();
    Some((disk, db))
}

#[test]
fn a_full_disk_can_be_read_and_says_so_when_written() {
    let Some((disk, db)) = full_disk_with_demo() else {
        return;
    };
    let before = snapshot_dir(disk.path());
    for args in READS {
        let (code, _, err) = run({
            let mut c = plp(&db);
            c.args(*args);
            c
        });
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(err.is_empty(), "{args:?}: {err}");
    }
    for args in [
        &["checkin", "Kit", "--said", "the disk is full today"][..],
        &["import", "roster", "data/roster-sample.csv"],
    ] {
        let mut c = plp(&db);
        c.args(args);
        let err = fails_with(c, 1, "full");
        assert!(!err.contains("damaged"), "{err}");
    }
    // A new database on the full disk: the reason, and no empty file left.
    let new = disk.path().join("new.db");
    let mut c = plp(&new);
    c.args(["import", "roster", "data/roster-sample.csv"]);
    fails_with(c, 1, "full");
    assert!(!new.exists());
    // An export written to the full disk leaves nothing, not even an empty file.
    let out = disk.path().join("kit.md");
    let mut c = plp(&db);
    c.args(["export", "Kit", "--out"]).arg(&out);
    fails_with(c, 1, "the disk is full");
    assert!(side_files(&db).is_empty(), "no -wal/-shm left behind");
    assert!(
        snapshot_dir(disk.path()) == before,
        "nothing changed or added"
    );
}

#[test]
fn what_is_not_a_regular_file_is_refused_in_one_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.db");
    let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let link = dir.path().join("null.db");
    std::os::unix::fs::symlink("/dev/null", &link).unwrap();
    let cases: [(&Path, &str); 5] = [
        (&fifo, "a named pipe (FIFO), not a database file"),
        (Path::new("/dev/null"), "a device, not a database file"),
        (&link, "a device, not a database file"),
        (Path::new("/dev/zero"), "a device, not a database file"),
        (dir.path(), "a directory, not a database file"),
    ];
    for (target, says) in cases {
        for args in [
            &["students"][..],
            &["import", "roster", "data/roster-sample.csv"],
        ] {
            let mut c = plp(target);
            c.args(args).timeout(std::time::Duration::from_secs(20));
            fails_with(c, 1, says);
        }
    }
    for side in ["-journal", "-wal", "-shm"] {
        assert!(!Path::new(&format!("/dev/null{side}")).exists());
    }
}

#[test]
fn an_empty_file_plp_sets_up_is_made_private() {
    let dir = tempfile::tempdir().unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    // A zero-byte file someone made with the usual umask.
    let zero = dir.path().join("zero.db");
    std::fs::write(&zero, b"").unwrap();
    std::fs::set_permissions(&zero, std::fs::Permissions::from_mode(0o644)).unwrap();
    plp(&zero)
        .args(["import", "roster", "data/roster-sample.csv"])
        .assert()
        .success();
    assert_eq!(mode(&zero), 0o600);
    // An SQLite file with nothing in it, set up by a reading command.
    let empty = dir.path().join("empty.db");
    rusqlite::Connection::open(&empty)
        .unwrap()
        .execute_batch("VACUUM;")
        .unwrap();
    std::fs::set_permissions(&empty, std::fs::Permissions::from_mode(0o664)).unwrap();
    assert!(std::fs::metadata(&empty).unwrap().len() > 0);
    plp(&empty).arg("students").assert().success();
    assert_eq!(mode(&empty), 0o600);
}

/// The app started on a full disk: typing is kept on screen, and once room is made the next
/// save (F2) really saves, instead of being refused from what was true at start.
#[test]
fn the_app_started_on_a_full_disk_saves_once_there_is_room() {
    use plp::store::Store;
    use plp::tui::action::Action;
    use plp::tui::state::{App, Screen};
    use plp::tui::{dispatch, effects, update};
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    let Some((disk, db)) = full_disk_with_demo() else {
        return;
    };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let mut store = Store::open(&db).unwrap();
    assert!(store.read_only_reason().is_some_and(|r| r.contains("full")));
    let mut app = App::new(today);
    app.read_only = store.read_only_reason().map(str::to_string);
    // A full disk may have room again soon: a check-in opens, and what is typed waits on screen.
    app.typing_refused = store.typing_refused();
    assert!(!app.typing_refused);
    for a in effects::run(&mut store, effects::Effect::LoadCaseload, today) {
        update::update(&mut app, a);
    }
    let press = |app: &mut App, store: &mut Store, code: KeyCode, mods: KeyModifiers| {
        dispatch(app, store, Action::Key(KeyEvent::new(code, mods)));
    };
    press(&mut app, &mut store, KeyCode::Char('n'), KeyModifiers::NONE);
    assert_eq!(app.screen, Screen::Composer, "{:?}", app.status);
    for c in "room at last".chars() {
        press(&mut app, &mut store, KeyCode::Char(c), KeyModifiers::NONE);
    }
    press(&mut app, &mut store, KeyCode::F(2), KeyModifiers::NONE);
    assert!(
        app.status.as_deref().unwrap_or("").contains("is full"),
        "{:?}",
        app.status
    );
    assert_eq!(app.screen, Screen::Composer, "still open on a full disk");

    std::fs::remove_file(disk.path().join("filler")).unwrap();
    press(&mut app, &mut store, KeyCode::F(2), KeyModifiers::NONE);
    assert!(
        store.read_only_reason().is_none(),
        "{:?} {:?}",
        store.read_only_reason(),
        app.status
    );
    assert!(app.read_only.is_none());
    assert_ne!(
        app.screen,
        Screen::Composer,
        "saved and closed: {:?}",
        app.status
    );
    drop(store);
    let (code, all, err) = run({
        let mut c = plp(&db);
        c.args(["export", "--all", "--format", "json"]);
        c
    });
    assert_eq!(code, 0, "{err}");
    assert!(all.contains("room at last"), "the check-in was saved");
}
