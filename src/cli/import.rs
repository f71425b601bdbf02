//! `plp import roster|plan`.

use chrono::NaiveDate;
use std::path::Path;

use super::args::ImportCommand;
use super::{CliError, CliResult, Out};
use crate::roster::{self, formats, maps as roster_maps, RosterError};
use crate::store::Upsert;

pub fn run(path: &Path, args: ImportCommand, today: NaiveDate, out: &mut Out) -> CliResult {
    let there = std::fs::symlink_metadata(path).is_ok();
    let folders = missing_folders(path);
    let result = import(path, args, today, out);
    match result {
        // A database this run made for an import that failed holds nothing: it goes (with the
        // folders made for it), so that a retry with the right --db finds nothing left here.
        Err(CliError::Failure(why)) if !there && remove_if_unused(path, &folders) => {
            Err(CliError::Failure(format!(
                "{why}; the new database at {} was removed",
                path.display()
            )))
        }
        other => other,
    }
}

/// The folders above `path` that are not there yet, the deepest first.
fn missing_folders(path: &Path) -> Vec<std::path::PathBuf> {
    path.ancestors()
        .skip(1)
        .filter(|p| !p.as_os_str().is_empty())
        .take_while(|p| std::fs::symlink_metadata(p).is_err())
        .map(Path::to_path_buf)
        .collect()
}

/// Removes the database at `path` and the files beside it when it holds no change and no
/// student, then each of `folders` left empty; whether the database was removed.
fn remove_if_unused(path: &Path, folders: &[std::path::PathBuf]) -> bool {
    let unused = crate::store::Store::open_existing(path)
        .and_then(|s| Ok(s.op_count()? == 0 && s.student_count()? == 0))
        .unwrap_or(false);
    if unused {
        crate::store::Store::remove_unfinished(path);
        for folder in folders {
            // Only an empty folder is removed; one that holds anything stops here.
            if std::fs::remove_dir(folder).is_err() {
                break;
            }
        }
    }
    unused
}

fn import(path: &Path, args: ImportCommand, today: NaiveDate, out: &mut Out) -> CliResult {
    match args {
        ImportCommand::Plan { file } => super::import_plan::run(path, &file, out),
        ImportCommand::Roster {
            file,
            dry_run,
            maps,
            mark_missing_inactive,
            yes,
        } => roster_run(
            path,
            &file,
            RosterOptions {
                dry_run,
                maps,
                mark_missing_inactive,
                yes,
            },
            today,
            out,
        ),
    }
}

struct RosterOptions {
    dry_run: bool,
    maps: Vec<String>,
    mark_missing_inactive: bool,
    yes: bool,
}

/// Opens the database to import into, making it if no file is there (a first import starts a
/// database so), and then saying so on standard error, so that a mistyped path is seen at once.
pub(super) fn open_or_make(path: &Path) -> CliResult<crate::store::Store> {
    let new = !path.exists();
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty() && !p.exists());
    let folder = folder.map(|f| format!(", and its folder {}", f.display()));
    let store = super::open_store(path)?;
    if new {
        crate::error::tell(format_args!(
            "made a new database at {}{} (no file was there)",
            path.display(),
            folder.unwrap_or_default()
        ));
    }
    Ok(store)
}

/// Whether marking `missing` of `active` students inactive is so many that the roster is more
/// likely a part of the school's (one grade, one building) than the whole: more than half of
/// them, and more than a handful.
fn too_many_to_mark(missing: usize, active: usize) -> bool {
    missing > 5 && missing * 2 > active
}

/// `--map COLUMN=FIELD` values, checked: (column as typed, field).
fn parse_maps(maps: &[String]) -> CliResult<Vec<(String, String)>> {
    maps.iter()
        .map(|m| {
            let Some((col, field)) = m.rsplit_once('=') else {
                return Err(CliError::Failure(format!(
                    "--map \"{}\" needs COLUMN=FIELD (e.g. \"Homeroom Teacher=advisor\")",
                    crate::domain::clean_line(m)
                )));
            };
            let col = crate::domain::clean_line(col);
            if col.is_empty() {
                return Err(CliError::Failure(format!(
                    "--map \"{}\" names no column",
                    crate::domain::clean_line(m)
                )));
            }
            let target = formats::map_target(field).ok_or_else(|| {
                CliError::Failure(format!(
                    "--map: \"{}\" is not a student field (the fields are: {}, last_first for one \
                     \"Last, First\" column, or ignore)",
                    crate::domain::clean_line(field),
                    formats::FIELDS.join(", ")
                ))
            })?;
            Ok((col, target.to_string()))
        })
        .collect()
}

