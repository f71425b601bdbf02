//! A new, empty replica over the wire starts as a copy of the far side's database, as a new
//! replica on this machine does: an image of the database read under one read transaction
//! (never the live file's bytes), compressed with zstd and sent in length-prefixed frames after a
//! `copy` message. The receiver writes it to a scratch file beside its database, checks it
//! (SQLite's own check, the schema, every change in its log, the version vector), then copies it
//! in with SQLite's online backup, in one step, and gives it its own replica id.

use std::cell::Cell;
use std::io::{BufRead, BufWriter, Read, Write};
use std::path::Path;

use super::scratch::Scratch;
use super::{CopyFault, SyncError};
use crate::store::{Store, StoreError};

/// The largest frame accepted.
const MAX_FRAME: usize = 16 * 1024 * 1024;
/// Writes each buffer it is given as one frame: a 4-byte big-endian length, then the bytes.
struct Frames<W: Write>(W);

impl<W: Write> Write for Frames<W> {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        let b = &b[..b.len().min(MAX_FRAME)];
        if !b.is_empty() {
            self.0.write_all(&(b.len() as u32).to_be_bytes())?;
            self.0.write_all(b)?;
        }
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

/// Reads frames back until the empty frame that ends them.
struct Unframes<'a, R: BufRead> {
    inner: &'a mut R,
    left: usize,
    ended: bool,
    /// Bytes read from the link so far.
    consumed: &'a Cell<u64>,
}

/// A copy unpacks to at most this much more than the bytes that carried it (a real database
/// compresses about tenfold), plus this allowance; beyond it the copy is refused before it can
/// fill the disk.
const MAX_RATIO: u64 = 64;
const ALLOWANCE: u64 = 64 * 1024 * 1024;

/// Writes the unpacked copy, refusing once it grows past what its compressed size allows.
struct Capped<'a, W: Write> {
    inner: W,
    written: u64,
    consumed: &'a Cell<u64>,
}

impl<W: Write> Write for Capped<'_, W> {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.written += b.len() as u64;
        if self.written > self.consumed.get() * MAX_RATIO + ALLOWANCE {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                TOO_BIG,
            ));
        }
        self.inner.write_all(b)?;
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// What the unpacking is stopped with when a copy grows too big (see [`CopyFault::TooBig`]).
const TOO_BIG: &str = "the copy sent was refused: it unpacks to far more than was sent";

impl<R: BufRead> Read for Unframes<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.ended || buf.is_empty() {
            return Ok(0);
        }
        if self.left == 0 {
            let mut len = [0u8; 4];
            self.inner.read_exact(&mut len)?;
            self.consumed.set(self.consumed.get() + 4);
            self.left = u32::from_be_bytes(len) as usize;
            if self.left == 0 {
                self.ended = true;
                return Ok(0);
            }
            if self.left > MAX_FRAME {
                return Err(std::io::Error::other("a part of the copy was too long"));
            }
        }
        let want = buf.len().min(self.left);
        let n = self.inner.read(&mut buf[..want])?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        self.left -= n;
        self.consumed.set(self.consumed.get() + n as u64);
        Ok(n)
    }
}

/// Sends a consistent copy of `store` without its drafts (written to a scratch file beside it,
/// see [`Store::copy_without_drafts`]) as frames of zstd-compressed bytes. Returns the bytes
/// written to the link.
pub fn send(store: &Store, w: &mut impl Write) -> Result<u64, SyncError> {
    let scratch = Scratch::beside(store.path(), "outgoing").map_err(SyncError::disk)?;
    store.copy_without_drafts(scratch.path())?;
    let mut image = std::fs::File::open(scratch.path())?;
    let mut counted = super::protocol::Counting::new(&mut *w);
    let framed = Frames(BufWriter::with_capacity(1 << 20, &mut counted));
    let mut z = zstd::Encoder::new(framed, 1)?;
    // A checksum of the whole copy: a byte changed on the way is noticed, not taken in.
    z.include_checksum(true)?;
    // Compression works beside the sending (the far side's other cores, where it has them).
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(4) as u32);
    if workers > 1 {
        let _ = z.multithread(workers);
    }
    let io = |e: std::io::Error| SyncError::Connection(e.to_string());
    std::io::copy(&mut image, &mut z).map_err(io)?;
    let mut framed = z.finish().map_err(io)?;
    framed.0.write_all(&0u32.to_be_bytes()).map_err(io)?;
    framed.0.flush().map_err(io)?;
    drop(framed);
    Ok(counted.bytes as u64)
}

