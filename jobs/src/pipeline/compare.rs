//! Where each school stands among others for the same indicator and year: in its district,
//! its region, the country and its peer group.
//!
//! The reference for a school's gap is the district's own figure (its row of the values,
//! Σ numerators / Σ denominators from [`super::aggregate`]). The statistics over schools
//! (mean, median, z-score, peer median) count every school once: the district mean here is
//! the plain mean of school values, reported under that name and never as the district's.

use polars::prelude::*;

use super::columns::{self as c, aggregation, kind};
use super::flags::is_partial;
use super::keyed;

/// A district whose standard deviation is below this has, in practice, all schools equal;
/// what is left is floating-point noise, and dividing by it would give meaningless z-scores.
const STD_EPSILON: f64 = 1e-9;

/// Scratch column for the district's standard deviation; not in the output.
const DISTRICT_STD: &str = "__district_std";

/// One row per school row (`entity_kind = "school"`) with a non-null value, whose school is
/// in `geo` and whose indicator is in `catalog`, and that is not PARTIAL by `rules` (a
/// composite over fewer than all its components is no peer of complete ones). REPORTED
/// values take part like RAW ones (they are the school's figure; [`super::flags`] marks them).
/// `district_values` are the districts' own values (rows of `entity_kind = "district"`; other
/// rows are ignored).
///
/// Output: the `values` columns, `district_id`, `region_id`, `size_band`, `main_language`,
/// then, with groups of schools sharing (indicator, year) and the same district, region or
/// the whole country:
/// - `rank_*` (Int32): 1 = best, following the catalog's `higher_is_better`; ties share
///   the best rank of the tie ("min" method), so values 90, 80, 80, 70 rank 1, 2, 2, 4;
/// - `count_*` (Int32): schools with a value in the group, this one included;
/// - `pct_*` (Float64): the share, in percent, of the *other* schools of the group that
///   this school beats or ties: `100 × (count − rank) / (count − 1)`, and 100 for a group
///   of one. The best school gets 100, the single worst 0, and tied schools get the same
///   percentile (90, 80, 80, 70 give 100, 66.7, 66.7, 0);
/// - `district_value` (the district's own value for the indicator and year: the reference;
///   null where the indicator is not a ratio (a count's district figure is a total, a
///   median's or composite's there is none) or the district's value is missing or withheld) and `gap_to_district` (value − district_value);
/// - `district_mean` (the unweighted mean of the district's school values: a comparison
///   statistic, not the district's value), `district_median`,
///   `gap_to_district_mean` (value − district_mean);
/// - `z_district` = (value − district_mean) / sample standard deviation (ddof = 1) of the
///   district's values; null when that deviation is null (one school) or zero (below
///   `STD_EPSILON` = 1e-9, i.e. all schools equal up to rounding);
/// - `peer_median`: median over the country's schools sharing `size_band` and
///   `main_language` (this school included); null when either is null.
///
/// Row order is unspecified.
///
/// # Errors
/// None in practice: polars 0.55's `Expr::over` returns a `Result` that is an error only
/// when no partition column is given, and every window here has some.
pub fn compare(
    school_values: LazyFrame,
    district_values: LazyFrame,
    geo: LazyFrame,
    catalog: LazyFrame,
    rules: LazyFrame,
) -> PolarsResult<LazyFrame> {
    let district = keyed(&[c::INDICATOR], &[c::YEAR, c::DISTRICT_ID]);
    let region = keyed(&[c::INDICATOR], &[c::YEAR, c::REGION_ID]);
    let country = keyed(&[c::INDICATOR], &[c::YEAR]);
    let peers = keyed(&[c::INDICATOR], &[c::YEAR, c::SIZE_BAND, c::MAIN_LANGUAGE]);
    let has_peer_group = col(c::SIZE_BAND)
        .is_not_null()
        .and(col(c::MAIN_LANGUAGE).is_not_null());

    // Only a ratio's district figure is on a school's scale: a count's is the district's
    // total (its enrolment is no reference for one school's).
    let ratios = catalog
        .clone()
        .filter(col(c::AGGREGATION).eq(lit(aggregation::RATIO)))
        .select([col(c::INDICATOR)]);
    let districts = district_values
        .filter(col(c::ENTITY_KIND).eq(lit(kind::DISTRICT)))
        .join(
            ratios,
            [col(c::INDICATOR)],
            [col(c::INDICATOR)],
            JoinArgs::new(JoinType::Inner),
        )
        .select([
            col(c::ENTITY_ID).alias(c::DISTRICT_ID),
            col(c::INDICATOR),
            col(c::SUBJECT),
            col(c::GRADE_BAND),
            col(c::PERIOD),
            col(c::YEAR),
            col(c::VALUE).alias(c::DISTRICT_VALUE),
        ]);
    let lf = comparable_rows(school_values, geo, catalog, rules)
        .join(
            districts,
            keyed(&[c::DISTRICT_ID, c::INDICATOR], &[c::YEAR]),
            keyed(&[c::DISTRICT_ID, c::INDICATOR], &[c::YEAR]),
            JoinArgs::new(JoinType::Left),
        )
        .with_columns([
            best_first_rank(&district)?.alias(c::RANK_DISTRICT),
            group_count(&district)?.alias(c::COUNT_DISTRICT),
            best_first_rank(&region)?.alias(c::RANK_REGION),
            group_count(&region)?.alias(c::COUNT_REGION),
            best_first_rank(&country)?.alias(c::RANK_COUNTRY),
            group_count(&country)?.alias(c::COUNT_COUNTRY),
            col(c::VALUE)
                .mean()
                .over(district.clone())?
                .alias(c::DISTRICT_MEAN),
            col(c::VALUE)
                .median()
                .over(district.clone())?
                .alias(c::DISTRICT_MEDIAN),
            col(c::VALUE).std(1).over(district)?.alias(DISTRICT_STD),
            when(has_peer_group)
                .then(col(c::VALUE).median().over(peers)?)
                .otherwise(lit(NULL).cast(DataType::Float64))
                .alias(c::PEER_MEDIAN),
        ])
        .with_columns([
            percentile(c::RANK_DISTRICT, c::COUNT_DISTRICT).alias(c::PCT_DISTRICT),
            percentile(c::RANK_REGION, c::COUNT_REGION).alias(c::PCT_REGION),
            percentile(c::RANK_COUNTRY, c::COUNT_COUNTRY).alias(c::PCT_COUNTRY),
            (col(c::VALUE) - col(c::DISTRICT_MEAN)).alias(c::GAP_TO_DISTRICT_MEAN),
            (col(c::VALUE) - col(c::DISTRICT_VALUE)).alias(c::GAP_TO_DISTRICT),
            // A null std makes the condition null, which `when` treats as false.
            when(col(DISTRICT_STD).gt(lit(STD_EPSILON)))
                .then((col(c::VALUE) - col(c::DISTRICT_MEAN)) / col(DISTRICT_STD))
                .otherwise(lit(NULL).cast(DataType::Float64))
                .alias(c::Z_DISTRICT),
        ]);
    let output = c::VALUE_COLUMNS.into_iter().chain([
        c::DISTRICT_ID,
        c::REGION_ID,
        c::SIZE_BAND,
        c::MAIN_LANGUAGE,
        c::RANK_DISTRICT,
        c::COUNT_DISTRICT,
        c::PCT_DISTRICT,
        c::RANK_REGION,
        c::COUNT_REGION,
        c::PCT_REGION,
        c::RANK_COUNTRY,
        c::COUNT_COUNTRY,
        c::PCT_COUNTRY,
        c::DISTRICT_MEAN,
        c::DISTRICT_MEDIAN,
        c::GAP_TO_DISTRICT_MEAN,
        c::Z_DISTRICT,
        c::PEER_MEDIAN,
        c::DISTRICT_VALUE,
        c::GAP_TO_DISTRICT,
    ]);
    Ok(lf.select(output.map(col).collect::<Vec<_>>()))
}

