//! Two lines of one student in a roster, taken as one when they say the same, an optional cell
//! that one line leaves blank ("not recorded") filled from the other line's value. Ids equal
//! once leading zeros are ignored (`4` and `04`, as a spreadsheet leaves them) are one
//! student's.

use std::collections::HashMap;

use serde_json::Value;

use super::read::label;
use super::zeros::digits;
use super::{ZeroClash, ZeroTwin};
use crate::domain::Student;

/// The students of a roster's lines, as far as they are read, each student's lines taken as
/// one.
#[derive(Default)]
pub struct Taken {
    /// The students, in file order.
    pub students: Vec<Student>,
    /// For each SIS id, the optional fields its lines leave blank.
    pub blank: HashMap<String, Vec<&'static str>>,
    /// Lines that say the same as an earlier line of their student: (line, the earlier line).
    pub repeated: Vec<(u64, u64)>,
    /// Lines taken as one with an earlier line, a blank cell filled: (line, the earlier line).
    pub filled: Vec<(u64, u64)>,
    /// Lines taken as an earlier line's student under an id equal to its once leading zeros
    /// are ignored.
    pub twins: Vec<ZeroTwin>,
    /// Lines whose id equals an earlier line's once leading zeros are ignored, but which say
    /// otherwise: kept as a student of their own until the stored ids say whether they are.
    pub zero_clashes: Vec<ZeroClash>,
    /// Each SIS id's first line and its student's place.
    ids: HashMap<String, (u64, usize)>,
    /// The same, by each all-digit id without its leading zeros.
    by_digits: HashMap<String, (u64, usize)>,
}

impl Taken {
    /// Takes the student read from `line`, with the optional fields it leaves blank; `fields`
    /// are the fields the file gives, for naming those two lines differ in. `Err` says why the
    /// line is bad: it lists a student an earlier line lists under the same id, otherwise.
    pub fn take(
        &mut self,
        line: u64,
        mut s: Student,
        empty: Vec<&'static str>,
        fields: &[&'static str],
    ) -> Result<(), String> {
        let earlier = self
            .ids
            .get(&s.sis_id)
            .or_else(|| digits(&s.sis_id).and_then(|d| self.by_digits.get(d)));
        let Some(&(first, at)) = earlier else {
            self.add(line, s, empty);
            return Ok(());
        };
        // Read under the earlier line's id, as that student's.
        let first_id = self.students[at].sis_id.clone();
        let id = std::mem::replace(&mut s.sis_id, first_id.clone());
        let twin = id != first_id;
        let joined = if self.students[at] == s {
            // A student on two lines that say the same of every field plp reads (an export
            // with a row per guardian, or `9` and `09`) is taken once.
            Ok(None)
        } else {
            // An optional cell one line leaves blank ("not recorded") says nothing against the
            // other's value: the two are one student, with the value.
            let before = self.blank.get(&first_id).cloned().unwrap_or_default();
            let one = Blanks {
                student: &self.students[at],
                blank: &before,
            };
            one.joined(&Blanks {
                student: &s,
                blank: &empty,
            })
            .map(Some)
        };
        match joined {
            Ok(None) => self.repeated.push((line, first)),
            Ok(Some((student, still))) => {
                self.students[at] = student;
                self.blank.insert(first_id.clone(), still);
                self.filled.push((line, first));
            }
            Err(two) if twin => {
                // Two stored students may hold the two ids: which they are is known only with
                // the stored ids (see `zeros::match_stored`).
                let why = format!(
                    "student id {id} is {first_id} on line {first} once leading zeros are \
                     ignored, with another {} (one line per student)",
                    differences(&two.0, &two.1, fields).join(" and ")
                );
                s.sis_id = id.clone();
                self.zero_clashes.push(ZeroClash {
                    line,
                    id,
                    other: first_id,
                    why,
                });
                self.add(line, s, empty);
                return Ok(());
            }
            Err(two) => {
                return Err(format!(
                    "student id {id} is also on line {first}, with another {} (one line per \
                     student)",
                    differences(&two.0, &two.1, fields).join(" and ")
                ))
            }
        }
        if twin {
            self.twins.push(ZeroTwin {
                line,
                id,
                first,
                first_id,
            });
        }
        Ok(())
    }

    /// A student not on an earlier line.
    fn add(&mut self, line: u64, s: Student, empty: Vec<&'static str>) {
        let at = self.students.len();
        self.ids.entry(s.sis_id.clone()).or_insert((line, at));
        if let Some(d) = digits(&s.sis_id) {
            self.by_digits.entry(d.to_string()).or_insert((line, at));
        }
        if !empty.is_empty() {
            self.blank.insert(s.sis_id.clone(), empty);
        }
        self.students.push(s);
    }

    /// Each SIS id's first line.
    pub fn lines(&self) -> HashMap<String, u64> {
        self.ids
            .iter()
            .map(|(id, (line, _))| (id.clone(), *line))
            .collect()
    }
}

/// The fields (as a person calls them) of `fields` that two students read from a roster
/// differ in.
pub fn differences(a: &Student, b: &Student, fields: &[&'static str]) -> Vec<String> {
    let (a, b) = (
        serde_json::to_value(a).unwrap_or_default(),
        serde_json::to_value(b).unwrap_or_default(),
    );
    fields
        .iter()
        .filter(|f| a.get(**f) != b.get(**f))
        .map(|f| label(f).to_string())
        .collect()
}

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
