//! The records a plan is made of. Field names here are the names stored in the change log.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::kinds::*;
use super::text::clean_line;
use super::{ValidationError, RATING_MAX, RATING_MIN};

/// Who the learner is, in the advisor's and student's words. Every edit is kept as a revision.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Profile {
    /// Strengths.
    pub strengths: String,
    /// Needs and challenges.
    pub needs: String,
    /// How I learn best (access, engagement, expression).
    pub learning: String,
    /// Interests, likes and dislikes.
    pub interests: String,
    /// Career interests and postsecondary plans.
    pub career: String,
    /// Supports that help.
    pub supports: String,
    /// Personal goals outside school.
    pub personal_goals: String,
}

/// The profile's fields: stored name and the heading shown to people.
pub const PROFILE_FIELDS: &[(&str, &str)] = &[
    ("strengths", "Strengths"),
    ("needs", "Needs & challenges"),
    ("learning", "How I learn best"),
    ("interests", "Interests, likes, dislikes"),
    ("career", "Career & postsecondary"),
    ("supports", "Supports that help"),
    ("personal_goals", "Personal goals"),
];

impl Profile {
    /// The text of one profile field by its stored name.
    pub fn get(&self, field: &str) -> Option<&str> {
        Some(match field {
            "strengths" => &self.strengths,
            "needs" => &self.needs,
            "learning" => &self.learning,
            "interests" => &self.interests,
            "career" => &self.career,
            "supports" => &self.supports,
            "personal_goals" => &self.personal_goals,
            _ => return None,
        })
    }
}

/// A student on the caseload.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Student {
    /// Stable id (derived from the SIS id, so two machines importing one roster agree).
    pub id: String,
    /// The id in the student information system.
    pub sis_id: String,
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// The name the student goes by, if different.
    pub preferred_name: Option<String>,
    /// Pronouns.
    pub pronouns: Option<String>,
    /// Grade level.
    pub grade: Option<i64>,
    /// Graduation year.
    pub grad_year: Option<i64>,
    /// Advisor's name.
    pub advisor: Option<String>,
    /// School e-mail.
    pub email: Option<String>,
    /// On the caseload now or not.
    pub status: StudentStatus,
    /// An IEP exists (the PLP records only that it exists).
    pub iep: bool,
    /// A 504 plan exists.
    pub plan_504: bool,
    /// Who the learner is.
    #[serde(flatten)]
    pub profile: Profile,
    /// Retired (nothing is ever destroyed).
    pub retired: bool,
}

impl Student {
    /// The name to show: preferred (or given) name and family name.
    pub fn display_name(&self) -> String {
        let first = self
            .preferred_name
            .as_deref()
            .filter(|p| !p.trim().is_empty())
            .unwrap_or(&self.given_name);
        format!("{} {}", first, self.family_name).trim().to_string()
    }

    /// The given and family names, as the SIS holds them: "Amara Okafor", or the one name of a
    /// student known by one.
    pub fn full_name(&self) -> String {
        full_name(&self.given_name, &self.family_name)
    }

    /// Keeps the name of a student known by one name (common in Indonesia and Myanmar) as the
    /// family name, the given name empty, however it was written: as an SIS and a passport
    /// keep it, so that it sorts and is found as a family name is. Two names are left as they
    /// are.
    pub fn settle_one_name(&mut self) {
        if clean_line(&self.family_name).is_empty() {
            self.family_name = std::mem::take(&mut self.given_name);
        }
    }

    /// Checks what a student needs before it can be stored.
    pub fn validate(&self) -> Result<(), ValidationError> {
        if clean_line(&self.sis_id).is_empty() {
            return Err(ValidationError::new("the student id is empty"));
        }
        if clean_line(&self.given_name).is_empty() && clean_line(&self.family_name).is_empty() {
            return Err(ValidationError::new("the student's name is empty"));
        }
        if let Some(g) = self.grade {
            validate_grade(g)?;
        }
        if let Some(y) = self.grad_year {
            super::validate_grad_year(y)?;
        }
        Ok(())
    }
}

/// A given and a family name as one: "Amara Okafor", or the one name alone when the other is
/// empty (no stray space).
pub fn full_name(given: &str, family: &str) -> String {
    format!("{} {}", given.trim(), family.trim())
        .trim()
        .to_string()
}

