//! The one place the app touches the database. Each effect runs and comes back as actions.

use serde_json::{Map, Value};

use super::action::{Action, DraftOffer};
use super::composer::{Composer, ComposerDraft};
use super::form::{fields_of, Form, Shape, Target, PROFILE_DRAFT};
use super::year_end::{YearEnd, YearEndDraft};
use crate::domain::{clean_line, date_formats_near, parse_date, show_date, Parse, PROFILE_FIELDS};
use crate::store::{field_value_from_text, Base, DraftField, DraftKey, Entity, Store, StoreError};

/// One change typed into a form field.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    /// Stored field name.
    pub field: String,
    /// The text typed.
    pub text: String,
    /// The version the text was based on (none for a new record).
    pub base: Option<String>,
}

/// Typing to keep as a draft.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftSave {
    /// What it is for.
    pub key: DraftKey,
    /// Its contents (JSON).
    pub body: String,
}

/// What to do once typing is kept as a draft (and not to do when it could not be kept).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterKept {
    /// Nothing: the periodic save while typing.
    Stay,
    /// Close the composer.
    CloseComposer,
    /// Close the form on top.
    CloseForm,
    /// Close the year-end review.
    CloseYearEnd,
    /// Quit the app.
    Quit,
}

/// Work for the database.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Read the caseload again.
    LoadCaseload,
    /// Read the caseload again beside the screen, after another process changed the file.
    LoadCaseloadBeside,
    /// Read the caseload's first lines and its counts (the first screen, before the rest).
    LoadCaseloadHead {
        /// How many lines the screen shows.
        lines: usize,
    },
    /// Open a student.
    LoadStudent {
        /// Student id.
        student: String,
    },
    /// Open the composer for a student (with their draft, if any).
    OpenComposer {
        /// Student id.
        student: String,
    },
    /// Open the composer on a saved check-in (saving makes a new revision of it).
    EditCheckin {
        /// Student id.
        student: String,
        /// Check-in id.
        checkin: String,
    },
    /// Save a check-in (a new one, or a new revision of `original`) and the plan changes made
    /// on it, then drop its draft.
    SaveCheckin {
        /// The check-in.
        checkin: Box<crate::domain::CheckIn>,
        /// Its draft.
        draft: DraftKey,
        /// Strategies retired or replaced.
        plan: Vec<(crate::domain::Strategy, super::composer::PlanChange)>,
        /// The check-in as saved before, when this is an edit.
        original: Option<Box<crate::domain::CheckIn>>,
    },
    /// Keep typing as drafts; then do `then` if every one was kept.
    KeepDrafts {
        /// The drafts.
        drafts: Vec<DraftSave>,
        /// What follows.
        then: AfterKept,
    },
    /// Drop a draft.
    DeleteDraft {
        /// Which.
        key: DraftKey,
    },
    /// Open a form on a record, or a new one.
    OpenForm {
        /// What it edits.
        target: Target,
        /// Its title.
        title: String,
        /// Which fields it shows.
        shape: Shape,
    },
    /// Save a form's changes, then drop its draft.
    SaveForm {
        /// What it edits.
        target: Target,
        /// What changed.
        changes: Vec<FieldChange>,
        /// Its draft.
        draft: DraftKey,
    },
    /// Retire a record.
    Retire {
        /// Kind.
        entity: Entity,
        /// Id.
        id: String,
        /// Whose it is.
        student: String,
    },
    /// Show the revisions of a record's fields (several get a heading each).
    History {
        /// The record's kind.
        entity: Entity,
        /// The record's id.
        record: String,
        /// (field, heading) of each field shown.
        fields: Vec<(&'static str, &'static str)>,
        /// The overlay's title.
        title: String,
    },
    /// Settle a conflict with this text.
    Resolve {
        /// Kind.
        entity: Entity,
        /// Id.
        id: String,
        /// Field.
        field: String,
        /// The text kept.
        text: String,
        /// The versions the conflict view showed (see [`crate::store::Conflict::chosen_base`]):
        /// one that arrived while it was open is not settled unseen.
        chosen: Vec<String>,
        /// Whose it is.
        student: String,
        /// What is said once it is recorded (which was kept, or that both were merged).
        said: String,
    },
    /// Look for unsaved drafts from last time.
    FindDrafts,
    /// Compute the team reports for a narrowing.
    LoadReports(crate::report::filter::ReportFilter),
    /// Work out filter queries ahead of need (beside the screen).
    RankAhead(super::filter_keys::RankAhead),
    /// Take back a change made since the app was opened (written as new changes).
    Undo {
        /// What is taken back.
        change: super::action::Change,
        /// The student it was made to, named in what is said when that student is not the
        /// one on screen.
        whose: Option<String>,
    },
    /// Bring back a retired record.
    Restore {
        /// Kind.
        entity: Entity,
        /// Id.
        id: String,
        /// Whose it is.
        student: String,
    },
    /// Open the year-end review for a student (with their draft, if any).
    OpenYearEnd {
        /// Student id.
        student: String,
    },
    /// Save a year-end review: the goals' choices, next year's plan and the annual review,
    /// in one transaction; then drop its draft. The final review of a student who graduates
    /// makes no plan.
    SaveYearEnd {
        /// Student id.
        student: String,
        /// The year of the new plan.
        to_year: String,
        /// The student's class, when it graduates before `to_year`: no plan is made.
        graduates: Option<i64>,
        /// Each goal's choice.
        choices: crate::domain::YearEndChoices,
        /// The annual review, recorded as a meeting on this year's plan.
        review: Box<crate::domain::CheckIn>,
        /// Its draft.
        draft: DraftKey,
    },
    /// Throw away a draft, and close the form it belongs to.
    DiscardDraft {
        /// Which.
        key: DraftKey,
    },
    /// Write a student's family printout to a file, and say where.
    ExportPrintout {
        /// Whose.
        student: String,
        /// The folder to write it in.
        dir: std::path::PathBuf,
    },
    /// Open the student of the first edit two people made at once, at that edit.
    FindConflict,
}

