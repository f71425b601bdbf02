//! A plan document read a student at a time, so that a district's export (over a gigabyte) is
//! brought in with the memory one student takes. [`walk`] hands each element of `students` to a
//! callback as soon as it is read and keeps only the small fields around it.
//!
//! [`Checked`] reads a whole document once without keeping it, and refuses it as
//! [`super::Document::from_json`] and [`super::check_links`] would have refused it held whole:
//! not JSON, not a plp document, another version, a field that does not read, a link or an id
//! that does not hold, in that order of precedence.

use std::collections::HashSet;
use std::fmt;
use std::io::Read;

use serde::de::{DeserializeSeed, Error as _, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::{drop_student_nulls, short, DocStudent, FORMAT};
use crate::domain::ValidationError;

/// The fields around the students, as they were read.
#[derive(Debug, Default)]
pub struct Around {
    /// Whether the document is a JSON object at all.
    pub object: bool,
    /// `format`.
    pub format: Option<Value>,
    /// `version`.
    pub version: Option<Value>,
    /// `exported`.
    pub exported: Option<Value>,
    /// Why `students` is not a list of students, if it is not.
    pub students_invalid: Option<String>,
}

impl Around {
    /// The refusal [`super::Document::from_json`] gives first for these fields, if any.
    pub fn refusal(&self) -> Option<ValidationError> {
        if !self.object || self.format.as_ref().and_then(Value::as_str) != Some(FORMAT) {
            return Some(ValidationError::new(
                "not a plp plan document (its \"format\" is not \"plp\")",
            ));
        }
        super::version_refusal(self.version.as_ref())
    }

    /// The first field around the students that does not read (as serde would say it).
    fn invalid(&self) -> Option<String> {
        if let Some(e) = self.exported.clone().filter(|v| !v.is_null()) {
            if let Err(e) = serde_json::from_value::<chrono::NaiveDate>(e) {
                return Some(super::located("exported", &e));
            }
        }
        self.students_invalid.clone()
    }
}

/// Why [`walk`] stopped early.
#[derive(Debug)]
pub enum WalkError<E> {
    /// The bytes are not JSON, or could not be read.
    Json(serde_json::Error),
    /// The callback said to stop.
    Stopped(E),
}

/// A reader that passes over a UTF-8 byte order mark at the start (Windows Notepad begins a
/// file it saves with one), and gives every other byte as it is.
struct WithoutBom<R> {
    inner: R,
    /// The first bytes, read to look for the mark, that are to be given back.
    start: Vec<u8>,
    looked: bool,
}

impl<R: Read> WithoutBom<R> {
    fn new(inner: R) -> Self {
        WithoutBom {
            inner,
            start: Vec::new(),
            looked: false,
        }
    }
}

impl<R: Read> Read for WithoutBom<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if !self.looked {
            self.looked = true;
            let mut first = [0u8; 3];
            let mut got = 0;
            while got < 3 {
                match self.inner.read(&mut first[got..])? {
                    0 => break,
                    n => got += n,
                }
            }
            if first[..got] != [0xEF, 0xBB, 0xBF] {
                self.start = first[..got].to_vec();
            }
        }
        if !self.start.is_empty() {
            let n = self.start.len().min(buf.len());
            buf[..n].copy_from_slice(&self.start[..n]);
            self.start.drain(..n);
            return Ok(n);
        }
        self.inner.read(buf)
    }
}

/// Reads the JSON document from `reader`, calling `each` with every element of its `students`
/// (nulls dropped, as a field left out) in order, holding one at a time.
pub fn walk<R: Read, E>(
    reader: R,
    each: &mut dyn FnMut(Value) -> Result<(), E>,
) -> Result<Around, WalkError<E>> {
    let mut de = serde_json::Deserializer::from_reader(WithoutBom::new(reader));
    let mut stop = None;
    let mut around = Around::default();
    let read = Top {
        each,
        stop: &mut stop,
        around: &mut around,
    }
    .deserialize(&mut de)
    .and_then(|()| de.end());
    match (read, stop) {
        (_, Some(e)) => Err(WalkError::Stopped(e)),
        (Err(e), None) => Err(WalkError::Json(e)),
        (Ok(()), None) => Ok(around),
    }
}

