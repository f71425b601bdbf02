//! Bringing a document into the store: students are matched by SIS id, and goals, strategies,
//! check-ins and the rest already held are recognised, so importing twice adds nothing twice.

use rusqlite::OptionalExtension;
use std::collections::HashMap;

use super::{DocStudent, Document};
use crate::domain::{
    school_year_of, CheckIn, Evidence, Goal, GoalProgress, Intervention, Strategy, StrategyVerdict,
    Student, TeamMember, ValidationError,
};
use crate::store::{Base, Entity, Result, StoreError, Writer};

/// What an import added.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// New students.
    pub students_added: usize,
    /// Students already held whose fields changed.
    pub students_updated: usize,
    /// New goals.
    pub goals: usize,
    /// New strategies.
    pub strategies: usize,
    /// New check-ins.
    pub checkins: usize,
    /// New team members, interventions and evidence.
    pub other: usize,
}

/// Checks every link inside the document before anything is written.
pub fn check_links(doc: &Document) -> Result<(), ValidationError> {
    for s in &doc.students {
        let who = format!("student {}", s.sis_id);
        let goals: Vec<&str> = s
            .plans
            .iter()
            .flat_map(|p| p.goals.iter().map(|g| g.key.as_str()))
            .collect();
        let strategies: Vec<&str> = s
            .plans
            .iter()
            .flat_map(|p| p.goals.iter())
            .flat_map(|g| g.strategies.iter().map(|x| x.key.as_str()))
            .collect();
        for c in &s.checkins {
            let when = c.date.map(|d| d.to_string()).unwrap_or_default();
            for p in &c.progress {
                if !goals.contains(&p.goal.as_str()) {
                    return Err(ValidationError::new(format!(
                        "{who}: the check-in on {when} rates an unknown goal \"{}\"",
                        p.goal
                    )));
                }
            }
            for v in &c.verdicts {
                if !strategies.contains(&v.strategy.as_str()) {
                    return Err(ValidationError::new(format!(
                        "{who}: the check-in on {when} judges an unknown strategy \"{}\"",
                        v.strategy
                    )));
                }
            }
        }
        for e in &s.evidence {
            if let Some(g) = &e.goal {
                if !goals.contains(&g.as_str()) {
                    return Err(ValidationError::new(format!(
                        "{who}: evidence \"{}\" refers to an unknown goal \"{g}\"",
                        e.title
                    )));
                }
            }
        }
    }
    Ok(())
}

/// Imports a whole document in the caller's transaction (all or nothing).
pub fn import_document(w: &mut Writer<'_>, doc: &Document) -> Result<ImportSummary> {
    check_links(doc)?;
    let mut sum = ImportSummary::default();
    for s in &doc.students {
        import_student(w, s, &mut sum).map_err(|e| match e {
            StoreError::Invalid(v) => {
                StoreError::Invalid(ValidationError::new(format!("student {}: {v}", s.sis_id)))
            }
            other => other,
        })?;
    }
    Ok(sum)
}

