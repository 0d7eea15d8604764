//! The fast write path shared by imports and the demo generator: chunked multi-row
//! `INSERT … ON CONFLICT (natural key) DO UPDATE … WHERE something changed`, on both
//! databases, counting inserted, updated and unchanged rows, and bumping the change
//! watermark (`data_change`) of every academic year it touched.

use crate::error::Result;
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement, Value};
use std::collections::BTreeMap;

/// Bind-parameter budget per statement (SQLite allows 32,766, PostgreSQL 65,535).
const MAX_PARAMS: usize = 30_000;

/// A target table for [`upsert`]: all columns written, and the natural key among them.
#[derive(Debug, Clone, Copy)]
pub struct Target {
    pub table: &'static str,
    pub columns: &'static [&'static str],
    /// The columns of the table's unique index, a subset of `columns`.
    pub key: &'static [&'static str],
    /// The column holding the academic year, when the table is partitioned by year.
    pub year_column: Option<&'static str>,
}

/// What an upsert did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
}

impl Counts {
    pub fn add(&mut self, other: Counts) {
        self.inserted += other.inserted;
        self.updated += other.updated;
        self.unchanged += other.unchanged;
    }
}

impl Target {
    /// Rows per statement within the parameter budget.
    pub fn chunk_rows(&self) -> usize {
        (MAX_PARAMS / self.columns.len()).max(1)
    }

    fn index_of(&self, column: &str) -> usize {
        self.columns
            .iter()
            .position(|c| *c == column)
            .unwrap_or_else(|| panic!("{column} is not a column of {}", self.table))
    }
}

/// Upserts `rows` (values in `target.columns` order) by natural key. Rows whose values all
/// equal the stored ones are left untouched and counted as unchanged. Call it inside the
/// caller's transaction; the rows must not repeat a key (imports reject that earlier).
pub async fn upsert(
    db: &impl ConnectionTrait,
    target: &Target,
    rows: Vec<Vec<Value>>,
) -> Result<Counts> {
    // Grouped by academic year so each year's change count is exact.
    let mut by_year: BTreeMap<Option<i32>, Vec<Vec<Value>>> = BTreeMap::new();
    let year_idx = target.year_column.map(|c| target.index_of(c));
    for row in rows {
        let year = year_idx.and_then(|i| match row[i] {
            Value::Int(Some(y)) => Some(y),
            _ => None,
        });
        by_year.entry(year).or_default().push(row);
    }
    let mut counts = Counts::default();
    for (year, rows) in by_year {
        counts.add(upsert_year(db, target, year, rows).await?);
    }
    Ok(counts)
}

/// Like [`upsert`] for rows of one academic year (or of none), for tables whose rows reach
/// their year through a parent (a mark summary through its class).
pub async fn upsert_year(
    db: &impl ConnectionTrait,
    target: &Target,
    year: Option<i32>,
    rows: Vec<Vec<Value>>,
) -> Result<Counts> {
    let backend = db.get_database_backend();
    let mut counts = Counts::default();
    let mut changed = 0;
    for chunk in rows.chunks(target.chunk_rows()) {
        let (inserted, updated) = if backend == DatabaseBackend::Postgres {
            // RETURNING (xmax = 0) tells a fresh row from an updated one; rows left alone by
            // the WHERE clause are not returned. Counting existing keys first would need a
            // scan per chunk, which PostgreSQL will not do through the index for row values.
            let mut stmt = upsert_statement(backend, target, chunk);
            stmt.sql.push_str(" RETURNING (xmax = 0) AS inserted");
            let rows = db.query_all_raw(stmt).await?;
            let inserted = rows
                .iter()
                .filter(|r| r.try_get::<bool>("", "inserted").unwrap_or(false))
                .count() as u64;
            (inserted, rows.len() as u64 - inserted)
        } else {
            let existing = count_existing(db, backend, target, chunk).await?;
            let affected = db
                .execute_raw(upsert_statement(backend, target, chunk))
                .await?
                .rows_affected();
            let inserted = chunk.len() as u64 - existing;
            (inserted, affected.saturating_sub(inserted))
        };
        let unchanged = chunk.len() as u64 - inserted - updated;
        counts.add(Counts {
            inserted,
            updated,
            unchanged,
        });
        changed += inserted + updated;
    }
    if let (Some(y), true) = (year, changed > 0) {
        mark_changed(db, target.table, &BTreeMap::from([(y, changed)])).await?;
    }
    Ok(counts)
}

