//! Job runs: one at a time per job, every run recorded.
//!
//! On PostgreSQL the guard is a session advisory lock held on a connection taken out of the
//! pool for the run: if the process dies, the connection closes and the lock goes with it. On
//! SQLite it is a lease row that expires. Runs left `running` by a process that died are
//! marked failed ("interrupted") by the next run that gets the lock.

use crate::error::{Error, Result};
use crate::query::newest::{IdPage, IdWindow};
use chrono::{DateTime, Utc};
use sea_orm::sqlx::{self, Postgres, pool::PoolConnection};
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, FromQueryResult, Value};
use std::time::Duration;

/// How long a SQLite lease lasts without being released.
pub const LEASE: Duration = Duration::from_secs(6 * 3600);

/// What started a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    Schedule,
    Manual,
    Startup,
}

impl Trigger {
    pub fn code(self) -> &'static str {
        match self {
            Trigger::Schedule => "schedule",
            Trigger::Manual => "manual",
            Trigger::Startup => "startup",
        }
    }
}

/// Held while a run is in progress; [`finish`] records the outcome and releases it.
pub struct RunGuard {
    pub run_id: i64,
    pub job: String,
    pub started_at: DateTime<Utc>,
    pg_lock: Option<PoolConnection<Postgres>>,
    sqlite_db: Option<DatabaseConnection>,
}

impl Drop for RunGuard {
    fn drop(&mut self) {
        // A run dropped without `finish` (its task was cancelled): close the locking
        // connection instead of returning it to the pool with the lock held.
        if let Some(conn) = self.pg_lock.take() {
            drop(conn.detach());
        }
        if let Some(db) = self.sqlite_db.take()
            && let Ok(handle) = tokio::runtime::Handle::try_current()
        {
            let job = self.job.clone();
            handle.spawn(async move {
                let _ = release_lease(&db, &job).await;
            });
        }
    }
}

fn lock_key(job: &str) -> i64 {
    // FNV-1a: stable across processes and versions (std's hasher is not).
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in format!("sapat:{job}").bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h as i64
}

use crate::db::{self, stmt};

/// Takes the job's lock and records a new `running` run, or fails with [`Error::Busy`].
pub async fn start(
    db: &DatabaseConnection,
    job: &str,
    trigger: Trigger,
    mode: &str,
    dry_run: bool,
) -> Result<RunGuard> {
    let now = Utc::now();
    let mut pg_lock = None;
    let mut sqlite_db = None;
    if db.get_database_backend() == DatabaseBackend::Postgres {
        let mut conn = db
            .get_postgres_connection_pool()
            .acquire()
            .await
            .map_err(|e| {
                Error::Database(sea_orm::DbErr::Conn(sea_orm::RuntimeErr::SqlxError(
                    e.into(),
                )))
            })?;
        let (locked,): (bool,) = sqlx::query_as("SELECT pg_try_advisory_lock($1)")
            .bind(lock_key(job))
            .fetch_one(&mut *conn)
            .await
            .map_err(|e| {
                Error::Database(sea_orm::DbErr::Query(sea_orm::RuntimeErr::SqlxError(
                    e.into(),
                )))
            })?;
        if !locked {
            return Err(busy(db, job).await);
        }
        pg_lock = Some(conn);
    } else {
        let expires = now + chrono::Duration::from_std(LEASE).unwrap_or_default();
        let taken = db
            .execute_raw(stmt(
                db,
                "INSERT INTO job_lease (job, run_id, expires_at) VALUES (?, 0, ?) \
                 ON CONFLICT (job) DO UPDATE SET run_id = 0, expires_at = excluded.expires_at \
                 WHERE job_lease.expires_at < ?",
                vec![job.into(), expires.into(), now.into()],
            ))
            .await?
            .rows_affected();
        if taken == 0 {
            return Err(busy(db, job).await);
        }
        sqlite_db = Some(db.clone());
    }
    // We hold the lock, so any run still marked running died without finishing.
    db.execute_raw(stmt(
        db,
        "UPDATE job_run SET status = 'failed', finished_at = ?, error = 'interrupted: the process stopped before the run finished' \
         WHERE job = ? AND status = 'running'",
        vec![now.into(), job.into()],
    ))
    .await?;
    let run_id: i64 = db::value(
        db,
        stmt(
            db,
            "INSERT INTO job_run (job, run_trigger, mode, dry_run, started_at, status) VALUES (?, ?, ?, ?, ?, 'running') RETURNING id",
            vec![
                job.into(),
                trigger.code().into(),
                mode.into(),
                dry_run.into(),
                now.into(),
            ],
        ),
        "id",
    )
    .await?
    .ok_or_else(|| Error::NotFound { what: "job run", key: job.into() })?;
    if sqlite_db.is_some() {
        db.execute_raw(stmt(
            db,
            "UPDATE job_lease SET run_id = ? WHERE job = ?",
            vec![run_id.into(), job.into()],
        ))
        .await?;
    }
    super::snapshot::announce(db, &format!("run:{run_id}")).await?;
    Ok(RunGuard {
        run_id,
        job: job.to_owned(),
        started_at: now,
        pg_lock,
        sqlite_db,
    })
}

