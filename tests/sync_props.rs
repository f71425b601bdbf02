//! Property: replicas that edit anything, sync in any order (some syncs cut short) with clocks
//! hours apart, end identical once everyone has synced with everyone, with every word kept, and a
//! further round changes nothing.

use plp::domain::{CheckIn, Goal, Student};
use plp::store::{Base, Entity, Store};
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Step {
    NewStudent(usize, u8),
    SetText(usize, u8, u8, String),
    Checkin(usize, u8, String),
    Goal(usize, u8, String),
    Retire(usize, u8),
    Sync(usize, usize, Option<usize>),
}

const FIELDS: &[&str] = &["strengths", "needs", "interests", "given_name"];

fn step(n: usize) -> impl Strategy<Value = Step> {
    let text = "[a-z]{1,8}( [a-z]{1,8}){0,2}";
    prop_oneof![
        (0..n, 0..6u8).prop_map(|(r, s)| Step::NewStudent(r, s)),
        (0..n, 0..6u8, 0..FIELDS.len() as u8, text)
            .prop_map(|(r, s, f, t)| Step::SetText(r, s, f, t)),
        (0..n, 0..6u8, text).prop_map(|(r, s, t)| Step::Checkin(r, s, t)),
        (0..n, 0..6u8, text).prop_map(|(r, s, t)| Step::Goal(r, s, t)),
        (0..n, 0..6u8).prop_map(|(r, s)| Step::Retire(r, s)),
        (0..n, 0..n, proptest::option::of(0..40usize))
            .prop_map(|(a, b, cut)| Step::Sync(a, b, cut)),
    ]
}

/// A one-way sync from `from` into `to`; `cut` keeps only a prefix, as if interrupted.
fn push(from: &Store, to: &mut Store, cut: Option<usize>) {
    let mut ops = from
        .ops_missing_from(&to.version_vector().unwrap())
        .unwrap();
    if let Some(n) = cut {
        ops.truncate(n);
    }
    to.apply_ops(ops).unwrap();
}

fn sync(stores: &mut [Store], a: usize, b: usize, cut: Option<usize>) {
    if a == b {
        return;
    }
    let (x, y) = if a < b {
        let (l, r) = stores.split_at_mut(b);
        (&mut l[a], &mut r[0])
    } else {
        let (l, r) = stores.split_at_mut(a);
        (&mut r[0], &mut l[b])
    };
    push(x, y, cut);
    push(y, x, None);
}

/// Whether some change in the log carries exactly `t` as a value (or as a field of a new record).
fn holds_exactly(log: &[plp::store::Op], t: &str) -> bool {
    let t = serde_json::Value::String(t.to_string());
    log.iter().any(|o| {
        o.value == t
            || o.value
                .as_object()
                .is_some_and(|m| m.values().any(|v| *v == t))
    })
}

