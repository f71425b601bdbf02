//! Sync between replicas: each side sends only the operations the other lacks, judged by version
//! vectors over the change log, and applies what it receives in clock order, idempotently.
//!
//! Transports: another database file on this machine (`local`), another `plp` over a pipe such as
//! ssh (`stdio`), and a folder of immutable change bundles (`bundle`).

pub mod bundle;
pub mod error;
pub mod hub;
pub mod local;
pub mod protocol;
pub mod scratch;
pub mod snapshot;
pub mod stdio;
pub mod target;
pub mod timeout;
pub mod validate;

/// The page cache, in MB, of each file a sync holds open. Both ends of a path sync are open in
/// one process, so two of these (and the batches in flight) must stay within the ~100 MB a bulk
/// sync may take at 50,000 students.
pub const CACHE_MB: i64 = 24;

use std::collections::BTreeMap;

pub use error::{CopyFault, Progress, SyncError};

use crate::store::{Op, Received, Result, Store, StoreError};

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
    /// Received changes refused (here or on the other side), one sentence each.
    pub refused: Vec<String>,
    /// Other things worth saying, one sentence each (a replica that took back lost history).
    pub notes: Vec<String>,
    /// Some of this replica's own changes were held back for a second round.
    pub again: bool,
    /// Changes made here that the other side would not take from this login (the hub's
    /// row-level security), kept here: one sentence for each reason.
    pub kept_here: Vec<String>,
}

impl Summary {
    /// "sent 12 changes, received 3, 1 new conflict (see plp conflicts)". Conflicts made
    /// before this sync and still waiting are named too: a sync cut off after it had taken in
    /// some batches made them, and the sync that finishes its work must not pass over them.
    pub fn line(&self) -> String {
        self.line_for(false)
    }

    /// [`Summary::line`] for a file that is a reading copy (`reading_copy`, a teacher's login):
    /// its conflicts are settled by those who write for the students, not here.
    pub fn line_for(&self, reading_copy: bool) -> String {
        let see = if reading_copy {
            "settled by those who write for the students; plp conflicts lists them"
        } else {
            "see plp conflicts"
        };
        let new = self.conflicts_after.saturating_sub(self.conflicts_before);
        let older = self.conflicts_after - new;
        let mut s = format!(
            "sent {} change{}, received {}",
            self.sent,
            if self.sent == 1 { "" } else { "s" },
            self.received
        );
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        match (new, older) {
            (0, 0) => {}
            (new, 0) => s.push_str(&format!(", {new} new conflict{} ({see})", plural(new))),
            (0, older) => s.push_str(&format!(
                "; {older} conflict{} {} for a choice ({see})",
                plural(older),
                if older == 1 { "waits" } else { "wait" }
            )),
            (new, older) => s.push_str(&format!(
                ", {new} new conflict{} and {older} from before ({see})",
                plural(new)
            )),
        }
        s
    }
}

impl Store {
    /// This database's version vector.
    pub fn version_vector(&self) -> Result<VersionVector> {
        self.versions()
    }

    /// The operations held here that a replica with `theirs` lacks, in clock order.
    pub fn ops_missing_from(&self, theirs: &VersionVector) -> Result<Vec<Op>> {
        let mut out = Vec::new();
        for (replica, held) in self.version_vector()? {
            let known = theirs.get(&replica).copied().unwrap_or(0);
            if held > known {
                // Only what the version vector vouches for: never past a gap in the log.
                out.extend(
                    self.ops_of_replica_after(&replica, known)?
                        .into_iter()
                        .take_while(|o| o.seq <= held),
                );
            }
        }
        out.sort_by(|a, b| (&a.hlc, &a.id).cmp(&(&b.hlc, &b.id)));
        Ok(out)
    }

    /// The operations held here that a replica with `theirs` lacks, handed to `f` a batch of
    /// at most [`BATCH`] at a time (each replica's in order), so that sending a whole log never
    /// holds it whole. A replica named in `skip` is left out. Returns how many were handed over.
    pub fn missing_in_batches(
        &self,
        theirs: &VersionVector,
        skip: Option<&str>,
        f: impl FnMut(Vec<Op>) -> Result<()>,
    ) -> Result<usize> {
        self.batches_missing_from(theirs, skip, Store::ops_of_replica_between, |o| o.seq, f)
    }

