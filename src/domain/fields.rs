//! One table per kind of record: each field's stored name, how its column keeps it, the label a
//! person sees, how its value is parsed, and who may change it. The store's columns, `plp set`,
//! the edit forms, imports and every received change read this table; its parsers are the one
//! definition of a valid value.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::dates::{parse_date, parse_date_near, parse_typed_date};
use super::entities::*;
use super::grade::parse_grade;
use super::kinds::*;
use super::text::{clean_line, clean_text};
use super::ValidationError;

/// How a field's value is kept in its column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Text, never NULL.
    Text,
    /// Text or NULL (also dates and optional links).
    OptText,
    /// Integer or NULL.
    Int,
    /// 0 or 1.
    Bool,
    /// A JSON array or object kept as text.
    Json,
}

/// A closed vocabulary a field's word comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vocab {
    /// [`GoalDomain`].
    GoalDomain,
    /// [`Status`] of a goal or strategy.
    Status,
    /// [`StudentStatus`].
    StudentStatus,
    /// [`CheckInKind`].
    CheckInKind,
}

impl Vocab {
    /// The stored word for typed text, or why there is none: a word of the vocabulary (or one
    /// of its aliases), or the start of exactly one of its words ("acad", "soc" and "in" are
    /// typed for academic, social-emotional and inactive).
    fn parse(self, t: &str) -> Result<&'static str, ValidationError> {
        let exact = match self {
            Vocab::GoalDomain => t.parse::<GoalDomain>().map(GoalDomain::as_str),
            Vocab::Status => t.parse::<Status>().map(Status::as_str),
            Vocab::StudentStatus => t.parse::<StudentStatus>().map(StudentStatus::as_str),
            Vocab::CheckInKind => t.parse::<CheckInKind>().map(CheckInKind::as_str),
        };
        exact.or_else(|why| {
            let start = t.trim().to_lowercase().replace(['_', ' '], "-");
            let starting: Vec<&str> = self
                .words()
                .into_iter()
                .filter(|w| w.starts_with(&start))
                .collect();
            match (start.is_empty(), starting.as_slice()) {
                (false, [word]) => Ok(word),
                // The start of several words: name them, so one more letter is all it takes.
                (false, [_, .., last]) => Err(ValidationError::new(format!(
                    "\"{}\" starts more than one word: {} or {}",
                    t.trim(),
                    starting[..starting.len() - 1].join(", "),
                    last
                ))),
                _ => Err(why),
            }
        })
    }

    /// The vocabulary's own words, in display order.
    fn words(self) -> Vec<&'static str> {
        fn all<T: Copy>(values: &[T], f: fn(T) -> &'static str) -> Vec<&'static str> {
            values.iter().map(|v| f(*v)).collect()
        }
        match self {
            Vocab::GoalDomain => all(GoalDomain::ALL, GoalDomain::as_str),
            Vocab::Status => all(Status::ALL, Status::as_str),
            Vocab::StudentStatus => all(StudentStatus::ALL, StudentStatus::as_str),
            Vocab::CheckInKind => all(CheckInKind::ALL, CheckInKind::as_str),
        }
    }

    /// Whether a stored word is one of the vocabulary's own (not an alias, not "unknown").
    /// (Asked of every change received, so it allocates nothing.)
    fn holds(self, word: &str) -> bool {
        fn any<T: Copy>(all: &[T], word: &str, f: fn(T) -> &'static str) -> bool {
            all.iter().any(|v| f(*v) == word)
        }
        match self {
            Vocab::GoalDomain => any(GoalDomain::ALL, word, GoalDomain::as_str),
            Vocab::Status => any(Status::ALL, word, Status::as_str),
            Vocab::StudentStatus => any(StudentStatus::ALL, word, StudentStatus::as_str),
            Vocab::CheckInKind => any(CheckInKind::ALL, word, CheckInKind::as_str),
        }
    }
}

/// How a field's value is parsed and checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parse {
    /// The id of another record of this kind (never empty).
    Link(Entity),
    /// The id of another record of this kind, or nothing.
    OptLink(Entity),
    /// One line of text (names, roles, titles).
    Line,
    /// One line of text that typing may not empty (a name, the SIS id).
    Name,
    /// One line of text, or nothing.
    OptLine,
    /// A school year as plp names it: "2026-27", or "2027" for a year that starts in January or
    /// February.
    SchoolYear,
    /// An e-mail address, or nothing.
    Email,
    /// One line saying how to reach someone: a phone number, an e-mail address or both.
    Contact,
    /// Text that keeps its line breaks.
    Text,
    /// A grade level, -1 (pre-K) to 13, or nothing.
    Grade,
    /// A graduation year, or nothing.
    Year,
    /// An order within a list: a whole number, never nothing.
    Position,
    /// Yes or no.
    Bool,
    /// A calendar date, `YYYY-MM-DD`, or nothing.
    Date,
    /// One word of a vocabulary.
    Vocab(Vocab),
    /// A language code ("es", "pt-BR"), or nothing.
    Language,
    /// A list of people's names (who attended).
    Names,
    /// Progress per goal: `[{goal, rating}]`.
    Progress,
    /// Verdict per strategy: `[{strategy, verdict, note}]`.
    Verdicts,
    /// Next steps: `[{text, owner}]`.
    NextSteps,
    /// Last time's next steps reviewed: `[{text, owner, done}]`.
    StepReviews,
}

/// Where a day typed into a date field without its year falls, as the composer takes one: a day
/// that has happened is the last such day on or before today, a day to come the first such day
/// on or after.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayNear {
    /// On or before today: the day a meeting was held or something was done.
    Past,
    /// On or after today: a day aimed at (a goal's target date).
    Ahead,
    /// On or after the day in the record's own date field named (a check-in's next date, after
    /// the day it was held), or today when that field holds no date.
    After(&'static str),
}

/// What typed text is read against beside itself: the day it is typed on, and the other fields
/// of its record as typed beside it (or as stored), by name.
#[derive(Debug, Clone, Copy)]
pub struct Typing<'a> {
    /// Today.
    pub today: chrono::NaiveDate,
    /// The record's other fields as text: (name, text).
    pub record: &'a [(&'a str, String)],
}

impl Typing<'_> {
    /// The text of the record's field `name`, if it has any.
    fn field(&self, name: &str) -> Option<&str> {
        self.record
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| t.as_str())
            .filter(|t| !t.trim().is_empty())
    }
}

