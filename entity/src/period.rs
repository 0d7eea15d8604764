//! Periods of an academic year: quarters 1-4, half-years 1-2 and the annual result (`year`).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "period")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub academic_year: i32,
    pub kind: String,
    pub idx: i32,
    pub start_date: Option<Date>,
    pub end_date: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
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
    #[sea_orm(has_many = "super::reported_indicator::Entity")]
    ReportedIndicator,
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

impl Related<super::reported_indicator::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ReportedIndicator.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
