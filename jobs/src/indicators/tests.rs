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

use std::collections::BTreeSet;

#[test]
fn seed_003_reported_quality_gives_the_five_year_trend() {
    // Arrange: the five years, each computed alone as the job does.
    let years: Vec<DataFrame> = (2017..=2021).map(|y| compute(&bahmal(y))).collect();
    for (df, expected) in years.iter().zip([34.0, 42.0, 40.0, 39.0, 35.0]) {
        let (value, num, den, source, n) = get(df, 45, KNOWLEDGE_QUALITY).expect("quality");
        assert_eq!(value, Some(expected));
        assert_eq!((num, den), (None, None), "a reported figure has no counts");
        assert_eq!((source.as_str(), n), ("REPORTED", 1));
        assert_eq!(get(df, 45, SUCCESS), None, "success is not in the seed");
        assert_eq!(
            get(df, 45, KNOWLEDGE_QUALITY_MARKS),
            None,
            "a per-pupil figure never stands in for a per-mark one"
        );
    }

    // Act
    let frames: Vec<LazyFrame> = years.into_iter().map(IntoLazy::lazy).collect();
    let all = concat(frames, UnionArgs::default()).unwrap();
    let trend = crate::pipeline::trend_stats(
        all.filter(col(c::INDICATOR).eq(lit(KNOWLEDGE_QUALITY))),
        2017,
        2021,
        crate::frame::rules_frame(&JobsConfig::default())
            .unwrap()
            .lazy(),
    )
    .collect()
    .unwrap();

    // Assert: mean 38.0, Δ +1, slope −0.1, FLAT (DOMAIN.md §10 C).
    let f = |name: &str| trend.column(name).unwrap().f64().unwrap().get(0);
    assert_eq!(trend.height(), 1);
    assert_eq!(f(c::MEAN), Some(38.0));
    assert_eq!(f(c::DELTA), Some(1.0));
    assert!(approx(f(c::SLOPE), -0.1));
    assert_eq!(
        trend.column(c::DIRECTION).unwrap().str().unwrap().get(0),
        Some("FLAT")
    );
}

#[test]
fn seed_003_top_scorers_give_only_the_maximum() {
    let df = compute(&bahmal(2018));
    assert_eq!(value(&df, 45, ORT_MAX), Some(145.0));
    for code in [ORT_PARTICIPANTS, ORT_MEAN, ORT_MEDIAN, ORT_PASS, ORT_GOLD] {
        assert_eq!(get(&df, 45, code), None, "{code} needs the whole cohort");
    }
    assert_eq!(get(&df, 45, ORT_MAX).unwrap().4, 2, "two scores read");
    assert_eq!(get(&compute(&bahmal(2017)), 45, ORT_MAX), None);
}

#[test]
fn seed_003_olympiad_blank_stays_missing_and_the_score_uses_the_weights() {
    // 2019-2020: zonal 2, district "-" (0), oblast blank.
    let df = compute(&bahmal(2019));
    assert_eq!(value(&df, 45, "olympiad_prizes_zonal"), Some(2.0));
    assert_eq!(value(&df, 45, "olympiad_prizes_district"), Some(0.0));
    assert_eq!(
        get(&df, 45, "olympiad_prizes_oblast"),
        None,
        "blank is not 0"
    );
    // Default weights zonal 2, district 3, oblast 5.
    assert_eq!(value(&df, 45, OLYMPIAD_SCORE), Some(4.0));
    assert_eq!(get(&df, 45, OLYMPIAD_SCORE).unwrap().1, Some(4.0));
    // 2017-2018: 3 zonal, 1 district, 0 oblast → 3·2 + 1·3 + 0·5 = 9.
    assert_eq!(
        value(&compute(&bahmal(2017)), 45, OLYMPIAD_SCORE),
        Some(9.0)
    );
    // No enrolment before 2021: no prizes per 100 pupils.
    assert_eq!(get(&df, 45, OLYMPIAD_PER_100), None);
    let df = compute(&bahmal(2021));
    assert!(approx(
        value(&df, 45, OLYMPIAD_PER_100),
        5.0 / 572.0 * 100.0
    ));
}

#[test]
fn a_year_with_every_olympiad_level_null_has_no_olympiad_values() {
    let mut f = empty(2019);
    f.olympiads = df!(
        i::SCHOOL_ID => [7, 7],
        i::LEVEL => ["zonal", "district"],
        i::PRIZE_COUNT => [None::<i32>, None],
    )
    .unwrap();
    f.enrolment = enrolment(&[(7, 300)]);
    let df = compute(&f);
    let codes: Vec<&str> = df
        .column(c::INDICATOR)
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .flatten()
        .collect();
    assert_eq!(codes, ["enrolment"], "nothing olympiad-related, not zeros");
}

