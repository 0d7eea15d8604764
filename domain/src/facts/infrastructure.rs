//! Rooms, areas and equipment of a school in one year (criterion 4.1).

use super::columns::*;
use super::{Entry, FactKind, Outcome, RowInput, RowScope};
use crate::access::{Grant, Tier};
use crate::bulk::Target;
use crate::error::Result;
use crate::export::Export;
use crate::query::lookup::school_years;
use entity::infrastructure_snapshot;
use sea_orm::ConnectionTrait;

pub(super) static KIND: FactKind = FactKind {
    name: "infrastructure",
    about: "A school's buildings and equipment for a year (rooms, computers, sport, library, safety).",
    columns,
    key_columns: &["school", "academic_year"],
    target: Target {
        table: "infrastructure_snapshot",
        columns: &INFRASTRUCTURE_COLUMNS,
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
        mutation: "recordInfrastructureSnapshots",
        input: "InfrastructureSnapshotInput",
        about: "Records a batch of infrastructure snapshots (one `InfrastructureSnapshotInput` each); a\n\
          repeated batch changes nothing. Who may write: an admin, or a region, district or school\n\
          token for schools within its scope.",
        lists: &[],
    },
    messages: Vec::new,
};

fn columns() -> Vec<Col> {
    with_school_year(&INFRASTRUCTURE)
}

async fn build(i: RowInput<'_>) -> Result<Outcome> {
    Ok(Ok(i.row(&KIND.target, i.same_named(&KIND.target))?))
}

const INFRASTRUCTURE: [Col; 25] = [
    col(
        "classrooms",
        "класс бөлмөлөр",
        "классные комнаты",
        COUNT,
        false,
        "classrooms",
    ),
    col(
        "extracurricular_rooms",
        "класстан тышкаркы бөлмөлөр",
        "внеклассные помещения",
        COUNT,
        false,
        "rooms for extracurricular activities",
    ),
    col(
        "labs",
        "лабораториялар",
        "лаборатории",
        COUNT,
        false,
        "science laboratories",
    ),
    col(
        "computer_classes",
        "компьютер класстары",
        "компьютерные классы",
        COUNT,
        false,
        "computer classrooms",
    ),
    col(
        "computers",
        "компьютерлер",
        "компьютеры",
        COUNT,
        false,
        "desktop computers",
    ),
    col("laptops", "ноутбуктар", "ноутбуки", COUNT, false, "laptops"),
    col(
        "printers",
        "принтерлер",
        "принтеры",
        COUNT,
        false,
        "printers",
    ),
    col(
        "copiers",
        "көчүрмө аппараттар",
        "копиры",
        COUNT,
        false,
        "copiers",
    ),
    col(
        "projectors",
        "проекторлор",
        "проекторы",
        COUNT,
        false,
        "projectors",
    ),
    col(
        "interactive_boards",
        "интерактивдүү доскалар",
        "интерактивные доски",
        COUNT,
        false,
        "interactive boards",
    ),
    col(
        "internet_channels",
        "интернет байланыштары",
        "каналы интернета",
        COUNT,
        false,
        "internet connections (0: none)",
    ),
    col(
        "sport_halls",
        "спорт залдар",
        "спортзалы",
        COUNT,
        false,
        "sport halls",
    ),
    col(
        "sport_hall_area_m2",
        "спорт зал аянты м²",
        "площадь спортзала м²",
        Ty::Decimal {
            min: 0.0,
            max: 100_000.0,
        },
        false,
        "total sport hall area in square metres (e.g. 270,25)",
    ),
    col(
        "sport_grounds",
        "спорт аянтчалар",
        "спортплощадки",
        COUNT,
        false,
        "outdoor sport grounds",
    ),
    col(
        "sport_ground_area_m2",
        "спорт аянтча м²",
        "площадь спортплощадки м²",
        Ty::Decimal {
            min: 0.0,
            max: 1_000_000.0,
        },
        false,
        "total sport ground area in square metres",
    ),
    col(
        "libraries",
        "китепканалар",
        "библиотеки",
        COUNT,
        false,
        "libraries",
    ),
    col(
        "library_fund",
        "китеп фонду",
        "библиотечный фонд",
        COUNT,
        false,
        "books in the library fund",
    ),
    col(
        "reading_room_seats",
        "окуу залы орун",
        "мест в читальном зале",
        COUNT,
        false,
        "seats in the reading room",
    ),
    col(
        "medical_rooms",
        "медициналык бөлмө",
        "медкабинеты",
        COUNT,
        false,
        "medical rooms",
    ),
    col(
        "canteens",
        "ашканалар",
        "столовые",
        COUNT,
        false,
        "canteens",
    ),
    col(
        "cctv_cameras",
        "видео көзөмөл",
        "камеры видеонаблюдения",
        COUNT,
        false,
        "surveillance (CCTV) cameras",
    ),
    col(
        "toilets_indoor",
        "ички даараткана",
        "внутренние туалеты",
        COUNT,
        false,
        "indoor toilets",
    ),
    col(
        "toilets_outdoor",
        "тышкы даараткана",
        "уличные туалеты",
        COUNT,
        false,
        "outdoor toilets",
    ),
    col(
        "fire_boards",
        "өрт щиттери",
        "пожарные щиты",
        COUNT,
        false,
        "fire-fighting boards",
    ),
    col(
        "water_reservoirs",
        "суу сактагычтар",
        "резервуары воды",
        COUNT,
        false,
        "fire water reservoirs",
    ),
];

const INFRASTRUCTURE_COLUMNS: [&str; 27] = [
    "school_id",
    "academic_year",
    "classrooms",
    "extracurricular_rooms",
    "labs",
    "computer_classes",
    "computers",
    "laptops",
    "printers",
    "copiers",
    "projectors",
    "interactive_boards",
    "internet_channels",
    "sport_halls",
    "sport_hall_area_m2",
    "sport_grounds",
    "sport_ground_area_m2",
    "libraries",
    "library_fund",
    "reading_room_seats",
    "medical_rooms",
    "canteens",
    "cctv_cameras",
    "toilets_indoor",
    "toilets_outdoor",
    "fire_boards",
    "water_reservoirs",
];

// The profile read: the kind's rows of one school, behind a grant for the kind's tier.

/// Infrastructure snapshots, newest year first.
pub async fn read(
    db: &impl ConnectionTrait,
    grant: &Grant,
    year: Option<i32>,
) -> Result<Vec<infrastructure_snapshot::Model>> {
    grant.require(KIND.tier)?;
    school_years::<infrastructure_snapshot::Entity>(db, grant.school_id(), year, &[]).await
}
