//! The closed words of a plan document (a goal's domain, a status, a verdict, a check-in's
//! kind) checked as written, before the document is read into plp's types: those read a word
//! they do not know as "unknown" (a newer plp's word, kept from a stored record), which would
//! leave the refusal unable to say which word, or where.

use serde_json::Value;

use crate::domain::{CheckInKind, GoalDomain, Status, StudentStatus, Verdict};

/// A vocabulary: what it is called and its words.
struct Words {
    what: &'static str,
    words: fn() -> Vec<&'static str>,
}

const STUDENT_STATUS: Words = Words {
    what: "student status",
    words: || StudentStatus::ALL.iter().map(|w| w.as_str()).collect(),
};
const DOMAIN: Words = Words {
    what: "goal domain",
    words: || GoalDomain::ALL.iter().map(|w| w.as_str()).collect(),
};
const STATUS: Words = Words {
    what: "status",
    words: || Status::ALL.iter().map(|w| w.as_str()).collect(),
};
const KIND: Words = Words {
    what: "check-in kind",
    words: || CheckInKind::ALL.iter().map(|w| w.as_str()).collect(),
};
const VERDICT: Words = Words {
    what: "verdict",
    words: || Verdict::ALL.iter().map(|w| w.as_str()).collect(),
};

/// The first word of a closed list in `student` (one student of a document) that is not one
/// of its words as plp writes them, as "`path`: why"; `None` when every one is.
pub(super) fn unknown_word(student: &Value) -> Option<String> {
    let mut places: Vec<(String, &Value, &Words)> = Vec::new();
    if let Some(v) = student.get("status") {
        places.push(("status".into(), v, &STUDENT_STATUS));
    }
    for (p, plan) in array(student, "plans") {
        for (g, goal) in array(plan, "goals") {
            let at = format!("plans[{p}].goals[{g}]");
            for (key, words) in [("domain", &DOMAIN), ("status", &STATUS)] {
                if let Some(v) = goal.get(key) {
                    places.push((format!("{at}.{key}"), v, words));
                }
            }
            for (s, strategy) in array(goal, "strategies") {
                if let Some(v) = strategy.get("status") {
                    places.push((format!("{at}.strategies[{s}].status"), v, &STATUS));
                }
            }
        }
    }
    for (c, checkin) in array(student, "checkins") {
        if let Some(v) = checkin.get("kind") {
            places.push((format!("checkins[{c}].kind"), v, &KIND));
        }
        for (i, verdict) in array(checkin, "verdicts") {
            if let Some(v) = verdict.get("verdict") {
                places.push((format!("checkins[{c}].verdicts[{i}].verdict"), v, &VERDICT));
            }
        }
    }
    places.into_iter().find_map(|(at, v, words)| {
        let word = v.as_str()?;
        let known = (words.words)();
        // "unknown" is how an export writes a newer plp's word, named as such further on.
        (!known.contains(&word) && word != "unknown").then(|| {
            format!(
                "{at}: \"{}\" is not a {} plp knows ({})",
                crate::domain::clean_line(word)
                    .chars()
                    .take(40)
                    .collect::<String>(),
                words.what,
                known.join(", ")
            )
        })
    })
}

/// The elements of `v[key]` with their places, if it is a list.
pub(super) fn array<'a>(v: &'a Value, key: &str) -> Vec<(usize, &'a Value)> {
    v.get(key)
        .and_then(Value::as_array)
        .map(|a| a.iter().enumerate().collect())
        .unwrap_or_default()
}
