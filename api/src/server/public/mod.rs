//! `GET /schools/{code}?year=2021&lang=ky|ru`: a school's public page (seed 000 §5.2,
//! publication on the school's website), server-rendered HTML without JavaScript, printable
//! and readable on a phone, that a school's website can link to or embed in a frame. It
//! shows the public tier only, as the API answers an anonymous caller: the directory's
//! passport, and from the published trend generation the five-year knowledge quality and
//! success beside the district's, olympiad prizes and the ORT summary, with the values the
//! nightly job withheld for small numbers shown as withheld; each indicator's method and the
//! district's coverage are stated. Plus the accreditation status (decision, type, year, valid
//! until), which the accreditation agencies publish themselves.

mod html;

use super::AppState;
use domain::messages::reports::ReportMsg;
use domain::trend::snapshot::Snapshot;
use poem::http::{StatusCode, header};
use poem::web::Data;
use poem::{Request, Response, handler};
use report::Lang;

const CSS: &str = include_str!("../../../assets/public/school.css");

/// The indicators each section shows (catalog codes), in order.
pub(crate) const LEARNING: [&str; 2] = ["knowledge_quality_pct", "success_pct"];
pub(crate) const OLYMPIADS: [&str; 6] = [
    "olympiad_prizes_school",
    "olympiad_prizes_district",
    "olympiad_prizes_oblast",
    "olympiad_prizes_republic",
    "olympiad_prizes_international",
    "olympiad_prizes_per_100_pupils",
];
pub(crate) const ORT: [&str; 3] = ["ort_participants", "ort_mean", "ort_pass_pct"];

#[handler]
pub(super) async fn page(req: &Request, state: Data<&AppState>) -> Response {
    // Read here rather than by poem's extractors, whose refusals (`%FF` in the path, a
    // repeated parameter) were bare English text: a repeat is refused in the page's language.
    let code = super::reports::decode(req.uri().path().rsplit('/').next().unwrap_or_default());
    let query = super::reports::query_pairs(req.uri().query().unwrap_or(""));
    let first = |name: &str| {
        query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let lang = match first("lang") {
        Some("ru") => Lang::Ru,
        _ => Lang::Ky,
    };
    // Other parameters (a site's `utm_source`, say) are left alone: it is a public link.
    for name in ["lang", "year"] {
        if query.iter().filter(|(k, _)| k == name).count() > 1 {
            let message = ReportMsg::ParamTwice(name.to_owned()).render(message_lang(lang));
            return text(StatusCode::BAD_REQUEST, message);
        }
    }
    // Where anonymous reading is off, the public tier is not public and neither is the page.
    if !state.config.auth.allow_anonymous {
        return Response::builder()
            .status(StatusCode::FORBIDDEN)
            .content_type("text/plain; charset=utf-8")
            .body(ReportMsg::NotPublished.render(message_lang(lang)));
    }
    match build(&state, &code, first("year"), lang).await {
        Ok(html) => Response::builder()
            .content_type("text/html; charset=utf-8")
            .header(header::CACHE_CONTROL, "public, max-age=300")
            // No script at all; any site may frame the page (schools embed it).
            .header(
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; \
                 form-action 'self'; frame-ancestors *",
            )
            .body(html),
        Err((status, message)) => {
            let mut res = text(status, message);
            if status == StatusCode::SERVICE_UNAVAILABLE {
                res.headers_mut().insert(header::RETRY_AFTER, 5.into());
            }
            res
        }
    }
}

fn message_lang(lang: Lang) -> domain::messages::Lang {
    match lang {
        Lang::Ky => domain::messages::Lang::Ky,
        Lang::Ru => domain::messages::Lang::Ru,
    }
}

fn text(status: StatusCode, message: String) -> Response {
    Response::builder()
        .status(status)
        .content_type("text/plain; charset=utf-8")
        .body(message)
}

/// `GET /public/school.css`.
#[handler]
pub(super) fn stylesheet() -> Response {
    Response::builder()
        .content_type("text/css; charset=utf-8")
        .header(header::CACHE_CONTROL, "public, max-age=3600")
        .body(CSS)
}

async fn build(
    state: &AppState,
    code: &str,
    year: Option<&str>,
    lang: Lang,
) -> Result<String, (StatusCode, String)> {
    let internal = |e: domain::Error| match e {
        // An outage is said as one (503, as GraphQL's UNAVAILABLE), not as a bug.
        domain::Error::Unavailable(detail) => {
            tracing::warn!(error = %detail, "public page: database unavailable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                ReportMsg::Unavailable.render(message_lang(lang)),
            )
        }
        e => {
            tracing::error!(error = %e, "public page failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                ReportMsg::Internal.render(message_lang(lang)),
            )
        }
    };
    let found = domain::school::by_code(&state.db, code.trim())
        .await
        .map_err(internal)?
        .ok_or_else(|| {
            (
                StatusCode::NOT_FOUND,
                ReportMsg::NoSuchSchool(code.to_owned()).render(message_lang(lang)),
            )
        })?;
    let view = state.snapshots.view().await.map_err(internal)?;
    let snapshot: &Snapshot = &view.snapshot;
    let year = match year.filter(|y| !y.trim().is_empty()) {
        Some(y) => {
            // In the page's language, as the reports say it.
            let y = crate::exports::academic_year(y).map_err(|_| {
                (
                    StatusCode::BAD_REQUEST,
                    ReportMsg::BadYear(y.to_owned()).render(message_lang(lang)),
                )
            })?;
            if !snapshot.years().contains(&y) {
                let valid: Vec<String> = snapshot
                    .years()
                    .iter()
                    .map(|y| domain::year::label(*y))
                    .collect();
                return Err((
                    StatusCode::NOT_FOUND,
                    ReportMsg::YearNotPublished {
                        year: y,
                        valid: valid.join(", "),
                    }
                    .render(message_lang(lang)),
                ));
            }
            y
        }
        None => latest_year(snapshot),
    };
    let languages = domain::query::schools::languages(&state.db, &[found.school.id])
        .await
        .map_err(internal)?
        .remove(&found.school.id)
        .unwrap_or_default();
    let accreditation = domain::query::profile::accreditation_status(&state.db, found.school.id)
        .await
        .map_err(internal)?;
    Ok(html::render(&html::Input {
        school: &found,
        languages: &languages,
        accreditation: &accreditation,
        snapshot,
        year,
        lang,
    }))
}

/// The newest year that is not provisional (the newest at all when every year is).
fn latest_year(s: &Snapshot) -> i32 {
    let years = s.years();
    years
        .iter()
        .rev()
        .find(|y| !s.is_provisional(**y))
        .or(years.last())
        .copied()
        .unwrap_or_default()
}
