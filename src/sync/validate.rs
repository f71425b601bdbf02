//! Every operation that arrives from elsewhere is checked before it can touch the database.

use serde_json::Value;

use crate::domain::ValidationError;
use crate::store::{Entity, Hlc, Op, Result, StoreError};

/// Operations stamped further ahead of this machine's clock than this are refused.
const MAX_AHEAD_MS: i64 = 366 * 24 * 3600 * 1000;

fn bad(msg: String) -> StoreError {
    StoreError::Invalid(ValidationError::new(msg))
}

fn is_id(s: &str) -> bool {
    (1..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// Checks one operation: known kind and field, well-formed ids and stamps, a value of the right
/// shape.
pub fn op(op: &Op) -> Result<()> {
    let what = format!("change {}", crate::domain::clean_line(&op.id));
    if !is_id(&op.id) || !is_id(&op.replica) || !is_id(&op.entity_id) {
        return Err(bad(format!("{what} has a malformed id")));
    }
    if op.seq < 1 {
        return Err(bad(format!("{what} has sequence number {}", op.seq)));
    }
    let Some(hlc) = Hlc::parse(&op.hlc) else {
        return Err(bad(format!("{what} has a malformed clock stamp")));
    };
    if hlc.millis > crate::store::wall_millis() + MAX_AHEAD_MS {
        return Err(bad(format!(
            "{what} is stamped more than a year in the future"
        )));
    }
    if op.base.iter().any(|b| !is_id(b)) || op.base.len() > 64 {
        return Err(bad(format!("{what} has a malformed base")));
    }
    let Some(entity) = Entity::from_name(&op.entity) else {
        return Err(bad(format!(
            "{what} is about \"{}\", which this plp does not know (is the other side newer?)",
            crate::domain::clean_line(&op.entity)
        )));
    };
    if op.author.len() > 200 {
        return Err(bad(format!("{what} has an oversized author")));
    }
    if op.field == "*" {
        let Value::Object(fields) = &op.value else {
            return Err(bad(format!(
                "{what} creates a record from something that is not an object"
            )));
        };
        for (k, v) in fields {
            check_value(entity, k, v).map_err(|e| bad(format!("{what}: {e}")))?;
        }
    } else {
        check_value(entity, &op.field, &op.value).map_err(|e| bad(format!("{what}: {e}")))?;
    }
    Ok(())
}

fn check_value(entity: Entity, field: &str, v: &Value) -> std::result::Result<(), String> {
    use crate::store::Kind;
    let kind = entity.field_kind(field).ok_or_else(|| {
        format!(
            "{} has no field \"{}\"",
            entity.name(),
            crate::domain::clean_line(field)
        )
    })?;
    let ok = match kind {
        Kind::Text => v.is_string() || v.is_null(),
        Kind::OptText => v.is_string() || v.is_null(),
        Kind::Int => v.is_i64() || v.is_null(),
        Kind::Bool => v.is_boolean() || v.is_null(),
        Kind::Json => v.is_array() || v.is_object() || v.is_null(),
    };
    if ok {
        Ok(())
    } else {
        Err(format!("{field} has a value of the wrong kind"))
    }
}
