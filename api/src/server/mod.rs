//! HTTP wiring: GET / (the built-in dashboard, its files under /dashboard/), GET
//! /schools/{code} (a school's public page), GET /reports/… and /exports/… (downloads), POST /graphql
//! (queries, mutations, multipart imports), GET /graphql (GraphiQL, when enabled),
//! /graphql/ws (subscriptions over WebSocket, see `socket`), GET /healthz (alive), GET /readyz (database reachable,
//! migrations applied), GET /metrics (Prometheus text).
//!
//! Every GraphQL request gets a request id (the caller's `x-request-id` if it is sane), a
//! body size limit, a timeout, a log line with its operation name and duration, and metrics:
//! the layers of `layers`, around the handler of `graphql`. Internal errors reach the client
//! as `internal error` with the request id; the detail is logged under the same id.

mod dashboard;
mod exports;
mod graphiql;
mod graphql;
mod idle;
mod layers;
mod limits;
mod public;
mod reports;
mod socket;

use crate::answers::AnswerCache;
use crate::graphql::{AppSchema, build_schema};
use crate::metrics::Metrics;
use domain::{Config, Db};
use layers::REQUEST_ID;
use poem::http::Method;
use poem::listener::{Acceptor, Listener, TcpListener};
use poem::middleware::Cors;
use poem::web::{Data, Json};
use poem::{EndpointExt, IntoResponse, Response, Route, Server, get, handler, http::StatusCode};
use std::sync::Arc;

/// What every request handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    /// This instance's copy of the published trend generation.
    pub snapshots: Arc<crate::snapshot::Snapshots>,
}

