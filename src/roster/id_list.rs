//! A teacher's student list, as `plp hub user --students FILE` reads it: one SIS id per line,
//! or a class roster exported as CSV whose header names a student id column (PowerSchool's
//! `Student_Number,LastFirst`), that column being the list.

use super::formats::{field_for, normalise};
use crate::domain::clean_line;

/// The longest SIS id taken.
const LONGEST: usize = 64;

/// The SIS ids of a teacher's list, each once, in file order; `file` is how the file is named
/// in a refusal. Blank lines and lines starting with `#` are passed over. A first line naming a
/// student id column (as a roster's header would) makes the file a CSV read by that column;
/// otherwise every line is one id, and a line that cannot be one (a comma, a space) refuses
/// the file.
pub fn student_ids(text: &str, file: &str) -> Result<Vec<String>, String> {
    // A byte order mark anywhere (files joined with cat keep each one's) is no part of an id.
    let text = text.replace('\u{feff}', "");
    let text = text.as_str();
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
    let Some((first, header)) = lines.clone().next() else {
        return Err(format!("{file} lists no SIS id (one id per line)"));
    };
    let delimiter = super::read::delimiter(header.as_bytes());
    if let Some(column) = id_column(header, delimiter) {
        let rest: usize = text
            .split_inclusive('\n')
            .take(first + 1)
            .map(str::len)
            .sum();
        let body = text.get(rest.min(text.len())..).unwrap_or_default();
        return by_column(body, first + 2, column, delimiter, file);
    }
    let mut out: Vec<String> = Vec::new();
    for (i, line) in lines.by_ref() {
        let id = line.trim();
        if !plausible(id) {
            return Err(format!(
                "{file} line {}: \"{}\" is not a SIS id; give one id per line, or a CSV whose \
                 header names the student id column (Student_Number, Student ID…)",
                i + 1,
                shown(id)
            ));
        }
        push_once(&mut out, id);
    }
    Ok(out)
}

/// The column of a header row whose name reads as a student id (as the roster importer reads
/// it), the most preferred of several.
fn id_column(header: &str, delimiter: u8) -> Option<usize> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(header.as_bytes());
    let names = reader.records().next()?.ok()?;
    names
        .iter()
        .enumerate()
        .filter_map(|(i, name)| match field_for(&normalise(name)) {
            Some(("sis_id", rank)) => Some((rank, i)),
            _ => None,
        })
        .min()
        .map(|(_, i)| i)
}

/// The ids of one column of a CSV's lines after its header; `line` is the number of the first.
fn by_column(
    body: &str,
    line: usize,
    column: usize,
    delimiter: u8,
    file: &str,
) -> Result<Vec<String>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(body.as_bytes());
    let mut out: Vec<String> = Vec::new();
    for record in reader.records() {
        let at = |p: Option<&csv::Position>| line + p.map_or(0, |p| lines_before(body, p.byte()));
        let record = record
            .map_err(|e| format!("{file} line {} cannot be read as CSV", at(e.position())))?;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let id = record.get(column).unwrap_or_default().trim();
        if id.is_empty() || !plausible(id) {
            return Err(format!(
                "{file} line {}: \"{}\" is not a SIS id (the student id column is read)",
                at(record.position()),
                shown(id)
            ));
        }
        push_once(&mut out, id);
    }
    if out.is_empty() {
        return Err(format!(
            "{file} lists no SIS id under its student id column"
        ));
    }
    Ok(out)
}

/// How many lines of `text` come before the record the CSV reader places at byte `offset` (it
/// may place one on the line end before it, which is stepped over; the reader's own line count
/// does not count CRLF line ends).
fn lines_before(text: &str, offset: u64) -> usize {
    let bytes = text.as_bytes();
    let mut at = usize::try_from(offset)
        .unwrap_or(usize::MAX)
        .min(bytes.len());
    while at < bytes.len() && matches!(bytes[at], b'\r' | b'\n') {
        at += 1;
    }
    bytes[..at].iter().filter(|b| **b == b'\n').count()
}

/// Whether a cell can be an SIS id: not too long, and nothing that separates cells or words.
fn plausible(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= LONGEST
        && !id
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || matches!(c, ',' | ';' | '|' | '"'))
}

/// A cell as a refusal shows it: cleaned, and cut to its first 40 characters.
fn shown(id: &str) -> String {
    clean_line(id).chars().take(40).collect()
}

fn push_once(out: &mut Vec<String>, id: &str) {
    if !out.iter().any(|o| o == id) {
        out.push(id.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_id_per_line_is_read_as_before() {
        let ids = student_ids("\u{feff}# period 3\n200001\r\n\n200002\n200001\n", "f").unwrap();
        assert_eq!(ids, vec!["200001", "200002"]);
        // Two lists joined with cat: the second one's byte order mark is no part of its id.
        let ids = student_ids("900001\n 900002 \n\u{feff}900003\n", "f").unwrap();
        assert_eq!(ids, vec!["900001", "900002", "900003"]);
        assert_eq!(
            student_ids("\n# none\n", "list.txt").unwrap_err(),
            "list.txt lists no SIS id (one id per line)"
        );
    }

    /// A class roster exported as CSV is read by its student id column, as the roster
    /// importer recognises one; its other columns are passed over.
    #[test]
    fn a_class_roster_is_read_by_its_student_id_column() {
        let roster = "Student_Number,LastFirst\n200001,\"Murphy, Owen\"\n200002,\"Lee, Ann\"\n\n";
        assert_eq!(student_ids(roster, "f").unwrap(), vec!["200001", "200002"]);
        // Tab-separated, the id column not first, several id columns (the preferred one).
        let roster = "LastFirst\tID\tStudent Number\n\"Murphy, Owen\"\t17\t200001\n";
        assert_eq!(student_ids(roster, "f").unwrap(), vec!["200001"]);
        // Windows line ends, and comment lines before the header, count as lines.
        let roster = "# 3rd period\r\nStudent ID,Name\r\n1,\"A, B\"\r\n,\"C, D\"\r\n";
        assert_eq!(
            student_ids(roster, "c.csv").unwrap_err(),
            "c.csv line 4: \"\" is not a SIS id (the student id column is read)"
        );
        // A header alone, or a line with no id under the column, is refused.
        assert_eq!(
            student_ids("Student ID,Name\n", "c.csv").unwrap_err(),
            "c.csv lists no SIS id under its student id column"
        );
        assert_eq!(
            student_ids("Student ID,Name\n1,\"A, B\"\n,\"C, D\"\n", "c.csv").unwrap_err(),
            "c.csv line 3: \"\" is not a SIS id (the student id column is read)"
        );
    }

    /// Lines that cannot be ids, with no header naming an id column, refuse the file in one
    /// sentence rather than being taken for ids.
    #[test]
    fn lines_that_are_not_ids_refuse_the_file() {
        let err = student_ids("Number,Name\n200001,\"Murphy, Owen\"\n", "class.csv").unwrap_err();
        assert_eq!(
            err,
            "class.csv line 1: \"Number,Name\" is not a SIS id; give one id per line, or a CSV \
             whose header names the student id column (Student_Number, Student ID…)"
        );
        let err = student_ids("200001\nMurphy Owen\n", "l").unwrap_err();
        assert!(
            err.starts_with("l line 2: \"Murphy Owen\" is not a SIS id"),
            "{err}"
        );
        assert!(student_ids(&"9".repeat(65), "l").is_err());
    }
}
