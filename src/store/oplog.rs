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
use serde_json::Value;

use super::clock::{wall_millis, Hlc};
use super::packed;
use super::received::Bytes;
use super::schema::Entity;
use super::statements::Statements;
use super::values::to_sql_ref;
use super::versions::{heads, settle, winner};
use super::{Result, Store, StoreError};

/// One immutable change, its value parsed (`V` is the value's JSON text in [`OpText`], read
/// only to be sent on).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Op<V = Value> {
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
    pub value: V,
    /// The operations on this field that the edit was based on.
    pub base: Vec<String>,
}

impl<V> Op<V> {
    /// The same change with its value made into another form (parsed, or written as text).
    pub fn map_value<W>(self, f: impl FnOnce(V) -> W) -> Op<W> {
        Op {
            id: self.id,
            replica: self.replica,
            seq: self.seq,
            hlc: self.hlc,
            author: self.author,
            entity: self.entity,
            entity_id: self.entity_id,
            field: self.field,
            value: f(self.value),
            base: self.base,
        }
    }
}

/// What an edit is based on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Base {
    /// The value shown now (the command line, where the user sees the latest value).
    Current,
    /// The versions the editor loaded; if the field changed since, both texts are kept.
    Seen(Vec<String>),
    /// The versions a person was shown and chose between: resolves a conflict (see
    /// [`super::Conflict::chosen_base`]). A version that arrived after they were shown stays
    /// current beside the choice, so it is asked about again rather than lost unseen.
    Chosen(Vec<String>),
}

/// Appends operations and applies them, inside one write transaction.
pub struct Writer<'a> {
    /// The statements run for each change, on the transaction's connection (dropped before
    /// the transaction ends).
    statements: Statements<'a>,
    tx: Transaction<'a>,
    replica: &'a str,
    author: &'a str,
    seq: i64,
    clock: Hlc,
    skew: i64,
    /// Students whose caseload line needs recomputing when the transaction ends.
    touched: std::collections::HashSet<String>,
    /// Replica ids and the numbers the log knows them by.
    replicas: std::collections::HashMap<String, i64>,
    /// The replica asked for last, and its number (a batch's changes mostly share one).
    last_replica: Option<(String, i64)>,
    /// The replicas this write gave a number (see [`Writer::unnumber_if_unused`]).
    numbered: Vec<i64>,
    /// The highest sequence number this write added (or found held) from each replica, written
    /// into `versions` once when the write ends rather than once per change.
    versions: std::collections::HashMap<String, i64>,
    /// Received changes go into the log only; the tables are built from the whole log later
    /// (see [`Store::write_log_only`]).
    log_only: bool,
    /// Why this file makes no change of its own (a reading copy of the hub), if it makes none;
    /// received changes still go in.
    own_refused: Option<String>,
}

/// Every column of a change, in the order [`op_from_row`] reads them.
pub(super) const OP_SELECT: &str =
    "SELECT o.id, r.id, o.seq, o.ms, o.ctr, o.author, o.entity, o.entity_id, o.field, o.value,
            o.base
     FROM ops o JOIN replicas r ON r.n = o.replica";

