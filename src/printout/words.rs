//! The printout's fixed words in the family's language, from the Fluent files in `locales/`.
//!
//! Each language is one file, `locales/CODE/printout.ftl`, compiled into the binary. Student and
//! advisor text never passes through here: it is printed as written.

use chrono::{Datelike, NaiveDate};
use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

use crate::domain::{GoalDomain, Verdict};

/// The languages shipped: code and its translation file. English is the fallback for any
/// message a translation lacks.
pub const LANGUAGES: &[(&str, &str)] = &[
    ("en", include_str!("../../locales/en/printout.ftl")),
    ("es", include_str!("../../locales/es/printout.ftl")),
];

/// Why a language cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("there is no printout in {} (available: {available})", named(asked))]
pub struct UnknownLanguage {
    /// What was asked for.
    pub asked: String,
    /// The codes shipped, comma-separated.
    pub available: String,
}

/// A language asked for, named as people call it when plp knows it ("Vietnamese (\"vi\")"),
/// else as typed.
fn named(asked: &str) -> String {
    let name = crate::domain::language_name(asked);
    if name.eq_ignore_ascii_case(asked.trim()) {
        format!("the language \"{asked}\"")
    } else {
        format!("{name} (\"{asked}\")")
    }
}

/// The codes of the languages shipped.
pub fn codes() -> Vec<&'static str> {
    LANGUAGES.iter().map(|(c, _)| *c).collect()
}

/// The shipped code for a language as typed, read as every language plp takes is read
/// ([`crate::domain::parse_language`]): a code ("es", "es-MX", "ES_mx", "spa") or a name
/// ("Spanish", "español"). A language with no printout yet, or no language at all, is refused.
pub fn resolve(tag: &str) -> Result<&'static str, UnknownLanguage> {
    let unknown = || UnknownLanguage {
        asked: crate::domain::fit_width(&crate::domain::clean_line(tag.trim()), 40),
        available: codes().join(", "),
    };
    let code = crate::domain::parse_language(tag).map_err(|_| unknown())?;
    let primary = code.split('-').next().unwrap_or("");
    LANGUAGES
        .iter()
        .map(|(c, _)| *c)
        .find(|c| *c == primary)
        .ok_or_else(unknown)
}

/// The language of a family's printout, and the languages the family reads that plp has no
/// printout in.
#[derive(Debug, Clone, PartialEq)]
pub struct FamilyChoice {
    /// The first language the family reads (in the team's order) with a printout, else "en".
    pub code: &'static str,
    /// The family's languages with no printout yet, as the team records them.
    pub unserved: Vec<String>,
}

impl FamilyChoice {
    /// The languages with no printout, named as people call them ("Vietnamese and Igbo").
    pub fn unserved_names(&self) -> String {
        let names: Vec<String> = self
            .unserved
            .iter()
            .map(|l| crate::domain::language_name(l))
            .collect();
        crate::domain::and_list(&names)
    }

    /// "it" or "them", for the languages with no printout.
    pub fn unserved_pronoun(&self) -> &'static str {
        if self.unserved.len() == 1 {
            "it"
        } else {
            "them"
        }
    }
}

/// Chooses the printout's language for a family that reads `languages` (see
/// [`crate::domain::family_languages`]).
pub fn family_choice(languages: &[&str]) -> FamilyChoice {
    let mut code = None;
    let mut unserved = Vec::new();
    for l in languages {
        match resolve(l) {
            Ok(c) => {
                code.get_or_insert(c);
            }
            Err(_) => unserved.push(l.to_string()),
        }
    }
    FamilyChoice {
        code: code.unwrap_or("en"),
        unserved,
    }
}

/// The fixed words of one language.
pub struct Words {
    code: &'static str,
    bundle: FluentBundle<FluentResource>,
    fallback: Option<FluentBundle<FluentResource>>,
}

fn bundle(code: &str, source: &str) -> FluentBundle<FluentResource> {
    let lang: LanguageIdentifier = code.parse().unwrap_or_default();
    let mut b = FluentBundle::new(vec![lang]);
    // No Unicode isolation marks around placeables: the text goes to paper, not to a bidi mix.
    b.set_use_isolating(false);
    // The files are compiled in and checked by a test; a line Fluent cannot read is skipped.
    let res = match FluentResource::try_new(source.to_string()) {
        Ok(r) => r,
        Err((r, _)) => r,
    };
    let _ = b.add_resource(res);
    b
}

