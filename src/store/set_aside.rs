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

use super::{Result, Store};

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
