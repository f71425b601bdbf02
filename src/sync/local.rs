//! Sync with another database file on this machine.

use std::path::Path;

use super::scratch::Scratch;
use super::Summary;
use crate::store::{Result, Store, StoreError};

/// Two-way sync between two open stores.
pub fn sync_stores(here: &mut Store, there: &mut Store) -> Result<Summary> {
    here.refuse_if_partial("this database")?;
    there.refuse_if_partial("the other file")?;
    let before = here.conflicts()?.len();
    if here.op_count()? == 0 && there.op_count()? > 0 {
        // A new replica starts as a copy, then goes its own way.
        new_replica_from(here, there)?;
        return Ok(Summary {
            sent: 0,
            received: here.op_count()? as usize,
            conflicts_before: before,
            conflicts_after: here.conflicts()?.len(),
            ..Summary::default()
        });
    }
    if there.op_count()? == 0 && here.op_count()? > 0 {
        // So does a new far side (`plp sync --create`): a copy of this one, under its own id.
        new_replica_from(there, here)?;
        // The far side now holds every change this one has made.
        here.set_shared_seq(here.own_seq()?)?;
        return Ok(Summary {
            sent: there.op_count()? as usize,
            received: 0,
            conflicts_before: before,
            conflicts_after: before,
            ..Summary::default()
        });
    }
    let mut notes = Vec::new();
    let mut taken_back = (0, 0);
    if let Some((r, n)) = reclaim(here, there)? {
        notes.push(r.sentence("this database", "the other file"));
        taken_back.0 = n;
    }
    if let Some((r, n)) = reclaim(there, here)? {
        notes.push(r.sentence("the other file", "this database"));
        taken_back.1 = n;
    }
    let theirs = there.version_vector()?;
    let ours = here.version_vector()?;
    // A batch at a time each way: a whole log is never held in memory.
    let mut intake = super::Intake::default();
    let sent = here.missing_read_in_batches(&theirs, |batch| {
        let path = there.path().to_path_buf();
        intake
            .take_prepared(there, batch)
            .map(|_| ())
            .map_err(|e| e.in_file(&path))
    })? + taken_back.1;
    let theirs = intake.finish();
    let mut intake = super::Intake::default();
    there.missing_read_in_batches(&ours, |batch| intake.take_prepared(here, batch).map(|_| ()))?;
    let ours = intake.finish();
    let mut refused: Vec<String> = theirs
        .refused
        .iter()
        .map(|r| format!("the other file refused: {r}"))
        .collect();
    refused.extend(ours.refused);
    // Each now holds all of the other's own changes.
    here.set_shared_seq(here.own_seq()?)?;
    there.set_shared_seq(there.own_seq()?)?;
    Ok(Summary {
        sent,
        received: ours.new + taken_back.0,
        conflicts_before: before,
        conflicts_after: here.conflicts()?.len(),
        refused,
        notes,
        ..Summary::default()
    })
}

/// If `other` holds more of `mine`'s own history than it has, or other changes under its
/// numbers, `mine` takes them back under a new identity (see [`Store::reclaim_history`]).
fn reclaim(mine: &mut Store, other: &Store) -> Result<Option<(crate::store::Reclaimed, usize)>> {
    let me = mine.replica().to_string();
    let shared = mine.shared_seq()?;
    let held_there = other.version_vector()?.get(&me).copied().unwrap_or(0);
    if held_there <= shared {
        return Ok(None);
    }
    let theirs: Vec<_> = other
        .ops_of_replica_after(&me, shared)?
        .into_iter()
        .take_while(|o| o.seq <= held_there)
        .collect();
    let Some(reclaimed) = mine.reclaim_history(&theirs)? else {
        return Ok(None);
    };
    let applied = mine.apply_ops(theirs)?;
    if let Some(why) = applied.refused.into_iter().next() {
        return Err(StoreError::Invalid(crate::domain::ValidationError::new(
            why,
        )));
    }
    Ok(Some((reclaimed, applied.new)))
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
    there.set_cache_mb(super::CACHE_MB)?;
    sync_stores(here, &mut there)
}
