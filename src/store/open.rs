//! Opening a database file: refusing foreign or damaged files untouched, creating new ones
//! private to their owner, migrating, and choosing a journal mode that suits the disk.

use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::fs;
use std::path::Path;
use std::time::Duration;

use super::schema::{APPLICATION_ID, DERIVED_ONLY_FROM, MIGRATIONS, SCHEMA_VERSION};
use super::{default_author, Result, Store, StoreError};

/// How long a writer waits for another before giving up.
pub(super) const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

pub(super) fn open(path: &Path, must_exist: bool) -> Result<Store> {
    let mut created = false;
    let opened = open_file(path, must_exist, &mut created);
    let result = opened.and_then(|mut store| {
        store.notice = store.notice_copy_back(created)?;
        // An intake in bulk that was cut short: the tables catch up with the log first.
        store.build_pending_tables()?;
        Ok(store)
    });
    if result.is_err() && created {
        // A file made by this call and not set up is not left behind.
        if fs::metadata(path).is_ok_and(|m| m.len() == 0) {
            let _ = fs::remove_file(path);
        }
    }
    result
}

/// Why an empty file is not opened where a database must already be.
pub const EMPTY: &str = "it is empty (0 bytes), not a plp database: if it should hold one, \
                         restore a backup over it (plp restore); to begin a new database there, \
                         delete it first";

fn open_file(path: &Path, must_exist: bool, created: &mut bool) -> Result<Store> {
    let fail = |reason: String| StoreError::Open {
        path: path.to_path_buf(),
        reason,
    };
    // Anything but a regular file is refused before it is opened: a FIFO would block, and a
    // device would get a journal written beside it.
    match fs::metadata(path) {
        Ok(meta) => {
            if let Some(what) = not_a_file(&meta) {
                return Err(fail(format!("it is {what}, not a database file")));
            }
            // A command that only reads never makes a database of an empty file: it is more
            // likely one cut short (a copy that failed) than one meant to be begun.
            if must_exist && meta.len() == 0 {
                return Err(fail(EMPTY.into()));
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if must_exist {
                return Err(fail("no such file".into()));
            }
            create_private(path).map_err(|e| fail(creation_reason(path, &e)))?;
            *created = true;
        }
        Err(e) => return Err(fail(io_reason(&e))),
    }
    let header = check_header(path)?;
    // Opening for writing creates `-wal`/`-shm` files beside the database; where they cannot be
    // created (a full disk, a folder that is not ours) the file is read without them.
    let mut read_only = cannot_write(path);
    let conn = match &read_only {
        None => match Connection::open_with_flags(path, read_write_flags()) {
            Ok(c) => c,
            Err(_) => {
                read_only = Some(format!("{} cannot be written", path.display()));
                open_read_only(path, header).map_err(|e| fail(sql_reason(&e)))?
            }
        },
        Some(_) => open_read_only(path, header).map_err(|e| fail(sql_reason(&e)))?,
    };
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let (app_id, version, tables) = probe(&conn).map_err(|e| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => StoreError::NotADatabase(path.to_path_buf()),
        _ => fail(sql_reason(&e)),
    })?;
    if (app_id != 0 && app_id != APPLICATION_ID) || (app_id == 0 && tables > 0) {
        return Err(StoreError::Foreign(path.to_path_buf()));
    }
    if version > SCHEMA_VERSION {
        let newer = StoreError::Newer {
            path: path.to_path_buf(),
            found: version,
            known: SCHEMA_VERSION,
        }
        .to_string();
        let conn = if read_only.is_none() {
            drop(conn);
            open_read_only(path, header).map_err(|e| fail(sql_reason(&e)))?
        } else {
            conn
        };
        conn.pragma_update(None, "foreign_keys", "ON")?;
        return finish(conn, path, Some(newer));
    }
    if read_only.is_none() && conn.is_readonly(rusqlite::MAIN_DB)? {
        read_only = Some(format!("{} cannot be written", path.display()));
    }
    if read_only.is_none() {
        if version == 0 && tables == 0 {
            // An empty file, whoever made it, is about to hold student data: private first.
            make_private(path).map_err(|e| {
                fail(format!(
                    "it cannot be made private to its owner before plp sets it up ({})",
                    io_reason(&e)
                ))
            })?;
        }
        let journal = if on_network_filesystem(path) {
            "DELETE"
        } else {
            "WAL"
        };
        conn.pragma_update(None, "journal_mode", journal)?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        migrate(&conn, Some(path))?;
    } else if version < SCHEMA_VERSION {
        let why = read_only.unwrap_or_default();
        return Err(fail(if version == 0 && *created {
            format!("it cannot be created: {why}")
        } else if version == 0 {
            format!("it is empty and {why}")
        } else {
            format!("it was written by an older plp and needs upgrading, but {why}")
        }));
    }
    conn.pragma_update(None, "foreign_keys", "ON")?;
    finish(conn, path, read_only)
}

