//! What a draft found at start is, in words, and how to open it again: the check-in composer or
//! the form it was typed in, for the student it belongs to.

use super::effects::Effect;
use super::form::{Shape, Target, PROFILE_DRAFT};
use crate::domain::{clean_line, show_opt_date, PROFILE_FIELDS};
use crate::store::{DraftField, DraftKey, DraftRecord, Entity, StudentRecord};

/// A draft that can be opened again: what it is ("new goal", "changes to the profile") and
/// the effect that opens it (after the student is read).
#[derive(Debug, Clone, PartialEq)]
pub struct Reopen {
    /// What it is, to follow "the unsaved".
    pub what: String,
    /// Opens it with its typing back.
    pub open: Effect,
}

/// How to open `key`'s draft again for `record`'s student; `None` for a draft this app cannot
/// open again from the start (a year-end review for another year than `next_year`, the one a
/// review opened today makes, or a record no longer in the student's record).
pub fn reopen(record: &StudentRecord, key: &DraftKey, next_year: &str) -> Option<Reopen> {
    let student = record.student.id.clone();
    if key.student != student {
        return None;
    }
    let quoted = |t: &str| format!("“{}”", clean_line(t));
    let goal_title = |goal: &str| {
        record
            .title_of(goal)
            .map(clean_line)
            .filter(|t| !t.is_empty())
    };
    let form = |target: Target, title: String, shape: Shape, what: String| {
        Some(Reopen {
            what,
            open: Effect::OpenForm {
                target,
                title,
                shape,
            },
        })
    };
    match &key.record {
        DraftRecord::New { under } => {
            let new = |links: Vec<(&'static str, String)>| Target::New {
                entity: key.kind,
                student: student.clone(),
                links,
            };
            match key.kind {
                Entity::CheckIn => Some(Reopen {
                    what: "check-in".into(),
                    open: Effect::OpenComposer { student },
                }),
                Entity::Goal => form(
                    new(vec![("school_year", under.clone()?)]),
                    "New goal".into(),
                    Shape::Record,
                    "new goal".into(),
                ),
                Entity::Strategy => {
                    let goal = under.clone()?;
                    let title = match goal_title(&goal) {
                        Some(g) => format!("Strategy for: {g}"),
                        None => "New strategy".into(),
                    };
                    form(
                        new(vec![("goal_id", goal)]),
                        title,
                        Shape::Record,
                        "new strategy".into(),
                    )
                }
                Entity::Evidence => {
                    let title = match under.as_deref().and_then(goal_title) {
                        Some(g) => format!("Evidence for: {g}"),
                        None => "New evidence".into(),
                    };
                    form(
                        new(under.iter().map(|g| ("goal_id", g.clone())).collect()),
                        title,
                        Shape::Record,
                        "new evidence".into(),
                    )
                }
                Entity::TeamMember => form(
                    new(vec![]),
                    "New team member".into(),
                    Shape::Record,
                    "new team member".into(),
                ),
                Entity::Intervention => form(
                    new(vec![]),
                    "New intervention".into(),
                    Shape::Record,
                    "new intervention".into(),
                ),
                // A new plan is the year-end review's, opened with its draft by the review
                // itself, for the year it makes.
                Entity::Plan => (under.as_deref() == Some(next_year)).then(|| Reopen {
                    what: "year-end review".into(),
                    open: Effect::OpenYearEnd { student },
                }),
                Entity::Student => None,
            }
        }
        DraftRecord::Existing(id) => {
            let existing = Target::Existing {
                entity: key.kind,
                id: id.clone(),
                student: student.clone(),
            };
            let goals = || record.plans.iter().flat_map(|p| p.goals.iter());
            match key.kind {
                Entity::Student if *id == student => match &key.field {
                    DraftField::Whole => form(
                        existing,
                        "Student details".into(),
                        Shape::Record,
                        "changes to the student details".into(),
                    ),
                    DraftField::One(f) => {
                        let focus = PROFILE_FIELDS
                            .iter()
                            .map(|(name, _)| *name)
                            .find(|name| name == f)
                            .or_else(|| (f == PROFILE_DRAFT).then_some(PROFILE_FIELDS[0].0))?;
                        form(
                            existing,
                            "Profile".into(),
                            Shape::Profile { focus },
                            "changes to the profile".into(),
                        )
                    }
                },
                Entity::Plan => {
                    let p = record.plans.iter().find(|p| p.plan.id == *id)?;
                    let year = clean_line(&p.plan.school_year);
                    form(
                        existing,
                        format!("Plan {year}"),
                        Shape::Record,
                        format!("changes to the {year} plan"),
                    )
                }
                Entity::Goal => {
                    let g = goals().find(|g| g.goal.id == *id)?;
                    form(
                        existing,
                        "Goal".into(),
                        Shape::Record,
                        format!("changes to the goal {}", quoted(&g.goal.title)),
                    )
                }
                Entity::Strategy => {
                    let s = goals()
                        .flat_map(|g| g.strategies.iter())
                        .find(|s| s.id == *id)?;
                    let title = match goal_title(&s.goal_id) {
                        Some(g) => format!("Strategy for: {g}"),
                        None => "Strategy".into(),
                    };
                    form(
                        existing,
                        title,
                        Shape::Record,
                        format!("changes to the strategy {}", quoted(&s.what)),
                    )
                }
                Entity::Evidence => {
                    let e = record.evidence.iter().find(|e| e.id == *id)?;
                    let title = match e.goal_id.as_deref().and_then(goal_title) {
                        Some(g) => format!("Evidence for: {g}"),
                        None => "Evidence".into(),
                    };
                    form(existing, title, Shape::Record, "changes to evidence".into())
                }
                Entity::TeamMember => {
                    record.team.iter().find(|m| m.id == *id)?;
                    form(
                        existing,
                        "Team member".into(),
                        Shape::Record,
                        "changes to a team member".into(),
                    )
                }
                Entity::Intervention => {
                    record.interventions.iter().find(|i| i.id == *id)?;
                    form(
                        existing,
                        "Intervention".into(),
                        Shape::Record,
                        "changes to an intervention".into(),
                    )
                }
                Entity::CheckIn => {
                    let c = record.checkins.iter().find(|c| c.id == *id)?;
                    Some(Reopen {
                        what: format!("changes to the check-in of {}", show_opt_date(c.date)),
                        open: Effect::EditCheckin {
                            student,
                            checkin: id.clone(),
                        },
                    })
                }
                Entity::Student => None,
            }
        }
    }
}