fn roster_run(
    path: &Path,
    file: &Path,
    opts: RosterOptions,
    today: NaiveDate,
    out: &mut Out,
) -> CliResult {
    let new_maps = parse_maps(&opts.maps)?;
    if let Some(((col, a), (again, b))) = roster_maps::conflict(&new_maps) {
        return Err(CliError::Failure(format!(
            "--map \"{col}={a}\" and --map \"{again}={b}\" conflict: a column is read as one \
             field; nothing was imported"
        )));
    }
    let bytes = std::fs::read(file).map_err(|e| {
        CliError::Failure(format!(
            "cannot read {}: {}",
            file.display(),
            crate::store::io_reason(&e)
        ))
    })?;
    // Columns mapped at earlier imports, then the ones given now.
    let mut settings = if new_maps.is_empty() {
        crate::config::load().unwrap_or_default()
    } else {
        crate::config::load().map_err(|e| CliError::Failure(e.to_string()))?
    };
    let maps = roster_maps::merged(&settings.roster_map, &new_maps);
    let header = roster::header(&bytes).map_err(|e| refused(file, e))?;
    if let Some(missing) = absent_columns(file, &header, &new_maps) {
        return Err(CliError::Failure(missing));
    }
    let used = roster_maps::used_remembered(&header, &settings.roster_map, &new_maps);
    if let Some((col, field, other)) = roster_maps::clash(&header, &used, &maps) {
        return Err(CliError::Failure(format!(
            "{} has its own {other} column, and the remembered map reads {col} as the {field}; \
             nothing was imported (--map \"{col}={field}\" keeps the map, {} reads {other})",
            file.display(),
            roster_maps::forget(col)
        )));
    }
    if !used.is_empty() {
        let each: Vec<String> = used
            .iter()
            .map(|(col, field)| format!("{col}={field} ({} forgets it)", roster_maps::forget(col)))
            .collect();
        crate::error::tell(format_args!(
            "using the remembered map{} {}",
            plural(used.len()),
            each.join(", ")
        ));
    }
    // A remembered map was right for the file it was made for: one this file has no column
    // for is kept for the next such file, and said, so that a column renamed is seen.
    for (col, field) in roster_maps::unused_remembered(&header, &settings.roster_map, &new_maps) {
        crate::error::tell(format_args!(
            "the remembered map {col}={field} is not used: {} has no {col} column (it is kept \
             for the files that have one)",
            file.display()
        ));
    }
    let roles = roles_beside(file, &header)?;
    // Refused for its lines, the file's unknown columns are named too: they are the next thing
    // to mend, not a surprise on the next run.
    let refused_lines = |e: RosterError| {
        if matches!(e, RosterError::Lines(_)) {
            for line in ignored_lines(&roster::ignored_columns(&header, &maps)) {
                crate::error::tell(format_args!("{}: {line}", file.display()));
            }
        }
        refused(file, e)
    };
    let mut roster =
        roster::parse_with(&bytes, &maps, roles.as_ref(), today).map_err(refused_lines)?;
    if roster.students.is_empty() {
        return Err(CliError::Failure(format!(
            "{} lists no students; nothing was imported",
            file.display()
        )));
    }
    let dry_run = opts.dry_run;
    // A dry run against a file that does not exist yet imagines an empty one.
    let mut store = if dry_run && !path.exists() {
        crate::error::tell(format_args!(
            "no database is at {} yet: the import would make a new one there",
            path.display()
        ));
        crate::store::Store::in_memory()?
    } else if dry_run {
        super::open_existing(path)?
    } else {
        open_or_make(path)?
    };
    // A file that takes no change (a teacher's reading copy of the hub, a newer plp's) is
    // refused before anything about the roster is said, as the write would be.
    if !dry_run {
        if let Some(why) = store.reading_copy() {
            return Err(crate::store::StoreError::ReadingCopy(why.to_string()).into());
        }
        if let Some(why) = store.read_only_reason() {
            return Err(crate::store::StoreError::ReadOnly(why.to_string()).into());
        }
    }
    let zeros =
        roster::zeros::match_stored(&mut roster, &store.sis_ids()?).map_err(refused_lines)?;
    if roles.is_some() {
        out.line(&format!(
            "read as a OneRoster 1.2 users.csv, with the roles in {}: students only",
            roles_path(file).display()
        ));
    } else if roster.one_roster {
        out.line("read as a OneRoster users.csv: students only");
    }
    for (field, columns) in &roster.chosen {
        out.line(&chosen_line(field, columns));
    }
    for line in ignored_lines(&roster.ignored) {
        out.line(&line);
    }
    if let Some(line) = graduated_line(&roster.graduated) {
        out.line(&line);
    }
    if let Some(line) = repeated_line(&roster.repeated) {
        out.line(&line);
    }
    if let Some(line) = filled_line(&roster.filled) {
        out.line(&line);
    }
    if let Some(line) = twins_line(&roster.twins) {
        out.line(&line);
    }
    for field in &roster.unfilled {
        let word = roster::label(field);
        out.line(&format!(
            "the {word} column is blank on every line, so no student's {word} flag was changed"
        ));
    }
    for (role, n) in &roster.others {
        out.line(&format!("passed over: {}", passed_over(role, *n)));
    }
    if let Some(line) = zeros_line(&zeros) {
        out.line(&line);
    }
    let survey = roster::apply::survey(&store, &roster, today)?;
    let (missing, active) = (survey.missing(), survey.active);
    let guarded = opts.mark_missing_inactive && !opts.yes && too_many_to_mark(missing, active);
    if guarded && !dry_run {
        return Err(CliError::Failure(format!(
            "{} would mark {missing} of the {active} active students inactive; nothing was \
             imported (if it is the whole roster, add --yes to go on)",
            file.display()
        )));
    }
    let outcome = roster::apply::apply(
        &mut store,
        &roster,
        survey,
        opts.mark_missing_inactive,
        dry_run,
    )?;
    if !dry_run && !new_maps.is_empty() {
        let kept = roster_maps::to_remember(&maps);
        let forgotten: Vec<&str> = settings
            .roster_map
            .keys()
            .filter(|c| !kept.contains_key(*c))
            .map(String::as_str)
            .collect();
        let forgotten = forgotten.join(", ");
        let remembered = new_maps.iter().any(|(c, _)| kept.contains_key(c));
        settings.roster_map = kept;
        crate::config::save(&settings)
            .map_err(|e| CliError::Failure(format!("the roster was imported, but {e}")))?;
        if remembered {
            out.line("the --map columns are remembered for the next import");
        }
        if !forgotten.is_empty() {
            out.line(&format!("the remembered map for {forgotten} is forgotten"));
        }
    }
    let added = outcome.count(|o| matches!(o, Upsert::Added));
    let updated = outcome.count(|o| matches!(o, Upsert::Updated(_)));
    let unchanged = outcome.count(|o| matches!(o, Upsert::Unchanged));
    if dry_run {
        for (s, o) in &outcome.students {
            match o {
                Upsert::Added => out.line(&format!(
                    "would add {} ({}){}",
                    s.display_name(),
                    s.sis_id,
                    // A student the roster marks as left is added, but not to the caseload.
                    if s.status == crate::domain::StudentStatus::Active {
                        ""
                    } else {
                        " as inactive"
                    }
                )),
                Upsert::Updated(f) => out.line(&format!(
                    "would update {} ({}): {}",
                    s.display_name(),
                    s.sis_id,
                    f.join(", ")
                )),
                Upsert::Unchanged => {}
            }
        }
    }
    if !outcome.missing.is_empty() {
        let n = outcome.missing.len();
        let names: Vec<String> = outcome
            .missing
            .iter()
            .map(|(name, sis)| format!("{name} ({sis})"))
            .collect();
        let verb = if n == 1 { "is" } else { "are" };
        // A dry run is where they are read: it names each; an import names the first few.
        let named = if dry_run || n <= MISSING_NAMED {
            names.join(", ")
        } else {
            format!(
                "{} (--dry-run names each)",
                super::output::first_few(&names, MISSING_NAMED)
            )
        };
        out.line(&format!(
            "{n} student{} {verb} not in this roster: {named}",
            plural(n),
        ));
        out.line(&match (outcome.marked_inactive, dry_run) {
            (true, false) => format!("marked {n} inactive"),
            (true, true) => format!("would mark {n} inactive"),
            (false, _) => {
                "they are kept as they are; --mark-missing-inactive marks them inactive".into()
            }
        });
    }
    if guarded {
        out.line(&format!(
            "without a dry run this would be refused: it marks {missing} of the {active} active \
             students inactive (add --yes to go on)"
        ));
    }
    let which = changed_fields(&outcome.students);
    if dry_run {
        out.line(&format!(
            "dry run: would add {added}, update {updated}{which}, leave {unchanged} unchanged; nothing was changed"
        ));
    } else {
        out.line(&format!(
            "imported {}: added {added}, updated {updated}{which}, unchanged {unchanged}",
            file.display()
        ));
    }
    Ok(())
}

