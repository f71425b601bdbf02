//! `plp export`: one student's plan for families (md, html) or for moving schools (json).

use chrono::NaiveDate;
use std::io::Write;
use std::path::Path;

use super::args::{ExportArgs, ExportFormat};
use super::{open_existing, CliError, CliResult, Out};
use crate::portable::export_document;
use crate::report::{html, markdown, summary::summarise};

pub fn run(path: &Path, args: ExportArgs, today: NaiveDate, out: &mut Out) -> CliResult {
    let store = open_existing(path)?;
    let text = match (&args.student, args.all, args.format) {
        (Some(_), true, _) => {
            return Err(CliError::Usage("give a student or --all, not both".into()))
        }
        (None, false, _) => {
            return Err(CliError::Usage(
                "name a student to export, or use --all".into(),
            ))
        }
        (None, true, ExportFormat::Json) => {
            let ids: Vec<String> = store
                .caseload(today, true)?
                .into_iter()
                .map(|r| r.id)
                .collect();
            let doc = export_document(&store, &ids, args.include_restricted, today)?;
            super::output::json(&doc)?
        }
        (None, true, _) => {
            return Err(CliError::Usage(
                "--all exports only as json (--format json)".into(),
            ))
        }
        (Some(who), false, format) => {
            let id = store.find_student(who)?;
            match format {
                ExportFormat::Json => {
                    let doc = export_document(&store, &[id], args.include_restricted, today)?;
                    super::output::json(&doc)?
                }
                ExportFormat::Md | ExportFormat::Html => {
                    let record = store.student(&id)?;
                    let s = summarise(&record, today, args.include_restricted);
                    if format == ExportFormat::Md {
                        markdown::render(&s)
                    } else {
                        html::render(&s)
                    }
                }
            }
        }
    };
    match &args.out {
        None => {
            out.print(&text);
            if !text.ends_with('\n') {
                out.print("\n");
            }
        }
        Some(file) => {
            write_private(file, text.as_bytes())?;
            out.line(&format!("wrote {}", file.display()));
        }
    }
    Ok(())
}

/// Writes a file readable by its owner only, whole or not at all (temp file, then rename).
pub(super) fn write_private(file: &Path, bytes: &[u8]) -> CliResult {
    use std::os::unix::fs::OpenOptionsExt;
    let fail = |e: std::io::Error| {
        CliError::Failure(format!(
            "cannot write {}: {}",
            file.display(),
            crate::store::io_reason(&e)
        ))
    };
    // A pipe or a device (`--out /dev/stdout`) is written in place: it cannot be renamed over.
    if std::fs::metadata(file).is_ok_and(|m| !m.is_file()) {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .open(file)
            .map_err(fail)?;
        return f.write_all(bytes).and_then(|_| f.flush()).map_err(fail);
    }
    let mut tmp = file.as_os_str().to_owned();
    tmp.push(".plp-tmp");
    let tmp = std::path::PathBuf::from(tmp);
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&tmp)
        .map_err(fail)?;
    let written = f.write_all(bytes).and_then(|_| f.sync_all());
    if let Err(e) = written.and_then(|_| std::fs::rename(&tmp, file)) {
        let _ = std::fs::remove_file(&tmp);
        return Err(fail(e));
    }
    Ok(())
}
