//! The school annual quality report (seed 000 §5.1–5.2): passport, five-year indicator tables
//! with the district's figures and the school's place in the district, readings, a trend
//! chart, staff, training, conditions and accreditation. Indicator figures come from the
//! published trend snapshot; the year's facts from domain's profile reads under the caller's
//! grant.

use crate::model::{Cell, Chart, Document, Lang, Section, Series, Table, number};
use crate::text::{self, fill, t};
use crate::{Subject, labels};
use domain::access::Tier;
use domain::trend::catalog::{self, Method};
use domain::trend::snapshot::{Direction, EntityKind, Flag, Point, Snapshot};
use domain::{Db, Result};
use std::collections::BTreeSet;

/// The five academic years a report shows: the report year and the four before it.
pub fn window(year: i32) -> Vec<i32> {
    (year - 4..=year).collect()
}

/// What one report reads from: the snapshot, the school and its grant, the year, the language.
pub struct Cx<'a> {
    pub snapshot: &'a Snapshot,
    pub subject: &'a Subject,
    pub year: i32,
    pub lang: Lang,
}

impl Cx<'_> {
    fn years(&self) -> Vec<i32> {
        window(self.year)
    }

    pub(crate) fn year_header(&self, y: i32) -> String {
        let short = format!("{y}-{:02}", (y + 1) % 100);
        if self.snapshot.is_provisional(y) {
            format!("{short}*")
        } else {
            short
        }
    }
}

/// A five-year table of indicators: per indicator the school's row, and unless the
/// indicator is a count, the district's row and the school's place in the district. Rows of
/// indicators without any value in the window are left out and named in a note. Returns the
/// section with the reading of the first indicator that has a trend.
pub fn indicator_section(cx: &Cx<'_>, heading: &str, sheet: &str, codes: &[&str]) -> Section {
    let lang = cx.lang;
    let s = cx.subject;
    let years = cx.years();
    let mut columns: Vec<(String, bool)> = vec![(t(lang, "indicator").to_owned(), false)];
    columns.extend(years.iter().map(|y| (cx.year_header(*y), true)));
    columns.push((t(lang, "trend").to_owned(), false));
    let cols: Vec<(&str, bool)> = columns.iter().map(|(c, n)| (c.as_str(), *n)).collect();
    let mut table = Table::new(sheet, &cols);
    let mut flags_seen = BTreeSet::new();
    let mut missing = Vec::new();
    let mut reading = None;
    let mut coverage = Vec::new();
    for code in codes {
        let Some(ind) = catalog::find(code) else {
            continue;
        };
        let r = Snapshot::indicators(&[(*code).to_owned()]).expect("catalog code")[0];
        let school = cx.snapshot.series(EntityKind::School, s.school_id, r);
        let district = cx.snapshot.series(EntityKind::District, s.district_id, r);
        let in_window = |p: &&Point| years.contains(&p.year) && p.value.is_some();
        if !school.iter().any(|p| in_window(&p)) {
            missing.push(text::indicator_name(lang, ind));
            continue;
        }
        let d = text::decimals(ind.unit);
        let u = text::unit(lang, ind.unit);
        let label = format!(
            "{}{} · {}",
            text::indicator_name(lang, ind),
            if u.is_empty() {
                String::new()
            } else {
                format!(", {u}")
            },
            text::method(lang, ind.method)
        );
        let trend = cx.snapshot.trend(EntityKind::School, s.school_id, r);
        let mut row = vec![Cell::text(label)];
        for y in &years {
            row.push(point_cell(school, *y, d, &mut flags_seen));
        }
        row.push(Cell::text(trend.map_or(
            String::new(),
            |tr| match tr.delta {
                Some(delta) if tr.direction != Direction::Insufficient => format!(
                    "{} ({}{})",
                    text::direction(lang, tr.direction),
                    if delta >= 0.0 { "+" } else { "−" },
                    number(delta.abs(), d.min(1))
                ),
                _ => text::direction(lang, tr.direction).to_owned(),
            },
        )));
        table.push(row);
        if reading.is_none() {
            reading = trend.and_then(|tr| text::reading(lang, ind, tr));
        }
        if ind.method == Method::Count {
            continue;
        }
        let mut row = vec![Cell::text(format!("   {}", t(lang, "district_row")))];
        for y in &years {
            row.push(point_cell(district, *y, d, &mut flags_seen));
        }
        let dtrend = cx.snapshot.trend(EntityKind::District, s.district_id, r);
        row.push(Cell::text(
            dtrend.map_or("", |tr| text::direction(lang, tr.direction)),
        ));
        table.push(row);
        let mut row = vec![Cell::text(format!("   {}", t(lang, "rank")))];
        for y in &years {
            row.push(match cx.snapshot.comparison(s.school_id, r, *y) {
                Some(c) => Cell::text(format!("{} / {}", c.rank_district, c.count_district)),
                None => Cell::Missing,
            });
        }
        row.push(Cell::text(""));
        table.push(row);
        if let Some(cov) = district
            .iter()
            .find(|p| p.year == cx.year)
            .and_then(|p| p.coverage)
            && coverage.is_empty()
        {
            coverage.push(fill(
                lang,
                "coverage",
                &[
                    ("year", domain::year::label(cx.year)),
                    ("n", cov.schools.to_string()),
                    ("m", cov.expected.to_string()),
                ],
            ));
        }
    }
    let mut notes = coverage;
    notes.extend(flag_notes(lang, &flags_seen));
    if years.iter().any(|y| cx.snapshot.is_provisional(*y)) {
        notes.push(t(lang, "provisional").to_owned());
    }
    if !missing.is_empty() {
        notes.push(format!("{}: {}", t(lang, "no_data"), missing.join(", ")));
    }
    Section {
        heading: heading.to_owned(),
        reading,
        table: (!table.rows.is_empty()).then_some(table),
        paragraphs: Vec::new(),
        chart: None,
        notes,
    }
}

