//! The boxes text is read in (help, a check-in shown whole, a history): where they sit, and
//! their text broken into rows here rather than by the paragraph, so that what is drawn and how
//! far a key scrolls agree. The last row stops at the box's foot; no key scrolls on into blank.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

use super::width::wrap;
use super::Theme;
use crate::tui::help::{self, HelpLine};
use crate::tui::keymap::Ctx;
use crate::tui::state::App;

/// The help's box in a frame of `area`.
pub fn help_box(area: Rect) -> Rect {
    super::overlay::centered(area, 78, area.height.saturating_sub(2))
}

/// The box of lines read whole (a check-in, a history) in a frame of `area`.
pub fn lines_box(area: Rect) -> Rect {
    super::overlay::centered(
        area,
        area.width.saturating_sub(6),
        area.height.saturating_sub(2),
    )
}

/// Inside a box's border.
pub fn inner(r: Rect) -> Rect {
    Block::default().borders(Borders::ALL).inner(r)
}

/// How a row of the help is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Look {
    Heading,
    Key,
    Word,
    Plain,
}

/// One row: its leading part (a key, a word explained) drawn apart from the rest.
struct Row {
    look: Look,
    lead: String,
    rest: String,
}

/// The key column's width, with the gap after it.
const KEY_COLUMN: usize = 11;

fn help_rows(ctx: Ctx, refused: bool, width: usize) -> Vec<Row> {
    let mut rows = Vec::new();
    for l in help::lines(ctx, refused) {
        match l {
            HelpLine::Heading(h) => rows.extend(wrap(&h, width).into_iter().map(|r| Row {
                look: Look::Heading,
                lead: r,
                rest: String::new(),
            })),
            HelpLine::Key(keys, label) => {
                // What a key does goes on under itself, beside the key column.
                let room = width.saturating_sub(KEY_COLUMN).max(10);
                for (i, r) in wrap(label, room).into_iter().enumerate() {
                    let lead = if i == 0 {
                        format!("{keys:>9}  ")
                    } else {
                        " ".repeat(KEY_COLUMN)
                    };
                    rows.push(Row {
                        look: Look::Key,
                        lead,
                        rest: r,
                    });
                }
            }
            HelpLine::Word(term, text) => {
                let lead = format!("{term}: ");
                for (i, r) in wrap(&format!("{lead}{text}"), width)
                    .into_iter()
                    .enumerate()
                {
                    match r.strip_prefix(&lead).filter(|_| i == 0) {
                        Some(rest) => rows.push(Row {
                            look: Look::Word,
                            lead: lead.clone(),
                            rest: rest.to_string(),
                        }),
                        None => rows.push(Row {
                            look: Look::Plain,
                            lead: String::new(),
                            rest: r,
                        }),
                    }
                }
            }
            HelpLine::Blank => rows.push(Row {
                look: Look::Plain,
                lead: String::new(),
                rest: String::new(),
            }),
        }
    }
    rows
}

/// The help for `ctx` (in a file that takes no typing, if `refused`), broken into rows `width`
/// columns wide.
pub fn help_lines(ctx: Ctx, refused: bool, width: u16, theme: &Theme) -> Vec<Line<'static>> {
    help_rows(ctx, refused, width as usize)
        .into_iter()
        .map(|r| {
            let lead = match r.look {
                Look::Heading => theme.heading,
                Look::Key | Look::Word => theme.key,
                Look::Plain => ratatui::style::Style::default(),
            };
            Line::from(vec![Span::styled(r.lead, lead), Span::raw(r.rest)])
        })
        .collect()
}

/// Lines read whole, broken into rows `width` columns wide.
pub fn wrapped_lines(lines: &[String], width: u16) -> Vec<Line<'static>> {
    lines
        .iter()
        .flat_map(|l| wrap(l, width as usize))
        .map(Line::from)
        .collect()
}

/// The furthest the help for `ctx` scrolls in the app's terminal: its last row at the box's
/// foot.
pub fn help_last_scroll(app: &App, ctx: Ctx) -> usize {
    let inside = inner(help_box(super::main_area(app)));
    help_rows(ctx, app.typing_refused, inside.width as usize)
        .len()
        .saturating_sub(inside.height as usize)
}

/// The furthest lines read whole scroll in the app's terminal.
pub fn lines_last_scroll(app: &App, lines: &[String]) -> usize {
    let inside = inner(lines_box(super::main_area(app)));
    lines
        .iter()
        .map(|l| wrap(l, inside.width as usize).len())
        .sum::<usize>()
        .saturating_sub(inside.height as usize)
}
