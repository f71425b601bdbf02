//! Keys on the caseload and in the command palette.

use super::{is_move, moved, refilter_keeping_selected, run};
use crate::tui::caseload_view::{next_of, CaseloadView};
use crate::tui::effects::Effect;
use crate::tui::keymap::Cmd;
use crate::tui::state::{App, Overlay};

/// Changes who the caseload shows, keeping the selected student selected when still shown.
fn narrow(app: &mut App, cmd: Cmd) {
    match cmd {
        Cmd::Mine => match (&app.view.advisor, &app.me) {
            (Some(_), _) => app.view.advisor = None,
            (None, Some(me)) => app.view.advisor = Some(me.clone()),
            (None, None) => {
                app.status = Some(
                    "No advisor name is set: plp config advisor \"NAME\" (or $PLP_ADVISOR) sets it; a picks an advisor."
                        .into(),
                );
                return;
            }
        },
        Cmd::NextAdvisor => {
            let names = app.filter_memo.index(&app.caseload).advisors();
            if names.is_empty() {
                app.status = Some("No student here has an advisor recorded.".into());
                return;
            }
            let at = app.view.advisor.as_ref().and_then(|a| {
                names
                    .iter()
                    .find(|n| crate::store::fold(n) == crate::store::fold(a))
            });
            app.view.advisor = next_of(names, at);
        }
        Cmd::NextGrade => {
            let grades = &app.filter_memo.index(&app.caseload).grades;
            app.view.grade = next_of(grades, app.view.grade.as_ref());
        }
        Cmd::NextFlags => app.view.flags = app.view.flags.next(),
        Cmd::NextDue => app.view.due = app.view.due.next(),
        _ => return,
    }
    app.spell_advisor();
    refilter_keeping_selected(app);
}

pub(super) fn caseload(app: &mut App, cmd: Cmd) -> Vec<Effect> {
    if is_move(cmd) {
        app.selected = moved(app.selected, app.visible.len(), cmd);
        return vec![];
    }
    let selected = app.selected_row().map(|r| r.id.clone());
    if selected.is_none() && matches!(cmd, Cmd::Open | Cmd::NewCheckin) {
        app.status = Some(if app.caseload.is_empty() {
            "No students yet: plp import roster FILE.csv adds them.".into()
        } else {
            "No student matches the filter: Esc clears it.".into()
        });
        return vec![];
    }
    match cmd {
        Cmd::Open => {
            app.filtering = false;
            selected
                .map(|student| Effect::LoadStudent { student })
                .into_iter()
                .collect()
        }
        Cmd::NewCheckin => selected
            .map(|id| {
                vec![
                    Effect::LoadStudent {
                        student: id.clone(),
                    },
                    Effect::OpenComposer { student: id },
                ]
            })
            .unwrap_or_default(),
        Cmd::Filter => {
            app.filtering = true;
            vec![]
        }
        Cmd::Back => {
            app.filtering = false;
            if !app.filter.is_empty() {
                app.filter.clear();
            } else {
                app.view = CaseloadView::opening(app.me.as_deref());
                app.spell_advisor();
            }
            refilter_keeping_selected(app);
            vec![]
        }
        Cmd::Mine | Cmd::NextAdvisor | Cmd::NextGrade | Cmd::NextFlags | Cmd::NextDue => {
            narrow(app, cmd);
            vec![]
        }
        Cmd::Reports => super::reports::open(app),
        _ => vec![],
    }
}

pub(super) fn palette(app: &mut App, cmd: Cmd) -> Vec<Effect> {
    let refused = app.typing_refused;
    let Some(Overlay::Palette {
        query,
        selected,
        ctx,
    }) = app.overlays.last_mut()
    else {
        return vec![];
    };
    let entries = crate::tui::filter::palette_entries(*ctx, query, refused);
    match cmd {
        Cmd::Up => *selected = selected.saturating_sub(1),
        Cmd::Down => *selected = (*selected + 1).min(entries.len().saturating_sub(1)),
        Cmd::Open => {
            let origin = *ctx;
            let Some(chosen) = entries.get(*selected).map(|b| b.cmd) else {
                app.status = Some("No command matches; Backspace widens the search.".into());
                return vec![];
            };
            app.overlays.pop();
            return run(app, origin, chosen);
        }
        Cmd::Back => {
            app.overlays.pop();
        }
        _ => {}
    }
    vec![]
}
