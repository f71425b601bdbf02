//! A family's preferred language, recorded on a team member (from the shell and in the app),
//! synced like every field, and followed by printouts when no `--lang` is given.

mod common;
use common::{demo_db, fails_with, plp, run, snapshot_dir};

/// The printout file of a student in a conference-night folder.
fn printout_of(dir: &std::path::Path, sis: &str) -> String {
    let file = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with(&format!("_{sis}.html")))
        .expect("the student's printout");
    std::fs::read_to_string(file).unwrap()
}

/// The index line of a student.
fn index_line(index: &str, sis: &str) -> String {
    index
        .lines()
        .find(|l| l.contains(&format!("_{sis}.html")))
        .expect("indexed")
        .to_string()
}

fn set_language(db: &std::path::Path, member: &str, language: &str) {
    let mut c = plp(db);
    c.args(["team", "214387", "set", member, "language", language]);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    // One already held writes nothing and says so.
    assert!(
        out.contains("language set") || out.contains("language unchanged"),
        "{out}"
    );
}

#[test]
fn the_team_is_listed_added_to_and_changed_from_the_shell() {
    let (_dir, db) = demo_db();
    set_language(&db, "Hartmann", "Spanish");
    let mut c = plp(&db);
    c.args([
        "team",
        "214387",
        "add",
        "Ana Ruiz",
        "--role",
        "grandmother",
        "--language",
        "pt_br",
    ]);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Ana Ruiz added to the team"), "{out}");
    let mut c = plp(&db);
    c.args(["team", "214387"]);
    let (_, out, _) = run(c);
    assert!(
        out.contains("Katrin Hartmann (parent) 555-0117 · reads Spanish"),
        "{out}"
    );
    assert!(
        out.contains("Ana Ruiz (grandmother) · reads Portuguese (BR)"),
        "{out}"
    );
    assert!(out.contains("family printouts: Spanish"), "{out}");
    let mut c = plp(&db);
    c.args(["show", "214387"]);
    let (_, out, _) = run(c);
    assert!(out.contains("· reads Spanish"), "{out}");
    let mut c = plp(&db);
    c.args(["show", "214387", "--format", "json"]);
    let (_, out, _) = run(c);
    assert!(out.contains("\"language\": \"es\""), "{out}");
}

#[test]
fn a_language_that_is_not_one_is_refused_and_nothing_changes() {
    let (dir, db) = demo_db();
    let before = snapshot_dir(dir.path());
    let mut c = plp(&db);
    c.args(["team", "214387", "set", "Hartmann", "language", "Klingon!"]);
    fails_with(c, 1, "\"Klingon!\" is not a language");
    let mut c = plp(&db);
    c.args(["team", "214387", "add", "X", "--language", "12"]);
    fails_with(c, 1, "\"12\" is not a language");
    let mut c = plp(&db);
    c.args(["team", "214387", "set", "Hartmann", "shoe_size", "9"]);
    fails_with(c, 1, "is not a field of a team member");
    let mut c = plp(&db);
    c.args(["team", "214387", "set", "Nobody", "language", "es"]);
    fails_with(c, 1, "no team member is named \"Nobody\"");
    assert_eq!(snapshot_dir(dir.path()), before, "nothing changed");
}

