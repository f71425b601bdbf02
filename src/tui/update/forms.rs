//! Keys in edit forms and in the conflict view.

use super::keep;
use crate::domain::{Field, Parse, Typing};
use crate::store::Entity;
use crate::tui::effects::{AfterKept, Effect, FieldChange};
use crate::tui::form::{Form, Target};
use crate::tui::keymap::Cmd;
use crate::tui::state::{App, Overlay};

pub(super) fn form(app: &mut App, cmd: Cmd) -> Vec<Effect> {
    let year = goal_plan_year(app);
    let today = app.today;
    let Some(Overlay::Form(f)) = app.overlays.last_mut() else {
        return vec![];
    };
    match cmd {
        Cmd::NextPane => f.next(),
        Cmd::PrevPane => f.prev(),
        Cmd::Save => {
            let is_new = matches!(f.target, Target::New { .. });
            let change = |x: &crate::tui::form::FormField, base: Option<String>| FieldChange {
                field: x.name.to_string(),
                text: crate::tui::text::text(&x.area),
                base,
            };
            let mut changes: Vec<FieldChange> = if is_new {
                f.fields
                    .iter()
                    .map(|x| change(x, None))
                    .filter(|c| !c.text.trim().is_empty())
                    .collect()
            } else {
                f.changed()
                    .into_iter()
                    .map(|x| change(x, x.base.clone()))
                    .collect()
            };
            // Read against today and the form's other fields (a graduation year against the
            // grade beside it, a next date after the day held).
            let record: Vec<(&str, String)> = f
                .fields
                .iter()
                .map(|x| (x.name, crate::tui::text::text(&x.area)))
                .collect();
            let typing = Typing {
                today,
                record: &record,
            };
            whole_dates(f, &mut changes, &typing);
            if let Some((at, why)) = refused(f, &changes, is_new, &typing) {
                // Nothing is saved: the form stays open at the field, saying what it needs.
                f.focus = at;
                f.error = Some(why.clone());
                app.status = Some(why);
                return vec![];
            }
            if let Some((at, text, why)) = warning(f, &changes, year.as_deref()) {
                // Said once; F2 again on the same text saves it.
                if f.warned.as_deref() != Some(text.as_str()) {
                    f.focus = at;
                    f.error = Some(why.clone());
                    f.warned = Some(text);
                    app.status = Some(why);
                    return vec![];
                }
            }
            if changes.is_empty() {
                let key = f.draft_key();
                app.overlays.pop();
                app.status = Some("Nothing changed.".into());
                return vec![Effect::DeleteDraft { key }];
            }
            return vec![Effect::SaveForm {
                target: f.target.clone(),
                changes,
                draft: f.draft_key(),
            }];
        }
        Cmd::Back => return keep(app, AfterKept::CloseForm),
        _ => {}
    }
    vec![]
}

/// The first field the form cannot save as typed, and why in one sentence naming the field as
/// the form shows it: a field the field table says must be filled in left blank (in a new record
/// or an edited one; never filled in behind the form), or a value its parser refuses.
fn refused(
    f: &Form,
    changes: &[FieldChange],
    is_new: bool,
    typing: &Typing,
) -> Option<(usize, String)> {
    let entity = f.target.entity();
    for (at, field) in f.fields.iter().enumerate() {
        let Some(spec) = entity.field(field.name) else {
            continue;
        };
        let change = changes.iter().find(|c| c.field == field.name);
        let saved = change.is_some();
        let text = change.map_or_else(|| crate::tui::text::text(&field.area), |c| c.text.clone());
        let blank = crate::domain::clean_line(&text).is_empty();
        // An edit leaves a field that was already blank alone (a record written before the
        // field was needed still opens and saves); emptying it is refused.
        let checked = is_new || saved;
        let why = if checked && blank && (spec.needed.is_some() || spec.parse == Parse::Name) {
            Some(empty(spec))
        } else if saved {
            spec.from_typed(&text, typing).err().map(|e| {
                // A sentence that names the field already is not headed by its name again.
                let e = sentence(&e.to_string());
                let label = label(spec);
                if e.to_lowercase().starts_with(&label.to_lowercase()) {
                    format!("{e}.")
                } else {
                    format!("{label}: {e}.")
                }
            })
        } else {
            None
        };
        if let Some(why) = why {
            return Some((at, why));
        }
    }
    None
}