/// Receives a copy sent by [`send`] and makes the empty `here` that copy. Returns how many
/// changes it holds. On any failure `here` is left as it was and the scratch file is removed.
/// The copy is checked, its tables rebuilt from its own log, and it is given its own replica
/// id before it is brought in, in one step.
pub fn receive(here: &mut Store, r: &mut impl BufRead) -> Result<usize, SyncError> {
    let scratch = Scratch::beside(here.path(), "incoming").map_err(SyncError::disk)?;
    let path = scratch.path();
    write_private(path, r)?;
    {
        let mut copy = Store::open_existing(path).map_err(|e| match e {
            StoreError::Foreign(_) | StoreError::NotADatabase(_) => refused(CopyFault::NotPlp),
            e => refused(CopyFault::Store(e)),
        })?;
        check(&copy, path)?;
        // The tables shown are the ones its log builds, whatever the sender's tables said.
        copy.rebuild().map_err(|e| refused(CopyFault::Store(e)))?;
    }
    Store::make_new_replica(path)?;
    here.adopt(path)?;
    Ok(here.op_count()? as usize)
}

fn refused(why: CopyFault) -> SyncError {
    SyncError::CopyRefused(why)
}

fn write_private(path: &Path, r: &mut impl BufRead) -> Result<(), SyncError> {
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(SyncError::disk)?;
    let consumed = Cell::new(0);
    let mut out = Capped {
        inner: BufWriter::with_capacity(1 << 20, file),
        written: 0,
        consumed: &consumed,
    };
    let mut frames = Unframes {
        inner: r,
        left: 0,
        ended: false,
        consumed: &consumed,
    };
    let mut z =
        zstd::Decoder::new(&mut frames).map_err(|e| SyncError::CopyUnreadable(e.to_string()))?;
    std::io::copy(&mut z, &mut out).map_err(|e| match e.kind() {
        std::io::ErrorKind::StorageFull | std::io::ErrorKind::PermissionDenied => {
            SyncError::disk(e)
        }
        std::io::ErrorKind::UnexpectedEof => SyncError::CutCopy,
        std::io::ErrorKind::TimedOut => SyncError::Timeout,
        _ if e.to_string() == TOO_BIG => refused(CopyFault::TooBig),
        _ => SyncError::CopyUnreadable(e.to_string()),
    })?;
    drop(z);
    // Whatever follows the copy's frames must be the end marker, read here.
    let mut rest = [0u8; 1];
    if !frames.ended && frames.read(&mut rest)? != 0 {
        return Err(SyncError::CopyRanOn);
    }
    // A scratch file: what must reach the disk is the database it is copied into.
    out.flush().map_err(SyncError::disk)
}

/// Checks a received copy before it is used: a sound file with exactly this plp's schema, and a
/// change log whose every entry is well formed and whose version vector matches it. SQLite's
/// own check of every page and the two halves of the log are read side by side.
fn check(copy: &Store, path: &Path) -> Result<(), SyncError> {
    if copy.read_only_reason().is_some() {
        return Err(refused(CopyFault::Newer));
    }
    let unreadable = |e: StoreError| refused(CopyFault::Check(e));
    if !copy.has_this_plps_schema().map_err(unreadable)? {
        return Err(refused(CopyFault::Tables));
    }
    let half = copy.log_midpoint().map_err(unreadable)?;
    let (upper, lower) = std::thread::scope(|s| {
        let upper = s.spawn(|| {
            if !Store::file_passes_quick_check(path).map_err(unreadable)? {
                return Err(refused(CopyFault::Damaged));
            }
            let second = Store::open_existing(path)?;
            log_maxima(&second, half..i64::MAX)
        });
        let lower = log_maxima(copy, i64::MIN..half);
        let upper = upper.join().unwrap_or(Err(SyncError::CopyNotChecked));
        (upper, lower)
    });
    let mut vv = lower?;
    for (replica, seq) in upper? {
        let held = vv.entry(replica).or_insert(0);
        *held = (*held).max(seq);
    }
    let counts = copy.distinct_seqs_by_replica().map_err(unreadable)?;
    if counts != vv || copy.version_vector()? != vv {
        return Err(refused(CopyFault::Gaps));
    }
    Ok(())
}

/// Validates the changes in one part of the log; returns the highest sequence number seen from
/// each replica.
fn log_maxima(copy: &Store, rows: std::ops::Range<i64>) -> Result<super::VersionVector, SyncError> {
    let mut vv = super::VersionVector::new();
    copy.for_each_op_in(rows, |op| {
        super::validate::op(&op)?;
        let held = vv.entry(op.replica.clone()).or_insert(0);
        *held = (*held).max(op.seq);
        Ok(())
    })
    .map_err(|e| refused(CopyFault::Store(e)))?;
    Ok(vv)
}