/// Why a file cannot be read with the maps given now, when one names a column the file does
/// not have: a mistyped column would otherwise be passed over, and remembered.
fn absent_columns(file: &Path, header: &[String], given: &[(String, String)]) -> Option<String> {
    let missing = roster_maps::not_in(header, given);
    let first = missing.first()?;
    let columns: Vec<String> = header
        .iter()
        .map(|h| crate::domain::clean_line(h))
        .filter(|h| !h.is_empty())
        .collect();
    let others = match &missing[1..] {
        [] => String::new(),
        rest => {
            let quoted: Vec<String> = rest.iter().map(|c| format!("\"{c}\"")).collect();
            format!(", nor {}", quoted.join(", "))
        }
    };
    Some(format!(
        "--map: {} has no column \"{first}\"{others} (its columns: {}); nothing was imported",
        file.display(),
        super::output::first_few(&columns, COLUMNS_NAMED)
    ))
}

/// The most of a file's columns a refusal names.
const COLUMNS_NAMED: usize = 12;

/// The most students missing from a roster that an import names (a dry run names each).
const MISSING_NAMED: usize = 10;

/// The most ignored columns named one a line; past that, one line names the first few.
const IGNORED_NAMED: usize = 5;

/// The lines saying which columns were ignored: one each for a few, else one line naming the
/// first few and how many more (a file of thousands of columns is not said column by column).
fn ignored_lines(ignored: &[String]) -> Vec<String> {
    if ignored.len() <= IGNORED_NAMED {
        return ignored
            .iter()
            .map(|col| format!("ignored column: {col}"))
            .collect();
    }
    vec![format!(
        "ignored {} columns: {}",
        ignored.len(),
        super::output::first_few(ignored, IGNORED_NAMED)
    )]
}

