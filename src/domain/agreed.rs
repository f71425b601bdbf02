//! What was agreed at earlier check-ins and still holds: the next date agreed, and the next
//! steps still open.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use super::{parse_typed_date, school_year_of, CheckIn, CheckInKind, NextStep, Restriction};

/// The next date a meeting sets when none was chosen for it, as it is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextDate {
    /// The default day.
    Default(NaiveDate),
    /// The day agreed before, kept in place of the default.
    Agreed(NaiveDate),
}

impl NextDate {
    /// The day.
    pub fn date(self) -> NaiveDate {
        match self {
            NextDate::Default(d) | NextDate::Agreed(d) => d,
        }
    }

    /// Whether it is the day agreed before.
    pub fn kept(self) -> bool {
        matches!(self, NextDate::Agreed(_))
    }
}

/// The next date for a meeting of `kind` that chose none, given the `default` it would get and
/// the next date `agreed` before it (the latest check-in's), on `today`.
///
/// A check-in (the regular one) is the meeting the agreed date was for, so it sets its default.
/// A quick touchpoint or a family meeting in between does not move an agreed date that is
/// still to come (after `today`), sooner or later than its default: that day is kept. The
/// year-end review closes the year, so it keeps only an agreed date later than its default
/// (the new year's first school day); one before that gives way.
pub fn next_date_keeping_agreed(
    kind: CheckInKind,
    default: NaiveDate,
    agreed: Option<NaiveDate>,
    today: NaiveDate,
) -> NextDate {
    match (kind, agreed) {
        (CheckInKind::CheckIn, _) | (_, None) => NextDate::Default(default),
        (CheckInKind::AnnualReview, Some(a)) if a <= default => NextDate::Default(default),
        (_, Some(a)) if a > today => NextDate::Agreed(a),
        _ => NextDate::Default(default),
    }
}

/// Whether no school is held on `d` as plp counts days: a Saturday or Sunday, 25 December,
/// 31 December or 1 January. (Other holidays differ by school and are not known here.)
pub fn no_school_on(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
        || matches!((d.month(), d.day()), (12, 25) | (12, 31) | (1, 1))
}

/// A default next date moved off a day with no school ([`no_school_on`]) to the next day with
/// school: 25 December on a Friday goes to Monday 28 December, 31 December on a Wednesday to
/// Friday 2 January, a Saturday to the Monday. A school day is kept as it is.
pub fn next_school_day(d: NaiveDate) -> NaiveDate {
    school_day_from(d, Duration::days(1))
}

/// The first day with school from `d`, a day at a time by `step` (forward or back).
fn school_day_from(d: NaiveDate, step: Duration) -> NaiveDate {
    let mut day = d;
    // At most a weekend and the two days of the new year are passed over.
    for _ in 0..7 {
        if !no_school_on(day) {
            return day;
        }
        day += step;
    }
    day
}

/// A next date typed as a count of weeks or days from the check-in ("4w", "10d"), said as
/// people say it ("4 weeks", "10 days"); `None` for a date.
pub fn count_in_words(typed: &str) -> Option<String> {
    let t = super::dates::as_count(typed)?;
    let (num, unit) = match t.strip_suffix('w') {
        Some(n) => (n, "week"),
        None => (t.strip_suffix('d')?, "day"),
    };
    // [`as_count`](super::dates::as_count) leaves only digits before the unit.
    let n: u32 = num.parse().ok()?;
    Some(format!("{n} {unit}{}", if n == 1 { "" } else { "s" }))
}

/// A next date typed without its year that falls further than this many months after the
/// check-in is a slip (a day of this month that has just passed, typed for the next).
const FAR_MONTHS: u32 = 6;

/// Whether a next date typed without its year ("10/1", "Oct 1": neither a count of weeks or
/// days nor a whole date) reads as `next`, more than six months after the check-in on `from`:
/// almost surely a slip, refused alike by `plp checkin --next` and the composer.
pub fn far_without_year(typed: &str, from: NaiveDate, next: NaiveDate) -> bool {
    let far = from.checked_add_months(chrono::Months::new(FAR_MONTHS));
    yearless(typed) && far.is_some_and(|far| next > far)
}

/// Whether a date held typed without its year ("12/5", "Dec 5") reads as `held`, more than six
/// months before `today`: the last such day, so a day of this month still to come is read as
/// last year's. Almost surely a slip that would file the check-in with last year's plan,
/// refused alike by `plp checkin --date` and the composer.
pub fn long_ago_without_year(typed: &str, today: NaiveDate, held: NaiveDate) -> bool {
    let long_ago = today.checked_sub_months(chrono::Months::new(FAR_MONTHS));
    yearless(typed) && long_ago.is_some_and(|long_ago| held < long_ago)
}

/// Whether a date was typed without its year: neither a count of weeks or days nor a whole
/// date.
fn yearless(typed: &str) -> bool {
    count_in_words(typed).is_none() && parse_typed_date(&typed.trim().to_lowercase()).is_err()
}