/// Runs an effect against the store; what happened comes back as actions.
pub fn run(store: &mut Store, effect: Effect, today: chrono::NaiveDate) -> Vec<Action> {
    if effect.writes() && store.read_only_reason().is_some() {
        // A disk that was full (or a folder that was not writable) when the app started may
        // have room now: the save is tried for real rather than refused from memory.
        store.retry_writable();
    }
    let drafts_may_change =
        effect.writes() || matches!(effect, Effect::FindDrafts | Effect::LoadStudent { .. });
    let mut actions = match run_inner(store, effect, today) {
        Ok(actions) => actions,
        Err(e) => vec![Action::Failed(e.to_string())],
    };
    if drafts_may_change {
        // What waits as drafts, for the student's panes to say so; a file that cannot be read
        // just now leaves what was known.
        if let Ok(keys) = store.draft_keys() {
            actions.push(Action::DraftsHeld(keys));
        }
    }
    actions
}

impl Effect {
    /// Whether this effect changes the database (drafts included).
    fn writes(&self) -> bool {
        matches!(
            self,
            Effect::SaveCheckin { .. }
                | Effect::KeepDrafts { .. }
                | Effect::DeleteDraft { .. }
                | Effect::SaveForm { .. }
                | Effect::Retire { .. }
                | Effect::Resolve { .. }
                | Effect::Undo { .. }
                | Effect::Restore { .. }
                | Effect::DiscardDraft { .. }
                | Effect::SaveYearEnd { .. }
        )
    }
}

fn keep_drafts(store: &Store, drafts: &[DraftSave], then: AfterKept) -> Vec<Action> {
    for d in drafts {
        if let Err(e) = store.save_draft(&d.key, &d.body) {
            return vec![Action::DraftNotKept {
                reason: e.to_string(),
                then,
            }];
        }
    }
    vec![Action::DraftsKept { then }]
}

