//! Queries the screens and commands need: the caseload, one student's whole record, lookups.

use chrono::NaiveDate;
use rusqlite::OptionalExtension;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use super::schema::Entity;
use super::values::{columns, row_object};
use super::{Result, Store, StoreError};
use crate::domain::{
    next_due_this_year, school_year_of, CheckIn, Evidence, Goal, Intervention, Plan, Strategy,
    Student, TeamMember,
};

/// A goal with its strategies.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalRecord {
    /// The goal.
    #[serde(flatten)]
    pub goal: Goal,
    /// Its strategies, in order.
    pub strategies: Vec<Strategy>,
}

/// A plan with its goals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanRecord {
    /// The plan.
    #[serde(flatten)]
    pub plan: Plan,
    /// Its goals, in order.
    pub goals: Vec<GoalRecord>,
}

/// Everything about one student.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StudentRecord {
    /// The student and profile.
    pub student: Student,
    /// Parents, teachers, mentors.
    pub team: Vec<TeamMember>,
    /// Plans, newest school year first.
    pub plans: Vec<PlanRecord>,
    /// Check-ins, newest first.
    pub checkins: Vec<CheckIn>,
    /// Interventions, newest first.
    pub interventions: Vec<Intervention>,
    /// Evidence, newest first.
    pub evidence: Vec<Evidence>,
}

impl StudentRecord {
    /// The plan for a school year, if there is one.
    pub fn plan_for(&self, school_year: &str) -> Option<&PlanRecord> {
        self.plans
            .iter()
            .find(|p| p.plan.school_year == school_year)
    }

    /// The plan to work on: this school year's, else the newest of an earlier year. A plan
    /// made ahead for a year still to come (by `plp rollover` before the year ends) is not
    /// today's: until its year begins, goals added and check-ins rated go with this year's.
    pub fn current_plan(&self, today: NaiveDate) -> Option<&PlanRecord> {
        let now = school_year_of(today);
        self.plan_for(&now).or_else(|| {
            self.plans
                .iter()
                .find(|p| p.plan.school_year.as_str() < now.as_str())
        })
    }

    /// The most recent check-in.
    pub fn last_checkin(&self) -> Option<&CheckIn> {
        self.checkins.first()
    }

    /// When the next check-in is due this school year, as the caseload's line has it: the
    /// next date the most recent check-in set (restricted or not: the day is no secret), unless
    /// it was set for a day before this school year began ([`next_due_this_year`]).
    pub fn next_due(&self, today: NaiveDate) -> Option<NaiveDate> {
        next_due_this_year(self.last_checkin().and_then(|c| c.next_date), today)
    }

    /// The title of one of the student's goals, or the text of one of their strategies, in any
    /// year's plan.
    pub fn title_of(&self, id: &str) -> Option<&str> {
        self.plans
            .iter()
            .flat_map(|p| p.goals.iter())
            .find_map(|g| {
                if g.goal.id == id {
                    return Some(g.goal.title.as_str());
                }
                g.strategies
                    .iter()
                    .find(|s| s.id == id)
                    .map(|s| s.what.as_str())
            })
    }
}

impl Store {
    /// One record of any entity, read into its domain type.
    pub fn get<T: DeserializeOwned>(&self, entity: Entity, id: &str) -> Result<Option<T>> {
        let sql = format!(
            "SELECT {} FROM {} WHERE id = ?1",
            columns(entity),
            entity.table()
        );
        let obj = self
            .conn
            .query_row(&sql, [id], |r| row_object(r, entity))
            .optional()?;
        match obj {
            Some(o) => Ok(Some(serde_json::from_value(Value::Object(o))?)),
            None => Ok(None),
        }
    }

