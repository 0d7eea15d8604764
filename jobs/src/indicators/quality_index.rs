//! `quality_index`: Σ wᵢ · componentᵢ / Σ wᵢ over the components a school has in a year.
//!
//! The numerator is Σ wᵢ · componentᵢ and the denominator Σ wᵢ of the components present, so
//! a value built from fewer than all configured components shows it: its denominator is
//! below their total weight, and `crate::pipeline::flags` marks it PARTIAL (left out of
//! ranks, percentiles and peer medians by `crate::pipeline::compare`).

use polars::prelude::*;

use super::shape::{HAS, TOTAL, WEIGHT};
use crate::pipeline::columns::{self as c, source};

// Indicator codes (catalog codes; a unit test checks).
pub(crate) const QUALITY_INDEX: &str = "quality_index";

/// `quality_index` from one year's school values (the intermediate long shape).
pub(crate) fn quality_index(
    values: LazyFrame,
    weights: &[(String, f64)],
) -> PolarsResult<LazyFrame> {
    let weights: Vec<&(String, f64)> = weights.iter().filter(|(_, w)| *w > 0.0).collect();
    let weights = df!(
        c::INDICATOR => weights.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(),
        WEIGHT => weights.iter().map(|(_, w)| *w).collect::<Vec<_>>(),
    )?
    .lazy();
    let components = values
        .filter(col(c::VALUE).is_not_null())
        .join(
            weights,
            [col(c::INDICATOR)],
            [col(c::INDICATOR)],
            JoinArgs::new(JoinType::Inner),
        )
        // A fixed order within each school, so the float sums are the same on every run.
        .sort([c::ENTITY_ID, c::INDICATOR], SortMultipleOptions::default())
        .group_by([col(c::ENTITY_ID)])
        .agg([
            (col(WEIGHT) * col(c::VALUE)).sum().alias(TOTAL),
            col(WEIGHT).sum(),
            col(c::SOURCE)
                .eq(lit(source::REPORTED))
                .cast(DataType::Int64)
                .sum()
                .alias(HAS),
            col(c::N_SOURCE_ROWS).sum(),
        ]);
    Ok(components.select([
        col(c::ENTITY_ID),
        lit(QUALITY_INDEX).alias(c::INDICATOR),
        col(TOTAL).alias(c::NUMERATOR),
        col(WEIGHT).alias(c::DENOMINATOR),
        (col(TOTAL) / col(WEIGHT)).alias(c::VALUE),
        when(col(HAS).gt(lit(0i64)))
            .then(lit(source::REPORTED))
            .otherwise(lit(source::RAW))
            .alias(c::SOURCE),
        col(c::N_SOURCE_ROWS),
    ]))
}
