//! Reading a table from CSV (streamed: bounded memory however large the file) or from a
//! spreadsheet (XLSX/XLS/ODS through calamine). Rows come out as optional strings with the
//! row number a spreadsheet would show (the header is row 1).
//!
//! Both are parsed off the async threads (`csv`, `gate`), and both stop when the import that
//! asked for them is dropped (its request cancelled or timed out): a CSV when its rows are no
//! longer received, a workbook at its next look at its [`gate::Cancel`] flag.

mod csv;
mod gate;
mod xlsx;

use super::RowError;
use crate::auth::Caller;
use crate::messages::Msg;
use std::io::Read;
use std::path::Path;

/// File formats an import accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    /// .xlsx/.xlsm: read cell by cell within the limits below.
    Spreadsheet,
    /// .xls/.xlsb/.ods: calamine builds the whole sheet as one dense range sized by the file's
    /// own dimensions, which a small hostile file can make huge; only the console takes them.
    LegacySpreadsheet,
}

impl Format {
    /// By file extension: .csv/.txt → CSV; .xlsx/.xlsm → XLSX; .xls/.xlsb/.ods → other.
    pub fn from_path(path: &Path) -> Result<Format, String> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default()
            .to_ascii_lowercase();
        match ext.as_str() {
            "csv" | "txt" => Ok(Format::Csv),
            "xlsx" | "xlsm" => Ok(Format::Spreadsheet),
            "xls" | "xlsb" | "ods" => Ok(Format::LegacySpreadsheet),
            _ => Err(format!("`{}`: use a .csv or .xlsx file", path.display())),
        }
    }

    /// The formats an upload may have: CSV and XLSX, whose readers are bounded.
    pub fn from_upload(name: &str) -> Result<Format, String> {
        match Format::from_path(Path::new(name))? {
            Format::LegacySpreadsheet => Err(format!(
                "`{name}`: uploads take .csv or .xlsx; save the file as .xlsx (or import it with `sapat import` on the server)"
            )),
            f => Ok(f),
        }
    }
}

/// Limits that keep a small hostile workbook (a zip bomb, a sheet whose dimension claims
/// 17 billion cells, a shared-string table claiming 10 billion entries) from exhausting memory:
/// every part of the zip is decompressed once with a budget before calamine sees it, and cells
/// are collected sparsely.
pub mod limits {
    /// Decompressed bytes of all parts of one workbook: 16 times the default upload limit,
    /// more than any real workbook of that size unpacks to (a 1 GiB budget let one request
    /// hold the one-at-a-time workbook parser for 30 s).
    pub const XLSX_UNPACKED_BYTES: u64 = 256 << 20;
    /// How deep XML elements may nest in any part (Excel writes fewer than 20 levels); deeper
    /// nesting took calamine about a second per 100,000 levels.
    pub const XLSX_DEPTH: u32 = 128;
    /// Bytes one shared string may take with its markup: Excel's longest cell text (32,767
    /// characters) in UTF-8, with room for formatting runs.
    pub const XLSX_SHARED_STRING_BYTES: u64 = 256 << 10;
    /// Non-empty cells of the first sheet read by the console (`sapat import`; an XLSX sheet
    /// holds at most 1,048,576 rows).
    pub const XLSX_CELLS: usize = 16 << 20;
    /// Non-empty cells of an uploaded workbook's first sheet (`importFile`), and entries of
    /// its shared-string table. A district's year of mark summaries (about 130,000 rows of 13
    /// columns) is 1.7 million; the cells are held until the import ends, at about 60 bytes
    /// each (measured), so one upload stays near 150 MB. 10 million cells (a 626 KB file)
    /// took the server to 1.6 GB.
    pub const UPLOAD_XLSX_CELLS: usize = 2_000_000;
    /// The right-most column read (XLSX allows 16,384); templates have fewer than 30.
    pub const XLSX_COLUMNS: u32 = 256;
    /// Columns of a CSV row (the header's included): as many as an XLSX sheet's [`XLSX_COLUMNS`].
    pub const CSV_COLUMNS: usize = XLSX_COLUMNS as usize;
    /// How long an upload waits for the workbook reader (one workbook at a time) before it is
    /// refused in words rather than by the request's timeout.
    pub const WORKBOOK_WAIT: std::time::Duration = std::time::Duration::from_secs(20);
}

/// What one file may make the reader hold: the console's files are its operator's, an
/// upload's comes from any writer's token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// Filled cells of an XLSX sheet (and entries of its shared-string table).
    pub cells: usize,
}

impl Budget {
    /// `sapat import`.
    pub const CONSOLE: Budget = Budget {
        cells: limits::XLSX_CELLS,
    };
    /// `importFile`.
    pub const UPLOAD: Budget = Budget {
        cells: limits::UPLOAD_XLSX_CELLS,
    };
}

/// One data row.
#[derive(Debug, Clone)]
pub struct RawRow {
    pub line: u64,
    pub cells: Vec<Option<String>>,
}

/// A table: its header and a stream of rows.
pub struct Table {
    pub header: Vec<String>,
    pub rows: Rows,
}

