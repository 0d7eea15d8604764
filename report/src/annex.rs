//! The accreditation self-assessment annex (seed 003, DOMAIN.md §5.1): the tables of
//! criteria 2.7 (olympiads, ORT, knowledge quality over five years), 3.1/3.3 (staff and
//! training) and 4.1 (material resources), then the report's recorded criteria, strengths
//! and weaknesses and its commission.

use crate::Subject;
use crate::facts;
use crate::labels;
use crate::model::{Cell, Document, Lang, Section, Table};
use crate::school::{self, Cx, indicator_section, shows_people, trend_chart};
use crate::text::t;
use domain::labels::Vocabulary;
use domain::trend::snapshot::Snapshot;
use domain::{Db, Result};

/// The order olympiad levels are printed in (as the seed's columns, lowest first).
const LEVELS: [&str; 7] = [
    "school",
    "zonal",
    "district",
    "city",
    "oblast",
    "republic",
    "international",
];

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
    let mut sections = vec![olympiads(db, &cx).await?];
    sections.extend(ort(db, &cx).await?);
    let mut quality = indicator_section(
        &cx,
        t(lang, "c27_quality"),
        "quality",
        &["knowledge_quality_pct"],
    );
    quality.chart = trend_chart(&cx, "knowledge_quality_pct", t(lang, "kq_chart"));
    sections.push(quality);
    let mut staff = facts::staff_year(db, &cx).await?;
    staff.heading = format!("{} — {}", t(lang, "c31"), staff.heading);
    sections.push(staff);
    sections.push(facts::training(db, &cx).await?);
    let mut infra = facts::infrastructure(db, &cx).await?;
    infra.heading = format!("{} — {}", t(lang, "c41"), infra.heading);
    sections.push(infra);
    sections.push(facts::accreditation(db, &cx).await?);
    sections.extend(self_assessment(db, &cx).await?);
    Ok(crate::document(&cx, t(lang, "annex"), sections))
}

/// Prize-winners per level and year as the school reported them ("–": not reported).
async fn olympiads(db: &Db, cx: &Cx<'_>) -> Result<Section> {
    let lang = cx.lang;
    let years = school::window(cx.year);
    let rows = domain::facts::olympiad_counts::read(db, &cx.subject.grant, None).await?;
    let rows: Vec<_> = rows
        .into_iter()
        .filter(|r| years.contains(&r.academic_year))
        .collect();
    let levels: Vec<&str> = LEVELS
        .into_iter()
        .filter(|l| rows.iter().any(|r| r.level == *l))
        .collect();
    let mut section = Section {
        heading: t(lang, "c27_olympiads").to_owned(),
        ..Section::default()
    };
    if rows.is_empty() {
        section.paragraphs.push(t(lang, "no_data").to_owned());
        return Ok(section);
    }
    let titles: Vec<String> = levels
        .iter()
        .map(|l| labels::word(lang, Vocabulary::Level, l))
        .collect();
    let mut cols: Vec<(&str, bool)> = vec![(t(lang, "year"), false)];
    cols.extend(titles.iter().map(|s| (s.as_str(), true)));
    let mut table = Table::new("olympiads", &cols);
    let mut totals = vec![0; levels.len()];
    for y in &years {
        let mut row = vec![Cell::text(domain::year::label(*y))];
        for (i, l) in levels.iter().enumerate() {
            let n = rows
                .iter()
                .find(|r| r.academic_year == *y && r.level == *l)
                .and_then(|r| r.prize_count);
            totals[i] += n.unwrap_or(0);
            row.push(Cell::int(n));
        }
        table.push(row);
    }
    let mut total = vec![Cell::text(t(lang, "total"))];
    total.extend(totals.into_iter().map(|n| Cell::int(Some(n))));
    table.push(total);
    section.table = Some(table);
    Ok(section)
}

