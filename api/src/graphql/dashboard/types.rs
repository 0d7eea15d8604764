//! The dashboard's values: the indicator catalog, values per year with their provenance and
//! flags, trend statistics, an entity's own values, and the refresh runs.

use async_graphql::{Context, Enum, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use domain::trend::catalog::{Aggregation, Unit};
use domain::trend::runs::JobRun;
use domain::trend::snapshot::{self as snap, EntityKind, IndicatorRef, Place, Point, Snapshot};

use super::{entity_indicators, entity_trends};
use crate::graphql::common::{Lang, lang_of, pick};
use crate::graphql::error::Result;
use crate::snapshot::View;

// ---------------------------------------------------------------------------------------
// Enums

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum IndicatorUnit {
    Percent,
    PercentagePoints,
    Count,
    Score,
    Mark,
    Ratio,
    Index,
}

impl From<Unit> for IndicatorUnit {
    fn from(u: Unit) -> Self {
        match u {
            Unit::Percent => Self::Percent,
            Unit::PercentagePoints => Self::PercentagePoints,
            Unit::Count => Self::Count,
            Unit::Score => Self::Score,
            Unit::Mark => Self::Mark,
            Unit::Ratio => Self::Ratio,
            Unit::Index => Self::Index,
        }
    }
}

/// How district, region and country values are formed from school values.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum IndicatorAggregation {
    /// Summed numerators over summed denominators (never a mean of percentages).
    Ratio,
    /// The sum of school values.
    Sum,
    /// Not aggregated above schools.
    None,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum ValueSource {
    /// Computed from raw counts.
    Raw,
    /// A percentage the school reported (no raw counts for that year).
    Reported,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum IndicatorFlag {
    /// Rounded down to the configured score step (`jobs.disclosure_score_step`, default 10),
    /// because the exact value may be one person's (ORT median, highest score).
    Coarsened,
    /// Moved more than the configured threshold from the year before.
    Jump,
    /// The year before has no value.
    MissingYear,
    /// Taken from a school-reported figure.
    Reported,
    /// A ratio over fewer than the configured minimum denominator.
    SmallSample,
    /// Withheld: the value (and its numerator) is null because it covers fewer people than
    /// `jobs.disclosure_min_count` (default 5), or the number of people is unknown for a
    /// value that may be one person's. Not missing data: the school did report.
    Suppressed,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum TrendDirection {
    Up,
    Down,
    Flat,
    /// Fewer than three years with values.
    Insufficient,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum EntityLevel {
    School,
    District,
    Region,
    Country,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum RankingScope {
    District,
    Region,
    Country,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum RunStatus {
    Running,
    Succeeded,
    Failed,
}

pub(super) fn flags(f: &[snap::Flag]) -> Vec<IndicatorFlag> {
    f.iter()
        .map(|f| match f {
            snap::Flag::Jump => IndicatorFlag::Jump,
            snap::Flag::MissingYear => IndicatorFlag::MissingYear,
            snap::Flag::Reported => IndicatorFlag::Reported,
            snap::Flag::SmallSample => IndicatorFlag::SmallSample,
            snap::Flag::Coarsened => IndicatorFlag::Coarsened,
            snap::Flag::Suppressed => IndicatorFlag::Suppressed,
        })
        .collect()
}

pub(super) fn direction(d: snap::Direction) -> TrendDirection {
    match d {
        snap::Direction::Up => TrendDirection::Up,
        snap::Direction::Down => TrendDirection::Down,
        snap::Direction::Flat => TrendDirection::Flat,
        snap::Direction::Insufficient => TrendDirection::Insufficient,
    }
}

pub(super) fn level(k: EntityKind) -> EntityLevel {
    match k {
        EntityKind::School => EntityLevel::School,
        EntityKind::District => EntityLevel::District,
        EntityKind::Region => EntityLevel::Region,
        EntityKind::Country => EntityLevel::Country,
    }
}

pub(super) fn run_status(s: &str) -> RunStatus {
    match s {
        "running" => RunStatus::Running,
        "succeeded" => RunStatus::Succeeded,
        _ => RunStatus::Failed,
    }
}

// ---------------------------------------------------------------------------------------
// Objects

/// An indicator of the catalog.
pub struct IndicatorDef(pub(super) IndicatorRef);

#[Object]
impl IndicatorDef {
    async fn code(&self) -> &'static str {
        self.0.def().code
    }
    async fn name(&self, ctx: &Context<'_>, lang: Option<Lang>) -> String {
        let d = self.0.def();
        pick(lang_of(ctx, lang), d.name_ky, d.name_ru, Some(d.name_en))
    }
    async fn name_ky(&self) -> &'static str {
        self.0.def().name_ky
    }
    async fn name_ru(&self) -> &'static str {
        self.0.def().name_ru
    }
    async fn name_en(&self) -> &'static str {
        self.0.def().name_en
    }
    async fn unit(&self) -> IndicatorUnit {
        self.0.def().unit.into()
    }
    async fn higher_is_better(&self) -> bool {
        self.0.def().higher_is_better
    }
    async fn aggregation(&self) -> IndicatorAggregation {
        match self.0.def().aggregation {
            Aggregation::Ratio { .. } => IndicatorAggregation::Ratio,
            Aggregation::Sum => IndicatorAggregation::Sum,
            Aggregation::None => IndicatorAggregation::None,
        }
    }
    async fn formula(&self) -> &'static str {
        self.0.def().formula
    }
    async fn description(&self) -> &'static str {
        self.0.def().description
    }
}

