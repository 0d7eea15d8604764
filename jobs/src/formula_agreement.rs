//! The mark formulas are written twice: for the live API over the counts of any scope
//! (`domain::formula::MarkCounts` over subject marks, `ClassCounts` over pupils), and for the
//! trend job in polars (`indicators` for schools, `pipeline::aggregate` for districts, regions
//! and the country). Here both get the same counts and must publish the same knowledge
//! quality and success (per mark and per pupil), average mark and СОУ, or agree that the
//! value is missing.

use std::collections::HashMap;

use domain::formula::{ClassCounts, MarkCounts};
use domain::trend::source::{ClassOutcomeRow, GeoRow, MarkRow, YearFacts};
use polars::prelude::*;

use crate::frame;
use crate::indicators::{Params, school_values};
use crate::pipeline::{self, columns as c};

const YEAR: i32 = 2021;
const REGION: i32 = 3;

/// A formula of the API: counts in, a value or missing out.
type Formula = fn(&MarkCounts) -> Option<f64>;

/// The four per-mark formulas, by catalog code, as the API computes them.
const FORMULAS: [(&str, Formula); 4] = [
    (
        "knowledge_quality_marks_pct",
        MarkCounts::knowledge_quality_pct,
    ),
    ("success_marks_pct", MarkCounts::success_pct),
    ("average_mark", MarkCounts::average_mark),
    ("sou_pct", MarkCounts::sou_pct),
];

/// A per-pupil formula of the API.
type PupilFormula = fn(&ClassCounts) -> Option<f64>;

/// The two per-pupil formulas, by catalog code.
const PUPIL_FORMULAS: [(&str, PupilFormula); 2] = [
    ("knowledge_quality_pct", ClassCounts::knowledge_quality_pct),
    ("success_pct", ClassCounts::success_pct),
];

/// One school's annual class outcomes of one grade:
/// `[n_all_5, n_4_5, n_with_3, n_with_2, n_na, n_exempt]`.
fn outcomes(school_id: i32, grade: i32, counts: [i64; 6]) -> ClassOutcomeRow {
    let [n_all_5, n_4_5, n_with_3, n_with_2, n_na, n_exempt] = counts;
    ClassOutcomeRow {
        school_id,
        grade,
        n_all_5,
        n_4_5,
        n_with_3,
        n_with_2,
        n_na,
        n_exempt,
        n_enrolled: counts.iter().sum(),
        n_rows: 2,
    }
}

/// What the API's formulas read of an outcome row: pupils, not the exempt ones.
fn pupil_counts(row: &ClassOutcomeRow) -> ClassCounts {
    ClassCounts {
        n_all_5: row.n_all_5,
        n_4_5: row.n_4_5,
        n_with_3: row.n_with_3,
        n_with_2: row.n_with_2,
        n_na: row.n_na,
    }
}

/// One school's annual period marks of one grade: `[n5, n4, n3, n2, n1, n_na, n_exempt]`.
fn annual_marks(school_id: i32, grade: i32, counts: [i64; 7]) -> MarkRow {
    let [n5, n4, n3, n2, n1, n_na, n_exempt] = counts;
    MarkRow {
        school_id,
        grade,
        period_kind: "year".into(),
        period_idx: 1,
        assessment_kind: "period_marks".into(),
        n5,
        n4,
        n3,
        n2,
        n1,
        n_na,
        n_exempt,
        n_enrolled: n5 + n4 + n3 + n2 + n1 + n_na + n_exempt,
        n_rows: 1,
    }
}

/// What the API's formulas read of a row: the marks, not the exempt pupils.
fn counts(row: &MarkRow) -> MarkCounts {
    MarkCounts {
        n5: row.n5,
        n4: row.n4,
        n3: row.n3,
        n2: row.n2,
        n1: row.n1,
        n_na: row.n_na,
    }
}

