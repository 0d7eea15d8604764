//! Dashboard queries over the published trend generation. They read the request's
//! [`View`] (one snapshot for the whole answer, see `SnapshotExtension`), never the database;
//! only `trendStatus`, `jobRuns` and `refreshTrends` are operational and go to it.

use std::sync::Arc;

use async_graphql::{ComplexObject, Context, Enum, ErrorExtensions, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use domain::Config;
use domain::trend::catalog::{Aggregation, Unit};
use domain::trend::runs::{JobRun, Trigger};
use domain::trend::snapshot::{
    self as snap, Comparison, EntityKind, IndicatorRef, Place, Point, Scope, Snapshot,
};

use super::RequestView;
use super::common::{Lang, lang_of, pick};
use super::error::{ApiError, Result, invalid};
use super::school::PageInfo;
use crate::snapshot::View;
use jobs::scheduler::Runner;

/// Most schools `compareSchools` lines up at once.
const MAX_COMPARED_SCHOOLS: usize = 20;
/// Most ranked schools in one page.
const MAX_RANKING_PAGE: i32 = 200;

/// The request's snapshot view: taken by the first dashboard field, shared by the rest.
async fn view<'a>(ctx: &'a Context<'_>) -> Result<&'a View> {
    let unavailable = || {
        async_graphql::Error::new("trend data is unavailable right now; try again shortly")
            .extend_with(|_, e| e.set("code", "UNAVAILABLE"))
    };
    let request = ctx.data::<RequestView>()?;
    request
        .view
        .get_or_try_init(|| request.snapshots.view())
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "cannot load the trend snapshot");
            ApiError::from(unavailable())
        })
}

fn parse_id(field: &str, id: &ID) -> Result<i32> {
    id.parse::<i32>()
        .map_err(|_| invalid(field, format!("`{}` is not an id", id.as_str())))
}

fn indicators_or_all(codes: Option<&[String]>) -> Result<Vec<IndicatorRef>> {
    match codes {
        Some(codes) if !codes.is_empty() => Ok(Snapshot::indicators(codes)?),
        _ => Ok(Snapshot::all_indicators()),
    }
}

/// The inclusive year range asked for, checked against the published years.
fn year_range(s: &Snapshot, from: Option<i32>, to: Option<i32>) -> Result<(i32, i32)> {
    let (Some(&first), Some(&last)) = (s.years().first(), s.years().last()) else {
        return Ok((i32::MIN, i32::MAX));
    };
    for (field, year) in [("fromYear", from), ("toYear", to)] {
        if let Some(y) = year
            && !(first..=last).contains(&y)
        {
            s.check_year(field, y)?;
        }
    }
    let (from, to) = (from.unwrap_or(first), to.unwrap_or(last));
    if from > to {
        return Err(invalid(
            "fromYear",
            format!("fromYear {from} is after toYear {to}"),
        ));
    }
    Ok((from, to))
}

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
    /// Moved more than the configured threshold from the year before.
    Jump,
    /// The year before has no value.
    MissingYear,
    /// Taken from a school-reported figure.
    Reported,
    /// A ratio over fewer than the configured minimum denominator.
    SmallSample,
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

fn flags(f: &[snap::Flag]) -> Vec<IndicatorFlag> {
    f.iter()
        .map(|f| match f {
            snap::Flag::Jump => IndicatorFlag::Jump,
            snap::Flag::MissingYear => IndicatorFlag::MissingYear,
            snap::Flag::Reported => IndicatorFlag::Reported,
            snap::Flag::SmallSample => IndicatorFlag::SmallSample,
        })
        .collect()
}

fn direction(d: snap::Direction) -> TrendDirection {
    match d {
        snap::Direction::Up => TrendDirection::Up,
        snap::Direction::Down => TrendDirection::Down,
        snap::Direction::Flat => TrendDirection::Flat,
        snap::Direction::Insufficient => TrendDirection::Insufficient,
    }
}

fn level(k: EntityKind) -> EntityLevel {
    match k {
        EntityKind::School => EntityLevel::School,
        EntityKind::District => EntityLevel::District,
        EntityKind::Region => EntityLevel::Region,
        EntityKind::Country => EntityLevel::Country,
    }
}

