//! `update(state, action) -> effects`: every change to the app, with no terminal and no database.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::action::Action;
use super::composer::{Composer, Step};
use super::effects::Effect;
use super::form::Target;
use super::keymap::{self, Cmd, Ctx};
use super::state::{AddWhat, App, Item, Overlay, Pane, Screen, StudentView};
use crate::domain::{school_year_of, Verdict};
use crate::store::Entity;

/// Lines moved by PgUp/PgDn.
const PAGE: usize = 10;

/// Applies one action; returns the database work it asks for.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Key(k) => on_key(app, k),
        Action::Paste(s) => on_paste(app, &s),
        Action::CaseloadLoaded(rows) => {
            let keep = app.selected_row().map(|r| r.id.clone());
            app.caseload = rows;
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
    if cmd.is_some() || !matches!(ctx, Ctx::ComposerText | Ctx::Form | Ctx::Filter) {
        app.status = None;
    }
    match (ctx, cmd) {
        (_, Some(cmd)) => run(app, ctx, cmd),
        (Ctx::ComposerText, None) => {
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

fn moved(pos: usize, len: usize, cmd: Cmd) -> usize {
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

fn is_move(cmd: Cmd) -> bool {
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
        Ctx::ComposerText | Ctx::ComposerRate | Ctx::ComposerNext => composer(app, cmd),
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
                _ if cmd == Cmd::Back => {
                    app.overlays.pop();
                }
                _ => {}
            }
            vec![]
        }
    }
}

fn caseload(app: &mut App, cmd: Cmd) -> Vec<Effect> {
    if is_move(cmd) {
        app.selected = moved(app.selected, app.visible.len(), cmd);
        return vec![];
    }
    let selected = app.selected_row().map(|r| r.id.clone());
    match cmd {
        Cmd::Open => {
            app.filtering = false;
            selected.map(Effect::LoadStudent).into_iter().collect()
        }
        Cmd::NewCheckin => selected
            .map(|id| vec![Effect::LoadStudent(id.clone()), Effect::OpenComposer(id)])
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
            });
            vec![]
        }
        _ => vec![],
    }
}

fn palette(app: &mut App, cmd: Cmd) -> Vec<Effect> {
    let Some(Overlay::Palette {
        query,
        selected,
        ctx,
    }) = app.overlays.last_mut()
    else {
        return vec![];
    };
    let entries = super::filter::palette_entries(*ctx, query);
    match cmd {
        Cmd::Up => *selected = selected.saturating_sub(1),
        Cmd::Down => *selected = (*selected + 1).min(entries.len().saturating_sub(1)),
        Cmd::Open => {
            let origin = *ctx;
            let chosen = entries.get(*selected).map(|b| b.cmd);
            app.overlays.pop();
            if let Some(c) = chosen {
                return run(app, origin, c);
            }
        }
        Cmd::Back => {
            app.overlays.pop();
        }
        _ => {}
    }
    vec![]
}