fn point_cell(series: &[Point], year: i32, decimals: u8, seen: &mut BTreeSet<Flag>) -> Cell {
    let Some(p) = series.iter().find(|p| p.year == year) else {
        return Cell::Missing;
    };
    let marks: Vec<&str> = p
        .flags
        .iter()
        .map(|f| {
            seen.insert(f);
            text::flag(Lang::Ru, f).0
        })
        .collect();
    Cell::marked(p.value, decimals, marks.join(""))
}

fn flag_notes(lang: Lang, seen: &BTreeSet<Flag>) -> Vec<String> {
    seen.iter()
        .map(|f| {
            let (mark, meaning) = text::flag(lang, *f);
            format!("{mark}: {meaning}")
        })
        .collect()
}

/// The school, district and region lines of one indicator over the window.
pub fn trend_chart(cx: &Cx<'_>, code: &str, title: &str) -> Option<Chart> {
    let r = Snapshot::indicators(&[code.to_owned()]).ok()?[0];
    let years = cx.years();
    let s = cx.subject;
    let line = |kind, id, label: &str| Series {
        label: label.to_owned(),
        values: years
            .iter()
            .map(|y| cx.snapshot.point(kind, id, r, *y).and_then(|p| p.value))
            .collect(),
    };
    let school = line(EntityKind::School, s.school_id, t(cx.lang, "school_row"));
    if school.values.iter().all(Option::is_none) {
        return None;
    }
    let series = vec![
        school,
        line(
            EntityKind::District,
            s.district_id,
            &format!(
                "{} ({})",
                t(cx.lang, "district_row"),
                s.district_name(cx.lang)
            ),
        ),
        line(
            EntityKind::Region,
            s.region_id,
            &format!("{} ({})", t(cx.lang, "region_row"), s.region_name(cx.lang)),
        ),
    ];
    Some(Chart {
        title: title.to_owned(),
        unit: "%".into(),
        years: years.iter().map(|y| cx.year_header(*y)).collect(),
        // A line without any value would only crowd the legend.
        series: series
            .into_iter()
            .filter(|l| l.values.iter().any(Option::is_some))
            .collect(),
    })
}

