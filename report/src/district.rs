//! The district comparison report: for a district, a year and chosen indicators, the
//! district's, region's and country's own figures with their coverage, one league table per
//! indicator (rank, value, gap to the district figure, five-year trend arrow, flags and the
//! school's denominator), knowledge quality and success by subject, and the alert list.
//!
//! Everything is read from the published snapshot exactly as the GraphQL `districtComparison`,
//! `ranking` and `alerts` resolvers read it (ranks, gaps and district figures are the job's,
//! never recomputed here). Each league table holds one indicator, so figures of different
//! methods (per pupil, per mark, per taker …) are never ranked together; tables are grouped
//! by method and each states it.

use crate::model::{Cell, Document, Lang, Section, Table, number};
use crate::text::{self, fill, t};
use domain::access::{DistrictGrant, district_grant};
use domain::auth::Caller;
use domain::config::AlertsConfig;
use domain::messages::reports::ReportMsg;
use domain::trend::alerts::{self, AlertKind};
use domain::trend::catalog::{self, Method};
use domain::trend::snapshot::{
    DimArgs, Direction, EntityKind, Flag, Flags, IndicatorRef, Place, Scope, Snapshot,
};
use domain::{Db, Error, Result};
use std::collections::BTreeSet;

/// The indicators a district report shows when none are chosen: the headline per-pupil
/// figures, the same over marks, ORT and teacher training (one table each).
pub const DEFAULT_INDICATORS: [&str; 7] = [
    "knowledge_quality_pct",
    "success_pct",
    "knowledge_quality_marks_pct",
    "average_mark",
    "ort_pass_pct",
    "ort_mean",
    "teachers_trained_5y_pct",
];

/// Most indicators one report takes (each is a table over every school of the district).
pub const MAX_INDICATORS: usize = 12;

/// The by-subject indicators (over marks, the trend tables' subject dimension).
const SUBJECT_QUALITY: &str = "knowledge_quality_marks_pct";
const SUBJECT_SUCCESS: &str = "success_marks_pct";

/// Most alerts printed (the most severe; the total is stated): a district of 60 schools
/// has hundreds on seven indicators, ten pages nobody reads.
const MAX_ALERTS: usize = 50;

/// Most subjects the school × subject table shows (those with the most schools first).
const MAX_SUBJECT_COLUMNS: usize = 7;

/// The district a report is about, with the caller's grant to read it (an admin, or a
/// region or district token whose scope holds it; school tokens and anonymous callers are
/// refused, as for `District.adminControl`).
pub struct District {
    pub district: Place,
    pub region: Option<Place>,
    pub grant: DistrictGrant,
}

impl District {
    /// Finds the district by its code in the published snapshot and checks the caller's scope.
    pub fn resolve(snapshot: &Snapshot, caller: &Caller, code: &str) -> Result<District> {
        let code = code.trim();
        let district = snapshot
            .districts()
            .find(|d| d.code.eq_ignore_ascii_case(code))
            .cloned()
            .ok_or_else(|| Error::NotFound {
                what: "district",
                key: code.to_owned(),
            })?;
        let grant = district_grant(caller, district.id, district.parent_id)?;
        Ok(District {
            region: snapshot.region(district.parent_id).cloned(),
            district,
            grant,
        })
    }

    pub fn name(&self, lang: Lang) -> &str {
        lang.pick(&self.district.name_ky, &self.district.name_ru)
    }

    fn region_name(&self, lang: Lang) -> &str {
        self.region
            .as_ref()
            .map_or("", |r| lang.pick(&r.name_ky, &r.name_ru))
    }
}

