//! The answer cache over HTTP: a snapshot-only answer is served again byte for byte, until a
//! new generation is served; answers that read the database, that failed, or that belong to
//! another caller are never served from it.

use integration_tests::TestApp;
use integration_tests::fixture::{district_id, fixture, full, school_id};
use poem::http::StatusCode;
use serde_json::json;

const LEAGUE: &str = r#"query($d: ID!) { districtComparison(districtId: $d, year: 2021, codes: ["ort_mean", "knowledge_quality_pct"]) {
    freshness { generationId } schools { school { id name } cells { code value rankDistrict } } } }"#;

/// `sapat_answer_cache_total{result=…}` as /metrics shows it now (0 when never counted).
async fn cache_count(cli: &TestApp, result: &str) -> u64 {
    let res = cli.http.get("/metrics").send().await;
    let text = res.0.into_body().into_string().await.unwrap();
    let prefix = format!("sapat_answer_cache_total{{result=\"{result}\"}} ");
    text.lines()
        .find_map(|l| l.strip_prefix(&prefix))
        .map_or(0, |v| v.parse().unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn snapshot_answers_are_served_again_until_a_new_generation_is_served() {
    // Arrange
    let t = fixture().await;
    let first_generation = full(&t).await.generation_id.unwrap();
    let cli = TestApp::new(&t);
    let snapshots = cli.snapshots.clone();
    let vars = json!({ "d": district_id(&t, "KG-O-UZG").await.to_string() });
    let admin = t.admin_token().await;

    // Act: the same request three times, once more as another caller, then after a refresh.
    let (s1, a1) = cli.post_with(LEAGUE, vars.clone(), None, None).await;
    let (s2, a2) = cli.post_with(LEAGUE, vars.clone(), None, None).await;
    let (_, a3) = cli.post_with(LEAGUE, vars.clone(), None, None).await;
    let hits_anonymous = cache_count(&cli, "hit").await;
    let (_, as_admin) = cli
        .post_with(LEAGUE, vars.clone(), None, Some(&admin))
        .await;
    let hits_after_admin = cache_count(&cli, "hit").await;
    let second_generation = full(&t).await.generation_id.unwrap();
    snapshots.refresh().await.unwrap();
    let (_, fresh) = cli.post_with(LEAGUE, vars.clone(), None, None).await;

    // Assert
    assert_eq!((s1, s2), (StatusCode::OK, StatusCode::OK));
    assert!(a1.get("errors").is_none(), "{a1}");
    let rows = a1["data"]["districtComparison"]["schools"]
        .as_array()
        .unwrap();
    assert!(rows.len() >= 3, "{a1}");
    assert_eq!(a1, a2, "the kept answer is the answer");
    assert_eq!(a1, a3);
    assert_eq!(
        hits_anonymous, 2,
        "the second and third requests were served from memory"
    );
    assert_eq!(as_admin["data"], a1["data"], "public data: same answer …");
    assert_eq!(
        hits_after_admin, 2,
        "… but another caller's request is not served the kept one"
    );
    assert_eq!(
        a1["data"]["districtComparison"]["freshness"]["generationId"],
        first_generation
    );
    assert_ne!(first_generation, second_generation);
    assert_eq!(
        fresh["data"]["districtComparison"]["freshness"]["generationId"], second_generation,
        "a new generation is served at once: {fresh}"
    );
    assert_eq!(cache_count(&cli, "hit").await, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_that_read_the_database_or_failed_are_never_kept() {
    // Arrange: a query reading the snapshot and, beside it, a school row from the database.
    let t = fixture().await;
    full(&t).await;
    let cli = TestApp::new(&t);
    let school = school_id(&t, "KG-O-UZG-101").await;
    let mixed = format!(
        r#"query($d: ID!) {{ districtComparison(districtId: $d, year: 2021, codes: ["ort_mean"]) {{ freshness {{ generationId }} }}
            school(id: "{school}") {{ name }} }}"#
    );
    let vars = json!({ "d": district_id(&t, "KG-O-UZG").await.to_string() });
    let failing = r#"{ districtComparison(districtId: "1", year: 1990) { year } }"#;

    // Act: the school is renamed between two identical requests.
    let (_, before) = cli.post_with(&mixed, vars.clone(), None, None).await;
    t.exec(&format!(
        "UPDATE school SET name_ky = 'Жаңы мектеп Өзгөн' WHERE id = {school}"
    ))
    .await;
    let (_, after) = cli.post_with(&mixed, vars.clone(), None, None).await;
    let (_, e1) = cli.post_with(failing, json!({}), None, None).await;
    let (_, e2) = cli.post_with(failing, json!({}), None, None).await;

    // Assert
    assert_eq!(before["data"]["school"]["name"], "Мектеп 101", "{before}");
    assert_eq!(
        after["data"]["school"]["name"], "Жаңы мектеп Өзгөн",
        "an answer that read the database is built again: {after}"
    );
    assert!(
        e1.get("errors").is_some() && e2.get("errors").is_some(),
        "{e1}"
    );
    assert_eq!(cache_count(&cli, "hit").await, 0);
    assert_eq!(cache_count(&cli, "stored").await, 0);
    assert_eq!(cache_count(&cli, "miss").await, 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_answer_cache_can_be_turned_off() {
    let t = fixture().await;
    full(&t).await;
    let cli = TestApp::with_config(&t, |c| c.server.answer_cache_mb = 0);
    let vars = json!({ "d": district_id(&t, "KG-O-UZG").await.to_string() });
    let (_, a1) = cli.post_with(LEAGUE, vars.clone(), None, None).await;
    let (_, a2) = cli.post_with(LEAGUE, vars, None, None).await;
    assert_eq!(a1, a2);
    assert!(a1.get("errors").is_none(), "{a1}");
    for result in ["hit", "miss", "stored"] {
        assert_eq!(cache_count(&cli, result).await, 0, "{result}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_schools_trends_come_from_the_snapshot_alone_and_its_scope_from_its_record() {
    // Arrange
    let t = fixture().await;
    full(&t).await;
    let cli = TestApp::new(&t);
    let school = school_id(&t, "KG-O-UZG-101").await;
    let trends = |by: &str| {
        format!(
            r#"{{ school(id: "{by}") {{ id trends(codes: ["knowledge_quality_pct"]) {{ trends {{ code mean }} }}
                indicators(codes: ["knowledge_quality_pct"]) {{ series {{ points {{ year value }} }} }} }} }}"#
        )
    };

    // Act: by id and by code, twice each.
    let mut answers = Vec::new();
    for by in [school.to_string(), "kg-o-uzg-101".to_owned()] {
        for _ in 0..2 {
            answers.push(cli.post_with(&trends(&by), json!({}), None, None).await.1);
        }
    }

    // Assert: answered without a statement, so kept and served again.
    for a in &answers {
        assert!(a.get("errors").is_none(), "{a}");
        assert_eq!(a["data"]["school"]["id"], school.to_string(), "{a}");
        let points = &a["data"]["school"]["indicators"]["series"][0]["points"];
        assert_eq!(points.as_array().unwrap().len(), 5, "{a}");
    }
    assert_eq!(cache_count(&cli, "hit").await, 2);
    assert_eq!(cache_count(&cli, "stored").await, 2);

    // A school moved to another district since the snapshot: its profile answers to the
    // district it is in now, whatever the published snapshot still says.
    let osh = district_id(&t, "KG-C-ALM").await;
    t.exec(&format!(
        "UPDATE school SET district_id = {osh} WHERE id = {school}"
    ))
    .await;
    let section = format!(r#"{{ school(id: "{school}") {{ name markSummaries {{ n5 }} }} }}"#);
    let old = crate::reports::token(&t, domain::auth::Role::District, "KG-O-UZG").await;
    let new = crate::reports::token(&t, domain::auth::Role::District, "KG-C-ALM").await;
    let (_, refused) = cli.post_with(&section, json!({}), None, Some(&old)).await;
    let (_, allowed) = cli.post_with(&section, json!({}), None, Some(&new)).await;
    assert_eq!(
        refused["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "{refused}"
    );
    assert!(allowed.get("errors").is_none(), "{allowed}");
    assert_eq!(allowed["data"]["school"]["name"], "Мектеп 101");

    // A school added after the snapshot is found in the database.
    t.exec(
        "INSERT INTO school (district_id, code, number, name_ky, name_ru, name_search, ownership, school_type) \
         VALUES ((SELECT id FROM district WHERE code = 'KG-O-UZG'), 'KG-O-UZG-777', 777, 'Мектеп 777', 'Школа 777', 'мектеп 777', 'state', 'general')",
    )
    .await;
    let (_, late) = cli
        .post_with(
            r#"{ school(id: "KG-O-UZG-777") { code trends { trends { code } } } }"#,
            json!({}),
            None,
            None,
        )
        .await;
    assert_eq!(late["data"]["school"]["code"], "KG-O-UZG-777", "{late}");
}
