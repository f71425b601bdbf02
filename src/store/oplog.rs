//! The change log: immutable operations, and how each is applied to the tables.
//!
//! An operation either creates a record (`field` is `*`, `value` an object of fields) or sets one
//! field. Each field edit names the operations it was based on. A field's *heads* are the
//! operations on it that no later operation was based on; the shown value is the head with the
//! greatest (clock, id), and any other head with a different value is a conflict. This is decided
//! from the set of operations alone, so every replica that holds the same operations shows the
//! same tables, whatever order they arrived in.

use rusqlite::{params, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::clock::{wall_millis, Hlc};
use super::schema::{Entity, Kind};
use super::{Result, Store, StoreError};
use crate::domain::ValidationError;

/// One immutable change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Op {
    /// UUIDv7.
    pub id: String,
    /// The replica (database file) that made it.
    pub replica: String,
    /// Its place in that replica's sequence, from 1.
    pub seq: i64,
    /// Hybrid logical clock stamp.
    pub hlc: String,
    /// Who made it.
    pub author: String,
    /// Which kind of record.
    pub entity: String,
    /// Which record.
    pub entity_id: String,
    /// Which field, or `*` for a new record.
    pub field: String,
    /// The new value (an object of fields, for a new record).
    pub value: Value,
    /// The operations on this field that the edit was based on.
    pub base: Vec<String>,
}

/// What an edit is based on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Base {
    /// The value shown now (the command line, where the user sees the latest value).
    Current,
    /// The versions the editor loaded; if the field changed since, both texts are kept.
    Seen(Vec<String>),
    /// Every current version, the shown one and any in conflict: resolves a conflict.
    All,
}

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

/// Appends operations and applies them, inside one write transaction.
pub struct Writer<'a> {
    tx: Transaction<'a>,
    replica: &'a str,
    author: &'a str,
    seq: i64,
    clock: Hlc,
    skew: i64,
    /// Students whose caseload line needs recomputing when the transaction ends.
    touched: std::collections::HashSet<String>,
}

