//! The public school page under odd requests and an outage (hostile pass, findings 6a, 6e):
//! refusals are the page's own, in its language, and an unavailable database is a 503.

use super::*;

async fn text(res: poem::test::TestResponse) -> (u16, String, String) {
    let status = res.0.status().as_u16();
    let ct = res
        .0
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, ct, res.0.into_body().into_string().await.unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_repeated_parameter_or_a_broken_path_gets_the_pages_own_answer() {
    // Arrange
    let t = TestDb::new().await;
    demo::load(&t.db, 245).await.unwrap();
    let app = TestApp::new(&t);

    // Act + Assert: a repeat is refused in the page's language (the first `lang`).
    for (path, expected) in [
        (
            "/schools/KG-O-UZG-045?lang=ru&lang=ky",
            "параметр «lang» указан дважды",
        ),
        (
            "/schools/KG-O-UZG-045?year=2021&year=2020",
            "«year» параметри эки жолу берилди",
        ),
    ] {
        let (status, ct, body) = text(app.http.get(path).send().await).await;
        assert_eq!(status, 400, "{path}: {body}");
        assert!(ct.starts_with("text/plain"), "{path}: {ct}");
        assert!(body.contains(expected), "{path}: {body}");
    }
    // Bytes that are not UTF-8 in the code: no such school, not poem's "invalid path params".
    let (status, _, body) = text(app.http.get("/schools/%FF").send().await).await;
    assert_eq!(status, 404, "{body}");
    assert!(!body.contains("invalid path params"), "{body}");
    // The same for the dashboard's files (poem's bare 400 before).
    let (status, _, body) = text(app.http.get("/dashboard/%FF").send().await).await;
    assert_eq!(status, 404, "{body}");
    assert!(!body.contains("invalid path params"), "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_the_database_down_the_public_page_answers_503_not_500() {
    // Arrange
    let t = TestDb::new().await;
    let cli = app_with_database_down(&t, 500).await;

    // Act
    let res = cli.get("/schools/KG-O-UZG-045?lang=ru").send().await;

    // Assert
    let retry = res.0.headers().get("retry-after").cloned();
    let (status, _, body) = text(res).await;
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("База данных сейчас недоступна"), "{body}");
    assert!(retry.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_client_asking_for_pages_too_fast_is_slowed_down() {
    // Arrange: a page per minute, as `server.requests_per_minute_per_caller` says.
    let t = TestDb::new().await;
    demo::load(&t.db, 245).await.unwrap();
    let app = TestApp::with_config(&t, |c| c.server.requests_per_minute_per_caller = 1);
    let first = app.http.get("/schools/KG-O-UZG-045").send().await;
    assert_eq!(first.0.status().as_u16(), 200);

    // Act
    let again = app
        .http
        .get("/schools/KG-O-UZG-045?lang=ru")
        .header("accept-language", "ru")
        .send()
        .await;

    // Assert: 429 with when to come back, in the client's language.
    let retry = again.0.headers().get("retry-after").cloned();
    let (status, _, body) = text(again).await;
    assert_eq!(status, 429, "{body}");
    assert!(body.contains("TOO_MANY_REQUESTS"), "{body}");
    assert!(body.contains("запрос"), "{body}");
    assert!(retry.is_some(), "Retry-After");
}

/// Second hostile pass, finding 15: every route's log lines carry the request id its answer
/// gives (a download's error line had none, so the id a user quotes found nothing).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pages_log_lines_carry_the_request_id_it_answers_with() {
    // Arrange
    let t = TestDb::new().await;
    let app = TestApp::new(&t);
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::INFO)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();

    // Act
    let res = {
        use tracing::instrument::WithSubscriber;
        app.http
            .get("/schools/KG-X-NONE-001")
            .send()
            .with_subscriber(subscriber)
            .await
    };

    // Assert
    let id = res
        .0
        .headers()
        .get("x-request-id")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains(&format!("request_id={id}")), "{id}\n{logs}");
}
