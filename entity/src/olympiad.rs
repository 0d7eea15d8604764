//! One stage (level) of one olympiad in one subject and academic year.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "olympiad")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub academic_year: i32,
    pub subject_id: i32,
    pub kind: String,
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
    #[sea_orm(
        belongs_to = "super::subject::Entity",
        from = "Column::SubjectId",
        to = "super::subject::Column::Id"
    )]
    Subject,
    #[sea_orm(has_many = "super::olympiad_result::Entity")]
    OlympiadResult,
}

impl Related<super::academic_year::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AcademicYear.def()
    }
}

impl Related<super::subject::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Subject.def()
    }
}

impl Related<super::olympiad_result::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::OlympiadResult.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
