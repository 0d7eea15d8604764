//! The `sapat` command line: what it accepts (clap derive) and how its results read.
//!
//! Every closed set of values (import kinds, roles, demo scales, jobs) is a clap value parser
//! built from the list that defines it, so `--help` lists the values, a wrong one is a usage
//! error (exit 2, before any database is opened), and a new import kind needs no edit here.
//! What the commands print is formatted here, in words and academic-year labels, never with
//! Rust's `Debug`.

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use domain::auth::Role;
use domain::import::{ImportKind, ImportReport};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "sapat",
    version,
    about = "Sapat: school education-quality monitoring (Kyrgyzstan)"
)]
pub struct Cli {
    /// TOML configuration file (default: $SAPAT_CONFIG, else built-in defaults).
    #[arg(long, global = true)]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the dashboard (GET /) and the GraphQL API (POST /graphql, GraphiQL on GET /graphql, subscriptions on /graphql/ws, GET /healthz, /readyz, /metrics).
    Serve {
        /// Address to listen on (overrides server.bind; default 127.0.0.1:8080).
        #[arg(long)]
        bind: Option<String>,
        /// Load the demo data (and publish a trend generation) before serving.
        #[arg(long)]
        demo: bool,
        /// Do not run the nightly trend refresh in this process (an external scheduler runs
        /// `sapat jobs run trends --full` instead).
        #[arg(long)]
        no_scheduler: bool,
    },
    /// Run or inspect jobs: `sapat jobs run trends [--full|--incremental] [--years 2019-2021]
    /// [--dry-run]`, `sapat jobs list`, `sapat jobs history`, `sapat jobs sources [--copy]`.
    Jobs {
        #[command(subcommand)]
        action: JobsAction,
    },
    /// Apply or inspect schema migrations.
    Migrate {
        #[command(subcommand)]
        action: MigrateAction,
    },
    /// Load reference data and the fixture school "Бахмал" №45, and with --scale synthetic
    /// schools and five years of results (deterministic per seed; idempotent).
    Demo {
        /// school (3 schools), district (Özgön, ≈60 schools) or national (≈2,400 schools,
        /// ≈21M mark summaries). Without it only the fixture school is loaded.
        #[arg(long, value_parser = scale())]
        scale: Option<demo::synthetic::Scale>,
        /// Random seed; the same seed gives the same data on both databases.
        #[arg(long, default_value_t = demo::synthetic::DEFAULT_SEED)]
        seed: u64,
    },
    /// Print the GraphQL schema (SDL).
    Schema,
    /// API tokens: `sapat token create --role district --scope KG-O-UZG [--name N]
    /// [--expires-days D]`, `sapat token list`, `sapat token revoke <id>`.
    Token {
        #[command(subcommand)]
        action: TokenAction,
    },
    /// Import a CSV or XLSX file (`sapat import <kind> <file>`; also XLS and ODS), or write an
    /// empty template (`sapat import template <kind> [--out FILE]`).
    Import(ImportArgs),
    /// Print a school's half-year administrative control of a year (seed 002's analysis): each
    /// class × subject's H1 and H2 knowledge quality and success, the change, the teacher and
    /// the methodological association, then the roll-ups per subject, teacher and association.
    AdminControl {
        /// The school's code (e.g. KG-O-UZG-045).
        school: String,
        /// The academic year by its start year (2021 = 2021-2022).
        #[arg(long)]
        year: i32,
        /// The language of the headings and subject names (default: from LANG, else English).
        #[arg(long, value_enum)]
        lang: Option<MessageLang>,
    },
    /// Write a report as PDF or XLSX: `sapat report school --school KG-O-UZG-045 --year 2021
    /// --format pdf --lang ky --out report.pdf` (or `accreditation`, the self-assessment
    /// annex); `sapat report district --district KG-O-UZG --year 2021 [--indicators a,b]`
    /// (the district comparison report); `sapat report school --district KG-O-UZG --year 2021
    /// --out-dir DIR` (every school's report of the district, one file each). Figures come
    /// from the published trend generation.
    Report(ReportArgs),
    /// Export a kind's rows in its import template's layout, to edit and import again:
    /// `sapat export mark-summaries --school KG-O-UZG-045 --year 2021 --format xlsx --lang ky
    /// --out marks.xlsx` (or `--district CODE`, or neither: everything).
    Export(crate::exports::ExportArgs),
}