/// The line that says which of two or more columns for one field is read: "the student id is
/// read from Student_number (from Student_id where that is blank)".
fn chosen_line(field: &str, columns: &[String]) -> String {
    let (first, rest) = columns.split_first().map_or(("", &[][..]), |(f, r)| (f, r));
    format!(
        "the {} is read from {first} (from {} where that is blank)",
        roster::label(field),
        rest.join(" or ")
    )
}

/// The one line that says which lines are graduates' (grade 99), taken as inactive with their
/// grades left as they were; a few lines are named, the rest counted.
fn graduated_line(lines: &[u64]) -> Option<String> {
    let n = lines.len();
    if n == 0 {
        return None;
    }
    let each: Vec<String> = lines.iter().map(u64::to_string).collect();
    let (their, word) = if n == 1 {
        ("the", "line")
    } else {
        ("their", "lines")
    };
    Some(format!(
        "graduated (grade 99), so inactive, {their} grade left as it was: {n} student{} ({word} \
         {})",
        plural(n),
        super::output::first_few(&each, 5)
    ))
}

/// The one line that says which ids of the roster are stored students' ids once leading zeros
/// are ignored: (the roster's id, the stored one); a few are named, the rest counted.
fn zeros_line(matched: &[(String, String)]) -> Option<String> {
    if matched.is_empty() {
        return None;
    }
    let n = matched.len();
    let each: Vec<String> = matched
        .iter()
        .map(|(file, stored)| format!("{file} is {stored}"))
        .collect();
    // As a spreadsheet saves them, the roster's ids are the shorter; an id of the roster may
    // also have zeros the stored one lacks.
    let dropped = matched
        .iter()
        .all(|(file, stored)| file.len() < stored.len());
    let (its, them) = if n == 1 {
        ("its", "it")
    } else {
        ("their", "them")
    };
    // Or the stored ids are the shorter: an earlier roster, saved through a spreadsheet,
    // lost the zeros this one has.
    let stored_short = matched
        .iter()
        .all(|(file, stored)| file.len() > stored.len());
    let how = if dropped {
        format!("without {its} leading zeros (as a spreadsheet saves {them})")
    } else if stored_short {
        let (ids, lack) = if n == 1 {
            ("a stored id that lacks", "was")
        } else {
            ("stored ids that lack", "were")
        };
        format!(
            "{ids} {its} leading zeros (a spreadsheet dropped them when {them} {lack} first \
             imported)"
        )
    } else {
        "to stored ids once leading zeros are ignored (as a spreadsheet drops them)".to_string()
    };
    Some(format!(
        "{n} id{} matched {how}: {}",
        plural(n),
        super::output::first_few(&each, 5)
    ))
}

