//! The year turning over: each student's new plan, holding copies of last year's goals that are
//! still active (with their active strategies), each copy naming the record it came from.
//! Last year's plan is left as it was, except for the met and dropped marks a year-end review
//! asks for. Every change goes through the change log, so a rollover syncs like any edit.

use rusqlite::OptionalExtension;
use serde_json::Value;

use super::oplog::{Base, Writer};
use super::read::PlanRecord;
use super::schema::Entity;
use super::values::{columns, row_object};
use super::write::plan_id_for;
use super::{Result, Store};
use crate::domain::{Goal, GoalChoice, Status, Strategy, YearEndChoices};

/// What a rollover did (or, rehearsed, would do) for one student.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Rollover {
    /// The student's id.
    pub student_id: String,
    /// The school year of the plan goals were carried from (none: no earlier plan).
    pub from_year: Option<String>,
    /// The new school year.
    pub to_year: String,
    /// The new plan's id.
    pub plan_id: String,
    /// The new plan was made now (it did not exist yet).
    pub plan_created: bool,
    /// Titles of the goals copied into the new plan now.
    pub carried: Vec<String>,
    /// How many strategies were copied now (with those goals, or later additions to goals
    /// carried before).
    pub strategies_carried: usize,
    /// Titles of goals marked met in last year's plan now.
    pub met: Vec<String>,
    /// Titles of goals marked dropped in last year's plan now.
    pub dropped: Vec<String>,
    /// Active goals carried by an earlier rollover (not copied again).
    pub already_carried: usize,
    /// Goals of last year's plan left there because they are met, dropped or revised.
    pub left_behind: usize,
}

impl Rollover {
    /// Whether anything was (or would be) written.
    pub fn changed(&self) -> bool {
        self.plan_created
            || !self.carried.is_empty()
            || self.strategies_carried > 0
            || !self.met.is_empty()
            || !self.dropped.is_empty()
    }
}

impl Store {
    /// Turns one student's year over into `to_year` ("2027-28"), in one transaction: makes the
    /// plan for `to_year` if it is missing, then takes the newest earlier plan ("last year's")
    /// and, for each of its goals that is active (not retired), does what `choices` says
    /// (a goal not named is carried):
    ///
    /// - [`GoalChoice::Carry`]: copies the goal into the new plan with its active strategies,
    ///   each copy's `carried_from` naming the goal or strategy it came from (the target date,
    ///   which belonged to last year, is left empty). A goal already carried into this plan is
    ///   not copied again; only its active strategies not yet carried are added.
    /// - [`GoalChoice::Met`] / [`GoalChoice::Drop`]: marks the goal met or dropped in last
    ///   year's plan and carries nothing; a copy carried before is retired from the new plan.
    ///
    /// Met, dropped and revised goals stay in last year's plan, which is otherwise untouched.
    /// Calling it again with the same choices changes nothing. Each change is a change-log
    /// operation, so it syncs.
    pub fn rollover_student(
        &mut self,
        student_id: &str,
        to_year: &str,
        choices: &YearEndChoices,
    ) -> Result<Rollover> {
        self.write(|w| w.rollover_student(student_id, to_year, choices))
    }

    /// Carries every active goal of each student in `student_ids` into `to_year`, as
    /// [`Store::rollover_student`] does, in one transaction; with `dry_run` nothing is kept
    /// and the result says what would be done.
    pub fn rollover(
        &mut self,
        student_ids: &[String],
        to_year: &str,
        dry_run: bool,
    ) -> Result<Vec<Rollover>> {
        let all = YearEndChoices::carry_all();
        let run = |w: &mut Writer<'_>| {
            student_ids
                .iter()
                .map(|id| w.rollover_student(id, to_year, &all))
                .collect::<Result<Vec<_>>>()
        };
        if dry_run {
            self.rehearse(run)
        } else {
            self.write(run)
        }
    }

    /// The graduation year written for each of `student_ids` that has one.
    pub fn graduation_years(
        &self,
        student_ids: &[String],
    ) -> Result<std::collections::HashMap<String, i64>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT grad_year FROM students WHERE id = ?1")?;
        let mut years = std::collections::HashMap::new();
        for id in student_ids {
            let year: Option<Option<i64>> = stmt.query_row([id], |r| r.get(0)).optional()?;
            if let Some(Some(y)) = year {
                years.insert(id.clone(), y);
            }
        }
        Ok(years)
    }

    /// A student's plans of school years before `school_year`, newest first, with their goals
    /// and strategies (for reading former plans).
    pub fn earlier_plans(&self, student_id: &str, school_year: &str) -> Result<Vec<PlanRecord>> {
        Ok(self
            .student(student_id)?
            .plans
            .into_iter()
            .filter(|p| p.plan.school_year.as_str() < school_year)
            .collect())
    }
}