impl Store {
    /// Runs `f` in one `IMMEDIATE` transaction; its operations land together or not at all.
    pub fn write<T>(&mut self, f: impl FnOnce(&mut Writer<'_>) -> Result<T>) -> Result<T> {
        let mut w = self.writer()?;
        let out = f(&mut w)?;
        w.finish()?;
        w.tx.commit()?;
        Ok(out)
    }

    /// Runs `f` as [`Store::write`] would, then throws its changes away (for `--dry-run`).
    pub fn rehearse<T>(&mut self, f: impl FnOnce(&mut Writer<'_>) -> Result<T>) -> Result<T> {
        let mut w = self.writer()?;
        let out = f(&mut w)?;
        w.tx.rollback()?;
        Ok(out)
    }

    /// Starts a write transaction, reading this replica's next sequence number and the clock
    /// inside it, so that processes sharing the file never stamp two changes alike.
    fn writer(&mut self) -> Result<Writer<'_>> {
        if let Some(why) = &self.read_only {
            return Err(StoreError::ReadOnly(why.clone()));
        }
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let seq: i64 = tx.query_row(
            "SELECT coalesce(max(seq), 0) FROM ops WHERE replica = ?1",
            [&self.replica],
            |r| r.get(0),
        )?;
        let last: Option<String> = tx.query_row("SELECT max(hlc) FROM ops", [], |r| r.get(0))?;
        let clock = last.as_deref().and_then(Hlc::parse).unwrap_or_default();
        Ok(Writer {
            tx,
            replica: &self.replica,
            author: &self.author,
            seq,
            clock,
            skew: self.clock_skew_ms,
            touched: std::collections::HashSet::new(),
        })
    }

    /// Every operation, in clock order.
    pub fn ops(&self) -> Result<Vec<Op>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, replica, seq, hlc, author, entity, entity_id, field, value, base
             FROM ops ORDER BY hlc, id",
        )?;
        let rows = stmt.query_map([], op_from_row)?;
        let mut out = Vec::new();
        for r in rows {
            out.push(r?);
        }
        Ok(out)
    }

    /// One replica's operations after a sequence number, in order.
    pub fn ops_of_replica_after(&self, replica: &str, after: i64) -> Result<Vec<Op>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, replica, seq, hlc, author, entity, entity_id, field, value, base
             FROM ops WHERE replica = ?1 AND seq > ?2 ORDER BY seq",
        )?;
        let rows = stmt.query_map(params![replica, after], op_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The versions of one field, oldest first (the profile's dated revisions).
    pub fn history(&self, entity_id: &str, field: &str) -> Result<Vec<Revision>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, hlc, author, field, value FROM ops
             WHERE entity_id = ?1 AND (field = ?2 OR field = '*') ORDER BY hlc, id",
        )?;
        let rows = stmt.query_map(params![entity_id, field], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, hlc, author, f, value) = row?;
            let value = field_value(&f, field, &serde_json::from_str(&value)?);
            out.push(revision(id, &hlc, author, value));
        }
        Ok(out)
    }

    /// The operation id of the version of a field shown now, to pass back as [`Base::Seen`].
    pub fn field_version(&self, entity_id: &str, field: &str) -> Result<Option<String>> {
        let heads = heads(&self.conn, entity_id, field)?;
        Ok(winner(&heads).map(|h| h.id.clone()))
    }

    /// Every field with versions in conflict.
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
            out.push(Conflict {
                entity,
                entity_id,
                field,
                shown: shown.revision(),
                other: other.revision(),
            });
        }
        Ok(out)
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

    /// Every built table, dumped as text in a fixed order: equal dumps mean equal tables.
    pub fn dump_tables(&self) -> Result<String> {
        dump(&self.conn)
    }

    /// Rebuilds every table from the change log. Returns whether the tables had disagreed.
    pub fn rebuild(&mut self) -> Result<bool> {
        if let Some(why) = &self.read_only {
            return Err(StoreError::ReadOnly(why.clone()));
        }
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let before = dump(&tx)?;
        for e in Entity::ALL {
            tx.execute(&format!("DELETE FROM {}", e.table()), [])?;
        }
        tx.execute("DELETE FROM conflicts", [])?;
        super::summary::clear(&tx)?;
        {
            let mut stmt = tx.prepare(
                "SELECT id, replica, seq, hlc, author, entity, entity_id, field, value, base
                 FROM ops ORDER BY hlc, id",
            )?;
            let ops = stmt.query_map([], op_from_row)?;
            let mut touched = std::collections::HashSet::new();
            for op in ops {
                touched.extend(apply(&tx, &op?)?);
            }
            for s in touched {
                super::summary::refresh_student(&tx, &s)?;
            }
        }
        let after = dump(&tx)?;
        let differed = before != after;
        if differed {
            tx.commit()?;
        } else {
            tx.rollback()?;
        }
        Ok(differed)
    }

    /// Runs SQLite's own integrity check; `None` when the file is sound.
    pub fn integrity_problem(&self) -> Result<Option<String>> {
        let s: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        Ok((s != "ok").then_some(s))
    }
}

