//! The caseload's counts are kept per next check-in date as changes land (and rebuilt with the
//! tables), not counted by reading every student: they must agree with the whole list after
//! every kind of change that moves a student in or out of it or between dates.

use chrono::NaiveDate;
use plp::domain::{CheckIn, DueState, Student};
use plp::store::{Base, Entity, Store};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The counts agree with the whole active caseload on each of a few days around `today`, and
/// the first lines read alone are how the whole list starts.
fn agree(s: &Store, what: &str) {
    for today in [
        "2026-09-01",
        "2026-10-20",
        "2026-11-24",
        "2027-01-15",
        "2027-09-10",
    ]
    .map(day)
    {
        let whole = s.caseload(today, false).unwrap();
        let counts = s.caseload_counts(today).unwrap();
        assert_eq!(counts.students, whole.len(), "{what}, {today}");
        let now = whole
            .iter()
            .filter(|r| matches!(r.due, DueState::Overdue | DueState::NeverMet))
            .count();
        assert_eq!(counts.need_now, now, "{what}, {today}");
        for n in [1, 2, 3, 5] {
            let head = s.caseload_head(today, n).unwrap();
            assert_eq!(head, whole[..n.min(whole.len())], "{what}, {today}, {n}");
        }
    }
}

fn student(sis: &str, family: &str) -> Student {
    Student {
        sis_id: sis.into(),
        given_name: "Ana".into(),
        family_name: family.into(),
        ..Default::default()
    }
}

fn checkin(s: &mut Store, student: &str, date: &str, next: &str) -> String {
    let c = CheckIn {
        student_id: student.into(),
        date: Some(day(date)),
        next_date: Some(day(next)),
        ..Default::default()
    };
    s.write(|w| w.add_checkin(&c)).unwrap()
}

#[test]
fn counts_follow_every_change_and_the_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("c.db")).unwrap();
    agree(&s, "empty");
    let ids: Vec<String> = ["Okafor", "Kim", "Ávila", "Nguyen", "Lind", "Okafor"]
        .iter()
        .enumerate()
        .map(|(i, f)| {
            s.write(|w| w.add_student(&student(&format!("{}", 100 + i), f)))
                .unwrap()
        })
        .collect();
    agree(&s, "never met");
    checkin(&mut s, &ids[0], "2026-09-10", "2026-10-20");
    checkin(&mut s, &ids[1], "2026-09-10", "2026-10-20");
    checkin(&mut s, &ids[2], "2026-10-01", "2026-11-26");
    agree(&s, "dates");
    // A later check-in moves a student to another date; one retired moves it back.
    let later = checkin(&mut s, &ids[0], "2026-10-21", "2026-12-01");
    agree(&s, "moved");
    s.write(|w| w.retire(Entity::CheckIn, &later)).unwrap();
    agree(&s, "moved back");
    // Inactive and retired students leave the list; active again, they come back.
    s.write(|w| {
        w.set(
            Entity::Student,
            &ids[1],
            "status",
            "inactive".into(),
            Base::Current,
        )
    })
    .unwrap();
    s.write(|w| w.retire(Entity::Student, &ids[3])).unwrap();
    agree(&s, "left");
    s.write(|w| {
        w.set(
            Entity::Student,
            &ids[1],
            "status",
            "active".into(),
            Base::Current,
        )
    })
    .unwrap();
    agree(&s, "back");
    // The rebuild finds the counts as they were kept; counts made wrong are put right.
    assert!(!s.rebuild().unwrap(), "the kept counts agree with the log");
    s.conn()
        .execute("UPDATE summary_counts SET n = n + 5", [])
        .unwrap();
    assert!(s.rebuild().unwrap(), "wrong counts are found");
    agree(&s, "rebuilt");
}

#[test]
fn in_a_new_school_year_last_years_dates_are_not_yet_met_in_the_lines_and_the_counts() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("y.db")).unwrap();
    // Next dates of last school year in the order opposite to the names, then one of this year.
    let plans = [
        ("Zeta", "2027-04-20", "2027-05-01"),
        ("Ypsilon", "2027-05-20", "2027-06-01"),
        ("Alpha", "2027-06-20", "2027-07-31"),
        ("Beta", "2027-06-20", "2027-08-02"),
        ("Delta", "2027-06-10", "2027-08-01"),
        ("Gamma", "2027-06-20", "2027-09-14"),
    ];
    for (i, (family, date, next)) in plans.iter().enumerate() {
        let id = s
            .write(|w| w.add_student(&student(&format!("{}", 200 + i), family)))
            .unwrap();
        checkin(&mut s, &id, date, next);
    }
    let today = day("2027-09-10");
    let whole = s.caseload(today, false).unwrap();
    let shown: Vec<(&str, DueState, Option<NaiveDate>)> = whole
        .iter()
        .map(|r| (r.family_name.as_str(), r.due, r.next_due))
        .collect();
    assert_eq!(
        shown,
        vec![
            ("Alpha", DueState::NeverMet, None),
            // The year's first day, as a year-end review sets it, is not yet met once gone by.
            ("Delta", DueState::NeverMet, None),
            ("Ypsilon", DueState::NeverMet, None),
            ("Zeta", DueState::NeverMet, None),
            ("Beta", DueState::Overdue, Some(day("2027-08-02"))),
            ("Gamma", DueState::ThisWeek, Some(day("2027-09-14"))),
        ]
    );
    for n in 0..=7 {
        let head = s.caseload_head(today, n).unwrap();
        assert_eq!(head, whole[..n.min(whole.len())], "{n} lines");
    }
    let counts = s.caseload_counts(today).unwrap();
    assert_eq!((counts.students, counts.need_now), (6, 5));
    agree(&s, "a new year");
}
