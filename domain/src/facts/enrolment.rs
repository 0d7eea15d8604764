//! Enrolment of a school in one year: pupils, intake and movement.

use super::columns::*;
use super::{Entry, FactKind, Outcome, RowInput, RowScope};
use crate::access::{Grant, Tier};
use crate::bulk::Target;
use crate::error::Result;
use crate::export::Export;
use crate::query::lookup;
use crate::query::lookup::school_years;
use entity::{enrolment_grade, enrolment_snapshot};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

pub(super) static KIND: FactKind = FactKind {
    name: "enrolment",
    about: "A school's enrolment figures for a year (pupils, shifts, intake, leavers).",
    columns,
    key_columns: &["school", "academic_year"],
    target: Target {
        table: "enrolment_snapshot",
        columns: &[
            "school_id",
            "academic_year",
            "enrolment",
            "shifts",
            "class_sets",
            "first_grade_intake",
            "preparatory_intake",
            "left_mid_year",
            "leavers_after_grade9",
        ],
        key: &["school_id", "academic_year"],
        year_column: Some("academic_year"),
    },
    tier: Some(Tier::Reported),
    scope: RowScope::School,
    names_of_people: &[],
    provenance: &[],
    export: Export::SameNamed,
    build: |i| Box::pin(build(i)),
    entry: Entry {
        mutation: "recordEnrolmentSnapshots",
        input: "EnrolmentSnapshotInput",
        about: "Records a batch of enrolment snapshots (one `EnrolmentSnapshotInput` each); a repeated batch\n\
          changes nothing. Who may write: an admin, or a region, district or school token for schools\n\
          within its scope.",
        lists: &[],
    },
    messages: Vec::new,
};

fn columns() -> Vec<Col> {
    with_school_year(&[
        col(
            "enrolment",
            "окуучулардын саны",
            "контингент",
            PUPILS,
            true,
            "pupils",
        ),
        col(
            "shifts",
            "сменалар",
            "смены",
            Ty::Int { min: 1, max: 3 },
            false,
            "1..3",
        ),
        col(
            "class_sets",
            "класс комплект",
            "класс-комплекты",
            COUNT,
            false,
            "classes (class sets) the school runs",
        ),
        col(
            "first_grade_intake",
            "1-класска кабыл алынгандар",
            "приём в 1 класс",
            PUPILS,
            false,
            "pupils admitted to grade 1",
        ),
        col(
            "preparatory_intake",
            "даярдоо классы",
            "подготовительный класс",
            COUNT,
            false,
            "pupils admitted to the preparatory class",
        ),
        col(
            "left_mid_year",
            "жыл ичинде кеткендер",
            "выбыли в течение года",
            COUNT,
            false,
            "pupils who left during the year",
        ),
        col(
            "leavers_after_grade9",
            "9-класстан кийин кеткендер",
            "ушли после 9 класса",
            COUNT,
            false,
            "pupils who left after grade 9",
        ),
    ])
}

async fn build(i: RowInput<'_>) -> Result<Outcome> {
    let f = i.f;
    let mut errors = Vec::new();
    if let (Some(first), Some(total)) = (f.int("first_grade_intake"), f.int("enrolment"))
        && first > total
    {
        errors.push(f.error(
            "first_grade_intake",
            crate::messages::Msg::AboveEnrolled(total),
        ));
    }
    i.same_named_row(&KIND.target, errors)
}

// The profile read: the kind's rows of one school, behind a grant for the kind's tier.

/// An enrolment snapshot with its per-grade counts.
#[derive(Debug, Clone)]
pub struct Enrolment {
    pub snapshot: enrolment_snapshot::Model,
    pub grades: Vec<enrolment_grade::Model>,
}

/// Enrolment snapshots of a school, newest year first (of one year when `year` is given).
pub async fn read(
    db: &impl ConnectionTrait,
    grant: &Grant,
    year: Option<i32>,
) -> Result<Vec<Enrolment>> {
    grant.require(KIND.tier)?;
    let snapshots =
        school_years::<enrolment_snapshot::Entity>(db, grant.school_id(), year, &[]).await?;
    let ids: Vec<i32> = snapshots.iter().map(|s| s.id).collect();
    let mut grades = if ids.is_empty() {
        HashMap::new()
    } else {
        lookup::grouped(
            enrolment_grade::Entity::find()
                .filter(enrolment_grade::Column::EnrolmentSnapshotId.is_in(ids))
                .order_by_asc(enrolment_grade::Column::Grade)
                .all(db)
                .await?,
            |g| g.enrolment_snapshot_id,
        )
    };
    Ok(snapshots
        .into_iter()
        .map(|snapshot| Enrolment {
            grades: grades.remove(&snapshot.id).unwrap_or_default(),
            snapshot,
        })
        .collect())
}
