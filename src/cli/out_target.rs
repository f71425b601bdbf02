//! Where `--out` may write: never over a file that is there unless `--force` says so, and never
//! over the database in use or the files SQLite and plp keep beside it, `--force` or not.

use std::path::{Path, PathBuf};

use super::CliError;

/// Why `--out` was refused, in one sentence each.
#[derive(Debug, thiserror::Error)]
pub enum OutRefused {
    /// A file is there, and `--force` was not given.
    #[error("{0} already exists; name another file, or add --force to replace it")]
    Exists(PathBuf),
    /// The folder for printouts holds files, and `--force` was not given.
    #[error(
        "{0} already holds files; name a new or empty folder, or add --force to write the \
         printouts among them (replacing any of the same name)"
    )]
    FolderInUse(PathBuf),
    /// A folder where a file is to be written.
    #[error("{0} is a folder: --out names the file to write")]
    Folder(PathBuf),
    /// The database itself.
    #[error("{0} is the database plp is using; it is never replaced, not even with --force")]
    Database(PathBuf),
    /// A file that belongs to the database (its write-ahead log, shared memory, journal or
    /// replica note).
    #[error(
        "{out} is one of the files of the database {db}; it is never replaced, not even with \
         --force"
    )]
    BesideDatabase { out: PathBuf, db: PathBuf },
}

impl From<OutRefused> for CliError {
    fn from(e: OutRefused) -> Self {
        CliError::Failure(e.to_string())
    }
}

/// The files beside a database that belong to it.
const BESIDE: [&str; 4] = ["-wal", "-shm", "-journal", ".replica"];

/// What `--out` may replace: the database in use, and whether `--force` was given.
pub struct OutTarget<'a> {
    db: &'a Path,
    force: bool,
}

impl<'a> OutTarget<'a> {
    pub fn new(db: &'a Path, force: bool) -> Self {
        OutTarget { db, force }
    }

    /// Refuses to write the file `out`: the database or a file beside it always, a folder, and a
    /// regular file already there unless `--force`. A pipe or a device is written into, never
    /// replaced, so it is let through.
    pub fn check_file(&self, out: &Path) -> Result<(), OutRefused> {
        self.check_not_database(out)?;
        match std::fs::metadata(out) {
            Ok(m) if m.is_dir() => Err(OutRefused::Folder(out.to_path_buf())),
            Ok(m) if m.is_file() && !self.force => Err(OutRefused::Exists(out.to_path_buf())),
            _ => Ok(()),
        }
    }

    /// Refuses a folder for printouts that already holds files, unless `--force`.
    pub fn check_folder(&self, dir: &Path) -> Result<(), OutRefused> {
        if self.force {
            return Ok(());
        }
        let holds_files = std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_some());
        if holds_files {
            return Err(OutRefused::FolderInUse(dir.to_path_buf()));
        }
        Ok(())
    }

    /// Refuses the database in use and the files beside it, however the path is written (a
    /// relative path, a symbolic or hard link).
    pub fn check_not_database(&self, out: &Path) -> Result<(), OutRefused> {
        if same_file(out, self.db) || same_place(out, self.db) {
            return Err(OutRefused::Database(out.to_path_buf()));
        }
        for suffix in BESIDE {
            let beside = with_suffix(self.db, suffix);
            if same_file(out, &beside) || same_place(out, &beside) {
                return Err(OutRefused::BesideDatabase {
                    out: out.to_path_buf(),
                    db: self.db.to_path_buf(),
                });
            }
        }
        Ok(())
    }
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    p.into()
}

/// Both paths name one existing file (the same device and inode): the same path once links
/// are followed, or a hard link, which SQLite would open as two databases, each with its own
/// write-ahead log, and damage.
pub(super) fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Both paths name the same place, whether a file is there or not: the same name in the same
/// folder, once the folders are resolved.
fn same_place(a: &Path, b: &Path) -> bool {
    match (resolved(a), resolved(b)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// The path with its folder resolved (links and `..` followed), its own name kept.
fn resolved(p: &Path) -> Option<PathBuf> {
    let name = p.file_name()?;
    let dir = p.parent().filter(|d| !d.as_os_str().is_empty());
    let dir = std::fs::canonicalize(dir.unwrap_or(Path::new("."))).ok()?;
    Some(dir.join(name))
}
