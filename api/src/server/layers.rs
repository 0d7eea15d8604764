//! The layers around `POST /graphql` (poem's `EndpointExt::around`), outermost first:
//!
//! 1. [`request_id`]: the caller's `x-request-id` when it is plain, else a new one; every
//!    layer inside reads it ([`RequestId`]) and every response carries it back.
//! 2. [`authenticate`]: the [`Caller`] from the bearer token, or `401 UNAUTHENTICATED`.
//! 3. [`body_limit`]: the body read into memory up to `server.body_limit_bytes`, or
//!    `413 PAYLOAD_TOO_LARGE` (a declared `Content-Length` over it is refused unread).
//! 4. [`observe`]: the request's span, metrics and its one log line, for the requests the
//!    handler ran (named with [`Operation::set`]); requests refused before are not counted.
//! 5. [`timeout`]: `503 TIMEOUT` after `server.request_timeout_ms`, cancelling the rest.
//!
//! A refusal is GraphQL-shaped (`errors[0].extensions.code`, and `requestId`).

use super::AppState;
use crate::metrics::Metrics;
use domain::auth::Caller;
use domain::messages::Lang as MsgLang;
use domain::messages::reports::ReportMsg;
use domain::messages::requests::RequestMsg;
use poem::error::ReadBodyError;
use poem::http::{HeaderValue, StatusCode, header};
use poem::web::Json;
use poem::{Endpoint, IntoResponse, Request, Response};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};
use tracing::Instrument;

pub(crate) const REQUEST_ID: &str = "x-request-id";

/// The request's id and when it arrived (set by [`request_id`]).
#[derive(Clone)]
pub(super) struct RequestId {
    pub(super) id: String,
    pub(super) started: Instant,
}

/// The operation the handler runs, named once the request is parsed: what [`observe`]
/// counts and logs it under (it fills the `operation` field of the request's span too).
#[derive(Clone)]
pub(super) struct Operation {
    name: Arc<OnceLock<String>>,
    span: tracing::Span,
}

impl Operation {
    pub(super) fn set(&self, name: String) {
        self.span.record("operation", name.as_str());
        let _ = self.name.set(name);
    }
}

/// How a request the handler ran was answered, for [`observe`] (a response extension).
#[derive(Clone, Copy)]
pub(super) enum Outcome {
    Answered { errors: usize, cached: bool },
    TimedOut,
}

/// `res`, marked as answered with `errors` errors (`cached`: from the answer cache).
pub(super) fn answered(mut res: Response, errors: usize, cached: bool) -> Response {
    res.extensions_mut()
        .insert(Outcome::Answered { errors, cached });
    res
}

/// A request refused before execution: its status, `extensions.code` and message.
pub(super) struct Refusal {
    pub(super) status: StatusCode,
    pub(super) code: &'static str,
    pub(super) message: String,
}

impl Refusal {
    /// The GraphQL-shaped answer: one error with the code and the request id.
    pub(super) fn response(self, request_id: &str) -> Response {
        let body = serde_json::json!({
            "errors": [{
                "message": self.message,
                "extensions": { "code": self.code, "requestId": request_id },
            }]
        });
        (self.status, Json(body)).into_response()
    }
}

fn respond<T: IntoResponse>(result: poem::Result<T>) -> Response {
    result.map_or_else(poem::Error::into_response, IntoResponse::into_response)
}

/// The language of a layer's refusal: the request's Accept-Language (ky, ru, en), else English.
pub(super) fn lang_of(req: &Request) -> MsgLang {
    req.header(header::ACCEPT_LANGUAGE)
        .and_then(crate::graphql::Lang::from_accept_language)
        .map_or(MsgLang::En, crate::graphql::Lang::messages)
}

/// The language of a download's refusal: the first `lang` of the query that the route takes
/// (even when `lang` is then refused for being repeated), else [`lang_of`].
pub(super) fn refusal_lang(
    req: &Request,
    query: &[(String, String)],
    takes: impl Fn(&str) -> Option<MsgLang>,
) -> MsgLang {
    query
        .iter()
        .filter(|(k, _)| k == "lang")
        .find_map(|(_, l)| takes(l))
        .unwrap_or_else(|| lang_of(req))
}

/// The request's id (from [`request_id`], the outermost layer).
pub(super) fn id_of(req: &Request) -> RequestId {
    req.extensions()
        .get::<RequestId>()
        .cloned()
        .unwrap_or_else(|| RequestId {
            id: String::new(),
            started: Instant::now(),
        })
}

static REQUESTS: AtomicU64 = AtomicU64::new(0);

