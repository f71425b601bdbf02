//! `plp export`: one student's plan for the family (md, html, pdf) or for moving schools (json),
//! and conference night: a printout for each student of a caseload, advisor or grade.

use chrono::NaiveDate;
use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::args::{ExportArgs, ExportFormat, PaperArg};
use super::out_target::OutTarget;
use super::{open_existing, CliError, CliResult, Out};
use crate::domain::advisor::Scope;
use crate::domain::family_languages;
use crate::portable::{export_document, write_document};
use crate::printout::words::FamilyChoice;
use crate::printout::{self, html, md, pdf, Doc, Include, Letterhead, Paper, Words};
use crate::store::{fold, CaseloadRow, Store, StudentRecord};

pub fn run(path: &Path, args: ExportArgs, today: NaiveDate, out: &mut Out) -> CliResult {
    let many = args.all || args.scope.advisor.is_some() || args.scope.grade.is_some();
    if args.student.is_some() && many {
        return Err(CliError::Usage(
            "give a student, or --all, --advisor or --grade, not both".into(),
        ));
    }
    if args.student.is_none() && !many {
        return Err(CliError::Usage(
            "name a student to export, or use --all, --advisor or --grade".into(),
        ));
    }
    // Everything that can be refused is refused before anything is read or written.
    let lang = match &args.lang {
        Some(l) => Some(printout::words::resolve(l).map_err(|e| CliError::Failure(e.to_string()))?),
        None => None,
    };
    let scope = super::scope::resolve(&args.scope)?;
    if args.one_file && !many {
        return Err(CliError::Failure(
            "--one-file is for several students (--all, --advisor or --grade)".into(),
        ));
    }
    let target = OutTarget::new(path, args.force);
    if let Some(out) = &args.out {
        let folder = many && args.format != ExportFormat::Json && !args.one_file;
        if folder {
            // A file there is refused below as not a folder; a folder named as a file beside the
            // database would stop SQLite from making it.
            if !out.exists() {
                target.check_not_database(out)?;
            } else if out.is_dir() {
                target.check_folder(out)?;
            }
        } else if !(args.one_file && out.is_dir()) {
            target.check_file(out)?;
        }
    }
    let store = open_existing(path)?;
    let settings = Settings {
        include: Include {
            notes: args.include_notes,
            restricted: args.include_restricted,
        },
        lang,
        paper: match args.paper {
            Some(PaperArg::A4) => Paper::A4,
            Some(PaperArg::Letter) => Paper::Letter,
            None => Paper::for_locale(locale().as_deref()),
        },
        today,
    };
    match &args.student {
        Some(who) => one(&store, who, &args, &settings, out),
        None if args.format == ExportFormat::Json => {
            let ids: Vec<String> = if scope.is_everyone() {
                store
                    .caseload(today, true)?
                    .into_iter()
                    .map(|r| r.id)
                    .collect()
            } else {
                chosen(&store, &scope, today)?
                    .into_iter()
                    .map(|r| r.id)
                    .collect()
            };
            // Written a student at a time, so that a district's export is never held whole.
            let restricted = args.include_restricted;
            match &args.out {
                None => {
                    write_document(&store, &ids, restricted, today, &mut |piece| {
                        out.print(piece);
                        Ok::<_, CliError>(())
                    })?;
                    out.print("\n");
                }
                Some(file) => {
                    write_file_with(file, true, &mut |w, fail| {
                        write_document(&store, &ids, restricted, today, &mut |piece| {
                            w.write_all(piece.as_bytes()).map_err(fail)
                        })
                    })?;
                    out.line(&format!("wrote {}", file.display()));
                }
            }
            Ok(())
        }
        None => conference_night(&store, &args, &scope, &settings, &target, out),
    }
}

/// What every printout of one run shares.
struct Settings {
    include: Include,
    lang: Option<&'static str>,
    paper: Paper,
    today: NaiveDate,
}

/// The locale that decides the paper: `LC_ALL`, else `LC_PAPER`, else `LANG`.
fn locale() -> Option<String> {
    ["LC_ALL", "LC_PAPER", "LANG"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.trim().is_empty())
}

