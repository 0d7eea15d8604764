//! Bulk import of CSV and spreadsheet files, one documented template per fact kind.
//!
//! An import is all or nothing: every row is parsed and checked, and every error of the file
//! is collected (row, column, value, message); rows are written through the shared bulk
//! upsert inside one transaction, which is rolled back if any row failed. Re-importing the
//! same file changes nothing (natural-key upserts report the rows as unchanged). Every
//! academic year a write touched is marked dirty for the trend job (`data_change`).

pub(crate) mod cell;
mod form;
mod header;
mod read;
pub(crate) mod resolve;
mod seen;
pub mod template;

pub use form::{ColumnSpec, column_specs};

use crate::facts::RowScope;
pub use crate::facts::{Col, Context, ImportKind};
pub use cell::normalise_name;
pub use read::{Budget, Format, limits};

use crate::access::Places;
use crate::audit;
use crate::auth::Caller;
use crate::bulk::{self, Counts};
use crate::error::{Error, Result};
use crate::messages::{Lang, Msg, Quoted};
use cell::V;
use header::map_header;
use sea_orm::{DatabaseConnection, TransactionTrait, Value};
use seen::SeenKeys;
use std::collections::BTreeSet;

/// At most this many errors are listed; the count says how many there were.
const MAX_LISTED_ERRORS: usize = 1_000;

/// One problem in the file, at the row and column a spreadsheet shows.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RowError {
    /// 1-based row number (the header is row 1; 0 = the file as a whole).
    pub row: u64,
    pub column: Option<String>,
    pub value: Option<Quoted>,
    pub message: Msg,
    /// The row is outside the caller's scope (not a mistake in the data).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub forbidden: bool,
}

