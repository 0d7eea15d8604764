//! Reference data as the API names it: regions, districts and subjects in three languages,
//! places named by code as well as by id, and a label for every coded value.

use integration_tests::{TestDb, fail, run, schema};
use serde_json::{Value, json};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn regions_and_districts_name_themselves_in_three_languages() {
    let t = TestDb::new().await;
    let s = schema(&t);
    let data = run(
        &s,
        "{ regions { id code kind kindLabel { nameRu } name nameKy nameRu nameEn districts { code } } }",
        json!({}),
    )
    .await;
    let regions = data["regions"].as_array().unwrap();
    assert_eq!(regions.len(), 9, "7 oblasts and 2 cities");
    let osh = regions.iter().find(|r| r["code"] == "KG-O").unwrap();
    assert_eq!(osh["name"], "Ош облусу", "Kyrgyz is the default");
    assert_eq!(osh["nameRu"], "Ошская область");
    assert_eq!(osh["nameEn"], "Osh Region");
    assert_eq!(osh["kindLabel"]["nameRu"], "область");
    assert_eq!(osh["districts"].as_array().unwrap().len(), 7);

    let data = run(
        &s,
        "query($r: ID) { districts(regionId: $r) { code name(lang: RU) nameKy region { code name(lang: EN) } } }",
        json!({ "r": osh["id"] }),
    )
    .await;
    let districts = data["districts"].as_array().unwrap();
    assert_eq!(districts.len(), 7);
    let uzg = districts.iter().find(|d| d["code"] == "KG-O-UZG").unwrap();
    assert_eq!(uzg["name"], "Узгенский район");
    assert_eq!(uzg["nameKy"], "Өзгөн району");
    assert_eq!(uzg["region"]["name"], "Osh Region");

    let errors = fail(&s, r#"{ districts(regionId: "x") { code } }"#, json!({})).await;
    assert_eq!(errors[0]["extensions"]["code"], "BAD_USER_INPUT");
    assert!(errors[0]["message"].as_str().unwrap().contains("regionId"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn places_are_named_by_code_as_well_as_by_id() {
    // Arrange: the seed-003 school, published trends.
    let t = TestDb::new().await;
    let bahmal = demo::load(&t.db, 245).await.unwrap().school_id;
    integration_tests::fixture::full(&t).await;
    let schema = schema(&t);

    // Act
    let by_code = run(
        &schema,
        r#"{ school(id: "kg-o-uzg-045") { id code }
             schools(filter: { regionId: "KG-O", districtId: "KG-O-UZG" }) { totalCount }
             districts(regionId: "KG-O") { code }
             district(id: "KG-O-UZG") { code }
             region(id: "KG-O") { code }
             districtComparison(districtId: "KG-O-UZG", year: 2021, codes: ["knowledge_quality_pct"]) { district { code } }
             compareSchools(schoolIds: ["KG-O-UZG-045"], codes: ["knowledge_quality_pct"]) { schools { series { values } } } }"#,
        json!({}),
    )
    .await;
    let unknown = fail(
        &schema,
        r#"{ school(id: "KG-O-UZG-999") { id } }"#,
        json!({}),
    )
    .await;
    let wrong = fail(
        &schema,
        r#"{ district(id: "KG-O-XXX") { code } }"#,
        json!({}),
    )
    .await;
    let nul = fail(
        &schema,
        "{ districts(regionId: \"KG-O\\u0000\") { code } }",
        json!({}),
    )
    .await;
    assert_eq!(nul[0]["extensions"]["code"], "BAD_USER_INPUT", "{nul:?}");
    let wrong_filter = fail(
        &schema,
        r#"{ schools(filter: { districtId: "Өзгөн" }) { totalCount } }"#,
        json!({}),
    )
    .await;

    // Assert
    assert_eq!(by_code["school"]["id"], bahmal.to_string());
    assert_eq!(by_code["schools"]["totalCount"], 1);
    assert!(
        by_code["districts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "KG-O-UZG")
    );
    assert_eq!(by_code["district"]["code"], "KG-O-UZG");
    assert_eq!(by_code["region"]["code"], "KG-O");
    assert_eq!(
        by_code["districtComparison"]["district"]["code"],
        "KG-O-UZG"
    );
    assert_eq!(
        by_code["compareSchools"]["schools"][0]["series"][0]["values"],
        json!([34.0, 42.0, 40.0, 39.0, 35.0])
    );
    assert_eq!(unknown[0]["extensions"]["code"], "BAD_USER_INPUT");
    let text = |errors: &[Value]| errors[0].to_string();
    assert!(
        text(&wrong).contains("KG-O-XXX") && text(&wrong).contains("district"),
        "{wrong:?}"
    );
    assert!(
        text(&wrong_filter).contains("filter.districtId"),
        "{wrong_filter:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn subjects_are_listed_in_three_languages() {
    let t = TestDb::new().await;
    let data = run(
        &schema(&t),
        r#"{ subjects { code name(lang: KY) nameKy nameRu nameEn } }"#,
        json!({}),
    )
    .await;
    let subjects = data["subjects"].as_array().unwrap();
    assert_eq!(subjects.len(), 41);
    assert_eq!(subjects[0]["code"], "kyrgyz_language");
    assert_eq!(subjects[0]["name"], "Кыргыз тили");
    assert_eq!(subjects[0]["nameRu"], "Кыргызский язык");
    assert!(subjects.iter().all(|s| s["nameEn"].is_string()), "{data}");
    assert!(
        subjects.iter().any(|s| s["code"] == "mathematics"),
        "{data}"
    );
}

/// Every value a CHECK allows for a labelled column has ky/ru/en names, so no client ever shows
/// a bare code; a new value in a migration fails here until it is named.
#[test]
fn every_allowed_code_has_a_label() {
    use domain::labels::Vocabulary as V;
    let sql = [
        include_str!("../../../migration/src/m20261128_000001_create_reference_tables.rs"),
        include_str!("../../../migration/src/m20261128_000002_create_school_tables.rs"),
        include_str!("../../../migration/src/m20261128_000003_create_result_tables.rs"),
        include_str!("../../../migration/src/m20261128_000004_create_ort_tables.rs"),
        include_str!("../../../migration/src/m20261128_000005_create_olympiad_tables.rs"),
        include_str!("../../../migration/src/m20261128_000006_create_staff_tables.rs"),
        include_str!("../../../migration/src/m20261128_000008_create_accreditation_tables.rs"),
    ]
    .concat();
    // The quoted values of the first `IN (…)` after a named constraint.
    let allowed = |constraint: &str| -> Vec<String> {
        let name = format!("CONSTRAINT {constraint}");
        let start = sql
            .match_indices(&name)
            .map(|(i, _)| i)
            .find(|&i| sql[i + name.len()..].starts_with(|c: char| c.is_whitespace()))
            .unwrap_or_else(|| panic!("{constraint} not found"));
        let rest = &sql[start..];
        // `IN (` possibly with a line break before the parenthesis.
        let mut at = 0;
        let open = loop {
            let i = at + rest[at..].find(" IN").unwrap() + 3;
            let after = rest[i..].trim_start();
            if after.starts_with('(') {
                break rest.len() - after.len() + 1;
            }
            at = i;
        };
        let close = open + rest[open..].find(')').unwrap();
        rest[open..close]
            .split(',')
            .map(|v| v.trim().trim_matches('\'').to_owned())
            .collect()
    };
    let cases = [
        ("ck_region_kind", V::RegionKind),
        ("ck_district_kind", V::DistrictKind),
        ("ck_school_ownership", V::Ownership),
        ("ck_school_type", V::SchoolType),
        ("ck_school_language", V::Language),
        ("ck_mark_summary_kind", V::AssessmentKind),
        ("ck_ort_result_session", V::OrtSession),
        ("ck_olympiad_level", V::Level),
        ("ck_olympiad_result_award", V::Award),
        ("ck_teacher_category", V::TeacherCategory),
        ("ck_teacher_education_level", V::EducationLevel),
        ("ck_teacher_training_provider", V::TrainingProvider),
        ("ck_accreditation_type", V::AccreditationType),
        ("ck_accreditation_decision", V::AccreditationDecision),
        ("ck_self_assessment_point_kind", V::PointKind),
    ];
    for (constraint, vocabulary) in cases {
        let codes = allowed(constraint);
        assert!(codes.len() >= 2, "{constraint}: {codes:?}");
        for code in &codes {
            let label = vocabulary
                .label(code)
                .unwrap_or_else(|| panic!("{constraint} allows `{code}`, which has no label"));
            assert!(
                !label.ky.is_empty() && !label.ru.is_empty() && !label.en.is_empty(),
                "{code}"
            );
        }
        assert_eq!(
            vocabulary.labels().len(),
            codes.len(),
            "{constraint}: labels for codes the database refuses"
        );
    }
    for kind in ["quarter", "half_year", "year"] {
        assert!(V::PeriodKind.label(kind).is_some());
    }
}