async fn busy(db: &DatabaseConnection, job: &str) -> Error {
    let since = history(db, Some(job), 10)
        .await
        .ok()
        .and_then(|runs| runs.into_iter().find(|r| r.status == "running"))
        .map(|r| {
            format!(
                " (run {} started {})",
                r.id,
                r.started_at.format("%Y-%m-%d %H:%M:%S UTC")
            )
        })
        .unwrap_or_default();
    Error::Busy {
        job: job.to_owned(),
        detail: format!("another {job} run is in progress{since}; try again when it has finished"),
    }
}

async fn release_lease(db: &DatabaseConnection, job: &str) -> Result<()> {
    db.execute_raw(stmt(
        db,
        "DELETE FROM job_lease WHERE job = ?",
        vec![job.into()],
    ))
    .await?;
    Ok(())
}

/// How a run ended.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub succeeded: bool,
    pub generation_id: Option<i32>,
    pub years: Vec<i32>,
    pub rows_read: i64,
    pub rows_written: i64,
    pub error: Option<String>,
}

/// Records the outcome and releases the lock.
pub async fn finish(db: &DatabaseConnection, mut guard: RunGuard, outcome: Outcome) -> Result<()> {
    let years = outcome
        .years
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(",");
    db.execute_raw(stmt(
        db,
        "UPDATE job_run SET status = ?, finished_at = ?, generation_id = ?, years = ?, rows_read = ?, rows_written = ?, error = ? WHERE id = ?",
        vec![
            if outcome.succeeded { "succeeded" } else { "failed" }.into(),
            Utc::now().into(),
            outcome.generation_id.into(),
            years.into(),
            outcome.rows_read.into(),
            outcome.rows_written.into(),
            outcome.error.into(),
            guard.run_id.into(),
        ],
    ))
    .await?;
    super::snapshot::announce(db, &format!("run:{}", guard.run_id)).await?;
    if let Some(mut conn) = guard.pg_lock.take() {
        sqlx::query("SELECT pg_advisory_unlock($1)")
            .bind(lock_key(&guard.job))
            .execute(&mut *conn)
            .await
            .map_err(|e| {
                Error::Database(sea_orm::DbErr::Query(sea_orm::RuntimeErr::SqlxError(
                    e.into(),
                )))
            })?;
    }
    if guard.sqlite_db.take().is_some() {
        release_lease(db, &guard.job).await?;
    }
    Ok(())
}

/// One recorded run.
#[derive(Debug, Clone, PartialEq, FromQueryResult)]
pub struct JobRun {
    pub id: i64,
    pub job: String,
    #[sea_orm(from_alias = "run_trigger")]
    pub trigger: String,
    pub mode: String,
    /// Validated without publishing: never what dashboards show as the last run.
    pub dry_run: bool,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub status: String,
    pub generation_id: Option<i32>,
    /// Stored as a comma-separated list.
    #[sea_orm(skip)]
    pub years: Vec<i32>,
    pub rows_read: i64,
    pub rows_written: i64,
    pub error: Option<String>,
}

/// The most recent runs first, dry runs included.
pub async fn history(
    db: &impl ConnectionTrait,
    job: Option<&str>,
    limit: u64,
) -> Result<Vec<JobRun>> {
    Ok(page(db, job, IdWindow::newest(limit)).await?.items)
}

/// A page of the runs (newest first, dry runs included) between the window's cursors (run ids).
pub async fn page(
    db: &impl ConnectionTrait,
    job: Option<&str>,
    window: IdWindow,
) -> Result<IdPage<JobRun>> {
    let (conds, values): (Vec<String>, Vec<Value>) = match job {
        Some(j) => (vec!["job = ?".into()], vec![j.into()]),
        None => (vec![], vec![]),
    };
    Ok(window.page(runs(db, conds, values, window).await?))
}

/// The last run of `job` that could publish (no dry run): what dashboards show as the last
/// run, so trying a refresh out never makes them say FAILED.
pub async fn last_real(db: &impl ConnectionTrait, job: &str) -> Result<Option<JobRun>> {
    Ok(runs(
        db,
        vec!["job = ?".into(), "dry_run = ?".into()],
        vec![job.into(), false.into()],
        IdWindow::newest(1),
    )
    .await?
    .into_iter()
    .next())
}

/// The last run of `job` that published a generation (a real run that succeeded): what the
/// public sees as the last run, so a run that failed, was rejected or only tried a refresh
/// out (dry) changes nothing a dashboard shows; operators see those in the history.
pub async fn last_published(db: &impl ConnectionTrait, job: &str) -> Result<Option<JobRun>> {
    Ok(runs(
        db,
        vec![
            "job = ?".into(),
            "dry_run = ?".into(),
            "status = 'succeeded'".into(),
        ],
        vec![job.into(), false.into()],
        IdWindow::newest(1),
    )
    .await?
    .into_iter()
    .next())
}

