//! `update(state, action) -> effects`: every change to the app, with no terminal and no database.

mod browse;
mod compose;
mod forms;
mod student;

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::action::Action;
use super::composer::Composer;
use super::effects::Effect;
use super::keymap::{self, Cmd, Ctx};
use super::state::{App, Overlay, Screen, StudentView};
use browse::{caseload, palette};
use compose::composer;
use forms::{conflict, form};
use student::{add, student};

/// Lines moved by PgUp/PgDn.
const PAGE: usize = 10;

/// Applies one action; returns the database work it asks for.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Key(k) => on_key(app, k),
        Action::Paste(s) => on_paste(app, &s),
        Action::CaseloadHeadLoaded(rows, counts) => {
            app.caseload = rows;
            app.caseload_counts = Some(counts);
            refilter(app);
            vec![]
        }
        Action::CaseloadLoaded(rows) => {
            let keep = app.selected_row().map(|r| r.id.clone());
            app.caseload = rows;
            app.caseload_counts = None;
            refilter(app);
            if let Some(id) = keep {
                if let Some(pos) = app.visible.iter().position(|i| app.caseload[*i].id == id) {
                    app.selected = pos;
                }
            }
            vec![]
        }
        Action::StudentLoaded(record, conflicts) => {
            let mut view = StudentView::new(*record, conflicts, app.today);
            if let Some(old) = &app.student {
                if old.record.student.id == view.record.student.id {
                    view.focus = old.focus;
                    for i in 0..3 {
                        view.selected[i] =
                            old.selected[i].min(view.items[i].len().saturating_sub(1));
                    }
                }
            }
            app.student = Some(view);
            if app.screen == Screen::Caseload {
                app.screen = Screen::Student;
            }
            vec![]
        }
        Action::ComposerOpened(c, resumed) => {
            app.composer = Some(c);
            app.screen = Screen::Composer;
            app.status = Some(if resumed {
                "Resumed the unsaved check-in.".into()
            } else {
                "Type what the student says; Tab moves on.".into()
            });
            vec![]
        }
        Action::FormOpened(f) => {
            app.overlays.push(Overlay::Form(f));
            vec![]
        }
        Action::FormSaved => {
            if matches!(app.overlays.last(), Some(Overlay::Form(_))) {
                app.overlays.pop();
            }
            app.status = Some("Saved.".into());
            vec![]
        }
        Action::CheckinSaved => {
            app.composer = None;
            app.screen = if app.student.is_some() {
                Screen::Student
            } else {
                Screen::Caseload
            };
            app.status = Some("Check-in saved.".into());
            vec![]
        }
        Action::Saved(msg) => {
            app.status = Some(msg);
            vec![]
        }
        Action::Reload(id) => {
            let mut v = vec![Effect::LoadCaseload];
            if app.student.is_some() || app.screen != Screen::Caseload {
                v.push(Effect::LoadStudent(id));
            }
            v
        }
        Action::ShowLines(title, lines) => {
            app.overlays.push(Overlay::Lines {
                title,
                lines,
                scroll: 0,
                edit: None,
            });
            vec![]
        }
        Action::DraftsFound(found) => {
            for (id, name) in found.into_iter().rev() {
                app.overlays.push(Overlay::Confirm {
                    question: format!(
                        "Resume the unsaved check-in for {name}? (y resumes; n keeps it for later)"
                    ),
                    yes: vec![Effect::LoadStudent(id.clone()), Effect::OpenComposer(id)],
                    no: vec![],
                });
            }
            vec![]
        }
        Action::Failed(msg) => {
            if let Some(Overlay::Form(f)) = app.overlays.last_mut() {
                f.error = Some(msg.clone());
            }
            app.status = Some(msg);
            vec![]
        }
        Action::SaveDraftNow => {
            app.draft_dirty = false;
            draft_effects(app)
        }
    }
}

/// Drafts for everything being typed now.
pub fn draft_effects(app: &App) -> Vec<Effect> {
    let mut v = Vec::new();
    if let Some(c) = &app.composer {
        if !c.is_empty() {
            let body = serde_json::to_string(&c.draft()).unwrap_or_default();
            v.push(Effect::SaveDraft(Composer::draft_key(&c.student_id), body));
        }
    }
    for o in &app.overlays {
        if let Overlay::Form(f) = o {
            if !f.changed().is_empty() {
                let body = serde_json::Value::Object(f.texts()).to_string();
                v.push(Effect::SaveDraft(f.draft_key(), body));
            }
        }
    }
    v
}

fn on_paste(app: &mut App, s: &str) -> Vec<Effect> {
    let target = if let Some(Overlay::Form(f)) = app.overlays.last_mut() {
        f.focused()
    } else if app.overlays.is_empty() && app.screen == Screen::Composer {
        app.composer.as_mut().and_then(|c| c.field_mut())
    } else {
        None
    };
    match target {
        Some(area) => {
            super::text::paste(area, s);
            app.draft_dirty = true;
        }
        None if app.filtering => {
            app.filter.push_str(&crate::domain::clean_line(s));
            refilter(app);
        }
        None => app.status = Some("Paste into a text field (e to edit, n for a check-in).".into()),
    }
    vec![]
}

