//! Bringing a document into the store: students are matched by SIS id, and goals, strategies,
//! check-ins and the rest already held are recognised, so importing twice adds nothing twice.

use std::collections::{HashMap, HashSet};

use super::{DocStudent, Document};
use crate::domain::{
    clean_line, clean_text, school_year_of, CheckIn, Evidence, Goal, GoalProgress, Intervention,
    Strategy, StrategyVerdict, Student, TeamMember, ValidationError,
};
use crate::store::{Base, Entity, Result, StoreError, Writer};

/// What an import added.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// New students.
    pub students_added: usize,
    /// Students already held whose fields changed.
    pub students_updated: usize,
    /// New goals.
    pub goals: usize,
    /// New strategies.
    pub strategies: usize,
    /// New check-ins.
    pub checkins: usize,
    /// New team members, interventions and evidence.
    pub other: usize,
}

/// Checks every link and record id inside the document before anything is written.
pub fn check_links(doc: &Document) -> Result<(), ValidationError> {
    let mut students = HashSet::new();
    let mut ids = SeenIds::default();
    for (at, s) in doc.students.iter().enumerate() {
        check_student_ids(s, at, &mut students, &mut ids)?;
    }
    doc.students.iter().try_for_each(check_student_links)
}

/// Every check-in and piece of evidence of one student links to a goal or strategy it has.
/// Refuses a check-in dated after `today`, as `plp checkin --date` does: a check-in is written
/// up once it has been held, and one dated ahead would stand as the student's last meeting.
pub fn check_student_dates(
    s: &DocStudent,
    today: chrono::NaiveDate,
) -> Result<(), ValidationError> {
    match s
        .checkins
        .iter()
        .filter_map(|c| c.date)
        .find(|d| *d > today)
    {
        Some(d) => Err(ValidationError::new(format!(
            "student {}: the check-in on {d} is after today ({today}); a check-in is written up \
             once held",
            s.sis_id
        ))),
        None => Ok(()),
    }
}

pub fn check_student_links(s: &DocStudent) -> Result<(), ValidationError> {
    let who = format!("student {}", s.sis_id);
    let goals: Vec<&str> = s
        .plans
        .iter()
        .flat_map(|p| p.goals.iter().map(|g| g.key.as_str()))
        .collect();
    let strategies: Vec<&str> = s
        .plans
        .iter()
        .flat_map(|p| p.goals.iter())
        .flat_map(|g| g.strategies.iter().map(|x| x.key.as_str()))
        .collect();
    for c in &s.checkins {
        let when = c.date.map(|d| d.to_string()).unwrap_or_default();
        for p in &c.progress {
            if !goals.contains(&p.goal.as_str()) {
                return Err(ValidationError::new(format!(
                    "{who}: the check-in on {when} rates an unknown goal \"{}\"",
                    p.goal
                )));
            }
        }
        for v in &c.verdicts {
            if !strategies.contains(&v.strategy.as_str()) {
                return Err(ValidationError::new(format!(
                    "{who}: the check-in on {when} judges an unknown strategy \"{}\"",
                    v.strategy
                )));
            }
        }
    }
    for e in &s.evidence {
        if let Some(g) = &e.goal {
            if !goals.contains(&g.as_str()) {
                return Err(ValidationError::new(format!(
                    "{who}: evidence \"{}\" refers to an unknown goal \"{g}\"",
                    e.title
                )));
            }
        }
    }
    Ok(())
}

/// Record ids already seen in a document: a UUID in its usual written form is kept as its 16
/// bytes (a district's export holds over a million), any other spelling as written.
#[derive(Default)]
pub struct SeenIds {
    usual: HashSet<u128>,
    other: HashSet<String>,
}

impl SeenIds {
    /// Adds `id`; false if it was seen already.
    fn insert(&mut self, id: &str, parsed: uuid::Uuid) -> bool {
        let mut buf = uuid::Uuid::encode_buffer();
        if *parsed.hyphenated().encode_lower(&mut buf) == *id {
            self.usual.insert(parsed.as_u128())
        } else {
            self.other.insert(id.to_string())
        }
    }
}

