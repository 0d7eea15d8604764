//! ORT, textbooks and training, olympiad results, retention, surveys and the register.

use super::*;

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