/// Filter queries worked out ahead, as the action that hands them to the app (here or beside
/// the screen).
pub fn rank_ahead(job: super::filter_keys::RankAhead) -> Action {
    Action::RankedAhead(job.run())
}

fn run_inner(
    store: &mut Store,
    effect: Effect,
    today: chrono::NaiveDate,
) -> Result<Vec<Action>, StoreError> {
    Ok(match effect {
        Effect::LoadCaseload | Effect::LoadCaseloadBeside => {
            vec![Action::CaseloadLoaded(store.caseload(today, false)?)]
        }
        Effect::LoadCaseloadHead { lines } => vec![Action::CaseloadHeadLoaded {
            rows: store.caseload_head(today, lines)?,
            counts: store.caseload_counts(today)?,
        }],
        Effect::RankAhead(job) => vec![rank_ahead(job)],
        Effect::LoadReports(filter) => vec![Action::ReportsLoaded(Box::new(
            crate::report::overview::overview(store, &filter, today)?,
        ))],
        Effect::LoadStudent { student } => {
            let record = store.student(&student)?;
            let conflicts = store.conflicts_for_student(&record)?;
            let retired = store.retired_for_student(&record.student.id)?;
            vec![
                Action::StudentLoaded {
                    record: Box::new(record),
                    conflicts,
                },
                Action::RetiredLoaded(Box::new(retired)),
            ]
        }
        Effect::OpenComposer { student } => {
            let record = store.student(&student)?;
            let (draft, elsewhere) = composer_draft(
                store.draft(&DraftKey::checkin(&student))?,
                &record.student.id,
            );
            let resumed = draft.is_some();
            let composer = Composer::new(&record, today, draft);
            vec![Action::ComposerOpened {
                composer: Box::new(composer),
                resumed,
                elsewhere,
            }]
        }
        Effect::EditCheckin { student, checkin } => {
            let record = store.student(&student)?;
            let Some(saved) = record.checkins.iter().find(|c| c.id == checkin) else {
                return Err(StoreError::NotFound(format!("check-in {checkin}")));
            };
            let probe = Composer::edit(&record, today, saved, None);
            let (draft, elsewhere) =
                composer_draft(store.draft(&probe.draft_key())?, &record.student.id);
            let resumed = draft.is_some();
            let composer = match draft {
                Some(d) => Composer::edit(&record, today, saved, Some(d)),
                None => probe,
            };
            vec![Action::ComposerOpened {
                composer: Box::new(composer),
                resumed,
                elsewhere,
            }]
        }
        Effect::SaveCheckin {
            checkin,
            draft,
            plan,
            original,
        } => {
            let ops = super::composer_save::save(store, &checkin, &plan, original.as_deref())?;
            store.delete_draft(&draft)?;
            // A new check-in is a whole meeting, asked twice before it is taken back; an edit of
            // one is a change like any other.
            let change = if original.is_some() {
                changed(ops, "the edit of the check-in", &checkin.student_id)
            } else {
                changed_whole(ops, "the check-in", &checkin.student_id, !plan.is_empty())
            };
            vec![
                change,
                Action::CheckinSaved(stays_here(store, &checkin.student_id)?),
                Action::Reload(checkin.student_id.clone()),
            ]
        }
        Effect::KeepDrafts { drafts, then } => keep_drafts(store, &drafts, then),
        Effect::DeleteDraft { key } => {
            store.delete_draft(&key)?;
            vec![]
        }
        Effect::OpenForm {
            target,
            title,
            shape,
        } => {
            let mut form = open_form(store, target, title, &shape, today)?;
            if matches!(shape, Shape::Profile { .. }) {
                take_in_field_drafts(store, &mut form)?;
            }
            if let Some(d) = store.draft(&form.draft_key())? {
                if let Ok(Value::Object(texts)) = serde_json::from_str::<Value>(&d.body) {
                    form.restore(&texts);
                }
            }
            vec![Action::FormOpened(Box::new(form))]
        }
        Effect::SaveForm {
            target,
            changes,
            draft,
        } => {
            let (new, ops) = save_form(store, &target, &changes)?;
            store.delete_draft(&draft)?;
            let what = form_what(&target, &changes);
            vec![
                changed(ops, &what, target.student()),
                Action::FormSaved(stays_here(store, target.student())?),
                Action::Added(new),
                Action::Reload(target.student().to_string()),
            ]
        }
        Effect::Retire {
            entity,
            id,
            student,
        } => {
            let (_, ops) = store.write_recorded(|w| w.retire(entity, &id))?;
            vec![
                changed(ops, &format!("retiring the {}", entity.word()), &student),
                Action::Saved(format!(
                    "Retired; it stays in the history ({}).",
                    entity.word()
                )),
                Action::Reload(student),
            ]
        }
        Effect::History {
            entity,
            record,
            fields,
            title,
        } => {
            let mut lines = Vec::new();
            for (name, label) in &fields {
                if fields.len() > 1 {
                    if !lines.is_empty() {
                        lines.push(String::new());
                    }
                    lines.push(format!("{label}:"));
                }
                let field = entity.field(name);
                for r in store.history(&record, name)?.into_iter().rev() {
                    // Shown as the rest of the app shows the field; a text's later lines
                    // under its first, indented.
                    let shown = match (field, &r.value) {
                        (Some(f), v) => f.to_shown(v),
                        (None, Value::String(s)) => s.clone(),
                        (None, Value::Null) => String::new(),
                        (None, other) => other.to_string(),
                    };
                    // When · who · what: the author never runs into the value.
                    let head = format!(
                        "{} · {} · ",
                        crate::domain::show_moment(&r.when),
                        clean_line(&r.author)
                    );
                    // A field left blank says so, rather than ending at its author.
                    let shown = if shown.trim().is_empty() {
                        "(empty)".to_string()
                    } else {
                        shown
                    };
                    let mut rows = shown.lines();
                    let first = format!("{head}{}", clean_line(rows.next().unwrap_or("")));
                    lines.push(first.trim_end().to_string());
                    let indent = " ".repeat(super::view::width::width(&head));
                    lines.extend(rows.map(|row| format!("{indent}{}", clean_line(row))));
                }
            }
            if lines.is_empty() {
                lines.push("No revisions recorded yet.".into());
            }
            vec![Action::ShowLines { title, lines }]
        }
        Effect::Resolve {
            entity,
            id,
            field,
            text,
            chosen,
            student,
            said,
        } => {
            let value = field_value_from_text(entity, &field, &text)?;
            let (_, ops) = store
                .write_recorded(|w| w.set(entity, &id, &field, value, Base::Chosen(chosen)))?;
            vec![
                changed(ops, "the choice between two versions", &student),
                Action::Saved(said),
                Action::Reload(student),
            ]
        }
        Effect::Undo { change, whose } => {
            store.undo(&change.ops)?;
            let said = match whose {
                Some(name) => format!("Undone for {name}: {} (as a new change).", change.what),
                None => format!("Undone: {} (as a new change).", change.what),
            };
            vec![Action::Saved(said), Action::Reload(change.student)]
        }
        Effect::Restore {
            entity,
            id,
            student,
        } => {
            let (_, ops) = store.write_recorded(|w| {
                w.set(entity, &id, "retired", Value::Bool(false), Base::Current)
            })?;
            // A check-in's plan changes (a strategy replaced or retired) were the plan's own
            // changes: the plan is not changed back by bringing the check-in back.
            let adjusted = entity == Entity::CheckIn
                && store
                    .get::<crate::domain::CheckIn>(entity, &id)?
                    .is_some_and(|c| !c.adjustments.trim().is_empty());
            let said = if adjusted {
                "Restored the check-in. The plan stays as it is now: its adjustments are not made \
                 again."
                    .to_string()
            } else {
                format!("Restored the {}.", entity.word())
            };
            vec![
                changed(ops, &format!("restoring the {}", entity.word()), &student),
                Action::Saved(said),
                Action::Reload(student),
            ]
        }
        Effect::OpenYearEnd { student } => {
            let record = store.student(&student)?;
            let to_year = super::year_end::year_it_makes(today).unwrap_or_default();
            let draft = store
                .draft(&DraftKey::year_end(&record.student.id, &to_year))?
                .and_then(|d| serde_json::from_str::<YearEndDraft>(&d.body).ok());
            let resumed = draft.is_some();
            match YearEnd::new(&record, today, draft) {
                Ok(review) => vec![Action::YearEndOpened {
                    review: Box::new(review),
                    resumed,
                }],
                Err(why) => vec![Action::Failed(why)],
            }
        }
        Effect::SaveYearEnd {
            student,
            to_year,
            graduates,
            choices,
            review,
            draft,
        } => {
            let record = store.student(&student)?;
            if record.plan_for(&to_year).is_some() {
                return Ok(vec![Action::Failed(format!(
                    "{} already has a {to_year} plan (made meanwhile); nothing was changed.",
                    clean_line(&record.student.display_name())
                ))]);
            }
            let plan_id = review.plan_id.clone().unwrap_or_default();
            let (done, ops) = store.write_recorded(|w| {
                let done = match graduates {
                    Some(_) => crate::store::Rollover {
                        to_year: to_year.clone(),
                        ..w.settle_goals(&student, &plan_id, &choices)?
                    },
                    None => w.rollover_student(&student, &to_year, &choices)?,
                };
                w.add_checkin(&review)?;
                if !w.plan_reviewed(&plan_id)? {
                    w.set(
                        Entity::Plan,
                        &plan_id,
                        "reviewed",
                        Value::Bool(true),
                        Base::Current,
                    )?;
                }
                Ok(done)
            })?;
            store.delete_draft(&draft)?;
            vec![
                changed_whole(ops, "the year-end review", &student, true),
                Action::YearEndSaved(format!(
                    "{}{}",
                    year_end_words(&done, graduates),
                    kept_next_words(&review, &to_year)
                )),
                Action::Reload(student),
            ]
        }
        Effect::DiscardDraft { key } => {
            store.delete_draft(&key)?;
            vec![Action::DraftDiscarded]
        }
        Effect::ExportPrintout { student, dir } => {
            let record = store.student(&student)?;
            match super::printout_file::write(&record, store.school()?, today, &dir) {
                Ok(written) => vec![Action::Saved(written.sentence())],
                Err(why) => vec![Action::Failed(why)],
            }
        }
        Effect::FindConflict => {
            let all = store.conflicts()?;
            let Some(first) = all.first().cloned() else {
                return Ok(vec![Action::Saved(
                    "Nothing waiting: no edit was made twice at once.".into(),
                )]);
            };
            let student = match Entity::from_name(&first.entity) {
                Some(Entity::Student) | None => first.entity_id.clone(),
                Some(e) => store
                    .get::<Value>(e, &first.entity_id)?
                    .and_then(|v| {
                        v.get("student_id")
                            .and_then(Value::as_str)
                            .map(String::from)
                    })
                    .unwrap_or_default(),
            };
            let mut out = run_inner(store, Effect::LoadStudent { student }, today)?;
            out.push(Action::ConflictFound {
                conflict: Box::new(first),
                waiting: all.len(),
            });
            out
        }
        Effect::FindDrafts => {
            // Placing an older plp's drafts is tried again next time if it cannot be done now
            // (a full disk, a busy file): the offers below must not wait on it.
            let _ = store.place_old_drafts();
            // A reading copy saves no change: its typing is shown to be copied, not offered.
            if let Some(why) = store.reading_copy() {
                let shown = super::kept_typing::in_reading_copy(store, why)?;
                return Ok(std::iter::once(Action::DraftsFound(Vec::new()))
                    .chain(shown)
                    .collect());
            }
            let mut found = Vec::new();
            let mut gone = Vec::new();
            let next_year = super::year_end::year_it_makes(today).unwrap_or_default();
            for d in store.drafts()? {
                let rec = store.student(&d.key.student).ok();
                let name = rec.as_ref().map(|r| clean_line(&r.student.display_name()));
                match rec.and_then(|r| super::draft_offer::reopen(&r, &d.key, &next_year)) {
                    Some(reopen) => found.push(DraftOffer {
                        student: d.key.student.clone(),
                        name: name.unwrap_or_default(),
                        reopen,
                        typed: chrono::DateTime::parse_from_rfc3339(&d.updated)
                            .ok()
                            .map(|t| t.with_timezone(&chrono::Local).date_naive()),
                    }),
                    // Typing for something that can no longer be opened is never dropped
                    // unseen: it is shown to be copied.
                    None => gone.push((name, d)),
                }
            }
            // Offers to resume come first; typing that cannot be opened again is shown over
            // them, and typing that cannot be placed over that.
            let mut out = vec![Action::DraftsFound(found)];
            out.extend(super::kept_typing::for_what_is_gone(gone));
            out.extend(super::kept_typing::unplaced(store)?);
            out
        }
    })
}

