//! Which teachers attended a training programme, where the school keeps per-teacher records.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "teacher_training_attendance")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub teacher_training_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub teacher_id: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::teacher_training::Entity",
        from = "Column::TeacherTrainingId",
        to = "super::teacher_training::Column::Id",
        on_delete = "Cascade"
    )]
    TeacherTraining,
    #[sea_orm(
        belongs_to = "super::teacher::Entity",
        from = "Column::TeacherId",
        to = "super::teacher::Column::Id",
        on_delete = "Cascade"
    )]
    Teacher,
}

impl Related<super::teacher_training::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::TeacherTraining.def()
    }
}

impl Related<super::teacher::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Teacher.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
