//! SIS ids that lost their leading zeros. A spreadsheet reads `000125` as a number and saves it
//! as `125`, so a roster re-saved through one lists every such student under another id. An
//! all-digit id of a roster that equals one stored all-digit id once leading zeros are ignored
//! is that student, and the stored id is kept as it is.

use std::collections::{HashMap, HashSet};

use super::{Roster, RosterError};

/// An all-digit id without its leading zeros (`0` for zeros alone); `None` for any other id.
pub(crate) fn digits(id: &str) -> Option<&str> {
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let rest = id.trim_start_matches('0');
    Some(if rest.is_empty() { "0" } else { rest })
}

/// "a", "a or b", "a, b or c".
fn or_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// Gives each student of `roster` whose id is not stored, but is one stored id (of `stored`)
/// once leading zeros are ignored, that stored id. Returns each id so matched with the stored
/// id it is, in file order. Nothing is guessed: an id that could be two stored students (ids
/// that differ only in leading zeros) is a bad line, as is one of two lines whose ids differ
/// only in leading zeros and that say otherwise of the student (see [`Roster::zero_clashes`]),
/// unless both ids are stored; and then no id is changed. (Two lines that say the same under
/// such ids were taken as one student when the roster was read.)
pub fn match_stored(
    roster: &mut Roster,
    stored: &[String],
) -> Result<Vec<(String, String)>, RosterError> {
    let exact: HashSet<&str> = stored.iter().map(String::as_str).collect();
    let mut by_digits: HashMap<&str, Vec<&str>> = HashMap::new();
    for id in stored {
        if let Some(d) = digits(id) {
            by_digits.entry(d).or_default().push(id);
        }
    }
    let line_of = |id: &str| roster.lines.get(id).copied().unwrap_or(0);
    let mut matched: Vec<(String, String)> = Vec::new();
    let mut bad: Vec<(u64, String)> = Vec::new();
    // Two lines whose ids differ only in leading zeros, saying otherwise of the student, are
    // two students only where both ids are stored as they are written.
    for c in &roster.zero_clashes {
        if !(exact.contains(c.id.as_str()) && exact.contains(c.other.as_str())) {
            bad.push((c.line, c.why.clone()));
        }
    }
    for s in &roster.students {
        let id = s.sis_id.as_str();
        if exact.contains(id) {
            continue;
        }
        let Some(candidates) = digits(id).and_then(|d| by_digits.get(d)) else {
            continue;
        };
        let line = line_of(id);
        let mut candidates = candidates.clone();
        candidates.sort_unstable();
        let [to] = candidates.as_slice() else {
            bad.push((
                line,
                format!(
                    "student id {id} could be {}, stored students whose ids differ only in \
                     leading zeros, so which one is not guessed (write the id in full)",
                    or_list(&candidates)
                ),
            ));
            continue;
        };
        matched.push((id.to_string(), (*to).to_string()));
    }
    if !bad.is_empty() {
        bad.sort();
        return Err(RosterError::Lines(bad));
    }
    let to: HashMap<&str, &str> = matched
        .iter()
        .map(|(from, to)| (from.as_str(), to.as_str()))
        .collect();
    for s in &mut roster.students {
        if let Some(stored) = to.get(s.sis_id.as_str()) {
            let from = std::mem::replace(&mut s.sis_id, (*stored).to_string());
            if let Some(blank) = roster.blank.remove(&from) {
                roster.blank.insert(s.sis_id.clone(), blank);
            }
            if let Some(line) = roster.lines.remove(&from) {
                roster.lines.insert(s.sis_id.clone(), line);
            }
        }
    }
    Ok(matched)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roster(ids: &[&str]) -> Roster {
        let mut text = String::from("id,first,last,grade\n");
        for id in ids {
            text.push_str(&format!("{id},Ann,Lee,9\n"));
        }
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        super::super::parse(text.as_bytes(), today).unwrap()
    }

    /// A roster of one line for each (id, given name).
    fn named(lines: &[(&str, &str)]) -> Roster {
        let mut text = String::from("id,first,last,grade\n");
        for (id, given) in lines {
            text.push_str(&format!("{id},{given},Lee,9\n"));
        }
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        super::super::parse(text.as_bytes(), today).unwrap()
    }

    fn stored(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|s| s.to_string()).collect()
    }

    fn ids(r: &Roster) -> Vec<&str> {
        r.students.iter().map(|s| s.sis_id.as_str()).collect()
    }

    #[test]
    fn an_id_without_its_zeros_is_the_stored_student() {
        let mut r = roster(&["125", "000126", "127", "abc", "0"]);
        let m = match_stored(&mut r, &stored(&["000125", "126", "127", "000127", "000"])).unwrap();
        assert_eq!(
            m,
            vec![
                ("125".to_string(), "000125".to_string()),
                ("000126".to_string(), "126".to_string()),
                ("0".to_string(), "000".to_string()),
            ]
        );
        // An id stored as it is written is that student, whatever else is stored.
        assert_eq!(ids(&r), vec!["000125", "126", "127", "abc", "000"]);
        assert_eq!(r.lines.get("000125"), Some(&2));
        assert!(!r.lines.contains_key("125"));
    }

    #[test]
    fn nothing_is_guessed() {
        let mut r = roster(&["125", "7"]);
        let err = match_stored(&mut r, &stored(&["0125", "000125"])).unwrap_err();
        assert_eq!(
            err,
            RosterError::Lines(vec![(
                2,
                "student id 125 could be 000125 or 0125, stored students whose ids differ only \
                 in leading zeros, so which one is not guessed (write the id in full)"
                    .into()
            )])
        );
        assert_eq!(ids(&r), vec!["125", "7"]);

        // Two lines whose ids differ only in leading zeros are one student's: taken as one
        // when they say the same, a bad line when they do not.
        let mut r = roster(&["000125", "125"]);
        assert_eq!(ids(&r), vec!["000125"]);
        assert_eq!(match_stored(&mut r, &stored(&["000125"])), Ok(vec![]));

        let mut r = named(&[("125", "Ann"), ("0125", "Bo")]);
        let err = match_stored(&mut r, &stored(&["000125"])).unwrap_err();
        assert_eq!(
            err,
            RosterError::Lines(vec![(
                3,
                "student id 0125 is 125 on line 2 once leading zeros are ignored, with another \
                 given name (one line per student)"
                    .into()
            )])
        );
        assert_eq!(ids(&r), vec!["125", "0125"]);
    }

    /// Two stored students whose ids differ only in leading zeros are each listed under their
    /// own id, as written.
    #[test]
    fn ids_stored_as_written_are_two_students() {
        let mut r = named(&[("4", "Ann"), ("04", "Bo")]);
        assert_eq!(match_stored(&mut r, &stored(&["04", "4"])), Ok(vec![]));
        assert_eq!(ids(&r), vec!["4", "04"]);
        let mut r = named(&[("4", "Ann"), ("04", "Bo")]);
        assert!(match_stored(&mut r, &stored(&["4"])).is_err());
        let mut r = named(&[("4", "Ann"), ("04", "Bo")]);
        assert!(match_stored(&mut r, &stored(&[])).is_err());
    }
}
