//! `GET /reports/{kind}/{code}/{year}.{pdf|xlsx}?lang=ky|ru[&indicators=a,b]`: a school's
//! report (`school`, `accreditation`, by the school's code) or a district's comparison report
//! (`district`, by the district's code) as a file (docs/API.md, "Reports"). The bearer token
//! and scopes work as for POST /graphql (a district token gets its district's schools and
//! its own district report, a school token its own school and no district report, person-level
//! rows only for the school's own token and an admin); anonymous callers get 401. Every
//! download is audited.
//!
//! The path and the query are read strictly (a year of four digits, one `.pdf` or `.xlsx`,
//! each parameter once, no unknown ones), and every refusal is GraphQL-shaped like the other
//! endpoints', its message in the caller's language: `lang` when it is ky or ru, else
//! Accept-Language, else English.

use super::AppState;
use super::layers::{Refusal, id_of};
use domain::Error;
use domain::auth::Caller;
use domain::messages::Lang as MsgLang;
use domain::messages::reports::ReportMsg;
use poem::http::{StatusCode, header};
use poem::web::Data;
use poem::{Request, Response, handler};
use report::district::District;
use report::{Format, Kind, Lang, Subject};

/// A refusal before its message is put in the caller's language.
struct Refused {
    status: StatusCode,
    code: &'static str,
    msg: ReportMsg,
}

fn bad(msg: ReportMsg) -> Refused {
    Refused {
        status: StatusCode::BAD_REQUEST,
        code: "BAD_USER_INPUT",
        msg,
    }
}

#[handler]
pub(super) async fn download(req: &Request, state: Data<&AppState>) -> Response {
    // The path's three segments, decoded here: poem's extractor refused `%FF` in plain text.
    let segments: Vec<String> = req.uri().path().split('/').skip(2).map(decode).collect();
    let [kind, code, file] = <[String; 3]>::try_from(segments).unwrap_or_default();
    let id = id_of(req).id;
    let caller = req
        .extensions()
        .get::<Caller>()
        .cloned()
        .unwrap_or_default();
    let query = query_pairs(req.uri().query().unwrap_or(""));
    match serve(&state, &caller, &kind, &code, &file, &query).await {
        Ok(res) => res,
        Err(r) => Refusal {
            status: r.status,
            code: r.code,
            message: r.msg.render(message_lang(req, &query)),
        }
        .response(&id),
    }
}

/// The language of a refusal: the first `lang` that is ky or ru (even when `lang` is
/// refused for being repeated), else the request's Accept-Language, else English (as the
/// API's messages).
fn message_lang(req: &Request, query: &[(String, String)]) -> MsgLang {
    super::layers::refusal_lang(req, query, |l| {
        Lang::parse(l).ok().map(|l| match l {
            Lang::Ky => MsgLang::Ky,
            Lang::Ru => MsgLang::Ru,
        })
    })
}

/// The query's pairs, percent-decoded (`+` is a space), in order, repeats kept.
pub(super) fn query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// `s` percent-decoded (`+` is a space); bytes that are not UTF-8, and NUL, become U+FFFD.
pub(super) fn decode(s: &str) -> String {
    let hex = |b: u8| (b as char).to_digit(16);
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                // A NUL names nothing and PostgreSQL refuses it in text: U+FFFD, like a
                // byte that is not UTF-8.
                (Some(0), Some(0)) => {
                    out.extend_from_slice("\u{fffd}".as_bytes());
                    i += 2;
                }
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The one value of a parameter, refusing a repeat.
fn single<'a>(query: &'a [(String, String)], name: &str) -> Result<Option<&'a str>, Refused> {
    let mut found = query.iter().filter(|(k, _)| k == name);
    match (found.next(), found.next()) {
        (Some(_), Some(_)) => Err(bad(ReportMsg::ParamTwice(name.to_owned()))),
        (first, _) => Ok(first.map(|(_, v)| v.as_str())),
    }
}

/// `<year>.pdf` or `<year>.xlsx`, the year four digits without a sign or a leading zero.
pub(crate) fn parse_file(file: &str) -> Result<(i32, Format), ReportMsg> {
    let Some((year, ext)) = file.split_once('.') else {
        return Err(ReportMsg::BadFileName(file.to_owned()));
    };
    // In any case, as exports take `schools.CSV`.
    let format = match ext.to_ascii_lowercase().as_str() {
        "pdf" => Format::Pdf,
        "xlsx" => Format::Xlsx,
        _ => return Err(ReportMsg::BadFileName(file.to_owned())),
    };
    let digits =
        year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()) && !year.starts_with('0');
    match year.parse::<i32>() {
        Ok(y) if digits => Ok((y, format)),
        _ => Err(ReportMsg::BadYear(year.to_owned())),
    }
}