#[test]
fn seed_003_staff_and_conditions() {
    let df = compute(&bahmal(2021));
    assert_eq!(value(&df, 45, TEACHERS_TOTAL), Some(33.0));
    assert!(approx(
        value(&df, 45, TEACHERS_HIGHER_ED),
        25.0 / 33.0 * 100.0
    )); // 75.8%
    assert!(approx(value(&df, 45, TEACHERS_AWARDED), 4.0 / 33.0 * 100.0)); // 12.1%
    assert_eq!(get(&df, 45, TEACHERS_TRAINED_5Y), None);
    assert_eq!(
        get(&df, 45, TRAINING_HOURS),
        None,
        "programmes without hours"
    );
    assert!(approx(value(&df, 45, PUPILS_PER_TEACHER), 572.0 / 33.0));
    assert!(approx(value(&df, 45, PUPILS_PER_COMPUTER), 572.0 / 17.0)); // 33.6
    assert_eq!(value(&df, 45, ENROLMENT), Some(572.0));
    let (v, num, den, source, _) = get(&df, 45, TEXTBOOK_PROVISION).unwrap();
    assert_eq!(
        (v, num, den, source.as_str()),
        (Some(91.78), None, None, "REPORTED")
    );
    // Quality index: knowledge quality 35 (0.35) and textbooks 91.78 (0.15) only.
    let (qi, num, den, source, _) = get(&df, 45, QUALITY_INDEX).unwrap();
    assert!(approx(qi, (0.35 * 35.0 + 0.15 * 91.78) / 0.5));
    // The weight present (0.5 of 1.0) is the denominator: a partial index says so.
    assert!(approx(num, 0.35 * 35.0 + 0.15 * 91.78));
    assert!(approx(den, 0.5));
    assert_eq!(source, "REPORTED");

    // Capacity utilisation from the register's 275 seats: 572 / 275 = 208%.
    let geo = df!(
        c::SCHOOL_ID => [45],
        i::DESIGN_CAPACITY => [Some(275)],
    )
    .unwrap();
    let cap = capacity_utilisation(df.lazy(), geo.lazy())
        .collect()
        .unwrap();
    assert_eq!(cap.height(), 1);
    assert!(approx(
        cap.column(c::VALUE).unwrap().f64().unwrap().get(0),
        208.0
    ));
    assert_eq!(
        cap.column(c::YEAR).unwrap().i32().unwrap().get(0),
        Some(2021)
    );
}

#[test]
fn counts_are_summed_over_classes_and_subjects_before_dividing() {
    // Two grades of one school: 9 of 10 pupils at 4–5 (90%) and 100 of 400 (25%).
    let mut f = empty(2021);
    f.marks = df!(
        i::SCHOOL_ID => [1, 1],
        i::GRADE => [5, 9],
        i::PERIOD_KIND => ["year", "year"],
        i::PERIOD_IDX => [1, 1],
        i::ASSESSMENT_KIND => ["period_marks", "period_marks"],
        i::N5 => [4i64, 40],
        i::N4 => [5i64, 60],
        i::N3 => [1i64, 250],
        i::N2 => [0i64, 40],
        i::N1 => [0i64, 0],
        i::N_NA => [0i64, 10],
        i::N_EXEMPT => [1i64, 0],
        i::N_ENROLLED => [11i64, 400],
        i::N_ROWS => [3i64, 12],
    )
    .unwrap();
    // The school's reported knowledge quality is per pupil: it is not a per-mark figure, so
    // it stands in for the per-pupil code (no class outcomes here), never for the marks one.
    f.reported = df!(
        i::SCHOOL_ID => [1],
        i::REPORTED_INDICATOR => ["knowledge_quality"],
        i::REPORTED_VALUE => [57.5],
    )
    .unwrap();
    let df = compute(&f);
    let (v, num, den, source, n) = get(&df, 1, KNOWLEDGE_QUALITY_MARKS).unwrap();
    assert_eq!((num, den), (Some(109.0), Some(410.0)));
    assert_eq!(v, Some(109.0 * 100.0 / 410.0));
    assert_eq!((source.as_str(), n), ("RAW", 15));
    // Success: (9 + 10) + (40 + 60 + 250) = 360 of 410; exempt pupils are out of N.
    assert_eq!(get(&df, 1, SUCCESS_MARKS).unwrap().1, Some(360.0));
    // СОУ: (100·44 + 64·65 + 36·251 + 16·40 + 7·10) / 410.
    let points = 100.0 * 44.0 + 64.0 * 65.0 + 36.0 * 251.0 + 16.0 * 40.0 + 7.0 * 10.0;
    let (sou, sou_num, _, _, _) = get(&df, 1, SOU).unwrap();
    assert!(approx(sou, points / 410.0));
    assert!(approx(sou_num, points / 100.0));
    // Average mark over the 400 marked pupils (н/а has no mark).
    let marks = 5.0 * 44.0 + 4.0 * 65.0 + 3.0 * 251.0 + 2.0 * 40.0;
    assert!(approx(value(&df, 1, AVERAGE_MARK), marks / 400.0));
    let (kq, _, _, source, _) = get(&df, 1, KNOWLEDGE_QUALITY).unwrap();
    assert_eq!((kq, source.as_str()), (Some(57.5), "REPORTED"));
    assert_eq!(get(&df, 1, SUCCESS), None, "no per-pupil success");
    // Quality index from the per-pupil components only: the reported 57.5 alone.
    let (qi, _, _, source, _) = get(&df, 1, QUALITY_INDEX).unwrap();
    assert!(approx(qi, 57.5));
    assert_eq!(source, "REPORTED");
}

