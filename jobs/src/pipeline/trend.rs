//! Per-series trend statistics over a window of academic years (DOMAIN.md §8 "Trends").
//!
//! A series is one (entity_kind, entity_id, indicator). Only years inside the window with a
//! non-null value count as points: a missing year is a gap, never a zero, so it neither
//! drags the mean down nor bends the slope.

use polars::prelude::*;

use super::columns::{self as c, direction};
use super::{abs, keyed};

/// Fewer points than this give direction `INSUFFICIENT` (DOMAIN.md: "require ≥ 3 points").
pub const MIN_TREND_POINTS: i32 = 3;

/// One row per (entity_kind, entity_id, indicator) that has at least one non-null value in
/// `first_year..=last_year`.
///
/// Columns: the three keys, then `n_points` (Int32), `first_year`, `first`, `last_year`,
/// `last`, `delta` (= last − first, so percentage points for percentages), `mean`, `min`,
/// `max`, `slope` (ordinary least squares slope per year over the points present, null
/// with fewer than 2 points) and `direction`:
/// - `INSUFFICIENT` when `n_points` < [`MIN_TREND_POINTS`];
/// - `FLAT` unless |slope| reaches the indicator's `flat_units` *and* `flat_relative` ×
///   |mean| (from `rules`, one row per indicator; a null part, or an indicator without a
///   row, does not apply), and always for a slope of 0;
/// - otherwise `UP` or `DOWN` by the sign of the slope.
///
/// The direction describes the value, not whether it improved: a falling dropout rate is
/// `DOWN`. Row order is unspecified.
pub fn trend_stats(
    values: LazyFrame,
    first_year: i32,
    last_year: i32,
    rules: LazyFrame,
) -> LazyFrame {
    let in_window = col(c::YEAR)
        .gt_eq(lit(first_year))
        .and(col(c::YEAR).lt_eq(lit(last_year)))
        .and(col(c::VALUE).is_not_null());
    let by_year = || col(c::VALUE).sort_by([col(c::YEAR)], SortMultipleOptions::default());
    values
        .filter(in_window)
        .group_by(keyed(&[c::ENTITY_KIND, c::ENTITY_ID, c::INDICATOR], &[]))
        .agg([
            len().cast(DataType::Int32).alias(c::N_POINTS),
            col(c::YEAR).min().alias(c::FIRST_YEAR),
            by_year().first().alias(c::FIRST),
            col(c::YEAR).max().alias(c::LAST_YEAR),
            by_year().last().alias(c::LAST),
            col(c::VALUE).mean().alias(c::MEAN),
            col(c::VALUE).min().alias(c::MIN),
            col(c::VALUE).max().alias(c::MAX),
            ols_slope(col(c::YEAR).cast(DataType::Float64), col(c::VALUE)).alias(c::SLOPE),
        ])
        .with_columns([
            (col(c::LAST) - col(c::FIRST)).alias(c::DELTA),
            // One point gives 0/0 = NaN; the contract says null.
            when(col(c::N_POINTS).gt_eq(lit(2)))
                .then(col(c::SLOPE))
                .otherwise(lit(NULL).cast(DataType::Float64))
                .alias(c::SLOPE),
        ])
        .join(
            rules.select([col(c::INDICATOR), col(c::FLAT_UNITS), col(c::FLAT_RELATIVE)]),
            [col(c::INDICATOR)],
            [col(c::INDICATOR)],
            JoinArgs::new(JoinType::Left),
        )
        .with_column(direction_of_slope().alias(c::DIRECTION))
        .select(
            [
                c::ENTITY_KIND,
                c::ENTITY_ID,
                c::INDICATOR,
                c::SUBJECT,
                c::GRADE_BAND,
                c::PERIOD,
                c::N_POINTS,
                c::FIRST_YEAR,
                c::FIRST,
                c::LAST_YEAR,
                c::LAST,
                c::DELTA,
                c::MEAN,
                c::MIN,
                c::MAX,
                c::SLOPE,
                c::DIRECTION,
            ]
            .map(col),
        )
}

/// OLS slope of `y` on `x` within each group: Σ(x−x̄)(y−ȳ) / Σ(x−x̄)².
///
/// Written out rather than via `cov`/`var` to avoid another polars feature; centring on the
/// means also keeps years around 2020 from costing precision.
fn ols_slope(x: Expr, y: Expr) -> Expr {
    let dx = x.clone() - x.mean();
    let dy = y.clone() - y.mean();
    (dx.clone() * dy).sum() / (dx.clone() * dx).sum()
}

