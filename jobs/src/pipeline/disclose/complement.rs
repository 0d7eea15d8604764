//! Complementary (secondary) suppression: a withheld value must not come back by subtraction.
//!
//! District, region and country figures are sums of their children's numerators and
//! denominators, and are published. Where one school of a district is withheld and its
//! siblings are not, the district's numerator minus theirs is the withheld school's (one
//! pupil's ORT score); the same holds for a region and its districts, the country and its
//! regions, and for a withheld area whose children are all published (it is their sum).
//!
//! So, per indicator, dimensions and year, over the tree school → district → region →
//! country (the school's district and region from the geo frame), every sum `parent = Σ
//! children` must hide at least two of its terms or none:
//!
//! - a parent with exactly one withheld child gets a second one: its published child with
//!   the smallest denominator (ties: the lowest entity id); where there is no other child, the
//!   parent itself (it equals its one child);
//! - a withheld parent with no withheld child gets two withheld (its only child, if it has
//!   one);
//!
//! repeated until nothing changes (a newly withheld district can leave its region with one
//! withheld child, a newly withheld region needs two of its districts withheld, …). Only ratio
//! indicators are concerned: a sum (a count of events) has no denominator and is never
//! withheld, and a value that does not aggregate (a median) has no areas.
//!
//! The cells withheld here are flagged `SUPPRESSED` like the others (value null; the stored
//! numerator and denominator stay for re-aggregation, the snapshot withholds the numerator).

use polars::prelude::*;

use super::DISCLOSED;
use crate::pipeline::columns::{self as c, aggregation, flag, kind, source};
use crate::pipeline::{keyed, keyed_names};

/// Rounds of the fixpoint before giving up on a key and withholding its whole tree (a chain
/// of consequences is a few levels up and down: about six rounds; never reached in practice).
const MAX_ROUNDS: usize = 32;

// Scratch columns.
const LEVEL: &str = "__level";
const PARENT: &str = "__parent";
const SIZE: &str = "__size";
const WITHHELD: &str = "__withheld";
const PARENT_WITHHELD: &str = "__parent_withheld";
const NEW: &str = "__new";
const N: &str = "__n";
const N_WITHHELD: &str = "__n_withheld";
const NEED: &str = "__need";
const INDEX: &str = "__index";
const POS: &str = "__pos";