/// The school report for `subject` and the academic year starting in `year`.
pub async fn build(
    db: &Db,
    snapshot: &Snapshot,
    subject: &Subject,
    year: i32,
    lang: Lang,
) -> Result<Document> {
    let cx = Cx {
        snapshot,
        subject,
        year,
        lang,
    };
    let mut sections = vec![passport(db, &cx).await?];

    let mut learning = indicator_section(
        &cx,
        t(lang, "learning"),
        "learning",
        &["knowledge_quality_pct", "success_pct"],
    );
    learning.chart = trend_chart(&cx, "knowledge_quality_pct", t(lang, "kq_chart"));
    sections.push(learning);
    sections.push(indicator_section(
        &cx,
        t(lang, "marks"),
        "marks",
        &[
            "average_mark",
            "knowledge_quality_marks_pct",
            "success_marks_pct",
            "sou_pct",
            "admin_control_quality_h1",
            "admin_control_quality_h2",
            "final_attestation_g9_quality_pct",
            "final_attestation_g11_quality_pct",
        ],
    ));
    sections.extend(crate::subjects::by_subject(db, &cx).await?);
    sections.push(crate::subjects::admin_control(db, &cx).await?);
    sections.push(indicator_section(
        &cx,
        t(lang, "ort"),
        "ort",
        &[
            "ort_participants",
            "ort_mean",
            "ort_pass_pct",
            "ort_gold_certificates",
        ],
    ));
    sections.push(indicator_section(
        &cx,
        t(lang, "olympiads"),
        "olympiads",
        &[
            "olympiad_prizes_school",
            "olympiad_prizes_zonal",
            "olympiad_prizes_district",
            "olympiad_prizes_oblast",
            "olympiad_prizes_republic",
            "olympiad_prizes_international",
            "olympiad_prizes_per_100_pupils",
        ],
    ));
    sections.push(indicator_section(
        &cx,
        t(lang, "staff"),
        "staff",
        &[
            "teachers_total",
            "teachers_higher_ed_pct",
            "teachers_trained_5y_pct",
            "training_hours_per_teacher",
            "teachers_awarded_pct",
            "pupils_per_teacher",
        ],
    ));
    sections.push(crate::facts::staff_year(db, &cx).await?);
    sections.push(crate::facts::training(db, &cx).await?);
    sections.push(indicator_section(
        &cx,
        t(lang, "conditions"),
        "conditions",
        &[
            "enrolment",
            "capacity_utilisation_pct",
            "pupils_per_computer",
            "textbook_provision_pct",
        ],
    ));
    sections.push(crate::facts::infrastructure(db, &cx).await?);
    sections.push(crate::facts::accreditation(db, &cx).await?);

    Ok(crate::document(&cx, t(lang, "school_report"), sections))
}

/// The school's passport: names, place, ownership, capacity, languages, this year's pupils
/// and teachers.
async fn passport(db: &Db, cx: &Cx<'_>) -> Result<Section> {
    let lang = cx.lang;
    let s = &cx.subject.school.school;
    let g = &cx.subject.grant;
    let mut table = Table::new(
        "passport",
        &[(t(lang, "field"), false), (t(lang, "value"), false)],
    );
    let mut add = |k: &str, v: Option<String>| {
        table.push(vec![
            Cell::text(t(lang, k)),
            v.map_or(Cell::Missing, Cell::Text),
        ]);
    };
    add("school", Some(lang.pick(&s.name_ky, &s.name_ru).to_owned()));
    add("code", Some(s.code.clone()));
    add("district", Some(cx.subject.district_name(lang).to_owned()));
    add("region", Some(cx.subject.region_name(lang).to_owned()));
    add("settlement", s.settlement.clone());
    add(
        "ownership",
        Some(labels::word(
            lang,
            domain::labels::Vocabulary::Ownership,
            &s.ownership,
        )),
    );
    add(
        "school_type",
        Some(labels::word(
            lang,
            domain::labels::Vocabulary::SchoolType,
            &s.school_type,
        )),
    );
    add("founded", s.founded_year.map(|y| y.to_string()));
    add("capacity", s.design_capacity.map(|c| c.to_string()));
    let langs = domain::query::schools::languages(db, &[s.id]).await?;
    add(
        "languages",
        langs.get(&s.id).map(|codes| {
            codes
                .iter()
                .map(|c| labels::word(lang, domain::labels::Vocabulary::Language, c))
                .collect::<Vec<_>>()
                .join(", ")
        }),
    );
    add("website", s.website.clone());
    add("registration", s.registration_no.clone());
    let enrolment = domain::facts::enrolment::read(db, g, Some(cx.year)).await?;
    add(
        "pupils",
        enrolment.first().map(|e| e.snapshot.enrolment.to_string()),
    );
    let staff = domain::facts::staff::read(db, g, Some(cx.year)).await?;
    add(
        "teachers",
        staff.first().map(|s| s.teachers_total.to_string()),
    );
    Ok(Section {
        heading: t(lang, "passport").to_owned(),
        table: Some(table),
        ..Section::default()
    })
}

/// Whether the grant shows person-level rows (pseudonymous ORT scores, the commission).
pub fn shows_people(subject: &Subject) -> bool {
    subject.grant.covers(Tier::People)
}
