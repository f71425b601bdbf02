//! The Reports screen: a header with the narrowing, one tab per report, and the report shown
//! (lists for due, completeness and stuck; bars drawn to one scale and a sparkline for trends). Every
//! meaning is in words or marks, so it reads the same without colour.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Sparkline, Wrap};
use ratatui::Frame;

use super::{fit, width, Theme};
use crate::domain::{clean_line, grade_words, show_date, DueState, GradeForm};
use crate::report::overview::Overview;
use crate::report::trends::{whole_percent, Share, Trends};
use crate::tui::keymap::{self, Cmd, Ctx};
use crate::tui::reports::{Flags, ReportsView, Section};
use crate::tui::state::App;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let Some(view) = &app.reports else {
        return;
    };
    let [head, narrow, tabs, body] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(area);
    let filter = view.filter(app.today);
    let (since, until) = (filter.since.unwrap_or(app.today), filter.end(app.today));
    let (since, until) = (show_date(since), show_date(until));
    let students = view
        .overview
        .as_ref()
        .map(|o| match o.trends.students {
            1 => " · 1 student".to_string(),
            n => format!(" · {n} students"),
        })
        .unwrap_or_else(|| " · reading…".into());
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(
            fit(
                &format!(
                    "Reports · {} ({since} to {until}){students}",
                    view.period.label()
                ),
                area.width as usize,
            ),
            theme.heading,
        ))),
        head,
    );
    let flags = match view.flags {
        Flags::Any => "any",
        Flags::Iep => "IEP",
        Flags::Plan504 => "504",
        Flags::Either => "IEP or 504",
    };
    // Each narrowing with the key that steps it, from the keymap (the status bar keeps its
    // room for the keys that move and leave).
    let key = |cmd| keymap::key_of(Ctx::Reports, cmd);
    let parts = [
        (
            key(Cmd::NextAdvisor),
            "Advisor",
            view.advisor
                .as_deref()
                .map(|a| fit(&clean_line(a), 30))
                .unwrap_or_else(|| "everyone".into()),
        ),
        (
            key(Cmd::NextGrade),
            "Grade",
            view.grade
                .map_or("all".into(), |g| grade_words(g, GradeForm::Short, "en")),
        ),
        (key(Cmd::NextFlags), "IEP/504", flags.to_string()),
    ];
    let mut spans = Vec::new();
    for (i, (k, what, value)) in parts.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" · ", theme.dim));
        }
        spans.push(Span::styled(k, theme.key));
        spans.push(Span::raw(format!(" {what}: {value}")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), narrow);
    draw_tabs(frame, tabs, view, theme);
    if view.section == Section::Due {
        return draw_due(frame, body, app, view, theme);
    }
    let Some(o) = &view.overview else {
        frame.render_widget(Paragraph::new("Reading the reports…"), body);
        return;
    };
    match view.section {
        Section::Due => draw_due(frame, body, app, view, theme),
        Section::Trends => draw_trends(frame, body, o, theme),
        Section::Completeness => draw_completeness(frame, body, app, view, o, theme),
        Section::Stuck => draw_stuck(frame, body, app, view, o, theme),
    }
}

