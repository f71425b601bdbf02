//! The text the caseload filter matches, made once per caseload read: every line's name, SIS id
//! and advisor in one buffer, lower-cased for the quick tests, with the letters and digits each
//! line holds kept as a bit set beside it (see [`super::filter_score`] for how they are used).

use std::collections::HashMap;
use std::sync::Arc;

use nucleo_matcher::{Utf32Str, Utf32String};

use crate::store::CaseloadRow;

/// Every caseload line's filter text, one buffer for all.
#[derive(Default)]
pub struct Haystacks {
    /// Every line's filter text, one after another, as the matcher compares it with a query of
    /// ASCII letters and digits: ASCII lines as they are, other lines folded a character at a
    /// time (see [`fold`]).
    text: Vec<u8>,
    /// Where each line's text ends in `text` (it starts where the one before ends).
    ends: Vec<u32>,
    /// `text` as the quick tests read it: each line after a space of its own, upper case
    /// lowered and any white space a space (line `i` starts `i` bytes later than in `text`).
    lower: Vec<u8>,
    /// Per line, the letters and digits its text can match ([`letters`]), with [`WIDE`] set for
    /// a line that is not ASCII; every bit for a line whose folding the quick tests cannot
    /// trust, which is never passed over and always scored.
    letters: Vec<u64>,
    /// The filter text of the lines that are not ASCII, kept as the matcher wants it.
    wide: HashMap<u32, Utf32String>,
}

/// The bit of [`Haystacks`]' letters that marks a line that is not ASCII.
const WIDE: u64 = 1 << 63;

/// [`Haystacks`] shared between the screen and work beside it; two are equal only if they are
/// the same (a ranking is used only for the caseload it was made from).
#[derive(Clone, Default)]
pub struct SharedHay(pub Arc<Haystacks>);

impl PartialEq for SharedHay {
    fn eq(&self, other: &SharedHay) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl std::fmt::Debug for SharedHay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "filter text of {} lines", self.0.len())
    }
}

impl Haystacks {
    /// Room for `lines` lines.
    pub fn with_capacity(lines: usize) -> Haystacks {
        Haystacks {
            ends: Vec::with_capacity(lines),
            letters: Vec::with_capacity(lines),
            text: Vec::with_capacity(lines * 40),
            lower: Vec::with_capacity(lines * 41),
            ..Haystacks::default()
        }
    }

    /// Adds line `r`'s filter text after the others (`line` is a buffer kept between calls).
    pub fn push(&mut self, r: &CaseloadRow, line: &mut String) {
        haystack_into(r, line);
        let i = self.ends.len();
        let wide = (!line.is_ascii())
            .then(|| Utf32String::from(line.as_str()))
            // Accents that combine with an ASCII letter: the matcher reads the line's bytes
            // as they are (as `filter_among` hands them over).
            .filter(|w| !matches!(w, Utf32String::Unicode(c) if c.iter().all(char::is_ascii)));
        if let Some(wide) = wide {
            let set = match &wide {
                Utf32String::Unicode(chars) => fold(chars, &mut self.text),
                Utf32String::Ascii(text) => {
                    self.text.extend_from_slice(text.as_bytes());
                    Some(letters(text.as_bytes()))
                }
            };
            self.letters.push(set.map_or(u64::MAX, |set| set | WIDE));
            self.wide.insert(i as u32, wide);
        } else {
            self.text.extend_from_slice(line.as_bytes());
            self.letters.push(letters(line.as_bytes()));
        }
        let start = self.ends.last().map_or(0, |e| *e as usize);
        self.ends.push(self.text.len() as u32);
        self.lower.push(b' ');
        self.lower
            .extend(self.text[start..].iter().map(|b| match b {
                b if b.is_ascii_whitespace() => b' ',
                b => b.to_ascii_lowercase(),
            }));
    }

    /// How many lines.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Line `i`'s filter text, as the matcher takes it.
    pub fn hay(&self, i: usize) -> Utf32Str<'_> {
        if self.letters[i] & WIDE != 0 {
            if let Some(w) = self.wide.get(&(i as u32)) {
                return w.slice(..);
            }
        }
        Utf32Str::Ascii(self.bytes(i))
    }

    /// Line `i`'s text as a query of ASCII letters and digits sees it: a space, then a byte per
    /// character the matcher sees (the line itself when ASCII, folded otherwise), lower case,
    /// white space as a space; `None` when the quick tests cannot be trusted on it (it must be
    /// scored).
    pub fn folded(&self, i: usize) -> Option<&[u8]> {
        let start = self.start(i);
        (self.letters[i] != u64::MAX).then(|| &self.lower[start + i..self.ends[i] as usize + i + 1])
    }

    /// Whether line `i`'s text is not ASCII.
    pub fn is_wide(&self, i: usize) -> bool {
        self.letters[i] & WIDE != 0
    }

    fn bytes(&self, i: usize) -> &[u8] {
        &self.text[self.start(i)..self.ends[i] as usize]
    }

    /// Where line `i`'s text starts in `text` (where the one before it ends).
    fn start(&self, i: usize) -> usize {
        if i == 0 {
            0
        } else {
            self.ends[i - 1] as usize
        }
    }

    /// Whether line `i`'s text can hold every one of `needed` ([`letters`] of a query).
    pub fn may_hold(&self, i: usize, needed: u64) -> bool {
        self.letters[i] & needed == needed
    }
}

