//! Keys in the check-in composer.

use super::{close_composer, draft_effects, keep};
use crate::domain::{Restriction, Verdict};
use crate::tui::composer::{InputFor, Step};
use crate::tui::effects::AfterKept;
use crate::tui::effects::Effect;
use crate::tui::keymap::Cmd;
use crate::tui::state::{App, Screen};

const MISFIT: &str = "A goal gets 1–4; a strategy w, p, n, t, r or x; last time's step d or c.";

pub(super) fn composer(app: &mut App, cmd: Cmd) -> Vec<Effect> {
    let Some(c) = app.composer.as_mut() else {
        app.screen = Screen::Caseload;
        return vec![];
    };
    // Enter notes the strategy a key has just rated only right after that key.
    if cmd != Cmd::VerdictNote {
        c.just_rated = None;
    }
    let step_before = c.step;
    let moved_on_by_itself = std::mem::take(&mut c.moved_on_by_itself);
    let mut status: Option<String> = None;
    let mut fits = |ok: bool| {
        if !ok {
            status = Some(MISFIT.into());
        }
        ok
    };
    let changed = match cmd {
        Cmd::VerdictNote => {
            if !c.open_note() {
                status = Some("Notes go with strategies; a goal gets 1–4.".into());
            }
            false
        }
        Cmd::CloseNote | Cmd::LeaveNote => match if cmd == Cmd::LeaveNote {
            c.leave_input()
        } else {
            c.close_input()
        } {
            Ok(said) => {
                status = said;
                true
            }
            Err(why) => {
                status = Some(why);
                false
            }
        },
        // A Tab pressed just as the last rating moved the composer on by itself would skip the
        // step it moved to, and everything typed after would land one field down (the advisor's
        // notes among the next steps the family reads): it stays, and says so.
        Cmd::NextStep if moved_on_by_itself && c.field_is_blank() => {
            status = Some(format!(
                "Still on {}: the last rating moved here by itself. Type here, or Tab again to \
                 move on.",
                c.step.title()
            ));
            false
        }
        Cmd::NextStep => {
            c.next_step();
            true
        }
        Cmd::PrevStep => {
            c.stray = false;
            let moved = c.prev_step();
            if !moved {
                status = Some("This is the first step: the student's words.".into());
            }
            moved
        }
        Cmd::Rate(n) => fits(c.rate(Some(n as i64), None)),
        Cmd::Working => fits(c.rate(None, Some(Verdict::Working))),
        Cmd::Partly => fits(c.rate(None, Some(Verdict::Partly))),
        Cmd::NotWorking => fits(c.rate(None, Some(Verdict::NotWorking))),
        Cmd::NotTried => fits(c.rate(None, Some(Verdict::NotTried))),
        // What a check-in did to the plan when it was held is not done again by editing it.
        Cmd::Replace | Cmd::RetireStrategy if c.selected_replaced_by().is_some() => {
            status = Some(format!(
                "Replaced by \"{}\" when this check-in was held; change the plan itself in Goals \
                 & strategies.",
                c.selected_replaced_by().unwrap_or_default()
            ));
            false
        }
        Cmd::Replace => fits(c.open_replace()),
        // The words typed for a replacement are let go only when asked twice.
        Cmd::RetireStrategy
            if c.selected_replacement().is_some()
                && app.armed.take() != Some(Cmd::RetireStrategy) =>
        {
            app.armed = Some(Cmd::RetireStrategy);
            status = Some(format!(
                "x again retires it and lets go of the strategy typed to replace it (\"{}\"); \
                 any other key keeps that.",
                crate::domain::clean_line(c.selected_replacement().unwrap_or_default())
            ));
            false
        }
        Cmd::RetireStrategy => fits(c.retire()),
        Cmd::StepDone => fits(c.tick(true)),
        Cmd::StepNotDone => fits(c.tick(false)),
        Cmd::Up if c.step == Step::Rate => {
            c.item = c.item.saturating_sub(1);
            false
        }
        Cmd::Down if c.step == Step::Rate => {
            c.item = (c.item + 1).min(c.items.len().saturating_sub(1));
            false
        }
        Cmd::NextKind => {
            c.next_kind();
            let next = c.next();
            status = Some(format!(
                "A {}: {} there.{}",
                c.kind.label(),
                c.attended.join(", "),
                if next.kept() {
                    format!(
                        " The next check-in agreed for {} stays.",
                        crate::domain::show_date(next.date())
                    )
                } else {
                    String::new()
                }
            ));
            true
        }
        Cmd::Attend(i) => match c.toggle_member(i as usize) {
            Some(there) => {
                let name = c.team[i as usize].name.clone();
                status = Some(if there {
                    format!("{name} was there.")
                } else {
                    format!("{name} was not there.")
                });
                true
            }
            None => {
                status = Some(
                    "No team member has that key: add family and teachers in the profile pane."
                        .into(),
                );
                false
            }
        },
        Cmd::Other => {
            c.open_input(InputFor::Other);
            false
        }
        Cmd::TypeDate => {
            c.open_input(InputFor::Date);
            false
        }
        Cmd::TypeNext => {
            c.open_input(InputFor::Next);
            false
        }
        Cmd::Weeks(n) => {
            c.weeks = n;
            c.weeks_chosen = true;
            c.next_typed = None;
            status = Some(format!(
                "Next check-in in {n} week{}: {}{}.",
                if n == 1 { "" } else { "s" },
                crate::domain::show_day(c.next_date()),
                c.moved_off()
                    .map(|off| format!(" ({off} has no school)"))
                    .unwrap_or_default()
            ));
            true
        }
        Cmd::Restricted => {
            c.restriction = c.restriction.next();
            status = Some(
                match c.restriction {
                    Restriction::None => "Nothing restricted now.",
                    Restriction::Notes => {
                        "Notes restricted: kept out of exports and printouts (C-r again: whole)."
                    }
                    Restriction::Whole => {
                        "Whole check-in restricted: words, steps and notes kept out of printouts."
                    }
                }
                .into(),
            );
            true
        }
        Cmd::Save => {
            if let Err(why) = c.close_input() {
                app.status = Some(why);
                return vec![];
            }
            if c.is_empty() && c.editing.is_none() {
                app.status = Some("Nothing to save yet: start with what the student says.".into());
                return vec![];
            }
            if c.editing.is_some() && c.unchanged() {
                // A saved check-in as it was: nothing to write, and no draft to keep.
                let key = c.draft_key();
                close_composer(app);
                app.status = Some("Nothing changed.".into());
                return vec![Effect::DeleteDraft { key }];
            }
            let checkin = c.checkin();
            if let Err(e) = checkin.validate() {
                app.status = Some(format!("Not saved: {e}."));
                return vec![];
            }
            let draft = c.draft_key();
            let plan = c.plan_changes();
            let original = c.editing.clone();
            let mut effects = draft_effects(app);
            effects.push(Effect::SaveCheckin {
                checkin: Box::new(checkin),
                draft,
                plan,
                original,
            });
            return effects;
        }
        Cmd::Back => return keep(app, AfterKept::CloseComposer),
        _ => false,
    };
    // The last item rated moves the composer on by itself: said, so that the next Tab (or the
    // next words typed) is not taken for the step after the one the advisor thinks they are on.
    if step_before == Step::Rate && c.step != Step::Rate && cmd != Cmd::NextStep && status.is_none()
    {
        let rated = match c.rated_of() {
            (rated, of) if rated == of => "All rated".to_string(),
            (rated, of) => format!("{rated} of {of} rated (S-Tab goes back to the rest)"),
        };
        status = Some(format!(
            "{rated}. Now {}: type here, or Tab twice to move on; S-Tab goes back.",
            c.step.title()
        ));
        c.moved_on_by_itself = true;
    }
    if status.is_some() {
        app.status = status;
    }
    if changed {
        app.draft_dirty = true;
    }
    vec![]
}
