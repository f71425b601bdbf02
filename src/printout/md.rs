//! A printout as Markdown, for e-mail or a plain-text reader; charts become a row of marks.

use super::charts;
use super::doc::{Block, Doc};

/// Renders one printout.
pub fn render(d: &Doc) -> String {
    let mut o = String::new();
    if let Some(s) = &d.school {
        o.push_str(&format!("{}\n\n", escape(s)));
    }
    o.push_str(&format!("# {}\n\n", escape(&d.title)));
    o.push_str(&format!("*{}*\n\n", escape(&d.kicker)));
    let mut facts = d.about_line.clone();
    facts.extend(d.contact_lines.iter().cloned());
    for f in facts {
        o.push_str(&format!("{}  \n", escape(&f)));
    }
    for s in &d.sections {
        o.push('\n');
        if let Some(k) = &s.kicker {
            o.push_str(&format!("## {}: {}\n\n", escape(k), escape(&s.heading)));
        } else {
            o.push_str(&format!("## {}\n\n", escape(&s.heading)));
        }
        for b in &s.blocks {
            match b {
                Block::Quote { text, cite } => o.push_str(&format!(
                    "> “{}”  \n> — {}\n\n",
                    escape(text).replace('\n', "  \n> "),
                    escape(cite)
                )),
                Block::Para(t) => o.push_str(&format!("{}\n\n", lines(t))),
                Block::Muted(t) => o.push_str(&format!("*{}*\n\n", escape(t))),
                Block::Field { label, text } => {
                    o.push_str(&format!("**{}:** {}\n\n", escape(label), lines(text)))
                }
                Block::Celebrate(t) => o.push_str(&format!("★ **{}**\n\n", escape(t))),
                Block::Chart(c) => o.push_str(&format!(
                    "**{}:** {}  \n{}  \n*{}*\n\n",
                    escape(&c.caption),
                    escape(&c.latest),
                    escape(&charts::marks(c)),
                    escape(&c.scale)
                )),
                Block::Subheading(t) => o.push_str(&format!("### {}\n\n", escape(t))),
                Block::Item { text, detail } => {
                    let end = if detail.is_empty() { "" } else { "  " };
                    o.push_str(&format!("- {}{end}\n", lines(text)));
                    for l in detail {
                        o.push_str(&format!("  {}  \n", escape(l)));
                    }
                }
            }
        }
    }
    o.push_str(&format!("\n---\n\n*{}*\n", escape(&d.footnote)));
    o
}

fn lines(t: &str) -> String {
    escape(t).replace('\n', "  \n  ")
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
