//! What the caseload's keys look at, made once per caseload read: per student a few bytes saying
//! whose advisee they are, their grade, IEP/504 and due state; the distinct advisor fields and
//! grades; and the text the filter matches, lower-cased letters kept as a bit set beside it. A
//! view key or a filter key then walks these compact arrays instead of every student's record,
//! which at 50,000 students is the difference between a fraction of a millisecond and tens.

use std::collections::HashMap;
use std::sync::Arc;

use nucleo_matcher::{Utf32Str, Utf32String};

use super::filter_found::Found;
use super::filter_score::{Place, Words, LONGEST_VOUCHED};
use crate::domain::DueState;
use crate::store::CaseloadRow;

/// One student, as a view key sees them.
#[derive(Debug, Clone, Copy)]
pub struct Traits {
    /// Index into [`CaseloadIndex::fields`].
    pub advisor: u32,
    /// The grade.
    pub grade: Option<i64>,
    /// An IEP exists.
    pub iep: bool,
    /// A 504 plan exists.
    pub plan_504: bool,
    /// When the next check-in is due.
    pub due: DueState,
}

/// The caseload made compact for views and the filter (see the module's words).
#[derive(Default)]
pub struct CaseloadIndex {
    /// Per caseload line, in order.
    pub traits: Vec<Traits>,
    /// The distinct advisor fields, in the order they first appear ("" for none).
    pub fields: Vec<String>,
    /// The grades on the caseload, lowest first.
    pub grades: Vec<i64>,
    /// Every line's filter text (shared with the ranking made beside the screen).
    pub hay: SharedHay,
    /// The advisors to step through with `a` (worked out the first time it is pressed).
    advisors: Option<Vec<String>>,
    /// What each one-letter query finds over everyone, once ranked beside the screen.
    first_keys: Option<FirstKeys>,
}

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

/// Per letter or digit (in [`letters`]' order), what a query of that one key finds over
/// everyone: the lines where it starts a word first (they score the most), in caseload order,
/// then the rest, ranked when first looked past (as [`super::filter_score`] says).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FirstKeys(Vec<Found>);

impl FirstKeys {
    /// Finds every one-key query over every line of `hay` in one pass over the lines (some
    /// milliseconds at 50,000 students: made beside the screen).
    pub fn rank(hay: &SharedHay) -> FirstKeys {
        let h = &*hay.0;
        let mut first: Vec<Vec<usize>> = vec![Vec::new(); ONE_KEYS.len()];
        let mut rest: Vec<Vec<usize>> = vec![Vec::new(); ONE_KEYS.len()];
        let mut scored: Vec<Option<Words>> = (0..ONE_KEYS.len()).map(|_| None).collect();
        for i in 0..h.len() {
            let Some(text) = h.folded(i).filter(|t| t.len() <= LONGEST_VOUCHED) else {
                // A line the quick tests cannot vouch for: each key scored by the matcher.
                for (k, c) in ONE_KEYS.chars().enumerate() {
                    let words = scored[k].get_or_insert_with(|| {
                        Words::of(&c.to_string()).expect("a letter or digit is a word")
                    });
                    match words.place(h, i) {
                        Place::First => first[k].push(i),
                        Place::After => rest[k].push(i),
                        Place::Out => {}
                    }
                }
                continue;
            };
            // A key scores the most where it starts a word; on a line that is not ASCII, only
            // where its first match does (see `Words::place`).
            let wide = h.is_wide(i);
            let (mut seen, mut starts) = (0u64, 0u64);
            for (p, &b) in text.iter().enumerate().skip(1) {
                let bit = letter_bit(b);
                if text[p - 1] == b' ' && (!wide || seen & bit == 0) {
                    starts |= bit;
                }
                seen |= bit;
            }
            for k in 0..ONE_KEYS.len() {
                let bit = 1u64 << k;
                if starts & bit != 0 {
                    first[k].push(i);
                } else if seen & bit != 0 {
                    rest[k].push(i);
                }
            }
        }
        FirstKeys(
            first
                .into_iter()
                .zip(rest)
                .zip(ONE_KEYS.chars())
                .map(|((first, rest), c)| Found::split(first, rest, &c.to_string(), hay.clone()))
                .collect(),
        )
    }
}

/// The one-key queries ranked ahead: lower-case letters and digits, in [`letters`]' order.
const ONE_KEYS: &str = "abcdefghijklmnopqrstuvwxyz0123456789";

