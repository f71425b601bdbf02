//! Text in columns: what a terminal draws for a string, and how wide it is.
//!
//! Terminals disagree about sequences (an emoji joined with ZWJ, a skin tone, a flag), and some
//! draw a direction mark or a zero-width space as a cell. So text put in a column is first made
//! plain: joiners, direction marks, zero-width spaces, variation selectors, skin-tone modifiers
//! and tag characters are left out, and at most two combining marks stay on a letter. What is
//! left is measured one character at a time, which is how every terminal measures it.

use unicode_width::UnicodeWidthChar;

/// Characters that change how their neighbours are drawn, or draw as nothing.
fn joins_or_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}'                  // soft hyphen
        | '\u{034F}'                // combining grapheme joiner
        | '\u{061C}'                // Arabic letter mark
        | '\u{115F}' | '\u{1160}'   // Hangul fillers
        | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}'   // Mongolian selectors
        | '\u{200B}'..='\u{200F}'   // zero-width space, ZWNJ, ZWJ, LRM, RLM
        | '\u{2028}'..='\u{202E}'   // separators, embeddings, overrides
        | '\u{2060}'..='\u{206F}'   // word joiner, invisible operators, isolates
        | '\u{3164}'                // Hangul filler
        | '\u{FE00}'..='\u{FE0F}'   // variation selectors
        | '\u{FEFF}'                // byte-order mark
        | '\u{FFA0}'
        | '\u{FFF0}'..='\u{FFFB}'
        | '\u{1F3FB}'..='\u{1F3FF}' // skin tones
        | '\u{E0000}'..='\u{E0FFF}' // tags, selectors
    )
}

fn combining(c: char) -> bool {
    c.width() == Some(0)
}

/// The text as put in a column: one line, plain (see the module), control characters gone.
pub fn plain(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut marks = 0;
    for c in crate::domain::clean_text(s).chars() {
        let c = if c == '\n' { ' ' } else { c };
        if joins_or_invisible(c) {
            continue;
        }
        if combining(c) {
            marks += 1;
            if marks > 2 || out.is_empty() {
                continue;
            }
        } else {
            marks = 0;
        }
        out.push(c);
    }
    out
}

/// Columns a plain text takes (each character by its own width, as terminals draw it).
pub fn width(s: &str) -> usize {
    crate::domain::display_width(s)
}

/// Whether a name shows nothing at all once made plain.
pub fn shows_nothing(s: &str) -> bool {
    plain(s).trim().is_empty()
}

/// A name as a person reads it, for telling look-alikes apart: plain, letters folded to their
/// Latin look-alike (Cyrillic "а" is "a"), case and spacing ignored.
pub fn looks_like(s: &str) -> String {
    deunicode::deunicode(&plain(s))
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Text cut to a width, with "…" where it was cut (leading spaces kept: they indent).
pub fn fit(s: &str, width_max: usize) -> String {
    let s = plain(s);
    if width(&s) <= width_max {
        return s;
    }
    let mut out = String::new();
    let mut w = 0;
    for ch in s.chars() {
        let cw = ch.width().unwrap_or(0);
        if w + cw + 1 > width_max {
            break;
        }
        out.push(ch);
        w += cw;
    }
    out.push('…');
    out
}

/// Text broken into rows of at most a width, at spaces where it can (a word wider than a row
/// is broken where the row ends).
pub fn wrap(s: &str, width_max: usize) -> Vec<String> {
    let width_max = width_max.max(1);
    let mut rows = Vec::new();
    let mut row = String::new();
    let mut w = 0;
    for word in plain(s).split(' ') {
        let ww = width(word);
        if w > 0 && w + 1 + ww > width_max {
            rows.push(std::mem::take(&mut row));
            w = 0;
        }
        if w > 0 {
            row.push(' ');
            w += 1;
        }
        for ch in word.chars() {
            let cw = ch.width().unwrap_or(0);
            if w + cw > width_max && w > 0 {
                rows.push(std::mem::take(&mut row));
                w = 0;
            }
            row.push(ch);
            w += cw;
        }
    }
    rows.push(row);
    rows
}

/// Text cut and padded with spaces to exactly a width.
pub fn pad(s: &str, width_max: usize) -> String {
    let mut out = fit(s, width_max);
    let w = width(&out);
    out.extend(std::iter::repeat_n(' ', width_max.saturating_sub(w)));
    out
}

/// The capital letter a regional indicator stands for (two of them make a flag: 🇺🇸 is U S).
fn regional_letter(c: char) -> Option<char> {
    let n = (c as u32).checked_sub(0x1F1E6).filter(|n| *n < 26)?;
    char::from_u32('A' as u32 + n)
}

/// Flags, and the regional indicators they are made of, drawn as their letters ("🇺🇸" as
/// "US", in the same two columns). Terminals disagree about them (one glyph two columns wide,
/// or each indicator on its own, one or two wide), and a column the terminal drew that the
/// screen's model did not is never cleared: when the text moved, a stray "🇸" stayed behind.
/// Letters are drawn alike by every terminal.
pub fn flags_as_letters(buf: &mut ratatui::buffer::Buffer) {
    let area = buf.area;
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let symbol = buf[(x, y)].symbol();
            if !symbol.chars().any(|c| regional_letter(c).is_some()) {
                continue;
            }
            // Only the indicators are kept, as letters, one to a column: the columns the
            // model gave the symbol (a flag takes two) are filled and no more.
            let span = unicode_width::UnicodeWidthStr::width(symbol).max(1);
            let letters: Vec<char> = symbol.chars().filter_map(regional_letter).collect();
            for i in 0..span {
                let at = x + i as u16;
                if at >= area.right() {
                    break;
                }
                let c = letters.get(i).copied().unwrap_or(' ');
                buf[(at, y)].set_char(c);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequences_become_what_every_terminal_draws_alike() {
        // A family (ZWJ), a wave with a skin tone, stacked marks, direction marks.
        assert_eq!(
            plain("A\u{1F469}\u{200D}\u{1F467}B"),
            "A\u{1F469}\u{1F467}B"
        );
        assert_eq!(plain("\u{1F44B}\u{1F3FD}"), "\u{1F44B}");
        assert_eq!(plain("e\u{301}\u{302}\u{303}\u{304}x"), "e\u{301}\u{302}x");
        assert_eq!(plain("\u{200F}Amara\u{200E}"), "Amara");
        assert_eq!(width(&plain("\u{1F44B}\u{1F3FD}")), 2);
        assert_eq!(width(&pad("Zoë\u{200B}", 6)), 6);
        assert_eq!(
            pad("\u{1F469}\u{200D}\u{1F467}abc", 5),
            "\u{1F469}\u{1F467}…"
        );
    }

    #[test]
    fn look_alikes_fold_together_and_invisible_names_show_nothing() {
        assert_eq!(
            looks_like("Amara Okafor"),
            looks_like("Am\u{0430}ra Okafor")
        );
        assert_eq!(
            looks_like("Amara Okafor"),
            looks_like("Ama\u{200B}ra  Okafor")
        );
        assert_ne!(looks_like("Amara Okafor"), looks_like("Amira Okafor"));
        assert!(shows_nothing("\u{200D}\u{200D} \u{202E}"));
        assert!(!shows_nothing("Zoë"));
    }
}
