//! The fast write path shared by imports and the demo generator: chunked
//! `INSERT … ON CONFLICT (natural key) DO UPDATE … WHERE something changed`, on both
//! databases, counting inserted, updated and unchanged rows, and bumping the change
//! watermark (`data_change`) of every academic year it touched.
//!
//! PostgreSQL gets one statement per [`PG_CHUNK_ROWS`] rows with one array parameter per
//! column (`INSERT … SELECT * FROM unnest($1::text::int4[], …)`): a fixed, cached statement
//! whatever the chunk holds, no per-row parameters, and the counts come back as one row.
//! SQLite keeps multi-row `VALUES` lists within its parameter budget.

use crate::error::Result;
use sea_orm::{ConnectionTrait, DatabaseBackend, FromQueryResult, Statement, Value};
use std::collections::BTreeMap;

/// Bind-parameter budget per statement (SQLite allows 32,766, PostgreSQL 65,535).
const MAX_PARAMS: usize = 30_000;

/// Rows per PostgreSQL `unnest` statement: large enough that per-statement costs vanish,
/// small enough that one statement's arrays stay a few MB.
pub const PG_CHUNK_ROWS: usize = 20_000;

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
    /// Rows per statement within the parameter budget (the `VALUES` path).
    pub fn chunk_rows(&self) -> usize {
        (MAX_PARAMS / self.columns.len()).max(1)
    }

    /// Rows worth buffering before a write on this backend: one statement's worth.
    pub fn batch_rows(&self, backend: DatabaseBackend) -> usize {
        match backend {
            DatabaseBackend::Postgres => PG_CHUNK_ROWS,
            _ => self.chunk_rows(),
        }
    }

    pub fn index_of(&self, column: &str) -> usize {
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

/// Columns an update treats apart from the rest (an import's, from its kind's declaration).
#[derive(Debug, Clone, Copy, Default)]
pub struct Keep {
    /// Columns a NULL does not overwrite: names of people, which no export or answer gives
    /// back, so a re-imported export leaves them blank and must not erase them.
    pub when_blank: &'static [&'static str],
    /// Columns that say where a row came from (`reported_indicator.source`): written with a
    /// change, never a change by themselves, so re-importing an export of a figure read from a
    /// document leaves it unchanged.
    pub provenance: &'static [&'static str],
}

/// Like [`upsert`] for rows of one academic year (or of none), for tables whose rows reach
/// their year through a parent (a mark summary through its class).
pub async fn upsert_year(
    db: &impl ConnectionTrait,
    target: &Target,
    year: Option<i32>,
    rows: Vec<Vec<Value>>,
) -> Result<Counts> {
    upsert_keeping(db, target, Keep::default(), year, rows).await
}

/// [`upsert_year`] with columns kept as `keep` says.
pub async fn upsert_keeping(
    db: &impl ConnectionTrait,
    target: &Target,
    keep: Keep,
    year: Option<i32>,
    rows: Vec<Vec<Value>>,
) -> Result<Counts> {
    let backend = db.get_database_backend();
    let mut counts = Counts::default();
    if backend == DatabaseBackend::Postgres {
        if let Some(types) = pg_types(target, &rows) {
            for chunk in rows.chunks(PG_CHUNK_ROWS) {
                counts.add(pg_upsert_chunk(db, target, keep, &types, chunk).await?);
            }
        } else {
            for chunk in rows.chunks(target.chunk_rows()) {
                counts.add(pg_upsert_values(db, target, keep, chunk).await?);
            }
        }
    } else {
        for chunk in rows.chunks(target.chunk_rows()) {
            let existing = count_existing(db, backend, target, chunk).await?;
            let affected = db
                .execute_raw(upsert_statement(backend, target, keep, chunk))
                .await?
                .rows_affected();
            let inserted = chunk.len() as u64 - existing;
            let updated = affected.saturating_sub(inserted);
            counts.add(Counts {
                inserted,
                updated,
                unchanged: chunk.len() as u64 - inserted - updated,
            });
        }
    }
    let changed = counts.inserted + counts.updated;
    if let (Some(y), true) = (year, changed > 0) {
        mark_changed(db, target.table, &BTreeMap::from([(y, changed)])).await?;
    }
    Ok(counts)
}

/// The `VALUES` upsert on PostgreSQL, for columns [`pg_types`] cannot put in an array.
async fn pg_upsert_values(
    db: &impl ConnectionTrait,
    target: &Target,
    keep: Keep,
    chunk: &[Vec<Value>],
) -> Result<Counts> {
    // RETURNING (xmax = 0) tells a fresh row from an updated one; rows left alone by the
    // WHERE clause are not returned.
    let mut stmt = upsert_statement(DatabaseBackend::Postgres, target, keep, chunk);
    stmt.sql = format!(
        "WITH w AS ({} RETURNING (xmax = 0) AS ins) \
         SELECT COUNT(*) FILTER (WHERE ins) AS inserted, COUNT(*) AS written FROM w",
        stmt.sql
    );
    pg_counts(db, stmt, chunk.len()).await
}

