//! The sync protocol over a byte stream (ssh's stdin and stdout): one JSON message per line.
//!
//! client → `hello` → server; server → `hello` (or `error`); client → `vv`; server → `vv`;
//! client → `ops` batches, then `done`; server applies them → `applied`; server → `ops`
//! batches, then `done`. A client with an empty database sends `want_copy` instead of its
//! batches; the server answers `copy`, then the compressed copy in length-prefixed frames
//! (see `snapshot`). From protocol 4, a client whose far side is empty sends `offer_copy`
//! instead of its batches; a server that holds nothing (no change, no draft) answers
//! `take_copy`, takes the client's compressed copy, and answers `applied`, then `done`; one that
//! holds something answers `decline_copy` and the sync goes on as before. A server speaks the
//! protocol the client greets it in, from [`OLDEST`] to [`PROTOCOL`]. Every line is limited in
//! size and checked before use.

use serde::{Deserialize, Serialize};
use std::io::{BufRead, Write};

use super::{SyncError, VersionVector};
use crate::store::Op;

/// The protocol version this plp speaks.
pub const PROTOCOL: u32 = 4;
/// The oldest protocol this plp still speaks (with a plp that speaks no newer one).
pub const OLDEST: u32 = 3;
/// The first protocol in which a client may give an empty far side a copy of its database.
pub const GIVES_COPIES: u32 = 4;
/// The longest line accepted (a batch of changes).
pub const MAX_LINE: usize = 64 * 1024 * 1024;

/// The newest protocol this plp speaks now: [`PROTOCOL`], or an older one it also speaks named
/// by `PLP_SYNC_PROTOCOL` (to behave as an older plp would, beside older ones).
pub fn newest_spoken() -> u32 {
    std::env::var("PLP_SYNC_PROTOCOL")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .filter(|p| (OLDEST..=PROTOCOL).contains(p))
        .unwrap_or(PROTOCOL)
}

/// One message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Message {
    /// Opening words: the protocol spoken.
    Hello {
        /// Protocol version.
        protocol: u32,
        /// plp version, for messages.
        plp: String,
    },
    /// A version vector.
    Vv(VersionVector),
    /// A batch of changes.
    Ops(Vec<Op>),
    /// No more batches.
    Done,
    /// The client's database is empty: it asks for a whole copy instead of every change.
    WantCopy,
    /// A copy follows, as frames of compressed bytes.
    Copy,
    /// The server's database is empty: the client offers a whole copy of its own instead of
    /// every change (protocol 4).
    OfferCopy,
    /// The server takes the copy offered: it follows, as frames of compressed bytes.
    TakeCopy,
    /// The server holds something (a draft) and takes the changes one by one instead.
    DeclineCopy,
    /// Changes the far side refused, one sentence for each replica refused from some point on
    /// (sent before `applied`, only when there are some).
    Refused(Vec<String>),
    /// Something the far side says about itself, in one sentence (sent before `applied`).
    Note(String),
    /// How many changes were new on the far side.
    Applied(usize),
    /// The far side refuses, in one sentence.
    Error(String),
}

/// Writes one message.
pub fn send(w: &mut impl Write, m: &Message) -> std::io::Result<usize> {
    let mut line = serde_json::to_vec(m).map_err(std::io::Error::other)?;
    line.push(b'\n');
    w.write_all(&line)?;
    w.flush()?;
    Ok(line.len())
}

/// Reads one message; a line that is too long, not JSON, or not a message is an error.
pub fn receive(r: &mut impl BufRead) -> Result<Message, SyncError> {
    let mut line = Vec::new();
    let mut limited = std::io::Read::take(&mut *r, MAX_LINE as u64 + 1);
    let n = limited.read_until(b'\n', &mut line).map_err(|e| {
        if e.kind() == std::io::ErrorKind::TimedOut {
            SyncError::Timeout
        } else {
            SyncError::Connection(crate::store::io_reason(&e))
        }
    })?;
    if n == 0 {
        return Err(SyncError::Closed);
    }
    if line.len() > MAX_LINE {
        return Err(SyncError::TooLong);
    }
    if !line.ends_with(b"\n") {
        return Err(SyncError::CutMessage);
    }
    serde_json::from_slice(&line).map_err(|_| SyncError::Garbled)
}

/// Counts bytes written (what crosses the link).
pub struct Counting<W> {
    inner: W,
    /// Bytes so far.
    pub bytes: usize,
}

impl<W: Write> Counting<W> {
    /// Wraps a writer.
    pub fn new(inner: W) -> Self {
        Counting { inner, bytes: 0 }
    }
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(b)?;
        self.bytes += n;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}
