//! The school a file's students belong to: a setting of the file itself (its replica), kept in
//! `meta` and never synced, because a laptop and its school server are two files that may
//! belong to one school or, in a district, to two. The hub files a student under it when the
//! record names no school, and the family printouts of the file's students carry it.
//!
//! A file made as a copy of another (`plp sync --create`, or an empty file's first sync) starts
//! with the other's school, as a laptop made from its school server's copy should; a file that
//! had a school of its own before it took the copy keeps its own.

use super::{Result, Store};

/// The `meta` key.
pub(super) const KEY: &str = "school";

/// The school set for one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileSchool {
    /// Never set for this file: the person's own `school` setting (from before the school
    /// belonged to the file) stands in.
    Unset,
    /// Cleared for this file: it names no school, whatever the person's setting says.
    Cleared,
    /// The school's name.
    Named(String),
}

impl FileSchool {
    /// The school of the file's students: its own, else (for a file that never had one) the
    /// person's.
    pub fn or_person(self, person: Option<String>) -> Option<String> {
        match self {
            FileSchool::Named(name) => Some(name),
            FileSchool::Cleared => None,
            FileSchool::Unset => person.filter(|s| !s.trim().is_empty()),
        }
    }
}

impl Store {
    /// The school set for this file.
    pub fn school(&self) -> Result<FileSchool> {
        Ok(match self.meta(KEY)? {
            None => FileSchool::Unset,
            Some(s) if s.trim().is_empty() => FileSchool::Cleared,
            Some(s) => FileSchool::Named(s),
        })
    }

    /// Sets this file's school (`None` clears it, so that the person's setting no longer stands
    /// in either).
    pub fn set_school(&self, name: Option<&str>) -> Result<()> {
        self.set_meta(KEY, name.map(str::trim).unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_names_its_own_school_and_the_persons_stands_in_only_until_it_does() {
        let s = Store::in_memory().unwrap();
        assert_eq!(s.school().unwrap(), FileSchool::Unset);
        let person = Some("North High".to_string());
        assert_eq!(
            s.school().unwrap().or_person(person.clone()).as_deref(),
            Some("North High")
        );
        s.set_school(Some("West High")).unwrap();
        assert_eq!(
            s.school().unwrap().or_person(person.clone()).as_deref(),
            Some("West High")
        );
        s.set_school(None).unwrap();
        assert_eq!(s.school().unwrap(), FileSchool::Cleared);
        assert_eq!(s.school().unwrap().or_person(person), None);
    }
}
