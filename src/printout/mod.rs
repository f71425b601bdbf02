//! The family printout: what a family sees of a student's plan, in their language, as HTML,
//! PDF or Markdown, one student or a whole caseload for conference night.
//!
//! `model` decides what may be shown (pure), `doc` puts it into the family's words from the
//! translation files (`words`), and `html`, `pdf` and `md` draw it; `charts` lays out the
//! progress charts they share.

pub mod charts;
pub mod doc;
pub mod fonts;
pub mod html;
pub mod md;
pub mod model;
pub mod pdf;
pub mod who;
pub mod words;

pub use doc::{compose, Doc};
pub use model::{build, Include, Letterhead, Printout};
pub use words::{UnknownLanguage, Words};

/// The letterhead of printouts made by the person whose settings are `settings`, for a file
/// whose school is `school` (the person's setting standing in for a file that names none
/// yet): the person printing is `$PLP_ADVISOR`, else the advisor their settings name, and the
/// contact theirs, printed for their own students only (see [`Letterhead::contact_for`]).
pub fn letterhead(school: crate::store::FileSchool, settings: crate::config::Config) -> Letterhead {
    Letterhead {
        advisor: crate::config::advisor(&settings),
        school: school.or_person(settings.school),
        contact: settings.contact,
    }
}

/// Printed page size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    /// 210 × 297 mm.
    A4,
    /// 8.5 × 11 in.
    Letter,
}

/// Regions where US Letter is the usual paper (the rest of the world uses A4).
const LETTER_REGIONS: &[&str] = &[
    "US", "CA", "MX", "PH", "CL", "CO", "VE", "CR", "GT", "PA", "SV", "DO", "PR", "NI", "HN", "BZ",
];

impl Paper {
    /// Width and height in points.
    pub fn points(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }

    /// The usual paper for a locale such as "es_ES.UTF-8" (Letter when none is known).
    pub fn for_locale(locale: Option<&str>) -> Paper {
        let region = locale
            .and_then(|l| l.split(['.', '@']).next())
            .and_then(|l| l.split(['_', '-']).nth(1))
            .map(|r| r.to_uppercase());
        match region {
            Some(r) if !LETTER_REGIONS.contains(&r.as_str()) => Paper::A4,
            _ => Paper::Letter,
        }
    }
}

/// A file name that sorts by family name, then given name, and says whose it is:
/// "okafor-amara-100234". Only ASCII letters, digits and hyphens; each part at most
/// [`STEM_PART`] characters, so that a name of any length makes a name a file system takes.
pub fn file_stem(p: &Printout) -> String {
    let mut parts = Vec::new();
    for part in [&p.family_name, &p.first_name, &p.sis_id] {
        let ascii = deunicode::deunicode(part).to_lowercase();
        let mut word = String::new();
        for ch in ascii.chars() {
            if ch.is_ascii_alphanumeric() {
                word.push(ch);
            } else if !word.ends_with('-') && !word.is_empty() {
                word.push('-');
            }
        }
        let word: String = word.chars().take(STEM_PART).collect();
        let word = word.trim_matches('-').to_string();
        if !word.is_empty() {
            parts.push(word);
        }
    }
    if parts.is_empty() {
        "student".into()
    } else {
        parts.join("_")
    }
}

/// The longest part of a printout's file name (three parts stay far below the 255 bytes a
/// file name may take).
const STEM_PART: usize = 60;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paper_follows_the_locale() {
        assert_eq!(Paper::for_locale(Some("es_ES.UTF-8")), Paper::A4);
        assert_eq!(Paper::for_locale(Some("en_US.UTF-8")), Paper::Letter);
        assert_eq!(Paper::for_locale(Some("es_MX")), Paper::Letter);
        assert_eq!(Paper::for_locale(Some("de_DE@euro")), Paper::A4);
        assert_eq!(Paper::for_locale(Some("C")), Paper::Letter);
        assert_eq!(Paper::for_locale(None), Paper::Letter);
    }
}
