//! A replica's identity and its own history: how much of it is known to be held elsewhere, and
//! taking it back when this file turns out to have lost some (a restored backup).

use rusqlite::{params, OptionalExtension};

use super::oplog::Op;
use super::{Result, Store, StoreError};

/// What taking back lost history did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reclaimed {
    /// The replica id this file had.
    pub old: String,
    /// Its own changes the other side holds and this file lacked.
    pub missing: usize,
    /// Changes made here since the loss, moved to the new replica id.
    pub moved: usize,
}

impl Reclaimed {
    /// One sentence: `which` is the file it happened to (`this database`, `the other file`),
    /// `holder` the one that held the lost changes.
    pub fn sentence(&self, which: &str, holder: &str) -> String {
        let moved = match self.moved {
            0 => String::new(),
            1 => ", and the 1 change made here since goes out under it".into(),
            n => format!(", and the {n} changes made here since go out under it"),
        };
        let (lacked, back) = match self.missing {
            1 => ("a change of its own".to_string(), "it"),
            n => (format!("{n} of its own changes"), "them"),
        };
        format!(
            "{which} lacked {lacked} that {holder} holds (was it restored from a backup?): it \
             takes {back} back and now syncs as a new replica{moved}"
        )
    }
}

impl Store {
    /// For each replica, the highest sequence number held (all lower ones are held too).
    pub fn versions(&self) -> Result<std::collections::BTreeMap<String, i64>> {
        let mut stmt = self.conn.prepare("SELECT replica, seq FROM versions")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The highest of this replica's own sequence numbers.
    pub fn own_seq(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row(
                "SELECT seq FROM versions WHERE replica = ?1",
                [&self.replica],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or(0))
    }

    /// How many of this replica's own changes (from 1) are known to be held, the same, by
    /// another replica: the last sync that sent them all. 0 when not known.
    pub fn shared_seq(&self) -> Result<i64> {
        let noted = self.meta("shared")?.unwrap_or_default();
        Ok(match noted.split_once(' ') {
            Some((replica, seq)) if replica == self.replica => seq.parse().unwrap_or(0),
            _ => 0,
        })
    }

    /// Whether the record `id` was made by this replica after the last sync that sent all of
    /// its changes (so no other replica holds it yet).
    pub fn made_here_since_sent(&self, id: &str) -> Result<bool> {
        let made: Option<(String, i64)> = self
            .conn
            .prepare_cached(
                "SELECT r.id, o.seq FROM ops o JOIN replicas r ON r.n = o.replica
                 WHERE o.entity_id = ?1 AND o.field = '*' ORDER BY o.ms, o.ctr LIMIT 1",
            )?
            .query_row([super::packed::id(id)], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        Ok(match made {
            Some((replica, seq)) => replica == self.replica && seq > self.shared_seq()?,
            None => false,
        })
    }

    /// The SHA-256 (hex) of the ids of this replica's own changes 1 to `upto`, in order, joined
    /// by commas: what the hub asks of a file claiming its replica (see
    /// `Hub::claim`). `None` when this file does not hold every one of them.
    pub fn own_ids_digest(&self, upto: i64) -> Result<Option<String>> {
        use sha2::{Digest, Sha256};
        let mut stmt = self.conn.prepare(
            "SELECT id FROM ops
             WHERE replica = (SELECT n FROM replicas WHERE id = ?1) AND seq BETWEEN 1 AND ?2
             ORDER BY seq",
        )?;
        let mut rows = stmt.query(params![self.replica, upto])?;
        let mut hash = Sha256::new();
        let mut n = 0i64;
        while let Some(r) = rows.next()? {
            if n > 0 {
                hash.update(b",");
            }
            hash.update(super::packed::unpack_id(r.get_ref(0)?)?.as_bytes());
            n += 1;
        }
        if n != upto {
            return Ok(None);
        }
        Ok(Some(
            hash.finalize().iter().map(|b| format!("{b:02x}")).collect(),
        ))
    }

    /// Notes that this replica's own changes up to `seq` are held, the same, elsewhere.
    pub fn set_shared_seq(&self, seq: i64) -> Result<()> {
        if self.read_only.is_some() {
            return Ok(());
        }
        self.set_meta("shared", &format!("{} {seq}", self.replica))
    }

    /// Compares this replica's own changes with `theirs` (its changes as another replica holds
    /// them, in order). If the other side holds any this file lacks, or a different change under
    /// one of its numbers, this file lost part of its history: it takes a new replica id, moves
    /// the changes it made since the point of loss to that id (same changes, new numbers), and
    /// its old id then takes the lost changes like any other replica's. Returns what was done;
    /// `None` when nothing was lost.
    pub fn reclaim_history(&mut self, theirs: &[Op]) -> Result<Option<Reclaimed>> {
        let old = self.replica.clone();
        let mut lost_from = None;
        for op in theirs.iter().filter(|o| o.replica == old) {
            let mine: Option<String> = self
                .conn
                .prepare_cached(
                    "SELECT id FROM ops
                     WHERE replica = (SELECT n FROM replicas WHERE id = ?1) AND seq = ?2",
                )?
                .query_row(params![old, op.seq], |r| {
                    super::packed::unpack_id(r.get_ref(0)?)
                })
                .optional()?;
            if mine.as_deref() != Some(op.id.as_str()) {
                lost_from = Some(op.seq);
                break;
            }
        }
        let Some(from) = lost_from else {
            return Ok(None);
        };
        if let Some(why) = &self.read_only {
            return Err(StoreError::ReadOnly(why.clone()));
        }
        let last_theirs = theirs
            .iter()
            .filter(|o| o.replica == old)
            .map(|o| o.seq)
            .max()
            .unwrap_or(from);
        let moved = self.rehome(from)?;
        Ok(Some(Reclaimed {
            old,
            missing: (last_theirs - from + 1) as usize,
            moved,
        }))
    }

    /// Gives this file a new replica id from its own change `from` on: the changes it made from
    /// there move to the new id (same changes, new numbers), and the old id keeps the ones
    /// before, so that it takes the rest like any other replica's. Returns how many moved.
    pub(super) fn rehome(&mut self, from: i64) -> Result<usize> {
        self.rehome_all_but(from, &[])
    }

    /// As [`Store::rehome`] from `from`, but the changes `stay` (sorted, each at or after
    /// `from`) stay under the old id, numbered on from `from` in their order: the old id ends
    /// with them, and every other change from `from` on moves to the new id, in order (none
    /// staying: all of them). Returns how many moved.
    pub(super) fn rehome_all_but(&mut self, from: i64, stay: &[i64]) -> Result<usize> {
        if let Some(why) = &self.read_only {
            return Err(StoreError::ReadOnly(why.clone()));
        }
        let old = self.replica.clone();
        let new = uuid::Uuid::now_v7().simple().to_string();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute("INSERT OR IGNORE INTO replicas (id) VALUES (?1)", [&new])?;
        // The old id has no number when it made no change here (nothing then moves).
        let (old_n, new_n): (Option<i64>, i64) = tx.query_row(
            "SELECT (SELECT n FROM replicas WHERE id = ?1), (SELECT n FROM replicas WHERE id = ?2)",
            params![old, new],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        // Every change from `from` on is numbered below zero first, so that no new number can
        // meet an old one while they are given out.
        tx.execute(
            "UPDATE ops SET seq = -seq WHERE replica = ?1 AND seq >= ?2",
            params![old_n, from],
        )?;
        {
            let mut stay_at =
                tx.prepare("UPDATE ops SET seq = ?3 WHERE replica = ?1 AND seq = ?2")?;
            for (i, seq) in stay.iter().enumerate() {
                stay_at.execute(params![old_n, -seq, from + i as i64])?;
            }
        }
        let moved = tx.execute(
            "UPDATE ops SET replica = ?2, seq = m.new
             FROM (SELECT seq AS was, row_number() OVER (ORDER BY seq DESC) AS new
                   FROM ops WHERE replica = ?1 AND seq < 0) AS m
             WHERE ops.replica = ?1 AND ops.seq = m.was",
            params![old_n, new_n],
        )?;
        tx.execute(
            "UPDATE versions SET seq = ?2 WHERE replica = ?1",
            params![old, from - 1 + stay.len() as i64],
        )?;
        if moved > 0 {
            tx.execute(
                "INSERT INTO versions (replica, seq) VALUES (?1, ?2)",
                params![new, moved as i64],
            )?;
        }
        tx.execute("UPDATE meta SET value = ?1 WHERE key = 'replica'", [&new])?;
        tx.execute("DELETE FROM meta WHERE key = 'shared'", [])?;
        tx.commit()?;
        self.replica = new;
        self.note_own_seq(moved as i64);
        Ok(moved)
    }
}