fn import_student(w: &mut Writer<'_>, s: &DocStudent, sum: &mut ImportSummary) -> Result<()> {
    let student = Student {
        sis_id: crate::domain::clean_line(&s.sis_id),
        given_name: crate::domain::clean_line(&s.given_name),
        family_name: crate::domain::clean_line(&s.family_name),
        preferred_name: s.preferred_name.as_deref().map(crate::domain::clean_line),
        pronouns: s.pronouns.as_deref().map(crate::domain::clean_line),
        grade: s.grade,
        grad_year: s.grad_year,
        advisor: s.advisor.as_deref().map(crate::domain::clean_line),
        email: s.email.as_deref().map(crate::domain::clean_line),
        status: s.status,
        iep: s.iep,
        plan_504: s.plan_504,
        profile: clean_profile(&s.profile),
        ..Default::default()
    };
    let (sid, outcome) = w.upsert_student(&student, &Entity::Student.settable())?;
    let fresh = match outcome {
        crate::store::Upsert::Added => {
            sum.students_added += 1;
            true
        }
        crate::store::Upsert::Updated(_) => {
            sum.students_updated += 1;
            false
        }
        crate::store::Upsert::Unchanged => false,
    };
    let held = |w: &Writer<'_>, sql: &str, a: &str, b: &str| -> Result<Option<String>> {
        if fresh {
            return Ok(None);
        }
        Ok(w.tx()
            .query_row(sql, [a, b], |r| r.get::<_, String>(0))
            .optional()?)
    };

    for t in &s.team {
        let found = held(
            w,
            "SELECT id FROM team_members WHERE student_id = ?1 AND name = ?2 AND retired = 0",
            &sid,
            &t.name,
        )?;
        if found.is_none() {
            w.add_team_member(&TeamMember {
                student_id: sid.clone(),
                name: t.name.clone(),
                role: crate::domain::clean_line(&t.role),
                contact: crate::domain::clean_line(&t.contact),
                ..Default::default()
            })?;
            sum.other += 1;
        }
    }

    let mut goal_ids: HashMap<&str, String> = HashMap::new();
    let mut strategy_ids: HashMap<&str, String> = HashMap::new();
    let mut plan_ids: HashMap<&str, String> = HashMap::new();
    for p in &s.plans {
        let plan_id = w.ensure_plan(&sid, &p.school_year)?;
        if p.reviewed {
            w.set(
                Entity::Plan,
                &plan_id,
                "reviewed",
                serde_json::Value::Bool(true),
                Base::Current,
            )?;
        }
        plan_ids.insert(p.school_year.as_str(), plan_id.clone());
        for g in &p.goals {
            let found = held(
                w,
                "SELECT id FROM goals WHERE plan_id = ?1 AND title = ?2 AND retired = 0",
                &plan_id,
                &g.title,
            )?;
            let goal_id = match found {
                Some(id) => id,
                None => {
                    let (id, _) = w.add_goal(&Goal {
                        plan_id: plan_id.clone(),
                        student_id: sid.clone(),
                        title: crate::domain::clean_line(&g.title),
                        domain: g.domain,
                        why: crate::domain::clean_text(&g.why),
                        measure: crate::domain::clean_text(&g.measure),
                        baseline: crate::domain::clean_text(&g.baseline),
                        target: crate::domain::clean_text(&g.target),
                        target_date: g.target_date,
                        status: g.status,
                        ..Default::default()
                    })?;
                    sum.goals += 1;
                    id
                }
            };
            for st in &g.strategies {
                let found = held(
                    w,
                    "SELECT id FROM strategies WHERE goal_id = ?1 AND what = ?2 AND retired = 0",
                    &goal_id,
                    &st.what,
                )?;
                let strategy_id = match found {
                    Some(id) => id,
                    None => {
                        sum.strategies += 1;
                        w.add_strategy(&Strategy {
                            goal_id: goal_id.clone(),
                            student_id: sid.clone(),
                            what: crate::domain::clean_text(&st.what),
                            owner: crate::domain::clean_line(&st.owner),
                            frequency: crate::domain::clean_line(&st.frequency),
                            status: st.status,
                            ..Default::default()
                        })?
                    }
                };
                strategy_ids.insert(st.key.as_str(), strategy_id);
            }
            goal_ids.insert(g.key.as_str(), goal_id);
        }
    }

    for c in &s.checkins {
        let date = c.date.map(|d| d.to_string()).unwrap_or_default();
        let found: Option<String> = if fresh {
            None
        } else {
            w.tx()
                .query_row(
                    "SELECT id FROM checkins WHERE student_id = ?1 AND date = ?2
                     AND student_words = ?3",
                    [&sid, &date, &crate::domain::clean_text(&c.student_words)],
                    |r| r.get::<_, String>(0),
                )
                .optional()?
        };
        if found.is_some() {
            continue;
        }
        let plan_id = c
            .date
            .and_then(|d| plan_ids.get(school_year_of(d).as_str()).cloned());
        w.add_checkin(&CheckIn {
            student_id: sid.clone(),
            plan_id,
            date: c.date,
            kind: c.kind,
            attended: c.attended.clone(),
            student_words: c.student_words.clone(),
            progress: c
                .progress
                .iter()
                .filter_map(|p| {
                    goal_ids.get(p.goal.as_str()).map(|g| GoalProgress {
                        goal: g.clone(),
                        rating: p.rating,
                    })
                })
                .collect(),
            verdicts: c
                .verdicts
                .iter()
                .filter_map(|v| {
                    strategy_ids
                        .get(v.strategy.as_str())
                        .map(|s| StrategyVerdict {
                            strategy: s.clone(),
                            verdict: v.verdict,
                            note: v.note.clone(),
                        })
                })
                .collect(),
            adjustments: c.adjustments.clone(),
            notes: c.notes.clone(),
            restricted: c.restricted,
            next_steps: c.next_steps.clone(),
            next_date: c.next_date,
            ..Default::default()
        })?;
        sum.checkins += 1;
    }

    for i in &s.interventions {
        let date = i.date.map(|d| d.to_string()).unwrap_or_default();
        let found = held(
            w,
            "SELECT id FROM interventions WHERE student_id = ?1 AND date = ?2",
            &sid,
            &date,
        )?;
        if found.is_none() {
            w.add_intervention(&Intervention {
                student_id: sid.clone(),
                date: i.date,
                kind: crate::domain::clean_line(&i.kind),
                description: crate::domain::clean_text(&i.description),
                who: crate::domain::clean_line(&i.who),
                outcome: crate::domain::clean_text(&i.outcome),
                ..Default::default()
            })?;
            sum.other += 1;
        }
    }

    for e in &s.evidence {
        let found = held(
            w,
            "SELECT id FROM evidence WHERE student_id = ?1 AND title = ?2",
            &sid,
            &e.title,
        )?;
        if found.is_none() {
            w.add_evidence(&Evidence {
                student_id: sid.clone(),
                goal_id: e.goal.as_deref().and_then(|k| goal_ids.get(k).cloned()),
                date: e.date,
                kind: crate::domain::clean_line(&e.kind),
                title: crate::domain::clean_line(&e.title),
                result: crate::domain::clean_text(&e.result),
                ..Default::default()
            })?;
            sum.other += 1;
        }
    }
    Ok(())
}

fn clean_profile(p: &crate::domain::Profile) -> crate::domain::Profile {
    use crate::domain::clean_text as c;
    crate::domain::Profile {
        strengths: c(&p.strengths),
        needs: c(&p.needs),
        learning: c(&p.learning),
        interests: c(&p.interests),
        career: c(&p.career),
        supports: c(&p.supports),
        personal_goals: c(&p.personal_goals),
    }
}
