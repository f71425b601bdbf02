//! What each one-key filter query finds over everyone, worked out ahead in one pass over the
//! lines (beside the screen, so the first key of a query does not wait for it).

use super::filter_found::Found;
use super::filter_score::{Place, Words, LONGEST_VOUCHED};
use super::filter_text::{letter_bit, SharedHay};

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