/// One student's record ids are well formed and unused by the records before them, and their
/// SIS id is given, and not twice (`at` is the student's place in `students`; `students` and
/// `ids` hold what the students before had).
pub fn check_student_ids(
    s: &DocStudent,
    at: usize,
    students: &mut HashSet<String>,
    seen: &mut SeenIds,
) -> Result<(), ValidationError> {
    let sis_id = clean_line(&s.sis_id);
    if sis_id.is_empty() {
        return Err(ValidationError::new(format!(
            "students[{at}]: the sis_id is empty or missing"
        )));
    }
    if !students.insert(sis_id.clone()) {
        return Err(ValidationError::new(format!(
            "student {sis_id} is in the document twice"
        )));
    }
    let goals = s.plans.iter().flat_map(|p| &p.goals);
    let ids = (s.team.iter().map(|t| ("team member", &t.id)))
        .chain(goals.clone().map(|g| ("goal", &g.id)))
        .chain(
            goals
                .flat_map(|g| &g.strategies)
                .map(|x| ("strategy", &x.id)),
        )
        .chain(s.checkins.iter().map(|c| ("check-in", &c.id)))
        .chain(s.interventions.iter().map(|i| ("intervention", &i.id)))
        .chain(s.evidence.iter().map(|e| ("evidence", &e.id)));
    for (what, id) in ids {
        let Some(id) = id else { continue };
        let Ok(parsed) = uuid::Uuid::try_parse(id) else {
            return Err(ValidationError::new(format!(
                "student {}: the {what} id \"{}\" is not a record id",
                s.sis_id,
                crate::domain::clean_line(id)
            )));
        };
        if !seen.insert(id, parsed) {
            return Err(ValidationError::new(format!(
                "student {}: two records carry the id {id}",
                s.sis_id
            )));
        }
    }
    Ok(())
}

/// Imports a whole document in the caller's transaction (all or nothing).
pub fn import_document(w: &mut Writer<'_>, doc: &Document) -> Result<ImportSummary> {
    check_links(doc)?;
    let mut sum = ImportSummary::default();
    for s in &doc.students {
        import_checked_student(w, s, &mut sum)?;
    }
    Ok(sum)
}

/// Imports one student of a document whose links and ids were checked ([`check_links`], or a
/// first reading that checked them a student at a time), adding what it added to `sum`.
pub fn import_checked_student(
    w: &mut Writer<'_>,
    s: &DocStudent,
    sum: &mut ImportSummary,
) -> Result<()> {
    import_student(w, s, sum).map_err(|e| match e {
        StoreError::Invalid(v) => {
            StoreError::Invalid(ValidationError::new(format!("student {}: {v}", s.sis_id)))
        }
        other => other,
    })
}

