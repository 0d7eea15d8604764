//! The long shape every indicator is emitted in (`entity_id`, `indicator`, `numerator`,
//! `denominator`, `value`, `source`, `n_source_rows`), the helpers that build it (a RAW ratio,
//! a RAW count, a value that does not aggregate) and the scratch columns of the kind modules,
//! listed together so that no two collide.

use polars::prelude::*;

use super::input as i;
use crate::pipeline::columns::{self as c, source};

// Scratch columns.
pub(crate) const ASSESSED: &str = "__assessed";
pub(crate) const MARKED: &str = "__marked";
pub(crate) const POINTS: &str = "__points";
pub(crate) const MARK_SUM: &str = "__mark_sum";
pub(crate) const HAS: &str = "__has";
pub(crate) const COUNT: &str = "__count";
pub(crate) const TOTAL: &str = "__total";
pub(crate) const SCORE_SUM: &str = "__score_sum";
pub(crate) const MEDIAN: &str = "__median";
pub(crate) const N_PASS: &str = "__n_pass";
pub(crate) const N_GOLD: &str = "__n_gold";
pub(crate) const WEIGHT: &str = "__weight";
pub(crate) const INDICATOR: &str = "__indicator";
pub(crate) const VALUE_1: &str = "__value_1";
pub(crate) const ROWS_1: &str = "__rows_1";

pub(crate) fn null_f64() -> Expr {
    lit(NULL).cast(DataType::Float64)
}

/// The intermediate long shape: `entity_id` (the school), `indicator`, `numerator`,
/// `denominator`, `value`, `source`, `n_source_rows`.
pub(crate) fn emit(
    lf: LazyFrame,
    indicator: Expr,
    numerator: Expr,
    denominator: Expr,
    value: Expr,
    source: &str,
    n_rows: Expr,
) -> LazyFrame {
    emit_keeping(
        lf,
        &[],
        indicator,
        numerator,
        denominator,
        value,
        source,
        n_rows,
    )
}

/// [`emit`], keeping the columns `keep` (dimension columns) after the long shape's.
#[allow(clippy::too_many_arguments)]
pub(crate) fn emit_keeping(
    lf: LazyFrame,
    keep: &[&str],
    indicator: Expr,
    numerator: Expr,
    denominator: Expr,
    value: Expr,
    source: &str,
    n_rows: Expr,
) -> LazyFrame {
    let mut columns = vec![
        col(i::SCHOOL_ID).cast(DataType::Int32).alias(c::ENTITY_ID),
        indicator.alias(c::INDICATOR),
        numerator.cast(DataType::Float64).alias(c::NUMERATOR),
        denominator.cast(DataType::Float64).alias(c::DENOMINATOR),
        value.cast(DataType::Float64).alias(c::VALUE),
        lit(source).alias(c::SOURCE),
        n_rows.cast(DataType::Int64).alias(c::N_SOURCE_ROWS),
    ];
    columns.extend(keep.iter().map(|k| col(*k)));
    lf.select(columns)
}

/// A RAW ratio: rows whose denominator is positive; `value = numerator × scale / denominator`,
/// the very expression `pipeline::aggregate` uses, so a district of one school gets the
/// school's value to the last bit.
pub(crate) fn ratio(
    lf: LazyFrame,
    indicator: &str,
    num: Expr,
    den: Expr,
    scale: f64,
    n_rows: Expr,
) -> LazyFrame {
    ratio_keeping(lf, &[], indicator, num, den, scale, n_rows)
}

/// [`ratio`], keeping the columns `keep` (see [`emit_keeping`]).
pub(crate) fn ratio_keeping(
    lf: LazyFrame,
    keep: &[&str],
    indicator: &str,
    num: Expr,
    den: Expr,
    scale: f64,
    n_rows: Expr,
) -> LazyFrame {
    let num = num.cast(DataType::Float64);
    let den = den.cast(DataType::Float64);
    emit_keeping(
        lf.filter(den.clone().gt(lit(0.0))),
        keep,
        lit(indicator),
        num.clone(),
        den.clone(),
        num * lit(scale) / den,
        source::RAW,
        n_rows,
    )
}

/// A RAW count (`Sum` aggregation): the count is numerator and value.
pub(crate) fn count(lf: LazyFrame, indicator: &str, n: Expr, n_rows: Expr) -> LazyFrame {
    let n = n.cast(DataType::Float64);
    emit(
        lf.filter(n.clone().is_not_null()),
        lit(indicator),
        n.clone(),
        null_f64(),
        n,
        source::RAW,
        n_rows,
    )
}

/// A value that does not aggregate: no numerator, no denominator.
pub(crate) fn plain(
    lf: LazyFrame,
    indicator: Expr,
    value: Expr,
    source: &str,
    n_rows: Expr,
) -> LazyFrame {
    emit(
        lf.filter(value.clone().is_not_null()),
        indicator,
        null_f64(),
        null_f64(),
        value,
        source,
        n_rows,
    )
}

/// Rows of `lf` whose school is not among `schools` (a frame with a `school_id` column).
pub(crate) fn without(lf: LazyFrame, schools: LazyFrame) -> LazyFrame {
    let marker = schools
        .select([col(i::SCHOOL_ID)])
        .unique(None, UniqueKeepStrategy::First)
        .with_column(lit(true).alias(HAS));
    lf.join(
        marker,
        [col(i::SCHOOL_ID)],
        [col(i::SCHOOL_ID)],
        JoinArgs::new(JoinType::Left),
    )
    .filter(col(HAS).is_null())
    .drop(by_name([HAS], true, false))
}

pub(crate) fn sum_i64(name: &str) -> Expr {
    col(name).cast(DataType::Int64).sum()
}
