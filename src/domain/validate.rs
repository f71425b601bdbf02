//! Validation errors: one clear sentence each.

use std::fmt;

/// A value that cannot be part of a plan, with the sentence that says why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError(String);

impl ValidationError {
    /// Wraps a sentence.
    pub fn new(msg: impl Into<String>) -> Self {
        ValidationError(msg.into())
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ValidationError {}