impl RowError {
    /// "row 3, column n5 ("five"): is not a whole number", in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let mut s = match (lang, self.row) {
            (Lang::Ky, 0) => "файл".to_owned(),
            (Lang::Ky, n) => format!("{n}-сап"),
            (Lang::Ru, 0) => "файл".to_owned(),
            (Lang::Ru, n) => format!("строка {n}"),
            (Lang::En, 0) => "file".to_owned(),
            (Lang::En, n) => format!("row {n}"),
        };
        if let Some(c) = &self.column {
            s.push_str(&match lang {
                Lang::Ky => format!(", «{c}» мамычасы"),
                Lang::Ru => format!(", столбец «{c}»"),
                Lang::En => format!(", column {c}"),
            });
        }
        if let Some(v) = &self.value {
            s.push_str(&format!(" (\"{v}\")"));
        }
        s.push_str(": ");
        s.push_str(&self.message.render(lang));
        s
    }
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// A row ready to write: values in the target's column order.
#[derive(Debug, Clone)]
pub struct Row {
    pub year: Option<i32>,
    pub values: Vec<Value>,
    /// For schools: the languages of instruction, which replace the stored set.
    pub languages: Option<Vec<String>>,
    /// The school the row is about (for a new school: none yet).
    pub school_id: Option<i32>,
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

/// Imports one file read by the console (`sapat import`), within [`Budget::CONSOLE`].
/// `progress` is called with the number of rows read so far.
pub async fn import(
    db: &DatabaseConnection,
    caller: &Caller,
    kind: ImportKind,
    reader: impl std::io::Read + Send + 'static,
    format: Format,
    ctx: &Context,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<ImportReport> {
    let budget = Budget::CONSOLE;
    import_within(db, caller, kind, reader, format, ctx, budget, progress).await
}

/// Imports one file within `budget` ([`Budget::UPLOAD`] for `importFile`). The file is read
/// off the async threads (see `read`); dropping the returned future stops the reading.
#[allow(clippy::too_many_arguments)]
pub async fn import_within(
    db: &DatabaseConnection,
    caller: &Caller,
    kind: ImportKind,
    reader: impl std::io::Read + Send + 'static,
    format: Format,
    ctx: &Context,
    budget: Budget,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<ImportReport> {
    // Refuse before reading: parsing a workbook costs seconds.
    caller.require_writer()?;
    let table = read::open(reader, format, budget, caller)
        .await
        .map_err(|e| rejected(vec![e], 1))?;
    let mode = Mode { items: false };
    run(db, caller, kind, table, ctx, progress, mode).await
}

/// One item of a batch sent through the API: `(column key, value as typed)` pairs, in the
/// template's words (`sapat import template <kind>`), so it goes through exactly the checks
/// a file row does.
pub type Record = Vec<(&'static str, String)>;

/// A problem with one item of a batch (`index` from 0), naming the column key.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ItemError {
    pub index: Option<u64>,
    pub column: Option<String>,
    pub value: Option<Quoted>,
    pub message: Msg,
    /// The item is outside the caller's scope.
    pub forbidden: bool,
}

/// Records a batch of items of one kind: the same validation, natural-key upserts and
/// all-or-nothing transaction as a file import. Errors name the item's index and column.
pub async fn import_records(
    db: &DatabaseConnection,
    caller: &Caller,
    kind: ImportKind,
    records: Vec<Record>,
    ctx: &Context,
) -> Result<ImportReport> {
    if records.is_empty() {
        return Err(Error::Invalid {
            field: "items".into(),
            message: "the list is empty: send at least one item".into(),
        });
    }
    let columns = kind.columns();
    let header: Vec<String> = columns.iter().map(|c| c.key.to_owned()).collect();
    let mut rows = Vec::with_capacity(records.len());
    for (index, record) in records.into_iter().enumerate() {
        let mut cells = vec![None; columns.len()];
        for (key, value) in record {
            let ci = columns
                .iter()
                .position(|c| c.key == key)
                .unwrap_or_else(|| panic!("{} has no column {key}", kind.name()));
            cells[ci] = Some(value);
        }
        // Row numbers as a file would have them (the header is row 1).
        rows.push(Ok(read::RawRow {
            line: index as u64 + 2,
            cells,
        }));
    }
    let table = read::Table {
        header,
        rows: read::Rows::held(rows.into_iter()),
    };
    let mode = Mode { items: true };
    run(db, caller, kind, table, ctx, &|_| {}, mode)
        .await
        .map_err(|e| match e {
            Error::Rejected { errors, total } => Error::RejectedItems {
                errors: errors
                    .into_iter()
                    .map(|e| ItemError {
                        index: e.row.checked_sub(2),
                        column: e.column,
                        value: e.value,
                        message: e.message,
                        forbidden: e.forbidden,
                    })
                    .collect(),
                total,
            },
            other => other,
        })
}

/// What differs between a file and a batch sent through the API.
struct Mode {
    /// A batch: messages name an earlier "item 5" (a file: "row 7"), and each item is logged
    /// with its row before and after (a file: the import as one entry).
    items: bool,
}

async fn run(
    db: &DatabaseConnection,
    caller: &Caller,
    kind: ImportKind,
    table: read::Table,
    ctx: &Context,
    progress: &(dyn Fn(u64) + Sync),
    mode: Mode,
) -> Result<ImportReport> {
    caller.require_writer()?;
    // National reference data (ORT thresholds) is the ministry's: refused whole, before
    // anything is read, for every token below an admin.
    if kind.def().scope == RowScope::National {
        caller.require_admin(crate::access::AdminOnly::NationalData(kind.name()))?;
    }
    let columns = kind.columns();
    let mapping =
        map_header(&table.header, &columns).map_err(|(errs, total)| rejected(errs, total))?;
    // Errors name a column as the file named it (its ky, ru or en header, or the key a batch
    // item used), not by the template's key.
    let mut header_of: Vec<String> = columns.iter().map(|c| c.key.to_owned()).collect();
    for (pos, ci) in mapping.iter().enumerate() {
        if let Some(ci) = ci {
            header_of[*ci] = table.header[pos]
                .trim()
                .trim_end_matches('*')
                .trim()
                .to_owned();
        }
    }

    // The natural key as the file names its columns (the school by its code column).
    let key_names = kind
        .key_columns()
        .iter()
        .map(|k| {
            let k = if *k == "school" { "school_code" } else { k };
            columns
                .iter()
                .position(|c| c.key == k)
                .map_or_else(|| k.to_owned(), |ci| header_of[ci].clone())
        })
        .collect::<Vec<_>>()
        .join(", ");
    let target = kind.target();
    let keep = kind.def().keep();
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
    // Shared with the writer task: while one batch is being written, the next is parsed.
    let txn = std::sync::Arc::new(db.begin().await?);
    let mut resolver = resolve::Resolver::load(&*txn).await?;
    let places = if caller.is_admin() {
        None
    } else {
        Some(Places::load(&*txn).await?)
    };
    let mut audited: Vec<Audited> = Vec::new();
    let mut writing: Option<tokio::task::JoinHandle<Result<Counts>>> = None;
    let mut errors: Vec<RowError> = Vec::new();
    let mut error_count = 0usize;
    let mut seen = SeenKeys::default();
    let batch_rows = target.batch_rows(db.get_database_backend());
    let mut buffer: Vec<Row> = Vec::new();
    let mut counts = Counts::default();
    let mut years = BTreeSet::new();
    let mut rows = 0u64;
    let mut push_error = |errors: &mut Vec<RowError>, mut e: RowError| {
        if let Some(ci) = e
            .column
            .as_deref()
            .and_then(|k| columns.iter().position(|c| c.key == k))
        {
            e.column = Some(header_of[ci].clone());
        }
        error_count += 1;
        if errors.len() < MAX_LISTED_ERRORS {
            errors.push(e);
        }
    };

    let mut table_rows = table.rows;
    while let Some(raw) = table_rows.next().await {
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
                            forbidden: false,
                            row: raw.line,
                            column: Some(header_of[ci].clone()),
                            value: Some(Quoted::of(&text)),
                            message,
                        }),
                    }
                    raws[ci] = Some(text);
                }
                None => row_errors.push(RowError {
                    forbidden: false,
                    row: raw.line,
                    column: None,
                    value: Some(Quoted::of(&text)),
                    message: Msg::NoHeader(pos + 1),
                }),
            }
        }
        for (ci, c) in columns.iter().enumerate() {
            if c.required && values[ci] == V::Null && raws[ci].is_none() {
                row_errors.push(RowError {
                    forbidden: false,
                    row: raw.line,
                    column: Some(header_of[ci].clone()),
                    value: None,
                    message: Msg::Required,
                });
            }
        }
        if !row_errors.is_empty() {
            row_errors
                .into_iter()
                .for_each(|e| push_error(&mut errors, e));
            continue;
        }
        let fields = crate::facts::Fields::new(raw.line, &columns, values, raws);
        // Said before the kind's own checks, which would tell a caller about another
        // school's rows (whether a teacher reference exists there, say).
        if let Some(places) = &places
            && let Some(message) = school_out_of_scope(caller, places, kind, &fields, &resolver)
        {
            let mut e = fields.error("school_code", message);
            e.forbidden = true;
            push_error(&mut errors, e);
            continue;
        }
        let row = match crate::facts::build(kind, &fields, &mut resolver, &txn, ctx).await? {
            Ok(row) => row,
            Err(errs) => {
                errs.into_iter().for_each(|e| push_error(&mut errors, e));
                continue;
            }
        };
        if let Some(places) = &places
            && let Some(message) = out_of_scope(caller, places, kind, &row)
        {
            let mut e = fields.error("school_code", message);
            e.forbidden = true;
            push_error(&mut errors, e);
            continue;
        }
        // Two rows of one file with the same natural key: the second would silently win.
        if let Some(first) = seen.insert(key_idx.iter().map(|i| &row.values[*i]), raw.line) {
            push_error(
                &mut errors,
                RowError {
                    forbidden: false,
                    row: raw.line,
                    column: None,
                    value: None,
                    message: Msg::Repeats {
                        earlier: if mode.items { first - 2 } else { first },
                        item: mode.items,
                        keys: key_names.clone(),
                    },
                },
            );
            continue;
        }
        if let Some(y) = row.year {
            years.insert(y);
        }
        if mode.items && errors.is_empty() {
            let key: Vec<Value> = key_idx.iter().map(|i| row.values[*i].clone()).collect();
            let before = stored(&*txn, target, &key).await?;
            audited.push(Audited {
                key,
                school_id: row.school_id,
                before,
            });
        }
        buffer.push(row);
        // Keep writing while the file is clean, so memory stays bounded; once an error is
        // found nothing more is written and the transaction is rolled back at the end.
        if errors.is_empty() && buffer.len() >= batch_rows {
            // At most one batch in flight, so memory stays at two batches.
            if let Some(previous) = writing.take() {
                counts.add(joined(previous).await?);
            }
            resolver.create_classes(&*txn).await?;
            for row in &mut buffer {
                stored_classes(&resolver, target.columns, &mut row.values)?;
            }
            let (txn, batch) = (txn.clone(), std::mem::take(&mut buffer));
            writing = Some(tokio::spawn(async move {
                flush(&*txn, target, keep, batch).await
            }));
        } else if !errors.is_empty() {
            buffer.clear();
        }
    }
    if rows == 0 && errors.is_empty() {
        errors.push(RowError {
            forbidden: false,
            row: 0,
            column: None,
            value: None,
            message: Msg::NoDataRows,
        });
        error_count = 1;
    }
    let written = match writing.take() {
        Some(previous) => joined(previous).await,
        None => Ok(Counts::default()),
    };
    let txn = std::sync::Arc::into_inner(txn).expect("the writer task has ended");
    if !errors.is_empty() {
        txn.rollback().await?;
        return Err(rejected(errors, error_count));
    }
    counts.add(written?);
    resolver.create_classes(&txn).await?;
    for row in &mut buffer {
        stored_classes(&resolver, target.columns, &mut row.values)?;
    }
    for a in &mut audited {
        stored_classes(&resolver, target.key, &mut a.key)?;
    }
    counts.add(flush(&txn, target, keep, std::mem::take(&mut buffer)).await?);
    let entries = if mode.items {
        item_entries(&txn, kind, audited).await?
    } else {
        vec![audit::Entry {
            operation: "import",
            entity: target.table.to_owned(),
            natural_key: "*".into(),
            school_id: None,
            before: None,
            after: Some(serde_json::json!({
                "kind": kind.name(), "rows": rows, "inserted": counts.inserted,
                "updated": counts.updated, "unchanged": counts.unchanged,
                "years": years.iter().collect::<Vec<_>>(),
            })),
        }]
    };
    audit::record(&txn, caller, entries).await?;
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