impl Writer<'_> {
    /// Creates a record with the fields of `value` (an object; `id` in it is ignored).
    pub fn create(&mut self, entity: Entity, id: &str, value: Value) -> Result<String> {
        let mut obj = match value {
            Value::Object(o) => o,
            _ => return Err(StoreError::Sql("a new record must be an object".into())),
        };
        obj.remove("id");
        for key in obj.keys() {
            if entity.field_kind(key).is_none() {
                return Err(StoreError::Invalid(ValidationError::new(format!(
                    "{} has no field \"{key}\"",
                    entity.name()
                ))));
            }
        }
        self.push(entity, id, "*", Value::Object(obj), Vec::new())
    }

    /// Sets one field of a record.
    pub fn set(
        &mut self,
        entity: Entity,
        id: &str,
        field: &str,
        value: Value,
        base: Base,
    ) -> Result<String> {
        if entity.field_kind(field).is_none() {
            return Err(StoreError::Invalid(ValidationError::new(format!(
                "{} has no field \"{field}\"",
                entity.name()
            ))));
        }
        let base = match base {
            Base::Seen(ids) => ids,
            Base::Current => {
                let hs = heads(&self.tx, id, field)?;
                winner(&hs).map(|h| vec![h.id.clone()]).unwrap_or_default()
            }
            Base::All => heads(&self.tx, id, field)?
                .into_iter()
                .map(|h| h.id)
                .collect(),
        };
        self.push(entity, id, field, value, base)
    }

    /// Retires a record (a tombstone: it stays in the log and in history).
    pub fn retire(&mut self, entity: Entity, id: &str) -> Result<String> {
        self.set(entity, id, "retired", Value::Bool(true), Base::Current)
    }

    /// Takes an operation made elsewhere; one already held changes nothing. Returns whether it
    /// was new.
    pub fn receive(&mut self, op: &Op) -> Result<bool> {
        if !insert_op(&self.tx, op)? {
            return Ok(false);
        }
        if let Some(h) = Hlc::parse(&op.hlc) {
            self.clock = self.clock.max(h);
        }
        self.apply(op)?;
        Ok(true)
    }

    /// Applies an operation already in the log, noting whose caseload line it touches.
    fn apply(&mut self, op: &Op) -> Result<()> {
        if let Some(s) = apply(&self.tx, op)? {
            self.touched.insert(s);
        }
        Ok(())
    }

    /// Recomputes the caseload lines this write touched (once each, however many changes).
    fn finish(&mut self) -> Result<()> {
        for s in std::mem::take(&mut self.touched) {
            super::summary::refresh_student(&self.tx, &s)?;
        }
        Ok(())
    }

    /// The transaction, for reads that must see this write's own changes.
    pub fn tx(&self) -> &Transaction<'_> {
        &self.tx
    }

    fn push(
        &mut self,
        entity: Entity,
        id: &str,
        field: &str,
        value: Value,
        base: Vec<String>,
    ) -> Result<String> {
        self.seq += 1;
        self.clock = self.clock.tick(wall_millis() + self.skew);
        let op = Op {
            id: uuid::Uuid::now_v7().to_string(),
            replica: self.replica.to_string(),
            seq: self.seq,
            hlc: self.clock.to_string(),
            author: self.author.to_string(),
            entity: entity.name().to_string(),
            entity_id: id.to_string(),
            field: field.to_string(),
            value,
            base,
        };
        insert_op(&self.tx, &op)?;
        self.apply(&op)?;
        Ok(op.id)
    }
}

/// Adds an operation to the log; false if it was already there.
fn insert_op(tx: &rusqlite::Connection, op: &Op) -> Result<bool> {
    let n = tx.prepare_cached(
        "INSERT OR IGNORE INTO ops (id, replica, seq, hlc, author, entity, entity_id, field, value, base)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        op.id,
        op.replica,
        op.seq,
        op.hlc,
        op.author,
        op.entity,
        op.entity_id,
        op.field,
        serde_json::to_string(&op.value)?,
        op.base.join(" "),
    ])?;
    if n == 1 {
        tx.prepare_cached(
            "INSERT INTO versions (replica, seq) VALUES (?1, ?2)
             ON CONFLICT (replica) DO UPDATE SET seq = max(seq, excluded.seq)",
        )?
        .execute(params![op.replica, op.seq])?;
    }
    Ok(n == 1)
}

fn op_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Op> {
    let value: String = r.get(8)?;
    let base: String = r.get(9)?;
    Ok(Op {
        id: r.get(0)?,
        replica: r.get(1)?,
        seq: r.get(2)?,
        hlc: r.get(3)?,
        author: r.get(4)?,
        entity: r.get(5)?,
        entity_id: r.get(6)?,
        field: r.get(7)?,
        value: serde_json::from_str(&value).unwrap_or(Value::Null),
        base: base.split_whitespace().map(str::to_string).collect(),
    })
}

