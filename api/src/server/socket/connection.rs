//! One socket's life. async-graphql's own loop (`async_graphql_poem::GraphQLWebSocket::serve`)
//! runs every document it is sent and waits on a silent client forever; this loop sits between
//! the client and async-graphql's protocol state (`async_graphql::http::WebSocket`) and:
//! - closes a socket not initialised within `server.websocket_init_timeout_ms` (4408);
//! - pings every `server.websocket_ping_interval_ms`, and closes a socket that has sent nothing
//!   for two intervals (browsers answer pings by themselves) or has not read what it was sent
//!   within one;
//! - checks every `subscribe` before async-graphql sees it (`guard::check_socket`: length,
//!   fields after fragments, one root field) and counts the subscriptions running, answering a
//!   refused one with the protocol's `error` message and an `extensions.code`;
//! - reads the token of `connection_init` (`{"authorization": "Bearer …"}`): a bad one closes
//!   the socket with 4403 (graphql-transport-ws's "Forbidden"; `connection_error` in the older
//!   protocol), a good one makes the socket its caller's.

use super::{Places, Rules, SocketSchema};
use crate::guard;
use crate::server::AppState;
use crate::server::layers::caller_of;
use crate::server::limits::{Key, Limits};
use async_graphql::futures_util::{SinkExt, StreamExt, stream};
use async_graphql::http::{WebSocketProtocols as Protocols, WsMessage};
use async_graphql::{Data, ErrorExtensions};
use async_graphql_poem::GraphQLProtocol;
use domain::auth::Caller;
use poem::http::HeaderValue;
use poem::web::websocket::{Message, WebSocketStream};
use serde_json::{Value, json};
use std::collections::HashSet;
use std::net::IpAddr;
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, PoisonError};
use std::time::Duration;
use tokio::time::Instant;

/// An upgraded socket and what it needs to run.
pub(super) struct Socket {
    pub(super) schema: SocketSchema,
    pub(super) protocol: GraphQLProtocol,
    /// Who the upgrade request said it was.
    pub(super) caller: Caller,
    pub(super) addr: Option<IpAddr>,
    pub(super) places: Arc<Places>,
    pub(super) per_caller: Arc<Limits>,
    pub(super) rules: Arc<Rules>,
    pub(super) state: AppState,
}

/// The fields of a message this loop reads (the rest is async-graphql's).
#[derive(serde::Deserialize)]
struct Peek {
    #[serde(rename = "type")]
    kind: String,
    id: Option<String>,
    #[serde(default)]
    payload: Value,
}

/// What the server sends, as far as this loop cares.
#[derive(serde::Deserialize)]
struct PeekOut {
    #[serde(rename = "type")]
    kind: String,
    id: Option<String>,
}

/// The future of the `connection_init` callback.
type InitFuture =
    std::pin::Pin<Box<dyn std::future::Future<Output = async_graphql::Result<Data>> + Send>>;

/// How the socket ends: with a close frame (code, reason) or without (the client left).
type Ending = Option<(u16, String)>;

