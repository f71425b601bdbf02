//! Scoring the caseload's filter text against a query, and the shortcut that makes a key cheap
//! at 50,000 students: for a query of plain words (letters and digits), a line where every
//! word starts a word of the line scores the most any line can, so those lines rank first, in
//! caseload order, without being scored; the other matches are only told apart from lines that
//! do not match (a cheap in-order test), and are scored when something looks past the first.
//!
//! Why the shortcut gives exactly the matcher's order (nucleo-matcher 0.3, its default
//! configuration, case ignored): a word's first letter scores 16 plus twice its bonus, each later
//! letter 16 plus a bonus, a gap costs at least 3, and no bonus is above the one for a letter
//! after white space (or at the start), which a letter right after such a start inherits. So a
//! word scores its most exactly when it is found unbroken at a word's start, and less otherwise;
//! a query's score is the sum of its words'. The most is taken from the matcher itself (the
//! query scored against its own words), and `tests/caseload_filter.rs` checks the order against
//! scoring everything on many queries.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::filter_text::{letters, Haystacks};

/// Lines longer than this are always scored (the matcher takes a cheaper, greedy route on very
/// long text, whose score the shortcut cannot vouch for).
pub const LONGEST_VOUCHED: usize = 512;
/// Words longer than this make the query scored the ordinary way (same reason).
pub const LONGEST_WORD: usize = 64;

/// The letters and digits every line a query matches must hold ([`letters`] of a plain query;
/// none for a query whose negation or anchors could turn that round).
pub fn needed_letters(query: &str) -> u64 {
    if plain(query) {
        letters(query.as_bytes())
    } else {
        0
    }
}

/// Those of `among` whose text matches `query`, best first, ties in caseload order.
pub fn ranked(hay: &Haystacks, among: &[usize], query: &str) -> Vec<usize> {
    let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
    let mut matcher = Matcher::new(Config::DEFAULT);
    // Every atom of a plain query must be found in order, so every letter and digit it holds
    // must be in the line (negation would turn this round, hence plain queries only).
    let needed = needed_letters(query);
    // Best score first, then caseload order: one sortable number per match.
    let mut keyed: Vec<u64> = among
        .iter()
        .filter(|&&i| hay.may_hold(i, needed))
        .filter_map(|&i| {
            pattern
                .score(hay.hay(i), &mut matcher)
                .map(|s| (u64::from(u32::MAX - s) << 32) | i as u64)
        })
        .collect();
    keyed.sort_unstable();
    keyed
        .into_iter()
        .map(|k| (k & 0xFFFF_FFFF) as usize)
        .collect()
}

/// Whether `query` is plain words, where typing more only narrows. Negation (`!`), anchors
/// (`^`, `$`), exact-match quotes and escapes can widen a match as they are typed.
pub fn plain(query: &str) -> bool {
    !query.contains(['!', '^', '$', '\'', '\\'])
}

/// A query made only of words of ASCII letters and digits, split where the matcher splits it.
pub struct Words {
    /// Each word, lower-cased.
    words: Vec<Vec<u8>>,
    /// What the query scores on a line where every word starts a word: the most it can.
    best: u32,
    pattern: Pattern,
    matcher: Matcher,
}

/// What a line is to a query of [`Words`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// It scores the most: every word starts one of the line's words.
    First,
    /// It matches, with a lower score.
    After,
    /// It does not match.
    Out,
}

impl Words {
    /// The query's words, if it has some and each is ASCII letters and digits only (anything
    /// else is scored the ordinary way).
    pub fn of(query: &str) -> Option<Words> {
        let words: Vec<Vec<u8>> = query
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(|w| w.as_bytes().to_ascii_lowercase())
            .collect();
        let simple =
            |w: &Vec<u8>| w.len() <= LONGEST_WORD && w.iter().all(u8::is_ascii_alphanumeric);
        if words.is_empty() || !words.iter().all(simple) {
            return None;
        }
        let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
        let mut matcher = Matcher::new(Config::DEFAULT);
        let own = words.join(&b' ');
        let best = pattern.score(Utf32Str::Ascii(&own), &mut matcher)?;
        Some(Words {
            words,
            best,
            pattern,
            matcher,
        })
    }

    /// Where line `i` of `hay` stands: found by the quick tests on its folded text when they
    /// can be trusted and it is not too long, by the matcher otherwise.
    pub fn place(&mut self, hay: &Haystacks, i: usize) -> Place {
        match hay.folded(i) {
            Some(text) if text.len() <= LONGEST_VOUCHED => {
                let wide = hay.is_wide(i);
                let first = |w: &Vec<u8>| match w.as_slice() {
                    // On a line that is not ASCII the matcher scores a single letter or digit by
                    // the class of the character before its first match only, and of the
                    // previous match after that: only a first match at a word's start scores
                    // the most.
                    &[c] if wide => {
                        memchr::memchr(c, &text[1..]).is_some_and(|at| text[at] == b' ')
                    }
                    // Found after a space (the folded text starts with one); a line has few.
                    _ => memchr::memchr_iter(b' ', text).any(|at| text[at + 1..].starts_with(w)),
                };
                if self.words.iter().all(first) {
                    Place::First
                } else if self.words.iter().all(|w| in_order(text, w)) {
                    Place::After
                } else {
                    Place::Out
                }
            }
            _ => match self.pattern.score(hay.hay(i), &mut self.matcher) {
                Some(s) if s == self.best => Place::First,
                Some(_) => Place::After,
                None => Place::Out,
            },
        }
    }
}

/// Whether the bytes of `word` are found in `text` in order.
fn in_order(mut text: &[u8], word: &[u8]) -> bool {
    for &c in word {
        match memchr::memchr(c, text) {
            Some(at) => text = &text[at + 1..],
            None => return false,
        }
    }
    true
}
