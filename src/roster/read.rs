//! Reading a roster file: its bytes as text, its header matched against the dictionaries, and
//! every line checked before anything is imported; each bad line is reported with its number
//! (the header is line 1) and the reason.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use serde_json::{Map, Value};

use super::formats::{self, field_for, is_one_roster, normalise, one_roster_grade, REQUIRED};
use super::lines_of_one::Taken;
use super::one_roster_roles::{is_users_without_roles, Roles, ROLES_FILE};
use super::spreadsheet;
use super::{Roster, RosterError};
use crate::domain::{
    check_grad_year_fits, clean_line, read_grade, Entity, GradeRead, Student, StudentStatus,
    ValidationError,
};

/// The roster's bytes as UTF-8 (or as given, when they claim no encoding): a UTF-8 byte order
/// mark is dropped and UTF-16 with a byte order mark is decoded. Text in another 8-bit encoding
/// (Windows-1252) is left as it is and its lines are reported as not UTF-8.
pub(super) fn decode(bytes: &[u8]) -> Result<std::borrow::Cow<'_, [u8]>, RosterError> {
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

/// A text file's bytes as text, decoded as a roster is (UTF-8, with or without its byte order
/// mark, or UTF-16 with one, as Excel's "Unicode text" saves it); `None` for any other bytes.
pub fn decoded_text(bytes: &[u8]) -> Option<String> {
    let bytes = decode(bytes).ok()?;
    String::from_utf8(bytes.into_owned()).ok()
}

/// Whether the bytes are an Excel workbook: an `.xlsx` (a zip archive) or an `.xls` (an OLE
/// compound file), which a roster saved from Excel without "Save As CSV" is.
fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")
}

/// Why bytes that are not text cannot be read as a roster: a workbook, or another zip archive
/// (a OneRoster export, whose file names are stored in the archive as they are). None for
/// anything else.
fn not_a_sheet(bytes: &[u8]) -> Option<RosterError> {
    if !is_workbook(bytes) {
        return None;
    }
    let holds = |name: &[u8]| bytes.windows(name.len()).any(|w| w == name);
    let sheet = holds(b"xl/workbook") || holds(b"opendocument.spreadsheet");
    if bytes.starts_with(b"PK\x03\x04") && !sheet {
        return Some(RosterError::Archive {
            one_roster: holds(b"users.csv"),
        });
    }
    Some(RosterError::Workbook)
}

/// Whether the (decoded) bytes are not text: a NUL byte in the first 8000, as a program or an
/// image has and no CSV does (the test git uses to tell binary files).
fn is_binary(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(8000)].contains(&0)
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

/// The character that separates the roster's cells, found in its header row: a comma, unless
/// the header holds more tabs (PowerSchool's and Skyward's exports are tab-separated by
/// default), semicolons (spreadsheets in many languages write "CSV" with them) or bars, outside
/// quotes.
pub(super) fn delimiter(bytes: &[u8]) -> u8 {
    let mut counts = [(b',', 0usize), (b'\t', 0), (b';', 0), (b'|', 0)];
    let mut quoted = false;
    for &b in bytes {
        match b {
            b'"' => quoted = !quoted,
            b'\r' | b'\n' if !quoted => break,
            _ if !quoted => {
                if let Some(c) = counts.iter_mut().find(|(d, _)| *d == b) {
                    c.1 += 1;
                }
            }
            _ => {}
        }
    }
    // The first of the most counted: a comma when none is more common.
    counts
        .iter()
        .fold(
            (b',', 0),
            |best, &(d, n)| if n > best.1 { (d, n) } else { best },
        )
        .0
}

/// Reads and checks a whole roster with plp's own dictionaries, on the day `today`.
pub fn parse(bytes: &[u8], today: NaiveDate) -> Result<Roster, RosterError> {
    parse_with(bytes, &BTreeMap::new(), None, today)
}

/// The names of a roster's header row, as the file has them (for a workbook, or a file with
/// no header, the reason it cannot be read).
pub fn header(bytes: &[u8]) -> Result<Vec<String>, RosterError> {
    if let Some(e) = not_a_sheet(bytes) {
        return Err(e);
    }
    let decoded = decode(bytes)?;
    let bytes: &[u8] = &decoded;
    if is_binary(bytes) {
        return Err(RosterError::NotText);
    }
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .delimiter(delimiter(bytes))
        .from_reader(bytes);
    match reader.byte_records().next() {
        Some(Ok(h)) => Ok(h
            .iter()
            .map(|raw| String::from_utf8_lossy(raw).to_string())
            .collect()),
        Some(Err(e)) => Err(RosterError::Header(format!(
            "the header row cannot be read: {e}"
        ))),
        None => Err(RosterError::Header(
            "the file is empty (a header row is needed)".into(),
        )),
    }
}

