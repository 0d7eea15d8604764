//! Hostile requests that used to take the server down or grow it without bound: workbook
//! bombs, fragment fan-out, aliased league tables, invented operation names.
//!
//! Split by where the attack lands: files (`files`), requests (`requests`), and outages and
//! callers that hog the server (`outages`).

use async_graphql::{Request, Variables};
use integration_tests::Captured;
use integration_tests::{TestApp, TestDb, upload};
use poem::http::StatusCode;
use serde_json::{Value, json};
use std::sync::Arc;

mod exports;
mod files;
mod languages;
mod outages;
mod public_page;
mod requests;
mod uploads;

pub(super) fn import_request(name: &str, bytes: &[u8]) -> Request {
    let mut req = Request::new(
        "mutation($file: Upload!) { importFile(kind: OLYMPIAD_COUNTS, file: $file) { rows } }",
    )
    .variables(Variables::from_json(json!({ "file": null })));
    req.set_upload("variables.file", upload(name, bytes));
    req
}

/// The app of `t`'s configuration over another database, `url` opened with `opts` (a pool
/// whose database is down, or one that is read-only).
pub(super) async fn app_on(
    t: &TestDb,
    url: &str,
    edit: impl FnOnce(&mut sea_orm::ConnectOptions),
) -> poem::test::TestClient<impl poem::Endpoint> {
    let mut opts = sea_orm::ConnectOptions::new(url);
    edit(&mut opts);
    let db = sea_orm::Database::connect(opts).await.unwrap();
    let mut config = t.config.clone();
    config.database.url = domain::config::DatabaseUrl::new(url);
    poem::test::TestClient::new(api::app(api::AppState {
        db: db.clone(),
        config: Arc::new(config),
        snapshots: api::snapshot::Snapshots::new(db),
    }))
}

/// [`app_on`] a database that has gone away (nothing listens on port 1), each request
/// waiting `acquire_ms` for a connection.
pub(super) async fn app_with_database_down(
    t: &TestDb,
    acquire_ms: u64,
) -> poem::test::TestClient<impl poem::Endpoint> {
    app_on(t, "postgres://postgres@127.0.0.1:1/sapat", move |o| {
        o.connect_lazy(true)
            .acquire_timeout(std::time::Duration::from_millis(acquire_ms));
    })
    .await
}

pub(super) fn schema(t: &TestDb) -> api::graphql::AppSchema {
    api::graphql::build_schema(
        t.db.clone(),
        Arc::new(t.config.clone()),
        api::snapshot::Snapshots::new(t.db.clone()),
    )
}

pub(super) async fn admin(t: &TestDb) -> domain::auth::Caller {
    let secret = t.admin_token().await;
    domain::auth::Caller(Some(
        domain::auth::authenticate(&t.db, &secret)
            .await
            .unwrap()
            .unwrap(),
    ))
}

/// The first error's code and message, or the data.
pub(super) async fn run(
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

/// Runs `req` as an admin and returns its refusal's message and extensions, checked to be
/// `BAD_USER_INPUT` (a long message shown by its first 300 characters).
pub(super) async fn refused_as_bad_input(t: &TestDb, req: Request) -> (String, Value) {
    let (code, message, ext) = run(t, admin(t).await, req).await.unwrap_err();
    let head: String = message.chars().take(300).collect();
    assert_eq!(code, "BAD_USER_INPUT", "{head}");
    (message, ext)
}
