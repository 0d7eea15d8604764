//! Hostile requests that used to take the server down or grow it without bound: workbook
//! bombs, fragment fan-out, aliased league tables, invented operation names.

use async_graphql::{Request, Variables};
use integration_tests::Captured;
use integration_tests::{TestApp, TestDb, upload};
use poem::http::StatusCode;
use serde_json::{Value, json};
use std::sync::Arc;

fn import_request(name: &str, bytes: &[u8]) -> Request {
    let mut req = Request::new(
        "mutation($file: Upload!) { importFile(kind: OLYMPIAD_COUNTS, file: $file) { rows } }",
    )
    .variables(Variables::from_json(json!({ "file": null })));
    req.set_upload("variables.file", upload(name, bytes));
    req
}

fn schema(t: &TestDb) -> api::graphql::AppSchema {
    api::graphql::build_schema(
        t.db.clone(),
        Arc::new(t.config.clone()),
        api::snapshot::Snapshots::new(t.db.clone()),
    )
}

async fn admin(t: &TestDb) -> domain::auth::Caller {
    let secret = t.admin_token().await;
    domain::auth::Caller(Some(
        domain::auth::authenticate(&t.db, &secret)
            .await
            .unwrap()
            .unwrap(),
    ))
}

/// The first error's code and message, or the data.
async fn run(
    t: &TestDb,
    caller: domain::auth::Caller,
    req: Request,
) -> Result<Value, (String, String, Value)> {
    let res = schema(t).execute(req.data(caller)).await;
    match res.errors.first() {
        None => Ok(res.data.into_json().unwrap()),
        Some(e) => {
            let ext = serde_json::to_value(&e.extensions).unwrap();
            Err((
                ext["code"].as_str().unwrap_or_default().to_owned(),
                e.message.clone(),
                ext,
            ))
        }
    }
}

