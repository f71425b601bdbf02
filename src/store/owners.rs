//! Whose a record is: the student every record belongs to.

use rusqlite::OptionalExtension;

use super::{Entity, Result, Store};

impl Store {
    /// The student a record belongs to (a student belongs to itself); `None` when there is no
    /// such record.
    pub fn student_of(&self, entity: Entity, id: &str) -> Result<Option<String>> {
        let column = if entity == Entity::Student {
            "id"
        } else {
            "student_id"
        };
        // Prepared once: a push asks it for every record it sends.
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {column} FROM {} WHERE id = ?1",
                entity.table()
            ))?
            .query_row([id], |r| r.get(0))
            .optional()?)
    }

    /// Whether a student with this id exists.
    pub fn student_exists(&self, id: &str) -> Result<bool> {
        Ok(self.student_of(Entity::Student, id)?.is_some())
    }
}
