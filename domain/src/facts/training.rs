//! Training programmes the school's teachers attended in a year.

use super::columns::*;
use super::{Entry, FactKind, Outcome, RowInput, RowScope};
use crate::access::{Grant, Tier};
use crate::bulk::Target;
use crate::error::Result;
use crate::export::Export;
use crate::query::lookup::school_years;
use entity::teacher_training;
use sea_orm::{ConnectionTrait, Order};

pub(super) static KIND: FactKind = FactKind {
    name: "training",
    about: "Teachers of a school who attended a training programme in a year.",
    columns,
    key_columns: &["school", "academic_year", "programme_name_ky", "provider"],
    target: Target {
        table: "teacher_training",
        columns: &[
            "school_id",
            "academic_year",
            "programme_name_ky",
            "programme_name_ru",
            "provider",
            "hours",
            "participants",
        ],
        key: &[
            "school_id",
            "academic_year",
            "programme_name_ky",
            "provider",
        ],
        year_column: Some("academic_year"),
    },
    tier: Some(Tier::Reported),
    scope: RowScope::School,
    names_of_people: &[],
    provenance: &[],
    export: Export::SameNamed,
    build: |i| Box::pin(build(i)),
    entry: Entry {
        mutation: "recordTraining",
        input: "TrainingInput",
        about: "Records a batch of training (one `TrainingInput` each); a repeated batch changes nothing.\n\
          Who may write: an admin, or a region, district or school token for schools within its scope.",
        lists: &[],
    },
    messages: Vec::new,
};

/// Who ran a programme (part of its natural key; default `other`).
pub(super) const PROVIDER: Ty = Ty::Enum(&[
    ("ripk", &["рипк", "республикалык институт"]),
    (
        "kae",
        &[
            "кбба",
            "кыргыз билим берүү академиясы",
            "кыргызская академия образования",
        ],
    ),
    (
        "oblast_institute",
        &["омбөи", "облустук институт", "областной институт"],
    ),
    ("university", &["университет"]),
    (
        "ngo_international",
        &["эл аралык уюм", "международная организация"],
    ),
    ("school", &["мектеп", "школа"]),
    ("other", &["башка", "другое"]),
]);

fn columns() -> Vec<Col> {
    with_school_year(&[
        col(
            "programme_name_ky",
            "программа (кыргызча)",
            "программа (кыргызская)",
            Ty::Name,
            true,
            "the programme's name in Kyrgyz",
        ),
        col(
            "programme_name_ru",
            "программа (орусча)",
            "программа (русская)",
            Ty::Name,
            false,
            "the programme's name in Russian, if it has one",
        ),
        col(
            "provider",
            "уюштуруучу",
            "организатор",
            PROVIDER,
            false,
            "default: other",
        ),
        col(
            "hours",
            "саат",
            "часы",
            Ty::Int { min: 1, max: 2000 },
            false,
            "the programme's length in academic hours",
        ),
        col(
            "participants",
            "катышуучулар",
            "участники",
            COUNT,
            true,
            "teachers who attended",
        ),
    ])
}

async fn build(i: RowInput<'_>) -> Result<Outcome> {
    let f = i.f;
    let values = i.school_year().into_iter().chain([
        ("programme_name_ky", f.value("programme_name_ky")),
        ("programme_name_ru", f.value("programme_name_ru")),
        ("provider", f.text_or("provider", "other")),
        ("hours", f.value("hours")),
        ("participants", f.value("participants")),
    ]);
    Ok(Ok(i.row(&KIND.target, values)?))
}

// The profile read: the kind's rows of one school, behind a grant for the kind's tier.

/// Training programmes a school's teachers attended, newest year first.
pub async fn read(
    db: &impl ConnectionTrait,
    grant: &Grant,
    year: Option<i32>,
) -> Result<Vec<teacher_training::Model>> {
    grant.require(KIND.tier)?;
    school_years::<teacher_training::Entity>(
        db,
        grant.school_id(),
        year,
        &[(teacher_training::Column::ProgrammeNameKy, Order::Asc)],
    )
    .await
}