/// A kept check-in draft as the composer takes it (only one for `student`), and, when another
/// opening of the file kept it, when it was last saved there ("09:14", or "09:14 on 28 Nov"
/// before today).
fn composer_draft(
    kept: Option<crate::store::Draft>,
    student: &str,
) -> (Option<ComposerDraft>, Option<String>) {
    let Some(kept) = kept else {
        return (None, None);
    };
    let draft = serde_json::from_str::<ComposerDraft>(&kept.body)
        .ok()
        .filter(|d| d.student_id == student);
    let elsewhere = match (&draft, kept.taken_from_elsewhere) {
        (Some(_), true) => chrono::DateTime::parse_from_rfc3339(&kept.updated)
            .ok()
            .map(|t| {
                let t = t.with_timezone(&chrono::Local);
                if t.date_naive() == chrono::Local::now().date_naive() {
                    t.format("%H:%M").to_string()
                } else {
                    t.format("%H:%M on %-d %b").to_string()
                }
            }),
        _ => None,
    };
    (draft, elsewhere)
}

/// What a year-end review says of its next check-in when it kept a later one agreed before
/// in place of the new year's first day (else nothing).
fn kept_next_words(review: &crate::domain::CheckIn, to_year: &str) -> String {
    let first = crate::domain::school_year_first_day(to_year, crate::domain::school_year_start());
    match review.next_date {
        Some(d) if Some(d) != first => format!(
            " The next check-in stays on {}, as agreed.",
            crate::domain::show_date(d)
        ),
        _ => String::new(),
    }
}

