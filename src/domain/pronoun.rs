//! Which pronoun a student's recorded pronouns ask for, where a printout refers to the student.

/// The pronoun to use for a student.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pronoun {
    /// she/her.
    She,
    /// he/him.
    He,
    /// they/them.
    They,
}

impl Pronoun {
    /// The pronoun the recorded text names first ("she/her", "He", "they/them", "she/they");
    /// `None` for anything else or nothing, where the student's name or "their" is used.
    pub fn of(pronouns: Option<&str>) -> Option<Pronoun> {
        let first = pronouns?
            .split(['/', ',', ' '])
            .find(|w| !w.is_empty())?
            .to_lowercase();
        match first.as_str() {
            "she" | "her" | "hers" => Some(Pronoun::She),
            "he" | "him" | "his" => Some(Pronoun::He),
            "they" | "them" | "their" | "theirs" => Some(Pronoun::They),
            _ => None,
        }
    }

    /// The word a translation file selects on: "she", "he", "they".
    pub fn as_str(self) -> &'static str {
        match self {
            Pronoun::She => "she",
            Pronoun::He => "he",
            Pronoun::They => "they",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_pronoun_written_is_used_and_anything_else_is_none() {
        assert_eq!(Pronoun::of(Some("she/her")), Some(Pronoun::She));
        assert_eq!(Pronoun::of(Some(" He/Him ")), Some(Pronoun::He));
        assert_eq!(Pronoun::of(Some("they/them")), Some(Pronoun::They));
        assert_eq!(Pronoun::of(Some("she/they")), Some(Pronoun::She));
        assert_eq!(Pronoun::of(Some("xe/xem")), None);
        assert_eq!(Pronoun::of(Some("")), None);
        assert_eq!(Pronoun::of(None), None);
    }
}
