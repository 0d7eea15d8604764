//! The dashboard's values: the indicator catalog, values per year with their provenance and
//! flags, trend statistics, an entity's own values, and the refresh runs.

use async_graphql::{Context, Enum, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use domain::trend::catalog::{Aggregation, Unit};
use domain::trend::runs::JobRun;
use domain::trend::snapshot::{
    self as snap, DimArgs, EntityKind, IndicatorRef, Place, Point, Snapshot,
};

use super::{entity_indicators, entity_trends};
use crate::graphql::common::{Lang, lang_of, pick};
use crate::graphql::error::Result;
use crate::snapshot::View;

// ---------------------------------------------------------------------------------------
// Enums

/// The unit of an indicator's values.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum IndicatorUnit {
    /// A percentage, 0-100 (capacity utilisation may exceed 100).
    Percent,
    /// Percentage points: a difference of two percentages.
    PercentagePoints,
    /// A count (pupils, teachers, prizes …).
    Count,
    /// ORT points (the national scholarship test's scaled score).
    Score,
    /// A mark on the 5-point scale (2-5).
    Mark,
    /// A ratio, e.g. pupils per teacher.
    Ratio,
    /// A 0-100 composite index.
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

/// A breakdown of an indicator's values.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "domain::trend::dims::Dimension")]
pub enum IndicatorDimension {
    /// By reference subject (`subject` argument).
    Subject,
    /// By grade band 4-6, 7-9, 10-11 (`gradeBand` argument).
    GradeBand,
    /// By quarter or half-year of the latest academic year (`period` argument).
    Period,
}

/// What an indicator's values are computed over. Values of different methods are never ranked
/// or compared together.
// `remote` derives the conversion from the catalog's enum, so a new method cannot be missed.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "domain::trend::catalog::Method")]
pub enum IndicatorMethod {
    /// Over pupils, each counted once (e.g. a pupil whose marks are all 4 or 5).
    PerPupil,
    /// Over subject marks or subject tests: a pupil counts once per subject.
    PerMark,
    /// Over ORT takers.
    PerTaker,
    /// Over teachers.
    PerTeacher,
    /// A count of people, prizes or events.
    Count,
    /// Events per pupils, e.g. prizes per 100 pupils.
    Rate,
    /// Resources against pupils or seats (pupils per computer, capacity, textbooks).
    Resource,
    /// A composite of other indicators.
    Composite,
    /// Over survey respondents (parents, pupils or teachers), each counted once.
    PerRespondent,
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

/// Where a yearly value comes from.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum ValueSource {
    /// Computed from raw counts.
    Raw,
    /// A percentage the school reported (no raw counts for that year).
    Reported,
}

/// A caution about a value, for dashboards to show.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum IndicatorFlag {
    /// Rounded down to the configured score step (`jobs.disclosure_score_step`, default 10),
    /// because the exact value may be one person's (ORT median, highest score).
    Coarsened,
    /// Moved more than the indicator's jump rule from the year before (its unit or relative).
    Jump,
    /// The year before has no value and an earlier year has one: the first value after a
    /// hole of any length.
    MissingYear,
    /// A composite (`quality_index`) built from fewer than all its configured components:
    /// shown, but never ranked or compared (no rank, percentile or peer median).
    Partial,
    /// Taken from a school-reported figure.
    Reported,
    /// A share or mean over fewer people (pupils, marks, ORT takers, teachers) than the
    /// indicator's small-sample rule.
    SmallSample,
    /// Withheld: the value (and its numerator) is null because it covers fewer people than
    /// `jobs.disclosure_min_count` (default 5), or the number of people is unknown for a
    /// value that may be one person's, or to protect such a value: an area's figure is the
    /// sum of its schools' (districts', regions'), so where one of them is withheld another
    /// is too (the smallest), and a withheld area has two of its parts withheld. Not missing
    /// data: the school did report.
    Suppressed,
}

/// Which way an indicator moved over the trend window: its least-squares slope per year
/// against the indicator's own flat rule (in its unit or relative to its mean; defaults per
/// indicator in docs/TRENDS.md, `jobs.rules.<code>` in configuration).
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum TrendDirection {
    /// Rising: the slope per year reaches the indicator's flat rule.
    Up,
    /// Falling: the slope per year reaches the flat rule downwards.
    Down,
    /// Steady: the slope per year stays within the indicator's flat rule either way.
    Flat,
    /// Fewer than three years with values.
    Insufficient,
}

/// The level of an entity in the region → district → school hierarchy.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum EntityLevel {
    /// A school.
    School,
    /// A district (rayon, city district or city).
    District,
    /// A region (oblast or city of republican significance).
    Region,
    /// The Kyrgyz Republic as a whole.
    Country,
}

