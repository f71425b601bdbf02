//! `plp students`: the caseload, for people (table) or scripts (csv, json).

use chrono::NaiveDate;
use std::path::Path;

use super::args::{ListFormat, StudentsArgs};
use super::table::{csv_line, Cell::Number, Cell::Text, Table};
use super::{open_existing, CliResult, Out};
use crate::domain::{grade_words, DueState, GradeForm, StudentStatus};
use crate::store::CaseloadRow;

pub fn run(path: &Path, args: StudentsArgs, today: NaiveDate, out: &mut Out) -> CliResult {
    let scope = super::scope::resolve(&args.scope)?;
    let store = open_existing(path)?;
    super::begin::tell_if_empty(&store)?;
    let mut rows = store.caseload(today, args.all)?;
    let total = rows.len();
    let said = super::scope::as_said(
        &args.scope,
        &scope,
        rows.iter().filter_map(|r| r.advisor.as_deref()),
    );
    // An --advisor that names nobody's advisor is refused, as by plp report.
    super::scope::advisor_known(&scope, rows.iter().filter_map(|r| r.advisor.as_deref()))?;
    rows.retain(|r| scope.includes(r.advisor.as_deref(), r.grade));
    if args.due {
        // A student who has left is never due, whatever their last next date said.
        rows.retain(|r| r.due != DueState::Later && r.status == StudentStatus::Active);
    }
    match args.format {
        ListFormat::Json => {
            out.line(&super::output::json(&rows)?);
        }
        ListFormat::Csv => {
            out.line(
                "sis_id,name,grade,advisor,status,last_checkin,next_due,due,active_goals,iep,504",
            );
            for r in &rows {
                // As the table says it: nobody is due to meet a student who is not active, so
                // no next date and their status in its place.
                let (next_due, due) = if r.status == StudentStatus::Active {
                    (opt(r.next_due), r.due.word())
                } else {
                    (String::new(), r.status.as_str())
                };
                out.line(&csv_line([
                    Text(&r.sis_id),
                    Text(&r.name),
                    Number(&opt(r.grade)),
                    Text(r.advisor.as_deref().unwrap_or("")),
                    Text(r.status.as_str()),
                    Text(&opt(r.last_checkin)),
                    Text(&next_due),
                    Text(due),
                    Number(&r.active_goals.to_string()),
                    Text(yes(r.iep)),
                    Text(yes(r.plan_504)),
                ]));
            }
        }
        ListFormat::Table => {
            let mut t = Table::new(&["Name", "SIS id", "Gr", "Last", "Next due", "Goals", "Flags"]);
            for r in &rows {
                t.row(vec![
                    r.name.clone(),
                    r.sis_id.clone(),
                    r.grade
                        .map(|g| grade_words(g, GradeForm::Short, "en"))
                        .unwrap_or_default(),
                    opt(r.last_checkin),
                    due_cell(r),
                    r.active_goals.to_string(),
                    flags(r),
                ]);
            }
            out.print(&t.render(80));
            if scope.is_everyone() {
                out.line(&format!("{} students", rows.len()));
            } else {
                out.line(&format!(
                    "{} · {} of {total} students",
                    said.describe(),
                    rows.len()
                ));
            }
        }
    }
    Ok(())
}

/// The next date with its marker and word: "2026-11-20 ! overdue", "2026-12-15 · later"; a student who is not active says so
/// instead (`--all`), since nobody is due to meet them.
pub fn due_cell(r: &CaseloadRow) -> String {
    if r.status != StudentStatus::Active {
        return r.status.as_str().to_string();
    }
    match r.next_due {
        Some(d) => format!("{d} {} {}", r.due.marker(), r.due.word()),
        None => format!("{} {}", r.due.marker(), r.due.word()),
    }
}

fn flags(r: &CaseloadRow) -> String {
    let mut f = Vec::new();
    if r.iep {
        f.push("IEP");
    }
    if r.plan_504 {
        f.push("504");
    }
    f.join(" ")
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

fn yes(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}
