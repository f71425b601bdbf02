//! Standard output that never panics: a closed pipe (`plp students | head`) ends quietly; any
//! other failure to write (a full disk) fails the command with one sentence.

use std::io::Write;

use super::CliError;

/// Where a command prints.
pub struct Out {
    inner: Box<dyn Write>,
    /// The first write error other than a closed pipe.
    failed: Option<std::io::Error>,
    closed: bool,
}

impl Out {
    /// Standard output, buffered.
    pub fn stdout() -> Out {
        Out::to(Box::new(std::io::BufWriter::new(std::io::stdout())))
    }

    /// Any writer (tests, `--out FILE`).
    pub fn to(w: Box<dyn Write>) -> Out {
        Out {
            inner: w,
            failed: None,
            closed: false,
        }
    }

    /// Prints text as is.
    pub fn print(&mut self, s: &str) {
        if self.closed {
            return;
        }
        if let Err(e) = self.inner.write_all(s.as_bytes()) {
            self.stop(e);
        }
    }

    /// Prints bytes as they are (a PDF sent down a pipe).
    pub fn bytes(&mut self, b: &[u8]) {
        if self.closed {
            return;
        }
        if let Err(e) = self.inner.write_all(b) {
            self.stop(e);
        }
    }

    /// Prints a line.
    pub fn line(&mut self, s: &str) {
        self.print(s);
        self.print("\n");
    }

    /// Flushes everything printed; a write that failed for any reason but a closed pipe is an
    /// error.
    pub fn finish(&mut self) -> Result<(), CliError> {
        if !self.closed {
            if let Err(e) = self.inner.flush() {
                self.stop(e);
            }
        }
        match self.failed.take() {
            None => Ok(()),
            Some(e) => Err(CliError::Failure(format!(
                "cannot write the output: {}",
                crate::store::io_reason(&e)
            ))),
        }
    }

    fn stop(&mut self, e: std::io::Error) {
        self.closed = true;
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            self.failed = Some(e);
        }
    }
}

impl Drop for Out {
    fn drop(&mut self) {
        if !self.closed {
            let _ = self.inner.flush();
        }
    }
}

/// Pretty JSON for output; a value that cannot be written as JSON fails the command rather than
/// printing nothing.
pub fn json<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, CliError> {
    serde_json::to_string_pretty(value)
        .map_err(|e| CliError::Failure(format!("the output cannot be written as JSON: {e}")))
}

/// Columns a name or value takes at most in a confirmation ("Lucía Nguyen: Given name set"):
/// a value as long as a field takes is said, not echoed whole.
const BRIEF_COLUMNS: usize = 60;

/// A name or value as a confirmation echoes it: cleaned, and cut with "…" when long.
pub fn brief(s: &str) -> String {
    crate::domain::fit_width(&crate::domain::clean_line(s), BRIEF_COLUMNS)
}

/// The first `n` of `items` joined by ", ", with " and K more" for the rest: a list a sentence
/// names without running on.
pub fn first_few(items: &[String], n: usize) -> String {
    let shown = items[..items.len().min(n)].join(", ");
    match items.len().saturating_sub(n) {
        0 => shown,
        more => format!("{shown} and {more} more"),
    }
}

/// `one` when `n` is 1, else `many`: the ending of a counted word ("", "s"; "y", "ies").
pub fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 {
        one
    } else {
        many
    }
}

#[cfg(test)]
mod tests {
    use super::first_few;

    #[test]
    fn a_list_is_cut_after_its_first_few_and_says_how_many_more() {
        let items: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        assert_eq!(first_few(&items, 5), "a, b, c");
        assert_eq!(first_few(&items, 2), "a, b and 1 more");
        assert_eq!(first_few(&[], 2), "");
    }
}
