//! Sync with the district hub: this replica sends what the hub lacks, a batch per transaction,
//! and takes in what it lacks, a batch at a time through the same checks and intake as every
//! other received change. Both directions go by version vectors, so a sync cut short resumes.

mod becoming_partial;
mod claim;
pub mod kept;
mod pull;
mod push;

use super::{Intake, Summary, BATCH};
use crate::store::hub::{Head, Hub, HubError};
use crate::store::{Store, StoreError};

use kept::{
    held_by_another_login, kept_here_sentence, others_sentence, still_kept_here, went_now_sentence,
};
use pull::pull;
use push::send;

/// How many changes a pull reads from the hub at a time. Fewer than a push sends: a batch read
/// is held three times over (being read and checked, waiting, being written), each change
/// with its value parsed, and at 2,000 a first pull of 5,000 students peaked at 81–85 MB
/// against 106–137 MB at 5,000, in the same time.
const PULL_BATCH: usize = 2_000;

/// How many changes go to or come from the hub at a time: `usual` ([`BATCH`] to send,
/// [`PULL_BATCH`] to read), unless `PLP_HUB_BATCH` names another positive number (tests use it
/// to make a small hub take many batches).
fn batch_size(usual: usize) -> usize {
    std::env::var("PLP_HUB_BATCH")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or(usual)
}

/// Two-way sync between `here` and the hub at `url`. `school` is the school this replica names
/// (the `school` setting): a student it brings to the hub first belongs to that school.
///
/// A login that reads only part of the hub (an advisor, a teacher, a counselor of one school)
/// makes this a partial replica: it takes in only what the hub lets the login read, and a
/// student who came into the login's scope since the last sync arrives whole. A file others
/// sync with by path, ssh or bundle folder is made partial only when `partial` allows it
/// (`plp sync URL --partial`); before that the sync changes nothing.
pub fn sync_hub(
    here: &mut Store,
    url: &str,
    school: Option<&str>,
    partial: bool,
) -> Result<Summary, HubError> {
    let mut hub = Hub::open(url)?;
    hub.refuse_other_hub(here)?;
    hub.carry_as(school);
    let before = here.conflicts()?.len();
    let mut notes = Vec::new();
    // The heads are read once for the whole sync (again only after a claim, below): what the
    // hub holds of this replica (to take back or to send from) and of the others (to take in).
    // Changes others add meanwhile wait for the next sync.
    let crate::store::hub::Heads {
        everything,
        replicas: mut heads,
    } = hub.heads()?;
    becoming_partial::may_become_partial(here, hub.login(), everything, partial)?;
    let was_partial = here.partial_of()?.is_some();
    let reads_only = !hub.may_add()?;
    // This file's replica, brought to the hub first by another file, is claimed as its own.
    if !reads_only {
        notes.extend(claim::claim_own(here, &mut hub, &mut heads)?);
    }
    if !heads.iter().any(|h| h.replica == here.replica()) {
        hub.introduce(here.replica(), school)?;
    } else if !reads_only {
        // Registered before its file named a school: it takes the one named now, and so do
        // the ids this file went on from when the hub would not take a change of its own
        // (their changes kept here are offered again under them).
        let mine: Vec<String> = std::iter::once(here.replica().to_string())
            .chain(here.kept_here()?.into_keys())
            .collect();
        hub.name_school(&mine, school)?;
    }
    // A login that may add nothing (a teacher's) makes this file a reading copy: it makes no
    // change of its own from now on (and does again once the login may write). One that reads
    // restricted material again has what the file holds without it brought back.
    let narrowed = reads_only && here.reading_copy().is_none() && was_partial;
    if !reads_only && here.reading_copy().is_some() {
        here.mark_restore_pending()?;
    }
    here.set_reading_copy(reads_only.then(|| hub.login()))?;
    let taken_back = reclaim(here, &mut hub, &heads, school, &mut notes)?;
    // Changes of replicas the hub holds under other logins go from those logins, not from
    // here (and any an earlier sync kept here as refused are no longer counted as made here).
    let others = if reads_only {
        Default::default()
    } else {
        push::held_by_others(here, &mut hub, &heads)?
    };
    for replica in others.keys() {
        here.unkeep(replica)?;
    }
    let kept_before = here.kept_here_count()?;
    let push::Sent {
        sent,
        refused_about,
        other_children,
        carried,
    } = send(here, &mut hub, &heads, reads_only, school, &others)?;
    notes.extend(kept::carried_note(here, hub.login(), carried)?);
    let kept_after = here.kept_here_count()?;
    let newly_kept = kept_after.saturating_sub(kept_before);
    if kept_after < kept_before {
        notes.push(went_now_sentence(kept_before - kept_after));
    }
    let mut kept_here: Vec<String> =
        kept_here_sentence(here, hub.login(), newly_kept, &refused_about, reads_only)
            .into_iter()
            .collect();
    kept_here.extend(kept::other_children_sentence(here, &other_children));
    if kept_here.is_empty() {
        notes.extend(still_kept_here(here)?);
    }
    notes.extend(others_sentence(others.values().sum()));
    if let Some(why) = held_by_another_login(here, hub.login(), &heads) {
        kept_here.push(why);
    }
    // The hub now holds all of this replica's own changes.
    here.set_shared_seq(here.own_seq()?)?;
    hub.mark_partial(here, everything)?;
    notes.extend(becoming_partial::became_partial_sentence(
        was_partial,
        here.partial_of()?.is_some(),
        hub.login(),
    ));
    let mut intake = if here.partial_of()?.is_some() {
        Intake::partial()
    } else {
        Intake::default()
    };
    // Another school's replicas: a student record from one that is another child under one of
    // this file's SIS ids is refused, as the hub refuses it from here.
    let far: Vec<String> = heads
        .iter()
        .filter(|h| h.replica != here.replica())
        .map(|h| h.replica.clone())
        .collect();
    let other_schools = hub.other_schools_replicas(&far, school)?;
    intake.guard_other_schools(other_schools.clone());
    pull(here, &mut hub, &heads, &mut intake)?;
    let mut applied = intake.finish();
    let entered = hub.pull_entered(here, everything, &other_schools)?;
    applied.new += entered.new;
    applied.refused.extend(entered.refused);
    if entered.readable == Some(0) {
        notes.push(kept::reads_nobody_sentence(hub.login(), reads_only));
    }
    if !entered.left.is_empty() {
        notes.push(kept::left_sentence(here, &entered.left)?);
    }
    // A check-in restricted since this file took it in whole, or one the login read whole
    // before it became a login that reads without restricted material: what it may no longer
    // read of it leaves the file.
    if reads_only {
        let withheld = here.withhold_restricted()?;
        notes.extend(kept::withheld_sentence(hub.login(), withheld, narrowed));
    } else if here.restore_pending()? {
        let (back, whole) = hub.restore_widened(here)?;
        applied.new += back.new;
        applied.refused.extend(back.refused);
        here.restore_done()?;
        notes.extend(kept::restored_sentence(hub.login(), back.new + whole));
    }
    Ok(Summary {
        sent,
        received: applied.new + taken_back,
        conflicts_before: before,
        conflicts_after: here.conflicts()?.len(),
        refused: applied.refused,
        notes,
        again: false,
        kept_here,
    })
}

