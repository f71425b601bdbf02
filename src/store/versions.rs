//! The versions of each field: which are current (the heads), which one is shown, which are
//! kept aside as conflicts, and every earlier one as dated history.

use rusqlite::params;
use rusqlite::OptionalExtension;
use serde::Serialize;
use serde_json::Value;

use super::clock::Hlc;
use super::packed;
use super::schema::{Entity, Kind};
use super::values::to_sql;
use super::{Result, Store};

/// An earlier (or current) value of a field.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Revision {
    /// The operation.
    pub op_id: String,
    /// When (UTC, from the clock stamp).
    pub when: String,
    /// Who.
    pub author: String,
    /// The value then.
    pub value: Value,
    /// For a link field, the record the value names, in words (see [`crate::domain::Linked`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub words: Option<String>,
    /// Made in this file (not received from another copy): two versions by one login, on a
    /// laptop and a lab machine, are told apart by it. Said on screen only: each file says it of
    /// itself, so it is left out of what files and the hub compare.
    #[serde(skip)]
    pub here: bool,
}

impl Revision {
    /// Who made it and where: "ana, here" or "ana, in another copy".
    pub fn by_whom(&self) -> String {
        let author = crate::domain::clean_line(&self.author);
        let place = if self.here { "here" } else { "in another copy" };
        format!("{author}, {place}")
    }
}

/// A field with two versions, neither made knowing the other.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Conflict {
    /// Which kind of record.
    pub entity: String,
    /// Which record.
    pub entity_id: String,
    /// Which field.
    pub field: String,
    /// The version shown.
    pub shown: Revision,
    /// The version kept aside.
    pub other: Revision,
}

impl Conflict {
    /// The kind of record the field names, if it is a link (a goal's plan, a strategy's goal):
    /// its versions are one record or another, never both.
    pub fn links_to(&self) -> Option<Entity> {
        Entity::from_name(&self.entity)?
            .field(&self.field)?
            .links_to()
    }

    /// Whether both versions can be kept, one after the other: only for text that keeps its
    /// line breaks (a profile field, notes); a link, a name, a grade or a date holds one value.
    pub fn keeps_both(&self) -> bool {
        Entity::from_name(&self.entity)
            .and_then(|e| e.field(&self.field))
            .is_some_and(|f| f.parse == crate::domain::Parse::Text)
    }

    /// The versions a choice between these two settles, to pass as [`super::Base::Chosen`]:
    /// the two shown, and none that arrived since.
    pub fn chosen_base(&self) -> Vec<String> {
        vec![self.shown.op_id.clone(), self.other.op_id.clone()]
    }
}

