//! The year-end review: this year's goals, each with its progress and the choice made (met,
//! carry forward, drop), then the annual review's date, who was there and the summary.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::{fit, Theme};
use crate::domain::GoalChoice;
use crate::tui::keymap::{self, Cmd};
use crate::tui::state::App;
use crate::tui::year_end::{Field, Step, YearEnd};

/// Lines under the goals for the selected goal's progress.
const DETAIL_LINES: u16 = 2;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let Some(y) = &app.year_end else {
        return;
    };
    let goals_h = (y.goals.len().max(1) as u16 + 2 + DETAIL_LINES).min(area.height / 2);
    let [head, goals, date, who, summary] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(goals_h),
        Constraint::Length(3),
        Constraint::Length(3),
        Constraint::Min(3),
    ])
    .areas(area);
    let title = match y.graduates {
        Some(class) => format!(
            "Final year-end review · {} · {} · class of {class}",
            y.name, y.from_year
        ),
        None => format!(
            "Year-end review · {} · {} ends, {} plan begins",
            y.name, y.from_year, y.to_year
        ),
    };
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(
            fit(&title, head.width as usize),
            theme.heading,
        ))),
        head,
    );
    draw_goals(frame, goals, y, theme);
    for (f, a) in [
        (Field::Date, date),
        (Field::Who, who),
        (Field::Summary, summary),
    ] {
        draw_text(frame, a, y, f, theme);
    }
}

fn choice_word(c: Option<GoalChoice>) -> &'static str {
    match c {
        Some(GoalChoice::Met) => "[met]          ",
        Some(GoalChoice::Carry) => "[carry forward]",
        Some(GoalChoice::Drop) => "[drop]         ",
        None => "[not decided]  ",
    }
}

fn draw_goals(frame: &mut Frame, area: Rect, y: &YearEnd, theme: &Theme) {
    let focused = y.step == Step::Goals;
    let legend = keymap::legend(
        y.goals_ctx(),
        &[Cmd::GoalMet, Cmd::GoalCarry, Cmd::GoalDrop],
    );
    let title = format!(" Goals of {}: {legend} ", y.from_year);
    let block = theme.pane(title, focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [list, detail] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(DETAIL_LINES)]).areas(inner);
    let width = list.width as usize;
    if y.goals.is_empty() {
        let settled = if y.settled > 0 {
            format!(
                " ({} met, dropped or revised stay in {})",
                y.settled, y.from_year
            )
        } else {
            String::new()
        };
        frame.render_widget(
            Paragraph::new(format!(
                "No active goals to {}{settled}: Tab goes on to the annual review.",
                if y.graduates.is_some() {
                    "decide on"
                } else {
                    "carry"
                }
            ))
            .wrap(Wrap { trim: true }),
            list,
        );
        return;
    }
    let height = list.height as usize;
    let start = super::caseload::offset(y.selected, height);
    let lines: Vec<Line> = y
        .goals
        .iter()
        .zip(&y.choices)
        .enumerate()
        .skip(start)
        .take(height)
        .map(|(i, (g, c))| {
            let marks = if g.marks.is_empty() {
                "[not rated]".to_string()
            } else {
                g.marks.clone()
            };
            let head = format!("{} ", choice_word(*c));
            let room = width.saturating_sub(head.chars().count() + marks.chars().count() + 1);
            let text = format!("{head}{} {marks}", fit(&g.title, room));
            if focused && i == y.selected {
                theme.selected_line(text, width)
            } else {
                Line::from(text)
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
    if let Some(g) = y.goals.get(y.selected) {
        let carried = match (g.strategies, y.graduates) {
            (_, Some(_)) => "nothing is carried: the student graduates".to_string(),
            (0, None) => "no active strategy goes with it".to_string(),
            (1, None) => "1 active strategy goes with it if carried".to_string(),
            (n, None) => format!("{n} active strategies go with it if carried"),
        };
        let settled = if y.settled > 0 {
            format!(
                " · {} more met, dropped or revised stay in {}",
                y.settled, y.from_year
            )
        } else {
            String::new()
        };
        frame.render_widget(
            Paragraph::new(format!("{}: {} · {carried}{settled}", g.domain, g.progress))
                .style(theme.dim)
                .wrap(Wrap { trim: true }),
            detail,
        );
    }
}

fn draw_text(frame: &mut Frame, area: Rect, y: &YearEnd, f: Field, theme: &Theme) {
    let focused = y.step == Step::Review && y.field == f;
    let block = theme.pane(format!(" {} ", f.label()), focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if focused {
        super::composer::draw_field(frame, inner, y.area(f));
    } else {
        frame.render_widget(y.area(f), inner);
    }
}
