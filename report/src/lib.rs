//! Reports: the school annual quality report, the accreditation self-assessment annex
//! (seed 000 §5.1–5.2, seed 003) and the district comparison report, as PDF (typst as a
//! library, embedded fonts) and XLSX. A report is gathered into one [`model::Document`] from the published trend snapshot and
//! domain's reads (no SQL here) under the caller's grant, then rendered by [`engine`] or
//! [`xlsx`]; both formats carry the same tables.

pub mod annex;
pub mod district;
pub mod engine;
pub mod facts;
pub mod model;
pub mod school;
pub mod subjects;
pub mod text;
pub mod xlsx;

pub use model::{Document, Lang};

use domain::access::{self, Grant, Place, Tier};
use domain::auth::Caller;
use domain::school::SchoolWithPlace;
use domain::trend::snapshot::Snapshot;
use domain::{Db, Error, Result};

/// Which report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    School,
    Accreditation,
    District,
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Kind::School => "school",
            Kind::Accreditation => "accreditation",
            Kind::District => "district",
        }
    }

    pub fn parse(s: &str) -> std::result::Result<Kind, String> {
        match s {
            "school" => Ok(Kind::School),
            "accreditation" => Ok(Kind::Accreditation),
            "district" => Ok(Kind::District),
            other => Err(format!(
                "report `{other}`: use school, accreditation or district"
            )),
        }
    }
}

/// The file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pdf,
    Xlsx,
}

impl Format {
    pub fn code(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Xlsx => "xlsx",
        }
    }

    pub fn parse(s: &str) -> std::result::Result<Format, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "pdf" => Ok(Format::Pdf),
            "xlsx" => Ok(Format::Xlsx),
            other => Err(format!("format `{other}`: use pdf or xlsx")),
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Pdf => "application/pdf",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }
}

/// The school a report is about, with the caller's grant to read it: the reported tier at
/// least, person-level rows (pseudonymous ORT scores, the commission) only for the school's
/// own token and an admin, exactly as in the API.
pub struct Subject {
    pub school: SchoolWithPlace,
    pub grant: Grant,
    pub school_id: i32,
    pub district_id: i32,
    pub region_id: i32,
}

impl Subject {
    /// Finds the school by code and checks the caller's scope (FORBIDDEN outside it).
    pub async fn resolve(db: &Db, caller: &Caller, code: &str) -> Result<Subject> {
        let school = domain::school::by_code(db, code.trim())
            .await?
            .ok_or_else(|| Error::NotFound {
                what: "school",
                key: code.to_owned(),
            })?;
        let place = Place {
            school_id: school.school.id,
            district_id: school.district.id,
            region_id: school.region.id,
        };
        let grant = access::grant(caller, place, Tier::People)?;
        Ok(Subject {
            school_id: place.school_id,
            district_id: place.district_id,
            region_id: place.region_id,
            school,
            grant,
        })
    }

    pub fn district_name(&self, lang: Lang) -> &str {
        lang.pick(&self.school.district.name_ky, &self.school.district.name_ru)
    }

    pub fn region_name(&self, lang: Lang) -> &str {
        lang.pick(&self.school.region.name_ky, &self.school.region.name_ru)
    }
}

/// The download path of a report (`GET` it with the bearer token; docs/API.md, "Reports"):
/// `code` is the school's, or the district's for [`Kind::District`].
pub fn url(kind: Kind, code: &str, year: i32, format: Format, lang: Lang) -> String {
    format!(
        "/reports/{}/{code}/{year}.{}?lang={}",
        kind.code(),
        format.code(),
        lang.code()
    )
}

/// Every report file of a school and year: each kind, format and language with its path.
pub fn links(school_code: &str, year: i32) -> Vec<(Kind, Format, Lang, String)> {
    let mut out = Vec::new();
    for kind in [Kind::School, Kind::Accreditation] {
        for format in [Format::Pdf, Format::Xlsx] {
            for lang in [Lang::Ky, Lang::Ru] {
                out.push((
                    kind,
                    format,
                    lang,
                    url(kind, school_code, year, format, lang),
                ));
            }
        }
    }
    out
}

