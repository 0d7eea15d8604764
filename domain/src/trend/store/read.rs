//! Reading a generation back: whole (`read_*`, for the job and the tests) or a row at a time
//! (`each_*`, for the snapshot), always in the order of the table's key.

use sea_orm::{ConnectionTrait, FromQueryResult, QueryResult, Value};

use super::{COMPARISONS, ComparisonRow, TRENDS, Target, TrendRow, VALUES, ValueRow};
use crate::db::stmt;
use crate::error::Result;

/// Reads all values of a generation (for trends over copied and recomputed years alike).
pub async fn read_values<C>(db: &C, generation: i32) -> Result<Vec<ValueRow>>
where
    C: ConnectionTrait,
{
    let mut rows = Vec::new();
    each_value(db, generation, |r| {
        rows.push(r);
        Ok(())
    })
    .await?;
    Ok(rows)
}

/// Reads a generation's trends.
pub async fn read_trends<C>(db: &C, generation: i32) -> Result<Vec<TrendRow>>
where
    C: ConnectionTrait,
{
    let mut rows = Vec::new();
    each_trend(db, generation, |r| {
        rows.push(r);
        Ok(())
    })
    .await?;
    Ok(rows)
}

/// Reads a generation's comparisons.
pub async fn read_comparisons<C>(db: &C, generation: i32) -> Result<Vec<ComparisonRow>>
where
    C: ConnectionTrait,
{
    let mut rows = Vec::new();
    each_comparison(db, generation, |r| {
        rows.push(r);
        Ok(())
    })
    .await?;
    Ok(rows)
}

/// Passes a generation's values, in [`read_values`]' order, into `each` one row at a time
/// (the snapshot's load: it keeps no copy of the rows as read).
pub async fn each_value<C>(
    db: &C,
    generation: i32,
    each: impl FnMut(ValueRow) -> Result<()>,
) -> Result<()>
where
    C: ConnectionTrait,
{
    each_row(db, &VALUES, generation, each).await
}

/// Passes a generation's trends into `each` (see [`each_value`]).
pub async fn each_trend<C>(
    db: &C,
    generation: i32,
    each: impl FnMut(TrendRow) -> Result<()>,
) -> Result<()>
where
    C: ConnectionTrait,
{
    each_row(db, &TRENDS, generation, each).await
}

/// Passes a generation's comparisons into `each`, grouped per indicator, dimensions and year
/// (see [`each_value`]).
pub async fn each_comparison<C>(
    db: &C,
    generation: i32,
    each: impl FnMut(ComparisonRow) -> Result<()>,
) -> Result<()>
where
    C: ConnectionTrait,
{
    each_row(db, &COMPARISONS, generation, each).await
}

/// The rows of one generation in `target`'s table (every column but the generation's), in
/// the order of its key, one at a time: read a chunk after another by key (keyset
/// pagination), so a generation of millions of rows never sits in memory as read.
pub(super) async fn each_row<T, C>(
    db: &C,
    target: &Target,
    generation: i32,
    mut each: impl FnMut(T) -> Result<()>,
) -> Result<()>
where
    T: FromQueryResult,
    C: ConnectionTrait,
{
    const CHUNK: usize = 50_000;
    let key = &target.key[1..];
    let (columns, order) = (target.columns[1..].join(", "), key.join(", "));
    let table = target.table;
    let first = format!(
        "SELECT {columns} FROM {table} WHERE generation_id = ? ORDER BY {order} LIMIT {CHUNK}"
    );
    let next = format!(
        "SELECT {columns} FROM {table} WHERE generation_id = ? AND ({order}) > ({}) \
         ORDER BY {order} LIMIT {CHUNK}",
        vec!["?"; key.len()].join(", ")
    );
    let mut after: Option<Vec<Value>> = None;
    loop {
        let mut values = vec![generation.into()];
        let sql = match after.take() {
            None => &first,
            Some(last) => {
                values.extend(last);
                &next
            }
        };
        let rows = db.query_all_raw(stmt(db, sql, values)).await?;
        let n = rows.len();
        if let Some(last) = rows.last() {
            after = Some(
                key.iter()
                    .map(|column| key_value(last, column))
                    .collect::<Result<_>>()?,
            );
        }
        for row in rows {
            each(T::from_query_result(&row, "")?)?;
        }
        if n < CHUNK {
            return Ok(());
        }
    }
}

/// A key column's value in `row`: the ids and the year are integers, the rest text.
fn key_value(row: &QueryResult, column: &str) -> Result<Value> {
    Ok(match column {
        "entity_id" | "school_id" | "year" => row.try_get::<i32>("", column)?.into(),
        _ => row.try_get::<String>("", column)?.into(),
    })
}
