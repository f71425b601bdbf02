//! Keys on the caseload and in the command palette.

use super::{is_move, moved, refilter, run};
use crate::tui::effects::Effect;
use crate::tui::keymap::Cmd;
use crate::tui::state::{App, Overlay};

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
                refilter(app);
            }
            vec![]
        }
        Cmd::Reports => {
            let lines = app
                .caseload
                .iter()
                .filter(|r| r.due != crate::domain::DueState::Later)
                .map(|r| {
                    format!(
                        "{} {:<12} {}  {}",
                        r.due.marker(),
                        r.due.word(),
                        r.next_due
                            .map(|d| d.to_string())
                            .unwrap_or_else(|| "—".into()),
                        crate::domain::clean_line(&r.name)
                    )
                })
                .collect();
            app.overlays.push(Overlay::Lines {
                title: "Due or overdue".into(),
                lines,
                scroll: 0,
                edit: None,
                history: None,
            });
            vec![]
        }
        _ => vec![],
    }
}

pub(super) fn palette(app: &mut App, cmd: Cmd) -> Vec<Effect> {
    let Some(Overlay::Palette {
        query,
        selected,
        ctx,
    }) = app.overlays.last_mut()
    else {
        return vec![];
    };
    let entries = crate::tui::filter::palette_entries(*ctx, query);
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
