//! HTTP wiring: POST /graphql (queries, mutations, multipart imports), GET /graphql
//! (GraphiQL, when enabled), GET /healthz (alive), GET /readyz (database reachable,
//! migrations applied), GET /metrics (Prometheus text).
//!
//! Every GraphQL request gets a request id (the caller's `x-request-id` if it is sane), a
//! body size limit, a timeout, a log line with its operation name and duration, and metrics.
//! Internal errors reach the client as `internal error` with the request id; the detail is
//! logged under the same id.

use crate::answers::{self, AnswerCache};
use crate::graphql::{AppSchema, Lang, RequestLang, Trace, build_schema};
use crate::metrics::{Metrics, operation_label};
use async_graphql::http::{GraphiQLSource, MultipartOptions};
use async_graphql::{BatchRequest, BatchResponse, ErrorExtensions};
use async_graphql_poem::GraphQLBatchResponse;
use domain::{Config, Db};
use poem::error::ReadBodyError;
use poem::http::{HeaderValue, Method, header};
use poem::listener::{Acceptor, Listener, TcpListener};
use poem::middleware::{Cors, Tracing};
use poem::web::{Data, Html, Json};
use poem::{
    Body, EndpointExt, IntoResponse, Request, Response, Route, Server, get, handler,
    http::StatusCode,
};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tracing::Instrument;

/// What every request handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    /// This instance's copy of the published trend generation.
    pub snapshots: Arc<crate::snapshot::Snapshots>,
}

const REQUEST_ID: &str = "x-request-id";

/// The application's routes, ready for a server or `poem::test::TestClient`.
pub fn app(state: AppState) -> impl poem::Endpoint {
    let schema: AppSchema = build_schema(
        state.db.clone(),
        state.config.clone(),
        state.snapshots.clone(),
    );
    let graphql = if state.config.server.graphiql {
        get(graphiql).post(graphql_post)
    } else {
        poem::post(graphql_post)
    };
    let origins = state.config.server.cors_origins.clone();
    let answers = Arc::new(AnswerCache::new(
        usize::try_from(
            state
                .config
                .server
                .answer_cache_mb
                .saturating_mul(1024 * 1024),
        )
        .unwrap_or(usize::MAX),
    ));
    let cors = Cors::new()
        .allow_origins(origins.iter().map(String::as_str))
        .allow_methods([Method::GET, Method::POST, Method::OPTIONS])
        .allow_headers(["content-type", "accept-language", REQUEST_ID])
        .expose_header(REQUEST_ID)
        .max_age(3600);
    Route::new()
        .at("/graphql", graphql)
        .at("/healthz", get(healthz))
        .at("/readyz", get(readyz))
        .at("/metrics", get(metrics_text))
        .data(state)
        .data(schema)
        .data(Arc::new(Metrics::new()))
        .data(answers)
        .with_if(!origins.is_empty(), cors)
        .with(Tracing)
}

#[handler]
fn graphiql() -> Html<String> {
    Html(
        GraphiQLSource::build()
            .endpoint("/graphql")
            .title("Sapat GraphQL")
            .finish(),
    )
}

static REQUESTS: AtomicU64 = AtomicU64::new(0);

/// The caller's request id when it is short and plain, else a new one.
fn request_id(req: &Request) -> String {
    if let Some(id) = req.header(REQUEST_ID)
        && !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return id.to_owned();
    }
    let start = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    format!(
        "{:x}-{:x}-{}",
        std::process::id(),
        start & 0xff_ffff,
        REQUESTS.fetch_add(1, Ordering::Relaxed)
    )
}

/// A GraphQL-shaped error answer for failures before execution.
fn refusal(status: StatusCode, code: &str, message: String, request_id: &str) -> Response {
    let body = serde_json::json!({
        "errors": [{ "message": message, "extensions": { "code": code, "requestId": request_id } }]
    });
    let mut res = (status, Json(body)).into_response();
    if let Ok(v) = HeaderValue::from_str(request_id) {
        res.headers_mut().insert(REQUEST_ID, v);
    }
    res
}

