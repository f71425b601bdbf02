//! Sending changes to the hub: what it holds of each replica, and a batch of changes added in
//! one transaction (the replicas they come from registered first), so that a push cut short
//! keeps every batch that finished and the next push goes on from there.

use std::collections::BTreeMap;
use std::io::Write;

use super::{Hub, HubError};
use crate::store::Op;

/// How a batch travels to the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bulk {
    /// One INSERT whose rows are given as arrays, one per column (`unnest`).
    Arrays,
    /// COPY into a temporary table, then one INSERT from it.
    Copy,
}

/// The way batches are sent (see the README's "District set-up" figures for the measurement).
pub const BULK: Bulk = Bulk::Arrays;

const INSERT_COLUMNS: &str =
    "replica, seq, id, hlc, author, entity, entity_id, field, value, base, student_id";

impl Hub {
    /// For each replica the hub holds changes of, the highest sequence number it holds (those
    /// below it are held too: every batch lands whole and in order).
    pub fn version_vector(&mut self) -> Result<BTreeMap<String, i64>, HubError> {
        let rows = self
            .client()
            .query(
                // What the login may read of each replica (row-level security hides the
                // rest); of its own replicas, all it added, read or not (a student handed to
                // another advisor hides the login's own older changes about them).
                "SELECT r.replica,
                        CASE WHEN r.login = session_user
                             THEN (SELECT h.seq FROM plp.replica_heads(ARRAY[r.replica]) h)
                             ELSE (SELECT max(c.seq) FROM plp.readable_changes c
                                   WHERE c.replica = r.replica) END
                 FROM plp.replicas r",
                &[],
            )
            .map_err(|e| self.fail(e))?;
        Ok(rows
            .iter()
            .filter_map(|r| Some((r.get::<_, String>(0), r.get::<_, Option<i64>>(1)?)))
            .collect())
    }

    /// Adds `ops` (with the student each one's record belongs to, `""` when not known here) in
    /// one transaction, registering replicas the hub does not know yet. Changes the hub holds
    /// already change nothing. Returns how many were new.
    pub fn push_batch(
        &mut self,
        ops: &[Op],
        students: &[String],
        how: Bulk,
    ) -> Result<usize, HubError> {
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
        let new = match how {
            Bulk::Arrays => {
                let col = |f: &dyn Fn(&Op) -> String| ops.iter().map(f).collect::<Vec<String>>();
                let seqs: Vec<i64> = ops.iter().map(|o| o.seq).collect();
                let values = col(&|o| o.value.to_string());
                let bases = col(&|o| serde_json::to_string(&o.base).unwrap_or_default());
                tx.execute(
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
                .map_err(fail)?
            }
            Bulk::Copy => {
                tx.batch_execute(
                    "CREATE TEMP TABLE IF NOT EXISTS incoming_changes
                         (LIKE plp.changes INCLUDING DEFAULTS) ON COMMIT DELETE ROWS",
                )
                .map_err(fail)?;
                let mut w = tx
                    .copy_in(&format!(
                        "COPY incoming_changes ({INSERT_COLUMNS}) FROM STDIN"
                    ))
                    .map_err(fail)?;
                let mut line = String::new();
                for (o, s) in ops.iter().zip(students) {
                    line.clear();
                    let base = serde_json::to_string(&o.base).unwrap_or_default();
                    let seq = o.seq.to_string();
                    let value = o.value.to_string();
                    let fields = [
                        &o.replica,
                        &seq,
                        &o.id,
                        &o.hlc,
                        &o.author,
                        &o.entity,
                        &o.entity_id,
                        &o.field,
                        &value,
                        &base,
                        s,
                    ];
                    for (i, f) in fields.iter().enumerate() {
                        if i > 0 {
                            line.push('\t');
                        }
                        copy_text(&mut line, f);
                    }
                    line.push('\n');
                    w.write_all(line.as_bytes()).map_err(|e| HubError::Server {
                        at: target.at(),
                        why: crate::store::io_reason(&e),
                    })?;
                }
                w.finish().map_err(fail)?;
                tx.execute(
                    &format!(
                        "INSERT INTO plp.changes ({INSERT_COLUMNS})
                         SELECT {INSERT_COLUMNS} FROM incoming_changes ORDER BY replica, seq
                         ON CONFLICT DO NOTHING"
                    ),
                    &[],
                )
                .map_err(fail)?
            }
        };
        tx.commit().map_err(fail)?;
        Ok(new as usize)
    }
}

/// A field in COPY's text format: backslash, tab, newline and carriage return escaped.
fn copy_text(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}
