//! How the change log's columns are packed on disk (schema version 3): a UUID as its 16 bytes,
//! a clock stamp as two integers, a replica as a small number (the `replicas` table), and a
//! value of some length as zstd-compressed JSON. Anything that does not have the usual shape
//! (an id that is not a lower-case UUID, a short value) is kept as the text it came as, so
//! packing never loses a byte of what a change said.
//!
//! From schema version 7 a value is compressed with a dictionary kept in the program
//! (`assets/values.zdict`): what every record's JSON shares (field names, the shapes of dates
//! and ids) and the statistics of its text. A value of a few hundred bytes then needs neither
//! its own tables nor to spell out its field names, which makes it both smaller and several
//! times cheaper to compress. Values written before (their frames name no dictionary) read
//! as they always have.

use rusqlite::types::{Value as Sql, ValueRef};
use serde_json::Value;

use super::clock::Hlc;
use super::{Result, StoreError};

/// Values shorter than this are stored as JSON text (compression would not pay).
const COMPRESS_FROM: usize = 96;

/// zstd's level for values: on values this short, level 1 packs as well as 3, and faster.
const LEVEL: i32 = 1;

/// The dictionary values are compressed with, trained once by `examples/value_dictionary.rs`.
/// It never changes: every value compressed with it needs exactly these bytes to be read back
/// (a better one would come beside it, told apart by the id in each frame).
static DICTIONARY: &[u8] = include_bytes!("../../assets/values.zdict");

static ENCODER: std::sync::LazyLock<zstd::dict::EncoderDictionary<'static>> =
    std::sync::LazyLock::new(|| zstd::dict::EncoderDictionary::copy(DICTIONARY, LEVEL));

static DECODER: std::sync::LazyLock<zstd::dict::DecoderDictionary<'static>> =
    std::sync::LazyLock::new(|| zstd::dict::DecoderDictionary::copy(DICTIONARY));

/// The id the dictionary's frames carry.
fn dictionary_id() -> Option<std::num::NonZeroU32> {
    zstd::zstd_safe::get_dict_id_from_dict(DICTIONARY)
}

/// An id: its 16 bytes when it is a UUID written the usual way, else its text.
pub(crate) fn id(s: &str) -> PackedId<'_> {
    match canonical_uuid(s) {
        Some(u) => PackedId::Uuid(u.into_bytes()),
        None => PackedId::Text(s),
    }
}

/// An id as the log keeps it (see [`id`]), bound to a statement without being copied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PackedId<'a> {
    /// A UUID written the usual way: its 16 bytes.
    Uuid([u8; 16]),
    /// Anything else: its text.
    Text(&'a str),
}

impl rusqlite::ToSql for PackedId<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(rusqlite::types::ToSqlOutput::Borrowed(match self {
            PackedId::Uuid(b) => ValueRef::Blob(b),
            PackedId::Text(s) => ValueRef::Text(s.as_bytes()),
        }))
    }
}

fn canonical_uuid(s: &str) -> Option<uuid::Uuid> {
    if s.len() != 36 {
        return None;
    }
    let u = uuid::Uuid::try_parse(s).ok()?;
    let mut buf = [0u8; 36];
    (u.as_hyphenated().encode_lower(&mut buf) == s).then_some(u)
}

/// Reads an id packed by [`id`].
pub(crate) fn unpack_id(v: ValueRef<'_>) -> rusqlite::Result<String> {
    match v {
        ValueRef::Blob(b) if b.len() == 16 => {
            let mut bytes = [0u8; 16];
            bytes.copy_from_slice(b);
            Ok(uuid::Uuid::from_bytes(bytes).hyphenated().to_string())
        }
        ValueRef::Text(t) => Ok(String::from_utf8_lossy(t).into_owned()),
        _ => Err(rusqlite::Error::InvalidColumnType(
            0,
            "id".into(),
            v.data_type(),
        )),
    }
}

/// The operations an edit was based on: the UUIDs' bytes end to end, or the ids as text
/// separated by spaces when any is not a usual UUID.
pub(crate) fn base(ids: &[String]) -> Sql {
    let mut bytes = Vec::with_capacity(ids.len() * 16);
    for s in ids {
        match canonical_uuid(s) {
            Some(u) => bytes.extend_from_slice(u.as_bytes()),
            None => return Sql::Text(ids.join(" ")),
        }
    }
    Sql::Blob(bytes)
}