/// The operation name a request runs: the one it names, else its document's only named one.
fn operation_name(req: &async_graphql::Request) -> Option<String> {
    if let Some(name) = &req.operation_name {
        return Some(name.clone());
    }
    let doc = async_graphql::parser::parse_query(&req.query).ok()?;
    match doc.operations {
        async_graphql::parser::types::DocumentOperations::Multiple(ops) if ops.len() == 1 => {
            ops.keys().next().map(ToString::to_string)
        }
        _ => None,
    }
}

#[handler]
async fn graphql_post(
    req: &Request,
    body: Body,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    metrics: Data<&Arc<Metrics>>,
    answers: Data<&Arc<AnswerCache>>,
) -> Response {
    let started = Instant::now();
    let id = request_id(req);
    let caller = match authenticate(req, &state).await {
        Ok(caller) => caller,
        Err((status, code, message)) => return refusal(status, code, message, &id),
    };
    let server = &state.config.server;
    let limit = usize::try_from(server.body_limit_bytes).unwrap_or(usize::MAX);
    let declared = req
        .header(header::CONTENT_LENGTH)
        .and_then(|v| v.parse::<u64>().ok());
    let too_large = || {
        tracing::info!(request_id = %id, limit = server.body_limit_bytes, "request body too large");
        refusal(
            StatusCode::PAYLOAD_TOO_LARGE,
            "PAYLOAD_TOO_LARGE",
            format!(
                "the request body is larger than the limit of {} bytes",
                server.body_limit_bytes
            ),
            &id,
        )
    };
    if declared.is_some_and(|n| n > server.body_limit_bytes) {
        return too_large();
    }
    let bytes = match body.into_bytes_limit(limit).await {
        Ok(b) => b,
        Err(ReadBodyError::PayloadTooLarge) => return too_large(),
        Err(e) => {
            return refusal(
                StatusCode::BAD_REQUEST,
                "BAD_REQUEST",
                format!("the request body could not be read: {e}"),
                &id,
            );
        }
    };
    let content_type = req.header(header::CONTENT_TYPE).map(str::to_owned);
    let multipart = content_type
        .as_deref()
        .is_some_and(|t| t.starts_with("multipart/"));
    let batch = match async_graphql::http::receive_batch_body(
        content_type,
        &bytes[..],
        MultipartOptions::default(),
    )
    .await
    {
        Ok(b) => b,
        Err(e) => {
            return refusal(
                StatusCode::BAD_REQUEST,
                "BAD_REQUEST",
                format!("not a GraphQL request: {e}"),
                &id,
            );
        }
    };
    if let Err(refusal) = guard_batch(&batch, server) {
        tracing::info!(request_id = %id, %refusal, "request refused before validation");
        return refusal_response(refusal, &id);
    }
    let lang = req
        .header(header::ACCEPT_LANGUAGE)
        .and_then(Lang::from_accept_language)
        .unwrap_or_default();
    let operation = match &batch {
        BatchRequest::Single(r) => operation_label(operation_name(r).as_deref()),
        BatchRequest::Batch(_) => "batch".to_owned(),
    };
    let span = tracing::info_span!("graphql", request_id = %id, operation = %operation);
    // Only single JSON requests are kept, keyed by their exact body, caller and language.
    let cache_key = match &batch {
        BatchRequest::Single(_) if answers.enabled() && !multipart => {
            Some(answers::Key::new(caller.clone(), lang, &bytes))
        }
        _ => None,
    };
    if let Some(key) = &cache_key {
        if let Some(answer) = state
            .snapshots
            .version()
            .and_then(|version| answers.get(version, key))
        {
            let seconds = started.elapsed().as_secs_f64();
            metrics.answer_cache("hit");
            metrics.observe(&operation, "ok", seconds);
            let _enter = span.enter();
            tracing::info!(
                duration_ms = seconds * 1000.0,
                errors = 0,
                cached = true,
                "graphql request"
            );
            return with_request_id(answer.to_response(), &id);
        }
        metrics.answer_cache("miss");
    }
    let batch = batch.data(RequestLang(lang)).data(caller);
    let timeout = Duration::from_millis(server.request_timeout_ms);
    let execution = async {
        match batch {
            BatchRequest::Single(request) if cache_key.is_some() => {
                let (response, trace) = schema.execute_traced(request).await;
                (BatchResponse::Single(response), Some(trace))
            }
            batch => (schema.execute_batch(batch).await, None),
        }
    };
    let result = tokio::time::timeout(timeout, execution)
        .instrument(span.clone())
        .await;
    let seconds = started.elapsed().as_secs_f64();
    let _enter = span.enter();
    let Ok((mut response, trace)) = result else {
        metrics.observe(&operation, "timeout", seconds);
        tracing::warn!(duration_ms = seconds * 1000.0, "graphql request timed out");
        return refusal(
            StatusCode::SERVICE_UNAVAILABLE,
            "TIMEOUT",
            format!(
                "the request took longer than {} ms and was cancelled",
                server.request_timeout_ms
            ),
            &id,
        );
    };
    let errors = tag_internal_errors(&mut response, &id);
    let outcome = if errors == 0 { "ok" } else { "error" };
    metrics.observe(&operation, outcome, seconds);
    tracing::info!(duration_ms = seconds * 1000.0, errors, "graphql request");
    let res = GraphQLBatchResponse(response).into_response();
    let res = match (cache_key, trace) {
        (
            Some(key),
            Some(Trace {
                read_database: false,
                snapshot_version: Some(version),
            }),
        ) if errors == 0 => {
            let (parts, body) = res.into_parts();
            match body.into_bytes().await {
                Ok(body) => {
                    answers.put(
                        version,
                        key,
                        answers::Answer {
                            headers: parts.headers.clone(),
                            body: body.clone(),
                        },
                    );
                    metrics.answer_cache("stored");
                    Response::from_parts(parts, Body::from_bytes(body))
                }
                Err(e) => {
                    tracing::error!(error = %e, "reading a serialised answer failed");
                    return refusal(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        "INTERNAL",
                        format!("internal error (request id {id})"),
                        &id,
                    );
                }
            }
        }
        _ => res,
    };
    with_request_id(res, &id)
}