fn draw_tabs(frame: &mut Frame, area: Rect, view: &ReportsView, theme: &Theme) {
    let mut spans = Vec::new();
    for (i, s) in Section::ALL.iter().enumerate() {
        let count = match (s, &view.overview) {
            (Section::Due, _) => format!(" ({})", view.len(*s)),
            (Section::Trends, _) | (_, None) => String::new(),
            (_, Some(_)) => format!(" ({})", view.len(*s)),
        };
        let text = format!("{} {}{count}", i + 1, s.title());
        if *s == view.section {
            spans.push(Span::styled(
                format!("[{text}]"),
                theme.focused.patch(theme.selected),
            ));
        } else {
            spans.push(Span::raw(format!(" {text} ")));
        }
        spans.push(Span::raw(" "));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Lines of a list, scrolled so the selected one shows, the selected one reversed; a list
/// longer than its room gives its last row to what is above and below the rows in sight
/// ("↑ 4 more · ↓ 12 more"), so that a list cut short is never read as all there is.
fn list(
    frame: &mut Frame,
    area: Rect,
    lines: Vec<String>,
    selected: usize,
    header: Option<String>,
    theme: &Theme,
) {
    let (head, rows) = match header {
        Some(_) => {
            let [h, r] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
            (Some(h), r)
        }
        None => (None, area),
    };
    if let (Some(h), Some(text)) = (head, header) {
        frame.render_widget(
            Paragraph::new(Span::styled(fit(&text, h.width as usize), theme.heading)),
            h,
        );
    }
    let cut = lines.len() > rows.height as usize && rows.height > 1;
    let height = rows.height as usize - usize::from(cut);
    let start = super::caseload::offset(selected, height);
    if cut {
        let below = lines.len().saturating_sub(start + height);
        let foot = Rect {
            y: rows.y + rows.height - 1,
            height: 1,
            ..rows
        };
        let more = super::cut_foot::line(start, below).map(|l| l.style(theme.dim));
        frame.render_widget(Paragraph::new(more.unwrap_or_default()), foot);
    }
    if lines.is_empty() {
        frame.render_widget(Paragraph::new("No student on this list."), rows);
        return;
    }
    let width = rows.width as usize;
    let rows = Rect {
        height: height as u16,
        ..rows
    };
    let shown: Vec<Line> = lines
        .iter()
        .enumerate()
        .skip(start)
        .take(height)
        .map(|(i, l)| {
            let text = fit(l, width);
            if i == selected {
                theme.selected_line(text, width)
            } else {
                Line::from(text)
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(shown), rows);
}

/// The students of one list told apart as the caseload tells them: a name that looks like
/// another's (on the caseload, or in this list) is shown with its SIS id.
struct Names<'a> {
    app: &'a App,
    here: std::collections::HashSet<&'a str>,
}

impl<'a> Names<'a> {
    /// The names of a list's students, given as (id, name).
    fn of(app: &'a App, rows: impl Iterator<Item = (&'a str, &'a str)>) -> Names<'a> {
        let mut seen: std::collections::HashMap<String, Vec<&'a str>> = Default::default();
        for (id, name) in rows {
            seen.entry(super::width::looks_like(name))
                .or_default()
                .push(id);
        }
        let here = seen
            .into_values()
            .filter(|ids| ids.len() > 1)
            .flatten()
            .collect();
        Names { app, here }
    }

    /// One student's name, at most `width` wide.
    fn shown(&self, id: &str, sis_id: &str, name: &str, width: usize) -> String {
        let alike = self.here.contains(id) || self.app.look_alikes.contains(id);
        super::caseload::shown_name(name, sis_id, alike, width)
    }
}

fn draw_due(frame: &mut Frame, area: Rect, app: &App, view: &ReportsView, theme: &Theme) {
    let names = Names::of(
        app,
        view.due.iter().map(|r| (r.id.as_str(), r.name.as_str())),
    );
    let lines = view
        .due
        .iter()
        .map(|r| {
            let state = match r.due.as_str() {
                "overdue" => DueState::Overdue,
                "not yet met" => DueState::NeverMet,
                "no date set" => DueState::NoDate,
                "this week" => DueState::ThisWeek,
                _ => DueState::Later,
            };
            let over = days_over(r.days_overdue);
            format!(
                "{} {:<11} {:<11}  {}{}{over}",
                state.marker(),
                r.due,
                r.next_due.map_or("—".to_string(), show_date),
                names.shown(&r.id, &r.sis_id, &r.name, 60),
                r.grade
                    .map(|g| format!(" · gr {}", grade_words(g, GradeForm::Short, "en")))
                    .unwrap_or_default(),
            )
        })
        .collect();
    list(
        frame,
        area,
        lines,
        view.selected[0],
        Some("  Due         Next due     Student".into()),
        theme,
    );
}

fn draw_completeness(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    view: &ReportsView,
    o: &Overview,
    theme: &Theme,
) {
    let n = o.completeness.len();
    let names = [
        "strengths",
        "profile",
        "goals",
        "strategies",
        "family",
        "review",
        "recent",
    ];
    let shares: Vec<String> = if n == 0 {
        Vec::new()
    } else {
        names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let k = o.completeness.iter().filter(|r| r.criteria()[i].1).count();
                format!("{name} {}%", whole_percent(k as i64, n as i64))
            })
            .collect()
    };
    // The key to the columns below, whole: on a second line when one is too narrow.
    let summary = pack(&shares, " · ", area.width as usize);
    let [top, rest] = Layout::vertical([
        Constraint::Length(summary.len().max(1) as u16),
        Constraint::Min(1),
    ])
    .areas(area);
    let summary: Vec<Line> = summary.into_iter().map(Line::from).collect();
    frame.render_widget(Paragraph::new(summary), top);
    let name_w = (rest.width as usize)
        .saturating_sub(3 + 4 * 7 + 5)
        .clamp(12, 40);
    let mark = |ok: bool| if ok { "yes" } else { " - " };
    let names = Names::of(
        app,
        o.completeness
            .iter()
            .map(|r| (r.id.as_str(), r.name.as_str())),
    );
    let lines = o
        .completeness
        .iter()
        .map(|r| {
            let cells: Vec<&str> = r.criteria().iter().map(|(_, ok)| mark(*ok)).collect();
            format!(
                "{} {:>3}  {}  {}/7",
                super::width::pad(&names.shown(&r.id, &r.sis_id, &r.name, name_w), name_w),
                r.grade
                    .map(|g| grade_words(g, GradeForm::Short, "en"))
                    .unwrap_or_default(),
                cells.join(" "),
                r.done()
            )
        })
        .collect();
    let header = format!(
        "{:<name_w$} {:>3}  Str Pro Gls Stg Fam Rev Rec  done",
        "Student", "Gr"
    );
    list(frame, rest, lines, view.selected[2], Some(header), theme);
}

fn draw_stuck(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    view: &ReportsView,
    o: &Overview,
    theme: &Theme,
) {
    let names = Names::of(
        app,
        o.stuck.iter().map(|s| (s.id.as_str(), s.name.as_str())),
    );
    let detail_h = if area.height >= 30 { 6 } else { 4 };
    let [rows, detail] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(detail_h)]).areas(area);
    // A wider window gives names more room (a third of it, up to 40), the rules the rest.
    let name_w = (rows.width as usize / 3).clamp(24, 40);
    let lines = o
        .stuck
        .iter()
        .map(|s| {
            // Each rule once, with how many times it applies: "strategy not working ×2".
            let mut rules: Vec<String> = Vec::new();
            let mut counted: Vec<(&str, usize)> = Vec::new();
            for r in &s.reasons {
                match counted.iter_mut().find(|(rule, _)| *rule == r.rule()) {
                    Some((_, n)) => *n += 1,
                    None => counted.push((r.rule(), 1)),
                }
            }
            for (rule, n) in counted {
                rules.push(if n > 1 {
                    format!("{rule} ×{n}")
                } else {
                    rule.to_string()
                });
            }
            format!(
                "{} {:>3}  {}",
                super::width::pad(&names.shown(&s.id, &s.sis_id, &s.name, name_w), name_w),
                s.grade
                    .map(|g| grade_words(g, GradeForm::Short, "en"))
                    .unwrap_or_default(),
                rules.join(", ")
            )
        })
        .collect();
    list(
        frame,
        rows,
        lines,
        view.selected[3],
        Some(format!("{:<name_w$} {:>3}  Why", "Student", "Gr")),
        theme,
    );
    let why: Vec<Line> = o
        .stuck
        .get(view.selected[3])
        .map(|s| {
            s.reasons
                .iter()
                .map(|r| Line::from(format!("• {}", clean_line(&r.words_dated(show_date)))))
                .collect()
        })
        .unwrap_or_default();
    frame.render_widget(
        Paragraph::new(why).wrap(Wrap { trim: true }).block(
            Block::default()
                .borders(Borders::TOP)
                .border_style(theme.dim),
        ),
        detail,
    );
}

