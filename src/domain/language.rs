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

/// Reads a language as typed: a code ("es", "ES", "pt_br", "pt-BR", "spa") or a common name
/// ("Spanish", "español"); gives the code as stored ("es", "pt-BR"). A code must name a real
/// language (ISO 639-1 or 639-3), and a region after it a real country or area (ISO 3166-1, or
/// one of the UN M.49 areas BCP 47 allows, as in "es-419"): "zz", "xyz" and "en-XX" are refused.
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
    let not_language = || {
        ValidationError::new(format!(
            "\"{}\" is not a language: give a code such as en, es or vi, or a name such as Spanish",
            super::fit_width(&super::clean_line(t), 40)
        ))
    };
    let (primary, region) = code_parts(&lower).ok_or_else(not_language)?;
    let code = known_language(primary).ok_or_else(not_language)?;
    match region {
        None => Ok(code.to_string()),
        Some(r) => {
            let r = r.to_uppercase();
            if !known_region(&r) {
                return Err(ValidationError::new(format!(
                    "\"{}\" is not a language: {r} is not a country or region (one such as pt-BR, fr-CA or es-419)",
                    super::clean_line(t)
                )));
            }
            Ok(format!("{code}-{r}"))
        }
    }
}

/// A code's language and region, if it is written as one: two or three letters, then
/// optionally a dash (or underscore) and two letters or three digits. Nothing is looked up.
fn code_parts(lower: &str) -> Option<(&str, Option<&str>)> {
    let mut parts = lower.split(['-', '_']);
    let primary = parts.next().unwrap_or("");
    let region = parts.next();
    let letters =
        (2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_lowercase());
    let region_ok = region.is_none_or(|r| {
        (r.len() == 2 && r.bytes().all(|b| b.is_ascii_lowercase()))
            || (r.len() == 3 && r.bytes().all(|b| b.is_ascii_digit()))
    });
    (letters && region_ok && parts.next().is_none()).then_some((primary, region))
}

/// Two-letter codes ISO 639-1 withdrew, still written by older systems (Java's locales write
/// Hebrew as "iw"), with the codes that replaced them, as the IANA language subtag registry
/// gives them: each is read as its replacement.
const WITHDRAWN: &[(&str, &str)] = &[
    ("iw", "he"),
    ("in", "id"),
    ("ji", "yi"),
    ("jw", "jv"),
    ("mo", "ro"),
];

/// A language code as it is written now: a withdrawn one ([`WITHDRAWN`]) as its replacement.
fn current(code: &str) -> &str {
    WITHDRAWN
        .iter()
        .find(|(old, _)| *old == code)
        .map_or(code, |(_, now)| now)
}

/// The code kept for a language code, if it names a language: its ISO 639-1 code where it has
/// one (BCP 47 keeps the shortest: "spa" is kept as "es"), else its ISO 639-3 code. The
/// `isolang` crate (already used for the names above) holds ISO 639-3 whole and its 639-1 codes
/// in static tables, so no other crate is needed for languages.
fn known_language(code: &str) -> Option<&'static str> {
    // Codes that name no particular language: undetermined, uncoded, multiple, none.
    if matches!(code, "und" | "mis" | "mul" | "zxx") {
        return None;
    }
    let code = current(code);
    let lang = match code.len() {
        2 => isolang::Language::from_639_1(code),
        _ => isolang::Language::from_639_3(code),
    };
    match lang {
        Some(lang) => Some(lang.to_639_1().unwrap_or(lang.to_639_3())),
        // A code this file's own list of names gives (Karen's "kar" is a group of languages,
        // in ISO 639-2 and BCP 47 but not in 639-3).
        None => NAMES.iter().map(|(_, c)| *c).find(|c| *c == code),
    }
}

/// ISO 3166-1 alpha-2: every country and territory assigned a code (249), and XK, which CLDR
/// uses for Kosovo. A table rather than a crate: it is short, changes
/// once in years, and no crate plp already uses holds it (`unic-langid` checks a region's form,
/// not that it exists).
const COUNTRIES: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ \
BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ \
CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ \
EC EE EG EH ER ES ET FI FJ FK FM FO FR \
GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU \
ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ \
LA LB LC LI LK LR LS LT LU LV LY \
MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ \
NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA \
RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ \
TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ \
VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW";

/// The UN M.49 areas the IANA language subtag registry holds as regions ("419" is Latin
/// America and the Caribbean).
const AREAS: &[&str] = &[
    "001", "002", "003", "005", "009", "011", "013", "014", "015", "017", "018", "019", "021",
    "029", "030", "034", "035", "039", "053", "054", "057", "061", "142", "143", "145", "150",
    "151", "154", "155", "202", "419",
];

/// Whether a region (upper case, as stored) is a country, territory or area.
fn known_region(r: &str) -> bool {
    match r.len() {
        2 => COUNTRIES.split_whitespace().any(|c| c == r),
        _ => AREAS.contains(&r),
    }
}

