//! API tokens on both databases: created with a role and scope, listed without secrets,
//! checked on every request; tampered, revoked and expired tokens are refused (never taken as
//! anonymous), and anonymous access can be turned off.

use api::AppState;
use domain::auth::{self, NewToken, Principal, Rejection, Role};
use integration_tests::{TestApp, TestDb};
use poem::http::StatusCode;
use poem::test::TestClient;
use std::sync::Arc;

fn token(role: Role, scope: Option<&str>) -> NewToken {
    NewToken {
        name: format!("{} officer", role.code()),
        role,
        scope_code: scope.map(str::to_owned),
        expires_at: None,
    }
}

async fn id_of(t: &TestDb, table: &str, code: &str) -> i32 {
    use sea_orm::ConnectionTrait;
    t.db.query_one_raw(sea_orm::Statement::from_string(
        t.db.get_database_backend(),
        format!("SELECT id FROM {table} WHERE code = '{code}'"),
    ))
    .await
    .unwrap()
    .unwrap()
    .try_get("", "id")
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_carry_their_role_and_scope_and_are_refused_when_tampered_revoked_or_expired() {
    // Arrange
    let t = TestDb::new().await;
    demo::load(&t.db, 245).await.unwrap();
    let (admin_id, admin) = auth::create_token(&t.db, token(Role::Admin, None))
        .await
        .unwrap();
    let (_, region) = auth::create_token(&t.db, token(Role::Region, Some("KG-O")))
        .await
        .unwrap();
    let (_, district) = auth::create_token(&t.db, token(Role::District, Some("KG-O-UZG")))
        .await
        .unwrap();
    let (school_id, school) = auth::create_token(&t.db, token(Role::School, Some("KG-O-UZG-045")))
        .await
        .unwrap();
    let expired = NewToken {
        expires_at: Some(chrono::Utc::now() - chrono::Duration::days(1)),
        ..token(Role::Admin, None)
    };
    let (_, expired) = auth::create_token(&t.db, expired).await.unwrap();

    // Act
    let check = |token: String| {
        let db = t.db.clone();
        async move { auth::authenticate(&db, &token).await.unwrap() }
    };
    let tampered = {
        let mut s = school.clone();
        let last = s.pop().unwrap();
        s.push(if last == 'A' { 'B' } else { 'A' });
        s
    };
    let other_id = school.replacen(
        &format!("sapat_{school_id}_"),
        &format!("sapat_{admin_id}_"),
        1,
    );
    let before_revoke = check(district.clone()).await;
    auth::revoke_token(
        &t.db,
        auth::authenticate(&t.db, &district)
            .await
            .unwrap()
            .unwrap()
            .token_id
            .unwrap(),
    )
    .await
    .unwrap();
    let listed = auth::list_tokens(&t.db).await.unwrap();

    // Assert
    assert_eq!(
        check(admin.clone()).await,
        Ok(Principal {
            token_id: Some(admin_id),
            subject: None,
            role: Role::Admin,
            scope_id: None
        })
    );
    assert_eq!(
        check(region).await.unwrap().scope_id,
        Some(id_of(&t, "region", "KG-O").await)
    );
    assert_eq!(
        before_revoke.unwrap().scope_id,
        Some(id_of(&t, "district", "KG-O-UZG").await)
    );
    assert_eq!(
        check(school.clone()).await.unwrap().scope_id,
        Some(id_of(&t, "school", "KG-O-UZG-045").await)
    );
    assert_eq!(check(tampered).await, Err(Rejection::Invalid));
    assert_eq!(
        check(other_id).await,
        Err(Rejection::Invalid),
        "a secret is bound to its id"
    );
    assert_eq!(check("sapat_1".into()).await, Err(Rejection::Invalid));
    assert_eq!(
        check("Bearer nonsense".into()).await,
        Err(Rejection::Invalid)
    );
    assert_eq!(check(district).await, Err(Rejection::Revoked));
    assert_eq!(check(expired).await, Err(Rejection::Expired));
    assert_eq!(listed.len(), 5);
    let d = listed.iter().find(|t| t.role == Role::District).unwrap();
    assert_eq!(d.scope_code.as_deref(), Some("KG-O-UZG"));
    assert!(d.revoked_at.is_some());
    // Only hashes are stored.
    let stored = t.count("api_token").await;
    assert_eq!(stored, 5);
    {
        use sea_orm::ConnectionTrait;
        let rows =
            t.db.query_all_raw(sea_orm::Statement::from_string(
                t.db.get_database_backend(),
                "SELECT secret_hash FROM api_token",
            ))
            .await
            .unwrap();
        for r in rows {
            let hash: String = r.try_get("", "secret_hash").unwrap();
            assert!(!admin.contains(&hash) && !school.contains(&hash));
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_needs_a_scope_that_exists_and_fits_its_role() {
    let t = TestDb::new().await;
    let no_scope = auth::create_token(&t.db, token(Role::District, None))
        .await
        .unwrap_err();
    let unknown = auth::create_token(&t.db, token(Role::District, Some("KG-X-NOPE")))
        .await
        .unwrap_err();
    let admin_scoped = auth::create_token(&t.db, token(Role::Admin, Some("KG-O")))
        .await
        .unwrap_err();
    let bad_role = Role::parse("root").unwrap_err();
    for (e, needle) in [
        (&no_scope, "needs the district"),
        (&unknown, "KG-X-NOPE"),
        (&admin_scoped, "admin token has no"),
        (&bad_role, "admin, region, district, school"),
    ] {
        assert!(
            matches!(e, domain::Error::Invalid { .. }) && e.to_string().contains(needle),
            "{e}"
        );
    }
    assert_eq!(t.count("api_token").await, 0, "nothing written");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_are_authenticated_and_anonymous_access_can_be_turned_off() {
    // Arrange
    let t = TestDb::new().await;
    demo::load(&t.db, 245).await.unwrap();
    let (_, good) = auth::create_token(&t.db, token(Role::Admin, None))
        .await
        .unwrap();
    let (revoked_id, revoked) = auth::create_token(&t.db, token(Role::Admin, None))
        .await
        .unwrap();
    auth::revoke_token(&t.db, revoked_id).await.unwrap();
    let client = |anonymous: bool| {
        let mut config = t.config.clone();
        config.auth.allow_anonymous = anonymous;
        TestClient::new(api::app(AppState {
            db: t.db.clone(),
            config: Arc::new(config),
            snapshots: api::snapshot::Snapshots::new(t.db.clone()),
        }))
    };
    let query = r#"{"query":"{ indicatorCatalog { code } }"}"#;
    let send = |anonymous: bool, auth: Option<String>| {
        let client = client(anonymous);
        async move {
            let mut req = client
                .post("/graphql")
                .content_type("application/json")
                .body(query);
            if let Some(a) = auth {
                req = req.header("authorization", a);
            }
            let res = req.send().await;
            let status = res.0.status();
            (status, res.0.into_body().into_string().await.unwrap())
        }
    };

    // Act
    let open_anonymous = send(true, None).await;
    let closed_anonymous = send(false, None).await;
    let closed_with_token = send(false, Some(format!("Bearer {good}"))).await;
    let revoked_token = send(true, Some(format!("Bearer {revoked}"))).await;
    let not_bearer = send(true, Some(format!("Token {good}"))).await;

    // Assert
    assert_eq!(open_anonymous.0, StatusCode::OK, "{}", open_anonymous.1);
    assert_eq!(closed_anonymous.0, StatusCode::UNAUTHORIZED);
    assert!(
        closed_anonymous.1.contains("UNAUTHENTICATED")
            && closed_anonymous
                .1
                .contains("anonymous access is turned off"),
        "{}",
        closed_anonymous.1
    );
    assert_eq!(
        closed_with_token.0,
        StatusCode::OK,
        "{}",
        closed_with_token.1
    );
    assert!(closed_with_token.1.contains("knowledge_quality_pct"));
    assert_eq!(
        revoked_token.0,
        StatusCode::UNAUTHORIZED,
        "a bad token is never taken as anonymous"
    );
    assert!(
        revoked_token.1.contains("revoked") && !revoked_token.1.contains(&revoked),
        "{}",
        revoked_token.1
    );
    assert_eq!(not_bearer.0, StatusCode::UNAUTHORIZED);
}

const SSO_SECRET: &str = "a shared secret of at least 32 bytes, for tests";

fn sso(claims: serde_json::Value, secret: &str) -> String {
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(secret.as_bytes()),
    )
    .unwrap()
}

async fn post_bearer(cli: &TestApp, token: &str, query: &str) -> (StatusCode, serde_json::Value) {
    cli.post_with(query, serde_json::json!({}), None, Some(token))
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn single_sign_on_jwts_carry_role_and_scope_and_are_audited_by_subject() {
    let t = TestDb::new().await;
    demo::load(&t.db, 245).await.unwrap();
    let cli = TestApp::with_config(&t, |c| {
        c.auth.jwt = Some(domain::config::JwtConfig {
            algorithm: "HS256".into(),
            key: SSO_SECRET.into(),
            issuer: Some("https://sso.edu.gov.kg".into()),
            audience: None,
        });
    });
    let now = chrono::Utc::now().timestamp();
    let claims = |role: &str, scope: &str, exp: i64| {
        serde_json::json!({ "sub": "officer-17", "role": role, "scope": scope, "exp": exp,
                            "iss": "https://sso.edu.gov.kg" })
    };
    let good = sso(claims("school", "KG-O-UZG-045", now + 600), SSO_SECRET);

    // The school's reported data, and a write audited under the subject.
    let (status, body) = post_bearer(
        &cli,
        &good,
        r#"{ schoolByCode(code: "KG-O-UZG-045") { staff { teachersTotal } } }"#,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.get("errors").is_none(), "{body}");
    let (_, body) = post_bearer(
        &cli,
        &good,
        r#"mutation { recordEnrolmentSnapshots(items: [{ schoolCode: "KG-O-UZG-045", academicYear: "2024-2025", enrolment: 600 }]) { inserted } }"#,
    )
    .await;
    assert_eq!(
        body["data"]["recordEnrolmentSnapshots"]["inserted"], 1,
        "{body}"
    );
    let log = domain::audit::list(
        &t.db,
        &domain::auth::Caller::operator(),
        &domain::audit::Filter {
            subject: Some("officer-17".into()),
            ..Default::default()
        },
        domain::query::newest::IdWindow::newest(10),
    )
    .await
    .unwrap()
    .items;
    assert_eq!(log.len(), 1);
    assert_eq!((log[0].role.as_str(), log[0].token_id), ("school", None));

    // Refused: tampered, signed with another key, expired, another issuer, an unknown scope.
    let mut tampered = good.clone();
    let last = tampered.pop().unwrap();
    tampered.push(if last == 'A' { 'B' } else { 'A' });
    let mut other_issuer = claims("school", "KG-O-UZG-045", now + 600);
    other_issuer["iss"] = "https://evil.example".into();
    for (case, token, words) in [
        ("tampered", tampered, "does not match"),
        (
            "another key",
            sso(
                claims("admin", "", now + 600),
                "another secret that is 32 bytes long!!",
            ),
            "does not match",
        ),
        (
            "expired",
            sso(claims("school", "KG-O-UZG-045", now - 3600), SSO_SECRET),
            "expired",
        ),
        (
            "another issuer",
            sso(other_issuer, SSO_SECRET),
            "does not match",
        ),
        (
            "unknown scope",
            sso(claims("district", "KG-X-NOPE", now + 600), SSO_SECRET),
            "role or scope",
        ),
    ] {
        let (status, body) = post_bearer(&cli, &token, "{ regions { code } }").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{case}: {body}");
        assert!(body.to_string().contains(words), "{case}: {body}");
    }

    // Without a configured key a JWT is refused, never taken as anonymous.
    let plain = TestApp::new(&t);
    let (status, body) = post_bearer(&plain, &good, "{ regions { code } }").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(body.to_string().contains("single sign-on"), "{body}");

    // A short secret fails configuration, naming the setting.
    let mut config = t.config.clone();
    config.auth.jwt = Some(domain::config::JwtConfig {
        algorithm: "HS256".into(),
        key: "short".into(),
        issuer: None,
        audience: None,
    });
    let err = config.validate().unwrap_err().to_string();
    assert!(err.contains("auth.jwt"), "{err}");
}
