//! Drafts: whatever is being typed, saved continuously on this machine only.
//!
//! Drafts are not part of the change log: they are one person's unfinished typing on one machine.
//! Each is keyed by a [`DraftKey`] built from the whole of what it is for (the student, the kind
//! of record, which record or a new one, which field), so words typed for one student can never be
//! offered for another.
//!
//! Each opening of the file keeps its own drafts: the row's key is the draft's key followed by
//! the opening's name, so two plp processes typing for one student at once (a lab machine and a
//! laptop's ssh session on one school file) never write over each other's words, and saving or
//! discarding in one removes only its own. Typing kept by another opening (one that ended, or
//! is still open elsewhere) is offered as before; once it is opened here it is this opening's
//! (moved, not copied, so that it is never offered twice), and the opening is told when it was
//! last saved there. A key with no opening's name (saved before openings kept their own) is
//! anyone's to take in the same way.

use rusqlite::params;
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

    /// A key read back from the `key` column (whichever opening's it is); `None` for anything
    /// else (an older plp's key).
    pub fn from_column(s: &str) -> Option<DraftKey> {
        let (base, _) = split_row_key(s);
        let col: KeyColumn = serde_json::from_str(base).ok()?;
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

/// What separates a draft's key from the name of the opening that keeps it, in a row's key: a
/// character no key's JSON holds unescaped.
const SESSION_MARK: char = '\u{1f}';

/// A row's key as its draft's key and the opening that keeps it (`None` for a row saved before
/// openings kept their own).
fn split_row_key(row: &str) -> (&str, Option<&str>) {
    match row.split_once(SESSION_MARK) {
        Some((base, session)) => (base, Some(session)),
        None => (row, None),
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
    /// Whether it was kept by another opening of the file until this one took it (see the
    /// module's words): that plp may still be open, typing for the same record.
    pub taken_from_elsewhere: bool,
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
    /// The key of this opening's row for `key`.
    fn own_row(&self, key: &DraftKey) -> String {
        format!("{}{SESSION_MARK}{}", key.to_column(), self.session)
    }

    /// Saves (replaces) this opening's draft for `key` (another opening's for the same key is
    /// left as it is).
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
                    self.own_row(key),
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

    /// The draft for `key` to go on typing in: this opening's own, else the one another opening
    /// saved last, which becomes this opening's (moved in one transaction, so no other opening
    /// takes it too; a file that cannot be written just now leaves it where it is and shows it).
    pub fn draft(&self, key: &DraftKey) -> Result<Option<Draft>> {
        let base = key.to_column();
        let own = self.own_row(key);
        let tx = self.conn.unchecked_transaction()?;
        let rows: Vec<(String, String, String)> = {
            let mut stmt = tx.prepare_cached(
                "SELECT key, body, updated FROM drafts
                 WHERE key = ?1 OR (substr(key, 1, length(?1) + 1) = ?1 || ?2)
                 ORDER BY updated DESC",
            )?;
            let rows = stmt.query_map(params![base, SESSION_MARK.to_string()], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let found = |(row, body, updated): &(String, String, String), elsewhere: bool| Draft {
            key: DraftKey::from_column(row).unwrap_or_else(|| key.clone()),
            body: body.clone(),
            updated: updated.clone(),
            taken_from_elsewhere: elsewhere,
        };
        if let Some(mine) = rows.iter().find(|r| r.0 == own) {
            return Ok(Some(found(mine, false)));
        }
        let Some(theirs) = rows.first() else {
            return Ok(None);
        };
        if self.read_only.is_none() {
            // Taken over if the file can be written at once: opening typing must not wait on a
            // sync's writing. Left where it is otherwise (shown all the same; this opening's
            // saves go to its own row, and the other may be offered again later).
            self.conn.busy_timeout(DRAFT_WAIT)?;
            let _left_where_it_is = tx
                .execute(
                    "UPDATE drafts SET key = ?2 WHERE key = ?1",
                    params![theirs.0, own],
                )
                .and_then(|_| tx.commit());
            self.conn.busy_timeout(super::open::BUSY_TIMEOUT)?;
        }
        Ok(Some(found(theirs, true)))
    }

    /// Every draft, newest first (older plp's keys that could not be placed are left out).
    pub fn drafts(&self) -> Result<Vec<Draft>> {
        Ok(self
            .all_draft_rows()?
            .into_iter()
            .filter_map(|(k, body, updated)| {
                let elsewhere = split_row_key(&k).1 != Some(self.session.as_str());
                DraftKey::from_column(&k).map(|key| Draft {
                    key,
                    body,
                    updated,
                    taken_from_elsewhere: elsewhere,
                })
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

    /// Removes this opening's draft once its contents are saved for real (or discarded on
    /// purpose); another opening's typing for the same record is its own, and stays.
    pub fn delete_draft(&self, key: &DraftKey) -> Result<()> {
        if self.read_only.is_some() {
            return Ok(());
        }
        self.conn
            .execute("DELETE FROM drafts WHERE key = ?1", [self.own_row(key)])?;
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
