//! The district office's league table, rankings within a scope, and aligned series of
//! several schools.

use async_graphql::{ComplexObject, Context, ID, SimpleObject};
use domain::trend::snapshot::{
    self as snap, Comparison, EntityKind, IndicatorRef, Place, Snapshot,
};

use super::types::{
    EntityLevel, Freshness, IndicatorDef, IndicatorFlag, IndicatorPoint, TrendDirection,
    ValueCoverage, ValueSource, coverage, direction, flags, level,
};
use crate::graphql::common::{Lang, lang_of, pick};
use crate::graphql::paging::PageInfo;

/// A school, district or region named in a dashboard answer.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct NamedPlace {
    /// The id in this API (`School.id`, `District.id` or `Region.id`).
    pub(super) id: ID,
    /// The code, e.g. KG-O-UZG-045 for a school, KG-O-UZG for a district.
    pub(super) code: String,
    /// The name in Kyrgyz.
    pub(super) name_ky: String,
    /// The name in Russian.
    pub(super) name_ru: String,
    /// The name in English; null = none stored.
    pub(super) name_en: Option<String>,
}

#[ComplexObject]
impl NamedPlace {
    /// The name in `lang`.
    async fn name(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "The language to answer in; default: the request's Accept-Language, else Kyrgyz."
        )]
        lang: Option<Lang>,
    ) -> String {
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
    /// The indicator's code.
    pub(super) code: &'static str,
    /// Null when the school has no value that year (never 0).
    pub(super) value: Option<f64>,
    /// The value's denominator (e.g. pupils assessed); null = no value or not a ratio.
    pub(super) denominator: Option<f64>,
    /// Computed from counts or taken from a reported figure; null = no value.
    pub(super) source: Option<ValueSource>,
    /// Cautions about the value (a jump, a missing year before, a small sample, reported).
    pub(super) flags: Vec<IndicatorFlag>,
    /// 1 = best in the district; ties share a rank.
    pub(super) rank_district: Option<i32>,
    /// Schools of the district with a value.
    pub(super) count_district: Option<i32>,
    /// Share of the district's schools at or below this one, 0..100.
    pub(super) percentile_district: Option<f64>,
    /// The district's own figure that year (Σ numerators / Σ denominators of its schools, as
    /// in `aggregates`), the reference for `gapToDistrict`; null = no value, an indicator
    /// that is not a ratio (a count's district figure is a total; medians, maxima and the
    /// index have none) or a withheld district figure.
    pub(super) district_value: Option<f64>,
    /// This value minus the district's own figure (`districtValue`), in the indicator's
    /// unit (percentage points for percentages); null = either is missing.
    pub(super) gap_to_district: Option<f64>,
    /// The unweighted mean of the district's school values that year (every school counts
    /// once, whatever its size): a statistic over schools, not the district's figure (that
    /// is `districtValue`); null = none.
    pub(super) district_mean: Option<f64>,
    /// This value minus the unweighted mean of the district's schools (`districtMean`);
    /// null = no value. The gap to the district's own figure is `gapToDistrict`.
    pub(super) gap_to_district_mean: Option<f64>,
    /// How many standard deviations this value lies from the district mean; null = no value or no
    /// spread.
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
        flags: p.map(|p| flags(p.flags)).unwrap_or_default(),
        rank_district: c.map(|c| c.rank_district),
        count_district: c.map(|c| c.count_district),
        percentile_district: c.map(|c| c.pct_district),
        district_value: c.and_then(|c| c.district_value),
        gap_to_district: c.and_then(|c| c.gap_to_district),
        district_mean: c.and_then(|c| c.district_mean),
        gap_to_district_mean: c.and_then(|c| c.gap_to_district_mean),
        z_district: c.and_then(|c| c.z_district),
        peer_median: c.and_then(|c| c.peer_median),
        direction: s
            .trend(EntityKind::School, school, i)
            .map(|t| direction(t.direction)),
    }
}

/// One school of a district comparison with its cells.
#[derive(SimpleObject)]
pub struct SchoolComparisonRow {
    /// The school.
    pub(super) school: NamedPlace,
    /// The school's peer group (what `peerMedian` compares it with), for filtering.
    pub(super) peer_group: PeerGroup,
    /// One cell per requested indicator, in the order of `indicators`.
    pub(super) cells: Vec<ComparisonCell>,
}

/// The schools a school's `peerMedian` is taken over: the same size band and main language.
/// Read from the school's latest enrolment and languages when this instance loaded the
/// generation.
#[derive(SimpleObject)]
pub struct PeerGroup {
    /// `<300`, `300-999` or `1000+` pupils (latest enrolment); null = no enrolment reported.
    pub(super) size_band: Option<String>,
    /// The main language of instruction (the first of ky, ru, uz, tj, en the school teaches
    /// in); null = none recorded.
    pub(super) language: Option<String>,
}

impl PeerGroup {
    pub(super) fn of(s: &Snapshot, school: i32) -> PeerGroup {
        let g = s.peer_group(school).cloned().unwrap_or_default();
        PeerGroup {
            size_band: g.size_band,
            language: g.language,
        }
    }
}