/// The application's routes, ready for a server or `poem::test::TestClient`.
pub fn app(state: AppState) -> impl poem::Endpoint {
    let metrics = Arc::new(Metrics::new());
    report::limit_renders(state.config.server.max_concurrent_renders);
    let quotas = Quotas::new(&state);
    let post = graphql_endpoint(&state, metrics.clone(), &quotas);
    let graphql = if state.config.server.graphiql {
        get(graphiql::page).post(post)
    } else {
        poem::post(post)
    };
    let origins = state.config.server.cors_origins.clone();
    let cors = Cors::new()
        .allow_origins(origins.iter().map(String::as_str))
        .allow_methods([Method::GET, Method::POST, Method::OPTIONS])
        .allow_headers([
            "content-type",
            "accept-language",
            "authorization",
            REQUEST_ID,
        ])
        .expose_header(REQUEST_ID)
        .max_age(3600);
    let mut routes = Route::new().at("/graphql", graphql);
    if state.config.server.graphiql {
        routes = routes.at("/graphiql/:file", get(graphiql::asset));
    }
    if state.config.server.websocket {
        // The upgrade request is authenticated like a POST (a browser cannot send a header
        // there: the page subscribes anonymously, freshness is public, or signs in with its
        // `connection_init`); `socket` caps and checks what follows.
        let (auth, refused) = (state.clone(), quotas.refused_tokens.clone());
        routes = routes.at(
            "/graphql/ws",
            get(socket::Sockets::new(&state, metrics.clone()))
                .around(move |ep, req| layers::authenticate(ep, req, auth.clone(), refused.clone()))
                .around(layers::request_id),
        );
    }
    routes
        .at("/", get(dashboard::page))
        .at("/dashboard/:file", get(dashboard::asset))
        .at(
            "/reports/:kind/:code/:file",
            download_endpoint(&state, &quotas, get(reports::download)),
        )
        .at(
            "/exports/:file",
            download_endpoint(
                &state,
                &quotas,
                get(exports::download).data(exports::Gate::new(&state)),
            ),
        )
        .at(
            "/schools/:code",
            public_endpoint(&state, &quotas, get(public::page)),
        )
        .at("/public/school.css", get(public::stylesheet))
        .at("/healthz", get(healthz))
        .at("/readyz", get(readyz))
        .at("/metrics", get(metrics_text))
        .data(state)
        .data(metrics)
        .with_if(!origins.is_empty(), cors)
        .around(same_origin)
        // A browser must not guess another type for an answer (a JSON error read as HTML).
        .with(
            poem::middleware::SetHeader::new()
                .overriding(poem::http::header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        )
        .with(poem::middleware::CatchPanic::new().with_handler(panicked))
        .around(access_log)
}

/// A bug must not cost the caller its connection or tell it more than that it happened: the
/// panic and its backtrace go to the log (the panic hook), the caller gets a coded 500.
fn panicked(_: Box<dyn std::any::Any + Send>) -> Response {
    tracing::error!("a request panicked; answered 500 INTERNAL");
    layers::Refusal {
        status: poem::http::StatusCode::INTERNAL_SERVER_ERROR,
        code: "INTERNAL",
        message: "internal error".into(),
    }
    .response("")
}

/// Drops the `Origin` of a same-origin request (its authority is the request's own `Host`):
/// browsers send one on every POST, and the CORS layer would refuse the built-in GraphiQL
/// unless the server's own address were also listed in `server.cors_origins`.
async fn same_origin<E: poem::Endpoint>(
    next: Arc<E>,
    mut req: poem::Request,
) -> poem::Result<Response> {
    let headers = req.headers();
    let own = match (
        headers.get(poem::http::header::ORIGIN),
        headers.get(poem::http::header::HOST),
    ) {
        (Some(origin), Some(host)) => origin
            .to_str()
            .ok()
            .and_then(|o| o.split_once("://"))
            .is_some_and(|(_, authority)| authority.as_bytes() == host.as_bytes()),
        _ => false,
    };
    if own {
        req.headers_mut().remove(poem::http::header::ORIGIN);
    }
    next.call(req).await.map(IntoResponse::into_response)
}

/// Each request's span and response line, naming the path but never the query string: a
/// token put there by mistake must not reach the log (poem's `Tracing` logs the whole URI).
async fn access_log<E: poem::Endpoint>(
    next: Arc<E>,
    mut req: poem::Request,
) -> poem::Result<Response> {
    use tracing::Instrument;
    let path = domain::auth::redact_tokens(req.uri().path()).into_owned();
    // Every line of every route names its request, so the id an error answer gives can be
    // found in the log (`layers::request_id` sends it back).
    let id = layers::RequestId::of(&req);
    let span = tracing::info_span!("request", method = %req.method(), %path, request_id = %id.id);
    req.extensions_mut().insert(id);
    async move {
        let started = std::time::Instant::now();
        let res = next.call(req).await.map(IntoResponse::into_response);
        let status = match &res {
            Ok(r) => r.status(),
            Err(e) => e.status(),
        };
        tracing::info!(
            status = status.as_u16(),
            duration_ms = started.elapsed().as_secs_f64() * 1000.0,
            "response"
        );
        res
    }
    .instrument(span)
    .await
}

/// The per-caller limits, one set for every route, so that a caller's GraphQL requests,
/// downloads and public pages count together: `per_caller` (in progress, per minute), and
/// `refused_tokens`, the rate of refused tokens per client address (a guesser is slowed down
/// like any caller, instead of getting a free 401 every time).
struct Quotas {
    per_caller: Arc<limits::Limits>,
    refused_tokens: Arc<limits::Limits>,
}

impl Quotas {
    fn new(state: &AppState) -> Quotas {
        let server = &state.config.server;
        Quotas {
            per_caller: Arc::new(limits::Limits::new(
                server.max_concurrent_per_caller,
                server.requests_per_minute_per_caller,
            )),
            refused_tokens: Arc::new(limits::Limits::new(
                0,
                server.requests_per_minute_per_caller,
            )),
        }
    }
}

/// `POST /graphql`: the handler inside its layers (outermost last; see `layers`).
fn graphql_endpoint(
    state: &AppState,
    metrics: Arc<Metrics>,
    quotas: &Quotas,
) -> impl poem::Endpoint + use<> {
    let server = &state.config.server;
    let answers = Arc::new(AnswerCache::new(
        usize::try_from(server.answer_cache_mb.saturating_mul(1024 * 1024)).unwrap_or(usize::MAX),
    ));
    let schema: AppSchema = build_schema(
        state.db.clone(),
        state.config.clone(),
        state.snapshots.clone(),
    );
    let handler = Arc::new(graphql::Graphql {
        schema,
        answers,
        metrics: metrics.clone(),
        snapshots: state.snapshots.clone(),
        server: server.clone(),
    });
    let (per_caller, refused) = (quotas.per_caller.clone(), quotas.refused_tokens.clone());
    let (limit, timeout_ms, auth) = (
        server.body_limit_bytes,
        server.request_timeout_ms,
        state.clone(),
    );
    graphql::graphql_post
        .data(handler)
        .around(move |ep, req| layers::timeout(ep, req, timeout_ms))
        .around(move |ep, req| layers::observe(ep, req, metrics.clone()))
        .around(move |ep, req| layers::body_limit(ep, req, limit))
        .around(move |ep, req| layers::per_caller(ep, req, per_caller.clone()))
        .around(move |ep, req| layers::authenticate(ep, req, auth.clone(), refused.clone()))
        .around(layers::request_id)
}

/// The downloads (reports, exports): the caller as for GraphQL, the same per-caller limits (a
/// report is seconds of CPU) and deadline (for an export, until its body starts).
fn download_endpoint<E: poem::Endpoint + 'static>(
    state: &AppState,
    quotas: &Quotas,
    endpoint: E,
) -> impl poem::Endpoint + use<E> {
    let server = &state.config.server;
    let (per_caller, refused) = (quotas.per_caller.clone(), quotas.refused_tokens.clone());
    let (timeout_ms, auth) = (server.request_timeout_ms, state.clone());
    endpoint
        .around(move |ep, req| layers::timeout(ep, req, timeout_ms))
        .around(move |ep, req| layers::per_caller(ep, req, per_caller.clone()))
        .around(move |ep, req| layers::authenticate(ep, req, auth.clone(), refused.clone()))
        .around(layers::request_id)
}