/// The caller's request id when it is short and plain, else a new one. One that holds a
/// token (a client that sent its secret there) is replaced, never logged or echoed.
fn new_request_id(req: &Request) -> String {
    if let Some(id) = req.header(REQUEST_ID)
        && !id.is_empty()
        && id.len() <= 64
        && domain::auth::redact_tokens(id) == id
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

impl RequestId {
    /// The request's id: the one given to it already (by the access log), else a new one.
    pub(super) fn of(req: &Request) -> RequestId {
        req.extensions()
            .get::<RequestId>()
            .cloned()
            .unwrap_or_else(|| RequestId {
                id: new_request_id(req),
                started: Instant::now(),
            })
    }
}

pub(super) async fn request_id<E: Endpoint>(
    inner: Arc<E>,
    mut req: Request,
) -> poem::Result<Response> {
    let given = RequestId::of(&req);
    let id = given.id.clone();
    req.extensions_mut().insert(given);
    let mut res = respond(inner.call(req).await);
    if let Ok(v) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(REQUEST_ID, v);
    }
    Ok(res)
}

/// Who the caller is (see [`caller_of`]). Refused tokens count against the client address's
/// rate (`refused`): past it, a refusal is 429 with `Retry-After` instead of 401.
pub(super) async fn authenticate<E: Endpoint>(
    inner: Arc<E>,
    mut req: Request,
    state: AppState,
    refused: Arc<super::limits::Limits>,
) -> poem::Result<Response> {
    match caller(&req, &state).await {
        Ok(caller) => {
            req.extensions_mut().insert(caller);
            Ok(respond(inner.call(req).await))
        }
        Err(refusal) if refusal.status == StatusCode::UNAUTHORIZED => {
            let addr = req.remote_addr().as_socket_addr().map(|a| a.ip());
            match refused.admit(super::limits::Key::Anonymous(addr)) {
                Ok(_) => Ok(refusal.response(&id_of(&req).id)),
                Err(super::limits::Refused::Rate { retry_after }) => {
                    Ok(rate_refusal(&req, retry_after))
                }
                Err(super::limits::Refused::Busy { .. }) => Ok(refusal.response(&id_of(&req).id)),
            }
        }
        Err(refusal) => Ok(refusal.response(&id_of(&req).id)),
    }
}

/// 429 for a caller over its rate, with when to come back.
fn rate_refusal(req: &Request, retry_after: std::time::Duration) -> Response {
    let secs = retry_after.as_secs_f64().ceil().max(1.0) as u64;
    let mut res = Refusal {
        status: StatusCode::TOO_MANY_REQUESTS,
        code: "TOO_MANY_REQUESTS",
        message: RequestMsg::Rate { secs }.render(lang_of(req)),
    }
    .response(&id_of(req).id);
    res.headers_mut()
        .insert(poem::http::header::RETRY_AFTER, secs.into());
    res
}

async fn caller(req: &Request, state: &AppState) -> Result<Caller, Refusal> {
    caller_of(
        req.headers().get(header::AUTHORIZATION),
        state,
        lang_of(req),
    )
    .await
}

/// The caller of an `Authorization` value, `Bearer <token>` (the header, or a WebSocket's
/// `connection_init` payload); anonymous without one (when the configuration allows it). A
/// bad, revoked or expired token is refused, never downgraded to anonymous. Refusals are in
/// `lang`.
pub(super) async fn caller_of(
    authorization: Option<&HeaderValue>,
    state: &AppState,
    lang: MsgLang,
) -> Result<Caller, Refusal> {
    let unauthenticated = |msg: RequestMsg| Refusal {
        status: StatusCode::UNAUTHORIZED,
        code: "UNAUTHENTICATED",
        message: msg.render(lang),
    };
    let Some(raw) = authorization else {
        if state.config.auth.allow_anonymous {
            return Ok(Caller(None));
        }
        return Err(unauthenticated(RequestMsg::TokenNeeded));
    };
    // A header that is there but unreadable is refused, never taken as no header.
    let Ok(header) = raw.to_str() else {
        return Err(unauthenticated(RequestMsg::HeaderNotAscii));
    };
    // The scheme is case-insensitive (RFC 9110 §11.1).
    let token = match header.trim().split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => token.trim(),
        _ => {
            return Err(unauthenticated(RequestMsg::NotBearer));
        }
    };
    let checked = if domain::auth::is_jwt(token) {
        domain::auth::authenticate_jwt(&state.db, state.config.auth.jwt.as_ref(), token).await
    } else {
        domain::auth::authenticate(&state.db, token).await
    };
    match checked {
        Ok(Ok(principal)) => Ok(Caller(Some(principal))),
        Ok(Err(rejection)) => Err(unauthenticated(RequestMsg::Rejected(rejection))),
        // A signed-in caller during an outage hears what an anonymous one hears.
        Err(domain::Error::Unavailable(detail)) => {
            tracing::warn!(error = %detail, "token check: database unavailable");
            Err(Refusal {
                status: StatusCode::SERVICE_UNAVAILABLE,
                code: "UNAVAILABLE",
                message: ReportMsg::Unavailable.render(lang),
            })
        }
        Err(e) => {
            tracing::error!(error = %e, "token check failed");
            Err(Refusal {
                status: StatusCode::INTERNAL_SERVER_ERROR,
                code: "INTERNAL",
                message: ReportMsg::Internal.render(lang),
            })
        }
    }
}

