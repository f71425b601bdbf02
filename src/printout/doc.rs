//! The printout put into the family's words: headings, paragraphs, charts, in reading order.
//! Every output format (HTML, PDF, Markdown) draws this same document.

use super::model::{Change, FinalReview, NextMeeting, Printout};
use super::who::{Part, Who};
use super::words::Words;
use crate::domain::{grade_words, GradeForm};

/// One printout, ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    /// The language code ("en", "es").
    pub lang: &'static str,
    /// The school's name.
    pub school: Option<String>,
    /// "Personal Learning Plan".
    pub kicker: String,
    /// The student's name.
    pub title: String,
    /// Grade, school year.
    pub about_line: Vec<String>,
    /// Advisor and how to reach them, and the date printed.
    pub contact_lines: Vec<String>,
    /// The sections, in reading order.
    pub sections: Vec<Section>,
    /// Said once, at the end, in the family's language: own words are not translated.
    pub footnote: String,
    /// "Amara Okafor", for page footers.
    pub running: String,
    /// "Printed 28 May 2027" in the family's language, for page footers.
    pub running_printed: String,
    /// "Page {page} of {pages}" in the family's language, for page footers (the two names in
    /// braces are replaced by the numbers once the pages are laid out).
    pub page_of: String,
    /// "This page is left blank." in the family's language: all that is printed on the back
    /// of the last sheet of a printout of an odd number of pages, when another student's
    /// printout follows in the same file.
    pub blank_page: String,
}

/// A section: an optional small line above its heading, the heading, its blocks.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// "Goal 1 · School work".
    pub kicker: Option<String>,
    /// The heading.
    pub heading: String,
    /// What it holds.
    pub blocks: Vec<Block>,
}

/// A piece of a section.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// The student's own words, and when they were said.
    Quote {
        /// As written.
        text: String,
        /// "said on 14 September 2026".
        cite: String,
    },
    /// A paragraph.
    Para(String),
    /// Words that stand in for something not there yet.
    Muted(String),
    /// "Why it matters: …".
    Field {
        /// The label.
        label: String,
        /// The text.
        text: String,
    },
    /// A goal met.
    Celebrate(String),
    /// A goal's ratings at each check-in.
    Chart(Chart),
    /// A small heading inside a section.
    Subheading(String),
    /// A list item with lines beneath it.
    Item {
        /// The item.
        text: String,
        /// Lines beneath it (who, how often, how it is going).
        detail: Vec<String>,
    },
}

/// A goal's progress over the year.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// "Progress at each check-in".
    pub caption: String,
    /// (short date, rating 1–4), oldest first.
    pub points: Vec<(String, i64)>,
    /// The latest rating in words, for readers who skip the picture.
    pub latest: String,
    /// "1 no progress yet · … · 4 goal met".
    pub scale: String,
}

