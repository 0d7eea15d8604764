//! A report as data: sections of headings, generated readings, notes, tables and charts. The
//! PDF (typst template) and the XLSX workbook are both rendered from this one model, so the
//! two formats always carry the same figures.

use serde_json::{Value, json};

/// The report's language (ky or ru; the documents schools file are in these two).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Ky,
    Ru,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ky => "ky",
            Lang::Ru => "ru",
        }
    }

    /// `ky` or `ru`; anything else is an error naming the allowed values.
    pub fn parse(s: &str) -> Result<Lang, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "ky" => Ok(Lang::Ky),
            "ru" => Ok(Lang::Ru),
            other => Err(format!("lang `{other}`: use ky or ru")),
        }
    }

    /// Picks the text of this language.
    pub fn pick<'a>(self, ky: &'a str, ru: &'a str) -> &'a str {
        match self {
            Lang::Ky => ky,
            Lang::Ru => ru,
        }
    }
}

/// One table cell. Numbers keep their value (the XLSX stores them as numbers) and how many
/// decimals to print; a missing value stays missing, never 0.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// `marks`: the flags' short marks printed after the figure ("R", "S"), empty for none.
    Number {
        value: f64,
        decimals: u8,
        marks: String,
    },
    Missing,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    pub fn num(value: Option<f64>, decimals: u8) -> Cell {
        match value {
            Some(value) if value.is_finite() => Cell::Number {
                value,
                decimals,
                marks: String::new(),
            },
            _ => Cell::Missing,
        }
    }

    /// A number with flag marks after it.
    pub fn marked(value: Option<f64>, decimals: u8, marks: String) -> Cell {
        match Cell::num(value, decimals) {
            Cell::Number {
                value, decimals, ..
            } => Cell::Number {
                value,
                decimals,
                marks,
            },
            other => other,
        }
    }

    pub fn int(value: Option<i32>) -> Cell {
        Cell::num(value.map(f64::from), 0)
    }

    /// As printed: decimal comma (ky and ru), an en dash for a missing value.
    pub fn display(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Number {
                value,
                decimals,
                marks,
            } if !marks.is_empty() => format!("{} {marks}", number(*value, *decimals)),
            Cell::Number {
                value, decimals, ..
            } => number(*value, *decimals),
            Cell::Missing => "–".into(),
        }
    }
}

/// A number with `decimals` places and a decimal comma.
pub fn number(value: f64, decimals: u8) -> String {
    format!("{value:.*}", usize::from(decimals)).replace('.', ",")
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub title: String,
    /// Right-aligned in the PDF.
    pub numeric: bool,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// The worksheet's name in the XLSX (at most 31 characters, unique in a report).
    pub sheet: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    /// Relative column widths in the PDF (empty: the first column twice the others).
    pub widths: Vec<u8>,
}

impl Table {
    pub fn new(sheet: &str, columns: &[(&str, bool)]) -> Table {
        Table {
            sheet: sheet.to_owned(),
            columns: columns
                .iter()
                .map(|(title, numeric)| Column {
                    title: (*title).to_owned(),
                    numeric: *numeric,
                })
                .collect(),
            rows: Vec::new(),
            widths: Vec::new(),
        }
    }

    /// With relative column widths for the PDF, one per column.
    pub fn with_widths(mut self, widths: &[u8]) -> Table {
        debug_assert_eq!(widths.len(), self.columns.len());
        self.widths = widths.to_vec();
        self
    }

    pub fn push(&mut self, row: Vec<Cell>) {
        debug_assert_eq!(row.len(), self.columns.len());
        self.rows.push(row);
    }
}

/// One line of a chart: a value per year (missing years leave a gap).
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub label: String,
    pub values: Vec<Option<f64>>,
}

/// A line chart over years.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub title: String,
    /// The axis label, e.g. "%".
    pub unit: String,
    pub years: Vec<String>,
    pub series: Vec<Series>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Section {
    pub heading: String,
    /// The generated reading of the table ("knowledge quality is flat: 34 → 35 %, mean 38 %").
    pub reading: Option<String>,
    pub paragraphs: Vec<String>,
    pub table: Option<Table>,
    pub chart: Option<Chart>,
    /// Flags, coverage and sources in small print under the table.
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub lang: Lang,
    pub title: String,
    pub subtitle: String,
    /// Label/value lines under the title (school, district, year, generation).
    pub meta: Vec<(String, String)>,
    pub sections: Vec<Section>,
    /// Printed at the foot of every page (what the report is and which generation).
    pub footer: String,
}

