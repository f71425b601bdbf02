//! A student's retired records, to show on request and restore.

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::schema::Entity;
use super::values::{columns, row_object};
use super::{Result, Store};
use crate::domain::{CheckIn, Evidence, Goal, Intervention, Strategy, TeamMember};

/// Everything of one student's that was retired (a retired goal's strategies among them).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Retired {
    /// Team members.
    pub team: Vec<TeamMember>,
    /// Goals, with the school year of their plan.
    pub goals: Vec<(String, Goal)>,
    /// Strategies.
    pub strategies: Vec<Strategy>,
    /// Check-ins, newest first.
    pub checkins: Vec<CheckIn>,
    /// Interventions, newest first.
    pub interventions: Vec<Intervention>,
    /// Evidence, newest first.
    pub evidence: Vec<Evidence>,
}

impl Store {
    /// A student's retired records.
    pub fn retired_for_student(&self, student_id: &str) -> Result<Retired> {
        let goals: Vec<Goal> = self.retired_of(Entity::Goal, student_id)?;
        let mut years = Vec::new();
        for g in goals {
            let year: Option<String> = self
                .conn
                .prepare_cached("SELECT school_year FROM plans WHERE id = ?1")?
                .query_row([&g.plan_id], |r| r.get(0))
                .ok();
            years.push((year.unwrap_or_default(), g));
        }
        let mut checkins: Vec<CheckIn> = self.retired_of(Entity::CheckIn, student_id)?;
        checkins.sort_by_key(|x| std::cmp::Reverse(x.date));
        let mut interventions: Vec<Intervention> =
            self.retired_of(Entity::Intervention, student_id)?;
        interventions.sort_by_key(|x| std::cmp::Reverse(x.date));
        let mut evidence: Vec<Evidence> = self.retired_of(Entity::Evidence, student_id)?;
        evidence.sort_by_key(|x| std::cmp::Reverse(x.date));
        Ok(Retired {
            team: self.retired_of(Entity::TeamMember, student_id)?,
            goals: years,
            strategies: self.retired_of(Entity::Strategy, student_id)?,
            checkins,
            interventions,
            evidence,
        })
    }

    fn retired_of<T: DeserializeOwned>(&self, entity: Entity, student_id: &str) -> Result<Vec<T>> {
        let sql = format!(
            "SELECT {} FROM {} WHERE student_id = ?1 AND retired != 0 ORDER BY id",
            columns(entity),
            entity.table()
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([student_id], |r| row_object(r, entity))?;
        let mut out = Vec::new();
        for o in rows {
            out.push(serde_json::from_value(Value::Object(o?))?);
        }
        Ok(out)
    }
}