fn year_end_words(r: &crate::store::Rollover, graduates: Option<i64>) -> String {
    let n = |k: usize, one: &str, many: &str| format!("{k} {}", if k == 1 { one } else { many });
    if let Some(class) = graduates {
        return format!(
            "Saved the final review: {} met, {} dropped; no {} plan, as the class of {class} graduates.",
            n(r.met.len(), "goal", "goals"),
            r.dropped.len(),
            r.to_year
        );
    }
    format!(
        "Made the {} plan: {} carried ({}), {} met, {} dropped.",
        r.to_year,
        n(r.carried.len(), "goal", "goals"),
        n(r.strategies_carried, "strategy", "strategies"),
        r.met.len(),
        r.dropped.len()
    )
}

fn open_form(
    store: &Store,
    target: Target,
    title: String,
    shape: &Shape,
    today: chrono::NaiveDate,
) -> Result<Form, StoreError> {
    let entity = target.entity();
    let id = match &target {
        Target::Existing { id, .. } => Some(id.clone()),
        Target::New { .. } => None,
    };
    let current: Map<String, Value> = match &id {
        Some(id) => store
            .get::<Value>(entity, id)?
            .and_then(|v| v.as_object().cloned())
            .unwrap_or_default(),
        None => Map::new(),
    };
    let spec: Vec<(&'static str, &'static str)> = match shape {
        Shape::Profile { .. } => PROFILE_FIELDS.to_vec(),
        Shape::Record => fields_of(entity).to_vec(),
    };
    let mut fields = Vec::new();
    for (name, label) in spec {
        let field = entity.field(name);
        let date = field.is_some_and(|f| f.parse == Parse::Date);
        let text = match (current.get(name), &id) {
            (Some(Value::String(s)), _) if date => {
                parse_date(s).map(show_date).unwrap_or_else(|_| s.clone())
            }
            (Some(v), _) => field.map_or_else(String::new, |f| f.to_text(v)),
            // What a new record starts with, shown rather than filled in behind the form.
            (None, None) => new_value(entity, name, today),
            (None, Some(_)) => String::new(),
        };
        let base = match &id {
            Some(id) => store.field_version(id, name)?,
            None => None,
        };
        let label = if date {
            format!("{label} ({})", date_formats_near(today))
        } else {
            label.to_string()
        };
        fields.push((name, label, text, base));
    }
    let draft = match shape {
        Shape::Profile { .. } => DraftField::One(PROFILE_DRAFT.into()),
        Shape::Record => DraftField::Whole,
    };
    let fresh: Vec<bool> = fields
        .iter()
        .map(|(_, _, text, _)| id.is_none() && !text.is_empty())
        .collect();
    let mut form = Form::new(title, target, draft, fields);
    for (f, fresh) in form.fields.iter_mut().zip(fresh) {
        f.fresh = fresh;
    }
    if let Shape::Profile { focus } = shape {
        form.focus = form
            .fields
            .iter()
            .position(|f| f.name == *focus)
            .unwrap_or(0);
    }
    Ok(form)
}

