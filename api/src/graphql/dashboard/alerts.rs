//! The `alerts` answer: schools of a district whose indicator fell sharply or lies far from
//! the district's figure or its peers (computed by `domain::trend::alerts`).

use async_graphql::{Enum, SimpleObject};
use domain::trend::alerts::{self as dom, AlertKind as Kind};
use domain::trend::snapshot::Snapshot;

use super::comparison::{NamedPlace, school_place};
use super::types::{Freshness, IndicatorDef, IndicatorFlag, TrendDirection, direction, flags};

/// Why a school is listed.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum AlertKind {
    /// Over the trend window the value moved the worse way (down when higher is better) by at
    /// least the indicator's `fall` threshold; the reference is the window's first value.
    Falling,
    /// The value lies at least the `gap` threshold from the district's own figure
    /// (`districtValue`), the worse way.
    BelowDistrict,
    /// The value lies at least the `gap` threshold from the median of its peers (schools of
    /// the same size band and language), the worse way.
    BelowPeers,
}

/// One alert with its evidence.
#[derive(SimpleObject)]
pub struct Alert {
    /// The school.
    pub(super) school: NamedPlace,
    /// The indicator's code.
    pub(super) code: &'static str,
    /// Why the school is listed.
    pub(super) kind: AlertKind,
    /// The academic year of `value`, by its start year.
    pub(super) year: i32,
    /// The school's value that year, in the indicator's unit.
    pub(super) value: f64,
    /// The value compared with: the trend window's first value (FALLING), the district's own
    /// figure (BELOW_DISTRICT) or the peer median (BELOW_PEERS).
    pub(super) reference: f64,
    /// The academic year of `reference`: the window's first year for FALLING, else `year`.
    pub(super) reference_year: i32,
    /// `value − reference`, in the indicator's unit (percentage points for percentages).
    pub(super) difference: f64,
    /// The threshold the difference reached, in the indicator's unit (for counts and ratios
    /// the configured share of `reference`).
    pub(super) threshold: f64,
    /// |difference| / threshold (at least 1): how many thresholds, comparable across
    /// indicators; the answer's order.
    pub(super) severity: f64,
    /// The school's five-year trend direction; null = no trend.
    pub(super) direction: Option<TrendDirection>,
    /// The trend's OLS slope per year; null = no trend or fewer than three years.
    pub(super) slope: Option<f64>,
    /// Cautions about the value (a jump, a missing year before, a small sample, reported).
    pub(super) flags: Vec<IndicatorFlag>,
}

/// A district's alerts in one year.
#[derive(SimpleObject)]
pub struct DistrictAlerts {
    /// How current the values are (the generation they come from).
    pub(super) freshness: Freshness,
    /// The district.
    pub(super) district: NamedPlace,
    /// The academic year, by its start year: 2021 means 2021-2022.
    pub(super) year: i32,
    /// The academic year as a label, e.g. "2021-2022".
    pub(super) year_label: String,
    /// The year is provisional (too few schools have reported it yet): it has no alerts.
    pub(super) provisional: bool,
    /// The indicators checked.
    pub(super) indicators: Vec<IndicatorDef>,
    /// Most severe first, then by school id.
    pub(super) alerts: Vec<Alert>,
}

pub(super) fn alert(s: &Snapshot, year: i32, a: &dom::Alert<'_>) -> Alert {
    Alert {
        school: school_place(s, a.school_id),
        code: a.indicator.def().code,
        kind: match a.kind {
            Kind::Falling => AlertKind::Falling,
            Kind::BelowDistrict => AlertKind::BelowDistrict,
            Kind::BelowPeers => AlertKind::BelowPeers,
        },
        year,
        value: a.value,
        reference: a.reference,
        reference_year: match a.kind {
            Kind::Falling => a.trend.and_then(|t| t.first_year).unwrap_or(year),
            _ => year,
        },
        difference: a.difference,
        threshold: a.threshold,
        severity: a.severity,
        direction: a.trend.map(|t| direction(t.direction)),
        slope: a.trend.and_then(|t| t.slope),
        flags: flags(a.point.flags),
    }
}
