//! `plp sync TARGET` and `plp sync --bundle DIR`.

use std::io::BufReader;
use std::path::Path;
use std::process::{Command, Stdio};

use super::args::SyncArgs;
use super::{open_store, CliError, CliResult, Out};
use crate::store::Store;
use crate::sync::target::{place, Place};
use crate::sync::timeout::{self, TimedReader};
use crate::sync::{bundle, local, stdio, Summary, SyncError};

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

pub fn run(path: &Path, args: SyncArgs, out: &mut Out) -> CliResult {
    if args.target.as_deref().is_some_and(|t| t.trim().is_empty()) {
        return Err(CliError::Usage(
            "the target is empty: name a database, host:path, or --bundle DIR to sync with".into(),
        ));
    }
    if let Some(t) = &args.target {
        // A target that is no place is said before this database is opened (or made).
        place(t, Path::new(t).exists()).map_err(|e| CliError::Failure(e.to_string()))?;
    }
    let new = !path.exists();
    let mut here = open_store(path)?;
    here.set_cache_mb(crate::sync::CACHE_MB)?;
    let mut summary = match once(path, &args, &mut here) {
        Ok(summary) => summary,
        Err(e) => {
            // A file this sync made, still empty, is taken away again: a mistyped --db leaves
            // nothing behind to be mistaken for a copy.
            if new && here.op_count().is_ok_and(|n| n == 0) {
                drop(here);
                Store::remove_unfinished(path);
            }
            return Err(e);
        }
    };
    if new {
        crate::error::tell(format_args!(
            "made a new database at {} (no file was there)",
            path.display()
        ));
    }
    if summary.again {
        // This replica's own changes waited while its history was compared: send them now.
        let second = once(path, &args, &mut here)?;
        summary.sent += second.sent;
        summary.received += second.received;
        summary.conflicts_after = second.conflicts_after;
        summary.refused.extend(second.refused);
        summary.notes.extend(second.notes);
        summary.kept_here.extend(second.kept_here);
    }
    out.line(&summary.line_for(here.reading_copy().is_some()));
    for note in &summary.notes {
        out.line(note);
    }
    if summary.refused.is_empty() && summary.kept_here.is_empty() {
        return Ok(());
    }
    for r in summary.refused.iter().chain(&summary.kept_here) {
        crate::error::tell(format_args!("plp: {r}"));
    }
    let mut what = Vec::new();
    if let Some(n) = match summary.refused.len() {
        0 => None,
        1 => Some("some received changes were refused".to_string()),
        n => Some(format!("changes from {n} replicas were refused")),
    } {
        what.push(n);
    }
    if !summary.kept_here.is_empty() {
        what.push("some changes made here were not sent".to_string());
    }
    Err(CliError::Failure(format!(
        "{} (above); everything else was synced",
        what.join(" and ")
    )))
}

/// One round of sync with the target.
fn once(path: &Path, args: &SyncArgs, here: &mut Store) -> Result<Summary, CliError> {
    Ok(match (&args.target, &args.bundle) {
        (Some(_), Some(_)) => {
            return Err(CliError::Usage(
                "give a target or --bundle, not both".into(),
            ))
        }
        (None, None) => {
            return Err(CliError::Usage(
                "name a database, host:path, or --bundle DIR to sync with".into(),
            ))
        }
        (None, Some(dir)) => {
            if !dir.exists() && !args.create {
                // A stick that is not plugged in: its changes must not land on this disk.
                return Err(CliError::Failure(format!(
                    "{} does not exist; check that the drive is connected, or add --create to make the folder",
                    dir.display()
                )));
            }
            if !dir.exists() {
                folder_must_exist(dir)?;
            }
            bundle::sync_bundle(here, dir)?
        }
        (Some(t), None) => {
            match place(t, Path::new(t).exists()).map_err(|e| CliError::Failure(e.to_string()))? {
                Place::Hub(t) => {
                    // The file's own school; the person's stands in for a file that names none yet.
                    let school = here
                        .school()?
                        .or_person(crate::config::load().ok().and_then(|c| c.school));
                    crate::sync::hub::sync_hub(here, t, school.as_deref(), args.partial)?
                }
                Place::File(there) => {
                    if super::out_target::same_file(there, path) {
                        return Err(CliError::Failure(
                            "that is this database; sync needs another one".into(),
                        ));
                    }
                    let empty = std::fs::metadata(there).is_ok_and(|m| m.is_file() && m.len() == 0);
                    if empty && !args.create {
                        return Err(CliError::Failure(format!(
                            "{t} is empty (0 bytes), not a plp database; add --create to make it \
                             a copy of this database"
                        )));
                    }
                    if !there.exists() && !args.create {
                        return Err(CliError::Failure(format!(
                            "{t} does not exist; check the path, or add --create to make it a \
                             copy of this database"
                        )));
                    }
                    if !there.exists() {
                        folder_must_exist(there)?;
                    }
                    let created = !there.exists();
                    match local::sync_path(here, there) {
                        Ok(summary) => summary,
                        Err(e) => {
                            if created {
                                // A far side that could not be made whole is not left half made.
                                Store::remove_unfinished(there);
                            }
                            return Err(e.into());
                        }
                    }
                }
                Place::Ssh {
                    host,
                    path: remote_path,
                } => {
                    let newest = crate::sync::protocol::newest_spoken();
                    let tried = over_ssh(here, host, remote_path, newest, args.create)?;
                    // A far plp that speaks only an older protocol is greeted again in its own.
                    let tried = match tried.as_ref().err().and_then(stdio::speak_instead) {
                        Some(older) => over_ssh(here, host, remote_path, older, args.create)?,
                        None => tried,
                    };
                    tried.map_err(|e| CliError::Failure(format!("sync with {host} failed: {e}")))?
                }
            }
        }
    })
}

