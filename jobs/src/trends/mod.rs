//! The trend job: facts → school indicators → district, region and country values →
//! comparisons, flags and five-year trends → a new generation, validated, then published.
//!
//! Protocol (DESIGN.md "Publishing the trend tables"):
//! 1. `runs::start` takes the job's lock (a second run gets `domain::Error::Busy`) and
//!    records the run.
//! 2. The years: every academic year with facts; the generation covers the last
//!    `jobs.window_years` of them, or those inside `RunOptions::years`.
//! 3. Which years to recompute: all of them in a full run. An incremental run recomputes the
//!    years whose facts changed (`data_change`) since the run that produced the published
//!    generation started (an enrolment change also the next year, whose leavers after grade
//!    9 it counts), and any year the published generation lacks; it takes the other
//!    years' *school* values from the published generation. Without a published generation
//!    it is a full run.
//! 4. Each recomputed year is read on its own (bounded memory; two years at once on
//!    PostgreSQL, each on its own connection) and its school indicators are computed off the
//!    async runtime (`spawn_blocking`).
//! 5. Everything that spans schools or years is then computed afresh over all school
//!    values of the generation, recomputed and carried alike: capacity utilisation (it
//!    depends on the school register), the teacher-register training share (read for the
//!    whole window on every run), district/region/country values, comparisons, flags
//!    (a changed year moves the JUMP and MISSING_YEAR flags of the next one) and trends.
//!    Carrying school values rather than copying whole years of the published generation is
//!    what makes an incremental run give exactly the tables of a full one, also when a school
//!    changed district or capacity, or a neighbouring year changed.
//! 6. The generation is written to staging and `store::validate`d against the published one;
//!    problems reject it (the run fails with them as its error). A clean generation is
//!    published in one transaction, unless it is a dry run.
//! 7. `runs::finish` records the outcome. Any error records the run as failed; the published
//!    generation is untouched until step 6 succeeds. A run whose task is dropped releases its
//!    lock (see `runs::RunGuard`), and the next run marks it failed ("interrupted").
//!
//! Exactness of incremental runs assumes that every write to the fact tables bumps
//! `data_change` (imports and the bulk path do) and that the indicator weights in
//! configuration did not change since the published generation; after a configuration
//! change run a full refresh (the nightly run is full).

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use polars::prelude::*;

use crate::frame;
use crate::indicators::{self, Params};
use crate::pipeline::columns as c;
use domain::trend::runs::{self, Trigger};
use domain::trend::{source, store};
use domain::{Config, Db};

mod derive;

/// The job's name in `job_run` and for the run lock.
pub const JOB: &str = "trends";

/// Rows handed to one `store::write_*` call.
const WRITE_CHUNK: usize = 20_000;

/// Years read and computed at once on PostgreSQL.
const PARALLEL_YEARS: usize = 2;

/// How much to recompute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Every year of the window.
    Full,
    /// Only years whose facts changed since the published generation (full without one).
    Incremental,
}

impl Mode {
    /// As recorded in `job_run.mode`.
    pub fn code(self) -> &'static str {
        match self {
            Mode::Full => "full",
            Mode::Incremental => "incremental",
        }
    }
}

/// What to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunOptions {
    pub mode: Mode,
    pub trigger: Trigger,
    /// Restrict the generation to academic (start) years in this inclusive range.
    pub years: Option<(i32, i32)>,
    /// Compute, write and validate, but do not publish.
    pub dry_run: bool,
}

impl RunOptions {
    /// A full run of the whole window.
    pub fn full(trigger: Trigger) -> Self {
        Self {
            mode: Mode::Full,
            trigger,
            years: None,
            dry_run: false,
        }
    }

    /// An incremental run of the whole window.
    pub fn incremental(trigger: Trigger) -> Self {
        Self {
            mode: Mode::Incremental,
            ..Self::full(trigger)
        }
    }
}

