//! `POST /graphql` inside its layers (see `layers`): the request is parsed and checked, then
//! answered from the answer cache or executed; internal errors get the request id.

use super::layers::{Operation, Refusal, RequestId, answered, lang_of};
use crate::answers::{self, AnswerCache};
use crate::graphql::error::in_language;
use crate::graphql::{AppSchema, Lang, RequestLang, Trace};
use crate::guard;
use crate::metrics::{Metrics, operation_label};
use crate::snapshot::Snapshots;
use async_graphql::http::MultipartOptions;
use async_graphql::{BatchRequest, BatchResponse, ErrorExtensions};
use async_graphql_poem::GraphQLBatchResponse;
use domain::auth::Caller;
use domain::config::ServerConfig;
use domain::messages::requests::RequestMsg;
use poem::http::{StatusCode, header};
use poem::web::Data;
use poem::{Body, IntoResponse, Request, Response, handler};
use std::sync::Arc;

/// What the handler answers with (route data).
pub(super) struct Graphql {
    pub(super) schema: AppSchema,
    pub(super) answers: Arc<AnswerCache>,
    pub(super) metrics: Arc<Metrics>,
    pub(super) snapshots: Arc<Snapshots>,
    pub(super) server: ServerConfig,
}

/// Parses and checks the request and names its operation, then answers it from the answer
/// cache or executes it (keeping an answer built from the snapshot alone).
#[handler]
pub(super) async fn graphql_post(
    req: &Request,
    body: bytes::Bytes,
    Data(request): Data<&RequestId>,
    Data(caller): Data<&Caller>,
    Data(operation): Data<&Operation>,
    Data(gql): Data<&Arc<Graphql>>,
) -> Response {
    let id = request.id.as_str();
    let mut batch = match parse(req, &body, caller, &gql.server, id).await {
        Ok(batch) => batch,
        Err(refused) => return refused.response(id),
    };
    let asked = req
        .header(header::ACCEPT_LANGUAGE)
        .and_then(Lang::from_accept_language);
    let lang = asked.unwrap_or_default();
    // Names default to Kyrgyz; import and validation messages stay English unless asked.
    let message_lang = asked.map_or(domain::messages::Lang::En, Lang::messages);
    operation.set(match &mut batch {
        BatchRequest::Single(r) => operation_label(operation_name(r).as_deref()),
        BatchRequest::Batch(_) => "batch".to_owned(),
    });
    // Only single JSON requests are kept, keyed by their exact body, caller and language.
    let multipart = req
        .header(header::CONTENT_TYPE)
        .is_some_and(|t| t.starts_with("multipart/"));
    let key = match &batch {
        BatchRequest::Single(_) if gql.answers.enabled() && !multipart => {
            Some(answers::Key::new(caller.clone(), lang, &body))
        }
        _ => None,
    };
    if let Some(key) = &key {
        let kept = gql
            .snapshots
            .version()
            .and_then(|v| gql.answers.get(v, key));
        if let Some(answer) = kept {
            gql.metrics.answer_cache("hit");
            return answered(answer.to_response(), 0, true);
        }
        gql.metrics.answer_cache("miss");
    }
    let batch = batch.data(RequestLang(lang)).data(caller.clone());
    let (mut response, trace) = in_language(message_lang, async {
        match batch {
            BatchRequest::Single(request) if key.is_some() => {
                let (response, trace) = gql.schema.execute_traced(request).await;
                (BatchResponse::Single(response), Some(trace))
            }
            batch => (gql.schema.execute_batch(batch).await, None),
        }
    })
    .await;
    let errors = tag_internal_errors(&mut response, id);
    let res = GraphQLBatchResponse(response).into_response();
    let res = match (key, trace) {
        (Some(key), Some(trace)) if errors == 0 => keep(gql, key, trace, res, id).await,
        _ => res,
    };
    answered(res, errors, false)
}

/// What a GraphQL body is.
const SHAPE: &str =
    "the body must be a JSON object with a `query` string, or a non-empty array of such objects";

/// The request's batch; a body that is not GraphQL, or a request over a limit of `guard`,
/// is refused (400) before async-graphql parses it for real.
async fn parse(
    req: &Request,
    body: &bytes::Bytes,
    caller: &Caller,
    server: &ServerConfig,
    id: &str,
) -> Result<BatchRequest, Refusal> {
    let content_type = req.header(header::CONTENT_TYPE).map(str::to_owned);
    let multipart = content_type
        .as_deref()
        .is_some_and(|t| t.starts_with("multipart/"));
    if multipart {
        check_upload(
            req,
            content_type.as_deref().unwrap_or_default(),
            body,
            caller,
        )
        .await?;
    }
    let options = MultipartOptions::default()
        .max_num_files(MAX_UPLOAD_FILES)
        .max_file_size(usize::try_from(server.body_limit_bytes).unwrap_or(usize::MAX));
    let mut batch = async_graphql::http::receive_batch_body(content_type, &body[..], options)
        .await
        .map_err(|e| {
            if multipart {
                // The reader's own words can be an OS error ("Too many open files").
                tracing::info!(request_id = %id, error = %e, "upload refused");
                return Refusal {
                    status: StatusCode::BAD_REQUEST,
                    code: "BAD_REQUEST",
                    message: RequestMsg::UploadUnreadable.render(lang_of(req)),
                };
            }
            // serde's words for a JSON value of the wrong shape name Rust types.
            let e = e.to_string();
            let why = if e.contains("untagged enum") || e.contains("invalid type") {
                SHAPE.to_owned()
            } else {
                e
            };
            Refusal {
                status: StatusCode::BAD_REQUEST,
                code: "BAD_REQUEST",
                message: format!("not a GraphQL request: {why}"),
            }
        })?;
    // An empty batch arrives as one request without a query, as does a body with only
    // `extensions`: the parser's answer to an empty text is a caret diagram.
    let empty = match &batch {
        BatchRequest::Single(r) => r.query.trim().is_empty(),
        BatchRequest::Batch(rs) => rs.is_empty() || rs.iter().any(|r| r.query.trim().is_empty()),
    };
    if empty {
        return Err(Refusal {
            status: StatusCode::BAD_REQUEST,
            code: "BAD_REQUEST",
            message: format!("not a GraphQL request: no query; {SHAPE}"),
        });
    }
    if let Err(refusal) = guard_batch(&mut batch, server) {
        tracing::info!(request_id = %id, %refusal, "request refused before validation");
        return Err(guard_refusal(refusal));
    }
    Ok(batch)
}

