//! The indicators from the per-person tables (issue #16), end to end on both databases: olympiad
//! results where a level's count is absent, the teacher-register training share, ORT by test
//! language and subject tests against the year's stored thresholds, retention and survey
//! satisfaction; and incremental runs that still equal full ones when the register or the year
//! before's grade 9 changes.

use domain::import::ImportKind;
use domain::trend::runs::Trigger;
use domain::trend::source;
use domain::trend::store::{self, ValueRow};
use integration_tests::TestDb;
use integration_tests::fixture::{fixture, full, import, school_id};
use jobs::trends::{self, RunOptions};
use sea_orm::{FromQueryResult, Statement};

const A: &str = "KG-O-UZG-101";
const B: &str = "KG-O-UZG-102";

fn value(values: &[ValueRow], id: i32, indicator: &str, year: i32) -> Option<ValueRow> {
    values
        .iter()
        .find(|v| {
            v.entity_kind == "school"
                && v.entity_id == id
                && v.indicator == indicator
                && v.year == year
        })
        .cloned()
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

/// The fixture plus rows of every per-person table for school A (and a register without
/// attendance for school B).
async fn dataset() -> TestDb {
    let mut t = fixture().await;
    // A handful of teachers and subject tests: publish them instead of withholding them.
    t.config.jobs.disclosure_min_count = 1.0;
    let a = format!("(SELECT id FROM school WHERE code = '{A}')");
    let b = format!("(SELECT id FROM school WHERE code = '{B}')");
    // Olympiads of 2019: the district count is blank in the fixture, the zonal one is not.
    for level in ["district", "zonal"] {
        t.exec(&format!(
            "INSERT INTO olympiad (academic_year, subject_id, kind, level) \
             SELECT 2019, id, 'republican', '{level}' FROM subject WHERE code = 'mathematics'"
        ))
        .await;
    }
    for (level, student, place, award) in [
        ("district", "O-1", "1", "diploma_1"),
        ("district", "O-2", "NULL", "diploma_3"),
        ("district", "O-3", "NULL", "certificate"),
        ("district", "O-4", "NULL", "participant"),
        ("zonal", "O-5", "1", "diploma_1"),
    ] {
        t.exec(&format!(
            "INSERT INTO olympiad_result (olympiad_id, school_id, student_ref, place, award) \
             VALUES ((SELECT id FROM olympiad WHERE academic_year = 2019 AND level = '{level}'), \
             {a}, '{student}', {place}, '{award}')"
        ))
        .await;
    }
    // The teacher register: T1 trained 2017; T2 2014; T3 hired 2020, never trained; T4 left
    // in 2019 after a 2018 course. School B has a register but keeps no attendance.
    t.exec("INSERT INTO academic_year (start_year, label) VALUES (2014, '2014-2015') ON CONFLICT DO NOTHING")
        .await;
    for (teacher, hired, left) in [
        ("T1", "2010", "NULL"),
        ("T2", "2010", "NULL"),
        ("T3", "2020", "NULL"),
        ("T4", "2010", "2019"),
    ] {
        t.exec(&format!(
            "INSERT INTO teacher (school_id, teacher_ref, hired_year, left_year) VALUES ({a}, '{teacher}', {hired}, {left})"
        ))
        .await;
    }
    t.exec(&format!(
        "INSERT INTO teacher (school_id, teacher_ref, hired_year) VALUES ({b}, 'Б-1', 2015)"
    ))
    .await;
    for (year, teacher) in [(2014, "T2"), (2017, "T1"), (2018, "T4")] {
        t.exec(&format!(
            "INSERT INTO teacher_training (school_id, academic_year, programme_name_ky, participants) \
             VALUES ({a}, {year}, 'Сынчыл ойлом {year}', 1)"
        ))
        .await;
        t.exec(&format!(
            "INSERT INTO teacher_training_attendance (teacher_training_id, teacher_id) VALUES \
             ((SELECT id FROM teacher_training WHERE school_id = {a} AND academic_year = {year}), \
              (SELECT id FROM teacher WHERE school_id = {a} AND teacher_ref = '{teacher}'))"
        ))
        .await;
    }
    // ORT 2021: thresholds stored for the year (120 main, 60 subject); the cohort split by
    // test language by taker number; three subject tests.
    t.exec("INSERT INTO ort_threshold (academic_year, admission_type, programme_group, main_min, subject_min) VALUES (2021, 'grant', 'general', 120, 60)")
        .await;
    t.exec(&format!(
        "UPDATE ort_result SET test_language = CASE WHEN student_ref IN ('P0', 'P1', 'P2', 'P3', 'P4') THEN 'ru' ELSE 'ky' END \
         WHERE school_id = {a} AND academic_year = 2021"
    ))
    .await;
    for (student, score) in [("P0", 59), ("P1", 60), ("P2", 75)] {
        t.exec(&format!(
            "INSERT INTO ort_subject_score (ort_result_id, subject_id, score) VALUES \
             ((SELECT id FROM ort_result WHERE school_id = {a} AND academic_year = 2021 AND student_ref = '{student}'), \
              (SELECT id FROM subject WHERE code = 'mathematics'), {score})"
        ))
        .await;
    }
    // Retention: 48 in grade 9 in 2019; in 2020 12 of them left after it and 5 pupils left
    // during the year.
    t.exec(&format!(
        "INSERT INTO enrolment_grade (enrolment_snapshot_id, grade, pupils) \
         SELECT id, 9, 48 FROM enrolment_snapshot WHERE school_id = {a} AND academic_year = 2019"
    ))
    .await;
    t.exec(&format!(
        "UPDATE enrolment_snapshot SET left_mid_year = 5, leavers_after_grade9 = 12 \
         WHERE school_id = {a} AND academic_year = 2020"
    ))
    .await;
    // Surveys of 2021.
    t.exec(&format!(
        "INSERT INTO survey (school_id, academic_year, audience, respondents, satisfied) VALUES \
         ({a}, 2021, 'parents', 120, 97), ({a}, 2021, 'teachers', 30, 24)"
    ))
    .await;
    t
}

#[derive(FromQueryResult)]
struct Taker {
    main_score: i32,
    test_language: Option<String>,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_per_person_table_yields_its_indicators() {
    // Arrange
    let t = dataset().await;
    let a = school_id(&t, A).await;
    let b = school_id(&t, B).await;

    // Act
    let report = full(&t).await;

    // Assert
    let values = store::read_values(&t.db, report.generation_id.unwrap())
        .await
        .unwrap();
    let v = |id: i32, code: &str, year: i32| value(&values, id, code, year);

    // Olympiads: the blank district count of 2019 is filled by the results (a 1st place and a
    // diploma III); the reported zonal count stands.
    let district = v(a, "olympiad_prizes_district", 2019).expect("from results");
    assert_eq!(
        (
            district.value,
            district.source.as_str(),
            district.n_source_rows
        ),
        (Some(2.0), "RAW", 4)
    );
    assert_eq!(
        v(a, "olympiad_prizes_zonal", 2019).unwrap().value,
        Some(3.0),
        "the reported (2019 + 0) % 4 = 3, not the one prize of the results"
    );
    assert!(
        v(b, "olympiad_prizes_district", 2019).is_none(),
        "still missing without results"
    );

    // The register: 2017 2/3, 2018 3/3, 2019 1/2 (T4 gone, T2's course too old), 2020 and
    // 2021 1/3 (T3 hired); school B keeps no attendance, so it has no value.
    for (year, trained, teachers) in [
        (2017, 2.0, 3.0),
        (2018, 3.0, 3.0),
        (2019, 1.0, 2.0),
        (2020, 1.0, 3.0),
        (2021, 1.0, 3.0),
    ] {
        let r = v(a, "teachers_trained_5y_register_pct", year).expect("register value");
        assert_eq!(
            (r.numerator, r.denominator),
            (Some(trained), Some(teachers)),
            "{year}"
        );
        assert!(close(r.value, trained * 100.0 / teachers), "{year}");
    }
    assert!(
        values
            .iter()
            .all(|x| !(x.entity_id == b && x.indicator == "teachers_trained_5y_register_pct"))
    );
    assert!(
        v(a, "teachers_trained_5y_pct", 2021).is_none(),
        "the self-reported figure stays apart"
    );
    let district_register = values
        .iter()
        .find(|x| {
            x.entity_kind == "district"
                && x.indicator == "teachers_trained_5y_register_pct"
                && x.year == 2019
        })
        .expect("the district's register figure");
    assert_eq!(
        (district_register.numerator, district_register.denominator),
        (Some(1.0), Some(2.0))
    );

    // ORT 2021 by test language against the stored 120, recomputed here from the rows.
    let takers = Taker::find_by_statement(Statement::from_string(
        t.db.get_database_backend(),
        format!("SELECT main_score, test_language FROM ort_result WHERE school_id = {a} AND academic_year = 2021"),
    ))
    .all(&t.db)
    .await
    .unwrap();
    for language in ["ky", "ru"] {
        let scores: Vec<i32> = takers
            .iter()
            .filter(|x| x.test_language.as_deref() == Some(language))
            .map(|x| x.main_score)
            .collect();
        let n = scores.len() as f64;
        let mean = v(a, &format!("ort_mean_{language}"), 2021).unwrap();
        assert_eq!(mean.numerator, Some(scores.iter().sum::<i32>() as f64));
        assert_eq!(mean.denominator, Some(n));
        let pass = v(a, &format!("ort_pass_pct_{language}"), 2021).unwrap();
        assert_eq!(
            pass.numerator,
            Some(scores.iter().filter(|s| **s >= 120).count() as f64),
            "{language}"
        );
    }
    assert!(v(a, "ort_mean_uz", 2021).is_none());
    let all_pass = v(a, "ort_pass_pct", 2021).unwrap();
    assert_eq!(
        all_pass.numerator,
        Some(takers.iter().filter(|x| x.main_score >= 120).count() as f64)
    );
    assert!(
        v(a, "ort_mean_ky", 2020).is_none(),
        "no language before 2021"
    );
    let subject = v(a, "ort_subject_pass_pct", 2021).unwrap();
    assert_eq!(
        (subject.numerator, subject.denominator),
        (Some(2.0), Some(3.0))
    );
    assert!(
        v(a, "ort_subject_pass_pct", 2020).is_none(),
        "no subject threshold stored"
    );

    // Retention of 2020: 5 of the year's pupils, 12 of 2019's grade 9.
    let left = v(a, "left_mid_year_pct", 2020).unwrap();
    assert_eq!(left.numerator, Some(5.0));
    assert!(close(left.value, 500.0 / left.denominator.unwrap()));
    let leavers = v(a, "leavers_after_grade9_pct", 2020).unwrap();
    assert_eq!(
        (leavers.value, leavers.denominator),
        (Some(25.0), Some(48.0))
    );
    assert!(v(a, "leavers_after_grade9_pct", 2021).is_none());

    // Surveys of 2021.
    assert!(close(
        v(a, "survey_satisfied_parents_pct", 2021).unwrap().value,
        9700.0 / 120.0
    ));
    assert_eq!(
        v(a, "survey_satisfied_teachers_pct", 2021).unwrap().value,
        Some(80.0)
    );
    assert!(v(a, "survey_satisfied_pupils_pct", 2021).is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn register_and_grade9_edits_reach_an_incremental_run() {
    // Arrange: a published generation, then T2 leaves in 2019 (the register marks no year),
    // 2019's grade 9 becomes 60 and 2019's enrolment is imported again (marking 2019 dirty).
    let t = dataset().await;
    let a = school_id(&t, A).await;
    full(&t).await;
    t.exec(&format!(
        "UPDATE teacher SET left_year = 2019 WHERE school_id = {a} AND teacher_ref = 'T2'"
    ))
    .await;
    t.exec(&format!(
        "UPDATE enrolment_grade SET pupils = 60 WHERE grade = 9 AND enrolment_snapshot_id = \
         (SELECT id FROM enrolment_snapshot WHERE school_id = {a} AND academic_year = 2019)"
    ))
    .await;
    import(
        &t,
        ImportKind::EnrolmentSnapshots,
        format!("school_code,academic_year,enrolment\n{A},2019-2020,499"),
    )
    .await;

    // Act
    let incremental = trends::run(&t.db, &t.config, RunOptions::incremental(Trigger::Manual))
        .await
        .expect("incremental run");
    let inc = store::read_values(&t.db, incremental.generation_id.unwrap())
        .await
        .unwrap();
    let full_run = full(&t).await;
    let all = store::read_values(&t.db, full_run.generation_id.unwrap())
        .await
        .unwrap();

    // Assert
    assert_eq!(
        incremental.recomputed,
        [2019, 2020],
        "2020 counts 2019's grade 9"
    );
    assert_eq!(inc, all, "the incremental run equals a full one");
    assert_eq!(
        value(&inc, a, "leavers_after_grade9_pct", 2020)
            .unwrap()
            .value,
        Some(20.0)
    );
    let r2019 = value(&inc, a, "teachers_trained_5y_register_pct", 2019).unwrap();
    assert_eq!((r2019.numerator, r2019.denominator), (Some(1.0), Some(1.0)));
    let r2017 = value(&inc, a, "teachers_trained_5y_register_pct", 2017).unwrap();
    assert_eq!(
        (r2017.numerator, r2017.denominator),
        (Some(2.0), Some(3.0)),
        "a carried year keeps T2 before 2019"
    );
}

#[derive(FromQueryResult)]
struct Count {
    n: i64,
}

/// The benchmark's bare extraction (`sapat jobs sources`, `bench/trends.sh`) reads what a full
/// run reads: the same years as the run (the quarters and half-years with the window's last
/// year only), and each statement returns as many rows as the job's reader of it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn extraction_reads_what_the_job_reads() {
    // Arrange
    let t = dataset().await;
    let report = full(&t).await;
    let (first, last) = report.window;

    // Act
    let reads = trends::source_reads(&t.db, &t.config, None).await.unwrap();

    // Assert
    let backend = t.db.get_database_backend();
    let count = async |sql: &str| -> usize {
        let sql = format!("SELECT COUNT(*) AS n FROM ({sql}) q");
        Count::find_by_statement(Statement::from_string(backend, sql))
            .one(&t.db)
            .await
            .unwrap()
            .unwrap()
            .n as usize
    };
    let mut years: Vec<i32> = reads.iter().filter_map(|r| r.year).collect();
    years.dedup();
    assert_eq!(years, report.years);
    let whole: Vec<&str> = reads
        .iter()
        .filter(|r| r.year.is_none())
        .map(|r| r.name)
        .collect();
    assert_eq!(whole, ["schools_with_facts", "geo", "teacher_register"]);
    for read in reads.iter().filter(|r| r.year.is_none()) {
        let job = match read.name {
            "schools_with_facts" => source::schools_with_facts(&t.db).await.unwrap().len(),
            "geo" => source::geo(&t.db).await.unwrap().len(),
            _ => source::teacher_register(&t.db, first, last)
                .await
                .unwrap()
                .len(),
        };
        assert_eq!(count(&read.sql).await, job, "{}", read.name);
    }
    for &year in &report.years {
        let of_year: Vec<_> = reads.iter().filter(|r| r.year == Some(year)).collect();
        let marks = of_year.iter().find(|r| r.name == "subject_marks").unwrap();
        let with_periods = !marks.sql.contains("kind = 'year'");
        assert_eq!(with_periods, year >= last, "quarters in {year}");
        let facts = source::read_year(&t.db, year, with_periods).await.unwrap();
        let periods = facts
            .subject_marks
            .iter()
            .filter(|m| {
                facts
                    .periods
                    .iter()
                    .any(|p| p.id == m.period_id && p.kind != "year")
            })
            .count();
        assert_eq!(
            periods > 0,
            with_periods && year == 2021,
            "quarter rows in {year}"
        );
        for read in of_year {
            let n = count(&read.sql).await;
            let job = match read.name {
                "subject_marks" => facts.subject_marks.len(),
                "periods" => facts.periods.len(),
                "assessment_marks" => facts
                    .marks
                    .iter()
                    .filter(|m| m.assessment_kind != "period_marks")
                    .count(),
                "subject_codes" => facts.subjects.len(),
                "class_outcomes" => facts.class_outcomes.len(),
                "marked_grades" => 1,
                "reported" => facts.reported.len(),
                "ort_results" => facts.ort_results.len(),
                "ort_summaries" => facts.ort_summaries.len(),
                "ort_threshold" => usize::from(year == 2021),
                "ort_subject_threshold" => usize::from(facts.ort_subject_threshold.is_some()),
                "ort_subject_scores" => facts.ort_subject_scores.len(),
                "olympiad_counts" => facts.olympiads.len(),
                "olympiad_results" => facts.olympiad_results.len(),
                "surveys" => facts.surveys.len(),
                "staff" => facts.staff.len(),
                "training" => facts.training.len(),
                "enrolment" => facts.enrolment.len(),
                "infrastructure" => facts.infrastructure.len(),
                "textbooks" => facts.textbooks.len(),
                other => {
                    panic!("a read `{other}` this test does not know: compare it with its reader")
                }
            };
            assert_eq!(n, job, "{} of {year}", read.name);
        }
    }
}