    /// Every record of an entity that belongs to a student (retired ones left out).
    pub fn list_for_student<T: DeserializeOwned>(
        &self,
        entity: Entity,
        student_id: &str,
    ) -> Result<Vec<T>> {
        let sql = format!(
            "SELECT {} FROM {} WHERE student_id = ?1 AND retired = 0 ORDER BY id",
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

    /// Everything about one student.
    pub fn student(&self, id: &str) -> Result<StudentRecord> {
        let student: Student = self
            .get(Entity::Student, id)?
            .ok_or_else(|| StoreError::NotFound(id.to_string()))?;
        let team = self.list_for_student(Entity::TeamMember, id)?;
        let mut plans: Vec<Plan> = self.list_for_student(Entity::Plan, id)?;
        plans.sort_by(|a, b| b.school_year.cmp(&a.school_year));
        let mut goals: Vec<Goal> = self.list_for_student(Entity::Goal, id)?;
        goals.sort_by(|a, b| (a.position, &a.id).cmp(&(b.position, &b.id)));
        let mut strategies: Vec<Strategy> = self.list_for_student(Entity::Strategy, id)?;
        strategies.sort_by(|a, b| (a.position, &a.id).cmp(&(b.position, &b.id)));
        let plans = plans
            .into_iter()
            .map(|plan| PlanRecord {
                goals: goals
                    .iter()
                    .filter(|g| g.plan_id == plan.id)
                    .map(|g| GoalRecord {
                        goal: g.clone(),
                        strategies: strategies
                            .iter()
                            .filter(|s| s.goal_id == g.id)
                            .cloned()
                            .collect(),
                    })
                    .collect(),
                plan,
            })
            .collect();
        let mut checkins: Vec<CheckIn> = self.list_for_student(Entity::CheckIn, id)?;
        checkins.sort_by(|a, b| (b.date, &b.id).cmp(&(a.date, &a.id)));
        let mut interventions: Vec<Intervention> =
            self.list_for_student(Entity::Intervention, id)?;
        interventions.sort_by(|a, b| (b.date, &b.id).cmp(&(a.date, &a.id)));
        let mut evidence: Vec<Evidence> = self.list_for_student(Entity::Evidence, id)?;
        evidence.sort_by(|a, b| (b.date, &b.id).cmp(&(a.date, &a.id)));
        Ok(StudentRecord {
            student,
            team,
            plans,
            checkins,
            interventions,
            evidence,
        })
    }

    /// Finds a student by SIS id, or by any unambiguous part of a name.
    pub fn find_student(&self, query: &str) -> Result<String> {
        let q = query.trim();
        if q.is_empty() {
            return Err(StoreError::NotFound(query.to_string()));
        }
        let exact: Option<String> = self
            .conn
            .query_row(
                "SELECT id FROM students WHERE sis_id = ?1 AND retired = 0",
                [q],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(id) = exact {
            return Ok(id);
        }
        if let Some(id) = self.find_by_digits(q)? {
            return Ok(id);
        }
        let needle = name_fold(q);
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, sis_id, given_name, family_name, preferred_name FROM students
             WHERE retired = 0",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })?;
        let mut matches = Vec::new();
        let mut exact_name = Vec::new();
        for row in rows {
            let (id, sis, given, family, preferred) = row?;
            // A preferred name counts only when there is one: an empty one would make the
            // family name alone read as this student's whole name.
            let pref = preferred.filter(|p| !p.trim().is_empty());
            let mut names = vec![format!("{given} {family}"), format!("{family}, {given}")];
            if let Some(p) = &pref {
                names.push(format!("{p} {family}"));
            }
            // Named as the caseload names them (the preferred name first), with the SIS id.
            let shown = format!("{} {family}", pref.as_deref().unwrap_or(&given));
            let label = format!("{} ({sis})", shown.trim());
            if names.iter().any(|n| name_fold(n) == needle) {
                exact_name.push((id.clone(), label.clone()));
            }
            if names.iter().any(|n| name_fold(n).contains(&needle)) {
                matches.push((id, label));
            }
        }
        let pick = if exact_name.len() == 1 {
            exact_name
        } else {
            matches
        };
        match pick.len() {
            0 => Err(StoreError::NotFound(q.to_string())),
            1 => Ok(pick
                .into_iter()
                .next()
                .map(|(id, _)| id)
                .unwrap_or_default()),
            _ => {
                let mut labels: Vec<String> = pick.into_iter().map(|(_, l)| l).collect();
                labels.sort();
                Err(StoreError::Ambiguous {
                    query: q.to_string(),
                    matches: labels,
                })
            }
        }
    }

    /// The student whose all-digit SIS id is `query` once leading zeros are ignored on both
    /// sides (`125` finds `000125`), as the roster reader matches ids a spreadsheet saved
    /// without their zeros: none when no stored id is, and two or more are named, never guessed.
    fn find_by_digits(&self, query: &str) -> Result<Option<String>> {
        let Some(wanted) = crate::roster::zeros::digits(query) else {
            return Ok(None);
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, sis_id, given_name, family_name FROM students WHERE retired = 0",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        let mut found = Vec::new();
        for row in rows {
            let (id, sis, given, family) = row?;
            if crate::roster::zeros::digits(&sis) == Some(wanted) {
                let name = crate::domain::full_name(&given, &family);
                found.push((id, format!("{name} ({sis})")));
            }
        }
        match found.len() {
            0 => Ok(None),
            1 => Ok(found.pop().map(|(id, _)| id)),
            _ => {
                let mut labels: Vec<String> = found.into_iter().map(|(_, l)| l).collect();
                labels.sort();
                Err(StoreError::Ambiguous {
                    query: query.to_string(),
                    matches: labels,
                })
            }
        }
    }

    /// The advisor fields of the active students other than `except`, as written (blank ones
    /// left out): who a newly written advisor could be.
    pub fn advisors_beside(&self, except: &str) -> Result<Vec<String>> {
        let mut st = self.conn.prepare(
            "SELECT advisor FROM students WHERE retired = 0 AND status = 'active' AND id <> ?1
               AND trim(coalesce(advisor, '')) <> ''",
        )?;
        let rows = st.query_map([except], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The SIS ids of the students stored (retired left out), as they are written.
    pub fn sis_ids(&self) -> Result<Vec<String>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT sis_id FROM students WHERE retired = 0")?;
        let rows = st.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many students are stored (retired left out).
    pub fn student_count(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM students WHERE retired = 0", [], |r| {
                r.get(0)
            })?)
    }
}

/// Folds a name for matching: lower case, accents and scripts transliterated, spaces collapsed.
/// A name as typed to find a student: [`fold`]ed, without apostrophes, so that `oneill` finds
/// O'Neill (and O’Neill, as a word processor writes it).
fn name_fold(s: &str) -> String {
    fold(s).replace(['\'', '`'], "")
}

pub fn fold(s: &str) -> String {
    deunicode::deunicode(s)
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