fn read_write_flags() -> OpenFlags {
    OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX
}

/// What a path is when it is not a regular file ("a named pipe (FIFO)").
fn not_a_file(meta: &fs::Metadata) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_file() {
        None
    } else if t.is_dir() {
        Some("a directory")
    } else if t.is_fifo() {
        Some("a named pipe (FIFO)")
    } else if t.is_char_device() || t.is_block_device() {
        Some("a device")
    } else if t.is_socket() {
        Some("a socket")
    } else {
        Some("not a regular file")
    }
}

/// Why this process cannot write the database and the files SQLite keeps beside it, if so.
fn cannot_write(path: &Path) -> Option<String> {
    let dir = parent_dir(path);
    if !access_writable(path) {
        return Some(format!("{} cannot be written", path.display()));
    }
    if !access_writable(dir) {
        return Some(format!("the folder {} is not writable", dir.display()));
    }
    // In use elsewhere, the side files already exist and nothing new is created.
    if sidecar(path, "-wal").exists() && sidecar(path, "-shm").exists() {
        return None;
    }
    if free_bytes(dir).is_some_and(|free| free < MIN_FREE) {
        return Some(format!("the disk holding {} is full", dir.display()));
    }
    None
}

/// Below this much free space the `-shm` and `-wal` files could not be created.
const MIN_FREE: u64 = 64 * 1024;

fn parent_dir(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

impl super::Store {
    /// Removes a database this process created and could not finish (a sync's new far side
    /// that failed half way), with every file beside it that belongs to it, so that nothing
    /// half made is left to be taken for a copy later. Files that are not there are passed over.
    pub fn remove_unfinished(path: &Path) {
        for suffix in ["", "-wal", "-shm", "-journal", ".replica"] {
            let _ = std::fs::remove_file(sidecar(path, suffix));
        }
    }
}

fn sidecar(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    p.into()
}

fn c_path(path: &Path) -> Option<std::ffi::CString> {
    use std::os::unix::ffi::OsStrExt;
    std::ffi::CString::new(path.as_os_str().as_bytes()).ok()
}

fn access_writable(path: &Path) -> bool {
    let Some(c) = c_path(path) else {
        return true;
    };
    // SAFETY: `c` is a valid NUL-terminated path.
    unsafe { libc::access(c.as_ptr(), libc::W_OK) == 0 }
}

/// Free bytes on the filesystem holding `dir` (root may use the reserved blocks too).
fn free_bytes(dir: &Path) -> Option<u64> {
    let c = c_path(dir)?;
    let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: `c` is a valid NUL-terminated path and `st` a properly sized out-parameter.
    if unsafe { libc::statvfs(c.as_ptr(), &mut st) } != 0 {
        return None;
    }
    // SAFETY: geteuid has no preconditions.
    let blocks = if unsafe { libc::geteuid() } == 0 {
        st.f_bfree
    } else {
        st.f_bavail
    };
    Some((blocks as u64).saturating_mul(st.f_frsize as u64))
}

/// Opens for reading without creating anything beside the file. A WAL database that no one has
/// open (no `-wal` file) is read as immutable, which needs no shared-memory file.
fn open_read_only(path: &Path, header: Header) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if header == Header::Wal && !sidecar(path, "-wal").exists() {
        let uri = format!("file:{}?immutable=1", uri_path(path));
        return Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI);
    }
    Connection::open_with_flags(path, flags)
}

/// A path written for an SQLite URI: everything but unreserved characters and `/` escaped.
fn uri_path(path: &Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut s = String::new();
    for &b in absolute.as_os_str().as_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s
}

/// SQLite's reason in plain words, naming a full disk as such.
fn sql_reason(e: &rusqlite::Error) -> String {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DiskFull) => "the disk is full".into(),
        Some(rusqlite::ErrorCode::DatabaseCorrupt) => {
            "it is damaged (cut short or overwritten in part); put a backup in its place with \
             plp restore BACKUP"
                .into()
        }
        Some(rusqlite::ErrorCode::ReadOnly) | Some(rusqlite::ErrorCode::CannotOpen) => {
            "it cannot be opened here (the file or its folder is not writable)".into()
        }
        _ => match e {
            rusqlite::Error::SqliteFailure(f, Some(m)) => format!("{m} ({f})"),
            other => other.to_string(),
        },
    }
}

/// Why a new database could not be created, naming the folder or the full disk.
fn creation_reason(path: &Path, e: &std::io::Error) -> String {
    match e.raw_os_error() {
        Some(libc::ENOSPC) => "the disk is full".into(),
        Some(libc::EACCES) | Some(libc::EROFS) | Some(libc::EPERM) => {
            format!("the folder {} is not writable", parent_dir(path).display())
        }
        _ => io_reason(e),
    }
}

