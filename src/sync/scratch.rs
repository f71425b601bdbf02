//! Scratch files beside a database: a copy on its way in (`.NAME.incoming-ID`) or out
//! (`.NAME.outgoing-ID`). The process using one holds a lock on it (`flock`) for as long as it
//! lives; a scratch file whose lock can be taken was left by a process that died (a killed sync),
//! and the next sync beside that database removes it.

use std::fs::File;
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};

/// A scratch file, locked while this value lives and removed when it is dropped.
pub struct Scratch {
    path: PathBuf,
    // Closed last, after the files are removed (and after any SQLite connection on the file
    // has been closed by its owner, so that closing it cannot drop SQLite's own locks).
    _lock: File,
}

impl Scratch {
    /// A new, empty scratch file beside `db`, readable by the owner only. Leftovers of killed
    /// syncs beside `db` are removed first.
    pub fn beside(db: &Path, kind: &str) -> std::io::Result<Scratch> {
        use std::os::unix::fs::OpenOptionsExt;
        let (dir, name) = place(db);
        sweep(&dir, &name);
        let path = dir.join(format!(".{name}.{kind}-{}", uuid::Uuid::now_v7().simple()));
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path)?;
        // SAFETY: flock on a file descriptor this value owns.
        unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
        Ok(Scratch { path, _lock: file })
    }

    /// Where it is.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        remove(&self.path);
    }
}

/// The folder and file name a database's scratch files are named after.
fn place(db: &Path) -> (PathBuf, String) {
    let in_memory = db.as_os_str() == ":memory:";
    let dir = match db.parent() {
        _ if in_memory => std::env::temp_dir(),
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = db
        .file_name()
        .filter(|_| !in_memory)
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "plp".into());
    (dir, name)
}

/// Removes the scratch files beside a database that no living process holds.
pub fn sweep_beside(db: &Path) {
    let (dir, name) = place(db);
    sweep(&dir, &name);
}

fn sweep(dir: &Path, name: &str) {
    let prefixes = [format!(".{name}.incoming-"), format!(".{name}.outgoing-")];
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let file_name = e.file_name().to_string_lossy().into_owned();
        let Some(rest) = prefixes
            .iter()
            .find_map(|p| file_name.strip_prefix(p.as_str()))
        else {
            continue;
        };
        if rest.contains('-') {
            continue; // a journal beside a scratch file: removed with it
        }
        let Ok(f) = File::open(e.path()) else {
            continue;
        };
        // SAFETY: flock on a file descriptor owned by `f`.
        let free = unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0;
        if free {
            remove(&e.path());
        }
    }
}

/// Removes a scratch database and the journal files SQLite may have left beside it.
fn remove(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}
