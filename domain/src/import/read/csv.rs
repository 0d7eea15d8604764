//! CSV, streamed: read on a blocking thread and handed over a batch of rows at a time, so
//! its memory does not grow with its length and the runtime's threads never parse. The
//! reading stops when the import stops receiving (its request cancelled or timed out), and
//! at the first row (the header's included) wider than [`limits::CSV_COLUMNS`].

use super::{RawRow, RowError, RowResult, Rows, Table, file_error, limits};
use crate::messages::Msg;
use std::io::{BufRead, BufReader, Read};
use tokio::sync::{mpsc, oneshot};

/// Rows handed over at once, and batches waiting to be taken.
const BATCH: usize = 256;
const WAITING: usize = 4;

/// Opens a CSV: its header once read (and refused if too wide), its rows as they are read.
pub(super) async fn open(reader: impl Read + Send + 'static) -> Result<Table, RowError> {
    let (header_tx, header_rx) = oneshot::channel();
    let (tx, rx) = mpsc::channel(WAITING);
    let reading = tokio::task::spawn_blocking(move || match header(reader) {
        Err(e) => {
            let _ = header_tx.send(Err(e));
        }
        Ok((header, records)) => {
            if header_tx.send(Ok(header)).is_ok() {
                stream(records, &tx);
            }
        }
    });
    match header_rx.await {
        Ok(header) => Ok(Table {
            header: header?,
            rows: Rows::streamed(rx),
        }),
        // The reader ended without a header: it panicked.
        Err(_) => Err(file_error(Msg::BrokenCsv(match reading.await {
            Err(e) => e.to_string(),
            Ok(()) => "the reader stopped".into(),
        }))),
    }
}

type Records = ::csv::ByteRecordsIntoIter<BufReader<Box<dyn Read + Send>>>;

/// Sends the rows a batch at a time until the file ends, a row is too wide, or nobody takes
/// them any more.
fn stream(records: Records, tx: &mpsc::Sender<Vec<RowResult>>) {
    let mut batch = Vec::with_capacity(BATCH);
    for (i, rec) in records.enumerate() {
        let line = i as u64 + 2;
        let row = match rec {
            Err(e) => Err(RowError {
                row: line,
                ..file_error(Msg::BrokenCsv(e.to_string()))
            }),
            Ok(rec) if rec.len() > limits::CSV_COLUMNS => {
                batch.push(Err(too_wide(line)));
                let _ = tx.blocking_send(batch);
                return;
            }
            Ok(rec) => decode(&rec, line).map(|cells| RawRow { line, cells }),
        };
        batch.push(row);
        if batch.len() == BATCH
            && tx
                .blocking_send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))
                .is_err()
        {
            return;
        }
    }
    if !batch.is_empty() {
        let _ = tx.blocking_send(batch);
    }
}

fn too_wide(line: u64) -> RowError {
    RowError {
        row: line,
        ..file_error(Msg::TooManyColumns(limits::CSV_COLUMNS))
    }
}

/// Bytes of one line (a record, unless a quoted cell holds a line break): 256 columns of
/// the longest texts the templates take, and far more. The csv reader holds a whole record
/// before it can be counted: a 10 MB line of 5 million cells took 200 MB.
const LINE_BYTES: u64 = 4 << 20;

/// A reader that fails on a line longer than [`LINE_BYTES`].
struct Lines<R> {
    inner: R,
    since_break: u64,
}

impl<R: Read> Read for Lines<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        for b in &buf[..n] {
            self.since_break = if *b == b'\n' { 0 } else { self.since_break + 1 };
        }
        if self.since_break > LINE_BYTES {
            return Err(std::io::Error::other(format!(
                "a line longer than {} MiB",
                LINE_BYTES >> 20
            )));
        }
        Ok(n)
    }
}

/// The header, and the reader of the rows after it.
fn header(reader: impl Read + Send + 'static) -> Result<(Vec<String>, Records), RowError> {
    let reader: Box<dyn Read + Send> = Box::new(Lines {
        inner: reader,
        since_break: 0,
    });
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
    let (delimiter, fields) = detect_delimiter(&head[bom..]);
    // Counted in the first read already: a header of 5 million columns is refused here.
    if fields > limits::CSV_COLUMNS {
        return Err(too_wide(1));
    }
    reader.consume(bom);
    let csv = ::csv::ReaderBuilder::new()
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
            if rec.len() > limits::CSV_COLUMNS {
                return Err(too_wide(1));
            }
            decode(&rec, 1)?
                .into_iter()
                .map(|c| c.unwrap_or_default())
                .collect()
        }
    };
    Ok((header, records))
}

/// `;` when the header has more semicolons than commas (Excel in ky/ru locales writes `;`),
/// and how many cells it has (as far as `head` goes).
fn detect_delimiter(head: &[u8]) -> (u8, usize) {
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
    if semi > comma {
        (b';', semi + 1)
    } else {
        (b',', comma + 1)
    }
}

fn decode(rec: &::csv::ByteRecord, line: u64) -> Result<Vec<Option<String>>, RowError> {
    rec.iter()
        .map(|field| {
            let text = std::str::from_utf8(field).map_err(|_| RowError {
                forbidden: false,
                row: line,
                column: None,
                value: None,
                message: Msg::NotUtf8,
            })?;
            // An exported cell's formula guard (`'=…`) comes off: the value is what was stored.
            let text = crate::text::csv_unguard(text.trim());
            Ok((!text.is_empty()).then(|| text.to_owned()))
        })
        .collect()
}
