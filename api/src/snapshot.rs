//! This instance's copy of the published trend generation, swapped whole when a new one is
//! published: right after an in-process run, on a PostgreSQL `NOTIFY` from any process, and
//! by a periodic check of the published pointer (the fallback, and the only way on SQLite).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use domain::Db;
use domain::trend::runs::{self, JobRun};
use domain::trend::snapshot::{self, Snapshot};

/// The snapshot and the last run's record as one request sees them.
#[derive(Clone)]
pub struct View {
    pub snapshot: Arc<Snapshot>,
    pub last_run: Option<Arc<JobRun>>,
    /// Changes whenever the generation or the last run's record does: what an answer built
    /// from this view is valid for (the answer cache keys on it).
    pub version: u64,
}

pub struct Snapshots {
    db: Db,
    current: RwLock<Option<View>>,
    versions: AtomicU64,
    /// One reload at a time; a notification during a reload is answered by the next check.
    reload: tokio::sync::Mutex<()>,
    /// Woken by in-process runs (the scheduler) so `watch` reloads at once.
    poke: Arc<tokio::sync::Notify>,
    /// The version of the view swapped in last, for subscribers (`trendsRefreshed`).
    swapped: tokio::sync::watch::Sender<u64>,
}

impl Snapshots {
    /// Nothing loaded yet: the first request (or [`Snapshots::refresh`]) loads.
    pub fn new(db: Db) -> Arc<Self> {
        Arc::new(Snapshots {
            db,
            current: RwLock::new(None),
            versions: AtomicU64::new(0),
            reload: tokio::sync::Mutex::new(()),
            poke: Arc::new(tokio::sync::Notify::new()),
            swapped: tokio::sync::watch::Sender::new(0),
        })
    }

    /// A handle that makes [`Snapshots::watch`] check at once (given to the scheduler).
    pub fn poke_handle(&self) -> Arc<tokio::sync::Notify> {
        self.poke.clone()
    }

    /// What a request reads from: loaded on first use, then whatever was swapped in last.
    pub async fn view(&self) -> domain::Result<View> {
        if let Some(view) = self.current() {
            return Ok(view);
        }
        self.refresh().await?;
        Ok(self.current().unwrap_or_else(|| View {
            snapshot: Arc::new(Snapshot::default()),
            last_run: None,
            version: 0,
        }))
    }

    /// Wakes on every new view (a new generation, or a new record of the last run): what a
    /// `trendsRefreshed` subscription waits on.
    pub fn subscribe(&self) -> tokio::sync::watch::Receiver<u64> {
        self.swapped.subscribe()
    }

    /// The version of the view requests get now; `None` before the first load.
    pub fn version(&self) -> Option<u64> {
        self.current().map(|v| v.version)
    }

    /// The generation requests are served from now (`None` before the first load, or when
    /// nothing is published).
    pub fn served_generation(&self) -> Option<i32> {
        self.current()
            .and_then(|v| v.snapshot.generation.as_ref().map(|g| g.id))
    }

    fn current(&self) -> Option<View> {
        self.current
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Re-reads the last run and, when the published generation changed, loads it and swaps
    /// it in. Returns whether the generation changed.
    pub async fn refresh(&self) -> domain::Result<bool> {
        let _one = self.reload.lock().await;
        // Only a run that published is what dashboards show: a failed, rejected or dry run
        // leaves the served data as it was (operators see those in `jobRuns`).
        let last_run = runs::last_published(&self.db, jobs::trends::JOB)
            .await?
            .map(Arc::new);
        let published = Snapshot::published_id(&self.db).await?;
        let held = self.current();
        let held_id = held
            .as_ref()
            .and_then(|v| v.snapshot.generation.as_ref().map(|g| g.id));
        let held_run = held.as_ref().and_then(|v| v.last_run.clone());
        let held_version = held.as_ref().map(|v| v.version);
        let snapshot = match held {
            Some(view) if held_id == published => view.snapshot,
            _ => {
                let started = std::time::Instant::now();
                let loaded = Snapshot::load(&self.db).await?;
                tracing::info!(
                    generation = loaded.generation.as_ref().map(|g| g.id),
                    years = %crate::cli::years(loaded.years()),
                    load_ms = started.elapsed().as_millis() as u64,
                    "trend snapshot loaded"
                );
                Arc::new(loaded)
            }
        };
        let changed = snapshot.generation.as_ref().map(|g| g.id) != held_id;
        let version = match held_version {
            Some(v) if !changed && held_run == last_run => v,
            _ => self.versions.fetch_add(1, Ordering::Relaxed) + 1,
        };
        *self
            .current
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(View {
            snapshot,
            last_run,
            version,
        });
        if held_version != Some(version) {
            self.swapped.send_replace(version);
        }
        Ok(changed)
    }

    /// Keeps the snapshot current until `shutdown`: on every PostgreSQL notification, and
    /// every `poll` in any case. Errors are logged and retried at the next tick.
    pub async fn watch(
        self: Arc<Self>,
        poll: Duration,
        shutdown: impl std::future::Future<Output = ()>,
    ) {
        tokio::pin!(shutdown);
        let mut listener = None;
        loop {
            if listener.is_none() {
                listener = match snapshot::listen(&self.db).await {
                    Ok(l) => l,
                    Err(e) => {
                        tracing::warn!(error = %e, "cannot listen for trend publications; polling only");
                        None
                    }
                };
            }
            let notified = async {
                match listener.as_mut() {
                    Some(l) => l.recv().await.map(|_| ()),
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                () = &mut shutdown => return,
                got = notified => {
                    if let Err(e) = got {
                        tracing::warn!(error = %e, "trend notification channel failed; reconnecting");
                        listener = None;
                    }
                }
                () = self.poke.notified() => {}
                () = tokio::time::sleep(poll) => {}
            }
            if let Err(e) = self.refresh().await {
                tracing::warn!(error = %e, "trend snapshot refresh failed; serving the previous one");
            }
        }
    }
}
