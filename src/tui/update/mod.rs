//! `update(state, action) -> effects`: every change to the app, with no terminal and no database.

mod actions;
mod browse;
mod compose;
mod forms;
mod reports;
mod student;
mod undo;
mod year_end;

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::action::Action;
use super::composer::Letter;
use super::effects::{AfterKept, DraftSave, Effect};
use super::filter_keys::RankAhead;
use super::keymap::{self, Cmd, Ctx, When};
use super::state::{App, Overlay, Screen, StudentView};
use super::view::reading_box as overlay;
use browse::{caseload, palette};
use compose::composer;
use forms::{conflict, form};
use student::{add, student};

/// Lines moved by PgUp/PgDn.
const PAGE: usize = 10;

/// Applies one action; returns the database work it asks for.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Key(k) => on_key(app, k),
        Action::Paste(s) => on_paste(app, &s),
        Action::Letters(keys) => on_letters(app, keys),
        Action::CaseloadHeadLoaded { rows, counts } => {
            app.caseload = rows;
            app.filter_memo.reset();
            app.caseload_counts = Some(counts);
            find_look_alikes(app);
            refilter(app);
            app.spell_advisor();
            vec![]
        }
        Action::CaseloadLoaded(rows) => {
            let keep = app.selected_row().map(|r| r.id.clone());
            app.caseload = rows;
            app.filter_memo.reset();
            app.caseload_counts = None;
            find_look_alikes(app);
            refilter(app);
            app.spell_advisor();
            if let Some(id) = keep {
                if let Some(pos) = app.visible.position(|i| app.caseload[i].id == id) {
                    app.selected = pos;
                }
            }
            let hay = app.filter_memo.index(&app.caseload).hay.clone();
            let mut effects = vec![Effect::RankAhead(RankAhead::FirstKeys(hay))];
            effects.extend(reports::refresh(app));
            effects
        }
        Action::Resized(w, h) => {
            app.viewport = (w, h);
            let last: Vec<Option<usize>> = app
                .overlays
                .iter()
                .map(|o| match o {
                    Overlay::Help { ctx, .. } => Some(overlay::help_last_scroll(app, *ctx)),
                    Overlay::Lines { lines, .. } => Some(overlay::lines_last_scroll(app, lines)),
                    _ => None,
                })
                .collect();
            for (o, last) in app.overlays.iter_mut().zip(last) {
                if let (Overlay::Help { scroll, .. } | Overlay::Lines { scroll, .. }, Some(last)) =
                    (o, last)
                {
                    *scroll = (*scroll).min(last);
                }
            }
            vec![]
        }
        Action::ChangedElsewhere => {
            let mut effects = vec![Effect::LoadCaseloadBeside];
            // The open student too, where it is only being read.
            if let (Screen::Student, Some(v)) = (app.screen, &app.student) {
                if !app.has_typing() {
                    effects.push(Effect::LoadStudent {
                        student: v.record.student.id.clone(),
                    });
                }
            }
            effects
        }
        Action::RankedAhead(ranked) => {
            app.filter_memo.take_ranked(ranked);
            vec![]
        }
        Action::Changed(change) => {
            undo::changed(app, change);
            vec![]
        }
        Action::Added(id) => {
            app.select = id;
            vec![]
        }
        Action::RetiredLoaded(retired) => {
            let (today, show) = (app.today, app.show_retired);
            if let Some(v) = app.student.as_mut() {
                v.retired = *retired;
                v.rebuild(today, show);
                if let Some(id) = app.select.take() {
                    v.select_record(&id);
                }
            }
            vec![]
        }
        Action::DraftDiscarded => {
            undo::discarded(app);
            vec![]
        }
        Action::ConflictFound { conflict, waiting } => {
            let choice = if conflict.keeps_both() {
                "keep one text or merge both"
            } else {
                "keep one version or the other"
            };
            app.overlays.push(Overlay::Conflict(conflict));
            app.status = Some(match waiting {
                1 => format!("The one edit made twice at once: {choice}."),
                n => format!("{n} edits made twice at once are waiting; this is the first."),
            });
            vec![]
        }
        Action::StudentLoaded { record, conflicts } => {
            let mut view = StudentView::new(*record, conflicts, app.today);
            if let Some(old) = &app.student {
                if old.record.student.id == view.record.student.id {
                    view.retired = old.retired.clone();
                    view.year = old.year.clone();
                    view.rebuild(app.today, app.show_retired);
                    view.focus = old.focus;
                    for i in 0..3 {
                        view.selected[i] =
                            old.selected[i].min(view.items[i].len().saturating_sub(1));
                    }
                }
            }
            app.student = Some(view);
            if matches!(app.screen, Screen::Caseload | Screen::Reports) {
                app.screen = Screen::Student;
            }
            vec![]
        }
        Action::ComposerOpened {
            composer,
            resumed,
            elsewhere,
        } => {
            app.screen = Screen::Composer;
            let opening = match (resumed, elsewhere) {
                (true, Some(at)) => format!(
                    "Resumed the check-in typed until {at} and not saved, kept by a plp on this \
                     file that has closed or is open elsewhere: if it is still open, save only \
                     one of the two."
                ),
                (true, None) => "Resumed the unsaved check-in.".into(),
                (false, _) => "Type what the student says; Tab moves on.".into(),
            };
            app.status = Some(match composer.withheld_said() {
                Some(said) => format!("{opening} {said}"),
                None => opening,
            });
            app.composer = Some(composer);
            vec![]
        }
        Action::YearEndOpened { review, resumed } => {
            app.status = Some(if resumed {
                "Resumed the year-end review kept as a draft.".into()
            } else {
                let keys = crate::tui::keymap::legend(
                    review.goals_ctx(),
                    &[Cmd::GoalMet, Cmd::GoalCarry, Cmd::GoalDrop],
                );
                let ask = match review.graduates {
                    Some(class) => format!(
                        "For each goal of {} (the class of {class} graduates): {keys}.",
                        review.from_year
                    ),
                    None => format!("For each goal of {}: {keys}.", review.from_year),
                };
                match review.keeps() {
                    Some(d) => format!(
                        "{ask} The next check-in agreed for {} stays.",
                        crate::domain::show_date(d)
                    ),
                    None => ask,
                }
            });
            app.year_end = Some(review);
            app.screen = Screen::YearEnd;
            vec![]
        }
        Action::YearEndSaved(msg) => {
            year_end::close(app);
            app.unsaved = None;
            app.status = Some(msg);
            vec![]
        }
        Action::FormOpened(f) => {
            app.overlays.push(Overlay::Form(f));
            vec![]
        }
        Action::FormSaved(stays) => {
            let goals = goals_after_new_goal(app);
            if matches!(app.overlays.last(), Some(Overlay::Form(_))) {
                app.overlays.pop();
            }
            if app.composer.is_none() {
                app.unsaved = None;
            }
            app.status = Some(
                match goals.filter(|n| *n > crate::domain::GOALS_WARN_ABOVE) {
                    // Said again as it is saved: the word given as the form opened is gone by now.
                    Some(n) => {
                        format!("Saved. This plan now has {n} goals; a plan works best with 2–4.")
                    }
                    None => "Saved.".into(),
                },
            );
            add_stays_here(app, stays);
            vec![]
        }
        Action::CheckinSaved(stays) => {
            app.composer = None;
            app.unsaved = None;
            app.screen = if app.student.is_some() {
                Screen::Student
            } else {
                Screen::Caseload
            };
            app.status = Some("Check-in saved.".into());
            add_stays_here(app, stays);
            vec![]
        }
        Action::Saved(msg) => {
            app.status = Some(msg);
            vec![]
        }
        Action::Reload(id) => {
            let mut v = vec![Effect::LoadCaseload];
            if app.student.is_some() || app.screen != Screen::Caseload {
                v.push(Effect::LoadStudent { student: id });
            }
            v
        }
        Action::ShowLines { title, lines } => {
            app.overlays.push(Overlay::lines(title, lines));
            vec![]
        }
        Action::DraftsFound(found) => {
            // The newest is asked first; n shows the next, y opens one and keeps the rest.
            for (after, offer) in found.into_iter().rev().enumerate() {
                let super::action::DraftOffer {
                    student,
                    name,
                    reopen,
                    typed,
                } = offer;
                // An old draft says how old it is, so that it is not taken for today's.
                let when = match typed {
                    Some(d) if d != app.today => {
                        format!(", typed {}", crate::domain::show_date(d))
                    }
                    _ => String::new(),
                };
                let keys = match after {
                    0 => "y resumes; n keeps it for later".to_string(),
                    n => format!(
                        "y resumes it and keeps {} for the next start; n keeps it and asks about the next",
                        if n == 1 {
                            "the other draft".to_string()
                        } else {
                            format!("the other {n} drafts")
                        }
                    ),
                };
                app.overlays.push(Overlay::Confirm {
                    question: format!(
                        "Resume the unsaved {} for {name}{when}? ({keys})",
                        reopen.what
                    ),
                    yes: vec![Effect::LoadStudent { student }, reopen.open],
                    no: vec![],
                    offer: true,
                });
            }
            vec![]
        }
        Action::DraftsHeld(keys) => {
            app.drafts_held = keys;
            vec![]
        }
        Action::KeptTypingFound { title, lines, keys } => {
            // Read first; then asked whether to throw it away (kept unless the answer is yes).
            let n = keys.len();
            app.overlays.push(Overlay::Confirm {
                question: format!(
                    "Throw away the typing just shown ({})? (y throws it away; n keeps it and \
                     shows it again at the next start)",
                    if n == 1 {
                        "one draft".to_string()
                    } else {
                        format!("{n} drafts")
                    }
                ),
                yes: super::kept_typing::throw_away(keys),
                no: vec![],
                offer: false,
            });
            app.overlays.push(Overlay::lines(title, lines));
            vec![]
        }
        Action::ReportsLoaded(overview) => {
            reports::loaded(app, overview);
            vec![]
        }
        Action::Failed(mut msg) => {
            if let Some(Overlay::Form(f)) = app.overlays.last_mut() {
                // A refusal from the store, said as the form's own refusals are.
                msg = forms::sentence(&msg);
                if !msg.ends_with(['.', '!', '?']) {
                    msg.push('.');
                }
                f.error = Some(msg.clone());
            }
            app.status = Some(msg);
            vec![]
        }
        Action::SaveDraftNow => {
            app.draft_dirty = false;
            keep(app, AfterKept::Stay)
        }
        Action::DraftsKept { then } => {
            app.unsaved = None;
            if app.armed == Some(Cmd::Quit) {
                app.armed = None;
            }
            match then {
                AfterKept::Stay => {}
                AfterKept::CloseComposer => {
                    let kept = app.composer.as_ref().is_some_and(|c| !c.unchanged());
                    close_composer(app);
                    if kept {
                        app.status = Some("Check-in kept as a draft: n continues it.".into());
                    }
                }
                AfterKept::CloseForm => {
                    let kept = matches!(app.overlays.last(), Some(Overlay::Form(f)) if !f.changed().is_empty());
                    if matches!(app.overlays.last(), Some(Overlay::Form(_))) {
                        app.overlays.pop();
                    }
                    if kept {
                        app.status = Some(
                            "Kept as a draft: open it again, or resume it at the next start."
                                .into(),
                        );
                    }
                }
                AfterKept::CloseYearEnd => {
                    let kept = app.year_end.as_ref().is_some_and(|y| !y.is_empty());
                    year_end::close(app);
                    if kept {
                        app.status =
                            Some("Year-end review kept as a draft: Y continues it.".into());
                    }
                }
                AfterKept::Quit => app.quit = true,
            }
            vec![]
        }
        Action::DraftNotKept { reason, then } => {
            // The text stays on screen and in memory; saving is tried again while it is there.
            app.draft_dirty = true;
            let why = unsaved_sentence(&reason);
            app.unsaved = Some(reason);
            app.status = Some(match then {
                AfterKept::Stay => why,
                AfterKept::CloseComposer | AfterKept::CloseForm | AfterKept::CloseYearEnd => {
                    format!("Still open. {why}")
                }
                AfterKept::Quit => {
                    app.armed = Some(Cmd::Quit);
                    format!("Not quitting. {why}")
                }
            });
            if let Some(Overlay::Form(f)) = app.overlays.last_mut() {
                f.error = app.status.clone();
            }
            vec![]
        }
    }
}

