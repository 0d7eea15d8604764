//! Dashboards over time: a ranking paged backward as forward, and what a dry run leaves of
//! the freshness dashboards show.

use domain::trend::runs::Trigger;
use integration_tests::fixture::{fixture, full};
use integration_tests::{errors, run, schema_with_snapshots as schema};
use jobs::trends::RunOptions;
use serde_json::{Value, json};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ranking_pages_backward_exactly_as_it_pages_forward() {
    // Arrange: three schools ranked on the ORT mean in the country.
    let t = fixture().await;
    full(&t).await;
    let (schema, _) = schema(&t);
    let page = |vars: Value| {
        let schema = schema.clone();
        async move {
            run(
                &schema,
                r#"query($first: Int, $after: ID, $last: Int, $before: ID) {
                    ranking(code: "ort_mean", year: 2021, scope: COUNTRY, first: $first, after: $after, last: $last, before: $before) {
                    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { rank school { id } } } } }"#,
                vars,
            )
            .await["ranking"]
                .clone()
        }
    };
    let ids = |p: &Value| -> Vec<Value> {
        p["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["school"]["id"].clone())
            .collect()
    };

    // Act: the whole ranking, then backward 2 at a time from the end.
    let all = page(json!({ "first": 200 })).await;
    let last = page(json!({ "last": 2 })).await;
    let before = page(json!({ "last": 2, "before": last["pageInfo"]["startCursor"] })).await;
    let forward = page(json!({ "first": 1 })).await;
    let back = page(json!({ "last": 2, "before": forward["pageInfo"]["endCursor"] })).await;
    let between = page(json!({ "first": 5, "after": all["edges"][0]["cursor"], "before": all["edges"][2]["cursor"] })).await;
    let refused = errors(
        &schema,
        r#"{ ranking(code: "ort_mean", year: 2021, scope: COUNTRY, last: 1, before: "3") { totalCount } }"#,
    )
    .await;
    let both = errors(
        &schema,
        r#"{ ranking(code: "ort_mean", year: 2021, scope: COUNTRY, first: 1, last: 1) { totalCount } }"#,
    )
    .await;
    let big = errors(
        &schema,
        r#"{ ranking(code: "ort_mean", year: 2021, scope: COUNTRY, last: 201) { totalCount } }"#,
    )
    .await;

    // Assert: the pages from the end, put back in order, are the ranking.
    assert_eq!(all["totalCount"], 3);
    let all_ids = ids(&all);
    assert_eq!(all_ids.len(), 3);
    assert_eq!([ids(&before), ids(&last)].concat(), all_ids);
    assert_eq!(
        (
            &last["pageInfo"]["hasNextPage"],
            &last["pageInfo"]["hasPreviousPage"]
        ),
        (&json!(false), &json!(true))
    );
    assert_eq!(
        (
            &before["pageInfo"]["hasNextPage"],
            &before["pageInfo"]["hasPreviousPage"]
        ),
        (&json!(true), &json!(false))
    );
    assert_eq!(last["pageInfo"]["endCursor"], all["edges"][2]["cursor"]);
    assert_eq!(forward["pageInfo"]["hasPreviousPage"], false);
    assert!(ids(&back).is_empty(), "nothing ranks above the best");
    assert_eq!(ids(&between), [all_ids[1].clone()]);
    for (name, errs, arg) in [
        ("cursor", &refused, "before"),
        ("both", &both, "last"),
        ("size", &big, "200"),
    ] {
        assert_eq!(errs.len(), 1, "{name}: {errs:?}");
        assert_eq!(errs[0].0, "BAD_USER_INPUT", "{name}: {errs:?}");
        assert!(errs[0].1.contains(arg), "{name}: {errs:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_dry_run_does_not_change_what_dashboards_show_as_the_last_run() {
    // Arrange: a published generation, then data that the validation gate rejects.
    let t = fixture().await;
    let good = full(&t).await;
    t.exec(
        "INSERT INTO textbook_provision (school_id, academic_year, grade_band, required, available) \
         SELECT id, 2020, 'all', 500, 600 FROM school WHERE code = 'KG-O-UZG-101'",
    )
    .await;
    let (schema, snapshots) = schema(&t);

    // Act: an operator tries the refresh out.
    let dry = jobs::trends::run(
        &t.db,
        &t.config,
        RunOptions {
            dry_run: true,
            ..RunOptions::full(Trigger::Manual)
        },
    )
    .await;
    snapshots.refresh().await.unwrap();
    let status = run(
        &schema,
        "{ trendStatus { lastRun { id status dryRun } served { lastRunId lastRunStatus } }
           jobRuns(first: 5) { id status dryRun } }",
        json!({}),
    )
    .await;

    // Assert
    assert!(dry.is_err(), "the gate rejects the dry run too");
    let s = &status["trendStatus"];
    assert_eq!(s["lastRun"]["id"], good.run_id, "{status}");
    assert_eq!(s["lastRun"]["status"], "SUCCEEDED");
    assert_eq!(s["lastRun"]["dryRun"], false);
    assert_eq!(s["served"]["lastRunId"], good.run_id);
    assert_eq!(s["served"]["lastRunStatus"], "SUCCEEDED");
    // Operators still see it, marked.
    let newest = &status["jobRuns"][0];
    assert_eq!(
        (newest["status"].clone(), newest["dryRun"].clone()),
        (json!("FAILED"), json!(true)),
        "{status}"
    );
}