/// Reads a base packed by [`base`].
pub(crate) fn unpack_base(v: ValueRef<'_>) -> rusqlite::Result<Vec<String>> {
    match v {
        ValueRef::Blob(b) if b.len() % 16 == 0 => Ok(b
            .chunks(16)
            .map(|c| {
                let mut bytes = [0u8; 16];
                bytes.copy_from_slice(c);
                uuid::Uuid::from_bytes(bytes).hyphenated().to_string()
            })
            .collect()),
        ValueRef::Text(t) => Ok(String::from_utf8_lossy(t)
            .split_whitespace()
            .map(str::to_string)
            .collect()),
        ValueRef::Null => Ok(Vec::new()),
        _ => Err(rusqlite::Error::InvalidColumnType(
            0,
            "base".into(),
            v.data_type(),
        )),
    }
}

/// A clock stamp as (milliseconds, counter); only a stamp in its one written form is taken, so
/// that writing it back gives the same text.
pub(crate) fn hlc(s: &str) -> Result<(i64, i64)> {
    match Hlc::parse_exact(s) {
        Some(h) => Ok((h.millis, h.counter as i64)),
        _ => Err(StoreError::Sql(format!(
            "the clock stamp \"{}\" is malformed",
            crate::domain::clean_line(s)
        ))),
    }
}

/// The text of a stamp stored as (milliseconds, counter).
pub(crate) fn unpack_hlc(millis: i64, counter: i64) -> String {
    Hlc {
        millis,
        counter: counter as u32,
    }
    .to_string()
}

/// A value: JSON text, compressed with zstd when it is long enough for that to pay.
pub(crate) fn value(v: &Value) -> Result<Sql> {
    let text = serde_json::to_string(v)?;
    Ok(match compressed(&text)? {
        Some(packed) => Sql::Blob(packed),
        None => Sql::Text(text),
    })
}

/// `text` compressed, when it is long enough for that to pay and comes out shorter.
fn compressed(text: &str) -> Result<Option<Vec<u8>>> {
    if text.len() < COMPRESS_FROM {
        return Ok(None);
    }
    let packed = COMPRESSOR
        .with(|c| c.borrow_mut().compress(text.as_bytes()))
        .map_err(|e| StoreError::Sql(format!("a value could not be compressed: {e}")))?;
    Ok((packed.len() < text.len()).then_some(packed))
}

/// A value whose bytes are already packed, as another plp file stored them (see
/// [`unpack_value_kept`]): compressed bytes go in as they are, text of some length is
/// compressed (without being parsed and written out again).
pub(crate) fn repack(stored: &Sql) -> Result<std::borrow::Cow<'_, Sql>> {
    use std::borrow::Cow;
    let packed = match stored {
        Sql::Text(text) => compressed(text)?,
        _ => None,
    };
    Ok(packed.map_or(Cow::Borrowed(stored), |p| Cow::Owned(Sql::Blob(p))))
}

/// A stored value that does not read back as a value: the file was damaged, or altered by
/// hand. It is never read as anything else (a null taken for it would, replayed or sent on,
/// erase what the change said).
#[derive(Debug)]
pub(crate) struct DamagedValue;

impl std::fmt::Display for DamagedValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a change in its log does not unpack")
    }
}

impl std::error::Error for DamagedValue {}

impl From<DamagedValue> for rusqlite::Error {
    fn from(e: DamagedValue) -> Self {
        rusqlite::Error::FromSqlConversionFailure(9, rusqlite::types::Type::Blob, Box::new(e))
    }
}