/// OneRoster rows that are not students, said as English: "2 teacher rows", "1 row with no
/// role", "1 student marked to be deleted".
fn passed_over(role: &str, n: usize) -> String {
    match role {
        "student to be deleted" => format!("{n} student{} marked to be deleted", plural(n)),
        "no role" => format!("{n} row{} with no role", plural(n)),
        role => format!("{n} {role} row{}", plural(n)),
    }
}

/// Where the `roles.csv` of a OneRoster 1.2 `users.csv` is: beside it, as the SIS exports
/// the two (a zip of the set, unpacked into one folder).
fn roles_path(file: &Path) -> std::path::PathBuf {
    file.with_file_name(roster::one_roster_roles::ROLES_FILE)
}

/// The roles of a OneRoster 1.2 `users.csv` (whose `header` names none), read from the
/// `roles.csv` beside it; none for any other roster. A 1.2 file without its roles is refused,
/// saying where they were looked for: without them teachers and guardians would be imported
/// as students.
fn roles_beside(
    file: &Path,
    header: &[String],
) -> CliResult<Option<roster::one_roster_roles::Roles>> {
    let normalised: Vec<String> = header.iter().map(|h| formats::normalise(h)).collect();
    if !roster::one_roster_roles::is_users_without_roles(&normalised) {
        return Ok(None);
    }
    let at = roles_path(file);
    let bytes = match std::fs::read(&at) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(CliError::Failure(format!(
                "{} is a OneRoster 1.2 users.csv, which keeps who is a student in roles.csv, and \
                 there is no {}; put the roles.csv exported with it there; nothing was imported",
                file.display(),
                at.display()
            )))
        }
        Err(e) => {
            return Err(CliError::Failure(format!(
                "cannot read {} (the roles of {}): {}; nothing was imported",
                at.display(),
                file.display(),
                crate::store::io_reason(&e)
            )))
        }
    };
    roster::one_roster_roles::read_roles(&bytes)
        .map(Some)
        .map_err(|e| refused(&at, e))
}

