//! The family printout of the open student, written from the app as an HTML file (readable by
//! its owner only) in the folder plp was started from, for printing or sending home.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::printout::{self, html, Include, Paper, Words};
use crate::store::{FileSchool, StudentRecord};

/// Writes the printout (the family's view: no advisor notes, nothing restricted, in the
/// family's language) into `dir`
/// and gives the file's path, or says in one sentence why it could not be written.
/// The letterhead names `school`, the file's own (the person's setting stands in for a file
/// that names none yet).
pub fn write(
    r: &StudentRecord,
    school: FileSchool,
    today: NaiveDate,
    dir: &Path,
) -> Result<PathBuf, String> {
    let settings = crate::config::load().map_err(|e| e.to_string())?;
    let head = printout::letterhead(school, settings);
    // In the family's language when the team records one plp has words for, else English.
    let code = crate::domain::family_language(&r.team)
        .and_then(|l| printout::words::resolve(l).ok())
        .unwrap_or("en");
    let words = Words::new(code).map_err(|e| e.to_string())?;
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
    let file = dir.join(format!("{}.html", printout::file_stem(&p)));
    write_private(&file, text.as_bytes()).map_err(|e| {
        format!(
            "Cannot write {}: {}",
            file.display(),
            crate::store::io_reason(&e)
        )
    })?;
    Ok(file)
}

/// Whole or not at all (a temporary file, then a rename), readable by its owner only.
fn write_private(file: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut tmp = file.as_os_str().to_owned();
    tmp.push(".plp-tmp");
    let tmp = PathBuf::from(tmp);
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&tmp)
        .and_then(|mut f| f.write_all(bytes).and_then(|_| f.sync_all()))
        .and_then(|_| std::fs::rename(&tmp, file));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}