fn import_student(w: &mut Writer<'_>, s: &DocStudent, sum: &mut ImportSummary) -> Result<()> {
    let (student, given) = student_of(s);
    if let Some(held) = w.names_under_sis_id(&student.sis_id)? {
        if let Some(why) = another_person(&student, &given, &held) {
            return Err(ValidationError::new(why).into());
        }
    }
    let (sid, outcome) = w.upsert_student(&student, &given)?;
    let fresh = match outcome {
        crate::store::Upsert::Added => {
            sum.students_added += 1;
            true
        }
        crate::store::Upsert::Updated(_) => {
            sum.students_updated += 1;
            false
        }
        crate::store::Upsert::Unchanged => false,
    };
    // Each record is looked for by the id it carries (a document this plp exported), else by
    // what it says (a document from elsewhere); a new student holds nothing to look for.
    let known = |w: &Writer<'_>, entity: Entity, id: &Option<String>| -> Result<Option<String>> {
        let Some(id) = id else { return Ok(None) };
        match w.owner_of(entity, id)? {
            None => Ok(None),
            Some(owner) if owner == sid => Ok(Some(id.clone())),
            Some(_) => Err(ValidationError::new(format!(
                "{} id {id} belongs to another student here",
                Entity::word(entity)
            ))
            .into()),
        }
    };
    let new_id = |id: &Option<String>| id.clone().unwrap_or_default();
    let date_text = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();

    for t in &s.team {
        let name = clean_line(&t.name);
        let found = match known(w, Entity::TeamMember, &t.id)? {
            Some(id) => Some(id),
            None if t.id.is_some() || fresh => None,
            None => w.team_member_named(&sid, &name)?,
        };
        if found.is_none() {
            w.add_team_member(&TeamMember {
                id: new_id(&t.id),
                student_id: sid.clone(),
                name,
                role: clean_line(&t.role),
                contact: clean_line(&t.contact),
                language: t
                    .language
                    .as_deref()
                    .map(clean_line)
                    .filter(|l| !l.is_empty()),
                ..Default::default()
            })?;
            sum.other += 1;
        }
    }

    let mut goal_ids: HashMap<&str, String> = HashMap::new();
    let mut strategy_ids: HashMap<&str, String> = HashMap::new();
    let mut plan_ids: HashMap<&str, String> = HashMap::new();
    for p in &s.plans {
        let plan_id = w.ensure_plan(&sid, &p.school_year)?;
        if p.reviewed && !w.plan_reviewed(&plan_id)? {
            w.set(
                Entity::Plan,
                &plan_id,
                "reviewed",
                serde_json::Value::Bool(true),
                Base::Current,
            )?;
        }
        plan_ids.insert(p.school_year.as_str(), plan_id.clone());
        for g in &p.goals {
            let title = clean_line(&g.title);
            let found = match known(w, Entity::Goal, &g.id)? {
                Some(id) => Some(id),
                None if g.id.is_some() || fresh => None,
                None => w.goal_titled(&plan_id, &title)?,
            };
            let goal_id = match found {
                Some(id) => id,
                None => {
                    let (id, _) = w.add_goal(&Goal {
                        id: new_id(&g.id),
                        plan_id: plan_id.clone(),
                        student_id: sid.clone(),
                        title,
                        domain: g.domain,
                        why: clean_text(&g.why),
                        measure: clean_text(&g.measure),
                        baseline: clean_text(&g.baseline),
                        target: clean_text(&g.target),
                        target_date: g.target_date,
                        status: g.status,
                        ..Default::default()
                    })?;
                    sum.goals += 1;
                    id
                }
            };
            for st in &g.strategies {
                let what = clean_text(&st.what);
                let found = match known(w, Entity::Strategy, &st.id)? {
                    Some(id) => Some(id),
                    None if st.id.is_some() || fresh => None,
                    None => w.strategy_doing(&goal_id, &what)?,
                };
                let strategy_id = match found {
                    Some(id) => id,
                    None => {
                        sum.strategies += 1;
                        w.add_strategy(&Strategy {
                            id: new_id(&st.id),
                            goal_id: goal_id.clone(),
                            student_id: sid.clone(),
                            what,
                            owner: clean_line(&st.owner),
                            frequency: clean_line(&st.frequency),
                            status: st.status,
                            ..Default::default()
                        })?
                    }
                };
                strategy_ids.insert(st.key.as_str(), strategy_id);
            }
            goal_ids.insert(g.key.as_str(), goal_id);
        }
    }

    for c in &s.checkins {
        let words = clean_text(&c.student_words);
        let found = match known(w, Entity::CheckIn, &c.id)? {
            Some(id) => Some(id),
            None if c.id.is_some() || fresh => None,
            None => w.checkin_with(&sid, &date_text(c.date), &words)?,
        };
        if found.is_some() {
            continue;
        }
        let plan_id = c
            .date
            .and_then(|d| plan_ids.get(school_year_of(d).as_str()).cloned());
        w.add_checkin(&CheckIn {
            id: new_id(&c.id),
            student_id: sid.clone(),
            plan_id,
            date: c.date,
            kind: c.kind,
            attended: c.attended.iter().map(|a| clean_line(a)).collect(),
            student_words: words,
            progress: c
                .progress
                .iter()
                .filter_map(|p| {
                    goal_ids.get(p.goal.as_str()).map(|g| GoalProgress {
                        goal: g.clone(),
                        rating: p.rating,
                    })
                })
                .collect(),
            verdicts: c
                .verdicts
                .iter()
                .filter_map(|v| {
                    strategy_ids
                        .get(v.strategy.as_str())
                        .map(|s| StrategyVerdict {
                            strategy: s.clone(),
                            verdict: v.verdict,
                            note: clean_text(&v.note),
                        })
                })
                .collect(),
            adjustments: clean_text(&c.adjustments),
            notes: clean_text(&c.notes),
            restricted: c.restricted || c.restricted_whole,
            restricted_whole: c.restricted_whole,
            next_steps: c.next_steps.clone(),
            last_steps: c.last_steps.clone(),
            next_date: c.next_date,
            ..Default::default()
        })?;
        sum.checkins += 1;
    }

    for i in &s.interventions {
        let kind = clean_line(&i.kind);
        let description = clean_text(&i.description);
        let found = match known(w, Entity::Intervention, &i.id)? {
            Some(id) => Some(id),
            None if i.id.is_some() || fresh => None,
            None => w.intervention_like(&sid, &date_text(i.date), &kind, &description)?,
        };
        if found.is_none() {
            w.add_intervention(&Intervention {
                id: new_id(&i.id),
                student_id: sid.clone(),
                date: i.date,
                kind,
                description,
                who: clean_line(&i.who),
                outcome: clean_text(&i.outcome),
                ..Default::default()
            })?;
            sum.other += 1;
        }
    }

    for e in &s.evidence {
        let title = clean_line(&e.title);
        let found = match known(w, Entity::Evidence, &e.id)? {
            Some(id) => Some(id),
            None if e.id.is_some() || fresh => None,
            None => w.evidence_titled(&sid, &date_text(e.date), &title)?,
        };
        if found.is_none() {
            w.add_evidence(&Evidence {
                id: new_id(&e.id),
                student_id: sid.clone(),
                goal_id: e.goal.as_deref().and_then(|k| goal_ids.get(k).cloned()),
                date: e.date,
                kind: clean_line(&e.kind),
                title,
                result: clean_text(&e.result),
                ..Default::default()
            })?;
            sum.other += 1;
        }
    }
    Ok(())
}

