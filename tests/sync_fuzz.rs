//! Fuzzing the doors sync opens: mutations of a recorded real sync stream into `plp serve`'s
//! loop, of a real copy's frames, and of real bundle files. Each run must end in success or in
//! one clean sentence, never a panic, and must leave a database whose version vector the log
//! backs and whose tables its log builds. A few seconds each by default; `PLP_FUZZ_CASES=N`
//! runs N cases of each for longer runs by hand.

mod common;
use common::*;
use plp::store::Store;
use plp::sync::{bundle, snapshot, stdio};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::io::Cursor;

fn cases(default: u32) -> u32 {
    std::env::var("PLP_FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// How a recorded byte stream is changed.
#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Cut(usize),
    Repeat(usize, usize),
    Drop(usize, usize),
    Insert(usize, Vec<u8>),
    Digit(usize, u8),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1..=255u8).prop_map(|(at, x)| Mutation::Flip(at, x)),
        any::<usize>().prop_map(Mutation::Cut),
        (any::<usize>(), 1..400usize).prop_map(|(at, n)| Mutation::Repeat(at, n)),
        (any::<usize>(), 1..400usize).prop_map(|(at, n)| Mutation::Drop(at, n)),
        (
            any::<usize>(),
            proptest::collection::vec(any::<u8>(), 1..40)
        )
            .prop_map(|(at, b)| Mutation::Insert(at, b)),
        (any::<usize>(), b'0'..=b'9').prop_map(|(at, d)| Mutation::Digit(at, d)),
    ]
}

fn mutate(mut b: Vec<u8>, ms: &[Mutation]) -> Vec<u8> {
    for m in ms {
        if b.is_empty() {
            break;
        }
        let len = b.len();
        match m {
            Mutation::Flip(at, x) => b[at % len] ^= x,
            Mutation::Cut(at) => b.truncate(at % len),
            Mutation::Repeat(at, n) => {
                let at = at % len;
                let part = b[at..(at + n).min(len)].to_vec();
                b.splice(at..at, part);
            }
            Mutation::Drop(at, n) => {
                let at = at % len;
                b.drain(at..(at + n).min(len));
            }
            Mutation::Insert(at, bytes) => {
                let at = at % len;
                b.splice(at..at, bytes.iter().copied());
            }
            Mutation::Digit(at, d) => {
                // Change a digit (a sequence number, a length, a stamp) to another.
                let at = at % len;
                if let Some(i) = (at..len).chain(0..at).find(|i| b[*i].is_ascii_digit()) {
                    b[i] = *d;
                }
            }
        }
    }
    b
}

fn sound(store: &mut Store) {
    assert!(store.unbacked_versions().unwrap().is_empty());
    assert!(!store.rebuild().unwrap(), "tables disagree with the log");
}

fn one_sentence(e: &str) {
    assert!(!e.contains('\n') && e.len() < 1000, "{e}");
    assert!(!e.contains("panicked") && !e.contains("os error"), "{e}");
}

/// A real client's side of a sync, as the server reads it.
fn recorded_stream() -> Vec<u8> {
    let mut laptop = fixture_store();
    laptop.set_author("laptop");
    let server = fixture_store();
    let mut to_server = Vec::new();
    let mut from_server = Vec::new();
    {
        // Run the real client against a real server once, recording what the client said.
        let mut srv = fixture_store();
        let (mut c2s_r, mut c2s_w) = std::io::pipe().unwrap();
        let (s2c_r, mut s2c_w) = std::io::pipe().unwrap();
        let t = std::thread::spawn(move || {
            let mut buf = Vec::new();
            let mut tee = Tee(&mut c2s_r, &mut buf);
            let mut r = std::io::BufReader::new(&mut tee);
            let _ = stdio::serve(&mut srv, &mut r, &mut s2c_w);
            drop(r);
            buf
        });
        let mut r = std::io::BufReader::new(s2c_r);
        stdio::sync_client(&mut laptop, &mut r, &mut c2s_w).unwrap();
        drop(c2s_w);
        to_server.extend(t.join().unwrap());
        let _ = std::io::Read::read_to_end(&mut r, &mut from_server);
    }
    drop(server);
    assert!(to_server.len() > 1000, "a real stream was recorded");
    to_server
}