/// The document's top level.
struct Top<'a, E> {
    each: &'a mut dyn FnMut(Value) -> Result<(), E>,
    stop: &'a mut Option<E>,
    around: &'a mut Around,
}

impl<'de, E> DeserializeSeed<'de> for Top<'_, E> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, E> Visitor<'de> for Top<'_, E> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a plan document")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.around.object = true;
        let mut students_seen = false;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "format" => self.around.format = Some(map.next_value()?),
                "version" => self.around.version = Some(map.next_value()?),
                "exported" => self.around.exported = Some(map.next_value()?),
                // A second list would be read over the first when held whole; refused here.
                "students" if students_seen => {
                    return Err(A::Error::custom("duplicate field `students`"))
                }
                "students" => {
                    students_seen = true;
                    map.next_value_seed(Students {
                        each: &mut *self.each,
                        stop: &mut *self.stop,
                        invalid: &mut self.around.students_invalid,
                    })?
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }

    // Any other JSON value is a document, though not a plp one (see `Around::refusal`).
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(())
    }
    fn visit_bool<X: serde::de::Error>(self, _: bool) -> Result<(), X> {
        Ok(())
    }
    fn visit_i64<X: serde::de::Error>(self, _: i64) -> Result<(), X> {
        Ok(())
    }
    fn visit_u64<X: serde::de::Error>(self, _: u64) -> Result<(), X> {
        Ok(())
    }
    fn visit_f64<X: serde::de::Error>(self, _: f64) -> Result<(), X> {
        Ok(())
    }
    fn visit_str<X: serde::de::Error>(self, _: &str) -> Result<(), X> {
        Ok(())
    }
    fn visit_unit<X: serde::de::Error>(self) -> Result<(), X> {
        Ok(())
    }
}

/// The `students` list, read an element at a time.
struct Students<'a, E> {
    each: &'a mut dyn FnMut(Value) -> Result<(), E>,
    stop: &'a mut Option<E>,
    invalid: &'a mut Option<String>,
}

impl<'de, E> DeserializeSeed<'de> for Students<'_, E> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<E> Students<'_, E> {
    /// Notes that `students` is not a list, in serde's words.
    fn not_a_list<X: serde::de::Error>(self, what: serde::de::Unexpected) -> Result<(), X> {
        let e = serde_json::Error::invalid_type(what, &"a sequence");
        *self.invalid = Some(super::located("students", &e));
        Ok(())
    }
}

impl<'de, E> Visitor<'de> for Students<'_, E> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(mut student) = seq.next_element::<Value>()? {
            drop_student_nulls(&mut student);
            if let Err(e) = (self.each)(student) {
                *self.stop = Some(e);
                return Err(A::Error::custom("stopped"));
            }
        }
        Ok(())
    }
    // A null is as if the field were not there: no students.
    fn visit_unit<X: serde::de::Error>(self) -> Result<(), X> {
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        self.not_a_list(serde::de::Unexpected::Map)
    }
    fn visit_bool<X: serde::de::Error>(self, v: bool) -> Result<(), X> {
        self.not_a_list(serde::de::Unexpected::Bool(v))
    }
    fn visit_i64<X: serde::de::Error>(self, v: i64) -> Result<(), X> {
        self.not_a_list(serde::de::Unexpected::Signed(v))
    }
    fn visit_u64<X: serde::de::Error>(self, v: u64) -> Result<(), X> {
        self.not_a_list(serde::de::Unexpected::Unsigned(v))
    }
    fn visit_f64<X: serde::de::Error>(self, v: f64) -> Result<(), X> {
        self.not_a_list(serde::de::Unexpected::Float(v))
    }
    fn visit_str<X: serde::de::Error>(self, v: &str) -> Result<(), X> {
        self.not_a_list(serde::de::Unexpected::Str(v))
    }
}

/// One student of a document, as it is read.
pub fn student(v: Value) -> Result<DocStudent, String> {
    let sis = sis_id_of(&v);
    if let Some(why) = super::words::unknown_word(&v).or_else(|| super::typed::refusal(&v)) {
        return Err(in_student(sis, why));
    }
    serde_path_to_error::deserialize(v)
        .map_err(|e| in_student(sis, super::located(&e.path().to_string(), e.inner())))
}

