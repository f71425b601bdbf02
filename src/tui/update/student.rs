//! Keys in a student's workspace: panes, editing, adding, retiring, history.

use super::{is_move, moved};
use crate::domain::school_year_of;
use crate::store::Entity;
use crate::tui::effects::Effect;
use crate::tui::form::{fields_of, Shape, Target};
use crate::tui::keymap::Cmd;
use crate::tui::state::{AddOption, AddWhat, App, Item, Overlay, Pane, Screen, StudentView};

pub(super) fn student(app: &mut App, cmd: Cmd) -> Vec<Effect> {
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
        Cmd::Back if view.year.is_some() => {
            let (today, show) = (app.today, app.show_retired);
            super::year_end::show_year(view, None, today, show);
            app.status = Some("Back to this year's plan.".into());
        }
        Cmd::OtherYear => super::year_end::other_year(app),
        Cmd::YearEndReview => return super::year_end::start(app),
        Cmd::Back => {
            app.student = None;
            if app.reports.is_some() {
                // Back to the reports it was opened from, read again (it may have changed).
                return super::reports::open(app);
            }
            app.screen = Screen::Caseload;
            return vec![Effect::LoadCaseload];
        }
        Cmd::NewCheckin => return vec![Effect::OpenComposer { student: sid }],
        Cmd::Reports => return super::reports::open(app),
        Cmd::Edit => return edit(app),
        Cmd::Add => {
            let option = |key, label, what| AddOption { key, label, what };
            let mut options: Vec<AddOption> = Vec::new();
            match view.focus {
                Pane::Profile => options.push(option('t', "team member", AddWhat::Team)),
                Pane::Goals => {
                    options.push(option('g', "goal", AddWhat::Goal));
                    let goal = match view.selected_item() {
                        Some(Item::Goal(g)) => Some(g.goal.id.clone()),
                        Some(Item::Strategy(s)) => Some(s.goal_id.clone()),
                        _ => None,
                    };
                    match goal {
                        Some(g) => {
                            options.push(option(
                                's',
                                "strategy for the selected goal",
                                AddWhat::Strategy(g.clone()),
                            ));
                            options.push(option(
                                'v',
                                "evidence for the selected goal",
                                AddWhat::Evidence(Some(g)),
                            ));
                        }
                        None => options.push(option('v', "evidence", AddWhat::Evidence(None))),
                    }
                }
                Pane::Log => {
                    options.push(option('n', "check-in", AddWhat::CheckIn));
                    options.push(option('i', "intervention", AddWhat::Intervention));
                }
            }
            if options.len() == 1 {
                return add(app, options.remove(0).what);
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
                    format!("the check-in of {}", crate::domain::show_opt_date(c.date)),
                ),
                Some(Item::Plan(_)) => {
                    app.status = Some("A year's plan is kept; retire its goals instead.".into());
                    return vec![];
                }
                _ => {
                    app.status = Some("Profile fields are edited, not retired.".into());
                    return vec![];
                }
            };
            // Cut short where long, so that the question and its keys fit the box.
            let what = crate::tui::view::width::fit(&crate::tui::view::width::plain(&what), 60);
            app.overlays.push(Overlay::Confirm {
                question: format!("Retire \"{what}\"? It stays in the history. (y/n)"),
                yes: vec![Effect::Retire {
                    entity,
                    id,
                    student: sid,
                }],
                no: vec![],
                offer: false,
            });
        }
        Cmd::History => {
            let (entity, id, fields, title) = match view.selected_item() {
                Some(Item::Profile(f, l)) => (
                    Entity::Student,
                    sid,
                    vec![(*f, *l)],
                    format!("History: {l}"),
                ),
                Some(Item::Goal(g)) => (
                    Entity::Goal,
                    g.goal.id.clone(),
                    vec![("title", "Goal")],
                    "History: goal".into(),
                ),
                Some(Item::Strategy(s)) => (
                    Entity::Strategy,
                    s.id.clone(),
                    vec![("what", "Strategy")],
                    "History: strategy".into(),
                ),
                Some(Item::Plan(p)) => (
                    Entity::Plan,
                    p.id.clone(),
                    fields_of(Entity::Plan).to_vec(),
                    "History: annual review".into(),
                ),
                Some(Item::CheckIn(c)) => (
                    Entity::CheckIn,
                    c.id.clone(),
                    fields_of(Entity::CheckIn).to_vec(),
                    "History: check-in".into(),
                ),
                _ => {
                    app.status = Some(
                        "History is kept for profile fields, goals, strategies and check-ins."
                            .into(),
                    );
                    return vec![];
                }
            };
            return vec![Effect::History {
                entity,
                record: id,
                fields,
                title,
            }];
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
        student: sid.clone(),
    };
    let goal_title = |goal: &str| {
        let t = view.record.title_of(goal).map(crate::domain::clean_line);
        t.filter(|t| !t.is_empty())
    };
    let mut shape = Shape::Record;
    let (target, title, entity_id) = match view.selected_item() {
        Some(Item::Profile(f, _)) => {
            shape = Shape::Profile { focus: f };
            (
                existing(Entity::Student, &sid),
                "Profile".to_string(),
                sid.clone(),
            )
        }
        Some(Item::Details) => (
            existing(Entity::Student, &sid),
            "Student details".into(),
            sid.clone(),
        ),
        Some(Item::Plan(p)) => (
            existing(Entity::Plan, &p.id),
            format!("Plan {}", p.school_year),
            p.id.clone(),
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
            match goal_title(&s.goal_id) {
                Some(g) => format!("Strategy for: {g}"),
                None => "Strategy".into(),
            },
            s.id.clone(),
        ),
        Some(Item::Evidence(e)) => (
            existing(Entity::Evidence, &e.id),
            match e.goal_id.as_deref().and_then(goal_title) {
                Some(g) => format!("Evidence for: {g}"),
                None => "Evidence".into(),
            },
            e.id.clone(),
        ),
        Some(Item::Intervention(i)) => (
            existing(Entity::Intervention, &i.id),
            "Intervention".into(),
            i.id.clone(),
        ),
        Some(Item::CheckIn(c)) => {
            let lines = crate::tui::view::checkin_lines(c, &view.record);
            let date = crate::domain::show_opt_date(c.date);
            // Where nothing can be typed, it is only read: the title names no key that edits.
            let keys = if app.typing_refused {
                "h shows earlier words"
            } else {
                "e edits; h shows earlier words"
            };
            app.overlays.push(Overlay::Lines {
                title: format!("Check-in {date} ({keys})"),
                lines,
                scroll: 0,
                edit: Some(Box::new(Effect::EditCheckin {
                    student: view.record.student.id.clone(),
                    checkin: c.id.clone(),
                })),
                history: Some(Box::new(Effect::History {
                    entity: Entity::CheckIn,
                    record: c.id.clone(),
                    fields: fields_of(Entity::CheckIn).to_vec(),
                    title: "History: check-in".into(),
                })),
            });
            return vec![];
        }
        None => {
            app.status = Some("Nothing to edit here yet: a adds one.".into());
            return vec![];
        }
    };
    // A field with two versions opens the conflict view first.
    let field = match &shape {
        Shape::Profile { focus } => Some(*focus),
        Shape::Record => None,
    };
    if let Some(c) = view
        .conflicts
        .iter()
        .find(|c| c.entity_id == entity_id && field.is_none_or(|f| c.field == f))
    {
        app.overlays.push(Overlay::Conflict(Box::new(c.clone())));
        return vec![];
    }
    vec![Effect::OpenForm {
        target,
        title,
        shape,
    }]
}