impl Socket {
    pub(super) async fn serve(self, stream: WebSocketStream) {
        let rules = self.rules.clone();
        let places = self.places.clone();
        let legacy = self.protocol.0 == Protocols::SubscriptionsTransportWS;
        let (mut sink, mut source) = stream.split();
        // Client messages this loop lets through, to async-graphql's protocol state.
        let (forward, mut inbox) = tokio::sync::mpsc::unbounded_channel::<Vec<u8>>();
        let input = stream::poll_fn(move |cx| inbox.poll_recv(cx));
        let init_refusal = Arc::new(AtomicU16::new(0));
        let mut data = Data::default();
        data.insert(self.caller.clone());
        let mut graphql = Box::pin(
            async_graphql::http::WebSocket::new(self.schema.clone(), input, self.protocol.0)
                .connection_data(data)
                .on_connection_init(self.on_init(init_refusal.clone())),
        );
        let mut running: HashSet<String> = HashSet::new();
        let mut acked = false;
        let mut peer_closed = false;
        let init_deadline = tokio::time::sleep(rules.init_timeout);
        tokio::pin!(init_deadline);
        let mut ping =
            tokio::time::interval_at(Instant::now() + rules.ping_interval, rules.ping_interval);
        let mut heard = Instant::now();
        let send_within = rules.ping_interval;
        let ending: Ending = loop {
            tokio::select! {
                frame = source.next() => {
                    let message = match frame {
                        None => break None,
                        Some(Ok(message)) => message,
                        Some(Err(e)) => break read_failed(&e, &rules),
                    };
                    heard = Instant::now();
                    match message {
                        Message::Text(_) | Message::Binary(_) => {
                            let bytes = message.into_bytes();
                            match inspect(&bytes, &mut running, &rules, legacy) {
                                Verdict::Pass => {
                                    if forward.send(bytes).is_err() {
                                        break None;
                                    }
                                }
                                Verdict::Answer(refusal) => {
                                    if !send(&mut sink, Message::text(refusal), send_within).await {
                                        break None;
                                    }
                                }
                                Verdict::Close(code, reason) => break Some((code, reason)),
                            }
                        }
                        Message::Close(_) => {
                            peer_closed = true;
                            break None;
                        }
                        // tungstenite answers pings itself; a pong is only a sign of life.
                        Message::Ping(_) | Message::Pong(_) => {}
                    }
                }
                out = graphql.next() => match out {
                    None => break None,
                    Some(WsMessage::Text(text)) => {
                        if let Ok(peek) = serde_json::from_str::<PeekOut>(&text) {
                            match (peek.kind.as_str(), peek.id) {
                                ("connection_ack", _) => acked = true,
                                ("complete", Some(id)) => {
                                    running.remove(&id);
                                }
                                _ => {}
                            }
                        }
                        if !send(&mut sink, Message::text(text), send_within).await {
                            break None;
                        }
                    }
                    Some(WsMessage::Close(code, reason)) => {
                        let refused = init_refusal.load(Ordering::Relaxed);
                        break Some((if refused == 0 { code } else { refused }, reason));
                    }
                },
                () = &mut init_deadline, if !acked => {
                    break Some((4408, "Connection initialisation timeout".into()));
                }
                _ = ping.tick() => {
                    if heard.elapsed() >= rules.ping_interval * 2 {
                        break Some((1001, "no answer to pings".into()));
                    }
                    if !send(&mut sink, Message::ping(Vec::new()), send_within).await {
                        break None;
                    }
                }
            }
        };
        if let Some((code, reason)) = ending {
            tracing::debug!(code, %reason, "websocket closed by the server");
            let close = Message::close_with(code, close_reason(&reason));
            send(&mut sink, close, Duration::from_secs(1)).await;
        } else if peer_closed {
            // tungstenite queues the answering close frame (RFC 6455 §5.5.1, the client's code
            // echoed) and sends it on the next flush; closing the sink flushes it.
            let _ = tokio::time::timeout(Duration::from_secs(1), sink.close()).await;
        }
        // The places go with `self` and `places` here, whatever ended the socket.
        drop(places);
    }

    /// The `connection_init` callback: the caller of the payload's token (else the upgrade's),
    /// counted among its own sockets; a refusal sets the close code.
    fn on_init(
        &self,
        refusal: Arc<AtomicU16>,
    ) -> impl FnOnce(Value) -> InitFuture + Send + 'static {
        let (caller, addr, state) = (self.caller.clone(), self.addr, self.state.clone());
        let (places, per_caller) = (self.places.clone(), self.per_caller.clone());
        let limit = self.rules.max_per_caller;
        move |payload: Value| {
            Box::pin(async move {
                let refuse = |code: u16, message: String| {
                    refusal.store(code, Ordering::Relaxed);
                    Err(async_graphql::Error::new(message))
                };
                let given = payload
                    .get("authorization")
                    .or_else(|| payload.get("Authorization"));
                let caller = match given {
                    None | Some(Value::Null) => caller,
                    Some(value) => {
                        let header = value.as_str().and_then(|v| HeaderValue::from_str(v).ok());
                        let Some(header) = header else {
                            return refuse(
                                4403,
                                "authorization must be `Bearer <token>` in plain ASCII".into(),
                            );
                        };
                        // Close reasons stay English: a close frame's reason is at most
                        // 123 bytes, too short for most Kyrgyz or Russian texts.
                        let lang = domain::messages::Lang::En;
                        match caller_of(Some(&header), &state, lang).await {
                            Ok(caller) => caller,
                            Err(refused) if refused.code == "UNAUTHENTICATED" => {
                                return refuse(4403, refused.message);
                            }
                            Err(refused) => return refuse(1011, refused.message),
                        }
                    }
                };
                let key = Key::of(&caller, addr);
                {
                    let mut held = places.caller.lock().unwrap_or_else(PoisonError::into_inner);
                    if held.0 != key {
                        match per_caller.admit(key.clone()) {
                            Ok(slot) => *held = (key, slot),
                            Err(_) => {
                                return refuse(
                                    4429,
                                    format!("this caller already has {limit} sockets open"),
                                );
                            }
                        }
                    }
                }
                let mut data = Data::default();
                data.insert(caller);
                Ok(data)
            }) as InitFuture
        }
    }
}

