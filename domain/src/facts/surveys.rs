//! Satisfaction surveys of parents, pupils or teachers (seed 000): how many answered and how
//! many of them were satisfied, per school, year and audience.

use super::columns::*;
use super::{Entry, FactKind, Outcome, RowInput, RowScope, checked};
use crate::access::Tier;
use crate::bulk::Target;
use crate::error::Result;
use crate::export::Export;
use crate::messages::Msg;

pub(super) static KIND: FactKind = FactKind {
    name: "surveys",
    about: "A satisfaction survey of one audience (parents, pupils or teachers) in a year.",
    columns,
    key_columns: &["school", "academic_year", "audience"],
    target: Target {
        table: "survey",
        columns: &[
            "school_id",
            "academic_year",
            "audience",
            "respondents",
            "satisfied",
        ],
        key: &["school_id", "academic_year", "audience"],
        year_column: Some("academic_year"),
    },
    tier: Some(Tier::Reported),
    scope: RowScope::School,
    names_of_people: &[],
    provenance: &[],
    export: Export::SameNamed,
    build: |i| Box::pin(build(i)),
    entry: Entry {
        mutation: "recordSurveys",
        input: "SurveyInput",
        about: "Records a batch of surveys (one `SurveyInput` each); a repeated batch changes nothing. Who\n\
          may write: an admin, or a region, district or school token for schools within its scope.",
        lists: &[],
    },
};

const AUDIENCE: Ty = Ty::Enum(&[
    ("parents", &["ата-энелер", "родители"]),
    ("pupils", &["окуучулар", "ученики", "учащиеся"]),
    ("teachers", &["мугалимдер", "учителя"]),
]);

fn columns() -> Vec<Col> {
    with_school_year(&[
        col(
            "audience",
            "сурамжылангандар",
            "опрошенные",
            AUDIENCE,
            true,
            "parents, pupils or teachers (ата-энелер, окуучулар, мугалимдер)",
        ),
        col(
            "respondents",
            "жооп бергендер",
            "ответили",
            COUNT,
            true,
            "how many answered",
        ),
        col(
            "satisfied",
            "канааттангандар",
            "удовлетворены",
            COUNT,
            true,
            "how many of them were satisfied",
        ),
    ])
}

async fn build(i: RowInput<'_>) -> Result<Outcome> {
    let f = i.f;
    let mut errors = Vec::new();
    let respondents = f.int("respondents").unwrap_or_default();
    if f.int("satisfied").is_some_and(|s| s > respondents) {
        errors.push(f.error("satisfied", Msg::AboveRespondents(respondents)));
    }
    Ok(checked(
        i.row(&KIND.target, i.same_named(&KIND.target))?,
        errors,
    ))
}
