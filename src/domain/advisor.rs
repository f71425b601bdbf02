//! Who a student's advisor is, as rosters and people write it: "Ms. Rivera", "Rivera, Ana",
//! "RIVERA ANA", "A. Rivera". Matching is loose so that the name set once in the settings finds
//! the advisor field whichever way the school's system spelled it.

/// Titles and honorifics left out before names are compared.
const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "prof",
    "professor",
    "coach",
    "sr",
    "sra",
    "srta",
    "mme",
    "mlle",
    "m",
    "herr",
    "frau",
];

/// The words of a name, folded: lower case, accents and scripts transliterated, punctuation and
/// titles left out ("Ms. Rivera-Soto, Ana" gives `rivera`, `soto`, `ana`).
pub(super) fn name_words(name: &str) -> Vec<String> {
    let folded = deunicode::deunicode(name).to_lowercase();
    let words: Vec<String> = folded
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .map(|w| w.trim_matches('\'').replace('\'', ""))
        .filter(|w| !w.is_empty())
        .collect();
    let kept: Vec<String> = words
        .iter()
        .filter(|w| !TITLES.contains(&w.as_str()))
        .cloned()
        .collect();
    // A name that is only a title ("Coach") is kept as it is.
    if kept.is_empty() {
        words
    } else {
        kept
    }
}

/// Whether one word stands for another: the same, or an initial of it ("A" for "Ana").
fn word_matches(short: &str, long: &str) -> bool {
    short == long || (short.chars().count() == 1 && long.starts_with(short))
}

/// Whether every word of `few` stands for a different word of `many`.
fn covered(few: &[String], many: &[String]) -> bool {
    let mut used = vec![false; many.len()];
    few.iter().all(|w| {
        let exact = many
            .iter()
            .enumerate()
            .position(|(i, m)| !used[i] && m == w);
        let found = exact.or_else(|| {
            many.iter()
                .enumerate()
                .position(|(i, m)| !used[i] && (word_matches(w, m) || word_matches(m, w)))
        });
        match found {
            Some(i) => {
                used[i] = true;
                true
            }
            None => false,
        }
    })
}

/// Whether the advisor name set in the settings (`configured`) names the advisor written in a
/// student's advisor field. Case, accents, punctuation, word order and titles do not matter, and
/// either side may say less than the other: "Rivera", "Ms. Rivera", "Rivera, Ana" and "A. Rivera"
/// all match one another; "Ana Rivera" and "Ben Rivera" do not.
pub fn matches(configured: &str, advisor_field: &str) -> bool {
    let a = name_words(configured);
    let b = name_words(advisor_field);
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let (few, many) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    // The family name must be among the matched words: an initial alone says too little.
    covered(few, many) && few.iter().any(|w| w.chars().count() > 1)
}

/// Name suffixes that may follow a comma ("Smith, Jr."), where the comma does not turn the name.
const SUFFIXES: &[&str] = &["jr", "sr", "ii", "iii", "iv", "phd", "md", "esq"];

/// Whether a word written after a comma in a name is a suffix ("Jr.", "III"), not a given name.
pub fn is_name_suffix(word: &str) -> bool {
    SUFFIXES.contains(&word.trim().trim_end_matches('.').to_lowercase().as_str())
}

/// An advisor's name as a family reads it: a roster's "Rivera, Ana" becomes "Ana Rivera"; any
/// other way of writing it ("Ms. Rivera", "Ana Rivera", "Smith, Jr.") is kept as it is.
pub fn as_read(name: &str) -> String {
    let name = name.trim();
    let mut parts = name.split(',');
    let (Some(family), Some(given), None) = (parts.next(), parts.next(), parts.next()) else {
        return name.to_string();
    };
    let (family, given) = (family.trim(), given.trim());
    if family.is_empty() || given.is_empty() || is_name_suffix(given) {
        return name.to_string();
    }
    format!("{given} {family}")
}

/// The advisor a typed name stands for, as the students' advisor fields write it: of the
/// fields `typed` matches, the spelling most students have (the first of equals in order).
/// `None` when it matches no field, or fields that are not one person ("Rivera" typed for
/// "Ana Rivera" and "Ben Rivera"): then the typed name is all there is to say.
pub fn as_written<'a>(typed: &str, fields: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut spellings: Vec<(String, usize)> = Vec::new();
    for field in fields {
        let field = field.trim();
        if field.is_empty() || !matches(typed, field) {
            continue;
        }
        match spellings.iter_mut().find(|(s, _)| s == field) {
            Some((_, n)) => *n += 1,
            None => spellings.push((field.to_string(), 1)),
        }
    }
    let most = spellings.iter().map(|(_, n)| *n).max()?;
    let (chosen, _) = spellings.iter().find(|(_, n)| *n == most)?;
    spellings
        .iter()
        .all(|(s, _)| matches(chosen, s))
        .then(|| chosen.clone())
}

/// The advisors written in `fields` nearest to a typed name, nearest first, at most `most`:
/// each person once (spellings that [`matches`] takes for one another are one person), as most
/// of their students' fields write it. For saying who was meant when a name matches no one.
pub fn nearest<'a>(
    typed: &str,
    fields: impl IntoIterator<Item = &'a str>,
    most: usize,
) -> Vec<String> {
    let mut spellings: Vec<(&str, usize)> = Vec::new();
    for field in fields.into_iter().map(str::trim).filter(|f| !f.is_empty()) {
        match spellings.iter_mut().find(|(s, _)| *s == field) {
            Some((_, n)) => *n += 1,
            None => spellings.push((field, 1)),
        }
    }
    // The most written spelling of each person stands for them (the first of equals).
    spellings.sort_by_key(|s| std::cmp::Reverse(s.1));
    let mut people: Vec<&str> = Vec::new();
    for (spelling, _) in spellings {
        if !people.iter().any(|p| matches(p, spelling)) {
            people.push(spelling);
        }
    }
    let words = name_words(typed);
    let distance = |person: &str| -> usize {
        let theirs = name_words(person);
        words
            .iter()
            .map(|w| {
                theirs
                    .iter()
                    .map(|t| super::edit_distance(w, t))
                    .min()
                    .unwrap_or(w.chars().count())
            })
            .sum()
    };
    let mut ranked: Vec<(usize, &str)> = people.into_iter().map(|p| (distance(p), p)).collect();
    ranked.sort();
    ranked
        .into_iter()
        .take(most)
        .map(|(_, p)| p.to_string())
        .collect()
}

