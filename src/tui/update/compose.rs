//! Keys in the check-in composer.

use super::{draft_effects, keep};
use crate::domain::{Restriction, Verdict};
use crate::store::DraftKey;
use crate::tui::composer::{Composer, Step};
use crate::tui::effects::AfterKept;
use crate::tui::effects::Effect;
use crate::tui::keymap::Cmd;
use crate::tui::state::{App, Screen};

pub(super) fn composer(app: &mut App, cmd: Cmd) -> Vec<Effect> {
    let Some(c) = app.composer.as_mut() else {
        app.screen = Screen::Caseload;
        return vec![];
    };
    let verdict = |v| (None, Some(v));
    let mut status = None;
    let mut rated = |c: &mut Composer, (r, v): (Option<i64>, Option<Verdict>)| {
        let fits = c.rate(r, v);
        if !fits {
            status = Some("A goal gets 1–4; a strategy gets w, p, n or t.".to_string());
        }
        fits
    };
    let changed = match cmd {
        Cmd::VerdictNote => {
            if !c.open_note() {
                app.status = Some("Notes go with strategies; a goal gets 1–4.".into());
            }
            false
        }
        Cmd::CloseNote => {
            c.close_note();
            true
        }
        Cmd::NextStep => {
            c.next_step();
            true
        }
        Cmd::PrevStep => {
            let moved = c.prev_step();
            if !moved {
                app.status = Some("This is the first step: the student's words.".into());
            }
            moved
        }
        Cmd::Rate(n) => rated(c, (Some(n as i64), None)),
        Cmd::Working => rated(c, verdict(Verdict::Working)),
        Cmd::Partly => rated(c, verdict(Verdict::Partly)),
        Cmd::NotWorking => rated(c, verdict(Verdict::NotWorking)),
        Cmd::NotTried => rated(c, verdict(Verdict::NotTried)),
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
            true
        }
        Cmd::Weeks(n) => {
            c.weeks = n;
            app.status = Some(format!(
                "Next check-in in {n} weeks: {}.",
                c.next_date().format("%a %e %b %Y")
            ));
            true
        }
        Cmd::Restricted => {
            c.restriction = c.restriction.next();
            app.status = Some(
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
            c.close_note();
            if c.is_empty() {
                app.status = Some("Nothing to save yet: start with what the student says.".into());
                return vec![];
            }
            let checkin = c.checkin();
            if let Err(e) = checkin.validate() {
                app.status = Some(e.to_string());
                return vec![];
            }
            let draft = DraftKey::checkin(&c.student_id);
            let mut effects = draft_effects(app);
            effects.push(Effect::SaveCheckin {
                checkin: Box::new(checkin),
                draft,
            });
            return effects;
        }
        Cmd::Back => return keep(app, AfterKept::CloseComposer),
        _ => false,
    };
    if status.is_some() {
        app.status = status;
    }
    if changed {
        app.draft_dirty = true;
    }
    vec![]
}
