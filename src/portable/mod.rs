//! The portable plan document: one JSON format for exports, `plp import plan`, and the demo.
//!
//! Goals and strategies carry a `key` that links check-ins and evidence to them inside one
//! document. Records carry the id they have in the database they came from, so that bringing
//! the same document in again finds them instead of adding them twice.

mod export;
mod import;
pub mod stream;
mod typed;
mod words;

pub use export::{export_document, write_document};
pub use import::{check_links, import_checked_student, import_document, ImportSummary};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::{
    CheckInKind, GoalDomain, NextStep, Profile, Status, StepReview, StudentStatus, Verdict,
};

/// The document's `format` field.
pub const FORMAT: &str = "plp";
/// The document version this plp writes and reads.
pub const VERSION: u32 = 1;

/// A whole export: one or more students with everything about them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Always "plp".
    pub format: String,
    /// Always 1 for now.
    pub version: u32,
    /// When it was written.
    #[serde(default)]
    pub exported: Option<NaiveDate>,
    /// The students.
    #[serde(default)]
    pub students: Vec<DocStudent>,
}

/// A field that is there, `null` or not: `Some` of what it says (left out, `#[serde(default)]`
/// makes it `None`).
fn given<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// One student in a document. A field left out is `None`: a new student takes the field's
/// default, and a student already held keeps what it has. A field that may be empty
/// (preferred name, pronouns, grade, graduation year, advisor, e-mail) given as `null` is
/// `Some(None)`: it is emptied, so that what an export says of a field emptied since comes back
/// as it was written. Names, status and flags given as `null` are as if left out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct DocStudent {
    /// SIS id.
    pub sis_id: String,
    /// Given name.
    pub given_name: Option<String>,
    /// Family name.
    pub family_name: Option<String>,
    /// Preferred name.
    #[serde(deserialize_with = "given")]
    pub preferred_name: Option<Option<String>>,
    /// Pronouns.
    #[serde(deserialize_with = "given")]
    pub pronouns: Option<Option<String>>,
    /// Grade.
    #[serde(deserialize_with = "given")]
    pub grade: Option<Option<i64>>,
    /// Graduation year.
    #[serde(deserialize_with = "given")]
    pub grad_year: Option<Option<i64>>,
    /// Advisor.
    #[serde(deserialize_with = "given")]
    pub advisor: Option<Option<String>>,
    /// E-mail.
    #[serde(deserialize_with = "given")]
    pub email: Option<Option<String>>,
    /// Active or inactive.
    pub status: Option<StudentStatus>,
    /// An IEP exists.
    pub iep: Option<bool>,
    /// A 504 plan exists.
    pub plan_504: Option<bool>,
    /// Who the learner is.
    pub profile: DocProfile,
    /// The team.
    pub team: Vec<DocTeamMember>,
    /// Plans by school year.
    pub plans: Vec<DocPlan>,
    /// Check-ins, oldest first.
    pub checkins: Vec<DocCheckIn>,
    /// Interventions.
    pub interventions: Vec<DocIntervention>,
    /// Evidence.
    pub evidence: Vec<DocEvidence>,
}

/// A student's profile in a document, each field `None` where the document says nothing of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct DocProfile {
    /// Strengths.
    pub strengths: Option<String>,
    /// Needs and challenges.
    pub needs: Option<String>,
    /// How I learn best.
    pub learning: Option<String>,
    /// Interests, likes and dislikes.
    pub interests: Option<String>,
    /// Career interests and postsecondary plans.
    pub career: Option<String>,
    /// Supports that help.
    pub supports: Option<String>,
    /// Personal goals outside school.
    pub personal_goals: Option<String>,
}

impl From<Profile> for DocProfile {
    fn from(p: Profile) -> DocProfile {
        DocProfile {
            strengths: Some(p.strengths),
            needs: Some(p.needs),
            learning: Some(p.learning),
            interests: Some(p.interests),
            career: Some(p.career),
            supports: Some(p.supports),
            personal_goals: Some(p.personal_goals),
        }
    }
}

