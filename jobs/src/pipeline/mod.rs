//! The pure polars part of the nightly trend engine: `LazyFrame` in, `LazyFrame` out, no
//! database and no async. The job loads long-format frames (see [`columns`] for the data
//! contract), runs these steps and writes the results back:
//!
//! 1. [`aggregate`]: district, region and country values from school counts
//!    (sum numerators and denominators, then divide);
//! 2. [`disclose`]: values over too few people withheld, person-level values coarsened,
//!    before anything below sees them; [`complement`]: more cells withheld so that no area
//!    sum gives a withheld one back by subtraction;
//! 3. [`trend_stats`]: per-series statistics over a window of years;
//! 4. [`compare`]: each school's rank, percentile and gaps among other schools;
//! 5. [`flags`]: data-quality flags per value (and [`disclosure_flags`]).
//!
//! Nothing here collects; the caller decides when (and on which thread: `collect` must not
//! run on a current-thread tokio runtime, STACK.md §6.1).

mod aggregate;
pub mod columns;
mod compare;
pub mod disclose;
mod flags;
mod trend;

#[cfg(test)]
pub(crate) mod test_data;

pub use aggregate::aggregate;
pub use compare::compare;
pub use disclose::{complement, disclose, disclosure_flags};
pub use flags::flags;
pub use trend::{MIN_TREND_POINTS, trend_stats};

use polars::prelude::{Expr, col, lit, when};

/// Key columns `before`, the dimension columns ([`columns::DIMS`]), then `after`: every key
/// naming an indicator names its dimensions too.
pub(crate) fn keyed(before: &[&str], after: &[&str]) -> Vec<Expr> {
    before
        .iter()
        .chain(columns::DIMS.iter())
        .chain(after)
        .map(|n| col(*n))
        .collect()
}

/// [`keyed`] as column names.
pub fn keyed_names(before: &[&'static str], after: &[&'static str]) -> Vec<&'static str> {
    before
        .iter()
        .chain(columns::DIMS.iter())
        .chain(after)
        .copied()
        .collect()
}

/// |e|, spelled with a comparison to avoid polars' "abs" feature.
fn abs(e: Expr) -> Expr {
    when(e.clone().lt(lit(0.0))).then(-e.clone()).otherwise(e)
}
