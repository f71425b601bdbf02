//! A student's pane says when typing for it waits as a draft (kept when a form or the composer
//! was left, or when plp stopped), and which key takes it up again where one key does.

use crate::store::{DraftKey, DraftRecord, Entity};
use crate::tui::keymap::{key_of, Cmd, Ctx};
use crate::tui::state::{App, Overlay, Pane, StudentView};

/// The words after `pane`'s title (`""` when no typing for it waits): typing that is open on
/// screen now is not waiting.
pub fn marker(app: &App, view: &StudentView, pane: Pane) -> String {
    let waiting = waiting_in(app, view, pane);
    if waiting.is_empty() {
        return String::new();
    }
    let new_of = |kind: Entity| {
        waiting
            .iter()
            .any(|k| k.kind == kind && matches!(k.record, DraftRecord::New { .. }))
    };
    if pane == Pane::Log && new_of(Entity::CheckIn) {
        let key = key_of(Ctx::Student, Cmd::NewCheckin);
        return format!(" · unsaved check-in: {key} resumes it");
    }
    if pane == Pane::Goals && new_of(Entity::Plan) {
        let key = key_of(Ctx::Student, Cmd::YearEndReview);
        return format!(" · year-end review unsaved: {key} resumes it");
    }
    " · unsaved typing: open it again".to_string()
}

/// Whether a new check-in of this student waits unsaved (not open on screen now).
pub fn new_checkin_waits(app: &App, view: &StudentView) -> bool {
    waiting_in(app, view, Pane::Log)
        .iter()
        .any(|k| k.kind == Entity::CheckIn && matches!(k.record, DraftRecord::New { .. }))
}

/// The drafts of this student's `pane` waiting to be taken up again.
fn waiting_in<'a>(app: &'a App, view: &StudentView, pane: Pane) -> Vec<&'a DraftKey> {
    let student = &view.record.student.id;
    let open = open_on_screen(app);
    app.drafts_held
        .iter()
        .filter(|k| k.student == *student && pane_of(k) == pane && !open.contains(k))
        .filter(|k| opens_again(k, app, view))
        .collect()
}

/// The students (by id) for whom typing waits as a draft: a check-in, a form or a year-end
/// review, not the one open on screen now. Worked out once per frame from the few drafts held,
/// for the caseload's lines to mark.
pub fn students_waiting(app: &App) -> Vec<&str> {
    let open = open_on_screen(app);
    let mut ids: Vec<&str> = Vec::new();
    for k in &app.drafts_held {
        if !open.contains(k) && !ids.contains(&k.student.as_str()) {
            ids.push(&k.student);
        }
    }
    ids
}

/// The drafts of what is open on screen now: the forms, the composer and the year-end review.
fn open_on_screen(app: &App) -> Vec<DraftKey> {
    app.overlays
        .iter()
        .filter_map(|o| match o {
            Overlay::Form(f) => Some(f.draft_key()),
            _ => None,
        })
        .chain(app.composer.as_ref().map(|c| c.draft_key()))
        .chain(app.year_end.as_ref().map(|y| y.draft_key()))
        .collect()
}

/// Whether the draft is taken up again by opening what it was typed in, by the rule the offer
/// at start follows: not one for a record no longer in the student's record, nor a year-end
/// review for another year than the one a review opened today makes (those are shown at start
/// to be copied).
fn opens_again(key: &DraftKey, app: &App, view: &StudentView) -> bool {
    let next_year = crate::tui::year_end::year_it_makes(app.today).unwrap_or_default();
    crate::tui::draft_offer::reopen(&view.record, key, &next_year).is_some()
}

/// The pane a draft's record is shown in.
fn pane_of(key: &DraftKey) -> Pane {
    match key.kind {
        Entity::Student | Entity::TeamMember | Entity::Intervention => Pane::Profile,
        Entity::Plan | Entity::Goal | Entity::Strategy | Entity::Evidence => Pane::Goals,
        Entity::CheckIn => Pane::Log,
    }
}