/// A team member in a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct DocTeamMember {
    /// This record's id where it was exported; a second import of the same document finds it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Name.
    pub name: String,
    /// Role.
    pub role: String,
    /// Contact.
    pub contact: String,
    /// The language they prefer to read in ("es"), if recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

/// A plan in a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct DocPlan {
    /// "2026-27".
    pub school_year: String,
    /// Annual review done.
    pub reviewed: bool,
    /// Goals.
    pub goals: Vec<DocGoal>,
}

/// A goal in a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct DocGoal {
    /// This record's id where it was exported; a second import of the same document finds it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Links check-ins and evidence to this goal.
    pub key: String,
    /// Title.
    pub title: String,
    /// Domain.
    pub domain: GoalDomain,
    /// Why it matters.
    pub why: String,
    /// How we will know.
    pub measure: String,
    /// Baseline.
    pub baseline: String,
    /// Target.
    pub target: String,
    /// Target date.
    pub target_date: Option<NaiveDate>,
    /// Status.
    pub status: Status,
    /// Strategies.
    pub strategies: Vec<DocStrategy>,
}

/// A strategy in a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct DocStrategy {
    /// This record's id where it was exported; a second import of the same document finds it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Links check-in verdicts to this strategy.
    pub key: String,
    /// What the student will do.
    pub what: String,
    /// Who helps.
    pub owner: String,
    /// How often.
    pub frequency: String,
    /// Status.
    pub status: Status,
}

/// Progress on a goal, by key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct DocProgress {
    /// The goal's key.
    pub goal: String,
    /// 1–4.
    pub rating: i64,
}

/// A strategy verdict, by key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocVerdict {
    /// The strategy's key.
    pub strategy: String,
    /// The verdict.
    pub verdict: Verdict,
    /// A note.
    #[serde(default)]
    pub note: String,
}

/// A check-in in a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct DocCheckIn {
    /// This record's id where it was exported; a second import of the same document finds it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Date.
    pub date: Option<NaiveDate>,
    /// Kind.
    pub kind: CheckInKind,
    /// Who was there.
    pub attended: Vec<String>,
    /// The student's own words.
    pub student_words: String,
    /// Progress per goal.
    pub progress: Vec<DocProgress>,
    /// Verdict per strategy.
    pub verdicts: Vec<DocVerdict>,
    /// Adjustments.
    pub adjustments: String,
    /// Advisor notes.
    pub notes: String,
    /// Notes are restricted.
    pub restricted: bool,
    /// The whole check-in is restricted (the student's words and next steps too).
    pub restricted_whole: bool,
    /// Next steps.
    pub next_steps: Vec<NextStep>,
    /// Last time's next steps, done or not.
    pub last_steps: Vec<StepReview>,
    /// Next check-in.
    pub next_date: Option<NaiveDate>,
}

/// An intervention in a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct DocIntervention {
    /// This record's id where it was exported; a second import of the same document finds it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Date.
    pub date: Option<NaiveDate>,
    /// Kind.
    pub kind: String,
    /// Description.
    pub description: String,
    /// Who.
    pub who: String,
    /// Outcome.
    pub outcome: String,
}

/// Evidence in a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct DocEvidence {
    /// This record's id where it was exported; a second import of the same document finds it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Date.
    pub date: Option<NaiveDate>,
    /// The goal's key.
    pub goal: Option<String>,
    /// Kind.
    pub kind: String,
    /// Title.
    pub title: String,
    /// Result.
    pub result: String,
}

impl Document {
    /// An empty document stamped with a date.
    pub fn new(exported: NaiveDate) -> Document {
        Document {
            format: FORMAT.into(),
            version: VERSION,
            exported: Some(exported),
            students: Vec::new(),
        }
    }

