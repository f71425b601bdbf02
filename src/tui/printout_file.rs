//! The family printout of the open student, written from the app as an HTML file (readable by
//! its owner only) in the folder plp was started from, for printing or sending home; never over
//! a file already there, so a page sent home before stays as it was.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::printout::words::FamilyChoice;
use crate::printout::{self, html, Include, Paper, Words};
use crate::store::{FileSchool, StudentRecord};

/// Writes the printout (the family's view: no advisor notes, nothing restricted, in the
/// family's language) into `dir`
/// and gives the file written, or says in one sentence why it could not be written.
/// The letterhead names `school`, the file's own (the person's setting stands in for a file
/// that names none yet).
pub fn write(
    r: &StudentRecord,
    school: FileSchool,
    today: NaiveDate,
    dir: &Path,
) -> Result<Written, String> {
    let settings = crate::config::load().map_err(|e| e.to_string())?;
    let head = printout::letterhead(school, settings);
    // In the first language the family reads that plp has words for, else English.
    let choice = printout::words::family_choice(&crate::domain::family_languages(&r.team));
    let words = Words::new(choice.code).map_err(|e| e.to_string())?;
    let p = printout::build(r, today, &head, Include::default());
    let doc = printout::compose(&p, &words);
    let paper = Paper::for_locale(
        ["LC_ALL", "LC_PAPER", "LANG"]
            .iter()
            .filter_map(|v| std::env::var(v).ok())
            .find(|v| !v.trim().is_empty())
            .as_deref(),
    );
    let text = html::render(&[doc], paper);
    let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let stem = printout::file_stem(&p);
    let (file, beside_earlier) = write_new(&dir, &stem, text.as_bytes()).map_err(|(file, e)| {
        format!(
            "Cannot write {}: {}",
            file.display(),
            crate::store::io_reason(&e)
        )
    })?;
    Ok(Written {
        file,
        beside_earlier,
        language: choice,
    })
}

/// A printout written: where, whether earlier printouts of the student were in the folder, and
/// in which language.
pub struct Written {
    pub file: PathBuf,
    pub beside_earlier: bool,
    /// The language it is in, and those the family reads that there is no printout in.
    pub language: FamilyChoice,
}

impl Written {
    /// What the advisor is told: where the printout is, and, when it is not the first of this
    /// student in that folder, that the ones before it are kept.
    pub fn sentence(&self) -> String {
        let kept = if self.beside_earlier {
            " (the ones printed before stay as they were)"
        } else {
            ""
        };
        let mut said = format!(
            "Wrote the family printout to {}{kept}.",
            self.file.display()
        );
        let language = &self.language;
        if !language.unserved.is_empty() {
            said.push_str(&format!(
                " The family reads {}: there is no printout in {} yet, so this one is in {}.",
                language.unserved_names(),
                language.unserved_pronoun(),
                crate::domain::language_name(language.code)
            ));
        }
        said
    }
}

/// The most printouts of one student one folder takes before plp says it is full of them.
const MOST_OF_ONE: u32 = 99;

/// Writes `bytes` under the first free name of `stem` in `dir` (`stem.html`, then
/// `stem_2.html`, …), never over a file already there: a printout sent home earlier stays as it
/// was. Gives the name written and whether another printout of the student was there before
/// it, or the name tried and why it failed.
fn write_new(
    dir: &Path,
    stem: &str,
    bytes: &[u8],
) -> Result<(PathBuf, bool), (PathBuf, std::io::Error)> {
    let first = dir.join(format!("{stem}.html"));
    let tmp = dir.join(format!(".{stem}.html.plp-tmp"));
    write_private(&tmp, bytes).map_err(|e| (first.clone(), e))?;
    let mut taken = None;
    for n in 1..=MOST_OF_ONE {
        let file = match n {
            1 => first.clone(),
            n => dir.join(format!("{stem}_{n}.html")),
        };
        // A hard link is made whole or not at all, and never over a name in use.
        match std::fs::hard_link(&tmp, &file) {
            Ok(()) => {
                let _ = std::fs::remove_file(&tmp);
                return Ok((file, n > 1));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => taken = Some(file),
            // A folder without hard links (a memory stick's): the file is made new instead.
            Err(_) => {
                let _ = std::fs::remove_file(&tmp);
                return match write_new_file(&file, bytes) {
                    Ok(()) => Ok((file, n > 1)),
                    Err(e) => Err((file, e)),
                };
            }
        }
    }
    let _ = std::fs::remove_file(&tmp);
    let last = taken.unwrap_or(first);
    Err((
        last,
        std::io::Error::other(format!(
            "{MOST_OF_ONE} printouts of this student are already in that folder"
        )),
    ))
}

/// `bytes` in `file`, made new (never over a file there), readable by its owner only; a
/// write that fails part way leaves no file.
fn write_new_file(file: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(file)?;
    let written = f.write_all(bytes).and_then(|_| f.sync_all());
    if written.is_err() {
        let _ = std::fs::remove_file(file);
    }
    written
}

/// The whole of `bytes` in `tmp`, on disk, readable by its owner only.
fn write_private(tmp: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(tmp)
        .and_then(|mut f| f.write_all(bytes).and_then(|_| f.sync_all()));
    if written.is_err() {
        let _ = std::fs::remove_file(tmp);
    }
    written
}
