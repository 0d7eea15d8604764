//! `GET /exports/{kind}.{csv|xlsx}?school=&district=&year=&lang=`: a fact kind's rows in its
//! import template's layout (domain::export; docs/API.md, "Exports"). Signed in, limited and
//! refused like the report downloads (the same layers and the same GraphQL-shaped refusals);
//! the caller's scope and the kind's tier decide what it may export, and every export is
//! audited before a row is sent. A CSV streams from the database as it is read; an XLSX is
//! built first (it is a zip) and then sent.

use super::AppState;
use super::layers::{HeldSlot, Refusal, id_of};
use domain::auth::Caller;
use domain::denied::in_language;
use domain::error::Error;
use domain::export::{self, Format, Request as Asked};
use domain::import::ImportKind;
use domain::messages::Lang;
use domain::messages::exports::ExportMsg;
use domain::messages::reports::ReportMsg;
use poem::http::{StatusCode, header};
use poem::web::Data;
use poem::{Body, Request, Response, handler};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context as TaskContext, Poll, ready};
use std::time::Duration;
use tokio::io::{AsyncRead, ReadBuf};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, oneshot};
use tokio::time::Instant;
use tracing::Instrument;
use tracing::instrument::WithSubscriber;

/// The query's parameters, read strictly as the reports' are: each at most once, no others.
#[derive(Default)]
struct Params {
    school: Option<String>,
    district: Option<String>,
    year: Option<String>,
    lang: Option<String>,
}

const PARAMS: [&str; 4] = ["school", "district", "year", "lang"];

impl Params {
    fn read(query: &[(String, String)], lang: Lang) -> Result<Params, Refusal> {
        let bad = |msg: ReportMsg| Refusal {
            status: StatusCode::BAD_REQUEST,
            code: "BAD_USER_INPUT",
            message: msg.render(lang),
        };
        if let Some((name, _)) = query.iter().find(|(k, _)| !PARAMS.contains(&k.as_str())) {
            return Err(bad(ReportMsg::UnknownParam {
                name: name.clone(),
                allowed: PARAMS.join(", "),
            }));
        }
        let mut params = Params::default();
        for (name, value) in query {
            let slot = match name.as_str() {
                "school" => &mut params.school,
                "district" => &mut params.district,
                "year" => &mut params.year,
                _ => &mut params.lang,
            };
            // A repeat is refused, never resolved by taking one of them.
            if slot.replace(value.clone()).is_some() {
                return Err(bad(ReportMsg::ParamTwice(name.clone())));
            }
        }
        Ok(params)
    }
}

/// The exports running at once, all callers together (`server.max_concurrent_exports`, at
/// most half the pool): a CSV holds a pooled connection until its last byte is sent, so
/// without this a few slow downloads took the whole pool from every other request.
#[derive(Clone)]
pub(super) struct Gate {
    permits: Arc<Semaphore>,
    limit: u32,
    /// Exports of one caller at once: one fewer than the server's limit (at least one), so
    /// that a single token, or an anonymous address, never holds every export.
    per_caller: Arc<super::limits::Limits>,
    timeout: Duration,
}

/// The per-caller share of `limit` exports at once.
fn per_caller_share(limit: u32) -> u32 {
    limit.saturating_sub(1).max(1)
}

impl Gate {
    pub(super) fn new(state: &AppState) -> Gate {
        let server = &state.config.server;
        let half_pool = (domain::db::pool_use(&state.db).max / 2).max(1);
        let limit = server.max_concurrent_exports.clamp(1, half_pool);
        if limit < server.max_concurrent_exports {
            tracing::warn!(
                configured = server.max_concurrent_exports,
                limit,
                "server.max_concurrent_exports is over half the database pool; using {limit}"
            );
        }
        Gate {
            permits: Arc::new(Semaphore::new(limit as usize)),
            limit,
            per_caller: Arc::new(super::limits::Limits::new(per_caller_share(limit), 0)),
            timeout: Duration::from_millis(server.export_timeout_ms),
        }
    }
}

