//! The one place the app touches the database. Each effect runs and comes back as actions.

use serde_json::{Map, Value};

use super::action::Action;
use super::composer::{Composer, ComposerDraft};
use super::form::{fields_of, Form, Target};
use crate::domain::{clean_line, PROFILE_FIELDS};
use crate::store::{field_value_from_text, Base, Entity, Store, StoreError};

/// Work for the database.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Read the caseload again.
    LoadCaseload,
    /// Read the caseload's first lines and its counts (the first screen, before the rest).
    LoadCaseloadHead(usize),
    /// Open a student.
    LoadStudent(String),
    /// Open the composer for a student (with their draft, if any).
    OpenComposer(String),
    /// Save a check-in, then drop its draft.
    SaveCheckin(Box<crate::domain::CheckIn>, String),
    /// Save typing as a draft.
    SaveDraft(String, String),
    /// Drop a draft.
    DeleteDraft(String),
    /// Open a form on a record, or a new one.
    OpenForm(Target, String),
    /// Save a form's changes: target, (field, text, version) for each change.
    SaveForm(Target, Vec<(String, String, Option<String>)>, String),
    /// Retire a record.
    Retire(Entity, String, String),
    /// Show the revisions of a record's fields (several get a heading each): id, fields, title.
    History(String, Vec<(&'static str, &'static str)>, String),
    /// Settle a conflict with this text.
    Resolve(Entity, String, String, String),
    /// Look for unsaved drafts from last time.
    FindDrafts,
}

/// Runs an effect against the store; what happened comes back as actions.
pub fn run(store: &mut Store, effect: Effect, today: chrono::NaiveDate) -> Vec<Action> {
    match run_inner(store, effect, today) {
        Ok(actions) => actions,
        Err(e) => vec![Action::Failed(e.to_string())],
    }
}

fn run_inner(
    store: &mut Store,
    effect: Effect,
    today: chrono::NaiveDate,
) -> Result<Vec<Action>, StoreError> {
    Ok(match effect {
        Effect::LoadCaseload => vec![Action::CaseloadLoaded(store.caseload(today, false)?)],
        Effect::LoadCaseloadHead(n) => vec![Action::CaseloadHeadLoaded(
            store.caseload_head(today, n)?,
            store.caseload_counts(today)?,
        )],
        Effect::LoadStudent(id) => {
            let record = store.student(&id)?;
            let conflicts = store.conflicts_for_student(&record)?;
            vec![Action::StudentLoaded(Box::new(record), conflicts)]
        }
        Effect::OpenComposer(id) => {
            let record = store.student(&id)?;
            let draft = store
                .draft(&Composer::draft_key(&id))?
                .and_then(|d| serde_json::from_str::<ComposerDraft>(&d.body).ok());
            let resumed = draft.is_some();
            let composer = Composer::new(&record, today, draft);
            vec![Action::ComposerOpened(Box::new(composer), resumed)]
        }
        Effect::SaveCheckin(checkin, key) => {
            store.write(|w| w.add_checkin(&checkin))?;
            store.delete_draft(&key)?;
            vec![
                Action::CheckinSaved,
                Action::Reload(checkin.student_id.clone()),
            ]
        }
        Effect::SaveDraft(key, body) => {
            store.save_draft(&key, &body)?;
            vec![]
        }
        Effect::DeleteDraft(key) => {
            store.delete_draft(&key)?;
            vec![]
        }
        Effect::OpenForm(target, title) => {
            let mut form = open_form(store, target, title)?;
            if let Some(d) = store.draft(&form.draft_key())? {
                if let Ok(Value::Object(texts)) = serde_json::from_str::<Value>(&d.body) {
                    form.restore(&texts);
                }
            }
            vec![Action::FormOpened(Box::new(form))]
        }
        Effect::SaveForm(target, changes, key) => {
            let student = save_form(store, &target, &changes)?;
            store.delete_draft(&key)?;
            vec![Action::FormSaved, Action::Reload(student)]
        }
        Effect::Retire(entity, id, student) => {
            store.write(|w| w.retire(entity, &id))?;
            vec![
                Action::Saved(format!(
                    "Retired; it stays in the history ({}).",
                    entity.name()
                )),
                Action::Reload(student),
            ]
        }
        Effect::History(id, fields, title) => {
            let mut lines = Vec::new();
            for (field, label) in &fields {
                if fields.len() > 1 {
                    if !lines.is_empty() {
                        lines.push(String::new());
                    }
                    lines.push(format!("{label}:"));
                }
                lines.extend(store.history(&id, field)?.into_iter().rev().map(|r| {
                    let v = match &r.value {
                        Value::String(s) => s.clone(),
                        Value::Null => String::new(),
                        other => other.to_string(),
                    };
                    format!("{}  {}  {}", r.when, clean_line(&r.author), clean_line(&v))
                }));
            }
            vec![Action::ShowLines(title, lines)]
        }
        Effect::Resolve(entity, id, field, text) => {
            let value = field_value_from_text(entity, &field, &text)?;
            store.write(|w| w.set(entity, &id, &field, value, Base::All))?;
            let student: Option<String> = store
                .conn()
                .query_row(
                    &format!(
                        "SELECT {} FROM {} WHERE id = ?1",
                        student_column(entity),
                        entity.table()
                    ),
                    [&id],
                    |r| r.get(0),
                )
                .ok();
            let mut out = vec![Action::Saved("Kept; the choice is recorded.".into())];
            out.extend(student.map(Action::Reload));
            out
        }
        Effect::FindDrafts => {
            let mut found = Vec::new();
            for d in store.drafts()? {
                let Some(student_id) = d.key.strip_prefix("checkin:") else {
                    continue;
                };
                if let Ok(rec) = store.student(student_id) {
                    found.push((
                        student_id.to_string(),
                        clean_line(&rec.student.display_name()),
                    ));
                }
            }
            vec![Action::DraftsFound(found)]
        }
    })
}