/// What to say while typing exists only on screen: what to do first (a narrow status bar cuts
/// the end), then why.
pub fn unsaved_sentence(reason: &str) -> String {
    format!("Not saved (F2 retries; Ctrl-C twice quits and loses it): {reason}.")
}

pub(super) fn close_composer(app: &mut App) {
    app.composer = None;
    app.draft_dirty = false;
    app.screen = if app.student.is_some() {
        Screen::Student
    } else {
        Screen::Caseload
    };
}

/// Drafts for everything being typed now.
pub fn drafts_to_keep(app: &App) -> Vec<DraftSave> {
    let mut v = Vec::new();
    if let Some(c) = &app.composer {
        if !c.unchanged() {
            let body = serde_json::to_string(&c.draft()).unwrap_or_default();
            v.push(DraftSave {
                key: c.draft_key(),
                body,
            });
        }
    }
    if let Some(y) = &app.year_end {
        if !y.is_empty() {
            let body = serde_json::to_string(&y.draft()).unwrap_or_default();
            v.push(DraftSave {
                key: y.draft_key(),
                body,
            });
        }
    }
    for o in &app.overlays {
        if let Overlay::Form(f) = o {
            if !f.changed().is_empty() {
                let body = serde_json::Value::Object(f.draft_body()).to_string();
                v.push(DraftSave {
                    key: f.draft_key(),
                    body,
                });
            }
        }
    }
    v
}

