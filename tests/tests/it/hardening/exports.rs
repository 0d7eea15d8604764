//! Exports that would hold the database pool (hostile pass, finding 2): a CSV streams from
//! the database after the handler returns, so the server caps exports in all
//! (`server.max_concurrent_exports`), keeps the caller's slot until the body ends, cuts a body
//! at `server.export_timeout_ms`, and logs a client that goes away as ordinary.

use super::*;
use crate::reports::token;
use domain::auth::Role;
use domain::import::{Context, Format as InFormat, ImportKind};
use poem::test::TestResponse;

async fn demo_db() -> TestDb {
    let t = TestDb::new().await;
    demo::load(&t.db, 245).await.unwrap();
    t
}

/// The demo with `n` more schools in Özgön, each with a long address, so that the district's
/// directory as CSV is larger than the pipe between the database and the body (256 KiB): its
/// writer is still reading the database when the client stops reading.
async fn big_directory(n: u32) -> TestDb {
    let t = demo_db().await;
    let header = String::from_utf8(domain::import::template::csv(ImportKind::Schools)).unwrap();
    let columns: Vec<&str> = header
        .trim_start_matches('\u{feff}')
        .trim_end()
        .split(',')
        .collect();
    let address = "Өзгөн шаары, Манас көчөсү, ".repeat(12);
    let mut csv = header.clone();
    for i in 0..n {
        let number = 100 + i;
        let row: Vec<String> = columns
            .iter()
            .map(|c| match *c {
                "school_code" => format!("KG-O-UZG-{number}"),
                "district" => "KG-O-UZG".into(),
                "school_number" => number.to_string(),
                "name_ky" => format!("№{number} орто мектеби"),
                "name_ru" => format!("Средняя школа №{number}"),
                "ownership" => "state".into(),
                "school_type" => "general".into(),
                "address" => format!("\"{address}{number}\""),
                _ => String::new(),
            })
            .collect();
        csv.push_str(&row.join(","));
        csv.push('\n');
    }
    domain::import::import(
        &t.db,
        &domain::auth::Caller::operator(),
        ImportKind::Schools,
        std::io::Cursor::new(csv.into_bytes()),
        InFormat::Csv,
        &Context { ort_main_max: 245 },
        &|_| {},
    )
    .await
    .unwrap();
    t
}

async fn export(app: &TestApp, token: &str, lang: Option<&str>) -> TestResponse {
    let mut req = app
        .http
        .get("/exports/schools.csv?district=KG-O-UZG")
        .header("authorization", format!("Bearer {token}"));
    if let Some(l) = lang {
        req = req.header("accept-language", l);
    }
    req.send().await
}

