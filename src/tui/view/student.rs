//! The student workspace: Profile, Goals & strategies, Check-in log; the caseload stays on the
//! left when the terminal is wide enough.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

use super::{fit, Theme};
use crate::domain::{clean_line, clean_text, PROFILE_FIELDS};
use crate::store::{Conflict, Entity};
use crate::tui::state::{App, Item, Pane, StudentView};

/// From this width the caseload stays visible on the left.
pub const WIDE: u16 = 120;
const LEFT: u16 = 30;
const DETAIL_LINES: u16 = 4;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let Some(view) = &app.student else {
        return;
    };
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    draw_header(frame, head, view, app, theme);
    let body = if area.width >= WIDE {
        let [left, right] =
            Layout::horizontal([Constraint::Length(LEFT), Constraint::Min(1)]).areas(body);
        draw_caseload_list(frame, left, app, view, theme);
        right
    } else {
        body
    };
    let focus = StudentView::pane_index(view.focus);
    let needs = Pane::ALL.map(|p| rows_needed(view, p, body.width));
    let areas = Layout::vertical(pane_heights(body.height, focus, needs)).split(body);
    for (i, pane) in Pane::ALL.iter().enumerate() {
        draw_pane(frame, areas[i], view, *pane, app, theme);
    }
}

/// The rows the selected line in full takes under a focused pane's list `width` wide: its
/// text wrapped, with the rule above it, at most [`DETAIL_LINES`].
fn detail_rows(text: &str, width: u16) -> u16 {
    let needed: usize = text
        .lines()
        .map(|l| super::width::wrap(l, width as usize).len().max(1))
        .sum();
    (needed.max(1) as u16 + 1).min(DETAIL_LINES)
}

/// The rows `pane` needs to show every line it holds (its borders, and when it has the focus
/// room for any of its lines in full, so that the panes keep their size as the selection
/// moves) in a body `width` wide.
fn rows_needed(view: &StudentView, pane: Pane, width: u16) -> u16 {
    let items = &view.items[StudentView::pane_index(pane)];
    let mut full = 0;
    if pane == view.focus {
        for item in items {
            let rows = detail_rows(&clean_text(&detail(item, view)), width.saturating_sub(2));
            full = full.max(rows);
            if full == DETAIL_LINES {
                break;
            }
        }
    }
    (items.len().max(1) as u16).saturating_add(2 + full)
}

/// How tall each pane is, in pane order, for `total` rows with the pane at `focus` focused and
/// each needing `needs` rows to show all its lines (borders, and the focused one's detail,
/// included). A pane not focused gets a quarter of the rows (at least 5) or what it needs if
/// less; the focused one what it needs of the rest, at least 6; rows still left go first to
/// the other panes up to what they need, in order, then to the focused one. So a short profile
/// in focus leaves its rows to the goals instead of showing blank lines, and a long one still
/// takes all there is.
fn pane_heights(total: u16, focus: usize, needs: [u16; 3]) -> [Constraint; 3] {
    let small = (total / 4).max(5);
    let mut rows = [0u16; 3];
    for (i, r) in rows.iter_mut().enumerate() {
        if i != focus {
            *r = small.min(needs[i]);
        }
    }
    let others: u16 = rows.iter().sum();
    if total < others + 6 {
        // Too few rows to share out: the focused pane takes what is left, as it always has.
        return std::array::from_fn(|i| {
            if i == focus {
                Constraint::Min(0)
            } else {
                Constraint::Length(small)
            }
        });
    }
    let mut left = total - others;
    rows[focus] = needs[focus].clamp(6, left);
    left -= rows[focus];
    for i in (0..3).filter(|&i| i != focus) {
        let more = needs[i].saturating_sub(rows[i]).min(left);
        rows[i] += more;
        left -= more;
    }
    rows[focus] += left;
    rows.map(Constraint::Length)
}

