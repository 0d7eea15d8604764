//! One pseudonymous ORT taker's main-test result, with the maximum it was validated against.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "ort_result")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub school_id: i32,
    pub academic_year: i32,
    pub session: String,
    pub student_ref: String,
    pub listing: String,
    pub test_language: Option<String>,
    pub main_score: i32,
    pub main_max: i32,
    pub state_lang_level: Option<String>,
    pub gold_certificate: bool,
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
    #[sea_orm(has_many = "super::ort_subject_score::Entity")]
    OrtSubjectScore,
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

impl Related<super::ort_subject_score::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::OrtSubjectScore.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
