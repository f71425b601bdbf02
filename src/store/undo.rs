//! Taking changes back: each undo is written as new changes (so it syncs like any other), based
//! on the change it takes back. A field goes back to the version (or versions) the change was
//! based on; a record the change created is retired.

use rusqlite::params;
use serde_json::Value;

use super::oplog::{op_from_row, Base, Op, Writer, OP_SELECT};
use super::packed;
use super::schema::Entity;
use super::{Result, Store, StoreError};

impl Store {
    /// Runs `f` as [`Store::write`] does and also returns the ids of the changes it made, in
    /// order (to take them back later with [`Store::undo`]).
    pub fn write_recorded<T>(
        &mut self,
        f: impl FnOnce(&mut Writer<'_>) -> Result<T>,
    ) -> Result<(T, Vec<String>)> {
        // The id it writes under is settled first (see `Store::write`).
        self.part_from_twins()?;
        let replica = self.replica.clone();
        self.write(|w| {
            let before = last_seq(w, &replica)?;
            let out = f(w)?;
            let ids = w
                .tx()
                .prepare_cached(&format!(
                    "{OP_SELECT} WHERE o.replica = (SELECT n FROM replicas WHERE id = ?1)
                     AND o.seq > ?2 ORDER BY o.seq"
                ))?
                .query_map(params![replica, before], |r| op_from_row(r).map(|op| op.id))?
                .collect::<rusqlite::Result<Vec<String>>>()?;
            Ok((out, ids))
        })
    }

    /// Takes back the changes `ops` (made together), newest first, as new changes in one
    /// transaction. Returns the ids of the changes written.
    pub fn undo(&mut self, ops: &[String]) -> Result<Vec<String>> {
        let mut held = Vec::new();
        for id in ops.iter().rev() {
            held.push(
                self.op_by_id(id)?
                    .ok_or_else(|| StoreError::NotFound(format!("change {id}")))?,
            );
        }
        let (_, written) = self.write_recorded(|w| {
            for op in &held {
                take_back(w, op)?;
            }
            Ok(())
        })?;
        Ok(written)
    }
}

fn last_seq(w: &Writer<'_>, replica: &str) -> Result<i64> {
    Ok(w.tx().query_row(
        "SELECT coalesce(max(seq), 0) FROM ops
         WHERE replica = (SELECT n FROM replicas WHERE id = ?1)",
        [replica],
        |r| r.get(0),
    )?)
}

/// Writes what takes one change back.
fn take_back(w: &mut Writer<'_>, op: &Op) -> Result<()> {
    let entity = Entity::from_name(&op.entity).ok_or_else(|| {
        StoreError::Sql(format!(
            "a change to \"{}\" cannot be undone here",
            op.entity
        ))
    })?;
    if op.field == "*" {
        w.retire(entity, &op.entity_id)?;
        return Ok(());
    }
    // The versions it replaced, oldest first, so that the one shown before is written last and
    // is shown again; two versions (a settled conflict) come back as two.
    let mut before: Vec<Op> = Vec::new();
    for id in &op.base {
        let b = w
            .tx()
            .prepare_cached(&format!("{OP_SELECT} WHERE o.id = ?1"))?
            .query_row([packed::id(id)], op_from_row);
        match b {
            Ok(b) => before.push(b),
            Err(rusqlite::Error::QueryReturnedNoRows) => {}
            Err(e) => return Err(e.into()),
        }
    }
    before.sort_by_key(|b| (super::clock::Hlc::parse(&b.hlc), b.id.clone()));
    let mut values: Vec<Value> = before
        .iter()
        .map(|b| {
            if b.field == "*" {
                b.value.get(&op.field).cloned().unwrap_or(Value::Null)
            } else {
                b.value.clone()
            }
        })
        .collect();
    if values.is_empty() {
        values.push(Value::Null);
    }
    let mut written: Vec<&Value> = Vec::new();
    for (i, v) in values.iter().enumerate() {
        if values[i + 1..].contains(v) || written.contains(&v) {
            continue;
        }
        let v = match (op.field.as_str(), v) {
            ("retired", Value::Null) => Value::Bool(false),
            (_, v) => v.clone(),
        };
        w.set(
            entity,
            &op.entity_id,
            &op.field,
            v,
            Base::Seen(vec![op.id.clone()]),
        )?;
        written.push(&values[i]);
    }
    Ok(())
}
