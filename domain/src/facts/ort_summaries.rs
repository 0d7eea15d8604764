//! A school's ORT figures per session and test language when only the summary is known.

use super::columns::*;
use super::{Entry, FactKind, Outcome, RowInput, RowScope, checked};
use crate::access::{Grant, Tier};
use crate::bulk::Target;
use crate::error::Result;
use crate::export::Export;
use crate::messages::Msg;
use crate::query::lookup::school_years;
use entity::ort_school_summary;
use sea_orm::{ConnectionTrait, Order, Value};

pub(super) static KIND: FactKind = FactKind {
    name: "ort-summaries",
    about: "A school's ORT statistics for a year, session and test language.",
    columns,
    key_columns: &["school", "academic_year", "session", "test_language"],
    target: Target {
        table: "ort_school_summary",
        columns: &[
            "school_id",
            "academic_year",
            "session",
            "test_language",
            "participants",
            "mean_score",
            "median_score",
            "max_score",
            "min_score",
            "main_max",
            "threshold",
            "n_ge_threshold",
            "gold_certificates",
        ],
        key: &["school_id", "academic_year", "session", "test_language"],
        year_column: Some("academic_year"),
    },
    tier: Some(Tier::Reported),
    scope: RowScope::School,
    names_of_people: &[],
    provenance: &[],
    export: Export::SameNamed,
    build: |i| Box::pin(build(i)),
    entry: Entry {
        mutation: "recordOrtSummaries",
        input: "OrtSummaryInput",
        about: "Records a batch of ort summaries (one `OrtSummaryInput` each); a repeated batch changes\n\
          nothing. Who may write: an admin, or a region, district or school token for schools within\n\
          its scope.",
        lists: &[],
    },
    messages: Check::samples,
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
            "test_language",
            "тест тили",
            "язык теста",
            Ty::Enum(&[
                ("all", &["баары", "все"]),
                ("ky", &["кыргыз"]),
                ("ru", &["орус", "русский"]),
                ("uz", &["өзбек"]),
            ]),
            false,
            "all (default), ky, ru, uz",
        ),
        col(
            "participants",
            "катышуучулар",
            "участники",
            COUNT,
            true,
            "graduates who sat the test",
        ),
        col(
            "mean_score",
            "орточо балл",
            "средний балл",
            Ty::Decimal {
                min: 0.0,
                max: 1000.0,
            },
            false,
            "the mean main score, in ORT points",
        ),
        col(
            "median_score",
            "медиана",
            "медиана",
            Ty::Decimal {
                min: 0.0,
                max: 1000.0,
            },
            false,
            "the median main score, in ORT points",
        ),
        col(
            "max_score",
            "эң жогорку балл",
            "максимальный балл",
            Ty::Int { min: 0, max: 1000 },
            false,
            "the highest main score, in ORT points",
        ),
        col(
            "min_score",
            "эң төмөнкү балл",
            "минимальный балл",
            Ty::Int { min: 0, max: 1000 },
            false,
            "the lowest main score, in ORT points",
        ),
        col(
            "threshold",
            "босого балл",
            "пороговый балл",
            Ty::Int { min: 0, max: 1000 },
            false,
            "the threshold n_ge_threshold counts against",
        ),
        col(
            "n_ge_threshold",
            "босогодон өткөндөр",
            "набрали порог",
            COUNT,
            false,
            "participants scoring at or above the threshold",
        ),
        col(
            "gold_certificates",
            "алтын сертификаттар",
            "золотые сертификаты",
            COUNT,
            false,
            "participants holding the gold certificate",
        ),
    ])
}

async fn build(i: RowInput<'_>) -> Result<Outcome> {
    let f = i.f;
    let mut errors = Vec::new();
    let participants = f.int("participants").unwrap_or_default();
    let max = i64::from(i.ctx.ort_main_max);
    for c in ["max_score", "min_score"] {
        if f.int(c).is_some_and(|v| v > max) {
            errors.push(f.error(c, Msg::AboveOrtMax(max)));
        }
    }
    for c in ["mean_score", "median_score"] {
        if f.num(c).is_some_and(|v| v > max as f64) {
            errors.push(f.error(c, Msg::AboveOrtMax(max)));
        }
    }
    if let (Some(lo), Some(hi)) = (f.int("min_score"), f.int("max_score"))
        && lo > hi
    {
        errors.push(f.error("min_score", Check::LowestAboveHighest));
    }
    for c in ["n_ge_threshold", "gold_certificates"] {
        if f.int(c).is_some_and(|v| v > participants) {
            errors.push(f.error(c, Check::AboveParticipants(participants)));
        }
    }
    if f.int("n_ge_threshold").is_some() && f.int("threshold").is_none() {
        errors.push(f.error("threshold", Check::ThresholdMissing));
    }
    let values = i.school_year().into_iter().chain([
        ("session", f.text_or("session", "summer")),
        ("test_language", f.text_or("test_language", "all")),
        ("participants", f.value("participants")),
        ("mean_score", f.value("mean_score")),
        ("median_score", f.value("median_score")),
        ("max_score", f.value("max_score")),
        ("min_score", f.value("min_score")),
        ("main_max", Value::Int(Some(i.ctx.ort_main_max))),
        ("threshold", f.value("threshold")),
        ("n_ge_threshold", f.value("n_ge_threshold")),
        ("gold_certificates", f.value("gold_certificates")),
    ]);
    Ok(checked(i.row(&KIND.target, values)?, errors))
}

// The profile read: the kind's rows of one school, behind a grant for the kind's tier.

/// ORT summaries of a school, newest year first.
pub async fn read(
    db: &impl ConnectionTrait,
    grant: &Grant,
    year: Option<i32>,
) -> Result<Vec<ort_school_summary::Model>> {
    grant.require(KIND.tier)?;
    school_years::<ort_school_summary::Entity>(
        db,
        grant.school_id(),
        year,
        &[
            (ort_school_summary::Column::Session, Order::Asc),
            (ort_school_summary::Column::TestLanguage, Order::Asc),
        ],
    )
    .await
}

crate::kind_messages! {
    /// What the checks of ORT school summaries say.
    pub enum Check {
        /// More than the participants (this many).
        AboveParticipants(n: i64 = 10) => [
            format!("{n} катышуучудан көп"),
            format!("больше {n} участников"),
            format!("is more than the {n} participants"),
        ],
        LowestAboveHighest => [
            "эң төмөнкү балл эң жогорку баллдан жогору",
            "наименьший балл выше наибольшего",
            "the lowest score is above the highest",
        ],
        ThresholdMissing => [
            "босогодон өткөндөрдүн саны бар, бирок босого балл жазылган эмес",
            "указано число набравших не ниже порога, но не указан сам порог",
            "give the threshold that n_ge_threshold counts against",
        ],
    }
}
