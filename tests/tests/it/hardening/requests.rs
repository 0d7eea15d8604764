//! Queries that fan out, alias, invent names or carry oversized values.

use super::*;

/// `fragment F{k} on Query { ...F{k-1} ...F{k-1} }`, `depth` levels: 2^depth fields.
fn fan_out(depth: usize) -> String {
    let mut q = format!(
        "query Q {{ ...F{depth} }} fragment F0 on Query {{ indicatorCatalog {{ code }} }}\n"
    );
    for k in 1..=depth {
        q.push_str(&format!(
            "fragment F{k} on Query {{ ...F{p} ...F{p} }}\n",
            p = k - 1
        ));
    }
    q
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fragment_fan_out_is_refused_at_once_and_health_stays_up() {
    let t = TestDb::new().await;
    let cli = TestApp::new(&t);
    let started = std::time::Instant::now();
    let (status, body) = cli.post_with(&fan_out(40), json!({}), None, None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["errors"][0]["extensions"]["code"], "QUERY_TOO_COMPLEX");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    cli.http.get("/healthz").send().await.assert_status_is_ok();
    // A small fan-out is an ordinary query.
    let (status, body) = cli.post_with(&fan_out(2), json!({}), None, None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["errors"].is_null(), "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deeply_nested_values_are_refused_and_the_server_stays_up() {
    // 1,500 levels of `[`, `{a:` or a variable's default in 3 KB overflowed the parser's stack,
    // which aborts the whole process (no panic to catch).
    let t = TestDb::new().await;
    let cli = TestApp::new(&t);
    let n = 3000;
    for query in [
        format!(
            "{{ regions(x: {}1{}) {{ code }} }}",
            "[".repeat(n),
            "]".repeat(n)
        ),
        format!(
            "{{ regions(x: {}1{}) {{ code }} }}",
            "{a:".repeat(n),
            "}".repeat(n)
        ),
        format!(
            "query($v: Int = {}1{}) {{ regions {{ code }} }}",
            "[".repeat(n),
            "]".repeat(n)
        ),
        format!(
            "{{ regions @skip(if: {}true{}) {{ code }} }}",
            "[".repeat(n),
            "]".repeat(n)
        ),
    ] {
        let (status, body) = cli.post_with(&query, json!({}), None, None).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(
            body["errors"][0]["extensions"]["code"], "QUERY_TOO_DEEP",
            "{body}"
        );
    }
    cli.http.get("/healthz").send().await.assert_status_is_ok();
    // Bodies of the wrong shape are named in words, not in serde's Rust types.
    for raw in [
        r#"[[{"query":"{regions{code}}"}]]"#,
        r#"{"query":{"a":1}}"#,
        "[]",
    ] {
        let res = cli
            .http
            .post("/graphql")
            .header("content-type", "application/json")
            .body(raw)
            .send()
            .await;
        let status = res.0.status();
        let body: Value =
            serde_json::from_slice(&res.0.into_body().into_vec().await.unwrap()).unwrap();
        assert_eq!(status, StatusCode::BAD_REQUEST, "{raw}: {body}");
        let message = body["errors"][0]["message"].as_str().unwrap();
        assert!(
            message.contains("the body must be a JSON object with a `query` string"),
            "{raw}: {message}"
        );
        assert!(!message.contains("enum"), "{raw}: {message}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn aliased_league_tables_cost_as_lists() {
    let t = TestDb::new().await;
    let cli = TestApp::new(&t);
    let fields: String = (0..150)
        .map(|k| {
            format!(
                "a{k}: districtComparison(districtId: \"1\", year: 2021) {{ schools {{ school {{ code }} cells {{ value }} }} }} "
            )
        })
        .collect();
    let (_, body) = cli
        .post_with(&format!("{{ {fields} }}"), json!({}), None, None)
        .await;
    let message = body["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("too complex"), "{body}");
    assert!(body["data"].is_null(), "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invented_operation_names_do_not_grow_the_metrics() {
    let t = TestDb::new().await;
    // One caller sends them all: no per-caller rate here (it has its own test).
    let cli = TestApp::with_config(&t, |c| c.server.requests_per_minute_per_caller = 0);
    for k in 0..api::metrics::MAX_OPERATION_LABELS + 50 {
        cli.post_with(
            &format!("query Op{k} {{ indicatorCatalog {{ code }} }}"),
            json!({}),
            None,
            None,
        )
        .await;
    }
    let text = cli
        .http
        .get("/metrics")
        .send()
        .await
        .0
        .into_body()
        .into_string()
        .await
        .unwrap();
    let labels: std::collections::HashSet<&str> = text
        .lines()
        .filter(|l| l.starts_with("sapat_graphql_requests_total{"))
        .filter_map(|l| l.split("operation=\"").nth(1)?.split('"').next())
        .collect();
    assert_eq!(
        labels.len(),
        api::metrics::MAX_OPERATION_LABELS + 1,
        "{labels:?}"
    );
    assert!(labels.contains("other"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn long_queries_and_large_batches_are_refused() {
    let t = TestDb::new().await;
    let cli = TestApp::with_config(&t, |c| c.server.max_query_bytes = 1000);
    let long = format!("{{ indicatorCatalog {{ code }} }} #{}", "x".repeat(2000));
    let (status, body) = cli.post_with(&long, json!({}), None, None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["errors"][0]["extensions"]["code"], "QUERY_TOO_LONG");
    let batch: Vec<Value> = (0..11)
        .map(|_| json!({ "query": "{ indicatorCatalog { code } }" }))
        .collect();
    let res = cli
        .http
        .post("/graphql")
        .content_type("application/json")
        .body(Value::from(batch).to_string())
        .send()
        .await;
    res.assert_status(StatusCode::BAD_REQUEST);
    let body: Value =
        serde_json::from_str(&res.0.into_body().into_string().await.unwrap()).unwrap();
    assert_eq!(body["errors"][0]["extensions"]["code"], "BATCH_TOO_LARGE");
}

/// Refused batch: its first problem's path and message, after checking nothing was written.
async fn refused_item(t: &TestDb, mutation: &str, item: Value, table: &str) -> (Value, String) {
    let before = t.count(table).await;
    let req = Request::new(integration_tests::entry::mutation_text(mutation))
        .variables(Variables::from_json(json!({ "items": [item] })));
    let (code, message, ext) = run(t, admin(t).await, req).await.unwrap_err();
    assert_eq!(code, "BAD_USER_INPUT", "{mutation}: {message}");
    assert_eq!(t.count(table).await, before, "{mutation} wrote something");
    (ext["path"].clone(), message)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_text_huge_counts_and_nul_bytes_are_validation_errors() {
    let t = TestDb::new().await;
    demo::load(&t.db, 245).await.unwrap();
    let school = json!({ "schoolCode": "KG-O-UZG-045", "academicYear": "2022-2023" });
    let with = |extra: Value| {
        let mut item = school.clone();
        item.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        item
    };
    let (path, message) = refused_item(
        &t,
        "recordEnrolmentSnapshots",
        with(json!({ "enrolment": 2_147_483_647 })),
        "enrolment_snapshot",
    )
    .await;
    assert_eq!(path, json!(["items", 0, "enrolment"]), "{message}");
    let (path, message) = refused_item(
        &t,
        "recordContestResults",
        with(
            json!({ "contestNameKy": "ө".repeat(1_000_000), "level": "district",
                     "entryRef": "E1" }),
        ),
        "contest_result",
    )
    .await;
    assert_eq!(path, json!(["items", 0, "contestNameKy"]), "{message}");
    assert!(message.contains("longer than 300"), "{message}");
    let (path, message) = refused_item(
        &t,
        "recordTeachers",
        json!({ "schoolCode": "KG-O-UZG-045", "teacherRef": "T-1",
                "fullName": "x".repeat(2 << 20) }),
        "teacher",
    )
    .await;
    assert_eq!(path, json!(["items", 0, "fullName"]), "{message}");
    let (path, message) = refused_item(
        &t,
        "recordOlympiadCounts",
        with(json!({ "level": "zonal", "note": "a\u{0}b" })),
        "olympiad_count_report",
    )
    .await;
    assert_eq!(path, json!(["items", 0, "note"]), "{message}");
    assert!(message.contains("U+0000"), "{message}");
    // The same in a file: the row and column are named and nothing is written.
    let (code, message, ext) = run(
        &t,
        admin(&t).await,
        import_request(
            "counts.csv",
            "school_code,academic_year,level,prize_count,note\nKG-O-UZG-045,2022-2023,zonal,1,a\u{0}b\n"
                .as_bytes(),
        ),
    )
    .await
    .unwrap_err();
    assert_eq!(code, "BAD_USER_INPUT", "{message}");
    assert_eq!(ext["errors"][0]["row"], 2);
    assert_eq!(ext["errors"][0]["column"], "note");
}

/// Second hostile pass, finding 6: a NUL in a query's text value (argument, variable) reached
/// PostgreSQL, which refused it: INTERNAL. It is refused in words before any resolver runs.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_nul_in_a_query_is_refused_in_words_on_every_path() {
    // Arrange
    let t = TestDb::new().await;
    demo::load(&t.db, 245).await.unwrap();
    let cli = TestApp::new(&t);
    let admin = t.admin_token().await;

    // Act + Assert: literals and variables, nested too.
    for (query, vars, at) in [
        (
            r#"{ schoolByCode(code: "X\u0000") { code } }"#,
            json!({}),
            "argument `code`",
        ),
        (
            "query($n: String) { schools(filter: { name: $n }) { totalCount } }",
            json!({ "n": "Өз\u{0}гөн" }),
            "variable `$n`",
        ),
        (
            r#"{ auditLog(subject: "a\u0000") { totalCount } }"#,
            json!({}),
            "argument `subject`",
        ),
        (
            r#"{ school(id: "1") { markSummaries(filter: { subject: "X\u0000" }) { n5 } } }"#,
            json!({}),
            "argument `filter`",
        ),
    ] {
        let (status, body) = cli.post_with(query, vars, None, Some(&admin)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}: {body}");
        assert_eq!(
            body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
            "{body}"
        );
        let message = body["errors"][0]["message"].as_str().unwrap();
        assert!(
            message.contains(at) && message.contains("U+0000"),
            "{message}"
        );
    }
    // In a path or a query string: no such school, never a 500.
    let school = crate::reports::token(&t, domain::auth::Role::School, "KG-O-UZG-045").await;
    for path in [
        "/schools/KG-O-UZG-045%00",
        "/reports/school/KG-O-UZG-045%00/2021.pdf",
        "/exports/enrolment.csv?school=KG-O-UZG-045%00",
    ] {
        let res = cli
            .http
            .get(path)
            .header("authorization", format!("Bearer {school}"))
            .send()
            .await;
        let status = res.0.status().as_u16();
        assert!((400..500).contains(&status), "{path}: {status}");
    }
}

/// Second hostile pass, findings 3, 7 and 8: what a filter or an area's series may cost.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filters_and_area_series_cost_what_they_ask_for() {
    let t = TestDb::new().await;
    demo::load(&t.db, 245).await.unwrap();
    let cli = TestApp::new(&t);
    // 40,000 repeats of one type are one condition, not 40,000 SQL parameters.
    let (_, body) = cli
        .post_with(
            "query($t: [SchoolType!]) { schools(filter: { schoolType: $t }) { totalCount } }",
            json!({ "t": vec!["GENERAL"; 40_000] }),
            None,
            None,
        )
        .await;
    assert!(
        body["data"]["schools"]["totalCount"].as_u64().unwrap() > 0,
        "{body}"
    );
    // A name longer than any school's is refused, naming the field.
    let (_, body) = cli
        .post_with(
            "query($n: String) { schools(filter: { name: $n }) { totalCount } }",
            json!({ "n": "ө".repeat(50_001) }),
            None,
            None,
        )
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
        "{body}"
    );
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("filter.name"),
        "{body}"
    );
    // An area's indicators are a list per indicator: 60 aliases are too costly …
    let fields: String = (0..60)
        .map(|k| format!("a{k}: country {{ indicators {{ series {{ points {{ value }} }} }} }} "))
        .collect();
    let (_, body) = cli
        .post_with(&format!("{{ {fields} }}"), json!({}), None, None)
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "QUERY_TOO_COMPLEX",
        "{body}"
    );
    // … while a dashboard's country view is not.
    let (_, body) = cli
        .post_with(
            "{ country { indicators { series { code points { year value numerator denominator source flags } } } trends { trends { code mean delta slope direction } } } }",
            json!({}),
            None,
            None,
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
}

/// Second hostile pass, findings 12 and 14: one quota per caller for every route, refused
/// tokens slowed down, and a token sent as a request id never echoed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_quota_per_caller_across_routes_and_refused_tokens_are_slowed_down() {
    // Arrange: a request per minute.
    let t = TestDb::new().await;
    demo::load(&t.db, 245).await.unwrap();
    let cli = TestApp::with_config(&t, |c| c.server.requests_per_minute_per_caller = 1);
    let district = crate::reports::token(&t, domain::auth::Role::District, "KG-O-UZG").await;

    // Act
    let (first, _) = cli
        .post_with("{ regions { code } }", json!({}), None, Some(&district))
        .await;
    let export = cli
        .http
        .get("/exports/schools.csv?district=KG-O-UZG")
        .header("authorization", format!("Bearer {district}"))
        .send()
        .await;
    let bad = |n: usize| {
        cli.http
            .post("/graphql")
            .content_type("application/json")
            .header("authorization", format!("Bearer sapat_999_guess{n}"))
            .header("x-request-id", district.clone())
            .body(r#"{"query":"{ regions { code } }"}"#)
            .send()
    };
    let (b1, b2) = (bad(1).await, bad(2).await);

    // Assert
    assert_eq!(first, StatusCode::OK);
    assert_eq!(
        export.0.status().as_u16(),
        429,
        "the export shares the caller's quota"
    );
    assert_eq!(b1.0.status().as_u16(), 401);
    let echoed =
        b1.0.headers()
            .get("x-request-id")
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned();
    assert!(
        !echoed.contains("sapat_"),
        "a token as request id: {echoed}"
    );
    assert_eq!(
        b2.0.status().as_u16(),
        429,
        "a second refused token within the minute"
    );
    assert!(b2.0.headers().get("retry-after").is_some());
}