/// ORT: the cohort figures from the snapshot, and the (pseudonymous) top scores where the
/// grant shows person-level rows.
async fn ort(db: &Db, cx: &Cx<'_>) -> Result<Vec<Section>> {
    let lang = cx.lang;
    let mut out = vec![indicator_section(
        cx,
        t(lang, "c27_ort"),
        "ort",
        &["ort_participants", "ort_mean", "ort_max", "ort_pass_pct"],
    )];
    if !shows_people(cx.subject) {
        out[0].notes.push(t(lang, "people_hidden").to_owned());
        return Ok(out);
    }
    let years = school::window(cx.year);
    let rows = domain::facts::ort_results::read(db, &cx.subject.grant, None).await?;
    let mut table = Table::new(
        "ort_top",
        &[
            (t(lang, "year"), false),
            (t(lang, "student"), false),
            (t(lang, "score"), true),
        ],
    );
    let mut rows: Vec<_> = rows
        .into_iter()
        .map(|r| r.result)
        .filter(|r| years.contains(&r.academic_year))
        .collect();
    rows.sort_by_key(|r| (r.academic_year, -r.main_score));
    for r in &rows {
        table.push(vec![
            Cell::text(domain::year::label(r.academic_year)),
            Cell::text(r.student_ref.clone()),
            Cell::int(Some(r.main_score)),
        ]);
    }
    if !table.rows.is_empty() {
        out.push(Section {
            heading: t(lang, "top_scores").to_owned(),
            table: Some(table),
            ..Section::default()
        });
    }
    Ok(out)
}

/// The self-assessment report of the year: criteria with findings, strengths and weaknesses
/// per standard, the commission (person-level: only with such a grant).
async fn self_assessment(db: &Db, cx: &Cx<'_>) -> Result<Vec<Section>> {
    let lang = cx.lang;
    let reports =
        domain::query::profile::self_assessments(db, &cx.subject.grant, Some(cx.year)).await?;
    let Some(r) = reports.into_iter().next() else {
        return Ok(vec![Section {
            heading: t(lang, "criteria").to_owned(),
            paragraphs: vec![t(lang, "no_report").to_owned()],
            ..Section::default()
        }]);
    };
    let mut out = Vec::new();
    let mut criteria = Table::new(
        "criteria",
        &[
            ("№", false),
            (t(lang, "criteria"), false),
            (t(lang, "finding"), false),
        ],
    )
    .with_widths(&[1, 5, 5]);
    for c in &r.criteria {
        let title = match lang {
            Lang::Ru => c.title_ru.clone().unwrap_or(c.title_ky.clone()),
            Lang::Ky => c.title_ky.clone(),
        };
        let finding = [c.finding_text.as_deref(), c.evidence_text.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        criteria.push(vec![
            Cell::text(c.code.clone()),
            Cell::text(title),
            Cell::text(finding),
        ]);
    }
    out.push(Section {
        heading: format!(
            "{} ({})",
            t(lang, "criteria"),
            labels::word(
                lang,
                Vocabulary::AccreditationType,
                &r.report.accreditation_type
            )
        ),
        paragraphs: r.report.introduction.iter().cloned().collect(),
        table: (!criteria.rows.is_empty()).then_some(criteria),
        ..Section::default()
    });
    let mut points = Table::new(
        "points",
        &[
            (t(lang, "standard"), true),
            (t(lang, "type"), false),
            (t(lang, "value"), false),
        ],
    )
    .with_widths(&[1, 2, 6]);
    for p in &r.points {
        points.push(vec![
            Cell::int(Some(p.standard)),
            Cell::text(match p.kind.as_str() {
                "strength" => t(lang, "strengths"),
                _ => t(lang, "weaknesses"),
            }),
            Cell::text(match lang {
                Lang::Ru => p.text_ru.clone().unwrap_or(p.text_ky.clone()),
                Lang::Ky => p.text_ky.clone(),
            }),
        ]);
    }
    if !points.rows.is_empty() {
        out.push(Section {
            heading: format!("{} / {}", t(lang, "strengths"), t(lang, "weaknesses")),
            table: Some(points),
            paragraphs: r.report.conclusion.iter().cloned().collect(),
            ..Section::default()
        });
    }
    let mut commission = Section {
        heading: t(lang, "commission").to_owned(),
        ..Section::default()
    };
    if r.members_visible {
        let mut table = Table::new(
            "commission",
            &[(t(lang, "member"), false), (t(lang, "role"), false)],
        );
        for m in &r.members {
            table.push(vec![
                Cell::text(m.member_ref.clone()),
                Cell::text(match lang {
                    Lang::Ru => m.role_ru.clone().unwrap_or(m.role_ky.clone()),
                    Lang::Ky => m.role_ky.clone(),
                }),
            ]);
        }
        if table.rows.is_empty() {
            commission.paragraphs.push(t(lang, "no_data").to_owned());
        } else {
            commission.table = Some(table);
        }
    } else {
        commission
            .paragraphs
            .push(t(lang, "members_hidden").to_owned());
    }
    out.push(commission);
    Ok(out)
}
