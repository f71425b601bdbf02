//! A grade in words. Grades are stored as numbers: -1 is pre-kindergarten, 0 kindergarten, 1–13
//! the numbered grades; `PK` and `K` are typed for the first two (see [`super::parse_grade`]).

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
