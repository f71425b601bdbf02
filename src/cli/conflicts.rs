//! `plp conflicts`: fields two people changed at once; both versions are kept until one is chosen.

use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;

use super::args::{ConflictsArgs, Keep, ListFormat};
use super::table::{csv_line, fit, Cell, Table};
use super::{open_existing, CliError, CliResult, Out};
use crate::domain::clean_line;
use crate::store::{Base, Conflict, Entity, Revision, Store};

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A version as a person reads it: a link field's record in words, any other value as text.
fn said(rev: &Revision) -> String {
    rev.words.clone().unwrap_or_else(|| text(&rev.value))
}

/// Which record a conflict is on, as a person tells it from the student's others: a plan by
/// its school year, a goal or a strategy by its words and a team member by name and role (cut
/// short), a check-in or an intervention by its day; the student's own record (the row names
/// the student) and evidence by kind.
fn record_words(store: &Store, c: &Conflict) -> CliResult<String> {
    let Some(entity) = Entity::from_name(&c.entity) else {
        return Ok(clean_line(&c.entity));
    };
    if matches!(entity, Entity::Student | Entity::Evidence) {
        return Ok(entity.word().to_string());
    }
    let whose = store.student_of(entity, &c.entity_id)?;
    let words = store
        .linked(entity, &c.entity_id, whose.as_deref())?
        .words();
    Ok(match entity {
        Entity::Plan => words,
        Entity::CheckIn | Entity::Intervention => format!("{} {}", entity.word(), fit(&words, 28)),
        _ => format!("{} “{}”", entity.word(), fit(&words, 28)),
    })
}

/// Whose record each conflict is on, as (SIS id, name): an advisor settles them student by
/// student. A record whose student this file does not hold names nobody.
fn students_of(store: &Store, list: &[Conflict]) -> CliResult<Vec<(String, String)>> {
    let mut known: HashMap<String, (String, String)> = HashMap::new();
    let mut whose = Vec::with_capacity(list.len());
    for c in list {
        let student = match Entity::from_name(&c.entity) {
            Some(entity) => store.student_of(entity, &c.entity_id)?,
            None => None,
        };
        let Some(student) = student else {
            whose.push((String::new(), String::new()));
            continue;
        };
        if !known.contains_key(&student) {
            let r = store.student(&student)?;
            let name = clean_line(&r.student.display_name());
            known.insert(student.clone(), (clean_line(&r.student.sis_id), name));
        }
        whose.push(known[&student].clone());
    }
    Ok(whose)
}

/// One conflict as the JSON lists it: its number (the `--resolve N` that settles it), whose
/// record it is (null when the file holds no student for it), and the conflict itself.
#[derive(serde::Serialize)]
struct Listed<'a> {
    n: usize,
    sis_id: Option<&'a str>,
    student: Option<&'a str>,
    #[serde(flatten)]
    conflict: &'a Conflict,
}

/// The local setting that holds the conflicts as last listed, one per line, in their order.
const LISTED: &str = "conflicts listed";

/// What names one conflict whatever else is settled: its record, field and the version kept
/// aside.
fn key_of(c: &Conflict) -> String {
    format!("{}\t{}\t{}", c.entity_id, c.field, c.other.op_id)
}

/// Conflict `n` as the last listing numbered it (settling one never renumbers the rest), or as
/// numbered now when this file's conflicts were never listed.
fn numbered<'a>(store: &Store, list: &'a [Conflict], n: usize) -> CliResult<&'a Conflict> {
    let none = || {
        CliError::Failure(format!(
            "there is no conflict {n} (plp conflicts lists them)"
        ))
    };
    let Some(listed) = store.meta(LISTED)? else {
        return list.get(n.wrapping_sub(1)).ok_or_else(none);
    };
    let key = listed.split('\n').nth(n.wrapping_sub(1)).ok_or_else(none)?;
    list.iter().find(|c| key_of(c) == key).ok_or_else(|| {
        let field = key.split('\t').nth(1).unwrap_or_default().replace('_', " ");
        CliError::Failure(format!(
            "conflict {n} (on {}) is settled already; plp conflicts lists what is left, numbered \
             again",
            clean_line(&field)
        ))
    })
}