/// Seconds a refused export is told to wait before asking again.
pub(super) const RETRY_AFTER_SECS: u32 = 5;

/// Bytes between the database task and the response body: the task waits while the client
/// has not read them, so a slow client holds one buffer, not the export.
const PIPE: usize = 256 * 1024;

#[handler]
pub(super) async fn download(req: &Request, state: Data<&AppState>, gate: Data<&Gate>) -> Response {
    let id = id_of(req).id;
    let caller = req
        .extensions()
        .get::<Caller>()
        .cloned()
        .unwrap_or_default();
    // Read here, not by poem's extractors, so that a bad path or query (`%FF`, a repeat) is
    // refused like the rest: GraphQL-shaped, in the caller's language.
    let file = super::reports::decode(req.uri().path().rsplit('/').next().unwrap_or_default());
    let query = super::reports::query_pairs(req.uri().query().unwrap_or(""));
    // Refusals speak the file's language when it is a valid one (the first, even when `lang`
    // is refused for being repeated), else the browser's.
    let lang = super::layers::refusal_lang(req, &query, Lang::from_tag);
    // The caller's place among its requests in progress goes with the body.
    let held = req.extensions().get::<HeldSlot>().cloned();
    let who = super::limits::Key::of(&caller, req.remote_addr().as_socket_addr().map(|a| a.ip()));
    let at = Instant::now() + gate.timeout;
    let served = async {
        let params = Params::read(&query, lang)?;
        serve(&state, &gate, (caller, who), &file, params, lang, at).await
    };
    match in_language(lang, served).await {
        Ok(Started::Done(res)) => res,
        Ok(Started::Streaming(mut res, mut body)) => {
            body.held.0 = held;
            res.set_body(Body::from_async_read(body));
            res
        }
        Err(refused) => {
            let busy = [
                StatusCode::SERVICE_UNAVAILABLE,
                StatusCode::TOO_MANY_REQUESTS,
            ]
            .contains(&refused.status);
            let mut res = refused.response(&id);
            if busy {
                res.headers_mut()
                    .insert(header::RETRY_AFTER, RETRY_AFTER_SECS.into());
            }
            res
        }
    }
}

/// An export's answer: whole (an XLSX), or its headers with the CSV body still to stream.
enum Started {
    Done(Response),
    Streaming(Response, Finished),
}

