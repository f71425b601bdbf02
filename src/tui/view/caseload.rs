//! The caseload: one line per student, most urgent first.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::width::{fit, pad, shows_nothing, width as text_width};
use super::Theme;
use crate::domain::DueState;
use crate::store::CaseloadRow;
use crate::tui::caseload_view::CaseloadView;
use crate::tui::keymap::{self, Cmd, Ctx};
use crate::tui::state::App;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let filter_h = u16::from(app.filtering || !app.filter.is_empty());
    let [head, body, filter] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Min(1),
        Constraint::Length(filter_h),
    ])
    .areas(area);
    let width = area.width as usize;
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(Span::styled(fit(&title(app), width), theme.heading)),
            view_bar(app, theme, width),
            Line::from(Span::styled(header(width), theme.dim)),
        ]),
        head,
    );
    draw_rows(frame, body, app, theme, width);
    if filter_h > 0 {
        let cursor = if app.filtering { "▏" } else { "" };
        // Counted within the view the filter narrows (a grade's students, not everyone's).
        let in_view = app
            .filter_memo
            .view_counts(&app.view)
            .map_or_else(|| app.view.rows(&app.caseload).len(), |(n, _)| n);
        frame.render_widget(
            Paragraph::new(format!(
                "/{}{cursor}   {} of {in_view} match (name, SIS id or advisor)",
                crate::domain::clean_line(&app.filter),
                app.visible.len(),
            )),
            filter,
        );
    }
}

/// "Ms. Rivera's advisees · 18 of 412 · 3 need a check-in now · Tue 24 Nov 2026".
fn title(app: &App) -> String {
    let today = crate::domain::show_day(app.today);
    if app.view == CaseloadView::default() {
        let (students, due) = match (app.caseload_counts, app.filter_memo.view_counts(&app.view)) {
            (Some(c), _) => (c.students, c.need_now),
            (None, Some(counted)) => counted,
            (None, None) => (app.caseload.len(), need_now(app.caseload.iter())),
        };
        let s = if students == 1 { "" } else { "s" };
        let needs = needs(due);
        return format!(
            "Everyone · {students} student{s} · {due} {needs} a check-in now · {today}"
        );
    }
    let today = app.today.format("%a %-d %b");
    let total = app
        .caseload_counts
        .map_or(app.caseload.len(), |c| c.students);
    // Counted when the view's lines were chosen; counted here only if they never were.
    let (shown, due) = app.filter_memo.view_counts(&app.view).unwrap_or_else(|| {
        let shown = app.view.rows(&app.caseload);
        let due = need_now(shown.iter().map(|i| &app.caseload[*i]));
        (shown.len(), due)
    });
    format!(
        "{} · {shown} of {total} · {due} {} a check-in now · {today}",
        app.view.describe(app.advisor_written.as_deref()),
        needs(due),
    )
}

/// "1 needs", "3 need".
fn needs(n: usize) -> &'static str {
    if n == 1 {
        "needs"
    } else {
        "need"
    }
}

fn need_now<'a>(rows: impl Iterator<Item = &'a CaseloadRow>) -> usize {
    rows.filter(|r| {
        matches!(
            r.due,
            DueState::Overdue | DueState::NeverMet | DueState::NoDate
        )
    })
    .count()
}

/// The narrowing keys with what each is set to: "m everyone · a advisor: any · y grade: 9 …".
fn view_bar<'a>(app: &App, theme: &Theme, width: usize) -> Line<'a> {
    let key = |cmd| keymap::key_of(Ctx::Caseload, cmd);
    let mine = match (&app.view.advisor, &app.me) {
        (Some(_), _) => "everyone",
        (None, Some(_)) => "my advisees",
        (None, None) => "mine (not set)",
    };
    let advisor = app
        .view
        .advisor
        .as_deref()
        .map(|a| app.advisor_written.as_deref().unwrap_or(a))
        .map_or("advisor any".to_string(), |a| {
            fit(&crate::domain::clean_line(a), 18)
        });
    let grade = app.view.grade.map_or("grade any".to_string(), |g| {
        crate::domain::grade_words(g, crate::domain::GradeForm::InSentence, "en")
    });
    let parts = [
        (key(Cmd::Mine), mine.to_string()),
        (key(Cmd::NextAdvisor), advisor),
        (key(Cmd::NextGrade), grade),
        (
            key(Cmd::NextFlags),
            format!("IEP/504 {}", app.view.flags.words()),
        ),
        (key(Cmd::NextDue), format!("due {}", app.view.due.short())),
    ];
    let mut spans = Vec::new();
    let mut used = 0;
    for (k, words) in parts {
        let w = k.chars().count() + 1 + super::width::width(&words) + 3;
        if used + w > width + 3 {
            break;
        }
        if used > 0 {
            spans.push(Span::styled(" · ", theme.dim));
        }
        spans.push(Span::styled(k, theme.key));
        spans.push(Span::raw(format!(" {words}")));
        used += w;
    }
    Line::from(spans)
}