struct Tee<'a, R>(&'a mut R, &'a mut Vec<u8>);

impl<R: std::io::Read> std::io::Read for Tee<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.0.read(buf)?;
        self.1.extend_from_slice(&buf[..n]);
        Ok(n)
    }
}

#[test]
fn fuzz_the_sync_stream_into_serve() {
    let stream = recorded_stream();
    let mut runner = TestRunner::new(Config {
        cases: cases(48),
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&proptest::collection::vec(mutation(), 1..4), |ms| {
            let input = mutate(stream.clone(), &ms);
            let mut store = fixture_store();
            let mut out = Vec::new();
            if let Err(e) = stdio::serve(&mut store, &mut Cursor::new(input), &mut out) {
                one_sentence(&e.to_string());
            }
            sound(&mut store);
            Ok(())
        })
        .unwrap();
}

#[test]
fn fuzz_the_copy_frames() {
    let (dir, school) = demo_db();
    let source = Store::open(&school).unwrap();
    let mut wire = Vec::new();
    snapshot::send(&source, &mut wire).unwrap();
    let expected = source.dump_tables().unwrap();
    drop(source);
    let mut runner = TestRunner::new(Config {
        cases: cases(24),
        failure_persistence: None,
        ..Config::default()
    });
    let n = std::cell::Cell::new(0);
    runner
        .run(&proptest::collection::vec(mutation(), 1..3), |ms| {
            n.set(n.get() + 1);
            let n = n.get();
            let sub = dir.path().join(format!("case-{n}"));
            std::fs::create_dir(&sub).unwrap();
            let path = sub.join("laptop.db");
            let mut laptop = Store::open(&path).unwrap();
            match snapshot::receive(&mut laptop, &mut Cursor::new(mutate(wire.clone(), &ms))) {
                // A copy taken in is exactly the one sent: a changed byte is never taken in.
                Ok(_) => assert_eq!(laptop.dump_tables().unwrap(), expected),
                Err(e) => {
                    one_sentence(&e.to_string());
                    assert_eq!(laptop.op_count().unwrap(), 0);
                }
            }
            sound(&mut laptop);
            drop(laptop);
            let left: Vec<_> = std::fs::read_dir(&sub)
                .unwrap()
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().contains("incoming-"))
                .collect();
            assert!(left.is_empty(), "scratch left");
            std::fs::remove_dir_all(&sub).unwrap();
            Ok(())
        })
        .unwrap();
}

#[test]
fn fuzz_bundle_files() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("stick");
    let mut writer = fixture_store();
    bundle::sync_bundle(&mut writer, &folder).unwrap();
    let file = std::fs::read_dir(&folder)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .next()
        .unwrap();
    let bytes = std::fs::read(&file).unwrap();
    let mut runner = TestRunner::new(Config {
        cases: cases(48),
        failure_persistence: None,
        ..Config::default()
    });
    let n = std::cell::Cell::new(0);
    runner
        .run(&proptest::collection::vec(mutation(), 1..4), |ms| {
            n.set(n.get() + 1);
            let n = n.get();
            let case = dir.path().join(format!("case-{n}"));
            std::fs::create_dir(&case).unwrap();
            std::fs::write(
                case.join(file.file_name().unwrap()),
                mutate(bytes.clone(), &ms),
            )
            .unwrap();
            let mut reader = fixture_store();
            match bundle::sync_bundle(&mut reader, &case) {
                Ok(s) => s.refused.iter().for_each(|e| one_sentence(e)),
                Err(e) => one_sentence(&e.to_string()),
            }
            sound(&mut reader);
            std::fs::remove_dir_all(&case).unwrap();
            Ok(())
        })
        .unwrap();
}