    /// Reads a document, saying in one sentence what is wrong with a bad one.
    pub fn from_json(text: &str) -> Result<Document, crate::domain::ValidationError> {
        use crate::domain::ValidationError;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let probe: serde_json::Value = serde_json::from_str(text).map_err(|e| {
            if e.is_eof() && e.line() == 1 && e.column() == 0 {
                return ValidationError::new("the file is empty, not a plan document");
            }
            ValidationError::new(format!(
                "not a JSON document (line {}, column {}: {})",
                e.line(),
                e.column(),
                short(&e)
            ))
        })?;
        if probe.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
            return Err(ValidationError::new(
                "not a plp plan document (its \"format\" is not \"plp\")",
            ));
        }
        if let Some(refusal) = version_refusal(probe.get("version")) {
            return Err(refusal);
        }
        // "Optional fields may be omitted or null": a null is read as if it were not there.
        let mut probe = probe;
        drop_document_nulls(&mut probe);
        let sis_ids: Vec<Option<String>> = probe
            .get("students")
            .and_then(serde_json::Value::as_array)
            .map(|list| list.iter().map(stream::sis_id_of).collect())
            .unwrap_or_default();
        // A word of a closed list is checked as written first, student by student, as a
        // document read a student at a time checks it; the first student with either kind of
        // fault is the one named.
        let unknown = probe
            .get("students")
            .and_then(serde_json::Value::as_array)
            .and_then(|list| {
                list.iter().enumerate().find_map(|(i, s)| {
                    Some((i, words::unknown_word(s).or_else(|| typed::refusal(s))?))
                })
            });
        let refuse_word = |i: usize, why: String| {
            ValidationError::new(format!(
                "the plan document is not valid: {}",
                stream::in_student(sis_ids.get(i).cloned().flatten(), why)
            ))
        };
        let read: Result<Document, _> = serde_path_to_error::deserialize(probe);
        let fault_at = |at: &str| {
            at.strip_prefix("students[")
                .and_then(|rest| rest.split_once(']'))
                .and_then(|(i, _)| i.parse::<usize>().ok())
        };
        match (&read, unknown) {
            (Ok(_), Some((i, why))) => return Err(refuse_word(i, why)),
            (Err(e), Some((i, why)))
                if fault_at(&e.path().to_string()).is_some_and(|at| i <= at) =>
            {
                return Err(refuse_word(i, why))
            }
            _ => {}
        }
        read.map_err(|e| {
            let at = e.path().to_string();
            // A student's field is named as a document read a student at a time names it.
            let why = match at
                .strip_prefix("students[")
                .and_then(|rest| rest.split_once(']'))
                .and_then(|(i, rest)| Some((i.parse::<usize>().ok()?, rest)))
            {
                Some((i, rest)) => stream::in_student(
                    sis_ids.get(i).cloned().flatten(),
                    located(rest.trim_start_matches('.'), e.inner()),
                ),
                None => located(&at, e.inner()),
            };
            ValidationError::new(format!("the plan document is not valid: {why}"))
        })
    }

    /// Moves every date by `days` (the demo is written relative to a fixed day).
    pub fn shift_dates(&mut self, days: i64) {
        let shift = |d: &mut Option<NaiveDate>| {
            if let Some(x) = d {
                *x += chrono::Duration::days(days);
            }
        };
        for s in &mut self.students {
            for p in &mut s.plans {
                for g in &mut p.goals {
                    shift(&mut g.target_date);
                }
            }
            for c in &mut s.checkins {
                shift(&mut c.date);
                shift(&mut c.next_date);
            }
            for i in &mut s.interventions {
                shift(&mut i.date);
            }
            for e in &mut s.evidence {
                shift(&mut e.date);
            }
        }
    }
}

/// A student's fields that may be empty: given as `null`, each is emptied (see [`DocStudent`]).
const EMPTIABLE: [&str; 6] = [
    "preferred_name",
    "pronouns",
    "grade",
    "grad_year",
    "advisor",
    "email",
];

/// Removes every `null` member of every object, so that a null field takes its default.
fn drop_nulls(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(map) => {
            map.retain(|_, x| !x.is_null());
            map.values_mut().for_each(drop_nulls);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(drop_nulls),
        _ => {}
    }
}