/// Annual class outcomes of school `school`: (grade, [n_all_5, n_4_5, n_with_3, n_with_2,
/// n_na, n_exempt]) each from one class.
fn outcomes(school: i32, rows: &[(i32, [i64; 6])]) -> DataFrame {
    let n = |k: usize| rows.iter().map(|r| r.1[k]).collect::<Vec<_>>();
    df!(
        i::SCHOOL_ID => vec![school; rows.len()],
        i::GRADE => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        i::N_ALL_5 => n(0),
        i::N_4_5 => n(1),
        i::N_WITH_3 => n(2),
        i::N_WITH_2 => n(3),
        i::N_NA => n(4),
        i::N_EXEMPT => n(5),
        i::N_ENROLLED => rows.iter().map(|r| r.1.iter().sum::<i64>()).collect::<Vec<_>>(),
        i::N_ROWS => vec![1i64; rows.len()],
    )
    .unwrap()
}

#[test]
fn per_pupil_quality_and_success_come_from_class_outcomes() {
    // Two classes of grade 5 and one of grade 10: 3 + 4 + 2 pupils with all 5s, 6 + 5 + 9
    // with 4s and 5s, then 3s, 2s, н/а and exempt pupils. A grade-1 row is outside the
    // marked grades (2–11) and does not count.
    let mut f = empty(2021);
    f.class_outcomes = outcomes(
        4,
        &[
            (5, [3, 6, 14, 2, 1, 1]),
            (5, [4, 5, 12, 3, 0, 0]),
            (10, [2, 9, 11, 1, 2, 3]),
            (1, [25, 0, 0, 0, 0, 0]),
        ],
    );
    // The same school's subject marks give a higher per-mark figure (a pupil with one 3 in
    // ten subjects counts against quality once per pupil, once per 3 per mark).
    f.marks = df!(
        i::SCHOOL_ID => [4],
        i::GRADE => [5],
        i::PERIOD_KIND => ["year"],
        i::PERIOD_IDX => [1],
        i::ASSESSMENT_KIND => ["period_marks"],
        i::N5 => [120i64],
        i::N4 => [200i64],
        i::N3 => [200i64],
        i::N2 => [20i64],
        i::N1 => [0i64],
        i::N_NA => [10i64],
        i::N_EXEMPT => [5i64],
        i::N_ENROLLED => [555i64],
        i::N_ROWS => [20i64],
    )
    .unwrap();
    // A reported figure for a school-year with class outcomes is not used.
    f.reported = df!(
        i::SCHOOL_ID => [4, 4],
        i::REPORTED_INDICATOR => ["knowledge_quality", "success_rate"],
        i::REPORTED_VALUE => [80.0, 99.0],
    )
    .unwrap();

    let df = compute(&f);

    // N = 26 + 24 + 25 = 75 (exempt out, н/а in); quality (9 + 9 + 11) = 29 of 75.
    let (v, num, den, source, n) = get(&df, 4, KNOWLEDGE_QUALITY).unwrap();
    assert_eq!((num, den), (Some(29.0), Some(75.0)));
    assert_eq!(v, Some(29.0 * 100.0 / 75.0)); // 38.7
    assert_eq!((source.as_str(), n), ("RAW", 3));
    // Success: 29 + 14 + 12 + 11 = 66 of 75.
    let (v, num, den, _, _) = get(&df, 4, SUCCESS).unwrap();
    assert_eq!((num, den), (Some(66.0), Some(75.0)));
    assert_eq!(v, Some(66.0 * 100.0 / 75.0));
    // Per mark: 320 of 550 = 58.2, under its own code.
    assert_eq!(
        value(&df, 4, KNOWLEDGE_QUALITY_MARKS),
        Some(320.0 * 100.0 / 550.0)
    );
    assert_eq!(value(&df, 4, SUCCESS_MARKS), Some(520.0 * 100.0 / 550.0));
    // The quality index takes the per-pupil components.
    let expected = (0.35 * 29.0 / 75.0 * 100.0 + 0.15 * 66.0 / 75.0 * 100.0) / 0.5;
    let (qi, _, _, source, _) = get(&df, 4, QUALITY_INDEX).unwrap();
    assert!(approx(qi, expected));
    assert_eq!(source, "RAW");
}

