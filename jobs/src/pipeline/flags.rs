//! Data-quality flags that travel with each value, so that a dashboard can say why a
//! figure deserves care without hiding it.

use polars::prelude::*;

use super::columns::{self as c, flag, source};
use super::{abs, keyed, keyed_names};

// Scratch columns, dropped before returning.
const PREV_VALUE: &str = "__prev_value";
const PREV_PRESENT_YEAR: &str = "__prev_present_year";

/// Returns `values` unchanged (same rows, same columns, same order) plus a `flags` column:
/// the names below that apply, sorted and comma-separated, or `""` when none apply.
///
/// `rules` is one row per indicator (`indicator` and the rule columns of [`c::FLAT_UNITS`]
/// …; `crate::frame::rules_frame`); an indicator without a row gets no rule-based flag.
///
/// - `JUMP`: the change from the value of year − 1 (same entity and indicator) is more
///   than the indicator's `jump_units` *and* more than `jump_relative` × |value of year − 1|
///   (a null part does not apply). Only the immediately previous year is compared: across
///   a gap there is no jump, because there is no neighbour.
/// - `MISSING_YEAR`: this year has a value, year − 1 has none (no row or a null value) and
///   an earlier year has one, i.e. a hole of any length in the series. The hole itself has
///   no row to carry a flag (or a row with a null value), so the first value after it
///   carries it.
/// - `PARTIAL`: [`is_partial`]: the denominator is below the indicator's
///   `complete_denominator` (`quality_index` over fewer than all its components).
/// - `REPORTED`: `source = "REPORTED"`.
/// - `SMALL_SAMPLE`: `denominator < small_sample_below` of the indicator; a null rule
///   (a denominator that does not count people) never flags.
///
/// "Has a value" always means a non-null `value`. Rows are expected to be unique per
/// (entity_kind, entity_id, indicator, year), as the data contract says.
///
/// # Errors
/// None in practice (polars' `over` errs only without partition columns).
pub fn flags(values: LazyFrame, rules: LazyFrame) -> PolarsResult<LazyFrame> {
    let series = || keyed(&[c::ENTITY_KIND, c::ENTITY_ID, c::INDICATOR], &[]);
    let keys = || keyed(&[c::ENTITY_KIND, c::ENTITY_ID, c::INDICATOR], &[c::YEAR]);
    let present = values.clone().filter(col(c::VALUE).is_not_null());
    // Moving each present year forward one, a join on `year` finds year − 1.
    let previous_year = present.clone().select(
        series()
            .into_iter()
            .chain([
                (col(c::YEAR) + lit(1)).alias(c::YEAR),
                col(c::VALUE).alias(PREV_VALUE),
            ])
            .collect::<Vec<_>>(),
    );
    // The latest earlier year with a value, for each year with one.
    let earlier_present = present
        .select(keys())
        .sort(
            keyed_names(&[c::ENTITY_KIND, c::ENTITY_ID, c::INDICATOR], &[c::YEAR]),
            SortMultipleOptions::default(),
        )
        .with_column(
            col(c::YEAR)
                .shift(lit(1))
                .over(series())?
                .alias(PREV_PRESENT_YEAR),
        );
    let rules = rules.select([
        col(c::INDICATOR),
        col(c::JUMP_UNITS),
        col(c::JUMP_RELATIVE),
        col(c::SMALL_SAMPLE_BELOW),
        col(c::COMPLETE_DENOMINATOR),
    ]);
    Ok(values
        .join(previous_year, keys(), keys(), left_join_keeping_order())
        .join(earlier_present, keys(), keys(), left_join_keeping_order())
        .join(
            rules,
            [col(c::INDICATOR)],
            [col(c::INDICATOR)],
            left_join_keeping_order(),
        )
        .with_column(flag_list().alias(c::FLAGS))
        .drop(by_name(
            [
                PREV_VALUE,
                PREV_PRESENT_YEAR,
                c::JUMP_UNITS,
                c::JUMP_RELATIVE,
                c::SMALL_SAMPLE_BELOW,
                c::COMPLETE_DENOMINATOR,
            ],
            true,
            false,
        )))
}

/// A value over less than its indicator's complete denominator (on the `denominator` and
/// [`c::COMPLETE_DENOMINATOR`] columns): flagged PARTIAL here, never ranked by
/// [`super::compare`]. A tolerance keeps float sums of weights from making a complete
/// index partial.
pub(super) fn is_partial() -> Expr {
    col(c::DENOMINATOR).lt(col(c::COMPLETE_DENOMINATOR) - lit(1e-9))
}

/// A left join that keeps the left frame's row order, so `flags` returns rows as given.
fn left_join_keeping_order() -> JoinArgs {
    JoinArgs {
        maintain_order: MaintainOrderJoin::Left,
        ..JoinArgs::new(JoinType::Left)
    }
}

