//! A ready-made percentage a school reports, used only where raw counts are absent.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "reported_indicator")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub school_id: i32,
    pub period_id: i32,
    pub indicator: String,
    pub scope: String,
    pub grade: Option<i32>,
    pub subject_id: Option<i32>,
    pub scope_key: String,
    pub value: f64,
    pub source: String,
    pub source_note: Option<String>,
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
        belongs_to = "super::period::Entity",
        from = "Column::PeriodId",
        to = "super::period::Column::Id"
    )]
    Period,
    #[sea_orm(
        belongs_to = "super::subject::Entity",
        from = "Column::SubjectId",
        to = "super::subject::Column::Id"
    )]
    Subject,
}

impl Related<super::school::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::School.def()
    }
}

impl Related<super::period::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Period.def()
    }
}

impl Related<super::subject::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Subject.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
