//! A plan document is typed input, not a change received from another replica: its texts are
//! held to what typing them here would be held to (a name not left empty, no text longer than
//! its field takes, a language that is one), before the document is read into plp's types.

use serde_json::Value;

use super::words::array;
use crate::domain::Entity;

/// The first value in `student` (one student of a document) that typing would refuse, as
/// "`path`: why"; `None` when none is.
pub(super) fn refusal(student: &Value) -> Option<String> {
    let mut records: Vec<(String, &Value, Entity)> =
        vec![(String::new(), student, Entity::Student)];
    if let Some(profile) = student.get("profile") {
        records.push(("profile.".into(), profile, Entity::Student));
    }
    for (key, entity) in [
        ("team", Entity::TeamMember),
        ("checkins", Entity::CheckIn),
        ("interventions", Entity::Intervention),
        ("evidence", Entity::Evidence),
    ] {
        for (i, r) in array(student, key) {
            records.push((format!("{key}[{i}]."), r, entity));
        }
    }
    for (p, plan) in array(student, "plans") {
        for (g, goal) in array(plan, "goals") {
            let at = format!("plans[{p}].goals[{g}]");
            records.push((format!("{at}."), goal, Entity::Goal));
            for (s, strategy) in array(goal, "strategies") {
                records.push((format!("{at}.strategies[{s}]."), strategy, Entity::Strategy));
            }
        }
    }
    let one_name = one_name(student);
    records.into_iter().find_map(|(at, record, entity)| {
        record.as_object()?.iter().find_map(|(key, v)| {
            // An SIS id is checked where students are matched, and named by place there.
            if entity == Entity::Student && key == "sis_id" {
                return None;
            }
            // The other name of a student known by one name is empty, as plp writes it.
            let name = matches!(key.as_str(), "given_name" | "family_name");
            if at.is_empty() && name && one_name && blank(v) {
                return None;
            }
            let field = entity.field(key)?;
            let why = field.check_typed(v).err()?;
            Some(format!("{at}{key}: {why}"))
        })
    })
}

/// Whether a document's student is one known by one name: it gives both names, one of them
/// empty (as plp exports such a student). An empty given name alone is a name emptied, and
/// refused as typing refuses it.
fn one_name(student: &Value) -> bool {
    match (student.get("given_name"), student.get("family_name")) {
        (Some(given), Some(family)) => blank(given) != blank(family),
        _ => false,
    }
}

/// Whether a name in a document holds nothing once cleaned (an empty string or null).
fn blank(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => crate::domain::clean_line(s).is_empty(),
        _ => false,
    }
}
