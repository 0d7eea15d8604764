//! Empty templates: a header row (the English keys, which every import accepts together with
//! the Kyrgyz and Russian headers) and, in the spreadsheet form, a second sheet that explains
//! each column in three languages.

use super::ImportKind;

/// A CSV template: UTF-8 with BOM (so Excel opens the Cyrillic right), `,`-separated.
pub fn csv(kind: ImportKind) -> Vec<u8> {
    let mut out = vec![0xEF, 0xBB, 0xBF];
    let header: Vec<&str> = kind.columns().iter().map(|c| c.key).collect();
    out.extend_from_slice(header.join(",").as_bytes());
    out.extend_from_slice(b"\r\n");
    out
}

/// An XLSX template: sheet 1 has the header row (required columns marked with *), sheet 2
/// describes every column.
pub fn xlsx(kind: ImportKind) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let columns = kind.columns();
    let data = wb.add_worksheet();
    data.set_name(kind.name()).map_err(|e| e.to_string())?;
    for (i, c) in columns.iter().enumerate() {
        let header = if c.required {
            format!("{}*", c.key)
        } else {
            c.key.to_owned()
        };
        data.write_string_with_format(0, i as u16, header, &bold)
            .map_err(|e| e.to_string())?;
        data.set_column_width(i as u16, 16)
            .map_err(|e| e.to_string())?;
    }
    help_sheet(&mut wb, &columns)?;
    wb.save_to_buffer().map_err(|e| e.to_string())
}

/// The sheet that explains every column in three languages (templates and XLSX exports).
pub fn help_sheet(
    wb: &mut rust_xlsxwriter::Workbook,
    columns: &[crate::facts::Col],
) -> Result<(), String> {
    use rust_xlsxwriter::Format;
    let bold = Format::new().set_bold();
    let help = wb.add_worksheet();
    help.set_name("columns").map_err(|e| e.to_string())?;
    for (i, h) in [
        "column",
        "кыргызча",
        "по-русски",
        "required",
        "what to write",
    ]
    .iter()
    .enumerate()
    {
        help.write_string_with_format(0, i as u16, *h, &bold)
            .map_err(|e| e.to_string())?;
    }
    for (r, c) in columns.iter().enumerate() {
        let r = r as u32 + 1;
        help.write_string(r, 0, c.key).map_err(|e| e.to_string())?;
        help.write_string(r, 1, c.ky).map_err(|e| e.to_string())?;
        help.write_string(r, 2, c.ru).map_err(|e| e.to_string())?;
        help.write_string(r, 3, if c.required { "yes" } else { "" })
            .map_err(|e| e.to_string())?;
        help.write_string(r, 4, c.help).map_err(|e| e.to_string())?;
    }
    Ok(())
}
