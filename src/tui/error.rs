//! What can end the terminal app early, each as one sentence.

use std::io;

/// A failure of the terminal app.
#[derive(Debug, thiserror::Error)]
pub enum TuiError {
    /// Signals could not be listened for.
    #[error("cannot start: {0}")]
    Start(io::Error),
    /// Standard input or output is not a terminal (a script, a pipe, a cron job).
    #[error(
        "the app needs a terminal, and this is not one; the commands work without one (plp --help)"
    )]
    NoTerminal,
    /// The terminal could not be taken over.
    #[error("cannot use this terminal: {0}")]
    Enter(io::Error),
    /// Reading keys from or drawing to the terminal failed.
    #[error("the terminal failed: {0}")]
    Terminal(io::Error),
}

impl From<TuiError> for crate::error::Error {
    fn from(e: TuiError) -> Self {
        crate::error::Error::Failure(e.to_string())
    }
}
