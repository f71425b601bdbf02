//! The check-in composer: the steps on the left (or above), and beside them what was agreed last
//! time and the current strategies, so nothing has to be looked up mid-conversation.

use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;
use ratatui_textarea::TextArea;

use super::{fit, wrap, Theme};
use crate::domain::{clean_line, rating_label, Restriction};
use crate::tui::composer::{Composer, InputFor, ItemKind, PlanChange, RateItem, Step};
use crate::tui::keymap::{self, Cmd, Ctx};
use crate::tui::state::App;

/// From this width the side panel sits beside the composer rather than below it.
const SIDE_BY_SIDE: u16 = 110;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let Some(c) = &app.composer else {
        return;
    };
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let restricted = match c.restriction {
        Restriction::None => String::new(),
        Restriction::Notes => " · RESTRICTED: notes".into(),
        Restriction::Whole => " · RESTRICTED: whole check-in".into(),
    };
    let verb = if c.editing.is_some() {
        "Editing"
    } else {
        "New"
    };
    // The restriction is said before the name, so a narrow screen never cuts it off.
    let title = format!(
        "{verb} {}{restricted} · {} · {}",
        c.kind.label(),
        c.name,
        crate::domain::show_date(c.date)
    );
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(
            fit(&title, head.width as usize),
            theme.heading,
        ))),
        head,
    );
    let (main, side) = if area.width >= SIDE_BY_SIDE {
        let [m, s] = Layout::horizontal([Constraint::Min(60), Constraint::Length(40)]).areas(body);
        (m, s)
    } else {
        let side_h = (c.last.len().max(1) as u16 + 3).min(6);
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
        Step::Rate => {
            // Nothing to rate: no goal, strategy or step agreed last time yet.
            match c.rated_of() {
                (_, 0) => "nothing to rate yet".to_string(),
                (rated, of) => format!("{rated} of {of} rated"),
            }
        }
        Step::Adjustments => text(&c.adjustments),
        Step::Notes => text(&c.notes),
        Step::Steps => text(&c.steps),
        Step::Next => format!("{} · next {}", c.attended.join(", "), next_words(c)),
    }
}

fn draw_active(frame: &mut Frame, area: Rect, c: &Composer, step: Step, theme: &Theme) {
    let block = theme.pane(format!(" > {} ", step.title()), true);
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
            let changes = if step == Step::Adjustments {
                c.change_lines()
            } else {
                Vec::new()
            };
            if changes.is_empty() {
                draw_field(frame, inner, field);
            } else {
                // Each change wrapped whole, so a replacement is read to its end; what the
                // box has no room for ends in "…", and the field keeps a row.
                let w = inner.width as usize;
                let mut rows: Vec<String> = Vec::new();
                for change in changes {
                    for (i, row) in wrap(&change, w.saturating_sub(4)).into_iter().enumerate() {
                        rows.push(format!("{}{row}", if i == 0 { "  " } else { "    " }));
                    }
                }
                let room = (inner.height as usize).saturating_sub(2);
                if rows.len() > room {
                    rows.truncate(room);
                    if let Some(last) = rows.last_mut() {
                        let cut = fit(last, w.saturating_sub(1));
                        *last = if cut.ends_with('…') {
                            cut
                        } else {
                            cut + "…"
                        };
                    }
                }
                let n = rows.len() as u16 + 1;
                let [top, rest] =
                    Layout::vertical([Constraint::Length(n), Constraint::Min(1)]).areas(inner);
                let mut lines = vec![Line::from(Span::styled(
                    "Made to the plan when saved:",
                    theme.dim,
                ))];
                lines.extend(rows.into_iter().map(Line::from));
                frame.render_widget(Paragraph::new(lines), top);
                draw_field(frame, rest, field);
            }
        }
        Step::Rate => {
            frame.render_widget(block, area);
            let inner = with_input(frame, inner, c, theme);
            let kind = c.items.get(c.item).map(|i| i.kind);
            let legend = match kind {
                Some(ItemKind::Goal) => format!(
                    "{}: 1 {} · 2 {} · 3 {} · 4 {}",
                    keymap::legend(Ctx::ComposerRate, &[Cmd::Rate(1)]),
                    rating_label(1),
                    rating_label(2),
                    rating_label(3),
                    rating_label(4)
                ),
                Some(ItemKind::Strategy) => keymap::legend(
                    Ctx::ComposerRate,
                    &[
                        Cmd::Working,
                        Cmd::Partly,
                        Cmd::NotWorking,
                        Cmd::NotTried,
                        Cmd::Replace,
                        Cmd::RetireStrategy,
                        Cmd::VerdictNote,
                    ],
                ),
                Some(ItemKind::Step(_)) => format!(
                    "Last time's step: {}",
                    keymap::legend(Ctx::ComposerRate, &[Cmd::StepDone, Cmd::StepNotDone])
                ),
                None => String::new(),
            };
            let legend_h = if legend.chars().count() > inner.width as usize {
                2
            } else {
                1
            };
            let [top, inner] =
                Layout::vertical([Constraint::Length(legend_h), Constraint::Min(1)]).areas(inner);
            frame.render_widget(
                Paragraph::new(Span::styled(legend, theme.dim)).wrap(Wrap { trim: true }),
                top,
            );
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
                    let (label, value) = item_line(c, item);
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
            // A goal or a strategy below the box is said on its foot, never read as none.
            let below = c.items.len().saturating_sub(start + height);
            super::cut_foot::draw(frame, area, start.min(c.items.len()), below);
        }
        Step::Next => {
            frame.render_widget(block, area);
            let inner = with_input(frame, inner, c, theme);
            let mut lines = vec![Line::from(vec![
                Span::raw("Who was there: "),
                Span::styled(c.attended.join(", "), theme.heading),
            ])];
            let mut team = Vec::new();
            for (i, m) in c.team.iter().enumerate() {
                let Some(k) = keymap::attend_key(i) else {
                    break;
                };
                let name = clean_line(&m.name);
                let mark = if c.attended.contains(&name) { "x" } else { " " };
                team.push(format!("{k} [{mark}] {name} ({})", clean_line(&m.role)));
            }
            // Each member whole on a line: the rows break between them, never inside a name.
            let room = inner.width as usize;
            let mut row = String::new();
            for entry in team {
                let wider = super::width::width(&row) + 2 + super::width::width(&entry);
                if !row.is_empty() && wider > room {
                    lines.push(Line::from(std::mem::take(&mut row)));
                }
                row.push_str("  ");
                row.push_str(&entry);
            }
            if !row.is_empty() {
                lines.push(Line::from(row));
            }
            // Only the letters with a team member behind them.
            let who: Vec<String> = keymap::attend_legend(c.team.len())
                .into_iter()
                .chain([keymap::legend(Ctx::ComposerNext, &[Cmd::Other])])
                .collect();
            lines.push(Line::from(Span::styled(
                format!("  {}", who.join(" · ")),
                theme.dim,
            )));
            lines.push(Line::from(vec![
                Span::raw("Held: "),
                Span::styled(crate::domain::show_day(c.date), theme.heading),
                Span::raw(format!(" · {}", c.kind.label())),
            ]));
            lines.push(Line::from(Span::styled(
                format!(
                    "  {}",
                    keymap::legend(Ctx::ComposerNext, &[Cmd::TypeDate, Cmd::NextKind])
                ),
                theme.dim,
            )));
            lines.push(Line::from(vec![
                Span::raw("Next check-in: "),
                Span::styled(next_words(c), theme.heading),
            ]));
            lines.push(Line::from(Span::styled(
                format!(
                    "  {} · {}",
                    keymap::legend(Ctx::ComposerNext, &[Cmd::Weeks(1), Cmd::TypeNext]),
                    keymap::legend(Ctx::ComposerNext, &[Cmd::Save])
                ),
                theme.dim,
            )));
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
        }
    }
}

