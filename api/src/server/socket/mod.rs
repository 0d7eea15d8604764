//! `/graphql/ws`: the `trendsRefreshed` subscription over WebSocket (graphql-transport-ws, or
//! the older graphql-ws), bounded so that sockets cannot exhaust the server.
//!
//! A hostile probe once held 2,000 anonymous sockets from one client and 20,000 from two (the
//! process ran out of file descriptors and `/healthz` stopped answering). Now:
//! - an upgrade takes a place among `server.websocket_max_connections` (else 503) and among
//!   the caller's `server.websocket_max_per_caller` (else 429), and the socket holds both for
//!   its whole life (they are moved into its task and freed when it ends);
//! - the socket itself (`connection`) closes when it is not initialised in time, when the
//!   client stops answering pings or reading, or when a message is too large; it runs at most
//!   `server.websocket_max_subscriptions` subscriptions, and every document passes the checks
//!   `POST /graphql` makes (`guard`) plus the one-root-field rule of subscriptions.

mod connection;

use super::AppState;
use super::layers::{Refusal, id_of};
use super::limits::{Key, Limits, Slot};
use crate::metrics::{Metrics, OpenSocket};
use async_graphql::http::ALL_WEBSOCKET_PROTOCOLS;
use async_graphql_poem::GraphQLProtocol;
use domain::auth::Caller;
use poem::http::StatusCode;
use poem::web::websocket::{WebSocket, WebSocketConfig};
use poem::{Endpoint, FromRequest, IntoResponse, Request, Response};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

pub(super) use crate::graphql::SocketSchema;

/// The `/graphql/ws` endpoint (inside `layers::authenticate`, which names the caller).
pub(super) struct Sockets {
    schema: SocketSchema,
    /// Places for sockets, all callers together.
    open: Arc<Semaphore>,
    /// Sockets per caller (the per-caller count of `limits`, without a rate).
    per_caller: Arc<Limits>,
    rules: Arc<Rules>,
    state: AppState,
    metrics: Arc<Metrics>,
}

/// What one socket may do (from `[server]`).
pub(super) struct Rules {
    pub(super) max_connections: u32,
    pub(super) max_per_caller: u32,
    pub(super) init_timeout: Duration,
    pub(super) ping_interval: Duration,
    pub(super) max_subscriptions: usize,
    pub(super) max_message_bytes: usize,
    pub(super) max_query_bytes: usize,
    pub(super) max_fields: u64,
}

/// What a socket holds while it is open: its place among all sockets and among its caller's.
/// The caller's place changes when `connection_init` signs in as someone else.
pub(super) struct Places {
    _open: OwnedSemaphorePermit,
    _counted: OpenSocket,
    caller: std::sync::Mutex<(Key, Slot)>,
}

impl Sockets {
    pub(super) fn new(state: &AppState, metrics: Arc<Metrics>) -> Sockets {
        let server = &state.config.server;
        let rules = Rules {
            max_connections: server.websocket_max_connections,
            max_per_caller: server.websocket_max_per_caller,
            init_timeout: Duration::from_millis(server.websocket_init_timeout_ms),
            ping_interval: Duration::from_millis(server.websocket_ping_interval_ms),
            max_subscriptions: usize::try_from(server.websocket_max_subscriptions)
                .unwrap_or(usize::MAX),
            max_message_bytes: server.websocket_max_message_bytes,
            max_query_bytes: server.max_query_bytes,
            max_fields: server.max_complexity as u64,
        };
        Sockets {
            schema: crate::graphql::socket_schema(&state.config, state.snapshots.clone()),
            open: Arc::new(Semaphore::new(
                usize::try_from(rules.max_connections).unwrap_or(usize::MAX),
            )),
            per_caller: Arc::new(Limits::new(rules.max_per_caller, 0)),
            rules: Arc::new(rules),
            state: state.clone(),
            metrics,
        }
    }

    /// The socket's places, or the refusal of its upgrade. The caller's cap is checked first,
    /// so one caller over its share is told so (429) rather than taking the last free places.
    fn admit(&self, key: Key) -> Result<Places, Refusal> {
        let slot = match self.per_caller.admit(key.clone()) {
            Ok(slot) => slot,
            // (Busy: `per_caller` has no rate.)
            Err(_) => {
                self.metrics.socket_refused("caller");
                let limit = self.rules.max_per_caller;
                return Err(Refusal {
                    status: StatusCode::TOO_MANY_REQUESTS,
                    code: "TOO_MANY_REQUESTS",
                    message: format!(
                        "this caller already has {limit} sockets open on /graphql/ws \
                         (server.websocket_max_per_caller); close one first"
                    ),
                });
            }
        };
        let Ok(open) = self.open.clone().try_acquire_owned() else {
            self.metrics.socket_refused("server");
            return Err(Refusal {
                status: StatusCode::SERVICE_UNAVAILABLE,
                code: "UNAVAILABLE",
                message: format!(
                    "the server has its most sockets open ({}, server.websocket_max_connections); \
                     try again later",
                    self.rules.max_connections
                ),
            });
        };
        Ok(Places {
            _open: open,
            _counted: self.metrics.socket_opened(),
            caller: std::sync::Mutex::new((key, slot)),
        })
    }

    /// Socket buffers sized for subscription messages: tungstenite's defaults (128 KiB to read
    /// and to write, messages up to 64 MiB) made an idle socket cost about 119 kB.
    fn config(&self) -> WebSocketConfig {
        let max = self.rules.max_message_bytes;
        WebSocketConfig::default()
            .read_buffer_size(4096)
            .write_buffer_size(0)
            .max_write_buffer_size(256 * 1024)
            .max_message_size(Some(max))
            .max_frame_size(Some(max))
    }
}

impl Endpoint for Sockets {
    type Output = Response;

    async fn call(&self, req: Request) -> poem::Result<Response> {
        let id = id_of(&req).id;
        let caller = req
            .extensions()
            .get::<Caller>()
            .cloned()
            .unwrap_or_default();
        let addr = req.remote_addr().as_socket_addr().map(|a| a.ip());
        let (req, mut body) = req.split();
        // Not an upgrade, or no protocol we speak: 400 before anything is counted.
        let websocket = WebSocket::from_request(&req, &mut body).await?;
        let protocol = GraphQLProtocol::from_request(&req, &mut body).await?;
        let places = match self.admit(Key::of(&caller, addr)) {
            Ok(places) => places,
            Err(refused) => {
                tracing::info!(request_id = %id, code = refused.code, "websocket refused");
                let mut res = refused.response(&id);
                res.headers_mut()
                    .insert(poem::http::header::RETRY_AFTER, 30.into());
                return Ok(res);
            }
        };
        let socket = connection::Socket {
            schema: self.schema.clone(),
            protocol,
            caller,
            addr,
            places: Arc::new(places),
            per_caller: self.per_caller.clone(),
            rules: self.rules.clone(),
            state: self.state.clone(),
        };
        // The places move into the upgrade's task: freed when the socket ends, or at once if
        // the connection closes before the upgrade completes (poem drops the callback).
        Ok(websocket
            .protocols(ALL_WEBSOCKET_PROTOCOLS)
            .config(self.config())
            .on_upgrade(move |stream| socket.serve(stream))
            .into_response())
    }
}