/// Where each field's value is found: the columns that hold it, most preferred first.
type Sources = Vec<(&'static str, Vec<usize>)>;

/// The columns of a roster's header row that no field reads, as an import names them (none
/// when the header itself cannot be read): said when the import is refused, as when it is done.
pub fn ignored_columns(names: &[String], maps: &BTreeMap<String, String>) -> Vec<String> {
    let normalised: Vec<String> = names.iter().map(|n| normalise(n)).collect();
    let one_roster = is_one_roster(&normalised) || is_users_without_roles(&normalised);
    resolve_header(names, maps)
        .map(|(_, ignored)| not_one_roster_own(ignored, one_roster))
        .unwrap_or_default()
}

/// The ignored columns less a OneRoster file's `role` and `status`, which it reads itself.
fn not_one_roster_own(mut ignored: Vec<String>, one_roster: bool) -> Vec<String> {
    if one_roster {
        ignored.retain(|n| !matches!(normalise(n).as_str(), "role" | "status"));
    }
    ignored
}

/// The fields that two or more columns of the header could give, and those columns as the file
/// names them, the one read first (the others where it is blank) first.
fn chosen_columns(sources: &Sources, names: &[String]) -> Vec<(&'static str, Vec<String>)> {
    sources
        .iter()
        .filter(|(_, cols)| cols.len() > 1)
        .map(|(f, cols)| (*f, cols.iter().map(|&i| clean_line(&names[i])).collect()))
        .collect()
}

/// Matches the header row: each column to a field (a `--map` first, then the dictionaries),
/// or to nothing (reported as ignored).
fn resolve_header(
    names: &[String],
    maps: &BTreeMap<String, String>,
) -> Result<(Sources, Vec<String>), RosterError> {
    let maps: HashMap<String, &str> = maps
        .iter()
        .map(|(col, field)| (normalise(col), field.as_str()))
        .collect();
    let mut found: HashMap<&'static str, Vec<(usize, usize)>> = HashMap::new();
    let mut ignored: Vec<(usize, String)> = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let norm = normalise(name);
        let field = match maps.get(&norm) {
            // A mapped column outranks every dictionary name.
            Some(target) => formats::map_target(target)
                .filter(|f| *f != "ignore")
                .map(|f| (f, 0usize)),
            None => field_for(&norm)
                .map(|(f, rank)| (f, rank + 1))
                .or_else(|| formats::is_last_first(&norm).then_some((LAST_FIRST, 1))),
        };
        match field {
            Some((f, rank)) => {
                let cols = found.entry(f).or_default();
                if let Some((other, _)) = cols.iter().find(|(_, r)| *r == rank) {
                    return Err(RosterError::Header(format!(
                        "two columns give the {f} (columns {} and {})",
                        other + 1,
                        i + 1
                    )));
                }
                cols.push((i, rank));
            }
            None if !name.trim().is_empty() => ignored.push((i, clean_line(name))),
            None => {}
        }
    }
    // A "Last, First" column gives both names only where the file has neither on its own.
    let split = ["given_name", "family_name"]
        .iter()
        .all(|f| !found.contains_key(f));
    if !split {
        for (i, _) in found.remove(LAST_FIRST).unwrap_or_default() {
            ignored.push((i, clean_line(&names[i])));
        }
    }
    ignored.sort();
    let ignored = ignored.into_iter().map(|(_, name)| name).collect();
    let named = |f: &str| {
        found.contains_key(f)
            || (found.contains_key(LAST_FIRST) && matches!(f, "given_name" | "family_name"))
    };
    let missing: Vec<&str> = REQUIRED
        .iter()
        .filter(|(f, _)| !named(f))
        .map(|(_, label)| *label)
        .collect();
    if !missing.is_empty() {
        let both = missing.contains(&"given_name") && missing.contains(&"family_name");
        return Err(RosterError::Header(format!(
            "the header row has no {} column ({})",
            missing.join(", no "),
            if both {
                "name a \"Last, First\" column with --map COLUMN=last_first, or each with \
                 --map COLUMN=given_name and --map COLUMN=family_name"
                    .to_string()
            } else {
                format!("name one with --map COLUMN={}", missing[0])
            }
        )));
    }
    let mut sources: Sources = formats::FIELDS
        .iter()
        .filter_map(|f| {
            found.remove(f).map(|mut cols| {
                cols.sort_by_key(|(_, rank)| *rank);
                (*f, cols.into_iter().map(|(i, _)| i).collect())
            })
        })
        .collect();
    sources.sort_by_key(|(f, _)| formats::FIELDS.iter().position(|x| x == f));
    if let Some(cols) = found.remove(LAST_FIRST) {
        sources.push((LAST_FIRST, cols.into_iter().map(|(i, _)| i).collect()));
    }
    Ok((sources, ignored))
}

/// The one column holding both names as "Last, First" (PowerSchool's `LastFirst`, a "Student
/// Name" column), split into the family and given names.
const LAST_FIRST: &str = "last_first";

/// The student fields the sources give (a "Last, First" column giving both names).
fn fields_read(sources: &Sources) -> Vec<&'static str> {
    let mut fields: Vec<&'static str> = sources
        .iter()
        .flat_map(|(f, _)| match *f {
            LAST_FIRST => vec!["given_name", "family_name"],
            f => vec![f],
        })
        .collect();
    fields.sort_by_key(|f| formats::FIELDS.iter().position(|x| x == f));
    fields
}