/// School rows with a value and not PARTIAL, joined to their geography and their
/// indicator's direction.
fn comparable_rows(
    school_values: LazyFrame,
    geo: LazyFrame,
    catalog: LazyFrame,
    rules: LazyFrame,
) -> LazyFrame {
    let catalog = catalog.select([col(c::INDICATOR), col(c::HIGHER_IS_BETTER)]);
    school_values
        .filter(
            col(c::ENTITY_KIND)
                .eq(lit(kind::SCHOOL))
                .and(col(c::VALUE).is_not_null()),
        )
        .join(
            rules.select([col(c::INDICATOR), col(c::COMPLETE_DENOMINATOR)]),
            [col(c::INDICATOR)],
            [col(c::INDICATOR)],
            JoinArgs {
                maintain_order: MaintainOrderJoin::Left,
                ..JoinArgs::new(JoinType::Left)
            },
        )
        // Null (no rule, no denominator) is not partial.
        .filter(is_partial().fill_null(lit(false)).not())
        .join(
            geo.select([
                col(c::SCHOOL_ID),
                col(c::DISTRICT_ID),
                col(c::REGION_ID),
                col(c::SIZE_BAND),
                col(c::MAIN_LANGUAGE),
            ]),
            [col(c::ENTITY_ID)],
            [col(c::SCHOOL_ID)],
            JoinArgs::new(JoinType::Inner),
        )
        .join(
            catalog,
            [col(c::INDICATOR)],
            [col(c::INDICATOR)],
            JoinArgs::new(JoinType::Inner),
        )
}

