//! Who does a next step or helps with a strategy, as a family reads it: the student and the
//! advisor by name, the people a school names by their part ("parent", "the counselor",
//! "student and mom") in the family's language, and anyone else as typed.
//!
//! Pure and without language: [`read`] sorts what was typed into names and parts, and the
//! printout's words (`owner-…` in each translation file) put the parts into words.

/// Who does something.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Who {
    /// A name, or words the printout does not know: printed as typed.
    Typed(String),
    /// One or more people, each a name or a part ("Amara and parent"), joined by "and" or by
    /// "or" as they were typed.
    Parts {
        /// The people, in the order typed.
        parts: Vec<Part>,
        /// Joined by "or" ("parent/guardian", "mom or dad") rather than "and".
        or: bool,
    },
}

impl Default for Who {
    fn default() -> Who {
        Who::Typed(String::new())
    }
}

impl Who {
    /// No one was named.
    pub fn is_empty(&self) -> bool {
        matches!(self, Who::Typed(t) if t.is_empty())
    }
}

/// One of the people who do something.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// A person by name (the student, the advisor, a name typed beside a part).
    Name(String),
    /// A part people play, put into the family's language.
    Role(Role),
}

/// The parts the printout puts into each of its languages: the family's, the school's, and
/// "advisor" when the advisor's name is not known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Advisor,
    Parent,
    Parents,
    ParentOrGuardian,
    Family,
    Guardian,
    Guardians,
    Mom,
    Mum,
    Mother,
    Dad,
    Father,
    Stepmom,
    Stepdad,
    Grandma,
    Grandpa,
    Grandmother,
    Grandfather,
    Grandparent,
    Grandparents,
    Aunt,
    Uncle,
    Brother,
    Sister,
    Caregiver,
    FosterParent,
    Teacher,
    Teachers,
    SpecialEducationTeacher,
    Counselor,
    Coach,
    CaseManager,
    Mentor,
    Tutor,
    PeerTutor,
    Nurse,
    SocialWorker,
    Psychologist,
    Principal,
    AssistantPrincipal,
    Librarian,
    Team,
    School,
    Everyone,
}

/// The words typed for each part (lower case, without "the"), and the part.
const ROLES: &[(&str, Role)] = &[
    ("advisor", Role::Advisor),
    ("adviser", Role::Advisor),
    ("parent", Role::Parent),
    ("parents", Role::Parents),
    ("parent/guardian", Role::ParentOrGuardian),
    ("parent or guardian", Role::ParentOrGuardian),
    ("parents/guardians", Role::ParentOrGuardian),
    ("parents or guardians", Role::ParentOrGuardian),
    ("family", Role::Family),
    ("guardian", Role::Guardian),
    ("legal guardian", Role::Guardian),
    ("guardians", Role::Guardians),
    ("mom", Role::Mom),
    ("mommy", Role::Mom),
    ("mama", Role::Mom),
    ("mum", Role::Mum),
    ("mummy", Role::Mum),
    ("mother", Role::Mother),
    ("dad", Role::Dad),
    ("daddy", Role::Dad),
    ("papa", Role::Dad),
    ("father", Role::Father),
    ("stepmom", Role::Stepmom),
    ("stepmother", Role::Stepmom),
    ("stepdad", Role::Stepdad),
    ("stepfather", Role::Stepdad),
    ("grandma", Role::Grandma),
    ("granny", Role::Grandma),
    ("grandpa", Role::Grandpa),
    ("grandmother", Role::Grandmother),
    ("grandfather", Role::Grandfather),
    ("grandparent", Role::Grandparent),
    ("grandparents", Role::Grandparents),
    ("aunt", Role::Aunt),
    ("uncle", Role::Uncle),
    ("brother", Role::Brother),
    ("sister", Role::Sister),
    ("caregiver", Role::Caregiver),
    ("foster parent", Role::FosterParent),
    ("foster parents", Role::FosterParent),
    ("teacher", Role::Teacher),
    ("classroom teacher", Role::Teacher),
    ("teachers", Role::Teachers),
    ("special education teacher", Role::SpecialEducationTeacher),
    ("special ed teacher", Role::SpecialEducationTeacher),
    ("sped teacher", Role::SpecialEducationTeacher),
    ("counselor", Role::Counselor),
    ("counsellor", Role::Counselor),
    ("school counselor", Role::Counselor),
    ("school counsellor", Role::Counselor),
    ("guidance counselor", Role::Counselor),
    ("coach", Role::Coach),
    ("case manager", Role::CaseManager),
    ("mentor", Role::Mentor),
    ("tutor", Role::Tutor),
    ("peer tutor", Role::PeerTutor),
    ("nurse", Role::Nurse),
    ("school nurse", Role::Nurse),
    ("social worker", Role::SocialWorker),
    ("school social worker", Role::SocialWorker),
    ("psychologist", Role::Psychologist),
    ("school psychologist", Role::Psychologist),
    ("principal", Role::Principal),
    ("assistant principal", Role::AssistantPrincipal),
    ("vice principal", Role::AssistantPrincipal),
    ("librarian", Role::Librarian),
    ("team", Role::Team),
    ("school", Role::School),
    ("everyone", Role::Everyone),
    ("all", Role::Everyone),
];

