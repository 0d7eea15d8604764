//! `sapat`: the one binary. See README.md for the commands.

use anyhow::Context as _;
use api::AppState;
use api::cli::{Cli, Command, ImportArgs, ImportTemplate, JobsAction, MigrateAction, TokenAction};
use clap::Parser;
use domain::Config;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Usage errors are clap's or [`api::output::Usage`] (exit 2); every other failure prints
/// `error: ` and its causes on one line and exits 1. Never anyhow's `Debug` form: that adds a
/// backtrace under `RUST_BACKTRACE=1` (which CI sets), and a person needs the message.
#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.is::<api::output::Usage>() => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    if let Command::Schema = cli.command {
        print!("{}", api::graphql::sdl());
        return Ok(());
    }
    if let Command::Import(ImportArgs {
        template: Some(ImportTemplate::Template { kind, out }),
        ..
    }) = &cli.command
    {
        return write_template(*kind, out.clone());
    }
    let mut config =
        Config::load(cli.config.as_deref()).context("while loading the configuration")?;
    domain::telemetry::init(&config.log);
    if let Command::Serve {
        bind: Some(bind), ..
    } = &cli.command
    {
        config.server.bind = bind.clone();
        if let Err(e) = config.validate() {
            return Err(api::output::Usage(format!("--bind: {e}")).into());
        }
    }
    if let Command::Migrate {
        action: MigrateAction::Fresh { yes: false },
    } = &cli.command
    {
        eprintln!(
            "error: `migrate fresh` drops every table and all data of {}; run `sapat migrate fresh --yes` to do it",
            config.database.url
        );
        std::process::exit(2);
    }
    if let Command::Migrate {
        action: MigrateAction::Down { steps, yes: false },
    } = &cli.command
    {
        eprintln!(
            "error: `migrate down` rolls back the last {steps} migration(s) of {}, dropping their tables and the data in them; run `sapat migrate down --steps {steps} --yes` to do it",
            config.database.url
        );
        std::process::exit(2);
    }
    let db = domain::db::connect(&config.database)
        .await
        .context("while connecting to the database")?;
    // Commands that read the schema but never create it say what is missing, rather than the
    // driver's "no such table" (the schema rolled back, or never migrated).
    if matches!(
        cli.command,
        Command::Jobs { .. }
            | Command::Token { .. }
            | Command::AdminControl { .. }
            | Command::Report(_)
            | Command::Export(_)
    ) {
        let pending = domain::db::pending_migrations(&db)
            .await
            .context("while checking the database's migrations")?;
        anyhow::ensure!(
            pending.is_empty(),
            "{} has {} migration(s) pending: run `sapat migrate up` first",
            config.database.url,
            pending.len()
        );
    }

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
            match scale {
                Some(scale) => synthetic(&db, &config, scale, seed).await?,
                None => {
                    let fixture = summary.left_alone.then(|| demo::FIXTURE_SCHOOL_CODE.into());
                    let codes: Vec<String> = fixture.into_iter().collect();
                    if let Some(note) = api::cli::left_alone_summary(&codes) {
                        println!("{note}");
                    }
                }
            }
        }
        Command::Serve {
            demo, no_scheduler, ..
        } => serve(db, config, demo, no_scheduler).await?,
        Command::Jobs { action } => jobs_command(&db, &config, action).await?,
        Command::Token { action } => token_command(&db, action).await?,
        Command::Import(ImportArgs {
            kind: Some(kind),
            file: Some(file),
            template: None,
            lang,
        }) => {
            import(
                &db,
                &config,
                kind,
                &file,
                api::cli::MessageLang::or_env(lang),
            )
            .await?
        }
        Command::Import(_) => unreachable!("clap requires a kind and a file, or `template`"),
        Command::AdminControl { school, year, lang } => {
            let found = domain::school::by_code(&db, &school)
                .await?
                .ok_or_else(|| anyhow::anyhow!("no school has the code {school}"))?;
            let place = domain::access::Place {
                school_id: found.school.id,
                district_id: found.district.id,
                region_id: found.region.id,
            };
            // The operator at the console reads as an admin: teachers included.
            let grant = domain::access::grant(
                &domain::auth::Caller::operator(),
                place,
                domain::access::Tier::People,
            )?;
            let analysis = domain::facts::admin_control::read(&db, &grant, year).await?;
            let name = format!("{} {}", found.school.code, found.school.name_ky);
            print!(
                "{}",
                api::cli::admin_control_table(
                    &name,
                    &analysis,
                    api::cli::MessageLang::or_env(lang)
                )
            );
        }
        Command::Report(args) => api::report_cli::run(&db, &config, args).await?,
        Command::Export(args) => api::exports::run(&db, args).await?,
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
                role,
                scope_code: scope,
                expires_at: expires_days.map(|d| chrono::Utc::now() + chrono::Duration::days(d)),
            };
            let (id, token) = match auth::create_token(db, new).await {
                // A scope that does not fit the role (`--role admin --scope KG-O`): usage.
                Err(e @ domain::Error::Invalid { .. }) => {
                    return Err(api::output::Usage(e.to_string()).into());
                }
                created => created?,
            };
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
        MigrateAction::Down { yes: false, .. } => unreachable!("refused before connecting"),
        MigrateAction::Down { steps, yes: true } => {
            let rolled_back = match domain::db::migrate_down(db, Some(steps)).await {
                Err(domain::Error::Invalid { message, .. }) => {
                    eprintln!("error: --steps {message}");
                    std::process::exit(2);
                }
                done => done.context("while migrating down")?,
            };
            println!("rolled back {} migration(s)", rolled_back.len());
            for name in rolled_back {
                println!("  {name}");
            }
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
            Ok(r) => println!("{}", api::cli::run_summary(&r)),
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
    println!(
        "Sapat is serving the dashboard on http://{addr}/ and GraphQL on http://{addr}/graphql (GraphiQL: open it in a browser)"
    );
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

fn write_template(kind: domain::import::ImportKind, out: Option<PathBuf>) -> anyhow::Result<()> {
    use domain::import::template;
    let out = out.unwrap_or_else(|| PathBuf::from(format!("{}.xlsx", kind.name())));
    let bytes = match out.extension().and_then(|e| e.to_str()) {
        Some("csv") => template::csv(kind),
        _ => template::xlsx(kind).map_err(anyhow::Error::msg)?,
    };
    std::fs::write(&out, bytes).with_context(|| format!("while writing {}", out.display()))?;
    println!("wrote the {} template to {}", kind.name(), out.display());
    Ok(())
}

async fn import(
    db: &domain::Db,
    config: &Config,
    kind: domain::import::ImportKind,
    path: &std::path::Path,
    lang: domain::messages::Lang,
) -> anyhow::Result<()> {
    use domain::import::{Context, Format};
    let file = path.display().to_string();
    let format = Format::from_path(path).map_err(anyhow::Error::msg)?;
    let reader = std::fs::File::open(path).with_context(|| format!("while opening {file}"))?;
    if domain::db::auto_migrate(&config.database) {
        domain::db::migrate_up(db)
            .await
            .context("while applying migrations")?;
    }
    let progress = Progress::new("import", "{spinner} {pos} rows read ({per_sec})");
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
        &|rows| progress.update(None, None, rows, None),
    )
    .await;
    progress.finish();
    match result {
        Ok(report) => {
            println!("{}", api::cli::import_summary(&file, &report));
            Ok(())
        }
        Err(domain::Error::Rejected { errors, total }) => {
            for line in api::cli::import_problems(&errors, total, lang) {
                eprintln!("{line}");
            }
            anyhow::bail!(
                "{}",
                domain::messages::Msg::FileRefused { file, total }.render(lang)
            )
        }
        Err(e) => Err(e).context("while importing"),
    }
}