/// Rank within `group`, 1 = best, ties sharing the best rank.
///
/// `rank` takes its direction as a plan-time option, while `higher_is_better` is data; both
/// rankings are computed and the row picks one. Every group includes the indicator, so the
/// choice is the same for all rows of a group. (Ranking a negated value instead would work
/// too, but would put −0.0 and 0.0 in different places.)
fn best_first_rank(group: &[Expr]) -> PolarsResult<Expr> {
    let min_rank = |descending| {
        col(c::VALUE).rank(
            RankOptions {
                method: RankMethod::Min,
                descending,
            },
            None,
        )
    };
    Ok(when(col(c::HIGHER_IS_BETTER))
        .then(min_rank(true).over(group)?)
        .otherwise(min_rank(false).over(group)?)
        .cast(DataType::Int32))
}

/// Schools with a value in `group` (nulls were filtered out before, `count` skips them anyway).
fn group_count(group: &[Expr]) -> PolarsResult<Expr> {
    Ok(col(c::VALUE).count().over(group)?.cast(DataType::Int32))
}

/// `100 × (count − rank) / (count − 1)`: the share of the other schools this one beats or
/// ties. With "min" ranks, `rank − 1` schools are strictly better, so `count − rank` of the
/// `count − 1` others are worse or equal. A group of one has no others: 100.
fn percentile(rank: &str, count: &str) -> Expr {
    let others = (col(count) - lit(1)).cast(DataType::Float64);
    let beaten_or_tied = (col(count) - col(rank)).cast(DataType::Float64);
    when(col(count).eq(lit(1)))
        .then(lit(100.0))
        .otherwise(lit(100.0) * beaten_or_tied / others)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::test_data::{
        Row, catalog_frame, f64_at, geo_frame, i32_at, rules_frame, sorted, values_frame,
    };

    const QUALITY: &str = "knowledge_quality";
    const DROPOUT: &str = "dropout_rate";
    const INDEX: &str = "quality_index";
    const PRIZES: &str = "olympiad_prizes";

    fn catalog() -> LazyFrame {
        catalog_frame(&[
            (QUALITY, true, "ratio", 100.0),
            (DROPOUT, false, "ratio", 100.0),
            (INDEX, true, "none", 1.0),
            (PRIZES, true, "sum", 1.0),
        ])
    }

    fn rules() -> LazyFrame {
        rules_frame(&[(INDEX, None, None, None, None, None, Some(1.0))])
    }

    fn compare_all(rows: &[Row]) -> LazyFrame {
        let values = values_frame(rows);
        compare(values.clone(), values, geo(), catalog(), rules()).expect("plan")
    }

    /// Region 1: district 10 (schools 1–4) and district 11 (school 5, alone).
    /// Region 2: district 20 (school 6). Schools 1, 2 and 6 are small Kyrgyz-medium schools.
    fn geo() -> LazyFrame {
        geo_frame(&[
            (1, 10, 1, Some("small"), Some("ky")),
            (2, 10, 1, Some("small"), Some("ky")),
            (3, 10, 1, Some("large"), Some("ru")),
            (4, 10, 1, Some("large"), None),
            (5, 11, 1, Some("large"), Some("ru")),
            (6, 20, 2, Some("small"), Some("ky")),
        ])
    }

    fn school(id: i32, indicator: &'static str, value: Option<f64>) -> Row {
        Row::value("school", id, indicator, 2021, value)
    }

    fn run(rows: &[Row]) -> DataFrame {
        sorted(compare_all(rows), &[c::INDICATOR, c::ENTITY_ID])
    }

    fn approx(actual: Option<f64>, expected: f64) -> bool {
        actual.is_some_and(|a| (a - expected).abs() < 1e-9)
    }

    fn quality_rows() -> Vec<Row> {
        vec![
            school(1, QUALITY, Some(90.0)),
            school(2, QUALITY, Some(80.0)),
            school(3, QUALITY, Some(80.0)),
            school(4, QUALITY, Some(70.0)),
            school(5, QUALITY, Some(60.0)),
            school(6, QUALITY, Some(95.0)),
        ]
    }

    #[test]
    fn ties_share_the_best_rank_and_percentile() {
        let df = run(&quality_rows());
        assert_eq!(df.height(), 6);
        let ranks: Vec<_> = (0..4).map(|i| i32_at(&df, c::RANK_DISTRICT, i)).collect();
        assert_eq!(ranks, [Some(1), Some(2), Some(2), Some(4)]);
        assert_eq!(i32_at(&df, c::COUNT_DISTRICT, 0), Some(4));
        assert_eq!(f64_at(&df, c::PCT_DISTRICT, 0), Some(100.0));
        assert!(approx(f64_at(&df, c::PCT_DISTRICT, 1), 200.0 / 3.0));
        assert!(approx(f64_at(&df, c::PCT_DISTRICT, 2), 200.0 / 3.0));
        assert_eq!(f64_at(&df, c::PCT_DISTRICT, 3), Some(0.0));
        // Region 1 adds school 5 (60) below everyone.
        assert_eq!(i32_at(&df, c::RANK_REGION, 3), Some(4));
        assert_eq!(i32_at(&df, c::COUNT_REGION, 3), Some(5));
        assert_eq!(f64_at(&df, c::PCT_REGION, 3), Some(25.0));
        // Country: school 6 (95) leads; school 1 is second of six.
        assert_eq!(i32_at(&df, c::RANK_COUNTRY, 5), Some(1));
        assert_eq!(i32_at(&df, c::RANK_COUNTRY, 0), Some(2));
        assert_eq!(i32_at(&df, c::COUNT_COUNTRY, 0), Some(6));
        assert_eq!(f64_at(&df, c::PCT_COUNTRY, 0), Some(80.0));
    }

    #[test]
    fn district_statistics_and_peer_median() {
        let df = run(&quality_rows());
        // District 10: 90, 80, 80, 70 → mean 80, median 80, sample std √(200/3).
        assert_eq!(f64_at(&df, c::DISTRICT_MEAN, 0), Some(80.0));
        assert_eq!(f64_at(&df, c::DISTRICT_MEDIAN, 0), Some(80.0));
        assert_eq!(f64_at(&df, c::GAP_TO_DISTRICT_MEAN, 0), Some(10.0));
        assert!(approx(
            f64_at(&df, c::Z_DISTRICT, 0),
            10.0 / (200.0_f64 / 3.0).sqrt()
        ));
        assert_eq!(f64_at(&df, c::Z_DISTRICT, 1), Some(0.0));
        // Peers "small"/"ky" across regions: schools 1, 2, 6 → 90, 80, 95 → median 90.
        assert_eq!(f64_at(&df, c::PEER_MEDIAN, 1), Some(90.0));
        assert_eq!(f64_at(&df, c::PEER_MEDIAN, 5), Some(90.0));
        // Peers "large"/"ru": schools 3 and 5 → 80, 60 → 70. School 4 has no language.
        assert_eq!(f64_at(&df, c::PEER_MEDIAN, 2), Some(70.0));
        assert_eq!(f64_at(&df, c::PEER_MEDIAN, 3), None);
    }

    #[test]
    fn a_district_of_one_school() {
        let df = run(&quality_rows());
        // School 5 is alone in district 11.
        assert_eq!(i32_at(&df, c::RANK_DISTRICT, 4), Some(1));
        assert_eq!(i32_at(&df, c::COUNT_DISTRICT, 4), Some(1));
        assert_eq!(f64_at(&df, c::PCT_DISTRICT, 4), Some(100.0));
        assert_eq!(f64_at(&df, c::DISTRICT_MEAN, 4), Some(60.0));
        assert_eq!(f64_at(&df, c::GAP_TO_DISTRICT_MEAN, 4), Some(0.0));
        assert_eq!(f64_at(&df, c::Z_DISTRICT, 4), None);
    }

    #[test]
    fn lower_is_better_ranks_the_smallest_first() {
        let rows = vec![
            school(1, DROPOUT, Some(2.0)),
            school(2, DROPOUT, Some(5.0)),
            school(3, DROPOUT, Some(1.0)),
            school(4, DROPOUT, Some(5.0)),
        ];
        let df = run(&rows);
        let ranks: Vec<_> = (0..4).map(|i| i32_at(&df, c::RANK_DISTRICT, i)).collect();
        assert_eq!(ranks, [Some(2), Some(3), Some(1), Some(3)]);
        assert_eq!(f64_at(&df, c::PCT_DISTRICT, 2), Some(100.0));
        assert!(approx(f64_at(&df, c::PCT_DISTRICT, 1), 100.0 / 3.0));
    }

    #[test]
    fn nulls_and_other_groups_are_excluded() {
        let mut rows = vec![
            school(1, QUALITY, Some(50.0)),
            school(2, QUALITY, None),
            school(3, QUALITY, Some(40.0)),
            // Same school and indicator, another year: its own group.
            Row::value("school", 4, QUALITY, 2020, Some(99.0)),
            // Not a school row.
            Row::value("district", 10, QUALITY, 2021, Some(99.0)),
            // School missing from geo.
            school(99, QUALITY, Some(99.0)),
        ];
        rows.push(school(4, QUALITY, None));
        let df = sorted(compare_all(&rows), &[c::YEAR, c::ENTITY_ID]);
        assert_eq!(df.height(), 3);
        // 2020: school 4 alone.
        assert_eq!(i32_at(&df, c::COUNT_COUNTRY, 0), Some(1));
        // 2021: schools 1 and 3 only; the null of school 2 neither ranks nor counts.
        assert_eq!(i32_at(&df, c::ENTITY_ID, 1), Some(1));
        assert_eq!(i32_at(&df, c::COUNT_DISTRICT, 1), Some(2));
        assert_eq!(i32_at(&df, c::RANK_DISTRICT, 2), Some(2));
        assert_eq!(f64_at(&df, c::DISTRICT_MEAN, 1), Some(45.0));
        assert_eq!(f64_at(&df, c::PCT_DISTRICT, 2), Some(0.0));
    }

    #[test]
    fn the_gap_is_to_the_districts_own_value() {
        // District 10's own figure from its counts: 47.9, not the mean of its schools (80).
        let mut rows = quality_rows();
        rows.push(Row::value("district", 10, QUALITY, 2021, Some(47.9)));
        // Another year's and another district's figures are not this one's reference.
        rows.push(Row::value("district", 10, QUALITY, 2020, Some(10.0)));
        rows.push(Row::value("district", 11, QUALITY, 2021, Some(61.0)));
        let df = run(&rows);
        assert_eq!(df.height(), 6, "district rows are references, not compared");
        assert_eq!(f64_at(&df, c::DISTRICT_VALUE, 0), Some(47.9));
        assert!(approx(f64_at(&df, c::GAP_TO_DISTRICT, 0), 90.0 - 47.9));
        assert_eq!(f64_at(&df, c::DISTRICT_MEAN, 0), Some(80.0));
        assert_eq!(f64_at(&df, c::GAP_TO_DISTRICT_MEAN, 0), Some(10.0));
        assert!(approx(f64_at(&df, c::GAP_TO_DISTRICT, 4), -1.0));
        // District 20 has no figure: no gap to it.
        assert_eq!(f64_at(&df, c::DISTRICT_VALUE, 5), None);
        assert_eq!(f64_at(&df, c::GAP_TO_DISTRICT, 5), None);
    }

    #[test]
    fn a_districts_total_is_no_reference_for_a_school() {
        let rows = vec![
            school(1, PRIZES, Some(3.0)),
            school(2, PRIZES, Some(1.0)),
            Row::value("district", 10, PRIZES, 2021, Some(4.0)),
        ];
        let df = run(&rows);
        assert_eq!(df.height(), 2);
        assert_eq!(f64_at(&df, c::DISTRICT_VALUE, 0), None);
        assert_eq!(f64_at(&df, c::GAP_TO_DISTRICT, 0), None);
        assert_eq!(f64_at(&df, c::DISTRICT_MEAN, 0), Some(2.0));
    }

    #[test]
    fn a_partial_index_is_not_ranked() {
        let index = |id, value, weight| Row {
            numerator: Some(value * weight),
            denominator: Some(weight),
            ..school(id, INDEX, Some(value))
        };
        // School 2's index of 95 lacks components (weight 0.5 of 1): it neither ranks
        // first nor moves the mean or the peer median.
        let rows = vec![
            index(1, 60.0, 1.0),
            index(2, 95.0, 0.5),
            index(3, 50.0, 1.0),
        ];
        let df = run(&rows);
        assert_eq!(df.height(), 2);
        assert_eq!(i32_at(&df, c::ENTITY_ID, 1), Some(3));
        assert_eq!(i32_at(&df, c::RANK_DISTRICT, 0), Some(1));
        assert_eq!(i32_at(&df, c::COUNT_DISTRICT, 0), Some(2));
        assert_eq!(f64_at(&df, c::DISTRICT_MEAN, 0), Some(55.0));
        assert_eq!(f64_at(&df, c::PEER_MEDIAN, 0), Some(60.0));
    }
}