/// What a field of a new record starts with in its form: today for the date something was
/// done, "active" for a status; nothing else is filled in for the advisor.
fn new_value(entity: Entity, field: &str, today: chrono::NaiveDate) -> String {
    match (entity, field) {
        (Entity::Intervention | Entity::Evidence, "date") => show_date(today),
        (Entity::Goal | Entity::Strategy, "status") => "active".into(),
        _ => String::new(),
    }
}

/// Brings typing kept for one profile field at a time (by an older plp) into the profile
/// form, and keeps it under the profile's own draft from then on.
fn take_in_field_drafts(store: &Store, form: &mut Form) -> Result<(), StoreError> {
    let mut old = Vec::new();
    for (field, _) in PROFILE_FIELDS {
        let key = form.target.draft_key(DraftField::One((*field).to_string()));
        if let Some(d) = store.draft(&key)? {
            if let Ok(Value::Object(texts)) = serde_json::from_str::<Value>(&d.body) {
                form.restore(&texts);
            }
            old.push(key);
        }
    }
    if old.is_empty() {
        return Ok(());
    }
    let mut texts = match store.draft(&form.draft_key())? {
        Some(d) => match serde_json::from_str::<Value>(&d.body) {
            Ok(Value::Object(m)) => m,
            _ => Map::new(),
        },
        None => Map::new(),
    };
    for (k, v) in form.texts() {
        texts.entry(k).or_insert(v);
    }
    store.save_draft(&form.draft_key(), &Value::Object(texts).to_string())?;
    for key in old {
        store.delete_draft(&key)?;
    }
    Ok(())
}