impl CaseloadIndex {
    /// Reads `rows` once.
    pub fn new(rows: &[CaseloadRow]) -> CaseloadIndex {
        let mut index = CaseloadIndex {
            traits: Vec::with_capacity(rows.len()),
            ..CaseloadIndex::default()
        };
        let mut hay = Haystacks {
            ends: Vec::with_capacity(rows.len()),
            letters: Vec::with_capacity(rows.len()),
            text: Vec::with_capacity(rows.len() * 40),
            lower: Vec::with_capacity(rows.len() * 41),
            ..Haystacks::default()
        };
        let mut field_ids: HashMap<&str, u32> = HashMap::new();
        let mut line = String::new();
        for (i, r) in rows.iter().enumerate() {
            let field = r.advisor.as_deref().unwrap_or("");
            let next = field_ids.len() as u32;
            let advisor = *field_ids.entry(field).or_insert_with(|| {
                index.fields.push(field.to_string());
                next
            });
            index.traits.push(Traits {
                advisor,
                grade: r.grade,
                iep: r.iep,
                plan_504: r.plan_504,
                due: r.due,
            });
            haystack_into(r, &mut line);
            let wide = (!line.is_ascii())
                .then(|| Utf32String::from(line.as_str()))
                // Accents that combine with an ASCII letter: the matcher reads the line's bytes
                // as they are (as `filter_among` hands them over).
                .filter(|w| !matches!(w, Utf32String::Unicode(c) if c.iter().all(char::is_ascii)));
            if let Some(wide) = wide {
                let set = match &wide {
                    Utf32String::Unicode(chars) => fold(chars, &mut hay.text),
                    Utf32String::Ascii(text) => {
                        hay.text.extend_from_slice(text.as_bytes());
                        Some(letters(text.as_bytes()))
                    }
                };
                hay.letters.push(set.map_or(u64::MAX, |set| set | WIDE));
                hay.wide.insert(i as u32, wide);
            } else {
                hay.text.extend_from_slice(line.as_bytes());
                hay.letters.push(letters(line.as_bytes()));
            }
            let start = hay.ends.last().map_or(0, |e| *e as usize);
            hay.ends.push(hay.text.len() as u32);
            hay.lower.push(b' ');
            hay.lower.extend(hay.text[start..].iter().map(|b| match b {
                b if b.is_ascii_whitespace() => b' ',
                b => b.to_ascii_lowercase(),
            }));
        }
        index.hay = SharedHay(Arc::new(hay));
        index.grades = rows.iter().filter_map(|r| r.grade).collect();
        index.grades.sort_unstable();
        index.grades.dedup();
        index
    }

    /// How many lines it was made from.
    pub fn len(&self) -> usize {
        self.traits.len()
    }

    /// Whether it was made from no lines.
    pub fn is_empty(&self) -> bool {
        self.traits.is_empty()
    }

    /// The advisors named on the caseload, as [`super::caseload_view::advisors`] lists them.
    pub fn advisors(&mut self) -> &[String] {
        let fields = &self.fields;
        self.advisors.get_or_insert_with(|| {
            super::caseload_view::advisors_of(fields.iter().map(String::as_str))
        })
    }

    /// Keeps the one-key rankings made from `hay`, if that is still this caseload's text.
    pub fn take_first_keys(&mut self, hay: &SharedHay, keys: FirstKeys) {
        if *hay == self.hay {
            self.first_keys = Some(keys);
        }
    }

    /// What `query` finds over everyone, if it is one key found ahead.
    pub fn first_key(&self, query: &str) -> Option<&Found> {
        let keys = self.first_keys.as_ref()?;
        let mut chars = query.chars();
        let (Some(c), None) = (chars.next(), chars.next()) else {
            return None;
        };
        let at = ONE_KEYS.find(c)?;
        keys.0.get(at)
    }
}

impl Haystacks {
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
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        (self.letters[i] != u64::MAX).then(|| &self.lower[start + i..self.ends[i] as usize + i + 1])
    }

    /// Whether line `i`'s text is not ASCII.
    pub fn is_wide(&self, i: usize) -> bool {
        self.letters[i] & WIDE != 0
    }

    fn bytes(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }

    /// Whether line `i`'s text can hold every one of `needed` ([`letters`] of a query).
    pub fn may_hold(&self, i: usize, needed: u64) -> bool {
        self.letters[i] & needed == needed
    }
}

/// The text a line is matched on (name, SIS id, advisor), as [`super::filter::filter_among`]
/// builds it.
fn haystack_into(r: &CaseloadRow, hay: &mut String) {
    hay.clear();
    hay.push_str(&r.name);
    hay.push(' ');
    hay.push_str(&r.sis_id);
    if let Some(a) = &r.advisor {
        hay.push(' ');
        hay.push_str(a);
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

fn letter_bit(b: u8) -> u64 {
    match b.to_ascii_lowercase() {
        c @ b'a'..=b'z' => 1 << (c - b'a'),
        c @ b'0'..=b'9' => 1 << (26 + c - b'0'),
        _ => 0,
    }
}
