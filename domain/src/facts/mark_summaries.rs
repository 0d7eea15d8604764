//! Mark counts of one class, subject and period (DOMAIN.md §1): the counts of 5/4/3/2/1, н/а and exempt pupils, checked against the enrolment.

use super::columns::*;
use super::{Entry, FactKind, Fields, Outcome, RowInput, RowScope, subject_of};
use crate::access::{Grant, Tier};
use crate::bulk::Target;
use crate::db::stmt;
use crate::error::Result;
use crate::export::{Export, PERIOD_LABEL, Read};
use crate::import::RowError;
use crate::query::lookup;
use entity::{class_group, mark_summary, period, subject};
use sea_orm::{ConnectionTrait, EntityTrait, Value};

pub(super) static KIND: FactKind = FactKind {
    name: "mark-summaries",
    about: "Mark counts (5 to 1, not assessed, exempt) of one class, subject and period (DOMAIN.md §1).",
    columns,
    key_columns: &[
        "school",
        "academic_year",
        "grade",
        "class_letter",
        "subject",
        "period",
        "assessment_kind",
    ],
    target: Target {
        table: "mark_summary",
        columns: &[
            "class_group_id",
            "subject_id",
            "period_id",
            "assessment_kind",
            "exam_form",
            "n5",
            "n4",
            "n3",
            "n2",
            "n1",
            "n_na",
            "n_exempt",
            "n_enrolled",
        ],
        key: &[
            "class_group_id",
            "subject_id",
            "period_id",
            "assessment_kind",
        ],
        year_column: None,
    },
    tier: Some(Tier::Reported),
    scope: RowScope::School,
    names_of_people: &[],
    provenance: &[],
    export: Export::Read(Read {
        from: "mark_summary m JOIN class_group c ON c.id = m.class_group_id \
               JOIN school s ON s.id = c.school_id JOIN subject su ON su.id = m.subject_id \
               JOIN period p ON p.id = m.period_id",
        values: &[
            ("academic_year", "c.academic_year"),
            ("grade", "c.grade"),
            ("class_letter", "c.letter"),
            ("class_language", "c.language"),
            ("subject", "su.code"),
            ("period", PERIOD_LABEL),
            ("assessment_kind", "m.assessment_kind"),
            ("exam_form", "m.exam_form"),
            ("n5", "m.n5"),
            ("n4", "m.n4"),
            ("n3", "m.n3"),
            ("n2", "m.n2"),
            ("n1", "m.n1"),
            ("n_na", "m.n_na"),
            ("n_exempt", "m.n_exempt"),
            ("n_enrolled", "m.n_enrolled"),
        ],
        year: Some("c.academic_year"),
        order: "s.code, c.academic_year, c.grade, c.letter, su.code, p.kind, p.idx, m.assessment_kind",
        people: &[],
    }),
    build: |i| Box::pin(build(i)),
    entry: Entry {
        mutation: "recordMarkSummaries",
        input: "MarkSummaryInput",
        about: "Records a batch of mark summaries (one `MarkSummaryInput` each); a repeated batch changes\n\
          nothing. Who may write: an admin, or a region, district or school token for schools within\n\
          its scope.",
        lists: &[],
    },
    messages: Check::samples,
};

