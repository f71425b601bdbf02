//! The year-end decision for each goal: met, carried forward into next year's plan, or dropped.

use std::collections::HashMap;

/// What happens to one of last year's active goals when the year turns over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GoalChoice {
    /// It was reached: marked met in last year's plan, not carried.
    Met,
    /// It goes on: copied into the new plan with its active strategies (the default).
    #[default]
    Carry,
    /// It is let go: marked dropped in last year's plan, not carried.
    Drop,
}

/// The year-end decisions for one student's goals, by goal id; a goal not named is carried.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct YearEndChoices {
    /// Goal id to decision.
    pub goals: HashMap<String, GoalChoice>,
}

impl YearEndChoices {
    /// Carry every active goal (what `plp rollover` does).
    pub fn carry_all() -> YearEndChoices {
        YearEndChoices::default()
    }

    /// Sets the decision for one goal.
    pub fn with(mut self, goal_id: &str, choice: GoalChoice) -> YearEndChoices {
        self.goals.insert(goal_id.to_string(), choice);
        self
    }

    /// The decision for one goal.
    pub fn choice(&self, goal_id: &str) -> GoalChoice {
        self.goals.get(goal_id).copied().unwrap_or_default()
    }
}

impl GoalChoice {
    /// The words for it, as a person would say them.
    pub fn label(self) -> &'static str {
        match self {
            GoalChoice::Met => "met",
            GoalChoice::Carry => "carry forward",
            GoalChoice::Drop => "drop",
        }
    }
}

/// The school year after `year` ("2026-27" → "2027-28"; "2027" → "2028"), for a school year
/// starting in `first_month`.
pub fn following_year(year: &str, first_month: u32) -> Option<String> {
    let first = super::school_year_first_day(year, first_month)?;
    let next = first.checked_add_months(chrono::Months::new(12))?;
    Some(super::school_year_in(next, first_month))
}

/// Whether a student of the class of `grad_year` has graduated before the school year `year`
/// ends, so needs no plan for it: the class of 2027 finishes with the year ending in 2027, and
/// has no 2027-28. A student with no graduation year written is never taken to have gone.
pub fn graduated_before(grad_year: Option<i64>, year: &str, first_month: u32) -> bool {
    let Some(class) = grad_year else {
        return false;
    };
    let last_day = super::school_year_first_day(year, first_month)
        .and_then(|first| first.checked_add_months(chrono::Months::new(12)))
        .and_then(|next| next.pred_opt());
    last_day.is_some_and(|d| class < i64::from(chrono::Datelike::year(&d)))
}

/// Whether the plan of school year `year` is the last one of a student of the class of
/// `grad_year`: the class has graduated before the year after it ends, so that plan's annual
/// review is the final review.
pub fn last_year_before_graduating(grad_year: Option<i64>, year: &str, first_month: u32) -> bool {
    following_year(year, first_month)
        .is_some_and(|next| graduated_before(grad_year, &next, first_month))
}

/// How many years a typed graduation year may be from the one a grade points to: a student held
/// back, or finishing early, is a year or two off.
pub const GRAD_YEAR_SLACK: i64 = 2;

/// The year a student in `grade` in the school year `today` falls in is expected to graduate:
/// the year that school year ends in for grade 12 (and 13), a year later for each grade below.
pub fn expected_grad_year(grade: i64, today: chrono::NaiveDate) -> i64 {
    let began = super::school_year_began(today);
    let ends = began
        .checked_add_months(chrono::Months::new(12))
        .and_then(|next| next.pred_opt())
        .unwrap_or(began);
    i64::from(chrono::Datelike::year(&ends)) + (12 - grade.min(12))
}

