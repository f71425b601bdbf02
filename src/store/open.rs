//! Opening a database file: refusing foreign or damaged files untouched, creating new ones
//! private to their owner, migrating, and choosing a journal mode that suits the disk.

use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::fs;
use std::io::Read;
use std::path::Path;
use std::time::Duration;

use super::schema::{APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION};
use super::{default_author, Result, Store, StoreError};

/// How long a writer waits for another before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

pub(super) fn open(path: &Path, must_exist: bool) -> Result<Store> {
    let fail = |reason: String| StoreError::Open {
        path: path.to_path_buf(),
        reason,
    };
    if path.is_dir() {
        return Err(fail("it is a directory".into()));
    }
    if !path.exists() {
        if must_exist {
            return Err(fail("no such file".into()));
        }
        create_private(path).map_err(|e| fail(io_reason(&e)))?;
    }
    check_header(path)?;
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = match Connection::open_with_flags(path, flags) {
        Ok(c) => c,
        Err(_) => Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| fail(e.to_string()))?,
    };
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let (app_id, version, tables) =
        probe(&conn).map_err(|_| StoreError::NotADatabase(path.to_path_buf()))?;
    if (app_id != 0 && app_id != APPLICATION_ID) || (app_id == 0 && tables > 0) {
        return Err(StoreError::Foreign(path.to_path_buf()));
    }
    let mut read_only = None;
    let conn = if version > SCHEMA_VERSION {
        read_only = Some(
            StoreError::Newer {
                path: path.to_path_buf(),
                found: version,
                known: SCHEMA_VERSION,
            }
            .to_string(),
        );
        drop(conn);
        Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| fail(e.to_string()))?
    } else {
        conn
    };
    if read_only.is_none() && conn.is_readonly(rusqlite::MAIN_DB)? {
        read_only = Some(format!("{} cannot be written", path.display()));
    }
    if read_only.is_none() {
        let journal = if on_network_filesystem(path) {
            "DELETE"
        } else {
            "WAL"
        };
        conn.pragma_update(None, "journal_mode", journal)?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        migrate(&conn)?;
    }
    conn.pragma_update(None, "foreign_keys", "ON")?;
    finish(conn, path, read_only)
}

pub(super) fn in_memory() -> Result<Store> {
    let conn = Connection::open_in_memory()?;
    migrate(&conn)?;
    finish(conn, Path::new(":memory:"), None)
}

fn finish(conn: Connection, path: &Path, read_only: Option<String>) -> Result<Store> {
    let replica: String = conn
        .query_row("SELECT value FROM meta WHERE key = 'replica'", [], |r| {
            r.get(0)
        })
        .unwrap_or_default();
    Ok(Store {
        conn,
        path: path.to_path_buf(),
        replica,
        author: default_author(),
        read_only,
        clock_skew_ms: 0,
    })
}

fn probe(conn: &Connection) -> rusqlite::Result<(i64, i64, i64)> {
    let app_id = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    let version = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let tables = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
    Ok((app_id, version, tables))
}

/// Applies every migration the file lacks, in one transaction.
fn migrate(conn: &Connection) -> Result<()> {
    // Opening an up-to-date file writes nothing (a commit costs a disk flush).
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version == SCHEMA_VERSION {
        let has_replica: bool = conn
            .query_row("SELECT count(*) FROM meta WHERE key = 'replica'", [], |r| {
                r.get(0)
            })
            .unwrap_or(false);
        if has_replica {
            return Ok(());
        }
    }
    let tx = rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
    let version: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version < SCHEMA_VERSION {
        for sql in &MIGRATIONS[version as usize..] {
            tx.execute_batch(sql)?;
        }
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    }
    tx.execute(
        "INSERT OR IGNORE INTO meta (key, value) VALUES ('replica', ?1)",
        [uuid::Uuid::now_v7().simple().to_string()],
    )?;
    tx.commit()?;
    Ok(())
}

/// A file that is not empty and does not start like an SQLite file is refused before SQLite
/// opens it, so nothing (not even a journal) is ever written beside it.
fn check_header(path: &Path) -> Result<()> {
    let mut head = [0u8; 16];
    let mut file = fs::File::open(path).map_err(|e| StoreError::Open {
        path: path.to_path_buf(),
        reason: io_reason(&e),
    })?;
    let n = file.read(&mut head).unwrap_or(0);
    if n == 0 {
        return Ok(());
    }
    if n < 16 || &head != b"SQLite format 3\0" {
        return Err(StoreError::NotADatabase(path.to_path_buf()));
    }
    Ok(())
}

/// Creates the file (and any missing directories) readable by the owner only.
fn create_private(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        if !parent.exists() {
            fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(parent)?;
        }
    }
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    Ok(())
}

/// A short reason for an I/O error, without Rust's debug decoration.
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::AlreadyExists => "it already exists".into(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_lowercase(),
                None => s,
            }
        }
    }
}

/// WAL needs shared memory that network filesystems do not provide; use a rollback journal there.
fn on_network_filesystem(path: &Path) -> bool {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let Ok(c) = CString::new(dir.as_os_str().as_bytes()) else {
        return false;
    };
    let mut st: libc::statfs = unsafe { std::mem::zeroed() };
    // SAFETY: `c` is a valid NUL-terminated path and `st` a properly sized out-parameter.
    if unsafe { libc::statfs(c.as_ptr(), &mut st) } != 0 {
        return false;
    }
    const NETWORK: &[i64] = &[
        0x6969,      // NFS
        0x517B,      // SMB
        0xFF53_4D42, // CIFS
        0xFE53_4D42, // SMB2
        0x6573_5546, // FUSE (sshfs and friends)
        0x0102_1997, // 9p
    ];
    NETWORK.contains(&(st.f_type as i64))
}
