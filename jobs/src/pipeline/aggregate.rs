//! District, region and country values rolled up from school values.
//!
//! A district's knowledge quality is `Σ numerators / Σ denominators × scale`, never the mean
//! of its schools' percentages (DOMAIN.md §1.3): the mean of percentages gives a school of
//! 20 pupils the same weight as a school of 900.

use polars::prelude::*;

use super::columns::{self as c, aggregation, kind, source};
use super::keyed;

/// Builds district, region and country rows from school rows by summing numerators and
/// denominators per (area, indicator, year) and dividing afterwards, each with its coverage.
///
/// Which school rows take part, and why:
/// - `entity_kind = "school"` and `source = "RAW"`: a REPORTED percentage has no counts to
///   add up, and its method is unknown;
/// - non-null `numerator`;
/// - the indicator is in `catalog` with aggregation `"ratio"` (and then a non-null,
///   positive `denominator`, so one broken row cannot divide by zero) or `"sum"`;
///   `"none"` indicators (medians and the like) produce no aggregate rows at all;
/// - the school is in `geo` (a school without a district cannot be placed; it is left out
///   of the country too so that the three levels always add up to the same schools).
///
/// Coverage (DOMAIN.md §1.3: an aggregate says how many schools it covers):
/// - `n_schools`: the schools whose row entered the sum;
/// - `n_schools_expected`: the area's schools that should have: those with a value (raw or
///   reported) of the indicator that year or in any of `complete_years` (the generation's
///   years that enter trends; a provisional year is measured against them, not itself).
///   Measured on the generation's own school values, so an incremental run and a full run
///   agree, the first year of the window has a reference too, a school that reported within
///   the window and is silent now counts as missing, and coverage never exceeds 100 %.
///
/// Output: the `values` columns ([`c::VALUE_COLUMNS`]) then [`c::COVERAGE_COLUMNS`],
/// `source = "RAW"`, `n_source_rows` summed, `denominator` null for `"sum"` indicators,
/// country id [`kind::COUNTRY_ID`]. Row order is unspecified.
///
/// # Errors
/// None in practice: polars' `concat` fails only on an empty list of frames, and there are
/// always three.
pub fn aggregate(
    school_values: LazyFrame,
    geo: LazyFrame,
    catalog: LazyFrame,
    complete_years: &[i32],
) -> PolarsResult<LazyFrame> {
    let rows = eligible_school_rows(school_values.clone(), geo.clone(), catalog.clone());
    let expected = expected_school_rows(school_values, geo, catalog, complete_years)?;
    let levels = [
        (kind::DISTRICT, col(c::DISTRICT_ID)),
        (kind::REGION, col(c::REGION_ID)),
        (kind::COUNTRY, lit(kind::COUNTRY_ID)),
    ];
    let keys = || keyed(&[c::ENTITY_ID, c::INDICATOR], &[c::YEAR]);
    let frames: Vec<LazyFrame> = levels
        .into_iter()
        .map(|(entity_kind, area_id)| {
            let expected = expected
                .clone()
                .with_column(area_id.clone().cast(DataType::Int32).alias(c::ENTITY_ID))
                .group_by(keys())
                .agg([len().cast(DataType::Int32).alias(c::N_SCHOOLS_EXPECTED)]);
            roll_up(rows.clone(), entity_kind, area_id).join(
                expected,
                keys(),
                keys(),
                JoinArgs::new(JoinType::Left),
            )
        })
        .collect();
    concat(frames, UnionArgs::default())
}