/// The public school page: anonymous by design, so each client address has the per-caller
/// limits of an anonymous GraphQL caller (in progress, per minute) and the request deadline.
fn public_endpoint<E: poem::Endpoint + 'static>(
    state: &AppState,
    quotas: &Quotas,
    endpoint: E,
) -> impl poem::Endpoint + use<E> {
    let server = &state.config.server;
    let per_caller = quotas.per_caller.clone();
    let timeout_ms = server.request_timeout_ms;
    endpoint
        .around(move |ep, req| layers::timeout(ep, req, timeout_ms))
        .around(move |ep, req| layers::per_caller(ep, req, per_caller.clone()))
        .around(layers::request_id)
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
    match domain::db::unwritable(&state.db).await {
        Ok(None) => {}
        Ok(Some(why)) => {
            tracing::error!(reason = %why, "readiness: the database cannot be written");
            return not_ready("database cannot be written".into());
        }
        Err(e) => {
            tracing::error!(error = %e, "readiness: cannot tell whether the database can be written");
            return not_ready("database cannot be written".into());
        }
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
async fn metrics_text(state: Data<&AppState>, metrics: Data<&Arc<Metrics>>) -> poem::Response {
    // Read from the database at each scrape, so runs of other processes count; when it cannot
    // be read, the trend series are absent (alert on `absent(...)`) and the rest still answers.
    let health = domain::trend::runs::health(&state.db, jobs::trends::JOB)
        .await
        .inspect_err(|e| tracing::error!(error = %e, "metrics: cannot read the trend job's runs"))
        .ok();
    let served = state.snapshots.served_generation();
    Response::builder()
        .content_type("text/plain; version=0.0.4")
        .body(metrics.render(&state.db, health.as_ref(), served))
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

/// Serves until `shutdown` resolves, then lets in-flight requests finish (up to 10 s). A
/// connection silent for `server.idle_timeout_ms` is closed (one that sent half its headers,
/// say: see `idle`).
pub async fn serve(
    acceptor: impl Acceptor + 'static,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let idle = std::time::Duration::from_millis(state.config.server.idle_timeout_ms);
    Server::new_with_acceptor(idle::IdleAcceptor::new(acceptor, idle))
        .run_with_graceful_shutdown(
            app(state),
            shutdown,
            Some(std::time::Duration::from_secs(10)),
        )
        .await
}