/// Makes a file readable and writable by its owner only.
fn make_private(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(0o600))
}

pub(super) fn in_memory() -> Result<Store> {
    let conn = Connection::open_in_memory()?;
    migrate(&conn, None)?;
    finish(conn, Path::new(":memory:"), None)
}

impl Store {
    /// Whether the file was written by a newer plp (so this one only reads it).
    pub fn written_by_newer(&self) -> bool {
        self.conn
            .pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))
            .is_ok_and(|v| v > SCHEMA_VERSION)
    }

    /// Whether nothing should be opened here to type into: the file cannot be written however
    /// long one waits (a newer plp's, one whose permissions or folder refuse it, a reading copy
    /// of the hub). A full disk is not such a reason: what is typed stays on screen and is saved
    /// once there is room.
    pub fn typing_refused(&self) -> bool {
        if self.reading_copy().is_some() {
            return true;
        }
        self.read_only.is_some()
            && free_bytes(parent_dir(&self.path)).is_none_or(|free| free >= MIN_FREE)
    }

    /// A file opened read-only because of where it lives (a full disk, a folder that could not
    /// be written) is opened again for writing once that has passed; a file from a newer plp
    /// stays read-only. Whether it can be written now.
    pub fn retry_writable(&mut self) -> bool {
        if self.read_only.is_none() {
            return true;
        }
        match open(&self.path.clone(), true) {
            Ok(mut fresh) if fresh.read_only.is_none() => {
                fresh.author = std::mem::take(&mut self.author);
                fresh.session = std::mem::take(&mut self.session);
                fresh.clock_skew_ms = self.clock_skew_ms;
                *self = fresh;
                true
            }
            _ => false,
        }
    }
}

fn finish(conn: Connection, path: &Path, read_only: Option<String>) -> Result<Store> {
    // Applying a change runs a few dozen distinct statements (an insert per entity, an update
    // per field): with rusqlite's default of 16 kept, most were parsed again on every change.
    conn.set_prepared_statement_cache_capacity(STATEMENTS_KEPT);
    let replica: String = conn
        .query_row("SELECT value FROM meta WHERE key = 'replica'", [], |r| {
            r.get(0)
        })
        .unwrap_or_default();
    let reading_copy = super::reader_copy::refusal(&conn).unwrap_or_default();
    Ok(Store {
        conn,
        path: path.to_path_buf(),
        replica,
        author: default_author(),
        read_only,
        reading_copy,
        clock_skew_ms: 0,
        notice: None,
        twin_unchecked: false,
        session: uuid::Uuid::now_v7().simple().to_string(),
    })
}

/// Prepared statements kept per connection: more than every statement applying changes runs.
const STATEMENTS_KEPT: usize = 256;

fn probe(conn: &Connection) -> rusqlite::Result<(i64, i64, i64)> {
    let app_id = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    let version = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let tables = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
    Ok((app_id, version, tables))
}

/// Applies every migration the file lacks, in one transaction. A file that already holds
/// data is copied first (beside it, `NAME.before-vN`) unless the upgrade only adds what is
/// derived from its tables; if the upgrade fails, the file is left as it was and the error
/// names the copy.
fn migrate(conn: &Connection, path: Option<&Path>) -> Result<()> {
    // Opening an up-to-date file writes nothing (a commit costs a disk flush).
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version == SCHEMA_VERSION {
        let has_replica: bool = conn
            .query_row("SELECT count(*) FROM meta WHERE key = 'replica'", [], |r| {
                r.get(0)
            })
            .unwrap_or(false);
        if has_replica && super::created_twice::settled(conn) {
            return Ok(());
        }
    }
    let upgrading = (1..SCHEMA_VERSION).contains(&version);
    let fail = |backup: Option<std::path::PathBuf>, e: StoreError| StoreError::Upgrade {
        path: path.unwrap_or(Path::new(":memory:")).to_path_buf(),
        backup,
        reason: match e {
            StoreError::Sql(s) => s,
            other => other.to_string(),
        },
    };
    let backup = match path {
        Some(path) if upgrading && version < DERIVED_ONLY_FROM => {
            Some(copy_before_upgrade(conn, path).map_err(|e| fail(None, e))?)
        }
        _ => None,
    };
    let run = || -> Result<()> {
        let tx = rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
        let version: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
        for v in version..SCHEMA_VERSION {
            tx.execute_batch(MIGRATIONS[v as usize])?;
            if v == 2 {
                super::compact_log::to_v3(&tx)?;
            }
            if v == 4 {
                drop_value_samples(&tx)?;
            }
        }
        super::created_twice::settle_once(&tx)?;
        if version < SCHEMA_VERSION {
            tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
            tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        }
        tx.execute(
            "INSERT OR IGNORE INTO meta (key, value) VALUES ('replica', ?1)",
            [uuid::Uuid::now_v7().simple().to_string()],
        )?;
        tx.commit()?;
        Ok(())
    };
    if upgrading {
        run().map_err(|e| fail(backup, e))?;
        // Pages the upgrade freed (the old log's) are given back to the disk when there are
        // enough to matter; a file in use elsewhere keeps them until a later `VACUUM`, which
        // changes nothing else.
        if worth_vacuuming(conn) {
            let _ = conn.execute_batch("VACUUM");
        }
        Ok(())
    } else {
        run()
    }
}

