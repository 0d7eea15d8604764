//! The school report's subject sections: knowledge quality and success by subject over five
//! years with the district's subject figure (the trend tables' subject dimension, over
//! marks), and the half-year administrative control H1 → H2 (seed 002), read through
//! `domain::facts::admin_control::read` under the report's grant, so teachers appear only
//! for the people tier (the school's own token and an admin), as in the API.

use crate::model::{Cell, Section, Table};
use crate::school::Cx;
use crate::text::{self, fill, t};
use domain::facts::admin_control::{self, Halves};
use domain::trend::catalog::Method;
use domain::trend::snapshot::{DimArgs, EntityKind, IndicatorRef, Snapshot};
use domain::{Db, Result};

/// Five years of one by-subject indicator (`knowledge_quality_marks_pct` or
/// `success_marks_pct`) for every subject the school has a value in, with the district's
/// figure of the subject in the report year.
fn subject_table(
    cx: &Cx<'_>,
    subjects: &[domain::entity::subject::Model],
    code: &str,
    heading: &str,
    sheet: &str,
) -> Section {
    let lang = cx.lang;
    let s = cx.snapshot;
    let years = crate::school::window(cx.year);
    let Ok(plain) = Snapshot::indicators(&[code.to_owned()]).map(|v| v[0]) else {
        return Section::default();
    };
    let mut columns: Vec<(String, bool)> = vec![(t(lang, "subject").to_owned(), false)];
    columns.extend(years.iter().map(|y| (cx.year_header(*y), true)));
    columns.push((
        format!("{} {}", t(lang, "district_row"), cx.year_header(cx.year)),
        true,
    ));
    let cols: Vec<(&str, bool)> = columns.iter().map(|(c, n)| (c.as_str(), *n)).collect();
    let mut widths = vec![4u8];
    widths.extend(std::iter::repeat_n(1u8, years.len() + 1));
    let mut table = Table::new(sheet, &cols).with_widths(&widths);
    for subj in subjects {
        let Some(i) = with_subject(s, plain, &subj.code) else {
            continue;
        };
        let school = s.series(EntityKind::School, cx.subject.school_id, i);
        if !school
            .iter()
            .any(|p| years.contains(&p.year) && p.value.is_some())
        {
            continue;
        }
        let mut row = vec![Cell::text(lang.pick(&subj.name_ky, &subj.name_ru))];
        for y in &years {
            row.push(Cell::num(
                school.iter().find(|p| p.year == *y).and_then(|p| p.value),
                1,
            ));
        }
        row.push(Cell::num(
            s.point(EntityKind::District, cx.subject.district_id, i, cx.year)
                .and_then(|p| p.value),
            1,
        ));
        table.push(row);
    }
    let mut section = Section {
        heading: heading.to_owned(),
        ..Section::default()
    };
    if table.rows.is_empty() {
        section.paragraphs.push(t(lang, "no_data").to_owned());
    } else {
        section.table = Some(table);
        section.notes.push(fill(
            lang,
            "subject_method",
            &[("method", text::method(lang, Method::PerMark).to_owned())],
        ));
    }
    section
}

fn with_subject(s: &Snapshot, i: IndicatorRef, code: &str) -> Option<IndicatorRef> {
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
}

/// Knowledge quality and success by subject (two tables).
pub async fn by_subject(db: &Db, cx: &Cx<'_>) -> Result<Vec<Section>> {
    let lang = cx.lang;
    let subjects = domain::reference::subjects(db).await?;
    Ok(vec![
        subject_table(
            cx,
            &subjects,
            "knowledge_quality_marks_pct",
            &format!(
                "{}: {}",
                t(lang, "subject_tables"),
                t(lang, "quality").to_lowercase()
            ),
            "subject_quality",
        ),
        subject_table(
            cx,
            &subjects,
            "success_marks_pct",
            &format!(
                "{}: {}",
                t(lang, "subject_tables"),
                t(lang, "success").to_lowercase()
            ),
            "subject_success",
        ),
    ])
}

fn halves_cells(h: &Halves) -> [Cell; 5] {
    [
        Cell::num(h.quality_h1(), 1),
        Cell::num(h.quality_h2(), 1),
        Cell::num(h.quality_change(), 1),
        Cell::num(h.success_h1(), 1),
        Cell::num(h.success_h2(), 1),
    ]
}

/// The administrative control H1 → H2 of the report year: each subject's roll-up, then each
/// class × subject (with its teacher for the people tier only).
pub async fn admin_control(db: &Db, cx: &Cx<'_>) -> Result<Section> {
    let lang = cx.lang;
    let a = admin_control::read(db, &cx.subject.grant, cx.year).await?;
    let mut section = Section {
        heading: format!(
            "{} ({})",
            t(lang, "admin_control"),
            domain::year::label(cx.year)
        ),
        ..Section::default()
    };
    if a.classes.is_empty() {
        section.paragraphs.push(t(lang, "no_data").to_owned());
        return Ok(section);
    }
    let mut cols: Vec<(&str, bool)> = vec![(t(lang, "class"), false), (t(lang, "subject"), false)];
    if a.teachers_visible {
        cols.push((t(lang, "teacher"), false));
    }
    cols.extend([
        (t(lang, "kq_h1"), true),
        (t(lang, "kq_h2"), true),
        (t(lang, "kq_change"), true),
        (t(lang, "success_h1"), true),
        (t(lang, "success_h2"), true),
    ]);
    let mut widths = vec![2u8, 5];
    if a.teachers_visible {
        widths.push(3);
    }
    widths.extend([2, 2, 2, 2, 2]);
    let mut table = Table::new("admin_control", &cols).with_widths(&widths);
    let name = |m: &domain::entity::subject::Model| lang.pick(&m.name_ky, &m.name_ru).to_owned();
    for (subj, roll) in &a.by_subject {
        let mut row = vec![Cell::text(t(lang, "total")), Cell::text(name(subj))];
        if a.teachers_visible {
            row.push(Cell::text(""));
        }
        row.extend(halves_cells(&roll.halves));
        table.push(row);
    }
    for c in &a.classes {
        let mut row = vec![
            Cell::text(format!("{}{}", c.class_group.grade, c.class_group.letter)),
            Cell::text(name(&c.subject)),
        ];
        if a.teachers_visible {
            row.push(c.teacher_ref.clone().map_or(Cell::Missing, Cell::Text));
        }
        row.extend(halves_cells(&c.halves));
        table.push(row);
    }
    section.table = Some(table);
    section.notes.push(t(lang, "admin_note").to_owned());
    if !a.teachers_visible {
        section.notes.push(t(lang, "teachers_hidden").to_owned());
    }
    Ok(section)
}
