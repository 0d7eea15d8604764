//! One class (grade + letter) of a school in one academic year; `enrolled` is the class list size.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "class_group")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub school_id: i32,
    pub academic_year: i32,
    pub grade: i32,
    pub letter: String,
    pub language: Option<String>,
    pub enrolled: Option<i32>,
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
    #[sea_orm(has_many = "super::mark_summary::Entity")]
    MarkSummary,
    #[sea_orm(has_many = "super::class_outcome::Entity")]
    ClassOutcome,
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

impl Related<super::mark_summary::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::MarkSummary.def()
    }
}

impl Related<super::class_outcome::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ClassOutcome.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