fn run_status(s: &str) -> RunStatus {
    match s {
        "running" => RunStatus::Running,
        "succeeded" => RunStatus::Succeeded,
        _ => RunStatus::Failed,
    }
}

// ---------------------------------------------------------------------------------------
// Objects

/// An indicator of the catalog.
pub struct IndicatorDef(IndicatorRef);

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
    generation_id: Option<i32>,
    /// When that generation was published.
    published_at: Option<DateTime<Utc>>,
    /// When that generation was computed.
    computed_at: Option<DateTime<Utc>>,
    /// When this API instance loaded it.
    loaded_at: Option<DateTime<Utc>>,
    first_year: Option<i32>,
    last_year: Option<i32>,
    /// The most recent refresh run (it may have failed and left this generation published).
    last_run_id: Option<i64>,
    last_run_status: Option<RunStatus>,
    last_run_finished_at: Option<DateTime<Utc>>,
}

fn freshness(v: &View) -> Freshness {
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
    generation_id: i32,
    computed_at: DateTime<Utc>,
    /// Fact rows the value was computed from.
    source_rows: i64,
}

/// One academic year's value.
#[derive(SimpleObject)]
pub struct IndicatorPoint {
    /// The academic year's start (2017 = "2017-2018").
    year: i32,
    year_label: String,
    /// Null when missing (never 0).
    value: Option<f64>,
    numerator: Option<f64>,
    denominator: Option<f64>,
    source: ValueSource,
    flags: Vec<IndicatorFlag>,
    provenance: Provenance,
}

fn point(s: &Snapshot, p: &Point) -> IndicatorPoint {
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
    code: &'static str,
    indicator: IndicatorDef,
    points: Vec<IndicatorPoint>,
}

#[derive(SimpleObject)]
pub struct EntityIndicators {
    freshness: Freshness,
    series: Vec<IndicatorSeries>,
}

/// Trend statistics over the generation's window.
#[derive(SimpleObject)]
pub struct IndicatorTrend {
    code: &'static str,
    indicator: IndicatorDef,
    window_first: i32,
    window_last: i32,
    /// Years with a value.
    points: i32,
    first_year: Option<i32>,
    first_value: Option<f64>,
    last_year: Option<i32>,
    last_value: Option<f64>,
    /// Last value − first value.
    delta: Option<f64>,
    mean: Option<f64>,
    min: Option<f64>,
    max: Option<f64>,
    /// Least-squares slope per year.
    slope: Option<f64>,
    direction: TrendDirection,
}

#[derive(SimpleObject)]
pub struct EntityTrends {
    freshness: Freshness,
    trends: Vec<IndicatorTrend>,
}

/// The `indicators` field of a school, district, region or the country.
pub(crate) async fn entity_indicators(
    ctx: &Context<'_>,
    kind: EntityKind,
    id: i32,
    codes: Option<Vec<String>>,
    from_year: Option<i32>,
    to_year: Option<i32>,
) -> Result<EntityIndicators> {
    let v = view(ctx).await?;
    let s = &v.snapshot;
    let explicit = codes.as_ref().is_some_and(|c| !c.is_empty());
    let indicators = indicators_or_all(codes.as_deref())?;
    let (from, to) = year_range(s, from_year, to_year)?;
    let series = indicators
        .into_iter()
        .filter_map(|i| {
            let points: Vec<IndicatorPoint> = s
                .series(kind, id, i)
                .iter()
                .filter(|p| (from..=to).contains(&p.year))
                .map(|p| point(s, p))
                .collect();
            // Asked-for indicators always answer (possibly empty); "all" lists those with data.
            (explicit || !points.is_empty()).then(|| IndicatorSeries {
                code: i.def().code,
                indicator: IndicatorDef(i),
                points,
            })
        })
        .collect();
    Ok(EntityIndicators {
        freshness: freshness(v),
        series,
    })
}