/// If the hub holds more of this replica's own history than this file does (a file restored
/// from a backup), the file takes it back and goes on under a new identity, as by path.
fn reclaim(
    here: &mut Store,
    hub: &mut Hub,
    heads: &[Head],
    school: Option<&str>,
    notes: &mut Vec<String>,
) -> Result<usize, HubError> {
    let me = here.replica().to_string();
    let shared = here.shared_seq()?;
    let held_there = heads
        .iter()
        .find(|h| h.replica == me)
        .and_then(Head::cursor)
        .unwrap_or(0);
    if held_there <= shared {
        return Ok(0);
    }
    let mut theirs = Vec::new();
    let mut after = shared;
    while after < held_there {
        let (ops, bad) = hub.changes_after(&me, after, batch_size(BATCH))?;
        if let Some(bad) = bad {
            return Err(HubError::Refused(bad.why));
        }
        let Some(last) = ops.last() else { break };
        after = last.seq;
        theirs.extend(ops.into_iter().take_while(|o| o.seq <= held_there));
    }
    let Some(reclaimed) = here.reclaim_history(&theirs)? else {
        return Ok(0);
    };
    let applied = here.apply_ops(theirs)?;
    if let Some(why) = applied.refused.into_iter().next() {
        return Err(StoreError::Invalid(crate::domain::ValidationError::new(why)).into());
    }
    notes.push(reclaimed.sentence("this database", "the hub"));
    // Its new id is registered as its own before anything goes under it.
    hub.introduce(here.replica(), school)?;
    Ok(applied.new)
}
