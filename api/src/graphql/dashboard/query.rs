//! The dashboard queries: the catalog, the league table, rankings, side-by-side series,
//! district/region/country values, and the refresh status and history.

use domain::messages::arguments::ArgMsg;
use std::sync::Arc;

use async_graphql::{Context, ID, Object};
use chrono::Utc;
use domain::Config;
use domain::trend::snapshot::{DimArgs, EntityKind, Scope, Snapshot};

use super::alerts::{DistrictAlerts, alert};
use super::comparison::{
    AlignedSeries, ComparedSchool, ComparisonCell, DistrictComparison, PeerGroup, RankedSchool,
    RankingConnection, RankingEdge, SchoolComparison, SchoolComparisonRow, aggregate, cell, named,
    school_place,
};
use super::types::{
    Entity, IndicatorDef, IndicatorPoint, RankingScope, TrendRun, TrendRunPage, TrendStatus, flags,
    freshness, point,
};
use super::{MAX_COMPARED_SCHOOLS, MAX_RANKING_PAGE, indicators_with, place_id, view, year_range};
use crate::graphql::error::{Result, invalid};
use crate::graphql::paging::{self, PageInfo};

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
    #[allow(clippy::too_many_arguments)]
    async fn district_comparison(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The district: its id or its code (`KG-O-UZG`).")] district_id: ID,
        #[graphql(
            desc = "The academic year by its start year: 2021 means 2021-2022 (not the calendar year of the results)."
        )]
        year: i32,
        #[graphql(
            desc = "Indicator codes (see `indicatorCatalog`), in the order wanted; omitted: every indicator."
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
    ) -> Result<DistrictComparison> {
        let v = view(ctx).await?;
        let s = &v.snapshot;
        let district = s.check_district(
            "districtId",
            place_id(s, EntityKind::District, "districtId", &district_id)?,
        )?;
        s.check_year("year", year)?;
        let dims = DimArgs {
            subject: subject.as_deref(),
            grade_band: grade_band.as_deref(),
            period: period.as_deref(),
        };
        let indicators = indicators_with(s, codes.as_deref(), dims)?;
        let mut schools: Vec<(Option<i32>, i32, SchoolComparisonRow)> = s
            .schools_of(district.id)
            .iter()
            .map(|&id| {
                let cells: Vec<ComparisonCell> =
                    indicators.iter().map(|&i| cell(s, id, i, year)).collect();
                (
                    cells.first().and_then(|c| c.rank_district),
                    id,
                    SchoolComparisonRow {
                        school: school_place(s, id),
                        peer_group: PeerGroup::of(s, id),
                        cells,
                    },
                )
            })
            .collect();
        // The order of `ranking` in the district, so tied schools come in one order everywhere.
        schools.sort_by_key(|(rank, id, _)| domain::trend::snapshot::standing_order(*rank, *id));
        let region = s.region(district.parent_id);
        Ok(DistrictComparison {
            freshness: freshness(v),
            district: named(district),
            year,
            year_label: domain::year::label(year),
            provisional: s.is_provisional(year),
            aggregates: vec![
                aggregate(s, EntityKind::District, Some(district), &indicators, year),
                aggregate(s, EntityKind::Region, region, &indicators, year),
                aggregate(s, EntityKind::Country, None, &indicators, year),
            ],
            indicators: indicators.into_iter().map(IndicatorDef).collect(),
            schools: schools.into_iter().map(|(_, _, row)| row).collect(),
        })
    }

    /// The district's schools whose indicator fell sharply over the trend window or lies far
    /// from the district's own figure or its peer median, the worse way, with the evidence;
    /// thresholds per unit and indicator from the `[alerts]` configuration (docs/API.md).
    /// Withheld (SUPPRESSED) values, partial indexes and provisional years give none.
    #[graphql(complexity = "10 + 20 * child_complexity")]
    async fn alerts(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The district: its id or its code (`KG-O-UZG`).")] district_id: ID,
        #[graphql(desc = "The academic year by its start year: 2021 means 2021-2022.")] year: i32,
        #[graphql(
            desc = "Indicator codes (see `indicatorCatalog`); omitted: the headline ones (knowledge_quality_pct, success_pct, ort_pass_pct, ort_mean, teachers_trained_5y_pct)."
        )]
        codes: Option<Vec<String>>,
    ) -> Result<DistrictAlerts> {
        let config = ctx.data::<Arc<Config>>()?;
        let v = view(ctx).await?;
        let s = &v.snapshot;
        let district = s.check_district(
            "districtId",
            place_id(s, EntityKind::District, "districtId", &district_id)?,
        )?;
        s.check_year("year", year)?;
        let indicators = domain::trend::alerts::indicators(codes.as_deref())?;
        let alerts =
            domain::trend::alerts::alerts(s, &config.alerts, district.id, year, &indicators);
        Ok(DistrictAlerts {
            freshness: freshness(v),
            district: named(district),
            year,
            year_label: domain::year::label(year),
            provisional: s.is_provisional(year),
            indicators: indicators.into_iter().map(IndicatorDef).collect(),
            alerts: alerts.iter().map(|a| alert(s, year, a)).collect(),
        })
    }

    /// Schools ranked on one indicator in one year within a district, a region or the
    /// country, best first (schools tied on a rank by school id, as in
    /// `districtComparison`), a page at a time (Relay): `first` (at most 200) after a cursor,
    /// or `last` (at most 200) before one.
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "10 + paging::cost(first, last, 50).max(1) * child_complexity")]
    async fn ranking(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The indicator's code (see `indicatorCatalog`).")] code: String,
        #[graphql(desc = "The academic year by its start year: 2021 means 2021-2022.")] year: i32,
        #[graphql(desc = "Rank within a district, a region or the whole country.")]
        scope: RankingScope,
        #[graphql(
            desc = "The district or region: its id or code (`KG-O-UZG`, `KG-O`); omitted for the country."
        )]
        scope_id: Option<ID>,
        #[graphql(
            desc = "Page size from the best (or from `after`), at most 200; default 50 when `last` is omitted too."
        )]
        first: Option<i32>,
        #[graphql(
            desc = "The `endCursor` of the previous page (same arguments); omitted: the first page."
        )]
        after: Option<ID>,
        #[graphql(
            desc = "Page size from the worst (or from `before`), at most 200; not with `first`."
        )]
        last: Option<i32>,
        #[graphql(
            desc = "The `startCursor` of the next page (same arguments), to read the page before it; omitted with `last`: the last page."
        )]
        before: Option<ID>,
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
    ) -> Result<RankingConnection> {
        let v = view(ctx).await?;
        let s = &v.snapshot;
        let dims = DimArgs {
            subject: subject.as_deref(),
            grade_band: grade_band.as_deref(),
            period: period.as_deref(),
        };
        let indicator = indicators_with(s, Some(std::slice::from_ref(&code)), dims)?[0];
        s.check_year("year", year)?;
        // A cursor is a position in the ranked list; it is checked against the list below.
        let position = |arg: &str, c: &ID| {
            c.parse::<usize>()
                .map_err(|_| invalid(arg, ArgMsg::NotACursor(c.as_str().into())))
        };
        let slice = paging::slice(first, after, last, before, (50, MAX_RANKING_PAGE), position)?;
        let (scope, scope_id) = match (scope, scope_id) {
            (RankingScope::Country, None) => (Scope::Country, 0),
            (RankingScope::Country, Some(_)) => {
                return Err(invalid("scopeId", ArgMsg::ScopeIdNotForCountry));
            }
            (_, None) => {
                return Err(invalid("scopeId", ArgMsg::ScopeIdRequired));
            }
            (RankingScope::District, Some(id)) => {
                let id = place_id(s, EntityKind::District, "scopeId", &id)?;
                s.check_district("scopeId", id)?;
                (Scope::District, id)
            }
            (RankingScope::Region, Some(id)) => {
                let id = place_id(s, EntityKind::Region, "scopeId", &id)?;
                s.check_region("scopeId", id)?;
                (Scope::Region, id)
            }
        };
        let ranked = s.ranking(indicator, year, scope, scope_id);
        for (arg, c) in [("after", slice.after), ("before", slice.before)] {
            if c.is_some_and(|n| n >= ranked.len().max(1)) {
                return Err(invalid(
                    arg,
                    ArgMsg::NotACursor(c.unwrap_or_default().to_string().as_str().into()),
                ));
            }
        }
        // The ranks strictly between the cursors, then `size` of them from either end.
        let lo = slice.after.map_or(0, |n| n + 1);
        let hi = slice
            .before
            .unwrap_or(ranked.len())
            .min(ranked.len())
            .max(lo);
        let size = usize::try_from(slice.size).unwrap_or(usize::MAX);
        let (start, end) = if slice.from_end {
            (hi.saturating_sub(size).max(lo), hi)
        } else {
            (lo, lo.saturating_add(size).min(hi))
        };
        let edges: Vec<RankingEdge> = ranked[start..end]
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
                            .map(|p| flags(p.flags))
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
                has_previous_page: start > 0,
                start_cursor: edges.first().map(|e| e.cursor.clone()),
                end_cursor: edges.last().map(|e| e.cursor.clone()),
            },
            total_count: ranked.len() as u64,
            edges,
        })
    }

    /// Aligned series of several schools for side-by-side charts: every school has one
    /// entry per year of `years`, null where it has no value.
    #[graphql(complexity = "10 + school_ids.len().max(1) * codes.len().max(1) * child_complexity")]
    #[allow(clippy::too_many_arguments)]
    async fn compare_schools(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "The schools (ids or codes such as `KG-O-UZG-045`), in the order to show them."
        )]
        school_ids: Vec<ID>,
        #[graphql(desc = "Indicator codes (see `indicatorCatalog`), in the order wanted.")]
        codes: Vec<String>,
        #[graphql(
            desc = "First academic year, by its start year (2017 = 2017-2018); omitted: the generation's first year."
        )]
        from_year: Option<i32>,
        #[graphql(
            desc = "Last academic year, by its start year; omitted: the generation's last year."
        )]
        to_year: Option<i32>,
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
    ) -> Result<SchoolComparison> {
        let v = view(ctx).await?;
        let s = &v.snapshot;
        if school_ids.is_empty() || school_ids.len() > MAX_COMPARED_SCHOOLS {
            return Err(invalid(
                "schoolIds",
                ArgMsg::SchoolCount {
                    max: MAX_COMPARED_SCHOOLS,
                    got: school_ids.len(),
                },
            ));
        }
        if codes.is_empty() {
            return Err(invalid("codes", ArgMsg::NoCodes));
        }
        let dims = DimArgs {
            subject: subject.as_deref(),
            grade_band: grade_band.as_deref(),
            period: period.as_deref(),
        };
        let indicators = indicators_with(s, Some(&codes), dims)?;
        let (from, to) = year_range(s, from_year, to_year)?;
        let years: Vec<i32> = s
            .years()
            .iter()
            .copied()
            .filter(|y| (from..=to).contains(y))
            .collect();
        let mut schools = Vec::with_capacity(school_ids.len());
        for id in &school_ids {
            let sid = place_id(s, EntityKind::School, "schoolIds", id)?;
            if s.school(sid).is_none() {
                return Err(invalid("schoolIds", ArgMsg::UnknownSchool(sid)));
            }
            let series = indicators
                .iter()
                .map(|&i| {
                    let points: Vec<Option<IndicatorPoint>> = years
                        .iter()
                        .map(|&y| {
                            s.point(EntityKind::School, sid, i, y)
                                .map(|p| point(s, i, p))
                        })
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
    async fn district(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The district: its id or its code (`KG-O-UZG`).")] id: ID,
    ) -> Result<Entity> {
        let s = &view(ctx).await?.snapshot;
        let place = s.check_district("id", place_id(s, EntityKind::District, "id", &id)?)?;
        Ok(Entity {
            kind: EntityKind::District,
            place: Some(place.clone()),
        })
    }

    /// A region's own values and trends.
    async fn region(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The region: its id or its code (`KG-O`).")] id: ID,
    ) -> Result<Entity> {
        let s = &view(ctx).await?.snapshot;
        let place = s.check_region("id", place_id(s, EntityKind::Region, "id", &id)?)?;
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
        let db = crate::graphql::common::db(ctx)?;
        let config = ctx.data::<Arc<Config>>()?;
        let v = view(ctx).await?;
        let published = domain::trend::store::published(db).await?;
        // Operators see the last real run whatever its outcome; everyone else the last run
        // that published, like `freshness` (a failed run changes nothing they are served).
        let last_run = if crate::graphql::school::caller(ctx).is_admin() {
            domain::trend::runs::last_real(db, jobs::trends::JOB).await?
        } else {
            domain::trend::runs::last_published(db, jobs::trends::JOB).await?
        };
        let next_scheduled_run = jobs::schedule::Schedule::from_config(&config.jobs)
            .ok()
            .and_then(|s| s.next_after(Utc::now()));
        Ok(TrendStatus {
            published_generation_id: published.as_ref().map(|g| g.id),
            published_at: published.and_then(|g| g.published_at),
            served: freshness(v),
            last_run: last_run.as_ref().map(TrendRun::from),
            next_scheduled_run,
            schedule: config.jobs.trend_refresh_cron.clone(),
            timezone: config.jobs.timezone.clone(),
        })
    }

    /// Trend refresh runs, most recent first, dry runs included; admin only. Pages of at most
    /// 200, read forward (`first`, `after`) or backward (`last`, `before`).
    async fn job_runs(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "How many runs from the newest (or from `after`), at most 200; default 20 when `last` is omitted too."
        )]
        first: Option<i32>,
        #[graphql(desc = "The `endCursor` of the previous page; omitted: the newest runs.")]
        after: Option<ID>,
        #[graphql(
            desc = "How many runs from the oldest (or from `before`), at most 200; not with `first`."
        )]
        last: Option<i32>,
        #[graphql(
            desc = "The `startCursor` of the next page, to read the newer page before it; omitted with `last`: the oldest runs."
        )]
        before: Option<ID>,
    ) -> Result<TrendRunPage> {
        crate::graphql::school::caller(ctx).require_admin(domain::access::AdminOnly::JobHistory)?;
        let window = paging::log_window(first, after, last, before, (20, MAX_RANKING_PAGE))?;
        let db = crate::graphql::common::db(ctx)?;
        let page = domain::trend::runs::page(db, Some(jobs::trends::JOB), window).await?;
        Ok(TrendRunPage {
            page_info: PageInfo::of_log(&page, |r| r.id),
            runs: page.items.iter().map(TrendRun::from).collect(),
        })
    }
}