/// Why a roster cannot be imported, in one sentence (each bad line is said first, on its own).
fn refused(file: &Path, e: RosterError) -> CliError {
    CliError::Failure(match e {
        RosterError::Header(h) => format!("{}: {h}; nothing was imported", file.display()),
        RosterError::Workbook => format!(
            "{} is an Excel workbook; save it as CSV UTF-8 (File › Save As) and import that",
            file.display()
        ),
        RosterError::Archive { one_roster: true } => format!(
            "{} is a zip archive of a OneRoster export, not one roster; unzip it and import the \
             users.csv in it (its roles.csv beside it); nothing was imported",
            file.display()
        ),
        RosterError::Archive { one_roster: false } => format!(
            "{} is a zip archive, not a roster; unzip it and import the roster's CSV file; \
             nothing was imported",
            file.display()
        ),
        RosterError::NotText => format!(
            "{} is not a text (CSV) file; export the roster from the SIS as CSV and import that",
            file.display()
        ),
        RosterError::Lines(bad) => {
            for (line, reason) in &bad {
                crate::error::tell(format_args!("{}: line {line}: {reason}", file.display()));
            }
            format!(
                "{} has {} bad line{}; nothing was imported",
                file.display(),
                bad.len(),
                plural(bad.len())
            )
        }
    })
}

/// How many students had each field changed, in the field table's order: " (grade 2,
/// advisor 1)", or nothing when none was updated.
fn changed_fields(students: &[(crate::domain::Student, Upsert)]) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for (_, o) in students {
        if let Upsert::Updated(fields) = o {
            for f in fields {
                match counts.iter_mut().find(|(c, _)| c == f) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((f.as_str(), 1)),
                }
            }
        }
    }
    if counts.is_empty() {
        return String::new();
    }
    counts.sort_by_key(|(f, _)| formats::FIELDS.iter().position(|x| x == f));
    let each: Vec<String> = counts
        .iter()
        .map(|(f, n)| format!("{} {n}", roster::label(f)))
        .collect();
    format!(" ({})", each.join(", "))
}

/// The one line that says which lines repeat an earlier one's details (taken once); a few are
/// named, the rest counted.
fn repeated_line(repeated: &[(u64, u64)]) -> Option<String> {
    match repeated {
        [] => None,
        [(line, first)] => Some(format!(
            "taken once: line {line} gives the same details as line {first}"
        )),
        many => Some(format!(
            "taken once: lines {} give the same details as earlier lines",
            some_lines(many, "as")
        )),
    }
}

/// The one line that says which lines were taken as one with an earlier line of their student,
/// a cell one of them leaves blank filled from the other; a few are named, the rest counted.
fn filled_line(filled: &[(u64, u64)]) -> Option<String> {
    match filled {
        [] => None,
        [(line, first)] => Some(format!(
            "taken as one: line {line} and line {first} are one student, a cell one leaves blank filled from the other"
        )),
        many => Some(format!(
            "taken as one: lines {} are each one student with an earlier line, a cell one leaves blank filled from the other",
            some_lines(many, "with")
        )),
    }
}

/// The one line that says which lines were taken as an earlier line's student, their ids equal
/// once leading zeros are ignored; a few are named, the rest counted.
fn twins_line(twins: &[roster::ZeroTwin]) -> Option<String> {
    if twins.is_empty() {
        return None;
    }
    let each: Vec<String> = twins
        .iter()
        .map(|t| {
            format!(
                "{} on line {} is {} on line {}",
                t.id, t.line, t.first_id, t.first
            )
        })
        .collect();
    Some(format!(
        "taken as one student, ids equal once leading zeros are ignored (as a spreadsheet drops \
         them): {}",
        super::output::first_few(&each, 5)
    ))
}

/// "4 (as 2), 6 (as 3) and 2 more": the first few pairs of lines, the rest counted.
fn some_lines(pairs: &[(u64, u64)], word: &str) -> String {
    const NAMED: usize = 5;
    let named: Vec<String> = pairs
        .iter()
        .take(NAMED)
        .map(|(line, first)| format!("{line} ({word} {first})"))
        .collect();
    let more = match pairs.len().saturating_sub(NAMED) {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    format!("{}{more}", named.join(", "))
}

fn plural(n: usize) -> &'static str {
    super::output::plural(n, "", "s")
}
