//! Hints never lie: on every screen, every key that help or the status bar shows does something.

mod common;

use common::tui::{app, goal_moved_twice, keys_named, saved_elsewhere, screen};
use plp::store::Store;
use plp::tui::action::Action;
use plp::tui::keymap::{self, Ctx};
use plp::tui::state::App;
use plp::tui::{dispatch, update};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn parse(token: &str) -> KeyEvent {
    if let Some(c) = token.strip_prefix("C-") {
        let c = c.chars().next().expect("a key after C-");
        return KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
    }
    let code = match token {
        "Down" => KeyCode::Down,
        "Up" => KeyCode::Up,
        "Left" => KeyCode::Left,
        "Enter" => KeyCode::Enter,
        "Esc" => KeyCode::Esc,
        "Tab" => KeyCode::Tab,
        "F2" => KeyCode::F(2),
        t if t.chars().count() == 1 => KeyCode::Char(t.chars().next().unwrap()),
        t => panic!("unknown key {t}"),
    };
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// A fresh app and store, taken along a path of keys (and, for the conflict views, another
/// advisor's edit made meanwhile).
fn reach(path: &str) -> (App, Store) {
    let mut store = common::fixture_store();
    let mut app = app(&mut store);
    for token in path.split_whitespace() {
        if token == "LASTYEAR" {
            let id = store.find_student("Amara").unwrap();
            store
                .write(|w| {
                    let plan = w.ensure_plan(&id, "2025-26")?;
                    w.add_goal(&plp::domain::Goal {
                        plan_id: plan,
                        student_id: id.clone(),
                        title: "Read 10 books".into(),
                        ..Default::default()
                    })?;
                    Ok(())
                })
                .unwrap();
            continue;
        }
        if token == "THEIRS" {
            saved_elsewhere(&mut store, "Amara", "strengths", "Theirs");
            continue;
        }
        if token == "GRADUATING" {
            let id = store.find_student("Amara").unwrap();
            store
                .write(|w| {
                    w.set(
                        plp::store::Entity::Student,
                        &id,
                        "grad_year",
                        serde_json::json!(2027),
                        plp::store::Base::Current,
                    )
                })
                .unwrap();
            continue;
        }
        if token == "REVISED" {
            // The check-in shown first has a history longer than a screen.
            for i in 0..40 {
                set_newest_notes(&mut store, &format!("Notes, revision {i}."));
            }
            continue;
        }
        if token == "LONGNOTES" {
            // The check-in shown first is longer than a screen.
            let notes: Vec<String> = (0..60).map(|i| format!("Line {i} of the notes.")).collect();
            set_newest_notes(&mut store, &notes.join("\n"));
            continue;
        }
        if token == "MOVED" {
            goal_moved_twice(&mut store, "Amara");
            continue;
        }
        dispatch(&mut app, &mut store, Action::Key(parse(token)));
    }
    (app, store)
}

/// Saves the notes of Amara's newest check-in as another process would.
fn set_newest_notes(store: &mut Store, notes: &str) {
    let id = store.find_student("Amara").unwrap();
    let newest = store.student(&id).unwrap().checkins[0].id.clone();
    store
        .write(|w| {
            w.set_text(
                plp::store::Entity::CheckIn,
                &newest,
                "notes",
                notes,
                plp::store::Base::Current,
            )
        })
        .unwrap();
}

/// What a person can see of the app (text and styles), and whether it asked to end or stop.
fn seen(app: &App) -> (Buffer, Option<ratatui::layout::Position>, bool, bool) {
    // In colour and with the terminal's cursor, so that a text field's cursor is seen to move.
    let (buffer, cursor) = common::tui::render_with_cursor(app, 120, 40, true);
    (buffer, cursor, app.quit, app.suspend)
}

/// Places to stand in each context (a key can do nothing in one place and something in another:
/// "up" on the first line, "1" in the first pane).
const PLACES: &[(Ctx, &[&str])] = &[
    (Ctx::Caseload, &["Down"]),
    (
        Ctx::CaseloadFiltered,
        &["/ a Enter Esc", "/ a Enter Esc Down"],
    ),
    (Ctx::Filter, &["/", "/ Down", "/ a"]),
    (Ctx::Palette, &[":", ": Down", ": a"]),
    (
        Ctx::Student,
        &["Down Enter Down", "Down Enter 2 Down", "Down Enter 3"],
    ),
    (
        Ctx::ComposerText,
        &[
            "Down n",
            "Down n Tab Tab",
            "Down n x",
            "Down n x y Left",
            "Down n x y C-w",
        ],
    ),
    (Ctx::ComposerRate, &["Down n Tab", "Down n Tab Down"]),
    (Ctx::ComposerNext, &["Down n Tab Tab Tab Tab Tab"]),
    (
        Ctx::ComposerNote,
        &[
            "Down n Tab Down Enter",
            "Down n Tab Down Enter x",
            "Down n Tab Down Enter x y Left",
            "Down n Tab Down Enter x y C-w",
        ],
    ),
    (
        Ctx::Form,
        &[
            "Down Enter 2 Down e",
            "Down Enter 2 Down e x",
            "Down Enter 2 Down e x y Left",
            "Down Enter 2 Down e x y C-w",
        ],
    ),
    (
        Ctx::FieldForm,
        &[
            "Down Enter 2 e",
            "Down Enter 2 e x",
            "Down Enter 2 e x y Left",
            "Down Enter 2 e x y C-w",
        ],
    ),
    (Ctx::Confirm, &["Down Enter 2 Down x"]),
    (Ctx::Help, &["?", "? Down"]),
    (
        Ctx::Lines,
        &[
            "Down Enter 3 Enter h",
            "REVISED Down Enter 3 Enter h",
            "REVISED Down Enter 3 Enter h Down",
        ],
    ),
    (
        Ctx::CheckinShown,
        &[
            "Down Enter 3 Enter",
            "LONGNOTES Down Enter 3 Enter",
            "LONGNOTES Down Enter 3 Enter Down",
        ],
    ),
    (Ctx::AddMenu, &["Down Enter 2 a"]),
    (Ctx::Conflict, &["Down Enter e x THEIRS F2 e"]),
    (Ctx::OneValueConflict, &["MOVED Down Enter 2 Down e"]),
    (Ctx::Reports, &["r", "r Down", "r Tab"]),
    (
        Ctx::StudentPast,
        &[
            "LASTYEAR Down Enter y",
            "LASTYEAR Down Enter y Down",
            "LASTYEAR Down Enter y 1",
        ],
    ),
    (
        Ctx::YearEndGoals,
        &["Down Enter Y Y", "Down Enter Y Y Down"],
    ),
    (
        Ctx::YearEndText,
        &[
            "Down Enter Y Y Tab",
            "Down Enter Y Y Tab Tab",
            "Down Enter Y Y Tab Tab x y Left",
            "Down Enter Y Y Tab Tab x y C-w",
        ],
    ),
    (
        Ctx::FinalReviewGoals,
        &[
            "GRADUATING Down Enter Y Y",
            "GRADUATING Down Enter Y Y Down",
        ],
    ),
    (
        Ctx::FinalReviewText,
        &[
            "GRADUATING Down Enter Y Y Tab",
            "GRADUATING Down Enter Y Y Tab Tab x y Left",
            "GRADUATING Down Enter Y Y Tab Tab x y C-w",
        ],
    ),
];

#[test]
fn every_key_shown_anywhere_does_something_there() {
    let covered: Vec<Ctx> = PLACES.iter().map(|(c, _)| *c).collect();
    for ctx in Ctx::ALL {
        assert!(covered.contains(&ctx), "no place stands in {ctx:?}");
    }
    let mut checked = 0;
    for (ctx, paths) in PLACES {
        for path in *paths {
            let (app, _) = reach(path);
            assert_eq!(
                app.ctx(),
                *ctx,
                "{path:?} reaches {ctx:?}: {:?}",
                app.status
            );
        }
        let hints = keymap::hints(*ctx);
        for b in keymap::bindings(*ctx) {
            assert!(
                !b.hint
                    || hints.contains(&(b.keys, b.label))
                    || hints.iter().any(|h| h.0 == b.keys),
                "hint {} {} is in the table",
                b.keys,
                b.label
            );
            let key = KeyEvent::new(b.code, b.mods);
            let honoured = paths.iter().any(|path| {
                let (mut app, _) = reach(path);
                let before = seen(&app);
                let effects = update::update(&mut app, Action::Key(key));
                !effects.is_empty() || seen(&app) != before
            });
            assert!(
                honoured,
                "{ctx:?} shows \"{} {}\" but the key changes nothing",
                b.keys, b.label
            );
            checked += 1;
        }
    }
    assert!(checked > 80, "only {checked} keys checked");
}

#[test]
fn f1_opens_help_everywhere_and_help_lists_only_this_places_keys() {
    for (ctx, paths) in PLACES {
        let (mut app, _) = reach(paths[0]);
        update::update(
            &mut app,
            Action::Key(KeyEvent::new(KeyCode::F(1), KeyModifiers::NONE)),
        );
        if *ctx == Ctx::Help {
            assert!(app.overlays.is_empty(), "F1 closes help");
            continue;
        }
        assert_eq!(app.ctx(), Ctx::Help, "F1 in {ctx:?}");
        let screen = screen(&app, 120, 40);
        assert!(!screen.contains("choose"), "{ctx:?}: {screen}");
    }
}

#[test]
fn the_palettes_status_bar_names_what_enter_does_there() {
    let (app, _) = reach(":");
    let screen = screen(&app, 120, 40);
    let status = screen.lines().nth(39).unwrap();
    assert!(status.contains("Enter run the command"), "{status}");
    assert!(!status.contains("open student"), "{status}");
}

/// The row of the table that acts on a key in a place, as `resolve` finds it.
fn acting(ctx: Ctx, key: &KeyEvent) -> Option<&'static keymap::Binding> {
    let mods = key.modifiers - KeyModifiers::SHIFT;
    let row = keymap::all().find(|b| b.ctx.contains(&ctx) && b.code == key.code && b.mods == mods);
    assert_eq!(row.map(|b| b.cmd), keymap::resolve(ctx, key), "{key:?}");
    row
}

