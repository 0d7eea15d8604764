//! Mark summaries, class outcomes, reported figures, marked grades, admin control and final
//! attestation: counts summed before dividing.

use super::*;

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
