//! Olympiad indicators: prizes per level (`city` folds into `oblast`), the weighted score and
//! prizes per 100 pupils. A level left blank stays missing.
//!
//! Where the prizes come from, per school and stored level: the count the school reported
//! (`olympiad_count_report`) wins; where that count is absent or NULL, the school's per-pupil
//! results at the level (`olympiad_result`) are counted, a prize being a place 1–3 or a
//! diploma of degree I–III (DOMAIN.md §3; certificates and participation are not prizes). The
//! reported count wins because it is the school's own tally for the whole level, while the
//! results may hold only the pupils someone entered; results at a level with no prize-winner
//! count 0 (the school's pupils took part and won nothing). Either way the source is RAW.

use polars::prelude::*;

use super::input as i;
use super::shape::{COUNT, HAS, INDICATOR, TOTAL, WEIGHT, count, emit, null_f64, ratio, sum_i64};
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

/// Prizes per school and stored level (`PRIZE_COUNT`, `Int64`) with the fact rows behind them
/// (`COUNT`): the reported count, else the prize-winning results (see the module's notes).
fn prizes(olympiads: LazyFrame, results: LazyFrame) -> PolarsResult<LazyFrame> {
    let counted = olympiads.filter(col(i::PRIZE_COUNT).is_not_null()).select([
        col(i::SCHOOL_ID),
        col(i::LEVEL),
        col(i::PRIZE_COUNT).cast(DataType::Int64),
        lit(1i64).cast(DataType::Int64).alias(COUNT),
    ]);
    let is_prize = col(i::PLACE)
        .is_not_null()
        .or(["diploma_1", "diploma_2", "diploma_3"]
            .into_iter()
            .fold(lit(false), |any, d| any.or(col(i::AWARD).eq(lit(d)))));
    let from_results = results.group_by([col(i::SCHOOL_ID), col(i::LEVEL)]).agg([
        when(is_prize)
            .then(col(i::RESULTS))
            .otherwise(lit(0i64))
            .cast(DataType::Int64)
            .sum()
            .alias(i::PRIZE_COUNT),
        sum_i64(i::RESULTS).alias(COUNT),
    ]);
    // Results only where the school reported no count for the level.
    let reported_levels =
        counted
            .clone()
            .select([col(i::SCHOOL_ID), col(i::LEVEL), lit(true).alias(HAS)]);
    let from_results = from_results
        .join(
            reported_levels,
            [col(i::SCHOOL_ID), col(i::LEVEL)],
            [col(i::SCHOOL_ID), col(i::LEVEL)],
            JoinArgs::new(JoinType::Left),
        )
        .filter(col(HAS).is_null())
        .select([
            col(i::SCHOOL_ID),
            col(i::LEVEL),
            col(i::PRIZE_COUNT),
            col(COUNT),
        ]);
    concat([counted, from_results], UnionArgs::default())
}

/// Olympiad prizes per level, the weighted score and prizes per 100 pupils.
pub(crate) fn olympiad_indicators(
    olympiads: LazyFrame,
    results: LazyFrame,
    enrolment: LazyFrame,
    weights: &[(String, f64)],
) -> PolarsResult<Vec<LazyFrame>> {
    let reported = prizes(olympiads, results)?;
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
        .agg([
            sum_i64(i::PRIZE_COUNT).alias(TOTAL),
            sum_i64(COUNT).alias(COUNT),
        ]);
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
            sum_i64(COUNT).alias(COUNT),
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
