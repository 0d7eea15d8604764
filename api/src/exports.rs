//! `sapat export <kind> [--school CODE | --district CODE] [--year Y] --format csv|xlsx
//! --lang ky|ru|en --out FILE`: a kind's rows in its template's layout (domain::export), for
//! re-import after editing. The console is the operator (an admin); the same export over HTTP
//! is `GET /exports/{kind}.{csv|xlsx}` (server::exports), for the caller's token.

use crate::cli::MessageLang;
use clap::Args;
use clap::builder::{PossibleValuesParser, TypedValueParser};
use domain::export::{self, Format, Request};
use domain::import::ImportKind;
use std::path::PathBuf;

/// The arguments of `sapat export`.
#[derive(Args, Debug)]
pub struct ExportArgs {
    /// The kind of facts to export (the import's kinds).
    #[arg(value_parser = PossibleValuesParser::new(ImportKind::ALL.map(ImportKind::name)).try_map(|n| ImportKind::parse(&n)))]
    pub kind: ImportKind,
    /// One school, by its code (e.g. KG-O-UZG-045).
    #[arg(long, conflicts_with = "district")]
    pub school: Option<String>,
    /// One district, by its code (e.g. KG-O-UZG).
    #[arg(long)]
    pub district: Option<String>,
    /// One academic year: its start year (2021) or its label (2021-2022); default every year.
    /// Kinds without an academic year (schools, teachers, teacher awards) ignore it.
    #[arg(long, value_parser = academic_year)]
    pub year: Option<i32>,
    /// csv (UTF-8 with BOM, any size) or xlsx (at most 1,048,575 rows).
    #[arg(long, default_value = "csv", value_parser = PossibleValuesParser::new(["csv", "xlsx"]).try_map(|s| Format::parse(&s)))]
    pub format: Format,
    /// The header's language: ky, ru or en (the template's keys).
    #[arg(long, value_enum, default_value = "en")]
    pub lang: MessageLang,
    /// Where to write (default: `<kind>[-<scope>][-<year>].<format>` here); never over an
    /// existing file without `--force`.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Replace the file at `--out` (or the default name) if it is there.
    #[arg(long)]
    pub force: bool,
}

/// `2021` or `2021-2022`.
pub fn academic_year(text: &str) -> Result<i32, String> {
    text.trim()
        .parse::<i32>()
        .or_else(|_| domain::year::parse_label(text).map_err(|e| e.to_string()))
}

impl ExportArgs {
    pub fn request(&self) -> Request {
        Request {
            kind: self.kind,
            school: self.school.clone(),
            district: self.district.clone(),
            year: self.year,
            lang: MessageLang::or_env(Some(self.lang)),
        }
    }
}

/// Runs `sapat export` as the operator; prints where it wrote and how many rows.
pub async fn run(db: &domain::Db, args: ExportArgs) -> anyhow::Result<()> {
    let caller = domain::auth::Caller::operator();
    let started = std::time::Instant::now();
    let plan = export::plan(db, &caller, &args.request()).await?;
    let scope = args
        .school
        .as_deref()
        .or(args.district.as_deref())
        .unwrap_or_default();
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(plan.file_name(scope, args.format)));
    // Created before anything is audited; an existing file is never touched without --force.
    let mut file = tokio::fs::File::from_std(crate::output::create(&out, args.force)?);
    // The partial file of a failed export is removed, so none is taken for a whole one.
    let written = async {
        export::audit(db, &caller, &plan, args.format).await?;
        let rows = export::write(db, &plan, args.format, &mut file).await?;
        anyhow::Ok(rows)
    }
    .await;
    match written {
        Ok(rows) => {
            println!(
                "{}: {rows} {} rows ({}, {}) in {:.2}s",
                out.display(),
                args.kind.name(),
                args.format.code(),
                export::lang_code(plan.lang),
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Err(e) => {
            let _ = std::fs::remove_file(&out);
            Err(e)
        }
    }
}
