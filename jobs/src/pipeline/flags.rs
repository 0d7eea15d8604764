//! Data-quality flags that travel with each value, so that a dashboard can say why a
//! figure deserves care without hiding it.

use polars::prelude::*;

use super::columns::{self as c, aggregation, flag, source};

/// The denominator below which a ratio is flagged `SMALL_SAMPLE` in the nightly job: with
/// fewer than 20 pupils one pupil moves a percentage by more than 5 points.
pub const DEFAULT_SMALL_SAMPLE_BELOW: f64 = 20.0;

// Scratch columns, dropped before returning.
const PREV_VALUE: &str = "__prev_value";
const HAS_TWO_BACK: &str = "__has_two_back";
const IS_RATIO: &str = "__is_ratio";

/// Returns `values` unchanged (same rows, same columns, same order) plus a `flags` column:
/// the names below that apply, sorted and comma-separated, or `""` when none apply.
///
/// - `JUMP`: |value − value of year − 1| > `jump_threshold` for the same entity and
///   indicator. Only the immediately previous year is compared: across a gap there is no
///   jump, because there is no neighbour.
/// - `MISSING_YEAR`: this year has a value, year − 1 has none (no row or a null value) and
///   year − 2 has one, i.e. a single-year hole in the series. The hole itself has no row
///   to carry a flag (or a row with a null value), so the first value after it carries
///   it. Longer holes are not flagged; `n_points` in [`super::trend_stats`] shows them.
/// - `REPORTED`: `source = "REPORTED"`.
/// - `SMALL_SAMPLE`: the indicator's catalog aggregation is `"ratio"` and
///   `denominator < small_sample_below` (see [`DEFAULT_SMALL_SAMPLE_BELOW`]).
///   Indicators missing from `catalog` are never flagged as small samples.
///
/// "Has a value" always means a non-null `value`. Rows are expected to be unique per
/// (entity_kind, entity_id, indicator, year), as the data contract says.
pub fn flags(
    values: LazyFrame,
    catalog: LazyFrame,
    jump_threshold: f64,
    small_sample_below: f64,
) -> LazyFrame {
    let keys = || {
        [
            col(c::ENTITY_KIND),
            col(c::ENTITY_ID),
            col(c::INDICATOR),
            col(c::YEAR),
        ]
    };
    let present = values.clone().filter(col(c::VALUE).is_not_null());
    // Each lookup moves a present year forward, so joining on `year` finds year − k.
    let previous_year = present.clone().select([
        col(c::ENTITY_KIND),
        col(c::ENTITY_ID),
        col(c::INDICATOR),
        (col(c::YEAR) + lit(1)).alias(c::YEAR),
        col(c::VALUE).alias(PREV_VALUE),
    ]);
    let two_years_back = present.select([
        col(c::ENTITY_KIND),
        col(c::ENTITY_ID),
        col(c::INDICATOR),
        (col(c::YEAR) + lit(2)).alias(c::YEAR),
        lit(true).alias(HAS_TWO_BACK),
    ]);
    let ratio = catalog.select([
        col(c::INDICATOR),
        col(c::AGGREGATION)
            .eq(lit(aggregation::RATIO))
            .alias(IS_RATIO),
    ]);
    values
        .join(previous_year, keys(), keys(), left_join_keeping_order())
        .join(two_years_back, keys(), keys(), left_join_keeping_order())
        .join(
            ratio,
            [col(c::INDICATOR)],
            [col(c::INDICATOR)],
            left_join_keeping_order(),
        )
        .with_column(flag_list(jump_threshold, small_sample_below).alias(c::FLAGS))
        .drop(by_name([PREV_VALUE, HAS_TWO_BACK, IS_RATIO], true, false))
}

/// A left join that keeps the left frame's row order, so `flags` returns rows as given.
fn left_join_keeping_order() -> JoinArgs {
    JoinArgs {
        maintain_order: MaintainOrderJoin::Left,
        ..JoinArgs::new(JoinType::Left)
    }
}