/// Reads and checks a whole roster on the day `today` (a graduation year must fit the grade
/// this school year); `maps` names columns the dictionaries do not know (column as the file has
/// it, to a field of [`formats::FIELDS`] or `ignore`); `roles` are those of a OneRoster 1.2
/// `users.csv` (its `roles.csv`), which names no roles of its own.
pub fn parse_with(
    bytes: &[u8],
    maps: &BTreeMap<String, String>,
    roles: Option<&Roles>,
    today: NaiveDate,
) -> Result<Roster, RosterError> {
    if let Some(e) = not_a_sheet(bytes) {
        return Err(e);
    }
    let decoded = decode(bytes)?;
    let bytes: &[u8] = &decoded;
    if is_binary(bytes) {
        return Err(RosterError::NotText);
    }
    let starts = line_starts(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .delimiter(delimiter(bytes))
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
    let names: Vec<String> = header
        .iter()
        .map(|raw| String::from_utf8_lossy(raw).to_string())
        .collect();
    let normalised: Vec<String> = names.iter().map(|n| normalise(n)).collect();
    let users_12 = is_users_without_roles(&normalised);
    if users_12 && roles.is_none() {
        return Err(RosterError::Header(format!(
            "it is a OneRoster 1.2 users.csv, which says who is a student in {ROLES_FILE}; \
             import it with its {ROLES_FILE} beside it"
        )));
    }
    let one_roster = is_one_roster(&normalised) || users_12;
    let column = |h: &str| normalised.iter().position(|n| n == h);
    let user_col = column("sourcedid");
    let (role_col, status_col) = if one_roster {
        (column("role"), column("status"))
    } else {
        (None, None)
    };
    let (sources, ignored) = resolve_header(&names, maps)?;
    let ignored = not_one_roster_own(ignored, one_roster);
    let chosen = chosen_columns(&sources, &names);

    // Header cells at the end of the row with no name: a line may leave them out.
    let blank_tail = names
        .iter()
        .rev()
        .take_while(|n| clean_line(n).is_empty())
        .count();
    let mut bad = Vec::new();
    let mut others: BTreeMap<String, usize> = BTreeMap::new();
    // The students so far, each student's lines taken as one.
    let mut taken = Taken::default();
    let read = fields_read(&sources);
    let mut graduated = Vec::new();
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
        // A quote never closed takes in the lines after it as one field, up to the next quote.
        let unclosed = rec.iter().any(|f| f.contains(&b'\n'));
        // Excel leaves a header cell with nothing in it at the end of a row (a trailing
        // separator), and some lines without it: a line lacking only such cells is whole.
        let whole = (header.len() - blank_tail..=header.len()).contains(&rec.len());
        if !whole && unclosed {
            bad.push((
                line,
                "opens a quote (\") that is not closed on that line, so the lines after it \
                 were read into one field; close the quote or take it out"
                    .to_string(),
            ));
            continue;
        }
        if !whole {
            bad.push((
                line,
                format!("has {} fields; the header has {}", rec.len(), header.len()),
            ));
            continue;
        }
        let text = |i: Option<usize>| {
            i.and_then(|i| rec.get(i))
                .map(|raw| clean_line(&String::from_utf8_lossy(raw)))
                .unwrap_or_default()
        };
        let cell = |i: Option<usize>| text(i).to_lowercase();
        if one_roster {
            let role = match (role_col, roles) {
                (None, Some(roles)) => roles.of(&text(user_col)),
                _ => cell(role_col),
            };
            if role != "student" {
                let role = if role.is_empty() {
                    "no role".into()
                } else {
                    role
                };
                *others.entry(role).or_default() += 1;
                continue;
            }
            if cell(status_col) == "tobedeleted" {
                *others.entry("student to be deleted".into()).or_default() += 1;
                continue;
            }
        }
        match student_from(&rec, &sources, one_roster, today) {
            Ok((s, empty, grad)) => {
                if grad {
                    graduated.push(line);
                }
                if let Err(why) = taken.take(line, s, empty, &read) {
                    bad.push((line, why));
                }
            }
            Err(e) => bad.push((line, e.to_string())),
        }
    }
    if !bad.is_empty() {
        return Err(RosterError::Lines(bad));
    }
    let lines = taken.lines();
    let Taken {
        students,
        mut blank,
        repeated,
        filled,
        twins,
        zero_clashes,
        ..
    } = taken;
    let mut fields: Vec<&'static str> = read.into_iter().filter(|f| *f != "sis_id").collect();
    // A graduate's line says the student is not enrolled even where the file has no
    // enrollment column: every other line then says enrolled, as a blank status cell does.
    if !graduated.is_empty() && !fields.contains(&"status") {
        fields.push("status");
    }
    // A yes/no column with no mark on any line was not filled in by the export (a login not
    // allowed to read it exports it empty): it says nothing, rather than no for everyone.
    let unfilled: Vec<&'static str> = fields
        .iter()
        .copied()
        .filter(|f| YES_NO.contains(f))
        .filter(|f| {
            !students.is_empty()
                && students
                    .iter()
                    .all(|s| blank.get(&s.sis_id).is_some_and(|b| b.contains(f)))
        })
        .collect();
    fields.retain(|f| !unfilled.contains(f));
    // In a column that has its marks, a blank is no: it is updated like any other.
    for b in blank.values_mut() {
        b.retain(|f| !YES_NO.contains(f));
    }
    blank.retain(|_, b| !b.is_empty());
    Ok(Roster {
        students,
        fields,
        ignored,
        others: others.into_iter().collect(),
        one_roster,
        repeated,
        filled,
        blank,
        unfilled,
        lines,
        twins,
        zero_clashes,
        graduated,
        chosen,
    })
}

/// The optional fields a blank cell leaves as they are: an SIS leaves a cell blank for "not
/// recorded", which must not wipe what an advisor typed (a yes/no column's blank is no, a
/// status column's blank is enrolled, as documented).
const KEPT_WHEN_BLANK: &[&str] = &[
    "preferred_name",
    "pronouns",
    "grad_year",
    "advisor",
    "email",
];

