//! What help says: the keys of the place (from the keymap table) and the words plp uses, each
//! explained with the keys that act on it, also taken from the table, so help cannot lie.

use super::keymap::{self, Cmd, Ctx};
use crate::domain::{rating_label, DueState, Restriction, Verdict, RATING_MAX, RATING_MIN};

/// One line of help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpLine {
    /// A heading ("Keys here", "Words").
    Heading(String),
    /// A key and what it does.
    Key(&'static str, &'static str),
    /// A word and what it means.
    Word(&'static str, String),
    /// A gap.
    Blank,
}

/// A word plp uses, with the keys that act on it: `{}` in `text` is filled, in order, with the
/// key of each `(place, command)` in `keys`, as the keymap table has it.
pub struct Word {
    /// The word.
    pub term: &'static str,
    /// What it means; a `{}` for each key.
    pub text: &'static str,
    /// The keys named in the text.
    pub keys: &'static [(Ctx, Cmd)],
}

/// The words help explains, most used first.
pub const WORDS: &[Word] = &[
    Word {
        term: "retire",
        text: "{} on a selected line, then y: takes a goal, strategy, team member, evidence, \
               intervention or check-in off the plan. Nothing is destroyed: it stays in the \
               history and can be restored.",
        keys: &[(Ctx::Student, Cmd::Retire)],
    },
    Word {
        term: "restore",
        text: "{} shows retired items too, marked [retired]; {} on one brings it back.",
        keys: &[
            (Ctx::Student, Cmd::ShowRetired),
            (Ctx::Student, Cmd::Restore),
        ],
    },
    Word {
        term: "undo",
        text: "{} takes back the last change made since plp was opened, again and again: on a \
               student, that student's changes only; on the caseload, anyone's, naming whose. \
               Each undo is saved as a new change, so it syncs like any other.",
        keys: &[(Ctx::Caseload, Cmd::Undo)],
    },
    Word {
        term: "progress",
        text: "each goal is rated {} at a check-in: PROGRESS.",
        keys: &[(Ctx::ComposerRate, Cmd::Rate(1))],
    },
    Word {
        term: "verdicts",
        text: "how each strategy is going, one key each: VERDICTS. A strategy that is not \
               working can be replaced ({}) or retired ({}) on the spot; the plan changes when \
               the check-in is saved.",
        keys: &[
            (Ctx::ComposerRate, Cmd::Replace),
            (Ctx::ComposerRate, Cmd::RetireStrategy),
        ],
    },
    Word {
        term: "restricted",
        text: "sensitive material kept out of exports, reports and family printouts unless asked \
               for by name. {} in the check-in cycles: RESTRICTED.",
        keys: &[(Ctx::ComposerText, Cmd::Restricted)],
    },
    Word {
        term: "due",
        text: "when the next check-in is: DUE. The caseload is sorted by it; {} narrows to one \
               of them.",
        keys: &[(Ctx::Caseload, Cmd::NextDue)],
    },
    Word {
        term: "carried forward",
        text: "a goal still active at the year's end starts next year's plan, with its active \
               strategies, linked to where it came from; last year's plan stays as it was. At a \
               check-in, last time's next steps are ticked done ({}) or not done ({}); those not \
               done are carried over as this time's next steps.",
        keys: &[
            (Ctx::ComposerRate, Cmd::StepDone),
            (Ctx::ComposerRate, Cmd::StepNotDone),
        ],
    },
    Word {
        term: "draft",
        text: "whatever is typed is kept within a quarter second and offered again next time; Esc keeps \
               it, {} in a form throws it away (after a y). On the caseload, DRAFT_MARK at the end \
               of a name marks a student whose typing waits as a draft.",
        keys: &[(Ctx::Form, Cmd::DiscardDraft)],
    },
    Word {
        term: "[2 versions]",
        text: "two people changed the same text at once; both are kept. Opening it shows both: \
               {} keeps the shown one, {} the other, {} merges them. A link (a goal's plan, a \
               strategy's goal) shows each version as the record it names and is never merged. \
               [3 versions] or more: a choice settles only the two shown, and the rest stay \
               marked, to be opened and settled next.",
        keys: &[
            (Ctx::Conflict, Cmd::KeepShown),
            (Ctx::Conflict, Cmd::KeepOther),
            (Ctx::Conflict, Cmd::Merge),
        ],
    },
];

