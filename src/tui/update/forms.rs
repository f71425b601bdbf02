//! Keys in edit forms and in the conflict view.

use super::draft_effects;
use crate::store::Entity;
use crate::tui::effects::Effect;
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
            let changes: Vec<(String, String, Option<String>)> = if is_new {
                f.fields
                    .iter()
                    .map(|x| (x.name.to_string(), crate::tui::text::text(&x.area), None))
                    .filter(|(_, t, _)| !t.trim().is_empty())
                    .collect()
            } else {
                f.changed()
                    .into_iter()
                    .map(|x| {
                        (
                            x.name.to_string(),
                            crate::tui::text::text(&x.area),
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

pub(super) fn conflict(app: &mut App, cmd: Cmd) -> Vec<Effect> {
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