/// The `trends` field of a school, district, region or the country.
pub(crate) async fn entity_trends(
    ctx: &Context<'_>,
    kind: EntityKind,
    id: i32,
    codes: Option<Vec<String>>,
) -> Result<EntityTrends> {
    let v = view(ctx).await?;
    let s = &v.snapshot;
    let trends = indicators_or_all(codes.as_deref())?
        .into_iter()
        .filter_map(|i| {
            let t = s.trend(kind, id, i)?;
            Some(IndicatorTrend {
                code: i.def().code,
                indicator: IndicatorDef(i),
                window_first: t.window_first,
                window_last: t.window_last,
                points: t.n_points,
                first_year: t.first_year,
                first_value: t.first_value,
                last_year: t.last_year,
                last_value: t.last_value,
                delta: t.delta,
                mean: t.mean,
                min: t.min_value,
                max: t.max_value,
                slope: t.slope,
                direction: direction(t.direction),
            })
        })
        .collect();
    Ok(EntityTrends {
        freshness: freshness(v),
        trends,
    })
}

/// A school, district, region or the country as the published generation knows it.
pub struct Entity {
    kind: EntityKind,
    place: Option<Place>,
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

/// A school, district or region named in a dashboard answer.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct NamedPlace {
    id: ID,
    code: String,
    name_ky: String,
    name_ru: String,
    name_en: Option<String>,
}

#[ComplexObject]
impl NamedPlace {
    async fn name(&self, ctx: &Context<'_>, lang: Option<Lang>) -> String {
        pick(
            lang_of(ctx, lang),
            &self.name_ky,
            &self.name_ru,
            self.name_en.as_deref(),
        )
    }
}

fn named(p: &Place) -> NamedPlace {
    NamedPlace {
        id: ID(p.id.to_string()),
        code: p.code.clone(),
        name_ky: p.name_ky.clone(),
        name_ru: p.name_ru.clone(),
        name_en: p.name_en.clone(),
    }
}

fn school_place(s: &Snapshot, id: i32) -> NamedPlace {
    s.school(id).map_or_else(
        || NamedPlace {
            id: ID(id.to_string()),
            code: String::new(),
            name_ky: String::new(),
            name_ru: String::new(),
            name_en: None,
        },
        named,
    )
}

/// One school's standing on one indicator in the comparison year.
#[derive(SimpleObject)]
pub struct ComparisonCell {
    code: &'static str,
    /// Null when the school has no value that year (never 0).
    value: Option<f64>,
    denominator: Option<f64>,
    source: Option<ValueSource>,
    flags: Vec<IndicatorFlag>,
    /// 1 = best in the district; ties share a rank.
    rank_district: Option<i32>,
    /// Schools of the district with a value.
    count_district: Option<i32>,
    /// Share of the district's schools at or below this one, 0..100.
    percentile_district: Option<f64>,
    district_mean: Option<f64>,
    gap_to_district_mean: Option<f64>,
    z_district: Option<f64>,
    /// Median of schools of the same size band and language.
    peer_median: Option<f64>,
    /// The five-year trend's direction.
    direction: Option<TrendDirection>,
}

fn cell(s: &Snapshot, school: i32, i: IndicatorRef, year: i32) -> ComparisonCell {
    let p = s.point(EntityKind::School, school, i, year);
    let c: Option<&Comparison> = s.comparison(school, i, year);
    ComparisonCell {
        code: i.def().code,
        value: p.and_then(|p| p.value),
        denominator: p.and_then(|p| p.denominator),
        source: p.map(|p| match p.source {
            snap::Source::Raw => ValueSource::Raw,
            snap::Source::Reported => ValueSource::Reported,
        }),
        flags: p.map(|p| flags(&p.flags)).unwrap_or_default(),
        rank_district: c.map(|c| c.rank_district),
        count_district: c.map(|c| c.count_district),
        percentile_district: c.map(|c| c.pct_district),
        district_mean: c.and_then(|c| c.district_mean),
        gap_to_district_mean: c.and_then(|c| c.gap_to_district_mean),
        z_district: c.and_then(|c| c.z_district),
        peer_median: c.and_then(|c| c.peer_median),
        direction: s
            .trend(EntityKind::School, school, i)
            .map(|t| direction(t.direction)),
    }
}

#[derive(SimpleObject)]
pub struct SchoolComparisonRow {
    school: NamedPlace,
    /// One cell per requested indicator, in the order of `indicators`.
    cells: Vec<ComparisonCell>,
}

