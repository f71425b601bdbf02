//! Changes made here that the hub would not take from this file's login (a student who left
//! the login's scope, a login that only reads): they stay in this file, are never offered to
//! the hub again, and are counted at each later sync so that nobody believes they went.
//!
//! The hub holds each replica's changes without a gap (every other replica that takes them in
//! whole counts on it), so a replica's changes are sent only up to the first one kept here.
//! When that one is this file's own, the file goes on under a new replica id from the change
//! after it (the changes made since move to the new id, as when a file restored from a backup
//! takes its lost history back): its old id ends with the change kept here, and what it made
//! after is sent under the new one.

use std::collections::BTreeMap;

use super::{Entity, Result, Store};

/// The meta key under which they are listed: each replica's first change kept here.
const KEY: &str = "kept here from";

impl Store {
    /// For each replica with changes kept here, the first of them: neither it nor any later
    /// change of that replica is sent to the hub.
    pub fn kept_here(&self) -> Result<BTreeMap<String, i64>> {
        Ok(self
            .meta(KEY)?
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default())
    }

    /// How many changes this file keeps here, by [`Store::kept_here`].
    pub fn kept_here_count(&self) -> Result<usize> {
        let held = self.version_vector()?;
        Ok(self
            .kept_here()?
            .iter()
            .map(|(replica, from)| {
                let last = held.get(replica).copied().unwrap_or(0);
                (last - from + 1).max(0) as usize
            })
            .sum())
    }

    /// Keeps `replica`'s changes from `seq` on here (another replica's: this file cannot
    /// renumber them).
    pub fn keep_here(&self, replica: &str, seq: i64) -> Result<()> {
        let mut kept = self.kept_here()?;
        let from = kept.entry(replica.to_string()).or_insert(seq);
        *from = (*from).min(seq);
        let text = serde_json::to_string(&kept).unwrap_or_default();
        self.set_meta(KEY, &text)
    }

    /// How many changes this file holds that no other replica is known to hold and that a
    /// file holding `elsewhere` (a version vector: a backup about to take this file's place)
    /// lacks: its own changes after the last sync that sent them all, and those kept here
    /// because the hub would not take them. Restoring that backup over this file would leave
    /// them only in the file it replaces.
    pub fn held_only_here(&self, elsewhere: &BTreeMap<String, i64>) -> Result<usize> {
        let held = self.versions()?;
        let beyond = |replica: &str, known: i64| -> usize {
            let there = elsewhere.get(replica).copied().unwrap_or(0);
            let last = held.get(replica).copied().unwrap_or(0);
            (last - known.max(there)).max(0) as usize
        };
        let me = self.replica();
        let mut n = beyond(me, self.shared_seq()?);
        for (replica, from) in self.kept_here()? {
            if replica != me {
                n += beyond(&replica, from - 1);
            }
        }
        Ok(n)
    }

    /// Offers `replica`'s changes kept here to the hub again: they are sent at the next push,
    /// and kept again if the hub still refuses them.
    pub fn unkeep(&self, replica: &str) -> Result<()> {
        let mut kept = self.kept_here()?;
        if kept.remove(replica).is_none() {
            return Ok(());
        }
        let text = serde_json::to_string(&kept).unwrap_or_default();
        self.set_meta(KEY, &text)
    }

    /// Keeps this file's own change `seq` here, and goes on under a new replica id from the
    /// change after it, so that what it made since (and makes from now on) is still sent.
    /// Returns how many changes moved to the new id.
    pub fn set_aside_own(&mut self, seq: i64) -> Result<usize> {
        let me = self.replica().to_string();
        self.keep_here(&me, seq)?;
        self.rehome(seq + 1)
    }

    /// Keeps here this file's own change `seq` and every later one of its own about `student`
    /// (the hub would refuse them all: a student the login may not write, or another school's
    /// child under the same id), and goes on under a new replica id with the rest, so that
    /// they are still sent. The old id keeps `seq` and the student's later changes, numbered on
    /// from `seq` in the order they were made; the rest move to the new id, in order. One step
    /// for the whole student, where [`Store::set_aside_own`] would take one per change.
    /// Returns how many changes moved to the new id.
    pub fn set_aside_own_about(&mut self, seq: i64, student: &str) -> Result<usize> {
        if let Some(why) = &self.read_only {
            return Err(super::StoreError::ReadOnly(why.clone()));
        }
        let mut about = self.own_changes_about(student, seq)?;
        about.push(seq);
        about.sort_unstable();
        about.dedup();
        let me = self.replica().to_string();
        self.keep_here(&me, seq)?;
        self.rehome_all_but(seq, &about)
    }

