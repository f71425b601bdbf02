//! A grade read and said. Grades are stored as numbers: -1 is pre-kindergarten, 0 kindergarten,
//! 1–13 the numbered grades; `PK` and `K` are typed for the first two (see [`parse_grade`]).

use super::ValidationError;

/// What a grade cell of an SIS export says: a grade, or that the student has graduated
/// (PowerSchool moves a graduate to grade 99).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GradeRead {
    /// A grade plp keeps: -1 (pre-K) to 13.
    Grade(i64),
    /// The student has graduated: no grade.
    Graduated,
}

/// The grade PowerSchool gives a student who has graduated.
const GRADUATED: i64 = 99;

/// Reads a grade in an SIS export: as [`parse_grade`] reads one typed, and PowerSchool's codes
/// besides: `-2` (PK3) is pre-K, as `-1` (PK4) is, and `99` is a graduated student.
pub fn read_grade(v: &str) -> Result<GradeRead, ValidationError> {
    match grade_number(v)? {
        GRADUATED => Ok(GradeRead::Graduated),
        // PowerSchool's two pre-K years: plp keeps one pre-K year.
        -2 => Ok(GradeRead::Grade(-1)),
        g => {
            super::validate_grade(g)?;
            Ok(GradeRead::Grade(g))
        }
    }
}

/// Parses a grade as people and rosters write it: a number (leading zeros allowed, and a
/// spreadsheet's `9.0`), `K` (0) or `PK` (-1); `TK` (transitional kindergarten, the year before
/// kindergarten) is pre-K.
pub fn parse_grade(v: &str) -> Result<i64, ValidationError> {
    let g = grade_number(v)?;
    if g == GRADUATED {
        return Err(ValidationError::new(format!(
            "grade {} is PowerSchool's mark for a graduated student, not a grade (PK, K, or 1 \
             to 13)",
            v.trim()
        )));
    }
    super::validate_grade(g)?;
    Ok(g)
}

/// The number a grade is written as, before it is checked to be one: the one reading of a
/// grade's text, for [`parse_grade`] and [`read_grade`].
fn grade_number(v: &str) -> Result<i64, ValidationError> {
    let v = v.trim();
    let lower = v.to_lowercase();
    if lower.is_empty() {
        return Err(ValidationError::new("the grade is empty"));
    }
    // As SIS exports and people write a grade: "12th", "1st", "9th grade", "grade 9", "Grade K".
    let bare = lower.strip_suffix("grade").unwrap_or(&lower).trim_end();
    let bare = bare.strip_prefix("grade").unwrap_or(bare).trim_start();
    Ok(match bare {
        "k" | "kg" | "kindergarten" => 0,
        // Transitional kindergarten, the year before kindergarten, is kept as pre-K.
        "pk" | "prek" | "pre-k" | "tk" => -1,
        t => {
            let t = ["st", "nd", "rd", "th"]
                .iter()
                .find_map(|end| {
                    t.strip_suffix(end)
                        .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
                })
                .unwrap_or(t);
            // A number a spreadsheet wrote with its decimals: "9.0" is 9, "9.5" no grade.
            let t = match t.split_once('.') {
                Some((whole, zeros)) if !zeros.is_empty() && zeros.bytes().all(|b| b == b'0') => {
                    whole
                }
                _ => t,
            };
            let (sign, digits) = match t.strip_prefix('-') {
                Some(d) => (-1, d),
                None => (1, t),
            };
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(ValidationError::new(format!(
                    "grade \"{v}\" is not a grade (PK, K, or 1 to 13)"
                )));
            }
            let digits = digits.trim_start_matches('0');
            if digits.len() > 6 {
                return Err(ValidationError::new(format!(
                    "grade {v} is not a grade (PK, K, or 1 to 13)"
                )));
            }
            sign * digits.parse::<i64>().unwrap_or(0)
        }
    })
}

/// How much room a grade has where it is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GradeForm {
    /// A narrow column: "PK", "K", "7".
    Short,
    /// Standing alone, as a heading or a list reads it: "Pre-K", "Kindergarten", "Grade 7".
    Alone,
    /// Inside a sentence: "pre-K", "kindergarten", "grade 7".
    InSentence,
}

