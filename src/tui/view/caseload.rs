//! The caseload: one line per student, most urgent first.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::width::{fit, pad, shows_nothing, width as text_width};
use super::Theme;
use crate::domain::DueState;
use crate::store::CaseloadRow;
use crate::tui::state::App;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let filter_h = u16::from(app.filtering || !app.filter.is_empty());
    let [head, body, filter] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(1),
        Constraint::Length(filter_h),
    ])
    .areas(area);
    let (students, due) = match app.caseload_counts {
        Some(c) => (c.students, c.need_now),
        None => (
            app.caseload.len(),
            app.caseload
                .iter()
                .filter(|r| matches!(r.due, DueState::Overdue | DueState::NeverMet))
                .count(),
        ),
    };
    let title = format!(
        "plp · caseload · {students} students · {due} need a check-in now · {}",
        app.today.format("%a %e %b %Y")
    );
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(Span::styled(title, theme.heading)),
            Line::from(Span::styled(header(area.width as usize), theme.dim)),
        ]),
        head,
    );
    draw_rows(frame, body, app, theme, area.width as usize);
    if filter_h > 0 {
        let cursor = if app.filtering { "▏" } else { "" };
        frame.render_widget(
            Paragraph::new(format!(
                "/{}{cursor}   {} of {} match",
                crate::domain::clean_line(&app.filter),
                app.visible.len(),
                app.caseload.len()
            )),
            filter,
        );
    }
}

/// The first row shown so that the selected row is on screen.
pub fn offset(selected: usize, height: usize) -> usize {
    selected.saturating_sub(height.saturating_sub(1))
}

fn name_width(width: usize) -> usize {
    width.saturating_sub(60).max(16)
}

fn header(width: usize) -> String {
    format!(
        "  {:<nw$} {:>2}  {:<10}  {:<22} {:>5}  {}",
        "Name",
        "Gr",
        "Last",
        "Next due",
        "Goals",
        "Flags",
        nw = name_width(width)
    )
}

fn draw_rows(frame: &mut Frame, area: Rect, app: &App, theme: &Theme, width: usize) {
    let height = area.height as usize;
    if app.visible.is_empty() {
        let msg = if app.caseload.is_empty() {
            "No students yet. Import a roster: plp import roster FILE.csv"
        } else {
            "No student matches the filter. Esc clears it."
        };
        frame.render_widget(Paragraph::new(msg), area);
        return;
    }
    let start = offset(app.selected, height);
    let lines: Vec<Line> = app
        .visible
        .iter()
        .enumerate()
        .skip(start)
        .take(height)
        .map(|(pos, i)| {
            let r = &app.caseload[*i];
            let alike = app.look_alikes.contains(&r.id);
            row(r, alike, pos == app.selected, theme, width)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

/// A student's name in a column of `width`: with the SIS id when another name on the caseload
/// looks the same, and the SIS id alone (never a blank) when the name shows nothing.
pub fn name_cell(r: &CaseloadRow, alike: bool, width: usize) -> String {
    let sis = fit(&r.sis_id, 12);
    if shows_nothing(&r.name) {
        return pad(&format!("(no name) SIS {sis}"), width);
    }
    if alike && !sis.is_empty() {
        let id = format!(" #{sis}");
        let room = width.saturating_sub(text_width(&id));
        return pad(&format!("{}{id}", fit(r.name.trim(), room)), width);
    }
    pad(r.name.trim(), width)
}

fn row<'a>(r: &CaseloadRow, alike: bool, selected: bool, theme: &Theme, width: usize) -> Line<'a> {
    let nw = name_width(width);
    let (due_style, due_text) = match r.due {
        DueState::Overdue => (theme.overdue, format!("{} overdue", date(r.next_due))),
        DueState::NeverMet => (theme.overdue, "not yet met".to_string()),
        DueState::ThisWeek => (theme.this_week, format!("{} this week", date(r.next_due))),
        DueState::Later => (ratatui::style::Style::default(), date(r.next_due)),
    };
    let mut flags = Vec::new();
    if r.iep {
        flags.push("IEP");
    }
    if r.plan_504 {
        flags.push("504");
    }
    let mut spans = vec![
        Span::styled(format!("{} ", r.due.marker()), due_style),
        Span::raw(format!(
            "{} {:>2}  {:<10}  ",
            name_cell(r, alike, nw),
            r.grade.map(|g| g.to_string()).unwrap_or_default(),
            date(r.last_checkin),
        )),
        Span::styled(format!("{due_text:<22}"), due_style),
        Span::raw(format!(" {:>5}  {}", r.active_goals, flags.join(" "))),
    ];
    if selected {
        for s in &mut spans {
            s.style = s.style.patch(theme.selected);
        }
        let used: usize = spans.iter().map(|s| s.width()).sum();
        spans.push(Span::styled(
            " ".repeat(width.saturating_sub(used)),
            theme.selected,
        ));
    }
    Line::from(spans)
}

fn date(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}
