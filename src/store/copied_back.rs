//! Noticing that this file went back in time (a backup copied over it by hand, or its last
//! commits lost) before anything new is written under numbers already used.
//!
//! A small private note beside the database (`NAME.replica`) records the replica id, the
//! highest of its own sequence numbers written, and which file on the disk it was written for
//! (its device and inode). It belongs to the path it sits beside: a file
//! that holds fewer of its own changes than its note says was copied back, and takes a new
//! replica id at once, so that its next sync takes the lost changes back like any other
//! replica's. A file with no note beside it (copied to another path or machine without it, or
//! moved), or with a note written for another file (a folder copied whole, `cp -a`), may have a
//! twin writing under the same id: it takes a new replica id quietly, before
//! its first change, so that the two never write different changes under one number. A note
//! naming another replica (a restored or first-sync copy) is not about this file.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{Result, Store};

/// What a file that went back in time is told, in one sentence.
pub const COPIED_BACK: &str = "this database is older than the last one used here (a backup \
     copied back?): it now writes as a new replica, and its next sync takes back the changes it \
     lost";

/// The note beside the database at `path`.
fn note_path(path: &Path) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(".replica");
    p.into()
}

/// What the note beside a database says.
struct Note {
    replica: String,
    seq: i64,
    /// The file it was written for (`DEVICE:INODE`); a note written before it held this has
    /// none, and is taken as this file's.
    file: Option<String>,
}

/// Which file on the disk `path` is (`DEVICE:INODE`), if it can be told. A copy is another file
/// with the same bytes; a file rewritten in place stays the same file.
fn file_identity(path: &Path) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(path).ok()?;
    Some(format!("{}:{}", m.dev(), m.ino()))
}

/// What the note beside `path` records, if it is readable.
fn read_note(path: &Path) -> Option<Note> {
    let text = std::fs::read_to_string(note_path(path)).ok()?;
    let mut words = text.split_whitespace();
    let replica = words.next()?.to_string();
    let seq = words.next()?.parse().ok()?;
    let file = words.next().map(str::to_string);
    Some(Note { replica, seq, file })
}

/// Whether a note written for `file` is about the database at `path` now.
fn note_is_for(file: &Option<String>, path: &Path) -> bool {
    match (file, file_identity(path)) {
        (Some(noted), Some(now)) => *noted == now,
        _ => true,
    }
}

/// Writes the note beside `path` in one step (a private file renamed into place). A note that
/// cannot be written only means that a copy back would go unnoticed: nothing fails for it.
fn write_note(path: &Path, replica: &str, seq: i64) {
    use std::os::unix::fs::OpenOptionsExt;
    let note = note_path(path);
    let mut tmp = note.as_os_str().to_owned();
    tmp.push(format!(".{}", std::process::id()));
    let tmp = PathBuf::from(tmp);
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&tmp)
        .and_then(|mut f| {
            let line = match file_identity(path) {
                Some(file) => format!("{replica} {seq} {file}\n"),
                None => format!("{replica} {seq}\n"),
            };
            f.write_all(line.as_bytes())
        })
        .and_then(|_| std::fs::rename(&tmp, &note));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

impl Store {
    /// Whether this store is a file on disk that may be written.
    fn keeps_note(&self) -> bool {
        self.read_only.is_none() && self.path.as_os_str() != ":memory:"
    }

    /// Records that this replica's own changes up to `seq` are written (after a commit).
    pub(super) fn note_own_seq(&self, seq: i64) {
        if self.keeps_note() {
            write_note(&self.path, &self.replica, seq);
        }
    }

    /// On opening for writing: if the note beside the file names this replica with more of its
    /// own changes than the file holds, the file went back in time; it takes a new replica id
    /// (nothing moves: its own changes are all older than the loss) and returns the sentence
    /// saying so.
    /// A file with no note that this opening `created` is new, not a copy: its note is written
    /// at its first change. A note written for another file (the folder was copied whole) makes
    /// this file a possible twin, as no note does.
    pub(super) fn notice_copy_back(&mut self, created: bool) -> Result<Option<&'static str>> {
        if !self.keeps_note() || self.replica.is_empty() {
            return Ok(None);
        }
        // The note is read before the file: a commit by another process between the two
        // reads can only make the file look newer, never older.
        let Some(note) = read_note(&self.path) else {
            self.twin_unchecked = !created;
            return Ok(None);
        };
        if note.replica != self.replica {
            return Ok(None);
        }
        if note.seq <= self.own_seq()? {
            self.twin_unchecked = !note_is_for(&note.file, &self.path);
            return Ok(None);
        }
        let held = self.own_seq()?;
        self.rehome(held + 1)?;
        Ok(Some(COPIED_BACK))
    }

    /// A file with no note beside it: it may be a copy (`cp`) of a file still in use elsewhere,
    /// whose next change would take the same number under the same replica id as the
    /// original's, so that neither side ever took the other's (each holding "that number"). It
    /// takes a new replica id (nothing moves: its own changes so far are the original's too),
    /// and the note is written for it. Where no note can be written (a folder that cannot be
    /// written), nothing is done: the note's absence would otherwise give a new id at every
    /// opening.
    ///
    /// Done at the first write, not on opening: a file only read (a backup looked at) is left
    /// exactly as it is.
    pub(super) fn part_from_twins(&mut self) -> Result<()> {
        if !std::mem::take(&mut self.twin_unchecked) || self.read_only.is_some() {
            return Ok(());
        }
        let held = self.own_seq()?;
        write_note(&self.path, &self.replica, held);
        if read_note(&self.path).is_none() {
            return Ok(());
        }
        self.rehome(held + 1)?;
        Ok(())
    }
}