/// A student's SIS id as a refusal names it, if the student gives one.
pub(super) fn sis_id_of(v: &Value) -> Option<String> {
    v.get("sis_id")
        .and_then(Value::as_str)
        .map(|s| crate::domain::clean_line(s).chars().take(40).collect())
}

/// Why a student does not read, naming the student by SIS id where the document gives one.
pub(super) fn in_student(sis: Option<String>, why: String) -> String {
    match sis {
        Some(id) => format!("student {id}, {why}"),
        None => why,
    }
}

/// Why a first reading refuses a document.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    /// Its bytes could not be read (a folder named, a failing disk).
    #[error("cannot be read: {}", crate::store::io_reason(.0))]
    Unreadable(std::io::Error),
    /// They were read, and are not a document plp takes.
    #[error(transparent)]
    Invalid(#[from] ValidationError),
}

/// What a first reading of a document found wrong, kept until the end so that the refusal is
/// the one the document held whole would have given.
#[derive(Default)]
pub struct Checked {
    /// The first student whose fields do not read.
    invalid: Option<String>,
    /// The first record id that is malformed or used twice, or SIS id given twice.
    bad_id: Option<ValidationError>,
    /// The first link to a goal or strategy the student does not have.
    bad_link: Option<ValidationError>,
    /// The first check-in dated after today.
    bad_date: Option<ValidationError>,
    /// The day the document is read on.
    today: Option<chrono::NaiveDate>,
    /// SIS ids seen so far.
    students: HashSet<String>,
    /// Record ids seen so far.
    ids: super::import::SeenIds,
    /// How many students were read.
    pub count: usize,
}

impl Checked {
    /// Reads the document from `reader` once, holding one student at a time, and says why it
    /// would be refused, if it would.
    pub fn read<R: Read>(reader: R, today: chrono::NaiveDate) -> Result<usize, CheckError> {
        let mut c = Checked {
            today: Some(today),
            ..Checked::default()
        };
        let around = match walk::<R, std::convert::Infallible>(reader, &mut |v| {
            c.student(v);
            Ok(())
        }) {
            Ok(around) => around,
            Err(WalkError::Json(e)) if e.is_io() => {
                return Err(CheckError::Unreadable(std::io::Error::from(e)))
            }
            Err(WalkError::Json(e)) if e.is_data() => {
                return Err(ValidationError::new(format!(
                    "the plan document is not valid: {}",
                    short(&e)
                ))
                .into())
            }
            Err(WalkError::Json(e)) if e.is_eof() && e.line() == 1 && e.column() == 0 => {
                return Err(ValidationError::new("the file is empty, not a plan document").into())
            }
            Err(WalkError::Json(e)) => {
                return Err(ValidationError::new(format!(
                    "not a JSON document (line {}, column {}: {})",
                    e.line(),
                    e.column(),
                    short(&e)
                ))
                .into())
            }
            Err(WalkError::Stopped(never)) => match never {},
        };
        if let Some(refusal) = around.refusal() {
            return Err(refusal.into());
        }
        if let Some(why) = around.invalid().or(c.invalid) {
            return Err(
                ValidationError::new(format!("the plan document is not valid: {why}")).into(),
            );
        }
        match c.bad_id.or(c.bad_link).or(c.bad_date) {
            Some(e) => Err(e.into()),
            None => Ok(c.count),
        }
    }

    fn student(&mut self, v: Value) {
        self.count += 1;
        let s = match student(v) {
            Ok(s) => s,
            Err(why) => {
                self.invalid.get_or_insert(why);
                return;
            }
        };
        if self.invalid.is_some() {
            // The document will be refused for that; the students after it are only read.
            return;
        }
        if self.bad_id.is_none() {
            let at = self.count - 1;
            if let Err(e) =
                super::import::check_student_ids(&s, at, &mut self.students, &mut self.ids)
            {
                self.bad_id = Some(e);
            }
        }
        if self.bad_link.is_none() {
            if let Err(e) = super::import::check_student_links(&s) {
                self.bad_link = Some(e);
            }
        }
        if let (None, Some(today)) = (&self.bad_date, self.today) {
            if let Err(e) = super::import::check_student_dates(&s, today) {
                self.bad_date = Some(e);
            }
        }
    }
}