/// Reads a value packed by [`value`], with the stored bytes it was read from, so that the
/// bytes always read back as exactly the value returned.
pub(crate) fn unpack_value_kept(v: ValueRef<'_>) -> Result<(Value, Option<Sql>), DamagedValue> {
    match v {
        ValueRef::Text(t) => match json_text(t) {
            Some((value, text)) => Ok((value, Some(Sql::Text(text.to_string())))),
            None => Err(DamagedValue),
        },
        ValueRef::Blob(b) => match inflated(b, |t| json_text(t).map(|(v, _)| v)).flatten() {
            Some(value) => Ok((value, Some(Sql::Blob(b.to_vec())))),
            None => Err(DamagedValue),
        },
        ValueRef::Null => Ok((Value::Null, None)),
        _ => Err(DamagedValue),
    }
}

/// The value `t` holds as JSON, and `t` as text. The text is checked to be UTF-8 once, whole,
/// rather than string by string as it is parsed (what is refused is the same: JSON is UTF-8).
fn json_text(t: &[u8]) -> Option<(Value, &str)> {
    let text = std::str::from_utf8(t).ok()?;
    Some((serde_json::from_str(text).ok()?, text))
}

/// The JSON text of a value packed by [`value`], checked to be JSON but not parsed into a
/// value (a stored null is `null`).
pub(crate) fn unpack_value_json(v: ValueRef<'_>) -> Result<String, DamagedValue> {
    let text = match v {
        ValueRef::Text(t) => t.to_vec(),
        ValueRef::Blob(b) => inflate(b).ok_or(DamagedValue)?,
        ValueRef::Null => return Ok("null".to_string()),
        _ => return Err(DamagedValue),
    };
    let text = String::from_utf8(text).map_err(|_| DamagedValue)?;
    serde_json::from_str::<serde::de::IgnoredAny>(&text).map_err(|_| DamagedValue)?;
    // Space around the value (kept as another file stored it) says nothing.
    let json = text.trim_matches([' ', '\t', '\n', '\r']);
    Ok(if json.len() == text.len() {
        text
    } else {
        json.to_string()
    })
}

/// Reads a value packed by [`value`].
pub(crate) fn unpack_value(v: ValueRef<'_>) -> Result<Value, DamagedValue> {
    match v {
        ValueRef::Text(t) => serde_json::from_slice(t).map_err(|_| DamagedValue),
        ValueRef::Blob(b) => inflate(b)
            .and_then(|t| serde_json::from_slice(&t).ok())
            .ok_or(DamagedValue),
        ValueRef::Null => Ok(Value::Null),
        _ => Err(DamagedValue),
    }
}

/// The JSON text of a value packed by [`value`].
pub(crate) fn unpack_value_text(v: ValueRef<'_>) -> Option<Vec<u8>> {
    match v {
        ValueRef::Text(t) => Some(t.to_vec()),
        ValueRef::Blob(b) => inflate(b),
        _ => None,
    }
}

/// Most a single value may unpack to (a sync line is smaller still).
const MAX_VALUE: usize = 64 << 20;

/// `f` of the text `b` unpacks to, unpacked into a buffer kept for the next value (a batch of
/// changes read from the log needs no new buffer for each).
fn inflated<R>(b: &[u8], f: impl FnOnce(&[u8]) -> R) -> Option<R> {
    let size = zstd::zstd_safe::get_frame_content_size(b).ok()?? as usize;
    if size > MAX_VALUE {
        return None;
    }
    let decompressor = match zstd::zstd_safe::get_dict_id_from_frame(b) {
        None => &PLAIN_DECOMPRESSOR,
        Some(id) if Some(id) == dictionary_id() => &DECOMPRESSOR,
        Some(_) => return None,
    };
    INFLATED.with(|buf| {
        let mut buf = buf.borrow_mut();
        buf.clear();
        if buf.capacity() > KEPT_BUFFER && size <= KEPT_BUFFER {
            // One long value does not keep its buffer for all the short ones after it.
            *buf = Vec::new();
        }
        buf.reserve(size);
        decompressor
            .with(|d| d.borrow_mut().decompress_to_buffer(b, &mut *buf))
            .ok()
            .filter(|n| *n == size)?;
        Some(f(&buf))
    })
}

/// The most an unpacking buffer keeps between values.
const KEPT_BUFFER: usize = 1 << 20;

