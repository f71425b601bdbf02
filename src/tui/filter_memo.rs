//! The caseload's filter, remembered as the query grows: a longer query filters the previous
//! result rather than everyone, rubbing a key out goes back to a result already found, and the
//! caseload's index (its filter text in one buffer, each line's letters as a bit set, its view
//! traits) is made once per caseload rather than once per key. A line without every letter and
//! digit of a plain query is passed over without being scored; a query of plain words ranks the
//! lines where each word starts a word first without scoring anything, and leaves the rest of
//! its matches to be ranked when something looks past those ([`super::filter_score`]). What
//! each one-key query finds, and after each key what each query one key longer finds, are
//! worked out beside the screen ([`super::filter_keys`]), so a key typed after those is a
//! lookup. On 50,000 students this keeps each key about as quick as on 5,000.

use super::caseload_index::CaseloadIndex;
use super::caseload_view::{CaseloadView, DueView};
use super::filter_found::Found;
use super::filter_keys::{FirstKeys, NextKeys, RankAhead, RankedAhead};
use super::filter_score::{needed_letters, plain, ranked, Place, Words};
use super::filter_text::SharedHay;
use crate::store::CaseloadRow;

/// What the last filtering found, kept for the next key.
#[derive(Default)]
pub struct FilterMemo {
    /// The view `in_view` was chosen for (`None` until the first use after a new caseload).
    view: Option<CaseloadView>,
    /// The caseload's lines in that view, in order.
    in_view: Found,
    /// How many of those need a check-in now.
    in_view_due: usize,
    /// The caseload made compact (`None` until first needed after a new caseload).
    index: Option<CaseloadIndex>,
    /// Queries typed so far with what each found, each query extending the one before.
    steps: Vec<Step>,
}

/// A query typed, what it found, and what the queries one key longer find once that is worked
/// out beside the screen.
struct Step {
    query: String,
    found: Found,
    next: Option<NextKeys>,
    /// Whether the longer queries were asked for.
    asked: bool,
}

impl FilterMemo {
    /// Forgets everything (the caseload was read again).
    pub fn reset(&mut self) {
        *self = FilterMemo::default();
    }

    /// The caseload's index, made from `rows` if it is not made yet (or was made from others).
    pub fn index(&mut self, rows: &[CaseloadRow]) -> &mut CaseloadIndex {
        if self.index.as_ref().is_some_and(|x| x.len() != rows.len()) {
            self.index = None;
        }
        if self.index.is_none() {
            self.view = None;
        }
        self.index.get_or_insert_with(|| CaseloadIndex::new(rows))
    }

    /// Keeps the one-key rankings made beside the screen from `hay` (if it is still the
    /// caseload's).
    pub fn take_first_keys(&mut self, hay: &SharedHay, keys: FirstKeys) {
        if let Some(index) = &mut self.index {
            index.take_first_keys(hay, keys);
        }
    }

    /// The queries one key longer than the last one to work out beside the screen, once per
    /// query, if it can be followed that way ([`NextKeys::can_follow`]).
    pub fn ahead(&mut self) -> Option<RankAhead> {
        let hay = self.index.as_ref()?.hay.clone();
        let step = self.steps.last_mut()?;
        if step.asked || step.next.is_some() || !NextKeys::can_follow(&step.query) {
            return None;
        }
        step.asked = true;
        Some(RankAhead::NextKeys {
            hay,
            query: step.query.clone(),
            found: step.found.clone(),
        })
    }

    /// Keeps what was worked out beside the screen, if it was worked out from what is still
    /// the caseload's text and a query's result still remembered.
    pub fn take_ranked(&mut self, ranked: RankedAhead) {
        match ranked {
            RankedAhead::FirstKeys { hay, keys } => self.take_first_keys(&hay, keys),
            RankedAhead::NextKeys {
                hay,
                query,
                found,
                keys: Some(keys),
            } => {
                if self.index.as_ref().is_some_and(|index| index.hay == hay) {
                    let step = self.steps.iter_mut().find(|s| s.query == query);
                    if let Some(step) = step.filter(|s| s.found.same(&found)) {
                        step.next = Some(keys);
                    }
                }
            }
            RankedAhead::NextKeys { keys: None, .. } => {}
        }
    }