/// One `unnest` upsert: each column travels as one array literal, cast to its element type;
/// INSERT … SELECT applies the same assignment casts as bound `VALUES` would.
async fn pg_upsert_chunk(
    db: &impl ConnectionTrait,
    target: &Target,
    keep: Keep,
    types: &[&'static str],
    chunk: &[Vec<Value>],
) -> Result<Counts> {
    let action = conflict_action(DatabaseBackend::Postgres, target, keep);
    let sql = format!(
        "WITH w AS (INSERT INTO {t} ({cols}) SELECT * FROM unnest({arrays}) \
         ON CONFLICT ({key}) {action} RETURNING (xmax = 0) AS ins) \
         SELECT COUNT(*) FILTER (WHERE ins) AS inserted, COUNT(*) AS written FROM w",
        t = target.table,
        cols = target.columns.join(", "),
        arrays = unnest_args(types),
        key = target.key.join(", "),
    );
    let stmt = Statement::from_sql_and_values(
        DatabaseBackend::Postgres,
        sql,
        array_literals(chunk, types.len()),
    );
    pg_counts(db, stmt, chunk.len()).await
}

async fn pg_counts(db: &impl ConnectionTrait, stmt: Statement, rows: usize) -> Result<Counts> {
    /// Rows the statement inserted, and inserted or updated.
    #[derive(FromQueryResult)]
    struct Written {
        inserted: i64,
        written: i64,
    }
    let row = Written::find_by_statement(stmt)
        .one(db)
        .await?
        .ok_or_else(|| sea_orm::DbErr::RecordNotFound("upsert counts".into()))?;
    let (inserted, written) = (row.inserted as u64, row.written as u64);
    Ok(Counts {
        inserted,
        updated: written - inserted,
        unchanged: rows as u64 - written,
    })
}

fn unnest_args(types: &[&str]) -> String {
    types
        .iter()
        .enumerate()
        .map(|(i, ty)| format!("${}::text::{ty}[]", i + 1))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The PostgreSQL element type of every column, taken from the values (the types their
/// bound parameters would have); `None` when a column holds a kind of value without a text
/// array form here, or mixes kinds.
fn pg_types(target: &Target, rows: &[Vec<Value>]) -> Option<Vec<&'static str>> {
    let first = rows.first()?;
    let types: Vec<&'static str> = first.iter().map(pg_type).collect::<Option<_>>()?;
    if types.len() != target.columns.len() {
        return None;
    }
    let uniform = rows.iter().all(|row| {
        row.len() == types.len()
            && row
                .iter()
                .zip(&first[..])
                .all(|(v, f)| std::mem::discriminant(v) == std::mem::discriminant(f))
    });
    uniform.then_some(types)
}

fn pg_type(v: &Value) -> Option<&'static str> {
    Some(match v {
        Value::Bool(_) => "bool",
        Value::TinyInt(_) | Value::SmallInt(_) | Value::TinyUnsigned(_) => "int2",
        Value::Int(_) | Value::SmallUnsigned(_) => "int4",
        Value::BigInt(_) | Value::Unsigned(_) => "int8",
        Value::Float(_) => "float4",
        Value::Double(_) => "float8",
        Value::String(_) | Value::Char(_) => "text",
        Value::ChronoDate(_) => "date",
        Value::ChronoTime(_) => "time",
        Value::ChronoDateTime(_) => "timestamp",
        Value::ChronoDateTimeUtc(_)
        | Value::ChronoDateTimeLocal(_)
        | Value::ChronoDateTimeWithTimeZone(_) => "timestamptz",
        _ => return None,
    })
}

/// One PostgreSQL array literal per column (`{"1","2",NULL}`): every element quoted, so
/// only `"` and `\` need escaping and a text "NULL" stays text.
fn array_literals(chunk: &[Vec<Value>], width: usize) -> Vec<Value> {
    (0..width)
        .map(|c| {
            let mut out = String::with_capacity(chunk.len() * 8 + 2);
            out.push('{');
            for (i, row) in chunk.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_element(&mut out, &row[c]);
            }
            out.push('}');
            Value::String(Some(out))
        })
        .collect()
}