/// The last day with school on or before `d` ([`no_school_on`]): a Sunday goes back to the
/// Friday, 1 January 2029 (a Monday) past the 31st and the weekend to Friday 29 December 2028.
/// A school day is kept as it is.
pub fn previous_school_day(d: NaiveDate) -> NaiveDate {
    school_day_from(d, Duration::days(-1))
}

/// One of the next steps still open.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct OpenStep {
    /// The step.
    pub step: NextStep,
    /// The day of the check-in that agreed it.
    pub agreed: Option<NaiveDate>,
    /// The check-in that agreed it is restricted whole: the step stays in it, out of what
    /// families and exports read.
    pub restricted: bool,
}

/// The next steps still open, from a student's check-ins newest first (retired ones and those
/// with no date are passed over).
///
/// A check-in's next steps stay open until a later check-in goes over them. The composer goes
/// over every step still open: it ticks each done or not, a step not done is carried into its
/// own next steps, and one taken out was let go. So the steps still open are those of the latest
/// check-in that dealt with steps (agreed some, or went over last time's); check-ins that did
/// neither (a quick note from the command line) are passed over, closing nothing. The year-end
/// review closes the year: steps agreed before it are not carried past it, and steps stay
/// within the school year of the latest check-in.
///
/// A step written twice in one check-in (the same words and owner) is listed once.
pub fn open_steps<'a>(newest_first: impl IntoIterator<Item = &'a CheckIn>) -> Vec<OpenStep> {
    let mut open: Vec<OpenStep> = Vec::new();
    let mut year = None;
    for c in newest_first {
        let Some(date) = c.date.filter(|_| !c.retired) else {
            continue;
        };
        let of = school_year_of(date);
        if *year.get_or_insert_with(|| of.clone()) != of {
            break;
        }
        for s in c.next_steps.iter().filter(|s| !s.text.trim().is_empty()) {
            let key = step_key(s);
            if open.iter().all(|o| step_key(&o.step) != key) {
                open.push(OpenStep {
                    step: s.clone(),
                    agreed: Some(date),
                    restricted: c.restriction() == Restriction::Whole,
                });
            }
        }
        if !c.next_steps.is_empty()
            || !c.last_steps.is_empty()
            || c.kind == CheckInKind::AnnualReview
        {
            break;
        }
    }
    open
}