/// `sapat report <kind> (--school CODE | --district CODE) --year YEAR [--format pdf|xlsx]
/// [--lang ky|ru] [--out FILE | --out-dir DIR] [--indicators a,b]`.
#[derive(Args, Debug)]
pub struct ReportArgs {
    /// school (the annual quality report), accreditation (the self-assessment annex) or
    /// district (the district comparison report).
    #[arg(value_parser = PossibleValuesParser::new(["school", "accreditation", "district"]).try_map(|s| report::Kind::parse(&s)))]
    pub kind: report::Kind,
    /// The school's code, e.g. KG-O-UZG-045 (school and accreditation reports).
    #[arg(long, conflicts_with = "district")]
    pub school: Option<String>,
    /// The district's code, e.g. KG-O-UZG: the district report, or with `--out-dir` the
    /// school or accreditation report of every school of the district.
    #[arg(long)]
    pub district: Option<String>,
    /// The academic year by its start year (2021 = 2021-2022); the report shows it and the
    /// four years before.
    #[arg(long, allow_negative_numbers = true)]
    pub year: i32,
    /// pdf (A4, print-ready) or xlsx (one filterable sheet per table).
    #[arg(long, default_value = "pdf", value_parser = PossibleValuesParser::new(["pdf", "xlsx"]).try_map(|s| report::Format::parse(&s)))]
    pub format: report::Format,
    /// ky (Kyrgyz) or ru (Russian).
    #[arg(long, default_value = "ky", value_parser = PossibleValuesParser::new(["ky", "ru"]).try_map(|s| report::Lang::parse(&s)))]
    pub lang: report::Lang,
    /// The district report's indicators, comma-separated catalog codes (at most 12; default:
    /// knowledge_quality_pct, success_pct, knowledge_quality_marks_pct, average_mark,
    /// ort_pass_pct, ort_mean, teachers_trained_5y_pct).
    #[arg(long)]
    pub indicators: Option<String>,
    /// Where to write one report (default: the report's own name in the current directory).
    #[arg(long, conflicts_with = "out_dir")]
    pub out: Option<PathBuf>,
    /// With `--district` and a school or accreditation report: the directory to write every
    /// school's file to (created if missing), one file per school under its own name.
    #[arg(long)]
    pub out_dir: Option<PathBuf>,
    /// Replace files that are already there (without it they are kept and the run says so).
    #[arg(long)]
    pub force: bool,
}

/// `sapat import <kind> <file>`, or the `template` subcommand instead of both.
#[derive(Args, Debug)]
#[command(
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true,
    override_usage = "sapat import <KIND> <FILE>\n       sapat import template <KIND> [--out FILE]"
)]
pub struct ImportArgs {
    #[command(subcommand)]
    pub template: Option<ImportTemplate>,
    /// The kind of facts the file holds.
    #[arg(required = true, value_parser = import_kind())]
    pub kind: Option<ImportKind>,
    /// The file to import (.csv, .xlsx, .xls or .ods).
    #[arg(required = true)]
    pub file: Option<PathBuf>,
    /// The language of the problems listed (default: from LANG, else English).
    #[arg(long, value_enum)]
    pub lang: Option<MessageLang>,
}

/// A language of the import's messages.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum MessageLang {
    /// Kyrgyz.
    Ky,
    /// Russian.
    Ru,
    /// English.
    En,
}

