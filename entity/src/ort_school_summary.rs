//! What a school knows about its ORT cohort when it has no per-student rows.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "ort_school_summary")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub school_id: i32,
    pub academic_year: i32,
    pub session: String,
    pub test_language: String,
    pub participants: i32,
    pub mean_score: Option<f64>,
    pub median_score: Option<f64>,
    pub max_score: Option<i32>,
    pub min_score: Option<i32>,
    pub main_max: i32,
    pub threshold: Option<i32>,
    pub n_ge_threshold: Option<i32>,
    pub gold_certificates: Option<i32>,
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

impl ActiveModelBehavior for ActiveModel {}