/// The school of this file's students (the person's setting standing in for a file that names
/// none yet), and the person printing (`$PLP_ADVISOR`, else their settings) with how to reach
/// them, as set in their settings: printed only for that advisor's own students.
fn letterhead(store: &Store) -> CliResult<Letterhead> {
    let c = crate::config::load().map_err(|e| CliError::Failure(e.to_string()))?;
    Ok(printout::letterhead(store.school()?, c))
}

/// The language of one student's printout: `--lang`, else the first the family reads (see
/// [`family_languages`]) that a printout exists in, else English; with the languages the
/// family reads that have no printout (none when `--lang` chose).
fn language_for(r: &StudentRecord, s: &Settings) -> FamilyChoice {
    match s.lang {
        Some(code) => FamilyChoice {
            code,
            unserved: Vec::new(),
        },
        None => printout::words::family_choice(&family_languages(&r.team)),
    }
}

/// Shared translations: one bundle per language, made once per run.
#[derive(Default)]
struct Languages(HashMap<&'static str, Words>);

impl Languages {
    fn get(&mut self, code: &'static str) -> CliResult<&Words> {
        if !self.0.contains_key(code) {
            let w = Words::new(code).map_err(|e| CliError::Failure(e.to_string()))?;
            self.0.insert(code, w);
        }
        Ok(&self.0[code])
    }
}

fn one(store: &Store, who: &str, args: &ExportArgs, s: &Settings, out: &mut Out) -> CliResult {
    let id = super::begin::find_student(store, who)?;
    if args.format == ExportFormat::Json {
        let doc = export_document(store, &[id], args.include_restricted, s.today)?;
        return emit_text(&super::output::json(&doc)?, args, out);
    }
    let record = store.student(&id)?;
    let mut langs = Languages::default();
    let choice = language_for(&record, s);
    let code = choice.code;
    if !choice.unserved.is_empty() {
        // The advisor hands this page to the family: they are told who cannot read it.
        crate::error::tell(format_args!(
            "plp: {}'s family reads {}; there is no printout in {} yet, so this one is in {}",
            record.student.display_name(),
            choice.unserved_names(),
            choice.unserved_pronoun(),
            crate::domain::language_name(code)
        ));
    }
    let words = langs.get(code)?;
    let p = printout::build(&record, s.today, &letterhead(store)?, s.include);
    let doc = printout::compose(&p, words);
    match args.format {
        ExportFormat::Md => emit_text(&md::render(&doc), args, out),
        ExportFormat::Html => emit_text(&html::render(&[doc], s.paper), args, out),
        ExportFormat::Pdf => {
            let (bytes, unshown) = pdf::render_telling(&[doc], s.paper)
                .map_err(|e| CliError::Failure(e.to_string()))?;
            tell_unshown(&unshown, &[]);
            match &args.out {
                Some(file) => {
                    write_private(file, &bytes)?;
                    out.line(&format!("wrote {}", file.display()));
                }
                None if std::io::stdout().is_terminal() => {
                    return Err(CliError::Failure(
                        "a PDF cannot be shown in the terminal: give --out FILE.pdf".into(),
                    ))
                }
                None => out.bytes(&bytes),
            }
            Ok(())
        }
        ExportFormat::Json => Ok(()),
    }
}

fn emit_text(text: &str, args: &ExportArgs, out: &mut Out) -> CliResult {
    match &args.out {
        None => {
            out.print(text);
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

/// The active students the flags choose, sorted by family name, then given name.
fn chosen(store: &Store, scope: &Scope, today: NaiveDate) -> CliResult<Vec<CaseloadRow>> {
    let mut rows: Vec<CaseloadRow> = store
        .caseload(today, false)?
        .into_iter()
        .filter(|r| scope.includes(r.advisor.as_deref(), r.grade))
        .collect();
    rows.sort_by_cached_key(|r| {
        (
            fold(&r.family_name),
            fold(r.preferred_name.as_deref().unwrap_or(&r.given_name)),
            r.sis_id.clone(),
        )
    });
    Ok(rows)
}

fn conference_night(
    store: &Store,
    args: &ExportArgs,
    scope: &Scope,
    s: &Settings,
    guard: &OutTarget,
    out: &mut Out,
) -> CliResult {
    let ext = match args.format {
        ExportFormat::Html => "html",
        ExportFormat::Pdf => "pdf",
        _ => {
            return Err(CliError::Failure(
                "printouts for several students are written as html or pdf (--format html|pdf)"
                    .into(),
            ))
        }
    };
    let Some(target) = &args.out else {
        return Err(CliError::Failure(if args.one_file {
            "give the file to write with --out FILE".into()
        } else {
            "give the folder to write the printouts in with --out DIR".into()
        }));
    };
    if !args.one_file && target.exists() && !target.is_dir() {
        return Err(CliError::Failure(format!(
            "{} is not a folder: --out names the folder for the printouts (or add --one-file)",
            target.display()
        )));
    }
    if args.one_file && target.is_dir() {
        return Err(CliError::Failure(format!(
            "{} is a folder: with --one-file, --out names the file to write",
            target.display()
        )));
    }
    let rows = chosen(store, scope, s.today)?;
    if rows.is_empty() {
        return Err(CliError::Failure(if scope.is_everyone() {
            "there are no active students to print".into()
        } else {
            format!("no active students match: {}", scope.describe())
        }));
    }
    let head = letterhead(store)?;
    let mut langs = Languages::default();
    let index_words =
        Words::new(s.lang.unwrap_or("en")).map_err(|e| CliError::Failure(e.to_string()))?;
    let mut made = Made::default();
    let bar = progress(rows.len());
    if args.one_file {
        let mut docs = Vec::with_capacity(rows.len());
        for row in &rows {
            let record = store.student(&row.id)?;
            let choice = language_for(&record, s);
            let words = langs.get(choice.code)?;
            let p = printout::build(&record, s.today, &head, s.include);
            made.add(&p, words, &choice, &index_words);
            docs.push(printout::compose(&p, words));
            bar.inc(1);
        }
        let bytes = if ext == "pdf" {
            let (bytes, unshown) = pdf::render_telling(&docs, s.paper)
                .map_err(|e| CliError::Failure(e.to_string()))?;
            // One file of many printouts: each printout that holds such a character is named.
            let holding: Vec<String> = if unshown.is_empty() {
                Vec::new()
            } else {
                docs.iter()
                    .filter(|d| md::render(d).chars().any(|c| unshown.contains(&c)))
                    .map(|d| format!("{}'s printout", d.title))
                    .collect()
            };
            tell_unshown(&unshown, &holding);
            bytes
        } else {
            html::render(&docs, s.paper).into_bytes()
        };
        bar.finish_and_clear();
        write_private(target, &bytes)?;
        out.line(&format!(
            "wrote {} to {}",
            made.printouts(),
            target.display()
        ));
        // With no index to name them in, the families who read a language with no printout
        // yet are named here, as the index names them.
        for line in made.unserved() {
            out.line(&format!("  {line}"));
        }
        return Ok(());
    }
    create_private_dir(target)?;
    let mut entries = Vec::with_capacity(rows.len());
    // Students are read and put into words here, one at a time (the database connection stays
    // on this thread); the printouts are drawn and written on every core, a few at a time.
    let failed: Mutex<Option<CliError>> = Mutex::new(None);
    let fail = |e: CliError| {
        let mut f = failed.lock().unwrap_or_else(|p| p.into_inner());
        f.get_or_insert(e);
    };
    // The characters drawn as empty boxes, and the printouts that hold any.
    let boxed: Mutex<(Vec<char>, Vec<String>)> = Mutex::default();
    let (tx, rx) = std::sync::mpsc::sync_channel::<(Doc, PathBuf)>(16);
    let rx = Mutex::new(rx);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    std::thread::scope(|scope| {
        for _ in 0..workers.min(rows.len()) {
            scope.spawn(|| loop {
                let job = rx.lock().unwrap_or_else(|p| p.into_inner()).recv();
                let Ok((doc, file)) = job else { break };
                let bytes = if ext == "pdf" {
                    pdf::render_telling(&[doc], s.paper)
                        .map(|(bytes, unshown)| {
                            note_boxed(&boxed, unshown, &file);
                            bytes
                        })
                        .map_err(|e| CliError::Failure(e.to_string()))
                } else {
                    Ok(html::render(&[doc], s.paper).into_bytes())
                };
                let written = bytes.and_then(|b| {
                    guard.check_not_database(&file)?;
                    write_printout(&file, &b)
                });
                match written {
                    Ok(()) => bar.inc(1),
                    Err(e) => fail(e),
                }
            });
        }
        let mut produce = || -> CliResult {
            for row in &rows {
                if failed.lock().unwrap_or_else(|p| p.into_inner()).is_some() {
                    break;
                }
                let record = store.student(&row.id)?;
                let choice = language_for(&record, s);
                let code = choice.code;
                let words = langs.get(code)?;
                let p = printout::build(&record, s.today, &head, s.include);
                let doc = printout::compose(&p, words);
                let file = format!("{}.{ext}", printout::file_stem(&p));
                let label = made.add(&p, words, &choice, &index_words);
                entries.push((label, file.clone()));
                if tx.send((doc, target.join(&file))).is_err() {
                    break;
                }
            }
            Ok(())
        };
        if let Err(e) = produce() {
            fail(e);
        }
        drop(tx);
    });
    if let Some(e) = failed.into_inner().unwrap_or_else(|p| p.into_inner()) {
        return Err(e);
    }
    bar.finish_and_clear();
    let (unshown, mut files) = boxed.into_inner().unwrap_or_else(|p| p.into_inner());
    files.sort();
    tell_unshown(&unshown, &files);
    let words = index_words;
    let index = html::index(
        &words.t("index-title"),
        &words.count("index-count", entries.len()),
        &words.with("printed", &[("date", words.date(s.today))]),
        &entries,
    );
    let index_file = target.join("index.html");
    guard.check_not_database(&index_file)?;
    write_private(&index_file, index.as_bytes())?;
    out.line(&format!(
        "wrote {} and index.html to {}",
        made.printouts(),
        target.display()
    ));
    Ok(())
}

/// What a run of printouts made, as the index and the terminal tell it: each printout's line,
/// how many are in each language, and which families read a language with no printout yet.
#[derive(Default)]
struct Made {
    /// Printouts made in each language (the language's name in itself).
    languages: std::collections::BTreeMap<String, usize>,
    /// The lines of the printouts made in another language than the family reads.
    unserved: Vec<String>,
    /// Printouts made.
    count: usize,
}

impl Made {
    /// Counts the printout `p`, put into `words` for a family whose languages are `choice`,
    /// and gives its line (in `index`'s language): "Nguyen, Thi Mai · Grade 10 · English (the
    /// family reads Vietnamese; there is no printout in it yet)".
    fn add(
        &mut self,
        p: &printout::Printout,
        words: &Words,
        choice: &FamilyChoice,
        index: &Words,
    ) -> String {
        let mut label = if p.family_name.is_empty() {
            p.name.clone()
        } else {
            format!("{}, {}", p.family_name, p.first_name)
        };
        if let Some(g) = p.grade {
            let grade =
                crate::domain::grade_words(g, crate::domain::GradeForm::Alone, index.code());
            label.push_str(&format!(" · {grade}"));
        }
        // Which language each printout is in (its name in that language).
        let language = words.t("language-name");
        label.push_str(&format!(" · {language}"));
        if !choice.unserved.is_empty() {
            let why = index.with("language-missing", &[("language", choice.unserved_names())]);
            label.push_str(&format!(" ({why})"));
            self.unserved.push(label.clone());
        }
        *self.languages.entry(language).or_default() += 1;
        self.count += 1;
        label
    }

    /// "6 printouts (4 in English, 2 in Español)": how many in each language when there are
    /// several.
    fn printouts(&self) -> String {
        let languages = if self.languages.len() > 1 {
            let each: Vec<String> = self
                .languages
                .iter()
                .map(|(l, n)| format!("{n} in {l}"))
                .collect();
            format!(" ({})", each.join(", "))
        } else {
            String::new()
        };
        format!(
            "{}{languages}",
            crate::domain::count(self.count as u64, "printout")
        )
    }

    /// The lines of the printouts made in another language than the family reads.
    fn unserved(&self) -> &[String] {
        &self.unserved
    }
}

/// A progress bar on standard error, drawn only when it is a terminal.
fn progress(n: usize) -> indicatif::ProgressBar {
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(n as u64);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} printouts ({eta} left)")
    {
        bar.set_style(style);
    }
    bar
}

/// Creates the folder for the printouts (owner only) if it is not there.
fn create_private_dir(dir: &Path) -> CliResult {
    use std::os::unix::fs::DirBuilderExt;
    if dir.is_dir() {
        return Ok(());
    }
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| {
            CliError::Failure(format!(
                "cannot create the folder {}: {}",
                dir.display(),
                crate::store::io_reason(&e)
            ))
        })
}

/// Writes a file readable by its owner only, whole or not at all (temp file, then rename),
/// flushed to disk.
pub(super) fn write_private(file: &Path, bytes: &[u8]) -> CliResult {
    write_file(file, bytes, true)
}

/// As [`write_private`], for one of many printouts: whole or not at all, but not flushed one by
/// one (a printout lost to a power cut is printed again; 500 flushes cost seconds).
fn write_printout(file: &Path, bytes: &[u8]) -> CliResult {
    write_file(file, bytes, false)
}

fn write_file(file: &Path, bytes: &[u8], flush: bool) -> CliResult {
    write_file_with(file, flush, &mut |w, fail| w.write_all(bytes).map_err(fail))
}

/// How a failed write is said, for the file being written.
type Fail<'a> = &'a dyn Fn(std::io::Error) -> CliError;

/// As [`write_file`], the contents written a piece at a time by `fill` (given the writer and
/// how to say a failed write), so that they are never held whole.
fn write_file_with(
    file: &Path,
    flush: bool,
    fill: &mut dyn FnMut(&mut dyn Write, Fail<'_>) -> CliResult,
) -> CliResult {
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
        let f = std::fs::OpenOptions::new()
            .write(true)
            .open(file)
            .map_err(fail)?;
        let mut w = std::io::BufWriter::new(f);
        fill(&mut w, &fail)?;
        return w.flush().map_err(fail);
    }
    let mut tmp = file.as_os_str().to_owned();
    tmp.push(".plp-tmp");
    let tmp = std::path::PathBuf::from(tmp);
    let f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&tmp)
        .map_err(fail)?;
    let mut w = std::io::BufWriter::new(f);
    let filled = fill(&mut w, &fail);
    let written = filled.and_then(|_| {
        let f = w.into_inner().map_err(|e| fail(e.into_error()))?;
        if flush {
            f.sync_all().map_err(fail)?;
        }
        std::fs::rename(&tmp, file).map_err(fail)
    });
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// Notes the characters one printout's PDF draws as empty boxes, and its file's name, among
/// those of the printouts drawn so far (`boxed`: the characters, each once, and the files).
fn note_boxed(boxed: &Mutex<(Vec<char>, Vec<String>)>, unshown: Vec<char>, file: &Path) {
    if unshown.is_empty() {
        return;
    }
    let mut held = boxed.lock().unwrap_or_else(|p| p.into_inner());
    let (chars, files) = &mut *held;
    for c in unshown {
        if !chars.contains(&c) {
            chars.push(c);
        }
    }
    files.push(
        file.file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
    );
}

/// Tells on standard error which characters a PDF draws as empty boxes (its font has nothing
/// for them), and in which of the printouts `files` (none named for one printout), so that a
/// family is never handed boxes where their child's name should be unawares.
fn tell_unshown(unshown: &[char], files: &[String]) {
    if unshown.is_empty() {
        return;
    }
    let shown: String = unshown
        .iter()
        .take(8)
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(" ");
    let more = if unshown.len() > 8 { " …" } else { "" };
    let which = match files {
        [] => "this PDF shows".to_string(),
        [one] => format!("{one} shows"),
        [first, rest @ ..] => format!("{first} and {} more show", rest.len()),
    };
    crate::error::tell(format_args!(
        "plp: {which} some characters as empty boxes ({shown}{more}): the PDF's font has none \
         for them; --format html shows them as the reader's browser does"
    ));
}