async fn serve(
    state: &AppState,
    gate: &Gate,
    (caller, who): (Caller, super::limits::Key),
    file: &str,
    params: Params,
    message_lang: Lang,
    deadline: Instant,
) -> Result<Started, Refusal> {
    let bad = |msg: ExportMsg| Refusal {
        status: StatusCode::BAD_REQUEST,
        code: "BAD_USER_INPUT",
        message: msg.render(message_lang),
    };
    let (kind, format) = file
        .rsplit_once('.')
        .ok_or_else(|| bad(ExportMsg::BadFileName(file.to_owned())))?;
    let kind = ImportKind::parse(kind).map_err(|_| {
        bad(ExportMsg::UnknownKind {
            kind: kind.to_owned(),
            known: ImportKind::ALL.map(ImportKind::name).join(", "),
        })
    })?;
    let format = Format::parse(format).map_err(|_| bad(ExportMsg::BadFormat(format.to_owned())))?;
    let year = params
        .year
        .as_deref()
        .filter(|y| !y.trim().is_empty())
        .map(|y| match crate::exports::academic_year(y) {
            Ok(start) if (1990..=2100).contains(&start) => Ok(start),
            Ok(_) => Err(bad(ExportMsg::YearOutOfRange(y.to_owned()))),
            Err(_) => Err(bad(ExportMsg::BadYear(y.to_owned()))),
        })
        .transpose()?;
    let given = |v: &Option<String>| v.as_deref().is_some_and(|v| !v.trim().is_empty());
    if given(&params.school) && given(&params.district) {
        return Err(bad(ExportMsg::SchoolAndDistrict));
    }
    let lang = match params.lang.as_deref() {
        None | Some("") => Lang::En,
        Some(tag) => Lang::from_tag(tag).ok_or_else(|| bad(ExportMsg::BadLang(tag.to_owned())))?,
    };
    let scope_name = params
        .school
        .clone()
        .or(params.district.clone())
        .unwrap_or_default();
    let asked = Asked {
        kind,
        school: params.school.filter(|s| !s.trim().is_empty()),
        district: params.district.filter(|s| !s.trim().is_empty()),
        year,
        lang,
    };
    // Without a token the answer is "sign in" (401), as a report's is, not "not yours".
    if caller.0.is_none() {
        return Err(Refusal {
            status: StatusCode::UNAUTHORIZED,
            code: "UNAUTHENTICATED",
            message: domain::denied::Denied::ExportNeedsToken.render(message_lang),
        });
    }
    let plan = export::plan(&state.db, &caller, &asked)
        .await
        .map_err(|e| refusal(e, message_lang))?;
    // Refused before the audit: a refusal is not an export.
    let mine = gate.per_caller.admit(who).map_err(|_| Refusal {
        status: StatusCode::TOO_MANY_REQUESTS,
        code: "TOO_MANY_REQUESTS",
        message: ExportMsg::YoursRunning {
            limit: per_caller_share(gate.limit),
        }
        .render(message_lang),
    })?;
    let permit = gate
        .permits
        .clone()
        .try_acquire_owned()
        .map_err(|_| Refusal {
            status: StatusCode::SERVICE_UNAVAILABLE,
            code: "UNAVAILABLE",
            message: ExportMsg::Busy { limit: gate.limit }.render(message_lang),
        })?;
    export::audit(&state.db, &caller, &plan, format)
        .await
        .map_err(|e| refusal(e, message_lang))?;
    // The scope as given, reduced to what is safe in a header.
    let scope_name: String = scope_name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let name = plan.file_name(&scope_name, format);
    let res = Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, format.content_type())
        .header(
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        );
    match format {
        Format::Xlsx => {
            let mut bytes = Vec::new();
            let written = tokio::time::timeout_at(
                deadline,
                export::write(&state.db, &plan, format, &mut bytes),
            )
            .await;
            drop((permit, mine));
            match written {
                Ok(done) => done.map_err(|e| refusal(e, message_lang))?,
                Err(_) => {
                    let ms = gate.timeout.as_millis();
                    let late = Error::Internal(format!("the export outlasted {ms} ms"));
                    return Err(refusal(late, message_lang));
                }
            };
            Ok(Started::Done(res.body(bytes)))
        }
        Format::Csv => {
            let (mut tx, rx) = tokio::io::duplex(PIPE);
            let (done_tx, done) = oneshot::channel();
            let db = state.db.clone();
            // The permit is released when both the writer and the body have ended.
            let permit = Arc::new(permit);
            let writer_permit = permit.clone();
            let timeout_ms = gate.timeout.as_millis() as u64;
            // In the request's span and with its subscriber: the log lines name the request.
            let writer = async move {
                let _permit = writer_permit;
                let result =
                    tokio::time::timeout_at(deadline, export::write(&db, &plan, format, &mut tx))
                        .await;
                let ok = matches!(result, Ok(Ok(_)));
                let kind = plan.kind.name();
                let late = result.is_err() || Instant::now() >= deadline;
                match result {
                    Ok(Ok(_)) => {}
                    Ok(Err(e)) if !late && !done_tx.is_closed() => {
                        tracing::error!(error = %e, kind, "export stopped")
                    }
                    _ if late => tracing::warn!(
                        kind,
                        timeout_ms,
                        "export cut: it outlasted server.export_timeout_ms"
                    ),
                    // The body was dropped: the client went away, which is ordinary.
                    _ => tracing::info!(kind, "export: the client closed the connection"),
                }
                let _ = done_tx.send(ok);
                drop(tx);
            };
            tokio::spawn(writer.in_current_span().with_current_subscriber());
            let body = Finished {
                rx,
                done,
                deadline: Some(Box::pin(tokio::time::sleep_until(deadline))),
                held: (None, Some(permit), Some(mine)),
            };
            Ok(Started::Streaming(res.finish(), body))
        }
    }
}