/// The indicators of a comma-separated list (`knowledge_quality_pct,ort_mean`), checked
/// against the catalog; `None` or empty: [`DEFAULT_INDICATORS`]. An unknown, empty or
/// repeated code, or more than [`MAX_INDICATORS`], is refused with its message.
pub fn indicators(list: Option<&str>) -> std::result::Result<Vec<IndicatorRef>, ReportMsg> {
    let codes: Vec<String> = match list.map(str::trim) {
        None | Some("") => DEFAULT_INDICATORS.iter().map(|c| (*c).to_owned()).collect(),
        Some(list) => list.split(',').map(|c| c.trim().to_owned()).collect(),
    };
    if codes.len() > MAX_INDICATORS {
        return Err(ReportMsg::TooManyIndicators {
            asked: codes.len(),
            max: MAX_INDICATORS,
        });
    }
    let mut seen = BTreeSet::new();
    let mut out = Vec::with_capacity(codes.len());
    for c in &codes {
        if c.is_empty() {
            return Err(ReportMsg::EmptyIndicator);
        }
        if !seen.insert(c.as_str()) {
            return Err(ReportMsg::IndicatorTwice(c.clone()));
        }
        let i = Snapshot::indicators(std::slice::from_ref(c))
            .map_err(|_| ReportMsg::UnknownIndicator(c.clone()))?;
        out.extend(i);
    }
    Ok(out)
}

/// The report's indicators in the order asked for, grouped by method (the first
/// indicator's method first), so tables of one method stand together.
fn by_method(indicators: &[IndicatorRef]) -> Vec<IndicatorRef> {
    let mut methods: Vec<Method> = Vec::new();
    for i in indicators {
        if !methods.contains(&i.def().method) {
            methods.push(i.def().method);
        }
    }
    let mut out = indicators.to_vec();
    out.sort_by_key(|i| methods.iter().position(|m| *m == i.def().method));
    out
}

/// What the report reads from.
pub struct Cx<'a> {
    pub snapshot: &'a Snapshot,
    pub district: &'a District,
    pub year: i32,
    pub lang: Lang,
}

impl Cx<'_> {
    fn school_name(&self, id: i32) -> String {
        self.snapshot.school(id).map_or(id.to_string(), |p| {
            self.lang.pick(&p.name_ky, &p.name_ru).to_owned()
        })
    }
}

/// The district comparison report.
pub async fn build(
    db: &Db,
    snapshot: &Snapshot,
    alerts_config: &AlertsConfig,
    district: &District,
    year: i32,
    indicators: &[IndicatorRef],
    lang: Lang,
) -> Result<Document> {
    let cx = Cx {
        snapshot,
        district,
        year,
        lang,
    };
    let ordered = by_method(indicators);
    let mut sections = vec![figures(&cx, &ordered)];
    sections.extend(ordered.iter().map(|i| league(&cx, *i)));
    let subjects = domain::reference::subjects(db).await?;
    sections.extend(by_subject(&cx, &subjects));
    sections.push(alert_list(&cx, alerts_config, &ordered));
    Ok(document(&cx, &ordered, sections))
}