    /// As [`Store::missing_in_batches`], each change with its value as this file stores it
    /// (for another file on this machine to take in without packing it again), and checked
    /// ([`validate::op`]) as soon as it is read.
    pub fn missing_read_in_batches(
        &self,
        theirs: &VersionVector,
        f: impl FnMut(Vec<Prepared>) -> Result<()>,
    ) -> Result<usize> {
        self.batches_missing_from(
            theirs,
            None,
            |s, replica, after, upto, limit| {
                s.received_of_replica_between(replica, after, upto, limit, Prepared::read)
            },
            |p| p.received.op().seq,
            f,
        )
    }

    fn batches_missing_from<T>(
        &self,
        theirs: &VersionVector,
        skip: Option<&str>,
        read: impl Fn(&Store, &str, i64, i64, usize) -> Result<Vec<T>>,
        seq: impl Fn(&T) -> i64,
        mut f: impl FnMut(Vec<T>) -> Result<()>,
    ) -> Result<usize> {
        let mut n = 0;
        for (replica, held) in self.version_vector()? {
            if Some(replica.as_str()) == skip {
                continue;
            }
            let mut after = theirs.get(&replica).copied().unwrap_or(0);
            while after < held {
                // Only what the version vector vouches for.
                let batch =
                    read(self, &replica, after, held, BATCH).map_err(|e| e.in_file(self.path()))?;
                let Some(last) = batch.last() else { break };
                after = seq(last);
                n += batch.len();
                f(batch)?;
            }
        }
        Ok(n)
    }

    /// Applies received operations, a batch per transaction, each replica's in order. Operations already
    /// held change nothing. A change that is malformed, does not follow on from what is held of
    /// its replica, or reuses the id of a different change is refused, with every later change
    /// from that replica (so that the log never has a gap); the others are applied.
    pub fn apply_ops(&mut self, ops: Vec<Op>) -> Result<Applied> {
        let mut intake = Intake::default();
        intake.take(self, ops)?;
        Ok(intake.finish())
    }
}

/// Received changes taken in batch after batch: a replica refused in one batch stays refused in
/// the later ones.
#[derive(Debug, Default)]
pub struct Intake {
    new: usize,
    refused: BTreeMap<String, (String, usize)>,
    partial: bool,
    /// Changes go into the log only, and the tables are built from it at the end (see
    /// [`Intake::in_bulk`]).
    bulk: bool,
    /// Replicas of another school than this file's (known at the hub): a student record taken
    /// in from one is refused when it is another child (see [`Intake::guard_other_schools`]).
    other_schools: std::collections::HashSet<String>,
}

impl Intake {
    /// An intake for what a hub sends a login that reads only part of the log: each replica's
    /// changes may skip numbers (the rows the login may not read), a change numbered below what
    /// is held is taken if its id is not held (a student who came into the login's scope), and
    /// a change whose id is held is passed over unread (a teacher holds restricted check-ins in
    /// the redacted form the hub sent them).
    pub fn partial() -> Intake {
        Intake {
            partial: true,
            ..Intake::default()
        }
    }

    /// Takes the changes from here on into the log only, each checked exactly as before; the
    /// tables are built from the whole log once, by [`Store::build_pending_tables`], which the
    /// caller runs when the intake is over (and which the next opening of the file runs if the
    /// intake is cut short). Worth it when far more changes are to come than the log holds:
    /// the log is then written without the tables, and the tables built once from it. Not for
    /// a partial intake, which is left as it is.
    pub fn in_bulk(&mut self) {
        self.bulk = !self.partial;
    }

