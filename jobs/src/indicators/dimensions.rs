//! School values by subject, grade band and period (`domain::trend::dims`): the per-mark
//! figures of one subject (within a subject a pupil has one mark, so they are per pupil of
//! that subject), of one grade band, of one quarter or half-year, and per-pupil knowledge
//! quality and success of one grade band from class outcomes. Same formulas as the
//! school-wide figures (`marks::per_mark_values`, `marks::per_pupil_values`): counts summed
//! over classes (and grades, subjects), then divided.
//!
//! Which indicator gets which breakdown is its catalog entry's (`Indicator::dimensions`);
//! which combinations exist is `dims`' rule: by subject and by grade band for the year, and
//! by period, school-wide and by subject, where the year's facts have period marks (the job
//! reads them for the generation's latest year only). A subject a school does not mark has
//! no row: missing, never 0. Reported figures never stand in for a broken-down value.

use polars::prelude::*;

use super::YearFrames;
use super::input as i;
use super::marks::{
    PER_MARK, in_marked_grades, per_mark_values, per_pupil_values, summed_marks, summed_outcomes,
};
use crate::pipeline::columns::{self as c, kind};
use domain::trend::catalog::find;
use domain::trend::dims::{Dimension, GradeBand};

/// The school rows by dimension of one year, in the `values` contract's columns, sorted by
/// indicator, dimensions and school.
///
/// # Errors
/// Only polars plan errors.
pub fn dimension_values(frames: &YearFrames) -> PolarsResult<LazyFrame> {
    let in_range = in_marked_grades(frames.marked_grades);
    let marks = frames.subject_marks.clone().lazy().filter(in_range.clone());
    let outcomes = frames.class_outcomes.clone().lazy().filter(in_range);
    let with = |d: Dimension| -> Vec<&'static str> {
        PER_MARK
            .iter()
            .copied()
            .filter(|code| find(code).is_some_and(|i| i.has(d)))
            .collect()
    };
    let annual = marks.clone().filter(col(c::PERIOD).eq(lit("")));
    let periods = marks.filter(col(c::PERIOD).neq(lit("")));
    let everything = lit(true);
    let mut parts: Vec<LazyFrame> = Vec::new();
    // By subject, the year.
    parts.extend(per_mark_values(
        summed_marks(annual.clone(), everything.clone(), &[c::SUBJECT]),
        &[c::SUBJECT],
        &with(Dimension::Subject),
    ));
    // By grade band, the year.
    parts.extend(per_mark_values(
        summed_marks(
            annual.with_column(band().alias(c::GRADE_BAND)),
            col(c::GRADE_BAND).is_not_null(),
            &[c::GRADE_BAND],
        ),
        &[c::GRADE_BAND],
        &with(Dimension::GradeBand),
    ));
    if find(super::marks::KNOWLEDGE_QUALITY).is_some_and(|i| i.has(Dimension::GradeBand)) {
        parts.extend(per_pupil_values(
            summed_outcomes(
                outcomes
                    .with_column(band().alias(c::GRADE_BAND))
                    .filter(col(c::GRADE_BAND).is_not_null()),
                &[c::GRADE_BAND],
            ),
            &[c::GRADE_BAND],
        ));
    }
    // By period, school-wide and by subject.
    let by_period = with(Dimension::Period);
    parts.extend(per_mark_values(
        summed_marks(periods.clone(), everything.clone(), &[c::PERIOD]),
        &[c::PERIOD],
        &by_period,
    ));
    parts.extend(per_mark_values(
        summed_marks(periods, everything, &[c::PERIOD, c::SUBJECT]),
        &[c::PERIOD, c::SUBJECT],
        &by_period,
    ));
    let parts: Vec<LazyFrame> = parts.into_iter().map(with_all_dims).collect();
    // One part after the other: each sums the year's period marks (≈ 2 million rows in a
    // national latest year), and all at once held every part's group-by at the same time.
    let one_by_one = UnionArgs {
        parallel: false,
        ..UnionArgs::default()
    };
    Ok(concat(parts, one_by_one)?
        .select([
            lit(kind::SCHOOL).alias(c::ENTITY_KIND),
            col(c::ENTITY_ID),
            col(c::INDICATOR),
            col(c::SUBJECT),
            col(c::GRADE_BAND),
            col(c::PERIOD),
            lit(frames.year).alias(c::YEAR),
            col(c::NUMERATOR),
            col(c::DENOMINATOR),
            col(c::VALUE),
            col(c::SOURCE),
            col(c::N_SOURCE_ROWS),
        ])
        .sort(
            [
                c::INDICATOR,
                c::SUBJECT,
                c::GRADE_BAND,
                c::PERIOD,
                c::ENTITY_ID,
            ],
            SortMultipleOptions::default(),
        ))
}

/// The grade band of the `grade` column, null outside every band.
fn band() -> Expr {
    GradeBand::ALL
        .iter()
        .rev()
        .fold(lit(NULL).cast(DataType::String), |otherwise, b| {
            let (lo, hi) = b.grades();
            when(
                col(i::GRADE)
                    .gt_eq(lit(lo))
                    .and(col(i::GRADE).lt_eq(lit(hi))),
            )
            .then(lit(b.code()))
            .otherwise(otherwise)
        })
}

/// A part in one column order, the dimension columns it lacks as `""` (all).
fn with_all_dims(lf: LazyFrame) -> LazyFrame {
    let names = lf
        .clone()
        .collect_schema()
        .map(|s| s.iter_names().map(|n| n.to_string()).collect::<Vec<_>>())
        .unwrap_or_default();
    let mut columns: Vec<Expr> = [
        c::ENTITY_ID,
        c::INDICATOR,
        c::NUMERATOR,
        c::DENOMINATOR,
        c::VALUE,
        c::SOURCE,
        c::N_SOURCE_ROWS,
    ]
    .map(col)
    .to_vec();
    columns.extend(c::DIMS.iter().map(|d| {
        if names.iter().any(|n| n == d) {
            col(*d)
        } else {
            lit("").alias(*d)
        }
    }));
    lf.select(columns)
}
