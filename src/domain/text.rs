//! Text from outside (rosters, pastes, other machines) is cleaned before it is stored or shown.

/// Removes control and escape characters, keeping newlines and tabs (tabs become spaces).
pub fn clean_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => out.push('\n'),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\t' => out.push_str("    "),
            c if c.is_control() || is_invisible_format(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Like [`clean_text`], for one-line values such as names: newlines become spaces, ends trimmed.
pub fn clean_line(s: &str) -> String {
    clean_text(s)
        .split('\n')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .trim()
        .to_string()
}

/// Bidirectional overrides can reorder what a terminal shows; they have no place in a plan.
fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_escape_sequences() {
        assert_eq!(clean_text("a\x1b[31mred\x07b"), "a[31mredb");
        assert_eq!(clean_text("line1\r\nline2\rline3"), "line1\nline2\nline3");
        assert_eq!(clean_text("\u{202E}abc"), "abc");
    }

    #[test]
    fn clean_line_joins_lines() {
        assert_eq!(clean_line("  Zoë \n O'Neill\t"), "Zoë O'Neill");
        assert_eq!(clean_line("李\u{0}小龙"), "李小龙");
    }
}