fn workbook(edit: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["school_code", "academic_year", "level", "prize_count"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    edit(sheet);
    book.save_to_buffer().unwrap()
}

/// Rewrites one part of a zip package.
fn replace_part(bytes: &[u8], part: &str, edit: impl Fn(String) -> String) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut content = Vec::new();
        f.read_to_end(&mut content).unwrap();
        if name == part {
            content = edit(String::from_utf8(content).unwrap()).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&content).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sheet_spanning_a1_to_xfd1048576_is_refused_not_allocated() {
    let t = TestDb::new().await;
    demo::load(&t.db, 245).await.unwrap();
    let bomb = workbook(|s| {
        s.write_string(1_048_575, 16_383, "x").unwrap();
    });
    assert!(bomb.len() < 10_000, "{} bytes", bomb.len());
    let (code, message, ext) = run(&t, admin(&t).await, import_request("bomb.xlsx", &bomb))
        .await
        .unwrap_err();
    assert_eq!(code, "BAD_USER_INPUT", "{message}");
    assert_eq!(ext["errors"][0]["row"], 1_048_576, "{ext}");
    assert_eq!(ext["errors"][0]["column"], "XFD", "{ext}");
    // The server is still here and a normal workbook imports.
    let fine = workbook(|s| {
        for (c, v) in ["KG-O-UZG-045", "2022-2023", "zonal"].iter().enumerate() {
            s.write_string(1, c as u16, *v).unwrap();
        }
        s.write_number(1, 3, 4).unwrap();
    });
    let data = run(&t, admin(&t).await, import_request("fine.xlsx", &fine))
        .await
        .unwrap();
    assert_eq!(data["importFile"]["rows"], 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shared_string_table_claiming_ten_billion_entries_is_refused() {
    let t = TestDb::new().await;
    let book = workbook(|_| {});
    let bomb = replace_part(&book, "xl/sharedStrings.xml", |xml| {
        let at = xml.find("uniqueCount=\"").unwrap() + "uniqueCount=\"".len();
        let end = at + xml[at..].find('"').unwrap();
        format!("{}10000000000{}", &xml[..at], &xml[end..])
    });
    assert!(bomb.len() < 10_000);
    let (code, message, _) = run(&t, admin(&t).await, import_request("bomb.xlsx", &bomb))
        .await
        .unwrap_err();
    assert_eq!(code, "BAD_USER_INPUT");
    assert!(message.contains("shared-string table"), "{message}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anonymous_uploads_are_refused_before_the_file_is_read() {
    let t = TestDb::new().await;
    // Not a workbook at all: reading it would answer BAD_USER_INPUT.
    let (code, _, _) = run(
        &t,
        domain::auth::Caller(None),
        import_request("x.xlsx", b"not a zip"),
    )
    .await
    .unwrap_err();
    assert_eq!(code, "FORBIDDEN");
    // Formats whose reader calamine sizes from the file's own dimensions stay on the console.
    let (code, message, _) = run(&t, admin(&t).await, import_request("x.ods", b"PK"))
        .await
        .unwrap_err();
    assert_eq!(code, "BAD_USER_INPUT");
    assert!(message.contains(".xlsx"), "{message}");
}

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_run_tells_the_public_what_failed_not_the_driver_text() {
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
    let res = schema(&t)
        .execute(
            Request::new("{ trendStatus { lastRun { status error } } }")
                .data(domain::auth::Caller(None)),
        )
        .await;
    assert!(res.errors.is_empty(), "{:?}", res.errors);
    let data = res.data.into_json().unwrap();
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
    // A pool whose database has gone away (nothing listens on port 1).
    let mut opts = sea_orm::ConnectOptions::new("postgres://postgres@127.0.0.1:1/sapat");
    opts.connect_lazy(true)
        .acquire_timeout(std::time::Duration::from_millis(
            t.config.database.acquire_timeout_ms,
        ));
    let down = sea_orm::Database::connect(opts).await.unwrap();
    let mut config = t.config.clone();
    config.database.url = domain::config::DatabaseUrl::new("postgres://postgres@127.0.0.1:1/sapat");
    let cli = poem::test::TestClient::new(api::app(api::AppState {
        db: down.clone(),
        config: Arc::new(config),
        snapshots: api::snapshot::Snapshots::new(down),
    }));
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
    let query = json!({ "query": "{ jobRuns(first: 1) { id } }" }).to_string();
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
    app.http
        .get(format!("/graphql?access_token={secret}"))
        .send()
        .with_subscriber(subscriber)
        .await;
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("/graphql"), "the request is logged: {logs}");
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
async fn a_dashboard_on_another_origin_may_send_its_token() {
    let t = TestDb::new().await;
    let app = TestApp::with_config(&t, |c| {
        c.server.cors_origins = vec!["https://dash.example.kg".into()];
    });
    let res = app
        .http
        .options("/graphql")
        .header("origin", "https://dash.example.kg")
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "authorization, content-type",
        )
        .send()
        .await;
    res.assert_status_is_ok();
    let allowed = res
        .0
        .headers()
        .get("access-control-allow-headers")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    assert!(allowed.contains("authorization"), "{allowed}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graphiql_loads_everything_from_the_server_itself() {
    let t = TestDb::new().await;
    let app = TestApp::new(&t);
    let res = app.http.get("/graphql").send().await;
    res.assert_status_is_ok();
    let page = res.0.into_body().into_string().await.unwrap();
    // Every script and stylesheet the page names is a path on this server, and is served.
    let refs: Vec<&str> = page
        .split(['"', '\''])
        .filter(|s| s.ends_with(".js") || s.ends_with(".css"))
        .collect();
    assert_eq!(refs.len(), 4, "{refs:?}");
    assert!(
        !page.contains("://unpkg") && !page.contains("cdn"),
        "{page}"
    );
    for path in refs {
        assert!(path.starts_with("/graphiql/"), "{path}");
        let res = app.http.get(path).send().await;
        res.assert_status_is_ok();
        let kind = if path.ends_with(".css") {
            "text/css"
        } else {
            "text/javascript"
        };
        let content_type = res.0.headers()["content-type"].to_str().unwrap().to_owned();
        assert!(content_type.starts_with(kind), "{path}: {content_type}");
        assert!(
            res.0.into_body().into_bytes().await.unwrap().len() > 5_000,
            "{path}"
        );
    }
    app.http
        .get("/graphiql/../Cargo.toml")
        .send()
        .await
        .assert_status(poem::http::StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_cors_on_graphiql_on_the_servers_own_origin_is_not_refused() {
    let t = TestDb::new().await;
    let app = TestApp::with_config(&t, |c| {
        c.server.cors_origins = vec!["https://dash.example.kg".into()];
    });
    let post = |origin: &'static str| {
        app.http
            .post("/graphql")
            .header("host", "sapat.edu.kg:8080")
            .header("origin", origin)
            .content_type("application/json")
            .body(json!({ "query": "{ regions { code } }" }).to_string())
            .send()
    };
    let res = post("http://sapat.edu.kg:8080").await;
    res.assert_status_is_ok();
    let body = res.0.into_body().into_string().await.unwrap();
    assert!(
        body.contains("\"regions\"") && !body.contains("errors"),
        "{body}"
    );
    // Another origin is still refused, and a look-alike host is not the server's own.
    assert_eq!(post("https://evil.example.com").await.0.status(), 403);
    assert_eq!(
        post("http://sapat.edu.kg:8080.evil.com").await.0.status(),
        403
    );
}

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

/// The options of graphql-js `getIntrospectionQuery` that change the text (its
/// `experimentalDirectiveDeprecation` asks for fields async-graphql does not have).
#[derive(Clone, Copy, Default)]
struct Introspection {
    specified_by_url: bool,
    directive_is_repeatable: bool,
    schema_description: bool,
    input_value_deprecation: bool,
    one_of: bool,
    /// Nested `ofType` in `TypeRef`: 7 in graphql-js 16, 9 since.
    type_depth: usize,
}

/// The query graphql-js `getIntrospectionQuery(options)` builds, which GraphiQL and
/// graphql-codegen send.
fn introspection_query(o: Introspection) -> String {
    let on = |flag: bool, text: &str| if flag { text.to_owned() } else { String::new() };
    let deprecated_inputs = on(o.input_value_deprecation, "(includeDeprecated: true)");
    let of_type = "ofType { name kind ".repeat(o.type_depth) + &"}".repeat(o.type_depth);
    format!(
        "query IntrospectionQuery {{
  __schema {{
    {schema_description}
    queryType {{ name kind }}
    mutationType {{ name kind }}
    subscriptionType {{ name kind }}
    types {{ ...FullType }}
    directives {{
      name description {repeatable} locations
      args{deprecated_inputs} {{ ...InputValue }}
    }}
  }}
}}
fragment FullType on __Type {{
  kind name description {specified_by} {one_of}
  fields(includeDeprecated: true) {{
    name description
    args{deprecated_inputs} {{ ...InputValue }}
    type {{ ...TypeRef }}
    isDeprecated deprecationReason
  }}
  inputFields{deprecated_inputs} {{ ...InputValue }}
  interfaces {{ ...TypeRef }}
  enumValues(includeDeprecated: true) {{ name description isDeprecated deprecationReason }}
  possibleTypes {{ ...TypeRef }}
}}
fragment InputValue on __InputValue {{
  name description type {{ ...TypeRef }} defaultValue {input_deprecation}
}}
fragment TypeRef on __Type {{ kind name {of_type} }}",
        schema_description = on(o.schema_description, "description"),
        repeatable = on(o.directive_is_repeatable, "isRepeatable"),
        specified_by = on(o.specified_by_url, "specifiedByURL"),
        one_of = on(o.one_of, "isOneOf"),
        input_deprecation = on(o.input_value_deprecation, "isDeprecated deprecationReason"),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graphiql_and_codegen_introspection_runs_anonymously_at_the_default_limits() {
    let t = TestDb::new().await;
    let cli = TestApp::new(&t);
    let all = Introspection {
        specified_by_url: true,
        directive_is_repeatable: true,
        schema_description: true,
        input_value_deprecation: true,
        one_of: true,
        type_depth: 9,
    };
    let variants = [
        Introspection {
            type_depth: 7,
            ..Default::default()
        },
        Introspection {
            type_depth: 9,
            ..Default::default()
        },
        all,
    ];
    for options in variants {
        let query = introspection_query(options);
        let (status, body) = cli.post_with(&query, json!({}), None, None).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert!(body["errors"].is_null(), "{}", body["errors"]);
        let schema = &body["data"]["__schema"];
        assert_eq!(schema["queryType"]["name"], "Query");
        assert_eq!(schema["mutationType"]["name"], "Mutation");
        let types = schema["types"].as_array().unwrap();
        let school = types.iter().find(|t| t["name"] == "School").unwrap();
        assert!(school["fields"].as_array().unwrap().len() > 10, "{school}");
        // A `[…!]!` field's reference unwraps through its wrappers to the named type.
        let regions = types.iter().find(|t| t["name"] == "Query").unwrap()["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == "regions")
            .unwrap()["type"]
            .clone();
        assert_eq!(
            regions["ofType"]["ofType"]["ofType"]["name"], "Region",
            "{regions}"
        );
    }
    // In a batch too, beside an ordinary request.
    let batch = json!([
        { "query": introspection_query(all), "operationName": "IntrospectionQuery" },
        { "query": "{ regions { code } }" },
    ]);
    let res = cli
        .http
        .post("/graphql")
        .content_type("application/json")
        .body(batch.to_string())
        .send()
        .await;
    res.assert_status_is_ok();
    let body: Value =
        serde_json::from_str(&res.0.into_body().into_string().await.unwrap()).unwrap();
    assert!(body[0]["errors"].is_null(), "{}", body[0]["errors"]);
    assert!(body[0]["data"]["__schema"]["types"].is_array());
    assert!(body[1]["data"]["regions"].is_array(), "{}", body[1]);
    // The ordinary depth limit stands, with introspection in the same operation or not.
    let deep = format!(
        "{{ regions {{ {} name {} }} }}",
        "districts { region { ".repeat(6),
        "} } ".repeat(6)
    );
    let mixed = format!(
        "{{ regions {{ code }} __type(name: \"School\") {{ fields {{ type {{ {} name {} }} }} }} }}",
        "ofType { ".repeat(9),
        "} ".repeat(9)
    );
    for query in [deep, mixed] {
        let (_, body) = cli.post_with(&query, json!({}), None, None).await;
        let message = body["errors"][0]["message"].as_str().unwrap_or_default();
        assert!(message.contains("nested too deep"), "{query}: {body}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn introspection_is_no_way_around_the_limits() {
    let t = TestDb::new().await;
    let cli = TestApp::new(&t);
    let full = "types { name fields { name args { name type { name } } type { name } } }";
    let refused = [
        // The whole schema a hundred times over.
        (0..100)
            .map(|k| format!("s{k}: __schema {{ {full} }} "))
            .collect::<String>(),
        // Many types, each with its fields' fields.
        (0..40)
            .map(|k| format!("t{k}: __type(name: \"School\") {{ fields {{ type {{ fields {{ name }} }} }} }} "))
            .collect::<String>(),
        // Lists inside lists inside lists.
        "__schema { types { fields { type { fields { type { fields { type { name } } } } } } } }"
            .to_owned(),
        // Aliases inside multiply the answer just as well.
        format!(
            "__schema {{ {} }}",
            (0..50).map(|k| format!("t{k}: types {{ name }} ")).collect::<String>()
        ),
    ];
    for query in &refused {
        let started = std::time::Instant::now();
        let (_, body) = cli
            .post_with(&format!("{{ {query} }}"), json!({}), None, None)
            .await;
        assert!(body["data"].is_null(), "{query}: {body}");
        let code = &body["errors"][0]["extensions"]["code"];
        let message = body["errors"][0]["message"].as_str().unwrap_or_default();
        assert!(
            code == "QUERY_TOO_COMPLEX" || message.contains("too complex"),
            "{query}: {body}"
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
    }
    // `ofType` far beyond the schema's wrappers stays cheap: nulls.
    let of_type = format!(
        "{{ __type(name: \"Query\") {{ fields {{ type {{ {} name {} }} }} }} }}",
        "ofType { kind ".repeat(20),
        "} ".repeat(20)
    );
    let (status, body) = cli.post_with(&of_type, json!({}), None, None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["errors"].is_null(), "{body}");
    let field = &body["data"]["__type"]["fields"][0]["type"];
    let mut depth = 0;
    let mut t = field;
    while !t["ofType"].is_null() {
        t = &t["ofType"];
        depth += 1;
    }
    assert!(depth <= 3, "{field}");
    // Introspection serves introspection only: an ordinary field beside it is ordinary.
    let (_, body) = cli
        .post_with(
            "{ __typename regions { code } __schema { queryType { name } } }",
            json!({}),
            None,
            None,
        )
        .await;
    assert!(body["errors"].is_null(), "{body}");
    assert!(body["data"]["regions"].is_array(), "{body}");
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