async fn serve(
    state: &AppState,
    caller: &Caller,
    kind: &str,
    code: &str,
    file: &str,
    query: &[(String, String)],
) -> Result<Response, Refused> {
    // Reports are never anonymous: say so before anything about the path.
    if caller.0.is_none() {
        return Err(Refused {
            status: StatusCode::UNAUTHORIZED,
            code: "UNAUTHENTICATED",
            msg: ReportMsg::SignInNeeded,
        });
    }
    let kind = Kind::parse(kind).map_err(|_| bad(ReportMsg::UnknownKind(kind.to_owned())))?;
    let (year, format) = parse_file(file).map_err(bad)?;
    let allowed: &[&str] = match kind {
        Kind::District => &["lang", "indicators"],
        _ => &["lang"],
    };
    if let Some((name, _)) = query.iter().find(|(k, _)| !allowed.contains(&k.as_str())) {
        return Err(bad(if name == "indicators" {
            ReportMsg::IndicatorsOnlyForDistrict
        } else {
            ReportMsg::UnknownParam {
                name: name.clone(),
                allowed: allowed.join(", "),
            }
        }));
    }
    let lang = match single(query, "lang")? {
        None => Lang::Ky,
        Some(l) => Lang::parse(l).map_err(|_| bad(ReportMsg::BadLang(l.to_owned())))?,
    };
    let indicators = single(query, "indicators")?;
    let role = caller.0.as_ref().map_or("", |p| p.role.code()).to_owned();
    let view = state.snapshots.view().await.map_err(refused)?;
    let snapshot = &view.snapshot;
    let (rendered, file_name) = match kind {
        Kind::District => {
            let indicators = report::district::indicators(indicators).map_err(bad)?;
            let district = District::resolve(snapshot, caller, code).map_err(|e| match e {
                Error::NotFound { .. } => Refused {
                    status: StatusCode::NOT_FOUND,
                    code: "NOT_FOUND",
                    msg: ReportMsg::NoSuchDistrict(code.to_owned()),
                },
                Error::Forbidden { .. } => forbidden(ReportMsg::DistrictOutOfScope(role.clone())),
                other => refused(other),
            })?;
            published_year(snapshot, year)?;
            let rendered = report::render_district(
                &state.db,
                snapshot,
                &state.config.alerts,
                &district,
                year,
                &indicators,
                format,
                lang,
            )
            .await
            .map_err(refused)?;
            report::audit_district(
                &state.db,
                caller,
                &district,
                year,
                &indicators,
                format,
                lang,
                rendered.generation,
            )
            .await
            .map_err(refused)?;
            let name = rendered.file_name.clone();
            (rendered, name)
        }
        Kind::School | Kind::Accreditation => {
            let subject = Subject::resolve(&state.db, caller, code)
                .await
                .map_err(|e| match e {
                    Error::NotFound { .. } => Refused {
                        status: StatusCode::NOT_FOUND,
                        code: "NOT_FOUND",
                        msg: ReportMsg::NoSuchSchool(code.to_owned()),
                    },
                    Error::Forbidden { .. } => forbidden(ReportMsg::SchoolOutOfScope(role.clone())),
                    other => refused(other),
                })?;
            published_year(snapshot, year)?;
            let rendered = report::render(&state.db, snapshot, &subject, kind, year, format, lang)
                .await
                .map_err(refused)?;
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
            .await
            .map_err(refused)?;
            let name = rendered.file_name.clone();
            (rendered, name)
        }
    };
    Ok(Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, format.content_type())
        .header(
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{file_name}\""),
        )
        .body(rendered.bytes))
}

fn forbidden(msg: ReportMsg) -> Refused {
    Refused {
        status: StatusCode::FORBIDDEN,
        code: "FORBIDDEN",
        msg,
    }
}

/// The year must have data in the published generation (the message lists the years that do).
fn published_year(s: &domain::trend::snapshot::Snapshot, year: i32) -> Result<(), Refused> {
    if s.generation.is_none() {
        return Err(Refused {
            status: StatusCode::NOT_FOUND,
            code: "NOT_FOUND",
            msg: ReportMsg::NoGeneration,
        });
    }
    if s.years().contains(&year) {
        return Ok(());
    }
    Err(bad(ReportMsg::YearNotPublished {
        year,
        valid: s
            .years()
            .iter()
            .map(|y| format!("{y} ({})", domain::year::label(*y)))
            .collect::<Vec<_>>()
            .join(", "),
    }))
}

/// The status, code and message of a domain error met while making the report.
fn refused(e: Error) -> Refused {
    match e {
        Error::NotFound {
            what: "published trend generation",
            ..
        } => Refused {
            status: StatusCode::NOT_FOUND,
            code: "NOT_FOUND",
            msg: ReportMsg::NoGeneration,
        },
        Error::Unavailable(detail) => {
            tracing::warn!(error = %detail, "report: database unavailable");
            Refused {
                status: StatusCode::SERVICE_UNAVAILABLE,
                code: "UNAVAILABLE",
                msg: ReportMsg::Unavailable,
            }
        }
        other => {
            tracing::error!(error = %other, "report failed");
            Refused {
                status: StatusCode::INTERNAL_SERVER_ERROR,
                code: "INTERNAL",
                msg: ReportMsg::Internal,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_read_strictly() {
        assert_eq!(parse_file("2021.pdf").unwrap(), (2021, Format::Pdf));
        assert_eq!(parse_file("2021.xlsx").unwrap(), (2021, Format::Xlsx));
        // The extension in any case, as exports take it.
        assert_eq!(parse_file("2021.PDF").unwrap(), (2021, Format::Pdf));
        for f in ["2021.pdf.pdf", "2021", "2021.docx", "2021."] {
            assert!(
                matches!(parse_file(f), Err(ReportMsg::BadFileName(_))),
                "{f}"
            );
        }
        for f in [
            "+2021.pdf",
            "02021.pdf",
            "0021.pdf",
            "2147483647.pdf",
            "-2147483648.pdf",
            "２０２１.pdf",
            " 2021.pdf",
            ".pdf",
        ] {
            assert!(matches!(parse_file(f), Err(ReportMsg::BadYear(_))), "{f}");
        }
    }

    #[test]
    fn queries_keep_repeats_and_decode() {
        assert_eq!(
            query_pairs("lang=ky&lang=ru&indicators=a%2Cb&x"),
            vec![
                ("lang".into(), "ky".into()),
                ("lang".into(), "ru".into()),
                ("indicators".into(), "a,b".into()),
                ("x".into(), String::new()),
            ]
        );
        assert_eq!(decode("%D2%A3+%"), "ң %");
    }
}
