//! The kinds whose rows name another row (a teacher's award and training attendance, an ORT
//! taker's subject score) and the national ORT thresholds: a row naming what the school does
//! not have, or out of range, refuses the whole file at its row and column in Kyrgyz and
//! Russian; with the parents there the rows are written, marked for the trend job, read back
//! with their teacher or result; thresholds are written by an admin only.

use domain::access::Grant;
use domain::auth::{Caller, Principal, Role};
use domain::import::{Context, Format, ImportKind, ImportReport, RowError};
use domain::messages::{Lang, Msg};
use integration_tests::TestDb;

const CTX: Context = Context { ort_main_max: 245 };

async fn csv_as(
    t: &TestDb,
    caller: &Caller,
    kind: ImportKind,
    text: &str,
) -> domain::Result<ImportReport> {
    domain::import::import(
        &t.db,
        caller,
        kind,
        std::io::Cursor::new(text.as_bytes().to_vec()),
        Format::Csv,
        &CTX,
        &|_| {},
    )
    .await
}

async fn csv(t: &TestDb, kind: ImportKind, text: &str) -> Result<ImportReport, Vec<RowError>> {
    match csv_as(t, &Caller::operator(), kind, text).await {
        Ok(report) => Ok(report),
        Err(domain::Error::Rejected { errors, .. }) => Err(errors),
        Err(other) => panic!("{}: unexpected error {other:?}", kind.name()),
    }
}

async fn with_fixture() -> TestDb {
    let t = TestDb::new().await;
    demo::load(&t.db, 245).await.unwrap();
    t
}

