//! Sync with another database file on this machine.

use std::path::Path;

use super::scratch::Scratch;
use super::Summary;
use crate::store::{Result, Store, StoreError};

/// Two-way sync between two open stores.
pub fn sync_stores(here: &mut Store, there: &mut Store) -> Result<Summary> {
    let before = here.conflicts()?.len();
    if here.op_count()? == 0 && there.op_count()? > 0 {
        // A new replica starts as a copy, then goes its own way.
        new_replica_from(here, there)?;
        return Ok(Summary {
            sent: 0,
            received: here.op_count()? as usize,
            conflicts_before: before,
            conflicts_after: here.conflicts()?.len(),
            refused: Vec::new(),
        });
    }
    let theirs = there.version_vector()?;
    let ours = here.version_vector()?;
    let to_send = here.ops_missing_from(&theirs)?;
    let to_get = there.ops_missing_from(&ours)?;
    let sent = to_send.len();
    let theirs = there.apply_ops(to_send)?;
    let ours = here.apply_ops(to_get)?;
    let mut refused: Vec<String> = theirs
        .refused
        .iter()
        .map(|r| format!("the other file refused: {r}"))
        .collect();
    refused.extend(ours.refused);
    Ok(Summary {
        sent,
        received: ours.new,
        conflicts_before: before,
        conflicts_after: here.conflicts()?.len(),
        refused,
    })
}

/// Makes the empty `here` a copy of `there` with its own replica id, in one step: the copy is
/// made beside `here` without drafts, given its new id, and only then brought in.
fn new_replica_from(here: &mut Store, there: &Store) -> Result<()> {
    let scratch = Scratch::beside(here.path(), "incoming").map_err(|e| StoreError::Open {
        path: here.path().to_path_buf(),
        reason: format!(
            "the copy could not be written beside it: {}",
            crate::store::io_reason(&e)
        ),
    })?;
    there.copy_without_drafts(scratch.path())?;
    Store::make_new_replica(scratch.path())?;
    here.adopt(scratch.path())
}

/// Two-way sync with the database at `path` (created if missing).
pub fn sync_path(here: &mut Store, path: &Path) -> Result<Summary> {
    super::scratch::sweep_beside(here.path());
    let mut there = Store::open(path)?;
    there.set_cache_mb(64)?;
    sync_stores(here, &mut there)
}