#[test]
fn reported_figures_stand_in_only_for_their_own_method() {
    // School 5: subject marks, no class outcomes, a reported knowledge quality, success rate,
    // average mark and СОУ. School 6: nothing but reported average mark and СОУ.
    let mut f = empty(2020);
    f.marks = df!(
        i::SCHOOL_ID => [5],
        i::GRADE => [7],
        i::PERIOD_KIND => ["year"],
        i::PERIOD_IDX => [1],
        i::ASSESSMENT_KIND => ["period_marks"],
        i::N5 => [10i64],
        i::N4 => [10i64],
        i::N3 => [20i64],
        i::N2 => [0i64],
        i::N1 => [0i64],
        i::N_NA => [0i64],
        i::N_EXEMPT => [0i64],
        i::N_ENROLLED => [40i64],
        i::N_ROWS => [4i64],
    )
    .unwrap();
    f.reported = df!(
        i::SCHOOL_ID => [5, 5, 5, 5, 6, 6],
        i::REPORTED_INDICATOR => ["knowledge_quality", "success_rate", "average_mark", "sou", "average_mark", "sou"],
        i::REPORTED_VALUE => [35.0, 90.0, 3.9, 52.0, 3.7, 48.0],
    )
    .unwrap();

    let df = compute(&f);

    // Per pupil: the reported figures (school 5 has no class outcomes).
    let reported = |school, code| {
        let (v, num, den, source, _) = get(&df, school, code).unwrap();
        assert_eq!((num, den, source.as_str()), (None, None, "REPORTED"));
        v
    };
    assert_eq!(reported(5, KNOWLEDGE_QUALITY), Some(35.0));
    assert_eq!(reported(5, SUCCESS), Some(90.0));
    // Per mark: from the counts, never the reported per-pupil figures.
    let raw = |school, code| {
        let (v, _, _, source, _) = get(&df, school, code).unwrap();
        assert_eq!(source, "RAW", "{code}");
        v
    };
    assert_eq!(raw(5, KNOWLEDGE_QUALITY_MARKS), Some(50.0));
    assert_eq!(raw(5, SUCCESS_MARKS), Some(100.0));
    // A school's average mark and СОУ are over marks, as the catalog's: the reported ones
    // stand in where there are no annual marks, and only there.
    assert_eq!(raw(5, AVERAGE_MARK), Some(3.75));
    assert_eq!(
        raw(5, SOU),
        Some((100.0 * 10.0 + 64.0 * 10.0 + 36.0 * 20.0) / 40.0)
    );
    assert_eq!(reported(6, AVERAGE_MARK), Some(3.7));
    assert_eq!(reported(6, SOU), Some(48.0));
    for code in [
        KNOWLEDGE_QUALITY,
        SUCCESS,
        KNOWLEDGE_QUALITY_MARKS,
        SUCCESS_MARKS,
    ] {
        assert_eq!(get(&df, 6, code), None, "{code}");
    }
}

#[test]
fn only_the_years_marked_grades_count() {
    // Grade 1 (unmarked in the 11-year system) has marks and an outcome in the database; a
    // later year marks grades 4–11 only (DOMAIN.md §1.1), so grade 3 drops out too.
    let rows = [
        (1, "year", 1, "period_marks", 30i64),
        (3, "year", 1, "period_marks", 10),
        (5, "year", 1, "period_marks", 0),
        (1, "half_year", 1, "admin_control", 30),
        (5, "half_year", 1, "admin_control", 0),
    ];
    let mut f = empty(2021);
    f.marks = df!(
        i::SCHOOL_ID => vec![8; rows.len()],
        i::GRADE => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        i::PERIOD_KIND => rows.iter().map(|r| r.1).collect::<Vec<_>>(),
        i::PERIOD_IDX => rows.iter().map(|r| r.2).collect::<Vec<_>>(),
        i::ASSESSMENT_KIND => rows.iter().map(|r| r.3).collect::<Vec<_>>(),
        i::N5 => rows.iter().map(|r| r.4).collect::<Vec<_>>(),
        i::N4 => vec![0i64; rows.len()],
        i::N3 => vec![10i64; rows.len()],
        i::N2 => vec![0i64; rows.len()],
        i::N1 => vec![0i64; rows.len()],
        i::N_NA => vec![0i64; rows.len()],
        i::N_EXEMPT => vec![0i64; rows.len()],
        i::N_ENROLLED => vec![40i64; rows.len()],
        i::N_ROWS => vec![1i64; rows.len()],
    )
    .unwrap();
    f.class_outcomes = outcomes(
        8,
        &[
            (1, [30, 0, 0, 0, 0, 0]),
            (3, [5, 5, 0, 0, 0, 0]),
            (5, [0, 0, 10, 0, 0, 0]),
        ],
    );

    // 2..=11: grade 1 is out, grades 3 and 5 count.
    let df = compute(&f);
    assert_eq!(
        value(&df, 8, KNOWLEDGE_QUALITY_MARKS),
        Some(10.0 * 100.0 / 30.0)
    );
    assert_eq!(value(&df, 8, KNOWLEDGE_QUALITY), Some(50.0));
    assert_eq!(value(&df, 8, ADMIN_H1), Some(0.0));

    // 4..=11: only grade 5 counts.
    f.marked_grades = MarkedGrades { min: 4, max: 11 };
    let df = compute(&f);
    assert_eq!(value(&df, 8, KNOWLEDGE_QUALITY_MARKS), Some(0.0));
    assert_eq!(value(&df, 8, KNOWLEDGE_QUALITY), Some(0.0));
    assert_eq!(get(&df, 8, KNOWLEDGE_QUALITY).unwrap().2, Some(10.0));
}

