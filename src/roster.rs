//! Reading a roster exported from a student information system (CSV with a header row).
//!
//! Columns are matched by name, ignoring case, spaces and underscores, with the aliases SIS
//! exports use. Every line is checked before anything is imported; each bad line is reported
//! with its number (the header is line 1) and the reason.

use std::collections::HashMap;

use crate::domain::{clean_line, Student, ValidationError};

/// A column plp understands: (stored field, accepted header names once normalised).
const COLUMNS: &[(&str, &[&str])] = &[
    (
        "sis_id",
        &[
            "studentid",
            "id",
            "sisid",
            "studentnumber",
            "studentno",
            "sisnumber",
        ],
    ),
    (
        "given_name",
        &["givenname", "firstname", "first", "legalfirstname"],
    ),
    (
        "family_name",
        &["familyname", "lastname", "last", "surname", "legallastname"],
    ),
    ("grade", &["grade", "gradelevel", "gr"]),
    (
        "preferred_name",
        &["preferredname", "nickname", "preferredfirstname"],
    ),
    ("pronouns", &["pronouns"]),
    (
        "grad_year",
        &["gradyear", "graduationyear", "classof", "yog"],
    ),
    ("advisor", &["advisor", "advisory"]),
    ("email", &["email", "emailaddress", "studentemail"]),
    ("iep", &["iep", "hasiep"]),
    ("plan_504", &["504", "plan504", "section504", "has504"]),
];

const REQUIRED: &[(&str, &str)] = &[
    ("sis_id", "student_id"),
    ("given_name", "given_name"),
    ("family_name", "family_name"),
    ("grade", "grade"),
];

/// A roster that passed every check.
#[derive(Debug, Clone, PartialEq)]
pub struct Roster {
    /// The students, in file order.
    pub students: Vec<Student>,
    /// The student fields the file has columns for (only these are updated on re-import).
    pub fields: Vec<&'static str>,
    /// Header names that were not understood and were ignored.
    pub ignored: Vec<String>,
}

/// Why a roster cannot be imported.
#[derive(Debug, Clone, PartialEq)]
pub enum RosterError {
    /// The header row itself is unusable.
    Header(String),
    /// These lines are bad: (line number, reason).
    Lines(Vec<(u64, String)>),
}

fn normalise(h: &str) -> String {
    h.trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '_' && *c != '-')
        .collect::<String>()
        .to_lowercase()
}

/// The roster's bytes as UTF-8 (or as given, when they claim no encoding): a UTF-8 byte order
/// mark is dropped and UTF-16 with a byte order mark is decoded. Text in another 8-bit encoding
/// (Windows-1252) is left as it is and its lines are reported as not UTF-8.
fn decode(bytes: &[u8]) -> Result<std::borrow::Cow<'_, [u8]>, RosterError> {
    use std::borrow::Cow;
    let utf16 = |rest: &[u8], unit: fn([u8; 2]) -> u16| {
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|c| unit([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        String::from_utf16(&units)
            .map(|s| Cow::Owned(s.into_bytes()))
            .map_err(|_| {
                RosterError::Header(
                    "the file says it is UTF-16 but is not valid UTF-16 text".into(),
                )
            })
    };
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Ok(Cow::Borrowed(rest))
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        utf16(rest, u16::from_le_bytes)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        utf16(rest, u16::from_be_bytes)
    } else {
        Ok(Cow::Borrowed(bytes))
    }
}

/// Where each line starts, for every line ending an SIS writes (CRLF, LF, a lone CR).
fn line_starts(bytes: &[u8]) -> Vec<usize> {
    let mut starts = vec![0];
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                starts.push(i + 2);
                i += 2;
                continue;
            }
            b'\r' | b'\n' => starts.push(i + 1),
            _ => {}
        }
        i += 1;
    }
    starts
}

/// The line number (the first line is 1) of a record that the CSV reader places at `offset`.
/// The reader may place a record on the end of the line before it (the `\n` of a CRLF, or
/// blank lines it skipped), so line endings there are stepped over first.
fn line_at(bytes: &[u8], starts: &[usize], offset: u64) -> u64 {
    let mut at = usize::try_from(offset)
        .unwrap_or(usize::MAX)
        .min(bytes.len());
    while at < bytes.len() && matches!(bytes[at], b'\r' | b'\n') {
        at += 1;
    }
    starts.partition_point(|&s| s <= at) as u64
}

