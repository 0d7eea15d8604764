//! The indicators' unit tests on hand-made frames: seed 003's figures (`seed_003`), the mark
//! and outcome sums (`results`), and ORT, olympiads, staff, conditions, retention and surveys
//! (`others`). The frame builders they share are here.

use super::conditions::{ENROLMENT, PUPILS_PER_COMPUTER, TEXTBOOK_PROVISION};
use super::input as i;
use super::marks::{
    ADMIN_DELTA, ADMIN_H1, ADMIN_H2, AVERAGE_MARK, FINAL_G9, FINAL_G11, KNOWLEDGE_QUALITY,
    KNOWLEDGE_QUALITY_MARKS, SOU, SUCCESS, SUCCESS_MARKS,
};
use super::olympiads::{OLYMPIAD_LEVELS, OLYMPIAD_PER_100, OLYMPIAD_SCORE};
use super::ort::{ORT_GOLD, ORT_MAX, ORT_MEAN, ORT_MEDIAN, ORT_PARTICIPANTS, ORT_PASS};
use super::quality_index::QUALITY_INDEX;
use super::staff::{
    PUPILS_PER_TEACHER, TEACHERS_AWARDED, TEACHERS_HIGHER_ED, TEACHERS_TOTAL, TEACHERS_TRAINED_5Y,
    TRAINING_HOURS,
};
use super::*;
use domain::trend::source::YearFacts;
use std::collections::BTreeSet;

mod others;
mod results;
mod seed_003;

/// A year with no facts at all (every frame empty, typed as `frame` types them).
fn empty(year: i32) -> YearFrames {
    crate::frame::year_frames(&YearFacts {
        year,
        ort_threshold: 110,
        ..YearFacts::default()
    })
    .expect("empty frames")
}

/// An enrolment frame of (school, pupils), without movement counts.
fn enrolment(rows: &[(i32, i32)]) -> DataFrame {
    df!(
        i::SCHOOL_ID => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        i::ENROLMENT => rows.iter().map(|r| r.1).collect::<Vec<_>>(),
        i::LEFT_MID_YEAR => vec![None::<i32>; rows.len()],
        i::LEAVERS_AFTER_GRADE9 => vec![None::<i32>; rows.len()],
        i::GRADE9_YEAR_BEFORE => vec![None::<i32>; rows.len()],
    )
    .unwrap()
}

fn compute(frames: &YearFrames) -> DataFrame {
    school_values(frames, &Params::default())
        .expect("plan")
        .collect()
        .expect("collect")
}

/// (value, numerator, denominator, source, n_source_rows) of one school's indicator.
type Got = (Option<f64>, Option<f64>, Option<f64>, String, i64);

fn get(df: &DataFrame, school: i32, indicator: &str) -> Option<Got> {
    let ids = df.column(c::ENTITY_ID).unwrap().i32().unwrap();
    let codes = df.column(c::INDICATOR).unwrap().str().unwrap();
    let hits: Vec<usize> = (0..df.height())
        .filter(|&r| ids.get(r) == Some(school) && codes.get(r) == Some(indicator))
        .collect();
    assert!(hits.len() <= 1, "{indicator} of {school} twice");
    let r = *hits.first()?;
    let f = |name: &str| df.column(name).unwrap().f64().unwrap().get(r);
    Some((
        f(c::VALUE),
        f(c::NUMERATOR),
        f(c::DENOMINATOR),
        df.column(c::SOURCE)
            .unwrap()
            .str()
            .unwrap()
            .get(r)
            .unwrap()
            .to_owned(),
        df.column(c::N_SOURCE_ROWS)
            .unwrap()
            .i64()
            .unwrap()
            .get(r)
            .unwrap(),
    ))
}

fn value(df: &DataFrame, school: i32, indicator: &str) -> Option<f64> {
    get(df, school, indicator).and_then(|g| g.0)
}

fn approx(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

/// Seed 003 ("Бахмал" №45, DOMAIN.md §10) for one year, as the demo loads it.
fn bahmal(year: i32) -> YearFrames {
    const S: i32 = 45;
    let quality = [
        (2017, 34.0),
        (2018, 42.0),
        (2019, 40.0),
        (2020, 39.0),
        (2021, 35.0),
    ];
    let q = quality.iter().find(|(y, _)| *y == year).unwrap().1;
    // (zonal, district, oblast); None = blank cell.
    let olympiads = [
        (2017, [Some(3), Some(1), Some(0)]),
        (2018, [Some(2), Some(0), Some(0)]),
        (2019, [Some(2), Some(0), None]),
        (2020, [Some(3), Some(1), Some(1)]),
        (2021, [Some(4), Some(1), Some(0)]),
    ];
    let counts = olympiads.iter().find(|(y, _)| *y == year).unwrap().1;
    let ort: Vec<i32> = match year {
        2018 => vec![145, 120],
        2019 => vec![138],
        2020 => vec![133, 122],
        _ => vec![],
    };
    let mut f = empty(year);
    f.reported = df!(
        i::SCHOOL_ID => [S],
        i::REPORTED_INDICATOR => ["knowledge_quality"],
        i::REPORTED_VALUE => [q],
    )
    .unwrap();
    f.olympiads = df!(
        i::SCHOOL_ID => [S, S, S],
        i::LEVEL => ["zonal", "district", "oblast"],
        i::PRIZE_COUNT => counts,
    )
    .unwrap();
    f.ort_results = df!(
        i::SCHOOL_ID => vec![S; ort.len()],
        i::LISTING => vec!["top_scorers"; ort.len()],
        i::SESSION => vec!["summer"; ort.len()],
        i::MAIN_SCORE => ort.clone(),
        i::GOLD => vec![false; ort.len()],
        i::TEST_LANGUAGE => vec![None::<&str>; ort.len()],
    )
    .unwrap();
    if year == 2021 {
        f.staff = df!(
            i::SCHOOL_ID => [S],
            i::TEACHERS_TOTAL => [33],
            i::WITH_HIGHER_ED => [Some(25)],
            i::WITH_AWARD => [Some(4)],
            i::TRAINED_LAST_5Y => [None::<i32>],
        )
        .unwrap();
        // Table F: participants only, no hours.
        f.training = df!(
            i::SCHOOL_ID => [S; 5],
            i::HOURS => [None::<i32>; 5],
            i::PARTICIPANTS => [5, 4, 4, 10, 12],
        )
        .unwrap();
        f.enrolment = enrolment(&[(S, 572)]);
        f.infrastructure = df!(i::SCHOOL_ID => [S], i::COMPUTERS => [Some(17)]).unwrap();
        f.textbooks = df!(
            i::SCHOOL_ID => [S],
            i::GRADE_BAND => ["all"],
            i::REQUIRED => [None::<i32>],
            i::AVAILABLE => [None::<i32>],
            i::PROVISION_PCT => [Some(91.78)],
        )
        .unwrap();
    }
    f
}

#[test]
fn every_produced_code_is_in_the_catalog_and_every_catalog_code_is_produced() {
    let catalog: BTreeSet<&str> = domain::trend::catalog::CATALOG
        .iter()
        .map(|i| i.code)
        .collect();
    let produced: BTreeSet<&str> = PRODUCED.iter().copied().collect();
    assert_eq!(catalog, produced);
    for (_, code) in OLYMPIAD_LEVELS {
        assert!(catalog.contains(code));
    }
}