/// The drafts kept earlier of what is open and now holds what is stored again (typed, then
/// taken back): a draft that would only put back what is stored is no draft, and goes.
fn drafts_to_drop(app: &App) -> Vec<Effect> {
    let mut keys = Vec::new();
    if let Some(c) = app.composer.as_ref().filter(|c| c.unchanged()) {
        keys.push(c.draft_key());
    }
    for o in &app.overlays {
        if let Overlay::Form(f) = o {
            if f.changed().is_empty() {
                keys.push(f.draft_key());
            }
        }
    }
    keys.into_iter()
        .filter(|k| app.drafts_held.contains(k))
        .map(|key| Effect::DeleteDraft { key })
        .collect()
}

/// Keeps everything being typed as drafts, then does `then`; with nothing to keep, `then`
/// happens at once.
pub fn keep(app: &mut App, then: AfterKept) -> Vec<Effect> {
    let mut effects = drafts_to_drop(app);
    let drafts = drafts_to_keep(app);
    if drafts.is_empty() {
        effects.extend(update(app, Action::DraftsKept { then }));
        return effects;
    }
    effects.push(Effect::KeepDrafts { drafts, then });
    effects
}

/// Effects that keep everything being typed as drafts (on the way out).
pub fn draft_effects(app: &App) -> Vec<Effect> {
    let mut effects = drafts_to_drop(app);
    let drafts = drafts_to_keep(app);
    if !drafts.is_empty() {
        effects.push(Effect::KeepDrafts {
            drafts,
            then: AfterKept::Stay,
        });
    }
    effects
}