type RowResult = Result<RawRow, RowError>;

/// A table's rows: held (a workbook, a batch of items), or arriving from a CSV being read on
/// a blocking thread, a batch at a time.
pub struct Rows {
    held: Box<dyn Iterator<Item = RowResult> + Send>,
    streamed: Option<tokio::sync::mpsc::Receiver<Vec<RowResult>>>,
}

impl Rows {
    pub fn held(rows: impl Iterator<Item = RowResult> + Send + 'static) -> Rows {
        Rows {
            held: Box::new(rows),
            streamed: None,
        }
    }

    fn streamed(rx: tokio::sync::mpsc::Receiver<Vec<RowResult>>) -> Rows {
        Rows {
            held: Box::new(std::iter::empty()),
            streamed: Some(rx),
        }
    }

    /// The next row; waiting for a streamed one yields to the runtime.
    pub async fn next(&mut self) -> Option<RowResult> {
        loop {
            if let Some(row) = self.held.next() {
                return Some(row);
            }
            let batch = self.streamed.as_mut()?.recv().await?;
            self.held = Box::new(batch.into_iter());
        }
    }
}

fn file_error(message: Msg) -> RowError {
    RowError {
        forbidden: false,
        row: 0,
        column: None,
        value: None,
        message,
    }
}

/// Opens a table from a reader (an upload's file, or the console's) off the async threads:
/// a CSV streamed, a workbook through the one-at-a-time [`gate`] within `budget`.
pub async fn open(
    reader: impl Read + Send + 'static,
    format: Format,
    budget: Budget,
    caller: &Caller,
) -> Result<Table, RowError> {
    match format {
        Format::Csv => csv::open(reader).await,
        Format::Spreadsheet | Format::LegacySpreadsheet => {
            gate::workbook(caller, move |cancel| {
                let mut bytes = Vec::new();
                let mut reader = reader;
                reader
                    .read_to_end(&mut bytes)
                    .map_err(|e| file_error(Msg::CannotRead(e.to_string())))?;
                if format == Format::Spreadsheet {
                    xlsx::table(bytes, budget, cancel)
                } else {
                    spreadsheet_table(bytes)
                }
            })
            .await
        }
    }
}

fn spreadsheet_table(bytes: Vec<u8>) -> Result<Table, RowError> {
    use calamine::{Reader, open_workbook_auto_from_rs};
    let mut workbook =
        open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).map_err(|e| not_a_workbook(&e))?;
    let sheet = first_sheet(&workbook.sheet_names())?;
    let range = workbook.worksheet_range(&sheet).map_err(|e| {
        file_error(Msg::SheetUnreadable {
            sheet: sheet.clone(),
            detail: e.to_string(),
        })
    })?;
    // The range may start below row 1 or right of column A when leading cells are empty.
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let lead = first_col as usize;
    let mut rows = range.rows().enumerate().map(move |(i, cells)| {
        let line = u64::from(first_row) + i as u64 + 1;
        let mut out = vec![None; lead];
        for cell in cells {
            out.push(cell_text(cell, line)?);
        }
        Ok(RawRow { line, cells: out })
    });
    let header = match rows.next() {
        Some(Ok(row)) => row
            .cells
            .into_iter()
            .map(|c| c.unwrap_or_default())
            .collect(),
        Some(Err(e)) => return Err(e),
        None => {
            return Err(file_error(Msg::NoHeaderRow { sheet: true }));
        }
    };
    let rows: Vec<_> = rows.collect();
    Ok(Table {
        header,
        rows: Rows::held(rows.into_iter()),
    })
}

fn first_sheet(names: &[String]) -> Result<String, RowError> {
    names
        .first()
        .cloned()
        .ok_or_else(|| file_error(Msg::NoSheets))
}

/// A workbook the reader gave up on (it panicked on malformed content).
pub(crate) fn malformed() -> RowError {
    not_a_workbook(&"malformed content")
}

fn not_a_workbook(e: &dyn std::fmt::Display) -> RowError {
    file_error(Msg::NotSpreadsheet(e.to_string()))
}

/// A cell as the import engine sees it: trimmed text, or None when empty.
fn cell_text(cell: &calamine::Data, line: u64) -> Result<Option<String>, RowError> {
    use calamine::Data;
    Ok(match cell {
        Data::Empty => None,
        Data::String(s) => Some(s.trim().to_owned()).filter(|s| !s.is_empty()),
        Data::Int(i) => Some(i.to_string()),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => Some((*f as i64).to_string()),
        Data::Float(f) => Some(f.to_string()),
        Data::Bool(b) => Some(if *b { "yes" } else { "no" }.to_owned()),
        Data::DateTime(dt) => dt
            .as_datetime()
            .map(|d| d.date().format("%Y-%m-%d").to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Some(s.clone()),
        Data::Error(e) => {
            return Err(RowError {
                forbidden: false,
                row: line,
                column: None,
                value: None,
                message: Msg::SpreadsheetError(e.to_string()),
            });
        }
    })
}

/// A spreadsheet column's letters (0 → A, 26 → AA).
fn column_name(mut col: u32) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}
