//! Kyrgyz letters (ң ө ү) survive storage byte for byte, on both databases.

use integration_tests::TestDb;
use sea_orm::EntityTrait;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kyrgyz_school_name_round_trips_byte_identical() {
    // Arrange
    let t = TestDb::new().await;
    let district_id = domain::reference::district_id(&t.db, "KG-O-UZG")
        .await
        .unwrap();
    let name_ky = "Үңкүр-Өзөн №7 «Эңсиз» орто мектеби ҢӨҮ ңөү";

    // Act
    let created = domain::school::create(
        &t.db,
        domain::school::NewSchool {
            district_id,
            code: "KG-O-UZG-007".into(),
            number: Some(7),
            name_ky: name_ky.into(),
            name_ru: "Средняя школа №7 «Эңсиз» (ё)".into(),
            name_en: None,
            settlement: Some("Көк-Жар".into()),
            ownership: "municipal".into(),
            school_type: "general".into(),
        },
    )
    .await
    .expect("create");
    let read = entity::school::Entity::find_by_id(created.id)
        .one(&t.db)
        .await
        .unwrap()
        .unwrap();

    // Assert
    assert_eq!(read.name_ky.as_bytes(), name_ky.as_bytes());
    assert_eq!(read.settlement.as_deref(), Some("Көк-Жар"));
    assert!(
        read.name_search.contains("үңкүр-өзөн"),
        "search key folds case: {}",
        read.name_search
    );
    assert!(
        read.name_search.contains("(е)"),
        "ё folds to е: {}",
        read.name_search
    );
    // The reference names keep their letters too.
    let district = entity::district::Entity::find_by_id(district_id)
        .one(&t.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(district.name_ky, "Өзгөн району");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn duplicate_school_code_is_reported_by_rule_name() {
    let t = TestDb::new().await;
    let district_id = domain::reference::district_id(&t.db, "KG-O-UZG")
        .await
        .unwrap();
    let new = |code: &str, number: i32| domain::school::NewSchool {
        district_id,
        code: code.into(),
        number: Some(number),
        name_ky: "Сынак мектеби".into(),
        name_ru: "Тестовая школа".into(),
        name_en: None,
        settlement: None,
        ownership: "state".into(),
        school_type: "general".into(),
    };
    domain::school::create(&t.db, new("X-1", 1)).await.unwrap();
    let err = domain::school::create(&t.db, new("X-1", 2))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, domain::Error::Constraint { constraint, .. } if constraint == "uq_school_code"),
        "{err:?}"
    );
}
