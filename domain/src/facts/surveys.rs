//! Satisfaction surveys of parents, pupils or teachers (seed 000): how many answered and how
//! many of them were satisfied, per school, year and audience.

use super::columns::*;
use super::{Entry, FactKind, Outcome, RowInput, RowScope};
use crate::access::Tier;
use crate::bulk::Target;
use crate::error::Result;
use crate::export::Export;

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
    messages: Check::samples,
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
        errors.push(f.error("satisfied", Check::AboveRespondents(respondents)));
    }
    i.same_named_row(&KIND.target, errors)
}

crate::kind_messages! {
    /// What the checks of surveys say.
    pub enum Check {
        /// More than the respondents (this many).
        AboveRespondents(n: i64 = 30) => [
            format!("жооп берген {n} адамдан көп"),
            format!("больше, чем ответивших ({n})"),
            format!("is more than the {n} who answered"),
        ],
    }
}
