//! Overlays: help, the command palette, questions, forms, history, conflicts.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

use super::{fit, reading_box, Theme};
use crate::domain::clean_text;
use crate::tui::filter::palette_entries;
use crate::tui::state::Overlay;

pub(super) fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width.saturating_sub(2));
    let h = height.min(area.height.saturating_sub(2));
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// Clears a popup's area so that it is drawn whole. A wide character (two cells) that starts
/// just left of the area would still be drawn over both its cells, the popup's left border
/// under its second: it is blanked too.
fn clear(frame: &mut Frame, r: Rect) {
    frame.render_widget(Clear, r);
    if r.x == 0 {
        return;
    }
    let buf = frame.buffer_mut();
    for y in r.top()..r.bottom() {
        let cell = &mut buf[(r.x - 1, y)];
        if crate::domain::display_width(cell.symbol()) > 1 {
            cell.set_symbol(" ");
        }
    }
}

fn boxed<'a>(title: &str, theme: &Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.focused)
        .title(Span::styled(
            format!(" {} ", crate::domain::clean_line(title)),
            theme.heading,
        ))
}

/// Draws an overlay; `refused` says the file takes no typing (help and the palette then offer
/// no key that would change it).
pub fn draw(frame: &mut Frame, area: Rect, overlay: &Overlay, refused: bool, theme: &Theme) {
    match overlay {
        Overlay::Help { ctx, scroll } => {
            let r = reading_box::help_box(area);
            clear(frame, r);
            let block = boxed("Help · ↑↓ PgUp PgDn scroll · Esc closes", theme);
            let inner = block.inner(r);
            frame.render_widget(block, r);
            let rows = reading_box::help_lines(*ctx, refused, inner.width, theme);
            show_scrolled(frame, r, inner, rows, *scroll);
        }
        Overlay::Palette {
            query,
            selected,
            ctx,
        } => {
            // Tall enough for every command when the window is (the same height however the
            // query narrows them, so the box does not jump while typing).
            let every = crate::tui::keymap::palette(*ctx, refused).len() as u16;
            let r = centered(
                area,
                64,
                (every + 4).min(area.height.saturating_sub(2)).max(16),
            );
            clear(frame, r);
            let block = boxed("Commands and actions (type to narrow)", theme);
            let inner = block.inner(r);
            frame.render_widget(block, r);
            let [q, list] =
                Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(inner);
            frame.render_widget(
                Paragraph::new(format!(": {}▏", crate::domain::clean_line(query))),
                q,
            );
            let entries = palette_entries(*ctx, query, refused);
            if entries.is_empty() {
                frame.render_widget(
                    Paragraph::new("Nothing matches; Backspace widens the search."),
                    list,
                );
                return;
            }
            // The selected entry stays in view however far down it is.
            let room = list.height.max(1) as usize;
            let skip = selected.saturating_sub(room - 1);
            let below = entries.len().saturating_sub(skip + room);
            let lines: Vec<Line> = entries
                .into_iter()
                .enumerate()
                .skip(skip)
                .map(|(i, b)| {
                    let width = (list.width as usize).saturating_sub(11);
                    let text = format!("{:<width$} {:>9}", fit(b.label, width), b.keys);
                    if i == *selected {
                        Line::from(Span::styled(text, theme.selected))
                    } else {
                        Line::from(text)
                    }
                })
                .collect();
            frame.render_widget(Paragraph::new(lines), list);
            // The commands out of sight are said, so the list is not read as all there is.
            super::cut_foot::draw(frame, r, skip, below);
        }
        Overlay::Confirm { question, .. } => {
            let r = centered(area, 64, 5);
            clear(frame, r);
            frame.render_widget(
                Paragraph::new(clean_text(question))
                    .wrap(Wrap { trim: true })
                    .block(boxed("Please confirm", theme)),
                r,
            );
        }
        Overlay::Form(form) => {
            let r = centered(
                area,
                area.width.saturating_sub(8).min(100),
                area.height.saturating_sub(2),
            );
            clear(frame, r);
            // The keys are in the status bar, from the keymap table.
            let block = boxed(&form.title, theme);
            let inner = block.inner(r);
            frame.render_widget(block, r);
            let mut constraints: Vec<Constraint> = form
                .fields
                .iter()
                .enumerate()
                .map(|(i, _)| {
                    if i == form.focus {
                        Constraint::Min(3)
                    } else {
                        Constraint::Length(1)
                    }
                })
                .collect();
            // A refusal is read whole: it wraps onto as many as three lines.
            let error = form.error.as_deref().map(crate::domain::clean_line);
            let error_lines = error.as_deref().map_or(0, |e| {
                crate::domain::display_width(e).div_ceil(usize::from(inner.width.max(1)))
            });
            constraints.push(Constraint::Length(error_lines.min(3) as u16));
            let areas = Layout::vertical(constraints).split(inner);
            for (i, f) in form.fields.iter().enumerate() {
                let a = areas[i];
                if i == form.focus {
                    let [label, field] =
                        Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(a);
                    frame.render_widget(
                        Paragraph::new(Span::styled(format!("> {}", f.label), theme.selected)),
                        label,
                    );
                    super::composer::draw_field(frame, field, &f.area);
                } else {
                    let text = f.area.lines().join(" ");
                    // What a field takes, in brackets after its name, gives way to what it
                    // holds where both do not fit on the line.
                    let whole = f.label.chars().count() + 4 + crate::domain::display_width(&text);
                    let label = match f.label.split_once(" (") {
                        Some((name, _)) if whole > a.width as usize && !text.is_empty() => name,
                        _ => f.label.as_str(),
                    };
                    let width = (a.width as usize).saturating_sub(label.chars().count() + 4);
                    frame.render_widget(
                        Paragraph::new(Line::from(vec![
                            Span::styled(format!("  {label}: "), theme.dim),
                            Span::raw(fit(&text, width)),
                        ])),
                        a,
                    );
                }
            }
            if let Some(e) = error {
                frame.render_widget(
                    Paragraph::new(Span::styled(e, theme.overdue)).wrap(Wrap { trim: true }),
                    areas[form.fields.len()],
                );
            }
        }
        Overlay::Lines {
            title,
            lines,
            scroll,
            ..
        } => {
            let r = reading_box::lines_box(area);
            clear(frame, r);
            let block = boxed(&format!("{title} · Esc closes"), theme);
            let inner = block.inner(r);
            frame.render_widget(block, r);
            let rows = reading_box::wrapped_lines(lines, inner.width);
            show_scrolled(frame, r, inner, rows, *scroll);
        }
        Overlay::Conflict(c) => {
            let r = centered(
                area,
                area.width.saturating_sub(6),
                area.height.saturating_sub(2),
            );
            clear(frame, r);
            // Its keys from the table: a field holding one value (a link, a grade) has no merge.
            let ctx = if c.keeps_both() {
                crate::tui::keymap::Ctx::Conflict
            } else {
                crate::tui::keymap::Ctx::OneValueConflict
            };
            let keys = crate::tui::keymap::legend(
                ctx,
                &[
                    crate::tui::keymap::Cmd::KeepShown,
                    crate::tui::keymap::Cmd::KeepOther,
                    crate::tui::keymap::Cmd::Merge,
                ],
            );
            // The field as its pane names it ("Needs"), not as it is stored.
            let field = crate::store::Entity::from_name(&c.entity)
                .and_then(|e| e.field(&c.field))
                .map_or(c.field.as_str(), |f| f.short_label());
            let block = boxed(&format!("Two versions of {field} · {keys}"), theme);
            let inner = block.inner(r);
            frame.render_widget(block, r);
            let [a, b] = Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)])
                .areas(inner);
            for (area, label, rev) in [(a, "1 (shown)", &c.shown), (b, "2 (kept aside)", &c.other)]
            {
                // A link's version is the record it names, in words.
                let text = match (&rev.words, &rev.value) {
                    (Some(words), _) => words.clone(),
                    (None, serde_json::Value::String(s)) => s.clone(),
                    (None, other) => other.to_string(),
                };
                frame.render_widget(
                    Paragraph::new(clean_text(&text))
                        .wrap(Wrap { trim: false })
                        .block(Block::default().borders(Borders::TOP).title(format!(
                            "{label}: {} by {}",
                            crate::domain::show_moment(&rev.when),
                            rev.by_whom()
                        ))),
                    area,
                );
            }
        }
        Overlay::Choose(options) => {
            let lines: Vec<Line> = options
                .iter()
                .map(|o| {
                    Line::from(vec![
                        Span::styled(format!("  {}  ", o.key), theme.key),
                        Span::raw(o.label),
                    ])
                })
                .collect();
            let r = centered(area, 48, lines.len() as u16 + 2);
            clear(frame, r);
            frame.render_widget(Paragraph::new(lines).block(boxed("Add", theme)), r);
        }
    }
}

/// The rows of a reading box from `scroll` (kept within them), with what is above and below
/// said on the box's foot.
fn show_scrolled(frame: &mut Frame, r: Rect, inner: Rect, rows: Vec<Line<'static>>, scroll: usize) {
    let height = inner.height as usize;
    let skip = scroll.min(rows.len().saturating_sub(height));
    let below = rows.len().saturating_sub(skip + height);
    frame.render_widget(
        Paragraph::new(rows.into_iter().skip(skip).collect::<Vec<_>>()),
        inner,
    );
    super::cut_foot::draw(frame, r, skip, below);
}