/// Why a document's student is not the one held under the same SIS id, if neither name it
/// gives is one of theirs (a plan from another school whose numbers overlap this one's): its
/// goals, check-ins and family would be mixed into another student's record. One name changed
/// (a new family name, a given name now used) is the same student.
fn another_person(
    doc: &Student,
    given: &[&str],
    held: &(String, String, Option<String>),
) -> Option<String> {
    let same = |a: &str, b: &str| {
        let fold = |s: &str| {
            s.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        };
        fold(a) == fold(b)
    };
    let (given_held, family_held, preferred_held) = held;
    if !given.contains(&"given_name") || !given.contains(&"family_name") {
        return None;
    }
    let given_matches = same(&doc.given_name, given_held)
        || preferred_held
            .as_deref()
            .is_some_and(|p| same(&doc.given_name, p))
        || doc
            .preferred_name
            .as_deref()
            .is_some_and(|p| same(p, given_held));
    if given_matches || same(&doc.family_name, family_held) {
        return None;
    }
    Some(format!(
        "the document names {} {}, but that SIS id here is {} {}; a plan is brought in only for \
         the same student (if the id is right and the name changed, change it here first with \
         plp set)",
        doc.given_name, doc.family_name, given_held, family_held
    ))
}

/// The student a document describes, and the fields the document gives: a field left out keeps
/// its default in a new student, and is left alone in a student already held; one that may be
/// empty given as `null` is emptied (see [`DocStudent`]).
fn student_of(s: &DocStudent) -> (Student, Vec<&'static str>) {
    let mut st = Student {
        sis_id: clean_line(&s.sis_id),
        ..Default::default()
    };
    let mut given = Vec::new();
    let mut g = |name: &'static str| given.push(name);
    let line = |v: &Option<String>| v.as_deref().map(clean_line);
    let text = |v: &Option<String>| v.as_deref().map(clean_text);
    give(
        &mut g,
        "given_name",
        line(&s.given_name),
        &mut st.given_name,
    );
    give(
        &mut g,
        "family_name",
        line(&s.family_name),
        &mut st.family_name,
    );
    // Given as null: emptied.
    let optional = |v: &Option<Option<String>>| {
        v.as_ref()
            .map(|v| v.as_deref().map(clean_line).filter(|s| !s.is_empty()))
    };
    give(
        &mut g,
        "preferred_name",
        optional(&s.preferred_name),
        &mut st.preferred_name,
    );
    give(&mut g, "pronouns", optional(&s.pronouns), &mut st.pronouns);
    give(&mut g, "grade", s.grade, &mut st.grade);
    give(&mut g, "grad_year", s.grad_year, &mut st.grad_year);
    give(&mut g, "advisor", optional(&s.advisor), &mut st.advisor);
    give(&mut g, "email", optional(&s.email), &mut st.email);
    give(&mut g, "status", s.status, &mut st.status);
    give(&mut g, "iep", s.iep, &mut st.iep);
    give(&mut g, "plan_504", s.plan_504, &mut st.plan_504);
    let (p, to) = (&s.profile, &mut st.profile);
    give(&mut g, "strengths", text(&p.strengths), &mut to.strengths);
    give(&mut g, "needs", text(&p.needs), &mut to.needs);
    give(&mut g, "learning", text(&p.learning), &mut to.learning);
    give(&mut g, "interests", text(&p.interests), &mut to.interests);
    give(&mut g, "career", text(&p.career), &mut to.career);
    give(&mut g, "supports", text(&p.supports), &mut to.supports);
    give(
        &mut g,
        "personal_goals",
        text(&p.personal_goals),
        &mut to.personal_goals,
    );
    // A student known by one name keeps it as the family name, as a roster's is kept.
    if given.contains(&"given_name") && given.contains(&"family_name") {
        st.settle_one_name();
    }
    (st, given)
}