/// Files one upload request may carry, each used once (`importFile` takes one; a batch of
/// imports a few).
const MAX_UPLOAD_FILES: usize = 10;

/// What is checked of a multipart body before async-graphql reads it, which writes a
/// temporary file per part and opens one per use of a file in the `map`: 60,000 parts or
/// 30,000 uses of one file in a few hundred KB held the server's threads or ran it out of
/// file descriptors. Anonymous callers cannot import, so their uploads are not read at all.
async fn check_upload(
    req: &Request,
    content_type: &str,
    body: &bytes::Bytes,
    caller: &Caller,
) -> Result<(), Refusal> {
    let lang = lang_of(req);
    if caller.0.is_none() {
        return Err(Refusal {
            status: StatusCode::UNAUTHORIZED,
            code: "UNAUTHENTICATED",
            message: RequestMsg::UploadNeedsToken.render(lang),
        });
    }
    let too_many = || Refusal {
        status: StatusCode::BAD_REQUEST,
        code: "BAD_REQUEST",
        message: RequestMsg::TooManyFiles {
            limit: MAX_UPLOAD_FILES,
        }
        .render(lang),
    };
    let unreadable = || Refusal {
        status: StatusCode::BAD_REQUEST,
        code: "BAD_REQUEST",
        message: RequestMsg::UploadUnreadable.render(lang),
    };
    let boundary = multer::parse_boundary(content_type).map_err(|_| unreadable())?;
    let whole = body.clone();
    let stream = async_graphql::futures_util::stream::once(async move {
        Ok::<_, std::convert::Infallible>(whole)
    });
    let mut parts = multer::Multipart::new(stream, boundary);
    let mut files = 0;
    while let Some(part) = parts.next_field().await.map_err(|_| unreadable())? {
        match part.name() {
            Some("operations") => {}
            Some("map") => {
                let map: std::collections::HashMap<String, Vec<String>> =
                    serde_json::from_slice(&part.bytes().await.map_err(|_| unreadable())?)
                        .map_err(|_| unreadable())?;
                if map.values().map(Vec::len).sum::<usize>() > MAX_UPLOAD_FILES {
                    return Err(too_many());
                }
            }
            _ => files += 1,
        }
        if files > MAX_UPLOAD_FILES {
            return Err(too_many());
        }
    }
    Ok(())
}

/// Keeps an answer built from the snapshot alone for the requests that repeat it.
async fn keep(gql: &Graphql, key: answers::Key, trace: Trace, res: Response, id: &str) -> Response {
    let Trace {
        read_database: false,
        snapshot_version: Some(version),
    } = trace
    else {
        return res;
    };
    let (parts, body) = res.into_parts();
    match body.into_bytes().await {
        Ok(body) => {
            let answer = answers::Answer {
                headers: parts.headers.clone(),
                body: body.clone(),
            };
            gql.answers.put(version, key, answer);
            gql.metrics.answer_cache("stored");
            Response::from_parts(parts, Body::from_bytes(body))
        }
        Err(e) => {
            tracing::error!(error = %e, "reading a serialised answer failed");
            let refused = Refusal {
                status: StatusCode::INTERNAL_SERVER_ERROR,
                code: "INTERNAL",
                message: format!("internal error (request id {id})"),
            };
            refused.response(id)
        }
    }
}

/// The operation name a request runs: the one it names, else its document's only named one.
fn operation_name(req: &mut async_graphql::Request) -> Option<String> {
    if let Some(name) = &req.operation_name {
        return Some(name.clone());
    }
    let doc = req.parsed_query().ok()?;
    match &doc.operations {
        async_graphql::parser::types::DocumentOperations::Multiple(ops) if ops.len() == 1 => {
            ops.keys().next().map(ToString::to_string)
        }
        _ => None,
    }
}

/// The checks of `guard` on every request of a batch, and the batch's size. Each request
/// keeps the document `guard` parsed, so async-graphql does not parse it again.
fn guard_batch(batch: &mut BatchRequest, server: &ServerConfig) -> Result<(), guard::Refusal> {
    let requests: &mut [async_graphql::Request] = match batch {
        BatchRequest::Single(r) => std::slice::from_mut(r),
        BatchRequest::Batch(rs) => rs,
    };
    if requests.len() > server.max_batch {
        return Err(guard::Refusal::TooManyRequests {
            requests: requests.len(),
            limit: server.max_batch,
        });
    }
    for r in requests {
        let doc = guard::checked(
            &r.query,
            server.max_query_bytes,
            server.max_complexity as u64,
        )?;
        guard::check_nul(doc.as_ref(), r.operation_name.as_deref(), &r.variables)?;
        if let Some(doc) = doc {
            r.set_parsed_query(doc);
        }
    }
    Ok(())
}

fn guard_refusal(why: guard::Refusal) -> Refusal {
    Refusal {
        status: StatusCode::BAD_REQUEST,
        code: why.code(),
        message: why.to_string(),
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
