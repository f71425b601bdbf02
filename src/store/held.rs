//! Which records a write already holds, by id or by what they say, so that bringing in a
//! document a second time adds nothing twice.

use rusqlite::OptionalExtension;

use super::{Entity, Result, Writer};

impl Writer<'_> {
    /// The student a record of this kind belongs to, if the record is held (retired or not).
    pub fn owner_of(&self, entity: Entity, id: &str) -> Result<Option<String>> {
        if entity == Entity::Student {
            let sql = "SELECT id FROM students WHERE id = ?1";
            return self.one(sql, &[id]);
        }
        let sql = format!("SELECT student_id FROM {} WHERE id = ?1", entity.table());
        self.one(&sql, &[id])
    }

    /// Whether a plan's annual review is recorded as done.
    pub fn plan_reviewed(&self, plan_id: &str) -> Result<bool> {
        let sql = "SELECT reviewed FROM plans WHERE id = ?1";
        Ok(self
            .tx()
            .prepare_cached(sql)?
            .query_row([plan_id], |r| r.get::<_, bool>(0))
            .optional()?
            .unwrap_or(false))
    }

    /// A current team member of the student with this name.
    pub fn team_member_named(&self, student_id: &str, name: &str) -> Result<Option<String>> {
        let sql = "SELECT id FROM team_members
                   WHERE student_id = ?1 AND name = ?2 AND retired = 0";
        self.one(sql, &[student_id, name])
    }

    /// A current goal of the plan with this title.
    pub fn goal_titled(&self, plan_id: &str, title: &str) -> Result<Option<String>> {
        let sql = "SELECT id FROM goals WHERE plan_id = ?1 AND title = ?2 AND retired = 0";
        self.one(sql, &[plan_id, title])
    }

    /// A current strategy of the goal saying this.
    pub fn strategy_doing(&self, goal_id: &str, what: &str) -> Result<Option<String>> {
        let sql = "SELECT id FROM strategies WHERE goal_id = ?1 AND what = ?2 AND retired = 0";
        self.one(sql, &[goal_id, what])
    }

    /// A check-in of the student on this date with these words.
    pub fn checkin_with(
        &self,
        student_id: &str,
        date: &str,
        words: &str,
    ) -> Result<Option<String>> {
        let sql = "SELECT id FROM checkins
                   WHERE student_id = ?1 AND coalesce(date, '') = ?2 AND student_words = ?3";
        self.one(sql, &[student_id, date, words])
    }

    /// An intervention of the student on this date of this kind and description.
    pub fn intervention_like(
        &self,
        student_id: &str,
        date: &str,
        kind: &str,
        description: &str,
    ) -> Result<Option<String>> {
        let sql = "SELECT id FROM interventions WHERE student_id = ?1 AND coalesce(date, '') = ?2
                   AND kind = ?3 AND description = ?4";
        self.one(sql, &[student_id, date, kind, description])
    }

    /// Evidence of the student on this date with this title.
    pub fn evidence_titled(
        &self,
        student_id: &str,
        date: &str,
        title: &str,
    ) -> Result<Option<String>> {
        let sql = "SELECT id FROM evidence WHERE student_id = ?1 AND coalesce(date, '') = ?2 AND title = ?3";
        self.one(sql, &[student_id, date, title])
    }

    fn one(&self, sql: &str, params: &[&str]) -> Result<Option<String>> {
        Ok(self
            .tx()
            .prepare_cached(sql)?
            .query_row(rusqlite::params_from_iter(params), |r| {
                r.get::<_, String>(0)
            })
            .optional()?)
    }
}