fn columns() -> Vec<Col> {
    with_school_year(&[
        col(
            "grade",
            "класс",
            "класс",
            Ty::Int { min: 1, max: 12 },
            true,
            "1..12",
        ),
        CLASS_LETTER,
        CLASS_LANGUAGE,
        SUBJECT,
        col(
            "period",
            "мезгил",
            "период",
            PERIOD,
            true,
            "Q1..Q4, H1, H2 or year (1-чейрек, жылдык …)",
        ),
        col(
            "assessment_kind",
            "баалоонун түрү",
            "вид оценивания",
            ASSESSMENT,
            false,
            "period_marks (default), admin_control, final_attestation, minimum_requirement",
        ),
        col(
            "exam_form",
            "сынактын формасы",
            "форма экзамена",
            Ty::Enum(&[
                ("written_test", &["жазуу тест", "письменный тест"]),
                ("essay", &["дил баян", "сочинение", "изложение"]),
                ("oral", &["оозеки", "устный"]),
            ]),
            false,
            "final attestation only",
        ),
        col("n5", "5", "5", COUNT, false, "pupils with 5 (\"-\" = 0)"),
        col("n4", "4", "4", COUNT, false, "pupils with 4"),
        col("n3", "3", "3", COUNT, false, "pupils with 3"),
        col("n2", "2", "2", COUNT, false, "pupils with 2"),
        col("n1", "1", "1", COUNT, false, "pupils with 1"),
        col(
            "n_na",
            "аттестацияланган жок",
            "н/а",
            COUNT,
            false,
            "not attested",
        ),
        col(
            "n_exempt",
            "бошотулган",
            "освобождены",
            COUNT,
            false,
            "exempt",
        ),
        col(
            "n_enrolled",
            "окуучулар",
            "учащихся",
            Ty::Int { min: 0, max: 60 },
            true,
            "pupils on the class list at period end",
        ),
    ])
}

const COUNTS: [&str; 7] = ["n5", "n4", "n3", "n2", "n1", "n_na", "n_exempt"];

async fn build(mut i: RowInput<'_>) -> Result<Outcome> {
    let f = i.f;
    let mut errors = Vec::new();
    check_counts(f, &COUNTS, &mut errors);
    let subject = subject_of(f, i.r, "subject", &mut errors);
    let assessment = f
        .text("assessment_kind")
        .unwrap_or("period_marks")
        .to_owned();
    if f.text("exam_form").is_some() && assessment != "final_attestation" {
        errors.push(f.error("exam_form", Check::ExamFormOnlyFinal));
    }
    let Some(subject_id) = subject.filter(|_| errors.is_empty()) else {
        return Ok(Err(errors));
    };
    let (class_id, period_id) = class_and_period(&mut i).await?;
    let values = [
        ("class_group_id", Value::Int(Some(class_id))),
        ("subject_id", Value::Int(Some(subject_id))),
        ("period_id", Value::Int(Some(period_id))),
        ("assessment_kind", Value::String(Some(assessment))),
        ("exam_form", f.value("exam_form")),
    ];
    Ok(Ok(i.row(
        &KIND.target,
        values.into_iter().chain(counts(f, &COUNTS)),
    )?))
}

/// The counts (blank: 0) cannot add up to more than the pupils enrolled.
pub(super) fn check_counts(f: &Fields<'_>, counts: &[&str], errors: &mut Vec<RowError>) {
    let total: i64 = counts.iter().map(|c| f.count_or_zero(c)).sum();
    let enrolled = f.int("n_enrolled").unwrap_or(0);
    if total > enrolled {
        errors.push(f.error(
            "n_enrolled",
            crate::messages::Msg::CountsAboveEnrolled {
                counts: counts.join(" + "),
                total,
                enrolled,
            },
        ));
    }
}