async fn refusal(res: TestResponse) -> (u16, Value) {
    let status = res.0.status().as_u16();
    let body = res.0.into_body().into_vec().await.unwrap();
    (status, serde_json::from_slice(&body).unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exports_over_the_servers_cap_are_refused_until_a_body_ends() {
    // Arrange: one export at a time; two callers.
    let t = demo_db().await;
    let app = TestApp::with_config(&t, |c| c.server.max_concurrent_exports = 1);
    let first = token(&t, Role::District, "KG-O-UZG").await;
    let second = token(&t, Role::School, "KG-O-UZG-045").await;
    let held = export(&app, &first, None).await;
    assert_eq!(held.0.status().as_u16(), 200);
    let audited = t.count("audit_log").await;

    // Act: another caller while the first body is unread.
    let busy = export(&app, &second, Some("ru")).await;

    // Assert: 503 with when to come back, in the caller's language, not audited; the rest
    // of the server still has its connections.
    let retry = busy.0.headers().get("retry-after").cloned();
    let (status, body) = refusal(busy).await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["errors"][0]["extensions"]["code"], "UNAVAILABLE");
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("выгрузок"), "{message}");
    assert!(retry.is_some(), "Retry-After");
    assert_eq!(t.count("audit_log").await, audited);
    app.http.get("/healthz").send().await.assert_status_is_ok();

    // The first body read to its end gives the place back.
    let text = held.0.into_body().into_string().await.unwrap();
    assert!(text.contains("KG-O-UZG-045"));
    let next = export(&app, &second, None).await;
    assert_eq!(next.0.status().as_u16(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_caller_never_holds_every_export_of_the_server() {
    // Arrange: the default two exports at once; one caller's first is still streaming.
    let t = demo_db().await;
    let app = TestApp::new(&t);
    let district = token(&t, Role::District, "KG-O-UZG").await;
    let school = token(&t, Role::School, "KG-O-UZG-045").await;
    let held = export(&app, &district, None).await;
    assert_eq!(held.0.status().as_u16(), 200);
    let audited = t.count("audit_log").await;

    // Act: the same caller again, then another caller.
    let again = export(&app, &district, Some("ky")).await;
    let other = export(&app, &school, None).await;

    // Assert: the caller waits for its own export (429, in its language, not audited); the
    // other caller gets the server's second export.
    let retry = again.0.headers().get("retry-after").cloned();
    let (status, body) = refusal(again).await;
    assert_eq!(status, 429, "{body}");
    assert_eq!(body["errors"][0]["extensions"]["code"], "TOO_MANY_REQUESTS");
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("экспортуңуз"), "{message}");
    assert!(retry.is_some(), "Retry-After");
    assert_eq!(other.0.status().as_u16(), 200);
    assert_eq!(t.count("audit_log").await, audited + 1);
    drop(other);
    held.0.into_body().into_vec().await.unwrap();
    let next = export(&app, &district, None).await;
    assert_eq!(next.0.status().as_u16(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_callers_slot_is_held_until_its_export_body_ends() {
    // Arrange: one request at a time per caller.
    let t = demo_db().await;
    let app = TestApp::with_config(&t, |c| c.server.max_concurrent_per_caller = 1);
    let district = token(&t, Role::District, "KG-O-UZG").await;
    let held = export(&app, &district, None).await;
    assert_eq!(held.0.status().as_u16(), 200);

    // Act
    let again = export(&app, &district, None).await;

    // Assert: the headers were sent but the export is still the caller's one request.
    let (status, body) = refusal(again).await;
    assert_eq!(status, 429, "{body}");
    assert_eq!(body["errors"][0]["extensions"]["code"], "TOO_MANY_REQUESTS");
    drop(held);
    let next = export(&app, &district, None).await;
    assert_eq!(next.0.status().as_u16(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_export_body_is_cut_at_its_deadline_and_gives_its_place_back() {
    // Arrange
    let t = demo_db().await;
    let app = TestApp::with_config(&t, |c| {
        c.server.max_concurrent_exports = 1;
        c.server.export_timeout_ms = 300;
    });
    let district = token(&t, Role::District, "KG-O-UZG").await;
    let slow = export(&app, &district, None).await;
    assert_eq!(slow.0.status().as_u16(), 200);

    // Act: a reader that starts after the deadline.
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    let read = slow.0.into_body().into_vec().await;

    // Assert: an incomplete download, never a short file; the place is free again.
    assert!(
        read.is_err(),
        "a body past its deadline must end in an error"
    );
    let next = export(&app, &district, None).await;
    assert_eq!(next.0.status().as_u16(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_leaving_mid_export_is_logged_as_ordinary_not_as_an_error() {
    // Arrange
    let t = big_directory(900).await;
    let app = TestApp::with_config(&t, |c| c.server.max_concurrent_exports = 1);
    let district = token(&t, Role::District, "KG-O-UZG").await;
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();

    // Act: the headers arrive, then the client goes away without reading.
    let res = {
        use tracing::instrument::WithSubscriber;
        export(&app, &district, None)
            .with_subscriber(subscriber)
            .await
    };
    assert_eq!(res.0.status().as_u16(), 200);
    drop(res);

    // Assert: the export ends (its place comes back) and says so below ERROR.
    let started = std::time::Instant::now();
    loop {
        let next = export(&app, &district, None).await;
        if next.0.status().as_u16() == 200 {
            break;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "the export never ended"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("client closed the connection"), "{logs}");
    assert!(!logs.contains("ERROR"), "{logs}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_formula_in_stored_text_leaves_as_text_and_comes_back_unchanged() {
    // Arrange: a district office plants a formula in a school's address (finding 3), and a
    // phone starts with `+` as phones do.
    use domain::export::{self, Format, Request as Asked};
    use integration_tests::import::fill;
    let t = demo_db().await;
    let planted = "=HYPERLINK(\"http://evil.example/\",\"click\")";
    let row = "school_code=KG-O-UZG-046;district=KG-O-UZG;school_number=46;name_ky=Ынтымак орто мектеби;name_ru=Средняя школа «Ынтымак»;ownership=state;school_type=general;address=ADDRESS;phone=+996 3233 5 12 34;settlement=-Өзгөн";
    let import = async |bytes: Vec<u8>, format: InFormat| {
        domain::import::import(
            &t.db,
            &domain::auth::Caller::operator(),
            ImportKind::Schools,
            std::io::Cursor::new(bytes),
            format,
            &Context { ort_main_max: 245 },
            &|_| {},
        )
        .await
        .unwrap()
    };
    let csv_cell = format!("\"{}\"", planted.replace('"', "\"\""));
    let file = fill(ImportKind::Schools, row).replace("\"ADDRESS\"", &csv_cell);
    import(file.into_bytes(), InFormat::Csv).await;
    let asked = Asked {
        kind: ImportKind::Schools,
        school: None,
        district: Some("KG-O-UZG".into()),
        year: None,
        lang: domain::messages::Lang::Ru,
    };
    let plan = export::plan(&t.db, &domain::auth::Caller::operator(), &asked)
        .await
        .unwrap();

    // Act
    let mut csv = Vec::new();
    let rows = export::write(&t.db, &plan, Format::Csv, &mut csv)
        .await
        .unwrap();
    let mut xlsx = Vec::new();
    export::write(&t.db, &plan, Format::Xlsx, &mut xlsx)
        .await
        .unwrap();

    // Assert: in the CSV every such cell starts with `'`, so a spreadsheet shows it as text.
    let text = String::from_utf8(csv.clone()).unwrap();
    let line = text.lines().find(|l| l.contains("KG-O-UZG-046")).unwrap();
    assert!(
        line.contains(r#""'=HYPERLINK(""http://evil.example/"",""click"")""#),
        "{line}"
    );
    assert!(line.contains(",'+996 3233 5 12 34,"), "{line}");
    assert!(line.contains(",'-Өзгөн,"), "{line}");
    for l in text.lines().skip(1) {
        for start in ['=', '+', '-', '@'] {
            let (bare, quoted) = (format!(",{start}"), format!(",\"{start}"));
            assert!(!l.contains(&bare) && !l.contains(&quoted), "{l}");
            assert!(!l.starts_with(start) && !l.starts_with(&quoted[1..]), "{l}");
        }
    }
    // Re-imported, CSV and XLSX alike, nothing changes: the `'` comes off again.
    for (bytes, format) in [(csv, InFormat::Csv), (xlsx, InFormat::Spreadsheet)] {
        let report = import(bytes, format).await;
        assert_eq!(
            (report.rows, report.updated, report.unchanged),
            (rows, 0, rows),
            "{format:?}"
        );
    }
    let stored: Vec<(String, String)> = {
        use sea_orm::{ConnectionTrait, Statement};
        let row =
            t.db.query_one_raw(Statement::from_string(
                t.db.get_database_backend(),
                "SELECT address, phone FROM school WHERE code = 'KG-O-UZG-046'".to_owned(),
            ))
            .await
            .unwrap()
            .unwrap();
        vec![(
            row.try_get("", "address").unwrap(),
            row.try_get("", "phone").unwrap(),
        )]
    };
    assert_eq!(
        stored,
        vec![(planted.to_owned(), "+996 3233 5 12 34".to_owned())]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_exports_query_is_read_strictly_like_the_reports() {
    // Arrange
    let t = demo_db().await;
    let app = TestApp::new(&t);
    let district = token(&t, Role::District, "KG-O-UZG").await;
    let audited = t.count("audit_log").await;

    // Act + Assert (finding 6a): each refusal GraphQL-shaped, with the request id, in the
    // caller's language, and nothing exported or audited.
    for (path, expected) in [
        (
            "/exports/mark-summaries.csv?school=KG-O-UZG-045&school=KG-O-UZG-046&lang=ru",
            "параметр «school» указан дважды",
        ),
        (
            "/exports/mark-summaries.csv?lang=ky&lang=ru",
            "«lang» параметри эки жолу берилди",
        ),
        (
            "/exports/schools.csv?foo=bar",
            "unknown parameter `foo`; this route takes: school, district, year, lang",
        ),
        (
            "/exports/mark-summaries.csv?school=KG-O-UZG-045&district=KG-C-ALM",
            "school and district: give one, not both",
        ),
        (
            "/exports/mark-summaries.csv?year=-5",
            "year `-5`: a year from 1990 to 2100",
        ),
        (
            "/exports/mark-summaries.csv?year=-2147483648&lang=ru",
            "год должен быть от 1990 до 2100",
        ),
        ("/exports/mark-summaries.csv?year=2101", "1990 to 2100"),
        ("/exports/%FF.csv", "`\u{FFFD}`"),
        ("/exports/schools.%FF", "format `\u{FFFD}`"),
    ] {
        let res = app
            .http
            .get(path)
            .header("authorization", format!("Bearer {district}"))
            .header("x-request-id", "strict-1")
            .send()
            .await;
        let (status, body) = refusal(res).await;
        assert_eq!(status, 400, "{path}: {body}");
        let error = &body["errors"][0];
        assert_eq!(error["extensions"]["code"], "BAD_USER_INPUT", "{path}");
        assert_eq!(error["extensions"]["requestId"], "strict-1", "{path}");
        let message = error["message"].as_str().unwrap();
        assert!(message.contains(expected), "{path}: {message}");
    }
    assert_eq!(t.count("audit_log").await, audited);
    // The bounds themselves are years.
    let res = app
        .http
        .get("/exports/mark-summaries.csv?year=1990")
        .header("authorization", format!("Bearer {district}"))
        .send()
        .await;
    assert_eq!(res.0.status().as_u16(), 200);
    // A report's path with bytes that are not UTF-8 is refused the same way, not in plain text.
    let res = app
        .http
        .get("/reports/school/%FF/2021.pdf")
        .header("authorization", format!("Bearer {district}"))
        .send()
        .await;
    let (status, body) = refusal(res).await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["errors"][0]["extensions"]["code"], "NOT_FOUND");
}