/// Saves a form: the new record's id (for a new one) and the changes written.
fn save_form(
    store: &mut Store,
    target: &Target,
    changes: &[FieldChange],
) -> Result<(Option<String>, Vec<String>), StoreError> {
    match target {
        Target::Existing { entity, id, .. } => {
            let entity = *entity;
            let (_, ops) = store.write_recorded(|w| {
                for c in changes {
                    let base = match &c.base {
                        Some(v) => Base::Seen(vec![v.clone()]),
                        None => Base::Current,
                    };
                    w.set_text(entity, id, &c.field, &c.text, base)?;
                }
                Ok(())
            })?;
            Ok((None, ops))
        }
        Target::New {
            entity,
            student,
            links,
        } => {
            let mut obj = Map::new();
            for c in changes {
                obj.insert(
                    c.field.clone(),
                    field_value_from_text(*entity, &c.field, &c.text)?,
                );
            }
            obj.insert("student_id".into(), Value::String(student.clone()));
            for (k, v) in links {
                obj.insert((*k).to_string(), Value::String(v.clone()));
            }
            let value = Value::Object(obj);
            let bad = |e: serde_json::Error| {
                StoreError::Invalid(crate::domain::ValidationError::new(format!(
                    "that is not a valid {}: {e}",
                    entity.word()
                )))
            };
            let (new, ops) = store.write_recorded(|w| {
                Ok(match entity {
                    Entity::Goal => {
                        let mut g: crate::domain::Goal =
                            serde_json::from_value(value.clone()).map_err(bad)?;
                        let year = links
                            .iter()
                            .find(|(k, _)| *k == "school_year")
                            .map(|(_, v)| v.clone())
                            .unwrap_or_default();
                        g.plan_id = w.ensure_plan(student, &year)?;
                        Some(w.add_goal(&g)?.0)
                    }
                    Entity::Strategy => {
                        Some(w.add_strategy(&serde_json::from_value(value.clone()).map_err(bad)?)?)
                    }
                    Entity::TeamMember => Some(
                        w.add_team_member(&serde_json::from_value(value.clone()).map_err(bad)?)?,
                    ),
                    Entity::Intervention => Some(
                        w.add_intervention(&serde_json::from_value(value.clone()).map_err(bad)?)?,
                    ),
                    Entity::Evidence => {
                        Some(w.add_evidence(&serde_json::from_value(value.clone()).map_err(bad)?)?)
                    }
                    _ => None,
                })
            })?;
            Ok((new, ops))
        }
    }
}

