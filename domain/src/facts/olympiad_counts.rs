//! Prize and participant counts per olympiad level as a school reports them (blank: not reported, `-`: none).

use super::columns::*;
use super::{Entry, FactKind, Outcome, RowInput, RowScope};
use crate::access::{Grant, Tier};
use crate::bulk::Target;
use crate::error::Result;
use crate::export::Export;
use crate::query::lookup::school_years;
use entity::olympiad_count_report;
use sea_orm::{ConnectionTrait, Order};

pub(super) static KIND: FactKind = FactKind {
    name: "olympiad-counts",
    about: "Prize and participant counts a school reports per olympiad level.",
    columns,
    key_columns: &["school", "academic_year", "level"],
    target: Target {
        table: "olympiad_count_report",
        columns: &[
            "school_id",
            "academic_year",
            "level",
            "prize_count",
            "participant_count",
            "note",
        ],
        key: &["school_id", "academic_year", "level"],
        year_column: Some("academic_year"),
    },
    tier: Some(Tier::Reported),
    scope: RowScope::School,
    names_of_people: &[],
    provenance: &[],
    export: Export::SameNamed,
    build: |i| Box::pin(build(i)),
    entry: Entry {
        mutation: "recordOlympiadCounts",
        input: "OlympiadCountInput",
        about: "Records a batch of olympiad counts (one `OlympiadCountInput` each); a repeated batch changes\n\
          nothing. Who may write: an admin, or a region, district or school token for schools within\n\
          its scope.",
        lists: &[],
    },
    messages: Vec::new,
};

fn columns() -> Vec<Col> {
    with_school_year(&[
        col(
            "level",
            "деңгээл",
            "уровень",
            LEVEL,
            true,
            "zonal, district, oblast, … (зоналык, райондук, облустук …)",
        ),
        col(
            "prize_count",
            "байге алгандар",
            "призёры",
            COUNT,
            false,
            "\"-\" = none; blank = not reported",
        ),
        col(
            "participant_count",
            "катышуучулар",
            "участники",
            COUNT,
            false,
            "pupils who took part at the level; blank: not reported",
        ),
        col(
            "note",
            "эскертүү",
            "примечание",
            Ty::Text { max: 500 },
            false,
            "a remark, kept as written",
        ),
    ])
}

async fn build(i: RowInput<'_>) -> Result<Outcome> {
    let f = i.f;
    let values = i
        .school_year()
        .into_iter()
        .chain(["level", "prize_count", "participant_count", "note"].map(|c| (c, f.value(c))));
    Ok(Ok(i.row(&KIND.target, values)?))
}

// The profile read: the kind's rows of one school, behind a grant for the kind's tier.

/// Olympiad prize counts a school reported, newest year first.
pub async fn read(
    db: &impl ConnectionTrait,
    grant: &Grant,
    year: Option<i32>,
) -> Result<Vec<olympiad_count_report::Model>> {
    grant.require(KIND.tier)?;
    school_years::<olympiad_count_report::Entity>(
        db,
        grant.school_id(),
        year,
        &[(olympiad_count_report::Column::Level, Order::Asc)],
    )
    .await
}
