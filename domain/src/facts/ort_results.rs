//! One ORT taker's scores (pseudonymous), from the cohort or a top-scorer list; a score is checked against the maximum in force.

use super::columns::*;
use super::{Entry, FactKind, Outcome, RowInput, RowScope, checked};
use crate::access::{Grant, Tier};
use crate::bulk::Target;
use crate::error::Result;
use crate::export::Export;
use crate::query::lookup;
use crate::query::lookup::school_years;
use entity::{ort_result, ort_subject_score, subject};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, Order, QueryFilter, Value};

pub(super) static KIND: FactKind = FactKind {
    name: "ort-results",
    about: "One graduate's ORT (national scholarship test) result, by pseudonymous reference.",
    columns,
    key_columns: &["school", "academic_year", "session", "student_ref"],
    target: Target {
        table: "ort_result",
        columns: &[
            "school_id",
            "academic_year",
            "session",
            "student_ref",
            "listing",
            "test_language",
            "main_score",
            "main_max",
            "state_lang_level",
            "gold_certificate",
        ],
        key: &["school_id", "academic_year", "session", "student_ref"],
        year_column: Some("academic_year"),
    },
    tier: Some(Tier::People),
    scope: RowScope::School,
    names_of_people: &[],
    provenance: &[],
    export: Export::SameNamed,
    build: |i| Box::pin(build(i)),
    entry: Entry {
        mutation: "recordOrtResults",
        input: "OrtResultInput",
        about: "Records a batch of ort results (one `OrtResultInput` each); a repeated batch changes\n\
          nothing. Who may write: an admin, or a region, district or school token for schools within\n\
          its scope.",
        lists: &[],
    },
    messages: Vec::new,
};

fn columns() -> Vec<Col> {
    with_school_year(&[
        col(
            "session",
            "сессия",
            "сессия",
            SESSION,
            false,
            "summer (default) or winter",
        ),
        col(
            "student_ref",
            "окуучунун коду",
            "код ученика",
            Ty::Text { max: 64 },
            true,
            "pseudonymous reference, never a name",
        ),
        col(
            "listing",
            "тизме",
            "список",
            Ty::Enum(&[
                ("cohort", &["бардыгы", "все"]),
                ("top_scorers", &["мыктылар", "лучшие"]),
            ]),
            false,
            "cohort (default) or top_scorers",
        ),
        col(
            "test_language",
            "тест тили",
            "язык теста",
            Ty::Enum(&[
                ("ky", &["кыргыз", "кыргызский"]),
                ("ru", &["орус", "русский"]),
                ("uz", &["өзбек", "узбекский"]),
            ]),
            false,
            "ky, ru or uz: the language the test was taken in",
        ),
        col(
            "main_score",
            "негизги тест",
            "основной тест",
            Ty::Int { min: 0, max: 1000 },
            true,
            "main-test score (at most the configured maximum)",
        ),
        col(
            "state_lang_level",
            "мамлекеттик тил деңгээли",
            "уровень госязыка",
            Ty::Enum(&[
                ("high", &["жогорку", "высокий"]),
                ("above_intermediate", &["орточодон жогору", "выше среднего"]),
                ("intermediate", &["орточо", "средний"]),
                ("below_intermediate", &["орточодон төмөн", "ниже среднего"]),
            ]),
            false,
            "high, above_intermediate, intermediate or below_intermediate (the state-language test's level)",
        ),
        col(
            "gold_certificate",
            "алтын сертификат",
            "золотой сертификат",
            Ty::Bool,
            false,
            "yes/no",
        ),
    ])
}

async fn build(i: RowInput<'_>) -> Result<Outcome> {
    let f = i.f;
    let mut errors = Vec::new();
    let score = f.int("main_score").unwrap_or_default();
    if score > i64::from(i.ctx.ort_main_max) {
        errors.push(f.error(
            "main_score",
            crate::messages::Msg::AboveOrtMax(i64::from(i.ctx.ort_main_max)),
        ));
    }
    let values = i.school_year().into_iter().chain([
        ("session", f.text_or("session", "summer")),
        ("student_ref", f.value("student_ref")),
        ("listing", f.text_or("listing", "cohort")),
        ("test_language", f.value("test_language")),
        ("main_score", f.value("main_score")),
        ("main_max", Value::Int(Some(i.ctx.ort_main_max))),
        ("state_lang_level", f.value("state_lang_level")),
        (
            "gold_certificate",
            Value::Bool(Some(f.flag("gold_certificate"))),
        ),
    ]);
    Ok(checked(i.row(&KIND.target, values)?, errors))
}

// The profile read: the kind's rows of one school, behind a grant for the kind's tier.

/// One pseudonymous ORT taker with subject scores.
#[derive(Debug, Clone)]
pub struct OrtResultRow {
    pub result: ort_result::Model,
    pub subjects: Vec<(ort_subject_score::Model, subject::Model)>,
}

/// ORT results of a school (three statements), newest year first, best score first.
pub async fn read(
    db: &impl ConnectionTrait,
    grant: &Grant,
    year: Option<i32>,
) -> Result<Vec<OrtResultRow>> {
    grant.require(KIND.tier)?;
    let results = school_years::<ort_result::Entity>(
        db,
        grant.school_id(),
        year,
        &[
            (ort_result::Column::MainScore, Order::Desc),
            (ort_result::Column::StudentRef, Order::Asc),
        ],
    )
    .await?;
    let ids: Vec<i64> = results.iter().map(|r| r.id).collect();
    let scores = if ids.is_empty() {
        Vec::new()
    } else {
        ort_subject_score::Entity::find()
            .filter(ort_subject_score::Column::OrtResultId.is_in(ids))
            .all(db)
            .await?
    };
    let subjects = lookup::subjects(db, scores.iter().map(|s| s.subject_id).collect()).await?;
    let mut by_result = lookup::grouped(scores, |s| s.ort_result_id);
    Ok(results
        .into_iter()
        .map(|result| OrtResultRow {
            subjects: by_result
                .remove(&result.id)
                .unwrap_or_default()
                .into_iter()
                .filter_map(|s| Some((s.clone(), subjects.get(&s.subject_id)?.clone())))
                .collect(),
            result,
        })
        .collect())
}