/// A district's, region's or the country's own value of one indicator.
#[derive(SimpleObject)]
pub struct AggregateCell {
    code: &'static str,
    value: Option<f64>,
    numerator: Option<f64>,
    denominator: Option<f64>,
    flags: Vec<IndicatorFlag>,
}

#[derive(SimpleObject)]
pub struct AggregateRow {
    level: EntityLevel,
    place: Option<NamedPlace>,
    cells: Vec<AggregateCell>,
}

fn aggregate(
    s: &Snapshot,
    kind: EntityKind,
    place: Option<&Place>,
    indicators: &[IndicatorRef],
    year: i32,
) -> AggregateRow {
    let id = place.map_or(0, |p| p.id);
    AggregateRow {
        level: level(kind),
        place: place.map(named),
        cells: indicators
            .iter()
            .map(|&i| {
                let p = s.point(kind, id, i, year);
                AggregateCell {
                    code: i.def().code,
                    value: p.and_then(|p| p.value),
                    numerator: p.and_then(|p| p.numerator),
                    denominator: p.and_then(|p| p.denominator),
                    flags: p.map(|p| flags(&p.flags)).unwrap_or_default(),
                }
            })
            .collect(),
    }
}

/// The district office's league table.
#[derive(SimpleObject)]
pub struct DistrictComparison {
    freshness: Freshness,
    district: NamedPlace,
    year: i32,
    year_label: String,
    indicators: Vec<IndicatorDef>,
    /// Every school of the district, best first on the first indicator (schools without a
    /// value last).
    schools: Vec<SchoolComparisonRow>,
    /// The district's, its region's and the country's own values, in that order.
    aggregates: Vec<AggregateRow>,
}

#[derive(SimpleObject)]
pub struct RankedSchool {
    rank: i32,
    /// Schools ranked in the scope.
    count: i32,
    percentile: f64,
    value: f64,
    school: NamedPlace,
    district_id: ID,
    flags: Vec<IndicatorFlag>,
}

#[derive(SimpleObject)]
pub struct RankingEdge {
    cursor: ID,
    node: RankedSchool,
}

#[derive(SimpleObject)]
pub struct RankingConnection {
    freshness: Freshness,
    indicator: IndicatorDef,
    year: i32,
    edges: Vec<RankingEdge>,
    page_info: PageInfo,
    total_count: u64,
}

/// One school's series of one indicator, aligned with `SchoolComparison.years`.
#[derive(SimpleObject)]
pub struct AlignedSeries {
    code: &'static str,
    /// One entry per year of `years`; null where the school has no value (never 0).
    values: Vec<Option<f64>>,
    /// The same years with their details; null where there is no value row.
    points: Vec<Option<IndicatorPoint>>,
}

#[derive(SimpleObject)]
pub struct ComparedSchool {
    school: NamedPlace,
    series: Vec<AlignedSeries>,
}

#[derive(SimpleObject)]
pub struct SchoolComparison {
    freshness: Freshness,
    years: Vec<i32>,
    year_labels: Vec<String>,
    indicators: Vec<IndicatorDef>,
    schools: Vec<ComparedSchool>,
}

/// One recorded trend refresh.
#[derive(SimpleObject)]
pub struct TrendRun {
    id: i64,
    trigger: String,
    mode: String,
    status: RunStatus,
    started_at: DateTime<Utc>,
    finished_at: Option<DateTime<Utc>>,
    generation_id: Option<i32>,
    years: Vec<i32>,
    rows_read: i64,
    rows_written: i64,
    error: Option<String>,
}

