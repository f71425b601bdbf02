//! A family's preferred language, as recorded on a team member: a language code ("es",
//! "pt-BR"), so that printouts can be made in it. Whether a printout exists in that language is
//! the printout's business; any language a family speaks can be recorded.

use super::entities::TeamMember;
use super::ValidationError;

/// Names advisors type instead of a code, in English and in the language itself.
const NAMES: &[(&str, &str)] = &[
    ("english", "en"),
    ("spanish", "es"),
    ("español", "es"),
    ("espanol", "es"),
    ("castellano", "es"),
    ("french", "fr"),
    ("français", "fr"),
    ("portuguese", "pt"),
    ("português", "pt"),
    ("vietnamese", "vi"),
    ("tiếng việt", "vi"),
    ("chinese", "zh"),
    ("mandarin", "zh"),
    ("cantonese", "yue"),
    ("arabic", "ar"),
    ("somali", "so"),
    ("haitian creole", "ht"),
    ("tagalog", "tl"),
    ("korean", "ko"),
    ("russian", "ru"),
    ("ukrainian", "uk"),
    ("hmong", "hmn"),
    ("polish", "pl"),
    ("german", "de"),
    ("japanese", "ja"),
    ("hindi", "hi"),
    ("urdu", "ur"),
    ("bengali", "bn"),
    ("punjabi", "pa"),
    ("farsi", "fa"),
    ("persian", "fa"),
    ("swahili", "sw"),
    ("amharic", "am"),
    ("nepali", "ne"),
    ("burmese", "my"),
    ("karen", "kar"),
    ("dari", "prs"),
    ("pashto", "ps"),
];

/// Reads a language as typed: a code ("es", "ES", "pt_br", "pt-BR") or a common name
/// ("Spanish", "español"); gives the code as stored ("es", "pt-BR").
pub fn parse_language(typed: &str) -> Result<String, ValidationError> {
    let t = typed.trim();
    let lower = t.to_lowercase();
    if let Some((_, code)) = NAMES.iter().find(|(name, _)| *name == lower) {
        return Ok((*code).to_string());
    }
    // Any other language by its English name in ISO 639 ("Igbo", "Tigrinya"), whatever its
    // case: its two-letter code where it has one, else its three-letter one. Codes themselves
    // are read below.
    if lower.chars().count() > 3 {
        // The `isolang` crate's table: ISO 639-3 whole, with English names, in static tables.
        if let Some(lang) = isolang::Language::from_name_lowercase(&lower) {
            return Ok(lang.to_639_1().unwrap_or(lang.to_639_3()).to_string());
        }
    }
    let mut parts = lower.split(['-', '_']);
    let primary = parts.next().unwrap_or("");
    let region = parts.next();
    let letters = |s: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_lowercase())
    };
    let region_ok = |r: &str| {
        (r.len() == 2 && r.bytes().all(|b| b.is_ascii_lowercase()))
            || (r.len() == 3 && r.bytes().all(|b| b.is_ascii_digit()))
    };
    match (primary, region, parts.next()) {
        (p, None, None) if letters(p, 2..=3) => Ok(p.to_string()),
        (p, Some(r), None) if letters(p, 2..=3) && region_ok(r) => {
            Ok(format!("{p}-{}", r.to_uppercase()))
        }
        _ => Err(ValidationError::new(format!(
            "\"{}\" is not a language: give a code such as en, es or vi, or a name such as Spanish",
            super::clean_line(t)
        ))),
    }
}

/// Whether a stored value is a language code as [`parse_language`] writes it.
pub fn is_language(stored: &str) -> bool {
    parse_language(stored).is_ok_and(|code| code == stored)
}

/// Roles that make a team member the student's family (English and Spanish words).
const FAMILY_ROLES: &[&str] = &[
    "parent",
    "guardian",
    "mother",
    "father",
    "mom",
    "mum",
    "dad",
    "grand",
    "aunt",
    "uncle",
    "family",
    "foster",
    "caregiver",
    "madre",
    "padre",
    "abuel",
    "tía",
    "tío",
    "familia",
    "tutor legal",
];

/// Whether a role names someone of the student's family (a parent, a guardian, a grandmother).
pub fn is_family_role(role: &str) -> bool {
    let r = role.trim().to_lowercase();
    FAMILY_ROLES.iter().any(|w| r.contains(w))
}

/// The family's preferred language: that of the first member of the family on the team (a
/// parent, guardian or other relative, in the team's order) who has one recorded.
pub fn family_language(team: &[TeamMember]) -> Option<&str> {
    team.iter()
        .filter(|m| !m.retired && is_family_role(&m.role))
        .find_map(|m| m.language.as_deref().filter(|l| !l.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_are_read_as_people_type_them() {
        assert_eq!(parse_language(" ES ").unwrap(), "es");
        assert_eq!(parse_language("pt_br").unwrap(), "pt-BR");
        assert_eq!(parse_language("Spanish").unwrap(), "es");
        assert_eq!(parse_language("Español").unwrap(), "es");
        assert_eq!(parse_language("es-419").unwrap(), "es-419");
        assert_eq!(
            parse_language("Klingon!").unwrap_err().to_string(),
            "\"Klingon!\" is not a language: give a code such as en, es or vi, or a name such as Spanish"
        );
        assert!(parse_language("").is_err());
        assert!(is_language("es") && is_language("pt-BR"));
        assert!(!is_language("ES") && !is_language("Spanish"));
    }

    #[test]
    fn any_language_is_known_by_its_english_name() {
        assert_eq!(parse_language("Igbo").unwrap(), "ig");
        assert_eq!(parse_language("tigrinya").unwrap(), "ti");
        assert_eq!(parse_language("Yoruba").unwrap(), "yo");
        // One without a two-letter code has its three-letter one.
        assert_eq!(parse_language("Chuukese").unwrap(), "chk");
        assert!(is_language("chk"));
        assert!(parse_language("Klingonese").is_err());
    }

    #[test]
    fn the_family_is_who_decides() {
        let m = |role: &str, lang: Option<&str>, retired: bool| TeamMember {
            name: "x".into(),
            role: role.into(),
            language: lang.map(String::from),
            retired,
            ..Default::default()
        };
        let team = vec![
            m("teacher", Some("fr"), false),
            m("Mother", None, false),
            m("grandparent", Some("es"), true),
            m("Legal guardian", Some("vi"), false),
            m("parent", Some("es"), false),
        ];
        assert_eq!(family_language(&team), Some("vi"));
        assert_eq!(family_language(&team[..3]), None);
    }
}