fn document(cx: &Cx<'_>, indicators: &[IndicatorRef], sections: Vec<Section>) -> Document {
    let lang = cx.lang;
    let d = cx.district;
    let g = cx.snapshot.generation.as_ref();
    let gen_id = g.map_or(0, |g| g.id);
    let date = g
        .and_then(|g| g.published_at)
        .map(|d| d.format("%d.%m.%Y").to_string())
        .unwrap_or_default();
    let mut year = domain::year::label(cx.year);
    if cx.snapshot.is_provisional(cx.year) {
        year = format!("{year} ({})", t(lang, "provisional_short"));
    }
    Document {
        lang,
        title: t(lang, "district_report").to_owned(),
        subtitle: format!("{}, {}", d.name(lang), d.region_name(lang)),
        meta: vec![
            (t(lang, "year").to_owned(), year),
            (t(lang, "code").to_owned(), d.district.code.clone()),
            (
                t(lang, "schools_in_district").to_owned(),
                cx.snapshot.schools_of(d.district.id).len().to_string(),
            ),
            (
                t(lang, "indicators").to_owned(),
                indicators
                    .iter()
                    .map(|i| text::indicator_name(lang, i.def()))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            (
                t(lang, "generation").to_owned(),
                fill(
                    lang,
                    "generation_value",
                    &[("id", gen_id.to_string()), ("date", date)],
                ),
            ),
        ],
        sections,
        footer: format!(
            "{} · {} · {}",
            fill(lang, "footer", &[("id", gen_id.to_string())]),
            d.district.code,
            domain::year::label(cx.year)
        ),
    }
}

/// An indicator's name with its unit and method: what every table states.
fn label(lang: Lang, i: IndicatorRef) -> String {
    let ind = i.def();
    let u = text::unit(lang, ind.unit);
    format!(
        "{}{} · {}",
        text::indicator_name(lang, ind),
        if u.is_empty() {
            String::new()
        } else {
            format!(", {u}")
        },
        text::method(lang, ind.method)
    )
}

/// The flags' marks after a value ("R", "S"), remembering them for the legend.
fn marks(flags: &Flags, seen: &mut BTreeSet<Flag>) -> String {
    flags
        .iter()
        .map(|f| {
            seen.insert(f);
            text::flag(Lang::Ru, f).0
        })
        .collect()
}

fn flag_notes(lang: Lang, seen: &BTreeSet<Flag>) -> Vec<String> {
    seen.iter()
        .map(|f| {
            let (mark, meaning) = text::flag(lang, *f);
            format!("{mark}: {meaning}")
        })
        .collect()
}

/// "n / m" schools an area's figure covers.
fn coverage_cell(s: &Snapshot, kind: EntityKind, id: i32, i: IndicatorRef, year: i32) -> Cell {
    s.point(kind, id, i, year)
        .and_then(|p| p.coverage)
        .map_or(Cell::Missing, |c| {
            Cell::text(format!("{} / {}", c.schools, c.expected))
        })
}

/// The district's, region's and country's own figures of every indicator, with how many
/// schools the district's and region's cover.
fn figures(cx: &Cx<'_>, indicators: &[IndicatorRef]) -> Section {
    let lang = cx.lang;
    let s = cx.snapshot;
    let (district, region) = (
        cx.district.district.id,
        cx.district.region.as_ref().map_or(0, |r| r.id),
    );
    let mut table = Table::new(
        "figures",
        &[
            (t(lang, "indicator"), false),
            (t(lang, "district_row"), true),
            (t(lang, "schools_short"), true),
            (t(lang, "region_row"), true),
            (t(lang, "schools_short"), true),
            (t(lang, "country_row"), true),
        ],
    )
    .with_widths(&[7, 2, 2, 2, 2, 2]);
    let mut seen = BTreeSet::new();
    for &i in indicators {
        let d = text::decimals(i.def().unit);
        let value = |kind, id| match s.point(kind, id, i, cx.year) {
            Some(p) => Cell::marked(p.value, d, marks(&p.flags, &mut BTreeSet::new())),
            None => Cell::Missing,
        };
        for kind in [
            EntityKind::District,
            EntityKind::Region,
            EntityKind::Country,
        ] {
            let id = match kind {
                EntityKind::District => district,
                EntityKind::Region => region,
                _ => 0,
            };
            if let Some(p) = s.point(kind, id, i, cx.year) {
                marks(&p.flags, &mut seen);
            }
        }
        table.push(vec![
            Cell::text(label(lang, i)),
            value(EntityKind::District, district),
            coverage_cell(s, EntityKind::District, district, i, cx.year),
            value(EntityKind::Region, region),
            coverage_cell(s, EntityKind::Region, region, i, cx.year),
            value(EntityKind::Country, 0),
        ]);
    }
    let mut notes = vec![t(lang, "figures_note").to_owned()];
    notes.extend(flag_notes(lang, &seen));
    if s.is_provisional(cx.year) {
        notes.push(t(lang, "provisional_year").to_owned());
    }
    Section {
        heading: t(lang, "figures").to_owned(),
        table: Some(table),
        notes,
        ..Section::default()
    }
}

/// A trend direction as an arrow.
fn arrow(d: Direction) -> &'static str {
    match d {
        Direction::Up => "↑",
        Direction::Down => "↓",
        Direction::Flat => "→",
        Direction::Insufficient => "·",
    }
}

