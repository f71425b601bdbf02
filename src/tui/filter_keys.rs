//! Filter queries worked out ahead, beside the screen, so that a key typed does not wait for
//! them: what each one-key query finds over everyone (once per caseload read), and what each
//! query one key longer than the one on screen finds (after each key), each in one pass over
//! the lines.

use super::filter_found::Found;
use super::filter_score::{Place, Words, LONGEST_VOUCHED, LONGEST_WORD};
use super::filter_text::{letter_bit, letters, SharedHay};

/// The one-key queries ranked ahead: lower-case letters and digits, in the order of
/// [`letters`](super::filter_text::letters).
const ONE_KEYS: &str = "abcdefghijklmnopqrstuvwxyz0123456789";

/// Per letter or digit (in the order of [`letters`](super::filter_text::letters)), what a query
/// of that one key finds over everyone: the lines where it starts a word first (they score the
/// most), in caseload order, then the rest, ranked when first looked past (as
/// [`super::filter_score`] says).
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

    /// What the one-key query `c` finds, if `c` is a key found ahead.
    pub fn get(&self, c: char) -> Option<&Found> {
        self.0.get(ONE_KEYS.find(c)?)
    }
}

/// What each query one letter or digit longer than a query of one word finds, worked out ahead
/// from what that query found, in one pass over those lines (beside the screen, while the
/// person reads the frame): per line, which keys may follow and after which of them the longer
/// word starts a word of the line; then each longer query's lines picked from that compact list,
/// so the next key is a lookup.
#[derive(Debug, Clone, Default)]
pub struct NextKeys {
    /// The query followed.
    query: String,
    hay: SharedHay,
    /// The lines the query found that a longer one can match, in caseload order: the line, the
    /// keys (bits in the order of [`ONE_KEYS`]) after which it matches, and those after which it
    /// ranks first.
    lines: Vec<(u32, u64, u64)>,
    /// What each longer query finds, in the order of [`ONE_KEYS`].
    made: Vec<Found>,
}

impl PartialEq for NextKeys {
    fn eq(&self, other: &NextKeys) -> bool {
        self.query == other.query && self.hay == other.hay && self.lines == other.lines
    }
}

impl NextKeys {
    /// Whether the queries one key longer than `query` can be found ahead: it is one word of
    /// ASCII letters and digits, short enough that the longer one still is.
    pub fn can_follow(query: &str) -> bool {
        !query.is_empty()
            && query.len() < LONGEST_WORD
            && query.bytes().all(|b| b.is_ascii_alphanumeric())
    }

    /// What `query` followed by each letter or digit finds, given that `found` is what `query`
    /// finds in the view (the longer queries find only lines among those). `None` if `query`
    /// cannot be followed this way ([`NextKeys::can_follow`]).
    pub fn rank(hay: &SharedHay, query: &str, found: &Found) -> Option<NextKeys> {
        if !NextKeys::can_follow(query) {
            return None;
        }
        let h = &*hay.0;
        let word = query.to_ascii_lowercase().into_bytes();
        let lines = found.in_caseload_order().unwrap_or_else(|| {
            let mut lines = found.to_vec();
            lines.sort_unstable();
            lines
        });
        let mut kept = Vec::with_capacity(lines.len());
        let mut scored: Vec<Option<Words>> = (0..ONE_KEYS.len()).map(|_| None).collect();
        for i in lines {
            let (mut after, mut starting) = (0u64, 0u64);
            match h.folded(i).filter(|t| t.len() <= LONGEST_VOUCHED) {
                Some(text) => {
                    // The longer word matches where a key follows the earliest match of this
                    // one; it ranks first where it starts a word (a word of two keys or more is
                    // never held to the rule for one key on a line that is not ASCII).
                    let Some(end) = end_in_order(text, &word) else {
                        continue;
                    };
                    after = letters(&text[end..]);
                    for at in memchr::memchr_iter(b' ', text) {
                        let rest = &text[at + 1..];
                        if rest.starts_with(&word) {
                            starting |= rest.get(word.len()).map_or(0, |&b| letter_bit(b));
                        }
                    }
                }
                None => {
                    // A line the quick tests cannot vouch for: each longer query scored.
                    for (k, c) in ONE_KEYS.chars().enumerate() {
                        if !h.may_hold(i, 1 << k) {
                            continue;
                        }
                        let words = scored[k].get_or_insert_with(|| {
                            Words::of(&format!("{query}{c}"))
                                .expect("letters and digits are a word")
                        });
                        match words.place(h, i) {
                            Place::First => {
                                after |= 1 << k;
                                starting |= 1 << k;
                            }
                            Place::After => after |= 1 << k,
                            Place::Out => {}
                        }
                    }
                }
            }
            if after != 0 {
                kept.push((i as u32, after, starting));
            }
        }
        // Each longer query picked out here, beside the screen, so the next key only looks it
        // up (a pick is a quick pass over the compact list; doing them all here is cheaper
        // than sorting every line into 36 lists as it is read).
        let made = (0..ONE_KEYS.len())
            .map(|k| pick(&kept, k, query, hay))
            .collect();
        Some(NextKeys {
            query: query.to_string(),
            hay: hay.clone(),
            lines: kept,
            made,
        })
    }

