//! Sending to the hub what it lacks of the replicas this login may add to, a batch per
//! transaction, up to the first change it refuses from this login.

use std::collections::{BTreeMap, HashMap};

use super::batch_size;
use crate::store::hub::{Head, Hub, HubError, Rows};
use crate::store::{Entity, OpText, Store, StoreError};
use crate::sync::BATCH;

/// What a push did: how many changes were new to the hub, the students of those it refused
/// (the login may not write for them), the students it refused as another child (with the
/// school the hub holds that student at), and, for a login that may add nothing, how many
/// changes of other copies this file holds that it did not send (see [`keep_own_here`]).
#[derive(Debug, Default)]
pub(super) struct Sent {
    pub sent: usize,
    pub refused_about: Vec<String>,
    pub other_children: Vec<(String, String)>,
    pub carried: usize,
}

/// Sends what the hub lacks of this file (see [`push_work`]): how many changes were new to it,
/// and the students of those it refused. A change the hub refuses stops its replica there (the
/// hub holds no gaps); this file's own keeps it here with the student's later changes, goes on
/// under a new id with the rest, and the push is made again. For a login that may add nothing (`reads_only`) nothing goes: every
/// change the hub lacks is kept here.
/// Changes of `others` (replicas the hub holds under other logins, see [`held_by_others`]) are
/// not sent. A change refused as another child is noted at the hub (see
/// [`Hub::note_other_child`]), and so are the rest of that student's changes as they come.
pub(super) fn send(
    here: &mut Store,
    hub: &mut Hub,
    heads: &[Head],
    reads_only: bool,
    school: Option<&str>,
    others: &BTreeMap<String, i64>,
) -> Result<Sent, HubError> {
    if reads_only {
        let carried = keep_own_here(here, heads, others)?;
        return Ok(Sent {
            carried,
            ..Sent::default()
        });
    }
    offer_kept_again(here, heads)?;
    let mut done = Sent::default();
    loop {
        let pushed = push(here, hub, push_work(here, heads, others)?)?;
        done.sent += pushed.sent;
        let Some((replica, seq, student, value)) = pushed.refused else {
            return Ok(done);
        };
        match hub.note_other_child(&student, &replica, &value)? {
            Some(at) => {
                if !done.other_children.iter().any(|(s, _)| *s == student) {
                    done.other_children.push((student.clone(), at));
                }
            }
            None => done.refused_about.push(student.clone()),
        }
        if replica == here.replica() && !student.is_empty() {
            // The hub would refuse every later change about this student as well: they are
            // all kept here at once, not found one push at a time.
            here.set_aside_own_about(seq, &student)?;
            hub.introduce(here.replica(), school)?;
        } else if replica == here.replica() {
            here.set_aside_own(seq)?;
            hub.introduce(here.replica(), school)?;
        } else {
            here.keep_here(&replica, seq)?;
        }
    }
}

/// For a login that may add nothing: this file's own changes the hub lacks are kept here (made
/// here, they can reach the hub from nowhere else). Changes of other copies met by path are not
/// made here: they reach the hub from the copies that made them, so they are not kept, only
/// counted: returns how many there are. Marks an earlier sync put on another replica's
/// changes are taken off once the hub holds them (this file's own earlier ids, set aside or
/// taken back, keep theirs until then).
fn keep_own_here(
    here: &mut Store,
    heads: &[Head],
    others: &BTreeMap<String, i64>,
) -> Result<usize, HubError> {
    let me = here.replica().to_string();
    let held = here.version_vector()?;
    for replica in here.kept_here()?.into_keys().filter(|r| *r != me) {
        if held_there(heads, &replica, &held) {
            here.unkeep(&replica)?;
        }
    }
    // A partial copy takes other copies' changes from its hub alone once it is partial: those
    // beyond what it held as it became so came from the hub (the login may no longer read them
    // there: a student who left a teacher's list), and are not carried.
    let from_others = here.held_when_partial()?;
    let mut carried = 0;
    for (replica, after, last) in push_work(here, heads, others)? {
        if replica == me {
            here.keep_here(&replica, after + 1)?;
        } else {
            let last = match &from_others {
                Some(held) => last.min(held.get(&replica).copied().unwrap_or(0)),
                None => last,
            };
            carried += (last - after).max(0) as usize;
        }
    }
    Ok(carried)
}