/// The partial cells of a bar, in eighths of a cell: a share too small for a whole cell still
/// shows as a sliver.
const EIGHTHS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];

/// A bar for a share of 0–100%, `width` cells long at 100%: proportional to the share, in
/// eighths of a cell, and never empty for a share above 0.
fn bar(percent: f64, width: usize) -> String {
    let percent = percent.clamp(0.0, 100.0);
    let mut eighths = (percent * (width * 8) as f64 / 100.0).round() as usize;
    if percent > 0.0 {
        eighths = eighths.max(1);
    }
    format!("{}{}", "█".repeat(eighths / 8), EIGHTHS[eighths % 8])
}

/// A share as written beside its bar: "89% (was 80%)", the figure before when there is one. A
/// period before with nothing counted in the chart (no verdict given, no check-in held) has no
/// figures: its 0% would read as a change.
fn share_text(s: &Share, before: &[Share]) -> String {
    let counted = before.iter().any(|b| b.count > 0);
    let was = before.iter().find(|b| counted && b.key == s.key);
    format!(
        "{:>3}%{}",
        s.whole_percent(),
        was.map(|b| format!(" (was {}%)", b.whole_percent()))
            .unwrap_or_default()
    )
}

/// One chart of shares: a heading, then a line per key with its name, its share (and the share
/// before) and a bar on the scale every chart shares (`bar_w` cells is 100%).
struct Shares<'a> {
    title: &'a str,
    now: &'a [Share],
    before: &'a [Share],
}

