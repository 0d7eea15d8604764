//! `GET /reports/{kind}/{school code}/{year}.{pdf|xlsx}?lang=ky|ru`: a school's report as a
//! file (docs/API.md, "Reports"). The bearer token and scopes work as for POST /graphql
//! (a district token gets its district's schools, a school token its own school, person-level
//! rows only for the school's own token and an admin), and every download is audited.
//! A refusal is GraphQL-shaped like the other endpoints'.

use super::AppState;
use super::layers::{Refusal, id_of};
use domain::Error;
use domain::auth::Caller;
use poem::http::{StatusCode, header};
use poem::web::{Data, Path, Query};
use poem::{Request, Response, handler};
use report::{Format, Kind, Lang, Subject};

#[derive(serde::Deserialize)]
pub(super) struct Params {
    lang: Option<String>,
}

#[handler]
pub(super) async fn download(
    req: &Request,
    Path((kind, code, file)): Path<(String, String, String)>,
    Query(params): Query<Params>,
    state: Data<&AppState>,
) -> Response {
    let id = id_of(req).id;
    let caller = req
        .extensions()
        .get::<Caller>()
        .cloned()
        .unwrap_or_default();
    match serve(&state, &caller, &kind, &code, &file, params.lang.as_deref()).await {
        Ok(res) => res,
        Err(refusal) => refusal.response(&id),
    }
}

async fn serve(
    state: &AppState,
    caller: &Caller,
    kind: &str,
    code: &str,
    file: &str,
    lang: Option<&str>,
) -> Result<Response, Refusal> {
    let bad = |message: String| Refusal {
        status: StatusCode::BAD_REQUEST,
        code: "BAD_USER_INPUT",
        message,
    };
    let kind = Kind::parse(kind).map_err(bad)?;
    let (year, format) = file.rsplit_once('.').ok_or_else(|| {
        bad(format!(
            "`{file}`: name the file as <year>.pdf or <year>.xlsx"
        ))
    })?;
    let format = Format::parse(format).map_err(bad)?;
    let year: i32 = year.parse().map_err(|_| {
        bad(format!(
            "year `{year}`: give the academic start year, e.g. 2021 for 2021-2022"
        ))
    })?;
    let lang = Lang::parse(lang.unwrap_or("ky")).map_err(bad)?;
    let rendered = async {
        let subject = Subject::resolve(&state.db, caller, code).await?;
        let view = state.snapshots.view().await?;
        let rendered = report::render(
            &state.db,
            &view.snapshot,
            &subject,
            kind,
            year,
            format,
            lang,
        )
        .await?;
        report::audit(
            &state.db,
            caller,
            &subject,
            kind,
            year,
            format,
            lang,
            rendered.generation,
        )
        .await?;
        Ok::<_, Error>(rendered)
    }
    .await
    .map_err(refusal)?;
    Ok(Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, format.content_type())
        .header(
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}\"", rendered.file_name),
        )
        .body(rendered.bytes))
}

/// The status and code of a domain error, as GraphQL would name it.
pub(super) fn refusal(e: Error) -> Refusal {
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
            tracing::warn!(error = %detail, "report: database unavailable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "UNAVAILABLE",
                "the database is unavailable; try again in a moment".into(),
            )
        }
        other => {
            tracing::error!(error = %other, "report failed");
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