fn on_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    // A choice's own letters come before any other meaning of the key.
    if let (Some(Overlay::Choose(options)), KeyCode::Char(c)) = (app.overlays.last(), key.code) {
        if let Some((_, _, what)) = options.iter().find(|(k, _, _)| *k == c) {
            let what = what.clone();
            app.overlays.pop();
            return add(app, what);
        }
    }
    let ctx = app.ctx();
    let cmd = keymap::resolve(ctx, &key);
    if cmd.is_some()
        || !matches!(
            ctx,
            Ctx::ComposerText | Ctx::ComposerNote | Ctx::Form | Ctx::Filter
        )
    {
        app.status = None;
    }
    match (ctx, cmd) {
        (_, Some(cmd)) => run(app, ctx, cmd),
        (Ctx::ComposerText | Ctx::ComposerNote, None) => {
            if let Some(area) = app.composer.as_mut().and_then(|c| c.field_mut()) {
                area.input(key);
                app.draft_dirty = true;
            }
            vec![]
        }
        (Ctx::Form, None) => {
            if let Some(Overlay::Form(f)) = app.overlays.last_mut() {
                if let Some(area) = f.focused() {
                    area.input(key);
                    app.draft_dirty = true;
                }
            }
            vec![]
        }
        (Ctx::Filter, None) => {
            edit_line(app, key);
            vec![]
        }
        _ => vec![],
    }
}

/// Typing into the caseload filter or the palette's query.
fn edit_line(app: &mut App, key: KeyEvent) {
    let palette = matches!(app.overlays.last(), Some(Overlay::Palette { .. }));
    let line = match app.overlays.last_mut() {
        Some(Overlay::Palette {
            query, selected, ..
        }) => {
            *selected = 0;
            query
        }
        _ => &mut app.filter,
    };
    match key.code {
        KeyCode::Backspace => {
            line.pop();
        }
        KeyCode::Char(c)
            if !key
                .modifiers
                .contains(ratatui::crossterm::event::KeyModifiers::CONTROL) =>
        {
            line.push(c)
        }
        _ => return,
    }
    if !palette {
        refilter(app);
    }
}

/// Recomputes which caseload lines pass the filter (fuzzy, best first).
pub fn refilter(app: &mut App) {
    app.visible = super::filter::filter(&app.caseload, &app.filter);
    if app.selected >= app.visible.len() {
        app.selected = app.visible.len().saturating_sub(1);
    }
}

pub(super) fn moved(pos: usize, len: usize, cmd: Cmd) -> usize {
    let last = len.saturating_sub(1);
    match cmd {
        Cmd::Up => pos.saturating_sub(1),
        Cmd::Down => (pos + 1).min(last),
        Cmd::Top => 0,
        Cmd::Bottom => last,
        Cmd::PageUp => pos.saturating_sub(PAGE),
        Cmd::PageDown => (pos + PAGE).min(last),
        _ => pos,
    }
}

pub(super) fn is_move(cmd: Cmd) -> bool {
    matches!(
        cmd,
        Cmd::Up | Cmd::Down | Cmd::Top | Cmd::Bottom | Cmd::PageUp | Cmd::PageDown
    )
}

/// Runs a command in a context (from a key or from the palette).
pub fn run(app: &mut App, ctx: Ctx, cmd: Cmd) -> Vec<Effect> {
    if cmd == Cmd::Help
        && matches!(
            ctx,
            Ctx::Caseload
                | Ctx::Student
                | Ctx::ComposerText
                | Ctx::ComposerNote
                | Ctx::ComposerRate
                | Ctx::ComposerNext
                | Ctx::Form
        )
    {
        app.overlays.push(Overlay::Help(ctx));
        return vec![];
    }
    if cmd == Cmd::Palette {
        app.overlays.push(Overlay::Palette {
            query: String::new(),
            selected: 0,
            ctx,
        });
        return vec![];
    }
    if cmd == Cmd::Quit {
        app.quit = true;
        return draft_effects(app);
    }
    let in_palette = matches!(app.overlays.last(), Some(Overlay::Palette { .. }));
    match ctx {
        Ctx::Filter if in_palette => palette(app, cmd),
        Ctx::Caseload | Ctx::Filter => caseload(app, cmd),
        Ctx::Student => student(app, cmd),
        Ctx::ComposerText | Ctx::ComposerRate | Ctx::ComposerNext | Ctx::ComposerNote => {
            composer(app, cmd)
        }
        Ctx::Form => form(app, cmd),
        Ctx::Confirm => {
            let Some(Overlay::Confirm { yes, no, .. }) = app.overlays.pop() else {
                return vec![];
            };
            match cmd {
                Cmd::Yes => yes,
                _ => no,
            }
        }
        Ctx::Conflict => conflict(app, cmd),
        Ctx::Overlay => {
            match app.overlays.last_mut() {
                Some(Overlay::Lines { scroll, lines, .. }) if is_move(cmd) => {
                    *scroll = moved(*scroll, lines.len(), cmd);
                }
                Some(Overlay::Lines {
                    edit: Some(effect), ..
                }) if cmd == Cmd::Edit => {
                    let effect = effect.clone();
                    app.overlays.pop();
                    return vec![effect];
                }
                _ if cmd == Cmd::Back => {
                    app.overlays.pop();
                }
                _ => {}
            }
            vec![]
        }
    }
}