impl Store {
    /// The versions of one field, oldest first (the profile's dated revisions).
    pub fn history(&self, entity_id: &str, field: &str) -> Result<Vec<Revision>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, ms, ctr, author, field, value FROM ops
             WHERE entity_id = ?1 AND (field = ?2 OR field = '*') ORDER BY ms, ctr, id",
        )?;
        let rows = stmt.query_map(params![packed::id(entity_id), field], |r| {
            let f: String = r.get(4)?;
            Ok((
                packed::unpack_id(r.get_ref(0)?)?,
                packed::unpack_hlc(r.get(1)?, r.get(2)?),
                r.get::<_, String>(3)?,
                field_value(&f, field, &stored_value(r.get_ref(5)?)?),
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, hlc, author, value) = row?;
            out.push(revision(id, &hlc, author, value));
        }
        Ok(out)
    }

    /// The operation id of the version of a field shown now, to pass back as [`Base::Seen`].
    pub fn field_version(&self, entity_id: &str, field: &str) -> Result<Option<String>> {
        let heads = heads(&self.conn, entity_id, field)?;
        Ok(winner(&heads).map(|h| h.id.clone()))
    }

    /// Every field with versions in conflict (a link field's versions said in words too).
    pub fn conflicts(&self) -> Result<Vec<Conflict>> {
        let mut stmt = self.conn.prepare(
            "SELECT entity, entity_id, field, op_id FROM conflicts ORDER BY entity_id, field, op_id",
        )?;
        let keys: Vec<(String, String, String, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::new();
        for (entity, entity_id, field, op_id) in keys {
            let hs = heads(&self.conn, &entity_id, &field)?;
            let (Some(shown), Some(other)) = (winner(&hs), hs.iter().find(|h| h.id == op_id))
            else {
                continue;
            };
            let mut c = Conflict {
                entity,
                entity_id,
                field,
                shown: shown.revision(),
                other: other.revision(),
            };
            c.shown.here = self.made_here(&c.shown.op_id)?;
            c.other.here = self.made_here(&c.other.op_id)?;
            self.name_links(&mut c)?;
            out.push(c);
        }
        Ok(out)
    }

    /// Whether the change `op_id` was made in this file.
    fn made_here(&self, op_id: &str) -> Result<bool> {
        Ok(self
            .conn
            .query_row(
                "SELECT replica = (SELECT n FROM replicas WHERE id = ?2) FROM ops WHERE id = ?1",
                params![packed::id(op_id), self.replica],
                |r| r.get::<_, Option<bool>>(0),
            )
            .optional()?
            .flatten()
            .unwrap_or(false))
    }

    /// Conflicts on any record of a student (their profile, goals, strategies, team…).
    pub fn conflicts_for_student(&self, r: &super::StudentRecord) -> Result<Vec<Conflict>> {
        let mut ids: std::collections::HashSet<&str> = std::collections::HashSet::new();
        ids.insert(&r.student.id);
        ids.extend(r.team.iter().map(|t| t.id.as_str()));
        for p in &r.plans {
            for g in &p.goals {
                ids.insert(&g.goal.id);
                ids.extend(g.strategies.iter().map(|s| s.id.as_str()));
            }
        }
        ids.extend(r.interventions.iter().map(|i| i.id.as_str()));
        ids.extend(r.evidence.iter().map(|e| e.id.as_str()));
        Ok(self
            .conflicts()?
            .into_iter()
            .filter(|c| ids.contains(c.entity_id.as_str()))
            .collect())
    }

    /// Conflicts on one record.
    pub fn conflicts_for(&self, entity_id: &str) -> Result<Vec<Conflict>> {
        Ok(self
            .conflicts()?
            .into_iter()
            .filter(|c| c.entity_id == entity_id)
            .collect())
    }
}

/// A version of a field that no other held version was based on.
#[derive(Debug, Clone)]
pub(super) struct Head {
    pub(super) id: String,
    created: bool,
    hlc: String,
    author: String,
    value: Value,
}

impl Head {
    fn revision(&self) -> Revision {
        revision(
            self.id.clone(),
            &self.hlc,
            self.author.clone(),
            self.value.clone(),
        )
    }
}

fn revision(op_id: String, hlc: &str, author: String, value: Value) -> Revision {
    let when = Hlc::parse(hlc)
        .and_then(Hlc::date)
        .map(|d| d.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default();
    Revision {
        op_id,
        when,
        author,
        value,
        words: None,
        here: false,
    }
}

fn field_value(op_field: &str, field: &str, value: &Value) -> Value {
    if op_field == "*" {
        value.get(field).cloned().unwrap_or(Value::Null)
    } else {
        value.clone()
    }
}

/// A stored value; one that cannot be read as JSON fails the read, as it always has.
fn stored_value(v: rusqlite::types::ValueRef<'_>) -> rusqlite::Result<Value> {
    Ok(packed::unpack_value(v)?)
}

pub(super) fn heads(
    conn: &rusqlite::Connection,
    entity_id: &str,
    field: &str,
) -> Result<Vec<Head>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, ms, ctr, author, field, value, base FROM ops
         WHERE entity_id = ?1 AND (field = ?2 OR field = '*')",
    )?;
    let mut all = Vec::new();
    let mut superseded = std::collections::HashSet::new();
    let mut rows = stmt.query(params![packed::id(entity_id), field])?;
    while let Some(r) = rows.next()? {
        superseded.extend(packed::unpack_base(r.get_ref(6)?)?);
        let op_field: String = r.get(4)?;
        let id = packed::unpack_id(r.get_ref(0)?)?;
        // Values are read only for the versions that stay current.
        let value = if superseded.contains(&id) {
            Value::Null
        } else {
            field_value(&op_field, field, &stored_value(r.get_ref(5)?)?)
        };
        all.push(Head {
            created: op_field == "*",
            id,
            hlc: packed::unpack_hlc(r.get(1)?, r.get(2)?),
            author: r.get(3)?,
            value,
        });
    }
    all.retain(|h| !superseded.contains(&h.id));
    // A record created on two machines (one roster imported twice) has two creations; any
    // deliberate edit of the field outranks them, so only edits can be in conflict with edits.
    // Between creations alone, one that says nothing of the field (a roster's new student with
    // an empty profile, beside the same student brought in whole from a plan) gives way to one
    // that says something, so that nobody's words are hidden behind an empty default.
    if all.iter().any(|h| !h.created) {
        all.retain(|h| !h.created);
    } else if all.iter().any(|h| says_something(&h.value)) {
        all.retain(|h| says_something(&h.value));
    }
    Ok(all)
}

/// Whether a creation's value of a field says something: not null, empty text, an empty list
/// or object, or `false` (what a new record holds where nothing was given). The hub's views
/// decide by the same rule (`plp.says_something`, hub schema 28).
fn says_something(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
        Value::Number(_) => true,
    }
}

pub(super) fn winner(heads: &[Head]) -> Option<&Head> {
    heads
        .iter()
        .max_by(|a, b| (&a.hlc, &a.id).cmp(&(&b.hlc, &b.id)))
}

/// Recomputes one field's shown value and its conflicts from every version held.
pub(super) fn settle(
    tx: &rusqlite::Connection,
    entity: Entity,
    entity_id: &str,
    field: &str,
    kind: Kind,
) -> Result<()> {
    let hs = heads(tx, entity_id, field)?;
    let Some(win) = winner(&hs) else {
        return Ok(());
    };
    tx.prepare_cached(&format!(
        "UPDATE {} SET {field} = ?1 WHERE id = ?2",
        entity.table()
    ))?
    .execute(params![to_sql(&win.value, kind), entity_id])?;
    tx.prepare_cached("DELETE FROM conflicts WHERE entity_id = ?1 AND field = ?2")?
        .execute(params![entity_id, field])?;
    if !entity.append_only() {
        for h in &hs {
            if h.id != win.id && h.value != win.value {
                tx.prepare_cached(
                    "INSERT OR IGNORE INTO conflicts (entity, entity_id, field, op_id)
                     VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![entity.name(), entity_id, field, h.id])?;
            }
        }
    }
    Ok(())
}
