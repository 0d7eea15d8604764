//! What no caller may read: pupils' results in published figures (the disclosure rule).

use integration_tests::TestApp;
use serde_json::{Value, json};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_pupils_ort_score_is_not_published_to_anonymous_readers() {
    use integration_tests::fixture::{fixture, full, import, school_id};
    // Arrange: the seed-003 school gets an ORT cohort of one pupil in 2021-2022, next to its
    // top-scorer list; the three other schools have cohorts of 18.
    let t = fixture().await;
    import(
        &t,
        domain::import::ImportKind::OrtResults,
        "school_code,academic_year,student_ref,main_score\nKG-O-UZG-045,2021-2022,P-ONE,187".into(),
    )
    .await;
    full(&t).await;
    let bahmal = school_id(&t, "KG-O-UZG-045").await;
    let other = school_id(&t, "KG-O-UZG-101").await;
    let app = TestApp::new(&t);
    let query = r#"query($id: ID!) { school(id: $id) {
        indicators(codes: ["ort_mean", "ort_max", "ort_participants"], fromYear: 2021) {
          series { code points { year value numerator denominator flags } } } } }"#;

    // Act
    let point = |data: &Value, code: &str| {
        data["data"]["school"]["indicators"]["series"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["code"] == code)
            .map(|s| s["points"][0].clone())
            .unwrap_or(Value::Null)
    };
    let (_, one) = app
        .post(query, json!({ "id": bahmal.to_string() }), None)
        .await;
    let (_, many) = app
        .post(query, json!({ "id": other.to_string() }), None)
        .await;
    let (_, ranked) = app
        .post(
            r#"{ ranking(code: "ort_mean", year: 2021, scope: COUNTRY) { totalCount edges { node { school { code } value } } } }"#,
            json!({}),
            None,
        )
        .await;

    // Assert: the one pupil's mean and maximum are withheld, numerator included; the count is not.
    let mean = point(&one, "ort_mean");
    assert_eq!(mean["value"], Value::Null, "{one}");
    assert_eq!(mean["numerator"], Value::Null, "{one}");
    assert_eq!(mean["denominator"], 1.0);
    assert_eq!(mean["flags"], json!(["SMALL_SAMPLE", "SUPPRESSED"]));
    let max = point(&one, "ort_max");
    assert_eq!(
        (max["value"].clone(), max["flags"].clone()),
        (Value::Null, json!(["SUPPRESSED"]))
    );
    assert_eq!(point(&one, "ort_participants")["value"], 1.0);
    assert!(!one.to_string().contains("187"), "{one}");
    // With 18 takers the mean is published and the maximum rounded down to 10 points.
    assert!(point(&many, "ort_mean")["value"].is_f64(), "{many}");
    let max = point(&many, "ort_max");
    assert_eq!(max["flags"], json!(["COARSENED"]));
    assert_eq!(max["value"].as_f64().unwrap() % 10.0, 0.0, "{many}");
    // A withheld value takes no place in a ranking.
    let ranking = &ranked["data"]["ranking"];
    assert_eq!(ranking["totalCount"], 3, "{ranked}");
    assert!(!ranked.to_string().contains("KG-O-UZG-045"), "{ranked}");
}