/// One row per (school, indicator, year) that the school should report: it has a value of
/// the indicator that year, or in any of `complete_years` and the indicator has values that
/// year. With the school's district and region; aggregated indicators only.
fn expected_school_rows(
    school_values: LazyFrame,
    geo: LazyFrame,
    catalog: LazyFrame,
    complete_years: &[i32],
) -> PolarsResult<LazyFrame> {
    let catalog = catalog
        .filter(col(c::AGGREGATION).neq(lit(aggregation::NONE)))
        .select([col(c::INDICATOR)]);
    let geo = geo.select([col(c::SCHOOL_ID), col(c::DISTRICT_ID), col(c::REGION_ID)]);
    let reporting = school_values
        .filter(
            col(c::ENTITY_KIND).eq(lit(kind::SCHOOL)).and(
                col(c::VALUE)
                    .is_not_null()
                    .or(col(c::NUMERATOR).is_not_null()),
            ),
        )
        .join(
            catalog,
            [col(c::INDICATOR)],
            [col(c::INDICATOR)],
            JoinArgs::new(JoinType::Inner),
        )
        .join(
            geo,
            [col(c::ENTITY_ID)],
            [col(c::SCHOOL_ID)],
            JoinArgs::new(JoinType::Inner),
        )
        .select(keyed(
            &[c::ENTITY_ID, c::DISTRICT_ID, c::REGION_ID, c::INDICATOR],
            &[c::YEAR],
        ));
    let complete =
        DataFrame::new_infer_height(vec![Column::new(c::YEAR.into(), complete_years.to_vec())])?
            .lazy();
    let reference = reporting
        .clone()
        .join(
            complete,
            [col(c::YEAR)],
            [col(c::YEAR)],
            JoinArgs::new(JoinType::Inner),
        )
        .group_by(keyed(
            &[c::ENTITY_ID, c::DISTRICT_ID, c::REGION_ID, c::INDICATOR],
            &[],
        ))
        .agg([]);
    let indicator_years = reporting
        .clone()
        .group_by(keyed(&[c::INDICATOR], &[c::YEAR]))
        .agg([]);
    let referenced = reference
        .join(
            indicator_years,
            keyed(&[c::INDICATOR], &[]),
            keyed(&[c::INDICATOR], &[]),
            JoinArgs::new(JoinType::Inner),
        )
        .select(keyed(
            &[c::ENTITY_ID, c::DISTRICT_ID, c::REGION_ID, c::INDICATOR],
            &[c::YEAR],
        ));
    // One row per (school, indicator, dimensions, year), however many ways it is expected.
    Ok(concat([reporting, referenced], UnionArgs::default())?
        .group_by(keyed(&[c::ENTITY_ID, c::INDICATOR], &[c::YEAR]))
        .agg([col(c::DISTRICT_ID).first(), col(c::REGION_ID).first()]))
}

/// School rows that can be summed, with their district, region, aggregation and scale.
fn eligible_school_rows(school_values: LazyFrame, geo: LazyFrame, catalog: LazyFrame) -> LazyFrame {
    let catalog = catalog.select([col(c::INDICATOR), col(c::AGGREGATION), col(c::SCALE)]);
    let geo = geo.select([col(c::SCHOOL_ID), col(c::DISTRICT_ID), col(c::REGION_ID)]);
    let is_sum = col(c::AGGREGATION).eq(lit(aggregation::SUM));
    // `gt` on a null denominator is null, which `filter` drops.
    let is_usable_ratio = col(c::AGGREGATION)
        .eq(lit(aggregation::RATIO))
        .and(col(c::DENOMINATOR).gt(lit(0.0)));
    school_values
        .filter(
            col(c::ENTITY_KIND)
                .eq(lit(kind::SCHOOL))
                .and(col(c::SOURCE).eq(lit(source::RAW)))
                .and(col(c::NUMERATOR).is_not_null()),
        )
        .join(
            catalog,
            [col(c::INDICATOR)],
            [col(c::INDICATOR)],
            JoinArgs::new(JoinType::Inner),
        )
        .filter(is_sum.or(is_usable_ratio))
        .join(
            geo,
            [col(c::ENTITY_ID)],
            [col(c::SCHOOL_ID)],
            JoinArgs::new(JoinType::Inner),
        )
}

