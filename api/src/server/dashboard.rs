//! The built-in dashboard (api/assets/dashboard): plain HTML, CSS and JavaScript served from
//! the binary, no build step and no third-party origin. It reads the same POST /graphql as
//! any other dashboard, and listens to `trendsRefreshed` on `/graphql/ws`.

use poem::http::{StatusCode, header};
use poem::{Response, handler};

const INDEX: &str = include_str!("../../assets/dashboard/index.html");

/// The dashboard's files by name, with their content types.
const ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/dashboard/app.js"),
    ),
    (
        "i18n.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/dashboard/i18n.js"),
    ),
    (
        "charts.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/dashboard/charts.js"),
    ),
    (
        "style.css",
        "text/css; charset=utf-8",
        include_bytes!("../../assets/dashboard/style.css"),
    ),
];

/// `GET /`: the dashboard's page (its views are fragments of this one URL).
#[handler]
pub fn page() -> Response {
    Response::builder()
        .content_type("text/html; charset=utf-8")
        .header(header::CACHE_CONTROL, "no-cache")
        .header(
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; \
             script-src 'self'; frame-ancestors 'none'",
        )
        .body(INDEX)
}

/// `GET /dashboard/:file`: one of the dashboard's files, or 404.
#[handler]
pub fn asset(req: &poem::Request) -> Response {
    // The raw segment, not poem's `Path` (which answered `%FF` with an uncoded 400): asset
    // names are plain ASCII, so anything else is simply not one.
    let file = req.uri().path().rsplit('/').next().unwrap_or_default();
    match ASSETS.iter().find(|(name, ..)| *name == file) {
        Some((_, content_type, bytes)) => Response::builder()
            .content_type(*content_type)
            // Revalidated on every load (cheap, and an upgrade is seen at once); the page is
            // light enough that a day's caching would buy little.
            .header(header::CACHE_CONTROL, "no-cache")
            .body(*bytes),
        None => StatusCode::NOT_FOUND.into(),
    }
}