/// One field of one kind of record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The name stored in the change log and used as the column name.
    pub name: &'static str,
    /// How its column keeps it.
    pub kind: Kind,
    /// What a person sees it called (in forms, with the words it accepts).
    pub label: &'static str,
    /// How its value is parsed and checked.
    pub parse: Parse,
    /// `plp set` (students) and imports may change it.
    pub settable: bool,
    /// Shown in the record's edit form.
    pub form: bool,
    /// A new record must carry it, and it can never be emptied: the sentence when it is missing.
    pub required: Option<&'static str>,
    /// Typing may not leave it empty (a person saving a form, `plp team … set`, an import): the
    /// sentence when it is, the same as the record's own validation says (a required field
    /// always is). Changes already written without it are still read and taken in.
    pub needed: Option<&'static str>,
    /// For a date: where a day typed without its year falls.
    pub near: DayNear,
}

/// The longest one-line value typed (a name, a role, a title, a contact, an address), in
/// characters: no name or title comes near it, and a paste of a page into one is refused.
pub const LINE_MAX: usize = 200;

/// The longest text typed into one field that keeps its line breaks (a profile field, a
/// check-in's notes), in characters: some twenty pages, far beyond any note, short of a file
/// pasted by mistake.
pub const TEXT_MAX: usize = 50_000;

const fn f(name: &'static str, kind: Kind, parse: Parse, label: &'static str) -> Field {
    Field {
        name,
        kind,
        label,
        parse,
        settable: false,
        form: false,
        required: None,
        needed: None,
        near: DayNear::Past,
    }
}

impl Field {
    const fn settable(mut self) -> Field {
        self.settable = true;
        self
    }
    const fn form(mut self) -> Field {
        self.form = true;
        self
    }
    const fn required(mut self, missing: &'static str) -> Field {
        self.required = Some(missing);
        self.needed = Some(missing);
        self
    }
    const fn needed(mut self, empty: &'static str) -> Field {
        self.needed = Some(empty);
        self
    }
    const fn near(mut self, near: DayNear) -> Field {
        self.near = near;
        self
    }
}

use Kind::*;
use Parse as P;

const RETIRED: Field = f("retired", Bool, P::Bool, "Retired (yes/no)");

const STUDENT: &[Field] = &[
    f("sis_id", Text, P::Name, "SIS id").required("the student id is empty"),
    // Typing never empties a name (an empty value from a script is a slip far more often than
    // meant): a student known by one name has only a family name, as the SIS roster and a plan
    // document give it.
    f("given_name", Text, P::Name, "Given name")
        .settable()
        .form(),
    f("family_name", Text, P::Name, "Family name")
        .settable()
        .form(),
    f("preferred_name", OptText, P::OptLine, "Preferred name")
        .settable()
        .form(),
    f("pronouns", OptText, P::OptLine, "Pronouns")
        .settable()
        .form(),
    f("grade", Int, P::Grade, "Grade").settable().form(),
    f("grad_year", Int, P::Year, "Graduation year")
        .settable()
        .form(),
    f("advisor", OptText, P::OptLine, "Advisor")
        .settable()
        .form(),
    f("email", OptText, P::Email, "E-mail").settable().form(),
    f(
        "status",
        Text,
        P::Vocab(Vocab::StudentStatus),
        "Status (active/inactive)",
    )
    .settable()
    .form(),
    f("iep", Bool, P::Bool, "IEP on file (yes/no)")
        .settable()
        .form(),
    f("plan_504", Bool, P::Bool, "504 plan on file (yes/no)")
        .settable()
        .form(),
    f("strengths", Text, P::Text, "Strengths").settable(),
    f("needs", Text, P::Text, "Needs & challenges").settable(),
    f("learning", Text, P::Text, "How I learn best").settable(),
    f("interests", Text, P::Text, "Interests, likes, dislikes").settable(),
    f("career", Text, P::Text, "Career & postsecondary").settable(),
    f("supports", Text, P::Text, "Supports that help").settable(),
    f("personal_goals", Text, P::Text, "Personal goals").settable(),
    RETIRED,
];

const STUDENT_LINK: Field = f("student_id", Text, P::Link(Entity::Student), "Student")
    .required("the record names no student");

const TEAM: &[Field] = &[
    STUDENT_LINK,
    f("name", Text, P::Line, "Name")
        .form()
        .needed("the team member's name is empty"),
    f(
        "role",
        Text,
        P::Line,
        "Role (parent, guardian, teacher, mentor…)",
    )
    .form(),
    f("contact", Text, P::Contact, "Contact (phone or e-mail)").form(),
    RETIRED,
    // Added in schema 5, so its column comes last.
    f(
        "language",
        OptText,
        P::Language,
        "Preferred language (en, es, vi…)",
    )
    .form(),
];

const PLAN: &[Field] = &[
    STUDENT_LINK,
    f("school_year", Text, P::SchoolYear, "School year").required("a plan needs its school year"),
    f("reviewed", Bool, P::Bool, "Annual review done (yes/no)").form(),
    RETIRED,
];

const GOAL: &[Field] = &[
    f("plan_id", Text, P::Link(Entity::Plan), "Plan").required("a goal needs its plan"),
    STUDENT_LINK,
    f("title", Text, P::Line, "Goal")
        .form()
        .needed("the goal's title is empty"),
    f(
        "domain",
        Text,
        P::Vocab(Vocab::GoalDomain),
        "Domain (academic, social-emotional, career, civic, personal)",
    )
    .form()
    .required("a goal needs a domain"),
    f("why", Text, P::Text, "Why it matters").form(),
    f("measure", Text, P::Text, "How we will know").form(),
    f("baseline", Text, P::Text, "Baseline").form(),
    f("target", Text, P::Text, "Target").form(),
    f("target_date", OptText, P::Date, "Target date")
        .form()
        .near(DayNear::Ahead),
    f(
        "status",
        Text,
        P::Vocab(Vocab::Status),
        "Status (active, met, revised, dropped)",
    )
    .form(),
    f("position", Int, P::Position, "Position").required("a goal needs a position"),
    RETIRED,
    // Added in schema 4, so its column comes last.
    f(
        "carried_from",
        OptText,
        P::OptLink(Entity::Goal),
        "Carried from",
    ),
];

const STRATEGY: &[Field] = &[
    f("goal_id", Text, P::Link(Entity::Goal), "Goal").required("a strategy needs its goal"),
    STUDENT_LINK,
    f("what", Text, P::Text, "What the student will do")
        .form()
        .needed("the strategy is empty"),
    f("owner", Text, P::Line, "Who helps").form(),
    f("frequency", Text, P::Line, "How often").form(),
    f(
        "status",
        Text,
        P::Vocab(Vocab::Status),
        "Status (active, met, revised, dropped)",
    )
    .form(),
    f("position", Int, P::Position, "Position").required("a strategy needs a position"),
    RETIRED,
    // Added in schema 4, so its column comes last.
    f(
        "carried_from",
        OptText,
        P::OptLink(Entity::Strategy),
        "Carried from",
    ),
];