/// How current an answer is.
#[derive(SimpleObject)]
pub struct Freshness {
    /// The generation the answer was computed from; null when none is published yet.
    pub(super) generation_id: Option<i32>,
    /// When that generation was published.
    pub(super) published_at: Option<DateTime<Utc>>,
    /// When that generation was computed.
    pub(super) computed_at: Option<DateTime<Utc>>,
    /// When this API instance loaded it.
    pub(super) loaded_at: Option<DateTime<Utc>>,
    pub(super) first_year: Option<i32>,
    pub(super) last_year: Option<i32>,
    /// The most recent refresh run (it may have failed and left this generation published).
    pub(super) last_run_id: Option<i64>,
    pub(super) last_run_status: Option<RunStatus>,
    pub(super) last_run_finished_at: Option<DateTime<Utc>>,
}

pub(super) fn freshness(v: &View) -> Freshness {
    let g = v.snapshot.generation.as_ref();
    let r = v.last_run.as_deref();
    Freshness {
        generation_id: g.map(|g| g.id),
        published_at: g.and_then(|g| g.published_at),
        computed_at: g.map(|g| g.created_at),
        loaded_at: v.snapshot.loaded_at,
        first_year: g.and_then(|g| g.first_year),
        last_year: g.and_then(|g| g.last_year),
        last_run_id: r.map(|r| r.id),
        last_run_status: r.map(|r| run_status(&r.status)),
        last_run_finished_at: r.and_then(|r| r.finished_at),
    }
}

/// Where a value comes from.
#[derive(SimpleObject)]
pub struct Provenance {
    pub(super) generation_id: i32,
    pub(super) computed_at: DateTime<Utc>,
    /// Fact rows the value was computed from.
    pub(super) source_rows: i64,
}

/// One academic year's value.
#[derive(SimpleObject)]
pub struct IndicatorPoint {
    /// The academic year's start (2017 = "2017-2018").
    pub(super) year: i32,
    pub(super) year_label: String,
    /// Null when missing (never 0).
    pub(super) value: Option<f64>,
    pub(super) numerator: Option<f64>,
    pub(super) denominator: Option<f64>,
    pub(super) source: ValueSource,
    pub(super) flags: Vec<IndicatorFlag>,
    pub(super) provenance: Provenance,
}

pub(super) fn point(s: &Snapshot, p: &Point) -> IndicatorPoint {
    let g = s.generation.as_ref();
    IndicatorPoint {
        year: p.year,
        year_label: domain::year::label(p.year),
        value: p.value,
        numerator: p.numerator,
        denominator: p.denominator,
        source: match p.source {
            snap::Source::Raw => ValueSource::Raw,
            snap::Source::Reported => ValueSource::Reported,
        },
        flags: flags(&p.flags),
        provenance: Provenance {
            generation_id: g.map_or(0, |g| g.id),
            computed_at: g.map_or_else(Utc::now, |g| g.created_at),
            source_rows: p.n_source_rows,
        },
    }
}

/// One indicator's values over the years asked for.
#[derive(SimpleObject)]
pub struct IndicatorSeries {
    pub(super) code: &'static str,
    pub(super) indicator: IndicatorDef,
    pub(super) points: Vec<IndicatorPoint>,
}

#[derive(SimpleObject)]
pub struct EntityIndicators {
    pub(super) freshness: Freshness,
    pub(super) series: Vec<IndicatorSeries>,
}

