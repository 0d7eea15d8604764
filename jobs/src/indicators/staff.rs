//! Staff indicators: teachers, the shares with higher education, training in five years and
//! awards, training hours per teacher and pupils per teacher.

use polars::prelude::*;

use super::input as i;
use super::shape::{COUNT, HAS, TOTAL, count, ratio};

// Indicator codes (catalog codes; a unit test checks).
pub(crate) const TEACHERS_TOTAL: &str = "teachers_total";
pub(crate) const TEACHERS_HIGHER_ED: &str = "teachers_higher_ed_pct";
pub(crate) const TEACHERS_TRAINED_5Y: &str = "teachers_trained_5y_pct";
pub(crate) const TRAINING_HOURS: &str = "training_hours_per_teacher";
pub(crate) const TEACHERS_AWARDED: &str = "teachers_awarded_pct";
pub(crate) const PUPILS_PER_TEACHER: &str = "pupils_per_teacher";

/// Staff totals and shares, training hours and pupils per teacher.
pub(crate) fn staff_indicators(
    staff: LazyFrame,
    training: LazyFrame,
    enrolment: LazyFrame,
) -> Vec<LazyFrame> {
    let total = || col(i::TEACHERS_TOTAL);
    let share = |column: &str, indicator: &str| {
        ratio(
            staff.clone().filter(col(column).is_not_null()),
            indicator,
            col(column),
            total(),
            100.0,
            lit(1i64),
        )
    };
    let hours = training
        .group_by([col(i::SCHOOL_ID)])
        .agg([
            (col(i::HOURS).cast(DataType::Int64) * col(i::PARTICIPANTS).cast(DataType::Int64))
                .sum()
                .alias(TOTAL),
            col(i::HOURS)
                .is_null()
                .cast(DataType::Int64)
                .sum()
                .alias(HAS),
            len().cast(DataType::Int64).alias(COUNT),
        ])
        .filter(col(HAS).eq(lit(0i64)))
        .join(
            staff.clone(),
            [col(i::SCHOOL_ID)],
            [col(i::SCHOOL_ID)],
            JoinArgs::new(JoinType::Inner),
        );
    vec![
        count(staff.clone(), TEACHERS_TOTAL, total(), lit(1i64)),
        share(i::WITH_HIGHER_ED, TEACHERS_HIGHER_ED),
        share(i::TRAINED_LAST_5Y, TEACHERS_TRAINED_5Y),
        share(i::WITH_AWARD, TEACHERS_AWARDED),
        ratio(
            hours,
            TRAINING_HOURS,
            col(TOTAL),
            total(),
            1.0,
            col(COUNT) + lit(1i64),
        ),
        ratio(
            enrolment.join(
                staff,
                [col(i::SCHOOL_ID)],
                [col(i::SCHOOL_ID)],
                JoinArgs::new(JoinType::Inner),
            ),
            PUPILS_PER_TEACHER,
            col(i::ENROLMENT),
            total(),
            1.0,
            lit(2i64),
        ),
    ]
}