/// PostgreSQL's text form of a float, in array literals and COPY alike.
fn push_float(out: &mut String, f: f64) {
    use std::fmt::Write;
    if f.is_nan() {
        out.push_str("NaN");
    } else if f.is_infinite() {
        out.push_str(if f > 0.0 { "Infinity" } else { "-Infinity" });
    } else {
        // Display is the shortest text that reads back as the same f64.
        let _ = write!(out, "{f}");
    }
}

fn push_element(out: &mut String, v: &Value) {
    use std::fmt::Write;
    macro_rules! text {
        ($x:expr) => {{
            out.push('"');
            let _ = write!(out, "{}", $x);
            out.push('"');
        }};
    }
    match v {
        Value::Bool(Some(b)) => out.push_str(if *b { "t" } else { "f" }),
        Value::TinyInt(Some(i)) => text!(i),
        Value::SmallInt(Some(i)) => text!(i),
        Value::Int(Some(i)) => text!(i),
        Value::BigInt(Some(i)) => text!(i),
        Value::TinyUnsigned(Some(i)) => text!(i),
        Value::SmallUnsigned(Some(i)) => text!(i),
        Value::Unsigned(Some(i)) => text!(i),
        Value::Float(Some(f)) => push_float(out, f64::from(*f)),
        Value::Double(Some(f)) => push_float(out, *f),
        Value::String(Some(s)) => quoted(out, s),
        Value::Char(Some(c)) => quoted(out, c.encode_utf8(&mut [0; 4])),
        Value::ChronoDate(Some(d)) => text!(d.format("%Y-%m-%d")),
        Value::ChronoTime(Some(t)) => text!(t.format("%H:%M:%S%.f")),
        Value::ChronoDateTime(Some(t)) => text!(t.format("%Y-%m-%d %H:%M:%S%.f")),
        Value::ChronoDateTimeUtc(Some(t)) => text!(t.to_rfc3339()),
        Value::ChronoDateTimeLocal(Some(t)) => text!(t.to_rfc3339()),
        Value::ChronoDateTimeWithTimeZone(Some(t)) => text!(t.to_rfc3339()),
        _ => out.push_str("NULL"),
    }
}

fn quoted(out: &mut String, s: &str) {
    out.push('"');
    for ch in s.chars() {
        if ch == '"' || ch == '\\' {
            out.push('\\');
        }
        out.push(ch);
    }
    out.push('"');
}

/// Appends `rows` to `target` (a plain insert): `COPY … FROM STDIN` on PostgreSQL, which
/// skips the array literals [`insert`] builds and PostgreSQL parses (most of a national
/// trend generation's write time, BENCHMARKS.md); [`insert`] elsewhere. Its own pooled
/// connection, so not inside a caller's transaction.
pub async fn copy_in(db: &crate::Db, target: &Target, rows: &[Vec<Value>]) -> Result<u64> {
    if db.get_database_backend() != DatabaseBackend::Postgres || rows.is_empty() {
        return insert(db, target, rows).await;
    }
    let mut data = String::with_capacity(rows.len() * target.columns.len() * 8);
    for row in rows {
        if row.len() != target.columns.len() {
            return Err(crate::Error::Invalid {
                field: target.table.into(),
                message: format!(
                    "{} values for the {} columns",
                    row.len(),
                    target.columns.len()
                ),
            });
        }
        for (i, v) in row.iter().enumerate() {
            if i > 0 {
                data.push('\t');
            }
            push_copy_field(&mut data, v).map_err(|message| crate::Error::Invalid {
                field: format!("{}.{}", target.table, target.columns[i]),
                message,
            })?;
        }
        data.push('\n');
    }
    let pool = db.get_postgres_connection_pool();
    let mut copy = sea_orm::sqlx::postgres::PgPoolCopyExt::copy_in_raw(
        pool,
        &format!(
            "COPY {} ({}) FROM STDIN",
            target.table,
            target.columns.join(", ")
        ),
    )
    .await
    .map_err(copy_error)?;
    if let Err(e) = copy.send(data.as_bytes()).await {
        let _ = copy.abort(e.to_string()).await;
        return Err(copy_error(e));
    }
    copy.finish().await.map_err(copy_error)
}

fn copy_error(e: sea_orm::sqlx::Error) -> crate::Error {
    crate::Error::from(sea_orm::DbErr::Exec(sea_orm::RuntimeErr::SqlxError(
        std::sync::Arc::new(e),
    )))
}