pub(super) fn add(app: &mut App, what: AddWhat) -> Vec<Effect> {
    let Some(view) = app.student.as_ref() else {
        return vec![];
    };
    let sid = view.record.student.id.clone();
    let goal_title = |goal: &str| {
        let t = view.record.title_of(goal).map(crate::domain::clean_line);
        t.filter(|t| !t.is_empty())
    };
    let new = |entity, links: Vec<(&'static str, String)>| Target::New {
        entity,
        student: sid.clone(),
        links,
    };
    let (target, title) = match what {
        AddWhat::CheckIn => return vec![Effect::OpenComposer { student: sid }],
        AddWhat::Goal => {
            let year = school_year_of(app.today);
            let count = view.goals_in(&year);
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
        AddWhat::Strategy(goal) => {
            let title = match goal_title(&goal) {
                Some(g) => format!("Strategy for: {g}"),
                None => "New strategy".to_string(),
            };
            (new(Entity::Strategy, vec![("goal_id", goal)]), title)
        }
        AddWhat::Evidence(goal) => {
            let title = match goal.as_deref().and_then(goal_title) {
                Some(g) => format!("Evidence for: {g}"),
                None => "New evidence".to_string(),
            };
            (
                new(
                    Entity::Evidence,
                    goal.into_iter().map(|g| ("goal_id", g)).collect(),
                ),
                title,
            )
        }
        AddWhat::Team => (
            new(Entity::TeamMember, vec![]),
            "New team member".to_string(),
        ),
        AddWhat::Intervention => (
            new(Entity::Intervention, vec![]),
            "New intervention".to_string(),
        ),
    };
    vec![Effect::OpenForm {
        target,
        title,
        shape: Shape::Record,
    }]
}
