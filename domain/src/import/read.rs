//! Reading a table from CSV (streamed: bounded memory however large the file) or from a
//! spreadsheet (XLSX/XLS/ODS through calamine). Rows come out as optional strings with the
//! row number a spreadsheet would show (the header is row 1).

use super::RowError;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// File formats an import accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Spreadsheet,
}

impl Format {
    /// By file extension: .csv/.txt → CSV; .xlsx/.xlsm/.xls/.ods → spreadsheet.
    pub fn from_path(path: &Path) -> Result<Format, String> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default()
            .to_ascii_lowercase();
        match ext.as_str() {
            "csv" | "txt" => Ok(Format::Csv),
            "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => Ok(Format::Spreadsheet),
            _ => Err(format!("`{}`: use a .csv or .xlsx file", path.display())),
        }
    }
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
    pub rows: Box<dyn Iterator<Item = Result<RawRow, RowError>> + Send>,
}

fn file_error(message: String) -> RowError {
    RowError {
        forbidden: false,
        row: 0,
        column: None,
        value: None,
        message,
    }
}

/// Opens a table from bytes (an upload) or a reader.
pub fn open(reader: impl Read + Send + 'static, format: Format) -> Result<Table, RowError> {
    match format {
        Format::Csv => csv_table(reader),
        Format::Spreadsheet => {
            let mut bytes = Vec::new();
            let mut reader = reader;
            reader
                .read_to_end(&mut bytes)
                .map_err(|e| file_error(format!("cannot read the file: {e}")))?;
            spreadsheet_table(bytes)
        }
    }
}

fn csv_table(reader: impl Read + Send + 'static) -> Result<Table, RowError> {
    let mut reader = BufReader::with_capacity(1 << 16, reader);
    let head = reader
        .fill_buf()
        .map_err(|e| file_error(format!("cannot read the file: {e}")))?;
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return Err(file_error(
            "the file is UTF-16; save it as \"CSV UTF-8\" (Excel: Save As → CSV UTF-8)".into(),
        ));
    }
    let bom = if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        3
    } else {
        0
    };
    let delimiter = detect_delimiter(&head[bom..]);
    reader.consume(bom);
    let csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(reader);
    let mut records = csv.into_byte_records();
    let header = match records.next() {
        None => return Err(file_error("the file is empty: it has no header row".into())),
        Some(rec) => {
            let rec = rec.map_err(|e| file_error(format!("row 1: {e}")))?;
            decode(&rec, 1)?
                .into_iter()
                .map(|c| c.unwrap_or_default())
                .collect()
        }
    };
    let rows = records.enumerate().map(|(i, rec)| {
        let line = i as u64 + 2;
        let rec = rec.map_err(|e| RowError {
            forbidden: false,
            row: line,
            column: None,
            value: None,
            message: e.to_string(),
        })?;
        Ok(RawRow {
            line,
            cells: decode(&rec, line)?,
        })
    });
    Ok(Table {
        header,
        rows: Box::new(rows),
    })
}

/// `;` when the header has more semicolons than commas (Excel in ky/ru locales writes `;`).
fn detect_delimiter(head: &[u8]) -> u8 {
    let line = head.split(|b| *b == b'\n').next().unwrap_or_default();
    let (mut semi, mut comma, mut quoted) = (0, 0, false);
    for b in line {
        match b {
            b'"' => quoted = !quoted,
            b';' if !quoted => semi += 1,
            b',' if !quoted => comma += 1,
            _ => {}
        }
    }
    if semi > comma { b';' } else { b',' }
}

fn decode(rec: &csv::ByteRecord, line: u64) -> Result<Vec<Option<String>>, RowError> {
    rec.iter()
        .map(|field| {
            let text = std::str::from_utf8(field).map_err(|_| RowError {
                forbidden: false,
                row: line,
                column: None,
                value: None,
                message: "the file is not UTF-8 (it may be Windows-1251); save it as \"CSV UTF-8\""
                    .into(),
            })?;
            let text = text.trim();
            Ok((!text.is_empty()).then(|| text.to_owned()))
        })
        .collect()
}

fn spreadsheet_table(bytes: Vec<u8>) -> Result<Table, RowError> {
    use calamine::{Data, Reader, open_workbook_auto_from_rs};
    let mut workbook = open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).map_err(|e| {
        file_error(format!(
            "the file is not a readable spreadsheet (.xlsx): {e}"
        ))
    })?;
    let sheet = workbook
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| file_error("the workbook has no sheets".into()))?;
    let range = workbook
        .worksheet_range(&sheet)
        .map_err(|e| file_error(format!("sheet `{sheet}` cannot be read: {e}")))?;
    // The range may start below row 1 or right of column A when leading cells are empty.
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let lead = first_col as usize;
    let mut rows = range.rows().enumerate().map(move |(i, cells)| {
        let line = u64::from(first_row) + i as u64 + 1;
        let mut out = vec![None; lead];
        for cell in cells {
            out.push(match cell {
                Data::Empty => None,
                Data::String(s) => Some(s.trim().to_owned()).filter(|s| !s.is_empty()),
                Data::Int(i) => Some(i.to_string()),
                Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => {
                    Some((*f as i64).to_string())
                }
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
                        message: format!(
                            "a cell holds a spreadsheet error ({e:?}); fix the formula"
                        ),
                    });
                }
            });
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
            return Err(file_error(
                "the sheet is empty: it has no header row".into(),
            ));
        }
    };
    let rows: Vec<_> = rows.collect();
    Ok(Table {
        header,
        rows: Box::new(rows.into_iter()),
    })
}