/// The yes/no fields: a blank cell is no, unless the whole column is blank (see [`parse_with`]).
const YES_NO: &[&str] = &["iep", "plan_504"];

/// What a person calls a field in a sentence about a bad value or a count of changes.
pub fn label(field: &str) -> &str {
    match field {
        "sis_id" => "student id",
        "iep" => "IEP",
        "plan_504" => "504",
        "grad_year" => "graduation year",
        "given_name" => "given name",
        "family_name" => "family name",
        "preferred_name" => "preferred name",
        "status" => "enrollment status",
        other => other,
    }
}

/// What a person calls a field said on its own, as the messages about an empty one do.
fn named(field: &str) -> &str {
    match field {
        "sis_id" => "student id",
        "given_name" => "given (first) name",
        "family_name" => "family (last) name",
        LAST_FIRST => "name",
        other => label(other),
    }
}

/// A "Last, First" name as (family, given). A suffix written between commas stays with the
/// family name ("Smith, Jr., John" and "Smith, John, Jr." are both family "Smith Jr.", given
/// "John"); any other second comma is refused, since which part is the given name is a guess,
/// as is a value of two words or more with no comma. One word alone is a student's one name.
fn last_first(text: &str) -> Result<(String, String), ValidationError> {
    if text.is_empty() {
        return Ok((String::new(), String::new()));
    }
    let parts: Vec<&str> = text.split(',').map(str::trim).collect();
    let suffix = |p: &str| crate::domain::advisor::is_name_suffix(p);
    match parts.as_slice() {
        // One word and no comma: a student known by one name.
        [one] if !one.contains(char::is_whitespace) => Ok((one.to_string(), String::new())),
        [_] => Err(ValidationError::new(format!(
            "the name \"{text}\" has no comma (the name column is read as \"Last, First\")"
        ))),
        [family, given] => Ok((family.to_string(), given.to_string())),
        [family, s, given] if suffix(s) => Ok((format!("{family} {s}"), given.to_string())),
        [family, given, s] if suffix(s) => Ok((format!("{family} {s}"), given.to_string())),
        _ => Err(ValidationError::new(format!(
            "the name \"{text}\" has more than one comma, so which part is the given name \
             is not clear (give the given and family names their own columns)"
        ))),
    }
}

/// "a", "a and b", "a, b and c".
use crate::domain::and_list;

/// A cell's text as the spreadsheet that saved it meant it: `="00123"` in any column, and
/// `'00123` in a column that holds no words (an id, a grade, a year), are `00123`.
fn read_as_text(field: &str, cell: &str) -> String {
    let text = clean_line(&spreadsheet::unwrapped(cell));
    match field {
        "sis_id" | "grade" | "grad_year" => clean_line(spreadsheet::without_apostrophe(&text)),
        _ => text,
    }
}