/// Puts the stored id of each class this import created in place of its stand-in
/// (`Resolver::class`) in `values`, named by `columns`.
fn stored_classes(
    resolver: &resolve::Resolver,
    columns: &[&str],
    values: &mut [Value],
) -> Result<()> {
    if let Some(i) = columns.iter().position(|c| *c == "class_group_id")
        && let Some(Value::Int(Some(id))) = values.get_mut(i)
    {
        *id = resolver.stored_class(*id)?;
    }
    Ok(())
}

/// A header or a value as a message quotes it ([`Quoted`]).
pub(crate) fn shown(text: &str) -> String {
    Quoted::of(text).into_string()
}

fn rejected(errors: Vec<RowError>, total: usize) -> Error {
    Error::Rejected { errors, total }
}

async fn joined(task: tokio::task::JoinHandle<Result<Counts>>) -> Result<Counts> {
    match task.await {
        Ok(result) => result,
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(e) => Err(sea_orm::DbErr::Custom(format!("import writer: {e}")).into()),
    }
}

async fn flush(
    db: &impl sea_orm::ConnectionTrait,
    target: &bulk::Target,
    keep: bulk::Keep,
    rows: Vec<Row>,
) -> Result<Counts> {
    if rows.is_empty() {
        return Ok(Counts::default());
    }
    let languages: Vec<(Value, Vec<String>)> = rows
        .iter()
        .filter_map(|r| r.languages.clone().map(|l| (r.values[0].clone(), l)))
        .collect();
    // A user's write takes the schools it touches away from the demo (the rows of a fact know
    // their school; a schools file names them by code, new ones included).
    let codes = if target.table == "school" {
        let at = target.index_of("code");
        rows.iter()
            .filter_map(|r| match &r.values[at] {
                Value::String(Some(code)) => Some(code.clone()),
                _ => None,
            })
            .collect()
    } else {
        Vec::new()
    };
    crate::demo_ownership::disown(db, rows.iter().filter_map(|r| r.school_id), codes).await?;
    let mut counts = Counts::default();
    let mut by_year: std::collections::BTreeMap<Option<i32>, Vec<Vec<Value>>> = Default::default();
    for row in rows {
        by_year.entry(row.year).or_default().push(row.values);
    }
    for (year, values) in by_year {
        counts.add(bulk::upsert_keeping(db, target, keep, year, values).await?);
    }
    if !languages.is_empty() {
        crate::school::replace_languages(db, &languages).await?;
    }
    Ok(counts)
}