/// A series' year: indicator, dimensions and year.
fn key(after: &[&'static str]) -> Vec<Expr> {
    keyed(&[c::INDICATOR], &[&[c::YEAR], after].concat())
}

/// [`key`] as names.
fn key_names(after: &[&'static str]) -> Vec<&'static str> {
    keyed_names(&[c::INDICATOR], &[&[c::YEAR], after].concat())
}

/// Returns `disclosed` (the output of [`super::disclose`] over school *and* area values of
/// whole dimension keys; same rows, order and columns) with the complementary cells withheld:
/// value null and [`DISCLOSED`] `SUPPRESSED`.
///
/// A school row withheld by an earlier run (an incremental run carries school rows from the
/// published generation) comes without a value; where the minimum count did not withhold it,
/// its value is first computed again from its counts (`numerator × scale / denominator`, the
/// expression the school value was computed with, to the last bit), so the decision is
/// taken afresh from the raw numbers and the frame is the full run's.
///
/// # Errors
/// Polars errors (a missing column).
pub fn complement(
    disclosed: DataFrame,
    geo: LazyFrame,
    catalog: LazyFrame,
) -> PolarsResult<DataFrame> {
    let columns: Vec<Expr> = disclosed
        .get_column_names()
        .into_iter()
        .map(|n| col(n.clone()))
        .collect();
    let ratios = catalog
        .filter(col(c::AGGREGATION).eq(lit(aggregation::RATIO)))
        .select([col(c::INDICATOR), col(c::SCALE)]);
    let in_tree = col(c::ENTITY_KIND)
        .eq(lit(kind::SCHOOL))
        .and(col(c::SOURCE).eq(lit(source::RAW)))
        .and(col(c::NUMERATOR).is_not_null())
        .and(col(c::DENOMINATOR).gt(lit(0.0)))
        .and(col(c::SCALE).is_not_null());
    let restored = disclosed
        .lazy()
        .join(
            ratios,
            [col(c::INDICATOR)],
            [col(c::INDICATOR)],
            JoinArgs {
                maintain_order: MaintainOrderJoin::Left,
                ..JoinArgs::new(JoinType::Left)
            },
        )
        .with_column(
            when(
                in_tree
                    .and(col(c::VALUE).is_null())
                    .and(col(DISCLOSED).is_null()),
            )
            .then(col(c::NUMERATOR) * col(c::SCALE) / col(c::DENOMINATOR))
            .otherwise(col(c::VALUE))
            .alias(c::VALUE),
        )
        .collect()?;
    let nodes = nodes(restored.clone().lazy(), geo)?.collect()?;
    if nodes.height() == 0 {
        return restored.lazy().select(columns).collect();
    }
    let withheld = settle(nodes)?.lazy().filter(col(WITHHELD)).select(
        key(&[c::ENTITY_KIND, c::ENTITY_ID])
            .into_iter()
            .chain([lit(true).alias(NEW)])
            .collect::<Vec<_>>(),
    );
    let on = || key(&[c::ENTITY_KIND, c::ENTITY_ID]);
    let new = col(NEW).fill_null(lit(false));
    restored
        .lazy()
        .join(
            withheld,
            on(),
            on(),
            JoinArgs {
                maintain_order: MaintainOrderJoin::Left,
                ..JoinArgs::new(JoinType::Left)
            },
        )
        .with_columns([
            when(new.clone())
                .then(lit(NULL).cast(DataType::Float64))
                .otherwise(col(c::VALUE))
                .alias(c::VALUE),
            when(new)
                .then(lit(flag::SUPPRESSED))
                .otherwise(col(DISCLOSED))
                .alias(DISCLOSED),
        ])
        .select(columns)
        .collect()
}

/// The tree's cells of the series' years that have a withheld cell: [`key`], entity kind and
/// id, [`LEVEL`] (0 school … 3 country), [`PARENT`] (the parent's id, null for the country),
/// [`SIZE`] (the denominator) and [`WITHHELD`].
fn nodes(restored: LazyFrame, geo: LazyFrame) -> PolarsResult<LazyFrame> {
    let withheld = col(DISCLOSED)
        .eq(lit(flag::SUPPRESSED))
        .fill_null(lit(false));
    let ratio = restored.filter(col(c::SCALE).is_not_null());
    let node = |lf: LazyFrame, level: i32, parent: Expr| {
        lf.select(
            key(&[c::ENTITY_KIND, c::ENTITY_ID])
                .into_iter()
                .chain([
                    lit(level).alias(LEVEL),
                    parent.cast(DataType::Int32).alias(PARENT),
                    col(c::DENOMINATOR).alias(SIZE),
                    withheld.clone().alias(WITHHELD),
                ])
                .collect::<Vec<_>>(),
        )
    };
    let of_kind = |k: &str| ratio.clone().filter(col(c::ENTITY_KIND).eq(lit(k)));
    let inner = || JoinArgs::new(JoinType::Inner);
    // The school rows `aggregate` sums (RAW, counted, in geo).
    let schools = of_kind(kind::SCHOOL)
        .filter(
            col(c::SOURCE)
                .eq(lit(source::RAW))
                .and(col(c::NUMERATOR).is_not_null())
                .and(col(c::DENOMINATOR).gt(lit(0.0))),
        )
        .join(
            geo.clone().select([col(c::SCHOOL_ID), col(c::DISTRICT_ID)]),
            [col(c::ENTITY_ID)],
            [col(c::SCHOOL_ID)],
            inner(),
        );
    let district_regions = geo
        .select([col(c::DISTRICT_ID), col(c::REGION_ID)])
        .unique(None, UniqueKeepStrategy::First);
    let districts = of_kind(kind::DISTRICT).join(
        district_regions,
        [col(c::ENTITY_ID)],
        [col(c::DISTRICT_ID)],
        inner(),
    );
    let all = concat(
        [
            node(schools, 0, col(c::DISTRICT_ID)),
            node(districts, 1, col(c::REGION_ID)),
            node(of_kind(kind::REGION), 2, lit(kind::COUNTRY_ID)),
            node(of_kind(kind::COUNTRY), 3, lit(NULL)),
        ],
        UnionArgs::default(),
    )?;
    // Most series' years withhold nothing: only the others enter the fixpoint.
    let touched = all
        .clone()
        .filter(col(WITHHELD))
        .select(key(&[]))
        .unique(None, UniqueKeepStrategy::First);
    Ok(all.join(touched, key(&[]), key(&[]), inner()))
}

/// Runs the fixpoint on `nodes` ([`nodes`]' columns); returns them with [`WITHHELD`] final.
fn settle(mut nodes: DataFrame) -> PolarsResult<DataFrame> {
    let at = || key(&[LEVEL, c::ENTITY_ID]);
    let mark = |nodes: DataFrame, marks: LazyFrame, on: Vec<Expr>| {
        nodes
            .lazy()
            .join(
                marks.with_column(lit(true).alias(NEW)),
                on.clone(),
                on,
                JoinArgs::new(JoinType::Left),
            )
            .with_column(
                col(WITHHELD)
                    .or(col(NEW).fill_null(lit(false)))
                    .alias(WITHHELD),
            )
            .drop(by_name([NEW], true, false))
            .collect()
    };
    for _ in 0..MAX_ROUNDS {
        let marks = round(nodes.clone().lazy())?.collect()?;
        if marks.height() == 0 {
            return Ok(nodes);
        }
        nodes = mark(nodes, marks.lazy(), at())?;
    }
    // Not settled (never seen): the series' years still moving are withheld whole.
    let moving = round(nodes.clone().lazy())?
        .select(key(&[]))
        .unique(None, UniqueKeepStrategy::First);
    tracing::warn!("complementary suppression did not settle; withholding the unsettled trees");
    mark(nodes, moving, key(&[]))
}

/// One round: the published cells (key, [`LEVEL`], entity id) to withhold next.
fn round(nodes: LazyFrame) -> PolarsResult<LazyFrame> {
    let group = || key(&[LEVEL, PARENT]);
    let children = nodes.clone().filter(col(PARENT).is_not_null());
    let parents = nodes.select(
        key(&[])
            .into_iter()
            .chain([
                (col(LEVEL) - lit(1)).alias(LEVEL),
                col(c::ENTITY_ID).alias(PARENT),
                col(WITHHELD).alias(PARENT_WITHHELD),
            ])
            .collect::<Vec<_>>(),
    );
    let n_withheld = col(N_WITHHELD);
    let parent_withheld = col(PARENT_WITHHELD).fill_null(lit(false));
    let sums = children
        .clone()
        .group_by(group())
        .agg([
            len().cast(DataType::Int64).alias(N),
            col(WITHHELD).cast(DataType::Int64).sum().alias(N_WITHHELD),
        ])
        .join(parents, group(), group(), JoinArgs::new(JoinType::Left))
        .with_column(
            when(n_withheld.clone().eq(lit(1i64)))
                .then(lit(1i64))
                .when(
                    parent_withheld
                        .clone()
                        .and(n_withheld.clone().eq(lit(0i64))),
                )
                .then(lit(2i64))
                .otherwise(lit(0i64))
                .alias(NEED),
        )
        .filter(col(NEED).gt(lit(0i64)));
    // The published children in order of denominator, then id: the first NEED are withheld.
    let chosen = children
        .filter(col(WITHHELD).not())
        .sort(
            key_names(&[LEVEL, PARENT, SIZE, c::ENTITY_ID]),
            SortMultipleOptions::default().with_nulls_last(true),
        )
        .with_row_index(INDEX, None)
        .with_column(
            (col(INDEX).cast(DataType::Int64)
                - col(INDEX).cast(DataType::Int64).min().over(group())?)
            .alias(POS),
        )
        .join(
            sums.clone(),
            group(),
            group(),
            JoinArgs::new(JoinType::Inner),
        )
        .filter(col(POS).lt(col(NEED)))
        .select(key(&[LEVEL, c::ENTITY_ID]));
    // One withheld child and no other: the parent equals it.
    let lifted = sums
        .filter(
            n_withheld
                .eq(lit(1i64))
                .and(col(N).eq(lit(1i64)))
                .and(parent_withheld.not()),
        )
        .select(
            key(&[])
                .into_iter()
                .chain([
                    (col(LEVEL) + lit(1)).alias(LEVEL),
                    col(PARENT).alias(c::ENTITY_ID),
                ])
                .collect::<Vec<_>>(),
        );
    Ok(concat([chosen, lifted], UnionArgs::default())?.unique(None, UniqueKeepStrategy::First))
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::*;
    use crate::pipeline::columns::disclosure as rule;
    use crate::pipeline::disclose::{COUNTED_BY, RULE, disclose};
    use crate::pipeline::test_data::{GeoRow, Row, catalog_frame, geo_frame, values_frame};
    use crate::pipeline::{aggregate, columns::COVERAGE_COLUMNS};

    const MEAN: &str = "ort_mean";

    fn catalog() -> LazyFrame {
        catalog_frame(&[(MEAN, true, "ratio", 1.0)])
    }

    /// (kind, id) of a cell.
    type Cell = (String, i32);

    /// Schools' ORT takers → the school, district, region and country values of 2021,
    /// disclosed and complemented: (cell → (numerator, denominator, value, withheld)).
    type Out = BTreeMap<Cell, (Option<f64>, Option<f64>, Option<f64>, bool)>;

    fn school(id: i32, takers: f64) -> Row {
        Row {
            numerator: Some(takers * 150.0 + f64::from(id)),
            denominator: Some(takers),
            value: Some((takers * 150.0 + f64::from(id)) / takers),
            ..Row::value("school", id, MEAN, 2021, None)
        }
    }

    /// The pipeline's steps over `schools` as the derive stage runs them.
    fn derive(schools: LazyFrame, geo: &[GeoRow]) -> DataFrame {
        let areas = aggregate(schools.clone(), geo_frame(geo), catalog(), &[2021]).unwrap();
        let coverage = COVERAGE_COLUMNS.map(|n| lit(NULL).cast(DataType::Int32).alias(n));
        let rules = df!(
            c::INDICATOR => [MEAN],
            RULE => [rule::PERSONS],
            COUNTED_BY => [None::<&str>],
        )
        .unwrap()
        .lazy();
        let all = concat(
            [schools.with_columns(coverage), areas],
            UnionArgs::default(),
        )
        .unwrap();
        let disclosed = disclose(all, rules, 5.0, 10.0).collect().unwrap();
        complement(disclosed, geo_frame(geo), catalog())
            .unwrap()
            .sort(
                [c::ENTITY_KIND, c::ENTITY_ID],
                SortMultipleOptions::default(),
            )
            .unwrap()
    }

    fn cells(df: &DataFrame) -> Out {
        let s = |n: &str| df.column(n).unwrap().str().unwrap().clone();
        let f = |n: &str| df.column(n).unwrap().f64().unwrap().clone();
        let (kinds, marks) = (s(c::ENTITY_KIND), s(DISCLOSED));
        let ids = df.column(c::ENTITY_ID).unwrap().i32().unwrap().clone();
        let (num, den, value) = (f(c::NUMERATOR), f(c::DENOMINATOR), f(c::VALUE));
        (0..df.height())
            .map(|i| {
                let withheld = marks.get(i) == Some(flag::SUPPRESSED);
                assert_eq!(withheld, value.get(i).is_none(), "row {i}");
                (
                    (kinds.get(i).unwrap().to_owned(), ids.get(i).unwrap()),
                    (num.get(i), den.get(i), value.get(i), withheld),
                )
            })
            .collect()
    }

    fn withheld(out: &Out) -> BTreeSet<(&str, i32)> {
        out.iter()
            .filter(|(_, v)| v.3)
            .map(|((k, id), _)| (k.as_str(), *id))
            .collect()
    }

    /// No sum `parent = Σ children` of the tree hides exactly one of its terms, and no
    /// published parent minus its published children is a withheld child's numerator alone.
    fn assert_protected(out: &Out, geo: &[GeoRow]) {
        let mut sums: BTreeMap<Cell, Vec<Cell>> = BTreeMap::new();
        for (s, d, r, ..) in geo {
            let child = |k: &str, id: i32| (k.to_owned(), id);
            for (parent, ch) in [
                (child("district", *d), child("school", *s)),
                (child("region", *r), child("district", *d)),
                (child("country", 0), child("region", *r)),
            ] {
                if out.contains_key(&ch) && out.contains_key(&parent) {
                    let children = sums.entry(parent).or_default();
                    if !children.contains(&ch) {
                        children.push(ch);
                    }
                }
            }
        }
        for (parent, children) in &sums {
            let hidden: Vec<&Cell> = children.iter().filter(|ch| out[*ch].3).collect();
            let unknowns = hidden.len() + usize::from(out[parent].3);
            assert_ne!(unknowns, 1, "{parent:?} = Σ {children:?}: {out:?}");
            if !out[parent].3 && hidden.len() == 1 {
                let rest: f64 = children
                    .iter()
                    .filter(|ch| !out[*ch].3)
                    .map(|ch| out[ch].0.unwrap())
                    .sum();
                assert_ne!(Some(out[parent].0.unwrap() - rest), out[hidden[0]].0);
            }
        }
    }

    /// Region 100: district 10 (schools 1, 2, 3) and 11 (schools 4, 5); region 101: district
    /// 12 (school 6) and 13 (school 7).
    const GEO: [GeoRow; 7] = [
        (1, 10, 100, None, None),
        (2, 10, 100, None, None),
        (3, 10, 100, None, None),
        (4, 11, 100, None, None),
        (5, 11, 100, None, None),
        (6, 12, 101, None, None),
        (7, 13, 101, None, None),
    ];

    fn run(takers: [f64; 7]) -> Out {
        let rows: Vec<Row> = (1..=7).zip(takers).map(|(id, n)| school(id, n)).collect();
        let out = cells(&derive(values_frame(&rows), &GEO));
        assert_protected(&out, &GEO);
        out
    }

    #[test]
    fn one_withheld_school_takes_its_smallest_sibling_along() {
        // School 1 has one ORT taker; school 3 is the smaller of its published siblings.
        let out = run([1.0, 30.0, 20.0, 40.0, 40.0, 40.0, 40.0]);
        assert_eq!(withheld(&out), [("school", 1), ("school", 3)].into());
        // The district is published, and its numerator less the published school's is two
        // schools' sum, not school 1's.
        assert!(!out[&("district".into(), 10)].3);
    }

    #[test]
    fn ties_go_to_the_lowest_id_and_two_withheld_schools_need_nothing_more() {
        let out = run([1.0, 20.0, 20.0, 40.0, 40.0, 40.0, 40.0]);
        assert_eq!(withheld(&out), [("school", 1), ("school", 2)].into());
        let out = run([1.0, 2.0, 20.0, 40.0, 40.0, 40.0, 40.0]);
        assert_eq!(withheld(&out), [("school", 1), ("school", 2)].into());
    }

    #[test]
    fn a_withheld_district_takes_a_sibling_which_is_not_left_derivable_from_its_schools() {
        // District 11 (4 takers) is withheld with its schools; its only sibling district 10 is
        // withheld too, and then two of district 10's schools (the two smallest), so that
        // district 10 is not their sum.
        let out = run([30.0, 20.0, 10.0, 2.0, 2.0, 40.0, 40.0]);
        assert_eq!(
            withheld(&out),
            [
                ("district", 10),
                ("district", 11),
                ("school", 2),
                ("school", 3),
                ("school", 4),
                ("school", 5),
            ]
            .into()
        );
        assert!(!out[&("region".into(), 100)].3);
    }

    #[test]
    fn a_withheld_region_cascades_down_the_other_region() {
        // Region 101 (district 12: one taker; district 13: two) is withheld whole, so region
        // 100 is withheld too, then both its districts (it has two), then two schools of each.
        let out = run([30.0, 20.0, 10.0, 40.0, 50.0, 1.0, 2.0]);
        let expected: BTreeSet<(&str, i32)> = [
            ("region", 100),
            ("region", 101),
            ("district", 10),
            ("district", 11),
            ("district", 12),
            ("district", 13),
            ("school", 2),
            ("school", 3),
            ("school", 4),
            ("school", 5),
            ("school", 6),
            ("school", 7),
        ]
        .into();
        assert_eq!(withheld(&out), expected);
        assert!(!out[&("country".into(), 0)].3);
    }

    #[test]
    fn a_district_with_one_withheld_school_and_region_sums_stay_protected() {
        // Region 101: district 12's one school has one taker, district 13 is published: it is
        // withheld as the sibling, then its only school.
        let out = run([30.0, 20.0, 10.0, 40.0, 50.0, 1.0, 60.0]);
        assert_eq!(
            withheld(&out),
            [
                ("district", 12),
                ("district", 13),
                ("school", 6),
                ("school", 7),
            ]
            .into()
        );
    }

    #[test]
    fn carried_school_rows_give_the_frame_of_a_full_run() {
        // A generation's output school rows (complementary cells without a value) derived
        // again, as an incremental run carries them: the same frame.
        for takers in [
            [1.0, 30.0, 20.0, 40.0, 40.0, 40.0, 40.0],
            [30.0, 20.0, 10.0, 40.0, 50.0, 1.0, 2.0],
        ] {
            let rows: Vec<Row> = (1..=7).zip(takers).map(|(id, n)| school(id, n)).collect();
            let once = derive(values_frame(&rows), &GEO);
            let carried = once
                .clone()
                .lazy()
                .filter(col(c::ENTITY_KIND).eq(lit(kind::SCHOOL)))
                .select(c::VALUE_COLUMNS.map(col));
            let twice = derive(carried, &GEO);
            assert!(once.equals_missing(&twice), "{once}\n{twice}");
            // Carried with no value: school 3, withheld to protect another cell.
            let out = cells(&once);
            assert_eq!(out[&("school".into(), 3)].2, None);
            assert!(out[&("school".into(), 3)].1 >= Some(5.0));
        }
    }

    #[test]
    fn a_carried_cell_no_longer_needed_gets_its_value_back() {
        // School 3 is withheld for school 1's sake; then school 1 moves to district 11. The
        // carried rows, derived on the new map, give the full run's frame: school 3's value
        // is published again, school 4 is withheld instead.
        let rows: Vec<Row> = (1..=7)
            .zip([1.0, 30.0, 20.0, 40.0, 40.0, 40.0, 40.0])
            .map(|(id, n)| school(id, n))
            .collect();
        let once = derive(values_frame(&rows), &GEO);
        let carried = once
            .lazy()
            .filter(col(c::ENTITY_KIND).eq(lit(kind::SCHOOL)))
            .select(c::VALUE_COLUMNS.map(col));
        let mut moved = GEO;
        moved[0].1 = 11;
        let incremental = derive(carried, &moved);
        let full = derive(values_frame(&rows), &moved);
        assert!(incremental.equals_missing(&full), "{incremental}\n{full}");
        let out = cells(&full);
        assert_protected(&out, &moved);
        assert_eq!(withheld(&out), [("school", 1), ("school", 4)].into());
        assert_eq!(out[&("school".into(), 3)].2, Some(3_003.0 / 20.0));
    }

    #[test]
    fn a_key_without_withheld_cells_and_a_reported_school_are_left_alone() {
        let rows = [
            school(1, 30.0),
            school(2, 20.0),
            Row::value("school", 3, MEAN, 2021, Some(150.0)).reported(),
        ];
        let geo = &GEO[..3];
        let out = cells(&derive(values_frame(&rows), geo));
        assert!(withheld(&out).is_empty(), "{out:?}");
        assert_eq!(out[&("school".into(), 3)].2, Some(150.0));
    }
}
