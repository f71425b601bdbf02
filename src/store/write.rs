//! Changes as the screens and commands make them: add a student, a goal, a check-in; set a field.
//! Each validates first, so bad input changes nothing.

use rusqlite::OptionalExtension;
use serde::Serialize;
use serde_json::Value;

use super::oplog::{Base, Writer};
use super::schema::Entity;
use super::{Result, StoreError};
use crate::domain::{
    clean_line, clean_text, CheckIn, Evidence, Goal, Intervention, Strategy, Student, TeamMember,
    ValidationError,
};

const STUDENT_NS: uuid::Uuid = uuid::Uuid::from_u128(0x8f0c_7a61_3b2e_4c1d_9a55_0e6b_1d2c_3f40);

/// A student's id, derived from the SIS id so that two machines importing one roster agree.
pub fn student_id_for(sis_id: &str) -> String {
    uuid::Uuid::new_v5(&STUDENT_NS, format!("student:{}", sis_id.trim()).as_bytes()).to_string()
}

/// A plan's id, derived from student and school year (one plan per student per year).
pub fn plan_id_for(student_id: &str, school_year: &str) -> String {
    uuid::Uuid::new_v5(
        &STUDENT_NS,
        format!("plan:{student_id}:{school_year}").as_bytes(),
    )
    .to_string()
}

/// A fresh id for a record that has no natural key.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Turns text typed for a field into the value stored, or says why it cannot be (the field
/// table's parser decides).
pub fn field_value_from_text(
    entity: Entity,
    field: &str,
    text: &str,
) -> Result<Value, ValidationError> {
    entity.field_or_err(field)?.from_text(text)
}

fn object<T: Serialize>(v: &T) -> Result<Value> {
    Ok(serde_json::to_value(v)?)
}

/// What an upsert did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Upsert {
    /// A new record.
    Added,
    /// These fields changed.
    Updated(Vec<String>),
    /// Nothing differed.
    Unchanged,
}

