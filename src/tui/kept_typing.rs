//! Typing kept in the file that cannot be offered to resume, shown at start to be copied:
//! typing for something that can no longer be opened (a record retired or removed, a year-end
//! review for another year), an older plp's typing that names no student, and the drafts of a
//! reading copy of the hub. None of it is dropped unseen.

use serde_json::Value;

use super::action::Action;
use super::effects::Effect;
use crate::domain::clean_line;
use crate::store::{Draft, DraftKey, DraftRecord, Entity, Store, StoreError};

/// Typing for something that can no longer be opened, with the name of its student (`None`
/// for a student this file no longer holds): shown to be copied, then a question whether to
/// throw it away (kept, and shown again at the next start, unless the answer is yes).
pub fn for_what_is_gone(gone: Vec<(Option<String>, Draft)>) -> Option<Action> {
    if gone.is_empty() {
        return None;
    }
    // One sentence a line: the overlay wraps them to its width.
    let mut lines = vec![
        "This typing was kept as a draft for something that can no longer be opened: a record \
         retired or removed since (here or by a sync), or a year-end review for another year."
            .to_string(),
        "It stays in the file until you throw it away; copy what you need.".to_string(),
    ];
    let mut keys = Vec::new();
    for (name, d) in gone {
        let whose = name.unwrap_or_else(|| "A student this file does not hold".to_string());
        lines.push(String::new());
        lines.push(format!(
            "{whose}, {} (saved {}):",
            what_it_was(&d.key),
            saved_at(&d.updated)
        ));
        lines.extend(draft_texts(&d.body).into_iter().map(|t| format!("  {t}")));
        keys.push(d.key);
    }
    Some(Action::KeptTypingFound {
        title: "Typing for something no longer open".into(),
        lines,
        keys,
    })
}

/// What a draft that can no longer be opened was for, in words.
fn what_it_was(key: &DraftKey) -> String {
    let word = key.kind.word();
    match (&key.record, key.kind) {
        (DraftRecord::New { under }, Entity::Plan) => match under {
            Some(year) => format!("the year-end review making the {} plan", clean_line(year)),
            None => "a year-end review".to_string(),
        },
        (DraftRecord::New { .. }, Entity::Strategy | Entity::Evidence) => {
            format!("a new {word} for a goal no longer in the plan")
        }
        (DraftRecord::New { .. }, _) => format!("a new {word}"),
        (DraftRecord::Existing(_), _) => format!("changes to a {word} no longer in the record"),
    }
}

/// The typing an older plp kept under a key that does not say which student it was for,
/// shown to be copied, if there is any.
pub fn unplaced(store: &Store) -> Result<Option<Action>, StoreError> {
    let unplaced = store.unplaced_drafts()?;
    if unplaced.is_empty() {
        return Ok(None);
    }
    let mut lines = vec![
        "An earlier plp kept this typing under a key that does not say which student it was \
         for, so it is not offered as anyone's draft."
            .to_string(),
        "It stays in the file; copy what you need.".to_string(),
    ];
    for d in &unplaced {
        lines.push(String::new());
        lines.push(format!(
            "{} (saved {}):",
            clean_line(&d.old_key),
            saved_at(&d.updated)
        ));
        lines.extend(draft_texts(&d.body).into_iter().map(|t| format!("  {t}")));
    }
    Ok(Some(Action::ShowLines {
        title: "Unplaced typing from an earlier plp".into(),
        lines,
    }))
}

/// The typing saved as drafts in a reading copy of the hub (typed before the file became one,
/// or while another terminal's sync made it one), shown for copying, if there is any: it can
/// never be saved as a change here, and is kept in the file.
pub fn in_reading_copy(store: &Store, why: &str) -> Result<Option<Action>, StoreError> {
    let drafts = store.drafts()?;
    if drafts.is_empty() {
        return Ok(None);
    }
    let mut lines = vec![
        format!("This file is a reading copy of the hub ({why})."),
        "The typing below was saved here as drafts and cannot be saved as changes in this file."
            .to_string(),
        "It stays in the file; copy what you need.".to_string(),
    ];
    for d in &drafts {
        let name = store
            .student(&d.key.student)
            .map(|r| clean_line(&r.student.display_name()))
            .unwrap_or_else(|_| "a student this file does not hold".to_string());
        lines.push(String::new());
        lines.push(format!(
            "{name}, {} (saved {}):",
            d.key.kind.word(),
            saved_at(&d.updated)
        ));
        lines.extend(draft_texts(&d.body).into_iter().map(|t| format!("  {t}")));
    }
    Ok(Some(Action::ShowLines {
        title: "Typing kept in a reading copy".into(),
        lines,
    }))
}

/// The effects that throw away the drafts of `keys` once the person says so.
pub fn throw_away(keys: Vec<DraftKey>) -> Vec<Effect> {
    keys.into_iter()
        .map(|key| Effect::DeleteDraft { key })
        .collect()
}

/// When a draft was saved (RFC 3339), as a person reads it in this machine's time: "27 Nov
/// 2026 14:05"; a stamp that does not read as one is shown as it is.
fn saved_at(stamp: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(stamp)
        .map(|t| {
            t.with_timezone(&chrono::Local)
                .format("%-d %b %Y %H:%M")
                .to_string()
        })
        .unwrap_or_else(|_| clean_line(stamp))
}

/// The texts in a draft's body, one line each, for reading: each field's text, and the texts
/// inside lists (a check-in's note on a strategy's verdict), never an id.
fn draft_texts(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Ok(Value::Object(m)) = serde_json::from_str::<Value>(body) {
        for (k, v) in m {
            // Ids say nothing to a person copying their typing, and a review's year is in
            // its heading.
            // Nor is the field a form was left in.
            if k == "id" || k.ends_with("_id") || k == "to_year" || k == super::form::FOCUS {
                continue;
            }
            let mut texts = Vec::new();
            texts_in(&v, &mut texts);
            out.extend(texts.into_iter().map(|t| format!("{k}: {t}")));
        }
    }
    out
}

/// The texts in `v`, in order: its strings that are not empty and not ids.
fn texts_in(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) if !s.trim().is_empty() && uuid::Uuid::parse_str(s).is_err() => {
            out.push(clean_line(s));
        }
        Value::Array(items) => items.iter().for_each(|i| texts_in(i, out)),
        Value::Object(m) => m.values().for_each(|i| texts_in(i, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_drafts_texts_include_those_in_lists_but_no_ids() {
        let id = "0192f5a0-0000-7000-8000-000000000001";
        let body = serde_json::json!({
            "student_id": id,
            "words": "Liked the novel",
            "verdict_notes": [[id, "Keep the planner"]],
            "notes": "",
            "weeks": 5,
        })
        .to_string();
        assert_eq!(
            draft_texts(&body),
            vec!["verdict_notes: Keep the planner", "words: Liked the novel"]
        );
    }
}
