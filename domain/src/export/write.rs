//! The export's file: the template's header in the chosen language, then one line per row with
//! the values as an import reads them. CSV goes out in chunks of about 64 KB as rows arrive;
//! XLSX is written by rust_xlsxwriter in constant-memory mode (each row to a temporary file as
//! it is finished, strings inline), then zipped.

use super::Plan;
use super::rows::{Cell, Read, RowSink, each};
use crate::error::{Error, Result};
use crate::facts::{Col, Ty};
use crate::messages::Lang;
use tokio::io::{AsyncWrite, AsyncWriteExt};

/// The rows an XLSX sheet holds below its header (Excel's limit is 1,048,576 rows).
pub const XLSX_MAX_ROWS: u64 = 1_048_575;

/// Bytes gathered before a CSV chunk is written out.
const CHUNK: usize = 64 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    pub fn parse(s: &str) -> std::result::Result<Format, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "csv" => Ok(Format::Csv),
            "xlsx" => Ok(Format::Xlsx),
            other => Err(format!("format `{other}`: csv or xlsx")),
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }
}

/// A column's header in `lang` (the English one is the key, as in the templates).
pub(crate) fn header(c: &Col, lang: Lang) -> &'static str {
    match lang {
        Lang::Ky => c.ky,
        Lang::Ru => c.ru,
        Lang::En => c.key,
    }
}

/// A cell's text as an import reads it back.
fn text(cell: &Cell, ty: Ty, lang: Lang) -> Option<String> {
    Some(match (cell, ty) {
        (Cell::Null, _) => return None,
        (Cell::Int(y), Ty::Year) => crate::year::label(i32::try_from(*y).ok()?),
        (Cell::Int(i), _) => i.to_string(),
        // The shortest text that reads back as the same double.
        (Cell::Num(n), _) => n.to_string(),
        (Cell::Text(t), Ty::Bool) => yes_no(t == "yes", lang).to_owned(),
        (Cell::Text(t), Ty::Date) => {
            chrono::NaiveDate::parse_from_str(t.get(..10).unwrap_or(t), "%Y-%m-%d")
                .map(|d| d.format("%d.%m.%Y").to_string())
                .unwrap_or_else(|_| t.clone())
        }
        (Cell::Text(t), _) => t.clone(),
    })
}

fn yes_no(yes: bool, lang: Lang) -> &'static str {
    match (lang, yes) {
        (Lang::Ky, true) => "ооба",
        (Lang::Ky, false) => "жок",
        (Lang::Ru, true) => "да",
        (Lang::Ru, false) => "нет",
        (Lang::En, true) => "yes",
        (Lang::En, false) => "no",
    }
}

pub(crate) async fn write<W>(
    db: &crate::Db,
    plan: &Plan,
    format: Format,
    out: &mut W,
) -> Result<u64>
where
    W: AsyncWrite + Unpin + Send,
{
    let reads: Vec<Read> = plan
        .cells
        .iter()
        .zip(&plan.columns)
        .filter(|(cell, _)| cell.is_some())
        .map(|(_, c)| Read::of(c.ty))
        .collect();
    match format {
        Format::Csv => {
            let mut sink = Csv::new(plan, out).await?;
            let n = each(db, &plan.sql, &reads, &mut sink).await?;
            sink.finish().await?;
            Ok(n)
        }
        Format::Xlsx => {
            // Refused before a row is read rather than after a million.
            let mut count = Count(0);
            each(db, &plan.count_sql, &[Read::Int], &mut count).await?;
            if count.0 > XLSX_MAX_ROWS {
                return Err(too_many(count.0));
            }
            let mut sink = Xlsx::new(plan)?;
            let n = each(db, &plan.sql, &reads, &mut sink).await?;
            let bytes = sink.finish()?;
            out.write_all(&bytes).await.map_err(io)?;
            out.flush().await.map_err(io)?;
            Ok(n)
        }
    }
}

fn io(e: std::io::Error) -> Error {
    Error::Internal(format!("while writing the export: {e}"))
}

/// The templates' form: `,`-separated, CRLF.
fn writer(into: Vec<u8>) -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(into)
}

struct Csv<'a, W> {
    plan: &'a Plan,
    csv: csv::Writer<Vec<u8>>,
    out: &'a mut W,
    line: Vec<Option<String>>,
}

impl<'a, W: AsyncWrite + Unpin + Send> Csv<'a, W> {
    async fn new(plan: &'a Plan, out: &'a mut W) -> Result<Self> {
        // UTF-8 with a BOM, as the templates, so Excel opens the Cyrillic right.
        let mut csv = writer(vec![0xEF, 0xBB, 0xBF]);
        csv.write_record(plan.columns.iter().map(|c| header(c, plan.lang)))
            .map_err(|e| Error::Internal(e.to_string()))?;
        Ok(Csv {
            plan,
            csv,
            out,
            line: Vec::with_capacity(plan.columns.len()),
        })
    }