/// What a form's save changed, as undo names it: the field, for one field of a record that
/// was there ("Strengths", "the goal's Target"), else the record ("the goal").
fn form_what(target: &super::form::Target, changes: &[FieldChange]) -> String {
    let entity = target.entity();
    let one = match (target, changes) {
        (super::form::Target::Existing { .. }, [one]) => entity.field(&one.field),
        _ => None,
    };
    match one {
        Some(f) if entity == Entity::Student => f.short_label().to_string(),
        Some(f) => format!("the {}'s {}", entity.name(), f.short_label()),
        None => format!("the {}", entity.name()),
    }
}

/// A change made here, to undo later.
/// The sentence said as something about `student` is saved in a file whose hub login no longer
/// writes for them: it stays in this file and is not sent.
fn stays_here(store: &Store, student: &str) -> Result<Option<String>, StoreError> {
    if student.is_empty() || !store.left_hub_scope(student)? {
        return Ok(None);
    }
    let name = clean_line(&store.student(student)?.student.display_name());
    Ok(Some(crate::sync::hub::kept::stays_here_sentence(&name)))
}

fn changed(ops: Vec<String>, what: &str, student: &str) -> Action {
    Action::Changed(super::action::Change {
        ops,
        what: what.to_string(),
        student: student.to_string(),
        whole: false,
        plan_changes: false,
    })
}

/// A whole meeting written here (see [`super::action::Change::whole`]).
fn changed_whole(ops: Vec<String>, what: &str, student: &str, plan_changes: bool) -> Action {
    Action::Changed(super::action::Change {
        ops,
        what: what.to_string(),
        student: student.to_string(),
        whole: true,
        plan_changes,
    })
}
