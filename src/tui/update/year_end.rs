//! Keys of the year-end review, and `y` stepping through the plans of other years.

use super::{is_move, keep, moved};
use crate::domain::GoalChoice;
use crate::tui::effects::{AfterKept, Effect};
use crate::tui::keymap::Cmd;
use crate::tui::state::{App, Pane, Screen};
use crate::tui::year_end::{cannot_start, Step};

/// `Y` on a student: the review starts, or one sentence says why it cannot.
pub(super) fn start(app: &mut App) -> Vec<Effect> {
    let Some(view) = app.student.as_ref() else {
        return vec![];
    };
    if let Some(why) = cannot_start(&view.record, app.today) {
        app.status = Some(why);
        return vec![];
    }
    // Long before the year ends, a review is seldom meant (Y is beside y): it is asked again,
    // unless one begun is waiting as a draft.
    let begun = crate::tui::year_end::year_it_makes(app.today).is_some_and(|to_year| {
        let key = crate::store::DraftKey::year_end(&view.record.student.id, &to_year);
        app.drafts_held.contains(&key)
    });
    if let Some(why) = crate::tui::year_end::early(app.today).filter(|_| !begun) {
        if app.armed.take() != Some(Cmd::YearEndReview) {
            app.armed = Some(Cmd::YearEndReview);
            app.status = Some(why);
            return vec![];
        }
    }
    vec![Effect::OpenYearEnd {
        student: view.record.student.id.clone(),
    }]
}

pub(super) fn year_end(app: &mut App, cmd: Cmd) -> Vec<Effect> {
    let Some(y) = app.year_end.as_mut() else {
        app.screen = Screen::Student;
        return vec![];
    };
    if is_move(cmd) && y.step == Step::Goals {
        y.selected = moved(y.selected, y.goals.len(), cmd);
        return vec![];
    }
    let choice = match cmd {
        Cmd::GoalMet => Some(GoalChoice::Met),
        Cmd::GoalCarry => Some(GoalChoice::Carry),
        Cmd::GoalDrop => Some(GoalChoice::Drop),
        _ => None,
    };
    if let Some(c) = choice {
        if y.choose(c) {
            app.draft_dirty = true;
        } else if !y.goals.is_empty() {
            app.status = Some(format!(
                "{} graduates with the class of {}: nothing is carried, so each goal is met or dropped.",
                y.name,
                y.graduates.unwrap_or_default()
            ));
        } else {
            app.status = Some("There is no active goal to decide on: Tab goes on.".into());
        }
        return vec![];
    }
    match cmd {
        Cmd::NextStep if !y.next_field() => {
            app.status = Some(match y.graduates {
                Some(_) => "That was the last field: F2 saves the final review.".into(),
                None => format!("That was the last field: F2 makes the {} plan.", y.to_year),
            });
        }
        Cmd::PrevStep => {
            y.prev_field();
        }
        Cmd::Save => match y.finish() {
            Ok((choices, review)) => {
                return vec![Effect::SaveYearEnd {
                    student: y.student_id.clone(),
                    to_year: y.to_year.clone(),
                    graduates: y.graduates,
                    choices,
                    review: Box::new(review),
                    draft: y.draft_key(),
                }]
            }
            Err((why, at)) => {
                y.go_to(at);
                app.status = Some(why);
            }
        },
        Cmd::Back => return keep(app, AfterKept::CloseYearEnd),
        _ => {}
    }
    vec![]
}

/// Closes the review (what it held is kept as a draft, or was saved, or thrown away).
pub(super) fn close(app: &mut App) {
    app.year_end = None;
    app.draft_dirty = false;
    app.screen = if app.student.is_some() {
        Screen::Student
    } else {
        Screen::Caseload
    };
}

/// `y`: the goals pane shows the plan of the next other year, back through the years and
/// round to this year's.
pub(super) fn other_year(app: &mut App) {
    let (today, show) = (app.today, app.show_retired);
    let Some(view) = app.student.as_mut() else {
        return;
    };
    let years = view.other_years(today);
    if years.is_empty() {
        app.status = Some(format!(
            "{} has no plan of another year.",
            crate::domain::clean_line(&view.record.student.display_name())
        ));
        return;
    }
    let next = match &view.year {
        None => years.first().cloned(),
        Some(y) => years
            .iter()
            .position(|x| x == y)
            .and_then(|i| years.get(i + 1))
            .cloned(),
    };
    show_year(view, next, today, show);
    app.status = match &view.year {
        Some(_) => None,
        None => Some("Back to this year's plan.".into()),
    };
}

/// Shows a year's plan in the goals pane (none: this year's), focused, from its top.
pub(super) fn show_year(
    view: &mut crate::tui::state::StudentView,
    year: Option<String>,
    today: chrono::NaiveDate,
    show_retired: bool,
) {
    view.year = year;
    view.rebuild(today, show_retired);
    view.focus = Pane::Goals;
    view.selected[1] = 0;
}
