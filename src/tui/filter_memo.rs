//! The caseload's filter, remembered as the query grows: a longer query filters the previous
//! result rather than everyone, rubbing a key out goes back to a result already found, and the
//! text each student is matched on is made once per caseload rather than once per key. On
//! 50,000 students this keeps each key of a name about as quick as on 5,000.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32String};

use super::caseload_view::CaseloadView;
use crate::store::CaseloadRow;

/// What the last filtering found, kept for the next key.
#[derive(Default)]
pub struct FilterMemo {
    /// The view `in_view` was chosen for (`None` until the first use after a new caseload).
    view: Option<CaseloadView>,
    /// The caseload's lines in that view, in order.
    in_view: Vec<usize>,
    /// Per caseload line, the text the filter matches: name, SIS id and advisor.
    hay: Vec<Utf32String>,
    /// Queries typed so far with what each found, each query extending the one before.
    steps: Vec<(String, Vec<usize>)>,
}

impl FilterMemo {
    /// Forgets everything (the caseload was read again).
    pub fn reset(&mut self) {
        *self = FilterMemo::default();
    }

    /// Indices of `rows` in `view` that match `query`, best match first; the same as
    /// [`super::filter::filter_among`] over the view's rows, found from what earlier keys found
    /// where the query allows it.
    pub fn visible(
        &mut self,
        rows: &[CaseloadRow],
        view: &CaseloadView,
        query: &str,
    ) -> Vec<usize> {
        if self.view.as_ref() != Some(view) {
            self.in_view = view.rows(rows);
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
            .is_some_and(|(q, _)| !(query.starts_with(q.as_str()) && narrows(q, query)))
        {
            self.steps.pop();
        }
        if let Some((q, found)) = self.steps.last() {
            if q == query {
                return found.clone();
            }
        }
        if self.hay.len() != rows.len() {
            self.hay = rows.iter().map(haystack).collect();
        }
        let among = match self.steps.last() {
            Some((_, found)) => found.as_slice(),
            None => self.in_view.as_slice(),
        };
        let found = score(&self.hay, among, query);
        self.steps.push((query.to_string(), found.clone()));
        found
    }
}

/// Whether every line that matches `longer` (which starts with `shorter`) also matches
/// `shorter`: true for plain words, where typing more only narrows. Negation (`!`), anchors
/// (`^`, `$`), exact-match quotes and escapes can widen a match as they are typed, so a query
/// holding any of them is matched against the whole view again.
fn narrows(shorter: &str, longer: &str) -> bool {
    let plain = |s: &str| !s.contains(['!', '^', '$', '\'', '\\']);
    plain(shorter) && plain(longer)
}

/// The text a line is matched on, as [`super::filter::filter_among`] builds it.
fn haystack(r: &CaseloadRow) -> Utf32String {
    let mut hay = String::with_capacity(r.name.len() + r.sis_id.len() + 24);
    hay.push_str(&r.name);
    hay.push(' ');
    hay.push_str(&r.sis_id);
    if let Some(a) = &r.advisor {
        hay.push(' ');
        hay.push_str(a);
    }
    Utf32String::from(hay)
}

/// Those of `among` whose text matches `query`, best first, ties in caseload order.
fn score(hay: &[Utf32String], among: &[usize], query: &str) -> Vec<usize> {
    let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut scored: Vec<(u32, usize)> = among
        .iter()
        .filter_map(|&i| {
            pattern
                .score(hay[i].slice(..), &mut matcher)
                .map(|s| (s, i))
        })
        .collect();
    scored.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(_, i)| i).collect()
}
