//! The layers' own refusals (a bad token, a body too large) speak the caller's language by
//! Accept-Language, as the refusals of scope do (hostile pass, finding 6b).

use super::*;

async fn post(app: &TestApp, headers: &[(&str, &str)], body: String) -> (u16, Value) {
    let mut req = app
        .http
        .post("/graphql")
        .content_type("application/json")
        .body(body);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let res = req.send().await;
    let status = res.0.status().as_u16();
    let text = res.0.into_body().into_string().await.unwrap();
    (status, serde_json::from_str(&text).unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_token_and_a_large_body_are_refused_in_the_callers_language() {
    // Arrange
    let t = TestDb::new().await;
    let app = TestApp::with_config(&t, |c| c.server.body_limit_bytes = 200);
    let query = json!({ "query": "{ regions { code } }" }).to_string();

    // Act + Assert
    for (headers, body, status, code, expected) in [
        (
            vec![
                ("accept-language", "ru-RU,ru;q=0.9"),
                ("authorization", "Bearer sapat_9_nope"),
            ],
            query.clone(),
            401,
            "UNAUTHENTICATED",
            "токен не является токеном API Sapat",
        ),
        (
            vec![("accept-language", "ky"), ("authorization", "Basic abc")],
            query.clone(),
            401,
            "UNAUTHENTICATED",
            "Authorization аталышы `Bearer <token>` болушу керек",
        ),
        (
            vec![("authorization", "Basic abc")],
            query.clone(),
            401,
            "UNAUTHENTICATED",
            "the Authorization header must be `Bearer <token>`",
        ),
        (
            vec![("accept-language", "ru")],
            json!({ "query": "x".repeat(300) }).to_string(),
            413,
            "PAYLOAD_TOO_LARGE",
            "тело запроса больше предела в 200 байт",
        ),
    ] {
        let (got, body) = post(&app, &headers, body).await;
        assert_eq!(got, status, "{headers:?}: {body}");
        assert_eq!(body["errors"][0]["extensions"]["code"], code, "{body}");
        let message = body["errors"][0]["message"].as_str().unwrap();
        assert!(message.contains(expected), "{headers:?}: {message}");
    }
}