/// A step's words and owner, as compared: case and spacing aside.
fn step_key(s: &NextStep) -> (String, String) {
    let fold = |t: &str| {
        t.to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    (fold(&s.text), fold(&s.owner))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::StepReview;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn step(text: &str, owner: &str) -> NextStep {
        NextStep {
            text: text.into(),
            owner: owner.into(),
        }
    }

    fn checkin(date: &str, steps: &[&str], reviewed: &[&str]) -> CheckIn {
        CheckIn {
            date: Some(day(date)),
            next_steps: steps.iter().map(|s| step(s, "student")).collect(),
            last_steps: reviewed
                .iter()
                .map(|s| StepReview {
                    text: s.to_string(),
                    owner: "student".into(),
                    done: Some(true),
                })
                .collect(),
            ..Default::default()
        }
    }

    fn texts(open: &[OpenStep]) -> Vec<&str> {
        open.iter().map(|o| o.step.text.as_str()).collect()
    }

    #[test]
    fn a_later_agreed_date_is_kept_by_a_meeting_of_another_kind() {
        let today = day("2026-11-02");
        let default = day("2026-12-07");
        let agreed = Some(day("2026-12-14"));
        for kind in [
            CheckInKind::Touchpoint,
            CheckInKind::Parent,
            CheckInKind::StudentLed,
            CheckInKind::AnnualReview,
        ] {
            let next = next_date_keeping_agreed(kind, default, agreed, today);
            assert_eq!(next, NextDate::Agreed(day("2026-12-14")), "{kind:?}");
            assert!(next.kept());
        }
        // The regular check-in is the meeting that was agreed: it sets its own.
        assert_eq!(
            next_date_keeping_agreed(CheckInKind::CheckIn, default, agreed, today),
            NextDate::Default(default)
        );
        // A touchpoint or family meeting in between keeps a sooner agreed date still to come:
        // the regular check-in agreed for 20 November stays there.
        for kind in [
            CheckInKind::Touchpoint,
            CheckInKind::Parent,
            CheckInKind::StudentLed,
        ] {
            for agreed in ["2026-12-07", "2026-11-20", "2026-11-03"] {
                let next = next_date_keeping_agreed(kind, default, Some(day(agreed)), today);
                assert_eq!(next, NextDate::Agreed(day(agreed)), "{kind:?} {agreed}");
            }
        }
        // One gone by gives way.
        for agreed in ["2026-11-02", "2026-10-01"] {
            let next = next_date_keeping_agreed(
                CheckInKind::Touchpoint,
                default,
                Some(day(agreed)),
                today,
            );
            assert_eq!(next, NextDate::Default(default), "{agreed}");
            assert!(!next.kept());
        }
        // The year-end review closes the year: an agreed date on or before the new year's first
        // day gives way to it.
        for agreed in ["2026-12-07", "2026-11-20"] {
            let next = next_date_keeping_agreed(
                CheckInKind::AnnualReview,
                default,
                Some(day(agreed)),
                today,
            );
            assert_eq!(next, NextDate::Default(default), "{agreed}");
        }
        assert_eq!(
            next_date_keeping_agreed(CheckInKind::Parent, default, None, today).date(),
            default
        );
    }

    #[test]
    fn a_default_date_moves_off_days_with_no_school() {
        // A school day stays.
        assert_eq!(next_school_day(day("2026-12-07")), day("2026-12-07"));
        assert_eq!(next_school_day(day("2026-12-24")), day("2026-12-24"));
        // A weekend goes to the Monday.
        assert_eq!(next_school_day(day("2026-12-05")), day("2026-12-07"));
        assert_eq!(next_school_day(day("2026-12-06")), day("2026-12-07"));
        // 25 December on a Friday: Monday 28 December.
        assert_eq!(next_school_day(day("2026-12-25")), day("2026-12-28"));
        // 25 December on a Tuesday: the 26th.
        assert_eq!(next_school_day(day("2029-12-25")), day("2029-12-26"));
        // 31 December on a Thursday goes past 1 January and the weekend to Monday the 4th.
        assert_eq!(next_school_day(day("2026-12-31")), day("2027-01-04"));
        assert_eq!(next_school_day(day("2027-01-01")), day("2027-01-04"));
        // 31 December on a Friday: past 1–2 January (a weekend) to Monday 3 January.
        assert_eq!(next_school_day(day("2027-12-31")), day("2028-01-03"));
        // Back: a Sunday to the Friday, 1 January 2029 (a Monday) past the 31st and the
        // weekend to Friday 29 December 2028.
        assert_eq!(previous_school_day(day("2026-12-06")), day("2026-12-04"));
        assert_eq!(previous_school_day(day("2029-01-01")), day("2028-12-29"));
        assert_eq!(previous_school_day(day("2026-12-07")), day("2026-12-07"));
        assert!(no_school_on(day("2026-12-25")));
        assert!(!no_school_on(day("2026-12-30")));
    }

    #[test]
    fn steps_stay_open_until_a_check_in_goes_over_them() {
        // The composer's check-in on 1 Oct went over September's steps and agreed two; quick
        // notes on 20 and 25 Oct went over nothing and agreed nothing.
        let checkins = [
            checkin("2026-10-25", &[], &[]),
            checkin("2026-10-20", &[], &[]),
            checkin(
                "2026-10-01",
                &["Email Ms. Lee", "Bring the planner"],
                &["Old"],
            ),
            checkin("2026-09-01", &["Old"], &[]),
        ];
        let open = open_steps(&checkins);
        assert_eq!(texts(&open), ["Email Ms. Lee", "Bring the planner"]);
        assert_eq!(open[0].agreed, Some(day("2026-10-01")));
        // A check-in that went over them closes them: what it carried on is what is open.
        let mut later = vec![checkin(
            "2026-11-05",
            &["Bring the planner"],
            &["Email Ms. Lee", "Bring the planner"],
        )];
        later.extend(checkins.iter().cloned());
        assert_eq!(texts(&open_steps(&later)), ["Bring the planner"]);
        // One that went over them all and carried none leaves none open.
        later[0].next_steps.clear();
        assert!(open_steps(&later).is_empty());
        // A check-in that agreed steps without a review written (one kept before reviews
        // were) offered the earlier ones too: its steps are those open.
        let older = [
            checkin("2026-10-01", &["Email Ms. Lee"], &[]),
            checkin("2026-09-01", &["Old"], &[]),
        ];
        assert_eq!(texts(&open_steps(&older)), ["Email Ms. Lee"]);
        assert!(open_steps(&[]).is_empty());
    }

    #[test]
    fn a_step_written_twice_is_listed_once() {
        let checkins = [checkin(
            "2026-10-20",
            &["bring  the PLANNER", "Bring the planner", "Email Ms. Lee"],
            &[],
        )];
        assert_eq!(
            texts(&open_steps(&checkins)),
            ["bring  the PLANNER", "Email Ms. Lee"]
        );
    }

    #[test]
    fn steps_stay_within_the_year_and_end_at_the_year_end_review() {
        let mut review = checkin("2027-06-10", &[], &[]);
        review.kind = CheckInKind::AnnualReview;
        let checkins = [
            checkin("2027-09-10", &["New year's step"], &[]),
            checkin("2027-05-20", &["May's step"], &[]),
        ];
        assert_eq!(texts(&open_steps(&checkins)), ["New year's step"]);
        let checkins = [review, checkin("2027-05-20", &["May's step"], &[])];
        assert!(open_steps(&checkins).is_empty());
    }

    #[test]
    fn retired_and_restricted_check_ins() {
        let mut retired = checkin("2026-10-20", &["Retired step"], &[]);
        retired.retired = true;
        let mut whole = checkin("2026-10-10", &["Kept in it"], &[]);
        whole.set_restriction(Restriction::Whole);
        let checkins = [retired, whole, checkin("2026-10-01", &["Seen"], &[])];
        let open = open_steps(&checkins);
        assert_eq!(texts(&open), ["Kept in it"]);
        assert!(open[0].restricted);
    }
}
