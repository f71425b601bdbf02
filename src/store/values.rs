//! How values move between JSON (the change log) and the columns of the built tables.

use serde_json::{Map, Value};

use super::schema::{Entity, Kind};

/// Converts a JSON value to what its column holds.
pub(crate) fn to_sql(v: &Value, kind: Kind) -> rusqlite::types::Value {
    use rusqlite::types::Value as S;
    match (v, kind) {
        (Value::Null, Kind::Text) => S::Text(String::new()),
        (Value::Null, Kind::Bool) => S::Integer(0),
        (Value::Null, Kind::Json) => S::Text("[]".into()),
        (Value::Null, _) => S::Null,
        (Value::Bool(b), _) => S::Integer(*b as i64),
        (Value::Number(n), Kind::Text | Kind::OptText) => S::Text(n.to_string()),
        (Value::Number(n), _) => n
            .as_i64()
            .map(S::Integer)
            .unwrap_or_else(|| S::Real(n.as_f64().unwrap_or(0.0))),
        (Value::String(s), Kind::Int) => s.trim().parse().map(S::Integer).unwrap_or(S::Null),
        (Value::String(s), _) => S::Text(s.clone()),
        (other, _) => S::Text(other.to_string()),
    }
}

/// Reads a column back as JSON, by its kind.
pub(crate) fn from_sql(v: rusqlite::types::ValueRef<'_>, kind: Kind) -> Value {
    use rusqlite::types::ValueRef as R;
    match (v, kind) {
        (R::Null, Kind::Text) => Value::String(String::new()),
        (R::Null, Kind::Json) => Value::Array(Vec::new()),
        (R::Null, Kind::Bool) => Value::Bool(false),
        (R::Null, _) => Value::Null,
        (R::Integer(i), Kind::Bool) => Value::Bool(i != 0),
        (R::Integer(i), _) => Value::from(i),
        (R::Real(f), _) => Value::from(f),
        (R::Text(t), Kind::Json) => serde_json::from_slice(t).unwrap_or(Value::Array(Vec::new())),
        (R::Text(t), _) => Value::String(String::from_utf8_lossy(t).into_owned()),
        (R::Blob(_), _) => Value::Null,
    }
}

/// Reads one row of an entity's table into a JSON object (including `id`); a value this plp does
/// not know (written by a newer plp) reads as "unknown" or nothing, so the record still reads.
pub(crate) fn row_object(
    r: &rusqlite::Row<'_>,
    entity: Entity,
) -> rusqlite::Result<Map<String, Value>> {
    let mut obj = Map::new();
    obj.insert("id".into(), Value::String(r.get(0)?));
    for (i, f) in entity.fields().iter().enumerate() {
        obj.insert(f.name.to_string(), from_sql(r.get_ref(i + 1)?, f.kind));
    }
    entity.tolerate(&mut obj);
    Ok(obj)
}

/// The column list for `SELECT` of an entity, `id` first.
pub(crate) fn columns(entity: Entity) -> String {
    let mut cols = vec!["id"];
    cols.extend(entity.fields().iter().map(|f| f.name));
    cols.join(", ")
}