/// Reads and checks a whole roster.
pub fn parse(bytes: &[u8]) -> Result<Roster, RosterError> {
    let decoded = decode(bytes)?;
    let bytes: &[u8] = &decoded;
    let starts = line_starts(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .from_reader(bytes);
    let mut records = reader.byte_records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => {
            return Err(RosterError::Header(format!(
                "the header row cannot be read: {e}"
            )))
        }
        None => {
            return Err(RosterError::Header(
                "the file is empty (a header row is needed)".into(),
            ))
        }
    };
    let mut columns: Vec<Option<&'static str>> = Vec::new();
    let mut ignored = Vec::new();
    let mut seen: HashMap<&'static str, usize> = HashMap::new();
    for (i, raw) in header.iter().enumerate() {
        let name = String::from_utf8_lossy(raw).to_string();
        let norm = normalise(&name);
        let field = COLUMNS
            .iter()
            .find(|(_, names)| names.contains(&norm.as_str()))
            .map(|(f, _)| *f);
        match field {
            Some(f) if seen.contains_key(f) => {
                return Err(RosterError::Header(format!(
                    "two columns give the {f} (columns {} and {})",
                    seen[f] + 1,
                    i + 1
                )))
            }
            Some(f) => {
                seen.insert(f, i);
            }
            None if !name.trim().is_empty() => ignored.push(clean_line(&name)),
            None => {}
        }
        columns.push(field);
    }
    let missing: Vec<&str> = REQUIRED
        .iter()
        .filter(|(f, _)| !seen.contains_key(f))
        .map(|(_, label)| *label)
        .collect();
    if !missing.is_empty() {
        return Err(RosterError::Header(format!(
            "the header row has no {} column",
            missing.join(", no ")
        )));
    }

    let mut students = Vec::new();
    let mut bad = Vec::new();
    let mut ids: HashMap<String, u64> = HashMap::new();
    for rec in records {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let line = e
                    .position()
                    .map_or(0, |p| line_at(bytes, &starts, p.byte()));
                bad.push((line, "cannot be read as CSV".to_string()));
                continue;
            }
        };
        let line = rec
            .position()
            .map_or(0, |p| line_at(bytes, &starts, p.byte()));
        if rec.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue; // blank lines at the end of exports
        }
        if rec.len() != header.len() {
            bad.push((
                line,
                format!("has {} fields; the header has {}", rec.len(), header.len()),
            ));
            continue;
        }
        match student_from(&rec, &columns) {
            Ok(s) => {
                if let Some(first) = ids.get(&s.sis_id) {
                    bad.push((
                        line,
                        format!("student id {} is also on line {first}", s.sis_id),
                    ));
                } else {
                    ids.insert(s.sis_id.clone(), line);
                    students.push(s);
                }
            }
            Err(e) => bad.push((line, e.to_string())),
        }
    }
    if !bad.is_empty() {
        return Err(RosterError::Lines(bad));
    }
    let mut fields: Vec<&'static str> = columns.iter().flatten().copied().collect();
    fields.retain(|f| *f != "sis_id");
    Ok(Roster {
        students,
        fields,
        ignored,
    })
}

fn student_from(
    rec: &csv::ByteRecord,
    columns: &[Option<&'static str>],
) -> Result<Student, ValidationError> {
    let mut s = Student::default();
    for (raw, field) in rec.iter().zip(columns) {
        let Some(field) = field else { continue };
        let text = std::str::from_utf8(raw).map_err(|_| {
            ValidationError::new(format!(
                "the {field} is not valid UTF-8 text (save the roster as CSV UTF-8)"
            ))
        })?;
        let v = clean_line(text);
        let opt = || (!v.is_empty()).then(|| v.clone());
        match *field {
            "sis_id" => s.sis_id = v.clone(),
            "given_name" => s.given_name = v.clone(),
            "family_name" => s.family_name = v.clone(),
            "preferred_name" => s.preferred_name = opt(),
            "pronouns" => s.pronouns = opt(),
            "advisor" => s.advisor = opt(),
            "email" => s.email = opt(),
            "grade" => s.grade = Some(grade(&v)?),
            "grad_year" if v.is_empty() => {}
            "grad_year" => {
                s.grad_year = Some(v.parse().map_err(|_| {
                    ValidationError::new(format!("graduation year \"{v}\" is not a year"))
                })?)
            }
            "iep" => s.iep = yes_no(&v, "IEP")?,
            "plan_504" => s.plan_504 = yes_no(&v, "504")?,
            _ => {}
        }
    }
    if s.sis_id.is_empty() {
        return Err(ValidationError::new("the student id is empty"));
    }
    if s.given_name.is_empty() && s.family_name.is_empty() {
        return Err(ValidationError::new("the student's name is empty"));
    }
    s.validate()?;
    Ok(s)
}

fn grade(v: &str) -> Result<i64, ValidationError> {
    crate::domain::parse_grade(v)
}

fn yes_no(v: &str, what: &str) -> Result<bool, ValidationError> {
    match v.to_lowercase().as_str() {
        "yes" | "y" | "true" | "t" | "1" | "x" => Ok(true),
        "no" | "n" | "false" | "f" | "0" | "" => Ok(false),
        _ => Err(ValidationError::new(format!(
            "{what} \"{v}\" is not yes or no"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_by_alias_case_and_spacing() {
        let csv = "\u{feff} Student Number ,FIRST_NAME,Last Name,Grade Level,IEP,504,Homeroom\n\
                   1,\"Smith, Jr.\",李,9,yes,0,B12\n";
        let r = parse(csv.as_bytes()).unwrap();
        assert_eq!(r.students[0].given_name, "Smith, Jr.");
        assert_eq!(r.students[0].family_name, "李");
        assert!(r.students[0].iep && !r.students[0].plan_504);
        assert_eq!(r.ignored, vec!["Homeroom"]);
        assert!(!r.fields.contains(&"advisor"));
    }

    #[test]
    fn every_bad_line_is_named() {
        let csv = "id,first,last,grade,iep\n1,A,B,9,no\n,C,D,9,no\n3,E,F,eleventh,no\n4,G,H,9,maybe\n5,I\n1,J,K,9,no\n";
        let Err(RosterError::Lines(bad)) = parse(csv.as_bytes()) else {
            panic!("expected bad lines")
        };
        let lines: Vec<u64> = bad.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, vec![3, 4, 5, 6, 7]);
        assert_eq!(bad[1].1, "grade \"eleventh\" is not a number");
        assert_eq!(bad[2].1, "IEP \"maybe\" is not yes or no");
        assert_eq!(bad[4].1, "student id 1 is also on line 2");
    }

    #[test]
    fn missing_required_columns_are_named() {
        let Err(RosterError::Header(h)) = parse(b"id,first\n1,A\n") else {
            panic!()
        };
        assert_eq!(h, "the header row has no family_name, no grade column");
    }
}
