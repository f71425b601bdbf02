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
    /// Label shown (with the formats a date field accepts).
    pub label: String,
    /// The text being edited.
    pub area: TextArea<'static>,
    /// The text when the form opened.
    pub original: String,
    /// The version of the field the text was loaded from.
    pub base: Option<String>,
    /// What a new record starts with, not yet touched: a character typed replaces it whole
    /// (typing yesterday's date over today's), any other key keeps it to edit.
    pub fresh: bool,
    /// It holds one value on one line, as the field table says: Enter adds no line to it.
    pub one_line: bool,
}

/// Which fields a form shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// The record's own form fields, from its field table.
    Record,
    /// The student's seven profile fields in one form, the cursor in one of them.
    Profile {
        /// The field the cursor starts in.
        focus: &'static str,
    },
}

/// The draft of the profile form (all seven fields) is kept under this name.
pub const PROFILE_DRAFT: &str = "profile";

/// Where a form's draft names the field typed in last (no field is named so).
pub const FOCUS: &str = "@focus";

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
    /// The text a warning was given about at the last save: saving it again as it is saves.
    pub warned: Option<String>,
    /// Where its typing is kept as a draft.
    pub key: DraftKey,
}

/// The fields a form shows for each kind of record: (name, label), from the field table.
pub fn fields_of(entity: Entity) -> Vec<(&'static str, &'static str)> {
    entity.form_fields()
}

impl Form {
    /// A form over the given fields: (name, label, current text, version), its typing kept
    /// as a draft of `draft` (every field of the record, or the profile's).
    pub fn new(
        title: String,
        target: Target,
        draft: DraftField,
        fields: Vec<(&'static str, String, String, Option<String>)>,
    ) -> Form {
        let key = target.draft_key(draft);
        let entity = target.entity();
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
                    fresh: false,
                    one_line: entity.field(name).is_some_and(|f| f.one_line()),
                })
                .collect(),
            focus: 0,
            error: None,
            warned: None,
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

    /// What a draft of this form keeps: each field's text, and the field typed in last (under
    /// [`FOCUS`]), so that taking the draft back goes on where the typing stopped.
    pub fn draft_body(&self) -> Map<String, Value> {
        let mut texts = self.texts();
        if let Some(f) = self.fields.get(self.focus) {
            texts.insert(FOCUS.to_string(), Value::String(f.name.to_string()));
        }
        texts
    }

    /// Puts a draft's texts back, and the cursor in the field typed in last.
    pub fn restore(&mut self, texts: &Map<String, Value>) {
        for f in &mut self.fields {
            if let Some(Value::String(s)) = texts.get(f.name) {
                f.area = text::field(s, "");
                f.fresh = false;
            }
        }
        if let Some(Value::String(name)) = texts.get(FOCUS) {
            if let Some(at) = self.fields.iter().position(|f| f.name == name) {
                self.focus = at;
            }
        }
    }

    /// A key typed into the focused field. False when the field does not take it: a new line
    /// in a field of one line.
    pub fn input(&mut self, key: ratatui::crossterm::event::KeyEvent) -> bool {
        use ratatui::crossterm::event::{KeyCode, KeyModifiers};
        let Some(f) = self.fields.get_mut(self.focus) else {
            return false;
        };
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let new_line = matches!(key.code, KeyCode::Enter | KeyCode::Char('\n' | '\r'))
            || (ctrl && key.code == KeyCode::Char('m'));
        if new_line && f.one_line {
            return false;
        }
        let plain = matches!(key.code, KeyCode::Char(_))
            && !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        if std::mem::take(&mut f.fresh) && plain {
            f.area = text::field("", "");
        }
        f.area.input(key);
        // What the last save found is being mended: it is not left saying so over the typing
        // (the next save says again whatever is still wrong).
        self.error = None;
        true
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