    /// How many students `view` shows and how many of them need a check-in now, when this
    /// memo last chose that view's lines (the header reads it on every frame).
    pub fn view_counts(&self, view: &CaseloadView) -> Option<(usize, usize)> {
        (self.view.as_ref() == Some(view)).then_some((self.in_view.len(), self.in_view_due))
    }

    /// Indices of `rows` in `view` that match `query`, best match first; the same as
    /// [`super::filter::filter_among`] over the view's rows, found from what earlier keys found
    /// where the query allows it.
    pub fn visible(&mut self, rows: &[CaseloadRow], view: &CaseloadView, query: &str) -> Found {
        let query = &*super::filter_text::plain_query(query);
        self.index(rows);
        let index = self.index.as_ref().expect("made above");
        if self.view.as_ref() != Some(view) {
            self.in_view = Found::known(view.rows_in(index));
            self.in_view_due = self
                .in_view
                .iter()
                .filter(|i| DueView::Now.admits(index.traits[**i].due))
                .count();
            self.view = Some(view.clone());
            self.steps.clear();
        }
        if query.trim().is_empty() {
            self.steps.clear();
            return self.in_view.clone();
        }
        // Results of queries this one does not extend are of no more use.
        while self
            .steps
            .last()
            .is_some_and(|s| !(query.starts_with(s.query.as_str()) && narrows(&s.query, query)))
        {
            self.steps.pop();
        }
        if let Some(step) = self.steps.last() {
            if step.query == query {
                return step.found.clone();
            }
        }
        let found = match (self.steps.last(), index.first_key(query)) {
            (Some(step), _) => match step.next.as_ref().and_then(|n| n.get(&step.query, query)) {
                Some(ahead) => ahead.clone(),
                None => find(&index.hay, &step.found, &self.in_view, query),
            },
            (None, Some(everyone)) => among(everyone, &self.in_view, index.len()),
            (None, None) => find(&index.hay, &self.in_view, &self.in_view, query),
        };
        self.steps.push(Step {
            query: query.to_string(),
            found: found.clone(),
            next: None,
            asked: false,
        });
        found
    }
}

/// What `query` finds in the view, given that every line it matches is among `before` (the
/// view itself, or what a query it extends found).
fn find(hay: &SharedHay, before: &Found, in_view: &Found, query: &str) -> Found {
    let needed = needed_letters(query);
    let Some(mut words) = Words::of(query) else {
        // Scored whole; the order the lines come in does not matter.
        let among = before.in_caseload_order();
        return Found::known(ranked(&hay.0, among.as_deref().unwrap_or(before), query));
    };
    // The words need the lines in caseload order: what was found that way, or the view's lines
    // (which are) with the letters the query needs, or what was found, sorted, when that is few.
    let sorted;
    let among: &[usize] = if let Some(lines) = before.in_caseload_order() {
        sorted = lines;
        &sorted
    } else if before.len() * 16 < in_view.len() {
        let mut lines = before.to_vec();
        lines.sort_unstable();
        sorted = lines;
        &sorted
    } else {
        in_view
    };
    let (mut first, mut after) = (Vec::new(), Vec::new());
    for &i in among {
        if !hay.0.may_hold(i, needed) {
            continue;
        }
        match words.place(&hay.0, i) {
            Place::First => first.push(i),
            Place::After => after.push(i),
            Place::Out => {}
        }
    }
    Found::split(first, after, query, hay.clone())
}

/// Whether every line that matches `longer` (which starts with `shorter`) also matches
/// `shorter`: true for plain words; a query holding any of the widening syntax is matched
/// against the whole view again.
fn narrows(shorter: &str, longer: &str) -> bool {
    plain(shorter) && plain(longer)
}

/// What a one-key query found over everyone, kept to the view's lines (`in_view`, in caseload
/// order).
fn among(everyone: &Found, in_view: &[usize], lines: usize) -> Found {
    if in_view.len() == lines {
        return everyone.clone();
    }
    let mut shown = vec![false; lines];
    for &i in in_view {
        shown[i] = true;
    }
    everyone.only(|i| shown[i])
}
