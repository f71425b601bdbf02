//! Work done beside the screen, so that it never holds up a key or a frame: the team reports,
//! which read every student's year (each report job opens the database on its own, read-only),
//! and the filter queries worked out ahead of the keys. Each comes back as an action.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::Arc;

use super::action::Action;
use super::effects::Effect;
use super::filter_keys::RankAhead;
use crate::store::Store;

/// The jobs under way and where their results arrive.
pub struct Background {
    path: PathBuf,
    tx: Sender<Action>,
    rx: Receiver<Action>,
    /// Report jobs under way.
    pending: usize,
    /// Where the filter's next keys are sent to be worked out (a thread kept for them).
    ranker: Option<Sender<RankAhead>>,
    /// Filter jobs sent and not yet done.
    ranking: Arc<AtomicUsize>,
    /// Filter jobs held until the frame of the key that asked for them is drawn.
    held: Vec<RankAhead>,
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
            ranker: None,
            ranking: Arc::default(),
            held: Vec::new(),
        }
    }

    /// Starts `effect` beside the screen if it is one that reads for long; gives it back if not.
    pub fn start(&mut self, effect: Effect, today: chrono::NaiveDate) -> Option<Effect> {
        let effect = match effect {
            Effect::LoadReports(_) | Effect::LoadCaseloadBeside => effect,
            Effect::RankAhead(job) => {
                self.held.push(job);
                return None;
            }
            other => return Some(other),
        };
        let path = self.path.clone();
        let tx = self.tx.clone();
        self.pending += 1;
        std::thread::spawn(move || {
            let action = match Store::open_existing(&path) {
                Ok(mut store) => super::effects::run(&mut store, effect, today),
                Err(e) => vec![Action::Failed(e.to_string())],
            };
            for a in action {
                let _ = tx.send(a);
            }
        });
        None
    }

    /// Starts the filter jobs held back: called once the frame is drawn, so that on a busy
    /// machine the work ahead never takes the processor from the key's own frame.
    pub fn release(&mut self) {
        for job in std::mem::take(&mut self.held) {
            self.rank(job);
        }
    }

    /// Works out filter queries ahead on the thread kept for them: the one-key rankings once per
    /// caseload read (tens of milliseconds at 50,000 students), the next keys after each key (a
    /// few). Of the jobs waiting, only the latest of each kind is of use. The thread runs at
    /// the app's own priority: on a busy machine a lower one would leave the work undone for
    /// seconds, and keys would be found the slow way meanwhile.
    fn rank(&mut self, job: RankAhead) {
        self.ranking.fetch_add(1, Ordering::SeqCst);
        let ranker = self.ranker.get_or_insert_with(|| {
            let (jobs_tx, jobs) = channel::<RankAhead>();
            let (tx, ranking) = (self.tx.clone(), Arc::clone(&self.ranking));
            std::thread::spawn(move || {
                while let Ok(job) = jobs.recv() {
                    let mut waiting: Vec<RankAhead> =
                        std::iter::once(job).chain(jobs.try_iter()).collect();
                    let count = waiting.len();
                    let latest = |first: bool, waiting: &mut Vec<RankAhead>| {
                        let at = waiting
                            .iter()
                            .rposition(|j| matches!(j, RankAhead::FirstKeys(_)) == first)?;
                        Some(waiting.swap_remove(at))
                    };
                    let first = latest(true, &mut waiting);
                    let next = latest(false, &mut waiting);
                    for job in first.into_iter().chain(next) {
                        let _ = tx.send(super::effects::rank_ahead(job));
                    }
                    ranking.fetch_sub(count, Ordering::SeqCst);
                }
            });
            jobs_tx
        });
        if ranker.send(job).is_err() {
            self.ranking.fetch_sub(1, Ordering::SeqCst);
        }
    }

    /// Whether a job is still under way.
    pub fn busy(&self) -> bool {
        self.pending > 0 || !self.held.is_empty() || self.ranking.load(Ordering::SeqCst) > 0
    }

    /// The results that have arrived.
    pub fn arrived(&mut self) -> Vec<Action> {
        let got: Vec<Action> = self.rx.try_iter().collect();
        let reports = got
            .iter()
            .filter(|a| !matches!(a, Action::RankedAhead(_)))
            .count();
        self.pending = self.pending.saturating_sub(reports);
        got
    }
}