impl Writer<'_> {
    /// Adds a student (id derived from the SIS id).
    pub fn add_student(&mut self, student: &Student) -> Result<String> {
        student.validate()?;
        let id = student_id_for(&student.sis_id);
        let mut s = student.clone();
        s.id = id.clone();
        self.create_validated(Entity::Student, &id, &s)?;
        Ok(id)
    }

    /// The names of the student held under `sis_id` (given, family, preferred), if one is.
    pub fn names_under_sis_id(
        &self,
        sis_id: &str,
    ) -> Result<Option<(String, String, Option<String>)>> {
        Ok(self
            .tx()
            .prepare_cached(
                "SELECT given_name, family_name, preferred_name FROM students WHERE id = ?1",
            )?
            .query_row([student_id_for(sis_id)], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?)
    }

    /// Adds a student, or updates the given fields of the one with the same SIS id.
    pub fn upsert_student(
        &mut self,
        student: &Student,
        fields: &[&str],
    ) -> Result<(String, Upsert)> {
        let id = student_id_for(&student.sis_id);
        let exists: Option<String> = self
            .tx()
            .prepare_cached("SELECT id FROM students WHERE id = ?1")?
            .query_row([&id], |r| r.get(0))
            .optional()?;
        if exists.is_none() {
            self.add_student(student)?;
            return Ok((id, Upsert::Added));
        }
        let new = object(student)?;
        let sql = format!(
            "SELECT {} FROM students WHERE id = ?1",
            super::values::columns(Entity::Student)
        );
        let old = self.tx().query_row(&sql, [&id], |r| {
            super::values::row_object(r, Entity::Student)
        })?;
        // What is checked is what is given, over the names kept (a document that leaves out
        // the name of a student held changes no name): a value already stored, which reads
        // as it is, never stops a line or a document that does not give it.
        let mut will_be: serde_json::Map<String, Value> = ["sis_id", "given_name", "family_name"]
            .iter()
            .filter_map(|k| Some(((*k).to_string(), old.get(*k)?.clone())))
            .collect();
        for f in fields {
            will_be.insert(
                (*f).to_string(),
                new.get(*f).cloned().unwrap_or(Value::Null),
            );
        }
        will_be.retain(|_, v| !v.is_null());
        serde_json::from_value::<Student>(Value::Object(will_be))?.validate()?;
        let mut changed = Vec::new();
        for f in fields {
            let nv = new.get(*f).cloned().unwrap_or(Value::Null);
            let ov = old.get(*f).cloned().unwrap_or(Value::Null);
            if !same_value(&nv, &ov) {
                self.set(Entity::Student, &id, f, nv, Base::Current)?;
                changed.push((*f).to_string());
            }
        }
        Ok((
            id,
            if changed.is_empty() {
                Upsert::Unchanged
            } else {
                Upsert::Updated(changed)
            },
        ))
    }

    /// The plan for a student's school year, created if missing.
    pub fn ensure_plan(&mut self, student_id: &str, school_year: &str) -> Result<String> {
        let id = plan_id_for(student_id, school_year);
        let retired: Option<bool> = self
            .tx()
            .prepare_cached("SELECT retired FROM plans WHERE id = ?1")?
            .query_row([&id], |r| r.get(0))
            .optional()?;
        if retired == Some(true) {
            // The year's plan was taken away (an undone year-end review): what is written for
            // the year now goes into it again, seen, never into a plan nobody is shown.
            self.set(
                Entity::Plan,
                &id,
                "retired",
                serde_json::Value::Bool(false),
                Base::Current,
            )?;
        }
        if retired.is_none() {
            let plan = crate::domain::Plan {
                id: id.clone(),
                student_id: student_id.to_string(),
                school_year: school_year.to_string(),
                ..Default::default()
            };
            self.create_validated(Entity::Plan, &id, &plan)?;
        }
        Ok(id)
    }

    /// Adds a goal to a plan. Returns its id and how many active goals the plan now has.
    pub fn add_goal(&mut self, goal: &Goal) -> Result<(String, usize)> {
        goal.validate()?;
        let count: i64 = self
            .tx()
            .prepare_cached("SELECT count(*) FROM goals WHERE plan_id = ?1 AND retired = 0")?
            .query_row([&goal.plan_id], |r| r.get(0))?;
        let mut g = goal.clone();
        if g.id.is_empty() {
            g.id = new_id();
        }
        if g.position == 0 {
            g.position = count + 1;
        }
        self.create_validated(Entity::Goal, &g.id, &g)?;
        Ok((g.id, count as usize + 1))
    }

    /// Adds a strategy to a goal.
    pub fn add_strategy(&mut self, strategy: &Strategy) -> Result<String> {
        strategy.validate()?;
        let count: i64 = self
            .tx()
            .prepare_cached("SELECT count(*) FROM strategies WHERE goal_id = ?1 AND retired = 0")?
            .query_row([&strategy.goal_id], |r| r.get(0))?;
        let mut s = strategy.clone();
        if s.id.is_empty() {
            s.id = new_id();
        }
        if s.position == 0 {
            s.position = count + 1;
        }
        self.create_validated(Entity::Strategy, &s.id, &s)?;
        Ok(s.id)
    }

    /// Records a check-in.
    pub fn add_checkin(&mut self, checkin: &CheckIn) -> Result<String> {
        checkin.validate()?;
        let mut c = checkin.clone();
        if c.id.is_empty() {
            c.id = new_id();
        }
        c.student_words = clean_text(&c.student_words);
        c.notes = clean_text(&c.notes);
        c.adjustments = clean_text(&c.adjustments);
        for v in &mut c.verdicts {
            v.note = clean_text(&v.note);
        }
        for s in &mut c.next_steps {
            s.text = clean_text(&s.text);
            s.owner = clean_line(&s.owner);
        }
        for s in &mut c.last_steps {
            s.text = clean_text(&s.text);
            s.owner = clean_line(&s.owner);
        }
        c.attended = c.attended.iter().map(|a| clean_line(a)).collect();
        c.validate()?;
        self.create_validated(Entity::CheckIn, &c.id, &c)?;
        Ok(c.id)
    }

    /// Adds a member to a student's team.
    pub fn add_team_member(&mut self, member: &TeamMember) -> Result<String> {
        member.validate()?;
        let mut m = member.clone();
        if m.id.is_empty() {
            m.id = new_id();
        }
        m.name = clean_line(&m.name);
        m.validate()?;
        self.create_validated(Entity::TeamMember, &m.id, &m)?;
        Ok(m.id)
    }

    /// Records an intervention.
    pub fn add_intervention(&mut self, item: &Intervention) -> Result<String> {
        item.validate()?;
        let mut i = item.clone();
        if i.id.is_empty() {
            i.id = new_id();
        }
        self.create_validated(Entity::Intervention, &i.id, &i)?;
        Ok(i.id)
    }

    /// Records a piece of evidence.
    pub fn add_evidence(&mut self, item: &Evidence) -> Result<String> {
        item.validate()?;
        let mut e = item.clone();
        if e.id.is_empty() {
            e.id = new_id();
        }
        self.create_validated(Entity::Evidence, &e.id, &e)?;
        Ok(e.id)
    }

    /// Sets one field of a record unless it already holds that value (as stored: an empty
    /// text and none are one), so that saying a value again writes no change. Whether a change
    /// was written.
    pub fn set_if_changed(
        &mut self,
        entity: Entity,
        id: &str,
        field: &str,
        value: Value,
    ) -> Result<bool> {
        let sql = format!(
            "SELECT {} FROM {} WHERE id = ?1",
            super::values::columns(entity),
            entity.table()
        );
        let old = self
            .tx()
            .query_row(&sql, [id], |r| super::values::row_object(r, entity))
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("{} {id}", entity.name())))?;
        if same_value(&value, old.get(field).unwrap_or(&Value::Null)) {
            return Ok(false);
        }
        self.set(entity, id, field, value, Base::Current)?;
        Ok(true)
    }

    /// Sets a field from typed text, validating it first.
    pub fn set_text(
        &mut self,
        entity: Entity,
        id: &str,
        field: &str,
        text: &str,
        base: Base,
    ) -> Result<String> {
        let value = field_value_from_text(entity, field, text)?;
        let exists: Option<i64> = self
            .tx()
            .query_row(
                &format!("SELECT 1 FROM {} WHERE id = ?1", entity.table()),
                [id],
                |r| r.get(0),
            )
            .optional()?;
        if exists.is_none() {
            return Err(StoreError::NotFound(format!("{} {id}", entity.name())));
        }
        self.set(entity, id, field, value, base)
    }
}

/// Equal as stored: `null` and `""` are the same for text, numbers by value.
fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Null, Value::String(s)) | (Value::String(s), Value::Null) => s.is_empty(),
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_values_are_checked() {
        assert_eq!(
            field_value_from_text(Entity::Student, "grade", "eleventh")
                .unwrap_err()
                .to_string(),
            "grade \"eleventh\" is not a grade (PK, K, or 1 to 13)"
        );
        assert_eq!(
            field_value_from_text(Entity::Goal, "domain", "Social emotional").unwrap(),
            Value::from("social-emotional")
        );
        assert!(field_value_from_text(Entity::Goal, "target_date", "2027-02-30").is_err());
        assert_eq!(
            field_value_from_text(Entity::Student, "strengths", "a\x1b[2Jb\n").unwrap(),
            Value::from("ab")
        );
        assert!(field_value_from_text(Entity::Student, "nickname", "x").is_err());
    }

    #[test]
    fn student_ids_follow_sis_ids() {
        assert_eq!(student_id_for("100234"), student_id_for(" 100234 "));
        assert_ne!(student_id_for("100234"), student_id_for("100235"));
    }
}
