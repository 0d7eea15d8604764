//! Alerts: a district's schools whose indicator fell sharply over the trend window, or lies
//! far from the district's own figure or the school's peer median, the worse way. Computed
//! from the published snapshot alone; thresholds from `[alerts]` (`AlertsConfig`).

use super::snapshot::{Direction, EntityKind, Flag, IndicatorRef, Point, Snapshot, Trend};
use crate::config::AlertsConfig;
use crate::error::Result;

/// The indicators alerted on when the caller names none.
pub const HEADLINE: [&str; 5] = [
    "knowledge_quality_pct",
    "success_pct",
    "ort_pass_pct",
    "ort_mean",
    "teachers_trained_5y_pct",
];

/// Why a school is listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum AlertKind {
    /// The trend window's change is the worse way and reaches the `fall` threshold.
    Falling,
    /// The value lies at least the `gap` threshold from the district's own figure.
    BelowDistrict,
    /// The value lies at least the `gap` threshold from the peer median.
    BelowPeers,
}

/// One alert with its evidence.
#[derive(Debug, Clone)]
pub struct Alert<'a> {
    pub school_id: i32,
    pub indicator: IndicatorRef,
    pub kind: AlertKind,
    /// The school's value in the year (for FALLING: the window's last value, that year's).
    pub value: f64,
    /// The window's first value, the district's figure or the peer median.
    pub reference: f64,
    /// `value − reference`, in the indicator's unit.
    pub difference: f64,
    /// The threshold applied, in the indicator's unit (a relative one already scaled).
    pub threshold: f64,
    /// |difference| / threshold (≥ 1): comparable across units.
    pub severity: f64,
    pub point: &'a Point,
    pub trend: Option<&'a Trend>,
}

/// The headline indicators, or the named ones (checked against the catalog).
pub fn indicators(codes: Option<&[String]>) -> Result<Vec<IndicatorRef>> {
    match codes {
        Some(codes) if !codes.is_empty() => Snapshot::indicators(codes),
        _ => Snapshot::indicators(&HEADLINE.map(String::from)),
    }
}

/// A value that may be alerted on: present, published whole (not withheld, not a partial
/// index).
fn usable(p: &Point) -> Option<f64> {
    let whole = !p
        .flags
        .iter()
        .any(|f| matches!(f, Flag::Suppressed | Flag::Partial));
    p.value.filter(|_| whole)
}

/// The alerts of a district's schools in `year`, most severe first, then by school id,
/// indicator (in the order given) and kind. A provisional year has none.
pub fn alerts<'a>(
    s: &'a Snapshot,
    config: &AlertsConfig,
    district_id: i32,
    year: i32,
    indicators: &[IndicatorRef],
) -> Vec<Alert<'a>> {
    if s.is_provisional(year) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for &school in s.schools_of(district_id) {
        for (order, &i) in indicators.iter().enumerate() {
            let def = i.def();
            let Some(point) = s.point(EntityKind::School, school, i, year) else {
                continue;
            };
            let Some(value) = usable(point) else {
                continue;
            };
            let t = config.thresholds(def);
            let trend = s.trend(EntityKind::School, school, i);
            // The worse way: down when higher is better.
            let worse = |difference: f64| {
                if def.higher_is_better {
                    -difference
                } else {
                    difference
                }
            };
            let mut push = |kind: AlertKind, reference: f64, threshold: f64| {
                let threshold = if t.relative {
                    threshold * reference.abs()
                } else {
                    threshold
                };
                let difference = value - reference;
                if threshold > 0.0 && worse(difference) >= threshold {
                    out.push((
                        order,
                        Alert {
                            school_id: school,
                            indicator: i,
                            kind,
                            value,
                            reference,
                            difference,
                            threshold,
                            severity: difference.abs() / threshold,
                            point,
                            trend,
                        },
                    ));
                }
            };
            // FALLING: the window ends with this year's value and its direction is the
            // worse one; the first value must be usable too.
            if let Some(tr) = trend
                && tr.last_year == Some(year)
                && tr.direction
                    == if def.higher_is_better {
                        Direction::Down
                    } else {
                        Direction::Up
                    }
                && let Some(first_year) = tr.first_year
                && let Some(first) = s
                    .point(EntityKind::School, school, i, first_year)
                    .and_then(usable)
            {
                push(AlertKind::Falling, first, t.fall);
            }
            if let Some(c) = s.comparison(school, i, year) {
                if let Some(district) = c.district_value {
                    push(AlertKind::BelowDistrict, district, t.gap);
                }
                if let Some(peers) = c.peer_median {
                    push(AlertKind::BelowPeers, peers, t.gap);
                }
            }
        }
    }
    out.sort_by(|(oa, a), (ob, b)| {
        b.severity
            .total_cmp(&a.severity)
            .then(a.school_id.cmp(&b.school_id))
            .then(oa.cmp(ob))
            .then(a.kind.cmp(&b.kind))
    });
    out.into_iter().map(|(_, a)| a).collect()
}