/// The area a ranking compares schools within.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum RankingScope {
    /// The schools of one district (give its id as `scopeId`).
    District,
    /// The schools of one region (give its id as `scopeId`).
    Region,
    /// Every school of the country (no `scopeId`).
    Country,
}

/// The state of a trend refresh run.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum RunStatus {
    /// Still running.
    Running,
    /// Finished and published its generation.
    Succeeded,
    /// Failed; the previous generation stays published.
    Failed,
}

pub(super) fn flags(f: snap::Flags) -> Vec<IndicatorFlag> {
    f.iter()
        .map(|f| match f {
            snap::Flag::Jump => IndicatorFlag::Jump,
            snap::Flag::MissingYear => IndicatorFlag::MissingYear,
            snap::Flag::Reported => IndicatorFlag::Reported,
            snap::Flag::SmallSample => IndicatorFlag::SmallSample,
            snap::Flag::Partial => IndicatorFlag::Partial,
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

/// An indicator of the catalog: what the trend job computes per school, district, region and
/// country and academic year; public.
#[Object]
impl IndicatorDef {
    /// The indicator's stable code, e.g. knowledge_quality (pass it in `codes`).
    async fn code(&self) -> &'static str {
        self.0.def().code
    }
    /// The indicator's name in `lang`.
    async fn name(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "The language to answer in; default: the request's Accept-Language, else Kyrgyz."
        )]
        lang: Option<Lang>,
    ) -> String {
        let d = self.0.def();
        pick(lang_of(ctx, lang), d.name_ky, d.name_ru, Some(d.name_en))
    }
    /// The indicator's name in Kyrgyz.
    async fn name_ky(&self) -> &'static str {
        self.0.def().name_ky
    }
    /// The indicator's name in Russian.
    async fn name_ru(&self) -> &'static str {
        self.0.def().name_ru
    }
    /// The indicator's name in English.
    async fn name_en(&self) -> &'static str {
        self.0.def().name_en
    }
    /// The unit of its values.
    async fn unit(&self) -> IndicatorUnit {
        self.0.def().unit.into()
    }
    /// What its values are computed over (per pupil, per mark, per ORT taker …).
    async fn method(&self) -> IndicatorMethod {
        self.0.def().method.into()
    }
    /// The breakdowns it also has besides the school-wide annual figure (the `subject`,
    /// `gradeBand` and `period` arguments); empty: none.
    async fn dimensions(&self) -> Vec<IndicatorDimension> {
        self.0
            .def()
            .dimensions
            .iter()
            .map(|d| (*d).into())
            .collect()
    }
    /// Whether a higher value is better (for colouring and ranking: best first).
    async fn higher_is_better(&self) -> bool {
        self.0.def().higher_is_better
    }
    /// How district, region and country values are formed from school values.
    async fn aggregation(&self) -> IndicatorAggregation {
        match self.0.def().aggregation {
            Aggregation::Ratio { .. } => IndicatorAggregation::Ratio,
            Aggregation::Sum => IndicatorAggregation::Sum,
            Aggregation::None => IndicatorAggregation::None,
        }
    }
    /// How a value is computed, e.g. "(n5 + n4) / N × 100" (DOMAIN.md).
    async fn formula(&self) -> &'static str {
        self.0.def().formula
    }
    /// What the indicator measures and where its data come from.
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
    /// The first academic year of the generation's trend window, by its start year (2017 =
    /// 2017-2018); null = none published.
    pub(super) first_year: Option<i32>,
    /// The last complete academic year (the end of the trend window), by its start year;
    /// null = none published. Provisional years after it are in `provisionalYears`.
    pub(super) last_year: Option<i32>,
    /// Academic years published as provisional (too few schools have reported them yet, see
    /// `years`): their values are shown, but they are outside the trend window and have no
    /// ranks or comparisons.
    pub(super) provisional_years: Vec<i32>,
    /// The generation's academic years with how many schools reported each.
    pub(super) years: Vec<YearCoverage>,
    /// The most recent refresh run that published a generation. Runs that failed, were
    /// rejected by validation or were dry runs change nothing served and are left out
    /// (operators see them in `jobRuns` and an admin's `trendStatus.lastRun`).
    pub(super) last_run_id: Option<i64>,
    /// The status of that run (SUCCEEDED); null = no run has published yet.
    pub(super) last_run_status: Option<RunStatus>,
    /// When that run finished; null = no run has published yet.
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
        provisional_years: v
            .snapshot
            .year_rows()
            .iter()
            .filter(|y| y.provisional)
            .map(|y| y.year)
            .collect(),
        years: v
            .snapshot
            .year_rows()
            .iter()
            .map(|y| YearCoverage {
                year: y.year,
                year_label: domain::year::label(y.year),
                schools: y.schools,
                expected: y.expected,
                share: y
                    .expected
                    .filter(|e| *e > 0)
                    .map(|e| f64::from(y.schools) / f64::from(e)),
                provisional: y.provisional,
            })
            .collect(),
        last_run_id: r.map(|r| r.id),
        last_run_status: r.map(|r| run_status(&r.status)),
        last_run_finished_at: r.and_then(|r| r.finished_at),
    }
}

