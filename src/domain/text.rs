//! Text from outside (rosters, pastes, other machines) is cleaned before it is stored or shown,
//! and measured as a terminal draws it.

use unicode_width::UnicodeWidthChar;

const ZWJ: char = '\u{200D}';
const ZWNJ: char = '\u{200C}';

/// Removes control and escape characters and invisible ones (zero-width spaces, joiners that
/// join nothing, bidirectional controls, byte-order marks), keeping newlines and tabs (tabs
/// become spaces). A joiner stays between two emoji (family and profession emoji are made so)
/// and between two letters of a script that needs it.
pub fn clean_text(s: &str) -> String {
    // Printable ASCII and line breaks are kept as they are: most text, at the cost of one scan.
    if s.bytes().all(|b| (0x20..0x7f).contains(&b) || b == b'\n') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let chars = without_escapes(s);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        match c {
            '\n' => out.push('\n'),
            '\r' => {
                if chars.get(i) != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\t' => out.push_str("    "),
            ZWJ | ZWNJ => {
                let before = out.chars().next_back();
                let after = chars[i..].iter().copied().find(|c| !is_skipped(*c));
                if let (Some(b), Some(a)) = (before, after) {
                    let emoji = c == ZWJ && is_emoji_end(b) && is_emoji(a);
                    let letters = is_joined_letter(b) && is_joined_letter(a);
                    if emoji || letters {
                        out.push(c);
                    }
                }
            }
            c if is_dropped(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// The characters of `s` without its terminal escape sequences, each taken whole (`ESC[31m`
/// would otherwise leave `[31m` in a name); a lone ESC is left for the cleaning to drop.
fn without_escapes(s: &str) -> Vec<char> {
    let chars: Vec<char> = s.chars().collect();
    if !chars.iter().any(|c| matches!(c, '\u{1b}' | '\u{9b}')) {
        return chars;
    }
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        if matches!(c, '\u{1b}' | '\u{9b}') {
            i = escape_end(&chars, i, c == '\u{9b}');
        } else {
            out.push(c);
        }
    }
    out
}

/// Where the escape sequence whose introducer ends before `i` ends: a control sequence
/// (`ESC [` or CSI) runs to its final byte, an operating-system command or string (`ESC ]`,
/// `ESC P`, `ESC X`, `ESC ^`, `ESC _`) to BEL or `ESC \`, and any other escape takes the one
/// printable ASCII character after it. Text that does not finish the sequence is taken with it.
fn escape_end(chars: &[char], mut i: usize, csi: bool) -> usize {
    let kind = if csi {
        Some('[')
    } else {
        chars
            .get(i)
            .copied()
            .filter(|c| ('\u{20}'..='\u{7e}').contains(c))
    };
    if !csi && kind.is_some() {
        i += 1;
    }
    match kind {
        Some('[') => {
            while let Some(&c) = chars.get(i) {
                i += 1;
                if ('\u{40}'..='\u{7e}').contains(&c) {
                    break;
                }
                if !('\u{20}'..='\u{3f}').contains(&c) {
                    // Not a control sequence after all: the character is kept.
                    return i - 1;
                }
            }
            i
        }
        Some(']' | 'P' | 'X' | '^' | '_') => {
            while let Some(&c) = chars.get(i) {
                i += 1;
                if c == '\u{7}' || c == '\u{9c}' {
                    break;
                }
                if c == '\u{1b}' && chars.get(i) == Some(&'\\') {
                    i += 1;
                    break;
                }
            }
            i
        }
        _ => i,
    }
}

/// Like [`clean_text`], for one-line values such as names: newlines become spaces, runs of
/// spaces become one, ends trimmed.
pub fn clean_line(s: &str) -> String {
    let plain = s.bytes().all(|b| (0x20..0x7f).contains(&b));
    if plain && !s.starts_with(' ') && !s.ends_with(' ') && !s.contains("  ") {
        return s.to_string();
    }
    let cleaned = clean_text(s);
    let joined = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    // Trimming can leave a joiner at an end, where it joins nothing.
    if joined.starts_with([ZWJ, ZWNJ]) || joined.ends_with([ZWJ, ZWNJ]) {
        clean_line(joined.trim_matches([ZWJ, ZWNJ]))
    } else {
        joined
    }
}

/// How many terminal columns the text takes, as terminals draw it: each character by its own
/// width (as xterm, VTE, tmux and the `vt100` emulator do), so an emoji ZWJ sequence takes the
/// columns of its parts (👩‍👩‍👧 is 6, where `unicode-width`'s string width says 2), a skin
/// tone is a wide character of its own, combining marks and joiners take none. Control
/// characters count as none: clean text first.
pub fn display_width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

/// One character's columns. `unicode-width` gives U+17D8 (Khmer sign beyyal) 3; no terminal
/// cell is wider than 2.
fn char_width(c: char) -> usize {
    c.width().unwrap_or(0).min(2)
}

/// The text cut to at most `width` columns (by [`display_width`]), with "…" where it was cut.
pub fn fit_width(s: &str, width: usize) -> String {
    if display_width(s) <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = char_width(c);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// Characters that leave nothing behind (line breaks and tabs do).
fn is_skipped(c: char) -> bool {
    is_dropped(c) && !matches!(c, '\n' | '\r' | '\t')
}

/// Characters that are dropped wherever they appear: controls, bidirectional marks, embeddings,
/// overrides and isolates, zero-width spaces, word joiners, byte-order marks, soft hyphens.
fn is_dropped(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{061C}'
                | '\u{180E}'
                | '\u{200B}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{206F}'
                | '\u{FEFF}'
                | '\u{FFF9}'..='\u{FFFB}'
        )
}

/// Pictographs that take part in emoji sequences.
fn is_emoji(c: char) -> bool {
    matches!(c,
        '\u{00A9}' | '\u{00AE}' | '\u{203C}' | '\u{2049}' | '\u{2122}' | '\u{2139}'
        | '\u{2194}'..='\u{21AA}' | '\u{231A}'..='\u{23FF}' | '\u{24C2}' | '\u{25AA}'..='\u{27BF}'
        | '\u{2934}' | '\u{2935}' | '\u{2B05}'..='\u{2B55}' | '\u{3030}' | '\u{303D}'
        | '\u{3297}' | '\u{3299}' | '\u{1F000}'..='\u{1FAFF}')
}

/// What can end the emoji before a joiner: an emoji, a skin tone, or the emoji presentation
/// selector.
fn is_emoji_end(c: char) -> bool {
    is_emoji(c) || c == '\u{FE0F}'
}

/// Letters of scripts whose spelling uses joiners (Arabic, Persian, the Indic scripts,
/// Sinhala, Khmer…): anything alphabetic or a combining mark outside ASCII and Latin.
fn is_joined_letter(c: char) -> bool {
    matches!(c, '\u{0590}'..='\u{1CFF}' | '\u{A800}'..='\u{ABFF}' | '\u{11000}'..='\u{11FFF}')
        && (c.is_alphanumeric() || c.width() == Some(0))
}

/// A count with its noun: "1 student", "12 students", "0 check-ins".
pub fn count(n: u64, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// "A, B and C": a few things named in an English sentence.
pub fn and_list<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [rest @ .., last] => {
            let rest: Vec<&str> = rest.iter().map(AsRef::as_ref).collect();
            format!("{} and {}", rest.join(", "), last.as_ref())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_escape_sequences() {
        assert_eq!(clean_text("a\x1b[31mred\x07b"), "aredb");
        assert_eq!(clean_text("line1\r\nline2\rline3"), "line1\nline2\nline3");
        assert_eq!(clean_text("\u{202E}abc"), "abc");
    }

    #[test]
    fn clean_line_joins_lines() {
        assert_eq!(clean_line("  Zoë \n O'Neill\t"), "Zoë O'Neill");
        assert_eq!(clean_line("李\u{0}小龙"), "李小龙");
    }

    #[test]
    fn terminal_escape_sequences_go_whole() {
        assert_eq!(clean_line("\u{202e}Marcus\u{1b}[31m Bell"), "Marcus Bell");
        assert_eq!(clean_line("A\u{1b}[1;38;5;196mB\u{1b}[0m"), "AB");
        assert_eq!(clean_line("A\u{9b}2JB"), "AB");
        assert_eq!(clean_line("A\u{1b}]0;title\u{7}B"), "AB");
        assert_eq!(clean_line("A\u{1b}]8;;http://x\u{1b}\\B"), "AB");
        assert_eq!(clean_line("A\u{1b}cB"), "AB");
        assert_eq!(clean_line("A\u{1b}"), "A");
        // Not a control sequence: what follows is kept.
        assert_eq!(clean_line("A\u{1b}[é"), "Aé");
    }

    #[test]
    fn invisible_characters_are_removed() {
        assert_eq!(clean_line("Amara\u{200B} Okafor"), "Amara Okafor");
        assert_eq!(clean_line("\u{200D}\u{200D}\u{200D}"), "");
        assert_eq!(clean_line("\u{202E}"), "");
        assert_eq!(clean_line("\u{FEFF}Ana\u{200F}\u{2067}"), "Ana");
        assert_eq!(clean_line("Ana\u{200D} Lee"), "Ana Lee");
        assert_eq!(clean_line("A\u{200D}na"), "Ana");
    }

    #[test]
    fn joiners_stay_where_they_join() {
        let family = "👩\u{200D}👩\u{200D}👧";
        assert_eq!(clean_line(family), family);
        let technologist = "🧑🏽\u{200D}💻";
        assert_eq!(clean_line(technologist), technologist);
        let persian = "می\u{200C}خواهم";
        assert_eq!(clean_line(persian), persian);
    }

    #[test]
    fn width_is_what_the_terminal_draws() {
        assert_eq!(display_width("Amara Okafor"), 12);
        assert_eq!(display_width("李小龙"), 6);
        // Each part of a ZWJ sequence takes its own columns, as xterm and VTE draw it; the
        // string width of unicode-width calls the whole sequence 2.
        assert_eq!(display_width("👩\u{200D}👩\u{200D}👧"), 6);
        assert_eq!(
            unicode_width::UnicodeWidthStr::width("👩\u{200D}👩\u{200D}👧"),
            2
        );
        assert_eq!(display_width("👋🏽"), 4);
        assert_eq!(display_width("e\u{301}\u{302}\u{303}"), 1);
        assert_eq!(display_width("a\u{200F}b\u{200E}"), 2);
        assert_eq!(display_width("\u{17D8}"), 2);
        assert_eq!(fit_width("李小龙 Lee", 5), "李小…");
        assert_eq!(fit_width("Ana", 5), "Ana");
    }
}
