//! Keys in edit forms and in the conflict view.

use super::keep;
use crate::store::Entity;
use crate::tui::effects::{AfterKept, Effect, FieldChange};
use crate::tui::form::Target;
use crate::tui::keymap::Cmd;
use crate::tui::state::{App, Overlay};

pub(super) fn form(app: &mut App, cmd: Cmd) -> Vec<Effect> {
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
            let changes: Vec<FieldChange> = if is_new {
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
        Cmd::Merge => format!("{}\n\n{}", text(&c.shown.value), text(&c.other.value)),
        Cmd::Back => {
            app.overlays.pop();
            return vec![];
        }
        _ => return vec![],
    };
    let effect = Effect::Resolve {
        entity,
        id: c.entity_id.clone(),
        field: c.field.clone(),
        text: chosen,
        student,
    };
    app.overlays.pop();
    vec![effect]
}
