//! What can go wrong in a sync, each as the one sentence a person is shown.

use crate::store::StoreError;

/// A sync failure.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The two sides speak different versions of the sync protocol.
    #[error("{}", mismatch(self))]
    ProtocolMismatch {
        /// The other side's plp version, as it gave it.
        plp: String,
        /// The other side's protocol.
        protocol: u32,
        /// Whether this side is the server (the sentence names this side first).
        serving: bool,
    },
    /// The other side answered with something other than the protocol's greeting.
    #[error("the other side does not speak the plp sync protocol")]
    NotTheProtocol,
    /// The other side sent a message out of turn.
    #[error("the other side broke the sync protocol")]
    BrokeProtocol,
    /// A line that is not a message of the protocol.
    #[error("the other side sent something that is not the plp sync protocol")]
    Garbled,
    /// The server expected something else of the client (what, in a few words).
    #[error("{0}")]
    Expected(&'static str),
    /// A message longer than the protocol allows.
    #[error("a message was too long")]
    TooLong,
    /// The stream ended where a message could start.
    #[error("the other side closed the connection")]
    Closed,
    /// The server closed the stream before the sync was over (the client's sentence, saying
    /// only what had come of the sync by then).
    #[error("{}", closed_early(.0))]
    ClosedEarly(Progress),
    /// The stream ended part way through a message.
    #[error("the connection closed in the middle of a message")]
    CutMessage,
    /// The stream ended part way through a copy.
    #[error("the connection closed in the middle of the copy")]
    CutCopy,
    /// The other side refused, in its own words (cleaned and cut to a sentence's length).
    #[error("the other side refused: {0}")]
    Refused(String),
    /// A copy of the other side's database was received but not taken in.
    #[error("the copy sent was refused: {0}")]
    CopyRefused(CopyFault),
    /// The copy's bytes could not be unpacked.
    #[error("the copy could not be read: {0}")]
    CopyUnreadable(String),
    /// More followed the copy than its end marker.
    #[error("the copy ran on past its end")]
    CopyRanOn,
    /// The check of the copy stopped before it could say.
    #[error("the copy could not be checked")]
    CopyNotChecked,
    /// The scratch file for a copy could not be written (why, in plain words).
    #[error("the copy could not be written beside the database: {0}")]
    Disk(String),
    /// Nothing arrived for too long.
    #[error("{}", super::timeout::stalled(None))]
    Timeout,
    /// Nothing arrived for too long, on the client (which says what had come of the sync).
    #[error("{}", super::timeout::stalled(Some(.0)))]
    Stalled(Progress),
    /// The connection failed (why, in plain words).
    #[error("the connection failed: {0}")]
    Connection(String),
    /// The database here failed.
    #[error("{0}")]
    Store(#[from] StoreError),
    /// A local file failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// Why a received copy was refused.
#[derive(Debug, thiserror::Error)]
pub enum CopyFault {
    /// Not an SQLite database of plp.
    #[error("it is not a plp database")]
    NotPlp,
    /// Written by a newer plp.
    #[error("it was written by a newer plp; upgrade plp here first")]
    Newer,
    /// Tables other than this plp's.
    #[error("its tables are not the ones this plp keeps")]
    Tables,
    /// A change log with gaps, or a version vector that does not match it.
    #[error("its change log has gaps")]
    Gaps,
    /// SQLite's check found damage.
    #[error("it is damaged")]
    Damaged,
    /// It unpacks to far more than the bytes that carried it.
    #[error("it unpacks to far more than was sent")]
    TooBig,
    /// Checking it failed (SQLite's own words where it gave some).
    #[error("{}", store_words(.0))]
    Check(StoreError),
    /// Opening, reading or rebuilding it failed.
    #[error("{0}")]
    Store(StoreError),
}

impl SyncError {
    /// The client's view of the stream ending or stalling: the server went before the sync
    /// was over, after `progress` (a message cut off part way is the server gone too, killed
    /// or its link dropped, and is said as that, with what was kept).
    pub fn from_the_client(self, progress: Progress) -> SyncError {
        match self {
            SyncError::Closed | SyncError::CutMessage => SyncError::ClosedEarly(progress),
            SyncError::Timeout => SyncError::Stalled(progress),
            e => e,
        }
    }

    /// A failure of the link while reading or writing.
    pub fn link(e: std::io::Error) -> SyncError {
        match e.kind() {
            std::io::ErrorKind::BrokenPipe => SyncError::Closed,
            std::io::ErrorKind::TimedOut => SyncError::Timeout,
            _ => SyncError::Connection(crate::store::io_reason(&e)),
        }
    }

    /// A failure writing the scratch file beside the database.
    pub fn disk(e: std::io::Error) -> SyncError {
        SyncError::Disk(crate::store::io_reason(&e))
    }
}

/// How far a client's sync got before the link ended.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    /// The other side answered the greeting.
    pub answered: bool,
    /// Changes received and kept.
    pub received: usize,
}

impl Progress {
    /// What was kept, as a clause.
    pub fn kept(&self) -> String {
        match self.received {
            0 => "nothing had been received here".into(),
            1 => "the 1 change received was kept".into(),
            n => format!("the {n} changes received were kept"),
        }
    }
}

fn closed_early(p: &Progress) -> String {
    if !p.answered {
        return "the other side closed the connection without answering; nothing was received \
                here"
            .into();
    }
    format!(
        "the other side closed the connection before the sync finished; {}, and syncing again \
         finishes it",
        p.kept()
    )
}

fn mismatch(e: &SyncError) -> String {
    let SyncError::ProtocolMismatch {
        plp,
        protocol,
        serving,
    } = e
    else {
        return String::new();
    };
    let ours = env!("CARGO_PKG_VERSION");
    let theirs = crate::domain::clean_line(plp);
    let known = super::protocol::newest_spoken();
    if *serving {
        format!(
            "this plp ({ours}) speaks sync protocol {known}; the other side (plp {theirs}) speaks \
             {protocol}: upgrade the older one"
        )
    } else {
        format!(
            "the other side (plp {theirs}) speaks sync protocol {protocol}; this plp ({ours}) \
             speaks {known}: upgrade the older one"
        )
    }
}

/// SQLite's own words where it gave some, else the store's sentence.
fn store_words(e: &StoreError) -> String {
    match e {
        StoreError::Sql(s) => s.clone(),
        e => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_that_ends_early_says_only_what_had_come_of_the_sync() {
        let said = |answered, received| {
            SyncError::Closed
                .from_the_client(Progress { answered, received })
                .to_string()
        };
        assert_eq!(
            said(false, 0),
            "the other side closed the connection without answering; nothing was received here"
        );
        assert!(said(true, 0).contains("; nothing had been received here, and syncing again"));
        assert!(said(true, 1).contains("; the 1 change received was kept, and syncing again"));
        assert!(said(true, 7).contains("; the 7 changes received were kept, and syncing again"));
        let cut = SyncError::CutMessage
            .from_the_client(Progress {
                answered: true,
                received: 12,
            })
            .to_string();
        assert!(
            cut.contains("before the sync finished; the 12 changes received were kept"),
            "{cut}"
        );
        let stalled = SyncError::Timeout
            .from_the_client(Progress::default())
            .to_string();
        assert!(
            stalled.contains("; nothing had been received here;"),
            "{stalled}"
        );
    }
}