/// Writes each date typed without its year ("11/20", "Nov 22") whole, as the day the field
/// takes it for (see [`crate::domain::DayNear`]), so that what is saved is that day; a date
/// that is none is left as typed, for [`refused`] to say why.
fn whole_dates(f: &Form, changes: &mut [FieldChange], typing: &Typing) {
    let entity = f.target.entity();
    for c in changes {
        let Some(spec) = entity.field(&c.field).filter(|s| s.parse == Parse::Date) else {
            continue;
        };
        if let Ok(serde_json::Value::String(whole)) = spec.from_typed(&c.text, typing) {
            c.text = whole;
        }
    }
}

/// The school year of the plan a goal's form is for (a new goal's, or the one it is in).
fn goal_plan_year(app: &App) -> Option<String> {
    let Some(Overlay::Form(f)) = app.overlays.last() else {
        return None;
    };
    match &f.target {
        Target::New {
            entity: Entity::Goal,
            links,
            ..
        } => links
            .iter()
            .find(|(k, _)| *k == "school_year")
            .map(|(_, y)| y.clone()),
        Target::Existing {
            entity: Entity::Goal,
            id,
            ..
        } => app
            .student
            .as_ref()?
            .record
            .plans
            .iter()
            .find(|p| p.goals.iter().any(|g| g.goal.id == *id))
            .map(|p| p.plan.school_year.clone()),
        _ => None,
    }
}

/// What a form may save but is warned of first, as (field, the text warned about, the one
/// sentence): a goal's target date outside its plan's school year (a year typed wrong, most
/// likely).
fn warning(
    f: &Form,
    changes: &[FieldChange],
    year: Option<&str>,
) -> Option<(usize, String, String)> {
    let year = year?;
    let change = changes.iter().find(|c| c.field == "target_date")?;
    let date = crate::domain::parse_typed_date(&change.text).ok()?;
    if crate::domain::school_year_of(date) == year {
        return None;
    }
    let at = f.fields.iter().position(|x| x.name == "target_date")?;
    let label = f
        .target
        .entity()
        .field(change.field.as_str())
        .map_or("Target date", label);
    let why = format!(
        "{label}: {} is outside this plan's school year ({year}); F2 again saves it.",
        crate::domain::show_date(date)
    );
    Some((at, change.text.clone(), why))
}

/// A field's name as its form shows it, without the words it accepts.
fn label(spec: &Field) -> &'static str {
    spec.short_label()
}

/// The sentence for a field that must be filled in and was left blank.
fn empty(spec: &Field) -> String {
    let label = label(spec);
    match spec.parse {
        Parse::Vocab(_) => {
            let words = spec
                .label
                .split_once(" (")
                .map_or("", |(_, l)| l.trim_end_matches(')'));
            format!("{label} is empty: type one of {words}.")
        }
        Parse::Date => format!(
            "{label} is empty: type a date ({}).",
            crate::domain::date_formats()
        ),
        _ => format!("{label} is empty: type it before saving."),
    }
}

/// A message as a sentence: its first letter capital.
pub(super) fn sentence(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|first| first.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

pub(super) fn conflict(app: &mut App, cmd: Cmd) -> Vec<Effect> {
    let Some(Overlay::Conflict(c)) = app.overlays.last() else {
        return vec![];
    };
    let Some(student) = app.student.as_ref().map(|v| v.record.student.id.clone()) else {
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
        // A field holding one value (a link, a grade): its two versions are never merged.
        Cmd::Merge if c.keeps_both() => {
            format!("{}\n\n{}", text(&c.shown.value), text(&c.other.value))
        }
        Cmd::Back => {
            app.overlays.pop();
            return vec![];
        }
        _ => return vec![],
    };
    let said = match cmd {
        Cmd::Merge => "Merged: both versions are kept, one after the other.",
        Cmd::KeepShown => "Kept the version shown; the choice is recorded.",
        _ => "Kept the other version; the choice is recorded.",
    };
    let effect = Effect::Resolve {
        entity,
        id: c.entity_id.clone(),
        field: c.field.clone(),
        text: chosen,
        chosen: c.chosen_base(),
        student,
        said: said.into(),
    };
    app.overlays.pop();
    vec![effect]
}
