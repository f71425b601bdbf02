//! Sending changes to the hub: what it holds of each replica, and a batch of changes added in
//! one transaction (the replicas they come from registered first), so that a push cut short
//! keeps every batch that finished and the next push goes on from there.

use super::{Hub, HubError};
use crate::store::Op;

const INSERT_COLUMNS: &str =
    "replica, seq, id, hlc, author, entity, entity_id, field, value, base, student_id";

/// What the hub holds of one replica, as this login may know it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    /// The replica.
    pub replica: String,
    /// Whether this login may add changes to it (its own, or any for a login that row-level
    /// security does not bind); a push leaves other replicas to their own logins.
    pub writes: bool,
    /// The highest sequence number the hub holds of it, over every row (for a replica this
    /// login writes, or any for an admin): where a push goes on from.
    pub held: Option<i64>,
    /// The highest this login may read: where a pull goes on from. For a teacher it may be a row
    /// the teacher is not shown (a restricted check-in's notes); a pull then finds nothing more.
    pub readable: Option<i64>,
}

impl Head {
    /// Where this login's sync goes on from in this replica: for one it writes, the highest
    /// sequence number held over every row (those below it are held too: every batch lands
    /// whole and in order); for another, the highest it may read.
    pub fn cursor(&self) -> Option<i64> {
        if self.writes {
            self.held
        } else {
            self.readable
        }
    }
}

/// What a sync asks the hub first, in one round trip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heads {
    /// Whether this login reads every student of the hub (nothing can then lie behind its
    /// cursors; see [`Hub::pull_entered`]).
    pub everything: bool,
    /// What the hub holds of each replica it knows.
    pub replicas: Vec<Head>,
}

impl Hub {
    /// What the hub holds of each replica it knows, read from the heads it keeps as changes are
    /// added (never by reading the log), and whether this login reads every student.
    pub fn heads(&mut self) -> Result<Heads, HubError> {
        let rows = self
            .client()
            .query(
                "SELECT e.everything, h.replica, h.writes, h.held, h.readable
                 FROM (SELECT plp.reads_everything() AS everything) e
                 LEFT JOIN plp.sync_heads() h ON true",
                &[],
            )
            .map_err(|e| self.fail(e))?;
        Ok(Heads {
            everything: rows.first().is_some_and(|r| r.get(0)),
            replicas: rows
                .iter()
                .filter_map(|r| {
                    Some(Head {
                        replica: r.get::<_, Option<String>>(1)?,
                        writes: r.get(2),
                        held: r.get(3),
                        readable: r.get(4),
                    })
                })
                .collect(),
        })
    }

    /// Has the server count what its tables hold now (`ANALYZE`, through a function of the
    /// hub's owner), so that it plans by what a push has just added rather than by what it
    /// counted before.
    pub fn count_rows(&mut self) -> Result<(), HubError> {
        self.client()
            .execute("SELECT plp.count_rows()", &[])
            .map_err(|e| self.fail(e))?;
        Ok(())
    }

    /// Adds `ops` (with the student each one's record belongs to, `""` when not known here) in
    /// one transaction, registering replicas the hub does not know yet. Changes the hub holds
    /// already change nothing. Returns how many were new.
    ///
    /// The rows go as one INSERT whose columns are given as arrays (`unnest`): measured beside
    /// COPY into a temporary table and an INSERT from it, it was as fast (the server's work per
    /// row dominates either way) and is one statement instead of three.
    pub fn push_batch(&mut self, ops: &[Op], students: &[String]) -> Result<usize, HubError> {
        let target = self.target.clone();
        let fail = |e: postgres::Error| target.classify(e);
        let mut replicas: Vec<&str> = ops.iter().map(|o| o.replica.as_str()).collect();
        replicas.sort_unstable();
        replicas.dedup();
        let mut tx = self.client.transaction().map_err(fail)?;
        tx.execute(
            "INSERT INTO plp.replicas (replica) SELECT unnest($1::text[])
             ON CONFLICT (replica) DO NOTHING",
            &[&replicas],
        )
        .map_err(fail)?;
        let col = |f: &dyn Fn(&Op) -> String| ops.iter().map(f).collect::<Vec<String>>();
        let seqs: Vec<i64> = ops.iter().map(|o| o.seq).collect();
        let values = col(&|o| o.value.to_string());
        let bases = col(&|o| serde_json::to_string(&o.base).unwrap_or_default());
        let new = tx
            .execute(
                &format!(
                    "INSERT INTO plp.changes ({INSERT_COLUMNS})
                 SELECT * FROM unnest($1::text[], $2::int8[], $3::text[], $4::text[],
                     $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                     $10::text[], $11::text[])
                 ON CONFLICT DO NOTHING"
                ),
                &[
                    &col(&|o| o.replica.clone()),
                    &seqs,
                    &col(&|o| o.id.clone()),
                    &col(&|o| o.hlc.clone()),
                    &col(&|o| o.author.clone()),
                    &col(&|o| o.entity.clone()),
                    &col(&|o| o.entity_id.clone()),
                    &col(&|o| o.field.clone()),
                    &values,
                    &bases,
                    &students,
                ],
            )
            .map_err(fail)?;
        tx.commit().map_err(fail)?;
        Ok(new as usize)
    }
}