/// One indicator's league table: every school of the district in the order of `ranking`
/// (ranked schools best first, ties by id, then schools without a value).
fn league(cx: &Cx<'_>, i: IndicatorRef) -> Section {
    let lang = cx.lang;
    let s = cx.snapshot;
    let ind = i.def();
    let district_id = cx.district.district.id;
    let d = text::decimals(ind.unit);
    let mut table = Table::new(
        i.def().code,
        &[
            (t(lang, "rank_short"), true),
            (t(lang, "school"), false),
            (t(lang, "value"), true),
            (t(lang, "gap"), true),
            (t(lang, "trend"), false),
            (t(lang, "denominator"), true),
        ],
    )
    .with_widths(&[2, 9, 2, 2, 1, 2]);
    let ranked = s.ranking(i, cx.year, Scope::District, district_id);
    let ranked_ids: BTreeSet<i32> = ranked.iter().map(|r| r.comparison.school_id).collect();
    let mut unranked: Vec<i32> = s
        .schools_of(district_id)
        .iter()
        .copied()
        .filter(|id| !ranked_ids.contains(id))
        .collect();
    unranked.sort_unstable();
    let mut seen = BTreeSet::new();
    let mut row = |id: i32, rank: Option<(i32, i32)>, gap: Option<f64>| {
        let p = s.point(EntityKind::School, id, i, cx.year);
        let trend = s.trend(EntityKind::School, id, i);
        vec![
            rank.map_or(Cell::Missing, |(r, n)| Cell::text(format!("{r} / {n}"))),
            Cell::text(cx.school_name(id)),
            p.map_or(Cell::Missing, |p| {
                Cell::marked(p.value, d, marks(&p.flags, &mut seen))
            }),
            Cell::num(gap, d),
            Cell::text(trend.map_or("", |tr| arrow(tr.direction))),
            Cell::num(p.and_then(|p| p.denominator), 0),
        ]
    };
    let mut rows = Vec::new();
    for r in &ranked {
        let c = r.comparison;
        rows.push(row(c.school_id, Some((r.rank, r.count)), c.gap_to_district));
    }
    for id in unranked {
        rows.push(row(id, None, None));
    }
    for r in rows {
        table.push(r);
    }
    let mut notes = Vec::new();
    if let Some(p) = s.point(EntityKind::District, district_id, i, cx.year) {
        let mut line = fill(
            lang,
            "district_figure",
            &[
                ("year", domain::year::label(cx.year)),
                ("value", p.value.map_or("–".into(), |v| number(v, d))),
            ],
        );
        if let Some(c) = p.coverage {
            line.push_str(&format!(
                " ({})",
                fill(
                    lang,
                    "covers",
                    &[("n", c.schools.to_string()), ("m", c.expected.to_string())]
                )
            ));
        }
        notes.push(line);
    }
    if ind.method == Method::Count
        || ranked
            .iter()
            .all(|r| r.comparison.gap_to_district.is_none())
    {
        notes.push(t(lang, "no_gap").to_owned());
    }
    notes.push(t(lang, "arrows").to_owned());
    notes.push(t(lang, "denominator_note").to_owned());
    notes.extend(flag_notes(lang, &seen));
    if s.is_provisional(cx.year) {
        notes.push(t(lang, "provisional_year").to_owned());
    }
    Section {
        heading: format!("{}: {}", t(lang, "league"), label(lang, i)),
        reading: s
            .trend(EntityKind::District, district_id, i)
            .and_then(|tr| text::reading(lang, ind, tr))
            .map(|r| format!("{}: {r}", t(lang, "district_row"))),
        table: Some(table),
        notes,
        ..Section::default()
    }
}