/// A language code's name in English, for people ("vi" is "Vietnamese", "pt-BR" is
/// "Portuguese (BR)"), from the same ISO 639 table the codes are checked against; the code
/// itself when it names none.
pub fn language_name(code: &str) -> String {
    let lower = code.trim().to_lowercase();
    let Some((primary, region)) = code_parts(&lower) else {
        return code.trim().to_string();
    };
    let primary = current(primary);
    let lang = match primary.len() {
        2 => isolang::Language::from_639_1(primary),
        _ => isolang::Language::from_639_3(primary),
    };
    let name = match lang {
        Some(l) => l.to_name().to_string(),
        // A code only this file's list of names gives ("kar", Karen).
        None => match NAMES.iter().find(|(_, c)| *c == primary) {
            Some((n, _)) => capitalised(n),
            None => return code.trim().to_string(),
        },
    };
    match region {
        Some(r) => format!("{name} ({})", r.to_uppercase()),
        None => name,
    }
}

/// "karen" as a name is written: "Karen".
fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Whether a stored value is written as [`parse_language`] writes a code ("es", "pt-BR",
/// "es-419"). Only its form is checked: a code an older plp took before codes were looked up
/// ("xx") is still read and passed on, so that a replica never refuses its own history.
pub fn is_language(stored: &str) -> bool {
    let lower = stored.to_lowercase();
    match code_parts(&lower) {
        Some((primary, region)) => {
            let written = match region {
                None => primary.to_string(),
                Some(r) => format!("{primary}-{}", r.to_uppercase()),
            };
            written == stored
        }
        None => false,
    }
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

/// Every language the family's members (a parent, guardian or other relative) read, in the
/// team's order, each once (one parent reads Spanish, another Vietnamese): the first is the
/// family's preferred one.
pub fn family_languages(team: &[TeamMember]) -> Vec<&str> {
    let mut all: Vec<&str> = Vec::new();
    for m in team
        .iter()
        .filter(|m| !m.retired && is_family_role(&m.role))
    {
        let Some(l) = m.language.as_deref().filter(|l| !l.trim().is_empty()) else {
            continue;
        };
        let same = |seen: &&str| match (parse_language(seen), parse_language(l)) {
            (Ok(a), Ok(b)) => a == b,
            _ => seen.trim().eq_ignore_ascii_case(l.trim()),
        };
        if !all.iter().any(same) {
            all.push(l);
        }
    }
    all
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_code_is_named_for_people() {
        use super::language_name;
        assert_eq!(language_name("vi"), "Vietnamese");
        assert_eq!(language_name("pt-BR"), "Portuguese (BR)");
        assert_eq!(language_name("kar"), "Karen");
        assert_eq!(language_name("yue"), "Yue Chinese");
        assert_eq!(language_name("xx"), "xx");
    }

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

    /// A code is taken only when it names a real language (and a real region after it); what
    /// merely looks like a code is refused with the same sentence as any other non-language.
    #[test]
    fn made_up_codes_are_not_languages() {
        for made_up in [
            "zz", "xx", "xyz", "qaa", "und", "zxx", "en-XX", "es-AA", "pt-999",
        ] {
            let why = parse_language(made_up).unwrap_err().to_string();
            assert!(why.contains("is not a language"), "{made_up}: {why}");
        }
        assert_eq!(
            parse_language("en-XX").unwrap_err().to_string(),
            "\"en-XX\" is not a language: XX is not a country or region (one such as pt-BR, fr-CA or es-419)"
        );
        // Real ones, kept as BCP 47 writes them: the two-letter code where there is one.
        assert_eq!(parse_language("spa").unwrap(), "es");
        assert_eq!(parse_language("yue").unwrap(), "yue");
        assert_eq!(parse_language("kar").unwrap(), "kar");
        assert_eq!(parse_language("Karen").unwrap(), "kar");
        assert_eq!(parse_language("fr-ca").unwrap(), "fr-CA");
        assert_eq!(parse_language("sq-XK").unwrap(), "sq-XK");
        // What an older plp stored is still a code as far as a received change goes.
        assert!(is_language("xx") && is_language("en-XX") && is_language("es-419"));
        assert!(!is_language("en-xx") && !is_language("Spanish"));
        // A long paste is not echoed whole.
        let long = "z".repeat(5000);
        assert!(parse_language(&long).unwrap_err().to_string().len() < 200);
    }

    #[test]
    fn withdrawn_codes_are_read_as_the_codes_that_replaced_them() {
        for (old, now) in [
            ("iw", "he"),
            ("in", "id"),
            ("ji", "yi"),
            ("IW", "he"),
            ("iw_IL", "he-IL"),
            ("in-ID", "id-ID"),
            ("jw", "jv"),
            ("mo", "ro"),
        ] {
            assert_eq!(parse_language(old).unwrap(), now, "{old}");
        }
        assert_eq!(language_name("iw"), "Hebrew");
        assert_eq!(language_name("ji"), "Yiddish");
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
        assert_eq!(family_languages(&team), ["vi", "es"]);
        assert!(family_languages(&team[..3]).is_empty());
    }
}