const CHECKIN: &[Field] = &[
    STUDENT_LINK,
    f("plan_id", OptText, P::OptLink(Entity::Plan), "Plan"),
    f("date", OptText, P::Date, "Date")
        .form()
        .required("a check-in needs the date it was held"),
    f(
        "kind",
        Text,
        P::Vocab(Vocab::CheckInKind),
        "Kind (check-in, student-led, parent, touchpoint)",
    )
    .form(),
    f(
        "attended",
        Json,
        P::Names,
        "Who was there (comma-separated)",
    )
    .form(),
    f("student_words", Text, P::Text, "In the student's words").form(),
    f("progress", Json, P::Progress, "Progress per goal"),
    f("verdicts", Json, P::Verdicts, "How each strategy went"),
    f("adjustments", Text, P::Text, "Adjustments to strategies").form(),
    f("notes", Text, P::Text, "Advisor notes").form(),
    f("restricted", Bool, P::Bool, "Notes restricted (yes/no)").form(),
    f("next_steps", Json, P::NextSteps, "Next steps"),
    f("next_date", OptText, P::Date, "Next check-in")
        .form()
        .near(DayNear::After("date")),
    RETIRED,
    // Added in schema version 2, so last in the table's columns.
    f(
        "restricted_whole",
        Bool,
        P::Bool,
        "Whole check-in restricted (yes/no)",
    )
    .form(),
    f(
        "last_steps",
        Json,
        P::StepReviews,
        "Last time's next steps, done or not",
    ),
];

const INTERVENTION: &[Field] = &[
    STUDENT_LINK,
    f("date", OptText, P::Date, "Date")
        .form()
        .needed("the intervention has no date"),
    f("kind", Text, P::Line, "Kind").form(),
    f("description", Text, P::Text, "What was done")
        .form()
        .needed("the intervention's description is empty"),
    f("who", Text, P::Line, "Who").form(),
    f("outcome", Text, P::Text, "Outcome").form(),
    RETIRED,
];

const EVIDENCE: &[Field] = &[
    STUDENT_LINK,
    f("goal_id", OptText, P::OptLink(Entity::Goal), "Goal"),
    f("date", OptText, P::Date, "Date")
        .form()
        .needed("the evidence has no date"),
    f("kind", Text, P::Line, "Kind (assessment, work sample…)").form(),
    f("title", Text, P::Line, "What it is")
        .form()
        .needed("the evidence's title is empty"),
    f("result", Text, P::Text, "Result").form(),
    RETIRED,
];

/// A kind of record kept in the change log and built into its own table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Entity {
    /// A student and their profile.
    Student,
    /// A member of the student's team.
    TeamMember,
    /// One school year's plan.
    Plan,
    /// A goal.
    Goal,
    /// A strategy.
    Strategy,
    /// A check-in.
    CheckIn,
    /// An intervention.
    Intervention,
    /// A piece of evidence.
    Evidence,
}

impl Entity {
    /// Every entity, in the order tables are dumped.
    pub const ALL: &'static [Entity] = &[
        Entity::Student,
        Entity::TeamMember,
        Entity::Plan,
        Entity::Goal,
        Entity::Strategy,
        Entity::CheckIn,
        Entity::Intervention,
        Entity::Evidence,
    ];

    /// The name of the kind of record in a sentence ("team member", "check-in").
    pub fn word(self) -> &'static str {
        match self {
            Entity::Student => "student",
            Entity::TeamMember => "team member",
            Entity::Plan => "plan",
            Entity::Goal => "goal",
            Entity::Strategy => "strategy",
            Entity::CheckIn => "check-in",
            Entity::Intervention => "intervention",
            Entity::Evidence => "evidence",
        }
    }

    /// The name used in the change log.
    pub fn name(self) -> &'static str {
        match self {
            Entity::Student => "student",
            Entity::TeamMember => "team_member",
            Entity::Plan => "plan",
            Entity::Goal => "goal",
            Entity::Strategy => "strategy",
            Entity::CheckIn => "checkin",
            Entity::Intervention => "intervention",
            Entity::Evidence => "evidence",
        }
    }

    /// Its fields (besides `id`), in column order.
    pub fn fields(self) -> &'static [Field] {
        match self {
            Entity::Student => STUDENT,
            Entity::TeamMember => TEAM,
            Entity::Plan => PLAN,
            Entity::Goal => GOAL,
            Entity::Strategy => STRATEGY,
            Entity::CheckIn => CHECKIN,
            Entity::Intervention => INTERVENTION,
            Entity::Evidence => EVIDENCE,
        }
    }

    /// One field, if the entity has it.
    pub fn field(self, name: &str) -> Option<&'static Field> {
        self.fields().iter().find(|f| f.name == name)
    }

    /// The kind of one field, if the entity has it.
    pub fn field_kind(self, name: &str) -> Option<Kind> {
        self.field(name).map(|f| f.kind)
    }

    /// The fields `plp set` and imports may change, in table order.
    pub fn settable(self) -> Vec<&'static str> {
        self.fields()
            .iter()
            .filter(|f| f.settable)
            .map(|f| f.name)
            .collect()
    }

    /// The fields the record's edit form shows: (name, label).
    pub fn form_fields(self) -> Vec<(&'static str, &'static str)> {
        self.fields()
            .iter()
            .filter(|f| f.form)
            .map(|f| (f.name, f.label))
            .collect()
    }

    /// Finds an entity by its change-log name.
    pub fn from_name(name: &str) -> Option<Entity> {
        Entity::ALL.iter().copied().find(|e| e.name() == name)
    }

    /// Check-ins are append-only records; their edits are revisions, never conflicts.
    pub fn append_only(self) -> bool {
        matches!(self, Entity::CheckIn)
    }

    /// The field by name, or the sentence saying there is none.
    pub fn field_or_err(self, name: &str) -> Result<&'static Field, ValidationError> {
        self.field(name).ok_or_else(|| {
            ValidationError::new(format!(
                "{} has no field \"{}\"",
                self.name(),
                clean_line(name)
            ))
        })
    }

    /// Checks one changed field's value, wherever it came from.
    pub fn check_change(self, field: &str, value: &Value) -> Result<(), ValidationError> {
        let f = self.field_or_err(field)?;
        f.check(value)?;
        if let Some(missing) = f.required {
            if is_empty(value) {
                return Err(ValidationError::new(missing));
            }
        }
        Ok(())
    }

    /// Checks a new record's fields, wherever it came from: every field it carries is valid,
    /// the ones it needs are there, and the record as a whole makes sense.
    pub fn check_new(self, obj: &Map<String, Value>) -> Result<(), ValidationError> {
        self.check_fields(obj)?;
        match self {
            Entity::Student => typed::<Student>(obj)?.validate(),
            Entity::TeamMember => typed::<TeamMember>(obj)?.validate(),
            Entity::Plan => typed::<Plan>(obj).map(|_| ()),
            Entity::Goal => typed::<Goal>(obj)?.validate(),
            Entity::Strategy => typed::<Strategy>(obj)?.validate(),
            Entity::CheckIn => typed::<CheckIn>(obj)?.validate(),
            Entity::Intervention => typed::<Intervention>(obj)?.validate(),
            Entity::Evidence => typed::<Evidence>(obj)?.validate(),
        }
    }

    /// The part of [`Entity::check_new`] that reads the fields one by one: every field it
    /// carries is valid and the ones it needs are there. (A record made from its typed struct,
    /// already validated as a whole, needs only this.)
    pub fn check_fields(self, obj: &Map<String, Value>) -> Result<(), ValidationError> {
        for (k, v) in obj {
            if k == "id" {
                continue;
            }
            self.field_or_err(k)?.check(v)?;
        }
        for f in self.fields() {
            if let Some(missing) = f.required {
                if obj.get(f.name).is_none_or(is_empty) {
                    return Err(ValidationError::new(missing));
                }
            }
        }
        Ok(())
    }

    /// A stored record as this plp can read it: a value it does not know (written by a newer
    /// plp) becomes "unknown" or nothing instead of making the whole record unreadable.
    pub fn tolerate(self, obj: &mut Map<String, Value>) {
        for f in self.fields() {
            if let Some(v) = obj.get_mut(f.name) {
                f.tolerate(v);
            }
        }
    }
}

