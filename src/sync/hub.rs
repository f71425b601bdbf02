//! Sync with the district hub: this replica sends what the hub lacks, a batch per transaction,
//! and takes in what it lacks, a batch at a time through the same checks and intake as every
//! other received change. Both directions go by version vectors, so a sync cut short resumes.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

use super::{Intake, Prepared, Summary, BATCH};
use crate::store::hub::{Head, Hub, HubError, Rows, Unreadable};
use crate::store::{Entity, Op, Store, StoreError};

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
/// student who came into the login's scope since the last sync arrives whole.
pub fn sync_hub(here: &mut Store, url: &str, school: Option<&str>) -> Result<Summary, HubError> {
    let mut hub = Hub::open(url)?;
    let before = here.conflicts()?.len();
    let mut notes = Vec::new();
    // The heads are read once, for the whole sync: what the hub holds of this replica (to take
    // back or to send from) and of the others (to take in). Changes others add meanwhile wait
    // for the next sync.
    let crate::store::hub::Heads {
        everything,
        replicas: heads,
    } = hub.heads()?;
    if !heads.iter().any(|h| h.replica == here.replica()) {
        hub.introduce(here.replica(), school)?;
    }
    // A login that may add nothing (a teacher's) makes this file a reading copy: it makes no
    // change of its own from now on (and does again once the login may write).
    let reads_only = !hub.may_add()?;
    here.set_reading_copy(reads_only.then(|| hub.login()))?;
    let taken_back = reclaim(here, &mut hub, &heads, &mut notes)?;
    let kept_before = here.kept_here_count()?;
    let mut refused_about = Vec::new();
    let mut sent = 0;
    if reads_only {
        // Nothing goes: every change the hub lacks is kept here.
        for (replica, after, _) in push_work(here, &heads)? {
            here.keep_here(&replica, after + 1)?;
        }
    } else {
        // A change the hub refuses stops its replica there (the hub holds no gaps); this file's
        // own goes on under a new id from the change after it, and the push is made again.
        loop {
            let pushed = push(here, &mut hub, push_work(here, &heads)?)?;
            sent += pushed.sent;
            let Some((replica, seq, student)) = pushed.refused else {
                break;
            };
            refused_about.push(student);
            if replica == here.replica() {
                here.set_aside_own(seq)?;
                hub.introduce(here.replica(), school)?;
            } else {
                here.keep_here(&replica, seq)?;
            }
        }
    }
    let newly_kept = here.kept_here_count()?.saturating_sub(kept_before);
    let mut kept_here: Vec<String> =
        kept_here_sentence(here, hub.login(), newly_kept, &refused_about, reads_only)
            .into_iter()
            .collect();
    if kept_here.is_empty() {
        notes.extend(still_kept_here(here)?);
    }
    if let Some(why) = held_by_another_login(here, hub.login(), &heads) {
        kept_here.push(why);
    }
    // The hub now holds all of this replica's own changes.
    here.set_shared_seq(here.own_seq()?)?;
    hub.mark_partial(here, everything)?;
    let mut intake = if here.partial_of()?.is_some() {
        Intake::partial()
    } else {
        Intake::default()
    };
    pull(here, &mut hub, &heads, &mut intake)?;
    let mut applied = intake.finish();
    let entered = hub.pull_entered(here, everything)?;
    applied.new += entered.new;
    applied.refused.extend(entered.refused);
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
    Ok(applied.new)
}

/// What a push sent, and the change the hub would not take from this login, if any.
#[derive(Default)]
struct Pushed {
    /// Changes new to the hub.
    sent: usize,
    /// The change the hub refused (replica, sequence number, and the student it was about):
    /// the push stopped there.
    refused: Option<(String, i64, String)>,
}

