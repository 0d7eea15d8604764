//! ORT indicators from the summer session: participants, mean, median, maximum, the share at
//! or above the year's grant threshold and gold certificates, from per-student cohort rows or,
//! for a school without them, its summary. Per test language (ky, ru, uz) the mean and the
//! pass share, and over every subject test the share at or above the year's subject threshold
//! (one code, not one per subject: the subject scales are unverified and differ by subject,
//! DOMAIN.md §2.2, while the ministry's subject threshold applies to all of them).

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

/// Test languages with their own mean and pass-share codes (DOMAIN.md §2.4): (language,
/// mean code, pass code).
pub(crate) const ORT_LANGUAGES: [(&str, &str, &str); 3] = [
    ("ky", "ort_mean_ky", "ort_pass_pct_ky"),
    ("ru", "ort_mean_ru", "ort_pass_pct_ru"),
    ("uz", "ort_mean_uz", "ort_pass_pct_uz"),
];
pub(crate) const ORT_SUBJECT_PASS: &str = "ort_subject_pass_pct";

/// The summer main-test mean and pass share per test language. As for the whole cohort,
/// cohort rows of a language win over the school's summary row for that language, and a
/// summary's pass count is used only when counted against the year's threshold. Cohort rows
/// without a test language are in the school's figures but in no language's.
pub(crate) fn ort_language_indicators(
    results: LazyFrame,
    summaries: LazyFrame,
    threshold: i32,
) -> Vec<LazyFrame> {
    let participants = || col(i::PARTICIPANTS);
    let one = || lit(1i64);
    let mut parts = Vec::new();
    for (language, mean, pass) in ORT_LANGUAGES {
        let cohort = results
            .clone()
            .filter(
                col(i::SESSION)
                    .eq(lit("summer"))
                    .and(col(i::LISTING).eq(lit("cohort")))
                    .and(col(i::TEST_LANGUAGE).eq(lit(language))),
            )
            .group_by([col(i::SCHOOL_ID)])
            .agg([
                len().cast(DataType::Int64).alias(i::PARTICIPANTS),
                sum_i64(i::MAIN_SCORE).alias(SCORE_SUM),
                col(i::MAIN_SCORE)
                    .gt_eq(lit(threshold))
                    .cast(DataType::Int64)
                    .sum()
                    .alias(N_PASS),
            ]);
        let summary = without(
            summaries.clone().filter(
                col(i::SESSION)
                    .eq(lit("summer"))
                    .and(col(i::TEST_LANGUAGE).eq(lit(language))),
            ),
            cohort.clone(),
        );
        parts.push(ratio(
            cohort.clone(),
            mean,
            col(SCORE_SUM),
            participants(),
            1.0,
            participants(),
        ));
        parts.push(ratio(
            cohort,
            pass,
            col(N_PASS),
            participants(),
            100.0,
            participants(),
        ));
        parts.push(emit(
            summary.clone().filter(
                col(i::MEAN_SCORE)
                    .is_not_null()
                    .and(participants().gt(lit(0))),
            ),
            lit(mean),
            col(i::MEAN_SCORE) * participants().cast(DataType::Float64),
            participants(),
            col(i::MEAN_SCORE),
            source::RAW,
            one(),
        ));
        parts.push(ratio(
            summary.filter(
                col(i::N_GE_THRESHOLD)
                    .is_not_null()
                    .and(col(i::THRESHOLD).eq(lit(threshold))),
            ),
            pass,
            col(i::N_GE_THRESHOLD),
            participants(),
            100.0,
            one(),
        ));
    }
    parts
}

/// The share of the summer cohort's subject tests at or above the year's subject threshold;
/// nothing without a threshold. Top-scorer lists are left out (not the whole cohort).
pub(crate) fn ort_subject_indicators(
    subject_scores: LazyFrame,
    subject_threshold: Option<i32>,
) -> Vec<LazyFrame> {
    let Some(threshold) = subject_threshold else {
        return Vec::new();
    };
    let tests = subject_scores
        .filter(
            col(i::SESSION)
                .eq(lit("summer"))
                .and(col(i::LISTING).eq(lit("cohort"))),
        )
        .group_by([col(i::SCHOOL_ID)])
        .agg([
            len().cast(DataType::Int64).alias(COUNT),
            col(i::SUBJECT_SCORE)
                .gt_eq(lit(threshold))
                .cast(DataType::Int64)
                .sum()
                .alias(N_PASS),
        ]);
    vec![ratio(
        tests,
        ORT_SUBJECT_PASS,
        col(N_PASS),
        col(COUNT),
        100.0,
        col(COUNT),
    )]
}