/// Why the caller may not write a school's facts: outside its token's scope, or no token.
pub(crate) fn refusal(caller: &Caller) -> Msg {
    match &caller.0 {
        Some(p) => Msg::OutOfScope(p.role.code().to_owned()),
        None => Msg::NeedsToken,
    }
}

/// Why a school's row is outside the caller's scope, judged by the school it names alone
/// (`None`: inside, or the school is not found, which the row's checks report).
fn school_out_of_scope(
    caller: &Caller,
    places: &Places,
    kind: ImportKind,
    f: &crate::facts::Fields<'_>,
    r: &resolve::Resolver,
) -> Option<Msg> {
    if kind.def().scope != RowScope::School {
        return None;
    }
    let school = f.text("school_code");
    let id = r
        .school(
            school,
            f.text("district"),
            f.int("school_number"),
            f.text("school_name"),
        )
        .ok()?;
    let inside = places.school(id).is_some_and(|place| caller.covers(place));
    if inside { None } else { Some(refusal(caller)) }
}

/// Why a row is outside the caller's scope (`None`: it is inside).
fn out_of_scope(caller: &Caller, places: &Places, kind: ImportKind, row: &Row) -> Option<Msg> {
    let refuse = || Some(refusal(caller));
    let existing = row.school_id.and_then(|id| places.school(id));
    let inside = match kind.def().scope {
        RowScope::School => existing.is_some_and(|place| caller.covers(place)),
        // `run` lets only admins, whose rows are not checked here, write these.
        RowScope::National => false,
        // A school's row names its district: a new school, or a move, must land in scope.
        RowScope::Directory => {
            let district_id = match row.values.get(kind.target().index_of("district_id")) {
                Some(Value::Int(Some(d))) => *d,
                _ => return refuse(),
            };
            let region_id = places.region_of_district(district_id).unwrap_or_default();
            match existing {
                Some(place) => {
                    caller.covers(place)
                        && (place.district_id == district_id
                            || caller.covers_district(district_id, region_id))
                }
                None => caller.covers_district(district_id, region_id),
            }
        }
    };
    if inside { None } else { refuse() }
}