/// The text a line is matched on: name, SIS id and advisor (the one definition, which
/// [`super::filter::filter_among`] scores too).
pub fn haystack_into(r: &CaseloadRow, hay: &mut String) {
    hay.clear();
    hay.extend(r.name.chars().map(plain_letter));
    hay.push(' ');
    hay.push_str(&r.sis_id);
    if let Some(a) = &r.advisor {
        hay.push(' ');
        hay.extend(a.chars().map(plain_letter));
    }
}

/// A query as the lines are matched: see [`plain_letter`].
pub fn plain_query(query: &str) -> std::borrow::Cow<'_, str> {
    if query.is_ascii() {
        return query.into();
    }
    query.chars().map(plain_letter).collect::<String>().into()
}

/// A letter written with accents as the one plain letter it is written on, in its case;
/// anything else (and a letter that is more than one plain letter, as ß) as it is. One
/// character for one, so a line and a query folded alike match as they are read: "nguyen"
/// finds Nguyễn, and "Nguyễn" typed still does. The matcher's own table is not enough: it has
/// no entry for much of Latin Extended Additional (Vietnamese), and reads ả as an r.
pub fn plain_letter(c: char) -> char {
    if c.is_ascii() || !c.is_alphabetic() {
        return c;
    }
    match deunicode::deunicode_char(c).map(str::as_bytes) {
        Some(&[b]) if b.is_ascii_alphabetic() => {
            if c.is_uppercase() {
                b.to_ascii_uppercase() as char
            } else {
                b.to_ascii_lowercase() as char
            }
        }
        _ => c,
    }
}

/// Appends `chars` (a line that is not ASCII, as the matcher holds it) to `text` folded a byte
/// per character as the matcher compares them with an ASCII query: a character that matches an
/// ASCII letter or digit (accents taken off, case ignored) as that letter or digit, white space
/// as a space, anything else as a byte that neither matches nor counts as white space (so the
/// start of a word is where it is for the matcher). Returns the letters and digits the line can
/// match, or `None` (the line must always be scored) when a character that matches a letter or
/// digit does not count as part of a word for the matcher, whose bonuses the quick tests then
/// could not foresee.
fn fold(chars: &[char], text: &mut Vec<u8>) -> Option<u64> {
    use nucleo_matcher::chars::{is_upper_case, normalize, to_lower_case};
    let mut set = 0;
    let mut trusted = true;
    for &c in chars {
        if c.is_ascii() {
            text.push(c as u8);
            set |= letter_bit(c as u8);
            continue;
        }
        // Whichever way the matcher compares (accents taken off or not), what it can match.
        let matched = to_lower_case(normalize(c));
        for m in [matched, to_lower_case(c), normalize(c)] {
            if m.is_ascii() {
                set |= letter_bit(m as u8);
            }
        }
        // The matcher's class of a character that is not ASCII: a word's, white space, other.
        let word = c.is_lowercase() || is_upper_case(c) || c.is_numeric() || c.is_alphabetic();
        if matched.is_ascii_alphanumeric() {
            trusted &= word;
            text.push(matched as u8);
        } else if !word && c.is_whitespace() {
            text.push(b' ');
        } else {
            text.push(0x80);
        }
    }
    trusted.then_some(set)
}

/// The ASCII letters (either case) and digits among `bytes`, one bit each; anything else adds
/// nothing. A line can match a plain query only if it holds every letter and digit the query
/// does, whichever way either is written.
pub fn letters(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0u64, |set, b| set | letter_bit(*b))
}

pub(super) fn letter_bit(b: u8) -> u64 {
    LETTER_BITS[usize::from(b)]
}

/// [`letter_bit`] of every byte, looked up rather than worked out (the filter's passes over many
/// lines do it for every byte).
const LETTER_BITS: [u64; 256] = {
    let mut bits = [0u64; 256];
    let mut b = 0;
    while b < 256 {
        let c = (b as u8).to_ascii_lowercase();
        bits[b] = match c {
            b'a'..=b'z' => 1 << (c - b'a'),
            b'0'..=b'9' => 1 << (26 + c - b'0'),
            _ => 0,
        };
        b += 1;
    }
    bits
};