    /// Refuses a student record from any of `replicas` (another school's) that is another child
    /// than the one this file holds under that SIS id: their names share no word (see
    /// [`crate::domain::another_child`]). Two schools' systems gave two children one id, and
    /// taking it in would show one child's plan, notes and check-ins as the other's. Within one
    /// school two records under one id are one child, whatever their names.
    pub fn guard_other_schools(&mut self, replicas: std::collections::HashSet<String>) {
        self.other_schools = replicas;
    }

    /// Whether this intake takes changes into the log only.
    pub fn is_bulk(&self) -> bool {
        self.bulk
    }

    /// Applies one batch (see [`Store::apply_ops`]); returns how many were new.
    pub fn take(&mut self, store: &mut Store, ops: Vec<Op>) -> Result<usize> {
        self.take_read(store, ops.into_iter().map(Received::from).collect())
    }

    /// As [`Intake::take`], for changes read from another file (each checked all the same).
    pub fn take_read(&mut self, store: &mut Store, ops: Vec<Received>) -> Result<usize> {
        self.take_prepared(store, ops.into_iter().map(Prepared::unchecked).collect())
    }

    /// As [`Intake::take`], for changes checked and packed ahead ([`Prepared::new`]): each is
    /// taken or refused exactly as if it were checked here.
    pub fn take_prepared(&mut self, store: &mut Store, mut ops: Vec<Prepared>) -> Result<usize> {
        // Each replica's changes in its own order (the tables do not depend on the order).
        ops.sort_by(|a, b| {
            let (a, b) = (a.received.op(), b.received.op());
            (&a.replica, a.seq).cmp(&(&b.replica, b.seq))
        });
        let mut vv = store.version_vector()?;
        let refused = &mut self.refused;
        let mut taken: Vec<Received> = Vec::with_capacity(ops.len());
        let mut ids = std::collections::HashSet::new();
        for Prepared { received, checked } in ops {
            let op = received.op();
            if let Some((_, later)) = refused.get_mut(&op.replica) {
                *later += 1;
                continue;
            }
            let held = vv.get(&op.replica).copied().unwrap_or(0);
            if self.partial {
                if !ids.insert(op.id.clone()) || store.holds_change(&op.id)? {
                    continue;
                }
            } else if op.seq <= held {
                continue;
            }
            let why = if op.seq != held + 1 && !self.partial {
                Some(format!(
                    "the changes received from replica {} were refused: they skip from number \
                     {held} to {}",
                    crate::domain::clean_line(&op.replica),
                    op.seq
                ))
            } else if let Some(why) = checked.unwrap_or_else(|| refusal(op)) {
                Some(why)
            } else if let Some(why) = self
                .other_schools
                .contains(&op.replica)
                .then(|| another_child(store, op))
                .transpose()?
                .flatten()
            {
                Some(why)
            } else if !self.partial && !ids.insert(op.id.clone()) {
                Some(reuses_an_id(op))
            } else {
                None
            };
            match why {
                Some(why) => {
                    refused.insert(op.replica.clone(), (why, 0));
                }
                None => {
                    match vv.get_mut(&op.replica) {
                        Some(v) => *v = op.seq.max(held),
                        None => {
                            vv.insert(op.replica.clone(), op.seq.max(held));
                        }
                    }
                    taken.push(received);
                }
            }
        }
        // An id the log already holds for a different change is found as the change goes in
        // (the log's own look for the id), before anything of it is written: the change's
        // replica is refused from it on, as if it had been found above, and the write goes on
        // without it. Each change is let go as soon as it is in, while it is still at hand in
        // the processor's cache.
        let compare = !self.partial;
        let mut new = 0;
        let mut clashed: Vec<String> = Vec::new();
        let mut changes = taken.into_iter().peekable();
        while changes.peek().is_some() {
            let batch = write_batch(store, self.bulk, |w| {
                let mut n = 0;
                for received in changes.by_ref().take(BATCH) {
                    let op = received.op();
                    if clashed.contains(&op.replica) {
                        if let Some((_, later)) = refused.get_mut(&op.replica) {
                            *later += 1;
                        }
                        continue;
                    }
                    match w.receive_read(&received, compare)? {
                        Some(true) => n += 1,
                        Some(false) => {}
                        None => {
                            // A later change of the same replica refused above is one of
                            // those after it.
                            let later = refused.get(&op.replica).map_or(0, |(_, l)| l + 1);
                            refused.insert(op.replica.clone(), (reuses_an_id(op), later));
                            clashed.push(op.replica.clone());
                        }
                    }
                }
                Ok(n)
            });
            match batch {
                Ok(n) => new += n,
                Err(StoreError::DiskFull) if self.new + new > 0 => {
                    return Err(StoreError::DiskFullAfter {
                        kept: self.new + new,
                    })
                }
                Err(e) => return Err(e),
            }
        }
        self.new += new;
        Ok(new)
    }

