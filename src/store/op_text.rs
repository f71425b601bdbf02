//! Changes read from the log with their values left as the JSON text the log keeps: what a push
//! to the hub sends, which has no use for a value parsed only to be written out again.

use rusqlite::params;

use super::oplog::OP_SELECT;
use super::{packed, Result, Store};

/// A change as the log holds it, its value the JSON text (checked to be JSON, not parsed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpText {
    /// UUIDv7.
    pub id: String,
    /// The replica that made it.
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
    /// The new value, as JSON text.
    pub value: String,
    /// The operations on this field that the edit was based on.
    pub base: Vec<String>,
}

impl Store {
    /// Up to `limit` of one replica's changes numbered after `after` and up to `upto`, in
    /// order, as [`Store::ops_of_replica_between`] reads them but with each value the JSON text
    /// the log keeps. A value that is not JSON (damaged) stops the reading, as there.
    pub fn op_texts_of_replica_between(
        &self,
        replica: &str,
        after: i64,
        upto: i64,
        limit: usize,
    ) -> Result<Vec<OpText>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{OP_SELECT} WHERE o.replica = (SELECT n FROM replicas WHERE id = ?1)
             AND o.seq > ?2 AND o.seq <= ?3 ORDER BY o.seq LIMIT ?4"
        ))?;
        let rows = stmt.query_map(params![replica, after, upto, limit as i64], |r| {
            Ok(OpText {
                id: packed::unpack_id(r.get_ref(0)?)?,
                replica: r.get(1)?,
                seq: r.get(2)?,
                hlc: packed::unpack_hlc(r.get(3)?, r.get(4)?),
                author: r.get(5)?,
                entity: r.get(6)?,
                entity_id: packed::unpack_id(r.get_ref(7)?)?,
                field: r.get(8)?,
                value: packed::unpack_value_json(r.get_ref(9)?)?,
                base: packed::unpack_base(r.get_ref(10)?)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Base, Entity};

    /// Each change reads as [`Store::ops_of_replica_between`] reads it, its value the text of
    /// the same JSON, short and long (compressed) values alike.
    #[test]
    fn each_change_reads_as_the_parsed_one_with_its_value_as_text() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("t.db")).unwrap();
        let id = store
            .write(|w| {
                w.add_student(&crate::domain::Student {
                    sis_id: "1".into(),
                    given_name: "Ada".into(),
                    family_name: "Abbott".into(),
                    ..Default::default()
                })
            })
            .unwrap();
        let long = "a plan that runs on and on, ".repeat(20);
        for text in ["short", long.as_str(), "é \"quoted\" \\ done"] {
            store
                .write(|w| w.set(Entity::Student, &id, "needs", text.into(), Base::Current))
                .unwrap();
        }
        let me = store.replica().to_string();
        let parsed = store.ops_of_replica_between(&me, 0, 10, 10).unwrap();
        let texts = store.op_texts_of_replica_between(&me, 0, 10, 10).unwrap();
        assert_eq!(parsed.len(), 4);
        assert_eq!(texts.len(), 4);
        for (p, t) in parsed.iter().zip(&texts) {
            assert_eq!(
                (&p.id, &p.replica, p.seq, &p.hlc, &p.author),
                (&t.id, &t.replica, t.seq, &t.hlc, &t.author)
            );
            assert_eq!(
                (&p.entity, &p.entity_id, &p.field),
                (&t.entity, &t.entity_id, &t.field)
            );
            assert_eq!(p.base, t.base);
            assert_eq!(p.value.to_string(), t.value);
        }
        let limited = store.op_texts_of_replica_between(&me, 1, 3, 10).unwrap();
        assert_eq!(limited.iter().map(|o| o.seq).collect::<Vec<_>>(), [2, 3]);
    }

    /// A value stored with space around it (as another file stored it) is read without it.
    #[test]
    fn space_around_a_stored_value_is_left_out() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("t.db")).unwrap();
        store
            .write(|w| {
                w.add_student(&crate::domain::Student {
                    sis_id: "1".into(),
                    given_name: "Ada".into(),
                    family_name: "Abbott".into(),
                    ..Default::default()
                })
            })
            .unwrap();
        let id = store.find_student("Ada").unwrap();
        store
            .write(|w| w.set(Entity::Student, &id, "needs", "short".into(), Base::Current))
            .unwrap();
        let spaced = store
            .conn
            .execute(
                "UPDATE ops SET value = ' ' || value || char(10) WHERE seq = 2
                 AND typeof(value) = 'text'",
                [],
            )
            .unwrap();
        assert_eq!(spaced, 1);
        let me = store.replica().to_string();
        let parsed = store.ops_of_replica_between(&me, 1, 2, 1).unwrap();
        let texts = store.op_texts_of_replica_between(&me, 1, 2, 1).unwrap();
        assert_eq!(texts[0].value, "\"short\"");
        assert_eq!(texts[0].value, parsed[0].value.to_string());
    }

    /// A value that is not JSON stops the reading instead of going to the hub as it is.
    #[test]
    fn a_damaged_value_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("t.db")).unwrap();
        store
            .write(|w| {
                w.add_student(&crate::domain::Student {
                    sis_id: "1".into(),
                    given_name: "Ada".into(),
                    family_name: "Abbott".into(),
                    ..Default::default()
                })
            })
            .unwrap();
        store
            .conn
            .execute("UPDATE ops SET value = '{\"not json' WHERE seq = 1", [])
            .unwrap();
        let me = store.replica().to_string();
        assert!(store.op_texts_of_replica_between(&me, 0, 10, 10).is_err());
    }
}