impl MessageLang {
    /// The chosen language, else the one `LANG` names (`ru_RU.UTF-8`), else English.
    pub fn or_env(chosen: Option<MessageLang>) -> domain::messages::Lang {
        use domain::messages::Lang;
        match chosen {
            Some(MessageLang::Ky) => Lang::Ky,
            Some(MessageLang::Ru) => Lang::Ru,
            Some(MessageLang::En) => Lang::En,
            None => std::env::var("LANG")
                .ok()
                .and_then(|tag| Lang::from_tag(&tag))
                .unwrap_or_default(),
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum ImportTemplate {
    /// Write an empty template for a kind (its second sheet explains every column).
    Template {
        /// The kind of facts the template is for.
        #[arg(value_parser = import_kind())]
        kind: ImportKind,
        /// Where to write (.csv or .xlsx; default `<kind>.xlsx`).
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(Subcommand, Debug)]
pub enum JobsAction {
    /// Run a job once (manual runs are incremental unless --full).
    Run {
        /// The job to run.
        #[arg(value_parser = PossibleValuesParser::new(JOBS))]
        job: String,
        /// Recompute every year of the window.
        #[arg(long, conflicts_with = "incremental")]
        full: bool,
        /// Recompute only the years whose facts changed (the default).
        #[arg(long)]
        incremental: bool,
        /// Restrict to academic start years, e.g. 2019-2021 (or one year, 2020).
        #[arg(long, value_parser = year_range)]
        years: Option<(i32, i32)>,
        /// Compute and validate, but do not publish.
        #[arg(long)]
        dry_run: bool,
    },
    /// Print the statements a full trend run reads (one per line, years bound): what the
    /// benchmark's bare extraction runs (`bench/trends.sh`).
    Sources {
        /// Restrict to academic start years, as `run --years`.
        #[arg(long, value_parser = year_range)]
        years: Option<(i32, i32)>,
        /// Wrap each statement in `COPY (…) TO STDOUT;` (PostgreSQL's psql).
        #[arg(long)]
        copy: bool,
    },
    /// List the jobs and their schedule.
    List,
    /// Show recent runs, newest first.
    History {
        #[arg(long, default_value_t = 20)]
        limit: u64,
    },
}

#[derive(Subcommand, Debug)]
pub enum TokenAction {
    /// Create a token and print it (it is shown only this once; only its hash is stored).
    Create {
        /// What the token may do: everything (admin), or one region's, district's or school's data.
        #[arg(long, value_parser = role())]
        role: Role,
        /// The code of the region (KG-O), district (KG-O-UZG) or school the role is limited
        /// to; none for admin. `--region`, `--district` and `--school` are the same option.
        #[arg(long, alias = "region", alias = "district", alias = "school")]
        scope: Option<String>,
        /// What the token is for (shown by `token list`).
        #[arg(long, default_value = "api token")]
        name: String,
        /// Days until it expires, 1 to 36500 (default: never).
        #[arg(long, value_parser = clap::value_parser!(i64).range(1..=36_500))]
        expires_days: Option<i64>,
    },
    /// List tokens (never their secrets).
    List,
    /// Revoke a token at once.
    Revoke { id: i32 },
}

#[derive(Subcommand, Debug)]
pub enum MigrateAction {
    /// Apply pending migrations and load reference data.
    Up,
    /// Roll back the last N migrations (default 1; drops their tables and data; asks for --yes).
    Down {
        #[arg(long, default_value_t = 1)]
        steps: u32,
        /// Confirms that the rolled-back migrations' tables and data are dropped.
        #[arg(long)]
        yes: bool,
    },
    /// List applied and pending migrations.
    Status,
    /// Drop every table and migrate from scratch (destroys data; asks for --yes).
    Fresh {
        /// Confirms that every table and all data of the configured database are dropped.
        #[arg(long)]
        yes: bool,
    },
}

/// The jobs `sapat jobs run` knows (the trend refresh is the only one).
pub const JOBS: [&str; 1] = [jobs::trends::JOB];

/// Import kinds by their registry names (`ImportKind::ALL`), listed in `--help`.
fn import_kind() -> impl TypedValueParser<Value = ImportKind> {
    PossibleValuesParser::new(ImportKind::ALL.map(ImportKind::name))
        .try_map(|name| ImportKind::parse(&name))
}

fn role() -> impl TypedValueParser<Value = Role> {
    PossibleValuesParser::new(Role::ALL.map(Role::code)).try_map(|code| Role::parse(&code))
}

fn scale() -> impl TypedValueParser<Value = demo::synthetic::Scale> {
    use demo::synthetic::Scale;
    PossibleValuesParser::new(Scale::ALL.map(Scale::as_str)).try_map(|name| name.parse::<Scale>())
}

/// `--years`: `2019-2021` or `2020`, first year not after the last.
fn year_range(text: &str) -> Result<(i32, i32), String> {
    let (a, b) = text.split_once('-').unwrap_or((text, text));
    let year = |s: &str| {
        s.trim().parse::<i32>().map_err(|_| {
            format!(
                "`{}` is not a year; give start years like 2019-2021",
                s.trim()
            )
        })
    };
    let (a, b) = (year(a)?, year(b)?);
    if a > b {
        return Err(format!("the first year ({a}) is after the last ({b})"));
    }
    Ok((a, b))
}

/// Academic years as their labels: "2019-2020, 2020-2021", or "none".
pub fn years(starts: &[i32]) -> String {
    if starts.is_empty() {
        return "none".to_owned();
    }
    starts
        .iter()
        .map(|&y| domain::year::label(y))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `-` for a missing value.
fn or_dash(value: Option<impl ToString>) -> String {
    value.map_or_else(|| "-".to_owned(), |v| v.to_string())
}

/// The lines `sapat import` prints for a refused file: each problem listed, in `lang`, and how
/// many more there were.
pub fn import_problems(
    errors: &[domain::import::RowError],
    total: usize,
    lang: domain::messages::Lang,
) -> Vec<String> {
    let mut lines: Vec<String> = errors.iter().map(|e| e.render(lang)).collect();
    if let Some(more) = total.checked_sub(errors.len()).filter(|n| *n > 0) {
        lines.push(domain::messages::Msg::AndMore(more).render(lang));
    }
    lines
}

/// What `sapat import` prints for a file that was applied.
pub fn import_summary(file: &str, report: &ImportReport) -> String {
    format!(
        "{file}: {} rows: {} inserted, {} updated, {} unchanged (academic years {}{})",
        report.rows,
        report.inserted,
        report.updated,
        report.unchanged,
        years(&report.years),
        if report.inserted + report.updated > 0 {
            "; changed years are marked for the next trend refresh"
        } else {
            "; nothing changed"
        }
    )
}

/// What `sapat demo` prints about the users' schools it did not write (`None`: there were
/// none): the demo writes only to schools it created and no user has written to since.
pub fn left_alone_summary(codes: &[String]) -> Option<String> {
    let what = match codes.len() {
        0 => return None,
        1 => "1 school left as it is".to_owned(),
        n => format!("{n} schools left as they are"),
    };
    Some(format!(
        "{what} (imported or entered by a user, so not the demo's): {}",
        codes.join(", ")
    ))
}

/// A percentage with one decimal, `-` when missing.
fn pct(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_owned(), |v| format!("{v:.1}"))
}

/// A change in percentage points with its sign, `-` when missing.
fn change(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_owned(), |v| format!("{v:+.1}"))
}

/// What `sapat admin-control` prints: seed 002's table for one school and year (`school`: how
/// the school is named in the heading), then the roll-ups. Every figure is per mark, from the
/// counts (`domain::facts::admin_control`).
pub fn admin_control_table(
    school: &str,
    a: &domain::facts::admin_control::SchoolAnalysis,
    lang: domain::messages::Lang,
) -> String {
    use domain::facts::admin_control::{Halves, RollUp};
    use domain::messages::Lang;
    use std::fmt::Write;
    let t = |ky: &'static str, ru: &'static str, en: &'static str| match lang {
        Lang::Ky => ky,
        Lang::Ru => ru,
        Lang::En => en,
    };
    let subject = |s: &domain::entity::subject::Model| -> String {
        match lang {
            Lang::Ky => s.name_ky.clone(),
            Lang::Ru => s.name_ru.clone(),
            Lang::En => s.name_en.clone().unwrap_or_else(|| s.name_ru.clone()),
        }
    };
    let figures = |h: &Halves| {
        format!(
            "{:>6} {:>6} {:>6}  {:>6} {:>6} {:>6}",
            pct(h.quality_h1()),
            pct(h.quality_h2()),
            change(h.quality_change()),
            pct(h.success_h1()),
            pct(h.success_h2()),
            change(h.success_change()),
        )
    };
    let header = format!(
        "{:>6} {:>6} {:>6}  {:>6} {:>6} {:>6}",
        t("БС I", "КЗ I", "Q H1"),
        t("БС II", "КЗ II", "Q H2"),
        "Δ",
        t("Ж I", "У I", "S H1"),
        t("Ж II", "У II", "S H2"),
        "Δ",
    );
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {school}, {} ({})",
        t(
            "Билим сапатына административдик көзөмөл",
            "Административный контроль качества знаний",
            "Administrative control of knowledge quality"
        ),
        domain::year::label(a.year),
        t(
            "баалар боюнча, %; БС = билим сапаты, Ж = жетишүү",
            "по оценкам, %; КЗ = качество знаний, У = успеваемость",
            "per mark, %; Q = knowledge quality, S = success"
        ),
    );
    if a.classes.is_empty() {
        let _ = writeln!(out, "{}", t("маалымат жок", "нет данных", "no data"));
        return out;
    }
    let _ = writeln!(
        out,
        "{:<5} {:<24} {:<8} {header}  {:<42} {}",
        t("класс", "класс", "class"),
        t("сабак", "предмет", "subject"),
        t("мугалим", "учитель", "teacher"),
        t("усулдук бирикме", "МО", "association"),
        t("сунуштар", "рекомендации", "recommendations"),
    );
    for c in &a.classes {
        let association = c
            .association
            .as_ref()
            .and_then(|a| match lang {
                Lang::Ky => a.name_ky.clone().or(a.name_ru.clone()),
                _ => a.name_ru.clone().or(a.name_ky.clone()),
            })
            .unwrap_or_else(|| "-".to_owned());
        let _ = writeln!(
            out,
            "{:<5} {:<24} {:<8} {}  {:<42} {}",
            format!("{}{}", c.class_group.grade, c.class_group.letter),
            subject(&c.subject),
            c.teacher_ref.as_deref().unwrap_or("-"),
            figures(&c.halves),
            association,
            c.recommendations.as_deref().unwrap_or("-"),
        );
    }
    let mut section = |title: &str, rows: Vec<(String, &RollUp)>| {
        let _ = writeln!(
            out,
            "\n{title} ({})",
            t(
                "эки жарым жылдыкта текшерилген класстар гана",
                "только классы, проверенные в обоих полугодиях",
                "classes tested in both half-years only"
            )
        );
        let _ = writeln!(
            out,
            "{:<38} {header}  {}",
            "",
            t("класстар", "классов", "classes")
        );
        for (name, r) in rows {
            let _ = writeln!(out, "{name:<38} {}  {}", figures(&r.halves), r.pairs);
        }
    };
    section(
        t("Сабактар боюнча", "По предметам", "By subject"),
        a.by_subject.iter().map(|(s, r)| (subject(s), r)).collect(),
    );
    if a.teachers_visible {
        section(
            t("Мугалимдер боюнча", "По учителям", "By teacher"),
            a.by_teacher.iter().map(|(t, r)| (t.clone(), r)).collect(),
        );
    }
    section(
        t(
            "Усулдук бирикмелер боюнча",
            "По методобъединениям",
            "By association",
        ),
        a.by_association
            .iter()
            .map(|(s, r)| {
                let name = match lang {
                    Lang::Ky => s.name_ky.clone().or(s.name_ru.clone()),
                    _ => s.name_ru.clone().or(s.name_ky.clone()),
                };
                (name.unwrap_or_default(), r)
            })
            .collect(),
    );
    out
}

/// What `sapat jobs run` prints when a run ends.
pub fn run_summary(r: &jobs::trends::RunReport) -> String {
    format!(
        "run #{}: generation {} {} in {:.1}s; years {} (recomputed {}{}); {} rows read, {} written",
        r.run_id,
        or_dash(r.generation_id),
        if r.published {
            "published"
        } else {
            "validated, not published (dry run)"
        },
        r.duration.as_secs_f64(),
        years(&r.years),
        years(&r.recomputed),
        if r.provisional.is_empty() {
            String::new()
        } else {
            format!(
                "; provisional, outside the trends: {}",
                years(&r.provisional)
            )
        },
        r.rows_read,
        r.rows_written
    )
}

/// One line of `sapat jobs history`.
pub fn history_line(r: &domain::trend::runs::JobRun) -> String {
    let took = or_dash(r.finished_at.map(|f| {
        format!(
            "{:.1}s",
            (f - r.started_at).num_milliseconds() as f64 / 1000.0
        )
    }));
    format!(
        "#{} {} {} {} {} {} took {took} generation {} years {} read {} written {}{}",
        r.id,
        r.job,
        r.trigger,
        if r.dry_run {
            format!("{} dry-run", r.mode)
        } else {
            r.mode.clone()
        },
        r.status,
        r.started_at.format("%Y-%m-%d %H:%M:%S UTC"),
        or_dash(r.generation_id),
        years(&r.years),
        r.rows_read,
        r.rows_written,
        r.error
            .as_ref()
            .map(|e| format!(" error: {e}"))
            .unwrap_or_default()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;
    use clap::error::ErrorKind;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("sapat").chain(args.iter().copied()))
    }