/// The runs matching `conds` within `window`, in the order read (one more than its size).
async fn runs(
    db: &impl ConnectionTrait,
    conds: Vec<String>,
    mut values: Vec<Value>,
    window: IdWindow,
) -> Result<Vec<JobRun>> {
    let tail = window.tail(conds, &mut values);
    /// A [`JobRun`] as stored, its years a comma-separated list.
    #[derive(FromQueryResult)]
    struct Stored {
        #[sea_orm(nested)]
        run: JobRun,
        years: Option<String>,
    }
    let rows = Stored::find_by_statement(stmt(
        db,
        &format!(
            "SELECT id, job, run_trigger, mode, dry_run, started_at, finished_at, status, generation_id, years, rows_read, rows_written, error \
             FROM job_run{tail}"
        ),
        values,
    ))
    .all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|Stored { mut run, years }| {
            run.years = years
                .unwrap_or_default()
                .split(',')
                .filter_map(|y| y.parse().ok())
                .collect();
            run
        })
        .collect())
}

/// A job's state as an operator alerts on it, read at every /metrics scrape. Runs started by
/// another process (`sapat jobs run` from cron) count as much as the in-process scheduler's.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Health {
    /// The last run that ended, succeeded or failed.
    pub last_finished: Option<FinishedRun>,
    /// When the last successful run ended.
    pub last_success_at: Option<DateTime<Utc>>,
    /// When the run in progress started (a run left `running` by a process that died counts
    /// until the next run marks it interrupted).
    pub running_since: Option<DateTime<Utc>>,
    /// The published trend generation and when it was published.
    pub published: Option<(i32, DateTime<Utc>)>,
}

/// The end of one run.
#[derive(Debug, Clone, PartialEq, FromQueryResult)]
pub struct FinishedRun {
    pub id: i64,
    pub status: String,
    pub started_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
}

/// Reads [`Health`] for `job`: four lookups of one row each (the newest along the
/// `(job, started_at)` index, or the one published pointer), so a scrape costs next to
/// nothing however long the history.
pub async fn health(db: &impl ConnectionTrait, job: &str) -> Result<Health> {
    let newest = |condition: &str| {
        stmt(
            db,
            &format!(
                "SELECT id, status, started_at, finished_at FROM job_run \
                 WHERE job = ? AND dry_run = ? AND {condition} ORDER BY started_at DESC, id DESC LIMIT 1"
            ),
            // A dry run publishes nothing: its success is not a refresh, its failure no outage.
            vec![job.into(), false.into()],
        )
    };
    let last_finished = FinishedRun::find_by_statement(newest("finished_at IS NOT NULL"))
        .one(db)
        .await?;
    let last_success_at =
        FinishedRun::find_by_statement(newest("status = 'succeeded' AND finished_at IS NOT NULL"))
            .one(db)
            .await?
            .map(|r| r.finished_at);
    let running_since = db::value(
        db,
        stmt(
            db,
            "SELECT started_at FROM job_run WHERE job = ? AND status = 'running' ORDER BY started_at DESC, id DESC LIMIT 1",
            vec![job.into()],
        ),
        "started_at",
    )
    .await?;
    let published = super::store::published(db)
        .await?
        .and_then(|g| Some((g.id, g.published_at?)));
    Ok(Health {
        last_finished,
        last_success_at,
        running_since,
        published,
    })
}

/// The academic years in which one of `tables` changed since `since`.
pub async fn dirty_years_of(
    db: &impl ConnectionTrait,
    since: DateTime<Utc>,
    tables: &[&str],
) -> Result<Vec<i32>> {
    let marks = vec!["?"; tables.len()].join(", ");
    let sql = format!(
        "SELECT DISTINCT academic_year FROM data_change WHERE changed_at > ? AND fact_table IN ({marks}) ORDER BY academic_year"
    );
    let mut values: Vec<Value> = vec![since.into()];
    values.extend(tables.iter().map(|t| Value::from(*t)));
    db::column(db, stmt(db, &sql, values), "academic_year").await
}

/// The academic years whose facts changed since `since` (all years with facts when `None`).
pub async fn dirty_years(
    db: &impl ConnectionTrait,
    since: Option<DateTime<Utc>>,
) -> Result<Vec<i32>> {
    let (sql, values): (&str, Vec<Value>) = match since {
        Some(t) => (
            "SELECT DISTINCT academic_year FROM data_change WHERE changed_at > ? ORDER BY academic_year",
            vec![t.into()],
        ),
        None => (
            "SELECT DISTINCT academic_year FROM data_change ORDER BY academic_year",
            vec![],
        ),
    };
    db::column(db, stmt(db, sql, values), "academic_year").await
}
