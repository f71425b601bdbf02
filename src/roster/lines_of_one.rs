//! Two lines of one student in a roster, taken as one when they say the same, an optional cell
//! that one line leaves blank ("not recorded") filled from the other line's value.

use serde_json::Value;

use crate::domain::Student;

/// Two lines taken as one: the student, and the optional fields both leave blank.
pub type Joined = (Student, Vec<&'static str>);

/// A student as one line gives them, with the optional fields its cells leave blank.
pub struct Blanks<'a> {
    /// The student as the line reads.
    pub student: &'a Student,
    /// The optional fields the line leaves blank.
    pub blank: &'a [&'static str],
}

impl Blanks<'_> {
    /// Two lines of one student as one: each blank optional field takes the other line's value
    /// (blank on both, it stays blank). `Err` holds the two, so filled, when they still differ.
    pub fn joined(&self, other: &Blanks) -> Result<Joined, Box<(Student, Student)>> {
        let (mut a, mut b) = (
            serde_json::to_value(self.student).unwrap_or_default(),
            serde_json::to_value(other.student).unwrap_or_default(),
        );
        let take = |into: &mut Value, from: &Value, fields: &[&str]| {
            for f in fields {
                if let (Some(o), Some(v)) = (into.as_object_mut(), from.get(f)) {
                    o.insert((*f).to_string(), v.clone());
                }
            }
        };
        let (a_was, b_was) = (a.clone(), b.clone());
        take(&mut a, &b_was, self.blank);
        take(&mut b, &a_was, other.blank);
        let read = |v: Value, s: &Student| serde_json::from_value(v).unwrap_or_else(|_| s.clone());
        let (a, b) = (read(a, self.student), read(b, other.student));
        if a != b {
            return Err(Box::new((a, b)));
        }
        let still = self
            .blank
            .iter()
            .copied()
            .filter(|f| other.blank.contains(f))
            .collect();
        Ok((a, still))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lee(advisor: Option<&str>, grad_year: Option<i64>) -> Student {
        Student {
            sis_id: "S1".into(),
            given_name: "Ann".into(),
            family_name: "Lee".into(),
            grade: Some(9),
            advisor: advisor.map(String::from),
            grad_year,
            ..Default::default()
        }
    }

    #[test]
    fn a_blank_cell_takes_the_other_lines_value() {
        let (first, second) = (lee(Some("Ms. Rivera"), None), lee(None, Some(2030)));
        let one = Blanks {
            student: &first,
            blank: &["grad_year", "email"],
        };
        let other = Blanks {
            student: &second,
            blank: &["advisor", "email"],
        };
        let (joined, still) = one.joined(&other).unwrap();
        assert_eq!(joined, lee(Some("Ms. Rivera"), Some(2030)));
        assert_eq!(still, ["email"]);
    }

    #[test]
    fn two_values_that_differ_still_clash() {
        let (first, second) = (lee(Some("Ms. Rivera"), None), lee(Some("Mr. Chen"), None));
        let one = Blanks {
            student: &first,
            blank: &["grad_year"],
        };
        let other = Blanks {
            student: &second,
            blank: &["grad_year"],
        };
        let (a, b) = *one.joined(&other).unwrap_err();
        assert_eq!(
            (a.advisor, b.advisor),
            (Some("Ms. Rivera".into()), Some("Mr. Chen".into()))
        );
    }
}
