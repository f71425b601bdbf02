//! What a printable plan summary shows, gathered once for every output format.

use chrono::NaiveDate;

use crate::domain::{clean_text, rating_label, PROFILE_FIELDS};
use crate::store::{GoalRecord, StudentRecord};

/// How many recent check-ins a family summary shows.
pub const RECENT_CHECKINS: usize = 3;

/// A section of a summary: a heading and its lines (already cleaned of control characters).
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Heading.
    pub heading: String,
    /// Items: (label, text). An empty label means plain text.
    pub items: Vec<(String, String)>,
}

/// A student's plan as a family sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// "Amara Okafor".
    pub title: String,
    /// "Grade 9 · she/her · 2026-27 plan".
    pub subtitle: String,
    /// The sections, in order.
    pub sections: Vec<Section>,
}

/// Builds the summary. Restricted notes appear only when asked for.
pub fn summarise(r: &StudentRecord, today: NaiveDate, include_restricted: bool) -> Summary {
    let s = &r.student;
    let c = |t: &str| clean_text(t);
    let plan = r.current_plan(today);
    let mut sub = Vec::new();
    if let Some(g) = s.grade {
        sub.push(format!("Grade {g}"));
    }
    if let Some(p) = &s.pronouns {
        sub.push(c(p));
    }
    if let Some(p) = plan {
        sub.push(format!("{} plan", p.plan.school_year));
    }
    if s.iep {
        sub.push("has an IEP".into());
    }
    if s.plan_504 {
        sub.push("has a 504 plan".into());
    }
    let mut sections = Vec::new();
    sections.push(Section {
        heading: "Who I am".into(),
        items: PROFILE_FIELDS
            .iter()
            .filter_map(|(f, label)| {
                let v = s.profile.get(f).unwrap_or("");
                (!v.trim().is_empty()).then(|| (label.to_string(), c(v)))
            })
            .collect(),
    });
    if let Some(p) = plan {
        for (i, g) in p.goals.iter().enumerate() {
            sections.push(goal_section(i + 1, g));
        }
    }
    let names: Vec<(String, String)> = r
        .plans
        .iter()
        .flat_map(|p| p.goals.iter())
        .map(|g| (g.goal.id.clone(), g.goal.title.clone()))
        .collect();
    let mut recent = Vec::new();
    for ch in r.checkins.iter().take(RECENT_CHECKINS) {
        let date = ch.date.map(|d| d.to_string()).unwrap_or_default();
        recent.push((date, ch.kind.label().to_string()));
        if !ch.student_words.is_empty() {
            recent.push(("In my words".into(), c(&ch.student_words)));
        }
        for p in &ch.progress {
            if let Some((_, n)) = names.iter().find(|(id, _)| *id == p.goal) {
                recent.push((c(n), rating_label(p.rating).into()));
            }
        }
        for step in &ch.next_steps {
            recent.push((
                "Next step".into(),
                format!("{} ({})", c(&step.text), c(&step.owner)),
            ));
        }
        if !ch.notes.is_empty() && (!ch.restricted || include_restricted) {
            let label = if ch.restricted {
                "Notes (restricted)"
            } else {
                "Notes"
            };
            recent.push((label.into(), c(&ch.notes)));
        }
    }
    if let Some(n) = r.last_checkin().and_then(|l| l.next_date) {
        recent.push(("Next check-in".into(), n.to_string()));
    }
    sections.push(Section {
        heading: "Recent check-ins".into(),
        items: recent,
    });
    if !r.team.is_empty() {
        sections.push(Section {
            heading: "My team".into(),
            items: r.team.iter().map(|t| (c(&t.role), c(&t.name))).collect(),
        });
    }
    Summary {
        title: c(&s.display_name()),
        subtitle: sub.join(" · "),
        sections,
    }
}

fn goal_section(n: usize, g: &GoalRecord) -> Section {
    let c = |t: &str| clean_text(t);
    let goal = &g.goal;
    let mut items = vec![("Area".to_string(), goal.domain.to_string())];
    for (label, v) in [
        ("Why it matters", &goal.why),
        ("How we will know", &goal.measure),
        ("Starting point", &goal.baseline),
        ("Target", &goal.target),
    ] {
        if !v.is_empty() {
            items.push((label.into(), c(v)));
        }
    }
    if let Some(d) = goal.target_date {
        items.push(("By".into(), d.to_string()));
    }
    items.push(("Status".into(), goal.status.to_string()));
    for st in &g.strategies {
        let mut t = c(&st.what);
        if !st.owner.is_empty() {
            t.push_str(&format!(" — {}", c(&st.owner)));
        }
        if !st.frequency.is_empty() {
            t.push_str(&format!(", {}", c(&st.frequency)));
        }
        items.push(("Strategy".into(), t));
    }
    Section {
        heading: format!("Goal {n}: {}", c(&goal.title)),
        items,
    }
}