fn student(app: &mut App, cmd: Cmd) -> Vec<Effect> {
    let Some(view) = app.student.as_mut() else {
        app.screen = Screen::Caseload;
        return vec![];
    };
    let sid = view.record.student.id.clone();
    let pane = StudentView::pane_index(view.focus);
    if is_move(cmd) {
        view.selected[pane] = moved(view.selected[pane], view.items[pane].len(), cmd);
        return vec![];
    }
    match cmd {
        Cmd::NextPane | Cmd::PrevPane => {
            let step = if cmd == Cmd::NextPane { 1 } else { 2 };
            view.focus = Pane::ALL[(pane + step) % 3];
        }
        Cmd::Pane1 => view.focus = Pane::Profile,
        Cmd::Pane2 => view.focus = Pane::Goals,
        Cmd::Pane3 => view.focus = Pane::Log,
        Cmd::Back => {
            app.screen = Screen::Caseload;
            app.student = None;
            return vec![Effect::LoadCaseload];
        }
        Cmd::NewCheckin => return vec![Effect::OpenComposer(sid)],
        Cmd::Edit => return edit(app),
        Cmd::Add => {
            let mut options: Vec<(char, &'static str, AddWhat)> = Vec::new();
            match view.focus {
                Pane::Profile => options.push(('t', "team member", AddWhat::Team)),
                Pane::Goals => {
                    options.push(('g', "goal", AddWhat::Goal));
                    let goal = match view.selected_item() {
                        Some(Item::Goal(g)) => Some(g.goal.id.clone()),
                        Some(Item::Strategy(s)) => Some(s.goal_id.clone()),
                        _ => None,
                    };
                    if let Some(g) = goal {
                        options.push(('s', "strategy for the selected goal", AddWhat::Strategy(g)));
                    }
                    options.push(('v', "evidence", AddWhat::Evidence));
                }
                Pane::Log => {
                    options.push(('n', "check-in", AddWhat::CheckIn));
                    options.push(('i', "intervention", AddWhat::Intervention));
                }
            }
            if options.len() == 1 {
                return add(app, options.remove(0).2);
            }
            app.overlays.push(Overlay::Choose(options));
        }
        Cmd::Retire => {
            let (entity, id, what) = match view.selected_item() {
                Some(Item::Team(m)) => (Entity::TeamMember, m.id.clone(), m.name.clone()),
                Some(Item::Goal(g)) => (Entity::Goal, g.goal.id.clone(), g.goal.title.clone()),
                Some(Item::Strategy(s)) => (Entity::Strategy, s.id.clone(), s.what.clone()),
                Some(Item::Evidence(e)) => (Entity::Evidence, e.id.clone(), e.title.clone()),
                Some(Item::Intervention(i)) => {
                    (Entity::Intervention, i.id.clone(), i.description.clone())
                }
                Some(Item::CheckIn(c)) => (
                    Entity::CheckIn,
                    c.id.clone(),
                    format!(
                        "the check-in of {}",
                        c.date.map(|d| d.to_string()).unwrap_or_default()
                    ),
                ),
                _ => {
                    app.status = Some("Profile fields are edited, not retired.".into());
                    return vec![];
                }
            };
            let what = crate::domain::clean_line(&what);
            app.overlays.push(Overlay::Confirm {
                question: format!("Retire \"{what}\"? It stays in the history. (y/n)"),
                yes: vec![Effect::Retire(entity, id, sid)],
                no: vec![],
            });
        }
        Cmd::History => {
            let (id, field, title) = match view.selected_item() {
                Some(Item::Profile(f, l)) => (sid, f.to_string(), format!("History: {l}")),
                Some(Item::Goal(g)) => (g.goal.id.clone(), "title".into(), "History: goal".into()),
                Some(Item::Strategy(s)) => {
                    (s.id.clone(), "what".into(), "History: strategy".into())
                }
                _ => {
                    app.status =
                        Some("History is kept for profile fields, goals and strategies.".into());
                    return vec![];
                }
            };
            return vec![Effect::History(id, field, title)];
        }
        _ => {}
    }
    vec![]
}

fn edit(app: &mut App) -> Vec<Effect> {
    let Some(view) = app.student.as_ref() else {
        return vec![];
    };
    let sid = view.record.student.id.clone();
    let existing = |entity, id: &str| Target::Existing {
        entity,
        id: id.to_string(),
    };
    let (target, title, entity_id) = match view.selected_item() {
        Some(Item::Profile(f, _)) => (
            existing(Entity::Student, &sid),
            format!("profile:{f}"),
            sid.clone(),
        ),
        Some(Item::Details) => (
            existing(Entity::Student, &sid),
            "Student details".into(),
            sid.clone(),
        ),
        Some(Item::Team(m)) => (
            existing(Entity::TeamMember, &m.id),
            "Team member".into(),
            m.id.clone(),
        ),
        Some(Item::Goal(g)) => (
            existing(Entity::Goal, &g.goal.id),
            "Goal".into(),
            g.goal.id.clone(),
        ),
        Some(Item::Strategy(s)) => (
            existing(Entity::Strategy, &s.id),
            "Strategy".into(),
            s.id.clone(),
        ),
        Some(Item::Evidence(e)) => (
            existing(Entity::Evidence, &e.id),
            "Evidence".into(),
            e.id.clone(),
        ),
        Some(Item::Intervention(i)) => (
            existing(Entity::Intervention, &i.id),
            "Intervention".into(),
            i.id.clone(),
        ),
        Some(Item::CheckIn(c)) => {
            let lines = super::view::checkin_lines(c, &view.record);
            app.overlays.push(Overlay::Lines {
                title: format!(
                    "Check-in {} (check-ins are kept as written)",
                    c.date.map(|d| d.to_string()).unwrap_or_default()
                ),
                lines,
                scroll: 0,
            });
            return vec![];
        }
        None => return vec![],
    };
    // A field with two versions opens the conflict view first.
    let field = title.strip_prefix("profile:");
    if let Some(c) = view
        .conflicts
        .iter()
        .find(|c| c.entity_id == entity_id && field.is_none_or(|f| c.field == f))
    {
        app.overlays.push(Overlay::Conflict(Box::new(c.clone())));
        return vec![];
    }
    vec![Effect::OpenForm(target, title)]
}

fn add(app: &mut App, what: AddWhat) -> Vec<Effect> {
    let Some(view) = app.student.as_ref() else {
        return vec![];
    };
    let sid = view.record.student.id.clone();
    let new = |entity, mut links: Vec<(&'static str, String)>| {
        links.insert(0, ("student_id", sid.clone()));
        Target::New { entity, links }
    };
    let (target, title) = match what {
        AddWhat::CheckIn => return vec![Effect::OpenComposer(sid)],
        AddWhat::Goal => {
            let year = school_year_of(app.today);
            let count = view
                .record
                .plan_for(&year)
                .map(|p| p.goals.len())
                .unwrap_or(0);
            if count >= crate::domain::GOALS_WARN_ABOVE {
                app.status = Some(format!(
                    "This plan already has {count} goals; a plan works best with 2–4."
                ));
            }
            (
                new(Entity::Goal, vec![("school_year", year)]),
                "New goal".to_string(),
            )
        }
        AddWhat::Strategy(goal) => (
            new(Entity::Strategy, vec![("goal_id", goal)]),
            "New strategy".to_string(),
        ),
        AddWhat::Evidence => (new(Entity::Evidence, vec![]), "New evidence".to_string()),
        AddWhat::Team => (
            new(Entity::TeamMember, vec![]),
            "New team member".to_string(),
        ),
        AddWhat::Intervention => (
            new(Entity::Intervention, vec![]),
            "New intervention".to_string(),
        ),
    };
    vec![Effect::OpenForm(target, title)]
}

fn composer(app: &mut App, cmd: Cmd) -> Vec<Effect> {
    let Some(c) = app.composer.as_mut() else {
        app.screen = Screen::Caseload;
        return vec![];
    };
    let verdict = |v| (None, Some(v));
    let rated = |c: &mut Composer, (r, v): (Option<i64>, Option<Verdict>)| {
        c.rate(r, v);
        true
    };
    let changed = match cmd {
        Cmd::NextStep => {
            c.next_step();
            true
        }
        Cmd::PrevStep => {
            c.prev_step();
            true
        }
        Cmd::Rate(n) => rated(c, (Some(n as i64), None)),
        Cmd::Working => rated(c, verdict(Verdict::Working)),
        Cmd::Partly => rated(c, verdict(Verdict::Partly)),
        Cmd::NotWorking => rated(c, verdict(Verdict::NotWorking)),
        Cmd::NotTried => rated(c, verdict(Verdict::NotTried)),
        Cmd::Up if c.step == Step::Rate => {
            c.item = c.item.saturating_sub(1);
            false
        }
        Cmd::Down if c.step == Step::Rate => {
            c.item = (c.item + 1).min(c.items.len().saturating_sub(1));
            false
        }
        Cmd::Weeks(n) => {
            c.weeks = n;
            true
        }
        Cmd::Restricted => {
            c.restricted = !c.restricted;
            app.status = Some(if c.restricted {
                "Notes marked restricted: kept out of exports and reports.".into()
            } else {
                "Notes no longer restricted.".into()
            });
            true
        }
        Cmd::Save => {
            if c.is_empty() {
                app.status = Some("Nothing to save yet: start with what the student says.".into());
                return vec![];
            }
            let checkin = c.checkin();
            if let Err(e) = checkin.validate() {
                app.status = Some(e.to_string());
                return vec![];
            }
            let key = Composer::draft_key(&c.student_id);
            let mut effects = draft_effects(app);
            effects.push(Effect::SaveCheckin(Box::new(checkin), key));
            return effects;
        }
        Cmd::Back => {
            let effects = draft_effects(app);
            let kept = app.composer.as_ref().is_some_and(|c| !c.is_empty());
            app.composer = None;
            app.draft_dirty = false;
            app.screen = if app.student.is_some() {
                Screen::Student
            } else {
                Screen::Caseload
            };
            if kept {
                app.status = Some("Check-in kept as a draft: n continues it.".into());
            }
            return effects;
        }
        _ => false,
    };
    if changed {
        app.draft_dirty = true;
    }
    vec![]
}

fn form(app: &mut App, cmd: Cmd) -> Vec<Effect> {
    let Some(Overlay::Form(f)) = app.overlays.last_mut() else {
        return vec![];
    };
    match cmd {
        Cmd::NextPane => f.next(),
        Cmd::PrevPane => f.prev(),
        Cmd::Save => {
            let is_new = matches!(f.target, Target::New { .. });
            let changes: Vec<(String, String, Option<String>)> = if is_new {
                f.fields
                    .iter()
                    .map(|x| (x.name.to_string(), super::text::text(&x.area), None))
                    .filter(|(_, t, _)| !t.trim().is_empty())
                    .collect()
            } else {
                f.changed()
                    .into_iter()
                    .map(|x| {
                        (
                            x.name.to_string(),
                            super::text::text(&x.area),
                            x.base.clone(),
                        )
                    })
                    .collect()
            };
            if changes.is_empty() {
                let key = f.draft_key();
                app.overlays.pop();
                app.status = Some("Nothing changed.".into());
                return vec![Effect::DeleteDraft(key)];
            }
            return vec![Effect::SaveForm(f.target.clone(), changes, f.draft_key())];
        }
        Cmd::Back => {
            let effects = draft_effects(app);
            let kept = !effects.is_empty();
            app.overlays.pop();
            app.draft_dirty = false;
            if kept {
                app.status = Some("Kept as a draft: open it again to continue.".into());
            }
            return effects;
        }
        _ => {}
    }
    vec![]
}

fn conflict(app: &mut App, cmd: Cmd) -> Vec<Effect> {
    let Some(Overlay::Conflict(c)) = app.overlays.last() else {
        return vec![];
    };
    let text = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    };
    let Some(entity) = Entity::from_name(&c.entity) else {
        return vec![];
    };
    let chosen = match cmd {
        Cmd::KeepShown => text(&c.shown.value),
        Cmd::KeepOther => text(&c.other.value),
        Cmd::Merge => format!("{}\n\n{}", text(&c.shown.value), text(&c.other.value)),
        Cmd::Back => {
            app.overlays.pop();
            return vec![];
        }
        _ => return vec![],
    };
    let effect = Effect::Resolve(entity, c.entity_id.clone(), c.field.clone(), chosen);
    app.overlays.pop();
    vec![effect]
}
