//! The small closed vocabularies of a plan: goal domains, statuses, verdicts, check-in kinds.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

use super::ValidationError;

macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident, $what:literal, { $($variant:ident => $text:literal $(| $alias:literal)*),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
        pub enum $name {
            $(#[serde(rename = $text)] $variant,)+
            /// A word this plp does not know (written by a newer plp): read, shown as
            /// "unknown", never written.
            #[serde(rename = "unknown", other)]
            Unknown,
        }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The word stored and shown for this value.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text,)+ $name::Unknown => "unknown" }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = ValidationError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let norm = s.trim().to_lowercase().replace(['_', ' '], "-");
                $(if norm == $text $(|| norm == $alias)* { return Ok($name::$variant); })+
                Err(ValidationError::new(format!(
                    "unknown {} \"{}\" (expected one of: {})",
                    $what,
                    s.trim(),
                    [$($text),+].join(", ")
                )))
            }
        }
    };
}

vocabulary!(
    /// What area of life a goal is about.
    GoalDomain, "goal domain", {
        Academic => "academic",
        SocialEmotional => "social-emotional" | "sel" | "social" | "social-emotional-learning",
        Career => "career",
        Civic => "civic",
        Personal => "personal",
    }
);

vocabulary!(
    /// Where a goal or strategy stands.
    Status, "status", {
        Active => "active",
        Met => "met",
        Revised => "revised",
        Dropped => "dropped" | "retired",
    }
);

vocabulary!(
    /// Whether a student is on the caseload now.
    StudentStatus, "student status", {
        Active => "active",
        Inactive => "inactive" | "moved" | "withdrawn",
    }
);

vocabulary!(
    /// How a strategy went since the last check-in.
    Verdict, "verdict", {
        Working => "working" | "w",
        Partly => "partly" | "p" | "partly-working",
        NotWorking => "not-working" | "n" | "not working",
        NotTried => "not-tried" | "t" | "not tried",
    }
);

vocabulary!(
    /// What sort of meeting a check-in was.
    CheckInKind, "check-in kind", {
        CheckIn => "check-in" | "checkin",
        StudentLed => "student-led" | "student-led-conference" | "slc",
        Parent => "parent" | "parent-conference",
        Touchpoint => "touchpoint" | "quick-touchpoint" | "quick",
        AnnualReview => "annual-review" | "annual" | "year-end-review",
    }
);

#[allow(clippy::derivable_impls)]
impl Default for Status {
    fn default() -> Self {
        Status::Active
    }
}
#[allow(clippy::derivable_impls)]
impl Default for StudentStatus {
    fn default() -> Self {
        StudentStatus::Active
    }
}
#[allow(clippy::derivable_impls)]
impl Default for CheckInKind {
    fn default() -> Self {
        CheckInKind::CheckIn
    }
}
#[allow(clippy::derivable_impls)]
impl Default for GoalDomain {
    fn default() -> Self {
        GoalDomain::Academic
    }
}

impl Verdict {
    /// The words an advisor would use for it.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Working => "working",
            Verdict::Partly => "partly working",
            Verdict::NotWorking => "not working",
            Verdict::NotTried => "not tried",
            Verdict::Unknown => "unknown verdict",
        }
    }
}

impl CheckInKind {
    /// The kinds of meeting the composer offers (the annual review is held through the
    /// year-end review instead).
    pub const MEETINGS: &'static [CheckInKind] = &[
        CheckInKind::CheckIn,
        CheckInKind::StudentLed,
        CheckInKind::Parent,
        CheckInKind::Touchpoint,
    ];

    /// The words an advisor would use for it.
    pub fn label(self) -> &'static str {
        match self {
            CheckInKind::CheckIn => "check-in",
            CheckInKind::StudentLed => "student-led conference",
            CheckInKind::Parent => "parent conference",
            CheckInKind::Touchpoint => "quick touchpoint",
            CheckInKind::AnnualReview => "annual review",
            CheckInKind::Unknown => "meeting of an unknown kind",
        }
    }
}

/// How much of a check-in is restricted (kept out of exports, printouts and reports unless
/// asked for by name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Restriction {
    /// Nothing is restricted.
    #[default]
    None,
    /// The advisor's notes only.
    Notes,
    /// The whole check-in: the student's words, next steps, adjustments and notes.
    Whole,
}

impl Restriction {
    /// Every scope, in the order Ctrl-R cycles them.
    pub const ALL: [Restriction; 3] = [Restriction::None, Restriction::Notes, Restriction::Whole];

    /// The words shown for it.
    pub fn label(self) -> &'static str {
        match self {
            Restriction::None => "not restricted",
            Restriction::Notes => "notes restricted",
            Restriction::Whole => "whole check-in restricted",
        }
    }

    /// The next scope: none, notes, whole check-in, none again.
    pub fn next(self) -> Restriction {
        match self {
            Restriction::None => Restriction::Notes,
            Restriction::Notes => Restriction::Whole,
            Restriction::Whole => Restriction::None,
        }
    }
}

/// The progress scale used at check-ins: 1 to 4.
pub const RATING_MIN: i64 = 1;
/// The top of the progress scale.
pub const RATING_MAX: i64 = 4;

/// Words for each progress rating.
pub fn rating_label(rating: i64) -> &'static str {
    match rating {
        1 => "no progress yet",
        2 => "some progress",
        3 => "good progress",
        4 => "goal met",
        _ => "not rated",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_words_and_aliases() {
        assert_eq!(
            "Social Emotional".parse::<GoalDomain>().unwrap(),
            GoalDomain::SocialEmotional
        );
        assert_eq!(
            "not_working".parse::<Verdict>().unwrap(),
            Verdict::NotWorking
        );
        assert_eq!(
            "SLC".parse::<CheckInKind>().unwrap(),
            CheckInKind::StudentLed
        );
        let err = "sports".parse::<GoalDomain>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown goal domain \"sports\" (expected one of: academic, social-emotional, career, civic, personal)"
        );
    }

    #[test]
    fn serde_uses_the_stored_words() {
        assert_eq!(
            serde_json::to_string(&Verdict::NotTried).unwrap(),
            "\"not-tried\""
        );
        let d: GoalDomain = serde_json::from_str("\"social-emotional\"").unwrap();
        assert_eq!(d, GoalDomain::SocialEmotional);
        let newer: StudentStatus = serde_json::from_str("\"graduated\"").unwrap();
        assert_eq!(newer, StudentStatus::Unknown);
        assert!("unknown".parse::<StudentStatus>().is_err());
        assert!(!StudentStatus::ALL.contains(&StudentStatus::Unknown));
    }
}
