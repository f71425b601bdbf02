//! A link field's value said to a person: the record it names in the words the rest of plp uses
//! for it (a plan by its school year, a goal by its title, a strategy by its text, a student by
//! name and SIS id, a team member by name and role, a check-in or an intervention by its day),
//! and never in another student's words.

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::entities::{CheckIn, Goal, Intervention, Plan, Strategy, Student, TeamMember};
use super::fields::Entity;
use super::text::clean_line;

/// What one value of a link field names, as this file can say it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Linked {
    /// A record of the student whose record holds the link, in its own words.
    Words(String),
    /// A record of another student: only its kind is said.
    OtherStudents(Entity),
    /// A record this file does not hold.
    NotHeld(Entity),
}

impl Linked {
    /// What a link to a record of kind `to` says, for a person reading a record of the student
    /// `whose`: `record` is the linked record as stored (its fields by name), if the file holds
    /// it. A record of no known student is nobody's, so its words are never said.
    pub fn of(to: Entity, record: Option<&Value>, whose: Option<&str>) -> Linked {
        let Some(record) = record else {
            return Linked::NotHeld(to);
        };
        let owner_field = if to == Entity::Student {
            "id"
        } else {
            "student_id"
        };
        let owner = record.get(owner_field).and_then(Value::as_str);
        if owner.is_none() || owner != whose {
            return Linked::OtherStudents(to);
        }
        let said = match to {
            Entity::Student => read::<Student>(record).map(|s| student_words(&s)),
            Entity::Plan => read::<Plan>(record).map(|p| plan_words(&p.school_year)),
            Entity::Goal => read::<Goal>(record).map(|g| clean_line(&g.title)),
            Entity::Strategy => read::<Strategy>(record).map(|s| clean_line(&s.what)),
            Entity::TeamMember => read::<TeamMember>(record).map(|m| member_words(&m)),
            Entity::CheckIn => read::<CheckIn>(record).map(|c| day_words(c.date, "")),
            Entity::Intervention => {
                read::<Intervention>(record).map(|i| day_words(i.date, &i.kind))
            }
            _ => None,
        };
        match said {
            Some(words) if !words.is_empty() => Linked::Words(words),
            _ => Linked::Words(format!("a {} with nothing written", to.word())),
        }
    }

    /// The words shown.
    pub fn words(&self) -> String {
        match self {
            Linked::Words(words) => words.clone(),
            Linked::OtherStudents(Entity::Student) => "another student".into(),
            Linked::OtherStudents(to) => format!("a {} of another student", to.word()),
            Linked::NotHeld(to) => format!("a {} this file does not hold", to.word()),
        }
    }
}

/// A plan as plp names it: by its school year ("plan 2026-27").
fn plan_words(school_year: &str) -> String {
    format!("plan {}", clean_line(school_year))
}

/// A student as plp lists them: name and SIS id ("Kit Lee (1001)").
fn student_words(s: &Student) -> String {
    format!(
        "{} ({})",
        clean_line(&s.display_name()),
        clean_line(&s.sis_id)
    )
}

/// A team member as the team list shows them: name, then role ("Luca Dubois (parent)").
fn member_words(m: &TeamMember) -> String {
    let (name, role) = (clean_line(&m.name), clean_line(&m.role));
    match (name.is_empty(), role.is_empty()) {
        (_, true) => name,
        (true, false) => role,
        (false, false) => format!("{name} ({role})"),
    }
}

/// A dated record by its day and what kind it is ("2026-10-01 tutoring"); its words (a
/// check-in's notes, which may be restricted) are never said.
fn day_words(date: Option<chrono::NaiveDate>, kind: &str) -> String {
    let day = date
        .map(|d| d.to_string())
        .unwrap_or_else(|| "undated".into());
    let kind = clean_line(kind);
    if kind.is_empty() {
        day
    } else {
        format!("{day} {kind}")
    }
}

fn read<T: DeserializeOwned>(record: &Value) -> Option<T> {
    T::deserialize(record).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_record_of_the_same_student_is_said_in_its_own_words() {
        let plan = json!({"id": "p", "student_id": "s1", "school_year": "2026-27"});
        let goal = json!({"id": "g", "student_id": "s1", "title": "Read\u{1b}[2J 20 books"});
        let strategy = json!({"id": "t", "student_id": "s1", "what": "Read nightly\nwith Mom"});
        let student = json!({"id": "s1", "sis_id": "1001", "given_name": "Kit",
                             "family_name": "Lee", "preferred_name": null});
        let said = |to, v: &Value| Linked::of(to, Some(v), Some("s1")).words();
        assert_eq!(said(Entity::Plan, &plan), "plan 2026-27");
        assert_eq!(said(Entity::Goal, &goal), "Read 20 books");
        assert_eq!(said(Entity::Strategy, &strategy), "Read nightly with Mom");
        assert_eq!(said(Entity::Student, &student), "Kit Lee (1001)");
        let member = json!({"id": "m", "student_id": "s1", "name": "Luca Dubois",
                            "role": "parent", "contact": "555-3801"});
        assert_eq!(said(Entity::TeamMember, &member), "Luca Dubois (parent)");
        let checkin = json!({"id": "c", "student_id": "s1", "date": "2026-09-08",
                             "notes": "private words", "restricted": true});
        assert_eq!(said(Entity::CheckIn, &checkin), "2026-09-08");
        let help = json!({"id": "i", "student_id": "s1", "date": "2026-10-01",
                          "kind": "tutoring", "description": "After school"});
        assert_eq!(said(Entity::Intervention, &help), "2026-10-01 tutoring");
        let blank = json!({"id": "g", "student_id": "s1", "title": " "});
        assert_eq!(said(Entity::Goal, &blank), "a goal with nothing written");
    }

    #[test]
    fn another_students_record_and_a_missing_one_are_said_by_kind_only() {
        let goal = json!({"id": "g", "student_id": "s2", "title": "Private words"});
        let theirs = Linked::of(Entity::Goal, Some(&goal), Some("s1"));
        assert_eq!(theirs, Linked::OtherStudents(Entity::Goal));
        assert_eq!(theirs.words(), "a goal of another student");
        let nobodys = Linked::of(Entity::Goal, Some(&goal), None);
        assert_eq!(nobodys.words(), "a goal of another student");
        let student = json!({"id": "s2", "sis_id": "2", "given_name": "Bo", "family_name": "Ng"});
        assert_eq!(
            Linked::of(Entity::Student, Some(&student), Some("s1")).words(),
            "another student"
        );
        assert_eq!(
            Linked::of(Entity::Plan, None, Some("s1")).words(),
            "a plan this file does not hold"
        );
    }
}