fn sis(s: u8) -> String {
    format!("S{s}")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn replicas_converge_and_keep_every_word(
        n in 3usize..=5,
        // Clocks up to an hour off either way: any two replicas stay within the two hours
        // ahead that a received stamp may be (further is refused, see `sync::validate`).
        skews in proptest::collection::vec(-3600i64 * 1000..3600 * 1000, 5),
        steps in proptest::collection::vec(step(5), 1..40),
    ) {
        let mut stores: Vec<Store> = (0..n).map(|i| {
            let mut s = Store::in_memory().unwrap();
            s.set_author(&format!("advisor{i}"));
            s.set_clock_skew_ms(skews[i]);
            s
        }).collect();
        let mut typed: Vec<String> = Vec::new();
        let mut said: Vec<String> = Vec::new();
        for st in steps {
            match st {
                Step::NewStudent(r, s) => {
                    let r = r % n;
                    let student = Student { sis_id: sis(s), given_name: format!("G{s}"), family_name: "F".into(), ..Default::default() };
                    stores[r].write(|w| w.upsert_student(&student, &[]).map(|_| ())).unwrap();
                }
                Step::SetText(r, s, f, t) => {
                    let r = r % n;
                    if let Ok(id) = stores[r].find_student(&sis(s)) {
                        let field = FIELDS[f as usize];
                        stores[r].write(|w| w.set_text(Entity::Student, &id, field, &t, Base::Current)).unwrap();
                        typed.push(t);
                    }
                }
                Step::Checkin(r, s, t) => {
                    let r = r % n;
                    if let Ok(id) = stores[r].find_student(&sis(s)) {
                        let c = CheckIn { student_id: id, date: chrono::NaiveDate::from_ymd_opt(2026, 11, 24), student_words: t.clone(), ..Default::default() };
                        stores[r].write(|w| w.add_checkin(&c).map(|_| ())).unwrap();
                        said.push(t);
                    }
                }
                Step::Goal(r, s, t) => {
                    let r = r % n;
                    if let Ok(id) = stores[r].find_student(&sis(s)) {
                        stores[r].write(|w| {
                            let plan = w.ensure_plan(&id, "2026-27")?;
                            w.add_goal(&Goal { plan_id: plan, student_id: id.clone(), title: t.clone(), ..Default::default() }).map(|_| ())
                        }).unwrap();
                        typed.push(t);
                    }
                }
                Step::Retire(r, s) => {
                    let r = r % n;
                    if let Ok(id) = stores[r].find_student(&sis(s)) {
                        stores[r].write(|w| w.retire(Entity::Student, &id).map(|_| ())).unwrap();
                    }
                }
                Step::Sync(a, b, cut) => sync(&mut stores, a % n, b % n, cut),
            }
        }
        // Everyone syncs with everyone, twice over, so that everything has reached everyone.
        for _ in 0..2 {
            for a in 0..n {
                for b in 0..n {
                    sync(&mut stores, a, b, None);
                }
            }
        }
        let first = stores[0].dump_tables().unwrap();
        let ops = stores[0].ops().unwrap().len();
        for s in &stores {
            prop_assert_eq!(&s.dump_tables().unwrap(), &first);
            prop_assert_eq!(s.ops().unwrap().len(), ops);
        }
        // Every word typed is somewhere: the tables, the history (the change log), a conflict.
        let log = stores[0].ops().unwrap();
        for t in typed.iter().chain(&said) {
            prop_assert!(holds_exactly(&log, t), "lost {}", t);
        }
        // Check-ins never conflict and are all there.
        let words: Vec<String> = stores[0]
            .conn()
            .prepare("SELECT student_words FROM checkins").unwrap()
            .query_map([], |r| r.get(0)).unwrap()
            .collect::<Result<_, _>>().unwrap();
        for t in &said {
            prop_assert!(words.contains(t));
        }
        // A further round changes nothing.
        for a in 0..n {
            for b in 0..n {
                sync(&mut stores, a, b, None);
            }
        }
        for s in &stores {
            prop_assert_eq!(&s.dump_tables().unwrap(), &first);
        }
    }
}

#[derive(Debug, Clone)]
enum Life {
    Type(usize, u8, String),
    Sync(usize, usize),
    Backup(usize),
    Restore(usize),
    Collide(usize, usize),
}