    /// Whether the changes of `replica` are refused from some point on.
    pub fn refuses(&self, replica: &str) -> bool {
        self.refused.contains_key(replica)
    }

    /// Refuses `replica`'s changes from here on, for the reason given (a change that could
    /// not even be read).
    pub fn refuse(&mut self, replica: &str, why: String) {
        self.refused.entry(replica.to_string()).or_insert((why, 0));
    }

    /// How many were new, and a sentence for each replica refused from some point on.
    pub fn finish(self) -> Applied {
        let refused = self
            .refused
            .into_values()
            .map(|(why, later)| match later {
                0 => why,
                1 => format!("{why}; so was the 1 later change from the same replica"),
                n => format!("{why}; so were the {n} later changes from the same replica"),
            })
            .collect();
        Applied {
            new: self.new,
            refused,
        }
    }
}

/// A received change, with its checks run and its value packed ahead of the intake (so that
/// this can be done on another thread while the log is written).
pub struct Prepared {
    received: Received,
    /// The checks' finding (`Some(None)`: it passed), when they have run.
    checked: Option<Option<String>>,
}

impl Prepared {
    /// Runs `op`'s checks ([`validate::op`]) and packs its value.
    pub fn new(op: Op) -> Prepared {
        let found = refusal(&op);
        let received = match found {
            None => Received::packed(op),
            Some(_) => Received::from(op),
        };
        Prepared {
            received,
            checked: Some(found),
        }
    }

    /// A change read from another file, its checks ([`validate::op`]) run now: as it is read,
    /// its value is still at hand in the processor's cache.
    fn read(received: Received) -> Prepared {
        Prepared {
            checked: Some(refusal(received.op())),
            received,
        }
    }

    /// A change whose checks run as it is taken in.
    fn unchecked(received: Received) -> Prepared {
        Prepared {
            received,
            checked: None,
        }
    }
}

/// Why a change is refused by its checks, if it is.
fn refusal(op: &Op) -> Option<String> {
    validate::op(op).err().map(|e| e.to_string())
}

/// Why a received change that makes a student record is refused, if it is another child than
/// the one this file holds under that id (see [`Intake::guard_other_schools`]).
fn another_child(store: &Store, op: &Op) -> Result<Option<String>> {
    if op.entity != "student" || op.field != "*" {
        return Ok(None);
    }
    let Some(here) =
        store.get::<crate::domain::Student>(crate::store::Entity::Student, &op.entity_id)?
    else {
        return Ok(None);
    };
    let name = |field: &str| op.value.get(field).and_then(|v| v.as_str()).unwrap_or("");
    if !crate::domain::another_child(
        &here.given_name,
        &here.family_name,
        name("given_name"),
        name("family_name"),
    ) {
        return Ok(None);
    }
    Ok(Some(format!(
        "change {} (new student) was refused: it makes a student under the SIS id of {} ({}) \
         here, with names that share no word with that student's: two children cannot share \
         one SIS id",
        crate::domain::clean_line(&op.id),
        here.display_name(),
        crate::domain::clean_line(&here.sis_id),
    )))
}

