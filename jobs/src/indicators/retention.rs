//! Retention (контингентин сактоо, DOMAIN.md §6): pupils who left during the year per 100
//! enrolled at its start, and the share of the year before's grade 9 who did not continue to
//! grade 10 at the school.
//!
//! Counts that contradict their denominator (more leavers than pupils) give no value rather
//! than a share above 100: the two come from different rows (and, for grade 9, different
//! years) that no import checks against each other.

use polars::prelude::*;

use super::input as i;
use super::shape::ratio;

// Indicator codes (catalog codes; a unit test checks).
pub(crate) const LEFT_MID_YEAR: &str = "left_mid_year_pct";
pub(crate) const LEAVERS_AFTER_GRADE9: &str = "leavers_after_grade9_pct";

/// Left mid-year and leavers after grade 9, from the enrolment frame.
pub(crate) fn retention_indicators(enrolment: LazyFrame) -> Vec<LazyFrame> {
    let within = |part: &str, whole: &str| {
        col(part)
            .is_not_null()
            .and(col(whole).is_not_null())
            .and(col(part).lt_eq(col(whole)))
    };
    vec![
        ratio(
            enrolment
                .clone()
                .filter(within(i::LEFT_MID_YEAR, i::ENROLMENT)),
            LEFT_MID_YEAR,
            col(i::LEFT_MID_YEAR),
            col(i::ENROLMENT),
            100.0,
            lit(1i64),
        ),
        // Two source rows: this year's snapshot and the year before's grade 9.
        ratio(
            enrolment.filter(within(i::LEAVERS_AFTER_GRADE9, i::GRADE9_YEAR_BEFORE)),
            LEAVERS_AFTER_GRADE9,
            col(i::LEAVERS_AFTER_GRADE9),
            col(i::GRADE9_YEAR_BEFORE),
            100.0,
            lit(2i64),
        ),
    ]
}