/// The `flags` string from the joined scratch and rule columns.
///
/// Each condition yields its name or null; `concat_str` skips the nulls. The inputs are
/// listed alphabetically, which makes the output sorted. Comparisons with a null (no
/// previous year, null value or denominator) are null, and `when` treats null as false.
fn flag_list() -> Expr {
    let change = abs(col(c::VALUE) - col(PREV_VALUE));
    // A null part of the rule does not apply: 0 makes its condition "any change".
    let jump = change
        .clone()
        .gt(col(c::JUMP_UNITS).fill_null(lit(0.0)))
        .and(change.gt(col(c::JUMP_RELATIVE).fill_null(lit(0.0)) * abs(col(PREV_VALUE))))
        .and(
            col(c::JUMP_UNITS)
                .is_not_null()
                .or(col(c::JUMP_RELATIVE).is_not_null()),
        );
    let missing_year = col(c::VALUE)
        .is_not_null()
        .and(col(PREV_PRESENT_YEAR).lt(col(c::YEAR) - lit(1)));
    let reported = col(c::SOURCE).eq(lit(source::REPORTED));
    let small_sample = col(c::DENOMINATOR).lt(col(c::SMALL_SAMPLE_BELOW));
    let name_if = |condition: Expr, name: &str| {
        when(condition)
            .then(lit(name))
            .otherwise(lit(NULL).cast(DataType::String))
    };
    concat_str(
        [
            name_if(jump, flag::JUMP),
            name_if(missing_year, flag::MISSING_YEAR),
            name_if(is_partial(), flag::PARTIAL),
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
    use crate::pipeline::test_data::{Row, rules_frame, str_at, values_frame};

    const QUALITY: &str = "knowledge_quality";
    const PRIZES: &str = "olympiad_prizes";
    const ENROLMENT: &str = "enrolment";
    const PER_COMPUTER: &str = "pupils_per_computer";
    const INDEX: &str = "quality_index";

    fn rules() -> LazyFrame {
        rules_frame(&[
            (QUALITY, Some(0.5), None, Some(5.0), None, Some(20.0), None),
            (
                PRIZES,
                Some(0.25),
                Some(0.02),
                Some(3.0),
                Some(0.5),
                None,
                None,
            ),
            (ENROLMENT, None, Some(0.02), None, Some(0.2), None, None),
            (PER_COMPUTER, None, Some(0.02), None, Some(0.2), None, None),
            (INDEX, None, None, Some(10.0), None, None, Some(1.0)),
        ])
    }

    fn flags_of(rows: &[Row]) -> Vec<String> {
        let df = flags(values_frame(rows), rules())
            .expect("plan")
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
    fn missing_year_flags_the_value_after_a_hole_of_any_length() {
        let rows = vec![
            quality(2016, Some(40.0)),
            quality(2017, Some(41.0)),
            quality(2018, None),
            quality(2019, Some(42.0)),
            // 2020 and 2021 are missing: a two-year hole is flagged too.
            quality(2022, Some(43.0)),
            // Rows out of year order change nothing.
            quality(2025, Some(44.0)),
            quality(2024, Some(43.5)),
        ];
        assert_eq!(
            flags_of(&rows),
            [
                "",
                "",
                "",
                "MISSING_YEAR",
                "MISSING_YEAR",
                "",
                "MISSING_YEAR"
            ]
        );
    }

    #[test]
    fn a_relative_jump_rule_follows_the_size_of_the_value() {
        let enrolment = |id, year, v| Row::value("school", id, ENROLMENT, year, Some(v));
        let rows = vec![
            // 800 → 811 is 1.4 %: no jump; 811 → 600 is −26 %: a jump.
            enrolment(1, 2019, 800.0),
            enrolment(1, 2020, 811.0),
            enrolment(1, 2021, 600.0),
            // 40 → 51 is the same 11 pupils, but 27 %.
            enrolment(2, 2020, 40.0),
            enrolment(2, 2021, 51.0),
        ];
        assert_eq!(flags_of(&rows), ["", "", "JUMP", "", "JUMP"]);
    }

    #[test]
    fn a_jump_of_small_counts_must_pass_both_parts() {
        let prizes = |year, v| Row::value("school", 3, PRIZES, year, Some(v));
        // 1 → 2 doubles but is one prize; 2 → 6 is +4 and +200 %; 6 → 9.5 is +3.5 but +58 %;
        // 9.5 → 13 is +3.5 and +37 %.
        let rows = vec![
            prizes(2017, 1.0),
            prizes(2018, 2.0),
            prizes(2019, 6.0),
            prizes(2020, 9.5),
            prizes(2021, 13.0),
        ];
        assert_eq!(flags_of(&rows), ["", "", "JUMP", "JUMP", ""]);
    }

    #[test]
    fn an_index_without_all_its_components_is_partial() {
        let index = |id, weight: f64| Row {
            numerator: Some(50.0 * weight),
            denominator: Some(weight),
            ..Row::value("school", id, INDEX, 2021, Some(50.0))
        };
        // Weights 0.35 + 0.15 + 0.25 + 0.10 + 0.15 sum to 1.0000000000000002 in floats.
        let all = 0.35 + 0.15 + 0.25 + 0.10 + 0.15;
        let rows = vec![index(1, all), index(2, 0.5), index(3, 0.999)];
        assert_eq!(flags_of(&rows), ["", "PARTIAL", "PARTIAL"]);
    }

    #[test]
    fn a_denominator_that_counts_no_people_is_never_a_small_sample() {
        // 120 pupils on 4 computers: the denominator is 4, and no sample.
        let rows = vec![Row {
            numerator: Some(120.0),
            denominator: Some(4.0),
            ..Row::value("school", 1, PER_COMPUTER, 2021, Some(30.0))
        }];
        assert_eq!(flags_of(&rows), [""]);
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
            // An indicator without a small-sample rule is never one, whatever its denominator.
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
