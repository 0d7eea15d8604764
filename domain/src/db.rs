//! Connecting, migrating, and classifying constraint violations, per backend.
//!
//! Pool policy: SQLite files get WAL (readers do not block the writer), a busy timeout and a
//! small pool; `sqlite::memory:` gets exactly one connection (each extra connection would open
//! its own empty database); PostgreSQL gets a pool of 10 by default.

use crate::config::DatabaseConfig;
use crate::error::{ConstraintKind, Error, Result};
use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseBackend, DatabaseConnection, DbErr,
    FromQueryResult, RuntimeErr, Statement, TryGetable,
};
use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Opens a pool following the policy above. Logs the URL with its password masked.
pub async fn connect(config: &DatabaseConfig) -> Result<DatabaseConnection> {
    let url = &config.url;
    if url.is_sqlite() && !url.is_memory() {
        create_sqlite_parent_dir(url.expose())?;
    }
    let acquire = Duration::from_millis(config.acquire_timeout_ms);
    tracing::info!(database.url = %url, "connecting to the database");
    if !url.is_sqlite() {
        // One direct attempt first: a wrong host or port says "connection refused" at once
        // instead of after the pool has retried for the whole acquire timeout.
        use sea_orm::sqlx::Connection;
        let attempt =
            tokio::time::timeout(acquire, sea_orm::sqlx::PgConnection::connect(url.expose())).await;
        let refused = match attempt {
            Ok(Ok(conn)) => {
                let _ = conn.close().await;
                None
            }
            Ok(Err(e)) => Some(e.to_string()),
            Err(_) => Some(format!("no answer within {} ms", config.acquire_timeout_ms)),
        };
        if let Some(reason) = refused {
            return Err(Error::Unavailable(format!(
                "cannot connect to {url}: {reason}"
            )));
        }
    }
    let mut opts = ConnectOptions::new(url.expose().to_owned());
    opts.sqlx_logging(false)
        .acquire_timeout(acquire)
        .connect_timeout(acquire);
    if url.is_memory() {
        opts.max_connections(1).min_connections(1);
    } else if url.is_sqlite() {
        let busy = Duration::from_millis(config.busy_timeout_ms);
        opts.max_connections(config.max_connections.unwrap_or(4))
            .map_sqlx_sqlite_opts(move |o| {
                o.journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .busy_timeout(busy)
                    .foreign_keys(true)
            });
    } else {
        opts.max_connections(config.max_connections.unwrap_or(10));
    }
    let mut conn = Database::connect(opts).await?;
    conn.set_metric_callback(record_statement);
    Ok(conn)
}

/// Statements run through pools opened by [`connect`], since start-up (for /metrics).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StatementTotals {
    pub statements: u64,
    pub failed: u64,
    pub micros: u64,
}

static STATEMENTS: AtomicU64 = AtomicU64::new(0);
static STATEMENTS_FAILED: AtomicU64 = AtomicU64::new(0);
static STATEMENT_MICROS: AtomicU64 = AtomicU64::new(0);

tokio::task_local! {
    static SCOPE_COUNT: Cell<u64>;
}

fn record_statement(info: &sea_orm::metric::Info<'_>) {
    STATEMENTS.fetch_add(1, Ordering::Relaxed);
    if info.failed {
        STATEMENTS_FAILED.fetch_add(1, Ordering::Relaxed);
    }
    let micros = u64::try_from(info.elapsed.as_micros()).unwrap_or(u64::MAX);
    STATEMENT_MICROS.fetch_add(micros, Ordering::Relaxed);
    // Counted in the task that awaited the statement, so concurrent requests do not mix.
    let _ = SCOPE_COUNT.try_with(|c| c.set(c.get() + 1));
}

/// Process-wide statement totals.
pub fn statement_totals() -> StatementTotals {
    StatementTotals {
        statements: STATEMENTS.load(Ordering::Relaxed),
        failed: STATEMENTS_FAILED.load(Ordering::Relaxed),
        micros: STATEMENT_MICROS.load(Ordering::Relaxed),
    }
}

/// Runs `fut` and counts the SQL statements it ran (on pools opened by [`connect`]) in its
/// own task; work spawned onto other tasks is not counted.
pub async fn count_statements<F: std::future::Future>(fut: F) -> (F::Output, u64) {
    SCOPE_COUNT
        .scope(Cell::new(0), async move {
            let out = fut.await;
            (out, SCOPE_COUNT.with(Cell::get))
        })
        .await
}

