//! Changes made here that the hub would not take from this file's login (a student who left
//! the login's scope, a login that only reads): they stay in this file, are never offered to
//! the hub again, and are counted at each later sync so that nobody believes they went.

use std::collections::BTreeMap;

use super::{Result, Store};

/// The meta key under which they are listed, by replica.
const KEY: &str = "kept-here";

impl Store {
    /// The changes of this file the hub did not take, by replica: their sequence numbers, in
    /// order.
    pub fn kept_here(&self) -> Result<BTreeMap<String, Vec<i64>>> {
        Ok(self
            .meta(KEY)?
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default())
    }

    /// Adds `refused` (replica and sequence number of each) to the changes kept here.
    pub fn keep_here(&self, refused: &[(String, i64)]) -> Result<()> {
        if refused.is_empty() {
            return Ok(());
        }
        let mut kept = self.kept_here()?;
        for (replica, seq) in refused {
            kept.entry(replica.clone()).or_default().push(*seq);
        }
        for seqs in kept.values_mut() {
            seqs.sort_unstable();
            seqs.dedup();
        }
        let text = serde_json::to_string(&kept).unwrap_or_default();
        self.set_meta(KEY, &text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_kept_here_are_listed_once_each_in_order_and_survive_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.db");
        let store = Store::open(&path).unwrap();
        assert!(store.kept_here().unwrap().is_empty());
        store
            .keep_here(&[("b".into(), 7), ("a".into(), 3), ("b".into(), 2)])
            .unwrap();
        store
            .keep_here(&[("b".into(), 7), ("b".into(), 9)])
            .unwrap();
        drop(store);
        let kept = Store::open(&path).unwrap().kept_here().unwrap();
        assert_eq!(kept["a"], [3]);
        assert_eq!(kept["b"], [2, 7, 9]);
    }
}