fn on_paste(app: &mut App, s: &str) -> Vec<Effect> {
    if let Some(Overlay::Palette {
        query, selected, ..
    }) = app.overlays.last_mut()
    {
        query.push_str(&crate::domain::clean_line(s));
        *selected = 0;
        return vec![];
    }
    let filtering = app.filtering && app.overlays.is_empty();
    // Pasted over what a new record starts with, it replaces it, as typing does.
    clear_fresh_field(app);
    let one_line = match (app.overlays.last(), app.screen) {
        (Some(Overlay::Form(f)), _) => f.fields.get(f.focus).is_some_and(|x| x.one_line),
        (None, Screen::YearEnd) => app
            .year_end
            .as_ref()
            .is_some_and(|y| y.field != super::year_end::Field::Summary),
        // A date, a next date or a name typed on the last step.
        (None, Screen::Composer) => app.composer.as_ref().is_some_and(|c| c.input.is_some()),
        _ => false,
    };
    // More than the field can hold (a whole file pasted by mistake) is refused before it goes
    // in, not at the save: the field keeps what it had.
    if let Some(area) = text_field(app) {
        let most = if one_line {
            crate::domain::LINE_MAX
        } else {
            crate::domain::TEXT_MAX
        };
        let there: usize = area.lines().iter().map(|l| l.chars().count() + 1).sum();
        let pasted = crate::domain::clean_text(s).chars().count();
        let total = (there + pasted).saturating_sub(1);
        if total > most {
            app.status = Some(format!(
                "{NOT_PASTED} this field would hold {total} characters with it, and it takes at \
                 most {most}; it is as it was."
            ));
            return vec![];
        }
    }
    forget_a_refused_paste(app);
    match text_field(app) {
        Some(area) if one_line => {
            super::text::paste_line(area, s);
            app.draft_dirty = true;
        }
        Some(area) => {
            super::text::paste(area, s);
            app.draft_dirty = true;
        }
        None if filtering => {
            app.filter.push_str(&crate::domain::clean_line(s));
            query_changed(app);
            return ahead(app);
        }
        None => app.status = Some(nowhere_to_paste(app.ctx()).into()),
    }
    vec![]
}

/// Where pasted text could have gone, said where there is no text field to take it: the keys
/// named are the ones that do that here (on the composer's one-key steps, `n` and `e` rate or
/// type a date, so they are not offered).
fn nowhere_to_paste(ctx: Ctx) -> &'static str {
    match ctx {
        Ctx::ComposerRate => {
            "Nothing was pasted: the ratings take one key each. S-Tab goes back to the student's \
             words, Tab on to the adjustments."
        }
        Ctx::ComposerNext => {
            "Nothing was pasted: this step takes one key each. S-Tab goes back to the next \
             steps."
        }
        Ctx::YearEndGoals | Ctx::FinalReviewGoals => {
            "Nothing was pasted: each goal takes one key here. Tab goes on to the annual review."
        }
        Ctx::Caseload | Ctx::CaseloadFiltered | Ctx::Student => {
            "Pasted text goes into a text field: open one first (Enter or e edits, n starts a \
             check-in)."
        }
        _ => "Nothing was pasted: there is no text field here.",
    }
}

/// Whether `keys` all type into the text field the keyboard is in (none is a command there).
pub fn takes_letters(app: &App, keys: &[KeyEvent]) -> bool {
    let ctx = app.ctx();
    matches!(
        ctx,
        Ctx::ComposerText
            | Ctx::ComposerNote
            | Ctx::YearEndText
            | Ctx::FinalReviewText
            | Ctx::Form
            | Ctx::FieldForm
    ) && keys
        .iter()
        .all(|k| letter(k) && keymap::resolve(ctx, k).is_none())
}

/// Letters read in one burst: in a text field, where no letter is a command, inserted at once
/// as the keys one by one would have inserted them; elsewhere each key as itself.
fn on_letters(app: &mut App, keys: Vec<KeyEvent>) -> Vec<Effect> {
    if !takes_letters(app, &keys) {
        return keys.into_iter().flat_map(|k| on_key(app, k)).collect();
    }
    // What any key does first: a command asked twice is disarmed, a run of rating keys ends.
    app.armed = None;
    if let Some(c) = app.composer.as_mut() {
        c.end_burst();
    }
    clear_fresh_field(app);
    let typed: String = keys
        .iter()
        .filter_map(|k| match k.code {
            KeyCode::Char(c) => Some(c),
            _ => None,
        })
        .collect();
    if let Some(area) = text_field(app) {
        area.insert_str(typed);
        app.draft_dirty = true;
    }
    vec![]
}

/// The focused form field's starting text (what a new record starts with) goes at the first
/// text put in it, as typing over it does.
fn clear_fresh_field(app: &mut App) {
    if let Some(Overlay::Form(f)) = app.overlays.last_mut() {
        if let Some(x) = f.fields.get_mut(f.focus) {
            if std::mem::take(&mut x.fresh) {
                x.area = super::text::field("", "");
            }
        }
    }
}

/// The text field the keyboard is in, if it is in one: a form's focused field, or the
/// composer's or the year-end review's field with nothing over it.
fn text_field(app: &mut App) -> Option<&mut ratatui_textarea::TextArea<'static>> {
    match (app.overlays.last_mut(), app.screen) {
        (Some(Overlay::Form(f)), _) => f.focused(),
        (Some(_), _) => None,
        (None, Screen::Composer) => app.composer.as_mut().and_then(|c| c.field_mut()),
        (None, Screen::YearEnd) => app.year_end.as_mut().and_then(|y| y.field_mut()),
        (None, _) => None,
    }
}