    /// Sends what the writer holds once it is `at_least` bytes (the csv writer gives its
    /// buffer up only by being taken apart, so a fresh one takes its place).
    async fn drain(&mut self, at_least: usize) -> Result<()> {
        self.csv
            .flush()
            .map_err(|e| Error::Internal(e.to_string()))?;
        if self.csv.get_ref().len() >= at_least {
            let full = std::mem::replace(&mut self.csv, writer(Vec::with_capacity(CHUNK * 2)));
            let chunk = full
                .into_inner()
                .map_err(|e| Error::Internal(e.to_string()))?;
            self.out.write_all(&chunk).await.map_err(io)?;
        }
        Ok(())
    }

    async fn finish(mut self) -> Result<()> {
        self.drain(0).await?;
        self.out.flush().await.map_err(io)
    }
}

impl<W: AsyncWrite + Unpin + Send> RowSink for Csv<'_, W> {
    async fn row(&mut self, cells: &[Cell]) -> Result<()> {
        self.line.clear();
        for (slot, c) in self.plan.cells.iter().zip(&self.plan.columns) {
            let cell = slot.and_then(|i| cells.get(i));
            let value = cell.and_then(|cell| text(cell, c.ty, self.plan.lang));
            // Stored text never reaches a spreadsheet as a formula (numbers are numbers).
            let value = match (cell, value) {
                (Some(Cell::Text(_)), Some(v)) => match crate::text::csv_guard(&v) {
                    std::borrow::Cow::Owned(guarded) => Some(guarded),
                    std::borrow::Cow::Borrowed(_) => Some(v),
                },
                (_, v) => v,
            };
            self.line.push(value);
        }
        self.csv
            .write_record(self.line.iter().map(|v| v.as_deref().unwrap_or("")))
            .map_err(|e| Error::Internal(e.to_string()))?;
        if self.csv.get_ref().len() >= CHUNK {
            self.drain(CHUNK).await?;
        }
        Ok(())
    }
}

fn too_many(rows: u64) -> Error {
    Error::Invalid {
        field: "format".into(),
        message: crate::messages::exports::ExportMsg::TooManyRows {
            rows,
            max: XLSX_MAX_ROWS,
        }
        .render(crate::denied::current_lang()),
    }
}

/// The count's one cell.
struct Count(u64);

impl RowSink for Count {
    async fn row(&mut self, cells: &[Cell]) -> Result<()> {
        if let Some(Cell::Int(n)) = cells.first() {
            self.0 = u64::try_from(*n).unwrap_or_default();
        }
        Ok(())
    }
}

struct Xlsx<'a> {
    plan: &'a Plan,
    wb: rust_xlsxwriter::Workbook,
    row: u32,
}

fn xlsx_error(e: rust_xlsxwriter::XlsxError) -> Error {
    Error::Internal(format!("while writing the XLSX export: {e}"))
}

impl<'a> Xlsx<'a> {
    fn new(plan: &'a Plan) -> Result<Self> {
        use rust_xlsxwriter::{Format as Style, Workbook};
        let mut wb = Workbook::new();
        let bold = Style::new().set_bold();
        let sheet = wb
            .add_worksheet_with_constant_memory()
            .map_err(xlsx_error)?;
        sheet.set_name(plan.kind.name()).map_err(xlsx_error)?;
        for (i, c) in plan.columns.iter().enumerate() {
            // As in the template: a required column's header ends in `*`.
            let h = header(c, plan.lang);
            let h = if c.required {
                format!("{h}*")
            } else {
                h.to_owned()
            };
            sheet.set_column_width(i as u16, 16).map_err(xlsx_error)?;
            sheet
                .write_string_with_format(0, i as u16, h, &bold)
                .map_err(xlsx_error)?;
        }
        Ok(Xlsx { plan, wb, row: 0 })
    }

    fn finish(mut self) -> Result<Vec<u8>> {
        crate::import::template::help_sheet(&mut self.wb, &self.plan.columns)
            .map_err(Error::Internal)?;
        self.wb.save_to_buffer().map_err(xlsx_error)
    }
}

impl RowSink for Xlsx<'_> {
    async fn row(&mut self, cells: &[Cell]) -> Result<()> {
        // Rows written since the count are still held to the limit.
        if u64::from(self.row) >= XLSX_MAX_ROWS {
            return Err(too_many(u64::from(self.row) + 1));
        }
        self.row += 1;
        let r = self.row;
        let sheet = self.wb.worksheet_from_index(0).map_err(xlsx_error)?;
        for (col, (slot, c)) in self.plan.cells.iter().zip(&self.plan.columns).enumerate() {
            let Some(cell) = slot.and_then(|i| cells.get(i)) else {
                continue;
            };
            let col = col as u16;
            match (cell, c.ty) {
                (Cell::Null, _) => {}
                (Cell::Int(i), Ty::Int { .. } | Ty::Count { .. }) => {
                    sheet.write_number(r, col, *i as f64).map_err(xlsx_error)?;
                }
                (Cell::Num(n), _) => {
                    sheet.write_number(r, col, *n).map_err(xlsx_error)?;
                }
                _ => {
                    if let Some(t) = text(cell, c.ty, self.plan.lang) {
                        sheet.write_string(r, col, t).map_err(xlsx_error)?;
                    }
                }
            }
        }
        Ok(())
    }
}
