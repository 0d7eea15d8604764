//! Dashboard queries over the published trend generation. They read the request's
//! [`View`] (one snapshot for the whole answer, see `RequestView`), never the database;
//! only `trendStatus`, `jobRuns` and `refreshTrends` are operational and go to it.
//!
//! `types` holds the indicator values, trends and runs; `comparison` the league table,
//! rankings and side-by-side series; `query` the queries; `refresh` the mutation that asks
//! the jobs side for a trend refresh; `subscription` the `trendsRefreshed` subscription.

mod alerts;
mod comparison;
mod query;
mod refresh;
mod subscription;
mod types;

use async_graphql::{Context, ErrorExtensions, ID};
use domain::trend::snapshot::{DimArgs, EntityKind, IndicatorRef, Snapshot};

use super::RequestView;
use super::error::{ApiError, Result, invalid};
use crate::snapshot::View;
use types::{
    IndicatorDef, IndicatorPoint, IndicatorSeries, IndicatorTrend, direction, freshness, point,
};

pub use query::DashboardQuery;
pub use refresh::DashboardMutation;
pub use subscription::DashboardSubscription;
pub(crate) use types::{EntityIndicators, EntityTrends, IndicatorMethod};

/// Most schools `compareSchools` lines up at once.
const MAX_COMPARED_SCHOOLS: usize = 20;
/// Most ranked schools in one page.
const MAX_RANKING_PAGE: i32 = 200;

/// The request's snapshot view: taken by the first dashboard field, shared by the rest.
pub(crate) async fn view<'a>(ctx: &'a Context<'_>) -> Result<&'a View> {
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

/// The complexity of a school's or an area's `indicators` or `trends`: a list of series, one
/// per indicator asked for (every indicator of the catalog when `codes` is omitted), costed as
/// that many of its selection. Counted as 1, 540 aliased `country { indicators }` fields
/// passed the limit and made an 11.6 MB answer.
pub(crate) fn series_cost(codes: Option<&[String]>, child_complexity: usize) -> usize {
    let series = codes.map_or(domain::trend::catalog::CATALOG.len(), |c| c.len().max(1));
    series.saturating_mul(child_complexity).saturating_add(10)
}

/// A school, district or region named by its id or its code.
fn place_id(s: &Snapshot, kind: EntityKind, field: &str, id: &ID) -> Result<i32> {
    s.place_id(kind, id.as_str())
        .ok_or_else(|| super::common::not_a_place(field, kind.code(), id))
}

fn indicators_or_all(codes: Option<&[String]>) -> Result<Vec<IndicatorRef>> {
    match codes {
        Some(codes) if !codes.is_empty() => Ok(Snapshot::indicators(codes)?),
        _ => Ok(Snapshot::all_indicators()),
    }
}

/// The indicators asked for (all when `codes` is omitted) with the dimensions asked for:
/// "all" then means every indicator that has them.
fn indicators_with(
    s: &Snapshot,
    codes: Option<&[String]>,
    dims: DimArgs<'_>,
) -> Result<Vec<IndicatorRef>> {
    let explicit = codes.is_some_and(|c| !c.is_empty());
    Ok(s.with_dims(indicators_or_all(codes)?, dims, explicit)?)
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
            domain::messages::arguments::ArgMsg::YearsReversed { from, to },
        ));
    }
    Ok((from, to))
}

/// The `indicators` field of a school, district, region or the country.
pub(crate) async fn entity_indicators(
    ctx: &Context<'_>,
    kind: EntityKind,
    id: i32,
    codes: Option<Vec<String>>,
    dims: DimArgs<'_>,
    from_year: Option<i32>,
    to_year: Option<i32>,
) -> Result<EntityIndicators> {
    let v = view(ctx).await?;
    let s = &v.snapshot;
    let explicit = codes.as_ref().is_some_and(|c| !c.is_empty());
    let indicators = indicators_with(s, codes.as_deref(), dims)?;
    let (from, to) = year_range(s, from_year, to_year)?;
    let series = indicators
        .into_iter()
        .filter_map(|i| {
            let points: Vec<IndicatorPoint> = s
                .series(kind, id, i)
                .iter()
                .filter(|p| (from..=to).contains(&p.year))
                .map(|p| point(s, i, p))
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
    dims: DimArgs<'_>,
) -> Result<EntityTrends> {
    let v = view(ctx).await?;
    let s = &v.snapshot;
    let trends = indicators_with(s, codes.as_deref(), dims)?
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