/// The `direction` rule on the `n_points`, `slope`, `mean` and rule columns.
fn direction_of_slope() -> Expr {
    let slope = || col(c::SLOPE);
    // A null part of the rule does not apply: 0 is reached by any slope.
    let moves = abs(slope())
        .gt_eq(col(c::FLAT_UNITS).fill_null(lit(0.0)))
        .and(abs(slope()).gt_eq(col(c::FLAT_RELATIVE).fill_null(lit(0.0)) * abs(col(c::MEAN))))
        .and(slope().neq(lit(0.0)));
    when(col(c::N_POINTS).lt(lit(MIN_TREND_POINTS)))
        .then(lit(direction::INSUFFICIENT))
        .when(moves.not())
        .then(lit(direction::FLAT))
        .when(slope().gt(lit(0.0)))
        .then(lit(direction::UP))
        .otherwise(lit(direction::DOWN))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::test_data::{
        Row, f64_at, i32_at, rules_frame, sorted, str_at, values_frame,
    };

    const QUALITY: &str = "knowledge_quality";
    const MARK: &str = "average_mark";
    const ENROLMENT: &str = "enrolment";

    /// The catalog's defaults for percentages, marks and counts.
    fn rules() -> LazyFrame {
        rules_frame(&[
            (QUALITY, Some(0.5), None, Some(10.0), None, Some(20.0), None),
            (MARK, Some(0.05), None, Some(0.3), None, Some(20.0), None),
            (ENROLMENT, None, Some(0.02), None, Some(0.2), None, None),
        ])
    }

    /// Seed 003, section C: school-wide knowledge quality of school №45 "Бахмал".
    fn bahmal_quality() -> Vec<Row> {
        [
            (2017, 34.0),
            (2018, 42.0),
            (2019, 40.0),
            (2020, 39.0),
            (2021, 35.0),
        ]
        .into_iter()
        .map(|(year, v)| Row::value("school", 45, QUALITY, year, Some(v)))
        .collect()
    }

    fn stats(rows: &[Row], first_year: i32, last_year: i32) -> DataFrame {
        let lf = trend_stats(values_frame(rows), first_year, last_year, rules());
        sorted(lf, &[c::ENTITY_KIND, c::ENTITY_ID, c::INDICATOR])
    }

    #[test]
    fn seed_003_knowledge_quality_is_flat() {
        let df = stats(&bahmal_quality(), 2017, 2021);
        assert_eq!(df.height(), 1);
        assert_eq!(i32_at(&df, c::N_POINTS, 0), Some(5));
        assert_eq!(i32_at(&df, c::FIRST_YEAR, 0), Some(2017));
        assert_eq!(i32_at(&df, c::LAST_YEAR, 0), Some(2021));
        assert_eq!(f64_at(&df, c::FIRST, 0), Some(34.0));
        assert_eq!(f64_at(&df, c::LAST, 0), Some(35.0));
        assert_eq!(f64_at(&df, c::DELTA, 0), Some(1.0));
        assert_eq!(f64_at(&df, c::MEAN, 0), Some(38.0));
        assert_eq!(f64_at(&df, c::MIN, 0), Some(34.0));
        assert_eq!(f64_at(&df, c::MAX, 0), Some(42.0));
        let slope = f64_at(&df, c::SLOPE, 0).expect("slope");
        assert!((slope - -0.1).abs() < 1e-12, "slope {slope}");
        assert_eq!(
            str_at(&df, c::DIRECTION, 0).as_deref(),
            Some(direction::FLAT)
        );
    }

    #[test]
    fn missing_year_is_a_gap_not_a_zero() {
        // 2019 is absent as a row and 2020 is present with a null value: both are gaps.
        let rows = vec![
            Row::value("school", 7, QUALITY, 2017, Some(30.0)),
            Row::value("school", 7, QUALITY, 2018, Some(32.0)),
            Row::value("school", 7, QUALITY, 2020, None),
            Row::value("school", 7, QUALITY, 2021, Some(38.0)),
        ];
        let df = stats(&rows, 2017, 2021);
        assert_eq!(i32_at(&df, c::N_POINTS, 0), Some(3));
        assert_eq!(f64_at(&df, c::MIN, 0), Some(30.0));
        let mean = f64_at(&df, c::MEAN, 0).expect("mean");
        assert!((mean - 100.0 / 3.0).abs() < 1e-12, "mean {mean}");
        // Points (2017, 30) (2018, 32) (2021, 38) lie on one line of slope 2 per year; had
        // the gap been read as 0, the slope would not be 2.
        let slope = f64_at(&df, c::SLOPE, 0).expect("slope");
        assert!((slope - 2.0).abs() < 1e-12, "slope {slope}");
        assert_eq!(f64_at(&df, c::DELTA, 0), Some(8.0));
        assert_eq!(str_at(&df, c::DIRECTION, 0).as_deref(), Some(direction::UP));
    }

    #[test]
    fn two_points_are_insufficient_and_one_has_no_slope() {
        let rows = vec![
            Row::value("school", 1, QUALITY, 2020, Some(50.0)),
            Row::value("school", 1, QUALITY, 2021, Some(40.0)),
            Row::value("school", 2, QUALITY, 2021, Some(40.0)),
        ];
        let df = stats(&rows, 2017, 2021);
        assert_eq!(df.height(), 2);
        assert_eq!(i32_at(&df, c::N_POINTS, 0), Some(2));
        assert_eq!(f64_at(&df, c::SLOPE, 0), Some(-10.0));
        assert_eq!(
            str_at(&df, c::DIRECTION, 0).as_deref(),
            Some(direction::INSUFFICIENT)
        );
        assert_eq!(i32_at(&df, c::N_POINTS, 1), Some(1));
        assert_eq!(f64_at(&df, c::SLOPE, 1), None);
        assert_eq!(f64_at(&df, c::DELTA, 1), Some(0.0));
        assert_eq!(
            str_at(&df, c::DIRECTION, 1).as_deref(),
            Some(direction::INSUFFICIENT)
        );
    }

    #[test]
    fn window_bounds_are_inclusive_and_years_outside_are_ignored() {
        let mut rows = bahmal_quality();
        rows.push(Row::value("school", 45, QUALITY, 2016, Some(90.0)));
        rows.push(Row::value("school", 45, QUALITY, 2022, Some(0.0)));
        let df = stats(&rows, 2017, 2021);
        assert_eq!(i32_at(&df, c::N_POINTS, 0), Some(5));
        assert_eq!(f64_at(&df, c::MEAN, 0), Some(38.0));
    }

    #[test]
    fn falling_series_is_down_and_series_are_kept_apart() {
        // A falling series of another entity kind and indicator must not mix with Bahmal's.
        let mut rows = bahmal_quality();
        for (year, v) in [(2017, 60.0), (2018, 58.0), (2019, 55.0)] {
            rows.push(Row::value("district", 45, QUALITY, year, Some(v)));
        }
        let df = stats(&rows, 2017, 2021);
        assert_eq!(df.height(), 2);
        // Sorted by entity_kind: "district" < "school".
        assert_eq!(str_at(&df, c::ENTITY_KIND, 0).as_deref(), Some("district"));
        let slope = f64_at(&df, c::SLOPE, 0).expect("slope");
        assert!((slope - -2.5).abs() < 1e-12, "slope {slope}");
        assert_eq!(
            str_at(&df, c::DIRECTION, 0).as_deref(),
            Some(direction::DOWN)
        );
        assert_eq!(
            str_at(&df, c::DIRECTION, 1).as_deref(),
            Some(direction::FLAT)
        );
    }

    fn direction_of(indicator: &'static str, values: [f64; 5]) -> Option<String> {
        let rows: Vec<_> = (2017..)
            .zip(values)
            .map(|(year, v)| Row::value("school", 1, indicator, year, Some(v)))
            .collect();
        str_at(&stats(&rows, 2017, 2021), c::DIRECTION, 0)
    }

    #[test]
    fn each_unit_has_its_own_flat_slope() {
        // An average mark rising 0.1 a year (3.9 → 4.3) is a real rise on a 2..5 scale,
        // FLAT under a rule of 0.5 a year for every unit.
        assert_eq!(
            direction_of(MARK, [3.9, 4.0, 4.1, 4.2, 4.3]).as_deref(),
            Some(direction::UP)
        );
        assert_eq!(
            direction_of(MARK, [3.9, 3.92, 3.94, 3.96, 3.98]).as_deref(),
            Some(direction::FLAT),
            "0.02 a year"
        );
        // Enrolment of 800 growing 5 pupils a year (0.6 %) is FLAT; 30 a year (3.6 %) is UP,
        // and a school of 100 losing 3 a year (3 %) is DOWN.
        assert_eq!(
            direction_of(ENROLMENT, [800.0, 805.0, 810.0, 815.0, 820.0]).as_deref(),
            Some(direction::FLAT)
        );
        assert_eq!(
            direction_of(ENROLMENT, [800.0, 830.0, 860.0, 890.0, 920.0]).as_deref(),
            Some(direction::UP)
        );
        assert_eq!(
            direction_of(ENROLMENT, [100.0, 97.0, 94.0, 91.0, 88.0]).as_deref(),
            Some(direction::DOWN)
        );
        // A constant series is FLAT whatever the rule.
        assert_eq!(
            direction_of("no_rule", [5.0; 5]).as_deref(),
            Some(direction::FLAT)
        );
        assert_eq!(
            direction_of("no_rule", [5.0, 5.0, 5.0, 5.0, 5.01]).as_deref(),
            Some(direction::UP),
            "an indicator without a rule: any slope moves"
        );
    }
}
