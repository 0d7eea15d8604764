//! `sapat`: the one binary. See README.md for the commands.

use anyhow::Context as _;
use api::AppState;
use clap::{Parser, Subcommand};
use domain::Config;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Parser)]
#[command(
    name = "sapat",
    version,
    about = "Sapat: school education-quality monitoring (Kyrgyzstan)"
)]
struct Cli {
    /// TOML configuration file (default: $SAPAT_CONFIG, else built-in defaults).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the GraphQL API (POST /graphql, GraphiQL on GET /graphql, GET /healthz, /readyz, /metrics).
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
    /// [--dry-run]`, `sapat jobs list`, `sapat jobs history`.
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
        #[arg(long)]
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
    /// Import a CSV or XLSX file (`sapat import <kind> <file>`), or write an empty template
    /// (`sapat import template <kind> [--out FILE]`). Kinds: schools, mark-summaries,
    /// class-outcomes, reported-indicators, ort-results, ort-summaries, olympiad-results,
    /// olympiad-counts, contest-results, teachers, training, staff, enrolment, infrastructure,
    /// textbooks.
    Import {
        /// The kind to import, or `template`.
        kind: String,
        /// The file to import (for `template`: the kind).
        file: String,
        /// Where `template` writes (.csv or .xlsx; default `<kind>.xlsx`).
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum JobsAction {
    /// Run a job once (manual runs are incremental unless --full).
    Run {
        /// The job: `trends`.
        job: String,
        /// Recompute every year of the window.
        #[arg(long, conflicts_with = "incremental")]
        full: bool,
        /// Recompute only the years whose facts changed (the default).
        #[arg(long)]
        incremental: bool,
        /// Restrict to academic start years, e.g. 2019-2021.
        #[arg(long)]
        years: Option<String>,
        /// Compute and validate, but do not publish.
        #[arg(long)]
        dry_run: bool,
    },
    /// List the jobs and their schedule.
    List,
    /// Show recent runs, newest first.
    History {
        #[arg(long, default_value_t = 20)]
        limit: u64,
    },
}

#[derive(Subcommand)]
enum TokenAction {
    /// Create a token and print it (it is shown only this once; only its hash is stored).
    Create {
        /// admin, region, district or school.
        #[arg(long)]
        role: String,
        /// The code of the region (KG-O), district (KG-O-UZG) or school the role is limited
        /// to; none for admin. `--region`, `--district` and `--school` are the same option.
        #[arg(long, alias = "region", alias = "district", alias = "school")]
        scope: Option<String>,
        /// What the token is for (shown by `token list`).
        #[arg(long, default_value = "api token")]
        name: String,
        /// Days until it expires (default: never).
        #[arg(long)]
        expires_days: Option<i64>,
    },
    /// List tokens (never their secrets).
    List,
    /// Revoke a token at once.
    Revoke { id: i32 },
}

#[derive(Subcommand)]
enum MigrateAction {
    /// Apply pending migrations and load reference data.
    Up,
    /// Roll back the last N migrations (default 1).
    Down {
        #[arg(long, default_value_t = 1)]
        steps: u32,
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

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    if let Command::Schema = cli.command {
        print!("{}", api::graphql::sdl());
        return Ok(());
    }
    if let Command::Import { kind, file, out } = &cli.command
        && kind == "template"
    {
        return write_template(file, out.clone());
    }
    let mut config =
        Config::load(cli.config.as_deref()).context("while loading the configuration")?;
    domain::telemetry::init(&config.log);
    if let Command::Serve {
        bind: Some(bind), ..
    } = &cli.command
    {
        config.server.bind = bind.clone();
        config.validate().context("while checking --bind")?;
    }
    if let Command::Migrate {
        action: MigrateAction::Fresh { yes: false },
    } = &cli.command
    {
        eprintln!(
            "`migrate fresh` drops every table and all data of {}; run `sapat migrate fresh --yes` to do it",
            config.database.url
        );
        std::process::exit(2);
    }
    let db = domain::db::connect(&config.database)
        .await
        .context("while connecting to the database")?;

    match cli.command {
        Command::Schema => unreachable!("handled above"),
        Command::Migrate { action } => migrate(&db, action).await?,
        Command::Demo { scale, seed } => {
            domain::db::migrate_up(&db)
                .await
                .context("while migrating")?;
            let summary = demo::load(&db, config.ort.main_max)
                .await
                .context("while loading demo data")?;
            println!(
                "demo data loaded: school {} (id {})",
                demo::FIXTURE_SCHOOL_CODE,
                summary.school_id
            );
            if let Some(scale) = scale {
                synthetic(&db, &config, scale, seed).await?;
            }
        }
        Command::Serve {
            demo, no_scheduler, ..
        } => serve(db, config, demo, no_scheduler).await?,
        Command::Jobs { action } => jobs_command(&db, &config, action).await?,
        Command::Token { action } => token_command(&db, action).await?,
        Command::Import { kind, file, .. } => import(&db, &config, &kind, &file).await?,
    }
    Ok(())
}

async fn token_command(db: &domain::Db, action: TokenAction) -> anyhow::Result<()> {
    use domain::auth;
    match action {
        TokenAction::Create {
            role,
            scope,
            name,
            expires_days,
        } => {
            let new = auth::NewToken {
                name,
                role: auth::Role::parse(&role)?,
                scope_code: scope,
                expires_at: expires_days.map(|d| chrono::Utc::now() + chrono::Duration::days(d)),
            };
            let (id, token) = auth::create_token(db, new).await?;
            eprintln!("token {id} created; it is shown only this once:");
            println!("{token}");
        }
        TokenAction::List => {
            println!(
                "{:>5}  {:<9} {:<16} {:<20} {:<20} {:<20} name",
                "id", "role", "scope", "created", "expires", "revoked"
            );
            let at = |t: Option<chrono::DateTime<chrono::Utc>>| {
                t.map_or("-".to_owned(), |t| t.format("%Y-%m-%d %H:%M").to_string())
            };
            for t in auth::list_tokens(db).await? {
                println!(
                    "{:>5}  {:<9} {:<16} {:<20} {:<20} {:<20} {}",
                    t.id,
                    t.role.code(),
                    t.scope_code.as_deref().unwrap_or("-"),
                    at(Some(t.created_at)),
                    at(t.expires_at),
                    at(t.revoked_at),
                    t.name
                );
            }
        }
        TokenAction::Revoke { id } => {
            auth::revoke_token(db, id).await?;
            println!("token {id} revoked");
        }
    }
    Ok(())
}

async fn migrate(db: &domain::Db, action: MigrateAction) -> anyhow::Result<()> {
    match action {
        MigrateAction::Up => {
            let applied = domain::db::migrate_up(db)
                .await
                .context("while migrating up")?;
            println!(
                "applied {} migration(s); reference data loaded",
                applied.len()
            );
            for name in applied {
                println!("  {name}");
            }
        }
        MigrateAction::Down { steps } => {
            domain::db::migrate_down(db, Some(steps))
                .await
                .context("while migrating down")?;
            println!("rolled back {steps} migration(s)");
        }
        MigrateAction::Status => {
            for name in domain::db::applied_migrations(db).await? {
                println!("applied  {name}");
            }
            for name in domain::db::pending_migrations(db).await? {
                println!("pending  {name}");
            }
        }
        MigrateAction::Fresh { yes: false } => unreachable!("refused before connecting"),
        MigrateAction::Fresh { yes: true } => {
            domain::db::migrate_fresh(db)
                .await
                .context("while recreating the schema")?;
            println!("schema recreated; reference data loaded");
        }
    }
    Ok(())
}

async fn serve(
    db: domain::Db,
    config: Config,
    demo: bool,
    no_scheduler: bool,
) -> anyhow::Result<()> {
    let schedule = jobs::schedule::Schedule::from_config(&config.jobs)
        .context("while reading the job schedule")?;
    if domain::db::auto_migrate(&config.database) {
        domain::db::migrate_up(&db)
            .await
            .context("while applying migrations")?;
    } else {
        let pending = domain::db::pending_migrations(&db).await?;
        anyhow::ensure!(
            pending.is_empty(),
            "{} migration(s) pending: run `sapat migrate up` first",
            pending.len()
        );
    }
    if demo {
        demo::load(&db, config.ort.main_max)
            .await
            .context("while loading demo data")?;
        let opts = jobs::trends::RunOptions::full(domain::trend::runs::Trigger::Startup);
        match jobs::trends::run(&db, &config, opts).await {
            Ok(r) => println!(
                "published trend generation {:?} ({} rows written)",
                r.generation_id, r.rows_written
            ),
            Err(e) => {
                tracing::error!(error = %e, "the start-up trend refresh failed; serving without a new generation")
            }
        }
        println!(
            "anonymous callers see published indicators; for everything else create a token:\n  \
             sapat token create --role admin --name \"<who>\"   (then send `Authorization: Bearer <token>`)"
        );
    }
    let snapshots = api::snapshot::Snapshots::new(db.clone());
    if let Err(e) = snapshots.refresh().await {
        tracing::error!(error = %e, "cannot load the published trend generation; retrying in the background");
    }
    let (stop_background, background_stopped) = tokio::sync::watch::channel(false);
    let stopped = move || {
        let mut rx = background_stopped.clone();
        async move {
            let _ = rx.wait_for(|stop| *stop).await;
        }
    };
    let watcher = tokio::spawn(snapshots.clone().watch(
        std::time::Duration::from_secs(config.server.snapshot_poll_secs.max(1)),
        stopped(),
    ));
    let scheduler = (!no_scheduler).then(|| {
        // After every scheduled run, the snapshot watcher checks for a new generation at once.
        let poke = snapshots.poke_handle();
        let runner = jobs::scheduler::Runner::new(db.clone(), Arc::new(config.clone())).after_run(
            move |_| {
                poke.notify_one();
                std::future::ready(())
            },
        );
        tokio::spawn(jobs::scheduler::run(runner, schedule, stopped()))
    });
    let (addr, acceptor) = api::server::bind(config.server.bind.clone())
        .await
        .with_context(|| format!("while binding {}", config.server.bind))?;
    println!("Sapat is serving GraphQL on http://{addr}/graphql (GraphiQL: open it in a browser)");
    let state = AppState {
        db: db.clone(),
        config: Arc::new(config),
        snapshots,
    };
    api::server::serve(acceptor, state, shutdown_signal())
        .await
        .context("while serving")?;
    let _ = stop_background.send(true);
    let _ = watcher.await;
    if let Some(task) = scheduler {
        let _ = task.await;
    }
    if let Err(e) = db.close().await {
        tracing::warn!(error = %e, "closing the database pool failed");
    }
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}

fn write_template(kind: &str, out: Option<PathBuf>) -> anyhow::Result<()> {
    use domain::import::{ImportKind, template};
    let kind = ImportKind::parse(kind).map_err(anyhow::Error::msg)?;
    let out = out.unwrap_or_else(|| PathBuf::from(format!("{}.xlsx", kind.name())));
    let bytes = match out.extension().and_then(|e| e.to_str()) {
        Some("csv") => template::csv(kind),
        _ => template::xlsx(kind).map_err(anyhow::Error::msg)?,
    };
    std::fs::write(&out, bytes).with_context(|| format!("while writing {}", out.display()))?;
    println!("wrote the {} template to {}", kind.name(), out.display());
    Ok(())
}

async fn import(db: &domain::Db, config: &Config, kind: &str, file: &str) -> anyhow::Result<()> {
    use domain::import::{Context, Format, ImportKind};
    use std::io::IsTerminal;
    let kind = ImportKind::parse(kind).map_err(anyhow::Error::msg)?;
    let path = PathBuf::from(file);
    let format = Format::from_path(&path).map_err(anyhow::Error::msg)?;
    let reader = std::fs::File::open(&path).with_context(|| format!("while opening {file}"))?;
    if domain::db::auto_migrate(&config.database) {
        domain::db::migrate_up(db)
            .await
            .context("while applying migrations")?;
    }
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {pos} rows read ({per_sec})")
                .expect("template"),
        );
        bar
    });
    let progress = |rows: u64| {
        if let Some(bar) = &bar {
            bar.set_position(rows);
        }
    };
    let ctx = Context {
        ort_main_max: config.ort.main_max,
    };
    let result = domain::import::import(
        db,
        &domain::auth::Caller::operator(),
        kind,
        reader,
        format,
        &ctx,
        &progress,
    )
    .await;
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    match result {
        Ok(report) => {
            println!(
                "{file}: {} rows: {} inserted, {} updated, {} unchanged (academic years {:?}{})",
                report.rows,
                report.inserted,
                report.updated,
                report.unchanged,
                report.years,
                if report.inserted + report.updated > 0 {
                    "; changed years are marked for the next trend refresh"
                } else {
                    "; nothing changed"
                }
            );
            Ok(())
        }
        Err(domain::Error::Rejected { errors, total }) => {
            for e in &errors {
                eprintln!("{e}");
            }
            if total > errors.len() {
                eprintln!("… and {} more", total - errors.len());
            }
            anyhow::bail!("{file}: {total} problem(s); nothing was written")
        }
        Err(e) => Err(e).context("while importing"),
    }
}

