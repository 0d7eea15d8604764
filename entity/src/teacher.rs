//! Teachers by the school's pseudonymous `teacher_ref`; `full_name` is optional and restricted.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "teacher")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub school_id: i32,
    pub teacher_ref: String,
    pub full_name: Option<String>,
    pub main_subject_id: Option<i32>,
    pub education_level: Option<String>,
    pub category: String,
    pub category_since: Option<i32>,
    pub hired_year: Option<i32>,
    pub left_year: Option<i32>,
    pub young_specialist: bool,
    pub mentor_id: Option<i32>,
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
        belongs_to = "super::subject::Entity",
        from = "Column::MainSubjectId",
        to = "super::subject::Column::Id"
    )]
    Subject,
    #[sea_orm(
        belongs_to = "Entity",
        from = "Column::MentorId",
        to = "Column::Id",
        on_delete = "SetNull"
    )]
    Mentor,
    #[sea_orm(has_many = "Entity", via_rel = "Relation::Mentor")]
    Mentees,
    #[sea_orm(has_many = "super::teacher_training_attendance::Entity")]
    TeacherTrainingAttendance,
    #[sea_orm(has_many = "super::teacher_award::Entity")]
    TeacherAward,
}

impl Related<super::school::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::School.def()
    }
}

impl Related<super::subject::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Subject.def()
    }
}

impl Related<super::teacher_training_attendance::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::TeacherTrainingAttendance.def()
    }
}

impl Related<super::teacher_award::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::TeacherAward.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