/// Ctrl-U as a shell has it: the text before the cursor on its line goes (in a text field,
/// Ctrl-Y puts it back); at the start of a line nothing goes, the line break before it stays.
fn delete_to_line_start(app: &mut App) {
    let filtering = app.filtering && app.overlays.is_empty();
    if let Some(area) = text_field(app) {
        if area.cursor().1 > 0 && area.delete_line_by_head() {
            app.draft_dirty = true;
        }
    } else if let Some(Overlay::Palette {
        query, selected, ..
    }) = app.overlays.last_mut()
    {
        query.clear();
        *selected = 0;
    } else if filtering {
        app.filter.clear();
        query_changed(app);
    }
}

/// How the status bar starts when a paste was refused.
const NOT_PASTED: &str = "Not pasted:";

/// A refused paste's sentence is about that paste: once typing or another paste goes in, it
/// would read as if that were refused too, so it goes.
fn forget_a_refused_paste(app: &mut App) {
    if app
        .status
        .as_deref()
        .is_some_and(|s| s.starts_with(NOT_PASTED))
    {
        app.status = None;
    }
}

fn on_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    // A command that asked first is done by the same command at the very next key: any other
    // key between disarms it.
    let armed = app.armed.take();
    // A choice's own letters come before any other meaning of the key.
    if let (Some(Overlay::Choose(options)), KeyCode::Char(c)) = (app.overlays.last(), key.code) {
        if let Some(option) = options.iter().find(|o| o.key == c) {
            let what = option.what.clone();
            app.overlays.pop();
            return add(app, what);
        }
    }
    let ctx = app.ctx();
    let key = line_feed_as_enter(ctx, key);
    let cmd = keymap::resolve(ctx, &key);
    if app.stray_run {
        if typing(&key) && app.key_gap.is_some_and(|g| g < STRAY_GAP) {
            // The typing that closed a question goes on: none of it is a command (a letter
            // that opens a check-in, an Enter that opens a student), and the sentence saying
            // what closing it did stays; in a text field it is text.
            if cmd.is_some() || !takes_text(ctx) {
                return vec![];
            }
        } else {
            app.stray_run = false;
        }
    }
    // In a terminal too small to draw in, nothing is shown: a key would act unseen (open a
    // student, retire, undo). Only quitting does; typing into an open form or check-in goes
    // on, as the screen says.
    if app.too_small() && !app.has_typing() && cmd != Some(Cmd::Quit) {
        return vec![];
    }
    if cmd.is_some() && cmd == armed {
        app.armed = armed;
    }
    if cmd == Some(Cmd::Quit) && app.unsaved.is_some() && app.has_typing() {
        if armed == Some(Cmd::Quit) {
            app.quit = true;
        } else {
            app.armed = Some(Cmd::Quit);
            app.status = Some(
                "The typing on screen is not saved anywhere: Ctrl-C again quits and loses it."
                    .into(),
            );
        }
        return vec![];
    }
    if ctx == Ctx::ComposerNext && cmd == Some(Cmd::Save) && key.code == KeyCode::Enter {
        if let Some(c) = app.composer.as_mut().filter(|c| c.stray) {
            c.stray = false;
            c.end_burst();
            app.status = Some(NOT_SAVED_YET.into());
            return vec![];
        }
    }
    // Letters on the rating step and the last step are told from typing before any of them
    // rates or ticks (a digit is a goal's rating or weeks to the next check-in, seldom in a word:
    // it ends a run of letters as other keys do).
    if let Some(c) = app.composer.as_mut() {
        let digit = matches!(key.code, KeyCode::Char(d) if d.is_ascii_digit());
        let choosing = matches!(ctx, Ctx::ComposerRate | Ctx::ComposerNext);
        if !choosing || !letter(&key) || digit {
            c.end_burst();
        } else if let Letter::Typing { undone } = c.letter(cmd.is_some()) {
            if undone {
                app.draft_dirty = true;
            }
            app.status = Some(if ctx == Ctx::ComposerNext {
                // Enter right after asks again before it saves.
                c.stray = true;
                LOOKS_TYPED_LAST.into()
            } else {
                LOOKS_TYPED.into()
            });
            return vec![];
        }
    }
    // Typing into a text field keeps the status bar's sentence; the palette's query does not.
    if cmd.is_some() || !takes_text(ctx) || ctx == Ctx::Palette {
        app.status = None;
    } else {
        forget_a_refused_paste(app);
    }
    if ctx == Ctx::Confirm
        && !matches!(
            cmd,
            Some(Cmd::Yes | Cmd::No | Cmd::Back | Cmd::Help | Cmd::Quit | Cmd::Suspend)
        )
    {
        return not_an_answer(app);
    }
    match (ctx, cmd) {
        (_, Some(cmd)) => run(app, ctx, cmd),
        (Ctx::ComposerText | Ctx::ComposerNote, None) if typed(&key) => {
            if let Some(area) = app.composer.as_mut().and_then(|c| c.field_mut()) {
                area.input(key);
                app.draft_dirty = true;
            }
            vec![]
        }
        (Ctx::YearEndText | Ctx::FinalReviewText, None) if typed(&key) => {
            if let Some(y) = app.year_end.as_mut() {
                // Enter in a one-line field (the date, who was there) moves to the next one.
                if key.code == KeyCode::Enter && y.field != super::year_end::Field::Summary {
                    y.next_field();
                } else if let Some(area) = y.field_mut() {
                    area.input(key);
                    app.draft_dirty = true;
                }
            }
            vec![]
        }
        (Ctx::Form | Ctx::FieldForm, None) if typed(&key) => {
            if let Some(Overlay::Form(f)) = app.overlays.last_mut() {
                if f.input(key) {
                    app.draft_dirty = true;
                } else {
                    let keys = keymap::legend(ctx, &[Cmd::NextPane, Cmd::Save]);
                    app.status = Some(format!("One line here: {keys}."));
                }
            }
            vec![]
        }
        (
            Ctx::ComposerRate | Ctx::ComposerNext | Ctx::YearEndGoals | Ctx::FinalReviewGoals,
            None,
        ) if letter(&key) => {
            if let Some(c) = app.composer.as_mut() {
                c.stray = ctx == Ctx::ComposerNext;
            }
            // The year-end goals come first: there is no step back to go to.
            let said = if matches!(ctx, Ctx::YearEndGoals | Ctx::FinalReviewGoals) {
                NOT_TEXT_FIRST
            } else {
                NOT_TEXT
            };
            app.status = Some(said.into());
            vec![]
        }
        (Ctx::Filter | Ctx::Palette, None) => {
            edit_line(app, key);
            ahead(app)
        }
        _ => vec![],
    }
}