pub fn run(path: &Path, args: ConflictsArgs, out: &mut Out) -> CliResult {
    let mut store = open_existing(path)?;
    let list = store.conflicts()?;
    if let (Some(n), Some(keep)) = (args.resolve, args.keep) {
        let c: &Conflict = numbered(&store, &list, n)?;
        let entity = Entity::from_name(&c.entity).ok_or_else(|| {
            CliError::Failure("that conflict is on a record this plp does not know".into())
        })?;
        let chosen = match (keep, c.links_to()) {
            (Keep::Shown, _) => text(&c.shown.value),
            (Keep::Other, _) => text(&c.other.value),
            (Keep::Both, Some(to)) => {
                return Err(CliError::Failure(format!(
                    "conflict {n} names one {} or the other, never both: keep shown or other",
                    to.word()
                )));
            }
            (Keep::Both, None) if !c.keeps_both() => {
                return Err(CliError::Failure(format!(
                    "conflict {n} is on {}, which holds one value: keep shown or other",
                    clean_line(&c.field)
                )));
            }
            (Keep::Both, None) => {
                format!("{}\n\n{}", text(&c.shown.value), text(&c.other.value))
            }
        };
        let value = crate::store::field_value_from_text(entity, &c.field, &chosen)?;
        let (id, field, base) = (c.entity_id.clone(), c.field.clone(), c.chosen_base());
        store.write(|w| w.set(entity, &id, &field, value, Base::Chosen(base)))?;
        // Said as the list said it, so that the person sees which one they chose.
        let kept = match keep {
            Keep::Shown => format!(
                "\"{}\" (the version shown)",
                super::output::brief(&said(&c.shown))
            ),
            Keep::Other => format!(
                "\"{}\" (the version kept aside)",
                super::output::brief(&said(&c.other))
            ),
            Keep::Both => "both versions, one after the other".to_string(),
        };
        // The rest keep the numbers they were listed with, until they are listed again.
        let left = match list.len() - 1 {
            0 => String::new(),
            1 => "; 1 is left, under the number it was listed with".to_string(),
            k => format!("; {k} are left, under the numbers they were listed with"),
        };
        out.line(&format!(
            "conflict {n} settled: {} is now {kept}{left}",
            clean_line(&field).replace('_', " ")
        ));
        return Ok(());
    }
    // The numbers this listing gives are the ones `--resolve` reads, until the next listing.
    if !list.is_empty() && store.read_only_reason().is_none() {
        let keys: Vec<String> = list.iter().map(key_of).collect();
        store.set_meta(LISTED, &keys.join("\n"))?;
    }
    match args.format {
        ListFormat::Json => {
            let students = students_of(&store, &list)?;
            let listed: Vec<Listed> = list
                .iter()
                .zip(&students)
                .enumerate()
                .map(|(i, (c, (sis, name)))| Listed {
                    n: i + 1,
                    sis_id: (!sis.is_empty()).then_some(sis.as_str()),
                    student: (!name.is_empty()).then_some(name.as_str()),
                    conflict: c,
                })
                .collect();
            out.line(&super::output::json(&listed)?)
        }
        ListFormat::Csv => {
            let students = students_of(&store, &list)?;
            out.line(
                "n,entity,entity_id,field,shown,shown_by,other,other_by,sis_id,student,\
                 shown_words,other_words",
            );
            for (i, c) in list.iter().enumerate() {
                let (sis, name) = &students[i];
                out.line(&csv_line([
                    Cell::Number(&(i + 1).to_string()),
                    Cell::Text(&c.entity),
                    Cell::Text(&c.entity_id),
                    Cell::Text(&c.field),
                    Cell::Text(&text(&c.shown.value)),
                    Cell::Text(&c.shown.author),
                    Cell::Text(&text(&c.other.value)),
                    Cell::Text(&c.other.author),
                    Cell::Text(sis),
                    Cell::Text(name),
                    Cell::Text(c.shown.words.as_deref().unwrap_or_default()),
                    Cell::Text(c.other.words.as_deref().unwrap_or_default()),
                ]));
            }
        }
        ListFormat::Table => {
            if list.is_empty() {
                out.line("no conflicts");
                return Ok(());
            }
            let students = students_of(&store, &list)?;
            let mut t = Table::new(&["N", "Student", "Record", "Field", "Shown", "Kept aside"]);
            for (i, c) in list.iter().enumerate() {
                let (sis, name) = &students[i];
                t.row(vec![
                    (i + 1).to_string(),
                    if sis.is_empty() {
                        name.clone()
                    } else {
                        format!("{name} ({sis})")
                    },
                    record_words(&store, c)?,
                    c.field.clone(),
                    format!("{} ({})", said(&c.shown), c.shown.by_whom()),
                    format!("{} ({})", said(&c.other), c.other.by_whom()),
                ]);
            }
            out.print(&t.render(100));
            let both = list.iter().any(Conflict::keeps_both);
            out.line(if both {
                "settle one with: plp conflicts --resolve N --keep shown|other|both (both: text fields only)"
            } else {
                "settle one with: plp conflicts --resolve N --keep shown|other"
            });
        }
    }
    Ok(())
}