/// Which students a list, a report or a rollover covers: one advisor's, one grade's, or both.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    /// The advisor's name, matched loosely ([`matches`]).
    pub advisor: Option<String>,
    /// The grade.
    pub grade: Option<i64>,
}

impl Scope {
    /// Everyone.
    pub fn everyone() -> Scope {
        Scope::default()
    }

    /// Whether nothing narrows it.
    pub fn is_everyone(&self) -> bool {
        self.advisor.is_none() && self.grade.is_none()
    }

    /// Whether a student with this advisor field and grade is in scope.
    pub fn includes(&self, advisor: Option<&str>, grade: Option<i64>) -> bool {
        let advisor_ok = match &self.advisor {
            None => true,
            Some(name) => advisor.is_some_and(|field| matches(name, field)),
        };
        let grade_ok = self.grade.is_none() || self.grade == grade;
        advisor_ok && grade_ok
    }

    /// Says who is in scope, for headers and summaries: "Ms. Rivera's advisees in grade 9".
    pub fn describe(&self) -> String {
        let grade = self
            .grade
            .map(|g| super::grade_words(g, super::GradeForm::InSentence, "en"));
        match (&self.advisor, grade) {
            (None, None) => "every student".to_string(),
            (Some(a), None) => format!("{a}'s advisees"),
            (None, Some(g)) => format!("students in {g}"),
            (Some(a), Some(g)) => format!("{a}'s advisees in {g}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_advisor_written_many_ways() {
        for field in [
            "Ms. Rivera",
            "Rivera",
            "rivera",
            "Rivera, Ana",
            "RIVERA ANA",
            "Ana Rivera",
            "A. Rivera",
            "Ms Ana Rivera",
            "Rivéra",
        ] {
            assert!(matches("Ms. Rivera", field), "{field}");
            assert!(matches("Ana Rivera", field), "{field}");
        }
    }

    #[test]
    fn other_advisors_do_not_match() {
        assert!(!matches("Ana Rivera", "Ben Rivera"));
        assert!(!matches("Ms. Rivera", "Mr. Chen"));
        assert!(!matches("Rivera", "Riviera"));
        assert!(!matches("Ms. Rivera", ""));
        assert!(!matches("", "Ms. Rivera"));
        assert!(!matches("A.", "Ana Rivera"));
        assert!(!matches("Ms. Rivera", "Ms. Lindqvist"));
    }

    #[test]
    fn hyphens_and_titles_only() {
        assert!(matches("Dr. García-López", "Garcia Lopez, Maria"));
        assert!(matches("Coach", "coach"));
        assert!(!matches("Coach", "Ms. Rivera"));
    }

    #[test]
    fn scopes_narrow_by_advisor_and_grade() {
        let s = Scope {
            advisor: Some("Rivera".into()),
            grade: Some(9),
        };
        assert!(s.includes(Some("Ms. Rivera"), Some(9)));
        assert!(!s.includes(Some("Ms. Rivera"), Some(10)));
        assert!(!s.includes(None, Some(9)));
        assert!(Scope::everyone().includes(None, None));
        assert_eq!(s.describe(), "Rivera's advisees in grade 9");
    }

    #[test]
    fn a_roster_name_reads_given_name_first_and_every_other_name_is_kept() {
        assert_eq!(as_read("Rivera, Ana"), "Ana Rivera");
        assert_eq!(as_read(" Rivera-Soto ,  Ana M. "), "Ana M. Rivera-Soto");
        for kept in [
            "Ms. Rivera",
            "Ana Rivera",
            "Smith, Jr.",
            "Smith, III",
            "a, b, c",
            ", Ana",
            "Rivera,",
        ] {
            assert_eq!(as_read(kept), kept.trim(), "{kept}");
        }
    }

    #[test]
    fn the_nearest_advisors_come_first_each_person_once() {
        let fields = [
            "Ms. Lindqvist",
            "Mr. Baptiste",
            "Lindqvist, Karin",
            "Ms. Lindqvist",
            "Ms. Rivera",
            " ",
        ];
        assert_eq!(
            nearest("Lindqvst", fields, 3),
            ["Ms. Lindqvist", "Mr. Baptiste", "Ms. Rivera"]
        );
        assert_eq!(nearest("baptist", fields, 1), ["Mr. Baptiste"]);
        assert!(nearest("Nobody", [], 3).is_empty());
    }

    #[test]
    fn a_typed_name_is_said_as_the_records_write_it() {
        let fields = [
            "Ms. Rivera",
            "Mr. Okafor",
            "Ms. Rivera",
            "Rivera, Ana",
            "  ",
        ];
        assert_eq!(as_written("rivera", fields).as_deref(), Some("Ms. Rivera"));
        assert_eq!(as_written("OKAFOR", fields).as_deref(), Some("Mr. Okafor"));
        assert_eq!(as_written("Tran", fields), None);
        // Two people of one name: the typed name is kept.
        assert_eq!(as_written("rivera", ["Ana Rivera", "Ben Rivera"]), None);
    }
}
