//! Dates as advisors use them: check-in dates, the next due date, school years.

use chrono::{Datelike, Duration, NaiveDate};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

use super::ValidationError;

/// How a date typed with slashes is read: `5/28/2027` (month first, as in the US) or
/// `28/5/2027` (day first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateOrder {
    /// Month, day, year.
    #[default]
    Mdy,
    /// Day, month, year.
    Dmy,
}

impl DateOrder {
    /// The word the settings store.
    pub fn as_str(self) -> &'static str {
        match self {
            DateOrder::Mdy => "mdy",
            DateOrder::Dmy => "dmy",
        }
    }

    /// A date written as this order types it, for examples in sentences.
    pub fn example(self) -> &'static str {
        match self {
            DateOrder::Mdy => "5/28/2027",
            DateOrder::Dmy => "28/5/2027",
        }
    }
}

impl std::str::FromStr for DateOrder {
    type Err = ValidationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s
            .trim()
            .to_lowercase()
            .replace(['-', '/', ' '], "")
            .as_str()
        {
            "mdy" | "us" => Ok(DateOrder::Mdy),
            "dmy" => Ok(DateOrder::Dmy),
            _ => Err(ValidationError::new(format!(
                "date order \"{}\" is not mdy (5/28/2027) or dmy (28/5/2027)",
                super::clean_line(s)
            ))),
        }
    }
}

/// The school's conventions, set once at start from the settings: the month the school year
/// starts in (8, August, unless set) and the order of typed dates.
static FIRST_MONTH: AtomicU32 = AtomicU32::new(8);
static DAY_FIRST: AtomicBool = AtomicBool::new(false);

/// Sets the month the school year starts in (1-12) and how typed dates are read, for the rest
/// of the run.
pub fn set_conventions(first_month: u32, order: DateOrder) {
    if (1..=12).contains(&first_month) {
        FIRST_MONTH.store(first_month, Ordering::Relaxed);
    }
    DAY_FIRST.store(order == DateOrder::Dmy, Ordering::Relaxed);
}

/// The month (1-12) the school year starts in.
pub fn school_year_start() -> u32 {
    FIRST_MONTH.load(Ordering::Relaxed)
}