/// "29 Dec 2026 (5 weeks)", "8 Dec 2026 (as agreed last time; 1-9 sets weeks)",
/// "4 Jan 2027 (5 weeks on is Sat 2 Jan 2027, no school)", or the date typed.
fn next_words(c: &Composer) -> String {
    let next = crate::domain::show_date(c.next_date());
    match (c.next_typed, c.moved_off()) {
        (Some(_), _) => format!("{next} (typed)"),
        (None, _) if c.next().kept() => format!("{next} (as agreed last time; 1-9 sets weeks)"),
        (None, Some(off)) => format!("{next} ({} on is {off}, no school)", weeks(c.weeks)),
        (None, None) => format!("{next} ({})", weeks(c.weeks)),
    }
}

/// "1 week", "5 weeks".
fn weeks(n: u8) -> String {
    format!("{n} week{}", if n == 1 { "" } else { "s" })
}

/// One line of the rating list: what it is, and what it was given.
fn item_line(c: &Composer, item: &RateItem) -> (String, String) {
    match item.kind {
        ItemKind::Goal => (
            format!("● {}", item.label),
            c.rating_of(&item.id)
                .map(|r| format!("{r} {}", rating_label(r)))
                .unwrap_or_else(|| "1-4 ?".into()),
        ),
        ItemKind::Strategy => {
            let note = c.note_of(&item.id);
            let note = if note.is_empty() {
                String::new()
            } else {
                format!(" ({note})")
            };
            let verdict = c
                .verdict_of(&item.id)
                .map(|v| v.label().to_string())
                .unwrap_or_else(|| "w/p/n/t ?".into());
            // A replacement decided now, or (editing) the one made when the check-in was held.
            let (value, label) = match (c.change_of(&item.id), c.replaced_by(&item.id)) {
                (Some(PlanChange::Retire), _) => (
                    format!("{verdict}, retire"),
                    format!("    – {}{note}", item.label),
                ),
                (Some(PlanChange::Replace(new)), _) => (
                    format!("{verdict}, replace"),
                    format!("    – {}{note} → {}", item.label, clean_line(new)),
                ),
                (None, Some(new)) => (
                    format!("{verdict}, replaced"),
                    format!("    – {}{note} → {new}", item.label),
                ),
                (None, None) => (verdict, format!("    – {}{note}", item.label)),
            };
            (label, value)
        }
        ItemKind::Step(i) => (
            format!("  ▸ last time: {}", item.label),
            match c.ticks.get(i).copied().flatten() {
                Some(true) => "done".into(),
                Some(false) => "not done".into(),
                None => "d/c ?".into(),
            },
        ),
    }
}

