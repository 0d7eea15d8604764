//! Condition indicators: enrolment, pupils per computer, textbook provision and capacity
//! utilisation (the last from the whole generation's enrolment values and the register's
//! design capacity).

use polars::prelude::*;

use super::input as i;
use super::shape::{COUNT, count, plain, ratio, sum_i64, without};
use crate::pipeline::columns::{self as c, kind, source};

// Indicator codes (catalog codes; a unit test checks).
pub(crate) const ENROLMENT: &str = "enrolment";
/// Derived from the whole generation's enrolment values by [`capacity_utilisation`], never by
/// [`school_values`](super::school_values).
pub const CAPACITY_UTILISATION: &str = "capacity_utilisation_pct";
pub(crate) const PUPILS_PER_COMPUTER: &str = "pupils_per_computer";
pub(crate) const TEXTBOOK_PROVISION: &str = "textbook_provision_pct";

/// Enrolment, pupils per computer and textbook provision.
pub(crate) fn condition_indicators(
    enrolment: LazyFrame,
    infrastructure: LazyFrame,
    textbooks: LazyFrame,
) -> PolarsResult<Vec<LazyFrame>> {
    let with_counts = textbooks.clone().filter(
        col(i::REQUIRED)
            .is_not_null()
            .and(col(i::AVAILABLE).is_not_null()),
    );
    let whole = with_counts
        .clone()
        .filter(col(i::GRADE_BAND).eq(lit("all")))
        .select([
            col(i::SCHOOL_ID),
            col(i::REQUIRED).cast(DataType::Int64),
            col(i::AVAILABLE).cast(DataType::Int64),
            lit(1i64).cast(DataType::Int64).alias(COUNT),
        ]);
    let bands = without(
        with_counts.filter(col(i::GRADE_BAND).neq(lit("all"))),
        whole.clone(),
    )
    .group_by([col(i::SCHOOL_ID)])
    .agg([
        sum_i64(i::REQUIRED),
        sum_i64(i::AVAILABLE),
        len().cast(DataType::Int64).alias(COUNT),
    ]);
    let counted = concat([whole, bands], UnionArgs::default())?;
    let pct_only = without(
        textbooks.filter(
            col(i::GRADE_BAND)
                .eq(lit("all"))
                .and(col(i::PROVISION_PCT).is_not_null()),
        ),
        counted.clone(),
    );
    Ok(vec![
        count(enrolment.clone(), ENROLMENT, col(i::ENROLMENT), lit(1i64)),
        ratio(
            enrolment.join(
                infrastructure,
                [col(i::SCHOOL_ID)],
                [col(i::SCHOOL_ID)],
                JoinArgs::new(JoinType::Inner),
            ),
            PUPILS_PER_COMPUTER,
            col(i::ENROLMENT),
            col(i::COMPUTERS),
            1.0,
            lit(2i64),
        ),
        ratio(
            counted,
            TEXTBOOK_PROVISION,
            col(i::AVAILABLE),
            col(i::REQUIRED),
            100.0,
            col(COUNT),
        ),
        plain(
            pct_only,
            lit(TEXTBOOK_PROVISION),
            col(i::PROVISION_PCT),
            source::REPORTED,
            lit(1i64),
        ),
    ])
}

/// `capacity_utilisation_pct` = enrolment / design capacity × 100 for every school `enrolment`
/// value in `school_values` (any years), with the capacity from `geo`'s
/// [`input::DESIGN_CAPACITY`]. May exceed 100 (overcrowding). Output: the contract columns.
pub fn capacity_utilisation(school_values: LazyFrame, geo: LazyFrame) -> LazyFrame {
    let rows = school_values
        .filter(
            col(c::ENTITY_KIND)
                .eq(lit(kind::SCHOOL))
                .and(col(c::INDICATOR).eq(lit(ENROLMENT)))
                .and(col(c::NUMERATOR).is_not_null()),
        )
        .join(
            geo.select([col(c::SCHOOL_ID), col(i::DESIGN_CAPACITY)]),
            [col(c::ENTITY_ID)],
            [col(c::SCHOOL_ID)],
            JoinArgs::new(JoinType::Inner),
        )
        .filter(col(i::DESIGN_CAPACITY).gt(lit(0)));
    let enrolment = col(c::NUMERATOR);
    let capacity = col(i::DESIGN_CAPACITY).cast(DataType::Float64);
    rows.select([
        col(c::ENTITY_KIND),
        col(c::ENTITY_ID),
        lit(CAPACITY_UTILISATION).alias(c::INDICATOR),
        lit("").alias(c::SUBJECT),
        lit("").alias(c::GRADE_BAND),
        lit("").alias(c::PERIOD),
        col(c::YEAR),
        enrolment.clone().alias(c::NUMERATOR),
        capacity.clone().alias(c::DENOMINATOR),
        (enrolment * lit(100.0) / capacity).alias(c::VALUE),
        lit(source::RAW).alias(c::SOURCE),
        col(c::N_SOURCE_ROWS),
    ])
}
