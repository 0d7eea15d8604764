//! Awards a teacher received, by type, level and year.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "teacher_award")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub teacher_id: i32,
    pub award_type: String,
    pub level: Option<String>,
    pub year: i32,
    pub note: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::teacher::Entity",
        from = "Column::TeacherId",
        to = "super::teacher::Column::Id",
        on_delete = "Cascade"
    )]
    Teacher,
}

impl Related<super::teacher::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Teacher.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