async fn synthetic(
    db: &domain::Db,
    config: &Config,
    scale: demo::synthetic::Scale,
    seed: u64,
) -> anyhow::Result<()> {
    use std::io::IsTerminal;
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{msg:>12} [{bar:30}] {pos}/{len} ({eta})")
                .expect("template")
                .progress_chars("=> "),
        );
        bar
    });
    let progress = |p: demo::synthetic::Progress| match &bar {
        Some(bar) => {
            bar.set_message(p.stage);
            bar.set_length(p.total);
            bar.set_position(p.done);
        }
        None => {
            if p.done == p.total {
                tracing::info!(stage = p.stage, year = ?p.year, rows = p.done, "demo generation stage done");
            }
        }
    };
    let started = std::time::Instant::now();
    let options = demo::synthetic::Options {
        scale,
        seed,
        ort_main_max: config.ort.main_max,
    };
    let summary = demo::synthetic::generate(db, &options, &progress)
        .await
        .context("while generating demo data")?;
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    println!(
        "{scale} demo (seed {seed}): {} schools, {} mark summaries, {} ORT results; {} rows in {:.1} s ({} inserted, {} updated, {} unchanged)",
        summary.schools,
        summary.mark_summaries,
        summary.ort_results,
        summary.rows(),
        started.elapsed().as_secs_f64(),
        summary.changes.inserted,
        summary.changes.updated,
        summary.changes.unchanged
    );
    Ok(())
}

