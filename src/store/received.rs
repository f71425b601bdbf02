//! A change read from another plp file, carried with its value's bytes as that file stored them,
//! so that taking it in stores those bytes instead of writing the value out and compressing it
//! again. The change is still checked like any other: the bytes are kept only when they read as
//! the value checked, and only the store makes one of these.

use rusqlite::params;
use rusqlite::types::Value as Sql;

use super::oplog::{Op, OP_SELECT};
use super::{packed, Result, Store};

/// A received change, and (when it was read from a file, or packed ahead) its value's bytes.
#[derive(Debug, Clone)]
pub struct Received {
    op: Op,
    stored: Bytes,
}

/// The bytes a received change's value goes into the log as.
#[derive(Debug, Clone)]
pub(super) enum Bytes {
    /// None yet: the value is packed as it goes in.
    None,
    /// As another file stored them (they read as the value): repacked as they go in.
    Stored(Sql),
    /// Packed from the value already, exactly as it would be as it goes in.
    Packed(Sql),
}

impl Received {
    /// The change.
    pub fn op(&self) -> &Op {
        &self.op
    }

    /// A change that came as itself, its value packed now rather than as it goes in (so that
    /// another thread can do it while the log is being written).
    pub fn packed(op: Op) -> Received {
        let stored = packed::value(&op.value).map_or(Bytes::None, Bytes::Packed);
        Received { op, stored }
    }

    /// The value's bytes, as the file it came from stored them or packed already.
    pub(super) fn stored(&self) -> &Bytes {
        &self.stored
    }
}

impl From<Op> for Received {
    /// A change that came as itself (a sync line, a bundle, the hub): its value is packed anew.
    fn from(op: Op) -> Received {
        Received {
            op,
            stored: Bytes::None,
        }
    }
}

/// Reads a change selected with [`OP_SELECT`], keeping its value's stored bytes.
fn received_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Received> {
    let (value, stored) = packed::unpack_value_kept(r.get_ref(9)?)?;
    Ok(Received {
        op: super::oplog::op_from_columns(r, value)?,
        stored: stored.map_or(Bytes::None, Bytes::Stored),
    })
}

impl Store {
    /// As [`Store::ops_of_replica_between`], each change with its value's stored bytes, handed
    /// to `f` as soon as it is read (while its value is still at hand in the processor's cache).
    pub fn received_of_replica_between<T>(
        &self,
        replica: &str,
        after: i64,
        upto: i64,
        limit: usize,
        mut f: impl FnMut(Received) -> T,
    ) -> Result<Vec<T>> {
        static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
            format!(
                "{OP_SELECT} WHERE o.replica = (SELECT n FROM replicas WHERE id = ?1)
                 AND o.seq > ?2 AND o.seq <= ?3 ORDER BY o.seq LIMIT ?4"
            )
        });
        let mut stmt = self.conn.prepare_cached(&SQL)?;
        let rows = stmt.query_map(params![replica, after, upto, limit as i64], |r| {
            received_from_row(r).map(&mut f)
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl Store {
    /// Whether the log holds a change with this id (one look in the index, nothing read).
    pub fn holds_change(&self, id: &str) -> Result<bool> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM ops WHERE id = ?1")?
            .query_row([packed::id(id)], |_| Ok(()))
            .optional()?
            .is_some())
    }
}
