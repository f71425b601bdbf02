//! Drawing: a pure function of the state, one small function per area. Layout is worked out
//! from the frame's size on every draw; nothing about the screen is kept in the state.

pub(crate) mod caseload;
mod composer;
mod cut_foot;
mod drafts_waiting;
mod overlay;
pub mod progress;
pub mod reading_box;
mod reports;
mod student;
mod style;
pub mod width;
mod year_end;

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::keymap;
use super::state::{App, Screen};
use crate::domain::{clean_line, rating_label, CheckIn, Restriction};
use crate::store::StudentRecord;

pub use caseload::DRAFT_MARK;
pub use style::Theme;

/// The smallest terminal plp draws in.
pub const MIN_WIDTH: u16 = 80;
/// The smallest terminal height plp draws in.
pub const MIN_HEIGHT: u16 = 24;

/// Draws the whole app.
pub fn draw(frame: &mut Frame, app: &App, theme: &Theme) {
    draw_screen(frame, app, theme);
    width::flags_as_letters(frame.buffer_mut());
}

fn draw_screen(frame: &mut Frame, app: &App, theme: &Theme) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let mut msg = format!(
            "Terminal too small: {}×{}. plp needs at least {MIN_WIDTH}×{MIN_HEIGHT}.",
            area.width, area.height
        );
        // Keys still go where they went: say so where something is being typed.
        if app.has_typing() {
            msg.push_str(" What is typed now still goes into the open form, unseen.");
        } else {
            // The keys that still act, from the keymap: quitting.
            let quits = crate::tui::keymap::keys_of(app.ctx(), crate::tui::keymap::Cmd::Quit);
            msg.push_str(&format!(
                " Other keys do nothing until it is larger again; {} quits.",
                quits.join(" or ")
            ));
        }
        frame.render_widget(
            Paragraph::new(msg).wrap(ratatui::widgets::Wrap { trim: true }),
            area,
        );
        return;
    }
    let said = status_rows(app, area.width as usize);
    let [main, status] = split_status(area, said.as_ref());
    match app.screen {
        Screen::Caseload => caseload::draw(frame, main, app, theme),
        Screen::Student => student::draw(frame, main, app, theme),
        Screen::Composer => composer::draw(frame, main, app, theme),
        Screen::Reports => reports::draw(frame, main, app, theme),
        Screen::YearEnd => year_end::draw(frame, main, app, theme),
    }
    for o in &app.overlays {
        overlay::draw(frame, main, o, app.typing_refused, theme);
    }
    draw_status(frame, status, app, said, theme);
}

/// The screen above the status bar, and the bar: a sentence too long for one row takes up to
/// three, so that it is read whole.
fn split_status(area: Rect, said: Option<&Vec<String>>) -> [Rect; 2] {
    let rows = said.map_or(1, |r| r.len() as u16);
    Layout::vertical([Constraint::Min(1), Constraint::Length(rows)]).areas(area)
}

/// What the screens and overlays are drawn in, in a terminal of `app.viewport`: all of it but
/// the status bar.
pub fn main_area(app: &App) -> Rect {
    let (w, h) = app.viewport;
    let area = Rect::new(0, 0, w, h);
    split_status(area, status_rows(app, w as usize).as_ref())[0]
}

/// The most rows a sentence in the status bar takes.
const STATUS_ROWS: usize = 3;

/// The sentence the status bar shows instead of the hints, in rows of the bar's width: at most
/// [`STATUS_ROWS`], the last ending in "…" when even those are too few. `None` shows the hints.
fn status_rows(app: &App, width: usize) -> Option<Vec<String>> {
    let unsaved = app
        .unsaved
        .as_deref()
        .filter(|_| app.has_typing())
        .map(super::update::unsaved_sentence);
    let msg = match (app.status.as_ref().or(unsaved.as_ref()), &app.read_only) {
        (Some(msg), _) => msg.clone(),
        (None, _) => return None,
    };
    let mut rows = width::wrap(&width::plain(&msg), width);
    if rows.len() > STATUS_ROWS {
        let rest = rows[STATUS_ROWS - 1..].join(" ");
        rows.truncate(STATUS_ROWS - 1);
        rows.push(fit(&rest, width));
    }
    Some(rows)
}