/// One field in COPY's text format: `\N` for NULL; backslash, tab, newline and carriage
/// return escaped in text.
fn push_copy_field(out: &mut String, v: &Value) -> std::result::Result<(), String> {
    use std::fmt::Write;
    let text = |out: &mut String, s: &str| {
        for ch in s.chars() {
            match ch {
                '\\' => out.push_str("\\\\"),
                '\t' => out.push_str("\\t"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                c => out.push(c),
            }
        }
    };
    match v {
        Value::Int(Some(i)) => {
            let _ = write!(out, "{i}");
        }
        Value::BigInt(Some(i)) => {
            let _ = write!(out, "{i}");
        }
        Value::Double(Some(f)) => push_float(out, *f),
        Value::String(Some(s)) => text(out, s),
        Value::Bool(Some(b)) => out.push(if *b { 't' } else { 'f' }),
        Value::Int(None)
        | Value::BigInt(None)
        | Value::Double(None)
        | Value::String(None)
        | Value::Bool(None) => {
            out.push_str("\\N");
        }
        other => return Err(format!("no COPY text form for {other:?}")),
    }
    Ok(())
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
    let n: i64 = crate::db::value(
        db,
        Statement::from_sql_and_values(backend, sql, values),
        "n",
    )
    .await?
    .ok_or_else(|| sea_orm::DbErr::RecordNotFound("count".into()))?;
    Ok(n as u64)
}

fn conflict_action(backend: DatabaseBackend, target: &Target, keep: Keep) -> String {
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
    if non_key.is_empty() {
        return "DO NOTHING".to_owned();
    }
    let t = target.table;
    format!(
        "DO UPDATE SET {} WHERE {}",
        non_key
            .iter()
            .map(|c| if keep.when_blank.contains(c) {
                format!("{c} = COALESCE(excluded.{c}, {t}.{c})")
            } else {
                format!("{c} = excluded.{c}")
            })
            .collect::<Vec<_>>()
            .join(", "),
        non_key
            .iter()
            .filter(|c| !keep.provenance.contains(c))
            .map(|c| if keep.when_blank.contains(c) {
                format!("(excluded.{c} IS NOT NULL AND {t}.{c} {distinct} excluded.{c})")
            } else {
                format!("{t}.{c} {distinct} excluded.{c}")
            })
            .collect::<Vec<_>>()
            .join(" OR ")
    )
}

fn upsert_statement(
    backend: DatabaseBackend,
    target: &Target,
    keep: Keep,
    chunk: &[Vec<Value>],
) -> Statement {
    let sql = format!(
        "INSERT INTO {t} ({cols}) VALUES {v} ON CONFLICT ({key}) {action}",
        t = target.table,
        cols = target.columns.join(", "),
        v = tuples(backend, target.columns.len(), chunk.len(), 0),
        key = target.key.join(", "),
        action = conflict_action(backend, target, keep),
    );
    Statement::from_sql_and_values(backend, sql, chunk.iter().flatten().cloned())
}

/// Inserts the rows whose natural key is not stored yet and leaves the others as they are
/// (`ON CONFLICT (key) DO NOTHING`); returns how many were inserted. Chunked like [`upsert`].
pub async fn insert_new(
    db: &impl ConnectionTrait,
    target: &Target,
    rows: &[Vec<Value>],
) -> Result<u64> {
    let conflict = format!(" ON CONFLICT ({}) DO NOTHING", target.key.join(", "));
    insert_then(db, target, rows, &conflict).await
}

/// Plain chunked multi-row INSERT (no conflict handling), for tables a job fills from empty
/// (a new trend generation). Returns the number of rows written.
pub async fn insert(
    db: &impl ConnectionTrait,
    target: &Target,
    rows: &[Vec<Value>],
) -> Result<u64> {
    insert_then(db, target, rows, "").await
}

/// The chunked INSERT both share: `unnest` arrays on PostgreSQL, multi-row VALUES elsewhere,
/// each statement ending in `tail`.
async fn insert_then(
    db: &impl ConnectionTrait,
    target: &Target,
    rows: &[Vec<Value>],
    tail: &str,
) -> Result<u64> {
    let backend = db.get_database_backend();
    let mut written = 0;
    if backend == DatabaseBackend::Postgres
        && let Some(types) = pg_types(target, rows)
    {
        for chunk in rows.chunks(PG_CHUNK_ROWS) {
            let sql = format!(
                "INSERT INTO {t} ({cols}) SELECT * FROM unnest({arrays}){tail}",
                t = target.table,
                cols = target.columns.join(", "),
                arrays = unnest_args(&types),
            );
            written += db
                .execute_raw(Statement::from_sql_and_values(
                    backend,
                    sql,
                    array_literals(chunk, types.len()),
                ))
                .await?
                .rows_affected();
        }
        return Ok(written);
    }
    for chunk in rows.chunks(target.chunk_rows()) {
        let sql = format!(
            "INSERT INTO {t} ({cols}) VALUES {v}{tail}",
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
