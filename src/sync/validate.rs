//! Every operation that arrives from elsewhere is checked before it can touch the database: its
//! ids and stamps by shape, its value by meaning, through the field table's parsers (the same
//! ones that check what is typed here).

use serde_json::Value;

use crate::domain::{clean_line, is_id, ValidationError};
use crate::store::{Entity, Hlc, Op, StoreError};

use crate::store::MAX_AHEAD_MS;

/// A received change that cannot be taken in, and the sentence that says why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("change {change}{about} was refused: {reason}")]
pub struct Refused {
    /// The change's id, cleaned for showing.
    pub change: String,
    /// The replica it came from.
    pub replica: String,
    /// Its sequence number in that replica.
    pub seq: i64,
    /// " (student status)", " (new goal)", or nothing when the record is unknown.
    about: String,
    /// Why.
    pub reason: String,
}

impl From<Refused> for StoreError {
    fn from(r: Refused) -> StoreError {
        StoreError::Invalid(ValidationError::new(r.to_string()))
    }
}

/// Checks one operation: known kind and field, well-formed ids and stamps, and a value that the
/// field table's parser accepts (a new record: every field, the ones it needs, and the record
/// as a whole).
pub fn op(op: &Op) -> Result<(), Refused> {
    // The refusal is written out only for a change refused (most are taken).
    let refuse = |about: String, reason: String| {
        Err(Refused {
            change: clean_line(&op.id).chars().take(80).collect(),
            replica: op.replica.clone(),
            seq: op.seq,
            about,
            reason,
        })
    };
    if !is_id(&op.id) || !is_id(&op.replica) || !is_id(&op.entity_id) {
        return refuse(String::new(), "it has a malformed id".into());
    }
    if op.seq < 1 {
        return refuse(String::new(), format!("it has sequence number {}", op.seq));
    }
    // Only a stamp in its one written form: the log keeps it as numbers and writes it back.
    let Some(hlc) = Hlc::parse_exact(&op.hlc) else {
        return refuse(String::new(), "it has a malformed clock stamp".into());
    };
    if hlc.millis > crate::store::wall_millis() + MAX_AHEAD_MS {
        return refuse(
            String::new(),
            "it is stamped more than two hours ahead of this machine's clock (is one of the \
             clocks wrong?)"
                .into(),
        );
    }
    if op.base.iter().any(|b| !is_id(b)) || op.base.len() > 64 {
        return refuse(String::new(), "it has a malformed base".into());
    }
    if op.author.len() > 200 {
        return refuse(String::new(), "it has an oversized author".into());
    }
    let Some(entity) = Entity::from_name(&op.entity) else {
        let name: String = clean_line(&op.entity).chars().take(40).collect();
        return refuse(
            String::new(),
            format!(
                "it is about \"{name}\", which this plp does not know (is the other side newer?)"
            ),
        );
    };
    let checked = if op.field == "*" {
        match &op.value {
            Value::Object(fields) => entity.check_new(fields),
            _ => Err(ValidationError::new(
                "it creates a record from something that is not an object",
            )),
        }
    } else {
        entity.check_change(&op.field, &op.value)
    };
    match checked {
        Ok(()) => Ok(()),
        Err(e) => {
            let about = if op.field == "*" {
                format!(" (new {})", entity.name().replace('_', " "))
            } else {
                let field: String = clean_line(&op.field).chars().take(40).collect();
                format!(" ({} {field})", entity.name().replace('_', " "))
            };
            refuse(about, e.to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn change(entity: &str, field: &str, value: Value) -> Op {
        Op {
            id: "c1".into(),
            replica: "r1".into(),
            seq: 1,
            hlc: "000000000000001.0000000000".into(),
            author: "a".into(),
            entity: entity.into(),
            entity_id: "e1".into(),
            field: field.into(),
            value,
            base: Vec::new(),
        }
    }

    #[test]
    fn a_refusal_names_the_change_and_its_field() {
        let r = op(&change("student", "status", json!("banana"))).unwrap_err();
        assert_eq!(
            r.to_string(),
            "change c1 (student status) was refused: unknown student status \"banana\" (expected one of: active, inactive)"
        );
        assert_eq!((r.replica.as_str(), r.seq), ("r1", 1));
        let r = op(&change("goal", "*", json!({}))).unwrap_err();
        assert!(
            r.to_string()
                .starts_with("change c1 (new goal) was refused: "),
            "{r}"
        );
        assert!(op(&change("student", "status", json!("inactive"))).is_ok());
    }
}