/// The record read as its typed struct (from the fields where they are, not a copy of them).
fn typed<T: DeserializeOwned>(obj: &Map<String, Value>) -> Result<T, ValidationError> {
    T::deserialize(obj).map_err(|e| ValidationError::new(format!("it is not a valid record: {e}")))
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => clean_line(s).is_empty(),
        _ => false,
    }
}

/// An id as plp makes them: letters, digits and dashes, at most 64.
pub fn is_id(s: &str) -> bool {
    (1..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

fn wrong(name: &str, expected: &str) -> ValidationError {
    ValidationError::new(format!(
        "{name} has a value of the wrong kind (expected {expected})"
    ))
}

/// Parses yes or no as advisors type it.
pub fn parse_bool(t: &str) -> Result<bool, ValidationError> {
    match t.trim().to_lowercase().as_str() {
        "yes" | "y" | "true" | "t" | "1" | "x" => Ok(true),
        "no" | "n" | "false" | "f" | "0" | "" => Ok(false),
        _ => Err(ValidationError::new(format!(
            "\"{}\" is not yes or no",
            t.trim()
        ))),
    }
}

/// Checks a graduation year.
pub fn validate_grad_year(y: i64) -> Result<(), ValidationError> {
    if (1900..=2200).contains(&y) {
        Ok(())
    } else {
        Err(ValidationError::new(format!(
            "graduation year {y} is not plausible"
        )))
    }
}

/// The sentence for typed text longer than its field takes.
fn too_long(name: &str, length: usize, most: usize) -> ValidationError {
    ValidationError::new(format!(
        "{name} is too long ({length} characters; at most {most} fit)"
    ))
}

fn words(name: &str) -> String {
    name.replace('_', " ")
}

impl Field {
    /// What a person calls it without the words it accepts: "Status" of "Status
    /// (active/inactive)", "IEP on file" of "IEP on file (yes/no)".
    pub fn short_label(&self) -> &'static str {
        self.label.split(" (").next().unwrap_or(self.label)
    }

    /// Whether it holds one value typed on one line (a name, a date, yes or no): every field
    /// but text that keeps its line breaks and the lists a check-in holds.
    pub fn one_line(&self) -> bool {
        !matches!(
            self.parse,
            P::Text | P::Names | P::Progress | P::Verdicts | P::NextSteps | P::StepReviews
        )
    }

    /// The kind of record this field's value names, if it is a link to one.
    pub fn links_to(&self) -> Option<Entity> {
        match self.parse {
            P::Link(to) | P::OptLink(to) => Some(to),
            _ => None,
        }
    }

    /// Turns text typed for this field into the value stored, or says why it cannot be.
    pub fn from_text(&self, text: &str) -> Result<Value, ValidationError> {
        let line = clean_line(text);
        let t = line.as_str();
        let name = words(self.name);
        let (length, most) = match self.parse {
            P::Text | P::Names => (clean_text(text).trim_end().chars().count(), TEXT_MAX),
            _ => (t.chars().count(), LINE_MAX),
        };
        if length == 0 && self.parse != P::Bool {
            if let Some(missing) = self.needed {
                return Err(ValidationError::new(missing));
            }
        }
        if length > most {
            return Err(too_long(&name, length, most));
        }
        Ok(match self.parse {
            P::Link(_) | P::Name if t.is_empty() => {
                return Err(ValidationError::new(format!("{name} cannot be empty")));
            }
            P::OptLink(_) | P::OptLine | P::Email | P::Grade | P::Year | P::Date | P::Language
                if t.is_empty() =>
            {
                Value::Null
            }
            P::Link(_) | P::OptLink(_) if !is_id(t) => {
                return Err(ValidationError::new(format!(
                    "{name} \"{t}\" is not the id of a record"
                )));
            }
            P::Link(_) | P::Name | P::Line | P::OptLink(_) | P::OptLine => Value::from(t),
            P::Email => Value::from(check_email(&name, t)?),
            P::SchoolYear => Value::from(super::parse_school_year(t, super::school_year_start())?),
            P::Contact => {
                // Whatever in it is meant as an address (has an @) must be one.
                for word in t.split([' ', ',', ';', '/']) {
                    let word = word.trim_matches(['<', '>', '(', ')']);
                    if word.contains('@') {
                        check_email(&name, word)?;
                    }
                }
                Value::from(t)
            }
            P::Text => Value::from(clean_text(text).trim_end().to_string()),
            P::Grade => Value::from(parse_grade(t)?),
            P::Year => {
                let y: i64 = t
                    .parse()
                    .map_err(|_| ValidationError::new(format!("{name} \"{t}\" is not a number")))?;
                validate_grad_year(y)?;
                Value::from(y)
            }
            P::Position => {
                let n: i64 = t
                    .parse()
                    .map_err(|_| ValidationError::new(format!("{name} \"{t}\" is not a number")))?;
                if n < 0 {
                    return Err(ValidationError::new(format!("{name} {n} is below zero")));
                }
                Value::from(n)
            }
            P::Bool => Value::Bool(parse_bool(t)?),
            P::Date => Value::from(parse_typed_date(t)?.format("%Y-%m-%d").to_string()),
            P::Vocab(v) => Value::from(v.parse(t)?),
            P::Language => Value::from(super::parse_language(t)?),
            P::Names => {
                let names: Vec<String> = text
                    .split(',')
                    .map(clean_line)
                    .filter(|who| !who.is_empty())
                    .collect();
                if let Some(long) = names.iter().find(|who| who.chars().count() > LINE_MAX) {
                    return Err(too_long("a name", long.chars().count(), LINE_MAX));
                }
                Value::from(names)
            }
            P::Progress | P::Verdicts | P::NextSteps | P::StepReviews => {
                return Err(ValidationError::new(format!(
                    "{name} cannot be set as text"
                )));
            }
        })
    }

    /// [`Field::from_text`] for text a person typed into a record (a form, `plp set`, a roster
    /// line), read against the day and the record's other fields: a date may leave out its year
    /// (taken where [`Field::near`] says), and a graduation year must fit the grade typed or
    /// stored beside it (see [`super::check_grad_year_fits`]).
    pub fn from_typed(&self, text: &str, typing: &Typing) -> Result<Value, ValidationError> {
        let line = clean_line(text);
        let t = line.trim();
        let value = match self.parse {
            P::Date if !t.is_empty() && t.chars().count() <= LINE_MAX => {
                let (near, later) = self.day_near(typing);
                let day = parse_date_near(t, near, later)?;
                // A day something was done (a meeting held, an assessment given) has happened.
                if self.near == DayNear::Past && day > typing.today {
                    return Err(ValidationError::new(format!(
                        "{} is after today: it is written down once it has happened",
                        day.format("%-d %b %Y")
                    )));
                }
                Value::from(day.format("%Y-%m-%d").to_string())
            }
            _ => self.from_text(text)?,
        };
        if let (P::Year, Some(year)) = (self.parse, value.as_i64()) {
            if let Some(grade) = typing.field("grade").and_then(|g| parse_grade(g).ok()) {
                super::check_grad_year_fits(year, grade, typing.today)?;
            }
        }
        if let (P::Grade, Some(grade)) = (self.parse, value.as_i64()) {
            let year = typing
                .field("grad_year")
                .and_then(|y| y.trim().parse::<i64>().ok());
            if let Some(year) = year {
                super::check_grade_fits(grade, year, typing.today)?;
            }
        }
        Ok(value)
    }

    /// The day a date typed without its year is taken near, and whether on or after it
    /// (`true`) or on or before it.
    fn day_near(&self, typing: &Typing) -> (chrono::NaiveDate, bool) {
        let today = typing.today;
        match self.near {
            DayNear::Past => (today, false),
            DayNear::Ahead => (today, true),
            DayNear::After(other) => {
                let held = typing
                    .field(other)
                    .and_then(|t| parse_date_near(&clean_line(t), today, false).ok());
                (held.unwrap_or(today), true)
            }
        }
    }

    /// What typing refuses that a value received from another replica may still hold (typed
    /// before this plp's rules, or by a newer plp): text longer than the field takes, a name
    /// left empty, a language or an address that is not one. For values a person wrote by other
    /// means than typing here, such as a plan document. Any other value passes.
    pub fn check_typed(&self, v: &Value) -> Result<(), ValidationError> {
        let Value::String(s) = v else {
            return Ok(());
        };
        match self.parse {
            P::Text | P::Line | P::OptLine | P::Name | P::Contact | P::Email | P::Language => {
                self.from_text(s).map(|_| ())
            }
            _ => Ok(()),
        }
    }

    /// The text a person edits for a stored value (what [`Field::from_text`] reads back).
    pub fn to_text(&self, value: &Value) -> String {
        match value {
            Value::Null => String::new(),
            Value::String(s) => s.clone(),
            Value::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
            Value::Array(items) if items.iter().all(Value::is_string) => items
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(", "),
            other => other.to_string(),
        }
    }

    /// A stored value as the app shows it: a date as people read it ("27 Nov 2026"), a list
    /// of names comma-joined, yes or no, text as it is (its line breaks kept).
    pub fn to_shown(&self, value: &Value) -> String {
        match (self.parse, value) {
            (P::Date, Value::String(s)) => parse_date(s)
                .map(super::show_date)
                .unwrap_or_else(|_| s.clone()),
            _ => self.to_text(value),
        }
    }

    /// Checks a value from elsewhere (another machine, a document, a screen) by its meaning.
    pub fn check(&self, v: &Value) -> Result<(), ValidationError> {
        let name = self.name;
        let text = |expected: &str| match v {
            Value::String(s) => Ok(Some(s.as_str())),
            Value::Null => Ok(None),
            _ => Err(wrong(name, expected)),
        };
        match self.parse {
            P::Link(_) => match v {
                Value::String(s) if is_id(s) => Ok(()),
                _ => Err(wrong(name, "the id of a record")),
            },
            P::OptLink(_) => match v {
                Value::Null => Ok(()),
                Value::String(s) if is_id(s) => Ok(()),
                _ => Err(wrong(name, "the id of a record")),
            },
            // Addresses are held to their form only when typed: what an older plp stored and
            // sends is passed on as it is.
            P::Line | P::Name | P::OptLine | P::Text | P::Email | P::Contact => {
                text("text").map(|_| ())
            }
            P::Grade | P::Year | P::Position => {
                let n = match v {
                    Value::Null if self.parse != P::Position => return Ok(()),
                    Value::Number(n) => n.as_i64().ok_or_else(|| wrong(name, "a whole number"))?,
                    _ => return Err(wrong(name, "a whole number")),
                };
                match self.parse {
                    P::Grade => super::validate_grade(n),
                    P::Year => validate_grad_year(n),
                    _ if n < 0 => Err(ValidationError::new(format!("{name} {n} is below zero"))),
                    _ => Ok(()),
                }
            }
            P::Bool => match v {
                Value::Bool(_) | Value::Null => Ok(()),
                _ => Err(wrong(name, "yes or no")),
            },
            P::SchoolYear => match v {
                Value::String(s) if super::is_school_year(s) => Ok(()),
                Value::String(s) => Err(ValidationError::new(format!(
                    "{} \"{}\" is not a school year (one such as 2026-27)",
                    words(name),
                    clean_line(s).chars().take(40).collect::<String>()
                ))),
                _ => Err(wrong(name, "a school year")),
            },
            P::Date => match text("a date")? {
                None => Ok(()),
                Some(s) => check_date(name, s),
            },
            P::Language => match text("a language code")? {
                Some(s) if !s.is_empty() && !super::is_language(s) => {
                    Err(wrong(name, "a language code"))
                }
                _ => Ok(()),
            },
            P::Vocab(voc) => match v {
                Value::String(s) if voc.holds(s) => Ok(()),
                // What a word from a newer plp reads as: shown, never written back.
                Value::String(s) if s == "unknown" => Err(ValidationError::new(format!(
                    "{} is a word this plp does not know (written by a newer plp?)",
                    words(name)
                ))),
                Value::String(s) => Err(voc.parse(s).err().unwrap_or_else(|| {
                    ValidationError::new(format!(
                        "{name} \"{}\" is not written as plp stores it",
                        clean_line(s)
                    ))
                })),
                _ => Err(wrong(name, "a word")),
            },
            P::Names => each(v, name, "a list of names", |item| {
                item.is_string().then_some(()).ok_or(())
            }),
            P::Progress => each(v, name, "a list of goals and ratings", |item| {
                let goal = item
                    .get("goal")
                    .and_then(Value::as_str)
                    .filter(|g| is_id(g));
                let rating = item.get("rating").and_then(Value::as_i64);
                match (goal, rating) {
                    (Some(_), Some(r)) if (RATING_MIN..=RATING_MAX).contains(&r) => Ok(()),
                    _ => Err(()),
                }
            }),
            P::Verdicts => each(v, name, "a list of strategies and verdicts", |item| {
                let strategy = item
                    .get("strategy")
                    .and_then(Value::as_str)
                    .filter(|s| is_id(s));
                let verdict = item
                    .get("verdict")
                    .and_then(Value::as_str)
                    .filter(|w| Verdict::ALL.iter().any(|v| v.as_str() == *w));
                // Present means text: a null note would make the check-in unreadable.
                let note = item.get("note").is_none_or(Value::is_string);
                (strategy.is_some() && verdict.is_some() && note)
                    .then_some(())
                    .ok_or(())
            }),
            P::NextSteps => each(v, name, "a list of steps and owners", |item| {
                let ok = |k: &str| item.get(k).is_none_or(Value::is_string);
                (item.is_object() && ok("text") && ok("owner"))
                    .then_some(())
                    .ok_or(())
            }),
            P::StepReviews => each(v, name, "a list of steps, owners and done or not", |item| {
                let ok = |k: &str| item.get(k).is_none_or(Value::is_string);
                let done = item.get("done").is_none_or(Value::is_boolean);
                (item.is_object() && ok("text") && ok("owner") && done)
                    .then_some(())
                    .ok_or(())
            }),
        }
    }

    /// Replaces a stored value this plp cannot read with what it reads as instead.
    fn tolerate(&self, v: &mut Value) {
        if v.is_null() {
            // A column that is never NULL reads as its empty value.
            match self.kind {
                Kind::Text => *v = Value::from(""),
                Kind::Bool => *v = Value::Bool(false),
                Kind::Json => *v = Value::Array(Vec::new()),
                Kind::OptText | Kind::Int => {}
            }
        }
        if self.check(v).is_ok() {
            return;
        }
        *v = match (self.parse, &*v) {
            (P::Vocab(_), _) => Value::from("unknown"),
            (
                P::Names | P::Progress | P::Verdicts | P::NextSteps | P::StepReviews,
                Value::Array(items),
            ) => Value::Array(
                items
                    .iter()
                    .filter(|i| self.check(&Value::Array(vec![(*i).clone()])).is_ok())
                    .cloned()
                    .collect(),
            ),
            (P::Names | P::Progress | P::Verdicts | P::NextSteps | P::StepReviews, _) => {
                Value::Array(Vec::new())
            }
            (P::Position, _) => Value::from(0),
            (P::Bool, _) => Value::Bool(false),
            // Out of range but a number: kept, the domain types hold any number.
            (P::Grade | P::Year, Value::Number(n)) if n.is_i64() => return,
            (
                P::Line | P::Name | P::Text | P::Link(_) | P::Contact | P::SchoolYear,
                Value::String(_),
            ) => return,
            (
                P::Line | P::Name | P::Text | P::Link(_) | P::Contact | P::SchoolYear,
                Value::Number(n),
            ) => Value::from(n.to_string()),
            (P::Line | P::Name | P::Text | P::Link(_) | P::Contact | P::SchoolYear, _) => {
                Value::from("")
            }
            _ => Value::Null,
        };
    }
}

/// An e-mail address as typed: one `@` with something before it, a domain with a dot after it,
/// and no spaces; returned as typed.
fn check_email<'a>(name: &str, t: &'a str) -> Result<&'a str, ValidationError> {
    let shown: String = clean_line(t).chars().take(60).collect();
    let ok = match t.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && !t.chars().any(char::is_whitespace)
                && domain.split('.').count() >= 2
                && domain.split('.').all(|label| !label.is_empty())
        }
        None => false,
    };
    if ok {
        Ok(t)
    } else {
        Err(ValidationError::new(format!(
            "{name} \"{shown}\" is not an e-mail address (expected name@school.org)"
        )))
    }
}

