//! The demo caseload: the fictional students in `data/`, or N generated ones for load tests.

mod generate;
mod pools;

pub use generate::{generate, Generator};

use chrono::NaiveDate;

use crate::domain::{next_school_day, previous_school_day, school_year_of};
use crate::portable::Document;

/// The demo caseload as written, anchored at this day; it is moved to today when loaded.
const CASELOAD: &str = include_str!("../../data/demo-caseload.json");
const ANCHOR: (i32, u32, u32) = (2026, 11, 24);

/// The demo caseload, with its dates moved so that "today" in it is `today`.
pub fn caseload(today: NaiveDate) -> Document {
    // The file is part of the build and checked by a test, so failing to read it is a bug.
    let mut doc = Document::from_json(CASELOAD).unwrap_or_else(|_| Document::new(today));
    let anchor = NaiveDate::from_ymd_opt(ANCHOR.0, ANCHOR.1, ANCHOR.2).unwrap_or(today);
    doc.shift_dates((today - anchor).num_days());
    // Moved by days, a meeting can land on a weekend or a holiday: it is held on the school
    // day before (never after today), and a next date set for the school day after.
    for c in doc.students.iter_mut().flat_map(|s| s.checkins.iter_mut()) {
        c.date = c.date.map(previous_school_day);
        c.next_date = c.next_date.map(next_school_day);
    }
    let years = start_year(&school_year_of(today)) - start_year(&school_year_of(anchor));
    for p in doc.students.iter_mut().flat_map(|s| s.plans.iter_mut()) {
        let start = start_year(&p.school_year) + years;
        p.school_year = format!("{}-{:02}", start, (start + 1) % 100);
    }
    doc
}

fn start_year(school_year: &str) -> i64 {
    school_year
        .get(..4)
        .and_then(|y| y.parse().ok())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_file_reads_and_links() {
        let doc = Document::from_json(CASELOAD).expect("data/demo-caseload.json is valid");
        assert!(doc.students.len() >= 20);
        crate::portable::check_links(&doc).expect("every key in the demo resolves");
    }

    #[test]
    fn demo_meetings_fall_on_school_days_whatever_today_is() {
        let anchor = NaiveDate::from_ymd_opt(ANCHOR.0, ANCHOR.1, ANCHOR.2).unwrap();
        for shift in 0..14 {
            let today = anchor + chrono::Duration::days(shift);
            let doc = caseload(today);
            for c in doc.students.iter().flat_map(|s| s.checkins.iter()) {
                for d in [c.date, c.next_date].into_iter().flatten() {
                    assert!(!crate::domain::no_school_on(d), "{today}: {d}");
                }
                assert!(c.date.is_some_and(|d| d <= today), "{today}: {:?}", c.date);
            }
        }
    }

    #[test]
    fn demo_dates_follow_today() {
        let today = NaiveDate::from_ymd_opt(2027, 1, 10).unwrap();
        let doc = caseload(today);
        let last = doc
            .students
            .iter()
            .flat_map(|s| s.checkins.iter().filter_map(|c| c.date))
            .max()
            .unwrap();
        assert!(last < today && last > today - chrono::Duration::days(30));
        let next_year = caseload(NaiveDate::from_ymd_opt(2027, 10, 1).unwrap());
        assert!(next_year.students[0]
            .plans
            .iter()
            .any(|p| p.school_year == "2027-28"));
    }
}
