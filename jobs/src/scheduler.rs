//! Trend runs inside `sapat serve`: the [`Runner`] through which the process asks for a run,
//! and the nightly scheduler that asks it at every tick of the configured cron (in its time
//! zone). A failed run is recorded and logged; it never stops the server.
//!
//! Other parts of the process only ask: the `refreshTrends` mutation calls
//! [`Runner::begin`] (the run lock is taken and the run recorded, or refused with
//! `domain::Error::Busy`), writes its audit entry, and [`BegunRun::start`]s the run; the
//! runner spawns it, and when it has ended, tells the process (`Runner::after_run`) so its
//! readers can swap in a new generation. The API never spawns or drives the job itself, as
//! crates.io's web layer only enqueues background jobs.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use crate::schedule::Schedule;
use crate::trends::{self, JobError, Mode, RunOptions, RunReport};
use chrono::Utc;
use domain::trend::runs::{RunGuard, Trigger};
use domain::{Config, Db};

/// How a run the runner started has ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ended {
    pub run_id: i64,
    pub succeeded: bool,
}

type AfterRun = Arc<dyn Fn(Ended) -> Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync>;

/// Starts trend runs for this process; cheap to clone.
#[derive(Clone)]
pub struct Runner {
    db: Db,
    config: Arc<Config>,
    after_run: Option<AfterRun>,
}

impl Runner {
    pub fn new(db: Db, config: Arc<Config>) -> Runner {
        Runner {
            db,
            config,
            after_run: None,
        }
    }

    /// `hook` is awaited after every run this runner starts has ended, whatever its outcome
    /// (the API reloads its trend snapshot there).
    pub fn after_run<F, Fut>(mut self, hook: F) -> Runner
    where
        F: Fn(Ended) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        self.after_run = Some(Arc::new(move |ended| Box::pin(hook(ended))));
        self
    }

    /// Takes the run lock and records the run, without computing anything yet: the caller
    /// learns the run's id (or that another run holds the lock) at once, and
    /// [`BegunRun::start`]s it when it is ready.
    ///
    /// # Errors
    /// `JobError::Domain(domain::Error::Busy { .. })` while another run holds the lock;
    /// nothing is recorded then.
    pub async fn begin(&self, opts: RunOptions) -> Result<BegunRun, JobError> {
        let guard = trends::begin(&self.db, &opts).await?;
        Ok(BegunRun {
            runner: self.clone(),
            opts,
            guard,
        })
    }

    /// Runs now, in the caller's task, then calls the after-run hook (the nightly tick).
    ///
    /// # Errors
    /// As [`trends::run`].
    pub async fn run(&self, opts: RunOptions) -> Result<RunReport, JobError> {
        let guard = trends::begin(&self.db, &opts).await?;
        let run_id = guard.run_id;
        let result = trends::run_begun(&self.db, &self.config, opts, guard).await;
        self.ended(Ended {
            run_id,
            succeeded: result.is_ok(),
        })
        .await;
        result
    }

    async fn ended(&self, ended: Ended) {
        if let Some(hook) = &self.after_run {
            hook(ended).await;
        }
    }
}

/// A run that holds the lock and is recorded as running, not yet computing. Dropped without
/// [`BegunRun::start`] (say, its audit entry could not be written), it releases the lock,
/// and the next run records it as interrupted.
#[must_use = "a begun run computes nothing until it is started"]
pub struct BegunRun {
    runner: Runner,
    opts: RunOptions,
    guard: RunGuard,
}

impl BegunRun {
    pub fn run_id(&self) -> i64 {
        self.guard.run_id
    }

    /// Hands the run to a task of its own and returns at once; the run records its outcome,
    /// and the runner's after-run hook is called when it has ended.
    pub fn start(self) -> tokio::task::JoinHandle<()> {
        let BegunRun {
            runner,
            opts,
            guard,
        } = self;
        let run_id = guard.run_id;
        tokio::spawn(async move {
            let result = trends::run_begun(&runner.db, &runner.config, opts, guard).await;
            match &result {
                Ok(report) => tracing::info!(
                    run.id = report.run_id,
                    published = report.published,
                    "requested trend refresh finished"
                ),
                Err(e) => {
                    tracing::warn!(run.id = run_id, error = %e, "requested trend refresh failed")
                }
            }
            runner
                .ended(Ended {
                    run_id,
                    succeeded: result.is_ok(),
                })
                .await;
        })
    }
}

/// Runs a full refresh at every tick of `schedule` until `shutdown` resolves.
pub async fn run(runner: Runner, schedule: Schedule, shutdown: impl Future<Output = ()>) {
    tokio::pin!(shutdown);
    loop {
        let Some(next) = schedule.next_after(Utc::now()) else {
            tracing::warn!("the trend schedule has no future tick; the scheduler stops");
            return;
        };
        let wait = (next - Utc::now()).to_std().unwrap_or_default();
        tracing::info!(next.utc = %next, "next trend refresh");
        tokio::select! {
            () = &mut shutdown => return,
            () = tokio::time::sleep(wait) => {}
        }
        let opts = RunOptions {
            mode: Mode::Full,
            trigger: Trigger::Schedule,
            years: None,
            dry_run: false,
        };
        match runner.run(opts).await {
            Ok(report) => {
                tracing::info!(
                    run.id = report.run_id,
                    generation = report.generation_id,
                    published = report.published,
                    "scheduled trend refresh finished"
                )
            }
            Err(e) => {
                tracing::error!(error = %e, "scheduled trend refresh failed; the published generation is unchanged")
            }
        }
    }
}