async fn jobs_command(db: &domain::Db, config: &Config, action: JobsAction) -> anyhow::Result<()> {
    use domain::trend::runs::{self, Trigger};
    use jobs::trends::{self, Mode, RunOptions};
    match action {
        JobsAction::List => {
            let schedule = jobs::schedule::Schedule::from_config(&config.jobs)?;
            let next = schedule
                .next_after(chrono::Utc::now())
                .map(|t| t.to_rfc3339())
                .unwrap_or_default();
            println!(
                "{}\tfive-year indicator trends, comparisons and rankings\tcron \"{}\" ({}), next run {next}",
                trends::JOB,
                config.jobs.trend_refresh_cron,
                config.jobs.timezone
            );
        }
        JobsAction::History { limit } => {
            for r in runs::history(db, None, limit).await? {
                let took = r
                    .finished_at
                    .map(|f| {
                        format!(
                            "{:.1}s",
                            (f - r.started_at).num_milliseconds() as f64 / 1000.0
                        )
                    })
                    .unwrap_or_else(|| "-".into());
                println!(
                    "#{} {} {} {} {} {} took {took} generation {} years {:?} read {} written {}{}",
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
                    r.generation_id
                        .map(|g| g.to_string())
                        .unwrap_or_else(|| "-".into()),
                    r.years,
                    r.rows_read,
                    r.rows_written,
                    r.error.map(|e| format!(" error: {e}")).unwrap_or_default()
                );
            }
        }
        JobsAction::Run {
            job,
            full,
            incremental: _,
            years,
            dry_run,
        } => {
            anyhow::ensure!(
                job == trends::JOB,
                "unknown job `{job}`; the jobs are: {}",
                trends::JOB
            );
            let years = years
                .map(|y| -> anyhow::Result<(i32, i32)> {
                    let (a, b) = y.split_once('-').unwrap_or((&y, &y));
                    let (a, b): (i32, i32) = (a.trim().parse()?, b.trim().parse()?);
                    anyhow::ensure!(a <= b, "--years {y}: the first year is after the last");
                    Ok((a, b))
                })
                .transpose()
                .context("--years takes start years like 2019-2021")?;
            let opts = RunOptions {
                mode: if full { Mode::Full } else { Mode::Incremental },
                trigger: Trigger::Manual,
                years,
                dry_run,
            };
            // A spinner on a terminal; plain log lines otherwise (the run logs its steps).
            let spinner = std::io::IsTerminal::is_terminal(&std::io::stderr()).then(|| {
                let bar = indicatif::ProgressBar::new_spinner();
                bar.set_message("refreshing trends");
                bar.enable_steady_tick(std::time::Duration::from_millis(120));
                bar
            });
            let result = trends::run(db, config, opts).await;
            if let Some(bar) = spinner {
                bar.finish_and_clear();
            }
            let r = result?;
            println!(
                "run #{}: generation {:?} {} in {:.1}s; years {:?} (recomputed {:?}); {} rows read, {} written",
                r.run_id,
                r.generation_id,
                if r.published {
                    "published"
                } else {
                    "validated, not published (dry run)"
                },
                r.duration.as_secs_f64(),
                r.years,
                r.recomputed,
                r.rows_read,
                r.rows_written
            );
        }
    }
    Ok(())
}
