//! The terminal app: the caseload, the student workspace and the check-in composer.
//!
//! Shape: `state` (plain data) → `action` → `update` (pure) → `effects` (the database) → `view`.
//! Keys are looked up in the one `keymap` table.

pub mod action;
pub mod background;
pub mod caseload_index;
pub mod caseload_view;
pub mod composer;
pub mod composer_save;
pub mod draft_offer;
pub mod effects;
pub mod error;
pub mod filter;
pub mod filter_found;
pub mod filter_keys;
pub mod filter_memo;
pub mod filter_score;
pub mod filter_text;
pub mod form;
pub mod help;
pub mod kept_typing;
pub mod keymap;
pub mod output;
pub mod printout_file;
pub mod reports;
pub mod state;
pub mod terminal;
pub mod text;
pub mod update;
pub mod view;
pub mod year_end;

use chrono::NaiveDate;
use ratatui::crossterm::event::{self, Event, KeyEventKind};
use std::collections::VecDeque;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::error::Result;
use crate::store::Store;
use action::Action;
use effects::Effect;
use error::TuiError;
use state::App;

/// Typing is saved as a draft at most this long after it happens: what a killed process can
/// lose (a save is one small write, a few a second while typing).
pub const DRAFT_DELAY: Duration = Duration::from_millis(250);
/// How often signals are looked at while waiting for a key (nothing is redrawn).
const SIGNAL_POLL: Duration = Duration::from_millis(250);

/// Runs effects and the actions they produce until nothing is left to do.
pub fn dispatch(app: &mut App, store: &mut Store, action: Action) {
    dispatch_with(app, store, action, None);
}

/// [`dispatch`], with long reads started beside the screen when `background` is given.
pub fn dispatch_with(
    app: &mut App,
    store: &mut Store,
    action: Action,
    mut background: Option<&mut background::Background>,
) {
    let mut effects: VecDeque<Effect> = update::update(app, action).into();
    while let Some(e) = effects.pop_front() {
        let e = match background.as_deref_mut() {
            Some(bg) => match bg.start(e, app.today) {
                Some(e) => e,
                None => continue,
            },
            None => e,
        };
        for a in effects::run(store, e, app.today) {
            effects.extend(update::update(app, a));
        }
    }
    app.read_only = store.writes_refused();
    app.reading_copy = store.reading_copy().is_some();
    app.typing_refused = store.typing_refused();
}

/// Opens the caseload in the terminal.
pub fn run(path: &Path, today: NaiveDate) -> Result {
    use std::io::IsTerminal;
    // Checked before the file is opened: a file is never made for an app that cannot start.
    if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
        return Err(TuiError::NoTerminal.into());
    }
    let new = !path.exists();
    let mut store = crate::database::open_store(path)?;
    let mut app = App::new(today);
    // The settings were checked before the app was started; unreadable ones mean no name.
    app.set_me(
        crate::config::load()
            .ok()
            .and_then(|c| crate::config::advisor(&c)),
    );
    app.read_only = store.writes_refused();
    app.reading_copy = store.reading_copy().is_some();
    app.typing_refused = store.typing_refused();
    // A file that takes no change says why once, as it opens; the status bar marks it after.
    app.status = store.notice().map(str::to_string).or_else(|| {
        app.read_only
            .as_ref()
            .map(|why| format!("Read-only: {why}"))
    });
    // A mistyped --db or $PLP_DB is seen at once, as the imports say it.
    if new {
        app.status = Some(format!(
            "Made a new database at {} (no file was there)",
            path.display()
        ));
    }
    let theme = view::Theme::from_env();
    let signals = terminal::Signals::register().map_err(TuiError::Start)?;
    let mut term = terminal::Term::enter().map_err(TuiError::Enter)?;
    // The first screen needs only the lines it shows; the rest is read once it is drawn.
    let lines = term.terminal.size().map_or(24, |s| usize::from(s.height));
    // Everyone's first lines are read first; a narrower view needs the whole list to choose.
    let first = if app.view == caseload_view::CaseloadView::default() {
        Effect::LoadCaseloadHead { lines }
    } else {
        Effect::LoadCaseload
    };
    for e in [first, Effect::FindDrafts] {
        for a in effects::run(&mut store, e, today) {
            update::update(&mut app, a);
        }
    }
    let result = event_loop(&mut app, &mut store, &mut term, &theme, &signals);
    // Whatever ended the loop, typing still on screen is kept as a draft, and the shell is
    // told so once the screen is given back.
    let mut kept = false;
    let mut lost = false;
    for e in update::draft_effects(&app) {
        let done = effects::run(&mut store, e, today);
        lost |= done.iter().any(|a| matches!(a, Action::Failed(_)));
        kept = true;
    }
    drop(term);
    if kept && !lost && app.unsaved.is_none() {
        crate::error::tell(format_args!(
            "plp: what was being typed is kept as a draft: plp offers it again when it opens"
        ));
    }
    Ok(result?)
}