/// Grades run from pre-kindergarten (-1) and kindergarten (0) to 13.
pub fn validate_grade(g: i64) -> Result<(), ValidationError> {
    if (-1..=13).contains(&g) {
        Ok(())
    } else {
        Err(ValidationError::new(format!(
            "grade {g} is not a grade (PK, K, or 1 to 13)"
        )))
    }
}

/// A parent, guardian, teacher or mentor on the student's team.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TeamMember {
    /// Id.
    pub id: String,
    /// The student.
    pub student_id: String,
    /// Name.
    pub name: String,
    /// Role: parent, guardian, teacher, mentor, coach…
    pub role: String,
    /// Phone or e-mail.
    pub contact: String,
    /// Retired.
    pub retired: bool,
    /// The language they prefer to read in ("es"), if recorded: family printouts follow it.
    pub language: Option<String>,
}

impl TeamMember {
    /// A team member needs a name.
    pub fn validate(&self) -> Result<(), ValidationError> {
        non_empty(&self.name, "the team member's name")
    }
}

/// One student's plan for one school year.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Plan {
    /// Stable id (derived from student and year).
    pub id: String,
    /// The student.
    pub student_id: String,
    /// "2026-27".
    pub school_year: String,
    /// Annual review done.
    pub reviewed: bool,
    /// Retired.
    pub retired: bool,
}

/// A plan holds 2–4 goals; a fifth is allowed, with this warning.
pub const GOALS_WARN_ABOVE: usize = 4;

/// A goal for the year.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Goal {
    /// Id.
    pub id: String,
    /// The plan it belongs to.
    pub plan_id: String,
    /// The student (kept for fast queries).
    pub student_id: String,
    /// What the goal is.
    pub title: String,
    /// Academic, social-emotional, career, civic or personal.
    pub domain: GoalDomain,
    /// Why it matters to the student.
    pub why: String,
    /// How we will know.
    pub measure: String,
    /// Where it starts.
    pub baseline: String,
    /// Where it should get to.
    pub target: String,
    /// By when.
    pub target_date: Option<NaiveDate>,
    /// Active, met, revised or dropped.
    pub status: Status,
    /// Order within the plan.
    pub position: i64,
    /// The goal in an earlier year's plan this one was carried forward from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub carried_from: Option<String>,
    /// Retired.
    pub retired: bool,
}

impl Goal {
    /// A goal needs a title.
    pub fn validate(&self) -> Result<(), ValidationError> {
        non_empty(&self.title, "the goal's title")
    }

    /// How we will know, with what of its start and aim is written: "Visits done (from 0 to
    /// 3)", "Visits done (to 3)", "Visits done"; empty when none of the three is.
    pub fn measured(&self) -> String {
        let (measure, from, to) = (
            self.measure.trim(),
            self.baseline.trim(),
            self.target.trim(),
        );
        let range = match (from.is_empty(), to.is_empty()) {
            (false, false) => format!("(from {from} to {to})"),
            (false, true) => format!("(from {from})"),
            (true, false) => format!("(to {to})"),
            (true, true) => String::new(),
        };
        format!("{measure} {range}").trim().to_string()
    }
}

/// A strategy: what the student will do towards a goal, and who helps.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Strategy {
    /// Id.
    pub id: String,
    /// The goal.
    pub goal_id: String,
    /// The student (kept for fast queries).
    pub student_id: String,
    /// What the student will do.
    pub what: String,
    /// Who helps.
    pub owner: String,
    /// How often.
    pub frequency: String,
    /// Active, met, revised or dropped.
    pub status: Status,
    /// Order within the goal.
    pub position: i64,
    /// The strategy in an earlier year's plan this one was carried forward from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub carried_from: Option<String>,
    /// Retired.
    pub retired: bool,
}

impl Strategy {
    /// A strategy needs to say what the student will do.
    pub fn validate(&self) -> Result<(), ValidationError> {
        non_empty(&self.what, "the strategy")
    }
}

/// Progress on one goal at a check-in.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct GoalProgress {
    /// The goal's id.
    pub goal: String,
    /// 1–4.
    pub rating: i64,
}

/// How one strategy went, at a check-in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StrategyVerdict {
    /// The strategy's id.
    pub strategy: String,
    /// Working, partly, not working, not tried.
    pub verdict: Verdict,
    /// A short note.
    #[serde(default)]
    pub note: String,
}

impl StrategyVerdict {
    /// "partly working (works about half the time)".
    pub fn words(&self) -> String {
        if self.note.is_empty() {
            self.verdict.label().to_string()
        } else {
            format!("{} ({})", self.verdict.label(), self.note)
        }
    }
}