/// [`drop_nulls`] for a whole document: each student's as [`drop_student_nulls`] does it.
fn drop_document_nulls(doc: &mut serde_json::Value) {
    let Some(map) = doc.as_object_mut() else {
        return drop_nulls(doc);
    };
    map.retain(|_, x| !x.is_null());
    for (key, x) in map.iter_mut() {
        match x {
            serde_json::Value::Array(students) if key == "students" => {
                students.iter_mut().for_each(drop_student_nulls)
            }
            other => drop_nulls(other),
        }
    }
}

/// [`drop_nulls`] for one student: the `null` of a field that may be empty is kept.
fn drop_student_nulls(v: &mut serde_json::Value) {
    if let serde_json::Value::Object(map) = v {
        map.retain(|k, x| !x.is_null() || EMPTIABLE.contains(&k.as_str()));
        map.values_mut().for_each(drop_nulls);
    } else {
        drop_nulls(v);
    }
}

/// serde's message without its " at line X column Y" tail.
/// The refusal of a document whose `version` is not the one this plp reads, naming what it
/// says (a number written as text is named as such).
fn version_refusal(version: Option<&serde_json::Value>) -> Option<crate::domain::ValidationError> {
    use serde_json::Value;
    let said = match version {
        Some(Value::Number(n)) if n.as_u64() == Some(u64::from(VERSION)) => return None,
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::String(s)) => format!(
            "\"{}\" (written as text)",
            crate::domain::clean_line(s)
                .chars()
                .take(20)
                .collect::<String>()
        ),
        None | Some(Value::Null) => "(none given)".to_string(),
        Some(_) => "(not a number)".to_string(),
    };
    Some(crate::domain::ValidationError::new(format!(
        "plan document version {said} is not one this plp reads (it reads version {VERSION})"
    )))
}

/// Where in a document a field did not read, and why, in words: `at` is its path
/// (`students[2].checkins[0].date`, or `.` for the whole).
fn located(at: &str, e: &serde_json::Error) -> String {
    let why = plain(e);
    if at.is_empty() || at == "." {
        why
    } else {
        format!("{at}: {why}")
    }
}

/// What serde (and chrono, for dates) said, in the words of a person editing the document.
fn plain(e: &serde_json::Error) -> String {
    let s = short(e);
    if s == "input is out of range" {
        "not a real date".into()
    } else if [
        "premature end of input",
        "input contains invalid characters",
        "trailing input",
        "input is not enough for unique date and time",
        "bad or unsupported format string",
    ]
    .contains(&s.as_str())
    {
        "not a date written as YYYY-MM-DD".into()
    } else if s.starts_with("invalid type: floating point")
        && [" i64", " u64", " i32", " u32", " i8", " u8", " i16", " u16"]
            .iter()
            .any(|t| s.ends_with(t))
    {
        "expected a whole number".into()
    } else if s.starts_with("invalid value: integer") && s.contains("expected ") {
        "a number out of range".into()
    } else {
        wrong_kind(&s).unwrap_or(s)
    }
}

/// serde's "invalid type: string \"nine\", expected i64" as a person editing the document
/// reads it: `"nine" where a whole number is expected`.
fn wrong_kind(s: &str) -> Option<String> {
    let (found, expected) = s
        .strip_prefix("invalid type: ")?
        .rsplit_once(", expected ")?;
    let unticked = |v: &str| v.trim_matches('`').to_string();
    let found = match found.split_once(' ') {
        Some(("string", text)) => text.to_string(),
        Some(("integer" | "floating" | "boolean", v)) => unticked(v.trim_start_matches("point ")),
        _ => match found {
            "map" => "an object".into(),
            "sequence" => "a list".into(),
            "null" | "unit value" => "null".into(),
            other => other.to_string(),
        },
    };
    let expected = match expected.trim() {
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number",
        "a boolean" | "bool" => "true or false",
        "a string" | "a borrowed string" => "text in quotes",
        "a sequence" => "a list [ … ]",
        e if e == "a map" || e.starts_with("struct ") => "an object { … }",
        other => other,
    };
    Some(format!("{found} where {expected} is expected"))
}

fn short(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.find(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}
