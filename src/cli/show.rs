//! `plp show STUDENT`: one student's profile, team, this year's goals and recent check-ins.

use chrono::NaiveDate;
use std::path::Path;

use super::args::{ShowArgs, ShowFormat};
use super::{open_existing, CliResult, Out};
use crate::domain::{clean_text, open_steps, rating_label, PROFILE_FIELDS};
use crate::store::StudentRecord;

/// How many check-ins `show` prints.
const RECENT: usize = 3;

pub fn run(path: &Path, args: ShowArgs, today: NaiveDate, out: &mut Out) -> CliResult {
    let store = open_existing(path)?;
    let id = super::begin::find_student(&store, &args.student)?;
    let record = store.student(&id)?;
    match args.format {
        ShowFormat::Json => {
            out.line(&super::output::json(&Shown {
                open_steps: open_steps(&record.checkins),
                record: &record,
            })?);
        }
        ShowFormat::Text => out.print(&text(&record, today)),
    }
    Ok(())
}

/// A student's record as `show --format json` gives it: the record, and the next steps still
/// open ([`open_steps`]), as the readable form lists them.
#[derive(serde::Serialize)]
struct Shown<'a> {
    #[serde(flatten)]
    record: &'a StudentRecord,
    open_steps: Vec<crate::domain::OpenStep>,
}

/// The readable form of a student's record.
pub fn text(r: &StudentRecord, today: NaiveDate) -> String {
    let s = &r.student;
    let mut o = String::new();
    // A text of several lines goes on under its first, indented past it, so that no line of
    // it reads as a heading of its own.
    let mut line = |t: &str| {
        let t = clean_text(t);
        let mut rows = t.lines();
        let first = rows.next().unwrap_or("");
        let indent = " ".repeat(first.len() - first.trim_start().len() + 4);
        o.push_str(first);
        o.push('\n');
        for row in rows {
            // A blank line between paragraphs stays blank, not a run of spaces.
            if !row.trim().is_empty() {
                o.push_str(&indent);
                o.push_str(row.trim_end());
            }
            o.push('\n');
        }
    };
    let mut head = format!("{} ({})", s.display_name(), s.sis_id);
    if let Some(g) = s.grade {
        let grade = crate::domain::grade_words(g, crate::domain::GradeForm::InSentence, "en");
        head.push_str(&format!(", {grade}"));
    }
    if let Some(p) = &s.pronouns {
        head.push_str(&format!(", {p}"));
    }
    line(&head);
    let mut facts = Vec::new();
    if let Some(a) = &s.advisor {
        facts.push(format!("advisor {a}"));
    }
    if let Some(y) = s.grad_year {
        facts.push(format!("class of {y}"));
    }
    facts.push(s.status.as_str().to_string());
    if s.iep {
        facts.push("IEP on file".into());
    }
    if s.plan_504 {
        facts.push("504 plan on file".into());
    }
    line(&facts.join(" · "));
    line("");
    line("PROFILE");
    for (field, label) in PROFILE_FIELDS {
        let v = s.profile.get(field).unwrap_or("");
        line(&format!(
            "  {label}: {}",
            if v.is_empty() { "—" } else { v }
        ));
    }
    if !r.team.is_empty() {
        line("");
        line("TEAM");
        for t in &r.team {
            let reads = t
                .language
                .as_deref()
                .map(|l| format!(" · reads {}", crate::domain::language_name(l)))
                .unwrap_or_default();
            line(&format!("  {} ({}) {}{reads}", t.name, t.role, t.contact));
        }
    }
    line("");
    match r.current_plan(today) {
        Some(p) => {
            line(&format!("GOALS {}", p.plan.school_year));
            for (i, g) in p.goals.iter().enumerate() {
                line(&format!(
                    "  {}. {} [{}, {}]",
                    i + 1,
                    g.goal.title,
                    g.goal.domain,
                    g.goal.status
                ));
                let measured = g.goal.measured();
                if !measured.is_empty() {
                    line(&format!("     measure: {measured}"));
                }
                for st in &g.strategies {
                    let who = if st.owner.is_empty() {
                        String::new()
                    } else {
                        format!(" — {}", st.owner)
                    };
                    let often = if st.frequency.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", st.frequency)
                    };
                    line(&format!("     - {}{who}{often} [{}]", st.what, st.status));
                }
            }
        }
        // A plan made ahead for a year still to come waits for it, and says so.
        None => {
            match r.plans.iter().rev().find(|p| {
                p.plan.school_year.as_str() > crate::domain::school_year_of(today).as_str()
            }) {
                Some(ahead) => line(&format!(
                    "GOALS {}: no plan yet (the {} plan waits for its year)",
                    crate::domain::school_year_of(today),
                    ahead.plan.school_year
                )),
                None => line("GOALS: no plan yet"),
            }
        }
    }
    // The steps agreed that no later check-in has gone over yet, from whichever check-in
    // agreed them ([`open_steps`]).
    let open = open_steps(&r.checkins);
    if !open.is_empty() {
        line("");
        line("OPEN STEPS (agreed, not yet gone over)");
        for o in &open {
            let on = o
                .agreed
                .map(|d| format!(" — agreed {d}"))
                .unwrap_or_default();
            let mark = if o.restricted { " [restricted]" } else { "" };
            line(&format!("  - {}{on}{mark}", o.step.words()));
        }
    }
    line("");
    line("CHECK-INS (newest first)");
    if r.checkins.is_empty() {
        line("  none yet");
    }
    for c in r.checkins.iter().take(RECENT) {
        let date = c.date.map(|d| d.to_string()).unwrap_or_default();
        let whole = if c.restriction() == crate::domain::Restriction::Whole {
            " [whole check-in restricted]"
        } else {
            ""
        };
        line(&format!("  {date} {}{whole}", c.kind_label()));
        if !c.attended.is_empty() {
            line(&format!("    with: {}", c.attended.join(", ")));
        }
        if !c.student_words.is_empty() {
            line(&format!("    said: \"{}\"", c.student_words));
        }
        for p in &c.progress {
            let name = r.title_of(&p.goal).unwrap_or("a goal");
            line(&format!("    {name}: {}", rating_label(p.rating)));
        }
        for v in &c.verdicts {
            let name = r.title_of(&v.strategy).unwrap_or("a strategy");
            line(&format!("    - {name}: {}", v.words()));
        }
        if !c.adjustments.is_empty() {
            line(&format!("    adjustments: {}", c.adjustments));
        }
        if !c.notes.is_empty() {
            let mark = if c.restricted { " [restricted]" } else { "" };
            line(&format!("    notes{mark}: {}", c.notes));
        }
        for step in &c.next_steps {
            line(&format!("    next: {}", step.words()));
        }
        if let Some(n) = c.next_date {
            line(&format!("    next check-in: {n}"));
        }
    }
    o
}