/// What only looks like a code is no language: a family recorded as reading "xx" would have the
/// conference-night index say so. Real codes, with a real region, are still taken.
#[test]
fn a_made_up_code_is_not_a_language() {
    let (dir, db) = demo_db();
    let before = snapshot_dir(dir.path());
    for made_up in ["zz", "xx", "xyz", "en-XX"] {
        let mut c = plp(&db);
        c.args(["team", "214387", "set", "Hartmann", "language", made_up]);
        fails_with(c, 1, &format!("\"{made_up}\" is not a language"));
        let mut c = plp(&db);
        c.args(["team", "214387", "add", "X", "--language", made_up]);
        fails_with(c, 1, &format!("\"{made_up}\" is not a language"));
    }
    let mut c = plp(&db);
    c.args(["team", "214387", "set", "Hartmann", "language", "en-XX"]);
    fails_with(c, 1, "XX is not a country or region");
    assert_eq!(snapshot_dir(dir.path()), before, "nothing changed");
    set_language(&db, "Hartmann", "es-419");
    set_language(&db, "Hartmann", "spa");
    let mut c = plp(&db);
    c.args(["team", "214387"]);
    let (_, out, _) = run(c);
    // Kept as BCP 47 writes it: the two-letter code where there is one.
    assert!(out.contains("family printouts: Spanish"), "{out}");
    // A language with no printout in it yet: the printouts are in English, and the line says so.
    set_language(&db, "Hartmann", "French");
    let mut c = plp(&db);
    c.args(["team", "214387"]);
    let (_, out, _) = run(c);
    assert!(
        out.contains("Katrin Hartmann (parent) 555-0117 · reads French"),
        "{out}"
    );
    assert!(
        out.contains("family printouts: English (there is none in French yet)"),
        "{out}"
    );
}

/// `plp export --lang` and `plp team --language` read a language alike, through one parser: by
/// its code in any case or with a region, or by its name in English or in its own words.
#[test]
fn export_and_team_take_a_language_in_the_same_forms() {
    let (dir, db) = demo_db();
    for typed in ["Spanish", "español", "Castellano", "ES", "es_MX", "spa"] {
        set_language(&db, "Hartmann", typed);
        let mut c = plp(&db);
        c.args(["export", "214387", "--format", "md", "--lang", typed]);
        let (code, md, err) = run(c);
        assert_eq!(code, 0, "{typed}: {err}");
        assert!(md.contains("Impreso el"), "{typed}: {md}");
    }
    let before = snapshot_dir(dir.path());
    for typed in ["Klingon!", "zz"] {
        let mut c = plp(&db);
        c.args(["team", "214387", "set", "Hartmann", "language", typed]);
        fails_with(c, 1, &format!("\"{typed}\" is not a language"));
        let mut c = plp(&db);
        c.args(["export", "214387", "--format", "md", "--lang", typed]);
        fails_with(
            c,
            1,
            &format!("there is no printout in the language \"{typed}\" (available: en, es)"),
        );
    }
    assert_eq!(snapshot_dir(dir.path()), before, "nothing changed");
}

/// The codes ISO 639 withdrew, which older systems still write, are taken as their
/// replacements: Hebrew, Indonesian and Yiddish.
#[test]
fn withdrawn_codes_are_taken_as_the_codes_that_replaced_them() {
    let (_dir, db) = demo_db();
    for (old, now) in [("iw", "he"), ("in", "id"), ("ji", "yi")] {
        set_language(&db, "Hartmann", old);
        let mut c = plp(&db);
        c.args(["team", "214387"]);
        let (_, out, _) = run(c);
        let name = plp::domain::language_name(now);
        assert!(out.contains(&format!("· reads {name}")), "{old}: {out}");
        let mut c = plp(&db);
        c.args(["show", "214387", "--format", "json"]);
        let (_, out, _) = run(c);
        assert!(
            out.contains(&format!("\"language\": \"{now}\"")),
            "{old}: {out}"
        );
    }
}

/// A member's name is never emptied, from any path: `add` and `set` refuse it in one sentence.
#[test]
fn a_team_members_name_cannot_be_emptied() {
    let (dir, db) = demo_db();
    let before = snapshot_dir(dir.path());
    for empty in ["", "  ", "\u{200b}"] {
        let mut c = plp(&db);
        c.args(["team", "214387", "set", "Hartmann", "name", empty]);
        fails_with(c, 1, "the team member's name is empty");
        let mut c = plp(&db);
        c.args(["team", "214387", "add", empty]);
        fails_with(c, 1, "the team member's name is empty");
    }
    assert_eq!(snapshot_dir(dir.path()), before, "nothing changed");
    let mut c = plp(&db);
    c.args(["team", "214387"]);
    let (_, out, _) = run(c);
    assert!(out.contains("Katrin Hartmann (parent)"), "{out}");
}