/// Every district report file of a district and year (the default indicators): each
/// format and language with its path.
pub fn district_links(district_code: &str, year: i32) -> Vec<(Kind, Format, Lang, String)> {
    let mut out = Vec::new();
    for format in [Format::Pdf, Format::Xlsx] {
        for lang in [Lang::Ky, Lang::Ru] {
            out.push((
                Kind::District,
                format,
                lang,
                url(Kind::District, district_code, year, format, lang),
            ));
        }
    }
    out
}

/// A rendered report: its bytes, a file name and the generation it was computed from.
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub file_name: String,
    pub generation: i32,
}

/// Gathers and renders one report. The snapshot must hold a published generation with the
/// year (the error lists the years it has).
pub async fn render(
    db: &Db,
    snapshot: &Snapshot,
    subject: &Subject,
    kind: Kind,
    year: i32,
    format: Format,
    lang: Lang,
) -> Result<Rendered> {
    let generation = published(snapshot)?;
    snapshot.check_year("year", year)?;
    let doc = match kind {
        Kind::School => school::build(db, snapshot, subject, year, lang).await?,
        Kind::Accreditation => annex::build(db, snapshot, subject, year, lang).await?,
        Kind::District => {
            return Err(Error::Invalid {
                field: "kind".into(),
                message: "the district report is about a district: use render_district".into(),
            });
        }
    };
    let ident = format!(
        "sapat-{}-{}-{}-{}-g{generation}",
        kind.code(),
        subject.school.school.code,
        year,
        lang.code()
    );
    finish(doc, ident, kind, format, generation).await
}

/// Gathers and renders the district comparison report of `district` for `year` with
/// `indicators` (see [`district::indicators`]).
#[allow(clippy::too_many_arguments)]
pub async fn render_district(
    db: &Db,
    snapshot: &Snapshot,
    alerts: &domain::config::AlertsConfig,
    district: &district::District,
    year: i32,
    indicators: &[domain::trend::snapshot::IndicatorRef],
    format: Format,
    lang: Lang,
) -> Result<Rendered> {
    let generation = published(snapshot)?;
    snapshot.check_year("year", year)?;
    let doc = district::build(db, snapshot, alerts, district, year, indicators, lang).await?;
    let ident = format!(
        "sapat-district-{}-{year}-{}-g{generation}",
        district.district.code,
        lang.code()
    );
    finish(doc, ident, Kind::District, format, generation).await
}

fn published(snapshot: &Snapshot) -> Result<i32> {
    snapshot
        .generation
        .as_ref()
        .map(|g| g.id)
        .ok_or_else(|| Error::NotFound {
            what: "published trend generation",
            key: "none yet: run `sapat jobs run trends` first".into(),
        })
}

/// Renders at most this many reports at once per process (`server.max_concurrent_renders`;
/// set before the first render, else the number of cores).
static RENDERS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();

/// Bounds the renders in progress at once (0: the number of cores). The first call wins.
pub fn limit_renders(n: usize) {
    let n = if n == 0 {
        std::thread::available_parallelism().map_or(2, std::num::NonZero::get)
    } else {
        n
    };
    let _ = RENDERS.set(tokio::sync::Semaphore::new(n));
}

fn renders() -> &'static tokio::sync::Semaphore {
    RENDERS.get_or_init(|| {
        tokio::sync::Semaphore::new(
            std::thread::available_parallelism().map_or(2, std::num::NonZero::get),
        )
    })
}

/// Typesets a gathered document, at most [`limit_renders`] at once and off the async
/// workers (it is CPU work: about a third of a CPU-second for a PDF).
async fn finish(
    doc: Document,
    ident: String,
    kind: Kind,
    format: Format,
    generation: i32,
) -> Result<Rendered> {
    let _permit = renders()
        .acquire()
        .await
        .map_err(|e| Error::Internal(format!("render slots closed: {e}")))?;
    let file_ident = ident.clone();
    let bytes = tokio::task::spawn_blocking(move || match format {
        Format::Pdf => pdf(&doc, &file_ident),
        Format::Xlsx => xlsx::workbook(&doc),
    })
    .await
    .map_err(|e| Error::Internal(format!("rendering the {} report: {e}", kind.code())))?
    .map_err(|e| Error::Internal(format!("rendering the {} report: {e}", kind.code())))?;
    Ok(Rendered {
        bytes,
        file_name: format!("{ident}.{}", format.code()),
        generation,
    })
}

