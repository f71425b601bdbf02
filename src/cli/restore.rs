//! `plp restore BACKUP`: puts a backup in the database's place, safely. The backup is copied
//! (never changed), checked, and given a new replica id before it takes the database's place, so
//! that the changes made after the backup come back at its next sync; the file it replaces is
//! kept beside it with its write-ahead log, which is never replayed onto the restored file.

use std::path::{Path, PathBuf};

use super::args::RestoreArgs;
use super::{CliError, CliResult, Out};
use crate::store::Store;
use crate::sync::scratch::Scratch;

pub fn run(path: &Path, args: RestoreArgs, out: &mut Out) -> CliResult {
    let backup = &args.backup;
    if !backup.exists() {
        return Err(CliError::Failure(format!(
            "{} does not exist; name the backup to restore",
            backup.display()
        )));
    }
    if !backup.is_file() {
        return Err(CliError::Failure(format!(
            "{} is not a file; name the backup to restore",
            backup.display()
        )));
    }
    if path.exists() && backup.canonicalize().ok() == path.canonicalize().ok() {
        return Err(CliError::Failure(
            "that is the database itself; name a backup of it".into(),
        ));
    }
    let scratch = Scratch::beside(path, "incoming").map_err(|e| {
        CliError::Failure(format!(
            "the backup could not be copied beside {}: {}",
            path.display(),
            crate::store::io_reason(&e)
        ))
    })?;
    let changes = Store::restore_into(backup, scratch.path()).map_err(about_the_backup)?;
    if path.exists() && !shares_history(path, scratch.path()) {
        return Err(CliError::Failure(format!(
            "{} is not a backup of {}: the two files share none of their changes (another \
             database?); nothing was changed",
            backup.display(),
            path.display()
        )));
    }
    let only_there = if path.exists() {
        unsynced(path, scratch.path())
    } else {
        0
    };
    let aside = if path.exists() {
        Some(set_aside(path)?)
    } else {
        None
    };
    std::fs::rename(scratch.path(), path).map_err(|e| {
        CliError::Failure(format!(
            "the backup could not take the place of {}: {}",
            path.display(),
            crate::store::io_reason(&e)
        ))
    })?;
    let kept = match &aside {
        Some(a) if only_there > 0 => format!(
            "; the file it replaced is kept as {0}, and {1} made there {2} never synced: {3} \
             only in that file, and plp sync {0} brings {4} back",
            a.display(),
            crate::domain::count(only_there as u64, "change"),
            if only_there == 1 { "was" } else { "were" },
            if only_there == 1 { "it is" } else { "they are" },
            if only_there == 1 { "it" } else { "them" },
        ),
        Some(a) => format!("; the file it replaced is kept as {}", a.display()),
        None => String::new(),
    };
    out.line(&format!(
        "restored {} from {} ({changes} changes); it syncs as a new replica, so the changes made \
         after the backup come back at its next sync{kept}",
        path.display(),
        backup.display()
    ));
    Ok(())
}

/// A failure to take the backup in: a backup written by a newer plp is told as such, with
/// what to do.
fn about_the_backup(e: crate::store::StoreError) -> CliError {
    match e {
        crate::store::StoreError::Newer { path, found, known } => CliError::Failure(format!(
            "{} was written by a newer plp (schema {found}, this plp knows {known}): restore it \
             with that plp, or upgrade plp here first; nothing was changed",
            path.display()
        )),
        e => e.into(),
    }
}

/// Whether the copy at `restored` holds any change the database at `old` holds, or `old` holds
/// none at all (an empty file, or one that cannot be read: a damaged file is a reason to
/// restore). A backup of a database holds the first of its changes from some copy.
fn shares_history(old: &Path, restored: &Path) -> bool {
    let shared = || -> crate::store::Result<bool> {
        let here = Store::open_existing(old)?.versions()?;
        let there = Store::open_existing(restored)?.versions()?;
        let held = |seq: &i64| *seq > 0;
        Ok(!here.values().any(held)
            || here
                .iter()
                .any(|(replica, seq)| held(seq) && there.get(replica).is_some_and(held)))
    };
    shared().unwrap_or(true)
}

/// How many changes the database at `old` holds that no sync took and the backup restored at
/// `restored` lacks; 0 when either cannot be read (a damaged file is a reason to restore).
fn unsynced(old: &Path, restored: &Path) -> usize {
    let count = || -> crate::store::Result<usize> {
        let backup_has = Store::open_existing(restored)?.versions()?;
        Store::open_existing(old)?.held_only_here(&backup_has)
    };
    count().unwrap_or(0)
}

/// Moves the database and its write-ahead log aside (together, so the log is never replayed
/// onto another file), and removes its shared-memory index. Returns where it went.
fn set_aside(path: &Path) -> Result<PathBuf, CliError> {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S");
    let with = |p: &Path, suffix: &str| {
        let mut s = p.as_os_str().to_owned();
        s.push(suffix);
        PathBuf::from(s)
    };
    let aside = with(path, &format!(".replaced-{stamp}"));
    let fail = |e: std::io::Error| {
        CliError::Failure(format!(
            "{} could not be set aside: {}; nothing was changed",
            path.display(),
            crate::store::io_reason(&e)
        ))
    };
    if aside.exists() {
        return Err(fail(std::io::ErrorKind::AlreadyExists.into()));
    }
    for suffix in ["-wal", "-journal"] {
        let log = with(path, suffix);
        if log.exists() {
            std::fs::rename(&log, with(&aside, suffix)).map_err(fail)?;
        }
    }
    let _ = std::fs::remove_file(with(path, "-shm"));
    std::fs::rename(path, &aside).map_err(fail)?;
    Ok(aside)
}