/// How typed dates with slashes are read.
pub fn date_order() -> DateOrder {
    if DAY_FIRST.load(Ordering::Relaxed) {
        DateOrder::Dmy
    } else {
        DateOrder::Mdy
    }
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A month as people write it: `8`, `08`, `Aug`, `August`.
pub fn parse_month(s: &str) -> Result<u32, ValidationError> {
    let t = s.trim().to_lowercase();
    let t = t.trim_end_matches('.');
    if let Ok(n) = t.parse::<u32>() {
        if (1..=12).contains(&n) {
            return Ok(n);
        }
    }
    if t.chars().count() >= 3 {
        if let Some(i) = MONTHS.iter().position(|m| m.starts_with(t)) {
            return Ok(i as u32 + 1);
        }
    }
    Err(ValidationError::new(format!(
        "\"{}\" is not a month (expected a name such as August, or 1 to 12)",
        quoted(s)
    )))
}

/// A value as a message quotes it: on one line, and cut at 40 characters with "…" to say so.
fn quoted(s: &str) -> String {
    let line = super::clean_line(s);
    match line.char_indices().nth(40) {
        Some((at, _)) => format!("{}…", &line[..at]),
        None => line,
    }
}

/// A month's name: 8 is "August".
pub fn month_name(m: u32) -> String {
    let name = MONTHS[(m.clamp(1, 12) - 1) as usize];
    let mut c = name.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// A date as people read it: "28 May 2027". Every date the app shows goes through here.
pub fn show_date(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

/// A day as people read it, with its weekday: "Fri 28 May 2027" (the day a check-in is held).
pub fn show_day(d: NaiveDate) -> String {
    d.format("%a %-d %b %Y").to_string()
}

/// A moment written `YYYY-MM-DD HH:MM` (when a revision was made) as people read it: "28 May
/// 2027 14:05"; anything else is given back as it is.
pub fn show_moment(s: &str) -> String {
    match chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M") {
        Ok(t) => format!("{} {}", show_date(t.date()), t.format("%H:%M")),
        Err(_) => s.to_string(),
    }
}

/// [`show_date`] for a date that may be missing (nothing is shown then).
pub fn show_opt_date(d: Option<NaiveDate>) -> String {
    d.map(show_date).unwrap_or_default()
}

/// What a date field accepts, for its label: "28 May 2027, 5/28/2027 or 2027-05-28".
pub fn date_formats() -> String {
    formats_in(2027)
}

/// [`date_formats`] with its example in the school year `today` is in (28 May of the year it
/// ends), so that the example typed as it is is a day of this year's plan.
pub fn date_formats_near(today: NaiveDate) -> String {
    formats_in(school_year_began(today).year() + 1)
}

/// The forms a date takes, each written as 28 May of year `y`.
fn formats_in(y: i32) -> String {
    let slashed = match date_order() {
        DateOrder::Mdy => format!("5/28/{y}"),
        DateOrder::Dmy => format!("28/5/{y}"),
    };
    format!("28 May {y}, {slashed} or {y}-05-28")
}

/// Reads a date written out with its month's name: "28 May 2027", "May 28, 2027", "28 Sep
/// 2027" (as [`show_date`] writes it, so a date shown can be typed back as it is).
fn parse_named(t: &str) -> Option<Result<NaiveDate, ()>> {
    let words: Vec<&str> = t.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    if words.len() != 3 {
        return None;
    }
    let number = |w: &str| {
        (!w.is_empty() && w.len() <= 4 && w.bytes().all(|c| c.is_ascii_digit()))
            .then(|| w.parse::<u32>().ok())
            .flatten()
    };
    let month = |w: &str| {
        (w.chars().all(|c| c.is_ascii_alphabetic()))
            .then(|| parse_month(w).ok())
            .flatten()
    };
    let (day, m) = match (number(words[0]), month(words[0])) {
        (Some(d), _) => (d, month(words[1])?),
        (None, Some(m)) => (number(words[1])?, m),
        _ => return None,
    };
    if words[2].len() != 4 {
        return None;
    }
    let year = number(words[2])? as i32;
    Some(NaiveDate::from_ymd_opt(year, m, day).ok_or(()))
}

/// Parses a date as schools type it: `YYYY-MM-DD`, with slashes (`5/28/2027`, `5/28/27`, read
/// in the order the settings give), or with the month's name (`28 May 2027`, `May 28, 2027`),
/// naming the problem when the date is impossible.
pub fn parse_date(s: &str) -> Result<NaiveDate, ValidationError> {
    parse_date_in(s, date_order())
}

/// A date typed without its year, as people do for one near today ("11/26" in the settings'
/// order, "26 Nov", "Nov 26"): its month and day, if that is what `t` is.
fn month_day(t: &str, order: DateOrder) -> Option<(u32, u32)> {
    let number = |w: &str| {
        (!w.is_empty() && w.len() <= 2 && w.bytes().all(|c| c.is_ascii_digit()))
            .then(|| w.parse::<u32>().ok())
            .flatten()
    };
    let slashed: Vec<&str> = t.split('/').collect();
    if let [a, b] = slashed.as_slice() {
        let (a, b) = (number(a)?, number(b)?);
        return Some(match order {
            DateOrder::Mdy => (a, b),
            DateOrder::Dmy => (b, a),
        });
    }
    let words: Vec<&str> = t.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    let month = |w: &str| {
        w.chars()
            .all(|c| c.is_ascii_alphabetic() || c == '.')
            .then(|| parse_month(w).ok())
            .flatten()
    };
    // A day said as people say it: "Dec 3rd", "3rd of Dec".
    let day = |w: &str| {
        let bare = ["st", "nd", "rd", "th"]
            .iter()
            .find_map(|s| w.strip_suffix(s))
            .unwrap_or(w);
        number(bare)
    };
    match words.as_slice() {
        [a, b] | [a, "of", b] => match (day(a), month(a)) {
            (Some(d), _) => Some((month(b)?, d)),
            (None, Some(m)) => Some((m, day(b)?)),
            _ => None,
        },
        _ => None,
    }
}

/// A count of weeks or days as people type it ("3 weeks", "in 2 wks", "14 days", "10d"), in
/// the short form the next-date field keeps ("3w", "14d"); `None` for anything else.
pub fn as_count(typed: &str) -> Option<String> {
    let t = typed.trim().to_lowercase();
    let t = t.strip_prefix("in ").unwrap_or(&t).trim();
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    let (num, unit) = t.split_at(digits);
    let unit = match unit.trim_start() {
        "w" | "wk" | "wks" | "week" | "weeks" => 'w',
        "d" | "day" | "days" => 'd',
        _ => return None,
    };
    (!num.is_empty()).then(|| format!("{num}{unit}"))
}

/// [`parse_typed_date`], and a date typed without its year taken in the year that makes it
/// the nearest to `near` on the side asked for: the last such day on or before it (`later`
/// false: a meeting being written up), or the first on or after it (`later`: the next one).
pub fn parse_date_near(
    s: &str,
    near: NaiveDate,
    later: bool,
) -> Result<NaiveDate, ValidationError> {
    let e = match parse_typed_date(s) {
        Ok(d) => return Ok(d),
        Err(e) => e,
    };
    let Some((m, d)) = month_day(s.trim(), date_order()) else {
        return Err(e);
    };
    let days = (near.year() - 1..=near.year() + 1).filter_map(|y| NaiveDate::from_ymd_opt(y, m, d));
    let found = if later {
        days.filter(|d| *d >= near).min()
    } else {
        days.filter(|d| *d <= near).max()
    };
    found
        .ok_or_else(|| ValidationError::new(format!("\"{}\" is not a real date", quoted(s.trim()))))
}

/// The years a date typed into a plan can fall in. A date outside them is a slip (1900 for
/// 2026, 0001 for a year left out), never a school record. Only new typing is held to them:
/// dates an older plp stored, and sends in a sync, are read and passed on as they are.
pub const TYPED_YEARS: std::ops::RangeInclusive<i32> = 1970..=2199;

/// A date as typed into a plan: [`parse_date`], and within [`TYPED_YEARS`].
pub fn parse_typed_date(s: &str) -> Result<NaiveDate, ValidationError> {
    plausible_date(parse_date(s)?)
}

/// The date, if it is within [`TYPED_YEARS`]; else the sentence saying it is not plausible.
pub fn plausible_date(d: NaiveDate) -> Result<NaiveDate, ValidationError> {
    if TYPED_YEARS.contains(&d.year()) {
        Ok(d)
    } else {
        Err(ValidationError::new(format!(
            "{} is not a plausible date for a school record (years {} to {})",
            show_date(d),
            TYPED_YEARS.start(),
            TYPED_YEARS.end()
        )))
    }
}

/// [`parse_date`] with the order of slashed dates given.
pub fn parse_date_in(s: &str, order: DateOrder) -> Result<NaiveDate, ValidationError> {
    let t = s.trim();
    let shown = quoted(t);
    let not_a_date = || {
        ValidationError::new(format!(
            "\"{shown}\" is not a date (try 28 May 2027, {} or 2027-05-28)",
            order.example()
        ))
    };
    let not_real = || ValidationError::new(format!("\"{shown}\" is not a real date"));
    let b = t.as_bytes();
    let iso = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if iso {
        return NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| not_real());
    }
    if let Some(named) = parse_named(t) {
        return named.map_err(|_| not_real());
    }
    let parts: Vec<&str> = t.split('/').collect();
    let digits = |p: &str, max: usize| {
        !p.is_empty() && p.len() <= max && p.bytes().all(|c| c.is_ascii_digit())
    };
    if parts.len() != 3
        || !digits(parts[0], 2)
        || !digits(parts[1], 2)
        || !(parts[2].len() == 2 || parts[2].len() == 4)
        || !digits(parts[2], 4)
    {
        return Err(not_a_date());
    }
    let n = |p: &str| p.parse::<u32>().unwrap_or(0);
    let (month, day) = match order {
        DateOrder::Mdy => (n(parts[0]), n(parts[1])),
        DateOrder::Dmy => (n(parts[1]), n(parts[0])),
    };
    let year = match parts[2].len() {
        2 => 2000 + n(parts[2]) as i32,
        _ => n(parts[2]) as i32,
    };
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| {
        // A real date in the other order ("28/5/2027" where dates are read month first): the
        // setting is named, with the day as it is typed here.
        match NaiveDate::from_ymd_opt(year, day, month) {
            Some(meant) => ValidationError::new(format!(
                "\"{shown}\" is not a real date read {} first (the date-order setting is {}): \
                 {} is typed {} here",
                match order {
                    DateOrder::Mdy => "month",
                    DateOrder::Dmy => "day",
                },
                order.as_str(),
                meant.format("%-d %B %Y"),
                match order {
                    DateOrder::Mdy => meant.format("%-m/%-d/%Y").to_string(),
                    DateOrder::Dmy => meant.format("%-d/%-m/%Y").to_string(),
                }
            )),
            None => not_real(),
        }
    })
}

