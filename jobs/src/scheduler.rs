//! The in-process nightly scheduler of `sapat serve`: sleeps until the next tick of the
//! configured cron (in its time zone), runs a full trend refresh, logs the outcome, and goes
//! on. A failed run is recorded and logged; it never stops the server.

use crate::schedule::Schedule;
use crate::trends::{self, Mode, RunOptions};
use chrono::Utc;
use domain::trend::runs::Trigger;
use domain::{Config, Db};

/// Runs until `shutdown` resolves. `after_run` is woken after every run, so the process's
/// readers can pick up a new generation at once.
pub async fn run(
    db: Db,
    config: Config,
    schedule: Schedule,
    after_run: std::sync::Arc<tokio::sync::Notify>,
    shutdown: impl std::future::Future<Output = ()>,
) {
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
        match trends::run(&db, &config, opts).await {
            Ok(report) => {
                tracing::info!(run.id = report.run_id, generation = ?report.generation_id, published = report.published, "scheduled trend refresh finished")
            }
            Err(e) => {
                tracing::error!(error = %e, "scheduled trend refresh failed; the published generation is unchanged")
            }
        }
        after_run.notify_one();
    }
}
