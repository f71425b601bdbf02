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
        let log: String = stores[0].ops().unwrap().iter().map(|o| o.value.to_string()).collect();
        for t in typed.iter().chain(&said) {
            prop_assert!(log.contains(t.as_str()), "lost {}", t);
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