/// Where a value comes from.
/// Where a value comes from: the generation that computed it.
#[derive(SimpleObject)]
pub struct Provenance {
    /// The generation (trend refresh output) the value belongs to.
    pub(super) generation_id: i32,
    /// When that generation was computed.
    pub(super) computed_at: DateTime<Utc>,
    /// Fact rows the value was computed from.
    pub(super) source_rows: i64,
}

/// How many schools (and pupils) an area's value covers, out of how many should report.
#[derive(SimpleObject)]
pub struct ValueCoverage {
    /// Schools whose value entered the area's sums.
    pub(super) schools: i32,
    /// Schools of the area that should report the indicator that year: those with a value of
    /// it (computed or school-reported) that year or in any complete year of the generation.
    pub(super) expected: i32,
    /// `schools / expected`, 0-1; null when no school is expected.
    pub(super) share: Option<f64>,
    /// Pupils the value covers: the summed denominator where it counts pupils once each
    /// (per-pupil shares, rates per pupil); null where it counts something else (marks, ORT
    /// takers, teachers) or is missing.
    pub(super) pupils: Option<f64>,
}

pub(super) fn coverage(i: IndicatorRef, p: &Point) -> Option<ValueCoverage> {
    let c = p.coverage?;
    Some(ValueCoverage {
        schools: c.schools,
        expected: c.expected,
        share: c.share(),
        pupils: p
            .denominator
            .filter(|_| i.def().method.denominator_counts_pupils()),
    })
}

/// One academic year of the generation and its coverage.
#[derive(SimpleObject)]
pub struct YearCoverage {
    /// The academic year's start (2022 = "2022-2023").
    pub(super) year: i32,
    /// The academic year as a label, e.g. "2022-2023".
    pub(super) year_label: String,
    /// Schools with any fact that year.
    pub(super) schools: i32,
    /// Schools with any fact in the last complete year before it; null for the first year
    /// with facts.
    pub(super) expected: Option<i32>,
    /// `schools / expected`; null without `expected`.
    pub(super) share: Option<f64>,
    /// Below `jobs.min_coverage_share` of `expected` (default 0.8): its values are published
    /// but it is outside the trend window and has no ranks or comparisons.
    pub(super) provisional: bool,
}

/// One academic year's value.
#[derive(SimpleObject)]
pub struct IndicatorPoint {
    /// The academic year's start (2017 = "2017-2018").
    pub(super) year: i32,
    /// The academic year as a label, e.g. "2017-2018".
    pub(super) year_label: String,
    /// Null when missing (never 0).
    pub(super) value: Option<f64>,
    /// The value's numerator (e.g. pupils with 4s and 5s); null = not a ratio or missing.
    pub(super) numerator: Option<f64>,
    /// The value's denominator (e.g. pupils assessed); null = not a ratio or missing.
    pub(super) denominator: Option<f64>,
    /// Whether the value was computed from counts or taken from a school-reported figure.
    pub(super) source: ValueSource,
    /// Cautions about the value (a jump, a missing year before, a small sample, reported).
    pub(super) flags: Vec<IndicatorFlag>,
    /// The generation and fact rows the value comes from.
    pub(super) provenance: Provenance,
    /// The year is provisional (too few schools have reported it yet): shown, but not in
    /// trends, ranks or comparisons.
    pub(super) provisional: bool,
    /// District, region and country values: how many schools (and pupils) the value covers
    /// of how many should report; null for a school.
    pub(super) coverage: Option<ValueCoverage>,
}

pub(super) fn point(s: &Snapshot, i: IndicatorRef, p: &Point) -> IndicatorPoint {
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
        flags: flags(p.flags),
        provenance: Provenance {
            generation_id: g.map_or(0, |g| g.id),
            computed_at: g.map_or_else(Utc::now, |g| g.created_at),
            source_rows: p.n_source_rows,
        },
        provisional: s.is_provisional(p.year),
        coverage: coverage(i, p),
    }
}

