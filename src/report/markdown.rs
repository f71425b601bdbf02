//! A plan summary as Markdown.

use super::summary::Summary;

/// Renders a summary as Markdown.
pub fn render(s: &Summary) -> String {
    let mut o = format!("# {}\n\n{}\n", escape(&s.title), escape(&s.subtitle));
    for sec in &s.sections {
        o.push_str(&format!("\n## {}\n\n", escape(&sec.heading)));
        for (label, text) in &sec.items {
            let text = escape(text).replace('\n', "  \n  ");
            if label.is_empty() {
                o.push_str(&format!("{text}\n"));
            } else {
                o.push_str(&format!("- **{}:** {text}\n", escape(label)));
            }
        }
    }
    o
}

/// Markdown punctuation that would change the meaning of a line is escaped.
fn escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for ch in s.chars() {
        if matches!(
            ch,
            '*' | '_' | '`' | '#' | '[' | ']' | '<' | '>' | '|' | '\\'
        ) {
            o.push('\\');
        }
        o.push(ch);
    }
    o
}