/// The status and code of a domain error, as GraphQL would name it, in the caller's language
/// (refusals of scope are already in it: `domain::denied`).
fn refusal(e: Error, lang: Lang) -> Refusal {
    let (status, code, message) = match e {
        Error::Forbidden { message } => (StatusCode::FORBIDDEN, "FORBIDDEN", message),
        Error::NotFound { what, key } => (
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
            match what {
                "school" => ReportMsg::NoSuchSchool(key).render(lang),
                "district" => ReportMsg::NoSuchDistrict(key).render(lang),
                _ => format!("{what} not found: {key}"),
            },
        ),
        Error::Invalid { field, message } => (
            StatusCode::BAD_REQUEST,
            "BAD_USER_INPUT",
            format!("{field}: {message}"),
        ),
        Error::Unavailable(detail) => {
            tracing::warn!(error = %detail, "export: database unavailable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "UNAVAILABLE",
                ReportMsg::Unavailable.render(lang),
            )
        }
        other => {
            tracing::error!(error = %other, "export failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "INTERNAL",
                ReportMsg::Internal.render(lang),
            )
        }
    };
    Refusal {
        status,
        code,
        message,
    }
}

/// The CSV body: the pipe's bytes, then an error instead of a clean end when the export
/// stopped, so the connection is cut and the client sees an incomplete download rather than
/// a short file under 200.
struct Finished {
    rx: tokio::io::DuplexStream,
    done: oneshot::Receiver<bool>,
    /// `server.export_timeout_ms` after the request: the body ends in an error then.
    deadline: Option<Pin<Box<tokio::time::Sleep>>>,
    /// Held until the body is dropped: the caller's slot among its requests, the export's
    /// permit (also held by the writer, which may end later) and the caller's export place.
    #[allow(dead_code)]
    held: (
        Option<HeldSlot>,
        Option<Arc<OwnedSemaphorePermit>>,
        Option<super::limits::Slot>,
    ),
}

impl AsyncRead for Finished {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut TaskContext<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        if let Some(deadline) = self.deadline.as_mut()
            && deadline.as_mut().poll(cx).is_ready()
        {
            return Poll::Ready(Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "the export took longer than server.export_timeout_ms",
            )));
        }
        let before = buf.filled().len();
        ready!(Pin::new(&mut self.rx).poll_read(cx, buf))?;
        if buf.filled().len() > before {
            return Poll::Ready(Ok(()));
        }
        // End of the pipe: complete only if the writer said so (a panic drops the sender).
        match ready!(Pin::new(&mut self.done).poll(cx)) {
            Ok(true) => Poll::Ready(Ok(())),
            _ => Poll::Ready(Err(std::io::Error::other(
                "the export stopped; the server log has why",
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    async fn read_all(ok: bool) -> std::io::Result<Vec<u8>> {
        let (mut tx, rx) = tokio::io::duplex(16);
        let (done_tx, done) = oneshot::channel();
        tokio::spawn(async move {
            tx.write_all(b"school_code,year\nKG-1,2021\n")
                .await
                .unwrap();
            let _ = done_tx.send(ok);
        });
        let mut out = Vec::new();
        Finished {
            rx,
            done,
            deadline: None,
            held: (None, None, None),
        }
        .read_to_end(&mut out)
        .await?;
        Ok(out)
    }

    #[tokio::test]
    async fn a_stopped_export_ends_in_an_error_not_a_short_file() {
        assert_eq!(
            read_all(true).await.unwrap(),
            b"school_code,year\nKG-1,2021\n"
        );
        let err = read_all(false).await.unwrap_err();
        assert!(err.to_string().contains("export stopped"), "{err}");
    }
}