/// The sentence of a word, its keys filled in from the keymap table and its lists from the
/// domain's own words.
pub fn explain(w: &Word) -> String {
    let mut out = String::new();
    let mut keys = w.keys.iter();
    let mut parts = w.text.split("{}");
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    for part in parts {
        let key = keys
            .next()
            .map_or("", |(ctx, cmd)| keymap::key_of(*ctx, *cmd));
        out.push_str(key);
        out.push_str(part);
    }
    out.replace("PROGRESS", &progress_scale())
        .replace("VERDICTS", &verdicts())
        .replace("RESTRICTED", &restrictions())
        .replace("DUE", &due_states())
        .replace("DRAFT_MARK", super::view::DRAFT_MARK)
}

fn progress_scale() -> String {
    (RATING_MIN..=RATING_MAX)
        .map(|r| format!("{r} {}", rating_label(r)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn verdicts() -> String {
    let cmd = |v: Verdict| match v {
        Verdict::Working => Some(Cmd::Working),
        Verdict::Partly => Some(Cmd::Partly),
        Verdict::NotWorking => Some(Cmd::NotWorking),
        Verdict::NotTried => Some(Cmd::NotTried),
        Verdict::Unknown => None,
    };
    Verdict::ALL
        .iter()
        .filter_map(|v| cmd(*v).map(|c| (v, c)))
        .map(|(v, c)| format!("{} {}", keymap::key_of(Ctx::ComposerRate, c), v.label()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn restrictions() -> String {
    [Restriction::Notes, Restriction::Whole, Restriction::None]
        .iter()
        .map(|r| match r {
            Restriction::Notes => format!("{} (the advisor notes)", r.label()),
            Restriction::Whole => format!(
                "{} (the student's words, next steps and adjustments too)",
                r.label()
            ),
            Restriction::None => r.label().to_string(),
        })
        .collect::<Vec<_>>()
        .join(", then ")
}

fn due_states() -> String {
    [
        (DueState::Overdue, "the next date has passed"),
        (DueState::NeverMet, "no check-in yet this school year"),
        (DueState::NoDate, "met this school year, no next date set"),
        (DueState::ThisWeek, "within seven days"),
        (DueState::Later, "after that"),
    ]
    .iter()
    .map(|(d, what)| {
        format!("{} {} ({what})", d.marker().trim(), d.word())
            .trim()
            .to_string()
    })
    .collect::<Vec<_>>()
    .join(", ")
}

/// Everything help shows in a place: its keys, then the words. In a file that takes no typing
/// (`refused`), no key that would change it is listed.
pub fn lines(ctx: Ctx, refused: bool) -> Vec<HelpLine> {
    let mut out = vec![HelpLine::Heading("Keys here".into())];
    out.extend(
        keymap::bindings_where(ctx, refused)
            .into_iter()
            .map(|b| HelpLine::Key(b.keys, b.label)),
    );
    out.push(HelpLine::Blank);
    out.push(HelpLine::Heading("Words plp uses".into()));
    out.extend(WORDS.iter().map(|w| HelpLine::Word(w.term, explain(w))));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_a_word_names_is_in_the_table() {
        for w in WORDS {
            assert_eq!(
                w.text.matches("{}").count(),
                w.keys.len(),
                "{}: one key per {{}}",
                w.term
            );
            for (ctx, cmd) in w.keys {
                assert!(
                    !keymap::key_of(*ctx, *cmd).is_empty(),
                    "{}: {cmd:?} has no key in {ctx:?}",
                    w.term
                );
            }
        }
    }

    #[test]
    fn the_words_are_spelled_out() {
        let all: String = WORDS.iter().map(explain).collect();
        assert!(all.contains("1 no progress yet"), "{all}");
        assert!(all.contains("4 goal met"), "{all}");
        assert!(all.contains("w working"), "{all}");
        assert!(all.contains("n not working"), "{all}");
        assert!(all.contains("! overdue"), "{all}");
        assert!(all.contains("whole check-in restricted"), "{all}");
        assert!(!all.contains("{}") && !all.contains("PROGRESS"), "{all}");
    }
}
