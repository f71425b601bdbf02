//! Fuzzy filtering: the caseload as the advisor types after `/`, and the command palette.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::keymap::{self, Ctx, PaletteEntry};
use crate::store::CaseloadRow;

/// Indices of the rows that match `query`, best match first (all rows, in order, when empty).
pub fn filter(rows: &[CaseloadRow], query: &str) -> Vec<usize> {
    filter_among(rows, (0..rows.len()).collect(), query)
}

/// Those of `among` (indices into `rows`) that match `query` by name, SIS id or advisor, best
/// match first (`among` as it is when the query is empty).
pub fn filter_among(rows: &[CaseloadRow], among: Vec<usize>, query: &str) -> Vec<usize> {
    if query.trim().is_empty() {
        return among;
    }
    let query = super::filter_text::plain_query(query);
    let pattern = Pattern::parse(&query, CaseMatching::Ignore, Normalization::Smart);
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut buf = Vec::new();
    let mut hay = String::new();
    let mut scored: Vec<(u32, usize)> = among
        .into_iter()
        .filter_map(|i| {
            super::filter_text::haystack_into(&rows[i], &mut hay);
            pattern
                .score(Utf32Str::new(&hay, &mut buf), &mut matcher)
                .map(|s| (s, i))
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(_, i)| i).collect()
}

/// The palette's entries for a context, filtered by what was typed (over their words); in a
/// file that takes no typing (`refused`), none that would change it.
pub fn palette_entries(ctx: Ctx, query: &str, refused: bool) -> Vec<PaletteEntry> {
    let all = keymap::palette(ctx, refused);
    if query.trim().is_empty() {
        return all;
    }
    let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut buf = Vec::new();
    let mut scored: Vec<(u32, usize, PaletteEntry)> = all
        .into_iter()
        .enumerate()
        .filter_map(|(i, b)| {
            pattern
                .score(Utf32Str::new(b.label, &mut buf), &mut matcher)
                .map(|s| (s, i, b))
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(_, _, b)| b).collect()
}