/// What the status bar starts with while the file is read-only.
const READ_ONLY_MARK: &str = "[read-only]";

fn draw_status(frame: &mut Frame, area: Rect, app: &App, said: Option<Vec<String>>, theme: &Theme) {
    let lines = match said {
        Some(rows) => rows
            .into_iter()
            .map(|r| Line::from(Span::styled(r, theme.status_message)))
            .collect(),
        None => {
            // As many hints as fit, whole, in table order, after a word that says the file
            // takes no change (the sentence of why is said when a key that would make one is
            // pressed).
            let mut spans = Vec::new();
            let mut used = 0;
            if app.read_only.is_some() {
                spans.push(Span::styled(READ_ONLY_MARK, theme.status_message));
                used = READ_ONLY_MARK.chars().count();
            }
            let refused = app.typing_refused;
            for (keys, label) in keymap::hints_where(app.ctx(), refused, |w| app.offers(w)) {
                let gap = if used == 0 { 0 } else { 2 };
                let w = gap + keys.chars().count() + 1 + label.chars().count();
                if used + w > area.width as usize {
                    break;
                }
                if gap > 0 {
                    spans.push(Span::raw("  "));
                }
                spans.push(Span::styled(keys, theme.key));
                spans.push(Span::raw(" "));
                spans.push(Span::raw(label));
                used += w;
            }
            vec![Line::from(spans)]
        }
    };
    frame.render_widget(Paragraph::new(lines), area);
}

/// A check-in written out in full, for reading.
pub fn checkin_lines(c: &CheckIn, r: &StudentRecord) -> Vec<String> {
    let mut out = Vec::new();
    let name_of = |id: &str| r.title_of(id).unwrap_or("(retired)").to_string();
    let with = if c.attended.is_empty() {
        String::new()
    } else {
        format!(" · with {}", c.attended.join(", "))
    };
    out.push(format!(
        "{} · {}{with}",
        crate::domain::show_opt_date(c.date),
        c.kind_label(),
    ));
    if c.restriction() == Restriction::Whole {
        out.push("Whole check-in restricted: kept out of exports and printouts.".into());
    }
    out.push(String::new());
    out.push("In the student's words:".into());
    out.extend(c.student_words.lines().map(|l| format!("  {l}")));
    if !c.progress.is_empty() {
        out.push(String::new());
        out.push("Progress:".into());
        for p in &c.progress {
            out.push(format!(
                "  {}: {}",
                name_of(&p.goal),
                rating_label(p.rating)
            ));
        }
    }
    if !c.last_steps.is_empty() {
        out.push("Last time's next steps:".into());
        for s in &c.last_steps {
            let done = match s.done {
                Some(true) => "done",
                Some(false) => "not done",
                None => "not gone over",
            };
            out.push(format!("  [{done}] {}", s.words()));
        }
    }
    if !c.verdicts.is_empty() {
        out.push("Strategies:".into());
        for v in &c.verdicts {
            out.push(format!("  {}: {}", name_of(&v.strategy), v.words()));
        }
    }
    for (label, text) in [("Adjustments", &c.adjustments), ("Notes", &c.notes)] {
        if !text.is_empty() {
            out.push(String::new());
            let mark = if label == "Notes" && c.restriction() == Restriction::Notes {
                " [restricted]"
            } else {
                ""
            };
            out.push(format!("{label}{mark}:"));
            out.extend(text.lines().map(|l| format!("  {l}")));
        }
    }
    if !c.next_steps.is_empty() {
        out.push(String::new());
        out.push("Next steps:".into());
        for s in &c.next_steps {
            out.push(format!("  {}", s.words()));
        }
    }
    if let Some(n) = c.next_date {
        out.push(format!("Next check-in: {}", crate::domain::show_date(n)));
    }
    out.into_iter().map(|l| clean_line(&l)).collect()
}

pub use width::{fit, wrap};
