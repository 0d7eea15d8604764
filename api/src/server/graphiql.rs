//! GraphiQL, served from the binary (api/assets/graphiql): an office without internet still
//! gets a working IDE, and no third-party origin sees who uses it.

use poem::http::{StatusCode, header};
use poem::{Response, handler};

const INDEX: &str = include_str!("../../assets/graphiql/index.html");

/// The vendored files by name, with their content types.
const ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "graphiql.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/graphiql/graphiql.min.js"),
    ),
    (
        "graphiql.min.css",
        "text/css; charset=utf-8",
        include_bytes!("../../assets/graphiql/graphiql.min.css"),
    ),
    (
        "react.production.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/graphiql/react.production.min.js"),
    ),
    (
        "react-dom.production.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/graphiql/react-dom.production.min.js"),
    ),
];

/// `GET /graphql`: the IDE's page.
#[handler]
pub fn page() -> Response {
    Response::builder()
        .content_type("text/html; charset=utf-8")
        .header(header::CACHE_CONTROL, "no-cache")
        .body(INDEX)
}

/// `GET /graphiql/:file`: one of the vendored files, or 404.
#[handler]
pub fn asset(req: &poem::Request) -> Response {
    // The raw segment, not poem's `Path` (which answered `%FF` with an uncoded 400): asset
    // names are plain ASCII, so anything else is simply not one.
    let file = req.uri().path().rsplit('/').next().unwrap_or_default();
    match ASSETS.iter().find(|(name, ..)| *name == file) {
        Some((_, content_type, bytes)) => Response::builder()
            .content_type(*content_type)
            // The files change only with the binary; a day keeps reloads cheap without
            // pinning an old IDE after an upgrade for long.
            .header(header::CACHE_CONTROL, "public, max-age=86400")
            .body(*bytes),
        None => StatusCode::NOT_FOUND.into(),
    }
}
