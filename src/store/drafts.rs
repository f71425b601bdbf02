//! Drafts: whatever is being typed, saved continuously on this machine only.
//!
//! Drafts are not part of the change log: they are one person's unfinished typing on one machine.
//! Each is keyed by a [`DraftKey`] built from the whole of what it is for (the student, the kind
//! of record, which record or a new one, which field), so words typed for one student can never be
//! offered for another.

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::{Entity, Result, Store, StoreError};

/// Which record a draft is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DraftRecord {
    /// A record that exists, by id.
    Existing(String),
    /// A record not yet saved, under a parent when it has one (a strategy's goal, a goal's
    /// school year).
    New {
        /// The parent it will be added under.
        under: Option<String>,
    },
}

/// Which fields a draft holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DraftField {
    /// Every field of the form (or the whole check-in).
    Whole,
    /// One field, by its stored name (a profile field edited on its own).
    One(String),
}

/// What a draft is for: student, record kind, record, field. Built from types, stored as one
/// column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftKey {
    /// The student the typing is about.
    pub student: String,
    /// The kind of record.
    pub kind: Entity,
    /// Which record.
    pub record: DraftRecord,
    /// Which field(s).
    pub field: DraftField,
}

/// How a key is written in the `key` column: a small JSON object, so that no part can bleed
/// into another and an old-style key (`checkin:…`, `form:…`) never parses as one.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyColumn {
    v: u8,
    student: String,
    kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    new_under: Option<String>,
    #[serde(default)]
    new: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    field: Option<String>,
}

const KEY_VERSION: u8 = 2;

/// How long a draft save waits for another writer (a sync, another plp) before saying so: the
/// person is typing, and typing must not freeze for the ten seconds a real save may wait.
const DRAFT_WAIT: std::time::Duration = std::time::Duration::from_millis(300);

impl DraftKey {
    /// The key of a student's check-in being composed.
    pub fn checkin(student: &str) -> DraftKey {
        DraftKey {
            student: student.to_string(),
            kind: Entity::CheckIn,
            record: DraftRecord::New { under: None },
            field: DraftField::Whole,
        }
    }

    /// The key of a student's year-end review: the plan for `to_year` it will make.
    pub fn year_end(student: &str, to_year: &str) -> DraftKey {
        DraftKey {
            student: student.to_string(),
            kind: Entity::Plan,
            record: DraftRecord::New {
                under: Some(to_year.to_string()),
            },
            field: DraftField::Whole,
        }
    }

    /// The key's text in the `key` column.
    pub fn to_column(&self) -> String {
        let (id, new_under, new) = match &self.record {
            DraftRecord::Existing(id) => (Some(id.clone()), None, false),
            DraftRecord::New { under } => (None, under.clone(), true),
        };
        let field = match &self.field {
            DraftField::Whole => None,
            DraftField::One(f) => Some(f.clone()),
        };
        let col = KeyColumn {
            v: KEY_VERSION,
            student: self.student.clone(),
            kind: self.kind.name().to_string(),
            id,
            new_under,
            new,
            field,
        };
        serde_json::to_string(&col).unwrap_or_default()
    }

    /// A key read back from the `key` column; `None` for anything else (an older plp's key).
    pub fn from_column(s: &str) -> Option<DraftKey> {
        let col: KeyColumn = serde_json::from_str(s).ok()?;
        if col.v != KEY_VERSION || col.student.is_empty() {
            return None;
        }
        let record = match (col.id, col.new) {
            (Some(id), false) => DraftRecord::Existing(id),
            (None, true) => DraftRecord::New {
                under: col.new_under,
            },
            _ => return None,
        };
        Some(DraftKey {
            student: col.student,
            kind: Entity::from_name(&col.kind)?,
            record,
            field: col.field.map_or(DraftField::Whole, DraftField::One),
        })
    }
}

/// Unfinished typing and what it is for.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    /// What the draft is for.
    pub key: DraftKey,
    /// The form's contents (JSON, owned by whoever wrote it).
    pub body: String,
    /// When it was last saved (RFC 3339).
    pub updated: String,
}

/// Typing saved by an older plp that cannot be tied to one student (its key named only a school
/// year or a parent record). Kept as it was, shown for copying, never offered as a draft.
#[derive(Debug, Clone, PartialEq)]
pub struct UnplacedDraft {
    /// The key as the older plp wrote it.
    pub old_key: String,
    /// Its contents.
    pub body: String,
    /// When it was last saved.
    pub updated: String,
}

impl Store {
    /// Saves (replaces) a draft.
    pub fn save_draft(&self, key: &DraftKey, body: &str) -> Result<()> {
        if let Some(why) = &self.read_only {
            return Err(StoreError::ReadOnly(why.clone()));
        }
        self.conn.busy_timeout(DRAFT_WAIT)?;
        let saved = self
            .conn
            .prepare_cached(
                "INSERT INTO drafts (key, body, updated) VALUES (?1, ?2, ?3)
                 ON CONFLICT (key) DO UPDATE SET body = excluded.body, updated = excluded.updated",
            )
            .and_then(|mut stmt| {
                stmt.execute(params![
                    key.to_column(),
                    body,
                    chrono::Utc::now().to_rfc3339()
                ])
            });
        self.conn.busy_timeout(super::open::BUSY_TIMEOUT)?;
        saved?;
        Ok(())
    }

