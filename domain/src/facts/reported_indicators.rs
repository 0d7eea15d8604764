//! Percentages a school reported without raw counts (e.g. seed 003's knowledge quality), kept as reported.

use super::columns::*;
use super::{FactKind, Outcome, RowInput, subject_of};
use crate::access::Tier;
use crate::bulk::Target;
use crate::error::Result;
use sea_orm::Value;

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
    names_school: true,
    names_of_people: &[],
    build: |i| Box::pin(build(i)),
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
        errors.push(f.error("value", "an average mark is between 1 and 5"));
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