/// One indicator's values over the years asked for.
#[derive(SimpleObject)]
pub struct IndicatorSeries {
    /// The indicator's code.
    pub(super) code: &'static str,
    /// The indicator's definition.
    pub(super) indicator: IndicatorDef,
    /// One point per academic year asked for, oldest first; a year without data has a null value.
    pub(super) points: Vec<IndicatorPoint>,
}

/// Indicator values of one entity, with how current they are.
#[derive(SimpleObject)]
pub struct EntityIndicators {
    /// How current the values are (the generation they come from).
    pub(super) freshness: Freshness,
    /// One series per indicator asked for (every indicator with data when `codes` is omitted).
    pub(super) series: Vec<IndicatorSeries>,
}

/// Trend statistics over the generation's window.
#[derive(SimpleObject)]
pub struct IndicatorTrend {
    /// The indicator's code.
    pub(super) code: &'static str,
    /// The indicator's definition.
    pub(super) indicator: IndicatorDef,
    /// The first academic year of the trend window, by its start year (2017 = 2017-2018).
    pub(super) window_first: i32,
    /// The last academic year of the trend window, by its start year.
    pub(super) window_last: i32,
    /// Years with a value.
    pub(super) points: i32,
    /// The first year in the window with a value, by its start year; null = no values.
    pub(super) first_year: Option<i32>,
    /// The value in `firstYear`, in the indicator's unit; null = no values.
    pub(super) first_value: Option<f64>,
    /// The last year in the window with a value, by its start year; null = no values.
    pub(super) last_year: Option<i32>,
    /// The value in `lastYear`, in the indicator's unit; null = no values.
    pub(super) last_value: Option<f64>,
    /// Last value − first value.
    pub(super) delta: Option<f64>,
    /// The mean of the window's values; null = no values.
    pub(super) mean: Option<f64>,
    /// The lowest of the window's values; null = no values.
    pub(super) min: Option<f64>,
    /// The highest of the window's values; null = no values.
    pub(super) max: Option<f64>,
    /// Least-squares slope per year.
    pub(super) slope: Option<f64>,
    /// Which way the indicator moved (insufficient with fewer than three years of values).
    pub(super) direction: TrendDirection,
}

/// Trend statistics of one entity, with how current they are.
#[derive(SimpleObject)]
pub struct EntityTrends {
    /// How current the statistics are (the generation they come from).
    pub(super) freshness: Freshness,
    /// One trend per indicator asked for (every indicator with data when `codes` is omitted).
    pub(super) trends: Vec<IndicatorTrend>,
}

/// A school, district, region or the country as the published generation knows it.
pub struct Entity {
    pub(super) kind: EntityKind,
    pub(super) place: Option<Place>,
}

/// A school, district, region or the country as the published trend generation knows it; its values
/// and trends are public.
#[Object]
impl Entity {
    /// The entity's level.
    async fn level(&self) -> EntityLevel {
        level(self.kind)
    }
    /// 0 for the country.
    async fn id(&self) -> ID {
        ID(self.place.as_ref().map_or(0, |p| p.id).to_string())
    }
    /// The entity's code: KG for the country, else the region's, district's or school's code.
    async fn code(&self) -> &str {
        self.place.as_ref().map_or("KG", |p| p.code.as_str())
    }
    /// The entity's name in `lang`.
    async fn name(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "The language to answer in; default: the request's Accept-Language, else Kyrgyz."
        )]
        lang: Option<Lang>,
    ) -> String {
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
    #[graphql(complexity = "super::series_cost(codes.as_deref(), child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn indicators(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Indicator codes (see `indicatorCatalog`); omitted: every indicator with data."
        )]
        codes: Option<Vec<String>>,
        #[graphql(
            desc = "A reference subject's code (see `subjects`, e.g. `mathematics`): the indicator's figure for that subject; omitted: over every subject. Only for indicators with a subject breakdown (`indicatorCatalog.dimensions`)."
        )]
        subject: Option<String>,
        #[graphql(
            desc = "A grade band, `4-6`, `7-9` or `10-11`: the indicator's figure over those grades, for the whole year and every subject; omitted: every marked grade."
        )]
        grade_band: Option<String>,
        #[graphql(
            desc = "A quarter or half-year, `q1`…`q4`, `h1`, `h2` (the latest academic year only; earlier years have annual figures); omitted: the whole year."
        )]
        period: Option<String>,
        #[graphql(
            desc = "First academic year, by its start year (2017 = 2017-2018); omitted: from the first year with data."
        )]
        from_year: Option<i32>,
        #[graphql(
            desc = "Last academic year, by its start year; omitted: to the last year with data."
        )]
        to_year: Option<i32>,
    ) -> Result<EntityIndicators> {
        let id = self.place.as_ref().map_or(0, |p| p.id);
        let dims = DimArgs {
            subject: subject.as_deref(),
            grade_band: grade_band.as_deref(),
            period: period.as_deref(),
        };
        entity_indicators(ctx, self.kind, id, codes, dims, from_year, to_year).await
    }
    /// Trend statistics per indicator.
    #[graphql(complexity = "super::series_cost(codes.as_deref(), child_complexity)")]
    async fn trends(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Indicator codes (see `indicatorCatalog`); omitted: every indicator with data."
        )]
        codes: Option<Vec<String>>,
        #[graphql(
            desc = "A reference subject's code (see `subjects`, e.g. `mathematics`): the indicator's figure for that subject; omitted: over every subject. Only for indicators with a subject breakdown (`indicatorCatalog.dimensions`)."
        )]
        subject: Option<String>,
        #[graphql(
            desc = "A grade band, `4-6`, `7-9` or `10-11`: the indicator's figure over those grades, for the whole year and every subject; omitted: every marked grade."
        )]
        grade_band: Option<String>,
        #[graphql(
            desc = "A quarter or half-year, `q1`…`q4`, `h1`, `h2` (the latest academic year only; earlier years have annual figures); omitted: the whole year."
        )]
        period: Option<String>,
    ) -> Result<EntityTrends> {
        let id = self.place.as_ref().map_or(0, |p| p.id);
        let dims = DimArgs {
            subject: subject.as_deref(),
            grade_band: grade_band.as_deref(),
            period: period.as_deref(),
        };
        entity_trends(ctx, self.kind, id, codes, dims).await
    }
}