/// Records that `table` changed in these academic years (with how many rows).
pub async fn mark_changed(
    db: &impl ConnectionTrait,
    table: &str,
    years: &BTreeMap<i32, u64>,
) -> Result<()> {
    let backend = db.get_database_backend();
    let now = chrono::Utc::now();
    for (year, rows) in years {
        let sql = format!(
            "INSERT INTO data_change (fact_table, academic_year, changed_at, rows_changed) VALUES ({}, {}, {}, {}) \
             ON CONFLICT (fact_table, academic_year) DO UPDATE SET changed_at = excluded.changed_at, \
             rows_changed = data_change.rows_changed + excluded.rows_changed",
            ph(backend, 1),
            ph(backend, 2),
            ph(backend, 3),
            ph(backend, 4)
        );
        // The driver's own timestamp encoding on both backends, so values compare in SQL.
        let now_value: Value = now.into();
        db.execute_raw(Statement::from_sql_and_values(
            backend,
            sql,
            [
                table.into(),
                (*year).into(),
                now_value,
                (*rows as i64).into(),
            ],
        ))
        .await?;
    }
    Ok(())
}

fn ph(backend: DatabaseBackend, n: usize) -> String {
    match backend {
        DatabaseBackend::Postgres => format!("${n}"),
        _ => "?".to_owned(),
    }
}

fn tuples(backend: DatabaseBackend, width: usize, rows: usize, start: usize) -> String {
    let mut n = start;
    let mut out = String::with_capacity(rows * width * 5);
    for r in 0..rows {
        if r > 0 {
            out.push(',');
        }
        out.push('(');
        for c in 0..width {
            if c > 0 {
                out.push(',');
            }
            n += 1;
            out.push_str(&ph(backend, n));
        }
        out.push(')');
    }
    out
}

async fn count_existing(
    db: &impl ConnectionTrait,
    backend: DatabaseBackend,
    target: &Target,
    chunk: &[Vec<Value>],
) -> Result<u64> {
    let key_idx: Vec<usize> = target.key.iter().map(|k| target.index_of(k)).collect();
    let values: Vec<Value> = chunk
        .iter()
        .flat_map(|row| key_idx.iter().map(|i| row[*i].clone()))
        .collect();
    // Row-value IN works on both databases; casts keep PostgreSQL's VALUES typed.
    let sql = format!(
        "SELECT COUNT(*) AS n FROM {t} WHERE ({k}) IN (SELECT * FROM (VALUES {v}) AS keys)",
        t = target.table,
        k = target.key.join(", "),
        v = tuples(backend, key_idx.len(), chunk.len(), 0),
    );
    let row = db
        .query_one_raw(Statement::from_sql_and_values(backend, sql, values))
        .await?
        .ok_or_else(|| sea_orm::DbErr::RecordNotFound("count".into()))?;
    Ok(row.try_get::<i64>("", "n")? as u64)
}

fn upsert_statement(backend: DatabaseBackend, target: &Target, chunk: &[Vec<Value>]) -> Statement {
    let non_key: Vec<&str> = target
        .columns
        .iter()
        .copied()
        .filter(|c| !target.key.contains(c))
        .collect();
    let distinct = match backend {
        DatabaseBackend::Postgres => "IS DISTINCT FROM",
        _ => "IS NOT",
    };
    let action = if non_key.is_empty() {
        "DO NOTHING".to_owned()
    } else {
        format!(
            "DO UPDATE SET {} WHERE {}",
            non_key
                .iter()
                .map(|c| format!("{c} = excluded.{c}"))
                .collect::<Vec<_>>()
                .join(", "),
            non_key
                .iter()
                .map(|c| format!("{t}.{c} {distinct} excluded.{c}", t = target.table))
                .collect::<Vec<_>>()
                .join(" OR ")
        )
    };
    let sql = format!(
        "INSERT INTO {t} ({cols}) VALUES {v} ON CONFLICT ({key}) {action}",
        t = target.table,
        cols = target.columns.join(", "),
        v = tuples(backend, target.columns.len(), chunk.len(), 0),
        key = target.key.join(", "),
    );
    Statement::from_sql_and_values(backend, sql, chunk.iter().flatten().cloned())
}

/// Plain chunked multi-row INSERT (no conflict handling), for tables a job fills from empty
/// (a new trend generation). Returns the number of rows written.
pub async fn insert(
    db: &impl ConnectionTrait,
    target: &Target,
    rows: &[Vec<Value>],
) -> Result<u64> {
    let backend = db.get_database_backend();
    let mut written = 0;
    for chunk in rows.chunks(target.chunk_rows()) {
        let sql = format!(
            "INSERT INTO {t} ({cols}) VALUES {v}",
            t = target.table,
            cols = target.columns.join(", "),
            v = tuples(backend, target.columns.len(), chunk.len(), 0),
        );
        written += db
            .execute_raw(Statement::from_sql_and_values(
                backend,
                sql,
                chunk.iter().flatten().cloned(),
            ))
            .await?
            .rows_affected();
    }
    Ok(written)
}