/// Connections of a pool: open, idle and the configured maximum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolUse {
    pub open: u32,
    pub idle: u32,
    pub max: u32,
}

/// How much of the pool is in use now.
pub fn pool_use(db: &DatabaseConnection) -> PoolUse {
    fn of<DB: sea_orm::sqlx::Database>(p: &sea_orm::sqlx::Pool<DB>) -> PoolUse {
        PoolUse {
            open: p.size(),
            idle: u32::try_from(p.num_idle()).unwrap_or(u32::MAX),
            max: p.options().get_max_connections(),
        }
    }
    match db.get_database_backend() {
        DatabaseBackend::Postgres => of(db.get_postgres_connection_pool()),
        _ => of(db.get_sqlite_connection_pool()),
    }
}

fn create_sqlite_parent_dir(url: &str) -> Result<()> {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let path = path.split('?').next().unwrap_or_default();
    if let Some(parent) = std::path::Path::new(path).parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent).map_err(|e| Error::Invalid {
            field: "database.url".into(),
            message: format!("cannot create directory {}: {e}", parent.display()),
        })?;
    }
    Ok(())
}

/// Whether `sapat serve` applies migrations itself (config, else: yes on SQLite only).
pub fn auto_migrate(config: &DatabaseConfig) -> bool {
    config
        .auto_migrate
        .unwrap_or_else(|| config.url.is_sqlite())
}

/// Applies all pending migrations, then (re)loads the bundled reference data, which is
/// idempotent. Returns the names of the migrations applied.
pub async fn migrate_up(db: &DatabaseConnection) -> Result<Vec<String>> {
    let pending = pending_migrations(db).await?;
    Migrator::up(db, None).await?;
    crate::reference::load(db).await?;
    Ok(pending)
}

/// Names of the migrations not yet applied.
pub async fn pending_migrations(db: &DatabaseConnection) -> Result<Vec<String>> {
    Ok(Migrator::get_pending_migrations(db)
        .await?
        .iter()
        .map(|m| m.name().to_owned())
        .collect())
}

/// Names of the applied migrations, oldest first.
pub async fn applied_migrations(db: &DatabaseConnection) -> Result<Vec<String>> {
    Ok(Migrator::get_applied_migrations(db)
        .await?
        .iter()
        .map(|m| m.name().to_owned())
        .collect())
}

/// Rolls back the last `steps` migrations (all when `None`) and returns the names of those
/// rolled back, newest first. More steps than are applied is refused with nothing done, not
/// taken as "all" (`sapat migrate down --steps 99999` once dropped every table).
pub async fn migrate_down(db: &DatabaseConnection, steps: Option<u32>) -> Result<Vec<String>> {
    let before = applied_migrations(db).await?;
    if let Some(n) = steps
        && usize::try_from(n).unwrap_or(usize::MAX) > before.len()
    {
        return Err(Error::Invalid {
            field: "steps".into(),
            message: format!(
                "{n} asked, but only {} migration(s) are applied; nothing was rolled back",
                before.len()
            ),
        });
    }
    Migrator::down(db, steps).await?;
    let after = applied_migrations(db).await?;
    Ok(before
        .into_iter()
        .rev()
        .filter(|m| !after.contains(m))
        .collect())
}

/// Drops everything and migrates from scratch, then loads reference data.
pub async fn migrate_fresh(db: &DatabaseConnection) -> Result<()> {
    // Every migration down, newest first, then up: dropping tables in catalog order (sea-orm's
    // `fresh`) broke SQLite's foreign keys once tables held rows, half-way through.
    if db.get_database_backend() == DatabaseBackend::Sqlite {
        // On SQLite all of it goes through one connection of its own: spread over the pool,
        // one CI run met a connection that still read the dropped schema half-way through the
        // re-creation ("index uq_region_soate already exists").
        let options = db.get_sqlite_connection_pool().connect_options();
        let pool = sea_orm::sqlx::sqlite::SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with((*options).clone())
            .await
            .map_err(|e| Error::from(DbErr::Conn(RuntimeErr::SqlxError(e.into()))))?;
        let single = sea_orm::SqlxSqliteConnector::from_sqlx_sqlite_pool(pool);
        Migrator::refresh(&single).await?;
        crate::reference::load(&single).await?;
        single.close().await?;
        return Ok(());
    }
    Migrator::refresh(db).await?;
    crate::reference::load(db).await?;
    Ok(())
}

