//! Receiving changes from the hub: each replica's changes after the number this replica holds
//! (its version vector is the cursor, never a server-wide serial number), a batch at a time.
//! Each row is read back into a change exactly as the replica's own log would hold it; the sync
//! then checks it like every other received change.

use super::{Hub, HubError};
use crate::store::Op;

/// A row of the hub's log that cannot even be read as a change (its value or base is not
/// JSON), in one sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    /// The replica the row claims.
    pub replica: String,
    /// The sentence.
    pub why: String,
}

impl Hub {
    /// Which of `replicas` name a school other than `school` (as `plp.same_school` compares:
    /// case and spacing aside): the student records a sync takes in from them are checked for
    /// another child under one SIS id. None when `school` is none: nothing can be told.
    pub fn other_schools_replicas(
        &mut self,
        replicas: &[String],
        school: Option<&str>,
    ) -> Result<std::collections::HashSet<String>, HubError> {
        let key = super::school_key;
        let Some(ours) = school.map(key).filter(|s| !s.is_empty()) else {
            return Ok(Default::default());
        };
        if replicas.is_empty() {
            return Ok(Default::default());
        }
        let rows = self
            .client()
            .query(
                "SELECT replica, school FROM plp.replica_schools($1)",
                &[&replicas],
            )
            .map_err(|e| self.fail(e))?;
        Ok(rows
            .iter()
            .filter(|r| key(r.get::<_, &str>(1)) != ours)
            .map(|r| r.get::<_, String>(0))
            .collect())
    }

    /// Up to `limit` of `replica`'s changes numbered after `after`, in order. Reading stops at a
    /// row that is not a change (returned beside the ones before it).
    pub fn changes_after(
        &mut self,
        replica: &str,
        after: i64,
        limit: usize,
    ) -> Result<(Vec<Op>, Option<Unreadable>), HubError> {
        // A batch is the next rows of the log's primary key, read in its order. Until the server
        // has counted a freshly filled log (its statistics lag a first push by up to a minute or
        // more), it may guess a few hundred rows and plan to gather and sort everything after
        // the cursor, on disk, for every batch: 70 times slower over a whole school.
        // A login bound by row-level security reads through the owner's function (the same
        // rows, and nothing a query of its own could look past).
        let sql = if self.reads_tables()? {
            "SELECT replica, seq, id, hlc, author, entity, entity_id, field, value, base
             FROM plp.readable_changes WHERE replica = $1 AND seq > $2 ORDER BY seq LIMIT $3"
        } else {
            "SELECT replica, seq, id, hlc, author, entity, entity_id, field, value, base
             FROM plp.seen_changes($1, $2, NULL, $3)"
        };
        let rows = self.in_transaction("SET LOCAL enable_bitmapscan = off", |t| {
            t.query(sql, &[&replica, &after, &(limit as i64)])
        })?;
        let mut ops = Vec::with_capacity(rows.len());
        for r in rows {
            let id: String = r.get(2);
            let value = serde_json::from_str(r.get::<_, &str>(8));
            let base = serde_json::from_str::<Vec<String>>(r.get::<_, &str>(9));
            let (Ok(value), Ok(base)) = (value, base) else {
                let change: String = crate::domain::clean_line(&id).chars().take(80).collect();
                return Ok((
                    ops,
                    Some(Unreadable {
                        replica: replica.to_string(),
                        why: format!(
                            "change {change} was refused: its value or base in the hub is not \
                             JSON"
                        ),
                    }),
                ));
            };
            ops.push(Op {
                replica: r.get(0),
                seq: r.get(1),
                id,
                hlc: r.get(3),
                author: r.get(4),
                entity: r.get(5),
                entity_id: r.get(6),
                field: r.get(7),
                value,
                base,
            });
        }
        Ok((ops, None))
    }
}