/// Fails unless every key that `keys` names does, in `ctx`, what the row of the table shown
/// as "`keys` `label`" does: the same command (or one of its kind, as 1-4 are ratings), or
/// a command with the same words ("+/-" grade). Returns how many keys it checked.
fn says_what_it_does(ctx: Ctx, keys: &str, label: &str) -> usize {
    let shown = keymap::all()
        .find(|b| b.ctx.contains(&ctx) && b.keys == keys && b.label == label)
        .unwrap_or_else(|| panic!("{ctx:?} shows \"{keys} {label}\", which the table lacks"));
    let named = keys_named(keys);
    for key in &named {
        let row = acting(ctx, key).unwrap_or_else(|| {
            panic!(
                "{ctx:?} shows \"{keys} {label}\" but {:?} does nothing there",
                key.code
            )
        });
        let same = std::mem::discriminant(&row.cmd) == std::mem::discriminant(&shown.cmd);
        assert!(
            same || row.label == label,
            "{ctx:?} shows \"{keys} {label}\" but {:?} is \"{} {}\" there",
            key.code,
            row.keys,
            row.label
        );
    }
    named.len()
}

#[test]
fn every_key_the_table_shows_does_what_its_words_say() {
    let mut checked = 0;
    for b in keymap::all() {
        for ctx in b.ctx {
            checked += says_what_it_does(*ctx, b.keys, b.label);
        }
    }
    assert!(checked > 300, "only {checked} keys checked");
}