impl From<&JobRun> for TrendRun {
    fn from(r: &JobRun) -> Self {
        TrendRun {
            id: r.id,
            trigger: r.trigger.clone(),
            mode: r.mode.clone(),
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
    published_generation_id: Option<i32>,
    published_at: Option<DateTime<Utc>>,
    /// The generation this API instance serves (it follows the published one within
    /// seconds on PostgreSQL, `server.snapshot_poll_secs` at most).
    served: Freshness,
    last_run: Option<TrendRun>,
    /// The next nightly refresh by the configured schedule.
    next_scheduled_run: Option<DateTime<Utc>>,
    schedule: String,
    timezone: String,
}

// ---------------------------------------------------------------------------------------
// Queries

#[derive(Default)]
pub struct DashboardQuery;

#[Object]
impl DashboardQuery {
    /// Every indicator the trend job computes.
    async fn indicator_catalog(&self) -> Vec<IndicatorDef> {
        Snapshot::all_indicators()
            .into_iter()
            .map(IndicatorDef)
            .collect()
    }

    /// One row per school of the district with its standing on each indicator in `year`,
    /// plus the district's, region's and country's own values: the league table.
    // Costed as a list (20 × its selection), not as one field: 150 aliased league tables
    // in one request were 22 MB of answer.
    #[graphql(complexity = "10 + 20 * child_complexity")]
    async fn district_comparison(
        &self,
        ctx: &Context<'_>,
        district_id: ID,
        year: i32,
        codes: Option<Vec<String>>,
    ) -> Result<DistrictComparison> {
        let v = view(ctx).await?;
        let s = &v.snapshot;
        let district = s.check_district("districtId", parse_id("districtId", &district_id)?)?;
        s.check_year("year", year)?;
        let indicators = indicators_or_all(codes.as_deref())?;
        let mut schools: Vec<(Option<i32>, String, SchoolComparisonRow)> = s
            .schools_of(district.id)
            .iter()
            .map(|&id| {
                let cells: Vec<ComparisonCell> =
                    indicators.iter().map(|&i| cell(s, id, i, year)).collect();
                let place = school_place(s, id);
                (
                    cells.first().and_then(|c| c.rank_district),
                    place.code.clone(),
                    SchoolComparisonRow {
                        school: place,
                        cells,
                    },
                )
            })
            .collect();
        schools.sort_by(|a, b| (a.0.is_none(), a.0, &a.1).cmp(&(b.0.is_none(), b.0, &b.1)));
        let region = s.region(district.parent_id);
        Ok(DistrictComparison {
            freshness: freshness(v),
            district: named(district),
            year,
            year_label: domain::year::label(year),
            aggregates: vec![
                aggregate(s, EntityKind::District, Some(district), &indicators, year),
                aggregate(s, EntityKind::Region, region, &indicators, year),
                aggregate(s, EntityKind::Country, None, &indicators, year),
            ],
            indicators: indicators.into_iter().map(IndicatorDef).collect(),
            schools: schools.into_iter().map(|(_, _, row)| row).collect(),
        })
    }

    /// Schools ranked on one indicator in one year within a district, a region or the
    /// country, best first, `first` (at most 200) at a time.
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "10 + first.max(1) as usize * child_complexity")]
    async fn ranking(
        &self,
        ctx: &Context<'_>,
        code: String,
        year: i32,
        scope: RankingScope,
        #[graphql(desc = "The district or region; omitted for the country")] scope_id: Option<ID>,
        #[graphql(default = 50)] first: i32,
        after: Option<ID>,
    ) -> Result<RankingConnection> {
        let v = view(ctx).await?;
        let s = &v.snapshot;
        let indicator = Snapshot::indicators(std::slice::from_ref(&code))?[0];
        s.check_year("year", year)?;
        if !(0..=MAX_RANKING_PAGE).contains(&first) {
            return Err(invalid(
                "first",
                format!("must be between 0 and {MAX_RANKING_PAGE}, got {first}"),
            ));
        }
        let (scope, scope_id) = match (scope, scope_id) {
            (RankingScope::Country, None) => (Scope::Country, 0),
            (RankingScope::Country, Some(_)) => {
                return Err(invalid("scopeId", "must be omitted for the COUNTRY scope"));
            }
            (_, None) => {
                return Err(invalid(
                    "scopeId",
                    "is required for the DISTRICT and REGION scopes",
                ));
            }
            (RankingScope::District, Some(id)) => {
                let id = parse_id("scopeId", &id)?;
                s.check_district("scopeId", id)?;
                (Scope::District, id)
            }
            (RankingScope::Region, Some(id)) => {
                let id = parse_id("scopeId", &id)?;
                s.check_region("scopeId", id)?;
                (Scope::Region, id)
            }
        };
        let ranked = s.ranking(indicator, year, scope, scope_id);
        let start = match after {
            None => 0,
            Some(c) => c
                .parse::<usize>()
                .ok()
                .filter(|&n| n < ranked.len().max(1))
                .map(|n| n + 1)
                .ok_or_else(|| {
                    invalid(
                        "after",
                        format!("`{}` is not a cursor of this ranking", c.as_str()),
                    )
                })?,
        };
        let end = (start + first as usize).min(ranked.len());
        let edges: Vec<RankingEdge> = ranked[start.min(end)..end]
            .iter()
            .enumerate()
            .map(|(k, r)| {
                let c = r.comparison;
                RankingEdge {
                    cursor: ID((start + k).to_string()),
                    node: RankedSchool {
                        rank: r.rank,
                        count: r.count,
                        percentile: r.percentile,
                        value: c.value,
                        school: school_place(s, c.school_id),
                        district_id: ID(s
                            .school(c.school_id)
                            .map_or(0, |p| p.parent_id)
                            .to_string()),
                        flags: s
                            .point(EntityKind::School, c.school_id, indicator, year)
                            .map(|p| flags(&p.flags))
                            .unwrap_or_default(),
                    },
                }
            })
            .collect();
        Ok(RankingConnection {
            freshness: freshness(v),
            indicator: IndicatorDef(indicator),
            year,
            page_info: PageInfo {
                has_next_page: end < ranked.len(),
                end_cursor: edges.last().map(|e| e.cursor.clone()),
            },
            total_count: ranked.len() as u64,
            edges,
        })
    }