/// The counts (blank: 0) and the enrolment, as target values.
pub(super) fn counts<'a>(
    f: &'a Fields<'a>,
    counts: &'a [&'static str],
) -> impl Iterator<Item = (&'static str, Value)> + 'a {
    counts
        .iter()
        .map(|c| (*c, Value::Int(Some(f.count_or_zero(c) as i32))))
        .chain([("n_enrolled", f.value("n_enrolled"))])
}

/// The row's class (created on first sight) and period.
pub(super) async fn class_and_period(i: &mut RowInput<'_>) -> Result<(i32, i32)> {
    let f = i.f;
    let y = i.year.unwrap_or_default();
    let (pkind, pidx) = period_of(f.text("period").unwrap_or("year"));
    let period_id = i.r.period(i.db, y, pkind, pidx).await?;
    let grade = f.i32("grade").unwrap_or_default();
    let letter = f.text("class_letter").unwrap_or("").to_owned();
    let class_id =
        i.r.class(
            i.db,
            i.school_id,
            y,
            grade,
            &letter,
            f.text("class_language"),
        )
        .await?;
    Ok((class_id, period_id))
}

// The profile read: the kind's rows of one school, behind a grant for the kind's tier.

/// Which mark summaries / class outcomes to show; `None` does not filter.
#[derive(Debug, Clone, Default)]
pub struct MarkFilter {
    pub year: Option<i32>,
    /// `quarter`, `half_year` or `year`.
    pub period_kind: Option<String>,
    pub period_index: Option<i32>,
    pub grade: Option<i32>,
    /// Subject code (mark summaries only).
    pub subject_code: Option<String>,
    /// `period_marks`, `admin_control`, … (mark summaries only).
    pub assessment_kind: Option<String>,
}

pub(super) fn mark_conditions(f: &MarkFilter, conds: &mut Vec<String>, vals: &mut Vec<Value>) {
    if let Some(y) = f.year {
        conds.push("c.academic_year = ?".into());
        vals.push(y.into());
    }
    if let Some(k) = &f.period_kind {
        conds.push("p.kind = ?".into());
        vals.push(k.clone().into());
    }
    if let Some(i) = f.period_index {
        conds.push("p.idx = ?".into());
        vals.push(i.into());
    }
    if let Some(g) = f.grade {
        conds.push("c.grade = ?".into());
        vals.push(g.into());
    }
}

/// A mark summary with its class, subject and period.
#[derive(Debug, Clone)]
pub struct MarkRow {
    pub summary: mark_summary::Model,
    pub class_group: class_group::Model,
    pub subject: subject::Model,
    pub period: period::Model,
}

/// Mark summaries of a school (four statements), by year, period, grade, class letter,
/// subject code and assessment kind.
pub async fn read(
    db: &impl ConnectionTrait,
    grant: &Grant,
    filter: &MarkFilter,
) -> Result<Vec<MarkRow>> {
    grant.require(KIND.tier)?;
    let school_id = grant.school_id();
    let mut conds = vec!["c.school_id = ?".to_owned()];
    let mut vals: Vec<Value> = vec![school_id.into()];
    mark_conditions(filter, &mut conds, &mut vals);
    if let Some(code) = &filter.subject_code {
        conds.push("su.code = ?".into());
        vals.push(code.clone().into());
    }
    if let Some(kind) = &filter.assessment_kind {
        conds.push("m.assessment_kind = ?".into());
        vals.push(kind.clone().into());
    }
    let sql = format!(
        "SELECT m.* FROM mark_summary m \
         JOIN class_group c ON c.id = m.class_group_id \
         JOIN period p ON p.id = m.period_id \
         JOIN subject su ON su.id = m.subject_id \
         WHERE {} \
         ORDER BY c.academic_year DESC, p.kind, p.idx, c.grade, c.letter, su.code, m.assessment_kind",
        conds.join(" AND ")
    );
    let rows = mark_summary::Entity::find()
        .from_raw_sql(stmt(db, &sql, vals))
        .all(db)
        .await?;
    let classes = lookup::class_groups(db, rows.iter().map(|r| r.class_group_id).collect()).await?;
    let subjects = lookup::subjects(db, rows.iter().map(|r| r.subject_id).collect()).await?;
    let periods = lookup::periods(db, rows.iter().map(|r| r.period_id).collect()).await?;
    Ok(rows
        .into_iter()
        .filter_map(|summary| {
            Some(MarkRow {
                class_group: classes.get(&summary.class_group_id)?.clone(),
                subject: subjects.get(&summary.subject_id)?.clone(),
                period: periods.get(&summary.period_id)?.clone(),
                summary,
            })
        })
        .collect())
}

crate::kind_messages! {
    /// What the checks of mark summaries say.
    pub enum Check {
        ExamFormOnlyFinal => [
            "экзамендин формасы жыйынтыктоочу аттестациянын (final_attestation) саптарында \
             гана жазылат",
            "форма экзамена указывается только в строках итоговой аттестации \
             (final_attestation)",
            "an exam form belongs only to final_attestation rows",
        ],
    }
}