#[test]
fn administrative_control_and_final_attestation() {
    let mut f = empty(2021);
    // (grade, kind, idx, assessment, n5, n4, n3)
    let rows = [
        (7, "half_year", 1, "admin_control", 2i64, 8i64, 10i64),
        (8, "half_year", 1, "admin_control", 3, 2, 15),
        (7, "half_year", 2, "admin_control", 5, 10, 5),
        (9, "year", 1, "final_attestation", 6, 6, 8),
        (11, "year", 1, "final_attestation", 1, 1, 2),
        // Quarter marks are never read; a quarter admin row would not count either.
        (7, "quarter", 1, "admin_control", 20, 0, 0),
    ];
    f.marks = df!(
        i::SCHOOL_ID => vec![3; rows.len()],
        i::GRADE => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        i::PERIOD_KIND => rows.iter().map(|r| r.1).collect::<Vec<_>>(),
        i::PERIOD_IDX => rows.iter().map(|r| r.2).collect::<Vec<_>>(),
        i::ASSESSMENT_KIND => rows.iter().map(|r| r.3).collect::<Vec<_>>(),
        i::N5 => rows.iter().map(|r| r.4).collect::<Vec<_>>(),
        i::N4 => rows.iter().map(|r| r.5).collect::<Vec<_>>(),
        i::N3 => rows.iter().map(|r| r.6).collect::<Vec<_>>(),
        i::N2 => vec![0i64; rows.len()],
        i::N1 => vec![0i64; rows.len()],
        i::N_NA => vec![0i64; rows.len()],
        i::N_EXEMPT => vec![0i64; rows.len()],
        i::N_ENROLLED => vec![30i64; rows.len()],
        i::N_ROWS => vec![1i64; rows.len()],
    )
    .unwrap();
    let df = compute(&f);
    // H1: 15 of 40 = 37.5%; H2: 15 of 20 = 75%; Δ = +37.5 pp.
    assert_eq!(value(&df, 3, ADMIN_H1), Some(37.5));
    assert_eq!(value(&df, 3, ADMIN_H2), Some(75.0));
    let (delta, num, den, _, n) = get(&df, 3, ADMIN_DELTA).unwrap();
    assert_eq!((delta, num, den, n), (Some(37.5), None, None, 3));
    assert_eq!(value(&df, 3, FINAL_G9), Some(60.0));
    assert_eq!(value(&df, 3, FINAL_G11), Some(50.0));
    for code in [KNOWLEDGE_QUALITY, KNOWLEDGE_QUALITY_MARKS] {
        assert_eq!(get(&df, 3, code), None, "no annual marks or class outcomes");
    }
}

#[test]
fn ort_cohort_rows_win_over_the_summary_and_use_the_year_threshold() {
    let mut f = empty(2021);
    f.ort_threshold = 115;
    // School 1: a cohort of four (one gold), a winter retake and a summary that is ignored.
    // School 2: a summary only, counted against 115. School 3: summary against 110.
    f.ort_results = df!(
        i::SCHOOL_ID => [1, 1, 1, 1, 1],
        i::LISTING => ["cohort", "cohort", "cohort", "cohort", "cohort"],
        i::SESSION => ["summer", "summer", "summer", "summer", "winter"],
        i::MAIN_SCORE => [100, 115, 150, 120, 240],
        i::GOLD => [false, false, true, false, false],
        i::TEST_LANGUAGE => [Some("ky"), Some("ky"), Some("ru"), None, Some("ky")],
    )
    .unwrap();
    f.ort_summaries = df!(
        i::SCHOOL_ID => [1, 2, 3],
        i::SESSION => ["summer", "summer", "summer"],
        i::TEST_LANGUAGE => ["all", "all", "all"],
        i::PARTICIPANTS => [99, 30, 20],
        i::MEAN_SCORE => [Some(99.0), Some(121.5), None],
        i::MEDIAN_SCORE => [Some(99.0), Some(119.0), None],
        i::MAX_SCORE => [Some(99), Some(171), Some(160)],
        i::THRESHOLD => [Some(110), Some(115), Some(110)],
        i::N_GE_THRESHOLD => [Some(9), Some(18), Some(12)],
        i::GOLD_CERTIFICATES => [None, Some(1), None::<i32>],
    )
    .unwrap();
    let df = compute(&f);
    assert_eq!(value(&df, 1, ORT_PARTICIPANTS), Some(4.0));
    let (mean, num, den, _, _) = get(&df, 1, ORT_MEAN).unwrap();
    assert_eq!((mean, num, den), (Some(121.25), Some(485.0), Some(4.0)));
    assert_eq!(value(&df, 1, ORT_MEDIAN), Some(117.5));
    assert_eq!(value(&df, 1, ORT_MAX), Some(150.0), "winter is not counted");
    assert_eq!(value(&df, 1, ORT_PASS), Some(75.0), "115, 150, 120 ≥ 115");
    assert_eq!(value(&df, 1, ORT_GOLD), Some(1.0));

    assert_eq!(value(&df, 2, ORT_PARTICIPANTS), Some(30.0));
    let (mean, num, den, _, _) = get(&df, 2, ORT_MEAN).unwrap();
    assert_eq!((mean, num, den), (Some(121.5), Some(3645.0), Some(30.0)));
    assert_eq!(value(&df, 2, ORT_MEDIAN), Some(119.0));
    assert_eq!(value(&df, 2, ORT_MAX), Some(171.0));
    assert_eq!(value(&df, 2, ORT_PASS), Some(60.0));
    assert_eq!(value(&df, 2, ORT_GOLD), Some(1.0));

    assert_eq!(
        get(&df, 3, ORT_PASS),
        None,
        "counted against another threshold"
    );
    assert_eq!(get(&df, 3, ORT_MEAN), None);
    assert_eq!(
        get(&df, 3, ORT_GOLD),
        None,
        "blank gold count stays missing"
    );
    assert_eq!(value(&df, 3, ORT_MAX), Some(160.0));
}