/// Puts a printout into the words of one language.
pub fn compose(p: &Printout, w: &Words) -> Doc {
    // Messages about the student get the student's name and, for the languages that need it,
    // the pronoun the student uses ("other" when none is known: the name or "their").
    let pronoun = p.pronoun.map_or("other", |p| p.as_str());
    let name = |id: &str| {
        w.with(
            id,
            &[
                ("name", p.first_name.clone()),
                ("pronoun", pronoun.to_string()),
            ],
        )
    };
    let mut about_line = Vec::new();
    if let Some(g) = p.grade {
        about_line.push(grade_words(g, GradeForm::Alone, w.code()));
    }
    if let Some(y) = &p.school_year {
        about_line.push(w.with("school-year", &[("year", y.clone())]));
    }
    let mut contact_lines = Vec::new();
    if let Some(a) = &p.advisor {
        contact_lines.push(w.with("advisor", &[("name", a.clone())]));
    }
    if let Some(c) = &p.contact {
        contact_lines.push(w.with("contact", &[("contact", c.clone())]));
    }
    let printed = w.with("printed", &[("date", w.date(p.printed))]);
    contact_lines.push(printed.clone());

    let mut sections = Vec::new();
    // The student's own words come first.
    let mut blocks: Vec<Block> = p
        .words
        .iter()
        .map(|s| Block::Quote {
            text: s.text.clone(),
            cite: w.with("said-on", &[("date", w.date(s.date))]),
        })
        .collect();
    if blocks.is_empty() {
        blocks.push(Block::Muted(name("no-words")));
    }
    sections.push(Section {
        kicker: None,
        heading: name("own-words"),
        blocks,
    });

    let met: Vec<Block> = p
        .goals
        .iter()
        .filter(|g| g.met)
        .map(|g| Block::Celebrate(g.title.clone()))
        .collect();
    if !met.is_empty() {
        sections.push(Section {
            kicker: None,
            heading: w.t("goals-met"),
            blocks: met,
        });
    }

    if p.goals.is_empty() {
        sections.push(Section {
            kicker: None,
            heading: w.t("goals"),
            blocks: vec![Block::Muted(w.t("no-goals"))],
        });
    }
    for (i, g) in p.goals.iter().enumerate() {
        let mut b = Vec::new();
        if g.met {
            b.push(Block::Celebrate(w.t("goal-met")));
        }
        if !g.why.is_empty() {
            b.push(Block::Field {
                label: w.t("why"),
                text: g.why.clone(),
            });
        }
        // The measure and the start point come before the aim, so a bare number ("0") reads as a
        // point on a named measure rather than on its own.
        for (label, text) in [("measure", &g.measure), ("baseline", &g.baseline)] {
            if !text.is_empty() {
                b.push(Block::Field {
                    label: w.t(label),
                    text: text.clone(),
                });
            }
        }
        if !g.target.is_empty() || g.target_date.is_some() {
            let mut t = g.target.clone();
            if let Some(d) = g.target_date {
                let by = w.with("by-date", &[("date", w.date(d))]);
                t = if t.is_empty() {
                    by
                } else {
                    format!("{t} ({by})")
                };
            }
            b.push(Block::Field {
                label: w.t("target"),
                text: t,
            });
        }
        if g.ratings.is_empty() {
            b.push(Block::Field {
                label: w.t("progress"),
                text: w.t("no-ratings"),
            });
        } else {
            b.push(Block::Chart(Chart {
                caption: w.t("progress"),
                points: g
                    .ratings
                    .iter()
                    .map(|r| (w.short_date(r.date), r.rating.clamp(1, 4)))
                    .collect(),
                latest: g
                    .ratings
                    .last()
                    .map(|r| format!("{} ({})", w.rating(r.rating), w.date(r.date)))
                    .unwrap_or_default(),
                scale: w.t("rating-scale"),
            }));
        }
        // A goal met needs no more steps: one with none is not said to be waiting for some.
        if !(g.met && g.strategies.is_empty()) {
            b.push(Block::Subheading(name("strategies")));
        }
        if g.strategies.is_empty() && !g.met {
            b.push(Block::Muted(w.t("no-strategies")));
        }
        for st in &g.strategies {
            let mut detail = Vec::new();
            let mut how = Vec::new();
            if !st.who.is_empty() {
                how.push(w.with("strategy-who", &[("who", who(w, &st.who))]));
            }
            if !st.often.is_empty() {
                how.push(w.with("strategy-how-often", &[("often", st.often.clone())]));
            }
            if !how.is_empty() {
                detail.push(how.join(" · "));
            }
            // One no check-in has given a verdict on (a strategy put in place at the last one)
            // is to be talked over, not said to have been left out at the last check-in. One
            // rated is told with the day it was rated: later check-ins may not have rated it.
            match st.latest {
                None => detail.push(w.t("verdict-none")),
                Some((v, day)) => {
                    let mut verdict = w.verdict(Some(v));
                    if let Some(n) = &st.note {
                        verdict.push_str(&format!(" ({n})"));
                    }
                    detail.push(w.with("latest", &[("date", w.date(day)), ("verdict", verdict)]));
                }
            }
            b.push(Block::Item {
                text: st.what.clone(),
                detail,
            });
        }
        sections.push(Section {
            kicker: Some(format!(
                "{} · {}",
                w.with("goal-number", &[("number", (i + 1).to_string())]),
                w.domain(g.domain)
            )),
            heading: g.title.clone(),
            blocks: b,
        });
    }

    if !p.changes.is_empty() {
        // A strategy's words are quoted where a sentence names them, as a goal's are: they
        // begin with a capital and are no part of the sentence's grammar.
        let q = |text: &String| w.with("quoted", &[("text", text.clone())]);
        let and = |items: &[String]| list(w, &items.iter().map(q).collect::<Vec<_>>());
        let blocks = p
            .changes
            .iter()
            .map(|ch| Block::Item {
                text: match ch {
                    Change::Stopped { tried } => {
                        w.count_with("change-stopped", tried.len(), &[("old", and(tried))])
                    }
                    Change::Replaced { tried, now } => {
                        w.with("change-now", &[("old", q(tried)), ("new", and(now))])
                    }
                    Change::Adjusted { what, often, who } => adjusted(w, &q(what), often, who),
                    Change::Goal { title, revised } => w.with(
                        if *revised {
                            "change-goal-revised"
                        } else {
                            "change-goal"
                        },
                        &[("goal", title.clone())],
                    ),
                },
                detail: Vec::new(),
            })
            .collect();
        sections.push(Section {
            kicker: None,
            heading: w.t("changes"),
            blocks,
        });
    }

    match p.final_review {
        Some(f) => sections.push(final_review(f, w, &p.first_name)),
        None => sections.extend(next_steps_and_meeting(p, w)),
    }

    if !p.about.is_empty() {
        sections.push(Section {
            kicker: None,
            heading: name("about"),
            blocks: p
                .about
                .iter()
                .map(|(field, text)| Block::Field {
                    label: name(&format!("profile-{field}")),
                    text: text.clone(),
                })
                .collect(),
        });
    }

    if !p.notes.is_empty() {
        sections.push(Section {
            kicker: None,
            heading: w.t("notes"),
            blocks: p
                .notes
                .iter()
                .map(|n| Block::Field {
                    label: if n.restricted {
                        format!("{} · {}", w.date(n.date), w.t("notes-restricted"))
                    } else {
                        w.date(n.date)
                    },
                    text: n.text.clone(),
                })
                .collect(),
        });
    }

    Doc {
        lang: w.code(),
        school: p.school.clone(),
        kicker: w.t("document-title"),
        title: p.name.clone(),
        about_line,
        contact_lines,
        sections,
        footnote: w.t("not-translated"),
        running: p.name.clone(),
        running_printed: printed,
        page_of: w.with(
            "page",
            &[("page", "{page}".into()), ("pages", "{pages}".into())],
        ),
        blank_page: w.t("page-left-blank"),
    }
}