/// A grade's words in a language (`en`, `es`; any other code gets English): the one place a
/// grade is turned into words for people, so that the screens, the command line and the
/// family printouts say the same.
pub fn grade_words(g: i64, form: GradeForm, lang: &str) -> String {
    use GradeForm::*;
    let spanish = lang.split(['-', '_']).next() == Some("es");
    match (g, form, spanish) {
        (-1, Short, _) => "PK".into(),
        (0, Short, _) => "K".into(),
        (n, Short, _) => n.to_string(),
        (-1, Alone, false) => "Pre-K".into(),
        (-1, InSentence, false) => "pre-K".into(),
        (0, Alone, false) => "Kindergarten".into(),
        (0, InSentence, false) => "kindergarten".into(),
        (n, Alone, false) => format!("Grade {n}"),
        (n, InSentence, false) => format!("grade {n}"),
        (-1, Alone, true) => "Prekínder".into(),
        (-1, InSentence, true) => "prekínder".into(),
        (0, Alone, true) => "Kínder".into(),
        (0, InSentence, true) => "kínder".into(),
        (n, _, true) => format!("{n}.º grado"),
    }
}

#[cfg(test)]
mod tests {
    use super::GradeForm::*;
    use super::*;

    /// A grade as SIS exports write it, with or without the word, kindergarten and pre-K too.
    #[test]
    fn grades_are_read_with_or_without_the_word() {
        for (written, grade) in [
            ("9", 9),
            ("09", 9),
            ("Grade 9", 9),
            ("9th grade", 9),
            ("12th", 12),
            ("K", 0),
            ("Grade K", 0),
            ("grade kg", 0),
            ("Kindergarten", 0),
            ("Grade PK", -1),
            ("TK", -1),
        ] {
            assert_eq!(parse_grade(written).ok(), Some(grade), "{written}");
        }
        for bad in ["", "grade", "Grade X", "ninth"] {
            assert!(parse_grade(bad).is_err(), "{bad}");
        }
    }

    /// PowerSchool's grades as its exports (and Excel, saving them) write them: `9.0`, the
    /// pre-K years -2 and -1, and 99 for a graduate.
    #[test]
    fn powerschool_grades_are_read() {
        for (written, grade) in [
            ("9.0", 9),
            ("09.00", 9),
            ("0.0", 0),
            ("-1", -1),
            ("-2", -1),
            ("-2.0", -1),
        ] {
            assert_eq!(
                read_grade(written),
                Ok(GradeRead::Grade(grade)),
                "{written}"
            );
        }
        assert_eq!(read_grade("99"), Ok(GradeRead::Graduated));
        // Typed, PowerSchool's codes are slips: refused.
        assert!(parse_grade("-2").is_err());
        assert_eq!(parse_grade("9.0"), Ok(9));
        assert_eq!(read_grade("99.0"), Ok(GradeRead::Graduated));
        for bad in ["9.5", "9.", ".0", "-3", "98", "14"] {
            assert!(read_grade(bad).is_err(), "{bad}");
        }
        assert!(parse_grade("99")
            .unwrap_err()
            .to_string()
            .contains("graduated"));
    }

    #[test]
    fn pre_k_and_kindergarten_have_names_and_other_grades_numbers() {
        let all = |lang, form| {
            [-1, 0, 7]
                .iter()
                .map(|g| grade_words(*g, form, lang))
                .collect::<Vec<_>>()
        };
        assert_eq!(all("en", Alone), ["Pre-K", "Kindergarten", "Grade 7"]);
        assert_eq!(all("en", InSentence), ["pre-K", "kindergarten", "grade 7"]);
        assert_eq!(all("en", Short), ["PK", "K", "7"]);
        assert_eq!(all("es", Alone), ["Prekínder", "Kínder", "7.º grado"]);
        assert_eq!(all("es", InSentence), ["prekínder", "kínder", "7.º grado"]);
        assert_eq!(all("es-MX", Short), ["PK", "K", "7"]);
        assert_eq!(all("vi", Alone), all("en", Alone), "English otherwise");
    }
}
