//! `/graphql/ws` against hostile clients (on by default): caps on sockets per caller and in
//! all, held for a socket's life and freed when it ends; the `connection_init` deadline; pings;
//! documents checked like POST's; one root field per subscription; tokens in `connection_init`;
//! the size of a message; and HTTP connections that stop halfway.

use api::AppState;
use api::snapshot::Snapshots;
use async_graphql::futures_util::{SinkExt, StreamExt};
use domain::Config;
use integration_tests::TestDb;
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::{Error as WsError, Message};

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// A server like `sapat serve` over `t` with its configuration changed by `edit`, on a free port.
struct Server {
    addr: SocketAddr,
    _stop: tokio::sync::oneshot::Sender<()>,
}

async fn serve(t: &TestDb, edit: impl FnOnce(&mut Config)) -> Server {
    let (addr, acceptor) = api::server::bind("127.0.0.1:0".into()).await.unwrap();
    let mut config = t.config.clone();
    edit(&mut config);
    let state = AppState {
        db: t.db.clone(),
        config: Arc::new(config),
        snapshots: Snapshots::new(t.db.clone()),
    };
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(api::server::serve(acceptor, state, async {
        let _ = stopped.await;
    }));
    Server { addr, _stop: stop }
}

/// Opens a socket (graphql-transport-ws), with a bearer header when `token` is given: the
/// socket, or the refusal's status and JSON body.
async fn open(addr: SocketAddr, token: Option<&str>) -> Result<Ws, (u16, Value)> {
    let mut req = format!("ws://{addr}/graphql/ws")
        .into_client_request()
        .unwrap();
    let headers = req.headers_mut();
    headers.insert(
        "sec-websocket-protocol",
        "graphql-transport-ws".parse().unwrap(),
    );
    if let Some(token) = token {
        headers.insert("authorization", format!("Bearer {token}").parse().unwrap());
    }
    match tokio_tungstenite::connect_async(req).await {
        Ok((ws, _)) => Ok(ws),
        Err(WsError::Http(res)) => {
            let body = res.body().as_deref().unwrap_or_default();
            Err((
                res.status().as_u16(),
                serde_json::from_slice(body).unwrap_or(Value::Null),
            ))
        }
        Err(e) => panic!("{e}"),
    }
}

async fn send(ws: &mut Ws, v: Value) {
    ws.send(Message::text(v.to_string())).await.unwrap();
}

/// What the server sent next: a JSON message, or how it closed (code, reason).
#[derive(Debug)]
enum Next {
    Json(Value),
    Closed(Option<(u16, String)>),
}

/// The next message within `within` (pings answered and skipped); `None` if nothing came.
async fn next(ws: &mut Ws, within: Duration) -> Option<Next> {
    let deadline = tokio::time::Instant::now() + within;
    loop {
        let frame = tokio::time::timeout_at(deadline, ws.next()).await.ok()?;
        match frame {
            None | Some(Err(_)) => return Some(Next::Closed(None)),
            Some(Ok(Message::Close(frame))) => {
                return Some(Next::Closed(
                    frame.map(|f| (u16::from(f.code), f.reason.to_string())),
                ));
            }
            Some(Ok(Message::Text(text))) => {
                return Some(Next::Json(serde_json::from_str(&text).unwrap()));
            }
            Some(Ok(_)) => {}
        }
    }
}

async fn next_json(ws: &mut Ws) -> Value {
    match next(ws, Duration::from_secs(10)).await {
        Some(Next::Json(v)) => v,
        other => panic!("expected a message, got {other:?}"),
    }
}

async fn close_code(ws: &mut Ws, within: Duration) -> Option<u16> {
    loop {
        match next(ws, within).await {
            Some(Next::Closed(frame)) => return frame.map(|(code, _)| code),
            Some(Next::Json(_)) => {}
            None => panic!("the socket was not closed within {within:?}"),
        }
    }
}

/// A socket acknowledged by the server.
async fn ready(addr: SocketAddr) -> Ws {
    let mut ws = open(addr, None).await.expect("the upgrade is admitted");
    send(&mut ws, json!({ "type": "connection_init" })).await;
    assert_eq!(next_json(&mut ws).await["type"], "connection_ack");
    ws
}