/// `--create` makes the file or folder it names, never the folders it would sit in: a
/// mistyped path, or a drive that is not connected, is said instead of made.
fn folder_must_exist(new: &Path) -> CliResult {
    match folder_missing(new, "") {
        Some(why) => Err(CliError::Failure(why)),
        None => Ok(()),
    }
}

/// The sentence for a `new` file or folder whose folder does not exist (`where_`: "" here,
/// " there" on the far side of ssh), if it does not.
pub(super) fn folder_missing(new: &Path, where_: &str) -> Option<String> {
    match new.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(folder) if !folder.is_dir() => Some(format!(
            "the folder {} does not exist{where_}; --create makes only {} itself",
            folder.display(),
            new.file_name().map_or_else(
                || new.display().to_string(),
                |n| n.to_string_lossy().into_owned()
            )
        )),
        _ => None,
    }
}

/// One sync over ssh with the `plp serve` run at `host` on `remote_path`, greeting it in
/// `protocol`; with `create`, the far side makes its database if there is none.
fn over_ssh(
    here: &mut Store,
    host: &str,
    remote_path: &str,
    protocol: u32,
    create: bool,
) -> Result<Result<Summary, SyncError>, CliError> {
    let limit = timeout::limit().map_err(CliError::Failure)?;
    let ssh = std::env::var("PLP_SSH").unwrap_or_else(|_| "ssh".into());
    let mut parts = ssh.split_whitespace();
    let program = parts.next().unwrap_or("ssh");
    let far_plp = std::env::var("PLP_REMOTE_PLP").unwrap_or_else(|_| "plp".into());
    let command = format!(
        "{} serve --stdio{} --db {}",
        quote(&far_plp),
        if create { " --create" } else { "" },
        quote(remote_path)
    );
    let mut child = Command::new(program)
        .args(parts)
        .arg(host)
        .arg(command)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| {
            let why = match e.kind() {
                std::io::ErrorKind::NotFound => "there is no such program (PLP_SSH names the \
                                                 ssh to use)"
                    .to_string(),
                _ => crate::store::io_reason(&e),
            };
            CliError::Failure(format!("cannot run {program}: {why}"))
        })?;
    let (Some(mut w), Some(r)) = (child.stdin.take(), child.stdout.take()) else {
        return Err(CliError::Failure("cannot talk to ssh".into()));
    };
    let mut r = BufReader::new(TimedReader::new(r, limit));
    let result = stdio::sync_client_speaking(here, &mut r, &mut w, protocol);
    drop(w);
    match &result {
        // A far side that refused in words ends on its own, and is let finish (it may be putting
        // away a file it made) before anything else is begun on that file, such as a greeting
        // again in an older protocol.
        Err(SyncError::Refused(_) | SyncError::ProtocolMismatch { .. }) => {
            wait_or_kill(&mut child, limit)
        }
        // A stalled or broken far side is not waited for.
        Err(_) => {
            let _ = child.kill();
        }
        Ok(_) => {}
    }
    let _ = child.wait();
    Ok(result)
}

/// Waits up to `limit` for `child` to end, and ends it if it has not.
fn wait_or_kill(child: &mut std::process::Child, limit: std::time::Duration) {
    let start = std::time::Instant::now();
    while matches!(child.try_wait(), Ok(None)) {
        if start.elapsed() >= limit {
            let _ = child.kill();
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}
