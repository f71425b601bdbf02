//! Edit forms: one or more text fields for a record, saved as changes based on the versions
//! that were loaded (so another advisor's edit made meanwhile is kept, not overwritten).

use ratatui_textarea::TextArea;
use serde_json::{Map, Value};

use super::text;
use crate::store::{DraftField, DraftKey, DraftRecord, Entity};

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

/// What a form edits. Both kinds name the student, so whatever is typed is kept for them alone.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// An existing record.
    Existing {
        /// Kind.
        entity: Entity,
        /// Id.
        id: String,
        /// The student it belongs to.
        student: String,
    },
    /// A new record, with the links it needs besides its student (goal_id, school_year…).
    New {
        /// Kind.
        entity: Entity,
        /// The student it will belong to.
        student: String,
        /// Links.
        links: Vec<(&'static str, String)>,
    },
}

impl Target {
    /// The student the record belongs to.
    pub fn student(&self) -> &str {
        match self {
            Target::Existing { student, .. } | Target::New { student, .. } => student,
        }
    }

    /// The kind of record.
    pub fn entity(&self) -> Entity {
        match self {
            Target::Existing { entity, .. } | Target::New { entity, .. } => *entity,
        }
    }

    /// The draft key for typing into this record's fields (all of them, or one).
    pub fn draft_key(&self, field: DraftField) -> DraftKey {
        let record = match self {
            Target::Existing { id, .. } => DraftRecord::Existing(id.clone()),
            Target::New { links, .. } => DraftRecord::New {
                under: links.first().map(|(_, v)| v.clone()),
            },
        };
        DraftKey {
            student: self.student().to_string(),
            kind: self.entity(),
            record,
            field,
        }
    }
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
    /// Where its typing is kept as a draft.
    pub key: DraftKey,
}

/// The fields a form shows for each kind of record: (name, label), from the field table.
pub fn fields_of(entity: Entity) -> Vec<(&'static str, &'static str)> {
    entity.form_fields()
}

impl Form {
    /// A form over the given fields: (name, label, current text, version). `one` names the
    /// field when the form edits a single profile field.
    pub fn new(
        title: String,
        target: Target,
        one: Option<&str>,
        fields: Vec<(&'static str, &'static str, String, Option<String>)>,
    ) -> Form {
        let key = target.draft_key(one.map_or(DraftField::Whole, |f| DraftField::One(f.into())));
        Form {
            key,
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
    pub fn draft_key(&self) -> DraftKey {
        self.key.clone()
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
