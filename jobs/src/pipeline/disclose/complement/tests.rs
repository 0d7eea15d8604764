use std::collections::{BTreeMap, BTreeSet};

use super::*;
use crate::pipeline::columns::disclosure as rule;
use crate::pipeline::disclose::{COUNTED_BY, RULE, disclose};
use crate::pipeline::test_data::{GeoRow, Row, catalog_frame, geo_frame, values_frame};
use crate::pipeline::{aggregate, columns::COVERAGE_COLUMNS};

pub(super) const MEAN: &str = "ort_mean";

/// A share of pupils (a percentage).
const PASSED: &str = "success_pct";

fn catalog() -> LazyFrame {
    catalog_frame(&[(MEAN, true, "ratio", 1.0), (PASSED, true, "ratio", 100.0)])
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
pub(super) fn derive(schools: LazyFrame, geo: &[GeoRow]) -> DataFrame {
    let areas = aggregate(schools.clone(), geo_frame(geo), catalog(), &[2021]).unwrap();
    let coverage = COVERAGE_COLUMNS.map(|n| lit(NULL).cast(DataType::Int32).alias(n));
    let rules = df!(
        c::INDICATOR => [MEAN, PASSED],
        RULE => [rule::PERSONS, rule::PERSONS],
        COUNTED_BY => [None::<&str>, None],
    )
    .unwrap()
    .lazy();
    let all = concat(
        [schools.with_columns(coverage), areas],
        UnionArgs::default(),
    )
    .unwrap();
    let disclosed = disclose(all, rules, 5.0, 10.0).collect().unwrap();
    complement(disclosed, geo_frame(geo), catalog(), 5.0)
        .unwrap()
        .sort(
            [c::ENTITY_KIND, c::ENTITY_ID, c::GRADE_BAND],
            SortMultipleOptions::default(),
        )
        .unwrap()
}

/// The derived frame of `rows`, checked to come out the same when its school rows are
/// derived again (as an incremental run carries them).
pub(super) fn derive_twice(rows: &[Row], geo: &[GeoRow]) -> DataFrame {
    let once = derive(values_frame(rows), geo);
    let carried = once
        .clone()
        .lazy()
        .filter(col(c::ENTITY_KIND).eq(lit(kind::SCHOOL)))
        .select(c::VALUE_COLUMNS.map(col));
    let twice = derive(carried, geo);
    assert!(once.equals_missing(&twice), "{once}\n{twice}");
    once
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
        let once = derive_twice(&rows, &GEO);
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

#[test]
fn withheld_shares_that_all_failed_or_all_passed_take_one_more() {
    // School 1's one pupil failed; school 3 (the smallest sibling) has ten, all failed too:
    // withheld together, their sum (district less school 2) would say 0 of 11 passed.
    let passed = |id: i32, passed: f64, pupils: f64| Row {
        numerator: Some(passed),
        denominator: Some(pupils),
        value: Some(passed * 100.0 / pupils),
        ..Row::value("school", id, PASSED, 2021, None)
    };
    // School 3 passes `third` of its ten pupils.
    let rows = |third: f64| {
        [(1, 0.0, 1.0), (2, 15.0, 20.0), (3, third, 10.0)]
            .into_iter()
            .chain((4..=7).map(|id| (id, 20.0, 40.0)))
            .map(|(id, p, n)| passed(id, p, n))
            .collect::<Vec<Row>>()
    };
    let out = cells(&derive(values_frame(&rows(0.0)), &GEO));
    assert_protected(&out, &GEO);
    assert_eq!(
        withheld(&out),
        [("school", 1), ("school", 2), ("school", 3)].into()
    );
    // Where the pair's pupils passed in part, nothing more is withheld.
    let out = cells(&derive(values_frame(&rows(4.0)), &GEO));
    assert_eq!(withheld(&out), [("school", 1), ("school", 3)].into());
}
