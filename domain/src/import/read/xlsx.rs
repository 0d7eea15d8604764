//! XLSX: the package unpacked once against its budget before calamine sees it, then the
//! first sheet read cell by cell (memory follows the cells present, not the dimension the file
//! declares), within a [`Budget`] and stopping when its import is cancelled.

use super::gate::Cancel;
use super::{
    Budget, RawRow, RowError, Rows, Table, cell_text, column_name, file_error, first_sheet, limits,
    not_a_workbook,
};
use crate::messages::Msg;
use std::io::Read;

/// How many cells are read between two looks at the cancellation flag.
const CANCEL_EVERY: usize = 4096;

/// Checks every part of an XLSX package against the decompression budget, the
/// shared-string table's declared count against its real size (calamine reserves that count
/// up front), and each sheet's values against the cell budget: a sheet of too many cells is
/// refused as it unpacks, before calamine parses a cell of it.
fn check_package(bytes: &[u8], budget: Budget, cancel: &Cancel) -> Result<(), RowError> {
    let mut zip =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| not_a_workbook(&e))?;
    let mut unpacked = limits::XLSX_UNPACKED_BYTES;
    let mut buf = vec![0u8; 1 << 16];
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).map_err(|e| not_a_workbook(&e))?;
        let name = part
            .name()
            .map_err(|e| not_a_workbook(&e))?
            .to_ascii_lowercase();
        let shared = name.ends_with("sharedstrings.xml");
        let sheet = name.starts_with("xl/worksheets/") && name.ends_with(".xml");
        let mut head = Vec::new();
        let mut size = 0u64;
        // `<si` openings, counted across reads.
        let mut entries = Count::new(b"<si");
        // A filled cell holds a value (`<v>`) or an inline string (`<is>`).
        let (mut values, mut inline) = (Count::new(b"<v>"), Count::new(b"<is>"));
        let mut depth = Depth::default();
        loop {
            cancel.check()?;
            let n = part.read(&mut buf).map_err(|e| not_a_workbook(&e))?;
            if n == 0 {
                break;
            }
            depth.feed(&buf[..n])?;
            // Each shared string is held as text by calamine: no more of them than cells.
            if (shared && entries.feed(&buf[..n]) > budget.cells as u64)
                || (sheet && values.feed(&buf[..n]) + inline.feed(&buf[..n]) > budget.cells as u64)
            {
                return Err(file_error(Msg::TooManyCells(budget.cells)));
            }
            size += n as u64;
            if size > unpacked {
                return Err(file_error(Msg::WorkbookTooBig(
                    limits::XLSX_UNPACKED_BYTES >> 20,
                )));
            }
            if shared && head.len() < 4096 {
                head.extend_from_slice(&buf[..n.min(4096 - head.len())]);
            }
            // Checked as the part unpacks, so one huge string is refused after 256 KiB.
            if shared && size > (entries.n + 1).saturating_mul(limits::XLSX_SHARED_STRING_BYTES) {
                return Err(file_error(Msg::SharedStringTooLong));
            }
        }
        unpacked -= size;
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

/// How many times `needle` occurs in a part read piece by piece (the last bytes of a piece
/// are kept to find one that straddles two).
struct Count {
    needle: &'static [u8],
    n: u64,
    tail: Vec<u8>,
}

impl Count {
    fn new(needle: &'static [u8]) -> Count {
        Count {
            needle,
            n: 0,
            tail: Vec::new(),
        }
    }

