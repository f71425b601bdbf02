//! Bringing a checked roster into the database: students added or updated by SIS id, students
//! back in the roster made active again, and the active students the roster no longer lists
//! named (and marked inactive when asked). All in one transaction, or rehearsed for a dry run.

use chrono::NaiveDate;
use std::collections::HashSet;

use super::Roster;
use crate::domain::{Student, StudentStatus};
use crate::store::{Base, Entity, Result, Store, Upsert};

/// What importing a roster did (or, rehearsed, would do).
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// Each student of the roster with what happened to them.
    pub students: Vec<(Student, Upsert)>,
    /// Active students the roster does not list: (name, SIS id), by name.
    pub missing: Vec<(String, String)>,
    /// Whether those were marked inactive.
    pub marked_inactive: bool,
}

impl Outcome {
    /// How many students the test holds.
    pub fn count(&self, f: fn(&Upsert) -> bool) -> usize {
        self.students.iter().filter(|(_, o)| f(o)).count()
    }
}

/// The database as a roster finds it: who is inactive, and which active students it does not
/// list. Taken before anything is written, so that a roster that would empty the caseload can
/// be stopped first.
#[derive(Debug, Clone, PartialEq)]
pub struct Survey {
    /// SIS ids of the inactive students.
    inactive: HashSet<String>,
    /// Active students the roster does not list: (name, SIS id, id), by name.
    missing: Vec<(String, String, String)>,
    /// How many students are active.
    pub active: usize,
}

impl Survey {
    /// How many active students the roster does not list.
    pub fn missing(&self) -> usize {
        self.missing.len()
    }
}

/// What `roster` finds in `store`.
pub fn survey(store: &Store, roster: &Roster, today: NaiveDate) -> Result<Survey> {
    let everyone = store.caseload(today, true)?;
    let listed: HashSet<&str> = roster.students.iter().map(|s| s.sis_id.as_str()).collect();
    let inactive = everyone
        .iter()
        .filter(|r| r.status == StudentStatus::Inactive)
        .map(|r| r.sis_id.clone())
        .collect();
    let active = everyone
        .iter()
        .filter(|r| r.status == StudentStatus::Active)
        .count();
    let mut missing: Vec<(String, String, String)> = everyone
        .iter()
        .filter(|r| r.status == StudentStatus::Active && !listed.contains(r.sis_id.as_str()))
        .map(|r| (r.name.clone(), r.sis_id.clone(), r.id.clone()))
        .collect();
    missing.sort_by_key(|(name, sis, _)| (crate::store::fold(name), sis.clone()));
    Ok(Survey {
        inactive,
        missing,
        active,
    })
}

/// Applies `roster` to `store`, as `survey` found it; with `dry_run` nothing is kept.
pub fn apply(
    store: &mut Store,
    roster: &Roster,
    survey: Survey,
    mark_missing_inactive: bool,
    dry_run: bool,
) -> Result<Outcome> {
    let Survey {
        inactive, missing, ..
    } = survey;
    let import = |w: &mut crate::store::Writer<'_>| {
        let mut outcomes = Vec::new();
        for s in &roster.students {
            let (id, mut outcome) = w.upsert_student(s, &roster.fields_for(s))?;
            // A student who left and is in the roster again is back, unless the roster has an
            // enrollment column, which then says.
            if inactive.contains(s.sis_id.as_str()) && !roster.fields.contains(&"status") {
                w.set(
                    Entity::Student,
                    &id,
                    "status",
                    StudentStatus::Active.as_str().into(),
                    Base::Current,
                )?;
                outcome = match outcome {
                    Upsert::Updated(mut f) => {
                        f.push("status".into());
                        Upsert::Updated(f)
                    }
                    _ => Upsert::Updated(vec!["status".into()]),
                };
            }
            outcomes.push((s.clone(), outcome));
        }
        if mark_missing_inactive {
            for (_, _, id) in &missing {
                w.set(
                    Entity::Student,
                    id,
                    "status",
                    StudentStatus::Inactive.as_str().into(),
                    Base::Current,
                )?;
            }
        }
        Ok(outcomes)
    };
    let students = if dry_run {
        store.rehearse(import)?
    } else {
        store.write(import)?
    };
    Ok(Outcome {
        students,
        missing: missing
            .into_iter()
            .map(|(name, sis, _)| (name, sis))
            .collect(),
        marked_inactive: mark_missing_inactive,
    })
}