    /// Aligned series of several schools for side-by-side charts: every school has one
    /// entry per year of `years`, null where it has no value.
    #[graphql(complexity = "10 + school_ids.len().max(1) * codes.len().max(1) * child_complexity")]
    async fn compare_schools(
        &self,
        ctx: &Context<'_>,
        school_ids: Vec<ID>,
        codes: Vec<String>,
        from_year: Option<i32>,
        to_year: Option<i32>,
    ) -> Result<SchoolComparison> {
        let v = view(ctx).await?;
        let s = &v.snapshot;
        if school_ids.is_empty() || school_ids.len() > MAX_COMPARED_SCHOOLS {
            return Err(invalid(
                "schoolIds",
                format!(
                    "give between 1 and {MAX_COMPARED_SCHOOLS} schools, got {}",
                    school_ids.len()
                ),
            ));
        }
        if codes.is_empty() {
            return Err(invalid("codes", "give at least one indicator code"));
        }
        let indicators = Snapshot::indicators(&codes)?;
        let (from, to) = year_range(s, from_year, to_year)?;
        let years: Vec<i32> = s
            .years()
            .iter()
            .copied()
            .filter(|y| (from..=to).contains(y))
            .collect();
        let mut schools = Vec::with_capacity(school_ids.len());
        for id in &school_ids {
            let sid = parse_id("schoolIds", id)?;
            if s.school(sid).is_none() {
                return Err(invalid("schoolIds", format!("unknown school {sid}")));
            }
            let series = indicators
                .iter()
                .map(|&i| {
                    let points: Vec<Option<IndicatorPoint>> = years
                        .iter()
                        .map(|&y| s.point(EntityKind::School, sid, i, y).map(|p| point(s, p)))
                        .collect();
                    AlignedSeries {
                        code: i.def().code,
                        values: points
                            .iter()
                            .map(|p| p.as_ref().and_then(|p| p.value))
                            .collect(),
                        points,
                    }
                })
                .collect();
            schools.push(ComparedSchool {
                school: school_place(s, sid),
                series,
            });
        }
        Ok(SchoolComparison {
            freshness: freshness(v),
            year_labels: years.iter().map(|y| domain::year::label(*y)).collect(),
            years,
            indicators: indicators.into_iter().map(IndicatorDef).collect(),
            schools,
        })
    }

    /// A district's own values and trends.
    async fn district(&self, ctx: &Context<'_>, id: ID) -> Result<Entity> {
        let s = &view(ctx).await?.snapshot;
        let place = s.check_district("id", parse_id("id", &id)?)?;
        Ok(Entity {
            kind: EntityKind::District,
            place: Some(place.clone()),
        })
    }