/// Every part, for the test that each language has words for each.
pub const ALL_ROLES: &[Role] = &[
    Role::Advisor,
    Role::Parent,
    Role::Parents,
    Role::ParentOrGuardian,
    Role::Family,
    Role::Guardian,
    Role::Guardians,
    Role::Mom,
    Role::Mum,
    Role::Mother,
    Role::Dad,
    Role::Father,
    Role::Stepmom,
    Role::Stepdad,
    Role::Grandma,
    Role::Grandpa,
    Role::Grandmother,
    Role::Grandfather,
    Role::Grandparent,
    Role::Grandparents,
    Role::Aunt,
    Role::Uncle,
    Role::Brother,
    Role::Sister,
    Role::Caregiver,
    Role::FosterParent,
    Role::Teacher,
    Role::Teachers,
    Role::SpecialEducationTeacher,
    Role::Counselor,
    Role::Coach,
    Role::CaseManager,
    Role::Mentor,
    Role::Tutor,
    Role::PeerTutor,
    Role::Nurse,
    Role::SocialWorker,
    Role::Psychologist,
    Role::Principal,
    Role::AssistantPrincipal,
    Role::Librarian,
    Role::Team,
    Role::School,
    Role::Everyone,
];

impl Role {
    /// The id of its words in the translation files ("owner-case-manager").
    pub fn message(self) -> &'static str {
        match self {
            Role::Advisor => "owner-advisor",
            Role::Parent => "owner-parent",
            Role::Parents => "owner-parents",
            Role::ParentOrGuardian => "owner-parent-or-guardian",
            Role::Family => "owner-family",
            Role::Guardian => "owner-guardian",
            Role::Guardians => "owner-guardians",
            Role::Mom => "owner-mom",
            Role::Mum => "owner-mum",
            Role::Mother => "owner-mother",
            Role::Dad => "owner-dad",
            Role::Father => "owner-father",
            Role::Stepmom => "owner-stepmom",
            Role::Stepdad => "owner-stepdad",
            Role::Grandma => "owner-grandma",
            Role::Grandpa => "owner-grandpa",
            Role::Grandmother => "owner-grandmother",
            Role::Grandfather => "owner-grandfather",
            Role::Grandparent => "owner-grandparent",
            Role::Grandparents => "owner-grandparents",
            Role::Aunt => "owner-aunt",
            Role::Uncle => "owner-uncle",
            Role::Brother => "owner-brother",
            Role::Sister => "owner-sister",
            Role::Caregiver => "owner-caregiver",
            Role::FosterParent => "owner-foster-parent",
            Role::Teacher => "owner-teacher",
            Role::Teachers => "owner-teachers",
            Role::SpecialEducationTeacher => "owner-special-education-teacher",
            Role::Counselor => "owner-counselor",
            Role::Coach => "owner-coach",
            Role::CaseManager => "owner-case-manager",
            Role::Mentor => "owner-mentor",
            Role::Tutor => "owner-tutor",
            Role::PeerTutor => "owner-peer-tutor",
            Role::Nurse => "owner-nurse",
            Role::SocialWorker => "owner-social-worker",
            Role::Psychologist => "owner-psychologist",
            Role::Principal => "owner-principal",
            Role::AssistantPrincipal => "owner-assistant-principal",
            Role::Librarian => "owner-librarian",
            Role::Team => "owner-team",
            Role::School => "owner-school",
            Role::Everyone => "owner-everyone",
        }
    }
}

/// The words between people named together: those read as "and", then those read as "or".
const AND: &[&str] = &[" and ", " & ", " + ", ","];
const OR: &[&str] = &[" or ", "/"];