    #[test]
    fn the_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_registered_import_kind_is_accepted_and_listed() {
        let help = Cli::command()
            .find_subcommand_mut("import")
            .expect("import")
            .render_long_help()
            .to_string();
        for kind in ImportKind::ALL {
            assert!(
                help.contains(kind.name()),
                "{} not in:\n{help}",
                kind.name()
            );
            let cli = parse(&["import", kind.name(), "f.csv"])
                .unwrap_or_else(|e| panic!("{}: {e}", kind.name()));
            assert!(
                matches!(cli.command, Command::Import(ImportArgs { kind: Some(k), template: None, .. }) if k == kind)
            );
            let cli = parse(&["import", "template", kind.name(), "--out", "t.csv"])
                .unwrap_or_else(|e| panic!("{}: {e}", kind.name()));
            assert!(matches!(
                cli.command,
                Command::Import(ImportArgs { template: Some(ImportTemplate::Template { kind: k, .. }), .. }) if k == kind
            ));
        }
    }

    #[test]
    fn closed_sets_refuse_other_values_naming_the_valid_ones() {
        for (args, valid) in [
            (&["import", "marks", "f.csv"][..], "mark-summaries"),
            (&["import", "template", "marks"][..], "mark-summaries"),
            (&["token", "create", "--role", "king"][..], "district"),
            (&["demo", "--scale", "huge"][..], "national"),
            (&["jobs", "run", "nightly"][..], "trends"),
        ] {
            let err = parse(args).expect_err(&args.join(" "));
            assert_eq!(err.kind(), ErrorKind::InvalidValue, "{args:?}");
            assert_eq!(err.exit_code(), 2);
            let text = err.to_string();
            assert!(text.contains(valid), "{args:?}: {text}");
        }
    }