/// Progress on stderr. At a terminal, an indicatif bar redrawn in place; anywhere else (a
/// pipe, a file, journald) a plain log line every [`Progress::EVERY`] and at each stage's
/// end, so a log never fills with carriage returns and colour codes.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    what: &'static str,
    /// When a line was last logged.
    logged: std::sync::Mutex<Instant>,
}

impl Progress {
    const EVERY: Duration = Duration::from_secs(10);

    /// `template` is the bar's indicatif template (terminal only).
    fn new(what: &'static str, template: &str) -> Progress {
        let bar = std::io::IsTerminal::is_terminal(&std::io::stderr()).then(|| {
            let style = indicatif::ProgressStyle::with_template(template)
                .expect("a valid progress template")
                .progress_chars("=> ");
            indicatif::ProgressBar::no_length().with_style(style)
        });
        Progress {
            bar,
            what,
            logged: std::sync::Mutex::new(Instant::now()),
        }
    }

    /// `done` of `total` (unknown for a stream) in `stage` of academic `year`.
    fn update(
        &self,
        stage: Option<&'static str>,
        year: Option<i32>,
        done: u64,
        total: Option<u64>,
    ) {
        if let Some(bar) = &self.bar {
            if let Some(stage) = stage {
                bar.set_message(stage);
            }
            if let Some(total) = total {
                bar.set_length(total);
            }
            bar.set_position(done);
            return;
        }
        let stage = stage.unwrap_or("");
        let mut logged = self.logged.lock().unwrap_or_else(|e| e.into_inner());
        let stage_done = total.is_some_and(|t| done == t);
        if stage_done || logged.elapsed() >= Self::EVERY {
            *logged = Instant::now();
            let year = year.map(domain::year::label);
            let year = year.as_deref();
            match total {
                Some(total) => {
                    tracing::info!(stage, year, done, total, "{} progress", self.what)
                }
                None => tracing::info!(rows = done, "{} progress", self.what),
            }
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

async fn synthetic(
    db: &domain::Db,
    config: &Config,
    scale: demo::synthetic::Scale,
    seed: u64,
) -> anyhow::Result<()> {
    let bar = Progress::new(
        "demo generation",
        "{msg:>12} [{bar:30}] {pos}/{len} ({eta})",
    );
    let progress =
        |p: demo::synthetic::Progress| bar.update(Some(p.stage), p.year, p.done, Some(p.total));
    let started = std::time::Instant::now();
    let options = demo::synthetic::Options {
        scale,
        seed,
        ort_main_max: config.ort.main_max,
    };
    let summary = demo::synthetic::generate(db, &options, &progress)
        .await
        .context("while generating demo data")?;
    bar.finish();
    println!(
        "{scale} demo (seed {seed}): {} schools, {} mark summaries, {} ORT results; {} rows in {:.1} s ({} inserted, {} updated, {} unchanged)",
        summary.schools(),
        summary.rows_of("mark_summary"),
        summary.rows_of("ort_result"),
        summary.rows(),
        started.elapsed().as_secs_f64(),
        summary.changes.inserted,
        summary.changes.updated,
        summary.changes.unchanged
    );
    if let Some(note) = api::cli::left_alone_summary(&summary.left_alone) {
        println!("{note}");
    }
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
        JobsAction::Sources { years, copy } => {
            for read in trends::source_reads(db, config, years).await? {
                if copy {
                    println!("COPY ({}) TO STDOUT;", read.sql);
                } else {
                    println!("{};", read.sql);
                }
            }
        }
        JobsAction::History { limit } => {
            for r in runs::history(db, None, limit).await? {
                println!("{}", api::cli::history_line(&r));
            }
        }
        JobsAction::Run {
            job,
            full,
            incremental: _,
            years,
            dry_run,
        } => {
            // clap admits only the jobs of `api::cli::JOBS`.
            debug_assert_eq!(job, trends::JOB);
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
            println!("{}", api::cli::run_summary(&result?));
        }
    }
    Ok(())
}
