//! The keymap table's own tests.

use super::table::places::EVERYWHERE_BACK;
use super::*;
use ratatui::crossterm::event::{KeyCode as K, KeyEvent, KeyModifiers};
use Ctx::*;

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;

fn key(code: K, mods: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, mods)
}

#[test]
fn keys_resolve_by_context() {
    assert_eq!(
        resolve(Caseload, &key(K::Char('n'), NONE)),
        Some(Cmd::NewCheckin)
    );
    assert_eq!(
        resolve(ComposerRate, &key(K::Char('n'), NONE)),
        Some(Cmd::NotWorking)
    );
    assert_eq!(
        resolve(ComposerText, &key(K::Char('n'), NONE)),
        None,
        "text keys are text"
    );
    assert_eq!(resolve(Student, &key(K::Char('3'), NONE)), Some(Cmd::Pane3));
    assert_eq!(
        resolve(ComposerRate, &key(K::Char('3'), NONE)),
        Some(Cmd::Rate(3))
    );
    assert_eq!(
        resolve(Caseload, &key(K::Char('G'), KeyModifiers::SHIFT)),
        Some(Cmd::Bottom)
    );
}

#[test]
fn ctrl_bracket_is_escape_everywhere() {
    for ctx in EVERYWHERE_BACK {
        assert_eq!(resolve(*ctx, &key(K::Char('['), CTRL)), Some(Cmd::Back));
        assert_eq!(resolve(*ctx, &key(K::Esc, NONE)), Some(Cmd::Back));
    }
}

#[test]
fn multiplexer_keys_are_never_bound_and_save_has_a_second_way() {
    for b in all() {
        if b.mods == CTRL {
            assert!(
                !matches!(b.code, K::Char('a') | K::Char('b')),
                "{:?}",
                b.cmd
            );
        }
    }
    for ctx in [ComposerText, Form] {
        let saves: Vec<_> = all()
            .filter(|b| b.ctx.contains(&ctx) && b.cmd == Cmd::Save)
            .collect();
        assert!(
            saves.iter().any(|b| b.mods != CTRL),
            "save without Ctrl-S in {ctx:?}"
        );
    }
}

#[test]
fn one_binding_per_key_per_context() {
    let every: Vec<&Binding> = all().collect();
    for (i, a) in every.iter().enumerate() {
        for b in &every[i + 1..] {
            let shared = a.ctx.iter().any(|c| b.ctx.contains(c));
            // A key may have other words where the file takes no typing: the same command,
            // and never both rows offered in one file.
            let other_words = a.cmd == b.cmd
                && [false, true]
                    .iter()
                    .all(|&refused| !(a.available(refused) && b.available(refused)));
            assert!(
                !(shared && a.code == b.code && a.mods == b.mods) || other_words,
                "{:?} and {:?} share a key",
                a.cmd,
                b.cmd
            );
        }
    }
}

#[test]
fn the_verdict_legend_comes_from_the_table() {
    assert_eq!(
        verdict_legend(),
        "w working · p partly · n not working · t not tried · Enter note on the strategy just rated, or this one"
    );
}

#[test]
fn hints_come_from_the_table() {
    let h = hints(Caseload);
    assert!(h.contains(&("n", "new check-in")));
    assert!(h.contains(&("q", "quit")));
    assert!(!h.iter().any(|(_, l)| *l == "up"));
}

#[test]
fn the_team_keys_shown_are_only_those_with_a_member_behind_them() {
    assert_eq!(attend_legend(0), None);
    assert_eq!(attend_legend(1).unwrap(), "a team member there");
    assert_eq!(attend_legend(3).unwrap(), "a-c team member there");
    assert_eq!(attend_legend(4).unwrap(), "a-c/e team member there");
    assert_eq!(attend_legend(8).unwrap(), "a-c/e-i team member there");
    assert_eq!(attend_legend(20).unwrap(), "a-c/e-i team member there");
}