/// A next-check-in value that is none: the forms it takes, the dates as every date field
/// names them.
fn not_next(shown: &str) -> ValidationError {
    ValidationError::new(format!(
        "\"{shown}\" is not weeks, days or a date (try 5w, 10d, 28 May 2027, {} or 2027-05-28)",
        date_order().example()
    ))
}

/// A day and month typed without a year ("Feb 30", "2/30" in the settings' order) whose month
/// never has that day: the sentence that says so ("February has no 30th").
fn no_such_day(t: &str) -> Option<ValidationError> {
    let (m, d) = month_day(t.trim(), date_order())?;
    // 2000 was a leap year: a day its month did not have then, it never has.
    if !(1..=12).contains(&m)
        || !(1..=31).contains(&d)
        || NaiveDate::from_ymd_opt(2000, m, d).is_some()
    {
        return None;
    }
    let suffix = match (d % 10, d % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    Some(ValidationError::new(format!(
        "{} has no {d}{suffix}",
        month_name(m)
    )))
}

/// Parses a next-check-in value: weeks or days from `today` ([`as_count`]: `5w`, `3 weeks`,
/// `10d`), a day of the week (the first after `today`), or a date.
pub fn parse_next(s: &str, today: NaiveDate) -> Result<NaiveDate, ValidationError> {
    let shown = quoted(s);
    if let Some(count) = as_count(s) {
        let (num, unit) = count.split_at(count.len() - 1);
        let n: i64 = match num.parse() {
            Ok(0) => {
                return Err(ValidationError::new(format!(
                    "\"{shown}\" is no time at all: the next check-in comes after this one \
                     (5w is five weeks on)"
                )))
            }
            Ok(n) if n <= 520 => n,
            _ => return Err(ValidationError::new(format!("\"{shown}\" is too far away"))),
        };
        let days = if unit == "w" { n * 7 } else { n };
        return within_a_year(&shown, today + Duration::days(days), today);
    }
    let t = s.trim().to_lowercase();
    // A count that is not one ("-3w", "2.5w") is said as a count, not as a date.
    let count_like = t.strip_suffix(['w', 'd']).is_some_and(|n| {
        !n.trim().is_empty()
            && n.trim()
                .chars()
                .all(|c| c.is_ascii_digit() || "+-.,".contains(c))
    });
    if count_like {
        return Err(not_next(&shown));
    }
    // A day of the week ("tue", "next thursday") is the first such day after this one.
    if let Ok(day) = t
        .strip_prefix("next ")
        .unwrap_or(&t)
        .trim()
        .parse::<chrono::Weekday>()
    {
        let ahead = (day.num_days_from_monday() + 7 - today.weekday().num_days_from_monday()) % 7;
        let ahead = if ahead == 0 { 7 } else { ahead };
        return Ok(today + Duration::days(i64::from(ahead)));
    }
    let d = parse_date_near(&t, today, true).map_err(|e| {
        if let Some(said) = no_such_day(&t) {
            said
        } else if t.contains(['-', '/']) {
            e
        } else {
            not_next(&shown)
        }
    })?;
    within_a_year(&shown, plausible_date(d)?, today)
}

/// The next check-in date, if it is at most a year after `today` (one further off is a slip:
/// 2030 for 2027, weeks for days); else the sentence that says so.
fn within_a_year(
    shown: &str,
    d: NaiveDate,
    today: NaiveDate,
) -> Result<NaiveDate, ValidationError> {
    if d > today + Duration::days(366) {
        return Err(ValidationError::new(format!(
            "\"{shown}\" ({}) is more than a year away; a next check-in is usually 4 to 6 weeks off",
            show_date(d)
        )));
    }
    Ok(d)
}

/// The school year a date falls in, by the month the school year starts in (see
/// [`set_conventions`]): "2026-27" for a year starting in August, or "2027" for one that starts
/// in January or February and so runs within one calendar year (southern-hemisphere schools).
pub fn school_year_of(date: NaiveDate) -> String {
    school_year_in(date, school_year_start())
}

/// [`school_year_of`] for a school year starting in `first_month` (1-12).
pub fn school_year_in(date: NaiveDate, first_month: u32) -> String {
    let first_month = first_month.clamp(1, 12);
    let start = school_year_began_in(date, first_month).year();
    if first_month <= 2 {
        start.to_string()
    } else {
        format!("{}-{:02}", start, (start + 1) % 100)
    }
}

/// Reads a school year as typed: "2027-28", "2027-2028", "2027/28", or "2027" when the year
/// starts in January or February (otherwise "2027" could name either year it touches, and is
/// refused). Gives it as plp names it.
pub fn parse_school_year(s: &str, first_month: u32) -> Result<String, ValidationError> {
    let t = s.trim();
    let shown = quoted(t);
    let wrong = || {
        let example = if first_month <= 2 { "2027" } else { "2027-28" };
        ValidationError::new(format!(
            "\"{shown}\" is not a school year (expected one such as {example})"
        ))
    };
    let num = |p: &str| {
        (!p.is_empty() && p.bytes().all(|c| c.is_ascii_digit()))
            .then(|| p.parse::<i32>().ok())
            .flatten()
    };
    let (first, second) = match t.split_once(['-', '/']) {
        Some((a, b)) => (num(a).ok_or_else(wrong)?, Some(b)),
        None => (num(t).ok_or_else(wrong)?, None),
    };
    if !(1900..=2200).contains(&first) || t.split(['-', '/']).next().map(str::len) != Some(4) {
        return Err(wrong());
    }
    if second.is_none() && first_month > 2 {
        return Err(ValidationError::new(format!(
            "\"{shown}\" could be {}-{:02} or {}-{:02}: type the school year in full, such as {}-{:02}",
            first - 1,
            first % 100,
            first,
            (first + 1) % 100,
            first,
            (first + 1) % 100
        )));
    }
    if let Some(b) = second {
        let n = num(b).ok_or_else(wrong)?;
        let next = first + 1;
        let ok = (b.len() == 2 && n == next % 100) || (b.len() == 4 && n == next);
        if !ok {
            return Err(ValidationError::new(format!(
                "\"{shown}\" is not a school year: the second year should follow the first"
            )));
        }
    }
    let d = NaiveDate::from_ymd_opt(first, first_month.clamp(1, 12), 1).ok_or_else(wrong)?;
    Ok(school_year_in(d, first_month))
}

/// Whether `s` names a school year as plp writes it ([`school_year_in`]): "2026-27", or "2027"
/// for a year that starts in January or February.
pub fn is_school_year(s: &str) -> bool {
    let (first, second) = match s.split_once('-') {
        Some((a, b)) => (a, Some(b)),
        None => (s, None),
    };
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|c| c.is_ascii_digit());
    if !digits(first, 4) {
        return false;
    }
    let Ok(year) = first.parse::<i32>() else {
        return false;
    };
    (1900..=2200).contains(&year)
        && second.is_none_or(|b| digits(b, 2) && b.parse::<i32>().ok() == Some((year + 1) % 100))
}

