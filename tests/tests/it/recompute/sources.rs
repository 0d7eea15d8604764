//! The recomputation of the ORT, register, retention, survey, olympiad, staff and condition
//! indicators from their fact tables.

use super::*;

/// ORT, summer session: cohort rows (the demo writes every taker; the fixture school sends
/// a top-scorer list, which gives only the maximum).
pub(super) async fn ort(t: &TestDb, out: &mut Table) {
    let backend = t.db.get_database_backend();
    let sql = "SELECT school_id, academic_year, listing, main_score, gold_certificate \
               FROM ort_result WHERE session = 'summer'";
    let mut cohorts: BTreeMap<(i32, i32), Vec<(i32, bool)>> = BTreeMap::new();
    let mut maxima: BTreeMap<(i32, i32), i32> = BTreeMap::new();
    for r in
        t.db.query_all_raw(Statement::from_string(backend, sql))
            .await
            .unwrap()
    {
        let key = (
            r.try_get::<i32>("", "school_id").unwrap(),
            r.try_get::<i32>("", "academic_year").unwrap(),
        );
        let score = r.try_get::<i32>("", "main_score").unwrap();
        let max = maxima.entry(key).or_insert(score);
        *max = (*max).max(score);
        if r.try_get::<String>("", "listing").unwrap() == "cohort" {
            let gold = r.try_get::<bool>("", "gold_certificate").unwrap();
            cohorts.entry(key).or_default().push((score, gold));
        }
    }
    assert!(
        t.count("ort_school_summary").await == 0,
        "the check covers cohort rows only"
    );
    let thresholds = thresholds(t).await;
    let mut put = |code: &str, (school, year): (i32, i32), e: Expected| {
        out.insert((code.to_owned(), school, year), e);
    };
    for (&key, takers) in &cohorts {
        let n = takers.len() as f64;
        let threshold = thresholds.get(&key.1).copied().unwrap_or(110.0);
        let sum: f64 = takers.iter().map(|(s, _)| f64::from(*s)).sum();
        let pass = takers
            .iter()
            .filter(|(s, _)| f64::from(*s) >= threshold)
            .count() as f64;
        let gold = takers.iter().filter(|(_, g)| *g).count() as f64;
        let mut scores: Vec<i32> = takers.iter().map(|(s, _)| *s).collect();
        scores.sort_unstable();
        let mid = scores.len() / 2;
        let median = if scores.len() % 2 == 1 {
            f64::from(scores[mid])
        } else {
            f64::from(scores[mid - 1] + scores[mid]) / 2.0
        };
        let count = |v: f64| Expected {
            numerator: Some(v),
            denominator: None,
            value: v,
            reported: false,
        };
        let ratio = |num: f64, scale: f64| Expected {
            numerator: Some(num),
            denominator: Some(n),
            value: num * scale / n,
            reported: false,
        };
        let plain = |v: f64| Expected {
            numerator: None,
            denominator: None,
            value: v,
            reported: false,
        };
        put("ort_participants", key, count(n));
        put("ort_mean", key, ratio(sum, 1.0));
        put("ort_median", key, plain(median));
        put("ort_pass_pct", key, ratio(pass, 100.0));
        put("ort_gold_certificates", key, count(gold));
    }
    for (key, max) in maxima {
        let e = Expected {
            numerator: None,
            denominator: None,
            value: f64::from(max),
            reported: false,
        };
        put("ort_max", key, e);
    }
}