/// A stored date: exactly `YYYY-MM-DD`, and a real day.
fn check_date(name: &str, s: &str) -> Result<(), ValidationError> {
    let name = words(name);
    let d = parse_date(s).map_err(|e| ValidationError::new(format!("{name} {e}")))?;
    if d.format("%Y-%m-%d").to_string() != s {
        return Err(ValidationError::new(format!(
            "{name} \"{}\" is not written YYYY-MM-DD",
            clean_line(s)
        )));
    }
    Ok(())
}

fn each(
    v: &Value,
    name: &str,
    expected: &str,
    ok: impl Fn(&Value) -> Result<(), ()>,
) -> Result<(), ValidationError> {
    match v {
        Value::Null => Ok(()),
        Value::Array(items) if items.iter().all(|i| ok(i).is_ok()) => Ok(()),
        _ => Err(wrong(name, expected)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use serde_json::json;

    #[test]
    fn every_profile_field_is_a_student_field_with_its_heading() {
        for (name, label) in PROFILE_FIELDS {
            let f = Entity::Student.field(name).unwrap();
            assert_eq!(f.label, *label);
            assert!(f.settable && f.parse == P::Text);
        }
    }

    /// A word's start names it when it names no other word of its vocabulary; the word kept
    /// is the whole one. A start shared by two words, or nothing, is refused as before.
    #[test]
    fn a_plans_school_year_is_one_as_plp_names_it() {
        let year = Entity::Plan.field("school_year").unwrap();
        assert!(year.check(&json!("2026-27")).is_ok());
        assert_eq!(
            year.check(&json!("banana")).unwrap_err().to_string(),
            "school year \"banana\" is not a school year (one such as 2026-27)"
        );
        assert!(year.check(&json!("2999-00")).is_err());
        assert!(year.check(&json!(2026)).is_err());
        assert_eq!(year.from_text("2027/2028").unwrap(), json!("2027-28"));
        assert!(year.from_text("next year").is_err());
    }

    #[test]
    fn the_start_of_one_word_is_that_word() {
        let domain = Entity::Goal.field("domain").unwrap();
        assert_eq!(domain.from_text("acad").unwrap(), json!("academic"));
        assert_eq!(domain.from_text("Soc").unwrap(), json!("social-emotional"));
        assert_eq!(domain.from_text("ci").unwrap(), json!("civic"));
        let shared = domain.from_text("c").unwrap_err().to_string();
        assert!(
            shared.ends_with("\"c\" starts more than one word: career or civic"),
            "{shared}"
        );
        assert!(domain.from_text("academics").is_err());
        let status = Entity::Student.field("status").unwrap();
        assert_eq!(status.from_text("in").unwrap(), json!("inactive"));
        // Received values are held to the words themselves.
        assert!(domain.check(&json!("acad")).is_err());
    }

    #[test]
    fn typed_text_is_parsed_by_the_table() {
        let s = Entity::Student;
        let grade = s.field("grade").unwrap();
        assert_eq!(grade.from_text("K").unwrap(), json!(0));
        for (typed, g) in [("12th", 12), ("1st", 1), ("2nd", 2), ("3rd", 3), ("09", 9)] {
            assert_eq!(grade.from_text(typed).unwrap(), json!(g), "{typed}");
        }
        for (typed, g) in [("9th grade", 9), ("Grade 10", 10), ("11TH", 11)] {
            assert_eq!(grade.from_text(typed).unwrap(), json!(g), "{typed}");
        }
        for typed in ["th", "1th5", "grade", "12thh"] {
            assert!(grade.from_text(typed).is_err(), "{typed}");
        }
        assert_eq!(
            grade.from_text("eleventh").unwrap_err().to_string(),
            "grade \"eleventh\" is not a grade (PK, K, or 1 to 13)"
        );
        let given = s.field("given_name").unwrap();
        let empty = "given name cannot be empty";
        assert_eq!(given.from_text("\u{202e}").unwrap_err().to_string(), empty);
        assert_eq!(
            given.from_text("\u{200d}\u{200d}").unwrap_err().to_string(),
            empty
        );
        let family = s.field("family_name").unwrap();
        assert_eq!(
            family.from_text(" ").unwrap_err().to_string(),
            "family name cannot be empty"
        );
        let date = Entity::CheckIn.field("date").unwrap();
        assert_eq!(
            date.from_text(" ").unwrap_err().to_string(),
            "a check-in needs the date it was held"
        );
    }

    /// Typing a field that may not be empty, empty, is refused with the sentence the record's own
    /// validation gives for it: one rule, whether a form, `plp team … set` or `add` types it.
    #[test]
    fn an_emptied_needed_field_is_refused_as_its_record_refuses_it() {
        let complete = [
            (
                Entity::TeamMember,
                json!({"student_id": "s", "name": "Rosa"}),
            ),
            (
                Entity::Goal,
                json!({"plan_id": "p", "student_id": "s", "title": "Read", "domain": "academic", "position": 1}),
            ),
            (
                Entity::Strategy,
                json!({"goal_id": "g", "student_id": "s", "what": "Read", "position": 1}),
            ),
            (
                Entity::Intervention,
                json!({"student_id": "s", "date": "2026-01-05", "description": "Tutoring"}),
            ),
            (
                Entity::Evidence,
                json!({"student_id": "s", "date": "2026-01-05", "title": "Quiz"}),
            ),
        ];
        for (entity, record) in complete {
            let record = record.as_object().unwrap();
            assert!(entity.check_new(record).is_ok(), "{entity:?}");
            for f in entity.fields().iter().filter(|f| f.required.is_none()) {
                let Some(sentence) = f.needed else { continue };
                let mut blank = record.clone();
                let empty = if f.kind == Kind::OptText {
                    Value::Null
                } else {
                    json!("")
                };
                blank.insert(f.name.into(), empty);
                let whole = entity.check_new(&blank).unwrap_err().to_string();
                assert_eq!(whole, sentence, "{entity:?}.{}", f.name);
                for typed in ["", "  ", "\u{200b}"] {
                    let why = f.from_text(typed).unwrap_err().to_string();
                    assert_eq!(why, sentence, "{entity:?}.{} typed {typed:?}", f.name);
                }
            }
        }
    }

    /// One-line fields take at most [`LINE_MAX`] characters typed, text fields [`TEXT_MAX`];
    /// what another replica already stored is still taken as it is.
    #[test]
    fn typed_values_have_a_length_they_stop_at() {
        let given = Entity::Student.field("given_name").unwrap();
        assert!(given.from_text(&"a".repeat(LINE_MAX)).is_ok());
        assert_eq!(
            given
                .from_text(&"a".repeat(120_000))
                .unwrap_err()
                .to_string(),
            "given name is too long (120000 characters; at most 200 fit)"
        );
        for (e, field) in [
            (Entity::TeamMember, "name"),
            (Entity::TeamMember, "role"),
            (Entity::TeamMember, "contact"),
            (Entity::Student, "email"),
            (Entity::Student, "grade"),
            (Entity::Goal, "title"),
        ] {
            let f = e.field(field).unwrap();
            let why = f
                .from_text(&"1".repeat(LINE_MAX + 1))
                .unwrap_err()
                .to_string();
            assert!(
                why.contains("is too long (201 characters"),
                "{field}: {why}"
            );
        }
        let strengths = Entity::Student.field("strengths").unwrap();
        assert!(strengths.from_text(&"a\n".repeat(TEXT_MAX / 2)).is_ok());
        assert!(strengths.from_text(&"a".repeat(TEXT_MAX + 1)).is_err());
        let attended = Entity::CheckIn.field("attended").unwrap();
        let why = attended
            .from_text(&format!("Rosa, {}", "a".repeat(300)))
            .unwrap_err()
            .to_string();
        assert_eq!(why, "a name is too long (300 characters; at most 200 fit)");
        assert!(Entity::Student
            .check_change("given_name", &json!("a".repeat(120_000)))
            .is_ok());
    }

    #[test]
    fn received_values_are_checked_by_meaning() {
        let bad = [
            (Entity::Student, "status", json!("banana")),
            (Entity::CheckIn, "kind", json!("seance")),
            (Entity::CheckIn, "attended", json!({"a": 1})),
            (Entity::CheckIn, "next_steps", json!({"text": "x"})),
            (Entity::CheckIn, "progress", json!(["good"])),
            (
                Entity::CheckIn,
                "verdicts",
                json!([{"strategy": 3, "verdict": "working"}]),
            ),
            (Entity::CheckIn, "next_steps", json!([{"text": null}])),
            (
                Entity::CheckIn,
                "last_steps",
                json!([{"text": "x", "done": "yes"}]),
            ),
            (Entity::CheckIn, "restricted_whole", json!("whole")),
            (
                Entity::CheckIn,
                "verdicts",
                json!([{"strategy": "s1", "verdict": "working", "note": null}]),
            ),
            (Entity::Goal, "target_date", json!("2026-02-30")),
            (Entity::CheckIn, "date", json!("banana")),
            (Entity::Goal, "position", Value::Null),
            (Entity::Student, "grade", json!("nine")),
        ];
        for (e, field, v) in bad {
            assert!(e.check_change(field, &v).is_err(), "{field} {v}");
        }
        assert!(Entity::Student.check_new(&Map::new()).is_err());
        assert_eq!(
            Entity::Student
                .check_change("status", &json!("unknown"))
                .unwrap_err()
                .to_string(),
            "status is a word this plp does not know (written by a newer plp?)"
        );
        let goal = json!({"plan_id": "p", "student_id": "s", "title": "Read", "position": 1});
        assert_eq!(
            Entity::Goal
                .check_new(goal.as_object().unwrap())
                .unwrap_err()
                .to_string(),
            "a goal needs a domain"
        );
    }

    #[test]
    fn typed_dates_and_addresses_are_held_to_their_form_but_stored_ones_pass() {
        let date = Entity::CheckIn.field("date").unwrap();
        for old in ["1900-01-01", "0001-01-01", "2999-12-31"] {
            assert!(
                date.from_text(old)
                    .unwrap_err()
                    .to_string()
                    .contains("is not a plausible date for a school record"),
                "{old}"
            );
            // What an older plp stored and sends in a sync is still taken.
            assert!(Entity::CheckIn.check_change("date", &json!(old)).is_ok());
        }
        assert_eq!(date.from_text("1970-01-01").unwrap(), json!("1970-01-01"));
        let email = Entity::Student.field("email").unwrap();
        for bad in [
            "amara",
            "amara@",
            "@school.org",
            "a@@school.org",
            "a@school",
            "a b@school.org",
            "a@school..org",
        ] {
            assert!(email.from_text(bad).is_err(), "{bad}");
            assert!(Entity::Student.check_change("email", &json!(bad)).is_ok());
        }
        assert_eq!(
            email.from_text(" a.b@school.org ").unwrap(),
            json!("a.b@school.org")
        );
        assert_eq!(email.from_text("").unwrap(), Value::Null);
        let contact = Entity::TeamMember.field("contact").unwrap();
        assert!(contact.from_text("555-0101; grace@").is_err());
        assert!(Entity::TeamMember
            .check_change("contact", &json!("grace@"))
            .is_ok());
        for good in [
            "555-0101",
            "",
            "Grace (grace@home.example)",
            "555-0101, grace@home.example",
        ] {
            assert!(contact.from_text(good).is_ok(), "{good}");
        }
    }

    #[test]
    fn unknown_values_read_as_unknown() {
        let mut obj = json!({"status": "graduated", "grade": "x", "retired": 3})
            .as_object()
            .unwrap()
            .clone();
        Entity::Student.tolerate(&mut obj);
        assert_eq!(obj["status"], json!("unknown"));
        assert_eq!(obj["grade"], Value::Null);
        let mut c = json!({"attended": ["A", 1], "progress": {"x": 1}})
            .as_object()
            .unwrap()
            .clone();
        Entity::CheckIn.tolerate(&mut c);
        assert_eq!(c["attended"], json!(["A"]));
        assert_eq!(c["progress"], json!([]));
    }

    #[test]
    fn typed_text_is_read_against_the_day_and_its_record() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        let none: &[(&str, String)] = &[];
        let typing = Typing {
            today,
            record: none,
        };
        let date = |entity: Entity, field: &str, text: &str, record: &[(&str, String)]| {
            entity
                .field(field)
                .unwrap()
                .from_typed(text, &Typing { today, record })
                .map(|v| v.as_str().unwrap_or_default().to_string())
                .map_err(|e| e.to_string())
        };
        // A day that has happened is the last such day; a day aimed at, the next.
        assert_eq!(
            date(Entity::Intervention, "date", "Nov 22", none),
            Ok("2026-11-22".into())
        );
        assert_eq!(
            date(Entity::Intervention, "date", "12/1", none),
            Ok("2025-12-01".into())
        );
        assert_eq!(
            date(Entity::Evidence, "date", "1 Oct", none),
            Ok("2026-10-01".into())
        );
        assert_eq!(
            date(Entity::Goal, "target_date", "May 28", none),
            Ok("2027-05-28".into())
        );
        assert_eq!(
            date(Entity::Goal, "target_date", "11/24", none),
            Ok("2026-11-24".into())
        );
        // A check-in's next date follows the day it was held, as in the composer.
        let held = [("date", "10 Oct 2026".to_string())];
        assert_eq!(
            date(Entity::CheckIn, "next_date", "11/14", &held),
            Ok("2026-11-14".into())
        );
        assert_eq!(
            date(Entity::CheckIn, "next_date", "11/14", none),
            Ok("2027-11-14".into())
        );
        // A year typed is taken as typed; what is no date is refused as before.
        assert_eq!(
            date(Entity::Goal, "target_date", "2026-01-05", none),
            Ok("2026-01-05".into())
        );
        assert_eq!(
            date(Entity::Goal, "target_date", "2/30", none),
            Err("\"2/30\" is not a real date".into())
        );
        assert!(date(Entity::Goal, "target_date", "soon", none).is_err());
        assert_eq!(
            Entity::Goal
                .field("target_date")
                .unwrap()
                .from_typed(" ", &typing),
            Ok(Value::Null)
        );
        // A graduation year fits the grade beside it.
        let year = Entity::Student.field("grad_year").unwrap();
        let grade = |g: &str| [("grade", g.to_string())];
        let read = |text: &str, g: &str| {
            year.from_typed(
                text,
                &Typing {
                    today,
                    record: &grade(g),
                },
            )
            .map_err(|e| e.to_string())
        };
        assert_eq!(
            read("1999", "10"),
            Err(
                "graduation year 1999 does not fit grade 10 this year (expected about 2029)".into()
            )
        );
        assert_eq!(read("2030", "10"), Ok(json!(2030)));
        assert_eq!(read("2039", "K"), Ok(json!(2039)));
        assert_eq!(read("", "10"), Ok(Value::Null));
        assert_eq!(
            year.from_typed("1999", &typing),
            Ok(json!(1999)),
            "no grade beside it"
        );
        // Received values are not held to it.
        assert!(year.check(&json!(1999)).is_ok());
    }
}