/// One recorded trend refresh.
#[derive(SimpleObject)]
pub struct TrendRun {
    /// The run's id.
    pub(super) id: i64,
    /// What started it: schedule (the nightly refresh) or manual (`sapat jobs run` or
    /// `refreshTrends`).
    pub(super) trigger: String,
    /// full (every year recomputed) or incremental (the years with changed facts).
    pub(super) mode: String,
    /// A dry run: computed and validated, never published. Listed in `jobRuns`, never
    /// shown as `trendStatus.lastRun` or in `freshness`.
    pub(super) dry_run: bool,
    /// Running, succeeded or failed.
    pub(super) status: RunStatus,
    /// When the run started.
    pub(super) started_at: DateTime<Utc>,
    /// When it finished; null = still running.
    pub(super) finished_at: Option<DateTime<Utc>>,
    /// The generation it published; null = none (running, failed or a dry run).
    pub(super) generation_id: Option<i32>,
    /// The academic years it recomputed, by their start years (2021 = 2021-2022).
    pub(super) years: Vec<i32>,
    /// Fact rows it read.
    pub(super) rows_read: i64,
    /// Trend rows it wrote.
    pub(super) rows_written: i64,
    /// Why it failed, in words safe to show (internal details are logged, not served); null = it
    /// did not fail.
    pub(super) error: Option<String>,
}

/// A page of the trend refresh runs, newest first.
#[derive(SimpleObject)]
pub struct TrendRunPage {
    /// The runs of this page, newest first.
    pub(super) runs: Vec<TrendRun>,
    /// Whether newer or older runs lie beyond this page, and the cursors to read them.
    pub(super) page_info: crate::graphql::paging::PageInfo,
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

/// The trend job's state: the published generation, the one this instance serves, the last run and
/// the next.
#[derive(SimpleObject)]
pub struct TrendStatus {
    /// The generation published in the database.
    pub(super) published_generation_id: Option<i32>,
    /// When the published generation was published; null = none yet.
    pub(super) published_at: Option<DateTime<Utc>>,
    /// The generation this API instance serves (it follows the published one within
    /// seconds on PostgreSQL, `server.snapshot_poll_secs` at most).
    pub(super) served: Freshness,
    /// For an admin, the last run that could publish, whatever its outcome (a failure with
    /// its reason); for everyone else, the last run that published (as in `served`). Dry
    /// runs are left out for both; `jobRuns` lists every run.
    pub(super) last_run: Option<TrendRun>,
    /// The next nightly refresh by the configured schedule.
    pub(super) next_scheduled_run: Option<DateTime<Utc>>,
    /// The nightly refresh's six-field cron schedule (`jobs.trend_refresh_cron`).
    pub(super) schedule: String,
    /// The schedule's time zone (`jobs.timezone`), e.g. Asia/Bishkek.
    pub(super) timezone: String,
}