fn draw_header(frame: &mut Frame, area: Rect, view: &StudentView, app: &App, theme: &Theme) {
    let s = &view.record.student;
    let name = super::width::plain(&s.display_name()).trim().to_string();
    let mut parts = vec![if name.is_empty() {
        "(no name)".to_string()
    } else {
        name
    }];
    if !s.sis_id.trim().is_empty() {
        parts.push(format!("SIS {}", super::width::plain(&s.sis_id)));
    }
    if let Some(g) = s.grade {
        parts.push(crate::domain::grade_words(
            g,
            crate::domain::GradeForm::InSentence,
            "en",
        ));
    }
    if let Some(p) = &s.pronouns {
        parts.push(clean_line(p));
    }
    if s.iep {
        parts.push("IEP".into());
    }
    if s.plan_504 {
        parts.push("504".into());
    }
    if let Some(row) = app.caseload.iter().find(|r| r.id == s.id) {
        let due = match row.next_due {
            Some(d) => format!("due {} ({})", crate::domain::show_date(d), row.due.word()),
            // Not yet met this school year: never checked in, checked in only in an earlier
            // year, or checked in this year with no next date set.
            None => match row.last_checkin {
                None => "no check-in yet".into(),
                Some(d) if d < crate::domain::school_year_began(app.today) => {
                    "no check-in yet this school year".into()
                }
                Some(_) => "no next check-in set".into(),
            },
        };
        parts.push(due);
    }
    if !view.conflicts.is_empty() {
        // A field with three versions is one conflict listed twice (each against the shown).
        let fields: std::collections::HashSet<(&str, &str)> = view
            .conflicts
            .iter()
            .map(|c| (c.entity_id.as_str(), c.field.as_str()))
            .collect();
        parts.push(format!(
            "{} field(s) with more than one version",
            fields.len()
        ));
    }
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(
            header_line(&parts, area.width as usize),
            theme.heading,
        ))),
        area,
    );
}

/// The student's header line in `width` columns, from the name, the SIS id (when there is one,
/// second) and the rest. The name is who the advisor and the student beside them are reading
/// about, so what follows the id gives way first (cut at the end of the line); the name gives
/// way only past half the line, and then only as far as the id needs to stay in sight.
fn header_line(parts: &[String], width: usize) -> String {
    let whole = parts.join(" · ");
    if super::width::width(&whole) <= width {
        return whole;
    }
    let sis = parts
        .get(1)
        .filter(|p| p.starts_with("SIS "))
        .map_or(0, |p| super::width::width(p) + 3);
    let name = super::width::width(&parts[0]);
    if name <= (width / 2).min(width.saturating_sub(sis)) || sis == 0 {
        return fit(&whole, width);
    }
    // The name is cut: it and the id take the line.
    let name = fit(&parts[0], width.saturating_sub(sis).max(2));
    fit(&format!("{name} · {}", parts[1]), width)
}