/// How wide the names and the figures of some charts are, so their bars start in one column.
fn columns(charts: &[&Shares]) -> (usize, usize) {
    let rows = || {
        charts
            .iter()
            .flat_map(|c| c.now.iter().map(move |s| (c, s)))
    };
    let label = rows().map(|(_, s)| width::width(&short(&s.key))).max();
    let text = rows()
        .map(|(c, s)| width::width(&share_text(s, c.before)))
        .max();
    (label.unwrap_or(0), text.unwrap_or(0))
}

fn draw_shares(
    frame: &mut Frame,
    area: Rect,
    c: &Shares,
    cols: (usize, usize),
    bar_w: usize,
    theme: &Theme,
) {
    let (label_w, text_w) = cols;
    let mut lines = vec![Line::from(Span::styled(
        fit(c.title, area.width as usize),
        theme.heading,
    ))];
    for s in c.now {
        lines.push(Line::from(fit(
            &format!(
                "{} {} {}",
                width::pad(&short(&s.key), label_w),
                width::pad(&share_text(s, c.before), text_w),
                bar(s.percent, bar_w)
            ),
            area.width as usize,
        )));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// Short names for narrow charts.
fn short(key: &str) -> String {
    match key {
        "social-emotional" => "social-emot.".into(),
        "not-working" => "not working".into(),
        "not-tried" => "not tried".into(),
        k => k.to_string(),
    }
}

fn draw_trends(frame: &mut Frame, area: Rect, o: &Overview, theme: &Theme) {
    let t: &Trends = &o.trends;
    let b: &Trends = &o.before;
    let grades_h = (t.by_grade.len() as u16 + 1).min(area.height.saturating_sub(13));
    let [compared, charts, goals, spark, grades] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(6),
        Constraint::Length(3),
        Constraint::Length(3),
        Constraint::Min(grades_h.min(1)),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(Span::styled(
            fit(
                &format!(
                    "\"was\" and \"before\" are {} to {}, the period just before",
                    show_date(b.since),
                    show_date(b.until)
                ),
                compared.width as usize,
            ),
            theme.heading,
        )),
        compared,
    );
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(charts);
    let domains = Shares {
        title: "Goal domains (share of students)",
        now: &t.goal_domains,
        before: &b.goal_domains,
    };
    let verdicts = Shares {
        title: "Latest verdicts (share of strategies)",
        now: &t.latest_verdicts,
        before: &b.latest_verdicts,
    };
    let cols = columns(&[&domains, &verdicts]);
    // One scale for both charts: 100% is as long in each, a cell kept between the columns.
    let bar_w = (left.width.min(right.width) as usize).saturating_sub(cols.0 + cols.1 + 3);
    draw_shares(frame, left, &domains, cols, bar_w, theme);
    draw_shares(frame, right, &verdicts, cols, bar_w, theme);
    let count =
        |shares: &[Share], key: &str| shares.iter().find(|s| s.key == key).map_or(0, |s| s.count);
    let held: i64 = t.checkins.iter().map(|s| s.count).sum();
    let held_before: i64 = b.checkins.iter().map(|s| s.count).sum();
    // One fact a line, each cut with "…" if it must be: a wrapped line cut at the area's
    // bottom would end on a comma and read as the whole list.
    let kinds: Vec<String> = t
        .checkins
        .iter()
        .filter(|s| s.count > 0)
        .map(|s| format!("{} {}", s.key, s.count))
        .collect();
    let goals_text: Vec<Line> = [
        format!(
            "Goals: {} active, {} met, {} revised, {} dropped · marked met: {} (before: {})",
            count(&t.goal_status, "active"),
            count(&t.goal_status, "met"),
            count(&t.goal_status, "revised"),
            count(&t.goal_status, "dropped"),
            t.goals_met.count,
            b.goals_met.count
        ),
        format!("Check-ins: {held} (before: {held_before})"),
        if kinds.is_empty() {
            "By kind: none held".into()
        } else {
            format!("By kind: {}", kinds.join(", "))
        },
    ]
    .iter()
    .map(|l| Line::from(fit(l, goals.width as usize)))
    .collect();
    frame.render_widget(Paragraph::new(goals_text), goals);
    let weekly: Vec<u64> = t.checkins_by_week.clone();
    let peak = weekly.iter().copied().max().unwrap_or(0);
    let [label, line] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(2)]).areas(spark);
    frame.render_widget(
        Paragraph::new(Span::styled(
            fit(
                &format!(
                    "Check-ins per week from {} (highest week: {peak})",
                    show_date(t.since)
                ),
                label.width as usize,
            ),
            theme.heading,
        )),
        label,
    );
    frame.render_widget(Sparkline::default().data(&weekly).max(peak.max(1)), line);
    let mut lines = vec![Line::from(Span::styled(
        "Goal domains by grade (share of the grade's students)",
        theme.heading,
    ))];
    for g in &t.by_grade {
        let mut top: Vec<&Share> = g.domains.iter().filter(|s| s.count > 0).collect();
        top.sort_by_key(|s| std::cmp::Reverse(s.count));
        let words: Vec<String> = top
            .iter()
            .take(3)
            .map(|s| format!("{} {}%", short(&s.key), s.whole_percent()))
            .collect();
        lines.push(Line::from(fit(
            &format!(
                "{} ({}): {}",
                g.grade.map_or("no grade".into(), |n| grade_words(
                    n,
                    GradeForm::InSentence,
                    "en"
                )),
                g.students,
                if words.is_empty() {
                    "no goals yet".into()
                } else {
                    words.join(" · ")
                }
            ),
            grades.width as usize,
        )));
    }
    frame.render_widget(Paragraph::new(lines), grades);
}

/// Items joined with `sep` in rows of at most `width`, each item whole on one row (cut with "…"
/// only if it alone is wider than a row).
fn pack(items: &[String], sep: &str, width: usize) -> Vec<String> {
    let mut rows: Vec<String> = Vec::new();
    for item in items {
        match rows.last_mut() {
            Some(row) if width::width(row) + width::width(sep) + width::width(item) <= width => {
                row.push_str(sep);
                row.push_str(item);
            }
            _ => rows.push(fit(item, width)),
        }
    }
    rows
}

/// How far past its date a due line is, said after it ("" when not past).
fn days_over(days: i64) -> String {
    match days {
        n if n <= 0 => String::new(),
        1 => " · 1 day over".to_string(),
        n => format!(" · {n} days over"),
    }
}

#[cfg(test)]
mod days_over_tests {
    #[test]
    fn one_day_over_is_said_as_one_day() {
        assert_eq!(super::days_over(0), "");
        assert_eq!(super::days_over(1), " · 1 day over");
        assert_eq!(super::days_over(24), " · 24 days over");
    }
}
