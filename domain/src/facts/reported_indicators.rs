//! Percentages a school reported without raw counts (e.g. seed 003's knowledge quality), kept as reported.

use super::columns::*;
use super::{Entry, FactKind, Outcome, RowInput, RowScope, subject_of};
use crate::access::{Grant, Tier};
use crate::bulk::Target;
use crate::db::stmt;
use crate::error::Result;
use crate::export::{Export, PERIOD_LABEL, Read};
use crate::messages::Msg;
use crate::query::lookup;
use entity::{period, reported_indicator, subject};
use sea_orm::{ConnectionTrait, EntityTrait, Value};

pub(super) static KIND: FactKind = FactKind {
    name: "reported-indicators",
    about: "An indicator a school reported as a figure without its counts (e.g. its knowledge quality in %).",
    columns,
    key_columns: &[
        "school",
        "academic_year",
        "period",
        "indicator",
        "grade",
        "subject",
    ],
    target: Target {
        table: "reported_indicator",
        columns: &[
            "school_id",
            "period_id",
            "indicator",
            "scope",
            "grade",
            "subject_id",
            "scope_key",
            "value",
            "source",
            "source_note",
        ],
        key: &["school_id", "period_id", "indicator", "scope_key"],
        year_column: None,
    },
    tier: Some(Tier::Reported),
    scope: RowScope::School,
    names_of_people: &[],
    provenance: &["source"],
    export: Export::Read(Read {
        from: "reported_indicator r JOIN school s ON s.id = r.school_id \
               JOIN period p ON p.id = r.period_id LEFT JOIN subject su ON su.id = r.subject_id",
        values: &[
            ("academic_year", "p.academic_year"),
            ("indicator", "r.indicator"),
            ("period", PERIOD_LABEL),
            ("grade", "r.grade"),
            ("subject", "su.code"),
            ("value", "r.value"),
            ("note", "r.source_note"),
        ],
        year: Some("p.academic_year"),
        order: "s.code, p.academic_year, p.kind, p.idx, r.indicator, r.scope_key",
        people: &[],
    }),
    build: |i| Box::pin(build(i)),
    entry: Entry {
        mutation: "recordReportedIndicators",
        input: "ReportedIndicatorInput",
        about: "Records a batch of reported indicators (one `ReportedIndicatorInput` each); a repeated batch\n\
          changes nothing. Who may write: an admin, or a region, district or school token for schools\n\
          within its scope.",
        lists: &[],
    },
    messages: Vec::new,
};

fn columns() -> Vec<Col> {
    with_school_year(&[
        col(
            "indicator",
            "көрсөткүч",
            "показатель",
            Ty::Enum(&[
                ("knowledge_quality", &["билим сапаты", "качество знаний"]),
                ("success_rate", &["жетишүү", "успеваемость"]),
                ("sou", &["соу"]),
                ("average_mark", &["орточо баа", "средний балл"]),
            ]),
            true,
            "knowledge_quality, success_rate, sou, average_mark",
        ),
        col("period", "мезгил", "период", PERIOD, false, "default: year"),
        col(
            "grade",
            "класс",
            "класс",
            Ty::Int { min: 1, max: 12 },
            false,
            "only for a grade's value",
        ),
        col(
            "subject",
            "сабак",
            "предмет",
            Ty::Name,
            false,
            "only for a subject's value",
        ),
        col(
            "value",
            "маани",
            "значение",
            Ty::Decimal {
                min: 0.0,
                max: 100.0,
            },
            true,
            "percent (91,78 or 91.78%); average mark 1..5",
        ),
        col(
            "note",
            "эскертүү",
            "примечание",
            Ty::Text { max: 500 },
            false,
            "where the figure comes from",
        ),
    ])
}

async fn build(i: RowInput<'_>) -> Result<Outcome> {
    let f = i.f;
    let mut errors = Vec::new();
    let indicator = f.text("indicator").unwrap_or_default().to_owned();
    let value = f.num("value").unwrap_or_default();
    if indicator == "average_mark" && !(1.0..=5.0).contains(&value) {
        errors.push(f.error(
            "value",
            Msg::OutOfRange {
                min: "1".into(),
                max: "5".into(),
            },
        ));
    }
    let subject_id = subject_of(f, i.r, "subject", &mut errors);
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let grade = f.i32("grade");
    let (scope, scope_key) = match (subject_id, grade) {
        (Some(s), Some(g)) => ("subject", format!("subject:{s}:{g}")),
        (Some(s), None) => ("subject", format!("subject:{s}")),
        (None, Some(g)) => ("grade", format!("grade:{g}")),
        (None, None) => ("school", "school".to_owned()),
    };
    let (pkind, pidx) = period_of(f.text("period").unwrap_or("year"));
    let period_id =
        i.r.period(i.db, i.year.unwrap_or_default(), pkind, pidx)
            .await?;
    Ok(Ok(i.row(
        &KIND.target,
        [
            ("school_id", Value::Int(Some(i.school_id))),
            ("period_id", Value::Int(Some(period_id))),
            ("indicator", Value::String(Some(indicator))),
            ("scope", Value::String(Some(scope.into()))),
            ("grade", Value::Int(grade)),
            ("subject_id", Value::Int(subject_id)),
            ("scope_key", Value::String(Some(scope_key))),
            ("value", Value::Double(Some(value))),
            ("source", Value::String(Some("import".into()))),
            ("source_note", f.value("note")),
        ],
    )?))
}

// The profile read: the kind's rows of one school, behind a grant for the kind's tier.

/// A percentage or average a school reported without raw counts, with its period and subject.
#[derive(Debug, Clone)]
pub struct ReportedRow {
    pub indicator: entity::reported_indicator::Model,
    pub period: period::Model,
    pub subject: Option<subject::Model>,
}

/// Figures a school reported ready-made (seed 003's yearly knowledge quality), newest year
/// first (three statements).
pub async fn read(
    db: &impl ConnectionTrait,
    grant: &Grant,
    year: Option<i32>,
) -> Result<Vec<ReportedRow>> {
    grant.require(KIND.tier)?;
    let school_id = grant.school_id();
    let mut conds = vec!["r.school_id = ?".to_owned()];
    let mut vals: Vec<Value> = vec![school_id.into()];
    if let Some(y) = year {
        conds.push("p.academic_year = ?".into());
        vals.push(y.into());
    }
    let sql = format!(
        "SELECT r.* FROM reported_indicator r JOIN period p ON p.id = r.period_id WHERE {} \
         ORDER BY p.academic_year DESC, p.kind, p.idx, r.indicator, r.scope_key",
        conds.join(" AND ")
    );
    let rows = reported_indicator::Entity::find()
        .from_raw_sql(stmt(db, &sql, vals))
        .all(db)
        .await?;
    let periods = lookup::periods(db, rows.iter().map(|r| r.period_id).collect()).await?;
    let subjects = lookup::subjects(db, rows.iter().filter_map(|r| r.subject_id).collect()).await?;
    Ok(rows
        .into_iter()
        .filter_map(|indicator| {
            Some(ReportedRow {
                period: periods.get(&indicator.period_id)?.clone(),
                subject: indicator
                    .subject_id
                    .and_then(|id| subjects.get(&id).cloned()),
                indicator,
            })
        })
        .collect())
}
