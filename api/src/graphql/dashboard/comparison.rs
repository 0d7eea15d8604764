//! The district office's league table, rankings within a scope, and aligned series of
//! several schools.

use async_graphql::{ComplexObject, Context, ID, SimpleObject};
use domain::trend::snapshot::{
    self as snap, Comparison, EntityKind, IndicatorRef, Place, Snapshot,
};

use super::types::{
    EntityLevel, Freshness, IndicatorDef, IndicatorFlag, IndicatorPoint, TrendDirection,
    ValueSource, direction, flags, level,
};
use crate::graphql::common::{Lang, lang_of, pick};
use crate::graphql::school::PageInfo;

/// A school, district or region named in a dashboard answer.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct NamedPlace {
    pub(super) id: ID,
    pub(super) code: String,
    pub(super) name_ky: String,
    pub(super) name_ru: String,
    pub(super) name_en: Option<String>,
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

pub(super) fn named(p: &Place) -> NamedPlace {
    NamedPlace {
        id: ID(p.id.to_string()),
        code: p.code.clone(),
        name_ky: p.name_ky.clone(),
        name_ru: p.name_ru.clone(),
        name_en: p.name_en.clone(),
    }
}

pub(super) fn school_place(s: &Snapshot, id: i32) -> NamedPlace {
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
    pub(super) code: &'static str,
    /// Null when the school has no value that year (never 0).
    pub(super) value: Option<f64>,
    pub(super) denominator: Option<f64>,
    pub(super) source: Option<ValueSource>,
    pub(super) flags: Vec<IndicatorFlag>,
    /// 1 = best in the district; ties share a rank.
    pub(super) rank_district: Option<i32>,
    /// Schools of the district with a value.
    pub(super) count_district: Option<i32>,
    /// Share of the district's schools at or below this one, 0..100.
    pub(super) percentile_district: Option<f64>,
    pub(super) district_mean: Option<f64>,
    pub(super) gap_to_district_mean: Option<f64>,
    pub(super) z_district: Option<f64>,
    /// Median of schools of the same size band and language.
    pub(super) peer_median: Option<f64>,
    /// The five-year trend's direction.
    pub(super) direction: Option<TrendDirection>,
}

pub(super) fn cell(s: &Snapshot, school: i32, i: IndicatorRef, year: i32) -> ComparisonCell {
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
    pub(super) school: NamedPlace,
    /// One cell per requested indicator, in the order of `indicators`.
    pub(super) cells: Vec<ComparisonCell>,
}

/// A district's, region's or the country's own value of one indicator.
#[derive(SimpleObject)]
pub struct AggregateCell {
    pub(super) code: &'static str,
    pub(super) value: Option<f64>,
    pub(super) numerator: Option<f64>,
    pub(super) denominator: Option<f64>,
    pub(super) flags: Vec<IndicatorFlag>,
}

#[derive(SimpleObject)]
pub struct AggregateRow {
    pub(super) level: EntityLevel,
    pub(super) place: Option<NamedPlace>,
    pub(super) cells: Vec<AggregateCell>,
}

pub(super) fn aggregate(
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
    pub(super) freshness: Freshness,
    pub(super) district: NamedPlace,
    pub(super) year: i32,
    pub(super) year_label: String,
    pub(super) indicators: Vec<IndicatorDef>,
    /// Every school of the district, best first on the first indicator (schools without a
    /// value last).
    pub(super) schools: Vec<SchoolComparisonRow>,
    /// The district's, its region's and the country's own values, in that order.
    pub(super) aggregates: Vec<AggregateRow>,
}

#[derive(SimpleObject)]
pub struct RankedSchool {
    pub(super) rank: i32,
    /// Schools ranked in the scope.
    pub(super) count: i32,
    pub(super) percentile: f64,
    pub(super) value: f64,
    pub(super) school: NamedPlace,
    pub(super) district_id: ID,
    pub(super) flags: Vec<IndicatorFlag>,
}

#[derive(SimpleObject)]
pub struct RankingEdge {
    pub(super) cursor: ID,
    pub(super) node: RankedSchool,
}

#[derive(SimpleObject)]
pub struct RankingConnection {
    pub(super) freshness: Freshness,
    pub(super) indicator: IndicatorDef,
    pub(super) year: i32,
    pub(super) edges: Vec<RankingEdge>,
    pub(super) page_info: PageInfo,
    pub(super) total_count: u64,
}

/// One school's series of one indicator, aligned with `SchoolComparison.years`.
#[derive(SimpleObject)]
pub struct AlignedSeries {
    pub(super) code: &'static str,
    /// One entry per year of `years`; null where the school has no value (never 0).
    pub(super) values: Vec<Option<f64>>,
    /// The same years with their details; null where there is no value row.
    pub(super) points: Vec<Option<IndicatorPoint>>,
}

#[derive(SimpleObject)]
pub struct ComparedSchool {
    pub(super) school: NamedPlace,
    pub(super) series: Vec<AlignedSeries>,
}

#[derive(SimpleObject)]
pub struct SchoolComparison {
    pub(super) freshness: Freshness,
    pub(super) years: Vec<i32>,
    pub(super) year_labels: Vec<String>,
    pub(super) indicators: Vec<IndicatorDef>,
    pub(super) schools: Vec<ComparedSchool>,
}