/// What to do with a client message.
enum Verdict {
    /// Let async-graphql have it.
    Pass,
    /// Answer it with this message instead.
    Answer(String),
    /// Close the socket (code, reason).
    Close(u16, String),
}

/// A client message's verdict: `subscribe` (`start` in the older protocol) passes
/// `guard::check_socket`, the socket's subscription cap and (graphql-transport-ws) a fresh id;
/// `complete` (`stop`) ends one. A message that is not ours to read goes to async-graphql,
/// which answers it in the protocol's words.
fn inspect(bytes: &[u8], running: &mut HashSet<String>, rules: &Rules, legacy: bool) -> Verdict {
    let Ok(peek) = serde_json::from_slice::<Peek>(bytes) else {
        return Verdict::Pass;
    };
    match (peek.kind.as_str(), peek.id) {
        ("subscribe" | "start", Some(id)) => {
            let query = peek.payload.get("query").and_then(Value::as_str);
            let operation = peek.payload.get("operationName").and_then(Value::as_str);
            let checked = guard::check_socket(
                query.unwrap_or_default(),
                operation,
                rules.max_query_bytes,
                rules.max_fields,
            );
            if let Err(why) = checked {
                tracing::info!(%why, "websocket document refused before validation");
                return Verdict::Answer(error_message(&id, why.code(), &why.to_string(), legacy));
            }
            // graphql-transport-ws: a second subscriber under a running id closes the socket.
            if !legacy && running.contains(&id) {
                return Verdict::Close(4409, format!("Subscriber for {id} already exists"));
            }
            if !running.contains(&id) && running.len() >= rules.max_subscriptions {
                let message = format!(
                    "this socket already runs {} subscriptions (server.websocket_max_subscriptions); complete one first",
                    running.len()
                );
                return Verdict::Answer(error_message(&id, "TOO_MANY_REQUESTS", &message, legacy));
            }
            running.insert(id);
            Verdict::Pass
        }
        ("complete" | "stop", Some(id)) => {
            running.remove(&id);
            Verdict::Pass
        }
        _ => Verdict::Pass,
    }
}

/// The protocol's `error` message for one operation: a list of GraphQL errors in
/// graphql-transport-ws, one error in the older graphql-ws.
fn error_message(id: &str, code: &str, message: &str, legacy: bool) -> String {
    let error = async_graphql::Error::new(message).extend_with(|_, e| e.set("code", code));
    let error = json!({
        "message": error.message,
        "extensions": error.extensions,
    });
    let payload = if legacy { error } else { json!([error]) };
    json!({ "id": id, "type": "error", "payload": payload }).to_string()
}

/// The close of a socket whose read failed: a message over the size limit is told so (1009).
fn read_failed(e: &std::io::Error, rules: &Rules) -> Ending {
    let text = e.to_string();
    tracing::debug!(error = %text, "websocket read failed");
    // tungstenite's capacity error, as poem passes it on (`Error::Capacity` has no io kind).
    text.contains("Space limit exceeded").then(|| {
        (
            1009,
            format!(
                "a message is larger than {} bytes (server.websocket_max_message_bytes)",
                rules.max_message_bytes
            ),
        )
    })
}

/// A close frame's reason holds at most 123 bytes.
fn close_reason(reason: &str) -> String {
    let mut end = reason.len().min(123);
    while !reason.is_char_boundary(end) {
        end -= 1;
    }
    reason[..end].to_owned()
}

/// Sends one message within `within`; false when the socket is gone or not reading.
async fn send<S>(sink: &mut S, message: Message, within: Duration) -> bool
where
    S: async_graphql::futures_util::Sink<Message> + Unpin,
{
    matches!(
        tokio::time::timeout(within, sink.send(message)).await,
        Ok(Ok(()))
    )
}