/// Hands the app what arrived from beside the screen; whether the screen changed.
fn take_arrived(app: &mut App, store: &mut Store, bg: &mut background::Background) -> bool {
    let mut changed = false;
    for a in bg.arrived() {
        // Rankings made ahead change nothing on screen: no frame for them (a frame nobody
        // asked for would also be taken for the echo of a key being typed).
        changed |= !matches!(a, Action::RankedAhead(..));
        dispatch_with(app, store, a, Some(bg));
    }
    changed
}

fn event_loop(
    app: &mut App,
    store: &mut Store,
    term: &mut terminal::Term,
    theme: &view::Theme,
    signals: &terminal::Signals,
) -> std::result::Result<(), TuiError> {
    let fail = TuiError::Terminal;
    let mut redraw = true;
    let mut rest_read = app.caseload_counts.is_none();
    let mut dirty_since: Option<Instant> = None;
    let mut bg = background::Background::new(store.path().to_path_buf());
    // What another process last wrote to the file, as this store last read it, and which file
    // is at the path (a restore puts another there).
    let mut outside = store.outside_writes().ok();
    let mut at_path = file_at(store.path());
    // Events read with a run of letters and not yet handled, in order (never dropped).
    let mut pending: VecDeque<Event> = VecDeque::new();
    // When the key before came (see `App::key_gap`).
    let mut last_key: Option<std::time::Instant> = None;
    loop {
        redraw |= take_arrived(app, store, &mut bg);
        if signals.resized() {
            // The window changed size (no key needed): draw again from nothing.
            term.resized().map_err(fail)?;
            redraw = true;
        }
        if redraw {
            // What is scrolled in a box is bounded by the size it is drawn at.
            if let Ok(size) = term.terminal.size() {
                if (size.width, size.height) != app.viewport {
                    dispatch_with(app, store, Action::Resized(size.width, size.height), None);
                }
            }
            term.draw(|f| view::draw(f, app, theme)).map_err(fail)?;
            redraw = false;
            if !rest_read {
                // The rest of the caseload, once the first screen is up (tried once).
                rest_read = true;
                for a in effects::run(store, Effect::LoadCaseload, app.today) {
                    dispatch_with(app, store, a, Some(&mut bg));
                }
                redraw = true;
            }
        }
        if app.quit || signals.pending() || terminal::hung_up() {
            return Ok(());
        }
        if app.suspend {
            // Ctrl-Z: typing was kept as a draft when the key was handled.
            app.suspend = false;
            if terminal::can_suspend() {
                term.suspend().map_err(fail)?;
            } else {
                app.status = Some(no_shell_sentence(app.ctx()));
            }
            redraw = true;
            continue;
        }
        let wait = match dirty_since {
            Some(t) => DRAFT_DELAY.saturating_sub(t.elapsed()).min(SIGNAL_POLL),
            None => SIGNAL_POLL,
        };
        // While reports are read beside the screen, look for them often.
        let wait = if bg.busy() {
            wait.min(Duration::from_millis(20))
        } else {
            wait
        };
        // The frame is out: the filter's work ahead may start.
        bg.release();
        // The event reader may already hold keys it read along with a resize: those are
        // handled now, not when the next byte comes.
        let held = !pending.is_empty()
            || (!terminal::hung_up() && event::poll(Duration::ZERO).map_err(fail)?);
        let input = if held {
            terminal::Input::Ready
        } else {
            terminal::wait_input(wait)
        };
        match input {
            terminal::Input::HungUp => return Ok(()),
            terminal::Input::Nothing => {
                // Idle: a sync in another terminal shows here, once nothing is being typed. One
                // reading at a time: a long sync's many writes are read as they settle, never
                // piled up beside the screen.
                if !app.has_typing() && !bg.busy() {
                    let now_at_path = file_at(store.path());
                    if now_at_path.is_some() && now_at_path != at_path {
                        // `plp restore` put another file at the path: the app goes on with it,
                        // as opening plp again would (the one before is kept beside it).
                        at_path = now_at_path;
                        match Store::open(store.path()) {
                            Ok(reopened) => {
                                *store = reopened;
                                outside = None;
                                app.status = Some(
                                    "The file was replaced (plp restore?): plp now shows the one \
                                     at its path; the one before is kept beside it."
                                        .into(),
                                );
                            }
                            Err(e) => app.status = Some(e.to_string()),
                        }
                    }
                    let now = store.outside_writes().ok();
                    if now != outside {
                        outside = now;
                        dispatch_with(app, store, Action::ChangedElsewhere, Some(&mut bg));
                        redraw = true;
                    }
                }
            }
            terminal::Input::Ready => {
                // What was worked out beside the screen while waiting, before the keys that
                // may use it.
                redraw |= take_arrived(app, store, &mut bg);
                // Everything the reader can give now, without waiting; a terminal that went
                // away meanwhile is never handed to it (it would read end-of-file forever).
                while !pending.is_empty()
                    || (!terminal::hung_up()
                        && !signals.pending()
                        && event::poll(Duration::ZERO).map_err(fail)?)
                {
                    let (event, from_reader) = match pending.pop_front() {
                        Some(e) => (e, false),
                        None => (event::read().map_err(fail)?, true),
                    };
                    let action = match event {
                        Event::Key(k)
                            if k.kind == KeyEventKind::Press
                                && update::letter(&k)
                                && from_reader =>
                        {
                            // Letters already read with it, up to the first other event.
                            let mut keys = vec![k];
                            while keys.len() < LETTERS_AT_ONCE
                                && event::poll(Duration::ZERO).map_err(fail)?
                            {
                                match event::read().map_err(fail)? {
                                    Event::Key(k)
                                        if k.kind == KeyEventKind::Press && update::letter(&k) =>
                                    {
                                        keys.push(k)
                                    }
                                    other => {
                                        pending.push_back(other);
                                        break;
                                    }
                                }
                            }
                            if keys.len() > 1 && update::takes_letters(app, &keys) {
                                Some(Action::Letters(keys))
                            } else {
                                // Anywhere else each key is its own action, in order.
                                for k in keys.drain(1..).rev() {
                                    pending.push_front(Event::Key(k));
                                }
                                Some(Action::Key(k))
                            }
                        }
                        Event::Key(k) if k.kind == KeyEventKind::Press => Some(Action::Key(k)),
                        Event::Paste(s) => Some(Action::Paste(s)),
                        Event::Resize(..) => {
                            term.resized().map_err(fail)?;
                            redraw = true;
                            None
                        }
                        _ => None,
                    };
                    if let Some(a) = action {
                        if matches!(a, Action::Key(_) | Action::Letters(_)) {
                            let now = std::time::Instant::now();
                            app.key_gap = last_key.map(|t| now.duration_since(t));
                            last_key = Some(now);
                        }
                        dispatch_with(app, store, a, Some(&mut bg));
                        redraw = true;
                    }
                    if app.quit || app.suspend {
                        break;
                    }
                    // Keys that keep coming (a long paste sent as keys) never hold back the
                    // draft: what is typed is saved within a second all the same.
                    save_draft_when_due(app, store, &mut dirty_since);
                }
            }
        }
        redraw |= save_draft_when_due(app, store, &mut dirty_since);
    }
}

