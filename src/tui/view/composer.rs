//! The check-in composer: the steps on the left (or above), and beside them what was agreed last
//! time and the current strategies, so nothing has to be looked up mid-conversation.

use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;
use ratatui_textarea::TextArea;

use super::{fit, Theme};
use crate::domain::{rating_label, Restriction};
use crate::tui::composer::{Composer, Step};
use crate::tui::state::App;

/// From this width the side panel sits beside the composer rather than below it.
const SIDE_BY_SIDE: u16 = 110;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let Some(c) = &app.composer else {
        return;
    };
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let restricted = match c.restriction {
        Restriction::None => "",
        Restriction::Notes => " · RESTRICTED: notes",
        Restriction::Whole => " · RESTRICTED: whole check-in",
    };
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(
            format!(
                "New {} · {} · {}{restricted}",
                c.kind.label(),
                c.name,
                c.today
            ),
            theme.heading,
        ))),
        head,
    );
    let (main, side) = if area.width >= SIDE_BY_SIDE {
        let [m, s] = Layout::horizontal([Constraint::Min(60), Constraint::Length(40)]).areas(body);
        (m, s)
    } else {
        let side_h = (c.last_steps.len().max(1) as u16 + 3).min(6);
        let [m, s] =
            Layout::vertical([Constraint::Min(10), Constraint::Length(side_h)]).areas(body);
        (m, s)
    };
    draw_steps(frame, main, c, theme);
    draw_side(frame, side, c, theme, area.width >= SIDE_BY_SIDE);
}

fn draw_steps(frame: &mut Frame, area: Rect, c: &Composer, theme: &Theme) {
    let constraints: Vec<Constraint> = Step::ALL
        .iter()
        .map(|s| {
            if *s == c.step {
                Constraint::Min(4)
            } else {
                Constraint::Length(1)
            }
        })
        .collect();
    let areas = Layout::vertical(constraints).split(area);
    for (i, step) in Step::ALL.iter().enumerate() {
        let a = areas[i];
        if *step == c.step {
            draw_active(frame, a, c, *step, theme);
        } else {
            let summary = summary(c, *step);
            let line = Line::from(vec![
                Span::styled(format!("  {}: ", step.title()), theme.dim),
                Span::raw(fit(
                    &summary,
                    (a.width as usize).saturating_sub(step.title().len() + 4),
                )),
            ]);
            frame.render_widget(Paragraph::new(line), a);
        }
    }
}

fn summary(c: &Composer, step: Step) -> String {
    let text = |t: &TextArea| t.lines().join(" ");
    match step {
        Step::Words => text(&c.words),
        Step::Rate => format!(
            "{} of {} rated",
            c.ratings.len() + c.verdicts.len(),
            c.items.len()
        ),
        Step::Adjustments => text(&c.adjustments),
        Step::Notes => text(&c.notes),
        Step::Steps => text(&c.steps),
        Step::Next => format!("{} ({} weeks)", c.next_date(), c.weeks),
    }
}

fn draw_active(frame: &mut Frame, area: Rect, c: &Composer, step: Step, theme: &Theme) {
    let title = Span::styled(
        format!(" > {} ", step.title()),
        theme.focused.patch(theme.selected),
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.focused)
        .title(title);
    let inner = block.inner(area);
    match step {
        Step::Words | Step::Adjustments | Step::Notes | Step::Steps => {
            let field = match step {
                Step::Words => &c.words,
                Step::Adjustments => &c.adjustments,
                Step::Notes => &c.notes,
                _ => &c.steps,
            };
            frame.render_widget(block, area);
            draw_field(frame, inner, field);
        }
        Step::Rate => {
            let legend = format!(" {} ", crate::tui::keymap::verdict_legend());
            let block = block.title_bottom(Span::styled(legend, theme.dim));
            frame.render_widget(block, area);
            let inner = match &c.note {
                Some(note) => {
                    let [list, below] =
                        Layout::vertical([Constraint::Min(1), Constraint::Length(3)]).areas(inner);
                    let what = c.items.get(c.item).map_or("", |i| i.label.as_str());
                    let title = format!(
                        " Note on: {} ",
                        fit(what, (below.width as usize).saturating_sub(14))
                    );
                    let b = Block::default()
                        .borders(Borders::ALL)
                        .border_style(theme.focused)
                        .title(Span::styled(title, theme.focused));
                    let field = b.inner(below);
                    frame.render_widget(b, below);
                    draw_field(frame, field, note);
                    list
                }
                None => inner,
            };
            let height = inner.height as usize;
            let start = super::caseload::offset(c.item, height);
            let width = inner.width as usize;
            let lines: Vec<Line> = c
                .items
                .iter()
                .enumerate()
                .skip(start)
                .take(height)
                .map(|(i, item)| {
                    let (label, value) = if item.is_goal {
                        (
                            format!("● {}", item.label),
                            c.rating_of(&item.id)
                                .map(|r| format!("{r} {}", rating_label(r)))
                                .unwrap_or_else(|| "1-4 ?".into()),
                        )
                    } else {
                        let note = c.note_of(&item.id);
                        let note = if note.is_empty() {
                            String::new()
                        } else {
                            format!(" ({note})")
                        };
                        (
                            format!("    – {}{note}", item.label),
                            c.verdict_of(&item.id)
                                .map(|v| v.label().to_string())
                                .unwrap_or_else(|| "w/p/n/t ?".into()),
                        )
                    };
                    let value = format!("[{value}]");
                    let room = width.saturating_sub(value.chars().count() + 1);
                    let text = format!("{} {value}", super::width::pad(&label, room));
                    if i == c.item {
                        Line::from(Span::styled(text, theme.selected))
                    } else {
                        Line::from(text)
                    }
                })
                .collect();
            frame.render_widget(Paragraph::new(lines), inner);
        }
        Step::Next => {
            frame.render_widget(block, area);
            let lines = vec![
                Line::from(vec![
                    Span::raw("Next check-in: "),
                    Span::styled(
                        format!("{} ({} weeks)", c.next_date(), c.weeks),
                        theme.heading,
                    ),
                ]),
                Line::from("4, 5 or 6 sets the weeks; k the kind of meeting; Enter saves."),
            ];
            frame.render_widget(Paragraph::new(lines), inner);
        }
    }
}

/// Draws a text field and puts the terminal's own cursor where typing goes.
pub fn draw_field(frame: &mut Frame, area: Rect, field: &TextArea<'static>) {
    frame.render_widget(field, area);
    let cursor = field.screen_cursor();
    let (top, _) = field.scroll_offset();
    let row = (cursor.row as u16).saturating_sub(top);
    let x = area.x + (cursor.col as u16).min(area.width.saturating_sub(1));
    let y = area.y + row.min(area.height.saturating_sub(1));
    frame.set_cursor_position(Position::new(x, y));
}

fn draw_side(frame: &mut Frame, area: Rect, c: &Composer, theme: &Theme, tall: bool) {
    let mut lines = vec![Line::from(Span::styled("Agreed last time:", theme.heading))];
    if c.last_steps.is_empty() {
        lines.push(Line::from("  (nothing recorded)"));
    }
    for s in &c.last_steps {
        lines.push(Line::from(format!("  • {s}")));
    }
    if tall {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            "Current strategies:",
            theme.heading,
        )));
        for s in &c.strategies {
            lines.push(Line::from(format!("  – {s}")));
        }
    } else {
        let s: Vec<&str> = c.strategies.iter().map(String::as_str).collect();
        lines.push(Line::from(format!("Strategies: {}", s.join(" · "))));
    }
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme.dim),
        ),
        area,
    );
}