fn inflate(b: &[u8]) -> Option<Vec<u8>> {
    let size = zstd::zstd_safe::get_frame_content_size(b).ok()??;
    if size as usize > MAX_VALUE {
        return None;
    }
    match zstd::zstd_safe::get_dict_id_from_frame(b) {
        None => PLAIN_DECOMPRESSOR.with(|d| d.borrow_mut().decompress(b, size as usize).ok()),
        Some(id) if Some(id) == dictionary_id() => {
            DECOMPRESSOR.with(|d| d.borrow_mut().decompress(b, size as usize).ok())
        }
        // A dictionary this plp does not have: unreadable, like any damaged value.
        Some(_) => None,
    }
}

thread_local! {
    static COMPRESSOR: std::cell::RefCell<zstd::bulk::Compressor<'static>> =
        std::cell::RefCell::new(
            zstd::bulk::Compressor::with_prepared_dictionary(&ENCODER)
                .expect("a zstd context"),
        );
    static DECOMPRESSOR: std::cell::RefCell<zstd::bulk::Decompressor<'static>> =
        std::cell::RefCell::new(
            zstd::bulk::Decompressor::with_prepared_dictionary(&DECODER)
                .expect("a zstd context"),
        );
    /// What [`inflated`] unpacks into.
    static INFLATED: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    /// For values compressed before the dictionary (their frames name none).
    static PLAIN_DECOMPRESSOR: std::cell::RefCell<zstd::bulk::Decompressor<'static>> =
        std::cell::RefCell::new(zstd::bulk::Decompressor::new().expect("a zstd context"));
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::types::ToSqlOutput;
    use rusqlite::ToSql;

    fn back(v: &Sql) -> ValueRef<'_> {
        match v.to_sql().unwrap() {
            ToSqlOutput::Borrowed(r) => r,
            _ => unreachable!(),
        }
    }

    fn id_back<'a>(p: &'a PackedId<'_>) -> ValueRef<'a> {
        match p.to_sql().unwrap() {
            ToSqlOutput::Borrowed(r) => r,
            _ => unreachable!(),
        }
    }

    #[test]
    fn ids_pack_to_bytes_only_in_their_usual_form() {
        let u = "01a214d8-c017-75d5-a07b-9805975e55ac";
        assert!(matches!(id(u), PackedId::Uuid(_)));
        assert_eq!(unpack_id(id_back(&id(u))).unwrap(), u);
        for odd in [
            "01A214D8-C017-75D5-A07B-9805975E55AC",
            "a",
            "01a214d8c01775d5a07b9805975e55ac",
        ] {
            assert_eq!(id(odd), PackedId::Text(odd));
            assert_eq!(unpack_id(id_back(&id(odd))).unwrap(), odd);
        }
    }

    #[test]
    fn bases_and_values_come_back_as_they_went() {
        let ids = vec![
            "01a214d8-c017-75d5-a07b-9805975e55ac".to_string(),
            "01a214d8-c017-75d5-a07b-9807a3ec7ce0".to_string(),
        ];
        assert_eq!(unpack_base(back(&base(&ids))).unwrap(), ids);
        let mixed = vec![ids[0].clone(), "x-1".to_string()];
        assert_eq!(unpack_base(back(&base(&mixed))).unwrap(), mixed);
        assert!(unpack_base(back(&base(&[]))).unwrap().is_empty());
        let long = serde_json::json!({"notes": "word ".repeat(100), "n": 3});
        let packed = value(&long).unwrap();
        assert!(matches!(packed, Sql::Blob(_)), "a long value is compressed");
        assert_eq!(unpack_value(back(&packed)).unwrap(), long);
        let short = serde_json::json!("yes");
        assert_eq!(value(&short).unwrap(), Sql::Text("\"yes\"".into()));
        assert_eq!(unpack_value(back(&value(&short).unwrap())).unwrap(), short);
    }

    #[test]
    fn a_value_keeps_its_stored_bytes_only_when_they_read_as_it() {
        let long = serde_json::json!({"notes": "word ".repeat(100), "student_id": "x"});
        for packed in [value(&long).unwrap(), Sql::Text(" \"yes\" ".into())] {
            let (read, kept) = unpack_value_kept(back(&packed)).unwrap();
            assert_eq!(read, unpack_value(back(&packed)).unwrap());
            assert_eq!(kept.as_ref(), Some(&packed));
            // Taken in elsewhere, the same bytes are stored.
            assert_eq!(*repack(&packed).unwrap(), packed);
        }
        // Text long enough is compressed, without being written out again.
        let text = Sql::Text(serde_json::to_string(&long).unwrap());
        let repacked = repack(&text).unwrap();
        assert!(matches!(*repacked, Sql::Blob(_)));
        assert_eq!(unpack_value(back(&repacked)).unwrap(), long);
        // Damaged bytes are refused, never read as anything (nor as null).
        let garbage = Sql::Blob(vec![0x28, 0xb5, 0x2f, 0xfd, 1, 2, 3, 4, 5, 6, 7, 8]);
        for damaged in [garbage, Sql::Text("tru".into()), Sql::Integer(3)] {
            assert!(unpack_value_kept(back(&damaged)).is_err());
            assert!(unpack_value(back(&damaged)).is_err());
        }
        // A change with no value (SQL NULL) reads as null.
        assert_eq!(unpack_value(back(&Sql::Null)).unwrap(), Value::Null);
    }

    #[test]
    fn values_name_the_dictionary_and_older_ones_still_read() {
        let long = serde_json::json!({"notes": "word ".repeat(100), "student_id": "x", "n": 3});
        let Sql::Blob(now) = value(&long).unwrap() else {
            panic!("a long value is compressed")
        };
        assert_eq!(
            zstd::zstd_safe::get_dict_id_from_frame(&now),
            dictionary_id()
        );
        assert!(dictionary_id().is_some());
        assert_eq!(unpack_value(ValueRef::Blob(&now)).unwrap(), long);
        // Written before the dictionary: a frame that names none.
        let text = serde_json::to_vec(&long).unwrap();
        let before = zstd::bulk::compress(&text, LEVEL).unwrap();
        assert_eq!(zstd::zstd_safe::get_dict_id_from_frame(&before), None);
        assert_eq!(unpack_value(ValueRef::Blob(&before)).unwrap(), long);
        assert_eq!(unpack_value_text(ValueRef::Blob(&before)).unwrap(), text);
        // A dictionary this plp does not have is refused as a damaged value is.
        let other = zstd::dict::from_continuous(&text.repeat(40), &vec![text.len(); 40], 4096);
        if let Ok(other) = other {
            let foreign = zstd::bulk::Compressor::with_dictionary(LEVEL, &other)
                .unwrap()
                .compress(&text)
                .unwrap();
            assert!(unpack_value(ValueRef::Blob(&foreign)).is_err());
        }
    }

    #[test]
    fn the_dictionary_packs_a_check_in_smaller_than_alone() {
        let checkin = serde_json::json!({
            "adjustments": "", "attended": ["student", "advisor"], "date": "2026-10-14",
            "kind": "check-in", "last_steps": [], "next_date": "2026-10-28",
            "next_steps": [{"done": false, "owner": "student", "text": "Bring the planner"}],
            "notes": "Talked through the missing work and made a plan for the week.",
            "plan_id": "01a214d8-c017-75d5-a07b-9805975e55ac", "progress": [],
            "restricted": false, "restricted_whole": false, "retired": false,
            "student_id": "8f0c7a61-3b2e-4c1d-9a55-0e6b1d2c3f40",
            "student_words": "I want to catch up before the break.", "verdicts": []
        });
        let text = serde_json::to_vec(&checkin).unwrap();
        let alone = zstd::bulk::compress(&text, LEVEL).unwrap();
        let Sql::Blob(with) = value(&checkin).unwrap() else {
            panic!("a check-in is compressed")
        };
        assert!(
            with.len() * 10 < alone.len() * 8,
            "{} bytes with the dictionary, {} without",
            with.len(),
            alone.len()
        );
    }

    #[test]
    fn only_stamps_in_their_written_form_are_packed() {
        assert_eq!(
            hlc("001795646078999.0000000011").unwrap(),
            (1795646078999, 11)
        );
        assert_eq!(unpack_hlc(1795646078999, 11), "001795646078999.0000000011");
        assert!(hlc("+01795646078999.0000000011").is_err());
        assert!(hlc("nonsense").is_err());
    }
}