fn geo(school_id: i32, district_id: i32) -> GeoRow {
    GeoRow {
        school_id,
        district_id,
        region_id: REGION,
        size_band: None,
        main_language: None,
        design_capacity: None,
    }
}

/// The job's values of one year: schools, then districts, the region and the country.
fn job_values(facts: &YearFacts, geo: &[GeoRow]) -> HashMap<(String, i32, String), f64> {
    let frames = frame::year_frames(facts).expect("frames");
    let schools = school_values(&frames, &Params::default()).expect("school plan");
    let areas = pipeline::aggregate(
        schools.clone(),
        frame::geo_frame(geo).expect("geo").lazy(),
        frame::catalog_frame().expect("catalog").lazy(),
        &[facts.year],
    )
    .expect("area plan")
    .select(c::VALUE_COLUMNS.map(col));
    let df = concat([schools, areas], UnionArgs::default())
        .expect("concat")
        .collect()
        .expect("collect");
    let kinds = df.column(c::ENTITY_KIND).unwrap().str().unwrap();
    let ids = df.column(c::ENTITY_ID).unwrap().i32().unwrap();
    let codes = df.column(c::INDICATOR).unwrap().str().unwrap();
    let values = df.column(c::VALUE).unwrap().f64().unwrap();
    (0..df.height())
        .filter_map(|r| {
            let key = (
                kinds.get(r)?.to_owned(),
                ids.get(r)?,
                codes.get(r)?.to_owned(),
            );
            Some((key, values.get(r)?))
        })
        .collect()
}

fn assert_agree(what: &str, api: Option<f64>, job: Option<f64>) {
    match (api, job) {
        (None, None) => {}
        (Some(a), Some(j)) => assert!(
            (a - j).abs() <= 1e-9 * a.abs().max(1.0),
            "{what}: the API says {a}, the job {j}"
        ),
        _ => panic!("{what}: the API says {api:?}, the job {job:?}"),
    }
}