/// Knowledge quality and success by subject (over marks): the district's and region's
/// figures per subject, then each school's knowledge quality in the subjects most schools
/// have.
fn by_subject(cx: &Cx<'_>, subjects: &[domain::entity::subject::Model]) -> Vec<Section> {
    let lang = cx.lang;
    let s = cx.snapshot;
    let district_id = cx.district.district.id;
    let region_id = cx.district.region.as_ref().map_or(0, |r| r.id);
    let refs = |code: &str| Snapshot::indicators(&[code.to_owned()]).map(|v| v[0]);
    let (Ok(quality), Ok(success)) = (refs(SUBJECT_QUALITY), refs(SUBJECT_SUCCESS)) else {
        return Vec::new();
    };
    let with_subject = |i: IndicatorRef, code: &str| {
        s.with_dims(
            vec![i],
            DimArgs {
                subject: Some(code),
                ..DimArgs::default()
            },
            true,
        )
        .ok()
        .map(|v| v[0])
    };
    // (subject, quality ref, success ref, schools with a quality value)
    let mut rows = Vec::new();
    for subj in subjects {
        let (Some(q), Some(sc)) = (
            with_subject(quality, &subj.code),
            with_subject(success, &subj.code),
        ) else {
            continue;
        };
        let schools = s
            .schools_of(district_id)
            .iter()
            .filter(|id| {
                s.point(EntityKind::School, **id, q, cx.year)
                    .is_some_and(|p| p.value.is_some())
            })
            .count();
        let district_has = s
            .point(EntityKind::District, district_id, q, cx.year)
            .is_some_and(|p| p.value.is_some());
        if schools > 0 || district_has {
            rows.push((subj, q, sc, schools));
        }
    }
    if rows.is_empty() {
        return vec![Section {
            heading: t(lang, "by_subject").to_owned(),
            paragraphs: vec![t(lang, "no_data").to_owned()],
            ..Section::default()
        }];
    }
    let subject_name =
        |m: &domain::entity::subject::Model| lang.pick(&m.name_ky, &m.name_ru).to_owned();
    let mut seen = BTreeSet::new();
    let mut value = |kind, id, i: IndicatorRef| match s.point(kind, id, i, cx.year) {
        Some(p) => Cell::marked(p.value, 1, marks(&p.flags, &mut seen)),
        None => Cell::Missing,
    };
    let mut areas = Table::new(
        "subjects",
        &[
            (t(lang, "subject"), false),
            (t(lang, "kq_district"), true),
            (t(lang, "kq_region"), true),
            (t(lang, "success_district"), true),
            (t(lang, "success_region"), true),
            (t(lang, "schools_short"), true),
        ],
    )
    .with_widths(&[5, 2, 2, 2, 2, 2]);
    for (subj, q, sc, _) in &rows {
        areas.push(vec![
            Cell::text(subject_name(subj)),
            value(EntityKind::District, district_id, *q),
            value(EntityKind::Region, region_id, *q),
            value(EntityKind::District, district_id, *sc),
            value(EntityKind::Region, region_id, *sc),
            coverage_cell(s, EntityKind::District, district_id, *q, cx.year),
        ]);
    }
    let mut notes = vec![fill(
        lang,
        "subject_method",
        &[("method", text::method(lang, Method::PerMark).to_owned())],
    )];
    notes.extend(flag_notes(lang, &seen));
    let first = Section {
        heading: t(lang, "by_subject").to_owned(),
        table: Some(areas),
        notes,
        ..Section::default()
    };

    // Each school's knowledge quality in the subjects most schools have.
    let mut columns = rows.clone();
    columns.sort_by(|a, b| b.3.cmp(&a.3).then(a.0.code.cmp(&b.0.code)));
    columns.truncate(MAX_SUBJECT_COLUMNS);
    let titles: Vec<String> = columns.iter().map(|c| subject_name(c.0)).collect();
    let mut cols: Vec<(&str, bool)> = vec![(t(lang, "school"), false)];
    cols.extend(titles.iter().map(|c| (c.as_str(), true)));
    let mut widths = vec![6u8];
    widths.extend(std::iter::repeat_n(2u8, columns.len()));
    let mut matrix = Table::new("subject_schools", &cols).with_widths(&widths);
    let mut seen = BTreeSet::new();
    let mut ids: Vec<i32> = s.schools_of(district_id).to_vec();
    ids.sort_by_key(|id| cx.school_name(*id));
    for id in ids {
        let mut cells = vec![Cell::text(cx.school_name(id))];
        for (_, q, _, _) in &columns {
            cells.push(match s.point(EntityKind::School, id, *q, cx.year) {
                Some(p) => Cell::marked(p.value, 1, marks(&p.flags, &mut seen)),
                None => Cell::Missing,
            });
        }
        matrix.push(cells);
    }
    let mut row = vec![Cell::text(t(lang, "district_row"))];
    for (_, q, _, _) in &columns {
        row.push(
            match s.point(EntityKind::District, district_id, *q, cx.year) {
                Some(p) => Cell::marked(p.value, 1, marks(&p.flags, &mut seen)),
                None => Cell::Missing,
            },
        );
    }
    matrix.push(row);
    let mut notes = vec![t(lang, "subject_matrix_note").to_owned()];
    if rows.len() > columns.len() {
        notes.push(fill(
            lang,
            "subjects_left_out",
            &[("n", (rows.len() - columns.len()).to_string())],
        ));
    }
    notes.extend(flag_notes(lang, &seen));
    vec![
        first,
        Section {
            heading: format!(
                "{}, %: {}",
                text::indicator_name(
                    lang,
                    catalog::find(SUBJECT_QUALITY).expect("in the catalog")
                ),
                t(lang, "by_school_and_subject")
            ),
            table: Some(matrix),
            notes,
            ..Section::default()
        },
    ]
}