impl Store {
    /// Runs `f` in one `IMMEDIATE` transaction; its operations land together or not at all.
    pub fn write<T>(&mut self, f: impl FnOnce(&mut Writer<'_>) -> Result<T>) -> Result<T> {
        self.part_from_twins()?;
        let written = self.write_and_commit(f);
        if let Err(StoreError::ReadingCopy(why)) = &written {
            // A sync in another process found this file's login only reads: this handle
            // knows it from now on, as if it had been opened after.
            self.reading_copy = Some(why.clone());
        }
        let (out, start, end) = written?;
        if end > start {
            self.note_own_seq(end);
        }
        Ok(out)
    }

    /// [`Store::write`]'s transaction: what `f` returned, and this replica's sequence number
    /// before and after it.
    fn write_and_commit<T>(
        &mut self,
        f: impl FnOnce(&mut Writer<'_>) -> Result<T>,
    ) -> Result<(T, i64, i64)> {
        let mut w = self.writer()?;
        let start = w.seq;
        let out = f(&mut w)?;
        w.finish()?;
        let end = w.seq;
        w.tx.commit()?;
        Ok((out, start, end))
    }

    /// As [`Store::write`], for changes taken in bulk: each received change goes into the log
    /// (checked and numbered exactly as by [`Writer::receive_read`]) but not into the tables.
    /// The same transaction marks the tables as behind the log, so that they are built from
    /// the whole log ([`Store::build_pending_tables`]) before anything reads them.
    pub fn write_log_only<T>(&mut self, f: impl FnOnce(&mut Writer<'_>) -> Result<T>) -> Result<T> {
        self.part_from_twins()?;
        let mut w = self.writer()?;
        w.log_only = true;
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

    /// Starts a write transaction, reading this replica's id, its next sequence number and the
    /// clock inside it, so that processes sharing the file never stamp two changes alike. (The
    /// id is read again because another process may have given the file a new one since this
    /// one opened it: a sync that set a change aside, or took lost history back. Writing on
    /// under the old id would put the changes where no sync sends them.)
    fn writer(&mut self) -> Result<Writer<'_>> {
        if let Some(why) = &self.read_only {
            return Err(StoreError::ReadOnly(why.clone()));
        }
        // The connection is borrowed only to read (`&mut self` keeps any other write out), so
        // that the write's statements can be held beside its transaction.
        let tx = Transaction::new_unchecked(&self.conn, rusqlite::TransactionBehavior::Immediate)?;
        {
            use rusqlite::OptionalExtension;
            let current: Option<String> = tx
                .prepare_cached("SELECT value FROM meta WHERE key = 'replica'")?
                .query_row([], |r| r.get(0))
                .optional()?;
            if let Some(id) = current.filter(|id| *id != self.replica) {
                self.replica = id;
            }
        }
        let seq: i64 = tx
            .prepare_cached(
                "SELECT coalesce(max(seq), 0) FROM ops
                 WHERE replica = (SELECT n FROM replicas WHERE id = ?1)",
            )?
            .query_row([&self.replica], |r| r.get(0))?;
        let last: Option<Hlc> = {
            use rusqlite::OptionalExtension;
            tx.prepare_cached("SELECT ms, ctr FROM ops ORDER BY ms DESC, ctr DESC LIMIT 1")?
                .query_row([], |r| {
                    Ok(Hlc {
                        millis: r.get(0)?,
                        counter: r.get::<_, i64>(1)? as u32,
                    })
                })
                .optional()?
        };
        // A stamp far ahead (taken in before the limit on received stamps) never carries the
        // local clock with it: changes are ordered by what they were based on, not by clocks.
        let limit = Hlc {
            millis: wall_millis() + self.clock_skew_ms + super::clock::MAX_AHEAD_MS,
            counter: 0,
        };
        let clock = last.unwrap_or_default().min(limit);
        let own_refused = super::reader_copy::refusal(&tx)?;
        Ok(Writer {
            statements: Statements::new(&self.conn),
            tx,
            replica: &self.replica,
            author: &self.author,
            seq,
            clock,
            skew: self.clock_skew_ms,
            touched: std::collections::HashSet::new(),
            replicas: std::collections::HashMap::new(),
            last_replica: None,
            numbered: Vec::new(),
            versions: std::collections::HashMap::new(),
            log_only: false,
            own_refused,
        })
    }

    /// Every operation, in clock order.
    pub fn ops(&self) -> Result<Vec<Op>> {
        let mut stmt = self
            .conn
            .prepare(&format!("{OP_SELECT} ORDER BY o.ms, o.ctr, o.id"))?;
        let rows = stmt.query_map([], op_from_row)?;
        let mut out = Vec::new();
        for r in rows {
            out.push(r?);
        }
        Ok(out)
    }

    /// Calls `f` with every operation in the log whose row number is in `rows`, in no set
    /// order, without holding them all (so that parts of a large log can be read side by side).
    pub fn for_each_op_in(
        &self,
        rows: std::ops::Range<i64>,
        mut f: impl FnMut(Op) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare(&format!("{OP_SELECT} WHERE o.rowid >= ?1 AND o.rowid < ?2"))?;
        let mut rows = stmt.query(params![rows.start, rows.end])?;
        while let Some(r) = rows.next()? {
            f(op_from_row(r)?)?;
        }
        Ok(())
    }

    /// The operation with this id, if the log holds it.
    pub fn op_by_id(&self, id: &str) -> Result<Option<Op>> {
        op_with_id(&self.conn, id)
    }

    /// Up to `limit` of one replica's operations numbered after `after` and up to `upto`, in
    /// order (a large log read a part at a time).
    pub fn ops_of_replica_between(
        &self,
        replica: &str,
        after: i64,
        upto: i64,
        limit: usize,
    ) -> Result<Vec<Op>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{OP_SELECT} WHERE o.replica = (SELECT n FROM replicas WHERE id = ?1)
             AND o.seq > ?2 AND o.seq <= ?3 ORDER BY o.seq LIMIT ?4"
        ))?;
        let rows = stmt.query_map(params![replica, after, upto, limit as i64], op_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One replica's operations after a sequence number, in order.
    pub fn ops_of_replica_after(&self, replica: &str, after: i64) -> Result<Vec<Op>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{OP_SELECT} WHERE o.replica = (SELECT n FROM replicas WHERE id = ?1) AND o.seq > ?2
             ORDER BY o.seq"
        ))?;
        let rows = stmt.query_map(params![replica, after], op_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
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
        entity.check_new(&obj)?;
        self.push(entity, id, "*", Value::Object(obj), Vec::new())
    }