/// The replicas of this file the hub holds under other logins, and how many changes this file
/// holds of each: a copy of another login's file met by path (a colleague's laptop, a school's
/// server) brought them here. The hub refuses their changes from this login (it takes each
/// replica's changes from its own login only), and has them, or will have them, from there.
/// The heads name those that this login reads rows of (and leave them to their login); the
/// others are asked of the hub, which says only whether each is registered.
pub(super) fn held_by_others(
    here: &Store,
    hub: &mut Hub,
    heads: &[Head],
) -> Result<BTreeMap<String, i64>, HubError> {
    let named: std::collections::HashSet<&str> = heads.iter().map(|h| h.replica.as_str()).collect();
    let held = here.version_vector()?;
    let unnamed: Vec<String> = held
        .iter()
        .filter(|(r, &n)| n > 0 && r.as_str() != here.replica() && !named.contains(r.as_str()))
        .map(|(r, _)| r.clone())
        .collect();
    Ok(hub
        .held_by_others(&unnamed)?
        .into_iter()
        .map(|r| {
            let n = held.get(&r).copied().unwrap_or(0);
            (r, n)
        })
        .collect())
}

/// Offers again the changes earlier syncs kept here whose replica the hub holds up to just
/// before them (so they would leave no gap) and lets this login add to: the login may write for
/// their student again (the student given back to this advisor, or the login given rights).
/// The push then sends them first, in order; one the hub still refuses is kept again.
/// Another login's replica that the hub holds as far as this file does (its own file claimed
/// it and sent them, see [`Hub::claim`]) keeps nothing here any more: its marks are taken off.
fn offer_kept_again(here: &Store, heads: &[Head]) -> Result<(), HubError> {
    let held = here.version_vector()?;
    for (replica, from) in here.kept_here()? {
        let head = heads.iter().find(|h| h.replica == replica);
        let fits = match head {
            None => true,
            Some(h) => h.writes && h.held.unwrap_or(0) == from - 1,
        };
        if fits || held_there(heads, &replica, &held) {
            here.unkeep(&replica)?;
        }
    }
    Ok(())
}

/// Whether the hub holds `replica`, another login's, as far as this file does (`held`, this
/// file's version vector): nothing of it is kept only here.
fn held_there(heads: &[Head], replica: &str, held: &BTreeMap<String, i64>) -> bool {
    heads.iter().any(|h| {
        h.replica == replica
            && !h.writes
            && h.cursor().unwrap_or(0) >= held.get(replica).copied().unwrap_or(0)
    })
}

/// What a push sent, and the change the hub would not take from this login, if any.
#[derive(Default)]
struct Pushed {
    /// Changes new to the hub.
    sent: usize,
    /// The change the hub refused (replica, sequence number, the student it was about, and
    /// its value): the push stopped there.
    refused: Option<(String, i64, String, String)>,
}

/// What of each replica this login may add to (its own, and those the hub does not know yet)
/// the hub lacks: (replica, held there, last to send). Another login's replica is left to that
/// login, and so is one the hub holds under another login that this one reads no row of
/// (`others`): the hub would refuse their changes from this one. A replica's changes are sent
/// only up to the first kept here.
fn push_work(
    here: &Store,
    heads: &[Head],
    others: &BTreeMap<String, i64>,
) -> Result<Vec<(String, i64, i64)>, HubError> {
    let heads: HashMap<&str, &Head> = heads.iter().map(|h| (h.replica.as_str(), h)).collect();
    let kept = here.kept_here()?;
    let mut work = Vec::new();
    for (replica, held) in here.version_vector()? {
        if others.contains_key(&replica) {
            continue;
        }
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
                        rows.value[i].clone(),
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
            let batch = here.op_texts_of_replica_between(replica, after, *held, size)?;
            let Some(last) = batch.last() else { break };
            after = last.seq;
            owners.clear();
            let students = batch
                .iter()
                .map(|op| student_of(here, op, &mut owners))
                .collect::<Result<Vec<_>, _>>()?;
            let rows = Rows::from_texts(batch, students);
            let more = after < *held || i < last_replica;
            if to_hub.send((rows, more)).is_err() {
                return Ok(());
            }
        }
    }
    Ok(())
}

/// The student whose record a change is about, as this replica knows it (`""` when it does
/// not: an edit that came before its record; the hub then takes the one it knows).
fn student_of(
    here: &Store,
    op: &OpText,
    known: &mut HashMap<String, String>,
) -> Result<String, StoreError> {
    if let Some(s) = known.get(&op.entity_id) {
        return Ok(s.clone());
    }
    let student = match Entity::from_name(&op.entity) {
        Some(Entity::Student) => Some(op.entity_id.clone()),
        Some(entity) => here
            .student_of(entity, &op.entity_id)?
            .or_else(|| named_student(&op.value)),
        None => None,
    };
    let student = student.unwrap_or_default();
    if !student.is_empty() {
        known.insert(op.entity_id.clone(), student.clone());
    }
    Ok(student)
}

/// The student a value's JSON text names (`student_id`), if it names one.
fn named_student(value: &str) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Named {
        student_id: Option<serde_json::Value>,
    }
    let named: Named = serde_json::from_str(value).ok()?;
    named.student_id?.as_str().map(str::to_string)
}