fn alert_kind(lang: Lang, k: AlertKind) -> &'static str {
    match k {
        AlertKind::Falling => t(lang, "alert_falling"),
        AlertKind::BelowDistrict => t(lang, "alert_below_district"),
        AlertKind::BelowPeers => t(lang, "alert_below_peers"),
    }
}

/// The district's alerts on the report's indicators, most severe first (as `alerts`).
fn alert_list(cx: &Cx<'_>, config: &AlertsConfig, indicators: &[IndicatorRef]) -> Section {
    let lang = cx.lang;
    let list = alerts::alerts(
        cx.snapshot,
        config,
        cx.district.district.id,
        cx.year,
        indicators,
    );
    let mut section = Section {
        heading: t(lang, "alerts").to_owned(),
        ..Section::default()
    };
    if list.is_empty() {
        section.paragraphs.push(
            if cx.snapshot.is_provisional(cx.year) {
                t(lang, "provisional_year")
            } else {
                t(lang, "no_alerts")
            }
            .to_owned(),
        );
        return section;
    }
    let mut table = Table::new(
        "alerts",
        &[
            (t(lang, "school"), false),
            (t(lang, "indicator"), false),
            (t(lang, "why"), false),
            (t(lang, "value"), true),
            (t(lang, "reference"), true),
            (t(lang, "difference"), true),
        ],
    )
    .with_widths(&[5, 5, 4, 2, 3, 2]);
    for a in list.iter().take(MAX_ALERTS) {
        let d = text::decimals(a.indicator.def().unit);
        table.push(vec![
            Cell::text(cx.school_name(a.school_id)),
            Cell::text(text::indicator_name(lang, a.indicator.def())),
            Cell::text(alert_kind(lang, a.kind)),
            Cell::num(Some(a.value), d),
            Cell::num(Some(a.reference), d),
            Cell::num(Some(a.difference), d),
        ]);
    }
    section.table = Some(table);
    if list.len() > MAX_ALERTS {
        section.reading = Some(fill(
            lang,
            "alerts_shown",
            &[("n", MAX_ALERTS.to_string()), ("m", list.len().to_string())],
        ));
    }
    section.notes.push(t(lang, "alerts_note").to_owned());
    section
}
