//! `GET /exports/{kind}.{csv|xlsx}?school=&district=&year=&lang=`: a fact kind's rows in its
//! import template's layout (domain::export; docs/API.md, "Exports"). Signed in, limited and
//! refused like the report downloads (the same layers and the same GraphQL-shaped refusals);
//! the caller's scope and the kind's tier decide what it may export, and every export is
//! audited before a row is sent. A CSV streams from the database as it is read; an XLSX is
//! built first (it is a zip) and then sent.

use super::AppState;
use super::layers::{Refusal, id_of};
use domain::auth::Caller;
use domain::error::Error;
use domain::export::{self, Format, Request as Asked};
use domain::import::ImportKind;
use poem::http::{StatusCode, header};
use poem::web::{Data, Path, Query};
use poem::{Body, Request, Response, handler};

#[derive(serde::Deserialize)]
pub(super) struct Params {
    school: Option<String>,
    district: Option<String>,
    year: Option<String>,
    lang: Option<String>,
}

/// Bytes between the database task and the response body: the task waits while the client
/// has not read them, so a slow client holds one buffer, not the export.
const PIPE: usize = 256 * 1024;

#[handler]
pub(super) async fn download(
    req: &Request,
    Path(file): Path<String>,
    Query(params): Query<Params>,
    state: Data<&AppState>,
) -> Response {
    let id = id_of(req).id;
    let caller = req
        .extensions()
        .get::<Caller>()
        .cloned()
        .unwrap_or_default();
    match serve(&state, caller, &file, params).await {
        Ok(res) => res,
        Err(refused) => refused.response(&id),
    }
}

async fn serve(
    state: &AppState,
    caller: Caller,
    file: &str,
    params: Params,
) -> Result<Response, Refusal> {
    let bad = |message: String| Refusal {
        status: StatusCode::BAD_REQUEST,
        code: "BAD_USER_INPUT",
        message,
    };
    let (kind, format) = file.rsplit_once('.').ok_or_else(|| {
        bad(format!(
            "`{file}`: name the file as <kind>.csv or <kind>.xlsx"
        ))
    })?;
    let kind = ImportKind::parse(kind).map_err(bad)?;
    let format = Format::parse(format).map_err(bad)?;
    let year = params
        .year
        .as_deref()
        .filter(|y| !y.trim().is_empty())
        .map(crate::exports::academic_year)
        .transpose()
        .map_err(|e| bad(format!("year: {e}")))?;
    let lang = match params.lang.as_deref() {
        None | Some("") => domain::messages::Lang::En,
        Some(tag) => domain::messages::Lang::from_tag(tag)
            .ok_or_else(|| bad(format!("lang `{tag}`: ky, ru or en")))?,
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
    let plan = export::plan(&state.db, &caller, &asked)
        .await
        .map_err(refusal)?;
    export::audit(&state.db, &caller, &plan, format)
        .await
        .map_err(refusal)?;
    // The scope as given, reduced to what is safe in a header.
    let scope_name: String = scope_name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let name = plan.file_name(&scope_name, format);
    let body = match format {
        Format::Xlsx => {
            let mut bytes = Vec::new();
            export::write(&state.db, &plan, format, &mut bytes)
                .await
                .map_err(refusal)?;
            Body::from(bytes)
        }
        Format::Csv => {
            let (mut tx, rx) = tokio::io::duplex(PIPE);
            let db = state.db.clone();
            tokio::spawn(async move {
                // An error now cuts the body short (the status is sent); it is logged.
                if let Err(e) = export::write(&db, &plan, format, &mut tx).await {
                    tracing::error!(error = %e, kind = plan.kind.name(), "export stopped");
                }
            });
            Body::from_async_read(rx)
        }
    };
    Ok(Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, format.content_type())
        .header(
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        )
        .body(body))
}

/// The status and code of a domain error, as GraphQL would name it.
fn refusal(e: Error) -> Refusal {
    let (status, code, message) = match e {
        Error::Forbidden { message } => (StatusCode::FORBIDDEN, "FORBIDDEN", message),
        Error::NotFound { what, key } => (
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
            format!("{what} not found: {key}"),
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
                "the database is unavailable; try again in a moment".into(),
            )
        }
        other => {
            tracing::error!(error = %other, "export failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "INTERNAL",
                "internal error".into(),
            )
        }
    };
    Refusal {
        status,
        code,
        message,
    }
}
