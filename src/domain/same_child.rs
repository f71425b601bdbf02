//! Whether two student records made under one SIS id are one child. Two files that import one
//! roster make the same student twice, and the two meet as one; two schools whose SIS ids come
//! from separate systems can give two children one id, and those must never meet.

use super::advisor::name_words;

/// Whether the names of two records made under one id are another child's: their given and
/// family names share no word (case, accents, punctuation and titles aside). One child whose
/// name is spelt another way, written in the other order, hyphenated or changed in part still
/// shares a word; an unrelated child does not. A record with no name says nothing.
///
/// The hub decides the same way (`plp.other_child_school`, hub schema 25).
pub fn another_child(given: &str, family: &str, other_given: &str, other_family: &str) -> bool {
    let ours = name_words(&format!("{given} {family}"));
    let theirs = name_words(&format!("{other_given} {other_family}"));
    !ours.is_empty() && !theirs.is_empty() && !ours.iter().any(|w| theirs.contains(w))
}

#[cfg(test)]
mod tests {
    use super::another_child;

    #[test]
    fn an_unrelated_child_shares_no_word_and_one_child_spelt_otherwise_does() {
        assert!(another_child("Mara", "Okafor", "Jamal", "Diaz"));
        assert!(!another_child("Mara", "Okafor", "Mara", "Okafor"));
        assert!(!another_child("Mara", "Okafor", "OKAFOR", "Mara"));
        assert!(!another_child("Zoë", "Núñez", "Zoe", "Nunez-Park"));
        assert!(!another_child("Mara", "Okafor", "Mara", "Okafur"));
        assert!(!another_child("", "", "Jamal", "Diaz"));
    }
}
