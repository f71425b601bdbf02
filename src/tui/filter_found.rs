//! The caseload lines the screen shows, best first: known whole, or (after a filter key) the
//! lines known to rank first, in order, with the rest of the matches ranked the first time
//! anything looks past those. A key that finds hundreds of students who rank first then costs
//! what the first screen needs, not a score for every match; the count is known either way.
//! Shared by the screen and the filter's memory of earlier keys (cloning is cheap).

use std::ops::Deref;
use std::sync::{Arc, OnceLock};

use super::filter_score::ranked;
use super::filter_text::SharedHay;

/// The lines shown, best first (see the module's words).
#[derive(Clone, Default)]
pub struct Found(Arc<Inner>);

#[derive(Default)]
struct Inner {
    /// The lines that rank first, in order (empty when `all` was known from the start).
    head: Vec<usize>,
    /// The other matches, in caseload order, with what ranks them.
    rest: Option<Rest>,
    /// How many lines in all.
    len: usize,
    /// Every line in order, made when first needed.
    all: OnceLock<Vec<usize>>,
}

struct Rest {
    lines: Vec<usize>,
    query: String,
    hay: SharedHay,
}

impl Found {
    /// Lines whose order is known.
    pub fn known(lines: Vec<usize>) -> Found {
        Found(Arc::new(Inner {
            len: lines.len(),
            all: OnceLock::from(lines),
            ..Inner::default()
        }))
    }

    /// `head` followed by `rest` once ranked by `query` over `hay`. Every line of `head` scores
    /// the same and more than any line of `rest`; both are in caseload order.
    pub fn split(head: Vec<usize>, rest: Vec<usize>, query: &str, hay: SharedHay) -> Found {
        if rest.is_empty() {
            return Found::known(head);
        }
        Found(Arc::new(Inner {
            len: head.len() + rest.len(),
            head,
            rest: Some(Rest {
                lines: rest,
                query: query.to_string(),
                hay,
            }),
            all: OnceLock::new(),
        }))
    }

    /// Whether `other` is this very result (not a copy of the same lines).
    pub fn same(&self, other: &Found) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    /// How many lines.
    pub fn len(&self) -> usize {
        self.0.len
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.len == 0
    }

    /// Every line, in order (the rest ranked now if it was not yet).
    pub fn all(&self) -> &[usize] {
        let inner = &*self.0;
        inner.all.get_or_init(|| {
            let mut all = inner.head.clone();
            if let Some(rest) = &inner.rest {
                all.extend(ranked(&rest.hay.0, &rest.lines, &rest.query));
            }
            all
        })
    }

    /// Whether the whole order is known without ranking anything more.
    pub fn is_ranked(&self) -> bool {
        self.0.all.get().is_some()
    }

    /// The line at `pos`, ranking the rest only if `pos` is past the lines known first.
    pub fn get(&self, pos: usize) -> Option<usize> {
        match self.0.all.get() {
            Some(all) => all.get(pos).copied(),
            None if pos < self.0.head.len() => Some(self.0.head[pos]),
            None => self.all().get(pos).copied(),
        }
    }

    /// The place of the first line `is` picks, ranking the rest only if no line known first is
    /// picked (the same place as in the whole ranked list, which starts with those lines).
    pub fn position(&self, is: impl Fn(usize) -> bool) -> Option<usize> {
        let known = self.0.all.get().map_or(&self.0.head[..], |all| &all[..]);
        known
            .iter()
            .position(|&i| is(i))
            .or_else(|| self.all().iter().position(|&i| is(i)))
    }

    /// Up to `n` lines from `start`, ranking the rest only if they reach past the lines known
    /// first (what a screen of `n` lines scrolled to `start` shows).
    pub fn window(&self, start: usize, n: usize) -> &[usize] {
        let lines = match self.0.all.get() {
            Some(all) => all,
            None if start.saturating_add(n) <= self.0.head.len() => &self.0.head,
            None => self.all(),
        };
        let from = start.min(lines.len());
        &lines[from..start.saturating_add(n).min(lines.len())]
    }

    /// Only the lines `keep` keeps, in the same order (what ranking only those would give).
    pub fn only(&self, keep: impl Fn(usize) -> bool) -> Found {
        let pick = |lines: &[usize]| -> Vec<usize> {
            lines.iter().copied().filter(|&i| keep(i)).collect()
        };
        match (&self.0.rest, self.0.all.get()) {
            (Some(rest), None) => Found::split(
                pick(&self.0.head),
                pick(&rest.lines),
                &rest.query,
                rest.hay.clone(),
            ),
            _ => Found::known(pick(self.all())),
        }
    }

    /// The lines in caseload order when that costs no ranking or sorting (after a key that
    /// split its lines into those first and the rest).
    pub fn in_caseload_order(&self) -> Option<Vec<usize>> {
        let rest = self.0.rest.as_ref()?;
        let (a, b) = (&self.0.head, &rest.lines);
        let mut merged = Vec::with_capacity(a.len() + b.len());
        let (mut i, mut j) = (0, 0);
        while i < a.len() && j < b.len() {
            if a[i] < b[j] {
                merged.push(a[i]);
                i += 1;
            } else {
                merged.push(b[j]);
                j += 1;
            }
        }
        merged.extend_from_slice(&a[i..]);
        merged.extend_from_slice(&b[j..]);
        Some(merged)
    }
}

impl Deref for Found {
    type Target = [usize];

    /// Every line, in order (see [`Found::all`]).
    fn deref(&self) -> &[usize] {
        self.all()
    }
}

impl PartialEq for Found {
    fn eq(&self, other: &Found) -> bool {
        self.all() == other.all()
    }
}

impl PartialEq<Vec<usize>> for Found {
    fn eq(&self, other: &Vec<usize>) -> bool {
        self.all() == other.as_slice()
    }
}

impl std::fmt::Debug for Found {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.all()).finish()
    }
}
