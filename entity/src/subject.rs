//! School subjects by stable code, with their Kyrgyz, Russian and English names.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "subject")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub code: String,
    pub name_ky: String,
    pub name_ru: String,
    pub name_en: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::mark_summary::Entity")]
    MarkSummary,
    #[sea_orm(has_many = "super::reported_indicator::Entity")]
    ReportedIndicator,
    #[sea_orm(has_many = "super::ort_subject_score::Entity")]
    OrtSubjectScore,
    #[sea_orm(has_many = "super::olympiad::Entity")]
    Olympiad,
    #[sea_orm(has_many = "super::teacher::Entity")]
    Teacher,
}

impl Related<super::mark_summary::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::MarkSummary.def()
    }
}

impl Related<super::reported_indicator::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ReportedIndicator.def()
    }
}

impl Related<super::ort_subject_score::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::OrtSubjectScore.def()
    }
}

impl Related<super::olympiad::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Olympiad.def()
    }
}

impl Related<super::teacher::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Teacher.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