    /// Counts the occurrences `bytes` completes; returns the count so far.
    fn feed(&mut self, bytes: &[u8]) -> u64 {
        let keep = self.needle.len() - 1;
        // An occurrence within the carried tail alone was counted with the piece before.
        let mut joined = std::mem::take(&mut self.tail);
        joined.extend_from_slice(&bytes[..bytes.len().min(keep)]);
        self.n += memchr::memmem::find_iter(&joined, self.needle).count() as u64;
        self.n += memchr::memmem::find_iter(bytes, self.needle).count() as u64;
        let from = bytes.len().saturating_sub(keep);
        let mut tail = if bytes.len() < keep {
            joined[joined.len().saturating_sub(keep)..].to_vec()
        } else {
            bytes[from..].to_vec()
        };
        tail.truncate(keep);
        self.tail = tail;
        self.n
    }
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
/// not the dimension the file declares. Rows are built as their cells arrive (a sheet's cells
/// come in row order; any that do not are sorted and merged at the end).
pub(super) fn table(bytes: Vec<u8>, budget: Budget, cancel: &Cancel) -> Result<Table, RowError> {
    use calamine::{Reader, Xlsx};
    check_package(&bytes, budget, cancel)?;
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
    let mut rows: Vec<RawRow> = Vec::new();
    // The row being read: its number and its (column, value) cells.
    let mut current: Option<u32> = None;
    let mut cells: Vec<(u32, String)> = Vec::new();
    let mut in_order = true;
    let (mut read, mut filled) = (0usize, 0usize);
    while let Some(cell) = reader.next_cell().map_err(|e| unreadable(&e))? {
        read += 1;
        if read.is_multiple_of(CANCEL_EVERY) {
            cancel.check()?;
        }
        let (row, col) = cell.get_position();
        let line = u64::from(row) + 1;
        let value = cell_text(&calamine::Data::from(cell.get_value().clone()), line)?;
        let Some(value) = value else { continue };
        if col >= limits::XLSX_COLUMNS {
            return Err(RowError {
                forbidden: false,
                row: line,
                column: Some(column_name(col)),
                value: Some(super::super::Quoted::of(&value)),
                message: Msg::RightOfColumn(column_name(limits::XLSX_COLUMNS - 1)),
            });
        }
        filled += 1;
        if filled > budget.cells {
            return Err(file_error(Msg::TooManyCells(budget.cells)));
        }
        if current != Some(row) {
            if let Some(done) = current {
                in_order &= done < row;
                rows.push(finish(done, &mut cells));
            }
            current = Some(row);
        }
        cells.push((col, value));
    }
    drop(reader);
    if let Some(done) = current {
        rows.push(finish(done, &mut cells));
    }
    if !in_order {
        rows = merged(rows);
    }
    let mut rows = rows.into_iter();
    let header = rows
        .next()
        .ok_or_else(|| file_error(Msg::NoHeaderRow { sheet: true }))?
        .cells
        .into_iter()
        .map(|c| c.unwrap_or_default())
        .collect();
    Ok(Table {
        header,
        rows: Rows::held(rows.map(Ok)),
    })
}

/// A row of `cells` (taken), each at its absolute column (as the range path pads on the
/// left); of two cells at one place the later wins.
fn finish(row: u32, cells: &mut Vec<(u32, String)>) -> RawRow {
    cells.sort_by_key(|(c, _)| *c);
    let width = cells.last().map_or(0, |(c, _)| *c + 1) as usize;
    let mut out = vec![None; width];
    for (c, v) in cells.drain(..) {
        out[c as usize] = Some(v);
    }
    RawRow {
        line: u64::from(row) + 1,
        cells: out,
    }
}

/// Rows sorted by their number, the parts of one row joined (the later cell wins).
fn merged(mut rows: Vec<RawRow>) -> Vec<RawRow> {
    rows.sort_by_key(|r| r.line);
    let mut out: Vec<RawRow> = Vec::with_capacity(rows.len());
    for row in rows {
        match out.last_mut() {
            Some(last) if last.line == row.line => {
                if row.cells.len() > last.cells.len() {
                    last.cells.resize(row.cells.len(), None);
                }
                for (c, v) in row.cells.into_iter().enumerate() {
                    if v.is_some() {
                        last.cells[c] = v;
                    }
                }
            }
            _ => out.push(row),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{Budget, Cancel, Count, Msg, check_package};

    /// A package whose one sheet holds `cells` values (not a whole workbook: the package
    /// check reads parts, not their relations).
    fn package(cells: usize) -> Vec<u8> {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
        let row = "<row><c t=\"inlineStr\"><is><t>a</t></is></c><c><v>1</v></c></row>";
        zip.write_all(b"<worksheet><sheetData>").unwrap();
        for _ in 0..cells / 2 {
            zip.write_all(row.as_bytes()).unwrap();
        }
        zip.write_all(b"</sheetData></worksheet>").unwrap();
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn a_sheet_of_more_values_than_the_budget_is_refused_as_it_unpacks() {
        let budget = Budget { cells: 100 };
        let refused = check_package(&package(102), budget, &Cancel::default()).unwrap_err();
        assert_eq!(refused.message, Msg::TooManyCells(100));
        assert!(check_package(&package(100), budget, &Cancel::default()).is_ok());
    }

    #[test]
    fn occurrences_are_counted_once_wherever_the_pieces_split() {
        let xml = b"<c r=\"A1\"><v>1</v></c><c><is><t>x</t></is></c><c><v>2</v></c><v><v>";
        for cut in 0..xml.len() {
            for second in cut..xml.len() {
                let mut values = Count::new(b"<v>");
                values.feed(&xml[..cut]);
                values.feed(&xml[cut..second]);
                assert_eq!(values.feed(&xml[second..]), 4, "cuts at {cut}, {second}");
            }
        }
        let mut inline = Count::new(b"<is>");
        for b in xml.iter() {
            inline.feed(std::slice::from_ref(b));
        }
        assert_eq!(inline.n, 1);
    }
}
