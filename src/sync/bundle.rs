//! Sync through a folder of change bundles (a USB stick, a synced folder). Each replica writes
//! only its own changes there, in immutable files made whole before they appear (written aside,
//! flushed, then renamed), and reads the others'. The live database file is never copied.

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

/// Writes this replica's new changes to the folder and takes in everyone else's.
pub fn sync_bundle(here: &mut Store, dir: &Path) -> Result<Summary> {
    use std::os::unix::fs::DirBuilderExt;
    if !dir.exists() {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(|e| fail(dir, e))?;
    }
    let before = here.conflicts()?.len();
    let me = here.replica().to_string();
    let files = bundles(dir)?;

    // Out: my changes after the last one already in the folder.
    let exported = files
        .iter()
        .filter(|(r, ..)| *r == me)
        .map(|(_, _, to, _)| *to)
        .max()
        .unwrap_or(0);
    let mine: Vec<Op> = here
        .ops()?
        .into_iter()
        .filter(|o| o.replica == me && o.seq > exported)
        .collect();
    if let (Some(first), Some(last)) = (mine.first(), mine.last()) {
        let name = format!("{me}.{}-{}{SUFFIX}", first.seq, last.seq);
        let tmp = dir.join(format!(".{name}.part"));
        let mut body = Vec::new();
        for o in &mine {
            serde_json::to_writer(&mut body, o)?;
            body.push(b'\n');
        }
        let mut f = std::fs::File::create(&tmp).map_err(|e| fail(&tmp, e))?;
        f.write_all(&body).and_then(|_| f.sync_all()).map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            fail(&tmp, e)
        })?;
        std::fs::rename(&tmp, dir.join(&name)).map_err(|e| fail(&tmp, e))?;
    }

    // In: everyone else's, each replica's files in order, stopping at a gap (a file not here
    // yet) until it arrives.
    let mut held = here.version_vector()?;
    let mut by_replica: BTreeMap<String, Vec<(i64, i64, PathBuf)>> = BTreeMap::new();
    for (r, from, to, path) in files {
        if r != me {
            by_replica.entry(r).or_default().push((from, to, path));
        }
    }
    let mut incoming = Vec::new();
    for (r, mut list) in by_replica {
        list.sort();
        let have = held.entry(r.clone()).or_insert(0);
        for (from, to, path) in list {
            if to <= *have {
                continue;
            }
            if from > *have + 1 {
                break;
            }
            let text = std::fs::read_to_string(&path).map_err(|e| fail(&path, e))?;
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                let op: Op = serde_json::from_str(line).map_err(|_| {
                    StoreError::Invalid(crate::domain::ValidationError::new(format!(
                        "{} is not a plp change bundle",
                        path.display()
                    )))
                })?;
                if op.replica == r && op.seq > *have {
                    incoming.push(op);
                }
            }
            *have = to;
        }
    }
    let applied = here.apply_ops(incoming)?;
    Ok(Summary {
        sent: mine.len(),
        received: applied.new,
        conflicts_before: before,
        conflicts_after: here.conflicts()?.len(),
        refused: applied.refused,
    })
}