/// Refuses a typed graduation year that cannot fit a student in `grade` this school year
/// (further than [`GRAD_YEAR_SLACK`] from [`expected_grad_year`]), in one sentence naming the
/// year expected. Typed input only: a value received from another replica is held to
/// [`super::validate_grad_year`] alone, as the replica that wrote it was.
pub fn check_grad_year_fits(
    year: i64,
    grade: i64,
    today: chrono::NaiveDate,
) -> Result<(), super::ValidationError> {
    let expected = expected_grad_year(grade, today);
    if (year - expected).abs() <= GRAD_YEAR_SLACK {
        return Ok(());
    }
    Err(super::ValidationError::new(format!(
        "graduation year {year} does not fit {} this year (expected about {expected})",
        super::grade_words(grade, super::GradeForm::InSentence, "en")
    )))
}

/// Refuses a typed grade that cannot fit the graduation year `year` stored beside it (the
/// same test as [`check_grad_year_fits`], said of the grade), with the way out when it is the
/// graduation year that is wrong.
pub fn check_grade_fits(
    grade: i64,
    year: i64,
    today: chrono::NaiveDate,
) -> Result<(), super::ValidationError> {
    if check_grad_year_fits(year, grade, today).is_ok() {
        return Ok(());
    }
    // The grade a student graduating in `year` is in this school year.
    let expected = (grade + expected_grad_year(grade, today) - year).clamp(-1, 13);
    Err(super::ValidationError::new(format!(
        "{} does not fit the graduation year {year} (expected about {} this year); if the \
         graduation year is wrong, empty it first",
        super::grade_words(grade, super::GradeForm::InSentence, "en"),
        super::grade_words(expected, super::GradeForm::InSentence, "en")
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_graduation_year_fits_the_grade_within_two_years() {
        let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let today = day("2026-11-24");
        assert_eq!(expected_grad_year(12, today), 2027);
        assert_eq!(expected_grad_year(13, today), 2027);
        assert_eq!(expected_grad_year(10, today), 2029);
        assert_eq!(expected_grad_year(0, today), 2039);
        for year in 2027..=2031 {
            assert!(check_grad_year_fits(year, 10, today).is_ok(), "{year}");
        }
        assert_eq!(
            check_grad_year_fits(1999, 10, today)
                .unwrap_err()
                .to_string(),
            "graduation year 1999 does not fit grade 10 this year (expected about 2029)"
        );
        assert!(check_grad_year_fits(2032, 10, today).is_err());
        assert!(check_grad_year_fits(2026, 10, today).is_err());
        // The school year turns with its first month (August here): in June, grade 12
        // graduates that June.
        assert_eq!(expected_grad_year(12, day("2027-06-10")), 2027);
        assert_eq!(expected_grad_year(12, day("2027-08-10")), 2028);
    }

    #[test]
    fn the_plan_of_the_year_a_class_graduates_is_its_last() {
        assert!(last_year_before_graduating(Some(2027), "2026-27", 8));
        assert!(!last_year_before_graduating(Some(2028), "2026-27", 8));
        assert!(last_year_before_graduating(Some(2027), "2027", 1));
        assert!(!last_year_before_graduating(None, "2026-27", 8));
    }

    #[test]
    fn a_class_has_no_plan_for_a_year_ending_after_it_graduates() {
        assert!(graduated_before(Some(2027), "2027-28", 8));
        assert!(!graduated_before(Some(2027), "2026-27", 8));
        assert!(!graduated_before(Some(2028), "2027-28", 8));
        assert!(graduated_before(Some(2026), "2027", 1));
        assert!(!graduated_before(Some(2027), "2027", 1));
        assert!(!graduated_before(None, "2027-28", 8));
    }

    #[test]
    fn the_following_year_is_named_as_plp_names_years() {
        assert_eq!(following_year("2026-27", 8).as_deref(), Some("2027-28"));
        assert_eq!(following_year("2099-00", 8).as_deref(), Some("2100-01"));
        assert_eq!(following_year("2027", 1).as_deref(), Some("2028"));
        assert_eq!(following_year("nonsense", 8), None);
    }
}
