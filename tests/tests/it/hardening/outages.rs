//! Failed runs, a database that is down, odd headers, and callers that would take the
//! whole server.

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_run_tells_operators_what_failed_not_the_driver_text() {
    let t = integration_tests::fixture::fixture().await;
    // A write that the database refuses mid-run.
    t.exec("ALTER TABLE indicator_trend RENAME TO indicator_trend_moved")
        .await;
    let failed = jobs::trends::run(
        &t.db,
        &t.config,
        jobs::trends::RunOptions::full(domain::trend::runs::Trigger::Manual),
    )
    .await;
    assert!(failed.is_err());
    t.exec("ALTER TABLE indicator_trend_moved RENAME TO indicator_trend")
        .await;
    let status = |caller| {
        let schema = schema(&t);
        async move {
            let res = schema
                .execute(Request::new("{ trendStatus { lastRun { status error } } }").data(caller))
                .await;
            assert!(res.errors.is_empty(), "{:?}", res.errors);
            res.data.into_json().unwrap()
        }
    };
    // The public is served what the last publishing run made: there is none.
    let public = status(domain::auth::Caller(None)).await;
    assert_eq!(public["trendStatus"]["lastRun"], serde_json::Value::Null);
    // An operator reads the failure, in words.
    let data = status(domain::auth::Caller::operator()).await;
    let error = data["trendStatus"]["lastRun"]["error"].as_str().unwrap();
    assert_eq!(data["trendStatus"]["lastRun"]["status"], "FAILED");
    assert!(
        error.starts_with("a database error stopped the run"),
        "{error}"
    );
    for leak in [
        "indicator_trend",
        "relation",
        "no such table",
        "INSERT",
        "SQL",
    ] {
        assert!(!error.contains(leak), "{error}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_port_is_refused_at_once_with_the_reason() {
    // Nothing listens on port 1.
    let mut config = integration_tests::config_for("postgres://postgres@127.0.0.1:1/sapat");
    config.database.acquire_timeout_ms = 30_000;
    let started = std::time::Instant::now();
    let err = domain::db::connect(&config.database)
        .await
        .expect_err("nothing listens there");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert!(matches!(err, domain::Error::Unavailable(_)), "{err:?}");
    assert!(err.to_string().contains("refused"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_the_database_down_requests_fail_in_about_two_seconds_with_a_code() {
    let t = TestDb::new().await;
    let cli = app_with_database_down(&t, t.config.database.acquire_timeout_ms).await;
    let started = std::time::Instant::now();
    let res = cli.get("/readyz").send().await;
    res.assert_status(StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );

    let started = std::time::Instant::now();
    let res = cli
        .post("/graphql")
        .content_type("application/json")
        .body(json!({ "query": "{ schools(first: 1) { totalCount } }" }).to_string())
        .send()
        .await;
    let body: Value =
        serde_json::from_str(&res.0.into_body().into_string().await.unwrap()).unwrap();
    assert!(
        started.elapsed() < std::time::Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "UNAVAILABLE",
        "{body}"
    );
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(!message.contains("127.0.0.1"), "{message}");
    // A signed-in caller, whose token cannot be checked, hears the same.
    let token = t.admin_token().await;
    let res = cli
        .post("/graphql")
        .header("authorization", format!("Bearer {token}"))
        .content_type("application/json")
        .body(json!({ "query": "{ regions { code } }" }).to_string())
        .send()
        .await;
    res.assert_status(StatusCode::SERVICE_UNAVAILABLE);
    let body: Value =
        serde_json::from_str(&res.0.into_body().into_string().await.unwrap()).unwrap();
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "UNAVAILABLE",
        "{body}"
    );
}

// Multi-threaded (a current-thread runtime deadlocks the PostgreSQL harness's drop); the
// subscriber follows the request future through `with_subscriber`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bearer_is_case_insensitive_odd_headers_are_refused_and_query_tokens_not_logged() {
    use tracing::instrument::WithSubscriber;
    let t = TestDb::new().await;
    let secret = t.admin_token().await;
    let app = TestApp::new(&t);
    let query = json!({ "query": "{ jobRuns(first: 1) { runs { id } } }" }).to_string();
    for scheme in ["bearer", "BEARER", "Bearer"] {
        let res = app
            .http
            .post("/graphql")
            .content_type("application/json")
            .header("authorization", format!("{scheme} {secret}"))
            .body(query.clone())
            .send()
            .await;
        res.assert_status_is_ok();
        let body: Value =
            serde_json::from_str(&res.0.into_body().into_string().await.unwrap()).unwrap();
        assert!(body["errors"].is_null(), "{scheme}: {body}");
    }
    let res = app
        .http
        .post("/graphql")
        .content_type("application/json")
        .header(
            "authorization",
            poem::http::HeaderValue::from_bytes(b"Bearer \xc3\xa9\xff").unwrap(),
        )
        .body(query.clone())
        .send()
        .await;
    res.assert_status(StatusCode::UNAUTHORIZED);

    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let name = secret.replace('-', "_");
    let named = json!({ "query": format!("query {name} {{ regions {{ code }} }}") }).to_string();
    async {
        app.http
            .get(format!("/graphql?access_token={secret}"))
            .send()
            .await;
        // Pasted into the path or as the operation's name, it is cut to `sapat_<id>_…` too.
        app.http.get(format!("/{secret}")).send().await;
        app.http
            .post("/graphql")
            .content_type("application/json")
            .body(named)
            .send()
            .await;
    }
    .with_subscriber(subscriber)
    .await;
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("/graphql"), "the request is logged: {logs}");
    assert!(
        !logs.contains(&name),
        "the token leaked into the log: {logs}"
    );
    assert!(
        logs.contains("sapat_"),
        "the redacted path is logged: {logs}"
    );
    assert!(
        !logs.contains(&secret),
        "the token leaked into the log: {logs}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_audit_log_never_holds_a_teachers_name() {
    let t = TestDb::new().await;
    demo::load(&t.db, 245).await.unwrap();
    let record = |name: &str| {
        Request::new(integration_tests::entry::mutation_text("recordTeachers")).variables(
            Variables::from_json(json!({ "items": [{ "schoolCode": "KG-O-UZG-045",
                "teacherRef": "T-77", "fullName": name, "category": "first" }] })),
        )
    };
    run(&t, admin(&t).await, record("Асанова Гүлнара Төлөновна"))
        .await
        .unwrap();
    // A change of the name alone is still a change, logged without the names.
    run(&t, admin(&t).await, record("Асанова Гүлнара"))
        .await
        .unwrap();
    let data = run(
        &t,
        admin(&t).await,
        Request::new(r#"{ auditLog(entity: "teacher") { entries { operation before after } } }"#),
    )
    .await
    .unwrap();
    let entries = &data["auditLog"]["entries"];
    assert_eq!(entries.as_array().unwrap().len(), 2, "{entries}");
    assert_eq!(entries[0]["after"]["teacher_ref"], "T-77");
    let text = entries.to_string();
    assert!(!text.contains("Асанова"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_raised_before_any_resolver_carry_a_code() {
    let t = TestDb::new().await;
    let app = TestApp::new(&t);
    let deep = format!(
        "{{ regions {{ {} name {} }} }}",
        "districts { region { ".repeat(6),
        "} } ".repeat(6)
    );
    let cases = [
        ("{ regions { code ", "GRAPHQL_PARSE_FAILED"),
        ("{ regions { nosuchfield } }", "GRAPHQL_VALIDATION_FAILED"),
        (
            "{ districts(regionId: 5.5) { code } }",
            "GRAPHQL_VALIDATION_FAILED",
        ),
        (
            "query($x: Int!) { subjects { code } }",
            "GRAPHQL_VALIDATION_FAILED",
        ),
        (deep.as_str(), "QUERY_TOO_DEEP"),
    ];
    for (query, code) in cases {
        let (_, body) = app.post(query, json!({}), None).await;
        let errors = body["errors"]
            .as_array()
            .unwrap_or_else(|| panic!("{query}: {body}"));
        assert!(!errors.is_empty(), "{query}: {body}");
        for e in errors {
            assert_eq!(e["extensions"]["code"], code, "{query}: {body}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_caller_cannot_take_the_whole_server() {
    use sea_orm::TransactionTrait;
    let t = TestDb::new().await;
    let admin = t.admin_token().await;
    // The rate: 60 a minute, in bursts of 6.
    let app = TestApp::with_config(&t, |c| {
        c.server.requests_per_minute_per_caller = 60;
        c.server.max_concurrent_per_caller = 0;
    });
    let mut statuses = Vec::new();
    for _ in 0..8 {
        let res = app
            .http
            .post("/graphql")
            .content_type("application/json")
            .body(json!({ "query": "{ regions { code } }" }).to_string())
            .send()
            .await;
        let retry_after = res.0.headers().get("retry-after").cloned();
        let status = res.0.status();
        let body: Value =
            serde_json::from_str(&res.0.into_body().into_string().await.unwrap()).unwrap();
        statuses.push((
            status.as_u16(),
            retry_after.is_some(),
            body["errors"][0]["extensions"]["code"].clone(),
        ));
    }
    assert_eq!(
        statuses[..6].iter().filter(|s| s.0 == 200).count(),
        6,
        "{statuses:?}"
    );
    assert_eq!(
        statuses[6],
        (429, true, json!("TOO_MANY_REQUESTS")),
        "{statuses:?}"
    );
    // Another caller keeps its own quota.
    let (status, _) = app
        .post_with("{ regions { code } }", json!({}), None, Some(&admin))
        .await;
    assert_eq!(status, StatusCode::OK);

    // In progress: one at a time (anonymous, so that signing in needs no connection). Every
    // pooled connection is held, so the first request waits for one while the second arrives.
    let app = TestApp::with_config(&t, |c| {
        c.server.max_concurrent_per_caller = 1;
        c.server.requests_per_minute_per_caller = 0;
    });
    let mut held = Vec::new();
    for _ in 0..domain::db::pool_use(&t.db).max {
        held.push(t.db.begin().await.unwrap());
    }
    let first = app.post("{ schools { totalCount } }", json!({}), None);
    let second = async {
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        let answer = app
            .post("{ schools { totalCount } }", json!({}), None)
            .await;
        drop(held);
        answer
    };
    let ((first_status, first_body), (second_status, second_body)) = tokio::join!(first, second);
    assert_eq!(
        second_status,
        StatusCode::TOO_MANY_REQUESTS,
        "{second_body}"
    );
    assert_eq!(
        second_body["errors"][0]["extensions"]["code"],
        "TOO_MANY_REQUESTS"
    );
    assert_eq!(first_status, StatusCode::OK, "{first_body}");
    // Its slot came back.
    let (status, _) = app
        .post("{ schools { totalCount } }", json!({}), None)
        .await;
    assert_eq!(status, StatusCode::OK);
}

/// Found by the hostile pass: 2,000 aliased `school(id:)` lookups in one anonymous 90 KB
/// request asked the pool for 2,000 connections at once; another caller's request failed with
/// UNAVAILABLE meanwhile.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_aliased_lookups_do_not_starve_other_callers_of_connections() {
    let t = TestDb::new().await;
    demo::load(&t.db, 245).await.unwrap();
    let cli = TestApp::new(&t);
    let many: String = (0..2000)
        .map(|k| format!("a{k}: school(id: \"KG-O-UZG-045\") {{ nameKy }} "))
        .collect();
    let many = format!("{{ {many} }}");
    assert!(many.len() < 100_000, "within server.max_query_bytes");
    let other = async {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        let started = std::time::Instant::now();
        let answer = cli
            .post_with("{ subjects { code } }", json!({}), None, None)
            .await;
        (answer, started.elapsed())
    };
    let ((status, body), ((other_status, other_body), other_took)) =
        tokio::join!(cli.post_with(&many, json!({}), None, None), other);
    assert_eq!(status, StatusCode::OK);
    assert!(body["errors"].is_null(), "{}", body["errors"]);
    assert_eq!(
        body["data"]["a1999"]["nameKy"],
        body["data"]["a0"]["nameKy"]
    );
    assert_eq!(other_status, StatusCode::OK);
    assert!(other_body["errors"].is_null(), "{other_body}");
    assert!(
        other_took < std::time::Duration::from_secs(2),
        "{other_took:?}"
    );
}

/// Found by the hostile pass: a NUL in `schoolCode` of an accreditation or a self-assessment
/// reached PostgreSQL, which refused it (INTERNAL).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_nul_in_an_accreditation_school_code_is_a_field_error() {
    let t = TestDb::new().await;
    demo::load(&t.db, 245).await.unwrap();
    for (field, item) in [
        (
            "recordAccreditations",
            "{ schoolCode: \"KG-O-UZG-045\\u0000\", accreditationType: \"institutional\", decisionYear: 2022, decision: \"full_5y\" }",
        ),
        (
            "recordSelfAssessments",
            "{ schoolCode: \"KG-O-UZG-045\\u0000\", academicYear: \"2022-2023\", accreditationType: \"institutional\", members: [], criteria: [], points: [] }",
        ),
    ] {
        let query = format!("mutation {{ {field}(items: [{item}]) {{ __typename }} }}");
        let (code, message, ext) = run(&t, admin(&t).await, Request::new(query))
            .await
            .unwrap_err();
        assert_eq!(code, "BAD_USER_INPUT", "{field}: {message}");
        assert!(message.contains("U+0000"), "{field}: {message}");
        assert_eq!(
            ext["errors"][0]["path"],
            json!(["items", 0, "schoolCode"]),
            "{field}: {ext}"
        );
    }
}

/// Second hostile pass, finding 10: a database that cannot take writes (a read-only SQLite
/// file, a read-only PostgreSQL session) answered every write INTERNAL while /readyz said
/// ready. Writes now answer UNAVAILABLE, and PostgreSQL's /readyz says why it is not ready.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_that_cannot_be_written_answers_unavailable() {
    // Arrange: the same database, opened read-only.
    let t = TestDb::new().await;
    demo::load(&t.db, 245).await.unwrap();
    let admin = t.admin_token().await;
    let url = t.config.database.url.expose().to_owned();
    let read_only = if t.is_postgres() {
        let sep = if url.contains('?') { '&' } else { '?' };
        format!("{url}{sep}options=-c%20default_transaction_read_only%3Don")
    } else if url.contains("mode=rwc") {
        url.replace("mode=rwc", "mode=ro")
    } else {
        let sep = if url.contains('?') { '&' } else { '?' };
        format!("{url}{sep}mode=ro")
    };
    let cli = app_on(&t, &read_only, |_| {}).await;

    // Act
    let res = cli
        .post("/graphql")
        .content_type("application/json")
        .header("authorization", format!("Bearer {admin}"))
        .body(
            json!({ "query": r#"mutation { recordEnrolmentSnapshots(items: [{ schoolCode: "KG-O-UZG-045", academicYear: "2019-2020", enrolment: 570 }]) { inserted } }"# })
                .to_string(),
        )
        .send()
        .await;
    let body: Value =
        serde_json::from_str(&res.0.into_body().into_string().await.unwrap()).unwrap();
    let ready = cli.get("/readyz").send().await;

    // Assert
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "UNAVAILABLE",
        "{body}"
    );
    if t.is_postgres() {
        ready.assert_status(StatusCode::SERVICE_UNAVAILABLE);
        let text = ready.0.into_body().into_string().await.unwrap();
        assert!(text.contains("cannot be written"), "{text}");
    }
}
