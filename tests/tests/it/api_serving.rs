//! The HTTP side, through poem's test client: each query over POST /graphql, Accept-Language,
//! request ids, the body size limit, internal errors without SQL, /metrics, /readyz and CORS.

use integration_tests::Captured;
use integration_tests::fixture::{NewSchool, add_school};
use integration_tests::{TestApp, TestDb};
use poem::http::StatusCode;
use poem::test::TestResponse;
use serde_json::{Value, json};
use tracing::instrument::WithSubscriber;

async fn body(res: TestResponse) -> (StatusCode, String) {
    let status = res.0.status();
    (status, res.0.into_body().into_string().await.unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_query_answers_over_http_in_the_requested_language() {
    let t = TestDb::new().await;
    let demo = demo::load(&t.db, 245).await.unwrap();
    let cli = TestApp::new(&t);

    let (status, data) = cli
        .post(
            "{ regions { code name } }",
            json!({}),
            Some("ru-RU,ru;q=0.9,en;q=0.8"),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let regions = data["data"]["regions"].as_array().unwrap();
    assert!(
        regions.iter().any(|r| r["name"] == "Ошская область"),
        "{data}"
    );

    let (_, data) = cli
        .post("{ districts { code name } }", json!({}), Some("en"))
        .await;
    assert!(
        data["data"]["districts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["name"] == "Özgön District"),
        "{data}"
    );

    // No header: Kyrgyz; an explicit `lang` beats the header.
    let q = "{ schools { totalCount edges { node { name nameRu ownershipLabel { name } district { name(lang: RU) } } } } }";
    let (_, data) = cli.post(q, json!({}), None).await;
    let node = &data["data"]["schools"]["edges"][0]["node"];
    assert_eq!(node["ownershipLabel"]["name"], "муниципалдык");
    assert_eq!(node["district"]["name"], "Узгенский район");
    let (_, data) = cli.post(q, json!({}), Some("ru")).await;
    let node = &data["data"]["schools"]["edges"][0]["node"];
    assert_eq!(node["name"], node["nameRu"]);
    assert_eq!(node["ownershipLabel"]["name"], "муниципальная");

    let (_, data) = cli
        .post(
            "query($id: ID!) { school(id: $id) { code staff { teachersTotal } selfAssessments { criteria { code } } } }",
            json!({ "id": demo.school_id.to_string() }),
            None,
        )
        .await;
    assert_eq!(
        data["data"]["school"]["code"],
        demo::FIXTURE_SCHOOL_CODE,
        "{data}"
    );
    let (_, data) = cli
        .post(
            "query($c: String!) { schoolByCode(code: $c) { id } }",
            json!({ "c": demo::FIXTURE_SCHOOL_CODE }),
            None,
        )
        .await;
    assert_eq!(
        data["data"]["schoolByCode"]["id"],
        demo.school_id.to_string()
    );

    // Page size above the cap, over HTTP too.
    let (_, data) = cli
        .post("{ schools(first: 500) { totalCount } }", json!({}), None)
        .await;
    assert_eq!(data["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    assert!(
        data["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("200")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_above_the_limit_is_refused_before_it_is_read() {
    let t = TestDb::new().await;
    let cli = TestApp::with_config(&t, |c| c.server.body_limit_bytes = 1024);
    let padding = " ".repeat(2000);
    let (status, data) = cli
        .post(
            &format!("{{ regions {{ code }} {padding} }}"),
            json!({}),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(data["errors"][0]["extensions"]["code"], "PAYLOAD_TOO_LARGE");
    assert!(
        data["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("1024")
    );
    // Under the limit it works.
    let (status, data) = cli.post("{ regions { code } }", json!({}), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(data["data"]["regions"].as_array().unwrap().len(), 9);
    // Not GraphQL at all: a clear 400.
    let res = cli
        .http
        .post("/graphql")
        .content_type("application/json")
        .body("{not json")
        .send()
        .await;
    let (status, text) = body(res).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(text.contains("BAD_REQUEST"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn internal_errors_carry_a_request_id_and_never_sql() {
    let t = TestDb::new().await;
    let demo = demo::load(&t.db, 245).await.unwrap();
    let admin = t.admin_token().await;
    // Break the database under the API.
    t.exec("DROP TABLE staff_snapshot").await;
    let cli = TestApp::new(&t);
    let res = cli
        .http
        .post("/graphql")
        .content_type("application/json")
        .header("authorization", format!("Bearer {admin}"))
        .header("x-request-id", "req-42")
        .body(json!({ "query": "query($id: ID!) { school(id: $id) { code staff { teachersTotal } } }", "variables": { "id": demo.school_id.to_string() } }).to_string())
        .send()
        .await;
    res.assert_header("x-request-id", "req-42");
    let (status, text) = body(res).await;
    assert_eq!(status, StatusCode::OK);
    let data: Value = serde_json::from_str(&text).unwrap();
    let err = &data["errors"][0];
    assert_eq!(err["message"], "internal error");
    assert_eq!(err["extensions"]["code"], "INTERNAL");
    assert_eq!(err["extensions"]["requestId"], "req-42");
    let lower = text.to_lowercase();
    for leak in [
        "select",
        "staff_snapshot",
        "no such table",
        "relation",
        "sqlx",
    ] {
        assert!(!lower.contains(leak), "the response leaks `{leak}`: {text}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_show_the_operations_just_run() {
    let t = TestDb::new().await;
    add_school(
        &t,
        NewSchool {
            district: "KG-O-UZG",
            code: "M-1",
            name_ky: "Мектеп",
            name_ru: "Школа",
            ownership: "state",
            school_type: "general",
            languages: &[],
        },
    )
    .await;
    let cli = TestApp::new(&t);
    for _ in 0..2 {
        let (status, _) = cli
            .post(
                "query SchoolList { schools { totalCount } }",
                json!({}),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK);
    }
    cli.post("query RegionPicker { regions { code } }", json!({}), None)
        .await;
    cli.post(
        "query Broken { schools(first: 999) { totalCount } }",
        json!({}),
        None,
    )
    .await;
    let res = cli.http.get("/metrics").send().await;
    res.assert_status_is_ok();
    let (_, text) = body(res).await;
    for line in [
        r#"sapat_graphql_requests_total{operation="SchoolList",outcome="ok"} 2"#,
        r#"sapat_graphql_requests_total{operation="RegionPicker",outcome="ok"} 1"#,
        r#"sapat_graphql_requests_total{operation="Broken",outcome="error"} 1"#,
        r#"sapat_graphql_request_duration_seconds_count{operation="SchoolList"} 2"#,
    ] {
        assert!(text.contains(line), "missing `{line}` in\n{text}");
    }
    assert!(
        text.contains(
            r#"sapat_graphql_request_duration_seconds_bucket{operation="SchoolList",le="+Inf"} 2"#
        ),
        "{text}"
    );
    assert!(
        text.contains(r#"sapat_db_pool_connections{state="max"}"#),
        "{text}"
    );
    let statements = text
        .lines()
        .find_map(|l| l.strip_prefix("sapat_db_statements_total "))
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap();
    assert!(statements > 0, "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readyz_needs_the_database_and_every_migration() {
    let t = TestDb::new().await;
    let res = TestApp::new(&t).http.get("/readyz").send().await;
    let (status, text) = body(res).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert!(text.contains("\"ready\""), "{text}");

    let empty = TestDb::empty().await;
    let res = TestApp::new(&empty).http.get("/readyz").send().await;
    let (status, text) = body(res).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{text}");
    assert!(text.contains("migration(s) pending"), "{text}");
    // /healthz only needs the database.
    TestApp::new(&empty)
        .http
        .get("/healthz")
        .send()
        .await
        .assert_status_is_ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cors_answers_only_configured_origins() {
    let t = TestDb::new().await;
    let cli = TestApp::with_config(&t, |c| {
        c.server.cors_origins = vec!["https://dash.example.kg".into()]
    });
    let res = cli
        .http
        .post("/graphql")
        .header("origin", "https://dash.example.kg")
        .content_type("application/json")
        .body(json!({ "query": "{ regions { code } }" }).to_string())
        .send()
        .await;
    res.assert_status_is_ok();
    res.assert_header("access-control-allow-origin", "https://dash.example.kg");
    let res = cli
        .http
        .post("/graphql")
        .header("origin", "https://evil.example.com")
        .content_type("application/json")
        .body(json!({ "query": "{ regions { code } }" }).to_string())
        .send()
        .await;
    res.assert_header_is_not_exist("access-control-allow-origin");
    // Without configured origins, no CORS headers at all.
    let res = TestApp::new(&t)
        .http
        .post("/graphql")
        .header("origin", "https://dash.example.kg")
        .content_type("application/json")
        .body(json!({ "query": "{ regions { code } }" }).to_string())
        .send()
        .await;
    res.assert_header_is_not_exist("access-control-allow-origin");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_over_the_time_limit_is_cancelled_with_a_clear_error() {
    use sea_orm::TransactionTrait;
    let t = TestDb::new().await;
    // Every pooled connection is taken, so the request waits for one (up to the pool's
    // acquire timeout, seconds) and its 10 ms limit is what ends it, however fast the machine.
    let max = domain::db::pool_use(&t.db).max;
    let mut held = Vec::new();
    for _ in 0..max {
        held.push(t.db.begin().await.unwrap());
    }
    let cli = TestApp::with_config(&t, |c| c.server.request_timeout_ms = 10);
    let started = std::time::Instant::now();
    let (status, data) = cli
        .post("{ schools { totalCount } }", json!({}), None)
        .await;
    let waited = started.elapsed();
    drop(held);
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{data}");
    assert_eq!(data["errors"][0]["extensions"]["code"], "TIMEOUT");
    assert!(
        waited < std::time::Duration::from_millis(1000),
        "{waited:?}"
    );
}

// Multi-threaded (a current-thread runtime would deadlock the PostgreSQL harness's drop); the
// subscriber follows the request future through `with_subscriber`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_are_logged_with_operation_duration_and_request_id() {
    let t = TestDb::new().await;
    let demo = demo::load(&t.db, 245).await.unwrap();
    let admin = t.admin_token().await;
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .json()
        .with_max_level(tracing::Level::INFO)
        .with_writer(move || writer.clone())
        .finish();
    let cli = TestApp::new(&t);
    async {
    let res = cli
        .http
        .post("/graphql")
        .content_type("application/json")
        .header("x-request-id", "log-1")
        .body(json!({ "query": "query SchoolList { schools { totalCount } }" }).to_string())
        .send()
        .await;
    res.assert_status_is_ok();
    t.exec("DROP TABLE staff_snapshot").await;
    let res = cli
        .http
        .post("/graphql")
        .content_type("application/json")
        .header("x-request-id", "log-2")
        .header("authorization", format!("Bearer {admin}"))
        .body(json!({ "query": "query($id: ID!) { school(id: $id) { staff { teachersTotal } } }", "variables": { "id": demo.school_id.to_string() } }).to_string())
        .send()
        .await;
    res.assert_status_is_ok();
    }
    .with_subscriber(subscriber)
    .await;
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let secret = admin.rsplit('_').next().unwrap();
    assert!(!logs.contains(secret), "a token reached the logs");
    let lines: Vec<Value> = logs
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let done = lines
        .iter()
        .find(|l| l["fields"]["message"] == "graphql request" && l["span"]["request_id"] == "log-1")
        .unwrap_or_else(|| panic!("no request line in {logs}"));
    assert_eq!(done["span"]["operation"], "SchoolList");
    assert!(done["fields"]["duration_ms"].as_f64().unwrap() >= 0.0);
    assert_eq!(done["fields"]["errors"], 0);
    // The internal error's detail is in the log, under the request id the client got.
    let failed = lines
        .iter()
        .find(|l| l["fields"]["message"] == "request failed" && l["span"]["request_id"] == "log-2")
        .unwrap_or_else(|| panic!("no error line in {logs}"));
    assert!(
        failed["fields"]["error"]
            .as_str()
            .unwrap()
            .contains("staff_snapshot"),
        "{failed}"
    );
}

#[test]
fn serving_settings_are_validated_with_their_names() {
    let mut config = domain::Config::default();
    config.server.cors_origins = vec!["dash.example.kg".into()];
    let err = config.validate().unwrap_err().to_string();
    assert!(err.contains("server.cors_origins"), "{err}");
    let mut config = domain::Config::default();
    config.server.body_limit_bytes = 0;
    let err = config.validate().unwrap_err().to_string();
    assert!(err.contains("server.body_limit_bytes"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn depth_and_complexity_limits_hold_over_http_and_follow_the_config() {
    let t = TestDb::new().await;
    let deep = "{ regions { districts { region { districts { code } } } } }";
    // Depth 4 passes the default limit …
    let (_, data) = TestApp::new(&t).post(deep, json!({}), None).await;
    assert!(data["errors"].is_null(), "{data}");
    // … and not a configured limit of 3.
    let cli = TestApp::with_config(&t, |c| c.server.max_depth = 3);
    let (status, data) = cli.post(deep, json!({}), None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        data["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("nested too deep"),
        "{data}"
    );
    let cli = TestApp::with_config(&t, |c| c.server.max_complexity = 100);
    let (_, data) = cli
        .post(
            "{ schools(first: 50) { edges { node { code name } } } }",
            json!({}),
            None,
        )
        .await;
    assert!(
        data["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("too complex"),
        "{data}"
    );
    let (_, data) = cli
        .post(
            "{ schools(first: 5) { edges { node { code name } } } }",
            json!({}),
            None,
        )
        .await;
    assert!(data["errors"].is_null(), "{data}");
}
