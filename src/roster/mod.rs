//! Rosters exported from a student information system (PowerSchool, Infinite Campus, Skyward,
//! Aeries, OneRoster `users.csv`, or any CSV with a header row): read, checked, and applied.

pub mod apply;
pub mod formats;
mod id_list;
mod lines_of_one;
pub mod maps;
pub mod one_roster_roles;
mod read;
mod spreadsheet;
pub mod zeros;

pub use id_list::student_ids;
pub use read::decoded_text;
pub use read::{header, ignored_columns, label, parse, parse_with};

use std::collections::HashMap;

use crate::domain::Student;

/// A roster that passed every check.
#[derive(Debug, Clone, PartialEq)]
pub struct Roster {
    /// The students, in file order.
    pub students: Vec<Student>,
    /// The student fields the file has columns for (only these are updated on re-import).
    pub fields: Vec<&'static str>,
    /// Header names that were not understood and were ignored.
    pub ignored: Vec<String>,
    /// Rows of a OneRoster file that are not students, by role ("teacher", "guardian"), and
    /// how many of each were passed over.
    pub others: Vec<(String, usize)>,
    /// The file is a OneRoster `users.csv`.
    pub one_roster: bool,
    /// Lines that say the same of every field as an earlier line of their student, taken
    /// once: (line, the earlier line).
    pub repeated: Vec<(u64, u64)>,
    /// Lines of a student taken as one with an earlier line of theirs, an optional cell that
    /// one of them leaves blank filled from the other: (line, the earlier line).
    pub filled: Vec<(u64, u64)>,
    /// For each SIS id, the optional fields its line leaves blank: they keep what is stored.
    pub blank: HashMap<String, Vec<&'static str>>,
    /// Yes/no columns blank on every line (not filled in by the export): they change nothing.
    pub unfilled: Vec<&'static str>,
    /// Each SIS id's first line in the file.
    pub lines: HashMap<String, u64>,
    /// Lines taken as an earlier line's student, their ids equal once leading zeros are
    /// ignored (`4` and `04`).
    pub twins: Vec<ZeroTwin>,
    /// Lines whose ids equal an earlier line's once leading zeros are ignored, but which say
    /// otherwise of the student: bad lines, unless both ids are stored students'.
    pub zero_clashes: Vec<ZeroClash>,
    /// Lines of graduates (PowerSchool's grade 99): the student is inactive, the grade kept.
    pub graduated: Vec<u64>,
    /// Fields that two or more columns could give, with those columns: the first is read, the
    /// others where it is blank.
    pub chosen: Vec<(&'static str, Vec<String>)>,
}

/// A line taken as an earlier line's student, its id equal to that line's once leading zeros
/// are ignored; the student keeps the earlier line's id.
#[derive(Debug, Clone, PartialEq)]
pub struct ZeroTwin {
    /// The line, and its id.
    pub line: u64,
    pub id: String,
    /// The earlier line, and its id.
    pub first: u64,
    pub first_id: String,
}

/// A line whose id equals another line's once leading zeros are ignored, but which says
/// otherwise of the student.
#[derive(Debug, Clone, PartialEq)]
pub struct ZeroClash {
    /// The line, and its id.
    pub line: u64,
    pub id: String,
    /// The other line's id.
    pub other: String,
    /// Why the line is bad, unless both ids are stored students'.
    pub why: String,
}

impl Roster {
    /// The fields a student's line updates: the file's columns, less those left blank.
    pub fn fields_for(&self, student: &Student) -> Vec<&'static str> {
        let blank = self.blank.get(&student.sis_id);
        self.fields
            .iter()
            .copied()
            .filter(|f| !blank.is_some_and(|b| b.contains(f)))
            .collect()
    }
}

/// Why a roster cannot be imported.
#[derive(Debug, Clone, PartialEq)]
pub enum RosterError {
    /// The header row itself is unusable.
    Header(String),
    /// These lines are bad: (line number, reason).
    Lines(Vec<(u64, String)>),
    /// The file is an Excel workbook (`.xlsx` or `.xls`), not text.
    Workbook,
    /// The file is a zip archive that is not a workbook: a OneRoster export's set of CSV files
    /// when it holds a `users.csv`.
    Archive {
        /// It holds a `users.csv` (a OneRoster export).
        one_roster: bool,
    },
    /// The file is not text at all (a program, an image): it holds NUL bytes.
    NotText,
}
