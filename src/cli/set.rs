//! `plp set STUDENT FIELD VALUE`: change one student or profile field.

use std::path::Path;

use chrono::NaiveDate;

use super::args::SetArgs;
use super::{open_existing, CliError, CliResult, Out};
use crate::domain::{grade_words, GradeForm, Typing};
use crate::store::Entity;

pub fn run(path: &Path, args: SetArgs, today: NaiveDate, out: &mut Out) -> CliResult {
    let field = match args.field.trim().to_lowercase().replace('-', "_").as_str() {
        "504" => "plan_504".to_string(),
        f => f.to_string(),
    };
    // The SIS id is the student's identity: the field table does not let `plp set` change it.
    let settable = Entity::Student.settable();
    if !settable.contains(&field.as_str()) {
        return Err(CliError::Failure(format!(
            "\"{}\" is not a field plp set can change (fields: {})",
            crate::domain::clean_line(&args.field),
            settable.join(", ")
        )));
    }
    let mut store = open_existing(path)?;
    let id = super::begin::find_student(&store, &args.student)?;
    // Read as the student's form reads it: against today and the student's other fields (a
    // graduation year must fit the grade stored, and a grade the graduation year).
    let spec = Entity::Student.field_or_err(&field)?;
    let stored = store.student(&id)?.student;
    let record: Vec<(&str, String)> = stored
        .grade
        .map(|g| ("grade", grade_words(g, GradeForm::Short, "en")))
        .into_iter()
        .chain(stored.grad_year.map(|y| ("grad_year", y.to_string())))
        .collect();
    let value = spec.from_typed(
        &args.value,
        &Typing {
            today,
            record: &record,
        },
    )?;
    let flag = value.as_bool();
    let changed = store.write(|w| w.set_if_changed(Entity::Student, &id, &field, value))?;
    if changed && field == "advisor" {
        advisor_spelling(&store, &id, &args.value)?;
    }
    let record = store.student(&id)?;
    // Said as the forms and `plp show` call it ("Given name"), not as the field is stored.
    let said = Entity::Student
        .field(&field)
        .map_or(field.as_str(), |f| f.short_label());
    // A value that holds nothing once read (blank, spaces, tabs) clears the field.
    let cleared = crate::store::field_value_from_text(Entity::Student, &field, &args.value)
        .is_ok_and(|v| v.is_null() || v.as_str().is_some_and(|t| t.trim().is_empty()));
    let what = match (flag, changed) {
        // A flag reads as the answer it now holds: "IEP on file: no".
        (Some(on), _) => {
            let answer = if on { "yes" } else { "no" };
            let unchanged = if changed { "" } else { " (unchanged)" };
            format!("{said}: {answer}{unchanged}")
        }
        (None, false) if cleared => format!("{said} unchanged (already empty)"),
        (None, false) => format!("{said} unchanged"),
        (None, true) if cleared => format!("{said} cleared"),
        (None, true) => format!("{said} set"),
    };
    let who = super::output::brief(&record.student.display_name());
    // Said only of a change written: one that wrote nothing sends nothing either.
    let stays = if changed {
        super::kept_here::stays_here(&store, &id, &who)?
    } else {
        String::new()
    };
    out.line(&format!("{who}: {what}{stays}"));
    Ok(())
}

/// Says so on standard error when the advisor just written is no other student's, naming the
/// nearest spelled: a mistyped name hands the student to nobody (and, through a hub, out of the
/// advisor's own reach). A new advisor is written as well; the warning changes nothing.
fn advisor_spelling(store: &crate::store::Store, id: &str, value: &str) -> CliResult {
    let value = value.trim();
    // A file that holds only what its hub login may read knows no other advisor's students:
    // handing a student on from it names an advisor it has never seen, rightly.
    if store.partial_of()?.is_some() {
        return Ok(());
    }
    let others = store.advisors_beside(id)?;
    if value.is_empty()
        || others.is_empty()
        || others
            .iter()
            .any(|f| crate::domain::advisor::matches(value, f))
    {
        return Ok(());
    }
    let near = super::scope::nearest_advisors(value, others.iter().map(String::as_str));
    let known = match near.as_slice() {
        [] => String::new(),
        [one] => format!(" (the nearest known is {one})"),
        [rest @ .., last] => format!(" (the nearest known are {} and {last})", rest.join(", ")),
    };
    crate::error::tell(format_args!(
        "plp: no other student has \"{}\" as advisor{known}; set it again if that is a misspelling",
        crate::domain::clean_line(value)
    ));
    Ok(())
}
