//! Sync with another `plp` over a byte stream: the client side (`plp sync host:path`, through
//! ssh) and the server side (`plp serve --stdio`).

use std::io::{BufRead, Write};

use super::protocol::{newest_spoken, receive, send, Message, GIVES_COPIES, OLDEST};
use super::Summary;
use super::{Progress, SyncError};
use crate::store::Store;

fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

fn refused(e: &str) -> SyncError {
    SyncError::Refused(their_words(e))
}

fn check_hello(m: Message, spoken: u32) -> Result<(), SyncError> {
    match m {
        Message::Hello { protocol, .. } if protocol == spoken => Ok(()),
        Message::Hello { protocol, plp } => Err(SyncError::ProtocolMismatch {
            plp,
            protocol,
            serving: false,
        }),
        Message::Error(e) => Err(match older_server(&e) {
            Some((plp, protocol)) => SyncError::ProtocolMismatch {
                plp,
                protocol,
                serving: false,
            },
            None => refused(&e),
        }),
        _ => Err(SyncError::NotTheProtocol),
    }
}

/// The plp version and protocol of a server that refused this client's greeting because it
/// speaks only an older protocol, read from its sentence ("this plp (0.1.0) speaks sync
/// protocol 3; the other side …"): such a server is greeted again in its own protocol.
fn older_server(sentence: &str) -> Option<(String, u32)> {
    let rest = sentence.strip_prefix("this plp (")?;
    let (plp, rest) = rest.split_once(") speaks sync protocol ")?;
    let (protocol, _) = rest.split_once(';')?;
    let protocol: u32 = protocol.parse().ok()?;
    (protocol < newest_spoken()).then(|| (plp.to_string(), protocol))
}

/// Whether a client refused with `e` may greet the server again in an older protocol it also
/// speaks, and which.
pub fn speak_instead(e: &SyncError) -> Option<u32> {
    match e {
        SyncError::ProtocolMismatch {
            protocol,
            serving: false,
            ..
        } if (OLDEST..newest_spoken()).contains(protocol) => Some(*protocol),
        _ => None,
    }
}

/// The client: two-way sync with the `plp serve` at the other end of the stream.
pub fn sync_client(
    here: &mut Store,
    r: &mut impl BufRead,
    w: &mut impl Write,
) -> Result<Summary, SyncError> {
    sync_client_speaking(here, r, w, newest_spoken())
}

/// As [`sync_client`], greeting the server in `protocol` (an older one it speaks, after
/// [`speak_instead`] said so).
pub fn sync_client_speaking(
    here: &mut Store,
    r: &mut impl BufRead,
    w: &mut impl Write,
    protocol: u32,
) -> Result<Summary, SyncError> {
    let mut progress = Progress::default();
    client(here, r, w, protocol, &mut progress).map_err(|e| e.from_the_client(progress))
}

fn client(
    here: &mut Store,
    r: &mut impl BufRead,
    w: &mut impl Write,
    protocol: u32,
    progress: &mut Progress,
) -> Result<Summary, SyncError> {
    here.refuse_if_partial("this database")?;
    super::scratch::sweep_beside(here.path());
    let before = here.conflicts()?.len();
    send(
        w,
        &Message::Hello {
            protocol,
            plp: version(),
        },
    )
    .map_err(SyncError::link)?;
    check_hello(receive(r)?, protocol)?;
    progress.answered = true;
    let me = here.replica().to_string();
    let shared = here.shared_seq()?;
    send(w, &Message::Vv(vv_to_send(here, shared)?)).map_err(SyncError::link)?;
    let theirs = match receive(r)? {
        Message::Vv(v) => v,
        Message::Error(e) => return Err(refused(&e)),
        _ => return Err(SyncError::BrokeProtocol),
    };
    if here.op_count()? == 0 && !theirs.is_empty() {
        // A new replica starts as a copy of the far side's database.
        send(w, &Message::WantCopy).map_err(SyncError::link)?;
        match receive(r)? {
            Message::Copy => {}
            Message::Error(e) => return Err(refused(&e)),
            _ => return Err(SyncError::BrokeProtocol),
        }
        let received = super::snapshot::receive(here, r)?;
        return Ok(Summary {
            sent: 0,
            received,
            conflicts_before: before,
            conflicts_after: here.conflicts()?.len(),
            ..Summary::default()
        });
    }
    if protocol >= GIVES_COPIES && theirs.is_empty() && here.op_count()? > 0 {
        // A new far side starts as a copy of this database, as one on this machine does.
        if let Some(summary) = give_copy(here, r, w, before)? {
            return Ok(summary);
        }
    }
    // The other side holds more of this replica's own changes than are known to be shared: this
    // file may have lost some (a restored backup). Its own changes wait until the ones sent
    // back have been compared with them.
    let unsure = theirs.get(&me).copied().unwrap_or(0) > shared;
    let mut link = None;
    let sent = here.missing_in_batches(&theirs, unsure.then_some(me.as_str()), |batch| {
        send(w, &Message::Ops(batch))
            .map_err(|e| {
                link = Some(e);
                crate::store::StoreError::Sql("the link failed".into())
            })
            .map(|_| ())
    });
    if let Some(e) = link {
        return Err(SyncError::link(e));
    }
    let sent = sent?;
    send(w, &Message::Done).map_err(SyncError::link)?;
    let mut summary = Summary {
        sent,
        conflicts_before: before,
        ..Summary::default()
    };
    loop {
        match receive(r)? {
            Message::Refused(list) => summary.refused.extend(
                list.iter()
                    .take(100)
                    .map(|e| format!("the other side refused: {}", their_words(e))),
            ),
            Message::Note(note) => summary.notes.push(their_words(&note)),
            Message::Applied(_) => break,
            Message::Error(e) => return Err(refused(&e)),
            _ => return Err(SyncError::BrokeProtocol),
        }
    }
    let mut intake = super::Intake::default();
    let mut own_back = Vec::new();
    loop {
        match receive(r)? {
            Message::Ops(ops) => {
                let (own, others): (Vec<_>, Vec<_>) =
                    ops.into_iter().partition(|o| o.replica == me);
                own_back.extend(own);
                progress.received += intake.take(here, others)?;
            }
            Message::Done => break,
            Message::Error(e) => return Err(refused(&e)),
            _ => return Err(SyncError::BrokeProtocol),
        }
    }
    let reclaimed = take_back(here, &mut intake, own_back)?;
    if let Some(r) = &reclaimed {
        summary
            .notes
            .push(r.sentence("this database", "the other side"));
    }
    let applied = intake.finish();
    summary.refused.extend(applied.refused);
    summary.received = applied.new;
    summary.conflicts_after = here.conflicts()?.len();
    let own = here.own_seq()?;
    if !unsure {
        here.set_shared_seq(own)?;
    } else if reclaimed.is_none() {
        let held = theirs.get(&me).copied().unwrap_or(0);
        here.set_shared_seq(held.min(own))?;
    }
    // What was held back goes in a second round.
    summary.again = unsure;
    Ok(summary)
}

