//! A school's rooms and equipment counts for one academic year (NULL = not reported).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "infrastructure_snapshot")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub school_id: i32,
    pub academic_year: i32,
    pub classrooms: Option<i32>,
    pub extracurricular_rooms: Option<i32>,
    pub labs: Option<i32>,
    pub computer_classes: Option<i32>,
    pub computers: Option<i32>,
    pub laptops: Option<i32>,
    pub printers: Option<i32>,
    pub copiers: Option<i32>,
    pub projectors: Option<i32>,
    pub interactive_boards: Option<i32>,
    pub internet_channels: Option<i32>,
    pub sport_halls: Option<i32>,
    pub sport_hall_area_m2: Option<f64>,
    pub sport_grounds: Option<i32>,
    pub sport_ground_area_m2: Option<f64>,
    pub libraries: Option<i32>,
    pub library_fund: Option<i32>,
    pub reading_room_seats: Option<i32>,
    pub medical_rooms: Option<i32>,
    pub canteens: Option<i32>,
    pub cctv_cameras: Option<i32>,
    pub toilets_indoor: Option<i32>,
    pub toilets_outdoor: Option<i32>,
    pub fire_boards: Option<i32>,
    pub water_reservoirs: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::school::Entity",
        from = "Column::SchoolId",
        to = "super::school::Column::Id",
        on_delete = "Cascade"
    )]
    School,
    #[sea_orm(
        belongs_to = "super::academic_year::Entity",
        from = "Column::AcademicYear",
        to = "super::academic_year::Column::StartYear"
    )]
    AcademicYear,
}

impl Related<super::school::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::School.def()
    }
}

impl Related<super::academic_year::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AcademicYear.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
