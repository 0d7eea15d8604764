//! The disclosure rule: what a published figure may reveal about one person. Every trend
//! table is served to anonymous and district readers, so a value over too few people (one
//! ORT taker's "mean") or a value that is one person's (the highest score) is withheld or
//! coarsened here, before flags, trends and ranks are computed from it: a rank or a trend
//! cannot then give back what the value hides.
//!
//! Numerators and denominators stay in the stored rows (a district's own value is summed
//! from them, and an incremental run re-aggregates carried school rows); the snapshot that
//! serves the tables withholds the numerator of a `SUPPRESSED` value.
//!
//! A withheld value must not come back by subtraction from the area sums either:
//! [`complement`] withholds further cells (complementary suppression).

use polars::prelude::*;

use super::columns::{self as c, disclosure as rule, flag};

mod complement;

pub use complement::complement;

/// The rules frame's columns: indicator, rule (`persons` / `person_value`), and for
/// `person_value` the indicator counting the people behind the value.
pub const RULE: &str = "rule";
pub const COUNTED_BY: &str = "counted_by";

/// Scratch columns; [`disclosure_flags`] drops [`DISCLOSED`].
pub const DISCLOSED: &str = "__disclosed";
const COUNT: &str = "__count";

/// Returns `values` (same rows, order and columns) with `value` as it may be published, plus
/// a [`DISCLOSED`] column: `SUPPRESSED`, `COARSENED` or null.
///
/// - `persons` rule: a value whose `denominator` is below `min_count` is withheld. A value
///   without a denominator (a school-reported school-wide percentage) is kept.
/// - `person_value` rule: a value whose counting indicator (same entity and year) is below
///   `min_count` or missing is withheld; otherwise it is rounded down to a multiple of
///   `score_step`.
/// - Indicators without a rule are kept as they are.
///
/// Applying it twice gives the same frame as once, so carried rows of an incremental run
/// come out as a full run's (with the same settings: after changing them, run a full
/// refresh). [`complement`] runs after it on the same frame and keeps this: it takes its
/// decisions afresh from the counts.
pub fn disclose(values: LazyFrame, rules: LazyFrame, min_count: f64, score_step: f64) -> LazyFrame {
    let counts = values.clone().select(
        super::keyed(&[c::ENTITY_KIND, c::ENTITY_ID, c::YEAR], &[])
            .into_iter()
            .chain([
                col(c::INDICATOR).alias(COUNTED_BY),
                col(c::VALUE).alias(COUNT),
            ])
            .collect::<Vec<_>>(),
    );
    // A value is counted by the counting indicator's value of the same dimensions.
    let keys = |by: &str| {
        super::keyed(&[c::ENTITY_KIND, c::ENTITY_ID, c::YEAR], &[])
            .into_iter()
            .chain([col(by)])
            .collect::<Vec<_>>()
    };
    let keep_order = || JoinArgs {
        maintain_order: MaintainOrderJoin::Left,
        ..JoinArgs::new(JoinType::Left)
    };
    let persons = col(RULE).eq(lit(rule::PERSONS));
    let person_value = col(RULE).eq(lit(rule::PERSON_VALUE));
    // Not conditional on a value: a carried row withheld by an earlier run has none left,
    // and must come out flagged as it did then.
    let suppressed = persons
        .and(col(c::DENOMINATOR).lt(lit(min_count)))
        .or(person_value
            .clone()
            .and(col(COUNT).is_null().or(col(COUNT).lt(lit(min_count)))));
    let coarsened = col(c::VALUE).is_not_null().and(person_value);
    let columns = values
        .clone()
        .collect_schema()
        .map(|s| s.iter_names().map(|n| col(n.clone())).collect::<Vec<_>>());
    let joined = values
        .join(
            rules,
            [col(c::INDICATOR)],
            [col(c::INDICATOR)],
            keep_order(),
        )
        .join(counts, keys(COUNTED_BY), keys(COUNTED_BY), keep_order())
        .with_columns([
            when(suppressed.clone())
                .then(lit(NULL).cast(DataType::Float64))
                .when(coarsened.clone())
                // Scores are never negative, so truncating is rounding down (and needs no
                // extra polars feature).
                .then(
                    (col(c::VALUE) / lit(score_step))
                        .cast(DataType::Int64)
                        .cast(DataType::Float64)
                        * lit(score_step),
                )
                .otherwise(col(c::VALUE))
                .alias(c::VALUE),
            when(suppressed)
                .then(lit(flag::SUPPRESSED))
                .when(coarsened)
                .then(lit(flag::COARSENED))
                .otherwise(lit(NULL).cast(DataType::String))
                .alias(DISCLOSED),
        ]);
    match columns {
        Ok(mut columns) => {
            columns.push(col(DISCLOSED));
            joined.select(columns)
        }
        // The schema error surfaces again at collect.
        Err(_) => joined,
    }
}