/// Records a download in the audit log: who, which report of which school and year, in
/// which format and language, from which generation.
#[allow(clippy::too_many_arguments)]
pub async fn audit(
    db: &Db,
    caller: &Caller,
    subject: &Subject,
    kind: Kind,
    year: i32,
    format: Format,
    lang: Lang,
    generation: i32,
) -> Result<()> {
    let key = serde_json::json!({
        "school_id": subject.school_id,
        "academic_year": year,
        "format": format.code(),
        "lang": lang.code(),
        "generation_id": generation,
    });
    domain::audit::record(
        db,
        caller,
        vec![domain::audit::Entry {
            operation: "download",
            entity: format!("report_{}", kind.code()),
            natural_key: key.to_string(),
            school_id: Some(subject.school_id),
            before: None,
            after: None,
        }],
    )
    .await
}

/// Records a district report's download in the audit log: who, which district and year,
/// which indicators, format and language, from which generation.
#[allow(clippy::too_many_arguments)]
pub async fn audit_district(
    db: &Db,
    caller: &Caller,
    district: &district::District,
    year: i32,
    indicators: &[domain::trend::snapshot::IndicatorRef],
    format: Format,
    lang: Lang,
    generation: i32,
) -> Result<()> {
    let key = serde_json::json!({
        "district_id": district.district.id,
        "academic_year": year,
        "indicators": indicators.iter().map(|i| i.def().code).collect::<Vec<_>>(),
        "format": format.code(),
        "lang": lang.code(),
        "generation_id": generation,
    });
    domain::audit::record(
        db,
        caller,
        vec![domain::audit::Entry {
            operation: "download",
            entity: "report_district".into(),
            natural_key: key.to_string(),
            school_id: None,
            before: None,
            after: None,
        }],
    )
    .await
}

/// Renders a document as PDF.
pub fn pdf(doc: &Document, ident: &str) -> std::result::Result<Vec<u8>, String> {
    engine::pdf(&doc.to_typst(), ident)
}

/// The title block and footer every report shares: school, district, region, year and the
/// generation the figures come from (so two copies can be told apart).
pub(crate) fn document(
    cx: &school::Cx<'_>,
    title: &str,
    sections: Vec<model::Section>,
) -> Document {
    let lang = cx.lang;
    let s = cx.subject;
    let g = cx.snapshot.generation.as_ref();
    let gen_id = g.map_or(0, |g| g.id);
    let date = g
        .and_then(|g| g.published_at)
        .map(|d| d.format("%d.%m.%Y").to_string())
        .unwrap_or_default();
    Document {
        lang,
        title: title.to_owned(),
        subtitle: lang
            .pick(&s.school.school.name_ky, &s.school.school.name_ru)
            .to_owned(),
        meta: vec![
            (
                text::t(lang, "year").to_owned(),
                domain::year::label(cx.year),
            ),
            (
                text::t(lang, "district").to_owned(),
                format!("{}, {}", s.district_name(lang), s.region_name(lang)),
            ),
            (
                text::t(lang, "code").to_owned(),
                s.school.school.code.clone(),
            ),
            (
                text::t(lang, "generation").to_owned(),
                text::fill(
                    lang,
                    "generation_value",
                    &[("id", gen_id.to_string()), ("date", date)],
                ),
            ),
        ],
        sections,
        footer: format!(
            "{} · {} · {}",
            text::fill(lang, "footer", &[("id", gen_id.to_string())]),
            s.school.school.code,
            domain::year::label(cx.year)
        ),
    }
}

/// Coded values in the report's language (a code without a label prints as itself).
pub(crate) mod labels {
    use crate::Lang;
    use domain::labels::Vocabulary;

    pub fn word(lang: Lang, vocabulary: Vocabulary, code: &str) -> String {
        vocabulary
            .label(code)
            .map_or(code.to_owned(), |l| lang.pick(l.ky, l.ru).to_owned())
    }
}