/// Opens sockets until one is admitted again, for up to 5 s (the server frees a place when it
/// sees the close).
async fn admitted_again(addr: SocketAddr, token: Option<&str>) -> Ws {
    let started = Instant::now();
    loop {
        match open(addr, token).await {
            Ok(ws) => return ws,
            Err(refused) if started.elapsed() < Duration::from_secs(5) => {
                let _ = refused;
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            Err(refused) => panic!("still refused after 5 s: {refused:?}"),
        }
    }
}

/// GET /metrics over a plain connection.
async fn metrics_text(addr: SocketAddr) -> String {
    let mut tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
    tcp.write_all(b"GET /metrics HTTP/1.1\r\nHost: sapat\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut text = String::new();
    tcp.read_to_string(&mut text).await.unwrap();
    text
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sockets_are_capped_per_caller_and_in_all_and_freed_when_they_close() {
    let t = TestDb::new().await;
    let token = t.admin_token().await;
    let server = serve(&t, |c| {
        c.server.websocket_max_per_caller = 3;
        c.server.websocket_max_connections = 5;
    })
    .await;

    let mut anonymous = Vec::new();
    for _ in 0..3 {
        anonymous.push(
            open(server.addr, None)
                .await
                .expect("within the caller's cap"),
        );
    }
    let (status, body) = open(server.addr, None)
        .await
        .expect_err("a fourth is refused");
    assert_eq!(status, 429, "{body}");
    assert_eq!(body["errors"][0]["extensions"]["code"], "TOO_MANY_REQUESTS");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("websocket_max_per_caller"),
        "{body}"
    );
    // Another caller has its own share, until the server is full.
    let mut signed_in = Vec::new();
    for _ in 0..2 {
        signed_in.push(
            open(server.addr, Some(&token))
                .await
                .expect("its own share"),
        );
    }
    let (status, body) = open(server.addr, Some(&token)).await.expect_err("full");
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["errors"][0]["extensions"]["code"], "UNAVAILABLE");

    let metrics = metrics_text(server.addr).await;
    assert!(
        metrics.contains("sapat_websocket_connections 5"),
        "{metrics}"
    );
    assert!(
        metrics.contains("sapat_websocket_refused_total{reason=\"caller\"} 1"),
        "{metrics}"
    );
    assert!(
        metrics.contains("sapat_websocket_refused_total{reason=\"server\"} 1"),
        "{metrics}"
    );

    // A socket that closes gives its places back.
    anonymous.pop().unwrap().close(None).await.unwrap();
    let again = admitted_again(server.addr, None).await;
    drop(again);
    drop(signed_in.pop());
    let _again = admitted_again(server.addr, Some(&token)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_socket_not_initialised_in_time_is_closed_and_its_place_freed() {
    let t = TestDb::new().await;
    let server = serve(&t, |c| {
        c.server.websocket_init_timeout_ms = 300;
        c.server.websocket_max_per_caller = 1;
    })
    .await;
    let mut silent = open(server.addr, None).await.unwrap();
    let started = Instant::now();
    let code = close_code(&mut silent, Duration::from_secs(5)).await;
    assert_eq!(code, Some(4408));
    assert!(started.elapsed() < Duration::from_secs(3));
    // An initialised socket is past the deadline.
    let mut ws = admitted_again(server.addr, None).await;
    send(&mut ws, json!({ "type": "connection_init" })).await;
    assert_eq!(next_json(&mut ws).await["type"], "connection_ack");
    assert!(next(&mut ws, Duration::from_millis(800)).await.is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_socket_that_stops_answering_is_closed_one_that_answers_stays() {
    let t = TestDb::new().await;
    let server = serve(&t, |c| {
        c.server.websocket_ping_interval_ms = 200;
        c.server.websocket_max_per_caller = 2;
        // Shorter than the answering socket lives here: its pings and pongs keep it open.
        c.server.idle_timeout_ms = 1000;
    })
    .await;
    let mut deaf = ready(server.addr).await;
    let mut answering = ready(server.addr).await;
    // `answering` is read (so its pongs go out); `deaf` is left alone for a while.
    assert!(
        next(&mut answering, Duration::from_millis(1500))
            .await
            .is_none()
    );
    let code = close_code(&mut deaf, Duration::from_secs(2)).await;
    assert_eq!(code, Some(1001), "two intervals without a pong");
    assert!(
        next(&mut answering, Duration::from_millis(300))
            .await
            .is_none(),
        "the socket that answers stays open"
    );
    let _third = admitted_again(server.addr, None).await;
}

/// `fragment F{k} on Subscription { ...F{k-1} ...F{k-1} }`: 2^depth fields in a short text.
fn bomb(depth: usize) -> String {
    let mut q = format!(
        "subscription {{ ...F{depth} }} fragment F0 on Subscription {{ trendsRefreshed {{ generationId }} }}\n"
    );
    for k in 1..=depth {
        q.push_str(&format!(
            "fragment F{k} on Subscription {{ ...F{p} ...F{p} }}\n",
            p = k - 1
        ));
    }
    q
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn documents_over_the_socket_are_checked_like_posts() {
    let t = TestDb::new().await;
    let server = serve(&t, |c| c.server.max_query_bytes = 20_000).await;
    let mut ws = ready(server.addr).await;
    let cases = [
        ("bomb", bomb(22), "QUERY_TOO_COMPLEX", "fragments"),
        (
            "long",
            format!(
                "subscription {{ trendsRefreshed {{ generationId }} }} #{}",
                "x".repeat(20_000)
            ),
            "QUERY_TOO_LONG",
            "max_query_bytes",
        ),
        // 5,000 nested list values (10 KB) overflowed the parser's stack and aborted the server.
        (
            "deep",
            format!(
                "subscription {{ trendsRefreshed(x: {}1{}) {{ generationId }} }}",
                "[".repeat(5000),
                "]".repeat(5000)
            ),
            "QUERY_TOO_DEEP",
            "nests brackets",
        ),
    ];
    for (id, query, code, says) in cases {
        let started = Instant::now();
        send(
            &mut ws,
            json!({ "id": id, "type": "subscribe", "payload": { "query": query } }),
        )
        .await;
        let answer = next_json(&mut ws).await;
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "{id}: {:?}",
            started.elapsed()
        );
        assert_eq!(answer["type"], "error", "{answer}");
        assert_eq!(answer["id"], id);
        let error = &answer["payload"][0];
        assert_eq!(error["extensions"]["code"], code, "{answer}");
        assert!(
            error["message"].as_str().unwrap().contains(says),
            "{answer}"
        );
    }
    // The socket goes on serving.
    send(&mut ws, json!({ "type": "ping" })).await;
    assert_eq!(next_json(&mut ws).await["type"], "pong");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_subscription_has_one_root_field_and_a_socket_few_subscriptions() {
    let t = TestDb::new().await;
    let server = serve(&t, |c| c.server.websocket_max_subscriptions = 2).await;
    let mut ws = ready(server.addr).await;
    let aliases: String = (0..2000)
        .map(|i| format!("a{i}: trendsRefreshed {{ generationId }} "))
        .collect();
    send(
        &mut ws,
        json!({ "id": "many", "type": "subscribe",
                "payload": { "query": format!("subscription {{ {aliases} }}") } }),
    )
    .await;
    let answer = next_json(&mut ws).await;
    assert_eq!(answer["type"], "error", "{answer}");
    let error = &answer["payload"][0];
    assert_eq!(error["extensions"]["code"], "GRAPHQL_VALIDATION_FAILED");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("exactly one root field; this one selects 2000"),
        "{answer}"
    );

    let subscribe = |id: &str| {
        json!({ "id": id, "type": "subscribe",
                "payload": { "query": "subscription { trendsRefreshed { generationId } }" } })
    };
    send(&mut ws, subscribe("1")).await;
    send(&mut ws, subscribe("2")).await;
    send(&mut ws, subscribe("3")).await;
    let answer = next_json(&mut ws).await;
    assert_eq!(answer["id"], "3", "{answer}");
    assert_eq!(
        answer["payload"][0]["extensions"]["code"],
        "TOO_MANY_REQUESTS"
    );
    // Completing one makes room (a pong after it shows nothing was refused).
    send(&mut ws, json!({ "id": "1", "type": "complete" })).await;
    send(&mut ws, subscribe("3")).await;
    send(&mut ws, json!({ "type": "ping" })).await;
    let mut answer = next_json(&mut ws).await;
    while answer["type"] == "complete" {
        answer = next_json(&mut ws).await;
    }
    assert_eq!(answer["type"], "pong", "{answer}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_in_connection_init_are_checked_and_counted() {
    let t = TestDb::new().await;
    let token = t.admin_token().await;
    let server = serve(&t, |c| c.server.websocket_max_per_caller = 1).await;

    let mut forged = open(server.addr, None).await.unwrap();
    send(
        &mut forged,
        json!({ "type": "connection_init", "payload": { "authorization": "Bearer sapat_1_forged" } }),
    )
    .await;
    match next(&mut forged, Duration::from_secs(5)).await {
        Some(Next::Closed(Some((code, reason)))) => {
            assert_eq!(code, 4403, "{reason}");
            assert!(reason.contains("token"), "{reason}");
        }
        other => panic!("a forged token must be refused, got {other:?}"),
    }
    drop(forged);

    // A valid token is acknowledged, and the socket counts as the token's, not the address's.
    let mut signed_in = admitted_again(server.addr, None).await;
    send(
        &mut signed_in,
        json!({ "type": "connection_init", "payload": { "authorization": format!("Bearer {token}") } }),
    )
    .await;
    assert_eq!(next_json(&mut signed_in).await["type"], "connection_ack");
    let mut second = open(server.addr, None)
        .await
        .expect("the address's place was given back");
    send(
        &mut second,
        json!({ "type": "connection_init", "payload": { "authorization": format!("Bearer {token}") } }),
    )
    .await;
    assert_eq!(
        close_code(&mut second, Duration::from_secs(5)).await,
        Some(4429),
        "the token has its one socket"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_oversized_message_closes_the_socket() {
    let t = TestDb::new().await;
    let server = serve(&t, |c| c.server.websocket_max_message_bytes = 2048).await;
    let mut ws = ready(server.addr).await;
    let big = json!({ "id": "1", "type": "subscribe",
                      "payload": { "query": "x".repeat(4096) } });
    // The server may close before the whole message is written.
    let _ = ws.send(Message::text(big.to_string())).await;
    assert_eq!(
        close_code(&mut ws, Duration::from_secs(5)).await,
        Some(1009)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_that_stops_halfway_through_its_headers_is_closed() {
    let t = TestDb::new().await;
    let server = serve(&t, |c| c.server.idle_timeout_ms = 300).await;
    let mut tcp = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    tcp.write_all(b"GET /graphql/ws HTTP/1.1\r\nHost: sapat\r\nUpgrade: websocket\r\n")
        .await
        .unwrap();
    let started = Instant::now();
    let mut buf = [0u8; 256];
    let read = tokio::time::timeout(Duration::from_secs(5), tcp.read(&mut buf))
        .await
        .expect("the server closes the connection");
    assert!(matches!(read, Ok(0) | Err(_)), "{read:?}");
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_socket_limits_must_be_positive() {
    for edit in [
        (|c: &mut Config| c.server.websocket_max_per_caller = 0) as fn(&mut Config),
        |c| c.server.websocket_max_connections = 0,
        |c| c.server.websocket_init_timeout_ms = 0,
        |c| c.server.idle_timeout_ms = 0,
        |c| c.server.websocket_max_message_bytes = 10,
        // Not longer than a request may run: a slow answer would be cut.
        |c| c.server.idle_timeout_ms = 30_000,
    ] {
        let mut config = Config::default();
        edit(&mut config);
        let e = config.validate().expect_err("refused").to_string();
        assert!(e.contains("server."), "{e}");
    }
    let defaults = Config::default();
    assert!(defaults.server.websocket, "the socket is on by default");
    assert!(defaults.validate().is_ok());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_repeated_subscription_id_closes_4409_and_a_close_is_answered() {
    let t = TestDb::new().await;
    let server = serve(&t, |_| {}).await;
    let subscribe = json!({ "id": "same", "type": "subscribe",
        "payload": { "query": "subscription { trendsRefreshed { generationId } }" } });
    // graphql-transport-ws: "Subscriber for <id> already exists" closes the socket.
    let mut ws = ready(server.addr).await;
    send(&mut ws, subscribe.clone()).await;
    send(&mut ws, subscribe).await;
    assert_eq!(
        close_code(&mut ws, Duration::from_secs(5)).await,
        Some(4409)
    );

    // A client's close gets a close frame back (its code), not a dropped connection.
    let mut ws = ready(server.addr).await;
    ws.send(Message::Close(Some(
        tokio_tungstenite::tungstenite::protocol::CloseFrame {
            code: 1000.into(),
            reason: "bye".into(),
        },
    )))
    .await
    .unwrap();
    assert_eq!(
        close_code(&mut ws, Duration::from_secs(5)).await,
        Some(1000)
    );
}

/// Second hostile pass, finding 13: a subscription async-graphql refuses itself (an unknown
/// field) answered without `extensions.code`; it carries the code a POST gives.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_subscription_the_schema_refuses_carries_a_code() {
    let t = TestDb::new().await;
    let server = serve(&t, |_| {}).await;
    let mut ws = ready(server.addr).await;
    send(
        &mut ws,
        json!({ "id": "bad", "type": "subscribe", "payload": { "query": "subscription { noSuchField }" } }),
    )
    .await;
    let answer = next_json(&mut ws).await;
    assert_eq!(answer["id"], "bad", "{answer}");
    let errors = if answer["type"] == "error" {
        answer["payload"].clone()
    } else {
        answer["payload"]["errors"].clone()
    };
    assert_eq!(
        errors[0]["extensions"]["code"], "GRAPHQL_VALIDATION_FAILED",
        "{answer}"
    );
}