fn draw_caseload_list(frame: &mut Frame, area: Rect, app: &App, view: &StudentView, theme: &Theme) {
    let block = Block::default().borders(Borders::RIGHT).style(theme.dim);
    let mut inner = block.inner(area);
    frame.render_widget(block, area);
    // A list narrowed by a filter or a view says so on its first row, so that the students
    // beside the panes are never read as the whole caseload.
    let said = if !app.filter.is_empty() {
        Some(format!(
            "/{} · {} of {}",
            super::width::plain(&app.filter),
            app.visible.len(),
            app.caseload.len()
        ))
    } else if app.visible.len() < app.caseload.len() {
        Some(format!(
            "{} of {} shown",
            app.visible.len(),
            app.caseload.len()
        ))
    } else {
        None
    };
    if let Some(said) = said.filter(|_| inner.height > 1) {
        let [head, rest] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(inner);
        let text = fit(&said, head.width.saturating_sub(1) as usize);
        frame.render_widget(Paragraph::new(Span::styled(text, theme.dim)), head);
        inner = rest;
    }
    let height = inner.height as usize;
    let current = app
        .visible
        .iter()
        .position(|i| app.caseload[*i].id == view.record.student.id)
        .unwrap_or(0);
    let start = super::caseload::offset(current, height);
    let waiting = super::drafts_waiting::students_waiting(app);
    let lines: Vec<Line> = app
        .visible
        .iter()
        .enumerate()
        .skip(start)
        .take(height)
        .map(|(pos, i)| {
            let r = &app.caseload[*i];
            let text = format!(
                "{} {}",
                r.due.marker(),
                super::caseload::name_cell(
                    r,
                    app.look_alikes.contains(&r.id),
                    waiting.contains(&r.id.as_str()),
                    inner.width as usize - 2
                )
            );
            if pos == current {
                Line::from(Span::styled(text, theme.heading))
            } else {
                Line::from(text)
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn draw_pane(
    frame: &mut Frame,
    area: Rect,
    view: &StudentView,
    pane: Pane,
    app: &App,
    theme: &Theme,
) {
    let focused = view.focus == pane;
    let shown = if app.show_retired {
        " · retired shown"
    } else {
        ""
    };
    let name = match (&view.year, pane) {
        (Some(y), Pane::Goals) => {
            format!("2 Plan {y} · read-only · y another year · Esc this year")
        }
        _ => pane.title().to_string(),
    };
    let shown = if view.year.is_some() { "" } else { shown };
    let waiting = super::drafts_waiting::marker(app, view, pane);
    let block = theme.pane(format!(" {name}{shown}{waiting} "), focused);
    let inner = block.inner(area);
    let idx = StudentView::pane_index(pane);
    let items = &view.items[idx];
    let selected = view.selected[idx];
    // The selected line in full, under the list when the pane has the focus: it takes the rows
    // its text needs (with its rule), at most DETAIL_LINES, so a short one leaves the list room
    // for every line it can show.
    let shown_detail = items
        .get(selected)
        .filter(|_| focused && inner.height > DETAIL_LINES + 3)
        .map(|item| clean_text(&detail(item, view)));
    let (list_area, detail_area) = match &shown_detail {
        Some(text) => {
            let rows = detail_rows(text, inner.width);
            let [l, d] =
                Layout::vertical([Constraint::Min(1), Constraint::Length(rows)]).areas(inner);
            (l, Some(d))
        }
        None => (inner, None),
    };
    // Lines the pane has no room for are said on its foot, so that a list cut short is never
    // read as all there is ("I have only one goal").
    let height = list_area.height as usize;
    let start = super::caseload::offset(selected, height);
    let above = start.min(items.len());
    let below = items.len().saturating_sub(start + height);
    let block = match super::cut_foot::line(above, below) {
        Some(foot) => block.title_bottom(foot),
        None => block,
    };
    frame.render_widget(block, area);
    if items.is_empty() {
        let empty = match pane {
            Pane::Goals => "No goals for this school year yet: a adds one.",
            // The title says an unsaved one waits: the first is not "yet" to start.
            Pane::Log if super::drafts_waiting::new_checkin_waits(app, view) => {
                "No check-ins saved yet: the unsaved one above waits."
            }
            Pane::Log => "No check-ins yet: n starts one.",
            Pane::Profile => "",
        };
        frame.render_widget(Paragraph::new(empty), list_area);
        return;
    }
    let width = list_area.width as usize;
    let lines: Vec<Line> = items
        .iter()
        .enumerate()
        .skip(start)
        .take(height)
        .map(|(i, item)| {
            let (text, versions) = item_line(item, view, app);
            // A goal or strategy says it in its brackets; others are marked after their indent.
            let text = if item.retired() && !matches!(item, Item::Goal(_) | Item::Strategy(_)) {
                let indent = text.len() - text.trim_start().len();
                format!("{}[retired] {}", &text[..indent], &text[indent..])
            } else {
                text
            };
            // Where it stands and the year's ratings or verdicts, kept whole at the end of the
            // line.
            let marks = match item {
                Item::Goal(g) => super::progress::goal_marks(&view.record, &g.goal.id),
                Item::Strategy(st) => super::progress::strategy_marks(&view.record, &st.id),
                _ => String::new(),
            };
            let marks = [item_status(item, view), marks]
                .into_iter()
                .filter(|m| !m.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            let room = width
                .saturating_sub(if versions > 0 { 14 } else { 0 })
                .saturating_sub(if marks.is_empty() {
                    0
                } else {
                    super::width::width(&marks) + 1
                });
            let mut spans = vec![Span::raw(fit(&text, room))];
            if !marks.is_empty() {
                spans.push(Span::raw(format!(" {marks}")));
            }
            if versions > 0 {
                spans.push(Span::styled(
                    format!(" [{versions} versions]"),
                    theme.conflict,
                ));
            }
            let line = Line::from(spans);
            if focused && i == selected {
                let used = line.width();
                let mut l = line.patch_style(theme.selected);
                l.spans.push(Span::styled(
                    " ".repeat(width.saturating_sub(used)),
                    theme.selected,
                ));
                l
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list_area);
    if let (Some(d), Some(text)) = (detail_area, shown_detail) {
        frame.render_widget(
            Paragraph::new(text)
                .style(theme.dim)
                .wrap(Wrap { trim: true })
                .block(
                    Block::default()
                        .borders(Borders::TOP)
                        .border_style(theme.dim),
                ),
            d,
        );
    }
}

/// A goal's why and measure, leaving out what was never filled in.
/// A strategy in full: what it is, who helps and how often (when given), and how it is going.
fn strategy_detail(st: &crate::domain::Strategy, view: &StudentView) -> String {
    let mut parts = vec![st.what.clone()];
    // One no longer in place says where it stands first, before who helps and how often.
    if st.retired {
        parts.push("Retired.".into());
    } else if st.status != crate::domain::Status::Active {
        parts.push(format!("Status: {}.", st.status));
    }
    if !st.owner.is_empty() {
        parts.push(format!("Who helps: {}", st.owner));
    }
    if !st.frequency.is_empty() {
        parts.push(format!("How often: {}", st.frequency));
    }
    parts.push(super::progress::strategy_words(&view.record, &st.id));
    parts.join("  ")
}

fn goal_detail(g: &crate::domain::Goal) -> String {
    let mut parts = Vec::new();
    if !g.why.is_empty() {
        parts.push(format!("Why: {}", g.why));
    }
    let mut measure = g.measured();
    if let Some(d) = g.target_date {
        measure.push_str(&format!(" by {}", crate::domain::show_date(d)));
    }
    let measure = measure.trim();
    if !measure.is_empty() {
        parts.push(format!("Measure: {measure}"));
    }
    if parts.is_empty() {
        "No why or measure yet: Enter adds them.".into()
    } else {
        parts.join("  ")
    }
}

/// How a goal stands or ended: its status, or for an active goal copied into a later plan,
/// "carried to 2027-28".
fn ending(r: &crate::store::StudentRecord, g: &crate::domain::Goal) -> String {
    if g.status == crate::domain::Status::Active {
        let later = r.plans.iter().find(|p| {
            p.goals
                .iter()
                .any(|c| c.goal.carried_from.as_deref() == Some(g.id.as_str()))
        });
        if let Some(p) = later {
            return format!("carried to {}", p.plan.school_year);
        }
    }
    g.status.to_string()
}

fn plan_line(p: &crate::domain::Plan) -> String {
    format!(
        "Plan {} · annual review: {}",
        p.school_year,
        if p.reviewed { "done" } else { "not yet" }
    )
}

/// How many versions the field with the most of them holds (0: none in conflict). Each
/// conflict is one version against the shown one, so a field with three has two.
fn versions<'a>(conflicts: impl IntoIterator<Item = &'a Conflict>) -> usize {
    let mut per_field: std::collections::HashMap<&str, usize> = Default::default();
    for c in conflicts {
        *per_field.entry(c.field.as_str()).or_default() += 1;
    }
    per_field.values().max().map_or(0, |n| n + 1)
}

/// One line for an item, and how many versions its field with the most of them holds (0: no
/// field in conflict).
/// A goal's or strategy's bracket of where it stands ("[academic · active]", "[revised]"), kept
/// whole after its line however narrow the pane: an advisor must not read a strategy taken
/// out of use as one still in place. A retired one says so where its status goes: its status
/// is what it was when it was retired, no longer what it is.
fn item_status(item: &Item, view: &StudentView) -> String {
    match item {
        Item::Goal(g) => format!(
            "[{} · {}]",
            g.goal.domain,
            if g.goal.retired {
                "retired".to_string()
            } else {
                ending(&view.record, &g.goal)
            }
        ),
        Item::Strategy(st) if st.retired => "[retired]".into(),
        Item::Strategy(st) => format!("[{}]", st.status),
        _ => String::new(),
    }
}

fn item_line(item: &Item, view: &StudentView, app: &App) -> (String, usize) {
    let s = &view.record.student;
    let has = |entity: Entity, id: &str| versions(view.conflicts_on(entity, id));
    match item {
        Item::Profile(f, label) => {
            let v = s.profile.get(f).unwrap_or("");
            let conflict = versions(
                view.conflicts_on(Entity::Student, &s.id)
                    .into_iter()
                    .filter(|c| c.field == *f),
            );
            (
                format!("{label}: {}", if v.is_empty() { "—" } else { v }),
                conflict,
            )
        }
        Item::Details => {
            let mut parts = vec![s.full_name()];
            parts.push(format!("SIS {}", s.sis_id));
            if let Some(a) = &s.advisor {
                parts.push(format!("advisor {a}"));
            }
            if let Some(y) = s.grad_year {
                parts.push(format!("class of {y}"));
            }
            parts.push(s.status.as_str().into());
            let conflict = versions(
                view.conflicts_on(Entity::Student, &s.id)
                    .into_iter()
                    .filter(|c| !PROFILE_FIELDS.iter().any(|(f, _)| *f == c.field)),
            );
            (format!("Details: {}", parts.join(" · ")), conflict)
        }
        Item::Team(m) => (
            match &m.language {
                Some(l) => format!(
                    "Team: {} ({}) {} · reads {}",
                    m.name,
                    m.role,
                    m.contact,
                    crate::domain::language_name(l)
                ),
                None => format!("Team: {} ({}) {}", m.name, m.role, m.contact),
            },
            has(Entity::TeamMember, &m.id),
        ),
        Item::Plan(p) => (plan_line(p), has(Entity::Plan, &p.id)),
        Item::Goal(g) => (format!("● {}", g.goal.title), has(Entity::Goal, &g.goal.id)),
        Item::Strategy(st) => {
            let mut extra = vec![];
            if !st.owner.is_empty() {
                extra.push(st.owner.clone());
            }
            if !st.frequency.is_empty() {
                extra.push(st.frequency.clone());
            }
            let extra = if extra.is_empty() {
                String::new()
            } else {
                format!(" ({})", extra.join(", "))
            };
            (
                format!("    – {}{extra}", st.what),
                has(Entity::Strategy, &st.id),
            )
        }
        Item::Evidence(e) => (
            format!(
                "Evidence {}{}: {}",
                crate::domain::show_opt_date(e.date),
                e.goal_id
                    .as_deref()
                    .and_then(|g| view.record.title_of(g))
                    .map(|t| format!(" · {t}"))
                    .unwrap_or_default(),
                present(" — ", [e.title.clone(), e.result.clone()])
            ),
            has(Entity::Evidence, &e.id),
        ),
        Item::CheckIn(c) => {
            let _ = app;
            (
                format!(
                    "{} {}{}{}",
                    crate::domain::show_opt_date(c.date),
                    c.kind_label(),
                    // Marked in words, as its detail and the check-in shown whole are, and
                    // before the words so that a narrow pane still shows it.
                    match c.restriction() {
                        crate::domain::Restriction::Whole => " [restricted]",
                        crate::domain::Restriction::Notes => " [restricted notes]",
                        crate::domain::Restriction::None => "",
                    },
                    if c.student_words.trim().is_empty() {
                        String::new()
                    } else {
                        format!(": \"{}\"", c.student_words)
                    }
                ),
                0,
            )
        }
        Item::Intervention(i) => (
            format!(
                "{} intervention{}: {}",
                crate::domain::show_opt_date(i.date),
                if i.kind.trim().is_empty() {
                    String::new()
                } else {
                    format!(" ({})", i.kind)
                },
                i.description
            ),
            has(Entity::Intervention, &i.id),
        ),
    }
}

/// The selected item's full text, under the list.
fn detail(item: &Item, view: &StudentView) -> String {
    let s = &view.record.student;
    match item {
        Item::Profile(f, _) => match s.profile.get(f).filter(|t| !t.trim().is_empty()) {
            Some(text) => text.to_string(),
            // Nothing written yet: say how to write it, and, with no team yet, how to add one.
            None => {
                use crate::tui::keymap::{key_of, Cmd, Ctx};
                // One line at 80 columns, so that the pane is no taller for it.
                let mut said = format!(
                    "Nothing written yet: {} writes it",
                    key_of(Ctx::Student, Cmd::Edit)
                );
                if view.record.team.iter().all(|m| m.retired) {
                    said.push_str(&format!(
                        "; no team yet: {} adds a member",
                        key_of(Ctx::Student, Cmd::Add)
                    ));
                }
                said + "."
            }
        },
        Item::Details => present(
            " · ",
            [
                labelled("Pronouns: ", s.pronouns.as_deref().unwrap_or("")),
                labelled("email ", s.email.as_deref().unwrap_or("")),
                format!("IEP {}", if s.iep { "yes" } else { "no" }),
                format!("504 {}", if s.plan_504 { "yes" } else { "no" }),
            ],
        ),
        Item::Plan(p) => plan_line(p),
        Item::Team(m) => present(" — ", [m.name.clone(), m.role.clone(), m.contact.clone()]),
        Item::Goal(g) => format!(
            "{}  {}",
            super::progress::goal_words(&view.record, &g.goal.id),
            goal_detail(&g.goal)
        ),
        Item::Strategy(st) => strategy_detail(st, view),
        Item::Evidence(e) => {
            let kind = if e.kind.trim().is_empty() {
                String::new()
            } else {
                format!("({})", e.kind)
            };
            present(
                ": ",
                [present(" ", [e.title.clone(), kind]), e.result.clone()],
            )
        }
        Item::CheckIn(c) => {
            let steps: Vec<String> = c.next_steps.iter().map(|n| n.words()).collect();
            present(
                "  ",
                [
                    if c.student_words.trim().is_empty() {
                        String::new()
                    } else {
                        format!("\"{}\"", c.student_words)
                    },
                    labelled("Next: ", &steps.join("; ")),
                    match c.restriction() {
                        crate::domain::Restriction::None => "",
                        crate::domain::Restriction::Notes => "[restricted notes]",
                        crate::domain::Restriction::Whole => "[whole check-in restricted]",
                    }
                    .to_string(),
                ],
            )
        }
        Item::Intervention(i) => present(
            " — ",
            [
                i.description.clone(),
                i.who.clone(),
                labelled("outcome: ", &i.outcome),
            ],
        ),
    }
}

/// The parts that have something in them, joined by `sep`: an empty part takes its separator
/// with it.
fn present(sep: &str, parts: impl IntoIterator<Item = String>) -> String {
    parts
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .collect::<Vec<_>>()
        .join(sep)
}

/// `label` and `value`, or nothing when the value is empty (no label left dangling).
fn labelled(label: &str, value: &str) -> String {
    if value.trim().is_empty() {
        String::new()
    } else {
        format!("{label}{value}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lengths(c: [Constraint; 3]) -> [u16; 3] {
        c.map(|c| match c {
            Constraint::Length(n) => n,
            other => panic!("{other:?}"),
        })
    }

    fn header(parts: &[&str], width: usize) -> String {
        let parts: Vec<String> = parts.iter().map(|p| p.to_string()).collect();
        header_line(&parts, width)
    }

    #[test]
    fn the_header_cuts_what_follows_the_id_before_the_name() {
        let long = [
            "Anastasia Konstantinopoulou-Hernández",
            "SIS 20260011",
            "grade 10",
            "she/her",
            "IEP",
            "504",
            "due 13 Nov 2026 (overdue)",
        ];
        // At 80 columns the whole name and the id stay; the end of the line is cut.
        assert_eq!(
            header(&long, 80),
            "Anastasia Konstantinopoulou-Hernández · SIS 20260011 · grade 10 · she/her · IEP…"
        );
        // What fits is shown whole.
        assert_eq!(header(&long[..3], 80), long[..3].join(" · "));
        // In a narrow window the name gives way, and the id stays in sight.
        assert_eq!(header(&long, 30), "Anastasia Kons… · SIS 20260011");
        assert_eq!(header(&long, 20), "Anas… · SIS 20260011");
        // Without an id the name takes the line before anything after it.
        assert_eq!(
            header(&[long[0], "grade 10", "she/her"], 40),
            "Anastasia Konstantinopoulou-Hernández ·…"
        );
    }

    #[test]
    fn a_short_focused_pane_leaves_its_rows_to_the_others() {
        // 38 rows: a profile of 9 lines with its detail needs 15; goals 30; the log 12.
        assert_eq!(lengths(pane_heights(38, 0, [15, 30, 12])), [15, 14, 9]);
        // The goals take what the profile leaves, the log what it needs.
        assert_eq!(lengths(pane_heights(57, 0, [15, 30, 12])), [15, 30, 12]);
        // Rows beyond every need go to the focused pane, as before.
        assert_eq!(lengths(pane_heights(80, 0, [15, 30, 12])), [38, 30, 12]);
    }

    #[test]
    fn a_long_focused_pane_takes_what_the_others_leave() {
        assert_eq!(lengths(pane_heights(38, 1, [15, 60, 12])), [9, 20, 9]);
        // An empty log needs three rows, and gives the rest away.
        assert_eq!(lengths(pane_heights(22, 1, [15, 60, 3])), [5, 14, 3]);
        assert_eq!(lengths(pane_heights(22, 1, [15, 60, 12])), [5, 12, 5]);
    }

    #[test]
    fn too_few_rows_keep_the_old_sharing() {
        assert_eq!(
            pane_heights(12, 2, [15, 30, 12]),
            [
                Constraint::Length(5),
                Constraint::Length(5),
                Constraint::Min(0)
            ]
        );
    }
}