/// The first day of a named school year ("2026-27" starting in August is 2026-08-01).
pub fn school_year_first_day(year: &str, first_month: u32) -> Option<NaiveDate> {
    let start: i32 = year.get(..4)?.parse().ok()?;
    NaiveDate::from_ymd_opt(start, first_month.clamp(1, 12), 1)
}

/// Where a student's next check-in stands, relative to today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DueState {
    /// The next date has passed.
    Overdue,
    /// Not yet met this school year: no check-in recorded, or the next date was set for a day
    /// before this school year began. Due now, and never counted as days over.
    NeverMet,
    /// Met this school year, but with no next date set since: due now, and never counted as
    /// days over (see [`due_state_of`]).
    NoDate,
    /// Due within the next seven days.
    ThisWeek,
    /// Due later.
    Later,
}

impl DueState {
    /// The word shown beside the date (meaning is never carried by colour alone).
    pub fn word(self) -> &'static str {
        match self {
            DueState::Overdue => "overdue",
            DueState::NeverMet => "not yet met",
            DueState::NoDate => "no date set",
            DueState::ThisWeek => "this week",
            DueState::Later => "later",
        }
    }

    /// A one-character marker for narrow columns.
    pub fn marker(self) -> &'static str {
        match self {
            DueState::Overdue => "!",
            DueState::NeverMet => "*",
            DueState::NoDate => "?",
            DueState::ThisWeek => "~",
            DueState::Later => "·",
        }
    }
}