/// What of each replica this login may add to (its own, and those the hub does not know yet)
/// the hub lacks: (replica, held there, last to send). Another login's replica is left to that
/// login: the hub would refuse its changes from this one. A replica's changes are sent only up
/// to the first kept here.
fn push_work(here: &Store, heads: &[Head]) -> Result<Vec<(String, i64, i64)>, HubError> {
    let heads: HashMap<&str, &Head> = heads.iter().map(|h| (h.replica.as_str(), h)).collect();
    let kept = here.kept_here()?;
    let mut work = Vec::new();
    for (replica, held) in here.version_vector()? {
        let after = match heads.get(replica.as_str()) {
            None => 0,
            Some(h) if h.writes => h.held.unwrap_or(0),
            Some(_) => continue,
        };
        let last = kept.get(&replica).map_or(held, |from| held.min(from - 1));
        if after < last {
            work.push((replica, after, last));
        }
    }
    Ok(work)
}

/// Sends `work` (see [`push_work`]), each replica's changes in order, a batch per transaction,
/// and stops at the first change the hub refuses to take from this login (about a student it
/// may not write).
///
/// The next batch is read from the file while the hub takes in the one before (the file is read
/// on this thread, the hub is written from another): a batch goes to the hub only in order, so
/// a push cut short by either side still leaves no gap.
fn push(here: &Store, hub: &mut Hub, work: Vec<(String, i64, i64)>) -> Result<Pushed, HubError> {
    if work.is_empty() {
        return Ok(Pushed::default());
    }
    std::thread::scope(|scope| {
        // One batch waits while one is sent: the file is read ahead by at most that.
        let (to_hub, batches) = std::sync::mpsc::sync_channel::<(Rows, bool)>(1);
        let sender = scope.spawn(move || -> Result<Pushed, HubError> {
            let mut pushed = Pushed::default();
            let mut counted = false;
            for (rows, more) in batches {
                let taken = hub.push_what_it_takes(&rows)?;
                pushed.sent += taken.new;
                if let Some(i) = taken.refused {
                    pushed.refused = Some((
                        rows.replica[i].clone(),
                        rows.seq[i],
                        rows.student[i].clone(),
                    ));
                    // The reader stops at its next batch.
                    break;
                }
                // More batches follow: the server counts the log once, so it plans the rest
                // (and the pulls after) by what it now holds.
                if more && !counted {
                    hub.count_rows()?;
                    counted = true;
                }
            }
            Ok(pushed)
        });
        let read = read_batches(here, &work, &to_hub);
        drop(to_hub);
        let pushed = sender
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p))?;
        read?;
        Ok(pushed)
    })
}

/// Reads each replica's changes the hub lacks, a batch at a time with the student of each, and
/// hands them to the sender as the hub's rows (the changes themselves, their values parsed,
/// are let go at once: a batch of rows takes a fraction of their memory); stops early when the
/// sender has stopped (it failed, or the hub refused a change).
fn read_batches(
    here: &Store,
    work: &[(String, i64, i64)],
    to_hub: &std::sync::mpsc::SyncSender<(Rows, bool)>,
) -> Result<(), HubError> {
    // The students of records met in the batch at hand (kept no longer, so that a push's
    // memory does not grow with the records it sends).
    let mut owners: HashMap<String, String> = HashMap::new();
    let size = batch_size(BATCH);
    let last_replica = work.len() - 1;
    for (i, (replica, from, held)) in work.iter().enumerate() {
        let mut after = *from;
        while after < *held {
            let batch = here.ops_of_replica_between(replica, after, *held, size)?;
            let Some(last) = batch.last() else { break };
            after = last.seq;
            owners.clear();
            let students = batch
                .iter()
                .map(|op| student_of(here, op, &mut owners))
                .collect::<Result<Vec<_>, _>>()?;
            let rows = Rows::new(&batch, students);
            drop(batch);
            let more = after < *held || i < last_replica;
            if to_hub.send((rows, more)).is_err() {
                return Ok(());
            }
        }
    }
    Ok(())
}

