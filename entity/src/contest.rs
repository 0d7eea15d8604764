//! Non-olympiad contests ("Манас таануу" …) by academic year and level.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "contest")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub academic_year: i32,
    pub name_ky: String,
    pub name_ru: Option<String>,
    pub name_en: Option<String>,
    pub category: String,
    pub level: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::academic_year::Entity",
        from = "Column::AcademicYear",
        to = "super::academic_year::Column::StartYear"
    )]
    AcademicYear,
    #[sea_orm(has_many = "super::contest_result::Entity")]
    ContestResult,
}

impl Related<super::academic_year::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AcademicYear.def()
    }
}

impl Related<super::contest_result::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ContestResult.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
