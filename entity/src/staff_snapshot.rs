//! The yearly staff counts a school reports when it keeps no per-teacher records.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "staff_snapshot")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub school_id: i32,
    pub academic_year: i32,
    pub teachers_total: i32,
    pub with_higher_ed: Option<i32>,
    pub with_award_excellence: Option<i32>,
    pub category_none: Option<i32>,
    pub category_second: Option<i32>,
    pub category_first: Option<i32>,
    pub category_highest: Option<i32>,
    pub young_teachers: Option<i32>,
    pub mentors: Option<i32>,
    pub trained_this_year: Option<i32>,
    pub trained_last_5y: Option<i32>,
    pub over_rate_teachers: Option<i32>,
    pub vacancies: Option<i32>,
    pub ict_competent_pct: Option<f64>,
    pub interactive_board_pct: Option<f64>,
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