#[test]
fn every_hint_on_the_status_bar_names_the_key_that_does_it() {
    let mut checked = 0;
    for (ctx, paths) in PLACES {
        for path in *paths {
            let (mut app, _) = reach(path);
            app.status = None;
            let shown = screen(&app, 120, 40);
            let bar = shown.lines().nth(39).unwrap().trim();
            assert!(!bar.is_empty(), "{ctx:?} shows no hints");
            // Hints are "keys label", two spaces apart; a label has single spaces only.
            for hint in bar.split("  ").map(str::trim).filter(|h| !h.is_empty()) {
                let (keys, label) = hint
                    .split_once(' ')
                    .unwrap_or_else(|| panic!("{ctx:?}: a hint without words: {hint:?}"));
                checked += says_what_it_does(*ctx, keys, label);
            }
        }
    }
    assert!(checked > 100, "only {checked} hints checked");
}

#[test]
fn a_sentence_wider_than_the_status_bar_is_read_whole_on_more_rows() {
    let mut store = common::fixture_store();
    let mut app = app(&mut store);
    let rows = |app: &App, w: u16, n: usize| -> Vec<String> {
        let s = screen(app, w, 24);
        let all: Vec<&str> = s.lines().collect();
        all[24 - n..]
            .iter()
            .map(|r| r.trim_end().to_string())
            .collect()
    };
    let long = "\"next tuesday\" is not a number of weeks or days, nor a date (try 5w, 10d or 28 May 2027).";
    app.status = Some(long.into());
    // At 80 columns it takes two rows, broken at a space, nothing cut.
    let two = rows(&app, 80, 2);
    assert!(two[0].starts_with("\"next tuesday\" is not"), "{two:?}");
    assert_eq!(format!("{} {}", two[0], two[1]), long, "{two:?}");
    assert!(!two.concat().contains('…'), "{two:?}");
    // Wide enough, one row holds it.
    let one = rows(&app, 120, 1);
    assert_eq!(one[0], long);
    // The read-only sentence wraps the same way; said, it gives way to the keys again, marked.
    let why = "the file belongs to another user and cannot be written: ask whoever keeps it for a copy of your own";
    app.read_only = Some(why.into());
    app.status = Some(format!("Read-only: {why}"));
    let two = rows(&app, 80, 2);
    assert_eq!(
        format!("{} {}", two[0], two[1]),
        format!("Read-only: {why}"),
        "{two:?}"
    );
    app.status = None;
    let one = rows(&app, 80, 1);
    assert!(
        one[0].starts_with("[read-only]  Enter open student"),
        "{one:?}"
    );
    // A sentence longer than three rows shows three, the last ending in "…".
    app.read_only = None;
    app.status = Some(long.repeat(4));
    let three = rows(&app, 80, 3);
    assert!(three[0].starts_with("\"next tuesday\""), "{three:?}");
    assert!(
        three[2].ends_with('…'),
        "a cut sentence shows it is cut: {three:?}"
    );
    assert!(three.iter().all(|r| r.chars().count() <= 80), "{three:?}");
}