/// A key that answers nothing while a question is open: typing that went on before the question
/// was read. The question is closed as if answered no (nothing is done), so that a `y` further on
/// in the same typing cannot answer it, and the rest of that typing is no command either (see
/// `App::stray_run`); offers of drafts are all put away at once, each draft kept for the next
/// start and marked on the caseload and in its student's pane.
fn not_an_answer(app: &mut App) -> Vec<Effect> {
    let Some(Overlay::Confirm { no, offer, yes, .. }) = app.overlays.pop() else {
        return vec![];
    };
    app.stray_run = true;
    if offer {
        // The offer answered and those put away with it (newest first), one draft each.
        let mut put_away = vec![yes];
        while let Some(i) = app
            .overlays
            .iter()
            .rposition(|o| matches!(o, Overlay::Confirm { offer: true, .. }))
        {
            if let Overlay::Confirm { yes, .. } = app.overlays.remove(i) {
                put_away.push(yes);
            }
        }
        // Whose they are, so that each can be found again on the caseload.
        let mut names: Vec<String> = Vec::new();
        for student in put_away.iter().flatten().filter_map(|e| match e {
            Effect::LoadStudent { student } => Some(student),
            _ => None,
        }) {
            if let Some(r) = app.caseload.iter().find(|r| r.id == *student) {
                let name = crate::domain::clean_line(r.name.trim());
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        let whose = match names.as_slice() {
            [] => String::new(),
            [one] => format!(" for {one}"),
            [a, b] => format!(" for {a} and {b}"),
            [a, b, _] => format!(" for {a}, {b} and one other"),
            [a, b, rest @ ..] => format!(" for {a}, {b} and {} others", rest.len()),
        };
        let mark = super::view::DRAFT_MARK;
        app.status = Some(if put_away.len() == 1 {
            format!(
                "Typing closed the question: the unsaved draft{whose} is kept for later, marked \
                 on the caseload ({mark}) and in the student's pane."
            )
        } else {
            format!(
                "Typing closed the question: the unsaved drafts{whose} are kept for later, each \
                 marked on the caseload ({mark}) and in its student's pane."
            )
        });
    } else {
        app.status = Some("Typing closed the question, as a no: nothing was done.".into());
    }
    no
}

/// Keys closer together than this are one run of typing: the rest of the typing that closed a
/// question (a person typing a word, about 100-250 ms between keys, or keys sent at once).
const STRAY_GAP: std::time::Duration = std::time::Duration::from_millis(400);

/// Whether typing in `ctx` is text: a field, the caseload's filter, the palette's query.
fn takes_text(ctx: Ctx) -> bool {
    matches!(
        ctx,
        Ctx::ComposerText
            | Ctx::ComposerNote
            | Ctx::Form
            | Ctx::FieldForm
            | Ctx::Filter
            | Ctx::Palette
            | Ctx::YearEndText
            | Ctx::FinalReviewText
    )
}

/// A key of typing: a character without Ctrl or Alt, Enter or Backspace.
fn typing(key: &KeyEvent) -> bool {
    let plain = !key.modifiers.intersects(
        ratatui::crossterm::event::KeyModifiers::CONTROL
            | ratatui::crossterm::event::KeyModifiers::ALT,
    );
    plain
        && matches!(
            key.code,
            KeyCode::Char(_) | KeyCode::Enter | KeyCode::Backspace
        )
}

/// Typing into the caseload filter or the palette's query.
fn edit_line(app: &mut App, key: KeyEvent) {
    let palette = matches!(app.overlays.last(), Some(Overlay::Palette { .. }));
    let line = match app.overlays.last_mut() {
        Some(Overlay::Palette {
            query, selected, ..
        }) => {
            *selected = 0;
            query
        }
        _ => &mut app.filter,
    };
    match key.code {
        KeyCode::Backspace => {
            line.pop();
        }
        KeyCode::Char(c)
            if !key
                .modifiers
                .contains(ratatui::crossterm::event::KeyModifiers::CONTROL) =>
        {
            line.push(c)
        }
        _ => return,
    }
    if !palette {
        query_changed(app);
    }
}

/// Finds the students whose names look like another's (they are shown with their SIS id).
fn find_look_alikes(app: &mut App) {
    let mut seen: std::collections::HashMap<String, Vec<&str>> = Default::default();
    for r in &app.caseload {
        seen.entry(super::view::width::looks_like(&r.name))
            .or_default()
            .push(&r.id);
    }
    app.look_alikes = seen
        .into_values()
        .filter(|ids| ids.len() > 1)
        .flatten()
        .map(str::to_string)
        .collect();
}

/// The filter's next keys to work out beside the screen, after a key typed in it.
fn ahead(app: &mut App) -> Vec<Effect> {
    app.filter_memo
        .ahead()
        .map(Effect::RankAhead)
        .into_iter()
        .collect()
}

/// Recomputes which caseload lines pass the filter (fuzzy, best first).
pub fn refilter(app: &mut App) {
    app.visible = app
        .filter_memo
        .visible(&app.caseload, &app.view, &app.filter);
    if app.selected >= app.visible.len() {
        app.selected = app.visible.len().saturating_sub(1);
    }
}

/// The filter's query changed: the list is ranked again and its best match, at the top, is
/// selected (the line number selected before now holds someone else).
fn query_changed(app: &mut App) {
    refilter(app);
    app.selected = 0;
}

/// Who the caseload shows changed, not the query: the list is worked out again and the student
/// selected stays selected when still shown (the top line otherwise).
pub(super) fn refilter_keeping_selected(app: &mut App) {
    // The caseload is not read again here, so its lines keep their places.
    let keep = app.visible.get(app.selected);
    refilter(app);
    app.selected = keep
        .and_then(|line| app.visible.position(|i| i == line))
        .unwrap_or(0);
}

pub(super) fn moved(pos: usize, len: usize, cmd: Cmd) -> usize {
    let last = len.saturating_sub(1);
    match cmd {
        Cmd::Up => pos.saturating_sub(1),
        Cmd::Down => (pos + 1).min(last),
        Cmd::Top => 0,
        Cmd::Bottom => last,
        Cmd::PageUp => pos.saturating_sub(PAGE),
        Cmd::PageDown => (pos + PAGE).min(last),
        _ => pos,
    }
}

pub(super) fn is_move(cmd: Cmd) -> bool {
    matches!(
        cmd,
        Cmd::Up | Cmd::Down | Cmd::Top | Cmd::Bottom | Cmd::PageUp | Cmd::PageDown
    )
}

/// Said when a letter is typed where each key chooses (rating, the last step, year-end goals).
const NOT_TEXT: &str = "Not a text field: one key each here (F1 lists them); S-Tab goes back.";

/// [`NOT_TEXT`] on a first step, with no step back.
const NOT_TEXT_FIRST: &str = "Not a text field: one key each here (F1 lists them).";

/// Said when letters pressed one after another on the rating step look like typing.
const LOOKS_TYPED: &str =
    "Not a text field: those letters looked like typing, so they changed no rating. \
                           Enter types a note on a strategy; ↓ goes on rating; S-Tab goes back to the words.";

/// Said when letters pressed one after another on the last step look like typing.
const LOOKS_TYPED_LAST: &str =
    "Not a text field: those letters looked like typing, so they changed nothing here. \
     Next steps are typed a step back (S-Tab); Enter saves.";

/// Said when Enter would save a check-in right after letters typed on its last step.
const NOT_SAVED_YET: &str = "Not saved yet: letters were typed here, not text; Enter again saves.";

/// A printable character typed without Ctrl or Alt.
pub fn letter(key: &KeyEvent) -> bool {
    use ratatui::crossterm::event::KeyModifiers;
    matches!(key.code, KeyCode::Char(_))
        && !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
}

/// Whether a key that has no command here is one a text field takes (a stray F-key is not).
/// In a text field, a line feed (Ctrl-J) is Enter: it is what a terminal that does not mark
/// pastes sends for each new line of pasted text, and the text area's own meaning for it
/// (delete the line up to the cursor) would throw away each line as the next one began.
fn line_feed_as_enter(ctx: Ctx, key: KeyEvent) -> KeyEvent {
    let text = matches!(
        ctx,
        Ctx::ComposerText
            | Ctx::ComposerNote
            | Ctx::Form
            | Ctx::FieldForm
            | Ctx::YearEndText
            | Ctx::FinalReviewText
    );
    if text
        && key.code == KeyCode::Char('j')
        && key.modifiers == ratatui::crossterm::event::KeyModifiers::CONTROL
    {
        KeyEvent::new(
            KeyCode::Enter,
            ratatui::crossterm::event::KeyModifiers::NONE,
        )
    } else {
        key
    }
}

fn typed(key: &KeyEvent) -> bool {
    !matches!(
        key.code,
        KeyCode::F(_) | KeyCode::Insert | KeyCode::Null | KeyCode::Modifier(_) | KeyCode::Media(_)
    )
}

/// Runs a command in a context (from a key or from the palette).
pub fn run(app: &mut App, ctx: Ctx, cmd: Cmd) -> Vec<Effect> {
    match cmd {
        Cmd::Help if ctx == Ctx::Help => {
            app.overlays.pop();
            return vec![];
        }
        Cmd::Help => {
            app.overlays.push(Overlay::Help { ctx, scroll: 0 });
            return vec![];
        }
        Cmd::Palette => {
            app.overlays.push(Overlay::Palette {
                query: String::new(),
                selected: 0,
                ctx,
            });
            return vec![];
        }
        Cmd::Quit => return keep(app, AfterKept::Quit),
        // Enter on a check-in reads it whole where it cannot be edited.
        Cmd::Edit
            if app.typing_refused && ctx == Ctx::Student && app.offers(When::CheckinToRead) => {}
        _ if app.typing_refused && cmd.writes() => {
            app.status = app
                .read_only
                .as_ref()
                .map(|why| format!("Read-only: {why}"));
            return vec![];
        }
        Cmd::DeleteToLineStart => {
            delete_to_line_start(app);
            return vec![];
        }
        Cmd::PutBack => {
            if text_field(app).is_some_and(|area| area.paste()) {
                app.draft_dirty = true;
            }
            return vec![];
        }
        Cmd::LineEnd | Cmd::LineStart | Cmd::WordBack | Cmd::WordForward => {
            use ratatui_textarea::CursorMove as M;
            let to = match cmd {
                Cmd::LineEnd => M::End,
                Cmd::LineStart => M::Head,
                Cmd::WordBack => M::WordBack,
                _ => M::WordForward,
            };
            if let Some(area) = text_field(app) {
                area.move_cursor(to);
            }
            return vec![];
        }
        Cmd::DeleteWordBefore | Cmd::DeleteToLineEnd => {
            let deleted = text_field(app).is_some_and(|area| {
                if cmd == Cmd::DeleteWordBefore {
                    area.delete_word()
                } else {
                    area.delete_line_by_end()
                }
            });
            if deleted {
                app.draft_dirty = true;
            }
            return vec![];
        }
        Cmd::UndoTyping => {
            match text_field(app).map(|area| area.undo()) {
                Some(true) => app.draft_dirty = true,
                _ => app.status = Some("Nothing typed here to undo.".into()),
            }
            return vec![];
        }
        Cmd::Suspend => {
            app.suspend = true;
            return draft_effects(app);
        }
        c if undo::handles(c) => return undo::run(app, c),
        Cmd::ExportPrintout | Cmd::Conflicts => return actions::run(app, cmd),
        _ => {}
    }
    match ctx {
        Ctx::Palette => palette(app, cmd),
        Ctx::Caseload | Ctx::CaseloadFiltered | Ctx::Filter => caseload(app, cmd),
        Ctx::Student | Ctx::StudentPast => student(app, cmd),
        Ctx::YearEndGoals | Ctx::YearEndText | Ctx::FinalReviewGoals | Ctx::FinalReviewText => {
            year_end::year_end(app, cmd)
        }
        Ctx::ComposerText | Ctx::ComposerRate | Ctx::ComposerNext | Ctx::ComposerNote => {
            composer(app, cmd)
        }
        Ctx::Form | Ctx::FieldForm => form(app, cmd),
        Ctx::Confirm => {
            let Some(Overlay::Confirm { yes, no, offer, .. }) = app.overlays.pop() else {
                return vec![];
            };
            match cmd {
                Cmd::Yes => {
                    if offer {
                        app.overlays
                            .retain(|o| !matches!(o, Overlay::Confirm { offer: true, .. }));
                    }
                    yes
                }
                _ => no,
            }
        }
        Ctx::Conflict | Ctx::OneValueConflict => conflict(app, cmd),
        Ctx::Reports => reports::reports(app, cmd),
        Ctx::Help | Ctx::Lines | Ctx::CheckinShown | Ctx::AddMenu => reading(app, cmd),
    }
}

/// Keys in the overlays that are read (help, history, a check-in shown whole, the add menu).
fn reading(app: &mut App, cmd: Cmd) -> Vec<Effect> {
    // How far what is read scrolls: its last row at the foot of its box.
    let last = match app.overlays.last() {
        Some(Overlay::Lines { lines, .. }) => overlay::lines_last_scroll(app, lines),
        Some(Overlay::Help { ctx, .. }) => overlay::help_last_scroll(app, *ctx),
        _ => 0,
    };
    match app.overlays.last_mut() {
        Some(Overlay::Lines { scroll, .. } | Overlay::Help { scroll, .. }) if is_move(cmd) => {
            *scroll = moved(*scroll, last + 1, cmd);
        }
        Some(Overlay::Lines {
            edit: Some(effect), ..
        }) if cmd == Cmd::Edit => {
            let effect = (**effect).clone();
            app.overlays.pop();
            return vec![effect];
        }
        Some(Overlay::Lines {
            history: Some(effect),
            ..
        }) if cmd == Cmd::History => return vec![(**effect).clone()],
        _ if cmd == Cmd::Back => {
            app.overlays.pop();
        }
        _ => {}
    }
    vec![]
}

/// How many goals the plan holds once the form on top, a new goal's, is saved (none for any
/// other form): the student's view is of before the save.
/// Adds to the status line what was just saved stays in this file, when it does.
fn add_stays_here(app: &mut App, stays: Option<String>) {
    if let (Some(status), Some(stays)) = (app.status.as_mut(), stays) {
        status.push(' ');
        status.push_str(&stays);
        status.push('.');
    }
}

fn goals_after_new_goal(app: &App) -> Option<usize> {
    let Some(Overlay::Form(f)) = app.overlays.last() else {
        return None;
    };
    let crate::tui::form::Target::New {
        entity: crate::store::Entity::Goal,
        links,
        ..
    } = &f.target
    else {
        return None;
    };
    let year = links.iter().find(|(k, _)| *k == "school_year")?;
    Some(app.student.as_ref()?.goals_in(&year.1) + 1)
}
