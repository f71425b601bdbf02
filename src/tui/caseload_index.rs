//! What the caseload's keys look at, made once per caseload read: per student a few bytes saying
//! whose advisee they are, their grade, IEP/504 and due state; the distinct advisor fields and
//! grades; and the text the filter matches, lower-cased letters kept as a bit set beside it. A
//! view key or a filter key then walks these compact arrays instead of every student's record,
//! which at 50,000 students is the difference between a fraction of a millisecond and tens.

use std::collections::HashMap;
use std::sync::Arc;

use super::filter_found::Found;
use super::filter_keys::FirstKeys;
use super::filter_text::{Haystacks, SharedHay};
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

impl CaseloadIndex {
    /// Reads `rows` once.
    pub fn new(rows: &[CaseloadRow]) -> CaseloadIndex {
        let mut index = CaseloadIndex {
            traits: Vec::with_capacity(rows.len()),
            ..CaseloadIndex::default()
        };
        let mut hay = Haystacks::with_capacity(rows.len());
        let mut field_ids: HashMap<&str, u32> = HashMap::new();
        let mut line = String::new();
        for r in rows {
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
            hay.push(r, &mut line);
        }
        index.hay = SharedHay(Arc::new(hay));
        index.grades = super::caseload_view::grades(rows);
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
        self.advisors
            .get_or_insert_with(|| advisors_of(fields.iter().map(String::as_str)))
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
        keys.get(c.to_ascii_lowercase())
    }
}

/// [`super::caseload_view::advisors`] from the advisor fields alone (each may come once: the first spelling of a
/// name is the one kept either way).
pub fn advisors_of<'a>(fields: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut seen: std::collections::BTreeMap<String, String> = Default::default();
    for field in fields {
        if let Some(a) = Some(field.trim()).filter(|a| !a.is_empty()) {
            seen.entry(crate::store::fold(a))
                .or_insert_with(|| crate::domain::clean_line(a));
        }
    }
    let mut out: Vec<String> = Vec::new();
    for name in seen.into_values() {
        if !out
            .iter()
            .any(|kept| crate::domain::advisor::matches(kept, &name))
        {
            out.push(name);
        }
    }
    out
}
