//! Textbook provision per grade band: required and available copies, or the reported percentage.

use super::columns::*;
use super::{Entry, FactKind, Outcome, RowInput, RowScope, checked};
use crate::access::{Grant, Tier};
use crate::bulk::Target;
use crate::error::Result;
use crate::export::Export;
use crate::query::lookup::school_years;
use entity::textbook_provision;
use sea_orm::{ConnectionTrait, Order};

pub(super) static KIND: FactKind = FactKind {
    name: "textbooks",
    about: "Textbook provision of a school for a year and grade band.",
    columns,
    key_columns: &["school", "academic_year", "grade_band"],
    target: Target {
        table: "textbook_provision",
        columns: &[
            "school_id",
            "academic_year",
            "grade_band",
            "required",
            "available",
            "provision_pct",
        ],
        key: &["school_id", "academic_year", "grade_band"],
        year_column: Some("academic_year"),
    },
    tier: Some(Tier::Reported),
    scope: RowScope::School,
    names_of_people: &[],
    provenance: &[],
    export: Export::SameNamed,
    build: |i| Box::pin(build(i)),
    entry: Entry {
        mutation: "recordTextbookProvision",
        input: "TextbookProvisionInput",
        about: "Records a batch of textbook provision (one `TextbookProvisionInput` each); a repeated batch\n\
          changes nothing. Who may write: an admin, or a region, district or school token for schools\n\
          within its scope.",
        lists: &[],
    },
    messages: Check::samples,
};

fn columns() -> Vec<Col> {
    with_school_year(&[
        col(
            "grade_band",
            "класстар",
            "классы",
            Ty::Enum(&[
                ("all", &["баары", "все"]),
                ("1-4", &[]),
                ("5-9", &[]),
                ("10-12", &[]),
            ]),
            false,
            "all (default), 1-4, 5-9, 10-12",
        ),
        col(
            "required",
            "керек",
            "требуется",
            Ty::Int {
                min: 1,
                max: 10_000_000,
            },
            false,
            "textbooks required",
        ),
        col(
            "available",
            "бар",
            "в наличии",
            COUNT,
            false,
            "textbooks available",
        ),
        col(
            "provision_pct",
            "камсыздалышы %",
            "обеспеченность %",
            PCT,
            false,
            "when only the percentage is known",
        ),
    ])
}

async fn build(i: RowInput<'_>) -> Result<Outcome> {
    let f = i.f;
    let mut errors = Vec::new();
    let has_counts = f.int("required").is_some() && f.int("available").is_some();
    if !has_counts && f.num("provision_pct").is_none() {
        errors.push(f.error("provision_pct", Check::ProvisionMissing));
    }
    let values = i.school_year().into_iter().chain([
        ("grade_band", f.text_or("grade_band", "all")),
        ("required", f.value("required")),
        ("available", f.value("available")),
        ("provision_pct", f.value("provision_pct")),
    ]);
    Ok(checked(i.row(&KIND.target, values)?, errors))
}

// The profile read: the kind's rows of one school, behind a grant for the kind's tier.

/// Textbook provision rows, newest year first, then by grade band.
pub async fn read(
    db: &impl ConnectionTrait,
    grant: &Grant,
    year: Option<i32>,
) -> Result<Vec<textbook_provision::Model>> {
    grant.require(KIND.tier)?;
    school_years::<textbook_provision::Entity>(
        db,
        grant.school_id(),
        year,
        &[(textbook_provision::Column::GradeBand, Order::Asc)],
    )
    .await
}

crate::kind_messages! {
    /// What the checks of textbook provision say.
    pub enum Check {
        ProvisionMissing => [
            "керектүү жана бар китептердин санын же камсыздоо пайызын жазыңыз",
            "укажите число нужных и имеющихся учебников или процент обеспеченности",
            "give required and available, or the percentage",
        ],
    }
}