/// Draws the open one-line input (if any) at the bottom of an area; returns the rest.
fn with_input(frame: &mut Frame, area: Rect, c: &Composer, theme: &Theme) -> Rect {
    let Some(input) = &c.input else {
        return area;
    };
    let [rest, below] = Layout::vertical([Constraint::Min(1), Constraint::Length(3)]).areas(area);
    let what = match &input.what {
        InputFor::VerdictNote(id) | InputFor::Replace(id) => {
            let label = c.label_of(id);
            format!(
                " {}: {} ",
                input.what.title(),
                fit(label, (below.width as usize).saturating_sub(20))
            )
        }
        other => format!(" {} ", other.title()),
    };
    let b = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.focused)
        .title(Span::styled(what, theme.focused));
    let field = b.inner(below);
    frame.render_widget(b, below);
    draw_field(frame, field, &input.area);
    rest
}

/// Draws a text field and puts the terminal's own cursor where typing goes.
pub(super) fn draw_field(frame: &mut Frame, area: Rect, field: &TextArea<'static>) {
    // The field's own view follows the cursor but never comes back up when the text shrinks
    // (an undo, a deleted line), leaving blank rows under the end while the start is hidden:
    // drawn again from as high up as keeps the cursor in sight and the rows filled.
    frame.render_widget(field, area);
    let filled;
    let field = match filled_from_top(field, area.height) {
        Some(f) => {
            filled = f;
            // Drawn over the first view, whose rows (wrapped from another line) may be longer.
            frame.render_widget(ratatui::widgets::Clear, area);
            frame.render_widget(&filled, area);
            &filled
        }
        None => field,
    };
    let cursor = field.screen_cursor();
    let (top, _) = field.scroll_offset();
    let row = (cursor.row as u16).saturating_sub(top);
    let x = area.x + (cursor.col as u16).min(area.width.saturating_sub(1));
    let y = area.y + row.min(area.height.saturating_sub(1));
    frame.set_cursor_position(Position::new(x, y));
}

/// The field scrolled up so no row of the view is left blank below its text, when its view
/// (just drawn) leaves some while text is hidden above; `None` when it does not.
fn filled_from_top(field: &TextArea<'static>, height: u16) -> Option<TextArea<'static>> {
    let (top, _) = field.scroll_offset();
    if top == 0 {
        return None;
    }
    let mut end = field.clone();
    end.move_cursor(ratatui_textarea::CursorMove::Bottom);
    end.move_cursor(ratatui_textarea::CursorMove::End);
    let rows = end.screen_cursor().row as u16 + 1;
    let best = rows.saturating_sub(height);
    if top <= best {
        return None;
    }
    let mut up = field.clone();
    let by = (top - best).min(i16::MAX as u16) as i16;
    up.scroll((-by, 0));
    Some(up)
}

fn draw_side(frame: &mut Frame, area: Rect, c: &Composer, theme: &Theme, tall: bool) {
    let mut lines = vec![Line::from(Span::styled("Agreed last time:", theme.heading))];
    if c.withheld > 0 {
        lines.push(Line::from("  (restricted: kept in that check-in)"));
    } else if c.last.is_empty() {
        lines.push(Line::from("  (nothing recorded)"));
    }
    for (s, tick) in c.last.iter().zip(&c.ticks) {
        let mark = match tick {
            Some(true) => "[done] ",
            Some(false) => "[not done] ",
            None => "",
        };
        lines.push(Line::from(clean_line(&format!("  • {mark}{}", s.words()))));
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
    // Lines the box has no room for are said on its foot, so that a step cut off is never
    // read as one not agreed.
    let hidden = lines_past(
        &lines,
        area.width.saturating_sub(2),
        area.height.saturating_sub(2),
    );
    let mut block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.dim);
    if let Some(foot) = super::cut_foot::line(0, hidden) {
        block = block.title_bottom(foot);
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        area,
    );
}

/// How many of `lines`, wrapped `width` wide, do not fit whole in `height` rows.
fn lines_past(lines: &[Line], width: u16, height: u16) -> usize {
    let mut rows = 0usize;
    for (i, line) in lines.iter().enumerate() {
        let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        rows += super::width::wrap(&text, width as usize).len().max(1);
        if rows > height as usize {
            return lines.len() - i;
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_that_do_not_fit_whole_are_counted() {
        let lines: Vec<Line> = ["Agreed", "one", "two two two two two two", "three"]
            .into_iter()
            .map(Line::from)
            .collect();
        assert_eq!(lines_past(&lines, 40, 4), 0);
        assert_eq!(lines_past(&lines, 40, 3), 1);
        // "two two two two two two" takes two rows 16 wide.
        assert_eq!(lines_past(&lines, 16, 4), 1);
        assert_eq!(lines_past(&lines, 16, 3), 2);
    }
}
