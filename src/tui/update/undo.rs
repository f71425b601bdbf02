//! Taking changes back: `u` undoes the last change made since the app was opened, `.` shows
//! retired records and `r` restores one, `F8` throws a form's, a check-in's or a year-end
//! review's typing away after a question.

use crate::store::Entity;
use crate::tui::action::Change;
use crate::tui::effects::Effect;
use crate::tui::keymap::Cmd;
use crate::tui::state::{App, Item, Overlay, Screen};

/// A change was written: it can be undone.
pub(super) fn changed(app: &mut App, change: Change) {
    if !change.ops.is_empty() {
        app.changes.push(change);
        app.changed_since_open = true;
    }
}

/// On a student's screen, `u` takes back that student's last change and no one else's (the
/// plan on screen is the one that changes); on the caseload, the last change of all, saying
/// whose it was.
pub(super) fn undo(app: &mut App) -> Vec<Effect> {
    let on_screen = match (app.screen, &app.student) {
        (Screen::Student, Some(v)) => Some(v.record.student.id.clone()),
        _ => None,
    };
    let next = match &on_screen {
        Some(id) => app.changes.iter().rposition(|c| c.student == *id),
        None => app.changes.len().checked_sub(1),
    };
    // A whole meeting is taken back only when asked twice.
    if let Some(c) = next.map(|at| app.changes[at].clone()).filter(|c| c.whole) {
        if app.armed.take() != Some(Cmd::Undo) {
            let (what, whose) = (c.what, name_of(app, &c.student));
            let with = if c.plan_changes {
                ", with the plan changes made in it"
            } else {
                ""
            };
            app.armed = Some(Cmd::Undo);
            app.status = Some(format!(
                "u again takes back {what} saved for {whose}, whole{with}."
            ));
            return vec![];
        }
    }
    match on_screen {
        Some(id) => match next {
            Some(at) => {
                let change = app.changes.remove(at);
                vec![Effect::Undo {
                    change,
                    whose: None,
                }]
            }
            None if app.changes.is_empty() => nothing(app),
            None => {
                // Another student's change is not named here: it is not theirs to see.
                app.status = Some(format!(
                    "Nothing of {} to undo: the last change was to another student's plan (u on \
                     the caseload undoes it).",
                    name_of(app, &id)
                ));
                vec![]
            }
        },
        None => match app.changes.pop() {
            Some(change) => {
                let whose = Some(name_of(app, &change.student));
                vec![Effect::Undo { change, whose }]
            }
            None => nothing(app),
        },
    }
}

/// Said when nothing is left to undo: that nothing was changed, or that all of it is undone.
fn nothing(app: &mut App) -> Vec<Effect> {
    app.status = Some(if app.changed_since_open {
        "Nothing to undo: every change made since plp was opened is undone.".into()
    } else {
        "Nothing to undo: no change was made since plp was opened.".into()
    });
    vec![]
}

/// A student's name as the caseload shows it (with the SIS id where another name looks the
/// same).
fn name_of(app: &App, id: &str) -> String {
    if let Some(r) = app.caseload.iter().find(|r| r.id == id) {
        let alike = app.look_alikes.contains(&r.id);
        return crate::tui::view::caseload::shown_name(&r.name, &r.sis_id, alike, 60);
    }
    match &app.student {
        Some(v) if v.record.student.id == id => {
            crate::tui::view::width::plain(&v.record.student.display_name())
        }
        _ => "another student".into(),
    }
}

pub(super) fn toggle_retired(app: &mut App) {
    app.show_retired = !app.show_retired;
    let today = app.today;
    let show = app.show_retired;
    if let Some(v) = app.student.as_mut() {
        v.rebuild(today, show);
        let n = count(&v.retired);
        app.status = Some(match (show, n) {
            (true, 0) => "Showing retired items: this student has none.".into(),
            (true, n) => format!("Showing {n} retired item(s), marked [retired]; r restores one."),
            (false, _) => "Retired items hidden.".into(),
        });
    }
}

fn count(r: &crate::store::Retired) -> usize {
    r.team.len()
        + r.goals.len()
        + r.strategies.len()
        + r.checkins.len()
        + r.interventions.len()
        + r.evidence.len()
}

pub(super) fn restore(app: &mut App) -> Vec<Effect> {
    let Some(view) = app.student.as_ref() else {
        return vec![];
    };
    let item = view.selected_item();
    let entity = match item {
        Some(i) if i.retired() => match i {
            Item::Team(_) => Entity::TeamMember,
            Item::Goal(_) => Entity::Goal,
            Item::Strategy(_) => Entity::Strategy,
            Item::Evidence(_) => Entity::Evidence,
            Item::CheckIn(_) => Entity::CheckIn,
            Item::Intervention(_) => Entity::Intervention,
            _ => return vec![],
        },
        _ => {
            app.status = Some(if app.show_retired {
                "Only a retired item can be restored: select one marked [retired].".into()
            } else {
                "Only a retired item can be restored: . shows them.".into()
            });
            return vec![];
        }
    };
    let Some(id) = item.and_then(Item::id) else {
        return vec![];
    };
    vec![Effect::Restore {
        entity,
        id,
        student: view.record.student.id.clone(),
    }]
}

pub(super) fn discard(app: &mut App) -> Vec<Effect> {
    let (key, question) = match app.overlays.last() {
        Some(Overlay::Form(f)) => (
            f.draft_key(),
            "Discard what was typed in this form? The saved record is unchanged. (y/n)".into(),
        ),
        _ => match (app.screen, &app.composer, &app.year_end) {
            (Screen::Composer, Some(c), _) => (
                c.draft_key(),
                if c.editing.is_some() {
                    "Discard these changes to the check-in? The saved check-in is unchanged. (y/n)"
                        .to_string()
                } else {
                    format!(
                        "Discard this check-in for {}? Nothing typed in it is kept. (y/n)",
                        c.name
                    )
                },
            ),
            (Screen::YearEnd, _, Some(y)) => (
                y.draft_key(),
                format!(
                    "Discard this year-end review for {}? The plans are unchanged. (y/n)",
                    y.name
                ),
            ),
            _ => return vec![],
        },
    };
    app.overlays.push(Overlay::Confirm {
        question,
        yes: vec![Effect::DiscardDraft { key }],
        no: vec![],
        offer: false,
    });
    vec![]
}

/// The draft is gone: the form, composer or review closes without keeping anything.
pub(super) fn discarded(app: &mut App) {
    if matches!(app.overlays.last(), Some(Overlay::Form(_))) {
        app.overlays.pop();
    } else if app.screen == Screen::Composer {
        super::close_composer(app);
    } else if app.screen == Screen::YearEnd {
        super::year_end::close(app);
    }
    app.draft_dirty = false;
    app.unsaved = None;
    app.status = Some("Discarded what was typed.".into());
}

/// Whether `cmd` is one of these, for the contexts that share them.
pub(super) fn handles(cmd: Cmd) -> bool {
    matches!(
        cmd,
        Cmd::Undo | Cmd::ShowRetired | Cmd::Restore | Cmd::DiscardDraft
    )
}

pub(super) fn run(app: &mut App, cmd: Cmd) -> Vec<Effect> {
    match cmd {
        Cmd::Undo => undo(app),
        Cmd::ShowRetired => {
            toggle_retired(app);
            vec![]
        }
        Cmd::Restore => restore(app),
        Cmd::DiscardDraft => discard(app),
        _ => vec![],
    }
}