fn life(n: usize) -> impl Strategy<Value = Life> {
    let text = "[a-z]{3,8}( [a-z]{1,8}){0,2}";
    prop_oneof![
        4 => (0..n, 0..3u8, text).prop_map(|(r, s, t)| Life::Type(r, s, t)),
        3 => (0..n, 0..n).prop_map(|(a, b)| Life::Sync(a, b)),
        1 => (0..n).prop_map(Life::Backup),
        2 => (0..n).prop_map(Life::Restore),
        1 => (0..n, any::<usize>()).prop_map(|(r, k)| Life::Collide(r, k)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Replicas whose files are now and then copied back from a backup, and that are sent
    /// changes reusing the ids of others, still end identical, with every word that some file
    /// still held: exact values, not substrings.
    #[test]
    fn restored_replicas_and_colliding_ids_still_converge(
        steps in proptest::collection::vec(life(3), 1..30),
    ) {
        let n = 3;
        let dir = tempfile::tempdir().unwrap();
        let path = |i: usize| dir.path().join(format!("r{i}.db"));
        let open = |i: usize| {
            let mut s = Store::open(&path(i)).unwrap();
            s.set_author(&format!("advisor{i}"));
            s
        };
        let mut stores: Vec<Option<Store>> = (0..n).map(|i| Some(open(i))).collect();
        // Everyone starts from one roster, made on the first and synced.
        for s in 0..3u8 {
            let student = Student { sis_id: sis(s), given_name: format!("G{s}"), family_name: "F".into(), ..Default::default() };
            stores[0].as_mut().unwrap().write(|w| w.upsert_student(&student, &[]).map(|_| ())).unwrap();
        }
        for i in 1..n {
            let (l, r) = stores.split_at_mut(i);
            plp::sync::local::sync_stores(r[0].as_mut().unwrap(), l[0].as_mut().unwrap()).unwrap();
        }
        // Each has a backup from the start, so every copy-back has something to copy.
        let backups_at_start: Vec<Option<std::path::PathBuf>> = (0..n).map(|i| {
            let to = dir.path().join(format!("backup-{i}-0.db"));
            stores[i].as_ref().unwrap().backup_to(&to).unwrap();
            Some(to)
        }).collect();
        let mut backups = backups_at_start;
        // The words each file holds, and each backup holds: a word is lost only when no file
        // holds it any more (every copy of it overwritten by an older backup).
        use std::collections::BTreeSet;
        let mut held: Vec<BTreeSet<String>> = vec![BTreeSet::new(); n];
        let mut backed: Vec<BTreeSet<String>> = vec![BTreeSet::new(); n];
        let mut k = 0;
        for st in steps {
            k += 1;
            match st {
                Life::Type(r, s, t) => {
                    let store = stores[r].as_mut().unwrap();
                    let id = store.find_student(&sis(s)).unwrap();
                    let c = CheckIn { student_id: id, date: chrono::NaiveDate::from_ymd_opt(2026, 11, 24), student_words: t.clone(), ..Default::default() };
                    store.write(|w| w.add_checkin(&c).map(|_| ())).unwrap();
                    held[r].insert(t);
                }
                Life::Sync(a, b) if a != b => {
                    let (x, y) = if a < b {
                        let (l, r) = stores.split_at_mut(b);
                        (l[a].as_mut().unwrap(), r[0].as_mut().unwrap())
                    } else {
                        let (l, r) = stores.split_at_mut(a);
                        (r[0].as_mut().unwrap(), l[b].as_mut().unwrap())
                    };
                    let summary = plp::sync::local::sync_stores(x, y).unwrap();
                    prop_assert!(summary.refused.is_empty(), "{:?}", summary.refused);
                    let both: BTreeSet<String> = held[a].union(&held[b]).cloned().collect();
                    held[a] = both.clone();
                    held[b] = both;
                }
                Life::Sync(..) => {}
                Life::Backup(r) => {
                    let to = dir.path().join(format!("backup-{r}-{k}.db"));
                    stores[r].as_ref().unwrap().backup_to(&to).unwrap();
                    backups[r] = Some(to);
                    backed[r] = held[r].clone();
                }
                Life::Restore(r) => {
                    if let Some(b) = backups[r].clone() {
                        // Copied back over the file, as anyone would.
                        stores[r] = None;
                        std::fs::copy(&b, path(r)).unwrap();
                        stores[r] = Some(open(r));
                        held[r] = backed[r].clone();
                        // Then, as advised, it syncs with the others before anything is typed
                        // on it (changes typed on a copied-back file that reach a third replica
                        // before the file meets one holding its lost history are not covered).
                        for o in (0..n).filter(|o| *o != r) {
                            let (x, y) = if r < o {
                                let (l, rr) = stores.split_at_mut(o);
                                (l[r].as_mut().unwrap(), rr[0].as_mut().unwrap())
                            } else {
                                let (l, rr) = stores.split_at_mut(r);
                                (rr[0].as_mut().unwrap(), l[o].as_mut().unwrap())
                            };
                            let summary = plp::sync::local::sync_stores(x, y).unwrap();
                            prop_assert!(summary.refused.is_empty(), "{:?}", summary.refused);
                            let both: BTreeSet<String> = held[r].union(&held[o]).cloned().collect();
                            held[r] = both.clone();
                            held[o] = both;
                        }
                    }
                }
                Life::Collide(r, which) => {
                    let store = stores[r].as_mut().unwrap();
                    let log = store.ops().unwrap();
                    let mut op = log[which % log.len()].clone();
                    // Another change (other content) under an id already held.
                    op.replica = format!("stranger{k}");
                    op.seq = 1;
                    op.author = format!("stranger{k}");
                    let applied = store.apply_ops(vec![op]).unwrap();
                    prop_assert_eq!(applied.new, 0);
                    prop_assert_eq!(applied.refused.len(), 1);
                }
            }
        }
        for _ in 0..2 {
            for a in 0..n {
                for b in 0..n {
                    if a != b {
                        let (x, y) = if a < b {
                            let (l, r) = stores.split_at_mut(b);
                            (l[a].as_mut().unwrap(), r[0].as_mut().unwrap())
                        } else {
                            let (l, r) = stores.split_at_mut(a);
                            (r[0].as_mut().unwrap(), l[b].as_mut().unwrap())
                        };
                        let summary = plp::sync::local::sync_stores(x, y).unwrap();
                        prop_assert!(summary.refused.is_empty(), "{:?}", summary.refused);
                    }
                }
            }
        }
        let safe: BTreeSet<String> = held.into_iter().flatten().collect();
        let first = stores[0].as_ref().unwrap().dump_tables().unwrap();
        let replicas: std::collections::HashSet<String> =
            stores.iter().map(|s| s.as_ref().unwrap().replica().to_string()).collect();
        prop_assert_eq!(replicas.len(), n, "two files share an identity");
        for s in &stores {
            let s = s.as_ref().unwrap();
            prop_assert_eq!(&s.dump_tables().unwrap(), &first);
            prop_assert!(s.unbacked_versions().unwrap().is_empty());
        }
        let log = stores[0].as_ref().unwrap().ops().unwrap();
        for t in &safe {
            prop_assert!(holds_exactly(&log, t), "lost {}", t);
        }
    }
}

#[derive(Debug, Clone)]
enum Choosing {
    Type(usize, u8, String),
    Sync(usize, usize),
    /// On a replica, a conflict is shown (the k-th listed) and one version kept (or both);
    /// before the choice is written, another replica's changes may arrive.
    Choose(usize, usize, u8, Option<usize>),
}

const CHOSEN_FIELDS: &[&str] = &["strengths", "needs"];

fn choosing(n: usize) -> impl Strategy<Value = Choosing> {
    let text = "[a-z]{3,8}( [a-z]{1,8}){0,2}";
    prop_oneof![
        4 => (0..n, 0..CHOSEN_FIELDS.len() as u8, text).prop_map(|(r, f, t)| Choosing::Type(r, f, t)),
        3 => (0..n, 0..n).prop_map(|(a, b)| Choosing::Sync(a, b)),
        3 => (0..n, any::<usize>(), 0..3u8, proptest::option::of(0..n))
            .prop_map(|(r, k, keep, race)| Choosing::Choose(r, k, keep, race)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// Choices between versions race with syncs that bring more of them: the replicas still
    /// end identical, and a choice never settles a version that was not there when the person
    /// looked (one that arrived in between is still to choose about).
    #[test]
    fn a_choice_racing_a_new_version_settles_only_what_was_shown(
        steps in proptest::collection::vec(choosing(3), 1..40),
    ) {
        let n = 3;
        let mut stores: Vec<Store> = (0..n).map(|i| {
            let mut s = Store::in_memory().unwrap();
            s.set_author(&format!("advisor{i}"));
            s
        }).collect();
        let student = Student { sis_id: sis(0), given_name: "G".into(), family_name: "F".into(), ..Default::default() };
        stores[0].write(|w| w.upsert_student(&student, &[]).map(|_| ())).unwrap();
        for b in 1..n {
            sync(&mut stores, 0, b, None);
        }
        let id = stores[0].find_student(&sis(0)).unwrap();
        // Each choice's change, and the changes its replica held when the conflict was shown.
        let mut choices: Vec<(String, std::collections::HashSet<String>)> = Vec::new();
        for st in steps {
            match st {
                Choosing::Type(r, f, t) => {
                    let field = CHOSEN_FIELDS[f as usize];
                    stores[r].write(|w| w.set_text(Entity::Student, &id, field, &t, Base::Current)).unwrap();
                }
                Choosing::Sync(a, b) => sync(&mut stores, a, b, None),
                Choosing::Choose(r, k, keep, race) => {
                    let list = stores[r].conflicts().unwrap();
                    if list.is_empty() {
                        continue;
                    }
                    let c = list[k % list.len()].clone();
                    let held = stores[r].ops().unwrap().into_iter().map(|o| o.id).collect();
                    if let Some(x) = race.filter(|x| *x != r) {
                        let (from, to) = if x < r {
                            let (l, rest) = stores.split_at_mut(r);
                            (&l[x], &mut rest[0])
                        } else {
                            let (l, rest) = stores.split_at_mut(x);
                            (&rest[0], &mut l[r])
                        };
                        push(from, to, None);
                    }
                    let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
                    let value = match keep {
                        0 => text(&c.shown.value),
                        1 => text(&c.other.value),
                        _ => format!("{}\n\n{}", text(&c.shown.value), text(&c.other.value)),
                    };
                    let op = stores[r].write(|w| {
                        w.set(Entity::Student, &c.entity_id, &c.field, value.into(), Base::Chosen(c.chosen_base()))
                    }).unwrap();
                    choices.push((op, held));
                }
            }
        }
        for _ in 0..2 {
            for a in 0..n {
                for b in 0..n {
                    sync(&mut stores, a, b, None);
                }
            }
        }
        let first = stores[0].dump_tables().unwrap();
        for s in &stores {
            prop_assert_eq!(&s.dump_tables().unwrap(), &first);
        }
        let log = stores[0].ops().unwrap();
        for (op, held) in &choices {
            let op = log.iter().find(|o| o.id == *op).unwrap();
            for base in &op.base {
                prop_assert!(held.contains(base), "a choice settled {} unseen", base);
            }
        }
    }
}
