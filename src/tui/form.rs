//! Edit forms: one or more text fields for a record, saved as changes based on the versions
//! that were loaded (so another advisor's edit made meanwhile is kept, not overwritten).

use ratatui_textarea::TextArea;
use serde_json::{Map, Value};

use super::text;
use crate::store::Entity;

/// One field in a form.
pub struct FormField {
    /// Stored field name.
    pub name: &'static str,
    /// Label shown.
    pub label: &'static str,
    /// The text being edited.
    pub area: TextArea<'static>,
    /// The text when the form opened.
    pub original: String,
    /// The version of the field the text was loaded from.
    pub base: Option<String>,
}

/// What a form edits.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// An existing record.
    Existing {
        /// Kind.
        entity: Entity,
        /// Id.
        id: String,
    },
    /// A new record, with the links it needs (student_id, plan_id, goal_id…).
    New {
        /// Kind.
        entity: Entity,
        /// Links.
        links: Vec<(&'static str, String)>,
    },
}

/// An open form.
pub struct Form {
    /// Title.
    pub title: String,
    /// What it edits.
    pub target: Target,
    /// Its fields.
    pub fields: Vec<FormField>,
    /// The focused field.
    pub focus: usize,
    /// A problem with the last save, shown in the form.
    pub error: Option<String>,
}

/// The fields a form shows for each kind of record: (name, label), from the field table.
pub fn fields_of(entity: Entity) -> Vec<(&'static str, &'static str)> {
    entity.form_fields()
}

impl Form {
    /// A form over the given fields: (name, label, current text, version).
    pub fn new(
        title: String,
        target: Target,
        fields: Vec<(&'static str, &'static str, String, Option<String>)>,
    ) -> Form {
        Form {
            title,
            target,
            fields: fields
                .into_iter()
                .map(|(name, label, value, base)| FormField {
                    name,
                    label,
                    area: text::field(&value, ""),
                    original: value,
                    base,
                })
                .collect(),
            focus: 0,
            error: None,
        }
    }

    /// The draft key for this form.
    pub fn draft_key(&self) -> String {
        match &self.target {
            Target::Existing { entity, id } => format!("form:{}:{id}", entity.name()),
            Target::New { entity, links } => format!(
                "form:{}:new:{}",
                entity.name(),
                links.last().map(|(_, v)| v.as_str()).unwrap_or("")
            ),
        }
    }

    /// The typed texts, for a draft.
    pub fn texts(&self) -> Map<String, Value> {
        self.fields
            .iter()
            .map(|f| (f.name.to_string(), Value::String(text::text(&f.area))))
            .collect()
    }

    /// Puts a draft's texts back.
    pub fn restore(&mut self, texts: &Map<String, Value>) {
        for f in &mut self.fields {
            if let Some(Value::String(s)) = texts.get(f.name) {
                f.area = text::field(s, "");
            }
        }
    }

    /// Fields whose text differs from when the form opened.
    pub fn changed(&self) -> Vec<&FormField> {
        self.fields
            .iter()
            .filter(|f| text::text(&f.area) != f.original)
            .collect()
    }

    /// The focused text field.
    pub fn focused(&mut self) -> Option<&mut TextArea<'static>> {
        self.fields.get_mut(self.focus).map(|f| &mut f.area)
    }

    /// Next field (wrapping).
    pub fn next(&mut self) {
        if !self.fields.is_empty() {
            self.focus = (self.focus + 1) % self.fields.len();
        }
    }

    /// Previous field (wrapping).
    pub fn prev(&mut self) {
        if !self.fields.is_empty() {
            self.focus = (self.focus + self.fields.len() - 1) % self.fields.len();
        }
    }
}