/// Moves [`DISCLOSED`] into the `flags` column (made by [`super::flags`]), keeping the flag
/// names sorted: `COARSENED` sorts before every other flag and `SUPPRESSED` after them.
pub fn disclosure_flags(flagged: LazyFrame) -> LazyFrame {
    let named = |name: &str| {
        when(col(DISCLOSED).eq(lit(name)))
            .then(lit(name))
            .otherwise(lit(NULL).cast(DataType::String))
    };
    let others = when(col(c::FLAGS).eq(lit("")))
        .then(lit(NULL).cast(DataType::String))
        .otherwise(col(c::FLAGS));
    flagged
        .with_column(
            concat_str(
                [named(flag::COARSENED), others, named(flag::SUPPRESSED)],
                ",",
                true,
            )
            .fill_null(lit(""))
            .alias(c::FLAGS),
        )
        .drop(by_name([DISCLOSED], true, false))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::test_data::{Row, values_frame};

    const MEAN: &str = "ort_mean";
    const MAX: &str = "ort_max";
    const TAKERS: &str = "ort_participants";
    const PRIZES: &str = "olympiad_prizes";

    fn rules() -> LazyFrame {
        df!(
            c::INDICATOR => [MEAN, MAX],
            RULE => [rule::PERSONS, rule::PERSON_VALUE],
            COUNTED_BY => [None, Some(TAKERS)],
        )
        .unwrap()
        .lazy()
    }

    fn school(
        indicator: &'static str,
        id: i32,
        num: Option<f64>,
        den: Option<f64>,
        value: f64,
    ) -> Row {
        Row {
            numerator: num,
            denominator: den,
            ..Row::value("school", id, indicator, 2021, Some(value))
        }
    }

    /// (value, DISCLOSED) per row, after disclosing `rows`.
    fn disclosed(rows: &[Row]) -> Vec<(Option<f64>, Option<String>)> {
        let df = disclose(values_frame(rows), rules(), 5.0, 10.0)
            .collect()
            .unwrap();
        assert_eq!(df.height(), rows.len());
        let values = df.column(c::VALUE).unwrap().f64().unwrap().clone();
        let marks = df.column(DISCLOSED).unwrap().str().unwrap().clone();
        (0..df.height())
            .map(|i| (values.get(i), marks.get(i).map(str::to_owned)))
            .collect()
    }

    #[test]
    fn one_takers_mean_and_score_are_withheld() {
        let rows = [
            school(TAKERS, 1, Some(1.0), None, 1.0),
            school(MEAN, 1, Some(187.0), Some(1.0), 187.0),
            school(MAX, 1, None, None, 187.0),
            school(TAKERS, 2, Some(30.0), None, 30.0),
            school(MEAN, 2, Some(3_900.0), Some(30.0), 130.0),
            school(MAX, 2, None, None, 187.0),
            // A maximum without a count of takers (a top-scorer list) is withheld too.
            school(MAX, 3, None, None, 201.0),
            school(PRIZES, 3, Some(1.0), None, 1.0),
        ];
        let suppressed = Some("SUPPRESSED".to_owned());
        assert_eq!(
            disclosed(&rows),
            [
                (Some(1.0), None),
                (None, suppressed.clone()),
                (None, suppressed.clone()),
                (Some(30.0), None),
                (Some(130.0), None),
                (Some(180.0), Some("COARSENED".to_owned())),
                (None, suppressed),
                (Some(1.0), None),
            ]
        );
    }

    #[test]
    fn a_reported_share_without_counts_is_kept_and_disclosing_twice_changes_nothing() {
        let rows = [
            school(MEAN, 1, None, None, 150.0).reported(),
            school(TAKERS, 2, Some(6.0), None, 6.0),
            school(MAX, 2, None, None, 199.0),
            school(MEAN, 2, Some(600.0), Some(4.0), 150.0),
        ];
        let once = disclose(values_frame(&rows), rules(), 5.0, 10.0)
            .drop(by_name([DISCLOSED], true, false))
            .collect()
            .unwrap();
        let twice = disclose(once.clone().lazy(), rules(), 5.0, 10.0)
            .drop(by_name([DISCLOSED], true, false))
            .collect()
            .unwrap();
        assert!(once.equals_missing(&twice), "{once}\n{twice}");
        let marks = |df: &DataFrame| -> Vec<Option<String>> {
            df.column(DISCLOSED)
                .unwrap()
                .str()
                .unwrap()
                .iter()
                .map(|m| m.map(str::to_owned))
                .collect()
        };
        let again = disclose(once.clone().lazy(), rules(), 5.0, 10.0)
            .collect()
            .unwrap();
        let first = disclose(values_frame(&rows), rules(), 5.0, 10.0)
            .collect()
            .unwrap();
        assert_eq!(
            marks(&again),
            marks(&first),
            "a withheld value stays flagged"
        );
        let values: Vec<Option<f64>> = once
            .column(c::VALUE)
            .unwrap()
            .f64()
            .unwrap()
            .iter()
            .collect();
        assert_eq!(values, [Some(150.0), Some(6.0), Some(190.0), None]);
    }

    #[test]
    fn disclosure_flags_stay_sorted() {
        let df = df!(
            c::FLAGS => ["", "JUMP", "REPORTED,SMALL_SAMPLE", ""],
            DISCLOSED => [Some("COARSENED"), Some("COARSENED"), Some("SUPPRESSED"), None],
        )
        .unwrap();
        let out = disclosure_flags(df.lazy()).collect().unwrap();
        assert_eq!(out.width(), 1);
        let flags: Vec<Option<&str>> = out
            .column(c::FLAGS)
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .collect();
        assert_eq!(
            flags,
            [
                Some("COARSENED"),
                Some("COARSENED,JUMP"),
                Some("REPORTED,SMALL_SAMPLE,SUPPRESSED"),
                Some("")
            ]
        );
    }
}
