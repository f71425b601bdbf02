//! `plp import plan FILE.json`: a plan exported elsewhere (a student who moved schools), or a
//! whole district's export. The file is read twice, a student at a time, so that its size never
//! shows in memory: first to refuse a bad document before the database is opened, then to bring
//! each student in, all in one transaction (all or nothing).

use std::fs::File;
use std::io::{BufReader, Seek};
use std::path::Path;

use super::output::plural;
use super::{CliError, CliResult, Out};
use crate::portable::stream::{self, CheckError, Checked, WalkError};
use crate::portable::{import_checked_student, ImportSummary};
use crate::store::{StoreError, Writer};

/// How much of the file is read at once.
const READ_AHEAD: usize = 1 << 20;
/// SQLite's page cache while the students are written (bounded: the file's size never counts).
const CACHE_MB: i64 = 32;

fn open(file: &Path) -> Result<BufReader<File>, CliError> {
    let f = File::open(file).map_err(|e| {
        CliError::Failure(format!(
            "cannot read {}: {}",
            file.display(),
            crate::store::io_reason(&e)
        ))
    })?;
    Ok(BufReader::with_capacity(READ_AHEAD, f))
}

pub fn run(path: &Path, file: &Path, out: &mut Out) -> CliResult {
    // One handle for both passes: what is imported is what was checked, even if another
    // file is put in its place meanwhile.
    let mut reader = open(file)?;
    Checked::read(&mut reader, super::today()).map_err(|e| match e {
        CheckError::Unreadable(e) => CliError::Failure(format!(
            "cannot read {}: {}",
            file.display(),
            crate::store::io_reason(&e)
        )),
        CheckError::Invalid(e) => CliError::Failure(format!("{}: {e}", file.display())),
    })?;
    reader.rewind().map_err(|e| {
        CliError::Failure(format!(
            "cannot read {} again: {}",
            file.display(),
            crate::store::io_reason(&e)
        ))
    })?;
    let mut store = super::import::open_or_make(path)?;
    store.set_cache_mb(CACHE_MB)?;
    let sum = store.write(|w| import_all(w, reader))?;
    out.line(&format!(
        "imported {}: {} student{} added, {} updated, {} goal{}, {} strateg{}, {} check-in{}, {} \
         other record{}",
        file.display(),
        sum.students_added,
        plural(sum.students_added, "", "s"),
        sum.students_updated,
        sum.goals,
        plural(sum.goals, "", "s"),
        sum.strategies,
        plural(sum.strategies, "y", "ies"),
        sum.checkins,
        plural(sum.checkins, "", "s"),
        sum.other,
        plural(sum.other, "", "s")
    ));
    Ok(())
}

/// Brings in every student of the checked document, one at a time.
fn import_all(w: &mut Writer<'_>, reader: BufReader<File>) -> Result<ImportSummary, StoreError> {
    let mut sum = ImportSummary::default();
    let walked = stream::walk(reader, &mut |v| {
        let s = stream::student(v).map_err(|why| {
            crate::domain::ValidationError::new(format!("the plan document is not valid: {why}"))
        })?;
        import_checked_student(w, &s, &mut sum)
    });
    match walked {
        Ok(_) => Ok(sum),
        Err(WalkError::Stopped(e)) => Err(e),
        // The file was read whole a moment ago; it changed or went away meanwhile.
        Err(WalkError::Json(e)) => Err(crate::domain::ValidationError::new(format!(
            "the plan document changed while it was read: {}",
            e
        ))
        .into()),
    }
}
