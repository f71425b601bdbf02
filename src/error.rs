//! A command or app run that could not be done: one sentence for a person, and its exit code.
//!
//! Both the command line and the terminal app end in this type, so neither depends on the other.

use crate::domain::ValidationError;
use crate::store::StoreError;

/// A failure at the edge, ready to be printed as one sentence.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Exit 1: the command could not be done.
    #[error("{0}")]
    Failure(String),
    /// Exit 2: the command was not given correctly.
    #[error("{0}")]
    Usage(String),
    /// Exit 1: the command could not be done, and said why where it is read (the far side of
    /// a sync tells the client, which says it): nothing more is printed.
    #[error("")]
    Said,
}

impl Error {
    /// The process exit code.
    pub fn code(&self) -> i32 {
        match self {
            Error::Failure(_) | Error::Said => 1,
            Error::Usage(_) => 2,
        }
    }
}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Self {
        Error::Failure(e.to_string())
    }
}

impl From<ValidationError> for Error {
    fn from(e: ValidationError) -> Self {
        Error::Failure(e.to_string())
    }
}

/// Results at the edge.
pub type Result<T = ()> = std::result::Result<T, Error>;

/// Writes one line to standard error. A standard error that cannot be written (a closed or
/// full device) is not a reason to stop: the exit code still tells what happened.
pub fn tell(line: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{}", shown(&line.to_string()));
}

/// A line as it may reach a terminal: a control character inside it (an escape sequence in a
/// file's name, which would clear the screen or colour what follows) is shown as `?`.
fn shown(line: &str) -> std::borrow::Cow<'_, str> {
    if !line
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return line.into();
    }
    line.chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                '?'
            } else {
                c
            }
        })
        .collect::<String>()
        .into()
}

/// Lines said on standard error once a command has done its work, and only then (a command
/// that fails says its one sentence instead): see [`tell_at_end`].
static AT_END: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

/// Keeps `line` to be said when the command succeeds ([`told_at_end`]).
pub fn tell_at_end(line: String) {
    if let Ok(mut lines) = AT_END.lock() {
        if !lines.contains(&line) {
            lines.push(line);
        }
    }
}

/// Says the lines kept by [`tell_at_end`], once.
pub fn told_at_end() {
    let lines = AT_END.lock().map(|mut l| std::mem::take(&mut *l));
    for line in lines.unwrap_or_default() {
        tell(format_args!("{line}"));
    }
}
