//! Dates as advisors use them: check-in dates, the next due date, school years.

use chrono::{Datelike, Duration, NaiveDate};

use super::ValidationError;

/// Parses `YYYY-MM-DD`, naming the problem when the date is impossible.
pub fn parse_date(s: &str) -> Result<NaiveDate, ValidationError> {
    let t = s.trim();
    let shown: String = super::clean_line(t).chars().take(40).collect();
    let b = t.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape {
        return Err(ValidationError::new(format!(
            "\"{shown}\" is not a date (expected YYYY-MM-DD)"
        )));
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .map_err(|_| ValidationError::new(format!("\"{shown}\" is not a real date")))
}

/// Parses a next-check-in value: `4w`, `5w`, `6w` (weeks from `today`), `Nd`, or a date.
pub fn parse_next(s: &str, today: NaiveDate) -> Result<NaiveDate, ValidationError> {
    let t = s.trim().to_lowercase();
    let shown: String = super::clean_line(s).chars().take(40).collect();
    let unit = t.chars().next_back();
    let num = &t[..t.len() - unit.map_or(0, char::len_utf8)];
    if let (Some(unit @ ('w' | 'd')), true) = (unit, !num.is_empty()) {
        if num.bytes().all(|b| b.is_ascii_digit()) {
            let n: i64 = match num.parse() {
                Ok(n) if n <= 520 => n,
                _ => return Err(ValidationError::new(format!("\"{shown}\" is too far away"))),
            };
            let days = if unit == 'w' { n * 7 } else { n };
            return Ok(today + Duration::days(days));
        }
        return Err(ValidationError::new(format!(
            "\"{shown}\" is not a number of weeks or days, nor a date (try 5w, 10d or YYYY-MM-DD)"
        )));
    }
    parse_date(&t).map_err(|e| {
        if t.contains('-') {
            e
        } else {
            ValidationError::new(format!(
                "\"{shown}\" is not a number of weeks or days, nor a date (try 5w, 10d or YYYY-MM-DD)"
            ))
        }
    })
}

/// The school year a date falls in, as "2026-27" (a year starts in August).
pub fn school_year_of(date: NaiveDate) -> String {
    let start = if date.month() >= 8 {
        date.year()
    } else {
        date.year() - 1
    };
    format!("{}-{:02}", start, (start + 1) % 100)
}

/// Where a student's next check-in stands, relative to today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DueState {
    /// The next date has passed.
    Overdue,
    /// No check-in recorded yet: due now.
    NeverMet,
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
            DueState::ThisWeek => "this week",
            DueState::Later => "later",
        }
    }

    /// A one-character marker for narrow columns.
    pub fn marker(self) -> &'static str {
        match self {
            DueState::Overdue => "!",
            DueState::NeverMet => "*",
            DueState::ThisWeek => "~",
            DueState::Later => " ",
        }
    }
}

/// Classifies a next-due date against today.
pub fn due_state(next: Option<NaiveDate>, today: NaiveDate) -> DueState {
    match next {
        None => DueState::NeverMet,
        Some(d) if d < today => DueState::Overdue,
        Some(d) if d < today + Duration::days(7) => DueState::ThisWeek,
        Some(_) => DueState::Later,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    #[test]
    fn impossible_dates_are_named() {
        assert_eq!(
            parse_date("2026-02-30").unwrap_err().to_string(),
            "\"2026-02-30\" is not a real date"
        );
        assert_eq!(
            parse_date("next tuesday").unwrap_err().to_string(),
            "\"next tuesday\" is not a date (expected YYYY-MM-DD)"
        );
        assert!(parse_date("２０２６-01-01").is_err());
        assert!(parse_date("+2026-01-1").is_err());
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
}