/// Drops the sampled index values `ANALYZE` keeps (`sqlite_stat4`), keeping its row counts
/// (`sqlite_stat1`). With samples, SQLite plans a statement again each time a value bound to it
/// changes, which cost about a tenth of applying each change in bulk; the counts alone choose
/// the same indexes for plp's queries.
pub(super) fn drop_value_samples(conn: &Connection) -> Result<()> {
    let kept: bool = conn.query_row(
        "SELECT count(*) FROM sqlite_schema WHERE name = 'sqlite_stat4'",
        [],
        |r| r.get(0),
    )?;
    if kept {
        conn.execute_batch("DELETE FROM sqlite_stat4; ANALYZE sqlite_schema;")?;
    }
    Ok(())
}

/// Whether at least a tenth of the file is free pages (rewriting it would shrink it by that).
fn worth_vacuuming(conn: &Connection) -> bool {
    let pages = |pragma: &str| -> i64 {
        conn.pragma_query_value(None, pragma, |r| r.get(0))
            .unwrap_or(0)
    };
    let free = pages("freelist_count");
    free > 0 && free * 10 >= pages("page_count")
}

/// A copy of the file as it is, taken before it is upgraded: `NAME.before-vN` (numbered if
/// that exists), readable by its owner only.
fn copy_before_upgrade(conn: &Connection, path: &Path) -> Result<std::path::PathBuf> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut n = 0;
    let (dest, _) = loop {
        let suffix = match n {
            0 => format!(".before-v{SCHEMA_VERSION}"),
            n => format!(".before-v{SCHEMA_VERSION}.{n}"),
        };
        let dest = sidecar(path, &suffix);
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&dest)
        {
            Ok(f) => break (dest, f),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 100 => n += 1,
            Err(e) => {
                return Err(StoreError::Sql(format!(
                    "a copy could not be taken first: {}",
                    io_reason(&e)
                )))
            }
        }
    };
    let copy = || -> rusqlite::Result<()> {
        let mut out = Connection::open(&dest)?;
        let b = rusqlite::backup::Backup::new(conn, &mut out)?;
        b.step(-1)?;
        Ok(())
    };
    copy().map_err(|e| {
        let _ = fs::remove_file(&dest);
        StoreError::Sql(format!(
            "a copy could not be taken first: {}",
            sql_reason(&e)
        ))
    })?;
    Ok(dest)
}

/// What the first bytes of a file say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Header {
    /// A zero-byte file.
    Empty,
    /// An SQLite file with a rollback journal.
    Rollback,
    /// An SQLite file in WAL mode.
    Wal,
}

/// A file that is not empty and does not start like an SQLite file is refused before SQLite
/// opens it, so nothing (not even a journal) is ever written beside it.
fn check_header(path: &Path) -> Result<Header> {
    let mut head = [0u8; 100];
    let n = super::held_open::read_start(path, &mut head).map_err(|e| StoreError::Open {
        path: path.to_path_buf(),
        reason: io_reason(&e),
    })?;
    if n == 0 {
        return Ok(Header::Empty);
    }
    if n < 100 || &head[..16] != b"SQLite format 3\0" {
        return Err(StoreError::NotADatabase(path.to_path_buf()));
    }
    Ok(if head[18] == 2 {
        Header::Wal
    } else {
        Header::Rollback
    })
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
        std::io::ErrorKind::StorageFull => "the disk is full".into(),
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
    let Some(c) = c_path(parent_dir(path)) else {
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

#[cfg(test)]
mod tests {
    /// SQLite is built as `.cargo/config.toml` says: without a lock taken for every allocation
    /// and every page read, shared by all the connections of the process.
    #[test]
    fn sqlite_is_built_without_the_process_wide_locks() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let options: Vec<String> = conn
            .prepare("PRAGMA compile_options")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(
            options.iter().any(|o| o == "DEFAULT_MEMSTATUS=0"),
            "{options:?}"
        );
        assert!(
            !options.iter().any(|o| o == "ENABLE_MEMORY_MANAGEMENT"),
            "{options:?}"
        );
    }
}