/// Applies one operation (already in the log) to the tables. Returns the student whose caseload
/// line it may change.
fn apply(tx: &rusqlite::Connection, op: &Op) -> Result<Option<String>> {
    let Some(entity) = Entity::from_name(&op.entity) else {
        return Ok(None); // an entity from a newer plp: kept in the log, not built here
    };
    if op.field == "*" {
        let Value::Object(obj) = &op.value else {
            return Ok(None);
        };
        let fields = entity.fields();
        let cols: Vec<&str> = fields.iter().map(|(n, _)| *n).collect();
        let sql = format!(
            "INSERT INTO {} (id, {}) VALUES (?1, {}) ON CONFLICT (id) DO NOTHING",
            entity.table(),
            cols.join(", "),
            (2..=cols.len() + 1)
                .map(|i| format!("?{i}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let mut values: Vec<rusqlite::types::Value> = vec![op.entity_id.clone().into()];
        for (name, kind) in fields {
            values.push(to_sql(obj.get(*name).unwrap_or(&Value::Null), *kind));
        }
        let inserted = tx
            .prepare_cached(&sql)?
            .execute(rusqlite::params_from_iter(values))?;
        if inserted == 0 {
            // The same record created twice (one roster imported on two machines): settle
            // every field from all the versions held.
            for (name, kind) in fields {
                settle(tx, entity, &op.entity_id, name, *kind)?;
            }
        }
    } else if let Some(kind) = entity.field_kind(&op.field) {
        settle(tx, entity, &op.entity_id, &op.field, kind)?;
    }
    super::summary::owner(tx, entity, &op.entity_id, &op.value)
}

/// A version of a field that no other held version was based on.
#[derive(Debug, Clone)]
struct Head {
    id: String,
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
    }
}

fn field_value(op_field: &str, field: &str, value: &Value) -> Value {
    if op_field == "*" {
        value.get(field).cloned().unwrap_or(Value::Null)
    } else {
        value.clone()
    }
}

fn heads(conn: &rusqlite::Connection, entity_id: &str, field: &str) -> Result<Vec<Head>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, hlc, author, field, value, base FROM ops
         WHERE entity_id = ?1 AND (field = ?2 OR field = '*')",
    )?;
    let mut all = Vec::new();
    let mut superseded = std::collections::HashSet::new();
    let mut rows = stmt.query(params![entity_id, field])?;
    while let Some(r) = rows.next()? {
        let base: String = r.get(5)?;
        superseded.extend(base.split_whitespace().map(str::to_string));
        let op_field: String = r.get(3)?;
        let value: String = r.get(4)?;
        let value: Value = serde_json::from_str(&value)?;
        all.push(Head {
            created: op_field == "*",
            id: r.get(0)?,
            hlc: r.get(1)?,
            author: r.get(2)?,
            value: field_value(&op_field, field, &value),
        });
    }
    all.retain(|h| !superseded.contains(&h.id));
    // A record created on two machines (one roster imported twice) has two creations; any
    // deliberate edit of the field outranks them, so only edits can be in conflict with edits.
    if all.iter().any(|h| !h.created) {
        all.retain(|h| !h.created);
    }
    Ok(all)
}

fn winner(heads: &[Head]) -> Option<&Head> {
    heads
        .iter()
        .max_by(|a, b| (&a.hlc, &a.id).cmp(&(&b.hlc, &b.id)))
}