/// The checks of `guard` on every request of a batch, and the batch's size.
fn guard_batch(
    batch: &BatchRequest,
    server: &domain::config::ServerConfig,
) -> Result<(), crate::guard::Refusal> {
    let requests: &[async_graphql::Request] = match batch {
        BatchRequest::Single(r) => std::slice::from_ref(r),
        BatchRequest::Batch(rs) => rs,
    };
    if requests.len() > server.max_batch {
        return Err(crate::guard::Refusal::TooManyRequests {
            requests: requests.len(),
            limit: server.max_batch,
        });
    }
    requests.iter().try_for_each(|r| {
        crate::guard::check(
            &r.query,
            server.max_query_bytes,
            server.max_complexity as u64,
        )
    })
}

fn refusal_response(why: crate::guard::Refusal, id: &str) -> Response {
    let code = match why {
        crate::guard::Refusal::TooLong { .. } => "QUERY_TOO_LONG",
        crate::guard::Refusal::TooManyRequests { .. } => "BATCH_TOO_LARGE",
        _ => "QUERY_TOO_COMPLEX",
    };
    refusal(StatusCode::BAD_REQUEST, code, why.to_string(), id)
}

fn with_request_id(mut res: Response, id: &str) -> Response {
    if let Ok(v) = HeaderValue::from_str(id) {
        res.headers_mut().insert(REQUEST_ID, v);
    }
    res
}

/// The caller from `Authorization: Bearer <token>`; anonymous without the header (when the
/// configuration allows it). A bad, revoked or expired token is refused, never downgraded
/// to anonymous.
async fn authenticate(
    req: &Request,
    state: &AppState,
) -> Result<domain::auth::Caller, (StatusCode, &'static str, String)> {
    let unauthenticated = |m: String| (StatusCode::UNAUTHORIZED, "UNAUTHENTICATED", m);
    let Some(header) = req.header(header::AUTHORIZATION) else {
        if state.config.auth.allow_anonymous {
            return Ok(domain::auth::Caller(None));
        }
        return Err(unauthenticated(
            "this API needs a bearer token (anonymous access is turned off)".into(),
        ));
    };
    let Some(token) = header.strip_prefix("Bearer ").map(str::trim) else {
        return Err(unauthenticated(
            "the Authorization header must be `Bearer <token>`".into(),
        ));
    };
    let checked = if domain::auth::is_jwt(token) {
        domain::auth::authenticate_jwt(&state.db, state.config.auth.jwt.as_ref(), token).await
    } else {
        domain::auth::authenticate(&state.db, token).await
    };
    match checked {
        Ok(Ok(principal)) => Ok(domain::auth::Caller(Some(principal))),
        Ok(Err(rejection)) => Err(unauthenticated(rejection.to_string())),
        Err(e) => {
            tracing::error!(error = %e, "token check failed");
            Err((
                StatusCode::INTERNAL_SERVER_ERROR,
                "INTERNAL",
                "internal error".into(),
            ))
        }
    }
}

