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
           jobRuns(first: 5) { runs { id status dryRun } } }",
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
    let newest = &status["jobRuns"]["runs"][0];
    assert_eq!(
        (newest["status"].clone(), newest["dryRun"].clone()),
        (json!("FAILED"), json!(true)),
        "{status}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_audit_log_and_the_run_history_page_backward_exactly_as_forward() {
    // Arrange: seven audit entries and seven runs (ids 1..=7, newest = 7).
    let t = integration_tests::TestDb::new().await;
    for i in 1..=7 {
        t.exec(&format!(
            "INSERT INTO audit_log (at, role, operation, entity, natural_key) \
             VALUES ('2026-01-0{i}T00:00:00+00:00', 'cli', 'record', 'school', '{i}')"
        ))
        .await;
        t.exec(&format!(
            "INSERT INTO job_run (job, run_trigger, mode, started_at, status) \
             VALUES ('{}', 'manual', 'full', '2026-01-0{i}T00:00:00+00:00', 'succeeded')",
            jobs::trends::JOB
        ))
        .await;
    }
    let schema = integration_tests::schema(&t);
    for (field, items) in [("auditLog", "entries"), ("jobRuns", "runs")] {
        let page = |args: &str| {
            let schema = schema.clone();
            let query = format!(
                "{{ {field}{args} {{ {items} {{ id }} pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }} }} }}"
            );
            async move { run(&schema, &query, json!({})).await[field].clone() }
        };
        let ids = |p: &Value| -> Vec<i64> {
            p[items]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| {
                    e["id"]
                        .as_str()
                        .map_or_else(|| e["id"].as_i64().unwrap(), |s| s.parse().unwrap())
                })
                .collect()
        };
        let flags = |p: &Value| {
            (
                p["pageInfo"]["hasPreviousPage"].as_bool().unwrap(),
                p["pageInfo"]["hasNextPage"].as_bool().unwrap(),
            )
        };

        // Act
        let all = page("").await;
        let first = page("(first: 3)").await;
        let second = page(&format!(
            "(first: 3, after: {})",
            first["pageInfo"]["endCursor"]
        ))
        .await;
        let oldest = page("(last: 2)").await;
        let newer = page(&format!(
            "(last: 2, before: {})",
            oldest["pageInfo"]["startCursor"]
        ))
        .await;
        let between = page(r#"(first: 5, after: "7", before: "3")"#).await;
        let both = errors(
            &schema,
            &format!("{{ {field}(first: 1, last: 1) {{ {items} {{ id }} }} }}"),
        )
        .await;
        let big = errors(
            &schema,
            &format!("{{ {field}(last: 501) {{ {items} {{ id }} }} }}"),
        )
        .await;
        let bad = errors(
            &schema,
            &format!("{{ {field}(before: \"x\") {{ {items} {{ id }} }} }}"),
        )
        .await;

        // Assert: the defaults answer what they did before (everything, newest first).
        assert_eq!(ids(&all), vec![7, 6, 5, 4, 3, 2, 1], "{field}: {all}");
        assert_eq!(flags(&all), (false, false), "{field}");
        assert_eq!(ids(&first), vec![7, 6, 5], "{field}");
        assert_eq!(flags(&first), (false, true), "{field}");
        assert_eq!(ids(&second), vec![4, 3, 2], "{field}");
        assert_eq!(flags(&second), (true, true), "{field}");
        assert_eq!(ids(&oldest), vec![2, 1], "{field}: {oldest}");
        assert_eq!(flags(&oldest), (true, false), "{field}");
        assert_eq!(ids(&newer), vec![4, 3], "{field}: {newer}");
        assert_eq!(flags(&newer), (true, true), "{field}");
        assert_eq!(ids(&between), vec![6, 5, 4], "{field}: {between}");
        for (name, errs, arg) in [
            ("both", &both, "first"),
            ("size", &big, "last"),
            ("cursor", &bad, "before"),
        ] {
            assert_eq!(errs.len(), 1, "{field} {name}: {errs:?}");
            assert_eq!(errs[0].0, "BAD_USER_INPUT", "{field} {name}: {errs:?}");
            assert!(errs[0].1.contains(arg), "{field} {name}: {errs:?}");
        }
    }
}
