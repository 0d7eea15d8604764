//! Complementary suppression across grade bands: an all-grades figure is the sum of its bands
//! and of a rest (grades 2–3) whose size is published.

use std::collections::{BTreeMap, BTreeSet};

use super::tests::{MEAN, derive, derive_twice};
use super::*;
use crate::pipeline::test_data::{GeoRow, Row, values_frame};

const BANDS: [&str; 3] = ["4-6", "7-9", "10-11"];

/// (kind, id, band); band `""` is all grades.
type Cell = (String, i32, &'static str);

/// Cell → (denominator, withheld).
type Out = BTreeMap<Cell, (f64, bool)>;

/// District 10: schools 1, 2, 3; district 11: schools 4, 5; region 100; the country.
const GEO: [GeoRow; 5] = [
    (1, 10, 100, None, None),
    (2, 10, 100, None, None),
    (3, 10, 100, None, None),
    (4, 11, 100, None, None),
    (5, 11, 100, None, None),
];

/// A school's band rows of `sizes` pupils and its all-grades row, `rest` pupils more.
fn school(id: i32, sizes: [f64; 3], rest: f64) -> Vec<Row> {
    let row = |band: &'static str, n: f64| Row {
        // Distinct numerators, so no sum equals another by chance.
        numerator: Some(n * 0.5 + f64::from(id) * 0.01),
        denominator: Some(n),
        value: Some(0.5 + f64::from(id) * 0.01 / n),
        ..Row::value("school", id, MEAN, 2021, None).band(band)
    };
    let mut rows: Vec<Row> = BANDS.iter().zip(sizes).map(|(b, n)| row(b, n)).collect();
    let total = sizes.iter().sum::<f64>() + rest;
    rows.push(Row {
        numerator: Some(total * 0.5 + f64::from(id) * 0.04),
        ..row("", total)
    });
    rows
}

fn run(schools: &[Vec<Row>]) -> Out {
    let rows: Vec<Row> = schools.concat();
    run_frame(&derive(values_frame(&rows), &GEO))
}

/// A derived frame's cells, checked by [`assert_unrecoverable`].
fn run_frame(df: &DataFrame) -> Out {
    let s = |n: &str| df.column(n).unwrap().str().unwrap().clone();
    let (kinds, bands, marks) = (s(c::ENTITY_KIND), s(c::GRADE_BAND), s(DISCLOSED));
    let ids = df.column(c::ENTITY_ID).unwrap().i32().unwrap().clone();
    let den = df.column(c::DENOMINATOR).unwrap().f64().unwrap().clone();
    let out: Out = (0..df.height())
        .map(|i| {
            let band = ["", BANDS[0], BANDS[1], BANDS[2]]
                .into_iter()
                .find(|b| Some(*b) == bands.get(i))
                .unwrap();
            let cell = (kinds.get(i).unwrap().to_owned(), ids.get(i).unwrap(), band);
            let withheld = marks.get(i) == Some(flag::SUPPRESSED);
            (cell, (den.get(i).unwrap(), withheld))
        })
        .collect();
    assert_unrecoverable(&out);
    out
}

/// An attacker who knows every published figure and every denominator solves each sum with
/// one unknown term, over and over (places per band, and all grades = bands + rest per
/// entity; a rest under 5 pupils is taken as known). No withheld cell comes out.
fn assert_unrecoverable(out: &Out) {
    // Unknowns: withheld cells, and rests of 5 pupils or more ("rest" band).
    let mut unknown: BTreeSet<Cell> = out
        .iter()
        .filter(|(_, v)| v.1)
        .map(|(k, _)| k.clone())
        .collect();
    let entities: BTreeSet<(String, i32)> = out.keys().map(|k| (k.0.clone(), k.1)).collect();
    for (k, id) in &entities {
        let total = out[&(k.clone(), *id, "")].0;
        let bands: f64 = BANDS.iter().map(|b| out[&(k.clone(), *id, *b)].0).sum();
        if total - bands >= 5.0 {
            unknown.insert((k.clone(), *id, "rest"));
        }
    }
    let parent = |k: &str, id: i32| -> Option<(String, i32)> {
        let g = GEO.iter().find(|g| match k {
            "school" => g.0 == id,
            "district" => g.1 == id,
            _ => g.2 == id,
        });
        match k {
            "school" => g.map(|g| ("district".into(), g.1)),
            "district" => g.map(|g| ("region".into(), g.2)),
            "region" => Some(("country".into(), 0)),
            _ => None,
        }
    };
    // Each sum as the list of its terms (parent first).
    let mut sums: Vec<Vec<Cell>> = Vec::new();
    for band in ["", BANDS[0], BANDS[1], BANDS[2], "rest"] {
        let mut children: BTreeMap<(String, i32), Vec<Cell>> = BTreeMap::new();
        for (k, id) in &entities {
            if let Some(p) = parent(k, *id) {
                children.entry(p).or_default().push((k.clone(), *id, band));
            }
        }
        for ((k, id), ch) in children {
            sums.push([vec![(k, id, band)], ch].concat());
        }
    }
    for (k, id) in &entities {
        let mut terms = vec![(k.clone(), *id, "")];
        terms.extend(BANDS.iter().map(|b| (k.clone(), *id, *b)));
        terms.push((k.clone(), *id, "rest"));
        sums.push(terms);
    }
    loop {
        let solved: Vec<_> = sums
            .iter()
            .filter_map(|terms| {
                let open: Vec<_> = terms.iter().filter(|t| unknown.contains(*t)).collect();
                (open.len() == 1).then(|| open[0].clone())
            })
            .collect();
        if solved.is_empty() {
            break;
        }
        for cell in solved {
            assert!(cell.2 == "rest", "{cell:?} is recovered: {out:?}");
            unknown.remove(&cell);
        }
    }
}

