//! `plp set STUDENT FIELD VALUE`: change one student or profile field.

use std::path::Path;

use super::args::SetArgs;
use super::{open_existing, CliError, CliResult, Out};
use crate::store::{Base, Entity};

pub fn run(path: &Path, args: SetArgs, out: &mut Out) -> CliResult {
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
    let id = store.find_student(&args.student)?;
    store.write(|w| w.set_text(Entity::Student, &id, &field, &args.value, Base::Current))?;
    let record = store.student(&id)?;
    // Said as the forms and `plp show` call it ("Given name"), not as the field is stored.
    let said = Entity::Student
        .field(&field)
        .map_or(field.as_str(), |f| f.short_label());
    out.line(&format!(
        "{}: {said} set",
        super::output::brief(&record.student.display_name())
    ));
    Ok(())
}
