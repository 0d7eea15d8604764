//! Staff indicators: teachers, the shares with higher education, training in five years and
//! awards, training hours per teacher and pupils per teacher; and, from the per-teacher
//! register, the share trained in five years ([`register_training`]).

use polars::prelude::*;

use super::input as i;
use super::shape::{COUNT, HAS, TOTAL, count, ratio};
use crate::pipeline::columns::{self as c, kind, source};

// Indicator codes (catalog codes; a unit test checks).
pub(crate) const TEACHERS_TOTAL: &str = "teachers_total";
pub(crate) const TEACHERS_HIGHER_ED: &str = "teachers_higher_ed_pct";
pub(crate) const TEACHERS_TRAINED_5Y: &str = "teachers_trained_5y_pct";
pub(crate) const TRAINING_HOURS: &str = "training_hours_per_teacher";
pub(crate) const TEACHERS_AWARDED: &str = "teachers_awarded_pct";
pub(crate) const PUPILS_PER_TEACHER: &str = "pupils_per_teacher";
/// Derived from the generation's teacher register by [`register_training`], never by
/// [`school_values`](super::school_values).
pub const TEACHERS_TRAINED_5Y_REGISTER: &str = "teachers_trained_5y_register_pct";

/// A course counts for the academic year it was in and the four after it (the former
/// once-in-five-years rule, DOMAIN.md §4; the code names the five).
const TRAINING_WINDOW_YEARS: i32 = 5;

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

/// `teachers_trained_5y_register_pct` per school and year of the register frame (one row per
/// year and register teacher, see [`input::LAST_TRAINING_YEAR`](super::input::LAST_TRAINING_YEAR)):
/// teachers whose latest attended course lies in the five academic years up to the year, per
/// 100 teachers in the register. A school none of whose register teachers has any attendance
/// on record keeps no per-teacher training records, so it gets no value (not 0).
/// `n_source_rows` is the teachers counted. Output: the contract columns.
pub fn register_training(register: LazyFrame) -> LazyFrame {
    let trained = col(i::LAST_TRAINING_YEAR)
        .gt(col(i::YEAR) - lit(TRAINING_WINDOW_YEARS))
        .fill_null(lit(false));
    let counted = register
        .with_column(trained.alias(COUNT))
        .group_by([col(i::YEAR), col(i::SCHOOL_ID)])
        .agg([
            len().cast(DataType::Int64).alias(TOTAL),
            col(COUNT).cast(DataType::Int64).sum().alias(COUNT),
            col(i::LAST_TRAINING_YEAR)
                .is_not_null()
                .cast(DataType::Int64)
                .sum()
                .alias(HAS),
        ])
        .filter(col(HAS).gt(lit(0i64)));
    let num = col(COUNT).cast(DataType::Float64);
    let den = col(TOTAL).cast(DataType::Float64);
    counted
        .select([
            lit(kind::SCHOOL).alias(c::ENTITY_KIND),
            col(i::SCHOOL_ID).cast(DataType::Int32).alias(c::ENTITY_ID),
            lit(TEACHERS_TRAINED_5Y_REGISTER).alias(c::INDICATOR),
            lit("").alias(c::SUBJECT),
            lit("").alias(c::GRADE_BAND),
            lit("").alias(c::PERIOD),
            col(i::YEAR).cast(DataType::Int32).alias(c::YEAR),
            num.clone().alias(c::NUMERATOR),
            den.clone().alias(c::DENOMINATOR),
            (num * lit(100.0) / den).alias(c::VALUE),
            lit(source::RAW).alias(c::SOURCE),
            col(TOTAL).alias(c::N_SOURCE_ROWS),
        ])
        .sort([c::YEAR, c::ENTITY_ID], SortMultipleOptions::default())
}