    /// Creates a record from its typed struct, which the caller has validated as a whole:
    /// only its fields are checked one by one (reading the object back into the struct again
    /// would find nothing new).
    pub(super) fn create_validated<T: serde::Serialize>(
        &mut self,
        entity: Entity,
        id: &str,
        record: &T,
    ) -> Result<String> {
        let mut obj = match serde_json::to_value(record)? {
            Value::Object(o) => o,
            _ => return Err(StoreError::Sql("a new record must be an object".into())),
        };
        obj.remove("id");
        entity.check_fields(&obj)?;
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
        entity.check_change(field, &value)?;
        let base = match base {
            // A version named that something else already replaced is still fine to name:
            // what replaced it stays current, as it was not seen.
            Base::Seen(ids) | Base::Chosen(ids) => ids,
            Base::Current => {
                let hs = heads(&self.tx, id, field)?;
                winner(&hs).map(|h| vec![h.id.clone()]).unwrap_or_default()
            }
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
        self.receive_stored(op, &Bytes::None)
    }

    /// As [`Writer::receive`], for a change read from another file with its stored value.
    /// With `compare`, a change whose id the log holds for a different change is not taken:
    /// `None`, and the write is as it was before it (the caller refuses it, and may go on).
    pub fn receive_read(
        &mut self,
        received: &super::Received,
        compare: bool,
    ) -> Result<Option<bool>> {
        let op = received.op();
        let new = self.insert_received(op, received.stored())?;
        if !new && compare && op_with_id(&self.tx, &op.id)?.is_some_and(|held| held != *op) {
            self.unnumber_if_unused(&op.replica)?;
            return Ok(None);
        }
        self.received(op, new).map(Some)
    }

    fn receive_stored(&mut self, op: &Op, stored: &Bytes) -> Result<bool> {
        let new = self.insert_received(op, stored)?;
        self.received(op, new)
    }

    /// Puts a received change into the log; false if it held it already (nothing is written).
    fn insert_received(&mut self, op: &Op, stored: &Bytes) -> Result<bool> {
        let n = self.replica_number(&op.replica)?;
        insert_op(self.statements.get(INSERT_OP)?, n, op, stored)
    }

    /// What follows a received change's place in the log (`new`: it was not held before):
    /// the version vector, the clock, and the tables.
    fn received(&mut self, op: &Op, new: bool) -> Result<bool> {
        // An operation already held under this id (one the log kept past a gap that `plp check`
        // found) still counts as held from here on.
        self.note_held(&op.replica, op.seq);
        if !new {
            return Ok(false);
        }
        if let Some(h) = Hlc::parse(&op.hlc) {
            let limit = Hlc {
                millis: wall_millis() + self.skew + super::clock::MAX_AHEAD_MS,
                counter: 0,
            };
            self.clock = self.clock.max(h.min(limit));
        }
        if self.log_only {
            return Ok(true);
        }
        self.apply(op)?;
        if op.field == "*" {
            settle_early_edits(&mut self.statements, op)?;
        }
        Ok(true)
    }

    /// Applies an operation already in the log, noting whose caseload line it touches.
    fn apply(&mut self, op: &Op) -> Result<()> {
        if let Some(s) = apply(&mut self.statements, op)? {
            self.touched.insert(s);
        }
        Ok(())
    }

    /// Notes that the log holds `seq` of `replica` (see [`Writer::finish`]).
    fn note_held(&mut self, replica: &str, seq: i64) {
        match self.versions.get_mut(replica) {
            Some(held) => *held = (*held).max(seq),
            None => {
                self.versions.insert(replica.to_string(), seq);
            }
        }
    }

    /// Recomputes the caseload lines this write touched (once each, however many changes), and
    /// raises the version vector to what the write added.
    fn finish(&mut self) -> Result<()> {
        if self.log_only {
            super::bulk::mark_pending(&self.tx)?;
        }
        // A write that grew the file well past what SQLite's planner counted has it counted
        // again first, so that the caseload lines below are read through their indexes.
        super::planner_stats::recount_if_grown(&self.tx)?;
        for s in std::mem::take(&mut self.touched) {
            super::summary::refresh_student(&self.tx, &s)?;
        }
        for (replica, seq) in std::mem::take(&mut self.versions) {
            self.tx
                .prepare_cached(
                    "INSERT INTO versions (replica, seq) VALUES (?1, ?2)
                     ON CONFLICT (replica) DO UPDATE SET seq = max(seq, excluded.seq)",
                )?
                .execute(params![replica, seq])?;
        }
        Ok(())
    }

    /// The number the log knows a replica by, given it here if it has none yet.
    fn replica_number(&mut self, replica: &str) -> Result<i64> {
        if let Some((last, n)) = &self.last_replica {
            if last == replica {
                return Ok(*n);
            }
        }
        if let Some(n) = self.replicas.get(replica) {
            self.last_replica = Some((replica.to_string(), *n));
            return Ok(*n);
        }
        let added = self
            .tx
            .prepare_cached("INSERT OR IGNORE INTO replicas (id) VALUES (?1)")?
            .execute([replica])?;
        let n: i64 = self
            .tx
            .prepare_cached("SELECT n FROM replicas WHERE id = ?1")?
            .query_row([replica], |r| r.get(0))?;
        self.replicas.insert(replica.to_string(), n);
        self.last_replica = Some((replica.to_string(), n));
        if added == 1 {
            self.numbered.push(n);
        }
        Ok(n)
    }

    /// Takes back the number this write gave `replica`, if the log holds no change of it (the
    /// change it was given for was refused).
    fn unnumber_if_unused(&mut self, replica: &str) -> Result<()> {
        let Some(n) = self.replicas.get(replica).copied() else {
            return Ok(());
        };
        if !self.numbered.contains(&n) {
            return Ok(());
        }
        let gone = self
            .tx
            .prepare_cached(
                "DELETE FROM replicas WHERE n = ?1
                 AND NOT EXISTS (SELECT 1 FROM ops WHERE replica = ?1)",
            )?
            .execute([n])?;
        if gone == 1 {
            self.replicas.remove(replica);
            self.last_replica = None;
            self.numbered.retain(|m| *m != n);
        }
        Ok(())
    }

    /// The transaction, for reads that must see this write's own changes.
    pub(super) fn tx(&self) -> &Transaction<'_> {
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
        if let Some(why) = &self.own_refused {
            return Err(StoreError::ReadingCopy(why.clone()));
        }
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
        let n = self.replica_number(self.replica)?;
        insert_op(self.statements.get(INSERT_OP)?, n, &op, &Bytes::None)?;
        let replica = self.replica;
        self.note_held(replica, op.seq);
        self.apply(&op)?;
        Ok(op.id)
    }
}