/// What a successful run did.
#[derive(Debug, Clone, PartialEq)]
pub struct RunReport {
    pub run_id: i64,
    pub generation_id: Option<i32>,
    /// False for a dry run.
    pub published: bool,
    /// The generation's academic years, provisional ones included.
    pub years: Vec<i32>,
    /// The generation's provisional years: published, but below `jobs.min_coverage_share`,
    /// so out of trends, ranks and comparisons, and outside the trend window.
    pub provisional: Vec<i32>,
    /// The trend window: the first and last complete year.
    pub window: (i32, i32),
    /// The years whose facts were read and recomputed (the others were carried over).
    pub recomputed: Vec<i32>,
    /// Fact rows read, plus the published values read back by an incremental run.
    pub rows_read: u64,
    /// Values, trends and comparisons written.
    pub rows_written: u64,
    pub duration: Duration,
}

/// Why a run failed.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    /// A database or domain error, including `Busy` when another run holds the lock.
    #[error(transparent)]
    Domain(#[from] domain::Error),
    #[error("polars: {0}")]
    Polars(#[from] PolarsError),
    /// The validation gate rejected the generation; the previous one stays published.
    #[error("generation {generation_id} was rejected: {}", problems.join("; "))]
    Rejected {
        run_id: i64,
        generation_id: i32,
        problems: Vec<String>,
    },
    /// Nothing to compute (no facts, or none in the requested years).
    #[error("{0}")]
    NoData(String),
    /// A computation task panicked.
    #[error("the computation task failed: {0}")]
    Task(String),
}

impl JobError {
    /// What the run record (which `trendStatus` shows to anyone) says: what failed, in words.
    /// Driver and polars messages can quote SQL, table names and values; they go to the log
    /// under the run id instead.
    pub fn public_message(&self, run_id: i64) -> String {
        match self {
            JobError::Domain(domain::Error::Database(_) | domain::Error::Internal(_)) => format!(
                "a database error stopped the run; the published generation is unchanged (details in the server log, run {run_id})"
            ),
            JobError::Domain(domain::Error::Constraint { .. }) => format!(
                "the database refused a computed row; the published generation is unchanged (details in the server log, run {run_id})"
            ),
            JobError::Polars(_) | JobError::Task(_) => format!(
                "the computation failed; the published generation is unchanged (details in the server log, run {run_id})"
            ),
            other => other.to_string(),
        }
    }
}

/// What the run has done so far, for the run record whatever the outcome.
#[derive(Debug, Default)]
struct Progress {
    generation_id: Option<i32>,
    years: Vec<i32>,
    provisional: Vec<i32>,
    recomputed: Vec<i32>,
    rows_read: u64,
    rows_written: u64,
    published: bool,
    window: (i32, i32),
}

/// Runs the trend job once (see the module documentation for the protocol).
///
/// # Errors
/// `JobError::Domain(domain::Error::Busy { .. })` when another run is in progress (nothing is
/// recorded then); otherwise the run is recorded as failed and the error returned:
/// `Rejected` when validation found problems, `NoData` when no year has facts, or the
/// database or polars error that stopped it.
pub async fn run(db: &Db, config: &Config, opts: RunOptions) -> Result<RunReport, JobError> {
    let guard = begin(db, &opts).await?;
    run_begun(db, config, opts, guard).await
}

/// Takes the run lock and records the run, so a caller can refuse at once when another run
/// holds it and then do the rest later ([`crate::scheduler::Runner::begin`]).
pub async fn begin(db: &Db, opts: &RunOptions) -> Result<runs::RunGuard, JobError> {
    Ok(runs::start(db, JOB, opts.trigger, opts.mode.code(), opts.dry_run).await?)
}

/// [`run`] after [`begin`].
#[tracing::instrument(skip_all, fields(job = JOB, mode = opts.mode.code(), dry_run = opts.dry_run))]
pub async fn run_begun(
    db: &Db,
    config: &Config,
    opts: RunOptions,
    guard: runs::RunGuard,
) -> Result<RunReport, JobError> {
    let started = Instant::now();
    let run_id = guard.run_id;
    tracing::info!(run.id = run_id, "trend run started");
    let mut progress = Progress::default();
    let result = execute(db, config, &opts, run_id, &mut progress).await;
    let outcome = runs::Outcome {
        succeeded: result.is_ok(),
        generation_id: progress.generation_id,
        years: progress.years.clone(),
        rows_read: progress.rows_read as i64,
        rows_written: progress.rows_written as i64,
        error: result.as_ref().err().map(|e| e.public_message(run_id)),
    };
    let finished = runs::finish(db, guard, outcome).await;
    let duration = started.elapsed();
    match result {
        Ok(()) => {
            finished?;
            tracing::info!(
                run.id = run_id,
                generation.id = progress.generation_id,
                published = progress.published,
                rows_read = progress.rows_read,
                rows_written = progress.rows_written,
                duration_ms = duration.as_millis() as u64,
                "trend run succeeded"
            );
            Ok(RunReport {
                run_id,
                generation_id: progress.generation_id,
                published: progress.published,
                years: progress.years,
                provisional: progress.provisional,
                window: progress.window,
                recomputed: progress.recomputed,
                rows_read: progress.rows_read,
                rows_written: progress.rows_written,
                duration,
            })
        }
        Err(e) => {
            if let Err(record) = finished {
                tracing::error!(run.id = run_id, error = %record, "could not record the failed run");
            }
            tracing::warn!(run.id = run_id, error = %e, "trend run failed; the published generation is unchanged");
            Err(e)
        }
    }
}

/// Runs polars work on the blocking pool (`collect` must not run on a runtime worker).
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, JobError> + Send + 'static,
) -> Result<T, JobError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| JobError::Task(e.to_string()))?
}

