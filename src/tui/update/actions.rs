//! What the `:` palette offers besides keys: this student's family printout, and the edits
//! two people made at once.

use crate::tui::effects::Effect;
use crate::tui::keymap::Cmd;
use crate::tui::state::{App, Overlay, Screen};

pub(super) fn run(app: &mut App, cmd: Cmd) -> Vec<Effect> {
    let student = app
        .student
        .as_ref()
        .filter(|_| app.screen == Screen::Student);
    match cmd {
        Cmd::ExportPrintout => match student {
            Some(v) => vec![Effect::ExportPrintout {
                student: v.record.student.id.clone(),
                dir: app.printout_dir.clone(),
            }],
            None => {
                app.status = Some("Open a student first: the printout is of one student.".into());
                vec![]
            }
        },
        Cmd::Conflicts => match student {
            Some(v) => match v.conflicts.first() {
                Some(c) => {
                    let left = v.conflicts.len() - 1;
                    app.overlays.push(Overlay::Conflict(Box::new(c.clone())));
                    if left > 0 {
                        app.status = Some(format!(
                            "{left} more waiting for this student after this one."
                        ));
                    }
                    vec![]
                }
                None => {
                    app.status = Some(
                        "Nothing waiting: no edit of this student's was made twice at once.".into(),
                    );
                    vec![]
                }
            },
            None => vec![Effect::FindConflict],
        },
        _ => vec![],
    }
}