/// The sentence for the `n` changes this sync kept here, naming the students of those the hub
/// refused (`about`); `None` when it kept none.
fn kept_here_sentence(
    here: &Store,
    login: &str,
    n: usize,
    about: &[String],
    reads_only: bool,
) -> Option<String> {
    if n == 0 {
        return None;
    }
    let changes = if n == 1 {
        "1 change made here was".to_string()
    } else {
        format!("{n} changes made here were")
    };
    if reads_only || about.is_empty() {
        return Some(format!(
            "login {login} only reads the hub: {changes} kept in this file and not sent"
        ));
    }
    // The students they were about, the first few by name.
    let mut ids: Vec<&str> = Vec::new();
    for id in about {
        if !ids.contains(&id.as_str()) {
            ids.push(id);
        }
    }
    let mut names: Vec<String> = ids
        .iter()
        .take(3)
        .filter_map(|id| here.student(id).ok().map(|s| s.student.display_name()))
        .collect();
    if ids.len() > names.len() {
        let others = ids.len() - names.len();
        names.push(format!(
            "{others} other student{}",
            if others == 1 { "" } else { "s" }
        ));
    }
    Some(format!(
        "the hub did not take {} about {} from login {login}, which may not write for {} now: \
         {changes} kept in this file and not sent",
        if about.len() == 1 {
            "a change"
        } else {
            "changes"
        },
        names.join(", "),
        if ids.len() == 1 {
            "that student"
        } else {
            "those students"
        },
    ))
}

/// If the hub holds this file's own replica under another login (a copy of this file reached
/// the hub first through that login, which registered the replicas it carried as its own), what
/// to do about it: none of this file's own changes can be sent until the replica is given back.
fn held_by_another_login(here: &Store, login: &str, heads: &[Head]) -> Option<String> {
    let me = here.replica();
    heads.iter().find(|h| h.replica == me && !h.writes)?;
    Some(format!(
        "the hub holds this file's replica under another login (a copy of this file reached the \
         hub first through it), so this file's own changes were not sent: the hub's \
         administrator can give it back with UPDATE plp.replicas SET login = '{}' WHERE \
         replica = '{me}'",
        login.replace('\'', "''")
    ))
}

/// A reminder of changes kept here by earlier syncs, if any.
fn still_kept_here(here: &Store) -> Result<Option<String>, HubError> {
    let n = here.kept_here_count()?;
    Ok((n > 0).then(|| {
        format!(
            "{n} change{} made here {} kept only in this file: the hub did not take {} from \
             this login",
            if n == 1 { "" } else { "s" },
            if n == 1 { "is" } else { "are" },
            if n == 1 { "it" } else { "them" },
        )
    }))
}

/// The student whose record a change is about, as this replica knows it (`""` when it does
/// not: an edit that came before its record; the hub then takes the one it knows).
fn student_of(
    here: &Store,
    op: &Op,
    known: &mut HashMap<String, String>,
) -> Result<String, StoreError> {
    if let Some(s) = known.get(&op.entity_id) {
        return Ok(s.clone());
    }
    let student = match Entity::from_name(&op.entity) {
        Some(Entity::Student) => Some(op.entity_id.clone()),
        Some(entity) => here.student_of(entity, &op.entity_id)?.or_else(|| {
            op.value
                .get("student_id")
                .and_then(|v| v.as_str())
                .map(str::to_string)
        }),
        None => None,
    };
    let student = student.unwrap_or_default();
    if !student.is_empty() {
        known.insert(op.entity_id.clone(), student.clone());
    }
    Ok(student)
}

/// Takes in every change this replica lacks, each replica's after the number held here.
///
/// The next batch is read from the hub (and its rows read back into changes) on another thread
/// while this one takes in the batch before: the hub's share of a pull then costs little more
/// than its first batch. Batches are taken in whole and in order, as read.
fn pull(
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