/// One student from one line: each field's value is the first non-empty one of its columns,
/// read by the field table's parser; with the optional fields whose cells are all blank, and
/// whether the line is a graduate's (grade 99: inactive, the grade left as it is).
fn student_from(
    rec: &csv::ByteRecord,
    sources: &Sources,
    one_roster: bool,
    today: NaiveDate,
) -> Result<(Student, Vec<&'static str>, bool), ValidationError> {
    // Every field whose cells are not text is named at once, not the first of them alone.
    let not_text: Vec<&str> = sources
        .iter()
        .filter(|(_, cols)| {
            cols.iter()
                .any(|&i| std::str::from_utf8(rec.get(i).unwrap_or_default()).is_err())
        })
        .map(|(field, _)| named(field))
        .collect();
    if !not_text.is_empty() {
        return Err(ValidationError::new(format!(
            "the {} {} not valid UTF-8 text (save the roster as CSV UTF-8)",
            and_list(&not_text),
            if not_text.len() == 1 { "is" } else { "are" }
        )));
    }
    let mut obj = Map::new();
    let mut empty = Vec::new();
    let mut graduated = false;
    for (field, cols) in sources {
        let mut text = String::new();
        for &i in cols {
            let t = std::str::from_utf8(rec.get(i).unwrap_or_default()).unwrap_or_default();
            // A control character (an escape, a bell) is named, never taken out of an id or a
            // name unseen; a line break inside quotes reads as a space, a tab as a space.
            if t.chars()
                .any(|c| c.is_control() && !matches!(c, '\t' | '\r' | '\n'))
            {
                return Err(ValidationError::new(format!(
                    "the {} holds a control character (an escape or another unprintable one)",
                    named(field)
                )));
            }
            let t = read_as_text(field, &clean_line(t));
            if !t.is_empty() {
                text = t;
                break;
            }
        }
        if *field == "sis_id" {
            if let Some(why) = spreadsheet::damaged_id(&text) {
                return Err(ValidationError::new(why));
            }
        }
        if text.is_empty() && (KEPT_WHEN_BLANK.contains(field) || YES_NO.contains(field)) {
            empty.push(*field);
        }
        if *field == LAST_FIRST {
            let (family, given) = last_first(&text)?;
            obj.insert("family_name".into(), Value::from(family));
            obj.insert("given_name".into(), Value::from(given));
            continue;
        }
        if *field == "status" {
            text = match formats::enrollment_status(&text) {
                Some(true) => StudentStatus::Active.as_str().to_string(),
                Some(false) => StudentStatus::Inactive.as_str().to_string(),
                None => {
                    return Err(ValidationError::new(format!(
                        "enrollment status \"{text}\" is not known (0, active or true is enrolled; -1 to 4, inactive, withdrawn or false is not)"
                    )))
                }
            };
        }
        if *field == "grade" {
            if one_roster {
                text = one_roster_grade(&text).unwrap_or_default();
                if text.is_empty() {
                    continue;
                }
            } else if text.is_empty() {
                return Err(ValidationError::new("the grade is empty"));
            }
            // PowerSchool's codes: a graduate has no grade (the one stored is kept, as a blank
            // cell keeps it), and its second pre-K year is pre-K.
            match read_grade(&text)? {
                GradeRead::Graduated => {
                    graduated = true;
                    empty.push(*field);
                    continue;
                }
                GradeRead::Grade(g) => text = g.to_string(),
            }
        }
        let spec = Entity::Student
            .field(field)
            .ok_or_else(|| ValidationError::new(format!("student has no field {field}")))?;
        let value = match spec.from_text(&text) {
            Ok(v) => v,
            Err(_) if matches!(*field, "iep" | "plan_504") => {
                return Err(ValidationError::new(format!(
                    "{} \"{text}\" is not yes or no",
                    label(field)
                )))
            }
            Err(_) if *field == "grad_year" => {
                return Err(ValidationError::new(format!(
                    "graduation year \"{text}\" is not a year"
                )))
            }
            // An empty id or name is said below, in the roster's words.
            Err(_)
                if text.is_empty() && matches!(*field, "sis_id" | "given_name" | "family_name") =>
            {
                Value::from("")
            }
            Err(e) => return Err(e),
        };
        obj.insert((*field).to_string(), value);
    }
    let mut s: Student = serde_json::from_value(Value::Object(obj))
        .map_err(|e| ValidationError::new(format!("the line is not a student: {e}")))?;
    if s.sis_id.is_empty() {
        return Err(ValidationError::new("the student id is empty"));
    }
    // A student known by one name is written with the other name blank, either one: the one
    // name is kept as the family name. A line with neither is a bad line.
    if s.given_name.is_empty() && s.family_name.is_empty() {
        return Err(ValidationError::new("the student's name is empty"));
    }
    s.settle_one_name();
    // A graduate (PowerSchool's grade 99) is no longer enrolled, whatever else the line says.
    if graduated {
        s.status = StudentStatus::Inactive;
    }
    s.validate()?;
    // Typed into the SIS, as into a form: a graduation year that cannot be this grade's.
    if let (Some(grade), Some(year)) = (s.grade, s.grad_year) {
        check_grad_year_fits(year, grade, today)?;
    }
    Ok((s, empty, graduated))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The day these rosters are read on.
    fn day() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    #[test]
    fn headers_match_by_alias_case_and_spacing() {
        let csv = "\u{feff} Student Number ,FIRST_NAME,Last Name,Grade Level,IEP,504,Homeroom\n\
                   1,\"Smith, Jr.\",李,9,yes,0,B12\n";
        let r = parse(csv.as_bytes(), day()).unwrap();
        assert_eq!(r.students[0].given_name, "Smith, Jr.");
        assert_eq!(r.students[0].family_name, "李");
        assert!(r.students[0].iep && !r.students[0].plan_504);
        assert_eq!(r.ignored, vec!["Homeroom"]);
        assert!(!r.fields.contains(&"advisor"));
    }

    /// Tab-separated (PowerSchool's and Skyward's default export), semicolon-separated (a
    /// spreadsheet's "CSV" in many languages) and bar-separated rosters read as a comma's do,
    /// a separator inside quotes counting for nothing.
    #[test]
    fn the_separator_is_found_in_the_header() {
        for (sep, rest) in [
            ('\t', "\"Rivera, Ms.\""),
            (';', "\"Rivera, Ms.\""),
            ('|', "\"Rivera, Ms.\""),
            (',', "\"Rivera; Ms.\""),
        ] {
            let header = ["Student ID", "Last Name", "First Name", "Grade", "Advisor"];
            let line = ["1001", "Okafor", "Amara", "9", rest];
            let text = format!(
                "{}\r\n{}\r\n",
                header.join(&sep.to_string()),
                line.join(&sep.to_string())
            );
            let r = parse(text.as_bytes(), day()).unwrap_or_else(|e| panic!("{sep:?}: {e:?}"));
            let s = &r.students[0];
            assert_eq!(
                (s.sis_id.as_str(), s.given_name.as_str()),
                ("1001", "Amara")
            );
            let advisor = if sep == ',' {
                "Rivera; Ms."
            } else {
                "Rivera, Ms."
            };
            assert_eq!(s.advisor.as_deref(), Some(advisor), "{sep:?}");
        }
        // A quoted header cell holding another separator does not count it.
        assert_eq!(delimiter(b"\"a;b;c\",id,first\n1;2;3"), b',');
        assert_eq!(delimiter(b""), b',');
    }

    /// Each student's (family, given) names, in file order.
    fn names(r: &Roster) -> Vec<(&str, &str)> {
        r.students
            .iter()
            .map(|s| (s.family_name.as_str(), s.given_name.as_str()))
            .collect()
    }

    /// A "Last, First" name with a suffix between commas keeps the suffix with the family
    /// name; a second comma of any other kind is refused rather than guessed at.
    #[test]
    fn a_last_first_name_keeps_its_suffix_with_the_family_name() {
        let csv = "Student_Number,LastFirst,Grade_Level\n\
                   1,\"Smith, Jr., John\",9\n\
                   2,\"Smith, John, III\",9\n\
                   3,\"Garcia Lopez, Maria Jose\",9\n";
        let r = parse(csv.as_bytes(), day()).unwrap();
        assert_eq!(
            names(&r),
            [
                ("Smith Jr.", "John"),
                ("Smith III", "John"),
                ("Garcia Lopez", "Maria Jose")
            ]
        );
        let csv = "Student_Number,LastFirst,Grade_Level\n4,\"Smith, John, Paul\",9\n";
        let Err(RosterError::Lines(bad)) = parse(csv.as_bytes(), day()) else {
            panic!("a name with two commas is refused")
        };
        assert!(bad[0].1.contains("more than one comma"), "{:?}", bad);
    }

    /// A control character in a cell (an escape, a bell) is named with its field: an id or a
    /// name is never changed unseen by taking it out. A line break inside quotes reads as a space.
    #[test]
    fn a_cell_with_a_control_character_is_named_not_cleaned() {
        let csv = "id,first,last,grade\n91\x1b[31m00,Ann,Bee,9\n2,Chi\x07nedu,Obi,9\n\
                   3,Cy,Dee,\x1b[2J\x1b]0;pwned\x07\n4,\"Di\r\nAnn\",Eve,9\n";
        let Err(RosterError::Lines(bad)) = parse(csv.as_bytes(), day()) else {
            panic!("expected bad lines")
        };
        let said: Vec<(u64, &str)> = bad.iter().map(|(l, m)| (*l, m.as_str())).collect();
        assert_eq!(
            said,
            [
                (2, "the student id holds a control character (an escape or another unprintable one)"),
                (3, "the given (first) name holds a control character (an escape or another unprintable one)"),
                (4, "the grade holds a control character (an escape or another unprintable one)"),
            ]
        );
    }

    /// Every field that is not UTF-8 on a line is named, not the first alone.
    #[test]
    fn every_field_not_utf8_on_a_line_is_named() {
        let csv = b"id,first,last,grade\n4001,Jos\xe9,Pe\xf1a,9\n";
        let Err(RosterError::Lines(bad)) = parse(csv, day()) else {
            panic!("expected a bad line")
        };
        assert_eq!(
            bad[0].1,
            "the given (first) name and family (last) name are not valid UTF-8 text (save the \
             roster as CSV UTF-8)"
        );
    }

    /// A class list saved by Excel as "Unicode text" (UTF-16 with its byte order mark) reads as
    /// the same text as one saved as UTF-8; bytes that are neither are not taken for text.
    #[test]
    fn a_utf16_list_reads_as_its_text() {
        let text = "Student_Number\tLastFirst\n200001\t\"Lê, Bảo\"\n";
        let mut le = vec![0xFF, 0xFE];
        text.encode_utf16().for_each(|u| le.extend(u.to_le_bytes()));
        assert_eq!(decoded_text(&le).as_deref(), Some(text));
        assert_eq!(decoded_text(text.as_bytes()).as_deref(), Some(text));
        assert_eq!(
            crate::roster::student_ids(&decoded_text(&le).unwrap(), "f").unwrap(),
            vec!["200001"]
        );
        assert_eq!(decoded_text(b"Jos\xe9"), None);
    }

    #[test]
    fn every_bad_line_is_named() {
        let csv = "id,first,last,grade,iep\n1,A,B,9,no\n,C,D,9,no\n3,E,F,eleventh,no\n4,G,H,9,maybe\n5,I\n1,J,K,9,no\n";
        let Err(RosterError::Lines(bad)) = parse(csv.as_bytes(), day()) else {
            panic!("expected bad lines")
        };
        let lines: Vec<u64> = bad.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, vec![3, 4, 5, 6, 7]);
        assert_eq!(
            bad[1].1,
            "grade \"eleventh\" is not a grade (PK, K, or 1 to 13)"
        );
        assert_eq!(bad[2].1, "IEP \"maybe\" is not yes or no");
        assert_eq!(
            bad[4].1,
            "student id 1 is also on line 2, with another given name and family name (one line per student)"
        );
    }

    /// Lines of one student that say the same of every field plp reads are taken once: a row
    /// written twice, a row per guardian (the column that differs is one plp ignores), `9`
    /// and `09`. Lines that differ name the fields they differ in.
    #[test]
    fn lines_that_read_the_same_are_taken_once() {
        let csv = "id,first,last,grade,guardian\n1,A,B,9,Mum\n2,C,D,9,Dad\n1,A,B ,09,Dad\r\n1,A,B,9,Mum\n";
        let r = parse(csv.as_bytes(), day()).unwrap();
        let ids: Vec<&str> = r.students.iter().map(|s| s.sis_id.as_str()).collect();
        assert_eq!(ids, vec!["1", "2"]);
        assert_eq!(r.repeated, vec![(4, 2), (5, 2)]);
        let csv = "id,first,last,grade,advisor,iep\n1,A,B,9,Rivera,no\n1,A,B,10,Chen,no\n1,A,B,9,Rivera,yes\n";
        let Err(RosterError::Lines(bad)) = parse(csv.as_bytes(), day()) else {
            panic!("expected a refusal")
        };
        let said: Vec<(u64, &str)> = bad.iter().map(|(l, r)| (*l, r.as_str())).collect();
        assert_eq!(
            said,
            vec![
                (3, "student id 1 is also on line 2, with another grade and advisor (one line per student)"),
                (4, "student id 1 is also on line 2, with another IEP (one line per student)"),
            ]
        );
    }

    /// Ids equal once leading zeros are ignored (`4`, `04`) are one student's, as one id on
    /// two lines is: taken once when the lines say the same, the student keeping the first
    /// line's id; a bad line when they do not, unless both ids are stored students' (see
    /// `zeros::match_stored`).
    #[test]
    fn ids_equal_but_for_leading_zeros_are_one_students() {
        let csv = "id,first,last,grade,advisor\n4,Ann,Lee,9,\n04,Ann,Lee,09,Rivera\n\
                   004,Ann,Lee,9,Rivera\nA4,Bo,Ng,9,\n";
        let r = parse(csv.as_bytes(), day()).unwrap();
        let ids: Vec<&str> = r.students.iter().map(|s| s.sis_id.as_str()).collect();
        assert_eq!(ids, ["4", "A4"]);
        assert_eq!(r.students[0].advisor.as_deref(), Some("Rivera"));
        assert_eq!(
            (r.filled.clone(), r.repeated.clone()),
            (vec![(3, 2)], vec![(4, 2)])
        );
        let twins: Vec<(u64, &str, u64, &str)> = r
            .twins
            .iter()
            .map(|t| (t.line, t.id.as_str(), t.first, t.first_id.as_str()))
            .collect();
        assert_eq!(twins, [(3, "04", 2, "4"), (4, "004", 2, "4")]);
        assert!(r.zero_clashes.is_empty());

        let csv = "id,first,last,grade\n4,Ann,Lee,9\n04,Bo,Lee,10\n04,Bo,Lee,10\n";
        let r = parse(csv.as_bytes(), day()).unwrap();
        let ids: Vec<&str> = r.students.iter().map(|s| s.sis_id.as_str()).collect();
        assert_eq!(ids, ["4", "04"]);
        assert_eq!(r.repeated, [(4, 3)]);
        let clashes: Vec<(u64, &str)> = r
            .zero_clashes
            .iter()
            .map(|c| (c.line, c.why.as_str()))
            .collect();
        assert_eq!(
            clashes,
            [(
                3,
                "student id 04 is 4 on line 2 once leading zeros are ignored, with another \
                 given name and grade (one line per student)"
            )]
        );
    }

    /// Text a spreadsheet was told to keep as text is read as the text: `="00123"` in any
    /// column, `'00123` in the id, grade and year columns (a name may begin with an
    /// apostrophe).
    #[test]
    fn text_a_spreadsheet_kept_as_text_is_read_as_the_text() {
        let csv = "Other ID;Student Name;Grd;Grad Yr;Advisor Name\r\n\
                   =\"00123\";\"Perez, Maria\";=\"K\";2039;\"Rivera, Ana\"\r\n\
                   '00124;=\"'t Hooft, Gerard\";'9;=\"2030\";\"=\"\"Rivera, Ana\"\"\"\r\n";
        let r = parse(csv.as_bytes(), day()).unwrap();
        let got: Vec<String> = r
            .students
            .iter()
            .map(|s| {
                format!(
                    "{}|{}|{}|{:?}|{:?}|{:?}",
                    s.sis_id, s.family_name, s.given_name, s.grade, s.grad_year, s.advisor
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                "00123|Perez|Maria|Some(0)|Some(2039)|Some(\"Rivera, Ana\")",
                "00124|'t Hooft|Gerard|Some(9)|Some(2030)|Some(\"Rivera, Ana\")",
            ]
        );
    }

    /// An id a spreadsheet turned into a number or a formula is a bad line saying so, never
    /// stored as written.
    #[test]
    fn an_id_a_spreadsheet_turned_into_a_number_is_a_bad_line() {
        let csv = "id,first,last,grade\n1.23457E+11,A,B,9\n214387.0,C,D,9\n=1234,E,F,9\n\
                   =\"2.1E+05\",G,H,9\n000125,I,J,9\n";
        let Err(RosterError::Lines(bad)) = parse(csv.as_bytes(), day()) else {
            panic!("expected bad lines")
        };
        let lines: Vec<u64> = bad.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [2, 3, 4, 5]);
        assert_eq!(
            bad[0].1,
            "the student id 1.23457E+11 was turned into a number by a spreadsheet and lost its \
             digits; export the roster again from the SIS, or format the column as text"
        );
        assert!(bad[1]
            .1
            .starts_with("the student id 214387.0 was turned into a number"));
        assert!(bad[2]
            .1
            .starts_with("the student id =1234 is a spreadsheet formula"));
        assert!(bad[3]
            .1
            .starts_with("the student id 2.1E+05 was turned into a number"));
    }

    /// A blank cell of an optional column is "not recorded": the field is not updated.
    #[test]
    fn blank_optional_cells_leave_fields_as_they_are() {
        let csv = "id,first,last,grade,preferred name,pronouns,advisor,iep\n1,A,B,9,,,Rivera,\n2,C,D,9,Cee,she/her,,no\n";
        let r = parse(csv.as_bytes(), day()).unwrap();
        assert_eq!(
            r.fields_for(&r.students[0]),
            vec!["given_name", "family_name", "grade", "advisor", "iep"]
        );
        assert_eq!(
            r.fields_for(&r.students[1]),
            vec![
                "given_name",
                "family_name",
                "grade",
                "preferred_name",
                "pronouns",
                "iep"
            ]
        );
    }

    /// Transitional kindergarten, the year before kindergarten, is read as pre-K; an Excel
    /// workbook is told apart from text.
    #[test]
    fn transitional_kindergarten_and_workbooks() {
        let csv = "id,first,last,grade\n1,A,B,TK\n2,C,D,tk\n3,E,F,PK\n";
        let r = parse(csv.as_bytes(), day()).unwrap();
        let grades: Vec<Option<i64>> = r.students.iter().map(|s| s.grade).collect();
        assert_eq!(grades, vec![Some(-1); 3]);
        assert_eq!(
            parse(b"PK\x03\x04..[Content_Types].xml..xl/workbook.xml..", day()),
            Err(RosterError::Workbook)
        );
        // Another zip archive is not taken for a workbook: a OneRoster export's is named so.
        assert_eq!(
            parse(b"PK\x03\x04rest", day()),
            Err(RosterError::Archive { one_roster: false })
        );
        assert_eq!(
            parse(b"PK\x03\x04..orgs.csv..users.csv..roles.csv..", day()),
            Err(RosterError::Archive { one_roster: true })
        );
        assert_eq!(
            parse(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest", day()),
            Err(RosterError::Workbook)
        );
        // A roster whose first column is named PK is text.
        assert!(parse(b"PK,id,first,last,grade\n", day()).is_ok());
    }

    #[test]
    fn an_email_that_is_not_one_is_a_bad_line() {
        let csv = "id,first,last,grade,email\n1,A,B,9,a@school.org\n2,C,D,9,c.school.org\n";
        let Err(RosterError::Lines(bad)) = parse(csv.as_bytes(), day()) else {
            panic!("expected a bad line")
        };
        assert_eq!(bad.len(), 1);
        assert_eq!(bad[0].0, 3);
        assert!(
            bad[0].1.contains("is not an e-mail address"),
            "{}",
            bad[0].1
        );
    }

    #[test]
    fn missing_required_columns_are_named() {
        let Err(RosterError::Header(h)) = parse(b"id,first\n1,A\n", day()) else {
            panic!()
        };
        assert_eq!(h, "the header row has no family_name, no grade column (name one with --map COLUMN=family_name)");
        // Neither name: one "Last, First" column may give both.
        let Err(RosterError::Header(h)) = parse(b"id,grade,Learner\n1,9,\"Lee, Ann\"\n", day())
        else {
            panic!()
        };
        assert_eq!(h, "the header row has no given_name, no family_name column (name a \"Last, First\" column with --map COLUMN=last_first, or each with --map COLUMN=given_name and --map COLUMN=family_name)");
        let maps = BTreeMap::from([("Learner".to_string(), "last_first".to_string())]);
        let r = parse_with(b"id,grade,Learner\n1,9,\"Lee, Ann\"\n", &maps, None, day()).unwrap();
        assert_eq!(r.students[0].family_name, "Lee");
    }

    /// One "Last, First" column (PowerSchool's `LastFirst`, a "Student Name") gives both names,
    /// split at the comma (a suffix between commas staying with the family name), where the
    /// file has no name columns of its own.
    #[test]
    fn a_last_first_column_gives_both_names() {
        for header in ["LastFirst", "Last_First", "Student Name", "Name"] {
            let csv = format!(
                "Student_Number,{header},Grade_Level\n1,\"Okafor, Amara\",9\n2,\" O'Neill , Zoë Ann \",10\n3,\"Smith, Jr., Al\",10\n"
            );
            let r = parse(csv.as_bytes(), day()).unwrap_or_else(|e| panic!("{header}: {e:?}"));
            assert_eq!(
                names(&r),
                vec![
                    ("Okafor", "Amara"),
                    ("O'Neill", "Zoë Ann"),
                    ("Smith Jr.", "Al")
                ],
                "{header}"
            );
            assert!(r.fields.contains(&"given_name") && r.fields.contains(&"family_name"));
            assert!(r.ignored.is_empty(), "{header}: {:?}", r.ignored);
        }
        // A value of two words with no comma is a bad line; one name alone is a student's one
        // name; a line giving the same name twice reads the same.
        let csv = "id,Student Name,grade\n1,Ada Lovelace,9\n2,\"Lee,\",9\n3,\"Ng, Bo\",9\n3,\"Ng,Bo\",9\n4,\"Ng, Bo\",9\n4,\"Ng, Bob\",9\n";
        let Err(RosterError::Lines(bad)) = parse(csv.as_bytes(), day()) else {
            panic!("expected bad lines")
        };
        let said: Vec<(u64, &str)> = bad.iter().map(|(l, r)| (*l, r.as_str())).collect();
        assert_eq!(
            said,
            vec![
                (2, "the name \"Ada Lovelace\" has no comma (the name column is read as \"Last, First\")"),
                (7, "student id 4 is also on line 6, with another given name (one line per student)"),
            ]
        );
        // With name columns of its own, the file's Name column is ignored.
        let r = parse(b"id,Name,first,last,grade\n1,x,Ann,Lee,9\n", day()).unwrap();
        assert_eq!(r.students[0].given_name, "Ann");
        assert_eq!(r.ignored, vec!["Name"]);
    }
}
