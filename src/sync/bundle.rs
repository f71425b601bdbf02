//! Sync through a folder of change bundles (a USB stick, a synced folder). Each file writes there
//! the changes it holds that the folder lacks (its own, and those it took in from others by any
//! way of syncing), a file per replica, in immutable files made whole before they appear
//! (written aside, flushed, then renamed), and reads the others'. The live database file is
//! never copied.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::Summary;
use crate::store::{io_reason, Op, Result, Store, StoreError};

const SUFFIX: &str = ".plpchanges";

fn fail(path: &Path, e: std::io::Error) -> StoreError {
    StoreError::Open {
        path: path.to_path_buf(),
        reason: io_reason(&e),
    }
}

/// The folder takes no new file: it is named, not the scratch file plp would have written.
fn unwritable(dir: &Path, e: std::io::Error) -> StoreError {
    StoreError::Invalid(crate::domain::ValidationError::new(format!(
        "cannot write a change file into {}: {}",
        dir.display(),
        io_reason(&e)
    )))
}

/// (replica, first seq, last seq) from a bundle's file name.
fn parse_name(name: &str) -> Option<(String, i64, i64)> {
    let stem = name.strip_suffix(SUFFIX)?;
    let (replica, range) = stem.rsplit_once('.')?;
    let (from, to) = range.split_once('-')?;
    Some((replica.to_string(), from.parse().ok()?, to.parse().ok()?))
}

fn bundles(dir: &Path) -> Result<Vec<(String, i64, i64, PathBuf)>> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).map_err(|e| fail(dir, e))? {
        let e = e.map_err(|e| fail(dir, e))?;
        let name = e.file_name().to_string_lossy().to_string();
        if let Some((r, from, to)) = parse_name(&name) {
            out.push((r, from, to, e.path()));
        }
    }
    out.sort();
    Ok(out)
}

/// A bundle's changes, or `None` if the file is damaged (cut short, not changes, or not the
/// changes its name promises).
fn read_bundle(path: &Path, replica: &str, from: i64, to: i64) -> Result<Option<Vec<Op>>> {
    let text = match std::fs::read(path) {
        Ok(t) => t,
        Err(e) => return Err(fail(path, e)),
    };
    if !text.is_empty() && !text.ends_with(b"\n") {
        return Ok(None);
    }
    let mut ops = Vec::new();
    for line in text.split(|b| *b == b'\n').filter(|l| !l.is_empty()) {
        match serde_json::from_slice::<Op>(line) {
            Ok(op) => ops.push(op),
            Err(_) => return Ok(None),
        }
    }
    let promised = ops.len() as i64 == to - from + 1
        && ops
            .iter()
            .zip(from..)
            .all(|(o, seq)| o.replica == replica && o.seq == seq);
    Ok(promised.then_some(ops))
}

fn damaged(path: &Path, replica: &str) -> String {
    format!(
        "{} is damaged (cut short or changed) and was not taken in; the other files were: run \
         plp sync --bundle on the replica that wrote it ({replica}) to write it again, or \
         delete it and sync that replica another way",
        path.display()
    )
}

/// How far the folder holds `replica`'s changes without a break: the last sequence number of
/// the unbroken run of its intact files from the first. A damaged file ends the run; it is
/// removed when this file holds changes to write in its place (`held` reaches its first). This
/// replica's own files are read whole; another's are only counted (whole lines, as many as its
/// name promises), as the files that take them in read them whole and name any other damage.
fn folder_run(
    files: &[(String, i64, i64, PathBuf)],
    replica: &str,
    own: bool,
    held: i64,
) -> Result<i64> {
    let mut run = 0;
    for (_, from, to, path) in files.iter().filter(|f| f.0 == replica) {
        if *to <= run {
            continue;
        }
        if *from > run + 1 {
            break;
        }
        let intact = if own {
            read_bundle(path, replica, *from, *to)?.is_some()
        } else {
            whole_lines(path, *from, *to)?
        };
        if !intact {
            if held >= *from {
                std::fs::remove_file(path).map_err(|e| fail(path, e))?;
            }
            break;
        }
        run = *to;
    }
    Ok(run)
}

/// Whether a file holds as many whole lines as its name promises changes.
fn whole_lines(path: &Path, from: i64, to: i64) -> Result<bool> {
    let text = std::fs::read(path).map_err(|e| fail(path, e))?;
    let lines = text.iter().filter(|b| **b == b'\n').count() as i64;
    Ok(text.ends_with(b"\n") && lines == to - from + 1)
}