/// Main-test mean and pass share per test language; subject tests against the year's grant
/// subject threshold (general programme first).
pub(super) async fn ort_by_language_and_subject(t: &TestDb, out: &mut Table) {
    let thresholds = thresholds(t).await;
    let cohort = "FROM ort_result r WHERE r.session = 'summer' AND r.listing = 'cohort'";
    for language in ["ky", "ru", "uz"] {
        let mean = format!(
            "SELECT r.school_id, r.academic_year AS year, CAST(SUM(r.main_score) AS {D}) AS num, \
             CAST(COUNT(*) AS {D}) AS den {cohort} AND r.test_language = '{language}' \
             GROUP BY r.school_id, r.academic_year"
        );
        ratio(t, out, &format!("ort_mean_{language}"), &mean).await;
        let code = format!("ort_pass_pct_{language}");
        for (year, threshold) in
            (2017..=2021).map(|y| (y, thresholds.get(&y).copied().unwrap_or(110.0)))
        {
            let pass = format!(
                "SELECT r.school_id, r.academic_year AS year, \
                 CAST(SUM(CASE WHEN r.main_score >= {threshold} THEN 1 ELSE 0 END) AS {D}) AS num, \
                 CAST(COUNT(*) AS {D}) AS den {cohort} AND r.test_language = '{language}' \
                 AND r.academic_year = {year} GROUP BY r.school_id, r.academic_year"
            );
            ratio(t, out, &code, &pass).await;
        }
    }
    let subject = format!(
        "SELECT r.school_id, r.academic_year AS year, \
         CAST(SUM(CASE WHEN s.score >= th.subject_min THEN 1 ELSE 0 END) AS {D}) AS num, \
         CAST(COUNT(*) AS {D}) AS den FROM ort_subject_score s JOIN ort_result r ON r.id = s.ort_result_id \
         JOIN ort_threshold th ON th.academic_year = r.academic_year AND th.admission_type = 'grant' \
         AND th.programme_group = 'general' AND th.subject_min IS NOT NULL \
         WHERE r.session = 'summer' AND r.listing = 'cohort' GROUP BY r.school_id, r.academic_year"
    );
    ratio(t, out, "ort_subject_pass_pct", &subject).await;
}

/// Register teachers of each year (hired ≤ year < left) with a course attended in the five
/// years up to it; schools whose register has no course up to the year have no value.
pub(super) async fn register(t: &TestDb, out: &mut Table) {
    let sql = format!(
        "SELECT t.school_id, a.start_year AS year, \
         CAST(SUM(CASE WHEN EXISTS (SELECT 1 FROM teacher_training_attendance ta \
           JOIN teacher_training tt ON tt.id = ta.teacher_training_id WHERE ta.teacher_id = t.id \
           AND tt.academic_year BETWEEN a.start_year - 4 AND a.start_year) THEN 1 ELSE 0 END) AS {D}) AS num, \
         CAST(COUNT(*) AS {D}) AS den \
         FROM academic_year a JOIN teacher t ON (t.hired_year IS NULL OR t.hired_year <= a.start_year) \
           AND (t.left_year IS NULL OR t.left_year > a.start_year) \
         WHERE a.start_year BETWEEN 2017 AND 2021 GROUP BY t.school_id, a.start_year \
         HAVING SUM(CASE WHEN EXISTS (SELECT 1 FROM teacher_training_attendance ta \
           JOIN teacher_training tt ON tt.id = ta.teacher_training_id WHERE ta.teacher_id = t.id \
           AND tt.academic_year <= a.start_year) THEN 1 ELSE 0 END) > 0"
    );
    ratio(t, out, "teachers_trained_5y_register_pct", &sql).await;
}

/// Pupils who left mid-year per 100 enrolled; leavers after grade 9 per 100 pupils of the
/// year before's grade 9; satisfied respondents per audience. A count above its denominator
/// gives no value.
pub(super) async fn retention_and_surveys(t: &TestDb, out: &mut Table) {
    let left = snapshot(
        "enrolment_snapshot",
        "left_mid_year",
        "enrolment",
        "left_mid_year IS NOT NULL AND left_mid_year <= enrolment",
    );
    ratio(t, out, "left_mid_year_pct", &left).await;
    let leavers = format!(
        "SELECT e.school_id, e.academic_year AS year, CAST(e.leavers_after_grade9 AS {D}) AS num, \
         CAST(g.pupils AS {D}) AS den FROM enrolment_snapshot e \
         JOIN enrolment_snapshot p ON p.school_id = e.school_id AND p.academic_year = e.academic_year - 1 \
         JOIN enrolment_grade g ON g.enrolment_snapshot_id = p.id AND g.grade = 9 \
         WHERE e.leavers_after_grade9 IS NOT NULL AND e.leavers_after_grade9 <= g.pupils"
    );
    ratio(t, out, "leavers_after_grade9_pct", &leavers).await;
    for audience in ["parents", "pupils", "teachers"] {
        let sql = snapshot(
            "survey",
            "satisfied",
            "respondents",
            &format!("audience = '{audience}' AND satisfied <= respondents"),
        );
        ratio(t, out, &format!("survey_satisfied_{audience}_pct"), &sql).await;
    }
}