/// Sums one level: `area_id` (a column or a literal for the country) becomes `entity_id`.
fn roll_up(rows: LazyFrame, entity_kind: &str, area_id: Expr) -> LazyFrame {
    let is_ratio = col(c::AGGREGATION).eq(lit(aggregation::RATIO));
    rows.with_column(area_id.cast(DataType::Int32).alias(c::ENTITY_ID))
        .group_by(keyed(&[c::ENTITY_ID, c::INDICATOR], &[c::YEAR]))
        .agg([
            col(c::NUMERATOR).sum(),
            col(c::DENOMINATOR).sum(),
            col(c::N_SOURCE_ROWS).sum(),
            // One eligible row per school, indicator and year.
            len().cast(DataType::Int32).alias(c::N_SCHOOLS),
            // Constant per indicator, so `first` just carries them through the group.
            col(c::AGGREGATION).first(),
            col(c::SCALE).first(),
        ])
        .select([
            lit(entity_kind).alias(c::ENTITY_KIND),
            col(c::ENTITY_ID),
            col(c::INDICATOR),
            col(c::SUBJECT),
            col(c::GRADE_BAND),
            col(c::PERIOD),
            col(c::YEAR),
            col(c::NUMERATOR),
            // A sum of school denominators means nothing for a "sum" indicator (and a sum
            // over nulls would read as 0), so the contract's null is restored.
            when(is_ratio.clone())
                .then(col(c::DENOMINATOR))
                .otherwise(lit(NULL).cast(DataType::Float64))
                .alias(c::DENOMINATOR),
            // Multiply before dividing: counts × 100 are exact, so 34/100 gives 34.0, not
            // 34.000000000000004.
            when(is_ratio)
                .then(col(c::NUMERATOR) * col(c::SCALE) / col(c::DENOMINATOR))
                .otherwise(col(c::NUMERATOR))
                .alias(c::VALUE),
            lit(source::RAW).alias(c::SOURCE),
            col(c::N_SOURCE_ROWS),
            col(c::N_SCHOOLS),
        ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::test_data::{
        Row, catalog_frame, f64_at, geo_frame, i32_at, sorted, str_at, values_frame,
    };

    const QUALITY: &str = "knowledge_quality";
    const PRIZES: &str = "olympiad_prizes";
    const ORT_MEDIAN: &str = "ort_median";

    fn catalog() -> LazyFrame {
        catalog_frame(&[
            (QUALITY, true, "ratio", 100.0),
            (PRIZES, true, "sum", 1.0),
            (ORT_MEDIAN, true, "none", 1.0),
        ])
    }

    /// Region 1 holds districts 10 (schools 1, 2) and 11 (school 3); region 2 holds
    /// district 20 (school 4).
    fn geo() -> LazyFrame {
        geo_frame(&[
            (1, 10, 1, Some("small"), Some("ky")),
            (2, 10, 1, Some("large"), Some("ky")),
            (3, 11, 1, Some("small"), Some("ru")),
            (4, 20, 2, Some("small"), Some("ky")),
        ])
    }

    fn run(rows: &[Row]) -> DataFrame {
        let lf = aggregate(values_frame(rows), geo(), catalog(), &[2020, 2021]).expect("plan");
        sorted(lf, &[c::INDICATOR, c::ENTITY_KIND, c::ENTITY_ID, c::YEAR])
    }

    #[test]
    fn sum_then_divide_differs_from_the_mean_of_percentages() {
        // A small school with 9 of 10 pupils at 4–5 (90%) and a large one with 100 of 400
        // (25%).
        let small = (9.0, 10.0);
        let large = (100.0, 400.0);
        let mean_of_percentages = (small.0 / small.1 * 100.0 + large.0 / large.1 * 100.0) / 2.0;
        let sum_then_divide = (small.0 + large.0) * 100.0 / (small.1 + large.1);
        assert_eq!(mean_of_percentages, 57.5);
        assert!((sum_then_divide - 26.585_365_853_658_54_f64).abs() < 1e-9);

        let rows = [
            Row::school_ratio(1, QUALITY, 2021, small.0, small.1),
            Row::school_ratio(2, QUALITY, 2021, large.0, large.1),
        ];
        let df = run(&rows);
        // country 0, district 10, region 1 (sorted by entity_kind).
        assert_eq!(df.height(), 3);
        assert_eq!(str_at(&df, c::ENTITY_KIND, 1).as_deref(), Some("district"));
        assert_eq!(i32_at(&df, c::ENTITY_ID, 1), Some(10));
        assert_eq!(f64_at(&df, c::NUMERATOR, 1), Some(109.0));
        assert_eq!(f64_at(&df, c::DENOMINATOR, 1), Some(410.0));
        assert_eq!(f64_at(&df, c::VALUE, 1), Some(sum_then_divide));
        assert_ne!(f64_at(&df, c::VALUE, 1), Some(mean_of_percentages));
    }

    #[test]
    fn three_levels_with_the_contract_columns() {
        let rows = [
            Row::school_ratio(1, QUALITY, 2021, 10.0, 40.0),
            Row::school_ratio(2, QUALITY, 2021, 30.0, 60.0),
            Row::school_ratio(3, QUALITY, 2021, 5.0, 50.0),
            Row::school_ratio(4, QUALITY, 2021, 34.0, 100.0),
        ];
        let df = run(&rows);
        let names: Vec<&str> = df.get_column_names().iter().map(|n| n.as_str()).collect();
        let contract: Vec<&str> = c::VALUE_COLUMNS
            .into_iter()
            .chain(c::COVERAGE_COLUMNS)
            .collect();
        assert_eq!(names, contract);
        let schema = df.schema();
        assert_eq!(schema.get(c::ENTITY_ID), Some(&DataType::Int32));
        assert_eq!(schema.get(c::N_SOURCE_ROWS), Some(&DataType::Int64));

        // Sorted: country 0; districts 10, 11, 20; regions 1, 2.
        let kinds: Vec<_> = (0..df.height())
            .map(|i| str_at(&df, c::ENTITY_KIND, i))
            .collect();
        let ids: Vec<_> = (0..df.height())
            .map(|i| i32_at(&df, c::ENTITY_ID, i))
            .collect();
        let kinds: Vec<_> = kinds.iter().map(|k| k.as_deref().unwrap_or("")).collect();
        assert_eq!(
            kinds,
            [
                "country", "district", "district", "district", "region", "region"
            ]
        );
        assert_eq!(ids, [0, 10, 11, 20, 1, 2].map(Some));
        // Country: 79 / 250; district 10: 40 / 100; region 1: 45 / 150.
        assert_eq!(f64_at(&df, c::VALUE, 0), Some(31.6));
        assert_eq!(f64_at(&df, c::VALUE, 1), Some(40.0));
        assert_eq!(f64_at(&df, c::VALUE, 4), Some(30.0));
        assert_eq!(f64_at(&df, c::VALUE, 5), Some(34.0));
        assert_eq!(
            df.column(c::N_SOURCE_ROWS).unwrap().i64().unwrap().get(0),
            Some(4)
        );
        assert_eq!(str_at(&df, c::SOURCE, 0).as_deref(), Some("RAW"));
    }

    #[test]
    fn only_summable_raw_school_rows_take_part() {
        let rows = [
            Row::school_ratio(1, QUALITY, 2021, 10.0, 40.0),
            // REPORTED: excluded even though it has counts.
            Row::school_ratio(2, QUALITY, 2021, 50.0, 50.0).reported(),
            // Zero and null denominators: excluded, no division by zero.
            Row::school_ratio(2, QUALITY, 2020, 0.0, 0.0),
            Row {
                denominator: None,
                ..Row::school_ratio(1, QUALITY, 2020, 1.0, 1.0)
            },
            // Null numerator: excluded.
            Row {
                numerator: None,
                ..Row::school_ratio(3, QUALITY, 2021, 1.0, 1.0)
            },
            // School not in geo: excluded everywhere.
            Row::school_ratio(99, QUALITY, 2021, 1.0, 1.0),
            // Already a district row: not re-aggregated.
            Row {
                kind: "district",
                ..Row::school_ratio(10, QUALITY, 2021, 1.0, 1.0)
            },
            // "none" aggregation: no aggregate rows.
            Row {
                numerator: Some(140.0),
                denominator: Some(1.0),
                ..Row::value("school", 1, ORT_MEDIAN, 2021, Some(140.0))
            },
        ];
        let df = run(&rows);
        // Only school 1's 2021 row remains: country, district 10, region 1.
        assert_eq!(df.height(), 3);
        for i in 0..3 {
            assert_eq!(f64_at(&df, c::VALUE, i), Some(25.0));
            assert_eq!(i32_at(&df, c::YEAR, i), Some(2021));
        }
    }

    #[test]
    fn sum_indicators_add_numerators_and_leave_the_denominator_null() {
        let rows = [
            Row {
                numerator: Some(3.0),
                ..Row::value("school", 1, PRIZES, 2017, Some(3.0))
            },
            Row {
                numerator: Some(2.0),
                denominator: Some(7.0),
                ..Row::value("school", 2, PRIZES, 2017, Some(2.0))
            },
        ];
        let df = run(&rows);
        assert_eq!(df.height(), 3);
        for i in 0..3 {
            assert_eq!(f64_at(&df, c::VALUE, i), Some(5.0));
            assert_eq!(f64_at(&df, c::NUMERATOR, i), Some(5.0));
            assert_eq!(f64_at(&df, c::DENOMINATOR, i), None);
        }
    }
    #[test]
    fn coverage_counts_the_schools_in_the_sum_against_those_that_should_report() {
        // 2020 and 2021 are complete: schools 1, 2 (district 10) and 3 (district 11) report.
        // 2022 is provisional: only school 1 reported so far; school 2 sent a REPORTED
        // figure (not summed, but it did report).
        let rows = [
            Row::school_ratio(1, QUALITY, 2020, 10.0, 40.0),
            Row::school_ratio(2, QUALITY, 2020, 30.0, 60.0),
            Row::school_ratio(3, QUALITY, 2020, 5.0, 50.0),
            Row::school_ratio(1, QUALITY, 2021, 10.0, 40.0),
            Row::school_ratio(2, QUALITY, 2021, 30.0, 60.0),
            Row::school_ratio(1, QUALITY, 2022, 12.0, 40.0),
            Row::school_ratio(2, QUALITY, 2022, 50.0, 50.0).reported(),
            // School 4 reports only in the provisional year: expected there, not before.
            Row::school_ratio(4, QUALITY, 2022, 1.0, 10.0),
        ];
        let df = run(&rows);
        let coverage = |kind: &str, id: i32, year: i32| {
            let i = (0..df.height())
                .find(|&i| {
                    str_at(&df, c::ENTITY_KIND, i).as_deref() == Some(kind)
                        && i32_at(&df, c::ENTITY_ID, i) == Some(id)
                        && i32_at(&df, c::YEAR, i) == Some(year)
                })
                .unwrap_or_else(|| panic!("{kind} {id} {year}"));
            (
                i32_at(&df, c::N_SCHOOLS, i),
                i32_at(&df, c::N_SCHOOLS_EXPECTED, i),
            )
        };
        assert_eq!(coverage("district", 10, 2020), (Some(2), Some(2)));
        assert_eq!(coverage("district", 11, 2020), (Some(1), Some(1)));
        assert_eq!(coverage("country", 0, 2020), (Some(3), Some(3)));
        // School 3 reported within the window and is silent in 2021: missing there.
        assert_eq!(coverage("country", 0, 2021), (Some(2), Some(3)));
        assert_eq!(coverage("district", 10, 2022), (Some(1), Some(2)));
        assert_eq!(coverage("region", 1, 2022), (Some(1), Some(3)));
        assert_eq!(coverage("country", 0, 2022), (Some(2), Some(4)));
        // District 11 has no value in 2021 or 2022: no row, not a zero.
        assert!((0..df.height()).all(|i| {
            !(i32_at(&df, c::ENTITY_ID, i) == Some(11)
                && str_at(&df, c::ENTITY_KIND, i).as_deref() == Some("district")
                && i32_at(&df, c::YEAR, i) != Some(2020))
        }));
    }

    #[test]
    fn each_subject_is_summed_on_its_own() {
        // School 1 marks mathematics; school 2 does not: the district's mathematics figure
        // covers school 1 alone, the school-wide one both.
        let rows = [
            Row::school_ratio(1, QUALITY, 2021, 30.0, 60.0),
            Row::school_ratio(2, QUALITY, 2021, 10.0, 40.0),
            Row::school_ratio(1, QUALITY, 2021, 20.0, 30.0).subject("mathematics"),
        ];
        let df = run(&rows);
        let district: Vec<usize> = (0..df.height())
            .filter(|&r| {
                str_at(&df, c::ENTITY_KIND, r).as_deref() == Some(kind::DISTRICT)
                    && i32_at(&df, c::ENTITY_ID, r) == Some(10)
            })
            .collect();
        let got: Vec<(String, Option<f64>, Option<i32>)> = district
            .iter()
            .map(|&r| {
                (
                    str_at(&df, c::SUBJECT, r).unwrap(),
                    f64_at(&df, c::VALUE, r),
                    i32_at(&df, c::N_SCHOOLS, r),
                )
            })
            .collect();
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(
            got.contains(&(String::new(), Some(40.0), Some(2))),
            "{got:?}"
        );
        let maths = got.iter().find(|g| g.0 == "mathematics").unwrap();
        assert!((maths.1.unwrap() - 200.0 / 3.0).abs() < 1e-9 && maths.2 == Some(1));
    }
}