/// The operation with this id, if the log holds it.
fn op_with_id(conn: &rusqlite::Connection, id: &str) -> Result<Option<Op>> {
    use rusqlite::OptionalExtension;
    static SQL: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| format!("{OP_SELECT} WHERE o.id = ?1"));
    Ok(conn
        .prepare_cached(&SQL)?
        .query_row([packed::id(id)], op_from_row)
        .optional()?)
}

/// Edits can arrive before the record they edit (through a bundle folder, from a replica whose
/// own file has not come yet): when the record comes, they take effect. (Only received changes
/// can come out of order: an edit is always stamped after the record it was made on.)
fn settle_early_edits(statements: &mut Statements<'_>, create: &Op) -> Result<()> {
    let Some(entity) = Entity::from_name(&create.entity) else {
        return Ok(());
    };
    let early: Vec<String> = statements
        .get("SELECT DISTINCT field FROM ops WHERE entity_id = ?1 AND field != '*'")?
        .query_map([packed::id(&create.entity_id)], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let tx = statements.conn();
    for field in early {
        if let Some(kind) = entity.field_kind(&field) {
            settle(tx, entity, &create.entity_id, &field, kind)?;
        }
    }
    Ok(())
}

/// The statement that adds a change to the log (see [`insert_op`]).
const INSERT_OP: &str = "INSERT OR IGNORE INTO ops
     (id, replica, seq, ms, ctr, author, entity, entity_id, field, value, base)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";

/// Adds an operation to the log (its replica known here by number `replica`); false if it was
/// already there. The version vector is raised by the writer when the write ends.
/// `stored` is the value's bytes as another file stored them, or as packed already, if any.
fn insert_op(
    insert: &mut rusqlite::Statement<'_>,
    replica: i64,
    op: &Op,
    stored: &Bytes,
) -> Result<bool> {
    use std::borrow::Cow;
    let (ms, ctr) = packed::hlc(&op.hlc)?;
    let value = match stored {
        Bytes::Packed(bytes) => Cow::Borrowed(bytes),
        Bytes::Stored(bytes) => packed::repack(bytes)?,
        Bytes::None => Cow::Owned(packed::value(&op.value)?),
    };
    let n = insert.execute(params![
        packed::id(&op.id),
        replica,
        op.seq,
        ms,
        ctr,
        op.author,
        op.entity,
        packed::id(&op.entity_id),
        op.field,
        value,
        packed::base(&op.base),
    ])?;
    Ok(n == 1)
}

/// Reads a change selected with [`OP_SELECT`].
pub(super) fn op_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Op> {
    op_from_columns(r, packed::unpack_value(r.get_ref(9)?)?)
}

/// Reads a change selected with [`OP_SELECT`] whose value is already read.
pub(super) fn op_from_columns<V>(r: &rusqlite::Row<'_>, value: V) -> rusqlite::Result<Op<V>> {
    Ok(Op {
        id: packed::unpack_id(r.get_ref(0)?)?,
        replica: r.get(1)?,
        seq: r.get(2)?,
        hlc: packed::unpack_hlc(r.get(3)?, r.get(4)?),
        author: r.get(5)?,
        entity: r.get(6)?,
        entity_id: packed::unpack_id(r.get_ref(7)?)?,
        field: r.get(8)?,
        value,
        base: packed::unpack_base(r.get_ref(10)?)?,
    })
}

/// The statement that inserts a new record of `entity`, written once per entity.
fn insert_sql(entity: Entity) -> &'static str {
    static SQL: std::sync::OnceLock<Vec<(Entity, String)>> = std::sync::OnceLock::new();
    let all = SQL.get_or_init(|| {
        Entity::ALL
            .iter()
            .map(|e| {
                let cols: Vec<&str> = e.fields().iter().map(|f| f.name).collect();
                let sql = format!(
                    "INSERT INTO {} (id, {}) VALUES (?1, {}) ON CONFLICT (id) DO NOTHING",
                    e.table(),
                    cols.join(", "),
                    (2..=cols.len() + 1)
                        .map(|i| format!("?{i}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                (*e, sql)
            })
            .collect()
    });
    all.iter()
        .find(|(e, _)| *e == entity)
        .map(|(_, sql)| sql.as_str())
        .unwrap_or_default()
}

/// Applies one operation (already in the log) to the tables. Returns the student whose caseload
/// line it may change. `statements` are those of the write it is part of.
pub(super) fn apply(statements: &mut Statements<'_>, op: &Op) -> Result<Option<String>> {
    let tx = statements.conn();
    let Some(entity) = Entity::from_name(&op.entity) else {
        return Ok(None); // an entity from a newer plp: kept in the log, not built here
    };
    if op.field == "*" {
        let Value::Object(obj) = &op.value else {
            return Ok(None);
        };
        // The record's text is bound as it is in the value, not copied.
        let columns = entity
            .fields()
            .iter()
            .map(|f| to_sql_ref(obj.get(f.name).unwrap_or(&Value::Null), f.kind));
        let student = obj.get("student_id").and_then(Value::as_str);
        return apply_create(statements, entity, &op.entity_id, columns, student);
    }
    if let Some(kind) = entity.field_kind(&op.field) {
        settle(tx, entity, &op.entity_id, &op.field, kind)?;
    }
    super::summary::owner(tx, entity, &op.entity_id, &op.value)
}

/// Applies a new record whose columns are already read (one per field, in table order; see
/// [`super::values::create_row`]); `student` is its `student_id` when that is a string.
pub(super) fn apply_create<C: rusqlite::ToSql>(
    statements: &mut Statements<'_>,
    entity: Entity,
    id: &str,
    columns: impl IntoIterator<Item = C>,
    student: Option<&str>,
) -> Result<Option<String>> {
    let stmt = statements.get(insert_sql(entity))?;
    stmt.raw_bind_parameter(1, id)?;
    for (i, c) in columns.into_iter().enumerate() {
        stmt.raw_bind_parameter(i + 2, c)?;
    }
    let inserted = stmt.raw_execute()?;
    let tx = statements.conn();
    if inserted == 0 {
        // The same record created twice (one roster imported on two machines): settle
        // every field from all the versions held.
        for f in entity.fields() {
            settle(tx, entity, id, f.name, f.kind)?;
        }
    }
    super::summary::owner_of_new(tx, entity, id, student)
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
                Base::Chosen(c[0].chosen_base()),
            )
        })
        .unwrap();
        assert!(s.conflicts().unwrap().is_empty());
        let st: Student = s.get(Entity::Student, &id).unwrap().unwrap();
        assert_eq!(st.profile.strengths, "A and B");
        assert_eq!(s.history(&id, "strengths").unwrap().len(), 4);
    }

    #[test]
    fn a_choice_settles_only_the_versions_shown() {
        let mut a = Store::in_memory().unwrap();
        let id = a.write(|w| w.add_student(&student("2"))).unwrap();
        let seen = a.field_version(&id, "needs").unwrap();
        let edit = |s: &mut Store, text: &str| {
            let base = Base::Seen(seen.clone().into_iter().collect());
            s.write(|w| w.set(Entity::Student, &id, "needs", text.into(), base))
                .unwrap()
        };
        let (first, second) = (edit(&mut a, "A"), edit(&mut a, "B"));
        let shown = a.conflicts().unwrap().remove(0);
        // A third version, made elsewhere, arrives before the choice is written.
        let mut c = Store::in_memory().unwrap();
        c.apply_ops(a.ops().unwrap()[..1].to_vec()).unwrap();
        edit(&mut c, "C");
        a.apply_ops(c.ops().unwrap()).unwrap();
        let choice = a
            .write(|w| {
                let base = Base::Chosen(shown.chosen_base());
                w.set(Entity::Student, &id, "needs", "A".into(), base)
            })
            .unwrap();
        let mut chosen = shown.chosen_base();
        chosen.sort();
        let mut both = vec![first, second];
        both.sort();
        assert_eq!(chosen, both);
        // The third is still a version to choose from, against the choice.
        let left = a.conflicts().unwrap();
        assert_eq!(left.len(), 1, "{left:?}");
        let ids = [left[0].shown.op_id.as_str(), left[0].other.op_id.as_str()];
        assert!(ids.contains(&choice.as_str()), "{left:?}");
        let values = [&left[0].shown.value, &left[0].other.value];
        assert!(values.contains(&&serde_json::Value::from("C")), "{left:?}");
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

    /// The same student brought in whole in one file (a plan imported, the profile written)
    /// and made from a roster in another, later: the roster's empty fields hide nothing, in
    /// either file, and only what both said and differ on is a conflict.
    #[test]
    fn a_creation_that_says_nothing_of_a_field_gives_way_to_one_that_does() {
        let mut a = Store::in_memory().unwrap();
        let mut b = Store::in_memory().unwrap();
        let whole = Student {
            profile: crate::domain::Profile {
                strengths: "Great with people".into(),
                ..Default::default()
            },
            pronouns: Some("he/him".into()),
            iep: true,
            grade: Some(9),
            ..student("7")
        };
        let id = a.write(|w| w.add_student(&whole)).unwrap();
        let from_roster = Student {
            grade: Some(10),
            ..student("7")
        };
        b.write(|w| w.add_student(&from_roster)).unwrap();
        let (to_b, to_a) = (a.ops().unwrap(), b.ops().unwrap());
        for op in &to_b {
            b.write(|w| w.receive(op)).unwrap();
        }
        for op in &to_a {
            a.write(|w| w.receive(op)).unwrap();
        }
        for s in [&a, &b] {
            let st: Student = s.get(Entity::Student, &id).unwrap().unwrap();
            assert_eq!(
                (
                    st.profile.strengths.as_str(),
                    st.pronouns.as_deref(),
                    st.iep
                ),
                ("Great with people", Some("he/him"), true)
            );
            // Both said a grade, and they differ: the later is shown, the other kept aside.
            assert_eq!(st.grade, Some(10));
            let c = s.conflicts().unwrap();
            assert_eq!(c.len(), 1, "{c:?}");
            assert_eq!(c[0].field, "grade");
        }
        assert_eq!(a.dump_tables().unwrap(), b.dump_tables().unwrap());
        assert!(!b.rebuild().unwrap(), "tables already agree with the log");
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
    fn an_edit_that_arrives_before_its_record_takes_effect() {
        let mut a = Store::in_memory().unwrap();
        let id = a.write(|w| w.add_student(&student("8"))).unwrap();
        a.write(|w| w.set(Entity::Student, &id, "needs", "quiet".into(), Base::Current))
            .unwrap();
        let ops = a.ops().unwrap();
        let mut b = Store::in_memory().unwrap();
        b.write(|w| w.receive(&ops[1])).unwrap();
        b.write(|w| w.receive(&ops[0])).unwrap();
        assert_eq!(a.dump_tables().unwrap(), b.dump_tables().unwrap());
    }

    #[test]
    fn the_version_vector_holds_the_highest_change_a_write_took_from_each_replica() {
        let mut a = Store::in_memory().unwrap();
        for i in 0..4 {
            a.write(|w| w.add_student(&student(&i.to_string())))
                .unwrap();
        }
        let mut ops = a.ops().unwrap();
        let mut b = Store::in_memory().unwrap();
        b.write(|w| w.receive(&ops[0])).unwrap();
        assert_eq!(b.versions().unwrap().get(a.replica()), Some(&1));
        // Out of order in one write, with one already held: the highest counts.
        ops.swap(1, 3);
        b.write(|w| ops.iter().try_for_each(|op| w.receive(op).map(|_| ())))
            .unwrap();
        assert_eq!(b.versions().unwrap().get(a.replica()), Some(&4));
        // Its own changes count too, once the write ends.
        b.write(|w| {
            w.add_student(&student("x"))?;
            w.add_student(&student("y"))
        })
        .unwrap();
        assert_eq!(b.versions().unwrap().get(b.replica()), Some(&2));
        assert_eq!(b.own_seq().unwrap(), 2);
        // A write undone leaves the vector as it was.
        let _ = b.write(|w| {
            w.add_student(&student("z"))?;
            Err::<(), _>(StoreError::Sql("stop".into()))
        });
        assert_eq!(b.versions().unwrap().get(b.replica()), Some(&2));
    }

    #[test]
    fn a_change_reusing_a_held_id_leaves_the_write_as_it_was_and_it_goes_on() {
        let mut a = Store::in_memory().unwrap();
        let id = a.write(|w| w.add_student(&student("1"))).unwrap();
        a.write(|w| w.set(Entity::Student, &id, "needs", "time".into(), Base::Current))
            .unwrap();
        let held = a.ops().unwrap();
        let mut b = Store::in_memory().unwrap();
        b.apply_ops(held.clone()).unwrap();
        let replicas = |s: &Store| -> i64 {
            s.conn
                .query_row("SELECT count(*) FROM replicas", [], |r| r.get(0))
                .unwrap()
        };
        let (before, versions) = (replicas(&b), b.versions().unwrap());
        // The first change of a replica new here, under the id of a change held.
        let clash = Op {
            id: held[1].id.clone(),
            replica: "c0ffee".into(),
            seq: 1,
            value: "other".into(),
            ..held[1].clone()
        };
        let found = b
            .write(|w| {
                let refused = w.receive_read(&super::super::Received::from(clash), true)?;
                // The write goes on with the changes after it.
                let next = w.receive_read(&super::super::Received::from(held[1].clone()), true)?;
                Ok((refused, next))
            })
            .unwrap();
        assert_eq!(found, (None, Some(false)));
        assert_eq!(
            replicas(&b),
            before,
            "no number kept for the refused replica"
        );
        assert_eq!(b.versions().unwrap(), versions);
        assert_eq!(b.ops().unwrap(), held);
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
