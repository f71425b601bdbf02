//! Reading a database file's first bytes outside SQLite without ever closing a descriptor of a
//! file this process may hold open.
//!
//! The locks SQLite takes on a file (POSIX record locks) belong to the process and the file,
//! not to a descriptor: closing *any* descriptor of the file drops every lock the process holds
//! on it, SQLite's own included. The app reads its reports on a second connection opened
//! beside its own; had that opening read the header through a descriptor it then closed, the
//! app's locks would be gone, and another plp closing the file would take itself for its last
//! user and fold in and remove the write-ahead log the app was still writing to.
//!
//! So a file's header is read through one descriptor kept for as long as the file exists:
//! each file is opened once by this process, and a descriptor is closed only once its file is
//! gone from every folder (no lock on it matters to anyone then).

use std::collections::HashMap;
use std::fs::File;
use std::os::unix::fs::{FileExt, MetadataExt};
use std::path::Path;
use std::sync::{Mutex, OnceLock};

/// The descriptors kept, by device and inode (more than one only where two openings raced).
type Held = HashMap<(u64, u64), Vec<File>>;

fn held() -> &'static Mutex<Held> {
    static HELD: OnceLock<Mutex<Held>> = OnceLock::new();
    HELD.get_or_init(Mutex::default)
}

/// Whether a kept descriptor's file is still in some folder (or cannot be told: a descriptor
/// is let go only when its file is known to be gone).
fn still_linked(f: &File) -> bool {
    f.metadata().map_or(true, |m| m.nlink() > 0)
}

/// Reads the first `buf.len()` bytes of the file at `path` (fewer where it is shorter) into
/// `buf`, returning how many were read.
pub(super) fn read_start(path: &Path, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut files = held().lock().unwrap_or_else(|e| e.into_inner());
    // Files removed since are let go: nothing can reach them by name any more.
    files.retain(|_, kept| kept.first().is_some_and(still_linked));
    let key = |m: &std::fs::Metadata| (m.dev(), m.ino());
    let named = key(&std::fs::metadata(path)?);
    if !files.contains_key(&named) {
        let file = File::open(path)?;
        // The name may have come to name another file between the look and the opening.
        // Kept whatever happens next: closing it would drop the locks.
        let opened = file.metadata().map(|m| key(&m));
        let at = *opened.as_ref().unwrap_or(&named);
        files.entry(at).or_default().push(file);
        let opened = opened?;
        if opened != named {
            return read_from(&files[&opened][0], buf);
        }
    }
    read_from(&files[&named][0], buf)
}

fn read_from(file: &File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match file.read_at(&mut buf[n..], n as u64) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}