#[test]
fn conference_night_follows_each_familys_language_unless_told() {
    let (dir, db) = demo_db();
    // A teacher's language does not decide the family's printout.
    set_language(&db, "Osei", "fr");
    set_language(&db, "Hartmann", "es");
    let out = dir.path().join("night");
    let mut c = plp(&db);
    c.args(["export", "--all", "--format", "html", "--out"])
        .arg(&out);
    let (code, stdout, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert!(
        stdout.contains("wrote 23 printouts (22 in English, 1 in Español) and index.html"),
        "{stdout}"
    );
    let spanish = printout_of(&out, "214387");
    assert!(
        spanish.contains("<html lang=\"es\">"),
        "the family's language"
    );
    assert!(spanish.contains("Próxima reunión"), "Spanish fixed words");
    let english = printout_of(&out, "214512");
    assert!(english.contains("<html lang=\"en\">"));
    assert!(english.contains("Next meeting"));
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index_line(&index, "214387").contains("Español"), "{index}");
    assert!(index_line(&index, "214512").contains("English"), "{index}");

    // --lang wins over the family's language.
    let forced = dir.path().join("forced");
    let mut c = plp(&db);
    c.args([
        "export", "--all", "--format", "html", "--lang", "en", "--out",
    ])
    .arg(&forced);
    let (code, stdout, _) = run(c);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("wrote 23 printouts and index.html"),
        "{stdout}"
    );
    assert!(printout_of(&forced, "214387").contains("<html lang=\"en\">"));

    // One student's printout follows it too.
    let mut c = plp(&db);
    c.args(["export", "214387", "--format", "md"]);
    let (_, md, _) = run(c);
    assert!(md.contains("Próxima reunión"), "{md}");
}

#[test]
fn a_language_without_a_printout_is_said_in_the_index() {
    let (dir, db) = demo_db();
    set_language(&db, "Hartmann", "Vietnamese");
    let out = dir.path().join("night");
    let mut c = plp(&db);
    c.args(["export", "--grade", "7", "--format", "html", "--out"])
        .arg(&out);
    let (code, _, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert!(printout_of(&out, "214387").contains("<html lang=\"en\">"));
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        index_line(&index, "214387")
            .contains("English (the family reads Vietnamese; there is no printout in it yet)"),
        "{index}"
    );
    // One student's printout says so too, beside the page (which is in English).
    let mut c = plp(&db);
    c.args(["export", "214387", "--format", "md"]);
    let (code, md, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert!(md.contains("Next meeting"), "{md}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains(
            "family reads Vietnamese; there is no printout in it yet, so this one is in English"
        ),
        "{err}"
    );
    // Asked for in a language by name, nothing is said.
    let mut c = plp(&db);
    c.args(["export", "214387", "--format", "md", "--lang", "en"]);
    let (code, _, err) = run(c);
    assert_eq!((code, err.as_str()), (0, ""));
}

