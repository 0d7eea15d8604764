//! What every fact kind writes with: `Value` constructors, a raw query, and the per-table
//! buffers that hand rows to [`bulk::upsert_year`] once a table has enough of them. Rows are
//! given by column name and put in the target's order by [`by_name`] (the import builders'
//! helper), so no order of columns is kept here apart from the target's own list.

use super::Summary;
use domain::bulk::{self, Target};
use domain::facts::by_name;
use domain::{Error, Result};
use sea_orm::{ConnectionTrait, Statement, Value};

/// A table's pending rows are written once they reach this many.
pub(crate) const FLUSH_ROWS: usize = 50_000;

pub(crate) fn int(v: i32) -> Value {
    Value::Int(Some(v))
}

pub(crate) fn text(v: &str) -> Value {
    Value::String(Some(v.to_owned()))
}

pub(crate) fn ids_list(ids: impl IntoIterator<Item = i32>) -> String {
    ids.into_iter()
        .map(|id| id.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) async fn query(
    db: &impl ConnectionTrait,
    sql: &str,
) -> Result<Vec<sea_orm::QueryResult>> {
    Ok(db
        .query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await?)
}

/// Rows waiting to be written, per table.
struct Pending {
    target: &'static Target,
    rows: Vec<Vec<Value>>,
}

pub(crate) struct Buffers(Vec<Pending>);

impl Buffers {
    pub(crate) fn new(targets: &[&'static Target]) -> Buffers {
        Buffers(
            targets
                .iter()
                .map(|target| Pending {
                    target,
                    rows: Vec::new(),
                })
                .collect(),
        )
    }

    /// Buffers one row of `target`, its values by column name (every column exactly once).
    pub(crate) fn push(
        &mut self,
        target: &Target,
        values: impl IntoIterator<Item = (&'static str, Value)>,
    ) -> Result<()> {
        let row = by_name(target, values)?;
        let pending = self
            .0
            .iter_mut()
            .find(|p| p.target.table == target.table)
            .ok_or_else(|| Error::Internal(format!("no buffer for table {}", target.table)))?;
        pending.rows.push(row);
        Ok(())
    }

    /// Writes the pending rows of `table` now (so that rows referring to them can find ids).
    pub(crate) async fn flush_table(
        &mut self,
        db: &impl ConnectionTrait,
        year: i32,
        table: &str,
        summary: &mut Summary,
    ) -> Result<()> {
        for pending in self.0.iter_mut().filter(|p| p.target.table == table) {
            write(db, year, pending, summary).await?;
        }
        Ok(())
    }

    /// Writes the tables holding at least `min_rows` rows (0: all of them).
    pub(crate) async fn flush(
        &mut self,
        db: &impl ConnectionTrait,
        year: i32,
        min_rows: usize,
        summary: &mut Summary,
    ) -> Result<()> {
        for pending in &mut self.0 {
            if pending.rows.len() >= min_rows {
                write(db, year, pending, summary).await?;
            }
        }
        Ok(())
    }
}

async fn write(
    db: &impl ConnectionTrait,
    year: i32,
    pending: &mut Pending,
    summary: &mut Summary,
) -> Result<()> {
    if pending.rows.is_empty() {
        return Ok(());
    }
    let rows = std::mem::take(&mut pending.rows);
    summary.tally(pending.target.table, rows.len() as u64);
    // Every row here belongs to `year`, also for tables that reach their year through a
    // parent (mark summaries through their class), so the trend job sees the change.
    let counts = bulk::upsert_year(db, pending.target, Some(year), rows).await?;
    summary.changes.add(counts);
    Ok(())
}
