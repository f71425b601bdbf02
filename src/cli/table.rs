//! Plain-text tables and CSV lines for command output.

use unicode_width::UnicodeWidthStr;

/// Columns of text, aligned by display width; the first column gives way when space is short.
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with these headings.
    pub fn new(header: &[&str]) -> Table {
        Table {
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row (cleaned of control characters).
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows
            .push(cells.iter().map(|c| crate::domain::clean_line(c)).collect());
    }

    /// Renders within `width` columns.
    pub fn render(&self, width: usize) -> String {
        let n = self.header.len();
        let mut widths: Vec<usize> = (0..n)
            .map(|i| {
                self.rows
                    .iter()
                    .map(|r| r.get(i).map(|c| c.width()).unwrap_or(0))
                    .chain([self.header[i].width()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let total: usize = widths.iter().sum::<usize>() + 2 * (n - 1);
        if total > width {
            let over = total - width;
            // The first column gives way, but not below 12 columns (nor grows to them).
            widths[0] = widths[0].saturating_sub(over).max(widths[0].min(12));
        }
        let mut out = String::new();
        let mut line = |cells: &[String]| {
            let mut l = String::new();
            for (i, w) in widths.iter().enumerate() {
                let c = cells.get(i).map(String::as_str).unwrap_or("");
                let c = fit(c, *w);
                l.push_str(&c);
                if i + 1 < n {
                    l.push_str(&" ".repeat(w - c.width() + 2));
                }
            }
            out.push_str(l.trim_end());
            out.push('\n');
        };
        line(&self.header);
        for r in &self.rows {
            line(r);
        }
        out
    }
}

/// Cuts text to a display width, marking the cut with "…".
pub fn fit(s: &str, w: usize) -> String {
    if s.width() <= w {
        return s.to_string();
    }
    let mut out = String::new();
    for ch in s.chars() {
        if out.width() + ch.to_string().width() + 1 > w {
            break;
        }
        out.push(ch);
    }
    out.push('…');
    out
}

/// One cell of a CSV line: text (a name, a word, a date) or a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell<'a> {
    /// Text, which a spreadsheet must never take for a formula.
    Text(&'a str),
    /// A number (a grade, a count, a share), written as it is: "-1" is pre-K, not a formula.
    Number(&'a str),
}

impl<'a> From<&'a str> for Cell<'a> {
    fn from(s: &'a str) -> Cell<'a> {
        Cell::Text(s)
    }
}

impl<'a> From<&'a String> for Cell<'a> {
    fn from(s: &'a String) -> Cell<'a> {
        Cell::Text(s)
    }
}

/// The characters a spreadsheet reads as the start of a formula (`=HYPERLINK(…)`, `+cmd`,
/// `-2+3`, `@SUM(…)`), or that some strip before reading one (tab, carriage return).
const FORMULA_STARTS: &[char] = &['=', '+', '-', '@', '\t', '\r'];

/// A text cell as a spreadsheet may safely open it: one that would start a formula gets a
/// single quote before it (OWASP's advice for CSV injection), so that a name from the SIS such
/// as `=HYPERLINK("…")` is shown as written and never run.
fn neutralised(text: String) -> String {
    if text.starts_with(FORMULA_STARTS) {
        format!("'{text}")
    } else {
        text
    }
}

/// One CSV line, quoting where needed; each cell cleaned of control characters, and a text
/// cell that a spreadsheet would take for a formula neutralised.
pub fn csv_line<'a>(cells: impl IntoIterator<Item = Cell<'a>>) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let _ = w.write_record(cells.into_iter().map(|c| match c {
        Cell::Text(t) => neutralised(crate::domain::clean_line(t)),
        Cell::Number(n) => crate::domain::clean_line(n),
    }));
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8_lossy(&bytes).trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_fit_and_csv_quotes() {
        let mut t = Table::new(&["Name", "Grade"]);
        t.row(vec!["Zoë O'Neill".into(), "9".into()]);
        let s = t.render(80);
        assert_eq!(s, "Name         Grade\nZoë O'Neill  9\n");
        assert_eq!(
            csv_line(["Smith, Jr.", "a\"b"].map(Cell::Text)),
            "\"Smith, Jr.\",\"a\"\"b\""
        );
        assert_eq!(fit("abcdef", 4), "abc…");
    }

    #[test]
    fn text_a_spreadsheet_would_run_is_neutralised_and_numbers_are_not() {
        let line = csv_line([
            Cell::Text("=HYPERLINK(\"http://e.x\")"),
            Cell::Text("+cmd"),
            Cell::Text("-X"),
            Cell::Text("@x"),
            Cell::Text("\t=1+1"),
            Cell::Text("Ana-Maria"),
            Cell::Number("-1"),
            Cell::Number("12.5%"),
        ]);
        assert_eq!(
            line,
            "\"'=HYPERLINK(\"\"http://e.x\"\")\",'+cmd,'-X,'@x,'=1+1,Ana-Maria,-1,12.5%"
        );
    }
}