fn student_column(entity: Entity) -> &'static str {
    if entity == Entity::Student {
        "id"
    } else {
        "student_id"
    }
}

fn open_form(store: &Store, target: Target, title: String) -> Result<Form, StoreError> {
    let (entity, id) = match &target {
        Target::Existing { entity, id } => (*entity, Some(id.clone())),
        Target::New { entity, .. } => (*entity, None),
    };
    let current: Map<String, Value> = match &id {
        Some(id) => store
            .get::<Value>(entity, id)?
            .and_then(|v| v.as_object().cloned())
            .unwrap_or_default(),
        None => Map::new(),
    };
    let profile_field = title
        .strip_prefix("profile:")
        .and_then(|f| PROFILE_FIELDS.iter().find(|(n, _)| *n == f));
    let spec: Vec<(&'static str, &'static str)> = match profile_field {
        Some((n, l)) => vec![(*n, *l)],
        None => fields_of(entity).to_vec(),
    };
    let mut fields = Vec::new();
    for (name, label) in spec {
        let text = match current.get(name) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Bool(b)) => if *b { "yes" } else { "no" }.to_string(),
            Some(Value::Array(items)) if items.iter().all(Value::is_string) => items
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(", "),
            Some(Value::Null) | None => String::new(),
            Some(other) => other.to_string(),
        };
        let base = match &id {
            Some(id) => store.field_version(id, name)?,
            None => None,
        };
        fields.push((name, label, text, base));
    }
    let title = match profile_field {
        Some((_, l)) => (*l).to_string(),
        None => title,
    };
    Ok(Form::new(title, target, fields))
}

/// Saves a form; returns the student it belongs to.
fn save_form(
    store: &mut Store,
    target: &Target,
    changes: &[(String, String, Option<String>)],
) -> Result<String, StoreError> {
    match target {
        Target::Existing { entity, id } => {
            let entity = *entity;
            store.write(|w| {
                for (field, text, base) in changes {
                    let base = match base {
                        Some(v) => Base::Seen(vec![v.clone()]),
                        None => Base::Current,
                    };
                    w.set_text(entity, id, field, text, base)?;
                }
                Ok(())
            })?;
            let student: String = store.conn().query_row(
                &format!(
                    "SELECT {} FROM {} WHERE id = ?1",
                    student_column(entity),
                    entity.table()
                ),
                [id],
                |r| r.get(0),
            )?;
            Ok(student)
        }
        Target::New { entity, links } => {
            let mut obj = Map::new();
            for (field, text, _) in changes {
                obj.insert(field.clone(), field_value_from_text(*entity, field, text)?);
            }
            for (k, v) in links {
                obj.insert((*k).to_string(), Value::String(v.clone()));
            }
            let student = links
                .iter()
                .find(|(k, _)| *k == "student_id")
                .map(|(_, v)| v.clone())
                .unwrap_or_default();
            let value = Value::Object(obj);
            let bad = |e: serde_json::Error| {
                StoreError::Invalid(crate::domain::ValidationError::new(format!(
                    "that is not a valid {}: {e}",
                    entity.name()
                )))
            };
            store.write(|w| {
                match entity {
                    Entity::Goal => {
                        let mut g: crate::domain::Goal =
                            serde_json::from_value(value.clone()).map_err(bad)?;
                        let year = links
                            .iter()
                            .find(|(k, _)| *k == "school_year")
                            .map(|(_, v)| v.clone())
                            .unwrap_or_default();
                        g.plan_id = w.ensure_plan(&student, &year)?;
                        w.add_goal(&g)?;
                    }
                    Entity::Strategy => {
                        w.add_strategy(&serde_json::from_value(value.clone()).map_err(bad)?)?;
                    }
                    Entity::TeamMember => {
                        w.add_team_member(&serde_json::from_value(value.clone()).map_err(bad)?)?;
                    }
                    Entity::Intervention => {
                        w.add_intervention(&serde_json::from_value(value.clone()).map_err(bad)?)?;
                    }
                    Entity::Evidence => {
                        w.add_evidence(&serde_json::from_value(value.clone()).map_err(bad)?)?;
                    }
                    _ => {}
                }
                Ok(())
            })?;
            Ok(student)
        }
    }
}