    /// This file's own changes from `from` on about `student`: those of the student's record
    /// and of every record the tables hold under them.
    fn own_changes_about(&self, student: &str, from: i64) -> Result<Vec<i64>> {
        let mut ids = vec![student.to_string()];
        for entity in Entity::ALL.iter().filter(|e| **e != Entity::Student) {
            let mut stmt = self.conn.prepare(&format!(
                "SELECT id FROM {} WHERE student_id = ?1",
                entity.table()
            ))?;
            let found = stmt.query_map([student], |r| r.get::<_, String>(0))?;
            for id in found {
                ids.push(id?);
            }
        }
        let mut stmt = self.conn.prepare(
            "SELECT seq FROM ops
             WHERE entity_id = ?1 AND replica = (SELECT n FROM replicas WHERE id = ?2)
               AND seq >= ?3",
        )?;
        let mut seqs = Vec::new();
        for id in &ids {
            let found = stmt.query_map(
                rusqlite::params![super::packed::id(id), self.replica(), from],
                |r| r.get::<_, i64>(0),
            )?;
            for seq in found {
                seqs.push(seq?);
            }
        }
        Ok(seqs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::test_support::{store_with_student, store_with_student_at, student};
    use crate::store::{Base, Entity};

    #[test]
    fn an_own_change_set_aside_ends_the_old_id_and_the_rest_go_on_under_a_new_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.db");
        let (mut store, id) = store_with_student_at(&path);
        for text in ["A", "B", "C"] {
            store
                .write(|w| w.set(Entity::Student, &id, "needs", text.into(), Base::Current))
                .unwrap();
        }
        let old = store.replica().to_string();
        assert_eq!(store.kept_here_count().unwrap(), 0);
        assert_eq!(store.set_aside_own(2).unwrap(), 2);
        let new = store.replica().to_string();
        assert_ne!(new, old);
        let held = store.version_vector().unwrap();
        assert_eq!((held[&old], held[&new]), (2, 2));
        assert_eq!(store.kept_here().unwrap()[&old], 2);
        assert_eq!(store.kept_here_count().unwrap(), 1);
        // A later change of the old id's is kept from the earlier one on; nothing was lost.
        store.keep_here(&old, 5).unwrap();
        assert_eq!(store.kept_here().unwrap()[&old], 2);
        // Offered again, and kept again.
        store.unkeep(&old).unwrap();
        assert_eq!(store.kept_here_count().unwrap(), 0);
        store.unkeep(&old).unwrap();
        store.keep_here(&old, 2).unwrap();
        assert_eq!(store.op_count().unwrap(), 4);
        drop(store);
        let store = Store::open(&path).unwrap();
        assert_eq!(store.replica(), new);
        assert_eq!(store.kept_here_count().unwrap(), 1);
    }

    /// A student the hub refuses: the refused change and every later one of that student's stay
    /// under the old id, in order; the others' go on under a new id, in order, and nothing
    /// else changes (the tables, the log's changes, a rebuild from the log).
    #[test]
    fn a_students_changes_are_set_aside_together_and_the_rest_go_on_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.db");
        let (mut store, a) = store_with_student_at(&path);
        let b = store.write(|w| w.add_student(&student("2"))).unwrap();
        let set = |store: &mut Store, id: &str, text: &str| {
            store
                .write(|w| w.set(Entity::Student, id, "needs", text.into(), Base::Current))
                .unwrap();
        };
        let member = |store: &mut Store, id: &str, name: &str| {
            let m = crate::domain::TeamMember {
                student_id: id.into(),
                name: name.into(),
                role: "parent".into(),
                ..Default::default()
            };
            store.write(|w| w.add_team_member(&m)).unwrap();
        };
        set(&mut store, &a, "a1"); // 3
        member(&mut store, &b, "Bo"); // 4
        set(&mut store, &b, "b1"); // 5
        member(&mut store, &a, "Al"); // 6
        set(&mut store, &a, "a2"); // 7
        set(&mut store, &b, "b2"); // 8
        let old = store.replica().to_string();
        let before = store.op_texts_of_replica_between(&old, 0, 8, 100).unwrap();
        assert_eq!(before.len(), 8);
        let tables_before = store.dump_tables().unwrap();

        assert_eq!(store.set_aside_own_about(3, &a).unwrap(), 3);
        let new = store.replica().to_string();
        assert_ne!(new, old);
        let held = store.version_vector().unwrap();
        assert_eq!((held[&old], held[&new]), (5, 3));
        assert_eq!(store.kept_here().unwrap()[&old], 3);
        assert_eq!(store.kept_here_count().unwrap(), 3);
        let ids =
            |ops: &[crate::store::OpText]| ops.iter().map(|o| o.id.clone()).collect::<Vec<_>>();
        let kept = store
            .op_texts_of_replica_between(&old, 0, 100, 100)
            .unwrap();
        let went = store
            .op_texts_of_replica_between(&new, 0, 100, 100)
            .unwrap();
        let pick = |seqs: &[usize]| {
            seqs.iter()
                .map(|&s| before[s - 1].id.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(&kept), pick(&[1, 2, 3, 6, 7]));
        assert_eq!(ids(&went), pick(&[4, 5, 8]));
        assert_eq!(
            kept.iter().map(|o| o.seq).collect::<Vec<_>>(),
            [1, 2, 3, 4, 5]
        );
        assert_eq!(went.iter().map(|o| o.seq).collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(store.op_count().unwrap(), 8);
        assert_eq!(store.dump_tables().unwrap(), tables_before);
        match store.check().unwrap() {
            crate::store::Checked::Sound {
                wrong_versions,
                rebuilt,
            } => assert!(wrong_versions.is_empty() && !rebuilt),
            other => panic!("{other:?}"),
        }
        drop(store);
        let store = Store::open(&path).unwrap();
        assert_eq!(store.replica(), new);
        assert_eq!(store.kept_here_count().unwrap(), 3);
    }

    /// What a backup lacks of this file's changes that nobody else holds: its own changes since
    /// the last full sync, and those kept here.
    #[test]
    fn what_only_this_file_holds_is_counted_against_a_backup() {
        let (mut store, id) = store_with_student();
        let edit = |store: &mut Store, text: &str| {
            store
                .write(|w| w.set(Entity::Student, &id, "needs", text.into(), Base::Current))
                .unwrap();
        };
        for text in ["A", "B"] {
            edit(&mut store, text);
        }
        let me = store.replica().to_string();
        let backup = store.versions().unwrap();
        assert_eq!(store.held_only_here(&backup).unwrap(), 0);
        edit(&mut store, "C");
        edit(&mut store, "D");
        assert_eq!(store.held_only_here(&backup).unwrap(), 2);
        // A sync sent them all: another replica holds them.
        store.set_shared_seq(5).unwrap();
        assert_eq!(store.held_only_here(&backup).unwrap(), 0);
        // A change the hub would not take stays only here, under the old id.
        edit(&mut store, "E");
        store.set_aside_own(6).unwrap();
        assert_eq!(store.held_only_here(&backup).unwrap(), 1);
        edit(&mut store, "F");
        assert_eq!(store.held_only_here(&backup).unwrap(), 2);
        // A backup that holds the change kept here lacks only the one made since.
        let mut newer = backup.clone();
        newer.insert(me, 6);
        assert_eq!(store.held_only_here(&newer).unwrap(), 1);
    }

    /// A second process with the file open (the app, while a sync runs in another terminal)
    /// writes under the new id once the sync has given the file one.
    #[test]
    fn a_file_open_elsewhere_writes_under_the_new_id_after_a_change_is_set_aside() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.db");
        let (mut sync, _) = store_with_student_at(&path);
        let mut app = Store::open(&path).unwrap();
        let old = app.replica().to_string();
        sync.set_aside_own(1).unwrap();
        let new = sync.replica().to_string();
        app.write(|w| w.add_student(&student("2"))).unwrap();
        assert_eq!(app.replica(), new);
        let held = app.version_vector().unwrap();
        assert_eq!((held[&old], held[&new]), (1, 1));
        assert_eq!(sync.kept_here_count().unwrap(), 1);
    }
}
