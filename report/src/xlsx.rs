//! The same document as an XLSX workbook: a cover sheet with the title, the generation, every
//! section's reading and notes, then one sheet per table as an Excel table (filter buttons,
//! banded rows) whose numbers are numbers. A flagged figure carries its flags as a cell note.

use crate::model::{Cell, Document, Section, Table};
use rust_xlsxwriter::{
    Format, FormatAlign, Note, Table as XTable, TableColumn, TableStyle, Workbook, Worksheet,
    XlsxError,
};
use std::collections::HashSet;

pub fn workbook(doc: &Document) -> Result<Vec<u8>, String> {
    build(doc).map_err(|e| e.to_string())
}

fn build(doc: &Document) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let title = Format::new().set_bold().set_font_size(14);
    let bold = Format::new().set_bold();
    let italic = Format::new().set_italic();
    let small = Format::new().set_font_size(9).set_font_color("#555555");

    let cover = wb.add_worksheet();
    cover.set_name(sheet_name(
        doc.lang.pick("Отчет", "Отчёт"),
        &mut HashSet::new(),
    ))?;
    cover.set_column_width(0, 28)?;
    cover.set_column_width(1, 90)?;
    cover.write_string_with_format(0, 0, &doc.title, &title)?;
    cover.write_string(1, 0, &doc.subtitle)?;
    let mut row = 3;
    for (k, v) in &doc.meta {
        cover.write_string_with_format(row, 0, k, &bold)?;
        cover.write_string(row, 1, v)?;
        row += 1;
    }
    row += 1;
    let mut names = HashSet::new();
    for s in &doc.sections {
        cover.write_string_with_format(row, 0, &s.heading, &bold)?;
        row += 1;
        if let Some(r) = &s.reading {
            cover.write_string_with_format(row, 1, r, &italic)?;
            row += 1;
        }
        for p in s.paragraphs.iter().chain(&s.notes) {
            cover.write_string_with_format(row, 1, p, &small)?;
            row += 1;
        }
        if let Some(t) = &s.table {
            let name = sheet_name(&t.sheet, &mut names);
            cover.write_string_with_format(row, 1, format!("→ {name}"), &small)?;
            row += 1;
        }
        row += 1;
    }
    cover.write_string_with_format(row, 0, &doc.footer, &small)?;

    let mut names = HashSet::new();
    for s in &doc.sections {
        if let Some(t) = &s.table {
            let ws = wb.add_worksheet();
            ws.set_name(sheet_name(&t.sheet, &mut names))?;
            table_sheet(ws, s, t, &bold, &italic)?;
        }
    }
    wb.save_to_buffer()
}

/// Heading and reading above, the Excel table from row 3.
fn table_sheet(
    ws: &mut Worksheet,
    s: &Section,
    t: &Table,
    bold: &Format,
    italic: &Format,
) -> Result<(), XlsxError> {
    ws.write_string_with_format(0, 0, &s.heading, bold)?;
    if let Some(r) = &s.reading {
        ws.write_string_with_format(1, 0, r, italic)?;
    }
    let first = 3u32;
    let mut seen = HashSet::new();
    let columns: Vec<TableColumn> = t
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            // Excel tables need unique, non-empty headers.
            let mut h = if c.title.trim().is_empty() {
                format!("#{}", i + 1)
            } else {
                c.title.clone()
            };
            while !seen.insert(h.clone()) {
                h.push('\'');
            }
            TableColumn::new().set_header(h)
        })
        .collect();
    for (r, cells) in t.rows.iter().enumerate() {
        let row = first + 1 + r as u32;
        for (c, cell) in cells.iter().enumerate() {
            let col = c as u16;
            match cell {
                Cell::Text(v) => {
                    ws.write_string(row, col, v.trim_start())?;
                }
                Cell::Number {
                    value,
                    decimals,
                    marks,
                } => {
                    let f = Format::new()
                        .set_num_format(match decimals {
                            0 => "0",
                            1 => "0.0",
                            _ => "0.00",
                        })
                        .set_align(FormatAlign::Right);
                    ws.write_number_with_format(row, col, *value, &f)?;
                    if !marks.is_empty() {
                        let legend = s
                            .notes
                            .iter()
                            .filter(|n| marks.chars().any(|m| n.starts_with(&format!("{m}:"))))
                            .cloned()
                            .collect::<Vec<_>>()
                            .join("\n");
                        ws.insert_note(row, col, &Note::new(legend).set_author("Sapat"))?;
                    }
                }
                Cell::Missing => {}
            }
        }
    }
    let last_row = first + t.rows.len().max(1) as u32;
    let last_col = t.columns.len().saturating_sub(1) as u16;
    let table = XTable::new()
        .set_columns(&columns)
        .set_style(TableStyle::Medium2)
        .set_autofilter(true);
    ws.add_table(first, 0, last_row, last_col, &table)?;
    for (i, c) in t.columns.iter().enumerate() {
        let width = if i == 0 {
            t.rows
                .iter()
                .map(|r| r[0].display().chars().count())
                .max()
                .unwrap_or(10)
                .clamp(12, 70) as f64
        } else {
            (c.title.chars().count() as f64 + 4.0).max(11.0)
        };
        ws.set_column_width(i as u16, width)?;
    }
    for (row, n) in (last_row + 2..).zip(&s.notes) {
        ws.write_string(row, 0, n)?;
    }
    ws.set_freeze_panes(first + 1, 1)?;
    Ok(())
}

/// A valid, unique sheet name (at most 31 characters, none of []:*?/\).
fn sheet_name(wanted: &str, used: &mut HashSet<String>) -> String {
    let clean: String = wanted
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(28)
        .collect();
    let mut name = if clean.is_empty() {
        "sheet".to_owned()
    } else {
        clean
    };
    let base = name.clone();
    let mut n = 2;
    while !used.insert(name.to_lowercase()) {
        name = format!("{base}{n}");
        n += 1;
    }
    name
}