/// Recomputes one field's shown value and its conflicts from every version held.
fn settle(
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

/// Converts a JSON value to what its column holds.
pub(crate) fn to_sql(v: &Value, kind: Kind) -> rusqlite::types::Value {
    use rusqlite::types::Value as S;
    match (v, kind) {
        (Value::Null, Kind::Text) => S::Text(String::new()),
        (Value::Null, Kind::Bool) => S::Integer(0),
        (Value::Null, Kind::Json) => S::Text("[]".into()),
        (Value::Null, _) => S::Null,
        (Value::Bool(b), _) => S::Integer(*b as i64),
        (Value::Number(n), Kind::Text | Kind::OptText) => S::Text(n.to_string()),
        (Value::Number(n), _) => n
            .as_i64()
            .map(S::Integer)
            .unwrap_or_else(|| S::Real(n.as_f64().unwrap_or(0.0))),
        (Value::String(s), Kind::Int) => s.trim().parse().map(S::Integer).unwrap_or(S::Null),
        (Value::String(s), _) => S::Text(s.clone()),
        (other, _) => S::Text(other.to_string()),
    }
}

/// Reads a column back as JSON, by its kind.
pub(crate) fn from_sql(v: rusqlite::types::ValueRef<'_>, kind: Kind) -> Value {
    use rusqlite::types::ValueRef as R;
    match (v, kind) {
        (R::Null, Kind::Text) => Value::String(String::new()),
        (R::Null, Kind::Json) => Value::Array(Vec::new()),
        (R::Null, Kind::Bool) => Value::Bool(false),
        (R::Null, _) => Value::Null,
        (R::Integer(i), Kind::Bool) => Value::Bool(i != 0),
        (R::Integer(i), _) => Value::from(i),
        (R::Real(f), _) => Value::from(f),
        (R::Text(t), Kind::Json) => serde_json::from_slice(t).unwrap_or(Value::Array(Vec::new())),
        (R::Text(t), _) => Value::String(String::from_utf8_lossy(t).into_owned()),
        (R::Blob(_), _) => Value::Null,
    }
}

/// Reads one row of an entity's table into a JSON object (including `id`).
pub(crate) fn row_object(
    r: &rusqlite::Row<'_>,
    entity: Entity,
) -> rusqlite::Result<Map<String, Value>> {
    let mut obj = Map::new();
    obj.insert("id".into(), Value::String(r.get(0)?));
    for (i, (name, kind)) in entity.fields().iter().enumerate() {
        obj.insert((*name).to_string(), from_sql(r.get_ref(i + 1)?, *kind));
    }
    Ok(obj)
}

/// The column list for `SELECT` of an entity, `id` first.
pub(crate) fn columns(entity: Entity) -> String {
    let mut cols = vec!["id"];
    cols.extend(entity.fields().iter().map(|(n, _)| *n));
    cols.join(", ")
}

fn dump(conn: &rusqlite::Connection) -> Result<String> {
    let mut out = String::new();
    for e in Entity::ALL {
        out.push_str(&format!("## {}\n", e.table()));
        let mut stmt = conn.prepare(&format!(
            "SELECT {} FROM {} ORDER BY id",
            columns(*e),
            e.table()
        ))?;
        let width = e.fields().len() + 1;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            for i in 0..width {
                use rusqlite::types::ValueRef as R;
                match r.get_ref(i)? {
                    R::Null => out.push_str("NULL"),
                    R::Integer(n) => out.push_str(&format!("i{n}")),
                    R::Real(f) => out.push_str(&format!("r{f:?}")),
                    R::Text(t) => out.push_str(&format!("{:?}", String::from_utf8_lossy(t))),
                    R::Blob(b) => out.push_str(&format!("b{b:?}")),
                }
                out.push('\t');
            }
            out.push('\n');
        }
    }
    out.push_str("## student_summary\n");
    let mut stmt = conn.prepare("SELECT * FROM student_summary ORDER BY student_id")?;
    let width = stmt.column_count();
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        for i in 0..width {
            out.push_str(&format!("{:?}\t", r.get_ref(i)?));
        }
        out.push('\n');
    }
    out.push_str("## conflicts\n");
    let mut stmt =
        conn.prepare("SELECT entity, entity_id, field, op_id FROM conflicts ORDER BY 2, 3, 4")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let t: (String, String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
        out.push_str(&format!("{}\t{}\t{}\t{}\n", t.0, t.1, t.2, t.3));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Student;

    fn student(sis: &str) -> Student {
        Student {
            sis_id: sis.into(),
            given_name: "Amara".into(),
            family_name: "Okafor".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_stale_edit_keeps_both_texts() {
        let mut s = Store::in_memory().unwrap();
        let id = s.write(|w| w.add_student(&student("1"))).unwrap();
        let seen = s.field_version(&id, "strengths").unwrap().unwrap();
        s.write(|w| w.set(Entity::Student, &id, "strengths", "A".into(), Base::Current))
            .unwrap();
        // Another advisor saves from the view loaded before that edit.
        s.write(|w| {
            w.set(
                Entity::Student,
                &id,
                "strengths",
                "B".into(),
                Base::Seen(vec![seen]),
            )
        })
        .unwrap();
        let c = s.conflicts().unwrap();
        assert_eq!(c.len(), 1);
        let texts = [c[0].shown.value.clone(), c[0].other.value.clone()];
        assert!(texts.contains(&"A".into()) && texts.contains(&"B".into()));
        // Choosing resolves it, as a change of its own.
        s.write(|w| {
            w.set(
                Entity::Student,
                &id,
                "strengths",
                "A and B".into(),
                Base::All,
            )
        })
        .unwrap();
        assert!(s.conflicts().unwrap().is_empty());
        let st: Student = s.get(Entity::Student, &id).unwrap().unwrap();
        assert_eq!(st.profile.strengths, "A and B");
        assert_eq!(s.history(&id, "strengths").unwrap().len(), 4);
    }

    #[test]
    fn one_record_created_twice_is_no_conflict() {
        let mut a = Store::in_memory().unwrap();
        let mut b = Store::in_memory().unwrap();
        let id = a.write(|w| w.add_student(&student("7"))).unwrap();
        b.write(|w| w.add_student(&student("7"))).unwrap();
        a.write(|w| w.set(Entity::Student, &id, "grade", 10.into(), Base::Current))
            .unwrap();
        for op in b.ops().unwrap() {
            a.write(|w| w.receive(&op)).unwrap();
        }
        assert!(a.conflicts().unwrap().is_empty());
        let st: Student = a.get(Entity::Student, &id).unwrap().unwrap();
        assert_eq!(st.grade, Some(10));
    }

    #[test]
    fn receiving_twice_changes_nothing_and_rebuild_agrees() {
        let mut a = Store::in_memory().unwrap();
        let id = a.write(|w| w.add_student(&student("3"))).unwrap();
        a.write(|w| w.set(Entity::Student, &id, "needs", "time".into(), Base::Current))
            .unwrap();
        let mut b = Store::in_memory().unwrap();
        for _ in 0..2 {
            for op in a.ops().unwrap() {
                b.write(|w| w.receive(&op)).unwrap();
            }
        }
        assert_eq!(a.dump_tables().unwrap(), b.dump_tables().unwrap());
        assert!(!b.rebuild().unwrap(), "tables already agree with the log");
        b.conn
            .execute("UPDATE students SET needs = 'tampered'", [])
            .unwrap();
        assert!(b.rebuild().unwrap());
        assert_eq!(a.dump_tables().unwrap(), b.dump_tables().unwrap());
    }

    #[test]
    fn bad_fields_are_refused() {
        let mut s = Store::in_memory().unwrap();
        let id = s.write(|w| w.add_student(&student("1"))).unwrap();
        let err = s
            .write(|w| w.set(Entity::Student, &id, "shoe_size", 9.into(), Base::Current))
            .unwrap_err();
        assert_eq!(err.to_string(), "student has no field \"shoe_size\"");
        assert_eq!(s.ops().unwrap().len(), 1);
    }
}