/// A next step agreed at a check-in.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NextStep {
    /// What will happen.
    pub text: String,
    /// Who does it.
    pub owner: String,
}

impl NextStep {
    /// The step as a line: "Call home about the bus (Ms. Rivera)", or the text alone when no
    /// one was named for it.
    pub fn words(&self) -> String {
        step_words(&self.text, &self.owner)
    }
}

impl StepReview {
    /// The step as a line, as [`NextStep::words`].
    pub fn words(&self) -> String {
        step_words(&self.text, &self.owner)
    }
}

fn step_words(text: &str, owner: &str) -> String {
    if owner.trim().is_empty() {
        text.to_string()
    } else {
        format!("{text} ({owner})")
    }
}

/// One of last time's next steps, as reviewed at the next check-in: done or not.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StepReview {
    /// What was to happen.
    pub text: String,
    /// Who was to do it.
    pub owner: String,
    /// Whether it was done, as gone over at the check-in; `None` when it was not gone over (a
    /// file written before this could be told reads a step not marked done as not done).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done: Option<bool>,
}

/// One check-in, conference or touchpoint. Append-only: an edit is a new revision.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CheckIn {
    /// Id.
    pub id: String,
    /// The student.
    pub student_id: String,
    /// The plan it reviewed.
    pub plan_id: Option<String>,
    /// When it happened.
    pub date: Option<NaiveDate>,
    /// What sort of meeting.
    pub kind: CheckInKind,
    /// Who was there.
    pub attended: Vec<String>,
    /// The student's own words, first.
    pub student_words: String,
    /// Progress per goal.
    pub progress: Vec<GoalProgress>,
    /// Verdict per strategy.
    pub verdicts: Vec<StrategyVerdict>,
    /// Strategies added, changed, retired.
    pub adjustments: String,
    /// The advisor's notes.
    pub notes: String,
    /// The notes are sensitive: kept out of exports and reports unless asked for.
    pub restricted: bool,
    /// The whole check-in is sensitive (the student's words and next steps too), not only the
    /// notes. Read through [`CheckIn::restriction`].
    pub restricted_whole: bool,
    /// Next steps, each with an owner.
    pub next_steps: Vec<NextStep>,
    /// Last time's next steps, each marked done or not.
    pub last_steps: Vec<StepReview>,
    /// When to meet next.
    pub next_date: Option<NaiveDate>,
    /// Retired.
    pub retired: bool,
}

impl CheckIn {
    /// How much of it is restricted. A record written before the whole check-in could be
    /// restricted, with `restricted` set, means its notes.
    pub fn restriction(&self) -> Restriction {
        if self.restricted_whole {
            Restriction::Whole
        } else if self.restricted {
            Restriction::Notes
        } else {
            Restriction::None
        }
    }

    /// What kind of meeting it was, in words. A check-in restricted whole whose kind is not
    /// known (as a teacher's copy holds it, and an export that leaves it out) is a restricted
    /// meeting, not one "of an unknown kind".
    pub fn kind_label(&self) -> &'static str {
        if self.kind == super::CheckInKind::Unknown && self.restriction() == Restriction::Whole {
            "restricted meeting"
        } else {
            self.kind.label()
        }
    }

    /// Sets how much of it is restricted. A whole check-in keeps `restricted` set too, so a plp
    /// that knows only restricted notes still keeps its notes out.
    pub fn set_restriction(&mut self, r: Restriction) {
        self.restricted = r != Restriction::None;
        self.restricted_whole = r == Restriction::Whole;
    }

    /// A check-in needs a date, and ratings on the scale; the next date cannot be before it, and
    /// each next step needs its words.
    pub fn validate(&self) -> Result<(), ValidationError> {
        let date = self
            .date
            .ok_or_else(|| ValidationError::new("the check-in has no date"))?;
        if let Some(next) = self.next_date {
            if next < date {
                return Err(ValidationError::new(format!(
                    "the next check-in ({next}) is before this one ({date})"
                )));
            }
        }
        for p in &self.progress {
            if !(RATING_MIN..=RATING_MAX).contains(&p.rating) {
                return Err(ValidationError::new(format!(
                    "progress rating {} is not between {RATING_MIN} and {RATING_MAX}",
                    p.rating
                )));
            }
        }
        // A step is its words; who does it alone is no step (it would come back at every
        // check-in as an empty line to tick).
        if let Some(s) = self.next_steps.iter().find(|s| s.text.trim().is_empty()) {
            return Err(ValidationError::new(match s.owner.trim() {
                "" => "a next step is empty".to_string(),
                who => format!(
                    "a next step names who does it (@{who}) but not what: write the step \
                     before the @"
                ),
            }));
        }
        Ok(())
    }
}