/// The first day of the school year `date` falls in, by the month the school year starts in
/// (see [`set_conventions`]).
pub fn school_year_began(date: NaiveDate) -> NaiveDate {
    school_year_began_in(date, school_year_start())
}

/// The first day of the school year `date` falls in, for a school year starting in
/// `first_month` (1-12): 2027-09-10 in a year starting in August gives 2027-08-01.
pub fn school_year_began_in(date: NaiveDate, first_month: u32) -> NaiveDate {
    let first_month = first_month.clamp(1, 12);
    let start = if date.month() >= first_month {
        date.year()
    } else {
        date.year() - 1
    };
    NaiveDate::from_ymd_opt(start, first_month, 1).unwrap_or(date)
}

/// The next check-in date as this school year sees it: a date before the school year `today`
/// falls in began was set in an earlier year, and is no date for this one (the student is not
/// yet met this year). So is the year's first day itself once it has gone by: it is the day a
/// year-end review names for "next year", and a student reviewed in June is not yet met in
/// September, not overdue since the first day. A date within this year (set in June for a day
/// in September) stays as it is.
pub fn next_due_this_year(next: Option<NaiveDate>, today: NaiveDate) -> Option<NaiveDate> {
    next_due_in(next, today, school_year_start())
}

/// [`next_due_this_year`] for a school year starting in `first_month` (1-12).
pub fn next_due_in(
    next: Option<NaiveDate>,
    today: NaiveDate,
    first_month: u32,
) -> Option<NaiveDate> {
    let began = school_year_began_in(today, first_month);
    next.filter(|d| *d > began || (*d == began && *d >= today))
}

/// Classifies a next-due date against today (see [`due_state_in`]), by the month the school
/// year starts in (see [`set_conventions`]).
pub fn due_state(next: Option<NaiveDate>, today: NaiveDate) -> DueState {
    due_state_in(next, today, school_year_start())
}

/// Classifies a next-due date against today, for a school year starting in `first_month`: no
/// date, or one from before this school year began, is not yet met (due now); a date passed
/// within this year is overdue.
pub fn due_state_in(next: Option<NaiveDate>, today: NaiveDate, first_month: u32) -> DueState {
    match next_due_in(next, today, first_month) {
        None => DueState::NeverMet,
        Some(d) if d < today => DueState::Overdue,
        Some(d) if d < today + Duration::days(7) => DueState::ThisWeek,
        Some(_) => DueState::Later,
    }
}

/// Where a student's next check-in stands ([`due_state`]), knowing their last check-in
/// (`last`): a student met this school year, on or before `today`, with no next date for it has
/// no date set rather than being not yet met.
pub fn due_state_of(
    last: Option<NaiveDate>,
    next: Option<NaiveDate>,
    today: NaiveDate,
) -> DueState {
    due_state_of_in(last, next, today, school_year_start())
}

/// [`due_state_of`] for a school year starting in `first_month` (1-12).
pub fn due_state_of_in(
    last: Option<NaiveDate>,
    next: Option<NaiveDate>,
    today: NaiveDate,
    first_month: u32,
) -> DueState {
    let began = school_year_began_in(today, first_month);
    match due_state_in(next, today, first_month) {
        DueState::NeverMet if last.is_some_and(|l| l >= began && l <= today) => DueState::NoDate,
        state => state,
    }
}