impl Writer<'_> {
    /// [`Store::rollover_student`] inside a transaction already open.
    pub fn rollover_student(
        &mut self,
        student_id: &str,
        to_year: &str,
        choices: &YearEndChoices,
    ) -> Result<Rollover> {
        let plan_id = plan_id_for(student_id, to_year);
        // A plan taken away (retired) is made again as much as one never made.
        let plan_shown: Option<bool> = self
            .tx()
            .prepare_cached("SELECT NOT retired FROM plans WHERE id = ?1")?
            .query_row([&plan_id], |r| r.get(0))
            .optional()?;
        let mut out = Rollover {
            student_id: student_id.to_string(),
            to_year: to_year.to_string(),
            plan_created: plan_shown != Some(true),
            ..Default::default()
        };
        out.plan_id = self.ensure_plan(student_id, to_year)?;
        let last: Option<(String, String)> = self
            .tx()
            .prepare_cached(
                "SELECT id, school_year FROM plans
                 WHERE student_id = ?1 AND retired = 0 AND school_year < ?2
                 ORDER BY school_year DESC LIMIT 1",
            )?
            .query_row([student_id, to_year], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let Some((last_plan, last_year)) = last else {
            return Ok(out);
        };
        out.from_year = Some(last_year);
        for goal in self.goals_of(&last_plan)? {
            if goal.status != Status::Active {
                out.left_behind += 1;
                continue;
            }
            let copy = self.copy_of(Entity::Goal, &goal.id, &out.plan_id)?;
            // Carried by name in a year-end review, or into a plan that was itself taken away
            // (an undone review): a copy taken away with it comes back, as carrying it again
            // says. A rollover carrying every goal into a plan still shown leaves a copy
            // someone retired from it where they put it.
            let named = choices.goals.get(&goal.id) == Some(&GoalChoice::Carry)
                || plan_shown == Some(false);
            match choices.choice(&goal.id) {
                GoalChoice::Carry => {
                    let new_goal = match copy {
                        Some(id) if named && self.is_retired(Entity::Goal, &id)? => {
                            self.set(
                                Entity::Goal,
                                &id,
                                "retired",
                                Value::Bool(false),
                                Base::Current,
                            )?;
                            out.carried.push(goal.title.clone());
                            id
                        }
                        Some(id) => {
                            out.already_carried += 1;
                            id
                        }
                        None => {
                            out.carried.push(goal.title.clone());
                            self.add_goal(&Goal {
                                id: String::new(),
                                plan_id: out.plan_id.clone(),
                                target_date: None,
                                position: 0,
                                status: Status::Active,
                                carried_from: Some(goal.id.clone()),
                                retired: false,
                                title: or_untitled(&goal.title, "(untitled goal)"),
                                ..goal.clone()
                            })?
                            .0
                        }
                    };
                    for s in self.strategies_of(&goal.id)? {
                        if s.status != Status::Active {
                            continue;
                        }
                        match self.copy_of(Entity::Strategy, &s.id, &new_goal)? {
                            Some(id) if named && self.is_retired(Entity::Strategy, &id)? => {
                                self.set(
                                    Entity::Strategy,
                                    &id,
                                    "retired",
                                    Value::Bool(false),
                                    Base::Current,
                                )?;
                                out.strategies_carried += 1;
                                continue;
                            }
                            Some(_) => continue,
                            None => {}
                        }
                        self.add_strategy(&Strategy {
                            id: String::new(),
                            goal_id: new_goal.clone(),
                            position: 0,
                            carried_from: Some(s.id.clone()),
                            retired: false,
                            what: or_untitled(&s.what, "(untitled strategy)"),
                            ..s.clone()
                        })?;
                        out.strategies_carried += 1;
                    }
                }
                choice @ (GoalChoice::Met | GoalChoice::Drop) => {
                    self.settle_goal(&goal, choice, copy, &mut out)?;
                }
            }
        }
        Ok(out)
    }

    /// The final year-end review of a student who graduates: each active goal of `plan_id`
    /// marked met or dropped as `choices` say (a goal with no choice, or carried, is left as
    /// it is: there is no next year to carry it into). No plan is made.
    pub fn settle_goals(
        &mut self,
        student_id: &str,
        plan_id: &str,
        choices: &YearEndChoices,
    ) -> Result<Rollover> {
        let mut out = Rollover {
            student_id: student_id.to_string(),
            ..Default::default()
        };
        out.from_year = self
            .tx()
            .prepare_cached("SELECT school_year FROM plans WHERE id = ?1")?
            .query_row([plan_id], |r| r.get(0))
            .optional()?;
        for goal in self.goals_of(plan_id)? {
            match (goal.status, choices.goals.get(&goal.id)) {
                (Status::Active, Some(&c @ (GoalChoice::Met | GoalChoice::Drop))) => {
                    self.settle_goal(&goal, c, None, &mut out)?;
                }
                _ => out.left_behind += 1,
            }
        }
        Ok(out)
    }

    /// Marks `goal` met or dropped (a copy carried before, `copy`, is retired from the new
    /// plan), and counts it in `out`.
    fn settle_goal(
        &mut self,
        goal: &Goal,
        choice: GoalChoice,
        copy: Option<String>,
        out: &mut Rollover,
    ) -> Result<()> {
        let status = if choice == GoalChoice::Met {
            Status::Met
        } else {
            Status::Dropped
        };
        self.set(
            Entity::Goal,
            &goal.id,
            "status",
            Value::from(status.as_str()),
            Base::Current,
        )?;
        if let Some(copy) = copy {
            if !self.is_retired(Entity::Goal, &copy)? {
                self.retire(Entity::Goal, &copy)?;
            }
        }
        if choice == GoalChoice::Met {
            out.met.push(goal.title.clone());
        } else {
            out.dropped.push(goal.title.clone());
        }
        Ok(())
    }

    /// A plan's goals (retired left out), in order.
    fn goals_of(&self, plan_id: &str) -> Result<Vec<Goal>> {
        let sql = format!(
            "SELECT {} FROM goals WHERE plan_id = ?1 AND retired = 0 ORDER BY position, id",
            columns(Entity::Goal)
        );
        self.records(&sql, plan_id, Entity::Goal)
    }

    /// A goal's strategies (retired left out), in order.
    fn strategies_of(&self, goal_id: &str) -> Result<Vec<Strategy>> {
        let sql = format!(
            "SELECT {} FROM strategies WHERE goal_id = ?1 AND retired = 0 ORDER BY position, id",
            columns(Entity::Strategy)
        );
        self.records(&sql, goal_id, Entity::Strategy)
    }

    fn records<T: serde::de::DeserializeOwned>(
        &self,
        sql: &str,
        key: &str,
        entity: Entity,
    ) -> Result<Vec<T>> {
        let mut stmt = self.tx().prepare_cached(sql)?;
        let rows = stmt.query_map([key], |r| row_object(r, entity))?;
        let mut out = Vec::new();
        for o in rows {
            out.push(serde_json::from_value(Value::Object(o?))?);
        }
        Ok(out)
    }

    /// The copy of a goal in a plan, or of a strategy under a goal, carried from `origin`
    /// (retired copies count: a copy someone retired is not made again).
    fn copy_of(&self, entity: Entity, origin: &str, parent: &str) -> Result<Option<String>> {
        let sql = match entity {
            Entity::Goal => "SELECT id FROM goals WHERE carried_from = ?1 AND plan_id = ?2",
            _ => "SELECT id FROM strategies WHERE carried_from = ?1 AND goal_id = ?2",
        };
        Ok(self
            .tx()
            .prepare_cached(sql)?
            .query_row([origin, parent], |r| r.get(0))
            .optional()?)
    }

    fn is_retired(&self, entity: Entity, id: &str) -> Result<bool> {
        let sql = format!("SELECT retired FROM {} WHERE id = ?1", entity.table());
        Ok(self
            .tx()
            .query_row(&sql, [id], |r| r.get::<_, bool>(0))
            .optional()?
            .unwrap_or(false))
    }
}

fn or_untitled(text: &str, instead: &str) -> String {
    if text.trim().is_empty() {
        instead.to_string()
    } else {
        text.to_string()
    }
}
