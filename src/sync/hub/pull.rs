//! Taking in from the hub what this file lacks, a batch at a time, read on one thread and
//! taken in on another.

use std::collections::HashSet;
use std::sync::Mutex;

use super::{batch_size, PULL_BATCH};
use crate::store::hub::{Head, Hub, HubError, Unreadable};
use crate::store::Store;
use crate::sync::{Intake, Prepared};

/// Takes in every change this replica lacks, each replica's after the number held here.
///
/// The next batch is read from the hub (and its rows read back into changes) on another thread
/// while this one takes in the batch before: the hub's share of a pull then costs little more
/// than its first batch. Batches are taken in whole and in order, as read.
pub(super) fn pull(
    here: &mut Store,
    hub: &mut Hub,
    heads: &[Head],
    intake: &mut Intake,
) -> Result<(), HubError> {
    let ours = here.version_vector()?;
    let work: Vec<(String, i64, i64)> = heads
        .iter()
        .filter_map(|h| {
            let held_there = h.cursor()?;
            let after = ours.get(&h.replica).copied().unwrap_or(0);
            (after < held_there).then(|| (h.replica.clone(), after, held_there))
        })
        .collect();
    if work.is_empty() {
        return Ok(());
    }
    // Far more to come than the file holds (a new replica's first pull): into the log in
    // bulk, and the tables built from it once at the end.
    let coming: i64 = work.iter().map(|(_, after, upto)| upto - after).sum();
    if coming > here.log_rows()? && bulk_allowed() {
        intake.in_bulk();
    }
    // Replicas whose changes the intake has stopped taking: the reader reads no more of them.
    let refused: Mutex<HashSet<String>> = Mutex::new(HashSet::new());
    std::thread::scope(|scope| {
        let (to_intake, batches) = std::sync::mpsc::sync_channel::<Read>(1);
        let refused = &refused;
        let reader = scope.spawn(move || read_hub(hub, &work, refused, &to_intake));
        let took = take_batches(here, intake, batches, refused);
        // The reader stops at its next send once this side has stopped listening.
        let read = reader
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        // Whatever stopped the intake, what it took is built into the tables now (if this
        // fails, the file's next opening builds them).
        let built = if intake.is_bulk() {
            here.build_pending_tables().map(|_| ())
        } else {
            Ok(())
        };
        took?;
        read?;
        Ok(built?)
    })
}

/// Whether a pull may take changes in bulk: yes, unless `PLP_HUB_BULK` is `off` (tests use it
/// to compare with the change-by-change intake).
fn bulk_allowed() -> bool {
    std::env::var("PLP_HUB_BULK").map_or(true, |v| v.trim() != "off")
}

/// One batch read from the hub: the replica, its changes in order, and the row that stopped
/// the reading of that replica if one could not be read as a change.
type Read = (String, Vec<Prepared>, Option<Unreadable>);

/// Reads each replica's changes after `after` up to the head, a batch at a time, and hands them
/// over; stops when the other side has stopped listening.
fn read_hub(
    hub: &mut Hub,
    work: &[(String, i64, i64)],
    refused: &Mutex<HashSet<String>>,
    to_intake: &std::sync::mpsc::SyncSender<Read>,
) -> Result<(), HubError> {
    let size = batch_size(PULL_BATCH);
    for (replica, from, held_there) in work {
        let mut after = *from;
        while after < *held_there && !is_refused(refused, replica) {
            let (ops, bad) = hub.changes_after(replica, after, size)?;
            let last = ops.last().map(|o| o.seq);
            let stop = bad.is_some();
            // Checked and packed here, while the other side writes the batch before.
            let ops = ops.into_iter().map(Prepared::new).collect();
            if to_intake.send((replica.clone(), ops, bad)).is_err() {
                return Ok(());
            }
            match last {
                Some(seq) if !stop => after = seq,
                _ => break,
            }
        }
    }
    Ok(())
}

/// Takes in the batches as they come, passing over those of a replica the intake refuses.
fn take_batches(
    here: &mut Store,
    intake: &mut Intake,
    batches: std::sync::mpsc::Receiver<Read>,
    refused: &Mutex<HashSet<String>>,
) -> Result<(), HubError> {
    for (replica, ops, bad) in batches {
        if intake.refuses(&replica) {
            continue;
        }
        if !ops.is_empty() {
            intake.take_prepared(here, ops)?;
        }
        if let Some(bad) = bad {
            intake.refuse(&bad.replica, bad.why);
        }
        if intake.refuses(&replica) {
            refused
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(replica);
        }
    }
    Ok(())
}

fn is_refused(refused: &Mutex<HashSet<String>>, replica: &str) -> bool {
    refused
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .contains(replica)
}