/// Offers the far side, which holds no change, a copy of this database instead of every
/// change; `None` when it declines (it holds a draft), and the changes go one by one.
fn give_copy(
    here: &mut Store,
    r: &mut impl BufRead,
    w: &mut impl Write,
    conflicts: usize,
) -> Result<Option<Summary>, SyncError> {
    send(w, &Message::OfferCopy).map_err(SyncError::link)?;
    match receive(r)? {
        Message::TakeCopy => {}
        Message::DeclineCopy => return Ok(None),
        Message::Error(e) => return Err(refused(&e)),
        _ => return Err(SyncError::BrokeProtocol),
    }
    super::snapshot::send(here, w)?;
    let mut summary = Summary {
        conflicts_before: conflicts,
        conflicts_after: conflicts,
        ..Summary::default()
    };
    loop {
        match receive(r)? {
            Message::Note(note) => summary.notes.push(their_words(&note)),
            Message::Applied(n) => {
                summary.sent = n;
                break;
            }
            Message::Error(e) => return Err(refused(&e)),
            _ => return Err(SyncError::BrokeProtocol),
        }
    }
    match receive(r)? {
        Message::Done => {}
        Message::Error(e) => return Err(refused(&e)),
        _ => return Err(SyncError::BrokeProtocol),
    }
    // The far side now holds every change this one has made.
    here.set_shared_seq(here.own_seq()?)?;
    Ok(Some(summary))
}

/// The version vector to send: this replica's own entry only as far as its changes are known to
/// be shared, so that the other side sends back any it holds beyond that, to compare.
fn vv_to_send(here: &Store, shared: i64) -> Result<super::VersionVector, SyncError> {
    let mut vv = here.version_vector()?;
    if let Some(own) = vv.get_mut(here.replica()) {
        *own = (*own).min(shared);
        if *own == 0 {
            vv.remove(here.replica());
        }
    }
    Ok(vv)
}

/// Compares this replica's own changes sent back by the other side with its own, takes back
/// lost history if there was any (see [`Store::reclaim_history`]), and takes in the rest.
fn take_back(
    here: &mut Store,
    intake: &mut super::Intake,
    mut own_back: Vec<crate::store::Op>,
) -> Result<Option<crate::store::Reclaimed>, SyncError> {
    if own_back.is_empty() {
        return Ok(None);
    }
    own_back.sort_by_key(|o| o.seq);
    let reclaimed = here.reclaim_history(&own_back)?;
    intake.take(here, own_back)?;
    Ok(reclaimed)
}

/// Words from the other side, cleaned and cut to a sentence's length.
fn their_words(s: &str) -> String {
    const MAX: usize = 300;
    let clean = crate::domain::clean_line(s);
    if clean.chars().count() <= MAX {
        clean
    } else {
        clean.chars().take(MAX).collect::<String>() + "…"
    }
}