/// Conference night in one file says what the folder's index and its count say: how many
/// printouts are in each language, and which families read a language with no printout yet.
#[test]
fn one_file_of_printouts_says_their_languages_as_the_folder_does() {
    let (dir, db) = demo_db();
    set_language(&db, "Hartmann", "es");
    // Another student's family reads Vietnamese.
    let mut c = plp(&db);
    c.args(["team", "214512", "add", "Thi Mai Tran", "--role", "mother"]);
    c.args(["--language", "vi"]);
    let (code, _, err) = run(c);
    assert_eq!(code, 0, "{err}");
    let night = dir.path().join("night");
    let mut c = plp(&db);
    c.args(["export", "--all", "--format", "html", "--out"])
        .arg(&night);
    let (code, folder, err) = run(c);
    assert_eq!(code, 0, "{err}");
    let index = std::fs::read_to_string(night.join("index.html")).unwrap();
    let unserved = index_line(&index, "214512");
    let unserved = unserved
        .split("\">")
        .nth(1)
        .and_then(|l| l.split("</a>").next())
        .unwrap()
        .to_string();
    assert!(
        unserved.ends_with("English (the family reads Vietnamese; there is no printout in it yet)"),
        "{unserved}"
    );
    for format in ["html", "pdf"] {
        let file = dir.path().join(format!("all.{format}"));
        let mut c = plp(&db);
        c.args(["export", "--all", "--one-file", "--format", format, "--out"])
            .arg(&file);
        let (code, stdout, err) = run(c);
        assert_eq!(code, 0, "{err}");
        assert!(
            stdout.starts_with(&format!(
                "wrote 23 printouts (22 in English, 1 in Español) to {}\n",
                file.display()
            )),
            "{stdout}"
        );
        assert!(
            folder.starts_with("wrote 23 printouts (22 in English, 1 in Español) and index.html"),
            "{folder}"
        );
        // The index's line of the family with no printout in its language, as the index has it.
        let named: Vec<&str> = stdout.lines().skip(1).map(str::trim).collect();
        assert_eq!(named, [unserved.as_str()], "{stdout}");
    }
}

#[test]
fn the_language_travels_by_sync() {
    let (dir, db) = demo_db();
    let other = dir.path().join("other.db");
    let mut c = plp(&db);
    c.arg("sync").arg(&other).arg("--create");
    assert_eq!(run(c).0, 0);
    set_language(&db, "Hartmann", "es");
    let mut c = plp(&other);
    c.arg("sync").arg(&db);
    let (code, _, err) = run(c);
    assert_eq!(code, 0, "{err}");
    let mut c = plp(&other);
    c.args(["team", "214387"]);
    let (_, out, _) = run(c);
    assert!(
        out.contains("Katrin Hartmann (parent) 555-0117 · reads Spanish"),
        "{out}"
    );
}

mod in_the_app {
    use super::common;
    use common::tui::{app, keys, press};
    use plp::store::Store;
    use plp::tui::state::Overlay;
    use ratatui::crossterm::event::KeyCode;

    fn languages(store: &Store) -> Vec<(String, Option<String>)> {
        let id = store.find_student("Amara").unwrap();
        let mut team: Vec<_> = store
            .student(&id)
            .unwrap()
            .team
            .into_iter()
            .map(|m| (m.name, m.language))
            .collect();
        team.sort();
        team
    }

    #[test]
    fn the_team_member_form_records_the_language_and_refuses_a_wrong_one() {
        let mut store = common::fixture_store();
        let mut app = app(&mut store);
        press(&mut app, &mut store, KeyCode::Down); // Amara
        press(&mut app, &mut store, KeyCode::Enter);
        press(&mut app, &mut store, KeyCode::Char('1'));
        // In the profile pane the one thing to add is a team member.
        press(&mut app, &mut store, KeyCode::Char('a'));
        let Some(Overlay::Form(form)) = app.overlays.last() else {
            panic!("a opens a team member's form");
        };
        let labels: Vec<&str> = form.fields.iter().map(|f| f.label.as_str()).collect();
        assert!(
            labels.contains(&"Preferred language (en, es, vi…)"),
            "{labels:?}"
        );
        let at = labels
            .iter()
            .position(|l| l.starts_with("Preferred language"))
            .unwrap();
        keys(&mut app, &mut store, "Rosa Okafor");
        press(&mut app, &mut store, KeyCode::Tab);
        keys(&mut app, &mut store, "mother");
        for _ in 1..at {
            press(&mut app, &mut store, KeyCode::Tab);
        }
        // The form reads the field by the same rule as `plp team`: a made-up code is refused.
        for wrong in ["Klingon!", "zz", "en-XX"] {
            keys(&mut app, &mut store, wrong);
            press(&mut app, &mut store, KeyCode::F(2));
            let Some(Overlay::Form(form)) = app.overlays.last() else {
                panic!("the form stays open for {wrong}");
            };
            let error = form.error.clone().unwrap_or_default();
            assert!(error.contains("is not a language"), "{wrong}: {error}");
            assert!(
                !languages(&store).iter().any(|(n, _)| n == "Rosa Okafor"),
                "nothing saved"
            );
            for _ in 0..wrong.len() {
                press(&mut app, &mut store, KeyCode::Backspace);
            }
        }
        keys(&mut app, &mut store, "Spanish");
        press(&mut app, &mut store, KeyCode::F(2));
        assert!(app.overlays.is_empty(), "{:?}", app.status);
        assert!(
            languages(&store).contains(&("Rosa Okafor".into(), Some("es".into()))),
            "{:?}",
            languages(&store)
        );
    }
}

