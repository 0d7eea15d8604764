//! Reading a table from CSV (streamed: bounded memory however large the file) or from a
//! spreadsheet (XLSX/XLS/ODS through calamine). Rows come out as optional strings with the
//! row number a spreadsheet would show (the header is row 1).

use super::RowError;
use crate::messages::Msg;
use std::io::{BufRead, BufReader, Read};
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
    /// Non-empty cells of the first sheet (an XLSX sheet holds at most 1,048,576 rows).
    pub const XLSX_CELLS: usize = 16 << 20;
    /// The right-most column read (XLSX allows 16,384); templates have fewer than 30.
    pub const XLSX_COLUMNS: u32 = 256;
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

fn file_error(message: Msg) -> RowError {
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
        Format::Spreadsheet | Format::LegacySpreadsheet => {
            let mut bytes = Vec::new();
            let mut reader = reader;
            reader
                .read_to_end(&mut bytes)
                .map_err(|e| file_error(Msg::CannotRead(e.to_string())))?;
            if format == Format::Spreadsheet {
                xlsx_table(bytes)
            } else {
                spreadsheet_table(bytes)
            }
        }
    }
}

fn csv_table(reader: impl Read + Send + 'static) -> Result<Table, RowError> {
    let mut reader = BufReader::with_capacity(1 << 16, reader);
    let head = reader
        .fill_buf()
        .map_err(|e| file_error(Msg::CannotRead(e.to_string())))?;
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return Err(file_error(Msg::Utf16));
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
        None => return Err(file_error(Msg::NoHeaderRow { sheet: false })),
        Some(rec) => {
            let rec = rec.map_err(|e| RowError {
                row: 1,
                ..file_error(Msg::BrokenCsv(e.to_string()))
            })?;
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
            message: Msg::BrokenCsv(e.to_string()),
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
                message: crate::messages::Msg::NotUtf8,
            })?;
            // An exported cell's formula guard (`'=…`) comes off: the value is what was stored.
            let text = crate::text::csv_unguard(text.trim());
            Ok((!text.is_empty()).then(|| text.to_owned()))
        })
        .collect()
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
        rows: Box::new(rows.into_iter()),
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

/// Checks every part of an XLSX package against the decompression budget, and the
/// shared-string table's declared count against its real size (calamine reserves that count
/// up front).
fn check_xlsx_package(bytes: &[u8]) -> Result<(), RowError> {
    let mut zip =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| not_a_workbook(&e))?;
    let mut budget = limits::XLSX_UNPACKED_BYTES;
    let mut buf = vec![0u8; 1 << 16];
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).map_err(|e| not_a_workbook(&e))?;
        let shared = part
            .name()
            .map_err(|e| not_a_workbook(&e))?
            .to_ascii_lowercase()
            .ends_with("sharedstrings.xml");
        let mut head = Vec::new();
        let mut size = 0u64;
        // `<si` openings, counted across reads (the last bytes of a read carried over).
        let mut entries = 0u64;
        let mut depth = Depth::default();
        let mut carry = [0u8; 2];
        loop {
            let n = part.read(&mut buf).map_err(|e| not_a_workbook(&e))?;
            if n == 0 {
                break;
            }
            depth.feed(&buf[..n])?;
            if shared {
                let joined: Vec<u8> = carry.iter().chain(&buf[..n]).copied().collect();
                entries += joined.windows(3).filter(|w| w == b"<si").count() as u64;
                carry.copy_from_slice(&joined[joined.len() - 2..]);
            }
            size += n as u64;
            if size > budget {
                return Err(file_error(Msg::WorkbookTooBig(
                    limits::XLSX_UNPACKED_BYTES >> 20,
                )));
            }
            if shared && head.len() < 4096 {
                head.extend_from_slice(&buf[..n.min(4096 - head.len())]);
            }
            // Checked as the part unpacks, so one huge string is refused after 256 KiB.
            if shared && size > (entries + 1).saturating_mul(limits::XLSX_SHARED_STRING_BYTES) {
                return Err(file_error(Msg::SharedStringTooLong));
            }
        }
        budget -= size;
        if shared
            && let Some(count) = xml_attr_number(&head, b"uniqueCount=")
            // Each entry takes at least `<si></si>`.
            && count > size / 9 + 1
        {
            return Err(file_error(Msg::SharedStringsLie(count)));
        }
    }
    Ok(())
}