/// Something tried for the student: tutoring, a referral, a schedule change…
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Intervention {
    /// Id.
    pub id: String,
    /// The student.
    pub student_id: String,
    /// When.
    pub date: Option<NaiveDate>,
    /// What kind.
    pub kind: String,
    /// What was done.
    pub description: String,
    /// Who did it.
    pub who: String,
    /// What came of it.
    pub outcome: String,
    /// Retired.
    pub retired: bool,
}

impl Intervention {
    /// An intervention needs a date and a description.
    pub fn validate(&self) -> Result<(), ValidationError> {
        if self.date.is_none() {
            return Err(ValidationError::new("the intervention has no date"));
        }
        non_empty(&self.description, "the intervention's description")
    }
}

/// An assessment result or work sample, linked to a goal.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Evidence {
    /// Id.
    pub id: String,
    /// The student.
    pub student_id: String,
    /// The goal it speaks to.
    pub goal_id: Option<String>,
    /// When.
    pub date: Option<NaiveDate>,
    /// Assessment, work sample…
    pub kind: String,
    /// What it is.
    pub title: String,
    /// The result.
    pub result: String,
    /// Retired.
    pub retired: bool,
}

impl Evidence {
    /// Evidence needs a date and a title.
    pub fn validate(&self) -> Result<(), ValidationError> {
        if self.date.is_none() {
            return Err(ValidationError::new("the evidence has no date"));
        }
        non_empty(&self.title, "the evidence's title")
    }
}

fn non_empty(s: &str, what: &str) -> Result<(), ValidationError> {
    if clean_line(s).is_empty() {
        Err(ValidationError::new(format!("{what} is empty")))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_names_are_refused() {
        let s = Student {
            sis_id: "1".into(),
            ..Default::default()
        };
        assert_eq!(
            s.validate().unwrap_err().to_string(),
            "the student's name is empty"
        );
        let g = Goal::default();
        assert_eq!(
            g.validate().unwrap_err().to_string(),
            "the goal's title is empty"
        );
    }

    #[test]
    fn next_date_before_checkin_is_refused() {
        let c = CheckIn {
            date: NaiveDate::from_ymd_opt(2026, 11, 24),
            next_date: NaiveDate::from_ymd_opt(2026, 11, 1),
            ..Default::default()
        };
        assert!(c
            .validate()
            .unwrap_err()
            .to_string()
            .contains("before this one"));
    }

    #[test]
    fn restriction_reads_old_records_as_notes() {
        let mut c = CheckIn {
            restricted: true,
            ..Default::default()
        };
        assert_eq!(c.restriction(), Restriction::Notes);
        c.set_restriction(Restriction::Whole);
        assert!(c.restricted && c.restricted_whole);
        assert_eq!(c.restriction(), Restriction::Whole);
        c.set_restriction(Restriction::None);
        assert!(!c.restricted && !c.restricted_whole);
        assert_eq!(Restriction::Whole.next(), Restriction::None);
    }

    #[test]
    fn display_name_prefers_preferred() {
        let s = Student {
            given_name: "Jonathan".into(),
            family_name: "Reyes".into(),
            preferred_name: Some("Jonny".into()),
            ..Default::default()
        };
        assert_eq!(s.display_name(), "Jonny Reyes");
    }

    /// A student known by one name keeps it as the family name, and is shown by it alone.
    #[test]
    fn one_name_is_kept_as_the_family_name_and_shown_alone() {
        let mut s = Student {
            given_name: "Sukarno".into(),
            ..Default::default()
        };
        s.settle_one_name();
        assert_eq!(
            (s.given_name.as_str(), s.family_name.as_str()),
            ("", "Sukarno")
        );
        assert_eq!(
            (s.display_name(), s.full_name()),
            ("Sukarno".into(), "Sukarno".into())
        );
        let mut two = Student {
            given_name: "Ana".into(),
            family_name: "Ruiz".into(),
            ..Default::default()
        };
        two.settle_one_name();
        assert_eq!(two.full_name(), "Ana Ruiz");
    }
}
