//! Changes read from the log with their values left as the JSON text the log keeps: what a push
//! to the hub sends, which has no use for a value parsed only to be written out again.

use rusqlite::params;

use super::oplog::{op_from_columns, Op, OP_SELECT};
use super::{packed, Result, Store};

/// A change as the log holds it, its value the JSON text (checked to be JSON, not parsed).
pub type OpText = Op<String>;

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
            op_from_columns(r, packed::unpack_value_json(r.get_ref(9)?)?)
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    use crate::store::test_support::store_with_student;
    use crate::store::{Base, Entity};

    /// Each change reads as [`Store::ops_of_replica_between`] reads it, its value the text of
    /// the same JSON, short and long (compressed) values alike.
    #[test]
    fn each_change_reads_as_the_parsed_one_with_its_value_as_text() {
        let (mut store, id) = store_with_student();
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
        let (mut store, id) = store_with_student();
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
        let (store, _) = store_with_student();
        store
            .conn
            .execute("UPDATE ops SET value = '{\"not json' WHERE seq = 1", [])
            .unwrap();
        let me = store.replica().to_string();
        assert!(store.op_texts_of_replica_between(&me, 0, 10, 10).is_err());
    }
}