/// Adds the request id to internal errors (so a user can quote it) and counts all errors.
fn tag_internal_errors(response: &mut BatchResponse, id: &str) -> usize {
    let responses: Vec<&mut async_graphql::Response> = match response {
        BatchResponse::Single(r) => vec![r],
        BatchResponse::Batch(rs) => rs.iter_mut().collect(),
    };
    let mut n = 0;
    for r in responses {
        n += r.errors.len();
        for e in &mut r.errors {
            let internal = e
                .extensions
                .as_ref()
                .and_then(|x| x.get("code"))
                .is_some_and(|c| *c == async_graphql::Value::from("INTERNAL"));
            if internal {
                let tagged = async_graphql::Error::new(e.message.clone()).extend_with(|_, ext| {
                    ext.set("code", "INTERNAL");
                    ext.set("requestId", id);
                });
                e.extensions = tagged.extensions;
            }
        }
    }
    n
}

fn backend(state: &AppState) -> &'static str {
    if state.config.database.url.is_sqlite() {
        "sqlite"
    } else {
        "postgres"
    }
}

#[handler]
async fn healthz(state: Data<&AppState>) -> poem::Response {
    let backend = backend(&state);
    match domain::db::ping(&state.db).await {
        Ok(()) => Json(serde_json::json!({ "status": "ok", "database": backend })).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(serde_json::json!({ "status": "unavailable", "database": backend })),
            )
                .into_response()
        }
    }
}

/// Ready when the database answers and no migration is pending.
#[handler]
async fn readyz(state: Data<&AppState>) -> poem::Response {
    let backend = backend(&state);
    let not_ready = |reason: String| {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(
                serde_json::json!({ "status": "not_ready", "database": backend, "reason": reason }),
            ),
        )
            .into_response()
    };
    if let Err(e) = domain::db::ping(&state.db).await {
        tracing::error!(error = %e, "readiness: database unreachable");
        return not_ready("database unreachable".into());
    }
    match domain::db::pending_migrations(&state.db).await {
        Ok(p) if p.is_empty() => {
            Json(serde_json::json!({ "status": "ready", "database": backend })).into_response()
        }
        Ok(p) => not_ready(format!("{} migration(s) pending", p.len())),
        Err(e) => {
            tracing::error!(error = %e, "readiness: migration status unknown");
            not_ready("migration status unknown".into())
        }
    }
}

#[handler]
fn metrics_text(state: Data<&AppState>, metrics: Data<&Arc<Metrics>>) -> poem::Response {
    Response::builder()
        .content_type("text/plain; version=0.0.4")
        .body(metrics.render(&state.db))
}

/// Binds `bind` and returns the bound address with the acceptor (`127.0.0.1:0` picks a port).
pub async fn bind(bind: String) -> std::io::Result<(std::net::SocketAddr, impl Acceptor)> {
    let acceptor = TcpListener::bind(bind).into_acceptor().await?;
    let addr = acceptor
        .local_addr()
        .first()
        .and_then(|a| a.as_socket_addr().copied())
        .ok_or_else(|| std::io::Error::other("listener has no socket address"))?;
    Ok((addr, acceptor))
}

/// Serves until `shutdown` resolves, then lets in-flight requests finish (up to 10 s).
pub async fn serve(
    acceptor: impl Acceptor + 'static,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    Server::new_with_acceptor(acceptor)
        .run_with_graceful_shutdown(
            app(state),
            shutdown,
            Some(std::time::Duration::from_secs(10)),
        )
        .await
}
