//! Writing students out as a portable document.

use chrono::NaiveDate;
use std::collections::HashMap;

use super::*;
use crate::domain::Restriction;
use crate::store::{Result, Store};

/// One document holding the given students. Restricted notes are left out unless asked for.
pub fn export_document(
    store: &Store,
    student_ids: &[String],
    include_restricted: bool,
    today: NaiveDate,
) -> Result<Document> {
    let mut doc = Document::new(today);
    for id in student_ids {
        doc.students
            .push(export_student(store, id, include_restricted)?);
    }
    Ok(doc)
}

/// Writes the document [`export_document`] makes, pretty-printed exactly as
/// `serde_json::to_string_pretty` prints it, one student at a time: what is held at once is one
/// student's record, however many students there are. `emit` takes each piece in order.
pub fn write_document<E: From<crate::store::StoreError>>(
    store: &Store,
    student_ids: &[String],
    include_restricted: bool,
    today: NaiveDate,
    emit: &mut dyn FnMut(&str) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    // The document without students ends `"students": []` and `}`: its head is everything
    // before the brackets (students is the document's last field).
    let empty = pretty(&Document::new(today))?;
    let head = empty
        .strip_suffix("[]\n}")
        .ok_or_else(|| crate::store::StoreError::Sql("the document's shape changed".into()))?;
    emit(head)?;
    if student_ids.is_empty() {
        return emit("[]\n}");
    }
    emit("[\n")?;
    for (i, id) in student_ids.iter().enumerate() {
        let student = pretty(&export_student(store, id, include_restricted)?)?;
        let mut piece = String::with_capacity(student.len() + student.len() / 8);
        if i > 0 {
            piece.push_str(",\n");
        }
        // Two levels in: each line of the student's own pretty text, four spaces further in.
        for (n, line) in student.split('\n').enumerate() {
            if n > 0 {
                piece.push('\n');
            }
            piece.push_str("    ");
            piece.push_str(line);
        }
        emit(&piece)?;
    }
    emit("\n  ]\n}")
}

/// Pretty-printed JSON, as `serde_json::to_string_pretty` writes it.
fn pretty<T: serde::Serialize>(v: &T) -> Result<String> {
    Ok(serde_json::to_string_pretty(v)?)
}

/// One student as a document holds them.
fn export_student(store: &Store, id: &str, include_restricted: bool) -> Result<DocStudent> {
    let r = store.student(id)?;
    let s = r.student;
    let mut keys: HashMap<String, String> = HashMap::new();
    let mut plans = Vec::new();
    for p in r.plans.iter().rev() {
        let mut goals = Vec::new();
        for g in &p.goals {
            let gkey = format!("g{}", keys.len() + 1);
            keys.insert(g.goal.id.clone(), gkey.clone());
            let mut strategies = Vec::new();
            for st in &g.strategies {
                let skey = format!("s{}", keys.len() + 1);
                keys.insert(st.id.clone(), skey.clone());
                strategies.push(DocStrategy {
                    id: Some(st.id.clone()),
                    key: skey,
                    what: st.what.clone(),
                    owner: st.owner.clone(),
                    frequency: st.frequency.clone(),
                    status: st.status,
                });
            }
            goals.push(DocGoal {
                id: Some(g.goal.id.clone()),
                key: gkey,
                title: g.goal.title.clone(),
                domain: g.goal.domain,
                why: g.goal.why.clone(),
                measure: g.goal.measure.clone(),
                baseline: g.goal.baseline.clone(),
                target: g.goal.target.clone(),
                target_date: g.goal.target_date,
                status: g.goal.status,
                strategies,
            });
        }
        plans.push(DocPlan {
            school_year: p.plan.school_year.clone(),
            reviewed: p.plan.reviewed,
            goals,
        });
    }
    let checkins = r
        .checkins
        .iter()
        .rev()
        .map(|c| {
            // What is restricted leaves with the check-in only when asked for by name.
            let hidden = !include_restricted;
            let whole = hidden && c.restriction() == Restriction::Whole;
            let notes = hidden && c.restriction() != Restriction::None;
            // Of a check-in restricted whole, only that it was held, its kind, its day and the
            // next date it set leave without being asked for: not who was there or what it
            // rated. (The kind stays: a document must be one plp can bring in again, and a
            // meeting of no known kind is refused there.)
            DocCheckIn {
                id: Some(c.id.clone()),
                date: c.date,
                kind: c.kind,
                attended: if whole {
                    Vec::new()
                } else {
                    c.attended.clone()
                },
                student_words: if whole {
                    String::new()
                } else {
                    c.student_words.clone()
                },
                progress: c
                    .progress
                    .iter()
                    .filter(|_| !whole)
                    .filter_map(|p| {
                        keys.get(&p.goal).map(|k| DocProgress {
                            goal: k.clone(),
                            rating: p.rating,
                        })
                    })
                    .collect(),
                verdicts: c
                    .verdicts
                    .iter()
                    .filter(|_| !whole)
                    .filter_map(|v| {
                        keys.get(&v.strategy).map(|k| DocVerdict {
                            strategy: k.clone(),
                            verdict: v.verdict,
                            note: if whole { String::new() } else { v.note.clone() },
                        })
                    })
                    .collect(),
                adjustments: if whole {
                    String::new()
                } else {
                    c.adjustments.clone()
                },
                notes: if notes {
                    String::new()
                } else {
                    c.notes.clone()
                },
                restricted: c.restricted,
                restricted_whole: c.restricted_whole,
                next_steps: if whole {
                    Vec::new()
                } else {
                    c.next_steps.clone()
                },
                last_steps: if whole {
                    Vec::new()
                } else {
                    c.last_steps.clone()
                },
                next_date: c.next_date,
            }
        })
        .collect();
    Ok(DocStudent {
        sis_id: s.sis_id,
        given_name: Some(s.given_name),
        family_name: Some(s.family_name),
        preferred_name: Some(s.preferred_name),
        pronouns: Some(s.pronouns),
        grade: Some(s.grade),
        grad_year: Some(s.grad_year),
        advisor: Some(s.advisor),
        email: Some(s.email),
        status: Some(s.status),
        iep: Some(s.iep),
        plan_504: Some(s.plan_504),
        profile: s.profile.into(),
        team: r
            .team
            .iter()
            .map(|t| DocTeamMember {
                id: Some(t.id.clone()),
                name: t.name.clone(),
                role: t.role.clone(),
                contact: t.contact.clone(),
                language: t.language.clone(),
            })
            .collect(),
        plans,
        checkins,
        interventions: r
            .interventions
            .iter()
            .rev()
            .map(|i| DocIntervention {
                id: Some(i.id.clone()),
                date: i.date,
                kind: i.kind.clone(),
                description: i.description.clone(),
                who: i.who.clone(),
                outcome: i.outcome.clone(),
            })
            .collect(),
        evidence: r
            .evidence
            .iter()
            .rev()
            .map(|e| DocEvidence {
                id: Some(e.id.clone()),
                date: e.date,
                goal: e.goal_id.as_ref().and_then(|g| keys.get(g).cloned()),
                kind: e.kind.clone(),
                title: e.title.clone(),
                result: e.result.clone(),
            })
            .collect(),
    })
}