impl Words {
    /// The words of a shipped language (see [`resolve`]).
    pub fn new(tag: &str) -> Result<Words, UnknownLanguage> {
        let code = resolve(tag)?;
        let source = LANGUAGES
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, s)| *s)
            .unwrap_or("");
        let fallback = (code != "en").then(|| bundle("en", LANGUAGES[0].1));
        Ok(Words {
            code,
            bundle: bundle(code, source),
            fallback,
        })
    }

    /// The language's code ("en", "es").
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// A fixed phrase.
    pub fn t(&self, id: &str) -> String {
        self.format(id, None)
    }

    /// A phrase with placeables, e.g. `w.with("grade", &[("grade", "9".into())])`.
    pub fn with(&self, id: &str, args: &[(&str, String)]) -> String {
        let mut a = FluentArgs::new();
        for (k, v) in args {
            a.set(*k, FluentValue::from(v.clone()));
        }
        self.format(id, Some(&a))
    }

    /// A phrase that depends on a count (plural rules of the language).
    pub fn count(&self, id: &str, n: usize) -> String {
        self.count_with(id, n, &[])
    }

    /// A phrase that depends on a count (`$count`), with other placeables.
    pub fn count_with(&self, id: &str, n: usize, args: &[(&str, String)]) -> String {
        let mut a = FluentArgs::new();
        for (k, v) in args {
            a.set(*k, FluentValue::from(v.clone()));
        }
        a.set("count", FluentValue::from(n));
        self.format(id, Some(&a))
    }

    fn format(&self, id: &str, args: Option<&FluentArgs>) -> String {
        for b in std::iter::once(&self.bundle).chain(self.fallback.as_ref()) {
            if let Some(p) = b.get_message(id).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                return b.format_pattern(p, args, &mut errors).into_owned();
            }
        }
        id.to_string()
    }

    /// A date as people read it: "28 May 2027", "28 de mayo de 2027".
    pub fn date(&self, d: NaiveDate) -> String {
        self.with(
            "date",
            &[
                ("day", d.day().to_string()),
                ("month", self.t(&format!("month-{}", d.month()))),
                ("year", d.year().to_string()),
            ],
        )
    }

    /// A short date for a chart's axis: "28 May".
    pub fn short_date(&self, d: NaiveDate) -> String {
        format!(
            "{} {}",
            d.day(),
            self.t(&format!("month-short-{}", d.month()))
        )
    }

    /// A progress rating in words ("good progress").
    pub fn rating(&self, r: i64) -> String {
        self.t(&format!("rating-{}", r.clamp(1, 4)))
    }

    /// A strategy's verdict in words ("partly working").
    pub fn verdict(&self, v: Option<Verdict>) -> String {
        self.t(match v {
            None => "verdict-none",
            Some(v) => match v {
                Verdict::Working => "verdict-working",
                Verdict::Partly => "verdict-partly",
                Verdict::NotWorking => "verdict-not-working",
                Verdict::NotTried => "verdict-not-tried",
                Verdict::Unknown => "verdict-unknown",
            },
        })
    }

    /// A goal's area in family words ("School work").
    pub fn domain(&self, d: GoalDomain) -> String {
        self.t(&format!("domain-{}", d.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every message of the English file exists in every other language, and each file parses.
    #[test]
    fn every_language_has_every_message() {
        let ids = |src: &str| -> Vec<String> {
            let res = FluentResource::try_new(src.to_string()).expect("the file parses");
            res.entries()
                .filter_map(|e| match e {
                    fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
                    _ => None,
                })
                .collect()
        };
        let english = ids(LANGUAGES[0].1);
        for (code, src) in LANGUAGES {
            let have = ids(src);
            for id in &english {
                assert!(have.contains(id), "{code} lacks {id}");
            }
        }
    }

    /// Each part an owner may be typed as has its words in each language.
    #[test]
    fn every_owner_part_has_words_in_every_language() {
        for code in codes() {
            let w = Words::new(code).unwrap();
            for role in crate::printout::who::ALL_ROLES {
                let id = role.message();
                let own = w.bundle.get_message(id).and_then(|m| m.value());
                assert!(own.is_some(), "{code} lacks {id}");
            }
        }
    }

    #[test]
    fn dates_read_as_people_read_them() {
        let d = NaiveDate::from_ymd_opt(2027, 5, 28).unwrap();
        assert_eq!(Words::new("en").unwrap().date(d), "28 May 2027");
        assert_eq!(Words::new("es-MX").unwrap().date(d), "28 de mayo de 2027");
    }

    #[test]
    fn a_language_is_taken_by_its_code_or_its_name() {
        for typed in [
            "es",
            "ES",
            "es_mx",
            "es-419",
            "spa",
            "Spanish",
            "español",
            "Castellano",
        ] {
            assert_eq!(resolve(typed), Ok("es"), "{typed}");
        }
        assert_eq!(resolve(" English "), Ok("en"));
        let e = resolve("Vietnamese").unwrap_err();
        assert_eq!(
            e.to_string(),
            "there is no printout in the language \"Vietnamese\" (available: en, es)"
        );
        // A code is named as people call the language.
        let e = resolve("vi").unwrap_err();
        assert_eq!(
            e.to_string(),
            "there is no printout in Vietnamese (\"vi\") (available: en, es)"
        );
    }

    #[test]
    fn an_unknown_language_is_one_sentence() {
        let e = Words::new("klingon").err().unwrap();
        assert_eq!(
            e.to_string(),
            "there is no printout in the language \"klingon\" (available: en, es)"
        );
    }
}