/// The composer's last step names the keys that tick team members only as far as this
/// student's team goes: none without a team, and each one named ticks someone.
#[test]
fn the_last_composer_step_names_only_the_team_keys_this_student_has() {
    let legend_of = |members: &[&str]| {
        let mut store = common::fixture_store();
        let amara = store.find_student("Amara").unwrap();
        store
            .write(|w| {
                for name in members {
                    w.add_team_member(&plp::domain::TeamMember {
                        student_id: amara.clone(),
                        name: (*name).into(),
                        role: "teacher".into(),
                        ..Default::default()
                    })?;
                }
                Ok(())
            })
            .unwrap();
        let mut app = app(&mut store);
        for token in "Down n Tab Tab Tab Tab Tab".split_whitespace() {
            dispatch(&mut app, &mut store, Action::Key(parse(token)));
        }
        assert_eq!(app.ctx(), Ctx::ComposerNext);
        let shown = screen(&app, 80, 24);
        let legend = shown
            .lines()
            .find(|l| l.contains("someone else there"))
            .unwrap_or_else(|| panic!("{shown}"))
            .trim_matches(['│', ' '])
            .to_string();
        // Every key the legend names for the team ticks a different member as there.
        if let Some((keys, _)) = legend.split_once(" team member there") {
            let named = keys_named(keys);
            assert_eq!(named.len(), members.len(), "{legend}");
            for key in named {
                let before = app.composer.as_ref().unwrap().attended.len();
                dispatch(&mut app, &mut store, Action::Key(key));
                assert_eq!(
                    app.composer.as_ref().unwrap().attended.len(),
                    before + 1,
                    "{key:?} in {legend:?}"
                );
            }
        }
        legend
    };
    assert_eq!(legend_of(&[]), "o someone else there");
    assert_eq!(
        legend_of(&["Mr. Diaz"]),
        "a team member there · o someone else there"
    );
    assert_eq!(
        legend_of(&["Mr. Diaz", "Ms. Lee"]),
        "a/b team member there · o someone else there"
    );
    assert_eq!(
        legend_of(&["A", "B", "C", "D", "E"]),
        "a-c/e/f team member there · o someone else there"
    );
}