/// A batch item's natural key and its stored row before the write.
struct Audited {
    key: Vec<Value>,
    school_id: Option<i32>,
    before: Option<serde_json::Value>,
}

/// The stored row with this natural key, as JSON (a NULL key part matches NULL).
async fn stored(
    db: &impl sea_orm::ConnectionTrait,
    target: &bulk::Target,
    key: &[Value],
) -> Result<Option<serde_json::Value>> {
    use sea_orm::FromQueryResult;
    let same = match db.get_database_backend() {
        sea_orm::DatabaseBackend::Postgres => "IS NOT DISTINCT FROM",
        _ => "IS",
    };
    let conds: Vec<String> = target.key.iter().map(|k| format!("{k} {same} ?")).collect();
    let sql = format!(
        "SELECT * FROM {} WHERE {}",
        target.table,
        conds.join(" AND ")
    );
    Ok(
        serde_json::Value::find_by_statement(crate::db::stmt(db, &sql, key.to_vec()))
            .one(db)
            .await?,
    )
}

/// One audit entry per item that changed something, with its row before and after.
async fn item_entries(
    db: &impl sea_orm::ConnectionTrait,
    kind: ImportKind,
    audited: Vec<Audited>,
) -> Result<Vec<audit::Entry>> {
    let target = kind.target();
    let hide = |row: Option<serde_json::Value>| {
        row.map(|mut row| {
            for column in kind.def().names_of_people {
                if let Some(v) = row.get_mut(*column).filter(|v| !v.is_null()) {
                    *v = serde_json::Value::from("(a name: not logged)");
                }
            }
            row
        })
    };
    let mut entries = Vec::new();
    for a in audited {
        let after = stored(db, target, &a.key).await?;
        if after == a.before {
            continue;
        }
        let (before, after) = (hide(a.before), hide(after));
        let natural_key: serde_json::Map<String, serde_json::Value> = target
            .key
            .iter()
            .zip(&a.key)
            .map(|(k, v)| ((*k).to_owned(), json_of(v)))
            .collect();
        entries.push(audit::Entry {
            operation: "record",
            entity: target.table.to_owned(),
            natural_key: serde_json::Value::Object(natural_key).to_string(),
            school_id: a.school_id.or_else(|| {
                after
                    .as_ref()
                    .and_then(|r| r.get("id"))
                    .and_then(serde_json::Value::as_i64)
                    .and_then(|id| i32::try_from(id).ok())
                    .filter(|_| target.table == "school")
            }),
            before,
            after,
        });
    }
    Ok(entries)
}

fn json_of(v: &Value) -> serde_json::Value {
    sea_orm::sea_query::value::sea_value_to_json_value(v)
}
