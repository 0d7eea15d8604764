//! The export's rows as a stream from the database driver (sqlx, under sea-orm), one row at a
//! time: a national year of mark summaries is millions of rows, and neither the driver nor
//! this module holds more than the row at hand.

use crate::error::{Error, Result};
use crate::facts::Ty;
use futures_util::TryStreamExt;
// The SELECT is built from the kinds' declarations and integer ids, never from user text.
use sea_orm::sqlx::AssertSqlSafe;
use sea_orm::{DatabaseBackend, DbErr, RuntimeErr};
use std::future::Future;
use std::sync::Arc;

/// One cell as read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Null,
    Int(i64),
    Num(f64),
    Text(String),
}

/// How a selected expression is read (the cast `typed` gave it).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Read {
    Int,
    Num,
    Text,
}

impl Read {
    pub(crate) fn of(ty: Ty) -> Read {
        match ty {
            Ty::Int { .. } | Ty::Count { .. } | Ty::Year => Read::Int,
            Ty::Decimal { .. } => Read::Num,
            _ => Read::Text,
        }
    }
}

/// Where the rows go.
pub(crate) trait RowSink: Send {
    fn row(&mut self, cells: &[Cell]) -> impl Future<Output = Result<()>> + Send;
}

fn driver(e: sea_orm::sqlx::Error) -> Error {
    Error::from(DbErr::Query(RuntimeErr::SqlxError(Arc::new(e))))
}

/// Streams the rows of `sql` into `sink`; returns how many.
pub(crate) async fn each(
    db: &crate::Db,
    sql: &str,
    reads: &[Read],
    sink: &mut impl RowSink,
) -> Result<u64> {
    let mut cells = Vec::with_capacity(reads.len());
    let mut n = 0;
    match db.get_database_backend() {
        DatabaseBackend::Postgres => {
            let pool = db.get_postgres_connection_pool();
            let mut rows = sea_orm::sqlx::query(AssertSqlSafe(sql.to_owned())).fetch(pool);
            while let Some(row) = rows.try_next().await.map_err(driver)? {
                decode(&row, reads, &mut cells).map_err(driver)?;
                sink.row(&cells).await?;
                n += 1;
            }
        }
        DatabaseBackend::Sqlite => {
            let pool = db.get_sqlite_connection_pool();
            let mut rows = sea_orm::sqlx::query(AssertSqlSafe(sql.to_owned())).fetch(pool);
            while let Some(row) = rows.try_next().await.map_err(driver)? {
                decode(&row, reads, &mut cells).map_err(driver)?;
                sink.row(&cells).await?;
                n += 1;
            }
        }
        other => {
            return Err(Error::Internal(format!(
                "exports read SQLite or PostgreSQL, not {other:?}"
            )));
        }
    }
    Ok(n)
}

fn decode<R>(
    row: &R,
    reads: &[Read],
    out: &mut Vec<Cell>,
) -> std::result::Result<(), sea_orm::sqlx::Error>
where
    R: sea_orm::sqlx::Row,
    usize: sea_orm::sqlx::ColumnIndex<R>,
    for<'r> i64: sea_orm::sqlx::Decode<'r, R::Database> + sea_orm::sqlx::Type<R::Database>,
    for<'r> f64: sea_orm::sqlx::Decode<'r, R::Database> + sea_orm::sqlx::Type<R::Database>,
    for<'r> String: sea_orm::sqlx::Decode<'r, R::Database> + sea_orm::sqlx::Type<R::Database>,
{
    out.clear();
    for (i, read) in reads.iter().enumerate() {
        out.push(match read {
            Read::Int => row
                .try_get::<Option<i64>, _>(i)?
                .map_or(Cell::Null, Cell::Int),
            Read::Num => row
                .try_get::<Option<f64>, _>(i)?
                .map_or(Cell::Null, Cell::Num),
            Read::Text => row
                .try_get::<Option<String>, _>(i)?
                .map_or(Cell::Null, Cell::Text),
        });
    }
    Ok(())
}