/// The caller's place among its requests in progress (a request extension set by
/// [`per_caller`]): a handler whose answer outlives it (an export's streamed body) keeps a
/// clone with the body, so the place is given back when the body ends, not at the headers.
#[derive(Clone)]
pub(super) struct HeldSlot(#[allow(dead_code)] Arc<super::limits::Slot>);

/// At most `server.max_concurrent_per_caller` requests in progress and
/// `server.requests_per_minute_per_caller` started per minute for one caller (after
/// `authenticate`, which says who it is); more get 429 with a code and, for the rate,
/// `Retry-After`.
pub(super) async fn per_caller<E: Endpoint>(
    inner: Arc<E>,
    mut req: Request,
    limits: Arc<super::limits::Limits>,
) -> poem::Result<Response> {
    use super::limits::{Key, Refused};
    let caller = req
        .extensions()
        .get::<Caller>()
        .cloned()
        .unwrap_or_default();
    let addr = req.remote_addr().as_socket_addr().map(|a| a.ip());
    match limits.admit(Key::of(&caller, addr)) {
        Ok(slot) => {
            req.extensions_mut().insert(HeldSlot(Arc::new(slot)));
            Ok(respond(inner.call(req).await))
        }
        Err(Refused::Busy { limit }) => Ok(Refusal {
            status: StatusCode::TOO_MANY_REQUESTS,
            code: "TOO_MANY_REQUESTS",
            message: RequestMsg::Busy { limit }.render(lang_of(&req)),
        }
        .response(&id_of(&req).id)),
        Err(Refused::Rate { retry_after }) => Ok(rate_refusal(&req, retry_after)),
    }
}

pub(super) async fn body_limit<E: Endpoint>(
    inner: Arc<E>,
    mut req: Request,
    limit: u64,
) -> poem::Result<Response> {
    let id = id_of(&req).id;
    let lang = lang_of(&req);
    let too_large = || {
        tracing::info!(request_id = %id, limit, "request body too large");
        Refusal {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            code: "PAYLOAD_TOO_LARGE",
            message: RequestMsg::BodyTooLarge { limit }.render(lang),
        }
        .response(&id)
    };
    let declared = req
        .header(header::CONTENT_LENGTH)
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Ok(too_large());
    }
    let most = usize::try_from(limit).unwrap_or(usize::MAX);
    match req.take_body().into_bytes_limit(most).await {
        Ok(bytes) => req.set_body(bytes),
        Err(ReadBodyError::PayloadTooLarge) => return Ok(too_large()),
        Err(e) => {
            let refused = Refusal {
                status: StatusCode::BAD_REQUEST,
                code: "BAD_REQUEST",
                message: RequestMsg::BodyUnreadable(e.to_string()).render(lang),
            };
            return Ok(refused.response(&id));
        }
    }
    Ok(respond(inner.call(req).await))
}

pub(super) async fn observe<E: Endpoint>(
    inner: Arc<E>,
    mut req: Request,
    metrics: Arc<Metrics>,
) -> poem::Result<Response> {
    let RequestId { id, started } = id_of(&req);
    let span = tracing::info_span!(
        "graphql",
        request_id = %id,
        operation = tracing::field::Empty
    );
    let operation = Operation {
        name: Arc::default(),
        span: span.clone(),
    };
    req.extensions_mut().insert(operation.clone());
    let res = respond(inner.call(req).instrument(span.clone()).await);
    let seconds = started.elapsed().as_secs_f64();
    let (Some(name), Some(&outcome)) = (operation.name.get(), res.extensions().get::<Outcome>())
    else {
        return Ok(res);
    };
    let _enter = span.enter();
    let duration_ms = seconds * 1000.0;
    match outcome {
        Outcome::Answered {
            errors,
            cached: true,
        } => {
            metrics.observe(name, "ok", seconds);
            tracing::info!(duration_ms, errors, cached = true, "graphql request");
        }
        Outcome::Answered { errors, .. } => {
            let outcome = if errors == 0 { "ok" } else { "error" };
            metrics.observe(name, outcome, seconds);
            tracing::info!(duration_ms, errors, "graphql request");
        }
        Outcome::TimedOut => {
            metrics.observe(name, "timeout", seconds);
            tracing::warn!(duration_ms, "graphql request timed out");
        }
    }
    Ok(res)
}

pub(super) async fn timeout<E: Endpoint>(
    inner: Arc<E>,
    req: Request,
    limit_ms: u64,
) -> poem::Result<Response> {
    let id = id_of(&req).id;
    let lang = lang_of(&req);
    match tokio::time::timeout(Duration::from_millis(limit_ms), inner.call(req)).await {
        Ok(result) => Ok(respond(result)),
        Err(_) => {
            let mut res = Refusal {
                status: StatusCode::SERVICE_UNAVAILABLE,
                code: "TIMEOUT",
                message: RequestMsg::Timeout { ms: limit_ms }.render(lang),
            }
            .response(&id);
            res.extensions_mut().insert(Outcome::TimedOut);
            Ok(res)
        }
    }
}
