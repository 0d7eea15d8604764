//! Seed 003's tables ("Бахмал" №45) through the indicators.

use super::*;

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
