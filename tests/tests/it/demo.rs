//! `sapat demo` loads the seed-003 fixture school, and loading it twice changes nothing.

use integration_tests::TestDb;

const TABLES: &[&str] = &[
    "academic_year",
    "period",
    "school",
    "school_language",
    "reported_indicator",
    "olympiad_count_report",
    "ort_result",
    "contest",
    "contest_result",
    "staff_snapshot",
    "teacher_training",
    "enrolment_snapshot",
    "infrastructure_snapshot",
    "textbook_provision",
    "accreditation",
    "self_assessment_report",
    "self_assessment_criterion",
    "self_assessment_point",
    "region",
    "district",
    "subject",
];

async fn counts(t: &TestDb) -> Vec<(&'static str, i64)> {
    let mut out = Vec::new();
    for table in TABLES {
        out.push((*table, t.count(table).await));
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_is_idempotent() {
    // Arrange
    let t = TestDb::new().await;

    // Act
    let first = demo::load(&t.db, 245).await.expect("first demo load");
    let after_first = counts(&t).await;
    let second = demo::load(&t.db, 245).await.expect("second demo load");
    let after_second = counts(&t).await;

    // Assert
    assert_eq!(first, second, "the same school both times");
    assert_eq!(after_first, after_second);
    let get = |name: &str| after_first.iter().find(|(t, _)| *t == name).unwrap().1;
    assert_eq!(get("school"), 1);
    assert_eq!(get("academic_year"), 5);
    assert_eq!(get("period"), 35, "7 periods in each of 5 years");
    assert_eq!(get("reported_indicator"), 5);
    assert_eq!(get("olympiad_count_report"), 15);
    assert_eq!(get("ort_result"), 5);
    assert_eq!(get("teacher_training"), 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_keeps_the_seed_figures_and_blank_counts_missing() {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    let t = TestDb::new().await;
    let summary = demo::load(&t.db, 245).await.unwrap();

    // Knowledge quality 34, 42, 40, 39, 35 (table C), in year order.
    let quality: Vec<f64> = entity::reported_indicator::Entity::find()
        .filter(entity::reported_indicator::Column::SchoolId.eq(summary.school_id))
        .order_by_asc(entity::reported_indicator::Column::PeriodId)
        .all(&t.db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.value)
        .collect();
    assert_eq!(quality, vec![34.0, 42.0, 40.0, 39.0, 35.0]);

    // Olympiad counts: "-" is 0, the blank oblast cell of 2019-2020 is NULL.
    let oblast: Vec<(i32, Option<i32>)> = entity::olympiad_count_report::Entity::find()
        .filter(entity::olympiad_count_report::Column::Level.eq("oblast"))
        .order_by_asc(entity::olympiad_count_report::Column::AcademicYear)
        .all(&t.db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.academic_year, r.prize_count))
        .collect();
    assert_eq!(
        oblast,
        vec![
            (2017, Some(0)),
            (2018, Some(0)),
            (2019, None),
            (2020, Some(1)),
            (2021, Some(0))
        ]
    );
    let zonal_total: i32 = entity::olympiad_count_report::Entity::find()
        .filter(entity::olympiad_count_report::Column::Level.eq("zonal"))
        .all(&t.db)
        .await
        .unwrap()
        .iter()
        .filter_map(|r| r.prize_count)
        .sum();
    assert_eq!(zonal_total, 14);

    // ORT: top scorers only, pseudonymous, mean of the five 131.6.
    let ort = entity::ort_result::Entity::find().all(&t.db).await.unwrap();
    assert!(
        ort.iter()
            .all(|r| r.listing == "top_scorers" && r.student_ref.starts_with('S'))
    );
    let mean = ort.iter().map(|r| f64::from(r.main_score)).sum::<f64>() / ort.len() as f64;
    assert!((mean - 131.6).abs() < 1e-9, "{mean}");

    // Infrastructure and staff figures from sections E and G.
    let infra = entity::infrastructure_snapshot::Entity::find()
        .one(&t.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (infra.classrooms, infra.computers, infra.sport_hall_area_m2),
        (Some(19), Some(17), Some(270.25))
    );
    let staff = entity::staff_snapshot::Entity::find()
        .one(&t.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            staff.teachers_total,
            staff.with_higher_ed,
            staff.with_award_excellence
        ),
        (33, Some(25), Some(4))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_fixture_school_keeps_what_a_user_imported() {
    // Arrange: the demo, then a user's import of the school with one language of instruction
    // (the fixture gives it Kyrgyz and Russian).
    let t = TestDb::new().await;
    let first = demo::load(&t.db, 245).await.expect("demo");
    assert!(!first.left_alone);
    let csv = integration_tests::import::fill(
        domain::import::ImportKind::Schools,
        "school_code=KG-O-UZG-045;district=Өзгөн району;school_number=45;\
         name_ky=Бахмал №45 орто мектеби;name_ru=Школа №45 «Бахмал»;\
         ownership=муниципалдык;school_type=general;languages=кыргыз;design_capacity=300",
    );
    integration_tests::fixture::import(&t, domain::import::ImportKind::Schools, csv).await;

    // Act
    let second = demo::load(&t.db, 245).await.expect("demo again");

    // Assert
    assert!(second.left_alone, "the school is the user's now");
    assert_eq!(second.school_id, first.school_id);
    let school = t.id_of("school", "KG-O-UZG-045").await;
    let languages = t
        .count(&format!("school_language WHERE school_id = {school}"))
        .await;
    assert_eq!(languages, 1, "only the user's Kyrgyz");
    assert_eq!(
        t.count("school WHERE design_capacity = 300 AND name_ky = 'Бахмал №45 орто мектеби'")
            .await,
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_accreditation_a_user_records_makes_the_fixture_school_theirs() {
    // Arrange
    let t = TestDb::new().await;
    demo::load(&t.db, 245).await.expect("demo");

    // Act: an accreditation entered through the API's path, then the demo again.
    let input = domain::accreditation::AccreditationInput {
        school_code: demo::FIXTURE_SCHOOL_CODE.into(),
        accreditation_type: "institutional".into(),
        decision_year: 2024,
        agency: Some("Агенттик".into()),
        decision: "full_5y".into(),
        certificate_no: None,
        valid_from: None,
        valid_until: None,
    };
    domain::accreditation::record_accreditations(
        &t.db,
        &domain::auth::Caller::operator(),
        vec![input],
    )
    .await
    .expect("recorded");
    let again = demo::load(&t.db, 245).await.expect("demo again");

    // Assert
    assert!(again.left_alone, "the school is the user's now");
}