pub(super) async fn olympiads(t: &TestDb, out: &mut Table, jobs: &JobsConfig) {
    let w = &jobs.olympiad_weights;
    // level → (indicator, weight); the city round counts as oblast with its own weight.
    let levels: BTreeMap<&str, (&str, f64)> = BTreeMap::from([
        ("school", ("olympiad_prizes_school", w.school)),
        ("zonal", ("olympiad_prizes_zonal", w.zonal)),
        ("district", ("olympiad_prizes_district", w.district)),
        ("city", ("olympiad_prizes_oblast", w.city)),
        ("oblast", ("olympiad_prizes_oblast", w.oblast)),
        ("republic", ("olympiad_prizes_republic", w.republic)),
        (
            "international",
            ("olympiad_prizes_international", w.international),
        ),
    ]);
    let backend = t.db.get_database_backend();
    // The school's count of a level; where it is absent or blank, its pupils' prizes (a place
    // 1-3 or a diploma of degree I-III).
    let sql = "SELECT school_id, academic_year, level, prize_count FROM olympiad_count_report \
               WHERE prize_count IS NOT NULL \
               UNION ALL \
               SELECT r.school_id, o.academic_year, o.level, \
               CAST(SUM(CASE WHEN r.place BETWEEN 1 AND 3 OR r.award IN ('diploma_1', 'diploma_2', 'diploma_3') \
               THEN 1 ELSE 0 END) AS INTEGER) AS prize_count \
               FROM olympiad_result r JOIN olympiad o ON o.id = r.olympiad_id \
               WHERE NOT EXISTS (SELECT 1 FROM olympiad_count_report c WHERE c.school_id = r.school_id \
               AND c.academic_year = o.academic_year AND c.level = o.level AND c.prize_count IS NOT NULL) \
               GROUP BY r.school_id, o.academic_year, o.level";
    let mut per_level: BTreeMap<(&str, i32, i32), f64> = BTreeMap::new();
    let mut score: BTreeMap<(i32, i32), (f64, f64)> = BTreeMap::new();
    for r in
        t.db.query_all_raw(Statement::from_string(backend, sql))
            .await
            .unwrap()
    {
        let school = r.try_get::<i32>("", "school_id").unwrap();
        let year = r.try_get::<i32>("", "academic_year").unwrap();
        let level = r.try_get::<String>("", "level").unwrap();
        let prizes = f64::from(r.try_get::<i32>("", "prize_count").unwrap());
        let (code, weight) = levels[level.as_str()];
        *per_level.entry((code, school, year)).or_default() += prizes;
        let s = score.entry((school, year)).or_default();
        s.0 += weight * prizes;
        s.1 += prizes;
    }
    for ((code, school, year), prizes) in per_level {
        let e = Expected {
            numerator: Some(prizes),
            denominator: None,
            value: prizes,
            reported: false,
        };
        out.insert((code.to_owned(), school, year), e);
    }
    let enrolment = snapshot("enrolment_snapshot", "enrolment", "NULL", "1 = 1");
    let enrolment: BTreeMap<(i32, i32), f64> = rows(t, &enrolment)
        .await
        .into_iter()
        .map(|(s, y, n, _)| ((s, y), n.unwrap()))
        .collect();
    for ((school, year), (points, prizes)) in score {
        let e = Expected {
            numerator: Some(points),
            denominator: None,
            value: points,
            reported: false,
        };
        out.insert(("olympiad_score".into(), school, year), e);
        if let Some(&pupils) = enrolment.get(&(school, year)).filter(|n| **n > 0.0) {
            let e = Expected {
                numerator: Some(prizes),
                denominator: Some(pupils),
                value: prizes * 100.0 / pupils,
                reported: false,
            };
            out.insert(("olympiad_prizes_per_100_pupils".into(), school, year), e);
        }
    }
}