/// The `flags` string from the joined scratch columns.
///
/// Each condition yields its name or null; `concat_str` skips the nulls. The inputs are
/// listed alphabetically, which makes the output sorted. Comparisons with a null (no
/// previous year, null value or denominator) are null, and `when` treats null as false.
fn flag_list(jump_threshold: f64, small_sample_below: f64) -> Expr {
    let change = col(c::VALUE) - col(PREV_VALUE);
    // |change| > threshold, spelled as two comparisons to avoid the "abs" feature.
    let jump = change
        .clone()
        .gt(lit(jump_threshold))
        .or(change.lt(lit(-jump_threshold)));
    let missing_year = col(c::VALUE)
        .is_not_null()
        .and(col(PREV_VALUE).is_null())
        .and(col(HAS_TWO_BACK).fill_null(lit(false)));
    let reported = col(c::SOURCE).eq(lit(source::REPORTED));
    let small_sample = col(IS_RATIO)
        .fill_null(lit(false))
        .and(col(c::DENOMINATOR).lt(lit(small_sample_below)));
    let name_if = |condition: Expr, name: &str| {
        when(condition)
            .then(lit(name))
            .otherwise(lit(NULL).cast(DataType::String))
    };
    concat_str(
        [
            name_if(jump, flag::JUMP),
            name_if(missing_year, flag::MISSING_YEAR),
            name_if(reported, flag::REPORTED),
            name_if(small_sample, flag::SMALL_SAMPLE),
        ],
        ",",
        true,
    )
    .fill_null(lit(""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::test_data::{Row, catalog_frame, str_at, values_frame};

    const QUALITY: &str = "knowledge_quality";
    const PRIZES: &str = "olympiad_prizes";

    fn catalog() -> LazyFrame {
        catalog_frame(&[(QUALITY, true, "ratio", 100.0), (PRIZES, true, "sum", 1.0)])
    }

    fn flags_of(rows: &[Row]) -> Vec<String> {
        let df = flags(
            values_frame(rows),
            catalog(),
            5.0,
            DEFAULT_SMALL_SAMPLE_BELOW,
        )
        .collect()
        .expect("collect");
        assert_eq!(df.height(), rows.len(), "one output row per input row");
        (0..df.height())
            .map(|i| str_at(&df, c::FLAGS, i).expect("flags is never null"))
            .collect()
    }

    fn quality(year: i32, value: Option<f64>) -> Row {
        Row::value("school", 45, QUALITY, year, value)
    }

    #[test]
    fn seed_003_series_has_one_jump() {
        // 34 → 42 is +8 (> 5); the other steps are 2, 1 and 4.
        let rows: Vec<_> = [
            (2017, 34.0),
            (2018, 42.0),
            (2019, 40.0),
            (2020, 39.0),
            (2021, 35.0),
        ]
        .into_iter()
        .map(|(year, v)| quality(year, Some(v)))
        .collect();
        assert_eq!(flags_of(&rows), ["", "JUMP", "", "", ""]);
    }

    #[test]
    fn jump_compares_only_with_the_year_before() {
        let rows = vec![
            quality(2017, Some(50.0)),
            quality(2019, Some(30.0)),
            quality(2020, Some(24.0)),
            // A jump downwards of exactly the threshold is not a jump.
            quality(2021, Some(19.0)),
        ];
        // 2019 follows a one-year hole (no jump across it); 2020 falls 6.
        assert_eq!(flags_of(&rows), ["", "MISSING_YEAR", "JUMP", ""]);
    }

    #[test]
    fn missing_year_flags_the_value_after_a_single_year_hole() {
        let rows = vec![
            quality(2016, Some(40.0)),
            quality(2017, Some(41.0)),
            quality(2018, None),
            quality(2019, Some(42.0)),
            // 2020 and 2021 are missing: a two-year hole is not flagged.
            quality(2022, Some(43.0)),
        ];
        assert_eq!(flags_of(&rows), ["", "", "", "MISSING_YEAR", ""]);
    }

    #[test]
    fn reported_and_small_sample() {
        let rows = vec![
            // 5 of 12 pupils: a ratio with a small denominator, also a reported figure.
            Row {
                numerator: Some(5.0),
                denominator: Some(12.0),
                ..quality(2021, Some(41.7)).reported()
            },
            Row::school_ratio(46, QUALITY, 2021, 10.0, 20.0),
            Row::school_ratio(47, QUALITY, 2021, 10.0, 19.0),
            // A "sum" indicator is never a small sample, whatever its denominator.
            Row {
                numerator: Some(3.0),
                denominator: Some(1.0),
                ..Row::value("school", 45, PRIZES, 2021, Some(3.0))
            },
            // Not in the catalog: keeps its row, only source-based flags apply.
            Row::value("school", 45, "unknown", 2021, Some(1.0)).reported(),
        ];
        assert_eq!(
            flags_of(&rows),
            ["REPORTED,SMALL_SAMPLE", "", "SMALL_SAMPLE", "", "REPORTED"]
        );
    }

    #[test]
    fn several_flags_are_joined_in_sorted_order() {
        let rows = vec![
            quality(2019, Some(60.0)),
            Row {
                numerator: Some(3.0),
                denominator: Some(10.0),
                ..quality(2021, Some(30.0)).reported()
            },
            // A jump needs the previous year, so a second series shows JUMP with the rest.
            Row::value("region", 3, QUALITY, 2019, Some(50.0)),
            Row {
                numerator: Some(3.0),
                denominator: Some(10.0),
                ..Row::value("region", 3, QUALITY, 2020, Some(30.0)).reported()
            },
        ];
        assert_eq!(
            flags_of(&rows),
            [
                "",
                "MISSING_YEAR,REPORTED,SMALL_SAMPLE",
                "",
                "JUMP,REPORTED,SMALL_SAMPLE"
            ]
        );
    }
}