impl Document {
    /// The data the typst template reads (`data.json`): texts already formatted.
    pub fn to_typst(&self) -> Value {
        json!({
            "lang": self.lang.code(),
            "title": self.title,
            "subtitle": self.subtitle,
            "meta": self.meta.iter().map(|(k, v)| json!([k, v])).collect::<Vec<_>>(),
            "footer": self.footer,
            "sections": self.sections.iter().map(section_json).collect::<Vec<_>>(),
        })
    }
}

fn section_json(s: &Section) -> Value {
    json!({
        "heading": s.heading,
        "reading": s.reading,
        "paragraphs": s.paragraphs,
        "notes": s.notes,
        "table": s.table.as_ref().map(|t| json!({
            "columns": t.columns.iter().map(|c| json!({"title": c.title, "numeric": c.numeric})).collect::<Vec<_>>(),
            "rows": t.rows.iter().map(|r| r.iter().map(Cell::display).collect::<Vec<_>>()).collect::<Vec<_>>(),
            "widths": t.widths,
        })),
        "chart": s.chart.as_ref().map(chart_json),
    })
}

/// The chart with its scale worked out here: y positions as shares of the plot height
/// (0 bottom, 1 top) and round tick values, so the template only draws.
fn chart_json(c: &Chart) -> Value {
    let values: Vec<f64> = c
        .series
        .iter()
        .flat_map(|s| s.values.iter().flatten().copied())
        .collect();
    let (lo, hi) = values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(*v), hi.max(*v))
        });
    let (lo, hi) = if values.is_empty() {
        (0.0, 1.0)
    } else {
        (lo, hi)
    };
    let (min, max, step) = nice_scale(lo, hi);
    let ticks: Vec<Value> = (0..)
        .map(|i| min + step * f64::from(i))
        .take_while(|v| *v <= max + step / 1000.0)
        .map(|v| json!({"y": (v - min) / (max - min), "label": number(v, decimals_for(step))}))
        .collect();
    json!({
        "title": c.title,
        "unit": c.unit,
        "years": c.years,
        "ticks": ticks,
        "series": c.series.iter().map(|s| json!({
            "label": s.label,
            "points": s.values.iter().map(|v| v.map(|v| (v - min) / (max - min))).collect::<Vec<_>>(),
            "labels": s.values.iter().map(|v| v.map(|v| number(v, 1))).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

/// A scale from a little under `lo` to a little over `hi` in 1-2-5 steps, about five ticks.
fn nice_scale(lo: f64, hi: f64) -> (f64, f64, f64) {
    let span = if hi - lo < 1e-9 {
        hi.abs().max(1.0) * 0.2
    } else {
        hi - lo
    };
    let raw = span / 4.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    // A step of room below and above, so no point sits on the axis.
    let mut min = (lo / step).floor() * step;
    let mut max = (hi / step).ceil() * step;
    if lo - min < step / 2.0 {
        min -= step;
    }
    if max - hi < step / 2.0 {
        max += step;
    }
    // A share or a count never goes below zero.
    if lo >= 0.0 && min < 0.0 {
        min = 0.0;
    }
    (min, max, step)
}

fn decimals_for(step: f64) -> u8 {
    if step >= 1.0 {
        0
    } else if step >= 0.1 {
        1
    } else {
        2
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_covers_the_values_in_round_steps() {
        let (min, max, step) = nice_scale(34.0, 42.0);
        assert!(min <= 34.0 && max >= 42.0, "{min}..{max}");
        assert_eq!(step, 2.0);
        let (min, max, _) = nice_scale(4.16, 4.16);
        assert!(min < 4.16 && max > 4.16);
        assert_eq!(nice_scale(0.0, 3.0).0, 0.0);
    }

    #[test]
    fn missing_stays_missing_and_numbers_take_a_decimal_comma() {
        assert_eq!(Cell::num(None, 1).display(), "–");
        assert_eq!(Cell::num(Some(f64::NAN), 1), Cell::Missing);
        assert_eq!(Cell::num(Some(38.04), 1).display(), "38,0");
        assert_eq!(Cell::int(Some(572)).display(), "572");
    }
}