    #[test]
    fn values_parse_to_their_types() {
        let cli = parse(&[
            "token",
            "create",
            "--role",
            "district",
            "--district",
            "KG-O-UZG",
        ])
        .unwrap();
        assert!(matches!(
            cli.command,
            Command::Token {
                action: TokenAction::Create { role: Role::District, scope: Some(ref s), .. }
            } if s == "KG-O-UZG"
        ));
        let cli = parse(&["demo", "--scale", "district"]).unwrap();
        assert!(matches!(
            cli.command,
            Command::Demo {
                scale: Some(demo::synthetic::Scale::District),
                ..
            }
        ));
        let cli = parse(&["jobs", "run", "trends", "--full", "--years", "2019-2021"]).unwrap();
        assert!(matches!(
            cli.command,
            Command::Jobs { action: JobsAction::Run { ref job, full: true, years: Some((2019, 2021)), .. } } if job == "trends"
        ));
        let cli = parse(&["jobs", "run", "trends", "--years", "2020"]).unwrap();
        assert!(matches!(
            cli.command,
            Command::Jobs {
                action: JobsAction::Run {
                    years: Some((2020, 2020)),
                    ..
                }
            }
        ));
        for bad in ["2021-2019", "20x9", "2019-"] {
            let err = parse(&["jobs", "run", "trends", "--years", bad]).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::ValueValidation, "{bad}");
        }
    }

    #[test]
    fn import_needs_a_kind_and_a_file_or_the_template_subcommand() {
        let err = parse(&["import", "schools"]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::MissingRequiredArgument);
        let err = parse(&["import", "template"]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::MissingRequiredArgument);
    }

    #[test]
    fn summaries_read_without_rust_debug_text() {
        let report = jobs::trends::RunReport {
            run_id: 7,
            generation_id: Some(2),
            published: true,
            years: vec![2020, 2021],
            provisional: vec![],
            window: (2020, 2021),
            recomputed: vec![2021],
            rows_read: 10,
            rows_written: 20,
            duration: std::time::Duration::from_millis(1500),
        };
        assert_eq!(
            run_summary(&report),
            "run #7: generation 2 published in 1.5s; years 2020-2021, 2021-2022 \
             (recomputed 2021-2022); 10 rows read, 20 written"
        );
        let dry = jobs::trends::RunReport {
            generation_id: None,
            published: false,
            recomputed: vec![],
            ..report
        };
        let text = run_summary(&dry);
        assert!(text.contains("generation - validated"), "{text}");
        assert!(text.contains("(recomputed none)"), "{text}");
        let early = jobs::trends::RunReport {
            years: vec![2020, 2021, 2022],
            provisional: vec![2022],
            ..dry
        };
        let text = run_summary(&early);
        assert!(
            text.contains("(recomputed none; provisional, outside the trends: 2022-2023)"),
            "{text}"
        );
        let import = ImportReport {
            kind: "schools",
            rows: 3,
            inserted: 1,
            updated: 0,
            unchanged: 2,
            years: vec![2017],
        };
        assert_eq!(
            import_summary("s.csv", &import),
            "s.csv: 3 rows: 1 inserted, 0 updated, 2 unchanged (academic years 2017-2018; \
             changed years are marked for the next trend refresh)"
        );
        assert_eq!(left_alone_summary(&[]), None);
        assert_eq!(
            left_alone_summary(&["KG-O-UZG-002".into(), "KG-O-UZG-045".into()]).as_deref(),
            Some(
                "2 schools left as they are (imported or entered by a user, so not the demo's): \
                 KG-O-UZG-002, KG-O-UZG-045"
            )
        );
        let run = domain::trend::runs::JobRun {
            id: 3,
            job: "trends".into(),
            trigger: "manual".into(),
            mode: "full".into(),
            dry_run: true,
            started_at: chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap(),
            finished_at: None,
            status: "running".into(),
            generation_id: None,
            years: vec![],
            rows_read: 0,
            rows_written: 0,
            error: None,
        };
        let line = history_line(&run);
        assert!(line.contains("full dry-run"), "{line}");
        for debug in ["Some(", "None", "[", "]"] {
            assert!(!line.contains(debug), "{debug} in {line}");
        }
    }
}