/// What comes next while the plan goes on: the next steps agreed and the next meeting.
fn next_steps_and_meeting(p: &Printout, w: &Words) -> [Section; 2] {
    let mut steps: Vec<Block> = p
        .next_steps
        .iter()
        .map(|s| Block::Item {
            text: s.text.clone(),
            detail: if s.who.is_empty() {
                Vec::new()
            } else {
                vec![w.with("step-who", &[("who", who(w, &s.who))])]
            },
        })
        .collect();
    if steps.is_empty() {
        steps.push(Block::Muted(w.t("no-next-steps")));
    } else if let Some(d) = p.steps_agreed {
        steps.insert(
            0,
            Block::Muted(w.with("next-steps-agreed", &[("date", w.date(d))])),
        );
    }
    let meeting = Section {
        kicker: None,
        heading: w.t("next-meeting"),
        blocks: vec![match p.next_meeting {
            NextMeeting::On(d) => Block::Para(w.with("next-meeting-on", &[("date", w.date(d))])),
            NextMeeting::Passed(d) => {
                Block::Muted(w.with("next-meeting-passed", &[("date", w.date(d))]))
            }
            NextMeeting::NotSet => Block::Muted(w.t("next-meeting-none")),
            NextMeeting::NewYear(d) => Block::Para(w.with(
                "next-meeting-new-year",
                &[("year", crate::domain::school_year_of(d))],
            )),
        }],
    };
    [
        Section {
            kicker: None,
            heading: w.t("next-steps"),
            blocks: steps,
        },
        meeting,
    ]
}

/// The plan's final review, said plainly in place of a next step or meeting, with how its
/// goals ended (those met and set aside, as the sections above show them).
fn final_review(f: FinalReview, w: &Words, first_name: &str) -> Section {
    let done = match f.held {
        Some(d) => w.with(
            "final-review-held",
            &[("name", first_name.to_string()), ("date", w.date(d))],
        ),
        None => w.with("final-review-done", &[("name", first_name.to_string())]),
    };
    let mut blocks = vec![Block::Para(done)];
    let ended: Vec<String> = [
        ("final-review-met", f.met),
        ("final-review-dropped", f.dropped),
    ]
    .into_iter()
    .filter(|(_, n)| *n > 0)
    .map(|(id, n)| w.count(id, n))
    .collect();
    if !ended.is_empty() {
        blocks.push(Block::Para(
            w.with("final-review-summary", &[("goals", list(w, &ended))]),
        ));
    }
    Section {
        kicker: None,
        heading: w.t("final-review"),
        blocks,
    }
}

/// "We changed Homework Club: now Tue/Thu (before: Mon/Wed)."
fn adjusted(
    w: &Words,
    what: &str,
    often: &Option<(String, String)>,
    who: &Option<(Who, Who)>,
) -> String {
    let mut was = Vec::new();
    let mut now = Vec::new();
    if let Some((before, after)) = often {
        was.push(before.clone());
        now.push(after.clone());
    }
    if let Some((before, after)) = who {
        let said =
            |t: &Who| (!t.is_empty()).then(|| w.with("strategy-who", &[("who", self::who(w, t))]));
        was.extend(said(before));
        now.extend(said(after));
    }
    let (was, now) = (
        was.into_iter()
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>(),
        now.into_iter()
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>(),
    );
    let mut args = vec![("what", what.to_string()), ("new", now.join(", "))];
    if was.is_empty() {
        return w.with("change-how", &args);
    }
    args.push(("old", was.join(", ")));
    w.with("change-how-was", &args)
}

/// Who does something in the family's language: names as typed, parts in the family's words
/// ("Amara y madre o padre").
fn who(w: &Words, who: &Who) -> String {
    match who {
        Who::Typed(t) => t.clone(),
        Who::Parts { parts, or } => {
            let words: Vec<String> = parts
                .iter()
                .map(|p| match p {
                    Part::Name(n) => n.clone(),
                    Part::Role(r) => w.t(r.message()),
                })
                .collect();
            joined(w, &words, if *or { "or" } else { "and" })
        }
    }
}

/// "A, B and C" in the family's language.
fn list(w: &Words, items: &[String]) -> String {
    joined(w, items, "and")
}

/// "A, B and C" or "A, B or C" (`word` names the message that joins the last two).
fn joined(w: &Words, items: &[String], word: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {} {}", rest.join(", "), w.t(word), last),
    }
}