    /// A region's own values and trends.
    async fn region(&self, ctx: &Context<'_>, id: ID) -> Result<Entity> {
        let s = &view(ctx).await?.snapshot;
        let place = s.check_region("id", parse_id("id", &id)?)?;
        Ok(Entity {
            kind: EntityKind::Region,
            place: Some(place.clone()),
        })
    }

    /// The country's values and trends.
    async fn country(&self) -> Entity {
        Entity {
            kind: EntityKind::Country,
            place: None,
        }
    }

    /// The published generation, what this instance serves, the last run and the next one.
    async fn trend_status(&self, ctx: &Context<'_>) -> Result<TrendStatus> {
        let db = super::common::db(ctx)?;
        let config = ctx.data::<Arc<Config>>()?;
        let v = view(ctx).await?;
        let published = domain::trend::store::published(db).await?;
        let last_run = domain::trend::runs::history(db, Some(jobs::trends::JOB), 1).await?;
        let next_scheduled_run = jobs::schedule::Schedule::from_config(&config.jobs)
            .ok()
            .and_then(|s| s.next_after(Utc::now()));
        Ok(TrendStatus {
            published_generation_id: published.as_ref().map(|g| g.id),
            published_at: published.and_then(|g| g.published_at),
            served: freshness(v),
            last_run: last_run.first().map(TrendRun::from),
            next_scheduled_run,
            schedule: config.jobs.trend_refresh_cron.clone(),
            timezone: config.jobs.timezone.clone(),
        })
    }

    /// Trend refresh runs, most recent first (`first` at most 200).
    async fn job_runs(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 20)] first: i32,
    ) -> Result<Vec<TrendRun>> {
        super::school::caller(ctx).require_admin("the job history")?;
        if !(0..=MAX_RANKING_PAGE).contains(&first) {
            return Err(invalid(
                "first",
                format!("must be between 0 and {MAX_RANKING_PAGE}, got {first}"),
            ));
        }
        let db = super::common::db(ctx)?;
        let runs = domain::trend::runs::history(db, Some(jobs::trends::JOB), first as u64).await?;
        Ok(runs.iter().map(TrendRun::from).collect())
    }
}

#[derive(Default)]
pub struct DashboardMutation;

#[Object]
impl DashboardMutation {
    /// Starts a trend refresh (incremental unless `full`) and returns its run at once; the
    /// new generation is served when it is published. Refused (CONFLICT) while a run is in
    /// progress.
    async fn refresh_trends(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = false)] full: bool,
    ) -> Result<TrendRun> {
        let caller = super::school::caller(ctx);
        caller.require_admin("refreshing the trend tables")?;
        let db = super::common::db(ctx)?;
        let opts = if full {
            jobs::trends::RunOptions::full(Trigger::Manual)
        } else {
            jobs::trends::RunOptions::incremental(Trigger::Manual)
        };
        // The jobs side takes the lock and records the run; it computes once started, after
        // the audit entry is written (a run without its entry never starts).
        let run = ctx
            .data::<Runner>()?
            .begin(opts)
            .await
            .map_err(|e| match e {
                jobs::trends::JobError::Domain(e) => ApiError::from(e),
                other => {
                    tracing::error!(error = %other, "could not start a trend refresh");
                    invalid("full", "the refresh could not be started")
                }
            })?;
        let run_id = run.run_id();
        domain::audit::record(
            db,
            caller,
            vec![domain::audit::Entry {
                operation: "refresh_trends",
                entity: "job_run".into(),
                natural_key: run_id.to_string(),
                school_id: None,
                before: None,
                after: Some(serde_json::json!({ "full": full })),
            }],
        )
        .await?;
        run.start();
        let runs = domain::trend::runs::history(db, Some(jobs::trends::JOB), 5).await?;
        let begun = runs.iter().find(|r| r.id == run_id);
        Ok(begun.map(TrendRun::from).ok_or(domain::Error::NotFound {
            what: "job run",
            key: run_id.to_string(),
        })?)
    }
}