/// The fixture school's teacher T-07, a 2021-2022 ORT taker S9 and a 2022-2023 programme.
async fn parents(t: &TestDb) {
    for (kind, file) in [
        (
            ImportKind::Teachers,
            "school_code,teacher_ref\nKG-O-UZG-045,T-07\n",
        ),
        (
            ImportKind::OrtResults,
            "school_code,academic_year,student_ref,main_score\nKG-O-UZG-045,2021-2022,S9,151\n",
        ),
        (
            ImportKind::Training,
            "school_code,academic_year,programme_name_ky,provider,participants\n\
             KG-O-UZG-045,2022-2023,Сынчыл ойлом,ОМБӨИ,3\n",
        ),
    ] {
        csv(t, kind, file).await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_row_naming_what_the_school_lacks_refuses_the_file_at_its_row_and_column() {
    let t = with_fixture().await;
    parents(&t).await;
    // (kind, file whose row 2 is good, the table, (row, column, message)).
    let cases = [
        (
            ImportKind::TeacherAwards,
            "school_code,teacher_ref,award_type,level,year\n\
             KG-O-UZG-045,T-07,excellence_badge,republic,2019\n\
             KG-O-UZG-045,Т-99,ардак грамота,райондук,2020\n",
            "teacher_award",
            (
                3,
                "teacher_ref",
                Msg::from(domain::facts::teachers::Check::UnknownTeacher(
                    "Т-99".into(),
                )),
            ),
        ),
        (
            ImportKind::TrainingAttendance,
            "school_code,academic_year,programme_name_ky,provider,teacher_ref\n\
             KG-O-UZG-045,2022-2023,Сынчыл ойлом,ОМБӨИ,T-07\n\
             KG-O-UZG-045,2022-2023,Окуу керемет,ОМБӨИ,T-07\n",
            "teacher_training_attendance",
            (
                3,
                "programme_name_ky",
                Msg::from(domain::facts::training_attendance::Check::UnknownTraining(
                    "Окуу керемет".into(),
                )),
            ),
        ),
        (
            ImportKind::OrtSubjectScores,
            "school_code,academic_year,student_ref,subject,score,max_score\n\
             KG-O-UZG-045,2021-2022,S9,mathematics,88,150\n\
             KG-O-UZG-045,2021-2022,S9,Физика,160,150\n",
            "ort_subject_score",
            (
                3,
                "score",
                Msg::from(domain::facts::ort_subject_scores::Check::AboveMaxScore(150)),
            ),
        ),
        (
            ImportKind::OrtSubjectScores,
            "school_code,academic_year,student_ref,subject,score\n\
             KG-O-UZG-045,2021-2022,S9,mathematics,88\n\
             KG-O-UZG-045,2020-2021,S9,mathematics,70\n",
            "ort_subject_score",
            (
                3,
                "student_ref",
                Msg::from(domain::facts::ort_subject_scores::Check::UnknownOrtTaker(
                    "S9".into(),
                )),
            ),
        ),
        (
            ImportKind::OrtThresholds,
            "academic_year,admission_type,main_min,subject_min\n\
             2022-2023,grant,115,60\n\
             2022-2023,контракт,300,50\n",
            "ort_threshold",
            (3, "main_min", Msg::AboveOrtMax(245)),
        ),
    ];
    for (kind, file, table, (row, column, message)) in cases {
        // Arrange
        let before = t.count(table).await;
        // Act
        let errors = csv(&t, kind, file).await.expect_err(kind.name());
        // Assert: the one bad row, named in every language; the good row not written either.
        assert_eq!(errors.len(), 1, "{}: {errors:?}", kind.name());
        let e = &errors[0];
        assert_eq!(
            (e.row, e.column.as_deref(), &e.message),
            (row, Some(column), &message),
            "{}",
            kind.name()
        );
        let ky = e.render(Lang::Ky);
        let ru = e.render(Lang::Ru);
        assert!(
            ky.starts_with(&format!("{row}-сап, «{column}» мамычасы")),
            "{ky}"
        );
        assert!(
            ru.starts_with(&format!("строка {row}, столбец «{column}»")),
            "{ru}"
        );
        assert!(ky.contains(&message.render(Lang::Ky)) && ru.contains(&message.render(Lang::Ru)));
        assert_eq!(
            t.count(table).await,
            before,
            "{}: nothing written",
            kind.name()
        );
    }
    // The messages say what to import first, in Kyrgyz with its own letters.
    let ky = Msg::from(domain::facts::teachers::Check::UnknownTeacher(
        "Т-99".into(),
    ))
    .render(Lang::Ky);
    assert!(ky.contains("мугалим") && ky.contains('ү'), "{ky}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rows_about_a_teacher_or_a_taker_are_written_marked_and_read_with_it() {
    // Arrange
    let t = with_fixture().await;
    parents(&t).await;
    let files = [
        (
            ImportKind::TeacherAwards,
            "мектептин коду,мугалимдин коду,сыйлык,деңгээли,жылы\n\
             KG-O-UZG-045,T-07,Отличник образования,республикалык,2019\n",
        ),
        (
            ImportKind::TrainingAttendance,
            // The programme's name as a secretary retypes it: case and spacing differ.
            "school_code,academic_year,programme_name_ky,provider,teacher_ref\n\
             KG-O-UZG-045,2022-2023,сынчыл  ОЙЛОМ,омбөи,T-07\n",
        ),
        (
            ImportKind::OrtSubjectScores,
            "school_code,academic_year,student_ref,subject,score\n\
             KG-O-UZG-045,2021-2022,S9,Математика,88\n\
             KG-O-UZG-045,2021-2022,S9,english,71\n",
        ),
        (
            ImportKind::OrtThresholds,
            "окуу жылы,кабыл алуу түрү,негизги тесттин босогосу,предметтик тесттин босогосу\n\
             2022-2023,грант,110,60\n\
             2022-2023,контракт,105,50\n",
        ),
    ];
    for (kind, file) in files {
        // Act
        let first = csv(&t, kind, file)
            .await
            .unwrap_or_else(|e| panic!("{}: {e:?}", kind.name()));
        let again = csv(&t, kind, file).await.unwrap();
        // Assert
        assert_eq!(first.inserted, first.rows, "{}", kind.name());
        assert_eq!(
            again.unchanged,
            again.rows,
            "{}: a re-import changes nothing",
            kind.name()
        );
    }
    // The programme's and the result's years are marked for the trend job.
    for (table, year) in [
        ("teacher_training_attendance", 2022),
        ("ort_subject_score", 2021),
        ("ort_threshold", 2022),
    ] {
        let marked = t
            .count(&format!(
                "data_change WHERE fact_table = '{table}' AND academic_year = {year}"
            ))
            .await;
        assert_eq!(marked, 1, "{table}");
    }
    let stored = t
        .count("ort_threshold WHERE academic_year = 2022 AND programme_group = 'general' AND main_min = 105 AND admission_type = 'contract'")
        .await;
    assert_eq!(stored, 1, "a blank programme group is general");
    // Read back with the teacher and the result (the school's own grant).
    let school = t.id_of("school", "KG-O-UZG-045").await;
    let grant = Grant::internal(school);
    let teachers = domain::facts::teachers::read(&t.db, &grant, false)
        .await
        .unwrap();
    let t07 = teachers
        .iter()
        .find(|r| r.teacher.teacher_ref == "T-07")
        .unwrap();
    assert_eq!(
        t07.awards
            .iter()
            .map(|a| (a.award_type.as_str(), a.year))
            .collect::<Vec<_>>(),
        [("excellence_badge", 2019)]
    );
    assert_eq!(t07.training_ids.len(), 1);
    let results = domain::facts::ort_results::read(&t.db, &grant, Some(2021))
        .await
        .unwrap();
    let s9 = results
        .iter()
        .find(|r| r.result.student_ref == "S9")
        .unwrap();
    let mut scores: Vec<(String, i32)> = s9
        .subjects
        .iter()
        .map(|(score, subject)| (subject.code.clone(), score.score))
        .collect();
    scores.sort();
    assert_eq!(
        scores,
        [("english".to_owned(), 71), ("mathematics".to_owned(), 88)]
    );
}

fn token(role: Role, scope_id: i32) -> Caller {
    Caller(Some(Principal {
        token_id: None,
        subject: None,
        role,
        scope_id: Some(scope_id),
    }))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ort_thresholds_are_written_by_an_admin_only_and_audited() {
    // Arrange
    let t = with_fixture().await;
    let school = t.id_of("school", "KG-O-UZG-045").await;
    let district = t.id_of("district", "KG-O-UZG").await;
    let file = "academic_year,admission_type,main_min\n2022-2023,grant,112\n";
    // Act / Assert: a school's and a district's tokens are refused before anything is read.
    for caller in [token(Role::School, school), token(Role::District, district)] {
        let got = csv_as(&t, &caller, ImportKind::OrtThresholds, file).await;
        assert!(
            matches!(got, Err(domain::Error::Forbidden { .. })),
            "{got:?}"
        );
        let got = domain::import::import_records(
            &t.db,
            &caller,
            ImportKind::OrtThresholds,
            vec![vec![
                ("academic_year", "2022-2023".into()),
                ("admission_type", "grant".into()),
                ("main_min", "112".into()),
            ]],
            &CTX,
        )
        .await;
        assert!(
            matches!(got, Err(domain::Error::Forbidden { .. })),
            "{got:?}"
        );
    }
    assert_eq!(t.count("ort_threshold").await, 0);
    // The operator records one: one audit entry with its natural key and the row after.
    let report = domain::import::import_records(
        &t.db,
        &Caller::operator(),
        ImportKind::OrtThresholds,
        vec![vec![
            ("academic_year", "2022-2023".into()),
            ("admission_type", "grant".into()),
            ("main_min", "112".into()),
        ]],
        &CTX,
    )
    .await
    .unwrap();
    assert_eq!((report.inserted, report.years.clone()), (1, vec![2022]));
    let audited = t
        .count("audit_log WHERE entity = 'ort_threshold' AND operation = 'record' AND school_id IS NULL AND natural_key LIKE '%\"admission_type\":\"grant\"%'")
        .await;
    assert_eq!(audited, 1);
}
