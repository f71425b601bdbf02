//! Sync with another `plp` over a byte stream: the client side (`plp sync host:path`, through
//! ssh) and the server side (`plp serve --stdio`).

use std::io::{BufRead, Write};

use super::protocol::{receive, send, Message, PROTOCOL};
use super::{Summary, BATCH};
use crate::store::Store;

fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

fn io_err(e: std::io::Error) -> String {
    format!("the connection failed: {e}")
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

fn refused(e: &str) -> String {
    format!("the other side refused: {}", crate::domain::clean_line(e))
}

fn check_hello(m: Message) -> Result<(), String> {
    match m {
        Message::Hello { protocol, plp } if protocol == PROTOCOL => {
            let _ = plp;
            Ok(())
        }
        Message::Hello { protocol, plp } => Err(format!(
            "the other side (plp {}) speaks sync protocol {protocol}; this plp ({}) speaks {PROTOCOL}: upgrade the older one",
            crate::domain::clean_line(&plp),
            version()
        )),
        Message::Error(e) => Err(refused(&e)),
        _ => Err("the other side does not speak the plp sync protocol".into()),
    }
}

/// The client: two-way sync with the `plp serve` at the other end of the stream.
pub fn sync_client(
    here: &mut Store,
    r: &mut impl BufRead,
    w: &mut impl Write,
) -> Result<Summary, String> {
    super::scratch::sweep_beside(here.path());
    let before = here.conflicts().map_err(|e| e.to_string())?.len();
    send(
        w,
        &Message::Hello {
            protocol: PROTOCOL,
            plp: version(),
        },
    )
    .map_err(io_err)?;
    check_hello(receive(r)?)?;
    let ours = here.version_vector().map_err(|e| e.to_string())?;
    send(w, &Message::Vv(ours)).map_err(io_err)?;
    let theirs = match receive(r)? {
        Message::Vv(v) => v,
        Message::Error(e) => {
            return Err(format!(
                "the other side refused: {}",
                crate::domain::clean_line(&e)
            ))
        }
        _ => return Err("the other side broke the sync protocol".into()),
    };
    if here.op_count().map_err(|e| e.to_string())? == 0 && !theirs.is_empty() {
        // A new replica starts as a copy of the far side's database.
        send(w, &Message::WantCopy).map_err(io_err)?;
        match receive(r)? {
            Message::Copy => {}
            Message::Error(e) => return Err(refused(&e)),
            _ => return Err("the other side broke the sync protocol".into()),
        }
        let received = super::snapshot::receive(here, r)?;
        return Ok(Summary {
            sent: 0,
            received,
            conflicts_before: before,
            conflicts_after: here.conflicts().map_err(|e| e.to_string())?.len(),
            refused: Vec::new(),
        });
    }
    let to_send = here.ops_missing_from(&theirs).map_err(|e| e.to_string())?;
    for chunk in to_send.chunks(BATCH) {
        send(w, &Message::Ops(chunk.to_vec())).map_err(io_err)?;
    }
    send(w, &Message::Done).map_err(io_err)?;
    let mut refusals: Vec<String> = Vec::new();
    let mut answer = receive(r)?;
    if let Message::Refused(theirs) = answer {
        refusals.extend(
            theirs
                .iter()
                .take(100)
                .map(|e| format!("the other side refused: {}", crate::domain::clean_line(e))),
        );
        answer = receive(r)?;
    }
    match answer {
        Message::Applied(_) => {}
        Message::Error(e) => {
            return Err(format!(
                "the other side refused: {}",
                crate::domain::clean_line(&e)
            ))
        }
        _ => return Err("the other side broke the sync protocol".into()),
    }
    let mut intake = super::Intake::default();
    loop {
        match receive(r)? {
            Message::Ops(ops) => {
                intake.take(here, ops).map_err(|e| e.to_string())?;
            }
            Message::Done => break,
            Message::Error(e) => return Err(refused(&e)),
            _ => return Err("the other side broke the sync protocol".into()),
        }
    }
    let applied = intake.finish();
    refusals.extend(applied.refused);
    Ok(Summary {
        sent: to_send.len(),
        received: applied.new,
        conflicts_before: before,
        conflicts_after: here.conflicts().map_err(|e| e.to_string())?.len(),
        refused: refusals,
    })
}

/// The server: answers one client on the stream. Anything but the protocol is refused.
pub fn serve(here: &mut Store, r: &mut impl BufRead, w: &mut impl Write) -> Result<(), String> {
    let refuse = |w: &mut dyn Write, msg: String| -> Result<(), String> {
        let _ = send(&mut BufWriterRef(w), &Message::Error(msg.clone()));
        Err(msg)
    };
    super::scratch::sweep_beside(here.path());
    match receive(r) {
        Ok(Message::Hello { protocol, .. }) if protocol == PROTOCOL => {}
        Ok(Message::Hello { protocol, plp }) => {
            return refuse(
                w,
                format!(
                    "this plp ({}) speaks sync protocol {PROTOCOL}; the other side (plp {}) speaks {protocol}: upgrade the older one",
                    version(),
                    crate::domain::clean_line(&plp)
                ),
            )
        }
        Ok(_) => return refuse(w, "plp serve speaks only the sync protocol".into()),
        Err(e) => return refuse(w, e),
    }
    send(
        w,
        &Message::Hello {
            protocol: PROTOCOL,
            plp: version(),
        },
    )
    .map_err(io_err)?;
    let theirs = match receive(r) {
        Ok(Message::Vv(v)) => v,
        Ok(_) => return refuse(w, "expected a version vector".into()),
        Err(e) => return refuse(w, e),
    };
    let ours = here.version_vector().map_err(|e| e.to_string())?;
    send(w, &Message::Vv(ours)).map_err(io_err)?;
    let mut intake = super::Intake::default();
    let mut applied = 0;
    loop {
        match receive(r) {
            Ok(Message::Ops(ops)) => match intake.take(here, ops) {
                Ok(n) => applied += n,
                Err(e) => return refuse(w, e.to_string()),
            },
            Ok(Message::Done) => break,
            Ok(Message::WantCopy) if applied == 0 => {
                send(w, &Message::Copy).map_err(io_err)?;
                return super::snapshot::send(here, w).map(|_| ());
            }
            Ok(_) => return refuse(w, "expected changes".into()),
            Err(e) => return refuse(w, e),
        }
    }
    let refused = intake.finish().refused;
    if !refused.is_empty() {
        send(w, &Message::Refused(refused)).map_err(io_err)?;
    }
    send(w, &Message::Applied(applied)).map_err(io_err)?;
    let to_send = here.ops_missing_from(&theirs).map_err(|e| e.to_string())?;
    for chunk in to_send.chunks(BATCH) {
        send(w, &Message::Ops(chunk.to_vec())).map_err(io_err)?;
    }
    send(w, &Message::Done).map_err(io_err)?;
    Ok(())
}

struct BufWriterRef<'a>(&'a mut dyn Write);

impl Write for BufWriterRef<'_> {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.write(b)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}