    /// Whether any typing is kept here as a draft (an older plp's too).
    pub fn has_drafts(&self) -> Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT EXISTS (SELECT 1 FROM drafts)", [], |r| r.get(0))?)
    }

    /// What each draft kept here is for (its typing not read).
    pub fn draft_keys(&self) -> Result<Vec<DraftKey>> {
        let mut stmt = self.conn.prepare_cached("SELECT key FROM drafts")?;
        let keys = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for k in keys {
            out.extend(DraftKey::from_column(&k?));
        }
        Ok(out)
    }

    /// One draft.
    pub fn draft(&self, key: &DraftKey) -> Result<Option<Draft>> {
        Ok(self
            .conn
            .query_row(
                "SELECT body, updated FROM drafts WHERE key = ?1",
                [key.to_column()],
                |r| {
                    Ok(Draft {
                        key: key.clone(),
                        body: r.get(0)?,
                        updated: r.get(1)?,
                    })
                },
            )
            .optional()?)
    }

    /// Every draft, newest first (older plp's keys that could not be placed are left out).
    pub fn drafts(&self) -> Result<Vec<Draft>> {
        Ok(self
            .all_draft_rows()?
            .into_iter()
            .filter_map(|(k, body, updated)| {
                DraftKey::from_column(&k).map(|key| Draft { key, body, updated })
            })
            .collect())
    }

    /// Drafts an older plp saved under a key that names no student, newest first.
    pub fn unplaced_drafts(&self) -> Result<Vec<UnplacedDraft>> {
        Ok(self
            .all_draft_rows()?
            .into_iter()
            .filter(|(k, _, _)| DraftKey::from_column(k).is_none())
            .map(|(old_key, body, updated)| UnplacedDraft {
                old_key,
                body,
                updated,
            })
            .collect())
    }

    fn all_draft_rows(&self) -> Result<Vec<(String, String, String)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT key, body, updated FROM drafts ORDER BY updated DESC")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Removes a draft once its contents are saved for real (or discarded on purpose).
    pub fn delete_draft(&self, key: &DraftKey) -> Result<()> {
        if self.read_only.is_some() {
            return Ok(());
        }
        self.conn
            .execute("DELETE FROM drafts WHERE key = ?1", [key.to_column()])?;
        Ok(())
    }

    /// Gives drafts an older plp saved (`checkin:ID`, `form:KIND:ID`) their whole key, where the
    /// record still says whose it is. A draft for a new record was keyed by a school year or a
    /// parent only, so nothing says whose it is: it is left as it was (see
    /// [`Store::unplaced_drafts`]). Returns how many were placed.
    pub fn place_old_drafts(&self) -> Result<usize> {
        if self.read_only.is_some() {
            return Ok(0);
        }
        let mut placed = 0;
        for (old, body, _) in self.all_draft_rows()? {
            if DraftKey::from_column(&old).is_some() {
                continue;
            }
            let Some(key) = self.old_key_target(&old, &body)? else {
                continue;
            };
            let tx = self.conn.unchecked_transaction()?;
            tx.execute(
                "INSERT INTO drafts (key, body, updated)
                 SELECT ?2, body, updated FROM drafts WHERE key = ?1
                 ON CONFLICT (key) DO NOTHING",
                params![old, key.to_column()],
            )?;
            tx.execute("DELETE FROM drafts WHERE key = ?1", [&old])?;
            tx.commit()?;
            placed += 1;
        }
        Ok(placed)
    }

    /// What an older plp's key was for, when the record says whose it is.
    fn old_key_target(&self, old: &str, body: &str) -> Result<Option<DraftKey>> {
        if let Some(student) = old.strip_prefix("checkin:") {
            return Ok(self
                .student_exists(student)?
                .then(|| DraftKey::checkin(student)));
        }
        let Some(rest) = old.strip_prefix("form:") else {
            return Ok(None);
        };
        let Some((kind, id)) = rest.split_once(':') else {
            return Ok(None);
        };
        let Some(kind) = Entity::from_name(kind) else {
            return Ok(None);
        };
        if id.starts_with("new:") || id == "new" {
            return Ok(None);
        }
        let Some(student) = self.student_of(kind, id)? else {
            return Ok(None);
        };
        // A profile field was edited in a form of its own, so its draft held that one field.
        let field = match serde_json::from_str::<serde_json::Value>(body) {
            Ok(serde_json::Value::Object(m))
                if kind == Entity::Student
                    && m.len() == 1
                    && crate::domain::PROFILE_FIELDS
                        .iter()
                        .any(|(f, _)| m.contains_key(*f)) =>
            {
                DraftField::One(m.keys().next().cloned().unwrap_or_default())
            }
            _ => DraftField::Whole,
        };
        Ok(Some(DraftKey {
            student,
            kind,
            record: DraftRecord::Existing(id.to_string()),
            field,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_old_keys_do_not_parse() {
        let keys = [
            DraftKey::checkin("s1"),
            DraftKey {
                student: "s1".into(),
                kind: Entity::Goal,
                record: DraftRecord::New {
                    under: Some("2026-2027".into()),
                },
                field: DraftField::Whole,
            },
            DraftKey {
                student: "s:1\"x".into(),
                kind: Entity::Student,
                record: DraftRecord::Existing("s:1\"x".into()),
                field: DraftField::One("strengths".into()),
            },
        ];
        for k in &keys {
            assert_eq!(DraftKey::from_column(&k.to_column()).as_ref(), Some(k));
        }
        for old in [
            "checkin:s1",
            "form:goal:new:2026-2027",
            "form:student:s1",
            "",
        ] {
            assert_eq!(DraftKey::from_column(old), None);
        }
        assert_ne!(keys[0].to_column(), DraftKey::checkin("s2").to_column());
    }
}