/// Puts a value the document gives in its place, and notes the field as given.
fn give<T>(given: &mut dyn FnMut(&'static str), name: &'static str, v: Option<T>, to: &mut T) {
    if let Some(v) = v {
        *to = v;
        given(name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every field `plp set` can change is one a document can give, under the same name.
    #[test]
    fn a_whole_student_gives_every_settable_field() {
        let doc: DocStudent = serde_json::from_value(serde_json::json!({
            "sis_id": "1", "given_name": "A", "family_name": "B", "preferred_name": "C",
            "pronouns": "she/her", "grade": 9, "grad_year": 2030, "advisor": "D",
            "email": "e@x.org", "status": "inactive", "iep": true, "plan_504": false,
            "profile": { "strengths": "s", "needs": "n", "learning": "l", "interests": "i",
                "career": "c", "supports": "u", "personal_goals": "p" }
        }))
        .unwrap();
        let (_, given) = student_of(&doc);
        assert_eq!(given, Entity::Student.settable());
    }

    /// A document that says only who the student is gives no other field.
    #[test]
    fn an_omitted_field_is_not_given() {
        let doc: DocStudent =
            serde_json::from_value(serde_json::json!({ "sis_id": "1", "given_name": "A" }))
                .unwrap();
        let (st, given) = student_of(&doc);
        assert_eq!(given, vec!["given_name"]);
        assert_eq!(st.status, crate::domain::StudentStatus::default());
        assert!(!st.iep && st.grade.is_none() && st.profile.strengths.is_empty());
    }
}