/// A trivial round trip, for /healthz.
pub async fn ping(db: &DatabaseConnection) -> Result<()> {
    Ok(db.ping().await?)
}

/// Why the database cannot take writes now, if it cannot, without writing anything: on
/// SQLite, whether the database file (and its write-ahead log) can be opened for writing (a
/// file made read-only or immutable answered every write with an I/O error while reads went
/// on); on PostgreSQL, whether the session is read-only (a standby).
pub async fn unwritable(db: &DatabaseConnection) -> Result<Option<String>> {
    let backend = db.get_database_backend();
    if backend == DatabaseBackend::Postgres {
        let row = db
            .query_one_raw(sea_orm::Statement::from_string(
                backend,
                "SELECT current_setting('transaction_read_only') AS ro",
            ))
            .await?;
        let ro: Option<String> = row.map(|r| r.try_get("", "ro")).transpose()?;
        return Ok((ro.as_deref() == Some("on")).then(|| "the database is read-only".to_owned()));
    }
    let rows = db
        .query_all_raw(sea_orm::Statement::from_string(
            backend,
            "PRAGMA database_list",
        ))
        .await?;
    for row in rows {
        let (name, file): (String, String) = (row.try_get("", "name")?, row.try_get("", "file")?);
        // An in-memory database has no file.
        if name != "main" || file.is_empty() {
            continue;
        }
        let wal = format!("{file}-wal");
        for path in [file.as_str(), wal.as_str()] {
            if path == wal && !std::path::Path::new(path).exists() {
                continue;
            }
            if let Err(e) = std::fs::OpenOptions::new().append(true).open(path) {
                return Ok(Some(format!("{path} cannot be written: {e}")));
            }
        }
    }
    Ok(None)
}

/// Turns a database error into [`Error::Constraint`] naming the rule the row broke, on either
/// backend; other errors pass through as [`Error::Database`].
///
/// PostgreSQL names the constraint itself. SQLite names CHECK constraints and expression
/// indexes, but reports a plain unique index as its columns (`t.a, t.b`), so the index is
/// looked up by its column list; a primary key is reported as PostgreSQL names it,
/// `<table>_pkey`, so both databases give the same name.
pub async fn classify(db: &impl ConnectionTrait, err: DbErr) -> Error {
    let Some((kind, name, message)) = violation(&err) else {
        return Error::from(err);
    };
    let constraint = match (name, db.get_database_backend()) {
        (Some(name), _) => Some(name),
        (None, DatabaseBackend::Sqlite) => sqlite_constraint_name(db, kind, &message).await,
        (None, _) => None,
    };
    match constraint {
        Some(constraint) => Error::Constraint { kind, constraint },
        None => Error::from(err),
    }
}

/// (kind, constraint name if the driver gave one, driver message).
fn violation(err: &DbErr) -> Option<(ConstraintKind, Option<String>, String)> {
    let (DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e))) = err
    else {
        return None;
    };
    let sea_orm::sqlx::Error::Database(e) = e.as_ref() else {
        return None;
    };
    let message = e.message().to_owned();
    let code = e.code().map(|c| c.into_owned()).unwrap_or_default();
    let kind = match code.as_str() {
        // PostgreSQL SQLSTATEs.
        "23514" => ConstraintKind::Check,
        "23505" => ConstraintKind::Unique,
        "23503" => ConstraintKind::ForeignKey,
        "23502" => ConstraintKind::NotNull,
        // SQLite extended result codes.
        "275" => ConstraintKind::Check,
        "2067" | "1555" => ConstraintKind::Unique,
        "787" => ConstraintKind::ForeignKey,
        "1299" => ConstraintKind::NotNull,
        _ => return None,
    };
    Some((kind, e.constraint().map(str::to_owned), message))
}

