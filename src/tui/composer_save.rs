//! What saving a check-in writes: the check-in (or a new revision of a saved one) and the plan
//! changes decided on it, in one transaction through the store's ordinary writes, so they sync.

use serde_json::Value;

use super::composer::PlanChange;
use crate::domain::{clean_line, clean_text, CheckIn, Status, Strategy};
use crate::store::{Base, Entity, Store, StoreError};

/// The fields of a check-in an edit may change (each changed one is a new revision).
const EDITABLE: &[&str] = &[
    "date",
    "kind",
    "attended",
    "student_words",
    "progress",
    "verdicts",
    "adjustments",
    "notes",
    "restricted",
    "restricted_whole",
    "next_steps",
    "last_steps",
    "next_date",
];

/// Saves a check-in and its plan changes; nothing is written if any part is refused. Returns
/// the changes made (for undo).
pub fn save(
    store: &mut Store,
    checkin: &CheckIn,
    plan: &[(Strategy, PlanChange)],
    original: Option<&CheckIn>,
) -> Result<Vec<String>, StoreError> {
    // Typed text is held to the field table's rules (its length), as a form's is.
    for (field, text) in [
        ("student_words", &checkin.student_words),
        ("adjustments", &checkin.adjustments),
        ("notes", &checkin.notes),
    ] {
        Entity::CheckIn.field_or_err(field)?.from_text(text)?;
    }
    let ((), ops) = store.write_recorded(|w| {
        match original {
            None => {
                w.add_checkin(checkin)?;
            }
            Some(old) => {
                checkin.validate()?;
                let mut c = checkin.clone();
                c.student_words = clean_text(&c.student_words);
                c.notes = clean_text(&c.notes);
                c.adjustments = clean_text(&c.adjustments);
                c.attended = c.attended.iter().map(|a| clean_line(a)).collect();
                let new = serde_json::to_value(&c)?;
                let was = serde_json::to_value(old)?;
                for field in EDITABLE {
                    let v = new.get(*field).cloned().unwrap_or(Value::Null);
                    if was.get(*field) != Some(&v) {
                        w.set(Entity::CheckIn, &old.id, field, v, Base::Current)?;
                    }
                }
            }
        }
        for (s, change) in plan {
            let status = match change {
                PlanChange::Retire => Status::Dropped,
                PlanChange::Replace(_) => Status::Revised,
            };
            w.set(
                Entity::Strategy,
                &s.id,
                "status",
                Value::from(status.as_str()),
                Base::Current,
            )?;
            // A replacement is a new strategy: who helps with the old one, and how often, are
            // not its own (set them by editing it in the plan).
            if let PlanChange::Replace(what) = change {
                w.add_strategy(&Strategy {
                    id: String::new(),
                    goal_id: s.goal_id.clone(),
                    student_id: s.student_id.clone(),
                    what: clean_text(what),
                    status: Status::Active,
                    position: s.position,
                    ..Default::default()
                })?;
            }
        }
        Ok(())
    })?;
    Ok(ops)
}