/// For `plp serve` with no database to serve (none at the path, or one it cannot open): reads
/// the client's greeting and answers with `why`, which the client says. Returns whether the
/// answer was sent.
pub fn refuse_unopened(r: &mut impl BufRead, w: &mut impl Write, why: &str) -> bool {
    if !matches!(receive(r), Ok(Message::Hello { .. })) {
        return false;
    }
    send(w, &Message::Error(why.to_string())).is_ok() && w.flush().is_ok()
}

/// The server: answers one client on the stream. Anything but the protocol is refused; a
/// client that has gone is not answered.
pub fn serve(here: &mut Store, r: &mut impl BufRead, w: &mut impl Write) -> Result<(), SyncError> {
    let refuse = |w: &mut dyn Write, e: SyncError| -> Result<(), SyncError> {
        if !matches!(e, SyncError::Closed) {
            let _ = send(&mut BufWriterRef(w), &Message::Error(e.to_string()));
        }
        Err(e)
    };
    super::scratch::sweep_beside(here.path());
    let spoken = match receive(r) {
        Ok(Message::Hello { protocol, .. }) if (OLDEST..=newest_spoken()).contains(&protocol) => {
            protocol
        }
        Ok(Message::Hello { protocol, plp }) => {
            return refuse(
                w,
                SyncError::ProtocolMismatch {
                    plp,
                    protocol,
                    serving: true,
                },
            )
        }
        Ok(_) => {
            return refuse(
                w,
                SyncError::Expected("plp serve speaks only the sync protocol"),
            )
        }
        Err(e) => return refuse(w, e),
    };
    if let Err(e) = here.refuse_if_partial("the far side's database") {
        return refuse(w, SyncError::Store(e));
    }
    send(
        w,
        &Message::Hello {
            protocol: spoken,
            plp: version(),
        },
    )
    .map_err(SyncError::link)?;
    let theirs = match receive(r) {
        Ok(Message::Vv(v)) => v,
        Ok(_) => return refuse(w, SyncError::Expected("expected a version vector")),
        Err(e) => return refuse(w, e),
    };
    let me = here.replica().to_string();
    let shared = here.shared_seq()?;
    send(w, &Message::Vv(vv_to_send(here, shared)?)).map_err(SyncError::link)?;
    let mut intake = super::Intake::default();
    let mut own_back = Vec::new();
    let mut batches = 0;
    loop {
        match receive(r) {
            Ok(Message::Ops(ops)) => {
                batches += 1;
                let (own, others): (Vec<_>, Vec<_>) =
                    ops.into_iter().partition(|o| o.replica == me);
                own_back.extend(own);
                if let Err(e) = intake.take(here, others) {
                    return refuse(w, e.into());
                }
            }
            Ok(Message::Done) => break,
            Ok(Message::OfferCopy) if spoken >= GIVES_COPIES && batches == 0 => {
                match holds_nothing(here) {
                    Ok(true) => {}
                    Ok(false) => {
                        send(w, &Message::DeclineCopy).map_err(SyncError::link)?;
                        continue;
                    }
                    Err(e) => return refuse(w, e),
                }
                send(w, &Message::TakeCopy).map_err(SyncError::link)?;
                let taken = match super::snapshot::receive(here, r) {
                    Ok(n) => n,
                    Err(e) => return refuse(w, e),
                };
                send(w, &Message::Applied(taken)).map_err(SyncError::link)?;
                send(w, &Message::Done).map_err(SyncError::link)?;
                return Ok(());
            }
            Ok(Message::WantCopy) if own_back.is_empty() => {
                send(w, &Message::Copy).map_err(SyncError::link)?;
                return super::snapshot::send(here, w).map(|_| ());
            }
            Ok(_) => return refuse(w, SyncError::Expected("expected changes")),
            Err(e) => return refuse(w, e),
        }
    }
    let reclaimed = match take_back(here, &mut intake, own_back) {
        Ok(r) => r,
        Err(e) => return refuse(w, e),
    };
    if let Some(r) = reclaimed {
        send(w, &Message::Note(r.sentence("the other side", "this side")))
            .map_err(SyncError::link)?;
    }
    let applied = intake.finish();
    if !applied.refused.is_empty() {
        send(w, &Message::Refused(applied.refused)).map_err(SyncError::link)?;
    }
    send(w, &Message::Applied(applied.new)).map_err(SyncError::link)?;
    let mut link = None;
    let sent = here.missing_in_batches(&theirs, None, |batch| {
        send(w, &Message::Ops(batch))
            .map_err(|e| {
                link = Some(e);
                crate::store::StoreError::Sql("the link failed".into())
            })
            .map(|_| ())
    });
    if let Some(e) = link {
        return Err(SyncError::link(e));
    }
    sent?;
    send(w, &Message::Done).map_err(SyncError::link)?;
    let own = here.own_seq()?;
    here.set_shared_seq(own)?;
    Ok(())
}

/// Whether the far side's database holds nothing a copy would replace: no change and no draft.
fn holds_nothing(here: &Store) -> Result<bool, SyncError> {
    Ok(here.op_count()? == 0 && !here.has_drafts()?)
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