#[test]
fn the_api_and_the_trend_job_compute_the_same_mark_and_pupil_values() {
    // Arrange: schools 1–5 in district 10, school 6 alone in district 20.
    let marks = vec![
        // Two grades, with a 1, н/а and exempt pupils: counts are summed, then divided.
        annual_marks(1, 5, [4, 8, 10, 2, 0, 1, 2]),
        annual_marks(1, 9, [6, 7, 9, 3, 1, 0, 0]),
        // Only н/а (and exempt) pupils: N > 0 but no marks, so no average mark.
        annual_marks(2, 7, [0, 0, 0, 0, 0, 5, 3]),
        // Counts whose quotients are not exact in binary.
        annual_marks(3, 11, [13, 29, 41, 17, 3, 7, 5]),
        // Nothing above a 2.
        annual_marks(4, 4, [0, 0, 0, 4, 2, 0, 0]),
        // Every pupil exempt: N = 0, so every value is missing.
        annual_marks(5, 6, [0, 0, 0, 0, 0, 0, 12]),
        // A district whose only school has nobody assessed.
        annual_marks(6, 8, [0, 0, 0, 0, 0, 0, 9]),
    ];
    let class_outcomes = vec![
        outcomes(1, 5, [2, 7, 12, 3, 1, 2]),
        outcomes(1, 9, [1, 9, 10, 4, 0, 0]),
        // Only н/а: N > 0, quality and success 0.
        outcomes(2, 7, [0, 0, 0, 0, 4, 1]),
        outcomes(3, 11, [7, 23, 51, 19, 6, 5]),
        // Grade 1 gets no marks (outside the marked grades 2–11): never counted.
        outcomes(3, 1, [30, 0, 0, 0, 0, 0]),
        // Every pupil exempt: N = 0, missing.
        outcomes(5, 6, [0, 0, 0, 0, 0, 12]),
        outcomes(6, 8, [0, 0, 0, 0, 0, 9]),
    ];
    let districts = [(1, 10), (2, 10), (3, 10), (4, 10), (5, 10), (6, 20)];
    let geo: Vec<GeoRow> = districts.iter().map(|&(s, d)| geo(s, d)).collect();
    let facts = YearFacts {
        year: YEAR,
        ort_threshold: 110,
        marks: marks.clone(),
        class_outcomes: class_outcomes.clone(),
        ..YearFacts::default()
    };
    let marked = facts.marked_grades.min..=facts.marked_grades.max;
    // The API sums a scope's counts, then derives (`MarkCounts: Add`).
    let sum = |keep: &dyn Fn(&MarkRow) -> bool| {
        marks
            .iter()
            .filter(|r| keep(r))
            .map(counts)
            .fold(MarkCounts::default(), |a, b| a + b)
    };
    let district_of = |school: i32| districts.iter().find(|(s, _)| *s == school).unwrap().1;
    let mut scopes: Vec<(&str, i32, MarkCounts)> = districts
        .iter()
        .map(|&(s, _)| ("school", s, sum(&|r| r.school_id == s)))
        .collect();
    for d in [10, 20] {
        scopes.push(("district", d, sum(&|r| district_of(r.school_id) == d)));
    }
    scopes.push(("region", REGION, sum(&|_| true)));
    scopes.push((
        "country",
        pipeline::columns::kind::COUNTRY_ID,
        sum(&|_| true),
    ));
    // The same scopes over pupils, in the marked grades.
    let pupils = |school: &dyn Fn(i32) -> bool| {
        class_outcomes
            .iter()
            .filter(|r| school(r.school_id) && marked.contains(&r.grade))
            .map(pupil_counts)
            .fold(ClassCounts::default(), |a, b| a + b)
    };
    let mut pupil_scopes: Vec<(&str, i32, ClassCounts)> = districts
        .iter()
        .map(|&(s, _)| ("school", s, pupils(&|id| id == s)))
        .collect();
    for d in [10, 20] {
        pupil_scopes.push(("district", d, pupils(&|id| district_of(id) == d)));
    }
    pupil_scopes.push(("region", REGION, pupils(&|_| true)));
    pupil_scopes.push((
        "country",
        pipeline::columns::kind::COUNTRY_ID,
        pupils(&|_| true),
    ));

    // Act
    let job = job_values(&facts, &geo);

    // Assert
    for (kind, id, counts) in &scopes {
        for (code, formula) in FORMULAS {
            let key = (kind.to_string(), *id, code.to_owned());
            assert_agree(
                &format!("{code} of {kind} {id}"),
                formula(counts),
                job.get(&key).copied(),
            );
        }
    }
    for (kind, id, counts) in &pupil_scopes {
        for (code, formula) in PUPIL_FORMULAS {
            let key = (kind.to_string(), *id, code.to_owned());
            assert_agree(
                &format!("{code} of {kind} {id}"),
                formula(counts),
                job.get(&key).copied(),
            );
        }
    }
    // The edge cases are what they claim to be.
    assert_eq!(pupil_scopes[1].2.knowledge_quality_pct(), Some(0.0));
    assert_eq!(
        pupil_scopes[2].2.knowledge_quality_pct(),
        Some(30.0 * 100.0 / 106.0),
        "grade 1 left out"
    );
    assert_eq!(pupil_scopes[3].2.assessed(), 0, "no outcomes: missing");
    for (_, _, nobody) in [&pupil_scopes[4], &pupil_scopes[5], &pupil_scopes[7]] {
        assert_eq!(nobody.assessed(), 0);
    }
    let only_na = &scopes[1].2;
    assert_eq!(
        (only_na.knowledge_quality_pct(), only_na.average_mark()),
        (Some(0.0), None)
    );
    assert_eq!(only_na.sou_pct(), Some(7.0));
    for (_, _, nobody) in [&scopes[4], &scopes[5], &scopes[7]] {
        assert_eq!(nobody.assessed(), 0);
    }
}
