//! An ORT taker's score on one subject test, with the maximum where known.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "ort_subject_score")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub ort_result_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub subject_id: i32,
    pub score: i32,
    pub max_score: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::ort_result::Entity",
        from = "Column::OrtResultId",
        to = "super::ort_result::Column::Id",
        on_delete = "Cascade"
    )]
    OrtResult,
    #[sea_orm(
        belongs_to = "super::subject::Entity",
        from = "Column::SubjectId",
        to = "super::subject::Column::Id"
    )]
    Subject,
}

impl Related<super::ort_result::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::OrtResult.def()
    }
}

impl Related<super::subject::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Subject.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