fn ms(since: Instant) -> u64 {
    u64::try_from(since.elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// Each academic year with facts and its coverage: the schools with any fact that year
/// against those of the last *complete* year before it (a provisional year is never the
/// reference, so one early school cannot make the next year look complete). A year is
/// provisional while it falls short of `min_share` of that; the first year has nothing to
/// be measured against and is complete.
fn year_coverage(with_facts: &[source::YearSchools], min_share: f64) -> Vec<store::YearRow> {
    let mut reference: Option<i32> = None;
    with_facts
        .iter()
        .map(|y| {
            let provisional =
                reference.is_some_and(|r| f64::from(y.schools) < min_share * f64::from(r));
            let row = store::YearRow {
                year: y.year,
                schools: y.schools,
                expected: reference,
                provisional,
            };
            if !provisional {
                reference = Some(y.schools);
            }
            row
        })
        .collect()
}

/// The years of a generation and its trend window.
#[derive(Debug, Clone, PartialEq, Eq)]
struct YearPlan {
    /// Every year the generation publishes, ascending (provisional ones included).
    years: Vec<store::YearRow>,
    /// The trend window: the first and last complete year of the generation.
    first: i32,
    last: i32,
}

impl YearPlan {
    fn years(&self) -> Vec<i32> {
        self.years.iter().map(|y| y.year).collect()
    }

    fn complete(&self) -> Vec<i32> {
        self.years
            .iter()
            .filter(|y| !y.provisional)
            .map(|y| y.year)
            .collect()
    }

    fn provisional(&self) -> Vec<i32> {
        self.years
            .iter()
            .filter(|y| y.provisional)
            .map(|y| y.year)
            .collect()
    }
}

/// The generation's years: the last `window` complete years with facts and every year after
/// the first of them (a provisional year is published in addition, without moving the
/// window), or all years inside `range`. `None` when no year qualifies.
fn plan_years(
    coverage: &[store::YearRow],
    window: i32,
    range: Option<(i32, i32)>,
) -> Option<YearPlan> {
    let candidates: Vec<store::YearRow> = match range {
        Some((first, last)) => coverage
            .iter()
            .filter(|y| (first..=last).contains(&y.year))
            .copied()
            .collect(),
        None => {
            let keep = usize::try_from(window.max(1)).unwrap_or(1);
            let complete: Vec<i32> = coverage
                .iter()
                .filter(|y| !y.provisional)
                .map(|y| y.year)
                .collect();
            // Without a complete year (cannot happen: the first year with facts is one)
            // everything is provisional.
            let from = complete
                .get(complete.len().saturating_sub(keep))
                .copied()
                .or_else(|| coverage.first().map(|y| y.year))?;
            coverage
                .iter()
                .filter(|y| y.year >= from)
                .copied()
                .collect()
        }
    };
    let complete: Vec<i32> = candidates
        .iter()
        .filter(|y| !y.provisional)
        .map(|y| y.year)
        .collect();
    let bounds = if complete.is_empty() {
        candidates.iter().map(|y| y.year).collect()
    } else {
        complete
    };
    Some(YearPlan {
        first: *bounds.first()?,
        last: *bounds.last()?,
        years: candidates,
    })
}

/// The years a run over `range` (all when `None`) computes, from the facts' coverage.
async fn plan(db: &Db, config: &Config, range: Option<(i32, i32)>) -> Result<YearPlan, JobError> {
    let jobs = &config.jobs;
    let coverage = year_coverage(
        &source::schools_with_facts(db).await?,
        jobs.min_coverage_share,
    );
    plan_years(&coverage, jobs.window_years, range).ok_or_else(|| {
        JobError::NoData(match range {
            Some((a, b)) => format!("no academic year between {a} and {b} has any facts"),
            None => "no academic year has any facts yet".into(),
        })
    })
}

/// The statements a full run over `range` reads, with their years bound
/// (`source::sql::run_reads`): `sapat jobs sources`, the benchmark's extraction baseline.
pub async fn source_reads(
    db: &Db,
    config: &Config,
    range: Option<(i32, i32)>,
) -> Result<Vec<source::sql::Read>, JobError> {
    let plan = plan(db, config, range).await?;
    Ok(source::sql::run_reads(&plan.years(), plan.first, plan.last))
}

async fn execute(
    db: &Db,
    config: &Config,
    opts: &RunOptions,
    run_id: i64,
    progress: &mut Progress,
) -> Result<(), JobError> {
    let jobs = &config.jobs;
    let plan = plan(db, config, opts.years).await?;
    let (first, last) = (plan.first, plan.last);
    let years = plan.years();
    let complete = plan.complete();
    let provisional = plan.provisional();
    progress.years.clone_from(&years);
    progress.provisional.clone_from(&provisional);
    progress.window = (first, last);
    let published = store::published(db).await?;

    let geo = frame::geo_frame(&source::geo(db).await?)?;
    // Which years to recompute, and the school values carried over for the others (read a
    // chunk at a time into frames: at national scale the published values are millions of
    // rows).
    let mut recompute: Vec<i32> = years.clone();
    let mut school_frames: Vec<DataFrame> = Vec::with_capacity(years.len() + 1);
    let mut carried = 0;
    let stale = match published.as_ref() {
        Some(published) if opts.mode == Mode::Incremental => stale_years(db, published).await?,
        _ => None,
    };
    if let (Some(stale), Some(published)) = (stale, published.as_ref()) {
        let schools: BTreeSet<i32> = geo.column(c::SCHOOL_ID)?.i32()?.iter().flatten().collect();
        // Quarter and half-year values belong to the window's last year and the provisional
        // years after it only (`domain::trend::dims`).
        let keep = |v: &store::ValueRow| {
            v.entity_kind == c::kind::SCHOOL
                && (v.period.is_empty() || v.year >= last)
                && !stale.contains(&v.year)
                && years.binary_search(&v.year).is_ok()
                && v.indicator != indicators::CAPACITY_UTILISATION
                && v.indicator != indicators::TEACHERS_TRAINED_5Y_REGISTER
                && schools.contains(&v.entity_id)
        };
        let (present, read, frames) = carried_values(db, published.id, keep).await?;
        // A year the published generation lacks is computed too.
        recompute.retain(|y| stale.contains(y) || !present.contains(y));
        progress.rows_read += read;
        carried = read;
        school_frames.extend(frames);
    } else if opts.mode == Mode::Incremental {
        tracing::info!("no published generation to build on: a full run");
    }
    progress.recomputed.clone_from(&recompute);
    let list = |ys: &[i32]| ys.iter().map(i32::to_string).collect::<Vec<_>>().join(",");
    tracing::info!(
        years = %list(&years),
        provisional = %list(&provisional),
        recompute = %list(&recompute),
        carried,
        "trend years"
    );

    // The teacher register marks no year dirty, so its indicator is derived afresh every run.
    let mut register = source::teacher_register(db, first, last).await?;
    register.retain(|r| years.binary_search(&r.year).is_ok());
    progress.rows_read += register.len() as u64;
    let register = frame::register_frame(&register)?;
    let catalog = frame::catalog_frame()?;
    let disclosure = frame::disclosure_frame()?;
    let params = Params::from_config(jobs);
    // On PostgreSQL two years are read at once, each on its own pooled connection: reading is
    // most of a full run, and the server sums one year's marks on one core (BENCHMARKS.md).
    // SQLite reads one year after the other.
    let parallel = if domain::db::concurrent_writers(db) {
        PARALLEL_YEARS
    } else {
        1
    };
    let years_started = Instant::now();
    let mut by_year: std::collections::BTreeMap<i32, DataFrame> = Default::default();
    let mut pending = recompute.iter().copied();
    let mut tasks = tokio::task::JoinSet::new();
    loop {
        while tasks.len() < parallel
            && let Some(year) = pending.next()
        {
            tasks.spawn(school_values_of_year(
                db.clone(),
                year,
                year >= last,
                params.clone(),
            ));
        }
        let Some(done) = tasks.join_next().await else {
            break;
        };
        let (year, rows, values) = done.map_err(|e| JobError::Task(e.to_string()))??;
        progress.rows_read += rows;
        by_year.insert(year, values);
    }
    let (rss_mb, peak_rss_mb) = memory_mb();
    tracing::info!(
        years = by_year.len(),
        parallel,
        years_ms = ms(years_started),
        rss_mb,
        peak_rss_mb,
        "school values computed"
    );
    school_frames.extend(by_year.into_values());
    if school_frames.is_empty() {
        school_frames.push(frame::values_frame(std::iter::empty())?);
    }

    let shared = std::sync::Arc::new(derive::Shared {
        geo,
        catalog,
        rules: frame::rules_frame(jobs)?,
        disclosure,
        complete,
        provisional,
        first,
        last,
        min_count: jobs.disclosure_min_count,
        score_step: jobs.disclosure_score_step,
    });
    let generation = store::create_generation(db, run_id, first, last).await?;
    progress.generation_id = Some(generation);
    store::write_years(db, generation, &plan.years).await?;

    // The derive stage, a batch of whole dimension keys at a time (`derive`): each batch's
    // values, trends and comparisons are written to the staging generation and dropped
    // before the next batch's are held, and the next batch is computed while one is written.
    let derive_started = Instant::now();
    let (parts, batches) = {
        let shared = shared.clone();
        blocking(move || {
            let parts = derive::school_parts(school_frames, &shared.geo, register)?;
            let batches = derive::batch_keys(&parts, derive::BATCH_ROWS)?;
            Ok((std::sync::Arc::new(parts), batches))
        })
        .await?
    };
    let n_batches = batches.len();
    let spawn = |keys: DataFrame| {
        let (shared, parts) = (shared.clone(), parts.clone());
        tokio::task::spawn_blocking(move || {
            let started = Instant::now();
            let school = derive::batch(&parts, &keys)?;
            let school_rows = school.height();
            let derived = derive::derive(school, &shared)?;
            // Where the job's memory goes, batch by batch (the peak is the process's so far).
            let (rss_mb, peak_rss_mb) = memory_mb();
            tracing::info!(
                keys = keys.height(),
                school_rows,
                values = derived.values.height(),
                derive_ms = ms(started),
                rss_mb,
                peak_rss_mb,
                "batch derived"
            );
            Ok::<_, JobError>((derived, ms(started)))
        })
    };
    let mut pending = batches.into_iter();
    let mut computing = pending.next().map(spawn);
    let (mut compute_ms, mut written) = (0, [0u64; 3]);
    let mut computed = [0usize; 3];
    while let Some(task) = computing.take() {
        let (derived, took) = task.await.map_err(|e| JobError::Task(e.to_string()))??;
        computing = pending.next().map(spawn);
        compute_ms += took;
        computed[0] += derived.values.height();
        computed[1] += derived.trends.height();
        computed[2] += derived.comparisons.height();
        let [v, t, c] = write_derived(db, generation, derived, first, last).await?;
        written = [written[0] + v, written[1] + t, written[2] + c];
    }
    tracing::info!(
        values = computed[0],
        trends = computed[1],
        comparisons = computed[2],
        batches = n_batches,
        compute_ms,
        "areas, comparisons, flags and trends computed"
    );
    let [v, t, c] = written;
    store::record_counts(db, generation, v, t, c).await?;
    progress.rows_written += v + t + c;

    tracing::info!(
        generation.id = generation,
        rows_written = progress.rows_written,
        write_ms = ms(derive_started),
        "generation written"
    );
    let validate_started = Instant::now();
    let problems = store::validate(db, generation, published.as_ref().map(|g| g.id)).await?;
    tracing::info!(
        generation.id = generation,
        problems = problems.len(),
        validate_ms = ms(validate_started),
        "generation validated"
    );
    if !problems.is_empty() {
        store::reject(db, generation).await?;
        return Err(JobError::Rejected {
            run_id,
            generation_id: generation,
            problems,
        });
    }
    if !opts.dry_run {
        let publish_started = Instant::now();
        store::publish(db, generation).await?;
        tracing::info!(
            generation.id = generation,
            publish_ms = ms(publish_started),
            "generation published"
        );
        progress.published = true;
    }
    Ok(())
}

/// Writes one batch's values, trends and comparisons to the staging generation, in slices so
/// the statement parameters built from them stay small next to the rows, and each slice of
/// the frames becomes rows only when it is written (rows of owned strings take more memory
/// than the frames). On PostgreSQL the three tables are written at once, each on its own
/// pooled connection (the staging generation is invisible until published, so their order
/// does not matter); SQLite has one writer at a time, so there they go one after the other.
/// Returns the rows written to each.
async fn write_derived(
    db: &Db,
    generation: i32,
    derived: derive::Derived,
    first: i32,
    last: i32,
) -> Result<[u64; 3], JobError> {
    let derive::Derived {
        values,
        trends,
        comparisons,
    } = derived;
    let write_values = async {
        let mut n = 0;
        for at in (0..values.height()).step_by(WRITE_CHUNK) {
            let rows = frame::value_rows(&values.slice(at as i64, WRITE_CHUNK))?;
            n += store::write_values(db, generation, &rows).await?;
        }
        Ok::<u64, JobError>(n)
    };
    let write_trends = async {
        let mut n = 0;
        for at in (0..trends.height()).step_by(WRITE_CHUNK) {
            let rows = frame::trend_rows(&trends.slice(at as i64, WRITE_CHUNK), first, last)?;
            n += store::write_trends(db, generation, &rows).await?;
        }
        Ok::<u64, JobError>(n)
    };
    let write_comparisons = async {
        let mut n = 0;
        for at in (0..comparisons.height()).step_by(WRITE_CHUNK) {
            let rows = frame::comparison_rows(&comparisons.slice(at as i64, WRITE_CHUNK))?;
            n += store::write_comparisons(db, generation, &rows).await?;
        }
        Ok::<u64, JobError>(n)
    };
    if domain::db::concurrent_writers(db) {
        // join!, not try_join!: a writer dropped mid-COPY when another fails would leave its
        // pooled connection inside the COPY, and the next statement on it waits for ever.
        let (v, t, c) = tokio::join!(write_values, write_trends, write_comparisons);
        Ok([v?, t?, c?])
    } else {
        Ok([
            write_values.await?,
            write_trends.await?,
            write_comparisons.await?,
        ])
    }
}

/// Reads one year's facts and computes its school values, the school-wide ones and those by
/// dimension: (year, fact rows, values). `latest`: the window's last year or a provisional
/// one after it, which also get quarter and half-year values.
async fn school_values_of_year(
    db: Db,
    year: i32,
    latest: bool,
    params: Params,
) -> Result<(i32, u64, DataFrame), JobError> {
    let read_started = Instant::now();
    let facts = source::read_year(&db, year, latest).await?;
    let read_ms = ms(read_started);
    let rows = facts.rows();
    let compute_started = Instant::now();
    let values = blocking(move || {
        let frames = frame::year_frames(&facts)?;
        drop(facts);
        // The school-wide values, then those by dimension: not at once, which held both
        // plans' intermediate frames of the year together.
        let values = concat(
            [
                indicators::school_values(&frames, &params)?,
                indicators::dimension_values(&frames)?,
            ],
            UnionArgs {
                parallel: false,
                ..UnionArgs::default()
            },
        )?;
        Ok(values.collect()?)
    })
    .await?;
    tracing::info!(
        year,
        rows_read = rows,
        read_ms,
        compute_ms = ms(compute_started),
        school_values = values.height(),
        "year computed"
    );
    Ok((year, rows, values))
}

/// For an incremental run on top of `published`: the years whose facts changed since the run
/// that built it. `None` when there is nothing to build on (its run is not in the history).
async fn stale_years(
    db: &Db,
    published: &store::Generation,
) -> Result<Option<BTreeSet<i32>>, JobError> {
    // Changes are counted from the start of the run that built the published generation:
    // whatever changed after that may or may not be in it.
    let since = runs::history(db, Some(JOB), 10_000)
        .await?
        .into_iter()
        .find(|r| r.id == published.run_id)
        .map(|r| r.started_at);
    let Some(since) = since else {
        return Ok(None);
    };
    let mut stale: BTreeSet<i32> = runs::dirty_years(db, Some(since))
        .await?
        .into_iter()
        .collect();
    // A year's leavers after grade 9 are counted against the year before's grade 9, so an
    // enrolment edit also dirties the next year.
    stale.extend(
        runs::dirty_years_of(db, since, source::ENROLMENT_TABLES)
            .await?
            .into_iter()
            .map(|y| y + 1),
    );
    Ok(Some(stale))
}

/// The published values of `generation` that `keep` accepts, as frames of a chunk each, with
/// the years the generation has values for and how many values were read.
async fn carried_values(
    db: &Db,
    generation: i32,
    keep: impl Fn(&store::ValueRow) -> bool,
) -> Result<(BTreeSet<i32>, u64, Vec<DataFrame>), JobError> {
    let (mut present, mut read) = (BTreeSet::new(), 0);
    let (mut frames, mut chunk, mut failed) = (Vec::new(), Vec::new(), None);
    let mut flush = |chunk: &mut Vec<store::ValueRow>| {
        match frame::values_frame(chunk.iter()) {
            Ok(f) => frames.push(f),
            Err(e) => failed = Some(e),
        }
        chunk.clear();
    };
    store::each_value(db, generation, |v| {
        read += 1;
        present.insert(v.year);
        if keep(&v) {
            chunk.push(v);
            if chunk.len() == WRITE_CHUNK {
                flush(&mut chunk);
            }
        }
        Ok(())
    })
    .await?;
    if !chunk.is_empty() {
        flush(&mut chunk);
    }
    if let Some(e) = failed {
        return Err(e.into());
    }
    Ok((present, read, frames))
}

/// The process's resident memory now and at its peak, in MB, where the system tells
/// (`/proc/self/status` on Linux).
fn memory_mb() -> (Option<u64>, Option<u64>) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .map(|kb| kb / 1024)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

#[cfg(test)]
mod tests;
