//! Frame builders and readers shared by the pipeline's unit tests.

use polars::prelude::*;

use super::columns::{self as c, source};

/// One row of a `values` frame.
#[derive(Clone, Debug)]
pub(crate) struct Row {
    pub kind: &'static str,
    pub id: i32,
    pub indicator: &'static str,
    /// `""`: every subject.
    pub subject: &'static str,
    /// `""`: every marked grade (the period is always `""` here).
    pub grade_band: &'static str,
    pub year: i32,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub value: Option<f64>,
    pub source: &'static str,
    pub n_source_rows: i64,
}

impl Row {
    /// A RAW school percentage from counts: value = numerator / denominator × 100.
    pub fn school_ratio(id: i32, indicator: &'static str, year: i32, num: f64, den: f64) -> Self {
        Self {
            numerator: Some(num),
            denominator: Some(den),
            value: Some(num * 100.0 / den),
            ..Self::value("school", id, indicator, year, None)
        }
    }

    /// A RAW row with only a value (no counts), for tests that look at values alone.
    pub fn value(
        kind: &'static str,
        id: i32,
        indicator: &'static str,
        year: i32,
        value: Option<f64>,
    ) -> Self {
        Self {
            kind,
            id,
            indicator,
            subject: "",
            grade_band: "",
            year,
            numerator: None,
            denominator: None,
            value,
            source: source::RAW,
            n_source_rows: 1,
        }
    }

    /// The same row for one subject.
    pub fn subject(self, subject: &'static str) -> Self {
        Self { subject, ..self }
    }

    /// The same row for one grade band.
    pub fn band(self, grade_band: &'static str) -> Self {
        Self { grade_band, ..self }
    }

    /// The same row marked REPORTED.
    pub fn reported(self) -> Self {
        Self {
            source: source::REPORTED,
            ..self
        }
    }
}

/// A `values` frame in the contract's dtypes.
pub(crate) fn values_frame(rows: &[Row]) -> LazyFrame {
    let pick_f64 = |f: fn(&Row) -> Option<f64>| rows.iter().map(f).collect::<Vec<_>>();
    df!(
        c::ENTITY_KIND => rows.iter().map(|r| r.kind).collect::<Vec<_>>(),
        c::ENTITY_ID => rows.iter().map(|r| r.id).collect::<Vec<_>>(),
        c::INDICATOR => rows.iter().map(|r| r.indicator).collect::<Vec<_>>(),
        c::SUBJECT => rows.iter().map(|r| r.subject).collect::<Vec<_>>(),
        c::GRADE_BAND => rows.iter().map(|r| r.grade_band).collect::<Vec<_>>(),
        c::PERIOD => vec![""; rows.len()],
        c::YEAR => rows.iter().map(|r| r.year).collect::<Vec<_>>(),
        c::NUMERATOR => pick_f64(|r| r.numerator),
        c::DENOMINATOR => pick_f64(|r| r.denominator),
        c::VALUE => pick_f64(|r| r.value),
        c::SOURCE => rows.iter().map(|r| r.source).collect::<Vec<_>>(),
        c::N_SOURCE_ROWS => rows.iter().map(|r| r.n_source_rows).collect::<Vec<_>>(),
    )
    .expect("values frame")
    .lazy()
}

/// (school_id, district_id, region_id, size_band, main_language).
pub(crate) type GeoRow = (i32, i32, i32, Option<&'static str>, Option<&'static str>);

/// A `geo` frame.
pub(crate) fn geo_frame(rows: &[GeoRow]) -> LazyFrame {
    df!(
        c::SCHOOL_ID => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        c::DISTRICT_ID => rows.iter().map(|r| r.1).collect::<Vec<_>>(),
        c::REGION_ID => rows.iter().map(|r| r.2).collect::<Vec<_>>(),
        c::SIZE_BAND => rows.iter().map(|r| r.3).collect::<Vec<_>>(),
        c::MAIN_LANGUAGE => rows.iter().map(|r| r.4).collect::<Vec<_>>(),
    )
    .expect("geo frame")
    .lazy()
}

/// A `catalog` frame from (indicator, higher_is_better, aggregation, scale).
pub(crate) fn catalog_frame(rows: &[(&str, bool, &str, f64)]) -> LazyFrame {
    df!(
        c::INDICATOR => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        c::HIGHER_IS_BETTER => rows.iter().map(|r| r.1).collect::<Vec<_>>(),
        c::AGGREGATION => rows.iter().map(|r| r.2).collect::<Vec<_>>(),
        c::SCALE => rows.iter().map(|r| r.3).collect::<Vec<_>>(),
    )
    .expect("catalog frame")
    .lazy()
}

/// One indicator's rules: (indicator, flat units, flat relative, jump units, jump relative,
/// small sample below, complete denominator).
pub(crate) type RuleRow = (
    &'static str,
    Option<f64>,
    Option<f64>,
    Option<f64>,
    Option<f64>,
    Option<f64>,
    Option<f64>,
);

/// A `rules` frame.
pub(crate) fn rules_frame(rows: &[RuleRow]) -> LazyFrame {
    df!(
        c::INDICATOR => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        c::FLAT_UNITS => rows.iter().map(|r| r.1).collect::<Vec<_>>(),
        c::FLAT_RELATIVE => rows.iter().map(|r| r.2).collect::<Vec<_>>(),
        c::JUMP_UNITS => rows.iter().map(|r| r.3).collect::<Vec<_>>(),
        c::JUMP_RELATIVE => rows.iter().map(|r| r.4).collect::<Vec<_>>(),
        c::SMALL_SAMPLE_BELOW => rows.iter().map(|r| r.5).collect::<Vec<_>>(),
        c::COMPLETE_DENOMINATOR => rows.iter().map(|r| r.6).collect::<Vec<_>>(),
    )
    .expect("rules frame")
    .lazy()
}

/// Collects `lf` sorted by `by`, so tests can address rows by position.
pub(crate) fn sorted(lf: LazyFrame, by: &[&str]) -> DataFrame {
    lf.sort(by.to_vec(), SortMultipleOptions::default())
        .collect()
        .expect("collect")
}

pub(crate) fn f64_at(df: &DataFrame, column: &str, row: usize) -> Option<f64> {
    df.column(column)
        .expect(column)
        .f64()
        .expect(column)
        .get(row)
}

pub(crate) fn i32_at(df: &DataFrame, column: &str, row: usize) -> Option<i32> {
    df.column(column)
        .expect(column)
        .i32()
        .expect(column)
        .get(row)
}

pub(crate) fn str_at(df: &DataFrame, column: &str, row: usize) -> Option<String> {
    df.column(column)
        .expect(column)
        .str()
        .expect(column)
        .get(row)
        .map(str::to_owned)
}