/// One write of received changes: into the log and the tables, or (`log_only`) into the log.
fn write_batch<T>(
    store: &mut Store,
    log_only: bool,
    f: impl FnOnce(&mut crate::store::Writer<'_>) -> Result<T>,
) -> Result<T> {
    if log_only {
        store.write_log_only(f)
    } else {
        store.write(f)
    }
}

/// Why a change whose id is another change's is refused.
fn reuses_an_id(op: &Op) -> String {
    format!(
        "change {} was refused: it reuses the id of a different change",
        crate::domain::clean_line(&op.id)
    )
}

/// What applying received changes did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applied {
    /// Changes that were new here and were applied.
    pub new: usize,
    /// One sentence for each replica whose changes were refused from some point on.
    pub refused: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Student;
    use crate::store::Entity;

    #[test]
    fn the_line_names_new_conflicts_and_those_still_waiting_from_before() {
        let line = |before, after| {
            Summary {
                sent: 1,
                received: 2,
                conflicts_before: before,
                conflicts_after: after,
                ..Default::default()
            }
            .line()
        };
        assert_eq!(line(0, 0), "sent 1 change, received 2");
        assert_eq!(
            line(0, 2),
            "sent 1 change, received 2, 2 new conflicts (see plp conflicts)"
        );
        assert_eq!(
            line(1, 1),
            "sent 1 change, received 2; 1 conflict waits for a choice (see plp conflicts)"
        );
        assert_eq!(
            line(2, 3),
            "sent 1 change, received 2, 1 new conflict and 2 from before (see plp conflicts)"
        );
        // A teacher's reading copy settles none: it is told who does.
        let reading = Summary {
            sent: 0,
            received: 2,
            conflicts_before: 0,
            conflicts_after: 1,
            ..Default::default()
        }
        .line_for(true);
        assert_eq!(
            reading,
            "sent 0 changes, received 2, 1 new conflict (settled by those who write for the \
             students; plp conflicts lists them)"
        );
    }

    fn student(sis: &str) -> Student {
        Student {
            sis_id: sis.into(),
            given_name: "Amara".into(),
            family_name: "Okafor".into(),
            ..Default::default()
        }
    }

    /// Four edits of a student's strengths from replica `c0ffee`, numbered 1 to 4.
    fn edits(template: &Op) -> Vec<Op> {
        (1..=4)
            .map(|seq| Op {
                id: uuid::Uuid::now_v7().to_string(),
                replica: "c0ffee".into(),
                seq,
                field: "strengths".into(),
                value: format!("edit {seq}").into(),
                base: Vec::new(),
                ..template.clone()
            })
            .collect()
    }

    #[test]
    fn a_reused_id_is_refused_as_it_goes_in_with_every_later_change_of_its_replica() {
        let mut a = Store::in_memory().unwrap();
        let id = a.write(|w| w.add_student(&student("1"))).unwrap();
        a.write(|w| {
            w.set(
                Entity::Student,
                &id,
                "needs",
                "time".into(),
                crate::store::Base::Current,
            )
        })
        .unwrap();
        let held = a.ops().unwrap();
        let mut b = Store::in_memory().unwrap();
        b.apply_ops(held.clone()).unwrap();
        let before = b.dump_tables().unwrap();

        // The second reuses the id of a change held (the first is taken), and the third would
        // be refused for its value: the reused id is what is said, and both later ones follow.
        let mut ops = edits(&held[1]);
        ops[1].id = held[1].id.clone();
        ops[2].field = "status".into();
        ops[2].value = "banana".into();
        let applied = b.apply_ops(ops.clone()).unwrap();
        assert_eq!(applied.new, 1);
        assert_eq!(
            applied.refused,
            vec![format!(
                "change {} was refused: it reuses the id of a different change; so were the 2 \
                 later changes from the same replica",
                held[1].id
            )]
        );
        assert_eq!(b.version_vector().unwrap().get("c0ffee"), Some(&1));
        assert_ne!(b.dump_tables().unwrap(), before, "the first edit was taken");
        assert_eq!(b.op_count().unwrap(), 3);

        // The same change sent again under its own id is no refusal, nor new.
        let again = b.apply_ops(vec![held[1].clone(), ops[0].clone()]).unwrap();
        assert_eq!((again.new, again.refused.len()), (0, 0));
    }
}
