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
        // The same text as `Display` writes, without going through a formatter.
        (other, _) => S::Text(serde_json::to_string(other).unwrap_or_default()),
    }
}

/// As [`to_sql`], binding the value's own text where the column holds it as it is, rather
/// than a copy.
pub(crate) fn to_sql_ref(v: &Value, kind: Kind) -> rusqlite::types::ToSqlOutput<'_> {
    use rusqlite::types::{ToSqlOutput, ValueRef};
    match (v, kind) {
        (Value::String(_), Kind::Int) => ToSqlOutput::Owned(to_sql(v, kind)),
        (Value::String(s), _) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
        _ => ToSqlOutput::Owned(to_sql(v, kind)),
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

/// A new record's columns read straight from the JSON text of its value, without building the
/// value: for each field of `entity`, in table order, what [`to_sql`] gives for it, and the
/// record's `student_id` when that is a string. `None` when the text is not a JSON object (the
/// caller then reads it the long way, which decides what such a value means).
pub(crate) fn create_row(entity: Entity, json: &[u8]) -> Option<CreateRow> {
    use serde::de::DeserializeSeed;
    let mut de = serde_json::Deserializer::from_slice(json);
    let row = RowSeed(entity).deserialize(&mut de).ok()?;
    de.end().ok()?;
    Some(row)
}

/// What [`create_row`] reads from a new record.
pub(crate) struct CreateRow {
    /// One value per field of the entity, in table order.
    pub(crate) columns: Vec<rusqlite::types::Value>,
    /// The `student_id` field, when it is a string.
    pub(crate) student: Option<String>,
}

struct RowSeed(Entity);

impl<'de> serde::de::DeserializeSeed<'de> for RowSeed {
    type Value = CreateRow;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<CreateRow, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for RowSeed {
    type Value = CreateRow;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an object of fields")
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<CreateRow, A::Error> {
        let fields = self.0.fields();
        let mut columns: Vec<Option<rusqlite::types::Value>> = vec![None; fields.len()];
        let mut student = None;
        while let Some(key) = map.next_key_seed(KeySeed(fields))? {
            let Some(i) = key else {
                map.next_value::<serde::de::IgnoredAny>()?;
                continue;
            };
            let names_student = fields[i].name == "student_id";
            let (v, text) = map.next_value_seed(ColumnSeed(fields[i].kind, names_student))?;
            if names_student {
                student = text;
            }
            // A name given twice: the last one counts, as in a JSON object read whole.
            columns[i] = Some(v);
        }
        let columns = columns
            .into_iter()
            .zip(fields)
            .map(|(v, f)| v.unwrap_or_else(|| to_sql(&Value::Null, f.kind)))
            .collect();
        Ok(CreateRow { columns, student })
    }
}

/// A field's name, read as its place among the entity's fields (`None`: not one of them).
struct KeySeed(&'static [crate::domain::Field]);

impl<'de> serde::de::DeserializeSeed<'de> for KeySeed {
    type Value = Option<usize>;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Option<usize>, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> serde::de::Visitor<'de> for KeySeed {
    type Value = Option<usize>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a field name")
    }
    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Option<usize>, E> {
        Ok(self.0.iter().position(|f| f.name == s))
    }
}

/// One field's value, read as its column holds it (and, when the flag is set, its text if it
/// is a string: the field that names the record's student).
struct ColumnSeed(Kind, bool);

type Column = (rusqlite::types::Value, Option<String>);

impl<'de> serde::de::DeserializeSeed<'de> for ColumnSeed {
    type Value = Column;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Column, D::Error> {
        d.deserialize_any(self)
    }
}

impl ColumnSeed {
    fn scalar(&self, v: Value) -> Column {
        (to_sql(&v, self.0), None)
    }
    fn text(&self, s: String) -> Column {
        use rusqlite::types::Value as S;
        match self.0 {
            Kind::Int => (s.trim().parse().map(S::Integer).unwrap_or(S::Null), None),
            _ if self.1 => (S::Text(s.clone()), Some(s)),
            _ => (S::Text(s), None),
        }
    }
}

impl<'de> serde::de::Visitor<'de> for ColumnSeed {
    type Value = Column;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<Column, E> {
        Ok(self.scalar(Value::Null))
    }
    fn visit_none<E>(self) -> Result<Column, E> {
        Ok(self.scalar(Value::Null))
    }
    fn visit_bool<E>(self, b: bool) -> Result<Column, E> {
        Ok(self.scalar(Value::Bool(b)))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Column, E> {
        Ok(self.scalar(Value::from(n)))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Column, E> {
        Ok(self.scalar(Value::from(n)))
    }
    fn visit_f64<E>(self, n: f64) -> Result<Column, E> {
        Ok(self.scalar(Value::from(n)))
    }
    fn visit_str<E>(self, s: &str) -> Result<Column, E> {
        Ok(self.text(s.to_string()))
    }
    fn visit_string<E>(self, s: String) -> Result<Column, E> {
        Ok(self.text(s))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<Column, A::Error> {
        let mut out = Vec::new();
        Transcode(&mut out).visit_seq(seq)?;
        Ok((rusqlite::types::Value::Text(compact_text(out)), None))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Column, A::Error> {
        let mut out = Vec::new();
        Transcode(&mut out).visit_map(map)?;
        Ok((rusqlite::types::Value::Text(compact_text(out)), None))
    }
}

fn compact_text(out: Vec<u8>) -> String {
    // Written from `&str`s and JSON punctuation only.
    String::from_utf8(out).unwrap_or_default()
}

/// A name in an object, read into a buffer used again for each name.
struct KeyText<'k>(&'k mut String);

impl<'de> serde::de::DeserializeSeed<'de> for KeyText<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> serde::de::Visitor<'de> for KeyText<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a name")
    }
    fn visit_str<E>(self, s: &str) -> Result<(), E> {
        self.0.clear();
        self.0.push_str(s);
        Ok(())
    }
}

/// Copies a JSON list or object as the compact text that reading it into a [`Value`] and
/// writing that out gives, without building the value. An object whose names are not in
/// order, or name one field twice, fails (the caller then reads the value whole).
struct Transcode<'o>(&'o mut Vec<u8>);

impl<'de> serde::de::DeserializeSeed<'de> for Transcode<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl Transcode<'_> {
    fn put<T: serde::Serialize + ?Sized, E: serde::de::Error>(self, v: &T) -> Result<(), E> {
        serde_json::to_writer(&mut *self.0, v).map_err(E::custom)
    }
}

impl<'de> serde::de::Visitor<'de> for Transcode<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        self.put(&Value::Null)
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<(), E> {
        self.put(&Value::Null)
    }
    fn visit_bool<E: serde::de::Error>(self, b: bool) -> Result<(), E> {
        self.put(&b)
    }
    fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<(), E> {
        self.put(&Value::from(n))
    }
    fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<(), E> {
        self.put(&Value::from(n))
    }
    fn visit_f64<E: serde::de::Error>(self, n: f64) -> Result<(), E> {
        self.put(&Value::from(n))
    }
    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<(), E> {
        self.put(s)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.0.push(b'[');
        let mut first = true;
        loop {
            let at = self.0.len();
            if !first {
                self.0.push(b',');
            }
            if seq.next_element_seed(Transcode(&mut *self.0))?.is_none() {
                self.0.truncate(at);
                break;
            }
            first = false;
        }
        self.0.push(b']');
        Ok(())
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        use serde::de::Error;
        self.0.push(b'{');
        let (mut last, mut key) = (None::<String>, String::new());
        while map.next_key_seed(KeyText(&mut key))?.is_some() {
            // A value read whole keeps its names in order, and the last of a name given twice.
            if last.as_ref().is_some_and(|l| *l >= key) {
                return Err(A::Error::custom("names out of order"));
            }
            if last.is_some() {
                self.0.push(b',');
            }
            serde_json::to_writer(&mut *self.0, &key).map_err(A::Error::custom)?;
            self.0.push(b':');
            map.next_value_seed(Transcode(&mut *self.0))?;
            // The name's buffer is used again for the next one.
            let l = last.get_or_insert_with(String::new);
            std::mem::swap(l, &mut key);
        }
        self.0.push(b'}');
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    /// What applying a new record built from its value read whole gives.
    fn long_way(
        entity: Entity,
        text: &str,
    ) -> Option<(Vec<rusqlite::types::Value>, Option<String>)> {
        let Value::Object(obj) = serde_json::from_str::<Value>(text).ok()? else {
            return None;
        };
        let columns = entity
            .fields()
            .iter()
            .map(|f| to_sql(obj.get(f.name).unwrap_or(&Value::Null), f.kind))
            .collect();
        let student = obj
            .get("student_id")
            .and_then(Value::as_str)
            .map(str::to_string);
        Some((columns, student))
    }

    fn short_way(
        entity: Entity,
        text: &str,
    ) -> Option<(Vec<rusqlite::types::Value>, Option<String>)> {
        create_row(entity, text.as_bytes()).map(|r| (r.columns, r.student))
    }

    #[test]
    fn a_new_record_read_from_its_text_gives_the_columns_its_value_gives() {
        let cases = [
            (Entity::CheckIn, json!({
                "student_id": "s-1", "date": "2026-10-14", "attended": ["student", "advisor"],
                "next_steps": [{"done": false, "owner": "student", "text": "Bring \"the\" planner\n"}],
                "restricted": true, "notes": "caf\u{e9} \\ \u{1}", "unknown_later": {"a": [1, 2.5]},
                "progress": {"odd": "an object where a list goes", "z": [[], {}, -0.0, 1.5e300]},
                "verdicts": [null, true, 18446744073709551615u64, -9223372036854775808i64],
                "kind": null
            }).to_string()),
            (Entity::Student, r#"{"sis_id": 12, "grade": "11", "grad_year": " 2027 ", "iep": 1,
                "plan_504": false, "given_name": "A", "given_name": "B", "retired": 0.5,
                "family_name": -3, "email": 1e3, "status": ["x"], "id": "ignored"}"#.to_string()),
            (Entity::Goal, r#"{"student_id": 7, "position": "x", "title": "\ud83d\ude00 done"}"#.to_string()),
            (Entity::Plan, "{}".to_string()),
        ];
        for (entity, text) in &cases {
            let short = short_way(*entity, text);
            assert!(short.is_some(), "{text}");
            assert_eq!(short, long_way(*entity, text), "{text}");
        }
        // Names inside a list out of order or given twice: left to the long way, which orders
        // them and keeps the last.
        for text in [
            r#"{"next_steps": [{"text": "b", "done": true}]}"#,
            r#"{"next_steps": [{"done": true, "done": false}]}"#,
        ] {
            assert!(short_way(Entity::CheckIn, text).is_none(), "{text}");
            assert!(long_way(Entity::CheckIn, text).is_some(), "{text}");
        }
        // Not an object, or not JSON: left to the long way.
        for text in ["[1, 2]", "\"text\"", "null", "{\"a\": ", "{} x"] {
            assert!(short_way(Entity::Student, text).is_none(), "{text}");
        }
    }

    fn any_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            (-1e9f64..1e9).prop_map(Value::from),
            "[ -~\u{e9}\u{1F600}]{0,12}".prop_map(Value::String),
            "[ 0-9]{0,5}".prop_map(Value::String),
        ];
        leaf.prop_recursive(2, 8, 3, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
                prop::collection::btree_map("[a-z]{1,3}", inner, 0..3)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn any_record_reads_the_same_both_ways(
            entity in prop::sample::select(Entity::ALL.to_vec()),
            picks in prop::collection::vec((0usize..40, any_json()), 0..12),
        ) {
            let fields = entity.fields();
            let mut obj = serde_json::Map::new();
            for (i, v) in picks {
                let name = fields.get(i).map(|f| f.name.to_string()).unwrap_or(format!("x{i}"));
                obj.insert(name, v);
            }
            let text = Value::Object(obj).to_string();
            prop_assert_eq!(short_way(entity, &text), long_way(entity, &text));
        }
    }
}