/// How deep the elements of an XML part nest, read byte by byte across reads: `<name` opens,
/// `</` and `/>` close; `<?` and `<!` neither. Comments and CDATA are not parsed (Excel
/// writes neither), so their `<` can only overstate the depth.
#[derive(Default)]
struct Depth {
    depth: u32,
    after_lt: bool,
    in_open_tag: bool,
    prev: u8,
}

impl Depth {
    fn feed(&mut self, bytes: &[u8]) -> Result<(), RowError> {
        for &b in bytes {
            if self.after_lt {
                self.after_lt = false;
                match b {
                    b'/' => self.depth = self.depth.saturating_sub(1),
                    b'?' | b'!' => {}
                    _ => {
                        self.depth += 1;
                        self.in_open_tag = true;
                        if self.depth > limits::XLSX_DEPTH {
                            return Err(file_error(Msg::NestedTooDeep(limits::XLSX_DEPTH)));
                        }
                    }
                }
            } else if b == b'<' {
                self.after_lt = true;
                self.in_open_tag = false;
            } else if b == b'>' {
                if self.in_open_tag && self.prev == b'/' {
                    self.depth = self.depth.saturating_sub(1);
                }
                self.in_open_tag = false;
            }
            self.prev = b;
        }
        Ok(())
    }
}

/// The number in `name="123"` within `xml`.
fn xml_attr_number(xml: &[u8], name: &[u8]) -> Option<u64> {
    let at = xml.windows(name.len()).position(|w| w == name)? + name.len();
    let rest = xml.get(at + 1..)?;
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    std::str::from_utf8(&rest[..digits])
        .ok()?
        .parse()
        .ok()
        .or(Some(u64::MAX))
}

/// The first sheet of an XLSX workbook, read cell by cell: memory follows the cells present,
/// not the dimension the file declares.
fn xlsx_table(bytes: Vec<u8>) -> Result<Table, RowError> {
    use calamine::{Reader, Xlsx};
    check_xlsx_package(&bytes)?;
    let mut workbook: Xlsx<_> =
        Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| not_a_workbook(&e))?;
    let sheet = first_sheet(&workbook.sheet_names())?;
    let unreadable = |e: &dyn std::fmt::Display| {
        file_error(Msg::SheetUnreadable {
            sheet: sheet.clone(),
            detail: e.to_string(),
        })
    };
    let mut reader = workbook
        .worksheet_cells_reader(&sheet)
        .map_err(|e| unreadable(&e))?;
    // Cells by row; a sheet's cells come in row order, but nothing relies on it.
    let mut by_row: std::collections::BTreeMap<u32, Vec<(u32, Option<String>)>> =
        std::collections::BTreeMap::new();
    let mut count = 0usize;
    while let Some(cell) = reader.next_cell().map_err(|e| unreadable(&e))? {
        let (row, col) = cell.get_position();
        let line = u64::from(row) + 1;
        let value = cell_text(&calamine::Data::from(cell.get_value().clone()), line)?;
        let Some(value) = value else { continue };
        if col >= limits::XLSX_COLUMNS {
            return Err(RowError {
                forbidden: false,
                row: line,
                column: Some(column_name(col)),
                value: Some(super::shown(&value)),
                message: Msg::RightOfColumn(column_name(limits::XLSX_COLUMNS - 1)),
            });
        }
        count += 1;
        if count > limits::XLSX_CELLS {
            return Err(file_error(Msg::TooManyCells(limits::XLSX_CELLS)));
        }
        by_row.entry(row).or_default().push((col, Some(value)));
    }
    drop(reader);
    // Cells keep their absolute column (as the range path pads on the left).
    let mut rows = by_row.into_iter().map(|(row, mut cells)| {
        cells.sort_by_key(|(c, _)| *c);
        let width = cells.last().map_or(0, |(c, _)| *c + 1) as usize;
        let mut out = vec![None; width];
        for (c, v) in cells {
            out[c as usize] = v;
        }
        RawRow {
            line: u64::from(row) + 1,
            cells: out,
        }
    });
    let header = rows
        .next()
        .ok_or_else(|| file_error(Msg::NoHeaderRow { sheet: true }))?
        .cells
        .into_iter()
        .map(|c| c.unwrap_or_default())
        .collect();
    let rows: Vec<_> = rows.map(Ok).collect();
    Ok(Table {
        header,
        rows: Box::new(rows.into_iter()),
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