/// The most letters taken in as one insertion.
const LETTERS_AT_ONCE: usize = 4096;

/// Saves the draft once typing has waited [`DRAFT_DELAY`] unsaved; whether it did.
fn save_draft_when_due(
    app: &mut App,
    store: &mut Store,
    dirty_since: &mut Option<Instant>,
) -> bool {
    if !app.draft_dirty {
        *dirty_since = None;
        return false;
    }
    let since = *dirty_since.get_or_insert_with(Instant::now);
    if since.elapsed() < DRAFT_DELAY {
        return false;
    }
    dispatch(app, store, Action::SaveDraftNow);
    *dirty_since = None;
    true
}

/// Which file is at `path` (its device and inode), if any: another one after a restore.
fn file_at(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

/// What Ctrl-Z says where there is no shell to go back to, naming the keys that quit here (the
/// keymap's: `q` on lists, only Ctrl-C where letters are typed or choose).
pub fn no_shell_sentence(ctx: keymap::Ctx) -> String {
    let keys: Vec<&str> = keymap::bindings(ctx)
        .into_iter()
        .filter(|b| b.cmd == keymap::Cmd::Quit)
        .map(|b| b.keys)
        .collect();
    let keys = if keys.is_empty() {
        "C-c".to_string()
    } else {
        keys.join(" or ")
    };
    format!("Ctrl-Z needs a shell to go back to, and plp was started without one; {keys} quits.")
}
