//! ORT indicators from the summer session: participants, mean, median, maximum, the share at
//! or above the year's grant threshold and gold certificates, from per-student cohort rows or,
//! for a school without them, its summary.

use polars::prelude::*;

use super::input as i;
use super::shape::{
    COUNT, MEDIAN, N_GOLD, N_PASS, SCORE_SUM, count, emit, plain, ratio, sum_i64, without,
};
use crate::pipeline::columns::source;

// Indicator codes (catalog codes; a unit test checks).
pub(crate) const ORT_PARTICIPANTS: &str = "ort_participants";
pub(crate) const ORT_MEAN: &str = "ort_mean";
pub(crate) const ORT_MEDIAN: &str = "ort_median";
pub(crate) const ORT_MAX: &str = "ort_max";
pub(crate) const ORT_PASS: &str = "ort_pass_pct";
pub(crate) const ORT_GOLD: &str = "ort_gold_certificates";

/// ORT participants, mean, median, maximum, pass share and gold certificates.
pub(crate) fn ort_indicators(
    results: LazyFrame,
    summaries: LazyFrame,
    threshold: i32,
) -> PolarsResult<Vec<LazyFrame>> {
    let summer = results.filter(col(i::SESSION).eq(lit("summer")));
    let cohort = summer
        .clone()
        .filter(col(i::LISTING).eq(lit("cohort")))
        .group_by([col(i::SCHOOL_ID)])
        .agg([
            len().cast(DataType::Int64).alias(i::PARTICIPANTS),
            sum_i64(i::MAIN_SCORE).alias(SCORE_SUM),
            col(i::MAIN_SCORE)
                .cast(DataType::Float64)
                .median()
                .alias(MEDIAN),
            col(i::MAIN_SCORE)
                .gt_eq(lit(threshold))
                .cast(DataType::Int64)
                .sum()
                .alias(N_PASS),
            col(i::GOLD).cast(DataType::Int64).sum().alias(N_GOLD),
        ]);
    let whole_cohort = summaries.filter(
        col(i::SESSION)
            .eq(lit("summer"))
            .and(col(i::TEST_LANGUAGE).eq(lit("all"))),
    );
    // Schools without per-student cohort rows fall back on their summary.
    let summary = without(whole_cohort.clone(), cohort.clone());
    let one = || lit(1i64);
    let participants = || col(i::PARTICIPANTS);
    let with_mean = summary.clone().filter(
        col(i::MEAN_SCORE)
            .is_not_null()
            .and(participants().gt(lit(0))),
    );
    let pass_counted = summary.clone().filter(
        col(i::N_GE_THRESHOLD)
            .is_not_null()
            .and(col(i::THRESHOLD).eq(lit(threshold))),
    );
    let maxima = concat(
        [
            summer.select([
                col(i::SCHOOL_ID),
                col(i::MAIN_SCORE).cast(DataType::Float64).alias(MEDIAN),
            ]),
            whole_cohort.select([
                col(i::SCHOOL_ID),
                col(i::MAX_SCORE).cast(DataType::Float64).alias(MEDIAN),
            ]),
        ],
        UnionArgs::default(),
    )?
    .filter(col(MEDIAN).is_not_null())
    .group_by([col(i::SCHOOL_ID)])
    .agg([col(MEDIAN).max(), len().alias(COUNT)]);
    Ok(vec![
        count(
            cohort.clone(),
            ORT_PARTICIPANTS,
            participants(),
            participants(),
        ),
        ratio(
            cohort.clone(),
            ORT_MEAN,
            col(SCORE_SUM),
            participants(),
            1.0,
            participants(),
        ),
        plain(
            cohort.clone(),
            lit(ORT_MEDIAN),
            col(MEDIAN),
            source::RAW,
            participants(),
        ),
        ratio(
            cohort.clone(),
            ORT_PASS,
            col(N_PASS),
            participants(),
            100.0,
            participants(),
        ),
        count(cohort, ORT_GOLD, col(N_GOLD), participants()),
        // The school's own summary: one source row each.
        count(summary.clone(), ORT_PARTICIPANTS, participants(), one()),
        emit(
            with_mean,
            lit(ORT_MEAN),
            col(i::MEAN_SCORE) * participants().cast(DataType::Float64),
            participants(),
            col(i::MEAN_SCORE),
            source::RAW,
            one(),
        ),
        plain(
            summary.clone(),
            lit(ORT_MEDIAN),
            col(i::MEDIAN_SCORE),
            source::RAW,
            one(),
        ),
        ratio(
            pass_counted,
            ORT_PASS,
            col(i::N_GE_THRESHOLD),
            participants(),
            100.0,
            one(),
        ),
        count(summary, ORT_GOLD, col(i::GOLD_CERTIFICATES), one()),
        plain(maxima, lit(ORT_MAX), col(MEDIAN), source::RAW, col(COUNT)),
    ])
}