#[test]
fn textbooks_training_and_a_surplus_left_for_the_gate() {
    let mut f = empty(2021);
    f.textbooks = df!(
        i::SCHOOL_ID => [1, 1, 2, 2, 3],
        i::GRADE_BAND => ["all", "1-4", "1-4", "5-9", "all"],
        i::REQUIRED => [Some(100), Some(10), Some(40), Some(60), Some(50)],
        i::AVAILABLE => [Some(80), Some(10), Some(30), Some(45), Some(60)],
        i::PROVISION_PCT => [None, None, None, None, Some(99.0)],
    )
    .unwrap();
    f.staff = df!(
        i::SCHOOL_ID => [1, 2],
        i::TEACHERS_TOTAL => [10, 0],
        i::WITH_HIGHER_ED => [Some(7), Some(0)],
        i::WITH_AWARD => [None::<i32>, None],
        i::TRAINED_LAST_5Y => [Some(5), None],
    )
    .unwrap();
    f.training = df!(
        i::SCHOOL_ID => [1, 1],
        i::HOURS => [Some(72), Some(18)],
        i::PARTICIPANTS => [2, 4],
    )
    .unwrap();
    let df = compute(&f);
    assert_eq!(
        value(&df, 1, TEXTBOOK_PROVISION),
        Some(80.0),
        "the all row wins"
    );
    assert_eq!(
        value(&df, 2, TEXTBOOK_PROVISION),
        Some(75.0),
        "bands summed"
    );
    // 60 of 50 required: impossible, passed on for the validation gate to reject.
    assert_eq!(value(&df, 3, TEXTBOOK_PROVISION), Some(120.0));
    assert_eq!(value(&df, 1, TRAINING_HOURS), Some(21.6), "(144 + 72) / 10");
    assert_eq!(value(&df, 1, TEACHERS_TRAINED_5Y), Some(50.0));
    assert_eq!(value(&df, 2, TEACHERS_TOTAL), Some(0.0));
    assert_eq!(get(&df, 2, TEACHERS_HIGHER_ED), None, "0 of 0 is no share");
}

/// Olympiad results of (school, level, place, award, how many).
fn olympiad_results(rows: &[(i32, &str, Option<i32>, &str, i64)]) -> DataFrame {
    df!(
        i::SCHOOL_ID => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        i::LEVEL => rows.iter().map(|r| r.1).collect::<Vec<_>>(),
        i::PLACE => rows.iter().map(|r| r.2).collect::<Vec<_>>(),
        i::AWARD => rows.iter().map(|r| r.3).collect::<Vec<_>>(),
        i::RESULTS => rows.iter().map(|r| r.4).collect::<Vec<_>>(),
    )
    .unwrap()
}

#[test]
fn olympiad_results_count_where_the_level_has_no_reported_count_and_never_where_it_has() {
    // Arrange: school 1 reported 2 district prizes and a blank zonal cell; its results say
    // 5 district prize-winners (ignored: the count wins) and, at zonal, one 1st place, two
    // diplomas of degree II, a certificate and three participants (3 prizes, from results).
    // At oblast (no count row at all) one 3rd place; at city one diploma III (folds into
    // oblast). School 2 has results only, none of them a prize. School 3 has a count only.
    let mut f = empty(2021);
    f.olympiads = df!(
        i::SCHOOL_ID => [1, 1, 3],
        i::LEVEL => ["district", "zonal", "district"],
        i::PRIZE_COUNT => [Some(2), None, Some(4)],
    )
    .unwrap();
    f.olympiad_results = olympiad_results(&[
        (1, "district", Some(1), "diploma_1", 5),
        (1, "zonal", Some(1), "diploma_1", 1),
        (1, "zonal", None, "diploma_2", 2),
        (1, "zonal", None, "certificate", 1),
        (1, "zonal", None, "participant", 3),
        (1, "oblast", Some(3), "participant", 1),
        (1, "city", None, "diploma_3", 1),
        (2, "school", None, "participant", 4),
        (2, "school", None, "certificate", 2),
    ]);
    f.enrolment = enrolment(&[(1, 400)]);

    // Act
    let df = compute(&f);

    // Assert
    let district = get(&df, 1, "olympiad_prizes_district").unwrap();
    assert_eq!((district.0, district.4), (Some(2.0), 1), "the count wins");
    let zonal = get(&df, 1, "olympiad_prizes_zonal").unwrap();
    assert_eq!(
        (zonal.0, zonal.3.as_str(), zonal.4),
        (Some(3.0), "RAW", 7),
        "a blank count is filled by the results: 1st place and two diplomas II, of 7 results"
    );
    assert_eq!(
        value(&df, 1, "olympiad_prizes_oblast"),
        Some(2.0),
        "a place at oblast and a diploma at city"
    );
    // Score: zonal 3 × 2 + district 2 × 3 + oblast 1 × 5 + city 1 × 3 = 20.
    assert_eq!(value(&df, 1, OLYMPIAD_SCORE), Some(20.0));
    let per_100 = get(&df, 1, OLYMPIAD_PER_100).unwrap();
    assert_eq!((per_100.1, per_100.2), (Some(7.0), Some(400.0)));
    assert_eq!(
        value(&df, 2, "olympiad_prizes_school"),
        Some(0.0),
        "results without a prize are 0 prizes, not missing"
    );
    assert_eq!(value(&df, 3, "olympiad_prizes_district"), Some(4.0));
    assert_eq!(get(&df, 3, "olympiad_prizes_zonal"), None);
}