    /// What `longer` finds, if it is the query these were found for (`query`) and one letter or
    /// digit more (either case).
    pub fn get(&self, query: &str, longer: &str) -> Option<&Found> {
        if query != self.query {
            return None;
        }
        let mut more = longer.strip_prefix(query)?.chars();
        let (Some(c), None) = (more.next(), more.next()) else {
            return None;
        };
        self.made.get(ONE_KEYS.find(c.to_ascii_lowercase())?)
    }
}

/// What `query` followed by key `k` (of [`ONE_KEYS`]) finds, picked from the compact list of
/// the lines `query` found (each with the keys after which it matches, and ranks first).
fn pick(lines: &[(u32, u64, u64)], k: usize, query: &str, hay: &SharedHay) -> Found {
    let bit = 1u64 << k;
    let (mut first, mut rest) = (Vec::new(), Vec::new());
    for &(i, after, starting) in lines {
        if starting & bit != 0 {
            first.push(i as usize);
        } else if after & bit != 0 {
            rest.push(i as usize);
        }
    }
    let c = &ONE_KEYS[k..=k];
    Found::split(first, rest, &format!("{query}{c}"), hay.clone())
}

/// Where the earliest match of `word`'s bytes, in order, ends in `text` (just past its last).
fn end_in_order(text: &[u8], word: &[u8]) -> Option<usize> {
    let mut end = 0;
    for &c in word {
        // A short line: a plain look is quicker than setting up a vector search.
        end += text[end..].iter().position(|&b| b == c)? + 1;
    }
    Some(end)
}

/// Work on the filter done ahead of need, beside the screen.
#[derive(Debug, Clone, PartialEq)]
pub enum RankAhead {
    /// Every one-key query over the caseload's text.
    FirstKeys(SharedHay),
    /// Every query one key longer than `query`, from what it `found`.
    NextKeys {
        /// The caseload's text.
        hay: SharedHay,
        /// A query of one word ([`NextKeys::can_follow`]).
        query: String,
        /// What it found.
        found: Found,
    },
}

/// What [`RankAhead`] found, with what it was found from (kept only if that is still current).
#[derive(Debug, Clone, PartialEq)]
pub enum RankedAhead {
    /// [`RankAhead::FirstKeys`]'s result.
    FirstKeys {
        /// The caseload's text it was ranked over.
        hay: SharedHay,
        /// The rankings.
        keys: FirstKeys,
    },
    /// [`RankAhead::NextKeys`]'s result.
    NextKeys {
        /// The caseload's text.
        hay: SharedHay,
        /// The query followed.
        query: String,
        /// What it had found.
        found: Found,
        /// The rankings (`None` when the query cannot be followed).
        keys: Option<NextKeys>,
    },
}

impl RankAhead {
    /// Does the work.
    pub fn run(self) -> RankedAhead {
        match self {
            RankAhead::FirstKeys(hay) => RankedAhead::FirstKeys {
                keys: FirstKeys::rank(&hay),
                hay,
            },
            RankAhead::NextKeys { hay, query, found } => RankedAhead::NextKeys {
                keys: NextKeys::rank(&hay, &query, &found),
                hay,
                query,
                found,
            },
        }
    }
}