pub(super) async fn staff_and_conditions(t: &TestDb, out: &mut Table) {
    let staff = |num: &str| {
        snapshot(
            "staff_snapshot",
            num,
            "teachers_total",
            &format!("{num} IS NOT NULL"),
        )
    };
    plain(t, out, "teachers_total", &staff("teachers_total"), true).await;
    ratio(t, out, "teachers_higher_ed_pct", &staff("with_higher_ed")).await;
    ratio(t, out, "teachers_trained_5y_pct", &staff("trained_last_5y")).await;
    ratio(
        t,
        out,
        "teachers_awarded_pct",
        &staff("with_award_excellence"),
    )
    .await;
    let hours = format!(
        "SELECT s.school_id, s.academic_year AS year, CAST(SUM(tt.hours * tt.participants) AS {D}) AS num, \
         CAST(MIN(s.teachers_total) AS {D}) AS den FROM staff_snapshot s JOIN teacher_training tt \
         ON tt.school_id = s.school_id AND tt.academic_year = s.academic_year \
         GROUP BY s.school_id, s.academic_year HAVING COUNT(*) = COUNT(tt.hours)"
    );
    ratio(t, out, "training_hours_per_teacher", &hours).await;
    let per_teacher = format!(
        "SELECT s.school_id, s.academic_year AS year, CAST(e.enrolment AS {D}) AS num, \
         CAST(s.teachers_total AS {D}) AS den FROM staff_snapshot s JOIN enrolment_snapshot e \
         ON e.school_id = s.school_id AND e.academic_year = s.academic_year"
    );
    ratio(t, out, "pupils_per_teacher", &per_teacher).await;
    let enrolment = snapshot("enrolment_snapshot", "enrolment", "NULL", "1 = 1");
    plain(t, out, "enrolment", &enrolment, true).await;
    let capacity = format!(
        "SELECT e.school_id, e.academic_year AS year, CAST(e.enrolment AS {D}) AS num, \
         CAST(s.design_capacity AS {D}) AS den FROM enrolment_snapshot e JOIN school s ON s.id = e.school_id"
    );
    ratio(t, out, "capacity_utilisation_pct", &capacity).await;
    let computers = format!(
        "SELECT e.school_id, e.academic_year AS year, CAST(e.enrolment AS {D}) AS num, \
         CAST(i.computers AS {D}) AS den FROM enrolment_snapshot e JOIN infrastructure_snapshot i \
         ON i.school_id = e.school_id AND i.academic_year = e.academic_year"
    );
    ratio(t, out, "pupils_per_computer", &computers).await;
    // Textbooks: the school's `all` row with counts, else its bands' counts, else the `all`
    // row's reported percentage.
    let counted = "required IS NOT NULL AND available IS NOT NULL";
    let whole = snapshot(
        "textbook_provision",
        "available",
        "required",
        &format!("grade_band = 'all' AND {counted}"),
    );
    ratio(t, out, "textbook_provision_pct", &whole).await;
    let bands = format!(
        "SELECT school_id, academic_year AS year, CAST(SUM(available) AS {D}) AS num, \
         CAST(SUM(required) AS {D}) AS den FROM textbook_provision b WHERE grade_band <> 'all' \
         AND {counted} AND NOT EXISTS (SELECT 1 FROM textbook_provision w WHERE w.school_id = b.school_id \
         AND w.academic_year = b.academic_year AND w.grade_band = 'all' AND w.required IS NOT NULL \
         AND w.available IS NOT NULL) GROUP BY school_id, academic_year"
    );
    ratio(t, out, "textbook_provision_pct", &bands).await;
    let pct = snapshot(
        "textbook_provision",
        "provision_pct",
        "NULL",
        "grade_band = 'all' AND provision_pct IS NOT NULL",
    );
    reported(t, out, "textbook_provision_pct", &pct).await;
}