/// Writes `replica`'s changes after `after` up to `upto` to the folder as one file, a batch at
/// a time (a whole log is never held in memory), made whole aside and then renamed. Returns
/// how many it wrote.
fn write_file(here: &Store, dir: &Path, replica: &str, after: i64, upto: i64) -> Result<usize> {
    use std::os::unix::fs::OpenOptionsExt;
    // Named by the writer too: two files relaying one replica never write one scratch file.
    let tmp = dir.join(format!(
        ".{}.{replica}.{}-{SUFFIX}.part",
        here.replica(),
        after + 1
    ));
    let mut first = None;
    let mut last = after;
    let mut file = None;
    let mut sent = 0;
    loop {
        let batch = here.ops_of_replica_between(replica, last, upto, super::BATCH)?;
        let Some(op) = batch.last() else { break };
        last = op.seq;
        first.get_or_insert(batch[0].seq);
        let mut body = Vec::new();
        for o in &batch {
            serde_json::to_writer(&mut body, o)?;
            body.push(b'\n');
        }
        if file.is_none() {
            // Restricted notes travel in these files: readable by their owner only.
            let _ = std::fs::remove_file(&tmp);
            file = Some(
                std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .mode(0o600)
                    .open(&tmp)
                    .map_err(|e| unwritable(dir, e))?,
            );
        }
        if let Some(f) = file.as_mut() {
            f.write_all(&body).map_err(|e| {
                let _ = std::fs::remove_file(&tmp);
                fail(&tmp, e)
            })?;
        }
        sent += batch.len();
    }
    if let (Some(f), Some(first)) = (file, first) {
        let name = format!("{replica}.{first}-{last}{SUFFIX}");
        f.sync_all().map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            fail(&tmp, e)
        })?;
        std::fs::rename(&tmp, dir.join(&name)).map_err(|e| fail(&tmp, e))?;
    }
    Ok(sent)
}

/// Writes every change the folder lacks to it and takes in everyone else's. A damaged
/// file is named and passed over (with the later files of the same replica); every intact
/// file is taken in.
pub fn sync_bundle(here: &mut Store, dir: &Path) -> Result<Summary> {
    here.refuse_if_partial("this database")?;
    use std::os::unix::fs::DirBuilderExt;
    if !dir.exists() {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(|e| fail(dir, e))?;
    }
    let before = here.conflicts()?.len();
    let mut summary = Summary {
        conflicts_before: before,
        ..Summary::default()
    };
    let files = bundles(dir)?;

    // This replica's own files beyond what it knows to be shared: if they hold changes it lacks,
    // it lost part of its history (a restored backup) and takes it back.
    let me = here.replica().to_string();
    let shared = here.shared_seq()?;
    let mut own_back = Vec::new();
    for (r, from, to, path) in &files {
        if *r == me && *to > shared {
            if let Some(ops) = read_bundle(path, r, *from, *to)? {
                own_back.extend(ops.into_iter().filter(|o| o.seq > shared));
            }
        }
    }
    own_back.sort_by_key(|o| o.seq);
    own_back.dedup_by_key(|o| o.seq);
    if let Some(r) = here.reclaim_history(&own_back)? {
        summary
            .notes
            .push(r.sentence("this database", "the bundle folder"));
    }

    // Out: every change this file holds that the folder lacks, whichever replica made it, so
    // that a change reaches every file that meets the folder, whatever way it came here.
    let me = here.replica().to_string();
    for (replica, held) in here.version_vector()? {
        let run = folder_run(&files, &replica, replica == me, held)?;
        if held > run {
            summary.sent += write_file(here, dir, &replica, run, held)?;
        }
    }

    // In: everyone else's, each replica's files in order, stopping at a gap (a file not here
    // yet, or a damaged one) until it arrives.
    let held = here.version_vector()?;
    let mut by_replica: BTreeMap<String, Vec<(i64, i64, PathBuf)>> = BTreeMap::new();
    for (r, from, to, path) in files {
        if r != me {
            by_replica.entry(r).or_default().push((from, to, path));
        }
    }
    let mut incoming = Vec::new();
    for (r, mut list) in by_replica {
        list.sort();
        let mut have = held.get(&r).copied().unwrap_or(0);
        for (from, to, path) in list {
            if to <= have {
                continue;
            }
            if from > have + 1 {
                break;
            }
            let Some(ops) = read_bundle(&path, &r, from, to)? else {
                summary.refused.push(damaged(&path, &r));
                break;
            };
            incoming.extend(ops.into_iter().filter(|o| o.seq > have));
            have = to;
        }
    }
    let applied = here.apply_ops(incoming)?;
    here.set_shared_seq(here.own_seq()?)?;
    summary.received = applied.new;
    summary.refused.extend(applied.refused);
    summary.conflicts_after = here.conflicts()?.len();
    Ok(summary)
}