fn withheld(out: &Out) -> BTreeSet<(&str, i32, &str)> {
    out.iter()
        .filter(|(_, v)| v.1)
        .map(|((k, id, b), _)| (k.as_str(), *id, *b))
        .collect()
}

#[test]
fn without_a_rest_a_withheld_band_takes_another_band_of_its_school() {
    // No grade 2–3 marks anywhere: all grades = the three bands. School 1's 10–11 has 2 pupils.
    let out = run(&[
        school(1, [40.0, 30.0, 2.0], 0.0),
        school(2, [40.0, 30.0, 20.0], 0.0),
        school(3, [40.0, 30.0, 10.0], 0.0),
        school(4, [40.0, 30.0, 20.0], 0.0),
        school(5, [40.0, 30.0, 20.0], 0.0),
    ]);
    let hidden = withheld(&out);
    assert!(hidden.contains(&("school", 1, "10-11")));
    // Its school also hides a second band (or its all-grades figure).
    assert!(
        hidden
            .iter()
            .filter(|(k, id, _)| *k == "school" && *id == 1)
            .count()
            >= 2,
        "{hidden:?}"
    );
    assert!(!hidden.contains(&("country", 0, "")));
}

#[test]
fn a_large_rest_hides_the_band_with_no_more_cells_than_places_need() {
    // Every school has 20 pupils in grades 2–3: the rests are hidden terms, so school 1's
    // band and its smallest sibling's are all it takes.
    let out = run(&[
        school(1, [40.0, 30.0, 2.0], 20.0),
        school(2, [40.0, 30.0, 20.0], 20.0),
        school(3, [40.0, 30.0, 10.0], 20.0),
        school(4, [40.0, 30.0, 20.0], 20.0),
        school(5, [40.0, 30.0, 20.0], 20.0),
    ]);
    assert_eq!(
        withheld(&out),
        [("school", 1, "10-11"), ("school", 3, "10-11")].into()
    );
}

#[test]
fn a_sibling_with_a_small_rest_is_protected_too() {
    // School 3 (the sibling taken along) has a rest of 2 pupils, a known term: its row needs
    // another cell, and school 1's rest may not be the only hidden rest of district 10.
    let out = run(&[
        school(1, [40.0, 30.0, 2.0], 20.0),
        school(2, [40.0, 30.0, 20.0], 20.0),
        school(3, [40.0, 30.0, 10.0], 2.0),
        school(4, [40.0, 30.0, 20.0], 0.0),
        school(5, [40.0, 30.0, 20.0], 20.0),
    ]);
    assert!(withheld(&out).contains(&("school", 3, "10-11")));
}

#[test]
fn a_whole_band_under_the_minimum_is_protected_in_every_sum() {
    // District 11 teaches 10–11 to 3 pupils in all: the district's band is withheld too.
    let out = run(&[
        school(1, [40.0, 30.0, 20.0], 0.0),
        school(2, [40.0, 30.0, 20.0], 0.0),
        school(3, [40.0, 30.0, 10.0], 0.0),
        school(4, [40.0, 30.0, 1.0], 0.0),
        school(5, [40.0, 30.0, 2.0], 0.0),
    ]);
    let hidden = withheld(&out);
    assert!(hidden.contains(&("district", 11, "10-11")), "{hidden:?}");
}

#[test]
fn carried_band_rows_give_the_frame_of_a_full_run() {
    let rows: Vec<Row> = [
        school(1, [40.0, 30.0, 2.0], 0.0),
        school(2, [40.0, 30.0, 20.0], 3.0),
        school(3, [40.0, 30.0, 10.0], 20.0),
        school(4, [40.0, 3.0, 20.0], 0.0),
        school(5, [40.0, 30.0, 20.0], 20.0),
    ]
    .concat();
    let once = derive_twice(&rows, &GEO);
    assert!(withheld(&run_frame(&once)).contains(&("school", 1, "10-11")));
}