/// A district's, region's or the country's own value of one indicator.
#[derive(SimpleObject)]
pub struct AggregateCell {
    /// The indicator's code.
    pub(super) code: &'static str,
    /// The value, in the indicator's unit; null = missing (never 0).
    pub(super) value: Option<f64>,
    /// Summed numerators of the area's schools; null = not a ratio or missing.
    pub(super) numerator: Option<f64>,
    /// Summed denominators of the area's schools; null = not a ratio or missing.
    pub(super) denominator: Option<f64>,
    /// Cautions about the value (a jump, a missing year before, a small sample, reported).
    pub(super) flags: Vec<IndicatorFlag>,
    /// How many schools (and pupils) the value covers of how many should report.
    pub(super) coverage: Option<ValueCoverage>,
}

/// The own values of a district, a region or the country in a comparison.
#[derive(SimpleObject)]
pub struct AggregateRow {
    /// District, region or country.
    pub(super) level: EntityLevel,
    /// The district or region; null for the country.
    pub(super) place: Option<NamedPlace>,
    /// One cell per requested indicator, in the order of `indicators`.
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
                    flags: p.map(|p| flags(p.flags)).unwrap_or_default(),
                    coverage: p.and_then(|p| coverage(i, p)),
                }
            })
            .collect(),
    }
}

/// The district office's league table.
#[derive(SimpleObject)]
pub struct DistrictComparison {
    /// How current the values are (the generation they come from).
    pub(super) freshness: Freshness,
    /// The district compared.
    pub(super) district: NamedPlace,
    /// The academic year compared, by its start year: 2021 means 2021-2022.
    pub(super) year: i32,
    /// The academic year as a label, e.g. "2021-2022".
    pub(super) year_label: String,
    /// The year is provisional (too few schools have reported it yet): the values are shown,
    /// but no school has a rank or a comparison in it.
    pub(super) provisional: bool,
    /// The indicators compared, in the order of each row's cells.
    pub(super) indicators: Vec<IndicatorDef>,
    /// Every school of the district, best first on the first indicator, schools tied on a
    /// rank by school id (the order of `ranking`), schools without a value last.
    pub(super) schools: Vec<SchoolComparisonRow>,
    /// The district's, its region's and the country's own values, in that order.
    pub(super) aggregates: Vec<AggregateRow>,
}

/// A school's place in a ranking.
#[derive(SimpleObject)]
pub struct RankedSchool {
    /// 1 = best (by the indicator's direction); ties share a rank.
    pub(super) rank: i32,
    /// Schools ranked in the scope.
    pub(super) count: i32,
    /// Share of the ranked schools at or below this one, 0-100.
    pub(super) percentile: f64,
    /// The school's value, in the indicator's unit (only schools with a value are ranked).
    pub(super) value: f64,
    /// The school.
    pub(super) school: NamedPlace,
    /// The school's district (an id of `districts`).
    pub(super) district_id: ID,
    /// Cautions about the value (a jump, a missing year before, a small sample, reported).
    pub(super) flags: Vec<IndicatorFlag>,
}

/// A ranked school with its cursor.
#[derive(SimpleObject)]
pub struct RankingEdge {
    /// The cursor of this school: pass it as `after` to continue after it, as `before` to
    /// read the schools ranked above it.
    pub(super) cursor: ID,
    /// The ranked school.
    pub(super) node: RankedSchool,
}

/// A page of a ranking (Relay-style connection).
#[derive(SimpleObject)]
pub struct RankingConnection {
    /// How current the values are (the generation they come from).
    pub(super) freshness: Freshness,
    /// The indicator ranked on.
    pub(super) indicator: IndicatorDef,
    /// The academic year ranked, by its start year: 2021 means 2021-2022.
    pub(super) year: i32,
    /// The schools of this page, best first.
    pub(super) edges: Vec<RankingEdge>,
    /// Whether pages follow or precede, and the cursors to continue from.
    pub(super) page_info: PageInfo,
    /// Schools ranked in the scope, across pages.
    pub(super) total_count: u64,
}

/// One school's series of one indicator, aligned with `SchoolComparison.years`.
#[derive(SimpleObject)]
pub struct AlignedSeries {
    /// The indicator's code.
    pub(super) code: &'static str,
    /// One entry per year of `years`; null where the school has no value (never 0).
    pub(super) values: Vec<Option<f64>>,
    /// The same years with their details; null where there is no value row.
    pub(super) points: Vec<Option<IndicatorPoint>>,
}

/// One school of a side-by-side comparison.
#[derive(SimpleObject)]
pub struct ComparedSchool {
    /// The school.
    pub(super) school: NamedPlace,
    /// One series per requested indicator, in the order of `indicators`.
    pub(super) series: Vec<AlignedSeries>,
}

/// Several schools side by side: every series has one entry per year of `years`.
#[derive(SimpleObject)]
pub struct SchoolComparison {
    /// How current the values are (the generation they come from).
    pub(super) freshness: Freshness,
    /// The academic years compared, by their start years (2021 = 2021-2022), oldest first.
    pub(super) years: Vec<i32>,
    /// The same years as labels, e.g. "2021-2022".
    pub(super) year_labels: Vec<String>,
    /// The indicators compared, in the order of each school's series.
    pub(super) indicators: Vec<IndicatorDef>,
    /// The schools, in the order asked for.
    pub(super) schools: Vec<ComparedSchool>,
}
