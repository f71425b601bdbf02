//! Work read beside the screen, so that it never holds up a key or a frame: the team reports,
//! which read every student's year, and the ranking of one-key filter queries over the
//! caseload. Each job opens the database on its own (read-only) and comes
//! back as an action.

use std::path::PathBuf;
use std::sync::mpsc::{channel, Receiver, Sender};

use super::action::Action;
use super::effects::Effect;
use crate::store::Store;

/// The jobs under way and where their results arrive.
pub struct Background {
    path: PathBuf,
    tx: Sender<Action>,
    rx: Receiver<Action>,
    pending: usize,
}

impl Background {
    /// Jobs on the database at `path`.
    pub fn new(path: PathBuf) -> Background {
        let (tx, rx) = channel();
        Background {
            path,
            tx,
            rx,
            pending: 0,
        }
    }

    /// Starts `effect` beside the screen if it is one that reads for long; gives it back if not.
    pub fn start(&mut self, effect: Effect, today: chrono::NaiveDate) -> Option<Effect> {
        let filter = match effect {
            Effect::LoadReports(filter) => filter,
            Effect::RankFirstKeys(hay) => {
                let tx = self.tx.clone();
                self.pending += 1;
                std::thread::spawn(move || {
                    // Work ahead of need: keys typed meanwhile come first. (On Linux the
                    // priority is the thread's own.)
                    #[cfg(target_os = "linux")]
                    // SAFETY: setpriority only reads its arguments; 0 names this thread.
                    unsafe {
                        libc::setpriority(libc::PRIO_PROCESS, 0, 19);
                    }
                    let _ = tx.send(Action::FirstKeysRanked {
                        keys: super::filter_keys::FirstKeys::rank(&hay),
                        hay,
                    });
                });
                return None;
            }
            other => return Some(other),
        };
        let path = self.path.clone();
        let tx = self.tx.clone();
        self.pending += 1;
        std::thread::spawn(move || {
            let action = match Store::open_existing(&path) {
                Ok(mut store) => {
                    super::effects::run(&mut store, Effect::LoadReports(filter), today)
                }
                Err(e) => vec![Action::Failed(e.to_string())],
            };
            for a in action {
                let _ = tx.send(a);
            }
        });
        None
    }

    /// Whether a job is still under way.
    pub fn busy(&self) -> bool {
        self.pending > 0
    }

    /// The results that have arrived.
    pub fn arrived(&mut self) -> Vec<Action> {
        let got: Vec<Action> = self.rx.try_iter().collect();
        self.pending = self.pending.saturating_sub(got.len());
        got
    }
}
