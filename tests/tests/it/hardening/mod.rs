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
