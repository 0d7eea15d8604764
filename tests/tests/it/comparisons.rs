//! Comparisons that say what they are: one order of tied schools in every league table,
//! gaps against the district's own figure, `quality_index` only with all its components,
//! and public freshness that only a publishing run moves.

use integration_tests::fixture::{NewSchool, add_school, district_id, fixture, full, import};
use integration_tests::{run, schema_with_snapshots as schema};
use serde_json::{Value, json};

use domain::import::ImportKind;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tied_schools_come_in_one_order_in_ranking_and_district_comparison() {
    // Arrange: a school added after the fixture's (so a higher id) whose code sorts first,
    // with as many zonal prizes in 2021 as KG-O-UZG-101 (2021 % 4 = 1).
    let t = fixture().await;
    let late = add_school(
        &t,
        NewSchool {
            district: "KG-O-UZG",
            code: "KG-O-UZG-001",
            name_ky: "Мектеп 1",
            name_ru: "Школа 1",
            ownership: "state",
            school_type: "general",
            languages: &["ky"],
        },
    )
    .await;
    import(
        &t,
        ImportKind::OlympiadCounts,
        "school_code,academic_year,level,prize_count\nKG-O-UZG-001,2021-2022,zonal,1".into(),
    )
    .await;
    full(&t).await;
    let (schema, _) = schema(&t);
    let uzgen = district_id(&t, "KG-O-UZG").await;

    // Act
    let answer = run(
        &schema,
        r#"query($d: ID!) {
            ranking(code: "olympiad_prizes_zonal", year: 2021, scope: DISTRICT, scopeId: $d) { edges { node { rank school { id code } } } }
            districtComparison(districtId: $d, year: 2021, codes: ["olympiad_prizes_zonal"]) { schools { school { id code } cells { rankDistrict } } } }"#,
        json!({ "d": uzgen.to_string() }),
    )
    .await;

    // Assert: the same schools in the same order, a tie among them, ordered by id.
    let ranked: Vec<(i64, String)> = answer["ranking"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let n = &e["node"];
            (n["rank"].as_i64().unwrap(), id(&n["school"]))
        })
        .collect();
    let table: Vec<(i64, String)> = answer["districtComparison"]["schools"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| Some((r["cells"][0]["rankDistrict"].as_i64()?, id(&r["school"]))))
        .collect();
    assert_eq!(ranked, table);
    let tied: Vec<&(i64, String)> = ranked
        .iter()
        .filter(|(rank, _)| ranked.iter().filter(|(r, _)| r == rank).count() > 1)
        .collect();
    assert!(
        tied.iter().any(|(_, id)| *id == late.to_string()),
        "the new school ties: {ranked:?}"
    );
    let ids: Vec<i64> = tied.iter().map(|(_, id)| id.parse().unwrap()).collect();
    assert!(ids.is_sorted(), "ties by school id: {ranked:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gaps_are_to_the_districts_own_figure_and_a_partial_index_is_not_ranked() {
    // Arrange: the fixture's schools have no training figures, so their quality index
    // lacks `teachers_trained_5y_pct` (and 045 most components).
    let t = fixture().await;
    full(&t).await;
    let (schema, _) = schema(&t);
    let uzgen = district_id(&t, "KG-O-UZG").await;

    // Act
    let answer = run(
        &schema,
        r#"query($d: ID!) {
            districtComparison(districtId: $d, year: 2021, codes: ["knowledge_quality_pct", "quality_index"]) {
              schools { school { code } cells { code value flags districtValue gapToDistrict districtMean gapToDistrictMean rankDistrict peerMedian } }
              aggregates { level cells { code value } } }
            ranking(code: "quality_index", year: 2021, scope: COUNTRY) { totalCount } }"#,
        json!({ "d": uzgen.to_string() }),
    )
    .await;

    // Assert: the district's own figure, as in its aggregate row, is every school's reference.
    let dc = &answer["districtComparison"];
    assert_eq!(dc["aggregates"][0]["level"], "DISTRICT");
    let own = dc["aggregates"][0]["cells"][0]["value"].as_f64().unwrap();
    let mut means = Vec::new();
    let mut compared = 0;
    for row in dc["schools"].as_array().unwrap() {
        let quality = &row["cells"][0];
        let Some(value) = quality["value"].as_f64() else {
            continue;
        };
        if quality["rankDistrict"].is_null() {
            continue; // a reported figure of another year's method, say
        }
        compared += 1;
        assert_eq!(quality["districtValue"].as_f64(), Some(own), "{row}");
        let gap = quality["gapToDistrict"].as_f64().unwrap();
        assert!((gap - (value - own)).abs() < 1e-9, "{row}");
        let mean = quality["districtMean"].as_f64().unwrap();
        assert!((quality["gapToDistrictMean"].as_f64().unwrap() - (value - mean)).abs() < 1e-9);
        means.push(mean);
    }
    assert!(compared >= 2, "{dc}");
    assert!(
        means.iter().all(|m| (m - own).abs() > 1e-6),
        "the unweighted mean of schools ({means:?}) is not the district's figure ({own})"
    );
    // Every school's index lacks a component: shown, flagged PARTIAL, never ranked.
    let mut partial = 0;
    for row in dc["schools"].as_array().unwrap() {
        let index = &row["cells"][1];
        assert_eq!(index["code"], "quality_index");
        if index["value"].is_null() {
            continue;
        }
        partial += 1;
        assert!(
            index["flags"]
                .as_array()
                .unwrap()
                .contains(&json!("PARTIAL")),
            "{row}"
        );
        assert_eq!(index["rankDistrict"], Value::Null, "{row}");
        assert_eq!(index["peerMedian"], Value::Null, "{row}");
    }
    assert!(partial >= 2, "{dc}");
    assert_eq!(answer["ranking"]["totalCount"], 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_that_did_not_publish_leaves_public_freshness_as_it_was() {
    // Arrange: a published generation, then data that the validation gate rejects
    // (textbooks 600 of 500 required: 120 %).
    let t = fixture().await;
    let good = full(&t).await;
    t.exec(
        "INSERT INTO textbook_provision (school_id, academic_year, grade_band, required, available) \
         SELECT id, 2020, 'all', 500, 600 FROM school WHERE code = 'KG-O-UZG-101'",
    )
    .await;
    let snapshots = api::snapshot::Snapshots::new(t.db.clone());
    let schema = api::graphql::build_schema(
        t.db.clone(),
        std::sync::Arc::new(t.config.clone()),
        snapshots.clone(),
    );

    // Act: a real (not dry) refresh fails at the gate.
    let failed = jobs::trends::run(
        &t.db,
        &t.config,
        jobs::trends::RunOptions::full(domain::trend::runs::Trigger::Manual),
    )
    .await;
    snapshots.refresh().await.unwrap();
    let query = r#"{ trendStatus { lastRun { id status } served { lastRunId lastRunStatus } }
        country { indicators(codes: ["enrolment"]) { freshness { lastRunId lastRunStatus } } } }"#;
    let ask = |caller: domain::auth::Caller| {
        let schema = schema.clone();
        async move {
            let res = schema
                .execute(async_graphql::Request::new(query).data(caller))
                .await;
            assert!(res.errors.is_empty(), "{:?}", res.errors);
            res.data.into_json().unwrap()
        }
    };
    let public = ask(domain::auth::Caller(None)).await;
    let admin = ask(domain::auth::Caller::operator()).await;

    // Assert: the public still sees the run that published; the operator sees the failure.
    assert!(failed.is_err());
    for (who, answer) in [("public", &public), ("admin", &admin)] {
        let served = &answer["trendStatus"]["served"];
        assert_eq!(served["lastRunId"], good.run_id, "{who}: {answer}");
        assert_eq!(served["lastRunStatus"], "SUCCEEDED", "{who}: {answer}");
        let freshness = &answer["country"]["indicators"]["freshness"];
        assert_eq!(freshness["lastRunId"], good.run_id, "{who}: {answer}");
    }
    assert_eq!(public["trendStatus"]["lastRun"]["id"], good.run_id);
    assert_eq!(public["trendStatus"]["lastRun"]["status"], "SUCCEEDED");
    assert_eq!(
        admin["trendStatus"]["lastRun"]["status"], "FAILED",
        "{admin}"
    );
}

fn id(school: &Value) -> String {
    school["id"].as_str().unwrap().to_owned()
}
