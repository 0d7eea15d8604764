//! HTTP wiring: POST /graphql (queries), GET /graphql (GraphiQL, when enabled), GET /healthz.

use crate::graphql::{AppSchema, build_schema};
use async_graphql::http::GraphiQLSource;
use async_graphql_poem::GraphQL;
use domain::{Config, Db};
use poem::listener::{Acceptor, Listener, TcpListener};
use poem::middleware::Tracing;
use poem::web::{Data, Html, Json};
use poem::{EndpointExt, IntoResponse, Route, Server, get, handler, http::StatusCode};
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
    let schema: AppSchema = build_schema(
        state.db.clone(),
        state.config.clone(),
        state.snapshots.clone(),
    );
    let graphql = if state.config.server.graphiql {
        get(graphiql).post(GraphQL::new(schema))
    } else {
        poem::post(GraphQL::new(schema))
    };
    Route::new()
        .at("/graphql", graphql)
        .at("/healthz", get(healthz))
        .data(state)
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

#[handler]
async fn healthz(state: Data<&AppState>) -> poem::Response {
    let backend = if state.config.database.url.is_sqlite() {
        "sqlite"
    } else {
        "postgres"
    };
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
