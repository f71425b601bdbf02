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
        c.date = c.date.map(|d| held_on_a_school_day(d, today));
        c.next_date = c.next_date.map(next_school_day);
    }
    // So is an intervention's meeting.
    for i in doc
        .students
        .iter_mut()
        .flat_map(|s| s.interventions.iter_mut())
    {
        i.date = i.date.map(|d| held_on_a_school_day(d, today));
    }
    let years = start_year(&school_year_of(today)) - start_year(&school_year_of(anchor));
    for p in doc.students.iter_mut().flat_map(|s| s.plans.iter_mut()) {
        let start = start_year(&p.school_year) + years;
        p.school_year = format!("{}-{:02}", start, (start + 1) % 100);
    }
    doc
}

/// A meeting's day moved onto a school day: the one before, unless that is in the school year
/// before (the year's first day on a weekend: the meeting belongs to the new year's plan), then
/// the one after, unless that is after `today`, then the day itself.
fn held_on_a_school_day(d: NaiveDate, today: NaiveDate) -> NaiveDate {
    let back = previous_school_day(d);
    if school_year_of(back) == school_year_of(d) {
        return back;
    }
    let on = next_school_day(d);
    if on <= today {
        on
    } else {
        d
    }
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

    /// A key links records inside the document; it is never a word a family or advisor reads.
    #[test]
    fn no_words_in_the_demo_name_a_records_key() {
        fn walk(v: &serde_json::Value, at: &str, found: &mut Vec<String>) {
            match v {
                serde_json::Value::Object(m) => m.iter().for_each(|(k, v)| walk(v, k, found)),
                serde_json::Value::Array(a) => a.iter().for_each(|v| walk(v, at, found)),
                serde_json::Value::String(s) if !matches!(at, "key" | "goal" | "strategy") => {
                    let key_like = |w: &str| {
                        let mut c = w.chars();
                        matches!(c.next(), Some('g' | 's'))
                            && !w[1..].is_empty()
                            && w[1..].chars().all(|c| c.is_ascii_digit())
                    };
                    if s.split(|c: char| !c.is_alphanumeric()).any(key_like) {
                        found.push(format!("{at}: {s}"));
                    }
                }
                _ => {}
            }
        }
        let doc: serde_json::Value = serde_json::from_str(CASELOAD).unwrap();
        let mut found = Vec::new();
        walk(&doc, "", &mut found);
        assert!(found.is_empty(), "{found:#?}");
    }

    #[test]
    fn demo_meetings_and_interventions_fall_on_school_days_whatever_today_is() {
        let anchor = NaiveDate::from_ymd_opt(ANCHOR.0, ANCHOR.1, ANCHOR.2).unwrap();
        // Two weeks of days, and days up to a year on (where a meeting can land on the first
        // day of a school year).
        for shift in (0..14).chain((14..400).step_by(5)) {
            let today = anchor + chrono::Duration::days(shift);
            let doc = caseload(today);
            for s in &doc.students {
                let meetings = s.checkins.iter().map(|c| c.date.unwrap());
                for held in meetings.chain(s.interventions.iter().filter_map(|i| i.date)) {
                    assert!(held <= today, "{today}: {held}");
                    if school_year_of(held) == school_year_of(held - chrono::Duration::days(3)) {
                        assert!(!crate::domain::no_school_on(held), "{today}: {held}");
                    }
                }
                for c in &s.checkins {
                    let held = c.date.unwrap();
                    assert!(c.next_date.is_none_or(|n| n > held), "{today}: {held}");
                    if let Some(n) = c.next_date {
                        assert!(!crate::domain::no_school_on(n), "{today}: {n}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_meeting_moved_off_a_weekend_stays_in_its_school_year() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        // Sunday 1 August 2027, the 2027-28 year's first day: on to Monday the 2nd, not back to
        // Friday 30 July in 2026-27; on the day itself when the 2nd is still to come.
        assert_eq!(
            held_on_a_school_day(d("2027-08-01"), d("2027-09-01")),
            d("2027-08-02")
        );
        assert_eq!(
            held_on_a_school_day(d("2027-08-01"), d("2027-08-01")),
            d("2027-08-01")
        );
        // Any other weekend: the Friday before.
        assert_eq!(
            held_on_a_school_day(d("2026-11-29"), d("2026-12-01")),
            d("2026-11-27")
        );
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
