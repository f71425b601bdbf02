//! Sync between replicas: each side sends only the operations the other lacks, judged by version
//! vectors over the change log, and applies what it receives in clock order, idempotently.
//!
//! Transports: another database file on this machine (`local`), another `plp` over a pipe such as
//! ssh (`stdio`), and a folder of immutable change bundles (`bundle`).

pub mod bundle;
pub mod local;
pub mod protocol;
pub mod scratch;
pub mod snapshot;
pub mod stdio;
pub mod validate;

use std::collections::BTreeMap;

use crate::store::{Op, Result, Store};

/// For each replica, the highest sequence number held (all lower ones are held too).
pub type VersionVector = BTreeMap<String, i64>;

/// Operations are sent and applied in batches of this many; each batch lands whole or not at all.
pub const BATCH: usize = 5_000;

/// What one sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Operations sent to the other side.
    pub sent: usize,
    /// Operations received and new here.
    pub received: usize,
    /// Conflicts here before and after.
    pub conflicts_before: usize,
    /// Conflicts here after.
    pub conflicts_after: usize,
}

impl Summary {
    /// "sent 12 changes, received 3, 1 new conflict".
    pub fn line(&self) -> String {
        let new = self.conflicts_after.saturating_sub(self.conflicts_before);
        let mut s = format!(
            "sent {} change{}, received {}",
            self.sent,
            if self.sent == 1 { "" } else { "s" },
            self.received
        );
        if new > 0 {
            s.push_str(&format!(
                ", {new} new conflict{} (see plp conflicts)",
                if new == 1 { "" } else { "s" }
            ));
        }
        s
    }
}

impl Store {
    /// This database's version vector.
    pub fn version_vector(&self) -> Result<VersionVector> {
        let mut stmt = self.conn().prepare("SELECT replica, seq FROM versions")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The operations held here that a replica with `theirs` lacks, in clock order.
    pub fn ops_missing_from(&self, theirs: &VersionVector) -> Result<Vec<Op>> {
        let mut out = Vec::new();
        for (replica, held) in self.version_vector()? {
            let known = theirs.get(&replica).copied().unwrap_or(0);
            if held > known {
                out.extend(self.ops_of_replica_after(&replica, known)?);
            }
        }
        out.sort_by(|a, b| (&a.hlc, &a.id).cmp(&(&b.hlc, &b.id)));
        Ok(out)
    }

    /// Applies received operations, a batch per transaction, in clock order. Operations already
    /// held change nothing. Returns how many were new.
    pub fn apply_ops(&mut self, mut ops: Vec<Op>) -> Result<usize> {
        for op in &ops {
            validate::op(op)?;
        }
        ops.sort_by(|a, b| (&a.hlc, &a.id).cmp(&(&b.hlc, &b.id)));
        // Each replica's changes must follow on from what is held, with no gap, so that the
        // version vector never claims a change that is missing.
        let mut vv = self.version_vector()?;
        ops.retain(|o| o.seq > vv.get(&o.replica).copied().unwrap_or(0));
        ops.dedup_by(|a, b| a.id == b.id);
        for o in &ops {
            let held = vv.entry(o.replica.clone()).or_insert(0);
            if o.seq != *held + 1 {
                return Err(crate::store::StoreError::Invalid(
                    crate::domain::ValidationError::new(format!(
                        "the changes received skip from {} to {} for one replica; nothing more was applied",
                        held, o.seq
                    )),
                ));
            }
            *held = o.seq;
        }
        let mut new = 0;
        for chunk in ops.chunks(BATCH) {
            new += self.write(|w| {
                let mut n = 0;
                for op in chunk {
                    if w.receive(op)? {
                        n += 1;
                    }
                }
                Ok(n)
            })?;
        }
        Ok(new)
    }
}
