//! Keys on the Reports screen: sections, narrowing (advisor, grade, IEP/504, period), moving
//! through a list, and opening the student on a line.

use super::{is_move, moved};
use crate::report::overview::Overview;
use crate::tui::effects::Effect;
use crate::tui::keymap::Cmd;
use crate::tui::reports::{Flags, PeriodChoice, ReportsView, Section};
use crate::tui::state::{App, Screen};

/// Opens the Reports screen (keeping its narrowing if it was open before) and reads them. Opened
/// for the first time, it is narrowed to the advisor and grade the caseload shows (an advisor's
/// own advisees, as the app opens on them).
pub(super) fn open(app: &mut App) -> Vec<Effect> {
    app.filtering = false;
    app.screen = Screen::Reports;
    if app.reports.is_none() {
        app.reports = Some(Box::new(ReportsView {
            // As the students' advisor fields write the name (it matches the same students).
            advisor: app
                .view
                .advisor
                .as_ref()
                .map(|a| app.advisor_written.clone().unwrap_or_else(|| a.clone())),
            grade: app.view.grade,
            ..ReportsView::new()
        }));
    }
    reread(app)
}

/// Who is due at once (from the caseload in memory), and the rest read beside the screen.
fn reread(app: &mut App) -> Vec<Effect> {
    let today = app.today;
    let Some(view) = app.reports.as_mut() else {
        return vec![];
    };
    let filter = view.filter(today);
    // Who is due is about today, whatever period the other reports look at.
    let now = crate::report::filter::ReportFilter {
        since: None,
        until: None,
        ..filter.clone()
    };
    view.due = crate::report::due::due_rows(&app.caseload, &now, today);
    view.overview = None;
    let at = ReportsView::index(Section::Due);
    view.selected[at] = view.selected[at].min(view.due.len().saturating_sub(1));
    vec![Effect::LoadReports(filter)]
}

/// The caseload was read again after another process wrote to the file: who is due follows
/// it at once, and the rest is read again beside the screen, the reports on screen kept until
/// the new ones come.
pub(super) fn refresh(app: &mut App) -> Vec<Effect> {
    if app.screen != Screen::Reports {
        return vec![];
    }
    let Some(overview) = app.reports.as_mut().and_then(|v| v.overview.take()) else {
        return reread(app);
    };
    let effects = reread(app);
    if let Some(view) = app.reports.as_mut() {
        view.overview = Some(overview);
    }
    effects
}

/// The reports came back.
pub(super) fn loaded(app: &mut App, overview: Box<Overview>) {
    let today = app.today;
    if let Some(view) = app.reports.as_mut() {
        if overview.filter != view.filter(today) {
            return; // read for a narrowing since changed
        }
        view.overview = Some(overview);
        for s in Section::ALL {
            let i = ReportsView::index(s);
            view.selected[i] = view.selected[i].min(view.len(s).saturating_sub(1));
        }
    }
}

pub(super) fn reports(app: &mut App, cmd: Cmd) -> Vec<Effect> {
    let Some(view) = app.reports.as_mut() else {
        return vec![];
    };
    let at = ReportsView::index(view.section);
    if is_move(cmd) {
        if view.section == Section::Trends {
            app.status = Some("Trends has no list: Tab moves to the next section.".into());
            return vec![];
        }
        view.selected[at] = moved(view.selected[at], view.len(view.section), cmd);
        return vec![];
    }
    let step = |s: Section, by: isize| {
        let n = Section::ALL.len() as isize;
        Section::ALL[(ReportsView::index(s) as isize + by).rem_euclid(n) as usize]
    };
    let (advisors, grades) = view
        .overview
        .as_ref()
        .map(|o| (o.advisors.clone(), o.grades.clone()))
        .unwrap_or_default();
    match cmd {
        Cmd::NextPane => view.section = step(view.section, 1),
        Cmd::PrevPane => view.section = step(view.section, -1),
        Cmd::Section(n) => view.section = Section::ALL[usize::from(n.clamp(1, 4)) - 1],
        Cmd::Open => match view.selected_student() {
            Some(id) => {
                return vec![Effect::LoadStudent {
                    student: id.to_string(),
                }]
            }
            None => {
                app.status = Some(match view.section {
                    Section::Trends => {
                        "Trends counts students; Tab moves to a list of them.".into()
                    }
                    _ => "No student on this list.".into(),
                });
            }
        },
        Cmd::NextPeriod => {
            let i = PeriodChoice::ALL
                .iter()
                .position(|p| *p == view.period)
                .unwrap_or(0);
            view.period = PeriodChoice::ALL[(i + 1) % PeriodChoice::ALL.len()];
            return reread(app);
        }
        Cmd::NextAdvisor => {
            if advisors.is_empty() {
                app.status = Some("No student has an advisor recorded.".into());
                return vec![];
            }
            view.advisor = match &view.advisor {
                None => advisors.first().cloned(),
                Some(a) => advisors
                    .iter()
                    .position(|x| x == a)
                    .and_then(|i| advisors.get(i + 1))
                    .cloned(),
            };
            return reread(app);
        }
        Cmd::NextGrade | Cmd::PrevGrade => {
            if grades.is_empty() {
                app.status = Some("No student has a grade recorded.".into());
                return vec![];
            }
            let pos = view.grade.and_then(|g| grades.iter().position(|x| *x == g));
            view.grade = match (cmd, pos) {
                (Cmd::NextGrade, None) => grades.first().copied(),
                (Cmd::NextGrade, Some(i)) => grades.get(i + 1).copied(),
                (_, None) => grades.last().copied(),
                (_, Some(0)) => None,
                (_, Some(i)) => grades.get(i - 1).copied(),
            };
            return reread(app);
        }
        Cmd::NextFlags => {
            view.flags = view.flags.next();
            return reread(app);
        }
        Cmd::ClearFilter => {
            if view.advisor.is_none() && view.grade.is_none() && view.flags == Flags::Any {
                app.status = Some("The reports already cover every student.".into());
                return vec![];
            }
            view.advisor = None;
            view.grade = None;
            view.flags = Flags::Any;
            return reread(app);
        }
        Cmd::Back => {
            app.reports = None;
            app.screen = Screen::Caseload;
            return vec![Effect::LoadCaseload];
        }
        _ => {}
    }
    vec![]
}