async fn sqlite_constraint_name(
    db: &impl ConnectionTrait,
    kind: ConstraintKind,
    message: &str,
) -> Option<String> {
    let detail = message.split_once("failed: ").map(|(_, d)| d.trim())?;
    match kind {
        // "CHECK constraint failed: ck_name"
        ConstraintKind::Check => Some(detail.to_owned()),
        ConstraintKind::Unique => {
            // "UNIQUE constraint failed: index 'uq_name'" (expression indexes)
            if let Some(name) = detail.strip_prefix("index '") {
                return Some(name.trim_end_matches('\'').to_owned());
            }
            // "UNIQUE constraint failed: table.a, table.b"
            let columns: Vec<&str> = detail.split(", ").collect();
            let table = columns.first()?.split_once('.')?.0;
            let wanted: Vec<&str> = columns
                .iter()
                .filter_map(|c| c.split_once('.').map(|(_, col)| col))
                .collect();
            match unique_index_by_columns(db, table, &wanted).await {
                // The schema declares no UNIQUE table constraints, so an autoindex is the key.
                Some(index) if index.starts_with("sqlite_autoindex_") => {
                    Some(format!("{table}_pkey"))
                }
                Some(index) => Some(index),
                // An INTEGER PRIMARY KEY is the rowid and has no index to find.
                None => Some(format!("{table}_pkey")),
            }
        }
        _ => None,
    }
}

async fn unique_index_by_columns(
    db: &impl ConnectionTrait,
    table: &str,
    wanted: &[&str],
) -> Option<String> {
    let sql = "SELECT il.name AS index_name, ii.name AS column_name \
               FROM pragma_index_list(?) AS il JOIN pragma_index_info(il.name) AS ii \
               WHERE il.\"unique\" = 1 ORDER BY il.name, ii.seqno";
    /// A column of a unique index (`None` for an expression).
    #[derive(FromQueryResult)]
    struct IndexColumn {
        index_name: String,
        column_name: Option<String>,
    }
    let rows = IndexColumn::find_by_statement(Statement::from_sql_and_values(
        DatabaseBackend::Sqlite,
        sql,
        [table.into()],
    ))
    .all(db)
    .await
    .ok()?;
    let mut indexes: Vec<(String, Vec<String>)> = Vec::new();
    for IndexColumn {
        index_name,
        column_name,
    } in rows
    {
        let column = column_name.unwrap_or_default();
        match indexes.last_mut() {
            Some((name, cols)) if *name == index_name => cols.push(column),
            _ => indexes.push((index_name, vec![column])),
        }
    }
    indexes
        .into_iter()
        .find(|(_, cols)| cols.iter().map(String::as_str).eq(wanted.iter().copied()))
        .map(|(name, _)| name)
}

/// A statement written with `?` placeholders, numbered `$1…` for PostgreSQL, so domain SQL is
/// written once for both databases.
pub(crate) fn stmt(db: &impl ConnectionTrait, sql: &str, values: Vec<sea_orm::Value>) -> Statement {
    let backend = db.get_database_backend();
    let sql = if backend == DatabaseBackend::Postgres {
        let mut n = 0;
        sql.chars()
            .map(|c| {
                if c == '?' {
                    n += 1;
                    format!("${n}")
                } else {
                    c.to_string()
                }
            })
            .collect()
    } else {
        sql.to_owned()
    };
    Statement::from_sql_and_values(backend, sql, values)
}

/// One column of every row `statement` returns, for statements that read a single value a
/// row (ids, years): a row struct of one field would only repeat the column's name. Rows of
/// several columns are read into `#[derive(FromQueryResult)]` structs.
pub(crate) async fn column<T: TryGetable>(
    db: &impl ConnectionTrait,
    statement: Statement,
    name: &str,
) -> Result<Vec<T>> {
    let rows = db.query_all_raw(statement).await?;
    Ok(rows
        .iter()
        .map(|r| r.try_get("", name))
        .collect::<std::result::Result<_, DbErr>>()?)
}

/// One column of the first row `statement` returns (`None` without a row): a count, an id
/// from `RETURNING`, a setting.
pub(crate) async fn value<T: TryGetable>(
    db: &impl ConnectionTrait,
    statement: Statement,
    name: &str,
) -> Result<Option<T>> {
    let row = db.query_one_raw(statement).await?;
    Ok(row.map(|r| r.try_get("", name)).transpose()?)
}

/// Whether `db` takes several writers at once (PostgreSQL), so independent writes may run
/// concurrently on pooled connections; SQLite has one writer at a time.
pub fn concurrent_writers(db: &crate::Db) -> bool {
    db.get_database_backend() == sea_orm::DatabaseBackend::Postgres
}