/// The status bar's hints at a place reached by `path`, at 120×40.
fn bar(path: &str) -> String {
    let (mut app, _) = reach(path);
    app.status = None;
    screen(&app, 120, 40).lines().nth(39).unwrap().to_string()
}

/// A hint shows only where the selection gives its key something to act on: no `x retire` on
/// a profile field, `r restore` on a retired line, `1-4 progress` on a goal, not a strategy.
#[test]
fn the_status_bar_hints_only_what_the_selected_line_can_take() {
    let profile = bar("Down Enter");
    assert!(!profile.contains("x retire"), "{profile}");
    assert!(!profile.contains("r restore"), "{profile}");
    let goal = bar("Down Enter 2 Down");
    assert!(goal.contains("x retire"), "{goal}");
    assert!(!goal.contains("r restore"), "{goal}");
    let retired = bar("Down Enter 2 Down x y . G");
    assert!(retired.contains("r restore"), "{retired}");
    assert!(!retired.contains("x retire"), "{retired}");
    let rating_a_goal = bar("Down n Tab");
    assert!(rating_a_goal.contains("1-4 progress"), "{rating_a_goal}");
    let rating_a_strategy = bar("Down n Tab Down");
    assert!(
        !rating_a_strategy.contains("1-4 progress"),
        "{rating_a_strategy}"
    );
}

#[test]
fn help_says_each_line_of_keys_once() {
    use plp::tui::help::HelpLine;
    for ctx in Ctx::ALL {
        let keys: Vec<(&str, &str)> = plp::tui::help::lines(ctx, false)
            .into_iter()
            .filter_map(|l| match l {
                HelpLine::Key(k, what) => Some((k, what)),
                _ => None,
            })
            .collect();
        for (i, k) in keys.iter().enumerate() {
            assert!(
                !keys[i + 1..].contains(k),
                "{ctx:?}'s help says {k:?} twice"
            );
        }
    }
}

/// Where there is no shell for Ctrl-Z, the sentence names the keys that quit where the person
/// is: `q` on a list, never where `q` is a letter typed or a choice.
#[test]
fn ctrl_z_without_a_shell_names_the_keys_that_quit_here() {
    use plp::tui::keymap::Ctx;
    use plp::tui::no_shell_sentence;
    assert!(
        no_shell_sentence(Ctx::Caseload).ends_with("; q quits."),
        "{}",
        no_shell_sentence(Ctx::Caseload)
    );
    for ctx in [Ctx::ComposerText, Ctx::ComposerRate, Ctx::Form] {
        let said = no_shell_sentence(ctx);
        assert!(said.ends_with("; C-c quits."), "{ctx:?}: {said}");
    }
}

/// The palette's box is as tall as its commands where the window allows; where it is not (a
/// student's many commands at 80×24), its list says how many are below, so that none is
/// thought missing.
#[test]
fn the_palette_says_how_many_commands_are_out_of_sight() {
    let (app, _) = reach("Enter :");
    let all = plp::tui::keymap::palette(Ctx::Student, false);
    // A command is in sight when a row of the box starts with it.
    let in_sight = |shown: &str| {
        all.iter()
            .filter(|e| shown.contains(&format!("│{} ", e.label)))
            .count()
    };
    let shown = screen(&app, 80, 24);
    assert!(in_sight(&shown) < all.len(), "{shown}");
    assert!(
        shown.contains(&format!("↓ {} more", all.len() - in_sight(&shown))),
        "{} commands: {shown}",
        all.len()
    );
    let tall = screen(&app, 120, 60);
    assert_eq!(in_sight(&tall), all.len(), "{tall}");
    assert!(!tall.contains("↓"), "the whole list fits: {tall}");
}
