//! Bulk import of CSV and spreadsheet files, one documented template per fact kind.
//!
//! An import is all or nothing: every row is parsed and checked, and every error of the file
//! is collected (row, column, value, message); rows are written through the shared bulk
//! upsert inside one transaction, which is rolled back if any row failed. Re-importing the
//! same file changes nothing (natural-key upserts report the rows as unchanged). Every
//! academic year a write touched is marked dirty for the trend job (`data_change`).

mod cell;
mod kinds;
mod read;
mod resolve;
pub mod template;

pub use cell::normalise_name;
pub use kinds::{Col, Context, ImportKind};
pub use read::Format;

use crate::bulk::{self, Counts};
use crate::error::{Error, Result};
use cell::V;
use sea_orm::{DatabaseConnection, TransactionTrait, Value};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::hash::BuildHasher;

/// At most this many errors are listed; the count says how many there were.
const MAX_LISTED_ERRORS: usize = 1_000;

/// One problem in the file, at the row and column a spreadsheet shows.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RowError {
    /// 1-based row number (the header is row 1; 0 = the file as a whole).
    pub row: u64,
    pub column: Option<String>,
    pub value: Option<String>,
    pub message: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.row > 0 {
            write!(f, "row {}", self.row)?;
        } else {
            write!(f, "file")?;
        }
        if let Some(c) = &self.column {
            write!(f, ", column {c}")?;
        }
        if let Some(v) = &self.value {
            write!(f, " (\"{v}\")")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// A row ready to write: values in the target's column order.
#[derive(Debug, Clone)]
pub struct Row {
    pub year: Option<i32>,
    pub values: Vec<Value>,
    /// For schools: the languages of instruction, which replace the stored set.
    pub languages: Option<Vec<String>>,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ImportReport {
    pub kind: &'static str,
    pub rows: u64,
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    /// Academic years the file touched (start years).
    pub years: Vec<i32>,
}

/// Imports one file. `progress` is called with the number of rows read so far.
pub async fn import(
    db: &DatabaseConnection,
    kind: ImportKind,
    reader: impl std::io::Read + Send + 'static,
    format: Format,
    ctx: &Context,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<ImportReport> {
    let table = read::open(reader, format).map_err(|e| rejected(vec![e], 1))?;
    let columns = kind.columns();
    let mapping = map_header(&table.header, &columns).map_err(|errs| {
        let n = errs.len();
        rejected(errs, n)
    })?;

    let target = kind.target();
    let key_idx: Vec<usize> = target
        .key
        .iter()
        .map(|k| {
            target
                .columns
                .iter()
                .position(|c| c == k)
                .expect("key column")
        })
        .collect();
    let txn = db.begin().await?;
    let mut resolver = resolve::Resolver::load(&txn).await?;
    let mut errors: Vec<RowError> = Vec::new();
    let mut error_count = 0usize;
    let mut seen: HashMap<u128, u64> = HashMap::new();
    let hasher = std::hash::RandomState::new();
    let mut buffer: Vec<Row> = Vec::new();
    let mut counts = Counts::default();
    let mut years = BTreeSet::new();
    let mut rows = 0u64;
    let mut push_error = |errors: &mut Vec<RowError>, e: RowError| {
        error_count += 1;
        if errors.len() < MAX_LISTED_ERRORS {
            errors.push(e);
        }
    };

    for raw in table.rows {
        let raw = match raw {
            Ok(raw) => raw,
            Err(e) => {
                push_error(&mut errors, e);
                continue;
            }
        };
        if raw.cells.iter().all(Option::is_none) {
            continue;
        }
        rows += 1;
        if rows.is_multiple_of(10_000) {
            progress(rows);
        }
        let mut row_errors = Vec::new();
        let mut values = vec![V::Null; columns.len()];
        let mut raws = vec![None; columns.len()];
        for (pos, cell) in raw.cells.into_iter().enumerate() {
            let Some(text) = cell else { continue };
            match mapping.get(pos).copied().flatten() {
                Some(ci) => {
                    match cell::parse(columns[ci].ty, &text) {
                        Ok(v) => values[ci] = v,
                        Err(message) => row_errors.push(RowError {
                            row: raw.line,
                            column: Some(columns[ci].key.to_owned()),
                            value: Some(text.clone()),
                            message,
                        }),
                    }
                    raws[ci] = Some(text);
                }
                None => row_errors.push(RowError {
                    row: raw.line,
                    column: None,
                    value: Some(text),
                    message: format!("a value in column {} which has no header", pos + 1),
                }),
            }
        }
        for (ci, c) in columns.iter().enumerate() {
            if c.required && values[ci] == V::Null && raws[ci].is_none() {
                row_errors.push(RowError {
                    row: raw.line,
                    column: Some(c.key.to_owned()),
                    value: None,
                    message: "is required".into(),
                });
            }
        }
        if !row_errors.is_empty() {
            row_errors
                .into_iter()
                .for_each(|e| push_error(&mut errors, e));
            continue;
        }
        let fields = kinds::Fields {
            line: raw.line,
            cols: &columns,
            values,
            raw: raws,
        };
        let row = match kinds::build(kind, &fields, &mut resolver, &txn, ctx).await? {
            Ok(row) => row,
            Err(errs) => {
                errs.into_iter().for_each(|e| push_error(&mut errors, e));
                continue;
            }
        };
        // Two rows of one file with the same natural key: the second would silently win.
        // Keys are kept as two 64-bit hashes (128 bits) so memory stays small for millions of
        // rows; a false "repeats" would need a 128-bit collision.
        let text: Vec<String> = key_idx
            .iter()
            .map(|i| format!("{:?}", row.values[*i]))
            .collect();
        let h1 = hasher.hash_one(&text);
        let key = (u128::from(h1) << 64) | u128::from(hasher.hash_one((h1, &text)));
        if let Some(first) = seen.insert(key, raw.line) {
            push_error(
                &mut errors,
                RowError {
                    row: raw.line,
                    column: None,
                    value: None,
                    message: format!(
                        "repeats row {first} (same {}): keep one of the two rows",
                        kind.key_columns().join(", ")
                    ),
                },
            );
            continue;
        }
        if let Some(y) = row.year {
            years.insert(y);
        }
        buffer.push(row);
        // Keep writing while the file is clean, so memory stays bounded; once an error is
        // found nothing more is written and the transaction is rolled back at the end.
        if errors.is_empty() && buffer.len() >= target.chunk_rows() {
            counts.add(flush(&txn, &target, &mut buffer).await?);
        } else if !errors.is_empty() {
            buffer.clear();
        }
    }
    if rows == 0 && errors.is_empty() {
        errors.push(RowError {
            row: 0,
            column: None,
            value: None,
            message: "the file has no data rows".into(),
        });
        error_count = 1;
    }
    if !errors.is_empty() {
        txn.rollback().await?;
        return Err(rejected(errors, error_count));
    }
    counts.add(flush(&txn, &target, &mut buffer).await?);
    txn.commit().await?;
    progress(rows);
    Ok(ImportReport {
        kind: kind.name(),
        rows,
        inserted: counts.inserted,
        updated: counts.updated,
        unchanged: counts.unchanged,
        years: years.into_iter().collect(),
    })
}

fn rejected(errors: Vec<RowError>, total: usize) -> Error {
    Error::Rejected { errors, total }
}

/// Maps each file column to a template column by its Kyrgyz, Russian or English header.
fn map_header(
    header: &[String],
    columns: &[Col],
) -> std::result::Result<Vec<Option<usize>>, Vec<RowError>> {
    let norm = |s: &str| crate::text::search_key(&normalise_name(s.trim_end_matches('*').trim()));
    let mut errors = Vec::new();
    let mut used = HashSet::new();
    let mut mapping = Vec::with_capacity(header.len());
    for (pos, h) in header.iter().enumerate() {
        if h.trim().is_empty() {
            mapping.push(None);
            continue;
        }
        let key = norm(h);
        let found = columns.iter().position(|c| {
            [c.key, c.ky, c.ru].iter().any(|name| norm(name) == key)
                || norm(&c.key.replace('_', " ")) == key
        });
        match found {
            Some(ci) if !used.insert(ci) => errors.push(RowError {
                row: 1,
                column: Some(h.clone()),
                value: None,
                message: format!("column {} appears twice", columns[ci].key),
            }),
            Some(ci) => mapping.push(Some(ci)),
            None => {
                errors.push(RowError {
                    row: 1,
                    column: Some(h.clone()),
                    value: None,
                    message: format!(
                        "unknown column (column {}); the template's columns are: {}",
                        pos + 1,
                        columns.iter().map(|c| c.key).collect::<Vec<_>>().join(", ")
                    ),
                });
                mapping.push(None);
            }
        }
    }
    for (ci, c) in columns.iter().enumerate() {
        if c.required && !used.contains(&ci) {
            errors.push(RowError {
                row: 1,
                column: Some(c.key.to_owned()),
                value: None,
                message: format!(
                    "required column is missing (header: {} / {} / {})",
                    c.key, c.ky, c.ru
                ),
            });
        }
    }
    if errors.is_empty() {
        Ok(mapping)
    } else {
        Err(errors)
    }
}

async fn flush(
    db: &impl sea_orm::ConnectionTrait,
    target: &bulk::Target,
    buffer: &mut Vec<Row>,
) -> Result<Counts> {
    if buffer.is_empty() {
        return Ok(Counts::default());
    }
    let rows = std::mem::take(buffer);
    let languages: Vec<(Value, Vec<String>)> = rows
        .iter()
        .filter_map(|r| r.languages.clone().map(|l| (r.values[0].clone(), l)))
        .collect();
    let mut counts = Counts::default();
    let mut by_year: std::collections::BTreeMap<Option<i32>, Vec<Vec<Value>>> = Default::default();
    for row in rows {
        by_year.entry(row.year).or_default().push(row.values);
    }
    for (year, values) in by_year {
        counts.add(bulk::upsert_year(db, target, year, values).await?);
    }
    if !languages.is_empty() {
        crate::school::replace_languages(db, &languages).await?;
    }
    Ok(counts)
}