#[test]
fn ort_by_test_language_and_subject_tests_against_the_years_thresholds() {
    // Arrange: threshold 120. School 1: summer cohort ky 100, 130, 140; ru 125; one taker
    // without a language; a winter ky retake; a top-scorer ky row (not the cohort). Its ky
    // summary is ignored (cohort rows win), its uz summary stands in. School 2: summaries
    // only, ru counted against 120, ky against 110 (no pass share).
    let mut f = empty(2022);
    f.ort_threshold = 120;
    f.ort_results = df!(
        i::SCHOOL_ID => [1, 1, 1, 1, 1, 1, 1],
        i::LISTING => ["cohort", "cohort", "cohort", "cohort", "cohort", "cohort", "top_scorers"],
        i::SESSION => ["summer", "summer", "summer", "summer", "summer", "winter", "summer"],
        i::MAIN_SCORE => [100, 130, 140, 125, 200, 90, 230],
        i::GOLD => [false; 7],
        i::TEST_LANGUAGE => [Some("ky"), Some("ky"), Some("ky"), Some("ru"), None, Some("ky"), Some("ky")],
    )
    .unwrap();
    f.ort_summaries = df!(
        i::SCHOOL_ID => [1, 1, 2, 2],
        i::SESSION => ["summer"; 4],
        i::TEST_LANGUAGE => ["ky", "uz", "ru", "ky"],
        i::PARTICIPANTS => [50, 8, 20, 10],
        i::MEAN_SCORE => [Some(99.0), Some(112.5), Some(131.0), Some(118.0)],
        i::MEDIAN_SCORE => [None::<f64>; 4],
        i::MAX_SCORE => [None::<i32>; 4],
        i::THRESHOLD => [Some(120), None, Some(120), Some(110)],
        i::N_GE_THRESHOLD => [Some(49), None, Some(15), Some(6)],
        i::GOLD_CERTIFICATES => [None::<i32>; 4],
    )
    .unwrap();
    f.ort_subject_scores = df!(
        i::SCHOOL_ID => [1, 1, 1, 1, 1, 2],
        i::LISTING => ["cohort", "cohort", "cohort", "cohort", "top_scorers", "cohort"],
        i::SESSION => ["summer", "summer", "summer", "winter", "summer", "summer"],
        i::SUBJECT_SCORE => [59, 60, 90, 100, 100, 40],
    )
    .unwrap();

    // Act: without, then with the year's subject threshold (60).
    let without_threshold = compute(&f);
    f.ort_subject_threshold = Some(60);
    let df = compute(&f);

    // Assert
    let ky = get(&df, 1, "ort_mean_ky").unwrap();
    assert_eq!(
        (ky.0, ky.1, ky.2, ky.4),
        (Some(370.0 / 3.0), Some(370.0), Some(3.0), 3)
    );
    assert_eq!(
        get(&df, 1, "ort_pass_pct_ky").map(|g| (g.1, g.2)),
        Some((Some(2.0), Some(3.0))),
        "130 and 140 reach 120"
    );
    assert_eq!(value(&df, 1, "ort_mean_ru"), Some(125.0));
    assert_eq!(value(&df, 1, "ort_pass_pct_ru"), Some(100.0));
    assert_eq!(value(&df, 1, "ort_mean_uz"), Some(112.5), "the uz summary");
    assert_eq!(get(&df, 1, "ort_pass_pct_uz"), None, "no pass count");
    assert_eq!(
        value(&df, 1, ORT_MEAN),
        Some(139.0),
        "the taker without a language is in the school's mean"
    );
    let ru = get(&df, 2, "ort_mean_ru").unwrap();
    assert_eq!((ru.1, ru.2), (Some(2620.0), Some(20.0)));
    assert_eq!(value(&df, 2, "ort_pass_pct_ru"), Some(75.0));
    assert_eq!(value(&df, 2, "ort_mean_ky"), Some(118.0));
    assert_eq!(
        get(&df, 2, "ort_pass_pct_ky"),
        None,
        "counted against another threshold"
    );
    let subject = get(&df, 1, "ort_subject_pass_pct").unwrap();
    assert_eq!(
        (subject.1, subject.2, subject.4),
        (Some(2.0), Some(3.0), 3),
        "summer cohort tests 59, 60, 90 against 60"
    );
    assert_eq!(value(&df, 2, "ort_subject_pass_pct"), Some(0.0));
    assert_eq!(get(&without_threshold, 1, "ort_subject_pass_pct"), None);
}