/// Days past the next date when the student is overdue ([`due_state`]); 0 otherwise (a date
/// from an earlier school year counts none).
pub fn days_overdue(next: Option<NaiveDate>, today: NaiveDate) -> i64 {
    match (due_state(next, today), next) {
        (DueState::Overdue, Some(d)) => (today - d).num_days(),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A next date whose month never has its day says so in one sentence, however it is typed;
    /// other slips keep their sentences.
    #[test]
    fn a_next_date_on_a_day_its_month_lacks_names_the_month() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        for (typed, said) in [
            ("Feb 30", "February has no 30th"),
            ("feb 31", "February has no 31st"),
            ("30 Feb", "February has no 30th"),
            ("2/30", "February has no 30th"),
            ("Apr 31", "April has no 31st"),
            ("11/31", "November has no 31st"),
        ] {
            assert_eq!(
                parse_next(typed, today).unwrap_err().to_string(),
                said,
                "{typed}"
            );
        }
        // February has a 29th, in a leap year.
        assert!(!parse_next("Feb 29", today)
            .unwrap_err()
            .to_string()
            .contains("has no"));
        assert!(parse_next("Feb 32", today)
            .unwrap_err()
            .to_string()
            .contains("is not weeks, days or a date"));
        assert_eq!(
            parse_next("2/32", today).unwrap_err().to_string(),
            "\"2/32\" is not a real date"
        );
    }

    /// The example a date field's label gives is a day of the school year it is opened in, so
    /// that typed as it is, it is not refused as outside this year's plan.
    #[test]
    fn a_date_fields_example_is_in_this_school_year() {
        for (today, example) in [
            ("2026-11-24", "28 May 2027"),
            ("2027-06-30", "28 May 2027"),
            ("2027-09-20", "28 May 2028"),
        ] {
            let today = NaiveDate::parse_from_str(today, "%Y-%m-%d").unwrap();
            let said = date_formats_near(today);
            assert!(said.starts_with(example), "{today}: {said}");
            for typed in said.replace(" or ", ", ").split(", ").skip(1) {
                let d = parse_date(typed).unwrap();
                assert_eq!(school_year_of(d), school_year_of(today), "{typed}");
            }
        }
    }

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    /// A date typed without its year is taken in the year that puts it nearest: a meeting held
    /// on or before the day, a next one on or after it; the settings' order reads the slashes.
    #[test]
    fn a_date_without_its_year_is_the_nearest_on_the_side_asked_for() {
        let today = d("2026-11-27");
        let held = |s: &str| parse_date_near(s, today, false).map_err(|e| e.to_string());
        let next = |s: &str| parse_date_near(s, today, true).map_err(|e| e.to_string());
        assert_eq!(held("11/26"), Ok(d("2026-11-26")));
        assert_eq!(held("26 Nov"), Ok(d("2026-11-26")));
        assert_eq!(held("Nov 26"), Ok(d("2026-11-26")));
        assert_eq!(held("11/27"), Ok(today));
        assert_eq!(held("12/3"), Ok(d("2025-12-03")), "held: never after today");
        assert_eq!(next("Jan 8"), Ok(d("2027-01-08")));
        assert_eq!(next("12/3"), Ok(d("2026-12-03")));
        assert_eq!(
            held("2026-11-02"),
            Ok(d("2026-11-02")),
            "a whole date as it is"
        );
        assert!(next("2/29").is_err(), "no 29 February in the years near");
        assert!(held("2/30").is_err());
        assert!(held("13/40").is_err());
        assert!(held("yesterday").is_err());
        let dmy = month_day("26/11", DateOrder::Dmy);
        assert_eq!(dmy, Some((11, 26)));
        // Through parse_next, as the composer and plp checkin --next read a next date.
        assert_eq!(
            parse_next("Jan 8", today).map_err(|e| e.to_string()),
            Ok(d("2027-01-08"))
        );
    }

    #[test]
    fn impossible_dates_are_named() {
        assert_eq!(
            parse_date("2026-02-30").unwrap_err().to_string(),
            "\"2026-02-30\" is not a real date"
        );
        assert_eq!(
            parse_date("next tuesday").unwrap_err().to_string(),
            "\"next tuesday\" is not a date (try 28 May 2027, 5/28/2027 or 2027-05-28)"
        );
        assert!(parse_date("２０２６-01-01").is_err());
        assert!(parse_date("+2026-01-1").is_err());
    }

    #[test]
    fn next_as_people_say_it() {
        // 2026-11-24 is a Tuesday.
        let today = d("2026-11-24");
        for (typed, next) in [
            ("3 weeks", "2026-12-15"),
            ("in 2 wks", "2026-12-08"),
            ("1 week", "2026-12-01"),
            ("14 days", "2026-12-08"),
            ("10 d", "2026-12-04"),
            ("Dec 3rd", "2026-12-03"),
            ("3rd of December", "2026-12-03"),
            ("21st Jan", "2027-01-21"),
            ("thu", "2026-11-26"),
            ("next tuesday", "2026-12-01"),
            ("Tue", "2026-12-01"),
        ] {
            assert_eq!(
                parse_next(typed, today).map_err(|e| e.to_string()),
                Ok(d(next)),
                "{typed}"
            );
        }
        for typed in [
            "3 weekz", "in weeks", "0 weeks", "3rdd Dec", "next", "weeks 3",
        ] {
            assert!(parse_next(typed, today).is_err(), "{typed}");
        }
        assert_eq!(as_count(" In 3 Weeks "), Some("3w".into()));
        assert_eq!(as_count("Dec 3"), None);
    }

    #[test]
    fn next_in_weeks() {
        let today = d("2026-11-24");
        assert_eq!(parse_next("5w", today).unwrap(), d("2026-12-29"));
        assert_eq!(parse_next("4W", today).unwrap(), d("2026-12-22"));
        assert_eq!(parse_next("2027-01-05", today).unwrap(), d("2027-01-05"));
        assert!(parse_next("5x", today).is_err());
        assert!(parse_next("5é", today).is_err());
        assert!(parse_next("é", today).is_err());
        assert!(parse_next("", today).is_err());
        assert!(parse_next("-3w", today).is_err());
        assert!(parse_next("99999999999999999999w", today).is_err());
        assert_eq!(parse_next("10d", today).unwrap(), d("2026-12-04"));
    }

    #[test]
    fn dates_as_us_schools_type_them() {
        assert_eq!(
            parse_date_in("5/28/2027", DateOrder::Mdy).unwrap(),
            d("2027-05-28")
        );
        assert_eq!(
            parse_date_in("05/28/27", DateOrder::Mdy).unwrap(),
            d("2027-05-28")
        );
        assert_eq!(
            parse_date_in("28/5/2027", DateOrder::Dmy).unwrap(),
            d("2027-05-28")
        );
        assert_eq!(
            parse_date_in("2027-05-28", DateOrder::Dmy).unwrap(),
            d("2027-05-28")
        );
        assert_eq!(
            parse_date_in("28/5/2027", DateOrder::Mdy)
                .unwrap_err()
                .to_string(),
            "\"28/5/2027\" is not a real date read month first (the date-order setting is mdy): \
             28 May 2027 is typed 5/28/2027 here"
        );
        assert_eq!(
            parse_date_in("13/13/2027", DateOrder::Mdy)
                .unwrap_err()
                .to_string(),
            "\"13/13/2027\" is not a real date"
        );
        assert_eq!(
            parse_date_in("5/28", DateOrder::Dmy)
                .unwrap_err()
                .to_string(),
            "\"5/28\" is not a date (try 28 May 2027, 28/5/2027 or 2027-05-28)"
        );
        assert!(parse_date_in("2/30/2027", DateOrder::Mdy).is_err());
        assert!(parse_date_in("5/28/202", DateOrder::Mdy).is_err());
        assert!(parse_date_in("+5/28/2027", DateOrder::Mdy).is_err());
        assert!(parse_date_in("5/28/2027/1", DateOrder::Mdy).is_err());
    }

    #[test]
    fn dates_are_shown_as_people_read_them_and_read_back() {
        assert_eq!(show_date(d("2027-05-28")), "28 May 2027");
        assert_eq!(show_date(d("2026-09-03")), "3 Sep 2026");
        assert_eq!(show_opt_date(None), "");
        for order in [DateOrder::Mdy, DateOrder::Dmy] {
            for s in ["28 May 2027", "May 28, 2027", "may 28 2027", "28 may, 2027"] {
                assert_eq!(parse_date_in(s, order).unwrap(), d("2027-05-28"), "{s}");
            }
            let shown = show_date(d("2026-09-03"));
            assert_eq!(parse_date_in(&shown, order).unwrap(), d("2026-09-03"));
        }
        assert_eq!(
            parse_date_in("30 Feb 2027", DateOrder::Mdy)
                .unwrap_err()
                .to_string(),
            "\"30 Feb 2027\" is not a real date"
        );
        assert!(parse_date_in("28 Ma 2027", DateOrder::Mdy).is_err());
        assert!(parse_date_in("28 May 27", DateOrder::Mdy).is_err());
        assert!(parse_date_in("May 2027", DateOrder::Mdy).is_err());
    }

    #[test]
    fn months_and_orders_as_typed() {
        assert_eq!(parse_month("August").unwrap(), 8);
        assert_eq!(parse_month("feb").unwrap(), 2);
        assert_eq!(parse_month("01").unwrap(), 1);
        assert!(parse_month("13").is_err());
        assert!(parse_month("ju").is_err());
        assert_eq!(month_name(8), "August");
        assert_eq!("DMY".parse::<DateOrder>().unwrap(), DateOrder::Dmy);
        assert!("ymd".parse::<DateOrder>().is_err());
    }

    #[test]
    fn school_years_by_first_month() {
        assert_eq!(school_year_in(d("2027-01-15"), 1), "2027");
        assert_eq!(school_year_in(d("2027-01-15"), 2), "2026");
        assert_eq!(school_year_in(d("2027-02-15"), 2), "2027");
        assert_eq!(school_year_in(d("2027-07-31"), 8), "2026-27");
        assert_eq!(school_year_in(d("2027-09-01"), 9), "2027-28");
        assert_eq!(parse_school_year("2027-28", 8).unwrap(), "2027-28");
        assert_eq!(parse_school_year("2027/2028", 8).unwrap(), "2027-28");
        assert_eq!(
            parse_school_year("2027", 8).unwrap_err().to_string(),
            "\"2027\" could be 2026-27 or 2027-28: type the school year in full, such as 2027-28"
        );
        assert_eq!(parse_school_year("2027", 1).unwrap(), "2027");
        assert!(parse_school_year("2027-29", 8).is_err());
        assert!(parse_school_year("27-28", 8).is_err());
        assert!(parse_school_year("next", 8).is_err());
        assert_eq!(school_year_first_day("2026-27", 8), Some(d("2026-08-01")));
    }

    #[test]
    fn a_next_check_in_more_than_a_year_away_is_a_slip() {
        let today = d("2026-11-27");
        assert_eq!(parse_next("1/1/2030", today).unwrap_err().to_string(),
            "\"1/1/2030\" (1 Jan 2030) is more than a year away; a next check-in is usually 4 to 6 weeks off");
        assert!(parse_next("60w", today).is_err());
        assert_eq!(parse_next("52w", today).unwrap(), d("2027-11-26"));
        assert_eq!(parse_next("2027-11-28", today).unwrap(), d("2027-11-28"));
        assert!(parse_next("2027-11-29", today).is_err());
    }

    #[test]
    fn only_a_school_year_as_plp_writes_it_is_one() {
        for ok in [
            "2026-27",
            "2099-00",
            "2027",
            school_year_in(d("2026-09-01"), 8).as_str(),
        ] {
            assert!(is_school_year(ok), "{ok}");
        }
        for bad in [
            "banana",
            "2999-00",
            "2026-28",
            "2026-2027",
            "26-27",
            "2026-",
            "",
            "1899",
        ] {
            assert!(!is_school_year(bad), "{bad}");
        }
    }

    #[test]
    fn school_years_start_in_august() {
        assert_eq!(school_year_of(d("2026-11-24")), "2026-27");
        assert_eq!(school_year_of(d("2027-03-01")), "2026-27");
        assert_eq!(school_year_of(d("2027-08-01")), "2027-28");
    }

    #[test]
    fn due_states() {
        let today = d("2026-11-24");
        assert_eq!(due_state(Some(d("2026-11-23")), today), DueState::Overdue);
        assert_eq!(due_state(Some(d("2026-11-24")), today), DueState::ThisWeek);
        assert_eq!(due_state(Some(d("2026-11-30")), today), DueState::ThisWeek);
        assert_eq!(due_state(Some(d("2026-12-01")), today), DueState::Later);
        assert_eq!(due_state(None, today), DueState::NeverMet);
    }

    #[test]
    fn a_student_met_this_year_with_no_next_date_has_no_date_set_not_never_met() {
        let today = d("2026-11-24");
        let met = Some(d("2026-11-02"));
        assert_eq!(due_state_of(met, None, today), DueState::NoDate);
        assert_eq!(DueState::NoDate.word(), "no date set");
        // Met last school year only, or never: not yet met this year.
        assert_eq!(
            due_state_of(Some(d("2026-06-10")), None, today),
            DueState::NeverMet
        );
        assert_eq!(due_state_of(None, None, today), DueState::NeverMet);
        // A check-in after the day the report is as of does not count yet.
        assert_eq!(due_state_of(met, None, d("2026-10-01")), DueState::NeverMet);
        // A date set is read as ever.
        assert_eq!(
            due_state_of(met, Some(d("2026-11-20")), today),
            DueState::Overdue
        );
    }

    #[test]
    fn the_first_day_of_the_year_as_a_next_date_is_not_yet_met_once_it_has_gone_by() {
        let first_day = d("2027-08-01");
        // On the day itself it is due today, as the caseload's count of who needs one now says.
        assert_eq!(
            due_state_in(Some(first_day), first_day, 8),
            DueState::ThisWeek
        );
        for today in ["2027-08-02", "2027-09-01"] {
            assert_eq!(
                due_state_in(Some(first_day), d(today), 8),
                DueState::NeverMet,
                "{today}"
            );
        }
        // The day after it is an ordinary date of the year.
        assert_eq!(
            due_state_in(Some(d("2027-08-02")), d("2027-09-01"), 8),
            DueState::Overdue
        );
        // Before the year begins (a review in June), it lies ahead.
        assert_eq!(
            due_state_in(Some(first_day), d("2027-06-10"), 8),
            DueState::Later
        );
    }

    #[test]
    fn a_next_date_from_before_this_school_year_is_not_yet_met() {
        // The school year 2027-28 starts on 1 August 2027 (or 1 September where it starts then).
        let today = d("2027-09-10");
        for (month, first_day) in [(8, "2027-08-01"), (9, "2027-09-01")] {
            let first_day = d(first_day);
            let day_before = first_day.pred_opt().unwrap();
            assert_eq!(school_year_began_in(today, month), first_day);
            assert_eq!(
                due_state_in(Some(day_before), today, month),
                DueState::NeverMet,
                "{month}"
            );
            assert_eq!(next_due_in(Some(day_before), today, month), None);
            // The first day itself, gone by, is the day a year-end review names: not yet met.
            assert_eq!(
                due_state_in(Some(first_day), today, month),
                DueState::NeverMet,
                "{month}"
            );
            let day_after = first_day.succ_opt().unwrap();
            assert_eq!(
                due_state_in(Some(day_after), today, month),
                DueState::Overdue,
                "{month}"
            );
            assert_eq!(next_due_in(Some(day_after), today, month), Some(day_after));
        }
        // Last year's date, hundreds of days ago, is due now with no days over.
        assert_eq!(
            due_state_in(Some(d("2026-11-15")), today, 8),
            DueState::NeverMet
        );
        // Set in June for a day in September of the new year: it stays as it is.
        let june = d("2027-06-20");
        assert_eq!(
            due_state_in(Some(d("2027-09-14")), june, 8),
            DueState::Later
        );
        assert_eq!(
            due_state_in(Some(d("2027-09-14")), today, 8),
            DueState::ThisWeek
        );
        assert_eq!(
            due_state_in(Some(d("2027-09-08")), today, 8),
            DueState::Overdue
        );
        // A year that starts in January: the day before is 31 December.
        let jan = d("2027-02-03");
        assert_eq!(
            due_state_in(Some(d("2026-12-31")), jan, 1),
            DueState::NeverMet
        );
        assert_eq!(
            due_state_in(Some(d("2027-01-02")), jan, 1),
            DueState::Overdue
        );
    }

    #[test]
    fn days_over_count_only_within_this_school_year() {
        // The default year starts in August.
        let today = d("2027-09-10");
        assert_eq!(days_overdue(Some(d("2027-09-08")), today), 2);
        assert_eq!(days_overdue(Some(d("2027-08-02")), today), 39);
        assert_eq!(days_overdue(Some(d("2027-08-01")), today), 0);
        assert_eq!(days_overdue(Some(d("2027-07-31")), today), 0);
        assert_eq!(days_overdue(Some(d("2026-11-15")), today), 0);
        assert_eq!(days_overdue(Some(d("2027-09-12")), today), 0);
        assert_eq!(days_overdue(None, today), 0);
    }
}
