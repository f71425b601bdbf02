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
    let base = taken_back_base(w, op)?;
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
            Base::Seen(base.clone()),
        )?;
        written.push(&values[i]);
    }
    Ok(())
}

/// What taking `op` back is based on: `op`, and each current version of its field made
/// knowing it (a later change of this same line of edits, such as taking back a restore made
/// after a retire), so that taking back one change after another leaves one version, not two
/// in conflict. A version made without knowing `op` (someone else's, at the same time) stays
/// current beside what is written, as any edit made at the same time does.
fn taken_back_base(w: &Writer<'_>, op: &Op) -> Result<Vec<String>> {
    let mut base = vec![op.id.clone()];
    // Each version of the field and what it was based on.
    let mut based_on: std::collections::HashMap<String, Vec<String>> = Default::default();
    let mut stmt = w.tx().prepare_cached(
        "SELECT id, base FROM ops WHERE entity_id = ?1 AND (field = ?2 OR field = '*')",
    )?;
    let mut rows = stmt.query(params![packed::id(&op.entity_id), op.field])?;
    while let Some(r) = rows.next()? {
        based_on.insert(
            packed::unpack_id(r.get_ref(0)?)?,
            packed::unpack_base(r.get_ref(1)?)?,
        );
    }
    for head in super::versions::heads(w.tx(), &op.entity_id, &op.field)? {
        if head.id == op.id {
            continue;
        }
        // Whether `op` is among what the head was based on, however far back.
        let mut seen = std::collections::HashSet::new();
        let mut todo = vec![head.id.clone()];
        let mut knows = false;
        while let Some(id) = todo.pop() {
            if id == op.id {
                knows = true;
                break;
            }
            if seen.insert(id.clone()) {
                todo.extend(based_on.get(&id).into_iter().flatten().cloned());
            }
        }
        if knows {
            base.push(head.id);
        }
    }
    Ok(base)
}

#[cfg(test)]
mod tests {
    use crate::store::test_support::store_with_student;
    use crate::store::{Base, Entity};
    use serde_json::Value;

    /// Retired, restored, then both taken back one after the other: the record is as it was,
    /// with one version of the field, not two in conflict.
    #[test]
    fn taking_back_a_restore_and_then_the_retire_leaves_no_conflict() {
        let (mut store, id) = store_with_student();
        let (_, retired) = store
            .write_recorded(|w| w.retire(Entity::Student, &id).map(|_| ()))
            .unwrap();
        let (_, restored) = store
            .write_recorded(|w| {
                w.set(
                    Entity::Student,
                    &id,
                    "retired",
                    Value::Bool(false),
                    Base::Current,
                )
                .map(|_| ())
            })
            .unwrap();
        store.undo(&restored).unwrap();
        let st: crate::domain::Student = store.get(Entity::Student, &id).unwrap().unwrap();
        assert!(st.retired);
        store.undo(&retired).unwrap();
        let st: crate::domain::Student = store.get(Entity::Student, &id).unwrap().unwrap();
        assert!(!st.retired);
        assert!(
            store.conflicts().unwrap().is_empty(),
            "{:?}",
            store.conflicts()
        );
    }
}