#[test]
fn retention_shares_from_the_enrolment_counts() {
    // School 1: 500 pupils, 6 left; 40 in grade 9 the year before, 10 left after it.
    // School 2: nothing reported. School 3: more leavers than last year's grade 9, and no
    // grade 9 the year before for school 4: no value.
    let mut f = empty(2021);
    f.enrolment = df!(
        i::SCHOOL_ID => [1, 2, 3, 4],
        i::ENROLMENT => [500, 300, 200, 100],
        i::LEFT_MID_YEAR => [Some(6), None, Some(201), Some(0)],
        i::LEAVERS_AFTER_GRADE9 => [Some(10), None, Some(30), Some(3)],
        i::GRADE9_YEAR_BEFORE => [Some(40), Some(25), Some(20), None],
    )
    .unwrap();

    let df = compute(&f);

    let left = get(&df, 1, "left_mid_year_pct").unwrap();
    assert_eq!(
        (left.0, left.1, left.2),
        (Some(1.2), Some(6.0), Some(500.0))
    );
    let leavers = get(&df, 1, "leavers_after_grade9_pct").unwrap();
    assert_eq!(
        (leavers.0, leavers.1, leavers.2, leavers.4),
        (Some(25.0), Some(10.0), Some(40.0), 2)
    );
    assert_eq!(get(&df, 2, "left_mid_year_pct"), None);
    assert_eq!(get(&df, 2, "leavers_after_grade9_pct"), None);
    assert_eq!(get(&df, 3, "left_mid_year_pct"), None, "201 of 200");
    assert_eq!(get(&df, 3, "leavers_after_grade9_pct"), None, "30 of 20");
    assert_eq!(value(&df, 4, "left_mid_year_pct"), Some(0.0), "none left");
    assert_eq!(get(&df, 4, "leavers_after_grade9_pct"), None);
}

#[test]
fn survey_satisfaction_per_audience() {
    let mut f = empty(2021);
    f.surveys = df!(
        i::SCHOOL_ID => [1, 1, 1, 2],
        i::AUDIENCE => ["parents", "pupils", "teachers", "parents"],
        i::RESPONDENTS => [60, 200, 30, 0],
        i::SATISFIED => [45, 150, 30, 0],
    )
    .unwrap();

    let df = compute(&f);

    let parents = get(&df, 1, "survey_satisfied_parents_pct").unwrap();
    assert_eq!(
        (parents.0, parents.1, parents.2),
        (Some(75.0), Some(45.0), Some(60.0))
    );
    assert_eq!(value(&df, 1, "survey_satisfied_pupils_pct"), Some(75.0));
    assert_eq!(value(&df, 1, "survey_satisfied_teachers_pct"), Some(100.0));
    assert_eq!(
        get(&df, 2, "survey_satisfied_parents_pct"),
        None,
        "no respondents"
    );
    assert_eq!(
        get(&df, 2, "survey_satisfied_pupils_pct"),
        None,
        "no survey"
    );
}

#[test]
fn register_training_counts_courses_of_the_five_years_up_to_the_year() {
    // Arrange: 2021, school 1: four register teachers, last courses 2017 (five years: in),
    // 2016 (out), 2021 and none. School 2 keeps no attendance at all. 2017, school 1: two.
    let register = df!(
        i::YEAR => [2021, 2021, 2021, 2021, 2021, 2021, 2017, 2017],
        i::SCHOOL_ID => [1, 1, 1, 1, 2, 2, 1, 1],
        i::LAST_TRAINING_YEAR => [Some(2017), Some(2016), Some(2021), None, None, None, Some(2016), None],
    )
    .unwrap();

    // Act
    let df = register_training(register.lazy())
        .sort([c::YEAR, c::ENTITY_ID], SortMultipleOptions::default())
        .collect()
        .unwrap();

    // Assert
    assert_eq!(df.height(), 2, "school 2 has no value: {df}");
    let f = |name: &str| df.column(name).unwrap().f64().unwrap().get(1);
    assert_eq!(
        (f(c::NUMERATOR), f(c::DENOMINATOR), f(c::VALUE)),
        (Some(2.0), Some(4.0), Some(50.0))
    );
    assert_eq!(
        df.column(c::INDICATOR).unwrap().str().unwrap().get(1),
        Some(TEACHERS_TRAINED_5Y_REGISTER)
    );
    let f0 = |name: &str| df.column(name).unwrap().f64().unwrap().get(0);
    assert_eq!((f0(c::NUMERATOR), f0(c::VALUE)), (Some(1.0), Some(50.0)));
    assert_eq!(
        df.column(c::YEAR).unwrap().i32().unwrap().get(0),
        Some(2017)
    );
}