/// A family whose members read two languages: the printout is in the first one plp has, and
/// everyone who hands it over is told whom it leaves out (the page, the index, the team list).
#[test]
fn a_family_reading_two_languages_is_told_whom_the_page_leaves_out() {
    let (dir, db) = demo_db();
    let mut c = plp(&db);
    c.args([
        "team",
        "214387",
        "add",
        "Amara Okafor",
        "--role",
        "mother",
        "--language",
        "vi",
    ]);
    let (code, _, err) = run(c);
    assert_eq!(code, 0, "{err}");
    set_language(&db, "Hartmann", "Spanish");
    let mut c = plp(&db);
    c.args(["team", "214387"]);
    let (_, out, _) = run(c);
    assert!(
        out.contains("family printouts: Spanish (there is none in Vietnamese yet)"),
        "{out}"
    );
    let mut c = plp(&db);
    c.args(["export", "214387", "--format", "md"]);
    let (code, md, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert!(md.contains("Próxima reunión"), "{md}");
    assert!(
        err.contains(
            "family reads Vietnamese; there is no printout in it yet, so this one is in Spanish"
        ),
        "{err}"
    );
    let out = dir.path().join("night");
    let mut c = plp(&db);
    c.args(["export", "--grade", "7", "--format", "html", "--out"])
        .arg(&out);
    let (code, _, err) = run(c);
    assert_eq!(code, 0, "{err}");
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        index_line(&index, "214387")
            .contains("Español (the family reads Vietnamese; there is no printout in it yet)"),
        "{index}"
    );
}

mod printed_in_the_app {
    use super::common;
    use common::tui::{keys, press};
    use plp::domain::TeamMember;
    use ratatui::crossterm::event::KeyCode;

    /// Written from the app for a family reading Spanish and Vietnamese: in Spanish, and the
    /// advisor is told the page leaves Vietnamese out.
    #[test]
    fn the_app_says_whom_the_printout_leaves_out() {
        let mut store = common::fixture_store();
        let id = store.find_student("Amara").unwrap();
        for (name, role, lang) in [
            ("Rosa Okafor", "mother", "vi"),
            ("Ben Okafor", "father", "es"),
        ] {
            let m = TeamMember {
                student_id: id.clone(),
                name: name.into(),
                role: role.into(),
                language: Some(lang.into()),
                ..Default::default()
            };
            store.write(|w| w.add_team_member(&m)).unwrap();
        }
        let dir = tempfile::tempdir().unwrap();
        let mut app = common::tui::app(&mut store);
        app.printout_dir = dir.path().to_path_buf();
        press(&mut app, &mut store, KeyCode::Down); // Amara
        press(&mut app, &mut store, KeyCode::Enter);
        keys(&mut app, &mut store, ":print");
        press(&mut app, &mut store, KeyCode::Enter);
        let status = app.status.clone().unwrap_or_default();
        assert!(
            status.ends_with(
                "The family reads Vietnamese: there is no printout in it yet, so this one is in \
                 Spanish."
            ),
            "{status}"
        );
        let file = std::fs::read_dir(dir.path())
            .unwrap()
            .next()
            .unwrap()
            .unwrap();
        let html = std::fs::read_to_string(file.path()).unwrap();
        assert!(html.contains("<html lang=\"es\">"), "{html}");
    }
}
