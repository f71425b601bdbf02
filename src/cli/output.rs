//! Standard output that never panics: a closed pipe (`plp students | head`) ends quietly.

use std::io::Write;

/// Where a command prints.
pub struct Out {
    inner: Box<dyn Write>,
    closed: bool,
}

impl Out {
    /// Standard output, buffered.
    pub fn stdout() -> Out {
        Out {
            inner: Box::new(std::io::BufWriter::new(std::io::stdout())),
            closed: false,
        }
    }

    /// Any writer (tests, `--out FILE`).
    pub fn to(w: Box<dyn Write>) -> Out {
        Out {
            inner: w,
            closed: false,
        }
    }

    /// Prints text as is.
    pub fn print(&mut self, s: &str) {
        if !self.closed && self.inner.write_all(s.as_bytes()).is_err() {
            self.closed = true;
        }
    }

    /// Prints a line.
    pub fn line(&mut self, s: &str) {
        self.print(s);
        self.print("\n");
    }
}

impl Drop for Out {
    fn drop(&mut self) {
        let _ = self.inner.flush();
    }
}
