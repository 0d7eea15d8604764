//! Olympiad indicators: prizes per level (`city` folds into `oblast`), the weighted score and
//! prizes per 100 pupils. A level left blank stays missing.

use polars::prelude::*;

use super::input as i;
use super::shape::{COUNT, INDICATOR, TOTAL, WEIGHT, count, emit, null_f64, ratio, sum_i64};
use crate::pipeline::columns::source;

// Indicator codes (catalog codes; a unit test checks).
pub(crate) const OLYMPIAD_SCORE: &str = "olympiad_score";
pub(crate) const OLYMPIAD_PER_100: &str = "olympiad_prizes_per_100_pupils";

/// Olympiad level → per-level indicator (`city` folds into `oblast`).
pub(crate) const OLYMPIAD_LEVELS: [(&str, &str); 7] = [
    ("school", "olympiad_prizes_school"),
    ("zonal", "olympiad_prizes_zonal"),
    ("district", "olympiad_prizes_district"),
    ("city", "olympiad_prizes_oblast"),
    ("oblast", "olympiad_prizes_oblast"),
    ("republic", "olympiad_prizes_republic"),
    ("international", "olympiad_prizes_international"),
];

/// Olympiad prizes per level, the weighted score and prizes per 100 pupils.
pub(crate) fn olympiad_indicators(
    olympiads: LazyFrame,
    enrolment: LazyFrame,
    weights: &[(String, f64)],
) -> PolarsResult<Vec<LazyFrame>> {
    let reported = olympiads.filter(col(i::PRIZE_COUNT).is_not_null());
    let code = OLYMPIAD_LEVELS.iter().fold(
        lit(NULL).cast(DataType::String),
        |rest, (level, indicator)| {
            when(col(i::LEVEL).eq(lit(*level)))
                .then(lit(*indicator))
                .otherwise(rest)
        },
    );
    let per_level = reported
        .clone()
        .with_column(code.alias(INDICATOR))
        .filter(col(INDICATOR).is_not_null())
        .group_by([col(i::SCHOOL_ID), col(INDICATOR)])
        .agg([sum_i64(i::PRIZE_COUNT).alias(TOTAL), len().alias(COUNT)]);
    let per_level = emit(
        per_level,
        col(INDICATOR),
        col(TOTAL),
        null_f64(),
        col(TOTAL),
        source::RAW,
        col(COUNT),
    );
    let weights = df!(
        i::LEVEL => weights.iter().map(|(l, _)| l.as_str()).collect::<Vec<_>>(),
        WEIGHT => weights.iter().map(|(_, w)| *w).collect::<Vec<_>>(),
    )?
    .lazy();
    let per_school = reported
        .join(
            weights,
            [col(i::LEVEL)],
            [col(i::LEVEL)],
            JoinArgs::new(JoinType::Left),
        )
        .sort([i::SCHOOL_ID, i::LEVEL], SortMultipleOptions::default())
        .group_by([col(i::SCHOOL_ID)])
        .agg([
            (col(i::PRIZE_COUNT).cast(DataType::Float64) * col(WEIGHT).fill_null(lit(0.0)))
                .sum()
                .alias(WEIGHT),
            sum_i64(i::PRIZE_COUNT).alias(TOTAL),
            len().alias(COUNT),
        ]);
    let score = count(per_school.clone(), OLYMPIAD_SCORE, col(WEIGHT), col(COUNT));
    let per_100 = ratio(
        per_school.join(
            enrolment,
            [col(i::SCHOOL_ID)],
            [col(i::SCHOOL_ID)],
            JoinArgs::new(JoinType::Inner),
        ),
        OLYMPIAD_PER_100,
        col(TOTAL),
        col(i::ENROLMENT),
        100.0,
        col(COUNT) + lit(1),
    );
    Ok(vec![per_level, score, per_100])
}