/// Reads an owner as typed: "student" (or "me", "self") is the student's name, "advisor" the
/// advisor's when known; a part the printout knows ("parent", "the counselor") is that part;
/// several named together ("student and parent", "mom/dad") are each read so, a part beside a
/// capitalised name ("Lucía and mom") too. Anything else, a name included, is printed as typed.
pub fn read(owner: &str, first_name: &str, advisor: Option<&str>) -> Who {
    let typed = owner.trim();
    if let Some(part) = one(typed, first_name, advisor) {
        return Who::Parts {
            parts: vec![part],
            or: false,
        };
    }
    for (seps, or) in [(AND, false), (OR, true)] {
        let pieces = split(typed, seps);
        if pieces.len() < 2 {
            continue;
        }
        let read: Vec<Option<Part>> = pieces.iter().map(|p| one(p, first_name, advisor)).collect();
        // Only a list that names at least one part, and nothing else but names, is read.
        let any_part = read.iter().any(Option::is_some);
        let rest_named = pieces
            .iter()
            .zip(&read)
            .all(|(p, r)| r.is_some() || p.chars().next().is_some_and(char::is_uppercase));
        if any_part && rest_named {
            let parts = pieces
                .iter()
                .zip(read)
                .map(|(p, r)| r.unwrap_or_else(|| Part::Name(p.to_string())))
                .collect();
            return Who::Parts { parts, or };
        }
    }
    Who::Typed(typed.to_string())
}

/// One person: the student, the advisor, or a part the printout knows.
fn one(typed: &str, first_name: &str, advisor: Option<&str>) -> Option<Part> {
    let lower = typed.trim().trim_end_matches('.').to_lowercase();
    let words = lower.split_whitespace().collect::<Vec<_>>().join(" ");
    let bare = ["the ", "a ", "an "]
        .iter()
        .find_map(|a| words.strip_prefix(a))
        .unwrap_or(&words);
    match bare {
        "student" | "me" | "self" => Some(Part::Name(first_name.to_string())),
        "advisor" | "adviser" if advisor.is_some() => advisor.map(|a| Part::Name(a.to_string())),
        _ => ROLES
            .iter()
            .find(|(w, _)| *w == bare)
            .map(|(_, r)| Part::Role(*r)),
    }
}

/// The people named in `typed`, split at any of `seps` (empty pieces dropped). The
/// separators are ASCII, so they are found in the ASCII lower case, whose byte offsets are the
/// typed text's.
fn split(typed: &str, seps: &[&str]) -> Vec<String> {
    let mut pieces = vec![typed.to_string()];
    for sep in seps {
        pieces = pieces
            .iter()
            .flat_map(|piece| {
                let lower = piece.to_ascii_lowercase();
                let mut out = Vec::new();
                let mut at = 0;
                for (i, _) in lower.match_indices(sep) {
                    out.push(piece[at..i].to_string());
                    at = i + sep.len();
                }
                out.push(piece[at..].to_string());
                out
            })
            .collect();
    }
    pieces
        .into_iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_(typed: &str) -> Who {
        read(typed, "Amara", Some("Ms. Rivera"))
    }

    fn parts(parts: Vec<Part>) -> Who {
        Who::Parts { parts, or: false }
    }

    #[test]
    fn the_student_and_the_advisor_are_named() {
        assert_eq!(read_("student"), parts(vec![Part::Name("Amara".into())]));
        assert_eq!(read_(" Me "), parts(vec![Part::Name("Amara".into())]));
        assert_eq!(
            read_("Advisor"),
            parts(vec![Part::Name("Ms. Rivera".into())])
        );
        // An advisor not known is the part.
        assert_eq!(
            read("advisor", "Amara", None),
            parts(vec![Part::Role(Role::Advisor)])
        );
    }

    #[test]
    fn a_part_is_known_however_it_is_typed() {
        for typed in ["parent", "Parent", "the parent", " PARENT. "] {
            assert_eq!(
                read_(typed),
                parts(vec![Part::Role(Role::Parent)]),
                "{typed}"
            );
        }
        assert_eq!(
            read_("The  case manager"),
            parts(vec![Part::Role(Role::CaseManager)])
        );
        assert_eq!(
            read_("parent/guardian"),
            parts(vec![Part::Role(Role::ParentOrGuardian)])
        );
    }

    #[test]
    fn people_named_together_are_each_read() {
        assert_eq!(
            read_("student and parent"),
            parts(vec![Part::Name("Amara".into()), Part::Role(Role::Parent)])
        );
        assert_eq!(
            read_("mom/dad"),
            Who::Parts {
                parts: vec![Part::Role(Role::Mom), Part::Role(Role::Dad)],
                or: true
            }
        );
        assert_eq!(
            read_("Lucía & mom"),
            parts(vec![Part::Name("Lucía".into()), Part::Role(Role::Mom)])
        );
    }

    #[test]
    fn a_name_or_words_not_known_are_as_typed() {
        for typed in [
            "Ms. Lindqvist",
            "Coach Perez",
            "math teacher",
            "math teacher and mom",
            "Rivera, Ana",
            "",
        ] {
            assert_eq!(read_(typed), Who::Typed(typed.into()), "{typed}");
        }
    }

    #[test]
    fn every_part_typed_is_listed_among_all() {
        for (_, role) in ROLES {
            assert!(ALL_ROLES.contains(role), "{role:?}");
        }
    }
}