/// Trend statistics over the generation's window.
#[derive(SimpleObject)]
pub struct IndicatorTrend {
    pub(super) code: &'static str,
    pub(super) indicator: IndicatorDef,
    pub(super) window_first: i32,
    pub(super) window_last: i32,
    /// Years with a value.
    pub(super) points: i32,
    pub(super) first_year: Option<i32>,
    pub(super) first_value: Option<f64>,
    pub(super) last_year: Option<i32>,
    pub(super) last_value: Option<f64>,
    /// Last value − first value.
    pub(super) delta: Option<f64>,
    pub(super) mean: Option<f64>,
    pub(super) min: Option<f64>,
    pub(super) max: Option<f64>,
    /// Least-squares slope per year.
    pub(super) slope: Option<f64>,
    pub(super) direction: TrendDirection,
}

#[derive(SimpleObject)]
pub struct EntityTrends {
    pub(super) freshness: Freshness,
    pub(super) trends: Vec<IndicatorTrend>,
}

/// A school, district, region or the country as the published generation knows it.
pub struct Entity {
    pub(super) kind: EntityKind,
    pub(super) place: Option<Place>,
}

#[Object]
impl Entity {
    async fn level(&self) -> EntityLevel {
        level(self.kind)
    }
    /// 0 for the country.
    async fn id(&self) -> ID {
        ID(self.place.as_ref().map_or(0, |p| p.id).to_string())
    }
    async fn code(&self) -> &str {
        self.place.as_ref().map_or("KG", |p| p.code.as_str())
    }
    async fn name(&self, ctx: &Context<'_>, lang: Option<Lang>) -> String {
        let lang = lang_of(ctx, lang);
        match &self.place {
            Some(p) => pick(lang, &p.name_ky, &p.name_ru, p.name_en.as_deref()),
            None => pick(
                lang,
                "Кыргыз Республикасы",
                "Кыргызская Республика",
                Some("Kyrgyz Republic"),
            ),
        }
    }
    /// Values per academic year (all indicators with data when `codes` is omitted).
    async fn indicators(
        &self,
        ctx: &Context<'_>,
        codes: Option<Vec<String>>,
        from_year: Option<i32>,
        to_year: Option<i32>,
    ) -> Result<EntityIndicators> {
        let id = self.place.as_ref().map_or(0, |p| p.id);
        entity_indicators(ctx, self.kind, id, codes, from_year, to_year).await
    }
    /// Trend statistics per indicator.
    async fn trends(&self, ctx: &Context<'_>, codes: Option<Vec<String>>) -> Result<EntityTrends> {
        let id = self.place.as_ref().map_or(0, |p| p.id);
        entity_trends(ctx, self.kind, id, codes).await
    }
}

/// One recorded trend refresh.
#[derive(SimpleObject)]
pub struct TrendRun {
    pub(super) id: i64,
    pub(super) trigger: String,
    pub(super) mode: String,
    /// A dry run: computed and validated, never published. Listed in `jobRuns`, never
    /// shown as `trendStatus.lastRun` or in `freshness`.
    pub(super) dry_run: bool,
    pub(super) status: RunStatus,
    pub(super) started_at: DateTime<Utc>,
    pub(super) finished_at: Option<DateTime<Utc>>,
    pub(super) generation_id: Option<i32>,
    pub(super) years: Vec<i32>,
    pub(super) rows_read: i64,
    pub(super) rows_written: i64,
    pub(super) error: Option<String>,
}

impl From<&JobRun> for TrendRun {
    fn from(r: &JobRun) -> Self {
        TrendRun {
            id: r.id,
            trigger: r.trigger.clone(),
            mode: r.mode.clone(),
            dry_run: r.dry_run,
            status: run_status(&r.status),
            started_at: r.started_at,
            finished_at: r.finished_at,
            generation_id: r.generation_id,
            years: r.years.clone(),
            rows_read: r.rows_read,
            rows_written: r.rows_written,
            error: r.error.clone(),
        }
    }
}

#[derive(SimpleObject)]
pub struct TrendStatus {
    /// The generation published in the database.
    pub(super) published_generation_id: Option<i32>,
    pub(super) published_at: Option<DateTime<Utc>>,
    /// The generation this API instance serves (it follows the published one within
    /// seconds on PostgreSQL, `server.snapshot_poll_secs` at most).
    pub(super) served: Freshness,
    /// The last run that could publish (dry runs are left out; see `jobRuns` for them).
    pub(super) last_run: Option<TrendRun>,
    /// The next nightly refresh by the configured schedule.
    pub(super) next_scheduled_run: Option<DateTime<Utc>>,
    pub(super) schedule: String,
    pub(super) timezone: String,
}