/// Why a narrowed view is empty, naming only keys that change that: the narrowings that are on,
/// each with the key that steps it, and the key that clears them all.
fn nothing_matches(app: &App) -> String {
    let key = |cmd| keymap::key_of(app.ctx(), cmd);
    let view = &app.view;
    let mut on: Vec<String> = Vec::new();
    if let Some(a) = view
        .advisor
        .as_deref()
        .filter(|a| Some(*a) != app.me.as_deref())
    {
        on.push(format!(
            "{}'s advisees ({})",
            fit(&crate::domain::clean_line(a), 24),
            key(Cmd::NextAdvisor)
        ));
    }
    if let Some(g) = view.grade {
        let grade = crate::domain::grade_words(g, crate::domain::GradeForm::InSentence, "en");
        on.push(format!("{grade} ({})", key(Cmd::NextGrade)));
    }
    if view.flags != crate::tui::caseload_view::FlagView::Any {
        on.push(format!("{} ({})", view.flags.words(), key(Cmd::NextFlags)));
    }
    if view.due != crate::tui::caseload_view::DueView::Any {
        on.push(format!("due: {} ({})", view.due.words(), key(Cmd::NextDue)));
    }
    let opening = if app.me.is_some() {
        "your advisees"
    } else {
        "everyone"
    };
    if on.is_empty() {
        return "No student in this view.".into();
    }
    format!(
        "No student in this view matches {}. {} clears the narrowing and shows {opening}.",
        on.join(" · "),
        key(Cmd::Back)
    )
}

/// The first row shown so that the selected row is on screen.
pub fn offset(selected: usize, height: usize) -> usize {
    selected.saturating_sub(height.saturating_sub(1))
}

/// The widest the name column gets: a long name with its SIS id fits; on a wider terminal the
/// columns stay together at the left rather than a wide gap opening after every name.
const NAME_MOST: usize = 36;

/// The name column takes what the other columns leave (they need 56 of the width, flags
/// "IEP 504" included), so that at 80 columns a name and its SIS id fit in 24, up to
/// [`NAME_MOST`].
fn name_width(width: usize) -> usize {
    width.saturating_sub(56).clamp(16, NAME_MOST)
}

fn header(width: usize) -> String {
    format!(
        "  {:<nw$} {:>2}  {:<11}  {:<21} {:>5}  {}",
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
        let msg = match (&app.view.advisor, app.view.narrowed()) {
            _ if app.caseload.is_empty() => {
                "No students yet. Import a roster: plp import roster FILE.csv".to_string()
            }
            _ if !app.filter.is_empty() => {
                "No student in this view matches. Esc clears the filter (again: the opening view)."
                    .to_string()
            }
            (Some(advisor), false) => format!(
                "No student has {} as advisor. m shows everyone, a another advisor; \
                 plp config advisor sets your name.",
                crate::domain::clean_line(advisor)
            ),
            _ => nothing_matches(app),
        };
        frame.render_widget(Paragraph::new(msg).wrap(Wrap { trim: true }), area);
        return;
    }
    let start = offset(app.selected, height);
    // Read once for the frame: drafts are few, lines many.
    let waiting = super::drafts_waiting::students_waiting(app);
    // Only the lines on screen: past the lines a filter key ranked first, the rest is ranked.
    let lines: Vec<Line> = app
        .visible
        .window(start, height)
        .iter()
        .enumerate()
        .map(|(k, i)| {
            let r = &app.caseload[*i];
            let alike = app.look_alikes.contains(&r.id);
            let draft = waiting.contains(&r.id.as_str());
            row(r, alike, draft, start + k == app.selected, theme, width)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

/// What ends the name column of a student for whom typing waits as a draft (help and the
/// README explain it): a mark, not a colour, so that it reads in any terminal.
pub const DRAFT_MARK: &str = "✎";

/// A student's name in a column of `width`: with the SIS id when another name on the caseload
/// looks the same, and the SIS id alone (never a blank) when the name shows nothing; ending in
/// [`DRAFT_MARK`] when `draft` (typing for the student waits as a draft).
pub fn name_cell(r: &CaseloadRow, alike: bool, draft: bool, width: usize) -> String {
    if draft && width > 2 {
        let room = width - 2;
        return format!(
            "{} {DRAFT_MARK}",
            pad(&shown_name(&r.name, &r.sis_id, alike, room), room)
        );
    }
    pad(&shown_name(&r.name, &r.sis_id, alike, width), width)
}

/// A student's name as every list shows it, at most `width` wide: plain, with ` #SIS` when
/// `alike` (another name looks the same), `(no name) SIS …` when it shows nothing.
pub fn shown_name(name: &str, sis_id: &str, alike: bool, width: usize) -> String {
    let sis = fit(sis_id, 12);
    if shows_nothing(name) {
        return fit(&format!("(no name) SIS {sis}"), width);
    }
    if alike && !sis.is_empty() {
        let id = format!(" #{sis}");
        let room = width.saturating_sub(text_width(&id));
        return format!("{}{id}", fit(name.trim(), room));
    }
    fit(name.trim(), width)
}

fn row<'a>(
    r: &CaseloadRow,
    alike: bool,
    draft: bool,
    selected: bool,
    theme: &Theme,
    width: usize,
) -> Line<'a> {
    let nw = name_width(width);
    let (due_style, due_text) = match r.due {
        DueState::Overdue => (theme.overdue, format!("{} overdue", date(r.next_due))),
        DueState::NeverMet | DueState::NoDate => (theme.overdue, r.due.word().to_string()),
        DueState::ThisWeek => (theme.this_week, format!("{} this week", date(r.next_due))),
        DueState::Later => (
            ratatui::style::Style::default(),
            format!("{} later", date(r.next_due)),
        ),
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
            "{} {:>2}  {:<11}  ",
            name_cell(r, alike, draft, nw),
            r.grade
                .map(|g| crate::domain::grade_words(g, crate::domain::GradeForm::Short, "en"))
                .unwrap_or_default(),
            date(r.last_checkin),
        )),
        Span::styled(format!("{due_text:<21}"), due_style),
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
    crate::domain::show_opt_date(d)
}
